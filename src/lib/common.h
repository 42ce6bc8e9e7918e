/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Library-internal helpers shared by every module; never installed. */
#ifndef PR_LIB_COMMON_H
#define PR_LIB_COMMON_H

#include <stdarg.h>
#include <stddef.h>
#include "proceeds.h"

#if defined(__GNUC__)
#define PR__PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define PR__PRINTF(a, b)
#endif

/* Allocation funnel (alloc.c): one place to count and to inject failures. */
void *pr__malloc(size_t n);
void *pr__calloc(size_t n, size_t size);
void *pr__realloc(void *p, size_t n);
void pr__free(void *p);
char *pr__strdup(const char *s);
char *pr__strndup(const char *s, size_t n);
int pr__grow(void **arr, size_t *cap, size_t need, size_t elem);
int pr__reserve(void **arr, size_t *cap, size_t n, size_t elem);

/* report.c: one RFC 4180 record, formula cells neutralised */
void pr__csv_row(FILE *fp, const char *const *cells, size_t n);
/* Test hook: make the n-th allocation from now fail (0 disables). */
void pr__alloc_fail_at(unsigned long n);

/* Set err (if not NULL) and return code, so that reporting and returning
 * fit in one statement. pr__error_at also records a location. */
int pr__error_set(pr_error *err, int code, const char *fmt, ...)
	PR__PRINTF(3, 4);
int pr__error_at(pr_error *err, int code, const pr_loc *loc,
		 const char *fmt, ...) PR__PRINTF(4, 5);
int pr__error_vset(pr_error *err, int code, const pr_loc *loc,
		   const char *fmt, va_list ap);
/* Set errno-based I/O error: "path: strerror". */
int pr__error_sys(pr_error *err, int code, int sys, const char *path,
		  const char *what);

/* Quote up to 40 bytes of text for a message, escaping control bytes;
 * buf must hold at least 64 bytes. */
const char *pr__quote(char *buf, size_t size, const char *text, size_t len);

/* Checked integer parsing: the whole text must be a decimal integer in
 * [min, max]. */
int pr__parse_long(long *out, const char *text, size_t len, long min,
		   long max);

#endif
