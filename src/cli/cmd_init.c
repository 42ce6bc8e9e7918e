/* SPDX-License-Identifier: GPL-3.0-or-later */
/* proceeds init: create a case. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

/* A case that could not be started is not left half-made. */
static void
remove_case(const char *path)
{
	char side[4096];

	remove(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	remove(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	remove(side);
}

int
cmd_init(struct cli *cli)
{
	pr_store *st = NULL;
	pr_error err;
	int rc;

	if (want_help(cli->argc, cli->argv)) {
		printf("Usage: proceeds -C CASE init\n"
		       "Create a new, empty case file: a SQLite database with "
		       "a custody log.\nRefuses to overwrite an existing "
		       "file.\n");
		return EXIT_CLEAN;
	}
	if (cli->argc > 1) {
		die_usage("init", "unexpected argument '%s'", cli->argv[1]);
		return EXIT_TROUBLE;
	}
	rc = open_case(&st, cli, PR_STORE_CREATE);
	if (rc != EXIT_CLEAN)
		return rc;
	pr_error_clear(&err);
	if (pr_store_begin(st, &err) != PR_OK ||
	    pr_store_commit(st, "init", cli->argc - 1,
			    (const char *const *)cli->argv + 1,
			    "created case", &err) != PR_OK) {
		pr_store_close(st);
		remove_case(cli->case_path);
		return report_error(&err);
	}
	pr_store_close(st);
	printf("created case %s (schema version %d)\n", cli->case_path,
	       pr_store_schema_version());
	return EXIT_CLEAN;
}
