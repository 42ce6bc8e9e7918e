#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The custody log covers the data (docs/custody.md): every way of editing
# the case file by hand that issue 10 lists is found by `log --verify`,
# with the entry, table and row, and makes `verify DIR` fail; a case from
# before seals is sealed by an "upgrade" entry; --anchor catches a log
# rewritten after its head was written down.
. "$(dirname "$0")/lib.sh"
: "${PR_SQLEXEC:?run through make check}"

C="$T_TMP/c.case"
cd "$PR_FIXTURES/custody" || exit 2
pr -C "$C" init
expect_rc "init" 0
schema=$(sed -n 's/.*(schema version \([0-9]*\))$/\1/p' "$T_OUT")
pr -C "$C" import bank --profile custody.profile --account "FCB 1234" \
	checking.csv
expect_rc "import bank" 0
cd "$PR_FIXTURES/demo" || exit 2
pr -C "$C" import crypto btc-chain.csv
expect_rc "import crypto" 0
cd "$PR_FIXTURES/custody" || exit 2
pr -C "$C" import victims victims.csv
expect_rc "import victims" 0

pr -C "$C" log
expect_rc "log" 0
expect_out_has "log: the rows an import wrote" \
	"    wrote txn rows 1..4 (4 rows), SHA-256 $("$PR_SQLEXEC" "$C" "SELECT json_extract(sealed, '\$[2][4]') FROM custody WHERE seq = 2")"
pr -C "$C" log --verify
expect_rc "intact" 0
expect_out_has "intact" "custody log intact: 4 entries, 18 rows sealed"
head=$("$PR_SQLEXEC" "$C" "SELECT hash FROM custody WHERE seq = 4")
expect_out_has "intact: the head" "head: entry 4, hash $head"
pr -C "$C" exhibit --out "$T_TMP/ex"
expect_rc "exhibit" 0
pr -C "$C" verify "$T_TMP/ex"
expect_rc "exhibits verify" 0

# tamper NAME SQL MESSAGE: on a copy of the case, SQL (run as any SQLite
# client would) makes `log --verify` exit 1 with MESSAGE, `verify` of the
# exhibits exit 1 saying that the log does not verify, and `exhibit`
# refuse to write.
tamper() {
	cp "$C" "$T_TMP/t.case"
	if ! "$PR_SQLEXEC" "$T_TMP/t.case" "$2" >/dev/null; then
		not_ok "$1: the SQL failed"
		return
	fi
	pr -C "$T_TMP/t.case" log --verify
	expect_rc "$1" 1
	expect_err "$1" "proceeds: $T_TMP/t.case: $3"
	pr -C "$T_TMP/t.case" verify "$T_TMP/ex"
	expect_rc "$1: verify DIR" 1
	expect_out_has "$1: verify DIR" \
		"verify: the case's custody log does not verify: $3"
	# nor are exhibits made from it
	rm -rf "$T_TMP/tx"
	pr -C "$T_TMP/t.case" exhibit --out "$T_TMP/tx"
	expect_rc "$1: exhibit" 2
	expect_err "$1: exhibit" "proceeds: exhibit: the case's custody log does not verify: $3; no exhibit written (see 'proceeds log --verify')"
	if [ -e "$T_TMP/tx" ]; then not_ok "$1: exhibit written"; else ok; fi
}

tamper "txn.counter_account" \
	"UPDATE txn SET counter_account = '021000021 9999' WHERE id = 2" \
	"custody log entry 2: the rows of txn it wrote have been altered (rows 1..4)"
tamper "txn.value_date" \
	"UPDATE txn SET value_date = value_date + 1 WHERE id = 2" \
	"custody log entry 2: the rows of txn it wrote have been altered (rows 1..4)"
tamper "chain_move.value of an input" \
	"UPDATE chain_move SET value = value - 1000 WHERE side = 'in'" \
	"custody log entry 3: the rows of chain_move it wrote have been altered (rows 1..3)"
tamper "party.name" \
	"UPDATE party SET name = 'Joan Doe' WHERE pseudonym = 'V-1'" \
	"custody log entry 4: the rows of party it wrote have been altered (rows 1..3)"
tamper "party.note" \
	"UPDATE party SET note = '' WHERE pseudonym = 'D-1'" \
	"custody log entry 4: the rows of party it wrote have been altered (rows 1..3)"
tamper "control.reason" \
	"UPDATE control SET reason = 'nominee only' WHERE id = 1" \
	"custody log entry 4: the rows of control it wrote have been altered (rows 1..2)"
tamper "a row deleted" \
	"DELETE FROM txn WHERE id = 3" \
	"custody log entry 2: row 3 of txn, which it wrote, has been deleted"
tamper "a row inserted by hand" \
	"INSERT INTO txn (document_id, record, line, account_id, date, value_date, amount, balance, description, reference, counterparty, counter_account) SELECT document_id, 5, 6, account_id, date, value_date, -100, NULL, 'CASH', '', '', '' FROM txn WHERE id = 4" \
	"row 5 of txn was written by no custody log entry"
tamper "a row inserted below the first" \
	"INSERT INTO party VALUES (0, 3, 9, 'V-9', 'victim', 'X', '')" \
	"row 0 of party was written by no custody log entry"
tamper "a document's SHA-256 cut to 12 characters" \
	"UPDATE document SET sha256 = substr(sha256, 1, 12) WHERE id = 1" \
	"custody log entry 2: document 1 'checking.csv' has SHA-256 '551ecce245f0', not 64 lowercase hex digits"
tamper "a document's SHA-256 emptied" \
	"UPDATE document SET sha256 = '' WHERE id = 3" \
	"custody log entry 4: document 3 'victims.csv' has SHA-256 '', not 64 lowercase hex digits"
tamper "a document's SHA-256 replaced" \
	"UPDATE document SET sha256 = '385e21271c8ad554f082564ce73c01bddb8facb7adb4e3b8fad077941609d235' WHERE id = 2" \
	"custody log entry 3: document 2 'btc-chain.csv' has SHA-256 '385e21271c8ad554f082564ce73c01bddb8facb7adb4e3b8fad077941609d235', which the entry does not record"
tamper "an entry's digest edited" \
	"UPDATE custody SET sealed = json_replace(sealed, '\$[2][4]', '0000000000000000000000000000000000000000000000000000000000000000') WHERE seq = 2" \
	"custody log entry 2 has been altered: its hash does not match its content"
tamper "a table's rows re-ordered" \
	"UPDATE txn SET id = -id; UPDATE txn SET id = 5 + id" \
	"custody log entry 2: the rows of txn it wrote have been altered (rows 1..4)"
tamper "two rows swapped" \
	"UPDATE control SET id = 0 WHERE id = 1; UPDATE control SET id = 1 WHERE id = 2; UPDATE control SET id = 2 WHERE id = 0" \
	"custody log entry 4: the rows of control it wrote have been altered (rows 1..2)"
tamper "an amount stored as text" \
	"UPDATE txn SET amount = CAST(amount AS TEXT) WHERE id = 1" \
	"custody log entry 2: the rows of txn it wrote have been altered (rows 1..4)"
tamper "a NULL made empty" \
	"UPDATE txn SET balance = '' WHERE id = 3" \
	"custody log entry 2: the rows of txn it wrote have been altered (rows 1..4)"
tamper "a trigger that would change rows as they are written" \
	"CREATE TRIGGER t AFTER INSERT ON txn BEGIN UPDATE txn SET counter_account = '' WHERE id = new.id; END" \
	"the case holds a trigger 't', which proceeds never makes"
tamper "the last entry and its rows removed, a row left" \
	"DELETE FROM custody WHERE seq = 4; DELETE FROM party; DELETE FROM control" \
	"document 3 'victims.csv' has no custody log entry: entry 4 is missing or altered"

# Rewriting a table in another physical order, each row with its own
# rowid, changes nothing anyone reads: the seal is in rowid order.
cp "$C" "$T_TMP/t.case"
"$PR_SQLEXEC" "$T_TMP/t.case" "CREATE TABLE t AS SELECT * FROM txn; DELETE FROM txn; INSERT INTO txn SELECT * FROM t ORDER BY id DESC; DROP TABLE t; VACUUM"
pr -C "$T_TMP/t.case" log --verify
expect_rc "rows stored in another order, same rowids" 0

# What the log cannot see by itself: the last entry removed with every
# row it wrote leaves a shorter log that is intact. The head hash written
# down before shows it.
cp "$C" "$T_TMP/t.case"
"$PR_SQLEXEC" "$T_TMP/t.case" "DELETE FROM custody WHERE seq = 4; DELETE FROM control; DELETE FROM party; DELETE FROM document WHERE id = 3"
pr -C "$T_TMP/t.case" log --verify
expect_rc "truncated with its rows: intact by itself" 0
pr -C "$T_TMP/t.case" log --verify --anchor "$head"
expect_rc "truncated: --anchor" 1
expect_err "truncated: --anchor" "proceeds: $T_TMP/t.case: no custody log entry has the hash $head: the log has been rewritten since it was recorded"
pr -C "$C" log --verify --anchor "$head"
expect_rc "--anchor" 0
expect_out_has "--anchor" "anchor: entry 4, hash $head; 0 entries after it"
anchor3=$("$PR_SQLEXEC" "$C" "SELECT hash FROM custody WHERE seq = 3")
pr -C "$C" log --verify --anchor "$anchor3"
expect_out_has "--anchor an earlier entry" "anchor: entry 3, hash $anchor3; 1 entry after it"
pr -C "$C" log --anchor "$head"
expect_rc "--anchor without --verify" 2
expect_err "--anchor without --verify" "proceeds: log: --anchor goes with --verify
Try 'proceeds log --help' for more information."
pr -C "$C" log --verify --anchor 1234
expect_rc "--anchor not a hash" 2
expect_err "--anchor not a hash" "proceeds: log: --anchor takes an entry's hash: 64 lowercase hex digits
Try 'proceeds log --help' for more information."

# A case written before entries sealed their rows (schema version 6):
# opening it adds an "upgrade" entry that seals every row then there.
cp "$PR_FIXTURES/store/case-v6-custody.db" "$T_TMP/old.case"
pr -C "$T_TMP/old.case" log --verify
expect_rc "v6 case: upgraded and intact" 0
expect_out_has "v6 case: upgraded and intact" \
	"custody log intact: 13 entries, 66 rows sealed"
pr -C "$T_TMP/old.case" log
expect_out_has "v6 case: the upgrade entry" \
	"13 2023-11-14T22:13:20Z upgrade []"
expect_out_has "v6 case: the upgrade entry" \
	"    result: schema version 6 to $schema: seals the 66 rows written before it"
expect_out_has "v6 case: it seals party" \
	"    wrote party rows 1..4 (4 rows), SHA-256 $("$PR_SQLEXEC" "$T_TMP/old.case" "SELECT json_extract(value, '\$[4]') FROM custody, json_each(sealed) WHERE seq = 13 AND json_extract(value, '\$[0]') = 'party'")"
cp "$T_TMP/old.case" "$T_TMP/t.case"
"$PR_SQLEXEC" "$T_TMP/t.case" "UPDATE party SET name = 'Rosa Alves' WHERE pseudonym = 'V-1'"
pr -C "$T_TMP/t.case" log --verify
expect_rc "v6 case: an old row edited after the upgrade" 1
expect_err "v6 case: an old row edited after the upgrade" "proceeds: $T_TMP/t.case: custody log entry 13: the rows of party it wrote have been altered (rows 1..4)"
pr -C "$T_TMP/old.case" import bank --profile custody.profile \
	--account "FCB 1234" checking.csv
expect_rc "v6 case: imports after the upgrade" 0
pr -C "$T_TMP/old.case" log --verify
expect_out_has "v6 case: imports after the upgrade" \
	"custody log intact: 14 entries, 72 rows sealed"
finish
