/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The canonical BSA CSV (docs/formats.md): SARs and CTRs received as a
 * spreadsheet. A line with a kind (SAR or CTR) starts a report and names
 * its first party; a line whose report columns are all empty adds one
 * more party (and its accounts) to the report above.
 */
#include "config.h"
#include "common.h"
#include "csvread.h"
#include "bsa.h"

#include <string.h>

#define MAX_LIST 100

enum {
	K_KIND, K_ID, K_FILED, K_FILER, K_FILER_TIN, K_FROM, K_TO, K_AMOUNT,
	K_IN, K_OUT, K_CATEGORIES, K_NARRATIVE,
	K_PARTY, K_ROLE, K_TIN, K_BORN, K_ACCOUNTS, K_N
};
#define FIRST_PARTY_COL K_PARTY

static const char *const names[K_N] = {
	"kind", "bsa_id", "filing_date", "filer", "filer_tin", "from", "to",
	"amount", "cash_in", "cash_out", "categories", "narrative",
	"party", "role", "tin", "birth_date", "accounts"
};

/* to, amount, cash_in, cash_out, categories, narrative, tin, birth_date,
 * accounts and filer_tin may be left out of the header */
static const unsigned char optional[K_N] = {
	0, 0, 0, 0, 1, 0, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1
};

struct rd {
	pr__bsa_sink sink;
	void *payload;
	int have_header, open;
	long col[K_N];
	size_t nfields;
	uint64_t records;
	pr__bsa_report rep;
};

static const char *
field(const struct rd *r, const pr__csv_record *rec, int k)
{
	return r->col[k] >= 0 ? rec->field[r->col[k]] : "";
}

static int
fail(const struct rd *r, const pr__csv_record *rec, int k, pr_error *err,
     const char *msg)
{
	return pr__csv_fail(rec, (size_t)(r->col[k] >= 0 ? r->col[k] : 0),
			    err, msg);
}

/* Dollars and optional cents ("11500", "11500.00") as cents. */
static int
cents(const struct rd *r, const pr__csv_record *rec, int k, int *has,
      int64_t *out, pr_error *err)
{
	const char *s = field(r, rec, k);
	size_t i = 0, d = 0;
	int64_t v = 0;

	*has = 0;
	*out = 0;
	if (*s == '\0')
		return PR_OK;
	for (; s[i] >= '0' && s[i] <= '9' && d < 13; i++, d++)
		v = v * 10 + (s[i] - '0');
	v *= 100;
	if (d > 0 && s[i] == '.' && s[i + 1] >= '0' && s[i + 1] <= '9') {
		v += (s[i + 1] - '0') * 10;
		i += 2;
		if (s[i] >= '0' && s[i] <= '9')
			v += s[i++] - '0';
	}
	if (d == 0 || s[i] != '\0')
		return pr__csv_bad(rec, (size_t)r->col[k], " is not an amount"
				   " of dollars (digits, optionally . and "
				   "cents)", err);
	*has = 1;
	*out = v;
	return PR_OK;
}

static int
date(const struct rd *r, const pr__csv_record *rec, int k, int required,
     int *has, pr_date *out, pr_error *err)
{
	const char *s = field(r, rec, k);
	pr_error e;

	*has = 0;
	if (*s == '\0') {
		if (!required)
			return PR_OK;
		return fail(r, rec, k, err, k == K_FROM ? "no from date: a "
			    "SAR's first day of activity, a CTR's transaction"
			    " date" : "no filing date");
	}
	if (pr_date_parse(out, s, strlen(s), "ISO", &e) != PR_OK)
		return fail(r, rec, k, err, e.msg);
	*has = 1;
	return PR_OK;
}

static char *
dup_field(const struct rd *r, const pr__csv_record *rec, int k)
{
	return pr__strdup(field(r, rec, k));
}

static int
role_code(const char *s)
{
	if (strcmp(s, "subject") == 0)
		return 33;
	if (strcmp(s, "conductor") == 0)
		return 50;
	if (strcmp(s, "conductor for another") == 0)
		return 17;
	if (strcmp(s, "on whose behalf") == 0)
		return 23;
	return 0;
}

#define NOMEM(e) pr__error_set((e), PR_ENOMEM, "out of memory")

static int
add_party(struct rd *r, const pr__csv_record *rec, pr_error *err)
{
	pr__bsa_report *rep = &r->rep;
	pr__bsa_party *p;
	const char *acc = field(r, rec, K_ACCOUNTS);
	const char *born = field(r, rec, K_BORN);
	int code = role_code(field(r, rec, K_ROLE));

	if (*field(r, rec, K_PARTY) == '\0')
		return fail(r, rec, K_PARTY, err, "no party: name the subject "
			    "or the person who conducted the cash");
	if (code == 0)
		return pr__csv_bad(rec, (size_t)r->col[K_ROLE], " is not a "
				   "role (expected subject, conductor, "
				   "conductor for another or on whose "
				   "behalf)", err);
	if (*born != '\0') {
		pr_date d;
		pr_error e;

		if (pr_date_parse(&d, born, strlen(born), "ISO", &e) != PR_OK)
			return fail(r, rec, K_BORN, err, e.msg);
	}
	if (rep->n_parties >= MAX_LIST)
		return fail(r, rec, K_PARTY, err, "more than 100 parties in "
			    "one report");
	p = &rep->parties[rep->n_parties++];
	memset(p, 0, sizeof(*p));
	p->line = rec->line;
	p->role_code = code;
	p->name = dup_field(r, rec, K_PARTY);
	p->aka = pr__strdup("");
	p->tin = dup_field(r, rec, K_TIN);
	p->birth_date = pr__strdup(born);
	p->ids = pr__strdup("");
	if (p->name == NULL || p->aka == NULL || p->tin == NULL ||
	    p->birth_date == NULL || p->ids == NULL)
		return NOMEM(err);
	/* accounts: ';'-separated numbers */
	while (*acc != '\0') {
		const char *e = strchr(acc, ';');
		size_t n = e != NULL ? (size_t)(e - acc) : strlen(acc);
		pr__bsa_account *a;

		while (n > 0 && *acc == ' ') {
			acc++;
			n--;
		}
		while (n > 0 && acc[n - 1] == ' ')
			n--;
		if (n == 0)
			return fail(r, rec, K_ACCOUNTS, err, "an empty account"
				    " number between ';'");
		if (rep->n_accounts >= MAX_LIST)
			return fail(r, rec, K_ACCOUNTS, err, "more than 100 "
				    "accounts in one report");
		a = &rep->accounts[rep->n_accounts++];
		a->line = rec->line;
		a->party = (long)(rep->n_parties - 1);
		a->assoc = 0;
		a->number = pr__strndup(acc, n);
		if (a->number == NULL)
			return NOMEM(err);
		acc = e != NULL ? e + 1 : acc + strlen(acc);
		if (e != NULL && *acc == '\0')
			return fail(r, rec, K_ACCOUNTS, err, "an empty account"
				    " number after ';'");
	}
	return PR_OK;
}

/* Categories "TYPE/SUBTYPE; ..." as FinCEN's SAR codes them. */
static int
categories(struct rd *r, const pr__csv_record *rec, pr_error *err)
{
	const char *s = field(r, rec, K_CATEGORIES);
	pr__bsa_report *rep = &r->rep;
	size_t k = 0, cap = strlen(s) * 4 + 16;
	char *out = pr__malloc(cap);

	if (out == NULL)
		return NOMEM(err);
	while (*s != '\0') {
		long ty = 0, sub = 0;
		int dt = 0, ds = 0;

		while (*s == ' ')
			s++;
		for (; *s >= '0' && *s <= '9' && dt < 4; s++, dt++)
			ty = ty * 10 + (*s - '0');
		if (*s == '/')
			s++;
		else
			dt = 0;
		for (; *s >= '0' && *s <= '9' && ds < 5; s++, ds++)
			sub = sub * 10 + (*s - '0');
		while (*s == ' ')
			s++;
		if (dt == 0 || ds == 0 || (*s != ';' && *s != '\0')) {
			pr__free(out);
			return pr__csv_bad(rec, (size_t)r->col[K_CATEGORIES],
					   " is not a list of FinCEN SAR "
					   "categories (TYPE/SUBTYPE, e.g. "
					   "9/927; 1/114)", err);
		}
		if (*s == ';')
			s++;
		k += (size_t)snprintf(out + k, cap - k, "%s%ld/%ld",
				      k > 0 ? "; " : "", ty, sub);
		if (sub == 927)
			rep->trafficking = 1;
	}
	out[k] = '\0';
	pr__free(rep->categories);
	rep->categories = out;
	return PR_OK;
}

static int
flush(struct rd *r, pr_error *err)
{
	int rc = PR_OK;

	if (r->open) {
		rc = r->sink(&r->rep, r->payload, err);
		r->records++;
	}
	pr__bsa_report_clear(&r->rep);
	r->open = 0;
	return rc;
}

static int
start_report(struct rd *r, const pr__csv_record *rec, pr_error *err)
{
	pr__bsa_report *rep = &r->rep;
	const char *kind = field(r, rec, K_KIND);
	int has, rc, sar;

	if (strcmp(kind, "SAR") != 0 && strcmp(kind, "CTR") != 0)
		return pr__csv_bad(rec, (size_t)r->col[K_KIND], " is not a "
				   "kind (expected SAR or CTR, or empty to "
				   "add a party to the report above)", err);
	sar = kind[0] == 'S';
	rep->line = rec->line;
	rep->kind = sar ? "SAR" : "CTR";
	rep->bsa_id = dup_field(r, rec, K_ID);
	rep->prior = pr__strdup("");
	rep->filer = dup_field(r, rec, K_FILER);
	rep->filer_tin = dup_field(r, rec, K_FILER_TIN);
	rep->categories = pr__strdup("");
	rep->narrative = dup_field(r, rec, K_NARRATIVE);
	rep->parties = pr__calloc(MAX_LIST, sizeof(*rep->parties));
	rep->accounts = pr__calloc(MAX_LIST, sizeof(*rep->accounts));
	rep->cash = pr__calloc(1, sizeof(*rep->cash));
	r->open = 1;
	if (rep->bsa_id == NULL || rep->prior == NULL || rep->filer == NULL ||
	    rep->filer_tin == NULL || rep->categories == NULL ||
	    rep->narrative == NULL || rep->parties == NULL ||
	    rep->accounts == NULL || rep->cash == NULL)
		return NOMEM(err);
	if (rep->bsa_id[0] == '\0')
		return fail(r, rec, K_ID, err, "no BSA ID: give the BSA ID or "
			    "document control number");
	if (rep->filer[0] == '\0')
		return fail(r, rec, K_FILER, err, "no filer: name the "
			    "institution that filed the report");
	rc = date(r, rec, K_FILED, 1, &has, &rep->filing_date, err);
	if (rc == PR_OK)
		rc = date(r, rec, K_FROM, 1, &rep->has_from, &rep->from, err);
	if (rc == PR_OK)
		rc = date(r, rec, K_TO, 0, &rep->has_to, &rep->to, err);
	if (rc == PR_OK)
		rc = cents(r, rec, K_AMOUNT, &rep->has_amount, &rep->amount,
			   err);
	if (rc == PR_OK)
		rc = cents(r, rec, K_IN, &rep->has_in, &rep->cash_in, err);
	if (rc == PR_OK)
		rc = cents(r, rec, K_OUT, &rep->has_out, &rep->cash_out, err);
	if (rc != PR_OK)
		return rc;
	if (rep->has_to && rep->to < rep->from)
		return fail(r, rec, K_TO, err, "to is before from");
	if (sar) {
		if (rep->has_in || rep->has_out)
			return fail(r, rec, rep->has_in ? K_IN : K_OUT, err,
				    "a SAR has no cash in or out: that is a "
				    "CTR's");
		rc = categories(r, rec, err);
		if (rc != PR_OK)
			return rc;
	} else {
		if (!rep->has_in && !rep->has_out)
			return fail(r, rec, K_IN, err, "a CTR needs cash_in "
				    "or cash_out");
		if (rep->has_to && rep->to != rep->from)
			return fail(r, rec, K_TO, err, "a CTR is for one "
				    "business day: leave to empty or equal "
				    "to from");
		if (*field(r, rec, K_CATEGORIES) != '\0' ||
		    rep->has_amount)
			return fail(r, rec, rep->has_amount ? K_AMOUNT :
				    K_CATEGORIES, err, "a CTR has no "
				    "suspicious amount or categories: that is "
				    "a SAR's");
		rep->has_to = 1;
		rep->to = rep->from;
	}
	return add_party(r, rec, err);
}

static int
on_record(const pr__csv_record *rec, void *payload, pr_error *err)
{
	struct rd *r = payload;
	int k;

	if (!r->have_header) {
		r->have_header = 1;
		r->nfields = rec->n;
		return pr__csv_header(r->col, names, K_N, optional,
				      "(docs/formats.md: the BSA CSV)", rec,
				      err);
	}
	if (pr__csv_width(rec, r->nfields, err) != PR_OK)
		return PR_EPARSE;
	if (*field(r, rec, K_KIND) != '\0') {
		int rc = flush(r, err);

		if (rc != PR_OK)
			return rc;
		return start_report(r, rec, err);
	}
	for (k = 0; k < FIRST_PARTY_COL; k++)
		if (*field(r, rec, k) != '\0')
			return fail(r, rec, k, err, "a line that adds a party "
				    "leaves the report's columns empty (or "
				    "give a kind to start a report)");
	if (!r->open)
		return fail(r, rec, K_KIND, err, "no kind: the first line "
			    "starts a report (SAR or CTR)");
	return add_party(r, rec, err);
}

int
pr__bsacsv_read(const char *path, const char *name, pr__bsa_sink sink,
		void *payload, pr__read_info *info, pr_error *err)
{
	pr__csv_options co;
	struct rd r;
	int rc;

	memset(&r, 0, sizeof(r));
	memset(&co, 0, sizeof(co));
	r.sink = sink;
	r.payload = payload;
	co.delim = ',';
	co.encoding = PR_ENC_UTF8;
	rc = pr__csv_read(path, name, &co, on_record, &r, info->sha256,
			  &info->size, err);
	if (rc == PR_OK)
		rc = flush(&r, err);
	if (rc == PR_OK && r.records == 0)
		rc = pr__error_set(err, PR_EPARSE, "%s: no reports%s", name,
				   r.have_header ? " after the header" : "");
	info->records = r.records;
	pr__bsa_report_clear(&r.rep);
	return rc;
}
