# SPDX-License-Identifier: GPL-3.0-or-later
# ASN Bank (Netherlands), "transactie-historie" CSV export.
# Written against:
#   asn_transactie-historie_NL00ASNB9999999999_20220717204133.csv
#   (gpaulissen/ofxstatement-dutch, tests/samples).
# Quirks:
#  - No header row: every column is named by position. The 19 columns:
#     1 boekingsdatum (despite the name, when the transaction took place)
#     2 own account          3 counter account     4 counter party name
#     5 address              6 postcode            7 town
#     8 account currency     9 balance BEFORE the row
#    10 currency of amount  11 signed amount
#    12 journaaldatum (journal date: when ASN booked it)
#    13 value date          14 internal code      15 global code (NGM, ...)
#    16 sequence number     17 payment reference  18 description
#    19 statement number
#  - The balance (#9) is the balance before the row: balance_is = before.
#  - The date is the journal date (#12), which decides the statement a row
#    is on; #1 can be a day earlier (28-06 against 29-06 in the sample) and
#    is not imported. Sequence number (#16) and journal date together
#    identify a transaction.
#  - Oldest first. Dates DD-MM-YYYY, amounts signed with a decimal point
#    and no thousands separator.
#  - ASN quotes free text (#17, #18) with single quotes: quote = '.
#  - One file can span several statements (#19).
name = asn
delimiter = ,
quote = '
encoding = utf-8
header = no
order = ascending
date = #12
value_date = #13
date_format = DD-MM-YYYY
account_column = #2
counter_account = #3
counterparty = #4
currency_column = #8
amount = #11
decimal = .
thousands = none
balance = #9
balance_is = before
description = #17
description = #18
reference = #16
