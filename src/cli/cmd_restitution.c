/* SPDX-License-Identifier: GPL-3.0-or-later */
/* proceeds restitution: what each victim is owed under 18 U.S.C. 1593;
 * proceeds remission: a forfeited fund split among them pro rata. */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
help_options(void)
{
	printf("  -j, --joint             defendants jointly and severally "
	       "liable, each for\n"
	       "                          the whole (the default)\n"
	       "  -a, --apportion         apportion each victim's "
	       "restitution among the\n"
	       "                          defendants by the victim's "
	       "proceeds that came into\n"
	       "                          accounts each owns, signs on or "
	       "controls\n"
	       "  -l, --liquidated        add FLSA liquidated damages: an "
	       "equal amount of the\n"
	       "                          unpaid wages\n"
	       "      --credit-lodging    compare the FLSA value less the "
	       "board and lodging\n"
	       "                          credits claimed (default: without "
	       "them; both shown)\n"
	       "      --state-wage FILE   a state minimum-wage table "
	       "(CSV from,rate): the\n"
	       "                          higher of it and the federal "
	       "wage applies each day\n"
	       "      --allow-unreconciled  trace through accounts that do "
	       "not reconcile\n"
	       "  -f, --format F          table (default), csv or json\n"
	       "  -h, --help              show this help\n\n"
	       "Exit status: 0; 2 on an error, or when an account does not "
	       "reconcile\n(without --allow-unreconciled).\n");
}

static void
help_restitution(void)
{
	printf("Usage: proceeds -C CASE restitution [--joint|--apportion] "
	       "[--liquidated]\n"
	       "       [--credit-lodging] [--state-wage FILE] "
	       "[--allow-unreconciled]\n"
	       "       [--format table|csv|json]\n\n"
	       "Restitution per victim under 18 U.S.C. 1593 "
	       "(docs/restitution.md): the\nvictim's other losses plus the "
	       "greater of the gross proceeds (the inflows\ndesignated as "
	       "the victim's, as traced) and the value of the work at the\n"
	       "FLSA minimum wage with overtime (the work lines: proceeds "
	       "import work),\nless what was paid to the victim; and what "
	       "each defendant owes. Victims\nappear by pseudonym only. "
	       "Reads the case only.\n\n"
	       "Options:\n");
	help_options();
}

static void
help_remission(void)
{
	printf("Usage: proceeds -C CASE remission [--fund AMOUNT] "
	       "[--costs AMOUNT]\n"
	       "       [restitution options] [--format table|csv|json]\n\n"
	       "Split a forfeited fund among the victims (28 CFR Part 9): "
	       "the costs first,\nthen each victim pro rata to its "
	       "restitution (as proceeds restitution\ncomputes it with the "
	       "same options), to the cent by largest remainder,\nsumming "
	       "exactly to the fund less costs, none above its loss; what "
	       "the losses\ndo not take is left over. Reads the case "
	       "only.\n\n"
	       "Options:\n"
	       "      --fund AMOUNT       the forfeited fund, in USD "
	       "(e.g. 60000.00);\n"
	       "                          default: what the forfeiture "
	       "schedule forfeits\n"
	       "                          as the victims' proceeds in "
	       "USD (proceeds schedule)\n"
	       "      --costs AMOUNT      costs paid first (default 0)\n");
	help_options();
}

/* A USD amount of the command line: 0 or more, at most 2 decimals. */
static int
usd(mpz_t out, const char *cmd, const char *opt, const char *text)
{
	pr_error err;

	pr_error_clear(&err);
	if (pr_money_parse(out, text, strlen(text), 2, NULL, &err) !=
	    PR_OK) {
		die_usage(cmd, "%s: %s", opt, err.msg);
		return -1;
	}
	if (mpz_sgn(out) < 0) {
		die_usage(cmd, "%s takes an amount of 0 or more", opt);
		return -1;
	}
	return 0;
}

static int
run(struct cli *cli, int remission)
{
	enum { O_CREDIT = 1000, O_STATE, O_ALLOW, O_FUND, O_COSTS };
	static const struct option opts[] = {
		{ "joint", no_argument, NULL, 'j' },
		{ "apportion", no_argument, NULL, 'a' },
		{ "liquidated", no_argument, NULL, 'l' },
		{ "credit-lodging", no_argument, NULL, O_CREDIT },
		{ "state-wage", required_argument, NULL, O_STATE },
		{ "allow-unreconciled", no_argument, NULL, O_ALLOW },
		{ "fund", required_argument, NULL, O_FUND },
		{ "costs", required_argument, NULL, O_COSTS },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *cmd = remission ? "remission" : "restitution";
	pr_restitution_options ro = PR_RESTITUTION_OPTIONS_INIT;
	pr_trace *t = NULL;
	pr_flows *f = NULL;
	pr_format fmt = PR_FORMAT_TABLE;
	pr_wage_table *state = NULL;
	pr_restitution *r = NULL;
	const char *state_path = NULL;
	pr_store *st = NULL;
	int joint = 0, apportion = 0, has_fund = 0;
	mpz_t fund, costs;
	pr_error err;
	int c, rc = EXIT_TROUBLE;

	pr_error_clear(&err);
	mpz_inits(fund, costs, NULL);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(cli->argc, cli->argv, "jalf:h", opts,
				NULL)) != -1) {
		switch (c) {
		case 'h':
			if (remission)
				help_remission();
			else
				help_restitution();
			rc = EXIT_CLEAN;
			goto done;
		case 'j':
			joint = 1;
			break;
		case 'a':
			apportion = 1;
			break;
		case 'l':
			ro.liquidated = 1;
			break;
		case O_CREDIT:
			ro.credit_lodging = 1;
			break;
		case O_STATE:
			state_path = optarg;
			break;
		case O_ALLOW:
			ro.trace.allow_unreconciled = 1;
			break;
		case O_FUND:
		case O_COSTS:
			if (!remission) {
				die_usage(cmd, "--fund and --costs are for "
					  "proceeds remission");
				goto done;
			}
			if (usd(c == O_FUND ? fund : costs, cmd, c == O_FUND ?
				"--fund" : "--costs", optarg) != 0)
				goto done;
			has_fund |= c == O_FUND;
			break;
		case 'f':
			if (pr_format_parse(&fmt, optarg, &err) != PR_OK) {
				die_usage(cmd, "expected --format table, csv "
					  "or json");
				goto done;
			}
			break;
		default:
			die_usage(cmd, "unknown or incomplete option '%s'",
				  cli->argv[optind - 1]);
			goto done;
		}
	}
	if (optind < cli->argc) {
		die_usage(cmd, "unexpected argument '%s'", cli->argv[optind]);
		goto done;
	}
	if (joint && apportion) {
		die_usage(cmd, "--joint and --apportion exclude each other");
		goto done;
	}
	ro.apportion = apportion;
	if (state_path != NULL) {
		if (pr_wage_table_load(&state, state_path, &err) != PR_OK) {
			report_error(&err);
			goto done;
		}
		ro.state = state;
	}
	rc = open_case(&st, cli, PR_STORE_READONLY);
	if (rc != EXIT_CLEAN)
		goto done;
	output_format(fmt);
	rc = EXIT_TROUBLE;
	/* one flow graph: the schedule's traces for a remission without
	 * --fund, and one for the gross proceeds */
	if (pr_flows_build(&f, st, NULL, &err) != PR_OK) {
		report_error(&err);
		goto done;
	}
	/* Without --fund: what the forfeiture schedule forfeits as the
	 * victims' proceeds in dollars, under the same trace options. */
	if (remission && !has_fund) {
		pr_schedule *sc = NULL;

		if (pr_schedule_run(&sc, f, &ro.trace, &err) != PR_OK) {
			report_error(&err);
			goto done;
		}
		mpz_set_si(fund, (long)pr_schedule_forfeited(sc, "USD"));
		pr_schedule_free(sc);
		fprintf(stderr, "%s: remission: the fund is the schedule's "
			"forfeited total (give --fund to set it)\n",
			progname);
	}
	if (pr_trace_run(&t, f, &ro.trace, &err) != PR_OK) {
		report_error(&err);
		goto done;
	}
	if (pr_restitution_run(&r, st, t, &ro, &err) != PR_OK) {
		report_error(&err);
		goto done;
	}
	if ((remission ? pr_report_remission(stdout, r, fund, costs, fmt,
					     &err) :
	     pr_report_restitution(stdout, r, fmt, &err)) != PR_OK) {
		report_error(&err);
		goto done;
	}
	rc = finish_output();
done:
	pr_restitution_free(r);
	pr_trace_free(t);
	pr_flows_free(f);
	pr_wage_table_free(state);
	pr_store_close(st);
	mpz_clears(fund, costs, NULL);
	return rc;
}

int
cmd_restitution(struct cli *cli)
{
	return run(cli, 0);
}

int
cmd_remission(struct cli *cli)
{
	return run(cli, 1);
}
