/* SPDX-License-Identifier: GPL-3.0-or-later */
/* proceeds import sanctions --published DATE FILE...: OFAC's legacy CSV
 * files, one published version of the lists, all files or none. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
help(void)
{
	printf("Usage: proceeds -C CASE import sanctions --published "
	       "YYYY-MM-DD [--kind K] FILE...\n\n"
	       "Import one published version of OFAC's sanctions lists from "
	       "its legacy CSV\nfiles: sdn.csv, alt.csv, add.csv, "
	       "sdn_comments.csv and the consolidated\nnon-SDN list's "
	       "cons_prim.csv, cons_alt.csv, cons_add.csv, "
	       "cons_comments.csv.\nEach file's kind is told from its name; "
	       "--kind names the kind of the file\nthat follows it. The files"
	       " carry no date: --published is required. All the\nfiles go "
	       "in together, or on any error none do and the case is "
	       "unchanged.\nAlias, address and comment lines whose entry "
	       "these files do not list (an\nexcerpt's) are skipped with a "
	       "warning.\n\n"
	       "Options:\n"
	       "  --published D  the date OFAC published the list "
	       "(YYYY-MM-DD)\n"
	       "  --kind K       the next file's kind: sdn, alt, add, "
	       "comments, cons-prim,\n"
	       "                 cons-alt, cons-add or cons-comments\n"
	       "  -h, --help     show this help\n\n"
	       "Errors are reported as FILE:LINE:COLUMN: message; exit status"
	       " 2.\n");
}

static void
warn(const pr_error *w, void *payload)
{
	char buf[1024];

	(void)payload;
	pr_error_format(buf, sizeof(buf), w);
	fprintf(stderr, "%s: warning: %s\n", progname, buf);
}

static const char *
noun(const char *kind, uint64_t n)
{
	const char *k = strncmp(kind, "cons-", 5) == 0 ? kind + 5 : kind;

	if (strcmp(k, "alt") == 0)
		return n == 1 ? "alias" : "aliases";
	if (strcmp(k, "add") == 0)
		return n == 1 ? "address" : "addresses";
	if (strcmp(k, "comments") == 0)
		return n == 1 ? "remarks continuation" :
		       "remarks continuations";
	return n == 1 ? "entry" : "entries";
}

/* The value of option @p name at argv[*i] ("--name V" or "--name=V"):
 * NULL when argv[*i] is not it; *bad when it is but has no value. */
static const char *
value(char **argv, int argc, int *i, const char *name, int *bad)
{
	size_t n = strlen(name);

	if (strncmp(argv[*i], name, n) != 0)
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n] != '\0')
		return NULL;
	if (*i + 1 >= argc) {
		*bad = 1;
		return NULL;
	}
	(*i)++;
	return argv[*i];
}

int
cmd_import_sanctions(struct cli *cli)
{
	const char *paths[PR_SANCTIONS_MAX_FILES];
	const char *kinds[PR_SANCTIONS_MAX_FILES];
	const char *published = NULL, *kind = NULL, *v;
	pr_sanctions_import_result res;
	pr_store *st = NULL;
	pr_date day = 0;
	char result[320], summary[256], d[16];
	pr_error err;
	size_t n = 0, i;
	int a, bad = 0, rc;

	/* argv: import sanctions [options and files] */
	for (a = 2; a < cli->argc; a++) {
		const char *arg = cli->argv[a];

		if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
			help();
			return EXIT_CLEAN;
		}
		if ((v = value(cli->argv, cli->argc, &a, "--published",
			       &bad)) != NULL) {
			published = v;
			continue;
		}
		if ((v = value(cli->argv, cli->argc, &a, "--kind", &bad)) !=
		    NULL) {
			kind = v;
			continue;
		}
		if (bad) {
			die_usage("import", "option '%s' needs a value", arg);
			return EXIT_TROUBLE;
		}
		if (arg[0] == '-' && arg[1] != '\0') {
			die_usage("import", "unknown option '%s' (import "
				  "sanctions takes --published and --kind)",
				  arg);
			return EXIT_TROUBLE;
		}
		if (n == PR_SANCTIONS_MAX_FILES) {
			die_usage("import", "more than %d files (one of each "
				  "kind at most)", PR_SANCTIONS_MAX_FILES);
			return EXIT_TROUBLE;
		}
		paths[n] = arg;
		kinds[n] = kind;
		kind = NULL;
		n++;
	}
	if (kind != NULL) {
		die_usage("import", "--kind %s names no file (put it before "
			  "the file)", kind);
		return EXIT_TROUBLE;
	}
	if (n == 0) {
		die_usage("import", "no files given");
		return EXIT_TROUBLE;
	}
	if (published == NULL) {
		die_usage("import", "--published YYYY-MM-DD is required: "
			  "OFAC's legacy CSV files carry no date (give the "
			  "date the list was published)");
		return EXIT_TROUBLE;
	}
	pr_error_clear(&err);
	if (pr_date_parse(&day, published, strlen(published), "YYYY-MM-DD",
			  &err) != PR_OK) {
		die_usage("import", "--published '%s' is not a date "
			  "(YYYY-MM-DD)", published);
		return EXIT_TROUBLE;
	}
	rc = open_case(&st, cli, 0);
	if (rc != EXIT_CLEAN)
		return rc;
	if (pr_store_begin(st, &err) != PR_OK)
		goto fail;
	if (pr_import_sanctions(st, day, n, paths, kinds, warn, NULL, &res,
				&err) != PR_OK)
		goto fail;
	pr_date_format(d, day);
	snprintf(summary, sizeof(summary), "the sanctions lists published "
		 "%s, %llu entr%s, %llu alias%s (%llu weak), %llu address%s, "
		 "%llu digital-currency address%s", d,
		 (unsigned long long)res.entries,
		 res.entries == 1 ? "y" : "ies",
		 (unsigned long long)res.aliases,
		 res.aliases == 1 ? "" : "es",
		 (unsigned long long)res.weak_aliases,
		 (unsigned long long)res.places,
		 res.places == 1 ? "" : "es",
		 (unsigned long long)res.wallets,
		 res.wallets == 1 ? "" : "es");
	snprintf(result, sizeof(result), "imported %lu document%s: %s",
		 (unsigned long)n, n == 1 ? "" : "s", summary);
	if (pr_store_commit(st, "import", cli->argc - 1,
			    (const char *const *)cli->argv + 1, result,
			    &err) != PR_OK)
		goto fail;
	pr_store_close(st);
	for (i = 0; i < res.nfiles; i++)
		printf("%s: %llu %s, SHA-256 %s\n", paths[i],
		       (unsigned long long)res.file[i].records,
		       noun(res.file[i].kind, res.file[i].records),
		       res.file[i].sha256);
	printf("%s\n", summary);
	if (res.orphans > 0)
		printf("%llu line%s skipped: %s entry is not in these files "
		       "(warnings above)\n", (unsigned long long)res.orphans,
		       res.orphans == 1 ? "" : "s",
		       res.orphans == 1 ? "its" : "their");
	return EXIT_CLEAN;
fail:
	pr_store_rollback(st);
	pr_store_close(st);
	report_error(&err);
	fprintf(stderr, "%s: nothing imported; the case is unchanged\n",
		progname);
	return EXIT_TROUBLE;
}
