#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# OFX / QFX statements end to end: real downloads told from their first
# bytes, reconciled on their ledger balances; two downloads that overlap
# give the same transaction twice (duplicate across documents); the
# malformed corpus refused with exact messages and the case unchanged.
. "$(dirname "$0")/lib.sh"
C="$T_TMP/o.case"

cd "$PR_FIXTURES/ofx" || exit 2
pr -C "$C" init
for f in stmtrs.ofx checking.ofx ofx-2.1.1-sect-16.5.3.2.ofx anzcc.ofx \
	capitalone_360Checking.qfx bank_medium.ofx suncorp.ofx; do
	pr -C "$C" import bank "$f"
	expect_rc "import $f" 0
done
pr -C "$C" import bank ofx-2.1.1-sect-16.5.3.2.ofx
expect_rc "import again" 2
pr -C "$C" documents
expect_rc "documents" 0
if grep -q '^ *[0-9]*  bank  *ofx  *1790  *3  1d9f0a02d364515aee870c20b5d8c8d97cb0103b6ae52ba2c31fd2ac521775ec  ofx-2.1.1-sect-16.5.3.2.ofx$' "$T_OUT"
then ok; else not_ok "documents: profile ofx, size, records"; fi
pr -C "$C" reconcile
expect_rc "samples reconcile" 0
pr -C "$C" reconcile --format csv
expect_out_file "reconcile samples" samples.reconcile.csv.expected

# CHARSET:1252: the Latin-1 name reaches the case as UTF-8
L="$T_TMP/l.case"
pr -C "$L" init
pr -C "$L" import bank accented_characters_latin1.ofx
expect_rc "import latin-1" 0
expect_out_has "import latin-1" "accented_characters_latin1.ofx: 1 transaction, 1 statement period, SHA-256 $(sha256sum accented_characters_latin1.ofx | cut -d' ' -f1)"
pr -C "$L" flows --format csv
if grep -q 'Virement Interac à: Jean' "$T_OUT"; then ok; else
	not_ok "latin-1 text as UTF-8"; fi

# --format names the reader; a bare <OFX> body is found too
pr -C "$T_TMP/f.case" init
pr -C "$T_TMP/f.case" import bank --format ofx ofx_spec160_stmtrs_example.sgml
expect_rc "--format ofx" 0
expect_out_has "--format ofx" "ofx_spec160_stmtrs_example.sgml: 2 transactions, 1 statement period, SHA-256 $(sha256sum ofx_spec160_stmtrs_example.sgml | cut -d' ' -f1)"

# Two downloads of one account that overlap (Jan 1-15 and Jan 10-31):
# check 1042 of Jan 12 is in both, with one FITID.
O="$T_TMP/overlap.case"
pr -C "$O" init
pr -C "$O" import bank overlap_a.ofx
expect_rc "overlap a" 0
pr -C "$O" import bank overlap_b.ofx
expect_rc "overlap b" 0
pr -C "$O" reconcile
expect_rc "overlap reconcile" 1
expect_out_has "duplicate across" "overlap_a.ofx:55 = overlap_b.ofx:39: 021000021 4821 USD 2024-01-12 -900.00 'CHECK: J SMITH; check 1042' (across documents)"
expect_out_has "overlap" "021000021 4821 USD overlap 2024-01-10 to 2024-01-15 (overlap_b.ofx:29)"
pr -C "$O" reconcile --format csv
expect_out_file "overlap reconcile csv" overlap.reconcile.csv.expected
# one download alone reconciles
pr -C "$T_TMP/a.case" init
pr -C "$T_TMP/a.case" import bank overlap_a.ofx
pr -C "$T_TMP/a.case" reconcile
expect_rc "one download reconciles" 0

# The malformed corpus, each with its exact message; the case (with
# rows in it) is unchanged after every refusal.
cd "$PR_FIXTURES/ofx/bad" || exit 2
while IFS='|' read -r file msg; do
	[ -z "$file" ] && continue
	expect_refused "$file" "$msg" "$O" import bank --format ofx "$file"
done <<'LIST'
truncated.ofx|truncated.ofx:50:1: the file ends inside the STMTTRN of line 46: it is cut short
trnamt_exponent.ofx|trnamt_exponent.ofx:42:1: TRNAMT '2.5E3' has an exponent
trnamt_two_points.ofx|trnamt_two_points.ofx:50:1: TRNAMT '-120.35.00' has 2 decimal points
trnamt_decimals.ofx|trnamt_decimals.ofx:50:1: TRNAMT: amount '-120.355' has 3 decimals; at most 2 allowed
trnamt_dollar.ofx|trnamt_dollar.ofx:50:1: TRNAMT '$120' is not a decimal amount
foreign_currency.ofx|foreign_currency.ofx:46:1: a transaction in another currency (CURRENCY 'EUR'): this reader does not convert
no_acctid.ofx|no_acctid.ofx:29:1: the STMTRS names no account (ACCTID)
fitid_empty.ofx|fitid_empty.ofx:51:1: FITID is empty
dtposted_no_day.ofx|dtposted_no_day.ofx:48:1: DTPOSTED '20240230': no such day
ofxparse_fail_date_missing.ofx|ofxparse_fail_date_missing.ofx:33:5: transaction without DTPOSTED
ofxparse_fail_decimal_error.ofx|ofxparse_fail_decimal_error.ofx:36:21: DTPOSTED '201120000000': no such day
ofxparse_fail_empty_balance.ofx|ofxparse_fail_empty_balance.ofx:38:17: the LEDGERBAL has no balance (BALAMT is empty)
error_message.ofx|error_message.ofx:23:17: the OFX server answered STMTTRNRS with error 2000: 'General Server Error'
signon_fail.ofx|signon_fail.ofx:11:37: the OFX server answered SONRS with error 15500: 'Your request could not be processed because you supplied an invalid identification code or your password was incorrect'
bank_small.ofx|bank_small.ofx:1:1: no bank or credit-card statement (STMTRS or CCSTMTRS) in the file
account_listing_aggregation.ofx|account_listing_aggregation.ofx:1:1: no bank or credit-card statement (STMTRS or CCSTMTRS) in the file
ofx-2.1.1-sect-8.5.5.ofx|ofx-2.1.1-sect-8.5.5.ofx:1:1: no bank or credit-card statement (STMTRS or CCSTMTRS) in the file
fidelity.ofx|fidelity.ofx:11:317: an investment statement (INVSTMTRS): this reader takes bank and credit-card statements only
ofx-2.1.1-sect-13.12.ofx|ofx-2.1.1-sect-13.12.ofx:25:1: an investment statement (INVSTMTRS): this reader takes bank and credit-card statements only
ally_transactions.qfx|ally_transactions.qfx:65:1: <STMTTRN> outside a BANKTRANLIST
br_nubank_cc.ofx|br_nubank_cc.ofx:92:1: </CCSTMTRS> while the BANKTRANLIST of line 37 is still open
ofx-v102-empty-tags.ofx|ofx-v102-empty-tags.ofx:23:277: the STMTRS has no currency (CURDEF)
ofxstatementGenerated.n26.ofx|ofxstatementGenerated.n26.ofx:54:11: the LEDGERBAL has no balance (BALAMT is empty)
downcast.ofx|downcast.ofx:4:1: the CCSTMTRS has no currency (CURDEF)
heap-buffer-overflow-1.ofx|heap-buffer-overflow-1.ofx:4:1: the CCSTMTRS has no currency (CURDEF)
heap-buffer-overflow-2.ofx|heap-buffer-overflow-2.ofx:1:9: NUL byte: this is not a text file
null-ptr-deref-1.ofx|null-ptr-deref-1.ofx:3:14: malformed tag '<OFX\x0a<<USEDE0\x0a</SIGN'
null-ptr-deref-2.ofx|null-ptr-deref-2.ofx:1:1: <STATUS> outside <OFX>
failing-ofx-file1.xml|failing-ofx-file1.xml:1:1: no <OFX> element: this is not an OFX file
failing-ofx-file2.xml|failing-ofx-file2.xml:1:1: no bank or credit-card statement (STMTRS or CCSTMTRS) in the file
use-after-free.ofx|use-after-free.ofx:1:1: <OFC> outside <OFX>
LIST
# without --format, a file no probe takes is refused by the dispatcher
expect_refused "not ofx" "use-after-free.ofx: not a statement format this version reads (ofx, mt940, camt, bai2; a CSV export needs --profile); name one with --format" "$O" import bank use-after-free.ofx
# libofx prints nothing of its own, even on the worst input
pr -C "$O" import bank --format ofx null-ptr-deref-1.ofx
if [ "$(wc -l <"$T_ERR")" -eq 2 ] && [ ! -s "$T_OUT" ]; then ok; else
	not_ok "libofx is silent"; fi

finish
