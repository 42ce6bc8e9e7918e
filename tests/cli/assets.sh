#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The case's asset table (import assets) and its malformed inputs; asset
# codes as exchanges and explorers write them; Etherscan token exports
# without TokenDecimal.
. "$(dirname "$0")/lib.sh"
C="$T_TMP/a.case"

cd "$PR_FIXTURES/assets" || exit 2
pr -C "$C" init
pr -C "$C" import assets tokens.csv
expect_rc "import assets" 0
expect_out_has "import assets" "tokens.csv: 5 assets, SHA-256 $(sha256sum tokens.csv | cut -d' ' -f1)"
pr -C "$C" log
expect_out_has "assets sealed" "    result: imported 1 document: 5 assets"
pr -C "$C" log --verify
expect_rc "log --verify after import assets" 0
pr -C "$C" import assets --format csv tokens.csv
expect_rc "assets take no --format" 2

cd "$PR_FIXTURES/bad/assets" || exit 2
while IFS='|' read -r file msg; do
	[ -z "$file" ] && continue
	expect_refused "$file" "$msg" "$C" import assets "$file"
done <<'LIST'
chain_lower.csv|chain_lower.csv:2:9: chain 'eth' is not the upper-case code of a chain's coin (ETH, TRX, SOL)
code_bad.csv|code_bad.csv:2:1: code 'SH!B' is not 1 to 15 letters and digits
code_not_canonical.csv|code_not_canonical.csv:2:1: code 'usdt-trc20' is written USDT in a case
contract_no_chain.csv|contract_no_chain.csv:2:9: a contract needs its chain
contract_short.csv|contract_short.csv:2:13: contract '0x95ad61b0a150d79219dcf64e1e6cc01f0b64c4...' is neither 0x and 40 hex digits nor a base58 address
contract_twice.csv|contract_twice.csv:3:14: contract 0x95ad61b0a150d79219dcf64e1e6cc01f0b64c4ce on ETH is already SHIB (contract_twice.csv:2)
decimals_builtin.csv|decimals_builtin.csv:2:6: USDT has 6 decimals in the built-in table; this line says 18
decimals_conflict.csv|decimals_conflict.csv:3:6: SHIB has 18 decimals in decimals_conflict.csv:2; this line says 9
decimals_fraction.csv|decimals_fraction.csv:2:6: decimals '1.5' is not a whole number from 0 to 36
decimals_too_many.csv|decimals_too_many.csv:2:6: decimals '37' is not a whole number from 0 to 36
empty.csv|empty.csv: no assets after the header
missing_column.csv|missing_column.csv:1:1: header has no column 'source'
no_source.csv|no_source.csv:2:14: no source: say where the decimals were read (the token's contract page, the exchange's list)
LIST

# a code keeps its decimals across files: the case's tokens.csv says 18
printf 'code,decimals,chain,contract,source\nVIU,8,,,exchange list\n' \
	>"$T_TMP/viu.csv"
expect_refused "decimals against the case" "$T_TMP/viu.csv:2:5: VIU has 18 decimals in tokens.csv:4; this line says 8" "$C" import assets "$T_TMP/viu.csv"

# Exchange histories: one code however the exchange writes it, the
# case's tokens (BUSD) with their decimals
cd "$PR_FIXTURES/assets" || exit 2
pr -C "$C" import exchange --profile exchange exchange_tickers.csv
expect_rc "tickers" 0
expect_out_has "tickers" "exchange_tickers.csv: 4 transactions, 0 statement periods, SHA-256 $(sha256sum exchange_tickers.csv | cut -d' ' -f1)"
pr -C "$C" flows
expect_out_has "tickers: USDT-TRC20" "F1  2024-06-01  USDT 1500.250000  outside -> Coinflow 7741"
expect_out_has "tickers: USDT (ERC20)" "F2  2024-06-01  USDT 99.500000  outside -> Coinflow 7741"
expect_out_has "tickers: XBT" "F4  2024-06-03  BTC 0.01500000  Coinflow 7741 -> outside"
expect_refused "exchange_unknown.csv" "../bad/assets/exchange_unknown.csv:2:44: unknown asset 'shib-bep20' (SHIB): give its decimals with \`proceeds import assets\` (a line SHIB,DECIMALS,,,SOURCE)" "$C" import exchange --profile exchange ../bad/assets/exchange_unknown.csv

# Etherscan's own ERC-20 export has no TokenDecimal: decimals by contract
E="$T_TMP/e.case"
X="$PR_FIXTURES/crypto/etherscan-erc20_0xf98.csv"
pr -C "$E" init
expect_refused "erc20 without the table" "$X:2:235: token XNN at contract 0xab95e915c123fded5bdfb6325e35ef5515f1ea69 is not in the case's asset table: give its decimals with \`proceeds import assets\` (a line XNN,DECIMALS,ETH,0xab95e915c123fded5bdfb6325e35ef5515f1ea69,SOURCE)" "$E" import crypto "$X"
pr -C "$E" import assets tokens.csv
expect_refused "erc20 with part of the table" "$X:6:217: token CAN at contract 0x1d462414fe14cf489c7a21cac78509f4bf8cd7c0 is not in the case's asset table: give its decimals with \`proceeds import assets\` (a line CAN,DECIMALS,ETH,0x1d462414fe14cf489c7a21cac78509f4bf8cd7c0,SOURCE)" "$E" import crypto "$X"
pr -C "$E" import assets erc20_0xf98.csv
pr -C "$E" import crypto "$X"
expect_rc "erc20 with the table" 0
expect_out_has "erc20 with the table" "$X: 8 on-chain transactions, SHA-256 $(sha256sum "$X" | cut -d' ' -f1)"

# The reports read a case-only token's decimals from the asset table too:
# reconcile, flows, trace and the exhibits print BUSD (18 decimals, known
# only from tokens.csv) as exact decimal text.
B="$T_TMP/b.case"
mkdir -p "$T_TMP/busd" && cd "$T_TMP/busd" || exit 2
cat >busd.csv <<'CSV'
time,account,operation,asset,amount,balance,trade,tx_hash,address,reference,description
2024-06-02T10:00:00Z,Coinflow 9,deposit,BUSD,5.123456789012345678,5.123456789012345678,,,,D-1,deposit from victim
2024-06-03T10:00:00Z,Coinflow 9,withdrawal,BUSD,-4.000000000000000001,1.123456789012345677,,,,W-1,withdrawal to 0xabc
CSV
printf 'record,id,role,name,account,relation,start,end,note\nparty,V-1,victim,Jane Doe,,,,,\n' >victims.csv
printf 'origin,by,match,account,start,end,reason,source\nV-1,flow,busd.csv:2,,,,V-1 sent D-1,V-1 interview\n' >designations.csv
pr -C "$B" init
pr -C "$B" import assets "$PR_FIXTURES/assets/tokens.csv"
pr -C "$B" import exchange --profile exchange busd.csv
expect_rc "BUSD history" 0
pr -C "$B" import victims victims.csv
pr -C "$B" import designations designations.csv
expect_rc "BUSD designation" 0
pr -C "$B" reconcile
expect_rc "reconcile BUSD" 0
expect_out_has "reconcile BUSD" "Coinflow 9 BUSD 2024-06-02 2024-06-03 0.000000000000000000 5.123456789012345678 4.000000000000000001 1.123456789012345677 1.123456789012345677 0.000000000000000000 running balance (busd.csv:3)"
expect_out_has "reconcile BUSD: reconciled" "RECONCILED"
pr -C "$B" flows
expect_rc "flows BUSD" 0
expect_out_has "flows BUSD: F1" "F1  2024-06-02  BUSD 5.123456789012345678  outside -> Coinflow 9"
expect_out_has "flows BUSD: F2 debit" "    debit  exchange busd.csv:3  BUSD -4.000000000000000001  Coinflow 9: withdrawal to 0xabc"
pr -C "$B" trace
expect_rc "trace BUSD" 0
expect_out_has "trace BUSD: held" "Coinflow 9 (BUSD) 0.000000000000000000 0.000000000000000000 1.123456789012345677"
expect_out_has "trace BUSD: left" "outside: withdrawal to 0xabc (BUSD) 0.000000000000000000 0.000000000000000000 4.000000000000000001"
expect_out_has "trace BUSD: per victim" "  held  1.123456789012345677  Coinflow 9 (BUSD)"
pr -C "$B" exhibit --out ex
expect_rc "exhibit BUSD" 0
tr -d '\r' <ex/reconcile.csv >"$T_OUT"  # CSV exhibits end lines in CRLF
expect_out_has "exhibit reconcile.csv BUSD" "period,Coinflow 9,BUSD,2024-06-02,2024-06-03,0.000000000000000000,5.123456789012345678,4.000000000000000001,1.123456789012345677,1.123456789012345677,0.000000000000000000,running balance,busd.csv,3,2 rows"
tr -d '\r' <ex/flows.csv >"$T_OUT"  # CSV exhibits end lines in CRLF
expect_out_has "exhibit flows.csv BUSD" "F2,2024-06-03,Coinflow 9,outside,BUSD,4.000000000000000001,,,,,debit,exchange,busd.csv,3,2024-06-03,BUSD,-4.000000000000000001,Coinflow 9: withdrawal to 0xabc,"
tr -d '\r' <ex/trace.csv >"$T_OUT"  # CSV exhibits end lines in CRLF
expect_out_has "exhibit trace.csv BUSD" "held,Coinflow 9 (BUSD),BUSD,V-1,1.123456789012345677"
expect_out_has "exhibit trace.csv BUSD left" "left,outside: withdrawal to 0xabc (BUSD),BUSD,V-1,4.000000000000000001"
pr -C "$B" log --verify
expect_rc "log --verify after the BUSD reports" 0

finish
