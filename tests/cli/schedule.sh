#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# proceeds schedule on the demo case: the forfeiture schedule under two
# rules against golden outputs (table, CSV, JSON); the figures add up
# (victims' parts to their totals, judgments to obtained less specific
# property); a case without victims; bad options.
. "$(dirname "$0")/lib.sh"
G="$PR_FIXTURES/schedule"
C="$T_TMP/demo.case"

sh "$PR_FIXTURES/demo/run.sh" "$PROCEEDS" "$PR_FIXTURES/demo" "$C" \
	>/dev/null 2>&1
T_RC=$?
expect_rc "demo case" 0

pr -C "$C" schedule
expect_rc "schedule" 0
expect_out_file "schedule (libr)" "$G/demo.libr.expected"
expect_err "schedule: stderr" ""
expect_out_has "the house: V-3's traced share" \
	"  victim         V-3 traced 11,201.13 (3.5174% of the cost); proportional share 11,783.25"
expect_out_has "the car" \
	"  victim         V-3 traced 5,404.38 (21.6392% of the cost); proportional share 6,751.42"
expect_out_has "984 window of GCFCU 4417" \
	"  984 window     an action under 984 must begin by 2024-12-28"
pr -C "$C" schedule --method taint-first
expect_rc "schedule taint-first" 0
expect_out_file "schedule (taint-first)" "$G/demo.taint-first.expected"
pr -C "$C" schedule --format json
expect_rc "schedule json" 0
expect_out_file "schedule json" "$G/demo.libr.json.expected"
pr -C "$C" schedule --format csv
expect_rc "schedule csv" 0
expect_out_file "schedule csv" "$G/demo.libr.csv.expected"

# The figures add up, under every rule: each item's victims' traced
# amounts and proportional shares sum to its totals, and each defendant's
# judgment is what he obtained less the specific property, not below 0.
for m in libr taint-first fifo lifo pro-rata tiho; do
	pr -C "$C" schedule --method "$m" --format csv
	# (quoted cells hold commas; none of them is a figure)
	# (amounts compared as whole cents: awk's numbers are doubles)
	bad=$(sed 's/"[^"]*"/Q/g' "$T_OUT" | awk -F, -v m="$m" '
	function u(x) { gsub(/\./, "", x); return x + 0 }
	NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	$1 == "item" {
		t = 0; p = 0
		for (k in col) {
			if (k ~ /^traced_V-/) t += u($col[k])
			if (k ~ /^proportional_V-/) p += u($col[k])
		}
		if (t != u($col["traced"]))
			print m ": item " $2 " traced " t
		if ($col["proportional"] != "" &&
		    p != u($col["proportional"]))
			print m ": item " $2 " proportional " p
	}
	$1 == "defendant" {
		o = u($col["obtained"]); s = u($col["specific"])
		j = o > s ? o - s : 0
		if (j != u($col["judgment"]))
			print m ": " $col["defendant"] " judgment"
	}
	END { if (NR < 3) print m ": no rows" }')
	if [ -z "$bad" ]; then ok; else not_ok "$m: figures: $bad"; fi
done

# A case without victims has nothing to forfeit as proceeds.
N="$T_TMP/none.case"
pr -C "$N" init
pr -C "$N" import bank --profile dcu --account "GCFCU checking 4417" \
	"$PR_FIXTURES/demo/gcfcu-checking-2023-01.csv"
pr -C "$N" schedule
expect_rc "no victims" 0
expect_out_has "no victims" \
	"(no account, address or asset holds a victim's money)"
expect_out_has "no victims: no defendants" "(no defendants in the case)"

# Options.
pr -C "$C" schedule --method median
expect_rc "unknown method" 2
expect_err "unknown method" "proceeds: schedule: unknown method 'median' (expected libr, taint-first, fifo, lifo, pro-rata, poison or tiho)
Try 'proceeds schedule --help' for more information."
pr -C "$C" schedule --format xml
expect_rc "bad format" 2
pr -C "$C" schedule extra
expect_rc "extra argument" 2
expect_err "extra argument" "proceeds: schedule: unexpected argument 'extra'
Try 'proceeds schedule --help' for more information."
pr -C "$C" schedule --help
expect_rc "help" 0
finish
