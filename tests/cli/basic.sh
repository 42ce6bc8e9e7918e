#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The command line: cases, imports, the custody log, reports, exit codes.
. "$(dirname "$0")/lib.sh"
cd "$PR_FIXTURES/cli" || exit 2
C="$T_TMP/a.case"

pr --version
expect_rc "--version" 0
expect_out_has "--version" "proceeds 0.1.0"
for cmd in init import reconcile log documents; do
	pr "$cmd" --help
	expect_rc "$cmd --help" 0
	grep -q "^Usage: proceeds" "$T_OUT" && ok || not_ok "$cmd --help text"
done
pr frobnicate
expect_rc "unknown command" 2
expect_err "unknown command" "proceeds: unknown command 'frobnicate'
Try 'proceeds --help' for more information."
pr reconcile
expect_rc "no case" 2
expect_err "no case" "proceeds: reconcile: no case: give -C CASE or set PROCEEDS_CASE
Try 'proceeds reconcile --help' for more information."
pr -C "$T_TMP/none.case" reconcile
expect_rc "missing case" 2
expect_err "missing case" "proceeds: $T_TMP/none.case: no such case (create it with 'proceeds init')"

pr -C "$C" init
expect_rc "init" 0
# the schema version is the program's (migrations are renumbered)
if grep -qx "created case $C (schema version [1-9][0-9]*)" "$T_OUT"
then ok; else not_ok "init: created case (schema version N)"; fi
pr -C "$C" init
expect_rc "init again" 2
expect_err "init again" "proceeds: $C: already exists"
printf 'not a database, just text\n' >"$T_TMP/junk.case"
pr -C "$T_TMP/junk.case" documents
expect_rc "not a case" 2
expect_err "not a case" "proceeds: $T_TMP/junk.case: not a proceeds case"

pr -C "$C" import bank --profile simple.profile --account "FCB 1234" jan.csv
expect_rc "import jan" 0
expect_out_has "import jan" "jan.csv: 3 transactions, 1 statement period, SHA-256 $(sha256sum jan.csv | cut -d' ' -f1)"
pr -C "$C" import bank --profile simple.profile --account "FCB 1234" jan.csv
expect_rc "import jan twice" 2
expect_err "import jan twice" "proceeds: jan.csv: already in the case as document 1 'jan.csv' (custody log entry 2), SHA-256 $(sha256sum jan.csv | cut -c1-12)
proceeds: nothing imported; the case is unchanged"
pr -C "$C" import bank --profile simple.profile --account "FCB 1234" --currency EUR feb.csv
expect_rc "currency conflict" 2
expect_err "currency conflict" "proceeds: profile simple fixes the currency at USD: drop --currency
proceeds: nothing imported; the case is unchanged"
PROCEEDS_CASE="$C" pr import bank --profile simple.profile --account "FCB 1234" feb.csv
expect_rc "import feb via PROCEEDS_CASE" 0

# feb.csv's third row repeats the row before it, balance and all: a
# duplicate, and a running-balance break (1,500.00 - 49.50 is 1,450.50,
# the file says 1,500.00).
pr -C "$C" reconcile
expect_rc "reconcile finds the break" 1
expect_out_file "reconcile table" basic.recon.expected
pr -C "$C" reconcile --format csv
expect_rc "reconcile csv" 1
expect_out_file "reconcile csv" basic.recon.csv.expected
pr -C "$C" reconcile --format json
expect_rc "reconcile json" 1
expect_out_file "reconcile json" basic.recon.json.expected
pr -C "$C" reconcile --format xml
expect_rc "bad format" 2

pr -C "$C" documents
expect_rc "documents" 0
expect_out_file "documents" basic.documents.expected
pr -C "$C" log
expect_rc "log" 0
sed "s|$T_TMP|TMP|g" "$T_OUT" >"$T_TMP/log"
T_OUT="$T_TMP/log"
expect_out_file "log" basic.log.expected
pr -C "$C" log --verify
expect_rc "log intact" 0
expect_out_has "log intact" "custody log intact: 3 entries, 11 rows sealed"
expect_out_has "log intact: the head" "head: entry 3, hash $(sed -n 's/^    hash //p' "$PR_FIXTURES/cli/basic.log.expected" | tail -1)"

# Edit one byte of the log's text inside the file: verify must see it.
sed -i 's/created case/created CASE/' "$C"
pr -C "$C" log --verify
expect_rc "log tampered" 1
expect_err "log tampered" "proceeds: $C: custody log entry 1 has been altered: its hash does not match its content"

# Options may follow the file names, as with other GNU tools.
pr -C "$C" import bank jan.csv --profile simple.profile --account "FCB 9"
expect_rc "options after files" 2
expect_err "options after files" "proceeds: jan.csv: already in the case as document 1 'jan.csv' (custody log entry 2), SHA-256 $(sha256sum jan.csv | cut -c1-12)
proceeds: nothing imported; the case is unchanged"

# A file name that is not UTF-8 cannot go into the custody log.
printf 'Date,Description,Amount,Balance,Ref\n2024-03-01,CAFE,-3.00,1497.00,C1\n' \
	>"$T_TMP/$(printf 'caf\351').csv"
pr -C "$C" import bank --profile simple.profile --account X "$T_TMP/$(printf 'caf\351').csv"
expect_rc "non-UTF-8 file name" 2
expect_err "non-UTF-8 file name" "proceeds: command arguments must be UTF-8 (a file name?)
proceeds: nothing imported; the case is unchanged"

# A case that cannot be started is not left behind.
SOURCE_DATE_EPOCH=soon pr -C "$T_TMP/b.case" init
expect_rc "init with a bad clock" 2
expect_err "init with a bad clock" "proceeds: SOURCE_DATE_EPOCH 'soon' is not a number of seconds"
if [ -e "$T_TMP/b.case" ]; then not_ok "init left a case behind"; else ok; fi

# A failed write of the report must not exit 0.
if [ -w /dev/full ]; then
	"$PROCEEDS" -C "$C" documents >/dev/full 2>"$T_TMP/err"
	T_RC=$?
	expect_rc "write error" 2
fi
finish
