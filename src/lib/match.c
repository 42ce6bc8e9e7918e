/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Matching: join the pieces of evidence of one movement of money (a bank
 * debit, the wire record, the credit at the other bank, a closing's
 * funding line, an exchange withdrawal and its on-chain output) into one
 * flow, so each movement is counted once (docs/matching.md).
 *
 * Evidence is loaded into one compact array of items and joined with a
 * union-find, stage by stage: decisions, trades, reference keys, records
 * to their accounts, amount and date. Each stage sorts keys once, so the
 * whole is O(n log n). Nothing here depends on hash-table order: strings
 * are interned for equality only, and every order that reaches an output
 * is by date, document and line.
 */
#include "config.h"
#include "common.h"
#include "sort.h"
#include "store.h"
#include "match.h"

#include <ctype.h>
#include <gmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { TXN_ID = PR__TXN_ID, TXN_DOC = PR__TXN_DOC, TXN_LINE = PR__TXN_LINE,
       TXN_ACCOUNT = PR__TXN_ACCOUNT, TXN_DATE = PR__TXN_DATE,
       TXN_AMOUNT = PR__TXN_AMOUNT, TXN_DESC = PR__TXN_DESC,
       TXN_REF = PR__TXN_REF, TXN_COUNTER = PR__TXN_COUNTER };
enum { K_BANK = PR__K_BANK, K_EXCHANGE = PR__K_EXCHANGE, K_WIRE = PR__K_WIRE,
       K_CHAIN = PR__K_CHAIN, K_CHAIN_FEE = PR__K_CHAIN_FEE,
       K_FUNDING = PR__K_FUNDING };
static const char *const kind_name[] = {
	"bank", "exchange", "wire", "chain", "chain", "funding"
};

enum {
	F_BIG = 1 << 0,      /* amount is the decimal text in big */
	F_ALT = 1 << 1,      /* alt holds the wire's instructed amount */
	F_NEVER = 1 << 2,    /* named in a never-join decision */
	F_WITHDRAW = 1 << 3, /* exchange withdrawal */
	F_DEPOSIT = 1 << 4,  /* exchange deposit */
	F_MORTGAGE = 1 << 5, /* funding by a loan: outside money */
	F_TRADE = 1 << 6     /* a leg of an exchange trade */
};

enum { B_NONE, B_DECISION, B_TRADE, B_KEY, B_RECORD, B_ADDRESS, B_AMOUNT,
       B_FEE };

struct item {
	int64_t amount;     /* magnitude in minor units, unless F_BIG */
	int64_t alt;        /* wire: the instructed amount, in alt_cur */
	int64_t fee;        /* basis: fee deducted */
	int32_t date;
	int32_t days;       /* basis: days apart */
	uint32_t cur;       /* interned strings, 0 when absent */
	uint32_t alt_cur;
	uint32_t acct;      /* the account it is booked in */
	uint32_t from_hint; /* the account it names as the other side */
	uint32_t to_hint;
	uint32_t addr;      /* exchange row: address; chain: output address */
	uint32_t what;      /* interned text; for account rows the txn id,
			     * whose text is read from the case when shown */
	uint32_t flab, tlab; /* how a record names its two sides */
	uint32_t big;
	uint32_t tx;        /* chain: hash; exchange: trade key */
	uint32_t doc;
	uint32_t line;
	uint32_t n;         /* chain output index */
	uint32_t barg;      /* basis: decision or key */
	uint32_t cut;       /* bank and exchange debits: where the money
			     * went, by the row's text (cut_text; m->cuts) */
	uint8_t kind, role, flags, basis;
};

struct strtab {
	char *arena;
	size_t len, cap;
	uint32_t *off;      /* by id; id 0 is "" */
	uint32_t *hash;     /* open addressing: slot -> id */
	size_t n, cap_ids, slots;
};

struct keyref {
	uint32_t key;
	uint32_t item;
};

struct pair {
	uint32_t a, b;
};

struct decision {
	uint32_t doc, line;
	char *action, *subject, *other, *reason;
};

struct issue {
	pr_flow_issue pub;
	char *evidence, *text;
	char **cands;
};

struct pr_flows {
	struct item *it;
	size_t n, cap;
	uint32_t *parent, *next, *debit, *credit, *rec, *anchor;
	struct strtab s;
	struct strtab cuts;   /* debits' texts, cut; apart from s so that
			       * s's ids do not depend on them */
	char **docs;          /* by document index: name */
	char **shas;          /* and SHA-256 */
	size_t n_docs;
	int64_t *doc_ids;
	int64_t *acct_ids;    /* the case's accounts by rowid, ascending */
	uint32_t *accts;      /* their interned idents */
	uint32_t *acct_curs;
	size_t n_accts;
	char **acct_norm;     /* letters and digits, upper case */
	char (*acct_last4)[5];
	uint32_t *acct_nid;   /* acct_norm's id in norms */
	struct strtab norms;  /* normalised idents and hints */
	struct hkey {         /* by string id: as a hint (hint_key) */
		uint32_t nid;     /* its normalised form's id + 1; 0: not
				   * worked out yet */
		uint32_t l4;      /* its last four digits (pack4), or 0 */
	} *hkey;
	size_t n_hkey, cap_hkey;
	uint32_t *acct_sorted; /* account indices by ident and currency */
	uint32_t *acct_by_ident; /* by ident's string id: its account of
				  * the least currency id, or NONE */
	size_t n_by_ident;
	uint32_t *hint_cur;    /* by hint string: the currency asked, and */
	uint8_t *hint_res;     /* whether the hint names an account (1, 2) */
	size_t n_hint;
	struct decision *dec;
	size_t n_dec;
	struct pair *never;
	size_t n_never;
	uint32_t *owner_subj; /* interned normalised subjects */
	uint32_t *owner_dec;
	size_t n_owner;
	struct issue *issues;
	size_t n_issues, cap_issues;
	uint32_t *order;      /* flows: roots in output order */
	size_t n_flows;
	uint64_t joined;
	int window;
	int64_t tol;          /* minor units of a 2-decimal currency */
	char *tol_text;
	char *params;
	/* pr_flows_get scratch */
	pr_evidence *ev;
	size_t cap_ev;
	char *buf;
	size_t buf_len, buf_cap;
	pr_error *err;
	pr_store *st;
	sqlite3_stmt *q_text; /* an account row's text, read when shown */
	pr_recon *recon;      /* the gate's verdict (pr_flows_build), or
			       * NULL (pr_match) */
};

/* ---------------------------------------------------------------- */
/* small helpers */


static uint64_t
fnv(const char *s, size_t n)
{
	uint64_t h = 14695981039346656037ULL;

	while (n--)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

static const char *
str(const struct pr_flows *m, uint32_t id)
{
	return m->s.arena + m->s.off[id];
}

/* Start a table: id 0 is "", at the start of the arena and outside the
 * hash table (whose empty slots are 0). */
static int
tab_init(struct strtab *t)
{
	if (pr__grow((void **)&t->arena, &t->cap, 1, 1) ||
	    pr__grow((void **)&t->off, &t->cap_ids, 1, sizeof(*t->off)))
		return -1;
	t->arena[0] = '\0';
	t->len = 1;
	t->off[0] = 0;
	t->n = 1;
	return 0;
}

static void
tab_free(struct strtab *t)
{
	pr__free(t->arena);
	pr__free(t->off);
	pr__free(t->hash);
}

/* The id of a string in t, adding it when new; 0 is "" (and NULL).
 * Returns UINT32_MAX when out of memory. */
static uint32_t
tab_intern(struct strtab *t, const char *p, size_t n)
{
	uint64_t h;
	size_t i;

	if (p == NULL || n == 0)
		return 0;
	if ((t->n + 1) * 2 > t->slots) {
		size_t slots = t->slots ? t->slots * 2 : 4096;
		uint32_t *nh = pr__calloc(slots, sizeof(*nh));

		if (nh == NULL)
			return UINT32_MAX;
		for (i = 1; i < t->n; i++) {
			const char *q = t->arena + t->off[i];
			size_t j = fnv(q, strlen(q)) & (slots - 1);

			while (nh[j])
				j = (j + 1) & (slots - 1);
			nh[j] = (uint32_t)i;
		}
		pr__free(t->hash);
		t->hash = nh;
		t->slots = slots;
	}
	h = fnv(p, n);
	for (i = h & (t->slots - 1); t->hash[i]; i = (i + 1) & (t->slots - 1)) {
		const char *q = t->arena + t->off[t->hash[i]];

		if (strncmp(q, p, n) == 0 && q[n] == '\0')
			return t->hash[i];
	}
	if (pr__grow((void **)&t->arena, &t->cap, t->len + n + 1, 1) ||
	    pr__grow((void **)&t->off, &t->cap_ids, t->n + 1,
		     sizeof(*t->off)))
		return UINT32_MAX;
	memcpy(t->arena + t->len, p, n);
	t->arena[t->len + n] = '\0';
	t->off[t->n] = (uint32_t)t->len;
	t->len += n + 1;
	t->hash[i] = (uint32_t)t->n;
	return (uint32_t)t->n++;
}

static uint32_t
intern_n(struct pr_flows *m, const char *p, size_t n)
{
	return tab_intern(&m->s, p, n);
}

static uint32_t
intern(struct pr_flows *m, const char *p)
{
	return p ? intern_n(m, p, strlen(p)) : 0;
}

static int
oom(struct pr_flows *m)
{
	return pr__error_set(m->err, PR_ENOMEM, "out of memory");
}

static char *
fmt_dup(const char *fmt, ...) PR__PRINTF(1, 2);

static char *
fmt_dup(const char *fmt, ...)
{
	va_list ap;
	char *p;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || (p = pr__malloc((size_t)n + 1)) == NULL)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

/* Letters and digits, upper case: "PSB 0932" and "psb-0932" compare. */
static void
normalise(char *out, size_t size, const char *s)
{
	size_t n = 0;

	for (; *s && n + 1 < size; s++)
		if (isalnum((unsigned char)*s))
			out[n++] = (char)toupper((unsigned char)*s);
	out[n] = '\0';
}

/* The last four digits of s, when it has four. */
static int
last4(char out[5], const char *s)
{
	char d[5] = "";
	size_t n = 0;

	for (; *s; s++) {
		if (!isdigit((unsigned char)*s))
			continue;
		if (n == 4)
			memmove(d, d + 1, 3), n = 3;
		d[n++] = *s;
	}
	if (n < 4)
		return 0;
	memcpy(out, d, 4);
	out[4] = '\0';
	return 1;
}

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

/* qsort, which may not be given a NULL array even when it is empty */
static void
sort(void *base, size_t n, size_t size, int (*cmp)(const void *,
						   const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);
}

/* ---------------------------------------------------------------- */
/* union-find with member lists */

static uint32_t
find(struct pr_flows *m, uint32_t i)
{
	while (m->parent[i] != i) {
		m->parent[i] = m->parent[m->parent[i]];
		i = m->parent[i];
	}
	return i;
}

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

#define NONE UINT32_MAX

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

static const char *
col(sqlite3_stmt *s, int i)
{
	const char *t = (const char *)sqlite3_column_text(s, i);

	return t ? t : "";
}

/* What an account row says: its description, else its operation, else
 * its counterparty; read from the case when shown. The text stays valid
 * until the next call. */
static const char *
row_text(struct pr_flows *m, const struct item *w)
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
			       row_text(m, w));
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
/* loading */

static int
new_item(struct pr_flows *m, struct item **out)
{
	if (m->n >= UINT32_MAX - 1)
		return pr__error_set(m->err, PR_EINVALID, "too many records");
	if (pr__grow((void **)&m->it, &m->cap, m->n + 1, sizeof(*m->it)))
		return oom(m);
	*out = &m->it[m->n++];
	memset(*out, 0, sizeof(**out));
	return PR_OK;
}

/* An amount column: int64 when it fits, else its decimal text. */
static int
set_amount(struct pr_flows *m, struct item *w, sqlite3_stmt *s, int col)
{
	if (sqlite3_column_type(s, col) == SQLITE_TEXT) {
		const char *t = (const char *)sqlite3_column_text(s, col);

		if (*t == '-')
			t++;
		w->flags |= F_BIG;
		w->big = intern(m, t);
		return w->big == UINT32_MAX ? oom(m) : PR_OK;
	}
	w->amount = sqlite3_column_int64(s, col);
	if (w->amount < 0)
		w->amount = -w->amount;
	return PR_OK;
}

static int
doc_index(struct pr_flows *m, int64_t id, uint32_t *out)
{
	size_t lo = 0, hi = m->n_docs;
	uint64_t k = (uint64_t)id - (uint64_t)(hi ? m->doc_ids[0] : 0);

	/* rowids are dense as a rule: first look at id less the least */
	if (k < hi && m->doc_ids[k] == id) {
		*out = (uint32_t)k;
		return PR_OK;
	}
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (m->doc_ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == m->n_docs || m->doc_ids[lo] != id)
		return pr__error_set(m->err, PR_EDB, "a record refers to a "
				     "missing document");
	*out = (uint32_t)lo;
	return PR_OK;
}

static int
prepare(struct pr_flows *m, sqlite3_stmt **s, const char *sql)
{
	if (sqlite3_prepare_v2(m->st->db, sql, -1, s, NULL) != SQLITE_OK)
		return pr__store_dberr(m->st, m->err, "cannot match");
	return PR_OK;
}


/* A record's item: a new item, its document and its amount. */
static int
start_item(struct pr_flows *m, struct item **w, sqlite3_stmt *s, int doc,
	   int amount)
{
	int rc = new_item(m, w);

	if (rc == PR_OK)
		rc = doc_index(m, sqlite3_column_int64(s, doc), &(*w)->doc);
	if (rc == PR_OK && amount >= 0)
		rc = set_amount(m, *w, s, amount);
	return rc;
}

/* The end of a loader's loop: SQLite's codes to ours, the statement
 * finalised. */
static int
loaded(struct pr_flows *m, sqlite3_stmt *s, int rc)
{
	if (rc == SQLITE_DONE)
		rc = PR_OK;
	else if (rc > 0)
		rc = pr__store_dberr(m->st, m->err, "cannot match");
	sqlite3_finalize(s);
	return rc;
}

static int
load_docs(struct pr_flows *m)
{
	sqlite3_stmt *s = NULL;
	size_t cap = 0, cap2 = 0, cap3 = 0;
	int rc = prepare(m, &s, "SELECT id, name, sha256 FROM document "
			 "ORDER BY id");

	while (rc == PR_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (pr__grow((void **)&m->docs, &cap, m->n_docs + 1,
			 sizeof(*m->docs)) ||
		    pr__grow((void **)&m->shas, &cap3, m->n_docs + 1,
			 sizeof(*m->shas)) ||
		    pr__grow((void **)&m->doc_ids, &cap2, m->n_docs + 1,
			 sizeof(*m->doc_ids)) ||
		    (m->docs[m->n_docs] = pr__strdup(col(s, 1))) == NULL) {
			rc = oom(m);
			break;
		}
		if ((m->shas[m->n_docs] = pr__strdup(col(s, 2))) == NULL) {
			pr__free(m->docs[m->n_docs]);
			rc = oom(m);
			break;
		}
		m->doc_ids[m->n_docs++] = sqlite3_column_int64(s, 0);
		rc = PR_OK;
	}
	if (rc == SQLITE_DONE)
		rc = PR_OK;
	else if (rc != PR_OK && rc != PR_ENOMEM)
		rc = pr__store_dberr(m->st, m->err, "cannot match");
	sqlite3_finalize(s);
	return rc;
}

static int index_accounts(struct pr_flows *m);

static int
load_accounts(struct pr_flows *m)
{
	sqlite3_stmt *s = NULL;
	size_t cap = 0, cap2 = 0, cap3 = 0, cap4 = 0, cap5 = 0, cap6 = 0;
	int rc = prepare(m, &s, "SELECT ident, currency, id FROM account "
			 "ORDER BY id");

	while (rc == PR_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		char norm[128];
		size_t k = m->n_accts;

		if (pr__grow((void **)&m->accts, &cap, k + 1,
			     sizeof(*m->accts)) ||
		    pr__grow((void **)&m->acct_curs, &cap2, k + 1,
			     sizeof(*m->acct_curs)) ||
		    pr__grow((void **)&m->acct_norm, &cap3, k + 1,
			     sizeof(*m->acct_norm)) ||
		    pr__grow((void **)&m->acct_last4, &cap4, k + 1,
			     sizeof(*m->acct_last4)) ||
		    pr__grow((void **)&m->acct_ids, &cap5, k + 1,
			     sizeof(*m->acct_ids)) ||
		    pr__grow((void **)&m->acct_nid, &cap6, k + 1,
			     sizeof(*m->acct_nid))) {
			rc = oom(m);
			break;
		}
		m->acct_ids[k] = sqlite3_column_int64(s, 2);
		m->accts[k] = intern(m, col(s, 0));
		m->acct_curs[k] = intern(m, col(s, 1));
		normalise(norm, sizeof(norm), col(s, 0));
		m->acct_norm[k] = pr__strdup(norm);
		m->acct_nid[k] = tab_intern(&m->norms, norm, strlen(norm));
		if (!last4(m->acct_last4[k], col(s, 0)))
			m->acct_last4[k][0] = '\0';
		if (m->accts[k] == UINT32_MAX || m->acct_norm[k] == NULL ||
		    m->acct_curs[k] == UINT32_MAX ||
		    m->acct_nid[k] == UINT32_MAX) {
			rc = oom(m);
			break;
		}
		m->n_accts++;
		rc = PR_OK;
	}
	if (rc == SQLITE_DONE)
		rc = index_accounts(m);
	else if (rc != PR_OK && rc != PR_ENOMEM)
		rc = pr__store_dberr(m->st, m->err, "cannot match");
	sqlite3_finalize(s);
	return rc;
}

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
		id = tab_intern(&m->norms, norm, strlen(norm));
		if (id == UINT32_MAX)
			return NULL;
		k->nid = id + 1;
		k->l4 = last4(l4, str(m, hint)) ? pack4(l4) : 0;
	}
	return k;
}

/* Does the account (an index into accts) answer to the hint? Both by
 * letters and digits, or by the last four digits when both have four. */
static int
hint_matches(struct pr_flows *m, uint32_t hint, size_t a)
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
static int
hint_in_case(struct pr_flows *m, uint32_t hint, uint32_t cur)
{
	size_t a;
	int found = 0;

	if (hint == 0)
		return 0;
	if (hint < m->n_hint && m->hint_res[hint] && m->hint_cur[hint] == cur)
		return m->hint_res[hint] == 2;
	for (a = 0; a < m->n_accts && !found; a++)
		found = m->acct_curs[a] == cur && hint_matches(m, hint, a);
	if (hint < m->n_hint) {
		m->hint_cur[hint] = cur;
		m->hint_res[hint] = found ? 2 : 1;
	}
	return found;
}

/* Accounts by ident and currency, for acct_index: an insertion sort on
 * the loaded order would be quadratic, so a merge by qsort of pairs. */
static int
cmp_u64(const void *a, const void *b)
{
	const uint64_t *x = a, *y = b;

	return (*x > *y) - (*x < *y);
}

static int
index_accounts(struct pr_flows *m)
{
	uint64_t *k = pr__malloc((m->n_accts ? m->n_accts : 1) * 2 *
				 sizeof(*k));
	size_t i;

	m->acct_sorted = pr__malloc((m->n_accts ? m->n_accts : 1) *
				    sizeof(*m->acct_sorted));
	if (k == NULL || m->acct_sorted == NULL) {
		pr__free(k);
		return oom(m);
	}
	for (i = 0; i < m->n_accts; i++) {
		k[2 * i] = ((uint64_t)m->accts[i] << 32) | m->acct_curs[i];
		k[2 * i + 1] = i;
	}
	sort(k, m->n_accts, 2 * sizeof(*k), cmp_u64);
	for (i = 0; i < m->n_accts; i++)
		m->acct_sorted[i] = (uint32_t)k[2 * i + 1];
	pr__free(k);
	/* every ident is interned by now: the table covers them all */
	m->n_by_ident = m->s.n;
	m->acct_by_ident = pr__malloc(m->n_by_ident *
				      sizeof(*m->acct_by_ident));
	if (m->acct_by_ident == NULL)
		return oom(m);
	memset(m->acct_by_ident, 0xff, m->n_by_ident *
	       sizeof(*m->acct_by_ident));
	for (i = m->n_accts; i-- > 0;)
		m->acct_by_ident[m->accts[m->acct_sorted[i]]] =
			m->acct_sorted[i];
	return PR_OK;
}

/* A masked account in a description, "***0932" or "XXXX4417": the hint
 * a bank gives of the other side of a transfer. */
static uint32_t
masked_hint(struct pr_flows *m, const char *d)
{
	for (; *d; d++) {
		size_t stars = 0, digits = 0;
		const char *p = d;

		while (*p == '*' || *p == 'X' || *p == 'x')
			p++, stars++;
		while (isdigit((unsigned char)p[digits]))
			digits++;
		if (stars >= 3 && digits >= 4 &&
		    !isalnum((unsigned char)p[digits]))
			return intern_n(m, p, digits);
		/* on past what was read: a run of a million digits is read
		 * once, not once from each of its digits */
		if (stars > 0)
			d = p - 1;
		else if (digits > 0)
			d = p + digits - 1;
	}
	return 0;
}

/* ---------------------------------------------------------------- */
/* reference keys found in text */

struct keys {
	struct keyref *k;
	size_t n, cap;
};

static int
add_key(struct pr_flows *m, struct keys *ks, uint32_t item,
	const char *prefix, const char *p, size_t n, int lower)
{
	char buf[96];
	size_t pl = strlen(prefix), i;
	uint32_t id;

	if (strcmp(prefix, "hash:") == 0 && n > 2 && p[0] == '0' &&
	    (p[1] == 'x' || p[1] == 'X'))
		p += 2, n -= 2;  /* one key whether the chain writes 0x */
	if (pl + n >= sizeof(buf))
		return PR_OK;
	memcpy(buf, prefix, pl);
	for (i = 0; i < n; i++)
		buf[pl + i] = lower ? (char)tolower((unsigned char)p[i]) :
			      (char)toupper((unsigned char)p[i]);
	id = intern_n(m, buf, pl + n);
	if (id == UINT32_MAX)
		return oom(m);
	/* The same key twice in one record is one key. */
	for (i = ks->n; i > 0 && ks->k[i - 1].item == item; i--)
		if (ks->k[i - 1].key == id)
			return PR_OK;
	if (pr__grow((void **)&ks->k, &ks->cap, ks->n + 1, sizeof(*ks->k)))
		return oom(m);
	ks->k[ks->n].key = id;
	ks->k[ks->n].item = item;
	ks->n++;
	return PR_OK;
}

static int
all(const char *p, size_t n, int (*f)(int))
{
	while (n--)
		if (!f((unsigned char)*p++))
			return 0;
	return 1;
}

static int
is_uuid(const char *p)
{
	static const int len[] = { 8, 4, 4, 4, 12 };
	int i;

	for (i = 0; i < 5; i++) {
		if (!all(p, (size_t)len[i], isxdigit))
			return 0;
		p += len[i];
		if (i < 4 && *p++ != '-')
			return 0;
	}
	return 1;
}

/*
 * Keys a bank row or funding line names: an IMAD or OMAD (22 characters:
 * YYYYMMDD, 8 letters or digits, 6 digits; both kinds share one key, as
 * a bank may print either), a UETR (a UUID), an on-chain hash (64 hex
 * digits, optional 0x).
 */
static int
scan_keys(struct pr_flows *m, struct keys *ks, uint32_t item,
	  const char *t)
{
	const char *p = t;
	int rc;

	while (*p) {
		size_t n = 0;

		if (!isalnum((unsigned char)*p)) {
			p++;
			continue;
		}
		while (isalnum((unsigned char)p[n]))
			n++;
		if (n == 36 - 28 && p[n] == '-' && is_uuid(p)) {
			rc = add_key(m, ks, item, "uetr:", p, 36, 1);
			n = 36;
		} else if (n == 22 && all(p, 8, isdigit) &&
			   all(p + 16, 6, isdigit)) {
			rc = add_key(m, ks, item, "mad:", p, 22, 0);
		} else if (n == 66 && p[0] == '0' && (p[1] == 'x' ||
			   p[1] == 'X') && all(p + 2, 64, isxdigit)) {
			rc = add_key(m, ks, item, "hash:", p + 2, 64, 1);
		} else if (n == 64 && all(p, 64, isxdigit)) {
			rc = add_key(m, ks, item, "hash:", p, 64, 1);
		} else {
			rc = PR_OK;
		}
		if (rc != PR_OK)
			return rc;
		p += n;
	}
	return PR_OK;
}

/* A check: a numeric reference on a row whose text says CHECK, CHK or
 * CHEQUE, or a funding line's "check 1044". */
static int
has_word(const char *text, const char *w)
{
	size_t n = strlen(w), i;
	const char *t;

	for (t = text; *t; t++) {
		for (i = 0; i < n && t[i] &&
		     tolower((unsigned char)t[i]) == w[i]; i++)
			;
		if (i == n && (t == text || !isalpha((unsigned char)t[-1])) &&
		    !isalpha((unsigned char)t[n]))
			return 1;
	}
	return 0;
}

static int
check_key(struct pr_flows *m, struct keys *ks, uint32_t item,
	  const char *ref, const char *text)
{
	const char *p;
	size_t n;

	if (*ref == '\0')
		return PR_OK;
	if (!(has_word(text, "check") || has_word(text, "chk") ||
	      has_word(text, "cheque") || has_word(ref, "check")))
		return PR_OK;
	for (p = ref; *p && !isdigit((unsigned char)*p); p++)
		if (isalpha((unsigned char)*p) && !has_word(ref, "check"))
			return PR_OK;
	while (*p == '0')
		p++;
	for (n = 0; isdigit((unsigned char)p[n]); n++)
		;
	if (n == 0 || n > 12 || p[n] != '\0')
		return PR_OK;
	return add_key(m, ks, item, "check:", p, n, 0);
}

/* ---------------------------------------------------------------- */

/*
 * Where a debit's money went, by its text, for the trace to name the
 * sink: the description with its trailing numbers and spaces cut ("DEBIT
 * CARD DELTA AIR 0062" is "DEBIT CARD DELTA AIR"), where money went, not
 * which card slip; at most its first 255 bytes are read. Kept here, read
 * with the row, so that the trace needs no query per outflow.
 */
static uint32_t
cut_text(struct pr_flows *m, const char *d)
{
	size_t n = strnlen(d, 255);

	while (n > 0 && (isdigit((unsigned char)d[n - 1]) ||
			 d[n - 1] == ' ' || d[n - 1] == '#' ||
			 d[n - 1] == '-'))
		n--;
	return tab_intern(&m->cuts, d, n);
}

/* The account of a row, by the account's rowid. Rowids are dense as a
 * rule (1, 2, 3, ...): the account is first looked for at id less the
 * least id, one load where a bisection of 10^4 accounts for each of 10^6
 * rows was a tenth of reading them. */
static int
acct_of(struct pr_flows *m, int64_t id, size_t *out)
{
	size_t lo = 0, hi = m->n_accts;
	uint64_t k = (uint64_t)id - (uint64_t)(hi ? m->acct_ids[0] : 0);

	if (k < hi && m->acct_ids[k] == id) {
		*out = (size_t)k;
		return PR_OK;
	}
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (m->acct_ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == m->n_accts || m->acct_ids[lo] != id)
		return pr__error_set(m->err, PR_EDB, "transaction refers to "
				     "a missing account");
	*out = lo;
	return PR_OK;
}

/*
 * Bank and exchange rows. The exchange detail is read beside them in the
 * same rowid order (a merge, not a lookup per row); the rows' texts are
 * not kept (but for a debit's cut_text), only read again for what is
 * shown. A row comes from
 * load_txns, or from the reconcile gate's scan (pr__match_row), so that
 * a trace reads the case's rows once.
 */
struct pr__match_feed {
	struct pr_flows *m;
	struct keys ks;
	sqlite3_stmt *d;      /* txn_detail, in txn_id order */
	int64_t did;          /* its row's txn_id; INT64_MAX past the end */
	int started;          /* d stepped to its first row */
	int rc;               /* the first failure; no row is taken after */
};

static int
txn_row(struct pr__match_feed *mf, sqlite3_stmt *s,
	const struct pr__txn_row *r)
{
	struct pr_flows *m = mf->m;
	struct keys *ks = &mf->ks;
	sqlite3_stmt *d = mf->d;
	struct item *w;
	uint32_t i = (uint32_t)m->n, h;
	int64_t id = r->id, did;
	const char *op = "", *trade = "", *hash = "", *addr = "";
	const char *desc = r->desc ? r->desc : "";
	const char *ref = r->ref ? r->ref : "";
	size_t a = 0;
	int neg, rc = PR_OK;

	if (!mf->started) {
		mf->started = 1;
		if (sqlite3_step(d) == SQLITE_ROW)
			mf->did = sqlite3_column_int64(d, 0);
	}
	while (mf->did < id)
		mf->did = sqlite3_step(d) == SQLITE_ROW ?
			  sqlite3_column_int64(d, 0) : INT64_MAX;
	did = mf->did;
	if (did == id) {
		op = col(d, 1);
		hash = col(d, 2);
		addr = col(d, 3);
		trade = col(d, 4);
	}
	if (id < 0 || id > UINT32_MAX)
		return pr__error_set(m->err, PR_EINVALID, "too many "
				     "transactions to match");
	if ((rc = new_item(m, &w)) != PR_OK ||
	    (rc = doc_index(m, r->doc, &w->doc)) != PR_OK ||
	    (rc = acct_of(m, r->account, &a)) != PR_OK)
		return rc;
	if (r->amount_text) {
		if ((rc = set_amount(m, w, s, TXN_AMOUNT)) != PR_OK)
			return rc;
		neg = *col(s, TXN_AMOUNT) == '-';
	} else {
		w->amount = r->amount < 0 ? -r->amount : r->amount;
		neg = r->amount < 0;
	}
	w->kind = did == id ? K_EXCHANGE : K_BANK;
	w->line = (uint32_t)r->line;
	w->acct = m->accts[a];
	w->cur = m->acct_curs[a];
	w->date = r->date;
	w->what = (uint32_t)id;
	w->role = neg ? PR_ROLE_DEBIT : PR_ROLE_CREDIT;
	if (strcmp(op, "fee") == 0)
		w->role = PR_ROLE_FEE;
	if (strcmp(op, "withdrawal") == 0)
		w->flags |= F_WITHDRAW;
	if (strcmp(op, "deposit") == 0)
		w->flags |= F_DEPOSIT;
	if (*trade) {
		char *tk = fmt_dup("trade:%s\x1f%s",
				   str(m, w->acct), trade);

		w->flags |= F_TRADE;
		w->tx = tk ? intern(m, tk) : UINT32_MAX;
		pr__free(tk);
	}
	w->addr = intern(m, addr);
	/* The other side, as the bank names it; "TRANSFER TO MBR
	 * ***0123 ACCT 4" in account 0123 names the member, not the
	 * other side. */
	h = intern(m, r->counter);
	if (h == 0)
		h = masked_hint(m, desc);
	if (h != 0 && h != UINT32_MAX && hint_matches(m, h, a))
		h = 0;
	if (neg) {
		w->to_hint = h;
		w->cut = cut_text(m, desc);
	} else {
		w->from_hint = h;
	}
	if (w->tx == UINT32_MAX || w->addr == UINT32_MAX ||
	    h == UINT32_MAX || w->cut == UINT32_MAX)
		return oom(m);
	if (*hash)
		rc = add_key(m, ks, i, "hash:", hash, strlen(hash), 1);
	if (rc == PR_OK)
		rc = scan_keys(m, ks, i, desc);
	if (rc == PR_OK)
		rc = scan_keys(m, ks, i, ref);
	if (rc == PR_OK && w->kind == K_BANK)
		rc = check_key(m, ks, i, ref, desc);
	return rc;
}

int
pr__match_row(pr__match_feed *mf, sqlite3_stmt *s,
	      const struct pr__txn_row *r)
{
	if (mf->rc == PR_OK)
		mf->rc = txn_row(mf, s, r);
	return mf->rc;
}

/* A row of PR__TXN_COLUMNS as pr__match_row takes it. */
static void
read_row(struct pr__txn_row *r, sqlite3_stmt *s)
{
	r->id = sqlite3_column_int64(s, TXN_ID);
	r->doc = sqlite3_column_int64(s, TXN_DOC);
	r->line = sqlite3_column_int64(s, TXN_LINE);
	r->account = sqlite3_column_int64(s, TXN_ACCOUNT);
	r->date = sqlite3_column_int(s, TXN_DATE);
	r->amount_text = sqlite3_column_type(s, TXN_AMOUNT) == SQLITE_TEXT;
	r->amount = r->amount_text ? 0 : sqlite3_column_int64(s, TXN_AMOUNT);
	r->desc = (const char *)sqlite3_column_text(s, TXN_DESC);
	r->ref = (const char *)sqlite3_column_text(s, TXN_REF);
	r->counter = (const char *)sqlite3_column_text(s, TXN_COUNTER);
}

static int
load_txns(struct pr__match_feed *mf)
{
	sqlite3_stmt *s = NULL;
	int rc = prepare(mf->m, &s, "SELECT " PR__TXN_COLUMNS " FROM txn "
			 "ORDER BY id");

	while (rc == PR_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct pr__txn_row r;

		read_row(&r, s);
		rc = pr__match_row(mf, s, &r);
	}
	return loaded(mf->m, s, rc);
}

static int
load_wires(struct pr_flows *m, struct keys *ks)
{
	sqlite3_stmt *s = NULL;
	int rc = prepare(m, &s, "SELECT document_id, line, value_date, "
			 "currency, amount, instructed_currency, "
			 "instructed_amount, originator_name, "
			 "originator_account, originator_bank, "
			 "beneficiary_name, beneficiary_account, "
			 "beneficiary_bank, imad, omad, uetr FROM wire ORDER "
			 "BY id");

	while (rc == PR_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct item *w;
		uint32_t i = (uint32_t)m->n;
		char *what;

		if ((rc = start_item(m, &w, s, 0, 4)) != PR_OK)
			break;
		w->kind = K_WIRE;
		w->role = PR_ROLE_RECORD;
		w->line = (uint32_t)sqlite3_column_int64(s, 1);
		w->date = sqlite3_column_int(s, 2);
		w->cur = intern(m, col(s, 3));
		/* What the originator ordered, perhaps in another
		 * currency (an FX wire: 33B EUR, 32A USD). */
		if (sqlite3_column_type(s, 6) == SQLITE_INTEGER) {
			w->flags |= F_ALT;
			w->alt = sqlite3_column_int64(s, 6);
			w->alt_cur = intern(m, col(s, 5));
			if (w->alt_cur == 0)
				w->alt_cur = w->cur;
		}
		w->from_hint = intern(m, col(s, 8));
		w->to_hint = intern(m, col(s, 11));
		what = fmt_dup("%s acct %s @ %s -> %s acct %s @ %s",
			       col(s, 7), col(s, 8), col(s, 9), col(s, 10),
			       col(s, 11), col(s, 12));
		w->what = what ? intern(m, what) : UINT32_MAX;
		pr__free(what);
		what = fmt_dup("%s acct %s @ %s", col(s, 7), col(s, 8),
			       col(s, 9));
		w->flab = what ? intern(m, what) : UINT32_MAX;
		pr__free(what);
		what = fmt_dup("%s acct %s @ %s", col(s, 10), col(s, 11),
			       col(s, 12));
		w->tlab = what ? intern(m, what) : UINT32_MAX;
		pr__free(what);
		if (w->cur == UINT32_MAX || w->from_hint == UINT32_MAX ||
		    w->to_hint == UINT32_MAX || w->what == UINT32_MAX ||
		    w->flab == UINT32_MAX || w->tlab == UINT32_MAX) {
			rc = oom(m);
			break;
		}
		if (*col(s, 13))
			rc = add_key(m, ks, i, "mad:", col(s, 13),
				     strlen(col(s, 13)), 0);
		if (rc == PR_OK && *col(s, 14))
			rc = add_key(m, ks, i, "mad:", col(s, 14),
				     strlen(col(s, 14)), 0);
		if (rc == PR_OK && *col(s, 15))
			rc = add_key(m, ks, i, "uetr:", col(s, 15),
				     strlen(col(s, 15)), 1);
	}
	rc = loaded(m, s, rc);
	return rc;
}

/*
 * On-chain transactions: one record per output that carries value, and
 * one for the fee. The inputs are where each output came from; they are
 * named on the record, not split among the outputs (tracing does that).
 */
static int
load_chain(struct pr_flows *m, struct keys *ks)
{
	sqlite3_stmt *s = NULL;
	int64_t tx = -1;
	char *from = NULL;
	size_t from_len = 0, from_cap = 0, n_in = 0;
	uint32_t n_out = 0;  /* outputs are numbered 0, 1 ... in order */
	size_t fee_item = (size_t)-1; /* this transaction's fee, if any */
	int rc = prepare(m, &s, "SELECT t.id, t.document_id, t.line, t.chain,"
			 " t.hash, t.date, t.fee_asset, t.fee, m.side, m.n, "
			 "m.address, m.asset, m.value FROM chain_tx t JOIN "
			 "chain_move m ON m.tx_id = t.id ORDER BY t.id, "
			 "m.side, m.id");

	while (rc == PR_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct item *w;
		uint32_t i;
		char *what;
		int fee_nonzero = sqlite3_column_type(s, 7) == SQLITE_TEXT ||
				  sqlite3_column_int64(s, 7) != 0;

		rc = PR_OK;
		if (sqlite3_column_int64(s, 0) != tx) {
			/* A new transaction: its fee first ("in" sorts before
			 * "out", so its inputs come before its outputs). */
			tx = sqlite3_column_int64(s, 0);
			from_len = 0;
			n_in = 0;
			n_out = 0;
			fee_item = (size_t)-1;
			if (fee_nonzero) {
				fee_item = m->n;
				if ((rc = start_item(m, &w, s, 1, 7)) !=
				    PR_OK)
					break;
				w->kind = K_CHAIN_FEE;
				w->role = PR_ROLE_RECORD;
				w->line = (uint32_t)sqlite3_column_int64(s, 2);
				w->date = sqlite3_column_int(s, 5);
				w->cur = intern(m, col(s, 6));
				w->tx = intern(m, col(s, 4));
				what = fmt_dup("%s tx %s fee", col(s, 3),
					       col(s, 4));
				w->what = what ? intern(m, what) : UINT32_MAX;
				pr__free(what);
				what = fmt_dup("inputs of %s tx %s",
					       col(s, 3), col(s, 4));
				w->flab = what ? intern(m, what) : UINT32_MAX;
				pr__free(what);
				w->tlab = intern(m, "network fee");
				if (w->flab == UINT32_MAX ||
				    w->tlab == UINT32_MAX) {
					rc = oom(m);
					break;
				}
				if (w->cur == UINT32_MAX ||
				    w->tx == UINT32_MAX ||
				    w->what == UINT32_MAX) {
					rc = oom(m);
					break;
				}
			}
		}
		if (strcmp(col(s, 8), "in") == 0) {
			const char *a = col(s, 10);
			size_t n = strlen(a);

			if (n_in++ < 3) {
				if (pr__grow((void **)&from, &from_cap,
					 from_len + n + 4, 1)) {
					rc = oom(m);
					break;
				}
				if (from_len)
					memcpy(from + from_len, " + ", 3),
					from_len += 3;
				memcpy(from + from_len, a, n + 1);
				from_len += n;
			}
			continue;
		}
		n_out++;
		if (sqlite3_column_type(s, 12) == SQLITE_INTEGER &&
		    sqlite3_column_int64(s, 12) == 0)
			continue;         /* a failed transaction moves none */
		i = (uint32_t)m->n;
		if ((rc = start_item(m, &w, s, 1, 12)) != PR_OK)
			break;
		w->kind = K_CHAIN;
		w->role = PR_ROLE_RECORD;
		w->line = (uint32_t)sqlite3_column_int64(s, 2);
		w->date = sqlite3_column_int(s, 5);
		w->cur = intern(m, col(s, 11));
		w->tx = intern(m, col(s, 4));
		w->n = n_out - 1;
		w->addr = w->to_hint = intern(m, col(s, 10));
		if (n_in > 3)
			what = fmt_dup("%s tx %s:%u %s (+%zu more) -> %s",
				       col(s, 3), col(s, 4), w->n,
				       from ? from : "", n_in - 3, col(s, 10));
		else
			what = fmt_dup("%s tx %s:%u %s -> %s", col(s, 3),
				       col(s, 4), w->n, from_len ? from : "?",
				       col(s, 10));
		w->from_hint = from_len ? intern(m, from) : 0;
		w->flab = w->from_hint;
		w->tlab = w->to_hint;
		/* the fee came from the same inputs */
		if (fee_item != (size_t)-1) {
			m->it[fee_item].from_hint = w->from_hint;
			fee_item = (size_t)-1;
		}
		w->what = what ? intern(m, what) : UINT32_MAX;
		pr__free(what);
		if (w->cur == UINT32_MAX || w->tx == UINT32_MAX ||
		    w->to_hint == UINT32_MAX || w->what == UINT32_MAX ||
		    w->from_hint == UINT32_MAX) {
			rc = oom(m);
			break;
		}
		rc = add_key(m, ks, i, "hash:", col(s, 4), strlen(col(s, 4)),
			     1);
	}
	rc = loaded(m, s, rc);
	pr__free(from);
	return rc;
}

/* The funding lines of a closing: money arriving in the asset. */
static int
load_funding(struct pr_flows *m, struct keys *ks)
{
	sqlite3_stmt *s = NULL;
	int rc = prepare(m, &s, "SELECT e.document_id, e.line, e.date, "
			 "e.currency, e.amount, e.method, e.party, "
			 "e.reference, a.ref, a.identifier FROM asset_event e "
			 "JOIN asset a ON a.id = e.asset_id WHERE e.kind = "
			 "'funding' ORDER BY e.id");

	while (rc == PR_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct item *w;
		uint32_t i = (uint32_t)m->n;
		char *what, *acct;

		if ((rc = start_item(m, &w, s, 0, 4)) != PR_OK)
			break;
		w->kind = K_FUNDING;
		w->role = PR_ROLE_CREDIT;
		w->line = (uint32_t)sqlite3_column_int64(s, 1);
		w->date = sqlite3_column_int(s, 2);
		w->cur = intern(m, col(s, 3));
		if (has_word(col(s, 5), "mortgage") ||
		    has_word(col(s, 5), "loan"))
			w->flags |= F_MORTGAGE;
		w->from_hint = intern(m, col(s, 6));
		w->flab = w->from_hint;
		acct = fmt_dup("asset %s (%s)", col(s, 8), col(s, 9));
		w->acct = acct ? intern(m, acct) : UINT32_MAX;
		pr__free(acct);
		what = fmt_dup("asset %s funding: %s from %s (%s)", col(s, 8),
			       col(s, 5), col(s, 6), col(s, 7));
		w->what = what ? intern(m, what) : UINT32_MAX;
		pr__free(what);
		if (w->cur == UINT32_MAX || w->acct == UINT32_MAX ||
		    w->what == UINT32_MAX || w->from_hint == UINT32_MAX) {
			rc = oom(m);
			break;
		}
		rc = scan_keys(m, ks, i, col(s, 7));
		if (rc == PR_OK)
			rc = check_key(m, ks, i, col(s, 7), col(s, 5));
	}
	rc = loaded(m, s, rc);
	return rc;
}

static int
load_decisions(struct pr_flows *m)
{
	sqlite3_stmt *s = NULL;
	size_t cap = 0;
	int rc = prepare(m, &s, "SELECT document_id, line, action, subject, "
			 "other, reason FROM decision ORDER BY id");

	while (rc == PR_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct decision *d;

		if (pr__grow((void **)&m->dec, &cap, m->n_dec + 1,
			 sizeof(*m->dec))) {
			rc = oom(m);
			break;
		}
		d = &m->dec[m->n_dec++];
		memset(d, 0, sizeof(*d));
		rc = doc_index(m, sqlite3_column_int64(s, 0), &d->doc);
		if (rc != PR_OK)
			break;
		d->line = (uint32_t)sqlite3_column_int64(s, 1);
		d->action = pr__strdup(col(s, 2));
		d->subject = pr__strdup(col(s, 3));
		d->other = pr__strdup(col(s, 4));
		d->reason = pr__strdup(col(s, 5));
		if (!d->action || !d->subject || !d->other || !d->reason)
			rc = oom(m);
	}
	rc = loaded(m, s, rc);
	return rc;
}

/* ---------------------------------------------------------------- */
/* amounts */

static int
same_amount(const struct item *a, const struct item *b)
{
	if ((a->flags & F_BIG) || (b->flags & F_BIG))
		return (a->flags & b->flags & F_BIG) && a->big == b->big;
	return a->amount == b->amount;
}

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

/* Which amounts met: for the basis of the join. */
enum { HOW_SAME, HOW_INSTRUCTED, HOW_SETTLED };

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
		if (a == (size_t)-1 || !hint_matches(m, to, a))
			return 0;
	}
	if (from != 0 && m->debit[rx] != NONE && (m->credit[ry] == NONE ||
	    m->it[m->credit[ry]].kind != K_FUNDING)) {
		a = acct_index(m, m->it[m->debit[rx]].acct, d->cur);
		if (a == (size_t)-1 || !hint_matches(m, from, a))
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
	return rr->kind == K_WIRE && hint_in_case(m, rr->to_hint, rr->cur);
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
	return rr->kind == K_WIRE && hint_in_case(m, rr->from_hint, rr->cur);
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

static int32_t
flow_date(const struct pr_flows *m, uint32_t r)
{
	return m->debit[r] != NONE ? m->it[m->debit[r]].date :
	       m->rec[r] != NONE ? m->it[m->rec[r]].date :
	       m->credit[r] != NONE ? m->it[m->credit[r]].date :
	       m->it[r].date;
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
			if (d == NULL && hint_in_case(m, w->from_hint, w->cur))
				rc = add_issue(m, PR_ISSUE_UNMATCHED,
					       m->rec[r], NULL, 0, "a wire "
					       "from an account in the case; "
					       "no debit of it was found "
					       "within the window");
			if (rc == PR_OK && c == NULL &&
			    hint_in_case(m, w->to_hint, w->cur))
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
		    hint_in_case(m, d->to_hint, d->cur))
			rc = add_issue(m, PR_ISSUE_UNMATCHED, m->debit[r],
				       NULL, 0, "names an account in the "
				       "case; no credit of it was found "
				       "within the window");
		else if (c != NULL && d == NULL && c->kind != K_FUNDING &&
			 hint_in_case(m, c->from_hint, c->cur))
			rc = add_issue(m, PR_ISSUE_UNMATCHED, m->credit[r],
				       NULL, 0, "names an account in the "
				       "case; no debit of it was found "
				       "within the window");
	}
	return rc;
}

void
pr__match_free(pr__match_feed *mf)
{
	if (mf == NULL)
		return;
	sqlite3_finalize(mf->d);
	pr__free(mf->ks.k);
	if (mf->m != NULL)
		mf->m->err = NULL;
	pr_flows_free(mf->m);
	pr__free(mf);
}

/* The options, the documents and the accounts: what a row needs. */
int
pr__match_open(pr__match_feed **out, pr_store *st, const pr_match_options *o,
	       pr_error *err)
{
	pr_match_options def = PR_MATCH_OPTIONS_INIT;
	pr__match_feed *mf;
	struct pr_flows *m;
	mpz_t tol;
	int rc;

	if (out == NULL || st == NULL)
		return pr__error_set(err, PR_EINVALID, "no case");
	*out = NULL;
	if (o == NULL)
		o = &def;
	if (o->window < 0 || o->window > 365)
		return pr__error_set(err, PR_EINVALID, "a window of %d "
				     "business days: give 0 to 365",
				     o->window);
	mf = pr__calloc(1, sizeof(*mf));
	m = pr__calloc(1, sizeof(*m));
	if (mf == NULL || m == NULL) {
		pr__free(mf);
		pr__free(m);
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	}
	mf->m = m;
	mf->did = INT64_MAX;
	m->st = st;
	m->err = err;
	m->window = o->window;
	m->tol_text = pr__strdup(o->fee_tolerance ? o->fee_tolerance : "50");
	if (m->tol_text == NULL || tab_init(&m->s) || tab_init(&m->cuts) ||
	    tab_init(&m->norms)) {
		rc = oom(m);
		goto fail;
	}
	mpz_init(tol);
	rc = pr_money_parse(tol, m->tol_text, strlen(m->tol_text), 12, NULL,
			    err);
	if (rc == PR_OK && (mpz_sgn(tol) < 0 ||
			    mpz_sizeinbase(tol, 2) > 62))
		rc = pr__error_set(err, PR_EINVALID, "fee tolerance '%s' "
				   "must be from 0 to 1000000", m->tol_text);
	else if (rc != PR_OK)
		rc = pr__error_set(err, PR_EINVALID, "fee tolerance '%s' is "
				   "not a decimal amount", m->tol_text);
	if (rc == PR_OK)
		m->tol = (int64_t)mpz_get_si(tol);
	mpz_clear(tol);
	if (rc != PR_OK)
		goto fail;
	m->params = fmt_dup("window %d business days, fee tolerance %s",
			    m->window, m->tol_text);
	if (m->params == NULL) {
		rc = oom(m);
		goto fail;
	}
	if ((rc = load_docs(m)) != PR_OK ||
	    (rc = load_accounts(m)) != PR_OK ||
	    (rc = prepare(m, &mf->d, "SELECT txn_id, op, hash, address, "
			  "trade FROM txn_detail ORDER BY txn_id")) != PR_OK)
		goto fail;
	*out = mf;
	return PR_OK;
fail:
	pr__match_free(mf);
	return rc;
}

/* The rest of the evidence, then the stages; mf is freed. */
int
pr__match_close(pr_flows **out, pr__match_feed *mf)
{
	struct pr_flows *m = mf->m;
	struct keys ks = mf->ks;
	size_t i, records = 0;
	int rc = mf->rc;

	*out = NULL;
	sqlite3_finalize(mf->d);
	pr__free(mf);
	if (rc != PR_OK)
		goto fail;
	if ((rc = load_wires(m, &ks)) != PR_OK ||
	    (rc = load_chain(m, &ks)) != PR_OK ||
	    (rc = load_funding(m, &ks)) != PR_OK ||
	    (rc = load_decisions(m)) != PR_OK)
		goto fail;
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
	    !m->anchor || !m->hint_cur || !m->hint_res) {
		rc = oom(m);
		goto fail;
	}
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
	    (rc = stage_keys(m, &ks)) != PR_OK ||
	    (rc = stage_addresses(m)) != PR_OK)
		goto fail;
	/* Records first, to the accounts they name; then what is left,
	 * exact amounts before the fee tolerance. Without records (bank
	 * rows alone) the record passes find nothing: each would still
	 * read every item. */
	if (records > 0 &&
	    ((rc = pair_up(m, PAIR_TO_RECORD, 0, B_RECORD)) != PR_OK ||
	     (rc = pair_up(m, PAIR_TO_RECORD, 1, B_FEE)) != PR_OK ||
	     (rc = pair_up(m, PAIR_FROM_RECORD, 0, B_RECORD)) != PR_OK ||
	     (rc = pair_up(m, PAIR_FROM_RECORD, 1, B_FEE)) != PR_OK))
		goto fail;
	if ((rc = pair_up(m, PAIR_PLAIN, 0, B_AMOUNT)) != PR_OK)
		goto fail;
	for (i = 0; i < m->n; i++)
		find(m, (uint32_t)i);
	if ((rc = order_flows(m)) != PR_OK ||
	    (rc = find_unmatched(m)) != PR_OK)
		goto fail;
	pr__free(ks.k);
	m->err = NULL;
	*out = m;
	return PR_OK;
fail:
	pr__free(ks.k);
	m->err = NULL;
	pr_flows_free(m);
	return rc;
}

int
pr_match(pr_flows **out, pr_store *st, const pr_match_options *o,
	 pr_error *err)
{
	pr__match_feed *mf = NULL;
	int rc;

	if (out == NULL || st == NULL)
		return pr__error_set(err, PR_EINVALID, "no case");
	*out = NULL;
	if ((rc = pr__match_open(&mf, st, o, err)) != PR_OK)
		return rc;
	if ((rc = load_txns(mf)) != PR_OK) {
		pr__match_free(mf);
		return rc;
	}
	return pr__match_close(out, mf);
}

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
void
pr__flows_brief(const pr_flows *f, size_t i, size_t max,
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
				  !hint_in_case(m, w->from_hint, w->cur));
	else if (c && c->kind == K_FUNDING)
		o_from = put(m, "outside: %s%s", str(m, c->flab),
			     (c->flags & F_MORTGAGE) ? " (loan)" : "");
	else if (c && c->from_hint && has_digits(str(m, c->from_hint), 4) &&
		 !hint_in_case(m, c->from_hint, c->cur))
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
				!hint_in_case(m, w->to_hint, w->cur));
	else if (d && d->to_hint && has_digits(str(m, d->to_hint), 4) &&
		 !hint_in_case(m, d->to_hint, d->cur))
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
			    put(m, "%s: %s", str(m, e->acct), row_text(m, e)) :
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
	tab_free(&f->s);
	tab_free(&f->cuts);
	tab_free(&f->norms);
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
