/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * make bench: designations and decisions that name their evidence as
 * DOCUMENT:LINE, against a case of 10^6 bank rows (bench_import's export,
 * fixed seed): 10^5 designations of credits by flow, spread over the
 * whole file, and 10^5 never-join decisions between two rows. Each file
 * is imported as a user types it (`proceeds -C CASE import designations
 * FILE`, a child process: its wall time and peak memory) and through the
 * library (pr_import_designations, pr_import_decisions, in a child, on a
 * copy of the case). Target: under 5 s each. Before schema 7 every line
 * scanned the transactions: 1,000 lines against 3 x 10^5 rows took 19 s.
 * Then 100 rules (50 by counterparty, 50 by memo pattern) against the
 * same 10^6 rows, each limited to a period that starts late in the file
 * so that they must read nearly every inflow to find one (issue 12:
 * 0.53 s per rule when each rule scanned the transactions in SQL).
 */
#define _DEFAULT_SOURCE 1 /* wait4 */
#include "config.h"
#include "common.h"
#include "store.h"
#include "bench_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROWS 1000000L
#define LINES 100000L

/* The designations: every credit picked one time in five (fixed seed),
 * the first LINES of them, as flows of V-1. */
static int
write_designations(const char *path)
{
	struct bench_gen g = BENCH_GEN_INIT;
	uint64_t pick = 20261207;
	FILE *fp = fopen(path, "w");
	long i, n = 0;

	if (fp == NULL)
		return -1;
	fputs("origin,by,match,account,start,end,reason,source\n", fp);
	for (i = 0; i < ROWS && n < LINES; i++) {
		long long amt;
		int p;

		bench_gen_next(&g, &amt, &p);
		if (amt <= 0 || splitmix(&pick) % 5 != 0)
			continue;
		fprintf(fp, "V-1,flow,bank.csv:%ld,,,,paid by V-1,bench "
			"interview\n", i + 2);
		n++;
	}
	if (fclose(fp) != 0 || n < LINES)
		return -1;
	return 0;
}

/* The decisions: rows 9k and 9k + 1 are never one movement. */
static int
write_decisions(const char *path)
{
	FILE *fp = fopen(path, "w");
	long k;

	if (fp == NULL)
		return -1;
	fputs("action,subject,other,reason\n", fp);
	for (k = 0; k < LINES; k++)
		fprintf(fp, "never-join,bank.csv:%ld,bank.csv:%ld,bench\n",
			2 + 9 * k, 3 + 9 * k);
	return fclose(fp);
}

#define RULES 100

/* Per payee: the days of its last credits, the most recent first. */
#define KEEP 64

/*
 * The rules: rule k by counterparty (k even) or memo pattern (k odd) for
 * payee k % 6, from the day of that payee's (k / 6 + 1)-th last credit:
 * each finds an inflow, late in the file.
 */
static int
write_rules(const char *path)
{
	static const char *const text[6] = {
		"cash deposit", "atm withdrawal gulfport", "walmart #1187",
		"Verizon", "payroll", "to savings"
	};
	static const char *const memo[6] = {
		"CASH DEPOSIT*", "*gulfport ms", "*WALMART*", "ACH DEBIT*",
		"*payroll", "TRANSFER*SAVINGS"
	};
	struct bench_gen g = BENCH_GEN_INIT;
	static int days[6][KEEP];
	int n[6] = { 0 };
	char d[16];
	FILE *fp;
	long i;
	int k;

	for (i = 0; i < ROWS; i++) {
		long long amt;
		int p;

		bench_gen_next(&g, &amt, &p);
		if (amt <= 0)
			continue;
		memmove(&days[p][1], &days[p][0],
			(KEEP - 1) * sizeof(days[p][0]));
		days[p][0] = g.day;
		n[p]++;
	}
	fp = fopen(path, "w");
	if (fp == NULL)
		return -1;
	fputs("origin,by,match,account,start,end,reason,source\n", fp);
	for (k = 0; k < RULES; k++) {
		int p = k % 6, y, m, dd;

		if (n[p] <= k / 6 || k / 6 >= KEEP) {
			fclose(fp);
			return -1;
		}
		pr_date_to_ymd(days[p][k / 6], &y, &m, &dd);
		snprintf(d, sizeof(d), "%04d-%02d-%02d", y, m, dd);
		fprintf(fp, "V-1,%s,%s,,%s,,bench rule,bench\n",
			k % 2 == 0 ? "counterparty" : "memo",
			k % 2 == 0 ? text[p] : memo[p], d);
	}
	return fclose(fp);
}

static int
write_text(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	if (fp == NULL)
		return -1;
	fputs(text, fp);
	return fclose(fp);
}

struct lib_import {
	const char *kase;
	const char *file;
	int designations; /* 0: decisions */
};

/* In a child: the file imported through the library, as the command
 * does it (one transaction, committed with its custody entry). */
static int
lib_import(void *payload)
{
	const struct lib_import *l = payload;
	pr_import_options o = PR_IMPORT_OPTIONS_INIT;
	const char *argv[1] = { l->file };
	pr_store *st = NULL;
	pr_import_result r;
	pr_error err;
	int rc;

	rc = pr_store_open(&st, l->kase, 0, &err);
	if (rc == PR_OK)
		rc = pr_store_begin(st, &err);
	if (rc == PR_OK && l->designations)
		rc = pr_import_designations(st, l->file, l->file, &o, &r,
					    &err);
	else if (rc == PR_OK)
		rc = pr_import_decisions(st, l->file, l->file, &o, &r, &err);
	if (rc == PR_OK)
		rc = pr_store_commit(st, "import", 1, argv, "imported", &err);
	if (rc != PR_OK)
		fprintf(stderr, "bench_designate: %s\n", err.msg);
	pr_store_close(st);
	return rc == PR_OK ? 0 : 1;
}

static void
line(const char *what, const char *how, uint64_t ns, long kib)
{
	printf("%-36s %-9s %6llu ms  peak %7ld KiB  %s\n", what, how,
	       (unsigned long long)(ns / 1000000), kib,
	       ns < 5000000000ULL ? "under 5 s" : "NOT under 5 s");
}

int
main(int argc, char **argv)
{
	const char *proceeds = "./proceeds";
	char dir[] = "/tmp/proceeds-bench-XXXXXX";
	char exe[1024], cmd[600];
	struct lib_import l;
	uint64_t ns;
	long kib;
	int i, rc = 2;

	for (i = 1; i + 1 < argc; i++)
		if (strcmp(argv[i], "--proceeds") == 0)
			proceeds = argv[++i];
	if (realpath(proceeds, exe) == NULL) {
		perror(proceeds);
		return 2;
	}
	if (mkdtemp(dir) == NULL || chdir(dir) != 0) {
		perror("mkdtemp");
		return 2;
	}
	{
		char *init[] = { exe, "-C", "case", "init", NULL };
		char *bank[] = { exe, "-C", "case", "import", "bank",
				 "--profile", "bench.profile", "--account",
				 "BENCH", "bank.csv", NULL };
		char *victims[] = { exe, "-C", "case", "import", "victims",
				    "victims.csv", NULL };
		char *desig[] = { exe, "-C", "case", "import", "designations",
				  "designations.csv", NULL };
		char *dec[] = { exe, "-C", "case", "import", "decisions",
				"decisions.csv", NULL };
		char *rules[] = { exe, "-C", "case", "import",
				  "designations", "rules.csv", NULL };

		if (bench_bank_csv("bank.csv", "bench.profile", ROWS) != 0 ||
		    write_designations("designations.csv") != 0 ||
		    write_decisions("decisions.csv") != 0 ||
		    write_rules("rules.csv") != 0 ||
		    write_text("victims.csv", "record,id,role,name,account,"
			       "relation,start,end,note\nparty,V-1,victim,"
			       "Victim One,,,,,bench\n") != 0) {
			fprintf(stderr, "bench_designate: cannot write the "
				"files in %s\n", dir);
			goto done;
		}
		if (bench_run(init, "/dev/null", &ns, &kib) != 0 ||
		    bench_run(bank, "/dev/null", &ns, &kib) != 0 ||
		    bench_run(victims, "/dev/null", &ns, &kib) != 0 ||
		    bench_copy_file("case", "lib.case") != 0) {
			fprintf(stderr, "bench_designate: cannot build the "
				"case\n");
			goto done;
		}
		printf("designations and decisions by DOCUMENT:LINE: %ld "
		       "lines against %ld bank rows\n", LINES, ROWS);
		if (bench_run(desig, "/dev/null", &ns, &kib) != 0)
			goto done;
		line("import designations (flows)", "command", ns, kib);
		l.kase = "lib.case";
		l.file = "designations.csv";
		l.designations = 1;
		if (bench_run_fn(lib_import, &l, &ns, &kib) != 0)
			goto done;
		line("pr_import_designations (flows)", "library", ns, kib);
		if (bench_run(dec, "/dev/null", &ns, &kib) != 0)
			goto done;
		line("import decisions (never-join)", "command", ns, kib);
		l.file = "decisions.csv";
		l.designations = 0;
		if (bench_run_fn(lib_import, &l, &ns, &kib) != 0)
			goto done;
		line("pr_import_decisions (never-join)", "library", ns, kib);
		printf("%d designation rules (counterparty, memo) resolved "
		       "against %ld bank rows\n", RULES, ROWS);
		if (bench_run(rules, "/dev/null", &ns, &kib) != 0)
			goto done;
		line("import designations (rules)", "command", ns, kib);
	}
	rc = 0;
done:
	if (rc != 0)
		fprintf(stderr, "benchmark failed\n");
	if (chdir("/") != 0)
		return 2;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? rc : 2;
}
