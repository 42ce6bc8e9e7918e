#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# screen: a case's wire names and chain addresses against the demo's
# OFAC list (fixtures/demo/ofac: real entries and one invented), with
# the list's version, exact scores, every row, the exit codes (0 none,
# 1 a hit, 2 an error), a lower threshold, CSV, and bad options.
. "$(dirname "$0")/lib.sh"
C="$T_TMP/s.case"
D="$PR_FIXTURES/demo"

pr -C "$C" init
expect_rc "init" 0
pr -C "$C" screen
expect_rc "no list" 2
expect_err "no list" "proceeds: the case holds no sanctions list (import one with \`import sanctions\`)"

pr -C "$C" import sanctions --published 2024-05-01 "$D/ofac/sdn.csv" \
	"$D/ofac/alt.csv" "$D/ofac/add.csv" "$D/ofac/sdn_comments.csv"
expect_rc "import sanctions" 0

HEAD="List published 2024-05-01: sdn.csv eb2ca1370afafc65fa075ea5710d64866716c9681a3ed44471f7968d44268ead, alt.csv 42b8ebc519bcce22b53a36b4bad7f4479b66ef9d375c4e8da7bd2c6e358121fe, add.csv fdf587702eac3c1f291637d887fb8ed9299afc36796d68e71dc24ec00affa900, sdn_comments.csv 7e19bba4c79adc531fa0bca86f09b4d3ef165cf8765205d2a279a47c629f2928"

pr -C "$C" screen
expect_rc "empty case" 0
printf '%s\nThreshold 9000 bp. Screened 0 names and 0 addresses: 0 hits.\n' \
	"$HEAD" >"$T_TMP/want"
expect_out_file "empty case" "$T_TMP/want"

cd "$T_TMP" || exit 2
cat >wires.csv <<'CSV'
value_date,amount,currency,originator_name,originator_account,originator_bank,beneficiary_name,beneficiary_account,beneficiary_bank,imad,omad,uetr,reference,details,instructed_amount,instructed_currency
2023-05-02,"9,500.00",USD,PELICAN BUSINESS SVCS LLC,5520,065403626,Daniel Moreno,4410,065000090,,,,R1,,,
2023-05-03,"12,000.00",USD,Dmitriy Khoroshev,88,065403626,COINFLOW EXCHANGE LLC,7741,065000090,,,,R2,,,
2023-05-04,"700.00",USD,Artem Lifshitz,99,065403626,John Doe,12,065000090,,,,R3,,,
2023-05-05,"800.00",USD,PELICAN BUSINESS SVCS LLC,5520,065403626,DANIEL MORENO,4410,065000090,,,,R4,,,
CSV
pr -C "$C" import wire wires.csv
expect_rc "import wire" 0
pr -C "$C" import crypto "$D/btc-chain.csv"
expect_rc "import crypto" 0

pr -C "$C" screen
expect_rc "hits" 1
{
	printf '%s\n' "$HEAD"
	cat <<'OUT'
Threshold 9000 bp. Screened 7 names and 2 addresses: 5 hits.

ADDRESS bc1qmkn44axcws6ys7xq4fuhprx9jugvg9389tcm98
  = wallet XBT bc1qmkn44axcws6ys7xq4fuhprx9jugvg9389tcm98 of SDN 990001 COINFLOW EXCHANGE L.L.C. (entity) [CYBER2]
  btc-chain.csv:2 chain_move.address

NAME 10000 bp DANIEL MORENO
  ~ name "MORENO, Daniel" of SDN 15102 MORENO, Daniel (individual) [SDNTK]
  Jaro-Winkler 10000 bp, Soundex 2 of 2 words
  wires.csv:5 wire.beneficiary

NAME 10000 bp Daniel Moreno
  ~ name "MORENO, Daniel" of SDN 15102 MORENO, Daniel (individual) [SDNTK]
  Jaro-Winkler 10000 bp, Soundex 2 of 2 words
  wires.csv:2 wire.beneficiary

NAME 10000 bp COINFLOW EXCHANGE LLC
  ~ name "COINFLOW EXCHANGE L.L.C." of SDN 990001 COINFLOW EXCHANGE L.L.C. (entity) [CYBER2]
  Jaro-Winkler 10000 bp, Soundex 2 of 2 words
  wires.csv:3 wire.beneficiary

NAME 9308 bp Dmitriy Khoroshev
  ~ aka "KHOROSHEV, Dmitriy Yurevich" of SDN 48603 KHOROSHEV, Dmitry Yuryevich (individual) [CYBER2]
  Jaro-Winkler 9308 bp, Soundex 2 of 2 words
  wires.csv:3 wire.originator
OUT
} >"$T_TMP/want"
expect_out_file "hits" "$T_TMP/want"

# Artem Lifshitz against LIFSHITS, Artem Mikhaylovich: 8820, a hit only
# under a lower threshold
pr -C "$C" screen --threshold 8500
expect_rc "threshold 8500" 1
grep '^NAME' "$T_TMP/out" >"$T_TMP/names"
cat >"$T_TMP/want" <<'OUT'
NAME 10000 bp DANIEL MORENO
NAME 10000 bp Daniel Moreno
NAME 10000 bp COINFLOW EXCHANGE LLC
NAME 9308 bp Dmitriy Khoroshev
NAME 8820 bp Artem Lifshitz
OUT
if cmp -s "$T_TMP/names" "$T_TMP/want"; then ok; else
	not_ok "threshold 8500: names differ"; diff "$T_TMP/want" "$T_TMP/names"
fi

pr -C "$C" screen --format csv --threshold 9500
expect_rc "csv" 1
cat >"$T_TMP/want" <<'OUT'
kind,score,jaro_winkler,soundex,words,text,party,list,ent_num,entry_name,type,programs,matched,matched_name,currency,document,line,field
address,10000,10000,,,bc1qmkn44axcws6ys7xq4fuhprx9jugvg9389tcm98,,SDN,990001,COINFLOW EXCHANGE L.L.C.,entity,CYBER2,wallet,bc1qmkn44axcws6ys7xq4fuhprx9jugvg9389tcm98,XBT,btc-chain.csv,2,chain_move.address
name,10000,10000,2,2,DANIEL MORENO,,SDN,15102,"MORENO, Daniel",individual,SDNTK,name,"MORENO, Daniel",,wires.csv,5,wire.beneficiary
name,10000,10000,2,2,Daniel Moreno,,SDN,15102,"MORENO, Daniel",individual,SDNTK,name,"MORENO, Daniel",,wires.csv,2,wire.beneficiary
name,10000,10000,2,2,COINFLOW EXCHANGE LLC,,SDN,990001,COINFLOW EXCHANGE L.L.C.,entity,CYBER2,name,COINFLOW EXCHANGE L.L.C.,,wires.csv,3,wire.beneficiary
OUT
tr -d '\r' <"$T_TMP/out" >"$T_TMP/out.lf"
if cmp -s "$T_TMP/out.lf" "$T_TMP/want"; then ok; else
	not_ok "csv differs"; diff "$T_TMP/want" "$T_TMP/out.lf"
fi

pr -C "$C" screen --list 2023-01-01
expect_rc "no such list" 2
expect_err "no such list" "proceeds: the case holds no sanctions list published 2023-01-01 (it holds 2024-05-01)"
pr -C "$C" screen --list 2024-05-01 --threshold 10000
expect_rc "that list" 1
pr -C "$C" screen --threshold 10001
expect_rc "threshold" 2
expect_err "threshold" "proceeds: screen: --threshold takes basis points from 0 to 10000
Try 'proceeds screen --help' for more information."
pr -C "$C" screen --list 2024-5-1
expect_rc "list date" 2
expect_err "list date" "proceeds: screen: --list takes a date as YYYY-MM-DD
Try 'proceeds screen --help' for more information."
finish
