/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Matching, part one: the evidence read from the case into items (bank
 * and exchange rows, wires, on-chain outputs and fees, a closing's
 * funding lines) with the reference keys their texts name, and the
 * analyst's decisions. Bank and exchange rows come one at a time to
 * pr__match_row, from the reconcile gate's scan or from load_txns, so
 * that a trace reads them once.
 */
#include "config.h"
#include "common.h"
#include "store.h"
#include "match_priv.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { TXN_ID = PR__TXN_ID, TXN_DOC = PR__TXN_DOC, TXN_LINE = PR__TXN_LINE,
       TXN_ACCOUNT = PR__TXN_ACCOUNT, TXN_DATE = PR__TXN_DATE,
       TXN_AMOUNT = PR__TXN_AMOUNT, TXN_DESC = PR__TXN_DESC,
       TXN_REF = PR__TXN_REF, TXN_COUNTER = PR__TXN_COUNTER };

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
		m->acct_nid[k] = pr__strtab_intern(&m->norms, norm,
						   strlen(norm));
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
	return pr__strtab_intern(&m->cuts, d, n);
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
	if (h != 0 && h != UINT32_MAX && pr__match_hint_matches(m, h, a))
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

int
pr__match_load_txns(struct pr__match_feed *mf)
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

/* What a row needs before the first comes: the documents, the accounts,
 * and the exchange detail to read beside the rows (match.c's open). */
int
pr__match_load_case(struct pr__match_feed *mf)
{
	struct pr_flows *m = mf->m;
	int rc;

	int64_t n;

	/* one item per row of these tables at most: room for that many
	 * at once rather than doubling past it (issue 12: 1.87 M rows,
	 * 104 bytes an item, left 24 MB unused) */
	if ((rc = pr__store_int64(m->st, "SELECT (SELECT count(*) FROM txn)"
				  " + (SELECT count(*) FROM wire)"
				  " + (SELECT count(*) FROM chain_move)"
				  " + (SELECT count(*) FROM asset_event)", &n,
				  m->err)) != PR_OK)
		return rc;
	if (n > 0 && pr__reserve((void **)&m->it, &m->cap, (size_t)n,
				 sizeof(*m->it)))
		return oom(m);
	if ((rc = load_docs(m)) != PR_OK ||
	    (rc = load_accounts(m)) != PR_OK ||
	    (rc = prepare(m, &mf->d, "SELECT txn_id, op, hash, address, "
			  "trade FROM txn_detail ORDER BY txn_id")) != PR_OK)
		return rc;
	return PR_OK;
}

/* The evidence after the rows: wires, the chain, funding lines, and the
 * analyst's decisions (match.c's close). */
int
pr__match_load_rest(struct pr_flows *m, struct keys *ks)
{
	int rc;

	if ((rc = load_wires(m, ks)) != PR_OK ||
	    (rc = load_chain(m, ks)) != PR_OK ||
	    (rc = load_funding(m, ks)) != PR_OK ||
	    (rc = load_decisions(m)) != PR_OK)
		return rc;
	return PR_OK;
}
