/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Inside the library: the flows as structured parts, for tracing (which
 * turns them into movements of value). The public view, texts for
 * people, is include/proceeds/match.h.
 */
#ifndef PR_LIB_MATCH_H
#define PR_LIB_MATCH_H

#include "common.h"

#include <sqlite3.h>

enum { PR__K_BANK, PR__K_EXCHANGE, PR__K_WIRE, PR__K_CHAIN,
       PR__K_CHAIN_FEE, PR__K_FUNDING };

/* One piece of evidence of a flow. Texts stay valid while the flows
 * live; amount is the magnitude in minor units. */
struct pr__item_view {
	uint32_t id;           /* stable within one pr_flows */
	int64_t row;           /* bank and exchange rows: the txn id */
	int kind;              /* PR__K_* */
	int role;              /* pr_evidence_role */
	int32_t date;
	const char *currency;
	const char *account;   /* account ident or "asset REF (…)"; "" */
	uint32_t currency_id;  /* the two above as ids below */
	uint32_t account_id;   /* pr__flows_strings: same id, same text */
	const char *address;   /* chain output / exchange row address */
	const char *tx;        /* chain: the transaction hash */
	uint32_t n;            /* chain: the output index */
	int64_t amount;
	int big;               /* beyond 64 bits: amount is not set */
	const char *document;
	uint32_t line;
	int mortgage, trade, withdrawal, deposit;
	const char *from_label, *to_label; /* what a record names */
	const char *to_hint;   /* the account the evidence names as the
				* other side, or "" */
	const char *from_hint; /* chain: the input addresses ("a + b") */
	const char *cut;       /* bank and exchange debits: the description
				* less trailing numbers, spaces, '#' and '-'
				* (of its first 255 bytes); else "" */
};

/*
 * Matching fed the case's bank and exchange rows by another scan of the
 * txn table: the reconcile gate's, so that a trace reads them once for
 * both (the scan, not the work on its rows, was half of each). Open,
 * give every row in rowid order to pr__match_row (the columns of
 * PR__TXN_COLUMNS first, in that order, and as read into r), then
 * close; or free, to give up. The error of open, row and close goes to
 * open's err. A failed row is said by close, so that what fails first
 * in the caller's order (the gate) is the one said; after it no row is
 * taken.
 */
#define PR__TXN_COLUMNS "id, document_id, line, account_id, date, " \
			"amount, description, reference, counter_account"
enum { PR__TXN_ID, PR__TXN_DOC, PR__TXN_LINE, PR__TXN_ACCOUNT,
       PR__TXN_DATE, PR__TXN_AMOUNT, PR__TXN_DESC, PR__TXN_REF,
       PR__TXN_COUNTER, PR__TXN_NCOLS };

typedef struct pr__match_feed pr__match_feed;

/* A row's columns as its reader has them already, so that they are not
 * read from SQLite twice (the reads were a fifth of the scan). Texts as
 * sqlite3_column_text gives them (NULL for NULL), valid until the next
 * step; amount only when !amount_text (else it is decimal TEXT, beyond
 * 64 bits, read from the statement). */
struct pr__txn_row {
	int64_t id, doc, account, line, amount;
	int32_t date;
	int amount_text;
	const char *desc, *ref, *counter;
};

int pr__match_open(pr__match_feed **out, pr_store *st,
		   const pr_match_options *o, pr_error *err);
int pr__match_row(pr__match_feed *mf, sqlite3_stmt *s,
		  const struct pr__txn_row *r);
int pr__match_close(pr_flows **out, pr__match_feed *mf);
void pr__match_free(pr__match_feed *mf);

/* pr_recon_run, feeding each transaction it reads to mf when not NULL
 * (its scan selects PR__TXN_COLUMNS first); in recon.c. */
int pr__recon_run_fed(pr_recon **out, pr_store *st, pr__match_feed *mf,
		      pr_error *err);

/* The flows take r (pr_flows_build), freeing any they held. */
void pr__flows_set_recon(pr_flows *f, pr_recon *r);

/* How many strings the flows name: the ids of pr__item_view are below
 * it. */
size_t pr__flows_strings(const pr_flows *f);

/* The pieces of flow i (in output order) into out (at most max); returns
 * how many the flow has. */
size_t pr__flows_parts(const pr_flows *f, size_t i,
		       struct pr__item_view *out, size_t max);

/* Of flow i's first max pieces: whether one is a debit, a credit, a
 * record, on chain; the date of the first debit, else record, else
 * credit, else of its first piece; the account_id and currency_id (as
 * pr__item_view's) of the first debit and of the first credit, or 0. */
struct pr__flow_brief {
	int32_t date;
	int debit, credit, record, chain;
	uint32_t acct[2], cur[2];
};
void pr__flows_brief(const pr_flows *f, size_t i, size_t max,
		     struct pr__flow_brief *out);

#endif
