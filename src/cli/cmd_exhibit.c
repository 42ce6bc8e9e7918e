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
	       "every rule, the\nforfeiture schedule and the lineage of "
	       "its assets, restitution and\nremission, the source index, "
	       "the analyst's decisions and designations\n(CSV and JSON), "
	       "the flow-of-funds chart (Graphviz DOT and SVG),\n"
	       "report.html (every exhibit on one printable page, with the "
	       "methodology\nand a footnote for each figure's source), "
	       "manifest.json and SHA256SUMS.\nVictims appear by "
	       "pseudonym, account numbers outside forfeitable\naccounts by "
	       "their last four digits. The same case and options give\n"
	       "the same bytes.\n\n"
	       "Options:\n"
	       "  -o, --out DIR           the directory to write (created; "
	       "refused when it\n"
	       "                          exists and is not empty)\n"
	       "      --force             replace DIR if it is an earlier "
	       "exhibit (it holds\n"
	       "                          SHA256SUMS): the new one takes "
	       "its place whole\n"
	       "%s"
	       "  -h, --help              show this help\n\n"
	       "Exit status: 0 written; 1 written, but the reconciliation "
	       "has open items\n(only with --allow-unreconciled); 2 on an "
	       "error.\n", TRACE_OPTIONS_HELP);
}

static void
help_verify(void)
{
	printf("Usage: proceeds -C CASE verify DIR\n\n"
	       "Check an exhibit directory against the case: check the "
	       "case's custody log\nas 'log --verify' does (a case whose "
	       "rows were altered is a difference),\nread the parameters "
	       "from DIR/manifest.json, make every file again from the\n"
	       "case, and compare them byte for byte; then check "
	       "DIR/SHA256SUMS against the\nfiles in DIR. Each file that "
	       "differs, is missing or is extra is named on\nstandard "
	       "output. Reads the case only; writes nothing.\n\n"
	       "Exit status: 0 identical, 1 differences, 2 on an error.\n");
}

int
cmd_exhibit(struct cli *cli)
{
	enum { O_FORCE = 1000 };
	static const struct option opts[] = {
		TRACE_LONG_OPTIONS,
		{ "out", required_argument, NULL, 'o' },
		{ "force", no_argument, NULL, O_FORCE },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	pr_exhibit_options xo = PR_EXHIBIT_OPTIONS_INIT;
	pr_trace_options *to = &xo.trace;
	const char *out = NULL;
	pr_store *st = NULL;
	pr_error err;
	int c, rc, force = 0, reconciled = 0;

	pr_error_clear(&err);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(cli->argc, cli->argv, "o:m:w:t:h", opts,
				NULL)) != -1) {
		int t = trace_option("exhibit", c, optarg, to, &xo.match);

		if (t < 0)
			return EXIT_TROUBLE;
		if (t > 0)
			continue;
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
	/* exhibits certify what they were made from: never from a case
	 * whose data may have been altered (docs/custody.md) */
	if (pr_log_verify(st, NULL, &err) != PR_OK) {
		char buf[1024];

		pr_error_format(buf, sizeof(buf), &err);
		fprintf(stderr, "%s: exhibit: %s%s; no exhibit written (see "
			"'proceeds log --verify')\n", progname,
			err.code == PR_EINVALID ? "the case's custody log does "
			"not verify: " : "", buf);
		pr_store_close(st);
		return EXIT_TROUBLE;
	}
	if (pr_exhibit_make(&reconciled, st, &xo, out, force, &err) !=
	    PR_OK)
		rc = report_error(&err);
	else if (!reconciled)
		rc = EXIT_DIFFERENCES;
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
