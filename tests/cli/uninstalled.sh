#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Running from the build tree (src/cli/datadir.c): without
# PROCEEDS_PROFILE_PATH or PROCEEDS_DEMO_DIR, the uninstalled proceeds
# reads the source tree's profiles and demo files, found through the
# landmark proceeds-srcdir.txt beside it; the same program elsewhere
# (as installed) uses only the installed directories. Messages say where
# they looked.
. "$(dirname "$0")/lib.sh"
unset PROCEEDS_PROFILE_PATH PROCEEDS_DEMO_DIR
src=${PR_FIXTURES%/fixtures}
C="$T_TMP/c.case"
# has NAME TEXT: stdout holds TEXT somewhere
has() {
	if grep -qF -- "$2" "$T_OUT"; then ok; else not_ok "$1: no '$2'"; fi
}

pr --version
expect_rc "--version" 0
expect_out_has "--version" "run from its build tree: profiles and demo files from $src"
pr import --help
has "import --help" "then $src/profiles"
pr demo --help
has "demo --help" "else from $src/fixtures/demo."

cd "$PR_FIXTURES/demo" || exit 2
pr -C "$C" init
pr -C "$C" import bank --profile dcu --account "GCFCU checking 4417" \
	gcfcu-checking-2023-01.csv
expect_rc "a shipped profile by name" 0
has "a shipped profile by name" "gcfcu-checking-2023-01.csv: 15 transactions, 1 statement period, SHA-256"
pr -C "$C" import bank --profile nosuch --account X gcfcu-checking-2023-02.csv
expect_rc "no such profile" 2
expect_err "no such profile" "proceeds: no profile named 'nosuch' (looked in $src/profiles)
proceeds: nothing imported; the case is unchanged"
PROCEEDS_PROFILE_PATH="$T_TMP/a:$T_TMP/b" pr -C "$C" import bank \
	--profile nosuch --account X gcfcu-checking-2023-02.csv
expect_rc "no such profile, with a path" 2
expect_err "no such profile, with a path" "proceeds: no profile named 'nosuch' (looked in \$PROCEEDS_PROFILE_PATH=$T_TMP/a:$T_TMP/b, $src/profiles)
proceeds: nothing imported; the case is unchanged"
PROCEEDS_DEMO_DIR="$T_TMP/nowhere" pr demo --out "$T_TMP/d"
expect_rc "no demo files" 2
expect_err "no demo files" "proceeds: demo: $T_TMP/nowhere/demo.steps: No such file or directory (looked in \$PROCEEDS_DEMO_DIR=$T_TMP/nowhere; set PROCEEDS_DEMO_DIR to the demo files)"

# The demo from the build tree, with nothing set: its first steps run
# from the source tree's demo files (the whole run is tests/cli/demo.sh).
cd "$T_TMP" || exit 2
pr demo --out d
expect_rc "demo from the build tree" 0
expect_out_has "demo from the build tree" "== Import the Gulf Coast FCU checking 4417 exports, one a month (March has not arrived)"

# The same program, copied out of the build tree, is an installed one:
# no landmark beside it, so only the configured directories. A landmark
# put beside the copy is followed.
real="$PR_BUILDDIR/.libs/proceeds"
[ -x "$real" ] || real="$PR_BUILDDIR/proceeds"
if head -c 4 "$real" | grep -q ELF; then
	mkdir -p "$T_TMP/bin" "$T_TMP/src/profiles"
	cp "$real" "$T_TMP/bin/proceeds"
	run_copy() {
		LD_LIBRARY_PATH="$PR_BUILDDIR/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
			"$T_TMP/bin/proceeds" "$@" >"$T_TMP/out" 2>"$T_TMP/err"
		T_RC=$?
		T_OUT="$T_TMP/out"
		T_ERR="$T_TMP/err"
	}
	run_copy import --help
	expect_rc "installed: import --help" 0
	if grep -q "$src" "$T_OUT"; then not_ok "installed: the source tree in import --help"; else ok; fi
	run_copy --version
	if grep -q "build tree" "$T_OUT"; then not_ok "installed: --version names a build tree"; else ok; fi
	printf '%s\n' "$T_TMP/src" >"$T_TMP/bin/proceeds-srcdir.txt"
	run_copy -C "$C" import bank --profile dcu --account Y \
		gcfcu-checking-2023-02.csv
	expect_rc "landmark beside the copy" 2
	expect_err "landmark beside the copy" "proceeds: no profile named 'dcu' (looked in $T_TMP/src/profiles)
proceeds: nothing imported; the case is unchanged"
	printf 'relative/path\n' >"$T_TMP/bin/proceeds-srcdir.txt"
	run_copy import --help
	if grep -q "relative/path" "$T_OUT"; then not_ok "a relative landmark is followed"; else ok; fi
fi
finish
