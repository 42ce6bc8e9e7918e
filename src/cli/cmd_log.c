/* SPDX-License-Identifier: GPL-3.0-or-later */
/* proceeds log [--verify]: the custody log. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

static int
print_entry(const pr_log_entry *e, void *payload)
{
	(void)payload;
	printf("%lld %s %s %s\n    documents %s\n    result: %s\n    hash %s\n",
	       (long long)e->seq, e->at, e->command, e->args, e->documents,
	       e->result, e->hash);
	return 0;
}

int
cmd_log(struct cli *cli)
{
	pr_store *st = NULL;
	pr_error err;
	int verify = 0;
	int64_t bad = 0;
	int rc;

	if (want_help(cli->argc, cli->argv)) {
		printf("Usage: proceeds -C CASE log [--verify]\n\n"
		       "Print the custody log: one entry per command that "
		       "changed the case,\nwith its arguments, the SHA-256 of"
		       " the documents it imported, its result\nand a hash "
		       "chained to the entry before. --verify recomputes the "
		       "chain\nand exits 1 naming the first entry that was "
		       "edited or deleted.\n");
		return EXIT_CLEAN;
	}
	if (cli->argc == 2 && strcmp(cli->argv[1], "--verify") == 0) {
		verify = 1;
	} else if (cli->argc > 1) {
		die_usage("log", "unexpected argument '%s'", cli->argv[1]);
		return EXIT_TROUBLE;
	}
	rc = open_case(&st, cli, PR_STORE_READONLY);
	if (rc != EXIT_CLEAN)
		return rc;
	pr_error_clear(&err);
	if (!verify) {
		if (pr_log_foreach(st, print_entry, NULL, &err) != PR_OK)
			rc = report_error(&err);
		pr_store_close(st);
		return rc;
	}
	rc = pr_log_verify(st, &bad, &err);
	pr_store_close(st);
	if (rc == PR_EINVALID) {
		fprintf(stderr, "%s: %s: %s\n", progname, cli->case_path,
			err.msg);
		return EXIT_DIFFERENCES;
	}
	if (rc != PR_OK)
		return report_error(&err);
	printf("custody log intact\n");
	return EXIT_CLEAN;
}
