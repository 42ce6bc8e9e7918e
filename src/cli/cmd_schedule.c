/* SPDX-License-Identifier: GPL-3.0-or-later */
/* proceeds schedule: the forfeiture schedule under a tracing rule. */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>

static void
help(void)
{
	printf("Usage: proceeds -C CASE schedule [--method M] "
	       "[trace options] [--format table|csv|json]\n\n"
	       "The forfeiture schedule (docs/schedule.md): one item per "
	       "account, address\nand asset that holds a victim's traced "
	       "money under the rule, or that any\nof it reached (poison: "
	       "involved in laundering), with its class,\nidentifier, "
	       "titled owner or nominee, acquisition date and cost, value "
	       "and\nvaluation date, the traced amount and share per "
	       "victim, the proportional\nshare and the lien (cost) figure "
	       "of an asset, the whole when involved in\nlaundering, the "
	       "statutory basis, the 984 window of bank funds, and what\n"
	       "supports it. Then per defendant: what he obtained, the "
	       "specific property,\nthe money judgment for the rest and "
	       "candidate substitute assets. Reads the\ncase only.\n\n"
	       "Options:\n%s"
	       "  -f, --format F          table (default), csv or json\n"
	       "  -h, --help              show this help\n\n"
	       "Exit status: 0; 2 on an error, or when an account does not "
	       "reconcile\n(without --allow-unreconciled).\n",
	       TRACE_OPTIONS_HELP);
}

int
cmd_schedule(struct cli *cli)
{
	static const struct option opts[] = {
		TRACE_LONG_OPTIONS,
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	pr_trace_options to = PR_TRACE_OPTIONS_INIT;
	pr_match_options mo = PR_MATCH_OPTIONS_INIT;
	pr_format fmt = PR_FORMAT_TABLE;
	pr_schedule *s = NULL;
	pr_flows *f = NULL;
	pr_store *st = NULL;
	pr_error err;
	int c, rc;

	pr_error_clear(&err);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(cli->argc, cli->argv, "m:w:t:f:h", opts,
				NULL)) != -1) {
		int t = trace_option("schedule", c, optarg, &to, &mo);

		if (t < 0)
			return EXIT_TROUBLE;
		if (t > 0)
			continue;
		if (c == 'h') {
			help();
			return EXIT_CLEAN;
		}
		if (c == 'f') {
			if (pr_format_parse(&fmt, optarg, &err) != PR_OK) {
				die_usage("schedule", "expected --format "
					  "table, csv or json");
				return EXIT_TROUBLE;
			}
			continue;
		}
		die_usage("schedule", "unknown or incomplete option '%s'",
			  cli->argv[optind - 1]);
		return EXIT_TROUBLE;
	}
	if (optind < cli->argc) {
		die_usage("schedule", "unexpected argument '%s'",
			  cli->argv[optind]);
		return EXIT_TROUBLE;
	}
	rc = open_case(&st, cli, PR_STORE_READONLY);
	if (rc != EXIT_CLEAN)
		return rc;
	output_format(fmt);
	if (pr_flows_build(&f, st, &mo, &err) != PR_OK ||
	    pr_schedule_run(&s, f, &to, &err) != PR_OK ||
	    pr_report_schedule(stdout, s, fmt, &err) != PR_OK)
		rc = report_error(&err);
	else
		rc = finish_output();
	pr_schedule_free(s);
	pr_flows_free(f);
	pr_store_close(st);
	return rc;
}
