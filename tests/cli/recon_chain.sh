#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# One account's running balance through several exports (docs/reconcile.md,
# "Running balances across files"): files that carry the balance from one
# to the next reconcile as one period, even when they share a day; a file
# that does not carry it breaks the chain, and the break names both files.
. "$(dirname "$0")/lib.sh"
cd "$PR_FIXTURES/recon" || exit 2
C="$T_TMP/c.case"

pr -C "$C" init
# February first: the chain goes by the files' dates, not import order
pr -C "$C" import bank --profile ./plain.profile --account "HFCU 4821" \
	feb.csv
expect_rc "import feb" 0
pr -C "$C" import bank --profile ./plain.profile --account "HFCU 4821" \
	jan.csv
expect_rc "import jan" 0
pr -C "$C" reconcile
expect_rc "jan and feb reconcile" 0
expect_out_file "jan and feb" chain.expected

# March's first balance less its amount (1,260.30) is not February's last
# balance (1,510.30): 250.00 went out between the two exports.
pr -C "$C" import bank --profile ./plain.profile --account "HFCU 4821" \
	mar.csv
expect_rc "import mar" 0
pr -C "$C" reconcile
expect_rc "march breaks the chain" 1
expect_out_file "march breaks the chain" chain.gap.expected
pr -C "$C" reconcile --format csv
expect_rc "csv" 1
expect_out_file "csv" chain.gap.csv.expected
pr -C "$C" reconcile --format json
expect_rc "json" 1
expect_out_file "json" chain.gap.json.expected
finish
