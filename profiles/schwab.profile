# SPDX-License-Identifier: GPL-3.0-or-later
# Charles Schwab Bank, checking account transactions exported as CSV
# (Date, Status, Type, CheckNumber, Description, Withdrawal, Deposit,
# RunningBalance).
# Written against: schwab_XXX234_Checking_Transactions_20220203.csv
#   (redstreet/beancount_reds_importers, importers/schwab/tests).
# Quirks:
#  - Newest transaction first; RunningBalance is the balance after the row.
#  - Withdrawal and Deposit are separate columns, both positive, with the
#    dollar sign: "$2.00".
#  - Only "Posted" rows are covered. The 2023 layout (a title line, a
#    "Pending Transactions" block and headers "Withdrawal (-)",
#    "Deposit (+)", "Check #") is a different export and needs its own
#    profile.
#  - The file does not name the account (only the file name does, as
#    XXX234): pass --account.
name = schwab
delimiter = ,
encoding = utf-8
header = yes
order = descending
date = Date
date_format = MM/DD/YYYY
debit = Withdrawal
credit = Deposit
debits = positive
decimal = .
thousands = ,
balance = RunningBalance
balance_is = after
description = Type
description = Description
reference = CheckNumber
currency = USD
