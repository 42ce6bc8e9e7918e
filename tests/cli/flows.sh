#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# proceeds flows: the matching scenarios of fixtures/flows/ against their
# golden outputs (what each must give is in fixtures/flows/README.md),
# the CSV and JSON forms, reconcile's ambiguous list, and bad options.
. "$(dirname "$0")/lib.sh"
F="$PR_FIXTURES/flows"

# build SCENARIO [NAME]: a new case of the scenario, $T_TMP/NAME.case
build() {
	C="$T_TMP/${2:-$1}.case"
	if sh "$F/build.sh" "$1" "$PROCEEDS" "$C" 2>"$T_TMP/build.err"
	then ok; else
		not_ok "build $1: $(cat "$T_TMP/build.err")"
		return 1
	fi
}

for s in three-docs fee closing ambiguous transfer lead crypto utxo \
	decisions; do
	[ -d "$F/$s" ] || continue
	build "$s" || continue
	pr -C "$C" flows
	expect_rc "flows $s" 0
	expect_out_file "flows $s" "$F/$s.flows.expected"
	expect_err "flows $s: stderr" ""
done

# The wire takes the debit of its instructed amount and the credit of
# its settled amount: no tolerance is needed, so a small one changes
# nothing.
if build fee fee10; then
	pr -C "$C" flows --fee-tolerance 10
	expect_rc "flows fee --fee-tolerance 10" 0
	sed 's/fee tolerance 50)/fee tolerance 10)/' "$F/fee.flows.expected" \
		>"$T_TMP/fee10.expected"
	expect_out_file "flows fee --fee-tolerance 10" "$T_TMP/fee10.expected"
fi

# The same flows as CSV and JSON.
if build three-docs three-docs2; then
	pr -C "$C" flows --format csv
	expect_rc "flows three-docs csv" 0
	expect_out_file "flows three-docs csv" \
		"$F/three-docs.flows.csv.expected"
	pr -C "$C" flows --format json
	expect_rc "flows three-docs json" 0
	expect_out_file "flows three-docs json" \
		"$F/three-docs.flows.json.expected"
fi

# reconcile lists the ambiguous debit with both candidates, and exits 1;
# with a window of one business day neither credit is a candidate.
if build ambiguous ambiguous2; then
	pr -C "$C" reconcile
	expect_rc "reconcile ambiguous" 1
	expect_out_has "reconcile ambiguous" \
		"gcfcu-checking-4417.csv:2 GCFCU checking 4417: ONLINE TRANSFER OUT"
	expect_out_has "reconcile ambiguous" \
		"  several credits of the same amount fit; none is taken"
	expect_out_has "reconcile ambiguous" \
		"  candidate: psb-business-0932.csv:2 PSB business 0932: ACH ONLINE TRANSFER IN"
	expect_out_has "reconcile ambiguous" \
		"  candidate: coastal-savings-2288.csv:2 Coastal Savings 2288: DEPOSIT TRANSFER IN"
	expect_out_has "reconcile ambiguous" "evidence 3, flows 3, joined 0, issues 1"
	expect_out_has "reconcile ambiguous" "NOT RECONCILED"
	pr -C "$C" reconcile --window 1
	expect_rc "reconcile ambiguous --window 1" 0
	expect_out_has "reconcile ambiguous --window 1" \
		"evidence 3, flows 3, joined 0, issues 0"
fi

# Help, and options refused with their messages.
C="$T_TMP/fee.case"
pr -C "$C" flows --help
expect_rc "flows --help" 0
expect_out_has "flows --help" \
	"Usage: proceeds -C CASE flows [--window DAYS] [--fee-tolerance AMOUNT]"
while IFS='|' read -r args msg; do
	[ -z "$args" ] && continue
	# shellcheck disable=SC2086 # the arguments are split on purpose
	pr -C "$C" flows $args
	expect_rc "flows $args" 2
	expect_err "flows $args" "proceeds: flows: $msg
Try 'proceeds flows --help' for more information."
	if [ -s "$T_OUT" ]; then not_ok "flows $args: stdout"; else ok; fi
done <<'LIST'
--window x|--window takes a number of business days from 0 to 365
--window -1|--window takes a number of business days from 0 to 365
--window 366|--window takes a number of business days from 0 to 365
--format xml|expected --format table, csv or json
extra|unexpected argument 'extra'
--bogus|unknown or incomplete option '--bogus'
LIST
pr -C "$C" flows --fee-tolerance abc
expect_rc "flows --fee-tolerance abc" 2
expect_err "flows --fee-tolerance abc" \
	"proceeds: fee tolerance 'abc' is not a decimal amount"

# A case without evidence: the head, no flows, the count line.
E="$T_TMP/empty.case"
pr -C "$E" init
pr -C "$E" flows
expect_rc "flows on an empty case" 0
if [ "$(head -n 1 "$T_OUT")" = \
	"Flows (window 3 business days, fee tolerance 50)" ]; then ok; else
	not_ok "flows on an empty case: head"; fi
expect_out_has "flows on an empty case" \
	"0 flows from 0 pieces of evidence (0 joined); 0 leads; 0 issues for the analyst (proceeds reconcile lists them)"
finish
