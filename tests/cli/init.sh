#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# proceeds init creates the case whole or not at all (issue 10, defect 8):
# an init killed while it writes leaves no case file (before, a 0- or
# 4,096-byte stub that every command called "not a proceeds case" and
# init refused), and the next init works; two inits at once: one creates
# the case, the other finds it there.
. "$(dirname "$0")/lib.sh"
C="$T_TMP/c.case"

# no_work NAME: no working directory of a writer left in $T_TMP
no_work() {
	if ls -a "$T_TMP" | grep -q '\.proceeds-'; then
		not_ok "$1: working directory left: $(ls -a "$T_TMP" |
			grep '\.proceeds-')"
	else ok; fi
}

# Killed at a set point: a file size limit whose signal (SIGXFSZ) is not
# ignored ends the process at the first write past N KiB, as kill -9
# would, wherever the file being written is.
for n in 0 1 4 8 16 64; do
	rm -f "$C" "$C-wal" "$C-shm"
	bash -c "ulimit -f $n; exec \"\$0\" -C \"\$1\" init" "$PROCEEDS" "$C" \
		>/dev/null 2>&1
	T_RC=$?
	expect_rc "init killed at $n KiB" 153 # 128 + SIGXFSZ (25)
	if [ -e "$C" ]; then
		not_ok "init killed at $n KiB left $(wc -c <"$C") bytes at $C"
	else ok; fi
	pr -C "$C" documents
	expect_rc "after init killed at $n KiB: no case" 2
	expect_err "after init killed at $n KiB: no case" \
		"proceeds: $C: no such case (create it with 'proceeds init')"
	pr -C "$C" init
	expect_rc "init after init killed at $n KiB" 0
	no_work "init after init killed at $n KiB"
	pr -C "$C" log --verify
	expect_rc "log --verify after init killed at $n KiB" 0
	grep -q ' init \[\]$' <("$PROCEEDS" -C "$C" log) && ok ||
		not_ok "init killed at $n KiB: no init entry"
done

# Two inits at once, six times: exactly one creates the case, the other
# says it exists; the case is whole.
for i in 1 2 3 4 5 6; do
	rm -f "$C" "$C-wal" "$C-shm"
	"$PROCEEDS" -C "$C" init >"$T_TMP/a.out" 2>"$T_TMP/a.err" &
	a=$!
	"$PROCEEDS" -C "$C" init >"$T_TMP/b.out" 2>"$T_TMP/b.err" &
	b=$!
	wait "$a"
	ra=$?
	wait "$b"
	rb=$?
	outs=$(cat "$T_TMP/a.out" "$T_TMP/b.out")
	errs=$(cat "$T_TMP/a.err" "$T_TMP/b.err")
	if [ "$((ra + rb))" = 2 ] && [ "$ra" != 1 ] &&
	   [ "$errs" = "proceeds: $C: already exists" ] &&
	   printf '%s\n' "$outs" |
	   grep -qx "created case $C (schema version [0-9]*)"; then ok; else
		not_ok "concurrent init $i: exits $ra $rb: $outs / $errs"; fi
	pr -C "$C" log --verify
	expect_rc "concurrent init $i: log --verify" 0
	n=$("$PROCEEDS" -C "$C" log | grep -c ' init \[\]$')
	[ "$n" = 1 ] && ok || not_ok "concurrent init $i: $n init entries"
done
no_work "concurrent inits"

# init never replaces anything, a link included.
ln -s "$T_TMP/elsewhere" "$T_TMP/link.case"
pr -C "$T_TMP/link.case" init
expect_rc "init over a symbolic link" 2
expect_err "init over a symbolic link" \
	"proceeds: $T_TMP/link.case: already exists"
[ -e "$T_TMP/elsewhere" ] && not_ok "init wrote through a link" || ok
finish
