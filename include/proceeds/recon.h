/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reconciliation: do the statements in a case add up? */
#ifndef PROCEEDS_RECON_H
#define PROCEEDS_RECON_H

#include <gmp.h>
#include "common.h"
#include "date.h"
#include "store.h"

/** One statement period: opening + credits - debits against closing. */
typedef struct pr_recon_period {
	const char *account;
	const char *currency;
	unsigned minor;
	pr_date start, end;
	const char *source;   /**< "statement", "file" or "running balance" */
	const char *document; /**< where the balances are stated */
	unsigned long line;
	uint64_t rows;        /**< transactions dated inside the period */
	mpz_t opening;
	mpz_t credits;        /**< sum of inflows (>= 0) */
	mpz_t debits;         /**< sum of outflows as a positive amount */
	mpz_t computed;       /**< opening + credits - debits */
	mpz_t closing;        /**< as stated */
	mpz_t difference;     /**< closing - computed; 0 when it balances */
} pr_recon_period;

/** A row whose stated running balance is not the previous one plus it. */
typedef struct pr_recon_break {
	const char *account;
	const char *currency;
	unsigned minor;
	const char *document;
	unsigned long line;
	pr_date date;
	mpz_t expected;       /**< previous balance + this row's amount */
	mpz_t stated;
	mpz_t difference;     /**< stated - expected */
	/** Where the previous balance is stated: the same document (then
	 *  the same pointer as document), or, for the first balance of a
	 *  file, the file before it in the account's chain
	 *  (docs/reconcile.md). */
	const char *prev_document;
	unsigned long prev_line;
} pr_recon_break;

typedef enum pr_gap_kind {
	PR_GAP_MISSING = 0,   /**< no statement covers these dates */
	PR_GAP_OVERLAP,       /**< two statements cover these dates */
	PR_GAP_CARRY,         /**< a closing balance is not the next opening */
	PR_GAP_UNCOVERED      /**< transactions outside every statement */
} pr_gap_kind;

typedef struct pr_recon_gap {
	pr_gap_kind kind;
	const char *account;
	const char *currency;
	unsigned minor;
	pr_date start, end;
	uint64_t rows;        /**< PR_GAP_UNCOVERED: how many transactions */
	mpz_t amount;         /**< PR_GAP_CARRY: next opening - closing */
	const char *document; /**< the later statement, or first row */
	unsigned long line;
} pr_recon_gap;

/** Two rows with the same account, date, amount, description and
 *  reference: within one document (listed, may be genuine) or across two
 *  (the same movement imported twice). */
typedef struct pr_recon_dup {
	const char *account;
	const char *currency;
	unsigned minor;
	pr_date date;
	mpz_t amount;
	const char *description;
	const char *document_a;
	unsigned long line_a;
	const char *document_b;
	unsigned long line_b;
	int across;           /**< in two different documents */
} pr_recon_dup;

/** The whole reconciliation; arrays in a fixed, documented order. */
typedef struct pr_recon {
	pr_recon_period *periods; /**< by account, currency, start, end */
	size_t n_periods;
	pr_recon_break *breaks;   /**< by account, document, line */
	size_t n_breaks;
	pr_recon_gap *gaps;       /**< by account, start, kind */
	size_t n_gaps;
	pr_recon_dup *dups;       /**< by account, date, line */
	size_t n_dups;
	uint64_t transactions;
	size_t accounts;
	void *internal;
} pr_recon;

/**
 * Reconcile every account in the case: each statement period, every
 * running balance, the sequence of periods, and duplicate rows.
 *
 * @param out [out] the result, free with pr_recon_free
 */
PR_EXTERN int pr_recon_run(pr_recon **out, pr_store *st, pr_error *err);

/**
 * 1 when everything reconciled: every period balances, no running balance
 * breaks, no missing, overlapping or uncovered periods, no carry-forward
 * differences and no duplicates across documents. Duplicates within one
 * document are reported but do not count against it.
 */
PR_EXTERN int pr_recon_ok(const pr_recon *r);

PR_EXTERN void pr_recon_free(pr_recon *r);

#endif
