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

/* Where the prolog's DOCTYPE starts, or NULL. The prolog (the XML
 * declaration, comments, processing instructions and white space before
 * the root element) is the only place a DOCTYPE may stand. The XML
 * readers look for it before libxml2 parses, so that an entity attack
 * (billion laughs, an entity loop) is refused for what it is, a DTD,
 * rather than in the parser's words about entities. */
const char *
pr__xml_prolog_doctype(const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;

	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	while (p < end) {
		const char *close;
		size_t skip, n;

		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			p++;
			continue;
		}
		if (end - p >= 9 && memcmp(p, "<!DOCTYPE", 9) == 0)
			return p;
		if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
			close = "-->";
			skip = 4;
		} else if (end - p >= 2 && memcmp(p, "<?", 2) == 0) {
			close = "?>";
			skip = 2;
		} else {
			return NULL;
		}
		n = strlen(close);
		for (p += skip; p < end && !((size_t)(end - p) >= n &&
					     memcmp(p, close, n) == 0); p++)
			;
		p += n;
	}
	return NULL;
}
