#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# BAI2 files end to end: real samples told from their content, their
# rows and statement periods, reconcile, and the malformed corpus (each
# refused with its exact message, the case unchanged).
. "$(dirname "$0")/lib.sh"
C="$T_TMP/b.case"

cd "$PR_FIXTURES/bai2" || exit 2
pr -C "$C" init
while IFS='|' read -r file counts; do
	[ -z "$file" ] && continue
	pr -C "$C" import bank "$file"
	expect_rc "import $file" 0
	expect_out_has "import $file" "$file: $counts, SHA-256 $(sha256sum "$file" | cut -d' ' -f1)"
done <<'LIST'
spec_example.bai2|3 transactions, 1 statement period
svb_us_example.bai2|2 transactions, 2 statement periods
nwb_example.bai2|5 transactions, 1 statement period
citi_example.bai2|1 transaction, 1 statement period
bai2_moov_sample1.txt|17 transactions, 0 statement periods
bai2_moov_sample2.txt|4 transactions, 0 statement periods
account_trailer_amount_blank_example.bai2|0 transactions, 0 statement periods
LIST
pr -C "$C" documents
if grep -q '  bank       bai2  ' "$T_OUT"; then ok; else
	not_ok "documents record the format bai2"; fi

# Every row: amount signed by its type code, the code's meaning and the
# text (88 continuations joined), bank and customer references.
pr -C "$C" flows --format csv
expect_rc "flows" 0
expect_out_file "flows of the samples" samples.flows.csv.expected

# 010 and 015 make statement periods of the as-of date, proved by the
# rows: SVB's two days chain, NatWest's balances; Citi's file states a
# closing ledger that misses its own 0.01 credit.
pr -C "$C" reconcile --format csv
expect_rc "reconcile" 1
expect_out_has "period spec" "$(printf 'period,1234567,USD,2024-01-04,2024-01-04,1000.00,500.00,250.00,1250.00,1250.00,0.00,statement,spec_example.bai2,3,3 rows\r')"
expect_out_has "period svb 1" "$(printf 'period,1234567890,USD,2022-02-01,2022-02-01,347269.79,4901.96,0.00,352171.75,352171.75,0.00,statement,svb_us_example.bai2,3,1 row\r')"
expect_out_has "period svb 2" "$(printf 'period,1234567890,USD,2022-02-02,2022-02-02,352171.75,9058.00,0.00,361229.75,361229.75,0.00,statement,svb_us_example.bai2,12,1 row\r')"
expect_out_has "period nwb" "$(printf 'period,88888888 600004,GBP,2009-12-16,2009-12-16,365.21,0.89,27.65,338.45,338.45,0.00,statement,nwb_example.bai2,3,5 rows\r')"
expect_out_has "period citi" "$(printf 'period,77777777,GBP,2015-07-15,2015-07-15,100.00,0.01,0.00,100.01,100.00,-0.01,statement,citi_example.bai2,3,1 row\r')"

# Records packed several to a line, text wrapped onto a line of its own:
# 26 rows and 15 periods (one per 03 with 010 and 015).
pr -C "$T_TMP/s3.case" init
pr -C "$T_TMP/s3.case" import bank bai2_moov_sample3.txt
expect_rc "sample3" 0
expect_out_has "sample3" "bai2_moov_sample3.txt: 26 transactions, 15 statement periods, SHA-256 $(sha256sum bai2_moov_sample3.txt | cut -d' ' -f1)"

# Refused: a trailer whose control total is not the sum of its account,
# a header that is not BAI2.
expect_refused "sample4" "bai2_moov_sample4-continuations-newline-delimited.txt:22:4: account control total -1260161341762 does not match the sum of the account's 03 and 16 amounts, 7999960" "$C" import bank bai2_moov_sample4-continuations-newline-delimited.txt
expect_refused "parse error sample" "bai2_moov_sample-parseError.txt:1:1: not a BAI2 file: expected the file header '01,'; found '00,0004,1/2/345,06/0321,0829,001,80,1,2/'" "$C" import bank --format bai2 bai2_moov_sample-parseError.txt
expect_refused "parse error sample, not told" "bai2_moov_sample-parseError.txt: not a statement format this version reads (ofx, mt940, camt, bai2; a CSV export needs --profile); name one with --format" "$C" import bank bai2_moov_sample-parseError.txt

cd "$PR_FIXTURES/bad/bai2" || exit 2
while IFS='|' read -r file msg; do
	[ -z "$file" ] && continue
	expect_refused "$file" "$msg" "$C" import bank --format bai2 "$file"
done <<'LIST'
account_count.bai2|account_count.bai2:8:11: account trailer counts 7 records; there are 6
account_in_account.bai2|account_in_account.bai2:4:1: account identifier (03) inside the account of line 3: no account trailer (49) before it
account_total.bai2|account_total.bai2:8:4: account control total 375001 does not match the sum of the account's 03 and 16 amounts, 375000
after_trailer.bai2|after_trailer.bai2:11:1: account identifier (03) after the file trailer (99)
asof_date.bai2|asof_date.bai2:2:22: as-of date '240230' does not exist
currency.bai2|currency.bai2:2:34: unknown currency 'XYZ'
cut_in_account.bai2|cut_in_account.bai2:6:1: the file ends inside the account of line 3 (no account trailer 49, group trailer 98 or file trailer 99): it is cut short
decimal_point.bai2|decimal_point.bai2:7:8: amount '250.00' has a decimal point; BAI2 amounts are whole minor units (cents) without one
detail_outside_account.bai2|detail_outside_account.bai2:9:1: transaction detail (16) outside an account: no account identifier (03) before it
distributions.bai2|distributions.bai2:5:33: availability days 'ACH1' is not a number
exponent.bai2|exponent.bai2:5:8: amount '2E4' is not a whole number of minor units: expected digits
file_count.bai2|file_count.bai2:10:13: file trailer counts 11 records; there are 10
file_groups.bai2|file_groups.bai2:10:11: file trailer counts 0 groups; there is 1
file_total.bai2|file_total.bai2:10:4: file control total 375100 does not match the sum of its group control totals, 375000
funds_type.bai2|funds_type.bai2:7:14: unknown funds type 'X': expected 0, 1, 2, V, S, D or Z
group_accounts.bai2|group_accounts.bai2:9:11: group trailer counts 2 accounts; there is 1
group_count.bai2|group_count.bai2:9:13: group trailer counts 9 records; there are 8
group_total.bai2|group_total.bai2:9:4: group control total -375000 does not match the sum of its account control totals, 375000
header_date.bai2|header_date.bai2:1:20: file creation date '241305' does not exist
no_file_trailer.bai2|no_file_trailer.bai2:10:1: the file ends without its file trailer (99): it is cut short
no_group_trailer.bai2|no_group_trailer.bai2:9:1: the file ends inside the group of line 2 (no group trailer 98 or file trailer 99): it is cut short
orphan_continuation.bai2|orphan_continuation.bai2:1:1: continuation (88) with no record before it to continue
record_code.bai2|record_code.bai2:5:1: unknown record code '17'
signed_detail.bai2|signed_detail.bai2:7:8: amount '-25000' has a sign; a transaction's amount is unsigned (its type code says credit or debit)
status_in_detail.bai2|status_in_detail.bai2:7:4: type code 015 (Closing Ledger) is an account status; a 16 record reports a transaction
summary_decimal.bai2|summary_decimal.bai2:3:43: amount '500.00' has a decimal point; BAI2 amounts are whole minor units (cents) without one
test_group.bai2|test_group.bai2:2:20: group status 4 (test only): its balances and transactions are not to be taken as the account's
unknown_type.bai2|unknown_type.bai2:7:4: unknown type code 850: not in the BAI2 specification's list nor customised (900-999)
value_date.bai2|value_date.bai2:4:16: value date '24014' is not a date YYMMDD
version.bai2|version.bai2:1:36: BAI version '3': this reader reads version 2
LIST
finish
