/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers for the in-memory message readers (msg.h). */
#include "config.h"
#include "common.h"
#include "import.h"
#include "msg.h"

#include <string.h>

int
pr__msg_digit(char c)
{
	return (unsigned char)c >= '0' && (unsigned char)c <= '9';
}

int
pr__msg_fail(pr__msg *r, const char *p, const char *fmt, const char *a,
	     const char *b)
{
	pr_loc loc;

	pr__buf_loc(&loc, r->name, r->buf, p);
	return pr__error_at(r->err, PR_EPARSE, &loc, fmt, a ? a : "",
			    b ? b : "");
}

char *
pr__msg_keep(pr__msg *r, const char *s, size_t n)
{
	char *out;

	if (r->slen + n + 1 > r->scap)
		return NULL;
	out = r->scratch + r->slen;
	memcpy(out, s, n);
	out[n] = '\0';
	r->slen += n + 1;
	return out;
}
