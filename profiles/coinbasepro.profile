# SPDX-License-Identifier: GPL-3.0-or-later
# Coinbase Pro account statement CSV (Portfolio, Type, Timestamp, Amount,
# Balance, Amount/balance unit, Transfer id, Trade id, Order id).
# Written against: coinbasepro.csv (rotki/rotki, rotkehlchen/tests/data).
# Quirks:
#  - Timestamp is ISO 8601 UTC with milliseconds ("...T10:42:31.215Z");
#    the milliseconds are dropped (times are kept to the second).
#  - One row per asset movement; Amount is signed; Balance is the running
#    balance of that asset after the row; Amount/balance unit is the asset.
#  - Type match is a trade leg; the legs and fee of one fill share the
#    Trade id. Several fills of one order share the Order id but are
#    separate trades.
#  - Balances are written with more decimals than the asset has, padded
#    with zeros ("5.278220890" BTC): extra_decimals = zeros accepts those
#    zeros and nothing else.
#  - Portfolio ("default") does not name the account: pass --account.
#  - No on-chain hash or address: deposits and withdrawals carry only
#    Coinbase's Transfer id, kept as the reference.
#  - rebate and conversion (USD/USDC) rows are kept under their own names.
name = coinbasepro
header = yes
date = Timestamp
date_format = YYYY-MM-DDThh:mm:ssZ
currency_column = Amount/balance unit
amount = Amount
decimal = .
thousands = none
extra_decimals = zeros
balance = Balance
balance_is = after
operation = Type
op_deposit = deposit
op_withdrawal = withdrawal
op_trade = match
op_fee = fee
op_other = rebate, conversion
trade = Trade id
reference = Transfer id
description = Type
description = Order id
