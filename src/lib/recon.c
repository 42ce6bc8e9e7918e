/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Reconciliation. All transactions are read once, in rowid order (which is
 * document and record order), into a compact array; then per account:
 *
 *  - periods: the account's statements (from statements files or file
 *    cells); an account with none falls back to the periods its running
 *    balances prove. Each period sums every transaction of the account
 *    dated inside it, from any document: opening + credits - debits must
 *    equal the stated closing, to the unit.
 *  - sequence: consecutive periods must neither leave a day uncovered nor
 *    cover one twice, and each closing must be carried to the next
 *    opening; transactions dated outside every period are reported. Each
 *    period is compared with the one reaching furthest before it, so a
 *    month inside a quarter is an overlap, not a hole after the month.
 *  - order: every list is sorted at the end into the order recon.h
 *    documents, whatever order the checks found things in.
 *  - running balance: per account, one chain through its documents (by
 *    their first and last dates), each in time order (file order, or
 *    reversed for newest-first files): every stated balance must be the
 *    previous one plus the row, across files too. After a break the
 *    stated balance is trusted again, so one bad row is one finding. The
 *    running-balance periods of files that carry the balance from one to
 *    the next are one period.
 *  - duplicates: rows alike in account, date, amount, description and
 *    reference, found by sorting on a 64-bit key and then compared in full;
 *    rows whose stated running balances differ are proven distinct.
 *
 * Amounts that fit in 64 bits stay in int64 (summed in GMP); larger ones
 * (wei) sit in a side table of mpz values. Nothing here is floating point.
 */
#include "config.h"
#include "common.h"
#include "match.h"
#include "store.h"

#include <stdlib.h>
#include <string.h>

struct row {
	int64_t id;
	int64_t amount;       /* when !(flags & BIG_AMOUNT) */
	int64_t balance;      /* when HAS_BALANCE and !(flags & BIG_BALANCE) */
	uint64_t key;         /* hash of description and reference */
	uint32_t account;     /* index into accounts */
	uint32_t doc;         /* index into docs */
	uint32_t line;
	int32_t date;
	uint32_t big;         /* index into bigs when BIG_* */
	uint8_t flags;
};

enum { HAS_BALANCE = 1, BIG_AMOUNT = 2, BIG_BALANCE = 4 };

struct account {
	int64_t id;
	char *ident;
	const pr_currency *cur;
};

struct doc {
	int64_t id;
	char *name;
	int descending;
};

struct ctx {
	pr_store *st;
	pr_recon *r;
	struct row *rows;
	size_t n_rows, cap_rows;
	mpz_t *bigs;
	size_t n_bigs, cap_bigs;
	struct account *accts;
	size_t n_accts;
	struct doc *docs;
	size_t n_docs;
	uint32_t *order;      /* row indices by account, date, id */
	size_t *first;        /* order[first[a] .. first[a + 1]) is account a */
	size_t cap_periods, cap_breaks, cap_gaps, cap_dups;
	pr__match_feed *mf;   /* fed each row read, when not NULL */
	pr_error *err;
};

/* What the result's borrowed strings point into. */
struct internal {
	struct account *accts;
	size_t n_accts;
	struct doc *docs;
	size_t n_docs;
	char **strings;
	size_t n_strings, cap_strings;
};

static uint64_t
fnv(uint64_t h, const unsigned char *s)
{
	if (s == NULL)
		return h;
	while (*s) {
		h ^= *s++;
		h *= 1099511628211ULL;
	}
	return h;
}


static void
amount_of(const struct ctx *c, mpz_t out, const struct row *w)
{
	if (w->flags & BIG_AMOUNT)
		mpz_set(out, c->bigs[w->big]);
	else
		mpz_set_si(out, (long)w->amount);
}

static void
balance_of(const struct ctx *c, mpz_t out, const struct row *w)
{
	/* a big balance always follows its amount in the table */
	if (w->flags & BIG_BALANCE)
		mpz_set(out, c->bigs[w->big + 1]);
	else
		mpz_set_si(out, (long)w->balance);
}

static int
push_big(struct ctx *c, sqlite3_stmt *s, int col, uint32_t *first)
{
	if (pr__grow((void **)&c->bigs, &c->cap_bigs, c->n_bigs + 1,
		       sizeof(mpz_t)))
		return pr__error_set(c->err, PR_ENOMEM, "out of memory");
	mpz_init(c->bigs[c->n_bigs]);
	pr__store_column_amount(c->bigs[c->n_bigs], s, col);
	if (*first == UINT32_MAX)
		*first = (uint32_t)c->n_bigs;
	c->n_bigs++;
	return PR_OK;
}

struct idmap {
	int64_t id;
	uint32_t index;
};

static int
cmp_idmap(const void *a, const void *b)
{
	const struct idmap *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

/*
 * The index of id in m (sorted by id). Rowids are dense as a rule (1, 2,
 * 3, ...), so id's place is first looked for at id less the least id:
 * one load where a bisection of 10^4 accounts for each of 10^6 rows was
 * a quarter of reading them.
 */
static int
lookup(const struct idmap *m, size_t n, int64_t id, uint32_t *out)
{
	size_t lo = 0, hi = n;
	uint64_t k = n > 0 ? (uint64_t)id - (uint64_t)m[0].id : 0;

	if (k < n && m[k].id == id) {
		*out = m[k].index;
		return 0;
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (m[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == n || m[lo].id != id)
		return -1;
	*out = m[lo].index;
	return 0;
}

static int
load_accounts(struct ctx *c)
{
	sqlite3_stmt *s = NULL;
	size_t cap = 0;
	int rc;

	if (sqlite3_prepare_v2(c->st->db, "SELECT id, ident, currency FROM "
			       "account ORDER BY ident, currency, id", -1, &s,
			       NULL) != SQLITE_OK)
		return pr__store_dberr(c->st, c->err, "cannot reconcile");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct account *a;

		if (pr__grow((void **)&c->accts, &cap, c->n_accts + 1,
			       sizeof(*a))) {
			sqlite3_finalize(s);
			return pr__error_set(c->err, PR_ENOMEM,
					     "out of memory");
		}
		a = &c->accts[c->n_accts++];
		a->id = sqlite3_column_int64(s, 0);
		a->ident = pr__strdup((const char *)sqlite3_column_text(s, 1));
		a->cur = pr__store_currency(c->st, (const char *)
					  sqlite3_column_text(s, 2));
		if (a->ident == NULL || a->cur == NULL) {
			sqlite3_finalize(s);
			return pr__error_set(c->err, a->ident ? PR_ECURRENCY :
					     PR_ENOMEM, "bad account in case");
		}
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return pr__store_dberr(c->st, c->err, "cannot reconcile");
	return PR_OK;
}

static int
load_docs(struct ctx *c)
{
	sqlite3_stmt *s = NULL;
	size_t cap = 0;
	int rc;

	if (sqlite3_prepare_v2(c->st->db, "SELECT id, name, descending FROM "
			       "document ORDER BY id", -1, &s, NULL) !=
	    SQLITE_OK)
		return pr__store_dberr(c->st, c->err, "cannot reconcile");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct doc *d;

		if (pr__grow((void **)&c->docs, &cap, c->n_docs + 1,
			       sizeof(*d))) {
			sqlite3_finalize(s);
			return pr__error_set(c->err, PR_ENOMEM,
					     "out of memory");
		}
		d = &c->docs[c->n_docs++];
		d->id = sqlite3_column_int64(s, 0);
		d->name = pr__strdup((const char *)sqlite3_column_text(s, 1));
		d->descending = sqlite3_column_int(s, 2);
		if (d->name == NULL) {
			sqlite3_finalize(s);
			return pr__error_set(c->err, PR_ENOMEM,
					     "out of memory");
		}
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return pr__store_dberr(c->st, c->err, "cannot reconcile");
	return PR_OK;
}

static struct idmap *
make_map(const void *base, size_t n, size_t elem)
{
	struct idmap *m = pr__malloc((n + 1) * sizeof(*m));
	size_t i;

	if (m == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		/* both struct account and struct doc start with the id */
		memcpy(&m[i].id, (const char *)base + i * elem,
		       sizeof(int64_t));
		m[i].index = (uint32_t)i;
	}
	qsort(m, n, sizeof(*m), cmp_idmap);
	return m;
}

/* load_rows' columns: the matcher's (match.h), then this */
enum { COL_BALANCE = PR__TXN_NCOLS };

static int
load_rows(struct ctx *c)
{
	sqlite3_stmt *s = NULL;
	struct idmap *am = NULL, *dm = NULL;
	int rc;

	int64_t n;

	am = make_map(c->accts, c->n_accts, sizeof(struct account));
	dm = make_map(c->docs, c->n_docs, sizeof(struct doc));
	if (am == NULL || dm == NULL) {
		rc = pr__error_set(c->err, PR_ENOMEM, "out of memory");
		goto done;
	}
	/* every row is kept: room for exactly that many (issue 12's
	 * memory target; doubling left 12% of 1.87 M rows unused) */
	if ((rc = pr__store_int64(c->st, "SELECT count(*) FROM txn", &n,
				  c->err)) != PR_OK)
		goto done;
	if (n > 0 && pr__reserve((void **)&c->rows, &c->cap_rows,
				 (size_t)n, sizeof(*c->rows))) {
		rc = pr__error_set(c->err, PR_ENOMEM, "out of memory");
		goto done;
	}
	/* the matcher's columns first (counter_account only when it is
	 * fed), then the balance */
	if (sqlite3_prepare_v2(c->st->db, c->mf != NULL ?
			       "SELECT " PR__TXN_COLUMNS ", balance FROM txn "
			       "ORDER BY id" :
			       "SELECT id, document_id, line, account_id, "
			       "date, amount, description, reference, '', "
			       "balance FROM txn ORDER BY id", -1, &s,
			       NULL) != SQLITE_OK) {
		rc = pr__store_dberr(c->st, c->err, "cannot reconcile");
		goto done;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct pr__txn_row x;
		struct row *w;
		uint64_t h = 14695981039346656037ULL;
		int tb = sqlite3_column_type(s, COL_BALANCE);

		if (pr__grow((void **)&c->rows, &c->cap_rows,
			       c->n_rows + 1, sizeof(*w))) {
			rc = pr__error_set(c->err, PR_ENOMEM, "out of memory");
			goto done;
		}
		/* each column read once, here; the matcher takes them */
		x.id = sqlite3_column_int64(s, PR__TXN_ID);
		x.doc = sqlite3_column_int64(s, PR__TXN_DOC);
		x.line = sqlite3_column_int64(s, PR__TXN_LINE);
		x.account = sqlite3_column_int64(s, PR__TXN_ACCOUNT);
		x.date = sqlite3_column_int(s, PR__TXN_DATE);
		x.amount_text = sqlite3_column_type(s, PR__TXN_AMOUNT) ==
				SQLITE_TEXT;
		x.amount = x.amount_text ? 0 :
			   sqlite3_column_int64(s, PR__TXN_AMOUNT);
		x.desc = (const char *)sqlite3_column_text(s, PR__TXN_DESC);
		x.ref = (const char *)sqlite3_column_text(s, PR__TXN_REF);
		x.counter = c->mf == NULL ? NULL : (const char *)
			    sqlite3_column_text(s, PR__TXN_COUNTER);
		w = &c->rows[c->n_rows];
		memset(w, 0, sizeof(*w));
		w->id = x.id;
		if (lookup(am, c->n_accts, x.account, &w->account) ||
		    lookup(dm, c->n_docs, x.doc, &w->doc)) {
			rc = pr__error_set(c->err, PR_EDB, "transaction %lld "
					   "refers to a missing account or "
					   "document", (long long)w->id);
			goto done;
		}
		w->line = (uint32_t)x.line;
		w->date = x.date;
		w->big = UINT32_MAX;
		rc = PR_OK;
		/* A big balance keeps its amount beside it in the table. */
		if (x.amount_text || tb == SQLITE_TEXT) {
			w->flags |= BIG_AMOUNT;
			rc = push_big(c, s, PR__TXN_AMOUNT, &w->big);
		} else {
			w->amount = x.amount;
		}
		if (rc == PR_OK && tb == SQLITE_TEXT) {
			w->flags |= HAS_BALANCE | BIG_BALANCE;
			rc = push_big(c, s, COL_BALANCE, &w->big);
		} else if (rc == PR_OK && tb == SQLITE_INTEGER) {
			w->flags |= HAS_BALANCE;
			w->balance = sqlite3_column_int64(s, COL_BALANCE);
		}
		if (rc != PR_OK)
			goto done;
		h = fnv(h, (const unsigned char *)x.desc);
		h = fnv(h ^ 0x1f, (const unsigned char *)x.ref);
		w->key = h;
		c->n_rows++;
		/* a failed row stops the feed; the matcher says why when
		 * it is closed, after all the gate has to say */
		if (c->mf != NULL && pr__match_row(c->mf, s, &x) != PR_OK)
			c->mf = NULL;
	}
	if (rc != SQLITE_DONE) {
		rc = pr__store_dberr(c->st, c->err, "cannot reconcile");
		goto done;
	}
	rc = PR_OK;
done:
	sqlite3_finalize(s);
	pr__free(am);
	pr__free(dm);
	return rc;
}

/* Stable merge of v's runs [0, mid) and [mid, n) by date into tmp. */
static void
merge_dates(const struct row *rows, const uint32_t *v, size_t mid, size_t n,
	    uint32_t *out)
{
	size_t i = 0, j = mid, k = 0;

	while (i < mid && j < n)
		out[k++] = rows[v[j]].date < rows[v[i]].date ? v[j++] : v[i++];
	while (i < mid)
		out[k++] = v[i++];
	while (j < n)
		out[k++] = v[j++];
}

/* One account's rows, in id order, stably by date: bottom-up merges,
 * none at all when the statement already runs in date order. */
static void
sort_dates(const struct row *rows, uint32_t *v, size_t n, uint32_t *tmp)
{
	uint32_t *src = v, *dst = tmp;
	size_t w, i;

	for (i = 1; i < n && rows[v[i - 1]].date <= rows[v[i]].date; i++)
		;
	if (i >= n)
		return;
	for (w = 1; w < n; w *= 2) {
		for (i = 0; i < n; i += 2 * w) {
			size_t mid = i + w < n ? i + w : n;
			size_t end = i + 2 * w < n ? i + 2 * w : n;

			merge_dates(rows, src + i, mid - i, end - i, dst + i);
		}
		{
			uint32_t *t = src;

			src = dst;
			dst = t;
		}
	}
	if (src != v)
		memcpy(v, src, n * sizeof(*v));
}

/* Rows by account, then date, then id: loaded in id order, so rows
 * placed by account (a counting sort) and then sorted stably by date
 * within each account are in that order. 4 bytes a row beside the
 * order itself, where sorting (key, row) pairs took 32 (issue 12). */
static int
build_order(struct ctx *c)
{
	size_t *pos = NULL, i, a, most = 0;
	uint32_t *tmp = NULL;

	c->order = pr__malloc((c->n_rows + 1) * sizeof(*c->order));
	c->first = pr__calloc(c->n_accts + 2, sizeof(*c->first));
	pos = pr__malloc((c->n_accts + 1) * sizeof(*pos));
	if (c->order == NULL || c->first == NULL || pos == NULL) {
		pr__free(pos);
		return pr__error_set(c->err, PR_ENOMEM, "out of memory");
	}
	for (i = 0; i < c->n_rows; i++)
		c->first[c->rows[i].account + 1]++;
	for (i = 1; i <= c->n_accts; i++)
		c->first[i] += c->first[i - 1];
	c->first[c->n_accts + 1] = c->n_rows;
	for (a = 0; a <= c->n_accts; a++) {
		pos[a] = c->first[a];
		if (c->first[a + 1] - c->first[a] > most)
			most = c->first[a + 1] - c->first[a];
	}
	for (i = 0; i < c->n_rows; i++)
		c->order[pos[c->rows[i].account]++] = (uint32_t)i;
	pr__free(pos);
	tmp = pr__malloc((most + 1) * sizeof(*tmp));
	if (tmp == NULL)
		return pr__error_set(c->err, PR_ENOMEM, "out of memory");
	for (a = 0; a <= c->n_accts; a++)
		sort_dates(c->rows, c->order + c->first[a],
			   c->first[a + 1] - c->first[a], tmp);
	pr__free(tmp);
	return PR_OK;
}

static int
keep_string(struct ctx *c, const char **out, const char *s)
{
	struct internal *in = c->r->internal;

	if (pr__grow((void **)&in->strings, &in->cap_strings,
		       in->n_strings + 1, sizeof(char *)))
		return pr__error_set(c->err, PR_ENOMEM, "out of memory");
	in->strings[in->n_strings] = pr__strdup(s ? s : "");
	if (in->strings[in->n_strings] == NULL)
		return pr__error_set(c->err, PR_ENOMEM, "out of memory");
	*out = in->strings[in->n_strings++];
	return PR_OK;
}

static pr_recon_gap *
new_gap(struct ctx *c, pr_gap_kind kind, const struct account *a)
{
	pr_recon_gap *g;

	if (pr__grow((void **)&c->r->gaps, &c->cap_gaps, c->r->n_gaps + 1,
		       sizeof(*g)))
		return NULL;
	g = &c->r->gaps[c->r->n_gaps++];
	memset(g, 0, sizeof(*g));
	mpz_init(g->amount);
	g->kind = kind;
	g->account = a->ident;
	g->currency = a->cur->code;
	g->minor = a->cur->minor;
	g->document = "";
	return g;
}

/* Rows are walked in account and date order, all over the array, each
 * one a cache miss: ask for the one ROW_AHEAD further on while this one
 * is read (a row spans two lines at most). */
#define ROW_AHEAD 8

static void
row_ahead(const struct ctx *c, size_t k)
{
	const char *w;

	if (k + ROW_AHEAD >= c->n_rows)
		return;
	w = (const char *)&c->rows[c->order[k + ROW_AHEAD]];
	__builtin_prefetch(w);
	__builtin_prefetch(w + sizeof(struct row) - 1);
}

/* Lower bound of date d among the account's rows order[lo, hi). */
static size_t
date_bound(const struct ctx *c, size_t lo, size_t hi, pr_date d)
{
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->rows[c->order[mid]].date < d)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void
add_amount(const struct ctx *c, pr_recon_period *p, const struct row *w,
	   mpz_t tmp)
{
	if (w->flags & BIG_AMOUNT) {
		amount_of(c, tmp, w);
		if (mpz_sgn(tmp) >= 0)
			mpz_add(p->credits, p->credits, tmp);
		else
			mpz_sub(p->debits, p->debits, tmp);
	} else if (w->amount >= 0) {
		mpz_add_ui(p->credits, p->credits,
			   (unsigned long)w->amount);
	} else {
		/* -(amount + 1) + 1 avoids negating INT64_MIN */
		mpz_add_ui(p->debits, p->debits,
			   (unsigned long)(-(w->amount + 1)) + 1UL);
	}
}

/* Rows dated outside every period, one finding per run between periods. */
static int
uncovered(struct ctx *c, size_t a, size_t p0, size_t p1)
{
	size_t lo = c->first[a], hi = c->first[a + 1];
	size_t i = lo, k = p0;
	pr_recon_gap *g = NULL;

	while (i < hi) {
		const struct row *w = &c->rows[c->order[i]];

		row_ahead(c, i);
		while (k < p1 && c->r->periods[k].end < w->date)
			k++;
		if (k < p1 && c->r->periods[k].start <= w->date) {
			g = NULL;
			i++;
			continue;
		}
		if (g == NULL) {
			g = new_gap(c, PR_GAP_UNCOVERED, &c->accts[a]);
			if (g == NULL)
				return pr__error_set(c->err, PR_ENOMEM,
						     "out of memory");
			g->start = w->date;
			g->document = c->docs[w->doc].name;
			g->line = w->line;
		}
		g->end = w->date;
		g->rows++;
		i++;
		/* a later period starting after this row ends the run */
		if (i < hi && k < p1 &&
		    c->rows[c->order[i]].date >= c->r->periods[k].start)
			g = NULL;
	}
	return PR_OK;
}

/* One account's gaps in the order recon.h promises, by start and kind
 * (sequence and uncovered find them separately), then by end and line
 * so that the order never depends on qsort. */
static int
cmp_gap(const void *a, const void *b)
{
	const pr_recon_gap *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return strcmp(x->document, y->document);
}

static int
sequence(struct ctx *c, size_t p0, size_t p1)
{
	size_t far = p0;  /* the period reaching furthest so far */
	size_t k;

	for (k = p0 + 1; k < p1; k++) {
		/* Compare with the furthest-reaching period, not merely the
		 * previous one: a month inside a quarterly statement leaves
		 * the rest of the quarter covered. */
		const pr_recon_period *p = &c->r->periods[far];
		const pr_recon_period *q = &c->r->periods[k];
		const struct account *a = NULL;
		struct account tmp;
		pr_recon_gap *g;
		int derived;

		tmp.ident = (char *)q->account;
		tmp.cur = pr__store_currency(c->st, q->currency);
		a = &tmp;
		/* Periods proved by running balances span only the dates
		 * of their rows, so days between two exports are no
		 * evidence of a missing statement: there, continuity of
		 * the balance is the test. */
		derived = strcmp(p->source, "running balance") == 0 &&
			  strcmp(q->source, "running balance") == 0;
		/* Between two of them a balance not carried is a break of
		 * the account's chain, at the later file's first balance,
		 * with both files' lines (breaks): one finding, not two. */
		if (q->start > p->end + 1 && !derived) {
			g = new_gap(c, PR_GAP_MISSING, a);
			if (g == NULL)
				goto nomem;
			g->start = p->end + 1;
			g->end = q->start - 1;
			g->document = q->document;
			g->line = q->line;
		} else if (q->start <= p->end) {
			g = new_gap(c, PR_GAP_OVERLAP, a);
			if (g == NULL)
				goto nomem;
			g->start = q->start;
			g->end = q->end < p->end ? q->end : p->end;
			g->document = q->document;
			g->line = q->line;
		} else if (q->start > p->end && !derived &&
			   mpz_cmp(p->closing, q->opening) != 0) {
			g = new_gap(c, PR_GAP_CARRY, a);
			if (g == NULL)
				goto nomem;
			g->start = p->end;
			g->end = q->start;
			mpz_sub(g->amount, q->opening, p->closing);
			g->document = q->document;
			g->line = q->line;
		}
		if (q->end >= p->end)
			far = k;
	}
	return PR_OK;
nomem:
	return pr__error_set(c->err, PR_ENOMEM, "out of memory");
}

struct stmt {
	int64_t id;
	uint32_t account;
	int official;
	pr_date start, end;
	uint32_t doc;
	unsigned long line;
	const char *source;
	mpz_t opening, closing;
};

static int
cmp_stmt(const void *a, const void *b)
{
	const struct stmt *x = a, *y = b;

	if (x->account != y->account)
		return x->account < y->account ? -1 : 1;
	if (x->official != y->official)
		return x->official > y->official ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

static int
periods(struct ctx *c)
{
	sqlite3_stmt *s = NULL;
	struct idmap *am = NULL, *dm = NULL;
	struct stmt *sv = NULL;
	size_t n = 0, cap = 0, i, j;
	mpz_t tmp;
	int rc;

	mpz_init(tmp);
	am = make_map(c->accts, c->n_accts, sizeof(struct account));
	dm = make_map(c->docs, c->n_docs, sizeof(struct doc));
	if (am == NULL || dm == NULL) {
		rc = pr__error_set(c->err, PR_ENOMEM, "out of memory");
		goto done;
	}
	if (sqlite3_prepare_v2(c->st->db, "SELECT id, account_id, start_date,"
			       " end_date, opening, closing, source,"
			       " document_id, line FROM statement ORDER BY id",
			       -1, &s, NULL) != SQLITE_OK) {
		rc = pr__store_dberr(c->st, c->err, "cannot reconcile");
		goto done;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct stmt *t;
		const char *src = (const char *)sqlite3_column_text(s, 6);

		if (pr__grow((void **)&sv, &cap, n + 1, sizeof(*sv))) {
			rc = pr__error_set(c->err, PR_ENOMEM, "out of memory");
			goto done;
		}
		t = &sv[n];
		t->id = sqlite3_column_int64(s, 0);
		if (lookup(am, c->n_accts, sqlite3_column_int64(s, 1),
			   &t->account) ||
		    lookup(dm, c->n_docs, sqlite3_column_int64(s, 7),
			   &t->doc)) {
			rc = pr__error_set(c->err, PR_EDB, "statement %lld "
					   "refers to a missing account or "
					   "document", (long long)t->id);
			goto done;
		}
		t->start = sqlite3_column_int(s, 2);
		t->end = sqlite3_column_int(s, 3);
		t->line = (unsigned long)sqlite3_column_int64(s, 8);
		t->official = strcmp(src, "running balance") != 0;
		t->source = strcmp(src, "statement") == 0 ? "statement" :
			    strcmp(src, "file") == 0 ? "file" :
			    strcmp(src, "file, opening derived") == 0 ?
			    "file, opening derived" : "running balance";
		/* OFX: a stated ledger balance, an opening derived from it */
		if (strcmp(src, "ofx ledger balance") == 0) {
			t->official = 0;
			t->source = "ofx ledger balance";
		}
		mpz_init(t->opening);
		mpz_init(t->closing);
		n++;
		pr__store_column_amount(t->opening, s, 4);
		pr__store_column_amount(t->closing, s, 5);
	}
	if (rc != SQLITE_DONE) {
		rc = pr__store_dberr(c->st, c->err, "cannot reconcile");
		goto done;
	}
	rc = PR_OK;
	/* sv is NULL when the case has no statements: qsort wants a
	 * valid pointer even for zero elements */
	if (n > 1)
		qsort(sv, n, sizeof(*sv), cmp_stmt);
	i = 0;
	for (j = 0; j < c->n_accts && rc == PR_OK; j++) {
		const struct account *a = &c->accts[j];
		size_t p0 = c->r->n_periods;
		size_t g0 = c->r->n_gaps;
		size_t lo = c->first[j], hi = c->first[j + 1];
		size_t k;

		while (i < n && sv[i].account < j)
			i++;
		/* Official statements win; running-balance periods stand in
		 * only for accounts that have none. */
		for (; i < n && sv[i].account == j; i++) {
			const struct stmt *t = &sv[i];
			pr_recon_period *p;

			if (!t->official && c->r->n_periods > p0 &&
			    strcmp(c->r->periods[p0].source,
				   "running balance") != 0 &&
			    strcmp(c->r->periods[p0].source,
				   "ofx ledger balance") != 0)
				continue;
			/* A file whose running balance starts where the one
			 * before ends (on that day or later) continues it:
			 * the two are one period, so that rows of a day the
			 * files share are summed once. */
			p = c->r->n_periods > p0 ?
			    &c->r->periods[c->r->n_periods - 1] : NULL;
			if (!t->official && p != NULL && t->start >= p->end &&
			    mpz_cmp(t->opening, p->closing) == 0) {
				p->end = t->end;
				p->document = c->docs[t->doc].name;
				p->line = t->line;
				mpz_set(p->closing, t->closing);
				continue;
			}
			if (pr__grow((void **)&c->r->periods,
				       &c->cap_periods, c->r->n_periods + 1,
				       sizeof(*p))) {
				rc = pr__error_set(c->err, PR_ENOMEM,
						   "out of memory");
				break;
			}
			p = &c->r->periods[c->r->n_periods++];
			memset(p, 0, sizeof(*p));
			mpz_inits(p->opening, p->credits, p->debits,
				  p->computed, p->closing, p->difference,
				  NULL);
			p->account = a->ident;
			p->currency = a->cur->code;
			p->minor = a->cur->minor;
			p->start = t->start;
			p->end = t->end;
			p->source = t->source;
			p->document = c->docs[t->doc].name;
			p->line = t->line;
			mpz_set(p->opening, t->opening);
			mpz_set(p->closing, t->closing);
		}
		for (k = p0; k < c->r->n_periods && rc == PR_OK; k++) {
			pr_recon_period *p = &c->r->periods[k];
			size_t m;

			for (m = date_bound(c, lo, hi, p->start);
			     m < hi && c->rows[c->order[m]].date <= p->end;
			     m++) {
				row_ahead(c, m);
				add_amount(c, p, &c->rows[c->order[m]], tmp);
				p->rows++;
			}
			mpz_add(p->computed, p->opening, p->credits);
			mpz_sub(p->computed, p->computed, p->debits);
			mpz_sub(p->difference, p->closing, p->computed);
		}
		if (rc == PR_OK)
			rc = sequence(c, p0, c->r->n_periods);
		if (rc == PR_OK)
			rc = uncovered(c, j, p0, c->r->n_periods);
		if (rc == PR_OK && c->r->n_gaps - g0 > 1)
			qsort(c->r->gaps + g0, c->r->n_gaps - g0,
			      sizeof(*c->r->gaps), cmp_gap);
	}
done:
	for (i = 0; i < n; i++) {
		mpz_clear(sv[i].opening);
		mpz_clear(sv[i].closing);
	}
	pr__free(sv);
	sqlite3_finalize(s);
	pr__free(am);
	pr__free(dm);
	mpz_clear(tmp);
	return rc;
}

/* Where a break sits, to list breaks by account, document and line as
 * recon.h promises: they are found per document in time order, which
 * differs for newest-first files and for files of several accounts. */
struct bkey {
	uint32_t account;
	uint32_t doc;
	unsigned long line;
	size_t index;
};

static int
cmp_bkey(const void *a, const void *b)
{
	const struct bkey *x = a, *y = b;

	if (x->account != y->account)
		return x->account < y->account ? -1 : 1;
	if (x->doc != y->doc)
		return x->doc < y->doc ? -1 : 1;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return (x->index > y->index) - (x->index < y->index);
}

/* Put the breaks in the order of their keys; the mpz_t values move with
 * their structs, so nothing is copied or freed twice. */
static int
sort_breaks(struct ctx *c, struct bkey *keys)
{
	pr_recon_break *sorted;
	size_t i, n = c->r->n_breaks;

	if (n < 2)
		return PR_OK;
	qsort(keys, n, sizeof(*keys), cmp_bkey);
	sorted = pr__malloc(n * sizeof(*sorted));
	if (sorted == NULL)
		return pr__error_set(c->err, PR_ENOMEM, "out of memory");
	for (i = 0; i < n; i++)
		sorted[i] = c->r->breaks[keys[i].index];
	pr__free(c->r->breaks);
	c->r->breaks = sorted;
	c->cap_breaks = n;
	return PR_OK;
}

/*
 * One document's rows of one account: a link in the account's chain of
 * running balances. Links are ordered by their first and last dates, then
 * by document (import order), so that the January export comes before
 * the February one whatever order they were imported in, and an export
 * that ends on the 15th before the one that starts on the 15th. A link
 * that states no balance at all takes no part in the chain: it has no
 * balance to carry or to check (its rows still count in the periods).
 */
struct link {
	uint32_t account;
	uint32_t doc;
	pr_date min, max;
	size_t at, n;     /* its rows are chain[at .. at + n), in time order */
	size_t fill;      /* where the next row goes while they are placed */
	int balances;     /* some row states a balance */
};

static int
cmp_link(const void *a, const void *b)
{
	const struct link *x = a, *y = b;

	if (x->account != y->account)
		return x->account < y->account ? -1 : 1;
	if (x->min != y->min)
		return x->min < y->min ? -1 : 1;
	if (x->max != y->max)
		return x->max < y->max ? -1 : 1;
	return (x->doc > y->doc) - (x->doc < y->doc);
}

/*
 * Cut the rows into links, one per document and account, and place each
 * link's row indices together in chain[], in the document's time order
 * (file order, or reversed for newest-first files). Two passes in rowid
 * order, where documents' rows are contiguous: the first counts, the
 * second places; both meet the links in the same order, so the second
 * finds each row's link again without storing it. O(rows), and 4 bytes a
 * row beside the rows.
 */
static int
make_links(struct ctx *c, struct link **links_out, size_t *n_out,
	   uint32_t **chain_out)
{
	struct link *lk = NULL;
	size_t n = 0, cap = 0, at = 0, i, pass;
	uint32_t *cur_doc = NULL, *cur = NULL, *chain = NULL;

	cur_doc = pr__malloc((c->n_accts + 1) * sizeof(*cur_doc));
	cur = pr__malloc((c->n_accts + 1) * sizeof(*cur));
	chain = pr__malloc((c->n_rows + 1) * sizeof(*chain));
	if (cur_doc == NULL || cur == NULL || chain == NULL)
		goto nomem;
	for (pass = 0; pass < 2; pass++) {
		size_t made = 0;

		for (i = 0; i < c->n_accts; i++)
			cur_doc[i] = UINT32_MAX;
		for (i = 0; i < c->n_rows; i++) {
			const struct row *w = &c->rows[i];
			struct link *l;

			if (cur_doc[w->account] != w->doc) {
				cur_doc[w->account] = w->doc;
				cur[w->account] = (uint32_t)made++;
				if (pass == 0) {
					if (pr__grow((void **)&lk, &cap,
						       n + 1, sizeof(*lk)))
						goto nomem;
					l = &lk[n++];
					memset(l, 0, sizeof(*l));
					l->account = w->account;
					l->doc = w->doc;
					l->min = l->max = w->date;
				}
			}
			l = &lk[cur[w->account]];
			if (pass == 0) {
				l->n++;
				if (w->date < l->min)
					l->min = w->date;
				if (w->date > l->max)
					l->max = w->date;
				if (w->flags & HAS_BALANCE)
					l->balances = 1;
			} else if (c->docs[w->doc].descending) {
				chain[--l->fill] = (uint32_t)i;
			} else {
				chain[l->fill++] = (uint32_t)i;
			}
		}
		if (pass == 0) {
			for (i = 0; i < n; i++) {
				lk[i].at = at;
				lk[i].fill = c->docs[lk[i].doc].descending ?
					     at + lk[i].n : at;
				at += lk[i].n;
			}
		}
	}
	pr__free(cur_doc);
	pr__free(cur);
	if (n > 1)
		qsort(lk, n, sizeof(*lk), cmp_link);
	*links_out = lk;
	*n_out = n;
	*chain_out = chain;
	return PR_OK;
nomem:
	pr__free(cur_doc);
	pr__free(cur);
	pr__free(chain);
	pr__free(lk);
	return pr__error_set(c->err, PR_ENOMEM, "out of memory");
}

/*
 * Running balances: per account, one chain through all its documents, in
 * the order of make_links. Every stated balance must be the previous
 * stated balance (in the same document or the one before in the chain)
 * plus the amounts since; a row without a balance carries the balance by
 * its amount. A break records where the previous balance was stated, so
 * a break between two files names both.
 */
static int
breaks(struct ctx *c)
{
	struct link *lk = NULL;
	uint32_t *chain = NULL;
	struct bkey *keys = NULL;
	size_t n_links = 0, cap_keys = 0, i, k;
	uint32_t acct = UINT32_MAX, prev_doc = 0;
	unsigned long prev_line = 0;
	int known = 0;
	mpz_t prev, amt, bal, exp;
	int rc;

	if (c->n_rows == 0)
		return PR_OK;
	rc = make_links(c, &lk, &n_links, &chain);
	if (rc != PR_OK)
		return rc;
	mpz_inits(prev, amt, bal, exp, NULL);
	for (i = 0; i < n_links && rc == PR_OK; i++) {
		const struct link *l = &lk[i];

		if (!l->balances)
			continue;
		if (l->account != acct) {
			acct = l->account;
			known = 0;
		}
		for (k = 0; k < l->n && rc == PR_OK; k++) {
			const struct row *w = &c->rows[chain[l->at + k]];
			uint32_t a = w->account;
			pr_recon_break *b;

			amount_of(c, amt, w);
			if (!(w->flags & HAS_BALANCE)) {
				if (known)
					mpz_add(prev, prev, amt);
				continue;
			}
			balance_of(c, bal, w);
			if (known) {
				mpz_add(exp, prev, amt);
				if (mpz_cmp(exp, bal) != 0) {
					if (pr__grow((void **)&c->r->breaks,
						       &c->cap_breaks,
						       c->r->n_breaks + 1,
						       sizeof(*b)) ||
					    pr__grow((void **)&keys,
						       &cap_keys,
						       c->r->n_breaks + 1,
						       sizeof(*keys))) {
						rc = pr__error_set(c->err,
							PR_ENOMEM,
							"out of memory");
						break;
					}
					keys[c->r->n_breaks].account = a;
					keys[c->r->n_breaks].doc = w->doc;
					keys[c->r->n_breaks].line = w->line;
					keys[c->r->n_breaks].index =
						c->r->n_breaks;
					b = &c->r->breaks[c->r->n_breaks++];
					mpz_inits(b->expected, b->stated,
						  b->difference, NULL);
					b->account = c->accts[a].ident;
					b->currency = c->accts[a].cur->code;
					b->minor = c->accts[a].cur->minor;
					b->document = c->docs[w->doc].name;
					b->line = w->line;
					b->date = w->date;
					b->prev_document =
						c->docs[prev_doc].name;
					b->prev_line = prev_line;
					mpz_set(b->expected, exp);
					mpz_set(b->stated, bal);
					mpz_sub(b->difference, bal, exp);
				}
			}
			mpz_set(prev, bal);
			prev_doc = w->doc;
			prev_line = w->line;
			known = 1;
		}
	}
	if (rc == PR_OK)
		rc = sort_breaks(c, keys);
	mpz_clears(prev, amt, bal, exp, NULL);
	pr__free(lk);
	pr__free(chain);
	pr__free(keys);
	return rc;
}

/* Rows that could be one row printed twice share account, date, amount
 * and text; one 64-bit mix of those groups them, and each pair in a
 * group is then compared in full (a mix may collide). */
static uint64_t
dup_mix(const struct row *w)
{
	uint64_t h = w->key;

	h = (h ^ w->account) * 0x9e3779b97f4a7c15ULL;
	h = (h ^ (uint32_t)w->date) * 0xbf58476d1ce4e5b9ULL;
	h = (h ^ (w->flags & BIG_AMOUNT ? 1 : 0)) * 0x94d049bb133111ebULL;
	h ^= (uint64_t)(w->flags & BIG_AMOUNT ? 0 : w->amount);
	return h ^ (h >> 31);
}

static int
dup_candidates(const struct row *a, const struct row *b)
{
	int big = (a->flags & BIG_AMOUNT) != 0;

	return a->account == b->account && a->date == b->date &&
	       a->key == b->key && big == ((b->flags & BIG_AMOUNT) != 0) &&
	       (big || a->amount == b->amount);
}

static int
same_text(struct ctx *c, sqlite3_stmt *q, int64_t a, int64_t b,
	  const char **desc_out, int *same)
{
	char *da = NULL, *ra = NULL;
	int rc = PR_OK;

	*same = 0;
	sqlite3_bind_int64(q, 1, a);
	if (sqlite3_step(q) == SQLITE_ROW) {
		da = pr__strdup((const char *)sqlite3_column_text(q, 0));
		ra = pr__strdup((const char *)sqlite3_column_text(q, 1));
	}
	sqlite3_reset(q);
	if (da == NULL || ra == NULL) {
		rc = pr__error_set(c->err, PR_ENOMEM, "out of memory");
		goto done;
	}
	sqlite3_bind_int64(q, 1, b);
	if (sqlite3_step(q) == SQLITE_ROW)
		*same = strcmp(da, (const char *)sqlite3_column_text(q, 0))
			== 0 && strcmp(ra, (const char *)
				       sqlite3_column_text(q, 1)) == 0;
	sqlite3_reset(q);
	if (*same)
		rc = keep_string(c, desc_out, da);
done:
	pr__free(da);
	pr__free(ra);
	return rc;
}

/* Where a duplicate pair sits, to list pairs by account, date and line
 * (row order: document, then line) as recon.h promises; they are found
 * in the order of a hash. */
struct dsort {
	uint32_t account;
	int32_t date;
	int64_t id_a, id_b;
	size_t index;
};

static int
cmp_dsort(const void *a, const void *b)
{
	const struct dsort *x = a, *y = b;

	if (x->account != y->account)
		return x->account < y->account ? -1 : 1;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	if (x->id_a != y->id_a)
		return x->id_a < y->id_a ? -1 : 1;
	return (x->id_b > y->id_b) - (x->id_b < y->id_b);
}

static int
sort_dups(struct ctx *c, struct dsort *keys)
{
	pr_recon_dup *sorted;
	size_t i, n = c->r->n_dups;

	if (n < 2)
		return PR_OK;
	qsort(keys, n, sizeof(*keys), cmp_dsort);
	sorted = pr__malloc(n * sizeof(*sorted));
	if (sorted == NULL)
		return pr__error_set(c->err, PR_ENOMEM, "out of memory");
	for (i = 0; i < n; i++)
		sorted[i] = c->r->dups[keys[i].index];
	pr__free(c->r->dups);
	c->r->dups = sorted;
	c->cap_dups = n;
	return PR_OK;
}

/*
 * Rows in groups of one mix, each group a list in id order: a table of
 * group heads (open addressing, twice the rows) and one link per row,
 * about 12 bytes a row where sorting (mix, row) pairs took 32 (issue
 * 12's memory target at 1.87 M rows). Lists are built from the last row
 * back so that each runs in id order, as pairs are found.
 */
#define NIL UINT32_MAX
#define BIT_HAS(v, i) ((v)[(i) / 8] & (1u << ((i) % 8)))
#define BIT_SET(v, i) ((v)[(i) / 8] |= (unsigned char)(1u << ((i) % 8)))

static int
group_rows(struct ctx *c, uint32_t *next, unsigned char *later)
{
	uint32_t *head;
	size_t nslots = 64, mask, i;

	while (nslots < 2 * c->n_rows)
		nslots *= 2;
	mask = nslots - 1;
	head = pr__malloc(nslots * sizeof(*head));
	if (head == NULL)
		return pr__error_set(c->err, PR_ENOMEM, "out of memory");
	memset(head, 0xff, nslots * sizeof(*head));
	for (i = c->n_rows; i-- > 0;) {
		uint64_t key = dup_mix(&c->rows[i]);
		size_t h = (size_t)(key ^ (key >> 29)) & mask;

		while (head[h] != NIL && dup_mix(&c->rows[head[h]]) != key)
			h = (h + 1) & mask;
		next[i] = head[h];
		head[h] = (uint32_t)i;
		if (next[i] != NIL)
			BIT_SET(later, next[i]);  /* not its group's first */
	}
	pr__free(head);
	return PR_OK;
}

static int
duplicates(struct ctx *c)
{
	uint32_t *next = NULL;
	unsigned char *later = NULL, *seen = NULL;
	struct dsort *keys = NULL;
	size_t cap_keys = 0;
	sqlite3_stmt *q = NULL;
	mpz_t x, y;
	size_t g;
	int rc = PR_OK;

	if (c->n_rows < 2)
		return PR_OK;
	if (c->n_rows >= NIL)
		return pr__error_set(c->err, PR_EINVALID, "too many rows");
	next = pr__malloc(c->n_rows * sizeof(*next));
	later = pr__calloc(c->n_rows / 8 + 1, 1);
	seen = pr__calloc(c->n_rows / 8 + 1, 1);
	if (next == NULL || later == NULL || seen == NULL)
		rc = pr__error_set(c->err, PR_ENOMEM, "out of memory");
	else
		rc = group_rows(c, next, later);
	if (rc == PR_OK &&
	    sqlite3_prepare_v2(c->st->db, "SELECT description, reference FROM"
			       " txn WHERE id = ?1", -1, &q, NULL) !=
	    SQLITE_OK)
		rc = pr__store_dberr(c->st, c->err, "cannot reconcile");
	if (rc != PR_OK) {
		pr__free(next);
		pr__free(later);
		pr__free(seen);
		return rc;
	}
	mpz_inits(x, y, NULL);
	/* The first row of a group is paired with each of the others;
	 * those are marked, so that they start no pairs of their own. */
	for (g = 0; g < c->n_rows && rc == PR_OK; g++) {
		uint32_t i, j;

		if (BIT_HAS(later, g) || next[g] == NIL)
			continue;       /* not a group's first, or alone */
		for (i = (uint32_t)g; i != NIL && rc == PR_OK; i = next[i]) {
			if (BIT_HAS(seen, i))
				continue;
			for (j = next[i]; j != NIL && rc == PR_OK; j = next[j]) {
				const struct row *a = &c->rows[i];
				const struct row *b = &c->rows[j];
				const char *desc = NULL;
				pr_recon_dup *d;
				int same;

				if (BIT_HAS(seen, j) || !dup_candidates(a, b))
					continue;
				BIT_SET(seen, j);
				amount_of(c, x, a);
				amount_of(c, y, b);
				if (mpz_cmp(x, y) != 0)
					continue;
				/* Two rows whose stated running balances differ are
				 * two movements (three equal fees in a row), not one
				 * row printed twice. */
				if ((a->flags & HAS_BALANCE) &&
				    (b->flags & HAS_BALANCE)) {
					balance_of(c, x, a);
					balance_of(c, y, b);
					if (mpz_cmp(x, y) != 0)
						continue;
					amount_of(c, x, a);
				}
				rc = same_text(c, q, a->id, b->id, &desc, &same);
				if (rc != PR_OK || !same)
					continue;
				if (pr__grow((void **)&c->r->dups, &c->cap_dups,
					       c->r->n_dups + 1, sizeof(*d)) ||
				    pr__grow((void **)&keys, &cap_keys,
					       c->r->n_dups + 1, sizeof(*keys))) {
					rc = pr__error_set(c->err, PR_ENOMEM,
							   "out of memory");
					break;
				}
				keys[c->r->n_dups].account = a->account;
				keys[c->r->n_dups].date = a->date;
				keys[c->r->n_dups].id_a = a->id;
				keys[c->r->n_dups].id_b = b->id;
				keys[c->r->n_dups].index = c->r->n_dups;
				d = &c->r->dups[c->r->n_dups++];
				mpz_init_set(d->amount, x);
				d->account = c->accts[a->account].ident;
				d->currency = c->accts[a->account].cur->code;
				d->minor = c->accts[a->account].cur->minor;
				d->date = a->date;
				d->description = desc;
				d->document_a = c->docs[a->doc].name;
				d->line_a = a->line;
				d->document_b = c->docs[b->doc].name;
				d->line_b = b->line;
				d->across = a->doc != b->doc;
			}
		}
	}
	if (rc == PR_OK)
		rc = sort_dups(c, keys);
	mpz_clears(x, y, NULL);
	sqlite3_finalize(q);
	pr__free(next);
	pr__free(later);
	pr__free(seen);
	pr__free(keys);
	return rc;
}

int
pr_recon_ok(const pr_recon *r)
{
	size_t i;

	if (r == NULL)
		return 0;
	for (i = 0; i < r->n_periods; i++)
		if (mpz_sgn(r->periods[i].difference) != 0)
			return 0;
	if (r->n_breaks > 0 || r->n_gaps > 0)
		return 0;
	for (i = 0; i < r->n_dups; i++)
		if (r->dups[i].across)
			return 0;
	return 1;
}

void
pr_recon_free(pr_recon *r)
{
	struct internal *in;
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n_periods; i++)
		mpz_clears(r->periods[i].opening, r->periods[i].credits,
			   r->periods[i].debits, r->periods[i].computed,
			   r->periods[i].closing, r->periods[i].difference,
			   NULL);
	for (i = 0; i < r->n_breaks; i++)
		mpz_clears(r->breaks[i].expected, r->breaks[i].stated,
			   r->breaks[i].difference, NULL);
	for (i = 0; i < r->n_gaps; i++)
		mpz_clear(r->gaps[i].amount);
	for (i = 0; i < r->n_dups; i++)
		mpz_clear(r->dups[i].amount);
	pr__free(r->periods);
	pr__free(r->breaks);
	pr__free(r->gaps);
	pr__free(r->dups);
	in = r->internal;
	if (in != NULL) {
		for (i = 0; i < in->n_accts; i++)
			pr__free(in->accts[i].ident);
		for (i = 0; i < in->n_docs; i++)
			pr__free(in->docs[i].name);
		for (i = 0; i < in->n_strings; i++)
			pr__free(in->strings[i]);
		pr__free(in->accts);
		pr__free(in->docs);
		pr__free(in->strings);
		pr__free(in);
	}
	pr__free(r);
}

int
pr_recon_run(pr_recon **out, pr_store *st, pr_error *err)
{
	return pr__recon_run_fed(out, st, NULL, err);
}

int
pr__recon_run_fed(pr_recon **out, pr_store *st, pr__match_feed *mf,
		  pr_error *err)
{
	struct ctx c;
	struct internal *in;
	size_t i;
	int rc;

	if (out == NULL || st == NULL)
		return pr__error_set(err, PR_EINVALID, "no case");
	*out = NULL;
	memset(&c, 0, sizeof(c));
	c.st = st;
	c.err = err;
	c.mf = mf;
	c.r = pr__calloc(1, sizeof(*c.r));
	in = pr__calloc(1, sizeof(*in));
	if (c.r == NULL || in == NULL) {
		pr__free(c.r);
		pr__free(in);
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	}
	c.r->internal = in;
	/* one snapshot for every query */
	rc = pr__store_exec(st, "BEGIN", err);
	if (rc == PR_OK)
		rc = load_accounts(&c);
	in->accts = c.accts;
	in->n_accts = c.n_accts;
	if (rc == PR_OK)
		rc = load_docs(&c);
	in->docs = c.docs;
	in->n_docs = c.n_docs;
	if (rc == PR_OK)
		rc = load_rows(&c);
	if (rc == PR_OK)
		rc = build_order(&c);
	if (rc == PR_OK)
		rc = periods(&c);
	if (rc == PR_OK)
		rc = breaks(&c);
	if (rc == PR_OK)
		rc = duplicates(&c);
	sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
	c.r->transactions = c.n_rows;
	c.r->accounts = c.n_accts;
	for (i = 0; i < c.n_bigs; i++)
		mpz_clear(c.bigs[i]);
	pr__free(c.bigs);
	pr__free(c.rows);
	pr__free(c.order);
	pr__free(c.first);
	if (rc != PR_OK) {
		pr_recon_free(c.r);
		return rc;
	}
	*out = c.r;
	return PR_OK;
}
