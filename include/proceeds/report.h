/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Writing results for people (tables) and programs (CSV, JSON). */
#ifndef PROCEEDS_REPORT_H
#define PROCEEDS_REPORT_H

#include <stdio.h>
#include "common.h"
#include "recon.h"

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
 * Write one CSV cell per RFC 4180: quoted when it holds a comma, quote,
 * CR or LF, and prefixed with a quote mark when it starts with = + - @
 * (and is not a plain number), so spreadsheets do not run it as a formula.
 */
PR_EXTERN void pr_report_csv_cell(FILE *fp, const char *cell);

#endif
