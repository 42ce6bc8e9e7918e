/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The tracing engine: what each account holds by origin, under one rule,
 * as money moves (../shared/DOMAIN.md section 1, docs/tracing.md). It
 * knows nothing of files, flows or the case: the caller turns the flow
 * graph into calls in time order. All amounts are exact integers of
 * minor units; every split sums exactly to its whole.
 *
 * Origins are small integers: PR_TR_CLEAN (legitimate money), then
 * PR_TR_UNKNOWN (money of no known origin, e.g. an outflow larger than
 * the balance), then one per victim from PR_TR_VICTIM.
 *
 * Value moves as parcels: pr__tr_take removes an amount from a node by
 * the rule and returns it as a parcel (amounts by origin: in the order
 * the money arrived in the node where the rule keeps arrival order, i.e.
 * fifo, lifo and the victims under victims_fifo; by origin otherwise); a
 * parcel can be split, converted to another currency, put into a node,
 * or dissipated to a sink.
 *
 * Errors: PR_EINVALID for a bad argument (node, origin, negative amount,
 * a parcel that is not live) or "amount beyond 64 bits" when a balance,
 * a join or a split would overflow int64; PR_ECURRENCY for a parcel put,
 * joined or dissipated across currencies; PR_ENOMEM. On any failure
 * nothing changes: the engine is as before and parcels passed in still
 * belong to the caller.
 *
 * Parcels belong to their engine: pr__tr_free frees those still out, so
 * a parcel must not be used after its engine is freed. Parcel storage
 * is recycled through a free list, so steady-state operations do not
 * allocate.
 *
 * The rules in short (docs/tracing.md has the worked examples):
 *   libr         take clean, then unknown, then victims (the sub-rule
 *                shares the victims' part); splits fill the largest
 *                outputs with clean first, then unknown, then victims.
 *   taint-first  take victims, then unknown, then clean; splits fill the
 *                largest outputs with victims first.
 *   tiho         exactly as taint-first (for an account outflow, "taint
 *                first" is what "taint in, highest out" means).
 *   fifo, lifo   lots in arrival order, oldest (newest) first; splits
 *                lay the parcel on a line and the outputs in index order
 *                take its stretches from the start (lifo: from the end,
 *                so the first output takes the newest money).
 *   pro-rata     every origin in proportion (largest remainder, ties to
 *                the lower origin); splits take the outputs in index
 *                order, each a proportional take of what is left.
 *   poison       exposure: a node exposed to an origin (unknown or a
 *                victim) is exposed for its whole balance; anything
 *                taken from it, and every output of a split, is exposed
 *                for its whole amount. Clean is the whole balance when
 *                no victim exposure is present, else 0. Exposure clears
 *                when the balance reaches 0. Nothing is conserved.
 * Sub-rule victims_fifo (libr, taint-first, tiho, pro-rata): the victims'
 * part of a take or an output leaves oldest first instead of in
 * proportion (under pro-rata, clean, unknown and the victims as one group
 * are in proportion, and the group's part then leaves oldest first).
 * fee_pro_rata: in pr__tr_split with n >= 2 the last output is the fee
 * and takes a proportional share of every piece of the input (largest
 * remainder); the other outputs split the rest by the rule. Without it
 * the fee is simply the last output, under the rule like any other.
 */
#ifndef PR_LIB_TRACE_ENGINE_H
#define PR_LIB_TRACE_ENGINE_H

#include "common.h"

enum { PR_TR_CLEAN = 0, PR_TR_UNKNOWN = 1, PR_TR_VICTIM = 2 };

typedef enum pr__tr_rule {
	PR_TR_LIBR = 0,    /* clean out first: lowest intermediate balance */
	PR_TR_TAINT_FIRST, /* tainted out first */
	PR_TR_FIFO,        /* oldest lots first */
	PR_TR_LIFO,        /* newest lots first */
	PR_TR_PRO_RATA,    /* every origin in proportion (rolling charge) */
	PR_TR_POISON,      /* any taint taints all: exposure, not conserved */
	PR_TR_TIHO,        /* taint in, highest out (multi-output splits) */
	PR_TR_NRULES
} pr__tr_rule;

typedef struct pr__tr_options {
	pr__tr_rule rule;
	int victims_fifo;  /* within the tainted part, victims leave oldest
			    * first; default 0: in proportion */
	int fee_pro_rata;  /* a multi-output split charges the fee in
			    * proportion; default 0: the fee is the last
			    * output */
} pr__tr_options;

typedef struct pr__tr pr__tr;
typedef struct pr__tr_parcel pr__tr_parcel;

/* An engine for n_nodes nodes (accounts, addresses, assets), n_sinks
 * sinks (where dissipated money went), n_origins origins (at least
 * PR_TR_VICTIM) and n_currencies currencies; node_currency[i] is node
 * i's (0 .. n_currencies - 1). o NULL means the defaults (libr, victims
 * in proportion, fee as the last output). NULL when out of memory or
 * when an argument is out of range. */
pr__tr *pr__tr_new(const pr__tr_options *o, uint32_t n_nodes,
		   const uint32_t *node_currency, uint32_t n_sinks,
		   uint32_t n_origins, uint32_t n_currencies);
void pr__tr_free(pr__tr *t);

/* More nodes, sinks and currencies, as the caller meets them: node i
 * (from the old count up) is of currency node_currency[i]. Counts never
 * shrink. */
int pr__tr_grow(pr__tr *t, uint32_t n_nodes, const uint32_t *node_currency,
		uint32_t n_sinks, uint32_t n_currencies, pr_error *err);

/* The options the engine runs with (borrowed, lives as long as t). */
const pr__tr_options *pr__tr_options_of(const pr__tr *t);

/* Money arrives in a node from outside, all of one origin. */
int pr__tr_inflow(pr__tr *t, uint32_t node, uint32_t origin,
		  int64_t amount, pr_error *err);

/*
 * Take amount out of node by the rule into *out (a new parcel). When
 * the node holds less, the shortfall is first put in as PR_TR_UNKNOWN
 * (and *shortfall says how much; 0 otherwise): an outflow larger than the
 * balance is covered by the unknown origin and flagged by the caller.
 */
int pr__tr_take(pr__tr *t, uint32_t node, int64_t amount,
		pr__tr_parcel **out, int64_t *shortfall, pr_error *err);

/* Join b onto the end of a (b is freed): several inputs pooled, in
 * input order. Both must be of one currency (PR_ECURRENCY). */
int pr__tr_join(pr__tr *t, pr__tr_parcel *a, pr__tr_parcel *b,
		pr_error *err);

/*
 * Split p into n parcels of the given amounts (which must sum to its
 * total; zeros allowed) by the rule: fifo lays p and the outputs on one
 * line, in order; lifo likewise from the end (the first output takes
 * the newest money); pro-rata gives each output each origin in
 * proportion (largest remainder, outputs in index order, each a share of
 * what is left, so origins and outputs both sum exactly); taint-first
 * and tiho give the taint (victims, then unknown) to the largest outputs
 * first (ties by index), libr gives the clean money (then unknown) to
 * the largest outputs first; poison exposes every output of nonzero
 * amount to every origin the input was exposed to, for its whole amount.
 * With fee_pro_rata the last output is a fee charged in proportion (see
 * above). p is freed; out[0..n) are new parcels (all NULL on failure).
 */
int pr__tr_split(pr__tr *t, pr__tr_parcel *p, const int64_t *amounts,
		 size_t n, pr__tr_parcel **out, pr_error *err);

/* A conversion: the parcel's origins carried to a new total in another
 * currency (the trade's exact rate), by largest remainder over its
 * pieces (ties to the lower origin, then the earlier piece), order kept;
 * each origin's part leaves the old currency's ledger and enters the new
 * one's. A parcel of 0 converts only to 0. In place: p stays the
 * caller's. Under poison only the total and currency change. */
int pr__tr_convert(pr__tr *t, pr__tr_parcel *p, int64_t new_total,
		   uint32_t new_currency, pr_error *err);

/* Put the parcel into a node of its currency (lots in the parcel's
 * order, as the newest), or dissipate it to a sink. Either frees it. A
 * sink takes the currency of the first parcel it receives; another
 * currency later is PR_ECURRENCY, so that its sums mean something. */
int pr__tr_put(pr__tr *t, uint32_t node, pr__tr_parcel *p, pr_error *err);
int pr__tr_dissipate(pr__tr *t, uint32_t sink, pr__tr_parcel *p,
		     pr_error *err);

/* Give a parcel back (NULL is fine); the total, currency and amount of
 * an origin in it (under poison: its exposure, as for pr__tr_held). */
void pr__tr_parcel_free(pr__tr_parcel *p);
int64_t pr__tr_parcel_total(const pr__tr_parcel *p);
uint32_t pr__tr_parcel_currency(const pr__tr_parcel *p);
int64_t pr__tr_parcel_origin(const pr__tr_parcel *p, uint32_t origin);
/* Every origin's amount in the parcel into sums[0 .. n_origins), as
 * pr__tr_parcel_origin gives each, in one pass over its pieces. */
void pr__tr_parcel_sums(const pr__tr_parcel *p, int64_t *sums);
/* Does the parcel carry any victim's money (exposure, under poison)? */
int pr__tr_parcel_has_victim(const pr__tr_parcel *p);

/* What a node holds of an origin now; what a sink received of it (0 for
 * an index out of range). Under poison these are exposures and need not
 * sum to the node's balance: each is 0 or the whole balance. */
int64_t pr__tr_held(const pr__tr *t, uint32_t node, uint32_t origin);
int64_t pr__tr_balance(const pr__tr *t, uint32_t node);
int64_t pr__tr_sunk(const pr__tr *t, uint32_t sink, uint32_t origin);

/* Ask the cache for what a take from node or a put into it will read:
 * the node (vec 0), then, some time later, its holdings (vec 1). Changes
 * nothing; a node out of range is ignored. */
void pr__tr_prefetch(const pr__tr *t, uint32_t node, int vec);

/*
 * Conservation, per currency and origin: what came in (inflows, unknown
 * shortfalls, conversions into the currency) = what nodes hold + what
 * sinks received + what was converted out, to the unit. It also checks
 * each node's own invariants (origins sum to the balance, none negative,
 * lots sum to the holdings). O(size of the state). Returns PR_OK, or
 * PR_ERROR naming the first node, or currency and origin, that does not
 * balance; PR_ENOMEM. Under poison it checks nothing (exposure is not
 * conserved).
 */
int pr__tr_check(const pr__tr *t, pr_error *err);

#endif
