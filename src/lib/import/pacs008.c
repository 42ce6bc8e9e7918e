/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ISO 20022 pacs.008 (FI to FI customer credit transfer) as the Fedwire
 * Funds Service and SWIFT send it: one wire per CdtTrfTxInf, read with
 * libxml2 and XPath on local names, so every pacs.008 version matches.
 */
#include "config.h"
#include "common.h"
#include "import.h"

#include <assert.h>
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xpath.h>

/* The whole file is read into memory to be hashed and parsed. */
#define MAX_FILE (64UL * 1024 * 1024)
/* Longest text kept from one element (names, ids, remittance lines). */
#define MAX_FIELD 4096

/*
 * Mapping, relative to each CdtTrfTxInf (every step matches on the local
 * name only, whatever the namespace):
 *
 *   value_date   IntrBkSttlmDt, else GrpHdr/IntrBkSttlmDt
 *   amount       IntrBkSttlmAmt and its Ccy attribute
 *   instructed   InstdAmt and its Ccy, when present
 *   originator   Dbtr/Nm; DbtrAcct/Id/IBAN or DbtrAcct/Id/Othr/Id;
 *                DbtrAgt/FinInstnId/BICFI, BIC or ClrSysMmbId/MmbId
 *   beneficiary  the same from Cdtr, CdtrAcct and CdtrAgt
 *   uetr         PmtId/UETR, lower case
 *   reference    PmtId/EndToEndId, else PmtId/InstrId (also when the
 *                EndToEndId is the placeholder NOTPROVIDED)
 *   details      RmtInf/Ustrd, one space between lines
 *   imad         GrpHdr/MsgId when it has the shape of an IMAD
 *   omad         always ""
 *
 * IMAD: the Fedwire Funds Service ISO 20022 guidelines make the sender's
 * GrpHdr/MsgId the input message accountability data, 22 characters of
 * input cycle date (YYYYMMDD), input source (8) and input sequence number
 * (6), as in the Federal Reserve samples ("20250310B1QDRCQR000001"). A
 * MsgId of any other shape (a SWIFT or CHAPS message) is no IMAD and is
 * not kept. The OMAD is assigned by the Fed on delivery and travels
 * outside the Document (in the receiver's business application header
 * and the Fed's envelope), in a form these samples do not show, so it is
 * not guessed at.
 *
 * Safety: the file is parsed without network access and without entity
 * substitution, and a file with a DOCTYPE is refused outright: ISO 20022
 * messages never carry one, and a DTD is how external entities (XXE) and
 * entity expansion attacks get in.
 */

struct xerr {
	int have;
	int line;
	int column;
	char msg[200];
	const char *buf;   /* the file, for on_start */
	size_t len;
};

/*
 * libxml2 words its limits for a programmer ("excessive depth in
 * document: 256 use XML_PARSE_HUGE option", "detected an entity
 * reference loop"): say instead what in the file is wrong. The limits
 * are libxml2's defaults, which this reader keeps (no XML_PARSE_HUGE):
 * no pacs.008 comes near them.
 */
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

/* Structured libxml2 error handler, set on our parser context only: keep
 * the first error, which names the cause rather than a consequence. */
static void
on_xml_error(void *payload, xmlErrorPtr e)
{
	xmlParserCtxtPtr ctxt = payload;
	struct xerr *x = ctxt != NULL ? ctxt->_private : NULL;
	size_t n;

	if (x == NULL || e == NULL || x->have || e->level < XML_ERR_ERROR)
		return;
	x->have = 1;
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

/*
 * libxml2 keeps a line for each element but no column: each element
 * keeps in _private where its start tag begins in the file, as offset
 * + 1. When the start tag is reported the parser stands at its '>' (the
 * attributes read), and no '<' can stand inside a tag, so the '<' before
 * is the tag's.
 */
static void
on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
	 const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
	 int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
	xmlParserCtxtPtr ctxt = ctx;
	const struct xerr *x = ctxt->_private;
	long at = xmlByteConsumed(ctxt);
	size_t i;

	xmlSAX2StartElementNs(ctx, localname, prefix, uri, nb_namespaces,
			      namespaces, nb_attributes, nb_defaulted,
			      attributes);
	if (x == NULL || x->buf == NULL || ctxt->node == NULL || at <= 0 ||
	    (unsigned long)at > x->len)
		return;
	for (i = (size_t)at; i > 0 && x->buf[i - 1] != '<'; i--)
		;
	if (i > 0)
		ctxt->node->_private = (void *)(uintptr_t)i;
}

/* Does the first len bytes hold s? (memmem is not C11.) */
static int
contains(const char *head, size_t len, const char *s)
{
	size_t n = strlen(s);
	size_t i;

	for (i = 0; i + n <= len; i++)
		if (memcmp(head + i, s, n) == 0)
			return 1;
	return 0;
}

int
pr__pacs008_probe(const char *head, size_t len)
{
	if (len > 4096)
		len = 4096;
	return memchr(head, '<', len) != NULL &&
	       contains(head, len, "pacs.008");
}

/* What one CdtTrfTxInf is read with. */
struct rd {
	const char *name;
	const char *buf;   /* the file */
	xmlXPathContextPtr xp;
	unsigned long record;
	pr_error *err;
};

static int
fail_at(struct rd *r, const xmlNode *node, int code, const char *fmt, ...)
	PR__PRINTF(4, 5);

/* Report at node's start tag (on_start), or at its line when the tag's
 * place is unknown. */
static int
fail_at(struct rd *r, const xmlNode *node, int code, const char *fmt, ...)
{
	va_list ap;
	pr_loc loc;
	long line = node != NULL ? xmlGetLineNo(node) : 0;
	uintptr_t at = node != NULL && node->type == XML_ELEMENT_NODE ?
		       (uintptr_t)node->_private : 0;

	memset(&loc, 0, sizeof(loc));
	if (at > 0 && r->buf != NULL) {
		pr__buf_loc(&loc, r->name, r->buf, r->buf + at - 1);
	} else {
		snprintf(loc.path, sizeof(loc.path), "%s", r->name);
		loc.line = line > 0 ? (unsigned long)line : 0;
	}
	loc.record = r->record;
	va_start(ap, fmt);
	pr__error_vset(r->err, code, &loc, fmt, ap);
	va_end(ap);
	return code;
}

/*
 * The first element at the '/'-separated path of local names below at
 * ("Dbtr/Nm"), or NULL. The path is turned into XPath steps on
 * local-name() so that no namespace prefix has to be bound.
 */
static int
find(xmlNodePtr *out, struct rd *r, xmlNodePtr at, const char *path)
{
	char expr[512];
	size_t n = 0;
	const char *p = path;
	xmlXPathObjectPtr res;

	*out = NULL;
	while (*p != '\0') {
		size_t k = strcspn(p, "/");
		int w;

		w = snprintf(expr + n, sizeof(expr) - n,
			     "%s*[local-name()='%.*s']", n > 0 ? "/" : "",
			     (int)k, p);
		assert(w > 0 && (size_t)w < sizeof(expr) - n);
		n += (size_t)w;
		p += k;
		if (*p == '/')
			p++;
	}
	res = xmlXPathNodeEval(at, (const xmlChar *)expr, r->xp);
	if (res == NULL)
		return fail_at(r, at, PR_ENOMEM, "cannot evaluate %s (out of "
			       "memory?)", path);
	if (res->type == XPATH_NODESET && res->nodesetval != NULL &&
	    res->nodesetval->nodeNr > 0)
		*out = res->nodesetval->nodeTab[0];
	xmlXPathFreeObject(res);
	return PR_OK;
}

static int
is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * The text of node, trimmed of XML white space, into *out (pr__malloc'd;
 * "" for a NULL node). what names the element in messages.
 */
static int
text_of(char **out, struct rd *r, xmlNodePtr node, const char *what)
{
	xmlChar *c;
	const char *s;
	size_t n;

	*out = NULL;
	if (node == NULL) {
		*out = pr__strdup("");
		goto check;
	}
	c = xmlNodeGetContent(node);
	if (c == NULL)
		return fail_at(r, node, PR_ENOMEM, "out of memory");
	s = (const char *)c;
	n = strlen(s);
	while (n > 0 && is_space((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n > 0 && is_space((unsigned char)s[n - 1]))
		n--;
	if (n > MAX_FIELD) {
		xmlFree(c);
		return fail_at(r, node, PR_EPARSE, "%s is %lu bytes long; at "
			       "most %d allowed", what, (unsigned long)n,
			       MAX_FIELD);
	}
	*out = pr__strndup(s, n);
	xmlFree(c);
check:
	if (*out == NULL)
		return fail_at(r, node, PR_ENOMEM, "out of memory");
	return PR_OK;
}

/* Text of the first of several paths below at that exists ("" if none). */
static int
first_text(char **out, struct rd *r, xmlNodePtr at,
	   const char *const *paths)
{
	xmlNodePtr node = NULL;
	int rc;

	for (; *paths != NULL && node == NULL; paths++) {
		rc = find(&node, r, at, *paths);
		if (rc != PR_OK)
			return rc;
		if (node != NULL)
			return text_of(out, r, node, *paths);
	}
	return text_of(out, r, NULL, "");
}

/* xs:decimal as ISO 20022 writes amounts: digits, optionally a point and
 * more digits; no sign, grouping or exponent. */
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
 * An amount element (IntrBkSttlmAmt, InstdAmt): its Ccy attribute, which
 * must be a currency we know, and its text, exact in minor units and
 * positive. *ccy_out borrows the currency table's code.
 */
static int
amount_of(mpz_t out, const char **ccy_out, struct rd *r, xmlNodePtr node,
	  const char *what)
{
	const pr_currency *cur;
	xmlChar *ccy;
	char *text = NULL;
	char q[64];
	pr_error e;
	int rc;

	ccy = xmlGetProp(node, (const xmlChar *)"Ccy");
	if (ccy == NULL)
		return fail_at(r, node, PR_EPARSE, "%s has no Ccy attribute",
			       what);
	cur = pr_currency_find((const char *)ccy);
	if (cur == NULL) {
		rc = fail_at(r, node, PR_EPARSE, "unknown currency '%s' in "
			     "%s", pr__quote(q, sizeof(q), (const char *)ccy,
					     strlen((const char *)ccy)), what);
		xmlFree(ccy);
		return rc;
	}
	xmlFree(ccy);
	*ccy_out = cur->code;
	rc = text_of(&text, r, node, what);
	if (rc != PR_OK)
		return rc;
	pr_error_clear(&e);
	if (!plain_decimal(text))
		rc = fail_at(r, node, PR_EPARSE, "%s '%s' is not a decimal "
			     "amount", what,
			     pr__quote(q, sizeof(q), text, strlen(text)));
	else if (pr_money_parse(out, text, strlen(text), cur->minor, NULL,
				&e) != PR_OK)
		rc = fail_at(r, node, PR_EPARSE, "%s: %s", what, e.msg);
	else if (mpz_sgn(out) <= 0)
		rc = fail_at(r, node, PR_EPARSE, "%s is zero", what);
	pr__free(text);
	return rc;
}

/* ASCII letters and digits only (an IMAD's input source). */
static int
alnum_run(const char *s, size_t n, int digits_only)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c >= '0' && c <= '9')
			continue;
		if (!digits_only && ((c >= 'A' && c <= 'Z') ||
				     (c >= 'a' && c <= 'z')))
			continue;
		return 0;
	}
	return 1;
}

/* YYYYMMDD + 8 alphanumerics + 6 digits, the date a real one. */
static int
is_imad(const char *s)
{
	pr_date d;

	return strlen(s) == 22 && alnum_run(s, 8, 1) &&
	       pr_date_parse(&d, s, 8, "YYYYMMDD", NULL) == PR_OK &&
	       alnum_run(s + 8, 8, 0) && alnum_run(s + 16, 6, 1);
}

/* Fields of one transfer that are allocated; freed after each. */
enum {
	F_ONAME, F_OACCT, F_OBANK, F_BNAME, F_BACCT, F_BBANK, F_UETR, F_REF,
	F_DETAILS, F_IMAD, F_N
};

/* Where each text field is found: below the CdtTrfTxInf, or below the
 * FIToFICstmrCdtTrf (from_msg); the first path present wins. */
static const struct field {
	int field;
	int from_msg;
	const char *paths[4];
} fields[] = {
	{ F_ONAME, 0, { "Dbtr/Nm", NULL } },
	{ F_OACCT, 0, { "DbtrAcct/Id/IBAN", "DbtrAcct/Id/Othr/Id", NULL } },
	{ F_OBANK, 0, { "DbtrAgt/FinInstnId/BICFI", "DbtrAgt/FinInstnId/BIC",
			"DbtrAgt/FinInstnId/ClrSysMmbId/MmbId", NULL } },
	{ F_BNAME, 0, { "Cdtr/Nm", NULL } },
	{ F_BACCT, 0, { "CdtrAcct/Id/IBAN", "CdtrAcct/Id/Othr/Id", NULL } },
	{ F_BBANK, 0, { "CdtrAgt/FinInstnId/BICFI", "CdtrAgt/FinInstnId/BIC",
			"CdtrAgt/FinInstnId/ClrSysMmbId/MmbId", NULL } },
	{ F_UETR, 0, { "PmtId/UETR", NULL } },
	{ F_REF, 0, { "PmtId/EndToEndId", NULL } },
	{ F_IMAD, 1, { "GrpHdr/MsgId", NULL } },
};

/* RmtInf/Ustrd lines joined by one space into *out. */
static int
details_of(char **out, struct rd *r, xmlNodePtr tx)
{
	xmlXPathObjectPtr res;
	char *s = NULL;
	size_t len = 0;
	int i, rc = PR_OK;

	*out = NULL;
	res = xmlXPathNodeEval(tx, (const xmlChar *)
			       "*[local-name()='RmtInf']"
			       "/*[local-name()='Ustrd']", r->xp);
	if (res == NULL)
		return fail_at(r, tx, PR_ENOMEM, "cannot evaluate RmtInf/Ustrd"
			       " (out of memory?)");
	s = pr__strdup("");
	if (s == NULL) {
		rc = fail_at(r, tx, PR_ENOMEM, "out of memory");
		goto done;
	}
	for (i = 0; res->nodesetval != NULL && i < res->nodesetval->nodeNr;
	     i++) {
		xmlNodePtr node = res->nodesetval->nodeTab[i];
		char *line = NULL;
		size_t n;
		char *ns;

		rc = text_of(&line, r, node, "Ustrd");
		if (rc != PR_OK)
			goto done;
		n = strlen(line);
		if (len + n + 1 > MAX_FIELD) {
			pr__free(line);
			rc = fail_at(r, node, PR_EPARSE, "RmtInf/Ustrd is "
				     "longer than %d bytes in all",
				     MAX_FIELD);
			goto done;
		}
		ns = pr__realloc(s, len + n + 2);
		if (ns == NULL) {
			pr__free(line);
			rc = fail_at(r, node, PR_ENOMEM, "out of memory");
			goto done;
		}
		s = ns;
		if (len > 0)
			s[len++] = ' ';
		memcpy(s + len, line, n + 1);
		len += n;
		pr__free(line);
	}
	*out = s;
	s = NULL;
done:
	pr__free(s);
	xmlXPathFreeObject(res);
	return rc;
}

/*
 * Read one CdtTrfTxInf (tx) of the FIToFICstmrCdtTrf msg into a wire row
 * and hand it to the sink. Missing optional parts become "".
 */
static int
read_tx(struct rd *r, xmlNodePtr msg, xmlNodePtr tx, pr__wire_row *w,
	const pr__import_sink *sink)
{
	static const char *const instr_p[] = { "PmtId/InstrId", NULL };
	char *f[F_N] = { NULL };
	char *date = NULL;
	xmlNodePtr node = NULL;
	pr_error e;
	size_t k;
	char *p;
	int i, rc;

	w->line = (unsigned long)xmlGetLineNo(tx);
	w->record = r->record;
	w->has_instructed = 0;
	w->instructed_currency = "";

	rc = find(&node, r, tx, "IntrBkSttlmAmt");
	if (rc != PR_OK)
		goto done;
	if (node == NULL) {
		rc = fail_at(r, tx, PR_EPARSE, "CdtTrfTxInf has no "
			     "IntrBkSttlmAmt");
		goto done;
	}
	rc = amount_of(w->amount, &w->currency, r, node, "IntrBkSttlmAmt");
	if (rc != PR_OK)
		goto done;

	rc = find(&node, r, tx, "IntrBkSttlmDt");
	if (rc == PR_OK && node == NULL)
		rc = find(&node, r, msg, "GrpHdr/IntrBkSttlmDt");
	if (rc != PR_OK)
		goto done;
	if (node == NULL) {
		rc = fail_at(r, tx, PR_EPARSE, "CdtTrfTxInf has no "
			     "IntrBkSttlmDt (nor has GrpHdr)");
		goto done;
	}
	rc = text_of(&date, r, node, "IntrBkSttlmDt");
	if (rc != PR_OK)
		goto done;
	pr_error_clear(&e);
	if (pr_date_parse(&w->value_date, date, strlen(date), "ISO",
			  &e) != PR_OK) {
		rc = fail_at(r, node, PR_EPARSE, "IntrBkSttlmDt: %s", e.msg);
		goto done;
	}

	rc = find(&node, r, tx, "InstdAmt");
	if (rc != PR_OK)
		goto done;
	if (node != NULL) {
		rc = amount_of(w->instructed, &w->instructed_currency, r,
			       node, "InstdAmt");
		if (rc != PR_OK)
			goto done;
		w->has_instructed = 1;
	}

	for (k = 0; k < sizeof(fields) / sizeof(fields[0]); k++) {
		rc = first_text(&f[fields[k].field], r,
				fields[k].from_msg ? msg : tx,
				fields[k].paths);
		if (rc != PR_OK)
			goto done;
	}
	rc = details_of(&f[F_DETAILS], r, tx);
	if (rc != PR_OK)
		goto done;
	if (f[F_REF][0] == '\0' || strcmp(f[F_REF], "NOTPROVIDED") == 0) {
		pr__free(f[F_REF]);
		f[F_REF] = NULL;
		rc = first_text(&f[F_REF], r, tx, instr_p);
		if (rc != PR_OK)
			goto done;
	}
	for (p = f[F_UETR]; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	if (!is_imad(f[F_IMAD]))
		f[F_IMAD][0] = '\0';

	w->originator_name = f[F_ONAME];
	w->originator_account = f[F_OACCT];
	w->originator_bank = f[F_OBANK];
	w->beneficiary_name = f[F_BNAME];
	w->beneficiary_account = f[F_BACCT];
	w->beneficiary_bank = f[F_BBANK];
	w->imad = f[F_IMAD];
	w->omad = "";
	w->uetr = f[F_UETR];
	w->reference = f[F_REF];
	w->details = f[F_DETAILS];
	rc = sink->wire(w, sink->payload, r->err);
done:
	for (i = 0; i < F_N; i++)
		pr__free(f[i]);
	pr__free(date);
	return rc;
}

/* Report the parser's first error as "malformed XML: ..." at its place. */
static int
malformed(const char *name, const struct xerr *x, xmlParserCtxtPtr ctxt,
	  pr_error *err)
{
	struct xerr last;
	pr_loc loc;
	xmlErrorPtr e;

	if (!x->have) {
		memset(&last, 0, sizeof(last));
		e = xmlCtxtGetLastError(ctxt);
		if (e != NULL) {
			xmlParserCtxtPtr fake = ctxt;
			void *saved = fake->_private;

			fake->_private = &last;
			on_xml_error(fake, e);
			fake->_private = saved;
		}
		if (!last.have)
			snprintf(last.msg, sizeof(last.msg), "not well-formed");
		x = &last;
	}
	memset(&loc, 0, sizeof(loc));
	snprintf(loc.path, sizeof(loc.path), "%s", name);
	loc.line = x->line > 0 ? (unsigned long)x->line : 0;
	loc.column = x->column > 0 ? (unsigned long)x->column : 0;
	return pr__error_at(err, PR_EPARSE, &loc, "malformed XML: %s",
			    x->msg);
}

/* Refuse a DOCTYPE at @p at (NULL: somewhere libxml2 saw one). */
static int
doctype(const char *name, const char *buf, const char *at, pr_error *err)
{
	pr_loc loc;

	memset(&loc, 0, sizeof(loc));
	if (at != NULL)
		pr__buf_loc(&loc, name, buf, at);
	else
		snprintf(loc.path, sizeof(loc.path), "%s", name);
	return pr__error_at(err, PR_EPARSE, &loc, "DOCTYPE declaration "
			    "refused: ISO 20022 messages carry none");
}

int
pr__pacs008_read(const char *path, const char *name,
		 const pr_import_options *o, const pr__import_sink *sink,
		 pr__read_info *info, pr_error *err)
{
	xmlParserCtxtPtr ctxt = NULL;
	xmlDocPtr doc = NULL;
	xmlXPathContextPtr xp = NULL;
	xmlXPathObjectPtr txs = NULL;
	xmlNodePtr node = NULL;
	xmlNodePtr root;
	pr__wire_row w;
	struct xerr x;
	struct rd r;
	char *buf = NULL;
	const char *dt;
	size_t len = 0;
	int i, rc;

	memset(&w, 0, sizeof(w));
	memset(&x, 0, sizeof(x));
	memset(&r, 0, sizeof(r));
	mpz_init(w.amount);
	mpz_init(w.instructed);
	w.format = "pacs.008";
	r.name = name;
	r.err = err;
	rc = pr__read_file(&buf, &len, path, name, MAX_FILE, info, err);
	if (rc != PR_OK)
		goto done;
	dt = pr__xml_prolog_doctype(buf, len);
	if (dt != NULL) {
		rc = doctype(name, buf, dt, err);
		goto done;
	}
	r.buf = buf;
	x.buf = buf;
	x.len = len;

	ctxt = xmlNewParserCtxt();
	if (ctxt == NULL) {
		rc = pr__error_set(err, PR_ENOMEM, "out of memory");
		goto done;
	}
	ctxt->_private = &x;
	ctxt->sax->serror = on_xml_error;
	ctxt->sax->startElementNs = on_start;
	/* No XML_PARSE_NOENT (entities stay unexpanded), no DTD loading,
	 * no network: an external entity is never fetched. */
	doc = xmlCtxtReadMemory(ctxt, buf, (int)len, name, NULL,
				XML_PARSE_NONET | XML_PARSE_NOBLANKS |
				XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
				XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA);
	if (doc == NULL || x.have || !ctxt->wellFormed) {
		rc = malformed(name, &x, ctxt, err);
		goto done;
	}
	root = xmlDocGetRootElement(doc);
	if (doc->intSubset != NULL || doc->extSubset != NULL) {
		rc = doctype(name, buf, NULL, err);
		goto done;
	}
	if (root == NULL) {
		rc = pr__error_set(err, PR_EPARSE, "%s: no root element",
				   name);
		goto done;
	}
	xp = xmlXPathNewContext(doc);
	if (xp == NULL) {
		rc = pr__error_set(err, PR_ENOMEM, "out of memory");
		goto done;
	}
	r.xp = xp;
	/* A payment return quotes the pacs.008 it returns (OrgnlMsgNmId),
	 * so it passes the probe: tell it apart by its body. */
	rc = find(&node, &r, root, "PmtRtr");
	if (rc == PR_OK && node == NULL)
		rc = find(&node, &r, root, "Document/PmtRtr");
	if (rc != PR_OK)
		goto done;
	if (node != NULL) {
		rc = fail_at(&r, node, PR_EPARSE, "pacs.004 is a payment "
			     "return; expected pacs.008");
		goto done;
	}
	/* The Document may be the root or sit in an envelope (with the
	 * AppHdr beside it); an envelope may carry several. */
	txs = xmlXPathNodeEval(root, (const xmlChar *)
			       "descendant-or-self::*"
			       "[local-name()='FIToFICstmrCdtTrf']",
			       xp);
	if (txs == NULL) {
		rc = pr__error_set(err, PR_ENOMEM, "out of memory");
		goto done;
	}
	if (txs->nodesetval == NULL || txs->nodesetval->nodeNr == 0) {
		rc = fail_at(&r, root, PR_EPARSE, "no FIToFICstmrCdtTrf in "
			     "<%s>: not a pacs.008 customer credit transfer",
			     (const char *)root->name);
		goto done;
	}
	for (i = 0; i < txs->nodesetval->nodeNr; i++) {
		xmlNodePtr msg = txs->nodesetval->nodeTab[i];
		xmlNodePtr tx;
		unsigned long before = r.record;

		for (tx = msg->children; tx != NULL; tx = tx->next) {
			if (tx->type != XML_ELEMENT_NODE ||
			    strcmp((const char *)tx->name,
				   "CdtTrfTxInf") != 0)
				continue;
			r.record++;
			rc = read_tx(&r, msg, tx, &w, sink);
			if (rc != PR_OK)
				goto done;
		}
		if (r.record == before) {
			rc = fail_at(&r, msg, PR_EPARSE, "FIToFICstmrCdtTrf "
				     "has no CdtTrfTxInf");
			goto done;
		}
	}
	info->records = r.record;
	if (o != NULL && o->progress != NULL)
		o->progress(info->size, info->size, o->payload);
done:
	xmlXPathFreeObject(txs);
	xmlXPathFreeContext(xp);
	xmlFreeDoc(doc);
	if (ctxt != NULL) {
		ctxt->_private = NULL;
		xmlFreeParserCtxt(ctxt);
	}
	pr__free(buf);
	mpz_clear(w.amount);
	mpz_clear(w.instructed);
	return rc;
}
