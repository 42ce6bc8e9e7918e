# SPDX-License-Identifier: GPL-3.0-or-later
# GLS Bank (Germany): account transactions CSV from online banking.
# Written against: gls.csv (reubano/csv2ofx, data/test/gls.csv).
# Quirks:
#  - ISO-8859-1 ("Empfänger", "Währung"), ';' separator, German numbers.
#  - The purpose is split over 14 columns VWZ1 to VWZ14; the first seven
#    are read (a profile takes at most 8 description columns).
#  - Kontostand is the balance after the row; Kontonummer the account.
#  - No final newline.
name = gls
delimiter = ;
encoding = latin-1
date = Buchungstag
value_date = Wertstellung
date_format = DD.MM.YYYY
amount = Betrag
balance = Kontostand
currency_column = Währung
account_column = Kontonummer
decimal = ,
thousands = .
counterparty = Auftraggeber/Empfänger
description = Buchungstext
description = VWZ1
description = VWZ2
description = VWZ3
description = VWZ4
description = VWZ5
description = VWZ6
description = VWZ7
