/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Error helpers: fill the caller's pr_error and render it GNU-style. */
#include "config.h"
#include "common.h"
#include "redact.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

void
pr_error_clear(pr_error *err)
{
	if (err != NULL)
		memset(err, 0, sizeof(*err));
}

int
pr__error_vset(pr_error *err, int code, const pr_loc *loc, const char *fmt,
	       va_list ap)
{
	if (err == NULL)
		return code;
	err->code = code;
	err->sys_code = 0;
	if (loc != NULL && loc != &err->loc)
		err->loc = *loc;
	else if (loc == NULL)
		memset(&err->loc, 0, sizeof(err->loc));
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	return code;
}

int
pr__error_set(pr_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	pr__error_vset(err, code, NULL, fmt, ap);
	va_end(ap);
	return code;
}

int
pr__error_at(pr_error *err, int code, const pr_loc *loc, const char *fmt,
	     ...)
{
	va_list ap;

	va_start(ap, fmt);
	pr__error_vset(err, code, loc, fmt, ap);
	va_end(ap);
	return code;
}

int
pr__error_sys(pr_error *err, int code, int sys, const char *path,
	      const char *what)
{
	pr__error_set(err, code, "%s: %s%s%s", path, what ? what : "",
		      what ? ": " : "", strerror(sys));
	if (err != NULL)
		err->sys_code = sys;
	return code;
}

size_t
pr_error_format(char *buf, size_t size, const pr_error *err)
{
	int n;

	if (err == NULL)
		return 0;
	if (err->loc.path[0] != '\0' && err->loc.line > 0 &&
	    err->loc.column > 0)
		n = snprintf(buf, size, "%s:%lu:%lu: %s", err->loc.path,
			     err->loc.line, err->loc.column, err->msg);
	else if (err->loc.path[0] != '\0' && err->loc.line > 0)
		n = snprintf(buf, size, "%s:%lu: %s", err->loc.path,
			     err->loc.line, err->msg);
	else if (err->loc.path[0] != '\0')
		n = snprintf(buf, size, "%s: %s", err->loc.path, err->msg);
	else
		n = snprintf(buf, size, "%s", err->msg);
	return n < 0 ? 0 : (size_t)n;
}

const char *
pr_strerror(int code)
{
	switch (code) {
	case PR_OK: return "success";
	case PR_ENOTFOUND: return "not found";
	case PR_EEXISTS: return "already exists";
	case PR_EPARSE: return "parse error";
	case PR_EINVALID: return "invalid argument";
	case PR_ECURRENCY: return "currency error";
	case PR_EVERSION: return "version mismatch";
	case PR_EBUSY: return "busy";
	case PR_EDB: return "database error";
	case PR_EIO: return "input/output error";
	case PR_ENOMEM: return "out of memory";
	default: return "error";
	}
}

const char *
pr_version(void)
{
	return PACKAGE_VERSION;
}

/* Control characters (newline too) and bytes that are not UTF-8
 * escaped, bidi controls marked, as every table shows them (redact.c). */
const char *
pr__quote(char *buf, size_t size, const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t o = 0, i = 0, n, k;
	int cut = len > 40;
	int32_t cp;
	char e[9];

	if (cut) {
		/* not inside a character */
		for (len = 40; len > 0 && (s[len] & 0xc0) == 0x80; len--)
			;
	}
	while (i < len) {
		int kind = pr__text_char(s + i, len - i, &n, &cp);

		/* a message is one line: a newline is escaped too */
		if (kind == PR__TEXT_CONTROL || s[i] == '\n') {
			if (o + 4 * n + 1 >= size)
				break;
			for (k = 0; k < n; k++)
				o += pr__text_escape(buf + o, s[i + k]);
		} else {
			const char *p = text + i;

			k = n;
			if (kind == PR__TEXT_BIDI) {
				k = pr__text_mark(e, cp);
				p = e;
			}
			if (o + k + 1 >= size)
				break;
			memcpy(buf + o, p, k);
			o += k;
		}
		i += n;
	}
	if (cut && o + 4 < size) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o] = '\0';
	return buf;
}

int
pr__parse_long(long *out, const char *text, size_t len, long min, long max)
{
	long v = 0;
	size_t i = 0;
	int neg = 0;

	if (len > 0 && (text[0] == '-' || text[0] == '+')) {
		neg = text[0] == '-';
		i = 1;
	}
	if (i == len)
		return PR_EPARSE;
	for (; i < len; i++) {
		unsigned char c = (unsigned char)text[i];

		if (c < '0' || c > '9')
			return PR_EPARSE;
		if (v > (LONG_MAX - (c - '0')) / 10)
			return PR_EPARSE;
		v = v * 10 + (c - '0');
	}
	if (neg)
		v = -v;
	if (v < min || v > max)
		return PR_EPARSE;
	*out = v;
	return PR_OK;
}
