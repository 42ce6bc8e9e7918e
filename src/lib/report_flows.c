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
	json_t *root = NULL, *arr = NULL;
	size_t i, n = pr_flows_count(f), shown = 0, leads = 0;
	pr_flow fl;
	int rc;

	if (fp == NULL || f == NULL)
		return pr__error_set(err, PR_EINVALID, "no stream or flows");
	if (fmt == PR_FORMAT_TABLE)
		fprintf(fp, "Flows (%s)\n", pr_flows_parameters(f));
	else if (fmt == PR_FORMAT_CSV)
		pr__csv_row(fp, head, 19);
	else if ((root = json_object()) == NULL ||
		 (arr = json_array()) == NULL) {
		json_decref(root);
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	}
	for (i = 0; i < n; i++) {
		rc = pr_flows_get(f, i, &fl);
		if (rc != PR_OK) {
			json_decref(root);
			json_decref(arr);
			return pr__error_set(err, rc, "out of memory");
		}
		leads += fl.lead != 0;
		if (joined_only && fl.n_evidence < 2)
			continue;
		shown++;
		if (fmt == PR_FORMAT_TABLE)
			table_flow(fp, &fl);
		else if (fmt == PR_FORMAT_CSV)
			csv_flow(fp, &fl);
		else
			json_array_append_new(arr, json_flow(&fl));
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
	} else if (fmt == PR_FORMAT_JSON) {
		json_object_set_new(root, "parameters",
				    json_string(pr_flows_parameters(f)));
		json_object_set_new(root, "evidence", json_integer(
			(json_int_t)pr_flows_evidence(f)));
		json_object_set_new(root, "joined", json_integer(
			(json_int_t)pr_flows_joined(f)));
		json_object_set_new(root, "flows", arr);
		json_object_set_new(root, "decisions", json_decisions(f));
		rc = json_dumpf(root, fp, JSON_INDENT(2) |
				JSON_PRESERVE_ORDER);
		fputc('\n', fp);
		json_decref(root);
		if (rc != 0)
			return pr__error_set(err, PR_ENOMEM,
					     "cannot encode JSON");
	}
	if (ferror(fp))
		return pr__error_sys(err, PR_EIO, errno, "output", "write");
	return PR_OK;
}
