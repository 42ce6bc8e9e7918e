# SPDX-License-Identifier: GPL-3.0-or-later
# Zelle as a bank exports it: Zelle has no statement of its own; payments
# appear in the customer's bank account. This profile reads Chase's
# checking account activity CSV, whose Zelle rows say "Zelle payment to
# NAME ID" or "Zelle payment from NAME ID" (Type QUICKPAY_DEBIT or
# QUICKPAY_CREDIT).
# Written against: zelle-chase.csv, reconstructed (fixtures/SOURCES.md)
#   from the columns of Chase's checking activity download.
# Quirks:
#  - Every data line ends with a comma: one field more than the header,
#    always empty (ragged = yes accepts it; text there is refused).
#  - Newest first; Balance after the row. Amount signed.
#  - The other party of a Zelle payment is only in Description.
#  - The file does not name the account: pass --account.
name = zelle-chase
currency = USD
date = Posting Date
date_format = MM/DD/YYYY
amount = Amount
balance = Balance
order = descending
ragged = yes
reference = Check or Slip #
description = Description
description = Type
