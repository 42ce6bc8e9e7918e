/* SPDX-License-Identifier: GPL-3.0-or-later */
/* proceeds: global options and dispatch to one cmd_<name>.c per command. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Sorted by name. */
static const struct command commands[] = {
	{ "bsa", cmd_bsa, "SARs and CTRs: links, cash days over $10,000" },
	{ "demo", cmd_demo, "build the demo case and write its exhibits" },
	{ "documents", cmd_documents, "list the documents in the case" },
	{ "exhibit", cmd_exhibit, "write the court exhibits to a directory" },
	{ "flows", cmd_flows, "each movement of money once, with its "
	  "evidence" },
	{ "import", cmd_import, "import bank statements, balances, wires, "
	  "crypto, property" },
	{ "init", cmd_init, "create a new case" },
	{ "log", cmd_log, "print or verify the custody log" },
	{ "parties", cmd_parties, "list victims and defendants by pseudonym" },
	{ "reconcile", cmd_reconcile, "prove that the statements add up" },
	{ "remission", cmd_remission, "split a forfeited fund among victims" },
	{ "restitution", cmd_restitution, "restitution per victim "
	  "(18 U.S.C. 1593)" },
	{ "schedule", cmd_schedule, "the forfeiture schedule" },
	{ "screen", cmd_screen, "names and addresses against OFAC's lists" },
	{ "trace", cmd_trace, "follow each victim's money, under any rule" },
	{ "verify", cmd_verify, "recompute an exhibit directory and compare" },
	{ "wires", cmd_wires, "list the wire records" },
};

static void
usage(FILE *fp)
{
	size_t i;

	fprintf(fp,
		"Usage: proceeds [-C CASE] COMMAND [ARGS...]\n"
		"Follow criminal proceeds through financial records, "
		"exactly.\n\n"
		"Options:\n"
		"  -C CASE      the case file (default: $PROCEEDS_CASE)\n"
		"  -h, --help   show this help\n"
		"  --version    show the version\n\n"
		"Commands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(fp, "  %-12s %s\n", commands[i].name,
			commands[i].summary);
	fprintf(fp, "\nRun 'proceeds COMMAND --help' for a command's options."
		"\nExit status: 0 clean, 1 differences found (e.g. statements"
		" that do not\nreconcile), 2 error (usage, input, case).\n");
}

int
main(int argc, char **argv)
{
	struct cli cli;
	int i = 1;

	cli.case_path = getenv("PROCEEDS_CASE");
	cli.real_names = 0;
	if (cli.case_path != NULL && *cli.case_path == '\0')
		cli.case_path = NULL;
	while (i < argc && argv[i][0] == '-') {
		if (strcmp(argv[i], "-C") == 0) {
			if (i + 1 >= argc) {
				die_usage(NULL, "-C needs a case file");
				return EXIT_TROUBLE;
			}
			cli.case_path = argv[i + 1];
			i += 2;
		} else if (strncmp(argv[i], "-C", 2) == 0) {
			cli.case_path = argv[i] + 2;
			i++;
		} else if (strcmp(argv[i], "--help") == 0 ||
			   strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			return finish_output();
		} else if (strcmp(argv[i], "--version") == 0) {
			printf("proceeds %s\n", pr_version());
			if (data_srcdir() != NULL)
				printf("run from its build tree: profiles "
				       "and demo files from %s\n",
				       data_srcdir());
			return finish_output();
		} else {
			die_usage(NULL, "unknown option '%s'", argv[i]);
			return EXIT_TROUBLE;
		}
	}
	if (i >= argc) {
		usage(stderr);
		return EXIT_TROUBLE;
	}
	cli.argc = argc - i;
	cli.argv = argv + i;
	return dispatch(&cli);
}

int
dispatch(struct cli *cli)
{
	size_t k;

	for (k = 0; k < sizeof(commands) / sizeof(commands[0]); k++) {
		if (strcmp(cli->argv[0], commands[k].name) == 0) {
			int rc = commands[k].fn(cli);

			if (finish_output() != EXIT_CLEAN)
				return EXIT_TROUBLE;
			return rc;
		}
	}
	die_usage(NULL, "unknown command '%s'", cli->argv[0]);
	return EXIT_TROUBLE;
}
