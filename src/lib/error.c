/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Error helpers: fill the caller's pr_error and render it GNU-style. */
#include "config.h"
#include "common.h"

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

const char *
pr__quote(char *buf, size_t size, const char *text, size_t len)
{
	size_t o = 0;
	size_t i;
	int cut = len > 40;

	if (cut)
		len = 40;
	for (i = 0; i < len && o + 5 < size; i++) {
		unsigned char c = (unsigned char)text[i];

		if (c < 0x20 || c == 0x7f) {
			snprintf(buf + o, size - o, "\\x%02x", c);
			o += 4;
		} else {
			buf[o++] = (char)c;
		}
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
