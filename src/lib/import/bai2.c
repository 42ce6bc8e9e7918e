/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * BAI2 cash management balance reporting files (BAI, Cash Management
 * Balance Reporting Specifications Version 2), read line by line: memory
 * stays flat however long the file is. Every control total and record
 * count of the 49, 98 and 99 trailers is checked exactly.
 */
#include "config.h"
#include "common.h"
#include "import.h"
#include "bai2_codes.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK (64UL << 10)
#define MAX_LINE (1UL << 20)     /* one physical line */
#define MAX_RECORD (1UL << 20)   /* one logical record with its 88s */
#define MAX_SEGS 10000           /* physical records in one logical one */

/*
 * How the file is cut into records. A logical record is a record code
 * ("01,", "16,", ...) and its fields, continued by any 88 records (and,
 * for a 16 whose text runs on, by lines with no record code at all, as
 * some banks write them). Each piece is a segment: its text (after the
 * record code, without the ending '/'), and where that text starts.
 * A record without text ends at its first '/'; a 16 (and the 88s that
 * continue it) may have '/' in its text, so it ends at the end of the
 * line, or at a '/' followed by blanks and the next record's code on the
 * same line (several records packed on one line).
 */
struct seg {
	size_t off, len;         /* in rd.sbuf */
	unsigned long line, col; /* where the text starts */
};

struct field {
	const char *p;
	size_t len;
	unsigned long line, col;
};

enum { S_START, S_FILE, S_GROUP, S_ACCOUNT, S_DONE };

struct rd {
	const char *name;
	const pr__import_sink *sink;
	pr_error *err;

	/* the logical record being gathered */
	int code;                /* 0: none yet */
	unsigned long n;         /* physical records in it (1 + its 88s) */
	char *sbuf;
	size_t slen, scap;
	struct seg *segs;
	size_t nseg, segcap;
	size_t ci, cpos;         /* field cursor: segment, offset */
	unsigned long last_line; /* of the last line read */

	int state;
	/* file */
	mpz_t file_total;
	unsigned long file_records, groups;
	/* group */
	unsigned long group_line;
	pr_date asof;
	const pr_currency *gcur;
	mpz_t group_total;
	unsigned long group_records, accounts;
	/* account */
	unsigned long account_line;
	char *account;
	const pr_currency *acur;
	mpz_t account_total;
	unsigned long account_records;

	mpz_t amount;            /* scratch */
	pr__bank_row row;
	pr__statement_row stmt;
	char *tbuf;              /* description, reference, text */
	size_t tcap;
	uint64_t rows, statements;
};

static int
digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
blank(char c)
{
	return c == ' ' || c == '\t';
}

static int
failv(struct rd *r, unsigned long line, unsigned long col,
      const char *fmt, va_list ap)
{
	pr_loc loc;

	memset(&loc, 0, sizeof(loc));
	snprintf(loc.path, sizeof(loc.path), "%s", r->name);
	loc.line = line;
	loc.column = col;
	return pr__error_vset(r->err, PR_EPARSE, &loc, fmt, ap);
}

static int PR__PRINTF(4, 5)
fail(struct rd *r, unsigned long line, unsigned long col, const char *fmt,
     ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = failv(r, line, col, fmt, ap);
	va_end(ap);
	return rc;
}

static int PR__PRINTF(3, 4)
fail_at(struct rd *r, const struct field *f, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = failv(r, f->line, f->col, fmt, ap);
	va_end(ap);
	return rc;
}

/* Where the record being read ends: for "the record ends before ...". */
static int PR__PRINTF(2, 3)
fail_end(struct rd *r, const char *fmt, ...)
{
	const struct seg *s = &r->segs[r->nseg - 1];
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = failv(r, s->line, s->col + s->len, fmt, ap);
	va_end(ap);
	return rc;
}

static const char *
quote(char *buf, size_t size, const struct field *f)
{
	return pr__quote(buf, size, f->p, f->len);
}

static const char *
record_name(int code)
{
	switch (code) {
	case 1: return "file header (01)";
	case 2: return "group header (02)";
	case 3: return "account identifier (03)";
	case 16: return "transaction detail (16)";
	case 49: return "account trailer (49)";
	case 98: return "group trailer (98)";
	default: return "file trailer (99)";
	}
}

/* ---- the field cursor over the segments of one logical record ---- */

/*
 * The next field: up to the next comma inside the current segment; a new
 * segment (an 88) starts a new field, as the specification says no field
 * but text is split across records. Returns 0 when the record has no
 * more fields.
 */
static int
next_field(struct rd *r, struct field *f)
{
	const struct seg *s;
	const char *p, *c;

	if (r->ci < r->nseg && r->cpos > r->segs[r->ci].len) {
		r->ci++;
		r->cpos = 0;
	}
	if (r->ci >= r->nseg)
		return 0;
	s = &r->segs[r->ci];
	p = r->sbuf + s->off + r->cpos;
	c = memchr(p, ',', s->len - r->cpos);
	f->p = p;
	f->len = c != NULL ? (size_t)(c - p) : s->len - r->cpos;
	f->line = s->line;
	f->col = s->col + r->cpos;
	r->cpos += f->len + 1;
	return 1;
}

/* Whether the current segment has another field (not the next 88). */
static int
more_in_segment(const struct rd *r)
{
	return r->ci < r->nseg && r->cpos <= r->segs[r->ci].len;
}

/* A field that must be there: else "the record ends before @p what". */
static int
need(struct rd *r, struct field *f, const char *what)
{
	if (next_field(r, f))
		return PR_OK;
	return fail_end(r, "%s ends before its %s", record_name(r->code),
			what);
}

/* Any field left must be empty: a record with more than it defines is
 * not one we understand. */
static int
no_more(struct rd *r, unsigned nfields)
{
	struct field f;
	char q[64];

	while (next_field(r, &f)) {
		if (f.len > 0)
			return fail_at(r, &f, "unexpected field '%s': a %s "
				       "has %u fields", quote(q, sizeof(q), &f),
				       record_name(r->code), nfields);
	}
	return PR_OK;
}

/* ---- field values ---- */

/*
 * An amount: whole minor units, digits only (an optional sign where
 * @p sign allows one). Empty text sets *present to 0 and out to 0.
 */
static int
amount(struct rd *r, const struct field *f, int sign, mpz_t out,
       int *present)
{
	const char *p = f->p;
	size_t n = f->len, i;
	int neg = 0;
	char q[64];

	if (present != NULL)
		*present = n > 0;
	if (n == 0) {
		mpz_set_ui(out, 0);
		return PR_OK;
	}
	if (*p == '+' || *p == '-') {
		if (!sign)
			return fail_at(r, f, "amount '%s' has a sign; a "
				       "transaction's amount is unsigned "
				       "(its type code says credit or debit)",
				       quote(q, sizeof(q), f));
		neg = *p == '-';
		p++;
		n--;
	}
	for (i = 0; i < n; i++) {
		if (digit(p[i]))
			continue;
		if (p[i] == '.' || p[i] == ',')
			return fail_at(r, f, "amount '%s' has a decimal "
				       "point; BAI2 amounts are whole minor "
				       "units (cents) without one",
				       quote(q, sizeof(q), f));
		return fail_at(r, f, "amount '%s' is not a whole number of "
			       "minor units: expected digits%s",
			       quote(q, sizeof(q), f),
			       sign ? " after an optional sign" : "");
	}
	if (n == 0)
		return fail_at(r, f, "amount '%s' has no digits",
			       quote(q, sizeof(q), f));
	if (n <= 18) {
		long long v = 0;

		for (i = 0; i < n; i++)
			v = v * 10 + (p[i] - '0');
		mpz_set_si(out, neg ? -v : v);
		return PR_OK;
	}
	{
		char *t = pr__strndup(p, n);

		if (t == NULL)
			return pr__error_set(r->err, PR_ENOMEM,
					     "out of memory");
		mpz_set_str(out, t, 10);
		pr__free(t);
		if (neg)
			mpz_neg(out, out);
	}
	return PR_OK;
}

/* A count (records, accounts, groups, items): digits, required unless
 * @p what is NULL (then empty is 0). */
static int
count(struct rd *r, const struct field *f, const char *what,
      unsigned long *out)
{
	size_t i;
	char q[64];

	*out = 0;
	if (f->len == 0 && what == NULL)
		return PR_OK;
	if (f->len == 0)
		return fail_at(r, f, "empty %s: expected a number", what);
	for (i = 0; i < f->len; i++) {
		if (!digit(f->p[i]) || (*out > 0 && *out >= 100000000UL))
			return fail_at(r, f, "%s '%s' is not a number%s",
				       what ? what : "item count",
				       quote(q, sizeof(q), f),
				       digit(f->p[i]) ? " below 10^9" : "");
		*out = *out * 10 + (unsigned long)(f->p[i] - '0');
	}
	return PR_OK;
}

/* A date YYMMDD (69-99 are 1969-1999, 00-68 2000-2068). */
static int
date(struct rd *r, const struct field *f, const char *what, pr_date *out)
{
	pr_error e;
	char q[64];
	size_t i;

	if (f->len != 6)
		goto bad;
	for (i = 0; i < 6; i++)
		if (!digit(f->p[i]))
			goto bad;
	pr_error_clear(&e);
	if (pr_date_parse(out, f->p, 6, "YYMMDD", &e) != PR_OK)
		return fail_at(r, f, "%s '%s' does not exist", what,
			       quote(q, sizeof(q), f));
	return PR_OK;
bad:
	return fail_at(r, f, "%s '%s' is not a date YYMMDD", what,
		       quote(q, sizeof(q), f));
}

/* A time: HHMM from 0000 to 2400, or 9999 (end of day, which the
 * specification tells readers to expect); empty when optional. Some
 * banks write HH:MM:SS in the file header; that is read too. */
static int
time_of_day(struct rd *r, const struct field *f, const char *what)
{
	const char *p = f->p;
	char q[64];
	int h, m, s = 0;

	if (f->len == 0)
		return PR_OK;
	if (f->len == 4 && digit(p[0]) && digit(p[1]) && digit(p[2]) &&
	    digit(p[3])) {
		h = (p[0] - '0') * 10 + (p[1] - '0');
		m = (p[2] - '0') * 10 + (p[3] - '0');
	} else if ((f->len == 5 || f->len == 8) && digit(p[0]) &&
		   digit(p[1]) && p[2] == ':' && digit(p[3]) && digit(p[4]) &&
		   (f->len == 5 || (p[5] == ':' && digit(p[6]) &&
				    digit(p[7])))) {
		h = (p[0] - '0') * 10 + (p[1] - '0');
		m = (p[3] - '0') * 10 + (p[4] - '0');
		if (f->len == 8)
			s = (p[6] - '0') * 10 + (p[7] - '0');
	} else {
		goto bad;
	}
	if ((h == 99 && m == 99) || (h == 24 && m == 0 && s == 0) ||
	    (h < 24 && m < 60 && s < 60))
		return PR_OK;
bad:
	return fail_at(r, f, "%s '%s' is not a time HHMM (0000 to 2400)",
		       what, quote(q, sizeof(q), f));
}

static int
cmp_code(const void *a, const void *b)
{
	const struct bai2_code *x = a, *y = b;

	return (int)x->code - (int)y->code;
}

/*
 * A type code: three digits, one of the specification's uniform codes
 * or a customised one (900-919 status, 920-959 credits, 960-999 debits).
 */
static int
type_code(struct rd *r, const struct field *f, struct bai2_code *out)
{
	struct bai2_code key;
	const struct bai2_code *c;
	char q[64];

	if (f->len != 3 || !digit(f->p[0]) || !digit(f->p[1]) ||
	    !digit(f->p[2]))
		return fail_at(r, f, "type code '%s' is not 3 digits",
			       quote(q, sizeof(q), f));
	memset(&key, 0, sizeof(key));
	key.code = (unsigned short)((f->p[0] - '0') * 100 +
				    (f->p[1] - '0') * 10 + (f->p[2] - '0'));
	if (key.code >= 900) {
		out->code = key.code;
		out->kind = key.code < 920 ? 'N' : key.code < 960 ? 'C' : 'D';
		out->level = key.code < 920 ? 'T' : 'D';
		out->meaning = key.code < 920 ? "Customized Status" :
			       key.code < 960 ? "Customized Credit" :
			       "Customized Debit";
		return PR_OK;
	}
	c = bsearch(&key, bai2_codes, sizeof(bai2_codes) /
		    sizeof(bai2_codes[0]), sizeof(bai2_codes[0]), cmp_code);
	if (c == NULL)
		return fail_at(r, f, "unknown type code %s: not in the BAI2 "
			       "specification's list nor customised "
			       "(900-999)", quote(q, sizeof(q), f));
	*out = *c;
	return PR_OK;
}

/*
 * The funds type of an amount and the fields it brings: 0, 1, 2, Z or
 * empty none; V a value date and an optional time; S three availability
 * amounts; D a number of distributions and that many day/amount pairs.
 * They are read exactly and not stored (the value date excepted).
 */
static int
funds_type(struct rd *r, const struct field *ft, int *has_vdate,
	   pr_date *vdate)
{
	struct field f;
	unsigned long n, i, days;
	char q[64];
	int rc;

	*has_vdate = 0;
	if (ft->len == 0)
		return PR_OK;
	if (ft->len == 1 && (ft->p[0] == '0' || ft->p[0] == '1' ||
			     ft->p[0] == '2' || ft->p[0] == 'Z'))
		return PR_OK;
	if (ft->len == 1 && ft->p[0] == 'V') {
		rc = need(r, &f, "value date (funds type V)");
		if (rc == PR_OK)
			rc = date(r, &f, "value date", vdate);
		if (rc == PR_OK)
			rc = need(r, &f, "value time (funds type V)");
		if (rc == PR_OK)
			rc = time_of_day(r, &f, "value time");
		*has_vdate = rc == PR_OK;
		return rc;
	}
	if (ft->len == 1 && ft->p[0] == 'S') {
		static const char *const what[3] = {
			"immediate availability (funds type S)",
			"one-day availability (funds type S)",
			"two-or-more-day availability (funds type S)"
		};

		for (i = 0; i < 3; i++) {
			rc = need(r, &f, what[i]);
			if (rc == PR_OK)
				rc = amount(r, &f, 1, r->amount, NULL);
			if (rc != PR_OK)
				return rc;
		}
		return PR_OK;
	}
	if (ft->len == 1 && ft->p[0] == 'D') {
		rc = need(r, &f, "number of distributions (funds type D)");
		if (rc == PR_OK)
			rc = count(r, &f, "number of distributions", &n);
		for (i = 0; rc == PR_OK && i < n; i++) {
			rc = need(r, &f, "availability days (funds type D)");
			if (rc == PR_OK)
				rc = count(r, &f, "availability days", &days);
			if (rc == PR_OK)
				rc = need(r, &f, "availability amount (funds "
					  "type D)");
			if (rc == PR_OK)
				rc = amount(r, &f, 1, r->amount, NULL);
		}
		return rc;
	}
	return fail_at(r, ft, "unknown funds type '%s': expected 0, 1, 2, "
		       "V, S, D or Z", quote(q, sizeof(q), ft));
}

/* ---- building the row's strings ---- */

static int
text_reserve(struct rd *r, size_t need_len)
{
	char *t;
	size_t cap;

	if (need_len <= r->tcap)
		return PR_OK;
	if (need_len > 2 * MAX_RECORD + 1024)
		return pr__error_set(r->err, PR_EPARSE, "record too long");
	cap = r->tcap ? r->tcap : 1024;
	while (cap < need_len)
		cap *= 2;
	t = pr__realloc(r->tbuf, cap);
	if (t == NULL)
		return pr__error_set(r->err, PR_ENOMEM, "out of memory");
	r->tbuf = t;
	r->tcap = cap;
	return PR_OK;
}

/* Append p[0..n) trimmed of blanks, after a space when there is text
 * already (from @p start). */
static void
text_add(struct rd *r, size_t start, size_t *len, const char *p, size_t n)
{
	while (n > 0 && blank(*p)) {
		p++;
		n--;
	}
	while (n > 0 && blank(p[n - 1]))
		n--;
	if (n == 0)
		return;
	if (*len > start)
		r->tbuf[(*len)++] = ' ';
	memcpy(r->tbuf + *len, p, n);
	*len += n;
}

/* ---- the records ---- */

static int
file_header(struct rd *r)
{
	struct field f;
	unsigned long n;
	pr_date d;
	char q[64];
	int rc;

	if (r->state != S_START)
		return fail(r, r->segs[0].line, r->segs[0].col - 3,
			    "a second file header (01): one BAI2 file per "
			    "document");
	rc = need(r, &f, "sender identification");
	if (rc == PR_OK)
		rc = need(r, &f, "receiver identification");
	if (rc == PR_OK)
		rc = need(r, &f, "file creation date");
	if (rc == PR_OK)
		rc = date(r, &f, "file creation date", &d);
	if (rc == PR_OK)
		rc = need(r, &f, "file creation time");
	if (rc == PR_OK)
		rc = time_of_day(r, &f, "file creation time");
	if (rc == PR_OK)
		rc = need(r, &f, "file identification number");
	if (rc == PR_OK)
		rc = need(r, &f, "physical record length");
	if (rc == PR_OK)
		rc = count(r, &f, NULL, &n);
	if (rc == PR_OK)
		rc = need(r, &f, "block size");
	if (rc == PR_OK)
		rc = count(r, &f, NULL, &n);
	if (rc == PR_OK)
		rc = need(r, &f, "version number");
	if (rc == PR_OK && (f.len != 1 || f.p[0] != '2'))
		rc = fail_at(r, &f, "BAI version '%s': this reader reads "
			     "version 2", quote(q, sizeof(q), &f));
	if (rc == PR_OK)
		rc = no_more(r, 9);
	r->file_records = r->n;
	r->state = S_FILE;
	return rc;
}

static int
group_header(struct rd *r)
{
	struct field f;
	char q[64], code[4];
	int rc;

	if (r->state == S_GROUP || r->state == S_ACCOUNT)
		return fail(r, r->segs[0].line, r->segs[0].col - 3,
			    "group header (02) inside the group of line "
			    "%lu: no group trailer (98) before it",
			    r->group_line);
	r->group_line = r->segs[0].line;
	rc = need(r, &f, "ultimate receiver identification");
	if (rc == PR_OK)
		rc = need(r, &f, "originator identification");
	if (rc == PR_OK)
		rc = need(r, &f, "group status");
	if (rc == PR_OK && (f.len != 1 || f.p[0] < '1' || f.p[0] > '4'))
		rc = fail_at(r, &f, "group status '%s': expected 1 (update), "
			     "2 (deletion), 3 (correction) or 4 (test only)",
			     quote(q, sizeof(q), &f));
	if (rc == PR_OK && (f.p[0] == '2' || f.p[0] == '4'))
		rc = fail_at(r, &f, "group status %c (%s): its balances and "
			     "transactions are not to be taken as the "
			     "account's", f.p[0],
			     f.p[0] == '2' ? "deletion" : "test only");
	if (rc == PR_OK)
		rc = need(r, &f, "as-of date");
	if (rc == PR_OK)
		rc = date(r, &f, "as-of date", &r->asof);
	/* the optional fields at the end: as-of time, currency and the
	 * as-of-date modifier */
	r->gcur = pr_currency_find("USD");
	if (rc == PR_OK && next_field(r, &f))
		rc = time_of_day(r, &f, "as-of time");
	if (rc == PR_OK && next_field(r, &f) && f.len > 0) {
		if (f.len == 3) {
			memcpy(code, f.p, 3);
			code[3] = '\0';
			r->gcur = pr_currency_find(code);
		}
		if (f.len != 3 || r->gcur == NULL)
			rc = fail_at(r, &f, "unknown currency '%s'",
				     quote(q, sizeof(q), &f));
	}
	if (rc == PR_OK && next_field(r, &f) && f.len > 0 &&
	    (f.len != 1 || f.p[0] < '1' || f.p[0] > '4'))
		rc = fail_at(r, &f, "as-of-date modifier '%s': expected 1, 2, "
			     "3 or 4", quote(q, sizeof(q), &f));
	if (rc == PR_OK)
		rc = no_more(r, 8);
	mpz_set_ui(r->group_total, 0);
	r->group_records = r->n;
	r->file_records += r->n;
	r->accounts = 0;
	r->state = S_GROUP;
	return rc;
}

/*
 * 03: the account, its currency (empty: the group's), then type code,
 * amount, item count and funds type, as many times as it likes. Every
 * amount counts in the account's control total; 010 (opening ledger)
 * and 015 (closing ledger) make a statement period of the as-of date.
 */
static int
account_identifier(struct rd *r)
{
	struct field f, a;
	struct bai2_code tc;
	int rc, present, has_open = 0, has_close = 0, hv, k;
	pr_date vd;
	unsigned long items;
	char q[64], code[4];

	if (r->state == S_ACCOUNT)
		return fail(r, r->segs[0].line, r->segs[0].col - 3,
			    "account identifier (03) inside the account of "
			    "line %lu: no account trailer (49) before it",
			    r->account_line);
	if (r->state != S_GROUP)
		return fail(r, r->segs[0].line, r->segs[0].col - 3,
			    "account identifier (03) outside a group: no "
			    "group header (02) before it");
	r->account_line = r->segs[0].line;
	rc = need(r, &f, "customer account number");
	if (rc != PR_OK)
		return rc;
	if (f.len == 0)
		return fail_at(r, &f, "empty customer account number");
	pr__free(r->account);
	r->account = pr__strndup(f.p, f.len);
	if (r->account == NULL)
		return pr__error_set(r->err, PR_ENOMEM, "out of memory");
	r->acur = r->gcur;
	if (next_field(r, &f) && f.len > 0) {
		if (f.len == 3) {
			memcpy(code, f.p, 3);
			code[3] = '\0';
			r->acur = pr_currency_find(code);
		}
		if (f.len != 3 || r->acur == NULL)
			return fail_at(r, &f, "unknown currency '%s'",
				       quote(q, sizeof(q), &f));
	}
	mpz_set_ui(r->account_total, 0);
	r->account_records = r->n;
	r->group_records += r->n;
	r->file_records += r->n;
	r->state = S_ACCOUNT;
	while (next_field(r, &f)) {
		if (f.len == 0) {
			/* a defaulted type code ("03,5765432,,,,,/"): its
			 * amount, item count and funds type are too */
			for (k = 0; k < 3 && more_in_segment(r); k++) {
				next_field(r, &a);
				if (a.len > 0)
					return fail_at(r, &a, "'%s' after an "
						       "empty type code",
						       quote(q, sizeof(q),
							     &a));
			}
			continue;
		}
		rc = type_code(r, &f, &tc);
		if (rc != PR_OK)
			return rc;
		if (tc.code == 890)
			return fail_at(r, &f, "type code 890 (non-monetary "
				       "information) belongs in a 16 record");
		if (!next_field(r, &a))
			return fail_end(r, "account identifier (03) ends "
					"before the amount of type code %03u",
					tc.code);
		rc = amount(r, &a, 1, r->amount, &present);
		if (rc != PR_OK)
			return rc;
		mpz_add(r->account_total, r->account_total, r->amount);
		if (tc.code == 10 && present) {
			has_open = 1;
			mpz_set(r->stmt.opening, r->amount);
		} else if (tc.code == 15 && present) {
			has_close = 1;
			mpz_set(r->stmt.closing, r->amount);
		}
		/* item count and funds type; a record that stops here has
		 * them defaulted */
		if (!next_field(r, &a))
			break;
		rc = count(r, &a, NULL, &items);
		if (rc != PR_OK)
			return rc;
		if (!next_field(r, &a))
			break;
		rc = funds_type(r, &a, &hv, &vd);
		if (rc != PR_OK)
			return rc;
	}
	if (has_open && has_close) {
		r->stmt.line = r->segs[0].line;
		r->stmt.account = r->account;
		r->stmt.currency = r->acur->code;
		r->stmt.start = r->asof;
		r->stmt.end = r->asof;
		rc = r->sink->statement(&r->stmt, r->sink->payload, r->err);
		if (rc != PR_OK)
			return rc;
		r->statements++;
	}
	return PR_OK;
}

/*
 * 16: type code, amount, funds type (and its fields), bank reference,
 * customer reference and text, which runs to the end of the record and
 * on through its 88s. A credit code makes a positive row, a debit code a
 * negative one; 890 (non-monetary information) makes none.
 */
static int
transaction_detail(struct rd *r)
{
	struct field f, bank, cust;
	struct bai2_code tc;
	size_t len = 0, i, dlen;
	int rc, present, hv = 0;
	pr_date vd = 0;

	if (r->state != S_ACCOUNT)
		return fail(r, r->segs[0].line, r->segs[0].col - 3,
			    "transaction detail (16) outside an account: no "
			    "account identifier (03) before it");
	r->account_records += r->n;
	r->group_records += r->n;
	r->file_records += r->n;
	rc = need(r, &f, "type code");
	if (rc == PR_OK)
		rc = type_code(r, &f, &tc);
	if (rc != PR_OK)
		return rc;
	if (tc.kind == 'N' && tc.code != 890)
		return fail_at(r, &f, "type code %03u (%s) is an account "
			       "status; a 16 record reports a transaction",
			       tc.code, tc.meaning);
	rc = need(r, &f, "amount");
	if (rc == PR_OK)
		rc = amount(r, &f, 0, r->row.amount, &present);
	if (rc != PR_OK)
		return rc;
	if (!present && tc.code != 890)
		return fail_at(r, &f, "empty amount: a transaction of type "
			       "code %03u needs one", tc.code);
	mpz_add(r->account_total, r->account_total, r->row.amount);
	bank.len = cust.len = 0;
	bank.p = cust.p = "";
	if (next_field(r, &f)) {
		rc = funds_type(r, &f, &hv, &vd);
		if (rc != PR_OK)
			return rc;
		if (next_field(r, &bank))
			(void)next_field(r, &cust);
	}
	/* the text: the rest of this segment and every one after it */
	dlen = strlen(tc.meaning);
	rc = text_reserve(r, r->slen + dlen + 64 + bank.len + cust.len +
			  r->nseg);
	if (rc != PR_OK)
		return rc;
	len = (size_t)snprintf(r->tbuf, r->tcap, "%03u %s", tc.code,
			       tc.meaning);
	{
		size_t start = len + 2;

		memcpy(r->tbuf + len, ": ", 2);
		len += 2;
		if (more_in_segment(r)) {
			const struct seg *s = &r->segs[r->ci];

			text_add(r, start, &len, r->sbuf + s->off + r->cpos,
				 s->len - r->cpos);
		}
		for (i = r->ci + 1; i < r->nseg; i++)
			text_add(r, start, &len, r->sbuf + r->segs[i].off,
				 r->segs[i].len);
		if (len == start)
			len -= 2;
	}
	r->tbuf[len++] = '\0';
	r->row.description = r->tbuf;
	r->row.reference = r->tbuf + len;
	r->tbuf[len] = '\0';
	if (bank.len > 0)
		len += (size_t)snprintf(r->tbuf + len, r->tcap - len,
					"bank:%.*s", (int)bank.len, bank.p);
	if (cust.len > 0)
		len += (size_t)snprintf(r->tbuf + len, r->tcap - len,
					"%scustomer:%.*s",
					bank.len > 0 ? " " : "",
					(int)cust.len, cust.p);
	if (tc.code == 890)
		return PR_OK;
	if (tc.kind == 'D')
		mpz_neg(r->row.amount, r->row.amount);
	r->row.line = r->segs[0].line;
	r->row.record = r->rows + 1;
	r->row.account = r->account;
	r->row.currency = r->acur->code;
	r->row.date = r->asof;
	r->row.has_value_date = hv;
	r->row.value_date = vd;
	rc = r->sink->row(&r->row, r->sink->payload, r->err);
	if (rc != PR_OK)
		return rc;
	r->rows++;
	return PR_OK;
}

/* A trailer's control total: signed, empty is 0. */
static int
check_total(struct rd *r, const struct field *f, const mpz_t sum,
	    const char *what, const char *of)
{
	char *a, *b;
	int rc;

	rc = amount(r, f, 1, r->amount, NULL);
	if (rc != PR_OK || mpz_cmp(r->amount, sum) == 0)
		return rc;
	a = pr__malloc(mpz_sizeinbase(r->amount, 10) + 2);
	b = pr__malloc(mpz_sizeinbase(sum, 10) + 2);
	if (a == NULL || b == NULL) {
		rc = pr__error_set(r->err, PR_ENOMEM, "out of memory");
	} else {
		mpz_get_str(a, 10, r->amount);
		mpz_get_str(b, 10, sum);
		rc = fail_at(r, f, "%s control total %s does not match %s, "
			     "%s", what, a, of, b);
	}
	pr__free(a);
	pr__free(b);
	return rc;
}

static int
check_count(struct rd *r, const struct field *f, unsigned long have,
	    const char *what, const char *unit)
{
	unsigned long n;
	int rc;

	rc = count(r, f, unit, &n);
	if (rc == PR_OK && n != have)
		rc = fail_at(r, f, "%s counts %lu %s; %s %lu", what, n, unit,
			     have == 1 ? "there is" : "there are", have);
	return rc;
}

static int
account_trailer(struct rd *r)
{
	struct field f;
	int rc;

	if (r->state != S_ACCOUNT)
		return fail(r, r->segs[0].line, r->segs[0].col - 3,
			    "account trailer (49) with no account "
			    "identifier (03) before it");
	r->account_records += r->n;
	r->group_records += r->n;
	r->file_records += r->n;
	rc = need(r, &f, "account control total");
	if (rc == PR_OK)
		rc = check_total(r, &f, r->account_total, "account",
				 "the sum of the account's 03 and 16 "
				 "amounts");
	if (rc == PR_OK)
		rc = need(r, &f, "number of records");
	if (rc == PR_OK)
		rc = check_count(r, &f, r->account_records, "account trailer",
				 "records");
	if (rc == PR_OK)
		rc = no_more(r, 3);
	mpz_add(r->group_total, r->group_total, r->account_total);
	r->accounts++;
	r->state = S_GROUP;
	return rc;
}

static int
group_trailer(struct rd *r)
{
	struct field f;
	int rc;

	if (r->state == S_ACCOUNT)
		return fail(r, r->segs[0].line, r->segs[0].col - 3,
			    "group trailer (98) inside the account of line "
			    "%lu: no account trailer (49) before it",
			    r->account_line);
	if (r->state != S_GROUP)
		return fail(r, r->segs[0].line, r->segs[0].col - 3,
			    "group trailer (98) with no group header (02) "
			    "before it");
	r->group_records += r->n;
	r->file_records += r->n;
	rc = need(r, &f, "group control total");
	if (rc == PR_OK)
		rc = check_total(r, &f, r->group_total, "group",
				 "the sum of its account control totals");
	if (rc == PR_OK)
		rc = need(r, &f, "number of accounts");
	if (rc == PR_OK)
		rc = check_count(r, &f, r->accounts, "group trailer",
				 "accounts");
	if (rc == PR_OK)
		rc = need(r, &f, "number of records");
	if (rc == PR_OK)
		rc = check_count(r, &f, r->group_records, "group trailer",
				 "records");
	if (rc == PR_OK)
		rc = no_more(r, 4);
	mpz_add(r->file_total, r->file_total, r->group_total);
	r->groups++;
	r->state = S_FILE;
	return rc;
}

static int
file_trailer(struct rd *r)
{
	struct field f;
	int rc;

	if (r->state == S_GROUP || r->state == S_ACCOUNT)
		return fail(r, r->segs[0].line, r->segs[0].col - 3,
			    "file trailer (99) inside the group of line %lu: "
			    "no %s before it", r->group_line,
			    r->state == S_ACCOUNT ? "account trailer (49)" :
			    "group trailer (98)");
	r->file_records += r->n;
	rc = need(r, &f, "file control total");
	if (rc == PR_OK)
		rc = check_total(r, &f, r->file_total, "file",
				 "the sum of its group control totals");
	if (rc == PR_OK)
		rc = need(r, &f, "number of groups");
	if (rc == PR_OK)
		rc = check_count(r, &f, r->groups, "file trailer", "groups");
	if (rc == PR_OK)
		rc = need(r, &f, "number of records");
	if (rc == PR_OK)
		rc = check_count(r, &f, r->file_records, "file trailer",
				 "records");
	if (rc == PR_OK)
		rc = no_more(r, 4);
	r->state = S_DONE;
	return rc;
}

/* Read the logical record gathered so far, then forget it. */
static int
flush(struct rd *r)
{
	int rc;

	if (r->code == 0)
		return PR_OK;
	r->ci = 0;
	r->cpos = 0;
	switch (r->code) {
	case 1:
		rc = file_header(r);
		break;
	case 2:
		rc = group_header(r);
		break;
	case 3:
		rc = account_identifier(r);
		break;
	case 16:
		rc = transaction_detail(r);
		break;
	case 49:
		rc = account_trailer(r);
		break;
	case 98:
		rc = group_trailer(r);
		break;
	default:
		rc = file_trailer(r);
		break;
	}
	r->code = 0;
	r->n = 0;
	r->nseg = 0;
	r->slen = 0;
	return rc;
}

static int
add_seg(struct rd *r, const char *p, size_t len, unsigned long line,
	unsigned long col)
{
	if (r->nseg == r->segcap) {
		if (r->nseg >= MAX_SEGS)
			return fail(r, line, col, "%s continues over more than "
				    "%d records", record_name(r->code),
				    MAX_SEGS);
		if (pr__grow((void **)&r->segs, &r->segcap, r->nseg + 1,
			     sizeof(*r->segs)) != PR_OK)
			return pr__error_set(r->err, PR_ENOMEM,
					     "out of memory");
	}
	if (r->slen + len > MAX_RECORD)
		return fail(r, line, col, "%s longer than %lu bytes",
			    record_name(r->code), MAX_RECORD);
	/* allocated even for an empty first segment ("01,/"): the field
	 * reader points into it (NULL + 0 is undefined; found by fuzzing) */
	if (r->sbuf == NULL || r->slen + len > r->scap) {
		size_t cap = r->scap ? r->scap : 4096;
		char *b;

		while (cap < r->slen + len)
			cap *= 2;
		b = pr__realloc(r->sbuf, cap);
		if (b == NULL)
			return pr__error_set(r->err, PR_ENOMEM,
					     "out of memory");
		r->sbuf = b;
		r->scap = cap;
	}
	memcpy(r->sbuf + r->slen, p, len);
	r->segs[r->nseg].off = r->slen;
	r->segs[r->nseg].len = len;
	r->segs[r->nseg].line = line;
	r->segs[r->nseg].col = col;
	r->nseg++;
	r->slen += len;
	return PR_OK;
}

/* The record code at p ("NN,"), or -1. */
static int
code_at(const char *p, const char *end)
{
	if (end - p < 3 || !digit(p[0]) || !digit(p[1]) || p[2] != ',')
		return -1;
	return (p[0] - '0') * 10 + (p[1] - '0');
}

static int
known_code(int c)
{
	return c == 1 || c == 2 || c == 3 || c == 16 || c == 49 || c == 88 ||
	       c == 98 || c == 99;
}

/*
 * Where a record's text starting at p ends: at the end of the line, or at
 * a '/' followed by blanks and then the end of the line or the next
 * record's code. *next is where the next record starts (or end).
 */
static const char *
text_end(const char *p, const char *end, const char **next)
{
	const char *s, *t;

	for (s = p; s < end; s++) {
		s = memchr(s, '/', (size_t)(end - s));
		if (s == NULL)
			break;
		t = s + 1;
		while (t < end && blank(*t))
			t++;
		if (t == end || known_code(code_at(t, end))) {
			*next = t;
			return s;
		}
	}
	*next = end;
	return end;
}

/* One physical line (without its line end). */
static int
line(struct rd *r, const char *p, size_t len, unsigned long ln)
{
	const char *start = p, *end = p + len, *first, *e, *next;
	char q[64];
	int c, rc;

	while (p < end && blank(*p))
		p++;
	if (p == end)
		return PR_OK;   /* a blank line */
	first = p;
	while (p < end) {
		c = code_at(p, end);
		if (c < 0 && p == first && r->code == 16) {
			/* a 16's text running on to a line of its own,
			 * without an 88 (some banks wrap long text so) */
			e = text_end(p, end, &next);
			rc = add_seg(r, p, (size_t)(e - p), ln,
				     (unsigned long)(p - start) + 1);
			if (rc != PR_OK)
				return rc;
			p = next;
			continue;
		}
		if (c == 88 && r->code == 0)
			return fail(r, ln, (unsigned long)(p - start) + 1,
				    "continuation (88) with no record before "
				    "it to continue");
		if (r->state == S_START && r->code == 0 && c != 1)
			return fail(r, ln, (unsigned long)(p - start) + 1,
				    "not a BAI2 file: expected the file "
				    "header '01,'; found '%s'",
				    pr__quote(q, sizeof(q), p,
					      (size_t)(end - p)));
		if (c < 0)
			return fail(r, ln, (unsigned long)(p - start) + 1,
				    "expected a record code (01, 02, 03, 16, "
				    "49, 88, 98 or 99); found '%s'",
				    pr__quote(q, sizeof(q), p,
					      (size_t)(end - p)));
		if (!known_code(c))
			return fail(r, ln, (unsigned long)(p - start) + 1,
				    "unknown record code '%c%c'", p[0], p[1]);
		if (c == 88) {
			if (r->code == 0)
				return fail(r, ln, (unsigned long)(p - start) +
					    1, "continuation (88) with no "
					    "record before it to continue");
		} else {
			rc = flush(r);
			if (rc != PR_OK)
				return rc;
			if (r->state == S_START && c != 1)
				return fail(r, ln, (unsigned long)(p - start) +
					    1, "expected the file header (01) "
					    "first; found a %s",
					    record_name(c));
			if (r->state == S_DONE)
				return fail(r, ln, (unsigned long)(p - start) +
					    1, "%s after the file trailer (99)",
					    record_name(c));
			r->code = c;
		}
		r->n++;
		p += 3;
		if (r->code == 16) {
			e = text_end(p, end, &next);
		} else {
			e = memchr(p, '/', (size_t)(end - p));
			if (e == NULL) {
				e = end;
				next = end;
			} else {
				next = e + 1;
				while (next < end && blank(*next))
					next++;
			}
		}
		rc = add_seg(r, p, (size_t)(e - p), ln,
			     (unsigned long)(p - start) + 1);
		if (rc != PR_OK)
			return rc;
		p = next;
	}
	return PR_OK;
}

/*
 * Read the file in chunks, hashing them, and cut it into lines; each line
 * is cut into records. A logical record is read when the next one (not
 * an 88) starts, or at the end of the file.
 */
int
pr__bai2_read(const char *path, const char *name,
	      const pr_import_options *o, const pr__import_sink *sink,
	      pr__read_info *info, pr_error *err)
{
	struct rd r;
	pr_sha256 *h = NULL;
	FILE *fp;
	char *lbuf = NULL, *chunk = NULL;
	size_t llen = 0, lcap = 0, n, i, from;
	uint64_t total = 0, fsize = 0, next_progress = 1 << 20;
	unsigned long ln = 0;
	int rc, first = 1;

	memset(&r, 0, sizeof(r));
	r.name = name;
	r.sink = sink;
	r.err = err;
	mpz_inits(r.file_total, r.group_total, r.account_total, r.amount,
		  r.row.amount, r.row.balance, r.stmt.opening, r.stmt.closing,
		  NULL);
	r.stmt.source = "statement";
	fp = fopen(path, "rb");
	if (fp == NULL) {
		rc = pr__error_sys(err, errno == ENOENT ? PR_ENOTFOUND :
				   PR_EIO, errno, name, NULL);
		goto done;
	}
	if (o != NULL && o->progress != NULL &&
	    fseek(fp, 0, SEEK_END) == 0) {
		long e = ftell(fp);

		fsize = e > 0 ? (uint64_t)e : 0;
		rewind(fp);
	}
	rc = pr_sha256_new(&h, err);
	if (rc == PR_OK) {
		chunk = pr__malloc(CHUNK);
		if (chunk == NULL)
			rc = pr__error_set(err, PR_ENOMEM, "out of memory");
	}
	while (rc == PR_OK && (n = fread(chunk, 1, CHUNK, fp)) > 0) {
		const char *s = chunk;
		const char *nl, *z;

		pr_sha256_update(h, chunk, n);
		total += n;
		z = memchr(chunk, '\0', n);
		if (z != NULL) {
			/* the line and column of the NUL byte */
			const char *t;
			unsigned long zl = ln + 1, zc = llen + 1;

			for (t = chunk; t < z; t++) {
				if (*t == '\n') {
					zl++;
					zc = 1;
				} else {
					zc++;
				}
			}
			rc = fail(&r, zl, zc, "NUL byte: this is not a text "
				  "file");
			break;
		}
		if (first) {
			first = 0;
			if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
				s += 3;
				n -= 3;
			}
		}
		from = 0;
		while (rc == PR_OK && from < n) {
			nl = memchr(s + from, '\n', n - from);
			i = nl != NULL ? (size_t)(nl - s) : n;
			if (llen == 0 && nl != NULL) {
				/* the whole line is in the chunk */
				size_t l = i - from;

				if (l > 0 && s[from + l - 1] == '\r')
					l--;
				rc = line(&r, s + from, l, ++ln);
				from = i + 1;
				continue;
			}
			if (llen + (i - from) > MAX_LINE) {
				rc = fail(&r, ln + 1, 1, "line longer than "
					  "%lu bytes: not a BAI2 file?",
					  MAX_LINE);
				break;
			}
			if (llen + (i - from) > lcap) {
				size_t cap = lcap ? lcap : 4096;
				char *b;

				while (cap < llen + (i - from))
					cap *= 2;
				b = pr__realloc(lbuf, cap);
				if (b == NULL) {
					rc = pr__error_set(err, PR_ENOMEM,
							   "out of memory");
					break;
				}
				lbuf = b;
				lcap = cap;
			}
			memcpy(lbuf + llen, s + from, i - from);
			llen += i - from;
			from = i + 1;
			if (nl != NULL) {
				if (llen > 0 && lbuf[llen - 1] == '\r')
					llen--;
				rc = line(&r, lbuf, llen, ++ln);
				llen = 0;
			}
		}
		if (rc == PR_OK && o != NULL && o->progress != NULL &&
		    total >= next_progress) {
			o->progress(total, fsize, o->payload);
			next_progress = total + (1 << 20);
		}
	}
	if (rc == PR_OK && ferror(fp))
		rc = pr__error_sys(err, PR_EIO, errno, name, "read");
	if (rc == PR_OK && llen > 0) {
		if (lbuf[llen - 1] == '\r')
			llen--;
		rc = line(&r, lbuf, llen, ++ln);
	}
	if (rc == PR_OK)
		rc = flush(&r);
	if (rc == PR_OK && r.state != S_DONE) {
		if (r.state == S_START)
			rc = pr__error_set(err, PR_EPARSE, "%s: empty file: no "
					   "BAI2 file header (01)", name);
		else if (r.state == S_ACCOUNT)
			rc = fail(&r, ln + 1, 1, "the file ends inside the "
				  "account of line %lu (no account trailer "
				  "49, group trailer 98 or file trailer 99): "
				  "it is cut short", r.account_line);
		else if (r.state == S_GROUP)
			rc = fail(&r, ln + 1, 1, "the file ends inside the "
				  "group of line %lu (no group trailer 98 or "
				  "file trailer 99): it is cut short",
				  r.group_line);
		else
			rc = fail(&r, ln + 1, 1, "the file ends without its "
				  "file trailer (99): it is cut short");
	}
	if (rc == PR_OK) {
		pr_sha256_final_hex(h, info->sha256);
		info->size = total;
		info->records = r.rows;
		info->statements = r.statements;
		if (o != NULL && o->progress != NULL)
			o->progress(total, fsize, o->payload);
	}
done:
	if (fp != NULL)
		fclose(fp);
	pr_sha256_free(h);
	pr__free(chunk);
	pr__free(lbuf);
	pr__free(r.sbuf);
	pr__free(r.segs);
	pr__free(r.tbuf);
	pr__free(r.account);
	mpz_clears(r.file_total, r.group_total, r.account_total, r.amount,
		   r.row.amount, r.row.balance, r.stmt.opening,
		   r.stmt.closing, NULL);
	return rc;
}

/*
 * A BAI2 file starts with its file header record: "01," and at least
 * the eight commas of its nine fields before the end of the record ('/')
 * or of the line, so that a CSV whose first cell happens to be 01 is not
 * taken for one.
 */
int
pr__bai2_probe(const char *head, size_t len)
{
	size_t i = 0, commas = 0;

	if (len >= 3 && memcmp(head, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len && (head[i] == ' ' || head[i] == '\r' ||
			   head[i] == '\n'))
		i++;
	if (len - i < 3 || memcmp(head + i, "01,", 3) != 0)
		return 0;
	for (; i < len && head[i] != '/' && head[i] != '\n'; i++)
		commas += head[i] == ',';
	return commas >= 8;
}
