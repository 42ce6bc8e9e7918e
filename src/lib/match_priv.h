/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What the pieces of matching share and nothing else includes: evidence
 * as items, the flows (struct pr_flows) and the small helpers that every
 * piece calls, static inline so that they still inline. The pieces:
 * match.c (the entry points, the order of the work), match_load.c (the
 * evidence from the case), match_stages.c (the joins and the issues they
 * raise), match_view.c (the flows as text and as parts). The rest of the
 * library sees matching through match.h.
 */
#ifndef PR_LIB_MATCH_PRIV_H
#define PR_LIB_MATCH_PRIV_H

#include "common.h"
#include "match.h"
#include "strtab.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { K_BANK = PR__K_BANK, K_EXCHANGE = PR__K_EXCHANGE, K_WIRE = PR__K_WIRE,
       K_CHAIN = PR__K_CHAIN, K_CHAIN_FEE = PR__K_CHAIN_FEE,
       K_FUNDING = PR__K_FUNDING };

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
	struct pr__flow_brief *briefs; /* every flow's, as the trace asks
					* (max BRIEF_MAX): each trace of
					* the graph reads them all, several
					* times */
	pr_recon *recon;      /* the gate's verdict (pr_flows_build), or
			       * NULL (pr_match) */
};

#define NONE UINT32_MAX

/* Which amounts met: for the basis of the join. */
enum { HOW_SAME, HOW_INSTRUCTED, HOW_SETTLED };

struct keys {
	struct keyref *k;
	size_t n, cap;
};

/*
 * Bank and exchange rows. The exchange detail is read beside them in the
 * same rowid order (a merge, not a lookup per row); the rows' texts are
 * not kept (but for a debit's cut_text), only read again for what is
 * shown. A row comes from pr__match_load_txns, or from the reconcile
 * gate's scan (pr__match_row), so that a trace reads the case's rows
 * once. The rows are read in match_load.c; the feed is opened and closed
 * in match.c.
 */
struct pr__match_feed {
	struct pr_flows *m;
	struct keys ks;
	sqlite3_stmt *d;      /* txn_detail, in txn_id order */
	int64_t did;          /* its row's txn_id; INT64_MAX past the end */
	int started;          /* d stepped to its first row */
	int rc;               /* the first failure; no row is taken after */
};

/* ---------------------------------------------------------------- */
/* small helpers every piece calls */

static inline const char *
str(const struct pr_flows *m, uint32_t id)
{
	return m->s.arena + m->s.off[id];
}

static inline uint32_t
intern_n(struct pr_flows *m, const char *p, size_t n)
{
	return pr__strtab_intern(&m->s, p, n);
}

static inline uint32_t
intern(struct pr_flows *m, const char *p)
{
	return p ? intern_n(m, p, strlen(p)) : 0;
}

static inline int
oom(struct pr_flows *m)
{
	return pr__error_set(m->err, PR_ENOMEM, "out of memory");
}

/* Letters and digits, upper case: "PSB 0932" and "psb-0932" compare. */
static inline void
normalise(char *out, size_t size, const char *s)
{
	size_t n = 0;

	for (; *s && n + 1 < size; s++)
		if (isalnum((unsigned char)*s))
			out[n++] = (char)toupper((unsigned char)*s);
	out[n] = '\0';
}

/* The last four digits of s, when it has four. */
static inline int
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

/* qsort, which may not be given a NULL array even when it is empty */
static inline void
sort(void *base, size_t n, size_t size, int (*cmp)(const void *,
						   const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);
}

static inline const char *
col(sqlite3_stmt *s, int i)
{
	const char *t = (const char *)sqlite3_column_text(s, i);

	return t ? t : "";
}

static inline uint32_t
find(struct pr_flows *m, uint32_t i)
{
	while (m->parent[i] != i) {
		m->parent[i] = m->parent[m->parent[i]];
		i = m->parent[i];
	}
	return i;
}

static inline int
same_amount(const struct item *a, const struct item *b)
{
	if ((a->flags & F_BIG) || (b->flags & F_BIG))
		return (a->flags & b->flags & F_BIG) && a->big == b->big;
	return a->amount == b->amount;
}

static inline int32_t
flow_date(const struct pr_flows *m, uint32_t r)
{
	return m->debit[r] != NONE ? m->it[m->debit[r]].date :
	       m->rec[r] != NONE ? m->it[m->rec[r]].date :
	       m->credit[r] != NONE ? m->it[m->credit[r]].date :
	       m->it[r].date;
}

/* A string as printf makes it, or NULL when out of memory. */
static inline char *
fmt_dup(const char *fmt, ...) PR__PRINTF(1, 2);

static inline char *
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

/* ---------------------------------------------------------------- */
/* between the pieces */

/* match_load.c: the evidence into m. Before the first row, what a row
 * needs (the documents, the accounts, the exchange detail); the rows by
 * pr__match_row, from the reconcile gate or from pr__match_load_txns
 * (pr_match); after the last, the rest (wires, the chain, funding lines,
 * the analyst's decisions). Each returns PR_OK or the code it set in
 * m->err. */
int pr__match_load_case(struct pr__match_feed *mf);
int pr__match_load_txns(struct pr__match_feed *mf);
int pr__match_load_rest(struct pr_flows *m, struct keys *ks);

/* match_stages.c: the loaded items joined into flows, stage by stage,
 * put in output order, with the issues found; ks is sorted, and stays
 * the caller's to free. */
int pr__match_stages(struct pr_flows *m, struct keys *ks);

/* match_stages.c: does account a (an index into m->accts) answer to the
 * hint; does the hint name any account of the case in currency cur. */
int pr__match_hint_matches(struct pr_flows *m, uint32_t hint, size_t a);
int pr__match_hint_in_case(struct pr_flows *m, uint32_t hint,
			   uint32_t cur);

/* match_stages.c: what an account row says, read from the case when
 * shown; valid until the next call. */
const char *pr__match_row_text(struct pr_flows *m, const struct item *w);

#endif
