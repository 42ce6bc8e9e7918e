/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * OFX and QFX bank and credit-card statements (1.x SGML, 2.x XML), read
 * through libofx, with every amount and date taken exactly from the file.
 */
#include "config.h"
#include "common.h"
#include "import.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* libofx.h defines its format tables in the header unless told not
 * to: one definition per program is the program's, not ours */
#define OFX_AQUAMANIAC_UGLY_HACK1 1
#include <libofx/libofx.h>
#include <utf8proc.h>

/*
 * Two readings of one file, checked against each other.
 *
 * libofx parses the file (OpenSP against the OFX DTDs, the file's
 * CHARSET converted to UTF-8) and hands over accounts, statements,
 * transactions and server statuses; but it hands amounts over as double
 * and dates as time_t in the machine's time zone, neither of which may
 * touch evidence. So this reader also scans the bytes itself, in one
 * pass: the elements of every STMTRS / CCSTMTRS, BANKTRANLIST, STMTTRN
 * and LEDGERBAL, with where each starts. The scan is strict where libofx
 * recovers quietly (a STMTTRN outside its list, a file cut short, a
 * transaction without DTPOSTED). The n-th transaction libofx reports
 * must be the n-th STMTTRN of the file, with the same FITID, and the
 * n-th statement the n-th STMTRS; anything else is refused.
 *
 * From libofx: the account (BANKID, BRANCHID, ACCTID), the text (NAME,
 * MEMO, CHECKNUM, in UTF-8), the server's statuses. From the bytes:
 * TRNAMT, BALAMT (exact decimal text in minor units of CURDEF), DTPOSTED,
 * DTAVAIL, DTSTART, DTEND (the date as written: the bank's own day,
 * whatever time and zone follow), FITID, TRNTYPE, and every line.
 *
 * Mapping of one STMTTRN to a bank row:
 *
 *   date         DTPOSTED (the day it was posted to the account)
 *   value date   DTAVAIL (the day the funds are available), when given;
 *                DTUSER (when the customer initiated it, e.g. the card
 *                swipe) is no value date and is not kept
 *   amount       TRNAMT (credit > 0, as OFX signs it)
 *   reference    FITID (the bank's unique id of the transaction)
 *   counterparty NAME
 *   description  "TRNTYPE: NAME; MEMO; check CHECKNUM", leaving out the
 *                parts the transaction does not have
 *
 * A statement gives a period when it states both a BANKTRANLIST period
 * (DTSTART, DTEND) and a LEDGERBAL: closing = BALAMT, opening = BALAMT
 * minus the sum of the statement's transactions, source "ofx ledger
 * balance" (the opening is derived, not stated).
 *
 * libofx prints to stdout and stderr unless told not to; its switches
 * are process-wide variables, which this reader sets to silence before
 * each parse. libofx reads a path, so the bytes that were hashed are
 * written to a temporary file and that is what libofx parses.
 */

/* The whole file is read into memory to be hashed and scanned. */
#define MAX_FILE (512UL * 1024 * 1024)
/* Longest element name. */
#define MAX_TAG 32

/* A leaf element's value as written: text (spaces trimmed), where its
 * tag starts (NULL when absent). */
struct val {
	const char *at;
	const char *p;
	size_t n;
};

struct trn {
	const char *at;         /* its '<' of <STMTTRN> */
	unsigned long line;
	size_t stmt;
	int foreign;            /* has a CURRENCY aggregate */
	struct val cursym;      /* ... and its currency */
	struct val trntype, dtposted, dtavail, trnamt, fitid, name, memo,
		   checknum;
};

struct stmt {
	const char *at;
	unsigned long line;
	const char *tag;        /* "STMTRS" or "CCSTMTRS" */
	int has_list, has_ledger;
	struct val curdef, dtstart, dtend, balamt, dtasof;
	size_t first, n;        /* its transactions */
	char *account;          /* from libofx */
};

/* What libofx reported. Strings are copies. */
struct lib_trn {
	char *fitid, *name, *memo, *checknum;
};

struct lib_stmt {
	char *account;
	char currency[OFX_CURRENCY_LENGTH];
};

struct lib_status {
	int code;
	int error;
	char element[OFX_ELEMENT_NAME_LENGTH];
	char *message;
};

struct ofx {
	const char *name;
	const char *buf;
	size_t len;
	pr_error *err;
	/* the scan */
	struct stmt *stmts;
	size_t n_stmts, cap_stmts;
	struct trn *trns;
	size_t n_trns, cap_trns;
	const char *first_error_status;  /* <CODE> of a failing STATUS */
	/* libofx */
	struct lib_trn *lt;
	size_t n_lt, cap_lt;
	struct lib_stmt *ls;
	size_t n_ls, cap_ls;
	struct lib_status bad;           /* first status of severity ERROR */
	int have_bad;
	size_t n_status;                 /* statuses libofx reported */
	int nomem;
};

static int
fail_at(struct ofx *x, const char *at, const char *fmt, ...)
	PR__PRINTF(3, 4);

static int
fail_at(struct ofx *x, const char *at, const char *fmt, ...)
{
	pr_loc loc;
	va_list ap;
	int rc;

	pr__buf_loc(&loc, x->name, x->buf, at);
	va_start(ap, fmt);
	rc = pr__error_vset(x->err, PR_EPARSE, &loc, fmt, ap);
	va_end(ap);
	return rc;
}

static int
nomem(struct ofx *x)
{
	return pr__error_set(x->err, PR_ENOMEM, "out of memory");
}

static int
upper(int c)
{
	return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
}

/* Whether the tag name (p, n) is s, ASCII case folded. */
static int
is(const char *p, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] == '\0' || upper((unsigned char)p[i]) != s[i])
			return 0;
	return s[n] == '\0';
}

static int
space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
	       c == '\v';
}

/* ---- the scan ---------------------------------------------------------- */

struct scan {
	struct ofx *x;
	const char *end;
	long st;                /* open statement, or -1 */
	long tr;                /* open transaction, or -1 */
	const char *ofx_at;     /* <OFX> */
	int ofx_open;
	const char *list_at, *ledger_at;
	int in_list, in_ledger, in_avail, in_status;
	int skip;               /* depth inside PAYEE, BANKACCTTO ... */
	int in_currency;
	const char *status_code_at;
	int status_bad;
	/* incremental line count of the scan position */
	const char *lpos;
	unsigned long line;
};

static unsigned long
line_of(struct scan *s, const char *p)
{
	while (s->lpos < p) {
		const char *nl = memchr(s->lpos, '\n', (size_t)(p - s->lpos));

		if (nl == NULL) {
			s->lpos = p;
			break;
		}
		s->line++;
		s->lpos = nl + 1;
	}
	return s->line;
}

/* Keep a leaf value; two of one element in one aggregate are refused. */
static int
keep(struct scan *s, struct val *v, const char *tag, const char *owner,
     const char *owner_at, const char *at, const char *p, size_t n)
{
	if (v->at != NULL) {
		pr_loc loc;

		pr__buf_loc(&loc, s->x->name, s->x->buf, owner_at);
		return fail_at(s->x, at, "second %s in the %s of line %lu",
			       tag, owner, loc.line);
	}
	v->at = at;
	v->p = p;
	v->n = n;
	return PR_OK;
}

static int
open_stmt(struct scan *s, const char *at, const char *tag)
{
	struct ofx *x = s->x;
	struct stmt *t;

	if (s->st >= 0)
		return fail_at(x, at, "<%s> inside the %s of line %lu, which "
			       "is not closed", tag, x->stmts[s->st].tag,
			       x->stmts[s->st].line);
	if (pr__grow((void **)&x->stmts, &x->cap_stmts, x->n_stmts + 1,
		     sizeof(*x->stmts)))
		return nomem(x);
	t = &x->stmts[x->n_stmts];
	memset(t, 0, sizeof(*t));
	t->at = at;
	t->line = line_of(s, at);
	t->tag = tag;
	t->first = x->n_trns;
	s->st = (long)x->n_stmts++;
	return PR_OK;
}

static int
open_trn(struct scan *s, const char *at)
{
	struct ofx *x = s->x;
	struct trn *t;

	if (s->tr >= 0)
		return fail_at(x, at, "<STMTTRN> inside the STMTTRN of line "
			       "%lu, which is not closed",
			       x->trns[s->tr].line);
	if (!s->in_list)
		return fail_at(x, at, "<STMTTRN> outside a BANKTRANLIST");
	if (pr__grow((void **)&x->trns, &x->cap_trns, x->n_trns + 1,
		     sizeof(*x->trns)))
		return nomem(x);
	t = &x->trns[x->n_trns];
	memset(t, 0, sizeof(*t));
	t->at = at;
	t->line = line_of(s, at);
	t->stmt = (size_t)s->st;
	s->tr = (long)x->n_trns++;
	x->stmts[s->st].n++;
	return PR_OK;
}

static int
not_open(struct scan *s, const char *at, const char *tag)
{
	return fail_at(s->x, at, "</%s> closes no open %s", tag, tag);
}

/* Aggregates inside a STMTTRN whose leaves are not the transaction's
 * own (a payee's NAME, the other account's ACCTID). */
static int
nested_in_trn(const char *p, size_t n)
{
	return is(p, n, "PAYEE") || is(p, n, "BANKACCTTO") ||
	       is(p, n, "CCACCTTO") || is(p, n, "CURRENCY") ||
	       is(p, n, "ORIGCURRENCY") || is(p, n, "IMAGEDATA");
}

static int
start_tag(struct scan *s, const char *at, const char *p, size_t n,
	  const char *v, size_t vn)
{
	struct ofx *x = s->x;

	if (is(p, n, "OFX")) {
		if (s->ofx_at != NULL)
			return fail_at(x, at, "a second <OFX>");
		s->ofx_at = at;
		s->ofx_open = 1;
		return PR_OK;
	}
	if (!s->ofx_open)
		return fail_at(x, at, "<%.*s> outside <OFX>", (int)n, p);
	if (is(p, n, "STMTRS"))
		return open_stmt(s, at, "STMTRS");
	if (is(p, n, "CCSTMTRS"))
		return open_stmt(s, at, "CCSTMTRS");
	if (is(p, n, "INVSTMTRS"))
		return fail_at(x, at, "an investment statement (INVSTMTRS): "
			       "this reader takes bank and credit-card "
			       "statements only");
	if (is(p, n, "STATUS")) {
		s->in_status = 1;
		return PR_OK;
	}
	if (s->in_status && is(p, n, "CODE")) {
		if (!(vn == 1 && v[0] == '0') && s->status_code_at == NULL)
			s->status_code_at = at;
		return PR_OK;
	}
	if (s->st < 0)
		return PR_OK;
	/* inside a statement */
	if (s->tr >= 0) {
		struct trn *t = &x->trns[s->tr];

		if (nested_in_trn(p, n)) {
			if (is(p, n, "CURRENCY")) {
				t->foreign = 1;
				s->in_currency = 1;
			}
			s->skip++;
			return PR_OK;
		}
		if (s->in_currency && is(p, n, "CURSYM"))
			return keep(s, &t->cursym, "CURSYM", "STMTTRN", t->at,
				    at, v, vn);
		if (s->skip > 0)
			return PR_OK;
		if (is(p, n, "STMTTRN"))
			return open_trn(s, at);
#define LEAF(NAME, F) \
		if (is(p, n, NAME)) \
			return keep(s, &t->F, NAME, "STMTTRN", t->at, at, v, vn)
		LEAF("TRNTYPE", trntype);
		LEAF("DTPOSTED", dtposted);
		LEAF("DTAVAIL", dtavail);
		LEAF("TRNAMT", trnamt);
		LEAF("FITID", fitid);
		LEAF("NAME", name);
		LEAF("MEMO", memo);
		LEAF("CHECKNUM", checknum);
#undef LEAF
		return PR_OK;
	}
	{
		struct stmt *t = &x->stmts[s->st];

		if (is(p, n, "STMTTRN"))
			return open_trn(s, at);
		if (is(p, n, "BANKTRANLIST")) {
			if (t->has_list)
				return fail_at(x, at, "a second BANKTRANLIST in "
					       "the %s of line %lu", t->tag,
					       t->line);
			t->has_list = 1;
			s->in_list = 1;
			s->list_at = at;
			return PR_OK;
		}
		if (is(p, n, "LEDGERBAL")) {
			if (t->has_ledger)
				return fail_at(x, at, "a second LEDGERBAL in "
					       "the %s of line %lu", t->tag,
					       t->line);
			t->has_ledger = 1;
			s->in_ledger = 1;
			s->ledger_at = at;
			return PR_OK;
		}
		if (is(p, n, "AVAILBAL")) {
			s->in_avail = 1;
			return PR_OK;
		}
		if (s->in_list && is(p, n, "DTSTART"))
			return keep(s, &t->dtstart, "DTSTART", "BANKTRANLIST",
				    s->list_at, at, v, vn);
		if (s->in_list && is(p, n, "DTEND"))
			return keep(s, &t->dtend, "DTEND", "BANKTRANLIST",
				    s->list_at, at, v, vn);
		if (s->in_ledger && is(p, n, "BALAMT"))
			return keep(s, &t->balamt, "BALAMT", "LEDGERBAL",
				    s->ledger_at, at, v, vn);
		if (s->in_ledger && is(p, n, "DTASOF"))
			return keep(s, &t->dtasof, "DTASOF", "LEDGERBAL",
				    s->ledger_at, at, v, vn);
		if (!s->in_list && !s->in_ledger && !s->in_avail &&
		    is(p, n, "CURDEF"))
			return keep(s, &t->curdef, "CURDEF", t->tag, t->at, at,
				    v, vn);
	}
	return PR_OK;
}

static int
end_tag(struct scan *s, const char *at, const char *p, size_t n)
{
	struct ofx *x = s->x;

	if (is(p, n, "OFX")) {
		if (!s->ofx_open)
			return not_open(s, at, "OFX");
		if (s->st >= 0)
			return fail_at(x, at, "</OFX> before the end of the "
				       "%s of line %lu", x->stmts[s->st].tag,
				       x->stmts[s->st].line);
		s->ofx_open = 0;
		return PR_OK;
	}
	if (is(p, n, "STATUS")) {
		s->in_status = 0;
		return PR_OK;
	}
	if (s->tr >= 0 && nested_in_trn(p, n)) {
		if (s->skip > 0)
			s->skip--;
		if (is(p, n, "CURRENCY"))
			s->in_currency = 0;
		return PR_OK;
	}
	if (is(p, n, "STMTTRN")) {
		if (s->tr < 0)
			return not_open(s, at, "STMTTRN");
		s->tr = -1;
		s->skip = 0;
		s->in_currency = 0;
		return PR_OK;
	}
	if (is(p, n, "BANKTRANLIST")) {
		if (!s->in_list)
			return not_open(s, at, "BANKTRANLIST");
		if (s->tr >= 0)
			return fail_at(x, at, "</BANKTRANLIST> before the end "
				       "of the STMTTRN of line %lu",
				       x->trns[s->tr].line);
		s->in_list = 0;
		return PR_OK;
	}
	if (is(p, n, "LEDGERBAL")) {
		if (!s->in_ledger)
			return not_open(s, at, "LEDGERBAL");
		s->in_ledger = 0;
		return PR_OK;
	}
	if (is(p, n, "AVAILBAL")) {
		s->in_avail = 0;
		return PR_OK;
	}
	if (is(p, n, "STMTRS") || is(p, n, "CCSTMTRS")) {
		const char *tag = upper((unsigned char)p[0]) == 'C' ?
				  "CCSTMTRS" : "STMTRS";

		if (s->st < 0 || strcmp(x->stmts[s->st].tag, tag) != 0)
			return not_open(s, at, tag);
		if (s->in_list) {
			pr_loc loc;

			pr__buf_loc(&loc, x->name, x->buf, s->list_at);
			return fail_at(x, at, "</%s> while the BANKTRANLIST "
				       "of line %lu is still open", tag,
				       loc.line);
		}
		if (s->in_ledger) {
			pr_loc loc;

			pr__buf_loc(&loc, x->name, x->buf, s->ledger_at);
			return fail_at(x, at, "</%s> while the LEDGERBAL of "
				       "line %lu is still open", tag,
				       loc.line);
		}
		s->st = -1;
		return PR_OK;
	}
	return PR_OK;
}

static int
scan(struct ofx *x)
{
	struct scan s;
	const char *p = x->buf, *end = x->buf + x->len;
	int rc;

	memset(&s, 0, sizeof(s));
	s.x = x;
	s.end = end;
	s.st = -1;
	s.tr = -1;
	s.lpos = x->buf;
	s.line = 1;
	while (p < end) {
		const char *lt = memchr(p, '<', (size_t)(end - p));
		const char *name, *q, *v, *ve;
		int close;

		if (lt == NULL)
			break;
		if (end - lt >= 4 && memcmp(lt, "<!--", 4) == 0) {
			const char *e = NULL;

			for (q = lt + 4; q + 3 <= end; q++)
				if (memcmp(q, "-->", 3) == 0) {
					e = q;
					break;
				}
			if (e == NULL)
				return fail_at(x, lt, "comment not closed "
					       "before the end of the file");
			p = e + 3;
			continue;
		}
		if (lt + 1 < end && (lt[1] == '?' || lt[1] == '!')) {
			q = memchr(lt, '>', (size_t)(end - lt));
			if (q == NULL)
				return fail_at(x, lt, "the file ends inside "
					       "a tag");
			p = q + 1;
			continue;
		}
		close = lt + 1 < end && lt[1] == '/';
		name = lt + 1 + close;
		for (q = name; q < end && q - name <= MAX_TAG &&
		     ((*q >= 'A' && *q <= 'Z') || (*q >= 'a' && *q <= 'z') ||
		      (*q >= '0' && *q <= '9') || *q == '.' || *q == '_');
		     q++)
			;
		if (q >= end)
			return fail_at(x, lt, "the file ends inside a tag");
		/* XML's empty element <BANKID/> */
		if (!close && q > name && *q == '/' && q + 1 < end &&
		    q[1] == '>') {
			rc = start_tag(&s, lt, name, (size_t)(q - name), q, 0);
			if (rc == PR_OK)
				rc = end_tag(&s, lt, name, (size_t)(q - name));
			if (rc != PR_OK)
				return rc;
			p = q + 2;
			continue;
		}
		if (q == name || *q != '>' || q - name > MAX_TAG) {
			char b[64];

			return fail_at(x, lt, "malformed tag '%s'",
				       pr__quote(b, sizeof(b), lt,
						 (size_t)(end - lt) < 20 ?
						 (size_t)(end - lt) : 20));
		}
		p = q + 1;
		if (close) {
			rc = end_tag(&s, lt, name, (size_t)(q - name));
		} else {
			/* a leaf's value: up to the next tag, trimmed */
			v = p;
			ve = memchr(p, '<', (size_t)(end - p));
			if (ve == NULL)
				ve = end;
			while (v < ve && space((unsigned char)*v))
				v++;
			while (ve > v && space((unsigned char)ve[-1]))
				ve--;
			rc = start_tag(&s, lt, name, (size_t)(q - name), v,
				       (size_t)(ve - v));
		}
		if (rc != PR_OK)
			return rc;
	}
	if (s.ofx_at == NULL)
		return fail_at(x, x->buf, "no <OFX> element: this is not an "
			       "OFX file");
	if (s.tr >= 0)
		return fail_at(x, end, "the file ends inside the STMTTRN of "
			       "line %lu: it is cut short",
			       x->trns[s.tr].line);
	if (s.st >= 0)
		return fail_at(x, end, "the file ends inside the %s of line "
			       "%lu: it is cut short", x->stmts[s.st].tag,
			       x->stmts[s.st].line);
	if (s.ofx_open)
		return fail_at(x, end, "the file ends before </OFX>: it is "
			       "cut short");
	x->first_error_status = s.status_code_at;
	return PR_OK;
}

/* ---- libofx ------------------------------------------------------------- */

static char *
dup_valid(struct ofx *x, int valid, const char *s)
{
	char *d = pr__strdup(valid && s != NULL ? s : "");

	if (d == NULL)
		x->nomem = 1;
	return d;
}

static int
on_status(const struct OfxStatusData d, void *payload)
{
	struct ofx *x = payload;

	x->n_status++;
	if (x->have_bad || !d.severity_valid || d.severity != ERROR)
		return 0;
	x->have_bad = 1;
	x->bad.code = d.code_valid ? d.code : -1;
	snprintf(x->bad.element, sizeof(x->bad.element), "%s",
		 d.ofx_element_name_valid ? d.ofx_element_name : "");
	x->bad.message = dup_valid(x, d.server_message_valid,
				   d.server_message);
	return 0;
}

/* "BANKID BRANCHID ACCTID", leaving out what the account lacks. */
static char *
account_text(struct ofx *x, const struct OfxAccountData *a)
{
	char b[OFX_BANKID_LENGTH + OFX_BRANCHID_LENGTH + OFX_ACCTID_LENGTH +
	       4];
	size_t n = 0;

	b[0] = '\0';
	if (a == NULL || !a->account_number_valid ||
	    a->account_number[0] == '\0')
		return dup_valid(x, 1, "");
	if (a->bank_id_valid && a->bank_id[0] != '\0')
		n += (size_t)snprintf(b + n, sizeof(b) - n, "%s ", a->bank_id);
	if (a->branch_id_valid && a->branch_id[0] != '\0')
		n += (size_t)snprintf(b + n, sizeof(b) - n, "%s ",
				      a->branch_id);
	snprintf(b + n, sizeof(b) - n, "%s", a->account_number);
	return dup_valid(x, 1, b);
}

static int
on_statement(const struct OfxStatementData d, void *payload)
{
	struct ofx *x = payload;
	struct lib_stmt *s;

	if (x->nomem || pr__grow((void **)&x->ls, &x->cap_ls, x->n_ls + 1,
				 sizeof(*x->ls))) {
		x->nomem = 1;
		return 0;
	}
	s = &x->ls[x->n_ls++];
	memset(s, 0, sizeof(*s));
	s->account = account_text(x, d.account_ptr);
	if (d.currency_valid)
		snprintf(s->currency, sizeof(s->currency), "%s", d.currency);
	return 0;
}

static int
on_transaction(const struct OfxTransactionData d, void *payload)
{
	struct ofx *x = payload;
	struct lib_trn *t;

	if (x->nomem || pr__grow((void **)&x->lt, &x->cap_lt, x->n_lt + 1,
				 sizeof(*x->lt))) {
		x->nomem = 1;
		return 0;
	}
	t = &x->lt[x->n_lt++];
	t->fitid = dup_valid(x, d.fi_id_valid, d.fi_id);
	t->name = dup_valid(x, d.name_valid, d.name);
	t->memo = dup_valid(x, d.memo_valid, d.memo);
	t->checknum = dup_valid(x, d.check_number_valid, d.check_number);
	return 0;
}

/* Write the bytes that were hashed where libofx can read them. */
static int
temp_copy(char *path, size_t size, struct ofx *x)
{
	const char *dir = getenv("TMPDIR");
	size_t off = 0;
	int fd;

	if (dir == NULL || dir[0] == '\0')
		dir = "/tmp";
	if ((size_t)snprintf(path, size, "%s/proceeds-ofx-XXXXXX", dir) >=
	    size)
		return pr__error_set(x->err, PR_EIO, "TMPDIR is too long");
	fd = mkstemp(path);
	if (fd < 0)
		return pr__error_sys(x->err, PR_EIO, errno, path,
				     "cannot create a temporary copy for "
				     "libofx");
	while (off < x->len) {
		ssize_t w = write(fd, x->buf + off, x->len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			int e = errno;

			close(fd);
			unlink(path);
			return pr__error_sys(x->err, PR_EIO, e, path,
					     "cannot write");
		}
		off += (size_t)w;
	}
	if (close(fd) != 0) {
		int e = errno;

		unlink(path);
		return pr__error_sys(x->err, PR_EIO, e, path, "cannot write");
	}
	return PR_OK;
}

static int
run_libofx(struct ofx *x)
{
	char tmp[4096];
	LibofxContextPtr ctx;
	int rc;

	rc = temp_copy(tmp, sizeof(tmp), x);
	if (rc != PR_OK)
		return rc;
	/* libofx's message switches are process-wide: keep it quiet */
	ofx_PARSER_msg = ofx_DEBUG_msg = ofx_DEBUG1_msg = ofx_DEBUG2_msg = 0;
	ofx_DEBUG3_msg = ofx_DEBUG4_msg = ofx_DEBUG5_msg = 0;
	ofx_STATUS_msg = ofx_INFO_msg = ofx_WARNING_msg = ofx_ERROR_msg = 0;
	ofx_show_position = 0;
	ctx = libofx_get_new_context();
	if (ctx == NULL) {
		unlink(tmp);
		return nomem(x);
	}
	ofx_set_status_cb(ctx, on_status, x);
	ofx_set_statement_cb(ctx, on_statement, x);
	ofx_set_transaction_cb(ctx, on_transaction, x);
	/* libofx's verdict is not used: it complains (and recovers) on
	 * DTD details real banks get wrong; what it delivers is checked
	 * against the scan instead. */
	(void)libofx_proc_file(ctx, tmp, OFX);
	libofx_free_context(ctx);
	unlink(tmp);
	if (x->nomem)
		return nomem(x);
	return PR_OK;
}

/* ---- values -------------------------------------------------------------- */

/* An OFX date: YYYYMMDD, then optionally HHMMSS[.XXX][offset[:TZ]];
 * the day as written is the date. */
static int
ofx_date(struct ofx *x, pr_date *out, const struct val *v, const char *tag)
{
	char q[64];
	int y, m, d;
	size_t i;

	if (v->n == 0)
		return fail_at(x, v->at, "%s is empty", tag);
	pr__quote(q, sizeof(q), v->p, v->n);
	for (i = 0; i < 8; i++)
		if (i >= v->n || v->p[i] < '0' || v->p[i] > '9')
			return fail_at(x, v->at, "%s '%s' does not start with "
				       "a date YYYYMMDD", tag, q);
	for (i = 8; i < v->n; i++) {
		unsigned char c = (unsigned char)v->p[i];

		if (!((c >= '0' && c <= '9') || c == '.' || c == '[' ||
		      c == ']' || c == ':' || c == '+' || c == '-' ||
		      (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')))
			return fail_at(x, v->at, "%s '%s' is not an OFX date "
				       "and time", tag, q);
	}
	y = (v->p[0] - '0') * 1000 + (v->p[1] - '0') * 100 +
	    (v->p[2] - '0') * 10 + (v->p[3] - '0');
	m = (v->p[4] - '0') * 10 + (v->p[5] - '0');
	d = (v->p[6] - '0') * 10 + (v->p[7] - '0');
	if (pr_date_from_ymd(out, y, m, d, NULL) != PR_OK)
		return fail_at(x, v->at, "%s '%s': no such day", tag, q);
	return PR_OK;
}

/* An OFX amount: an optional sign, digits, optionally one decimal point
 * ('.' or ',') and digits; exact, in minor units. */
static int
ofx_amount(struct ofx *x, mpz_t out, const struct val *v, const char *tag,
	   const pr_currency *cur)
{
	pr_money_style st = { '.', 0, PR_EXCESS_ZEROS };
	pr_error me;
	char q[64];
	size_t i, points = 0, digits = 0;

	if (v->n == 0)
		return fail_at(x, v->at, "%s is empty", tag);
	pr__quote(q, sizeof(q), v->p, v->n);
	for (i = 0; i < v->n; i++) {
		char c = v->p[i];

		if (c >= '0' && c <= '9')
			digits++;
		else if (c == '.' || c == ',') {
			points++;
			st.decimal = c;
		} else if (c == 'e' || c == 'E')
			return fail_at(x, v->at, "%s '%s' has an exponent",
				       tag, q);
		else if (!((c == '-' || c == '+') && i == 0))
			return fail_at(x, v->at, "%s '%s' is not a decimal "
				       "amount", tag, q);
	}
	if (points > 1)
		return fail_at(x, v->at, "%s '%s' has %zu decimal points",
			       tag, q, points);
	if (digits == 0)
		return fail_at(x, v->at, "%s '%s' has no digits", tag, q);
	pr_error_clear(&me);
	if (pr_money_parse(out, v->p, v->n, cur->minor, &st, &me) != PR_OK)
		return fail_at(x, v->at, "%s: %s", tag, me.msg);
	return PR_OK;
}

static int
valid_utf8(const char *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t c;

	while (*p != 0) {
		utf8proc_ssize_t n = utf8proc_iterate(p, -1, &c);

		if (n <= 0)
			return 0;
		p += n;
	}
	return 1;
}

/* ---- the whole file ------------------------------------------------------ */

static void
clear(struct ofx *x)
{
	size_t i;

	for (i = 0; i < x->n_stmts; i++)
		pr__free(x->stmts[i].account);
	pr__free(x->stmts);
	for (i = 0; i < x->n_lt; i++) {
		pr__free(x->lt[i].fitid);
		pr__free(x->lt[i].name);
		pr__free(x->lt[i].memo);
		pr__free(x->lt[i].checknum);
	}
	pr__free(x->lt);
	for (i = 0; i < x->n_ls; i++)
		pr__free(x->ls[i].account);
	pr__free(x->ls);
	pr__free(x->bad.message);
	pr__free(x->trns);
}

/* Check what libofx reported against the scan. */
static int
cross_check(struct ofx *x)
{
	size_t i;
	char a[64], b[64];

	/* nothing at all: OpenSP found no DTD to parse with */
	if (x->n_stmts > 0 && x->n_ls == 0 && x->n_lt == 0 &&
	    x->n_status == 0)
		return fail_at(x, x->stmts[0].at, "libofx read nothing from "
			       "this file: are its DTDs installed "
			       "(/usr/share/libofx7/libofx/dtd, or "
			       "OFX_DTD_PATH)?");
	for (i = 0; i < x->n_stmts; i++) {
		struct stmt *s = &x->stmts[i];

		if (i >= x->n_ls)
			return fail_at(x, s->at, "libofx could not read this "
				       "%s", s->tag);
		if (x->ls[i].account[0] == '\0')
			return fail_at(x, s->at, "the %s names no account "
				       "(ACCTID)", s->tag);
		s->account = x->ls[i].account;
		x->ls[i].account = NULL;
	}
	if (x->n_ls > x->n_stmts)
		return fail_at(x, x->buf + x->len, "libofx read %zu "
			       "statements where the file has %zu",
			       x->n_ls, x->n_stmts);
	for (i = 0; i < x->n_trns; i++) {
		const struct trn *t = &x->trns[i];
		const struct lib_trn *l;

		if (t->fitid.at == NULL)
			return fail_at(x, t->at, "transaction without FITID");
		if (t->fitid.n == 0)
			return fail_at(x, t->fitid.at, "FITID is empty");
		if (i >= x->n_lt)
			return fail_at(x, t->at, "libofx could not read this "
				       "STMTTRN (FITID '%s')",
				       pr__quote(a, sizeof(a), t->fitid.p,
						 t->fitid.n));
		l = &x->lt[i];
		if (strlen(l->fitid) != t->fitid.n ||
		    memcmp(l->fitid, t->fitid.p, t->fitid.n) != 0)
			return fail_at(x, t->at, "libofx read FITID '%s' "
				       "where the file has '%s'",
				       pr__quote(a, sizeof(a), l->fitid,
						 strlen(l->fitid)),
				       pr__quote(b, sizeof(b), t->fitid.p,
						 t->fitid.n));
		/* libofx keeps NAME to 96 bytes and MEMO to 390: refuse
		 * rather than keep a text cut short */
		if (t->name.n > OFX_TRANSACTION_NAME_LENGTH - 1)
			return fail_at(x, t->name.at, "NAME longer than the "
				       "%d bytes libofx keeps",
				       OFX_TRANSACTION_NAME_LENGTH - 1);
		if (t->memo.n > OFX_MEMO2_LENGTH - 1)
			return fail_at(x, t->memo.at, "MEMO longer than the "
				       "%d bytes libofx keeps",
				       OFX_MEMO2_LENGTH - 1);
		if (!valid_utf8(l->name) || !valid_utf8(l->memo) ||
		    !valid_utf8(l->checknum))
			return fail_at(x, t->at, "the text of this STMTTRN is "
				       "not valid in the file's CHARSET");
	}
	if (x->n_lt > x->n_trns)
		return fail_at(x, x->buf + x->len, "libofx read %zu "
			       "transactions where the file has %zu",
			       x->n_lt, x->n_trns);
	return PR_OK;
}

/* description: "TRNTYPE: NAME; MEMO; check CHECKNUM" */
static int
describe(struct ofx *x, char **out, const struct trn *t,
	 const struct lib_trn *l)
{
	size_t n = t->trntype.n + strlen(l->name) + strlen(l->memo) +
		   strlen(l->checknum) + 32;
	char *d = pr__malloc(n);
	size_t k = 0;
	const char *parts[3];
	size_t i, np = 0;

	if (d == NULL)
		return nomem(x);
	if (t->trntype.n > 0)
		k += (size_t)snprintf(d, n, "%.*s%s", (int)t->trntype.n,
				      t->trntype.p, l->name[0] != '\0' ||
				      l->memo[0] != '\0' ||
				      l->checknum[0] != '\0' ? ":" : "");
	if (l->name[0] != '\0')
		parts[np++] = l->name;
	if (l->memo[0] != '\0' && strcmp(l->memo, l->name) != 0)
		parts[np++] = l->memo;
	for (i = 0; i < np; i++)
		k += (size_t)snprintf(d + k, n - k, "%s%s",
				      k == 0 ? "" : i == 0 ? " " : "; ",
				      parts[i]);
	if (l->checknum[0] != '\0')
		snprintf(d + k, n - k, "%scheck %s", k == 0 ? "" :
			 np == 0 ? " " : "; ", l->checknum);
	*out = d;
	return PR_OK;
}

/* Send every row and period to the sink; with sink NULL, only check
 * what the scan alone can check (before libofx runs). */
static int
emit(struct ofx *x, const pr__import_sink *sink, pr__read_info *info)
{
	pr__bank_row row;
	pr__statement_row sr;
	mpz_t sum;
	char *desc = NULL;
	size_t i, j;
	int rc = PR_OK;

	memset(&row, 0, sizeof(row));
	memset(&sr, 0, sizeof(sr));
	mpz_inits(row.amount, row.balance, sr.opening, sr.closing, sum,
		  NULL);
	for (i = 0; i < x->n_stmts && rc == PR_OK; i++) {
		const struct stmt *s = &x->stmts[i];
		const pr_currency *cur;
		char code[4], q[64];
		int have_period;

		if (s->curdef.at == NULL || s->curdef.n == 0) {
			rc = fail_at(x, s->curdef.at ? s->curdef.at : s->at,
				     "the %s has no currency (CURDEF)",
				     s->tag);
			break;
		}
		cur = NULL;
		if (s->curdef.n == 3) {
			memcpy(code, s->curdef.p, 3);
			code[3] = '\0';
			cur = pr_currency_find(code);
		}
		if (cur == NULL) {
			rc = fail_at(x, s->curdef.at, "CURDEF '%s' is no ISO "
				     "4217 currency this version knows",
				     pr__quote(q, sizeof(q), s->curdef.p,
					       s->curdef.n));
			break;
		}
		if (sink != NULL && x->ls[i].currency[0] != '\0' &&
		    strcmp(x->ls[i].currency, code) != 0) {
			rc = fail_at(x, s->curdef.at, "libofx read currency "
				     "'%s' where the file has '%s'",
				     x->ls[i].currency, code);
			break;
		}
		mpz_set_ui(sum, 0);
		for (j = s->first; j < s->first + s->n; j++) {
			const struct trn *t = &x->trns[j];

			/* amounts in another currency than CURDEF */
			if (t->foreign && !(t->cursym.n == 3 &&
					    memcmp(t->cursym.p, code, 3) == 0)) {
				rc = fail_at(x, t->at, "a transaction in "
					     "another currency (CURRENCY "
					     "'%s'): this reader does not "
					     "convert", pr__quote(q, sizeof(q),
					     t->cursym.p, t->cursym.n));
				break;
			}
			if (t->dtposted.at == NULL) {
				rc = fail_at(x, t->at, "transaction without "
					     "DTPOSTED");
				break;
			}
			if (t->trnamt.at == NULL) {
				rc = fail_at(x, t->at, "transaction without "
					     "TRNAMT");
				break;
			}
			row.line = t->line;
			row.record = j + 1;
			row.account = s->account;
			row.currency = cur->code;
			if ((rc = ofx_date(x, &row.date, &t->dtposted,
					   "DTPOSTED")) != PR_OK)
				break;
			row.has_value_date = t->dtavail.at != NULL;
			if (row.has_value_date &&
			    (rc = ofx_date(x, &row.value_date, &t->dtavail,
					   "DTAVAIL")) != PR_OK)
				break;
			if ((rc = ofx_amount(x, row.amount, &t->trnamt,
					     "TRNAMT", cur)) != PR_OK)
				break;
			mpz_add(sum, sum, row.amount);
			if (sink == NULL)
				continue;
			pr__free(desc);
			desc = NULL;
			if ((rc = describe(x, &desc, t, &x->lt[j])) != PR_OK)
				break;
			row.description = desc;
			row.reference = x->lt[j].fitid;
			row.counterparty = x->lt[j].name;
			row.counter_account = "";
			if ((rc = sink->row(&row, sink->payload, x->err)) !=
			    PR_OK)
				break;
			info->records++;
		}
		if (rc != PR_OK)
			break;
		/* the period the statement states, with its ledger balance */
		have_period = s->has_list && s->has_ledger;
		if (s->has_ledger && (s->balamt.at == NULL ||
				      s->balamt.n == 0)) {
			rc = fail_at(x, s->balamt.at ? s->balamt.at : s->at,
				     "the LEDGERBAL has no balance (BALAMT "
				     "is %s)", s->balamt.at ? "empty" :
				     "missing");
			break;
		}
		if (s->has_ledger && s->dtasof.at == NULL) {
			rc = fail_at(x, s->at, "the LEDGERBAL has no DTASOF");
			break;
		}
		if (!have_period)
			continue;
		if (s->dtstart.at == NULL || s->dtend.at == NULL) {
			rc = fail_at(x, s->at, "the BANKTRANLIST has no %s",
				     s->dtstart.at == NULL ? "DTSTART" :
				     "DTEND");
			break;
		}
		sr.line = s->line;
		sr.account = s->account;
		sr.currency = cur->code;
		if ((rc = ofx_date(x, &sr.start, &s->dtstart, "DTSTART")) ||
		    (rc = ofx_date(x, &sr.end, &s->dtend, "DTEND")) ||
		    (rc = ofx_date(x, &row.date, &s->dtasof, "DTASOF")) ||
		    (rc = ofx_amount(x, sr.closing, &s->balamt, "BALAMT",
				     cur)))
			break;
		if (sr.end < sr.start) {
			rc = fail_at(x, s->dtend.at, "DTEND is before "
				     "DTSTART");
			break;
		}
		mpz_sub(sr.opening, sr.closing, sum);
		sr.source = "ofx ledger balance";
		if (sink == NULL)
			continue;
		if ((rc = sink->statement(&sr, sink->payload, x->err)) !=
		    PR_OK)
			break;
		info->statements++;
	}
	pr__free(desc);
	mpz_clears(row.amount, row.balance, sr.opening, sr.closing, sum,
		   NULL);
	return rc;
}

/* OFX 1.x starts with its SGML header "OFXHEADER:"; 2.x is XML with an
 * OFXHEADER processing instruction; some banks send the <OFX> body bare. */
int
pr__ofx_probe(const char *head, size_t len)
{
	return pr__head_has(head, len, "OFXHEADER", 1) ||
	       pr__head_has(head, len, "<OFX>", 1);
}

int
pr__ofx_read(const char *path, const char *name,
	     const pr_import_options *o, const pr__import_sink *sink,
	     pr__read_info *info, pr_error *err)
{
	struct ofx x;
	char *buf = NULL;
	size_t len = 0;
	int rc;

	(void)o;
	memset(&x, 0, sizeof(x));
	rc = pr__read_file(&buf, &len, path, name, MAX_FILE, info, err);
	if (rc != PR_OK)
		return rc;
	x.name = name;
	x.buf = buf;
	x.len = len;
	x.err = err;
	if (memchr(buf, '\0', len) != NULL) {
		rc = fail_at(&x, memchr(buf, '\0', len),
			     "NUL byte: this is not a text file");
		goto done;
	}
	/* everything the bytes alone can refuse, before libofx sees them */
	if ((rc = scan(&x)) != PR_OK || (rc = emit(&x, NULL, info)) != PR_OK ||
	    (rc = run_libofx(&x)) != PR_OK)
		goto done;
	/* the server's own refusal first: it is why nothing follows */
	if (x.have_bad) {
		char m[160];
		size_t i;

		/* the server's words, on one line */
		snprintf(m, sizeof(m), "%s", x.bad.message);
		for (i = 0; m[i] != '\0'; i++)
			if ((unsigned char)m[i] < 0x20 || m[i] == 0x7f)
				m[i] = ' ';
		rc = fail_at(&x, x.first_error_status ? x.first_error_status :
			     buf, "the OFX server answered %s with error "
			     "%d%s%s%s", x.bad.element[0] ? x.bad.element :
			     "the request", x.bad.code, m[0] ? ": '" : "", m,
			     m[0] ? "'" : "");
		goto done;
	}
	if (x.n_stmts == 0) {
		rc = fail_at(&x, buf, "no bank or credit-card statement "
			     "(STMTRS or CCSTMTRS) in the file");
		goto done;
	}
	if ((rc = cross_check(&x)) != PR_OK)
		goto done;
	rc = emit(&x, sink, info);
done:
	clear(&x);
	pr__free(buf);
	return rc;
}
