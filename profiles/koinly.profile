# SPDX-License-Identifier: GPL-3.0-or-later
# Koinly "Custom CSV - Advanced" (Date, Sent Amount, Sent Currency,
# Received Amount, Received Currency, Fee Amount, Fee Currency, Net Worth
# Amount, Net Worth Currency, Label, Description, TxHash).
# Written against: fixtures/exchange/koinly-advanced.csv (Koinly's own
#   template, as kept by simonmichael/hledger).
# Quirks:
#  - One row holds both legs of a trade: sent X of one asset, received Y
#    of another, fee Z in a third (or either of them). The row becomes
#    the legs: a trade debit, a trade credit and a fee debit, sharing
#    the trade id "FILE:LINE" (there is no trade column).
#  - A row with only a sent side is a withdrawal, only a received side a
#    deposit. A side with an amount and no currency (or the reverse) is
#    refused at its cell.
#  - Date is "YYYY-MM-DD hh:mm UTC": to the minute.
#  - Net Worth is Koinly's own valuation, not a movement: not read.
#  - No account column: pass --account.
name = koinly
header = yes
date = Date
date_format = YYYY-MM-DD hh:mm UTC
decimal = .
thousands = none
sent_amount = Sent Amount
sent_asset = Sent Currency
received_amount = Received Amount
received_asset = Received Currency
fee = Fee Amount
fee_asset = Fee Currency
fees = positive
tx_hash = TxHash
description = Label
description = Description
