# SPDX-License-Identifier: GPL-3.0-or-later
# Cash App: "Statements" > "Export CSV" (cash_app_report.csv).
# Written against: cashapp.csv, reconstructed (fixtures/SOURCES.md) from
#   the columns of Cash App's activity export.
# Quirks:
#  - Date carries the zone as text, "2024-01-03 14:23:11 EST". The layout
#    matches EST literally: a file with EDT rows (summer) needs a copy of
#    this profile with EDT, or is refused at the first such row, never
#    misread.
#  - Amount, Fee and Net Amount are signed with a dollar sign ("-$40.00",
#    "$0", "-$2.25"); Net = Amount + Fee (fees = signed).
#  - Status says what happened: CANCELED and FAILED rows moved no money
#    and are skipped and counted.
#  - No balance: the file proves no statement period.
#  - The file does not name the account ($cashtag): pass --account.
name = cashapp
currency_column = Currency
date = Date
date_format = YYYY-MM-DD hh:mm:ss EST
amount = Amount
fee = Fee
fees = signed
skip_if = Status: CANCELED, FAILED
reference = Transaction ID
counterparty = Name of sender/receiver
description = Transaction Type
description = Notes
