/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The proceeds command-line tool: shared declarations. */
#ifndef PR_CLI_H
#define PR_CLI_H

#include <proceeds.h>

/* Exit codes, as diff: 0 clean, 1 differences found, 2 trouble. */
enum { EXIT_CLEAN = 0, EXIT_DIFFERENCES = 1, EXIT_TROUBLE = 2 };

struct cli {
	const char *case_path; /* -C or PROCEEDS_CASE */
	int real_names;        /* parties --names: stdout shows real names */
	int argc;              /* the command's own arguments */
	char **argv;           /* argv[0] is the command name */
};

typedef int (*cmd_fn)(struct cli *cli);

struct command {
	const char *name;
	cmd_fn fn;
	const char *summary;
};

int cmd_demo(struct cli *cli);
int cmd_documents(struct cli *cli);
int cmd_exhibit(struct cli *cli);
int cmd_flows(struct cli *cli);
int cmd_import(struct cli *cli);
/* cmd_import_sanctions.c: import sanctions, called by cmd_import */
int cmd_import_sanctions(struct cli *cli);
int cmd_init(struct cli *cli);
int cmd_log(struct cli *cli);
int cmd_parties(struct cli *cli);
int cmd_reconcile(struct cli *cli);
int cmd_remission(struct cli *cli);
int cmd_restitution(struct cli *cli);
int cmd_schedule(struct cli *cli);
int cmd_screen(struct cli *cli);
int cmd_trace(struct cli *cli);
int cmd_verify(struct cli *cli);
int cmd_wires(struct cli *cli);
/* bsa13: cmd_bsa.c */
int cmd_bsa(struct cli *cli);
int cmd_import_bsa(struct cli *cli);

/* main.c: run the command cli->argv[0] names (as main does) */
int dispatch(struct cli *cli);

/* util.c */
extern const char *progname;
void die_usage(const char *cmd, const char *fmt, ...);
int report_error(const pr_error *err);
/* Open the case; opened for reading, stdout then filters every line
 * through the case's redaction (names by pseudonym unless
 * cli->real_names, bidi controls marked) and escapes control characters
 * as for a table: a command that prints CSV or JSON says so with
 * output_format. finish_output flushes and puts the real stdout back. */
int open_case(pr_store **st, struct cli *cli, int flags);
int output_redact(pr_store *st, int names);
void output_format(pr_format fmt);
int finish_output(void);
void progress_cb(uint64_t done, uint64_t total, void *payload);
int want_help(int argc, char **argv);

/* datadir.c: the profiles and demo files: the installed directories, or
 * the source tree's when the program runs from its build tree (then
 * data_srcdir is the source tree, else NULL) */
const char *data_srcdir(void);
const char *data_profile_dir(void);
const char *data_demo_dir(void);

/* options.c: --window (c = 'w') and --fee-tolerance ('t') */
int match_option(int c, const char *arg, pr_match_options *mo);

/*
 * The trace's options, for every command that traces (trace, schedule,
 * restitution, exhibit), with the matcher's (-w, -t) for the flows it
 * traces: put TRACE_LONG_OPTIONS in the getopt_long table
 * and "m:w:t:" in the short ones, and hand each option to trace_option:
 * 1 when it was one of them, 0 when not, -1 when its argument is bad
 * (reported, as cmd's usage error). TRACE_OPTIONS_HELP is their --help.
 */
enum { O_TR_VFIFO = 900, O_TR_FEE, O_TR_ASOF, O_TR_ALLOW, O_TR_INTRADAY };
#define TRACE_LONG_OPTIONS \
	{ "method", required_argument, NULL, 'm' }, \
	{ "victims-fifo", no_argument, NULL, O_TR_VFIFO }, \
	{ "fee-pro-rata", no_argument, NULL, O_TR_FEE }, \
	{ "as-of", required_argument, NULL, O_TR_ASOF }, \
	{ "allow-unreconciled", no_argument, NULL, O_TR_ALLOW }, \
	{ "intraday", required_argument, NULL, O_TR_INTRADAY }, \
	{ "window", required_argument, NULL, 'w' }, \
	{ "fee-tolerance", required_argument, NULL, 't' }
int trace_option(const char *cmd, int c, const char *arg,
		 pr_trace_options *to, pr_match_options *mo);
extern const char TRACE_OPTIONS_HELP[];

#endif
