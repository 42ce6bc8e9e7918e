/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Matching, part two: the stages that join items into flows with a
 * union-find (the analyst's decisions, exchange trades, reference keys,
 * exchange rows to on-chain outputs, records to the accounts they name,
 * amount and date), the accounts a hint names, the flows' output order,
 * and the issues the stages raise (ambiguous, conflicting, unmatched).
 * The hot loops (pair_up, may_pair) and what they call live here, so
 * that the compiler inlines them as before.
 */
#include "config.h"
#include "common.h"
#include "sort.h"
#include "store.h"
#include "match_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- */
/* small helpers */

/* Weekdays from day 0 (a Thursday) up to d: Monday to Friday count. */
static int64_t
weekdays_before(int64_t d)
{
	int64_t y = d + 3, w = y >= 0 ? y / 7 : -((-y + 6) / 7);
	int64_t r = y - w * 7;

	return w * 5 + (r < 5 ? r : 5);
}

static int
business_days(int32_t a, int32_t b)
{
	int64_t x = weekdays_before(a), y = weekdays_before(b);

	return (int)(x < y ? y - x : x - y);
}

/* ---------------------------------------------------------------- */
/* union-find with member lists */

static int
never_joined(struct pr_flows *m, uint32_t ra, uint32_t rb)
{
	uint32_t i = ra;

	if (m->n_never == 0)
		return 0;
	do {
		if (m->it[i].flags & F_NEVER) {
			size_t lo = 0, hi = m->n_never;

			while (lo < hi) {
				size_t mid = (lo + hi) / 2;

				if (m->never[mid].a < i)
					lo = mid + 1;
				else
					hi = mid;
			}
			for (; lo < m->n_never && m->never[lo].a == i; lo++)
				if (find(m, m->never[lo].b) == rb)
					return 1;
		}
		i = m->next[i];
	} while (i != ra);
	return 0;
}

/* Join b's flow to a's; b's flow's first item records why. Returns 0
 * when joined, 1 when it cannot be (two debits, two credits), 2 when an
 * analyst said never. */
static int
join(struct pr_flows *m, uint32_t a, uint32_t b, int basis, uint32_t barg,
     int days, int64_t fee)
{
	uint32_t ra = find(m, a), rb = find(m, b), t;
	struct item *w;

	if (ra == rb)
		return 0;
	if ((m->debit[ra] != NONE && m->debit[rb] != NONE) ||
	    (m->credit[ra] != NONE && m->credit[rb] != NONE))
		return 1;
	if (basis != B_DECISION && (never_joined(m, ra, rb) ||
				    never_joined(m, rb, ra)))
		return 2;
	w = &m->it[m->anchor[rb]];
	w->basis = (uint8_t)basis;
	w->barg = barg;
	w->days = days;
	w->fee = fee;
	m->joined++;
	m->parent[rb] = ra;
	if (m->debit[ra] == NONE)
		m->debit[ra] = m->debit[rb];
	if (m->credit[ra] == NONE)
		m->credit[ra] = m->credit[rb];
	if (m->rec[ra] == NONE)
		m->rec[ra] = m->rec[rb];
	t = m->next[ra];
	m->next[ra] = m->next[rb];
	m->next[rb] = t;
	return 0;
}

/* ---------------------------------------------------------------- */
/* issues */

/* What an account row says: its description, else its operation, else
 * its counterparty; read from the case when shown. The text stays valid
 * until the next call. */
const char *
pr__match_row_text(struct pr_flows *m, const struct item *w)
{
	const char *t;

	if (m->q_text == NULL &&
	    sqlite3_prepare_v2(m->st->db, "SELECT t.description, d.op, "
			       "t.counterparty FROM txn t LEFT JOIN "
			       "txn_detail d ON d.txn_id = t.id WHERE t.id = "
			       "?1", -1, &m->q_text, NULL) != SQLITE_OK)
		return "";
	sqlite3_reset(m->q_text);
	sqlite3_bind_int64(m->q_text, 1, w->what);
	if (sqlite3_step(m->q_text) != SQLITE_ROW)
		return "";
	t = col(m->q_text, 0);
	if (*t == '\0')
		t = col(m->q_text, 1);
	if (*t == '\0')
		t = col(m->q_text, 2);
	return t;
}

static int
evidence_text(struct pr_flows *m, char **out, uint32_t i)
{
	const struct item *w = &m->it[i];

	if (w->kind == K_BANK || w->kind == K_EXCHANGE)
		*out = fmt_dup("%s:%lu %s: %s", m->docs[w->doc],
			       (unsigned long)w->line, str(m, w->acct),
			       pr__match_row_text(m, w));
	else
		*out = fmt_dup("%s:%lu %s", m->docs[w->doc],
			       (unsigned long)w->line, str(m, w->what));
	return *out == NULL ? oom(m) : PR_OK;
}

static int
add_issue(struct pr_flows *m, pr_issue_kind kind, uint32_t item,
	  const uint32_t *cands, size_t n_cands, const char *text)
{
	struct issue *is;
	size_t i;

	if (pr__grow((void **)&m->issues, &m->cap_issues, m->n_issues + 1,
		 sizeof(*m->issues)))
		return oom(m);
	is = &m->issues[m->n_issues];
	memset(is, 0, sizeof(*is));
	is->pub.kind = kind;
	is->text = pr__strdup(text);
	if (is->text == NULL)
		return oom(m);
	m->n_issues++;
	if (item != NONE && evidence_text(m, &is->evidence, item) != PR_OK)
		return PR_ENOMEM;
	if (n_cands > 0) {
		is->cands = pr__calloc(n_cands, sizeof(*is->cands));
		if (is->cands == NULL)
			return oom(m);
		for (i = 0; i < n_cands; i++) {
			if (evidence_text(m, &is->cands[i], cands[i]) != PR_OK)
				return PR_ENOMEM;
			is->pub.n_candidates++;
		}
	}
	return PR_OK;
}

/* ---------------------------------------------------------------- */
/* accounts a hint names */

/* Four digits as one word, for a compare; never 0. */
static uint32_t
pack4(const char l4[5])
{
	return (uint32_t)(unsigned char)l4[0] << 24 |
	       (uint32_t)(unsigned char)l4[1] << 16 |
	       (uint32_t)(unsigned char)l4[2] << 8 |
	       (uint32_t)(unsigned char)l4[3];
}

/*
 * A hint's normalised form and last four digits, worked out once per
 * hint: hint_matches asks them of one hint for many rows and accounts,
 * and working them out each time (and comparing the texts) was a tenth
 * of matching. NULL when the table cannot grow.
 */
static const struct hkey *
hint_key(struct pr_flows *m, uint32_t hint)
{
	struct hkey *k;

	if (hint >= m->n_hkey) {
		if (pr__grow((void **)&m->hkey, &m->cap_hkey, m->s.n,
			     sizeof(*m->hkey)))
			return NULL;
		memset(m->hkey + m->n_hkey, 0,
		       (m->s.n - m->n_hkey) * sizeof(*m->hkey));
		m->n_hkey = m->s.n;
	}
	k = &m->hkey[hint];
	if (k->nid == 0) {
		char norm[128], l4[5];
		uint32_t id;

		normalise(norm, sizeof(norm), str(m, hint));
		id = pr__strtab_intern(&m->norms, norm, strlen(norm));
		if (id == UINT32_MAX)
			return NULL;
		k->nid = id + 1;
		k->l4 = last4(l4, str(m, hint)) ? pack4(l4) : 0;
	}
	return k;
}

/* Does the account (an index into accts) answer to the hint? Both by
 * letters and digits, or by the last four digits when both have four. */
int
pr__match_hint_matches(struct pr_flows *m, uint32_t hint, size_t a)
{
	const struct hkey *k = hint_key(m, hint);
	char norm[128], l4[5];
	const char *h = str(m, hint);

	if (k != NULL)          /* equal texts, equal ids; id 0 is "" */
		return (k->nid > 1 && k->nid - 1 == m->acct_nid[a]) ||
		       (m->acct_last4[a][0] && k->l4 != 0 &&
			k->l4 == pack4(m->acct_last4[a]));
	normalise(norm, sizeof(norm), h);
	if (*norm && strcmp(norm, m->acct_norm[a]) == 0)
		return 1;
	return m->acct_last4[a][0] && last4(l4, h) &&
	       strcmp(l4, m->acct_last4[a]) == 0;
}

static int
acct_cmp(const struct pr_flows *m, size_t a, uint32_t ident, uint32_t cur)
{
	if (m->accts[a] != ident)
		return m->accts[a] < ident ? -1 : 1;
	return (m->acct_curs[a] > cur) - (m->acct_curs[a] < cur);
}

static size_t
acct_index(const struct pr_flows *m, uint32_t ident, uint32_t cur)
{
	size_t lo = 0, hi = m->n_accts;

	/* an ident has as a rule one currency: one load, where the
	 * bisection below was a twentieth of matching at 10^6 rows */
	if (ident < m->n_by_ident && m->acct_by_ident[ident] != UINT32_MAX &&
	    m->acct_curs[m->acct_by_ident[ident]] == cur)
		return m->acct_by_ident[ident];

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = acct_cmp(m, m->acct_sorted[mid], ident, cur);

		if (c == 0)
			return m->acct_sorted[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (size_t)-1;
}

/* Does the hint name any account of the case in this currency? Asked
 * for every flow that carries one, so the answer is kept per hint. */
int
pr__match_hint_in_case(struct pr_flows *m, uint32_t hint, uint32_t cur)
{
	size_t a;
	int found = 0;

	if (hint == 0)
		return 0;
	if (hint < m->n_hint && m->hint_res[hint] && m->hint_cur[hint] == cur)
		return m->hint_res[hint] == 2;
	for (a = 0; a < m->n_accts && !found; a++)
		found = m->acct_curs[a] == cur &&
			pr__match_hint_matches(m, hint, a);
	if (hint < m->n_hint) {
		m->hint_cur[hint] = cur;
		m->hint_res[hint] = found ? 2 : 1;
	}
	return found;
}

/* ---------------------------------------------------------------- */
/* amounts */

/* A debit and the record of the same movement: the same amount, or the
 * wire's instructed amount in its currency (an FX wire converts). */
static int
fits_debit(const struct item *d, const struct item *r)
{
	if (d->cur == r->cur && same_amount(d, r))
		return 1;
	return (r->flags & F_ALT) && !(d->flags & F_BIG) &&
	       d->cur == r->alt_cur && d->amount == r->alt;
}

/* The fee tolerance in the currency's minor units: the option is kept
 * with 12 decimals; a currency with fewer drops the rest (a tolerance is
 * a bound, so rounding it down never joins more). */
static int64_t
tolerance(const struct pr_flows *m, uint32_t cur)
{
	const pr_currency *c = pr__store_currency(m->st, str(m, cur));
	unsigned minor = c ? c->minor : 0, i;
	int64_t t = m->tol;

	for (i = minor; i < 12; i++)
		t /= 10;
	for (i = 12; i < minor && t < INT64_MAX / 10; i++)
		t *= 10;
	return t;
}

/* What arrives may be less than what left by an intermediary's fee, on
 * a wire only and within the tolerance. The fee is returned. */
static int
fits_credit(const struct pr_flows *m, const struct item *c,
	    const struct item *r, int wire, int64_t *fee)
{
	*fee = 0;
	if (c->cur != r->cur)
		return 0;
	if (same_amount(c, r))
		return 1;
	if (!wire || ((c->flags | r->flags) & F_BIG))
		return 0;
	*fee = r->amount - c->amount;
	return *fee > 0 && *fee <= tolerance(m, c->cur);
}

/* ---------------------------------------------------------------- */
/* stage 1: the analyst's decisions */

struct at {
	uint32_t doc, line, item;
};

static int
cmp_at(const void *a, const void *b)
{
	const struct at *x = a, *y = b;

	if (x->doc != y->doc)
		return x->doc < y->doc ? -1 : 1;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return (x->item > y->item) - (x->item < y->item);
}

/* The items a reference names: DOCUMENT:LINE, tx:HASH or tx:HASH:N. */
static int
resolve(struct pr_flows *m, const struct at *ats, const char *ref,
	uint32_t *out, size_t max, size_t *n)
{
	const char *colon;
	size_t d, i;

	*n = 0;
	if (strncmp(ref, "tx:", 3) == 0) {
		/* stored as the chain writes the hash (import checks) */
		const char *h = ref + 3, *nc = strchr(h, ':');
		long want = -1;
		uint32_t id;
		char hash[80];

		snprintf(hash, sizeof(hash), "%.*s",
			 (int)(nc ? (size_t)(nc - h) : strlen(h)), h);
		if (nc)
			want = strtol(nc + 1, NULL, 10);
		id = intern(m, hash);
		if (id == UINT32_MAX)
			return oom(m);
		for (i = 0; i < m->n; i++)
			if (m->it[i].kind == K_CHAIN && m->it[i].tx == id &&
			    (want < 0 || m->it[i].n == (uint32_t)want)) {
				if (*n < max)
					out[*n] = (uint32_t)i;
				++*n;
			}
		return PR_OK;
	}
	colon = strrchr(ref, ':');
	if (colon == NULL)
		return PR_OK;
	for (d = 0; d < m->n_docs; d++) {
		struct at key, *p;
		size_t len = (size_t)(colon - ref);

		/* by name, or by the start of its SHA-256 */
		if ((strlen(m->docs[d]) != len ||
		     strncmp(m->docs[d], ref, len) != 0) &&
		    (len < 12 || strncmp(m->shas[d], ref, len) != 0))
			continue;
		key.doc = (uint32_t)d;
		key.line = (uint32_t)strtoul(colon + 1, NULL, 10);
		key.item = 0;
		p = bsearch(&key, ats, m->n, sizeof(*ats), cmp_at);
		if (p == NULL) {
			/* bsearch found no item 0: find the first at line */
			size_t lo = 0, hi = m->n;

			while (lo < hi) {
				size_t mid = (lo + hi) / 2;

				if (cmp_at(&ats[mid], &key) < 0)
					lo = mid + 1;
				else
					hi = mid;
			}
			p = (struct at *)&ats[lo];
		}
		while (p < ats + m->n && p->doc == key.doc &&
		       p->line == key.line) {
			if (*n < max)
				out[*n] = p->item;
			++*n;
			p++;
		}
	}
	return PR_OK;
}

static int
cmp_pair(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;

	if (x->a != y->a)
		return x->a < y->a ? -1 : 1;
	return (x->b > y->b) - (x->b < y->b);
}

static int
stage_decisions(struct pr_flows *m)
{
	struct at *ats;
	size_t i, cap_never = 0, cap_subj = 0, cap_dec = 0;
	int rc = PR_OK;

	if (m->n_dec == 0)
		return PR_OK;
	ats = pr__malloc((m->n ? m->n : 1) * sizeof(*ats));
	if (ats == NULL)
		return oom(m);
	for (i = 0; i < m->n; i++) {
		ats[i].doc = m->it[i].doc;
		ats[i].line = m->it[i].line;
		ats[i].item = (uint32_t)i;
	}
	sort(ats, m->n, sizeof(*ats), cmp_at);
	for (i = 0; i < m->n_dec && rc == PR_OK; i++) {
		struct decision *d = &m->dec[i];
		uint32_t a[64], b[64];
		size_t na, nb, x, y;
		char msg[256];

		if (strcmp(d->action, "owner") == 0) {
			char norm[128];

			normalise(norm, sizeof(norm), d->subject);
			if (pr__grow((void **)&m->owner_subj, &cap_subj,
				 m->n_owner + 1, sizeof(*m->owner_subj)) ||
			    pr__grow((void **)&m->owner_dec, &cap_dec,
				 m->n_owner + 1, sizeof(*m->owner_dec))) {
				rc = oom(m);
				break;
			}
			m->owner_subj[m->n_owner] = intern(m, norm);
			m->owner_dec[m->n_owner++] = (uint32_t)i;
			continue;
		}
		if ((rc = resolve(m, ats, d->subject, a, 64, &na)) != PR_OK ||
		    (rc = resolve(m, ats, d->other, b, 64, &nb)) != PR_OK)
			break;
		if (na == 0 || nb == 0) {
			snprintf(msg, sizeof(msg), "decision %s:%lu names "
				 "'%s', which is no evidence in the case",
				 m->docs[d->doc], (unsigned long)d->line,
				 na == 0 ? d->subject : d->other);
			rc = add_issue(m, PR_ISSUE_DECISION, NONE, NULL, 0,
				       msg);
			continue;
		}
		if (strcmp(d->action, "never-join") == 0) {
			for (x = 0; x < na && x < 64; x++)
				for (y = 0; y < nb && y < 64; y++) {
					if (pr__grow((void **)&m->never,
						     &cap_never,
						     m->n_never + 2,
						     sizeof(*m->never))) {
						pr__free(ats);
						return oom(m);
					}
					m->never[m->n_never].a = a[x];
					m->never[m->n_never++].b = b[y];
					m->never[m->n_never].a = b[y];
					m->never[m->n_never++].b = a[x];
					m->it[a[x]].flags |= F_NEVER;
					m->it[b[y]].flags |= F_NEVER;
				}
			continue;
		}
		if (na > 1 || nb > 1) {
			snprintf(msg, sizeof(msg), "decision %s:%lu: '%s' "
				 "names %zu pieces of evidence; name one "
				 "(tx:HASH:N for an output)", m->docs[d->doc],
				 (unsigned long)d->line, na > 1 ? d->subject :
				 d->other, na > 1 ? na : nb);
			rc = add_issue(m, PR_ISSUE_DECISION, NONE, NULL, 0,
				       msg);
			continue;
		}
		if (join(m, a[0], b[0], B_DECISION, (uint32_t)i, 0, 0)) {
			snprintf(msg, sizeof(msg), "decision %s:%lu cannot "
				 "join '%s' and '%s': a flow has one debit "
				 "and one credit", m->docs[d->doc],
				 (unsigned long)d->line, d->subject, d->other);
			rc = add_issue(m, PR_ISSUE_DECISION, NONE, NULL, 0,
				       msg);
		}
	}
	pr__free(ats);
	if (rc == PR_OK && m->n_never > 0)
		sort(m->never, m->n_never, sizeof(*m->never), cmp_pair);
	return rc;
}

/* ---------------------------------------------------------------- */
/* stage 2: exchange trades; stage 3: reference keys */

/* By key, then item. */
static int
sort_keyrefs(struct pr_flows *m, struct keyref *k, size_t n)
{
	struct pr__kv *v = pr__malloc((n ? n : 1) * sizeof(*v));
	size_t i;

	if (v == NULL)
		return oom(m);
	for (i = 0; i < n; i++)
		v[i].key = (uint64_t)k[i].key << 32 | k[i].item;
	if (pr__kv_sort(v, n) != 0) {
		pr__free(v);
		return oom(m);
	}
	for (i = 0; i < n; i++) {
		k[i].key = (uint32_t)(v[i].key >> 32);
		k[i].item = (uint32_t)v[i].key;
	}
	pr__free(v);
	return PR_OK;
}

static int
stage_trades(struct pr_flows *m)
{
	struct keyref *k;
	size_t n = 0, i, j;
	int rc = PR_OK;

	for (i = 0; i < m->n; i++)
		n += (m->it[i].flags & F_TRADE) != 0;
	if (n == 0)
		return PR_OK;
	k = pr__malloc(n * sizeof(*k));
	if (k == NULL)
		return oom(m);
	for (i = 0, n = 0; i < m->n; i++)
		if (m->it[i].flags & F_TRADE) {
			k[n].key = m->it[i].tx;
			k[n++].item = (uint32_t)i;
		}
	if (sort_keyrefs(m, k, n) != PR_OK) {
		pr__free(k);
		return PR_ENOMEM;
	}
	for (i = 0; i < n && rc == PR_OK; i = j) {
		uint32_t out = NONE, in = NONE;
		size_t outs = 0, ins = 0, x;

		for (j = i; j < n && k[j].key == k[i].key; j++) {
			const struct item *w = &m->it[k[j].item];

			if (w->role == PR_ROLE_DEBIT)
				out = k[j].item, outs++;
			else if (w->role == PR_ROLE_CREDIT)
				in = k[j].item, ins++;
		}
		if (outs != 1 || ins != 1) {
			char msg[160];

			snprintf(msg, sizeof(msg), "trade %s has %zu "
				 "outgoing and %zu incoming legs; it is left "
				 "as separate entries",
				 strchr(str(m, k[i].key), '\x1f') + 1, outs,
				 ins);
			rc = add_issue(m, PR_ISSUE_CONFLICT, k[i].item, NULL,
				       0, msg);
			continue;
		}
		join(m, out, in, B_TRADE, k[i].key, 0, 0);
		for (x = i; x < j; x++)
			if (m->it[k[x].item].role == PR_ROLE_FEE)
				join(m, out, k[x].item, B_TRADE, k[i].key, 0,
				     0);
	}
	pr__free(k);
	return rc;
}

static int
is_wire_key(const struct pr_flows *m, uint32_t key)
{
	const char *k = str(m, key);

	return strncmp(k, "mad:", 4) == 0 || strncmp(k, "uetr:", 5) == 0;
}

/* A record and another of the same movement from another document. */
static int
same_record(const struct item *a, const struct item *b)
{
	if (a->kind != b->kind || a->cur != b->cur || !same_amount(a, b))
		return 0;
	if (a->kind == K_CHAIN)
		return a->tx == b->tx && a->n == b->n && a->addr == b->addr;
	return 1;
}

static int
stage_keys(struct pr_flows *m, struct keys *ks)
{
	uint32_t *rec = NULL, *deb = NULL, *cre = NULL, *cand = NULL;
	size_t cap = 0, i, j;
	int rc = PR_OK;

	if (sort_keyrefs(m, ks->k, ks->n) != PR_OK)
		return PR_ENOMEM;
	for (i = 0; i < ks->n && rc == PR_OK; i = j) {
		size_t nr = 0, nd = 0, nc = 0, x, y, g;
		uint32_t key = ks->k[i].key;
		int wire = is_wire_key(m, key);

		for (j = i; j < ks->n && ks->k[j].key == key; j++)
			;
		g = j - i;
		if (g < 2)
			continue;
		if (g > cap) {
			size_t c = g * 2;

			pr__free(rec), pr__free(deb), pr__free(cre);
			pr__free(cand);
			rec = pr__malloc(c * sizeof(*rec));
			deb = pr__malloc(c * sizeof(*deb));
			cre = pr__malloc(c * sizeof(*cre));
			cand = pr__malloc(c * sizeof(*cand));
			if (!rec || !deb || !cre || !cand) {
				rc = oom(m);
				break;
			}
			cap = c;
		}
		for (x = i; x < j; x++) {
			uint32_t it = ks->k[x].item;
			int role = m->it[it].role;

			if (role == PR_ROLE_RECORD) {
				/* the same record seen twice is one */
				for (y = 0; y < nr; y++)
					if (same_record(&m->it[rec[y]],
							&m->it[it]) &&
					    join(m, rec[y], it, B_KEY, key, 0,
						 0) == 0)
						break;
				if (y == nr)
					rec[nr++] = it;
			} else if (role == PR_ROLE_DEBIT) {
				deb[nd++] = it;
			} else if (role == PR_ROLE_CREDIT) {
				cre[nc++] = it;
			}
		}
		if (nr == 0) {
			int64_t fee;

			if (nd == 1 && nc == 1 &&
			    find(m, deb[0]) != find(m, cre[0])) {
				int j = 1;

				if (fits_credit(m, &m->it[cre[0]],
						&m->it[deb[0]], wire, &fee))
					j = join(m, deb[0], cre[0], B_KEY, key,
						 0, fee);
				if (j == 1)
					rc = add_issue(m, PR_ISSUE_CONFLICT,
						       cre[0], deb, 1, "names "
						       "the same reference as "
						       "a debit it cannot be "
						       "one movement with");
			} else if (nd + nc >= 2 && (nd > 1 || nc > 1)) {
				uint32_t first = nd ? deb[0] : cre[0];

				for (x = 0; x < nd; x++)
					cand[x] = deb[x];
				for (x = 0; x < nc; x++)
					cand[nd + x] = cre[x];
				rc = add_issue(m, PR_ISSUE_CONFLICT, first,
					       cand + 1, nd + nc - 1,
					       "shares a reference with "
					       "other records of the same "
					       "side: a duplicate, or a "
					       "reference reused");
			}
			continue;
		}
		/* Debits and credits attach to the record they fit. */
		for (x = 0; x < nd + nc && rc == PR_OK; x++) {
			int debit = x < nd;
			uint32_t it = debit ? deb[x] : cre[x - nd];
			const struct item *w = &m->it[it];
			size_t nk = 0, by_addr = 0;
			int64_t fee = 0, f;

			for (y = 0; y < nr; y++) {
				const struct item *r = &m->it[rec[y]];
				int ok = debit ? fits_debit(w, r) :
					 fits_credit(m, w, r, r->kind == K_WIRE,
						     &f);

				if (!ok)
					continue;
				if (w->addr && r->kind == K_CHAIN &&
				    r->addr == w->addr) {
					if (!by_addr)
						nk = 0;
					by_addr = 1;
				} else if (by_addr) {
					continue;
				}
				if (!debit)
					fee = f;
				cand[nk++] = rec[y];
			}
			if (nk == 1) {
				if (find(m, cand[0]) == find(m, it))
					continue;
				if (join(m, cand[0], it, B_KEY, key, 0, fee) ==
				    1)
					rc = add_issue(m, PR_ISSUE_CONFLICT, it,
						       cand, 1, debit ?
						       "names the same "
						       "reference as a record "
						       "that already has its "
						       "debit" : "names the "
						       "same reference as a "
						       "record that already "
						       "has its credit");
			} else if (nk == 0) {
				rc = add_issue(m, PR_ISSUE_CONFLICT, it, rec,
					       nr, "names the same reference "
					       "as a record of another "
					       "amount or currency");
			} else {
				rc = add_issue(m, PR_ISSUE_AMBIGUOUS, it, cand,
					       nk, "names the same reference "
					       "as several records it fits");
			}
		}
	}
	pr__free(rec), pr__free(deb), pr__free(cre), pr__free(cand);
	return rc;
}

/* ---------------------------------------------------------------- */
/* stages 4 and 5: records to their accounts; amount and date */

struct slot {
	uint32_t cur;
	uint32_t big;       /* 0, or the big amount's id */
	int64_t amount;
	int32_t date;
	uint32_t item;
};

static int
cmp_slot(const void *a, const void *b)
{
	const struct slot *x = a, *y = b;

	if (x->cur != y->cur)
		return x->cur < y->cur ? -1 : 1;
	if (x->big != y->big)
		return x->big < y->big ? -1 : 1;
	if (x->amount != y->amount)
		return x->amount < y->amount ? -1 : 1;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return (x->item > y->item) - (x->item < y->item);
}

static void
slot_of(struct slot *s, const struct item *w, uint32_t i)
{
	s->cur = w->cur;
	s->big = (w->flags & F_BIG) ? w->big : 0;
	s->amount = (w->flags & F_BIG) ? 0 : w->amount;
	s->date = w->date;
	s->item = i;
}

/*
 * By (cur, big, amount, date, item), as cmp_slot orders them: a stable
 * sort per word, least significant first. The slots come in item order
 * (pair_up adds them so), so the first word is the date alone.
 */
static int
sort_slots(struct pr_flows *m, struct slot *s, size_t n)
{
	struct pr__kv *v = pr__malloc((n ? n : 1) * sizeof(*v));
	struct slot *out = pr__malloc((n ? n : 1) * sizeof(*out));
	size_t i;
	int pass;

	if (v == NULL || out == NULL)
		goto fail;
	for (i = 0; i < n; i++)
		v[i].val = i;
	for (pass = 0; pass < 3; pass++) {
		for (i = 0; i < n; i++) {
			const struct slot *x = &s[v[i].val];

			v[i].key = pass == 0 ? pr__key_i32(x->date) :
				   pass == 1 ? pr__key_i64(x->amount) :
				   (uint64_t)x->cur << 32 | x->big;
		}
		if (pr__kv_sort(v, n) != 0)
			goto fail;
	}
	for (i = 0; i < n; i++)
		out[i] = s[v[i].val];
	memcpy(s, out, n * sizeof(*s));
	pr__free(v);
	pr__free(out);
	return PR_OK;
fail:
	pr__free(v);
	pr__free(out);
	return oom(m);
}

/* First slot >= (cur, big, amount, date). */
static size_t
lower(const struct slot *v, size_t n, uint32_t cur, uint32_t big,
      int64_t amount, int32_t date)
{
	struct slot key = { cur, big, amount, date, 0 };
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (cmp_slot(&v[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Where each amount's run of slots starts in a sorted slot array, by a
 * hash of (cur, big, amount), for the exact pass of pair_up: it asks for
 * one amount per open debit, and a bisection of 10^6 slots missed the
 * cache at nearly every step, where a probe here reads one entry and
 * then the slot. An entry is the slot's index + 1, with the upper half
 * of the key's hash above it so that a probe reads the slot only when
 * the hashes agree.
 */
struct starts {
	uint64_t *tab;
	size_t mask;
};

static uint64_t
slot_hash(uint32_t cur, uint32_t big, int64_t amount)
{
	uint64_t h = ((uint64_t)cur << 32 | big) * 0x9e3779b97f4a7c15u;

	h ^= (uint64_t)amount * 0xc2b2ae3d27d4eb4fu;
	h ^= h >> 31;
	return h * 0x94d049bb133111ebu;
}

static int
same_key(const struct slot *v, uint32_t cur, uint32_t big, int64_t amount)
{
	return v->cur == cur && v->big == big && v->amount == amount;
}

static int
starts_init(struct pr_flows *m, struct starts *x, const struct slot *v,
	    size_t n)
{
	size_t i, runs = 0, size = 16;

	for (i = 0; i < n; i++)
		runs += i == 0 || !same_key(&v[i], v[i - 1].cur,
					    v[i - 1].big, v[i - 1].amount);
	while (size < 2 * runs)
		size *= 2;
	x->mask = size - 1;
	x->tab = pr__calloc(size, sizeof(*x->tab));
	if (x->tab == NULL)
		return oom(m);
	for (i = 0; i < n; i++) {
		uint64_t h;
		size_t k;

		if (i > 0 && same_key(&v[i], v[i - 1].cur, v[i - 1].big,
				      v[i - 1].amount))
			continue;
		h = slot_hash(v[i].cur, v[i].big, v[i].amount);
		for (k = h & x->mask; x->tab[k]; k = (k + 1) & x->mask)
			;
		x->tab[k] = (h >> 32) << 32 | (uint64_t)(i + 1);
	}
	return PR_OK;
}

/* The first slot of (cur, big, amount), or n when there is none. */
static size_t
starts_find(const struct starts *x, const struct slot *v, size_t n,
	    uint32_t cur, uint32_t big, int64_t amount)
{
	uint64_t h = slot_hash(cur, big, amount);
	size_t k;

	for (k = h & x->mask; x->tab[k]; k = (k + 1) & x->mask) {
		size_t i = (size_t)(x->tab[k] & 0xffffffffu) - 1;

		if (x->tab[k] >> 32 == h >> 32 &&
		    same_key(&v[i], cur, big, amount))
			return i;
	}
	return n;
}

/* A hint to the cache: the line at p is read soon (GCC and Clang). */
#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

/*
 * What to ask for early of what starts_find will read for the debit d
 * (of a flow open for a credit): first its entry in the table (stage 0),
 * then, a few flows later when the entry is in the cache, the slot it
 * points to (stage 1). The queries are independent, so their misses
 * overlap where they came one after another, two per open debit. The
 * caller prefetches: GCC drops a call to a function that only
 * prefetches, having no effect.
 */
static const void *
starts_ahead(const struct starts *x, const struct slot *v,
	     const struct item *d, int stage)
{
	uint64_t h = slot_hash(d->cur, (d->flags & F_BIG) ? d->big : 0,
			       d->amount);
	const uint64_t *e = &x->tab[h & x->mask];

	if (stage == 0)
		return e;
	if (*e != 0 && *e >> 32 == h >> 32)
		return &v[(*e & 0xffffffffu) - 1];
	return v;
}

/* First slot >= (cur, big, amount, date) at or after from, when the slot
 * before from (if any) is less: a gallop from there, then a bisection,
 * so that a short run is searched in a step or two. */
static size_t
lower_from(const struct slot *v, size_t n, size_t from, uint32_t cur,
	   uint32_t big, int64_t amount, int32_t date)
{
	struct slot key = { cur, big, amount, date, 0 };
	size_t lo = from, hi = from, step = 1;

	while (hi < n && cmp_slot(&v[hi], &key) < 0) {
		lo = hi + 1;
		hi = from + step;
		step *= 2;
	}
	if (hi > n)
		hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (cmp_slot(&v[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The item that stands for a flow's open end: the side it has. */
static uint32_t
debit_end(const struct pr_flows *m, uint32_t r)
{
	return m->debit[r] != NONE ? m->debit[r] : m->rec[r];
}

static uint32_t
credit_end(const struct pr_flows *m, uint32_t r)
{
	return m->credit[r] != NONE ? m->credit[r] : m->rec[r];
}

struct cands {
	uint32_t *first;    /* per searcher: its first candidate */
	uint32_t *count;    /* per searcher: how many */
	uint32_t *chosen;   /* per item: how many searchers chose it */
	int64_t *fee;
	int32_t *days;
};

/*
 * The open debit a flow whose credit (or record) is x may take, or the
 * other way round; all conditions are symmetric so that both sides can
 * count their candidates. mode 0: amount and date between accounts;
 * mode 1: a record to the account it names.
 */
static int
may_pair(struct pr_flows *m, uint32_t rx, uint32_t ry, int wire_ok,
	 int64_t *fee, int *days, uint32_t *how)
{
	/* rx has the debit side, ry the credit side. */
	const struct item *d = &m->it[debit_end(m, rx)];
	const struct item *c = &m->it[credit_end(m, ry)];
	const struct item *rr = m->rec[rx] != NONE ? &m->it[m->rec[rx]] :
				m->rec[ry] != NONE ? &m->it[m->rec[ry]] :
				NULL;
	uint32_t to = m->rec[rx] != NONE ? m->it[m->rec[rx]].to_hint :
		      m->debit[rx] != NONE ? m->it[m->debit[rx]].to_hint : 0;
	uint32_t from = m->rec[ry] != NONE ? m->it[m->rec[ry]].from_hint :
			m->credit[ry] != NONE ?
			m->it[m->credit[ry]].from_hint : 0;
	int wire = rr != NULL && rr->kind == K_WIRE;
	size_t a;

	if (rx == ry)
		return 0;
	if (m->rec[rx] != NONE && m->rec[ry] != NONE)
		return 0;
	if (m->debit[rx] != NONE && m->credit[ry] != NONE &&
	    m->it[m->debit[rx]].acct == m->it[m->credit[ry]].acct)
		return 0;
	*days = business_days(d->date, c->date);
	if (*days > m->window)
		return 0;
	*fee = 0;
	/* Exact: the same amount; a debit of the wire's instructed (or
	 * settled) amount; a credit of the wire's settled amount. Else,
	 * on a wire, less a fee within the tolerance. */
	if (d->cur == c->cur && same_amount(d, c))
		*how = HOW_SAME;
	else if (m->rec[ry] != NONE && fits_debit(d, &m->it[m->rec[ry]]))
		*how = HOW_INSTRUCTED;
	else if (m->rec[rx] != NONE && c->cur == m->it[m->rec[rx]].cur &&
		 same_amount(c, &m->it[m->rec[rx]]))
		*how = HOW_SETTLED;
	else if (wire_ok && wire && d->cur == c->cur &&
		 fits_credit(m, c, d, 1, fee))
		*how = HOW_SAME;
	else
		return 0;
	/* The side a record or a bank names must be the one it meets. */
	if (to != 0 && m->credit[ry] != NONE &&
	    m->it[m->credit[ry]].kind != K_FUNDING) {
		a = acct_index(m, m->it[m->credit[ry]].acct, c->cur);
		if (a == (size_t)-1 || !pr__match_hint_matches(m, to, a))
			return 0;
	}
	if (from != 0 && m->debit[rx] != NONE && (m->credit[ry] == NONE ||
	    m->it[m->credit[ry]].kind != K_FUNDING)) {
		a = acct_index(m, m->it[m->debit[rx]].acct, d->cur);
		if (a == (size_t)-1 || !pr__match_hint_matches(m, from, a))
			return 0;
	}
	if (never_joined(m, rx, ry) || never_joined(m, ry, rx))
		return 0;
	return 1;
}

/* Is the flow open for a credit: it has a debit or a wire record, no
 * credit, and nothing says its money left the case. */
static int
open_for_credit(struct pr_flows *m, uint32_t r)
{
	const struct item *rr;

	if (m->credit[r] != NONE)
		return 0;
	if (m->rec[r] == NONE)
		return m->debit[r] != NONE &&
		       m->it[m->debit[r]].role == PR_ROLE_DEBIT &&
		       !(m->it[m->debit[r]].flags & F_TRADE);
	rr = &m->it[m->rec[r]];
	return rr->kind == K_WIRE &&
	       pr__match_hint_in_case(m, rr->to_hint, rr->cur);
}

static int
open_for_debit(struct pr_flows *m, uint32_t r)
{
	const struct item *rr;

	if (m->debit[r] != NONE)
		return 0;
	if (m->rec[r] == NONE)
		return m->credit[r] != NONE &&
		       !(m->it[m->credit[r]].flags &
			 (F_MORTGAGE | F_TRADE));
	rr = &m->it[m->rec[r]];
	return rr->kind == K_WIRE &&
	       pr__match_hint_in_case(m, rr->from_hint, rr->cur);
}

/*
 * Pair flows open for a credit (xs, by their debit end) with flows open
 * for a debit (ys, by their credit end): a pair is joined only when each
 * is the other's only candidate; a side with several is ambiguous.
 */
enum { PAIR_TO_RECORD, PAIR_FROM_RECORD, PAIR_PLAIN };

static int
pair_up(struct pr_flows *m, int mode, int fee_pass, int basis)
{
	struct slot *ys = NULL;
	struct starts st = { NULL, 0 };
	uint32_t *xs = NULL, *first = NULL, *count = NULL, *chosen = NULL;
	uint32_t *list = NULL;
	size_t nx = 0, ny = 0, i, cap_list = 0, n_list = 0, cap_ys;
	int64_t *fees = NULL;
	int32_t *days = NULL;
	uint32_t *hows = NULL;
	int rc = PR_OK;
	int slack = m->window + 2 * (m->window / 5 + 1) + 2;

	xs = pr__malloc((m->n ? m->n : 1) * sizeof(*xs));
	cap_ys = m->n ? m->n : 1;
	ys = pr__malloc(cap_ys * sizeof(*ys));
	chosen = pr__calloc(m->n ? m->n : 1, sizeof(*chosen));
	if (!xs || !ys || !chosen) {
		rc = oom(m);
		goto done;
	}
	for (i = 0; i < m->n; i++) {
		if (m->parent[i] != i)
			continue;
		int has_rec = m->rec[i] != NONE;

		if (open_for_credit(m, (uint32_t)i) &&
		    (mode == PAIR_FROM_RECORD) == has_rec)
			xs[nx++] = (uint32_t)i;
		if (open_for_debit(m, (uint32_t)i) &&
		    (mode == PAIR_TO_RECORD) == has_rec) {
			const struct item *e = &m->it[credit_end(m,
							(uint32_t)i)];

			slot_of(&ys[ny++], e, (uint32_t)i);
			/* a wire is also found by what was ordered */
			if (has_rec && (e->flags & F_ALT) &&
			    (e->alt_cur != e->cur || e->alt != e->amount)) {
				if (pr__grow((void **)&ys, &cap_ys, ny + 1,
					 sizeof(*ys))) {
					rc = oom(m);
					goto done;
				}
				slot_of(&ys[ny], e, (uint32_t)i);
				ys[ny].cur = e->alt_cur;
				ys[ny].big = 0;
				ys[ny++].amount = e->alt;
			}
		}
	}
	if (nx == 0 || ny == 0)
		goto done;
	if ((rc = sort_slots(m, ys, ny)) != PR_OK ||
	    (!fee_pass && (rc = starts_init(m, &st, ys, ny)) != PR_OK))
		goto done;

	first = pr__malloc((nx ? nx : 1) * sizeof(*first));
	count = pr__calloc(nx ? nx : 1, sizeof(*count));
	fees = pr__calloc(nx ? nx : 1, sizeof(*fees));
	days = pr__calloc(nx ? nx : 1, sizeof(*days));
	hows = pr__calloc(nx ? nx : 1, sizeof(*hows));
	if (!first || !count || !fees || !days || !hows) {
		rc = oom(m);
		goto done;
	}
	for (i = 0; i < nx; i++) {
		const struct item *d = &m->it[debit_end(m, xs[i])];
		const struct item *rr = m->rec[xs[i]] != NONE ?
					&m->it[m->rec[xs[i]]] : NULL;
		int64_t amts[3], lo_amt;
		size_t na = 1, a, p;
		uint32_t big;

		/* the flows 16 and 8 ahead: their entry, their slot */
		if (!fee_pass && i + 16 < nx)
			PREFETCH(starts_ahead(&st, ys, &m->it[debit_end(m,
					      xs[i + 16])], 0));
		if (!fee_pass && i + 8 < nx)
			PREFETCH(starts_ahead(&st, ys, &m->it[debit_end(m,
					      xs[i + 8])], 1));
		if (fee_pass && (d->flags & F_BIG))
			continue;
		amts[0] = d->amount;
		if (rr && (rr->flags & F_ALT) && rr->alt_cur == d->cur &&
		    rr->alt != d->amount)
			amts[na++] = rr->alt;
		if (rr && rr->cur == d->cur && !(rr->flags & F_BIG) &&
		    rr->amount != amts[0] && (na == 1 || rr->amount != amts[1]))
			amts[na++] = rr->amount;
		for (a = 0; a < na; a++) {
			lo_amt = fee_pass ? amts[a] - tolerance(m, d->cur) :
				 amts[a];
			big = (d->flags & F_BIG) ? d->big : 0;
			/* exact: only the run of this amount can fit, so
			 * none when the amount is not there at all */
			if (fee_pass)
				p = lower(ys, ny, d->cur, big, lo_amt,
					  d->date - slack);
			else if ((p = starts_find(&st, ys, ny, d->cur, big,
						  lo_amt)) < ny)
				p = lower_from(ys, ny, p, d->cur, big, lo_amt,
					       d->date - slack);
			for (; p < ny && ys[p].cur == d->cur; p++) {
				int64_t fee;
				uint32_t how;
				int dd;

				if (ys[p].big != ((d->flags & F_BIG) ?
						  d->big : 0))
					break;
				if (ys[p].amount > amts[a] - (fee_pass ? 1 : 0))
					break;
				/* one amount's entries are in date order */
				if (!fee_pass && ys[p].date > d->date + slack)
					break;
				if (ys[p].date < d->date - slack ||
				    ys[p].date > d->date + slack)
					continue;
				if (!may_pair(m, xs[i], ys[p].item, fee_pass,
					      &fee, &dd, &how) ||
				    (fee_pass && fee == 0))
					continue;
				if (pr__grow((void **)&list, &cap_list,
					 n_list + 1, sizeof(*list))) {
					rc = oom(m);
					goto done;
				}
				if (count[i] == 0) {
					first[i] = (uint32_t)n_list;
					fees[i] = fee;
					days[i] = dd;
					hows[i] = how;
				}
				list[n_list++] = ys[p].item;
				count[i]++;
				chosen[ys[p].item]++;
			}
		}
	}
	for (i = 0; i < nx && rc == PR_OK; i++) {
		uint32_t y;

		if (count[i] == 0)
			continue;
		y = list[first[i]];
		if (count[i] == 1 && chosen[y] == 1) {
			join(m, xs[i], y, basis, hows[i], days[i], fees[i]);
			continue;
		}
		if (count[i] > 1) {
			size_t k;
			uint32_t *c = pr__malloc(count[i] * sizeof(*c));

			if (c == NULL) {
				rc = oom(m);
				break;
			}
			for (k = 0; k < count[i]; k++)
				c[k] = credit_end(m, list[first[i] + k]);
			rc = add_issue(m, PR_ISSUE_AMBIGUOUS,
				       debit_end(m, xs[i]), c, count[i],
				       fee_pass ? "several credits fit within "
				       "the fee tolerance; none is taken" :
				       "several credits of the same amount "
				       "fit; none is taken");
			pr__free(c);
		} else if (chosen[y] > 1) {
			/* Listed once, by the credit, with every debit. */
			size_t k, q = 0;
			uint32_t *c;

			if (chosen[y] == UINT32_MAX)
				continue;
			c = pr__malloc(chosen[y] * sizeof(*c));
			if (c == NULL) {
				rc = oom(m);
				break;
			}
			for (k = 0; k < nx && q < chosen[y]; k++) {
				size_t z;

				for (z = 0; z < count[k]; z++)
					if (list[first[k] + z] == y)
						c[q++] = debit_end(m, xs[k]);
			}
			rc = add_issue(m, PR_ISSUE_AMBIGUOUS,
				       credit_end(m, y), c, q,
				       "several debits of the same amount "
				       "fit; none is taken");
			pr__free(c);
			chosen[y] = UINT32_MAX;
		}
	}
done:
	pr__free(xs), pr__free(ys), pr__free(first), pr__free(count);
	pr__free(chosen), pr__free(list), pr__free(fees), pr__free(days);
	pr__free(hows), pr__free(st.tab);
	return rc;
}

/*
 * Exchange withdrawals and deposits to the on-chain output at their
 * address: by address, amount and time (calendar days: chains do not
 * keep business hours), when no hash joined them.
 */
static int
stage_addresses(struct pr_flows *m)
{
	struct slot *outs = NULL;
	size_t n = 0, i;
	int rc = PR_OK;

	outs = pr__malloc((m->n ? m->n : 1) * sizeof(*outs));
	if (outs == NULL)
		return oom(m);
	for (i = 0; i < m->n; i++)
		if (m->it[i].kind == K_CHAIN)
			slot_of(&outs[n++], &m->it[i], (uint32_t)i);
	if (sort_slots(m, outs, n) != PR_OK) {
		pr__free(outs);
		return PR_ENOMEM;
	}
	for (i = 0; i < m->n && rc == PR_OK && n > 0; i++) {
		const struct item *w = &m->it[i];
		uint32_t r = find(m, (uint32_t)i), cand[8];
		size_t p, k = 0;
		int debit = (w->flags & F_WITHDRAW) != 0;

		if (!(w->flags & (F_WITHDRAW | F_DEPOSIT)) || w->addr == 0 ||
		    m->rec[r] != NONE)
			continue;
		p = lower(outs, n, w->cur, (w->flags & F_BIG) ? w->big : 0,
			  (w->flags & F_BIG) ? 0 : w->amount,
			  w->date - m->window);
		for (; p < n && outs[p].cur == w->cur &&
		       outs[p].date <= w->date + m->window; p++) {
			uint32_t o = outs[p].item, ro = find(m, o);

			if (!same_amount(&m->it[o], w))
				break;
			if (m->it[o].addr != w->addr)
				continue;
			if (debit ? m->debit[ro] != NONE :
			    m->credit[ro] != NONE)
				continue;
			if (k < 8)
				cand[k] = o;
			k++;
		}
		if (k == 1) {
			int dd = w->date - m->it[cand[0]].date;

			join(m, cand[0], (uint32_t)i, B_ADDRESS, 0,
			     dd < 0 ? -dd : dd, 0);
		} else if (k > 1) {
			rc = add_issue(m, PR_ISSUE_AMBIGUOUS, (uint32_t)i,
				       cand, k < 8 ? k : 8, "several "
				       "on-chain outputs to its address fit; "
				       "none is taken");
		}
	}
	pr__free(outs);
	return rc;
}

/* ---------------------------------------------------------------- */
/* the result */

/* Pairs of words (first, second), by first then second. */
static int
sort_root2(uint64_t *pk, size_t n)
{
	struct pr__kv *v = pr__malloc((n ? n : 1) * sizeof(*v));
	size_t i;

	if (v == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		v[i].key = pk[2 * i + 1];
		v[i].val = pk[2 * i];
	}
	if (pr__kv_sort(v, n) != 0)
		goto fail;
	for (i = 0; i < n; i++) {
		uint64_t t = v[i].key;

		v[i].key = v[i].val;
		v[i].val = t;
	}
	if (pr__kv_sort(v, n) != 0)
		goto fail;
	for (i = 0; i < n; i++) {
		pk[2 * i] = v[i].key;
		pk[2 * i + 1] = v[i].val;
	}
	pr__free(v);
	return 0;
fail:
	pr__free(v);
	return -1;
}

/* Flows by date, then by where their first evidence sits. */
static int
order_flows(struct pr_flows *m)
{
	struct fkey {
		int32_t date;
		uint32_t doc, line, item;
	} *k;
	size_t i, n = 0;

	k = pr__malloc((m->n ? m->n : 1) * sizeof(*k));
	if (k == NULL)
		return oom(m);
	for (i = 0; i < m->n; i++) {
		uint32_t r = (uint32_t)i, a = r, x;

		if (m->parent[i] != i)
			continue;
		/* the earliest evidence of the flow */
		for (x = m->next[r]; x != r; x = m->next[x])
			if (m->it[x].doc < m->it[a].doc ||
			    (m->it[x].doc == m->it[a].doc &&
			     m->it[x].line < m->it[a].line))
				a = x;
		k[n].date = flow_date(m, r);
		k[n].doc = m->it[a].doc;
		k[n].line = m->it[a].line;
		k[n++].item = r;
	}
	/* qsort on a packed key: date, document, line, item */
	{
		uint64_t *pk = pr__malloc((n ? n : 1) * 2 * sizeof(*pk));

		if (pk == NULL) {
			pr__free(k);
			return oom(m);
		}
		for (i = 0; i < n; i++) {
			pk[2 * i] = ((uint64_t)(uint32_t)(k[i].date +
				     0x40000000) << 32) | k[i].doc;
			pk[2 * i + 1] = ((uint64_t)k[i].line << 32) |
					k[i].item;
		}
		m->order = pr__malloc((n ? n : 1) * sizeof(*m->order));
		if (m->order == NULL || sort_root2(pk, n) != 0) {
			pr__free(pk);
			pr__free(k);
			return oom(m);
		}
		for (i = 0; i < n; i++)
			m->order[i] = (uint32_t)(pk[2 * i + 1] & 0xffffffffu);
		m->n_flows = n;
		pr__free(pk);
	}
	pr__free(k);
	return PR_OK;
}

/* Evidence that says its other side is in the case, where none was
 * found: the analyst's first leads to a missing statement or record. */
static int
find_unmatched(struct pr_flows *m)
{
	size_t k;
	int rc = PR_OK;

	for (k = 0; k < m->n_flows && rc == PR_OK; k++) {
		uint32_t r = m->order[k];
		const struct item *d = m->debit[r] != NONE ?
				       &m->it[m->debit[r]] : NULL;
		const struct item *c = m->credit[r] != NONE ?
				       &m->it[m->credit[r]] : NULL;
		const struct item *w = m->rec[r] != NONE ?
				       &m->it[m->rec[r]] : NULL;

		if (w != NULL && w->kind == K_WIRE) {
			if (d == NULL &&
			    pr__match_hint_in_case(m, w->from_hint, w->cur))
				rc = add_issue(m, PR_ISSUE_UNMATCHED,
					       m->rec[r], NULL, 0, "a wire "
					       "from an account in the case; "
					       "no debit of it was found "
					       "within the window");
			if (rc == PR_OK && c == NULL &&
			    pr__match_hint_in_case(m, w->to_hint, w->cur))
				rc = add_issue(m, PR_ISSUE_UNMATCHED,
					       m->rec[r], NULL, 0, "a wire "
					       "to an account in the case; "
					       "no credit of it was found "
					       "within the window");
			continue;
		}
		if (w != NULL)
			continue;
		if (d != NULL && c == NULL && d->role == PR_ROLE_DEBIT &&
		    pr__match_hint_in_case(m, d->to_hint, d->cur))
			rc = add_issue(m, PR_ISSUE_UNMATCHED, m->debit[r],
				       NULL, 0, "names an account in the "
				       "case; no credit of it was found "
				       "within the window");
		else if (c != NULL && d == NULL && c->kind != K_FUNDING &&
			 pr__match_hint_in_case(m, c->from_hint, c->cur))
			rc = add_issue(m, PR_ISSUE_UNMATCHED, m->credit[r],
				       NULL, 0, "names an account in the "
				       "case; no debit of it was found "
				       "within the window");
	}
	return rc;
}

/*
 * The loaded items joined into flows: the union-find set up (every item
 * its own flow), then the stages in order, each on what the ones before
 * left open; then every item's root found, the flows put in output order
 * and the evidence that names a missing side listed.
 */
int
pr__match_stages(struct pr_flows *m, struct keys *ks)
{
	size_t i, records = 0;
	int rc;

	m->n_hint = m->s.n;
	m->hint_cur = pr__malloc(m->n_hint * sizeof(*m->hint_cur));
	m->hint_res = pr__calloc(m->n_hint, sizeof(*m->hint_res));
	m->parent = pr__malloc((m->n ? m->n : 1) * sizeof(uint32_t));
	m->next = pr__malloc((m->n ? m->n : 1) * sizeof(uint32_t));
	m->debit = pr__malloc((m->n ? m->n : 1) * sizeof(uint32_t));
	m->credit = pr__malloc((m->n ? m->n : 1) * sizeof(uint32_t));
	m->rec = pr__malloc((m->n ? m->n : 1) * sizeof(uint32_t));
	m->anchor = pr__malloc((m->n ? m->n : 1) * sizeof(uint32_t));
	if (!m->parent || !m->next || !m->debit || !m->credit || !m->rec ||
	    !m->anchor || !m->hint_cur || !m->hint_res)
		return oom(m);
	for (i = 0; i < m->n; i++) {
		const struct item *w = &m->it[i];

		records += w->role == PR_ROLE_RECORD;
		m->parent[i] = m->next[i] = m->anchor[i] = (uint32_t)i;
		m->debit[i] = w->role == PR_ROLE_DEBIT ? (uint32_t)i : NONE;
		m->credit[i] = w->role == PR_ROLE_CREDIT ? (uint32_t)i : NONE;
		m->rec[i] = w->role == PR_ROLE_RECORD ? (uint32_t)i : NONE;
	}
	if ((rc = stage_decisions(m)) != PR_OK ||
	    (rc = stage_trades(m)) != PR_OK ||
	    (rc = stage_keys(m, ks)) != PR_OK ||
	    (rc = stage_addresses(m)) != PR_OK)
		return rc;
	/* Records first, to the accounts they name; then what is left,
	 * exact amounts before the fee tolerance. Without records (bank
	 * rows alone) the record passes find nothing: each would still
	 * read every item. */
	if (records > 0 &&
	    ((rc = pair_up(m, PAIR_TO_RECORD, 0, B_RECORD)) != PR_OK ||
	     (rc = pair_up(m, PAIR_TO_RECORD, 1, B_FEE)) != PR_OK ||
	     (rc = pair_up(m, PAIR_FROM_RECORD, 0, B_RECORD)) != PR_OK ||
	     (rc = pair_up(m, PAIR_FROM_RECORD, 1, B_FEE)) != PR_OK))
		return rc;
	if ((rc = pair_up(m, PAIR_PLAIN, 0, B_AMOUNT)) != PR_OK)
		return rc;
	for (i = 0; i < m->n; i++)
		find(m, (uint32_t)i);
	if ((rc = order_flows(m)) != PR_OK ||
	    (rc = find_unmatched(m)) != PR_OK)
		return rc;
	return PR_OK;
}
