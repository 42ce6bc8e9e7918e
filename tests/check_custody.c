/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Tests of the custody log's seal over the data (custody.c,
 * custody_seal.c): which tables and columns it covers, the serialisation
 * byte for byte, entries that seal their own rows, the upgrade of a case
 * from before seals, and the property that a single cell edited anywhere
 * in a random case is always found (fixed seeds).
 */
#include "config.h"
#include "common.h"
#include "custody.h"
#include "testutil.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* The bank export of fixtures/custody/custody.profile. */
static const char bank_profile[] =
	"name = custody\n"
	"date = Date\n"
	"value_date = ValueDate\n"
	"date_format = YYYY-MM-DD\n"
	"amount = Amount\n"
	"balance = Balance\n"
	"description = Description\n"
	"counterparty = Counterparty\n"
	"counter_account = CounterAccount\n"
	"currency = USD\n";

static char *tmp;
static char *case_path;

static void
setup(void)
{
	tmp = tu_tmpdir();
	case_path = tu_path(tmp, "case.prcd");
	setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
}

static void
teardown(void)
{
	tu_rmtree(tmp);
	free(tmp);
	free(case_path);
}

/* The case at case_path, opened for writing (and upgraded). */
static pr_store *
reopen(void)
{
	pr_store *st = NULL;
	pr_error err;

	pr_error_clear(&err);
	ck_assert_msg(pr_store_open(&st, case_path, 0, &err) == PR_OK,
		      "open: %s", err.msg);
	return st;
}

static pr_store *
init_case(void)
{
	pr_store *st = tu_case_new(tmp, strrchr(case_path, '/') + 1);
	pr_error err;

	pr_error_clear(&err);
	ck_assert_int_eq(pr_store_begin(st, &err), PR_OK);
	ck_assert_int_eq(pr_store_commit(st, "init", 0, NULL, "created case",
					 &err), PR_OK);
	return st;
}

static void
sha_hex(char out[PR_SHA256_HEX], const void *data, size_t n)
{
	pr_sha256 *h = NULL;

	ck_assert_int_eq(pr_sha256_new(&h, NULL), PR_OK);
	pr_sha256_update(h, data, n);
	pr_sha256_final_hex(h, out);
	pr_sha256_free(h);
}

/* ---------------------------------------------------------------- */
/* what is sealed */

/* Every table of the case but custody is sealed, each with every column
 * but its INTEGER PRIMARY KEY (the rowid, sealed on its own), in schema
 * order. A migration that adds a table or a column fails here: decide
 * then how its rows are sealed (docs/custody.md). */
START_TEST(test_custody_tables)
{
	pr_store *st = tu_case_new(tmp, "case.prcd");
	sqlite3_stmt *s = NULL;
	char sql[200];
	int t, n = 0;

	ck_assert_int_eq(sqlite3_prepare_v2(st->db, "SELECT name FROM "
					    "sqlite_schema WHERE type = "
					    "'table' AND name <> 'custody'",
					    -1, &s, NULL), SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(s, 0);

		ck_assert_msg(pr__seal_table_find(name) >= 0,
			      "table %s is not sealed", name);
		n++;
	}
	sqlite3_finalize(s);
	ck_assert_int_eq(n, PR__N_SEALED);
	for (t = 0; t < PR__N_SEALED; t++) {
		char *cols;

		snprintf(sql, sizeof(sql), "SELECT group_concat(name, ', ')"
			 " FROM (SELECT name FROM pragma_table_info('%s')"
			 " WHERE pk = 0 ORDER BY cid)", pr__seal_table(t));
		cols = tu_sql_text(st->db, sql);
		ck_assert_str_eq(pr__seal_columns(t), cols);
		free(cols);
		ck_assert_int_eq(pr__seal_table_find(pr__seal_table(t)), t);
	}
	ck_assert_int_eq(pr__seal_table_find("custody"), -1);
	pr_store_close(st);
}
END_TEST

/* The serialisation of docs/custody.md, rebuilt here byte for byte. */
struct bytes {
	unsigned char b[512];
	size_t n;
};

static void
put_u64(struct bytes *x, char tag, uint64_t v)
{
	int i;

	x->b[x->n++] = (unsigned char)tag;
	for (i = 7; i >= 0; i--)
		x->b[x->n++] = (unsigned char)(v >> (8 * i));
}

static void
put_text(struct bytes *x, char tag, const char *s)
{
	put_u64(x, tag, strlen(s));
	memcpy(x->b + x->n, s, strlen(s));
	x->n += strlen(s);
}

START_TEST(test_custody_serialisation)
{
	pr_store *st = init_case();
	char got[PR_SHA256_HEX], want[PR_SHA256_HEX];
	int t = pr__seal_table_find("account");
	int c = pr__seal_table_find("control");
	struct bytes x = { { 0 }, 0 };
	int64_t count, gap;

	tu_sql_exec(st->db, "INSERT INTO account VALUES (1, 'FCB 1234', 'USD');"
		    "INSERT INTO account VALUES (3, '', 'EUR');");
	put_text(&x, 't', "account");
	put_text(&x, 't', "ident, currency");
	put_u64(&x, 'i', 1);
	put_text(&x, 't', "FCB 1234");
	put_text(&x, 't', "USD");
	put_u64(&x, 'i', 3);
	put_text(&x, 't', "");
	put_text(&x, 't', "EUR");
	sha_hex(want, x.b, x.n);
	ck_assert_int_eq(pr__seal_digest(st, t, 0, 3, got, &count, &gap,
					 NULL), PR_OK);
	ck_assert_str_eq(got, want);
	ck_assert_int_eq(count, 2);
	ck_assert_int_eq(gap, 2);
	/* an empty range: the header alone */
	x.n = 0;
	put_text(&x, 't', "account");
	put_text(&x, 't', "ident, currency");
	sha_hex(want, x.b, x.n);
	ck_assert_int_eq(pr__seal_digest(st, t, 3, 9, got, &count, &gap,
					 NULL), PR_OK);
	ck_assert_str_eq(got, want);
	ck_assert_int_eq(count, 0);
	ck_assert_int_eq(gap, 4);

	/* NULL, '' and 0, an integer and its text, a negative: all apart */
	tu_sql_exec(st->db, "INSERT INTO document VALUES (1, 'x', 'd', 0, "
		    "'victims', '', '', 0, 0, 1);"
		    "INSERT INTO party VALUES (1, 1, 2, 'D-1', 'defendant', "
		    "'X', '');"
		    "INSERT INTO control VALUES (1, 1, 3, 1, 'A', 'owner', "
		    "NULL, -5, '');");
	x.n = 0;
	put_text(&x, 't', "control");
	put_text(&x, 't', pr__seal_columns(c));
	put_u64(&x, 'i', 1);
	put_u64(&x, 'i', 1);
	put_u64(&x, 'i', 3);
	put_u64(&x, 'i', 1);
	put_text(&x, 't', "A");
	put_text(&x, 't', "owner");
	x.b[x.n++] = 'n';
	put_u64(&x, 'i', (uint64_t)-5);
	put_text(&x, 't', "");
	sha_hex(want, x.b, x.n);
	ck_assert_int_eq(pr__seal_digest(st, c, 0, 1, got, &count, NULL,
					 NULL), PR_OK);
	ck_assert_str_eq(got, want);
	pr_store_close(st);
}
END_TEST

/* An entry that wrote rows hashes its seal as an eighth member; one that
 * wrote none hashes as every entry did before seals (the init golden of
 * check_store holds). */
START_TEST(test_custody_entry_hash)
{
	pr_store *st = init_case();
	pr_profile *p = tu_profile(bank_profile);
	char *sealed, *prev, *hash, *text;
	char want[PR_SHA256_HEX];
	pr_error err;

	tu_import(st, tmp, "a.csv", "Date,ValueDate,Description,Counterparty,"
		  "CounterAccount,Amount,Balance\n"
		  "2024-03-01,,ZELLE FROM J DOE,J DOE,,900.00,900.00\n", p,
		  "FCB 1234", NULL, NULL);
	ck_assert_int_eq(tu_sql_int(st->db, "SELECT sealed IS NULL FROM "
				    "custody WHERE seq = 1"), 1);
	sealed = tu_sql_text(st->db, "SELECT sealed FROM custody WHERE seq = "
			     "2");
	prev = tu_sql_text(st->db, "SELECT hash FROM custody WHERE seq = 1");
	hash = tu_sql_text(st->db, "SELECT hash FROM custody WHERE seq = 2");
	text = tu_sql_text(st->db, "SELECT json_array(seq, at, command, args,"
			   " documents, result, prev_hash, sealed) FROM "
			   "custody WHERE seq = 2");
	/* the seal: one [table, after, last, count, sha256] per table
	 * written, in table order: document, account, txn, statement */
	ck_assert_int_eq(tu_sql_int(st->db, "SELECT json_array_length("
				    "sealed) FROM custody WHERE seq = 2"), 4);
	ck_assert_int_eq(tu_sql_int(st->db, "SELECT count(*) FROM custody, "
				    "json_each(sealed) WHERE seq = 2 AND "
				    "json_extract(value, '$[1]') = 0 AND "
				    "json_extract(value, '$[2]') = 1 AND "
				    "json_extract(value, '$[3]') = 1 AND "
				    "length(json_extract(value, '$[4]')) = 64"),
			 4);
	ck_assert_int_eq(tu_sql_int(st->db, "SELECT json_extract(sealed, "
				    "'$[3][0]') = 'statement' FROM custody "
				    "WHERE seq = 2"), 1);
	sha_hex(want, text, strlen(text));
	ck_assert_str_eq(hash, want);
	ck_assert_ptr_nonnull(strstr(text, prev));
	pr_error_clear(&err);
	ck_assert_int_eq(pr_log_verify(st, NULL, &err), PR_OK);
	free(sealed);
	free(prev);
	free(hash);
	free(text);
	pr_profile_free(p);
	pr_store_close(st);
}
END_TEST

/* Each entry seals the rows above each table's highest rowid at its
 * start; the next one starts where it ended. */
START_TEST(test_custody_ranges)
{
	pr_store *st = init_case();
	pr_profile *p = tu_profile(bank_profile);
	pr_log_status status;
	pr_error err;

	tu_import(st, tmp, "a.csv", "Date,ValueDate,Description,Counterparty,"
		  "CounterAccount,Amount,Balance\n"
		  "2024-03-01,,A,,,1.00,1.00\n2024-03-02,,B,,,1.00,2.00\n",
		  p, "FCB 1234", NULL, NULL);
	tu_import(st, tmp, "b.csv", "Date,ValueDate,Description,Counterparty,"
		  "CounterAccount,Amount,Balance\n"
		  "2024-03-03,,C,,,1.00,3.00\n", p, "FCB 9", NULL, NULL);
	ck_assert_int_eq(tu_sql_int(st->db, "SELECT count(*) FROM custody, "
				    "json_each(sealed) WHERE seq = 3 AND "
				    "json_extract(value, '$[0]') = 'txn' AND "
				    "json_extract(value, '$[1]') = 2 AND "
				    "json_extract(value, '$[2]') = 3"), 1);
	ck_assert_int_eq(tu_sql_int(st->db, "SELECT count(*) FROM custody, "
				    "json_each(sealed) WHERE seq = 3 AND "
				    "json_extract(value, '$[0]') = 'account' "
				    "AND json_extract(value, '$[1]') = 1"), 1);
	pr_error_clear(&err);
	ck_assert_int_eq(pr_log_verify_status(st, &status, &err), PR_OK);
	ck_assert_int_eq(status.entries, 3);
	/* documents, accounts, transactions, statement periods */
	ck_assert_int_eq(status.rows, 2 + 2 + 3 + 2);
	ck_assert_int_eq(status.head_seq, 3);
	ck_assert_int_eq(status.bad_seq, 0);

	/* a row put in by hand between two commands is found */
	tu_sql_exec(st->db, "INSERT INTO txn SELECT 4, document_id, 9, 9,"
		    " account_id, date, value_date, amount, balance, 'X', '',"
		    " '', '' FROM txn WHERE id = 3");
	tu_import(st, tmp, "c.csv", "Date,ValueDate,Description,Counterparty,"
		  "CounterAccount,Amount,Balance\n"
		  "2024-03-04,,D,,,1.00,4.00\n", p, "FCB 9", NULL, NULL);
	ck_assert_int_eq(pr_log_verify_status(st, &status, &err),
			 PR_EINVALID);
	ck_assert_str_eq(err.msg, "row 4 of txn was written by no custody "
			 "log entry");
	ck_assert_int_eq(status.bad_seq, 0);
	ck_assert_int_eq(status.entries, 4);
	pr_profile_free(p);
	pr_store_close(st);
}
END_TEST

/* ---------------------------------------------------------------- */
/* upgrade */

/* The tables a version-6 case has: the first of the sealed list (those
 * added later, such as crypto_asset, are empty after its upgrade). */
#define V6_SEALED 16

/* A version-6 case (fixtures/store/case-v6-custody.db: twelve entries,
 * every kind of record) gains one "upgrade" entry that seals every row
 * it holds, and nothing else changes. */
START_TEST(test_custody_upgrade)
{
	char *fixture = tu_fixture("store", "case-v6-custody.db");
	char *data = NULL, *result, *want_result = NULL;
	pr_log_status status;
	size_t len;
	tu_buf b = { NULL, 0, 0 };
	pr_store *st;
	pr_error err;
	int64_t rows = 0;
	int t;

	data = tu_read_file(fixture, &len);
	free(tu_write_bytes(tmp, "case.prcd", data, len));
	free(data);
	st = reopen();
	ck_assert_int_eq(pr_store_file_version(st), pr_store_schema_version());
	ck_assert_int_eq(tu_sql_int(st->db, "SELECT count(*) FROM "
				    "pragma_foreign_key_check"), 0);
	ck_assert_int_eq(tu_sql_int(st->db, "SELECT max(seq) FROM custody"),
			 13);
	ck_assert_int_eq(tu_sql_int(st->db, "SELECT count(*) FROM custody "
				    "WHERE sealed IS NOT NULL"), 1);
	for (t = 0; t < V6_SEALED; t++) {
		char sql[100];

		snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s",
			 pr__seal_table(t));
		ck_assert_msg(tu_sql_int(st->db, sql) > 0, "fixture has no %s",
			      pr__seal_table(t));
		rows += tu_sql_int(st->db, sql);
	}
	ck_assert_int_eq(tu_sql_int(st->db, "SELECT json_array_length(sealed)"
				    " FROM custody WHERE seq = 13"),
			 V6_SEALED);
	result = tu_sql_text(st->db, "SELECT command || ' ' || args || ' ' "
			     "|| result FROM custody WHERE seq = 13");
	tu_buf_printf(&b, "upgrade [] schema version 6 to %d: seals the "
		      "%lld rows written before it", pr_store_schema_version(),
		      (long long)rows);
	want_result = b.s;
	ck_assert_str_eq(result, want_result);
	free(result);
	pr_error_clear(&err);
	ck_assert_int_eq(pr_log_verify_status(st, &status, &err), PR_OK);
	ck_assert_int_eq(status.entries, 13);
	ck_assert_int_eq(status.rows, rows);
	pr_store_close(st);

	/* once only */
	st = reopen();
	ck_assert_int_eq(tu_sql_int(st->db, "SELECT max(seq) FROM custody"),
			 13);
	/* the old entries still verify as they were written */
	tu_sql_exec(st->db, "UPDATE custody SET result = 'x' WHERE seq = 3");
	ck_assert_int_eq(pr_log_verify(st, NULL, &err), PR_EINVALID);
	ck_assert_str_eq(err.msg, "custody log entry 3 has been altered: its "
			 "hash does not match its content");
	pr_store_close(st);
	tu_buf_free(&b);
	free(fixture);
}
END_TEST

/* A version-6 case that holds no rows gets an upgrade entry sealing
 * nothing; a case without entries (version 0) gets none. */
START_TEST(test_custody_upgrade_empty)
{
	char *fixture = tu_fixture("store", "case-v6-custody.db");
	char *data, *result;
	char want[200];
	size_t len;
	pr_store *st;
	sqlite3 *db = NULL;
	int t;

	data = tu_read_file(fixture, &len);
	free(tu_write_bytes(tmp, "case.prcd", data, len));
	free(data);
	ck_assert_int_eq(sqlite3_open(case_path, &db), SQLITE_OK);
	tu_sql_exec(db, "DELETE FROM custody WHERE seq > 1");
	for (t = V6_SEALED - 1; t >= 0; t--) {
		char sql[100];

		snprintf(sql, sizeof(sql), "DELETE FROM %s",
			 pr__seal_table(t));
		tu_sql_exec(db, sql);
	}
	sqlite3_close(db);
	st = reopen();
	result = tu_sql_text(st->db, "SELECT result FROM custody WHERE seq = "
			     "2");
	snprintf(want, sizeof(want), "schema version 6 to %d: no rows to seal",
		 pr_store_schema_version());
	ck_assert_str_eq(result, want);
	free(result);
	ck_assert_int_eq(tu_sql_int(st->db, "SELECT sealed IS NULL FROM "
				    "custody WHERE seq = 2"), 1);
	ck_assert_int_eq(pr_log_verify(st, NULL, NULL), PR_OK);
	pr_store_close(st);
	free(fixture);
}
END_TEST

/* ---------------------------------------------------------------- */
/* property: a single cell edited anywhere is found */

#define CASES 40
#define EDITS 12

static const char *const memos[] = {
	"ZELLE FROM J DOE", "CASH DEPOSIT", "ATM WITHDRAWAL", "WIRE OUT",
	"POS PURCHASE", "SERVICE FEE"
};

struct gen {
	tu_rng r;
	int files;        /* names and content stay unique */
	int victims, defendants;
	int assets;
};

static const char *
pick(struct gen *g, const char *const *v, size_t n)
{
	return v[tu_rng_below(&g->r, n)];
}

static void
hex(struct gen *g, char *out, int n)
{
	static const char d[] = "0123456789abcdef";
	int i;

	for (i = 0; i < n; i++)
		out[i] = d[tu_rng_below(&g->r, 16)];
	out[n] = '\0';
}

static void
cents(tu_buf *b, int64_t c)
{
	tu_buf_printf(b, "%s%lld.%02lld", c < 0 ? "-" : "",
		      (long long)(c < 0 ? -c : c) / 100,
		      (long long)(c < 0 ? -c : c) % 100);
}

enum {
	K_BANK, K_STATEMENTS, K_WIRE, K_CHAIN, K_RATES, K_PROPERTY,
	K_EXCHANGE, K_VICTIMS, K_DESIGNATIONS, K_WORK, K_DECISIONS, N_KINDS
};

static const char *const accounts[] = { "FCB 1234", "FCB 9", "HCB 7310" };

/* One generated file of kind @p k imported inside the open transaction;
 * the import's code (a generated file may be refused, e.g. a designation
 * that matches no inflow: the caller then rolls back). */
static int
import_one(pr_store *st, struct gen *g, int k, const pr_profile *bank,
	   const pr_profile *exch)
{
	pr_import_options o = PR_IMPORT_OPTIONS_INIT;
	pr_import_result res;
	tu_buf b = { NULL, 0, 0 };
	char name[32], h[80];
	char *path;
	pr_error err;
	int i, n, rc = PR_EINVALID;
	int64_t bal = 0, v;

	snprintf(name, sizeof(name), "f%d.csv", ++g->files);
	n = 1 + (int)tu_rng_below(&g->r, 4);
	switch (k) {
	case K_BANK:
		tu_buf_printf(&b, "Date,ValueDate,Description,Counterparty,"
			      "CounterAccount,Amount,Balance\n");
		for (i = 0; i < n; i++) {
			v = tu_rng_range(&g->r, -50000, 90000);
			bal += v;
			tu_buf_printf(&b, "2024-03-%02d,", 1 + i);
			if (tu_rng_below(&g->r, 2))
				tu_buf_printf(&b, "2024-03-%02d", 2 + i);
			tu_buf_printf(&b, ",%s,%s,%s,",
				      pick(g, memos, N_ELEMS(memos)),
				      tu_rng_below(&g->r, 2) ? "J DOE" : "",
				      tu_rng_below(&g->r, 2) ?
				      "021000021 4417" : "");
			cents(&b, v);
			tu_buf_printf(&b, ",");
			cents(&b, bal);
			tu_buf_printf(&b, " \n");
		}
		o.account = pick(g, accounts, N_ELEMS(accounts));
		break;
	case K_STATEMENTS:
		tu_buf_printf(&b, "account,currency,start,end,opening,closing\n"
			      "%s,USD,2024-%02d-01,2024-%02d-28,0.00,",
			      pick(g, accounts, N_ELEMS(accounts)),
			      1 + g->files % 12, 1 + g->files % 12);
		cents(&b, tu_rng_range(&g->r, 0, 99999));
		tu_buf_printf(&b, "\n");
		break;
	case K_WIRE:
		tu_buf_printf(&b, "value_date,amount,currency,originator_name,"
			      "originator_account,originator_bank,"
			      "beneficiary_name,beneficiary_account,"
			      "beneficiary_bank,imad,omad,uetr,reference,"
			      "details,instructed_amount,instructed_currency"
			      "\n");
		for (i = 0; i < n; i++) {
			tu_buf_printf(&b, "2024-04-%02d,", 1 + i);
			cents(&b, tu_rng_range(&g->r, 1, 9999999));
			tu_buf_printf(&b, ",USD,PELICAN LLC,5520,065403626,"
				      "GULF TITLE,%d,065000090,2024040%d"
				      "QMGFT0150001%02d,,,REF %d,%s,,\n",
				      (int)tu_rng_below(&g->r, 100000), i % 10,
				      g->files % 100, g->files,
				      pick(g, memos, N_ELEMS(memos)));
		}
		break;
	case K_CHAIN:
		tu_buf_printf(&b, "chain,hash,block,time,status,fee,side,n,"
			      "address,asset,value,prev_hash,prev_index\n");
		/* one input; n outputs share it less the fee of 1000 sat */
		hex(g, h, 64);
		v = tu_rng_range(&g->r, 10000, 99999999);
		for (i = 0; i <= n; i++) {
			char ph[80];
			int64_t out = (v - 1000) / n;

			if (i == n)
				out = v - 1000 - out * (n - 1);
			hex(g, ph, 64);
			tu_buf_printf(&b, "BTC,%s,8000%02d,2024-05-01T10:00:00Z,"
				      "ok,0.00001,%s,%d,bc1qaddr%d,BTC,"
				      "0.%08lld,%s,%s\n", h, g->files % 100,
				      i == 0 ? "in" : "out", i == 0 ? 0 : i - 1,
				      (int)tu_rng_below(&g->r, 5),
				      (long long)(i == 0 ? v : out),
				      i == 0 ? ph : "", i == 0 ? "1" : "");
		}
		break;
	case K_RATES:
		tu_buf_printf(&b, "date,base,quote,rate,source\n");
		for (i = 0; i < n; i++)
			tu_buf_printf(&b, "2024-01-%02d,EUR,USD,1.%04d,ECB\n",
				      1 + i, (int)tu_rng_below(&g->r, 10000));
		break;
	case K_PROPERTY:
		v = tu_rng_range(&g->r, 100, 9999999);
		g->assets++;
		tu_buf_printf(&b, "record,asset,class,identifier,description,"
			      "owner,nominee,date,amount,currency,method,party,"
			      "reference\nasset,H%d,vehicle,VIN%d,a car,"
			      "DEFENDANT D-1,%s,2024-02-01,", g->assets,
			      g->files, tu_rng_below(&g->r, 2) ? "NOMINEE LLC" :
			      "");
		cents(&b, v);
		tu_buf_printf(&b, ",USD,,,\nfunding,H%d,,,,,,2024-02-01,",
			      g->assets);
		cents(&b, v);
		tu_buf_printf(&b, ",USD,wire,PELICAN LLC,IMAD %d\n", g->files);
		break;
	case K_EXCHANGE:
		v = tu_rng_range(&g->r, 100, 999999);
		tu_buf_printf(&b, "time,account,operation,asset,amount,balance,"
			      "trade,tx_hash,address,reference,description\n"
			      "2024-06-%02dT09:00:00Z,Coinflow 7741,deposit,USD,",
			      1 + g->files % 28);
		cents(&b, v);
		tu_buf_printf(&b, ",,,,,W-%d,wire in\n", g->files);
		hex(g, h, 64);
		tu_buf_printf(&b, "2024-06-%02dT10:00:00Z,Coinflow 7741,"
			      "withdrawal,BTC,-0.0%d,,,%s,bc1qout%d,,out\n",
			      1 + g->files % 28, 1 + g->files % 9, h,
			      g->files);
		o.account = NULL;
		break;
	case K_VICTIMS:
		tu_buf_printf(&b, "record,id,role,name,account,relation,start,"
			      "end,note\n");
		for (i = 0; i < n; i++) {
			int victim = tu_rng_below(&g->r, 2) == 0;
			int id = victim ? ++g->victims : ++g->defendants;

			tu_buf_printf(&b, "party,%s-%d,%s,Name %d%s,,,,,%s\n",
				      victim ? "V" : "D", id, victim ? "victim" :
				      "defendant", id, victim ? "a" : "b",
				      tu_rng_below(&g->r, 2) ? "a note" : "");
			if (!victim)
				tu_buf_printf(&b, "control,D-%d,,,%s,owner,"
					      "%s,,card %d\n", id,
					      pick(g, accounts,
						   N_ELEMS(accounts)),
					      tu_rng_below(&g->r, 2) ?
					      "2024-01-01" : "", g->files);
		}
		break;
	case K_DESIGNATIONS:
		if (g->victims == 0)
			goto done;
		tu_buf_printf(&b, "origin,by,match,account,start,end,reason,"
			      "source\nV-%d,counterparty,%s,,,,reason %d,"
			      "interview\n",
			      1 + (int)tu_rng_below(&g->r, g->victims),
			      pick(g, memos, N_ELEMS(memos)), g->files);
		break;
	case K_WORK:
		if (g->victims == 0)
			goto done;
		tu_buf_printf(&b, "victim,record,start,end,hours,amount,currency,"
			      "basis,source\nV-%d,work,2024-01-01,2024-01-14,"
			      "%d,,,,interview\nV-1,paid,2024-01-05,,,",
			      1 + (int)tu_rng_below(&g->r, g->victims),
			      20 + (int)tu_rng_below(&g->r, 60));
		cents(&b, tu_rng_range(&g->r, 1, 99999));
		tu_buf_printf(&b, ",USD,,ledger %d\n", g->files);
		break;
	default:
		if (g->defendants == 0)
			goto done;
		tu_buf_printf(&b, "action,subject,other,reason\n"
			      "owner,bc1qowned%d,D-%d,seed %d\n", g->files,
			      1 + (int)tu_rng_below(&g->r, g->defendants),
			      g->files);
		break;
	}
	path = tu_write(tmp, name, b.s);
	pr_error_clear(&err);
	switch (k) {
	case K_BANK:
		rc = pr_import_bank(st, path, name, bank, &o, &res, &err);
		break;
	case K_STATEMENTS:
		rc = pr_import_statements(st, path, name, &o, &res, &err);
		break;
	case K_WIRE:
		rc = pr_import_wire(st, path, name, NULL, &o, &res, &err);
		break;
	case K_CHAIN:
		rc = pr_import_chain(st, path, name, NULL, &o, &res, &err);
		break;
	case K_RATES:
		rc = pr_import_rates(st, path, name, &o, &res, &err);
		break;
	case K_PROPERTY:
		rc = pr_import_property(st, path, name, &o, &res, &err);
		break;
	case K_EXCHANGE:
		rc = pr_import_exchange(st, path, name, exch, &o, &res, &err);
		break;
	case K_VICTIMS:
		rc = pr_import_victims(st, path, name, &o, &res, &err);
		break;
	case K_DESIGNATIONS:
		rc = pr_import_designations(st, path, name, &o, &res, &err);
		break;
	case K_WORK:
		rc = pr_import_work(st, path, name, &o, &res, &err);
		break;
	default:
		rc = pr_import_decisions(st, path, name, &o, &res, &err);
		break;
	}
	free(path);
done:
	tu_buf_free(&b);
	return rc;
}

/* A random case: init, then 4 to 10 commands of one or two imports each;
 * a command whose generated file is refused is rolled back. */
static pr_store *
random_case(uint64_t seed, const pr_profile *bank, const pr_profile *exch)
{
	struct gen g;
	pr_store *st = init_case();
	pr_error err;
	char *path;
	int c, i, n, rc;

	memset(&g, 0, sizeof(g));
	tu_rng_seed(&g.r, seed);
	n = 4 + (int)tu_rng_below(&g.r, 7);
	pr_error_clear(&err);
	ck_assert_int_eq(pr_store_begin(st, &err), PR_OK);
	/* every case begins with an asset table; it draws nothing from
	 * g.r, so the other files are as before the table existed */
	path = tu_write(tmp, "assets.csv", "code,decimals,chain,contract,"
			"source\nTK,18,ETH,0x52903256dd18d85c2dc4a6c999907c"
			"9793ea61e3,etherscan\n");
	ck_assert_int_eq(pr_import_assets(st, path, "assets.csv", NULL, NULL,
					  &err), PR_OK);
	free(path);
	ck_assert_int_eq(pr_store_commit(st, "import", 0, NULL, "imported",
					 &err), PR_OK);
	/* and OFAC's sample list (every sanctions table gets rows); it
	 * draws nothing from g.r either */
	{
		char *ofac[4];
		pr_date pub;

		ofac[0] = tu_fixture("ofac", "sdn.csv");
		ofac[1] = tu_fixture("ofac", "alt.csv");
		ofac[2] = tu_fixture("ofac", "add.csv");
		ofac[3] = tu_fixture("ofac", "sdn_comments.csv");
		ck_assert_int_eq(pr_date_from_ymd(&pub, 2024, 5, 1, NULL),
				 PR_OK);
		ck_assert_int_eq(pr_store_begin(st, &err), PR_OK);
		ck_assert_int_eq(pr_import_sanctions(st, pub, 4,
						     (const char *const *)ofac,
						     NULL, NULL, NULL, NULL,
						     &err), PR_OK);
		ck_assert_int_eq(pr_store_commit(st, "import", 0, NULL,
						 "imported", &err), PR_OK);
		for (i = 0; i < 4; i++)
			free(ofac[i]);
	}
	for (c = 0; c < n; c++) {
		int files = 1 + (int)tu_rng_below(&g.r, 2);
		int saved_v = g.victims, saved_d = g.defendants;

		pr_error_clear(&err);
		ck_assert_int_eq(pr_store_begin(st, &err), PR_OK);
		rc = PR_OK;
		for (i = 0; i < files && rc == PR_OK; i++)
			rc = import_one(st, &g, (int)tu_rng_below(&g.r,
								  N_KINDS),
					bank, exch);
		if (rc == PR_OK) {
			ck_assert_int_eq(pr_store_commit(st, "import", 0, NULL,
							 "imported", &err),
					 PR_OK);
		} else {
			pr_store_rollback(st);
			g.victims = saved_v;
			g.defendants = saved_d;
		}
	}
	return st;
}

/* The edits a single cell can take, as SQL with @ for the cell. */
static const char *const edits[] = {
	"@ + 1", "@ - 1", "NULL", "''", "@ || 'x'", "substr(@, 2)",
	"CAST(@ AS TEXT)", "CAST(@ AS INTEGER)", "0", "-@", "upper(@)",
	"@ * 4294967296", "lower(@)", "@ || ' '", "' ' || @"
};

/* Column @p c (1-based) of a sealed table's column list, or the rowid
 * for 0. */
static void
column_name(char *out, size_t size, int t, int c)
{
	const char *p = pr__seal_columns(t), *end;
	int k;

	if (c == 0) {
		snprintf(out, size, "rowid");
		return;
	}
	for (k = 1; k < c; k++)
		p = strchr(p, ',') + 2;
	end = strchr(p, ',');
	snprintf(out, size, "%.*s", end ? (int)(end - p) : (int)strlen(p), p);
}

/* Edit cell (@p t, @p rowid, @p col) by the first of the edits, from a
 * random one on, that the table accepts and that changes what is stored
 * (value or type; for the rowid, the row's place). In the caller's
 * transaction; 1 and the edit in @p what when one did. */
static int
edit_cell(sqlite3 *db, tu_rng *r, int t, int64_t rowid, const char *col,
	  const char **what)
{
	const char *tn = pr__seal_table(t);
	size_t start = tu_rng_below(r, N_ELEMS(edits)), k;
	char sql[400], expr[200], *before, *after;
	int changed = 0;

	snprintf(sql, sizeof(sql), "SELECT quote(%s) FROM %s WHERE rowid = "
		 "%lld", col, tn, (long long)rowid);
	before = tu_sql_text(db, sql);
	for (k = 0; k < N_ELEMS(edits) && !changed; k++) {
		const char *x = edits[(start + k) % N_ELEMS(edits)];
		size_t n = 0;
		const char *p;

		for (p = x; *p != '\0'; p++) {
			if (*p == '@')
				n += (size_t)snprintf(expr + n, sizeof(expr) -
						      n, "%s", col);
			else
				expr[n++] = *p;
		}
		expr[n] = '\0';
		snprintf(sql, sizeof(sql), "UPDATE %s SET %s = %s WHERE rowid ="
			 " %lld", tn, col, expr, (long long)rowid);
		tu_sql_exec(db, "SAVEPOINT e");
		if (sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK &&
		    sqlite3_changes(db) == 1) {
			snprintf(sql, sizeof(sql), "SELECT quote(%s) FROM %s "
				 "WHERE rowid = %lld", col, tn,
				 (long long)rowid);
			after = tu_sql_text(db, sql);
			changed = strcmp(before, after) != 0;
			free(after);
		}
		if (changed) {
			*what = x;
		} else {
			tu_sql_exec(db, "ROLLBACK TO e");
		}
		tu_sql_exec(db, "RELEASE e");
	}
	free(before);
	return changed;
}

/* Random cases (fixed seeds) of random imports; in each, one cell at a
 * time, anywhere in a sealed table, edited: log --verify always finds
 * it. Every sealed table has cells edited over the run. */
START_TEST(test_custody_property_cell)
{
	pr_profile *bank = tu_profile(bank_profile);
	pr_profile *exch = NULL;
	int edited[PR__N_SEALED] = { 0 };
	pr_store *st;
	pr_error err;
	int i, e, t;

	pr_error_clear(&err);
	ck_assert_msg(pr_profile_load(&exch, "exchange", getenv("PR_PROFILES"),
				      &err) == PR_OK, "%s", err.msg);
	for (i = 0; i < CASES; i++) {
		char path[64];

		snprintf(path, sizeof(path), "case%d.prcd", i);
		free(case_path);
		case_path = tu_path(tmp, path);
		st = random_case(TU_SEED + (uint64_t)i, bank, exch);
		ck_assert_msg(pr_log_verify(st, NULL, &err) == PR_OK,
			      "seed %d: intact case: %s", i, err.msg);
		tu_sql_exec(st->db, "PRAGMA foreign_keys = OFF");
		for (e = 0; e < EDITS; e++) {
			tu_rng r;
			char sql[200], col[64];
			const char *what = NULL;
			int64_t n = 0, rowid;
			int c, ncol, tries;
			const char *p;

			tu_rng_seed(&r, TU_SEED * 31 + (uint64_t)(i * EDITS +
								  e));
			/* each table in turn, then any that has rows */
			for (tries = 0; tries < 1000 && n == 0; tries++) {
				t = tries == 0 ? (i * EDITS + e) % PR__N_SEALED
				    : (int)tu_rng_below(&r, PR__N_SEALED);
				snprintf(sql, sizeof(sql), "SELECT count(*) "
					 "FROM %s", pr__seal_table(t));
				n = tu_sql_int(st->db, sql);
			}
			ck_assert_int_gt(n, 0);
			snprintf(sql, sizeof(sql), "SELECT rowid FROM %s ORDER"
				 " BY rowid LIMIT 1 OFFSET %lld",
				 pr__seal_table(t), (long long)
				 tu_rng_below(&r, (uint64_t)n));
			rowid = tu_sql_int(st->db, sql);
			for (ncol = 1, p = pr__seal_columns(t);
			     (p = strchr(p, ',')) != NULL; p++)
				ncol++;
			c = (int)tu_rng_below(&r, (uint64_t)ncol + 1);
			column_name(col, sizeof(col), t, c);
			tu_sql_exec(st->db, "BEGIN");
			if (edit_cell(st->db, &r, t, rowid, col, &what)) {
				pr_error_clear(&err);
				ck_assert_msg(pr_log_verify(st, NULL, &err) ==
					      PR_EINVALID, "seed %d edit %d: "
					      "%s.%s of row %lld set to %s: "
					      "not found", i, e,
					      pr__seal_table(t), col,
					      (long long)rowid, what);
				edited[t]++;
			}
			tu_sql_exec(st->db, "ROLLBACK");
		}
		ck_assert_int_eq(pr_log_verify(st, NULL, &err), PR_OK);
		pr_store_close(st);
	}
	for (t = 0; t < PR__N_SEALED; t++)
		ck_assert_msg(edited[t] > 0, "no cell of %s was edited",
			      pr__seal_table(t));
	pr_profile_free(bank);
	pr_profile_free(exch);
}
END_TEST

static Suite *
custody_suite(void)
{
	Suite *s = suite_create("custody");
	TCase *tc;

	tc = tcase_create("sealed");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_custody_tables);
	tcase_add_test(tc, test_custody_serialisation);
	tcase_add_test(tc, test_custody_entry_hash);
	tcase_add_test(tc, test_custody_ranges);
	suite_add_tcase(s, tc);

	tc = tcase_create("upgrade");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_custody_upgrade);
	tcase_add_test(tc, test_custody_upgrade_empty);
	suite_add_tcase(s, tc);

	tc = tcase_create("property");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_custody_property_cell);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(custody_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
