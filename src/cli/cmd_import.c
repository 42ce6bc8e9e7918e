/* SPDX-License-Identifier: GPL-3.0-or-later */
/* proceeds import KIND FILE...: all files or none. */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
help(void)
{
	printf("Usage: proceeds -C CASE import bank [--format F] FILE...\n"
	       "       proceeds -C CASE import bank --profile P [--account A]"
	       " [--currency C] FILE...\n"
	       "       proceeds -C CASE import statements FILE...\n"
	       "       proceeds -C CASE import wire [--format F] FILE...\n"
	       "       proceeds -C CASE import crypto [--format F] FILE...\n"
	       "       proceeds -C CASE import exchange --profile P "
	       "[--account A] FILE...\n"
	       "         (or import crypto --profile P: the same)\n"
	       "       proceeds -C CASE import rates FILE...\n"
	       "       proceeds -C CASE import property FILE...\n"
	       "       proceeds -C CASE import decisions FILE...\n"
	       "       proceeds -C CASE import victims FILE...\n"
	       "       proceeds -C CASE import designations FILE...\n"
	       "       proceeds -C CASE import work FILE...\n"
	       "       proceeds -C CASE import assets FILE...\n"
	       "       proceeds -C CASE import sanctions --published "
	       "YYYY-MM-DD FILE...\n"
	       "         (OFAC's lists: see import sanctions --help)\n"
	       "       proceeds -C CASE import bsa FILE...\n"
	       "         (FinCEN SAR and CTR XML batches or the BSA CSV: docs/bsa.md)\n\n"
	       "Import bank statements (OFX, MT940, camt or BAI2, told from "
	       "the content, or\nCSV exports read by a profile), "
	       "statement balances,\nwire records, on-chain transactions "
	       "('chain' is another name for 'crypto'),\nexchange account "
	       "histories (read by a profile), exchange rates, titled\n"
	       "assets, the analyst's decisions for the matcher, the victims "
	       "and defendants\n(by pseudonym) with the accounts they "
	       "control, or designations of which\ninflows are proceeds of "
	       "which victim, or what each victim worked, was paid, was "
	       "charged for board\nand lodging and lost (for restitution), "
	       "or the decimals and contracts of\ntokens (assets). "
	       "All the files go in together, or\non any error none do and "
	       "the case is unchanged. A file already in the case\n(same "
	       "SHA-256) is refused.\n\n"
	       "Options:\n"
	       "  -p, --profile P   profile name or file (see docs/"
	       "profiles.md); names are\n"
	       "                    looked up in $PROCEEDS_PROFILE_PATH, then"
	       " %s\n"
	       "  -a, --account A   account identity, when the file does not "
	       "give one\n"
	       "  -c, --currency C  currency, when the profile does not give "
	       "one\n"
	       "  -f, --format F    statement format: ofx, mt940, camt or "
	       "bai2;\n"
	       "                    wire format: csv, mt103, fedwire or "
	       "pacs.008;\n"
	       "                    on-chain format: csv, etherscan or "
	       "explorer\n"
	       "                    (default: told from the file)\n"
	       "  -h, --help        show this help\n\n"
	       "Errors are reported as FILE:LINE:COLUMN: message; exit status"
	       " 2.\n", data_profile_dir());
}

int
cmd_import(struct cli *cli)
{
	static const struct option opts[] = {
		{ "profile", required_argument, NULL, 'p' },
		{ "account", required_argument, NULL, 'a' },
		{ "currency", required_argument, NULL, 'c' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	pr_import_options io = PR_IMPORT_OPTIONS_INIT;
	pr_import_result res;
	pr_profile *prof = NULL;
	pr_store *st = NULL;
	FILE *lines = NULL;
	const char *profile = NULL;
	const char *format = NULL;
	const char *kind;
	uint64_t records = 0, statements = 0;
	char result[160];
	pr_error err;
	int bank, wire, chain, rates, property, exchange, decisions;
	int victims, designations, work;
	int assets;
	int profiled;
	int c, i, n, rc;

	/* import sanctions: its own options and files (ofac13) */
	if (cli->argc >= 2 && strcmp(cli->argv[1], "sanctions") == 0)
		return cmd_import_sanctions(cli);
	if (want_help(cli->argc, cli->argv)) {
		help();
		return EXIT_CLEAN;
	}
	if (cli->argc < 2) {
		die_usage("import", "expected 'bank' or 'statements'");
		return EXIT_TROUBLE;
	}
	kind = cli->argv[1];
	if (strcmp(kind, "bsa") == 0)
		return cmd_import_bsa(cli);
	bank = strcmp(kind, "bank") == 0;
	wire = strcmp(kind, "wire") == 0;
	chain = strcmp(kind, "crypto") == 0 || strcmp(kind, "chain") == 0;
	exchange = strcmp(kind, "exchange") == 0;
	decisions = strcmp(kind, "decisions") == 0;
	victims = strcmp(kind, "victims") == 0;
	designations = strcmp(kind, "designations") == 0;
	work = strcmp(kind, "work") == 0;
	assets = strcmp(kind, "assets") == 0;
	profiled = bank || exchange;
	rates = strcmp(kind, "rates") == 0;
	property = strcmp(kind, "property") == 0;
	if (!bank && !wire && !chain && !rates && !property && !exchange &&
	    !decisions && !victims && !designations && !work && !assets &&
	    strcmp(kind, "statements") != 0) {
		die_usage("import", "unknown kind '%s' (expected bank, "
			  "statements, wire, crypto, exchange, rates, "
			  "property, decisions, victims, designations, "
			  "work, assets, sanctions or bsa)",
			  kind);
		return EXIT_TROUBLE;
	}
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(cli->argc - 1, cli->argv + 1, "p:a:c:f:h",
				opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			profile = optarg;
			break;
		case 'a':
			io.account = optarg;
			break;
		case 'c':
			io.currency = optarg;
			break;
		case 'f':
			format = optarg;
			break;
		default:
			die_usage("import", "unknown or incomplete option "
				  "'%s'", cli->argv[optind]);
			return EXIT_TROUBLE;
		}
	}
	/* import crypto --profile P reads an exchange history: one command
	 * for everything crypto */
	if (chain && profile != NULL) {
		chain = 0;
		exchange = 1;
		profiled = 1;
	}
	i = optind + 1;
	if (i >= cli->argc) {
		die_usage("import", "no files given");
		return EXIT_TROUBLE;
	}
	/* a bank file with no profile is a standard format */
	if (bank && profile == NULL)
		profiled = 0;
	if (profiled && profile == NULL) {
		die_usage("import", "exchange histories need --profile");
		return EXIT_TROUBLE;
	}
	if (!profiled && !bank && (profile || io.account || io.currency)) {
		die_usage("import", "only bank statements and exchange "
			  "histories take --profile, --account or "
			  "--currency");
		return EXIT_TROUBLE;
	}
	if (!wire && !chain && !(bank && profile == NULL) &&
	    format != NULL) {
		die_usage("import", "--format is for bank statements without "
			  "a profile, wires and on-chain records");
		return EXIT_TROUBLE;
	}
	pr_error_clear(&err);
	if (profiled && pr_profile_load_from(&prof, profile,
					 getenv("PROCEEDS_PROFILE_PATH"),
					 data_profile_dir(), &err) != PR_OK) {
		report_error(&err);
		fprintf(stderr, "%s: nothing imported; the case is unchanged\n",
			progname);
		return EXIT_TROUBLE;
	}
	/* What each file added is printed only once all of them are in. */
	lines = tmpfile();
	if (lines == NULL) {
		pr_profile_free(prof);
		fprintf(stderr, "%s: cannot make a temporary file\n",
			progname);
		return EXIT_TROUBLE;
	}
	rc = open_case(&st, cli, 0);
	if (rc != EXIT_CLEAN) {
		pr_profile_free(prof);
		fclose(lines);
		return rc;
	}
	if (pr_store_begin(st, &err) != PR_OK)
		goto fail;
	for (; i < cli->argc; i++) {
		io.progress = progress_cb;
		io.payload = cli->argv[i];
		if (bank && prof == NULL)
			rc = pr_import_bank_format(st, cli->argv[i],
						   cli->argv[i], format, &io,
						   &res, &err);
		else if (bank)
			rc = pr_import_bank(st, cli->argv[i], cli->argv[i],
					    prof, &io, &res, &err);
		else if (wire)
			rc = pr_import_wire(st, cli->argv[i], cli->argv[i],
					    format, &io, &res, &err);
		else if (exchange)
			rc = pr_import_exchange(st, cli->argv[i],
						cli->argv[i], prof, &io, &res,
						&err);
		else if (decisions)
			rc = pr_import_decisions(st, cli->argv[i],
						 cli->argv[i], &io, &res, &err);
		else if (victims)
			rc = pr_import_victims(st, cli->argv[i], cli->argv[i],
					       &io, &res, &err);
		else if (designations)
			rc = pr_import_designations(st, cli->argv[i],
						    cli->argv[i], &io, &res,
						    &err);
		else if (assets)
			rc = pr_import_assets(st, cli->argv[i], cli->argv[i],
					      &io, &res, &err);
		else if (work)
			rc = pr_import_work(st, cli->argv[i], cli->argv[i],
					    &io, &res, &err);
		else if (chain)
			rc = pr_import_chain(st, cli->argv[i], cli->argv[i],
					     format, &io, &res, &err);
		else if (rates)
			rc = pr_import_rates(st, cli->argv[i], cli->argv[i],
					     &io, &res, &err);
		else if (property)
			rc = pr_import_property(st, cli->argv[i],
						cli->argv[i], &io, &res, &err);
		else
			rc = pr_import_statements(st, cli->argv[i],
						  cli->argv[i], &io, &res,
						  &err);
		if (rc != PR_OK)
			goto fail;
		records += res.records;
		statements += res.statements;
		if ((profiled || bank) && res.skipped > 0)
			fprintf(lines, "%s: %llu transaction%s, %llu statement "
			       "period%s, %llu row%s skipped by the profile "
			       "(%s), SHA-256 %s\n", cli->argv[i],
			       (unsigned long long)res.records,
			       res.records == 1 ? "" : "s",
			       (unsigned long long)res.statements,
			       res.statements == 1 ? "" : "s",
			       (unsigned long long)res.skipped,
			       res.skipped == 1 ? "" : "s", res.skipped_by,
			       res.sha256);
		else if (profiled || bank)
			fprintf(lines, "%s: %llu transaction%s, %llu statement "
			       "period%s, SHA-256 %s\n", cli->argv[i],
			       (unsigned long long)res.records,
			       res.records == 1 ? "" : "s",
			       (unsigned long long)res.statements,
			       res.statements == 1 ? "" : "s", res.sha256);
		else if (victims)
			fprintf(lines, "%s: %llu part%s, %llu control line%s, "
				"SHA-256 %s\n", cli->argv[i],
				(unsigned long long)res.records,
				res.records == 1 ? "y" : "ies",
				(unsigned long long)res.statements,
				res.statements == 1 ? "" : "s", res.sha256);
		else if (assets)
			fprintf(lines, "%s: %llu asset%s, SHA-256 %s\n",
				cli->argv[i], (unsigned long long)res.records,
				res.records == 1 ? "" : "s", res.sha256);
		else
			fprintf(lines, "%s: %llu %s%s, SHA-256 %s\n",
				cli->argv[i], (unsigned long long)res.records,
				wire ? "wire" : chain ? "on-chain transaction"
				: rates ? "rate" : property ? "property record"
				: decisions ? "decision" : designations ?
				"designation" : work ? "work line" :
				"statement",
				res.records == 1 ? "" : "s", res.sha256);
	}
	n = cli->argc - optind - 1;
	if (victims)
		snprintf(result, sizeof(result), "imported %d document%s: "
			 "%llu part%s, %llu control line%s", n,
			 n == 1 ? "" : "s", (unsigned long long)records,
			 records == 1 ? "y" : "ies",
			 (unsigned long long)statements,
			 statements == 1 ? "" : "s");
	else if (assets)
		snprintf(result, sizeof(result), "imported %d document%s: "
			 "%llu asset%s", n, n == 1 ? "" : "s",
			 (unsigned long long)records,
			 records == 1 ? "" : "s");
	else if (designations || work)
		snprintf(result, sizeof(result), "imported %d document%s: "
			 "%llu %s%s", n, n == 1 ? "" : "s",
			 (unsigned long long)records, work ? "work line" :
			 "designation", records == 1 ? "" : "s");
	else
		snprintf(result, sizeof(result), "imported %d document%s: "
			 "%llu %s, %llu statement period%s", n,
			 n == 1 ? "" : "s", (unsigned long long)records,
			 (profiled || bank) ? "transactions" : wire ? "wires" :
			 chain ? "on-chain transactions" : rates ? "rates" :
			 property ? "property records" : decisions ?
			 "decisions" : "statements",
			 (unsigned long long)statements,
			 statements == 1 ? "" : "s");
	if (pr_store_commit(st, "import", cli->argc - 1,
			    (const char *const *)cli->argv + 1, result,
			    &err) != PR_OK)
		goto fail;
	pr_store_close(st);
	pr_profile_free(prof);
	rewind(lines);
	while ((c = getc(lines)) != EOF)
		putchar(c);
	fclose(lines);
	return EXIT_CLEAN;
fail:
	pr_store_rollback(st);
	pr_store_close(st);
	pr_profile_free(prof);
	if (lines != NULL)
		fclose(lines);
	report_error(&err);
	fprintf(stderr, "%s: nothing imported; the case is unchanged\n",
		progname);
	return EXIT_TROUBLE;
}
