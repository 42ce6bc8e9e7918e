/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tracing: each victim's proceeds through the flow graph, under a rule. */
#ifndef PROCEEDS_TRACE_H
#define PROCEEDS_TRACE_H

#include "common.h"
#include "date.h"
#include "match.h"
#include "store.h"

/** The tracing rules (docs/tracing.md). */
typedef enum pr_trace_method {
	PR_METHOD_LIBR = 0,    /**< clean out first (lowest intermediate
				    balance) */
	PR_METHOD_TAINT_FIRST, /**< tainted out first */
	PR_METHOD_FIFO,
	PR_METHOD_LIFO,
	PR_METHOD_PRO_RATA,
	PR_METHOD_POISON,      /**< exposure bound; does not conserve */
	PR_METHOD_TIHO,        /**< taint in, highest out */
	PR_METHOD_COUNT
} pr_trace_method;

/** "libr", "taint-first", ... ; NULL for an unknown value. */
PR_EXTERN const char *pr_trace_method_name(pr_trace_method m);
PR_EXTERN int pr_trace_method_parse(pr_trace_method *out, const char *s,
				    pr_error *err);

/** Which of one day's flows come first (the records rarely say when in
 *  the day money moved). */
typedef enum pr_trace_intraday {
	PR_INTRADAY_STATEMENT = 0, /**< statement order: document, line */
	PR_INTRADAY_CREDITS_FIRST, /**< money in, then transfers, then out */
	PR_INTRADAY_DEBITS_FIRST   /**< money out, then transfers, then in */
} pr_trace_intraday;

typedef struct pr_trace_options {
	pr_trace_method method;
	int victims_fifo;        /**< victims leave oldest first within the
				      tainted part (default: in proportion) */
	int fee_pro_rata;        /**< a multi-output transaction's fee takes
				      its share (default: the last output) */
	int has_as_of;
	pr_date as_of;           /**< stop after this day */
	int allow_unreconciled;  /**< trace through accounts that do not
				      reconcile, and say so */
	const char *lineage;     /**< a holder (its name, or the start of
				      it): the chain of flows that carried
				      each victim's money there */
	pr_trace_intraday intraday;
	int keep_movements;      /**< keep every movement, so that any
				      holder's lineage can be asked
				      (pr_trace_lineage_of) */
} pr_trace_options;

#define PR_TRACE_OPTIONS_INIT { PR_METHOD_LIBR, 0, 0, 0, 0, 0, NULL, \
				PR_INTRADAY_STATEMENT, 0 }

typedef struct pr_trace pr_trace;

/**
 * Trace the flow graph (pr_flows_build, built once and traced as often
 * as a command needs): resolve the designations of proceeds, refuse
 * (PR_EINVALID, naming the first) when an account the money passes
 * through does not reconcile unless allow_unreconciled, then move value
 * through every flow in time order under the method and check
 * conservation per currency and origin. The trace borrows @p flows
 * (and reads the case they keep): free it first.
 */
PR_EXTERN int pr_trace_run(pr_trace **out, pr_flows *flows,
			   const pr_trace_options *o, pr_error *err);
PR_EXTERN void pr_trace_free(pr_trace *t);

/** Origins: 0 clean, 1 unknown, then the victims by pseudonym. */
PR_EXTERN size_t pr_trace_origin_count(const pr_trace *t);
PR_EXTERN const char *pr_trace_origin(const pr_trace *t, size_t k);

/** Holders (accounts, addresses, assets) and sinks (where money left
 *  the case), with their currency. */
PR_EXTERN size_t pr_trace_holder_count(const pr_trace *t);
PR_EXTERN const char *pr_trace_holder(const pr_trace *t, size_t i);
PR_EXTERN size_t pr_trace_sink_count(const pr_trace *t);
PR_EXTERN const char *pr_trace_sink(const pr_trace *t, size_t i);
PR_EXTERN const char *pr_trace_holder_currency(const pr_trace *t,
					       size_t i);
PR_EXTERN const char *pr_trace_sink_currency(const pr_trace *t, size_t i);

/** Amounts as exact decimals of the currency (into buf), or NULL. */
PR_EXTERN const char *pr_trace_held(const pr_trace *t, size_t holder,
				    size_t origin, char *buf, size_t size);
PR_EXTERN const char *pr_trace_sunk(const pr_trace *t, size_t sink,
				    size_t origin, char *buf, size_t size);
PR_EXTERN int pr_trace_held_zero(const pr_trace *t, size_t holder,
				 size_t origin);
PR_EXTERN int pr_trace_sunk_zero(const pr_trace *t, size_t sink,
				 size_t origin);

/** What the trace had to assume: outflows larger than the balance
 *  (covered by the unknown origin), accounts that do not reconcile. */
/* The same figures exactly, in the currency's minor units (cents,
 * satoshis): what the holder holds, what left to the sink. */
PR_EXTERN int64_t pr_trace_held_units(const pr_trace *t, size_t holder,
				      size_t origin);
PR_EXTERN int64_t pr_trace_sunk_units(const pr_trace *t, size_t sink,
				      size_t origin);
/* What came into the holder from outside the case as the origin's: the
 * designated inflows (opening balances as unknown). */
PR_EXTERN int64_t pr_trace_inflow_units(const pr_trace *t, size_t holder,
					size_t origin);
PR_EXTERN unsigned pr_trace_holder_minor(const pr_trace *t, size_t holder);
PR_EXTERN unsigned pr_trace_sink_minor(const pr_trace *t, size_t sink);
/* The holder's name without its " (CUR)": an account's identity (as the
 * control table names it), an address, or "asset H1 (...)". */
PR_EXTERN const char *pr_trace_holder_name(const pr_trace *t,
					   size_t holder);
/* 1 and the last day any victim's money entered the holder (by an
 * inflow, a transfer or a conversion), or 0 when none ever did. */
PR_EXTERN int pr_trace_holder_tainted_last(const pr_trace *t,
					   size_t holder, pr_date *out);

PR_EXTERN size_t pr_trace_warning_count(const pr_trace *t);
PR_EXTERN const char *pr_trace_warning(const pr_trace *t, size_t i);

/** One origin's part of one movement into a holder, as the trace moved
 *  it (kept when the trace runs with keep_movements or a lineage). */
typedef struct pr_trace_movement {
	unsigned long flow;   /**< 1-based, as pr_flows numbers it; 0 for
				   the opening balance */
	pr_date date;         /**< the flow's (0 for an opening balance) */
	const char *origin;   /**< "unknown" or a victim's pseudonym */
	const char *from;     /**< the holder it left, or NULL: from
				   outside the case */
	int64_t amount;       /**< minor units of the holder's currency */
	const char *evidence; /**< "a.csv:4; w.csv:2; designated by d.csv:3"
				   or "opening balance" */
} pr_trace_movement;

/** How many movements of money not clean came into holder @p h, and
 *  the i-th of them (in the order the trace made them); PR_EINVALID
 *  when out of range. Texts are the trace's. */
PR_EXTERN size_t pr_trace_into_count(const pr_trace *t, size_t h);
PR_EXTERN int pr_trace_into(const pr_trace *t, size_t h, size_t i,
			    pr_trace_movement *out);

/** What a schedule cites for holder @p h: the first flows (at most
 *  PR_TRACE_CITED) that carried any victim's money into it, in the order
 *  the trace made them (each the first victim movement of its flow into
 *  h: its origin, amount and evidence), and in *more how many flows
 *  more did. Kept by a trace run with keep_movements. */
#define PR_TRACE_CITED 12
PR_EXTERN size_t pr_trace_cited_count(const pr_trace *t, size_t h,
				      size_t *more);
PR_EXTERN int pr_trace_cited(const pr_trace *t, size_t h, size_t i,
			     pr_trace_movement *out);

/** One step of a lineage: how an origin's money reached a holder. */
typedef enum pr_lineage_kind {
	PR_LINEAGE_HEAD = 0,  /**< the holder whose lineage this is */
	PR_LINEAGE_HELD,      /**< an origin: amount is what the holder
				   holds of it now; the steps below it, to
				   the next HELD, say how it came */
	PR_LINEAGE_OPENING,   /**< held when the records begin */
	PR_LINEAGE_INFLOW,    /**< came in from outside the case */
	PR_LINEAGE_TRANSFER,  /**< came from another holder (holder) */
	PR_LINEAGE_MORE       /**< cut here: amount is the cap in steps */
} pr_lineage_kind;

typedef struct pr_lineage_step {
	pr_lineage_kind kind;
	unsigned depth;       /**< 1: into the holder; 2: into the source
				   of that movement; ... (0: HEAD, HELD) */
	const char *origin;   /**< "unknown" or a victim's pseudonym */
	unsigned long flow;   /**< 1-based, as pr_flows numbers it; 0: none */
	pr_date date;
	const char *holder;   /**< HEAD: the holder; TRANSFER: the source */
	const char *currency;
	unsigned minor;       /**< the currency's decimals */
	int64_t amount;       /**< minor units */
	const char *evidence; /**< "a.csv:4; w.csv:2; designated by d.csv:3"
				   or "opening balance" */
} pr_lineage_step;

/** A lineage: for each origin the holder holds, the flows that carried
 *  its money in, and before them the flows that carried it into their
 *  sources (depth first, in time order, at most 8 deep and 400 steps an
 *  origin). Its texts are the trace's: free it before the trace. */
typedef struct pr_lineage pr_lineage;

/** The lineage the options asked for (o->lineage), or NULL. */
PR_EXTERN const pr_lineage *pr_trace_lineage(const pr_trace *t);

/** The lineage of any holder (its name, or the start of it), from a
 *  trace run with keep_movements: PR_ENOTFOUND when no holder has the
 *  name, PR_EINVALID when several do. */
PR_EXTERN int pr_trace_lineage_of(pr_lineage **out, const pr_trace *t,
				  const char *holder, pr_error *err);
PR_EXTERN size_t pr_lineage_count(const pr_lineage *l);
PR_EXTERN const pr_lineage_step *pr_lineage_get(const pr_lineage *l,
						size_t i);
PR_EXTERN void pr_lineage_free(pr_lineage *l);

/** The options used, for the head of every output. */
PR_EXTERN const char *pr_trace_parameters(const pr_trace *t);

#endif
