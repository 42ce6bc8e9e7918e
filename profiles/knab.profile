# SPDX-License-Identifier: GPL-3.0-or-later
# Knab (Netherlands), "transactieoverzicht" exported as CSV.
# Written against: Knab_transactieoverzicht_ok.csv
#   (gpaulissen/ofxstatement-dutch, tests/samples).
# Quirks:
#  - One line "KNAB EXPORT;;;..." before the header.
#  - ';' separator, every field quoted, a trailing ';' on every line (so
#    the header ends with an unnamed column).
#  - Bedrag is unsigned with a decimal comma and often no decimals
#    ("827,75", "2500"); CreditDebet says C (credit) or D (debit).
#  - Newest first, ordered by Boekdatum (booking date). Transactiedatum can
#    be a day earlier and then falls out of order, so the booking date is
#    the date here; Valutadatum is the value date. Transactiedatum is not
#    imported.
#  - No balance column: the file proves no statement by itself. Import the
#    statement balances separately to reconcile.
#  - The account is the Rekeningnummer column, the currency Valutacode.
name = knab
delimiter = ;
encoding = utf-8
preamble = 1
header = yes
order = descending
account_column = Rekeningnummer
currency_column = Valutacode
date = Boekdatum
value_date = Valutadatum
date_format = DD-MM-YYYY
amount = Bedrag
direction = CreditDebet
credit_marker = C
debit_marker = D
decimal = ,
thousands = .
counter_account = Tegenrekeningnummer
counterparty = Tegenrekeninghouder
description = Betaalwijze
description = Omschrijving
reference = Referentie
