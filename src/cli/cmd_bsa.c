/* SPDX-License-Identifier: GPL-3.0-or-later */
/* proceeds import bsa FILE... and proceeds bsa: FinCEN SARs and CTRs,
 * kept apart from every other output (31 U.S.C. 5318(g)(2)). */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
cmd_import_bsa(struct cli *cli)
{
	pr_bsa_file_result *res = NULL;
	const char *const *files;
	pr_store *st = NULL;
	pr_error err;
	int i, n, rc;

	/* cli->argv: "import" "bsa" FILE... */
	if (want_help(cli->argc, cli->argv)) {
		printf("Usage: proceeds -C CASE import bsa FILE...\n\n"
		       "Import FinCEN SAR and CTR XML batches (BSA E-Filing, "
		       "told from the content).\nAll the files go in "
		       "together, or on any error none do and the case is\n"
		       "unchanged. The reports stay in the case's BSA "
		       "compartment: only 'bsa'\nshows them (not documents, "
		       "log, exhibits; docs/bsa.md).\n\n"
		       "Errors are reported as FILE:LINE:COLUMN: message; "
		       "exit status 2.\n");
		return EXIT_CLEAN;
	}
	if (cli->argc < 3) {
		die_usage("import", "no files given");
		return EXIT_TROUBLE;
	}
	for (i = 2; i < cli->argc; i++)
		if (cli->argv[i][0] == '-' && cli->argv[i][1] != '\0') {
			die_usage("import", "import bsa takes no option "
				  "'%s'", cli->argv[i]);
			return EXIT_TROUBLE;
		}
	n = cli->argc - 2;
	files = (const char *const *)cli->argv + 2;
	res = calloc((size_t)n, sizeof(*res));
	if (res == NULL) {
		fprintf(stderr, "%s: out of memory\n", progname);
		return EXIT_TROUBLE;
	}
	rc = open_case(&st, cli, 0);
	if (rc != EXIT_CLEAN) {
		free(res);
		return rc;
	}
	pr_error_clear(&err);
	if (pr_bsa_import(st, (size_t)n, files, files, cli->argc - 1,
			  (const char *const *)cli->argv + 1, res, &err)
	    != PR_OK) {
		pr_store_close(st);
		free(res);
		report_error(&err);
		fprintf(stderr, "%s: nothing imported; the case is "
			"unchanged\n", progname);
		return EXIT_TROUBLE;
	}
	pr_store_close(st);
	/* how many reports, not which kinds: whether a file held a SAR is
	 * for `bsa` alone to say (31 U.S.C. 5318(g)(2)) */
	for (i = 0; i < n; i++) {
		unsigned long long k = (unsigned long long)res[i].sars +
				       (unsigned long long)res[i].ctrs;

		printf("%s: %llu BSA report%s, SHA-256 %s\n", files[i], k,
		       k == 1 ? "" : "s", res[i].sha256);
	}
	free(res);
	return EXIT_CLEAN;
}

int
cmd_bsa(struct cli *cli)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "verify", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	pr_format fmt = PR_FORMAT_TABLE;
	pr_store *st = NULL;
	pr_error err;
	int c, rc, verify = 0;

	pr_error_clear(&err);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(cli->argc, cli->argv, "f:h", opts, NULL)) !=
	       -1) {
		if (c == 'h') {
			printf("Usage: proceeds -C CASE bsa [--format "
			       "table|csv|json]\n"
			       "       proceeds -C CASE bsa --verify\n\n"
			       "The case's BSA reports (SARs with the human "
			       "trafficking box ticked first),\neach with the "
			       "case accounts, parties (by pseudonym) and cash "
			       "rows it links\nto, then every cash day over "
			       "10000.00 per person and business day\n(31 CFR "
			       "1010.313) with the CTR that covers it or \"no "
			       "CTR in the case\".\n--verify checks the BSA "
			       "custody chain (docs/custody.md).\n");
			return EXIT_CLEAN;
		}
		if (c == 'v') {
			verify = 1;
			continue;
		}
		if (c != 'f' || pr_format_parse(&fmt, optarg, &err) != PR_OK) {
			die_usage("bsa", "expected --format table, csv or "
				  "json");
			return EXIT_TROUBLE;
		}
	}
	if (optind < cli->argc) {
		die_usage("bsa", "unexpected argument '%s'",
			  cli->argv[optind]);
		return EXIT_TROUBLE;
	}
	rc = open_case(&st, cli, PR_STORE_READONLY);
	if (rc != EXIT_CLEAN)
		return rc;
	if (verify) {
		uint64_t entries = 0, rows = 0;

		rc = pr_bsa_verify(st, &entries, &rows, &err);
		pr_store_close(st);
		if (rc == PR_EPARSE) {
			fprintf(stderr, "%s: %s\n", progname, err.msg);
			return EXIT_DIFFERENCES;
		}
		if (rc != PR_OK)
			return report_error(&err);
		printf("BSA custody chain intact: %llu entr%s, %llu rows "
		       "sealed\n", (unsigned long long)entries,
		       entries == 1 ? "y" : "ies", (unsigned long long)rows);
		return EXIT_CLEAN;
	}
	output_format(fmt);
	if (pr_bsa_report(stdout, st, fmt, &err) != PR_OK)
		rc = report_error(&err);
	pr_store_close(st);
	return rc;
}
