/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the benchmarks share: a fixed-seed generator and a clock. */
#ifndef PR_BENCH_UTIL_H
#define PR_BENCH_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <sqlite3.h>

/* splitmix64: the same numbers on every machine, for the same cases */
static inline uint64_t
splitmix(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static inline uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* Run SQL on a case the benchmark builds; say what failed. */
static inline int
bench_sql(sqlite3 *db, const char *q)
{
	char *msg = NULL;

	if (sqlite3_exec(db, q, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "bench: %s: %s\n", q, msg);
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/*
 * The start of a synthetic case, in an open transaction: one bank
 * document, accounts 1..accounts ("ACCT 00001", USD), and *s prepared to
 * insert its rows through bench_row.
 */
static inline int
bench_case_begin(sqlite3 *db, long accounts, sqlite3_stmt **s)
{
	char q[160];
	long i;

	if (bench_sql(db, "BEGIN") ||
	    bench_sql(db, "INSERT INTO document (id, sha256, name, size, "
		      "kind, profile, profile_sha256, descending, records, "
		      "log_seq) VALUES (1, 'x', 'bench.csv', 0, 'bank', '',"
		      " '', 0, 0, 0)"))
		return -1;
	for (i = 1; i <= accounts; i++) {
		snprintf(q, sizeof(q), "INSERT INTO account (id, ident, "
			 "currency) VALUES (%ld, 'ACCT %05ld', 'USD')", i, i);
		if (bench_sql(db, q))
			return -1;
	}
	return sqlite3_prepare_v2(db, "INSERT INTO txn (document_id, "
				  "record, line, account_id, date, amount, "
				  "description, reference, counterparty, "
				  "counter_account) VALUES (1, ?1, ?2, ?3, "
				  "?4, ?5, ?6, '', '', '')", -1, s, NULL) ==
	       SQLITE_OK ? 0 : -1;
}

/* One bank row through the prepared INSERT INTO txn (record, line,
 * account_id, date, amount, description). */
static inline int
bench_row(sqlite3_stmt *s, long line, int acct, int date,
	  long long amount, const char *desc)
{
	sqlite3_bind_int64(s, 1, line);
	sqlite3_bind_int64(s, 2, line);
	sqlite3_bind_int(s, 3, acct);
	sqlite3_bind_int(s, 4, date);
	sqlite3_bind_int64(s, 5, amount);
	sqlite3_bind_text(s, 6, desc, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(s) != SQLITE_DONE)
		return -1;
	sqlite3_reset(s);
	return 0;
}

#endif
