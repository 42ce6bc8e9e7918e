/* SPDX-License-Identifier: GPL-3.0-or-later */
/* BSA reports: FinCEN SARs and CTRs brought into a case (import bsa) and
 * tied to its accounts, parties and cash (bsa). docs/bsa.md. */
#ifndef PROCEEDS_BSA_H
#define PROCEEDS_BSA_H

#include <stdio.h>
#include "common.h"
#include "store.h"
#include "report.h"

/** What one file of pr_bsa_import brought. */
typedef struct pr_bsa_file_result {
	const char *format;   /**< "SARX", "CTRX" or "csv" (static) */
	uint64_t sars;        /**< SARs in the file */
	uint64_t ctrs;        /**< CTRs in the file */
	uint64_t size;        /**< bytes */
	char sha256[65];
} pr_bsa_file_result;

/**
 * Import FinCEN SAR and CTR XML batches or canonical BSA CSV files
 * (docs/formats.md), told from the content, all of them or none: the
 * function runs its own transaction and on any error the case is
 * unchanged. The reports go to the case's BSA compartment (bsa_ tables)
 * and one entry of the BSA custody chain records the import (args and
 * the files' SHA-256); the main custody log, `documents` and every
 * exhibit are untouched (31 U.S.C. 5318(g)(2); docs/custody.md).
 *
 * @param n      number of files
 * @param paths  the files to read
 * @param names  names recorded and used in messages (often paths)
 * @param argc   the command's arguments, recorded in the BSA chain
 * @param res    [out] n results, one per file
 * @return PR_OK; PR_EPARSE with err->loc (file:line:column); PR_EEXISTS
 *         for a file already in the case; PR_EIO, PR_EDB, PR_ENOMEM
 */
PR_EXTERN int pr_bsa_import(pr_store *st, size_t n,
			    const char *const *paths,
			    const char *const *names, int argc,
			    const char *const *argv, pr_bsa_file_result *res,
			    pr_error *err);

/**
 * Write the BSA reports of the case with what they link to (case
 * accounts by number, parties by normalised name, a CTR's cash
 * transactions), then every cash day over $10,000 per person and business
 * day (31 CFR 1010.313) with the CTR that covers it or "no CTR in the
 * case". SARs with the human trafficking box ticked come first. Parties
 * of the case appear by pseudonym only.
 *
 * @return PR_OK, PR_EDB, PR_EIO, PR_ENOMEM
 */
PR_EXTERN int pr_bsa_report(FILE *fp, pr_store *st, pr_format fmt,
			    pr_error *err);

/**
 * Verify the BSA custody chain: entries numbered without gaps, each
 * linked to the one before and hashed over its content, each one's seal
 * recomputed from the bsa_ rows it wrote, every bsa_ row and document
 * covered by an entry that records it.
 *
 * @param entries [out] entries checked (may be NULL)
 * @param rows    [out] rows sealed (may be NULL)
 * @return PR_OK; PR_EPARSE when the chain or a row was altered (the
 *         message says where); PR_EDB
 */
PR_EXTERN int pr_bsa_verify(pr_store *st, uint64_t *entries,
			    uint64_t *rows, pr_error *err);

#endif
