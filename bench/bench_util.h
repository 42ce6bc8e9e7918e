/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the benchmarks share: a fixed-seed generator, a bank export made
 * by it, a clock, and children timed with their peak memory. */
#ifndef PR_BENCH_UTIL_H
#define PR_BENCH_UTIL_H

#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/wait.h>
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

/*
 * A bank export, the same on every machine: rows of date, payee, amount
 * and running balance. bench_gen_next gives the next row's amount in
 * cents (positive: a credit) and payee; the balance never goes below 0.
 */
struct bench_gen {
	uint64_t seed;
	long long balance;
	int day;
};

#define BENCH_GEN_INIT { 20260101, 1000000, 19000 }

static inline const char *
bench_payee(int p)
{
	static const char *const payees[] = {
		"CASH DEPOSIT BRANCH 0112", "ATM WITHDRAWAL GULFPORT MS",
		"POS PURCHASE WALMART #1187", "ACH DEBIT VERIZON WIRELESS",
		"ELECTRONIC DEPOSIT PAYROLL", "TRANSFER TO SAVINGS"
	};

	return payees[p];
}

static inline void
bench_gen_next(struct bench_gen *g, long long *amount, int *payee)
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

static inline void
bench_amount_text(char buf[32], long long c)
{
	unsigned long long a = c < 0 ? (unsigned long long)-c :
			       (unsigned long long)c;

	snprintf(buf, 32, "%s%llu.%02llu", c < 0 ? "-" : "", a / 100,
		 a % 100);
}

/* The export of @p rows rows as CSV (header Date, Description, Amount,
 * Balance, Reference; row i on line i + 2), and a profile that reads it
 * at @p profile when not NULL. */
static inline int
bench_bank_csv(const char *path, const char *profile, long rows)
{
	struct bench_gen g = BENCH_GEN_INIT;
	char d[16], a[32], b[32];
	FILE *fp;
	long i;

	if (profile != NULL) {
		fp = fopen(profile, "w");
		if (fp == NULL)
			return -1;
		fputs("name = bench\ndate = Date\ndate_format = YYYY-MM-DD\n"
		      "amount = Amount\nbalance = Balance\n"
		      "description = Description\nreference = Reference\n"
		      "currency = USD\n", fp);
		if (fclose(fp) != 0)
			return -1;
	}
	fp = fopen(path, "w");
	if (fp == NULL)
		return -1;
	fputs("Date,Description,Amount,Balance,Reference\n", fp);
	for (i = 0; i < rows; i++) {
		long long amt;
		int p, y, m, dd;

		bench_gen_next(&g, &amt, &p);
		pr_date_to_ymd(g.day, &y, &m, &dd);
		snprintf(d, sizeof(d), "%04d-%02d-%02d", y, m, dd);
		bench_amount_text(a, amt);
		bench_amount_text(b, g.balance);
		fprintf(fp, "%s,%s,%s,%s,R%08ld\n", d, bench_payee(p), a, b,
			i);
	}
	return fclose(fp);
}

/*
 * A case of flows for the tracing and exhibit benchmarks, the same on
 * every machine, written straight into a case's tables (db: a case just
 * created, empty): N flows in date order over DAYS days across
 * `accounts` accounts ("ACCT 00001", USD) and `victims` victims, each
 * designated one account (every accounts / victims-th).
 *  - half are transfers seen on both sides (the debit names the other
 *    account masked, "***0123"; the credit up to two days later);
 *  - a quarter are inflows from outside (a credit alone), a fifth of
 *    them into the victims' accounts;
 *  - a quarter are outflows to outside (a debit alone), to 8 sinks.
 * An account is only debited what it holds, so the trace meets no
 * shortfall unless the matcher joins differently; each account gets one
 * statement over all the dates, opening at 0 and closing at what its
 * rows sum to, so the reconcile gate passes. *rows_out: bank rows.
 */
#define BENCH_DAY0 19000
#define BENCH_DAYS 730
#define BENCH_MAXAMT 1000000000LL     /* 10^7.00 */

struct bench_flows {
	long flows;
	int accounts;
	int victims;
};

static inline int
bench_victim_account(const struct bench_flows *f, int k)
{
	return k * (f->accounts / f->victims);
}

/* Parties, designations and one statement per account (bal: closings). */
static inline int
bench_flows_meta(sqlite3 *db, const struct bench_flows *f,
		 const long long *bal)
{
	sqlite3_stmt *s = NULL;
	char q[400];
	int i, rc = -1;

	if (bench_sql(db, "INSERT INTO document (id, sha256, name, "
		"size, kind, profile, profile_sha256, descending, records, "
		"log_seq) "
		"VALUES (2, 'y', 'designations.csv', 0, 'designations', '',"
		" '', 0, 0, 0)"))
		return -1;
	for (i = 1; i <= f->victims; i++) {
		snprintf(q, sizeof(q), "INSERT INTO party (document_id, line,"
			 " pseudonym, role, name, note) VALUES (2, %d, "
			 "'V-%d', 'victim', 'Victim %d', '')", i, i, i);
		if (bench_sql(db, q))
			return -1;
		snprintf(q, sizeof(q), "INSERT INTO designation (document_id,"
			 " line, origin, kind, pattern, account, start_date,"
			 " end_date, txn_id, reason, source) VALUES (2, %d, "
			 "'V-%d', 'account', '', 'ACCT %05d', %d, %d, NULL, "
			 "'bench', 'bench')", f->victims + i, i,
			 bench_victim_account(f, i), BENCH_DAY0,
			 BENCH_DAY0 + BENCH_DAYS + 3);
		if (bench_sql(db, q))
			return -1;
	}
	if (sqlite3_prepare_v2(db, "INSERT INTO statement (account_id, "
			       "start_date, end_date, opening, closing, "
			       "source, document_id, line) VALUES (?1, ?2, "
			       "?3, 0, ?4, 'statement', 1, ?5)", -1, &s,
			       NULL) != SQLITE_OK)
		goto done;
	for (i = 1; i <= f->accounts; i++) {
		sqlite3_bind_int(s, 1, i);
		sqlite3_bind_int(s, 2, BENCH_DAY0);
		sqlite3_bind_int(s, 3, BENCH_DAY0 + BENCH_DAYS + 3);
		sqlite3_bind_int64(s, 4, bal[i]);
		sqlite3_bind_int(s, 5, i);
		if (sqlite3_step(s) != SQLITE_DONE)
			goto done;
		sqlite3_reset(s);
	}
	rc = 0;
done:
	sqlite3_finalize(s);
	return rc;
}

/* The case of f->flows flows into db (see above); commits. bal[]
 * follows what each account holds as the trace will see it: a transfer
 * moves at its debit's date. */
static inline int
bench_flows_case(sqlite3 *db, const struct bench_flows *f, long *rows_out)
{
	static const char *const shops[] = {
		"CARD PURCHASE GROCER", "CARD PURCHASE FUEL",
		"CASH WITHDRAWAL", "CARD PURCHASE AIRLINE",
		"BILL PAYMENT POWER", "CARD PURCHASE HOTEL",
		"BILL PAYMENT RENT", "CARD PURCHASE JEWELLER"
	};
	sqlite3_stmt *s = NULL;
	uint64_t seed = 20261125;
	long long *bal = NULL;
	long i, line = 1;
	int rc = -1;

	bal = (long long *)calloc((size_t)f->accounts + 1, sizeof(*bal));
	if (bal == NULL)
		return -1;
	if (bench_sql(db, "PRAGMA synchronous = OFF") ||
	    bench_case_begin(db, f->accounts, &s) != 0)
		goto done;
	for (i = 0; i < f->flows; i++) {
		int a = 1 + (int)(splitmix(&seed) % (uint64_t)f->accounts);
		int date = BENCH_DAY0 + (int)((long long)i * BENCH_DAYS /
					      f->flows);
		unsigned kind = (unsigned)(splitmix(&seed) % 4);
		char d1[48], d2[48];

		if (kind != 0 && bal[a] == 0)
			kind = 0;       /* nothing to spend: money arrives */
		if (kind == 0) {
			long long amt = 1 + (long long)(splitmix(&seed) %
							BENCH_MAXAMT);

			/* a fifth of the inflows: a victim's money */
			if (splitmix(&seed) % 5 == 0)
				a = bench_victim_account(f, 1 + (int)
					(splitmix(&seed) %
					 (uint64_t)f->victims));
			bal[a] += amt;
			if (bench_row(s, line++, a, date, amt, "WIRE IN"))
				goto done;
		} else if (kind >= 2) {
			int b = 1 + (int)(splitmix(&seed) %
					  (uint64_t)(f->accounts - 1));
			long long amt = 1 + (long long)(splitmix(&seed) %
							(uint64_t)bal[a]);

			if (b >= a)
				b++;
			bal[a] -= amt;
			bal[b] += amt;
			/* as banks print them: the other side masked */
			snprintf(d1, sizeof(d1), "TRANSFER TO ***%04d",
				 b % 10000);
			snprintf(d2, sizeof(d2), "TRANSFER FROM ***%04d",
				 a % 10000);
			if (bench_row(s, line++, a, date, -amt, d1) ||
			    bench_row(s, line++, b,
				      date + (int)(splitmix(&seed) % 3),
				amt, d2))
				goto done;
		} else {
			long long amt = 1 + (long long)(splitmix(&seed) %
							(uint64_t)bal[a]);
			uint64_t r = splitmix(&seed);

			bal[a] -= amt;
			/* the slip number is cut: 8 sinks outside */
			snprintf(d1, sizeof(d1), "%s %04u",
				 shops[r % 8], (unsigned)(r >> 32) % 10000);
			if (bench_row(s, line++, a, date, -amt, d1))
				goto done;
		}
	}
	if (bench_flows_meta(db, f, bal) || bench_sql(db, "COMMIT"))
		goto done;
	*rows_out = line - 1;
	rc = 0;
done:
	sqlite3_finalize(s);
	free(bal);
	return rc;
}

/* Wait for child @p pid: its wall time since @p t0 and its peak resident
 * memory (KiB); its exit status, or -1. */
static inline int
bench_wait(pid_t pid, uint64_t t0, uint64_t *ns, long *kib)
{
	struct rusage ru;
	int status;

	if (pid < 0 || wait4(pid, &status, 0, &ru) < 0)
		return -1;
	*ns = now_ns() - t0;
	*kib = ru.ru_maxrss;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Run a command, its stdout to @p out (NULL: ours), as a user types it:
 * its wall time and peak resident memory (KiB); its exit status. */
static inline int
bench_run(char *const argv[], const char *out, uint64_t *ns, long *kib)
{
	uint64_t t0;
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
	return bench_wait(pid, t0, ns, kib);
}

/* Run fn(payload) in a child process, alone in its memory: its wall time
 * and peak resident memory (KiB); fn's return value as exit status. */
static inline int
bench_run_fn(int (*fn)(void *), void *payload, uint64_t *ns, long *kib)
{
	uint64_t t0;
	pid_t pid;

	fflush(stdout);
	t0 = now_ns();
	pid = fork();
	if (pid == 0)
		_exit(fn(payload));
	return bench_wait(pid, t0, ns, kib);
}

static inline unsigned long long
bench_per_second(long rows, uint64_t ns)
{
	return ns ? (unsigned long long)rows * 1000000000ULL / ns : 0;
}

/* bench_run with a time limit of @p limit_s seconds (0: none). The child
 * leads its own process group; when the limit passes (SIGALRM, which
 * survives exec) the group is killed, so that what it started (dot) goes
 * too, and the result is -2. Else its exit status, or -1. */
static inline int
bench_run_limit(char *const argv[], const char *out, unsigned limit_s,
		uint64_t *ns, long *kib)
{
	struct rusage ru;
	uint64_t t0;
	pid_t pid;
	int status;

	fflush(stdout);
	t0 = now_ns();
	pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		if (out != NULL && freopen(out, "w", stdout) == NULL)
			_exit(127);
		alarm(limit_s);
		execv(argv[0], argv);
		_exit(127);
	}
	if (pid < 0)
		return -1;
	setpgid(pid, pid);
	if (wait4(pid, &status, 0, &ru) < 0)
		return -1;
	*ns = now_ns() - t0;
	*kib = ru.ru_maxrss;
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM) {
		kill(-pid, SIGKILL);
		return -2;
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Copy the file @p from to @p to (a case, before a command changes it). */
static inline int
bench_copy_file(const char *from, const char *to)
{
	char buf[1 << 16];
	FILE *in = fopen(from, "rb");
	FILE *out = fopen(to, "wb");
	size_t n;
	int rc = 0;

	if (in == NULL || out == NULL)
		rc = -1;
	while (rc == 0 && (n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			rc = -1;
	if (in != NULL && ferror(in))
		rc = -1;
	if (in != NULL)
		fclose(in);
	if (out != NULL && fclose(out) != 0)
		rc = -1;
	return rc;
}

#endif
