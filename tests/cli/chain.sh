#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# On-chain records through the command line: formats told from the file.
. "$(dirname "$0")/lib.sh"
C="$T_TMP/c.case"

cd "$PR_FIXTURES/crypto" || exit 2
pr -C "$C" init
pr -C "$C" import chain etherscan_0xf98.csv
expect_rc "etherscan normal" 0
expect_out_has "etherscan normal" "etherscan_0xf98.csv: 9 on-chain transactions, SHA-256 $(sha256sum etherscan_0xf98.csv | cut -d' ' -f1)"
pr -C "$C" import chain mempool_confirmed.json
expect_rc "explorer json" 0
expect_out_has "explorer json" "mempool_confirmed.json: 2 on-chain transactions, SHA-256 $(sha256sum mempool_confirmed.json | cut -d' ' -f1)"
pr -C "$C" import chain --format mt103 etherscan_0x003dc.csv
expect_rc "unknown chain format" 2
expect_err "unknown chain format" "proceeds: unknown on-chain format 'mt103' (expected csv, etherscan, explorer)
proceeds: nothing imported; the case is unchanged"
finish
