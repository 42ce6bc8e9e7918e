/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers shared by the Check suites: temporary directories and files,
 * fresh cases, a fixed-seed PRNG and an exact mpz assertion. */
#ifndef PR_TESTS_TESTUTIL_H
#define PR_TESTS_TESTUTIL_H

#include <stddef.h>
#include <stdint.h>
#include <gmp.h>
#include <sqlite3.h>
#include <check.h>
#include "proceeds.h"

/* The seed of every property test, so that a failure can be replayed. */
#define TU_SEED 0x70726f6365656473ULL /* "proceeds" */

/*
 * Make a fresh directory under $TMPDIR (or /tmp). Returns a malloc'd path;
 * aborts the test when it cannot. Remove it with tu_rmtree and free().
 */
char *tu_tmpdir(void);

/* Remove @p path and everything below it; missing paths are fine. */
void tu_rmtree(const char *path);

/* "dir/name", malloc'd. */
char *tu_path(const char *dir, const char *name);

/* $PR_FIXTURES/sub/name, malloc'd; fails the test when PR_FIXTURES is
 * not set. */
char *tu_fixture(const char *sub, const char *name);

/* Write @p len bytes to dir/name (replacing it); returns the malloc'd
 * path. tu_write writes a NUL-terminated string. Aborts on failure. */
char *tu_write_bytes(const char *dir, const char *name, const void *data,
		     size_t len);
char *tu_write(const char *dir, const char *name, const char *text);

/* The whole file, NUL-terminated and malloc'd; @p len_out (may be NULL)
 * gets its length. Aborts on failure. */
char *tu_read_file(const char *path, size_t *len_out);

/* Create a new case dir/name and return it open; aborts on failure. */
pr_store *tu_case_new(const char *dir, const char *name);

/* Parse a profile from text (path "test.profile"); aborts on failure. */
pr_profile *tu_profile(const char *text);

/*
 * Write @p text to dir/name and import it in a transaction of its own
 * (begin, import, commit as "import NAME"); aborts on any failure. A NULL
 * @p profile imports a statements file. @p res may be NULL.
 */
void tu_import(pr_store *st, const char *dir, const char *name,
	       const char *text, const pr_profile *profile,
	       const char *account, const char *currency,
	       pr_import_result *res);

/* The first column of the first row of @p sql as an integer (0 when there
 * is no row); aborts on an SQL error. */
int64_t tu_sql_int(sqlite3 *db, const char *sql);

/* The same as text, malloc'd ("" for NULL or no row). */
char *tu_sql_text(sqlite3 *db, const char *sql);

/* Run SQL that returns nothing; aborts on an error. */
void tu_sql_exec(sqlite3 *db, const char *sql);

/*
 * Make SQLite see @p dir as read-only media, as a write-blocker or a
 * read-only mount shows it, for root too (who writes through chmod):
 * files under it open read-only, nothing can be created or deleted
 * there, elsewhere nothing changes. A VFS wrapped around the default one
 * and registered as the default; NULL removes it again. Covers the main
 * database and its journals; not a -shm file of a WAL database that
 * already exists (SQLite maps that itself).
 */
void tu_readonly_media(const char *dir);

/* splitmix64: small, fast and the same everywhere. */
typedef struct tu_rng {
	uint64_t state;
} tu_rng;

void tu_rng_seed(tu_rng *r, uint64_t seed);
uint64_t tu_rng_next(tu_rng *r);
/* Uniform in [0, n) (n > 0), without modulo bias. */
uint64_t tu_rng_below(tu_rng *r, uint64_t n);
/* Uniform in [lo, hi]. */
int64_t tu_rng_range(tu_rng *r, int64_t lo, int64_t hi);

/* Decimal text of @p v in @p buf, cut with "..." when it does not fit. */
const char *tu_mpz_str(char *buf, size_t size, const mpz_t v);

/* A growable string for building test inputs. */
typedef struct tu_buf {
	char *s;
	size_t len, cap;
} tu_buf;

#if defined(__GNUC__)
#define TU_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define TU_PRINTF(a, b)
#endif

/* Append formatted text; aborts the test when memory runs out. */
void tu_buf_printf(tu_buf *b, const char *fmt, ...) TU_PRINTF(2, 3);
void tu_buf_free(tu_buf *b);

/* Fail (with both values) unless the mpz_t values are equal. */
#define tu_assert_mpz_eq(got, want) do {				\
	if (mpz_cmp((got), (want)) != 0) {				\
		char tu_g_[160], tu_w_[160];				\
		ck_abort_msg("%s == %s: got %s, want %s", #got, #want,	\
			     tu_mpz_str(tu_g_, sizeof(tu_g_), (got)),	\
			     tu_mpz_str(tu_w_, sizeof(tu_w_), (want)));	\
	}								\
} while (0)

/* Fail unless the mpz_t value prints as the decimal string @p want. */
#define tu_assert_mpz_eq_str(got, want) do {				\
	char tu_g_[160];						\
	tu_mpz_str(tu_g_, sizeof(tu_g_), (got));			\
	if (strcmp(tu_g_, (want)) != 0)					\
		ck_abort_msg("%s: got %s, want %s", #got, tu_g_,	\
			     (want));					\
} while (0)

#endif
