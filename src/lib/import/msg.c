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

	if (r->n_cut > 0) {
		/* back to the file's own bytes: the last cut at or before p */
		size_t off = (size_t)(p - r->buf), lo = 0, hi = r->n_cut;

		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (r->at[mid] <= off)
				lo = mid + 1;
			else
				hi = mid;
		}
		pr__buf_loc(&loc, r->name, r->orig,
			    r->orig + off + (lo > 0 ? r->cut[lo - 1] : 0));
	} else {
		pr__buf_loc(&loc, r->name, r->buf, p);
	}
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
