/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * make bench: matching speed. Builds deterministic cases (splitmix64,
 * fixed seed) of N flows across 10^4 accounts, half of them transfers
 * seen on both sides (a debit in one account, the credit in another up
 * to two days later, each naming the other masked as "***0123") and half
 * seen once, straight into the case with SQL,
 * then times pr_match in a child process and reads its peak memory.
 * Prints N = 10^5 and 10^6 so the growth can be seen.
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

/* A case of n flows: n/2 transfers (two rows each), n/2 single rows. */
static int
build(const char *path, long n)
{
	pr_store *st = NULL;
	sqlite3_stmt *s = NULL;
	pr_error err;
	uint64_t seed = 20261124;
	long i, line = 1;
	int rc = -1;

	unlink(path);
	if (pr_store_open(&st, path, PR_STORE_CREATE, &err) != PR_OK) {
		fprintf(stderr, "bench_match: %s\n", err.msg);
		return -1;
	}
	if (bench_case_begin(st->db, ACCOUNTS, &s) != 0)
		goto done;
	for (i = 0; i < n; i++) {
		int a = 1 + (int)(splitmix(&seed) % ACCOUNTS);
		int date = 19000 + (int)(splitmix(&seed) % 730);
		/* amounts up to 10^7.00: equal amounts near in time are rare
		 * but happen, as in life */
		long long amt = 1 + (long long)(splitmix(&seed) % 1000000000);

		if (i % 2 == 0) {
			int b = 1 + (int)(splitmix(&seed) % (ACCOUNTS - 1));

			if (b >= a)
				b++;
			char to[40], from[40];

			/* as banks print them: the other side masked */
			snprintf(to, sizeof(to), "TRANSFER TO ***%04d",
				 b % 10000);
			snprintf(from, sizeof(from), "TRANSFER FROM ***%04d",
				 a % 10000);
			if (bench_row(s, line++, a, date, -amt, to) ||
			    bench_row(s, line++, b,
				      date + (int)(splitmix(&seed) % 3),
				amt, from))
				goto done;
		} else if (bench_row(s, line++, a, date, (splitmix(&seed) & 1) ?
			       amt : -amt, "CARD PURCHASE")) {
			goto done;
		}
	}
	if (bench_sql(st->db, "COMMIT"))
		goto done;
	rc = 0;
done:
	sqlite3_finalize(s);
	pr_store_close(st);
	return rc;
}

/* Match in a child, so that its peak memory is its own. */
static int
measure(const char *path, long n)
{
	struct rusage ru;
	int fd[2], status;
	char buf[256] = "";
	pid_t pid;

	if (pipe(fd) != 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		pr_store *st = NULL;
		pr_flows *f = NULL;
		pr_error err;
		uint64_t t0, t1;
		int len;

		close(fd[0]);
		if (pr_store_open(&st, path, PR_STORE_READONLY, &err) !=
		    PR_OK)
			_exit(2);
		t0 = now_ns();
		if (pr_match(&f, st, NULL, &err) != PR_OK) {
			fprintf(stderr, "bench_match: %s\n", err.msg);
			_exit(2);
		}
		t1 = now_ns();
		len = snprintf(buf, sizeof(buf), "%6llu ms  evidence %llu  "
			       "flows %lu  joined %llu  issues %lu",
			       (unsigned long long)((t1 - t0) / 1000000),
			       (unsigned long long)pr_flows_evidence(f),
			       (unsigned long)pr_flows_count(f),
			       (unsigned long long)pr_flows_joined(f),
			       (unsigned long)pr_flows_issue_count(f));
		if (write(fd[1], buf, (size_t)len) != len)
			_exit(2);
		pr_flows_free(f);
		pr_store_close(st);
		_exit(0);
	}
	close(fd[1]);
	if (pid < 0) {
		close(fd[0]);
		return -1;
	}
	if (read(fd[0], buf, sizeof(buf) - 1) < 0)
		buf[0] = '\0';
	close(fd[0]);
	if (wait4(pid, &status, 0, &ru) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		return -1;
	printf("%8ld flows  match %s  peak %ld KiB\n", n, buf, ru.ru_maxrss);
	fflush(stdout);
	return 0;
}

int
main(void)
{
	static const long sizes[] = { 100000, 1000000 };
	char dir[] = "/tmp/proceeds-bench-match.XXXXXX";
	char path[64];
	size_t i;
	int rc = 0;

	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	snprintf(path, sizeof(path), "%s/case.db", dir);
	printf("matching: %d accounts, half the flows seen on both sides\n",
	       ACCOUNTS);
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]) && rc == 0; i++)
		if (build(path, sizes[i]) != 0 || measure(path, sizes[i]) != 0)
			rc = 2;
	unlink(path);
	snprintf(path, sizeof(path), "%s/case.db-wal", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/case.db-shm", dir);
	unlink(path);
	rmdir(dir);
	if (rc == 0)
		printf("target: matching 10^6 flows in under 3 s\n");
	return rc;
}
