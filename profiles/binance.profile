# SPDX-License-Identifier: GPL-3.0-or-later
# Binance "Transaction History" CSV (User_ID, UTC_Time, Account,
# Operation, Coin, Change, Remark).
# Written against: the layout of binance.csv (privatefolio/privatefolio,
#   packages/backend/test/files) and binance_history.csv (rotki/rotki,
#   rotkehlchen/tests/data). Neither file imports whole: both hold assets
#   outside the currency table (IOTA, BNB ...), and they are kept in
#   fixtures/bad/exchange/ with their exact messages; the positive test
#   is fixtures/exchange/binance-synthetic.csv, written in this layout.
# Quirks:
#  - UTC_Time is "YYYY-MM-DD hh:mm:ss" in UTC, without a zone.
#  - There is no trade id: the legs and fees of one trade share the
#    second (trade = @time). Rows of several fills in the same second
#    are one trade, which still gives one asset and receives another.
#  - Change is signed and always has 8 decimals, whatever the coin
#    ("5000.00000000" USDT, which has 6): extra_decimals = zeros.
#    Binance writes tiny changes with an exponent ("6.0E-7"): refused.
#  - Operation names differ from year to year; an operation not named
#    below stops the import at its row. Add it to the right op_ key.
#  - No running balance, no hash, no address. The account (User_ID) is
#    not a name the case can use: pass --account.
name = binance
header = yes
date = UTC_Time
date_format = YYYY-MM-DD hh:mm:ss
currency_column = Coin
amount = Change
decimal = .
thousands = none
extra_decimals = zeros
operation = Operation
op_deposit = Deposit
op_withdrawal = Withdraw
op_trade = Buy, Sell, Transaction Related
op_fee = Fee
op_other = Distribution, Commission History, Referral Kickback
op_other = POS savings purchase, POS savings redemption
op_other = POS savings interest, Savings Interest, Launchpool Interest
op_other = ETH 2.0 Staking, ETH 2.0 Staking Rewards
op_other = Small assets exchange BNB
trade = @time
description = Account
description = Operation
description = Remark
