#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The demo case end to end: fixtures/demo/run.sh against its golden
# transcript; 'proceeds demo' (the same steps, then the exhibits and the
# headline figures) against its own; its exhibits verify and are the same
# bytes when made again; a second run into the same place needs --force.
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

# proceeds demo, run from elsewhere: the demo files from
# PROCEEDS_DEMO_DIR, as an installed proceeds finds them in its data dir.
export PROCEEDS_DEMO_DIR="$PR_FIXTURES/demo"
cd "$T_TMP" || exit 2
pr demo --out d1
expect_rc "proceeds demo" 0
sed -i "s|$T_TMP|TMP|g" "$T_OUT"
expect_out_file "proceeds demo transcript" \
	"$PR_FIXTURES/demo/demo.expected"
expect_err "proceeds demo: stderr" \
	"proceeds: remission: the fund is the schedule's forfeited total (give --fund to set it)"
expect_out_has "headline: V-3" \
	"V-3          136,129.07     115,130.98      20,998.09"
pr -C d1/demo.case verify d1/exhibits
expect_rc "the demo's exhibits verify" 0
(cd d1/exhibits && sha256sum --quiet -c SHA256SUMS) >/dev/null 2>&1
T_RC=$?
expect_rc "sha256sum -c" 0
pr demo --out d2
diff -r d1/exhibits d2/exhibits >/dev/null
T_RC=$?
expect_rc "two demo runs give the same exhibits" 0
pr demo --out d1
expect_rc "no --force" 2
expect_err "no --force" "proceeds: demo: d1/demo.case exists: give --force to replace it, or another --out"
pr demo --out d1 --force
expect_rc "--force" 0
diff -r d1/exhibits d2/exhibits >/dev/null
T_RC=$?
expect_rc "--force gives the same exhibits" 0
PROCEEDS_DEMO_DIR="$T_TMP/nowhere" pr demo --out d3
expect_rc "no demo files" 2
expect_err "no demo files" "proceeds: demo: $T_TMP/nowhere/demo.steps: No such file or directory (looked in \$PROCEEDS_DEMO_DIR=$T_TMP/nowhere; set PROCEEDS_DEMO_DIR to the demo files)"
pr demo --help
expect_rc "help" 0
pr demo extra
expect_rc "extra argument" 2
finish
