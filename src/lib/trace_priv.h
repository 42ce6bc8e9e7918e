/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the library's other modules ask of a trace beyond the public API. */
#ifndef PR_LIB_TRACE_PRIV_H
#define PR_LIB_TRACE_PRIV_H

#include <stddef.h>
#include "proceeds.h"

/*
 * The flows that carried a victim's money into holder h, in trace order:
 * "F3 a.csv:4; F9 b.csv:2; w.csv:7", at most max of them, then "; and N
 * more". Needs a trace run with keep_movements (else ""). Malloc'd;
 * NULL when out of memory.
 */
char *pr__trace_cites_into(const pr_trace *t, size_t h, size_t max);

#endif
