/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Fedwire Funds messages in the tag format ({1500}...{2000}...), one or
 * more per file, each starting with {1500}; '*' ends the elements of a
 * tag. A file of fixed-width records (each message cut into lines of one
 * width, tags running on across the breaks) is joined first. The
 * fixed-width element variant (elements padded, no '*') is refused.
 */
#include "config.h"
#include "common.h"
#include "import.h"
#include "msg.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define MAX_FILE (64UL << 20)   /* these files are small; refuse others */

/* The tags we map, in the order of the message's required ones first. */
enum { T_1510, T_1520, T_2000, T_3100, T_3400, T_1120, T_3320, T_3710,
       T_4200, T_5000, T_6000, T_N };

static const char *const tag_text[T_N] = {
	"1510", "1520", "2000", "3100", "3400", "1120", "3320", "3710",
	"4200", "5000", "6000"
};

/* What a missing required tag is, for the message. */
static const char *const tag_what[T_N] = {
	"type and subtype", "IMAD", "amount", "sender", "receiver"
};

struct val {
	const char *p;        /* the value, after the "{nnnn}" */
	const char *end;
};

/* Whether p starts a tag "{nnnn}". */
static int
is_tag(const char *p, const char *end)
{
	return end - p >= 6 && p[0] == '{' && pr__msg_digit(p[1]) &&
	       pr__msg_digit(p[2]) && pr__msg_digit(p[3]) &&
	       pr__msg_digit(p[4]) && p[5] == '}';
}

/* The end of the element starting at p: the next '*' or the value's
 * end. */
static const char *
element(const char *p, const char *end)
{
	while (p < end && *p != '*')
		p++;
	return p;
}

/*
 * An ABA routing number and a short name ended by '*' ({3100}, {3400}).
 * Returns the ABA; a name without its '*' is the fixed-width layout.
 */
static int
aba(pr__msg *r, const struct val *v, int t, const char **out)
{
	const char *s;
	char q[64];
	int i;

	for (i = 0; i < 9; i++)
		if (v->p + i >= v->end || !pr__msg_digit(v->p[i]))
			return pr__msg_fail(r, v->p,
					    "{%s} does not start with a "
					    "9-digit ABA routing number; found "
					    "'%s'",
					    tag_text[t],
					    pr__quote(q, sizeof(q), v->p,
						      (size_t)(v->end - v->p)));
	s = element(v->p + 9, v->end);
	if (s == v->end)
		return pr__msg_fail(r, v->end, "{%s} short name has no closing "
			       "'*'%s (fixed-width fields are not read)",
			       tag_text[t], NULL);
	*out = pr__msg_keep(r, v->p, 9);
	return PR_OK;
}

/*
 * A party ({4200}, {5000}): an ID code (one character: D account, B BIC,
 * F routing number, 1-5 and 9 other identifiers), the identifier, '*',
 * the name, '*', address lines. The identifier is the account.
 */
static int
party(pr__msg *r, const struct val *v, int t, const char **name,
      const char **account)
{
	const char *s, *n;

	*name = "";
	*account = "";
	if (v->p == NULL)
		return PR_OK;
	s = element(v->p, v->end);
	if (s == v->end)
		return pr__msg_fail(r, v->end, "{%s} identifier has no closing "
			       "'*'%s (fixed-width fields are not read)",
			       tag_text[t], NULL);
	if (s > v->p)
		*account = pr__msg_keep(r, v->p + 1, (size_t)(s - v->p - 1));
	n = element(s + 1, v->end);
	*name = pr__msg_keep(r, s + 1, (size_t)(n - s - 1));
	if (*name == NULL || *account == NULL)
		return pr__error_set(r->err, PR_ENOMEM, "out of memory");
	return PR_OK;
}

/* The non-empty elements of a value joined by spaces ({6000}). */
static const char *
lines(pr__msg *r, const struct val *v)
{
	const char *p = v->p, *e;
	size_t start = r->slen;

	if (p == NULL)
		return pr__msg_keep(r, "", 0);
	while (p < v->end) {
		e = element(p, v->end);
		if (e > p) {
			if (r->slen > start)
				r->scratch[r->slen++] = ' ';
			memcpy(r->scratch + r->slen, p, (size_t)(e - p));
			r->slen += (size_t)(e - p);
		}
		p = e < v->end ? e + 1 : e;
	}
	r->scratch[r->slen++] = '\0';
	return r->scratch + start;
}

/* The value of a tag up to its '*' (or its end). */
static const char *
upto_star(pr__msg *r, const struct val *v)
{
	if (v->p == NULL)
		return pr__msg_keep(r, "", 0);
	return pr__msg_keep(r, v->p, (size_t)(element(v->p, v->end) - v->p));
}

/* {1510}: type 10 (funds transfer), 15 (foreign) or 16 (settlement) and
 * a subtype that moves money. Requests, refusals and service messages
 * are not transfers and are refused, as MT101 is. */
static int
type_subtype(pr__msg *r, const struct val *v)
{
	static const struct {
		char code[3];
		const char *what;
	} not_moving[] = {
		{ "01", "a request for reversal" },
		{ "07", "a request for reversal of a prior day transfer" },
		{ "31", "a request for credit (drawdown)" },
		{ "33", "a refusal of a request for credit" },
		{ "90", "a service message" },
	};
	char q[64];
	size_t i;

	if (v->end - v->p != 4 || !pr__msg_digit(v->p[0]) ||
	    !pr__msg_digit(v->p[1]) || !pr__msg_digit(v->p[2]) ||
	    !pr__msg_digit(v->p[3]))
		return pr__msg_fail(
			r, v->p,
			"{1510} '%s' is not a type and subtype;"
			" expected 4 digits%s",
			pr__quote(q, sizeof(q), v->p, (size_t)(v->end - v->p)),
			NULL);
	if (memcmp(v->p, "10", 2) != 0 && memcmp(v->p, "15", 2) != 0 &&
	    memcmp(v->p, "16", 2) != 0)
		return pr__msg_fail(r, v->p, "{1510} type '%s' is not a funds "
			       "transfer; expected 10, 15 or 16%s",
			       pr__quote(q, sizeof(q), v->p, 2), NULL);
	for (i = 0; i < sizeof(not_moving) / sizeof(not_moving[0]); i++)
		if (memcmp(v->p + 2, not_moving[i].code, 2) == 0)
			return pr__msg_fail(r, v->p + 2,
					    "{1510} subtype %s is %s,"
					    " not a transfer",
					    not_moving[i].code,
					    not_moving[i].what);
	if (memcmp(v->p + 2, "00", 2) != 0 && memcmp(v->p + 2, "02", 2) != 0
	    && memcmp(v->p + 2, "08", 2) != 0 &&
	    memcmp(v->p + 2, "32", 2) != 0)
		return pr__msg_fail(r, v->p + 2,
				    "{1510} subtype '%s' is unknown; "
				    "expected 00, 02, 08 or 32%s",
				    pr__quote(q, sizeof(q), v->p + 2, 2), NULL);
	return PR_OK;
}

/* {3710}: instructed currency and amount with a decimal comma, '*'. */
static int
instructed(pr__msg *r, const struct val *v, pr__wire_row *w)
{
	pr_money_style st = { ',', 0, PR_EXCESS_REJECT };
	const pr_currency *cur;
	const char *e = element(v->p, v->end);
	char code[4], q[64];
	size_t n;
	pr_error me;

	if (e - v->p < 4)
		return pr__msg_fail(
			r, v->p,
			"{3710} '%s' is not a currency and "
			"an amount%s",
			pr__quote(q, sizeof(q), v->p, (size_t)(e - v->p)),
			NULL);
	memcpy(code, v->p, 3);
	code[3] = '\0';
	cur = pr_currency_find(code);
	if (cur == NULL)
		return pr__msg_fail(r, v->p, "unknown currency '%s'%s",
			       pr__quote(q, sizeof(q), code, 3), NULL);
	n = (size_t)(e - v->p - 3);
	if (v->p[3 + n - 1] == ',')
		n--;                    /* "USD100," */
	pr_error_clear(&me);
	if (pr_money_parse(w->instructed, v->p + 3, n, cur->minor, &st,
			   &me) != PR_OK)
		return pr__msg_fail(r, v->p + 3, "{3710} %s%s", me.msg, NULL);
	w->has_instructed = 1;
	w->instructed_currency = cur->code;
	return PR_OK;
}

/*
 * One message: the tags in [p, end), where p is its {1500}. Checks the
 * required tags and sends the row.
 */
static int
message(pr__msg *r, const struct val *tags, const char *start,
	unsigned long line, unsigned long record,
	const pr__import_sink *sink, pr__wire_row *w)
{
	const struct val *v;
	char q[64], digits[13];
	pr_error de;
	int i, rc;

	for (i = T_1510; i <= T_3400; i++)
		if (tags[i].p == NULL)
			return pr__msg_fail(r, start,
					    "fedwire message has no {%s} "
					    "%s",
					    tag_text[i], tag_what[i]);
	rc = type_subtype(r, &tags[T_1510]);
	if (rc != PR_OK)
		return rc;
	r->slen = 0;
	w->line = line;
	w->record = record;
	w->format = "fedwire";
	w->currency = "USD";
	v = &tags[T_2000];
	for (i = 0; i < 12; i++)
		if (v->p + i >= v->end || !pr__msg_digit(v->p[i]))
			break;
	if (i != 12 || v->end - v->p != 12)
		return pr__msg_fail(
			r, v->p,
			"{2000} amount '%s' is not 12 digits "
			"(cents)%s",
			pr__quote(q, sizeof(q), v->p, (size_t)(v->end - v->p)),
			NULL);
	memcpy(digits, v->p, 12);
	digits[12] = '\0';
	mpz_set_str(w->amount, digits, 10);
	v = &tags[T_1520];
	if (v->end - v->p != 22)
		return pr__msg_fail(
			r, v->p,
			"{1520} IMAD '%s' is not 22 characters"
			" (YYYYMMDD, source, sequence)%s",
			pr__quote(q, sizeof(q), v->p, (size_t)(v->end - v->p)),
			NULL);
	pr_error_clear(&de);
	if (pr_date_parse(&w->value_date, v->p, 8, "YYYYMMDD", &de) != PR_OK)
		return pr__msg_fail(r, v->p, "{1520} IMAD cycle %s%s", de.msg,
			       NULL);
	for (i = 16; i < 22; i++)
		if (!pr__msg_digit(v->p[i]))
			return pr__msg_fail(
				r, v->p + 16,
				"{1520} IMAD sequence "
				"'%s' is not 6 digits%s",
				pr__quote(q, sizeof(q), v->p + 16, 6), NULL);
	w->imad = pr__msg_keep(r, v->p, 22);
	rc = aba(r, &tags[T_3100], T_3100, &w->originator_bank);
	if (rc == PR_OK)
		rc = aba(r, &tags[T_3400], T_3400, &w->beneficiary_bank);
	if (rc == PR_OK)
		rc = party(r, &tags[T_5000], T_5000, &w->originator_name,
			   &w->originator_account);
	if (rc == PR_OK)
		rc = party(r, &tags[T_4200], T_4200, &w->beneficiary_name,
			   &w->beneficiary_account);
	if (rc != PR_OK)
		return rc;
	w->has_instructed = 0;
	w->instructed_currency = "";
	if (tags[T_3710].p != NULL) {
		rc = instructed(r, &tags[T_3710], w);
		if (rc != PR_OK)
			return rc;
	}
	w->omad = upto_star(r, &tags[T_1120]);
	w->reference = upto_star(r, &tags[T_3320]);
	w->details = lines(r, &tags[T_6000]);
	w->uetr = "";
	if (w->imad == NULL || w->omad == NULL || w->reference == NULL ||
	    w->details == NULL || w->originator_bank == NULL ||
	    w->beneficiary_bank == NULL)
		return pr__error_set(r->err, PR_ENOMEM, "out of memory");
	return sink->wire(w, sink->payload, r->err);
}

/* The length of the line at p, without its "\r\n" or "\n". */
static size_t
line_len(const char *p, const char *end, const char **next)
{
	const char *e = memchr(p, '\n', (size_t)(end - p));
	size_t n;

	if (e == NULL) {
		*next = end;
		n = (size_t)(end - p);
	} else {
		*next = e + 1;
		n = (size_t)(e - p);
	}
	if (n > 0 && p[n - 1] == '\r')
		n--;
	return n;
}

#define MIN_WIDTH 40

/*
 * Fixed-width records, as some banks' files wrap Fedwire messages: every
 * record W bytes (the first record's length, 80 in most), a message's
 * tags running on from one record into the next, even mid-tag ("{15" and
 * "20}..."); a message's last record may be short or padded with spaces.
 * Told by a W-byte record followed by one that starts no tag. Those
 * breaks are taken out into r->buf; r->at and r->cut map it back to the
 * file, so that messages cite the file's own lines and columns. A file
 * that is not so is left as it is (r->n_cut 0).
 */
static int
unwrap(pr__msg *r, char **joined, size_t **at, size_t **cut)
{
	const char *buf = r->buf, *end = buf + r->len, *p, *next;
	size_t w, n, k = 0, o = 0, removed = 0, joins = 0;
	char *j;

	w = line_len(buf, end, &next);
	if (w < MIN_WIDTH || next >= end)
		return PR_OK;
	for (p = buf; p < end; p = next) {
		n = line_len(p, end, &next);
		if (n == w && next < end && *next != '{')
			joins++;
	}
	if (joins == 0)
		return PR_OK;
	for (p = buf; p < end; p = next) {
		n = line_len(p, end, &next);
		if (n > w) {
			char a[24], b[24];

			snprintf(a, sizeof(a), "%lu", (unsigned long)n);
			snprintf(b, sizeof(b), "%lu", (unsigned long)w);
			return pr__msg_fail(r, p + w, "record is %s bytes; "
					    "this file's records are %s "
					    "(fixed width)", a, b);
		}
	}
	j = pr__malloc(r->len + 1);
	*at = pr__malloc((joins + 1) * sizeof(**at));
	*cut = pr__malloc((joins + 1) * sizeof(**cut));
	if (j == NULL || *at == NULL || *cut == NULL) {
		pr__free(j);
		return pr__error_set(r->err, PR_ENOMEM, "out of memory");
	}
	for (p = buf; p < end; p = next) {
		n = line_len(p, end, &next);
		if (n == w && next < end && next[0] != '{') {
			memcpy(j + o, p, n);
			o += n;
			removed += (size_t)(next - p) - n;
			(*at)[k] = o;
			(*cut)[k] = removed;
			k++;
		} else {
			memcpy(j + o, p, (size_t)(next - p));
			o += (size_t)(next - p);
		}
	}
	j[o] = '\0';
	*joined = j;
	r->orig = r->buf;
	r->buf = j;
	r->len = o;
	r->at = *at;
	r->cut = *cut;
	r->n_cut = k;
	return PR_OK;
}

int
pr__fedwire_probe(const char *head, size_t len)
{
	size_t i = 0;

	while (i < len && (head[i] == ' ' || head[i] == '\t' ||
			   head[i] == '\r' || head[i] == '\n'))
		i++;
	return len - i >= 6 && memcmp(head + i, "{1500}", 6) == 0;
}

/*
 * Read every message. A tag's value runs to the next tag or the end of
 * its line (one-line exports put every tag on one line); a line must
 * start with a tag, and a new {1500} starts a new message.
 */
int
pr__fedwire_read(const char *path, const char *name,
		 const pr_import_options *o, const pr__import_sink *sink,
		 pr__read_info *info, pr_error *err)
{
	struct val tags[T_N];
	pr__msg r;
	pr__wire_row w;
	char *buf = NULL, *joined = NULL;
	size_t *at = NULL, *cut = NULL, k = 0;
	const char *p, *end, *v, *ve, *start = NULL;
	unsigned long line = 1, start_line = 0;
	uint64_t records = 0;
	int i, rc = PR_OK;

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
	rc = unwrap(&r, &joined, &at, &cut);
	if (rc != PR_OK)
		goto done;
	p = r.buf;
	end = r.buf + r.len;
	for (;;) {
		while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' ||
				   *p == '\n')) {
			if (*p == '\n')
				line++;
			p++;
		}
		if (p < end && !is_tag(p, end)) {
			char q[64];

			rc = pr__msg_fail(&r, p,
					  "expected a tag '{nnnn}'; found "
					  "'%s'%s",
					  pr__quote(q, sizeof(q), p,
						    (size_t)(end - p) < 12
							    ? (size_t)(end - p)
							    : 12),
					  NULL);
			goto done;
		}
		if (p >= end || memcmp(p, "{1500}", 6) == 0) {
			if (start != NULL) {
				records++;
				rc = message(&r, tags, start, start_line,
					     (unsigned long)records, sink, &w);
				if (rc != PR_OK)
					goto done;
			}
			if (p >= end)
				break;
			start = p;
			/* the line breaks taken out of fixed-width records
			 * count too */
			while (k < r.n_cut && r.at[k] <= (size_t)(p - r.buf))
				k++;
			start_line = line + k;
			memset(tags, 0, sizeof(tags));
		} else if (start == NULL) {
			char t[5];

			memcpy(t, p + 1, 4);
			t[4] = '\0';
			rc = pr__msg_fail(&r, p,
					  "fedwire message starts with {%s}; "
					  "expected {1500}%s",
					  t, NULL);
			goto done;
		}
		v = p + 6;
		for (ve = v; ve < end && *ve != '\n' && !is_tag(ve, end); ve++)
			;
		if (ve > v && ve[-1] == '\r' && (ve == end || *ve == '\n'))
			ve--;
		/* a fixed-width message's last record is padded */
		while (r.n_cut > 0 && ve > v && ve[-1] == ' ' &&
		       (ve == end || *ve == '\n' || *ve == '\r' ||
			*ve == ' '))
			ve--;
		for (i = 0; i < T_N; i++) {
			if (memcmp(p + 1, tag_text[i], 4) != 0)
				continue;
			if (tags[i].p != NULL) {
				rc = pr__msg_fail(&r, p, "second {%s} in one "
					     "message%s", tag_text[i], NULL);
				goto done;
			}
			tags[i].p = v;
			tags[i].end = ve;
		}
		p = ve;
	}
	if (records == 0)
		rc = pr__error_set(err, PR_EPARSE, "%s: no fedwire messages",
				   name);
done:
	info->records = records;
	mpz_clear(w.amount);
	mpz_clear(w.instructed);
	pr__free(r.scratch);
	pr__free(buf);
	pr__free(joined);
	pr__free(at);
	pr__free(cut);
	return rc;
}
