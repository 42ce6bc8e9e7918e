/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * make bench: tracing speed. Builds deterministic cases (splitmix64,
 * fixed seed) of N flows across 10^4 accounts and 100 victims straight
 * into the case with SQL, then builds the flow graph (pr_flows_build:
 * reconcile gate and match) and traces it (pr_trace_run) under every rule in a child process each and reads its peak
 * memory and CPU time (the child's whole life: on a busy machine a
 * fairer figure than the wall time of the call, which is also shown).
 * A first child times pr_recon_run and pr_match alone, to tell what
 * part of the whole is the gate and matching; each rule's line also
 * shows its wall time less that ("over the parts": pr_flows_build shares
 * one scan of the rows between the gate and the matcher, so this is
 * less than the tracing pass alone). N = 10^5 and 10^6; 10^7
 * too when BENCH_BIG=1.
 *
 * Flows are generated in date order and line order, which is the order
 * the trace follows, and an account is only debited what it holds, so
 * the trace meets no shortfall unless the matcher joins differently:
 *  - half are transfers seen on both sides (the debit names the other
 *    account masked, "***0123"; the credit up to two days later);
 *  - a quarter are inflows from outside (a credit alone), a fifth of
 *    them into the 100 accounts designated as one victim's each;
 *  - a quarter are outflows to outside (a debit alone).
 * Each account gets one statement over all the dates, opening at 0 and
 * closing at what its rows sum to, so the reconcile gate passes.
 */
#define _DEFAULT_SOURCE 1 /* wait4 */
#include "config.h"
#include "common.h"
#include "store.h"
#include "bench_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/wait.h>

#define ACCOUNTS 10000
#define VICTIMS 100

/* A case of n flows (bench_flows_case, shared with bench_exhibit). */
static int
build(const char *path, long n, long *rows_out)
{
	const struct bench_flows f = { n, ACCOUNTS, VICTIMS };
	pr_store *st = NULL;
	pr_error err;
	int rc;

	unlink(path);
	if (pr_store_open(&st, path, PR_STORE_CREATE, &err) != PR_OK) {
		fprintf(stderr, "bench_trace: %s\n", err.msg);
		return -1;
	}
	rc = bench_flows_case(st->db, &f, rows_out);
	if (rc != 0)
		fprintf(stderr, "bench_trace: cannot build: %s\n",
			sqlite3_errmsg(st->db));
	pr_store_close(st);
	return rc;
}

/*
 * Run in a child, so that its peak memory is its own: method < 0 times
 * the reconcile and pr_match alone, else pr_trace_run under the method.
 * The child writes its line to a pipe; the parent adds the peak.
 */
static int
measure(const char *path, long n, int method, long long *parts_ms)
{
	struct rusage ru;
	int fd[2], status;
	char buf[256] = "", *notes, step[48] = "";
	long long wall;
	long long cpu;
	ssize_t got;
	pid_t pid;

	if (pipe(fd) != 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		pr_trace_options o = PR_TRACE_OPTIONS_INIT;
		pr_store *st = NULL;
		pr_recon *r = NULL;
		pr_trace *t = NULL;
		pr_flows *f = NULL;
		pr_error err;
		uint64_t t0, t1, t2;
		int len;

		close(fd[0]);
		if (pr_store_open(&st, path, PR_STORE_READONLY, &err) !=
		    PR_OK)
			_exit(2);
		if (method < 0) {
			t0 = now_ns();
			if (pr_recon_run(&r, st, &err) != PR_OK)
				goto fail;
			t1 = now_ns();
			if (pr_match(&f, st, NULL, &err) != PR_OK)
				goto fail;
			t2 = now_ns();
			len = snprintf(buf, sizeof(buf), "%-11s %7llu|"
				       "recon %llu + match %llu, %lu "
				       "issues", "(parts)",
				       (unsigned long long)((t2 - t0) /
							    1000000),
				       (unsigned long long)((t1 - t0) /
							    1000000),
				       (unsigned long long)((t2 - t1) /
							    1000000),
				       (unsigned long)pr_flows_issue_count(f));
		} else {
			o.method = (pr_trace_method)method;
			t0 = now_ns();
			if (pr_flows_build(&f, st, NULL, &err) != PR_OK ||
			    pr_trace_run(&t, f, &o, &err) != PR_OK)
				goto fail;
			t1 = now_ns();
			len = snprintf(buf, sizeof(buf), "%-11s %7llu|"
				       "%lu warnings",
				       pr_trace_method_name(o.method),
				       (unsigned long long)((t1 - t0) /
							    1000000),
				       (unsigned long)
				       pr_trace_warning_count(t));
		}
		if (write(fd[1], buf, (size_t)len) != len)
			_exit(2);
		pr_trace_free(t);
		pr_flows_free(f);
		pr_recon_free(r);
		pr_store_close(st);
		_exit(0);
fail:
		fprintf(stderr, "bench_trace: %s\n", err.msg);
		_exit(2);
	}
	close(fd[1]);
	if (pid < 0) {
		close(fd[0]);
		return -1;
	}
	got = read(fd[0], buf, sizeof(buf) - 1);
	buf[got > 0 ? got : 0] = '\0';
	close(fd[0]);
	if (wait4(pid, &status, 0, &ru) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		return -1;
	notes = strchr(buf, '|');
	if (notes == NULL)
		return -1;
	*notes++ = '\0';
	wall = atoll(buf + 11);
	if (method < 0)
		*parts_ms = wall;
	cpu = ((long long)ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000 +
	      (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000;
	/* what tracing adds to the gate and matching it runs first */
	if (method >= 0)
		snprintf(step, sizeof(step), "over the parts %lld ms, ",
			 wall - *parts_ms);
	printf("%8ld  %s %7lld %9ld  %s%s\n", n, buf, cpu, ru.ru_maxrss,
	       step, notes);
	fflush(stdout);
	return 0;
}

static void
remove_case(const char *dir)
{
	static const char *const files[] = {
		"case.db", "case.db-wal", "case.db-shm", "case.db-journal"
	};
	char path[96];
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		unlink(path);
	}
}

/*
 * BENCH_BIG=1 adds 10^7 flows; BENCH_METHOD=fifo (say) runs that rule
 * alone, for perf record. BENCH_CASE=PATH only writes the case of
 * BENCH_N flows (default 10^5) to PATH, to run the commands on it (as
 * when comparing two builds' outputs to the byte).
 */
int
main(void)
{
	static const long sizes[] = { 100000, 1000000, 10000000 };
	const char *big = getenv("BENCH_BIG");
	const char *only = getenv("BENCH_METHOD");
	char dir[] = "/tmp/proceeds-bench-trace.XXXXXX";
	char path[96];
	size_t i, n_sizes = 2;
	int m, one = -1, rc = 0;

	if (getenv("BENCH_CASE") != NULL) {
		const char *nv = getenv("BENCH_N");
		long rows = 0;

		return build(getenv("BENCH_CASE"), nv ? atol(nv) : 100000,
			     &rows) != 0 ? 2 : 0;
	}
	if (big != NULL && strcmp(big, "1") == 0)
		n_sizes = 3;
	if (only != NULL && *only) {
		pr_trace_method tm;
		pr_error err;

		if (pr_trace_method_parse(&tm, only, &err) != PR_OK) {
			fprintf(stderr, "bench_trace: BENCH_METHOD: %s\n",
				err.msg);
			return 2;
		}
		one = (int)tm;
	}
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	snprintf(path, sizeof(path), "%s/case.db", dir);
	printf("tracing: %d accounts, %d victims; half the flows transfers "
	       "seen on both\nsides, a quarter inflows (a fifth of them "
	       "a victim's), a quarter outflows\n"
	       "%8s  %-11s %7s %7s %9s  %s\n", ACCOUNTS, VICTIMS,
	       "flows", "rule", "wall ms", "cpu ms", "peak KiB", "notes");
	for (i = 0; i < n_sizes && rc == 0; i++) {
		uint64_t t0 = now_ns();
		long long parts = 0;
		long rows = 0;

		if (build(path, sizes[i], &rows) != 0) {
			rc = 2;
			break;
		}
		printf("%8ld  %-11s %7llu %17s  %ld rows\n", sizes[i],
		       "(build)", (unsigned long long)((now_ns() - t0) /
						       1000000), "", rows);
		fflush(stdout);
		if (measure(path, sizes[i], -1, &parts) != 0)
			rc = 2;
		for (m = 0; m < PR_METHOD_COUNT && rc == 0; m++)
			if ((one < 0 || m == one) &&
			    measure(path, sizes[i], m, &parts) != 0)
				rc = 2;
		remove_case(dir);
	}
	remove_case(dir);
	rmdir(dir);
	if (rc == 0)
		printf("targets: 10^6 flows under any rule in under 2 s; "
		       "10^7 in under 60 s\nand 4 GiB (10^7 runs with "
		       "BENCH_BIG=1)\n");
	return rc;
}
