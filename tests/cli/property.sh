#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Titled assets: a house bought with earnest money, two wires and a
# mortgage; a car bought by wire; valuations; and malformed files.
. "$(dirname "$0")/lib.sh"
C="$T_TMP/p.case"

cd "$PR_FIXTURES/property" || exit 2
pr -C "$C" init
pr -C "$C" import property gulfport-closing.csv
expect_rc "import property" 0
expect_out_has "import property" "gulfport-closing.csv: 9 property records, SHA-256 $(sha256sum gulfport-closing.csv | cut -d' ' -f1)"
pr -C "$C" documents
if grep -q ' property  *property .*gulfport-closing.csv$' "$T_OUT"; then ok
else not_ok "documents lists the property file"; fi

cd "$PR_FIXTURES/bad/property" || exit 2
while IFS='|' read -r file msg; do
	[ -z "$file" ] && continue
	expect_refused "$file" "$msg" "$C" import property "$file"
done <<'LIST'
closing_short.csv|closing_short.csv:2: the funding of asset 'H1' adds up to 299,999.99, not its cost 300,000.00
unknown_record.csv|unknown_record.csv:2:1: record 'deed' is not asset, funding, valuation or sale
bad_class.csv|bad_class.csv:2:10: class must be real property, vehicle, vessel, aircraft or other
valued_before.csv|valued_before.csv:3:19: date is before the asset was acquired
defined_twice.csv|defined_twice.csv:3:7: asset 'H1' defined twice (first on line 2)
unknown_asset.csv|unknown_asset.csv:2: asset 'H9' is neither in this file nor in the case
bad_method.csv|bad_method.csv:3:42: method must be wire, check, cashier's check, cash, mortgage, loan, seller credit, earnest money, trade-in or other
no_owner.csv|no_owner.csv:2:31: asset record without owner
LIST

# A later valuation in another file refers to an asset already in the case.
printf 'record,asset,class,identifier,description,owner,nominee,date,amount,currency,method,party,reference\nvaluation,H1,,,,,,2025-01-15,"341,000.00",USD,,HARRISON COUNTY ASSESSOR,2025 notice\n' >"$T_TMP/h1-2025.csv"
pr -C "$C" import property "$T_TMP/h1-2025.csv"
expect_rc "valuation of an asset in the case" 0
finish
