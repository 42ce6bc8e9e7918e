/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The canonical property CSV: titled assets (real property by parcel,
 * vehicles by VIN) and what happened to them: the funding lines of the
 * closing, later valuations, a sale. One row per record; the `record`
 * column says which (docs/formats.md). A closing statement must add up:
 * the funding lines of an asset sum exactly to its cost, or the file is
 * refused. A mortgage or loan line is money from outside (clean).
 */
#include "config.h"
#include "common.h"
#include "csvread.h"
#include "import.h"

#include <string.h>

enum { K_RECORD, K_ASSET, K_CLASS, K_IDENT, K_DESC, K_OWNER, K_NOMINEE,
       K_DATE, K_AMOUNT, K_CURRENCY, K_METHOD, K_PARTY, K_REFERENCE, K_N };

static const char *const names[K_N] = {
	"record", "asset", "class", "identifier", "description", "owner",
	"nominee", "date", "amount", "currency", "method", "party",
	"reference"
};

static const char *const classes[] = {
	"real property", "vehicle", "vessel", "aircraft", "other", NULL
};

static const char *const methods[] = {
	"wire", "check", "cashier's check", "cash", "mortgage", "loan",
	"seller credit", "earnest money", "trade-in", "other", NULL
};

#define MAX_ASSETS 4096

struct held {              /* an asset defined in this file */
	char *ref;
	const pr_currency *cur;
	unsigned long line;
	pr_date acquired;
	mpz_t cost;
	mpz_t funded;
	int funding_lines;
};

struct prop {
	const pr__import_sink *sink;
	const char *name;
	int have_header;
	long col[K_N];
	size_t nfields;
	uint64_t records;
	pr__asset_row row;
	struct held *held;
	size_t n_held, cap_held;
};

static int
one_of(const char *s, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(s, *list) == 0)
			return 1;
	return 0;
}

static struct held *
find_held(struct prop *p, const char *ref)
{
	size_t i;

	for (i = 0; i < p->n_held; i++)
		if (strcmp(p->held[i].ref, ref) == 0)
			return &p->held[i];
	return NULL;
}

/* A field a record of this kind cannot do without. */
static int
need(const struct prop *p, const pr__csv_record *rec, int k,
     const char *kind, pr_error *err)
{
	char msg[120];

	if (rec->len[p->col[k]] > 0)
		return PR_OK;
	snprintf(msg, sizeof(msg), "%s record without %s", kind, names[k]);
	return pr__csv_fail(rec, (size_t)p->col[k], err, msg);
}

static int
add_held(struct prop *p, const pr__csv_record *rec, const pr__asset_row *r,
	 const pr_currency *cur, pr_error *err)
{
	struct held *h;

	if (p->n_held == MAX_ASSETS)
		return pr__csv_fail(rec, (size_t)p->col[K_ASSET], err,
				    "more than 4096 "
				    "assets in one file");
	if (p->n_held == p->cap_held) {
		size_t n = p->cap_held ? p->cap_held * 2 : 16;
		struct held *g = pr__realloc(p->held, n * sizeof(*g));

		if (g == NULL)
			return pr__error_set(err, PR_ENOMEM, "out of memory");
		p->held = g;
		p->cap_held = n;
	}
	h = &p->held[p->n_held];
	h->ref = pr__strdup(r->ref);
	if (h->ref == NULL)
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	h->cur = cur;
	h->line = rec->line;
	h->acquired = r->date;
	h->funding_lines = 0;
	mpz_init_set(h->cost, r->amount);
	mpz_init(h->funded);
	p->n_held++;
	return PR_OK;
}

static int
on_record(const pr__csv_record *rec, void *payload, pr_error *err)
{
	struct prop *p = payload;
	pr__asset_row *r = &p->row;
	const pr_currency *cur;
	struct held *h;
	const char *kind;
	char q[64], msg[200];
	pr_error e;
	long c;
	int rc;

	if (!p->have_header) {
		p->have_header = 1;
		p->nfields = rec->n;
		return pr__csv_header(p->col, names, K_N, NULL,
				      "(see docs/formats.md, property CSV)",
				      rec, err);
	}
	if (pr__csv_width(rec, p->nfields, err) != PR_OK)
		return PR_EPARSE;
	kind = rec->field[p->col[K_RECORD]];
	if (strcmp(kind, "asset") != 0 && strcmp(kind, "funding") != 0 &&
	    strcmp(kind, "valuation") != 0 && strcmp(kind, "sale") != 0) {
		snprintf(msg, sizeof(msg), "record '%s' is not asset, "
			 "funding, valuation or sale",
			 pr__quote(q, sizeof(q), kind,
				   rec->len[p->col[K_RECORD]]));
		return pr__csv_fail(rec, (size_t)p->col[K_RECORD], err, msg);
	}
	memset(r, 0, offsetof(pr__asset_row, amount));
	r->line = rec->line;
	r->kind = kind;
	r->ref = rec->field[p->col[K_ASSET]];
	rc = need(p, rec, K_ASSET, kind, err);
	if (rc == PR_OK)
		rc = need(p, rec, K_DATE, kind, err);
	if (rc == PR_OK)
		rc = need(p, rec, K_AMOUNT, kind, err);
	if (rc != PR_OK)
		return rc;
	c = p->col[K_DATE];
	if (pr_date_parse(&r->date, rec->field[c], rec->len[c], "ISO", &e))
		return pr__csv_fail(rec, (size_t)c, err, e.msg);
	c = p->col[K_CURRENCY];
	cur = pr_currency_find(rec->field[c]);
	if (cur == NULL) {
		snprintf(msg, sizeof(msg), "unknown currency '%s'",
			 pr__quote(q, sizeof(q), rec->field[c], rec->len[c]));
		return pr__csv_fail(rec, (size_t)c, err, msg);
	}
	r->currency = cur->code;
	c = p->col[K_AMOUNT];
	if (pr_money_parse(r->amount, rec->field[c], rec->len[c], cur->minor,
			   NULL, &e) != PR_OK)
		return pr__csv_fail(rec, (size_t)c, err, e.msg);
	if (mpz_sgn(r->amount) < 0 ||
	    (mpz_sgn(r->amount) == 0 && strcmp(kind, "asset") == 0))
		return pr__csv_fail(rec, (size_t)c, err,
				    "amount must be positive");
	h = find_held(p, r->ref);
	if (strcmp(kind, "asset") == 0) {
		if (h != NULL) {
			snprintf(msg, sizeof(msg), "asset '%s' defined twice "
				 "(first on line %lu)", r->ref, h->line);
			return pr__csv_fail(rec, (size_t)p->col[K_ASSET], err,
					    msg);
		}
		r->class_ = rec->field[p->col[K_CLASS]];
		if (!one_of(r->class_, classes))
			return pr__csv_fail(
				rec, (size_t)p->col[K_CLASS], err,
				"class must be "
				"real property, vehicle, vessel, aircraft"
				" or other");
		rc = need(p, rec, K_IDENT, kind, err);
		if (rc == PR_OK)
			rc = need(p, rec, K_OWNER, kind, err);
		if (rc != PR_OK)
			return rc;
		r->identifier = rec->field[p->col[K_IDENT]];
		r->description = rec->field[p->col[K_DESC]];
		r->owner = rec->field[p->col[K_OWNER]];
		r->nominee = rec->field[p->col[K_NOMINEE]];
		rc = add_held(p, rec, r, cur, err);
	} else {
		r->method = rec->field[p->col[K_METHOD]];
		r->party = rec->field[p->col[K_PARTY]];
		r->reference = rec->field[p->col[K_REFERENCE]];
		rc = need(p, rec, K_PARTY, kind, err);
		if (rc != PR_OK)
			return rc;
		if (strcmp(kind, "funding") == 0 &&
		    !one_of(r->method, methods))
			return pr__csv_fail(
				rec, (size_t)p->col[K_METHOD], err,
				"method must "
				"be wire, check, cashier's check, cash, "
				"mortgage, loan, seller credit, earnest "
				"money, trade-in or other");
		if (h != NULL && h->cur != cur)
			return pr__csv_fail(rec, (size_t)p->col[K_CURRENCY],
					    err,
					    "currency "
					    "differs from the asset's");
		if (h != NULL && strcmp(kind, "funding") != 0 &&
		    r->date < h->acquired)
			return pr__csv_fail(rec, (size_t)p->col[K_DATE], err,
					    "date is before "
					    "the asset was acquired");
		if (h != NULL && strcmp(kind, "funding") == 0) {
			mpz_add(h->funded, h->funded, r->amount);
			h->funding_lines++;
		}
	}
	if (rc != PR_OK)
		return rc;
	p->records++;
	return p->sink->asset(r, p->sink->payload, err);
}

/* Every asset whose closing this file shows must add up to its cost. */
static int
closings(struct prop *p, pr_error *err)
{
	char a[64], b[64];
	size_t i;
	pr_loc loc;

	for (i = 0; i < p->n_held; i++) {
		const struct held *h = &p->held[i];

		if (h->funding_lines == 0 || mpz_cmp(h->funded, h->cost) == 0)
			continue;
		pr_money_format(a, sizeof(a), h->funded, h->cur->minor,
				PR_FMT_GROUP);
		pr_money_format(b, sizeof(b), h->cost, h->cur->minor,
				PR_FMT_GROUP);
		memset(&loc, 0, sizeof(loc));
		snprintf(loc.path, sizeof(loc.path), "%s", p->name);
		loc.line = h->line;
		return pr__error_at(err, PR_EPARSE, &loc, "the funding of "
				    "asset '%s' adds up to %s, not its cost "
				    "%s", h->ref, a, b);
	}
	return PR_OK;
}

int
pr__property_read(const char *path, const char *name,
		  const pr_import_options *o, const pr__import_sink *sink,
		  pr__read_info *info, pr_error *err)
{
	pr__csv_options co;
	struct prop p;
	size_t i;
	int rc;

	memset(&p, 0, sizeof(p));
	memset(&co, 0, sizeof(co));
	p.sink = sink;
	p.name = name;
	mpz_init(p.row.amount);
	co.delim = ',';
	co.encoding = PR_ENC_UTF8;
	co.progress = o->progress;
	co.progress_payload = o->payload;
	rc = pr__csv_read(path, name, &co, on_record, &p, info->sha256,
			  &info->size, err);
	if (rc == PR_OK && p.records == 0)
		rc = pr__error_set(err, PR_EPARSE, "%s: no records%s", name,
				   p.have_header ? " after the header" : "");
	if (rc == PR_OK)
		rc = closings(&p, err);
	info->records = p.records;
	for (i = 0; i < p.n_held; i++) {
		pr__free(p.held[i].ref);
		mpz_clear(p.held[i].cost);
		mpz_clear(p.held[i].funded);
	}
	pr__free(p.held);
	mpz_clear(p.row.amount);
	return rc;
}
