# SPDX-License-Identifier: GPL-3.0-or-later
# N26: transactions CSV (2020 and later, English header).
# Written against: n26-fr.csv (reubano/csv2ofx, data/test/n26-fr.csv).
# Quirks:
#  - Booking Date and Value Date are ISO; Value Date is often empty.
#  - "Amount (EUR)" is signed, in the account's currency; Original Amount,
#    Original Currency and Exchange Rate describe a card payment abroad.
#  - Partner Name and Partner Iban are the other party.
#  - No balance: the file proves no statement period.
#  - The file does not name the account: pass --account.
name = n26
currency = EUR
date = Booking Date
value_date = Value Date
date_format = ISO
amount = Amount (EUR)
thousands = none
counterparty = Partner Name
counter_account = Partner Iban
description = Type
description = Payment Reference
