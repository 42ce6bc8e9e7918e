/* SPDX-License-Identifier: GPL-3.0-or-later */
/* proceeds reconcile: exit 0 when everything adds up, 1 when not. */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>

int
cmd_reconcile(struct cli *cli)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	pr_format fmt = PR_FORMAT_TABLE;
	pr_recon *r = NULL;
	pr_store *st = NULL;
	pr_error err;
	int c, rc;

	pr_error_clear(&err);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(cli->argc, cli->argv, "f:h", opts, NULL)) !=
	       -1) {
		switch (c) {
		case 'f':
			if (pr_format_parse(&fmt, optarg, &err) != PR_OK) {
				die_usage("reconcile", "%s", err.msg);
				return EXIT_TROUBLE;
			}
			break;
		case 'h':
			printf("Usage: proceeds -C CASE reconcile [--format "
			       "table|csv|json]\n\n"
			       "For every account and statement period: "
			       "opening + credits - debits\nagainst the "
			       "stated closing balance, to the unit; rows "
			       "whose running\nbalance breaks; missing, "
			       "overlapping and uncovered periods; closing\n"
			       "balances not carried to the next opening; "
			       "duplicate rows within and\nacross documents."
			       "\n\nExit status: 0 everything reconciled, 1 "
			       "something did not, 2 error.\n");
			return EXIT_CLEAN;
		default:
			die_usage("reconcile", "unknown or incomplete option "
				  "'%s'", cli->argv[optind - 1]);
			return EXIT_TROUBLE;
		}
	}
	if (optind < cli->argc) {
		die_usage("reconcile", "unexpected argument '%s'",
			  cli->argv[optind]);
		return EXIT_TROUBLE;
	}
	rc = open_case(&st, cli, PR_STORE_READONLY);
	if (rc != EXIT_CLEAN)
		return rc;
	if (pr_recon_run(&r, st, &err) != PR_OK ||
	    pr_report_recon(stdout, r, fmt, &err) != PR_OK) {
		pr_recon_free(r);
		pr_store_close(st);
		return report_error(&err);
	}
	rc = pr_recon_ok(r) ? EXIT_CLEAN : EXIT_DIFFERENCES;
	pr_recon_free(r);
	pr_store_close(st);
	return rc;
}
