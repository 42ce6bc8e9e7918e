/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Restitution per victim under 18 U.S.C. 1593: the victim's other
 * losses plus the greater of the gross proceeds (the designated inflows
 * the trace saw come in as the victim's) and the value of the work
 * under the FLSA minimum wage and overtime guarantees; the defendants'
 * shares; and the pro-rata split of a forfeited fund (28 CFR Part 9).
 *
 * Everything is exact: cents in mpz_t, hours in hundredths, rates in
 * cents; a work or lodging line's value is an mpq_t rounded once, half
 * away from zero. Totals are sums of rounded lines, so that a reader can
 * add up the lines of the exhibit and find the total.
 */
#include "config.h"
#include "common.h"
#include "csvread.h"
#include "store.h"

#include <string.h>

/* The federal minimum wage (29 U.S.C. 206(a)(1)) from 1978 on, in
 * cents per hour, by the day it took effect (days since 1970-01-01). */
static const struct {
	pr_date from;
	long cents;
} federal[] = {
	{ 2922, 265 },   /* 1978-01-01 */
	{ 3287, 290 },   /* 1979-01-01 */
	{ 3652, 310 },   /* 1980-01-01 */
	{ 4018, 335 },   /* 1981-01-01 */
	{ 7395, 380 },   /* 1990-04-01 */
	{ 7760, 425 },   /* 1991-04-01 */
	{ 9770, 475 },   /* 1996-10-01 */
	{ 10105, 515 },  /* 1997-09-01 */
	{ 13718, 585 },  /* 2007-07-24 */
	{ 14084, 655 },  /* 2008-07-24 */
	{ 14449, 725 },  /* 2009-07-24 */
};
#define N_FEDERAL (sizeof(federal) / sizeof(federal[0]))

struct wage {
	pr_date from;
	long cents;
};

struct pr_wage_table {
	struct wage *w;
	size_t n, cap;
	char sha256[PR_SHA256_HEX];
	/* while reading */
	int have_header;
	long col[2];
	size_t nfields;
};

int
pr_flsa_federal_wage(long *out, pr_date day, pr_error *err)
{
	size_t i;
	char d[16];

	if (out == NULL)
		return pr__error_set(err, PR_EINVALID, "no output");
	if (day < federal[0].from) {
		pr_date_format(d, day);
		return pr__error_set(err, PR_EINVALID, "no federal minimum "
				     "wage for %s: the table starts on "
				     "1978-01-01", d);
	}
	for (i = N_FEDERAL; i > 0; i--)
		if (federal[i - 1].from <= day)
			break;
	*out = federal[i - 1].cents;
	return PR_OK;
}

/* The state rate in force on day: 0 before the table's first date. */
static long
state_wage(const pr_wage_table *t, pr_date day)
{
	size_t lo = 0, hi, mid;

	if (t == NULL || t->n == 0 || day < t->w[0].from)
		return 0;
	hi = t->n;
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (t->w[mid].from <= day)
			lo = mid;
		else
			hi = mid;
	}
	return t->w[lo].cents;
}

int
pr_flsa_wage(long *out, pr_date day, const pr_wage_table *state,
	     pr_error *err)
{
	long s;
	int rc;

	rc = pr_flsa_federal_wage(out, day, err);
	if (rc != PR_OK)
		return rc;
	s = state_wage(state, day);
	if (s > *out)
		*out = s;
	return PR_OK;
}

static int
wage_record(const pr__csv_record *rec, void *payload, pr_error *err)
{
	static const char *const names[2] = { "from", "rate" };
	pr_wage_table *t = payload;
	pr_money_style style = PR_MONEY_STYLE_INIT;
	struct wage w;
	char d[16];
	pr_error e;
	mpz_t v;
	int rc;

	if (!t->have_header) {
		t->have_header = 1;
		t->nfields = rec->n;
		return pr__csv_header(t->col, names, 2, NULL,
				      "(expected from, rate)", rec, err);
	}
	if (pr__csv_width(rec, t->nfields, err) != PR_OK)
		return PR_EPARSE;
	pr_error_clear(&e);
	if (pr_date_parse(&w.from, rec->field[t->col[0]],
			  rec->len[t->col[0]], "ISO", &e) != PR_OK)
		return pr__csv_fail(rec, (size_t)t->col[0], err, e.msg);
	if (t->n > 0 && w.from <= t->w[t->n - 1].from) {
		pr_date_format(d, t->w[t->n - 1].from);
		snprintf(e.msg, sizeof(e.msg), ": not after %s, the line "
			 "before's (lines go in date order)", d);
		return pr__csv_bad(rec, t->col[0], e.msg, err);
	}
	style.thousands = 0;
	mpz_init(v);
	rc = pr_money_parse(v, rec->field[t->col[1]], rec->len[t->col[1]], 2,
			    &style, &e);
	if (rc != PR_OK)
		rc = pr__csv_fail(rec, (size_t)t->col[1], err, e.msg);
	else if (mpz_sgn(v) <= 0 || mpz_cmp_ui(v, 100000) > 0)
		rc = pr__csv_bad(rec, t->col[1], " is not an hourly rate "
				 "(expected more than 0, at most 1000.00)",
				 err);
	w.cents = rc == PR_OK ? mpz_get_si(v) : 0;
	mpz_clear(v);
	if (rc != PR_OK)
		return rc;
	if (pr__grow((void **)&t->w, &t->cap, t->n + 1, sizeof(*t->w)))
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	t->w[t->n++] = w;
	return PR_OK;
}

int
pr_wage_table_load(pr_wage_table **out, const char *path, pr_error *err)
{
	pr__csv_options co;
	pr_wage_table *t;
	uint64_t size;
	int rc;

	if (out == NULL || path == NULL)
		return pr__error_set(err, PR_EINVALID, "no table or file");
	*out = NULL;
	t = pr__calloc(1, sizeof(*t));
	if (t == NULL)
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	memset(&co, 0, sizeof(co));
	co.delim = ',';
	co.encoding = PR_ENC_UTF8;
	rc = pr__csv_read(path, path, &co, wage_record, t, t->sha256, &size,
			  err);
	if (rc == PR_OK && t->n == 0)
		rc = pr__error_set(err, PR_EPARSE, "%s: no rates%s", path,
				   t->have_header ? " after the header" : "");
	if (rc != PR_OK) {
		pr_wage_table_free(t);
		return rc;
	}
	*out = t;
	return PR_OK;
}

void
pr_wage_table_free(pr_wage_table *t)
{
	if (t == NULL)
		return;
	pr__free(t->w);
	pr__free(t);
}

const char *
pr_wage_table_sha256(const pr_wage_table *t)
{
	return t ? t->sha256 : NULL;
}

void
pr_round_cents(mpz_t out, const mpq_t cents)
{
	mpz_t r;

	/* half away from zero: floor(|x| + 1/2) with x's sign */
	mpz_init(r);
	mpz_mul_2exp(r, mpq_numref(cents), 1);
	if (mpz_sgn(r) >= 0)
		mpz_add(r, r, mpq_denref(cents));
	else
		mpz_sub(r, r, mpq_denref(cents));
	mpz_mul_2exp(out, mpq_denref(cents), 1);
	mpz_tdiv_q(out, r, out);
	mpz_clear(r);
}

/*
 * The value of a work period, week by week (see pr_flsa_value). With
 * hours spread evenly over a week's d days, the week's regular rate is
 * the mean of its days' rates R = S / d, its hours H = h d / 7, and its
 * value R H + R / 2 max(H - 40, 0): the straight time for every hour
 * and the half more for the hours past 40.
 */
static int
flsa_value(mpq_t out, pr_date start, pr_date end, long hours,
	   const pr_wage_table *state, unsigned long *weeks_out,
	   unsigned long *spanning_out, long *lo_out, long *hi_out,
	   pr_error *err)
{
	unsigned long weeks = 0, spanning = 0;
	long lo = 0, hi = 0, rate;
	pr_date ws, we, day;
	mpq_t h, v, over;
	long sum, d;
	int rc = PR_OK, mixed;

	if (end < start || hours < 0 || hours > 16800)
		return pr__error_set(err, PR_EINVALID, "no work period: the "
				     "end is before the start, or the hours "
				     "are outside 0 to 168");
	mpq_inits(h, v, over, NULL);
	mpq_set_ui(out, 0, 1);
	for (ws = start; ws <= end && rc == PR_OK; ws += 7) {
		we = end - ws < 6 ? end : ws + 6;
		d = (long)(we - ws) + 1;
		sum = 0;
		mixed = 0;
		for (day = ws; day <= we; day++) {
			rc = pr_flsa_wage(&rate, day, state, err);
			if (rc != PR_OK)
				break;
			if (day > ws && rate * (day - ws) != sum)
				mixed = 1;
			if (lo == 0 || rate < lo)
				lo = rate;
			if (rate > hi)
				hi = rate;
			sum += rate;
		}
		if (rc != PR_OK)
			break;
		weeks++;
		spanning += mixed;
		/* straight time: S / d x h d / 700 = S h / 700 */
		mpq_set_si(v, sum, 1);
		mpz_mul_si(mpq_numref(v), mpq_numref(v), hours);
		mpz_set_ui(mpq_denref(v), 700);
		mpq_canonicalize(v);
		mpq_add(out, out, v);
		/* hours of the week past 40: h d / 700 - 40 */
		mpq_set_si(h, hours * d - 700L * 40, 700);
		mpq_canonicalize(h);
		if (mpq_sgn(h) > 0) {
			/* half the regular rate S / d for each */
			mpq_set_si(over, sum, (unsigned long)(2 * d));
			mpq_canonicalize(over);
			mpq_mul(over, over, h);
			mpq_add(out, out, over);
		}
	}
	mpq_clears(h, v, over, NULL);
	if (rc != PR_OK)
		return rc;
	if (weeks_out)
		*weeks_out = weeks;
	if (spanning_out)
		*spanning_out = spanning;
	if (lo_out)
		*lo_out = lo;
	if (hi_out)
		*hi_out = hi;
	return PR_OK;
}

int
pr_flsa_value(mpq_t out, pr_date start, pr_date end, long hours,
	      const pr_wage_table *state, unsigned long *spanning_out,
	      pr_error *err)
{
	if (out == NULL)
		return pr__error_set(err, PR_EINVALID, "no output");
	return flsa_value(out, start, end, hours, state, NULL, spanning_out,
			  NULL, NULL, err);
}

int
pr_remission_split(mpz_t *shares, mpz_t leftover, const mpz_t fund,
		   const mpz_t *losses, size_t n, pr_error *err)
{
	mpz_t sum;
	size_t i;
	int rc = PR_OK;

	if ((shares == NULL || losses == NULL) && n > 0)
		return pr__error_set(err, PR_EINVALID, "no shares or losses");
	if (mpz_sgn(fund) < 0)
		return pr__error_set(err, PR_EINVALID, "the fund is negative");
	mpz_init(sum);
	for (i = 0; i < n; i++) {
		if (mpz_sgn(losses[i]) < 0) {
			mpz_clear(sum);
			return pr__error_set(err, PR_EINVALID, "loss %zu of "
					     "%zu is negative", i + 1, n);
		}
		mpz_add(sum, sum, losses[i]);
	}
	if (mpz_cmp(fund, sum) >= 0) {
		/* enough for everyone: each its loss */
		for (i = 0; i < n; i++)
			mpz_set(shares[i], losses[i]);
		mpz_sub(leftover, fund, sum);
	} else {
		/* floor(fund l / L) < l for a non-integer share, so the one
		 * unit a remainder may add never lifts a share above l */
		rc = pr_apportion(shares, fund, losses, n, err);
		if (rc == PR_OK)
			mpz_set_ui(leftover, 0);
	}
	mpz_clear(sum);
	return rc;
}

/* ---------------------------------------------------------------- */
/* the case */

struct defendant {
	char *pseudonym;
	char **accounts;     /* owned, signed on or controlled */
	size_t n, cap;
};

struct pr_restitution {
	pr_restitution_victim *v;
	size_t nv, capv;
	pr_restitution_line *l;
	size_t nl, capl;
	struct defendant *d;
	size_t nd, capd;
	mpz_t *owed;         /* nv x nd */
	const char **basis;  /* per victim */
	int joint;
	char *params;
	int failed;          /* out of memory in a callback */
};

static void
victim_init(pr_restitution_victim *v)
{
	memset(v, 0, sizeof(*v));
	mpz_inits(v->gross, v->flsa, v->credits, v->flsa_credited, v->paid,
		  v->unpaid, v->liquidated, v->flsa_due, v->greater,
		  v->losses, v->total, NULL);
}

static void
victim_clear(pr_restitution_victim *v)
{
	pr__free((char *)v->victim);
	mpz_clears(v->gross, v->flsa, v->credits, v->flsa_credited, v->paid,
		   v->unpaid, v->liquidated, v->flsa_due, v->greater,
		   v->losses, v->total, NULL);
}

void
pr_restitution_free(pr_restitution *r)
{
	size_t i, j;

	if (r == NULL)
		return;
	for (i = 0; i < r->nv; i++)
		victim_clear(&r->v[i]);
	pr__free(r->v);
	for (i = 0; i < r->nl; i++) {
		pr__free((char *)r->l[i].victim);
		pr__free((char *)r->l[i].kind);
		pr__free((char *)r->l[i].basis);
		pr__free((char *)r->l[i].source);
		pr__free((char *)r->l[i].document);
		mpz_clear(r->l[i].amount);
	}
	pr__free(r->l);
	for (i = 0; i < r->nd; i++) {
		for (j = 0; j < r->d[i].n; j++)
			pr__free(r->d[i].accounts[j]);
		pr__free(r->d[i].accounts);
		pr__free(r->d[i].pseudonym);
	}
	pr__free(r->d);
	if (r->owed != NULL)
		for (i = 0; i < r->nv * r->nd; i++)
			mpz_clear(r->owed[i]);
	pr__free(r->owed);
	pr__free(r->basis);
	pr__free(r->params);
	pr__free(r);
}

/* Victims and defendants, each by pseudonym as pr_store_parties gives
 * them; a defendant's accounts are those it owns, signs on or controls
 * (a nominee holds title for another, who controls the account). */
static int
on_party(const pr_party *p, void *payload)
{
	pr_restitution *r = payload;
	struct defendant *d;
	size_t i;

	if (strcmp(p->role, "victim") == 0) {
		if (pr__grow((void **)&r->v, &r->capv, r->nv + 1,
			     sizeof(*r->v)))
			goto oom;
		victim_init(&r->v[r->nv]);
		r->v[r->nv].victim = pr__strdup(p->pseudonym);
		r->nv++;
		if (r->v[r->nv - 1].victim == NULL)
			goto oom;
		return 0;
	}
	if (strcmp(p->role, "defendant") != 0)
		return 0;
	if (pr__grow((void **)&r->d, &r->capd, r->nd + 1, sizeof(*r->d)))
		goto oom;
	d = &r->d[r->nd++];
	memset(d, 0, sizeof(*d));
	d->pseudonym = pr__strdup(p->pseudonym);
	if (d->pseudonym == NULL)
		goto oom;
	for (i = 0; i < p->n_controls; i++) {
		if (strcmp(p->controls[i].relation, "nominee") == 0)
			continue;
		if (pr__grow((void **)&d->accounts, &d->cap, d->n + 1,
			     sizeof(*d->accounts)))
			goto oom;
		d->accounts[d->n] = pr__strdup(p->controls[i].account);
		if (d->accounts[d->n] == NULL)
			goto oom;
		d->n++;
	}
	return 0;
oom:
	r->failed = 1;
	return 1;
}

static size_t
victim_index(const pr_restitution *r, const char *pseudonym)
{
	size_t i;

	for (i = 0; i < r->nv; i++)
		if (strcmp(r->v[i].victim, pseudonym) == 0)
			return i;
	return (size_t)-1;
}

static char *
col_dup(sqlite3_stmt *s, int i)
{
	const char *t = (const char *)sqlite3_column_text(s, i);

	return pr__strdup(t ? t : "");
}

/* The work lines of the case, by victim (V-2 before V-10, as
 * pr_store_parties orders them), start, document and line. */
static int
load_lines(pr_restitution *r, pr_store *st, pr_error *err)
{
	static const char sql[] =
		"SELECT p.pseudonym, w.kind, w.start_date, w.end_date,"
		" w.hours, w.amount, w.basis, w.source, d.name, w.line"
		" FROM work w JOIN party p ON p.id = w.party_id"
		" JOIN document d ON d.id = w.document_id"
		" ORDER BY length(p.pseudonym), p.pseudonym, w.start_date,"
		" w.document_id, w.line, w.id";
	sqlite3_stmt *s = NULL;
	pr_restitution_line *l;
	size_t vi;
	int rc;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return pr__store_dberr(st, err, "cannot read work lines");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		vi = victim_index(r, (const char *)sqlite3_column_text(s, 0));
		if (vi == (size_t)-1)
			continue; /* imports check the role; never happens */
		if (pr__grow((void **)&r->l, &r->capl, r->nl + 1,
			     sizeof(*r->l))) {
			sqlite3_finalize(s);
			return pr__error_set(err, PR_ENOMEM, "out of memory");
		}
		l = &r->l[r->nl++];
		memset(l, 0, sizeof(*l));
		mpz_init_set_si(l->amount, (long)sqlite3_column_int64(s, 5));
		l->victim = col_dup(s, 0);
		l->kind = col_dup(s, 1);
		l->start = sqlite3_column_int(s, 2);
		l->end = sqlite3_column_int(s, 3);
		l->hours = (long)sqlite3_column_int64(s, 4);
		l->basis = col_dup(s, 6);
		l->source = col_dup(s, 7);
		l->document = col_dup(s, 8);
		l->line = (unsigned long)sqlite3_column_int64(s, 9);
		if (l->victim == NULL || l->kind == NULL || l->basis == NULL ||
		    l->source == NULL || l->document == NULL) {
			sqlite3_finalize(s);
			return pr__error_set(err, PR_ENOMEM, "out of memory");
		}
	}
	if (rc != SQLITE_DONE) {
		rc = pr__store_dberr(st, err, "cannot read work lines");
		sqlite3_finalize(s);
		return rc;
	}
	sqlite3_finalize(s);
	return PR_OK;
}

/* Each line's value, rounded once, into its victim's sums. */
static int
value_lines(pr_restitution *r, const pr_restitution_options *o,
	    pr_error *err)
{
	pr_restitution_victim *v;
	pr_restitution_line *l;
	unsigned long weeks, spanning;
	mpq_t q;
	size_t i;
	int rc = PR_OK;

	mpq_init(q);
	for (i = 0; i < r->nl && rc == PR_OK; i++) {
		l = &r->l[i];
		v = &r->v[victim_index(r, l->victim)];
		if (strcmp(l->kind, "work") == 0) {
			rc = flsa_value(q, l->start, l->end, l->hours,
					o->state, &weeks, &spanning,
					&l->rate_low, &l->rate_high, err);
			if (rc != PR_OK)
				break;
			pr_round_cents(l->amount, q);
			mpz_add(v->flsa, v->flsa, l->amount);
			v->weeks += weeks;
			v->spanning += spanning;
		} else if (strcmp(l->kind, "lodging") == 0) {
			/* per week: for each day of the period a seventh */
			if (strcmp(l->basis, "week") == 0) {
				mpq_set_z(q, l->amount);
				mpz_mul_si(mpq_numref(q), mpq_numref(q),
					   (long)(l->end - l->start) + 1);
				mpz_set_ui(mpq_denref(q), 7);
				mpq_canonicalize(q);
				pr_round_cents(l->amount, q);
			}
			mpz_add(v->credits, v->credits, l->amount);
		} else if (strcmp(l->kind, "paid") == 0) {
			mpz_add(v->paid, v->paid, l->amount);
		} else {
			mpz_add(v->losses, v->losses, l->amount);
		}
	}
	mpq_clear(q);
	return rc;
}

/* out = max(a - b, 0) */
static void
sub_floor(mpz_t out, const mpz_t a, const mpz_t b)
{
	mpz_sub(out, a, b);
	if (mpz_sgn(out) < 0)
		mpz_set_ui(out, 0);
}

static void
totals(pr_restitution *r, const pr_restitution_options *o)
{
	pr_restitution_victim *v;
	size_t i;

	for (i = 0; i < r->nv; i++) {
		v = &r->v[i];
		sub_floor(v->flsa_credited, v->flsa, v->credits);
		sub_floor(v->unpaid, o->credit_lodging ? v->flsa_credited :
			  v->flsa, v->paid);
		if (o->liquidated)
			mpz_set(v->liquidated, v->unpaid);
		mpz_add(v->flsa_due, v->unpaid, v->liquidated);
		v->flsa_greater = mpz_cmp(v->flsa_due, v->gross) > 0;
		mpz_set(v->greater, v->flsa_greater ? v->flsa_due : v->gross);
		mpz_add(v->total, v->losses, v->greater);
	}
}

/* Whether defendant d owns, signs on or controls the holder. */
static int
holds(const struct defendant *d, const char *holder)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (strcmp(d->accounts[i], holder) == 0)
			return 1;
	return 0;
}

/*
 * Gross proceeds from the trace, and the weights of apportionment:
 * what came in as the victim's at each USD holder, counted for every
 * defendant who owns, signs on or controls it.
 */
static int
from_trace(pr_restitution *r, const pr_trace *t, mpz_t *weights)
{
	size_t k, h, vi, j;
	const char *cur;
	int64_t in;

	for (k = 2; k < pr_trace_origin_count(t); k++) {
		vi = victim_index(r, pr_trace_origin(t, k));
		if (vi == (size_t)-1)
			continue;
		for (h = 0; h < pr_trace_holder_count(t); h++) {
			cur = pr_trace_holder_currency(t, h);
			if (cur == NULL || strcmp(cur, "USD") != 0)
				continue;
			in = pr_trace_inflow_units(t, h, k);
			if (in == 0)
				continue;
			mpz_set_si(weights[0], (long)in);
			mpz_add(r->v[vi].gross, r->v[vi].gross, weights[0]);
			for (j = 0; j < r->nd; j++)
				if (holds(&r->d[j], pr_trace_holder_name(t, h)))
					mpz_add(weights[1 + vi * r->nd + j],
						weights[1 + vi * r->nd + j],
						weights[0]);
		}
	}
	mpz_set_ui(weights[0], 0);
	return PR_OK;
}

static int
shares(pr_restitution *r, const pr_restitution_options *o, mpz_t *weights,
       pr_error *err)
{
	mpz_t *w;
	size_t i, j, nd = r->nd;
	int any, rc;

	r->joint = !o->apportion;
	for (i = 0; i < r->nv; i++) {
		r->basis[i] = r->joint ? "joint" : "proceeds";
		if (nd == 0)
			continue;
		if (r->joint) {
			for (j = 0; j < nd; j++)
				mpz_set(r->owed[i * nd + j], r->v[i].total);
			continue;
		}
		w = weights + 1 + i * nd;
		any = 0;
		for (j = 0; j < nd; j++)
			any |= mpz_sgn(w[j]) > 0;
		if (!any) {
			r->basis[i] = "equal";
			for (j = 0; j < nd; j++)
				mpz_set_ui(w[j], 1);
		}
		rc = pr_apportion(r->owed + i * nd, r->v[i].total, w, nd, err);
		if (rc != PR_OK)
			return rc;
	}
	return PR_OK;
}

static int
parameters(pr_restitution *r, const pr_restitution_options *o,
	   const pr_trace *t)
{
	char state[160];
	const char *tp = pr_trace_parameters(t);
	size_t n;

	if (o->state != NULL)
		snprintf(state, sizeof(state), ", or the state table (SHA-256 "
			 "%.16s...) where higher on the day", o->state->sha256);
	else
		state[0] = '\0';
	n = 2048 + strlen(tp ? tp : "");
	r->params = pr__malloc(n);
	if (r->params == NULL)
		return -1;
	snprintf(r->params, n,
		 "18 U.S.C. 1593: losses plus the greater of the gross "
		 "proceeds and the FLSA value; FLSA value at the federal "
		 "minimum wage of each day%s; workweeks of 7 days (168 "
		 "hours) from each work period's first day, a shorter last "
		 "week prorated by its days; hours spread evenly over a "
		 "workweek's days, so a workweek spanning a wage change is "
		 "paid at the weighted-average regular rate (29 CFR 778.115) "
		 "weighted by days; overtime at 1.5 x that rate past 40 "
		 "hours; each line exact, rounded once to the cent, half up; "
		 "board and lodging credits (29 U.S.C. 203(m)) %s; amounts "
		 "paid to the victim deducted from the FLSA value; liquidated "
		 "damages %s; gross proceeds: the inflows designated as the "
		 "victim's, in USD, as traced (%s); %s",
		 state, o->credit_lodging ? "deducted from the FLSA value "
		 "compared" : "shown but not deducted from the FLSA value "
		 "compared", o->liquidated ? "added (an equal amount of the "
		 "unpaid FLSA wages)" : "not added", tp ? tp : "",
		 o->apportion ? "defendants' shares apportioned (18 U.S.C. "
		 "3664(h)) by the victim's proceeds that came into accounts "
		 "each owns, signs on or controls (control dates not "
		 "applied), by largest remainder to the cent, equal shares "
		 "when none did" : "defendants jointly and severally liable "
		 "(18 U.S.C. 3664(h)), each for the whole; a victim recovers "
		 "at most its restitution in total");
	return 0;
}

int
pr_restitution_run(pr_restitution **out, pr_store *st,
		   const pr_trace *trace, const pr_restitution_options *o,
		   pr_error *err)
{
	pr_restitution_options none = PR_RESTITUTION_OPTIONS_INIT;
	pr_restitution *r = NULL;
	pr_trace *own = NULL;
	pr_flows *flows = NULL;
	mpz_t *weights = NULL;
	size_t nw = 0, nwi = 0, i;
	int rc;

	if (out == NULL || st == NULL)
		return pr__error_set(err, PR_EINVALID, "no case");
	*out = NULL;
	if (o == NULL)
		o = &none;
	r = pr__calloc(1, sizeof(*r));
	if (r == NULL)
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	rc = pr_store_parties(st, on_party, r, err);
	if (r->failed) {
		rc = pr__error_set(err, PR_ENOMEM, "out of memory");
		goto done;
	}
	if (rc != PR_OK)
		goto done;
	rc = load_lines(r, st, err);
	if (rc == PR_OK)
		rc = value_lines(r, o, err);
	if (rc != PR_OK)
		goto done;
	if (trace == NULL) {
		/* the flows as matched by default, traced once */
		rc = pr_flows_build(&flows, st, NULL, err);
		if (rc == PR_OK)
			rc = pr_trace_run(&own, flows, &o->trace, err);
		if (rc != PR_OK)
			goto done;
		trace = own;
	}
	/* weights[0] is scratch, then victim x defendant */
	nw = 1 + r->nv * r->nd;
	weights = pr__calloc(nw, sizeof(*weights));
	r->owed = pr__calloc(r->nv * r->nd + 1, sizeof(*r->owed));
	r->basis = pr__calloc(r->nv + 1, sizeof(*r->basis));
	if (weights == NULL || r->owed == NULL || r->basis == NULL) {
		pr__free(r->owed);
		r->owed = NULL;
		rc = pr__error_set(err, PR_ENOMEM, "out of memory");
		goto done;
	}
	for (nwi = 0; nwi < nw; nwi++)
		mpz_init(weights[nwi]);
	for (i = 0; i < r->nv * r->nd; i++)
		mpz_init(r->owed[i]);
	from_trace(r, trace, weights);
	totals(r, o);
	rc = shares(r, o, weights, err);
	if (rc == PR_OK && parameters(r, o, trace) != 0)
		rc = pr__error_set(err, PR_ENOMEM, "out of memory");
done:
	for (i = 0; i < nwi; i++)
		mpz_clear(weights[i]);
	pr__free(weights);
	pr_trace_free(own);
	pr_flows_free(flows);
	if (rc != PR_OK) {
		pr_restitution_free(r);
		return rc;
	}
	*out = r;
	return PR_OK;
}

size_t
pr_restitution_victim_count(const pr_restitution *r)
{
	return r ? r->nv : 0;
}

const pr_restitution_victim *
pr_restitution_victim_at(const pr_restitution *r, size_t i)
{
	return r && i < r->nv ? &r->v[i] : NULL;
}

size_t
pr_restitution_line_count(const pr_restitution *r)
{
	return r ? r->nl : 0;
}

const pr_restitution_line *
pr_restitution_line_at(const pr_restitution *r, size_t i)
{
	return r && i < r->nl ? &r->l[i] : NULL;
}

size_t
pr_restitution_defendant_count(const pr_restitution *r)
{
	return r ? r->nd : 0;
}

const char *
pr_restitution_defendant(const pr_restitution *r, size_t d)
{
	return r && d < r->nd ? r->d[d].pseudonym : NULL;
}

mpz_srcptr
pr_restitution_owed(const pr_restitution *r, size_t v, size_t d)
{
	return r && v < r->nv && d < r->nd ? r->owed[v * r->nd + d] : NULL;
}

const char *
pr_restitution_basis(const pr_restitution *r, size_t v)
{
	return r && v < r->nv ? r->basis[v] : NULL;
}

int
pr_restitution_joint(const pr_restitution *r)
{
	return r ? r->joint : 0;
}

const char *
pr_restitution_parameters(const pr_restitution *r)
{
	return r ? r->params : NULL;
}
