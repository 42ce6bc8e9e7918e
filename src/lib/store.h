/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Store internals shared by the importers and the reconciler. */
#ifndef PR_LIB_STORE_H
#define PR_LIB_STORE_H

#include <gmp.h>
#include <sqlite3.h>
#include "common.h"

/* SQL: whether txn row t is a credit (an inflow). Amounts are INTEGER,
 * or decimal TEXT when they do not fit in 64 bits. */
#define PR__CREDIT "((typeof(t.amount) = 'integer' AND t.amount > 0) OR" \
	" (typeof(t.amount) = 'text' AND substr(t.amount, 1, 1) <> '-'))"

/* Prepared statements kept for the life of the store. */
enum {
	Q_DOC_FIND,
	Q_DOC_INSERT,
	Q_DOC_FINISH,
	Q_ACCOUNT_FIND,
	Q_ACCOUNT_INSERT,
	Q_TXN_INSERT,
	Q_STATEMENT_INSERT,
	Q_WIRE_INSERT,
	Q_RATE_INSERT,
	Q_CHAIN_TX_INSERT,
	Q_CHAIN_MOVE_INSERT,
	Q_ASSET_INSERT,
	Q_ASSET_FIND,
	Q_ASSET_EVENT_INSERT,
	Q_TXN_DETAIL_INSERT,
	Q_DECISION_INSERT,
	Q_DECISION_DOC_NAME,
	Q_DECISION_DOC_SHA,
	Q_DECISION_EVIDENCE,
	Q_DECISION_TX,
	Q_PARTY_FIND,
	Q_PARTY_INSERT,
	Q_CONTROL_INSERT,
	Q_DESIGNATION_INSERT,
	Q_DESIGNATION_CREDIT,
	Q_DESIGNATION_FLOW_DONE,
	Q_DESIGNATION_ACCOUNT,
	Q_DESIGNATION_ACCOUNT_IDS,
	Q_COUNT
};

/*
 * The statements of the table above that a command runs once per line
 * or row of a loop (an import's lines, a rule's inflows): each must find
 * its rows through an index, never scan a table (tests/check_queryplan.c
 * runs EXPLAIN QUERY PLAN on each). The i-th one, from 0: its Q_ number
 * in *q_out and its name as returned; NULL past the last.
 */
const char *pr__store_loop_query(size_t i, int *q_out);

/* pr_store_open flag, internal: the reading open that follows the write
 * which brought the case up to date (converted, rolled back, upgraded). */
#define PR__STORE_UPDATED 0x100

/* How many tables the custody log seals (custody_seal.c): every table of
 * the case but custody itself and the BSA compartment's bsa_ tables,
 * which their own chain seals (bsa.c, docs/custody.md). */
#define PR__N_SEALED 24

struct pr_store {
	sqlite3 *db;
	char *path;
	int in_txn;
	int64_t next_seq;     /* custody entry this transaction will write */
	char **pending_docs; /* SHA-256 of documents added in the transaction */
	size_t n_pending;
	/* per sealed table, its highest rowid when the transaction began:
	 * the rows above it are the transaction's own */
	int64_t seal_after[PR__N_SEALED];
	sqlite3_stmt *q[Q_COUNT];
	/* the case's asset table as read for pr__store_currency (assets.c),
	 * with the tables read before it; stale once an asset is written
	 * or a transaction rolled back */
	struct pr__assets *assets;
	int assets_stale;
};

/*
 * A currency or asset by canonical code, for a report: the built-in table
 * (pr_currency_find), then the case's asset table (import assets), read
 * once and kept until the case is closed. NULL when neither knows it.
 */
const struct pr_currency *pr__store_currency(pr_store *st, const char *code);
/* Free what pr__store_currency kept (pr_store_close). */
void pr__store_currency_free(pr_store *st);

/* Report the connection's last error as PR_EDB with context. */
int pr__store_dberr(pr_store *st, pr_error *err, const char *what);

/* The first column of the one row @p sql returns, as an integer. */
int pr__store_int64(pr_store *st, const char *sql, int64_t *out,
		    pr_error *err);

/* SQL: the sequence number of the next custody-log entry. */
#define PR__NEXT_SEQ "SELECT coalesce(max(seq), 0) + 1 FROM custody"

/* Reset a kept statement and clear its bindings, after a lookup. */
void pr__stmt_done(sqlite3_stmt *s);
/* Bind a date, or NULL when it is not given (has == 0). */
void pr__bind_date(sqlite3_stmt *s, int col, int has, int32_t d);

/* Run SQL that returns no rows. */
int pr__store_exec(pr_store *st, const char *sql, pr_error *err);

/* Bind an exact amount: INTEGER when it fits in 64 bits, TEXT otherwise. */
int pr__store_bind_amount(sqlite3_stmt *s, int col, const mpz_t v);
/* Read an amount written by pr__store_bind_amount. */
void pr__store_column_amount(mpz_t out, sqlite3_stmt *s, int col);

/*
 * Record a new document inside the open transaction, before its rows (they
 * refer to it). Its hash is read with the rows, so pr__store_finish_document
 * fills it in afterwards and refuses a SHA-256 the case already holds
 * (PR_EEXISTS, naming the earlier import).
 */
int pr__store_add_document(pr_store *st, int64_t *id_out, const char *name,
			   const char *kind, const char *profile,
			   const char *profile_sha256, int descending,
			   pr_error *err);
int pr__store_finish_document(pr_store *st, int64_t id, const char *name,
			      const char *sha256, uint64_t size,
			      uint64_t records, pr_error *err);

/*
 * Inside migrate's transaction, once the schema is current: when the case
 * had custody entries from before entries sealed their rows, append an
 * "upgrade" entry that seals every row the case holds (custody.c).
 * @p from is the schema version the case had.
 */
int pr__custody_upgrade(pr_store *st, int from, pr_error *err);

/* At the start of a write transaction: note each sealed table's highest
 * rowid in st->seal_after (custody.c). */
int pr__custody_mark(pr_store *st, pr_error *err);

/* The id of account (ident, currency), created on first use. */
int pr__store_account(pr_store *st, int64_t *id_out, const char *ident,
		      const char *currency, pr_error *err);

#endif
