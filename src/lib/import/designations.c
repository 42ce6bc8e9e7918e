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
#include "store.h"

#include <limits.h>
#include <stdio.h>
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

/*
 * Writing. A designation is checked against the case as its line is
 * written, inside the import's transaction: the victim (imported
 * before), the credit of a flow, the account a rule is limited to, and
 * at least one inflow for every rule (a rule that designates none is
 * most likely a typing error, and would silently leave proceeds
 * undesignated).
 *
 * A flow's credit is looked up by index. A rule by counterparty, memo
 * or account must look at every inflow, so the rules of a file are not
 * counted one by one (one scan of the transactions per rule) but kept
 * and resolved together: pr__rules_resolve reads the inflows once,
 * folds each one's text once, and tests every rule still without an
 * inflow against it in C, stopping when each has one. The rules are
 * resolved at the end of the file, or before any later line's error is
 * reported, so the first error in the file's order is still the one
 * reported, as when each rule was counted on its own line.
 */

/* A rule waiting for the pass, with what its message needs. */
struct rule {
	unsigned long line;
	unsigned long match_column, account_column;
	int by_memo, by_account;
	char *match;            /* as written */
	char *folded;           /* match in ASCII lower case */
	size_t folded_len;
	char *account;          /* '' for any */
	int has_start, has_end;
	pr_date start, end;
	int64_t *ids;           /* the accounts of that ident */
	size_t n_ids;
	int found;
};

struct pr__rules {
	struct rule *r;
	size_t n, cap;
};

static void
rule_clear(struct rule *r)
{
	pr__free(r->match);
	pr__free(r->folded);
	pr__free(r->account);
	pr__free(r->ids);
}

void
pr__rules_free(pr__rules *rules)
{
	size_t i;

	if (rules == NULL)
		return;
	for (i = 0; i < rules->n; i++)
		rule_clear(&rules->r[i]);
	pr__free(rules->r);
	pr__free(rules);
}

/* ASCII lower case, as SQLite's lower() and LIKE fold (no other
 * letter is folded, so neither is it here). */
static void
fold(char *out, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = s[i] >= 'A' && s[i] <= 'Z' ?
			 (char)(s[i] - 'A' + 'a') : s[i];
}

/* Where needle (n bytes, n > 0) first occurs in hay (len bytes) at the
 * start of a character, as instr() counts them; NULL when nowhere. */
static const char *
find(const char *hay, size_t len, const char *needle, size_t n)
{
	const char *p = hay;
	const char *end = hay + len;

	while ((size_t)(end - p) >= n) {
		p = memchr(p, needle[0], (size_t)(end - p) - n + 1);
		if (p == NULL)
			return NULL;
		if (memcmp(p, needle, n) == 0 &&
		    ((unsigned char)*p & 0xC0) != 0x80)
			return p;
		p++;
	}
	return NULL;
}

/*
 * Whether folded text s matches folded memo pattern pat, where '*' is
 * any text and every other character is itself: the pattern's first
 * piece starts the text, its last ends it, and the pieces between are
 * found leftmost in order (which finds a match whenever there is one,
 * '*' being the only wildcard). The same as SQLite's LIKE of the
 * pattern with '*' as '%' and '%', '_' and '\' escaped, as the rule
 * was counted before.
 */
static int
memo_match(const char *s, size_t n, const char *pat, size_t plen)
{
	const char *star = memchr(pat, '*', plen);
	const char *last;
	size_t first_len, last_len, pos, tail;

	if (star == NULL)
		return n == plen && memcmp(s, pat, n) == 0;
	first_len = (size_t)(star - pat);
	if (n < first_len || memcmp(s, pat, first_len) != 0)
		return 0;
	pos = first_len;
	last = pat + plen;
	while (last > star && last[-1] != '*')
		last--;
	last_len = (size_t)(pat + plen - last);
	if (n - pos < last_len)
		return 0;
	tail = n - last_len;
	if (memcmp(s + tail, last, last_len) != 0)
		return 0;
	/* the pieces between the first '*' and the last */
	for (pat = star + 1; pat < last; ) {
		const char *e = memchr(pat, '*', (size_t)(last - pat));
		size_t len = (size_t)(e - pat);
		const char *at;

		if (len > 0) {
			at = find(s + pos, tail - pos, pat, len);
			if (at == NULL)
				return 0;
			pos = (size_t)(at - s) + len;
		}
		pat = e + 1;
	}
	return 1;
}

/* Whether inflow (account, date, folded description and counterparty)
 * is one that rule r designates. */
static int
rule_match(const struct rule *r, int64_t account, pr_date date,
	   const char *desc, size_t dlen, const char *cp, size_t clen)
{
	size_t i;

	if (r->has_start && date < r->start)
		return 0;
	if (r->has_end && date > r->end)
		return 0;
	if (r->account[0] != '\0') {
		for (i = 0; i < r->n_ids && r->ids[i] != account; i++)
			;
		if (i == r->n_ids)
			return 0;
	}
	if (r->by_memo)
		return memo_match(desc, dlen, r->folded, r->folded_len);
	if (r->folded_len == 0)
		return 1;
	return find(desc, dlen, r->folded, r->folded_len) != NULL ||
	       find(cp, clen, r->folded, r->folded_len) != NULL;
}

/* The accounts of rule r's ident (any currency), in r->ids. */
static int
rule_accounts(struct rule *r, pr_store *st, pr_error *err)
{
	sqlite3_stmt *s = st->q[Q_DESIGNATION_ACCOUNT_IDS];
	size_t cap = 0;
	int rc;

	sqlite3_bind_text(s, 1, r->account, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (r->n_ids == cap) {
			int64_t *p;

			cap = cap ? 2 * cap : 4;
			p = pr__realloc(r->ids, cap * sizeof(*p));
			if (p == NULL) {
				pr__stmt_done(s);
				return pr__error_set(err, PR_ENOMEM,
						     "out of memory");
			}
			r->ids = p;
		}
		r->ids[r->n_ids++] = sqlite3_column_int64(s, 0);
	}
	pr__stmt_done(s);
	if (rc != SQLITE_DONE)
		return pr__store_dberr(st, err, "cannot look up evidence");
	return PR_OK;
}

/* The message of a rule that designates no inflow of the case. */
static int
rule_none(const struct rule *r, const char *name, pr_error *err)
{
	char q[64], qa[64], period[64], d1[16], d2[16];
	pr_loc loc;

	period[0] = '\0';
	if (r->has_start)
		pr_date_format(d1, r->start);
	if (r->has_end)
		pr_date_format(d2, r->end);
	if (r->has_start && r->has_end)
		snprintf(period, sizeof(period), " from %s to %s", d1, d2);
	else if (r->has_start)
		snprintf(period, sizeof(period), " from %s", d1);
	else if (r->has_end)
		snprintf(period, sizeof(period), " up to %s", d2);
	pr__quote(qa, sizeof(qa), r->account, strlen(r->account));
	if (r->by_account) {
		pr__import_loc(&loc, name, r->line, *r->account ?
			       r->account_column : r->match_column);
		return pr__error_at(err, PR_ENOTFOUND, &loc, "no inflow to "
				    "'%s'%s in the case", qa, period);
	}
	pr__import_loc(&loc, name, r->line, r->match_column);
	return pr__error_at(err, PR_ENOTFOUND, &loc, "'%s' matches no "
			    "inflow%s%s%s%s in the case",
			    pr__quote(q, sizeof(q), r->match,
				      strlen(r->match)),
			    *r->account ? " to '" : "", qa,
			    *r->account ? "'" : "", period);
}

/* The inflows of the case, in one scan, for the rules' pass. */
static const char inflows_sql[] =
	"SELECT t.account_id, t.date, t.description, t.counterparty"
	" FROM txn t WHERE " PR__CREDIT;

int
pr__rules_resolve(pr__rules *rules, pr_store *st, const char *name,
		  pr_error *err)
{
	sqlite3_stmt *s = NULL;
	struct rule **open = NULL;
	char *buf = NULL;
	size_t cap = 0, n_open = 0, i;
	int rc = PR_OK;

	if (rules == NULL || rules->n == 0)
		return PR_OK;
	open = pr__malloc(rules->n * sizeof(*open));
	if (open == NULL)
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	for (i = 0; i < rules->n; i++)
		open[n_open++] = &rules->r[i];
	if (sqlite3_prepare_v2(st->db, inflows_sql, -1, &s, NULL) !=
	    SQLITE_OK) {
		rc = pr__store_dberr(st, err, "cannot look up evidence");
		goto done;
	}
	while (n_open > 0 && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t acct = sqlite3_column_int64(s, 0);
		pr_date date = (pr_date)sqlite3_column_int(s, 1);
		const char *d = (const char *)sqlite3_column_text(s, 2);
		size_t dl = (size_t)sqlite3_column_bytes(s, 2);
		const char *c = (const char *)sqlite3_column_text(s, 3);
		size_t cl = (size_t)sqlite3_column_bytes(s, 3);

		if (d == NULL || c == NULL) {
			rc = pr__error_set(err, PR_ENOMEM, "out of memory");
			goto done;
		}
		if (dl + cl > cap) {
			char *p;

			cap = 2 * (dl + cl) + 64;
			p = pr__realloc(buf, cap);
			if (p == NULL) {
				rc = pr__error_set(err, PR_ENOMEM,
						   "out of memory");
				goto done;
			}
			buf = p;
		}
		fold(buf, d, dl);
		fold(buf + dl, c, cl);
		for (i = 0; i < n_open; ) {
			if (rule_match(open[i], acct, date, buf, dl, buf + dl,
				       cl)) {
				open[i]->found = 1;
				open[i] = open[--n_open];
			} else {
				i++;
			}
		}
	}
	if (n_open > 0 && rc != SQLITE_DONE) {
		rc = pr__store_dberr(st, err, "cannot look up evidence");
		goto done;
	}
	rc = PR_OK;
	for (i = 0; i < rules->n && rc == PR_OK; i++)
		if (!rules->r[i].found)
			rc = rule_none(&rules->r[i], name, err);
	if (rc == PR_OK) {
		for (i = 0; i < rules->n; i++)
			rule_clear(&rules->r[i]);
		rules->n = 0;
	}
done:
	sqlite3_finalize(s);
	pr__free(buf);
	pr__free(open);
	return rc;
}

/* Keep rule d for the pass. */
static int
rule_keep(pr__rules **rules, pr_store *st, const pr__designation_row *d,
	  pr_error *err)
{
	pr__rules *rs = *rules;
	struct rule *r;
	size_t len;

	if (rs == NULL) {
		rs = pr__calloc(1, sizeof(*rs));
		if (rs == NULL)
			return pr__error_set(err, PR_ENOMEM, "out of memory");
		*rules = rs;
	}
	if (rs->n == rs->cap) {
		size_t cap = rs->cap ? 2 * rs->cap : 16;
		struct rule *p = pr__realloc(rs->r, cap * sizeof(*p));

		if (p == NULL)
			return pr__error_set(err, PR_ENOMEM, "out of memory");
		rs->r = p;
		rs->cap = cap;
	}
	r = &rs->r[rs->n];
	memset(r, 0, sizeof(*r));
	len = strlen(d->match);
	r->line = d->line;
	r->match_column = d->match_column > LONG_MAX ? 0 : d->match_column;
	r->account_column = d->account_column > INT32_MAX ? 0 :
			    d->account_column;
	r->by_memo = strcmp(d->by, "memo") == 0;
	r->by_account = strcmp(d->by, "account") == 0;
	r->has_start = d->has_start;
	r->start = d->start;
	r->has_end = d->has_end;
	r->end = d->end;
	r->match = pr__strdup(d->match);
	r->folded = pr__malloc(len + 1);
	r->account = pr__strdup(d->account);
	rs->n++;
	if (r->match == NULL || r->folded == NULL || r->account == NULL)
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	fold(r->folded, d->match, len);
	r->folded[len] = '\0';
	r->folded_len = len;
	if (*r->account != '\0')
		return rule_accounts(r, st, err);
	return PR_OK;
}

/*
 * The credit a flow designation names: DOCUMENT:LINE must be a bank or
 * exchange row of the case that is a credit, and not designated before
 * (two origins for one credit would make the trace depend on which
 * line came first). *txn gets its id.
 */
static int
designation_flow(pr_store *st, int64_t self, const char *ref,
		 pr_loc *loc, int64_t *txn, pr_error *err)
{
	sqlite3_stmt *s = st->q[Q_DESIGNATION_CREDIT];
	unsigned long line;
	int64_t doc;
	int credit = 0, found;
	char q[64];
	int rc;

	*txn = 0;
	rc = pr__evidence_doc(st, self, ref, loc, &doc, &line, err);
	if (rc != PR_OK)
		return rc;
	pr__quote(q, sizeof(q), ref, strlen(ref));
	sqlite3_bind_int64(s, 1, doc);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)line);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*txn = sqlite3_column_int64(s, 0);
		credit = sqlite3_column_int(s, 1);
	} else if (rc != SQLITE_DONE) {
		rc = pr__store_dberr(st, err, "cannot look up evidence");
		pr__stmt_done(s);
		return rc;
	}
	pr__stmt_done(s);
	if (*txn == 0) {
		rc = pr__evidence_exists(st, doc, line, &found, err);
		if (rc != PR_OK)
			return rc;
		return pr__error_at(err, PR_ENOTFOUND, loc, found ?
				    "'%s' is not a bank or exchange row: "
				    "designate the credit of the account that "
				    "received it" : "no evidence '%s' in the "
				    "case (no record starts on that line)", q);
	}
	if (!credit)
		return pr__error_at(err, PR_EINVALID, loc, "'%s' is a debit: "
				    "only an inflow can be designated", q);
	s = st->q[Q_DESIGNATION_FLOW_DONE];
	sqlite3_bind_int64(s, 1, *txn);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		char where[300], origin[64];

		snprintf(origin, sizeof(origin), "%s",
			 (const char *)sqlite3_column_text(s, 0));
		snprintf(where, sizeof(where), "%s:%lld",
			 (const char *)sqlite3_column_text(s, 1),
			 (long long)sqlite3_column_int64(s, 2));
		pr__stmt_done(s);
		return pr__error_at(err, PR_EEXISTS, loc, "'%s' is already "
				    "designated %s at %s", q, origin, where);
	}
	if (rc != SQLITE_DONE)
		rc = pr__store_dberr(st, err, "cannot look up evidence");
	else
		rc = PR_OK;
	pr__stmt_done(s);
	return rc;
}

/* The checks of one line that need only the case as it is now. */
static int
designation_check(pr_store *st, int64_t doc, const char *name,
		  const pr__designation_row *d, int64_t *txn, pr_error *err)
{
	char role[16], where[300], q[64];
	sqlite3_stmt *s;
	long long n;
	int64_t id;
	pr_loc loc;
	int rc;

	if (strcmp(d->origin, "clean") != 0 &&
	    strcmp(d->origin, "unknown") != 0) {
		rc = pr__party_find(st, d->origin, &id, role, sizeof(role),
				    where, sizeof(where), err);
		if (rc != PR_OK)
			return rc;
		pr__import_loc(&loc, name, d->line, d->origin_column);
		pr__quote(q, sizeof(q), d->origin, strlen(d->origin));
		if (id == 0)
			return pr__error_at(err, PR_ENOTFOUND, &loc, "no "
					    "victim '%s' in the case (import "
					    "victims first)", q);
		if (strcmp(role, "victim") != 0)
			return pr__error_at(err, PR_EINVALID, &loc, "'%s' is "
					    "a %s (%s), not a victim", q, role,
					    where);
	}
	pr__import_loc(&loc, name, d->line, d->match_column > LONG_MAX ? 0 :
		       d->match_column);
	if (strcmp(d->by, "flow") == 0)
		return designation_flow(st, doc, d->match, &loc, txn, err);
	if (*d->account == '\0')
		return PR_OK;
	s = st->q[Q_DESIGNATION_ACCOUNT];
	sqlite3_bind_text(s, 1, d->account, -1, SQLITE_STATIC);
	rc = sqlite3_step(s) == SQLITE_ROW ? PR_OK :
	     pr__store_dberr(st, err, "cannot look up evidence");
	n = rc == PR_OK ? sqlite3_column_int64(s, 0) : 0;
	pr__stmt_done(s);
	if (rc != PR_OK)
		return rc;
	pr__import_loc(&loc, name, d->line, d->account_column > INT32_MAX ?
		       0 : d->account_column);
	if (n == 0)
		return pr__error_at(err, PR_ENOTFOUND, &loc, "no account '%s' "
				    "in the case", pr__quote(q, sizeof(q),
				    d->account, strlen(d->account)));
	return PR_OK;
}

int
pr__designation_write(pr_store *st, int64_t doc, const char *name,
		      pr__rules **rules, const pr__designation_row *d,
		      pr_error *err)
{
	sqlite3_stmt *s;
	int64_t txn = 0;
	int rc;

	rc = designation_check(st, doc, name, d, &txn, err);
	if (rc != PR_OK)
		return rc;
	if (strcmp(d->by, "flow") != 0) {
		rc = rule_keep(rules, st, d, err);
		if (rc != PR_OK)
			return rc;
	}
	s = st->q[Q_DESIGNATION_INSERT];
	sqlite3_bind_int64(s, 1, doc);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)d->line);
	sqlite3_bind_text(s, 3, d->origin, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, d->by, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, d->match, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, d->account, -1, SQLITE_STATIC);
	pr__bind_date(s, 7, d->has_start, d->start);
	pr__bind_date(s, 8, d->has_end, d->end);
	if (txn != 0)
		sqlite3_bind_int64(s, 9, txn);
	else
		sqlite3_bind_null(s, 9);
	sqlite3_bind_text(s, 10, d->reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 11, d->source, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	pr__stmt_done(s);
	if (rc != SQLITE_DONE)
		return pr__store_dberr(st, err, "cannot record "
				       "designation");
	return PR_OK;
}

int
pr__rules_first(pr__rules *rules, pr_store *st, const char *name, int rc,
		pr_error *err)
{
	pr_error mine;

	/* only an error about the file's lines can come after a rule's */
	if (rules == NULL || rules->n == 0 || rc == PR_ENOMEM ||
	    rc == PR_EDB || rc == PR_EBUSY || rc == PR_EIO || rc == PR_OK)
		return rc;
	pr_error_clear(&mine);
	if (pr__rules_resolve(rules, st, name, &mine) == PR_ENOTFOUND) {
		if (err != NULL)
			*err = mine;
		return PR_ENOTFOUND;
	}
	return rc;
}
