/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * make bench: import and reconcile speed against this machine's raw
 * SQLite baseline. Generates a deterministic bank CSV (splitmix64, fixed
 * seed), times a plain loop that inserts the same rows with one prepared
 * statement in one transaction, then times `proceeds import bank` and
 * `proceeds reconcile` and `proceeds log --verify` (the custody seal of
 * every row read back) as child processes and reads their peak memory.
 * Figures are integers (rows per second, milliseconds, KiB).
 */
#define _DEFAULT_SOURCE 1 /* wait4 */
#include "config.h"
#include "common.h"
#include "store.h"
#include "bench_util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

static const char *const payees[] = {
	"CASH DEPOSIT BRANCH 0112", "ATM WITHDRAWAL GULFPORT MS",
	"POS PURCHASE WALMART #1187", "ACH DEBIT VERIZON WIRELESS",
	"ELECTRONIC DEPOSIT PAYROLL", "TRANSFER TO SAVINGS"
};

struct gen {
	uint64_t seed;
	long long balance;
	int day;
};

static void
next_row(struct gen *g, long long *amount, int *payee)
{
	uint64_t r = splitmix(&g->seed);

	*payee = (int)(r % 6);
	*amount = (long long)((r >> 8) % 200000) - 90000;
	if (g->balance + *amount < 0)
		*amount = -*amount;
	g->balance += *amount;
	if ((r >> 40) % 3 == 0)
		g->day++;
}

static void
day_text(char buf[16], int day)
{
	int y, m, d;

	pr_date_to_ymd(day, &y, &m, &d);
	snprintf(buf, 16, "%04d-%02d-%02d", y, m, d);
}

static void
amount_text(char buf[32], long long c)
{
	unsigned long long a = c < 0 ? (unsigned long long)-c :
			       (unsigned long long)c;

	snprintf(buf, 32, "%s%llu.%02llu", c < 0 ? "-" : "", a / 100,
		 a % 100);
}

static int
write_csv(const char *path, long rows)
{
	struct gen g = { 20260101, 1000000, 19000 };
	char d[16], a[32], b[32];
	FILE *fp = fopen(path, "w");
	long i;

	if (fp == NULL)
		return -1;
	fputs("Date,Description,Amount,Balance,Reference\n", fp);
	for (i = 0; i < rows; i++) {
		long long amt;
		int p;

		next_row(&g, &amt, &p);
		day_text(d, g.day);
		amount_text(a, amt);
		amount_text(b, g.balance);
		fprintf(fp, "%s,%s,%s,%s,R%08ld\n", d, payees[p], a, b, i);
	}
	return fclose(fp);
}

/* The baseline: the same rows, already in memory as numbers, inserted by
 * one prepared statement in one transaction into the case's own table. */
static int
baseline(const char *case_path, long rows, uint64_t *ns)
{
	struct gen g = { 20260101, 1000000, 19000 };
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

		next_row(&g, &amt, &p);
		snprintf(ref, sizeof(ref), "R%08ld", i);
		sqlite3_bind_int64(s, 1, i + 1);
		sqlite3_bind_int64(s, 2, i + 2);
		sqlite3_bind_int(s, 3, g.day);
		sqlite3_bind_int64(s, 4, amt);
		sqlite3_bind_int64(s, 5, g.balance);
		sqlite3_bind_text(s, 6, payees[p], -1, SQLITE_STATIC);
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

/* Run a command; its wall time and peak resident memory (KiB). */
static int
run(char *const argv[], const char *out, uint64_t *ns, long *kib)
{
	struct rusage ru;
	uint64_t t0;
	int status;
	pid_t pid;

	fflush(stdout);
	t0 = now_ns();
	pid = fork();

	if (pid == 0) {
		if (out != NULL && freopen(out, "w", stdout) == NULL)
			_exit(127);
		execv(argv[0], argv);
		_exit(127);
	}
	if (pid < 0 || wait4(pid, &status, 0, &ru) < 0)
		return -1;
	*ns = now_ns() - t0;
	*kib = ru.ru_maxrss;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static unsigned long long
per_second(long rows, uint64_t ns)
{
	return ns ? (unsigned long long)rows * 1000000000ULL / ns : 0;
}

static int
one_size(const char *proceeds, const char *dir, long rows, int full)
{
	char csv[512], prof[512], kase[512], base[512];
	uint64_t ns_base = 0, ns_imp, ns_rec, ns_log;
	long kib_imp, kib_rec, kib_log;
	FILE *fp;
	int rc;

	snprintf(csv, sizeof(csv), "%s/bank-%ld.csv", dir, rows);
	snprintf(prof, sizeof(prof), "%s/bench.profile", dir);
	snprintf(kase, sizeof(kase), "%s/bench-%ld.case", dir, rows);
	snprintf(base, sizeof(base), "%s/baseline-%ld.case", dir, rows);
	if (write_csv(csv, rows) != 0)
		return -1;
	fp = fopen(prof, "w");
	if (fp == NULL)
		return -1;
	fputs("name = bench\ndate = Date\ndate_format = YYYY-MM-DD\n"
	      "amount = Amount\nbalance = Balance\ndescription = Description\n"
	      "reference = Reference\ncurrency = USD\n", fp);
	fclose(fp);
	{
		char *init[] = { (char *)proceeds, "-C", kase, "init", NULL };
		char *imp[] = { (char *)proceeds, "-C", kase, "import", "bank",
				"--profile", prof, "--account", "BENCH", csv,
				NULL };
		char *rec[] = { (char *)proceeds, "-C", kase, "reconcile",
				"--format", "csv", NULL };

		if (run(init, "/dev/null", &ns_imp, &kib_imp) != 0)
			return -1;
		rc = run(imp, "/dev/null", &ns_imp, &kib_imp);
		if (rc != 0) {
			fprintf(stderr, "import failed (%d)\n", rc);
			return -1;
		}
		char *log[] = { (char *)proceeds, "-C", kase, "log",
				"--verify", NULL };

		rc = run(rec, "/dev/null", &ns_rec, &kib_rec);
		if (rc != 0 && rc != 1)
			return -1;
		/* the seal of every row read back, as each import's commit
		 * does for its own rows (docs/custody.md) */
		if (run(log, "/dev/null", &ns_log, &kib_log) != 0)
			return -1;
	}
	if (full && baseline(base, rows, &ns_base) != 0)
		return -1;
	printf("%9ld rows  import %6llu ms %9llu rows/s  peak %7ld KiB"
	       "   reconcile %5llu ms  peak %7ld KiB\n", rows,
	       (unsigned long long)(ns_imp / 1000000),
	       per_second(rows, ns_imp), kib_imp,
	       (unsigned long long)(ns_rec / 1000000), kib_rec);
	printf("%9ld rows  log --verify %5llu ms  peak %7ld KiB\n", rows,
	       (unsigned long long)(ns_log / 1000000), kib_log);
	if (full) {
		printf("%9ld rows  baseline (one prepared INSERT, one "
		       "transaction) %6llu ms %9llu rows/s\n", rows,
		       (unsigned long long)(ns_base / 1000000),
		       per_second(rows, ns_base));
		printf("import speed = %llu%% of the baseline (target >= 80%%);"
		       " reconcile %s 1 s\n",
		       (unsigned long long)(ns_imp ? ns_base * 100 / ns_imp :
					    0),
		       ns_rec < 1000000000ULL ? "under" : "NOT under");
	}
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
