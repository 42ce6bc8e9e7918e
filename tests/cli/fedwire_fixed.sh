#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Fedwire messages in fixed-width records (80 columns, tags running on
# across the breaks): read as the tag format, errors at the file's own
# line and column, the case unchanged.
. "$(dirname "$0")/lib.sh"
C="$T_TMP/f.case"

cd "$PR_FIXTURES/wire" || exit 2
pr -C "$C" init
pr -C "$C" import wire fedwire-fixed80.txt
expect_rc "fixed-width fedwire" 0
expect_out_has "fixed-width fedwire" "fedwire-fixed80.txt: 2 wires, SHA-256 $(sha256sum fedwire-fixed80.txt | cut -d' ' -f1)"
pr -C "$C" wires
expect_out_has "fixed: first message" "2022-03-24 USD         222.00  John Doe (123456 021000021) -> Test Name (123455 021000021) IMAD 2022032400000000000001  [fedwire-fixed80.txt:1]"
expect_out_has "fixed: second message, record 7" "2019-04-10 USD       12345.67  Name (1234 121042882) -> Name (1234 231380104) IMAD 20190410Source08000001  [fedwire-fixed80.txt:7]"

cd "$PR_FIXTURES/bad/wire" || exit 2
while IFS='|' read -r file msg; do
	[ -z "$file" ] && continue
	expect_refused "$file" "$msg" "$C" import wire "$file"
done <<'LIST'
fedwire_fixed_aba.txt|fedwire_fixed_aba.txt:2:1: {3100} does not start with a 9-digit ABA routing number; found '02100002XJPMORGAN CHASE*'
fedwire_fixed_amount.txt|fedwire_fixed_amount.txt:7:63: {2000} amount '0000012345X7' is not 12 digits (cents)
fedwire_fixed_long.txt|fedwire_fixed_long.txt:3:81: record is 81 bytes; this file's records are 80 (fixed width)
LIST
finish
