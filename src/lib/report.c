/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The reconciliation report in three forms. Amounts are printed exactly,
 * with the currency's own number of decimals. */
#include "config.h"
#include "common.h"

#include <errno.h>
#include <string.h>
#include <jansson.h>

int
pr_format_parse(pr_format *out, const char *text, pr_error *err)
{
	if (strcmp(text, "table") == 0)
		*out = PR_FORMAT_TABLE;
	else if (strcmp(text, "csv") == 0)
		*out = PR_FORMAT_CSV;
	else if (strcmp(text, "json") == 0)
		*out = PR_FORMAT_JSON;
	else
		return pr__error_set(err, PR_EINVALID, "unknown format '%s' "
				     "(expected table, csv or json)", text);
	return PR_OK;
}

/* A money string, heap-allocated for big values. */
struct amt {
	char small[64];
	char *big;
	const char *s;
};

static void
amt_set(struct amt *a, const mpz_t v, unsigned minor, int flags)
{
	size_t n = pr_money_format(a->small, sizeof(a->small), v, minor,
				   flags);

	a->big = NULL;
	a->s = a->small;
	if (n >= sizeof(a->small)) {
		a->big = pr__malloc(n + 1);
		if (a->big != NULL) {
			pr_money_format(a->big, n + 1, v, minor, flags);
			a->s = a->big;
		}
	}
}

static void
amt_clear(struct amt *a)
{
	pr__free(a->big);
}

static int
is_number(const char *s)
{
	size_t i = (*s == '-' || *s == '+') ? 1 : 0;
	int digits = 0;

	for (; s[i]; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits = 1;
		else if (s[i] != '.')
			return 0;
	}
	return digits;
}

/*
 * A cell that a spreadsheet could run as a formula starts with = + - @,
 * a tab or a carriage return (OWASP, "CSV Injection"); it is quoted and
 * gets a quote mark in front, unless it is a plain number ("-12.50").
 * A cell that starts with a quote mark gets one more, so that a reader
 * (report.html) takes exactly one away from every quoted cell that
 * starts with one and shows each cell as recorded.
 */
void
pr_report_csv_cell(FILE *fp, const char *cell)
{
	int lead = (cell[0] != '\0' && strchr("=+-@\t\r", cell[0]) != NULL &&
		    !is_number(cell)) || cell[0] == '\'';
	int quote = lead || strpbrk(cell, ",\"\r\n") != NULL;
	const char *p;

	if (!quote) {
		fputs(cell, fp);
		return;
	}
	fputc('"', fp);
	if (lead)
		fputc('\'', fp);
	for (p = cell; *p; p++) {
		if (*p == '"')
			fputc('"', fp);
		fputc(*p, fp);
	}
	fputc('"', fp);
}

static const char *const gap_names[] = {
	"missing", "overlap", "carry-forward", "uncovered"
};

/* A break at a file's first balance, checked against the balance the
 * file before it in the account's chain ends with. Each document's name
 * is one string in the result, so two files of one name still differ. */
static int
across_files(const pr_recon_break *b)
{
	return b->prev_document != NULL && b->prev_document != b->document;
}

static const char *
date_s(char buf[16], pr_date d)
{
	pr_date_format(buf, d);
	return buf;
}

/* ---- table ---- */

static void
dashes(FILE *fp, size_t n)
{
	while (n--)
		fputc('-', fp);
	fputc('\n', fp);
}

static const char *const issue_names[] = {
	"ambiguous", "unmatched", "conflict", "decision"
};
static const char *const issue_titles[] = {
	"Ambiguous evidence (left unjoined for the analyst)",
	"Unmatched evidence (its other side should be in the case)",
	"Conflicting references",
	"Decisions not applied"
};

/* Reconciled: the balances add up and matching left nothing open. */
static int
all_ok(const pr_recon *r, const pr_flows *f)
{
	return pr_recon_ok(r) && pr_flows_issue_count(f) == 0;
}

static void
issues_table(FILE *fp, const pr_flows *f)
{
	size_t n = pr_flows_issue_count(f), i, j;
	int k;

	for (k = 0; k < 4; k++) {
		size_t shown = 0;

		fprintf(fp, "\n%s\n", issue_titles[k]);
		for (i = 0; i < n; i++) {
			const pr_flow_issue *is = pr_flows_issue(f, i);

			if ((int)is->kind != k)
				continue;
			shown++;
			if (*is->evidence)
				fprintf(fp, "%s\n  %s\n", is->evidence,
					is->text);
			else
				fprintf(fp, "%s\n", is->text);
			for (j = 0; j < is->n_candidates; j++)
				fprintf(fp, "  candidate: %s\n",
					is->candidates[j]);
		}
		if (shown == 0)
			fprintf(fp, "(none)\n");
	}
	fprintf(fp, "\nAnalyst decisions\n");
	if (pr_flows_decision_count(f) == 0)
		fprintf(fp, "(none)\n");
	for (i = 0; i < pr_flows_decision_count(f); i++) {
		pr_decision d;

		if (pr_flows_decision(f, i, &d) == PR_OK)
			fprintf(fp, "%s:%lu: %s %s %s: %s\n", d.document,
				d.line, d.action, d.subject, d.other,
				d.reason);
	}
}

static void
table(FILE *fp, const pr_recon *r, const pr_flows *f)
{
	char d1[16], d2[16];
	size_t i, bad = 0, cross = 0, w = 7;
	struct amt a[6];
	int k;

	/* The account column is as wide as the longest account (IBANs). */
	for (i = 0; i < r->n_periods; i++)
		if (strlen(r->periods[i].account) > w)
			w = strlen(r->periods[i].account);
	fprintf(fp, "Statement periods\n");
	fprintf(fp, "%-*s %-4s %-10s %-10s %16s %16s %16s %16s %16s %14s "
		"%s\n", (int)w, "ACCOUNT", "CUR", "FROM", "TO", "OPENING",
		"CREDITS", "DEBITS", "CLOSING", "STATED", "DIFFERENCE",
		"SOURCE");
	dashes(fp, w + 146);
	for (i = 0; i < r->n_periods; i++) {
		const pr_recon_period *p = &r->periods[i];

		amt_set(&a[0], p->opening, p->minor, PR_FMT_GROUP);
		amt_set(&a[1], p->credits, p->minor, PR_FMT_GROUP);
		amt_set(&a[2], p->debits, p->minor, PR_FMT_GROUP);
		amt_set(&a[3], p->computed, p->minor, PR_FMT_GROUP);
		amt_set(&a[4], p->closing, p->minor, PR_FMT_GROUP);
		amt_set(&a[5], p->difference, p->minor, PR_FMT_GROUP);
		fprintf(fp, "%-*s %-4s %-10s %-10s %16s %16s %16s %16s %16s "
			"%14s %s (%s:%lu)%s\n", (int)w, p->account,
			p->currency, date_s(d1, p->start), date_s(d2, p->end),
			a[0].s, a[1].s, a[2].s, a[3].s, a[4].s, a[5].s,
			p->source, p->document, p->line,
			mpz_sgn(p->difference) ? "  DOES NOT BALANCE" : "");
		if (mpz_sgn(p->difference))
			bad++;
		for (k = 0; k < 6; k++)
			amt_clear(&a[k]);
	}
	if (r->n_periods == 0)
		fprintf(fp, "(no statement periods)\n");
	fprintf(fp, "\nRunning-balance breaks\n");
	if (r->n_breaks == 0)
		fprintf(fp, "(none)\n");
	for (i = 0; i < r->n_breaks; i++) {
		const pr_recon_break *b = &r->breaks[i];

		amt_set(&a[0], b->expected, b->minor, PR_FMT_GROUP);
		amt_set(&a[1], b->stated, b->minor, PR_FMT_GROUP);
		amt_set(&a[2], b->difference, b->minor, PR_FMT_GROUP);
		fprintf(fp, "%s:%lu: %s %s %s: balance %s, expected %s "
			"(difference %s", b->document, b->line, b->account,
			b->currency, date_s(d1, b->date), a[1].s, a[0].s,
			a[2].s);
		/* a break between two files names the other one too */
		if (across_files(b))
			fprintf(fp, "; previous balance %s:%lu",
				b->prev_document, b->prev_line);
		fprintf(fp, ")\n");
		for (k = 0; k < 3; k++)
			amt_clear(&a[k]);
	}
	fprintf(fp, "\nGaps, overlaps and uncovered transactions\n");
	if (r->n_gaps == 0)
		fprintf(fp, "(none)\n");
	for (i = 0; i < r->n_gaps; i++) {
		const pr_recon_gap *g = &r->gaps[i];

		fprintf(fp, "%s %s %s %s to %s", g->account, g->currency,
			gap_names[g->kind], date_s(d1, g->start),
			date_s(d2, g->end));
		if (g->kind == PR_GAP_CARRY) {
			amt_set(&a[0], g->amount, g->minor, PR_FMT_GROUP);
			fprintf(fp, ": next opening differs by %s", a[0].s);
			amt_clear(&a[0]);
		} else if (g->kind == PR_GAP_UNCOVERED) {
			fprintf(fp, ": %llu transaction%s outside every "
				"statement", (unsigned long long)g->rows,
				g->rows == 1 ? "" : "s");
		}
		fprintf(fp, " (%s:%lu)\n", g->document, g->line);
	}
	fprintf(fp, "\nDuplicate rows\n");
	if (r->n_dups == 0)
		fprintf(fp, "(none)\n");
	for (i = 0; i < r->n_dups; i++) {
		const pr_recon_dup *d = &r->dups[i];

		amt_set(&a[0], d->amount, d->minor, PR_FMT_GROUP);
		fprintf(fp, "%s:%lu = %s:%lu: %s %s %s %s '%s' (%s)\n",
			d->document_a, d->line_a, d->document_b, d->line_b,
			d->account, d->currency, date_s(d1, d->date), a[0].s,
			d->description, d->across ? "across documents" :
			"within one document");
		if (d->across)
			cross++;
		amt_clear(&a[0]);
	}
	fprintf(fp, "\ntransactions %llu, accounts %lu, periods %lu (%lu do "
		"not balance), breaks %lu, gaps %lu, duplicates %lu (%lu "
		"across documents)\n", (unsigned long long)r->transactions,
		(unsigned long)r->accounts, (unsigned long)r->n_periods,
		(unsigned long)bad, (unsigned long)r->n_breaks,
		(unsigned long)r->n_gaps, (unsigned long)r->n_dups,
		(unsigned long)cross);
	if (f != NULL) {
		fprintf(fp, "\nMatching (%s)", pr_flows_parameters(f));
		issues_table(fp, f);
		fprintf(fp, "\nevidence %llu, flows %lu, joined %llu, "
			"issues %lu\n",
			(unsigned long long)pr_flows_evidence(f),
			(unsigned long)pr_flows_count(f),
			(unsigned long long)pr_flows_joined(f),
			(unsigned long)pr_flows_issue_count(f));
	}
	fprintf(fp, "%s\n", all_ok(r, f) ? "RECONCILED" :
		"NOT RECONCILED");
}

/* ---- CSV: one table, a row per finding ---- */

/* One CSV record of n cells (NULL is empty), CRLF-terminated: also the
 * flows report's. */
void
pr__csv_row(FILE *fp, const char *const *cells, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			fputc(',', fp);
		pr_report_csv_cell(fp, cells[i] ? cells[i] : "");
	}
	fputs("\r\n", fp);
}

static void
csv(FILE *fp, const pr_recon *r, const pr_flows *f)
{
	static const char *const head[] = {
		"section", "account", "currency", "from", "to", "opening",
		"credits", "debits", "computed", "stated", "difference",
		"source", "document", "line", "detail"
	};
	char d1[16], d2[16], line[24], rows[24];
	struct amt a[6];
	size_t i;
	int k;

	pr__csv_row(fp, head, 15);
	for (i = 0; i < r->n_periods; i++) {
		const pr_recon_period *p = &r->periods[i];
		const char *cells[15];

		amt_set(&a[0], p->opening, p->minor, 0);
		amt_set(&a[1], p->credits, p->minor, 0);
		amt_set(&a[2], p->debits, p->minor, 0);
		amt_set(&a[3], p->computed, p->minor, 0);
		amt_set(&a[4], p->closing, p->minor, 0);
		amt_set(&a[5], p->difference, p->minor, 0);
		snprintf(line, sizeof(line), "%lu", p->line);
		snprintf(rows, sizeof(rows), "%llu row%s",
			 (unsigned long long)p->rows, p->rows == 1 ? "" : "s");
		cells[0] = "period";
		cells[1] = p->account;
		cells[2] = p->currency;
		cells[3] = date_s(d1, p->start);
		cells[4] = date_s(d2, p->end);
		for (k = 0; k < 6; k++)
			cells[5 + k] = a[k].s;
		cells[11] = p->source;
		cells[12] = p->document;
		cells[13] = line;
		cells[14] = rows;
		pr__csv_row(fp, cells, 15);
		for (k = 0; k < 6; k++)
			amt_clear(&a[k]);
	}
	for (i = 0; i < r->n_breaks; i++) {
		const pr_recon_break *b = &r->breaks[i];
		const char *cells[15] = { 0 };
		char detail[600];

		amt_set(&a[0], b->expected, b->minor, 0);
		amt_set(&a[1], b->stated, b->minor, 0);
		amt_set(&a[2], b->difference, b->minor, 0);
		snprintf(line, sizeof(line), "%lu", b->line);
		cells[0] = "break";
		cells[1] = b->account;
		cells[2] = b->currency;
		cells[3] = date_s(d1, b->date);
		cells[4] = d1;
		cells[8] = a[0].s;
		cells[9] = a[1].s;
		cells[10] = a[2].s;
		cells[11] = "running balance";
		cells[12] = b->document;
		cells[13] = line;
		if (across_files(b)) {
			snprintf(detail, sizeof(detail),
				 "previous balance %s:%lu", b->prev_document,
				 b->prev_line);
			cells[14] = detail;
		}
		pr__csv_row(fp, cells, 15);
		for (k = 0; k < 3; k++)
			amt_clear(&a[k]);
	}
	for (i = 0; i < r->n_gaps; i++) {
		const pr_recon_gap *g = &r->gaps[i];
		const char *cells[15] = { 0 };

		snprintf(line, sizeof(line), "%lu", g->line);
		amt_set(&a[0], g->amount, g->minor, 0);
		cells[0] = gap_names[g->kind];
		cells[1] = g->account;
		cells[2] = g->currency;
		cells[3] = date_s(d1, g->start);
		cells[4] = date_s(d2, g->end);
		if (g->kind == PR_GAP_CARRY)
			cells[10] = a[0].s;
		cells[12] = g->document;
		cells[13] = line;
		if (g->kind == PR_GAP_UNCOVERED) {
			snprintf(rows, sizeof(rows), "%llu row%s",
				 (unsigned long long)g->rows,
				 g->rows == 1 ? "" : "s");
			cells[14] = rows;
		}
		pr__csv_row(fp, cells, 15);
		amt_clear(&a[0]);
	}
	for (i = 0; i < r->n_dups; i++) {
		const pr_recon_dup *d = &r->dups[i];
		const char *cells[15] = { 0 };
		char other[600];

		amt_set(&a[0], d->amount, d->minor, 0);
		snprintf(line, sizeof(line), "%lu", d->line_a);
		snprintf(other, sizeof(other), "same as %s:%lu: %s",
			 d->document_b, d->line_b, d->description);
		cells[0] = d->across ? "duplicate-across" : "duplicate-within";
		cells[1] = d->account;
		cells[2] = d->currency;
		cells[3] = date_s(d1, d->date);
		cells[4] = d1;
		cells[9] = a[0].s;
		cells[12] = d->document_a;
		cells[13] = line;
		cells[14] = other;
		pr__csv_row(fp, cells, 15);
		amt_clear(&a[0]);
	}
	/* Matching: the evidence in document/line, the candidates in
	 * detail, one per line. */
	for (i = 0; f != NULL && i < pr_flows_issue_count(f); i++) {
		const pr_flow_issue *is = pr_flows_issue(f, i);
		const char *cells[15] = { NULL };
		char *detail;
		size_t len = strlen(is->text) + 1, j;

		for (j = 0; j < is->n_candidates; j++)
			len += strlen(is->candidates[j]) + 14;
		detail = pr__malloc(len);
		if (detail == NULL)
			continue;
		strcpy(detail, is->text);
		for (j = 0; j < is->n_candidates; j++) {
			strcat(detail, "\ncandidate: ");
			strcat(detail, is->candidates[j]);
		}
		cells[0] = issue_names[is->kind];
		cells[12] = is->evidence;
		cells[14] = detail;
		pr__csv_row(fp, cells, 15);
		pr__free(detail);
	}
	for (i = 0; f != NULL && i < pr_flows_decision_count(f); i++) {
		const char *cells[15] = { NULL };
		pr_decision d;
		char *detail;

		if (pr_flows_decision(f, i, &d) != PR_OK)
			continue;
		detail = pr__malloc(strlen(d.action) + strlen(d.subject) +
				    strlen(d.other) + strlen(d.reason) + 8);
		if (detail == NULL)
			continue;
		sprintf(detail, "%s %s %s: %s", d.action, d.subject, d.other,
			d.reason);
		snprintf(line, sizeof(line), "%lu", d.line);
		cells[0] = "analyst-decision";
		cells[12] = d.document;
		cells[13] = line;
		cells[14] = detail;
		pr__csv_row(fp, cells, 15);
		pr__free(detail);
	}
}

/* ---- JSON ---- */

static json_t *
jamt(const mpz_t v, unsigned minor)
{
	struct amt a;
	json_t *j;

	amt_set(&a, v, minor, 0);
	j = json_string(a.s);
	amt_clear(&a);
	return j;
}

static json_t *
jdate(pr_date d)
{
	char b[16];

	return json_string(date_s(b, d));
}

static int
json(FILE *fp, const pr_recon *r, const pr_flows *f)
{
	json_t *root = json_object();
	json_t *arr;
	size_t i;
	int rc;

	if (root == NULL)
		return -1;
	json_object_set_new(root, "reconciled", json_boolean(all_ok(r, f)));
	json_object_set_new(root, "transactions",
			    json_integer((json_int_t)r->transactions));
	json_object_set_new(root, "accounts",
			    json_integer((json_int_t)r->accounts));
	arr = json_array();
	for (i = 0; i < r->n_periods; i++) {
		const pr_recon_period *p = &r->periods[i];

		json_array_append_new(arr, json_pack(
			"{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o,"
			" s:I, s:s, s:s, s:I, s:b}",
			"account", p->account, "currency", p->currency,
			"from", jdate(p->start), "to", jdate(p->end),
			"opening", jamt(p->opening, p->minor),
			"credits", jamt(p->credits, p->minor),
			"debits", jamt(p->debits, p->minor),
			"computed", jamt(p->computed, p->minor),
			"stated", jamt(p->closing, p->minor),
			"difference", jamt(p->difference, p->minor),
			"rows", (json_int_t)p->rows, "source", p->source,
			"document", p->document, "line", (json_int_t)p->line,
			"balances", mpz_sgn(p->difference) == 0));
	}
	json_object_set_new(root, "periods", arr);
	arr = json_array();
	for (i = 0; i < r->n_breaks; i++) {
		const pr_recon_break *b = &r->breaks[i];

		json_array_append_new(arr, json_pack(
			"{s:s, s:s, s:o, s:s, s:I, s:o, s:o, s:o, s:s, s:I}",
			"account", b->account, "currency", b->currency,
			"date", jdate(b->date), "document", b->document,
			"line", (json_int_t)b->line,
			"expected", jamt(b->expected, b->minor),
			"stated", jamt(b->stated, b->minor),
			"difference", jamt(b->difference, b->minor),
			"previous_document", b->prev_document,
			"previous_line", (json_int_t)b->prev_line));
	}
	json_object_set_new(root, "breaks", arr);
	arr = json_array();
	for (i = 0; i < r->n_gaps; i++) {
		const pr_recon_gap *g = &r->gaps[i];

		json_array_append_new(arr, json_pack(
			"{s:s, s:s, s:s, s:o, s:o, s:I, s:o, s:s, s:I}",
			"kind", gap_names[g->kind], "account", g->account,
			"currency", g->currency, "from", jdate(g->start),
			"to", jdate(g->end), "rows", (json_int_t)g->rows,
			"amount", jamt(g->amount, g->minor),
			"document", g->document,
			"line", (json_int_t)g->line));
	}
	json_object_set_new(root, "gaps", arr);
	arr = json_array();
	for (i = 0; i < r->n_dups; i++) {
		const pr_recon_dup *d = &r->dups[i];

		json_array_append_new(arr, json_pack(
			"{s:s, s:s, s:o, s:o, s:s, s:s, s:I, s:s, s:I, s:b}",
			"account", d->account, "currency", d->currency,
			"date", jdate(d->date),
			"amount", jamt(d->amount, d->minor),
			"description", d->description,
			"document", d->document_a,
			"line", (json_int_t)d->line_a,
			"same_as_document", d->document_b,
			"same_as_line", (json_int_t)d->line_b,
			"across_documents", d->across));
	}
	json_object_set_new(root, "duplicates", arr);
	if (f != NULL) {
		json_t *mt = json_object(), *is_arr = json_array();

		for (i = 0; i < pr_flows_issue_count(f); i++) {
			const pr_flow_issue *is = pr_flows_issue(f, i);
			json_t *c = json_array();
			size_t j;

			for (j = 0; j < is->n_candidates; j++)
				json_array_append_new(c, json_string(
					is->candidates[j]));
			json_array_append_new(is_arr, json_pack("{s:s, s:s, "
				"s:s, s:o}", "kind", issue_names[is->kind],
				"evidence", is->evidence, "text", is->text,
				"candidates", c));
		}
		json_object_set_new(mt, "parameters",
				    json_string(pr_flows_parameters(f)));
		json_object_set_new(mt, "evidence", json_integer(
			(json_int_t)pr_flows_evidence(f)));
		json_object_set_new(mt, "flows", json_integer(
			(json_int_t)pr_flows_count(f)));
		json_object_set_new(mt, "joined", json_integer(
			(json_int_t)pr_flows_joined(f)));
		json_object_set_new(mt, "issues", is_arr);
		is_arr = json_array();
		for (i = 0; i < pr_flows_decision_count(f); i++) {
			pr_decision d;

			if (pr_flows_decision(f, i, &d) == PR_OK)
				json_array_append_new(is_arr, json_pack(
					"{s:s, s:I, s:s, s:s, s:s, s:s}",
					"document", d.document, "line",
					(json_int_t)d.line, "action",
					d.action, "subject", d.subject,
					"other", d.other, "reason",
					d.reason));
		}
		json_object_set_new(mt, "decisions", is_arr);
		json_object_set_new(root, "matching", mt);
	}
	rc = json_dumpf(root, fp, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', fp);
	json_decref(root);
	return rc;
}

int
pr_report_recon(FILE *fp, const pr_recon *r, pr_format fmt, pr_error *err)
{
	return pr_report_recon_flows(fp, r, NULL, fmt, err);
}

int
pr_report_recon_flows(FILE *fp, const pr_recon *r, const pr_flows *f,
		      pr_format fmt, pr_error *err)
{
	if (fp == NULL || r == NULL)
		return pr__error_set(err, PR_EINVALID, "no stream or result");
	if (fmt == PR_FORMAT_CSV)
		csv(fp, r, f);
	else if (fmt == PR_FORMAT_JSON) {
		if (json(fp, r, f) != 0)
			return pr__error_set(err, PR_ENOMEM,
					     "cannot encode JSON");
	} else
		table(fp, r, f);
	if (ferror(fp))
		return pr__error_sys(err, PR_EIO, errno, "output", "write");
	return PR_OK;
}
