/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Privacy and safety of every output: victims' and defendants' names
 * replaced by their pseudonyms, account numbers masked, bidi controls
 * marked and, for a terminal, control characters escaped. */
#ifndef PROCEEDS_REDACT_H
#define PROCEEDS_REDACT_H

#include <stdio.h>
#include "common.h"
#include "store.h"

/** A compiled set of redaction rules. Opaque; free with pr_redact_free.
 *  Not for use by two threads at once (it keeps its working buffers). */
typedef struct pr_redact pr_redact;

/** Which rules pr_redact_new loads from the case. */
typedef struct pr_redact_options {
	/** Replace every form of each victim's and defendant's real name by
	 *  the pseudonym (docs/formats.md, "Privacy"). Default on. */
	int names;
	/** Mask account numbers (Fed. R. Crim. P. 49.1): every account
	 *  identity the records name (accounts, control lines, wires,
	 *  counterparties) that has a run of five or more digits is shown
	 *  with each such run cut to "XXXX" and its last four digits.
	 *  Default off (the exhibits turn it on). */
	int accounts;
	/** Account identities named in full although masked otherwise
	 *  (forfeitable property); may be NULL. Copied by pr_redact_new. */
	const char *const *keep;
	size_t n_keep;
} pr_redact_options;

#define PR_REDACT_OPTIONS_INIT { 1, 0, NULL, 0 }

/** Flags of one output (pr_redact_apply, pr_redact_stream). */
enum {
	/** For a terminal (table output): show every byte of a control
	 *  character (C0 but newline, DEL, C1 U+0080..U+009F) and every
	 *  byte that is not valid UTF-8 as \\xHH (lowercase hex), as error
	 *  messages do. Without it those bytes pass unchanged. */
	PR_REDACT_ESCAPE = 1,
	/** The text is CSV (RFC 4180, as pr_report_csv_cell writes it): a
	 *  comma outside a quoted cell ends the cell, and no name is matched
	 *  across it, so that redaction never joins two cells into one. A
	 *  stream keeps track of quoted cells that span lines. */
	PR_REDACT_CSV = 2
};

/**
 * Load the rules of a case: with @p o->names, the real name of every
 * party whose role is victim or defendant (table party) and its
 * pseudonym; with @p o->accounts, every account identity to mask. With
 * @p st NULL the set starts empty (add parties with pr_redact_add_party).
 * Bidi controls are marked in every output whatever the options.
 *
 * @param out [out] the rules, owned by the caller; NULL on failure
 * @param o   NULL for PR_REDACT_OPTIONS_INIT
 * @return PR_OK, PR_EDB, PR_ENOMEM
 */
PR_EXTERN int pr_redact_new(pr_redact **out, pr_store *st,
			    const pr_redact_options *o, pr_error *err);

/**
 * Add a party: every form of @p name (see docs/formats.md) becomes
 * @p pseudonym. A form that two parties share becomes both pseudonyms,
 * as "V-1/V-3". Both strings are copied.
 * @return PR_OK, PR_EINVALID (an empty name or pseudonym, or a name
 *         without a letter or digit), PR_ENOMEM (the set is then as it
 *         was)
 */
PR_EXTERN int pr_redact_add_party(pr_redact *rd, const char *name,
				  const char *pseudonym, pr_error *err);

/**
 * Filter @p len bytes of @p text: names replaced, accounts masked, bidi
 * controls marked as "<U+202E>", and with PR_REDACT_ESCAPE control
 * characters and invalid UTF-8 escaped. Text is taken a line at a time
 * (a name is not matched across a newline); bytes outside a match are
 * copied unchanged except for the marking and escaping.
 *
 * @param out     [out] the filtered bytes, borrowed from @p rd: valid
 *                until the next call with @p rd or pr_redact_free; not
 *                NUL-terminated
 * @param out_len [out] their number
 * @return PR_OK, PR_ENOMEM
 */
PR_EXTERN int pr_redact_apply(pr_redact *rd, const char *text, size_t len,
			      unsigned flags, const char **out,
			      size_t *out_len, pr_error *err);

/**
 * A stream that filters what is written to it, a line at a time, as
 * pr_redact_apply does, and writes the result to @p dest. Closing it
 * (fclose) writes the last, unfinished line and does not close @p dest.
 * @p rd must outlive the stream. A write that fails on @p dest, or runs
 * out of memory, sets the stream's error indicator (ferror) and errno.
 *
 * @return the stream, or NULL with errno set
 */
PR_EXTERN FILE *pr_redact_stream(pr_redact *rd, FILE *dest, unsigned flags);

/** Free the rules. Accepts NULL. */
PR_EXTERN void pr_redact_free(pr_redact *rd);

#endif
