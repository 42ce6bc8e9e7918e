# SPDX-License-Identifier: GPL-3.0-or-later
# ING Germany (ING-DiBa) "Umsatzanzeige" CSV without the Saldo column, as
# the export is when the running balance is not asked for.
# Written against: ing_de_test_without_saldo_1.csv
#   (fabolhak/ofxstatement-de-ing, test/test_without_saldo_1.csv).
# Quirks:
#  - As ing-de (windows-1252, ';', German numbers, newest first, IBAN on
#    line 4, Zeitraum on line 8), but the preamble has no Saldo line, so
#    it is 13 lines, and the header has one Währung column (#7).
#  - No balance anywhere: the file proves no statement period. The note
#    on line 12 says pending rows ("vorgemerkte Umsätze") are not in it.
name = ing-de-nosaldo
delimiter = ;
encoding = windows-1252
preamble = 13
order = descending
account_cell = 4,2
date = Buchung
value_date = Wertstellungsdatum
date_format = DD.MM.YYYY
amount = Betrag
currency_column = Währung
decimal = ,
thousands = .
counterparty = Auftraggeber/Empfänger
description = Buchungstext
description = Verwendungszweck
