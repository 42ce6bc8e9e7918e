# SPDX-License-Identifier: GPL-3.0-or-later
# The canonical exchange account history CSV (docs/formats.md, "Exchange
# account histories"): the layout to convert any exchange's export into
# when no profile of its own exists.
# Header: time,account,operation,asset,amount,balance,trade,tx_hash,
#         address,reference,description
# Written against: fixtures/exchange/canonical.csv (our own example).
# Quirks:
#  - time is ISO 8601 UTC with Z, to the second; a fraction of a second
#    (".215") is read and dropped.
#  - Each asset of the account is an account of the case: (account,
#    asset). amount is signed (money in positive) in the asset's units;
#    balance, the running balance of that asset after the row, may be
#    empty.
#  - operation is deposit, withdrawal, trade, fee or one of the other
#    names below; the legs of one trade share the trade column.
#  - tx_hash is stored lower case, so it meets the on-chain records.
name = exchange
header = yes
date = time
date_format = YYYY-MM-DDThh:mm:ssZ
account_column = account
currency_column = asset
amount = amount
decimal = .
thousands = none
balance = balance
balance_is = after
operation = operation
op_deposit = deposit
op_withdrawal = withdrawal
op_trade = trade
op_fee = fee
op_other = transfer, interest, reward, staking, airdrop, adjustment
trade = trade
tx_hash = tx_hash
address = address
reference = reference
description = description
