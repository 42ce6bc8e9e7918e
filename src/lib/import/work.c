/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The canonical work CSV, for restitution (18 U.S.C. 1593): per victim
 * the periods worked with hours per workweek, amounts paid, board and
 * lodging credits claimed and other losses (docs/formats.md). The form
 * is checked as the file is read; that the victim is in the case and
 * that periods do not overlap, as the lines are written (pr__work_write,
 * below, called by import.c's writer).
 */
#include "config.h"
#include "common.h"
#include "csvread.h"
#include "import.h"
#include "store.h"

#include <string.h>

enum { K_VICTIM, K_RECORD, K_START, K_END, K_HOURS, K_AMOUNT, K_CURRENCY,
       K_BASIS, K_SOURCE, K_N };

static const char *const names[K_N] = {
	"victim", "record", "start", "end", "hours", "amount", "currency",
	"basis", "source"
};

/* 1978-01-01: the first federal minimum wage of the table (DOMAIN.md). */
#define FIRST_WAGE_DAY 2922
/* Amounts stay far from int64's end, so sums of a case's lines cannot
 * overflow before they reach GMP: 10^15 cents is $10 trillion. */
#define MAX_CENTS 1000000000000000LL

struct work {
	const pr__import_sink *sink;
	int have_header;
	long col[K_N];
	size_t nfields;
	uint64_t records;
	pr__work_row row;
};

/* Column c must be empty for this kind of line. */
static int
unused(const pr__csv_record *rec, const struct work *w, int k,
       const char *kind, pr_error *err)
{
	char msg[120];
	long c = w->col[k];

	if (rec->len[c] == 0)
		return PR_OK;
	snprintf(msg, sizeof(msg), "a %s line has no %s (leave it empty)",
		 kind, names[k]);
	return pr__csv_fail(rec, (size_t)c, err, msg);
}

static int
date(const pr__csv_record *rec, const struct work *w, int k,
     const char *kind, pr_date *out, pr_error *err)
{
	long c = w->col[k];
	char msg[120];
	pr_error e;
	int one;

	if (rec->len[c] == 0) {
		one = strcmp(kind, "paid") == 0 || strcmp(kind, "loss") == 0;
		snprintf(msg, sizeof(msg), "no %s: a %s line needs %s",
			 names[k], kind, one ? "its date" : "the period, "
			 "start and end");
		return pr__csv_fail(rec, (size_t)c, err, msg);
	}
	pr_error_clear(&e);
	if (pr_date_parse(out, rec->field[c], rec->len[c], "ISO", &e))
		return pr__csv_fail(rec, (size_t)c, err, e.msg);
	return PR_OK;
}

/*
 * Hours per workweek: a plain decimal with at most 2 decimals, from 0 to
 * 168 (a workweek is 168 hours), into hundredths. No sign but a '-' that
 * is refused by name, no separators, no exponent.
 */
static int
hours(const pr__csv_record *rec, long c, int64_t *out, pr_error *err)
{
	const char *s = rec->field[c];
	size_t len = rec->len[c], i = 0, d = 0;
	int64_t v = 0;
	int point = 0;

	if (len == 0)
		return pr__csv_fail(rec, (size_t)c, err, "no hours: give the "
				    "hours worked per workweek");
	if (s[0] == '-')
		return pr__csv_bad(rec, c, ": hours cannot be negative", err);
	for (i = 0; i < len; i++) {
		if (s[i] == '.' && !point && i > 0 && i + 1 < len) {
			point = 1;
			continue;
		}
		if (s[i] < '0' || s[i] > '9' || d >= 2 || i >= 12)
			return pr__csv_bad(rec, c, " is not a number of "
					   "hours (expected a decimal such as "
					   "84 or 37.5, at most 2 decimals)",
					   err);
		if (point)
			d++;
		v = v * 10 + (s[i] - '0');
	}
	for (; d < 2; d++)
		v *= 10;
	if (v > 16800)
		return pr__csv_bad(rec, c,
				   ": more hours than a workweek has (168)",
				   err);
	*out = v;
	return PR_OK;
}

/* An amount of US dollars, 0 or more, at most 2 decimals. */
static int
amount(const pr__csv_record *rec, const struct work *w, const char *kind,
       int64_t *out, pr_error *err)
{
	long c = w->col[K_AMOUNT], cc = w->col[K_CURRENCY];
	const char *cur = rec->field[cc];
	pr_money_style style = PR_MONEY_STYLE_INIT;
	char msg[120];
	pr_error e;
	mpz_t v;
	int rc;

	if (rec->len[c] == 0) {
		snprintf(msg, sizeof(msg), "no amount: a %s line needs one",
			 kind);
		return pr__csv_fail(rec, (size_t)c, err, msg);
	}
	if (rec->len[cc] == 0)
		return pr__csv_fail(rec, (size_t)cc, err, "no currency "
				    "(expected USD)");
	if (strcmp(cur, "USD") != 0)
		return pr__csv_bad(rec, cc,
				   pr_currency_find(cur) == NULL ?
				   " is not a currency (expected USD)" :
				   ": restitution is reckoned in US dollars; "
				   "give the amount in USD", err);
	style.thousands = 0;
	pr_error_clear(&e);
	mpz_init(v);
	rc = pr_money_parse(v, rec->field[c], rec->len[c], 2, &style, &e);
	if (rc != PR_OK)
		rc = pr__csv_fail(rec, (size_t)c, err, e.msg);
	else if (mpz_sgn(v) < 0)
		rc = pr__csv_bad(rec, c, ": amounts are 0 or more", err);
	else if (mpz_cmp_si(v, 0) > 0 && (!mpz_fits_slong_p(v) ||
		 mpz_get_si(v) > MAX_CENTS))
		rc = pr__csv_bad(rec, c, ": too large (at most "
				 "10000000000000.00)", err);
	else
		*out = mpz_get_si(v);
	mpz_clear(v);
	return rc;
}

static int
on_record(const pr__csv_record *rec, void *payload, pr_error *err)
{
	struct work *w = payload;
	pr__work_row *row = &w->row;
	const char *kind;
	char q[64], msg[200];
	pr_loc loc;
	long c;
	int rc, single, is_work;

	if (!w->have_header) {
		w->have_header = 1;
		w->nfields = rec->n;
		return pr__csv_header(w->col, names, K_N, NULL,
				      "(expected victim, record, start, end, "
				      "hours, amount, currency, basis, "
				      "source)", rec, err);
	}
	if (pr__csv_width(rec, w->nfields, err) != PR_OK)
		return PR_EPARSE;
	memset(row, 0, sizeof(*row));
	c = w->col[K_VICTIM];
	if (rec->len[c] == 0)
		return pr__csv_fail(rec, (size_t)c, err, "no victim: give the "
				    "victim's pseudonym (V-1 ...)");
	if (!pr__pseudonym_ok(rec->field[c], rec->len[c]) ||
	    rec->field[c][0] != 'V' || rec->field[c][1] != '-')
		return pr__csv_bad(rec, c,
				   " is not a victim's pseudonym (expected "
				   "V-1, V-2 ...)", err);
	c = w->col[K_RECORD];
	kind = rec->field[c];
	if (strcmp(kind, "work") != 0 && strcmp(kind, "paid") != 0 &&
	    strcmp(kind, "lodging") != 0 && strcmp(kind, "loss") != 0) {
		if (rec->len[c] == 0)
			snprintf(msg, sizeof(msg), "no record (expected work, "
				 "paid, lodging or loss)");
		else
			snprintf(msg, sizeof(msg), "unknown record '%s' "
				 "(expected work, paid, lodging or loss)",
				 pr__quote(q, sizeof(q), kind, rec->len[c]));
		return pr__csv_fail(rec, (size_t)c, err, msg);
	}
	is_work = strcmp(kind, "work") == 0;
	single = strcmp(kind, "paid") == 0 || strcmp(kind, "loss") == 0;
	rc = date(rec, w, K_START, kind, &row->start, err);
	if (rc == PR_OK && single)
		rc = unused(rec, w, K_END, kind, err);
	else if (rc == PR_OK)
		rc = date(rec, w, K_END, kind, &row->end, err);
	if (rc != PR_OK)
		return rc;
	if (single)
		row->end = row->start;
	if (row->end < row->start)
		return pr__csv_bad(rec, w->col[K_END],
				   ": the end is before the start", err);
	if (is_work && row->start < FIRST_WAGE_DAY)
		return pr__csv_bad(rec, w->col[K_START],
				   ": the federal minimum wage table starts "
				   "on 1978-01-01", err);
	if (is_work) {
		rc = hours(rec, w->col[K_HOURS], &row->hours, err);
		if (rc == PR_OK)
			rc = unused(rec, w, K_AMOUNT, kind, err);
		if (rc == PR_OK)
			rc = unused(rec, w, K_CURRENCY, kind, err);
	} else {
		rc = unused(rec, w, K_HOURS, kind, err);
		if (rc == PR_OK)
			rc = amount(rec, w, kind, &row->amount, err);
	}
	if (rc != PR_OK)
		return rc;
	c = w->col[K_BASIS];
	if (strcmp(kind, "lodging") == 0) {
		if (strcmp(rec->field[c], "week") != 0 &&
		    strcmp(rec->field[c], "period") != 0) {
			if (rec->len[c] == 0)
				snprintf(msg, sizeof(msg), "no basis (expected "
					 "week or period)");
			else
				snprintf(msg, sizeof(msg), "unknown basis "
					 "'%s' (expected week or period)",
					 pr__quote(q, sizeof(q),
						   rec->field[c],
						   rec->len[c]));
			return pr__csv_fail(rec, (size_t)c, err, msg);
		}
	} else if ((rc = unused(rec, w, K_BASIS, kind, err)) != PR_OK) {
		return rc;
	}
	c = w->col[K_SOURCE];
	if (pr__csv_blank(rec->field[c]))
		return pr__csv_fail(rec, (size_t)c, err, "no source: cite the "
				    "interview, ledger or record relied on");
	row->line = rec->line;
	row->victim = rec->field[w->col[K_VICTIM]];
	row->kind = kind;
	row->currency = is_work ? "" : "USD";
	row->basis = rec->field[w->col[K_BASIS]];
	row->source = rec->field[c];
	pr__csv_field_loc(&loc, rec, (size_t)w->col[K_VICTIM]);
	row->victim_column = loc.column;
	pr__csv_field_loc(&loc, rec, (size_t)w->col[K_START]);
	row->start_column = loc.column;
	w->records++;
	return w->sink->work(row, w->sink->payload, err);
}

int
pr__work_read(const char *path, const char *name,
	      const pr_import_options *o, const pr__import_sink *sink,
	      pr__read_info *info, pr_error *err)
{
	pr__csv_options co;
	struct work w;
	int rc;

	memset(&w, 0, sizeof(w));
	memset(&co, 0, sizeof(co));
	w.sink = sink;
	co.delim = ',';
	co.encoding = PR_ENC_UTF8;
	co.progress = o->progress;
	co.progress_payload = o->payload;
	rc = pr__csv_read(path, name, &co, on_record, &w, info->sha256,
			  &info->size, err);
	if (rc == PR_OK && w.records == 0)
		rc = pr__error_set(err, PR_EPARSE, "%s: no work lines%s", name,
				   w.have_header ? " after the header" : "");
	info->records = w.records;
	return rc;
}

/* Step a lookup: a row (1), none (0) or PR_EDB. */
static int
step(pr_store *st, sqlite3_stmt *s, pr_error *err)
{
	int rc = sqlite3_step(s);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return pr__store_dberr(st, err, "cannot read work lines");
}

/* The lookups of each work line (tests/check_queryplan.c: indexed). */
const char pr__work_find_sql[] =
	"SELECT p.id, p.role, d.name, p.line FROM party p"
	" JOIN document d ON d.id = p.document_id"
	" WHERE p.pseudonym = ?1";
const char pr__work_overlap_sql[] =
	"SELECT w.start_date, w.end_date, d.name, w.line FROM work w"
	" JOIN document d ON d.id = w.document_id"
	" WHERE w.party_id = ?1 AND w.kind = ?2"
	" AND w.start_date <= ?4 AND w.end_date >= ?3"
	" ORDER BY w.start_date, w.id LIMIT 1";

/*
 * Work lines are few (a victim's weeks, not a bank's rows), so each
 * statement is prepared per line rather than kept for the store's life.
 */
int
pr__work_write(pr_store *st, int64_t doc, const char *name,
	       const pr__work_row *r, pr_error *err)
{
	static const char insert_sql[] =
		"INSERT INTO work (document_id, line, party_id, kind,"
		" start_date, end_date, hours, currency, amount, basis,"
		" source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
		" ?11)";
	sqlite3_stmt *s = NULL;
	char q[64], d1[16], d2[16], d3[16], d4[16];
	int64_t party = 0;
	pr_loc loc;
	int rc;

	memset(&loc, 0, sizeof(loc));
	snprintf(loc.path, sizeof(loc.path), "%s", name);
	loc.line = r->line;
	loc.column = r->victim_column;
	pr__quote(q, sizeof(q), r->victim, strlen(r->victim));
	if (sqlite3_prepare_v2(st->db, pr__work_find_sql, -1, &s, NULL) !=
	    SQLITE_OK)
		return pr__store_dberr(st, err, "cannot look up victim");
	sqlite3_bind_text(s, 1, r->victim, -1, SQLITE_STATIC);
	rc = step(st, s, err);
	if (rc == 0) {
		rc = pr__error_at(err, PR_ENOTFOUND, &loc, "no victim '%s' in "
				  "the case (import victims first)", q);
	} else if (rc == 1 && strcmp((const char *)sqlite3_column_text(s, 1),
				     "victim") != 0) {
		rc = pr__error_at(err, PR_EINVALID, &loc, "'%s' is a %s "
				  "(%s:%lld), not a victim", q,
				  (const char *)sqlite3_column_text(s, 1),
				  (const char *)sqlite3_column_text(s, 2),
				  (long long)sqlite3_column_int64(s, 3));
	} else if (rc == 1) {
		party = sqlite3_column_int64(s, 0);
		rc = PR_OK;
	}
	sqlite3_finalize(s);
	s = NULL;
	if (rc != PR_OK)
		return rc;
	/* Two work periods of one victim that share a day would count its
	 * hours twice; two lodging periods, the credit twice. */
	if (strcmp(r->kind, "work") == 0 || strcmp(r->kind, "lodging") == 0) {
		if (sqlite3_prepare_v2(st->db, pr__work_overlap_sql, -1, &s,
				       NULL) != SQLITE_OK)
			return pr__store_dberr(st, err, "cannot read work "
					       "lines");
		sqlite3_bind_int64(s, 1, party);
		sqlite3_bind_text(s, 2, r->kind, -1, SQLITE_STATIC);
		sqlite3_bind_int(s, 3, r->start);
		sqlite3_bind_int(s, 4, r->end);
		rc = step(st, s, err);
		if (rc == 1) {
			pr_date_format(d1, r->start);
			pr_date_format(d2, r->end);
			pr_date_format(d3, sqlite3_column_int(s, 0));
			pr_date_format(d4, sqlite3_column_int(s, 1));
			loc.column = r->start_column;
			rc = pr__error_at(err, PR_EEXISTS, &loc, "%s from %s "
					  "to %s overlaps %s's %s from %s to "
					  "%s at %s:%lld", r->kind, d1, d2, q,
					  r->kind, d3, d4, (const char *)
					  sqlite3_column_text(s, 2),
					  (long long)sqlite3_column_int64(s,
					  3));
		}
		sqlite3_finalize(s);
		s = NULL;
		if (rc != PR_OK)
			return rc;
	}
	if (sqlite3_prepare_v2(st->db, insert_sql, -1, &s, NULL) != SQLITE_OK)
		return pr__store_dberr(st, err, "cannot record work line");
	sqlite3_bind_int64(s, 1, doc);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)r->line);
	sqlite3_bind_int64(s, 3, party);
	sqlite3_bind_text(s, 4, r->kind, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 5, r->start);
	sqlite3_bind_int(s, 6, r->end);
	sqlite3_bind_int64(s, 7, r->hours);
	sqlite3_bind_text(s, 8, r->currency, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 9, r->amount);
	sqlite3_bind_text(s, 10, r->basis, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 11, r->source, -1, SQLITE_STATIC);
	rc = sqlite3_step(s) == SQLITE_DONE ? PR_OK :
	     pr__store_dberr(st, err, "cannot record work line");
	sqlite3_finalize(s);
	return rc;
}
