/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared by the readers of whole-file message formats (MT103, Fedwire):
 * the buffer being read, a scratch area for one message's strings, and
 * errors located by byte position. */
#ifndef PR_LIB_IMPORT_MSG_H
#define PR_LIB_IMPORT_MSG_H

#include "common.h"

typedef struct pr__msg {
	const char *name;
	const char *buf;
	size_t len;
	char *scratch;        /* output strings of the current message */
	size_t slen, scap;
	pr_error *err;
	/* A file of fixed-width records (Fedwire's): buf is the records
	 * joined, and cut[k] bytes of the file had been taken out before
	 * offset at[k] of buf (at ascending); orig is the file, for
	 * messages. n_cut 0: buf is the file. */
	const char *orig;
	const size_t *at, *cut;
	size_t n_cut;
} pr__msg;

/* An ASCII digit (never isdigit on a plain char). */
int pr__msg_digit(char c);

/* PR_EPARSE at p, with line and column found by scanning from the start
 * of the buffer (errors only). fmt takes two strings (NULL is ""). */
int pr__msg_fail(pr__msg *r, const char *p, const char *fmt, const char *a,
		 const char *b);

/* Copy s[0..n) into the scratch, NUL-terminated; NULL when it is full
 * (the scratch is sized so that one message's strings always fit). */
char *pr__msg_keep(pr__msg *r, const char *s, size_t n);

#endif
