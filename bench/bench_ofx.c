/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * make bench: the OFX reader (src/lib/import/ofx.c). Writes an OFX 1.x
 * bank statement of the deterministic rows of bench_util.h (the same
 * rows, amounts and payees as the bank CSV of bench_import), then, at
 * 10^4 and 10^5 transactions:
 *   - `proceeds import bank FILE.ofx` end to end (wall, peak memory);
 *   - `proceeds import bank --profile P FILE.csv` of the same rows;
 *   - libofx alone on the file (libofx_proc_file, callbacks counting);
 *   - the reader alone (scan, libofx, checks, exact amounts) into a
 *     sink that only counts, without the case.
 * Each runs in a child process, alone in its memory. Figures are
 * integers (milliseconds, rows per second, KiB).
 *
 * Be patient at 10^5: libofx's time grows with the square of the
 * transactions in a file (its end-of-element handler, under OpenSP's
 * parser, walks what it has kept so far): on the machine of the first
 * run, libofx alone took 2.2 s at 5,000, 14 s at 10,000 and 52 s at
 * 20,000 transactions, and the import of 10^5 took about 27 minutes
 * (a loaded machine). Memory grows linearly, about 2.4 KB a
 * transaction: libofx keeps the whole statement as a tree.
 */
#define _DEFAULT_SOURCE 1 /* wait4 */
#include "config.h"
#include "common.h"
#include "import.h"
#include "bench_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libofx.h defines its format tables in the header unless told not
 * to: one definition per program is the program's, not ours */
#define OFX_AQUAMANIAC_UGLY_HACK1 1
#include <libofx/libofx.h>

/* The statement: one account, DTSTART..DTEND the rows' days, the ledger
 * balance the generator's last balance. */
static int
write_ofx(const char *path, long rows)
{
	struct bench_gen g = BENCH_GEN_INIT;
	char a[32], d[16];
	int y, m, dd, first = g.day;
	FILE *fp = fopen(path, "w");
	long i;

	if (fp == NULL)
		return -1;
	/* the last day, known only at the end: run the generator once */
	{
		struct bench_gen h = BENCH_GEN_INIT;
		long long amt;
		int p;

		for (i = 0; i < rows; i++)
			bench_gen_next(&h, &amt, &p);
		pr_date_to_ymd(first, &y, &m, &dd);
		fprintf(fp, "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\n"
			"SECURITY:NONE\nENCODING:USASCII\nCHARSET:1252\n"
			"COMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n"
			"\n<OFX>\n<SIGNONMSGSRSV1>\n<SONRS>\n<STATUS>\n"
			"<CODE>0\n<SEVERITY>INFO\n</STATUS>\n"
			"<DTSERVER>20260101\n<LANGUAGE>ENG\n</SONRS>\n"
			"</SIGNONMSGSRSV1>\n<BANKMSGSRSV1>\n<STMTTRNRS>\n"
			"<TRNUID>1\n<STATUS>\n<CODE>0\n<SEVERITY>INFO\n"
			"</STATUS>\n<STMTRS>\n<CURDEF>USD\n<BANKACCTFROM>\n"
			"<BANKID>021000021\n<ACCTID>BENCH\n"
			"<ACCTTYPE>CHECKING\n</BANKACCTFROM>\n"
			"<BANKTRANLIST>\n<DTSTART>%04d%02d%02d\n", y, m, dd);
		pr_date_to_ymd(h.day, &y, &m, &dd);
		fprintf(fp, "<DTEND>%04d%02d%02d\n", y, m, dd);
		bench_amount_text(a, h.balance);
		snprintf(d, sizeof(d), "%04d%02d%02d", y, m, dd);
	}
	{
		char t[32], day[16];

		for (i = 0; i < rows; i++) {
			long long amt;
			int p;

			bench_gen_next(&g, &amt, &p);
			pr_date_to_ymd(g.day, &y, &m, &dd);
			snprintf(day, sizeof(day), "%04d%02d%02d", y, m, dd);
			bench_amount_text(t, amt);
			fprintf(fp, "<STMTTRN>\n<TRNTYPE>%s\n<DTPOSTED>%s\n"
				"<TRNAMT>%s\n<FITID>R%08ld\n<NAME>%s\n"
				"</STMTTRN>\n", amt < 0 ? "DEBIT" : "CREDIT",
				day, t, i, bench_payee(p));
		}
	}
	fprintf(fp, "</BANKTRANLIST>\n<LEDGERBAL>\n<BALAMT>%s\n"
		"<DTASOF>%s\n</LEDGERBAL>\n</STMTRS>\n</STMTTRNRS>\n"
		"</BANKMSGSRSV1>\n</OFX>\n", a, d);
	return fclose(fp);
}

static long n_seen;

static int
count_trn(const struct OfxTransactionData d, void *payload)
{
	(void)d;
	(void)payload;
	n_seen++;
	return 0;
}

/* libofx alone: 0 when it reported every transaction. */
static int
libofx_alone(void *payload)
{
	const char *path = payload;
	LibofxContextPtr ctx;

	ofx_PARSER_msg = ofx_DEBUG_msg = ofx_DEBUG1_msg = ofx_DEBUG2_msg = 0;
	ofx_DEBUG3_msg = ofx_DEBUG4_msg = ofx_DEBUG5_msg = 0;
	ofx_STATUS_msg = ofx_INFO_msg = ofx_WARNING_msg = ofx_ERROR_msg = 0;
	ctx = libofx_get_new_context();
	ofx_set_transaction_cb(ctx, count_trn, NULL);
	libofx_proc_file(ctx, path, OFX);
	libofx_free_context(ctx);
	printf("%ld", n_seen);
	return n_seen > 0 ? 0 : 1;
}

static int
count_row(const pr__bank_row *r, void *payload, pr_error *err)
{
	(void)r;
	(void)err;
	(*(long *)payload)++;
	return PR_OK;
}

static int
count_stmt(const pr__statement_row *s, void *payload, pr_error *err)
{
	(void)s;
	(void)payload;
	(void)err;
	return PR_OK;
}

/* The reader alone, into a sink that counts. */
static int
reader_alone(void *payload)
{
	const char *path = payload;
	pr__import_sink sink;
	pr__read_info info;
	pr_error err;
	long n = 0;

	memset(&sink, 0, sizeof(sink));
	sink.row = count_row;
	sink.statement = count_stmt;
	sink.payload = &n;
	if (pr__ofx_read(path, "bench.ofx", NULL, &sink, &info, &err) !=
	    PR_OK) {
		fprintf(stderr, "reader: %s\n", err.msg);
		return 1;
	}
	return n > 0 ? 0 : 1;
}

static int
one_size(const char *proceeds, const char *dir, long rows)
{
	char ofx[512], csv[512], prof[512], k1[512], k2[512];
	uint64_t ns_ofx, ns_csv, ns_lib, ns_rd, ns;
	long kib_ofx, kib_csv, kib_lib, kib_rd, kib;

	snprintf(ofx, sizeof(ofx), "%s/bench-%ld.ofx", dir, rows);
	snprintf(csv, sizeof(csv), "%s/bench-%ld.csv", dir, rows);
	snprintf(prof, sizeof(prof), "%s/bench.profile", dir);
	snprintf(k1, sizeof(k1), "%s/ofx-%ld.case", dir, rows);
	snprintf(k2, sizeof(k2), "%s/csv-%ld.case", dir, rows);
	if (write_ofx(ofx, rows) != 0 || bench_bank_csv(csv, prof, rows) != 0)
		return -1;
	{
		char *i1[] = { (char *)proceeds, "-C", k1, "init", NULL };
		char *i2[] = { (char *)proceeds, "-C", k2, "init", NULL };
		char *imp_ofx[] = { (char *)proceeds, "-C", k1, "import",
				    "bank", ofx, NULL };
		char *imp_csv[] = { (char *)proceeds, "-C", k2, "import",
				    "bank", "--profile", prof, "--account",
				    "021000021 BENCH", csv, NULL };

		if (bench_run(i1, "/dev/null", &ns, &kib) != 0 ||
		    bench_run(i2, "/dev/null", &ns, &kib) != 0)
			return -1;
		if (bench_run(imp_ofx, "/dev/null", &ns_ofx, &kib_ofx) != 0) {
			fprintf(stderr, "ofx import failed\n");
			return -1;
		}
		if (bench_run(imp_csv, "/dev/null", &ns_csv, &kib_csv) != 0) {
			fprintf(stderr, "csv import failed\n");
			return -1;
		}
	}
	if (bench_run_fn(libofx_alone, ofx, &ns_lib, &kib_lib) != 0 ||
	    bench_run_fn(reader_alone, ofx, &ns_rd, &kib_rd) != 0) {
		fprintf(stderr, "libofx or reader alone failed\n");
		return -1;
	}
	printf("\n%7ld rows  import bank OFX  %6llu ms %8llu rows/s  peak "
	       "%7ld KiB\n", rows, (unsigned long long)(ns_ofx / 1000000),
	       bench_per_second(rows, ns_ofx), kib_ofx);
	printf("%7ld rows  import bank CSV  %6llu ms %8llu rows/s  peak "
	       "%7ld KiB  (the same rows, a profile)\n", rows,
	       (unsigned long long)(ns_csv / 1000000),
	       bench_per_second(rows, ns_csv), kib_csv);
	printf("%7ld rows  libofx alone     %6llu ms  peak %7ld KiB  (%llu%% "
	       "of the OFX import)\n", rows,
	       (unsigned long long)(ns_lib / 1000000), kib_lib,
	       (unsigned long long)(ns_ofx ? ns_lib * 100 / ns_ofx : 0));
	printf("%7ld rows  reader alone     %6llu ms  peak %7ld KiB  (scan, "
	       "libofx, checks, amounts; no case)\n", rows,
	       (unsigned long long)(ns_rd / 1000000), kib_rd);
	remove(ofx);
	remove(csv);
	return 0;
}

int
main(int argc, char **argv)
{
	const char *proceeds = "./proceeds";
	char dir[] = "/tmp/proceeds-bench-ofx-XXXXXX";
	char cmd[600];
	int i;

	for (i = 1; i + 1 < argc; i++)
		if (strcmp(argv[i], "--proceeds") == 0)
			proceeds = argv[++i];
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	printf("proceeds %s OFX benchmark (deterministic data, seed "
	       "20260101)", pr_version());
	/* libofx's time grows with the square of the transactions in one
	 * file (10^5 rows took 27 minutes here): 10^5 only on request. */
	if (one_size(proceeds, dir, 5000) != 0 ||
	    one_size(proceeds, dir, 10000) != 0 ||
	    (getenv("BENCH_BIG") != NULL &&
	     one_size(proceeds, dir, 100000) != 0)) {
		fprintf(stderr, "benchmark failed\n");
		return 2;
	}
	printf("peak memory at 5000 vs 10^4 rows shows whether it streams;"
	       " 10^5 rows with BENCH_BIG=1\n");
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : 2;
}
