# SPDX-License-Identifier: GPL-3.0-or-later
# Wise (formerly TransferWise): balance statement CSV, one currency.
# Written against: wise.csv, reconstructed (fixtures/SOURCES.md) from the
#   columns of Wise's statement export.
# Quirks:
#  - Date is DD-MM-YYYY. Amount is signed and already includes the fee
#    (Total fees repeats it for information): no fee column.
#  - Running Balance is after the row, oldest first.
#  - Payer Name is filled on money in, Payee Name on money out.
#  - The file does not name the account: pass --account.
name = wise
date = Date
date_format = DD-MM-YYYY
currency_column = Currency
amount = Amount
thousands = none
balance = Running Balance
reference = TransferWise ID
counterparty_credit = Payer Name
counterparty_debit = Payee Name
counter_account = Payee Account Number
description = Description
description = Payment Reference
description = Merchant
