# SPDX-License-Identifier: GPL-3.0-or-later
# Bittrex deposit and withdrawal history CSV (Date, Currency, Type,
# Address, Memo/Tag, TxId, Amount).
# Written against: bittrex_tx_history.csv (rotki/rotki,
#   rotkehlchen/tests/data). Its second row is in BCHA, which is not in
#   the currency table, so the file is kept whole in fixtures/bad/exchange
#   and its first row, alone, in fixtures/exchange/bittrex-eth.csv.
# Quirks:
#  - Date is "YYYY-MM-DD hh:mm:ss.fff" without a zone; the times are UTC.
#    The milliseconds are dropped.
#  - Type is DEPOSIT or WITHDRAWAL, in capitals; Amount is signed, with an
#    explicit '+' on deposits ("+0.00000001").
#  - TxId is the on-chain hash (stored lower case, so it meets the chain
#    records) and Address the address sent to or from, as written
#    (mixed-case EIP-55 for Ethereum).
#  - No running balance; the account is not named: pass --account.
name = bittrex
header = yes
date = Date
date_format = YYYY-MM-DD hh:mm:ss
currency_column = Currency
amount = Amount
decimal = .
thousands = none
operation = Type
op_deposit = DEPOSIT
op_withdrawal = WITHDRAWAL
tx_hash = TxId
address = Address
reference = Memo/Tag
