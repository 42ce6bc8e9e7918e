# SPDX-License-Identifier: GPL-3.0-or-later
# Capital One credit card, transactions downloaded as CSV
# (Transaction Date, Posted Date, Card No., Description, Category, Debit,
# Credit).
# Written against: capitalone.csv (reubano/csv2ofx, data/test).
# Quirks:
#  - A card account: Debit is a charge (money out of the cardholder's
#    hands, imported as negative), Credit a payment or refund. Both are
#    positive, in separate columns.
#  - ISO dates. Posted Date is the date here (it decides the statement the
#    row belongs to). Transaction Date, when the card was used, is not a
#    value date and the profile format has no other place for it, so it is
#    not imported.
#  - The account is the "Card No." column (its last four digits).
#  - No balance column: the file proves no statement by itself. For the
#    same reason the row order does not matter to the checks; the sample's
#    two rows share a date and cannot show it.
#  - The file does not say its currency and Capital One issues cards in
#    more than one: pass --currency.
name = capitalone
delimiter = ,
encoding = utf-8
header = yes
order = ascending
account_column = Card No.
date = Posted Date
date_format = YYYY-MM-DD
debit = Debit
credit = Credit
debits = positive
decimal = .
thousands = ,
description = Description
