/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the library's other modules ask of a trace beyond the public API. */
#ifndef PR_LIB_TRACE_PRIV_H
#define PR_LIB_TRACE_PRIV_H

#include <stddef.h>
#include "proceeds.h"

/* pr_trace_run keeping what a schedule cites of each holder
 * (pr_trace_cited) without keeping every movement; and whether a trace
 * keeps it (it does when it keeps its movements). */
int pr__trace_run_citing(pr_trace **out, pr_flows *f,
			 const pr_trace_options *o, pr_error *err);
int pr__trace_cites(const pr_trace *t);

/* The statements a trace and a schedule run once per credit or item
 * (tests/check_queryplan.c checks that each finds its rows by index). */
extern const char pr__trace_row_text_sql[];
extern const char pr__schedule_valuation_sql[];

/* The options the trace ran with (lineage NULL), and the case its flows
 * were read from. */
const pr_trace_options *pr__trace_options(const pr_trace *t);
pr_store *pr__trace_store(const pr_trace *t);

#endif
