#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The bad-input corpus (fixtures/bad): every malformed file is refused with
# FILE:LINE:COLUMN: message and exit 2, and the case is left exactly as it
# was. Also the legitimate oddities (BOM, CR and CRLF line ends, blank
# lines) that must import, with the right values and line numbers.
. "$(dirname "$0")/lib.sh"

BAD=$PR_FIXTURES/bad
NOTHING='proceeds: nothing imported; the case is unchanged'

# new_case NAME: a case in $T_TMP holding good.csv, so that a failed
# import has something to leave alone. Sets C.
new_case() {
	C=$T_TMP/$1.case
	rm -rf "$C"
	if ! "$PROCEEDS" -C "$C" init >/dev/null ||
	    ! (cd "$BAD" && "$PROCEEDS" -C "$C" import bank \
		--profile simple.profile --account ACC1 good.csv >/dev/null)
	then
		echo "cannot set up $C"
		exit 99
	fi
}

# refuse NAME DIR EXPECTED IMPORT-ARGS...: in DIR, the import must exit 2
# with stderr exactly EXPECTED and the case must not change.
refuse() {
	local name=$1 dir=$2 want=$3 before
	shift 3
	new_case "$name"
	before=$(case_state "$C")
	cd "$dir" || exit 99
	pr -C "$C" import "$@"
	cd - >/dev/null || exit 99
	expect_rc "$name" 2
	expect_err "$name" "$want"
	if [ "$(case_state "$C")" = "$before" ]; then ok; else
		not_ok "$name: the case changed"; fi
}

# The table: NAME | HOW | FILES | MESSAGE. HOW is 'statements' or a
# profile in fixtures/bad, used with --account ACC1 (but 'preamble' reads
# the account from the file). MESSAGE is the first line of stderr after
# 'proceeds: '; the second is $NOTHING, except where HOW starts with '1:':
# a bad profile is refused before the case is opened, in one line.
# Every line and column below was counted by hand.
while IFS='|' read -r name how files msg; do
	[ -z "$name" ] && continue
	lines=2
	case $how in
	1:*) lines=1; how=${how#1:} ;;
	esac
	case $how in
	statements) set -- statements ;;
	preamble) set -- bank --profile preamble.profile ;;
	*) set -- bank --profile "$how.profile" --account ACC1 ;;
	esac
	want="proceeds: $msg"
	[ "$lines" = 2 ] && want="$want
$NOTHING"
	# shellcheck disable=SC2086 # FILES is a list
	refuse "$name" "$BAD" "$want" "$@" $files
done <<'EOF'
trunc_record|simple|trunc_record.csv|trunc_record.csv:3:19: record has 3 fields; expected 4 (the file ends mid-record: cut short?)
trunc_quoted|simple|trunc_quoted.csv|trunc_quoted.csv:3:12: quoted field not closed before the end of the file
unbalanced_quote|simple|unbalanced_quote.csv|unbalanced_quote.csv:3:12: quoted field not closed before the end of the file
quote_after_blanks|simple|quote_after_blanks.csv|quote_after_blanks.csv:3:14: quoted field not closed before the end of the file
text_after_quote|simple|text_after_quote.csv|text_after_quote.csv:3:19: text after a closing quote; expected a delimiter or the end of the line
quote_in_field|simple|quote_in_field.csv|quote_in_field.csv:3:14: quote inside an unquoted field; a field with quotes must be quoted whole
too_many|simple|too_many.csv|too_many.csv:3:32: record has 5 fields; expected 4
too_few|simple|too_few.csv|too_few.csv:3:24: record has 3 fields; expected 4
latin1_in_utf8|simple|latin1_in_utf8.csv|latin1_in_utf8.csv:3:15: invalid UTF-8 (byte 0xE9); the profile declares utf-8
cp1252_undefined|cp1252|cp1252_undefined.csv|cp1252_undefined.csv:3:18: byte 0x81 is not a windows-1252 character
preamble_bad_utf8|preamble|preamble_bad_utf8.csv|preamble_bad_utf8.csv:1:12: invalid UTF-8 (byte 0xFF); the profile declares utf-8
bom_latin1|latin1|bom_latin1.csv|bom_latin1.csv:1:1: UTF-8 byte order mark, but the profile declares latin-1
utf16le|simple|utf16le.csv|utf16le.csv:1:1: UTF-16 text (byte order mark FF FE); convert it to UTF-8
utf16be|simple|utf16be.csv|utf16be.csv:1:1: UTF-16 text (byte order mark FE FF); convert it to UTF-8
cr_bad_line3|simple|cr_bad_line3.csv|cr_bad_line3.csv:3:25: amount '6OO.00' is not a decimal number
crlf_bad_line3|simple|crlf_bad_line3.csv|crlf_bad_line3.csv:3:25: amount '6OO.00' is not a decimal number
cr_multiline_bad|simple|cr_multiline_bad.csv|cr_multiline_bad.csv:4:25: amount '6OO.00' is not a decimal number
multiline_bad|simple|multiline_bad.csv|multiline_bad.csv:3:15: amount '1000.O0' has no digit after the decimal separator
blank_lines_bad|simple|blank_lines_bad.csv|blank_lines_bad.csv:4:25: amount '6OO.00' is not a decimal number
empty|simple|empty.csv|empty.csv: empty file
nul_byte|simple|nul_byte.csv|nul_byte.csv:3:14: NUL byte: this is not a text file
huge_amount|simple|huge_amount.csv|huge_amount.csv:2:19: amount '1000000000000000.00' is 10^15 USD or more: not a plausible figure
decimals_99|simple|decimals_99.csv|decimals_99.csv:2:19: amount '1.00000000000000000000000000000000000000...' has 99 decimals; at most 2 allowed
exponent|simple|exponent.csv|exponent.csv:2:19: amount '1e5' has an exponent
nan|simple|nan.csv|nan.csv:2:19: amount 'NaN' is not a number
paren_open|simple|paren_open.csv|paren_open.csv:2:19: amount '(12.00' has an unbalanced parenthesis
thousands_misplaced|simple|thousands_misplaced.csv|thousands_misplaced.csv:2:19: amount '1,23.00' has a misplaced thousands separator
two_signs|simple|two_signs.csv|two_signs.csv:2:19: amount '--5.00' has more than one sign
empty_amount|simple|empty_amount.csv|empty_amount.csv:2:19: empty amount
date_feb30|simple|date_feb30.csv|date_feb30.csv:3:1: date '2023-02-30' does not exist
date_feb29|simple|date_feb29.csv|date_feb29.csv:3:1: date '2023-02-29' does not exist
date_apr31|dmy|date_apr31.csv|date_apr31.csv:3:1: date '31/04/2021' does not exist
date_layout|simple|date_layout.csv|date_layout.csv:3:1: date '01/02/2023' does not match layout YYYY-MM-DD
debit_credit_both|debitcredit|debit_credit_both.csv|debit_credit_both.csv:3:17: both debit and credit have an amount
debit_credit_none|debitcredit|debit_credit_none.csv|debit_credit_none.csv:3:17: neither debit nor credit has an amount
direction_unknown|direction|direction_unknown.csv|direction_unknown.csv:3:24: direction 'DB' is neither 'CR' (credit) nor 'DR' (debit)
missing_column|simple|missing_column.csv|missing_column.csv:1:1: header has no column 'balance' (profile simple, line 9)
dup_header|simple|dup_header.csv|dup_header.csv:1:25: header names column 'amount' twice; the profile must use its position (#3 or #4)
unknown_key|unknown_key|good.csv|unknown_key.profile:5:1: unknown key 'colour'
bad_date_format|bad_date_format|good.csv|bad_date_format.profile:2:15: date layout 'DD.MM.' has no year (tokens: YYYY YY Mon MM M DD D)
cell_outside|cell_outside|good.csv|cell_outside.profile: closing_cell is on line 5, outside the 2 preamble lines
negate_debitcredit|negate_debitcredit|good.csv|negate_debitcredit.profile: negate applies to an amount column, not to debit and credit
st_unknown_column|statements|st_unknown_column.csv|st_unknown_column.csv:1:44: unknown column 'branch' (expected account, currency, start, end, opening, closing)
st_dup_column|statements|st_dup_column.csv|st_dup_column.csv:1:44: column 'start' named twice (also #3)
st_missing_column|statements|st_missing_column.csv|st_missing_column.csv:1:1: header has no column 'opening'
st_end_before_start|statements|st_end_before_start.csv|st_end_before_start.csv:2:21: period ends on 2023-01-01, before it starts on 2023-01-31
st_unknown_currency|statements|st_unknown_currency.csv|st_unknown_currency.csv:2:6: unknown currency 'XYZ'
same_file_twice|simple|other.csv other.csv|other.csv: same content as 'other.csv', given earlier in this command (SHA-256 58dcba3ed357)
same_content_twice|simple|other.csv other_copy.csv|other_copy.csv: same content as 'other.csv', given earlier in this command (SHA-256 58dcba3ed357)
second_file_bad|simple|other.csv too_few.csv|too_few.csv:3:24: record has 3 fields; expected 4
EOF

# All or nothing: the good first file of a failed command is not in the
# case either (the fingerprint above covers it; say it outright too).
new_case all_or_nothing
cd "$BAD" || exit 99
pr -C "$C" import bank --profile simple.profile --account ACC1 other.csv \
	too_few.csv
cd - >/dev/null || exit 99
expect_rc "all_or_nothing" 2
pr -C "$C" documents
if grep -q 'other\.csv' "$T_OUT"; then
	not_ok "all_or_nothing: other.csv is in the case"
else ok; fi

# Limits, on files made here rather than kept in the tree: a line over
# 1 MiB, and a quoted field left open for over 4 MiB. The column of the
# first is the first byte past the limit; the second points at the quote.
H='date,description,amount,balance'
GEN=$T_TMP/gen
mkdir -p "$GEN"
{
	printf '%s\n2023-01-02,salary,1000.00,1000.00\n2023-01-03,' "$H"
	head -c 1100000 /dev/zero | tr '\0' x
	printf ',-1.00,999.00\n'
} >"$GEN/long_line.csv"
refuse long_line "$GEN" "proceeds: long_line.csv:3:1048577: line longer than 1048576 bytes
$NOTHING" bank --profile "$BAD/simple.profile" --account ACC1 long_line.csv
{
	printf '%s\n2023-01-02,salary,1000.00,1000.00\n2023-01-03,"' "$H"
	head -c 5000000 /dev/zero | tr '\0' x | fold -w 1000
	printf '\n'
} >"$GEN/long_record.csv"
refuse long_record "$GEN" "proceeds: long_record.csv:3:12: record longer than 4194304 bytes: is the quote opened here never closed?
$NOTHING" bank --profile "$BAD/simple.profile" --account ACC1 long_record.csv

# Every reader that reads text names a NUL byte, and where it is, rather
# than what the rest of the file then looks like (a long line, a wrong
# tag, malformed XML or JSON, an unknown key). fixtures/bad/nul: the head
# of a file of each kind, a NUL at line 2, column 3.
NULS=$BAD/nul
while IFS='|' read -r name file args; do
	[ -z "$name" ] && continue
	# shellcheck disable=SC2086 # ARGS is a list
	refuse "nul_$name" "$NULS" "proceeds: $file:2:3: NUL byte: this is \
not a text file
$NOTHING" $args "$file"
done <<'EOF'
bank|bank.csv|bank --profile ../simple.profile --account ACC1
statements|statements.csv|statements
wire_csv|wire.csv|wire
mt103|mt103.rje|wire
fedwire|fedwire.txt|wire
pacs008|pacs008.xml|wire
chain_csv|chain.csv|chain
etherscan|etherscan.csv|chain
explorer|explorer.json|chain
rates|rates.csv|rates
property|property.csv|property
decisions|decisions.csv|decisions
victims|victims.csv|victims
designations|designations.csv|designations
work|work.csv|work
exchange|exchange.csv|exchange --profile coinbasepro --account X
EOF
# a profile: refused before the case is opened, in one line
refuse nul_profile "$NULS" "proceeds: ./simple.profile:2:3: NUL byte: this \
is not a text file
$NOTHING" bank --profile ./simple.profile --account ACC1 bank.csv
# A binary file is no long line: 2 MB of NULs, no line end, to the reader
# of lines, a reader of whole files, and the format detection.
head -c 2000000 /dev/zero >"$GEN/zeros.bin"
for args in "bank --profile $BAD/simple.profile --account ACC1" \
	"wire --format mt103" chain; do
	# shellcheck disable=SC2086 # ARGS is a list
	refuse "zeros_${args%% *}" "$GEN" "proceeds: zeros.bin:1:1: NUL byte: this \
is not a text file
$NOTHING" $args zeros.bin
done

# The XML reader says in its own words what is wrong (not libxml2's "use
# XML_PARSE_HUGE option" or "entity reference loop"), and where: line and
# column, also for what it finds wrong in a well-formed message.
while IFS='|' read -r file msg; do
	[ -z "$file" ] && continue
	refuse "$file" "$BAD/wire" "proceeds: $file:$msg
$NOTHING" wire "$file"
done <<'EOF'
pacs008_billion_laughs.xml|2:1: DOCTYPE declaration refused: ISO 20022 messages carry none
pacs008_entity_loop.xml|2:1: DOCTYPE declaration refused: ISO 20022 messages carry none
pacs008_deep.xml|2:834: malformed XML: elements nested more than 256 deep
pacs008_one_line.xml|1:254: unknown currency 'XYZ' in IntrBkSttlmAmt
pacs008_no_amount.xml|5:1: CdtTrfTxInf has no IntrBkSttlmAmt
EOF
{
	printf '<?xml version="1.0"?>\n<Document xmlns="urn:iso:std:iso:20022:'
	printf 'tech:xsd:pacs.008.001.08"><'
	head -c 50001 /dev/zero | tr '\0' N
	printf '/></Document>\n'
} >"$GEN/long_name.xml"
refuse long_name "$GEN" "proceeds: long_name.xml:2:67: malformed XML: a name \
longer than 50,000 bytes
$NOTHING" wire long_name.xml
{
	printf '<?xml version="1.0"?>\n<Document xmlns="urn:iso:std:iso:20022:'
	printf 'tech:xsd:pacs.008.001.08"><x a="'
	head -c 10000001 /dev/zero | tr '\0' a
	printf '"/></Document>\n'
} >"$GEN/long_value.xml"
refuse long_value "$GEN" "proceeds: long_value.xml:2:71: malformed XML: an \
attribute value longer than 10,000,000 bytes
$NOTHING" wire long_value.xml
# "not a on-chain format": the article follows the word.
refuse not_on_chain "$BAD/wire" "proceeds: not_a_wire.txt: not an on-chain \
format this version reads (csv, etherscan, explorer); name one with --format
$NOTHING" chain not_a_wire.txt

# What must import. Each goes into an empty case under its own account;
# the reconciliation row proves the amounts, and its line column (the
# last row's line) proves the line count. The row is compared up to that
# column, leaving out the free-text detail.
# accept NAME ACCOUNT FILE RECON-ROW
accept() {
	C=$T_TMP/$1.case
	rm -rf "$C"
	"$PROCEEDS" -C "$C" init >/dev/null || exit 99
	cd "$BAD" || exit 99
	pr -C "$C" import bank --profile simple.profile --account "$2" "$3"
	cd - >/dev/null || exit 99
	expect_rc "$1" 0
	pr -C "$C" reconcile --format csv
	if cut -d, -f1-14 "$T_OUT" | grep -qxF -- "$4"; then ok; else
		not_ok "$1: no reconciliation row $4"; fi
}

RUN='0.00,running balance'
accept bom_utf8 BOM bom_utf8.csv \
	"period,BOM,USD,2023-01-02,2023-01-03,0.00,1000.00,4.50,995.50,995.50,$RUN,bom_utf8.csv,3"
# The document is the file as received, BOM and all.
pr -C "$C" documents
if grep -q "$(sha256sum "$BAD/bom_utf8.csv" | cut -d' ' -f1)" "$T_OUT"
then ok; else not_ok "bom_utf8: SHA-256 is not that of the file"; fi
accept cr_good CR cr_good.csv \
	"period,CR,USD,2023-01-02,2023-01-03,0.00,1000.00,400.00,600.00,600.00,$RUN,cr_good.csv,3"
accept crlf_good CRLF crlf_good.csv \
	"period,CRLF,USD,2023-01-02,2023-01-03,0.00,1000.00,400.00,600.00,600.00,$RUN,crlf_good.csv,3"
accept blank_lines BLANK blank_lines.csv \
	"period,BLANK,USD,2023-01-02,2023-01-03,0.00,1000.00,400.00,600.00,600.00,$RUN,blank_lines.csv,5"
accept huge_ok BIG huge_ok.csv \
	"period,BIG,USD,2023-01-02,2023-01-02,0.00,999999999999999.99,0.00,999999999999999.99,999999999999999.99,$RUN,huge_ok.csv,2"

finish
