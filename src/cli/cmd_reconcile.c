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
		{ "window", required_argument, NULL, 'w' },
		{ "fee-tolerance", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	pr_match_options mo = PR_MATCH_OPTIONS_INIT;
	pr_format fmt = PR_FORMAT_TABLE;
	pr_flows *f = NULL;
	pr_recon *r = NULL;
	pr_store *st = NULL;
	pr_error err;
	int c, rc;

	pr_error_clear(&err);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(cli->argc, cli->argv, "f:w:t:h", opts,
				NULL)) !=
	       -1) {
		switch (c) {
		case 'f':
			if (pr_format_parse(&fmt, optarg, &err) != PR_OK) {
				die_usage("reconcile", "%s", err.msg);
				return EXIT_TROUBLE;
			}
			break;
		case 'w':
		case 't':
			if (match_option(c, optarg, &mo) != 0) {
				die_usage("reconcile", "--window takes a "
					  "number of business days from 0 to "
					  "365");
				return EXIT_TROUBLE;
			}
			break;
		case 'h':
			printf("Usage: proceeds -C CASE reconcile [--format "
			       "table|csv|json] [--window DAYS]\n"
			       "                                  "
			       "[--fee-tolerance AMOUNT]\n\n"
			       "For every account and statement period: "
			       "opening + credits - debits\nagainst the "
			       "stated closing balance, to the unit; rows "
			       "whose running\nbalance breaks; missing, "
			       "overlapping and uncovered periods; closing\n"
			       "balances not carried to the next opening; "
			       "duplicate rows within and\nacross documents. "
			       "Then the matcher's findings (docs/matching.md):"
			       "\nambiguous evidence, evidence whose other side"
			       " should be in the case\nbut is not, "
			       "conflicting references, decisions not applied."
			       "\n--window and --fee-tolerance are as for "
			       "proceeds flows.\n\n"
			       "Exit status: 0 everything reconciled, 1 "
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
	output_format(fmt);
	if (pr_recon_run(&r, st, &err) != PR_OK ||
	    pr_match(&f, st, &mo, &err) != PR_OK ||
	    pr_report_recon_flows(stdout, r, f, fmt, &err) != PR_OK) {
		pr_recon_free(r);
		pr_flows_free(f);
		pr_store_close(st);
		return report_error(&err);
	}
	rc = pr_recon_ok(r) && pr_flows_issue_count(f) == 0 ? EXIT_CLEAN :
	     EXIT_DIFFERENCES;
	pr_recon_free(r);
	pr_flows_free(f);
	pr_store_close(st);
	return rc;
}
