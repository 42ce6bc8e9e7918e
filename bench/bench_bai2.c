/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * make bench: BAI2 import speed against the bank CSV import of the same
 * transactions. bench_gen makes the rows bench_bank_csv writes; here they
 * are also written as one BAI2 file (a group per as-of date, its account
 * with opening and closing ledger 010/015, a 16 per row: 399
 * miscellaneous credit or 699 miscellaneous debit, the payee as text),
 * with every trailer's control total and count. Both files are imported
 * by `proceeds import bank` as child processes, timed end to end with
 * their peak memory, at 10^5 and 10^6 rows.
 */
#define _DEFAULT_SOURCE 1 /* wait4 */
#include "config.h"
#include "common.h"
#include "bench_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct day_row {
	long long amount;
	int payee;
	long n;
};

/* One group: 02, 03 with 010/015, the 16s, 49, 98. Returns the group's
 * control total in *total and its records in *records. */
static void
write_group(FILE *fp, int day, long long opening, long long closing,
	    const struct day_row *r, size_t n, long long *total,
	    long *records)
{
	long long acct = opening + closing;
	int y, m, d;
	size_t i;

	pr_date_to_ymd(day, &y, &m, &d);
	fprintf(fp, "02,BENCHCO,BENCHBANK,1,%02d%02d%02d,2400,USD,2/\n",
		y % 100, m, d);
	fprintf(fp, "03,BENCH,USD,010,%lld,,,015,%lld,,/\n", opening,
		closing);
	for (i = 0; i < n; i++) {
		long long a = r[i].amount < 0 ? -r[i].amount : r[i].amount;

		fprintf(fp, "16,%s,%lld,0,R%08ld,,%s\n",
			r[i].amount < 0 ? "699" : "399", a, r[i].n,
			bench_payee(r[i].payee));
		acct += a;
	}
	fprintf(fp, "49,%lld,%ld/\n", acct, (long)n + 2);
	fprintf(fp, "98,%lld,1,%ld/\n", acct, (long)n + 4);
	*total += acct;
	*records += (long)n + 4;
}

/* The rows of bench_bank_csv as one BAI2 file. */
static int
bench_bai2(const char *path, long rows)
{
	struct bench_gen g = BENCH_GEN_INIT;
	struct day_row buf[4096];
	size_t n = 0;
	long long total = 0, opening = g.balance, before;
	long records = 1, groups = 0, i;
	int day = g.day;
	FILE *fp;

	fp = fopen(path, "w");
	if (fp == NULL)
		return -1;
	fputs("01,BENCHBANK,BENCHCO,260101,0000,1,,,2/\n", fp);
	for (i = 0; i < rows; i++) {
		long long amt;
		int p;

		before = g.balance;
		bench_gen_next(&g, &amt, &p);
		/* the row is dated g.day after the step, as the CSV's */
		if (g.day != day && n > 0) {
			write_group(fp, day, opening, before, buf, n, &total,
				    &records);
			groups++;
			n = 0;
			opening = before;
		}
		day = g.day;
		if (n == sizeof(buf) / sizeof(buf[0]))
			return -1;
		buf[n].amount = amt;
		buf[n].payee = p;
		buf[n].n = i;
		n++;
	}
	if (n > 0) {
		write_group(fp, day, opening, g.balance, buf, n, &total,
			    &records);
		groups++;
	}
	fprintf(fp, "99,%lld,%ld,%ld/\n", total, groups, records + 1);
	return fclose(fp);
}

static int
one_size(const char *proceeds, const char *dir, long rows)
{
	char csv[512], prof[512], bai[512], kc[512], kb[512];
	uint64_t ns_csv, ns_bai, ns;
	long kib_csv, kib_bai, kib;
	int rc;

	snprintf(csv, sizeof(csv), "%s/bank-%ld.csv", dir, rows);
	snprintf(prof, sizeof(prof), "%s/bench.profile", dir);
	snprintf(bai, sizeof(bai), "%s/bank-%ld.bai2", dir, rows);
	snprintf(kc, sizeof(kc), "%s/csv-%ld.case", dir, rows);
	snprintf(kb, sizeof(kb), "%s/bai2-%ld.case", dir, rows);
	if (bench_bank_csv(csv, prof, rows) != 0 || bench_bai2(bai, rows))
		return -1;
	{
		char *ic[] = { (char *)proceeds, "-C", kc, "init", NULL };
		char *ib[] = { (char *)proceeds, "-C", kb, "init", NULL };
		char *imc[] = { (char *)proceeds, "-C", kc, "import", "bank",
				"--profile", prof, "--account", "BENCH", csv,
				NULL };
		char *imb[] = { (char *)proceeds, "-C", kb, "import", "bank",
				bai, NULL };

		if (bench_run(ic, "/dev/null", &ns, &kib) != 0 ||
		    bench_run(ib, "/dev/null", &ns, &kib) != 0)
			return -1;
		rc = bench_run(imc, "/dev/null", &ns_csv, &kib_csv);
		if (rc != 0) {
			fprintf(stderr, "bank CSV import failed (%d)\n", rc);
			return -1;
		}
		rc = bench_run(imb, "/dev/null", &ns_bai, &kib_bai);
		if (rc != 0) {
			fprintf(stderr, "BAI2 import failed (%d)\n", rc);
			return -1;
		}
	}
	printf("%9ld rows  bank CSV %6llu ms %9llu rows/s  peak %7ld KiB\n",
	       rows, (unsigned long long)(ns_csv / 1000000),
	       bench_per_second(rows, ns_csv), kib_csv);
	printf("%9ld rows  BAI2     %6llu ms %9llu rows/s  peak %7ld KiB\n",
	       rows, (unsigned long long)(ns_bai / 1000000),
	       bench_per_second(rows, ns_bai), kib_bai);
	printf("%9ld rows  BAI2 speed = %llu%% of the bank CSV's "
	       "(target >= 50%%)\n", rows,
	       (unsigned long long)(ns_bai ? ns_csv * 100 / ns_bai : 0));
	remove(csv);
	remove(bai);
	remove(kc);
	remove(kb);
	return 0;
}

int
main(int argc, char **argv)
{
	const char *proceeds = "./proceeds";
	char dir[] = "/tmp/proceeds-bench-bai2-XXXXXX";
	char cmd[600];
	int i;

	for (i = 1; i + 1 < argc; i++)
		if (strcmp(argv[i], "--proceeds") == 0)
			proceeds = argv[++i];
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	printf("proceeds %s BAI2 import benchmark (deterministic data, seed "
	       "20260101)\n", pr_version());
	if (one_size(proceeds, dir, 100000) != 0 ||
	    one_size(proceeds, dir, 1000000) != 0) {
		fprintf(stderr, "benchmark failed\n");
		return 2;
	}
	printf("peak memory of the BAI2 import at 10^5 vs 10^6 rows shows "
	       "whether it streams\n");
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : 2;
}
