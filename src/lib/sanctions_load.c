/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pr_sanctions_load: a version of OFAC's lists from the case (import
 * sanctions wrote it) into memory, in the order sanctions.h promises. */
#include "config.h"
#include "common.h"
#include "sanctions_priv.h"
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *
col(sqlite3_stmt *s, int i)
{
	const char *t = (const char *)sqlite3_column_text(s, i);

	return t != NULL ? t : "";
}

/* The version of @p published (the newest when 0): its id and date, or
 * PR_ENOTFOUND saying which dates the case holds. */
static int
find_version(pr_store *st, pr_date published, int64_t *id, pr_date *day,
	     pr_error *err)
{
	sqlite3_stmt *s = NULL;
	char want[16], have[400], d[16];
	size_t n = 0;
	int rc;

	if (sqlite3_prepare_v2(st->db, "SELECT id, published FROM"
			       " sanctions_version ORDER BY published DESC,"
			       " id DESC", -1, &s, NULL) != SQLITE_OK)
		return pr__store_dberr(st, err, "cannot read the case");
	have[0] = '\0';
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		pr_date p = (pr_date)sqlite3_column_int(s, 1);

		if (published == 0 || p == published) {
			*id = sqlite3_column_int64(s, 0);
			*day = p;
			sqlite3_finalize(s);
			return PR_OK;
		}
		pr_date_format(d, p);
		if (n + strlen(d) + 3 < sizeof(have))
			n += (size_t)snprintf(have + n, sizeof(have) - n,
					      "%s%s", n ? ", " : "", d);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return pr__store_dberr(st, err, "cannot read the case");
	if (published == 0 || have[0] == '\0')
		return pr__error_set(err, PR_ENOTFOUND, "the case holds no "
				     "sanctions list (import one with "
				     "`import sanctions`)");
	pr_date_format(want, published);
	return pr__error_set(err, PR_ENOTFOUND, "the case holds no sanctions "
			     "list published %s (it holds %s)", want, have);
}

enum { Q_FILES, Q_ENTRIES, Q_COMMENTS, Q_ALIASES, Q_PLACES, Q_WALLETS,
       Q_N };

/* Entries in (list, ent_num) order; the others in their entry's order,
 * then by number (a weak alias's is 0: before the file's, in the order
 * the remarks give them). */
static const char *const sql[Q_N] = {
	"SELECT d.name, d.sha256 FROM sanctions_file f JOIN document d ON"
	" d.id = f.document_id WHERE f.version_id = ?1 ORDER BY f.id",
	"SELECT e.id, e.list, e.ent_num, e.name, e.type, e.programs,"
	" e.remarks, d.name, e.line FROM sanctions_entry e JOIN document d"
	" ON d.id = e.document_id WHERE e.version_id = ?1"
	" ORDER BY e.list, e.ent_num",
	"SELECT c.entry_id, c.remarks FROM sanctions_comment c"
	" WHERE c.version_id = ?1 ORDER BY c.entry_id, c.id",
	"SELECT a.entry_id, a.alt_num, a.kind, a.name, a.weak, d.name,"
	" a.line FROM sanctions_alias a JOIN sanctions_entry e ON"
	" e.id = a.entry_id JOIN document d ON d.id = a.document_id"
	" WHERE a.version_id = ?1 ORDER BY e.list, e.ent_num, a.alt_num,"
	" a.id",
	"SELECT p.entry_id, p.add_num, p.address, p.city, p.country,"
	" d.name, p.line FROM sanctions_place p JOIN sanctions_entry e ON"
	" e.id = p.entry_id JOIN document d ON d.id = p.document_id"
	" WHERE p.version_id = ?1 ORDER BY e.list, e.ent_num, p.add_num,"
	" p.id",
	"SELECT w.entry_id, w.currency, w.address, d.name, w.line FROM"
	" sanctions_wallet w JOIN sanctions_entry e ON e.id = w.entry_id"
	" JOIN document d ON d.id = w.document_id WHERE w.version_id = ?1"
	" ORDER BY e.list, e.ent_num, w.n, w.id",
};

/* Step @p q: 1 for a row; 0 at the end, or on an error (*bad set). */
static int
row(sqlite3_stmt *q, int *bad)
{
	int r = sqlite3_step(q);

	if (r == SQLITE_ROW)
		return 1;
	if (r != SQLITE_DONE)
		*bad = 1;
	return 0;
}

/* Entry ids in load order: the index of an id by binary search (the
 * ids are not in order, so a sorted copy of pairs). */
struct idx {
	int64_t id;
	size_t i;
};

static int
cmp_idx(const void *a, const void *b)
{
	const struct idx *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

static int
entry_of(const struct idx *ix, size_t n, int64_t id, size_t *out)
{
	size_t lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (ix[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == n || ix[lo].id != id)
		return 0;
	*out = ix[lo].i;
	return 1;
}

int
pr_sanctions_load(pr_sanctions **out, pr_store *st, pr_date published,
		  pr_error *err)
{
	sqlite3_stmt *s[Q_N] = { NULL };
	pr_sanctions *l = NULL;
	struct idx *ix = NULL;
	size_t nix = 0, cap = 0, e;
	int64_t version = 0;
	pr_date day = 0;
	int i, rc, bad = 0;

	if (out == NULL || st == NULL)
		return pr__error_set(err, PR_EINVALID, "no list or case");
	*out = NULL;
	rc = find_version(st, published, &version, &day, err);
	if (rc != PR_OK)
		return rc;
	l = pr_sanctions_new(day);
	if (l == NULL)
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	for (i = 0; i < Q_N; i++) {
		if (sqlite3_prepare_v2(st->db, sql[i], -1, &s[i], NULL) !=
		    SQLITE_OK) {
			rc = pr__store_dberr(st, err, "cannot read the case");
			goto done;
		}
		sqlite3_bind_int64(s[i], 1, version);
	}
	rc = PR_OK;
	while (rc == PR_OK && row(s[Q_FILES], &bad))
		rc = pr__sanctions_add_file(l, col(s[Q_FILES], 0),
					    col(s[Q_FILES], 1));
	while (rc == PR_OK && row(s[Q_ENTRIES], &bad)) {
		sqlite3_stmt *q = s[Q_ENTRIES];
		pr_sanction_entry en;

		memset(&en, 0, sizeof(en));
		en.ent_num = (long)sqlite3_column_int64(q, 2);
		en.list = col(q, 1);
		en.name = col(q, 3);
		en.type = col(q, 4);
		en.programs = col(q, 5);
		en.remarks = col(q, 6);
		en.document = col(q, 7);
		en.line = (long)sqlite3_column_int64(q, 8);
		if (pr__grow((void **)&ix, &cap, nix + 1, sizeof(*ix)) !=
		    PR_OK) {
			rc = PR_ENOMEM;
			break;
		}
		ix[nix].id = sqlite3_column_int64(q, 0);
		ix[nix].i = nix;
		nix++;
		rc = pr_sanctions_add_entry(l, &en);
	}
	if (rc != PR_OK)
		goto oom;
	if (nix > 0)
		qsort(ix, nix, sizeof(*ix), cmp_idx);
	/* the remarks continued in a comments file, joined in file order */
	while (row(s[Q_COMMENTS], &bad)) {
		sqlite3_stmt *q = s[Q_COMMENTS];
		pr_sanction_entry *en;
		const char *more = col(q, 1);
		size_t a, b;
		char *j;

		if (!entry_of(ix, nix, sqlite3_column_int64(q, 0), &e))
			continue;
		en = &l->entries[e];
		a = strlen(en->remarks);
		b = strlen(more);
		j = pr__realloc((char *)en->remarks, a + b + 1);
		if (j == NULL)
			goto oom;
		memcpy(j + a, more, b + 1);
		en->remarks = j;
	}
	while (rc == PR_OK && row(s[Q_ALIASES], &bad)) {
		sqlite3_stmt *q = s[Q_ALIASES];
		pr_sanction_alias a;

		if (!entry_of(ix, nix, sqlite3_column_int64(q, 0), &e))
			continue;
		memset(&a, 0, sizeof(a));
		a.entry = e;
		a.alt_num = (long)sqlite3_column_int64(q, 1);
		a.kind = col(q, 2);
		a.name = col(q, 3);
		a.weak = sqlite3_column_int(q, 4);
		a.document = col(q, 5);
		a.line = (long)sqlite3_column_int64(q, 6);
		rc = pr_sanctions_add_alias(l, &a);
	}
	while (rc == PR_OK && row(s[Q_PLACES], &bad)) {
		sqlite3_stmt *q = s[Q_PLACES];
		pr_sanction_place p;

		if (!entry_of(ix, nix, sqlite3_column_int64(q, 0), &e))
			continue;
		memset(&p, 0, sizeof(p));
		p.entry = e;
		p.add_num = (long)sqlite3_column_int64(q, 1);
		p.address = col(q, 2);
		p.city = col(q, 3);
		p.country = col(q, 4);
		p.document = col(q, 5);
		p.line = (long)sqlite3_column_int64(q, 6);
		rc = pr_sanctions_add_place(l, &p);
	}
	while (rc == PR_OK && row(s[Q_WALLETS], &bad)) {
		sqlite3_stmt *q = s[Q_WALLETS];
		pr_sanction_wallet w;

		if (!entry_of(ix, nix, sqlite3_column_int64(q, 0), &e))
			continue;
		memset(&w, 0, sizeof(w));
		w.entry = e;
		w.currency = col(q, 1);
		w.address = col(q, 2);
		w.document = col(q, 3);
		w.line = (long)sqlite3_column_int64(q, 4);
		rc = pr_sanctions_add_wallet(l, &w);
	}
	if (rc != PR_OK)
		goto oom;
	if (bad) {
		rc = pr__store_dberr(st, err, "cannot read the case");
		goto done;
	}
	*out = l;
	l = NULL;
	goto done;
oom:
	rc = pr__error_set(err, PR_ENOMEM, "out of memory");
done:
	for (i = 0; i < Q_N; i++)
		sqlite3_finalize(s[i]);
	pr__free(ix);
	pr_sanctions_free(l);
	return rc;
}
