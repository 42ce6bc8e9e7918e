/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sqlexec FILE SQL: run SQL on a case file as any SQLite client would
 * (foreign keys off, no proceeds code involved), for the CLI tests that
 * tamper with a case. Prints the rows of a query, one per line, columns
 * separated by '|'. Exit 0, or 1 with SQLite's message.
 */
#include "config.h"

#include <stdio.h>
#include <sqlite3.h>

static int
print_row(void *payload, int n, char **v, char **names)
{
	int i;

	(void)payload;
	(void)names;
	for (i = 0; i < n; i++)
		printf("%s%s", i ? "|" : "", v[i] ? v[i] : "");
	putchar('\n');
	return 0;
}

int
main(int argc, char **argv)
{
	sqlite3 *db = NULL;
	char *msg = NULL;
	int rc;

	if (argc != 3) {
		fprintf(stderr, "usage: sqlexec FILE SQL\n");
		return 2;
	}
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		fprintf(stderr, "sqlexec: %s: %s\n", argv[1],
			sqlite3_errmsg(db));
		sqlite3_close(db);
		return 1;
	}
	rc = sqlite3_exec(db, argv[2], print_row, NULL, &msg);
	if (rc != SQLITE_OK)
		fprintf(stderr, "sqlexec: %s\n", msg ? msg : "error");
	sqlite3_free(msg);
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : 1;
}
