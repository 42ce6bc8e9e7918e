/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The canonical designations CSV: which inflows are proceeds of which
 * victim (or clean, or of unknown origin), by one credit, by
 * counterparty, by a memo pattern or by account and period, each with
 * its reason and source (docs/formats.md). Only the form is checked
 * here; that the origin, the credit or the account is in the case, and
 * that a rule designates at least one inflow, is checked as the lines
 * are written (import.c).
 */
#include "config.h"
#include "common.h"
#include "csvread.h"
#include "import.h"

#include <string.h>

enum { K_ORIGIN, K_BY, K_MATCH, K_ACCOUNT, K_START, K_END, K_REASON,
       K_SOURCE, K_N };

static const char *const names[K_N] = {
	"origin", "by", "match", "account", "start", "end", "reason",
	"source"
};

/* DOCUMENT:LINE, the document named by its file name (at most 255
 * bytes) and the line in plain decimal. */
#define MAX_NAME 255
#define REF_MAX (MAX_NAME + 16)
#define MAX_NUMBER 4294967295UL

struct designations {
	const pr__import_sink *sink;
	int have_header;
	long col[K_N];
	size_t nfields;
	uint64_t records;
	char ref[REF_MAX + 1];
	pr__designation_row row;
};




/* Column c must be empty for this kind of designation. */
static int
unused(const pr__csv_record *rec, long c, const char *what, pr_error *err)
{
	if (rec->len[c] == 0)
		return PR_OK;
	return pr__csv_fail(rec, (size_t)c, err, what);
}

static int
date(const pr__csv_record *rec, long c, int *has, pr_date *out,
     pr_error *err)
{
	pr_error e;

	*has = 0;
	if (rec->len[c] == 0)
		return PR_OK;
	pr_error_clear(&e);
	if (pr_date_parse(out, rec->field[c], rec->len[c], "ISO", &e))
		return pr__csv_fail(rec, (size_t)c, err, e.msg);
	*has = 1;
	return PR_OK;
}

/*
 * One credit named as DOCUMENT:LINE, the line where its record starts,
 * into out with the line in plain decimal. A number after the last ':'
 * is the line, so the document's name may hold a ':'.
 */
static int
flow_ref(char out[REF_MAX + 1], const pr__csv_record *rec, long c,
	 pr_error *err)
{
	const char *s = rec->field[c];
	size_t len = rec->len[c];
	unsigned long long v = 0;
	size_t h, i;

	if (len == 0)
		return pr__csv_fail(rec, (size_t)c, err, "no match: name the "
				    "credit as DOCUMENT:LINE");
	if (len >= 3 && memcmp(s, "tx:", 3) == 0)
		return pr__csv_bad(rec, c,
				   ": an on-chain transaction is not a credit "
				   "of an account; designate the deposit that "
				   "received it", err);
	for (h = len; h > 0 && s[h - 1] != ':'; h--)
		;
	if (h <= 1 || h == len || len - h > 10)
		return pr__csv_bad(rec, c,
				   " is not a credit (expected "
				   "DOCUMENT:LINE)", err);
	for (i = h; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return pr__csv_bad(rec, c,
					   " is not a credit (expected "
					   "DOCUMENT:LINE)", err);
		v = v * 10 + (unsigned long long)(s[i] - '0');
	}
	if (v == 0 || v > MAX_NUMBER)
		return pr__csv_bad(rec, c,
				   ": the line is not a number from 1 to "
				   "4294967295", err);
	h--;
	if (memchr(s, '/', h) != NULL || memchr(s, '\\', h) != NULL)
		return pr__csv_bad(rec, c,
				   ": name the document by its file name, "
				   "without a directory", err);
	if (h > MAX_NAME)
		return pr__csv_bad(rec, c,
				   ": a document's name is at most 255 "
				   "bytes", err);
	memcpy(out, s, h);
	snprintf(out + h, REF_MAX + 1 - h, ":%llu", v);
	return PR_OK;
}

/* Who the money came from: a victim by pseudonym, clean or unknown. */
static int
origin(const pr__csv_record *rec, long c, pr_error *err)
{
	const char *s = rec->field[c];
	size_t len = rec->len[c];

	if (strcmp(s, "clean") == 0 || strcmp(s, "unknown") == 0)
		return PR_OK;
	if (len == 0)
		return pr__csv_fail(rec, (size_t)c, err, "no origin (expected "
				    "a victim's pseudonym, clean or unknown)");
	if (!pr__pseudonym_ok(s, len))
		return pr__csv_bad(rec, c,
				   " is not an origin (expected a victim's "
				   "pseudonym such as V-1, clean or "
				   "unknown)", err);
	if (s[0] != 'V' || s[1] != '-')
		return pr__csv_bad(rec, c,
				   " is not a victim's pseudonym: proceeds "
				   "come from victims (V-N)", err);
	return PR_OK;
}

/* The match column of a rule by text: "" or spaces would designate
 * every inflow, as would a pattern of nothing but '*'. */
static int
text_rule(const pr__csv_record *rec, long c, int memo, pr_error *err)
{
	const char *s = rec->field[c];

	if (pr__csv_blank(s))
		return pr__csv_fail(rec, (size_t)c, err, memo ? "no match: "
				    "give a pattern of the description, '*' "
				    "for any text" : "no match: give text of "
				    "the counterparty or description");
	if (memo && strspn(s, "* ") == rec->len[c])
		return pr__csv_bad(rec, c,
				   " matches every inflow: designate an "
				   "account's inflows by account", err);
	return pr__csv_trimmed(rec, c, err);
}

static int
on_record(const pr__csv_record *rec, void *payload, pr_error *err)
{
	struct designations *d = payload;
	pr__designation_row *row = &d->row;
	const char *by;
	char q[64], msg[200];
	pr_loc loc;
	long c, cm, ca;
	int rc;

	if (!d->have_header) {
		d->have_header = 1;
		d->nfields = rec->n;
		return pr__csv_header(d->col, names, K_N, NULL,
				      "(expected origin, by, match, account, "
				      "start, end, reason, source)", rec, err);
	}
	if (pr__csv_width(rec, d->nfields, err) != PR_OK)
		return PR_EPARSE;
	memset(row, 0, sizeof(*row));
	rc = origin(rec, d->col[K_ORIGIN], err);
	if (rc != PR_OK)
		return rc;
	c = d->col[K_BY];
	cm = d->col[K_MATCH];
	ca = d->col[K_ACCOUNT];
	by = rec->field[c];
	row->match = rec->field[cm];
	row->account = rec->field[ca];
	if (strcmp(by, "flow") == 0) {
		rc = flow_ref(d->ref, rec, cm, err);
		if (rc == PR_OK)
			rc = unused(rec, ca, "a flow names its credit: leave "
				    "account empty", err);
		if (rc == PR_OK)
			rc = unused(rec, d->col[K_START], "a flow names its "
				    "credit: leave start empty", err);
		if (rc == PR_OK)
			rc = unused(rec, d->col[K_END], "a flow names its "
				    "credit: leave end empty", err);
		row->match = d->ref;
	} else if (strcmp(by, "counterparty") == 0 ||
		   strcmp(by, "memo") == 0) {
		rc = text_rule(rec, cm, by[0] == 'm', err);
		if (rc == PR_OK)
			rc = pr__csv_trimmed(rec, ca, err);
	} else if (strcmp(by, "account") == 0) {
		rc = unused(rec, cm, "by account designates every inflow of "
			    "the account: leave match empty", err);
		if (rc == PR_OK && rec->len[ca] == 0)
			rc = pr__csv_fail(rec, (size_t)ca, err, "no account: "
					  "name the account whose inflows are "
					  "designated");
		if (rc == PR_OK)
			rc = pr__csv_trimmed(rec, ca, err);
		if (rc == PR_OK && rec->len[d->col[K_START]] == 0)
			rc = pr__csv_fail(rec, (size_t)d->col[K_START], err,
					  "no start: by account needs the "
					  "period, start and end");
		if (rc == PR_OK && rec->len[d->col[K_END]] == 0)
			rc = pr__csv_fail(rec, (size_t)d->col[K_END], err,
					  "no end: by account needs the "
					  "period, start and end");
	} else {
		if (rec->len[c] == 0)
			snprintf(msg, sizeof(msg), "no by (expected flow, "
				 "counterparty, memo or account)");
		else
			snprintf(msg, sizeof(msg), "unknown by '%s' (expected "
				 "flow, counterparty, memo or account)",
				 pr__quote(q, sizeof(q), by, rec->len[c]));
		return pr__csv_fail(rec, (size_t)c, err, msg);
	}
	if (rc == PR_OK)
		rc = date(rec, d->col[K_START], &row->has_start, &row->start,
			  err);
	if (rc == PR_OK)
		rc = date(rec, d->col[K_END], &row->has_end, &row->end, err);
	if (rc != PR_OK)
		return rc;
	if (row->has_start && row->has_end && row->end < row->start)
		return pr__csv_bad(rec, d->col[K_END],
				   ": the end is before the start", err);
	c = d->col[K_REASON];
	if (pr__csv_blank(rec->field[c]))
		return pr__csv_fail(rec, (size_t)c, err, "no reason: say why "
				    "these inflows are designated so");
	c = d->col[K_SOURCE];
	if (pr__csv_blank(rec->field[c]))
		return pr__csv_fail(rec, (size_t)c, err, "no source: cite the "
				    "interview, report or record relied on");
	row->line = rec->line;
	row->origin = rec->field[d->col[K_ORIGIN]];
	row->by = by;
	row->reason = rec->field[d->col[K_REASON]];
	row->source = rec->field[c];
	pr__csv_field_loc(&loc, rec, (size_t)d->col[K_ORIGIN]);
	row->origin_column = loc.column;
	pr__csv_field_loc(&loc, rec, (size_t)cm);
	row->match_column = loc.column;
	pr__csv_field_loc(&loc, rec, (size_t)ca);
	row->account_column = loc.column;
	d->records++;
	return d->sink->designation(row, d->sink->payload, err);
}

int
pr__designations_read(const char *path, const char *name,
		      const pr_import_options *o,
		      const pr__import_sink *sink, pr__read_info *info,
		      pr_error *err)
{
	pr__csv_options co;
	struct designations d;
	int rc;

	memset(&d, 0, sizeof(d));
	memset(&co, 0, sizeof(co));
	d.sink = sink;
	co.delim = ',';
	co.encoding = PR_ENC_UTF8;
	co.progress = o->progress;
	co.progress_payload = o->payload;
	rc = pr__csv_read(path, name, &co, on_record, &d, info->sha256,
			  &info->size, err);
	if (rc == PR_OK && d.records == 0)
		rc = pr__error_set(err, PR_EPARSE, "%s: no designations%s",
				   name, d.have_header ? " after the header" :
				   "");
	info->records = d.records;
	return rc;
}
