/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A trace, or every method side by side, as a table, CSV or JSON. */
#include "config.h"
#include "common.h"

#include <errno.h>
#include <string.h>
#include <jansson.h>

#define AMT 64
#define STEP 1400

const char *
pr_lineage_text(const pr_lineage_step *s, char *buf, size_t size)
{
	char a[AMT], d[16];
	int in = 2 * (int)s->depth;
	mpz_t z;

	mpz_init_set_si(z, (long)s->amount);
	pr_money_format(a, sizeof(a), z, s->minor, PR_FMT_PLAIN);
	mpz_clear(z);
	pr_date_format(d, s->date);
	switch (s->kind) {
	case PR_LINEAGE_HEAD:
		snprintf(buf, size, "Lineage of %s", s->holder);
		break;
	case PR_LINEAGE_HELD:
		snprintf(buf, size, "%s: %s held now", s->origin, a);
		break;
	case PR_LINEAGE_MORE:
		snprintf(buf, size, "%*s(and more: the lineage stops at %ld "
			 "lines)", in, "", (long)s->amount);
		break;
	case PR_LINEAGE_OPENING:
		snprintf(buf, size, "%*s%s %s held when its records begin "
			 "(opening balance)", in, "", a, s->currency);
		break;
	case PR_LINEAGE_INFLOW:
		snprintf(buf, size, "%*sF%lu %s  %s %s came in  [%s]", in, "",
			 s->flow, d, a, s->currency, s->evidence);
		break;
	case PR_LINEAGE_TRANSFER:
		snprintf(buf, size, "%*sF%lu %s  %s %s from %s  [%s]", in, "",
			 s->flow, d, a, s->currency, s->holder, s->evidence);
		break;
	default:
		snprintf(buf, size, "?");
	}
	return buf;
}

/* Does the holder (sink) hold anything of any origin? Empty rows are
 * left out of tables; CSV and JSON keep only non-zero amounts. */
static int
holder_empty(const pr_trace *t, size_t i, int sink)
{
	size_t k;

	for (k = 0; k < pr_trace_origin_count(t); k++)
		if (!(sink ? pr_trace_sunk_zero(t, i, k) :
		      pr_trace_held_zero(t, i, k)))
			return 0;
	return 1;
}

static void
table_part(FILE *fp, const pr_trace *t, int sink)
{
	size_t n = sink ? pr_trace_sink_count(t) : pr_trace_holder_count(t);
	size_t no = pr_trace_origin_count(t), i, k, w = 6, shown = 0;
	char a[AMT];

	for (i = 0; i < n; i++) {
		const char *name = sink ? pr_trace_sink(t, i) :
				   pr_trace_holder(t, i);

		if (strlen(name) > w)
			w = strlen(name);
	}
	fprintf(fp, "%-*s", (int)w, sink ? "SINK" : "HOLDER");
	for (k = 0; k < no; k++)
		fprintf(fp, " %16s", pr_trace_origin(t, k));
	fputc('\n', fp);
	for (i = 0; i < n; i++) {
		if (holder_empty(t, i, sink))
			continue;
		shown++;
		fprintf(fp, "%-*s", (int)w, sink ? pr_trace_sink(t, i) :
			pr_trace_holder(t, i));
		for (k = 0; k < no; k++)
			fprintf(fp, " %16s", sink ?
				pr_trace_sunk(t, i, k, a, sizeof(a)) :
				pr_trace_held(t, i, k, a, sizeof(a)));
		fputc('\n', fp);
	}
	if (shown == 0)
		fprintf(fp, "(none)\n");
}

/* Each victim's money in one place: where it is, where it left. */
static void
per_victim(FILE *fp, const pr_trace *t)
{
	size_t k, i, s;
	char a[AMT];

	fprintf(fp, "\nPer victim\n");
	if (pr_trace_origin_count(t) <= 2)
		fprintf(fp, "(no victims in the case)\n");
	for (k = 2; k < pr_trace_origin_count(t); k++) {
		size_t shown = 0;

		fprintf(fp, "%s\n", pr_trace_origin(t, k));
		for (s = 0; s < 2; s++) {
			size_t n = s ? pr_trace_sink_count(t) :
				   pr_trace_holder_count(t);

			for (i = 0; i < n; i++) {
				if (s ? pr_trace_sunk_zero(t, i, k) :
				    pr_trace_held_zero(t, i, k))
					continue;
				shown++;
				fprintf(fp, "  %-5s %16s  %s\n", s ? "left" :
					"held", s ? pr_trace_sunk(t, i, k, a,
					sizeof(a)) : pr_trace_held(t, i, k, a,
					sizeof(a)), s ? pr_trace_sink(t, i) :
					pr_trace_holder(t, i));
			}
		}
		if (shown == 0)
			fprintf(fp, "  (nothing traced)\n");
	}
}

static void
table(FILE *fp, const pr_trace *t)
{
	size_t i;

	fprintf(fp, "Trace (%s)\n", pr_trace_parameters(t));
	if (pr_trace_warning_count(t) > 0) {
		fprintf(fp, "\nWarnings\n");
		for (i = 0; i < pr_trace_warning_count(t); i++)
			fprintf(fp, "%s\n", pr_trace_warning(t, i));
	}
	fprintf(fp, "\nWhere the money is: accounts, addresses, assets\n");
	table_part(fp, t, 0);
	fprintf(fp, "\nWhere it left the case\n");
	table_part(fp, t, 1);
	per_victim(fp, t);
	if (pr_lineage_count(pr_trace_lineage(t)) > 0)
		fputc('\n', fp);
	for (i = 0; i < pr_lineage_count(pr_trace_lineage(t)); i++) {
		char b[STEP];

		fprintf(fp, "%s\n", pr_lineage_text(pr_lineage_get(
			pr_trace_lineage(t), i), b, sizeof(b)));
	}
}

static void
csv(FILE *fp, const pr_trace *t)
{
	static const char *const head[] = {
		"section", "name", "currency", "origin", "amount"
	};
	size_t s, i, k;
	char a[AMT];

	pr__csv_row(fp, head, 5);
	for (s = 0; s < 2; s++) {
		size_t n = s ? pr_trace_sink_count(t) :
			   pr_trace_holder_count(t);

		for (i = 0; i < n; i++)
			for (k = 0; k < pr_trace_origin_count(t); k++) {
				const char *cells[5];

				if (s ? pr_trace_sunk_zero(t, i, k) :
				    pr_trace_held_zero(t, i, k))
					continue;
				cells[0] = s ? "left" : "held";
				cells[1] = s ? pr_trace_sink(t, i) :
					   pr_trace_holder(t, i);
				cells[2] = s ? pr_trace_sink_currency(t, i) :
					   pr_trace_holder_currency(t, i);
				cells[3] = pr_trace_origin(t, k);
				cells[4] = s ? pr_trace_sunk(t, i, k, a,
							    sizeof(a)) :
					   pr_trace_held(t, i, k, a,
							 sizeof(a));
				pr__csv_row(fp, cells, 5);
			}
	}
	for (i = 0; i < pr_trace_warning_count(t); i++) {
		const char *cells[5] = { "warning", pr_trace_warning(t, i),
					 "", "", "" };

		pr__csv_row(fp, cells, 5);
	}
	for (i = 0; i < pr_lineage_count(pr_trace_lineage(t)); i++) {
		char b[STEP];
		const char *cells[5] = { "lineage", b, "", "", "" };

		pr_lineage_text(pr_lineage_get(pr_trace_lineage(t), i), b,
				sizeof(b));
		pr__csv_row(fp, cells, 5);
	}
}

static json_t *
json_part(const pr_trace *t, int sink)
{
	size_t n = sink ? pr_trace_sink_count(t) : pr_trace_holder_count(t);
	json_t *arr = json_array();
	size_t i, k;
	char a[AMT];

	for (i = 0; arr != NULL && i < n; i++) {
		json_t *am = json_object();

		if (holder_empty(t, i, sink)) {
			json_decref(am);
			continue;
		}
		for (k = 0; k < pr_trace_origin_count(t); k++)
			if (!(sink ? pr_trace_sunk_zero(t, i, k) :
			      pr_trace_held_zero(t, i, k)))
				json_object_set_new(am, pr_trace_origin(t, k),
					json_string(sink ?
					pr_trace_sunk(t, i, k, a, sizeof(a)) :
					pr_trace_held(t, i, k, a,
						      sizeof(a))));
		json_array_append_new(arr, json_pack("{s:s, s:s, s:o}",
			"name", sink ? pr_trace_sink(t, i) :
			pr_trace_holder(t, i), "currency", sink ?
			pr_trace_sink_currency(t, i) :
			pr_trace_holder_currency(t, i), "amounts", am));
	}
	return arr;
}

static int
json(FILE *fp, const pr_trace *t)
{
	json_t *root = json_object(), *w = json_array();
	size_t i;
	int rc;

	if (root == NULL || w == NULL) {
		json_decref(root);
		json_decref(w);
		return -1;
	}
	for (i = 0; i < pr_trace_warning_count(t); i++)
		json_array_append_new(w, json_string(pr_trace_warning(t, i)));
	json_object_set_new(root, "parameters",
			    json_string(pr_trace_parameters(t)));
	json_object_set_new(root, "warnings", w);
	json_object_set_new(root, "held", json_part(t, 0));
	json_object_set_new(root, "left", json_part(t, 1));
	if (pr_lineage_count(pr_trace_lineage(t)) > 0) {
		const pr_lineage *lin = pr_trace_lineage(t);
		json_t *l = json_array();

		for (i = 0; i < pr_lineage_count(lin); i++) {
			char b[STEP];

			json_array_append_new(l, json_string(pr_lineage_text(
				pr_lineage_get(lin, i), b, sizeof(b))));
		}
		json_object_set_new(root, "lineage", l);
	}
	rc = json_dumpf(root, fp, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', fp);
	json_decref(root);
	return rc;
}

int
pr_report_trace(FILE *fp, const pr_trace *t, pr_format fmt, pr_error *err)
{
	if (fp == NULL || t == NULL)
		return pr__error_set(err, PR_EINVALID, "no stream or trace");
	if (fmt == PR_FORMAT_CSV)
		csv(fp, t);
	else if (fmt == PR_FORMAT_JSON) {
		if (json(fp, t) != 0)
			return pr__error_set(err, PR_ENOMEM,
					     "cannot encode JSON");
	} else
		table(fp, t);
	if (ferror(fp))
		return pr__error_sys(err, PR_EIO, errno, "output", "write");
	return PR_OK;
}

/*
 * Every method side by side: for each holder and sink, each origin other
 * than clean, the amount under each method. The traces are given in
 * method order and share their holders (the same flows make the same
 * holders, in the same order).
 */
int
pr_report_trace_compare(FILE *fp, pr_trace *const *tr, size_t n_methods,
			pr_format fmt, pr_error *err)
{
	const pr_trace *t0;
	size_t s, i, k, m, w = 6;
	char a[AMT];
	json_t *root = NULL, *rows = NULL;

	if (fp == NULL || tr == NULL || n_methods == 0)
		return pr__error_set(err, PR_EINVALID, "no traces");
	t0 = tr[0];
	for (m = 1; m < n_methods; m++)
		if (pr_trace_holder_count(tr[m]) !=
		    pr_trace_holder_count(t0) ||
		    pr_trace_sink_count(tr[m]) != pr_trace_sink_count(t0))
			return pr__error_set(err, PR_ERROR, "the methods saw "
					     "different holders");
	for (i = 0; i < pr_trace_holder_count(t0); i++)
		if (strlen(pr_trace_holder(t0, i)) > w)
			w = strlen(pr_trace_holder(t0, i));
	for (i = 0; i < pr_trace_sink_count(t0); i++)
		if (strlen(pr_trace_sink(t0, i)) > w)
			w = strlen(pr_trace_sink(t0, i));
	if (fmt == PR_FORMAT_TABLE) {
		fprintf(fp, "Every method side by side (%s)\n",
			strchr(pr_trace_parameters(t0), ';') + 2);
		fprintf(fp, "%-*s %-8s", (int)w, "HOLDER OR SINK", "ORIGIN");
		for (m = 0; m < n_methods; m++)
			fprintf(fp, " %14s", pr_trace_method_name(
				(pr_trace_method)m));
		fputc('\n', fp);
	} else if (fmt == PR_FORMAT_CSV) {
		static const char *const head[] = {
			"section", "name", "currency", "origin", "method",
			"amount"
		};

		pr__csv_row(fp, head, 6);
	} else if ((root = json_object()) == NULL ||
		   (rows = json_array()) == NULL) {
		json_decref(root);
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	}
	for (s = 0; s < 2; s++) {
		size_t n = s ? pr_trace_sink_count(t0) :
			   pr_trace_holder_count(t0);

		for (i = 0; i < n; i++)
			for (k = 1; k < pr_trace_origin_count(t0); k++) {
				const char *name = s ? pr_trace_sink(t0, i) :
						   pr_trace_holder(t0, i);
				const char *cur = s ?
					pr_trace_sink_currency(t0, i) :
					pr_trace_holder_currency(t0, i);
				json_t *by = NULL;
				int any = 0;

				for (m = 0; m < n_methods; m++)
					any |= !(s ? pr_trace_sunk_zero(tr[m],
						 i, k) : pr_trace_held_zero(
						 tr[m], i, k));
				if (!any)
					continue;
				if (fmt == PR_FORMAT_TABLE)
					fprintf(fp, "%-*s %-8s", (int)w, name,
						pr_trace_origin(t0, k));
				else if (fmt == PR_FORMAT_JSON)
					by = json_object();
				for (m = 0; m < n_methods; m++) {
					const char *v = s ?
						pr_trace_sunk(tr[m], i, k, a,
							      sizeof(a)) :
						pr_trace_held(tr[m], i, k, a,
							      sizeof(a));

					if (fmt == PR_FORMAT_TABLE) {
						fprintf(fp, " %14s", v);
					} else if (fmt == PR_FORMAT_CSV) {
						const char *cells[6] = {
							s ? "left" : "held",
							name, cur,
							pr_trace_origin(t0, k),
							pr_trace_method_name(
							(pr_trace_method)m),
							v };

						pr__csv_row(fp, cells, 6);
					} else {
						json_object_set_new(by,
							pr_trace_method_name(
							(pr_trace_method)m),
							json_string(v));
					}
				}
				if (fmt == PR_FORMAT_TABLE)
					fputc('\n', fp);
				else if (fmt == PR_FORMAT_JSON)
					json_array_append_new(rows, json_pack(
						"{s:s, s:s, s:s, s:s, s:o}",
						"section", s ? "left" : "held",
						"name", name, "currency", cur,
						"origin",
						pr_trace_origin(t0, k),
						"by_method", by));
			}
	}
	if (fmt == PR_FORMAT_JSON) {
		json_object_set_new(root, "parameters", json_string(
			strchr(pr_trace_parameters(t0), ';') + 2));
		json_object_set_new(root, "rows", rows);
		if (json_dumpf(root, fp, JSON_INDENT(2) |
			       JSON_PRESERVE_ORDER) != 0) {
			json_decref(root);
			return pr__error_set(err, PR_ENOMEM,
					     "cannot encode JSON");
		}
		fputc('\n', fp);
		json_decref(root);
	}
	if (ferror(fp))
		return pr__error_sys(err, PR_EIO, errno, "output", "write");
	return PR_OK;
}
