#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# report.html printed by a browser: Chromium renders the demo case's page
# to PDF; the page count, the page footer and key figures are checked
# with poppler-utils. Skipped (77) without /usr/bin/chromium or pdfinfo,
# unless PR_REQUIRE_CHROMIUM=1. How many pages the report takes depends
# on the fonts and the Chromium build, so no count is pinned: every page's
# footer must say "Page N of M" with M the PDF's own page count.
. "$(dirname "$0")/lib.sh"
CHROMIUM=/usr/bin/chromium

if [ ! -x "$CHROMIUM" ] || ! command -v pdfinfo >/dev/null ||
   ! command -v pdftotext >/dev/null; then
	if [ "${PR_REQUIRE_CHROMIUM:-}" = 1 ]; then
		echo "FAIL: chromium or poppler-utils missing" \
			"(apt-get install chromium poppler-utils)"
		exit 1
	fi
	echo "SKIP: needs $CHROMIUM and poppler-utils"
	exit 77
fi

C="$T_TMP/demo.case"
X="$T_TMP/x"
sh "$PR_FIXTURES/demo/run.sh" "$PROCEEDS" "$PR_FIXTURES/demo" "$C" \
	>/dev/null 2>&1
T_RC=$?
expect_rc "demo case" 0
pr -C "$C" exhibit --out "$X"
expect_rc "exhibit" 0

# No external resource: nothing fetched, so the page prints offline.
if grep -qiE '(src|href)="(https?:|//|file:)' "$X/report.html"; then
	not_ok "report.html refers to an external resource"; else ok; fi

pdf="$T_TMP/report.pdf"
timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
	--no-pdf-header-footer --user-data-dir="$T_TMP/profile" \
	--print-to-pdf="$pdf" "file://$X/report.html" \
	>"$T_TMP/chromium.log" 2>&1
T_RC=$?
expect_rc "chromium prints" 0
pages=$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
case $pages in
''|*[!0-9]*) not_ok "pdfinfo gives no page count: '$pages'"; pages=0 ;;
*) ok ;;
esac
# The report is several exhibits long on any font set.
if [ "$pages" -ge 10 ]; then ok; else not_ok "only $pages pages"; fi
pdftotext -layout "$pdf" "$T_TMP/report.txt"
T_OUT="$T_TMP/report.txt"
# pdftotext ends each page with a form feed: page N is the Nth chunk.
bad=$(awk -v RS='\f' -v m="$pages" '
	NR <= m && index($0, "Page " NR " of " m) == 0 { print NR }
	END { if (NR < m) print "fewer chunks than pages" }' "$T_OUT")
if [ -z "$bad" ]; then ok; else
	not_ok "footer 'Page N of $pages' missing on page(s): $bad"; fi
if grep -qE "Page [0-9]+ of [0-9]+" "$T_OUT" &&
   ! grep -oE "Page [0-9]+ of [0-9]+" "$T_OUT" | grep -qv " of $pages\$"; then
	ok; else not_ok "a footer names another page count than $pages"; fi
for text in "Methodology" \
	"Exhibit 1. Reconciliation" "Exhibit 2. Flows of money" \
	"Exhibit 3. Trace" "Exhibit 4. Comparison of tracing rules" \
	"Exhibit 5. Flow-of-funds chart" "Exhibit 6. Forfeiture schedule" \
	"Exhibit 7. Lineage of the scheduled assets" \
	"Exhibit 8. Restitution" "Exhibit 9. Remission" \
	"Exhibit 10. Source index" \
	"Exhibit 11. Analyst decisions and designations" \
	"26845.60" "20998.09 USD" "XXXX1002" "8d6d372d1044" "6751.42" \
	"95858.02"; do
	if grep -qF -- "$text" "$T_OUT"; then ok; else
		not_ok "the PDF lacks: $text"; fi
done
finish
