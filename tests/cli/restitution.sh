#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Restitution (18 U.S.C. 1593) and remission (28 CFR Part 9): the work
# CSV and its malformed inputs, each refused with its place and the case
# unchanged; restitution of the demo case's three victims in table, CSV
# and JSON, joint and apportioned, with liquidated damages; a small case
# of 2009 whose first week spans the wage change of 2009-07-24, under
# the federal wage and a state table; and the split of a forfeited fund.
. "$(dirname "$0")/lib.sh"
C="$T_TMP/r.case"
G="$PR_FIXTURES/restitution"

pr -C "$C" init
cd "$PR_FIXTURES/demo" || exit 2
# The demo case up to its victims and designations (demo.steps).
pr -C "$C" import bank --profile dcu --account "GCFCU checking 4417" \
	gcfcu-checking-2023-0[1-2].csv late/gcfcu-checking-2023-03.csv \
	gcfcu-checking-2023-0[4-9].csv gcfcu-checking-2023-1[0-2].csv
expect_rc "case: GCFCU checking" 0
pr -C "$C" import bank --profile dcu --account "GCFCU savings 4425" \
	gcfcu-savings-2023-*.csv
expect_rc "case: GCFCU savings" 0
pr -C "$C" import bank --profile schwab --account "PSB business 0932" \
	psb-business-2023H1.csv psb-business-2023H2.csv
expect_rc "case: PSB business" 0
pr -C "$C" import bank --profile schwab --account "PSB money market 5520" \
	psb-moneymarket-5520-2023H1.csv psb-moneymarket-5520-2023H2.csv
expect_rc "case: PSB money market" 0
pr -C "$C" import bank --profile schwab --account "HCB checking 7310" \
	hcb-checking-7310-2023.csv
expect_rc "case: HCB checking" 0
pr -C "$C" import bank --profile schwab --account "HCB operating 7328" \
	hcb-operating-7328-2023.csv
expect_rc "case: HCB operating" 0
pr -C "$C" import statements gcfcu-statements.csv \
	late/gcfcu-statements-2023-03.csv psb-business-0932-statements.csv \
	psb-moneymarket-5520-statements.csv hcb-statements.csv
expect_rc "case: statements" 0
pr -C "$C" import wire wires-psb-5520.csv
expect_rc "case: wires" 0
pr -C "$C" import property property-gulfport.csv
expect_rc "case: property" 0
pr -C "$C" import exchange --profile exchange coinflow-7741.csv
expect_rc "case: exchange" 0
pr -C "$C" import crypto btc-chain.csv
expect_rc "case: bitcoin" 0
pr -C "$C" reconcile
expect_rc "case: reconciled" 0

# Work before the victims are in the case: nobody to credit it to.
expect_refused "work before victims" \
	"work.csv:2:1: no victim 'V-1' in the case (import victims first)" \
	"$C" import work work.csv
pr -C "$C" import victims victims.csv
expect_rc "case: victims" 0
pr -C "$C" import designations designations.csv
expect_rc "case: designations" 0

cd "$PR_FIXTURES/bad/work" || exit 2
while IFS='|' read -r file msg; do
	[ -z "$file" ] && continue
	expect_refused "$file" "$msg" "$C" import work "$file"
done <<'LIST'
bad_date.csv|bad_date.csv:2:10: date '2023-02-30' does not exist
end_before_start.csv|end_before_start.csv:2:21: '2023-02-28': the end is before the start
no_end.csv|no_end.csv:2:21: no end: a work line needs the period, start and end
before_1978.csv|before_1978.csv:2:10: '1977-12-26': the federal minimum wage table starts on 1978-01-01
negative_hours.csv|negative_hours.csv:2:32: '-5': hours cannot be negative
too_many_hours.csv|too_many_hours.csv:2:32: '170': more hours than a workweek has (168)
hours_decimals.csv|hours_decimals.csv:2:32: '40.125' is not a number of hours (expected a decimal such as 84 or 37.5, at most 2 decimals)
bad_hours.csv|bad_hours.csv:2:32: '84h' is not a number of hours (expected a decimal such as 84 or 37.5, at most 2 decimals)
no_hours.csv|no_hours.csv:2:32: no hours: give the hours worked per workweek
work_amount.csv|work_amount.csv:2:35: a work line has no amount (leave it empty)
decimals.csv|decimals.csv:2:23: amount '12.345' has 3 decimals; at most 2 allowed
negative_amount.csv|negative_amount.csv:2:23: '-20.00': amounts are 0 or more
no_amount.csv|no_amount.csv:2:23: no amount: a paid line needs one
no_currency.csv|no_currency.csv:2:29: no currency (expected USD)
euro.csv|euro.csv:2:29: 'EUR': restitution is reckoned in US dollars; give the amount in USD
paid_end.csv|paid_end.csv:2:21: a paid line has no end (leave it empty)
paid_hours.csv|paid_hours.csv:2:22: a paid line has no hours (leave it empty)
unknown_basis.csv|unknown_basis.csv:2:47: unknown basis 'month' (expected week or period)
no_basis.csv|no_basis.csv:2:47: no basis (expected week or period)
paid_basis.csv|paid_basis.csv:2:33: a paid line has no basis (leave it empty)
unknown_record.csv|unknown_record.csv:2:5: unknown record 'wages' (expected work, paid, lodging or loss)
defendant.csv|defendant.csv:2:1: 'D-1' is not a victim's pseudonym (expected V-1, V-2 ...)
no_victim.csv|no_victim.csv:2:1: no victim: give the victim's pseudonym (V-1 ...)
unknown_victim.csv|unknown_victim.csv:3:1: no victim 'V-9' in the case (import victims first)
overlap.csv|overlap.csv:4:10: work from 2023-01-29 to 2023-02-25 overlaps V-1's work from 2023-01-02 to 2023-01-29 at overlap.csv:2
lodging_overlap.csv|lodging_overlap.csv:3:13: lodging from 2023-01-16 to 2023-01-22 overlaps V-1's lodging from 2023-01-02 to 2023-01-29 at lodging_overlap.csv:2
no_source.csv|no_source.csv:2:38: no source: cite the interview, ledger or record relied on
too_few.csv|too_few.csv:2:37: record has 8 fields; expected 9
missing_column.csv|missing_column.csv:1:1: header has no column 'source'
header_only.csv|header_only.csv: no work lines after the header
LIST

# The demo's work file: three victims, 2023.
cd "$PR_FIXTURES/demo" || exit 2
SUM=$(sha256sum work.csv | cut -d' ' -f1)
pr -C "$C" import work work.csv
expect_rc "import work" 0
expect_out_has "import work" "work.csv: 15 work lines, SHA-256 $SUM"
pr -C "$C" log
expect_out_has "log: work" "    result: imported 1 document: 15 work lines"
cd "$PR_FIXTURES/bad/work" || exit 2
expect_refused "overlaps the case" \
	"case_overlap.csv:2:10: work from 2023-06-26 to 2023-07-09 overlaps V-3's work from 2023-01-02 to 2023-12-29 at work.csv:12" \
	"$C" import work case_overlap.csv
pr -C "$C" import work --format csv case_overlap.csv
expect_rc "work takes no --format" 2

for f in table csv json; do
	pr -C "$C" restitution --format $f
	expect_rc "restitution $f" 0
	expect_out_file "restitution $f" "$G/demo.$f.expected"
done
pr -C "$C" restitution --apportion --liquidated
expect_rc "restitution apportioned" 0
expect_out_file "restitution apportioned" "$G/demo-apportion.expected"
pr -C "$C" restitution --credit-lodging --format csv
expect_rc "restitution credit-lodging" 0
expect_out_file "restitution credit-lodging" "$G/demo-credit.csv.expected"
if grep -q 'Jane Doe\|Maria Smith\|Ana Lopez\|Marcus Reed' "$T_OUT"; then
	not_ok "restitution: a real name"; else ok; fi
pr -C "$C" restitution --joint --apportion
expect_rc "joint and apportion" 2
expect_err "joint and apportion" "proceeds: restitution: --joint and --apportion exclude each other
Try 'proceeds restitution --help' for more information."
pr -C "$C" restitution --fund 100
expect_rc "restitution --fund" 2

# Remission: the fund short of the losses, with costs; more than enough.
for f in table csv json; do
	pr -C "$C" remission --fund 60000.00 --costs 1500.50 --format $f
	expect_rc "remission $f" 0
	expect_out_file "remission $f" "$G/remission.$f.expected"
done
pr -C "$C" remission --fund 250000 --format csv
expect_rc "remission surplus" 0
CR=$(printf '\r')
expect_out_has "remission surplus" "left over,,41214.68,$CR"
expect_out_has "remission surplus" "V-3,136129.07,136129.07,0.00$CR"
# Without --fund, the fund is what the schedule forfeits as proceeds
# under libr: the house's proportional share 14,622.85, the car's
# 6,751.42, and the traced money in GCFCU 4417 (26,845.60) and 4425
# (12,838.95), PSB 0932 (33,369.00) and PSB 5520 (52,592.56).
pr -C "$C" remission
expect_rc "remission without fund" 0
expect_err "remission without fund" "proceeds: remission: the fund is the schedule's forfeited total (give --fund to set it)"
expect_out_has "remission without fund" "Fund                       147,020.38"
pr -C "$C" remission --fund 12.345
expect_rc "remission fund decimals" 2
expect_err "remission fund decimals" "proceeds: remission: --fund: amount '12.345' has 3 decimals; at most 2 allowed
Try 'proceeds remission --help' for more information."

# 2009: V-1's first workweek, 2009-07-20 to 26, has four days at 6.55
# and three at 7.25: a regular rate of 6.85 and 50 hours, 376.75.
S="$T_TMP/s.case"
pr -C "$S" init
cd "$G" || exit 2
pr -C "$S" import victims victims.csv
expect_rc "2009: victims" 0
pr -C "$S" import work work-2009.csv
expect_rc "2009: work" 0
pr -C "$S" restitution
expect_rc "2009" 0
expect_out_file "2009" "$G/2009.expected"
pr -C "$S" restitution --state-wage state-wage.csv --format csv
expect_rc "2009 state" 0
expect_out_file "2009 state" "$G/2009-state.csv.expected"
pr -C "$S" restitution --state-wage nonexistent.csv
expect_rc "state table missing" 2
pr -C "$S" remission --fund 60000 --format json
expect_rc "2009 remission" 0

for c in restitution remission; do
	pr -C "$C" $c --help
	expect_rc "$c --help" 0
	if grep -q "^Usage: proceeds -C CASE $c" "$T_OUT"; then ok; else
		not_ok "$c --help: no usage"; fi
done
pr -C "$C" import --help
if grep -q "import work FILE" "$T_OUT"; then ok; else
	not_ok "import --help: no work"; fi
pr -C "$C" log --verify
expect_rc "log intact" 0
finish
