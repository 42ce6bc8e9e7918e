/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The custody log's seal over the case's rows (custody_seal.c), shared by
 * the log (custody.c) and the store (store.c). */
#ifndef PR_LIB_CUSTODY_H
#define PR_LIB_CUSTODY_H

#include "store.h"

/* The rows one entry wrote to one table: rowids after < r <= last. */
struct pr__seal {
	int table;                 /* index into the sealed tables */
	int64_t after, last;
	int64_t count;             /* rows in the range when sealed */
	char sha256[PR_SHA256_HEX];
};

/* The name of sealed table @p t (0 <= t < PR__N_SEALED); the index of a
 * name, or -1. */
const char *pr__seal_table(int t);
int pr__seal_table_find(const char *name);

/* The columns the digest of table @p t covers, after the rowid, as the
 * SQL list "a, b, c" (tests compare it with the schema). */
const char *pr__seal_columns(int t);

/* The highest rowid of table @p t, 0 when it is empty. */
int pr__seal_max(pr_store *st, int t, int64_t *max, pr_error *err);

/*
 * The digest of the rows of table @p t with after < rowid <= last, read
 * from the case (docs/custody.md gives the serialisation). @p count gets
 * how many rows there are; @p gap (may be NULL) the first rowid of the
 * range that has no row, 0 when every one has.
 */
int pr__seal_digest(pr_store *st, int t, int64_t after, int64_t last,
		    char hex[PR_SHA256_HEX], int64_t *count, int64_t *gap,
		    pr_error *err);

/* The lowest rowid of table @p t with lo <= rowid <= hi; *found is 0
 * when there is none. */
int pr__seal_first_row(pr_store *st, int t, int64_t lo, int64_t hi,
		       int64_t *rowid, int *found, pr_error *err);

/*
 * The entry's record of its rows: a compact JSON array with one
 * [table, after, last, count, sha256] per table it wrote, in table order;
 * NULL (and PR_OK) when it wrote none. @p seals has one per table, with
 * after set; the rest is filled in here from the case. Caller frees the
 * text with free().
 */
int pr__seal_rows(pr_store *st, struct pr__seal seals[PR__N_SEALED],
		  char **json_out, int64_t *rows_out, pr_error *err);

/*
 * Read an entry's record of its rows back. On success *out (pr__free) has
 * *n items; PR_EINVALID when the text is not one pr__seal_rows writes.
 */
int pr__seal_parse(const char *json, struct pr__seal **out, size_t *n);

/* The time of a custody entry, ISO 8601 UTC: SOURCE_DATE_EPOCH when
 * set (reproducible runs); the BSA chain (bsa.c) stamps its entries so
 * too. */
int pr__custody_now(char buf[32], pr_error *err);

#endif
