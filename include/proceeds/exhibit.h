/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Court exhibits: a directory of reports, a chart, an HTML page and the
 * hashes over them, which anyone can regenerate from the case and check
 * byte for byte (Fed. R. Evid. 1006, 902(14)). */
#ifndef PROCEEDS_EXHIBIT_H
#define PROCEEDS_EXHIBIT_H

#include "common.h"
#include "store.h"
#include "trace.h"

/** What an exhibit is made with: the trace options (the method, the
 *  sub-rules), the matching window, and where Graphviz dot is. */
typedef struct pr_exhibit_options {
	pr_trace_options trace;  /**< lineage is ignored */
	pr_match_options match;  /**< how the flows are matched */
	const char *dot;         /**< the dot program; NULL for the one
				      configure found (or "dot" on PATH) */
} pr_exhibit_options;

#define PR_EXHIBIT_OPTIONS_INIT { PR_TRACE_OPTIONS_INIT, \
				  PR_MATCH_OPTIONS_INIT, NULL }

/** A set of exhibit files held in memory. Opaque. */
typedef struct pr_exhibit pr_exhibit;

/**
 * Build every exhibit file from the case: reconciliation, flows, the
 * trace under the chosen rule and every rule side by side, the source
 * index, the analyst's decisions and designations, the flow-of-funds
 * chart (DOT and SVG, by running dot), the HTML report, manifest.json
 * and SHA256SUMS. Victims appear by pseudonym only and account numbers
 * outside forfeitable accounts by their last four digits. The bytes
 * depend only on the case, the options, the engine version and the
 * Graphviz version: no clock, locale, host, user or path.
 *
 * @param out [out] the files, free with pr_exhibit_free; NULL on failure
 * @return PR_OK; PR_EINVALID (an account does not reconcile and
 *         allow_unreconciled is off, or a bad option); PR_ENOTFOUND (dot
 *         cannot be run); PR_EDB; PR_ENOMEM; PR_ERROR (dot failed)
 */
PR_EXTERN int pr_exhibit_build(pr_exhibit **out, pr_store *st,
			       const pr_exhibit_options *o, pr_error *err);

/** Number of files, and the i-th, sorted by name. Borrowed: valid until
 *  pr_exhibit_free. */
PR_EXTERN size_t pr_exhibit_count(const pr_exhibit *x);
PR_EXTERN const char *pr_exhibit_name(const pr_exhibit *x, size_t i);
PR_EXTERN const unsigned char *pr_exhibit_data(const pr_exhibit *x,
					       size_t i, size_t *size_out);

/** 1 when the reconciliation in the exhibits left nothing open. */
PR_EXTERN int pr_exhibit_reconciled(const pr_exhibit *x);

/**
 * Write the files into @p dir, creating it (mode 0777 less the umask),
 * whole or not at all: every file is written and synced in a working
 * directory beside @p dir (".DIR.proceeds-PID-N", removed by the next
 * write to @p dir when a crash left it), which then takes @p dir's name.
 * On any failure @p dir is as it was. Links are never followed.
 * Refuses (PR_EEXISTS) a @p dir that exists and is not an empty
 * directory, or is a symbolic link, unless @p force and it is an earlier
 * exhibit (it holds SHA256SUMS): then the new directory replaces it
 * whole, and the old one, with anything else in it, is removed.
 * @return PR_OK, PR_EEXISTS, PR_EIO
 */
PR_EXTERN int pr_exhibit_write(const pr_exhibit *x, const char *dir,
			       int force, pr_error *err);

/**
 * Build the exhibits (as pr_exhibit_build) straight into @p dir (as
 * pr_exhibit_write), without holding them: each file is redacted,
 * hashed and written into the working directory as it is made, so that
 * memory does not grow with the size of the files. The bytes are those
 * pr_exhibit_build and pr_exhibit_write give; @p dir appears whole or
 * not at all, on the same terms.
 *
 * @param reconciled_out [out] as pr_exhibit_reconciled; 0 on failure
 * @return an error of pr_exhibit_build or pr_exhibit_write
 */
PR_EXTERN int pr_exhibit_make(int *reconciled_out, pr_store *st,
			      const pr_exhibit_options *o, const char *dir,
			      int force, pr_error *err);

/** Called by pr_exhibit_verify for each finding, a line of text naming
 *  the file: "trace.csv differs from the case", "flows.json is missing",
 *  "notes.txt is extra: not made from the case", "SHA256SUMS: report.html
 *  does not match", "SHA256SUMS: notes.txt is not listed". */
typedef void (*pr_exhibit_finding_cb)(const char *finding, void *payload);

/**
 * Check an exhibit directory against the case: check the case's custody
 * log (pr_log_verify; a fault is a finding, "the case's custody log does
 * not verify: ..."), read the parameters from its manifest.json, build
 * the exhibits again (in memory), and compare every file byte for byte;
 * then check SHA256SUMS against the files in the directory. Each file
 * that differs, is missing or is extra is reported through @p cb (which
 * may be NULL). When the log does not verify and the exhibits cannot be
 * built again from the altered case, that is a finding too ("the
 * exhibits cannot be made again from the case: ..."), not an error.
 *
 * @param differences_out [out] how many findings; 0 when identical
 * @param dot    as pr_exhibit_options.dot
 * @return PR_OK whether or not there are findings; PR_ENOTFOUND (no
 *         manifest), PR_EPARSE (a manifest this version cannot read),
 *         or an error of pr_exhibit_build
 */
PR_EXTERN int pr_exhibit_verify(size_t *differences_out, pr_store *st,
				const char *dir, const char *dot,
				pr_exhibit_finding_cb cb, void *payload,
				pr_error *err);

/** Free the files. Accepts NULL. */
PR_EXTERN void pr_exhibit_free(pr_exhibit *x);

#endif
