/* SPDX-License-Identifier: GPL-3.0-or-later */
/* proceeds init: create a case. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

int
cmd_init(struct cli *cli)
{
	pr_store *st = NULL;
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
	/* the library writes the case whole, its first log entry included,
	 * or not at all */
	rc = open_case(&st, cli, PR_STORE_CREATE | PR_STORE_LOG_INIT);
	if (rc != EXIT_CLEAN)
		return rc;
	pr_store_close(st);
	printf("created case %s (schema version %d)\n", cli->case_path,
	       pr_store_schema_version());
	return EXIT_CLEAN;
}
