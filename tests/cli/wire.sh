#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Wire records: the canonical wire CSV end to end, its malformed inputs,
# and a case written by schema version 1 upgrading on first use.
. "$(dirname "$0")/lib.sh"
C="$T_TMP/w.case"

cd "$PR_FIXTURES/wire" || exit 2
pr -C "$C" init
pr -C "$C" import wire title-wires.csv
expect_rc "import wire csv" 0
expect_out_has "import wire csv" "title-wires.csv: 2 wires, SHA-256 $(sha256sum title-wires.csv | cut -d' ' -f1)"
pr -C "$C" wires
expect_rc "wires" 0
expect_out_file "wires table" title-wires.wires.expected
pr -C "$C" wires --format csv
expect_out_file "wires csv" title-wires.wires.csv.expected
pr -C "$C" import wire --format mt999 title-wires.csv
expect_rc "unknown format" 2
expect_err "unknown format" "proceeds: unknown wire format 'mt999' (expected csv, mt103, fedwire, pacs.008)
proceeds: nothing imported; the case is unchanged"
pr -C "$C" import wire --profile dcu title-wires.csv
expect_rc "no profile for wires" 2

# ISO 20022 pacs.008, told from its first bytes.
P8=CustomerCreditTransfer_Variation3_pacs.008
pr -C "$T_TMP/p8.case" init
pr -C "$T_TMP/p8.case" import wire "$P8"
expect_rc "pacs.008 auto-detected" 0
expect_out_has "pacs.008 auto-detected" "$P8: 1 wire, SHA-256 $(sha256sum "$P8" | cut -d' ' -f1)"
pr -C "$T_TMP/p8.case" wires --format csv
if grep -q '^2025-03-10,USD,510000.74,USD 510000.74,Corporation A,' "$T_OUT"
then ok; else not_ok "pacs.008 wire values"; fi

# SWIFT MT103 (an RJE file of several messages) and Fedwire tag format,
# each told from its first bytes.
for f in MT103-out-ack.rje fedWireMessage-CustomerTransfer.txt; do
	pr -C "$T_TMP/fin.case" init
	pr -C "$T_TMP/fin.case" import wire "$f"
	expect_rc "$f auto-detected" 0
	rm -f "$T_TMP/fin.case"*
done
pr -C "$T_TMP/fin.case" init
pr -C "$T_TMP/fin.case" import wire fedWireMessage-CustomerTransfer.txt
pr -C "$T_TMP/fin.case" wires --format csv
if grep -q '^2019-04-10,USD,12345.67,USD 4567.89,Name,1234,121042882,Name,1234,231380104,20190410Source08000001,' "$T_OUT"; then ok; else
	not_ok "fedwire wire values"; fi

cd "$PR_FIXTURES/bad/wire" || exit 2
while IFS='|' read -r file msg; do
	[ -z "$file" ] && continue
	expect_refused "$file" "$msg" "$C" import wire "$file"
done <<'LIST'
wirecsv_unknown_column.csv|wirecsv_unknown_column.csv:1:166: unknown column 'colour' (see docs/formats.md, wire CSV)
wirecsv_missing_column.csv|wirecsv_missing_column.csv:1:1: header has no column 'beneficiary_bank'
wirecsv_negative.csv|wirecsv_negative.csv:2:12: a wire amount must be positive
wirecsv_bad_uetr.csv|wirecsv_bad_uetr.csv:2:53: uetr is not a UUID (36 characters, 8-4-4-4-12)
wirecsv_no_originator.csv|wirecsv_no_originator.csv:2:23: no originator: give a name or an account
wirecsv_bad_date.csv|wirecsv_bad_date.csv:2:1: date '2023-04-31' does not exist
wirecsv_decimals.csv|wirecsv_decimals.csv:2:12: amount '100.001' has 3 decimals; at most 2 allowed
not_a_wire.txt|not_a_wire.txt: not a wire format this version reads (csv, mt103, fedwire, pacs.008); name one with --format
LIST

# A case written by schema version 1 (fixtures/store/case-v1.db: a case
# holding fixtures/cli/jan.csv) is brought up to date on first use, even
# by a command that only reads, and keeps its content and custody log.
cp "$PR_FIXTURES/store/case-v1.db" "$T_TMP/old.case"
pr -C "$T_TMP/old.case" reconcile --format csv
expect_rc "v1 case reconciles" 0
expect_out_has "v1 case reconciles" "$(printf 'period,FCB 1234,USD,2024-01-02,2024-01-09,0.00,1500.00,200.50,1299.50,1299.50,0.00,running balance,jan.csv,4,3 rows\r')"
pr -C "$T_TMP/old.case" log --verify
expect_rc "v1 case log intact" 0
cd "$PR_FIXTURES/wire" || exit 2
pr -C "$T_TMP/old.case" import wire title-wires.csv
expect_rc "v1 case takes wires" 0
finish
