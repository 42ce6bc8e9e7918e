/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Redaction internals shared with the error messages: how an output
 * shows one character. */
#ifndef PR_LIB_REDACT_H
#define PR_LIB_REDACT_H

#include <stddef.h>
#include <stdint.h>

/* How an output shows a character (pr__text_char). */
enum {
	PR__TEXT_PLAIN = 0,  /* as it is */
	PR__TEXT_CONTROL,    /* a control character or a byte that is not
				UTF-8: escaped byte by byte on a terminal */
	PR__TEXT_BIDI        /* a bidi control: marked everywhere */
};

/* The character at s (n > 0 bytes left): how it is shown, its length in
 * bytes (*len, 1 for a byte that is not UTF-8) and its code point (*cp,
 * the byte for one that is not UTF-8). A newline is plain. */
int pr__text_char(const unsigned char *s, size_t n, size_t *len,
		  int32_t *cp);

/* Write the escape of the byte c ("\x1b", 4 characters and a NUL) or the
 * mark of the bidi control cp ("<U+202E>", 8 characters and a NUL) into
 * dst; return its length. */
size_t pr__text_escape(char dst[5], unsigned char c);
size_t pr__text_mark(char dst[9], int32_t cp);

#endif
