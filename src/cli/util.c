/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers shared by the commands: errors, the case, output, progress. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

const char *progname = "proceeds";

void
die_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: %s%s", progname, cmd ? cmd : "", cmd ? ": " : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s %s%s--help' for more information.\n",
		progname, cmd ? cmd : "", cmd ? " " : "");
}

int
report_error(const pr_error *err)
{
	char buf[1024];

	pr_error_format(buf, sizeof(buf), err);
	fprintf(stderr, "%s: %s\n", progname, buf);
	return EXIT_TROUBLE;
}

/*
 * The output filter. Once a command has opened the case for reading,
 * stdout is a stream (pr_redact_stream) that takes each line through the
 * case's redaction on its way to the real standard output: victims' and
 * defendants' names become their pseudonyms (but for parties --names),
 * bidi controls are marked and, in a table, control characters escaped.
 * It is a line at a time, so that outputs of 10^7 rows are never held.
 * finish_output puts the real stdout back.
 */
static FILE *real_stdout; /* NULL when stdout is not filtered */
static pr_redact *out_rd;
static int out_errno;     /* a filter that could not be changed */

/* Put a filter with these flags on stdout, in place of the one there
 * (which writes what it holds first). Returns 0, or -1 with errno when
 * the new one cannot be made: the old one then stays. */
static int
output_stream(unsigned flags)
{
	FILE *fp = pr_redact_stream(out_rd, real_stdout, flags);

	if (fp == NULL)
		return -1;
	if (stdout != real_stdout && fclose(stdout) != 0)
		out_errno = errno;
	stdout = fp;
	return 0;
}

int
output_redact(pr_store *st, int names)
{
	pr_redact_options ro = PR_REDACT_OPTIONS_INIT;
	pr_error err;

	pr_error_clear(&err);
	if (finish_output() != EXIT_CLEAN)
		return EXIT_TROUBLE;
	ro.names = names;
	if (pr_redact_new(&out_rd, st, &ro, &err) != PR_OK)
		return report_error(&err);
	real_stdout = stdout;
	if (output_stream(PR_REDACT_ESCAPE) != 0) {
		fprintf(stderr, "%s: %s\n", progname, strerror(errno));
		pr_redact_free(out_rd);
		out_rd = NULL;
		real_stdout = NULL;
		return EXIT_TROUBLE;
	}
	return EXIT_CLEAN;
}

/* Never unfiltered: when the filter cannot be changed, the table's stays
 * and finish_output fails. */
void
output_format(pr_format fmt)
{
	if (real_stdout != NULL &&
	    output_stream(fmt == PR_FORMAT_TABLE ? PR_REDACT_ESCAPE :
			  fmt == PR_FORMAT_CSV ? PR_REDACT_CSV : 0) != 0)
		out_errno = errno;
}

int
open_case(pr_store **st, struct cli *cli, int flags)
{
	pr_error err;
	int rc;

	pr_error_clear(&err);
	if (cli->case_path == NULL) {
		die_usage(cli->argv[0], "no case: give -C CASE or set "
			  "PROCEEDS_CASE");
		return EXIT_TROUBLE;
	}
	if (pr_store_open(st, cli->case_path, flags, &err) != PR_OK)
		return report_error(&err);
	if (!(flags & PR_STORE_READONLY))
		return EXIT_CLEAN;
	rc = output_redact(*st, !cli->real_names);
	if (rc != EXIT_CLEAN) {
		pr_store_close(*st);
		*st = NULL;
	}
	return rc;
}

/* A report cut short by a full disk must not exit 0 (as git does). */
int
finish_output(void)
{
	int bad = 0;

	if (real_stdout != NULL) {
		bad = fclose(stdout) != 0;
		stdout = real_stdout;
		real_stdout = NULL;
		pr_redact_free(out_rd);
		out_rd = NULL;
	}
	if (!bad && out_errno != 0) {
		bad = 1;
		errno = out_errno;
	}
	out_errno = 0;
	if (bad || fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "%s: write error: %s\n", progname,
			strerror(errno));
		return EXIT_TROUBLE;
	}
	return EXIT_CLEAN;
}

/* Progress on stderr, only for a person watching a terminal. */
void
progress_cb(uint64_t done, uint64_t total, void *payload)
{
	const char *name = payload;

	if (!isatty(STDERR_FILENO))
		return;
	if (total > 0)
		fprintf(stderr, "\r%s: %llu%%", name,
			(unsigned long long)(done * 100 / total));
	else
		fprintf(stderr, "\r%s: %llu MiB", name,
			(unsigned long long)(done >> 20));
	if (done >= total)
		fprintf(stderr, "\r\033[K");
}

int
want_help(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return 0;
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0)
			return 1;
	}
	return 0;
}


