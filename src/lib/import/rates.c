/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The canonical rates CSV: dated exchange rates, each exact (a decimal or
 * a fraction, never a float), with the source it was taken from. A rate
 * says that 1 unit of base was worth rate units of quote on that date
 * (docs/formats.md). Conversions carry value across currencies at these
 * rates, so a rate that cannot be read exactly is refused.
 */
#include "config.h"
#include "common.h"
#include "csvread.h"
#include "import.h"

#include <string.h>

enum { K_DATE, K_BASE, K_QUOTE, K_RATE, K_SOURCE, K_N };

static const char *const names[K_N] = {
	"date", "base", "quote", "rate", "source"
};

struct rates {
	const pr__import_sink *sink;
	int have_header;
	long col[K_N];
	size_t nfields;
	uint64_t records;
	pr__rate_row row;
};

static int
currency(const pr__csv_record *rec, long c, const char **out,
	 pr_error *err)
{
	const pr_currency *cur = pr_currency_find(rec->field[c]);
	char q[64], msg[100];

	if (cur == NULL) {
		snprintf(msg, sizeof(msg), "unknown currency '%s'",
			 pr__quote(q, sizeof(q), rec->field[c], rec->len[c]));
		return pr__csv_fail(rec, (size_t)c, err, msg);
	}
	*out = cur->code;
	return PR_OK;
}

static int
on_record(const pr__csv_record *rec, void *payload, pr_error *err)
{
	struct rates *r = payload;
	pr__rate_row *row = &r->row;
	pr_error e;
	long c;
	int rc;

	if (!r->have_header) {
		r->have_header = 1;
		r->nfields = rec->n;
		return pr__csv_header(
			r->col, names, K_N, NULL,
			"(expected date, base, quote, rate, source)", rec, err);
	}
	if (pr__csv_width(rec, r->nfields, err) != PR_OK)
		return PR_EPARSE;
	row->line = rec->line;
	c = r->col[K_DATE];
	if (pr_date_parse(&row->date, rec->field[c], rec->len[c], "ISO",
			  &e) != PR_OK)
		return pr__csv_fail(rec, (size_t)c, err, e.msg);
	rc = currency(rec, r->col[K_BASE], &row->base, err);
	if (rc == PR_OK)
		rc = currency(rec, r->col[K_QUOTE], &row->quote, err);
	if (rc != PR_OK)
		return rc;
	if (strcmp(row->base, row->quote) == 0)
		return pr__csv_fail(rec, (size_t)r->col[K_QUOTE], err,
				    "base and quote are "
				    "the same currency");
	c = r->col[K_RATE];
	if (pr_rate_parse(row->rate, rec->field[c], &e) != PR_OK)
		return pr__csv_fail(rec, (size_t)c, err, e.msg);
	if (mpq_sgn(row->rate) <= 0)
		return pr__csv_fail(rec, (size_t)c, err,
				    "a rate must be positive");
	row->source = rec->field[r->col[K_SOURCE]];
	if (*row->source == '\0')
		return pr__csv_fail(rec, (size_t)r->col[K_SOURCE], err,
				    "no source: say where "
				    "the rate was taken from");
	r->records++;
	return r->sink->rate(row, r->sink->payload, err);
}

int
pr__rates_read(const char *path, const char *name,
	       const pr_import_options *o, const pr__import_sink *sink,
	       pr__read_info *info, pr_error *err)
{
	pr__csv_options co;
	struct rates r;
	int rc;

	memset(&r, 0, sizeof(r));
	memset(&co, 0, sizeof(co));
	r.sink = sink;
	mpq_init(r.row.rate);
	co.delim = ',';
	co.encoding = PR_ENC_UTF8;
	co.progress = o->progress;
	co.progress_payload = o->payload;
	rc = pr__csv_read(path, name, &co, on_record, &r, info->sha256,
			  &info->size, err);
	if (rc == PR_OK && r.records == 0)
		rc = pr__error_set(err, PR_EPARSE, "%s: no rates%s", name,
				   r.have_header ? " after the header" : "");
	info->records = r.records;
	mpq_clear(r.row.rate);
	return rc;
}
