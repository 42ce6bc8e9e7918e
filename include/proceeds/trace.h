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
	pr_match_options match;
	const char *lineage;     /**< a holder (its name, or the start of
				      it): the chain of flows that carried
				      each victim's money there */
	pr_trace_intraday intraday;
	int keep_movements;      /**< keep every movement, as a lineage
				      does (the schedule cites them) */
} pr_trace_options;

#define PR_TRACE_OPTIONS_INIT { PR_METHOD_LIBR, 0, 0, 0, 0, 0, \
				PR_MATCH_OPTIONS_INIT, NULL, \
				PR_INTRADAY_STATEMENT, 0 }

typedef struct pr_trace pr_trace;

/**
 * Trace the case: match the flows (pr_match), resolve the designations
 * of proceeds, refuse (PR_EINVALID, naming the first) when an account
 * the money passes through does not reconcile unless allow_unreconciled,
 * then move value through every flow in time order under the method and
 * check conservation per currency and origin.
 */
PR_EXTERN int pr_trace_run(pr_trace **out, pr_store *st,
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

/** The lineage asked for, as lines (indented by depth): for each
 *  victim, the flows that carried its money into the holder, and before
 *  them the flows that carried it into their sources, each with its
 *  evidence (document:line) and the designation that made it proceeds. */
PR_EXTERN size_t pr_trace_lineage_count(const pr_trace *t);
PR_EXTERN const char *pr_trace_lineage(const pr_trace *t, size_t i);

/** The options used, for the head of every output. */
PR_EXTERN const char *pr_trace_parameters(const pr_trace *t);

#endif
