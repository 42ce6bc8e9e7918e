/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * make bench: the camt.053 reader. Writes one statement of 10^5 and one
 * of 10^6 entries (the same transactions bench_bank_csv writes, from
 * bench_gen: an entry with its AcctSvcrRef, bank transaction code, one
 * TxDtls with an end-to-end id, the payee as debtor or creditor and a
 * remittance line; an OPBD and a CLBD balance that make one period),
 * then times `proceeds import bank FILE` end to end and the reader
 * alone (a sink that keeps nothing), as MB of XML per second (target
 * >= 50) and rows per second beside the bank CSV import of the same
 * rows, with each one's peak memory (flat from 10^5 to 10^6 when it
 * streams). Figures are integers.
 */
#define _DEFAULT_SOURCE 1 /* wait4 */
#include "config.h"
#include "common.h"
#include "import.h"
#include "bench_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void
date_text(char d[16], int day)
{
	int y, m, dd;

	pr_date_to_ymd(day, &y, &m, &dd);
	snprintf(d, 16, "%04d-%02d-%02d", y, m, dd);
}

/* The statement of @p rows entries at @p path; its size in *bytes. */
static int
bench_camt053(const char *path, long rows, long long *bytes)
{
	struct bench_gen g = BENCH_GEN_INIT;
	struct bench_gen end = BENCH_GEN_INIT;
	char d[16], a[32], from[16], to[16];
	struct stat st;
	FILE *fp;
	long i;

	/* a first pass for the closing balance and the last day */
	for (i = 0; i < rows; i++) {
		long long amt;
		int p;

		bench_gen_next(&end, &amt, &p);
	}
	fp = fopen(path, "w");
	if (fp == NULL)
		return -1;
	date_text(from, g.day);
	date_text(to, end.day);
	fprintf(fp, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:"
		"camt.053.001.08\">\n<BkToCstmrStmt>\n<GrpHdr><MsgId>BENCH"
		"</MsgId><CreDtTm>%sT00:00:00Z</CreDtTm></GrpHdr>\n<Stmt>\n"
		"<Id>BENCH-1</Id>\n<FrToDt><FrDtTm>%sT00:00:00</FrDtTm>"
		"<ToDtTm>%sT23:59:59</ToDtTm></FrToDt>\n<Acct><Id><Othr><Id>"
		"BENCH</Id></Othr></Id><Ccy>USD</Ccy></Acct>\n", to, from, to);
	bench_amount_text(a, g.balance);
	fprintf(fp, "<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp>"
		"<Amt Ccy=\"USD\">%s</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>"
		"%s</Dt></Dt></Bal>\n", a, from);
	bench_amount_text(a, end.balance);
	fprintf(fp, "<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp>"
		"<Amt Ccy=\"USD\">%s</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>"
		"%s</Dt></Dt></Bal>\n", a, to);
	for (i = 0; i < rows; i++) {
		long long amt;
		int p;

		bench_gen_next(&g, &amt, &p);
		date_text(d, g.day);
		bench_amount_text(a, amt < 0 ? -amt : amt);
		fprintf(fp, "<Ntry>\n <Amt Ccy=\"USD\">%s</Amt>\n <CdtDbtInd>"
			"%s</CdtDbtInd>\n <Sts><Cd>BOOK</Cd></Sts>\n "
			"<BookgDt><Dt>%s</Dt></BookgDt>\n <ValDt><Dt>%s</Dt>"
			"</ValDt>\n <AcctSvcrRef>R%08ld</AcctSvcrRef>\n "
			"<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>%s</Cd>"
			"<SubFmlyCd>OTHR</SubFmlyCd></Fmly></Domn></BkTxCd>\n"
			" <NtryDtls><TxDtls>\n  <Refs><EndToEndId>E2E%08ld"
			"</EndToEndId></Refs>\n  <RltdPties><%s><Pty><Nm>%s"
			"</Nm></Pty></%s></RltdPties>\n  <RmtInf><Ustrd>%s"
			"</Ustrd></RmtInf>\n </TxDtls></NtryDtls>\n</Ntry>\n",
			a, amt < 0 ? "DBIT" : "CRDT", d, d, i,
			amt < 0 ? "ICDT" : "RCDT", i, amt < 0 ? "Cdtr" : "Dbtr",
			bench_payee(p), amt < 0 ? "Cdtr" : "Dbtr",
			bench_payee(p));
	}
	fputs("</Stmt>\n</BkToCstmrStmt>\n</Document>\n", fp);
	if (fclose(fp) != 0 || stat(path, &st) != 0)
		return -1;
	*bytes = (long long)st.st_size;
	return 0;
}

/*
 * bench_run and bench_run_fn, and the child's CPU time (user + system):
 * on a shared machine the wall time says how busy the others are, the
 * CPU time what the import costs.
 */
static int
run_cpu(char *const argv[], int (*fn)(void *), void *payload,
	uint64_t *ns, uint64_t *cpu_ns, long *kib)
{
	struct rusage ru;
	uint64_t t0;
	int status;
	pid_t pid;

	fflush(stdout);
	t0 = now_ns();
	pid = fork();
	if (pid == 0) {
		if (fn != NULL)
			_exit(fn(payload));
		if (freopen("/dev/null", "w", stdout) == NULL)
			_exit(127);
		execv(argv[0], argv);
		_exit(127);
	}
	if (pid < 0 || wait4(pid, &status, 0, &ru) < 0)
		return -1;
	*ns = now_ns() - t0;
	*cpu_ns = (uint64_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) *
		  1000000000ULL + (uint64_t)(ru.ru_utime.tv_usec +
					     ru.ru_stime.tv_usec) * 1000ULL;
	*kib = ru.ru_maxrss;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int
no_row(const pr__bank_row *r, void *payload, pr_error *err)
{
	(void)r;
	(void)err;
	(*(long *)payload)++;
	return PR_OK;
}

static int
no_statement(const pr__statement_row *s, void *payload, pr_error *err)
{
	(void)s;
	(void)payload;
	(void)err;
	return PR_OK;
}

/* The reader alone, in a child: every row read, none kept. */
static int
read_only(void *payload)
{
	const char *path = payload;
	pr__import_sink sink;
	pr__read_info info;
	pr_error err;
	long n = 0;

	memset(&sink, 0, sizeof(sink));
	memset(&info, 0, sizeof(info));
	sink.row = no_row;
	sink.statement = no_statement;
	sink.payload = &n;
	if (pr__camt_read(path, "bench.xml", NULL, &sink, &info, &err) !=
	    PR_OK) {
		fprintf(stderr, "read: %s\n", err.msg);
		return 1;
	}
	return 0;
}

static unsigned long long
mb_per_second(long long bytes, uint64_t ns)
{
	return ns ? (unsigned long long)bytes * 1000ULL / ns : 0;
}

static int
one_size(const char *proceeds, const char *dir, long rows)
{
	char xml[512], csv[512], prof[512], kx[512], kc[512];
	uint64_t ns_x, ns_c, ns_r, ns, cpu_x, cpu_c, cpu_r;
	long kib_x, kib_c, kib_r, kib;
	long long bytes = 0;

	snprintf(xml, sizeof(xml), "%s/camt-%ld.xml", dir, rows);
	snprintf(csv, sizeof(csv), "%s/bank-%ld.csv", dir, rows);
	snprintf(prof, sizeof(prof), "%s/bench.profile", dir);
	snprintf(kx, sizeof(kx), "%s/camt-%ld.case", dir, rows);
	snprintf(kc, sizeof(kc), "%s/csv-%ld.case", dir, rows);
	if (bench_camt053(xml, rows, &bytes) != 0 ||
	    bench_bank_csv(csv, prof, rows) != 0)
		return -1;
	{
		char *ix[] = { (char *)proceeds, "-C", kx, "init", NULL };
		char *ic[] = { (char *)proceeds, "-C", kc, "init", NULL };
		char *mx[] = { (char *)proceeds, "-C", kx, "import", "bank",
			       xml, NULL };
		char *mc[] = { (char *)proceeds, "-C", kc, "import", "bank",
			       "--profile", prof, "--account", "BENCH", csv,
			       NULL };
		char *rx[] = { (char *)proceeds, "-C", kx, "reconcile",
			       "--format", "csv", NULL };

		if (bench_run(ix, "/dev/null", &ns, &kib) != 0 ||
		    bench_run(ic, "/dev/null", &ns, &kib) != 0)
			return -1;
		if (run_cpu(NULL, read_only, xml, &ns_r, &cpu_r, &kib_r) != 0)
			return -1;
		if (run_cpu(mx, NULL, NULL, &ns_x, &cpu_x, &kib_x) != 0) {
			fprintf(stderr, "camt import failed\n");
			return -1;
		}
		if (run_cpu(mc, NULL, NULL, &ns_c, &cpu_c, &kib_c) != 0) {
			fprintf(stderr, "csv import failed\n");
			return -1;
		}
		if (bench_run(rx, "/dev/null", &ns, &kib) != 0) {
			fprintf(stderr, "the camt statement does not "
				"reconcile\n");
			return -1;
		}
	}
	printf("%8ld entries  %5lld MB of XML\n", rows, bytes / 1000000);
	printf("  reader alone  wall %6llu ms %4llu MB/s  cpu %6llu ms %4llu "
	       "MB/s  peak %6ld KiB\n", (unsigned long long)(ns_r / 1000000),
	       mb_per_second(bytes, ns_r),
	       (unsigned long long)(cpu_r / 1000000),
	       mb_per_second(bytes, cpu_r), kib_r);
	printf("  import camt   wall %6llu ms %4llu MB/s  cpu %6llu ms %4llu "
	       "MB/s %8llu rows/s  peak %6ld KiB\n",
	       (unsigned long long)(ns_x / 1000000),
	       mb_per_second(bytes, ns_x),
	       (unsigned long long)(cpu_x / 1000000),
	       mb_per_second(bytes, cpu_x), bench_per_second(rows, cpu_x),
	       kib_x);
	printf("  import csv    wall %6llu ms            cpu %6llu ms          "
	       "%8llu rows/s  peak %6ld KiB\n",
	       (unsigned long long)(ns_c / 1000000),
	       (unsigned long long)(cpu_c / 1000000),
	       bench_per_second(rows, cpu_c), kib_c);
	printf("  camt rows/s = %llu%% of the csv import's (cpu)\n",
	       cpu_x ? (unsigned long long)(cpu_c * 100 / cpu_x) : 0);
	remove(xml);
	remove(csv);
	return 0;
}

int
main(int argc, char **argv)
{
	const char *proceeds = "./proceeds";
	char dir[] = "/tmp/proceeds-bench-camt-XXXXXX";
	char cmd[600];
	int i;

	for (i = 1; i + 1 < argc; i++)
		if (strcmp(argv[i], "--proceeds") == 0)
			proceeds = argv[++i];
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	printf("proceeds %s camt.053 benchmark (deterministic data, seed "
	       "20260101; target >= 50 MB/s, flat peak memory)\n",
	       pr_version());
	if (one_size(proceeds, dir, 100000) != 0 ||
	    one_size(proceeds, dir, 1000000) != 0) {
		fprintf(stderr, "benchmark failed\n");
		return 2;
	}
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : 2;
}
