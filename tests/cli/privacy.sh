#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Privacy and safety of every output. On the demo case: no command, in
# any format, and no exhibit file shows a form of a victim's or a
# defendant's real name ("J DOE", "DOE, JANE", ...); only parties --names
# shows them. On a small case with a hostile memo: escape sequences
# (OSC 8, SGR 8, backspace) escaped in tables, a right-to-left override
# marked in tables, CSV, JSON and every exhibit (the chart too), and CSV
# cells that start with a tab or a carriage return neutralised.
. "$(dirname "$0")/lib.sh"
C="$T_TMP/demo.case"

sh "$PR_FIXTURES/demo/run.sh" "$PROCEEDS" "$PR_FIXTURES/demo" "$C" \
	>/dev/null 2>&1
T_RC=$?
expect_rc "demo case" 0

# The forms of each person's name (the demo's are "Given Surname"), as
# extended regular expressions: full, initial and surname, surname and
# given name or initial, with any short run of spaces or punctuation
# between, in any case.
S='[^[:alnum:]"]{1,8}'
B1='(^|[^[:alnum:]])'
B2='([^[:alnum:]]|$)'
forms=$(awk -F, '$1 == "party" && ($3 == "victim" || $3 == "defendant") {
	print $4 }' "$PR_FIXTURES/demo/victims.csv" |
while read -r g s; do
	i=${g%"${g#?}"}
	printf '%s%s%s%s%s\n' "$B1" "$g" "$S" "$s" "$B2"
	printf '%s%s%s%s%s\n' "$B1" "$i" "$S" "$s" "$B2"
	printf '%s%s%s%s%s\n' "$B1" "$s" "$S" "$g" "$B2"
	printf '%s%s%s%s%s\n' "$B1" "$s" "$S" "$i" "$B2"
done)
[ "$(printf '%s\n' "$forms" | grep -c .)" = 20 ] && ok ||
	not_ok "four forms of each of the demo's five persons"

# leaks FILE...: the lines of FILEs with a form of a name, if any
leaks() {
	printf '%s\n' "$forms" | grep -hiE -f - "$@"
}

# Every command that prints case text, in every format ('~' is a space
# inside an argument).
for cmd in "flows" "flows --joined" "reconcile" "wires" "trace" \
	"trace --compare" "trace --lineage PSB~business~0932" "schedule" \
	"restitution" "remission" "documents" "log" "parties"; do
	formats="table csv json"
	case $cmd in
	wires) formats="table csv" ;;
	documents | log | parties | trace\ --lineage*) formats="table" ;;
	esac
	read -ra args <<<"$cmd"
	args=("${args[@]//\~/ }")
	for f in $formats; do
		set -- "${args[@]}"
		[ "$f" = table ] || set -- "$@" --format "$f"
		pr -C "$C" "$@"
		case $T_RC in 0 | 1) ok ;; *) not_ok "$* exits $T_RC" ;; esac
		[ -s "$T_OUT" ] && ok || not_ok "$*: no output"
		if leaks "$T_OUT" >"$T_TMP/leak"; then
			not_ok "$*: a real name: $(head -3 "$T_TMP/leak")"
		else ok; fi
	done
done
# The demo's memos name the victims: they show the pseudonyms.
pr -C "$C" flows --format csv
[ "$(grep -c 'ZELLE FROM V-1,' "$T_OUT")" = 23 ] && ok ||
	not_ok "flows.csv: ZELLE FROM V-1 23 times"
[ "$(grep -c 'ZELLE FROM V-2,' "$T_OUT")" = 16 ] && ok ||
	not_ok "flows.csv: ZELLE FROM V-2 16 times"

# Only parties --names shows them.
pr -C "$C" parties --names
expect_rc "parties --names" 0
for n in "Jane Doe" "Maria Smith" "Ana Lopez" "Marcus Reed" "Tonya Reed"; do
	grep -q "  $n  \[" "$T_OUT" && ok || not_ok "parties --names: $n"
done

# Every exhibit file.
pr -C "$C" exhibit --out "$T_TMP/x"
expect_rc "exhibit" 0
if leaks "$T_TMP"/x/* >"$T_TMP/leak"; then
	not_ok "a real name in the exhibits: $(head -3 "$T_TMP/leak")"
else ok; fi
grep -q 'ZELLE FROM V-1,PSB business 0932' "$T_TMP/x/designations.csv" &&
	ok || not_ok "designations.csv: the pattern's name by pseudonym"

# A hostile memo: an OSC 8 hyperlink, SGR 8 hidden text, a backspace
# and a right-to-left override (U+202E) with a victim's name after it;
# a memo that starts with a tab; a designation whose reason starts with
# a tab and whose source starts with a carriage return; the account's
# name with a right-to-left override too, for the chart.
H="$T_TMP/h.case"
RLO=$(printf '\342\200\256')
printf '%s\n' 'Date,Description,Amount,Balance,Ref' \
	'2024-01-02,CASH DEPOSIT,"1,500.00",1500.00,A1' \
	"2024-01-05,\"PAY $(printf '\033')]8;;http://x/$(printf '\007')click$(printf '\033')]8;;$(printf '\007') $(printf '\033')[8mhidden$(printf '\033')[0m b$(printf '\b')X ${RLO}ROSA EXAMPLE\",-200.00,1300.00,A2" \
	"2024-01-09,\"$(printf '\t')TAB LEAD\",-0.50,1299.50,A3" \
	>"$T_TMP/jan.csv"
printf '%s\n' 'origin,by,match,account,start,end,reason,source' \
	"V-1,memo,CASH DEPOSIT,FCB ${RLO}4410012345,,,\"$(printf '\t')=cmd\",\"$(printf '\r')@src\"" \
	>"$T_TMP/designations.csv"
sed "s/FCB 4410012345/FCB ${RLO}4410012345/" \
	"$PR_FIXTURES/exhibit/victims.csv" >"$T_TMP/victims.csv"
pr -C "$H" init
(cd "$T_TMP" &&
 "$PROCEEDS" -C "$H" import bank \
	--profile "$PR_FIXTURES/cli/simple.profile" \
	--account "FCB ${RLO}4410012345" jan.csv &&
 "$PROCEEDS" -C "$H" import victims victims.csv &&
 "$PROCEEDS" -C "$H" import designations designations.csv) >/dev/null
T_RC=$?
expect_rc "hostile case" 0

pr -C "$H" flows
expect_rc "flows" 0
expect_out_has "flows: escaped and marked" \
	"    debit  bank     jan.csv:3  USD -200.00  FCB <U+202E>4410012345: PAY \\x1b]8;;http://x/\\x07click\\x1b]8;;\\x07 \\x1b[8mhidden\\x1b[0m b\\x08X <U+202E>V-1"
expect_out_has "flows: a tab escaped" \
	"    debit  bank     jan.csv:4  USD -0.50  FCB <U+202E>4410012345: \\x09TAB LEAD"
if LC_ALL=C grep -q "$(printf '[\001-\011\013-\037\177]')" "$T_OUT"; then
	not_ok "flows: a control character in the table"; else ok; fi
pr -C "$H" flows --format csv
grep -qF "PAY $(printf '\033')]8;;" "$T_OUT" && ok ||
	not_ok "flows --format csv: the memo's bytes as recorded"
grep -qF "b$(printf '\b')X <U+202E>V-1," "$T_OUT" && ok ||
	not_ok "flows --format csv: U+202E marked"
pr -C "$H" flows --format json
grep -qF 'PAY \u001B]8;;http://x/\u0007click' "$T_OUT" && ok ||
	not_ok "flows --format json: escapes as JSON writes them"
grep -qF 'b\bX <U+202E>V-1"' "$T_OUT" && ok ||
	not_ok "flows --format json: U+202E marked"
pr -C "$H" parties --names
grep -qF "owner      FCB <U+202E>4410012345" "$T_OUT" && ok ||
	not_ok "parties --names: U+202E marked"
for cmd in flows reconcile trace schedule; do
	extra=
	case $cmd in trace | schedule) extra=--allow-unreconciled ;; esac
	for f in table csv json; do
		pr -C "$H" "$cmd" --format "$f" $extra
		case $T_RC in 0 | 1) ok ;; *) not_ok "$cmd: exit $T_RC" ;; esac
		if grep -qF "$RLO" "$T_OUT"; then
			not_ok "$cmd --format $f: a raw U+202E"; else ok; fi
	done
done

pr -C "$H" exhibit --out "$T_TMP/hx" --allow-unreconciled
case $T_RC in 0 | 1) ok ;; *) not_ok "hostile exhibit: exit $T_RC" ;; esac
if grep -lF "$RLO" "$T_TMP"/hx/*; then
	not_ok "a raw U+202E in the exhibits"; else ok; fi
for f in flows.csv flows.json report.html flow-of-funds.dot \
	flow-of-funds.svg; do
	grep -qF '<U+202E>' "$T_TMP/hx/$f" ||
		grep -qF '&lt;U+202E&gt;' "$T_TMP/hx/$f" && ok ||
		not_ok "$f: U+202E not marked"
done
# formula cells neutralised: a tab or a carriage return first
T_OUT="$T_TMP/hx/designations.csv"
expect_out_has "designations.csv: tab and CR neutralised" \
	"designations.csv,2,V-1,memo,CASH DEPOSIT,FCB <U+202E>4410012345,,,\"'$(printf '\t')=cmd\",\"'$(printf '\r')@src\"$(printf '\r')"
# ... and shown as recorded on the page
grep -qF "<td>$(printf '\t')=cmd</td><td>@src</td>" \
	"$T_TMP/hx/report.html" && ok ||
	not_ok "report.html: the reason and source as recorded"
pr -C "$H" verify "$T_TMP/hx"
expect_rc "hostile: verify" 0

# CSV of a command: accounts whose names start with a tab and with a
# carriage return
W="$T_TMP/w.case"
printf '%s\n' 'Date,Description,Amount,Balance,Ref' \
	'2024-02-01,FEE,-1.00,1298.50,B1' >"$T_TMP/feb.csv"
pr -C "$W" init
(cd "$T_TMP" &&
 "$PROCEEDS" -C "$W" import bank --profile "$PR_FIXTURES/cli/simple.profile" \
	--account "$(printf '\t')FCB 1" jan.csv &&
 "$PROCEEDS" -C "$W" import bank --profile "$PR_FIXTURES/cli/simple.profile" \
	--account "$(printf '\r')FCB 2" feb.csv) >/dev/null
T_RC=$?
expect_rc "accounts with a tab and a CR" 0
pr -C "$W" flows --format csv
grep -qF "F1,2024-01-02,outside,\"'$(printf '\t')FCB 1\",USD," "$T_OUT" &&
	ok || not_ok "flows --format csv: a tab first neutralised"
grep -qF ",\"'$(printf '\r')FCB 2\",outside,USD,1.00," "$T_OUT" &&
	ok || not_ok "flows --format csv: a CR first neutralised"
if grep -qE "$(printf '(^|,)\t')" "$T_OUT" ||
   grep -qE "$(printf '(^|,)\r.')" "$T_OUT"; then
	not_ok "flows --format csv: a cell starts with a tab or CR"; else ok; fi

# A 1 MB memo: report.html shows its first 200 characters and says
# where the whole is; flows.csv and flows.json hold all of it.
M="$T_TMP/m.case"
awk 'BEGIN { printf "Date,Description,Amount,Balance,Ref\n";
	printf "2024-01-02,CASH DEPOSIT,100.00,100.00,A1\n";
	printf "2024-01-05,LONG ";
	for (i = 0; i < 100000; i++) printf "0123456789";
	printf " END,-1.00,99.00,A2\n" }' >"$T_TMP/long.csv"
pr -C "$M" init
(cd "$T_TMP" && "$PROCEEDS" -C "$M" import bank \
	--profile "$PR_FIXTURES/cli/simple.profile" --account "FCB 1" \
	long.csv) >/dev/null
pr -C "$M" exhibit --out "$T_TMP/mx" --allow-unreconciled
case $T_RC in 0 | 1) ok ;; *) not_ok "long memo: exhibit exits $T_RC" ;; esac
size=$(wc -c <"$T_TMP/mx/report.html")
[ "$size" -lt 100000 ] && ok || not_ok "report.html is $size bytes"
digits=$(printf '0123456789%.0s' $(seq 18))
grep -qF "FCB 1: LONG ${digits}01234567<span class=\"cut\"> [&hellip; the first 200 of 1000016 characters; the whole text is in flows.csv and flows.json]</span>" \
	"$T_TMP/mx/report.html" && ok || not_ok "report.html: the memo cut"
awk 'BEGIN { printf "FCB 1: LONG ";
	for (i = 0; i < 100000; i++) printf "0123456789";
	printf " END\n" }' >"$T_TMP/memo"
grep -qF -f "$T_TMP/memo" "$T_TMP/mx/flows.csv" && ok ||
	not_ok "flows.csv: the whole memo"
grep -qF -f "$T_TMP/memo" "$T_TMP/mx/flows.json" && ok ||
	not_ok "flows.json: the whole memo"
finish
