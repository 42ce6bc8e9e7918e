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

int
open_case(pr_store **st, struct cli *cli, int flags)
{
	pr_error err;

	pr_error_clear(&err);
	if (cli->case_path == NULL) {
		die_usage(cli->argv[0], "no case: give -C CASE or set "
			  "PROCEEDS_CASE");
		return EXIT_TROUBLE;
	}
	if (pr_store_open(st, cli->case_path, flags, &err) != PR_OK)
		return report_error(&err);
	return EXIT_CLEAN;
}

/* A report cut short by a full disk must not exit 0 (as git does). */
int
finish_output(void)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
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
