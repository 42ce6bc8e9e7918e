#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# SWIFT MT940 / MT942 statements end to end: told from their content,
# reconciled from their own balances, and the malformed corpus refused
# with exact messages and the case unchanged.
. "$(dirname "$0")/lib.sh"
C="$T_TMP/m.case"

# expect_csv_has NAME LINE: the CSV on stdout (CRLF lines) has LINE
expect_csv_has() {
	if tr -d '\r' <"$T_OUT" | grep -qxF -- "$2"; then ok; else
		not_ok "$1: stdout lacks line: $2"; fi
}

cd "$PR_FIXTURES/mt940" || exit 2

# mBank: one statement that balances; reconcile finds nothing.
pr -C "$C" init
pr -C "$C" import bank mbank_mt940.sta
expect_rc "import mt940" 0
expect_out_has "import mt940" "mbank_mt940.sta: 3 transactions, 1 statement period, SHA-256 $(sha256sum mbank_mt940.sta | cut -d' ' -f1)"
pr -C "$C" documents
if grep -q '^   1  bank       mt940 ' "$T_OUT"; then ok; else
	not_ok "profile column names mt940"; fi
pr -C "$C" reconcile --format csv
expect_rc "mbank reconciles" 0
expect_csv_has "mbank period" "period,PL29114010810000267002001002,PLN,2017-01-19,2017-01-19,0.40,0.03,0.00,0.43,0.43,0.00,statement,mbank_mt940.sta,5,3 rows"

# The MT942 of the same account: its entries, no period of its own (an
# interim report proves no balance); they duplicate the MT940's.
pr -C "$C" import bank --format mt940 mbank_mt942.sta
expect_rc "import mt942" 0
expect_out_has "import mt942" "mbank_mt942.sta: 3 transactions, 0 statement periods, SHA-256 $(sha256sum mbank_mt942.sta | cut -d' ' -f1)"

# Thirty-one daily ASN Bank statements in SWIFT blocks, all balancing;
# two German statements, one of which does not add up: the import
# succeeds and reconcile reports the difference.
C2="$T_TMP/asn.case"
pr -C "$C2" init
pr -C "$C2" import bank asnb_0708271685_09022020_164516.940.txt
expect_rc "import asnb" 0
A=asnb_0708271685_09022020_164516.940.txt
expect_out_has "import asnb" "$A: 8 transactions, 31 statement periods, SHA-256 $(sha256sum $A | cut -d' ' -f1)"
pr -C "$C2" reconcile --format csv
expect_rc "asnb reconciles" 0
C3="$T_TMP/sepa.case"
pr -C "$C3" init
pr -C "$C3" import bank sepa_snippet.sta
expect_rc "import sepa" 0
pr -C "$C3" reconcile --format csv
expect_rc "sepa does not reconcile" 1
expect_csv_has "sepa balances" "period,50880050/0194787400888,EUR,2007-09-04,2007-09-04,766656.49,360093.91,1500.00,1125250.40,1125250.40,0.00,statement,sepa_snippet.sta,4,4 rows"
expect_csv_has "sepa difference" "period,50880050/0194791600888,EUR,2007-09-04,2007-09-04,-1970431.87,1070651.81,3572569.11,-4472349.17,-4472049.09,300.08,statement,sepa_snippet.sta,28,7 rows"

# A statement whose closing balance is not opening + entries: imported,
# and reconcile says by how much.
C4="$T_TMP/unb.case"
pr -C "$C4" init
pr -C "$C4" import bank unbalanced.sta
expect_rc "import unbalanced" 0
pr -C "$C4" reconcile --format csv
expect_rc "unbalanced reported" 1
expect_csv_has "unbalanced difference" "period,NL91ABNA0417164300,EUR,2023-02-01,2023-02-01,1000.00,0.00,12.50,987.50,980.00,-7.50,statement,unbalanced.sta,4,1 row"

# Continuation pages (:62M: then :60M:) are one period.
C5="$T_TMP/pages.case"
pr -C "$C5" init
pr -C "$C5" import bank reversal_pages.sta
expect_out_has "pages" "reversal_pages.sta: 4 transactions, 1 statement period, SHA-256 $(sha256sum reversal_pages.sta | cut -d' ' -f1)"
pr -C "$C5" reconcile --format csv
expect_rc "pages reconcile" 0
expect_csv_has "pages period" "period,DE89370400440532013000,EUR,2023-12-30,2024-01-02,100.00,30.00,10.50,119.50,119.50,0.00,statement,reversal_pages.sta,4,4 rows"

# Samples refused, with where and why.
while IFS='|' read -r file msg; do
	[ -z "$file" ] && continue
	expect_refused "$file" "$msg" "$C" import bank "$file"
done <<'LIST'
february_30.sta|february_30.sta:6:5: :61: value date '160230' does not exist (a 30 February some German banks write for a closing entry; no date is guessed)
raiffeisen-cmi.sta|raiffeisen-cmi.sta:7:11: byte 0xA0 is not UTF-8; MT940 text is read as UTF-8 (convert the file, e.g. iconv -f CP850 -t UTF-8)
sparkassen.sta|sparkassen.sta:1:1: ':61:' outside a statement; expected ':20:' (transaction reference) first
LIST

cd "$PR_FIXTURES/bad/mt940" || exit 2
while IFS='|' read -r file msg; do
	[ -z "$file" ] && continue
	expect_refused "$file" "$msg" "$C" import bank "$file"
done <<'LIST'
truncated.sta|truncated.sta:6:1: the statement from line 1 has no closing balance :62F: (the file is cut short?)
bad_date.sta|bad_date.sta:5:5: :61: value date '231301' does not exist
bad_entry_date.sta|bad_entry_date.sta:5:11: :61: entry date '0231' does not exist
exponent.sta|exponent.sta:5:20: amount '12,5E1' has an exponent
two_commas.sta|two_commas.sta:5:21: amount '12,50,1' has two decimal commas
dot.sta|dot.sta:5:18: amount '12.50' has a '.'; SWIFT amounts use a decimal comma
decimals.sta|decimals.sta:5:16: amount '12,505' has 3 decimals; at most 2 allowed
bad_mark.sta|bad_mark.sta:5:15: :61: has no debit/credit mark; expected C, D, RC or RD, found 'X1'
no_amount.sta|no_amount.sta:5:16: :61: has no amount
funds_code.sta|funds_code.sta:5:16: :61: funds code 'X' is not the third letter of EUR
no_type.sta|no_type.sta:5:21: :61: has no transaction type after the amount; expected N, F or S and 3 characters, found 'QTRFNONREF'
currency.sta|currency.sta:7:13: currency USD differs from the statement's EUR
closing_before.sta|closing_before.sta:7:7: closing date 2023-01-30 is before the opening date 2023-01-31
unknown_field.sta|unknown_field.sta:5:1: unknown field ':99:' in an MT940 statement
latin1.sta|latin1.sta:6:8: byte 0xE9 is not UTF-8; MT940 text is read as UTF-8 (convert the file, e.g. iconv -f CP850 -t UTF-8)
no_opening.sta|no_opening.sta:4:5: :61: before the opening balance :60F: (or, in an MT942, :34F:)
stray_line.sta|stray_line.sta:5:1: expected a field ':NNa:'; found 'TEST PAYMENT'
LIST

finish
