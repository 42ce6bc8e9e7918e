/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The forfeiture schedule (DOMAIN.md section 2). The trace under the
 * chosen rule gives each holder's traced money per victim; a second trace
 * under poison says which holders are involved in laundering at all (any
 * taint reached them), so that the whole commingled asset can be listed
 * beside the traced share. The case gives the rest: assets (class,
 * identifier, titled owner, nominee, cost, valuations), who controls
 * which account, and each account's last statement day.
 *
 * Figures are exact: int64 minor units from the trace (which refuses
 * beyond 64 bits), shares and the proportional figure computed in GMP and
 * rounded once, half up; victims' parts of a figure by largest remainder.
 */
#include "config.h"
#include "common.h"
#include "store.h"
#include "trace_priv.h"

#include <gmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What the statutes are, by theory (DOMAIN.md section 2). */
#define BASIS_PROCEEDS "proceeds: 18 U.S.C. 1594(d)-(e), 981(a)(1)(C), " \
	"28 U.S.C. 2461(c)"
#define BASIS_INVOLVED "involved in: 18 U.S.C. 982(a)(1)"
#define BASIS_984 "fungible property: 18 U.S.C. 984 (civil)"

/* Strings the schedule owns, freed together. */
struct pr_schedule_internal {
	char **s;
	size_t n, cap;
	int64_t *nums;          /* items' per-victim arrays, one block */
	size_t cap_warn;
};

struct asset_row {
	char *ref, *cls, *identifier, *description, *owner, *nominee;
	char *currency, *where;
	pr_date acquired;
	int64_t cost;
	int has_value;
	pr_date value_date;
	int64_t value;
	char *value_where;
};

struct control_row {
	char *pseudonym, *role, *account, *relation, *where;
};

struct acct_last {
	char *ident, *currency;
	int has_statement;
	int32_t statement_end, txn_last;
};

struct ctx {
	pr_schedule *s;
	pr_store *st;
	pr_error *err;
	const pr_trace_options *o;
	const pr_trace *t, *poison;
	struct acct_last *al;   /* every account's last day, by ident and
				 * currency: read once, not per item */
	size_t n_al;
	int al_loaded;
	struct asset_row *assets;
	size_t n_assets, cap_assets;
	struct control_row *ctl;
	size_t n_ctl, cap_ctl;
	char **defendants;
	size_t n_def, cap_def;
};

static const char *const class_names[] = {
	"real property", "vehicle", "bank funds", "virtual currency", "other"
};

const char *
pr_asset_class_name(pr_asset_class c)
{
	return (unsigned)c <= PR_CLASS_OTHER ? class_names[c] : NULL;
}

static int
oom(struct ctx *c)
{
	return pr__error_set(c->err, PR_ENOMEM, "out of memory");
}

/* Keep a formatted string for the schedule's life. */
static const char *keep(struct ctx *c, const char *fmt, ...)
	PR__PRINTF(2, 3);

static const char *
keep(struct ctx *c, const char *fmt, ...)
{
	struct pr_schedule_internal *in = c->s->internal;
	va_list ap;
	char *p = NULL;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || pr__grow((void **)&in->s, &in->cap, in->n + 1,
			      sizeof(*in->s)) ||
	    (p = pr__malloc((size_t)n + 1)) == NULL)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	in->s[in->n++] = p;
	return p;
}

static char *
dup_col(sqlite3_stmt *q, int i)
{
	const unsigned char *t = sqlite3_column_text(q, i);

	return pr__strdup(t ? (const char *)t : "");
}

static int
is_chain_asset(const char *code)
{
	static const char *const chain[] = {
		"BCH", "BTC", "DAI", "ETH", "LTC", "SOL", "TRX", "USDC",
		"USDT", "XMR", "XRP"
	};
	size_t i;

	for (i = 0; i < sizeof(chain) / sizeof(chain[0]); i++)
		if (strcmp(code, chain[i]) == 0)
			return 1;
	return 0;
}

/* ---------------------------------------------------------------- */
/* what the case says */

/* An asset's last valuation on or before a day: once per item. */
const char pr__schedule_valuation_sql[] =
	"SELECT e.date, e.amount, d.name, e.line, typeof(e.amount) FROM "
	"asset_event e JOIN document d ON d.id = e.document_id WHERE "
	"e.asset_id = ?1 AND e.kind = 'valuation' AND e.date <= ?2 ORDER "
	"BY e.date DESC, e.id DESC LIMIT 1";

static int
load_assets(struct ctx *c)
{
	sqlite3_stmt *q = NULL, *v = NULL;
	int rc;

	if (sqlite3_prepare_v2(c->st->db, "SELECT a.id, a.ref, a.class, "
			       "a.identifier, a.description, a.owner, "
			       "a.nominee, a.acquired, a.currency, a.cost, "
			       "d.name, a.line FROM asset a JOIN document d "
			       "ON d.id = a.document_id ORDER BY a.id", -1,
			       &q, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(c->st->db, pr__schedule_valuation_sql, -1,
			       &v, NULL) != SQLITE_OK) {
		rc = pr__store_dberr(c->st, c->err, "cannot build the "
				     "schedule");
		goto done;
	}
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct asset_row *a;

		if (pr__grow((void **)&c->assets, &c->cap_assets,
			     c->n_assets + 1, sizeof(*a))) {
			rc = oom(c);
			goto done;
		}
		a = &c->assets[c->n_assets++];
		memset(a, 0, sizeof(*a));
		a->ref = dup_col(q, 1);
		a->cls = dup_col(q, 2);
		a->identifier = dup_col(q, 3);
		a->description = dup_col(q, 4);
		a->owner = dup_col(q, 5);
		a->nominee = dup_col(q, 6);
		a->acquired = sqlite3_column_int(q, 7);
		a->currency = dup_col(q, 8);
		a->where = pr__malloc(strlen((const char *)
					     sqlite3_column_text(q, 10)) + 24);
		if (a->where != NULL)
			sprintf(a->where, "%s:%lld",
				sqlite3_column_text(q, 10),
				(long long)sqlite3_column_int64(q, 11));
		if (a->ref == NULL || a->cls == NULL || a->identifier == NULL ||
		    a->description == NULL || a->owner == NULL ||
		    a->nominee == NULL || a->currency == NULL ||
		    a->where == NULL) {
			rc = oom(c);
			goto done;
		}
		if (sqlite3_column_type(q, 9) != SQLITE_INTEGER) {
			rc = pr__error_set(c->err, PR_EINVALID, "asset %s "
					   "(%s): its cost is beyond 64 bits",
					   a->ref, a->where);
			goto done;
		}
		a->cost = sqlite3_column_int64(q, 9);
		sqlite3_bind_int64(v, 1, sqlite3_column_int64(q, 0));
		sqlite3_bind_int(v, 2, c->o->has_as_of ? c->o->as_of :
				 INT32_MAX);
		if (sqlite3_step(v) == SQLITE_ROW &&
		    strcmp((const char *)sqlite3_column_text(v, 4),
			   "integer") == 0) {
			a->has_value = 1;
			a->value_date = sqlite3_column_int(v, 0);
			a->value = sqlite3_column_int64(v, 1);
			a->value_where = pr__malloc(strlen((const char *)
				sqlite3_column_text(v, 2)) + 24);
			if (a->value_where == NULL) {
				sqlite3_reset(v);
				rc = oom(c);
				goto done;
			}
			sprintf(a->value_where, "%s:%lld",
				sqlite3_column_text(v, 2),
				(long long)sqlite3_column_int64(v, 3));
		}
		sqlite3_reset(v);
	}
	rc = rc == SQLITE_DONE ? PR_OK :
	     pr__store_dberr(c->st, c->err, "cannot build the schedule");
done:
	sqlite3_finalize(q);
	sqlite3_finalize(v);
	return rc;
}

static int
add_control(struct ctx *c, const pr_party *p, const pr_control *k)
{
	struct control_row *r;
	char where[300];

	if (pr__grow((void **)&c->ctl, &c->cap_ctl, c->n_ctl + 1, sizeof(*r)))
		return oom(c);
	r = &c->ctl[c->n_ctl];
	snprintf(where, sizeof(where), "%s:%lu", k->document, k->line);
	r->pseudonym = pr__strdup(p->pseudonym);
	r->role = pr__strdup(p->role);
	r->account = pr__strdup(k->account);
	r->relation = pr__strdup(k->relation);
	r->where = pr__strdup(where);
	c->n_ctl++;
	if (r->pseudonym == NULL || r->role == NULL || r->account == NULL ||
	    r->relation == NULL || r->where == NULL)
		return oom(c);
	return PR_OK;
}

static int
party_cb(const pr_party *p, void *payload)
{
	struct ctx *c = payload;
	size_t i;
	int rc;

	if (strcmp(p->role, "defendant") == 0) {
		if (pr__grow((void **)&c->defendants, &c->cap_def,
			     c->n_def + 1, sizeof(char *)) ||
		    (c->defendants[c->n_def] = pr__strdup(p->pseudonym)) ==
		    NULL)
			return oom(c);
		c->n_def++;
	}
	for (i = 0; i < p->n_controls; i++)
		if ((rc = add_control(c, p, &p->controls[i])) != PR_OK)
			return rc;
	return PR_OK;
}

/* Who owns or controls (not merely signs on) an account: a defendant's
 * own accounts, for Honeycutt. */
static int
controls(const struct control_row *r)
{
	return strcmp(r->relation, "owner") == 0 ||
	       strcmp(r->relation, "controller") == 0 ||
	       strcmp(r->relation, "nominee") == 0;
}

/* The parties named in control lines for an account, "D-1 (owner
 * psb.csv:3); D-2 (signer ...)", and its nominees apart. */
static int
account_parties(struct ctx *c, const char *account, const char **owner,
		const char **nominee)
{
	char own[1024] = "", nom[512] = "";
	size_t i, lo = 0, ln = 0;

	for (i = 0; i < c->n_ctl; i++) {
		const struct control_row *r = &c->ctl[i];
		int isnom = strcmp(r->relation, "nominee") == 0;
		char *b = isnom ? nom : own;
		size_t *len = isnom ? &ln : &lo;
		size_t size = isnom ? sizeof(nom) : sizeof(own);

		if (strcmp(r->account, account) != 0 || *len >= size)
			continue;
		*len += (size_t)snprintf(b + *len, size - *len, "%s%s (%s, %s)",
					 *len ? "; " : "", r->pseudonym,
					 r->relation, r->where);
	}
	*owner = keep(c, "%s", *own ? own : "(no control line in the case)");
	*nominee = keep(c, "%s", nom);
	return *owner != NULL && *nominee != NULL ? PR_OK : oom(c);
}

/* The party an asset's owner text names ("DEFENDANT D-1"): a defendant's
 * pseudonym as a whole word in it. */
static const char *
named_defendant(const struct ctx *c, const char *text)
{
	size_t i;

	for (i = 0; i < c->n_def; i++) {
		const char *d = c->defendants[i], *p = text;
		size_t n = strlen(d);

		while ((p = strstr(p, d)) != NULL) {
			int before = p == text || p[-1] == ' ' ||
				     p[-1] == ',' || p[-1] == '(';
			int after = p[n] == '\0' || p[n] == ' ' ||
				    p[n] == ',' || p[n] == ')';

			if (before && after)
				return d;
			p += n;
		}
	}
	return NULL;
}

/* ---------------------------------------------------------------- */
/* figures */

/* round(a * b / d) half up, for a, b >= 0 and d > 0 */
static int64_t
mul_div_half_up(int64_t a, int64_t b, int64_t d)
{
	mpz_t x, r;
	int64_t out;

	mpz_init(x);
	mpz_init(r);
	mpz_set_si(x, (long)a);
	mpz_mul_si(x, x, (long)b);
	mpz_mul_2exp(x, x, 1);
	mpz_add_ui(x, x, (unsigned long)d);
	mpz_fdiv_q_ui(x, x, (unsigned long)d);
	mpz_fdiv_q_2exp(x, x, 1);
	out = mpz_fits_slong_p(x) ? (int64_t)mpz_get_si(x) : INT64_MAX;
	mpz_clear(x);
	mpz_clear(r);
	return out;
}

/* Split whole among the victims by their traced amounts (largest
 * remainder; ties to the earlier victim). */
static int
split_by(struct ctx *c, int64_t *out, const int64_t *w, size_t n,
	 int64_t whole)
{
	mpz_t *parts, *weights, z;
	size_t i;
	int rc;

	parts = pr__calloc(n, sizeof(*parts));
	weights = pr__calloc(n, sizeof(*weights));
	if (parts == NULL || weights == NULL) {
		pr__free(parts);
		pr__free(weights);
		return oom(c);
	}
	for (i = 0; i < n; i++) {
		mpz_init(parts[i]);
		mpz_init_set_si(weights[i], (long)w[i]);
	}
	mpz_init_set_si(z, (long)whole);
	rc = pr_apportion(parts, z, (const mpz_t *)weights, n, c->err);
	for (i = 0; i < n; i++) {
		if (rc == PR_OK)
			out[i] = (int64_t)mpz_get_si(parts[i]);
		mpz_clear(parts[i]);
		mpz_clear(weights[i]);
	}
	mpz_clear(z);
	pr__free(parts);
	pr__free(weights);
	return rc;
}

static int64_t
victim_sum(const pr_trace *t, size_t h)
{
	int64_t v = 0;
	size_t k;

	for (k = 2; k < pr_trace_origin_count(t); k++)
		v += pr_trace_held_units(t, h, k);
	return v;
}

static int64_t
holder_total(const pr_trace *t, size_t h)
{
	int64_t v = 0;
	size_t k;

	for (k = 0; k < pr_trace_origin_count(t); k++)
		v += pr_trace_held_units(t, h, k);
	return v;
}

/* The poison trace's holder of the same name, or SIZE_MAX. */
static size_t
poison_index(const struct ctx *c, size_t h)
{
	const char *name = pr_trace_holder(c->t, h);
	size_t i, n;

	if (c->poison == c->t)
		return h;
	n = pr_trace_holder_count(c->poison);
	if (h < n && strcmp(pr_trace_holder(c->poison, h), name) == 0)
		return h;
	for (i = 0; i < n; i++)
		if (strcmp(pr_trace_holder(c->poison, i), name) == 0)
			return i;
	return SIZE_MAX;
}

static const struct asset_row *
asset_of(const struct ctx *c, const char *name)
{
	size_t i, n;

	if (strncmp(name, "asset ", 6) != 0)
		return NULL;
	name += 6;
	for (i = 0; i < c->n_assets; i++) {
		n = strlen(c->assets[i].ref);
		if (strncmp(name, c->assets[i].ref, n) == 0 &&
		    name[n] == ' ')
			return &c->assets[i];
	}
	return NULL;
}

static int
cmp_acct_last(const void *a, const void *b)
{
	const struct acct_last *x = a, *y = b;
	int d = strcmp(x->ident, y->ident);

	return d ? d : strcmp(x->currency, y->currency);
}

/* Every account's last statement day and last transaction day, in one
 * read of the case (per item, the transactions table was read whole). */
static int
load_acct_last(struct ctx *c)
{
	sqlite3_stmt *q = NULL;
	size_t cap = 0;
	int rc;

	c->al_loaded = 1;
	if (sqlite3_prepare_v2(c->st->db, "SELECT a.ident, a.currency, "
			       "s.last, x.last FROM account a LEFT JOIN "
			       "(SELECT account_id, max(end_date) AS last "
			       "FROM statement GROUP BY account_id) s ON "
			       "s.account_id = a.id LEFT JOIN (SELECT "
			       "account_id, max(date) AS last FROM txn GROUP "
			       "BY account_id) x ON x.account_id = a.id", -1,
			       &q, NULL) != SQLITE_OK)
		return pr__store_dberr(c->st, c->err, "cannot build the "
				       "schedule");
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct acct_last *a;

		if (pr__grow((void **)&c->al, &cap, c->n_al + 1,
			     sizeof(*c->al))) {
			sqlite3_finalize(q);
			return oom(c);
		}
		a = &c->al[c->n_al];
		a->ident = pr__strdup((const char *)sqlite3_column_text(q, 0) ?
				      (const char *)sqlite3_column_text(q, 0) :
				      "");
		a->currency = pr__strdup((const char *)sqlite3_column_text(q,
					 1) ? (const char *)
					 sqlite3_column_text(q, 1) : "");
		if (a->ident == NULL || a->currency == NULL) {
			pr__free(a->ident);
			pr__free(a->currency);
			sqlite3_finalize(q);
			return oom(c);
		}
		a->has_statement = sqlite3_column_type(q, 2) ==
				   SQLITE_INTEGER;
		a->statement_end = sqlite3_column_int(q, 2);
		a->txn_last = sqlite3_column_int(q, 3);
		c->n_al++;
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return pr__store_dberr(c->st, c->err, "cannot build the "
				       "schedule");
	if (c->n_al > 1)
		qsort(c->al, c->n_al, sizeof(*c->al), cmp_acct_last);
	return PR_OK;
}

/* 1 and the account's last day (its last statement's end, else its last
 * transaction's day, never past --as-of) when the case has it, 0 when
 * not, -1 on failure. */
static int
account_exists(struct ctx *c, const char *ident, const char *cur,
	       pr_date *last)
{
	struct acct_last key, *a;

	if (!c->al_loaded && load_acct_last(c) != PR_OK)
		return -1;
	key.ident = (char *)ident;
	key.currency = (char *)cur;
	a = c->n_al ? bsearch(&key, c->al, c->n_al, sizeof(*c->al),
			      cmp_acct_last) : NULL;
	if (a == NULL)
		return 0;
	*last = a->has_statement ? a->statement_end : a->txn_last;
	if (c->o->has_as_of && *last > c->o->as_of)
		*last = c->o->as_of;
	return 1;
}

/* "account ending 0932": the last four digits of an identity. */
static const char *
ending(struct ctx *c, const char *ident)
{
	char d[5];
	size_t n = 0, i;

	for (i = strlen(ident); i > 0 && n < 4; i--)
		if (ident[i - 1] >= '0' && ident[i - 1] <= '9')
			d[3 - n++] = ident[i - 1];
	if (n < 4)
		return keep(c, "account %s", ident);
	d[4] = '\0';
	return keep(c, "account ending %s (%s)", d, ident);
}

/* A year after day d, the same calendar day (28 February for 29). */
static pr_date
year_after(pr_date d)
{
	int y, m, dd;
	pr_date out;

	pr_date_to_ymd(d, &y, &m, &dd);
	if (m == 2 && dd == 29)
		dd = 28;
	if (pr_date_from_ymd(&out, y + 1, m, dd, NULL) != PR_OK)
		return d + 365;
	return out;
}

/*
 * The flows that carried a victim's money into holder h, in trace order:
 * "F3 a.csv:4; F9 b.csv:2; w.csv:7" (the evidence, not the designation's
 * words), at most PR_TRACE_CITED of them, then "; and N more". Malloc'd;
 * NULL when out of memory.
 */
static char *
cites_into(const pr_trace *t, size_t h)
{
	size_t more, n = pr_trace_cited_count(t, h, &more), i;
	size_t len = 0, cap = 0;
	char *out = NULL;

	for (i = 0; i <= n; i++) {
		pr_trace_movement m;
		const char *cut;
		char one[600];
		int k;

		if (i < n) {
			pr_trace_cited(t, h, i, &m);
			cut = strstr(m.evidence, "; designated by");
			k = snprintf(one, sizeof(one), "%sF%lu %.*s",
				     i ? "; " : "", m.flow, cut ?
				     (int)(cut - m.evidence) :
				     (int)strlen(m.evidence), m.evidence);
		} else if (more > 0) {
			k = snprintf(one, sizeof(one), "; and %zu more", more);
		} else {
			break;
		}
		if (k < 0 || (size_t)k >= sizeof(one))
			k = (int)strlen(one);
		if (pr__grow((void **)&out, &cap, len + (size_t)k + 1, 1)) {
			pr__free(out);
			return NULL;
		}
		memcpy(out + len, one, (size_t)k + 1);
		len += (size_t)k;
	}
	return out != NULL ? out : pr__strdup("");
}

static int
build_item(struct ctx *c, size_t h, pr_schedule_item *it, int64_t *nums)
{
	const pr_trace *t = c->t;
	const char *name = pr_trace_holder_name(t, h);
	const char *cur = pr_trace_holder_currency(t, h);
	const struct asset_row *a = asset_of(c, name);
	size_t nv = c->s->n_victims, k, ph = poison_index(c, h);
	pr_date last = 0;
	char *cites;
	int rc;

	memset(it, 0, sizeof(*it));
	it->holder = keep(c, "%s", pr_trace_holder(t, h));
	it->name = keep(c, "%s", name);
	it->currency = keep(c, "%s", cur);
	if (it->holder == NULL || it->name == NULL || it->currency == NULL)
		return oom(c);
	it->minor = pr_trace_holder_minor(t, h);
	it->traced = nums;
	it->proportional = nums + nv;
	for (k = 0; k < nv; k++) {
		it->traced[k] = pr_trace_held_units(t, h, 2 + k);
		it->traced_total += it->traced[k];
	}
	it->value = holder_total(t, h);
	if (a != NULL) {
		if (strcmp(a->cls, "real property") == 0)
			it->cls = PR_CLASS_REAL_PROPERTY;
		else if (strcmp(a->cls, "vehicle") == 0)
			it->cls = PR_CLASS_VEHICLE;
		else
			it->cls = PR_CLASS_OTHER;
		it->identifier = keep(c, "%s", a->identifier);
		it->description = keep(c, "%s", a->description);
		it->owner = keep(c, "%s (%s)", a->owner, a->where);
		it->nominee = keep(c, "%s", a->nominee);
		it->has_acquired = 1;
		it->acquired = a->acquired;
		it->cost = a->cost;
		it->value = a->has_value ? a->value : a->cost;
		it->value_date = a->has_value ? a->value_date : a->acquired;
		it->has_value_date = 1;
		it->value_source = a->has_value ?
				   keep(c, "valuation %s", a->value_where) :
				   keep(c, "cost %s", a->where);
		/* value x traced / cost, then the victims' parts of it */
		if (a->cost > 0 && it->traced_total > 0) {
			it->proportional_total = mul_div_half_up(
				it->value, it->traced_total, a->cost);
			rc = split_by(c, it->proportional, it->traced, nv,
				      it->proportional_total);
			if (rc != PR_OK)
				return rc;
		}
	} else {
		int isacct = account_exists(c, name, cur, &last);

		if (isacct < 0)
			return pr__store_dberr(c->st, c->err, "cannot build "
					       "the schedule");
		it->cls = is_chain_asset(cur) ? PR_CLASS_VIRTUAL_CURRENCY :
			  PR_CLASS_BANK_FUNDS;
		it->identifier = isacct ? ending(c, name) :
				 keep(c, "%s address %s", cur, name);
		it->description = isacct ?
				  keep(c, "funds in account '%s'", name) :
				  keep(c, "%s held at %s", cur, name);
		rc = account_parties(c, name, &it->owner, &it->nominee);
		if (rc != PR_OK)
			return rc;
		it->value_source = keep(c, "balance at the end of the trace");
		it->has_value_date = isacct;
		it->value_date = last;
		if (it->cls == PR_CLASS_BANK_FUNDS &&
		    pr_trace_holder_tainted_last(t, h, &last)) {
			it->has_984 = 1;
			it->window_984 = year_after(last);
		}
	}
	if (ph != SIZE_MAX && victim_sum(c->poison, ph) > 0)
		it->involved = it->value;
	it->basis = keep(c, "%s%s%s%s%s", it->traced_total > 0 ?
			 BASIS_PROCEEDS : "", it->traced_total > 0 &&
			 it->involved > 0 ? "; " : "", it->involved > 0 ?
			 BASIS_INVOLVED : "", it->has_984 ? "; " : "",
			 it->has_984 ? BASIS_984 : "");
	cites = cites_into(t, h);
	if (cites == NULL)
		return oom(c);
	it->support = keep(c, "trace row '%s'%s%s", it->holder,
			   *cites ? "; carried in by " : "", cites);
	pr__free(cites);
	if (it->identifier == NULL || it->description == NULL ||
	    it->owner == NULL || it->nominee == NULL ||
	    it->value_source == NULL || it->basis == NULL ||
	    it->support == NULL)
		return oom(c);
	return PR_OK;
}

/* Schedule order: class, then the holder's name. */
static int
cmp_item(const void *x, const void *y)
{
	const pr_schedule_item *a = x, *b = y;

	if (a->cls != b->cls)
		return a->cls < b->cls ? -1 : 1;
	return strcmp(a->holder, b->holder);
}

static int
items(struct ctx *c, size_t *item_of)
{
	pr_schedule *s = c->s;
	size_t nh = pr_trace_holder_count(c->t), h, i, n = 0, nv;
	int rc;

	nv = s->n_victims;
	s->items = pr__calloc(nh ? nh : 1, sizeof(*s->items));
	s->internal->nums = pr__calloc((nh ? nh : 1) * (nv ? 2 * nv : 1),
				       sizeof(int64_t));
	if (s->items == NULL || s->internal->nums == NULL)
		return oom(c);
	for (h = 0; h < nh; h++) {
		size_t ph = poison_index(c, h);

		if (victim_sum(c->t, h) <= 0 &&
		    (ph == SIZE_MAX || victim_sum(c->poison, ph) <= 0))
			continue;
		rc = build_item(c, h, &s->items[n],
				s->internal->nums + n * 2 * nv);
		if (rc != PR_OK)
			return rc;
		s->items[n++].number = (unsigned)h; /* until sorted */
	}
	s->n_items = n;
	qsort(s->items, n ? n : 1, sizeof(*s->items), cmp_item);
	for (i = 0; i < n; i++) {
		item_of[s->items[i].number] = i + 1;
		s->items[i].number = (unsigned)i + 1;
	}
	return PR_OK;
}

/* Does defendant d own or control holder h (an asset by its titled
 * owner, an account or address by a control line)? */
static int
owns(const struct ctx *c, const char *d, size_t h)
{
	const char *name = pr_trace_holder_name(c->t, h);
	const struct asset_row *a = asset_of(c, name);
	size_t i;

	if (a != NULL) {
		const char *who = named_defendant(c, a->owner);

		return who != NULL && strcmp(who, d) == 0;
	}
	for (i = 0; i < c->n_ctl; i++)
		if (strcmp(c->ctl[i].pseudonym, d) == 0 &&
		    strcmp(c->ctl[i].account, name) == 0 &&
		    controls(&c->ctl[i]))
			return 1;
	return 0;
}

/* How many defendants own or control holder h, and d's rank among them
 * (by pseudonym order): what came into a joint account is split among
 * them, not counted twice (Honeycutt). */
static size_t
n_owners(const struct ctx *c, size_t h, const char *d, size_t *rank)
{
	size_t j, n = 0;

	*rank = SIZE_MAX;
	for (j = 0; j < c->n_def; j++)
		if (owns(c, c->defendants[j], h)) {
			if (c->defendants[j] == d)
				*rank = n;
			n++;
		}
	return n;
}

static int
append(char *buf, size_t size, size_t *len, const char *fmt, ...)
	PR__PRINTF(4, 5);

static int
append(char *buf, size_t size, size_t *len, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*len >= size)
		return 0;
	va_start(ap, fmt);
	n = vsnprintf(buf + *len, size - *len, fmt, ap);
	va_end(ap);
	if (n > 0)
		*len += (size_t)n;
	return 0;
}

static int
defendants(struct ctx *c, const size_t *item_of)
{
	pr_schedule *s = c->s;
	size_t j, h, k, nh = pr_trace_holder_count(c->t);

	s->defendants = pr__calloc(c->n_def ? c->n_def : 1,
				   sizeof(*s->defendants));
	if (s->defendants == NULL)
		return oom(c);
	for (j = 0; j < c->n_def; j++) {
		pr_schedule_defendant *d = &s->defendants[s->n_defendants++];
		const char *p = c->defendants[j];
		char accts[1024] = "", subs[2048] = "", amt[64];
		size_t la = 0, ls = 0;

		d->pseudonym = keep(c, "%s", p);
		if (d->pseudonym == NULL)
			return oom(c);
		for (h = 0; h < nh; h++) {
			const char *name = pr_trace_holder_name(c->t, h);
			const pr_schedule_item *it = item_of[h] ?
				&s->items[item_of[h] - 1] : NULL;
			const struct asset_row *a = asset_of(c, name);
			size_t rank, n = n_owners(c, h, p, &rank);
			int64_t in = 0, clean;
			mpz_t z;

			if (rank == SIZE_MAX)
				continue;
			append(accts, sizeof(accts), &la, "%s%s", la ? "; " :
			       "", name);
			/* the sums are in dollars: a wallet is listed, not
			 * valued */
			if (strcmp(pr_trace_holder_currency(c->t, h), "USD"))
				continue;
			for (k = 2; k < pr_trace_origin_count(c->t); k++)
				in += pr_trace_inflow_units(c->t, h, k);
			/* equal shares, the odd cents to the first */
			d->obtained += in / (int64_t)n +
				       ((size_t)(in % (int64_t)n) > rank);
			if (it != NULL) {
				d->specific += it->traced_total;
				clean = it->value - (it->proportional_total ?
						     it->proportional_total :
						     it->traced_total);
			} else {
				clean = a ? (a->has_value ? a->value :
					     a->cost) :
					holder_total(c->t, h);
			}
			if (clean <= 0)
				continue;
			d->substitute_total += clean;
			mpz_init_set_si(z, (long)clean);
			pr_money_format(amt, sizeof(amt), z,
					pr_trace_holder_minor(c->t, h),
					PR_FMT_GROUP);
			mpz_clear(z);
			if (it != NULL)
				append(subs, sizeof(subs), &ls, "%sitem %u "
				       "untainted part %s", ls ? "; " : "",
				       it->number, amt);
			else
				append(subs, sizeof(subs), &ls, "%s%s %s",
				       ls ? "; " : "", name, amt);
		}
		d->judgment = d->obtained > d->specific ?
			      d->obtained - d->specific : 0;
		d->accounts = keep(c, "%s", accts);
		d->substitutes = keep(c, "%s", subs);
		if (d->accounts == NULL || d->substitutes == NULL)
			return oom(c);
	}
	return PR_OK;
}

static int
warn(struct ctx *c, const char *what)
{
	pr_schedule *s = c->s;

	if (pr__grow((void **)&s->warnings, &s->internal->cap_warn,
		     s->n_warnings + 1, sizeof(char *)))
		return oom(c);
	s->warnings[s->n_warnings] = pr__strdup(what);
	if (s->warnings[s->n_warnings] == NULL)
		return oom(c);
	s->n_warnings++;
	return PR_OK;
}

int64_t
pr_schedule_forfeited(const pr_schedule *s, const char *currency)
{
	int64_t sum = 0;
	size_t i;

	for (i = 0; s != NULL && i < s->n_items; i++) {
		const pr_schedule_item *it = &s->items[i];

		if (strcmp(it->currency, currency) == 0)
			sum += it->has_acquired ? it->proportional_total :
			       it->traced_total;
	}
	return sum;
}

void
pr_schedule_free(pr_schedule *s)
{
	size_t i;

	if (s == NULL)
		return;
	if (s->internal != NULL) {
		for (i = 0; i < s->internal->n; i++)
			pr__free(s->internal->s[i]);
		pr__free(s->internal->s);
		pr__free(s->internal->nums);
		pr__free(s->internal);
	}
	for (i = 0; i < s->n_warnings; i++)
		pr__free(s->warnings[i]);
	pr__free(s->warnings);
	pr__free(s->victims);
	pr__free(s->items);
	pr__free(s->defendants);
	pr__free(s->parameters);
	pr__free(s);
}

static void
ctx_free(struct ctx *c)
{
	size_t i;

	for (i = 0; i < c->n_assets; i++) {
		struct asset_row *a = &c->assets[i];

		pr__free(a->ref), pr__free(a->cls), pr__free(a->identifier);
		pr__free(a->description), pr__free(a->owner);
		pr__free(a->nominee), pr__free(a->currency);
		pr__free(a->where), pr__free(a->value_where);
	}
	pr__free(c->assets);
	for (i = 0; i < c->n_ctl; i++) {
		pr__free(c->ctl[i].pseudonym), pr__free(c->ctl[i].role);
		pr__free(c->ctl[i].account), pr__free(c->ctl[i].relation);
		pr__free(c->ctl[i].where);
	}
	pr__free(c->ctl);
	for (i = 0; i < c->n_al; i++) {
		pr__free(c->al[i].ident);
		pr__free(c->al[i].currency);
	}
	pr__free(c->al);
}

int
pr_schedule_of(pr_schedule **out, const pr_trace *t, const pr_trace *poison,
	       pr_error *err)
{
	const pr_trace_options *o;
	struct ctx c;
	pr_schedule *s;
	size_t *item_of = NULL, i, k;
	char *params = NULL;
	int rc;

	if (out == NULL || t == NULL || poison == NULL)
		return pr__error_set(err, PR_EINVALID, "no trace");
	*out = NULL;
	o = pr__trace_options(t);
	if (!pr__trace_cites(t) || pr__trace_options(poison)->method !=
	    PR_METHOD_POISON)
		return pr__error_set(err, PR_EINVALID, "a schedule needs a "
				     "trace that keeps its movements and a "
				     "poison trace of the same flows");
	memset(&c, 0, sizeof(c));
	s = pr__calloc(1, sizeof(*s));
	if (s == NULL || (s->internal = pr__calloc(1, sizeof(*s->internal)))
	    == NULL) {
		pr__free(s);
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	}
	c.s = s;
	c.st = pr__trace_store(t);
	c.err = err;
	c.o = o;
	c.t = t;
	c.poison = poison;
	s->method = o->method;
	if ((rc = load_assets(&c)) != PR_OK ||
	    (rc = pr_store_parties(c.st, party_cb, &c, err)) != PR_OK)
		goto done;
	s->n_victims = pr_trace_origin_count(c.t) - 2;
	s->victims = pr__calloc(s->n_victims ? s->n_victims : 1,
				sizeof(*s->victims));
	if (s->victims == NULL) {
		rc = oom(&c);
		goto done;
	}
	for (k = 0; k < s->n_victims; k++)
		s->victims[k] = keep(&c, "%s", pr_trace_origin(c.t, 2 + k));
	for (k = 0; k < s->n_victims; k++)
		if (s->victims[k] == NULL) {
			rc = oom(&c);
			goto done;
		}
	item_of = pr__calloc(pr_trace_holder_count(c.t) + 1,
			     sizeof(*item_of));
	if (item_of == NULL) {
		rc = oom(&c);
		goto done;
	}
	if ((rc = items(&c, item_of)) != PR_OK)
		goto done;
	if ((rc = defendants(&c, item_of)) != PR_OK)
		goto done;
	for (i = 0; i < pr_trace_warning_count(c.t) && rc == PR_OK; i++)
		rc = warn(&c, pr_trace_warning(c.t, i));
	if (rc != PR_OK)
		goto done;
	params = pr__malloc(strlen(pr_trace_parameters(c.t)) + 400);
	if (params == NULL) {
		rc = oom(&c);
		goto done;
	}
	sprintf(params, "%s; involved in: any victim's money reached it "
		"under poison; proportional share: value x traced / cost, "
		"rounded half up to the unit, split among victims by largest "
		"remainder; 984 window: a year after the last day a victim's "
		"money entered the account", pr_trace_parameters(c.t));
	s->parameters = params;
done:
	pr__free(item_of);
	ctx_free(&c);
	for (i = 0; i < c.n_def; i++)
		pr__free(c.defendants[i]);
	pr__free(c.defendants);
	if (rc != PR_OK) {
		pr_schedule_free(s);
		return rc;
	}
	*out = s;
	return PR_OK;
}

int
pr_schedule_run(pr_schedule **out, pr_flows *f, const pr_trace_options *o,
		pr_error *err)
{
	pr_trace_options def = PR_TRACE_OPTIONS_INIT, to, po;
	pr_trace *t = NULL, *poison = NULL;
	int rc;

	if (out == NULL || f == NULL)
		return pr__error_set(err, PR_EINVALID, "no flows");
	*out = NULL;
	to = o != NULL ? *o : def;
	to.lineage = NULL;
	to.keep_movements = 0;
	/* what the schedule cites, not every movement (ten times the
	 * memory of the trace in a mixed case) */
	rc = pr__trace_run_citing(&t, f, &to, err);
	if (rc == PR_OK && to.method != PR_METHOD_POISON) {
		po = to;
		po.method = PR_METHOD_POISON;
		po.keep_movements = 0;
		rc = pr_trace_run(&poison, f, &po, err);
	}
	if (rc == PR_OK)
		rc = pr_schedule_of(out, t, poison ? poison : t, err);
	pr_trace_free(poison);
	pr_trace_free(t);
	return rc;
}
