#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# ISO 20022 camt.052/053/054: every sample imports with its values or is
# refused clearly, statement periods reconcile, a camt entry and a
# pacs.008 wire with the same UETR are one flow, and every malformed file
# is refused with its exact message, the case unchanged.
. "$(dirname "$0")/lib.sh"
C="$T_TMP/c.case"

cd "$PR_FIXTURES/camt" || exit 2

# Real statements that reconcile, told from their first bytes.
while IFS='|' read -r file summary; do
	[ -z "$file" ] && continue
	rm -f "$T_TMP/s.case"*
	pr -C "$T_TMP/s.case" init
	pr -C "$T_TMP/s.case" import bank "$file"
	expect_rc "$file" 0
	expect_out_has "$file" "$file: $summary, SHA-256 $(sha256sum "$file" | cut -d' ' -f1)"
	pr -C "$T_TMP/s.case" reconcile
	expect_rc "$file reconciles" 0
	if grep -q '(0 do not balance), breaks 0, gaps 0, duplicates 0' \
		"$T_OUT"; then ok; else not_ok "$file does not reconcile"; fi
done <<'LIST'
kedder_camt053_v08_ch.xml|1 transaction, 1 statement period
kedder_simple_camt053.xml|4 transactions, 1 statement period
kedder_camt052_v02_de.xml|5 transactions, 1 statement period
kedder_davider80_camt053_v04.xml|16 transactions, 1 statement period
uetr.camt053.xml|4 transactions, 1 statement period
LIST

# Samples without a period (reports, notifications) or whose periods do
# not balance (synthetic test data) still import.
while IFS='|' read -r file summary; do
	[ -z "$file" ] && continue
	rm -f "$T_TMP/s.case"*
	pr -C "$T_TMP/s.case" init
	pr -C "$T_TMP/s.case" import bank "$file"
	expect_rc "$file" 0
	if grep -q "^$file: $summary, SHA-256 " "$T_OUT"; then ok; else
		not_ok "$file: $(cat "$T_OUT")"; fi
done <<'LIST'
camt052.v1.xml|1 transaction, 0 statement periods
camt052.v2.xml|1 transaction, 0 statement periods
camt052.v8.xml|1 transaction, 0 statement periods
AccountBalanceReport_Scenario1_Step2_camt.052_ABAR_SM|0 transactions, 0 statement periods
camt053.v2.all-balance-types.xml|1 transaction, 1 statement period
camt053.v2.five.decimals.xml|1 transaction, 1 statement period
camt053.v2.multi.statement.xml|2 transactions, 2 statement periods
camt53.only-Dt-with-DtTm.xml|0 transactions, 0 statement periods
LIST

# The reconcile table of a real Swiss statement.
rm -f "$T_TMP/s.case"*
pr -C "$T_TMP/s.case" init
pr -C "$T_TMP/s.case" import bank kedder_camt053_v08_ch.xml
pr -C "$T_TMP/s.case" reconcile
expect_out_has "ch period" "0035-2915203-10-000 CHF  2023-01-25 2023-01-25           832.01         1,284.30             0.00         2,116.31         2,116.31           0.00 statement (kedder_camt053_v08_ch.xml:13)"

# A camt debit and the pacs.008 that carries the same UETR: one flow.
pr -C "$C" init
pr -C "$C" import bank uetr.camt053.xml
expect_rc "uetr statement" 0
pr -C "$C" import wire "$PR_FIXTURES/wire/CustomerCreditTransfer_Variation3_pacs.008"
expect_rc "uetr wire" 0
pr -C "$C" flows
expect_rc "flows" 0
expect_out_has "flows: debit" "    debit  bank     uetr.camt053.xml:41  USD -510000.74  5647772655: Invoice 2025-17"
expect_out_has "flows: joined" "           joined: UETR 8a562c67-ca16-48ba-b074-65581be6f011"
expect_out_has "flows: wire" "    record wire     CustomerCreditTransfer_Variation3_pacs.008:14  USD 510000.74  Corporation A acct 5647772655 @ 011104238 -> Corporation B acct 567876543 @ 021040078"
expect_out_has "flows: batch detail" "    credit bank     uetr.camt053.xml:83  USD 1500.00  5647772655: John Doe"

# Samples refused, each for what it is.
while IFS='|' read -r file msg; do
	[ -z "$file" ] && continue
	expect_refused "$file" "$msg" "$C" import bank "$file"
done <<'LIST'
camt053.v2.minimal.json|camt053.v2.minimal.json: not a statement format this version reads (ofx, mt940, camt, bai2; a CSV export needs --profile); name one with --format
camt053.v2.wrong.xml|camt053.v2.wrong.xml:3:5: BkToCstmrStmt has no Stmt: nothing to import
camt053.v2.minimal.xml|camt053.v2.minimal.xml:60:17: Bal/Amt is in SEK; the Stmt is in EUR (Acct/Ccy)
camt054.v2.xml|camt054.v2.xml:79:21: TxDtls of a batched entry has no Amt (or AmtDtls/TxAmt/Amt)
camt054.v4.xml|camt054.v4.xml:100:13: TxDtls amount is in CHF; its entry is in SEK
camt054.v8-with-UETR.xml|camt054.v8-with-UETR.xml:16:7: Ntry has no BookgDt or ValDt
kedder_gcamp6_camt053.xml|kedder_gcamp6_camt053.xml:31:5: unknown currency 'XXX' in Bal/Amt
LIST
expect_refused "json as camt" "camt053.v2.minimal.json:1:1: not XML: a camt message starts with '<'" "$C" import bank --format camt camt053.v2.minimal.json

cd "$PR_FIXTURES/bad/camt" || exit 2
while IFS='|' read -r file msg; do
	[ -z "$file" ] && continue
	expect_refused "$file" "$msg" "$C" import bank "$file"
done <<'LIST'
bad_cdtdbtind.xml|bad_cdtdbtind.xml:43:9: CdtDbtInd 'DEBIT' is neither CRDT nor DBIT
bad_date.xml|bad_date.xml:71:20: BookgDt/Dt: date '2025-02-30' does not exist
bad_datetime.xml|bad_datetime.xml:105:20: BookgDt/DtTm '2025-03-10 15:04:05' is not a date and time (YYYY-MM-DDThh:mm:ss)
bad_status.xml|bad_status.xml:96:16: Sts 'DONE' is not BOOK, PDNG, INFO or FUTR
batch_no_amount.xml|batch_no_amount.xml:83:11: TxDtls of a batched entry has no Amt (or AmtDtls/TxAmt/Amt)
batch_sum.xml|batch_sum.xml:67:7: the 2 TxDtls of this Ntry sum to 2400.00 USD; the entry is 2500.00 USD
decimals.xml|decimals.xml:68:9: Ntry/Amt: amount '2500.005' has 3 decimals; at most 2 allowed
doctype.xml|doctype.xml:2:1: DOCTYPE declaration refused: ISO 20022 messages carry none
exponent.xml|exponent.xml:42:9: Ntry/Amt '5.1000074E5' is not a decimal amount (digits and a point only)
no_account.xml|no_account.xml:8:5: Stmt has no Acct/Id (IBAN, Othr/Id or PrtryAcct/Id) before its balances and entries
no_date.xml|no_date.xml:93:7: Ntry has no BookgDt or ValDt
no_stmt.xml|no_stmt.xml:3:3: BkToCstmrStmt has no Stmt: nothing to import
other_currency.xml|other_currency.xml:94:9: Ntry/Amt is in EUR; the Stmt is in USD (Acct/Ccy)
second_opbd.xml|second_opbd.xml:35:7: a second OPBD balance in this Stmt
signed.xml|signed.xml:68:9: Ntry/Amt '-2500.00' is not a decimal amount (digits and a point only)
spaced.xml|spaced.xml:68:9: Ntry/Amt '2 500.00' is not a decimal amount (digits and a point only)
truncated.xml|truncated.xml:60:92: malformed XML: the file ends inside <RltdPties> (line 57): cut short?
undefined_entity.xml|undefined_entity.xml:62:45: malformed XML: entity 'xxe' not defined
unknown_currency.xml|unknown_currency.xml:94:9: unknown currency 'USX' in Ntry/Amt
LIST
finish
