/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * No statement that a command runs once per line or per row of a loop
 * scans a big table: EXPLAIN QUERY PLAN of each must find its rows
 * through an index ("SEARCH ... USING INDEX"), on a case that holds rows.
 * A scan per line is what made 10^5 designations against 10^6 rows take
 * an hour (issue 10), and each rule a full scan (issue 12).
 *
 * To add statements: the store's kept statements that run in loops are
 * listed in src/lib/store.c (loop_queries, pr__store_loop_query); any
 * other statement goes in others[] below, by a name and its SQL (best
 * exported by the module that runs it, as work.c does, so the text
 * tested is the text run).
 */
#include "config.h"
#include "common.h"
#include "import.h"
#include "store.h"
#include "testutil.h"
#include "trace_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* Tables that grow with the evidence: a scan of one per line or row is
 * a scan of the case. */
static const char *const big_tables[] = {
	"txn", "wire", "chain_tx", "chain_move", "asset", "asset_event",
	"designation", "decision", "txn_detail", "statement", "work",
	"control", "party", "rate", "document",
};

/* Statements run in loops that are not among the store's kept ones. */
static const struct {
	const char *name;
	const char *sql;
} others[] = {
	{ "pr__work_find_sql", pr__work_find_sql },
	{ "pr__work_overlap_sql", pr__work_overlap_sql },
	{ "pr__trace_row_text_sql", pr__trace_row_text_sql },
	{ "pr__schedule_valuation_sql", pr__schedule_valuation_sql },
};

static char *dir;
static pr_store *st;

/* A case with a few rows in its tables, as after some imports. */
static void
setup(void)
{
	pr_error err;

	dir = tu_tmpdir();
	st = tu_case_new(dir, "case");
	pr_error_clear(&err);
	ck_assert_int_eq(pr_store_begin(st, &err), PR_OK);
	tu_sql_exec(st->db,
		"INSERT INTO document (sha256, name, size, kind, profile,"
		" profile_sha256, descending, records, log_seq) VALUES"
		" ('aa', 'bank.csv', 1, 'bank', '', '', 0, 2, 1),"
		" ('bb', 'victims.csv', 1, 'victims', '', '', 0, 1, 1);"
		"INSERT INTO account (ident, currency) VALUES ('A', 'USD'),"
		" ('B', 'USD');"
		"INSERT INTO txn (document_id, record, line, account_id, date,"
		" amount, description, reference, counterparty,"
		" counter_account) VALUES (1, 1, 2, 1, 19000, 100, 'x', '',"
		" '', ''), (1, 2, 3, 2, 19001, -100, 'y', '', '', '');"
		"INSERT INTO party (document_id, line, pseudonym, role, name,"
		" note) VALUES (2, 2, 'V-1', 'victim', 'V', '');");
}

static void
teardown(void)
{
	pr_store_close(st);
	tu_rmtree(dir);
	free(dir);
}

/* The table that name stands for in sql: itself, or the table it is an
 * alias of ("txn t", "txn AS t"); NULL when none. */
static const char *
table_of(const char *sql, const char *name)
{
	static const char *const all[] = {
		"txn", "wire", "chain_tx", "chain_move", "asset",
		"asset_event", "designation", "decision", "txn_detail",
		"statement", "work", "control", "party", "rate", "document",
		"account", "custody", "crypto_asset",
		"sanctions_version", "sanctions_file", "sanctions_entry",
		"sanctions_comment", "sanctions_alias", "sanctions_place",
		"sanctions_wallet",
	};
	char pat[96];
	size_t i;

	for (i = 0; i < N_ELEMS(all); i++) {
		if (strcmp(name, all[i]) == 0)
			return all[i];
		snprintf(pat, sizeof(pat), " %s %s ", all[i], name);
		if (strstr(sql, pat) != NULL)
			return all[i];
		snprintf(pat, sizeof(pat), " %s AS %s ", all[i], name);
		if (strstr(sql, pat) != NULL)
			return all[i];
	}
	return NULL;
}

/*
 * The big table the plan of sql scans, with the plan's line in detail
 * (of detail_size), or NULL when it finds every row of a big table
 * through an index.
 */
static const char *
big_scan(const char *what, const char *sql, char *detail,
	 size_t detail_size)
{
	char *eqp = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", sql);
	char *padded = sqlite3_mprintf(" %s ", sql);
	const char *found = NULL;
	sqlite3_stmt *s = NULL;
	int steps = 0;
	size_t i;

	ck_assert_msg(sqlite3_prepare_v2(st->db, eqp, -1, &s, NULL) ==
		      SQLITE_OK, "%s: %s", what, sqlite3_errmsg(st->db));
	while (found == NULL && sqlite3_step(s) == SQLITE_ROW) {
		const char *d = (const char *)sqlite3_column_text(s, 3);
		char name[64];
		const char *t;
		size_t n;

		steps++;
		if (strncmp(d, "SCAN ", 5) != 0)
			continue;
		n = strcspn(d + 5, " ");
		ck_assert_uint_lt(n, sizeof(name));
		memcpy(name, d + 5, n);
		name[n] = '\0';
		t = table_of(padded, name);
		for (i = 0; t != NULL && i < N_ELEMS(big_tables); i++) {
			if (strcmp(t, big_tables[i]) == 0) {
				found = big_tables[i];
				snprintf(detail, detail_size, "%s", d);
			}
		}
	}
	ck_assert_msg(steps > 0 || found != NULL, "%s: no plan", what);
	sqlite3_finalize(s);
	sqlite3_free(eqp);
	sqlite3_free(padded);
	return found;
}

static void
assert_indexed(const char *what, const char *sql)
{
	char detail[256];
	const char *t = big_scan(what, sql, detail, sizeof(detail));

	ck_assert_msg(t == NULL, "%s scans %s (%s): %s", what, t, detail,
		      sql);
}

START_TEST(test_queryplan_store_loops)
{
	const char *name;
	size_t i;
	int q = -1;

	for (i = 0; (name = pr__store_loop_query(i, &q)) != NULL; i++) {
		ck_assert_int_ge(q, 0);
		ck_assert_int_lt(q, Q_COUNT);
		assert_indexed(name, sqlite3_sql(st->q[q]));
	}
	/* every lookup of the imports of decisions and designations */
	ck_assert_uint_ge(i, 12);
}
END_TEST

START_TEST(test_queryplan_others)
{
	size_t i;

	for (i = 0; i < N_ELEMS(others); i++)
		assert_indexed(others[i].name, others[i].sql);
}
END_TEST

/* The check itself: a scan of a big table, by name or alias, fails it. */
START_TEST(test_queryplan_detects_scan)
{
	ck_assert_str_eq(table_of(" SELECT 1 FROM txn t WHERE 1 ", "t"),
			 "txn");
	ck_assert_str_eq(table_of(" SELECT 1 FROM txn AS x ", "x"), "txn");
	ck_assert_str_eq(table_of(" SELECT 1 FROM designation ",
				  "designation"), "designation");
	ck_assert_ptr_null(table_of(" SELECT 1 FROM account a ", "b"));
}
END_TEST

/* A statement that scans is caught, by its alias too. */
START_TEST(test_queryplan_scan_caught)
{
	char detail[256];

	ck_assert_str_eq(big_scan("a scan", "SELECT count(*) FROM txn t"
				  " WHERE t.description = ?1", detail,
				  sizeof(detail)), "txn");
	ck_assert_str_eq(detail, "SCAN t");
	ck_assert_str_eq(big_scan("a scan", "SELECT id FROM designation"
				  " WHERE reason = ?1", detail,
				  sizeof(detail)), "designation");
	ck_assert_ptr_null(big_scan("a search", "SELECT id FROM txn"
				    " WHERE document_id = ?1 AND line = ?2",
				    detail, sizeof(detail)));
}
END_TEST

static Suite *
queryplan_suite(void)
{
	Suite *s = suite_create("queryplan");
	TCase *tc = tcase_create("indexed");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_queryplan_store_loops);
	tcase_add_test(tc, test_queryplan_others);
	tcase_add_test(tc, test_queryplan_detects_scan);
	tcase_add_test(tc, test_queryplan_scan_caught);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(queryplan_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
