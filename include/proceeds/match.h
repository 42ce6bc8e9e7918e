/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Matching: the evidence of one movement of money joined into one flow. */
#ifndef PROCEEDS_MATCH_H
#define PROCEEDS_MATCH_H

#include "common.h"
#include "date.h"
#include "recon.h"
#include "store.h"

/** How far apart and how different the two sides of a flow may be. */
typedef struct pr_match_options {
	int window;                /**< business days; default 3 */
	const char *fee_tolerance; /**< decimal in the wire's currency;
				        NULL for the default "50" */
} pr_match_options;

#define PR_MATCH_OPTIONS_INIT { 3, NULL }

typedef enum pr_evidence_role {
	PR_ROLE_DEBIT = 0,  /**< money leaves an account in the case */
	PR_ROLE_RECORD,     /**< a wire record, an on-chain output or fee */
	PR_ROLE_CREDIT,     /**< money arrives (an account, an asset) */
	PR_ROLE_FEE         /**< a fee leg of an exchange trade */
} pr_evidence_role;

/** One piece of evidence of a flow, with the reason it was joined. */
typedef struct pr_evidence {
	pr_evidence_role role;
	const char *kind;     /**< bank, exchange, wire, chain, funding */
	const char *document;
	unsigned long line;
	pr_date date;
	const char *currency;
	const char *amount;   /**< decimal, as the record states it */
	const char *what;     /**< the account, or what the record says */
	const char *basis;    /**< why it joined the flow; "" for the first */
} pr_evidence;

/** One movement of money, counted once. */
typedef struct pr_flow {
	unsigned long id;     /**< 1-based, in the documented order */
	pr_date date;
	const char *from;
	const char *to;
	const char *currency;
	const char *amount;   /**< what left (or the record says) */
	const char *to_currency; /**< a conversion: what arrived; else "" */
	const char *to_amount;
	const char *fee;      /**< deducted on the way, or "" */
	const char *note;     /**< lead, mortgage, conversion rate, ... */
	int lead;             /**< to or from an account not in the case */
	size_t n_evidence;
	const pr_evidence *evidence;
} pr_flow;

typedef enum pr_issue_kind {
	PR_ISSUE_AMBIGUOUS = 0, /**< several equally good candidates */
	PR_ISSUE_UNMATCHED,     /**< its counterpart should be in the case */
	PR_ISSUE_CONFLICT,      /**< a shared reference that cannot join */
	PR_ISSUE_DECISION       /**< an analyst decision that cannot apply */
} pr_issue_kind;

/** Something the analyst must look at; the evidence and candidates are
 *  "DOCUMENT:LINE what" texts. */
typedef struct pr_flow_issue {
	pr_issue_kind kind;
	const char *evidence;
	const char *text;
	size_t n_candidates;
	const char *const *candidates;
} pr_flow_issue;

/** An analyst decision as imported, for every report to show. */
typedef struct pr_decision {
	const char *document;
	unsigned long line;
	const char *action;   /**< join, never-join, owner */
	const char *subject;
	const char *other;
	const char *reason;
} pr_decision;

typedef struct pr_flows pr_flows;

/**
 * Join every piece of evidence in the case into flows: analyst
 * decisions, exchange trades, reference keys, records to their accounts,
 * then amount and date (docs/matching.md). Reads the case only.
 *
 * @param out [out] the flows; free with pr_flows_free
 */
PR_EXTERN int pr_match(pr_flows **out, pr_store *st,
		       const pr_match_options *o, pr_error *err);

/**
 * The flow graph every trace stands on, built once per command: the
 * case reconciled (the gate's verdict on every account, as pr_recon_run
 * gives it) and its evidence matched into flows (as pr_match), in one
 * read of the case's rows. Trace it as often as needed (pr_trace_run);
 * the flows keep @p st, which must outlive them.
 *
 * @param out [out] the flows; free with pr_flows_free
 */
PR_EXTERN int pr_flows_build(pr_flows **out, pr_store *st,
			     const pr_match_options *o, pr_error *err);

/** The reconciliation pr_flows_build made (NULL for pr_match's). */
PR_EXTERN const pr_recon *pr_flows_recon(const pr_flows *f);

/** The case the flows were read from. */
PR_EXTERN pr_store *pr_flows_store(const pr_flows *f);

PR_EXTERN size_t pr_flows_count(const pr_flows *f);

/** Flow @p i (0-based). The texts stay valid until the next call. */
PR_EXTERN int pr_flows_get(pr_flows *f, size_t i, pr_flow *out);

PR_EXTERN size_t pr_flows_issue_count(const pr_flows *f);

PR_EXTERN const pr_flow_issue *pr_flows_issue(const pr_flows *f,
					      size_t i);

PR_EXTERN size_t pr_flows_decision_count(const pr_flows *f);

/** Decision @p i (0-based), in the order they were imported. */
PR_EXTERN int pr_flows_decision(const pr_flows *f, size_t i,
				pr_decision *out);

/** How many pieces of evidence, and how many of them were joined. */
PR_EXTERN uint64_t pr_flows_evidence(const pr_flows *f);
PR_EXTERN uint64_t pr_flows_joined(const pr_flows *f);

/** The options used, as printed at the head of every output. */
PR_EXTERN const char *pr_flows_parameters(const pr_flows *f);

PR_EXTERN void pr_flows_free(pr_flows *f);

#endif
