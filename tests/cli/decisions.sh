#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The analyst's decisions: the canonical decisions CSV against a case of
# wires, a closing, on-chain transactions and a bank statement; its
# malformed inputs, and decisions naming evidence the case does not hold.
. "$(dirname "$0")/lib.sh"
C="$T_TMP/d.case"

pr -C "$C" init
(cd "$PR_FIXTURES/wire" && pr -C "$C" import wire title-wires.csv)
expect_rc "case: wires" 0
(cd "$PR_FIXTURES/property" && pr -C "$C" import property \
	gulfport-closing.csv)
expect_rc "case: closing" 0
(cd "$PR_FIXTURES/crypto" && pr -C "$C" import chain \
	mempool_confirmed.json etherscan_0xf98.csv)
expect_rc "case: on-chain" 0
(cd "$PR_FIXTURES/cli" && pr -C "$C" import bank --profile simple.profile \
	--account "FCB 1234" jan.csv)
expect_rc "case: bank" 0

# Every malformed file and every decision naming what is not in the case
# is refused with its place, and the case is unchanged.
cd "$PR_FIXTURES/bad/decisions" || exit 2
while IFS='|' read -r file msg; do
	[ -z "$file" ] && continue
	expect_refused "$file" "$msg" "$C" import decisions "$file"
done <<'LIST'
unknown_action.csv|unknown_action.csv:2:1: unknown action 'merge' (expected join, never-join or owner)
not_evidence.csv|not_evidence.csv:2:6: 'title-wires.csv' is not evidence (expected DOCUMENT:LINE, tx:HASH or tx:HASH:N)
bad_hash.csv|bad_hash.csv:2:24: 'tx:0x20b98449': a transaction hash is 64 hex digits, after an optional 0x
bad_output.csv|bad_output.csv:2:24: 'tx:20b984492b5264162a4c92c9a34bc7fa08b67...': the output is not a number from 0 to 4294967295
line_zero.csv|line_zero.csv:2:6: 'title-wires.csv:0': the line is not a number from 1 to 4294967295
directory.csv|directory.csv:2:6: 'wire/title-wires.csv:2': name the document by its file name, without a directory
same_twice.csv|same_twice.csv:2:30: same evidence twice: subject and other are both 'title-wires.csv:2'
same_hash.csv|same_hash.csv:2:76: same evidence twice: subject and other are both 'tx:bed75f8508fff302e3d6bd6ecb006f33c27d4...'
empty_other.csv|empty_other.csv:2:24: empty other: expected DOCUMENT:LINE, tx:HASH or tx:HASH:N
no_reason.csv|no_reason.csv:2:47: no reason: say why the analyst decided this
empty_party.csv|empty_party.csv:2:41: empty party: say who owns '1stAprEZapjCYGUACUcXohQqSHF9MU5Kj'
empty_owned.csv|empty_owned.csv:2:7: empty subject: name the address or account
party_space.csv|party_space.csv:2:41: party 'DEFENDANT D-1 ' starts or ends with a space
missing_column.csv|missing_column.csv:1:1: header has no column 'reason'
header_only.csv|header_only.csv: no decisions after the header
no_evidence.csv|no_evidence.csv:3:6: no evidence 'title-wires.csv:99' in the case (no record starts on that line)
not_a_record.csv|not_a_record.csv:2:6: no evidence 'title-wires.csv:1' in the case (no record starts on that line)
no_document.csv|no_document.csv:2:24: no document named 'x.csv' in the case
no_tx.csv|no_tx.csv:2:22: no transaction 'tx:0000000000000000000000000000000000000...' in the case
no_output.csv|no_output.csv:2:16: no output 3 of 'tx:20b984492b5264162a4c92c9a34bc7fa08b67...' in the case: it has 3 outputs
LIST

# A join, a never-join (bank row and wire), a join of two transactions
# (hashes in any case, with or without 0x) and an owner line.
cd "$PR_FIXTURES/decisions" || exit 2
SUM=$(sha256sum good.csv | cut -d' ' -f1)
pr -C "$C" import decisions good.csv
expect_rc "import decisions" 0
expect_out_has "import decisions" "good.csv: 4 decisions, SHA-256 $SUM"
pr -C "$C" log
expect_rc "log" 0
expect_out_has "log: the import" "    documents [\"$SUM\"]"
if grep -q '^[0-9]* [-0-9T:Z]* import \["decisions","good.csv"\]$' "$T_OUT"
then ok; else not_ok "log: the import command"; fi
expect_out_has "log: the result" \
	"    result: imported 1 document: 4 decisions, 0 statement periods"
pr -C "$C" log --verify
expect_rc "log intact" 0
pr -C "$C" import decisions --format csv good.csv
expect_rc "decisions take no --format" 2

# Two documents of one name: the name alone is refused, the start of a
# SHA-256 (as 'proceeds documents' shows it) names one.
D="$T_TMP/two.case"
mkdir "$T_TMP/v2"
sed 's/ESC-23-0412/ESC-23-0412-R/' "$PR_FIXTURES/wire/title-wires.csv" \
	>"$T_TMP/v2/title-wires.csv"
pr -C "$D" init
(cd "$PR_FIXTURES/wire" && pr -C "$D" import wire title-wires.csv)
(cd "$T_TMP/v2" && pr -C "$D" import wire title-wires.csv)
expect_rc "a second title-wires.csv" 0
V2=$(sha256sum "$T_TMP/v2/title-wires.csv" | cut -c1-12)
printf '%s\n' 'action,subject,other,reason' \
	'join,title-wires.csv:2,title-wires.csv:3,one wire' >"$T_TMP/amb.csv"
pr -C "$D" import decisions "$T_TMP/amb.csv"
expect_rc "ambiguous name" 2
expect_err "ambiguous name" "proceeds: $T_TMP/amb.csv:2:6: 'title-wires.csv' names 2 documents in the case; name one by the start of its SHA-256 (12 or more hex digits, see proceeds documents)
proceeds: nothing imported; the case is unchanged"
printf '%s\n' 'action,subject,other,reason' \
	"never-join,title-wires.csv:2,$V2:2,the corrected copy" \
	>"$T_TMP/sha.csv"
pr -C "$D" import decisions "$T_TMP/sha.csv"
expect_rc "named by SHA-256" 2
expect_err "named by SHA-256" "proceeds: $T_TMP/sha.csv:2:12: 'title-wires.csv' names 2 documents in the case; name one by the start of its SHA-256 (12 or more hex digits, see proceeds documents)
proceeds: nothing imported; the case is unchanged"
ORIG=$(sha256sum "$PR_FIXTURES/wire/title-wires.csv" | cut -c1-16)
printf '%s\n' 'action,subject,other,reason' \
	"never-join,$ORIG:2,$V2:2,the corrected copy" >"$T_TMP/sha2.csv"
pr -C "$D" import decisions "$T_TMP/sha2.csv"
expect_rc "named by SHA-256" 0
expect_out_has "named by SHA-256" "$T_TMP/sha2.csv: 1 decision, SHA-256 $(sha256sum "$T_TMP/sha2.csv" | cut -d' ' -f1)"
finish
