/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The forfeiture schedule: one item per account, address and asset that
 * holds a victim's traced money (or is involved in laundering it), with
 * what the law asks of each (DOMAIN.md section 2), and per defendant what
 * he obtained, the specific property, the money judgment for the rest and
 * the candidate substitute assets.
 */
#ifndef PROCEEDS_SCHEDULE_H
#define PROCEEDS_SCHEDULE_H

#include <stdint.h>
#include <stdio.h>
#include "common.h"
#include "date.h"
#include "store.h"
#include "report.h"
#include "trace.h"

typedef enum pr_asset_class {
	PR_CLASS_REAL_PROPERTY = 0,
	PR_CLASS_VEHICLE,
	PR_CLASS_BANK_FUNDS,      /**< an account in a fiat currency */
	PR_CLASS_VIRTUAL_CURRENCY, /**< an address, or an account in a
				       crypto-asset */
	PR_CLASS_OTHER             /**< an asset of another class */
} pr_asset_class;

PR_EXTERN const char *pr_asset_class_name(pr_asset_class c);

/** One item of the schedule. Amounts are in minor units of currency. */
typedef struct pr_schedule_item {
	unsigned number;           /**< 1, 2, ... in schedule order */
	pr_asset_class cls;
	const char *holder;        /**< as the trace names it */
	const char *name;          /**< the same without " (CUR)": an
				        account's identity, an address */
	const char *identifier;    /**< "account ending 0932", the APN, the
				        VIN, "BTC address bc1..." */
	const char *description;
	const char *owner;         /**< titled owner or controller(s), by
				        pseudonym where a party is named */
	const char *nominee;       /**< "" when none */
	const char *currency;
	unsigned minor;
	int has_acquired;
	pr_date acquired;
	int64_t cost;              /**< with has_acquired */
	int has_value_date;
	pr_date value_date;        /**< the valuation's date, or the last
				        day of the account's records */
	int64_t value;             /**< a valuation, the cost when none, or
				        an account's balance */
	const char *value_source;  /**< "property.csv:7", "balance at the
				        end of the trace" */
	int64_t *traced;           /**< per victim (pr_schedule victims) */
	int64_t traced_total;
	int64_t *proportional;     /**< per victim: the share of the value
				        (value x traced / cost), assets only */
	int64_t proportional_total;
	int64_t involved;          /**< the whole, when it is involved in
				        laundering (any taint under poison) */
	int has_984;
	pr_date window_984;        /**< bank funds: the last day a civil
				        action under 984 may begin */
	const char *basis;         /**< statutory basis */
	const char *support;       /**< what supports it: the trace row,
				        the flows that carried the money in,
				        the documents and lines */
} pr_schedule_item;

/** What the schedule says of one defendant (Honeycutt: his own). */
typedef struct pr_schedule_defendant {
	const char *pseudonym;
	const char *accounts;      /**< the accounts, addresses and assets
				        he owns or controls */
	int64_t obtained;          /**< victims' money into those accounts
				        from outside (USD) */
	int64_t specific;          /**< traced money in items he owns */
	int64_t judgment;          /**< obtained - specific, not below 0 */
	const char *substitutes;   /**< candidate substitute assets: his
				        items' untainted parts */
	int64_t substitute_total;
} pr_schedule_defendant;

typedef struct pr_schedule {
	pr_trace_method method;
	char *parameters;          /**< the trace's, and the schedule's */
	size_t n_victims;
	const char **victims;      /**< pseudonyms, trace order */
	size_t n_items;
	pr_schedule_item *items;
	size_t n_defendants;
	pr_schedule_defendant *defendants;
	size_t n_warnings;
	char **warnings;
	struct pr_schedule_internal *internal;
} pr_schedule;

/**
 * Build the schedule from two traces of the same flows: @p t under the
 * chosen rule, run with keep_movements (the schedule cites the flows
 * that carried the victims' money into each item), and @p poison under
 * poison (what is involved in laundering; @p t itself when the rule is
 * poison). Reads the case the flows came from (assets, control).
 */
PR_EXTERN int pr_schedule_of(pr_schedule **out, const pr_trace *t,
			     const pr_trace *poison, pr_error *err);

/**
 * Trace the flows under o->method and under poison, and build the
 * schedule from the two (pr_schedule_of). Refuses as the trace does.
 */
PR_EXTERN int pr_schedule_run(pr_schedule **out, pr_flows *flows,
			      const pr_trace_options *o, pr_error *err);
PR_EXTERN void pr_schedule_free(pr_schedule *s);

/**
 * What the schedule forfeits as the victims' proceeds in one currency:
 * the proportional share of each asset and the traced money in each
 * account, summed over the items in that currency. The default fund of
 * a remission.
 */
PR_EXTERN int64_t pr_schedule_forfeited(const pr_schedule *s,
					const char *currency);

/** Write it: PR_FORMAT_TABLE, PR_FORMAT_CSV or PR_FORMAT_JSON. */
PR_EXTERN int pr_report_schedule(FILE *fp, const pr_schedule *s,
				 pr_format fmt, pr_error *err);

#endif
