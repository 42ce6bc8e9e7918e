/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SHA-256 of documents and log entries (OpenSSL libcrypto underneath). */
#ifndef PROCEEDS_HASH_H
#define PROCEEDS_HASH_H

#include "common.h"

#define PR_SHA256_HEX 65 /**< 64 hex digits and a NUL */

/** An incremental SHA-256. Opaque; free with pr_sha256_free. */
typedef struct pr_sha256 pr_sha256;

PR_EXTERN int pr_sha256_new(pr_sha256 **out, pr_error *err);
PR_EXTERN void pr_sha256_update(pr_sha256 *h, const void *data, size_t n);
/** Finish and write the lowercase hex digest; the hash can be reused after. */
PR_EXTERN void pr_sha256_final_hex(pr_sha256 *h, char hex[PR_SHA256_HEX]);
PR_EXTERN void pr_sha256_free(pr_sha256 *h);

/** Whether @p s is a SHA-256 as proceeds writes one: exactly 64
 *  lowercase hex digits, nothing before or after. */
PR_EXTERN int pr_sha256_is_hex(const char *s);

/** Hash a whole file; @p size_out (may be NULL) gets its size in bytes. */
PR_EXTERN int pr_sha256_file(char hex[PR_SHA256_HEX], uint64_t *size_out,
			     const char *path, pr_error *err);

#endif
