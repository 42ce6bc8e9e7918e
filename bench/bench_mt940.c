/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * make bench: the MT940 reader against the bank CSV import of the same
 * rows. bench_util.h's generator gives the transactions bench_bank_csv
 * writes; here they are also written as one MT940 file (one statement a
 * calendar month, each entry a :61: and a :86:), and `proceeds import
 * bank` is timed on each, end to end, with its peak memory, at 10^5 and
 * 10^6 rows. Figures are integers (rows per second, milliseconds, KiB).
 */
#define _DEFAULT_SOURCE 1 /* wait4 */
#include "config.h"
#include "common.h"
#include "bench_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "C" or "D" and the amount with a decimal comma, of c cents. */
static void
mt_amount(char buf[40], long long c, int with_mark)
{
	unsigned long long a = c < 0 ? (unsigned long long)-c :
			       (unsigned long long)c;

	snprintf(buf, 40, "%s%llu,%02llu", with_mark ? (c < 0 ? "D" : "C") :
		 "", a / 100, a % 100);
}

static void
yymmdd(char buf[8], int day)
{
	int y, m, d;

	pr_date_to_ymd(day, &y, &m, &d);
	snprintf(buf, 8, "%02d%02d%02d", y % 100, m, d);
}

/* A statement's closing balance (when close) or the next statement's
 * header and opening balance. */
static void
balance_line(FILE *fp, long long bal, int day, long n, int close)
{
	char a[40], d[8];

	mt_amount(a, bal, 1);
	yymmdd(d, day);
	if (close)
		fprintf(fp, ":62F:%c%sUSD%s\n-\n", a[0], d, a + 1);
	else
		fprintf(fp, ":20:BENCH%06ld\n:25:BENCH\n:28C:%ld/1\n"
			":60F:%c%sUSD%s\n", n + 1, n + 1, a[0], d, a + 1);
}

/* The generator's day (a row in three moves a day on: 10^6 rows span
 * 900 years) folded into 2000-2065, which a YYMMDD date can write. */
static int
fold(int day)
{
	return 10957 + (day - 19000) % 24000;
}

/* The rows of bench_bank_csv as MT940: the same amounts, payees and
 * references (as the :61: customer reference), dates folded. */
static int
bench_mt940_file(const char *path, long rows)
{
	struct bench_gen g = BENCH_GEN_INIT;
	char a[40], d[8];
	long long before;
	int y, m, dd, month = -1, last = 0;
	long i, n = 0;
	FILE *fp;

	fp = fopen(path, "w");
	if (fp == NULL)
		return -1;
	for (i = 0; i < rows; i++) {
		long long amt;
		int p, day;

		before = g.balance;
		bench_gen_next(&g, &amt, &p);
		day = fold(g.day);
		pr_date_to_ymd(day, &y, &m, &dd);
		if (y * 12 + m != month) {
			/* a new month: the opening is dated the day before
			 * its first entry */
			if (n > 0)
				balance_line(fp, before, last, n, 1);
			balance_line(fp, before, day - 1, n, 0);
			n++;
			month = y * 12 + m;
		}
		mt_amount(a, amt, 1);
		yymmdd(d, day);
		fprintf(fp, ":61:%s%.4s%s%sNTRFR%08ld//B%08ld\n:86:%s\n", d,
			d + 2, a[0] == 'C' ? "C" : "D", a + 1, i, i,
			bench_payee(p));
		last = day;
	}
	balance_line(fp, g.balance, last, n, 1);
	return fclose(fp);
}

static int
one_size(const char *proceeds, const char *dir, long rows,
	 unsigned long long *ratio)
{
	char csv[512], prof[512], sta[512], kc[512], km[512];
	uint64_t ns_csv, ns_mt, ns;
	long kib_csv, kib_mt, kib;
	int rc;

	snprintf(csv, sizeof(csv), "%s/bank-%ld.csv", dir, rows);
	snprintf(prof, sizeof(prof), "%s/bench.profile", dir);
	snprintf(sta, sizeof(sta), "%s/bank-%ld.sta", dir, rows);
	snprintf(kc, sizeof(kc), "%s/csv-%ld.case", dir, rows);
	snprintf(km, sizeof(km), "%s/mt940-%ld.case", dir, rows);
	if (bench_bank_csv(csv, prof, rows) != 0 ||
	    bench_mt940_file(sta, rows) != 0)
		return -1;
	{
		char *ic[] = { (char *)proceeds, "-C", kc, "init", NULL };
		char *im[] = { (char *)proceeds, "-C", km, "init", NULL };
		char *c[] = { (char *)proceeds, "-C", kc, "import", "bank",
			      "--profile", prof, "--account", "BENCH", csv,
			      NULL };
		char *t[] = { (char *)proceeds, "-C", km, "import", "bank",
			      sta, NULL };

		if (bench_run(ic, "/dev/null", &ns, &kib) != 0 ||
		    bench_run(im, "/dev/null", &ns, &kib) != 0)
			return -1;
		rc = bench_run(c, "/dev/null", &ns_csv, &kib_csv);
		if (rc != 0) {
			fprintf(stderr, "csv import failed (%d)\n", rc);
			return -1;
		}
		rc = bench_run(t, "/dev/null", &ns_mt, &kib_mt);
		if (rc != 0) {
			fprintf(stderr, "mt940 import failed (%d)\n", rc);
			return -1;
		}
	}
	printf("%9ld rows  bank CSV import %6llu ms %9llu rows/s  peak %7ld "
	       "KiB\n", rows, (unsigned long long)(ns_csv / 1000000),
	       bench_per_second(rows, ns_csv), kib_csv);
	printf("%9ld rows  MT940 import    %6llu ms %9llu rows/s  peak %7ld "
	       "KiB\n", rows, (unsigned long long)(ns_mt / 1000000),
	       bench_per_second(rows, ns_mt), kib_mt);
	*ratio = ns_mt ? ns_csv * 100 / ns_mt : 0;
	printf("%9ld rows  MT940 speed = %llu%% of the bank CSV import "
	       "(target >= 50%%)\n", rows, *ratio);
	remove(csv);
	remove(sta);
	return 0;
}

int
main(int argc, char **argv)
{
	const char *proceeds = "./proceeds";
	char dir[] = "/tmp/proceeds-bench-XXXXXX";
	char cmd[600];
	unsigned long long r5, r6;
	int i;

	for (i = 1; i + 1 < argc; i++)
		if (strcmp(argv[i], "--proceeds") == 0)
			proceeds = argv[++i];
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	printf("proceeds %s MT940 benchmark (deterministic data, seed "
	       "20260101)\n", pr_version());
	if (one_size(proceeds, dir, 100000, &r5) != 0 ||
	    one_size(proceeds, dir, 1000000, &r6) != 0) {
		fprintf(stderr, "benchmark failed\n");
		return 2;
	}
	printf("peak memory of the MT940 import at 10^5 vs 10^6 rows shows "
	       "whether it streams\n");
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : 2;
}
