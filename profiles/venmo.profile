# SPDX-License-Identifier: GPL-3.0-or-later
# Venmo: the monthly statement downloaded as CSV ("Statements" in the app
# or on venmo.com, "Download CSV").
# Written against: venmo.csv (egh/ledger-autosync, fixtures/venmo.csv).
# Quirks:
#  - The record after the header holds the username (field 1) and the
#    Beginning Balance (field 13), nothing else: skip_after_header = 1.
#  - After the rows: lines whose first 13 fields are empty with the Ending
#    Balance, the period's fees and the year's fees, then a Disclaimer
#    cell of several lines: footer_starts = ,,,,,,,,,,,,, (13 commas).
#    The balances are not read: they are outside the preamble, so the
#    file proves no statement period (import the Beginning and Ending
#    Balance as a statements CSV to reconcile it).
#  - Amount (total) is signed, with a space after the sign and a dollar
#    sign: "+ $73.01", "- $12.01". It already includes Amount (fee).
#  - Datetime is local time without a zone, ISO with a T.
#  - From and To name the payer and the payee, but on a Charge they are
#    the one who charged and the one charged, so neither is always the
#    other party: both go into the description, with Type and Note.
#  - Rows that did not complete are not money that moved. Venmo's
#    statement shows "Complete"; "Pending", "Cancelled" and "Failed"
#    rows (the statuses of the app's transaction list) are skipped and
#    counted.
#  - The file does not name the account in a place the profile can read
#    (the username is after the header): pass --account.
name = venmo
currency = USD
date = Datetime
date_format = YYYY-MM-DDThh:mm:ss
amount = Amount (total)
skip_after_header = 1
footer_starts = ,,,,,,,,,,,,,
skip_if = Status: Pending, Cancelled, Failed
reference = ID
description = Type
description = Note
description = From
description = To
