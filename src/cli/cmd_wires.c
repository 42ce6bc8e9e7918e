/* SPDX-License-Identifier: GPL-3.0-or-later */
/* proceeds wires: the wire records in the case, with their sources. */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>

static int
print_wire(const pr_wire *w, void *payload)
{
	const pr_format *fmt = payload;
	char d[16];
	char line[24];
	const char *cells[20];
	int i;

	pr_date_format(d, w->value_date);
	if (*fmt == PR_FORMAT_TABLE) {
		printf("%s %s %14s  %s (%s %s) -> %s (%s %s)%s%s%s%s  "
		       "[%s:%lu]\n",
		       d, w->currency, w->amount, w->originator_name,
		       w->originator_account, w->originator_bank,
		       w->beneficiary_name, w->beneficiary_account,
		       w->beneficiary_bank, *w->imad ? " IMAD " : "", w->imad,
		       *w->uetr ? " UETR " : "", w->uetr, w->document, w->line);
		return 0;
	}
	snprintf(line, sizeof(line), "%lu", w->line);
	cells[0] = d;
	cells[1] = w->currency;
	cells[2] = w->amount;
	cells[3] = w->instructed;
	cells[4] = w->originator_name;
	cells[5] = w->originator_account;
	cells[6] = w->originator_bank;
	cells[7] = w->beneficiary_name;
	cells[8] = w->beneficiary_account;
	cells[9] = w->beneficiary_bank;
	cells[10] = w->imad;
	cells[11] = w->omad;
	cells[12] = w->uetr;
	cells[13] = w->reference;
	cells[14] = w->details;
	cells[15] = w->format;
	cells[16] = w->document;
	cells[17] = line;
	for (i = 0; i < 18; i++) {
		if (i > 0)
			putchar(',');
		pr_report_csv_cell(stdout, cells[i]);
	}
	fputs("\r\n", stdout);
	return 0;
}

int
cmd_wires(struct cli *cli)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	pr_format fmt = PR_FORMAT_TABLE;
	pr_store *st = NULL;
	pr_error err;
	int c, rc;

	pr_error_clear(&err);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(cli->argc, cli->argv, "f:h", opts, NULL)) !=
	       -1) {
		if (c == 'h') {
			printf("Usage: proceeds -C CASE wires [--format "
			       "table|csv]\n\nList the wire records in the "
			       "case by value date, each with the file and "
			       "line\nit came from.\n");
			return EXIT_CLEAN;
		}
		if (c != 'f' || pr_format_parse(&fmt, optarg, &err) != PR_OK ||
		    fmt == PR_FORMAT_JSON) {
			die_usage("wires", "expected --format table or csv");
			return EXIT_TROUBLE;
		}
	}
	if (optind < cli->argc) {
		die_usage("wires", "unexpected argument '%s'",
			  cli->argv[optind]);
		return EXIT_TROUBLE;
	}
	rc = open_case(&st, cli, PR_STORE_READONLY);
	if (rc != EXIT_CLEAN)
		return rc;
	output_format(fmt);
	if (fmt == PR_FORMAT_CSV)
		fputs("value_date,currency,amount,instructed,originator_name,"
		      "originator_account,originator_bank,beneficiary_name,"
		      "beneficiary_account,beneficiary_bank,imad,omad,uetr,"
		      "reference,details,format,document,line\r\n", stdout);
	if (pr_store_wires(st, print_wire, &fmt, &err) != PR_OK)
		rc = report_error(&err);
	pr_store_close(st);
	return rc;
}
