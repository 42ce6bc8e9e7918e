/* SPDX-License-Identifier: GPL-3.0-or-later */
/* proceeds parties: the victims, defendants and others of the case by
 * pseudonym, with the accounts each controls; real names on request. */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>

static void
help(void)
{
	printf("Usage: proceeds -C CASE parties [--names]\n\n"
	       "List the parties of the case by pseudonym: victims, then "
	       "defendants, then\nothers, each with its role and the "
	       "accounts and addresses it owns, signs on,\ncontrols or holds "
	       "as a nominee, with the period and the file and line it\n"
	       "came from. Real names are printed only with --names: "
	       "reports show\npseudonyms only.\n\n"
	       "Options:\n"
	       "  -n, --names  also print each party's real name\n"
	       "  -h, --help   show this help\n");
}

static int
print_party(const pr_party *p, void *payload)
{
	const int *names = payload;
	char d1[16], d2[16];
	size_t i;

	printf("%-8s %-9s", p->pseudonym, p->role);
	if (*names)
		printf("  %s", p->name);
	printf("  [%s:%lu]\n", p->document, p->line);
	for (i = 0; i < p->n_controls; i++) {
		const pr_control *c = &p->controls[i];

		printf("    %-10s %s", c->relation, c->account);
		if (c->has_start)
			pr_date_format(d1, c->start);
		if (c->has_end)
			pr_date_format(d2, c->end);
		if (c->has_start && c->has_end)
			printf(", %s to %s", d1, d2);
		else if (c->has_start)
			printf(", from %s", d1);
		else if (c->has_end)
			printf(", until %s", d2);
		printf("  [%s:%lu]\n", c->document, c->line);
	}
	return 0;
}

int
cmd_parties(struct cli *cli)
{
	static const struct option opts[] = {
		{ "names", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	pr_store *st = NULL;
	pr_error err;
	int names = 0;
	int c, rc;

	pr_error_clear(&err);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(cli->argc, cli->argv, "nh", opts, NULL)) !=
	       -1) {
		if (c == 'h') {
			help();
			return EXIT_CLEAN;
		}
		if (c != 'n') {
			die_usage("parties", "unknown option '%s'",
				  cli->argv[optind - 1]);
			return EXIT_TROUBLE;
		}
		names = 1;
	}
	if (optind < cli->argc) {
		die_usage("parties", "unexpected argument '%s'",
			  cli->argv[optind]);
		return EXIT_TROUBLE;
	}
	/* the one output with real names: still marked and escaped */
	cli->real_names = names;
	rc = open_case(&st, cli, PR_STORE_READONLY);
	if (rc != EXIT_CLEAN)
		return rc;
	if (pr_store_parties(st, print_party, &names, &err) != PR_OK)
		rc = report_error(&err);
	pr_store_close(st);
	return rc;
}
