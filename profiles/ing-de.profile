# SPDX-License-Identifier: GPL-3.0-or-later
# ING Germany (ING-DiBa) "Umsatzanzeige": account transactions exported as
# CSV from online banking, the variant with the running "Saldo" column.
# Written against: ing_de_test_with_saldo_1.csv
#   (fabolhak/ofxstatement-de-ing, test/test_with_saldo_1.csv).
# Quirks:
#  - ISO-8859-1 text ("Währung", "Überweisung"). Read as windows-1252,
#    which decodes every printable latin-1 byte the same way and also
#    reads a "€" (0x80) correctly, where latin-1 would turn it into an
#    invisible control character.
#  - 14 lines before the header: file date, blank lines, IBAN (line 4),
#    Kontoname, Bank, Kunde, Zeitraum "28.12.2017 - 28.12.2018" (line 8),
#    Saldo "150,00;EUR" (line 9, the closing balance and its currency),
#    Sortierung, and a note. Blank lines count as lines of the preamble.
#  - A period without transactions is a file of the preamble and the
#    header only: the Saldo line's currency (9,3) is then the only one.
#  - Newest transaction first ("Sortierung;Datum absteigend"); Saldo is
#    the balance after the row.
#  - German numbers: decimal comma, thousands point; the bank drops
#    trailing zeros in Saldo ("155,5").
#  - Two columns are called "Währung": #7 (of Saldo) and #9 (of Betrag).
#    They must be named by position.
#  - The ING export without Saldo has one column fewer and needs its own
#    profile.
name = ing-de
delimiter = ;
encoding = windows-1252
preamble = 14
header = yes
order = descending
account_cell = 4,2
period_cell = 8,2
closing_cell = 9,2
currency_cell = 9,3
date = Buchung
value_date = Wertstellungsdatum
date_format = DD.MM.YYYY
amount = Betrag
currency_column = #9
decimal = ,
thousands = .
balance = Saldo
balance_is = after
counterparty = Auftraggeber/Empfänger
description = Buchungstext
description = Verwendungszweck
