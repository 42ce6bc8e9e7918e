/* SPDX-License-Identifier: GPL-3.0-or-later */
/* proceeds documents: the source index of the case. */
#include "cli.h"

#include <stdio.h>

static int
print_doc(const pr_document *d, void *payload)
{
	(void)payload;
	printf("%4lld  %-10s %-12s %10llu %8llu  %s  %s\n", (long long)d->id,
	       d->kind, d->profile[0] ? d->profile : "-",
	       (unsigned long long)d->size, (unsigned long long)d->records,
	       d->sha256, d->name);
	return 0;
}

int
cmd_documents(struct cli *cli)
{
	pr_store *st = NULL;
	pr_error err;
	int rc;

	if (want_help(cli->argc, cli->argv)) {
		printf("Usage: proceeds -C CASE documents\n\n"
		       "List every imported document: id, kind, profile, size"
		       " in bytes,\nrecords, SHA-256 and name.\n");
		return EXIT_CLEAN;
	}
	if (cli->argc > 1) {
		die_usage("documents", "unexpected argument '%s'",
			  cli->argv[1]);
		return EXIT_TROUBLE;
	}
	rc = open_case(&st, cli, PR_STORE_READONLY);
	if (rc != EXIT_CLEAN)
		return rc;
	pr_error_clear(&err);
	printf("%4s  %-10s %-12s %10s %8s  %-64s  %s\n", "ID", "KIND",
	       "PROFILE", "BYTES", "RECORDS", "SHA-256", "NAME");
	if (pr_store_documents(st, print_doc, NULL, &err) != PR_OK)
		rc = report_error(&err);
	pr_store_close(st);
	return rc;
}
