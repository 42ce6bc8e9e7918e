/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * proceeds bsa: the case's BSA reports with what they link to, and the
 * cash days over $10,000 with the CTR that covers each (docs/bsa.md).
 *
 * Everything is read once into memory (reports, the case's accounts,
 * parties, control lines and cash transactions) and joined in C; the
 * result is one JSON model, which the three formats render, so that
 * table, CSV and JSON always say the same thing.
 *
 * Cash: the case's records have no cash flag, so a bank row is cash when
 * its description holds, ASCII case folded, one of cash_words (below);
 * docs/bsa.md says so. A business day is the row's posting date.
 */
#include "config.h"
#include "common.h"
#include "proceeds/screen.h"
#include "store.h"
#include "bsa.h"

#include <stdlib.h>
#include <string.h>
#include <jansson.h>

/* What makes a bank row cash (docs/bsa.md). */
static const char *const cash_words[] = {
	"cash deposit", "cash withdrawal", "atm withdrawal",
	"currency deposit", "cash wdl"
};

/* 31 CFR 1010.311: more than $10,000, in cents */
#define CTR_THRESHOLD 1000000

struct acct {
	int64_t id;
	char *ident;
	char *digits;
};

struct cparty {
	char *pseudonym;
	char *role;
	char *name;
	char *norm;
};

struct ctl {
	char *account;
	char *pseudonym;
	char *relation;
	int has_start, has_end;
	pr_date start, end;
};

struct ctxn {
	int64_t id;
	char *where;            /* document:line */
	size_t acct;            /* index into accts */
	pr_date date;
	int64_t amount;         /* cents, signed */
};

struct model {
	pr_store *st;
	struct acct *accts;
	size_t n_accts;
	struct cparty *parties;
	size_t n_parties;
	struct ctl *ctls;
	size_t n_ctls;
	struct ctxn *cash;
	size_t n_cash;
	pr_error *err;
};

static void
money(char *buf, size_t size, int64_t cents)
{
	uint64_t v = cents < 0 ? (uint64_t)0 - (uint64_t)cents :
		     (uint64_t)cents;

	snprintf(buf, size, "%s%llu.%02llu", cents < 0 ? "-" : "",
		 (unsigned long long)(v / 100), (unsigned long long)(v % 100));
}

static json_t *
jmoney(int64_t cents)
{
	char b[32];

	money(b, sizeof(b), cents);
	return json_string(b);
}

static json_t *
jdate(pr_date d)
{
	char b[16];

	pr_date_format(b, d);
	return json_string(b);
}

static int
icontains(const char *hay, const char *needle)
{
	size_t n = strlen(needle), i, j;

	for (i = 0; hay[i] != '\0'; i++) {
		for (j = 0; j < n; j++) {
			char c = hay[i + j];

			if (c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
			if (c != needle[j])
				break;
		}
		if (j == n)
			return 1;
	}
	return 0;
}

static char *
digits_of(const char *s)
{
	size_t n = strlen(s), k = 0, i;
	char *d = pr__malloc(n + 1);

	if (d == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		if (s[i] >= '0' && s[i] <= '9')
			d[k++] = s[i];
	d[k] = '\0';
	return d;
}

static char *
col_dup(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return pr__strdup(t != NULL ? (const char *)t : "");
}

static void
model_free(struct model *m)
{
	size_t i;

	for (i = 0; i < m->n_accts; i++) {
		pr__free(m->accts[i].ident);
		pr__free(m->accts[i].digits);
	}
	for (i = 0; i < m->n_parties; i++) {
		pr__free(m->parties[i].pseudonym);
		pr__free(m->parties[i].role);
		pr__free(m->parties[i].norm);
		pr__free(m->parties[i].name);
	}
	for (i = 0; i < m->n_ctls; i++) {
		pr__free(m->ctls[i].account);
		pr__free(m->ctls[i].pseudonym);
		pr__free(m->ctls[i].relation);
	}
	for (i = 0; i < m->n_cash; i++)
		pr__free(m->cash[i].where);
	pr__free(m->accts);
	pr__free(m->parties);
	pr__free(m->ctls);
	pr__free(m->cash);
}

#define NOMEM(e) pr__error_set((e), PR_ENOMEM, "out of memory")

static int
load(struct model *m)
{
	pr_store *st = m->st;
	sqlite3_stmt *s = NULL;
	size_t cap = 0;
	int rc = PR_OK, q;

	/* the case's accounts */
	if (sqlite3_prepare_v2(st->db, "SELECT id, ident FROM account ORDER"
			       " BY id", -1, &s, NULL) != SQLITE_OK)
		return pr__store_dberr(st, m->err, "bsa");
	while ((q = sqlite3_step(s)) == SQLITE_ROW) {
		struct acct *a;

		if (pr__grow((void **)&m->accts, &cap, m->n_accts + 1,
			     sizeof(*m->accts)))
			goto nomem;
		a = &m->accts[m->n_accts];
		a->id = sqlite3_column_int64(s, 0);
		a->ident = col_dup(s, 1);
		a->digits = a->ident != NULL ? digits_of(a->ident) : NULL;
		m->n_accts++;
		if (a->ident == NULL || a->digits == NULL)
			goto nomem;
	}
	sqlite3_finalize(s);
	s = NULL;
	if (q != SQLITE_DONE)
		return pr__store_dberr(st, m->err, "bsa");
	/* the case's parties, by pseudonym; their names only normalised */
	cap = 0;
	if (sqlite3_prepare_v2(st->db, "SELECT pseudonym, role, name FROM"
			       " party ORDER BY id", -1, &s, NULL) != SQLITE_OK)
		return pr__store_dberr(st, m->err, "bsa");
	while ((q = sqlite3_step(s)) == SQLITE_ROW) {
		struct cparty *p;

		if (pr__grow((void **)&m->parties, &cap, m->n_parties + 1,
			     sizeof(*m->parties)))
			goto nomem;
		p = &m->parties[m->n_parties++];
		memset(p, 0, sizeof(*p));
		p->pseudonym = col_dup(s, 0);
		p->role = col_dup(s, 1);
		p->name = col_dup(s, 2);
		if (p->pseudonym == NULL || p->role == NULL || p->name == NULL ||
		    pr__bsa_name_norm(&p->norm, (const char *)
				      sqlite3_column_text(s, 2)) != PR_OK)
			goto nomem;
	}
	sqlite3_finalize(s);
	s = NULL;
	if (q != SQLITE_DONE)
		return pr__store_dberr(st, m->err, "bsa");
	/* who owns or controls which account, when */
	cap = 0;
	if (sqlite3_prepare_v2(st->db, "SELECT c.account, p.pseudonym,"
			       " c.relation, c.start_date, c.end_date FROM"
			       " control c JOIN party p ON p.id = c.party_id"
			       " ORDER BY c.id", -1, &s, NULL) != SQLITE_OK)
		return pr__store_dberr(st, m->err, "bsa");
	while ((q = sqlite3_step(s)) == SQLITE_ROW) {
		struct ctl *c;

		if (pr__grow((void **)&m->ctls, &cap, m->n_ctls + 1,
			     sizeof(*m->ctls)))
			goto nomem;
		c = &m->ctls[m->n_ctls++];
		memset(c, 0, sizeof(*c));
		c->account = col_dup(s, 0);
		c->pseudonym = col_dup(s, 1);
		c->relation = col_dup(s, 2);
		if (c->account == NULL || c->pseudonym == NULL ||
		    c->relation == NULL)
			goto nomem;
		c->has_start = sqlite3_column_type(s, 3) != SQLITE_NULL;
		c->start = (pr_date)sqlite3_column_int64(s, 3);
		c->has_end = sqlite3_column_type(s, 4) != SQLITE_NULL;
		c->end = (pr_date)sqlite3_column_int64(s, 4);
	}
	sqlite3_finalize(s);
	s = NULL;
	if (q != SQLITE_DONE)
		return pr__store_dberr(st, m->err, "bsa");
	/* cash rows of USD accounts */
	cap = 0;
	if (sqlite3_prepare_v2(st->db, "SELECT t.id, d.name, t.line,"
			       " t.account_id, t.date, t.amount, t.description"
			       " FROM txn t JOIN account a ON a.id ="
			       " t.account_id JOIN document d ON d.id ="
			       " t.document_id WHERE a.currency = 'USD' AND"
			       " typeof(t.amount) = 'integer' ORDER BY t.date,"
			       " t.id", -1, &s, NULL) != SQLITE_OK)
		return pr__store_dberr(st, m->err, "bsa");
	while ((q = sqlite3_step(s)) == SQLITE_ROW) {
		const char *desc = (const char *)sqlite3_column_text(s, 6);
		int64_t aid = sqlite3_column_int64(s, 3);
		struct ctxn *x;
		char where[600];
		size_t k, a;

		for (k = 0; k < sizeof(cash_words) / sizeof(cash_words[0]);
		     k++)
			if (desc != NULL && icontains(desc, cash_words[k]))
				break;
		if (k == sizeof(cash_words) / sizeof(cash_words[0]))
			continue;
		for (a = 0; a < m->n_accts && m->accts[a].id != aid; a++)
			;
		if (a == m->n_accts)
			continue;
		if (pr__grow((void **)&m->cash, &cap, m->n_cash + 1,
			     sizeof(*m->cash)))
			goto nomem;
		x = &m->cash[m->n_cash];
		x->id = sqlite3_column_int64(s, 0);
		snprintf(where, sizeof(where), "%s:%lld",
			 (const char *)sqlite3_column_text(s, 1),
			 (long long)sqlite3_column_int64(s, 2));
		x->where = pr__strdup(where);
		if (x->where == NULL)
			goto nomem;
		x->acct = a;
		x->date = (pr_date)sqlite3_column_int64(s, 4);
		x->amount = sqlite3_column_int64(s, 5);
		m->n_cash++;
	}
	sqlite3_finalize(s);
	s = NULL;
	if (q != SQLITE_DONE)
		return pr__store_dberr(st, m->err, "bsa");
	return rc;
nomem:
	sqlite3_finalize(s);
	return NOMEM(m->err);
}

/*
 * The case accounts an account number of a report names: exactly (the
 * same digits, at least 6 of them) or as a hint (the last four digits
 * of both agree: a masked number, or a case account known only by its
 * last four). Appends to links one string per account; marks each in
 * hit[] (1 exact, 2 hint).
 */
static int
link_account(const struct model *m, const char *number, json_t *links,
	     unsigned char *hit)
{
	char *d = digits_of(number);
	size_t i, n;
	int masked = strchr(number, '*') != NULL ||
		     strchr(number, 'X') != NULL ||
		     strchr(number, 'x') != NULL;

	if (d == NULL)
		return PR_ENOMEM;
	n = strlen(d);
	for (i = 0; i < m->n_accts && n >= 4; i++) {
		const char *cd = m->accts[i].digits;
		size_t cn = strlen(cd);
		char b[400];

		if (cn < 4)
			continue;
		if (!masked && cn == n && n >= 6 && strcmp(cd, d) == 0) {
			snprintf(b, sizeof(b), "%s (exact)",
				 m->accts[i].ident);
			hit[i] = 1;
		} else if (strcmp(cd + cn - 4, d + n - 4) == 0) {
			snprintf(b, sizeof(b), "%s (hint: last four %s)",
				 m->accts[i].ident, d + n - 4);
			if (hit[i] == 0)
				hit[i] = 2;
		} else {
			continue;
		}
		if (json_array_append_new(links, json_string(b))) {
			pr__free(d);
			return PR_ENOMEM;
		}
	}
	pr__free(d);
	return PR_OK;
}

/* The case party whose normalised name is norm, or NULL. */
static const struct cparty *
party_by_norm(const struct model *m, const char *norm)
{
	size_t i;

	if (norm == NULL || norm[0] == '\0')
		return NULL;
	for (i = 0; i < m->n_parties; i++)
		if (strcmp(m->parties[i].norm, norm) == 0)
			return &m->parties[i];
	return NULL;
}

/* The case party a name may be (pr_screen_may_be: the screen's score
 * at its default threshold, or the same words and initials), the most
 * alike first (*score), or NULL. */
static const struct cparty *
party_by_score(const struct model *m, const char *name, int *score)
{
	const struct cparty *best = NULL;
	size_t i;

	if (name == NULL || name[0] == '\0')
		return NULL;
	for (i = 0; i < m->n_parties; i++) {
		int sc = 0;

		if (pr_screen_may_be(name, m->parties[i].name, &sc) == 1 &&
		    (best == NULL || sc > *score)) {
			*score = sc;
			best = &m->parties[i];
		}
	}
	return best;
}

/*
 * A party of a report linked by its name or one of its other names
 * ("; "-separated): the same normalised name (*score 10000), else the
 * case party it is most like by the screen's score (*score that
 * score): a victim named another way in a SAR ("Ana M. Lopez") must
 * still be shown by pseudonym only, without her identifiers.
 */
static const struct cparty *
link_party(const struct model *m, const char *name, const char *norm,
	   const char *aka, int *score)
{
	const struct cparty *p = party_by_norm(m, norm);
	const char *s = aka;

	*score = p != NULL ? 10000 : 0;
	while (p == NULL && s != NULL && *s != '\0') {
		const char *e = strstr(s, "; ");
		size_t n = e != NULL ? (size_t)(e - s) : strlen(s);
		char *one = pr__strndup(s, n), *nn = NULL;

		if (one != NULL && pr__bsa_name_norm(&nn, one) == PR_OK)
			p = party_by_norm(m, nn);
		if (p != NULL)
			*score = 10000;
		pr__free(one);
		pr__free(nn);
		s = e != NULL ? e + 2 : NULL;
	}
	if (p == NULL) {
		const struct cparty *q = party_by_score(m, name, score);

		for (s = aka; s != NULL && *s != '\0';) {
			const char *e = strstr(s, "; ");
			size_t n = e != NULL ? (size_t)(e - s) : strlen(s);
			char *one = pr__strndup(s, n);
			const struct cparty *r = one != NULL ?
				party_by_score(m, one, score) : NULL;

			if (r != NULL)
				q = r;
			pr__free(one);
			s = e != NULL ? e + 2 : NULL;
		}
		p = q;
	}
	return p;
}

static const char *
cash_label(int code)
{
	switch (code) {
	case 55: return "deposit(s)";
	case 46: return "payment(s)";
	case 23: return "currency received for wire(s) out";
	case 12: return "negotiable instrument(s) purchased";
	case 14: return "currency exchange in";
	case 49: return "currency to prepaid access";
	case 18: return "purchase(s) of casino chips";
	case 21: return "currency wager(s)";
	case 25: return "bills inserted into gaming devices";
	case 997: return "other cash in";
	case 56: return "withdrawal(s)";
	case 30: return "advance(s) on credit";
	case 32: return "currency paid from wire(s) in";
	case 13: return "negotiable instrument(s) cashed";
	case 15: return "currency exchange out";
	case 48: return "currency from prepaid access";
	case 28: return "redemption(s) of casino chips";
	case 31: return "payment(s) on wager(s)";
	case 33: return "travel and complimentary expenses";
	case 34: return "payment for tournament or promotion";
	case 998: return "other cash out";
	case 53: return "foreign currency in";
	case 54: return "foreign currency out";
	default: return "other";
	}
}

/* The names FinCEN's SAR XML schema (v1.2) gives the subtypes a
 * trafficking case meets most; the rest print as TYPE/SUBTYPE only. */
static const char *
category_label(const char *c)
{
	static const struct {
		const char *code;
		const char *name;
	} names[] = {
		{ "1/106", "structuring: inquiry about BSA reporting" },
		{ "1/111", "structuring: avoids BSA recordkeeping" },
		{ "1/112", "structuring: avoids a CTR" },
		{ "1/113", "structuring: below BSA recordkeeping threshold" },
		{ "1/114", "structuring: below CTR threshold" },
		{ "8/807", "suspicious use of multiple accounts" },
		{ "8/809", "third-party transactors (straw-man)" },
		{ "8/812", "out of pattern for the customer" },
		{ "8/821", "suspicious source of funds" },
		{ "8/824", "funnel account" },
		{ "9/910", "suspicious use of multiple locations" },
		{ "9/911", "two or more individuals working together" },
		{ "9/925", "no apparent economic, business or lawful purpose" },
		{ "9/926", "human smuggling" },
		{ "9/927", "human trafficking" },
		{ "9/928", "foreign high-risk jurisdiction" },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(c, names[i].code) == 0)
			return names[i].name;
	return NULL;
}

static int
add_s(json_t *o, const char *k, const char *v)
{
	return json_object_set_new(o, k, json_string(v != NULL ? v : ""));
}

/* One report as a JSON object (reportstmt row r), with its links; hit
 * gets the case accounts it names. */
static int
report_obj(struct model *m, sqlite3_stmt *r, json_t **out,
	   unsigned char *hit, int64_t *rid_out)
{
	pr_store *st = m->st;
	json_t *o = json_object(), *arr, *links;
	sqlite3_stmt *s = NULL;
	int64_t rid = sqlite3_column_int64(r, 0);
	const char *kind = (const char *)sqlite3_column_text(r, 3);
	int ctr = strcmp(kind, "CTR") == 0;
	char src[600];
	int q, e = 0;

	*out = NULL;
	*rid_out = rid;
	if (o == NULL)
		return NOMEM(m->err);
	snprintf(src, sizeof(src), "%s:%lld", sqlite3_column_text(r, 1),
		 (long long)sqlite3_column_int64(r, 2));
	e |= add_s(o, "kind", kind);
	e |= add_s(o, "id", (const char *)sqlite3_column_text(r, 4));
	if (!ctr)
		e |= json_object_set_new(o, "human_trafficking",
					 json_boolean(sqlite3_column_int(r,
									 15)));
	e |= json_object_set_new(o, "filed", jdate((pr_date)
					sqlite3_column_int64(r, 6)));
	e |= add_s(o, "filer", (const char *)sqlite3_column_text(r, 7));
	e |= add_s(o, "filer_tin", (const char *)sqlite3_column_text(r, 8));
	if (((const char *)sqlite3_column_text(r, 5))[0] != '\0')
		e |= add_s(o, "amends", (const char *)
			   sqlite3_column_text(r, 5));
	if (sqlite3_column_type(r, 9) != SQLITE_NULL) {
		char f[16], t[16], p[40];

		pr_date_format(f, (pr_date)sqlite3_column_int64(r, 9));
		if (sqlite3_column_type(r, 10) != SQLITE_NULL)
			pr_date_format(t, (pr_date)sqlite3_column_int64(r,
									10));
		else
			snprintf(t, sizeof(t), "%s", f);
		if (strcmp(f, t) == 0)
			snprintf(p, sizeof(p), "%s", f);
		else
			snprintf(p, sizeof(p), "%s..%s", f, t);
		e |= add_s(o, ctr ? "transaction_date" : "activity", p);
	}
	if (sqlite3_column_type(r, 11) != SQLITE_NULL)
		e |= json_object_set_new(o, "amount",
					 jmoney(sqlite3_column_int64(r, 11)));
	if (ctr) {
		e |= json_object_set_new(o, "cash_in",
					 jmoney(sqlite3_column_int64(r, 12)));
		e |= json_object_set_new(o, "cash_out",
					 jmoney(sqlite3_column_int64(r, 13)));
	} else {
		const char *cats = (const char *)sqlite3_column_text(r, 14);
		const char *c = cats;

		arr = json_array();
		e |= json_object_set_new(o, "categories", arr);
		while (arr != NULL && c != NULL && *c != '\0') {
			const char *end = strstr(c, "; ");
			size_t n = end != NULL ? (size_t)(end - c) : strlen(c);
			char one[80], lab[160];
			const char *l;

			snprintf(one, sizeof(one), "%.*s", (int)n, c);
			l = category_label(one);
			if (l != NULL)
				snprintf(lab, sizeof(lab), "%s %s", one, l);
			else
				snprintf(lab, sizeof(lab), "%s", one);
			e |= json_array_append_new(arr, json_string(lab));
			c = end != NULL ? end + 2 : NULL;
		}
	}
	/* parties */
	arr = json_array();
	e |= json_object_set_new(o, "parties", arr);
	if (sqlite3_prepare_v2(st->db, "SELECT role_code, name, norm, aka,"
			       " tin, birth_date, ids, cash_in, cash_out, line"
			       " FROM bsa_party WHERE report_id = ?1 AND"
			       " role_code NOT IN (30) ORDER BY n", -1, &s,
			       NULL) != SQLITE_OK)
		return pr__store_dberr(st, m->err, "bsa");
	sqlite3_bind_int64(s, 1, rid);
	while ((q = sqlite3_step(s)) == SQLITE_ROW) {
		json_t *p = json_object();
		int score;
		const struct cparty *cp = link_party(m, (const char *)
			sqlite3_column_text(s, 1), (const char *)
			sqlite3_column_text(s, 2), (const char *)
			sqlite3_column_text(s, 3), &score);
		int victim = cp != NULL && strcmp(cp->role, "victim") == 0;

		e |= json_array_append_new(arr, p);
		if (p == NULL)
			continue;
		e |= add_s(p, "role", pr__bsa_role(sqlite3_column_int(s, 0)));
		if (cp != NULL) {
			char who[120];

			if (score == 10000)
				snprintf(who, sizeof(who), "%s (%s, by name)",
					 cp->pseudonym, cp->role);
			else
				snprintf(who, sizeof(who), "%s (%s, by a "
					 "like name: %d bp)", cp->pseudonym,
					 cp->role, score);
			e |= add_s(p, "party", who);
		} else {
			e |= add_s(p, "party", (const char *)
				   sqlite3_column_text(s, 1));
		}
		/* a victim's identifiers would name her: by pseudonym only */
		if (!victim) {
			if (((const char *)sqlite3_column_text(s, 4))[0])
				e |= add_s(p, "tin", (const char *)
					   sqlite3_column_text(s, 4));
			if (((const char *)sqlite3_column_text(s, 5))[0])
				e |= add_s(p, "born", (const char *)
					   sqlite3_column_text(s, 5));
			if (((const char *)sqlite3_column_text(s, 6))[0])
				e |= add_s(p, "ids", (const char *)
					   sqlite3_column_text(s, 6));
			if (cp == NULL &&
			    ((const char *)sqlite3_column_text(s, 3))[0])
				e |= add_s(p, "aka", (const char *)
					   sqlite3_column_text(s, 3));
		}
		if (sqlite3_column_type(s, 7) != SQLITE_NULL)
			e |= json_object_set_new(p, "cash_in", jmoney(
				sqlite3_column_int64(s, 7)));
		if (sqlite3_column_type(s, 8) != SQLITE_NULL)
			e |= json_object_set_new(p, "cash_out", jmoney(
				sqlite3_column_int64(s, 8)));
	}
	sqlite3_finalize(s);
	s = NULL;
	if (q != SQLITE_DONE)
		return pr__store_dberr(st, m->err, "bsa");
	/* accounts */
	arr = json_array();
	e |= json_object_set_new(o, "accounts", arr);
	if (sqlite3_prepare_v2(st->db, "SELECT number, assoc FROM bsa_account"
			       " WHERE report_id = ?1 ORDER BY id", -1, &s,
			       NULL) != SQLITE_OK)
		return pr__store_dberr(st, m->err, "bsa");
	sqlite3_bind_int64(s, 1, rid);
	while ((q = sqlite3_step(s)) == SQLITE_ROW) {
		json_t *a = json_object();
		int assoc = sqlite3_column_int(s, 1);

		links = json_array();
		e |= json_array_append_new(arr, a);
		if (a == NULL || links == NULL) {
			json_decref(links);
			e = 1;
			continue;
		}
		e |= add_s(a, "number", (const char *)
			   sqlite3_column_text(s, 0));
		if (ctr && (assoc == 8 || assoc == 9))
			e |= add_s(a, "cash", assoc == 8 ? "in" : "out");
		if (link_account(m, (const char *)sqlite3_column_text(s, 0),
				 links, hit) != PR_OK)
			e = 1;
		if (json_array_size(links) == 0)
			e |= json_array_append_new(links, json_string(
				"no account of the case"));
		e |= json_object_set_new(a, "case_accounts", links);
	}
	sqlite3_finalize(s);
	s = NULL;
	if (q != SQLITE_DONE)
		return pr__store_dberr(st, m->err, "bsa");
	if (ctr) {
		/* cash by kind, then the case's cash rows it covers */
		json_t *kinds = json_array(), *rows = json_array();
		pr_date day = (pr_date)sqlite3_column_int64(r, 9);
		int64_t in = 0, outv = 0;
		size_t i;

		e |= json_object_set_new(o, "cash_by_kind", kinds);
		if (sqlite3_prepare_v2(st->db, "SELECT code, direction, amount"
				       " FROM bsa_cash WHERE report_id = ?1"
				       " ORDER BY id", -1, &s, NULL)
		    != SQLITE_OK) {
			json_decref(rows);
			return pr__store_dberr(st, m->err, "bsa");
		}
		sqlite3_bind_int64(s, 1, rid);
		while ((q = sqlite3_step(s)) == SQLITE_ROW) {
			char line[160], amt[32];

			money(amt, sizeof(amt), sqlite3_column_int64(s, 2));
			snprintf(line, sizeof(line), "%s %s %s",
				 sqlite3_column_text(s, 1),
				 cash_label(sqlite3_column_int(s, 0)), amt);
			e |= json_array_append_new(kinds, json_string(line));
		}
		sqlite3_finalize(s);
		s = NULL;
		for (i = 0; i < m->n_cash; i++) {
			const struct ctxn *x = &m->cash[i];
			char line[800], amt[32];

			if (x->date != day || !hit[x->acct])
				continue;
			money(amt, sizeof(amt), x->amount);
			snprintf(line, sizeof(line), "%s %s %s", x->where,
				 m->accts[x->acct].ident, amt);
			e |= json_array_append_new(rows, json_string(line));
			if (x->amount > 0)
				in += x->amount;
			else
				outv -= x->amount;
		}
		e |= json_object_set_new(o, "case_cash", rows);
		if (json_array_size(rows) == 0) {
			e |= add_s(o, "agreement", "no cash row of the case "
				   "on that day in its accounts");
		} else {
			char t[200], a1[32], a2[32];

			money(a1, sizeof(a1), in);
			money(a2, sizeof(a2), outv);
			if (in == sqlite3_column_int64(r, 12) &&
			    outv == sqlite3_column_int64(r, 13))
				snprintf(t, sizeof(t), "the case's cash rows "
					 "agree (in %s, out %s)", a1, a2);
			else
				snprintf(t, sizeof(t), "the case's cash rows "
					 "differ: in %s, out %s", a1, a2);
			e |= add_s(o, "agreement", t);
		}
	} else {
		const char *nar = (const char *)sqlite3_column_text(r, 16);

		e |= add_s(o, "narrative", nar[0] ? nar : "(none)");
	}
	e |= add_s(o, "source", src);
	if (e) {
		json_decref(o);
		return NOMEM(m->err);
	}
	*out = o;
	return PR_OK;
}

/* A person (pseudonym) or, for an account nobody in the case owns or
 * controls, the account itself, and a business day and a direction. */
struct day {
	char who[200];
	pr_date date;
	int in;
	int64_t total;
	json_t *rows;
	json_t *accounts;       /* case account indexes, as integers */
};

static int
cmp_day(const void *a, const void *b)
{
	const struct day *x = a, *y = b;
	int c;

	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	c = strcmp(x->who, y->who);
	if (c != 0)
		return c;
	return y->in - x->in;
}

/* The people a cash row is by or for: the owners and controllers of its
 * account on its day (the control table); none: the account. */
static int
add_row_days(struct model *m, const struct ctxn *x, struct day **days,
	     size_t *n, size_t *cap)
{
	const char *ident = m->accts[x->acct].ident;
	size_t i, k, found = 0;

	for (i = 0; i <= m->n_ctls; i++) {
		char who[200];
		struct day *d = NULL;
		char line[800], amt[32];

		if (i < m->n_ctls) {
			const struct ctl *c = &m->ctls[i];

			if (strcmp(c->account, ident) != 0 ||
			    (strcmp(c->relation, "owner") != 0 &&
			     strcmp(c->relation, "controller") != 0) ||
			    (c->has_start && x->date < c->start) ||
			    (c->has_end && x->date > c->end))
				continue;
			snprintf(who, sizeof(who), "%s", c->pseudonym);
			found++;
		} else {
			if (found > 0)
				break;
			snprintf(who, sizeof(who), "account %s", ident);
		}
		for (k = 0; k < *n; k++)
			if ((*days)[k].date == x->date &&
			    (*days)[k].in == (x->amount > 0) &&
			    strcmp((*days)[k].who, who) == 0)
				break;
		if (k == *n) {
			if (pr__grow((void **)days, cap, *n + 1,
				     sizeof(**days)))
				return PR_ENOMEM;
			d = &(*days)[(*n)++];
			memset(d, 0, sizeof(*d));
			snprintf(d->who, sizeof(d->who), "%s", who);
			d->date = x->date;
			d->in = x->amount > 0;
			d->rows = json_array();
			d->accounts = json_array();
			if (d->rows == NULL || d->accounts == NULL)
				return PR_ENOMEM;
		}
		d = &(*days)[k];
		d->total += x->amount > 0 ? x->amount : -x->amount;
		money(amt, sizeof(amt), x->amount);
		snprintf(line, sizeof(line), "%s %s %s", x->where, ident, amt);
		if (json_array_append_new(d->rows, json_string(line)) ||
		    json_array_append_new(d->accounts,
					  json_integer((json_int_t)x->acct)))
			return PR_ENOMEM;
	}
	return PR_OK;
}

struct ctr_ref {
	pr_date day;
	char label[200];
	unsigned char *hit;     /* case accounts it names */
	char **persons;         /* pseudonyms of its linked parties */
	size_t n_persons;
	int in, out;            /* it reports cash in, cash out */
};

static int
build(struct model *m, json_t **out)
{
	pr_store *st = m->st;
	sqlite3_stmt *r = NULL, *s = NULL;
	json_t *root = json_object(), *reps = json_array(), *days_j =
		json_array();
	struct day *days = NULL;
	struct ctr_ref *ctrs = NULL;
	size_t n_days = 0, cap = 0, n_ctrs = 0, ctr_cap = 0, i, k;
	unsigned char *hit = NULL;
	int rc = PR_OK, q;
	uint64_t nsar = 0, nctr = 0;
	char summary[200];

	*out = NULL;
	if (root == NULL || reps == NULL || days_j == NULL) {
		rc = NOMEM(m->err);
		goto done;
	}
	if (sqlite3_prepare_v2(st->db, "SELECT r.id, d.name, r.line, r.kind,"
			       " r.bsa_id, r.prior, r.filing_date, r.filer,"
			       " r.filer_tin, r.from_date, r.to_date, r.amount,"
			       " coalesce(r.cash_in, 0), coalesce(r.cash_out,"
			       " 0), r.categories, r.trafficking, r.narrative"
			       " FROM bsa_report r JOIN bsa_document d ON d.id"
			       " = r.document_id ORDER BY r.trafficking DESC,"
			       " r.kind = 'CTR', r.from_date, r.filing_date,"
			       " r.id", -1, &r, NULL) != SQLITE_OK) {
		rc = pr__store_dberr(st, m->err, "bsa");
		goto done;
	}
	while ((q = sqlite3_step(r)) == SQLITE_ROW) {
		json_t *o = NULL;
		int64_t rid;
		int ctr = strcmp((const char *)sqlite3_column_text(r, 3),
				 "CTR") == 0;

		hit = pr__calloc(m->n_accts + 1, 1);
		if (hit == NULL) {
			rc = NOMEM(m->err);
			goto done;
		}
		rc = report_obj(m, r, &o, hit, &rid);
		if (rc != PR_OK)
			goto done;
		if (json_array_append_new(reps, o)) {
			rc = NOMEM(m->err);
			goto done;
		}
		if (ctr) {
			struct ctr_ref *c;
			json_t *ps = json_object_get(o, "parties"), *p;
			size_t j;

			nctr++;
			if (pr__grow((void **)&ctrs, &ctr_cap, n_ctrs + 1,
				     sizeof(*ctrs))) {
				rc = NOMEM(m->err);
				goto done;
			}
			c = &ctrs[n_ctrs++];
			memset(c, 0, sizeof(*c));
			c->day = (pr_date)sqlite3_column_int64(r, 9);
			c->in = sqlite3_column_int64(r, 12) > 0;
			c->out = sqlite3_column_int64(r, 13) > 0;
			snprintf(c->label, sizeof(c->label), "CTR %s (%s:%lld)",
				 sqlite3_column_text(r, 4),
				 sqlite3_column_text(r, 1),
				 (long long)sqlite3_column_int64(r, 2));
			c->hit = hit;
			hit = NULL;
			c->persons = pr__calloc(json_array_size(ps) + 1,
						sizeof(char *));
			if (c->persons == NULL) {
				rc = NOMEM(m->err);
				goto done;
			}
			json_array_foreach(ps, j, p) {
				const char *w = json_string_value(
					json_object_get(p, "party"));
				const char *sp = w != NULL ? strchr(w, ' ') :
						 NULL;

				if (sp != NULL && strstr(w, ", by "))
					c->persons[c->n_persons++] =
						pr__strndup(w, (size_t)
							    (sp - w));
			}
		} else {
			nsar++;
		}
		pr__free(hit);
		hit = NULL;
	}
	if (q != SQLITE_DONE) {
		rc = pr__store_dberr(st, m->err, "bsa");
		goto done;
	}
	/* cash days */
	for (i = 0; i < m->n_cash; i++) {
		if (add_row_days(m, &m->cash[i], &days, &n_days, &cap)) {
			rc = NOMEM(m->err);
			goto done;
		}
	}
	if (n_days > 1)
		qsort(days, n_days, sizeof(*days), cmp_day);
	for (i = 0; i < n_days; i++) {
		struct day *d = &days[i];
		json_t *o, *cov;
		size_t j;

		if (d->total <= CTR_THRESHOLD)
			continue;
		o = json_object();
		cov = json_array();
		if (o == NULL || cov == NULL ||
		    json_array_append_new(days_j, o)) {
			json_decref(cov);
			rc = NOMEM(m->err);
			goto done;
		}
		add_s(o, "person", d->who);
		json_object_set_new(o, "day", jdate(d->date));
		add_s(o, "cash", d->in ? "in" : "out");
		json_object_set_new(o, "total", jmoney(d->total));
		json_object_set(o, "rows", d->rows);
		/* a CTR covers the day when it reports cash the same way on
		 * that day for that person or an account of the day named in
		 * full; an account named by its last four only makes it a
		 * possible one (found in review: a cash-out CTR covered a
		 * cash-in day) */
		for (k = 0; k < n_ctrs; k++) {
			int yes = 0;
			json_t *a;

			if (ctrs[k].day != d->date ||
			    (d->in ? !ctrs[k].in : !ctrs[k].out))
				continue;
			json_array_foreach(d->accounts, j, a) {
				int h = ctrs[k].hit[json_integer_value(a)];

				if (h == 1)
					yes = 2;
				else if (h == 2 && yes == 0)
					yes = 1;
			}
			for (j = 0; j < ctrs[k].n_persons; j++)
				if (ctrs[k].persons[j] != NULL &&
				    strcmp(ctrs[k].persons[j], d->who) == 0)
					yes = 2;
			if (yes == 2) {
				json_array_append_new(cov,
					json_string(ctrs[k].label));
			} else if (yes == 1) {
				char b[260];

				snprintf(b, sizeof(b), "possibly %s (an "
					 "account by its last four only)",
					 ctrs[k].label);
				json_array_append_new(cov, json_string(b));
			}
		}
		if (json_array_size(cov) == 0)
			json_array_append_new(cov,
				json_string("no CTR in the case"));
		json_object_set_new(o, "ctr", cov);
	}
	snprintf(summary, sizeof(summary), "%llu SAR%s, %llu CTR%s",
		 (unsigned long long)nsar, nsar == 1 ? "" : "s",
		 (unsigned long long)nctr, nctr == 1 ? "" : "s");
	add_s(root, "reports_in_case", summary);
	json_object_set(root, "reports", reps);
	add_s(root, "cash_rule", "a bank row is cash when its description "
	      "holds CASH DEPOSIT, CASH WITHDRAWAL, ATM WITHDRAWAL, "
	      "CURRENCY DEPOSIT or CASH WDL; cash in and cash out of one "
	      "person (owner or controller of the account) on one business "
	      "day (posting date) are each added up across the case's "
	      "accounts, and a total over 10000.00 needs a CTR (31 CFR "
	      "1010.311, 1010.313)");
	json_object_set(root, "cash_days_over_10000", days_j);
	*out = root;
	root = NULL;
done:
	sqlite3_finalize(r);
	sqlite3_finalize(s);
	pr__free(hit);
	for (i = 0; i < n_days; i++) {
		json_decref(days[i].rows);
		json_decref(days[i].accounts);
	}
	pr__free(days);
	for (i = 0; i < n_ctrs; i++) {
		pr__free(ctrs[i].hit);
		for (k = 0; k < ctrs[i].n_persons; k++)
			pr__free(ctrs[i].persons[k]);
		pr__free(ctrs[i].persons);
	}
	pr__free(ctrs);
	json_decref(reps);
	json_decref(days_j);
	json_decref(root);
	return rc;
}

/* ---------------------------------------------------------------- */
/* rendering */

static void
label(char *buf, size_t size, const char *key)
{
	size_t i;

	snprintf(buf, size, "%s", key);
	for (i = 0; buf[i] != '\0'; i++)
		if (buf[i] == '_')
			buf[i] = ' ';
}

static void
scalar(char *buf, size_t size, json_t *v)
{
	if (json_is_string(v))
		snprintf(buf, size, "%s", json_string_value(v));
	else if (json_is_true(v))
		snprintf(buf, size, "yes");
	else if (json_is_false(v))
		snprintf(buf, size, "no");
	else if (json_is_integer(v))
		snprintf(buf, size, "%lld", (long long)json_integer_value(v));
	else
		buf[0] = '\0';
}

/* Table: one block per object, "  key: value"; lists one item a line. */
static void
table_obj(FILE *fp, json_t *o, int indent)
{
	const char *key;
	json_t *v;
	char lab[64], val[4096];

	json_object_foreach(o, key, v) {
		/* the block's heading says these */
		if (indent == 2 && (strcmp(key, "kind") == 0 ||
				    strcmp(key, "id") == 0 ||
				    strcmp(key, "human_trafficking") == 0))
			continue;
		label(lab, sizeof(lab), key);
		if (json_is_array(v)) {
			size_t i;
			json_t *x;

			fprintf(fp, "%*s%s:%s\n", indent, "", lab,
				json_array_size(v) == 0 ? " none" : "");
			json_array_foreach(v, i, x) {
				if (json_is_object(x)) {
					const char *k2;
					json_t *v2;
					int first = 1;

					fprintf(fp, "%*s-", indent + 2, "");
					json_object_foreach(x, k2, v2) {
						label(lab, sizeof(lab), k2);
						if (json_is_array(v2)) {
							size_t j;
							json_t *y;

							fprintf(fp, "%s %s:",
								first ? "" :
								";", lab);
							json_array_foreach(v2,
									   j,
									   y) {
								scalar(val,
								       sizeof(val),
								       y);
								fprintf(fp,
									"%s %s",
									j ? ","
									: "",
									val);
							}
						} else {
							scalar(val,
							       sizeof(val), v2);
							fprintf(fp, "%s %s: %s",
								first ? "" :
								";", lab, val);
						}
						first = 0;
					}
					fputc('\n', fp);
				} else {
					scalar(val, sizeof(val), x);
					fprintf(fp, "%*s- %s\n", indent + 2,
						"", val);
				}
			}
		} else {
			scalar(val, sizeof(val), v);
			fprintf(fp, "%*s%s: %s\n", indent, "", lab, val);
		}
	}
}

static void
render_table(FILE *fp, json_t *root)
{
	json_t *reps = json_object_get(root, "reports"), *o;
	json_t *days = json_object_get(root, "cash_days_over_10000");
	size_t i;

	fprintf(fp, "BSA reports in the case: %s\n",
		json_string_value(json_object_get(root, "reports_in_case")));
	json_array_foreach(reps, i, o) {
		json_t *ht = json_object_get(o, "human_trafficking");

		fprintf(fp, "\n%s %s%s\n",
			json_string_value(json_object_get(o, "kind")),
			json_string_value(json_object_get(o, "id")),
			json_is_true(ht) ? "  [HUMAN TRAFFICKING box ticked]"
			: "");
		table_obj(fp, o, 2);
	}
	fprintf(fp, "\nCash days over 10000.00 (31 CFR 1010.313): %zu\n",
		json_array_size(days));
	fprintf(fp, "  rule: %s\n",
		json_string_value(json_object_get(root, "cash_rule")));
	json_array_foreach(days, i, o) {
		json_t *ctr = json_object_get(o, "ctr"), *x, *rows;
		size_t j;

		fprintf(fp, "\n%s %s cash %s %s:",
			json_string_value(json_object_get(o, "day")),
			json_string_value(json_object_get(o, "person")),
			json_string_value(json_object_get(o, "cash")),
			json_string_value(json_object_get(o, "total")));
		json_array_foreach(ctr, j, x)
			fprintf(fp, "%s %s", j ? "," : "",
				json_string_value(x));
		fputc('\n', fp);
		rows = json_object_get(o, "rows");
		json_array_foreach(rows, j, x)
			fprintf(fp, "  - %s\n", json_string_value(x));
	}
}

/* CSV: section,item,field,value, one line per value (a list: one line
 * per member). */
static void
csv_obj(FILE *fp, const char *section, const char *item, json_t *o)
{
	const char *key;
	json_t *v;
	char val[4096];

	json_object_foreach(o, key, v) {
		if (json_is_array(v)) {
			size_t i;
			json_t *x;

			json_array_foreach(v, i, x) {
				if (json_is_object(x)) {
					char sub[300];

					snprintf(sub, sizeof(sub), "%s %s %zu",
						 item, key, i + 1);
					csv_obj(fp, section, sub, x);
				} else {
					const char *cells[4];

					scalar(val, sizeof(val), x);
					cells[0] = section;
					cells[1] = item;
					cells[2] = key;
					cells[3] = val;
					pr__csv_row(fp, cells, 4);
				}
			}
		} else {
			const char *cells[4];

			scalar(val, sizeof(val), v);
			cells[0] = section;
			cells[1] = item;
			cells[2] = key;
			cells[3] = val;
			pr__csv_row(fp, cells, 4);
		}
	}
}

static void
render_csv(FILE *fp, json_t *root)
{
	static const char *const head[] = { "section", "item", "field",
					    "value" };
	json_t *reps = json_object_get(root, "reports"), *o;
	json_t *days = json_object_get(root, "cash_days_over_10000");
	size_t i;
	char item[300];

	pr__csv_row(fp, head, 4);
	json_array_foreach(reps, i, o) {
		snprintf(item, sizeof(item), "%s %s",
			 json_string_value(json_object_get(o, "kind")),
			 json_string_value(json_object_get(o, "id")));
		csv_obj(fp, "report", item, o);
	}
	json_array_foreach(days, i, o) {
		snprintf(item, sizeof(item), "%s %s %s",
			 json_string_value(json_object_get(o, "day")),
			 json_string_value(json_object_get(o, "person")),
			 json_string_value(json_object_get(o, "cash")));
		csv_obj(fp, "cash day", item, o);
	}
}

int
pr_bsa_report(FILE *fp, pr_store *st, pr_format fmt, pr_error *err)
{
	struct model m;
	json_t *root = NULL;
	int rc;

	if (fp == NULL || st == NULL)
		return pr__error_set(err, PR_EINVALID, "no case or output");
	memset(&m, 0, sizeof(m));
	m.st = st;
	m.err = err;
	rc = pr__store_exec(st, "BEGIN", err);
	if (rc != PR_OK)
		return rc;
	rc = load(&m);
	if (rc == PR_OK)
		rc = build(&m, &root);
	sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
	if (rc == PR_OK) {
		if (fmt == PR_FORMAT_JSON) {
			if (json_dumpf(root, fp, JSON_INDENT(2) |
				       JSON_PRESERVE_ORDER) != 0)
				rc = pr__error_set(err, PR_EIO, "cannot write "
						   "the report");
			fputc('\n', fp);
		} else if (fmt == PR_FORMAT_CSV) {
			render_csv(fp, root);
		} else {
			render_table(fp, root);
		}
	}
	json_decref(root);
	model_free(&m);
	return rc;
}
