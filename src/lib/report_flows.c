/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The flows of a case, each with its evidence and the basis of every
 * join, as a table, CSV or JSON. */
#include "config.h"
#include "common.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

static const char *const role_names[] = {
	"debit", "record", "credit", "fee"
};

static void
date_s(char buf[16], pr_date d)
{
	pr_date_format(buf, d);
}

static void
table_flow(FILE *fp, const pr_flow *fl)
{
	char d[16];
	size_t i;

	date_s(d, fl->date);
	fprintf(fp, "F%lu  %s  %s %s", fl->id, d, fl->currency, fl->amount);
	if (*fl->to_currency)
		fprintf(fp, " -> %s %s", fl->to_currency, fl->to_amount);
	fprintf(fp, "  %s -> %s", fl->from, fl->to);
	if (*fl->fee)
		fprintf(fp, "  (fee %s)", fl->fee);
	if (*fl->note)
		fprintf(fp, "  [%s]", fl->note);
	fputc('\n', fp);
	for (i = 0; i < fl->n_evidence; i++) {
		const pr_evidence *e = &fl->evidence[i];

		fprintf(fp, "    %-6s %-8s %s:%lu  %s %s  %s\n",
			role_names[e->role], e->kind, e->document, e->line,
			e->currency, e->amount, e->what);
		if (*e->basis)
			fprintf(fp, "           joined: %s\n", e->basis);
	}
}

static void
csv_flow(FILE *fp, const pr_flow *fl)
{
	char d[16], ed[16], id[24], line[24];
	const char *cells[19];
	size_t i;

	date_s(d, fl->date);
	snprintf(id, sizeof(id), "F%lu", fl->id);
	for (i = 0; i < fl->n_evidence; i++) {
		const pr_evidence *e = &fl->evidence[i];

		date_s(ed, e->date);
		snprintf(line, sizeof(line), "%lu", e->line);
		cells[0] = id;
		cells[1] = d;
		cells[2] = fl->from;
		cells[3] = fl->to;
		cells[4] = fl->currency;
		cells[5] = fl->amount;
		cells[6] = fl->to_currency;
		cells[7] = fl->to_amount;
		cells[8] = fl->fee;
		cells[9] = fl->note;
		cells[10] = role_names[e->role];
		cells[11] = e->kind;
		cells[12] = e->document;
		cells[13] = line;
		cells[14] = ed;
		cells[15] = e->currency;
		cells[16] = e->amount;
		cells[17] = e->what;
		cells[18] = e->basis;
		pr__csv_row(fp, cells, 19);
	}
}

static json_t *
json_flow(const pr_flow *fl)
{
	char d[16], ed[16], id[24];
	json_t *ev = json_array(), *o;
	size_t i;

	date_s(d, fl->date);
	snprintf(id, sizeof(id), "F%lu", fl->id);
	for (i = 0; i < fl->n_evidence; i++) {
		const pr_evidence *e = &fl->evidence[i];

		date_s(ed, e->date);
		json_array_append_new(ev, json_pack("{s:s, s:s, s:s, s:I, "
			"s:s, s:s, s:s, s:s, s:s}", "role",
			role_names[e->role], "kind", e->kind, "document",
			e->document, "line", (json_int_t)e->line, "date", ed,
			"currency", e->currency, "amount", e->amount, "what",
			e->what, "basis", e->basis));
	}
	o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "id", id, "date", d,
		      "from", fl->from, "to", fl->to, "currency",
		      fl->currency, "amount", fl->amount);
	if (o == NULL)
		return NULL;
	if (*fl->to_currency) {
		json_object_set_new(o, "to_currency",
				    json_string(fl->to_currency));
		json_object_set_new(o, "to_amount",
				    json_string(fl->to_amount));
	}
	if (*fl->fee)
		json_object_set_new(o, "fee", json_string(fl->fee));
	if (*fl->note)
		json_object_set_new(o, "note", json_string(fl->note));
	json_object_set_new(o, "lead", json_boolean(fl->lead));
	json_object_set_new(o, "evidence", ev);
	return o;
}

/* The analyst's decisions: in every report, whether or not they changed
 * a flow. */
static void
table_decisions(FILE *fp, const pr_flows *f)
{
	size_t i, n = pr_flows_decision_count(f);
	pr_decision d;

	fprintf(fp, "\nAnalyst decisions\n");
	if (n == 0)
		fprintf(fp, "(none)\n");
	for (i = 0; i < n; i++) {
		if (pr_flows_decision(f, i, &d) != PR_OK)
			continue;
		if (strcmp(d.action, "owner") == 0)
			fprintf(fp, "%s:%lu: owner %s is %s: %s\n", d.document,
				d.line, d.subject, d.other, d.reason);
		else
			fprintf(fp, "%s:%lu: %s %s and %s: %s\n", d.document,
				d.line, d.action, d.subject, d.other,
				d.reason);
	}
}

static json_t *
json_decisions(const pr_flows *f)
{
	json_t *a = json_array();
	size_t i, n = pr_flows_decision_count(f);
	pr_decision d;

	for (i = 0; a != NULL && i < n; i++)
		if (pr_flows_decision(f, i, &d) == PR_OK)
			json_array_append_new(a, json_pack("{s:s, s:I, s:s, "
				"s:s, s:s, s:s}", "document", d.document,
				"line", (json_int_t)d.line, "action",
				d.action, "subject", d.subject, "other",
				d.other, "reason", d.reason));
	return a;
}

static void
csv_decisions(FILE *fp, const pr_flows *f)
{
	size_t i, n = pr_flows_decision_count(f);
	char line[24];
	pr_decision d;

	for (i = 0; i < n; i++) {
		const char *cells[19] = { NULL };
		char *what;
		size_t len;

		if (pr_flows_decision(f, i, &d) != PR_OK)
			continue;
		len = strlen(d.action) + strlen(d.subject) +
		      strlen(d.other) + 3;
		what = malloc(len);
		if (what == NULL)
			continue;
		snprintf(what, len, "%s %s %s", d.action, d.subject, d.other);
		snprintf(line, sizeof(line), "%lu", d.line);
		cells[0] = "decision";
		cells[10] = "decision";
		cells[12] = d.document;
		cells[13] = line;
		cells[17] = what;
		cells[18] = d.reason;
		pr__csv_row(fp, cells, 19);
		free(what);
	}
}

/* jansson's output of a value nested `extra` spaces deep: its own
 * lines (it escapes every newline inside a string) shifted right. */
struct nested {
	FILE *fp;
	int extra;
};

static int
nested_out(const char *buf, size_t size, void *data)
{
	const struct nested *n = data;
	const char *nl;

	while (size > 0 && (nl = memchr(buf, '\n', size)) != NULL) {
		size_t k = (size_t)(nl - buf) + 1;

		fwrite(buf, 1, k, n->fp);
		fprintf(n->fp, "%*s", n->extra, "");
		buf += k;
		size -= k;
	}
	if (size > 0)
		fwrite(buf, 1, size, n->fp);
	return ferror(n->fp) ? -1 : 0;
}

/* Dump v (consumed) as jansson would inside a value `extra` deep. */
static int
dump_nested(FILE *fp, json_t *v, int extra)
{
	struct nested n = { fp, extra };
	int rc;

	if (v == NULL)
		return -1;
	rc = json_dump_callback(v, nested_out, &n, JSON_INDENT(2) |
				JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
	json_decref(v);
	return rc;
}

/*
 * The JSON report, a flow at a time: the bytes json_dumpf gives for the
 * whole object (JSON_INDENT(2), keys in order), without holding every
 * flow in memory at once (10^6 flows took 4 GiB as one tree).
 */
static int
json_flows(FILE *fp, pr_flows *f, int joined_only, pr_error *err)
{
	size_t i, n = pr_flows_count(f), shown = 0;
	pr_flow fl;
	int rc, bad = 0;

	fputs("{\n  \"parameters\": ", fp);
	bad |= dump_nested(fp, json_string(pr_flows_parameters(f)), 2);
	fprintf(fp, ",\n  \"evidence\": %" JSON_INTEGER_FORMAT
		",\n  \"joined\": %" JSON_INTEGER_FORMAT ",\n  \"flows\": [",
		(json_int_t)pr_flows_evidence(f),
		(json_int_t)pr_flows_joined(f));
	for (i = 0; i < n && !bad; i++) {
		rc = pr_flows_get(f, i, &fl);
		if (rc != PR_OK)
			return pr__error_set(err, rc, "out of memory");
		if (joined_only && fl.n_evidence < 2)
			continue;
		fputs(shown++ ? ",\n    " : "\n    ", fp);
		bad |= dump_nested(fp, json_flow(&fl), 4);
	}
	fputs(shown ? "\n  ],\n  \"decisions\": " : "],\n  \"decisions\": ",
	      fp);
	if (!bad)
		bad |= dump_nested(fp, json_decisions(f), 2);
	fputs("\n}\n", fp);
	if (bad && !ferror(fp))
		return pr__error_set(err, PR_ENOMEM, "cannot encode JSON");
	return PR_OK;
}

int
pr_report_flows(FILE *fp, pr_flows *f, pr_format fmt, int joined_only,
		pr_error *err)
{
	static const char *const head[] = {
		"flow", "date", "from", "to", "currency", "amount",
		"to_currency", "to_amount", "fee", "note", "role", "kind",
		"document", "line", "evidence_date", "evidence_currency",
		"evidence_amount", "what", "basis"
	};
	size_t i, n = pr_flows_count(f), shown = 0, leads = 0;
	pr_flow fl;
	int rc;

	if (fp == NULL || f == NULL)
		return pr__error_set(err, PR_EINVALID, "no stream or flows");
	if (fmt == PR_FORMAT_JSON) {
		rc = json_flows(fp, f, joined_only, err);
		if (rc == PR_OK && ferror(fp))
			rc = pr__error_sys(err, PR_EIO, errno, "output",
					   "write");
		return rc;
	}
	if (fmt == PR_FORMAT_TABLE)
		fprintf(fp, "Flows (%s)\n", pr_flows_parameters(f));
	else
		pr__csv_row(fp, head, 19);
	for (i = 0; i < n; i++) {
		rc = pr_flows_get(f, i, &fl);
		if (rc != PR_OK)
			return pr__error_set(err, rc, "out of memory");
		leads += fl.lead != 0;
		if (joined_only && fl.n_evidence < 2)
			continue;
		shown++;
		if (fmt == PR_FORMAT_TABLE)
			table_flow(fp, &fl);
		else
			csv_flow(fp, &fl);
	}
	if (fmt == PR_FORMAT_CSV)
		csv_decisions(fp, f);
	if (fmt == PR_FORMAT_TABLE) {
		table_decisions(fp, f);
		fprintf(fp, "\n%lu flow%s from %llu pieces of evidence "
			"(%llu joined); %lu lead%s",
			(unsigned long)n, n == 1 ? "" : "s",
			(unsigned long long)pr_flows_evidence(f),
			(unsigned long long)pr_flows_joined(f),
			(unsigned long)leads, leads == 1 ? "" : "s");
		if (joined_only)
			fprintf(fp, "; %lu shown (two or more pieces of "
				"evidence)", (unsigned long)shown);
		fprintf(fp, "; %lu issue%s for the analyst "
			"(proceeds reconcile lists them)\n",
			(unsigned long)pr_flows_issue_count(f),
			pr_flows_issue_count(f) == 1 ? "" : "s");
	}
	if (ferror(fp))
		return pr__error_sys(err, PR_EIO, errno, "output", "write");
	return PR_OK;
}
