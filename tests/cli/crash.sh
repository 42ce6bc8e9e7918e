#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Crash consistency (issue 10): kill -9 at pseudo-random points (seeded)
# during init, imports (bank, wire, crypto, designations) and exhibit,
# and check after every kill what must hold whatever the moment:
#  - the custody log verifies (log --verify exits 0);
#  - a killed import is all there or not at all: the case's documents
#    (with their record counts), its log and its reconciliation are
#    exactly those before the command or those after it ran to the end;
#  - no stub case: a killed init leaves no file, or a whole case;
#  - an exhibit directory is absent, the earlier one, or complete, and
#    then 'proceeds verify' passes;
#  - a working directory left by a kill (.NAME.proceeds-PID-N) is gone
#    after the next init or exhibit of the same name.
# Only invariants are asserted, never timings: each kill falls somewhere
# in the command's own reference run time, measured here, so the trials
# spread over the command on any machine. PR_CRASH_SEED picks other
# points; PR_CRASH_ROUNDS=N runs N times as many trials.
. "$(dirname "$0")/lib.sh"
D=$PR_FIXTURES/demo
SEED=${PR_CRASH_SEED:-1010}
ROUNDS=${PR_CRASH_ROUNDS:-1}
RANDOM=$SEED
cd "$D" || exit 99

# now_ms: milliseconds since the epoch
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# timed VAR ARGS...: run proceeds ARGS, its duration (ms) into VAR
timed() {
	local var=$1 t0
	shift
	t0=$(now_ms)
	"$PROCEEDS" "$@" >/dev/null 2>&1
	eval "$var=\$((\$(now_ms) - t0 + 1))"
}

# killed MS ARGS...: run proceeds ARGS and kill -9 it after a random
# delay in [0, MS * 1.25) milliseconds (it may have finished by then)
killed() {
	local span=$(($1 + $1 / 4 + 1)) pid ms
	shift
	ms=$(( (RANDOM * 32768 + RANDOM) % span ))
	"$PROCEEDS" "$@" >/dev/null 2>&1 &
	pid=$!
	sleep "$((ms / 1000)).$(printf '%03d' $((ms % 1000)))"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
}

# copy_case FROM TO: a closed case and its side files
copy_case() {
	rm -f "$2" "$2-wal" "$2-shm"
	cp "$1" "$2"
	[ -f "$1-wal" ] && cp "$1-wal" "$2-wal"
	[ -f "$1-shm" ] && cp "$1-shm" "$2-shm"
	return 0
}

# state CASE: documents (with record counts), log and reconciliation
state() {
	"$PROCEEDS" -C "$1" documents 2>&1
	"$PROCEEDS" -C "$1" log 2>&1
	"$PROCEEDS" -C "$1" reconcile --format csv 2>&1
}

# no_work DIR NAME: no working directory of NAME left in DIR
no_work() {
	if ls -a "$1" | grep -q "^\.$2\.proceeds-"; then
		not_ok "working directory of $2 left: $(ls -a "$1" |
			grep "^\.$2\.proceeds-")"
	else ok; fi
}

# verify_log WHAT CASE
verify_log() {
	pr -C "$2" log --verify
	expect_rc "$1: log --verify" 0
}

B=$T_TMP/base.case
CHECKING="gcfcu-checking-2023-01.csv gcfcu-checking-2023-02.csv
gcfcu-checking-2023-04.csv gcfcu-checking-2023-05.csv
gcfcu-checking-2023-06.csv gcfcu-checking-2023-07.csv
gcfcu-checking-2023-08.csv gcfcu-checking-2023-09.csv
gcfcu-checking-2023-10.csv gcfcu-checking-2023-11.csv
gcfcu-checking-2023-12.csv"
cat >"$T_TMP/designations.csv" <<'EOF'
origin,by,match,account,start,end,reason,source
V-3,memo,*CASH DEPOSIT BRANCH *,GCFCU checking 4417,,,D-2 deposited V-3's cash,V-3 interview
clean,counterparty,HARBOR MARINE SVCS PAYROLL,GCFCU checking 4417,,,D-2's wages,payroll records
EOF

# --- one kind of command: a base case, a reference run, then kills ------
# trial_import NAME TRIALS BASE ARGS...: each trial copies BASE, kills
# 'import ARGS' in it, and checks the invariants against BASE's state and
# the reference run's.
trial_import() {
	local name=$1 n=$2 base=$3 ms i st before after none=0 all=0
	shift 3
	before=$(state "$base")
	copy_case "$base" "$T_TMP/ref.case"
	timed ms -C "$T_TMP/ref.case" import "$@"
	after=$(state "$T_TMP/ref.case")
	[ "$before" != "$after" ] && ok || not_ok "$name: reference run changed nothing"
	for i in $(seq "$n"); do
		copy_case "$base" "$T_TMP/t.case"
		killed "$ms" -C "$T_TMP/t.case" import "$@"
		verify_log "$name $i" "$T_TMP/t.case"
		st=$(state "$T_TMP/t.case")
		if [ "$st" = "$before" ]; then
			none=$((none + 1))
		elif [ "$st" = "$after" ]; then
			all=$((all + 1))
		fi
		if [ "$st" = "$before" ] || [ "$st" = "$after" ]; then ok; else
			not_ok "$name $i: neither before nor after the import"
			diff <(echo "$before") <(echo "$st") | head -10
		fi
	done
	echo "$name: $n kills in ${ms} ms: $none left nothing, $all all"
}

# --- init -----------------------------------------------------------------
timed ms -C "$T_TMP/ref-init.case" init
whole=0
for i in $(seq $((4 * ROUNDS))); do
	C=$T_TMP/init.case
	rm -f "$C" "$C-wal" "$C-shm"
	killed "$ms" -C "$C" init
	if [ -e "$C" ]; then
		whole=$((whole + 1))
		verify_log "init $i" "$C"
		pr -C "$C" documents
		expect_rc "init $i: a whole case" 0
	else
		ok
		pr -C "$C" init
		expect_rc "init $i: init again" 0
		no_work "$T_TMP" init.case
	fi
done
echo "init: $((4 * ROUNDS)) kills in ${ms} ms: $whole left a whole case"

# --- imports --------------------------------------------------------------
"$PROCEEDS" -C "$B" init >/dev/null || exit 99
"$PROCEEDS" -C "$B" import victims "$PR_FIXTURES/victims/victims.csv" \
	>/dev/null || exit 99
# shellcheck disable=SC2086 # a list of files
trial_import bank $((3 * ROUNDS)) "$B" bank --profile dcu \
	--account "GCFCU checking 4417" $CHECKING
# shellcheck disable=SC2086
"$PROCEEDS" -C "$B" import bank --profile dcu --account \
	"GCFCU checking 4417" $CHECKING >/dev/null || exit 99
"$PROCEEDS" -C "$B" import statements gcfcu-statements.csv >/dev/null ||
	exit 99
trial_import wire $((2 * ROUNDS)) "$B" wire wires-psb-5520.csv
trial_import crypto $((2 * ROUNDS)) "$B" crypto btc-chain.csv
trial_import designations $((2 * ROUNDS)) "$B" designations \
	"$T_TMP/designations.csv"
"$PROCEEDS" -C "$B" import designations "$T_TMP/designations.csv" \
	>/dev/null || exit 99

# --- exhibit --------------------------------------------------------------
# A fresh directory: after a kill, none or a complete one.
X=$T_TMP/x
timed ms -C "$B" exhibit --allow-unreconciled --out "$T_TMP/ref-x"
ref=$(cd "$T_TMP/ref-x" && sha256sum -- *)
whole=0
for i in $(seq $((3 * ROUNDS))); do
	rm -rf "$X"
	killed "$ms" -C "$B" exhibit --allow-unreconciled --out "$X"
	if [ -e "$X" ]; then
		whole=$((whole + 1))
		pr -C "$B" verify "$X"
		expect_rc "exhibit $i: a complete directory verifies" 0
		[ "$(cd "$X" && sha256sum -- *)" = "$ref" ] && ok ||
			not_ok "exhibit $i: not the reference exhibit"
	else ok; fi
	verify_log "exhibit $i" "$B"
	# the next exhibit to the same name cleans up after the killed one
	pr -C "$B" exhibit --allow-unreconciled --out "$X" --force
	expect_rc "exhibit $i: written again" 1
	no_work "$T_TMP" x
done
echo "exhibit: $((3 * ROUNDS)) kills in ${ms} ms: $whole left a whole one"
# Over an earlier exhibit with --force: the earlier one, or the new one,
# complete either way (the same case gives the same bytes), or (where the
# file system cannot swap two directories) none.
for i in $(seq $((3 * ROUNDS))); do
	killed "$ms" -C "$B" exhibit --allow-unreconciled --out "$X" --force
	if [ -e "$X" ]; then
		[ "$(cd "$X" && sha256sum -- *)" = "$ref" ] && ok ||
			not_ok "exhibit --force $i: not a whole exhibit"
	else ok; fi
	pr -C "$B" exhibit --allow-unreconciled --out "$X" --force
	expect_rc "exhibit --force $i: written again" 1
	no_work "$T_TMP" x
done
echo "seed $SEED"
finish
