# SPDX-License-Identifier: GPL-3.0-or-later
# DCU (Digital Federal Credit Union, Massachusetts), checking or savings
# account history downloaded as CSV from online banking.
# Written against: dcu_Main_Checking_Account_Transactions.csv
#   (redstreet/beancount_reds_importers, importers/dcu/tests).
# Quirks:
#  - Newest transaction first; CURRENT BALANCE is the balance after the row.
#  - Every field quoted, CRLF line ends.
#  - AMOUNT is signed and carries the dollar sign and thousands commas:
#    "-$7,971.39", "$6,000.36".
#  - TRANSACTION TYPE (DEBIT/CREDIT) only repeats the sign of AMOUNT.
#  - ID is an opaque base64 token per transaction; MEMO is usually empty.
#  - The file does not name the account: pass --account.
name = dcu
delimiter = ,
encoding = utf-8
header = yes
order = descending
date = DATE
date_format = MM/DD/YYYY
amount = AMOUNT
decimal = .
thousands = ,
balance = CURRENT BALANCE
balance_is = after
description = DESCRIPTION
description = MEMO
reference = ID
currency = USD
