/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * make bench: `proceeds exhibit` end to end, as a user runs it, at 10^5
 * and 10^6 flows (10^7 too with BENCH_BIG=1; BENCH_FLOWS=N for one size),
 * on the case bench_trace traces (bench_flows_case in bench_util.h) over
 * 1,000 accounts and 100 victims: wall time and peak memory of the
 * command (wait4), the size of what it wrote, and, to tell what part is
 * tracing and what part is writing, the same for `trace --compare` (the
 * gate, the matcher and every rule) and `schedule` on the same case.
 * What exhibit takes beyond those two is the lineage of each scheduled
 * item (one more trace each, until the trace is built once from the
 * flow graph: issue 12), restitution, and making and writing the files.
 * BENCH_CASE=PATH only builds the case (of BENCH_FLOWS flows) there.
 */
#define _DEFAULT_SOURCE 1 /* wait4 */
#include "config.h"
#include "common.h"
#include "store.h"
#include "bench_util.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ACCOUNTS 1000
#define VICTIMS 100

/*
 * exhibit certifies only a case whose custody log verifies: one entry
 * that records both documents (given hashes of their own) and seals
 * every row written so far, as an import would have.
 */
static int
custody(pr_store *st)
{
	sqlite3_stmt *s = NULL;
	pr_error err;
	int t;

	if (pr_store_begin(st, &err) != PR_OK)
		goto fail;
	for (t = 0; t < PR__N_SEALED; t++)
		st->seal_after[t] = 0;
	if (sqlite3_prepare_v2(st->db, "UPDATE document SET sha256 = "
			       "printf('%064d', id), log_seq = ?1", -1, &s,
			       NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(s, 1, st->next_seq);
	if (sqlite3_step(s) != SQLITE_DONE) {
		sqlite3_finalize(s);
		return -1;
	}
	sqlite3_finalize(s);
	st->pending_docs = pr__calloc(2, sizeof(char *));
	if (st->pending_docs == NULL)
		return -1;
	st->pending_docs[0] = pr__strdup("000000000000000000000000000000"
					 "0000000000000000000000000000000001");
	st->pending_docs[1] = pr__strdup("000000000000000000000000000000"
					 "0000000000000000000000000000000002");
	st->n_pending = 2;
	if (pr_store_commit(st, "bench", 0, NULL, "", &err) != PR_OK)
		goto fail;
	return 0;
fail:
	fprintf(stderr, "bench_exhibit: custody: %s\n", err.msg);
	return -1;
}

static int
build(const char *path, long n, long *rows)
{
	const struct bench_flows f = { n, ACCOUNTS, VICTIMS };
	pr_store *st = NULL;
	pr_error err;
	int rc;

	unlink(path);
	if (pr_store_open(&st, path, PR_STORE_CREATE, &err) != PR_OK) {
		fprintf(stderr, "bench_exhibit: %s\n", err.msg);
		return -1;
	}
	rc = bench_flows_case(st->db, &f, rows);
	if (rc != 0)
		fprintf(stderr, "bench_exhibit: cannot build: %s\n",
			sqlite3_errmsg(st->db));
	if (rc == 0)
		rc = custody(st);
	pr_store_close(st);
	return rc;
}

/* The files of dir: their total size (bytes) and the number of rows of
 * flows.csv (lines less the header); removes them and dir. */
static void
sweep(const char *dir, unsigned long long *bytes, long *flow_rows)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char p[512];

	*bytes = 0;
	*flow_rows = -1;
	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		struct stat sb;

		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		if (stat(p, &sb) == 0)
			*bytes += (unsigned long long)sb.st_size;
		if (strcmp(e->d_name, "flows.csv") == 0) {
			FILE *fp = fopen(p, "r");
			int ch;

			*flow_rows = -1;
			while (fp != NULL && (ch = getc(fp)) != EOF)
				if (ch == '\n')
					(*flow_rows)++;
			if (fp != NULL)
				fclose(fp);
		}
		unlink(p);
	}
	closedir(d);
	rmdir(dir);
}

static void
line(long flows, const char *what, uint64_t ns, long kib, const char *note)
{
	printf("%9ld  %-16s %8.1f %9ld  %s\n", flows, what,
	       (double)ns / 1e9, kib, note);
	fflush(stdout);
}

static int
one_size(const char *proceeds, const char *dir, long n)
{
	char cs[256], out[256], note[160];
	char *ex[] = { (char *)proceeds, "-C", cs, "exhibit", "--out", out,
		       NULL };
	char *tc[] = { (char *)proceeds, "-C", cs, "trace", "--compare",
		       "--format", "csv", NULL };
	char *sc[] = { (char *)proceeds, "-C", cs, "schedule", "--format",
		       "csv", NULL };
	unsigned long long bytes;
	uint64_t t0 = now_ns(), ns = 0;
	long rows = 0, kib = 0, frows;
	int rc;

	snprintf(cs, sizeof(cs), "%s/case.db", dir);
	snprintf(out, sizeof(out), "%s/exhibits", dir);
	if (build(cs, n, &rows) != 0)
		return -1;
	snprintf(note, sizeof(note), "%ld bank rows", rows);
	line(n, "(build)", now_ns() - t0, 0, note);
	rc = bench_run(ex, "/dev/null", &ns, &kib);
	sweep(out, &bytes, &frows);
	if (rc != 0 && rc != 1) {
		fprintf(stderr, "bench_exhibit: exhibit exited %d\n", rc);
		return -1;
	}
	snprintf(note, sizeof(note), "%.1f MiB written, flows.csv %ld rows",
		 (double)bytes / 1048576.0, frows);
	line(n, "exhibit", ns, kib, note);
	rc = bench_run(tc, "/dev/null", &ns, &kib);
	if (rc != 0 && rc != 1)
		return -1;
	line(n, "trace --compare", ns, kib, "(part of exhibit)");
	rc = bench_run(sc, "/dev/null", &ns, &kib);
	if (rc != 0 && rc != 1)
		return -1;
	line(n, "schedule", ns, kib, "(part of exhibit)");
	return 0;
}

int
main(int argc, char **argv)
{
	static const long sizes[] = { 100000, 1000000, 10000000 };
	const char *proceeds = "./proceeds";
	const char *big = getenv("BENCH_BIG"), *only = getenv("BENCH_FLOWS");
	char dir[] = "/tmp/proceeds-bench-exhibit.XXXXXX";
	char path[128];
	size_t i, n_sizes = 2;
	int k, rc = 0;

	for (k = 1; k + 1 < argc; k++)
		if (strcmp(argv[k], "--proceeds") == 0)
			proceeds = argv[++k];
	/* BENCH_CASE=PATH: only build the case there (for perf) */
	if (getenv("BENCH_CASE") != NULL && *getenv("BENCH_CASE")) {
		long rows = 0;

		return build(getenv("BENCH_CASE"), only != NULL && *only ?
			     strtol(only, NULL, 10) : sizes[0], &rows) == 0 ?
		       0 : 2;
	}
	if (big != NULL && strcmp(big, "1") == 0)
		n_sizes = 3;
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	printf("exhibit, end to end through the CLI: %d accounts, %d "
	       "victims (bench_flows_case)\n%9s  %-16s %8s %9s  %s\n",
	       ACCOUNTS, VICTIMS, "flows", "command", "wall s", "peak KiB",
	       "notes");
	for (i = 0; i < n_sizes && rc == 0; i++) {
		long n = sizes[i];

		if (only != NULL && *only) {
			if (i > 0)
				break;
			n = strtol(only, NULL, 10);
		}
		if (one_size(proceeds, dir, n) != 0)
			rc = 2;
		snprintf(path, sizeof(path), "%s/case.db", dir);
		unlink(path);
		snprintf(path, sizeof(path), "%s/case.db-wal", dir);
		unlink(path);
		snprintf(path, sizeof(path), "%s/case.db-shm", dir);
		unlink(path);
	}
	rmdir(dir);
	if (rc == 0)
		printf("target: exhibit at 10^6 flows in under 60 s and "
		       "4 GiB\n");
	return rc;
}
