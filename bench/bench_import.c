/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * make bench: import and reconcile speed against this machine's raw
 * SQLite baseline. Generates a deterministic bank CSV (splitmix64, fixed
 * seed), times a plain loop that inserts the same rows with one prepared
 * statement in one transaction, then times `proceeds import bank` and
 * `proceeds reconcile` and `proceeds log --verify` (the custody seal of
 * every row read back) as child processes and reads their peak memory.
 * The honest floor (issue 12): a plain program that does the same
 * parsing as import, no more: reads the same CSV with libcsv, parses its
 * dates and amounts (int64 cents), binds them to one prepared INSERT in
 * one transaction of a case opened as proceeds opens it; import's wall
 * time is printed as a percentage of the floor's, with both peaks.
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

#include <csv.h>
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

/* The parsing floor: the fields of the record being read. */
struct floor {
	sqlite3_stmt *s;
	char field[5][128];
	size_t nfield;
	long record;
	int failed;
};

/* "YYYY-MM-DD" to a day number; -1 when it is not one. */
static int
floor_date(const char *t, pr_date *out)
{
	int y, m, d, i;

	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? t[i] != '-' : t[i] < '0' || t[i] > '9')
			return -1;
	y = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 +
	    t[3] - '0';
	m = (t[5] - '0') * 10 + t[6] - '0';
	d = (t[8] - '0') * 10 + t[9] - '0';
	return pr_date_from_ymd(out, y, m, d, NULL) == PR_OK ? 0 : -1;
}

/* "-1234.56" to cents; -1 when it is not such a number. */
static int
floor_amount(const char *t, long long *out)
{
	long long v = 0;
	int neg = *t == '-', frac = -1;

	t += neg;
	for (; *t != '\0'; t++) {
		if (*t == '.' && frac < 0) {
			frac = 0;
			continue;
		}
		if (*t < '0' || *t > '9' || frac == 2 || v > 1000000000000LL)
			return -1;
		v = v * 10 + (*t - '0');
		if (frac >= 0)
			frac++;
	}
	while (frac++ < 2)
		v *= 10;
	*out = neg ? -v : v;
	return 0;
}

static void
floor_field(void *data, size_t len, void *payload)
{
	struct floor *f = payload;

	if (f->nfield < 5 && len < sizeof(f->field[0])) {
		memcpy(f->field[f->nfield], data, len);
		f->field[f->nfield][len] = '\0';
	} else {
		f->failed = 1;
	}
	f->nfield++;
}

/* Date, Description, Amount, Balance, Reference: one row inserted. */
static void
floor_record(int c, void *payload)
{
	struct floor *f = payload;
	long long amt, bal;
	pr_date day;

	(void)c;
	if (f->failed || f->nfield != 5) {
		f->failed = 1;
		return;
	}
	f->nfield = 0;
	if (f->record++ == 0)
		return; /* the header */
	if (floor_date(f->field[0], &day) != 0 ||
	    floor_amount(f->field[2], &amt) != 0 ||
	    floor_amount(f->field[3], &bal) != 0) {
		f->failed = 1;
		return;
	}
	sqlite3_bind_int64(f->s, 1, f->record - 1);
	sqlite3_bind_int64(f->s, 2, f->record);
	sqlite3_bind_int(f->s, 3, day);
	sqlite3_bind_int64(f->s, 4, amt);
	sqlite3_bind_int64(f->s, 5, bal);
	sqlite3_bind_text(f->s, 6, f->field[1], -1, SQLITE_STATIC);
	sqlite3_bind_text(f->s, 7, f->field[4], -1, SQLITE_STATIC);
	if (sqlite3_step(f->s) != SQLITE_DONE)
		f->failed = 1;
	sqlite3_reset(f->s);
}

struct floor_args {
	const char *kase, *csv;
};

/*
 * In a child, timed whole: the CSV read in 64 KiB blocks through libcsv
 * (the options import uses), each row's date and amounts parsed and
 * bound to one prepared INSERT, in one transaction of a case opened as
 * proceeds opens it (its journal and synchronous=EXTRA).
 */
static int
parse_floor(void *payload)
{
	const struct floor_args *a = payload;
	struct csv_parser p;
	struct floor f;
	pr_store *st = NULL;
	char buf[65536];
	pr_error err;
	size_t n;
	FILE *fp;
	int rc = 1;

	memset(&f, 0, sizeof(f));
	if (pr_store_open(&st, a->kase, 0, &err) != PR_OK ||
	    csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		return 1;
	fp = fopen(a->csv, "rb");
	if (fp == NULL ||
	    sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK ||
	    sqlite3_prepare_v2(st->db, "INSERT INTO txn (document_id, record,"
			       " line, account_id, date, value_date, amount,"
			       " balance, description, reference,"
			       " counterparty, counter_account) VALUES (1,"
			       " ?1, ?2, 1, ?3, NULL, ?4, ?5, ?6, ?7, '', '')",
			       -1, &f.s, NULL) != SQLITE_OK)
		goto done;
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		if (csv_parse(&p, buf, n, floor_field, floor_record, &f) != n)
			goto done;
	if (csv_fini(&p, floor_field, floor_record, &f) != 0 || f.failed ||
	    sqlite3_finalize(f.s) != SQLITE_OK)
		goto done;
	f.s = NULL;
	if (sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK)
		rc = 0;
done:
	if (f.s != NULL)
		sqlite3_finalize(f.s);
	if (fp != NULL)
		fclose(fp);
	csv_free(&p);
	pr_store_close(st);
	return rc;
}

/* The floor's case, made before the clock starts: its document and
 * account rows. */
static int
floor_case(const char *kase)
{
	pr_store *st = NULL;
	pr_error err;
	int rc;

	remove(kase);
	if (pr_store_open(&st, kase, PR_STORE_CREATE, &err) != PR_OK)
		return -1;
	rc = sqlite3_exec(st->db, "INSERT INTO document VALUES (1, 'x', 'b',"
			  " 0, 'bank', '', '', 0, 0, 1); INSERT INTO account"
			  " VALUES (1, 'BENCH', 'USD')", NULL, NULL, NULL);
	pr_store_close(st);
	return rc == SQLITE_OK ? 0 : -1;
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
	uint64_t ns_base = 0, ns_imp, ns_rec, ns_log, ns_floor = 0;
	long kib_imp, kib_rec, kib_log, kib_floor = 0;
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
	{
		struct floor_args fa;

		fa.kase = base;
		fa.csv = csv;
		if (floor_case(base) != 0 ||
		    bench_run_fn(parse_floor, &fa, &ns_floor, &kib_floor) != 0)
			return -1;
		remove(base);
	}
	printf("%9ld rows  import %6llu ms %9llu rows/s  peak %7ld KiB"
	       "   reconcile %5llu ms  peak %7ld KiB\n", rows,
	       (unsigned long long)(ns_imp / 1000000),
	       bench_per_second(rows, ns_imp), kib_imp,
	       (unsigned long long)(ns_rec / 1000000), kib_rec);
	printf("%9ld rows  log --verify %5llu ms  peak %7ld KiB\n", rows,
	       (unsigned long long)(ns_log / 1000000), kib_log);
	printf("%9ld rows  floor (libcsv, dates and amounts parsed, one "
	       "prepared INSERT, one transaction) %6llu ms  peak %7ld KiB\n",
	       rows, (unsigned long long)(ns_floor / 1000000), kib_floor);
	printf("%9ld rows  import wall time = %llu%% of the parsing floor's "
	       "(100%%: as fast as the floor); peak %ld KiB vs %ld KiB\n",
	       rows, (unsigned long long)(ns_floor ? ns_imp * 100 / ns_floor
					  : 0), kib_imp, kib_floor);
	if (full) {
		printf("%9ld rows  baseline (one prepared INSERT, one "
		       "transaction) %6llu ms %9llu rows/s\n", rows,
		       (unsigned long long)(ns_base / 1000000),
		       bench_per_second(rows, ns_base));
		printf("import speed = %llu%% of the numbers-in-memory baseline"
		       " (an unfair floor: it parses nothing);"
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
