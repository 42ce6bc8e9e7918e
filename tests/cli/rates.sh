#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Exchange rates: the canonical rates CSV and its malformed inputs.
. "$(dirname "$0")/lib.sh"
C="$T_TMP/r.case"

cd "$PR_FIXTURES/rates" || exit 2
pr -C "$C" init
pr -C "$C" import rates ecb-2023.csv
expect_rc "import rates" 0
expect_out_has "import rates" "ecb-2023.csv: 4 rates, SHA-256 $(sha256sum ecb-2023.csv | cut -d' ' -f1)"
pr -C "$C" import rates --format csv ecb-2023.csv
expect_rc "rates take no --format" 2

cd "$PR_FIXTURES/bad/rates" || exit 2
while IFS='|' read -r file msg; do
	[ -z "$file" ] && continue
	expect_refused "$file" "$msg" "$C" import rates "$file"
done <<'LIST'
rate_exponent.csv|rate_exponent.csv:2:20: rate '1.1e0' has an exponent
rate_negative.csv|rate_negative.csv:2:20: a rate must be positive
rate_same.csv|rate_same.csv:2:16: base and quote are the same currency
rate_zero_den.csv|rate_zero_den.csv:2:20: rate '1/0' has a zero denominator
rate_no_source.csv|rate_no_source.csv:2:27: no source: say where the rate was taken from
rate_missing_column.csv|rate_missing_column.csv:1:1: header has no column 'source'
LIST
finish
