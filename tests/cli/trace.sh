#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# proceeds trace on the demo case with its victims and designations:
# every method against golden outputs, the side-by-side comparison, the
# gate on accounts that do not reconcile, and bad options.
. "$(dirname "$0")/lib.sh"
G="$PR_FIXTURES/trace"
C="$T_TMP/demo.case"

sh "$PR_FIXTURES/demo/run.sh" "$PROCEEDS" "$PR_FIXTURES/demo" "$C" \
	>/dev/null 2>&1
T_RC=$?
expect_rc "demo case" 0
# (the demo imports its victims and designations itself)
pr -C "$C" parties
expect_rc "the demo's victims are in" 0
expect_out_has "the demo's victims are in" "V-1      victim     [victims.csv:2]"

# Every method, as a table; conservation is checked inside each run.
for m in libr taint-first fifo lifo pro-rata poison tiho; do
	pr -C "$C" trace --method "$m"
	expect_rc "trace $m" 0
	expect_out_file "trace $m" "$G/demo.$m.expected"
	expect_err "trace $m: stderr" ""
done
pr -C "$C" trace
expect_out_file "libr is the default" "$G/demo.libr.expected"

pr -C "$C" trace --compare
expect_rc "compare" 0
expect_out_file "compare" "$G/demo.compare.expected"
pr -C "$C" trace --compare --format csv
expect_out_file "compare csv" "$G/demo.compare.csv.expected"
pr -C "$C" trace --method fifo --format json
expect_out_file "fifo json" "$G/demo.fifo.json.expected"
pr -C "$C" trace --method pro-rata --format csv
expect_out_file "pro-rata csv" "$G/demo.pro-rata.csv.expected"
pr -C "$C" trace --method libr --victims-fifo
expect_out_file "victims oldest first" "$G/demo.libr-victims-fifo.expected"

# Lineage: the chain of flows that carried each victim's money into the
# house, each with its evidence and the designation that made it
# proceeds.
pr -C "$C" trace --method fifo --lineage "asset H1"
expect_rc "lineage" 0
expect_out_file "lineage of the house" "$G/demo.fifo.lineage-H1.expected"
pr -C "$C" trace --lineage "asset"
expect_rc "lineage: two holders" 2
expect_err "lineage: two holders" "proceeds: 'asset' names 2 holders; give more of the name (see the trace's HOLDER column)"
pr -C "$C" trace --lineage "asset H9"
expect_rc "lineage: none" 2
expect_err "lineage: none" "proceeds: no account, address or asset 'asset H9' holds money in this trace"
pr -C "$C" trace --compare --lineage "asset H1"
expect_rc "lineage with compare" 2

# The intraday order: within each day money in first, or money out
# first (each kind still in statement order); the parameters say which.
pr -C "$C" trace --intraday credits-first
expect_rc "credits first" 0
expect_out_file "credits first" "$G/demo.libr-credits-first.expected"
pr -C "$C" trace --intraday debits-first --method fifo
expect_rc "debits first" 0
expect_out_file "debits first" "$G/demo.fifo-debits-first.expected"
pr -C "$C" trace --intraday statement
expect_out_file "statement order is the default" "$G/demo.libr.expected"
pr -C "$C" trace --intraday noon
expect_rc "bad intraday" 2
expect_err "bad intraday" "proceeds: trace: --intraday takes statement, credits-first or debits-first
Try 'proceeds trace --help' for more information."

# As of a date: only the flows up to it.
pr -C "$C" trace --as-of 2023-03-31
expect_rc "as of" 0
expect_out_file "as of 2023-03-31" "$G/demo.as-of.expected"

# Reproducible: the same case gives the same bytes.
pr -C "$C" trace --compare --format json
cp "$T_OUT" "$T_TMP/first.json"
pr -C "$C" trace --compare --format json
expect_out_file "same trace twice" "$T_TMP/first.json"

# The gate: a case whose March is missing does not trace...
G2="$T_TMP/gap.case"
pr -C "$G2" init
(cd "$PR_FIXTURES/demo" &&
	pr -C "$G2" import bank --profile dcu --account "GCFCU checking 4417" \
		gcfcu-checking-2023-0[124-9].csv \
		gcfcu-checking-2023-1[0-2].csv &&
	pr -C "$G2" import bank --profile dcu --account "GCFCU savings 4425" \
		gcfcu-savings-2023-*.csv &&
	pr -C "$G2" import statements gcfcu-statements.csv)
pr -C "$G2" trace
expect_rc "gap: refused" 2
expect_err "gap: refused" "proceeds: account 'GCFCU checking 4417' (USD) has no statement from 2023-03-01 to 2023-03-31; trace with --allow-unreconciled to go on and say so in every output"
# ...unless the analyst says so, and then every output says it too.
pr -C "$G2" trace --allow-unreconciled
expect_rc "gap: allowed" 0
expect_out_file "gap: allowed" "$G/gap.allowed.expected"

# On chain: a transaction from an address the case holds pools its
# inputs and splits them to its outputs (and the fee) by the rule; one
# an exchange withdrew moves from the exchange's account.
X="$T_TMP/crypto.case"
sh "$PR_FIXTURES/flows/build.sh" crypto "$PROCEEDS" "$X"
pr -C "$X" trace --method tiho --lineage "bc1qccwfn"
expect_rc "crypto path" 0
expect_out_file "crypto path" "$G/crypto.tiho.expected"

# Two designations of one kind naming one inflow for two victims: the
# trace stops and names both, guessing nothing.
cp "$C" "$T_TMP/conflict.case"
for x in -wal -shm; do
	[ -f "$C$x" ] && cp "$C$x" "$T_TMP/conflict.case$x"
done
(cd "$G" && pr -C "$T_TMP/conflict.case" import designations \
	conflict-designations.csv)
pr -C "$T_TMP/conflict.case" trace
expect_rc "conflicting designations" 2
expect_err "conflicting designations" "proceeds: psb-business-2023H1.csv:66 is designated both V-1 (designations.csv:2) and V-2 (conflict-designations.csv:2): say which"

# An amount beyond 64 bits (wei) is not traced, and every output says so.
W="$T_TMP/wei.case"
pr -C "$W" init
pr -C "$W" import crypto "$PR_FIXTURES/crypto/chain-account.csv"
pr -C "$W" trace
expect_rc "wei beyond 64 bits" 0
expect_out_has "wei beyond 64 bits" \
	"F5: an amount beyond 64 bits is not traced (chain-account.csv:6)"

# Options.
pr -C "$C" trace --method median
expect_rc "unknown method" 2
expect_err "unknown method" "proceeds: trace: unknown method 'median' (expected libr, taint-first, fifo, lifo, pro-rata, poison or tiho)
Try 'proceeds trace --help' for more information."
pr -C "$C" trace --compare --method fifo
expect_rc "compare and method" 2
pr -C "$C" trace --as-of 2023-02-30
expect_rc "bad date" 2
pr -C "$C" trace extra
expect_rc "extra argument" 2
pr -C "$C" trace --help
expect_rc "help" 0
finish
