#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Evidence on read-only media (issue 10, docs/storage.md): every reading
# command works on a write-blocked copy of the demo case and prints what
# it prints on the writable original, byte for byte; no reader makes or
# leaves a file beside the case; a case of an older version, which must
# be converted or upgraded before it is read, is refused there saying
# what to do; a read by another user does not lock the owner out.
#
# Write-blocked means a read-only bind mount in a user namespace
# (unshare -rm), which blocks root too. Without namespaces, chmod blocks
# a user other than root; as root without namespaces nothing here can
# block a write, so those checks are skipped, saying so
# (tests/check_store.c makes the same checks through SQLite itself).
. "$(dirname "$0")/lib.sh"

W="$T_TMP/W/case"   # the writable original
R="$T_TMP/R/case"   # the copy made read-only
mkdir -p "$W" "$R" || exit 2
(cd "$T_TMP" && PROCEEDS_DEMO_DIR="$PR_FIXTURES/demo" \
	"$PROCEEDS" demo --out demo >/dev/null 2>&1) || {
	echo "cannot build the demo case"
	exit 2
}
cp "$T_TMP/demo/demo.case" "$W/case.prcd"
cp "$T_TMP/demo/demo.case" "$R/case.prcd"
cp "$PR_FIXTURES/store/case-v6.db" "$R/v6.prcd"
cp "$PR_FIXTURES/store/case-v1.db" "$R/v1.prcd"
"$PROCEEDS" -C "$T_TMP/n.prcd" init >"$T_TMP/init" 2>&1
schema=$(sed -n 's/.*(schema version \([0-9]*\))$/\1/p' "$T_TMP/init")

# ro_run CMD...: CMD in a mount namespace where $R is mounted read-only,
# from the same directory (entered again, so that it is the mount's)
ro_run() {
	unshare -rm sh -c 'mount --bind "$1" "$1" &&
		mount -o remount,bind,ro "$1" && cd "$PWD" || exit 125
		shift; exec "$@"' ro_run "$R" "$@"
}

if ro_run sh -c '! touch "$1/probe" 2>/dev/null' sh "$R" 2>/dev/null; then
	how=namespace
	wrap=ro_run
elif [ "$(id -u)" != 0 ]; then
	how=chmod
	wrap=
else
	how=
	echo "SKIP: the read-only checks: running as root without user" \
		"namespaces (unshare -rm), nothing can make a directory" \
		"read-only for root"
fi

# Every reading command, one per line, run from the case's directory.
# The exhibit directory is outside it; verify checks that directory.
cmds='documents
log
log --verify
reconcile
reconcile --format json
flows
flows --joined --format csv
wires
parties
trace
trace --compare --format csv
trace --lineage bc1qvu7xgr0nd2kjc2n8s2r37wtm3zaexs24hqp2cz
schedule
schedule --format json
restitution
restitution --format csv
remission
exhibit --out ../ex
verify ../ex'

# run_all SIDE: every command on the case in $T_TMP/SIDE/case, its exit
# code, stdout and stderr kept as $T_TMP/SIDE.N.{rc,out,err}
run_all() {
	n=0
	while read -r line; do
		n=$((n + 1))
		# shellcheck disable=SC2086 # the arguments are words
		(cd "$T_TMP/$1/case" && pr -C case.prcd $line
		 echo "$T_RC" >"$T_TMP/$1.$n.rc"
		 cp "$T_OUT" "$T_TMP/$1.$n.out"
		 cp "$T_ERR" "$T_TMP/$1.$n.err")
	done <<EOF
$cmds
EOF
}

# The writable original: every command, and no file left beside it
# (WAL left case.prcd-wal and case.prcd-shm).
run_all W
n=0
while read -r line; do
	n=$((n + 1))
	T_RC=$(cat "$T_TMP/W.$n.rc")
	T_OUT="$T_TMP/W.$n.out"
	T_ERR="$T_TMP/W.$n.err"
	expect_rc "$line" 0
done <<EOF
$cmds
EOF
# listing DIR NAME...: compare the files in DIR with NAME... (T_OUT and
# $T_TMP/listing.want)
listing() {
	_dir=$1
	shift
	ls -A "$_dir" >"$T_TMP/listing"
	printf '%s\n' "$@" >"$T_TMP/listing.want"
	T_OUT="$T_TMP/listing"
	T_ERR=/dev/null
}
listing "$W" case.prcd
expect_out_file "nothing left beside the writable case" \
	"$T_TMP/listing.want"

if [ -n "$how" ]; then
	before=$(cd "$R" && ls -lA --time-style=+%s)
	[ "$how" = chmod ] && chmod a-w "$R" "$R"/*
	PR_WRAP=$wrap
	run_all R
	n=0
	while read -r line; do
		n=$((n + 1))
		T_RC=$(cat "$T_TMP/R.$n.rc")
		expect_rc "read-only: $line" "$(cat "$T_TMP/W.$n.rc")"
		T_OUT="$T_TMP/R.$n.out"
		expect_out_file "read-only: $line: stdout" "$T_TMP/W.$n.out"
		T_OUT="$T_TMP/R.$n.err"
		expect_out_file "read-only: $line: stderr" "$T_TMP/W.$n.err"
	done <<EOF
$cmds
EOF
	diff -r "$T_TMP/W/ex" "$T_TMP/R/ex" >/dev/null
	T_RC=$?
	expect_rc "read-only: the same exhibits" 0

	# Older cases there: converted or upgraded first, which cannot be
	# done: refused, saying what to do.
	cd "$R" || exit 2
	pr -C v6.prcd documents
	expect_rc "read-only: v6 case" 2
	expect_err "read-only: v6 case" "proceeds: v6.prcd: case is in the WAL mode of older versions; it must be converted before it is read, which needs write access (unable to open database file): copy it where it can be written"
	pr -C v1.prcd log --verify
	expect_rc "read-only: v1 case" 2
	expect_err "read-only: v1 case" "proceeds: v1.prcd: case has schema version 1; it must be upgraded to $schema before it is read, which needs write access (attempt to write a readonly database): copy it where it can be written"
	# a command that writes is refused, the case unchanged
	(cd "$PR_FIXTURES/cli" && pr -C "$R/case.prcd" import bank \
		--profile simple.profile --account "FCB 1234" jan.csv)
	expect_rc "read-only: import" 2
	expect_err "read-only: import" "proceeds: $R/case.prcd: the case is read-only here; commands that write need write access to it and its directory"
	cd "$T_TMP" || exit 2
	PR_WRAP=
	[ "$how" = chmod ] && chmod u+w "$R" "$R"/*
	after=$(cd "$R" && ls -lA --time-style=+%s)
	if [ "$after" = "$before" ]; then ok; else
		not_ok "read-only: the directory changed:
$before
---
$after"
	fi
fi

# Another user reads the owner's case, in a directory both can write:
# the reader makes no file, and the owner imports after it (a WAL read
# left -wal and -shm files of the reader's that the owner could not
# write). Needs root, to be two users; skipped, saying so, without.
as_user() {
	u=$1
	shift
	setpriv --reuid="$u" --regid="$u" --clear-groups "$@"
}
S="$T_TMP/shared"
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null &&
	chmod 755 "$T_TMP" && mkdir -m 1777 "$S" &&
	as_user 64001 "$PROCEEDS" --version >/dev/null 2>&1; then
	cp "$PR_FIXTURES/cli/jan.csv" "$PR_FIXTURES/cli/simple.profile" "$S"
	chmod 644 "$S/jan.csv" "$S/simple.profile"
	cd "$S" || exit 2
	PR_WRAP="as_user 64001"
	pr -C case.prcd init
	expect_rc "owner: init" 0
	PR_WRAP="as_user 64002"
	pr -C case.prcd documents
	expect_rc "another user reads" 0
	listing "$S" case.prcd jan.csv simple.profile
	expect_out_file "nothing left by the other user" \
		"$T_TMP/listing.want"
	PR_WRAP="as_user 64001"
	pr -C case.prcd import bank --profile simple.profile \
		--account "FCB 1234" jan.csv
	expect_rc "the owner imports after the other user's read" 0
	PR_WRAP=
	cd "$T_TMP" || exit 2
else
	echo "SKIP: another user's read: needs root, setpriv and a build" \
		"that another user can run"
fi
finish
