/* SPDX-License-Identifier: GPL-3.0-or-later */
/* proceeds exhibit: write the court exhibits to a directory; proceeds
 * verify: recompute one from the case and compare. */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
help_exhibit(void)
{
	printf("Usage: proceeds -C CASE exhibit --out DIR [--force] "
	       "[--method M] [--victims-fifo]\n"
	       "       [--fee-pro-rata] [--as-of DATE] [--intraday ORDER] "
	       "[--allow-unreconciled]\n"
	       "       [--window DAYS] [--fee-tolerance AMOUNT]\n\n"
	       "Write the court exhibits of the case into DIR "
	       "(docs/exhibits.md):\n"
	       "reconciliation, flows, the trace under the rule and under "
	       "every rule, the\nsource index, the analyst's decisions and "
	       "designations (CSV and JSON),\nthe flow-of-funds chart "
	       "(Graphviz DOT and SVG), report.html (every\nexhibit on one "
	       "printable page, with the methodology and a footnote for\n"
	       "each figure's source), manifest.json and SHA256SUMS. "
	       "Victims appear by\npseudonym, account numbers outside "
	       "forfeitable accounts by their last\nfour digits. The same "
	       "case and options give the same bytes.\n\n"
	       "Options:\n"
	       "  -o, --out DIR           the directory to write (created; "
	       "refused when it\n"
	       "                          exists and is not empty)\n"
	       "      --force             write into DIR all the same, "
	       "replacing files\n"
	       "  -m, --method M          libr (default), taint-first, "
	       "fifo, lifo, pro-rata,\n"
	       "                          poison or tiho\n"
	       "      --victims-fifo, --fee-pro-rata, --as-of DATE, "
	       "--intraday ORDER,\n"
	       "      --allow-unreconciled, -w, --window DAYS, -t, "
	       "--fee-tolerance AMOUNT\n"
	       "                          as for proceeds trace\n"
	       "  -h, --help              show this help\n\n"
	       "Exit status: 0 written; 1 written, but the reconciliation "
	       "has open items\n(only with --allow-unreconciled); 2 on an "
	       "error.\n");
}

static void
help_verify(void)
{
	printf("Usage: proceeds -C CASE verify DIR\n\n"
	       "Check an exhibit directory against the case: read the "
	       "parameters from\nDIR/manifest.json, make every file again "
	       "from the case, and compare them\nbyte for byte; then check "
	       "DIR/SHA256SUMS against the files in DIR.\nEach file that "
	       "differs, is missing or is extra is named on standard\n"
	       "output. Reads the case only; writes nothing.\n\n"
	       "Exit status: 0 identical, 1 differences, 2 on an error.\n");
}

int
cmd_exhibit(struct cli *cli)
{
	enum { O_VFIFO = 1000, O_FEE, O_ASOF, O_ALLOW, O_INTRADAY,
	       O_FORCE };
	static const struct option opts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "force", no_argument, NULL, O_FORCE },
		{ "method", required_argument, NULL, 'm' },
		{ "victims-fifo", no_argument, NULL, O_VFIFO },
		{ "fee-pro-rata", no_argument, NULL, O_FEE },
		{ "as-of", required_argument, NULL, O_ASOF },
		{ "allow-unreconciled", no_argument, NULL, O_ALLOW },
		{ "intraday", required_argument, NULL, O_INTRADAY },
		{ "window", required_argument, NULL, 'w' },
		{ "fee-tolerance", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	pr_exhibit_options xo = PR_EXHIBIT_OPTIONS_INIT;
	pr_trace_options *to = &xo.trace;
	const char *out = NULL;
	pr_exhibit *x = NULL;
	pr_store *st = NULL;
	pr_error err;
	int c, rc, force = 0;

	pr_error_clear(&err);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(cli->argc, cli->argv, "o:m:w:t:h", opts,
				NULL)) != -1) {
		switch (c) {
		case 'h':
			help_exhibit();
			return EXIT_CLEAN;
		case 'o':
			out = optarg;
			break;
		case O_FORCE:
			force = 1;
			break;
		case 'm':
			if (pr_trace_method_parse(&to->method, optarg, &err) !=
			    PR_OK) {
				die_usage("exhibit", "%s", err.msg);
				return EXIT_TROUBLE;
			}
			break;
		case O_VFIFO:
			to->victims_fifo = 1;
			break;
		case O_FEE:
			to->fee_pro_rata = 1;
			break;
		case O_ALLOW:
			to->allow_unreconciled = 1;
			break;
		case O_INTRADAY:
			if (strcmp(optarg, "statement") == 0)
				to->intraday = PR_INTRADAY_STATEMENT;
			else if (strcmp(optarg, "credits-first") == 0)
				to->intraday = PR_INTRADAY_CREDITS_FIRST;
			else if (strcmp(optarg, "debits-first") == 0)
				to->intraday = PR_INTRADAY_DEBITS_FIRST;
			else {
				die_usage("exhibit", "--intraday takes "
					  "statement, credits-first or "
					  "debits-first");
				return EXIT_TROUBLE;
			}
			break;
		case O_ASOF:
			if (pr_date_parse(&to->as_of, optarg, strlen(optarg),
					  "YYYY-MM-DD", &err) != PR_OK) {
				die_usage("exhibit", "--as-of takes a date "
					  "YYYY-MM-DD");
				return EXIT_TROUBLE;
			}
			to->has_as_of = 1;
			break;
		case 'w':
		case 't':
			if (match_option(c, optarg, &to->match) != 0) {
				die_usage("exhibit", "--window takes a number "
					  "of business days from 0 to 365");
				return EXIT_TROUBLE;
			}
			break;
		default:
			die_usage("exhibit", "unknown or incomplete option "
				  "'%s'", cli->argv[optind - 1]);
			return EXIT_TROUBLE;
		}
	}
	if (optind < cli->argc) {
		die_usage("exhibit", "unexpected argument '%s'",
			  cli->argv[optind]);
		return EXIT_TROUBLE;
	}
	if (out == NULL || *out == '\0') {
		die_usage("exhibit", "give the directory to write: --out DIR");
		return EXIT_TROUBLE;
	}
	rc = open_case(&st, cli, PR_STORE_READONLY);
	if (rc != EXIT_CLEAN)
		return rc;
	if (pr_exhibit_build(&x, st, &xo, &err) != PR_OK ||
	    pr_exhibit_write(x, out, force, &err) != PR_OK)
		rc = report_error(&err);
	else if (!pr_exhibit_reconciled(x))
		rc = EXIT_DIFFERENCES;
	pr_exhibit_free(x);
	pr_store_close(st);
	return rc;
}

static void
print_finding(const char *finding, void *payload)
{
	(void)payload;
	printf("verify: %s\n", finding);
}

int
cmd_verify(struct cli *cli)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	pr_store *st = NULL;
	size_t diffs = 0;
	pr_error err;
	int c, rc;

	pr_error_clear(&err);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(cli->argc, cli->argv, "h", opts, NULL)) !=
	       -1) {
		if (c == 'h') {
			help_verify();
			return EXIT_CLEAN;
		}
		die_usage("verify", "unknown option '%s'",
			  cli->argv[optind - 1]);
		return EXIT_TROUBLE;
	}
	if (optind + 1 != cli->argc) {
		die_usage("verify", "give one exhibit directory");
		return EXIT_TROUBLE;
	}
	rc = open_case(&st, cli, PR_STORE_READONLY);
	if (rc != EXIT_CLEAN)
		return rc;
	if (pr_exhibit_verify(&diffs, st, cli->argv[optind], NULL,
			      print_finding, NULL, &err) != PR_OK)
		rc = report_error(&err);
	else if (diffs > 0)
		rc = EXIT_DIFFERENCES;
	else
		printf("verify: every file matches the case\n");
	pr_store_close(st);
	if (rc != EXIT_TROUBLE && finish_output() != EXIT_CLEAN)
		rc = EXIT_TROUBLE;
	return rc;
}
