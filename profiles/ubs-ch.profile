# SPDX-License-Identifier: GPL-3.0-or-later
# UBS Switzerland, account transactions exported as CSV from UBS e-banking,
# French-language interface (Produit; Monn.; ...; Débit; Crédit; Solde).
# Written against: ubs-ch-fr_trimmed.csv
#   (reubano/csv2ofx, data/test/ubs-ch-fr_trimmed.csv).
# Quirks:
#  - ';' separator, UTF-8 with accents in the header ("Débit", "Crédit").
#  - Swiss numbers: decimal point, apostrophe thousands: "11'373.94".
#  - Débit and Crédit are separate columns, both positive; Solde is the
#    balance after the row.
#  - The account is the "Produit" column, the currency the "Monn." column.
#  - The only date is "Date de valeur" (value date), and the sample's rows
#    are not in date order (31.03, 28.02, 27.04.2019). Their balances chain
#    in file order, so the file is read as oldest first.
#  - "Description" is the product's name ("Compte personnel UBS"); the
#    transaction's text is in Description 1 to 3.
name = ubs-ch
delimiter = ;
encoding = utf-8
header = yes
order = ascending
account_column = Produit
currency_column = Monn.
date = Date de valeur
date_format = DD.MM.YYYY
debit = Débit
credit = Crédit
debits = positive
decimal = .
thousands = '
balance = Solde
balance_is = after
description = Description 1
description = Description 2
description = Description 3
reference = N° de transaction
