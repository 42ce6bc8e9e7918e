#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# make fuzz: run every libFuzzer target of fuzz/fuzz_import for
# FUZZ_SECONDS each (default 60), seeded from fixtures/ (copied at run
# time into a corpus kept in the build tree, fuzz/corpus/NAME, which
# grows from run to run), and fail on the first crash, leak, undefined
# behaviour or broken error contract. Its input is kept as
# fuzz/crashes/NAME/crash-*; run it again with
#   fuzz/targets/NAME fuzz/crashes/NAME/crash-...
#
# Usage: run.sh SRCDIR BUILDDIR [TARGET...]   (all targets by default)
set -u
SRC=$1
BUILD=$2
shift 2
SECONDS_EACH=${FUZZ_SECONDS:-60}
FUZZER=$BUILD/fuzz/fuzz_import
PROCEEDS=$BUILD/proceeds
FIX=$SRC/fixtures
PROCEEDS_PROFILE_PATH=$SRC/profiles
PROCEEDS_FUZZ_FIXTURES=$FIX
export PROCEEDS_PROFILE_PATH PROCEEDS_FUZZ_FIXTURES
# leaks are errors; a report names the line
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export ASAN_OPTIONS UBSAN_OPTIONS
# libofx's own leaks (fuzz/lsan.supp)
LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$SRC/fuzz/lsan.supp}
export LSAN_OPTIONS

[ -x "$FUZZER" ] || { echo "run.sh: no $FUZZER (./configure --enable-fuzz)"; exit 2; }
mkdir -p "$BUILD/fuzz/targets" "$BUILD/fuzz/corpus" "$BUILD/fuzz/crashes"

# The demo case, which designations, decisions and work start from.
PROCEEDS_FUZZ_CASE=$BUILD/fuzz/demo.case
export PROCEEDS_FUZZ_CASE
if [ ! -f "$PROCEEDS_FUZZ_CASE" ]; then
	sh "$FIX/demo/run.sh" "$PROCEEDS" "$FIX/demo" \
		"$PROCEEDS_FUZZ_CASE" >"$BUILD/fuzz/demo.log" 2>&1 ||
		{ echo "run.sh: cannot build the demo case (fuzz/demo.log)";
		  rm -f "$PROCEEDS_FUZZ_CASE"; exit 2; }
fi

# NAME GLOBS... for each target; "bank" is one target per profile
list=$(PROCEEDS_FUZZ_LIST=1 "$FUZZER") || exit 2
all=$(printf '%s\n' "$list" | while read -r name globs; do
	if [ "$name" = bank ]; then
		for p in "$SRC"/profiles/*.profile; do
			p=${p##*/}
			echo "bank-${p%.profile} $globs"
		done
	else
		echo "$name $globs"
	fi
done)

want=" $* "
failed=""
ran=0
while read -r name globs; do
	[ $# -gt 0 ] && case $want in *" $name "*) ;; *) continue ;; esac
	corpus=$BUILD/fuzz/corpus/$name
	crashes=$BUILD/fuzz/crashes/$name
	mkdir -p "$corpus" "$crashes"
	# seeds from fixtures/, by content hash so reruns add nothing twice
	for g in $globs; do
		for f in $FIX/$g; do
			[ -f "$f" ] || continue
			h=$(sha256sum <"$f" | cut -c1-40)
			[ -f "$corpus/$h" ] || cp "$f" "$corpus/$h"
		done
	done
	ln -sf ../fuzz_import "$BUILD/fuzz/targets/$name"
	printf 'fuzz %-18s %ss, %s seeds\n' "$name" "$SECONDS_EACH" \
		"$(ls "$corpus" | wc -l)"
	"$BUILD/fuzz/targets/$name" -max_total_time="$SECONDS_EACH" \
		-max_len=65536 -timeout=20 -rss_limit_mb=2048 \
		-print_final_stats=0 -artifact_prefix="$crashes/" \
		"$corpus" >"$BUILD/fuzz/$name.log" 2>&1
	rc=$?
	ran=$((ran + 1))
	if [ "$rc" -ne 0 ]; then
		failed="$failed $name"
		echo "FAIL: fuzz $name (exit $rc): see fuzz/$name.log"
		grep -E 'ERROR|SUMMARY|fuzz_import:|runtime error' \
			"$BUILD/fuzz/$name.log" | head -5
		ls "$crashes" | head -3 | sed "s|^|  $crashes/|"
	else
		tail -n 3 "$BUILD/fuzz/$name.log" | grep -E '^#|Done' |
			tail -n 1 | sed 's/^/  /'
	fi
done <<EOF
$all
EOF
if [ -n "$failed" ]; then
	echo "fuzz: $ran targets, failed:$failed"
	exit 1
fi
echo "fuzz: $ran targets, no crash"
