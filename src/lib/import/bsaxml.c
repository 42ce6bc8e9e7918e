/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * FinCEN BSA E-Filing XML batches: the FinCEN SAR (FormTypeCode SARX) and
 * the FinCEN CTR (CTRX), read with libxml2 as the wire readers read XML
 * (no network, no entity expansion, no DTD). The kind is told from the
 * root element and its children, never from xsi:schemaLocation (FinCEN's
 * own sample SAR names the 8300 schema there). An acknowledgement
 * (EFilingSubmissionXML) is refused as what it is. Elements are matched
 * on local names, so a batch with or without the fc2: prefix reads alike.
 */
#include "config.h"
#include "common.h"
#include "bsa.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#define MAX_FILE ((size_t)256 << 20)
#define MAX_LIST 100           /* parties, accounts, cash lines a report */

struct xerr {
	int have;
	int line;
	int column;
	char msg[200];
	const char *buf;
	size_t len;
};

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
	if (strstr(x->msg, "depth") != NULL)
		snprintf(x->msg, sizeof(x->msg),
			 "elements nested more than 256 deep");
}

/* Each element keeps in _private where its start tag begins (offset +
 * 1), for a message's column (as import/pacs008.c). */
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

int
pr__bsaxml_probe(const char *head, size_t len)
{
	if (len > 4096)
		len = 4096;
	return memchr(head, '<', len) != NULL &&
	       pr__head_has(head, len, "EFilingBatchXML", 0);
}

struct rd {
	const char *name;
	const char *buf;
	pr_error *err;
};

static int
fail_at(struct rd *r, const xmlNode *node, const char *fmt, ...)
	PR__PRINTF(3, 4);

static int
fail_at(struct rd *r, const xmlNode *node, const char *fmt, ...)
{
	va_list ap;
	pr_loc loc;
	uintptr_t at = node != NULL ? (uintptr_t)node->_private : 0;

	memset(&loc, 0, sizeof(loc));
	if (at > 0) {
		pr__buf_loc(&loc, r->name, r->buf, r->buf + at - 1);
	} else {
		snprintf(loc.path, sizeof(loc.path), "%s", r->name);
		loc.line = node != NULL ? (unsigned long)xmlGetLineNo(node)
			   : 0;
	}
	va_start(ap, fmt);
	pr__error_vset(r->err, PR_EPARSE, &loc, fmt, ap);
	va_end(ap);
	return PR_EPARSE;
}

static int
is_el(const xmlNode *n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE &&
	       strcmp((const char *)n->name, name) == 0;
}

/* The first child element called name, or NULL. */
static xmlNodePtr
child(const xmlNode *n, const char *name)
{
	xmlNodePtr c;

	for (c = n->children; c != NULL; c = c->next)
		if (is_el(c, name))
			return c;
	return NULL;
}

static int
is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The text of child name of n, trimmed, into *out (pr__malloc'd; ""
 * when absent). NULL from allocation only. */
static char *
text(const xmlNode *n, const char *name)
{
	xmlNodePtr c = n != NULL ? child(n, name) : NULL;
	xmlChar *t;
	const char *s, *e;
	char *out;

	if (c == NULL)
		return pr__strdup("");
	t = xmlNodeGetContent(c);
	if (t == NULL)
		return pr__strdup("");
	s = (const char *)t;
	while (is_space((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && is_space((unsigned char)e[-1]))
		e--;
	out = pr__strndup(s, (size_t)(e - s));
	xmlFree(t);
	return out;
}

/* A whole number of dollars (FinCEN's amounts, digits only, at most 15)
 * as cents into *out; *has 0 when the element is absent or empty. */
static int
dollars(struct rd *r, const xmlNode *n, const char *name, int *has,
	int64_t *out)
{
	xmlNodePtr c = child(n, name);
	char *t;
	size_t i, len;
	int64_t v = 0;

	*has = 0;
	*out = 0;
	if (c == NULL)
		return PR_OK;
	t = text(n, name);
	if (t == NULL)
		return pr__error_set(r->err, PR_ENOMEM, "out of memory");
	len = strlen(t);
	if (len == 0) {
		pr__free(t);
		return PR_OK;
	}
	for (i = 0; i < len; i++) {
		if (t[i] < '0' || t[i] > '9' || i >= 15) {
			int rc = fail_at(r, c, "%s '%.40s' is not a whole "
					 "number of dollars (digits only, at "
					 "most 15)", name, t);

			pr__free(t);
			return rc;
		}
		v = v * 10 + (t[i] - '0');
	}
	pr__free(t);
	*has = 1;
	*out = v * 100;
	return PR_OK;
}

/* A date YYYYMMDD (the child name of n): *has 0 when absent or empty. */
static int
date_of(struct rd *r, const xmlNode *n, const char *name, int required,
	int *has, pr_date *out)
{
	xmlNodePtr c = child(n, name);
	char *t;
	int y, m, d, i, rc = PR_OK;

	*has = 0;
	if (c == NULL) {
		if (required)
			return fail_at(r, n, "<%s> has no %s", (const char *)
				       n->name, name);
		return PR_OK;
	}
	t = text(n, name);
	if (t == NULL)
		return pr__error_set(r->err, PR_ENOMEM, "out of memory");
	if (t[0] == '\0' && !required)
		goto done;
	for (i = 0; i < 8; i++)
		if (t[i] < '0' || t[i] > '9')
			break;
	if (i != 8 || t[8] != '\0') {
		rc = fail_at(r, c, "%s '%.40s' is not a date (YYYYMMDD)",
			     name, t);
		goto done;
	}
	y = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 +
	    (t[3] - '0');
	m = (t[4] - '0') * 10 + (t[5] - '0');
	d = (t[6] - '0') * 10 + (t[7] - '0');
	if (pr_date_from_ymd(out, y, m, d, NULL) != PR_OK) {
		rc = fail_at(r, c, "%s '%s' is not a date (no such day)",
			     name, t);
		goto done;
	}
	*has = 1;
done:
	pr__free(t);
	return rc;
}

/* Append s to *list (a pr__malloc'd string), after sep when the list
 * is not empty. */
static int
append_sep(char **list, const char *s, const char *sep)
{
	size_t a = strlen(*list), b = strlen(s);
	char *n;

	if (b == 0)
		return PR_OK;
	n = pr__malloc(a + strlen(sep) + b + 1);
	if (n == NULL)
		return PR_ENOMEM;
	memcpy(n, *list, a);
	if (a > 0) {
		memcpy(n + a, sep, strlen(sep));
		a += strlen(sep);
	}
	memcpy(n + a, s, b + 1);
	pr__free(*list);
	*list = n;
	return PR_OK;
}

/* Append s to the "; "-separated list *list. */
static int
append(char **list, const char *s)
{
	return append_sep(list, s, "; ");
}

/* A PartyName as one name: RawPartyFullName, else first middle last
 * suffix. */
static char *
name_of(const xmlNode *pn)
{
	static const char *const parts[] = {
		"RawIndividualFirstName", "RawIndividualMiddleName",
		"RawEntityIndividualLastName", "RawIndividualNameSuffixText"
	};
	char *full = text(pn, "RawPartyFullName");
	char *out;
	size_t i;

	if (full == NULL || full[0] != '\0')
		return full;
	out = full;
	for (i = 0; i < 4; i++) {
		char *p = text(pn, parts[i]);
		char *n;
		size_t a, b;

		if (p == NULL) {
			pr__free(out);
			return NULL;
		}
		a = strlen(out);
		b = strlen(p);
		if (b > 0) {
			n = pr__malloc(a + b + 2);
			if (n == NULL) {
				pr__free(p);
				pr__free(out);
				return NULL;
			}
			memcpy(n, out, a);
			if (a > 0)
				n[a++] = ' ';
			memcpy(n + a, p, b + 1);
			pr__free(out);
			out = n;
		}
		pr__free(p);
	}
	return out;
}

/* FinCEN's PartyIdentificationTypeCode, as the user guides name them. */
static const char *
id_label(int code)
{
	switch (code) {
	case 1: return "SSN/ITIN";
	case 2: return "EIN";
	case 4: return "TIN";
	case 5: return "driver's licence/state ID";
	case 6: return "passport";
	case 7: return "alien registration";
	case 9: return "foreign TIN";
	case 10: return "RSSD";
	case 11: return "state licence";
	case 28: return "TCC";
	case 29: return "internal control number";
	case 999: return "other ID";
	default: return NULL;
	}
}

const char *
pr__bsa_role(int code)
{
	switch (code) {
	case 30: return "filer";
	case 33: return "subject";
	case 34: return "institution";
	case 50: return "conductor (own behalf)";
	case 17: return "conductor (for another)";
	case 23: return "on whose behalf";
	case 58: return "common carrier";
	default: return NULL;
	}
}

static long
code_of(struct rd *r, const xmlNode *n, const char *name, int *ok)
{
	char *t = text(n, name);
	long v = 0;

	*ok = 0;
	if (t == NULL)
		return 0;
	if (t[0] != '\0' && pr__parse_long(&v, t, strlen(t), 0, 99999999L)
	    == 0)
		*ok = 1;
	pr__free(t);
	(void)r;
	return v;
}

static void
party_clear(pr__bsa_party *p)
{
	pr__free(p->name);
	pr__free(p->aka);
	pr__free(p->tin);
	pr__free(p->birth_date);
	pr__free(p->ids);
}

void
pr__bsa_report_clear(pr__bsa_report *r)
{
	size_t i;

	if (r == NULL)
		return;
	pr__free(r->bsa_id);
	pr__free(r->prior);
	pr__free(r->filer);
	pr__free(r->filer_tin);
	pr__free(r->categories);
	pr__free(r->narrative);
	for (i = 0; i < r->n_parties; i++)
		party_clear(&r->parties[i]);
	for (i = 0; i < r->n_accounts; i++)
		pr__free(r->accounts[i].number);
	pr__free(r->parties);
	pr__free(r->accounts);
	pr__free(r->cash);
	memset(r, 0, sizeof(*r));
}

#define NOMEM(r) pr__error_set((r)->err, PR_ENOMEM, "out of memory")

/* Every Account below n (any depth), under party index pi. */
static int
accounts_below(struct rd *r, pr__bsa_report *rep, const xmlNode *n,
	       long pi)
{
	xmlNodePtr c;
	int rc;

	for (c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is_el(c, "Account")) {
			pr__bsa_account *a;
			xmlNodePtr assoc = child(c, "PartyAccountAssociation");
			char *num = text(c, "AccountNumberText");
			int ok;

			if (num == NULL)
				return NOMEM(r);
			if (num[0] == '\0') {
				pr__free(num);
				continue;
			}
			if (rep->n_accounts >= MAX_LIST) {
				pr__free(num);
				return fail_at(r, c, "more than %d accounts "
					       "in one report", MAX_LIST);
			}
			a = &rep->accounts[rep->n_accounts++];
			a->line = (unsigned long)xmlGetLineNo(c);
			a->party = pi;
			a->number = num;
			a->assoc = assoc != NULL ? (int)code_of(r, assoc,
				"PartyAccountAssociationTypeCode", &ok) : 0;
			continue;
		}
		rc = accounts_below(r, rep, c, pi);
		if (rc != PR_OK)
			return rc;
	}
	return PR_OK;
}

static int
read_party(struct rd *r, pr__bsa_report *rep, const xmlNode *pn, int sar)
{
	pr__bsa_party *p;
	xmlNodePtr c;
	char *dob;
	int ok, rc;
	long code = code_of(r, pn, "ActivityPartyTypeCode", &ok);

	if (!ok)
		return fail_at(r, pn, "<Party> has no ActivityPartyTypeCode "
			       "(a number)");
	if (pr__bsa_role((int)code) == NULL)
		return PR_OK;
	if (rep->n_parties >= MAX_LIST)
		return fail_at(r, pn, "more than %d parties in one report",
			       MAX_LIST);
	p = &rep->parties[rep->n_parties++];
	memset(p, 0, sizeof(*p));
	p->line = (unsigned long)xmlGetLineNo(pn);
	p->role_code = (int)code;
	p->name = pr__strdup("");
	p->aka = pr__strdup("");
	p->tin = pr__strdup("");
	p->ids = pr__strdup("");
	dob = text(pn, "IndividualBirthDateText");
	p->birth_date = dob;
	if (p->name == NULL || p->aka == NULL || p->tin == NULL ||
	    p->ids == NULL || dob == NULL)
		return NOMEM(r);
	if (dob[0] != '\0') {
		/* YYYYMMDD; FinCEN allows 00 for an unknown month or day */
		int i;

		for (i = 0; i < 8; i++)
			if (dob[i] < '0' || dob[i] > '9')
				break;
		if (i != 8 || dob[8] != '\0')
			return fail_at(r, child(pn, "IndividualBirthDateText"),
				       "IndividualBirthDateText '%.40s' is "
				       "not a date (YYYYMMDD)", dob);
		p->birth_date = pr__malloc(11);
		if (p->birth_date == NULL) {
			p->birth_date = dob;
			return NOMEM(r);
		}
		snprintf(p->birth_date, 11, "%.4s-%.2s-%.2s", dob, dob + 4,
			 dob + 6);
		pr__free(dob);
	}
	for (c = pn->children; c != NULL; c = c->next) {
		if (is_el(c, "PartyName")) {
			char *t = text(c, "PartyNameTypeCode");
			char *nm = name_of(c);

			if (t == NULL || nm == NULL) {
				pr__free(t);
				pr__free(nm);
				return NOMEM(r);
			}
			if (strcmp(t, "L") == 0 && p->name[0] == '\0') {
				pr__free(p->name);
				p->name = nm;
				nm = NULL;
			} else if (append(&p->aka, nm) != PR_OK) {
				pr__free(t);
				pr__free(nm);
				return NOMEM(r);
			}
			pr__free(t);
			pr__free(nm);
		} else if (is_el(c, "PartyIdentification")) {
			char *num = text(c, "PartyIdentificationNumberText");
			long ty = code_of(r, c, "PartyIdentificationTypeCode",
					  &ok);
			const char *lab = ok ? id_label((int)ty) : NULL;
			char item[120];

			if (num == NULL)
				return NOMEM(r);
			if (num[0] != '\0') {
				if (lab != NULL)
					snprintf(item, sizeof(item), "%s %s",
						 lab, num);
				else
					snprintf(item, sizeof(item),
						 "ID type %ld %s", ty, num);
				rc = append(&p->ids, item);
				if (rc == PR_OK && p->tin[0] == '\0' && ok &&
				    (ty == 1 || ty == 2 || ty == 4 ||
				     ty == 9)) {
					pr__free(p->tin);
					p->tin = pr__strdup(num);
					if (p->tin == NULL)
						rc = PR_ENOMEM;
				}
				if (rc != PR_OK) {
					pr__free(num);
					return NOMEM(r);
				}
			}
			pr__free(num);
		}
	}
	if (!sar) {
		rc = dollars(r, pn, "IndividualEntityCashInAmountText",
			     &p->has_in, &p->cash_in);
		if (rc == PR_OK)
			rc = dollars(r, pn, "IndividualEntityCashOutAmountText",
				     &p->has_out, &p->cash_out);
		if (rc != PR_OK)
			return rc;
	}
	return accounts_below(r, rep, pn, (long)(rep->n_parties - 1));
}

/* Cash in codes of the CTR's detail table (the rest are cash out). */
static int
cash_in_code(int code)
{
	switch (code) {
	case 55: case 46: case 23: case 12: case 14: case 49: case 18:
	case 21: case 25: case 997: case 53:
		return 1;
	default:
		return 0;
	}
}

static int
read_ctr(struct rd *r, pr__bsa_report *rep, const xmlNode *act)
{
	xmlNodePtr cta = child(act, "CurrencyTransactionActivity");
	xmlNodePtr c;
	int rc, ok;

	if (cta == NULL)
		return fail_at(r, act, "CTR <Activity> has no "
			       "CurrencyTransactionActivity");
	rc = date_of(r, cta, "TransactionDateText", 1, &rep->has_from,
		     &rep->from);
	if (rc != PR_OK)
		return rc;
	rep->has_to = 1;
	rep->to = rep->from;
	rc = dollars(r, cta, "TotalCashInReceiveAmountText", &rep->has_in,
		     &rep->cash_in);
	if (rc == PR_OK)
		rc = dollars(r, cta, "TotalCashOutAmountText", &rep->has_out,
			     &rep->cash_out);
	if (rc != PR_OK)
		return rc;
	if (!rep->has_in && !rep->has_out)
		return fail_at(r, cta, "CurrencyTransactionActivity has "
			       "neither TotalCashInReceiveAmountText nor "
			       "TotalCashOutAmountText");
	for (c = cta->children; c != NULL; c = c->next) {
		pr__bsa_cash *k;
		long code;
		int has;

		if (!is_el(c, "CurrencyTransactionActivityDetail"))
			continue;
		if (rep->n_cash >= MAX_LIST)
			return fail_at(r, c, "more than %d cash lines in one "
				       "report", MAX_LIST);
		code = code_of(r, c, "CurrencyTransactionActivityDetailTypeCode",
			       &ok);
		if (!ok)
			return fail_at(r, c, "CurrencyTransactionActivityDetail"
				       " has no CurrencyTransactionActivity"
				       "DetailTypeCode (a number)");
		k = &rep->cash[rep->n_cash];
		k->line = (unsigned long)xmlGetLineNo(c);
		k->code = (int)code;
		k->in = cash_in_code((int)code);
		rc = dollars(r, c, "DetailTransactionAmountText", &has,
			     &k->amount);
		if (rc != PR_OK)
			return rc;
		if (!has)
			return fail_at(r, c, "CurrencyTransactionActivityDetail"
				       " has no DetailTransactionAmountText");
		rep->n_cash++;
	}
	return PR_OK;
}

static int
read_sar(struct rd *r, pr__bsa_report *rep, const xmlNode *act)
{
	xmlNodePtr sa = child(act, "SuspiciousActivity");
	xmlNodePtr c;
	int rc, ok, has;

	if (sa == NULL)
		return fail_at(r, act, "SAR <Activity> has no "
			       "SuspiciousActivity");
	rc = date_of(r, sa, "SuspiciousActivityFromDateText", 1,
		     &rep->has_from, &rep->from);
	if (rc == PR_OK)
		rc = date_of(r, sa, "SuspiciousActivityToDateText", 0,
			     &rep->has_to, &rep->to);
	if (rc == PR_OK)
		rc = dollars(r, sa, "TotalSuspiciousAmountText",
			     &rep->has_amount, &rep->amount);
	if (rc == PR_OK && !rep->has_amount)
		rc = dollars(r, sa, "CumulativeTotalViolationAmountText",
			     &rep->has_amount, &rep->amount);
	if (rc != PR_OK)
		return rc;
	if (rep->has_to && rep->to < rep->from)
		return fail_at(r, child(sa, "SuspiciousActivityToDateText"),
			       "SuspiciousActivityToDateText is before "
			       "SuspiciousActivityFromDateText");
	for (c = sa->children; c != NULL; c = c->next) {
		long ty, sub;
		char item[40];

		if (!is_el(c, "SuspiciousActivityClassification"))
			continue;
		ty = code_of(r, c, "SuspiciousActivityTypeID", &ok);
		if (!ok)
			return fail_at(r, c, "SuspiciousActivityClassification"
				       " has no SuspiciousActivityTypeID (a "
				       "number)");
		sub = code_of(r, c, "SuspiciousActivitySubtypeID", &has);
		if (!has)
			return fail_at(r, c, "SuspiciousActivityClassification"
				       " has no SuspiciousActivitySubtypeID "
				       "(a number)");
		snprintf(item, sizeof(item), "%ld/%ld", ty, sub);
		if (append(&rep->categories, item) != PR_OK)
			return NOMEM(r);
		/* SAR item 38: 927 human trafficking, 926 human smuggling
		 * (FinCEN SAR XML schema, ValidateSuspiciousActivity
		 * SubtypeID) */
		if (sub == 927)
			rep->trafficking = 1;
	}
	/* The narrative: up to five ActivityNarrativeInformation, in their
	 * ActivityNarrativeSequenceNumber order. */
	for (has = 1; has <= 5; has++) {
		for (c = act->children; c != NULL; c = c->next) {
			char *t;

			if (!is_el(c, "ActivityNarrativeInformation") ||
			    code_of(r, c, "ActivityNarrativeSequenceNumber",
				    &ok) != has || !ok)
				continue;
			t = text(c, "ActivityNarrativeText");
			if (t == NULL)
				return NOMEM(r);
			rc = append_sep(&rep->narrative, t, " ");
			pr__free(t);
			if (rc != PR_OK)
				return NOMEM(r);
		}
	}
	return PR_OK;
}

static int
read_activity(struct rd *r, pr__bsa_report *rep, const xmlNode *act,
	      int sar)
{
	xmlNodePtr c;
	size_t i;
	int rc, has;

	rep->line = (unsigned long)xmlGetLineNo(act);
	rep->kind = sar ? "SAR" : "CTR";
	rep->bsa_id = text(act, "BSAID");
	rep->prior = text(act, "EFilingPriorDocumentNumber");
	rep->filer = pr__strdup("");
	rep->filer_tin = pr__strdup("");
	rep->categories = pr__strdup("");
	rep->narrative = pr__strdup("");
	rep->parties = pr__calloc(MAX_LIST, sizeof(*rep->parties));
	rep->accounts = pr__calloc(MAX_LIST, sizeof(*rep->accounts));
	rep->cash = pr__calloc(MAX_LIST, sizeof(*rep->cash));
	if (rep->bsa_id == NULL || rep->prior == NULL || rep->filer == NULL ||
	    rep->filer_tin == NULL || rep->categories == NULL ||
	    rep->narrative == NULL || rep->parties == NULL ||
	    rep->accounts == NULL || rep->cash == NULL)
		return NOMEM(r);
	if (strspn(rep->prior, "0") == strlen(rep->prior))
		rep->prior[0] = '\0';
	if (rep->bsa_id[0] == '\0') {
		/* a batch as filed has no BSA ID yet (FinCEN assigns it on
		 * acceptance): the Activity's SeqNum names it in the batch */
		xmlChar *seq = xmlGetProp(act, (const xmlChar *)"SeqNum");
		char id[64];

		snprintf(id, sizeof(id), "activity %.40s",
			 seq != NULL ? (const char *)seq : "?");
		xmlFree(seq);
		pr__free(rep->bsa_id);
		rep->bsa_id = pr__strdup(id);
		if (rep->bsa_id == NULL)
			return NOMEM(r);
	}
	rc = date_of(r, act, "FilingDateText", 1, &has, &rep->filing_date);
	if (rc != PR_OK)
		return rc;
	for (c = act->children; c != NULL; c = c->next) {
		if (!is_el(c, "Party"))
			continue;
		rc = read_party(r, rep, c, sar);
		if (rc != PR_OK)
			return rc;
	}
	for (i = 0; i < rep->n_parties; i++) {
		if (rep->parties[i].role_code == 30) {
			pr__free(rep->filer);
			pr__free(rep->filer_tin);
			rep->filer = pr__strdup(rep->parties[i].name);
			rep->filer_tin = pr__strdup(rep->parties[i].tin);
			if (rep->filer == NULL || rep->filer_tin == NULL)
				return NOMEM(r);
			break;
		}
	}
	if (i == rep->n_parties)
		return fail_at(r, act, "<Activity> has no filer (a Party "
			       "with ActivityPartyTypeCode 30)");
	return sar ? read_sar(r, rep, act) : read_ctr(r, rep, act);
}

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
			    "refused: FinCEN batches carry none");
}

static int
malformed(const char *name, const struct xerr *x, pr_error *err)
{
	pr_loc loc;

	memset(&loc, 0, sizeof(loc));
	snprintf(loc.path, sizeof(loc.path), "%s", name);
	loc.line = x->line > 0 ? (unsigned long)x->line : 0;
	loc.column = x->column > 0 ? (unsigned long)x->column : 0;
	return pr__error_at(err, PR_EPARSE, &loc, "malformed XML: %s",
			    x->have ? x->msg : "not well-formed");
}

int
pr__bsaxml_read(const char *path, const char *name, pr__bsa_sink sink,
		void *payload, const char **format_out, pr__read_info *info,
		pr_error *err)
{
	xmlParserCtxtPtr ctxt = NULL;
	xmlDocPtr doc = NULL;
	xmlNodePtr root, c, ftc;
	pr__bsa_report rep;
	struct xerr x;
	struct rd r;
	char *buf = NULL, *form = NULL;
	const char *dt;
	size_t len = 0;
	uint64_t n = 0;
	int sar = 0, rc;

	memset(&rep, 0, sizeof(rep));
	memset(&x, 0, sizeof(x));
	r.name = name;
	r.err = err;
	r.buf = NULL;
	*format_out = NULL;
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
	doc = xmlCtxtReadMemory(ctxt, buf, (int)len, name, NULL,
				XML_PARSE_NONET | XML_PARSE_NOBLANKS |
				XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
				XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA);
	if (doc == NULL || x.have || !ctxt->wellFormed) {
		rc = malformed(name, &x, err);
		goto done;
	}
	if (doc->intSubset != NULL || doc->extSubset != NULL) {
		rc = doctype(name, buf, NULL, err);
		goto done;
	}
	root = xmlDocGetRootElement(doc);
	if (root == NULL || !is_el(root, "EFilingBatchXML")) {
		rc = fail_at(&r, root, "<%s> is not a FinCEN BSA E-Filing "
			     "batch (expected <EFilingBatchXML>)",
			     root != NULL ? (const char *)root->name : "");
		goto done;
	}
	c = child(root, "EFilingSubmissionXML");
	if (c != NULL) {
		rc = fail_at(&r, c, "a BSA E-Filing acknowledgement "
			     "(EFilingSubmissionXML), not a report: it holds "
			     "only the BSA IDs and errors FinCEN gave a "
			     "batch; import the batch itself");
		goto done;
	}
	ftc = child(root, "FormTypeCode");
	form = text(root, "FormTypeCode");
	if (form == NULL) {
		rc = pr__error_set(err, PR_ENOMEM, "out of memory");
		goto done;
	}
	if (ftc == NULL) {
		rc = fail_at(&r, root, "<EFilingBatchXML> has no FormTypeCode "
			     "(SARX or CTRX)");
		goto done;
	}
	if (strcmp(form, "SARX") == 0) {
		sar = 1;
		*format_out = "SARX";
	} else if (strcmp(form, "CTRX") == 0) {
		*format_out = "CTRX";
	} else {
		rc = fail_at(&r, ftc, "FormTypeCode '%.20s' is not a FinCEN "
			     "SAR or CTR batch (expected SARX or CTRX)",
			     form);
		goto done;
	}
	for (c = root->children; c != NULL; c = c->next) {
		if (!is_el(c, "Activity"))
			continue;
		rc = read_activity(&r, &rep, c, sar);
		if (rc == PR_OK)
			rc = sink(&rep, payload, err);
		pr__bsa_report_clear(&rep);
		if (rc != PR_OK)
			goto done;
		n++;
	}
	if (n == 0) {
		rc = fail_at(&r, root, "the %s batch has no <Activity>",
			     sar ? "SAR" : "CTR");
		goto done;
	}
	info->records = n;
done:
	pr__bsa_report_clear(&rep);
	pr__free(form);
	xmlFreeDoc(doc);
	if (ctxt != NULL) {
		ctxt->_private = NULL;
		xmlFreeParserCtxt(ctxt);
	}
	pr__free(buf);
	return rc;
}
