/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ISO 20022 camt.052 (account report), camt.053 (statement) and camt.054
 * (debit/credit notification), every version (.001.01 to .001.08 and
 * later), streamed through libxml2's SAX2 push parser: the file is read
 * in 64 KiB chunks, hashed as it is read and parsed as it arrives, and
 * no tree is ever built, so memory stays flat whatever the file's size.
 * Elements are matched on their local names only, whatever the
 * namespace or prefix.
 *
 * Why SAX rather than xmlTextReader: every message here is
 * file:line:column, and only the parser context knows where a start tag
 * begins (xmlTextReader hands out nodes without columns, and its
 * parser-position calls run ahead of the node by up to a chunk). In
 * on_start the context stands at the end of the start tag, whose '<'
 * is still in the input buffer; walking back to it gives the exact line
 * and column of every element.
 *
 * Mapping (paths below each Stmt, Rpt or Ntfctn):
 *
 *   account      Acct/Id/IBAN, else Acct/Id/Othr/Id, else
 *                Acct/Id/PrtryAcct/Id (camt.052.001.01)
 *   currency     Acct/Ccy, else the Ccy of the first amount; every
 *                amount of the Stmt must be in it
 *   period       opening OPBD (else PRCD, the previous closing) and
 *                closing CLBD balances, with Bal/Amt, Bal/CdtDbtInd
 *                (DBIT: negative) and Bal/Dt/Dt or Bal/Dt/DtTm; the
 *                days are FrToDt/FrDtTm and ToDtTm (or FrDt, ToDt)
 *                when present, else the two balances' dates. Other
 *                balance types (OPAV, CLAV, FWAV, ITBD, ITAV, PRCD
 *                beside an OPBD, INFO, XPCD, proprietary ones) are read
 *                and checked but make no period.
 *   Ntry         one row: Amt (Ccy), CdtDbtInd (CRDT +, DBIT -),
 *                RvslInd (sign still from CdtDbtInd, as ISO 20022
 *                defines it: the entry is the reversing booking; the
 *                description starts "reversal: "), BookgDt (Dt or
 *                DtTm; else ValDt) as the date, ValDt as the value
 *                date. Sts BOOK imports; PDNG, INFO and FUTR entries
 *                are read and checked but not imported, as they have
 *                not moved the balance.
 *   TxDtls       one: enriches the entry's row. Several (a batch):
 *                each is its own row, at its own line, with its own
 *                amount (TxDtls/Amt or AmtDtls/TxAmt/Amt, CdtDbtInd
 *                its own or the entry's), and they must sum exactly to
 *                the entry.
 *   reference    "key=value" words in this order, each only when
 *                present: e2e= (Refs/EndToEndId, not NOTPROVIDED),
 *                uetr= (Refs/UETR, lower case), txid= (Refs/TxId),
 *                svcr= (Refs/AcctSvcrRef, else the entry's
 *                AcctSvcrRef), cref= (RmtInf/Strd/CdtrRefInf/Ref),
 *                btc= (BkTxCd Domn/Fmly/SubFmlyCd codes joined by '/',
 *                else Prtry/Cd)
 *   description  RmtInf/Ustrd lines joined by one space, else
 *                AddtlTxInf, else AddtlNtryInf
 *   counterparty the other side by direction: a credit's RltdPties/
 *                Dbtr/Nm (Dbtr/Pty/Nm in .08) and DbtrAcct/Id (IBAN or
 *                Othr/Id), a debit's Cdtr and CdtrAcct
 *
 * Dates from a DtTm are the date as written, without time zone
 * conversion: the bank's own business day.
 *
 * Safety: no DTD is ever loaded and no entity substituted; a DOCTYPE is
 * refused outright (ISO 20022 messages never carry one).
 */
#include "config.h"
#include "common.h"
#include "import.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

#define CHUNK 65536
/* Longest text kept from one element (names, ids, remittance lines). */
#define MAX_FIELD 4096
/* Elements nested deeper than this are followed by depth only. */
#define MAX_DEPTH 48

static int
is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* XML whose first element names a camt.052, .053 or .054 message. */
int
pr__camt_probe(const char *head, size_t len)
{
	size_t i = 0;

	if (len >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len && is_space((unsigned char)head[i]))
		i++;
	if (i >= len || head[i] != '<')
		return 0;
	return pr__head_has(head, len, "camt.052", 0) ||
	       pr__head_has(head, len, "camt.053", 0) ||
	       pr__head_has(head, len, "camt.054", 0) ||
	       pr__head_has(head, len, "BkToCstmrStmt", 0) ||
	       pr__head_has(head, len, "BkToCstmrAcctRpt", 0) ||
	       pr__head_has(head, len, "BkToCstmrDbtCdtNtfctn", 0);
}

/* The elements the reader looks at; every other is E_OTHER. */
enum el {
	E_OTHER, E_MSG, E_RPT, E_ACCT, E_ACCTSVCRREF, E_ADDTLNTRYINF,
	E_ADDTLTXINF, E_AMT, E_AMTDTLS, E_BAL, E_BKTXCD, E_BOOKGDT, E_CCY,
	E_CD, E_CDORPRTRY, E_CDTDBTIND, E_CDTR, E_CDTRACCT, E_CDTRREFINF,
	E_DBTR, E_DBTRACCT, E_DOMN, E_DT, E_DTTM, E_ENDTOENDID, E_FMLY,
	E_FRDT, E_FRDTTM, E_FRTODT, E_IBAN, E_ID, E_NM, E_NTRY, E_NTRYDTLS,
	E_OTHR, E_PRTRY, E_PRTRYACCT, E_PTY, E_REF, E_REFS, E_RLTDPTIES,
	E_RMTINF, E_RVSLIND, E_STRD, E_STS, E_SUBFMLYCD, E_TODT, E_TODTTM,
	E_TP, E_TXAMT, E_TXDTLS, E_TXID, E_USTRD, E_UETR, E_VALDT
};

static const struct {
	const char *name;
	enum el id;
} names[] = {
	{ "Acct", E_ACCT }, { "AcctSvcrRef", E_ACCTSVCRREF },
	{ "AddtlNtryInf", E_ADDTLNTRYINF }, { "AddtlTxInf", E_ADDTLTXINF },
	{ "Amt", E_AMT }, { "AmtDtls", E_AMTDTLS }, { "Bal", E_BAL },
	{ "BkTxCd", E_BKTXCD }, { "BookgDt", E_BOOKGDT }, { "Ccy", E_CCY },
	{ "Cd", E_CD }, { "CdOrPrtry", E_CDORPRTRY },
	{ "CdtDbtInd", E_CDTDBTIND }, { "Cdtr", E_CDTR },
	{ "CdtrAcct", E_CDTRACCT }, { "CdtrRefInf", E_CDTRREFINF },
	{ "Dbtr", E_DBTR }, { "DbtrAcct", E_DBTRACCT }, { "Domn", E_DOMN },
	{ "Dt", E_DT }, { "DtTm", E_DTTM }, { "EndToEndId", E_ENDTOENDID },
	{ "Fmly", E_FMLY }, { "FrDt", E_FRDT }, { "FrDtTm", E_FRDTTM },
	{ "FrToDt", E_FRTODT }, { "IBAN", E_IBAN }, { "Id", E_ID },
	{ "Nm", E_NM }, { "Ntfctn", E_RPT }, { "Ntry", E_NTRY },
	{ "NtryDtls", E_NTRYDTLS }, { "Othr", E_OTHR }, { "Prtry", E_PRTRY },
	{ "PrtryAcct", E_PRTRYACCT }, { "Pty", E_PTY }, { "Ref", E_REF },
	{ "Refs", E_REFS }, { "RltdPties", E_RLTDPTIES },
	{ "RmtInf", E_RMTINF }, { "Rpt", E_RPT }, { "RvslInd", E_RVSLIND },
	{ "Stmt", E_RPT }, { "Strd", E_STRD }, { "Sts", E_STS },
	{ "SubFmlyCd", E_SUBFMLYCD }, { "ToDt", E_TODT },
	{ "ToDtTm", E_TODTTM }, { "Tp", E_TP }, { "TxAmt", E_TXAMT },
	{ "TxDtls", E_TXDTLS }, { "TxId", E_TXID }, { "UETR", E_UETR },
	{ "Ustrd", E_USTRD }, { "ValDt", E_VALDT },
};

/* Text fields of one TxDtls. */
enum {
	T_E2E, T_UETR, T_TXID, T_SVCR, T_CREF, T_DBTR, T_CDTR, T_DBTRACCT,
	T_CDTRACCT, T_USTRD, T_ADDTL, T_N
};

/* Text fields of one Ntry. */
enum { N_SVCR, N_DOMN, N_FMLY, N_SUB, N_PRTRY, N_ADDTL, N_N };

struct pos {
	unsigned long line, column;
};

/* One TxDtls, as read. */
struct txd {
	struct pos at;
	int has_amt;
	int has_cdi;
	int credit;
	char ccy[4];
	struct pos amt_at;
	mpz_t amt;              /* unsigned magnitude */
	char f[T_N][MAX_FIELD + 1];
};

/* A balance (Bal), as read. */
struct bal {
	struct pos at;
	int has_amt, has_cdi, has_date, credit;
	char code[8];           /* OPBD, CLBD ...; "" for a proprietary */
	char ccy[4];
	struct pos amt_at;
	mpz_t amt;
	pr_date date;
};

struct rd {
	const char *name;
	xmlParserCtxtPtr ctxt;
	const pr__import_sink *sink;
	pr_error *err;
	int rc;                 /* first failure; parsing stops on it */

	/* the element stack */
	int depth;
	enum el stack[MAX_DEPTH + 1];
	const xmlChar *sname[MAX_DEPTH + 1]; /* libxml2's dictionary's */
	struct pos spos[MAX_DEPTH + 1];
	char ccy_attr[8];       /* Ccy of the last Amt start tag */
	int ccy_seen;
	/* a small cache from libxml2's interned names to ids */
	const xmlChar *cache_key[256];
	enum el cache_id[256];

	/* text of the current leaf */
	char text[MAX_FIELD + 1];
	size_t text_len;
	int text_long;

	/* the message and the Stmt, Rpt or Ntfctn */
	int msg_depth;
	int n_msg;
	struct pos msg_at;
	char msg_name[40];
	int n_rpt;              /* reports in the current message */
	int rpt_depth;
	char rpt_name[8];
	struct pos rpt_at;
	char account[MAX_FIELD + 1];
	int acct_rank;          /* 1 PrtryAcct, 2 Othr, 3 IBAN */
	char ccy[4];
	int ccy_from_acct;
	struct bal bal;
	int has_open, has_prcd, has_close;
	pr_date open_date, prcd_date, close_date;
	mpz_t open, prcd, close;
	int has_from, has_to;
	pr_date from, to;

	/* the Ntry */
	int in_ntry;
	struct pos ntry_at;
	int has_amt, has_cdi, has_sts, has_bookg, has_val, reversal;
	int credit;
	int booked;
	char nccy[4];
	mpz_t amt;              /* magnitude */
	pr_date bookg, val;
	char nf[N_N][MAX_FIELD + 1];
	unsigned long n_tx;
	mpz_t tx_sum;           /* signed sum of the details */
	struct txd *tx;         /* the TxDtls being read */
	struct txd *held;       /* the first TxDtls of the entry */

	/* output */
	pr__bank_row row;
	char ref[6 * (MAX_FIELD + 8)];
	char desc[MAX_FIELD + 16];
	uint64_t records;
	uint64_t statements;
};

/* ------------------------------------------------------------------ */
/* errors */

static int
fail_at(struct rd *r, const struct pos *at, int code, const char *fmt, ...)
	PR__PRINTF(4, 5);

/* Record the first failure, at a place in the file, and stop the
 * parser. */
static int
fail_at(struct rd *r, const struct pos *at, int code, const char *fmt, ...)
{
	va_list ap;
	pr_loc loc;

	if (r->rc != PR_OK)
		return r->rc;
	memset(&loc, 0, sizeof(loc));
	snprintf(loc.path, sizeof(loc.path), "%s", r->name);
	if (at != NULL) {
		loc.line = at->line;
		loc.column = at->column;
	}
	loc.record = (unsigned long)r->records + 1;
	va_start(ap, fmt);
	pr__error_vset(r->err, code, &loc, fmt, ap);
	va_end(ap);
	r->rc = code;
	if (r->ctxt != NULL)
		xmlStopParser(r->ctxt);
	return code;
}

/* A callee's error (the sink's), passed on as it is. */
static int
failed(struct rd *r, int code)
{
	if (r->rc == PR_OK)
		r->rc = code;
	if (r->ctxt != NULL)
		xmlStopParser(r->ctxt);
	return code;
}

struct xerr {
	int have;
	int code;
	int line;
	int column;
	char msg[200];
};

/* libxml2 words its limits for a programmer: say what in the file is
 * wrong instead (as pacs008.c does). */
static void
our_words(struct xerr *x, int code)
{
	const char *m = x->msg;
	const char *say = NULL;

	if (code == XML_ERR_ENTITY_LOOP)
		say = "entities that refer to themselves";
	else if (strstr(m, "depth") != NULL)
		say = "elements nested more than 256 deep";
	else if (code == XML_ERR_NAME_TOO_LONG ||
		 strstr(m, "ame too long") != NULL)
		say = "a name longer than 50,000 bytes";
	else if (strstr(m, "ttValue length too long") != NULL)
		say = "an attribute value longer than 10,000,000 bytes";
	else if (strstr(m, "XML_PARSE_HUGE") != NULL ||
		 strstr(m, "uge") != NULL)
		say = "a text longer than 10,000,000 bytes";
	if (say != NULL)
		snprintf(x->msg, sizeof(x->msg), "%s", say);
}

/* Keep libxml2's first error, which names the cause rather than a
 * consequence, trimmed and lower-cased for our messages. */
static void
keep_xml_error(struct xerr *x, const xmlError *e)
{
	size_t n;

	if (x->have || e == NULL || e->level < XML_ERR_ERROR)
		return;
	x->have = 1;
	x->code = e->code;
	x->line = e->line;
	x->column = e->int2;
	snprintf(x->msg, sizeof(x->msg), "%s",
		 e->message != NULL ? e->message : "error");
	n = strlen(x->msg);
	while (n > 0 && (x->msg[n - 1] == '\n' || x->msg[n - 1] == ' ' ||
			 x->msg[n - 1] == '\r' || x->msg[n - 1] == '.'))
		x->msg[--n] = '\0';
	if (n > 0 && x->msg[0] >= 'A' && x->msg[0] <= 'Z' &&
	    (n == 1 || x->msg[1] < 'A' || x->msg[1] > 'Z'))
		x->msg[0] = (char)(x->msg[0] - 'A' + 'a');
	our_words(x, e->code);
}

struct ctx {
	struct rd *r;
	struct xerr x;
};

static void
on_xml_error(void *payload, xmlErrorPtr e)
{
	xmlParserCtxtPtr ctxt = payload;
	struct ctx *c = ctxt != NULL ? ctxt->_private : NULL;

	if (c != NULL)
		keep_xml_error(&c->x, e);
}

/* ------------------------------------------------------------------ */
/* values */

static enum el
lookup(struct rd *r, const xmlChar *name)
{
	size_t h = ((uintptr_t)name >> 4) & 255;
	size_t lo = 0, hi = sizeof(names) / sizeof(names[0]);
	const char *s = (const char *)name;
	enum el id = E_OTHER;

	if (r->cache_key[h] == name)
		return r->cache_id[h];
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(s, names[mid].name);

		if (c == 0) {
			id = names[mid].id;
			break;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	if (id == E_OTHER && (strncmp(s, "BkToCstmrStmt", 13) == 0 ||
			      strncmp(s, "BkToCstmrAcctRpt", 16) == 0 ||
			      strncmp(s, "BkToCstmrDbtCdtNtfctn", 21) == 0))
		id = E_MSG;
	r->cache_key[h] = name;
	r->cache_id[h] = id;
	return id;
}

/* The current leaf's text, trimmed of XML white space, as a C string
 * (in r->text), or an error when it was longer than MAX_FIELD. */
static const char *
leaf(struct rd *r, const char *what)
{
	size_t n = r->text_len;
	char *s = r->text;

	if (r->text_long) {
		fail_at(r, &r->spos[r->depth], PR_EPARSE, "%s is longer than "
			"%d bytes", what, MAX_FIELD);
		return NULL;
	}
	while (n > 0 && is_space((unsigned char)s[n - 1]))
		n--;
	s[n] = '\0';
	while (*s != '\0' && is_space((unsigned char)*s))
		s++;
	/* line breaks inside a text are layout: one space for each run */
	if (strpbrk(s, "\n\r\t") != NULL) {
		char *o = s, *i;

		for (i = s; *i != '\0'; i++) {
			if (is_space((unsigned char)*i)) {
				if (o > s && o[-1] == ' ')
					continue;
				*o++ = ' ';
			} else {
				*o++ = *i;
			}
		}
		*o = '\0';
	}
	return s;
}

/* Copy the leaf's text into a field (at most MAX_FIELD bytes). */
static int
keep(struct rd *r, char *dst, const char *what)
{
	const char *s = leaf(r, what);

	if (s == NULL)
		return r->rc;
	memmove(dst, s, strlen(s) + 1);
	return PR_OK;
}

/* xs:decimal as ISO 20022 writes amounts: digits, optionally a point and
 * more digits; no sign, grouping, spaces or exponent. */
static int
plain_decimal(const char *s)
{
	size_t i = 0;
	size_t d = 0;

	while (s[i] >= '0' && s[i] <= '9') {
		i++;
		d++;
	}
	if (d == 0)
		return 0;
	if (s[i] == '.') {
		i++;
		d = 0;
		while (s[i] >= '0' && s[i] <= '9') {
			i++;
			d++;
		}
		if (d == 0)
			return 0;
	}
	return s[i] == '\0';
}

/*
 * The current Amt: its Ccy attribute (a currency we know) and its text,
 * exact in minor units. Decimals beyond the currency's are accepted only
 * when they are zeros ("8.850" EUR is 8.85).
 */
static int
amount(struct rd *r, mpz_t out, char ccy[4], const char *what)
{
	static const pr_money_style style = { '.', 0, PR_EXCESS_ZEROS };
	const struct pos *at = &r->spos[r->depth];
	const pr_currency *cur;
	const char *s;
	char q[64];
	pr_error e;

	if (!r->ccy_seen)
		return fail_at(r, at, PR_EPARSE, "%s has no Ccy attribute",
			       what);
	cur = pr_currency_find(r->ccy_attr);
	if (cur == NULL || strlen(cur->code) != 3)
		return fail_at(r, at, PR_EPARSE, "unknown currency '%s' in %s",
			       pr__quote(q, sizeof(q), r->ccy_attr,
					 strlen(r->ccy_attr)), what);
	s = leaf(r, what);
	if (s == NULL)
		return r->rc;
	if (!plain_decimal(s))
		return fail_at(r, at, PR_EPARSE, "%s '%s' is not a decimal "
			       "amount (digits and a point only)", what,
			       pr__quote(q, sizeof(q), s, strlen(s)));
	pr_error_clear(&e);
	if (pr_money_parse(out, s, strlen(s), cur->minor, &style, &e) !=
	    PR_OK)
		return fail_at(r, at, PR_EPARSE, "%s: %s", what, e.msg);
	memcpy(ccy, cur->code, 4);
	return PR_OK;
}

/* CRDT or DBIT into *credit. */
static int
cdt_dbt(struct rd *r, int *credit)
{
	const char *s = leaf(r, "CdtDbtInd");
	char q[64];

	if (s == NULL)
		return r->rc;
	if (strcmp(s, "CRDT") == 0)
		*credit = 1;
	else if (strcmp(s, "DBIT") == 0)
		*credit = 0;
	else
		return fail_at(r, &r->spos[r->depth], PR_EPARSE, "CdtDbtInd "
			       "'%s' is neither CRDT nor DBIT",
			       pr__quote(q, sizeof(q), s, strlen(s)));
	return PR_OK;
}

static int
digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/*
 * An ISO date (Dt: YYYY-MM-DD) or date and time (DtTm:
 * YYYY-MM-DDThh:mm:ss, a fraction, then Z or +hh:mm / -hh:mm or
 * nothing); the day as written.
 */
static int
date_of(struct rd *r, pr_date *out, int with_time, const char *what)
{
	const struct pos *at = &r->spos[r->depth];
	const char *s = leaf(r, what);
	size_t n, body;
	pr_date d;
	int32_t secs;
	pr_error e;
	char q[64];

	if (s == NULL)
		return r->rc;
	n = strlen(s);
	pr_error_clear(&e);
	if (!with_time) {
		/* xs:date may carry a time zone: the day as written */
		if (n > 0 && s[n - 1] == 'Z')
			n--;
		else if (n > 6 && (s[n - 6] == '+' || s[n - 6] == '-') &&
			 digits(s + n - 5, 2) && s[n - 3] == ':' &&
			 digits(s + n - 2, 2))
			n -= 6;
		if (pr_date_parse(&d, s, n, "ISO", &e) != PR_OK)
			return fail_at(r, at, PR_EPARSE, "%s: %s", what,
				       e.msg);
		*out = d;
		return PR_OK;
	}
	body = n;
	if (n > 0 && s[n - 1] == 'Z')
		body = n - 1;
	else if (n > 6 && (s[n - 6] == '+' || s[n - 6] == '-') &&
		 digits(s + n - 5, 2) && s[n - 3] == ':' &&
		 digits(s + n - 2, 2))
		body = n - 6;
	if (body < 19 || s[10] != 'T' ||
	    pr_date_parse_time(&d, &secs, s, body, "YYYY-MM-DDThh:mm:ss",
			       &e) != PR_OK) {
		if (e.msg[0] != '\0' && strstr(e.msg, "does not exist"))
			return fail_at(r, at, PR_EPARSE, "%s: %s", what,
				       e.msg);
		return fail_at(r, at, PR_EPARSE, "%s '%s' is not a date and "
			       "time (YYYY-MM-DDThh:mm:ss)", what,
			       pr__quote(q, sizeof(q), s, n));
	}
	*out = d;
	return PR_OK;
}

/* Append text to a field, one space between parts, within MAX_FIELD. */
static int
append(struct rd *r, char *dst, const char *what)
{
	const char *s = leaf(r, what);
	size_t have = strlen(dst), n;

	if (s == NULL)
		return r->rc;
	n = strlen(s);
	if (n == 0)
		return PR_OK;
	if (have + 1 + n > MAX_FIELD)
		return fail_at(r, &r->spos[r->depth], PR_EPARSE, "%s is longer"
			       " than %d bytes in all", what, MAX_FIELD);
	if (have > 0)
		dst[have++] = ' ';
	memcpy(dst + have, s, n + 1);
	return PR_OK;
}

/* Every amount of a Stmt is in its currency. */
static int
same_ccy(struct rd *r, const char ccy[4], const struct pos *at,
	 const char *what)
{
	if (r->ccy[0] == '\0') {
		memcpy(r->ccy, ccy, 4);
		return PR_OK;
	}
	if (strcmp(r->ccy, ccy) == 0)
		return PR_OK;
	return fail_at(r, at, PR_EPARSE, "%s is in %s; the %s is in %s (%s)",
		       what, ccy, r->rpt_name, r->ccy, r->ccy_from_acct ?
		       "Acct/Ccy" : "its first amount");
}

/* ------------------------------------------------------------------ */
/* the element stack */

/* Is the stack from depth base + 1 to the top exactly the ids given
 * (E_OTHER-terminated list)? */
static int
path(const struct rd *r, int base, ...)
{
	va_list ap;
	int d = base + 1;
	int id;
	int ok = 1;

	va_start(ap, base);
	for (id = va_arg(ap, int); id != E_OTHER; id = va_arg(ap, int)) {
		if (d > r->depth || d > MAX_DEPTH ||
		    r->stack[d] != (enum el)id) {
			ok = 0;
			break;
		}
		d++;
	}
	va_end(ap);
	return ok && d == r->depth + 1;
}

#define AT(base, ...) path(r, (base), __VA_ARGS__, E_OTHER)

/* ------------------------------------------------------------------ */
/* rows */

static void
add_word(char *buf, size_t size, const char *key, const char *val)
{
	size_t n = strlen(buf);

	if (val[0] == '\0')
		return;
	snprintf(buf + n, size - n, "%s%s=%s", n > 0 ? " " : "", key, val);
}

/*
 * Send one row: the entry with the detail t (NULL: none), of amount
 * (signed minor units) at line at.
 */
static int
emit(struct rd *r, const struct txd *t, const mpz_t amount,
     const struct pos *at)
{
	pr__bank_row *w = &r->row;
	char btc[3 * 40];
	char uetr[MAX_FIELD + 1];
	const char *svcr = r->nf[N_SVCR];
	const char *text;
	char *p;
	int credit = mpz_sgn(amount) > 0;
	int rc;

	if (!r->booked)
		return PR_OK;
	r->records++;
	w->line = at->line;
	w->record = (unsigned long)r->records;
	w->account = r->account;
	w->currency = r->nccy;
	w->date = r->has_bookg ? r->bookg : r->val;
	w->has_value_date = r->has_val;
	w->value_date = r->val;
	mpz_set(w->amount, amount);
	w->has_balance = 0;

	btc[0] = '\0';
	if (r->nf[N_DOMN][0] != '\0')
		snprintf(btc, sizeof(btc), "%.39s%s%.39s%s%.39s",
			 r->nf[N_DOMN], r->nf[N_FMLY][0] ? "/" : "",
			 r->nf[N_FMLY], r->nf[N_SUB][0] ? "/" : "",
			 r->nf[N_SUB]);
	else
		snprintf(btc, sizeof(btc), "%.39s", r->nf[N_PRTRY]);
	r->ref[0] = '\0';
	if (t != NULL) {
		if (strcmp(t->f[T_E2E], "NOTPROVIDED") != 0)
			add_word(r->ref, sizeof(r->ref), "e2e", t->f[T_E2E]);
		snprintf(uetr, sizeof(uetr), "%s", t->f[T_UETR]);
		for (p = uetr; *p != '\0'; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		add_word(r->ref, sizeof(r->ref), "uetr", uetr);
		add_word(r->ref, sizeof(r->ref), "txid", t->f[T_TXID]);
		if (t->f[T_SVCR][0] != '\0')
			svcr = t->f[T_SVCR];
	}
	add_word(r->ref, sizeof(r->ref), "svcr", svcr);
	if (t != NULL)
		add_word(r->ref, sizeof(r->ref), "cref", t->f[T_CREF]);
	add_word(r->ref, sizeof(r->ref), "btc", btc);
	w->reference = r->ref;

	text = r->nf[N_ADDTL];
	if (t != NULL && t->f[T_USTRD][0] != '\0')
		text = t->f[T_USTRD];
	else if (t != NULL && t->f[T_ADDTL][0] != '\0')
		text = t->f[T_ADDTL];
	snprintf(r->desc, sizeof(r->desc), "%s%s",
		 r->reversal ? (text[0] ? "reversal: " : "reversal") : "",
		 text);
	w->description = r->desc;
	w->counterparty = t == NULL ? "" :
			  credit ? t->f[T_DBTR] : t->f[T_CDTR];
	w->counter_account = t == NULL ? "" :
			     credit ? t->f[T_DBTRACCT] : t->f[T_CDTRACCT];
	rc = r->sink->row(w, r->sink->payload, r->err);
	if (rc != PR_OK)
		return failed(r, rc);
	return PR_OK;
}

/* The entry is known enough to place its details: amount, direction,
 * status and a date. */
static int
entry_ready(struct rd *r)
{
	const char *miss = NULL;

	if (!r->has_amt)
		miss = "Amt";
	else if (!r->has_cdi)
		miss = "CdtDbtInd";
	else if (!r->has_sts)
		miss = "Sts";
	else if (!r->has_bookg && !r->has_val)
		miss = "BookgDt or ValDt";
	if (miss != NULL)
		return fail_at(r, &r->ntry_at, PR_EPARSE, "Ntry has no %s",
			       miss);
	return PR_OK;
}

/* A batched detail's signed amount. */
static int
tx_signed(struct rd *r, const struct txd *t, mpz_t out)
{
	if (!t->has_amt)
		return fail_at(r, &t->at, PR_EPARSE, "TxDtls of a batched "
			       "entry has no Amt (or AmtDtls/TxAmt/Amt)");
	if (strcmp(t->ccy, r->nccy) != 0)
		return fail_at(r, &t->amt_at, PR_EPARSE, "TxDtls amount is in "
			       "%s; its entry is in %s", t->ccy, r->nccy);
	mpz_set(out, t->amt);
	if (!(t->has_cdi ? t->credit : r->credit))
		mpz_neg(out, out);
	return PR_OK;
}

/* A TxDtls ended: hold the first; from the second on the entry is a
 * batch, and each detail is a row of its own. */
static int
tx_end(struct rd *r)
{
	struct txd *t;
	mpz_t v;
	int rc = PR_OK;

	r->n_tx++;
	if (r->n_tx == 1) {
		t = r->held;
		r->held = r->tx;
		r->tx = t;
		return PR_OK;
	}
	mpz_init(v);
	if (r->n_tx == 2) {
		rc = tx_signed(r, r->held, v);
		if (rc == PR_OK) {
			mpz_add(r->tx_sum, r->tx_sum, v);
			rc = emit(r, r->held, v, &r->held->at);
		}
	}
	if (rc == PR_OK)
		rc = tx_signed(r, r->tx, v);
	if (rc == PR_OK) {
		mpz_add(r->tx_sum, r->tx_sum, v);
		rc = emit(r, r->tx, v, &r->tx->at);
	}
	mpz_clear(v);
	return rc;
}

static void
tx_clear(struct txd *t, const struct pos *at)
{
	int i;

	t->at = *at;
	t->has_amt = 0;
	t->has_cdi = 0;
	t->ccy[0] = '\0';
	for (i = 0; i < T_N; i++)
		t->f[i][0] = '\0';
}

static void
ntry_clear(struct rd *r, const struct pos *at)
{
	int i;

	r->in_ntry = 1;
	r->ntry_at = *at;
	r->has_amt = r->has_cdi = r->has_sts = 0;
	r->has_bookg = r->has_val = r->reversal = 0;
	r->booked = 0;
	r->n_tx = 0;
	r->nccy[0] = '\0';
	mpz_set_ui(r->tx_sum, 0);
	for (i = 0; i < N_N; i++)
		r->nf[i][0] = '\0';
}

static int
ntry_end(struct rd *r)
{
	mpz_t v;
	char a[64], b[64];
	const pr_currency *cur;
	int rc;

	rc = entry_ready(r);
	if (rc != PR_OK)
		return rc;
	mpz_init_set(v, r->amt);
	if (!r->credit)
		mpz_neg(v, v);
	if (r->n_tx <= 1) {
		rc = emit(r, r->n_tx == 1 ? r->held : NULL, v, &r->ntry_at);
	} else if (mpz_cmp(v, r->tx_sum) != 0) {
		cur = pr_currency_find(r->nccy);
		pr_money_format(a, sizeof(a), r->tx_sum, cur->minor, 0);
		pr_money_format(b, sizeof(b), v, cur->minor, 0);
		rc = fail_at(r, &r->ntry_at, PR_EPARSE, "the %lu TxDtls of "
			     "this Ntry sum to %s %s; the entry is %s %s",
			     r->n_tx, a, r->nccy, b, r->nccy);
	}
	mpz_clear(v);
	r->in_ntry = 0;
	return rc;
}

/* The Stmt, Rpt or Ntfctn has an account before its balances and
 * entries. */
static int
need_account(struct rd *r)
{
	if (r->account[0] != '\0')
		return PR_OK;
	return fail_at(r, &r->rpt_at, PR_EPARSE, "%s has no Acct/Id (IBAN, "
		       "Othr/Id or PrtryAcct/Id) before its balances and "
		       "entries", r->rpt_name);
}

static void
rpt_clear(struct rd *r, const struct pos *at, const char *name)
{
	r->rpt_depth = r->depth;
	r->rpt_at = *at;
	snprintf(r->rpt_name, sizeof(r->rpt_name), "%s", name);
	r->account[0] = '\0';
	r->acct_rank = 0;
	r->ccy[0] = '\0';
	r->ccy_from_acct = 0;
	r->has_open = r->has_prcd = r->has_close = 0;
	r->has_from = r->has_to = 0;
	r->n_rpt++;
}

/* A Bal ended: check it, keep the ones that make a period. */
static int
bal_end(struct rd *r)
{
	struct bal *b = &r->bal;
	const char *miss = NULL;

	if (!b->has_amt)
		miss = "Amt";
	else if (!b->has_cdi)
		miss = "CdtDbtInd";
	else if (!b->has_date)
		miss = "Dt";
	if (miss != NULL)
		return fail_at(r, &b->at, PR_EPARSE, "Bal has no %s", miss);
	if (same_ccy(r, b->ccy, &b->amt_at, "Bal/Amt") != PR_OK)
		return r->rc;
	if (!b->credit)
		mpz_neg(b->amt, b->amt);
	if (strcmp(b->code, "OPBD") == 0 || strcmp(b->code, "PRCD") == 0 ||
	    strcmp(b->code, "CLBD") == 0) {
		int *has = b->code[0] == 'O' ? &r->has_open :
			   b->code[0] == 'P' ? &r->has_prcd : &r->has_close;
		mpz_ptr v = b->code[0] == 'O' ? r->open :
			    b->code[0] == 'P' ? r->prcd : r->close;
		pr_date *d = b->code[0] == 'O' ? &r->open_date :
			     b->code[0] == 'P' ? &r->prcd_date :
			     &r->close_date;

		if (*has)
			return fail_at(r, &b->at, PR_EPARSE, "a second %s "
				       "balance in this %s", b->code,
				       r->rpt_name);
		*has = 1;
		mpz_set(v, b->amt);
		*d = b->date;
	}
	return PR_OK;
}

/* A Stmt, Rpt or Ntfctn ended: its period, when it states one. */
static int
rpt_end(struct rd *r)
{
	pr__statement_row s;
	char a[16], b[16];
	int rc;

	if (need_account(r) != PR_OK)
		return r->rc;
	if (!(r->has_open || r->has_prcd) || !r->has_close)
		return PR_OK;
	memset(&s, 0, sizeof(s));
	s.line = r->rpt_at.line;
	s.account = r->account;
	s.currency = r->ccy;
	s.start = r->has_from ? r->from :
		  r->has_open ? r->open_date : r->prcd_date;
	s.end = r->has_to ? r->to : r->close_date;
	if (s.end < s.start) {
		pr_date_format(a, s.start);
		pr_date_format(b, s.end);
		return fail_at(r, &r->rpt_at, PR_EPARSE, "the %s's period "
			       "would end (%s) before it starts (%s)",
			       r->rpt_name, b, a);
	}
	mpz_init_set(s.opening, r->has_open ? r->open : r->prcd);
	mpz_init_set(s.closing, r->close);
	s.source = "statement";
	rc = r->sink->statement(&s, r->sink->payload, r->err);
	mpz_clear(s.opening);
	mpz_clear(s.closing);
	if (rc != PR_OK)
		return failed(r, rc);
	r->statements++;
	return PR_OK;
}

/* ------------------------------------------------------------------ */
/* SAX callbacks */

/*
 * Where the start tag the parser just read begins. The parser stands
 * after its name and attributes, at its '>' or "/>", and the whole tag
 * is still in the input buffer; no '<' can stand inside a tag, so the
 * last '<' before is the tag's.
 */
static void
tag_pos(xmlParserCtxtPtr ctxt, struct pos *out)
{
	xmlParserInputPtr in = ctxt->input;
	const xmlChar *p, *lt;
	unsigned long nl = 0;

	out->line = 0;
	out->column = 0;
	if (in == NULL || in->cur == NULL || in->base == NULL)
		return;
	for (lt = in->cur; lt > in->base && *lt != '<'; lt--)
		;
	if (*lt != '<')
		return;
	for (p = lt; p < in->cur; p++)
		if (*p == '\n')
			nl++;
	if ((unsigned long)in->line <= nl)
		return;
	out->line = (unsigned long)in->line - nl;
	if (nl == 0 && in->col > (int)(in->cur - lt)) {
		out->column = (unsigned long)(in->col - (int)(in->cur - lt));
		return;
	}
	for (p = lt; p > in->base && p[-1] != '\n'; p--)
		;
	if (p > in->base || in->consumed == 0)
		out->column = (unsigned long)(lt - p) + 1;
}

static void
on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
	 const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
	 int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct ctx *c = ctxt->_private;
	struct rd *r = c->r;
	enum el id;
	struct pos at;
	int i, d;

	(void)prefix;
	(void)uri;
	(void)nb_namespaces;
	(void)namespaces;
	(void)nb_defaulted;
	if (r->rc != PR_OK)
		return;
	r->text_len = 0;
	r->text_long = 0;
	d = ++r->depth;
	id = lookup(r, localname);
	tag_pos(ctxt, &at);
	if (d <= MAX_DEPTH) {
		r->stack[d] = id;
		r->spos[d] = at;
		r->sname[d] = localname;
	}
	if (id == E_AMT) {
		r->ccy_seen = 0;
		for (i = 0; i < nb_attributes; i++) {
			const xmlChar **a = attributes + 5 * i;
			size_t n = (size_t)(a[4] - a[3]);

			if (strcmp((const char *)a[0], "Ccy") != 0)
				continue;
			if (n >= sizeof(r->ccy_attr))
				n = sizeof(r->ccy_attr) - 1;
			memcpy(r->ccy_attr, a[3], n);
			r->ccy_attr[n] = '\0';
			r->ccy_seen = 1;
		}
	}
	if (id == E_MSG && r->msg_depth == 0) {
		r->msg_depth = d;
		r->msg_at = at;
		r->n_msg++;
		r->n_rpt = 0;
		snprintf(r->msg_name, sizeof(r->msg_name), "%s",
			 (const char *)localname);
		return;
	}
	if (r->msg_depth == 0)
		return;
	if (id == E_RPT && d == r->msg_depth + 1) {
		rpt_clear(r, &at, (const char *)localname);
		return;
	}
	if (r->rpt_depth == 0 || d > MAX_DEPTH)
		return;
	if (d == r->rpt_depth + 1 && id == E_BAL) {
		if (need_account(r) != PR_OK)
			return;
		memset(&r->bal.at, 0, sizeof(r->bal.at));
		r->bal.at = at;
		r->bal.has_amt = r->bal.has_cdi = r->bal.has_date = 0;
		r->bal.code[0] = '\0';
		return;
	}
	if (d == r->rpt_depth + 1 && id == E_NTRY) {
		if (need_account(r) != PR_OK)
			return;
		ntry_clear(r, &at);
		return;
	}
	if (r->in_ntry && id == E_NTRYDTLS && d == r->rpt_depth + 2) {
		entry_ready(r);
		return;
	}
	if (r->in_ntry && id == E_TXDTLS &&
	    AT(r->rpt_depth, E_NTRY, E_NTRYDTLS, E_TXDTLS))
		tx_clear(r->tx, &at);
}

/* End of an element inside an Acct. */
static void
acct_leaf(struct rd *r, int b)
{
	int rank = 0;
	const char *s;

	if (AT(b, E_ACCT, E_ID, E_IBAN))
		rank = 3;
	else if (AT(b, E_ACCT, E_ID, E_OTHR, E_ID))
		rank = 2;
	else if (AT(b, E_ACCT, E_ID, E_PRTRYACCT, E_ID))
		rank = 1;
	if (rank > r->acct_rank) {
		s = leaf(r, "Acct/Id");
		if (s == NULL)
			return;
		if (s[0] == '\0') {
			fail_at(r, &r->spos[r->depth], PR_EPARSE, "empty "
				"account number in Acct/Id");
			return;
		}
		snprintf(r->account, sizeof(r->account), "%s", s);
		r->acct_rank = rank;
	} else if (AT(b, E_ACCT, E_CCY)) {
		const pr_currency *cur;
		char q[64];

		s = leaf(r, "Acct/Ccy");
		if (s == NULL)
			return;
		cur = pr_currency_find(s);
		if (cur == NULL || strlen(cur->code) != 3) {
			fail_at(r, &r->spos[r->depth], PR_EPARSE, "unknown "
				"currency '%s' in Acct/Ccy",
				pr__quote(q, sizeof(q), s, strlen(s)));
			return;
		}
		memcpy(r->ccy, cur->code, 4);
		r->ccy_from_acct = 1;
	}
}

/* End of an element inside a Bal. */
static void
bal_leaf(struct rd *r, int b)
{
	struct bal *l = &r->bal;
	const char *s;

	if (AT(b, E_BAL, E_TP, E_CDORPRTRY, E_CD) || AT(b, E_BAL, E_TP, E_CD)) {
		char q[64];

		s = leaf(r, "Bal/Tp/Cd");
		if (s == NULL)
			return;
		if (strlen(s) != 4) {
			fail_at(r, &r->spos[r->depth], PR_EPARSE, "balance "
				"type '%s' is not a 4-letter code",
				pr__quote(q, sizeof(q), s, strlen(s)));
			return;
		}
		memcpy(l->code, s, 5);
	} else if (AT(b, E_BAL, E_AMT)) {
		l->amt_at = r->spos[r->depth];
		if (amount(r, l->amt, l->ccy, "Bal/Amt") == PR_OK)
			l->has_amt = 1;
	} else if (AT(b, E_BAL, E_CDTDBTIND)) {
		if (cdt_dbt(r, &l->credit) == PR_OK)
			l->has_cdi = 1;
	} else if (AT(b, E_BAL, E_DT, E_DT)) {
		if (date_of(r, &l->date, 0, "Bal/Dt/Dt") == PR_OK)
			l->has_date = 1;
	} else if (AT(b, E_BAL, E_DT, E_DTTM)) {
		if (date_of(r, &l->date, 1, "Bal/Dt/DtTm") == PR_OK)
			l->has_date = 1;
	}
}

/* End of an element inside a Ntry (not its details). */
static void
ntry_leaf(struct rd *r, int b)
{
	const char *s;
	char q[64];

	if (AT(b, E_NTRY, E_AMT)) {
		if (amount(r, r->amt, r->nccy, "Ntry/Amt") != PR_OK)
			return;
		if (same_ccy(r, r->nccy, &r->spos[r->depth], "Ntry/Amt") !=
		    PR_OK)
			return;
		r->has_amt = 1;
	} else if (AT(b, E_NTRY, E_CDTDBTIND)) {
		if (cdt_dbt(r, &r->credit) == PR_OK)
			r->has_cdi = 1;
	} else if (AT(b, E_NTRY, E_RVSLIND)) {
		s = leaf(r, "RvslInd");
		if (s == NULL)
			return;
		if (strcmp(s, "true") == 0 || strcmp(s, "1") == 0)
			r->reversal = 1;
		else if (strcmp(s, "false") == 0 || strcmp(s, "0") == 0)
			r->reversal = 0;
		else
			fail_at(r, &r->spos[r->depth], PR_EPARSE, "RvslInd "
				"'%s' is neither true nor false",
				pr__quote(q, sizeof(q), s, strlen(s)));
	} else if (AT(b, E_NTRY, E_STS) || AT(b, E_NTRY, E_STS, E_CD)) {
		s = leaf(r, "Sts");
		if (s == NULL)
			return;
		if (s[0] == '\0' && AT(b, E_NTRY, E_STS) && r->has_sts)
			return; /* the Sts around a Sts/Cd */
		if (strcmp(s, "BOOK") == 0)
			r->booked = 1;
		else if (strcmp(s, "PDNG") == 0 || strcmp(s, "INFO") == 0 ||
			 strcmp(s, "FUTR") == 0)
			r->booked = 0;
		else {
			fail_at(r, &r->spos[r->depth], PR_EPARSE, "Sts '%s' "
				"is not BOOK, PDNG, INFO or FUTR",
				pr__quote(q, sizeof(q), s, strlen(s)));
			return;
		}
		r->has_sts = 1;
	} else if (AT(b, E_NTRY, E_BOOKGDT, E_DT)) {
		if (date_of(r, &r->bookg, 0, "BookgDt/Dt") == PR_OK)
			r->has_bookg = 1;
	} else if (AT(b, E_NTRY, E_BOOKGDT, E_DTTM)) {
		if (date_of(r, &r->bookg, 1, "BookgDt/DtTm") == PR_OK)
			r->has_bookg = 1;
	} else if (AT(b, E_NTRY, E_VALDT, E_DT)) {
		if (date_of(r, &r->val, 0, "ValDt/Dt") == PR_OK)
			r->has_val = 1;
	} else if (AT(b, E_NTRY, E_VALDT, E_DTTM)) {
		if (date_of(r, &r->val, 1, "ValDt/DtTm") == PR_OK)
			r->has_val = 1;
	} else if (AT(b, E_NTRY, E_ACCTSVCRREF)) {
		keep(r, r->nf[N_SVCR], "AcctSvcrRef");
	} else if (AT(b, E_NTRY, E_BKTXCD, E_DOMN, E_CD)) {
		keep(r, r->nf[N_DOMN], "BkTxCd/Domn/Cd");
	} else if (AT(b, E_NTRY, E_BKTXCD, E_DOMN, E_FMLY, E_CD)) {
		keep(r, r->nf[N_FMLY], "BkTxCd/Domn/Fmly/Cd");
	} else if (AT(b, E_NTRY, E_BKTXCD, E_DOMN, E_FMLY, E_SUBFMLYCD)) {
		keep(r, r->nf[N_SUB], "BkTxCd/Domn/Fmly/SubFmlyCd");
	} else if (AT(b, E_NTRY, E_BKTXCD, E_PRTRY, E_CD)) {
		keep(r, r->nf[N_PRTRY], "BkTxCd/Prtry/Cd");
	} else if (AT(b, E_NTRY, E_ADDTLNTRYINF)) {
		keep(r, r->nf[N_ADDTL], "AddtlNtryInf");
	}
}

/* End of an element inside a TxDtls (b is the TxDtls's depth). */
static void
tx_leaf(struct rd *r, int b)
{
	struct txd *t = r->tx;

	if (AT(b, E_AMT) || AT(b, E_AMTDTLS, E_TXAMT, E_AMT)) {
		if (t->has_amt && AT(b, E_AMTDTLS, E_TXAMT, E_AMT))
			return; /* TxDtls/Amt came first and wins */
		t->amt_at = r->spos[r->depth];
		if (amount(r, t->amt, t->ccy, "TxDtls/Amt") == PR_OK)
			t->has_amt = 1;
	} else if (AT(b, E_CDTDBTIND)) {
		if (cdt_dbt(r, &t->credit) == PR_OK)
			t->has_cdi = 1;
	} else if (AT(b, E_REFS, E_ENDTOENDID)) {
		keep(r, t->f[T_E2E], "Refs/EndToEndId");
	} else if (AT(b, E_REFS, E_UETR)) {
		keep(r, t->f[T_UETR], "Refs/UETR");
	} else if (AT(b, E_REFS, E_TXID)) {
		keep(r, t->f[T_TXID], "Refs/TxId");
	} else if (AT(b, E_REFS, E_ACCTSVCRREF)) {
		keep(r, t->f[T_SVCR], "Refs/AcctSvcrRef");
	} else if (AT(b, E_RLTDPTIES, E_DBTR, E_NM) ||
		   AT(b, E_RLTDPTIES, E_DBTR, E_PTY, E_NM)) {
		keep(r, t->f[T_DBTR], "Dbtr/Nm");
	} else if (AT(b, E_RLTDPTIES, E_CDTR, E_NM) ||
		   AT(b, E_RLTDPTIES, E_CDTR, E_PTY, E_NM)) {
		keep(r, t->f[T_CDTR], "Cdtr/Nm");
	} else if (AT(b, E_RLTDPTIES, E_DBTRACCT, E_ID, E_IBAN) ||
		   (AT(b, E_RLTDPTIES, E_DBTRACCT, E_ID, E_OTHR, E_ID) &&
		    t->f[T_DBTRACCT][0] == '\0')) {
		keep(r, t->f[T_DBTRACCT], "DbtrAcct/Id");
	} else if (AT(b, E_RLTDPTIES, E_CDTRACCT, E_ID, E_IBAN) ||
		   (AT(b, E_RLTDPTIES, E_CDTRACCT, E_ID, E_OTHR, E_ID) &&
		    t->f[T_CDTRACCT][0] == '\0')) {
		keep(r, t->f[T_CDTRACCT], "CdtrAcct/Id");
	} else if (AT(b, E_RMTINF, E_USTRD)) {
		append(r, t->f[T_USTRD], "RmtInf/Ustrd");
	} else if (AT(b, E_RMTINF, E_STRD, E_CDTRREFINF, E_REF)) {
		append(r, t->f[T_CREF], "CdtrRefInf/Ref");
	} else if (AT(b, E_ADDTLTXINF)) {
		keep(r, t->f[T_ADDTL], "AddtlTxInf");
	}
}

/* End of an element inside FrToDt. */
static void
period_leaf(struct rd *r, int b)
{
	if (AT(b, E_FRTODT, E_FRDTTM)) {
		if (date_of(r, &r->from, 1, "FrToDt/FrDtTm") == PR_OK)
			r->has_from = 1;
	} else if (AT(b, E_FRTODT, E_FRDT)) {
		if (date_of(r, &r->from, 0, "FrToDt/FrDt") == PR_OK)
			r->has_from = 1;
	} else if (AT(b, E_FRTODT, E_TODTTM)) {
		if (date_of(r, &r->to, 1, "FrToDt/ToDtTm") == PR_OK)
			r->has_to = 1;
	} else if (AT(b, E_FRTODT, E_TODT)) {
		if (date_of(r, &r->to, 0, "FrToDt/ToDt") == PR_OK)
			r->has_to = 1;
	}
}

static void
on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
       const xmlChar *uri)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct ctx *c = ctxt->_private;
	struct rd *r = c->r;
	int d = r->depth;
	int b = r->rpt_depth;

	(void)localname;
	(void)prefix;
	(void)uri;
	if (r->rc != PR_OK)
		return;
	if (b > 0 && d > b && d <= MAX_DEPTH) {
		enum el top = r->stack[b + 1];

		if (top == E_ACCT)
			acct_leaf(r, b);
		else if (top == E_BAL)
			bal_leaf(r, b);
		else if (top == E_FRTODT)
			period_leaf(r, b);
		else if (top == E_NTRY && r->in_ntry) {
			if (d > b + 3 && r->stack[b + 2] == E_NTRYDTLS &&
			    r->stack[b + 3] == E_TXDTLS)
				tx_leaf(r, b + 3);
			else if (d == b + 3 && r->stack[b + 2] == E_NTRYDTLS &&
				 r->stack[b + 3] == E_TXDTLS)
				tx_end(r);
			else if (d == b + 1)
				ntry_end(r);
			else
				ntry_leaf(r, b);
		}
		if (d == b + 1 && r->stack[d] == E_BAL && r->rc == PR_OK)
			bal_end(r);
	} else if (b > 0 && d == b) {
		if (r->rc == PR_OK)
			rpt_end(r);
		r->rpt_depth = 0;
	} else if (r->msg_depth > 0 && d == r->msg_depth) {
		if (r->n_rpt == 0 && r->rc == PR_OK) {
			const char *want =
				strncmp(r->msg_name, "BkToCstmrStmt", 13) == 0 ?
				"Stmt" :
				strncmp(r->msg_name, "BkToCstmrAcctRpt", 16) ==
				0 ? "Rpt" : "Ntfctn";

			fail_at(r, &r->msg_at, PR_EPARSE, "%s has no %s: "
				"nothing to import", r->msg_name, want);
		}
		r->msg_depth = 0;
	}
	r->depth--;
	r->text_len = 0;
	r->text_long = 0;
}

static void
on_text(void *ctx, const xmlChar *ch, int len)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct ctx *c = ctxt->_private;
	struct rd *r = c->r;
	size_t n = (size_t)len;

	if (r->rc != PR_OK || r->text_long || len <= 0)
		return;
	if (r->text_len + n > MAX_FIELD) {
		r->text_long = 1;
		return;
	}
	memcpy(r->text + r->text_len, ch, n);
	r->text_len += n;
}

/* A DOCTYPE past the first chunk (the prolog check sees the others). */
static void
on_doctype(void *ctx, const xmlChar *name, const xmlChar *ext_id,
	   const xmlChar *sys_id)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct ctx *c = ctxt->_private;
	struct pos at;

	(void)name;
	(void)ext_id;
	(void)sys_id;
	at.line = ctxt->input != NULL ? (unsigned long)ctxt->input->line : 0;
	at.column = 0;
	fail_at(c->r, &at, PR_EPARSE, "DOCTYPE declaration refused: ISO "
		"20022 messages carry none");
}

/* ------------------------------------------------------------------ */

static int
malformed(struct rd *r, const struct xerr *x)
{
	struct pos at;

	at.line = x->line > 0 ? (unsigned long)x->line : 0;
	at.column = x->column > 0 ? (unsigned long)x->column : 0;
	/* libxml2's push parser calls a file cut short "extra content" */
	if (x->have && x->code == XML_ERR_DOCUMENT_END && r->depth > 0) {
		int d = r->depth < MAX_DEPTH ? r->depth : MAX_DEPTH;

		return fail_at(r, &at, PR_EPARSE, "malformed XML: the file "
			       "ends inside <%s> (line %lu): cut short?",
			       (const char *)r->sname[d], r->spos[d].line);
	}
	return fail_at(r, &at, PR_EPARSE, "malformed XML: %s",
		       x->have ? x->msg : "not well-formed");
}

int
pr__camt_read(const char *path, const char *name,
	      const pr_import_options *o, const pr__import_sink *sink,
	      pr__read_info *info, pr_error *err)
{
	xmlSAXHandler sax;
	xmlParserCtxtPtr ctxt = NULL;
	pr_sha256 *h = NULL;
	struct rd *r = NULL;
	struct ctx c;
	char *buf = NULL;
	FILE *fp = NULL;
	struct stat st;
	uint64_t total = 0, done = 0;
	size_t got;
	int first = 1;
	int rc;

	memset(&c, 0, sizeof(c));
	fp = fopen(path, "rb");
	if (fp == NULL)
		return pr__error_sys(err, errno == ENOENT ? PR_ENOTFOUND :
				     PR_EIO, errno, name, NULL);
	if (fstat(fileno(fp), &st) == 0 && st.st_size > 0)
		total = (uint64_t)st.st_size;
	r = pr__calloc(1, sizeof(*r));
	buf = pr__malloc(CHUNK);
	if (r != NULL) {
		r->tx = pr__calloc(1, sizeof(*r->tx));
		r->held = pr__calloc(1, sizeof(*r->held));
	}
	if (r == NULL || buf == NULL || r->tx == NULL || r->held == NULL) {
		if (r != NULL) {
			pr__free(r->tx);
			pr__free(r->held);
		}
		pr__free(r);
		pr__free(buf);
		fclose(fp);
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	}
	r->name = name;
	r->sink = sink;
	r->err = err;
	mpz_inits(r->amt, r->tx_sum, r->open, r->prcd, r->close, r->bal.amt,
		  r->tx->amt, r->held->amt, r->row.amount, r->row.balance,
		  NULL);
	c.r = r;
	rc = pr_sha256_new(&h, err);
	if (rc != PR_OK)
		goto done;

	memset(&sax, 0, sizeof(sax));
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = on_start;
	sax.endElementNs = on_end;
	sax.characters = on_text;
	sax.cdataBlock = on_text;
	sax.internalSubset = on_doctype;
	sax.serror = on_xml_error;

	for (;;) {
		got = fread(buf, 1, CHUNK, fp);
		if (got == 0 && ferror(fp)) {
			rc = pr__error_sys(err, PR_EIO, errno, name, NULL);
			goto done;
		}
		pr_sha256_update(h, buf, got);
		done += got;
		if (memchr(buf, '\0', got) != NULL) {
			struct pos at;
			const char *z = memchr(buf, '\0', got);
			pr_loc loc;

			/* the line is known only within this chunk */
			pr__buf_loc(&loc, name, buf, z);
			at.line = first ? loc.line : 0;
			at.column = first ? loc.column : 0;
			rc = fail_at(r, &at, PR_EPARSE, "NUL byte: this is "
				     "not a text file");
			goto done;
		}
		if (first) {
			const char *dt = pr__xml_prolog_doctype(buf, got);
			size_t k = got >= 3 && memcmp(buf, "\xEF\xBB\xBF",
							3) == 0 ? 3 : 0;

			while (k < got && is_space((unsigned char)buf[k]))
				k++;
			if (k < got && buf[k] != '<') {
				pr_loc loc;
				struct pos at;

				pr__buf_loc(&loc, name, buf, buf + k);
				at.line = loc.line;
				at.column = loc.column;
				rc = fail_at(r, &at, PR_EPARSE, "not XML: a "
					     "camt message starts with '<'");
				goto done;
			}

			if (dt != NULL) {
				pr_loc loc;
				struct pos at;

				pr__buf_loc(&loc, name, buf, dt);
				at.line = loc.line;
				at.column = loc.column;
				rc = fail_at(r, &at, PR_EPARSE, "DOCTYPE "
					     "declaration refused: ISO 20022 "
					     "messages carry none");
				goto done;
			}
			ctxt = xmlCreatePushParserCtxt(&sax, NULL, buf,
						       (int)got, name);
			if (ctxt == NULL) {
				rc = pr__error_set(err, PR_ENOMEM,
						   "out of memory");
				goto done;
			}
			ctxt->_private = &c;
			r->ctxt = ctxt;
			/* No XML_PARSE_NOENT (entities stay unexpanded), no
			 * DTD loading, no network. */
			xmlCtxtUseOptions(ctxt, XML_PARSE_NONET |
					  XML_PARSE_NOERROR |
					  XML_PARSE_NOWARNING |
					  XML_PARSE_NOCDATA);
			first = 0;
			if (got == 0)
				xmlParseChunk(ctxt, NULL, 0, 1);
		} else {
			xmlParseChunk(ctxt, buf, (int)got, got == 0);
		}
		if (r->rc != PR_OK) {
			rc = r->rc;
			goto done;
		}
		if (c.x.have || !ctxt->wellFormed) {
			if (!c.x.have)
				keep_xml_error(&c.x, xmlCtxtGetLastError(ctxt));
			rc = malformed(r, &c.x);
			goto done;
		}
		if (o != NULL && o->progress != NULL && got > 0)
			o->progress(done, total > done ? total : done,
				    o->payload);
		if (got == 0)
			break;
	}
	if (r->n_msg == 0) {
		struct pos at = { 1, 1 };

		rc = fail_at(r, &at, PR_EPARSE, "no BkToCstmrStmt, "
			     "BkToCstmrAcctRpt or BkToCstmrDbtCdtNtfctn: not "
			     "a camt.052, camt.053 or camt.054 message");
		goto done;
	}
	pr_sha256_final_hex(h, info->sha256);
	info->size = done;
	info->records = r->records;
	info->statements = r->statements;
	rc = PR_OK;
done:
	if (ctxt != NULL) {
		ctxt->_private = NULL;
		if (ctxt->myDoc != NULL)
			xmlFreeDoc(ctxt->myDoc);
		xmlFreeParserCtxt(ctxt);
	}
	pr_sha256_free(h);
	mpz_clears(r->amt, r->tx_sum, r->open, r->prcd, r->close, r->bal.amt,
		   r->tx->amt, r->held->amt, r->row.amount, r->row.balance,
		   NULL);
	pr__free(r->tx);
	pr__free(r->held);
	pr__free(r);
	pr__free(buf);
	fclose(fp);
	return rc;
}
