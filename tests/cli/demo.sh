#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The demo case end to end, against its golden transcript.
. "$(dirname "$0")/lib.sh"

out="$T_TMP/transcript"
sh "$PR_FIXTURES/demo/run.sh" "$PROCEEDS" "$PR_FIXTURES/demo" \
	"$T_TMP/demo.case" >"$out" 2>&1
rc=$?
sed -i "s|$T_TMP|TMP|g" "$out"
T_RC=$rc
T_OUT=$out
T_ERR=/dev/null
expect_rc "demo runs" 0
expect_out_file "demo transcript" "$PR_FIXTURES/demo/run.expected"

# Reproducible: the same inputs give the same report, byte for byte.
pr -C "$T_TMP/demo.case" reconcile --format json
cp "$T_OUT" "$T_TMP/first.json"
sh "$PR_FIXTURES/demo/run.sh" "$PROCEEDS" "$PR_FIXTURES/demo" \
	"$T_TMP/again.case" >/dev/null 2>&1
pr -C "$T_TMP/again.case" reconcile --format json
expect_out_file "same report twice" "$T_TMP/first.json"
finish
