# SPDX-License-Identifier: GPL-3.0-or-later
# Payoneer: account activity downloaded as CSV.
# Written against: payoneer.csv (reubano/csv2ofx, data/test/payoneer.csv).
# Quirks:
#  - Transaction Date (MM/DD/YYYY), Transaction Time and Time Zone ("UTC")
#    are separate columns; the case keeps the date.
#  - Credit Amount and Debit Amount columns, both positive.
#  - Running Balance after the row, newest first.
#  - Status: rows that did not complete ("Pending", "Cancelled", "Failed")
#    are skipped and counted; the sample has only "Completed".
#  - The file does not name the account: pass --account.
name = payoneer
date = Transaction Date
date_format = MM/DD/YYYY
credit = Credit Amount
debit = Debit Amount
currency_column = Currency
balance = Running Balance
order = descending
skip_if = Status: Pending, Cancelled, Failed
reference = Transaction ID
description = Description
description = Additional Description
