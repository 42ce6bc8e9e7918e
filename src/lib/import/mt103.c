/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * SWIFT MT103 single customer credit transfers in FIN / RJE files: one or
 * more messages, each {1:}{2:}{3:} headers and a text block 4, with '$'
 * lines between messages (RJE) and optional ACK/NAK blocks before each.
 */
#include "config.h"
#include "common.h"
#include "import.h"
#include "msg.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define MAX_FILE (64UL << 20)   /* these files are small; refuse others */

/* The block 4 fields we map, and the name used in messages. */
enum { F_20, F_32A, F_33B, F_50, F_52, F_57, F_59, F_70, F_N };

static const char *const field_name[F_N] = {
	":20:", ":32A:", ":33B:", ":50a:", ":52a:", ":57a:", ":59a:", ":70:"
};

/* One field of block 4: where its text starts and ends, and its option
 * letter (' ' for none). */
struct field {
	const char *tag;      /* points at the ':' that starts the tag */
	const char *text;
	const char *end;
	char option;
};

static int
is_upper_alnum(char c)
{
	unsigned char u = (unsigned char)c;

	return (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9');
}

/* The end of the line starting at p (before "\r\n" or "\n"), and the
 * start of the next one (or end). */
static const char *
line_end(const char *p, const char *end, const char **next)
{
	const char *e = p;

	while (e < end && *e != '\n')
		e++;
	*next = e < end ? e + 1 : end;
	if (e > p && e[-1] == '\r')
		e--;
	return e;
}

/*
 * Lines of [p, end) joined by sep (0: keep only the first line), skipping
 * the first @p skip lines; into scratch.
 */
static const char *
join_lines(pr__msg *r, const char *p, const char *end, size_t skip,
	   int sep)
{
	const char *e, *next;
	size_t start = r->slen;
	size_t i = 0;

	while (p < end) {
		e = line_end(p, end, &next);
		if (i >= skip) {
			if (r->slen > start) {
				if (sep == 0 || r->slen + 1 > r->scap)
					break;
				r->scratch[r->slen++] = (char)sep;
			}
			if (r->slen + (size_t)(e - p) + 1 > r->scap)
				return NULL;
			memcpy(r->scratch + r->slen, p, (size_t)(e - p));
			r->slen += (size_t)(e - p);
		}
		i++;
		p = next;
	}
	if (r->slen + 1 > r->scap)
		return NULL;
	r->scratch[r->slen++] = '\0';
	return r->scratch + start;
}

/*
 * A party field (50a, 59a): an account on a first line starting with '/',
 * then the name (option A: the BIC; option F: the "1/" lines, joined).
 * Option F's first line may be a party identifier other than an account
 * ("CUST/..."); then there is no account.
 */
static int
party(pr__msg *r, const struct field *f, const char **name,
      const char **account)
{
	const char *p = f->text, *e, *next;

	*account = "";
	e = line_end(p, f->end, &next);
	if (p < e && *p == '/') {
		*account = pr__msg_keep(r, p + 1, (size_t)(e - p - 1));
		p = next;
	} else if (f->option == 'F') {
		p = next;       /* a party identifier that is not an account */
	}
	if (*account == NULL)
		return -1;
	if (f->option != 'F') {
		*name = join_lines(r, p, f->end, 0, 0);
		return *name == NULL ? -1 : 0;
	}
	/* 50F / 59F: "1/NAME" lines, possibly several */
	{
		size_t start = r->slen;

		while (p < f->end) {
			e = line_end(p, f->end, &next);
			if (e - p >= 2 && p[0] == '1' && p[1] == '/') {
				if (r->slen > start)
					r->scratch[r->slen++] = ' ';
				if (r->slen + (size_t)(e - p) + 1 > r->scap)
					return -1;
				memcpy(r->scratch + r->slen, p + 2,
				       (size_t)(e - p - 2));
				r->slen += (size_t)(e - p - 2);
			}
			p = next;
		}
		r->scratch[r->slen++] = '\0';
		*name = r->scratch + start;
	}
	return 0;
}

/* A bank field (52a, 57a): option A is a BIC after an optional '/' line;
 * other options (B, C, D) are the first line that is not a '/' line. */
static const char *
bank(pr__msg *r, const struct field *f)
{
	const char *p = f->text, *e, *next;

	while (p < f->end) {
		e = line_end(p, f->end, &next);
		if (p < e && *p != '/')
			return pr__msg_keep(r, p, (size_t)(e - p));
		p = next;
	}
	return pr__msg_keep(r, "", 0);
}

/*
 * The BIC of a 12-character logical terminal address: the BIC8, then the
 * branch code after the terminal letter; "XXX" (the head office) is
 * left out, as most fields write it.
 */
static const char *
lt_bic(pr__msg *r, const char *lt)
{
	char bic[12];

	memcpy(bic, lt, 8);
	if (memcmp(lt + 9, "XXX", 3) == 0)
		return pr__msg_keep(r, bic, 8);
	memcpy(bic + 8, lt + 9, 3);
	return pr__msg_keep(r, bic, 11);
}

/* "CCY" + amount with a decimal comma, as in :32A: (after the date) and
 * :33B:. SWIFT amounts are digits and exactly one comma ("3700," is
 * 3700.00), no sign, no thousands separators. */
static int
ccy_amount(pr__msg *r, const struct field *f, const char *label,
	   const char *p, const char **ccy, mpz_t out)
{
	const pr_currency *cur;
	const char *e, *next, *s;
	char code[4], q[64];
	size_t n, commas = 0;
	pr_error me;

	e = line_end(p, f->end, &next);
	if (e - p < 3 || !is_upper_alnum(p[0]) || !is_upper_alnum(p[1]) ||
	    !is_upper_alnum(p[2]))
		return pr__msg_fail(r, p, "%s has no currency code; expected "
			       "3 letters%s", label, NULL);
	memcpy(code, p, 3);
	code[3] = '\0';
	cur = pr_currency_find(code);
	if (cur == NULL)
		return pr__msg_fail(r, p, "unknown currency '%s'%s", code,
				    NULL);
	*ccy = cur->code;
	p += 3;
	n = (size_t)(e - p);
	for (s = p; s < e; s++) {
		if (*s == ',') {
			commas++;
		} else if (!pr__msg_digit(*s)) {
			pr__quote(q, sizeof(q), p, n);
			if (*s == '.')
				return pr__msg_fail(
					r, s,
					"amount '%s' has a '.'; "
					"SWIFT amounts use a decimal "
					"comma%s",
					q, NULL);
			return pr__msg_fail(r, s,
					    "amount '%s' is not digits and "
					    "a decimal comma%s",
					    q, NULL);
		}
	}
	pr__quote(q, sizeof(q), p, n);
	if (n == 0 || *p == ',')
		return pr__msg_fail(r, p,
				    "amount '%s' has no digits before the "
				    "decimal comma%s",
				    q, NULL);
	if (commas != 1)
		return pr__msg_fail(r, p,
				    "amount '%s' needs exactly one decimal "
				    "comma%s",
				    q, NULL);
	{
		pr_money_style st = { ',', 0, PR_EXCESS_REJECT };

		if (p[n - 1] == ',')
			n--;            /* "3700," */
		pr_error_clear(&me);
		if (pr_money_parse(out, p, n, cur->minor, &st, &me) != PR_OK)
			return pr__msg_fail(r, p, "%s%s", me.msg, NULL);
	}
	return PR_OK;
}

/*
 * Find the block that starts at p ("{" id ":"), and its end: for blocks
 * of nested "{tag:value}" pairs the matching '}', for a text block 4 the
 * "\n-}" line. Sets *id_out to the id text and *body to after the ':'.
 */
static int
block(pr__msg *r, const char *p, const char **id_out, size_t *id_len,
      const char **body, const char **close)
{
	const char *end = r->buf + r->len;
	const char *s = p + 1;
	int depth = 1;

	while (s < end && s - p <= 4 && *s != ':' && *s != '}')
		s++;
	if (s >= end || *s != ':' || s == p + 1)
		return pr__msg_fail(r, p,
				    "expected a block '{n:'; found '%s'%s",
				    s >= end ? "end of file" : "{", NULL);
	*id_out = p + 1;
	*id_len = (size_t)(s - p - 1);
	*body = s + 1;
	s++;
	if (*id_len == 1 && p[1] == '4' && s < end &&
	    (*s == '\r' || *s == '\n')) {
		/* text block: ends with a line "-}" */
		for (; s < end; s++) {
			if (*s == '\n' && end - s > 2 && s[1] == '-' &&
			    s[2] == '}') {
				*close = s + 2;
				return PR_OK;
			}
		}
		return pr__msg_fail(r, end, "block 4 has no closing '-}' line "
			       "(the file is cut short?)%s%s", NULL, NULL);
	}
	for (; s < end; s++) {
		if (*s == '{') {
			depth++;
		} else if (*s == '}') {
			depth--;
			if (depth == 0) {
				*close = s;
				return PR_OK;
			}
		}
	}
	{
		/* blocks 1 to 4 by number; anything else is the trailer, 5 */
		char id[2] = { p[1] >= '1' && p[1] <= '4' ? p[1] : '5', '\0' };

		return pr__msg_fail(r, end, "block {%s: has no closing '}' "
				    "(the file is cut short?)%s", id, NULL);
	}
}

/* Whether p starts a block: '{', an id of 1-3 letters or digits, ':'. */
static int
looks_block(const char *p, const char *end)
{
	size_t i;

	if (*p != '{')
		return 0;
	for (i = 1; i <= 4 && p + i < end; i++) {
		if (p[i] == ':')
			return i > 1;
		if (!is_upper_alnum(p[i]))
			return 0;
	}
	return 0;
}

/* The value of "{tag:" inside a block of nested pairs, or NULL. */
static const char *
subfield(const char *body, const char *close, const char *tag,
	 size_t *len)
{
	size_t tl = strlen(tag);
	const char *s, *v;

	for (s = body; s + tl + 2 < close; s++) {
		if (*s == '{' && memcmp(s + 1, tag, tl) == 0 &&
		    s[1 + tl] == ':') {
			v = s + 2 + tl;
			*len = 0;
			while (v + *len < close && v[*len] != '}')
				(*len)++;
			return v;
		}
	}
	return NULL;
}

/* One field index for a tag ("32A"), or -1 for a field we do not map. */
static int
field_index(const char *t, size_t n, char *option)
{
	*option = n == 3 ? t[2] : ' ';
	if (n == 2 && memcmp(t, "20", 2) == 0)
		return F_20;
	if (n == 3 && memcmp(t, "32A", 3) == 0)
		return F_32A;
	if (n == 3 && memcmp(t, "33B", 3) == 0)
		return F_33B;
	if (memcmp(t, "50", 2) == 0 && (n == 2 || t[2] == 'A' ||
					t[2] == 'F' || t[2] == 'K'))
		return F_50;
	if (n == 3 && memcmp(t, "52", 2) == 0 && (t[2] == 'A' ||
						  t[2] == 'D'))
		return F_52;
	if (n == 3 && memcmp(t, "57", 2) == 0 && (t[2] == 'A' ||
			     t[2] == 'B' || t[2] == 'C' || t[2] == 'D'))
		return F_57;
	if (memcmp(t, "59", 2) == 0 && (n == 2 || t[2] == 'A' ||
					t[2] == 'F'))
		return F_59;
	if (n == 2 && memcmp(t, "70", 2) == 0)
		return F_70;
	return -1;
}

/*
 * Split block 4 text [p, end) into fields. A field starts on a line with
 * ":NN:" or ":NNa:"; SWIFT lets no continuation line start with ':'.
 */
static int
fields(pr__msg *r, const char *p, const char *end, struct field *f)
{
	const char *e, *next, *t;
	struct field *cur = NULL;
	size_t n;
	int infield = 0;
	int i;

	memset(f, 0, sizeof(*f) * F_N);
	while (p < end) {
		e = line_end(p, end, &next);
		if (p < e && *p == ':') {
			for (t = p + 1; t < e && *t != ':'; t++)
				;
			n = (size_t)(t - p - 1);
			if (t >= e || n < 2 || n > 3 || !pr__msg_digit(p[1]) ||
			    !pr__msg_digit(p[2]) ||
			    (n == 3 && !is_upper_alnum(p[3]))) {
				char q[64];

				return pr__msg_fail(r, p,
						    "expected a field tag "
						    "':NNa:'; found '%s'%s",
						    pr__quote(q, sizeof(q), p,
							      (size_t)(e - p)),
						    NULL);
			}
			if (cur != NULL)
				cur->end = p;
			cur = NULL;
			infield = 1;
			{
				char option;

				i = field_index(p + 1, n, &option);
				if (i >= 0) {
					if (f[i].tag != NULL)
						return pr__msg_fail(
							r, p,
							"second "
							"%s field in "
							"one message%s",
							field_name[i], NULL);
					cur = &f[i];
					cur->tag = p;
					cur->text = t + 1;
					cur->option = option;
				}
			}
		} else if (!infield && p < e) {
			char q[64];

			pr__quote(q, sizeof(q), p, (size_t)(e - p));
			return pr__msg_fail(r, p,
					    "expected a field tag ':NNa:'; "
					    "found '%s'%s",
					    q, NULL);
		}
		p = next;
	}
	if (cur != NULL)
		cur->end = end;
	return PR_OK;
}

/*
 * One user message: its blocks from b1 ({1:F01...}); fills the row and
 * sends it. *after gets where the message's last block ends.
 */
static int
message(pr__msg *r, const char *b1, unsigned long line,
	unsigned long record, const pr__import_sink *sink, pr__wire_row *w,
	const char **after)
{
	const char *end = r->buf + r->len;
	const char *id, *body, *close, *p;
	const char *h1 = NULL, *h2 = NULL, *h2c = NULL, *h3 = NULL;
	const char *h3c = NULL, *b4 = NULL, *b4c = NULL;
	const char *sender = NULL, *receiver = NULL, *v;
	struct field f[F_N];
	size_t idn, n, i;
	int rc;

	p = b1;
	while (p < end && looks_block(p, end)) {
		rc = block(r, p, &id, &idn, &body, &close);
		if (rc != PR_OK)
			return rc;
		if (idn == 1 && *id == '1' && h1 != NULL)
			break;          /* the next message */
		if (idn == 1 && *id == '1')
			h1 = body;
		else if (idn == 1 && *id == '2')
			h2 = body, h2c = close;
		else if (idn == 1 && *id == '3')
			h3 = body, h3c = close;
		else if (idn == 1 && *id == '4')
			b4 = body, b4c = close;
		p = close + 1;
	}
	*after = p;
	if (h2 == NULL)
		return pr__msg_fail(r, b1,
				    "message has no block {2:} (application "
				    "header)%s%s",
				    NULL, NULL);
	n = (size_t)(h2c - h2);
	if (n < 4 || (h2[0] != 'I' && h2[0] != 'O') || !pr__msg_digit(h2[1]) ||
	    !pr__msg_digit(h2[2]) || !pr__msg_digit(h2[3]))
		return pr__msg_fail(r, h2,
				    "block {2:} does not start with I or O "
				    "and a message type%s%s",
				    NULL, NULL);
	if (memcmp(h2 + 1, "103", 3) != 0) {
		char mt[4];

		memcpy(mt, h2 + 1, 3);
		mt[3] = '\0';
		if (strcmp(mt, "101") == 0)
			return pr__msg_fail(r, h2 + 1, "MT101 is a request for "
				       "transfer, not a transfer; expected "
				       "MT103%s%s", NULL, NULL);
		return pr__msg_fail(r, h2 + 1,
				    "MT%s is not a customer transfer; "
				    "expected MT103%s",
				    mt, NULL);
	}
	/* Output (O): block 2 holds the sender's address (after the input
	 * time and date), block 1 the receiver's. Input (I): the other way
	 * round. */
	if (h2[0] == 'O' && n >= 26) {
		sender = h2 + 14;
		receiver = h1 + 3;
	} else if (h2[0] == 'I' && n >= 16) {
		sender = h1 + 3;
		receiver = h2 + 4;
	} else {
		return pr__msg_fail(r, h2, "block {2:} is too short for an %s "
			       "header%s", h2[0] == 'O' ? "output" : "input",
			       NULL);
	}
	for (i = 0; i < 12; i++)
		if (!is_upper_alnum(sender[i]) || !is_upper_alnum(receiver[i]))
			return pr__msg_fail(r, h2, "block {1:} or {2:} has no "
				       "12-character terminal address%s%s",
				       NULL, NULL);
	if (b4 == NULL)
		return pr__msg_fail(r, b1,
				    "message has no block {4:} (text)%s%s",
				    NULL, NULL);
	if (b4c == NULL || b4c[0] != '}' || b4c[-1] != '-')
		return pr__msg_fail(r, b4, "block {4:} is not text ending in "
			       "'-}'%s%s", NULL, NULL);
	rc = fields(r, b4, b4c - 1, f);
	if (rc != PR_OK)
		return rc;
	for (i = 0; i < F_N; i++) {
		if (f[i].tag == NULL && (i == F_20 || i == F_32A ||
					 i == F_50 || i == F_59))
			return pr__msg_fail(r, b1, "MT103 has no %s field%s",
				       field_name[i], NULL);
	}
	r->slen = 0;
	w->line = line;
	w->record = record;
	w->format = "mt103";
	w->reference = join_lines(r, f[F_20].text, f[F_20].end, 0, 0);
	if (f[F_32A].end - f[F_32A].text < 6)
		return pr__msg_fail(r, f[F_32A].text,
				    ":32A: has no date YYMMDD%s%s", NULL, NULL);
	{
		pr_error de;

		pr_error_clear(&de);
		if (pr_date_parse(&w->value_date, f[F_32A].text, 6, "YYMMDD",
				  &de) != PR_OK)
			return pr__msg_fail(r, f[F_32A].text, ":32A: %s%s",
					    de.msg, NULL);
	}
	rc = ccy_amount(r, &f[F_32A], ":32A:", f[F_32A].text + 6, &w->currency,
			w->amount);
	if (rc != PR_OK)
		return rc;
	w->has_instructed = f[F_33B].tag != NULL;
	w->instructed_currency = "";
	if (w->has_instructed) {
		rc = ccy_amount(r, &f[F_33B], ":33B:", f[F_33B].text,
				&w->instructed_currency, w->instructed);
		if (rc != PR_OK)
			return rc;
	}
	if (party(r, &f[F_50], &w->originator_name,
		  &w->originator_account) ||
	    party(r, &f[F_59], &w->beneficiary_name,
		  &w->beneficiary_account))
		goto nomem;
	/* No 52a: the sender is the ordering institution; no 57a: the
	 * receiver is the account with institution (SWIFT MT103 rules). */
	w->originator_bank = f[F_52].tag != NULL ? bank(r, &f[F_52]) :
			     lt_bic(r, sender);
	w->beneficiary_bank = f[F_57].tag != NULL ? bank(r, &f[F_57]) :
			      lt_bic(r, receiver);
	w->details = f[F_70].tag != NULL ?
		     join_lines(r, f[F_70].text, f[F_70].end, 0, ' ') :
		     pr__msg_keep(r, "", 0);
	w->uetr = "";
	if (h3 != NULL) {
		v = subfield(h3, h3c, "121", &n);
		if (v != NULL) {
			char *u = pr__msg_keep(r, v, n);

			if (u == NULL)
				goto nomem;
			for (i = 0; i < n; i++)
				if (u[i] >= 'A' && u[i] <= 'F')
					u[i] = (char)(u[i] - 'A' + 'a');
			w->uetr = u;
		}
	}
	w->imad = "";
	w->omad = "";
	if (w->reference == NULL || w->originator_bank == NULL ||
	    w->beneficiary_bank == NULL || w->details == NULL)
		goto nomem;
	return sink->wire(w, sink->payload, r->err);
nomem:
	return pr__error_set(r->err, PR_ENOMEM, "out of memory");
}

int
pr__mt103_probe(const char *head, size_t len)
{
	size_t i = 0;

	while (i < len && (head[i] == ' ' || head[i] == '\t' ||
			   head[i] == '\r' || head[i] == '\n'))
		i++;
	return len - i >= 6 && (memcmp(head + i, "{1:F01", 6) == 0 ||
				memcmp(head + i, "{1:F21", 6) == 0);
}

/*
 * Read every MT103 of the file. Between messages only white space and
 * the RJE separator '$' may appear, and an ACK/NAK ({1:F21...}{4:{177:}
 * {451:}}) may precede a message. One quirk of real files is accepted:
 * a lone '{' after a message's last block when a '$' follows.
 */
int
pr__mt103_read(const char *path, const char *name,
	       const pr_import_options *o, const pr__import_sink *sink,
	       pr__read_info *info, pr_error *err)
{
	pr__msg r;
	pr__wire_row w;
	char *buf = NULL;
	const char *p, *end, *after, *q;
	unsigned long line = 1;
	const char *lp;
	uint64_t records = 0;
	int rc;

	(void)o;
	memset(&r, 0, sizeof(r));
	memset(&w, 0, sizeof(w));
	mpz_init(w.amount);
	mpz_init(w.instructed);
	rc = pr__read_file(&buf, &r.len, path, name, MAX_FILE, info, err);
	if (rc != PR_OK)
		goto done;
	r.name = name;
	r.buf = buf;
	r.err = err;
	r.scap = r.len * 2 + 256;
	r.scratch = pr__malloc(r.scap);
	if (r.scratch == NULL) {
		rc = pr__error_set(err, PR_ENOMEM, "out of memory");
		goto done;
	}
	p = buf;
	lp = buf;
	end = buf + r.len;
	for (;;) {
		while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' ||
				   *p == '\n' || *p == '$'))
			p++;
		if (p >= end)
			break;
		if (*p != '{') {
			char qb[64];

			rc = pr__msg_fail(&r, p,
					  "expected a message block '{1:'; "
					  "found '%s'%s",
					  pr__quote(qb, sizeof(qb), p,
						    (size_t)(end - p) < 10
							    ? (size_t)(end - p)
							    : 10),
					  NULL);
			goto done;
		}
		/* a lone '{' before the next separator */
		for (q = p + 1; q < end && (*q == ' ' || *q == '\t' ||
					    *q == '\r' || *q == '\n'); q++)
			;
		if (q > p + 1 && q < end && *q == '$' && records > 0) {
			p = q;
			continue;
		}
		if (end - p < 6 || memcmp(p, "{1:F", 4) != 0) {
			rc = pr__msg_fail(&r, p,
					  "expected a basic header block "
					  "'{1:F01' or '{1:F21'%s%s",
					  NULL, NULL);
			goto done;
		}
		if (memcmp(p, "{1:F21", 6) == 0) {
			/* ACK/NAK: its header block and a block 4 of
			 * nested tags; the message follows */
			const char *id, *body, *close;
			size_t idn;

			rc = block(&r, p, &id, &idn, &body, &close);
			if (rc != PR_OK)
				goto done;
			p = close + 1;
			if (p < end && *p == '{' && end - p > 3 &&
			    p[1] == '4') {
				rc = block(&r, p, &id, &idn, &body, &close);
				if (rc != PR_OK)
					goto done;
				p = close + 1;
			}
			continue;
		}
		if (memcmp(p, "{1:F01", 6) != 0) {
			rc = pr__msg_fail(&r, p,
					  "expected a basic header block "
					  "'{1:F01' or '{1:F21'%s%s",
					  NULL, NULL);
			goto done;
		}
		for (; lp < p; lp++)
			if (*lp == '\n')
				line++;
		records++;
		rc = message(&r, p, line, records, sink, &w, &after);
		if (rc != PR_OK)
			goto done;
		p = after;
	}
	if (records == 0)
		rc = pr__error_set(err, PR_EPARSE, "%s: no MT103 messages",
				   name);
done:
	info->records = records;
	mpz_clear(w.amount);
	mpz_clear(w.instructed);
	pr__free(r.scratch);
	pr__free(buf);
	return rc;
}
