# SPDX-License-Identifier: GPL-3.0-or-later
# PayPal: "Activity" download (Reports > Activity download > Comma
# delimited, balance-affecting and all transactions).
# Written against: paypal-custom.csv (simonmichael/hledger,
#   examples/csv/other/paypal-custom.csv), oldest row first.
# Quirks:
#  - Date (M/D/YYYY, with or without leading zeros), Time and TimeZone are
#    separate columns; the case keeps the date.
#  - Gross, Fee and Net: Fee carries its sign ("-0.59") and Net = Gross +
#    Fee, so amount = Gross with fee = Fee, fees = signed. Net is left
#    empty on some rows; Gross and Fee never are.
#  - Balance is the PayPal balance after the row. A "Bank Deposit to PP
#    Account" that funds a payment is "Pending" and still moves the
#    balance (-6.99 then 0.00): pending rows are NOT skipped, or the
#    running balance breaks. The Reference Txn ID links the two rows.
#  - Currency per row (Currency); amounts with thousands commas.
#  - Older exports (2016) write a space after every comma of the header
#    (the reader drops it) and end every line with a comma (an empty last
#    column in the header too, so the widths agree); some are newest
#    first: check the balances and set order = descending in a copy.
#  - The file does not name the account: pass --account (the email
#    address of the PayPal account).
name = paypal
date = Date
date_format = M/D/YYYY
currency_column = Currency
amount = Gross
fee = Fee
fees = signed
balance = Balance
counterparty = Name
reference = Transaction ID
description = Type
description = Item Title
