/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * proceeds demo: build the demo case from the demo files installed with
 * the program (or $PROCEEDS_DEMO_DIR, or the source tree's when it runs
 * from its build tree: datadir.c), step by step as an investigator
 * would, write its exhibits, and print where they are and the headline
 * figures. The steps are data: demo.steps in the demo directory, one
 * command per line, so the installed demo and the one in the source tree
 * (fixtures/demo/run.sh reads the same file) cannot drift apart.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_ARGS 64

static void
help(void)
{
	printf("Usage: proceeds demo [--out DIR] [--force]\n\n"
	       "Build the demo case (a fictional trafficking case: three "
	       "victims, two\ndefendants, bank accounts, wires, a house, a "
	       "car, an exchange and a bitcoin\nwallet) from the demo files "
	       "installed with proceeds, one command at a time,\nprinting "
	       "each command and what it shows; then write the court "
	       "exhibits and\nprint where they are and the headline "
	       "figures.\n\n"
	       "Options:\n"
	       "  -o, --out DIR   where to put the case (DIR/demo.case) and "
	       "the exhibits\n"
	       "                  (DIR/exhibits); default proceeds-demo\n"
	       "      --force     replace the case and exhibits of an "
	       "earlier run in DIR\n"
	       "  -h, --help      show this help\n\n"
	       "The demo files are read from $PROCEEDS_DEMO_DIR, else from "
	       "%s.\n\n"
	       "Exit status: 0; 2 when a step does not give what it "
	       "should.\n", data_demo_dir());
}

/* Split a step's command into words: blanks separate, "..." groups. */
static int
split(char *line, char **argv, int max)
{
	int n = 0;
	char *p = line, *w;

	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			return n;
		if (n == max)
			return -1;
		if (*p == '"') {
			w = ++p;
			while (*p && *p != '"')
				p++;
			if (*p != '"')
				return -1;
		} else {
			w = p;
			while (*p && *p != ' ' && *p != '\t')
				p++;
		}
		argv[n++] = w;
		if (*p == '\0')
			return n;
		*p++ = '\0';
	}
}

/* Run one command as the user would, after printing it (shown, when
 * given, is what to print instead of argv: no machine paths). */
static int
run(const char *case_path, char **argv, int argc, int want,
    const char *shown)
{
	struct cli c;
	int i, rc;

	printf("$ proceeds");
	if (shown != NULL)
		printf(" %s", shown);
	for (i = 0; shown == NULL && i < argc; i++)
		printf(strpbrk(argv[i], " \t") ? " \"%s\"" : " %s", argv[i]);
	printf("\n");
	fflush(stdout);
	c.case_path = case_path;
	c.real_names = 0;
	c.argc = argc;
	c.argv = argv;
	rc = dispatch(&c);
	fflush(stdout);
	if (rc != want) {
		fprintf(stderr, "%s: demo: '%s' exited %d, expected %d\n",
			progname, argv[0], rc, want);
		return -1;
	}
	return 0;
}

/* Run demo.steps: "step TEXT", "run ARGS", "expect CODE ARGS", '#'
 * comments, and a trailing '\' continues a line. */
static int
steps(FILE *fp, const char *name, const char *case_path)
{
	char line[4096], *argv[MAX_ARGS];
	size_t len = 0;
	unsigned long no = 0;

	while (fgets(line + len, (int)(sizeof(line) - len), fp) != NULL) {
		char *p;
		int argc, want = 0;

		no++;
		len = strcspn(line, "\n");
		line[len] = '\0';
		if (len > 0 && line[len - 1] == '\\') {
			line[--len] = ' ';
			len++;
			if (len + 2 >= sizeof(line))
				goto bad;
			continue;
		}
		len = 0;
		p = line;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0' || *p == '#')
			continue;
		if (strncmp(p, "step ", 5) == 0) {
			printf("\n== %s\n", p + 5);
			continue;
		}
		if (strncmp(p, "expect ", 7) == 0) {
			want = (int)strtol(p + 7, &p, 10);
		} else if (strncmp(p, "run ", 4) == 0) {
			p += 4;
		} else {
			goto bad;
		}
		argc = split(p, argv, MAX_ARGS);
		if (argc <= 0)
			goto bad;
		if (run(case_path, argv, argc, want, NULL) != 0)
			return -1;
	}
	return 0;
bad:
	fprintf(stderr, "%s: %s:%lu: not a step (step TEXT, run ARGS or "
		"expect CODE ARGS)\n", progname, name, no);
	return -1;
}

static char *
join(const char *a, const char *b)
{
	char *p = malloc(strlen(a) + strlen(b) + 2);

	if (p != NULL)
		sprintf(p, "%s/%s", a, b);
	return p;
}

/* The headline: per victim what came in and where it is, under libr. */
static int
headline(const char *case_path)
{
	pr_trace_options to = PR_TRACE_OPTIONS_INIT, po;
	pr_schedule *s = NULL;
	pr_trace *t = NULL, *poison = NULL;
	pr_flows *f = NULL;
	pr_store *st = NULL;
	pr_error err;
	size_t k, i, h;
	int rc = EXIT_CLEAN;

	pr_error_clear(&err);
	if (pr_store_open(&st, case_path, PR_STORE_READONLY, &err) != PR_OK) {
		rc = report_error(&err);
		goto done;
	}
	rc = output_redact(st, 1);
	if (rc != EXIT_CLEAN)
		goto done;
	/* one flow graph: the rule's trace (keeping the movements the
	 * schedule cites) and poison's, for the schedule */
	to.keep_movements = 1;
	po = to;
	po.method = PR_METHOD_POISON;
	po.keep_movements = 0;
	if (pr_flows_build(&f, st, NULL, &err) != PR_OK ||
	    pr_trace_run(&t, f, &to, &err) != PR_OK ||
	    pr_trace_run(&poison, f, &po, &err) != PR_OK ||
	    pr_schedule_of(&s, t, poison, &err) != PR_OK) {
		rc = report_error(&err);
		goto done;
	}
	printf("\nHeadline figures (USD; rule libr; every rule side by side "
	       "in the exhibits)\n%-8s %14s %14s %14s\n", "VICTIM",
	       "CAME IN", "HELD NOW", "LEFT THE CASE");
	for (k = 2; k < pr_trace_origin_count(t); k++) {
		int64_t in = 0, held = 0, left = 0;
		char a[64], b[64], c[64];
		mpz_t z;

		for (h = 0; h < pr_trace_holder_count(t); h++) {
			if (strcmp(pr_trace_holder_currency(t, h), "USD"))
				continue;
			in += pr_trace_inflow_units(t, h, k);
			held += pr_trace_held_units(t, h, k);
		}
		for (h = 0; h < pr_trace_sink_count(t); h++)
			if (strcmp(pr_trace_sink_currency(t, h), "USD") == 0)
				left += pr_trace_sunk_units(t, h, k);
		mpz_init_set_si(z, (long)in);
		pr_money_format(a, sizeof(a), z, 2, PR_FMT_GROUP);
		mpz_set_si(z, (long)held);
		pr_money_format(b, sizeof(b), z, 2, PR_FMT_GROUP);
		mpz_set_si(z, (long)left);
		pr_money_format(c, sizeof(c), z, 2, PR_FMT_GROUP);
		mpz_clear(z);
		printf("%-8s %14s %14s %14s\n", pr_trace_origin(t, k), a, b,
		       c);
	}
	printf("\nForfeiture schedule: traced per victim\n");
	for (i = 0; i < s->n_items; i++) {
		const pr_schedule_item *it = &s->items[i];
		char a[64];
		mpz_t z;

		printf("%2u %-16s %s\n", it->number,
		       pr_asset_class_name(it->cls), it->identifier);
		for (k = 0; k < s->n_victims; k++) {
			if (it->traced[k] == 0)
				continue;
			mpz_init_set_si(z, (long)it->traced[k]);
			pr_money_format(a, sizeof(a), z, it->minor,
					PR_FMT_GROUP);
			mpz_clear(z);
			printf("     %-6s %14s %s\n", s->victims[k], a,
			       it->currency);
		}
	}
	if (finish_output() != EXIT_CLEAN)
		rc = EXIT_TROUBLE;
done:
	pr_schedule_free(s);
	pr_trace_free(poison);
	pr_trace_free(t);
	pr_flows_free(f);
	pr_store_close(st);
	return rc;
}

int
cmd_demo(struct cli *cli)
{
	static const struct option opts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "force", no_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *out = "proceeds-demo", *dir = getenv("PROCEEDS_DEMO_DIR");
	int from_env = dir != NULL && *dir != '\0';
	char *abs = NULL, *case_path = NULL, *ex = NULL, *sf = NULL;
	char *exargv[5], shown[PATH_MAX + 64];
	int c, rc = EXIT_TROUBLE, force = 0, n = 0;
	struct stat sb;
	FILE *fp = NULL;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(cli->argc, cli->argv, "o:h", opts, NULL)) !=
	       -1) {
		if (c == 'h') {
			help();
			return EXIT_CLEAN;
		} else if (c == 'o') {
			out = optarg;
		} else if (c == 'F') {
			force = 1;
		} else {
			die_usage("demo", "unknown or incomplete option '%s'",
				  cli->argv[optind - 1]);
			return EXIT_TROUBLE;
		}
	}
	if (optind < cli->argc) {
		die_usage("demo", "unexpected argument '%s'",
			  cli->argv[optind]);
		return EXIT_TROUBLE;
	}
	if (!from_env)
		dir = data_demo_dir();
	if (mkdir(out, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "%s: demo: cannot create %s: %s\n", progname,
			out, strerror(errno));
		return EXIT_TROUBLE;
	}
	abs = realpath(out, NULL);
	sf = join(dir, "demo.steps");
	if (abs == NULL || sf == NULL ||
	    (case_path = join(abs, "demo.case")) == NULL ||
	    (ex = join(abs, "exhibits")) == NULL) {
		fprintf(stderr, "%s: demo: %s: %s\n", progname, out,
			strerror(errno ? errno : ENOMEM));
		goto done;
	}
	if (stat(case_path, &sb) == 0) {
		if (!force) {
			fprintf(stderr, "%s: demo: %s/demo.case exists: give "
				"--force to replace it, or another --out\n",
				progname, out);
			goto done;
		}
		{
			static const char *const ext[] = { "", "-wal",
							   "-shm" };
			size_t k, len = strlen(case_path) + 8;
			char *w = malloc(len);

			for (k = 0; w != NULL && k < 3; k++) {
				snprintf(w, len, "%s%s", case_path, ext[k]);
				unlink(w);
			}
			free(w);
		}
	}
	fp = fopen(sf, "r");
	if (fp == NULL) {
		/* say where the directory came from */
		fprintf(stderr, "%s: demo: %s: %s (looked in %s%s%s; set "
			"PROCEEDS_DEMO_DIR to the demo files)\n", progname, sf,
			strerror(errno), from_env ? "$PROCEEDS_DEMO_DIR=" : "",
			dir, from_env ? "" : data_srcdir() ?
			", the source tree's demo files" :
			", the installed demo files");
		goto done;
	}
	if (chdir(dir) != 0) {
		fprintf(stderr, "%s: demo: %s: %s\n", progname, dir,
			strerror(errno));
		goto done;
	}
	if (steps(fp, "demo.steps", case_path) != 0)
		goto done;
	printf("\n== Write the court exhibits\n");
	exargv[n++] = "exhibit";
	exargv[n++] = "--out";
	exargv[n++] = ex;
	if (force)
		exargv[n++] = "--force";
	exargv[n] = NULL;
	snprintf(shown, sizeof(shown), "exhibit --out %s/exhibits%s", out,
		 force ? " --force" : "");
	if (run(case_path, exargv, n, 0, shown) != 0)
		goto done;
	rc = headline(case_path);
	if (rc == EXIT_CLEAN)
		printf("\nThe case is %s/demo.case and its exhibits are in "
		       "%s/exhibits:\nopen %s/exhibits/report.html, or check "
		       "them with\n  proceeds -C %s/demo.case verify "
		       "%s/exhibits\n", out, out, out, out, out);
done:
	if (fp != NULL)
		fclose(fp);
	free(abs);
	free(sf);
	free(case_path);
	free(ex);
	return rc;
}
