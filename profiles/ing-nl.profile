# SPDX-License-Identifier: GPL-3.0-or-later
# ING Netherlands: "Af- en bijschrijvingen" CSV, comma-separated.
# Written against: ing_nl_ok.csv (gpaulissen/ofxstatement-dutch,
#   tests/samples/ing_ok.csv).
# Quirks:
#  - Datum is YYYYMMDD. "Bedrag (EUR)" is unsigned with a decimal comma;
#    "Af Bij" says debit (Af) or credit (Bij).
#  - Rekening is the account, Tegenrekening the other party's.
#  - The ';'-separated variant of the same export needs a copy with
#    delimiter = ; (it also adds columns, which the names ignore).
#  - No balance: the file proves no statement period.
name = ing-nl
currency = EUR
date = Datum
date_format = YYYYMMDD
amount = Bedrag (EUR)
direction = Af Bij
credit_marker = Bij
debit_marker = Af
decimal = ,
thousands = .
account_column = Rekening
counter_account = Tegenrekening
description = Naam / Omschrijving
description = Mededelingen
