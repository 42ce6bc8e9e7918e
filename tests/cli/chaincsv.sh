#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The canonical on-chain CSV: told from its header, read exactly, and its
# malformed inputs refused with their place, leaving the case unchanged.
. "$(dirname "$0")/lib.sh"
C="$T_TMP/c.case"

sha() { sha256sum "$1" | cut -d' ' -f1; }

cd "$PR_FIXTURES/crypto" || exit 2
pr -C "$C" init
pr -C "$C" import crypto chain-utxo.csv
expect_rc "utxo csv" 0
expect_out_has "utxo csv" "chain-utxo.csv: 2 on-chain transactions, SHA-256 $(sha chain-utxo.csv)"
pr -C "$C" import chain --format csv chain-account.csv
expect_rc "account csv" 0
expect_out_has "account csv" "chain-account.csv: 4 on-chain transactions, SHA-256 $(sha chain-account.csv)"
pr -C "$C" import crypto chain-tron.csv
expect_rc "tron csv, optional columns left out" 0
expect_out_has "tron csv, optional columns left out" "chain-tron.csv: 1 on-chain transaction, SHA-256 $(sha chain-tron.csv)"
# Etherscan files still go to the Etherscan reader, not this one
pr -C "$C" import crypto etherscan_0xf98.csv
expect_rc "etherscan not taken" 0
expect_out_has "etherscan not taken" "etherscan_0xf98.csv: 9 on-chain transactions, SHA-256 $(sha etherscan_0xf98.csv)"
# this format names no Etherscan column, so --format csv refuses one
before=$(case_state "$C")
pr -C "$C" import crypto --format csv etherscan_0xf98.csv
expect_rc "etherscan as csv" 2
expect_err "etherscan as csv" "proceeds: etherscan_0xf98.csv:1:1: unknown column 'Txhash' (expected chain, hash, block, time, status, fee, side, n, address, asset, value, prev_hash, prev_index)
proceeds: nothing imported; the case is unchanged"
if [ "$(case_state "$C")" = "$before" ]; then ok; else
	not_ok "etherscan as csv: the case changed"; fi

cd "$PR_FIXTURES/bad/crypto" || exit 2
while IFS='|' read -r file msg; do
	[ -z "$file" ] && continue
	expect_refused "$file" "$msg" "$C" import crypto --format csv "$file"
done <<'LIST'
chaincsv_account_unbalanced.csv|chaincsv_account_unbalanced.csv:2:5: inputs of ETH (1.500000000000000000) do not equal its outputs (1.400000000000000000)
chaincsv_address.csv|chaincsv_address.csv:2:119: address '0x5aaeb6053f3e94c9b9a09f33669435e7ef1bea' is not 0x and 40 hex digits
chaincsv_asset.csv|chaincsv_asset.csv:2:156: asset 'ETH' on a BTC transaction: a UTXO chain moves only its own coin
chaincsv_chain.csv|chaincsv_chain.csv:2:1: chain 'DOGE' is not one this format reads (BCH, BTC, LTC; ETH, SOL, TRX, XRP)
chaincsv_date.csv|chaincsv_date.csv:2:77: time '2023-02-30T00:09:27Z' is on a day that does not exist
chaincsv_decimals.csv|chaincsv_decimals.csv:2:160: value '0.123456789' has 9 decimals; BTC has 8
chaincsv_digits.csv|chaincsv_digits.csv:2:166: value '1111111111111111111111111111111111111111...' has more than 80 digits
chaincsv_disagree.csv|chaincsv_disagree.csv:3:101: fee '0.0002' differs from the transaction's first row (line 2): '0.0001'
chaincsv_disagree_block.csv|chaincsv_disagree_block.csv:3:70: block '840001' differs from the transaction's first row (line 2): '840000'
chaincsv_double_spend.csv|chaincsv_double_spend.csv:5:232: output 0 of 628b49d96dcde97a... is already spent on line 4
chaincsv_empty.csv|chaincsv_empty.csv: no transactions after the header
chaincsv_exponent.csv|chaincsv_exponent.csv:2:160: value '5e-1' is not a plain decimal such as 0.015
chaincsv_failed_utxo.csv|chaincsv_failed_utxo.csv:2:98: a UTXO transaction in a block cannot fail: status must be ok
chaincsv_fee.csv|chaincsv_fee.csv:2:101: no fee
chaincsv_hash.csv|chaincsv_hash.csv:2:5: hash '8b5cc4df7eec7d32a7814eca4af047ae33b2d523...' is not 0x and 64 hex digits
chaincsv_header.csv|chaincsv_header.csv:1:41: unknown column 'adress' (expected chain, hash, block, time, status, fee, side, n, address, asset, value, prev_hash, prev_index)
chaincsv_n.csv|chaincsv_n.csv:3:112: n is 1; expected 0 (a transaction's outputs are numbered 0, 1, 2 ... in order)
chaincsv_negative.csv|chaincsv_negative.csv:2:160: value '-0.5' is negative: side says which way value moves
chaincsv_no_address.csv|chaincsv_no_address.csv:3:120: no address: an account transfer is from one address to another
chaincsv_no_output.csv|chaincsv_no_output.csv:2:5: a transaction needs at least one input (side in) and one output (side out)
chaincsv_no_prev.csv|chaincsv_no_prev.csv:2:164: a UTXO input must name the output it spends: prev_hash and prev_index
chaincsv_prev_index.csv|chaincsv_prev_index.csv:2:229: prev_index '-1' is not a whole number from 0 to 4294967295
chaincsv_prev_on_account.csv|chaincsv_prev_on_account.csv:3:171: prev_hash is only for UTXO inputs
chaincsv_repeated.csv|chaincsv_repeated.csv:6:5: transaction 628b49d96dcde97a... already appeared on line 2: a transaction's rows must be consecutive
chaincsv_side.csv|chaincsv_side.csv:2:108: side 'input' is neither in nor out
chaincsv_spent_index.csv|chaincsv_spent_index.csv:4:232: transaction 628b49d96dcde97a... (line 2) has no output 1: it has 1
chaincsv_spent_value.csv|chaincsv_spent_value.csv:4:160: value 0.50000000 is not that of output 0 of 628b49d96dcde97a... (line 2): 0.49990000
chaincsv_status.csv|chaincsv_status.csv:2:102: status 'success' is neither ok nor failed
chaincsv_thousands.csv|chaincsv_thousands.csv:2:166: value '1,500.0' is not a plain decimal such as 0.015
chaincsv_time.csv|chaincsv_time.csv:2:77: time '2024-04-20 00:09:27' is not YYYY-MM-DDTHH:MM:SSZ (UTC)
chaincsv_time_offset.csv|chaincsv_time_offset.csv:2:77: time '2024-04-20T00:09:27+00:00' is not YYYY-MM-DDTHH:MM:SSZ (UTC)
chaincsv_unbalanced.csv|chaincsv_unbalanced.csv:2:5: inputs (0.50000000 BTC) do not equal outputs (0.40000000 BTC) plus fee (0.00010000 BTC)
LIST
finish
