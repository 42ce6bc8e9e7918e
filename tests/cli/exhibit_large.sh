#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Exhibits of a case past the caps of the page and the chart (exhibit.h:
# 1,000 rows a table, 150 arrows): a case of 2,300 flows across 30
# accounts and 6 victims, generated here deterministically (a
# Park-Miller generator, exact in awk's doubles). The page shows the
# 1,000 largest flows and states how many others there are and what they
# total, computed here independently from flows.csv; the chart draws the
# 150 largest holdings and states the rest from trace.csv; flows.csv and
# flows.json stay complete (they are the flows command's, byte for
# byte); verify agrees.
. "$(dirname "$0")/lib.sh"
D="$T_TMP/gen"
C="$T_TMP/large.case"
X="$T_TMP/x"
mkdir -p "$D"

# 30 accounts ACCT 0001..0030; every 6th event a victim's deposit into
# ACCT 0001, every 5th a payroll deposit into a random account, else a
# transfer seen on both sides from an account with money to another;
# amounts end in the event's number, so no two are equal. One statement
# per account over the year, from 0 to what its rows sum to.
awk -v dir="$D" 'BEGIN {
	x = 20261208; A = 30; V = 6; T = 2300
	for (a = 1; a <= A; a++) bal[a] = 0
	for (i = 1; i <= T; i++) {
		d = int((i - 1) * 336 / T)
		date = sprintf("2024-%02d-%02d", 1 + int(d / 28), 1 + d % 28)
		x = (x * 16807) % 2147483647
		r = x
		if (i % 6 == 0) {
			v = 1 + r % V
			row(1, date, (r % 50000 + 100) * 10000 + i, \
			    "DEPOSIT FROM VICTIM " v)
		} else if (i % 5 == 0 || i < 40) {
			a = 1 + r % A
			row(a, date, (r % 20000 + 100) * 10000 + i, \
			    "PAYROLL DEPOSIT")
		} else {
			a = 1 + r % A
			if (bal[a] < 20000) { a = 1 }
			if (bal[a] < 20000) continue
			x = (x * 16807) % 2147483647
			b = 1 + x % (A - 1)
			if (b >= a) b++
			amt = (x % int(bal[a] / 20000)) * 10000 + i
			row(a, date, -amt, sprintf("TRANSFER TO ***%04d", b))
			row(b, date, amt, sprintf("TRANSFER FROM ***%04d", a))
		}
	}
	f = dir "/statements.csv"
	print "account,currency,start,end,opening,closing" > f
	for (a = 1; a <= A; a++)
		printf "ACCT %04d,USD,2024-01-01,2024-12-31,0.00,%s\n", a, \
		    money(bal[a]) > f
}
function money(c,   s) {
	s = c < 0 ? "-" : ""
	if (c < 0) c = -c
	return sprintf("%s%.0f.%02d", s, int(c / 100), c % 100)
}
function row(a, date, c, what,   f) {
	f = sprintf("%s/acct%04d.csv", dir, a)
	if (!(a in seen)) {
		print "Date,Description,Amount,Balance" > f
		seen[a] = 1
	}
	bal[a] += c
	printf "%s,%s,%s,%s\n", date, what, money(c), money(bal[a]) > f
}'
cat >"$D/plain.profile" <<'EOF'
name = plain
date = Date
date_format = YYYY-MM-DD
amount = Amount
balance = Balance
description = Description
currency = USD
EOF
{
	echo "record,id,role,name,account,relation,start,end,note"
	for v in 1 2 3 4 5 6; do
		echo "party,V-$v,victim,Person Number$v,,,,,"
	done
} >"$D/victims.csv"
{
	echo "origin,by,match,account,start,end,reason,source"
	for v in 1 2 3 4 5 6; do
		echo "V-$v,memo,DEPOSIT FROM VICTIM $v,ACCT 0001,,,paid D-1,302"
	done
} >"$D/designations.csv"

pr -C "$C" init
expect_rc "init" 0
for f in "$D"/acct*.csv; do
	n=${f##*/acct}
	n=${n%.csv}
	pr -C "$C" import bank --profile "$D/plain.profile" \
		--account "ACCT $n" "$f"
	expect_rc "import ACCT $n" 0
done
(cd "$D" && pr -C "$C" import statements statements.csv &&
 pr -C "$C" import victims victims.csv &&
 pr -C "$C" import designations designations.csv)
expect_rc "statements, victims, designations" 0

pr -C "$C" exhibit --out "$X"
expect_rc "exhibit" 0
expect_err "exhibit: quiet" ""

# flows.csv and flows.json are complete: the flows command's own
"$PROCEEDS" -C "$C" flows --format csv >"$T_TMP/flows.csv"
if cmp -s "$T_TMP/flows.csv" "$X/flows.csv"; then ok; else
	not_ok "flows.csv is proceeds flows --format csv"; fi
"$PROCEEDS" -C "$C" flows --format json >"$T_TMP/flows.json"
if cmp -s "$T_TMP/flows.json" "$X/flows.json"; then ok; else
	not_ok "flows.json is proceeds flows --format json"; fi

# The flows, one line each (the first of its rows): id and amount in
# cents; the 1,000 largest are shown, the rest stated with their total.
awk -F, 'NR > 1 && $1 ~ /^F/ && !($1 in s) { s[$1] = 1
	split($6, p, "."); printf "%s %.0f\n", $1, p[1] * 100 + p[2] }' \
	"$X/flows.csv" \
	>"$T_TMP/flows.txt"
nflows=$(wc -l <"$T_TMP/flows.txt")
[ "$nflows" -gt 1000 ] && ok || not_ok "only $nflows flows: under the cap"
want=$(sort -k2,2nr "$T_TMP/flows.txt" | awk -v n="$nflows" '
function c(n,   s, i, o) { s = sprintf("%d", n); o = ""
	for (i = length(s); i > 3; i -= 3) o = "," substr(s, i - 2, 3) o
	return substr(s, 1, i) o }
NR > 1000 { t += $2 }
END { printf "Showing the 1,000 largest of %s flows (by amount); the other %s total %.0f.%02d USD. Every row is in flows.csv and flows.json.",
	c(n), c(n - 1000), int(t / 100), t % 100 }')
if grep -qF "<p class=\"rest\">$want</p>" "$X/report.html"; then ok; else
	not_ok "report.html: the flows not shown: want '$want', got
$(grep -o '<p class="rest">[^<]*flows.csv[^<]*' "$X/report.html")"; fi
# exhibit 2 lists exactly 1,000 flows, the largest
sed -n '/id="exhibit-2"/,/id="exhibit-3"/p' "$X/report.html" |
	grep -o '^<tr><td>F[0-9]*</td>' | sed 's/<[^>]*>//g' | sort -u \
	>"$T_TMP/shown"
sort -k2,2nr "$T_TMP/flows.txt" | head -1000 | cut -d' ' -f1 | sort \
	>"$T_TMP/largest"
if cmp -s "$T_TMP/shown" "$T_TMP/largest"; then ok; else
	not_ok "report.html: exhibit 2 shows $(wc -l <"$T_TMP/shown") flows, not the 1,000 largest"; fi

# The chart: the 150 largest of the victims' holdings in trace.csv,
# and a note that states the others and what they total.
awk -F, '$1 == "held" && $4 ~ /^V-/ && $5 != "0.00" {
	split($5, p, "."); printf "%.0f\n", p[1] * 100 + p[2] }' \
	"$X/trace.csv" |
	sort -nr >"$T_TMP/held"
nheld=$(wc -l <"$T_TMP/held")
[ "$nheld" -gt 150 ] && ok || not_ok "only $nheld holdings: under the cap"
edges=$(grep -c -- '-> h' "$X/flow-of-funds.dot")
[ "$edges" = 150 ] && ok || not_ok "chart: $edges arrows to holders"
want=$(awk -v n="$nheld" 'NR > 150 { t += $1 }
END { printf "and %d smaller holdings of victims'"'"' money (the 150 largest are drawn),\\ntotalling %.0f.%02d USD:\\nevery one is in trace.csv",
	n - 150, int(t / 100), t % 100 }' "$T_TMP/held")
if grep -qF "rest [shape=note, style=solid, label=\"$want\"];" \
	"$X/flow-of-funds.dot"; then ok; else
	not_ok "chart: the rest: want '$want', got
$(grep '^.rest' "$X/flow-of-funds.dot")"; fi

# The directory checks against the case, and a second run is the same.
pr -C "$C" verify "$X"
expect_rc "verify" 0
pr -C "$C" exhibit --out "$T_TMP/x2"
if diff -r "$X" "$T_TMP/x2" >/dev/null; then ok; else
	not_ok "two runs differ: $(diff -rq "$X" "$T_TMP/x2")"; fi
finish
