/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The canonical statements CSV: one row per account and period with the
 * opening and closing balances printed on the bank's statement, for banks
 * whose transaction exports carry no balances (docs/formats.md).
 */
#include "config.h"
#include "common.h"
#include "csvread.h"
#include "import.h"

#include <string.h>

enum { S_ACCOUNT, S_CURRENCY, S_START, S_END, S_OPENING, S_CLOSING, S_N };

static const char *const names[S_N] = {
	"account", "currency", "start", "end", "opening", "closing"
};

struct stm {
	const pr__import_sink *sink;
	int have_header;
	long col[S_N];
	size_t nfields;
	uint64_t records;
	pr__statement_row row;
};

static int
on_record(const pr__csv_record *rec, void *payload, pr_error *err)
{
	struct stm *s = payload;
	const pr_currency *cur;
	pr__statement_row *r = &s->row;
	pr_error e;
	long c;

	if (!s->have_header) {
		s->have_header = 1;
		s->nfields = rec->n;
		return pr__csv_header(s->col, names, S_N, NULL, "(expected "
				      "account, currency, start, end, opening,"
				      " closing)", rec, err);
	}
	if (pr__csv_width(rec, s->nfields, err) != PR_OK)
		return PR_EPARSE;
	pr_error_clear(&e);
	r->line = rec->line;
	r->account = rec->field[s->col[S_ACCOUNT]];
	if (*r->account == '\0')
		return pr__csv_fail(rec, (size_t)s->col[S_ACCOUNT], err,
			    "empty account");
	c = s->col[S_CURRENCY];
	cur = pr_currency_find(rec->field[c]);
	if (cur == NULL) {
		char q[64], msg[100];

		snprintf(msg, sizeof(msg), "unknown currency '%s'",
			 pr__quote(q, sizeof(q), rec->field[c], rec->len[c]));
		return pr__csv_fail(rec, (size_t)c, err, msg);
	}
	r->currency = cur->code;
	c = s->col[S_START];
	if (pr_date_parse(&r->start, rec->field[c], rec->len[c], "ISO", &e))
		return pr__csv_fail(rec, (size_t)c, err, e.msg);
	c = s->col[S_END];
	if (pr_date_parse(&r->end, rec->field[c], rec->len[c], "ISO", &e))
		return pr__csv_fail(rec, (size_t)c, err, e.msg);
	if (r->end < r->start) {
		char a[11], z[11], msg[100];

		pr_date_format(a, r->start);
		pr_date_format(z, r->end);
		snprintf(msg, sizeof(msg), "period ends on %s, before it "
			 "starts on %s", z, a);
		return pr__csv_fail(rec, (size_t)c, err, msg);
	}
	c = s->col[S_OPENING];
	if (pr_money_parse(r->opening, rec->field[c], rec->len[c],
			   cur->minor, NULL, &e))
		return pr__csv_fail(rec, (size_t)c, err, e.msg);
	c = s->col[S_CLOSING];
	if (pr_money_parse(r->closing, rec->field[c], rec->len[c],
			   cur->minor, NULL, &e))
		return pr__csv_fail(rec, (size_t)c, err, e.msg);
	s->records++;
	return s->sink->statement(r, s->sink->payload, err);
}

int
pr__statements_read(const char *path, const char *name,
		    const pr_import_options *o, const pr__import_sink *sink,
		    pr__read_info *info, pr_error *err)
{
	pr__csv_options co;
	struct stm s;
	int rc;

	memset(&s, 0, sizeof(s));
	memset(&co, 0, sizeof(co));
	s.sink = sink;
	s.row.source = "statement";
	mpz_init(s.row.opening);
	mpz_init(s.row.closing);
	co.delim = ',';
	co.encoding = PR_ENC_UTF8;
	co.progress = o->progress;
	co.progress_payload = o->payload;
	rc = pr__csv_read(path, name, &co, on_record, &s, info->sha256,
			  &info->size, err);
	if (rc == PR_OK && s.records == 0)
		rc = pr__error_set(err, PR_EPARSE, "%s: no statements%s", name,
				   s.have_header ? " after the header" : "");
	info->records = s.records;
	info->statements = s.records;
	mpz_clear(s.row.opening);
	mpz_clear(s.row.closing);
	return rc;
}
