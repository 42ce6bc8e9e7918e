#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Exchange account histories read by profile (exchange, coinbasepro,
# binance, bittrex): what each sample imports to, the detail of its rows,
# the periods its running balances prove, and every malformed input.
. "$(dirname "$0")/lib.sh"
C="$T_TMP/x.case"

sha() { sha256sum "$1" | cut -d' ' -f1; }

# q SQL: one query on the case, '|'-separated (needs the sqlite3 tool)
q() { sqlite3 -separator '|' "$C" "$1"; }
HAVE_SQLITE=$(command -v sqlite3 || true)

# expect_q NAME SQL TEXT: the query prints exactly TEXT
expect_q() {
	[ -z "$HAVE_SQLITE" ] && return 0
	got=$(q "$2")
	if [ "$got" = "$3" ]; then ok; else
		not_ok "$1: got
$got
expected
$3"; fi
}

# A row of the case: account, currency, amount, balance and the exchange
# detail (op, time, hash, address, trade) of DOCUMENT:LINE.
ROW="SELECT a.ident, a.currency, t.amount, ifnull(t.balance, ''),
	x.op, x.time, x.hash, x.address, x.trade
	FROM txn t JOIN document d ON d.id = t.document_id
	JOIN account a ON a.id = t.account_id
	JOIN txn_detail x ON x.txn_id = t.id"
row() { printf '%s WHERE d.name = '\''%s'\'' AND t.line = %s' "$ROW" "$1" "$2"; }

cd "$PR_FIXTURES/exchange" || exit 2
pr -C "$C" init
expect_rc "init" 0

# The canonical layout: a fiat deposit, a BTC buy with a fee, a BTC
# withdrawal with its hash, address and network fee.
pr -C "$C" import exchange --profile exchange canonical.csv
expect_rc "canonical" 0
expect_out_has "canonical" "canonical.csv: 6 transactions, 2 statement periods, SHA-256 $(sha canonical.csv)"
expect_q "canonical deposit" "$(row canonical.csv 2)" \
	"Coinflow 7741|USD|2500000|2500000|deposit|2024-03-01T09:15:00Z|||"
expect_q "canonical buy, USD leg" "$(row canonical.csv 3)" \
	"Coinflow 7741|USD|-2400000|100000|trade|2024-03-01T10:02:17Z|||T-5001"
expect_q "canonical buy, BTC leg" "$(row canonical.csv 4)" \
	"Coinflow 7741|BTC|40000000|40000000|trade|2024-03-01T10:02:17Z|||T-5001"
expect_q "canonical fee" "$(row canonical.csv 5)" \
	"Coinflow 7741|USD|-4800|95200|fee|2024-03-01T10:02:17Z|||T-5001"
expect_q "canonical withdrawal: hash lower-cased, address as written" \
	"$(row canonical.csv 6)" \
	"Coinflow 7741|BTC|-39990000|10000|withdrawal|2024-03-02T16:40:05Z|9f2c4e1a7b3d5c8e0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071|bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh|"
expect_q "canonical withdrawal fee, in no trade" "$(row canonical.csv 7)" \
	"Coinflow 7741|BTC|-10000|0|fee|2024-03-02T16:40:05Z|9f2c4e1a7b3d5c8e0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071||"

# import crypto --profile is the same command; the file is in already.
pr -C "$C" import crypto --profile exchange canonical.csv
expect_rc "import crypto --profile: same document" 2
expect_err "import crypto --profile: same document" \
	"proceeds: canonical.csv: already in the case as document 1 'canonical.csv' (custody log entry 2), SHA-256 87389db01257
proceeds: nothing imported; the case is unchanged"

# Coinbase Pro: 21 rows in BTC and ETH, running balances per asset
# (balances padded past 8 decimals with zeros), milliseconds dropped.
pr -C "$C" import exchange --profile coinbasepro coinbasepro.csv
expect_rc "coinbasepro without --account" 2
expect_err "coinbasepro without --account" "proceeds: profile coinbasepro gives no account: pass --account
proceeds: nothing imported; the case is unchanged"
pr -C "$C" import exchange --profile coinbasepro --account "Coinbase Pro alice" coinbasepro.csv
expect_rc "coinbasepro" 0
expect_out_has "coinbasepro" "coinbasepro.csv: 21 transactions, 2 statement periods, SHA-256 $(sha coinbasepro.csv)"
expect_q "coinbasepro first deposit" "$(row coinbasepro.csv 2)" \
	"Coinbase Pro alice|BTC|250000000|250000000|deposit|2018-03-15T10:42:31Z|||"
expect_q "coinbasepro ETH leg in wei" "$(row coinbasepro.csv 3)" \
	"Coinbase Pro alice|ETH|52300000000000000000|52300000000000000000|trade|2018-03-15T10:55:12Z|||10201"
expect_q "coinbasepro fee of trade 10201" "$(row coinbasepro.csv 5)" \
	"Coinbase Pro alice|BTC|-344196|134923804|fee|2018-03-15T10:55:12Z|||10201"
expect_q "coinbasepro ETH withdrawal" "$(row coinbasepro.csv 10)" \
	"Coinbase Pro alice|ETH|-208041000000000000000|0|withdrawal|2018-08-10T18:33:15Z|||"
expect_q "coinbasepro zero-padded balance" "$(row coinbasepro.csv 15)" \
	"Coinbase Pro alice|BTC|-53100|527822089|trade|2019-07-01T22:14:18Z|||305441"
expect_q "coinbasepro trades, legs per trade" \
	"SELECT x.trade, count(*) FROM txn_detail x JOIN txn t ON t.id = x.txn_id
	 JOIN document d ON d.id = t.document_id
	 WHERE d.name = 'coinbasepro.csv' AND x.trade <> ''
	 GROUP BY x.trade ORDER BY x.trade" \
	"10201|3
20502|3
305441|3
305442|3
305443|3"
expect_q "coinbasepro reference is the transfer id" \
	"SELECT t.reference FROM txn t JOIN document d ON d.id = t.document_id
	 WHERE d.name = 'coinbasepro.csv' AND t.line = 13" \
	"b8c9d0e1-cdef-0123-4567-888888888888"

# Binance layout (our own file: the real samples hold assets outside the
# currency table; see the bad corpus). Legs share the second; two fills
# in one second are one trade; 8 decimals of USDT zeros are accepted.
pr -C "$C" import exchange --profile binance --account "Binance 20931544" binance-synthetic.csv
expect_rc "binance" 0
expect_out_has "binance" "binance-synthetic.csv: 11 transactions, 0 statement periods, SHA-256 $(sha binance-synthetic.csv)"
expect_q "binance deposit" "$(row binance-synthetic.csv 2)" \
	"Binance 20931544|USDT|5000000000||deposit|2021-05-03T08:00:12Z|||"
expect_q "binance buy, trade keyed by time" "$(row binance-synthetic.csv 3)" \
	"Binance 20931544|BTC|5000000||trade|2021-05-03T08:30:45Z|||2021-05-03T08:30:45Z"
expect_q "binance fee in ETH wei" "$(row binance-synthetic.csv 10)" \
	"Binance 20931544|ETH|-500000000000000||fee|2021-05-03T09:10:00Z|||2021-05-03T09:10:00Z"
expect_q "binance withdrawal: no trade" "$(row binance-synthetic.csv 11)" \
	"Binance 20931544|BTC|-4995000||withdrawal|2021-05-04T12:00:00Z|||"
expect_q "binance other operation, lower-cased" "$(row binance-synthetic.csv 12)" \
	"Binance 20931544|USDT|1250000||distribution|2021-05-05T00:00:00Z|||"

# Bittrex: the sample's first row (its second is in BCHA): hash and
# address for matching on-chain, milliseconds dropped.
pr -C "$C" import exchange --profile bittrex --account "Bittrex bob" bittrex-eth.csv
expect_rc "bittrex" 0
expect_out_has "bittrex" "bittrex-eth.csv: 1 transaction, 0 statement periods, SHA-256 $(sha bittrex-eth.csv)"
expect_q "bittrex withdrawal" "$(row bittrex-eth.csv 2)" \
	"Bittrex bob|ETH|-200849310000000000||withdrawal|2023-03-07T07:51:43Z|0xecac30357b613f6bcb5bc148fdd1d608bd94021e95a59233003948fde0c7c4d9|0x95222290DD7278Aa3Ddd389Cc1E1d165CC4BAfe5|"
# A deposits-only history: no operation column, every row a deposit;
# the pending row is skipped and counted.
# (in a case of its own, so that the reconcile below is unchanged)
C_MAIN=$C
C=$T_TMP/deposits.case
pr -C "$C" init
pr -C "$C" import exchange \
	--profile ./deposits-only.profile --account "Binance 20931544" \
	deposits-only.csv
expect_rc "deposits only" 0
expect_out_has "deposits only" "deposits-only.csv: 2 transactions, 0 statement periods, 1 row skipped by the profile (Status: Pending), SHA-256 $(sha deposits-only.csv)"
expect_q "deposits only: a deposit" "$(row deposits-only.csv 3)" \
	"Binance 20931544|BTC|4995000||deposit|2021-05-04T12:00:00Z|c3f1e0d9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1|bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh|"
C=$C_MAIN
expect_q "documents are of kind exchange" \
	"SELECT DISTINCT kind FROM document" "exchange"

# Every asset with running balances proves its own period, and the
# periods balance; the rows without balances are uncovered.
pr -C "$C" reconcile --format csv
expect_rc "reconcile" 1
for want in \
	"Coinbase Pro alice BTC  2018-03-15 2019-07-01       0.00000000      10.75000000       6.12791422       4.62208578       4.62208578     0.00000000 running balance (coinbasepro.csv:22)" \
	"Coinbase Pro alice ETH  2018-03-15 2019-07-01 0.000000000000000000 226.541000000000000000 208.041000000000000000 18.500000000000000000 18.500000000000000000 0.000000000000000000 running balance (coinbasepro.csv:20)" \
	"Coinflow 7741      BTC  2024-03-01 2024-03-02       0.00000000       0.40000000       0.40000000       0.00000000       0.00000000     0.00000000 running balance (canonical.csv:7)" \
	"Coinflow 7741      USD  2024-03-01 2024-03-01             0.00        25,000.00        24,048.00           952.00           952.00           0.00 running balance (canonical.csv:5)" \
	"Binance 20931544 USDT uncovered 2021-05-03 to 2021-05-05: 5 transactions outside every statement (binance-synthetic.csv:2)" \
	"transactions 39, accounts 8, periods 4 (0 do not balance), breaks 0, gaps 4, duplicates 0 (0 across documents)"
do
	pr -C "$C" reconcile
	expect_out_has "reconcile: $want" "$want"
done

# The wrong kind of profile for the command.
before=$(case_state "$C")
pr -C "$C" import bank --profile exchange canonical.csv
expect_rc "bank with an exchange profile" 2
expect_err "bank with an exchange profile" "proceeds: profile exchange is for exchange histories: use import exchange
proceeds: nothing imported; the case is unchanged"
pr -C "$C" import exchange --profile schwab --account X canonical.csv
expect_rc "exchange with a bank profile" 2
expect_err "exchange with a bank profile" "proceeds: profile schwab is for bank exports: use import bank
proceeds: nothing imported; the case is unchanged"
if [ "$(case_state "$C")" = "$before" ]; then ok; else
	not_ok "wrong profile kind: the case changed"; fi

# Malformed inputs: exact message, exit 2, the case unchanged.
cd "$PR_FIXTURES/bad/exchange" || exit 2
while IFS='|' read -r file profile msg; do
	[ -z "$file" ] && continue
	acct=
	case $profile in exchange|./*) ;; *) acct="--account X" ;; esac
	# shellcheck disable=SC2086
	expect_refused "$file" "$msg" "$C" import exchange --profile "$profile" $acct "$file"
done <<'LIST'
binance.csv|binance|binance.csv:5:47: unknown asset 'IOTA': give its decimals with `proceeds import assets` (a line IOTA,DECIMALS,,,SOURCE)
binance_history.csv|binance|binance_history.csv:2:48: unknown asset 'BNB': give its decimals with `proceeds import assets` (a line BNB,DECIMALS,,,SOURCE)
binance_history_empty_time.csv|binance|binance_history_empty_time.csv:2:3: empty date
binance_history_empty_coin.csv|binance|binance_history_empty_coin.csv:2:36: empty currency
binance_split_trade.csv|binance|binance_split_trade.csv:2:53: trade '2021-05-03T08:30:45Z' receives BTC but gives nothing
bittrex_tx_history.csv|bittrex|bittrex_tx_history.csv:3:25: unknown asset 'BCHA': give its decimals with `proceeds import assets` (a line BCHA,DECIMALS,,,SOURCE)
time_hour25.csv|exchange|time_hour25.csv:2:1: date '2024-03-01T25:00:00Z' does not exist
time_no_z.csv|exchange|time_no_z.csv:2:1: date '2024-03-01 09:15:00' does not match layout YYYY-MM-DDThh:mm:ssZ
time_bad_fraction.csv|exchange|time_bad_fraction.csv:2:1: date '2024-03-01T09:15:00.Z' does not match layout YYYY-MM-DDThh:mm:ssZ
unknown_op.csv|exchange|unknown_op.csv:2:36: unknown operation 'staking reward': profile exchange does not map it (op_deposit, op_withdrawal, op_trade, op_fee, op_other)
empty_op.csv|exchange|empty_op.csv:2:36: empty operation
unknown_asset.csv|exchange|unknown_asset.csv:2:47: unknown asset 'DOGE': give its decimals with `proceeds import assets` (a line DOGE,DECIMALS,,,SOURCE)
btc_9_decimals.csv|exchange|btc_9_decimals.csv:2:51: amount '-0.123456789' has 9 decimals; at most 8 allowed
missing_column.csv|exchange|missing_column.csv:1:1: header has no column 'operation' (profile exchange, line 29)
trade_unpaired.csv|exchange|trade_unpaired.csv:2:46: trade 'T-5001' gives USD but receives nothing
trade_same_sign.csv|exchange|trade_same_sign.csv:3:46: trade 'T-5001' gives both USD and BTC; a trade gives one asset and receives another
trade_gives_and_receives.csv|exchange|trade_gives_and_receives.csv:3:46: trade 'T-5001' both gives and receives USD
trade_third_asset.csv|exchange|trade_third_asset.csv:4:46: trade 'T-5001' has a third asset, ETH, besides USD and BTC
trade_fee_only.csv|exchange|trade_fee_only.csv:2:52: trade 'T-5001' has fees but no legs
trade_empty.csv|exchange|trade_empty.csv:2:57: empty trade: a trade row must name its trade
trade_zero_leg.csv|exchange|trade_zero_leg.csv:2:46: a trade leg must not be zero
time_no_z.csv|./op_twice.profile|./op_twice.profile:8:12: operation 'Fee' is already mapped to fee (line 7)
time_no_z.csv|./at_time_no_time.profile|./at_time_no_time.profile: trade = @time needs a date_format with a time (hh:mm:ss)
time_no_z.csv|./no_operation.profile|./no_operation.profile: exchange profile names no operation column
time_no_z.csv|./minutes_no_hour.profile|./minutes_no_hour.profile:3:15: date layout 'YYYY-MM-DDT00:mm:ssZ' has no hour (time tokens: hh h mm ss AM)
time_no_z.csv|./no_op_map.profile|./no_op_map.profile: exchange profile maps no operation (op_deposit, op_withdrawal, op_trade, op_fee, op_other)
LIST
finish
