#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Exchange rows that hold both legs of a trade (sent_amount, sent_asset,
# received_amount, received_asset, fee_asset): Koinly's advanced CSV.
# Each row becomes its legs, with exact amounts, one trade id, one time
# and the row's line; every incomplete row is refused at its cell.
. "$(dirname "$0")/lib.sh"
C="$T_TMP/x.case"

sha() { sha256sum "$1" | cut -d' ' -f1; }

cd "$PR_FIXTURES/exchange" || exit 2
pr -C "$C" init
expect_rc "init" 0

pr -C "$C" import exchange --profile koinly --account koinly koinly-advanced.csv
expect_rc "koinly" 0
expect_out_has "koinly" "koinly-advanced.csv: 3 transactions, 0 statement periods, SHA-256 $(sha koinly-advanced.csv)"

# Line 2 (1000 USD for 1 BTC, fee 5 USD) is a trade of three legs that
# share the trade id koinly-advanced.csv:2; line 3 sends 0.5 BTC only (a
# withdrawal), line 4 receives 1 BTC only (a deposit, labelled mining).
pr -C "$C" flows --format csv
# (CSV output ends its lines with CRLF, RFC 4180)
sed 's/$/\r/' > "$T_TMP/flows.csv" <<'CSV'
flow,date,from,to,currency,amount,to_currency,to_amount,fee,note,role,kind,document,line,evidence_date,evidence_currency,evidence_amount,what,basis
F1,2018-01-01,koinly,koinly,USD,1000.00,BTC,1.00000000,,conversion: 1 BTC = 1000 USD,debit,exchange,koinly-advanced.csv,2,2018-01-01,USD,-1000.00,koinly: my first crypto!,
F1,2018-01-01,koinly,koinly,USD,1000.00,BTC,1.00000000,,conversion: 1 BTC = 1000 USD,credit,exchange,koinly-advanced.csv,2,2018-01-01,BTC,1.00000000,koinly: my first crypto!,trade koinly-advanced.csv:2
F1,2018-01-01,koinly,koinly,USD,1000.00,BTC,1.00000000,,conversion: 1 BTC = 1000 USD,fee,exchange,koinly-advanced.csv,2,2018-01-01,USD,-5.00,koinly: my first crypto!,trade koinly-advanced.csv:2
F2,2018-01-02,koinly,outside,BTC,0.50000000,,,,,debit,exchange,koinly-advanced.csv,3,2018-01-02,BTC,-0.50000000,koinly: withdrawal,
F3,2018-01-03,outside,koinly,BTC,1.00000000,,,,,credit,exchange,koinly-advanced.csv,4,2018-01-03,BTC,1.00000000,koinly: mining,
CSV
expect_out_file "flows" "$T_TMP/flows.csv"

# The stored legs: account, asset, minor units, op, time, hash, trade.
if command -v sqlite3 >/dev/null; then
	got=$(sqlite3 -separator '|' "$C" "SELECT t.record, t.line, a.ident,
		a.currency, t.amount, x.op, x.time, x.hash, x.trade
		FROM txn t JOIN account a ON a.id = t.account_id
		JOIN txn_detail x ON x.txn_id = t.id ORDER BY t.id")
	want="1|2|koinly|USD|-100000|trade|2018-01-01T14:25:00Z||koinly-advanced.csv:2
1|2|koinly|BTC|100000000|trade|2018-01-01T14:25:00Z||koinly-advanced.csv:2
1|2|koinly|USD|-500|fee|2018-01-01T14:25:00Z||koinly-advanced.csv:2
2|3|koinly|BTC|-50000000|withdrawal|2018-01-02T14:25:00Z||
3|4|koinly|BTC|100000000|deposit|2018-01-03T14:25:00Z|0x12345|"
	if [ "$got" = "$want" ]; then ok; else
		not_ok "stored legs: got
$got
expected
$want"; fi
fi

# Incomplete or impossible rows: exact message, exit 2, case unchanged.
cd "$PR_FIXTURES/bad/exchange" || exit 2
while IFS='|' read -r file msg; do
	[ -z "$file" ] && continue
	expect_refused "$file" "$msg" "$C" import exchange --profile koinly --account X "$file"
done <<'LIST'
koinly_sent_no_asset.csv|koinly_sent_no_asset.csv:3:27: sent amount '1000' has no asset
koinly_received_no_amount.csv|koinly_received_no_amount.csv:2:31: received asset 'BTC' has no amount
koinly_fee_no_asset.csv|koinly_fee_no_asset.csv:2:39: fee amount '5' has no asset
koinly_no_sides.csv|koinly_no_sides.csv:2:22: row has neither a sent nor a received amount
koinly_same_asset.csv|koinly_same_asset.csv:2:33: row both sends and receives USD; a trade gives one asset and receives another
koinly_negative.csv|koinly_negative.csv:2:22: sent amount '-1000' must be more than zero
koinly_btc_9_decimals.csv|koinly_btc_9_decimals.csv:2:31: amount '0.123456789' has 9 decimals; at most 8 allowed
LIST

# Profiles that mix two-leg keys with the one-leg ones are refused.
printf 'name = x\nheader = yes\ndate = Date\ndate_format = YYYY-MM-DD\nsent_amount = S\nsent_asset = SA\nreceived_amount = R\n' > "$T_TMP/half.profile"
expect_refused "half the legs" "$T_TMP/half.profile: two-leg rows need sent_amount, sent_asset, received_amount and received_asset" \
	"$C" import exchange --profile "$T_TMP/half.profile" --account X koinly_no_sides.csv
printf 'name = x\nheader = yes\ndate = Date\ndate_format = YYYY-MM-DD\nsent_amount = S\nsent_asset = SA\nreceived_amount = R\nreceived_asset = RA\noperation = Op\nop_trade = Trade\n' > "$T_TMP/op.profile"
expect_refused "legs and an operation" "$T_TMP/op.profile: two-leg rows derive their operation (trade, deposit, withdrawal, fee): drop operation, the op_ keys and trade = @time" \
	"$C" import exchange --profile "$T_TMP/op.profile" --account X koinly_no_sides.csv
printf 'name = x\nheader = yes\ndate = Date\ndate_format = YYYY-MM-DD\nsent_amount = S\nsent_asset = SA\nreceived_amount = R\nreceived_asset = RA\nfee = F\nfees = positive\n' > "$T_TMP/fee.profile"
expect_refused "fee without fee_asset" "$T_TMP/fee.profile: fee_asset goes with fee and fees = positive" \
	"$C" import exchange --profile "$T_TMP/fee.profile" --account X koinly_no_sides.csv
finish
