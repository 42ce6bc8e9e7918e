/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Writing results for people (tables) and programs (CSV, JSON). */
#ifndef PROCEEDS_REPORT_H
#define PROCEEDS_REPORT_H

#include <stdio.h>
#include "common.h"
#include "match.h"
#include "recon.h"
#include "trace.h"

typedef enum pr_format {
	PR_FORMAT_TABLE = 0, /**< aligned text for a terminal */
	PR_FORMAT_CSV,       /**< RFC 4180, formula-leading cells neutralised */
	PR_FORMAT_JSON       /**< amounts as decimal strings */
} pr_format;

/** Parse "table", "csv" or "json". */
PR_EXTERN int pr_format_parse(pr_format *out, const char *text,
			      pr_error *err);

/**
 * Write a reconciliation. The output depends only on @p r: no clock,
 * locale or machine path. Returns PR_EIO when the stream fails.
 */
PR_EXTERN int pr_report_recon(FILE *fp, const pr_recon *r, pr_format fmt,
			      pr_error *err);

/**
 * Write a reconciliation with the matcher's findings (ambiguous,
 * unmatched and conflicting evidence, decisions not applied): a section
 * each in the table, rows in the CSV, "matching" in the JSON. It is
 * reconciled only when the balances add up and nothing is left open.
 * @p f may be NULL (pr_report_recon).
 */
PR_EXTERN int pr_report_recon_flows(FILE *fp, const pr_recon *r,
				    const pr_flows *f, pr_format fmt,
				    pr_error *err);

/**
 * Write the flows: a table of flows, each with its evidence and the basis
 * of every join; CSV with a row per piece of evidence; or JSON. With
 * @p joined_only, only flows of two or more pieces of evidence.
 */
PR_EXTERN int pr_report_flows(FILE *fp, pr_flows *f, pr_format fmt,
			      int joined_only, pr_error *err);

/**
 * Write a trace: per holder (account, address, asset) and per sink
 * (where money left the case), the amount of each origin; the warnings
 * and every parameter first.
 */
PR_EXTERN int pr_report_trace(FILE *fp, const pr_trace *t, pr_format fmt,
			      pr_error *err);

/**
 * One step of a lineage as every report prints it (into buf, returned):
 * "Lineage of HOLDER", "V-1: 1200.00 held now", then indented by depth
 * "F12 2024-03-01  800.00 USD from HOLDER  [a.csv:4; w.csv:2]".
 */
PR_EXTERN const char *pr_lineage_text(const pr_lineage_step *s, char *buf,
				      size_t size);

/**
 * Write every method side by side: @p tr holds one trace per method, in
 * pr_trace_method order, of the same case.
 */
PR_EXTERN int pr_report_trace_compare(FILE *fp, pr_trace *const *tr,
				      size_t n_methods, pr_format fmt,
				      pr_error *err);

/**
 * Write one CSV cell per RFC 4180: quoted when it holds a comma, quote,
 * CR or LF, and quoted and prefixed with a quote mark when it starts with
 * = + - @, a tab or a carriage return (and is not a plain number), so
 * spreadsheets do not run it as a formula, or with a quote mark (so that
 * taking one quote mark from a quoted cell that starts with one gives
 * the text back).
 */
PR_EXTERN void pr_report_csv_cell(FILE *fp, const char *cell);

#endif
