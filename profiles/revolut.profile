# SPDX-License-Identifier: GPL-3.0-or-later
# Revolut: account statement, "Excel" (CSV) format, one currency pocket.
# Written against: revolut.csv, reconstructed (fixtures/SOURCES.md) from
#   the columns of Revolut's current statement export.
# Quirks:
#  - Amount is signed; Fee is written positive and is money out: the
#    balance moves by Amount - Fee (fees = positive).
#  - State: COMPLETED rows are booked; PENDING, REVERTED and DECLINED rows
#    have no Balance and moved no money: they are skipped and counted.
#  - Started Date is when the payment began, Completed Date when it was
#    booked (empty while pending); the case takes the booking date.
#  - Balance after the row, oldest first.
#  - The file does not name the account: pass --account.
name = revolut
date = Completed Date
value_date = Started Date
date_format = YYYY-MM-DD hh:mm:ss
currency_column = Currency
amount = Amount
fee = Fee
fees = positive
thousands = none
balance = Balance
skip_if = State: PENDING, REVERTED, DECLINED, FAILED
description = Type
description = Description
