/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A case screened (pr_screen_case): every name and address the case
 * holds is read with one streaming query per table, inside one read
 * transaction so that all of them see one snapshot. The rows are sorted
 * by text so that each distinct name or address is screened once, and
 * its rows (document:line, field) become the sources of every hit.
 * A party is screened by its real name but named by its pseudonym: the
 * real name is kept only to be screened, never handed out.
 */
#include "config.h"
#include "common.h"

#include <stdlib.h>
#include <string.h>
#include "sanctions_priv.h"
#include "screen_priv.h"
#include "store.h"

struct item {
	char *text;             /* screened */
	char *shown;            /* a party's pseudonym, else NULL */
	int address;
	int64_t doc;
	long line;
	const char *field;
};

struct doc {
	int64_t id;
	char *name;
};

struct pr_screen_result {
	struct doc *docs;
	size_t ndocs, doccap;
	struct item *items;
	size_t nitems, itemcap;
	pr_screen_source *srcs;
	pr_screen_finding *fnd;
	size_t nfnd, fndcap;
	size_t names, addresses;
};

/* The tables read: the SQL gives document id, line, then ncols texts,
 * the i-th from field[i]; party is 1 for the party table (name,
 * pseudonym), 2 for names that may be a party's written another way
 * (a SAR's or CTR's: shown by that party's pseudonym, read_table). */
static const struct table {
	const char *sql;
	int ncols;
	const char *field[2];
	int address;
	int party;
} tables[] = {
	{ "SELECT document_id, line, name, pseudonym FROM party", 1,
	  { "party", NULL }, 0, 1 },
	{ "SELECT document_id, line, counterparty FROM txn"
	  " WHERE counterparty <> ''", 1, { "txn.counterparty", NULL }, 0,
	  0 },
	{ "SELECT document_id, line, originator_name, beneficiary_name"
	  " FROM wire", 2, { "wire.originator", "wire.beneficiary" }, 0, 0 },
	{ "SELECT document_id, line, owner, nominee FROM asset", 2,
	  { "asset.owner", "asset.nominee" }, 0, 0 },
	{ "SELECT document_id, line, party FROM asset_event"
	  " WHERE party <> ''", 1, { "asset_event.party", NULL }, 0, 0 },
	{ "SELECT x.document_id, x.line, m.address FROM chain_move m"
	  " JOIN chain_tx x ON x.id = m.tx_id WHERE m.address <> ''", 1,
	  { "chain_move.address", NULL }, 1, 0 },
	{ "SELECT t.document_id, t.line, d.address FROM txn_detail d"
	  " JOIN txn t ON t.id = d.txn_id WHERE d.address <> ''", 1,
	  { "txn_detail.address", NULL }, 1, 0 },
	{ "SELECT document_id, line, account FROM control"
	  " WHERE account <> ''", 1, { "control.account", NULL }, 1, 0 },
	/* the parties of SARs and CTRs (the BSA compartment: its
	 * documents are numbered below zero here, read_docs) */
	{ "SELECT -r.document_id, p.line, p.name FROM bsa_party p"
	  " JOIN bsa_report r ON r.id = p.report_id WHERE p.name <> ''", 1,
	  { "bsa.party", NULL }, 0, 2 },
};

static const char *
col_text(sqlite3_stmt *q, int i)
{
	const unsigned char *t = sqlite3_column_text(q, i);

	return t != NULL ? (const char *)t : "";
}

static int
add_item(pr_screen_result *r, const char *text, const char *shown,
	 int address, int64_t doc, long line, const char *field)
{
	struct item *it;

	if (text[0] == '\0')
		return PR_OK;
	if (pr__grow((void **)&r->items, &r->itemcap, r->nitems + 1,
		     sizeof(*r->items)) != 0)
		return PR_ENOMEM;
	it = &r->items[r->nitems];
	memset(it, 0, sizeof(*it));
	it->text = pr__strdup(text);
	it->shown = shown != NULL ? pr__strdup(shown) : NULL;
	if (it->text == NULL || (shown != NULL && it->shown == NULL)) {
		pr__free(it->text);
		pr__free(it->shown);
		return PR_ENOMEM;
	}
	it->address = address;
	it->doc = doc;
	it->line = line;
	it->field = field;
	r->nitems++;
	return PR_OK;
}

static int
read_docs(pr_screen_result *r, pr_store *st, pr_error *err)
{
	sqlite3_stmt *q = NULL;
	int rc = PR_OK, s;

	/* a BSA report's file is not a document of the case (SAR
	 * confidentiality, docs/bsa.md): its id is negated here */
	if (sqlite3_prepare_v2(st->db, "SELECT id, name FROM document"
			       " UNION ALL SELECT -id, name FROM bsa_document"
			       " ORDER BY 1", -1, &q, NULL) != SQLITE_OK)
		return pr__store_dberr(st, err, "screen");
	while ((s = sqlite3_step(q)) == SQLITE_ROW) {
		if (pr__grow((void **)&r->docs, &r->doccap, r->ndocs + 1,
			     sizeof(*r->docs)) != 0) {
			rc = pr__error_set(err, PR_ENOMEM, "out of memory");
			break;
		}
		r->docs[r->ndocs].id = sqlite3_column_int64(q, 0);
		r->docs[r->ndocs].name = pr__strdup(col_text(q, 1));
		if (r->docs[r->ndocs].name == NULL) {
			rc = pr__error_set(err, PR_ENOMEM, "out of memory");
			break;
		}
		r->ndocs++;
	}
	if (rc == PR_OK && s != SQLITE_DONE)
		rc = pr__store_dberr(st, err, "screen");
	sqlite3_finalize(q);
	return rc;
}

static const char *
doc_name(const pr_screen_result *r, int64_t id)
{
	size_t lo = 0, hi = r->ndocs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (r->docs[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < r->ndocs && r->docs[lo].id == id ? r->docs[lo].name : "";
}

/* The pseudonym of the case party that a report's name is (the party
 * table is read first: its items carry a pseudonym) as
 * pr_screen_may_be tells; NULL when none is. A victim
 * named in a SAR another way than in the case ("Ana M. Lopez") is
 * still shown by pseudonym only. */
static const char *
party_shown(const pr_screen_result *r, const char *name)
{
	const char *best = NULL;
	int top = -1;
	size_t i;

	for (i = 0; i < r->nitems && r->items[i].shown != NULL; i++) {
		int sc = 0;

		if (pr_screen_may_be(name, r->items[i].text, &sc) == 1 &&
		    sc > top) {
			top = sc;
			best = r->items[i].shown;
		}
	}
	return best;
}

static int
read_table(pr_screen_result *r, pr_store *st, const struct table *t,
	   pr_error *err)
{
	sqlite3_stmt *q = NULL;
	int rc = PR_OK, s, i;

	if (sqlite3_prepare_v2(st->db, t->sql, -1, &q, NULL) != SQLITE_OK)
		return pr__store_dberr(st, err, "screen");
	while ((s = sqlite3_step(q)) == SQLITE_ROW) {
		int64_t doc = sqlite3_column_int64(q, 0);
		long line = (long)sqlite3_column_int64(q, 1);

		for (i = 0; i < t->ncols && rc == PR_OK; i++)
			rc = add_item(r, col_text(q, 2 + i),
				      t->party == 1 ? col_text(q, 3) :
				      t->party == 2 ?
				      party_shown(r, col_text(q, 2 + i)) :
				      NULL,
				      t->address, doc, line, t->field[i]);
		if (rc != PR_OK) {
			rc = pr__error_set(err, rc, "out of memory");
			break;
		}
	}
	if (rc == PR_OK && s != SQLITE_DONE)
		rc = pr__store_dberr(st, err, "screen");
	sqlite3_finalize(q);
	return rc;
}

static int
strcmp0(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

/* The same name or address, from the same kind of row (a party or a
 * record)? */
static int
same_group(const struct item *a, const struct item *b)
{
	return a->address == b->address && strcmp(a->text, b->text) == 0 &&
	       strcmp0(a->shown, b->shown) == 0;
}

/* Sort context: the document names (qsort takes none, so the items
 * carry nothing but ids; the sources are sorted after, by name). */
static int
item_cmp(const void *x, const void *y)
{
	const struct item *a = x, *b = y;
	int c;

	if (a->address != b->address)
		return a->address - b->address;
	c = strcmp(a->text, b->text);
	if (c == 0)
		c = strcmp0(a->shown, b->shown);
	if (c == 0 && a->doc != b->doc)
		c = a->doc < b->doc ? -1 : 1;
	if (c == 0 && a->line != b->line)
		c = a->line < b->line ? -1 : 1;
	if (c == 0)
		c = strcmp(a->field, b->field);
	return c;
}

static int
src_cmp(const void *x, const void *y)
{
	const pr_screen_source *a = x, *b = y;
	int c = strcmp(a->document, b->document);

	if (c == 0 && a->line != b->line)
		c = a->line < b->line ? -1 : 1;
	if (c == 0)
		c = strcmp(a->field, b->field);
	return c;
}

static int
finding_cmp(const void *x, const void *y)
{
	const pr_screen_finding *a = x, *b = y;
	int c;

	if (a->address != b->address)
		return b->address - a->address;
	if (a->hit.score != b->hit.score)
		return a->hit.score > b->hit.score ? -1 : 1;
	if (a->entry != b->entry)
		return a->entry < b->entry ? -1 : 1;
	if (a->wallet != b->wallet)
		return a->wallet < b->wallet ? -1 : 1;
	c = strcmp(a->text, b->text);
	if (c == 0)
		c = a->party - b->party;
	return c;
}

static int
add_finding(pr_screen_result *r, const struct item *it, size_t first,
	    size_t n)
{
	pr_screen_finding *f;

	if (pr__grow((void **)&r->fnd, &r->fndcap, r->nfnd + 1,
		     sizeof(*r->fnd)) != 0)
		return PR_ENOMEM;
	f = &r->fnd[r->nfnd++];
	memset(f, 0, sizeof(*f));
	f->address = it->address;
	f->text = it->shown != NULL ? it->shown : it->text;
	f->party = it->shown != NULL;
	f->sources = r->srcs + first;
	f->nsources = n;
	return PR_OK;
}

/* Screen each group of equal items; *err set on failure. */
static int
screen_groups(pr_screen_result *r, pr_screen *s, const pr_sanctions *list,
	      int threshold, pr_error *err)
{
	size_t i = 0, j, k, n, nsrc;
	int rc;

	while (i < r->nitems) {
		const struct item *it = &r->items[i];

		for (j = i + 1; j < r->nitems && same_group(it, &r->items[j]);
		     j++)
			;
		qsort(r->srcs + i, j - i, sizeof(*r->srcs), src_cmp);
		/* a row that names it twice (a transaction's input and its
		 * change) is one source: the group's tail is left unused */
		for (k = i + 1, n = i + 1; k < j; k++)
			if (src_cmp(&r->srcs[k], &r->srcs[n - 1]) != 0)
				r->srcs[n++] = r->srcs[k];
		nsrc = n - i;
		if (it->address) {
			const size_t *w = NULL;
			size_t nw = 0;

			r->addresses++;
			rc = pr_screen_address(s, it->text, &w, &nw, err);
			for (k = 0; rc == PR_OK && k < nw; k++) {
				rc = add_finding(r, it, i, nsrc);
				if (rc == PR_OK) {
					pr_screen_finding *f =
						&r->fnd[r->nfnd - 1];

					f->wallet = w[k];
					f->entry = pr_sanctions_wallet(list,
							w[k])->entry;
					f->hit.entry = f->entry;
					f->hit.alias = PR_SCREEN_PRIMARY;
					f->hit.score = 10000;
					f->hit.jw = 10000;
				}
			}
		} else {
			const pr_screen_hit *h = NULL;
			size_t nh = 0;

			r->names++;
			rc = pr_screen_name(s, it->text, threshold, &h, &nh,
					    err);
			for (k = 0; rc == PR_OK && k < nh; k++) {
				rc = add_finding(r, it, i, nsrc);
				if (rc == PR_OK) {
					r->fnd[r->nfnd - 1].hit = h[k];
					r->fnd[r->nfnd - 1].entry = h[k].entry;
				}
			}
		}
		if (rc == PR_ENOMEM)
			return pr__error_set(err, rc, "out of memory");
		if (rc != PR_OK)
			return rc;
		i = j;
	}
	return PR_OK;
}

int
pr_screen_case(pr_screen_result **out, pr_store *st,
	       const pr_sanctions *list, int threshold, pr_error *err)
{
	pr_screen_result *r = NULL;
	pr_screen *s = NULL;
	size_t i;
	int rc, began = 0;

	*out = NULL;
	if (st == NULL || list == NULL)
		return pr__error_set(err, PR_EINVALID, "no case or no list");
	if (threshold < 0 || threshold > 10000)
		return pr__error_set(err, PR_EINVALID, "threshold %d is not "
				     "between 0 and 10000 basis points",
				     threshold);
	r = pr__calloc(1, sizeof(*r));
	if (r == NULL)
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	if (sqlite3_exec(st->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		rc = pr__store_dberr(st, err, "screen");
		goto done;
	}
	began = 1;
	rc = read_docs(r, st, err);
	for (i = 0; rc == PR_OK && i < sizeof(tables) / sizeof(*tables); i++)
		rc = read_table(r, st, &tables[i], err);
	sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
	began = 0;
	if (rc != PR_OK)
		goto done;
	if (r->nitems > 0)
		qsort(r->items, r->nitems, sizeof(*r->items), item_cmp);
	r->srcs = pr__calloc(r->nitems + 1, sizeof(*r->srcs));
	if (r->srcs == NULL) {
		rc = pr__error_set(err, PR_ENOMEM, "out of memory");
		goto done;
	}
	for (i = 0; i < r->nitems; i++) {
		r->srcs[i].document = doc_name(r, r->items[i].doc);
		r->srcs[i].line = r->items[i].line;
		r->srcs[i].field = r->items[i].field;
	}
	rc = pr_screen_new(&s, list, err);
	if (rc == PR_OK)
		rc = screen_groups(r, s, list, threshold, err);
	if (rc != PR_OK)
		goto done;
	if (r->nfnd > 0)
		qsort(r->fnd, r->nfnd, sizeof(*r->fnd), finding_cmp);
	*out = r;
	r = NULL;
done:
	if (began)
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	pr_screen_free(s);
	pr_screen_result_free(r);
	return rc;
}

void
pr_screen_result_free(pr_screen_result *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nitems; i++) {
		/* a party's real name: cleared before it is freed */
		if (r->items[i].shown != NULL)
			memset(r->items[i].text, 0, strlen(r->items[i].text));
		pr__free(r->items[i].text);
		pr__free(r->items[i].shown);
	}
	for (i = 0; i < r->ndocs; i++)
		pr__free(r->docs[i].name);
	pr__free(r->items);
	pr__free(r->docs);
	pr__free(r->srcs);
	pr__free(r->fnd);
	pr__free(r);
}

size_t
pr_screen_result_count(const pr_screen_result *r)
{
	return r->nfnd;
}

const pr_screen_finding *
pr_screen_result_finding(const pr_screen_result *r, size_t i)
{
	return i < r->nfnd ? &r->fnd[i] : NULL;
}

size_t
pr_screen_result_names(const pr_screen_result *r)
{
	return r->names;
}

size_t
pr_screen_result_addresses(const pr_screen_result *r)
{
	return r->addresses;
}
