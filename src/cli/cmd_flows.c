/* SPDX-License-Identifier: GPL-3.0-or-later */
/* proceeds flows: each movement of money once, with its evidence. */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

static void
help(void)
{
	printf("Usage: proceeds -C CASE flows [--window DAYS] "
	       "[--fee-tolerance AMOUNT]\n"
	       "                              [--joined] [--format "
	       "table|csv|json]\n\n"
	       "Join the evidence of each movement of money (bank rows, "
	       "wire records,\non-chain outputs, exchange rows, closing "
	       "funding lines) into one flow,\nand list the flows with "
	       "every piece of evidence and the basis of each\njoin "
	       "(docs/matching.md). Reads the case only.\n\n"
	       "Options:\n"
	       "  -w, --window DAYS          business days between the "
	       "sides of a flow\n"
	       "                             (default 3)\n"
	       "  -t, --fee-tolerance AMOUNT the most an intermediary may "
	       "deduct from a\n"
	       "                             wire, in its currency "
	       "(default 50)\n"
	       "  -j, --joined               only flows with two or more "
	       "pieces of evidence\n"
	       "  -f, --format F             table (default), csv or "
	       "json\n"
	       "  -h, --help                 show this help\n\n"
	       "Exit status: 0, or 2 on an error. Ambiguous, unmatched "
	       "and conflicting\nevidence is listed by proceeds "
	       "reconcile.\n");
}


int
cmd_flows(struct cli *cli)
{
	static const struct option opts[] = {
		{ "window", required_argument, NULL, 'w' },
		{ "fee-tolerance", required_argument, NULL, 't' },
		{ "joined", no_argument, NULL, 'j' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	pr_match_options mo = PR_MATCH_OPTIONS_INIT;
	pr_format fmt = PR_FORMAT_TABLE;
	pr_flows *f = NULL;
	pr_store *st = NULL;
	pr_error err;
	int c, rc, joined = 0;

	pr_error_clear(&err);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(cli->argc, cli->argv, "w:t:jf:h", opts,
				NULL)) != -1) {
		switch (c) {
		case 'h':
			help();
			return EXIT_CLEAN;
		case 'j':
			joined = 1;
			break;
		case 'f':
			if (pr_format_parse(&fmt, optarg, &err) != PR_OK) {
				die_usage("flows", "expected --format table, "
					  "csv or json");
				return EXIT_TROUBLE;
			}
			break;
		case 'w':
		case 't':
			if (match_option(c, optarg, &mo) != 0) {
				die_usage("flows", "--window takes a number "
					  "of business days from 0 to 365");
				return EXIT_TROUBLE;
			}
			break;
		default:
			die_usage("flows", "unknown or incomplete option "
				  "'%s'", cli->argv[optind - 1]);
			return EXIT_TROUBLE;
		}
	}
	if (optind < cli->argc) {
		die_usage("flows", "unexpected argument '%s'",
			  cli->argv[optind]);
		return EXIT_TROUBLE;
	}
	rc = open_case(&st, cli, PR_STORE_READONLY);
	if (rc != EXIT_CLEAN)
		return rc;
	output_format(fmt);
	if (pr_match(&f, st, &mo, &err) != PR_OK ||
	    pr_report_flows(stdout, f, fmt, joined, &err) != PR_OK)
		rc = report_error(&err);
	pr_flows_free(f);
	pr_store_close(st);
	return rc;
}
