/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Writing what the format readers produce into the case.
 *
 * Parsing and inserting each cost about the same, so they run as a
 * two-stage pipeline: the reader parses in the caller's thread and packs
 * rows into batches; a writer thread owns the SQLite connection for the
 * duration of the import and inserts them with one prepared statement,
 * inside the command's transaction. A failure on either side stops both,
 * the first error wins, and the caller rolls back: the case is unchanged.
 * Rows reach the database in the order read, so rowids follow the file.
 *
 * That is for the bulk kinds (bank, exchange, wire, chain, rates,
 * property): rows the case takes as they are. The small kinds
 * (decisions, victims, designations, work, asset tables) are an
 * analyst's lines, each checked against the case as it is written, and
 * few: their files are read once to check their form, then again with
 * callbacks that write each line straight into the transaction (their
 * writers sit beside their readers in import/).
 */
#include "config.h"
#include "common.h"
#include "import.h"
#include "profile.h"
#include "store.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define BATCH_ROWS 2048
#define QUEUE_DEPTH 4

enum { ENT_ROW, ENT_STATEMENT, ENT_WIRE, ENT_RATE, ENT_CHAIN, ENT_MOVE,
       ENT_ASSET, ENT_EVENT };

/* Exchange detail of an account row (in wtext; the entry's n is 1 when
 * the row has it). */
enum { X_OP, X_TIME, X_HASH, X_ADDRESS, X_TRADE, X_N };

/* Wire text fields, in the order of the wire table's columns. */
enum { W_FORMAT, W_CURRENCY, W_ICURRENCY, W_ONAME, W_OACCT, W_OBANK,
       W_BNAME, W_BACCT, W_BBANK, W_IMAD, W_OMAD, W_UETR, W_REF,
       W_DETAILS, W_N };

/* A row of a bulk kind in a batch; kind says which, and the rows of each
 * kind use the fields their insert_* reads. Strings and big amounts live
 * in the batch's arena, by offset. */
struct entry {
	int kind;
	unsigned long line, record;
	size_t account, currency, desc, ref, cparty, cacct, source;
	size_t wtext[W_N];          /* wire, rate and chain text */
	long n;                     /* chain: block; move: index, prev_index */
	int32_t date, value_date, end;
	int has_value_date, has_balance;
	int64_t amount, balance;      /* when they fit */
	size_t big_amount, big_balance; /* arena offset + 1, or 0 */
};

struct batch {
	struct entry e[BATCH_ROWS];
	size_t n;
	char *arena;
	size_t alen, acap;
};

struct pipe {
	pthread_mutex_t mu;
	pthread_cond_t can_put, can_take;
	struct batch *q[QUEUE_DEPTH];
	size_t head, count;
	struct batch *spare[QUEUE_DEPTH + 2];
	size_t n_spare;
	int done;       /* the reader has finished */
	int failed;     /* either side failed: stop */
	pr_error werr;  /* the writer's error */
	int wrc;
};

struct writer {
	pr_store *st;
	int64_t doc;
	struct pipe p;
	struct batch *cur;    /* being filled by the reader */
	int64_t chain_tx;     /* the last chain_tx written: its moves follow */
	const char *name;     /* the document, for the writer's messages */
	char *acct_ident;     /* writer thread's account cache */
	char acct_cur[16];
	int64_t acct_id;
	pr__rules *rules;     /* designations: the rules not yet resolved */
};

static void
batch_free(struct batch *b)
{
	if (b == NULL)
		return;
	pr__free(b->arena);
	pr__free(b);
}

static int
keep(struct batch *b, size_t *off, const char *s, size_t n)
{
	if (b->alen + n + 1 > b->acap) {
		size_t cap = b->acap ? b->acap : 65536;
		char *p;

		while (cap < b->alen + n + 1)
			cap *= 2;
		p = pr__realloc(b->arena, cap);
		if (p == NULL)
			return -1;
		b->arena = p;
		b->acap = cap;
	}
	memcpy(b->arena + b->alen, s, n);
	b->arena[b->alen + n] = '\0';
	*off = b->alen;
	b->alen += n + 1;
	return 0;
}

static int
keep_str(struct batch *b, size_t *off, const char *s)
{
	return keep(b, off, s ? s : "", s ? strlen(s) : 0);
}

/* An amount as int64 when it fits, else as decimal text in the arena. */
static int
keep_amount(struct batch *b, int64_t *small, size_t *big, const mpz_t v)
{
	char buf[128];
	char *text;
	int rc;

	*big = 0;
	if (mpz_fits_slong_p(v) && sizeof(long) >= 8) {
		*small = mpz_get_si(v);
		return 0;
	}
	text = mpz_sizeinbase(v, 10) + 2 <= sizeof(buf) ? buf :
	       pr__malloc(mpz_sizeinbase(v, 10) + 2);
	if (text == NULL)
		return -1;
	mpz_get_str(text, 10, v);
	rc = keep(b, big, text, strlen(text));
	*big += 1;
	if (text != buf)
		pr__free(text);
	return rc;
}

static int
account_id(struct writer *w, int64_t *id, const char *ident,
	   const char *cur, pr_error *err)
{
	int rc;

	if (w->acct_ident != NULL && strcmp(w->acct_ident, ident) == 0 &&
	    strcmp(w->acct_cur, cur) == 0) {
		*id = w->acct_id;
		return PR_OK;
	}
	rc = pr__store_account(w->st, id, ident, cur, err);
	if (rc != PR_OK)
		return rc;
	pr__free(w->acct_ident);
	w->acct_ident = pr__strdup(ident);
	if (w->acct_ident == NULL)
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	snprintf(w->acct_cur, sizeof(w->acct_cur), "%s", cur);
	w->acct_id = *id;
	return PR_OK;
}

static int
bind_amount(sqlite3_stmt *s, int col, const struct batch *b, int64_t small,
	    size_t big)
{
	if (big)
		return sqlite3_bind_text(s, col, b->arena + big - 1, -1,
					 SQLITE_STATIC);
	return sqlite3_bind_int64(s, col, small);
}

static int
insert_row(struct writer *w, const struct batch *b, const struct entry *e,
	   pr_error *err)
{
	sqlite3_stmt *s = w->st->q[Q_TXN_INSERT];
	const char *a = b->arena;
	int64_t acct;
	int rc;

	rc = account_id(w, &acct, a + e->account, a + e->currency, err);
	if (rc != PR_OK)
		return rc;
	sqlite3_bind_int64(s, 1, w->doc);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)e->record);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)e->line);
	sqlite3_bind_int64(s, 4, acct);
	sqlite3_bind_int(s, 5, e->date);
	if (e->has_value_date)
		sqlite3_bind_int(s, 6, e->value_date);
	else
		sqlite3_bind_null(s, 6);
	bind_amount(s, 7, b, e->amount, e->big_amount);
	if (e->has_balance)
		bind_amount(s, 8, b, e->balance, e->big_balance);
	else
		sqlite3_bind_null(s, 8);
	sqlite3_bind_text(s, 9, a + e->desc, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 10, a + e->ref, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 11, a + e->cparty, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 12, a + e->cacct, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return pr__store_dberr(w->st, err, "cannot record transaction");
	if (!e->n)
		return PR_OK;
	s = w->st->q[Q_TXN_DETAIL_INSERT];
	sqlite3_bind_int64(s, 1, sqlite3_last_insert_rowid(w->st->db));
	for (int i = 0; i < X_N; i++)
		sqlite3_bind_text(s, 2 + i, a + e->wtext[i], -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return pr__store_dberr(w->st, err, "cannot record transaction");
	return PR_OK;
}

static int
insert_statement(struct writer *w, const struct batch *b,
		 const struct entry *e, pr_error *err)
{
	sqlite3_stmt *s = w->st->q[Q_STATEMENT_INSERT];
	const char *a = b->arena;
	int64_t acct;
	int rc;

	rc = account_id(w, &acct, a + e->account, a + e->currency, err);
	if (rc != PR_OK)
		return rc;
	sqlite3_bind_int64(s, 1, acct);
	sqlite3_bind_int(s, 2, e->date);
	sqlite3_bind_int(s, 3, e->end);
	bind_amount(s, 4, b, e->amount, e->big_amount);
	bind_amount(s, 5, b, e->balance, e->big_balance);
	sqlite3_bind_text(s, 6, a + e->source, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 7, w->doc);
	sqlite3_bind_int64(s, 8, (sqlite3_int64)e->line);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return pr__store_dberr(w->st, err, "cannot record statement");
	return PR_OK;
}

static int
insert_wire(struct writer *w, const struct batch *b, const struct entry *e,
	    pr_error *err)
{
	sqlite3_stmt *s = w->st->q[Q_WIRE_INSERT];
	const char *a = b->arena;
	int i;
	int rc;

	sqlite3_bind_int64(s, 1, w->doc);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)e->record);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)e->line);
	sqlite3_bind_text(s, 4, a + e->wtext[W_FORMAT], -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 5, e->date);
	sqlite3_bind_text(s, 6, a + e->wtext[W_CURRENCY], -1, SQLITE_STATIC);
	bind_amount(s, 7, b, e->amount, e->big_amount);
	sqlite3_bind_text(s, 8, a + e->wtext[W_ICURRENCY], -1,
			  SQLITE_STATIC);
	if (e->has_balance)
		bind_amount(s, 9, b, e->balance, e->big_balance);
	else
		sqlite3_bind_null(s, 9);
	for (i = W_ONAME; i < W_N; i++)
		sqlite3_bind_text(s, 10 + i - W_ONAME, a + e->wtext[i], -1,
				  SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return pr__store_dberr(w->st, err, "cannot record wire");
	return PR_OK;
}

/* Text slots of rate and chain entries (reusing wtext). */
enum { R_BASE, R_QUOTE, R_RATE, R_SOURCE };
enum { C_CHAIN, C_KIND, C_HASH, C_TIME, C_STATUS, C_FEE_ASSET };
enum { M_SIDE, M_ADDRESS, M_ASSET, M_PREV };

static int
insert_other(struct writer *w, const struct batch *b, const struct entry *e,
	     pr_error *err)
{
	const char *a = b->arena;
	const size_t *t = e->wtext;
	sqlite3_stmt *s;
	int rc;

	if (e->kind == ENT_RATE) {
		s = w->st->q[Q_RATE_INSERT];
		sqlite3_bind_int64(s, 1, w->doc);
		sqlite3_bind_int64(s, 2, (sqlite3_int64)e->line);
		sqlite3_bind_int(s, 3, e->date);
		sqlite3_bind_text(s, 4, a + t[R_BASE], -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 5, a + t[R_QUOTE], -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 6, a + t[R_RATE], -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 7, a + t[R_SOURCE], -1, SQLITE_STATIC);
	} else if (e->kind == ENT_CHAIN) {
		s = w->st->q[Q_CHAIN_TX_INSERT];
		sqlite3_bind_int64(s, 1, w->doc);
		sqlite3_bind_int64(s, 2, (sqlite3_int64)e->record);
		sqlite3_bind_int64(s, 3, (sqlite3_int64)e->line);
		sqlite3_bind_text(s, 4, a + t[C_CHAIN], -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 5, a + t[C_KIND], -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 6, a + t[C_HASH], -1, SQLITE_STATIC);
		if (e->n >= 0)
			sqlite3_bind_int64(s, 7, e->n);
		else
			sqlite3_bind_null(s, 7);
		sqlite3_bind_text(s, 8, a + t[C_TIME], -1, SQLITE_STATIC);
		sqlite3_bind_int(s, 9, e->date);
		sqlite3_bind_text(s, 10, a + t[C_STATUS], -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 11, a + t[C_FEE_ASSET], -1,
				  SQLITE_STATIC);
		bind_amount(s, 12, b, e->amount, e->big_amount);
	} else {
		s = w->st->q[Q_CHAIN_MOVE_INSERT];
		sqlite3_bind_int64(s, 1, w->chain_tx);
		sqlite3_bind_int64(s, 2, (sqlite3_int64)e->record);
		sqlite3_bind_text(s, 3, a + t[M_SIDE], -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 4, a + t[M_ADDRESS], -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 5, a + t[M_ASSET], -1, SQLITE_STATIC);
		bind_amount(s, 6, b, e->amount, e->big_amount);
		sqlite3_bind_text(s, 7, a + t[M_PREV], -1, SQLITE_STATIC);
		if (e->n >= 0)
			sqlite3_bind_int64(s, 8, e->n);
		else
			sqlite3_bind_null(s, 8);
	}
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return pr__store_dberr(w->st, err, "cannot record");
	if (e->kind == ENT_CHAIN)
		w->chain_tx = sqlite3_last_insert_rowid(w->st->db);
	return PR_OK;
}

enum { A_KIND, A_REF, A_CLASS, A_IDENT, A_DESC, A_OWNER, A_NOMINEE,
       A_CURRENCY, A_METHOD, A_PARTY, A_REFERENCE, A_N };

/* An asset, or an event of one: events find their asset by its key,
 * the latest of that name in the case (this file's, when it has one). */
static int
insert_asset(struct writer *w, const struct batch *b, const struct entry *e,
	     pr_error *err)
{
	const char *a = b->arena;
	const size_t *t = e->wtext;
	sqlite3_stmt *s;
	int64_t asset;
	pr_loc loc;
	int i, rc;

	if (e->kind == ENT_ASSET) {
		s = w->st->q[Q_ASSET_INSERT];
		sqlite3_bind_int64(s, 1, w->doc);
		sqlite3_bind_int64(s, 2, (sqlite3_int64)e->line);
		for (i = A_REF; i <= A_NOMINEE; i++)
			sqlite3_bind_text(s, 3 + i - A_REF, a + t[i], -1,
					  SQLITE_STATIC);
		sqlite3_bind_int(s, 9, e->date);
		sqlite3_bind_text(s, 10, a + t[A_CURRENCY], -1,
				  SQLITE_STATIC);
		bind_amount(s, 11, b, e->amount, e->big_amount);
	} else {
		s = w->st->q[Q_ASSET_FIND];
		sqlite3_bind_text(s, 1, a + t[A_REF], -1, SQLITE_STATIC);
		rc = sqlite3_step(s);
		asset = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
		rc = rc == SQLITE_ROW && strcmp((const char *)
						sqlite3_column_text(s, 1),
						a + t[A_CURRENCY]) != 0;
		sqlite3_reset(s);
		if (asset == 0 || rc) {
			memset(&loc, 0, sizeof(loc));
			snprintf(loc.path, sizeof(loc.path), "%s", w->name);
			loc.line = e->line;
			return pr__error_at(err, PR_EPARSE, &loc, asset == 0 ?
					    "asset '%s' is neither in this "
					    "file nor in the case" :
					    "asset '%s' was bought in another "
					    "currency", a + t[A_REF]);
		}
		s = w->st->q[Q_ASSET_EVENT_INSERT];
		sqlite3_bind_int64(s, 1, asset);
		sqlite3_bind_int64(s, 2, w->doc);
		sqlite3_bind_int64(s, 3, (sqlite3_int64)e->line);
		sqlite3_bind_text(s, 4, a + t[A_KIND], -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 5, a + t[A_METHOD], -1, SQLITE_STATIC);
		sqlite3_bind_int(s, 6, e->date);
		sqlite3_bind_text(s, 7, a + t[A_CURRENCY], -1,
				  SQLITE_STATIC);
		bind_amount(s, 8, b, e->amount, e->big_amount);
		sqlite3_bind_text(s, 9, a + t[A_PARTY], -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 10, a + t[A_REFERENCE], -1,
				  SQLITE_STATIC);
	}
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return pr__store_dberr(w->st, err, "cannot record asset");
	return PR_OK;
}

static void *
writer_main(void *arg)
{
	struct writer *w = arg;
	struct pipe *p = &w->p;
	struct batch *b;
	size_t i;
	int rc = PR_OK;

	for (;;) {
		pthread_mutex_lock(&p->mu);
		while (p->count == 0 && !p->done && !p->failed)
			pthread_cond_wait(&p->can_take, &p->mu);
		if (p->failed || p->count == 0) {
			pthread_mutex_unlock(&p->mu);
			break;
		}
		b = p->q[p->head];
		p->head = (p->head + 1) % QUEUE_DEPTH;
		p->count--;
		pthread_cond_signal(&p->can_put);
		pthread_mutex_unlock(&p->mu);
		for (i = 0; i < b->n && rc == PR_OK; i++)
			rc = b->e[i].kind == ENT_ROW ?
			     insert_row(w, b, &b->e[i], &p->werr) :
			     b->e[i].kind == ENT_WIRE ?
			     insert_wire(w, b, &b->e[i], &p->werr) :
			     b->e[i].kind == ENT_STATEMENT ?
			     insert_statement(w, b, &b->e[i], &p->werr) :
			     b->e[i].kind >= ENT_ASSET ?
			     insert_asset(w, b, &b->e[i], &p->werr) :
			     insert_other(w, b, &b->e[i], &p->werr);
		b->n = 0;
		b->alen = 0;
		pthread_mutex_lock(&p->mu);
		p->spare[p->n_spare++] = b;
		if (rc != PR_OK) {
			p->wrc = rc;
			p->failed = 1;
			pthread_cond_broadcast(&p->can_put);
		}
		pthread_mutex_unlock(&p->mu);
		if (rc != PR_OK)
			break;
	}
	return NULL;
}

/* Hand the batch being filled to the writer; take an empty one. */
static int
ship(struct writer *w, pr_error *err)
{
	struct pipe *p = &w->p;

	pthread_mutex_lock(&p->mu);
	while (p->count == QUEUE_DEPTH && !p->failed)
		pthread_cond_wait(&p->can_put, &p->mu);
	if (p->failed) {
		pthread_mutex_unlock(&p->mu);
		return PR_ERROR; /* the writer's error is reported at the end */
	}
	p->q[(p->head + p->count) % QUEUE_DEPTH] = w->cur;
	p->count++;
	w->cur = p->n_spare > 0 ? p->spare[--p->n_spare] : NULL;
	pthread_cond_signal(&p->can_take);
	pthread_mutex_unlock(&p->mu);
	if (w->cur == NULL) {
		w->cur = pr__calloc(1, sizeof(*w->cur));
		if (w->cur == NULL)
			return pr__error_set(err, PR_ENOMEM, "out of memory");
	}
	return PR_OK;
}

/* The next free entry of the batch being filled (shipping a full one to
 * the writer first), cleared and stamped with its kind and line. */
static int
next_entry(struct writer *w, struct entry **out, int kind,
	   unsigned long line, pr_error *err)
{
	int rc;

	if (w->cur->n == BATCH_ROWS) {
		rc = ship(w, err);
		if (rc != PR_OK)
			return rc;
	}
	*out = &w->cur->e[w->cur->n];
	memset(*out, 0, sizeof(**out));
	(*out)->kind = kind;
	(*out)->line = line;
	return PR_OK;
}

static int keep_texts(struct batch *b, struct entry *e,
		      const char *const *text, int n);

static int
put_row(const pr__bank_row *r, void *payload, pr_error *err)
{
	struct writer *w = payload;
	struct entry *e;
	struct batch *b;
	int rc;

	rc = next_entry(w, &e, ENT_ROW, r->line, err);
	if (rc != PR_OK)
		return rc;
	b = w->cur;
	e->record = r->record;
	e->date = r->date;
	e->has_value_date = r->has_value_date;
	e->value_date = r->value_date;
	e->has_balance = r->has_balance;
	if (keep_str(b, &e->account, r->account) ||
	    keep_str(b, &e->currency, r->currency) ||
	    keep_str(b, &e->desc, r->description) ||
	    keep_str(b, &e->ref, r->reference) ||
	    keep_str(b, &e->cparty, r->counterparty) ||
	    keep_str(b, &e->cacct, r->counter_account) ||
	    keep_amount(b, &e->amount, &e->big_amount, r->amount) ||
	    (r->has_balance &&
	     keep_amount(b, &e->balance, &e->big_balance, r->balance)))
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	if (r->op != NULL) {
		const char *x[X_N] = { r->op, r->time, r->tx_hash,
				       r->address, r->trade };

		e->n = 1;
		if (keep_texts(b, e, x, X_N))
			return pr__error_set(err, PR_ENOMEM, "out of memory");
	}
	b->n++;
	return PR_OK;
}

static int
put_statement(const pr__statement_row *r, void *payload, pr_error *err)
{
	struct writer *w = payload;
	struct entry *e;
	struct batch *b;
	int rc;

	rc = next_entry(w, &e, ENT_STATEMENT, r->line, err);
	if (rc != PR_OK)
		return rc;
	b = w->cur;
	e->date = r->start;
	e->end = r->end;
	if (keep_str(b, &e->account, r->account) ||
	    keep_str(b, &e->currency, r->currency) ||
	    keep_str(b, &e->source, r->source) ||
	    keep_amount(b, &e->amount, &e->big_amount, r->opening) ||
	    keep_amount(b, &e->balance, &e->big_balance, r->closing))
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	b->n++;
	return PR_OK;
}

/* The instructed amount rides in the balance slot of the entry. */
static int
put_wire(const pr__wire_row *r, void *payload, pr_error *err)
{
	struct writer *w = payload;
	const char *text[W_N];
	struct entry *e;
	struct batch *b;
	int i;
	int rc;

	rc = next_entry(w, &e, ENT_WIRE, r->line, err);
	if (rc != PR_OK)
		return rc;
	b = w->cur;
	e->record = r->record;
	e->date = r->value_date;
	e->has_balance = r->has_instructed;
	text[W_FORMAT] = r->format;
	text[W_CURRENCY] = r->currency;
	text[W_ICURRENCY] = r->has_instructed ? r->instructed_currency : "";
	text[W_ONAME] = r->originator_name;
	text[W_OACCT] = r->originator_account;
	text[W_OBANK] = r->originator_bank;
	text[W_BNAME] = r->beneficiary_name;
	text[W_BACCT] = r->beneficiary_account;
	text[W_BBANK] = r->beneficiary_bank;
	text[W_IMAD] = r->imad;
	text[W_OMAD] = r->omad;
	text[W_UETR] = r->uetr;
	text[W_REF] = r->reference;
	text[W_DETAILS] = r->details;
	for (i = 0; i < W_N; i++)
		if (keep_str(b, &e->wtext[i], text[i]))
			return pr__error_set(err, PR_ENOMEM, "out of memory");
	if (keep_amount(b, &e->amount, &e->big_amount, r->amount) ||
	    (r->has_instructed &&
	     keep_amount(b, &e->balance, &e->big_balance, r->instructed)))
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	b->n++;
	return PR_OK;
}

static int
keep_texts(struct batch *b, struct entry *e, const char *const *text,
	   int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (keep_str(b, &e->wtext[i], text[i]))
			return -1;
	return 0;
}

static int
put_rate(const pr__rate_row *r, void *payload, pr_error *err)
{
	struct writer *w = payload;
	const char *text[4];
	struct entry *e;
	char *q;
	int rc;

	rc = next_entry(w, &e, ENT_RATE, r->line, err);
	if (rc != PR_OK)
		return rc;
	e->date = r->date;
	q = mpq_get_str(NULL, 10, r->rate);
	text[R_BASE] = r->base;
	text[R_QUOTE] = r->quote;
	text[R_RATE] = q;
	text[R_SOURCE] = r->source;
	rc = keep_texts(w->cur, e, text, 4);
	{
		void (*gmp_free)(void *, size_t);

		mp_get_memory_functions(NULL, NULL, &gmp_free);
		gmp_free(q, strlen(q) + 1);
	}
	if (rc != 0)
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	w->cur->n++;
	return PR_OK;
}

static int
put_chain(const pr__chain_row *c, void *payload, pr_error *err)
{
	struct writer *w = payload;
	const char *text[6];
	struct entry *e;
	size_t i;
	int rc;

	rc = next_entry(w, &e, ENT_CHAIN, c->line, err);
	if (rc != PR_OK)
		return rc;
	e->record = c->record;
	e->date = c->date;
	e->n = c->block;
	text[C_CHAIN] = c->chain;
	text[C_KIND] = c->kind;
	text[C_HASH] = c->hash;
	text[C_TIME] = c->time;
	text[C_STATUS] = c->status;
	text[C_FEE_ASSET] = c->fee_asset;
	if (keep_texts(w->cur, e, text, 6) ||
	    keep_amount(w->cur, &e->amount, &e->big_amount, c->fee))
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	w->cur->n++;
	/* The moves follow their transaction, possibly in the next batch:
	 * the writer takes batches in order, so the id carries over. */
	for (i = 0; i < c->n_moves; i++) {
		const pr__chain_move *m = &c->moves[i];

		rc = next_entry(w, &e, ENT_MOVE, c->line, err);
		if (rc != PR_OK)
			return rc;
		e->record = i + 1;
		e->n = m->prev_index;
		text[M_SIDE] = m->side;
		text[M_ADDRESS] = m->address;
		text[M_ASSET] = m->asset;
		text[M_PREV] = m->prev_hash ? m->prev_hash : "";
		if (keep_texts(w->cur, e, text, 4) ||
		    keep_amount(w->cur, &e->amount, &e->big_amount,
				m->value))
			return pr__error_set(err, PR_ENOMEM, "out of memory");
		w->cur->n++;
	}
	return PR_OK;
}

static int
put_asset(const pr__asset_row *r, void *payload, pr_error *err)
{
	struct writer *w = payload;
	const char *text[A_N];
	struct entry *e;
	int rc;

	rc = next_entry(w, &e, strcmp(r->kind, "asset") == 0 ? ENT_ASSET :
			ENT_EVENT, r->line, err);
	if (rc != PR_OK)
		return rc;
	e->date = r->date;
	text[A_KIND] = r->kind;
	text[A_REF] = r->ref;
	text[A_CLASS] = r->class_ ? r->class_ : "";
	text[A_IDENT] = r->identifier ? r->identifier : "";
	text[A_DESC] = r->description ? r->description : "";
	text[A_OWNER] = r->owner ? r->owner : "";
	text[A_NOMINEE] = r->nominee ? r->nominee : "";
	text[A_CURRENCY] = r->currency;
	text[A_METHOD] = r->method ? r->method : "";
	text[A_PARTY] = r->party ? r->party : "";
	text[A_REFERENCE] = r->reference ? r->reference : "";
	if (keep_texts(w->cur, e, text, A_N) ||
	    keep_amount(w->cur, &e->amount, &e->big_amount, r->amount))
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	w->cur->n++;
	return PR_OK;
}

/* On-chain formats, likewise. */
static const pr__wire_format chain_formats[] = {
	{ "explorer", pr__explorer_probe, pr__explorer_read },
	{ "etherscan", pr__etherscan_probe, pr__etherscan_read },
	{ "csv", pr__chaincsv_probe, pr__chaincsv_read },
};

/* Statement formats a bank writes for machines, in the order they are
 * tried when none is named (import bank without --profile). */
static const pr__wire_format bank_formats[] = {
	{ "ofx", pr__ofx_probe, pr__ofx_read },
	{ "mt940", pr__mt940_probe, pr__mt940_read },
	{ "camt", pr__camt_probe, pr__camt_read },
	{ "bai2", pr__bai2_probe, pr__bai2_read },
};

int
pr__head_has(const char *head, size_t len, const char *s, int icase)
{
	size_t n = strlen(s), i, j;

	for (i = 0; n <= len && i <= len - n; i++) {
		for (j = 0; j < n; j++) {
			unsigned char a = (unsigned char)head[i + j];
			unsigned char b = (unsigned char)s[j];

			if (icase && a >= 'a' && a <= 'z')
				a = (unsigned char)(a - 'a' + 'A');
			if (icase && b >= 'a' && b <= 'z')
				b = (unsigned char)(b - 'a' + 'A');
			if (a != b)
				break;
		}
		if (j == n)
			return 1;
	}
	return 0;
}

const char *
pr__statement_format_name(const char *head, size_t len)
{
	if (pr__ofx_probe(head, len))
		return "an OFX statement";
	if (pr__mt940_probe(head, len))
		return pr__head_has(head, len, "942", 0) &&
		       !pr__head_has(head, len, ":60F:", 0) ?
		       "an MT942 report" : "an MT940 statement";
	if (pr__camt_probe(head, len))
		return pr__head_has(head, len, "camt.052", 0) ?
		       "a camt.052 report" :
		       pr__head_has(head, len, "camt.054", 0) ?
		       "a camt.054 notification" : "a camt.053 statement";
	if (pr__bai2_probe(head, len))
		return "a BAI2 file";
	return NULL;
}

/* Wire formats, in the order they are tried when none is named. */
static const pr__wire_format wire_formats[] = {
	{ "pacs.008", pr__pacs008_probe, pr__pacs008_read },
	{ "mt103", pr__mt103_probe, pr__mt103_read },
	{ "fedwire", pr__fedwire_probe, pr__fedwire_read },
	{ "csv", pr__wirecsv_probe, pr__wirecsv_read },
};

/*
 * The small kinds: an analyst's lines (decisions, victims, designations,
 * work, asset tables), each checked against the case as it is written,
 * are written by the reader's callback straight into the transaction,
 * without the pipeline (their checks read the case, and they are few).
 * Text a reader leaves NULL is written as ''.
 */
static const char *
nz(const char *s)
{
	return s != NULL ? s : "";
}

static int
write_decision(const pr__decision_row *d, void *payload, pr_error *err)
{
	struct writer *w = payload;
	pr__decision_row r = *d;

	r.action = nz(d->action);
	r.subject = nz(d->subject);
	r.other = nz(d->other);
	r.reason = nz(d->reason);
	return pr__decision_write(w->st, w->doc, w->name, &r, err);
}

static int
write_party(const pr__party_row *p, void *payload, pr_error *err)
{
	struct writer *w = payload;
	pr__party_row r = *p;

	r.kind = nz(p->kind);
	r.pseudonym = nz(p->pseudonym);
	r.role = nz(p->role);
	r.name = nz(p->name);
	r.account = nz(p->account);
	r.relation = nz(p->relation);
	r.note = nz(p->note);
	return pr__party_write(w->st, w->doc, w->name, &r, err);
}

static int
write_designation(const pr__designation_row *d, void *payload,
		  pr_error *err)
{
	struct writer *w = payload;
	pr__designation_row r = *d;

	r.origin = nz(d->origin);
	r.by = nz(d->by);
	r.match = nz(d->match);
	r.account = nz(d->account);
	r.reason = nz(d->reason);
	r.source = nz(d->source);
	return pr__designation_write(w->st, w->doc, w->name, &w->rules, &r,
				     err);
}

static int
write_work(const pr__work_row *k, void *payload, pr_error *err)
{
	struct writer *w = payload;
	pr__work_row r = *k;

	r.victim = nz(k->victim);
	r.kind = nz(k->kind);
	r.currency = nz(k->currency);
	r.basis = nz(k->basis);
	r.source = nz(k->source);
	return pr__work_write(w->st, w->doc, w->name, &r, err);
}

static int
write_asset_def(const pr__asset_def_row *a, void *payload, pr_error *err)
{
	struct writer *w = payload;
	pr__asset_def_row r = *a;

	r.code = nz(a->code);
	r.chain = nz(a->chain);
	r.contract = nz(a->contract);
	r.source = nz(a->source);
	return pr__asset_def_write(w->st, w->doc, w->name, &r, err);
}

/* The callbacks of the checking read: every line is taken. */
static int
take_decision(const pr__decision_row *d, void *payload, pr_error *err)
{
	(void)d, (void)payload, (void)err;
	return PR_OK;
}

static int
take_party(const pr__party_row *p, void *payload, pr_error *err)
{
	(void)p, (void)payload, (void)err;
	return PR_OK;
}

static int
take_designation(const pr__designation_row *d, void *payload,
		 pr_error *err)
{
	(void)d, (void)payload, (void)err;
	return PR_OK;
}

static int
take_work(const pr__work_row *k, void *payload, pr_error *err)
{
	(void)k, (void)payload, (void)err;
	return PR_OK;
}

static int
take_asset_def(const pr__asset_def_row *a, void *payload, pr_error *err)
{
	(void)a, (void)payload, (void)err;
	return PR_OK;
}

/*
 * Read a small kind's file twice: first only to check its form, so that
 * a malformed line anywhere in the file is what is reported, before any
 * line is checked against the case (as when the pipeline's writer never
 * saw a batch the reader failed in); then with the callbacks writing
 * each line. Then the designations' rules, resolved together (or, when
 * a later line failed against the case, the error of an earlier rule
 * that designates nothing, which its line reported before).
 */
static int
read_direct(struct writer *w, const char *path, const char *name,
	    const pr__wire_format *wf, const pr_import_options *opts,
	    const pr__import_sink *sink, pr__read_info *info, pr_error *err)
{
	pr_import_options quiet = *opts;
	pr__import_sink check = *sink;
	pr__read_info scratch;
	int rc;

	quiet.progress = NULL;
	check.decision = take_decision;
	check.party = take_party;
	check.designation = take_designation;
	check.work = take_work;
	check.asset_def = take_asset_def;
	memset(&scratch, 0, sizeof(scratch));
	rc = wf->read(path, name, &quiet, &check, &scratch, err);
	if (rc != PR_OK)
		return rc;
	/* Each line looks its evidence up by index, wherever in the case
	 * it is: with SQLite's default 2 MiB of pages, 10^5 decisions
	 * against 1.87 x 10^6 rows read 286,000 pages from the file; with
	 * 64 MiB (a ceiling, taken only as pages are read), 7,800. */
	rc = pr__store_exec(w->st, "PRAGMA cache_size = -65536", err);
	if (rc == PR_OK)
		rc = wf->read(path, name, opts, sink, info, err);
	if (rc != PR_OK)
		return pr__rules_first(w->rules, w->st, name, rc, err);
	return pr__rules_resolve(w->rules, w->st, name, err);
}

/* The small kinds' readers: run() calls read_direct for these. */
enum { K_DECISIONS, K_VICTIMS, K_DESIGNATIONS, K_WORK, K_ASSETS, K_N };
static const pr__wire_format direct_kinds[K_N] = {
	[K_DECISIONS] = { "decisions", NULL, pr__decisions_read },
	[K_VICTIMS] = { "victims", NULL, pr__victims_read },
	[K_DESIGNATIONS] = { "designations", NULL, pr__designations_read },
	[K_WORK] = { "work", NULL, pr__work_read },
	[K_ASSETS] = { "assets", NULL, pr__assetcsv_read },
};

static int
is_direct(const pr__wire_format *wf)
{
	int i;

	for (i = 0; i < K_N; i++)
		if (wf == &direct_kinds[i])
			return 1;
	return 0;
}

/* A bank statement format given to another import is refused by what
 * it is, with the command that reads it. */
static int
not_a_statement(const char *path, const char *name, pr_error *err)
{
	char head[4096];
	const char *what;
	size_t n;
	FILE *fp;

	fp = fopen(path, "rb");
	if (fp == NULL)
		return PR_OK;  /* the reader says why */
	n = fread(head, 1, sizeof(head), fp);
	fclose(fp);
	what = pr__statement_format_name(head, n);
	if (what == NULL)
		return PR_OK;
	return pr__error_set(err, PR_EINVALID, "%s: %s: import it with "
			     "`import bank`", name, what);
}

static int
run(pr_store *st, const char *path, const char *name, const char *kind,
    const pr_profile *p, const pr__wire_format *wf,
    const pr_import_options *opts, pr_import_result *res, pr_error *err)
{
	pr_import_options none = PR_IMPORT_OPTIONS_INIT;
	pr__import_sink sink;
	pr__read_info info;
	pr__assets *assets = NULL;
	struct writer w;
	pthread_t tid;
	const char *base;
	size_t i;
	int started = 0;
	int rc;

	if (st == NULL || path == NULL)
		return pr__error_set(err, PR_EINVALID, "no case or file");
	if (strcmp(kind, "bank") != 0 && strcmp(kind, "wire") != 0 &&
	    strcmp(kind, "chain") != 0) {
		rc = not_a_statement(path, name ? name : path, err);
		if (rc != PR_OK)
			return rc;
	}
	if (!st->in_txn)
		return pr__error_set(err, PR_EINVALID, "import outside a "
				     "transaction (call pr_store_begin)");
	if (opts == NULL)
		opts = &none;
	if (name == NULL)
		name = path;
	memset(&w, 0, sizeof(w));
	memset(&info, 0, sizeof(info));
	w.st = st;
	w.name = name;
	sink.row = put_row;
	sink.statement = put_statement;
	sink.wire = put_wire;
	sink.rate = put_rate;
	sink.chain = put_chain;
	sink.asset = put_asset;
	sink.decision = write_decision;
	sink.party = write_party;
	sink.designation = write_designation;
	sink.work = write_work;
	sink.payload = &w;
	sink.asset_def = write_asset_def;
	/* the readers see the case's asset table as the import begins */
	rc = pr__assets_load(&assets, st, err);
	if (rc != PR_OK)
		return rc;
	sink.assets = assets;
	/* The case records the file's name, not where it sat on this
	 * machine; messages keep the path as the user gave it. */
	base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
	rc = pr__store_add_document(st, &w.doc, base, kind,
				    p ? p->name : wf ? wf->name : NULL,
				    p ? p->sha256 : NULL,
				    p ? p->descending : 0, err);
	if (rc != PR_OK) {
		pr__assets_free(assets);
		return rc;
	}
	pthread_mutex_init(&w.p.mu, NULL);
	pthread_cond_init(&w.p.can_put, NULL);
	pthread_cond_init(&w.p.can_take, NULL);
	if (wf != NULL && is_direct(wf)) {
		rc = read_direct(&w, path, name, wf, opts, &sink, &info, err);
		goto finish;
	}
	w.cur = pr__calloc(1, sizeof(*w.cur));
	if (w.cur == NULL) {
		rc = pr__error_set(err, PR_ENOMEM, "out of memory");
		goto done;
	}
	if (pthread_create(&tid, NULL, writer_main, &w) != 0) {
		rc = pr__error_set(err, PR_ERROR, "cannot start a thread");
		goto done;
	}
	started = 1;
	if (p != NULL)
		rc = pr__bankcsv_read(path, name, p, opts, &sink, &info, err);
	else if (wf != NULL)
		rc = wf->read(path, name, opts, &sink, &info, err);
	else
		rc = pr__statements_read(path, name, opts, &sink, &info, err);
	if (rc == PR_OK && w.cur->n > 0)
		rc = ship(&w, err);
	pthread_mutex_lock(&w.p.mu);
	w.p.done = 1;
	if (rc != PR_OK)
		w.p.failed = 1;
	pthread_cond_broadcast(&w.p.can_take);
	pthread_mutex_unlock(&w.p.mu);
	pthread_join(tid, NULL);
	started = 0;
	/* A writer failure outranks the reader's "stopped" code. */
	if (w.p.wrc != PR_OK) {
		if (err != NULL)
			*err = w.p.werr;
		rc = w.p.wrc;
	}
finish:
	if (rc == PR_OK)
		rc = pr__store_finish_document(st, w.doc, name, info.sha256,
					       info.size, info.records, err);
	if (rc == PR_OK && res != NULL) {
		res->document = w.doc;
		res->records = info.records;
		res->statements = info.statements;
		res->size = info.size;
		memcpy(res->sha256, info.sha256, sizeof(res->sha256));
		res->skipped = info.skipped;
		memcpy(res->skipped_by, info.skipped_by,
		       sizeof(res->skipped_by));
	}
done:
	if (started)
		pthread_join(tid, NULL);
	batch_free(w.cur);
	for (i = 0; i < w.p.count; i++)
		batch_free(w.p.q[(w.p.head + i) % QUEUE_DEPTH]);
	for (i = 0; i < w.p.n_spare; i++)
		batch_free(w.p.spare[i]);
	pthread_mutex_destroy(&w.p.mu);
	pthread_cond_destroy(&w.p.can_put);
	pthread_cond_destroy(&w.p.can_take);
	pr__free(w.acct_ident);
	pr__rules_free(w.rules);
	pr__assets_free(assets);
	return rc;
}

int
pr_import_bank(pr_store *st, const char *path, const char *name,
	       const pr_profile *profile, const pr_import_options *opts,
	       pr_import_result *res, pr_error *err)
{
	if (profile == NULL)
		return pr_import_bank_format(st, path, name, NULL, opts, res,
					     err);
	/* an exchange row read as a bank's would lose what it is */
	if (profile->exchange)
		return pr__error_set(err, PR_EINVALID, "profile %s is for "
				     "exchange histories: use import "
				     "exchange", profile->name);
	return run(st, path, name, "bank", profile, NULL, opts, res, err);
}

int
pr_import_statements(pr_store *st, const char *path, const char *name,
		     const pr_import_options *opts, pr_import_result *res,
		     pr_error *err)
{
	return run(st, path, name, "statements", NULL, NULL, opts, res, err);
}

/* Tell the format from the first bytes, or find the one named. */
static int
find_format(const pr__wire_format **out, const pr__wire_format *table,
	    size_t n_table, const char *what, const char *names,
	    const char *path, const char *name, const char *format,
	    pr_error *err)
{
	char head[4096];
	size_t n, i;
	FILE *fp;

	for (i = 0; format != NULL && i < n_table; i++) {
		if (strcmp(format, table[i].name) == 0) {
			*out = &table[i];
			return PR_OK;
		}
	}
	if (format != NULL)
		return pr__error_set(err, PR_EINVALID, "unknown %s format '%s'"
				     " (expected %s)", what, format, names);
	fp = fopen(path, "rb");
	if (fp == NULL)
		return pr__error_sys(err, errno == ENOENT ? PR_ENOTFOUND :
				     PR_EIO, errno, name, NULL);
	n = fread(head, 1, sizeof(head), fp);
	fclose(fp);
	for (i = 0; i < n_table; i++) {
		if (table[i].probe(head, n)) {
			*out = &table[i];
			return PR_OK;
		}
	}
	/* every format is text: say why a binary file is none of them */
	if (memchr(head, '\0', n) != NULL) {
		pr_loc loc;

		pr__buf_loc(&loc, name, head, memchr(head, '\0', n));
		return pr__error_at(err, PR_EPARSE, &loc,
				    "NUL byte: this is not a text file");
	}
	return pr__error_set(err, PR_EINVALID, "%s: not %s %s format this "
			     "version reads (%s); name one with --format",
			     name, strchr("aeiou", what[0]) ? "an" : "a",
			     what, names);
}

int
pr_import_bank_format(pr_store *st, const char *path, const char *name,
		      const char *format, const pr_import_options *opts,
		      pr_import_result *res, pr_error *err)
{
	const pr__wire_format *bf = NULL;
	int rc;

	if (path == NULL)
		return pr__error_set(err, PR_EINVALID, "no file");
	rc = find_format(&bf, bank_formats, sizeof(bank_formats) /
			 sizeof(bank_formats[0]), "statement",
			 "ofx, mt940, camt, bai2; a CSV export needs "
			 "--profile", path, name ? name : path, format, err);
	if (rc != PR_OK)
		return rc;
	return run(st, path, name, "bank", NULL, bf, opts, res, err);
}

int
pr_import_wire(pr_store *st, const char *path, const char *name,
	       const char *format, const pr_import_options *opts,
	       pr_import_result *res, pr_error *err)
{
	const pr__wire_format *wf = NULL;
	int rc;

	if (path == NULL)
		return pr__error_set(err, PR_EINVALID, "no file");
	rc = not_a_statement(path, name ? name : path, err);
	if (rc != PR_OK)
		return rc;
	rc = find_format(&wf, wire_formats, sizeof(wire_formats) /
			 sizeof(wire_formats[0]), "wire",
			 "csv, mt103, fedwire, pacs.008", path,
			 name ? name : path, format, err);
	if (rc != PR_OK)
		return rc;
	return run(st, path, name, "wire", NULL, wf, opts, res, err);
}

int
pr_import_chain(pr_store *st, const char *path, const char *name,
		const char *format, const pr_import_options *opts,
		pr_import_result *res, pr_error *err)
{
	const pr__wire_format *cf = NULL;
	int rc;

	if (path == NULL)
		return pr__error_set(err, PR_EINVALID, "no file");
	rc = not_a_statement(path, name ? name : path, err);
	if (rc != PR_OK)
		return rc;
	rc = find_format(&cf, chain_formats, sizeof(chain_formats) /
			 sizeof(chain_formats[0]), "on-chain", "csv, "
			 "etherscan, explorer", path, name ? name : path,
			 format, err);
	if (rc != PR_OK)
		return rc;
	return run(st, path, name, "chain", NULL, cf, opts, res, err);
}

int
pr_import_rates(pr_store *st, const char *path, const char *name,
		const pr_import_options *opts, pr_import_result *res,
		pr_error *err)
{
	static const pr__wire_format rates = { "rates", NULL, pr__rates_read };

	return run(st, path, name, "rates", NULL, &rates, opts, res, err);
}

int
pr_import_property(pr_store *st, const char *path, const char *name,
		   const pr_import_options *opts, pr_import_result *res,
		   pr_error *err)
{
	static const pr__wire_format property = { "property", NULL,
						  pr__property_read };

	return run(st, path, name, "property", NULL, &property, opts, res,
		   err);
}

int
pr_import_exchange(pr_store *st, const char *path, const char *name,
		   const pr_profile *profile, const pr_import_options *opts,
		   pr_import_result *res, pr_error *err)
{
	if (profile == NULL)
		return pr__error_set(err, PR_EINVALID, "no profile given");
	/* without an operation map no row could say what it is */
	if (!profile->exchange)
		return pr__error_set(err, PR_EINVALID, "profile %s is for "
				     "bank exports: use import bank",
				     profile->name);
	return run(st, path, name, "exchange", profile, NULL, opts, res,
		   err);
}

int
pr_import_decisions(pr_store *st, const char *path, const char *name,
		    const pr_import_options *opts, pr_import_result *res,
		    pr_error *err)
{
	return run(st, path, name, "decisions", NULL, &direct_kinds[K_DECISIONS], opts,
		   res, err);
}

int
pr_import_victims(pr_store *st, const char *path, const char *name,
		  const pr_import_options *opts, pr_import_result *res,
		  pr_error *err)
{
	return run(st, path, name, "victims", NULL, &direct_kinds[K_VICTIMS], opts,
		   res, err);
}

int
pr_import_designations(pr_store *st, const char *path, const char *name,
		       const pr_import_options *opts, pr_import_result *res,
		       pr_error *err)
{
	return run(st, path, name, "designations", NULL, &direct_kinds[K_DESIGNATIONS], opts,
		   res, err);
}

int
pr_import_work(pr_store *st, const char *path, const char *name,
	       const pr_import_options *opts, pr_import_result *res,
	       pr_error *err)
{
	return run(st, path, name, "work", NULL, &direct_kinds[K_WORK], opts,
		   res, err);
}

int
pr_import_assets(pr_store *st, const char *path, const char *name,
		 const pr_import_options *opts, pr_import_result *res,
		 pr_error *err)
{
	return run(st, path, name, "assets", NULL, &direct_kinds[K_ASSETS], opts,
		   res, err);
}
