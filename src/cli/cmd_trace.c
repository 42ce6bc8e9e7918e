/* SPDX-License-Identifier: GPL-3.0-or-later */
/* proceeds trace: each victim's money, under a rule or all of them. */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
help(void)
{
	printf("Usage: proceeds -C CASE trace [--method M | --compare] "
	       "[--victims-fifo]\n"
	       "       [--fee-pro-rata] [--as-of DATE] [--intraday ORDER] "
	       "[--allow-unreconciled]\n"
	       "       [--lineage HOLDER]\n"
	       "       [--window DAYS] [--fee-tolerance AMOUNT] "
	       "[--format table|csv|json]\n\n"
	       "Follow each victim's proceeds (the designations) through "
	       "the flows of the\ncase to the accounts, addresses and "
	       "assets that hold them now, and to\nwhere they left the "
	       "case (docs/tracing.md). Reads the case only.\n\n"
	       "Options:\n"
	       "  -c, --compare           every method side by side\n"
	       "      --lineage HOLDER    also the chain of flows that "
	       "carried each victim's\n"
	       "                          money into HOLDER (an account, "
	       "address or asset\n"
	       "                          as the trace names it, or the "
	       "start of its name)\n"
	       "%s"
	       "  -f, --format F          table (default), csv or json\n"
	       "  -h, --help              show this help\n\n"
	       "Exit status: 0; 2 on an error, or when an account does not "
	       "reconcile\n(without --allow-unreconciled).\n",
	       TRACE_OPTIONS_HELP);
}

int
cmd_trace(struct cli *cli)
{
	enum { O_LINEAGE = 1000 };
	static const struct option opts[] = {
		TRACE_LONG_OPTIONS,
		{ "compare", no_argument, NULL, 'c' },
		{ "lineage", required_argument, NULL, O_LINEAGE },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	pr_trace_options to = PR_TRACE_OPTIONS_INIT;
	pr_format fmt = PR_FORMAT_TABLE;
	pr_trace *tr[PR_METHOD_COUNT] = { NULL };
	pr_match_options mo = PR_MATCH_OPTIONS_INIT;
	pr_store *st = NULL;
	pr_flows *f = NULL;
	pr_error err;
	int c, rc, compare = 0, method_given = 0, m;

	pr_error_clear(&err);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(cli->argc, cli->argv, "m:cw:t:f:h", opts,
				NULL)) != -1) {
		int t = trace_option("trace", c, optarg, &to, &mo);

		if (t < 0)
			return EXIT_TROUBLE;
		if (t > 0) {
			method_given |= c == 'm';
			continue;
		}
		switch (c) {
		case 'h':
			help();
			return EXIT_CLEAN;
		case 'c':
			compare = 1;
			break;
		case O_LINEAGE:
			to.lineage = optarg;
			break;
		case 'f':
			if (pr_format_parse(&fmt, optarg, &err) != PR_OK) {
				die_usage("trace", "expected --format table, "
					  "csv or json");
				return EXIT_TROUBLE;
			}
			break;
		default:
			die_usage("trace", "unknown or incomplete option "
				  "'%s'", cli->argv[optind - 1]);
			return EXIT_TROUBLE;
		}
	}
	if (optind < cli->argc) {
		die_usage("trace", "unexpected argument '%s'",
			  cli->argv[optind]);
		return EXIT_TROUBLE;
	}
	if (compare && to.lineage != NULL) {
		die_usage("trace", "--lineage is for one method: drop "
			  "--compare");
		return EXIT_TROUBLE;
	}
	if (compare && method_given) {
		die_usage("trace", "--compare shows every method: drop "
			  "--method");
		return EXIT_TROUBLE;
	}
	rc = open_case(&st, cli, PR_STORE_READONLY);
	if (rc != EXIT_CLEAN)
		return rc;
	output_format(fmt);
	rc = EXIT_CLEAN;
	/* one flow graph, traced under each rule */
	if (pr_flows_build(&f, st, &mo, &err) != PR_OK)
		rc = report_error(&err);
	for (m = 0; rc == EXIT_CLEAN && m < (compare ? PR_METHOD_COUNT : 1);
	     m++) {
		if (compare)
			to.method = (pr_trace_method)m;
		if (pr_trace_run(&tr[m], f, &to, &err) != PR_OK) {
			rc = report_error(&err);
			break;
		}
	}
	if (rc == EXIT_CLEAN &&
	    (compare ? pr_report_trace_compare(stdout, tr, PR_METHOD_COUNT,
					       fmt, &err) :
	     pr_report_trace(stdout, tr[0], fmt, &err)) != PR_OK)
		rc = report_error(&err);
	for (m = 0; m < PR_METHOD_COUNT; m++)
		pr_trace_free(tr[m]);
	pr_flows_free(f);
	pr_store_close(st);
	return rc;
}
