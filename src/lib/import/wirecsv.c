/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The canonical wire CSV: one funds transfer per row, for wire records
 * that arrive as spreadsheets or that an analyst transcribes from paper
 * (docs/formats.md). Columns are found by header name, in any order;
 * unknown columns are refused so that a misspelt one is not lost.
 */
#include "config.h"
#include "common.h"
#include "csvread.h"
#include "import.h"

#include <string.h>

enum {
	K_VALUE_DATE, K_AMOUNT, K_CURRENCY, K_ONAME, K_OACCT, K_OBANK,
	K_BNAME, K_BACCT, K_BBANK, K_IMAD, K_OMAD, K_UETR, K_REF, K_DETAILS,
	K_INSTRUCTED, K_ICURRENCY, K_N
};

static const char *const names[K_N] = {
	"value_date", "amount", "currency", "originator_name",
	"originator_account", "originator_bank", "beneficiary_name",
	"beneficiary_account", "beneficiary_bank", "imad", "omad", "uetr",
	"reference", "details", "instructed_amount", "instructed_currency"
};

/* Columns a file may leave out. */
static const unsigned char optional[K_N] = {
	[K_IMAD] = 1, [K_OMAD] = 1, [K_UETR] = 1, [K_REF] = 1,
	[K_DETAILS] = 1, [K_INSTRUCTED] = 1, [K_ICURRENCY] = 1
};

struct wcsv {
	const pr__import_sink *sink;
	int have_header;
	long col[K_N];
	size_t nfields;
	uint64_t records;
	pr__wire_row row;
	char uetr[64];
};

int
pr__wirecsv_probe(const char *head, size_t len)
{
	const char *nl = memchr(head, '\n', len);
	size_t n = nl ? (size_t)(nl - head) : len;
	char line[512];

	if (n >= sizeof(line))
		return 0;
	memcpy(line, head, n);
	line[n] = '\0';
	return strstr(line, "value_date") != NULL &&
	       strstr(line, "beneficiary_name") != NULL;
}

static const char *
text(const struct wcsv *w, const pr__csv_record *rec, int k)
{
	return w->col[k] >= 0 ? rec->field[w->col[k]] : "";
}

static int
amount(const pr__csv_record *rec, long c, mpz_t out,
       const pr_currency **cur_out, long cc, pr_error *err)
{
	const pr_currency *cur;
	pr_error e;
	char q[64], msg[120];

	cur = pr_currency_find(rec->field[cc]);
	if (cur == NULL) {
		snprintf(msg, sizeof(msg), "unknown currency '%s'",
			 pr__quote(q, sizeof(q), rec->field[cc],
				   rec->len[cc]));
		return pr__csv_fail(rec, (size_t)cc, err, msg);
	}
	if (pr_money_parse(out, rec->field[c], rec->len[c], cur->minor, NULL,
			   &e) != PR_OK)
		return pr__csv_fail(rec, (size_t)c, err, e.msg);
	if (mpz_sgn(out) <= 0)
		return pr__csv_fail(rec, (size_t)c, err,
				    "a wire amount must be positive");
	*cur_out = cur;
	return PR_OK;
}

/* A UETR is a UUID; keep it in lower case so that matching is exact. */
static int
uetr(struct wcsv *w, const pr__csv_record *rec, pr_error *err)
{
	const char *u = text(w, rec, K_UETR);
	size_t n = strlen(u), i;

	if (n == 0) {
		w->uetr[0] = '\0';
		return PR_OK;
	}
	if (n != 36)
		return pr__csv_fail(rec, (size_t)w->col[K_UETR], err,
				    "uetr is not a UUID "
				    "(36 characters, 8-4-4-4-12)");
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)u[i];
		int dash = i == 8 || i == 13 || i == 18 || i == 23;

		if (dash ? c != '-' : !((c >= '0' && c <= '9') ||
					(c >= 'a' && c <= 'f') ||
					(c >= 'A' && c <= 'F')))
			return pr__csv_fail(rec, (size_t)w->col[K_UETR], err,
					    "uetr is not a "
					    "UUID (36 characters, 8-4-4-4-12)");
		w->uetr[i] = (char)(c >= 'A' && c <= 'F' ? c + 32 : c);
	}
	w->uetr[n] = '\0';
	return PR_OK;
}

static int
on_record(const pr__csv_record *rec, void *payload, pr_error *err)
{
	struct wcsv *w = payload;
	pr__wire_row *r = &w->row;
	const pr_currency *cur = NULL, *icur = NULL;
	pr_error e;
	pr_loc loc;
	long c;
	int rc;

	if (!w->have_header) {
		w->have_header = 1;
		w->nfields = rec->n;
		rc = pr__csv_header(w->col, names, K_N, optional, "(see "
				    "docs/formats.md, wire CSV)", rec, err);
		if (rc == PR_OK && (w->col[K_INSTRUCTED] < 0) !=
		    (w->col[K_ICURRENCY] < 0)) {
			pr__csv_end_loc(&loc, rec);
			loc.column = 1;
			rc = pr__error_at(err, PR_EPARSE, &loc, "instructed_"
					  "amount and instructed_currency go "
					  "together");
		}
		return rc;
	}
	if (pr__csv_width(rec, w->nfields, err) != PR_OK)
		return PR_EPARSE;
	r->line = rec->line;
	r->record = ++w->records;
	r->format = "csv";
	c = w->col[K_VALUE_DATE];
	if (pr_date_parse(&r->value_date, rec->field[c], rec->len[c], "ISO",
			  &e) != PR_OK)
		return pr__csv_fail(rec, (size_t)c, err, e.msg);
	rc = amount(rec, w->col[K_AMOUNT], r->amount, &cur,
		    w->col[K_CURRENCY], err);
	if (rc != PR_OK)
		return rc;
	r->currency = cur->code;
	r->has_instructed = w->col[K_INSTRUCTED] >= 0 &&
			    rec->len[w->col[K_INSTRUCTED]] > 0;
	r->instructed_currency = "";
	if (r->has_instructed) {
		rc = amount(rec, w->col[K_INSTRUCTED], r->instructed, &icur,
			    w->col[K_ICURRENCY], err);
		if (rc != PR_OK)
			return rc;
		r->instructed_currency = icur->code;
	}
	r->originator_name = text(w, rec, K_ONAME);
	r->originator_account = text(w, rec, K_OACCT);
	r->originator_bank = text(w, rec, K_OBANK);
	r->beneficiary_name = text(w, rec, K_BNAME);
	r->beneficiary_account = text(w, rec, K_BACCT);
	r->beneficiary_bank = text(w, rec, K_BBANK);
	if (*r->originator_name == '\0' && *r->originator_account == '\0')
		return pr__csv_fail(rec, (size_t)w->col[K_ONAME], err,
				    "no originator: give "
				    "a name or an account");
	if (*r->beneficiary_name == '\0' && *r->beneficiary_account == '\0')
		return pr__csv_fail(rec, (size_t)w->col[K_BNAME], err,
				    "no beneficiary: give "
				    "a name or an account");
	r->imad = text(w, rec, K_IMAD);
	r->omad = text(w, rec, K_OMAD);
	rc = uetr(w, rec, err);
	if (rc != PR_OK)
		return rc;
	r->uetr = w->uetr;
	r->reference = text(w, rec, K_REF);
	r->details = text(w, rec, K_DETAILS);
	return w->sink->wire(r, w->sink->payload, err);
}

int
pr__wirecsv_read(const char *path, const char *name,
		 const pr_import_options *o, const pr__import_sink *sink,
		 pr__read_info *info, pr_error *err)
{
	pr__csv_options co;
	struct wcsv w;
	int rc;

	memset(&w, 0, sizeof(w));
	memset(&co, 0, sizeof(co));
	w.sink = sink;
	mpz_init(w.row.amount);
	mpz_init(w.row.instructed);
	co.delim = ',';
	co.encoding = PR_ENC_UTF8;
	co.progress = o->progress;
	co.progress_payload = o->payload;
	rc = pr__csv_read(path, name, &co, on_record, &w, info->sha256,
			  &info->size, err);
	if (rc == PR_OK && w.records == 0)
		rc = pr__error_set(err, PR_EPARSE, "%s: no wires%s", name,
				   w.have_header ? " after the header" : "");
	info->records = w.records;
	mpz_clear(w.row.amount);
	mpz_clear(w.row.instructed);
	return rc;
}
