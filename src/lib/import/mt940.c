/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * SWIFT MT940 customer statements and MT942 interim transaction reports,
 * read line by line (memory does not grow with the file). Each entry
 * (:61: and its :86:) becomes a bank row; each statement, its
 * continuation pages (:60M: ... :62M:) joined, becomes a statement
 * period. The choices are in docs/formats.md ("MT940 / MT942").
 */
#include "config.h"
#include "common.h"
#include "import.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define MAX_LINE  65536         /* one physical line */
#define MAX_FIELD (1UL << 20)   /* one field with its continuation lines */

/* A growable text with a hard cap. */
struct text {
	char *s;
	size_t len, cap;
};

/* The statement period being built: the first page's opening, the last
 * page's closing. */
struct period {
	int open;               /* an opening balance was read */
	int closed;             /* ... and a closing one (62F or 62M) */
	int final;              /* the closing is a 62F */
	unsigned long line;     /* the :60F:/:60M: of the first page */
	pr_date odate, cdate;
	int on_odate;           /* an entry is dated on the opening date */
	mpz_t opening, closing;
	char account[256];
	char currency[4];
};

struct rd {
	const char *name;
	pr_error *err;
	const pr__import_sink *sink;
	unsigned long line;     /* the line being read */
	uint64_t records, statements;

	/* the statement */
	int in_stmt;
	unsigned long stmt_line;
	int has_account;
	char account[256];
	char acct_ccy[4];       /* a currency suffix of :25:, or "" */
	const pr_currency *cur; /* from :60a: or :34F: */
	int interim;            /* :34F:, :13D: or :90a: seen (MT942) */
	int opened, closed;     /* :60a: and :62a: seen */
	int after_close;        /* :62a: seen: :86: is for the owner */
	unsigned long close_line;

	/* the field being read */
	char tag[8];            /* "" when none */
	unsigned long fline;    /* its first line */
	size_t tlen;            /* length of ":TAG:" */
	struct text f;          /* lines joined by '\n', tag left out */

	/* the entry being built */
	int has_entry;
	pr__bank_row row;
	struct text ref, supp, info, desc, cparty, cacct;

	struct period per;
};

static int
digit(char c)
{
	return (unsigned char)c >= '0' && (unsigned char)c <= '9';
}

static int
upper(char c)
{
	return (unsigned char)c >= 'A' && (unsigned char)c <= 'Z';
}

static int
text_put(struct text *t, const char *s, size_t n)
{
	if (t->len + n + 1 > t->cap) {
		size_t ncap = t->cap ? t->cap : 256;
		char *ns;

		while (ncap < t->len + n + 1)
			ncap *= 2;
		if (ncap > MAX_FIELD + 1)
			return -1;
		ns = pr__realloc(t->s, ncap);
		if (ns == NULL)
			return -2;
		t->s = ns;
		t->cap = ncap;
	}
	memcpy(t->s + t->len, s, n);
	t->len += n;
	t->s[t->len] = '\0';
	return 0;
}

static void
text_clear(struct text *t)
{
	t->len = 0;
	if (t->s != NULL)
		t->s[0] = '\0';
}

static const char *
text_str(const struct text *t)
{
	return t->s != NULL ? t->s : "";
}

/* PR_EPARSE at line, column (1-based bytes). */
static int
fail(struct rd *r, unsigned long line, unsigned long col, const char *fmt,
     ...) PR__PRINTF(4, 5);

static int
fail(struct rd *r, unsigned long line, unsigned long col, const char *fmt,
     ...)
{
	char msg[256];
	pr_loc loc;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	memset(&loc, 0, sizeof(loc));
	snprintf(loc.path, sizeof(loc.path), "%s", r->name);
	loc.line = line;
	loc.column = col;
	return pr__error_at(r->err, PR_EPARSE, &loc, "%s", msg);
}

/* An error about the current field at byte p of its first line. */
static int
ffail(struct rd *r, const char *p, const char *fmt, const char *a,
      const char *b)
{
	unsigned long col = (unsigned long)(p - r->f.s) + r->tlen + 1;

	return fail(r, r->fline, col, fmt, a ? a : "", b ? b : "");
}

static int
nomem(struct rd *r)
{
	return pr__error_set(r->err, PR_ENOMEM, "out of memory");
}

/* The length of the valid UTF-8 prefix of s[0..n). */
static size_t
utf8_ok(const unsigned char *s, size_t n)
{
	size_t i = 0, k, need;
	unsigned long cp;

	while (i < n) {
		unsigned char c = s[i];

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			need = 1;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			need = 2;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			need = 3;
			cp = c & 0x07;
		} else {
			return i;
		}
		for (k = 1; k <= need; k++) {
			if (i + k >= n || (s[i + k] & 0xC0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((need == 2 && (cp < 0x800 || (cp >= 0xD800 &&
						  cp <= 0xDFFF))) ||
		    (need == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
			return i;
		i += need + 1;
	}
	return n;
}

/*
 * An amount: digits, then a decimal comma and digits. SWIFT writes
 * "3700," for 3700.00 and never a sign, a point or a thousands
 * separator; a few banks (Knab) leave the comma out of a whole amount,
 * which is read as whole units. *end_out gets where the amount ends; the
 * caller checks what follows.
 */
static int
amount(struct rd *r, const char *p, const char *end, const char *what,
       mpz_t out, const char **end_out)
{
	const char *s = p, *comma = NULL;
	pr_money_style st = { ',', 0, PR_EXCESS_REJECT };
	char q[64];
	size_t n;
	pr_error me;

	while (s < end && (digit(*s) || (*s == ',' && comma == NULL))) {
		if (*s == ',')
			comma = s;
		s++;
	}
	n = (size_t)(s - p);
	if (n == 0)
		return ffail(r, p, "%s has no amount%s", what, NULL);
	{
		/* the amount as written, and what runs on from it */
		const char *qe = p;

		while (qe < end && qe - p < 24 &&
		       (digit(*qe) || *qe == ',' || *qe == '.' ||
			*qe == 'E' || *qe == 'e' || *qe == '+' || *qe == '-'))
			qe++;
		pr__quote(q, sizeof(q), p, (size_t)(qe - p));
	}
	if (*p == ',')
		return ffail(r, p, "amount '%s' has no digits before the "
			     "decimal comma%s", q, NULL);
	if (s < end && *s == ',')
		return ffail(r, s, "amount '%s' has two decimal commas%s", q,
			     NULL);
	if (s < end && *s == '.')
		return ffail(r, s, "amount '%s' has a '.'; SWIFT amounts use "
			     "a decimal comma%s", q, NULL);
	if (s + 1 < end && (*s == 'E' || *s == 'e') &&
	    (digit(s[1]) || s[1] == '+' || s[1] == '-'))
		return ffail(r, s, "amount '%s' has an exponent%s", q, NULL);
	if (n > 32)
		return ffail(r, p, "amount '%s' has more than 32 digits%s",
			     q, NULL);
	if (comma != NULL && comma == s - 1)
		n--;            /* "3700," */
	pr_error_clear(&me);
	if (pr_money_parse(out, p, n, r->cur->minor, &st, &me) != PR_OK)
		return ffail(r, p, "%s%s", me.msg, NULL);
	*end_out = s;
	return PR_OK;
}

/* YYMMDD at p into out (YY 00-68 is 20YY, 69-99 19YY). */
static int
date6(struct rd *r, const char *p, const char *end, const char *what,
      pr_date *out)
{
	char q[16];
	pr_error de;
	int i;

	for (i = 0; i < 6; i++)
		if (p + i >= end || !digit(p[i]))
			return ffail(r, p, "%s has no date YYMMDD%s", what,
				     NULL);
	pr_error_clear(&de);
	if (pr_date_parse(out, p, 6, "YYMMDD", &de) != PR_OK) {
		pr__quote(q, sizeof(q), p, 6);
		if (p[2] == '0' && p[3] == '2' && p[4] == '3' &&
		    (p[5] == '0' || p[5] == '1'))
			return ffail(r, p, "%s date '%s' does not exist (a "
				     "30 February some German banks write "
				     "for a closing entry; no date is "
				     "guessed)", what, q);
		return ffail(r, p, "%s date '%s' does not exist", what, q);
	}
	return PR_OK;
}

/*
 * The currency code at p (3 letters); it must be a known one and agree
 * with the statement's currency when there is one.
 */
static int
currency(struct rd *r, const char *p, const char *end, const char *what,
	 const pr_currency **out)
{
	char code[4];
	const pr_currency *c;

	if (end - p < 3 || !upper(p[0]) || !upper(p[1]) || !upper(p[2]))
		return ffail(r, p, "%s has no currency code; expected 3 "
			     "letters%s", what, NULL);
	memcpy(code, p, 3);
	code[3] = '\0';
	c = pr_currency_find(code);
	if (c == NULL)
		return ffail(r, p, "unknown currency '%s'%s", code, NULL);
	if (r->acct_ccy[0] != '\0' && strcmp(r->acct_ccy, code) != 0)
		return ffail(r, p, "currency %s differs from the account's "
			     "%s in :25:", code, r->acct_ccy);
	if (r->cur != NULL && r->cur != c)
		return ffail(r, p, "currency %s differs from the statement's "
			     "%s", code, r->cur->code);
	*out = c;
	return PR_OK;
}

/* Only spaces from p to end. */
static int
trailing(struct rd *r, const char *p, const char *end, const char *what)
{
	char q[64];
	const char *s;

	for (s = p; s < end; s++)
		if (*s != ' ')
			return ffail(r, s, "unexpected text '%s' after the "
				     "%s", pr__quote(q, sizeof(q), s,
						     (size_t)(end - s)), what);
	return PR_OK;
}

/* The end of the first line of the field text. */
static const char *
first_line_end(struct rd *r)
{
	const char *nl = memchr(r->f.s, '\n', r->f.len);

	return nl != NULL ? nl : r->f.s + r->f.len;
}

/*
 * A balance field (:60F: :60M: :62F: :62M: :64: :65:): D or C, YYMMDD,
 * currency, amount. A debit balance is negative.
 */
static int
balance(struct rd *r, pr_date *date, mpz_t out)
{
	const char *p = r->f.s, *end = first_line_end(r), *e;
	char what[16];
	char q[8];
	int neg;
	int rc;

	snprintf(what, sizeof(what), ":%s:", r->tag);
	if (p >= end || (*p != 'C' && *p != 'D')) {
		pr__quote(q, sizeof(q), p, p < end ? 1 : 0);
		return ffail(r, p, "%s has no debit/credit mark; expected D "
			     "or C, found '%s'", what, q);
	}
	neg = *p == 'D';
	p++;
	rc = date6(r, p, end, what, date);
	if (rc != PR_OK)
		return rc;
	p += 6;
	rc = currency(r, p, end, what, &r->cur);
	if (rc != PR_OK)
		return rc;
	p += 3;
	rc = amount(r, p, end, what, out, &e);
	if (rc != PR_OK)
		return rc;
	if (neg)
		mpz_neg(out, out);
	return trailing(r, e, end, "amount");
}

static int
emit_period(struct rd *r)
{
	pr__statement_row s;
	pr_date start;
	int rc;

	start = r->per.odate < r->per.cdate && !r->per.on_odate ?
		r->per.odate + 1 : r->per.odate;
	memset(&s, 0, sizeof(s));
	s.line = r->per.line;
	s.account = r->per.account;
	s.currency = r->per.currency;
	s.start = start;
	s.end = r->per.cdate;
	mpz_init_set(s.opening, r->per.opening);
	mpz_init_set(s.closing, r->per.closing);
	s.source = "statement";
	rc = r->sink->statement(&s, r->sink->payload, r->err);
	mpz_clear(s.opening);
	mpz_clear(s.closing);
	r->per.open = 0;
	r->per.closed = 0;
	if (rc == PR_OK)
		r->statements++;
	return rc;
}

/*
 * The German structured :86: (DFÜ-Abkommen, "GVC?00...?20...", Triodos
 * writes '>' for '?'): a 3-digit code, then subfields of a separator and
 * 2 digits. The lines are joined as written (a subfield may wrap
 * anywhere, even inside its code). Returns 0 when the text is not
 * structured.
 */
static int
structured(struct rd *r, const char *t, size_t n)
{
	struct text j = { NULL, 0, 0 }, bank = { NULL, 0, 0 };
	const char *p, *end, *s;
	char sep;
	int code = -1;
	int rc = 1;
	size_t i = 0;

	while (i < n && t[i] == ' ')
		i++;
	if (n - i < 6 || !digit(t[i]) || !digit(t[i + 1]) ||
	    !digit(t[i + 2]))
		return 0;
	sep = t[i + 3];
	if (sep != '?' && sep != '>')
		return 0;
	/* the code may wrap: look through the newline */
	for (p = t + i; p < t + n; p++)
		if (*p != '\n' && text_put(&j, p, 1) != 0)
			goto oom;
	if (j.len < 6 || !digit(j.s[4]) || !digit(j.s[5])) {
		pr__free(j.s);
		return 0;
	}
	text_clear(&r->desc);
	text_clear(&r->cparty);
	text_clear(&r->cacct);
	p = j.s + 3;
	end = j.s + j.len;
	while (p < end) {
		if (*p == sep && end - p >= 3 && digit(p[1]) && digit(p[2])) {
			code = (p[1] - '0') * 10 + (p[2] - '0');
			p += 3;
			continue;
		}
		for (s = p + 1; s < end; s++)
			if (*s == sep && end - s >= 3 && digit(s[1]) &&
			    digit(s[2]))
				break;
		if ((code >= 20 && code <= 29) || (code >= 60 && code <= 63))
			rc = text_put(&r->desc, p, (size_t)(s - p));
		else if (code == 32 || code == 33)
			rc = text_put(&r->cparty, p, (size_t)(s - p));
		else if (code == 31)
			rc = text_put(&r->cacct, p, (size_t)(s - p));
		else if (code == 30)
			rc = text_put(&bank, p, (size_t)(s - p));
		else
			rc = 0;
		if (rc != 0)
			goto oom;
		p = s;
	}
	/* an IBAN is an account by itself; a national number needs its
	 * bank code, written as the German :25: writes it: BLZ/number */
	if (bank.len > 0 && r->cacct.len > 0 &&
	    !(r->cacct.len > 4 && upper(r->cacct.s[0]) &&
	      upper(r->cacct.s[1]) && digit(r->cacct.s[2]) &&
	      digit(r->cacct.s[3]))) {
		struct text a = { NULL, 0, 0 };

		if (text_put(&a, bank.s, bank.len) || text_put(&a, "/", 1) ||
		    text_put(&a, r->cacct.s, r->cacct.len)) {
			pr__free(a.s);
			goto oom;
		}
		pr__free(r->cacct.s);
		r->cacct = a;
	}
	pr__free(j.s);
	pr__free(bank.s);
	return 1;
oom:
	pr__free(j.s);
	pr__free(bank.s);
	return -1;
}

/* Trim spaces at both ends of t, in place. */
static void
trim(struct text *t)
{
	size_t a = 0;

	if (t->s == NULL)
		return;
	while (t->len > 0 && t->s[t->len - 1] == ' ')
		t->len--;
	while (a < t->len && t->s[a] == ' ')
		a++;
	memmove(t->s, t->s + a, t->len - a);
	t->len -= a;
	t->s[t->len] = '\0';
}

/*
 * Send the entry read so far: its description is the :86: text (its
 * lines joined by '\n', blanks at line ends and blank lines at the end
 * dropped), or for a structured :86: the purpose subfields; with no :86:
 * the :61: supplementary details.
 */
static int
flush_entry(struct rd *r)
{
	int rc;

	if (!r->has_entry)
		return PR_OK;
	r->has_entry = 0;
	text_clear(&r->desc);
	text_clear(&r->cparty);
	text_clear(&r->cacct);
	if (r->info.len > 0) {
		rc = structured(r, r->info.s, r->info.len);
		if (rc < 0)
			return nomem(r);
		if (rc == 0 || r->desc.len == 0) {
			/* whole text, lines trimmed at the end */
			const char *p = r->info.s, *end = p + r->info.len;
			const char *nl, *e;

			text_clear(&r->desc);
			while (p < end) {
				nl = memchr(p, '\n', (size_t)(end - p));
				if (nl == NULL)
					nl = end;
				e = nl;
				while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
					e--;
				if ((r->desc.len > 0 &&
				     text_put(&r->desc, "\n", 1)) ||
				    text_put(&r->desc, p, (size_t)(e - p)))
					return nomem(r);
				p = nl < end ? nl + 1 : end;
			}
			while (r->desc.len > 0 &&
			       r->desc.s[r->desc.len - 1] == '\n')
				r->desc.s[--r->desc.len] = '\0';
		}
		trim(&r->desc);
		trim(&r->cparty);
		trim(&r->cacct);
	} else if (r->supp.len > 0) {
		if (text_put(&r->desc, r->supp.s, r->supp.len))
			return nomem(r);
	}
	r->row.description = text_str(&r->desc);
	r->row.reference = text_str(&r->ref);
	r->row.counterparty = text_str(&r->cparty);
	r->row.counter_account = text_str(&r->cacct);
	r->row.account = r->account;
	r->row.currency = r->cur->code;
	return r->sink->row(&r->row, r->sink->payload, r->err);
}

/*
 * The entry date (MMDD) of a :61: is in the year that puts it nearest
 * the value date: an entry booked on 2 January for a value date of 31
 * December is in the next year, and the other way round.
 */
static int
entry_date(struct rd *r, const char *p, pr_date value, pr_date *out)
{
	int y, m, d, em, ed, k, found = 0;
	pr_date best = 0, c;
	char q[8];

	pr_date_to_ymd(value, &y, &m, &d);
	em = (p[0] - '0') * 10 + (p[1] - '0');
	ed = (p[2] - '0') * 10 + (p[3] - '0');
	for (k = -1; k <= 1; k++) {
		pr_error de;

		if (pr_date_from_ymd(&c, y + k, em, ed, &de) != PR_OK)
			continue;
		if (!found || (c > value ? c - value : value - c) <
			      (best > value ? best - value : value - best))
			best = c;
		found = 1;
	}
	if (!found)
		return ffail(r, p, ":61: entry date '%s' does not exist%s",
			     pr__quote(q, sizeof(q), p, 4), NULL);
	*out = best;
	return PR_OK;
}

/*
 * :61: value date YYMMDD, [entry date MMDD], mark (C, D, RC, RD),
 * [funds code: the currency's third letter], amount, transaction type
 * (N, F or S and 3 characters), customer reference, [//bank reference],
 * [supplementary details on the next line].
 */
static int
entry(struct rd *r)
{
	const char *p = r->f.s, *end = first_line_end(r), *e, *s;
	pr_date value;
	int sign;
	char q[64];
	int rc;

	if (!r->has_account)
		return ffail(r, p, ":61: before the account :25:%s%s", NULL,
			     NULL);
	if (r->cur == NULL)
		return ffail(r, p, ":61: before the opening balance :60F: "
			     "(or, in an MT942, :34F:)%s%s", NULL, NULL);
	if (r->after_close)
		return ffail(r, p, ":61: after the closing balance%s%s", NULL,
			     NULL);
	rc = flush_entry(r);
	if (rc != PR_OK)
		return rc;
	rc = date6(r, p, end, ":61: value", &value);
	if (rc != PR_OK)
		return rc;
	r->row.line = r->fline;
	r->row.has_value_date = 1;
	r->row.value_date = value;
	r->row.date = value;
	p += 6;
	if (end - p >= 4 && digit(p[0]) && digit(p[1]) && digit(p[2]) &&
	    digit(p[3])) {
		rc = entry_date(r, p, value, &r->row.date);
		if (rc != PR_OK)
			return rc;
		p += 4;
	}
	if (p < end && *p == 'R' && p + 1 < end &&
	    (p[1] == 'C' || p[1] == 'D')) {
		sign = p[1] == 'D' ? 1 : -1;    /* reversal of a debit */
		p += 2;
	} else if (p < end && (*p == 'C' || *p == 'D')) {
		sign = *p == 'C' ? 1 : -1;
		p++;
	} else {
		pr__quote(q, sizeof(q), p, p < end ? (size_t)(end - p) > 2 ?
			  2 : (size_t)(end - p) : 0);
		return ffail(r, p, ":61: has no debit/credit mark; expected "
			     "C, D, RC or RD, found '%s'%s", q, NULL);
	}
	if (p + 1 < end && upper(*p) && digit(p[1])) {
		if (*p != r->cur->code[2]) {
			char f[2] = { *p, '\0' };

			return ffail(r, p, ":61: funds code '%s' is not the "
				     "third letter of %s", f, r->cur->code);
		}
		p++;
	}
	rc = amount(r, p, end, ":61:", r->row.amount, &e);
	if (rc != PR_OK)
		return rc;
	if (sign < 0)
		mpz_neg(r->row.amount, r->row.amount);
	p = e;
	if (end - p < 4 || (*p != 'N' && *p != 'F' && *p != 'S'))
		return ffail(r, p, ":61: has no transaction type after the "
			     "amount; expected N, F or S and 3 characters, "
			     "found '%s'%s", pr__quote(q, sizeof(q), p,
						       (size_t)(end - p)), NULL);
	p += 4;
	text_clear(&r->ref);
	text_clear(&r->supp);
	text_clear(&r->info);
	/* customer reference [//bank reference], as written, trimmed */
	s = p;
	e = end;
	while (e > s && e[-1] == ' ')
		e--;
	if (text_put(&r->ref, s, (size_t)(e - s)) < 0)
		return nomem(r);
	{
		/* blanks before "//" go too */
		char *dd = strstr(text_str(&r->ref), "//");

		if (dd != NULL && dd > r->ref.s && dd[-1] == ' ') {
			char *b = dd;

			while (b > r->ref.s && b[-1] == ' ')
				b--;
			memmove(b, dd, strlen(dd) + 1);
			r->ref.len = strlen(r->ref.s);
		}
	}
	/* supplementary details: the following lines */
	p = end;
	while (p < r->f.s + r->f.len) {
		const char *nl;

		p++;
		nl = memchr(p, '\n', (size_t)(r->f.s + r->f.len - p));
		if (nl == NULL)
			nl = r->f.s + r->f.len;
		e = nl;
		while (e > p && e[-1] == ' ')
			e--;
		if (e > p && ((r->supp.len > 0 && text_put(&r->supp, " ", 1)) ||
			      text_put(&r->supp, p, (size_t)(e - p))))
			return nomem(r);
		p = nl;
	}
	if (r->per.open && r->row.date == r->per.odate)
		r->per.on_odate = 1;
	r->records++;
	r->row.record = (unsigned long)r->records;
	r->has_entry = 1;
	return PR_OK;
}

/*
 * :25: the account: an IBAN, a number, BANK/NUMBER; a currency suffix
 * ("1291.99.348EUR", ".../HUF") is taken off and must be the statement's
 * currency.
 */
static int
account(struct rd *r)
{
	const char *p = r->f.s, *end = first_line_end(r);
	size_t n;

	while (end > p && end[-1] == ' ')
		end--;
	n = (size_t)(end - p);
	if (n == 0)
		return ffail(r, p, ":25: has no account%s%s", NULL, NULL);
	r->acct_ccy[0] = '\0';
	if (n > 4 && upper(end[-1]) && upper(end[-2]) && upper(end[-3]) &&
	    (digit(end[-4]) || end[-4] == '/')) {
		char code[4] = { end[-3], end[-2], end[-1], '\0' };

		if (pr_currency_find(code) != NULL) {
			memcpy(r->acct_ccy, code, 4);
			n -= 3;
			if (end[-4] == '/')
				n--;
		}
	}
	if (n >= sizeof(r->account))
		return ffail(r, p, ":25: account is longer than 255 "
			     "bytes%s%s", NULL, NULL);
	memcpy(r->account, p, n);
	r->account[n] = '\0';
	r->has_account = 1;
	return PR_OK;
}

static int
opening(struct rd *r)
{
	pr_date d;
	mpz_t v;
	int rc;
	int cont;

	if (!r->has_account)
		return ffail(r, r->f.s, ":%s: before the account :25:%s",
			     r->tag, NULL);
	if (r->cur != NULL)
		return ffail(r, r->f.s, "second opening balance :%s: in one "
			     "statement%s", r->tag, NULL);
	mpz_init(v);
	rc = balance(r, &d, v);
	if (rc != PR_OK)
		goto done;
	/* a continuation page: the previous page ended with :62M: for this
	 * account and this balance */
	cont = r->tag[2] == 'M' && r->per.open && r->per.closed &&
	       !r->per.final && strcmp(r->per.account, r->account) == 0 &&
	       strcmp(r->per.currency, r->cur->code) == 0 &&
	       mpz_cmp(r->per.closing, v) == 0 && r->per.cdate == d;
	if (!cont && r->per.open && r->per.closed) {
		rc = emit_period(r);
		if (rc != PR_OK)
			goto done;
	}
	if (!cont) {
		r->per.open = 1;
		r->per.line = r->fline;
		r->per.odate = d;
		r->per.on_odate = 0;
		mpz_set(r->per.opening, v);
		memcpy(r->per.account, r->account, sizeof(r->account));
		memcpy(r->per.currency, r->cur->code, strlen(r->cur->code) + 1);
	}
	r->per.closed = 0;
	r->opened = 1;
done:
	mpz_clear(v);
	return rc;
}

static int
closing(struct rd *r)
{
	pr_date d;
	char a[16], b[16];
	int rc;

	if (r->cur == NULL || !r->per.open)
		return ffail(r, r->f.s, ":%s: before the opening balance "
			     ":60F:%s", r->tag, NULL);
	if (r->after_close)
		return ffail(r, r->f.s, "second closing balance :%s: in one "
			     "statement%s", r->tag, NULL);
	rc = flush_entry(r);
	if (rc != PR_OK)
		return rc;
	rc = balance(r, &d, r->per.closing);
	if (rc != PR_OK)
		return rc;
	if (d < r->per.odate) {
		pr_date_format(a, d);
		pr_date_format(b, r->per.odate);
		return ffail(r, r->f.s + 1, "closing date %s is before the "
			     "opening date %s", a, b);
	}
	r->per.cdate = d;
	r->per.closed = 1;
	r->per.final = r->tag[2] == 'F';
	r->after_close = 1;
	r->closed = 1;
	r->close_line = r->fline;
	if (r->per.final)
		return emit_period(r);
	return PR_OK;
}

/* :34F: floor limit (MT942): currency, [D or C], amount. */
static int
floor_limit(struct rd *r)
{
	const char *p = r->f.s, *end = first_line_end(r), *e;
	mpz_t v;
	int rc;

	rc = currency(r, p, end, ":34F:", &r->cur);
	if (rc != PR_OK)
		return rc;
	p += 3;
	if (p < end && (*p == 'D' || *p == 'C'))
		p++;
	mpz_init(v);
	rc = amount(r, p, end, ":34F:", v, &e);
	mpz_clear(v);
	if (rc != PR_OK)
		return rc;
	r->interim = 1;
	return trailing(r, e, end, "amount");
}

/* :90D: / :90C: (MT942): number of entries, currency, amount; checked
 * for form only. */
static int
entries_sum(struct rd *r)
{
	const char *p = r->f.s, *end = first_line_end(r), *e;
	const pr_currency *c = r->cur;
	mpz_t v;
	int rc;

	while (p < end && digit(*p))
		p++;
	if (p == r->f.s)
		return ffail(r, p, ":%s: has no number of entries%s", r->tag,
			     NULL);
	rc = currency(r, p, end, r->tag[2] == 'D' ? ":90D:" : ":90C:", &c);
	if (rc != PR_OK)
		return rc;
	if (r->cur == NULL)
		r->cur = c;
	p += 3;
	mpz_init(v);
	rc = amount(r, p, end, r->tag[2] == 'D' ? ":90D:" : ":90C:", v, &e);
	mpz_clear(v);
	if (rc != PR_OK)
		return rc;
	r->interim = 1;
	return trailing(r, e, end, "amount");
}

/* :13D: (MT942): YYMMDDhhmm and a UTC offset +hhmm or -hhmm. */
static int
datetime(struct rd *r)
{
	const char *p = r->f.s, *end = first_line_end(r);
	pr_date d;
	int i, rc;

	rc = date6(r, p, end, ":13D:", &d);
	if (rc != PR_OK)
		return rc;
	for (i = 6; i < 15; i++)
		if (p + i >= end || (i == 10 ? (p[i] != '+' && p[i] != '-') :
				     !digit(p[i])))
			return ffail(r, p + 6, ":13D: has no time hhmm and "
				     "offset +hhmm%s%s", NULL, NULL);
	r->interim = 1;
	return trailing(r, p + 15, end, "offset");
}

/* The end of a statement (a '-' line, the next :20:, a block or the end
 * of the file) at line: what it must have. */
static int
end_statement(struct rd *r, unsigned long line)
{
	int rc;

	if (!r->in_stmt)
		return PR_OK;
	rc = flush_entry(r);
	if (rc != PR_OK)
		return rc;
	if (r->opened && !r->closed)
		return fail(r, line, 1, "the statement from line %lu has no "
			    "closing balance :62F: (the file is cut short?)",
			    r->stmt_line);
	if (!r->opened && !r->interim)
		return fail(r, line, 1, "the statement from line %lu has no "
			    "opening balance :60F: and is no MT942 (no "
			    ":34F:)", r->stmt_line);
	r->in_stmt = 0;
	return PR_OK;
}

static int
start_statement(struct rd *r)
{
	r->in_stmt = 1;
	r->stmt_line = r->line;
	r->has_account = 0;
	r->account[0] = '\0';
	r->acct_ccy[0] = '\0';
	r->cur = NULL;
	r->interim = 0;
	r->opened = 0;
	r->closed = 0;
	r->after_close = 0;
	return PR_OK;
}

/* The field just read is complete: act on it. */
static int
field(struct rd *r)
{
	const char *t = r->tag;
	int rc = PR_OK;

	if (t[0] == '\0')
		return PR_OK;
	if (strcmp(t, "61") == 0)
		rc = entry(r);
	else if (strcmp(t, "86") == 0) {
		/* information for the entry before it; after the closing
		 * balance, or before any entry, for the account owner */
		if (r->has_entry) {
			int k = r->info.len > 0 ?
				text_put(&r->info, "\n", 1) : 0;

			if (k == 0)
				k = text_put(&r->info, r->f.s, r->f.len);
			if (k == -1)
				rc = ffail(r, r->f.s, ":86: of one entry is "
					   "longer than 1 MiB%s%s", NULL, NULL);
			else if (k != 0)
				rc = nomem(r);
		}
	} else if (strcmp(t, "25") == 0) {
		if (r->has_account)
			rc = ffail(r, r->f.s, "second account :25: in one "
				   "statement%s%s", NULL, NULL);
		else
			rc = account(r);
	} else if (strcmp(t, "60F") == 0 || strcmp(t, "60M") == 0) {
		rc = opening(r);
	} else if (strcmp(t, "62F") == 0 || strcmp(t, "62M") == 0) {
		rc = closing(r);
	} else if (strcmp(t, "64") == 0 || strcmp(t, "65") == 0) {
		/* available and forward balances: checked, not used */
		if (r->cur == NULL) {
			rc = ffail(r, r->f.s, ":%s: before the opening "
				   "balance :60F:%s", t, NULL);
		} else {
			mpz_t v;
			pr_date d;

			rc = flush_entry(r);
			r->after_close = 1;
			mpz_init(v);
			if (rc == PR_OK)
				rc = balance(r, &d, v);
			mpz_clear(v);
		}
	} else if (strcmp(t, "34F") == 0) {
		rc = floor_limit(r);
	} else if (strcmp(t, "13D") == 0) {
		rc = datetime(r);
	} else if (strcmp(t, "90D") == 0 || strcmp(t, "90C") == 0) {
		rc = flush_entry(r);
		if (rc == PR_OK)
			rc = entries_sum(r);
	}
	/* 20, 21, 28, 28C, 13, NS: references and numbers, not used */
	r->tag[0] = '\0';
	return rc;
}

/* The tags a statement may have; *cont: continuation lines allowed. */
static int
known_tag(const char *t, size_t n, int *cont)
{
	static const char *const tags[] = {
		"20", "21", "25", "28", "28C", "60F", "60M", "61", "86",
		"62F", "62M", "64", "65", "34F", "13", "13D", "90D", "90C",
		"NS"
	};
	size_t i;

	for (i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
		if (strlen(tags[i]) == n && memcmp(tags[i], t, n) == 0) {
			*cont = strcmp(tags[i], "61") == 0 ||
				strcmp(tags[i], "86") == 0 ||
				strcmp(tags[i], "NS") == 0;
			return 1;
		}
	}
	return 0;
}

/* A line ":TAG:" with a tag of 2-3 letters or digits: its length. */
static size_t
tag_at(const char *s, size_t n)
{
	size_t i;

	if (n < 4 || s[0] != ':')
		return 0;
	for (i = 1; i < n && i <= 4; i++) {
		if (s[i] == ':')
			return i >= 3 ? i + 1 : 0;
		if (!upper(s[i]) && !digit(s[i]))
			return 0;
	}
	return 0;
}

/* The statement's end mark: "-" alone or followed by '}' ("-}{5:}"),
 * "XXX" (ING) or control bytes (mBank's "-" ETX). */
static int
end_mark(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || s[0] != '-')
		return 0;
	if (n == 1 || s[1] == '}' || (n == 4 && memcmp(s, "-XXX", 4) == 0))
		return 1;
	for (i = 1; i < n; i++)
		if ((unsigned char)s[i] >= 0x20 && s[i] != ' ')
			return 0;
	return 1;
}

static int
blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 0;
	return 1;
}

/* One physical line, without its end. */
static int
line(struct rd *r, const char *s, size_t n)
{
	size_t tl, ok;
	int cont = 0;
	int rc;

	if (r->line == 1 && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
		s += 3;         /* a UTF-8 byte order mark */
		n -= 3;
	}
	if (memchr(s, '\0', n) != NULL)
		return fail(r, r->line, (unsigned long)
			    ((const char *)memchr(s, '\0', n) - s) + 1,
			    "NUL byte: this is not a text file");
	ok = utf8_ok((const unsigned char *)s, n);
	if (ok < n)
		return fail(r, r->line, (unsigned long)ok + 1, "byte 0x%02X "
			    "is not UTF-8; MT940 text is read as UTF-8 "
			    "(convert the file, e.g. iconv -f CP850 -t UTF-8)",
			    (unsigned char)s[ok]);
	tl = tag_at(s, n);
	if (tl > 0 && !known_tag(s + 1, tl - 2, &cont) &&
	    r->in_stmt && r->tag[0] != '\0') {
		int c2 = 0;

		known_tag(r->tag, strlen(r->tag), &c2);
		if (c2)
			tl = 0;         /* ":26:37" wrapped inside :86: */
	}
	if (tl > 0) {
		char t[8];

		memcpy(t, s + 1, tl - 2);
		t[tl - 2] = '\0';
		if (!known_tag(t, tl - 2, &cont)) {
			if (!r->in_stmt && strcmp(t, "940") == 0)
				return PR_OK;   /* Rabobank's ":940:" */
			return fail(r, r->line, 1, "unknown field ':%s:' in "
				    "an MT940 statement", t);
		}
		rc = field(r);
		if (rc != PR_OK)
			return rc;
		if (strcmp(t, "20") == 0) {
			rc = end_statement(r, r->line);
			if (rc != PR_OK)
				return rc;
			start_statement(r);
		} else if (!r->in_stmt) {
			return fail(r, r->line, 1, "':%s:' outside a "
				    "statement; expected ':20:' (transaction "
				    "reference) first", t);
		}
		memcpy(r->tag, t, sizeof(t));
		r->fline = r->line;
		r->tlen = tl;
		text_clear(&r->f);
		if (text_put(&r->f, s + tl, n - tl) != 0)
			return fail(r, r->line, 1, "field :%s: is longer "
				    "than %lu bytes", t, MAX_FIELD);
		return PR_OK;
	}
	if (end_mark(s, n) || (n > 0 && s[0] == '{')) {
		rc = field(r);
		if (rc == PR_OK)
			rc = end_statement(r, r->line);
		return rc;
	}
	if (!r->in_stmt)
		return PR_OK;   /* a bank's header lines, '$', SOH */
	if (r->tag[0] != '\0') {
		known_tag(r->tag, strlen(r->tag), &cont);
		if (cont) {
			rc = text_put(&r->f, "\n", 1);
			if (rc == 0)
				rc = text_put(&r->f, s, n);
			if (rc != 0)
				return fail(r, r->line, 1, "field :%s: is "
					    "longer than %lu bytes", r->tag,
					    MAX_FIELD);
			return PR_OK;
		}
	}
	if (blank(s, n) || (n == 1 && s[0] == '$'))
		return PR_OK;
	{
		char q[64];

		return fail(r, r->line, 1, "expected a field ':NNa:'; found "
			    "'%s'", pr__quote(q, sizeof(q), s, n));
	}
}

/* Where the file's last statement ends. */
static int
finish(struct rd *r)
{
	int rc;

	rc = field(r);
	if (rc == PR_OK)
		rc = end_statement(r, r->line);
	if (rc == PR_OK && r->per.open && r->per.closed)
		rc = emit_period(r);    /* the last page ended with :62M: */
	return rc;
}

int
pr__mt940_read(const char *path, const char *name,
	       const pr_import_options *o, const pr__import_sink *sink,
	       pr__read_info *info, pr_error *err)
{
	struct rd r;
	pr_sha256 *h = NULL;
	FILE *fp = NULL;
	char *buf = NULL, *lb = NULL;
	size_t got, llen = 0, i, start;
	uint64_t size = 0;
	int rc;

	(void)o;
	memset(&r, 0, sizeof(r));
	r.name = name;
	r.err = err;
	r.sink = sink;
	r.line = 1;
	mpz_init(r.row.amount);
	mpz_init(r.row.balance);
	mpz_init(r.per.opening);
	mpz_init(r.per.closing);
	buf = pr__malloc(65536);
	lb = pr__malloc(MAX_LINE + 1);
	if (buf == NULL || lb == NULL) {
		rc = nomem(&r);
		goto done;
	}
	fp = fopen(path, "rb");
	if (fp == NULL) {
		rc = pr__error_sys(err, errno == ENOENT ? PR_ENOTFOUND :
				   PR_EIO, errno, name, NULL);
		goto done;
	}
	rc = pr_sha256_new(&h, err);
	while (rc == PR_OK && (got = fread(buf, 1, 65536, fp)) > 0) {
		pr_sha256_update(h, buf, got);
		size += got;
		start = 0;
		for (i = 0; i < got && rc == PR_OK; i++) {
			if (buf[i] != '\n')
				continue;
			if (llen + (i - start) > MAX_LINE) {
				rc = fail(&r, r.line, 1, "line longer than "
					  "%d bytes", MAX_LINE);
				break;
			}
			memcpy(lb + llen, buf + start, i - start);
			llen += i - start;
			if (llen > 0 && lb[llen - 1] == '\r')
				llen--;
			rc = line(&r, lb, llen);
			llen = 0;
			r.line++;
			start = i + 1;
		}
		if (rc != PR_OK)
			break;
		if (llen + (got - start) > MAX_LINE) {
			rc = fail(&r, r.line, 1, "line longer than %d bytes",
				  MAX_LINE);
			break;
		}
		memcpy(lb + llen, buf + start, got - start);
		llen += got - start;
	}
	if (rc == PR_OK && ferror(fp))
		rc = pr__error_sys(err, PR_EIO, errno, name, NULL);
	if (rc == PR_OK && llen > 0) {
		if (lb[llen - 1] == '\r')
			llen--;
		rc = line(&r, lb, llen);
	} else if (rc == PR_OK && r.line > 1) {
		r.line--;       /* the end is on the last line */
	}
	if (rc == PR_OK)
		rc = finish(&r);
	if (rc == PR_OK && r.records == 0 && r.statements == 0)
		rc = pr__error_set(err, PR_EPARSE, "%s: no MT940 statement",
				   name);
	if (rc == PR_OK) {
		pr_sha256_final_hex(h, info->sha256);
		info->size = size;
	}
done:
	info->records = r.records;
	info->statements = r.statements;
	if (fp != NULL)
		fclose(fp);
	pr_sha256_free(h);
	mpz_clear(r.row.amount);
	mpz_clear(r.row.balance);
	mpz_clear(r.per.opening);
	mpz_clear(r.per.closing);
	pr__free(r.f.s);
	pr__free(r.ref.s);
	pr__free(r.supp.s);
	pr__free(r.info.s);
	pr__free(r.desc.s);
	pr__free(r.cparty.s);
	pr__free(r.cacct.s);
	pr__free(buf);
	pr__free(lb);
	return rc;
}

/* Whether the line at p (to end) starts with one of the tags that only
 * statements have. */
static int
stmt_tag(const char *p, const char *end)
{
	static const char *const tags[] = {
		":60F:", ":60M:", ":61:", ":62F:", ":62M:", ":34F:", ":28C:"
	};
	size_t i, n;

	for (i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
		n = strlen(tags[i]);
		if ((size_t)(end - p) >= n && memcmp(p, tags[i], n) == 0)
			return 1;
	}
	return 0;
}

/* A SWIFT block 2 naming 940, 942 or 950, the statement's own tags at
 * the start of lines (an account :25: and a balance or an entry), or a
 * file whose first line is a balance or an entry (a fragment). */
int
pr__mt940_probe(const char *head, size_t len)
{
	size_t i = 0;

	if (pr__head_has(head, len, "{2:I940", 0) ||
	    pr__head_has(head, len, "{2:O940", 0) ||
	    pr__head_has(head, len, "{2:I942", 0) ||
	    pr__head_has(head, len, "{2:O942", 0) ||
	    pr__head_has(head, len, "{2:I950", 0) ||
	    pr__head_has(head, len, "{2:O950", 0))
		return 1;
	if (len >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len && (head[i] == ' ' || head[i] == '\t' ||
			   head[i] == '\r' || head[i] == '\n'))
		i++;
	if (stmt_tag(head + i, head + len))
		return 1;
	return pr__head_has(head, len, "\n:25:", 0) &&
	       (pr__head_has(head, len, "\n:60F:", 0) ||
		pr__head_has(head, len, "\n:60M:", 0) ||
		pr__head_has(head, len, "\n:61:", 0) ||
		pr__head_has(head, len, "\n:34F:", 0));
}
