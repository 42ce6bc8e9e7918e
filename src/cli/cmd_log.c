/* SPDX-License-Identifier: GPL-3.0-or-later */
/* proceeds log [--verify [--anchor HASH]]: the custody log. */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static int
print_entry(const pr_log_entry *e, void *payload)
{
	size_t i;

	(void)payload;
	printf("%lld %s %s %s\n    documents %s\n", (long long)e->seq, e->at,
	       e->command, e->args, e->documents);
	for (i = 0; i < e->n_rows; i++)
		printf("    wrote %s rows %lld..%lld (%lld row%s), SHA-256 "
		       "%s\n", e->rows[i].table, (long long)e->rows[i].first,
		       (long long)e->rows[i].last, (long long)e->rows[i].count,
		       e->rows[i].count == 1 ? "" : "s", e->rows[i].sha256);
	printf("    result: %s\n    hash %s\n", e->result, e->hash);
	return 0;
}

struct anchor {
	const char *hash;
	int64_t seq; /* the entry that has it; 0 none */
};

static int
find_anchor(const pr_log_entry *e, void *payload)
{
	struct anchor *a = payload;

	if (strcmp(e->hash, a->hash) == 0)
		a->seq = e->seq;
	return 0;
}

static void
help_log(void)
{
	printf("Usage: proceeds -C CASE log [--verify [--anchor HASH]]\n\n"
	       "Print the custody log: one entry per command that changed "
	       "the case, with\nits arguments, the SHA-256 of the documents "
	       "it imported, the rows it wrote\n(per table their rowids and "
	       "a SHA-256 over them), its result and a hash\nchained to the "
	       "entry before (docs/custody.md).\n\n"
	       "  --verify       recompute the chain, every document's "
	       "SHA-256 and every\n"
	       "                 entry's rows from the case; exit 1 naming "
	       "the first entry,\n"
	       "                 table and row found edited, inserted or "
	       "deleted. Prints the\n"
	       "                 head entry's hash: keep it outside the "
	       "case, since whoever\n"
	       "                 can write the case can rewrite the whole "
	       "log after a point\n"
	       "  --anchor HASH  with --verify: also require the entry with "
	       "this hash, as\n"
	       "                 printed by an earlier --verify, to be "
	       "still in the log\n"
	       "  -h, --help     show this help\n\n"
	       "Exit status: 0 intact; 1 altered; 2 on an error.\n");
}

int
cmd_log(struct cli *cli)
{
	enum { O_VERIFY = 1000, O_ANCHOR };
	static const struct option opts[] = {
		{ "verify", no_argument, NULL, O_VERIFY },
		{ "anchor", required_argument, NULL, O_ANCHOR },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct anchor anchor = { NULL, 0 };
	pr_log_status status;
	pr_store *st = NULL;
	pr_error err;
	int verify = 0;
	int c, rc;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(cli->argc, cli->argv, "h", opts, NULL)) !=
	       -1) {
		switch (c) {
		case 'h':
			help_log();
			return EXIT_CLEAN;
		case O_VERIFY:
			verify = 1;
			break;
		case O_ANCHOR:
			anchor.hash = optarg;
			break;
		default:
			die_usage("log", "unknown or incomplete option '%s'",
				  cli->argv[optind - 1]);
			return EXIT_TROUBLE;
		}
	}
	if (optind < cli->argc) {
		die_usage("log", "unexpected argument '%s'",
			  cli->argv[optind]);
		return EXIT_TROUBLE;
	}
	if (anchor.hash != NULL && !verify) {
		die_usage("log", "--anchor goes with --verify");
		return EXIT_TROUBLE;
	}
	if (anchor.hash != NULL && !pr_sha256_is_hex(anchor.hash)) {
		die_usage("log", "--anchor takes an entry's hash: 64 "
			  "lowercase hex digits");
		return EXIT_TROUBLE;
	}
	rc = open_case(&st, cli, PR_STORE_READONLY);
	if (rc != EXIT_CLEAN)
		return rc;
	pr_error_clear(&err);
	if (!verify) {
		if (pr_log_foreach(st, print_entry, NULL, &err) != PR_OK)
			rc = report_error(&err);
		pr_store_close(st);
		return rc != EXIT_TROUBLE ? finish_output() : rc;
	}
	rc = pr_log_verify_status(st, &status, &err);
	if (rc == PR_OK && anchor.hash != NULL)
		rc = pr_log_foreach(st, find_anchor, &anchor, &err);
	pr_store_close(st);
	if (rc == PR_EINVALID) {
		fprintf(stderr, "%s: %s: %s\n", progname, cli->case_path,
			err.msg);
		return EXIT_DIFFERENCES;
	}
	if (rc != PR_OK)
		return report_error(&err);
	if (anchor.hash != NULL && anchor.seq == 0) {
		fprintf(stderr, "%s: %s: no custody log entry has the hash "
			"%s: the log has been rewritten since it was "
			"recorded\n", progname, cli->case_path, anchor.hash);
		return EXIT_DIFFERENCES;
	}
	printf("custody log intact: %lld entr%s, %lld row%s sealed\n",
	       (long long)status.entries, status.entries == 1 ? "y" : "ies",
	       (long long)status.rows, status.rows == 1 ? "" : "s");
	if (status.head_seq > 0)
		printf("head: entry %lld, hash %s\n",
		       (long long)status.head_seq, status.head_hash);
	/* the anchor vouches for the entries up to it; those after it are
	 * for the investigator to recognise as their own */
	if (anchor.hash != NULL)
		printf("anchor: entry %lld, hash %s; %lld entr%s after it\n",
		       (long long)anchor.seq, anchor.hash,
		       (long long)(status.head_seq - anchor.seq),
		       status.head_seq - anchor.seq == 1 ? "y" : "ies");
	return finish_output();
}
