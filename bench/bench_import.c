/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * make bench: import and reconcile speed against this machine's raw
 * SQLite baseline. Generates a deterministic bank CSV (splitmix64, fixed
 * seed), times a plain loop that inserts the same rows with one prepared
 * statement in one transaction, then times `proceeds import bank` and
 * `proceeds reconcile` and `proceeds log --verify` (the custody seal of
 * every row read back) as child processes and reads their peak memory.
 * Then what durability costs (docs/storage.md): the same import through
 * the library under each journal mode and synchronous level, the case's
 * own (a rollback journal, synchronous=EXTRA) and the WAL with
 * synchronous=NORMAL of versions before schema 7.
 * Figures are integers (rows per second, milliseconds, KiB).
 */
#define _DEFAULT_SOURCE 1 /* wait4 */
#include "config.h"
#include "common.h"
#include "store.h"
#include "bench_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The baseline: the same rows, already in memory as numbers, inserted by
 * one prepared statement in one transaction into the case's own table. */
static int
baseline(const char *case_path, long rows, uint64_t *ns)
{
	struct bench_gen g = BENCH_GEN_INIT;
	pr_store *st = NULL;
	sqlite3_stmt *s = NULL;
	pr_error err;
	char ref[16];
	uint64_t t0;
	long i;

	if (pr_store_open(&st, case_path, PR_STORE_CREATE, &err) != PR_OK) {
		fprintf(stderr, "baseline: %s\n", err.msg);
		return -1;
	}
	sqlite3_exec(st->db, "INSERT INTO document VALUES (1, 'x', 'b', 0,"
		     " 'bank', '', '', 0, 0, 1); INSERT INTO account VALUES"
		     " (1, 'BENCH', 'USD')", NULL, NULL, NULL);
	t0 = now_ns();
	sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	sqlite3_prepare_v2(st->db, "INSERT INTO txn (document_id, record, "
			   "line, account_id, date, value_date, amount, "
			   "balance, description, reference, counterparty, "
			   "counter_account) VALUES (1, ?1, ?2, 1, ?3, NULL, "
			   "?4, ?5, ?6, ?7, '', '')", -1, &s, NULL);
	for (i = 0; i < rows; i++) {
		long long amt;
		int p;

		bench_gen_next(&g, &amt, &p);
		snprintf(ref, sizeof(ref), "R%08ld", i);
		sqlite3_bind_int64(s, 1, i + 1);
		sqlite3_bind_int64(s, 2, i + 2);
		sqlite3_bind_int(s, 3, g.day);
		sqlite3_bind_int64(s, 4, amt);
		sqlite3_bind_int64(s, 5, g.balance);
		sqlite3_bind_text(s, 6, bench_payee(p), -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 7, ref, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(s) != SQLITE_DONE)
			return -1;
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
	*ns = now_ns() - t0;
	pr_store_close(st);
	return 0;
}

/* Journal modes and synchronous levels, as SQL run on the new case. */
static const struct mode {
	const char *name;
	const char *sql; /* NULL: the case's own */
} modes[] = {
	{ "WAL, synchronous=NORMAL (before schema 7)",
	  "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL" },
	{ "WAL, synchronous=FULL",
	  "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL" },
	{ "rollback journal, synchronous=NORMAL",
	  "PRAGMA synchronous = NORMAL" },
	{ "rollback journal, synchronous=FULL",
	  "PRAGMA synchronous = FULL" },
	{ "rollback journal, synchronous=EXTRA (the case's)", NULL },
};

struct durable {
	const char *kase, *csv, *prof, *sql;
};

/* In a child: a new case in the given mode, the file imported in one
 * transaction, committed, closed (WAL's checkpoint at close included). */
static int
durable_import(void *payload)
{
	const struct durable *d = payload;
	pr_import_options o = PR_IMPORT_OPTIONS_INIT;
	const char *argv[1] = { d->csv };
	pr_profile *p = NULL;
	pr_store *st = NULL;
	pr_import_result r;
	pr_error err;
	int rc;

	o.account = "BENCH";
	remove(d->kase);
	rc = pr_profile_load(&p, d->prof, NULL, &err);
	if (rc == PR_OK)
		rc = pr_store_open(&st, d->kase, PR_STORE_CREATE, &err);
	if (rc == PR_OK && d->sql != NULL)
		rc = pr__store_exec(st, d->sql, &err);
	if (rc == PR_OK)
		rc = pr_store_begin(st, &err);
	if (rc == PR_OK)
		rc = pr_import_bank(st, d->csv, "bank.csv", p, &o, &r, &err);
	if (rc == PR_OK)
		rc = pr_store_commit(st, "import", 1, argv, "imported", &err);
	if (rc != PR_OK)
		fprintf(stderr, "durability: %s\n", err.msg);
	pr_store_close(st);
	pr_profile_free(p);
	return rc == PR_OK ? 0 : 1;
}

/* Each mode three times, the best kept: the machine may be busy. */
static int
durability(const char *dir, const char *csv, const char *prof, long rows)
{
	char kase[512];
	struct durable d;
	uint64_t ns, best;
	long kib;
	size_t m;
	int k;

	snprintf(kase, sizeof(kase), "%s/durable.case", dir);
	d.kase = kase;
	d.csv = csv;
	d.prof = prof;
	printf("%9ld rows  import through the library, new case to close, "
	       "best of 3:\n", rows);
	for (m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
		d.sql = modes[m].sql;
		best = 0;
		for (k = 0; k < 3; k++) {
			if (bench_run_fn(durable_import, &d, &ns, &kib) != 0)
				return -1;
			if (best == 0 || ns < best)
				best = ns;
		}
		printf("           %-50s %6llu ms\n", modes[m].name,
		       (unsigned long long)(best / 1000000));
	}
	remove(kase);
	return 0;
}

static int
one_size(const char *proceeds, const char *dir, long rows, int full)
{
	char csv[512], prof[512], kase[512], base[512];
	uint64_t ns_base = 0, ns_imp, ns_rec, ns_log;
	long kib_imp, kib_rec, kib_log;
	int rc;

	snprintf(csv, sizeof(csv), "%s/bank-%ld.csv", dir, rows);
	snprintf(prof, sizeof(prof), "%s/bench.profile", dir);
	snprintf(kase, sizeof(kase), "%s/bench-%ld.case", dir, rows);
	snprintf(base, sizeof(base), "%s/baseline-%ld.case", dir, rows);
	if (bench_bank_csv(csv, prof, rows) != 0)
		return -1;
	{
		char *init[] = { (char *)proceeds, "-C", kase, "init", NULL };
		char *imp[] = { (char *)proceeds, "-C", kase, "import", "bank",
				"--profile", prof, "--account", "BENCH", csv,
				NULL };
		char *rec[] = { (char *)proceeds, "-C", kase, "reconcile",
				"--format", "csv", NULL };
		char *log[] = { (char *)proceeds, "-C", kase, "log",
				"--verify", NULL };

		if (bench_run(init, "/dev/null", &ns_imp, &kib_imp) != 0)
			return -1;
		rc = bench_run(imp, "/dev/null", &ns_imp, &kib_imp);
		if (rc != 0) {
			fprintf(stderr, "import failed (%d)\n", rc);
			return -1;
		}
		rc = bench_run(rec, "/dev/null", &ns_rec, &kib_rec);
		if (rc != 0 && rc != 1)
			return -1;
		/* the seal of every row read back, as each import's commit
		 * does for its own rows (docs/custody.md) */
		if (bench_run(log, "/dev/null", &ns_log, &kib_log) != 0)
			return -1;
	}
	if (full && baseline(base, rows, &ns_base) != 0)
		return -1;
	printf("%9ld rows  import %6llu ms %9llu rows/s  peak %7ld KiB"
	       "   reconcile %5llu ms  peak %7ld KiB\n", rows,
	       (unsigned long long)(ns_imp / 1000000),
	       bench_per_second(rows, ns_imp), kib_imp,
	       (unsigned long long)(ns_rec / 1000000), kib_rec);
	printf("%9ld rows  log --verify %5llu ms  peak %7ld KiB\n", rows,
	       (unsigned long long)(ns_log / 1000000), kib_log);
	if (full) {
		printf("%9ld rows  baseline (one prepared INSERT, one "
		       "transaction) %6llu ms %9llu rows/s\n", rows,
		       (unsigned long long)(ns_base / 1000000),
		       bench_per_second(rows, ns_base));
		printf("import speed = %llu%% of the baseline (target >= 80%%);"
		       " reconcile %s 1 s\n",
		       (unsigned long long)(ns_imp ? ns_base * 100 / ns_imp :
					    0),
		       ns_rec < 1000000000ULL ? "under" : "NOT under");
	}
	if (durability(dir, csv, prof, rows) != 0)
		return -1;
	remove(csv);
	return 0;
}

int
main(int argc, char **argv)
{
	const char *proceeds = "./proceeds";
	char dir[] = "/tmp/proceeds-bench-XXXXXX";
	char cmd[600];
	int i;

	for (i = 1; i + 1 < argc; i++)
		if (strcmp(argv[i], "--proceeds") == 0)
			proceeds = argv[++i];
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	printf("proceeds %s benchmark (deterministic data, seed 20260101)\n",
	       pr_version());
	if (one_size(proceeds, dir, 100000, 0) != 0 ||
	    one_size(proceeds, dir, 1000000, 1) != 0) {
		fprintf(stderr, "benchmark failed\n");
		return 2;
	}
	printf("peak memory of import at 10^5 vs 10^6 rows shows whether it "
	       "streams\n");
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : 2;
}
