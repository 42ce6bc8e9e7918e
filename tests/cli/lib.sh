# SPDX-License-Identifier: GPL-3.0-or-later
# Shared by the CLI tests: run proceeds, compare exit code, stdout, stderr.
# Each test script sources this, calls the checks, then 'finish'.
set -u
: "${PROCEEDS:?run through make check}"
: "${PR_FIXTURES:?run through make check}"
PROCEEDS_PROFILE_PATH=${PR_PROFILES:-}
export PROCEEDS_PROFILE_PATH
unset PROCEEDS_CASE
LC_ALL=C
export LC_ALL
T_PASS=0
T_FAIL=0
T_TMP=$(mktemp -d)
trap 'rm -rf "$T_TMP"' EXIT

# pr ARGS...: run proceeds (under valgrind when configured) and capture
# T_RC, T_OUT (file) and T_ERR (file). PR_WRAP, when set, is a command
# (and its arguments) that runs it, e.g. on read-only media.
pr() {
	if [ -n "${PROCEEDS_VALGRIND:-}" ]; then
		# through libtool, so valgrind checks the program, not the
		# wrapper script
		${PR_WRAP:-} "$PR_BUILDDIR/libtool" --mode=execute \
			"$PROCEEDS_VALGRIND" \
			--quiet --leak-check=full --error-exitcode=99 \
			"$PROCEEDS" "$@" \
			>"$T_TMP/out" 2>"$T_TMP/err"
	else
		${PR_WRAP:-} "$PROCEEDS" "$@" >"$T_TMP/out" 2>"$T_TMP/err"
	fi
	T_RC=$?
	T_OUT="$T_TMP/out"
	T_ERR="$T_TMP/err"
}

ok() { T_PASS=$((T_PASS + 1)); }
not_ok() {
	T_FAIL=$((T_FAIL + 1))
	printf 'FAIL: %s\n' "$1"
	[ -s "$T_TMP/out" ] && { echo '--- stdout'; head -40 "$T_TMP/out"; }
	[ -s "$T_TMP/err" ] && { echo '--- stderr'; head -20 "$T_TMP/err"; }
	return 0
}

# expect_rc NAME CODE
expect_rc() {
	if [ "$T_RC" = "$2" ]; then ok; else not_ok "$1: exit $T_RC, expected $2"; fi
}

# expect_err NAME TEXT: stderr is exactly TEXT (one or more lines)
expect_err() {
	if [ "$(cat "$T_ERR")" = "$2" ]; then ok; else
		not_ok "$1: stderr differs; expected:
$2"; fi
}

# expect_out_file NAME GOLDEN: stdout equals the golden file byte for byte
# (PR_REGEN=1 rewrites the golden instead: review the diff before commit)
expect_out_file() {
	if [ "${PR_REGEN:-}" = 1 ]; then cp "$T_OUT" "$2"; fi
	if cmp -s "$T_OUT" "$2"; then ok; else
		not_ok "$1: stdout differs from $2"
		diff -u "$2" "$T_OUT" | head -30
	fi
}

# expect_out_has NAME TEXT: stdout contains the line TEXT
expect_out_has() {
	if grep -qxF -- "$2" "$T_OUT"; then ok; else
		not_ok "$1: stdout lacks line: $2"; fi
}

# expect_refused NAME MESSAGE CASE ARGS...: `proceeds -C CASE ARGS...`
# exits 2 with "proceeds: MESSAGE" and "nothing imported" on stderr, and
# the case is exactly as it was.
expect_refused() {
	_name=$1 _msg=$2 _case=$3
	shift 3
	_before=$(case_state "$_case")
	pr -C "$_case" "$@"
	expect_rc "$_name" 2
	expect_err "$_name" "proceeds: $_msg
proceeds: nothing imported; the case is unchanged"
	if [ "$(case_state "$_case")" = "$_before" ]; then ok; else
		not_ok "$_name: the case changed"; fi
}

# case_state CASE: a fingerprint of everything in the case, to prove an
# import that failed changed nothing.
case_state() {
	"$PROCEEDS" -C "$1" documents 2>&1
	"$PROCEEDS" -C "$1" log 2>&1
	"$PROCEEDS" -C "$1" reconcile --format csv 2>&1
}

finish() {
	echo "$T_PASS passed, $T_FAIL failed"
	[ "$T_FAIL" -eq 0 ]
}
