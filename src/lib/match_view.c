/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Matching, part three: what the flows show. The public view of
 * include/proceeds/match.h (pr_flows_get's flow as text, the issues, the
 * decisions, the parameters, the counts), the parts the trace reads
 * (pr__flows_parts, pr__flows_brief), and pr_flows_free.
 */
#include "config.h"
#include "common.h"
#include "store.h"
#include "match_priv.h"

#include <ctype.h>
#include <gmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_name[] = {
	"bank", "exchange", "wire", "chain", "chain", "funding"
};

size_t
pr__flows_strings(const pr_flows *f)
{
	return f ? f->s.n : 0;
}

size_t
pr_flows_count(const pr_flows *f)
{
	return f ? f->n_flows : 0;
}

uint64_t
pr_flows_evidence(const pr_flows *f)
{
	return f ? f->n : 0;
}

uint64_t
pr_flows_joined(const pr_flows *f)
{
	return f ? f->joined : 0;
}

const char *
pr_flows_parameters(const pr_flows *f)
{
	return f ? f->params : "";
}

size_t
pr_flows_issue_count(const pr_flows *f)
{
	return f ? f->n_issues : 0;
}

const pr_flow_issue *
pr_flows_issue(const pr_flows *f, size_t i)
{
	struct issue *is;

	if (f == NULL || i >= f->n_issues)
		return NULL;
	is = &f->issues[i];
	is->pub.evidence = is->evidence ? is->evidence : "";
	is->pub.text = is->text;
	is->pub.candidates = (const char *const *)is->cands;
	return &is->pub;
}

size_t
pr_flows_decision_count(const pr_flows *f)
{
	return f ? f->n_dec : 0;
}

int
pr_flows_decision(const pr_flows *f, size_t i, pr_decision *out)
{
	const struct decision *d;

	if (f == NULL || out == NULL || i >= f->n_dec)
		return PR_EINVALID;
	d = &f->dec[i];
	out->document = f->docs[d->doc];
	out->line = d->line;
	out->action = d->action;
	out->subject = d->subject;
	out->other = d->other;
	out->reason = d->reason;
	return PR_OK;
}

/* ---------------------------------------------------------------- */
/* one flow as text */

/* Append to the scratch buffer; returns the offset, or -1. */
static long
put(struct pr_flows *m, const char *fmt, ...) PR__PRINTF(2, 3);

static long
put(struct pr_flows *m, const char *fmt, ...)
{
	va_list ap;
	size_t at = m->buf_len;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || pr__grow((void **)&m->buf, &m->buf_cap,
			  m->buf_len + (size_t)n + 1, 1))
		return -1;
	va_start(ap, fmt);
	vsnprintf(m->buf + at, (size_t)n + 1, fmt, ap);
	va_end(ap);
	m->buf_len += (size_t)n + 1;
	return (long)at;
}

static unsigned
minor_of(const struct pr_flows *m, uint32_t cur)
{
	const pr_currency *c = pr__store_currency(m->st, str(m, cur));

	return c ? c->minor : 0;
}

static void
amount_z(const struct pr_flows *m, mpz_t z, const struct item *w)
{
	if (w->flags & F_BIG)
		mpz_set_str(z, str(m, w->big), 10);
	else
		mpz_set_si(z, (long)w->amount);
}

static long
put_amount(struct pr_flows *m, const mpz_t z, uint32_t cur)
{
	char small[64], *p = small;
	size_t n = pr_money_format(NULL, 0, z, minor_of(m, cur),
				   PR_FMT_PLAIN);
	long at;

	if (n >= sizeof(small) && (p = pr__malloc(n + 1)) == NULL)
		return -1;
	pr_money_format(p, n + 1, z, minor_of(m, cur), PR_FMT_PLAIN);
	at = put(m, "%s", p);
	if (p != small)
		pr__free(p);
	return at;
}

static int
has_digits(const char *s, int need)
{
	int n = 0;

	for (; *s; s++)
		n += isdigit((unsigned char)*s) != 0;
	return n >= need;
}

/* An address or account the analyst said belongs to a party. */
static const char *
owner_of(struct pr_flows *m, const char *label)
{
	char norm[128];
	size_t i;

	if (m->n_owner == 0)
		return NULL;
	normalise(norm, sizeof(norm), label);
	for (i = 0; i < m->n_owner; i++)
		if (strcmp(str(m, m->owner_subj[i]), norm) == 0)
			return m->dec[m->owner_dec[i]].other;
	return NULL;
}

static long
put_side(struct pr_flows *m, const char *label, int *lead, int unknown)
{
	const char *own = owner_of(m, label);

	if (unknown) {
		*lead = 1;
		return put(m, "unknown account %s (lead)", label);
	}
	return own ? put(m, "%s [%s]", label, own) : put(m, "%s", label);
}

static int
ev_order(const struct item *a, const struct item *b)
{
	static const int rank[] = { 0, 1, 2, 3 };

	if (rank[a->role] != rank[b->role])
		return rank[a->role] < rank[b->role] ? -1 : 1;
	if (a->doc != b->doc)
		return a->doc < b->doc ? -1 : 1;
	return (a->line > b->line) - (a->line < b->line);
}

static long
put_basis(struct pr_flows *m, const struct item *w)
{
	char fee[64] = "";

	if (w->fee > 0) {
		mpz_t z;
		char a[48];

		mpz_init_set_si(z, (long)w->fee);
		pr_money_format(a, sizeof(a), z, minor_of(m, w->cur),
				PR_FMT_PLAIN);
		mpz_clear(z);
		snprintf(fee, sizeof(fee), ", less a fee of %s", a);
	}
	switch (w->basis) {
	case B_DECISION: {
		const struct decision *d = &m->dec[w->barg];

		return put(m, "analyst decision %s:%lu: %s", m->docs[d->doc],
			   (unsigned long)d->line, d->reason);
	}
	case B_TRADE:
		return put(m, "trade %s", strchr(str(m, w->barg), '\x1f') + 1);
	case B_KEY: {
		const char *k = str(m, w->barg);

		if (strncmp(k, "mad:", 4) == 0)
			return put(m, "IMAD/OMAD %s%s", k + 4, fee);
		if (strncmp(k, "uetr:", 5) == 0)
			return put(m, "UETR %s%s", k + 5, fee);
		if (strncmp(k, "check:", 6) == 0)
			return put(m, "check %s", k + 6);
		return put(m, "transaction hash %s", k + 5);
	}
	case B_RECORD:
	case B_AMOUNT:
	case B_FEE:
		return put(m, "%s%s%s, %d business day%s apart, the only "
			   "candidate", w->basis == B_AMOUNT ?
			   "same amount" : "account named by the record",
			   w->basis != B_RECORD ? "" : w->barg ==
			   HOW_INSTRUCTED ? ", the amount the wire instructed" :
			   w->barg == HOW_SETTLED ?
			   ", the amount the wire settled" : ", same amount",
			   fee, w->days, w->days == 1 ? "" : "s");
	case B_ADDRESS:
		return put(m, "address and amount, %d day%s apart, the only "
			   "candidate", w->days, w->days == 1 ? "" : "s");
	default:
		return put(m, "%s", "");
	}
}

/* Does 1/n end as a decimal: is n made of 2s and 5s only? */
static int
ends(const mpz_t n)
{
	mpz_t d;
	int r;

	mpz_init_set(d, n);
	while (mpz_sgn(d) != 0 && mpz_divisible_ui_p(d, 2))
		mpz_divexact_ui(d, d, 2);
	while (mpz_sgn(d) != 0 && mpz_divisible_ui_p(d, 5))
		mpz_divexact_ui(d, d, 5);
	r = mpz_cmp_ui(d, 1) == 0;
	mpz_clear(d);
	return r;
}

/* 1 unit of a is worth rate units of b, exactly: a decimal when it ends,
 * else a fraction. */
static long
put_rate(struct pr_flows *m, const struct item *a, const struct item *b)
{
	mpz_t x, y;
	mpq_t q;
	unsigned ma = minor_of(m, a->cur), mb = minor_of(m, b->cur);
	long at;
	char *t;

	mpz_inits(x, y, NULL);
	mpq_init(q);
	amount_z(m, x, b);
	amount_z(m, y, a);
	mpz_ui_pow_ui(mpq_numref(q), 10, ma);
	mpz_mul(mpq_numref(q), mpq_numref(q), x);
	mpz_ui_pow_ui(mpq_denref(q), 10, mb);
	mpz_mul(mpq_denref(q), mpq_denref(q), y);
	if (mpz_sgn(mpq_denref(q)) == 0) {
		at = put(m, "%s", "");
		goto done;
	}
	mpq_canonicalize(q);
	/* Say it the way prices are said, 1 BTC = 30500 USD rather than
	 * 1 USD = 1/30500 BTC: turned round when below 1 and the inverse
	 * is a whole number or ends (1 USD = 0.995 USDT stays). Both are
	 * exact; this is only the more readable. */
	if (mpz_cmp(mpq_numref(q), mpq_denref(q)) < 0 && ends(mpq_numref(q))) {
		const struct item *t = a;

		mpq_inv(q, q);
		a = b;
		b = t;
	}
	{
		/* a decimal when the denominator is 2^i 5^j */
		mpz_t d;
		unsigned long k = 0;

		mpz_init_set(d, mpq_denref(q));
		while (mpz_divisible_ui_p(d, 2) || mpz_divisible_ui_p(d, 5)) {
			if (mpz_divisible_ui_p(d, 10))
				mpz_divexact_ui(d, d, 10);
			else if (mpz_divisible_ui_p(d, 2))
				mpz_divexact_ui(d, d, 2);
			else
				mpz_divexact_ui(d, d, 5);
			k++;
		}
		if (mpz_cmp_ui(d, 1) == 0) {
			mpz_t z;

			mpz_init(z);
			mpz_ui_pow_ui(z, 10, k);
			mpz_mul(z, z, mpq_numref(q));
			mpz_divexact(z, z, mpq_denref(q));
			t = pr__malloc(pr_money_format(NULL, 0, z,
						       (unsigned)k, 0) + 1);
			if (t != NULL) {
				pr_money_format(t, pr_money_format(NULL, 0, z,
					(unsigned)k, 0) + 1, z, (unsigned)k, 0);
				/* trailing zeros say nothing */
				if (k > 0) {
					char *e = t + strlen(t) - 1;

					while (*e == '0')
						*e-- = '\0';
					if (*e == '.')
						*e = '\0';
				}
			}
			mpz_clear(z);
		} else {
			t = mpq_get_str(NULL, 10, q);
		}
		mpz_clear(d);
	}
	at = t ? put(m, "conversion: 1 %s = %s %s", str(m, a->cur), t,
		     str(m, b->cur)) : -1;
	if (t != NULL) {
		void (*fr)(void *, size_t);

		mp_get_memory_functions(NULL, NULL, &fr);
		fr(t, strlen(t) + 1);
	}
done:
	mpz_clears(x, y, NULL);
	mpq_clear(q);
	return at;
}

size_t
pr__flows_parts(const pr_flows *f, size_t i, struct pr__item_view *out,
		size_t max)
{
	const struct pr_flows *m = f;
	uint32_t r, x;
	size_t n = 0;

	if (f == NULL || i >= f->n_flows)
		return 0;
	r = m->order[i];
	x = r;
	do {
		const struct item *w = &m->it[x];

		if (n < max) {
			struct pr__item_view *v = &out[n];

			memset(v, 0, sizeof(*v));
			v->id = x;
			v->row = w->kind == K_BANK || w->kind == K_EXCHANGE ?
				 (int64_t)w->what : 0;
			v->kind = w->kind;
			v->role = w->role;
			v->date = w->date;
			v->currency = str(m, w->cur);
			v->currency_id = w->cur;
			v->account = w->role == PR_ROLE_RECORD ? "" :
				     str(m, w->acct);
			v->account_id = w->role == PR_ROLE_RECORD ? 0 :
					w->acct;
			v->cut = m->cuts.arena + m->cuts.off[w->cut];
			v->address = str(m, w->addr);
			v->tx = w->kind == K_CHAIN || w->kind == K_CHAIN_FEE ?
				str(m, w->tx) : "";
			v->n = w->n;
			v->big = (w->flags & F_BIG) != 0;
			v->amount = v->big ? 0 : w->amount;
			v->document = m->docs[w->doc];
			v->line = w->line;
			v->mortgage = (w->flags & F_MORTGAGE) != 0;
			v->trade = (w->flags & F_TRADE) != 0;
			v->withdrawal = (w->flags & F_WITHDRAW) != 0;
			v->deposit = (w->flags & F_DEPOSIT) != 0;
			v->from_label = str(m, w->flab);
			v->to_label = str(m, w->tlab);
			v->to_hint = str(m, w->to_hint);
			v->from_hint = str(m, w->from_hint);
		}
		n++;
		x = m->next[x];
	} while (x != r);
	return n;
}

/*
 * The little the trace's ordering and grouping need of flow i, without
 * filling a view per piece (pr__flows_parts is the trace's one
 * per-flow read; doing it two more times for these was 5% of a trace).
 */
static void flow_brief(const pr_flows *f, size_t i, size_t max,
		       struct pr__flow_brief *out);

/* The brief the traces ask for (their MAX_PARTS), kept for every flow
 * the first time one is asked: every trace of a graph asks for each
 * flow's several times, and working it out walks the flow's pieces,
 * scattered in memory. */
#define BRIEF_MAX 64

void
pr__flows_brief(const pr_flows *f, size_t i, size_t max,
		struct pr__flow_brief *out)
{
	struct pr_flows *m = (struct pr_flows *)f;

	if (f == NULL || i >= f->n_flows || max != BRIEF_MAX) {
		flow_brief(f, i, max, out);
		return;
	}
	if (m->briefs == NULL) {
		size_t k;

		m->briefs = pr__malloc(f->n_flows * sizeof(*m->briefs));
		if (m->briefs == NULL) {  /* slower, not wrong */
			flow_brief(f, i, max, out);
			return;
		}
		for (k = 0; k < f->n_flows; k++)
			flow_brief(f, k, BRIEF_MAX, &m->briefs[k]);
	}
	*out = m->briefs[i];
}

static void
flow_brief(const pr_flows *f, size_t i, size_t max,
	   struct pr__flow_brief *out)
{
	const struct item *d = NULL, *c = NULL, *r = NULL, *w;
	uint32_t x, first;
	size_t n = 0;

	memset(out, 0, sizeof(*out));
	if (f == NULL || i >= f->n_flows)
		return;
	first = f->order[i];
	x = first;
	do {
		w = &f->it[x];
		if (n >= max)
			break;
		if (w->role == PR_ROLE_DEBIT && d == NULL)
			d = w;
		else if (w->role == PR_ROLE_CREDIT && c == NULL)
			c = w;
		else if (w->role == PR_ROLE_RECORD && r == NULL)
			r = w;
		out->chain |= w->kind == K_CHAIN || w->kind == K_CHAIN_FEE;
		n++;
		x = f->next[x];
	} while (x != first);
	out->debit = d != NULL;
	out->credit = c != NULL;
	out->record = r != NULL;
	out->acct[0] = d ? d->acct : 0;
	out->cur[0] = d ? d->cur : 0;
	out->acct[1] = c ? c->acct : 0;
	out->cur[1] = c ? c->cur : 0;
	w = d ? d : r ? r : c ? c : &f->it[first];
	out->date = w->date;
}

int
pr_flows_get(pr_flows *f, size_t i, pr_flow *out)
{
	struct pr_flows *m = f;
	uint32_t r, x, *mem = NULL;
	const struct item *d, *c, *w, *first;
	long o_from, o_to, o_cur, o_amt, o_tcur = -1, o_tamt = -1;
	long o_fee = -1, o_note = -1, *o_what = NULL, *o_basis = NULL;
	long *o_eamt = NULL;
	size_t n = 0, k;
	int lead = 0, rc = PR_ENOMEM;
	mpz_t z, z2;

	if (f == NULL || out == NULL || i >= f->n_flows)
		return PR_EINVALID;
	mpz_inits(z, z2, NULL);
	r = m->order[i];
	m->buf_len = 0;
	x = r;
	do {
		n++;
		x = m->next[x];
	} while (x != r);
	mem = pr__malloc(n * sizeof(*mem));
	o_what = pr__malloc(n * sizeof(*o_what));
	o_basis = pr__malloc(n * sizeof(*o_basis));
	o_eamt = pr__malloc(n * sizeof(*o_eamt));
	if (!mem || !o_what || !o_basis || !o_eamt ||
	    pr__grow((void **)&m->ev, &m->cap_ev, n, sizeof(*m->ev)))
		goto done;
	/* members in evidence order: insertion sort, flows are small */
	x = r;
	for (k = 0; k < n; k++, x = m->next[x]) {
		size_t j = k;

		while (j > 0 && ev_order(&m->it[mem[j - 1]], &m->it[x]) > 0) {
			mem[j] = mem[j - 1];
			j--;
		}
		mem[j] = x;
	}
	d = m->debit[r] != NONE ? &m->it[m->debit[r]] : NULL;
	c = m->credit[r] != NONE ? &m->it[m->credit[r]] : NULL;
	w = m->rec[r] != NONE ? &m->it[m->rec[r]] : NULL;
	first = d ? d : w ? w : c ? c : &m->it[mem[0]];
	/* where it came from */
	if (d)
		o_from = put_side(m, str(m, d->acct), &lead, 0);
	else if (w)
		o_from = put_side(m, str(m, w->flab), &lead,
				  w->kind == K_WIRE &&
				  has_digits(str(m, w->from_hint), 4) &&
				  !pr__match_hint_in_case(m, w->from_hint,
							  w->cur));
	else if (c && c->kind == K_FUNDING)
		o_from = put(m, "outside: %s%s", str(m, c->flab),
			     (c->flags & F_MORTGAGE) ? " (loan)" : "");
	else if (c && c->from_hint && has_digits(str(m, c->from_hint), 4) &&
		 !pr__match_hint_in_case(m, c->from_hint, c->cur))
		o_from = put_side(m, str(m, c->from_hint), &lead, 1);
	else if (first->role == PR_ROLE_FEE)
		o_from = put(m, "%s", str(m, first->acct));
	else
		o_from = put(m, "%s", "outside");
	/* where it went */
	if (c)
		o_to = put_side(m, str(m, c->acct), &lead, 0);
	else if (w)
		o_to = put_side(m, str(m, w->tlab), &lead,
				w->kind == K_WIRE &&
				has_digits(str(m, w->to_hint), 4) &&
				!pr__match_hint_in_case(m, w->to_hint, w->cur));
	else if (d && d->to_hint && has_digits(str(m, d->to_hint), 4) &&
		 !pr__match_hint_in_case(m, d->to_hint, d->cur))
		o_to = put_side(m, str(m, d->to_hint), &lead, 1);
	else if (first->role == PR_ROLE_FEE)
		o_to = put(m, "%s", "fees");
	else
		o_to = put(m, "%s", "outside");
	o_cur = put(m, "%s", str(m, first->cur));
	amount_z(m, z, first);
	o_amt = put_amount(m, z, first->cur);
	if (d && (c || w) && (c ? c : w)->cur != d->cur) {
		const struct item *to = c ? c : w;

		o_tcur = put(m, "%s", str(m, to->cur));
		amount_z(m, z2, to);
		o_tamt = put_amount(m, z2, to->cur);
		o_note = put_rate(m, d, to);
	} else if (c && (d || w) && c->cur == first->cur) {
		amount_z(m, z2, c);
		mpz_sub(z2, z, z2);
		if (mpz_sgn(z2) > 0)
			o_fee = put_amount(m, z2, c->cur);
	}
	if (o_note < 0 && c && c->kind == K_FUNDING &&
	    (c->flags & F_MORTGAGE))
		o_note = put(m, "%s", "loan: outside money");
	else if (o_note < 0 && lead)
		o_note = put(m, "%s", "lead: an account not in the case");
	for (k = 0; k < n; k++) {
		const struct item *e = &m->it[mem[k]];

		o_what[k] = e->kind == K_BANK || e->kind == K_EXCHANGE ?
			    put(m, "%s: %s", str(m, e->acct),
				pr__match_row_text(m, e)) :
			    put(m, "%s", str(m, e->what));
		o_basis[k] = put_basis(m, e);
		amount_z(m, z2, e);
		if (e->role == PR_ROLE_DEBIT || e->role == PR_ROLE_FEE)
			mpz_neg(z2, z2);
		o_eamt[k] = put_amount(m, z2, e->cur);
		if (o_what[k] < 0 || o_basis[k] < 0 || o_eamt[k] < 0)
			goto done;
	}
	if (o_from < 0 || o_to < 0 || o_cur < 0 || o_amt < 0)
		goto done;
	if (o_fee < 0 && (o_fee = put(m, "%s", "")) < 0)
		goto done;
	if (o_note < 0 && (o_note = put(m, "%s", "")) < 0)
		goto done;
	if (o_tcur < 0 && ((o_tcur = put(m, "%s", "")) < 0 ||
			   (o_tamt = put(m, "%s", "")) < 0))
		goto done;
	/* the buffer is final: now pointers into it are stable */
	for (k = 0; k < n; k++) {
		const struct item *e = &m->it[mem[k]];
		pr_evidence *v = &m->ev[k];

		v->role = (pr_evidence_role)e->role;
		v->kind = kind_name[e->kind];
		v->document = m->docs[e->doc];
		v->line = e->line;
		v->date = e->date;
		v->currency = str(m, e->cur);
		v->amount = m->buf + o_eamt[k];
		v->what = m->buf + o_what[k];
		v->basis = m->buf + o_basis[k];
	}
	out->id = (unsigned long)i + 1;
	out->date = flow_date(m, r);
	out->from = m->buf + o_from;
	out->to = m->buf + o_to;
	out->currency = m->buf + o_cur;
	out->amount = m->buf + o_amt;
	out->to_currency = m->buf + o_tcur;
	out->to_amount = m->buf + o_tamt;
	out->fee = m->buf + o_fee;
	out->note = m->buf + o_note;
	out->lead = lead;
	out->n_evidence = n;
	out->evidence = m->ev;
	rc = PR_OK;
done:
	mpz_clears(z, z2, NULL);
	pr__free(mem);
	pr__free(o_what);
	pr__free(o_basis);
	pr__free(o_eamt);
	return rc;
}

void
pr_flows_free(pr_flows *f)
{
	size_t i, j;

	if (f == NULL)
		return;
	pr__free(f->briefs);
	for (i = 0; i < f->n_docs; i++) {
		pr__free(f->docs[i]);
		pr__free(f->shas[i]);
	}
	pr__free(f->shas);
	for (i = 0; i < f->n_accts; i++)
		pr__free(f->acct_norm[i]);
	for (i = 0; i < f->n_dec; i++) {
		pr__free(f->dec[i].action);
		pr__free(f->dec[i].subject);
		pr__free(f->dec[i].other);
		pr__free(f->dec[i].reason);
	}
	for (i = 0; i < f->n_issues; i++) {
		pr__free(f->issues[i].evidence);
		pr__free(f->issues[i].text);
		for (j = 0; j < f->issues[i].pub.n_candidates; j++)
			pr__free(f->issues[i].cands[j]);
		pr__free(f->issues[i].cands);
	}
	pr__free(f->issues);
	pr__free(f->docs);
	pr__free(f->doc_ids);
	pr__free(f->accts);
	pr__free(f->acct_curs);
	pr__free(f->acct_norm);
	pr__free(f->acct_last4);
	pr__free(f->acct_ids);
	sqlite3_finalize(f->q_text);
	pr__free(f->acct_sorted);
	pr__free(f->acct_by_ident);
	pr__free(f->hint_cur);
	pr__free(f->hint_res);
	pr__free(f->dec);
	pr__free(f->never);
	pr__free(f->owner_subj);
	pr__free(f->owner_dec);
	pr__free(f->it);
	pr__free(f->parent);
	pr__free(f->next);
	pr__free(f->debit);
	pr__free(f->credit);
	pr__free(f->rec);
	pr__free(f->anchor);
	pr__free(f->order);
	pr__strtab_free(&f->s);
	pr__strtab_free(&f->cuts);
	pr__strtab_free(&f->norms);
	pr__free(f->acct_nid);
	pr__free(f->hkey);
	pr__free(f->tol_text);
	pr__free(f->params);
	pr__free(f->ev);
	pr__free(f->buf);
	pr_recon_free(f->recon);
	pr__free(f);
}

void
pr__flows_set_recon(pr_flows *f, pr_recon *r)
{
	pr_recon_free(f->recon);
	f->recon = r;
}

const pr_recon *
pr_flows_recon(const pr_flows *f)
{
	return f != NULL ? f->recon : NULL;
}

pr_store *
pr_flows_store(const pr_flows *f)
{
	return f != NULL ? f->st : NULL;
}
