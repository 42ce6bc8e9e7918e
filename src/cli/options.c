/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The options shared by the commands that match and trace (flows,
 * reconcile, trace, schedule, restitution, remission, exhibit): parsed in
 * one place so that every command reads them alike.
 */
#include "config.h"
#include "cli.h"

#include <stdlib.h>
#include <string.h>

int
match_option(int c, const char *arg, pr_match_options *mo)
{
	char *end;
	long v;

	if (c == 'w') {
		v = strtol(arg, &end, 10);
		if (*arg == '\0' || *end != '\0' || v < 0 || v > 365)
			return -1;
		mo->window = (int)v;
		return 0;
	}
	mo->fee_tolerance = arg;
	return 0;
}

int
trace_option(const char *cmd, int c, const char *arg, pr_trace_options *to,
	     pr_match_options *mo)
{
	pr_error err;

	pr_error_clear(&err);
	switch (c) {
	case 'm':
		if (pr_trace_method_parse(&to->method, arg, &err) != PR_OK) {
			die_usage(cmd, "%s", err.msg);
			return -1;
		}
		return 1;
	case O_TR_VFIFO:
		to->victims_fifo = 1;
		return 1;
	case O_TR_FEE:
		to->fee_pro_rata = 1;
		return 1;
	case O_TR_ALLOW:
		to->allow_unreconciled = 1;
		return 1;
	case O_TR_INTRADAY:
		if (strcmp(arg, "statement") == 0)
			to->intraday = PR_INTRADAY_STATEMENT;
		else if (strcmp(arg, "credits-first") == 0)
			to->intraday = PR_INTRADAY_CREDITS_FIRST;
		else if (strcmp(arg, "debits-first") == 0)
			to->intraday = PR_INTRADAY_DEBITS_FIRST;
		else {
			die_usage(cmd, "--intraday takes statement, "
				  "credits-first or debits-first");
			return -1;
		}
		return 1;
	case O_TR_ASOF:
		if (pr_date_parse(&to->as_of, arg, strlen(arg), "YYYY-MM-DD",
				  &err) != PR_OK) {
			die_usage(cmd, "--as-of takes a date YYYY-MM-DD");
			return -1;
		}
		to->has_as_of = 1;
		return 1;
	case 'w':
	case 't':
		if (match_option(c, arg, mo) != 0) {
			die_usage(cmd, "--window takes a number of business "
				  "days from 0 to 365");
			return -1;
		}
		return 1;
	default:
		return 0;
	}
}

const char TRACE_OPTIONS_HELP[] =
	"  -m, --method M          libr (default), taint-first, fifo, "
	"lifo, pro-rata,\n"
	"                          poison or tiho\n"
	"      --victims-fifo      within the tainted part, victims leave "
	"oldest\n"
	"                          first (default: in proportion)\n"
	"      --fee-pro-rata      a multi-output transaction's fee takes "
	"its share\n"
	"                          (default: the fee is the last output)\n"
	"      --as-of DATE        stop after DATE (YYYY-MM-DD)\n"
	"      --intraday ORDER    one day's flows in statement order "
	"(default),\n"
	"                          credits-first or debits-first\n"
	"      --allow-unreconciled  trace through accounts that do not "
	"reconcile,\n"
	"                          saying so in the output\n"
	"  -w, --window, -t, --fee-tolerance  as for proceeds flows\n";
