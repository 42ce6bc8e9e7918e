/* SPDX-License-Identifier: GPL-3.0-or-later */
/* proceeds screen: every name and address of the case against OFAC's
 * lists (docs/screening.md). */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static void
help(void)
{
	printf("Usage: proceeds -C CASE screen [--threshold N] [--list DATE]"
	       "\n                              [--format table|csv|json]"
	       "\n\n"
	       "Screen every party, every counterparty name the records "
	       "carry (bank rows,\nwire originators and beneficiaries, "
	       "property owners, nominees and funding\nparties) and every "
	       "address on chain, in exchange rows and in control lines\n"
	       "against OFAC's lists as imported (proceeds import "
	       "sanctions). Names are\nnormalised and scored by "
	       "Jaro-Winkler in basis points, exactly; addresses\ncompare "
	       "exactly, EVM addresses case-insensitively "
	       "(docs/screening.md).\nEach hit shows its score, the list "
	       "entry, the name or wallet matched and\nthe rows "
	       "(document:line) where the case has it. Parties appear by "
	       "pseudonym.\n\n"
	       "Options:\n"
	       "  -T, --threshold N   the least score of a name hit, in "
	       "basis points\n"
	       "                      0..10000 (default %d)\n"
	       "  -l, --list DATE     the list published on DATE "
	       "(YYYY-MM-DD); default the\n"
	       "                      newest in the case\n"
	       "  -f, --format F      table (default), csv or json\n"
	       "  -h, --help          show this help\n\n"
	       "Exit status: 0 when nothing is on the list, 1 when there "
	       "is a hit, 2 on an\nerror (no list in the case, a bad "
	       "option).\n", PR_SCREEN_THRESHOLD);
}

static int
parse_threshold(int *out, const char *s)
{
	long v = 0;
	size_t i, n = strlen(s);

	if (n == 0 || n > 5)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (v > 10000)
		return -1;
	*out = (int)v;
	return 0;
}

int
cmd_screen(struct cli *cli)
{
	static const struct option opts[] = {
		{ "threshold", required_argument, NULL, 'T' },
		{ "list", required_argument, NULL, 'l' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	pr_format fmt = PR_FORMAT_TABLE;
	pr_screen_result *r = NULL;
	pr_sanctions *l = NULL;
	pr_store *st = NULL;
	pr_date published = 0;
	int threshold = PR_SCREEN_THRESHOLD;
	pr_error err;
	int c, rc;

	pr_error_clear(&err);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(cli->argc, cli->argv, "T:l:f:h", opts,
				NULL)) != -1) {
		switch (c) {
		case 'h':
			help();
			return EXIT_CLEAN;
		case 'T':
			if (parse_threshold(&threshold, optarg) != 0) {
				die_usage("screen", "--threshold takes basis "
					  "points from 0 to 10000");
				return EXIT_TROUBLE;
			}
			break;
		case 'l':
			if (pr_date_parse(&published, optarg, strlen(optarg),
					  "YYYY-MM-DD", &err) != PR_OK) {
				die_usage("screen", "--list takes a date as "
					  "YYYY-MM-DD");
				return EXIT_TROUBLE;
			}
			break;
		case 'f':
			if (pr_format_parse(&fmt, optarg, &err) != PR_OK) {
				die_usage("screen", "expected --format table, "
					  "csv or json");
				return EXIT_TROUBLE;
			}
			break;
		default:
			die_usage("screen", "unknown or incomplete option "
				  "'%s'", cli->argv[optind - 1]);
			return EXIT_TROUBLE;
		}
	}
	if (optind < cli->argc) {
		die_usage("screen", "unexpected argument '%s'",
			  cli->argv[optind]);
		return EXIT_TROUBLE;
	}
	rc = open_case(&st, cli, PR_STORE_READONLY);
	if (rc != EXIT_CLEAN)
		return rc;
	output_format(fmt);
	if (pr_sanctions_load(&l, st, published, &err) != PR_OK ||
	    pr_screen_case(&r, st, l, threshold, &err) != PR_OK ||
	    pr_report_screen(stdout, r, l, threshold, fmt, &err) != PR_OK)
		rc = report_error(&err);
	else if (pr_screen_result_count(r) > 0)
		rc = EXIT_DIFFERENCES;
	pr_screen_result_free(r);
	pr_sanctions_free(l);
	pr_store_close(st);
	return rc;
}
