/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The canonical decisions CSV: the analyst's overrides of the matcher
 * (join, never-join, owner), each with the reason it was made
 * (docs/formats.md). Only the form is checked here; whether the evidence
 * named is in the case is checked as the decisions are written
 * (import.c), since a reader knows nothing of the database.
 */
#include "config.h"
#include "common.h"
#include "csvread.h"
#include "import.h"
#include "store.h"

#include <stdio.h>
#include <string.h>

enum { K_ACTION, K_SUBJECT, K_OTHER, K_REASON, K_N };

static const char *const names[K_N] = {
	"action", "subject", "other", "reason"
};

/* A document is named by its file name, which file systems cap at 255
 * bytes; with ":LINE" or "tx:0x<64>:N" a reference fits in REF_MAX. */
#define MAX_NAME 255
#define REF_MAX (MAX_NAME + 16)
#define MAX_NUMBER 4294967295UL

struct decisions {
	const pr__import_sink *sink;
	int have_header;
	long col[K_N];
	size_t nfields;
	uint64_t records;
	char ref[2][REF_MAX + 1]; /* subject and other, canonical */
	pr__decision_row row;
};

static int
is_hex(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

/* A decimal number of at most 10 digits, no sign, no spaces: 1 on
 * success with *out set (it may exceed MAX_NUMBER; callers check). */
static int
number(const char *s, size_t len, unsigned long long *out)
{
	unsigned long long v = 0;
	size_t i;

	if (len == 0 || len > 10)
		return 0;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (unsigned long long)(s[i] - '0');
	}
	*out = v;
	return 1;
}


/*
 * Read the evidence named in field c into its canonical form in out:
 * "tx:" and the hash in lower case (with "0x" when written so) and ":N"
 * for one output; or DOCUMENT:LINE with the line in plain decimal. The
 * line is where the record starts, so a number past the last ':' is
 * the line and the document's name may itself hold a ':'. "tx:" always
 * means a transaction.
 */
static int
evidence(char out[REF_MAX + 1], const pr__csv_record *rec, long c,
	 const char *what, pr_error *err)
{
	const char *s = rec->field[c];
	size_t len = rec->len[c];
	unsigned long long v = 0;
	size_t i, h;
	char msg[120];

	if (len == 0) {
		snprintf(msg, sizeof(msg), "empty %s: expected DOCUMENT:LINE, "
			 "tx:HASH or tx:HASH:N", what);
		return pr__csv_fail(rec, (size_t)c, err, msg);
	}
	if (len >= 3 && memcmp(s, "tx:", 3) == 0) {
		h = 3;
		if (len >= 5 && s[3] == '0' && (s[4] == 'x' || s[4] == 'X'))
			h = 5;
		for (i = h; i < len && is_hex((unsigned char)s[i]); i++)
			;
		if (i - h != 64 || (i < len && s[i] != ':'))
			return pr__csv_bad(rec, c,
					   ": a transaction hash is 64 hex "
					   "digits, after an optional 0x", err);
		if (i < len && (!number(s + i + 1, len - i - 1, &v) ||
				v > MAX_NUMBER))
			return pr__csv_bad(rec, c,
					   ": the output is not a number from "
					   "0 to 4294967295", err);
		for (h = 0; h < i; h++)
			out[h] = (char)(s[h] >= 'A' && s[h] <= 'Z' ?
					s[h] + 32 : s[h]);
		if (i < len)
			snprintf(out + i, REF_MAX + 1 - i, ":%llu", v);
		else
			out[i] = '\0';
		return PR_OK;
	}
	for (h = len; h > 0 && s[h - 1] != ':'; h--)
		;
	if (h <= 1 || !number(s + h, len - h, &v))
		return pr__csv_bad(rec, c,
				   " is not evidence (expected DOCUMENT:LINE, "
				   "tx:HASH or tx:HASH:N)", err);
	if (v == 0 || v > MAX_NUMBER)
		return pr__csv_bad(rec, c,
				   ": the line is not a number from 1 to "
				   "4294967295", err);
	h--; /* the document's name ends before the last ':' */
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

/* Whether two canonical references name the same evidence: a hash
 * written with or without 0x is the same hash. */
static int
same_evidence(const char *a, const char *b)
{
	if (strncmp(a, "tx:", 3) != 0 || strncmp(b, "tx:", 3) != 0)
		return strcmp(a, b) == 0;
	a += strncmp(a, "tx:0x", 5) == 0 ? 5 : 3;
	b += strncmp(b, "tx:0x", 5) == 0 ? 5 : 3;
	return strcmp(a, b) == 0;
}

/*
 * The two names of an owner line, compared by the matcher as written:
 * spaces at either end would make one differ from the same name
 * elsewhere without anyone seeing it.
 */
static int
owner_names(const pr__csv_record *rec, long cs, long co, pr_error *err)
{
	static const char *const what[2] = { "address or account", "party" };
	char q[64], msg[200];
	int k;

	for (k = 0; k < 2; k++) {
		long c = k == 0 ? cs : co;
		const char *s = rec->field[c];
		size_t len = rec->len[c];

		if (len > 0 && s[0] != ' ' && s[0] != '\t' &&
		    s[len - 1] != ' ' && s[len - 1] != '\t')
			continue;
		if (len == 0 && k == 0)
			snprintf(msg, sizeof(msg), "empty subject: name the "
				 "address or account");
		else if (len == 0)
			snprintf(msg, sizeof(msg), "empty party: say who owns "
				 "'%s'", pr__quote(q, sizeof(q),
						   rec->field[cs],
						   rec->len[cs]));
		else
			snprintf(msg, sizeof(msg), "%s '%s' starts or ends "
				 "with a space", what[k],
				 pr__quote(q, sizeof(q), s, len));
		return pr__csv_fail(rec, (size_t)c, err, msg);
	}
	return PR_OK;
}


static int
on_record(const pr__csv_record *rec, void *payload, pr_error *err)
{
	struct decisions *d = payload;
	pr__decision_row *row = &d->row;
	const char *action;
	pr_loc loc;
	long c, cs, co;
	char q[64], msg[200];
	int rc;

	if (!d->have_header) {
		d->have_header = 1;
		d->nfields = rec->n;
		return pr__csv_header(d->col, names, K_N, NULL,
				      "(expected action, subject, other, "
				      "reason)", rec, err);
	}
	if (pr__csv_width(rec, d->nfields, err) != PR_OK)
		return PR_EPARSE;
	c = d->col[K_ACTION];
	cs = d->col[K_SUBJECT];
	co = d->col[K_OTHER];
	action = rec->field[c];
	if (strcmp(action, "join") == 0 || strcmp(action, "never-join") == 0) {
		rc = evidence(d->ref[0], rec, cs, "subject", err);
		if (rc == PR_OK)
			rc = evidence(d->ref[1], rec, co, "other", err);
		if (rc != PR_OK)
			return rc;
		if (same_evidence(d->ref[0], d->ref[1])) {
			snprintf(msg, sizeof(msg), "same evidence twice: "
				 "subject and other are both '%s'",
				 pr__quote(q, sizeof(q), d->ref[1],
					   strlen(d->ref[1])));
			return pr__csv_fail(rec, (size_t)co, err, msg);
		}
		row->subject = d->ref[0];
		row->other = d->ref[1];
	} else if (strcmp(action, "owner") == 0) {
		/* The address or account is kept as written: it is compared
		 * with the case's own text, whose form varies by source. */
		rc = owner_names(rec, cs, co, err);
		if (rc != PR_OK)
			return rc;
		row->subject = rec->field[cs];
		row->other = rec->field[co];
	} else {
		snprintf(msg, sizeof(msg), "unknown action '%s' (expected "
			 "join, never-join or owner)",
			 pr__quote(q, sizeof(q), action, rec->len[c]));
		return pr__csv_fail(rec, (size_t)c, err, msg);
	}
	c = d->col[K_REASON];
	if (pr__csv_blank(rec->field[c]))
		return pr__csv_fail(rec, (size_t)c, err, "no reason: say why "
				    "the analyst decided this");
	row->line = rec->line;
	row->action = action;
	row->reason = rec->field[c];
	pr__csv_field_loc(&loc, rec, (size_t)cs);
	row->subject_column = loc.column;
	pr__csv_field_loc(&loc, rec, (size_t)co);
	row->other_column = loc.column;
	d->records++;
	return d->sink->decision(row, d->sink->payload, err);
}

int
pr__decisions_read(const char *path, const char *name,
		   const pr_import_options *o, const pr__import_sink *sink,
		   pr__read_info *info, pr_error *err)
{
	pr__csv_options co;
	struct decisions d;
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
		rc = pr__error_set(err, PR_EPARSE, "%s: no decisions%s", name,
				   d.have_header ? " after the header" : "");
	info->records = d.records;
	return rc;
}

/*
 * Writing: whether what a decision names is in the case is checked as
 * the line is written, inside the import's transaction. Decisions are a
 * small kind (an analyst's lines, not a bank's rows): the reader calls
 * pr__decision_write for each line directly, without the pipeline.
 */

/* A reference to evidence in the case's own form: "tx:", a hash of up
 * to 66 characters and ":N", or a document name and ":LINE". */
enum { D_REF_MAX = 300 };

void
pr__import_loc(pr_loc *loc, const char *name, unsigned long line,
	       unsigned long column)
{
	memset(loc, 0, sizeof(*loc));
	snprintf(loc->path, sizeof(loc->path), "%s", name);
	loc->line = line;
	loc->column = column;
}

/* Step a lookup that returns one row; anything else is the database's
 * error (the statement is left for the caller to reset). */
static int
step_one(pr_store *st, sqlite3_stmt *s, pr_error *err)
{
	if (sqlite3_step(s) == SQLITE_ROW)
		return PR_OK;
	return pr__store_dberr(st, err, "cannot look up evidence");
}

void
pr__stmt_done(sqlite3_stmt *s)
{
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
}

/*
 * tx:HASH or tx:HASH:N (as the reader left it: lower case, 64 hex digits
 * after an optional 0x) must be a transaction of the case, with output N
 * when one is named. out gets the reference with the hash as the case
 * has it, so the matcher compares decisions and transactions as text.
 */
static int
decision_tx(pr_store *st, char out[D_REF_MAX], const char *ref,
	    pr_loc *loc, pr_error *err)
{
	sqlite3_stmt *s = st->q[Q_DECISION_TX];
	const char *h = ref + 3;
	const char *n;
	char with0x[67], q[64];
	unsigned long long idx = 0;
	long long outs;
	int rc;

	if (strncmp(h, "0x", 2) == 0)
		h += 2;
	n = h[64] == ':' ? h + 65 : NULL;
	for (; n != NULL && *n != '\0'; n++)
		idx = idx * 10 + (unsigned long long)(*n - '0');
	memcpy(with0x, "0x", 2);
	memcpy(with0x + 2, h, 64);
	with0x[66] = '\0';
	sqlite3_bind_text(s, 1, h, 64, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, with0x, 66, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_DONE) {
		pr__stmt_done(s);
		return pr__error_at(err, PR_ENOTFOUND, loc, "no transaction "
				    "'%s' in the case", pr__quote(q, sizeof(q),
				    ref, strlen(ref)));
	}
	if (rc != SQLITE_ROW) {
		rc = pr__store_dberr(st, err, "cannot look up evidence");
		pr__stmt_done(s);
		return rc;
	}
	outs = sqlite3_column_int64(s, 1);
	if (h[64] == ':')
		snprintf(out, D_REF_MAX, "tx:%s:%llu",
			 (const char *)sqlite3_column_text(s, 0), idx);
	else
		snprintf(out, D_REF_MAX, "tx:%s",
			 (const char *)sqlite3_column_text(s, 0));
	pr__stmt_done(s);
	if (h[64] == ':' && idx >= (unsigned long long)outs)
		return pr__error_at(err, PR_ENOTFOUND, loc, "no output %llu "
				    "of '%s' in the case: it has %lld "
				    "output%s", idx, pr__quote(q, sizeof(q),
				    ref, (size_t)(h + 64 - ref)), outs,
				    outs == 1 ? "" : "s");
	return PR_OK;
}

/* How many documents other than the decisions file itself (self) the
 * statement finds for text (a name, or a SHA-256 prefix), and the
 * first of them. */
static int
doc_count(pr_store *st, sqlite3_stmt *s, const char *text, int len,
	  int64_t self, long long *count, long long *doc, pr_error *err)
{
	int rc;

	sqlite3_bind_text(s, 1, text, len, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, self);
	rc = step_one(st, s, err);
	*count = rc == PR_OK ? sqlite3_column_int64(s, 0) : 0;
	*doc = rc == PR_OK ? sqlite3_column_int64(s, 1) : 0;
	pr__stmt_done(s);
	return rc;
}

int
pr__evidence_doc(pr_store *st, int64_t self, const char *ref, pr_loc *loc,
		 int64_t *doc_out, unsigned long *line_out, pr_error *err)
{
	sqlite3_stmt *s = st->q[Q_DECISION_DOC_NAME];
	const char *colon = strrchr(ref, ':');
	int name_len = (int)(colon - ref);
	unsigned long line = 0;
	long long count, doc;
	int by_sha = 0;
	const char *p;
	char q[64], lo[65];
	int rc, i;

	for (p = colon + 1; *p != '\0'; p++)
		line = line * 10 + (unsigned long)(*p - '0');
	rc = doc_count(st, s, ref, name_len, self, &count, &doc, err);
	if (rc != PR_OK)
		return rc;
	if (count == 0 && name_len >= 12 && name_len <= 64 &&
	    strspn(ref, "0123456789abcdefABCDEF") == (size_t)name_len) {
		/* the prefix in lower case, as SHA-256s are stored: the
		 * statement finds them as a range of the sha256 index */
		for (i = 0; i < name_len; i++)
			lo[i] = ref[i] >= 'A' && ref[i] <= 'F' ?
				(char)(ref[i] - 'A' + 'a') : ref[i];
		lo[name_len] = '\0';
		by_sha = 1;
		rc = doc_count(st, st->q[Q_DECISION_DOC_SHA], lo, name_len,
			       self, &count, &doc, err);
		if (rc != PR_OK)
			return rc;
	}
	pr__quote(q, sizeof(q), ref, (size_t)name_len);
	if (count == 0)
		return pr__error_at(err, PR_ENOTFOUND, loc, "no document "
				    "named '%s' in the case", q);
	if (count > 1 && by_sha)
		return pr__error_at(err, PR_EINVALID, loc, "'%s' starts the "
				    "SHA-256 of %lld documents in the case; "
				    "give more of it", q, count);
	if (count > 1)
		return pr__error_at(err, PR_EINVALID, loc, "'%s' names %lld "
				    "documents in the case; name one by the "
				    "start of its SHA-256 (12 or more hex "
				    "digits, see proceeds documents)", q,
				    count);
	*doc_out = doc;
	*line_out = line;
	return PR_OK;
}

int
pr__evidence_exists(pr_store *st, int64_t doc, unsigned long line,
		    int *found, pr_error *err)
{
	sqlite3_stmt *s = st->q[Q_DECISION_EVIDENCE];
	int rc;

	sqlite3_bind_int64(s, 1, doc);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)line);
	rc = step_one(st, s, err);
	*found = rc == PR_OK && sqlite3_column_int64(s, 0) != 0;
	pr__stmt_done(s);
	return rc;
}

/*
 * DOCUMENT:LINE must be a record of the case: a bank or exchange row,
 * a wire, an on-chain transaction, an asset or an asset's event that
 * starts on that line of that document.
 */
static int
decision_doc(pr_store *st, int64_t self, const char *ref, pr_loc *loc,
	     pr_error *err)
{
	unsigned long line;
	int64_t doc;
	int found;
	char q[64];
	int rc;

	rc = pr__evidence_doc(st, self, ref, loc, &doc, &line, err);
	if (rc == PR_OK)
		rc = pr__evidence_exists(st, doc, line, &found, err);
	if (rc != PR_OK)
		return rc;
	if (!found)
		return pr__error_at(err, PR_ENOTFOUND, loc, "no evidence "
				    "'%s' in the case (no record starts on "
				    "that line)", pr__quote(q, sizeof(q), ref,
							    strlen(ref)));
	return PR_OK;
}

/*
 * Record a decision once what it names is known to be in the case: a
 * join or never-join of evidence the case does not hold would silently
 * do nothing, so it is refused at the decisions file's line and column.
 * The owner of an address or account is not evidence and is kept as
 * written (it may name what is still to be subpoenaed).
 */
int
pr__decision_write(pr_store *st, int64_t doc, const char *name,
		   const pr__decision_row *d, pr_error *err)
{
	sqlite3_stmt *s = st->q[Q_DECISION_INSERT];
	char ref[2][D_REF_MAX];
	const char *subject = d->subject;
	const char *other = d->other;
	pr_loc loc;
	int i;
	int rc;

	for (i = 0; i < 2 && strcmp(d->action, "owner") != 0; i++) {
		const char *r = i == 0 ? d->subject : d->other;
		unsigned long col = i == 0 ? d->subject_column :
				    d->other_column;

		/* columns past INT32_MAX were never told (as before) */
		pr__import_loc(&loc, name, d->line, col > INT32_MAX ? 0 :
			       col);
		if (strncmp(r, "tx:", 3) == 0) {
			rc = decision_tx(st, ref[i], r, &loc, err);
			if (i == 0)
				subject = ref[i];
			else
				other = ref[i];
		} else {
			rc = decision_doc(st, doc, r, &loc, err);
		}
		if (rc != PR_OK)
			return rc;
	}
	sqlite3_bind_int64(s, 1, doc);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)d->line);
	sqlite3_bind_text(s, 3, d->action, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, subject, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, other, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, d->reason, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return pr__store_dberr(st, err, "cannot record decision");
	return PR_OK;
}
