/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Tracing a case: the flows of the matcher, in time order, become
 * movements of value in the engine (trace_engine.c); the designations of
 * proceeds say which inflows came from which victim. Value that leaves
 * the case goes to a sink named by where it went.
 *
 * Each flow moves value once:
 * - a debit and a credit: taken from the debit's account, put into the
 *   credit's (an account or an asset); what a wire lost on the way goes to
 *   a fee sink; a trade converts at the exact price of its legs;
 * - a debit alone: taken and sunk where it went (outside, a lead);
 * - a credit alone: an inflow, of the origin its designation gives
 *   (clean when none does; a loan is clean, outside money);
 * - an on-chain output: from the exchange that withdrew it, or from its
 *   input address, into its address or the exchange that received it.
 */
#include "config.h"
#include "common.h"
#include "match.h"
#include "store.h"
#include "trace_engine.h"
#include "trace_priv.h"

#include <ctype.h>
#include <gmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PARTS 64

struct names {
	char **s;
	uint32_t *cur;          /* holders and sinks: their currency */
	size_t n, cap;
	uint32_t *slot;         /* open addressing: id + 1 */
	size_t slots;
};

struct desig {
	uint32_t origin;
	int by;                 /* D_FLOW ... */
	char *match, *account;
	int has_start, has_end;
	pr_date start, end;
	int64_t txn;            /* by flow: the credit's row */
	int64_t acct;           /* the account named, as an id; -1: any */
	char *where;            /* "designations.csv:4" */
};

enum { D_FLOW, D_MEMO, D_COUNTERPARTY, D_ACCOUNT };

/* One origin's part of one movement into a holder, kept for the
 * lineage and the schedule's citations (what left the case is not kept:
 * neither asks for it). 32 bytes: at 10^6 flows of mixed money there are
 * ten million of them. */
struct lmove {
	int64_t amount;
	uint32_t flow;          /* index; NO_FLOW for an opening balance */
	int32_t date;
	int32_t from;           /* holder, or -1 for an inflow */
	uint32_t to;            /* holder */
	uint32_t origin;
	uint32_t cite;          /* the evidence, document:line: an offset
				 * into cites (a flow's movements share it) */
};

#define NO_FLOW UINT32_MAX

/* The first flows that carried victims' money into a holder, and how
 * many more did: a few words a holder, where keeping every movement is
 * ten of them per origin per flow. */
struct cited {
	uint32_t last;          /* the flow of the last victim movement in,
				 * + 1 (0: none yet) */
	uint32_t n;             /* how many are kept */
	size_t more;
	struct lmove first[PR_TRACE_CITED];
};

/* A lineage: its steps name the trace's texts, so it lives as long as
 * the trace. */
struct pr_lineage {
	pr_lineage_step *step;
	size_t n, cap;
};

struct pr_trace {
	pr__tr *eng;
	struct names origins, holders, sinks, curs;
	unsigned *minor;        /* by currency */
	char **warn;
	size_t n_warn, cap_warn;
	char *params;
	struct desig *dg;
	size_t n_dg;
	pr_store *st;
	sqlite3_stmt *q_row;
	const pr_recon *recon;  /* the flows' gate: opening balances */
	pr_recon *own_recon;    /* when the flows came without one */
	struct lmove *lm;       /* every movement, when a lineage is asked */
	size_t n_lm, cap_lm;
	char *cites;            /* the movements' evidence texts */
	size_t n_cites, cap_cites;
	size_t cite_last;       /* where the last text in cites starts */
	int64_t *sums;          /* by origin: a parcel's, for record */
	size_t *into_at;        /* movements by destination holder (CSR): */
	uint32_t *into;         /* into[into_at[h] .. into_at[h + 1]) */
	size_t n_into;
	int want_lineage;
	int want_cites;         /* the flows each holder's victim money
				 * came by: what a schedule cites */
	struct cited *cited;    /* by holder */
	size_t cap_cited;
	const char *last_where; /* origin_of: the designation that won */
	int text_designations;  /* any by memo or counterparty */
	struct names dg_accts;  /* the accounts designations name */
	uint64_t *hold_of;      /* by account name (the matcher's string
				 * id): currency id << 32 | holder + 1 */
	uint32_t eng_nodes, eng_sinks, eng_curs; /* the engine's size */
	struct names bad;       /* what does not reconcile ... */
	char **bad_key;         /* ... and the holder it is */
	size_t cap_bad_key;
	size_t n_hold_of;
	pr_lineage *lin;        /* the lineage o->lineage asked for */
	int64_t *inflow;        /* by holder x origin: what came in */
	int32_t *taint_last;    /* by holder: the last day a victim's ... */
	uint8_t *tainted;       /* ... money entered it, if any did */
	size_t cap_by_holder;
	char **hname;           /* by holder: its name, no currency */
	size_t n_hname, cap_hname;
	pr_trace_options opts;  /* as run, lineage NULL */
	pr_error *err;
};

/* A credit's texts, for designations by memo or counterparty: once per
 * credit. */
const char pr__trace_row_text_sql[] =
	"SELECT description, counterparty FROM txn WHERE id = ?1";

static const char *const method_names[PR_METHOD_COUNT] = {
	"libr", "taint-first", "fifo", "lifo", "pro-rata", "poison", "tiho"
};

const char *
pr_trace_method_name(pr_trace_method m)
{
	return (unsigned)m < PR_METHOD_COUNT ? method_names[m] : NULL;
}

int
pr_trace_method_parse(pr_trace_method *out, const char *s, pr_error *err)
{
	int i;

	for (i = 0; i < PR_METHOD_COUNT; i++)
		if (s != NULL && strcmp(s, method_names[i]) == 0) {
			*out = (pr_trace_method)i;
			return PR_OK;
		}
	return pr__error_set(err, PR_EINVALID, "unknown method '%s' "
			     "(expected libr, taint-first, fifo, lifo, "
			     "pro-rata, poison or tiho)", s ? s : "");
}

/* ---------------------------------------------------------------- */
/* names: a string to a small id, in first-seen order */

static uint64_t
fnv(const char *s)
{
	uint64_t h = 14695981039346656037ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

/* The id of s, added when new (with currency cur); -1 on no memory. */
static int64_t
name_id(struct names *nm, const char *s, uint32_t cur)
{
	size_t i, mask;

	if ((nm->n + 1) * 2 > nm->slots) {
		size_t slots = nm->slots ? nm->slots * 2 : 1024, j;
		uint32_t *ns = pr__calloc(slots, sizeof(*ns));

		if (ns == NULL)
			return -1;
		for (j = 0; j < nm->n; j++) {
			size_t k = fnv(nm->s[j]) & (slots - 1);

			while (ns[k])
				k = (k + 1) & (slots - 1);
			ns[k] = (uint32_t)j + 1;
		}
		pr__free(nm->slot);
		nm->slot = ns;
		nm->slots = slots;
	}
	mask = nm->slots - 1;
	for (i = fnv(s) & mask; nm->slot[i]; i = (i + 1) & mask)
		if (strcmp(nm->s[nm->slot[i] - 1], s) == 0)
			return nm->slot[i] - 1;
	if (pr__grow((void **)&nm->s, &nm->cap, nm->n + 1, sizeof(*nm->s)))
		return -1;
	{
		size_t cap = nm->cap;
		uint32_t *c = pr__realloc(nm->cur, cap * sizeof(*c));

		if (c == NULL)
			return -1;
		nm->cur = c;
	}
	nm->s[nm->n] = pr__strdup(s);
	if (nm->s[nm->n] == NULL)
		return -1;
	nm->cur[nm->n] = cur;
	nm->slot[i] = (uint32_t)nm->n + 1;
	return (int64_t)nm->n++;
}

/* The id of s, or -1 when it was never named. */
static int64_t
name_find(const struct names *nm, const char *s)
{
	size_t i, mask;

	if (nm->slots == 0)
		return -1;
	mask = nm->slots - 1;
	for (i = fnv(s) & mask; nm->slot[i]; i = (i + 1) & mask)
		if (strcmp(nm->s[nm->slot[i] - 1], s) == 0)
			return nm->slot[i] - 1;
	return -1;
}

static void
names_free(struct names *nm)
{
	size_t i;

	for (i = 0; i < nm->n; i++)
		pr__free(nm->s[i]);
	pr__free(nm->s);
	pr__free(nm->cur);
	pr__free(nm->slot);
}

static int
oom(struct pr_trace *t)
{
	return pr__error_set(t->err, PR_ENOMEM, "out of memory");
}

static int
warn(struct pr_trace *t, const char *fmt, ...) PR__PRINTF(2, 3);

static int
warn(struct pr_trace *t, const char *fmt, ...)
{
	va_list ap;
	char buf[512];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (pr__grow((void **)&t->warn, &t->cap_warn, t->n_warn + 1,
		     sizeof(*t->warn)) ||
	    (t->warn[t->n_warn] = pr__strdup(buf)) == NULL)
		return oom(t);
	t->n_warn++;
	return PR_OK;
}

/* ---------------------------------------------------------------- */
/* origins and designations */

/* Victims by pseudonym, in natural order (V-2 before V-10). */
static int
cmp_pseudonym(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	size_t lx = strlen(x), ly = strlen(y);

	if (lx != ly)
		return lx < ly ? -1 : 1;
	return strcmp(x, y);
}

static int
load_origins(struct pr_trace *t)
{
	sqlite3_stmt *s = NULL;
	char **v = NULL;
	size_t n = 0, cap = 0, i;
	int rc = PR_OK;

	if (name_id(&t->origins, "clean", 0) < 0 ||
	    name_id(&t->origins, "unknown", 0) < 0)
		return oom(t);
	if (sqlite3_prepare_v2(t->st->db, "SELECT pseudonym FROM party WHERE "
			       "role = 'victim'", -1, &s, NULL) != SQLITE_OK)
		return pr__store_dberr(t->st, t->err, "cannot trace");
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *p = (const char *)sqlite3_column_text(s, 0);

		if (pr__grow((void **)&v, &cap, n + 1, sizeof(*v)) ||
		    (v[n] = pr__strdup(p ? p : "")) == NULL) {
			rc = oom(t);
			break;
		}
		n++;
	}
	sqlite3_finalize(s);
	if (rc == PR_OK && n > 1)
		qsort(v, n, sizeof(*v), cmp_pseudonym);
	for (i = 0; i < n; i++) {
		if (rc == PR_OK && name_id(&t->origins, v[i], 0) < 0)
			rc = oom(t);
		pr__free(v[i]);
	}
	pr__free(v);
	return rc;
}

static int
load_designations(struct pr_trace *t)
{
	static const char *const by_names[] = {
		"flow", "memo", "counterparty", "account"
	};
	sqlite3_stmt *s = NULL;
	size_t cap = 0;
	int rc = PR_OK;

	if (sqlite3_prepare_v2(t->st->db, "SELECT d.origin, d.kind, "
			       "d.pattern, d.account, d.start_date, "
			       "d.end_date, doc.name, d.line, d.txn_id FROM "
			       "designation d JOIN document doc ON doc.id = "
			       "d.document_id ORDER BY d.id", -1, &s,
			       NULL) != SQLITE_OK)
		return pr__store_dberr(t->st, t->err, "cannot trace");
	while (rc == PR_OK && sqlite3_step(s) == SQLITE_ROW) {
		const char *origin = (const char *)sqlite3_column_text(s, 0);
		const char *by = (const char *)sqlite3_column_text(s, 1);
		struct desig *d;
		int64_t o = -1;
		size_t k;
		int b;

		for (k = 0; k < t->origins.n; k++)
			if (origin && strcmp(t->origins.s[k], origin) == 0)
				o = (int64_t)k;
		for (b = 0; b < 4; b++)
			if (by && strcmp(by, by_names[b]) == 0)
				break;
		if (o < 0 || b == 4) {
			rc = pr__error_set(t->err, PR_EINVALID, "designation "
					   "%s:%d names origin '%s' by '%s', "
					   "which the case does not know",
					   sqlite3_column_text(s, 6),
					   sqlite3_column_int(s, 7),
					   origin ? origin : "",
					   by ? by : "");
			break;
		}
		if (pr__grow((void **)&t->dg, &cap, t->n_dg + 1,
			     sizeof(*t->dg))) {
			rc = oom(t);
			break;
		}
		d = &t->dg[t->n_dg++];
		memset(d, 0, sizeof(*d));
		d->origin = (uint32_t)o;
		d->by = b;
		t->text_designations |= b == D_MEMO || b == D_COUNTERPARTY;
		d->match = pr__strdup((const char *)sqlite3_column_text(s, 2) ?
				      (const char *)sqlite3_column_text(s, 2) :
				      "");
		d->account = pr__strdup((const char *)sqlite3_column_text(s,
					3) ? (const char *)
					sqlite3_column_text(s, 3) : "");
		d->has_start = sqlite3_column_type(s, 4) != SQLITE_NULL;
		d->start = sqlite3_column_int(s, 4);
		d->has_end = sqlite3_column_type(s, 5) != SQLITE_NULL;
		d->end = sqlite3_column_int(s, 5);
		d->txn = sqlite3_column_int64(s, 8);
		/* accounts compared as ids, not text, per inflow */
		d->acct = *d->account ? name_id(&t->dg_accts, d->account, 0) :
			  -1;
		if (*d->account && d->acct < 0)
			rc = oom(t);
		{
			char w[300];

			snprintf(w, sizeof(w), "%s:%d",
				 sqlite3_column_text(s, 6),
				 sqlite3_column_int(s, 7));
			d->where = pr__strdup(w);
		}
		if (!d->match || !d->account || !d->where)
			rc = oom(t);
	}
	sqlite3_finalize(s);
	return rc;
}

/* Case-insensitive: does pattern (with * for any run) match all of s? */
static int
glob(const char *p, const char *s)
{
	for (; *p; p++, s++) {
		if (*p == '*') {
			while (p[1] == '*')
				p++;
			if (p[1] == '\0')
				return 1;
			for (; *s; s++)
				if (glob(p + 1, s))
					return 1;
			return 0;
		}
		if (*s == '\0' || tolower((unsigned char)*p) !=
		    tolower((unsigned char)*s))
			return 0;
	}
	return *s == '\0';
}

static int
contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle), i;

	if (n == 0)
		return 0;
	for (; *hay; hay++) {
		for (i = 0; i < n && hay[i] &&
		     tolower((unsigned char)hay[i]) ==
		     tolower((unsigned char)needle[i]); i++)
			;
		if (i == n)
			return 1;
	}
	return 0;
}

/*
 * The origin of an inflow: the most specific designation that names it
 * (a flow, then a memo pattern, then a counterparty, then an account
 * and period). Two of the same kind naming different origins is an
 * error: nothing is guessed. None: clean.
 */
static int
origin_of(struct pr_trace *t, const struct pr__item_view *c, uint32_t *out)
{
	const char *desc = "", *cparty = "";
	char at[300];
	size_t i;
	int64_t acct;
	int best = 4, rc;
	const struct desig *won = NULL;

	*out = PR_TR_CLEAN;
	t->last_where = NULL;
	if (t->n_dg == 0)
		return PR_OK;
	if (c->row > 0 && t->text_designations) {
		if (t->q_row == NULL &&
		    sqlite3_prepare_v2(t->st->db, pr__trace_row_text_sql,
				       -1, &t->q_row, NULL) != SQLITE_OK)
			return pr__store_dberr(t->st, t->err, "cannot trace");
		sqlite3_reset(t->q_row);
		sqlite3_bind_int64(t->q_row, 1, c->row);
		rc = sqlite3_step(t->q_row);
		if (rc == SQLITE_ROW) {
			desc = (const char *)sqlite3_column_text(t->q_row, 0);
			cparty = (const char *)sqlite3_column_text(t->q_row,
								   1);
			desc = desc ? desc : "";
			cparty = cparty ? cparty : "";
		}
	}
	acct = name_find(&t->dg_accts, c->account);
	for (i = 0; i < t->n_dg; i++) {
		const struct desig *d = &t->dg[i];
		int hit;

		if (d->by > best)
			continue;
		if (d->acct >= 0 && d->acct != acct)
			continue;
		if ((d->has_start && c->date < d->start) ||
		    (d->has_end && c->date > d->end))
			continue;
		switch (d->by) {
		case D_FLOW:
			hit = c->row != 0 && c->row == d->txn;
			break;
		case D_MEMO:
			hit = glob(d->match, desc);
			break;
		case D_COUNTERPARTY:
			hit = contains(desc, d->match) ||
			      contains(cparty, d->match);
			break;
		default:
			hit = 1;
			break;
		}
		if (!hit)
			continue;
		if (won != NULL && d->by == best &&
		    d->origin != won->origin) {
			snprintf(at, sizeof(at), "%s:%lu", c->document,
				 (unsigned long)c->line);
			return pr__error_set(t->err, PR_EINVALID, "%s is "
					     "designated both %s (%s) and %s "
					     "(%s): say which", at,
					     t->origins.s[won->origin],
					     won->where,
					     t->origins.s[d->origin],
					     d->where);
		}
		if (won == NULL || d->by < best) {
			won = d;
			best = d->by;
		}
	}
	if (won != NULL) {
		*out = won->origin;
		t->last_where = won->where;
	}
	return PR_OK;
}

/* Where a debit's money went by the row's description, with its
 * trailing numbers and spaces cut ("DEBIT CARD DELTA AIR 0062" is "DEBIT
 * CARD DELTA AIR"): where money went, not which card slip. The matcher
 * cut it as it read the row (pr__item_view's cut). */
static const char *
row_desc(const struct pr__item_view *v)
{
	return v->row > 0 && *v->cut ? v->cut : "(no description)";
}

/* ---------------------------------------------------------------- */
/* holders, sinks, currencies */

static int64_t
cur_id(struct pr_trace *t, const char *code)
{
	int64_t k = name_id(&t->curs, code, 0);

	if (k >= 0 && (size_t)k + 1 == t->curs.n) {
		const pr_currency *c = pr__store_currency(t->st, code);
		unsigned *mn = pr__realloc(t->minor, t->curs.n *
					   sizeof(*mn));

		if (mn == NULL)
			return -1;
		t->minor = mn;
		mn[k] = c ? c->minor : 0;
	}
	return k;
}

/* An account, address or asset that holds value: by name and currency. */
static int64_t
holder(struct pr_trace *t, const char *name, const char *cur)
{
	char key[512];
	int64_t c = cur_id(t, cur), k;

	if (c < 0)
		return -1;
	snprintf(key, sizeof(key), "%s (%s)", name, cur);
	k = name_id(&t->holders, key, (uint32_t)c);
	if (k >= 0 && (size_t)k == t->n_hname) {
		/* a new holder: keep its name without the currency */
		if (pr__grow((void **)&t->hname, &t->cap_hname, t->n_hname + 1,
			     sizeof(*t->hname)) ||
		    (t->hname[t->n_hname] = pr__strdup(name)) == NULL)
			return -1;
		t->n_hname++;
	}
	return k;
}

/* The holder of a piece of evidence's account, kept by the account's
 * name as the matcher interned it: an account is named once, not once
 * per row (the name key, its hash and its compare cost a cache miss or
 * more each). The first currency an account is met in is kept; another
 * (the same name in two currencies) is looked up each time. */
static int64_t
holder_of(struct pr_trace *t, const struct pr__item_view *v)
{
	uint64_t *c = v->account_id < t->n_hold_of ?
		      &t->hold_of[v->account_id] : NULL;
	int64_t h;

	if (c != NULL && *c != 0 && *c >> 32 == v->currency_id)
		return (int64_t)(*c & 0xffffffffu) - 1;
	h = holder(t, v->account, v->currency);
	if (h >= 0 && h < INT64_C(0xffffffff) && c != NULL && *c == 0)
		*c = (uint64_t)v->currency_id << 32 | (uint64_t)(h + 1);
	return h;
}

static int64_t
holder_if_known(struct pr_trace *t, const char *name, const char *cur)
{
	char key[512];
	size_t i, mask;

	snprintf(key, sizeof(key), "%s (%s)", name, cur);
	if (t->holders.slots == 0)
		return -1;
	mask = t->holders.slots - 1;
	for (i = fnv(key) & mask; t->holders.slot[i]; i = (i + 1) & mask)
		if (strcmp(t->holders.s[t->holders.slot[i] - 1], key) == 0)
			return t->holders.slot[i] - 1;
	return -1;
}

static int64_t
sink(struct pr_trace *t, const char *name, const char *cur)
{
	char key[512];
	int64_t c = cur_id(t, cur);

	if (c < 0)
		return -1;
	snprintf(key, sizeof(key), "%s (%s)", name, cur);
	return name_id(&t->sinks, key, (uint32_t)c);
}

/* ---------------------------------------------------------------- */
/* the gate: no tracing through accounts that do not reconcile */

/*
 * The gate, first half: what does not reconcile, by account. The second
 * half (gate_decide) runs once the flows have named the holders: only an
 * account the money passes through stops the trace.
 */
static int
bad_account(struct pr_trace *t, struct names *bad, const char *msg,
	    const char *account, const char *cur)
{
	char key[512];
	size_t before = bad->n;
	int64_t id = name_id(bad, msg, 0);

	if (id < 0)
		return oom(t);
	if (bad->n == before)
		return PR_OK;        /* said already */
	snprintf(key, sizeof(key), "%s (%s)", account, cur);
	if (pr__grow((void **)&t->bad_key, &t->cap_bad_key, bad->n,
		     sizeof(*t->bad_key)) ||
	    (t->bad_key[bad->n - 1] = pr__strdup(key)) == NULL)
		return oom(t);
	return PR_OK;
}

static int
gate_decide(struct pr_trace *t, int allow)
{
	size_t i, n0 = t->n_warn;
	int rc = PR_OK;

	for (i = 0; i < t->bad.n && rc == PR_OK; i++) {
		size_t mask, k;
		int held = 0;

		if (t->holders.slots > 0) {
			mask = t->holders.slots - 1;
			for (k = fnv(t->bad_key[i]) & mask;
			     t->holders.slot[k]; k = (k + 1) & mask)
				if (strcmp(t->holders.s[t->holders.slot[k] -
					   1], t->bad_key[i]) == 0)
					held = 1;
		}
		if (!held)
			continue;       /* no money passes through it */
		if (!allow)
			return pr__error_set(t->err, PR_EINVALID, "%s; trace "
					     "with --allow-unreconciled to go "
					     "on and say so in every output",
					     t->bad.s[i]);
		rc = warn(t, "not reconciled: %s", t->bad.s[i]);
	}
	/* said first: what the trace stands on comes before what it met */
	while (rc == PR_OK && n0 > 0 && n0 < t->n_warn) {
		char *w = t->warn[t->n_warn - 1];

		memmove(t->warn + 1, t->warn, (t->n_warn - 1) *
			sizeof(*t->warn));
		t->warn[0] = w;
		n0++;
	}
	return rc;
}

static int
gate(struct pr_trace *t, const pr_flows *f)
{
	const pr_recon *r = pr_flows_recon(f);
	struct names *bad = &t->bad;
	size_t i;
	int rc = PR_OK;

	/* flows from pr_match come without the gate's verdict */
	if (r == NULL) {
		if ((rc = pr_recon_run(&t->own_recon, t->st, t->err)) != PR_OK)
			return rc;
		r = t->own_recon;
	}
	t->recon = r;
	for (i = 0; i < r->n_periods && rc == PR_OK; i++) {
		const pr_recon_period *p = &r->periods[i];
		char d1[16], d2[16], msg[400];
		char *diff;

		if (mpz_sgn(p->difference) == 0)
			continue;
		pr_date_format(d1, p->start);
		pr_date_format(d2, p->end);
		diff = pr__malloc(pr_money_format(NULL, 0, p->difference,
						  p->minor, PR_FMT_GROUP) + 1);
		if (diff == NULL) {
			rc = oom(t);
			break;
		}
		pr_money_format(diff, pr_money_format(NULL, 0, p->difference,
			p->minor, PR_FMT_GROUP) + 1, p->difference, p->minor,
			PR_FMT_GROUP);
		snprintf(msg, sizeof(msg), "account '%s' (%s): the period "
			 "%s to %s does not balance by %s (%s:%lu)",
			 p->account, p->currency, d1, d2, diff, p->document,
			 p->line);
		pr__free(diff);
		rc = bad_account(t, bad, msg, p->account, p->currency);
	}
	for (i = 0; i < r->n_gaps && rc == PR_OK; i++) {
		static const char *const what[] = {
			"has no statement", "has two statements",
			"does not carry its closing balance",
			"has transactions outside every statement"
		};
		const pr_recon_gap *g = &r->gaps[i];
		char d1[16], d2[16], msg[400];

		pr_date_format(d1, g->start);
		pr_date_format(d2, g->end);
		snprintf(msg, sizeof(msg), "account '%s' (%s) %s from %s to "
			 "%s", g->account, g->currency, what[g->kind], d1, d2);
		rc = bad_account(t, bad, msg, g->account, g->currency);
	}
	for (i = 0; i < r->n_breaks && rc == PR_OK; i++) {
		char msg[400];

		snprintf(msg, sizeof(msg), "account '%s' (%s): a running "
			 "balance breaks at %s:%lu", r->breaks[i].account,
			 r->breaks[i].currency, r->breaks[i].document,
			 r->breaks[i].line);
		rc = bad_account(t, bad, msg, r->breaks[i].account,
				 r->breaks[i].currency);
	}
	return rc;
}

/* ---------------------------------------------------------------- */
/* flows to movements */

struct step {
	struct pr_trace *t;
	pr_flows *f;
	size_t n_parts;
	struct pr__item_view parts[MAX_PARTS];
};

/* The engine grows as the flows name holders, sinks and currencies. */
static int
grow_engine(struct pr_trace *t)
{
	uint32_t cur = t->curs.n ? (uint32_t)t->curs.n : 1;

	if (t->holders.n > t->cap_by_holder) {
		size_t cap = t->cap_by_holder, no = t->origins.n, cap_i;

		if (pr__grow((void **)&t->taint_last, &cap, t->holders.n,
			     sizeof(*t->taint_last)))
			return oom(t);
		cap = t->cap_by_holder;
		if (pr__grow((void **)&t->tainted, &cap, t->holders.n,
			     sizeof(*t->tainted)))
			return oom(t);
		cap_i = t->cap_by_holder * no;
		if (pr__grow((void **)&t->inflow, &cap_i, cap * no,
			     sizeof(*t->inflow)))
			return oom(t);
		memset(t->tainted + t->cap_by_holder, 0,
		       cap - t->cap_by_holder);
		memset(t->inflow + t->cap_by_holder * no, 0,
		       (cap - t->cap_by_holder) * no * sizeof(*t->inflow));
		t->cap_by_holder = cap;
	}
	if (t->holders.n == t->eng_nodes && t->sinks.n == t->eng_sinks &&
	    cur == t->eng_curs)
		return PR_OK;
	t->eng_nodes = (uint32_t)t->holders.n;
	t->eng_sinks = (uint32_t)t->sinks.n;
	t->eng_curs = cur;
	return pr__tr_grow(t->eng, t->eng_nodes, t->holders.cur,
			   t->eng_sinks, cur, t->err);
}

/* Where a flow's evidence is: "a.csv:4; w.csv:2", for the lineage. */
static void
cite_of(const struct step *s, char *buf, size_t size)
{
	size_t k, len = 0;

	buf[0] = '\0';
	for (k = 0; k < s->n_parts && k < MAX_PARTS && len < size; k++)
		len += (size_t)snprintf(buf + len, size - len,
					"%s%s:%lu", k ? "; " : "",
					s->parts[k].document,
					(unsigned long)s->parts[k].line);
	if (s->t->last_where != NULL && len < size)
		snprintf(buf + len, size - len, "; designated by %s",
			 s->t->last_where);
}

/* The offset of text in the cites arena: the last one again when it is
 * the same (the movements of one flow share their evidence). */
static int
cite_add(struct pr_trace *t, const char *text, size_t *off)
{
	size_t n = strlen(text) + 1;

	if (t->n_cites > 0 && t->n_cites >= t->cite_last + n &&
	    memcmp(t->cites + t->cite_last, text, n) == 0) {
		*off = t->cite_last;
		return PR_OK;
	}
	if (pr__grow((void **)&t->cites, &t->cap_cites, t->n_cites + n, 1))
		return oom(t);
	memcpy(t->cites + t->n_cites, text, n);
	*off = t->cite_last = t->n_cites;
	t->n_cites += n;
	return PR_OK;
}

/* The evidence of the movement being recorded, in the cites arena. */
static int
cite_now(struct step *s, size_t fi, size_t *cite)
{
	struct pr_trace *t = s->t;
	char buf[1024];

	if (*cite != SIZE_MAX)
		return PR_OK;
	if (fi == SIZE_MAX)
		snprintf(buf, sizeof(buf), "opening balance");
	else
		cite_of(s, buf, sizeof(buf));
	if (cite_add(t, buf, cite) != PR_OK)
		return PR_ENOMEM;
	if (*cite > UINT32_MAX)
		return pr__error_set(t->err, PR_EINVALID, "more evidence "
				     "than a lineage can keep");
	return PR_OK;
}

/* A victim's movement into holder h on flow fi: the flows a schedule
 * cites for h are the first PR_TRACE_CITED of them, one per run of
 * movements of the same flow, and how many more there were. */
static int
cite_into(struct step *s, size_t fi, const struct lmove *m, size_t *cite)
{
	struct pr_trace *t = s->t;
	struct cited *c;
	int rc;

	if (m->to >= t->cap_cited) {
		size_t cap = t->cap_cited;

		if (pr__grow((void **)&t->cited, &cap, (size_t)m->to + 1,
			     sizeof(*t->cited)))
			return oom(t);
		memset(t->cited + t->cap_cited, 0,
		       (cap - t->cap_cited) * sizeof(*t->cited));
		t->cap_cited = cap;
	}
	c = &t->cited[m->to];
	if (c->last == m->flow + 1)
		return PR_OK;
	c->last = m->flow + 1;
	if (c->n == PR_TRACE_CITED) {
		c->more++;
		return PR_OK;
	}
	if ((rc = cite_now(s, fi, cite)) != PR_OK)
		return rc;
	c->first[c->n] = *m;
	c->first[c->n++].cite = (uint32_t)*cite;
	return PR_OK;
}

/* Keep each origin's part of a parcel about to move into holder `to`
 * (not clean money: no lineage asks for it), for the lineage and the
 * citations. */
static int
record(struct step *s, size_t fi, int64_t from, int64_t to,
       const pr__tr_parcel *p, uint32_t origin, int64_t amount)
{
	struct pr_trace *t = s->t;
	uint32_t k, lo = 0, hi = (uint32_t)t->origins.n;
	size_t cite = SIZE_MAX;
	int rc;

	if ((!t->want_lineage && !t->want_cites) || to < 0)
		return PR_OK;
	if (fi != SIZE_MAX && fi >= NO_FLOW)
		return pr__error_set(t->err, PR_EINVALID, "more flows than "
				     "a lineage can keep");
	if (p == NULL) {
		lo = origin;
		hi = origin + 1;
	} else {
		if (t->sums == NULL &&
		    (t->sums = pr__malloc(t->origins.n * sizeof(*t->sums))) ==
		    NULL)
			return oom(t);
		pr__tr_parcel_sums(p, t->sums);
	}
	for (k = lo; k < hi; k++) {
		int64_t v = p ? t->sums[k] : amount;
		struct lmove mv;

		if (v == 0 || k == PR_TR_CLEAN)
			continue;
		mv.flow = fi == SIZE_MAX ? NO_FLOW : (uint32_t)fi;
		mv.date = fi == SIZE_MAX ? 0 : s->parts[0].date;
		mv.from = (int32_t)from;
		mv.to = (uint32_t)to;
		mv.origin = k;
		mv.amount = v;
		mv.cite = 0;
		if (t->want_cites && k >= PR_TR_VICTIM && fi != SIZE_MAX &&
		    (rc = cite_into(s, fi, &mv, &cite)) != PR_OK)
			return rc;
		if (!t->want_lineage)
			continue;
		if (pr__grow((void **)&t->lm, &t->cap_lm, t->n_lm + 1,
			     sizeof(*t->lm)))
			return oom(t);
		if ((rc = cite_now(s, fi, &cite)) != PR_OK)
			return rc;
		mv.cite = (uint32_t)cite;
		t->lm[t->n_lm++] = mv;
	}
	return PR_OK;
}

/* A victim's money entered holder h on this flow's day (18 U.S.C. 984
 * counts its year from such days). */
static void
tainted_on(struct step *s, int64_t h)
{
	struct pr_trace *t = s->t;
	int32_t d = s->parts[0].date;

	if (!t->tainted[h] || d > t->taint_last[h])
		t->taint_last[h] = d;
	t->tainted[h] = 1;
}

static int
put_to(struct step *s, size_t fi, int64_t from, int64_t to,
       pr__tr_parcel *p)
{
	int rc = record(s, fi, from, to, p, 0, 0);

	if (rc == PR_OK)
		rc = grow_engine(s->t);
	if (rc != PR_OK) {
		pr__tr_parcel_free(p);
		return rc;
	}
	if (pr__tr_parcel_has_victim(p))
		tainted_on(s, to);
	return pr__tr_put(s->t->eng, (uint32_t)to, p, s->t->err);
}

static int
sink_to(struct step *s, size_t fi, int64_t from, int64_t sk,
	pr__tr_parcel *p)
{
	int rc = record(s, fi, from, -2 - sk, p, 0, 0);

	if (rc == PR_OK)
		rc = grow_engine(s->t);
	if (rc != PR_OK) {
		pr__tr_parcel_free(p);
		return rc;
	}
	return pr__tr_dissipate(s->t->eng, (uint32_t)sk, p, s->t->err);
}

static int
inflow_to(struct step *s, size_t fi, int64_t to, uint32_t origin,
	  int64_t amount)
{
	struct pr_trace *t = s->t;
	int rc = record(s, fi, -1, to, NULL, origin, amount);
	int64_t *in;

	if (rc == PR_OK)
		rc = grow_engine(t);
	if (rc == PR_OK)
		rc = pr__tr_inflow(t->eng, (uint32_t)to, origin, amount,
				   t->err);
	if (rc != PR_OK)
		return rc;
	in = &t->inflow[(size_t)to * t->origins.n + origin];
	/* the engine holds it, so a sum of what came in fits as well
	 * unless money came in and left many times over */
	if (__builtin_add_overflow(*in, amount, in))
		return pr__error_set(t->err, PR_EINVALID, "what came into "
				     "'%s' is beyond 64 bits",
				     t->holders.s[to]);
	if (origin >= PR_TR_VICTIM && amount > 0 && fi != SIZE_MAX)
		tainted_on(s, to);
	return PR_OK;
}


static int
take(struct step *s, int64_t node, int64_t amount, size_t fi,
     const char *tx, size_t input, pr__tr_parcel **p)
{
	int64_t shortfall = 0;
	char where[300];
	int rc;

	rc = grow_engine(s->t);
	if (rc == PR_OK)
		rc = pr__tr_take(s->t->eng, (uint32_t)node, amount, p,
				 &shortfall, s->t->err);
	if (rc == PR_OK && shortfall > 0) {
		mpz_t z;
		char a[64];
		uint32_t c = s->t->holders.cur[node];

		mpz_init_set_si(z, (long)shortfall);
		pr_money_format(a, sizeof(a), z, s->t->minor[c],
				PR_FMT_GROUP);
		mpz_clear(z);
		/* where: only said when something is wrong */
		if (tx != NULL)
			snprintf(where, sizeof(where), "F%zu (tx %s input %zu)",
				 fi + 1, tx, input);
		else
			snprintf(where, sizeof(where), "F%zu (%s:%lu)", fi + 1,
				 s->parts[0].document,
				 (unsigned long)s->parts[0].line);
		rc = warn(s->t, "%s: %s takes %s %s more than it held; the "
			  "difference is of unknown origin", where,
			  s->t->holders.s[node], a, s->t->curs.s[c]);
	}
	return rc;
}

static int
apply(struct step *s, size_t fi)
{
	struct pr_trace *t = s->t;
	const struct pr__item_view *d = NULL, *c = NULL, *r = NULL;
	size_t n, k;
	pr__tr_parcel *p = NULL;
	int64_t a, b;
	int rc = PR_OK;
	pr_flow fl;

	n = pr__flows_parts(s->f, fi, s->parts, MAX_PARTS);
	s->n_parts = n;
	t->last_where = NULL;
	if (n > MAX_PARTS)
		return pr__error_set(t->err, PR_EINVALID, "flow F%zu has %zu "
				     "pieces of evidence; at most %d are "
				     "traced", fi + 1, n, MAX_PARTS);
	for (k = 0; k < n; k++) {
		const struct pr__item_view *v = &s->parts[k];

		if (v->big)
			return warn(t, "F%zu: an amount "
				"beyond 64 bits is not traced (%s:%lu)",
				fi + 1, v->document, (unsigned long)v->line);
		if (v->role == PR_ROLE_DEBIT && d == NULL)
			d = v;
		else if (v->role == PR_ROLE_CREDIT && c == NULL)
			c = v;
		else if (v->role == PR_ROLE_RECORD && r == NULL)
			r = v;
	}
	/* fee legs of a trade, and exchange fees: taken and sunk */
	for (k = 0; k < n && rc == PR_OK; k++) {
		const struct pr__item_view *v = &s->parts[k];

		if (v->role != PR_ROLE_FEE)
			continue;
		a = holder_of(t, v);
		b = sink(t, "fees", v->currency);
		if (a < 0 || b < 0)
			return oom(t);
		rc = take(s, a, v->amount, fi, NULL, 0, &p);
		if (rc == PR_OK)
			rc = sink_to(s, fi, a, b, p);
	}
	if (rc != PR_OK)
		return rc;
	if (d != NULL) {
		a = holder_of(t, d);
		if (a < 0)
			return oom(t);
		if (c != NULL) {
			b = holder_of(t, c);
		} else if (r != NULL && r->kind == PR__K_CHAIN) {
			/* withdrawn to an address: it holds it now */
			b = holder(t, r->to_label, r->currency);
		} else {
			char to[400];

			/* The matcher's label (a record's beneficiary, an
			 * unknown account) only when there is one to give;
			 * else outside, by what the bank says it was for. */
			if (r == NULL && *d->to_hint == '\0')
				fl.to = "outside";
			else if (pr_flows_get(s->f, fi, &fl) != PR_OK)
				return oom(t);
			if (strcmp(fl.to, "outside") == 0)
				snprintf(to, sizeof(to), "outside: %s",
					 row_desc(d));
			else
				snprintf(to, sizeof(to), "%s", fl.to);
			b = -2 - sink(t, to, d->currency);
			if (b == -1)
				return oom(t);
		}
		if (b == -1)
			return oom(t);
		rc = take(s, a, d->amount, fi, NULL, 0, &p);
		if (rc != PR_OK)
			return rc;
		if (b <= -2)
			return sink_to(s, fi, a, -2 - b, p);
		if (c != NULL && strcmp(c->currency, d->currency) != 0) {
			rc = grow_engine(t);
			if (rc == PR_OK)
				rc = pr__tr_convert(t->eng, p, c->amount,
						    t->holders.cur[b],
						    t->err);
		} else if (c != NULL && c->amount < d->amount) {
			/* an intermediary's fee: sunk on the way */
			int64_t parts[2] = { c->amount,
					     d->amount - c->amount };
			pr__tr_parcel *out[2];
			int64_t fs = sink(t, "fees", d->currency);

			if (fs < 0) {
				pr__tr_parcel_free(p);
				return oom(t);
			}
			rc = pr__tr_split(t->eng, p, parts, 2, out, t->err);
			if (rc != PR_OK)
				return rc;
			rc = sink_to(s, fi, a, fs, out[1]);
			p = out[0];
		}
		if (rc != PR_OK) {
			pr__tr_parcel_free(p);
			return rc;
		}
		return put_to(s, fi, a, b, p);
	}
	if (r != NULL && (r->kind == PR__K_CHAIN ||
			  r->kind == PR__K_CHAIN_FEE)) {
		/* from the address that holds it, when one does */
		a = holder_if_known(t, r->from_hint, r->currency);
		if (c != NULL)
			b = holder_of(t, c);
		else if (r->kind == PR__K_CHAIN_FEE)
			b = -2 - sink(t, "network fee", r->currency);
		else
			b = a < 0 ? -3 : holder(t, r->to_label, r->currency);
		if (b == -1)
			return oom(t);
		if (a < 0 && c == NULL)
			return PR_OK;   /* between addresses outside the case */
		if (a < 0) {
			uint32_t o;

			rc = origin_of(t, c, &o);
			return rc != PR_OK ? rc : inflow_to(s, fi, b, o,
							     c->amount);
		}
		rc = take(s, a, r->amount, fi, NULL, 0, &p);
		if (rc != PR_OK)
			return rc;
		if (b <= -2)
			return sink_to(s, fi, a, -2 - b, p);
		return put_to(s, fi, a, b, p);
	}
	if (c != NULL) {
		uint32_t o = PR_TR_CLEAN;

		b = holder_of(t, c);
		if (b < 0)
			return oom(t);
		if (!c->mortgage && (rc = origin_of(t, c, &o)) != PR_OK)
			return rc;
		return inflow_to(s, fi, b, o, c->amount);
	}
	return PR_OK;   /* a record whose two sides are outside the case */
}

/*
 * What each account held when its records begin: the opening balance of
 * its first period, of unknown origin (money from before the records;
 * a designation cannot name it). Periods are by account, currency and
 * start, so the first of each account is its earliest.
 */
static int
openings(struct step *s)
{
	struct pr_trace *t = s->t;
	const pr_recon *r = t->recon;
	size_t i;
	int rc = PR_OK;

	for (i = 0; r != NULL && i < r->n_periods && rc == PR_OK; i++) {
		const pr_recon_period *p = &r->periods[i];
		int64_t h;

		if (i > 0 && strcmp(r->periods[i - 1].account, p->account) ==
		    0 && strcmp(r->periods[i - 1].currency, p->currency) == 0)
			continue;
		if (mpz_sgn(p->opening) == 0)
			continue;
		h = holder(t, p->account, p->currency);
		if (h < 0)
			return oom(t);
		if (mpz_sgn(p->opening) < 0 || !mpz_fits_slong_p(p->opening)) {
			rc = warn(t, "account '%s' (%s) opens below zero or "
				  "beyond 64 bits (%s:%lu): its opening "
				  "balance is not traced", p->account,
				  p->currency, p->document, p->line);
			continue;
		}
		rc = inflow_to(s, SIZE_MAX, h, PR_TR_UNKNOWN,
			       mpz_get_si(p->opening));
	}
	return rc;
}

/*
 * On-chain transactions whose inputs the case holds are pooled: every
 * input taken from its address in input order, joined, and split to the
 * outputs (and the fee, last) by the rule, as the engine's split does;
 * so taint-in-highest-out and the others apply on chain. A transaction
 * an exchange withdrew (an output joined to a debit) is the exchange's:
 * its outputs move one by one from the exchange account.
 */
struct txgroup {
	size_t *flows;          /* its flows, in flow order */
	size_t n, cap;
	int exchange;           /* an output was withdrawn by an exchange */
	int done;
};

struct txgroups {
	struct names ids;       /* hash -> group */
	struct txgroup *g;
	size_t n, cap;
	int64_t *of;            /* by flow: its group, or -1 */
};

static void
groups_free(struct txgroups *gs)
{
	size_t i;

	for (i = 0; i < gs->n; i++)
		pr__free(gs->g[i].flows);
	pr__free(gs->g);
	pr__free(gs->of);
	names_free(&gs->ids);
}

static int
group_flows(struct pr_trace *t, struct step *s, struct txgroups *gs)
{
	size_t i, k, n = pr_flows_count(s->f);

	gs->of = pr__malloc((n ? n : 1) * sizeof(*gs->of));
	if (gs->of == NULL)
		return oom(t);
	for (i = 0; i < n; i++) {
		const struct pr__item_view *r = NULL;
		int debit = 0;
		size_t m;
		int64_t id;
		struct txgroup *g;
		struct pr__flow_brief b;

		gs->of[i] = -1;
		/* most flows are off chain: no views for them */
		pr__flows_brief(s->f, i, MAX_PARTS, &b);
		if (!b.chain)
			continue;
		m = pr__flows_parts(s->f, i, s->parts, MAX_PARTS);
		for (k = 0; k < m && k < MAX_PARTS; k++) {
			if (s->parts[k].role == PR_ROLE_DEBIT)
				debit = 1;
			if ((s->parts[k].kind == PR__K_CHAIN ||
			     s->parts[k].kind == PR__K_CHAIN_FEE) &&
			    r == NULL)
				r = &s->parts[k];
		}
		if (r == NULL)
			continue;
		id = name_id(&gs->ids, r->tx, 0);
		if (id < 0)
			return oom(t);
		if ((size_t)id == gs->n) {
			if (pr__grow((void **)&gs->g, &gs->cap, gs->n + 1,
				     sizeof(*gs->g)))
				return oom(t);
			memset(&gs->g[gs->n++], 0, sizeof(*gs->g));
		}
		g = &gs->g[id];
		g->exchange |= debit;
		if (pr__grow((void **)&g->flows, &g->cap, g->n + 1,
			     sizeof(*g->flows)))
			return oom(t);
		g->flows[g->n++] = i;
		gs->of[i] = id;
	}
	return PR_OK;
}

/* The inputs of a transaction: its first record's (a transaction seen
 * in two documents is one). */
struct txin {
	char addr[128];
	int64_t value;
};

static int
tx_inputs(struct pr_trace *t, const char *hash, struct txin **out,
	  size_t *n)
{
	sqlite3_stmt *q = NULL;
	size_t cap = 0;
	int rc = PR_OK;

	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(t->st->db, "SELECT address, value FROM "
			       "chain_move WHERE side = 'in' AND tx_id = "
			       "(SELECT id FROM chain_tx WHERE hash = ?1 "
			       "ORDER BY id LIMIT 1) ORDER BY id", -1, &q,
			       NULL) != SQLITE_OK)
		return pr__store_dberr(t->st, t->err, "cannot trace");
	sqlite3_bind_text(q, 1, hash, -1, SQLITE_STATIC);
	while (sqlite3_step(q) == SQLITE_ROW) {
		const char *a = (const char *)sqlite3_column_text(q, 0);

		if (sqlite3_column_type(q, 1) != SQLITE_INTEGER) {
			rc = 1;        /* beyond 64 bits: not pooled */
			break;
		}
		if (pr__grow((void **)out, &cap, *n + 1, sizeof(**out))) {
			rc = oom(t);
			break;
		}
		snprintf((*out)[*n].addr, sizeof((*out)[*n].addr), "%s",
			 a ? a : "");
		(*out)[*n].value = sqlite3_column_int64(q, 1);
		++*n;
	}
	sqlite3_finalize(q);
	return rc;
}

/* Pool a transaction's inputs and split them to its outputs. Returns
 * 1 (and does nothing) when it cannot: the caller moves the outputs one
 * by one. */
static int
apply_tx(struct step *s, struct txgroup *g)
{
	struct pr_trace *t = s->t;
	struct txin *in = NULL;
	size_t n_in = 0, i, k, held = 0, no = 0;
	int64_t total_in = 0, total_out = 0, *amt = NULL, *dst = NULL;
	size_t *fl = NULL;
	uint32_t *ix = NULL;
	pr__tr_parcel *pool = NULL, **parts = NULL;
	const char *cur = NULL;
	char hash[160];
	int rc;

	if (g->exchange)
		return 1;
	(void)pr__flows_parts(s->f, g->flows[0], s->parts, MAX_PARTS);
	for (k = 0; k < MAX_PARTS; k++)
		if (s->parts[k].kind == PR__K_CHAIN ||
		    s->parts[k].kind == PR__K_CHAIN_FEE)
			break;
	snprintf(hash, sizeof(hash), "%s", s->parts[k].tx);
	rc = tx_inputs(t, hash, &in, &n_in);
	if (rc != PR_OK) {
		pr__free(in);
		return rc;
	}
	for (i = 0; i < n_in; i++) {
		total_in += in[i].value;
		held += holder_if_known(t, in[i].addr,
					s->parts[k].currency) >= 0;
	}
	if (n_in == 0 || held == 0) {
		pr__free(in);
		return 1;
	}
	amt = pr__malloc((g->n + 1) * sizeof(*amt));
	dst = pr__malloc((g->n + 1) * sizeof(*dst));
	fl = pr__malloc((g->n + 1) * sizeof(*fl));
	ix = pr__malloc((g->n + 1) * sizeof(*ix));
	parts = pr__calloc(g->n + 1, sizeof(*parts));
	if (!amt || !dst || !fl || !ix || !parts) {
		rc = oom(t);
		goto done;
	}
	/* outputs in output order, the fee last */
	for (i = 0; i < g->n && rc == PR_OK; i++) {
		const struct pr__item_view *r = NULL, *c = NULL;
		size_t m = pr__flows_parts(s->f, g->flows[i], s->parts,
					   MAX_PARTS);

		for (k = 0; k < m && k < MAX_PARTS; k++) {
			if (s->parts[k].role == PR_ROLE_CREDIT && c == NULL)
				c = &s->parts[k];
			if ((s->parts[k].kind == PR__K_CHAIN ||
			     s->parts[k].kind == PR__K_CHAIN_FEE) &&
			    r == NULL)
				r = &s->parts[k];
		}
		if (r == NULL || r->big) {
			rc = 1;
			break;
		}
		cur = r->currency;
		if (r->kind == PR__K_CHAIN_FEE) {
			k = g->n;      /* the fee goes last */
			dst[k] = -2 - sink(t, "network fee", cur);
		} else {
			k = no++;
			dst[k] = c ? holder_of(t, c) :
				 holder(t, r->to_label, cur);
		}
		if (dst[k] == -1) {
			rc = oom(t);
			break;
		}
		amt[k] = r->amount;
		fl[k] = g->flows[i];
		ix[k] = r->n;
		total_out += r->amount;
	}
	if (rc != PR_OK)
		goto done;
	if (no < g->n) {
		/* the fee's slot moves up behind the outputs */
		amt[no] = amt[g->n];
		dst[no] = dst[g->n];
		fl[no] = fl[g->n];
	}
	/* outputs by their index on the chain: the line fifo lays out */
	for (i = 1; i < no; i++)
		for (k = i; k > 0 && ix[k - 1] > ix[k]; k--) {
			int64_t ta = amt[k], td = dst[k];
			size_t tf = fl[k];
			uint32_t tx = ix[k];

			amt[k] = amt[k - 1], dst[k] = dst[k - 1];
			fl[k] = fl[k - 1], ix[k] = ix[k - 1];
			amt[k - 1] = ta, dst[k - 1] = td;
			fl[k - 1] = tf, ix[k - 1] = tx;
		}
	if (total_out != total_in) {
		rc = 1;       /* not the whole transaction: one by one */
		goto done;
	}
	for (i = 0; i < n_in && rc == PR_OK; i++)
		if (holder(t, in[i].addr, cur) < 0)
			rc = oom(t);
	if (rc != PR_OK)
		goto done;
	for (i = 0; i < n_in && rc == PR_OK; i++) {
		pr__tr_parcel *p = NULL;
		rc = take(s, holder(t, in[i].addr, cur), in[i].value, fl[0],
			  hash, i, &p);
		if (rc == PR_OK && pool == NULL)
			pool = p;
		else if (rc == PR_OK)
			rc = pr__tr_join(t->eng, pool, p, t->err);
	}
	if (rc == PR_OK)
		rc = pr__tr_split(t->eng, pool, amt, g->n, parts, t->err);
	if (rc == PR_OK)
		pool = NULL;      /* the split took it */
	for (i = 0; i < g->n && rc == PR_OK; i++) {
		int64_t from = holder(t, in[0].addr, cur);

		/* the evidence of each output's own flow, for the lineage */
		(void)pr__flows_parts(s->f, fl[i], s->parts, MAX_PARTS);
		s->n_parts = pr__flows_parts(s->f, fl[i], s->parts,
					     MAX_PARTS);
		rc = dst[i] <= -2 ? sink_to(s, fl[i], from, -2 - dst[i],
					    parts[i]) :
		     put_to(s, fl[i], from, dst[i], parts[i]);
		parts[i] = NULL;
	}
done:
	if (parts != NULL)
		for (i = 0; i < g->n + 1; i++)
			pr__tr_parcel_free(parts[i]);
	pr__tr_parcel_free(pool);
	pr__free(parts);
	pr__free(amt);
	pr__free(dst);
	pr__free(fl);
	pr__free(ix);
	pr__free(in);
	return rc;
}

/* A flow's day and what kind of flow it is for the intraday order: 0
 * money in, 1 a transfer, 2 money out. */
static int32_t
flow_day(const pr_flows *f, size_t i, int *klass)
{
	struct pr__flow_brief b;

	pr__flows_brief(f, i, MAX_PARTS, &b);
	*klass = b.debit && !b.credit ? 2 : !b.debit && b.credit &&
		 !b.record ? 0 : 1;
	return b.date;
}

static int
cmp_u64pair(const void *a, const void *b)
{
	const uint64_t *x = a, *y = b;

	if (x[0] != y[0])
		return x[0] < y[0] ? -1 : 1;
	return (x[1] > y[1]) - (x[1] < y[1]);
}

/*
 * The order flows are traced in: the matcher's (day, then statement
 * order), or within each day money in first (or out first), each kind
 * still in statement order. day[] gets each flow's day.
 */
static int
flow_order(struct pr_trace *t, struct step *s, const pr_trace_options *o,
	   size_t **out, int32_t **day)
{
	size_t n = pr_flows_count(s->f), i;
	uint64_t *k = pr__malloc((n ? n : 1) * 2 * sizeof(*k));

	*out = pr__malloc((n ? n : 1) * sizeof(**out));
	*day = pr__malloc((n ? n : 1) * sizeof(**day));
	if (k == NULL || *out == NULL || *day == NULL) {
		pr__free(k);
		return oom(t);
	}
	for (i = 0; i < n; i++) {
		int klass;

		(*day)[i] = flow_day(s->f, i, &klass);
		if (o->intraday == PR_INTRADAY_DEBITS_FIRST)
			klass = 2 - klass;
		else if (o->intraday != PR_INTRADAY_CREDITS_FIRST)
			klass = 0;
		/* the matcher's order is by day already: a stable sort
		 * by (day, kind) keeps statement order within each */
		k[2 * i] = ((uint64_t)(uint32_t)((*day)[i] + 0x40000000) <<
			    2) | (uint64_t)klass;
		k[2 * i + 1] = i;
	}
	if (o->intraday != PR_INTRADAY_STATEMENT && n > 1)
		qsort(k, n, 2 * sizeof(*k), cmp_u64pair);
	for (i = 0; i < n; i++)
		(*out)[i] = (size_t)k[2 * i + 1];
	pr__free(k);
	return PR_OK;
}

/* The engine nodes of flow i's debit and credit (holders met before
 * only; else UINT32_MAX), and a first prefetch of each. */
static void
prefetch_flow(struct pr_trace *t, const pr_flows *f, size_t i,
	      uint32_t node[2])
{
	struct pr__flow_brief b;
	int k;

	node[0] = node[1] = UINT32_MAX;
	if (t->eng == NULL)
		return;
	pr__flows_brief(f, i, MAX_PARTS, &b);
	for (k = 0; k < 2; k++) {
		uint64_t c;

		if (b.acct[k] == 0 || b.acct[k] >= t->n_hold_of)
			continue;
		c = t->hold_of[b.acct[k]];
		if (c != 0 && c >> 32 == b.cur[k]) {
			node[k] = (uint32_t)(c & 0xffffffffu) - 1;
			pr__tr_prefetch(t->eng, node[k], 0);
		}
	}
}

static int
run_flows(struct pr_trace *t, pr_flows *f, const pr_trace_options *o)
{
	struct step *s = pr__malloc(sizeof(*s));
	struct txgroups gs;
	size_t i, n = pr_flows_count(f), *ord = NULL;
	int32_t *day = NULL;
	uint32_t ahead[2][2] = { { UINT32_MAX, UINT32_MAX },
				 { UINT32_MAX, UINT32_MAX } };
	int rc = PR_OK;

	memset(&gs, 0, sizeof(gs));
	if (s == NULL)
		return oom(t);
	s->t = t;
	s->f = f;
	s->n_parts = 0;
	rc = group_flows(t, s, &gs);
	if (rc == PR_OK)
		rc = flow_order(t, s, o, &ord, &day);
	if (rc == PR_OK)
		rc = openings(s);
	for (size_t x = 0; x < n && rc == PR_OK; x++) {
		i = ord[x];
		if (o->has_as_of && day[i] > o->as_of)
			break;
		/* Have the engine bring in the nodes two flows ahead,
		 * then their holdings a flow ahead, while this one is
		 * traced: a node's holdings (a hundred origins once money
		 * has mixed) are as good as never in cache on its turn,
		 * and each take and put stalled on them. */
		if (x + 2 < n)
			prefetch_flow(t, f, ord[x + 2], ahead[x & 1]);
		pr__tr_prefetch(t->eng, ahead[(x + 1) & 1][0], 1);
		pr__tr_prefetch(t->eng, ahead[(x + 1) & 1][1], 1);
		if (gs.of[i] >= 0 && gs.g[gs.of[i]].done)
			continue;
		if (gs.of[i] >= 0 && gs.g[gs.of[i]].n > 0) {
			struct txgroup *g = &gs.g[gs.of[i]];
			size_t j;

			g->done = 1;
			rc = apply_tx(s, g);
			if (rc != 1)
				continue;
			/* one by one, each at its own place in time */
			g->done = 0;
			for (j = 0; j < g->n; j++)
				gs.of[g->flows[j]] = -1;
			rc = PR_OK;
		}
		rc = apply(s, i);
	}
	groups_free(&gs);
	pr__free(ord);
	pr__free(day);
	pr__free(s);
	return rc;
}

static const char *
fmt_amount(int64_t v, unsigned minor, char *buf, size_t size)
{
	mpz_t z;

	mpz_init_set_si(z, (long)v);
	pr_money_format(buf, size, z, minor, PR_FMT_PLAIN);
	mpz_clear(z);
	return buf;
}

/* A step onto lineage l (texts borrowed from the trace). */
static int
step_add(struct pr_trace *t, pr_lineage *l, const pr_lineage_step *st)
{
	if (pr__grow((void **)&l->step, &l->cap, l->n + 1, sizeof(*l->step)))
		return oom(t);
	l->step[l->n++] = *st;
	return PR_OK;
}

#define LINEAGE_DEPTH 8
#define LINEAGE_LINES 400

/* The movements into each holder, in movement order: a lineage walks
 * back from a holder through what came into it, and the schedule cites
 * what came into each item, without reading every movement each time. */
static int
index_movements(struct pr_trace *t)
{
	size_t i, nh = t->holders.n;

	t->into_at = pr__calloc(nh + 2, sizeof(*t->into_at));
	if (t->n_lm > UINT32_MAX)
		return pr__error_set(t->err, PR_EINVALID, "more movements "
				     "than a lineage can keep");
	t->into = pr__malloc((t->n_lm ? t->n_lm : 1) * sizeof(*t->into));
	if (t->into_at == NULL || t->into == NULL)
		return oom(t);
	for (i = 0; i < t->n_lm; i++)
		t->into_at[(size_t)t->lm[i].to + 2]++;
	for (i = 2; i < nh + 2; i++)
		t->into_at[i] += t->into_at[i - 1];
	for (i = 0; i < t->n_lm; i++)
		t->into[t->into_at[(size_t)t->lm[i].to + 1]++] = (uint32_t)i;
	t->n_into = nh;
	return PR_OK;
}

/* The movements of origin k into node, before movement `before`, and
 * recursively what carried it into their sources. */
static int
lineage_walk(struct pr_trace *t, pr_lineage *l, int64_t node, uint32_t k,
	     size_t before, unsigned depth, size_t *lines)
{
	size_t j, end;
	int rc = PR_OK;

	if (node < 0 || (size_t)node >= t->n_into)
		return PR_OK;
	end = t->into_at[(size_t)node + 1];
	for (j = t->into_at[node]; j < end && rc == PR_OK; j++) {
		size_t i = t->into[j];
		const struct lmove *m = &t->lm[i];
		pr_lineage_step st;
		uint32_t c;

		if (i >= before)
			break;
		if (m->origin != k)
			continue;
		memset(&st, 0, sizeof(st));
		st.depth = depth;
		st.origin = t->origins.s[k];
		if (++*lines > LINEAGE_LINES) {
			if (*lines == LINEAGE_LINES + 1) {
				st.kind = PR_LINEAGE_MORE;
				st.amount = LINEAGE_LINES;
				rc = step_add(t, l, &st);
			}
			return rc;
		}
		c = t->holders.cur[node];
		st.currency = t->curs.s[c];
		st.minor = t->minor[c];
		st.amount = m->amount;
		st.evidence = t->cites + m->cite;
		if (m->flow == NO_FLOW) {
			st.kind = PR_LINEAGE_OPENING;
			rc = step_add(t, l, &st);
			continue;
		}
		st.flow = (unsigned long)m->flow + 1;
		st.date = m->date;
		if (m->from < 0) {
			st.kind = PR_LINEAGE_INFLOW;
		} else {
			st.kind = PR_LINEAGE_TRANSFER;
			st.holder = t->holders.s[m->from];
		}
		rc = step_add(t, l, &st);
		if (rc == PR_OK && m->from >= 0 && depth < LINEAGE_DEPTH)
			rc = lineage_walk(t, l, m->from, k, i, depth + 1,
					  lines);
	}
	return rc;
}

static int
lineage(struct pr_trace *t, const char *want, pr_lineage **out)
{
	size_t i, k, n = 0, len = strlen(want);
	int64_t h = -1;
	pr_lineage *l;
	pr_lineage_step st;
	int rc;

	*out = NULL;
	for (i = 0; i < t->holders.n; i++) {
		if (strcmp(t->holders.s[i], want) == 0) {
			h = (int64_t)i;
			n = 1;
			break;
		}
		if (strncmp(t->holders.s[i], want, len) == 0) {
			h = (int64_t)i;
			n++;
		}
	}
	if (n == 0)
		return pr__error_set(t->err, PR_ENOTFOUND, "no account, "
				     "address or asset '%s' holds money in "
				     "this trace", want);
	if (n > 1)
		return pr__error_set(t->err, PR_EINVALID, "'%s' names %zu "
				     "holders; give more of the name (see "
				     "the trace's HOLDER column)", want, n);
	if ((l = pr__calloc(1, sizeof(*l))) == NULL)
		return oom(t);
	memset(&st, 0, sizeof(st));
	st.kind = PR_LINEAGE_HEAD;
	st.holder = t->holders.s[h];
	st.currency = t->curs.s[t->holders.cur[h]];
	st.minor = t->minor[t->holders.cur[h]];
	rc = step_add(t, l, &st);
	for (k = PR_TR_UNKNOWN; k < t->origins.n && rc == PR_OK; k++) {
		size_t lines = 0;

		if (pr__tr_held(t->eng, (uint32_t)h, (uint32_t)k) == 0)
			continue;
		st.kind = PR_LINEAGE_HELD;
		st.origin = t->origins.s[k];
		st.amount = pr__tr_held(t->eng, (uint32_t)h, (uint32_t)k);
		rc = step_add(t, l, &st);
		if (rc == PR_OK)
			rc = lineage_walk(t, l, h, (uint32_t)k, t->n_lm, 1,
					  &lines);
	}
	if (rc != PR_OK) {
		pr_lineage_free(l);
		return rc;
	}
	*out = l;
	return PR_OK;
}

int
pr_trace_lineage_of(pr_lineage **out, const pr_trace *tc, const char *holder,
		    pr_error *err)
{
	struct pr_trace *t = (struct pr_trace *)tc;
	int rc;

	if (out == NULL || t == NULL || holder == NULL)
		return pr__error_set(err, PR_EINVALID, "no trace or holder");
	*out = NULL;
	if (!t->want_lineage)
		return pr__error_set(err, PR_EINVALID, "a lineage needs a "
				     "trace that keeps its movements");
	/* t->err is the one field a lineage writes: the caller's, for
	 * the length of the call */
	t->err = err;
	rc = lineage(t, holder, out);
	t->err = NULL;
	return rc;
}

size_t
pr_lineage_count(const pr_lineage *l)
{
	return l != NULL ? l->n : 0;
}

const pr_lineage_step *
pr_lineage_get(const pr_lineage *l, size_t i)
{
	return l != NULL && i < l->n ? &l->step[i] : NULL;
}

void
pr_lineage_free(pr_lineage *l)
{
	if (l == NULL)
		return;
	pr__free(l->step);
	pr__free(l);
}

static int trace_run(pr_trace **out, pr_flows *f, const pr_trace_options *o,
		     int cites, pr_error *err);

int
pr_trace_run(pr_trace **out, pr_flows *f, const pr_trace_options *o,
	     pr_error *err)
{
	return trace_run(out, f, o, 0, err);
}

int
pr__trace_run_citing(pr_trace **out, pr_flows *f, const pr_trace_options *o,
		     pr_error *err)
{
	return trace_run(out, f, o, 1, err);
}

static int
trace_run(pr_trace **out, pr_flows *f, const pr_trace_options *o, int cites,
	  pr_error *err)
{
	pr_trace_options def = PR_TRACE_OPTIONS_INIT;
	pr__tr_options eo;
	struct pr_trace *t;
	char d[16] = "";
	int rc;

	if (out == NULL || f == NULL || pr_flows_store(f) == NULL)
		return pr__error_set(err, PR_EINVALID, "no flows");
	*out = NULL;
	if (o == NULL)
		o = &def;
	if ((unsigned)o->method >= PR_METHOD_COUNT)
		return pr__error_set(err, PR_EINVALID, "unknown method");
	t = pr__calloc(1, sizeof(*t));
	if (t == NULL)
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	t->st = pr_flows_store(f);
	t->err = err;
	t->opts = *o;
	t->opts.lineage = NULL;
	t->want_lineage = o->lineage != NULL || o->keep_movements;
	t->want_cites = t->want_lineage || cites;
	if (o->has_as_of)
		pr_date_format(d, o->as_of);
	{
		char buf[400];

		snprintf(buf, sizeof(buf), "method %s; victims within the "
			 "tainted part %s; fee of a multi-output transaction "
			 "%s; intraday order: %s; opening balances of "
			 "unknown origin; as of %s; %s; %s",
			 method_names[o->method], o->victims_fifo ?
			 "oldest first" : "in proportion", o->fee_pro_rata ?
			 "in proportion" : "the last output",
			 o->intraday == PR_INTRADAY_CREDITS_FIRST ?
			 "money in first, then transfers, then money out" :
			 o->intraday == PR_INTRADAY_DEBITS_FIRST ?
			 "money out first, then transfers, then money in" :
			 "statement order (document, line)",
			 o->has_as_of ? d : "the last record",
			 o->allow_unreconciled ? "unreconciled accounts "
			 "allowed" : "every account reconciled",
			 "window and fee tolerance as for flows");
		t->params = pr__strdup(buf);
	}
	if (t->params == NULL) {
		rc = oom(t);
		goto fail;
	}
	if ((rc = gate(t, f)) != PR_OK ||
	    (rc = load_origins(t)) != PR_OK ||
	    (rc = load_designations(t)) != PR_OK)
		goto fail;
	t->n_hold_of = pr__flows_strings(f);
	t->hold_of = pr__calloc(t->n_hold_of ? t->n_hold_of : 1,
				sizeof(*t->hold_of));
	if (t->hold_of == NULL) {
		rc = oom(t);
		goto fail;
	}
	eo.rule = (pr__tr_rule)o->method;
	eo.victims_fifo = o->victims_fifo;
	eo.fee_pro_rata = o->fee_pro_rata;
	t->eng = pr__tr_new(&eo, 0, NULL, 0, (uint32_t)t->origins.n, 1);
	if (t->eng == NULL) {
		rc = oom(t);
		goto fail;
	}
	t->eng_curs = 1;
	if ((rc = run_flows(t, f, o)) != PR_OK ||
	    (rc = gate_decide(t, o->allow_unreconciled)) != PR_OK)
		goto fail;
	if (o->method != PR_METHOD_POISON &&
	    (rc = pr__tr_check(t->eng, err)) != PR_OK)
		goto fail;
	if (t->want_lineage && (rc = index_movements(t)) != PR_OK)
		goto fail;
	if (o->lineage != NULL &&
	    (rc = lineage(t, o->lineage, &t->lin)) != PR_OK)
		goto fail;
	sqlite3_finalize(t->q_row);
	t->q_row = NULL;
	t->err = NULL;
	*out = t;
	return PR_OK;
fail:
	t->err = NULL;
	pr_trace_free(t);
	return rc;
}

void
pr_trace_free(pr_trace *t)
{
	size_t i;

	if (t == NULL)
		return;
	pr__tr_free(t->eng);
	names_free(&t->origins);
	names_free(&t->holders);
	names_free(&t->sinks);
	names_free(&t->curs);
	pr__free(t->minor);
	for (i = 0; i < t->n_warn; i++)
		pr__free(t->warn[i]);
	pr__free(t->warn);
	for (i = 0; i < t->n_dg; i++) {
		pr__free(t->dg[i].match);
		pr__free(t->dg[i].account);
		pr__free(t->dg[i].where);
	}
	pr__free(t->dg);
	names_free(&t->dg_accts);
	pr__free(t->hold_of);
	for (i = 0; i < t->bad.n; i++)
		pr__free(t->bad_key[i]);
	pr__free(t->bad_key);
	names_free(&t->bad);
	pr__free(t->lm);
	pr__free(t->cited);
	pr__free(t->sums);
	pr__free(t->cites);
	pr__free(t->into_at);
	pr__free(t->into);
	pr_lineage_free(t->lin);
	sqlite3_finalize(t->q_row);
	pr_recon_free(t->own_recon);
	pr__free(t->params);
	pr__free(t->inflow);
	for (i = 0; i < t->n_hname; i++)
		pr__free(t->hname[i]);
	pr__free(t->hname);
	pr__free(t->taint_last);
	pr__free(t->tainted);
	pr__free(t);
}

/* ---------------------------------------------------------------- */
/* results */

static void
movement(const pr_trace *t, const struct lmove *m, pr_trace_movement *out)
{
	out->flow = m->flow == NO_FLOW ? 0 : (unsigned long)m->flow + 1;
	out->date = m->date;
	out->origin = t->origins.s[m->origin];
	out->from = m->from >= 0 ? t->holders.s[m->from] : NULL;
	out->amount = m->amount;
	out->evidence = t->cites + m->cite;
}

size_t
pr_trace_cited_count(const pr_trace *t, size_t h, size_t *more)
{
	if (more != NULL)
		*more = 0;
	if (t == NULL || h >= t->cap_cited)
		return 0;
	if (more != NULL)
		*more = t->cited[h].more;
	return t->cited[h].n;
}

int
pr_trace_cited(const pr_trace *t, size_t h, size_t i, pr_trace_movement *out)
{
	if (out == NULL || i >= pr_trace_cited_count(t, h, NULL))
		return PR_EINVALID;
	movement(t, &t->cited[h].first[i], out);
	return PR_OK;
}

int
pr__trace_cites(const pr_trace *t)
{
	return t->want_cites;
}

size_t
pr_trace_into_count(const pr_trace *t, size_t h)
{
	if (t == NULL || h >= t->n_into)
		return 0;
	return t->into_at[h + 1] - t->into_at[h];
}

int
pr_trace_into(const pr_trace *t, size_t h, size_t i, pr_trace_movement *out)
{
	const struct lmove *m;

	if (out == NULL || i >= pr_trace_into_count(t, h))
		return PR_EINVALID;
	m = &t->lm[t->into[t->into_at[h] + i]];
	movement(t, m, out);
	return PR_OK;
}

size_t
pr_trace_origin_count(const pr_trace *t)
{
	return t ? t->origins.n : 0;
}

const char *
pr_trace_origin(const pr_trace *t, size_t k)
{
	return t && k < t->origins.n ? t->origins.s[k] : NULL;
}

size_t
pr_trace_holder_count(const pr_trace *t)
{
	return t ? t->holders.n : 0;
}

const char *
pr_trace_holder(const pr_trace *t, size_t i)
{
	return t && i < t->holders.n ? t->holders.s[i] : NULL;
}

size_t
pr_trace_sink_count(const pr_trace *t)
{
	return t ? t->sinks.n : 0;
}

const char *
pr_trace_sink(const pr_trace *t, size_t i)
{
	return t && i < t->sinks.n ? t->sinks.s[i] : NULL;
}

const char *
pr_trace_holder_name(const pr_trace *t, size_t i)
{
	return t && i < t->n_hname ? t->hname[i] : NULL;
}

const char *
pr_trace_holder_currency(const pr_trace *t, size_t i)
{
	return t && i < t->holders.n ? t->curs.s[t->holders.cur[i]] : NULL;
}

const char *
pr_trace_sink_currency(const pr_trace *t, size_t i)
{
	return t && i < t->sinks.n ? t->curs.s[t->sinks.cur[i]] : NULL;
}


const char *
pr_trace_held(const pr_trace *t, size_t holder_i, size_t origin,
	      char *buf, size_t size)
{
	if (t == NULL || holder_i >= t->holders.n || origin >= t->origins.n)
		return NULL;
	return fmt_amount(pr__tr_held(t->eng, (uint32_t)holder_i,
				      (uint32_t)origin),
			  t->minor[t->holders.cur[holder_i]], buf, size);
}

const char *
pr_trace_sunk(const pr_trace *t, size_t sink_i, size_t origin, char *buf,
	      size_t size)
{
	if (t == NULL || sink_i >= t->sinks.n || origin >= t->origins.n)
		return NULL;
	return fmt_amount(pr__tr_sunk(t->eng, (uint32_t)sink_i,
				      (uint32_t)origin),
			  t->minor[t->sinks.cur[sink_i]], buf, size);
}

int64_t
pr_trace_held_units(const pr_trace *t, size_t holder_i, size_t origin)
{
	if (t == NULL || holder_i >= t->holders.n || origin >= t->origins.n)
		return 0;
	return pr__tr_held(t->eng, (uint32_t)holder_i, (uint32_t)origin);
}

int64_t
pr_trace_sunk_units(const pr_trace *t, size_t sink_i, size_t origin)
{
	if (t == NULL || sink_i >= t->sinks.n || origin >= t->origins.n)
		return 0;
	return pr__tr_sunk(t->eng, (uint32_t)sink_i, (uint32_t)origin);
}

int64_t
pr_trace_inflow_units(const pr_trace *t, size_t holder_i, size_t origin)
{
	if (t == NULL || holder_i >= t->holders.n || origin >= t->origins.n ||
	    holder_i >= t->cap_by_holder)
		return 0;
	return t->inflow[holder_i * t->origins.n + origin];
}

unsigned
pr_trace_holder_minor(const pr_trace *t, size_t holder_i)
{
	if (t == NULL || holder_i >= t->holders.n)
		return 0;
	return t->minor[t->holders.cur[holder_i]];
}

unsigned
pr_trace_sink_minor(const pr_trace *t, size_t sink_i)
{
	if (t == NULL || sink_i >= t->sinks.n)
		return 0;
	return t->minor[t->sinks.cur[sink_i]];
}

int
pr_trace_holder_tainted_last(const pr_trace *t, size_t holder_i,
			     pr_date *out)
{
	if (t == NULL || holder_i >= t->holders.n ||
	    holder_i >= t->cap_by_holder || !t->tainted[holder_i])
		return 0;
	if (out != NULL)
		*out = t->taint_last[holder_i];
	return 1;
}

int
pr_trace_held_zero(const pr_trace *t, size_t holder_i, size_t origin)
{
	return pr__tr_held(t->eng, (uint32_t)holder_i, (uint32_t)origin) ==
	       0;
}

int
pr_trace_sunk_zero(const pr_trace *t, size_t sink_i, size_t origin)
{
	return pr__tr_sunk(t->eng, (uint32_t)sink_i, (uint32_t)origin) == 0;
}

size_t
pr_trace_warning_count(const pr_trace *t)
{
	return t ? t->n_warn : 0;
}

const char *
pr_trace_warning(const pr_trace *t, size_t i)
{
	return t && i < t->n_warn ? t->warn[i] : NULL;
}

const pr_lineage *
pr_trace_lineage(const pr_trace *t)
{
	return t ? t->lin : NULL;
}

const pr_trace_options *
pr__trace_options(const pr_trace *t)
{
	return &t->opts;
}

pr_store *
pr__trace_store(const pr_trace *t)
{
	return t->st;
}

const char *
pr_trace_parameters(const pr_trace *t)
{
	return t ? t->params : "";
}
