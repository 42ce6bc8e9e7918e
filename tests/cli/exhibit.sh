#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# proceeds exhibit and proceeds verify: the file list, golden files, two
# runs byte-identical, SHA256SUMS as sha256sum -c reads it, verify on an
# intact, a tampered, a shortened and an enlarged directory, formula
# cells neutralised, no real name of a party anywhere, account numbers
# masked outside forfeitable accounts, and the options.
. "$(dirname "$0")/lib.sh"
G="$PR_FIXTURES/exhibit"
C="$T_TMP/demo.case"
X="$T_TMP/x1"

# golden NAME FILE GOLDEN: FILE equals GOLDEN byte for byte (PR_REGEN=1
# rewrites GOLDEN)
golden() {
	T_OUT=$2
	expect_out_file "$1" "$3"
}

sh "$PR_FIXTURES/demo/run.sh" "$PROCEEDS" "$PR_FIXTURES/demo" "$C" \
	>/dev/null 2>&1
T_RC=$?
expect_rc "demo case" 0

pr -C "$C" exhibit --out "$X"
expect_rc "exhibit" 0
expect_err "exhibit: quiet" ""
files=$(cd "$X" && ls | tr '\n' ' ')
if [ "$files" = "SHA256SUMS compare.csv compare.json decisions.csv \
designations.csv flow-of-funds.dot flow-of-funds.svg flows.csv flows.json \
lineage.csv manifest.json reconcile.csv reconcile.json remission.csv remission.json \
report.html restitution.csv restitution.json schedule.csv schedule.json \
sources.csv sources.json trace.csv trace.json " ]; then ok; else
	not_ok "file list: $files"; fi
golden "source index" "$X/sources.csv" "$G/demo.sources.csv"
golden "chart (DOT)" "$X/flow-of-funds.dot" "$G/demo.flow-of-funds.dot"
golden "designations" "$X/designations.csv" "$G/demo.designations.csv"

# The reports in the directory are the reports of the commands.
"$PROCEEDS" -C "$C" trace --format csv >"$T_TMP/trace.csv"
if cmp -s "$T_TMP/trace.csv" "$X/trace.csv"; then ok; else
	not_ok "trace.csv is proceeds trace --format csv"; fi
"$PROCEEDS" -C "$C" trace --compare --format json >"$T_TMP/compare.json"
if cmp -s "$T_TMP/compare.json" "$X/compare.json"; then ok; else
	not_ok "compare.json is proceeds trace --compare --format json"; fi
"$PROCEEDS" -C "$C" schedule --format csv >"$T_TMP/schedule.csv"
if cmp -s "$T_TMP/schedule.csv" "$X/schedule.csv"; then ok; else
	not_ok "schedule.csv is proceeds schedule --format csv"; fi
# The lineage of each scheduled asset is the trace's: the car's (item 2)
# as proceeds trace --lineage prints it, line for line.
"$PROCEEDS" -C "$C" trace --lineage "asset V1" |
	sed -n '/^Lineage of /,$p' | sed 1d >"$T_TMP/lineage.want"
grep '^2,' "$X/lineage.csv" | sed 's/^2,[^,]*,[0-9]*,//; s/^"//; s/"\r$//; s/\r$//' \
	>"$T_TMP/lineage.got"
if [ -s "$T_TMP/lineage.want" ] &&
   cmp -s "$T_TMP/lineage.want" "$T_TMP/lineage.got"; then ok; else
	not_ok "lineage.csv item 2 is proceeds trace --lineage 'asset V1'"
	diff "$T_TMP/lineage.want" "$T_TMP/lineage.got" | head -5; fi

# Reproducible: a second run, and a run on a case built again at another
# time (other custody-log timestamps), give the same bytes.
pr -C "$C" exhibit --out "$T_TMP/x2"
expect_rc "exhibit again" 0
if diff -r "$X" "$T_TMP/x2" >/dev/null; then ok; else
	not_ok "two runs differ: $(diff -rq "$X" "$T_TMP/x2")"; fi
SOURCE_DATE_EPOCH=1800000000 sh "$PR_FIXTURES/demo/run.sh" "$PROCEEDS" \
	"$PR_FIXTURES/demo" "$T_TMP/again.case" >/dev/null 2>&1
SOURCE_DATE_EPOCH=1900000000 "$PROCEEDS" -C "$T_TMP/again.case" \
	exhibit --out "$T_TMP/x3" >/dev/null 2>&1
if diff -r "$X" "$T_TMP/x3" >/dev/null; then ok; else
	not_ok "a case built again differs: $(diff -rq "$X" "$T_TMP/x3")"; fi

# SHA256SUMS as sha256sum reads it, over every other file.
if (cd "$X" && sha256sum --quiet -c SHA256SUMS); then ok; else
	not_ok "sha256sum -c SHA256SUMS"; fi
if [ "$(cut -c67- "$X/SHA256SUMS" | tr '\n' ' ')" = \
     "$(cd "$X" && ls | grep -vx SHA256SUMS | tr '\n' ' ')" ]; then ok
else not_ok "SHA256SUMS lists every other file, by name"; fi

# Nothing of the machine, the time or the case's path.
if grep -rqF -e "$T_TMP" -e "$(hostname)" -e "$PR_FIXTURES" "$X"; then
	not_ok "a path or host name in the exhibits"; else ok; fi
if grep -rqE '20(2[4-9]|[3-9][0-9])-[0-9][0-9]-[0-9][0-9]T' "$X"; then
	not_ok "a timestamp in the exhibits"; else ok; fi
grep -q '"version": "'"$("$PROCEEDS" --version | awk '{print $NF}')"'"' \
	"$X/manifest.json" && ok || not_ok "manifest names the version"
grep -q '"method": "libr"' "$X/manifest.json" && ok ||
	not_ok "manifest names the method"

# Privacy: no real name of a victim or defendant (a business is named as
# its records name it); account numbers of accounts that are not on the
# schedule by their last four digits.
names=$(awk -F, '$1 == "party" && ($3 == "victim" || $3 == "defendant") {
	print $4 }' "$PR_FIXTURES/demo/victims.csv")
[ "$(printf '%s\n' "$names" | grep -c .)" = 5 ] && ok ||
	not_ok "the demo's five persons"
leak=0
while IFS= read -r n; do
	[ -n "$n" ] || continue
	if grep -rqiF -- "$n" "$X"; then leak=1; echo "leak: $n"; fi
done <<<"$names"
[ "$leak" = 0 ] && ok || not_ok "real names in the exhibits"
if grep -rqE '7781002|400221' "$X"; then
	not_ok "an account number of a third party in full"; else ok; fi
grep -q "GULF TITLE CO ESCROW acct XXXX1002" "$X/flows.csv" && ok ||
	not_ok "masked account number in flows.csv"
grep -q "PSB money market 5520" "$X/report.html" && ok ||
	not_ok "forfeitable account named in full"

# verify: intact, then tampered, shortened, enlarged.
pr -C "$C" verify "$X"
expect_rc "verify" 0
expect_out_has "verify" "verify: every file matches the case"
cp -r "$X" "$T_TMP/bad"
printf '1' | dd of="$T_TMP/bad/trace.csv" bs=1 seek=60 conv=notrunc \
	2>/dev/null
pr -C "$C" verify "$T_TMP/bad"
expect_rc "verify: tampered" 1
expect_out_has "verify: tampered" "verify: trace.csv differs from the case"
expect_out_has "verify: tampered" \
	"verify: SHA256SUMS: trace.csv does not match"
rm "$T_TMP/bad/report.html"
echo notes >"$T_TMP/bad/notes.txt"
pr -C "$C" verify "$T_TMP/bad"
expect_rc "verify: missing and extra" 1
if [ "$(cat "$T_OUT")" = "verify: report.html is missing
verify: trace.csv differs from the case
verify: notes.txt is extra: not made from the case
verify: SHA256SUMS: report.html is missing
verify: SHA256SUMS: trace.csv does not match
verify: SHA256SUMS: notes.txt is not listed" ]; then ok; else
	not_ok "verify: each finding named"; fi
pr -C "$C" verify "$T_TMP"
expect_rc "verify: not an exhibit" 2
pr -C "$C" verify
expect_rc "verify: no directory" 2

# Another method: the parameters travel in the manifest.
pr -C "$C" exhibit --out "$T_TMP/fifo" --method fifo --victims-fifo
expect_rc "exhibit fifo" 0
pr -C "$C" verify "$T_TMP/fifo"
expect_rc "verify fifo" 0
if cmp -s "$X/trace.csv" "$T_TMP/fifo/trace.csv"; then
	not_ok "fifo trace.csv is libr's"; else ok; fi

# The directory: refused when not empty, unless --force.
pr -C "$C" exhibit --out "$X"
expect_rc "not empty" 2
expect_err "not empty" \
	"proceeds: $X exists and is not empty (--force replaces it)"
pr -C "$C" exhibit --out "$X" --force
expect_rc "--force" 0
pr -C "$C" exhibit
expect_rc "no --out" 2

# --- Whole or not at all (issue 10, defect 7) --------------------------------
# tree_state DIR: each file's type and content, links not followed
tree_state() {
	(cd "$1" 2>/dev/null && for f in * .[!.]*; do
		[ -e "$f" ] || [ -L "$f" ] || continue
		if [ -L "$f" ]; then echo "$f -> $(readlink "$f")"
		else echo "$f $(sha256sum <"$f" | cut -c1-64)"; fi
	done)
}
# no_work NAME: no working directory of a writer left in $T_TMP
no_work() {
	if ls -a "$T_TMP" | grep -q '\.proceeds-'; then
		not_ok "$1: working directory left: $(ls -a "$T_TMP" |
			grep '\.proceeds-')"
	else ok; fi
}
# A full disk, simulated without root: a file size limit makes every
# write past it fail (EFBIG). Limits just under the size of each file
# larger than 40 KiB (the case's own -shm file needs 32; every other one,
# for time), so that the write fails at several points: nothing at DIR,
# no working directory.
before=$(tree_state "$X")
for size in $(cd "$X" && wc -c * | awk '$2 != "total" && $1 > 40960 \
		{ print $1 }' | sort -un | awk 'NR % 2 == 1'); do
	n=$((size / 1024))
	rm -rf "$T_TMP/full"
	bash -c "trap '' XFSZ; ulimit -f $n; exec \"\$0\" -C \"\$1\" \
		exhibit --out \"\$2\"" "$PROCEEDS" "$C" "$T_TMP/full" \
		>"$T_TMP/out" 2>"$T_TMP/err"
	T_RC=$?
	expect_rc "full disk at $n KiB" 2
	grep -q ': write: File too large$' "$T_TMP/err" && ok ||
		not_ok "full disk at $n KiB: message $(cat "$T_TMP/err")"
	if [ -e "$T_TMP/full" ]; then
		not_ok "full disk at $n KiB: partial directory left"; else ok; fi
	no_work "full disk at $n KiB"
	# and over an earlier exhibit with --force: it stays as it was
	bash -c "trap '' XFSZ; ulimit -f $n; exec \"\$0\" -C \"\$1\" \
		exhibit --out \"\$2\" --force" "$PROCEEDS" "$C" "$X" \
		>"$T_TMP/out" 2>"$T_TMP/err"
	T_RC=$?
	expect_rc "full disk at $n KiB, --force" 2
	if [ "$(tree_state "$X")" = "$before" ]; then ok; else
		not_ok "full disk at $n KiB, --force: earlier exhibit changed"
	fi
	no_work "full disk at $n KiB, --force"
done
[ -n "${n:-}" ] && ok || not_ok "no exhibit file larger than 40 KiB"
# Links planted in an exhibit directory are never followed: --force
# leaves their targets as they were and replaces the links.
echo "not an exhibit" >"$T_TMP/outside.txt"
rm "$X/trace.csv"
ln -s "$T_TMP/outside.txt" "$X/trace.csv"
ln -s "$T_TMP/outside.txt" "$X/planted"
pr -C "$C" exhibit --out "$X" --force
expect_rc "--force over planted links" 0
if [ "$(cat "$T_TMP/outside.txt")" = "not an exhibit" ]; then ok; else
	not_ok "--force wrote through a planted link"; fi
if [ -L "$X/trace.csv" ] || [ -e "$X/planted" ]; then
	not_ok "--force kept a planted link"; else ok; fi
if [ "$(tree_state "$X")" = "$before" ]; then ok; else
	not_ok "--force over planted links: not the same exhibit"; fi
no_work "--force over planted links"
# --force replaces exhibits only, and never through a link.
mkdir "$T_TMP/notes"
echo "keep" >"$T_TMP/notes/mine.txt"
pr -C "$C" exhibit --out "$T_TMP/notes" --force
expect_rc "--force on a directory that is not an exhibit" 2
expect_err "--force on a directory that is not an exhibit" "proceeds: \
$T_TMP/notes is not an exhibit directory (no SHA256SUMS): --force replaces \
only exhibits"
[ "$(cat "$T_TMP/notes/mine.txt")" = keep ] && ok ||
	not_ok "--force touched a directory that is not an exhibit"
ln -s "$X" "$T_TMP/link"
pr -C "$C" exhibit --out "$T_TMP/link" --force
expect_rc "--out a symbolic link" 2
expect_err "--out a symbolic link" "proceeds: $T_TMP/link is a symbolic \
link: give the directory itself"
# An empty directory is taken.
mkdir "$T_TMP/empty"
pr -C "$C" exhibit --out "$T_TMP/empty"
expect_rc "--out an empty directory" 0
[ -f "$T_TMP/empty/SHA256SUMS" ] && ok || not_ok "empty directory not used"
# A writer killed at work leaves .DIR.proceeds-PID-N: the next write to
# DIR removes it, unless a live writer holds it (flock).
mkdir "$T_TMP/.x1.proceeds-999999-0" "$T_TMP/.x1.proceeds-999999-1"
echo partial >"$T_TMP/.x1.proceeds-999999-0/report.html"
exec 9<"$T_TMP/.x1.proceeds-999999-1"
flock 9
pr -C "$C" exhibit --out "$X" --force
expect_rc "exhibit after a killed writer" 0
[ -e "$T_TMP/.x1.proceeds-999999-0" ] &&
	not_ok "a dead writer's directory was left" || ok
[ -d "$T_TMP/.x1.proceeds-999999-1" ] && ok ||
	not_ok "a live writer's directory was removed"
exec 9<&-
rm -rf "$T_TMP/.x1.proceeds-999999-1"
pr -C "$C" exhibit --out "$T_TMP/m" --method nonsense
expect_rc "bad method" 2
pr -C "$C" exhibit --help
expect_rc "exhibit --help" 0
grep -q "^Usage: proceeds -C CASE exhibit --out DIR" "$T_OUT" && ok ||
	not_ok "exhibit --help"
pr -C "$C" verify --help
expect_rc "verify --help" 0
grep -q "^Usage: proceeds -C CASE verify DIR" "$T_OUT" && ok ||
	not_ok "verify --help"

# A small case: a formula in a designation's reason is neutralised in
# the CSV; an account that does not reconcile needs
# --allow-unreconciled, and then the exit status is 1.
S="$T_TMP/small.case"
pr -C "$S" init
(cd "$PR_FIXTURES/cli" &&
 pr -C "$S" import bank --profile simple.profile \
	--account "FCB 4410012345" jan.csv &&
 pr -C "$S" import bank --profile simple.profile \
	--account "FCB 9990054321" feb.csv)
(cd "$G" && pr -C "$S" import victims victims.csv &&
 pr -C "$S" import designations designations.csv)
expect_rc "small case" 0
pr -C "$S" exhibit --out "$T_TMP/s"
expect_rc "small: unreconciled" 2
pr -C "$S" exhibit --out "$T_TMP/s" --allow-unreconciled
expect_rc "small: written, not reconciled" 1
golden "small: designations" "$T_TMP/s/designations.csv" \
	"$G/small.designations.csv"
golden "small: reconcile" "$T_TMP/s/reconcile.csv" \
	"$G/small.reconcile.csv"
golden "small: chart" "$T_TMP/s/flow-of-funds.dot" \
	"$G/small.flow-of-funds.dot"
if grep -rqE 'Rosa Example|Victor Sample|9990054321' "$T_TMP/s"; then
	not_ok "small: a name or a full account number"; else ok; fi
grep -q '&#39;=HYPERLINK\|>=HYPERLINK' "$T_TMP/s/report.html" && ok ||
	not_ok "small: the reason shown as recorded in the HTML"
pr -C "$S" verify "$T_TMP/s"
expect_rc "small: verify" 0
finish
