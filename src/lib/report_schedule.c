/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The forfeiture schedule as a table, CSV or JSON. */
#include "config.h"
#include "common.h"

#include <gmp.h>
#include <stdio.h>
#include <string.h>
#include <jansson.h>

#define AMT 64

static const char *
amount(char *buf, int64_t v, unsigned minor, int group)
{
	mpz_t z;

	mpz_init_set_si(z, (long)v);
	pr_money_format(buf, AMT, z, minor, group ? PR_FMT_GROUP :
			PR_FMT_PLAIN);
	mpz_clear(z);
	return buf;
}

/* part / whole as a percentage to four decimals, half up: "0.0629". */
static const char *
percent(char *buf, int64_t part, int64_t whole)
{
	mpz_t x;
	unsigned long q;

	if (whole <= 0 || part <= 0) {
		snprintf(buf, AMT, "0.0000");
		return buf;
	}
	mpz_init_set_si(x, (long)part);
	mpz_mul_ui(x, x, 2000000UL);    /* 100 x 10^4, doubled */
	mpz_add_ui(x, x, (unsigned long)whole);
	mpz_fdiv_q_ui(x, x, (unsigned long)whole);
	mpz_fdiv_q_2exp(x, x, 1);
	q = mpz_get_ui(x);
	mpz_clear(x);
	snprintf(buf, AMT, "%lu.%04lu", q / 10000, q % 10000);
	return buf;
}

/* What a victim's share is of: the cost of an asset (what her money
 * paid for), the balance of an account. */
static int64_t
share_base(const pr_schedule_item *it)
{
	return it->has_acquired ? it->cost : it->value;
}

static const char *
day(char *buf, int has, pr_date d)
{
	if (!has) {
		buf[0] = '\0';
		return buf;
	}
	pr_date_format(buf, d);
	return buf;
}

static void
table_item(FILE *fp, const pr_schedule *s, const pr_schedule_item *it)
{
	char a[AMT], b[AMT], d[16];
	size_t k;

	fprintf(fp, "\nItem %u  %s  %s\n", it->number,
		pr_asset_class_name(it->cls), it->identifier);
	fprintf(fp, "  %-14s %s\n", "description", it->description);
	fprintf(fp, "  %-14s %s\n", "owner", it->owner);
	if (*it->nominee)
		fprintf(fp, "  %-14s %s\n", "nominee", it->nominee);
	if (it->has_acquired)
		fprintf(fp, "  %-14s %s for %s %s\n", "acquired",
			day(d, 1, it->acquired),
			amount(a, it->cost, it->minor, 1), it->currency);
	fprintf(fp, "  %-14s %s %s", "value", amount(a, it->value,
							it->minor, 1),
		it->currency);
	if (it->has_value_date)
		fprintf(fp, " on %s", day(d, 1, it->value_date));
	fprintf(fp, " (%s)\n", it->value_source);
	for (k = 0; k < s->n_victims; k++) {
		if (it->traced[k] == 0 && it->proportional[k] == 0)
			continue;
		fprintf(fp, "  %-14s %s traced %s (%s%% of the %s)",
			"victim", s->victims[k],
			amount(a, it->traced[k], it->minor, 1),
			percent(b, it->traced[k], share_base(it)),
			it->has_acquired ? "cost" : "balance");
		if (it->has_acquired)
			fprintf(fp, "; proportional share %s",
				amount(a, it->proportional[k], it->minor, 1));
		fputc('\n', fp);
	}
	fprintf(fp, "  %-14s %s %s\n", "traced", amount(a, it->traced_total,
							 it->minor, 1),
		it->currency);
	if (it->has_acquired) {
		fprintf(fp, "  %-14s %s %s (value x traced / cost)\n",
			"proportional", amount(a, it->proportional_total,
					       it->minor, 1), it->currency);
		fprintf(fp, "  %-14s %s %s (the traced money it cost)\n",
			"lien", amount(a, it->traced_total, it->minor, 1),
			it->currency);
	}
	fprintf(fp, "  %-14s %s\n", "involved in", it->involved > 0 ?
		amount(a, it->involved, it->minor, 1) : "-");
	fprintf(fp, "  %-14s %s\n", "basis", *it->basis ? it->basis : "-");
	if (it->has_984)
		fprintf(fp, "  %-14s an action under 984 must begin by %s\n",
			"984 window", day(d, 1, it->window_984));
	fprintf(fp, "  %-14s %s\n", "support", it->support);
}

static void
table(FILE *fp, const pr_schedule *s)
{
	char a[AMT], b[AMT], c[AMT];
	size_t i;

	fprintf(fp, "Forfeiture schedule (%s)\n", s->parameters);
	for (i = 0; i < s->n_warnings; i++)
		fprintf(fp, "warning: %s\n", s->warnings[i]);
	if (s->n_items == 0)
		fprintf(fp, "\n(no account, address or asset holds a "
			"victim's money)\n");
	for (i = 0; i < s->n_items; i++)
		table_item(fp, s, &s->items[i]);
	fprintf(fp, "\nPer defendant (each what he obtained: Honeycutt; "
		"USD)\n");
	if (s->n_defendants == 0)
		fprintf(fp, "(no defendants in the case)\n");
	else
		fprintf(fp, "%-8s %16s %16s %16s\n", "PARTY", "OBTAINED",
			"SPECIFIC", "JUDGMENT");
	for (i = 0; i < s->n_defendants; i++) {
		const pr_schedule_defendant *d = &s->defendants[i];

		fprintf(fp, "%-8s %16s %16s %16s\n", d->pseudonym,
			amount(a, d->obtained, 2, 1),
			amount(b, d->specific, 2, 1),
			amount(c, d->judgment, 2, 1));
		if (*d->accounts)
			fprintf(fp, "  holds: %s\n", d->accounts);
		if (*d->substitutes)
			fprintf(fp, "  substitute assets (21 U.S.C. 853(p), "
				"%s): %s\n", amount(a, d->substitute_total, 2,
						    1), d->substitutes);
	}
}

/* One header for both kinds of row: "item" and "defendant". */
static void
csv(FILE *fp, const pr_schedule *s)
{
	static const char *const fixed[] = {
		"record", "item", "class", "identifier", "description",
		"owner", "nominee", "currency", "acquired", "cost", "value",
		"value_date", "value_source", "traced", "proportional",
		"lien", "involved_in", "basis", "rule", "window_984",
		"support"
	};
	enum { NF = sizeof(fixed) / sizeof(fixed[0]) };
	static const char *const dcols[] = {
		"defendant", "obtained", "specific", "judgment", "accounts",
		"substitutes", "substitute_total"
	};
	enum { ND = sizeof(dcols) / sizeof(dcols[0]) };
	size_t nv = s->n_victims, ncol = NF + 3 * nv + ND, i, k, x;
	const char **cells = pr__calloc(ncol, sizeof(*cells));
	char (*buf)[AMT] = pr__calloc(ncol, sizeof(*buf));
	char (*head)[AMT] = pr__calloc(3 * nv + 1, sizeof(*head));

	if (cells == NULL || buf == NULL || head == NULL)
		goto done;
	for (i = 0; i < NF; i++)
		cells[i] = fixed[i];
	for (k = 0; k < nv; k++) {
		snprintf(head[3 * k], AMT, "traced_%s", s->victims[k]);
		snprintf(head[3 * k + 1], AMT, "share_%s", s->victims[k]);
		snprintf(head[3 * k + 2], AMT, "proportional_%s",
			 s->victims[k]);
		for (x = 0; x < 3; x++)
			cells[NF + 3 * k + x] = head[3 * k + x];
	}
	for (i = 0; i < ND; i++)
		cells[NF + 3 * nv + i] = dcols[i];
	pr__csv_row(fp, cells, ncol);
	for (i = 0; i < s->n_items; i++) {
		const pr_schedule_item *it = &s->items[i];

		for (x = 0; x < ncol; x++)
			cells[x] = "";
		cells[0] = "item";
		snprintf(buf[1], AMT, "%u", it->number);
		cells[1] = buf[1];
		cells[2] = pr_asset_class_name(it->cls);
		cells[3] = it->identifier;
		cells[4] = it->description;
		cells[5] = it->owner;
		cells[6] = it->nominee;
		cells[7] = it->currency;
		cells[8] = day(buf[8], it->has_acquired, it->acquired);
		cells[9] = it->has_acquired ? amount(buf[9], it->cost,
						     it->minor, 0) : "";
		cells[10] = amount(buf[10], it->value, it->minor, 0);
		cells[11] = day(buf[11], it->has_value_date, it->value_date);
		cells[12] = it->value_source;
		cells[13] = amount(buf[13], it->traced_total, it->minor, 0);
		cells[14] = it->has_acquired ? amount(buf[14],
			it->proportional_total, it->minor, 0) : "";
		cells[15] = it->has_acquired ? amount(buf[15],
			it->traced_total, it->minor, 0) : "";
		cells[16] = amount(buf[16], it->involved, it->minor, 0);
		cells[17] = it->basis;
		cells[18] = pr_trace_method_name(s->method);
		cells[19] = day(buf[19], it->has_984, it->window_984);
		cells[20] = it->support;
		for (k = 0; k < nv; k++) {
			cells[NF + 3 * k] = amount(buf[NF + 3 * k],
						   it->traced[k], it->minor,
						   0);
			cells[NF + 3 * k + 1] = percent(buf[NF + 3 * k + 1],
				it->traced[k], share_base(it));
			cells[NF + 3 * k + 2] = it->has_acquired ?
				amount(buf[NF + 3 * k + 2],
				       it->proportional[k], it->minor, 0) :
				"";
		}
		pr__csv_row(fp, cells, ncol);
	}
	for (i = 0; i < s->n_defendants; i++) {
		const pr_schedule_defendant *d = &s->defendants[i];
		size_t o = NF + 3 * nv;

		for (x = 0; x < ncol; x++)
			cells[x] = "";
		cells[0] = "defendant";
		cells[7] = "USD";
		cells[18] = pr_trace_method_name(s->method);
		cells[o] = d->pseudonym;
		cells[o + 1] = amount(buf[o + 1], d->obtained, 2, 0);
		cells[o + 2] = amount(buf[o + 2], d->specific, 2, 0);
		cells[o + 3] = amount(buf[o + 3], d->judgment, 2, 0);
		cells[o + 4] = d->accounts;
		cells[o + 5] = d->substitutes;
		cells[o + 6] = amount(buf[o + 6], d->substitute_total, 2, 0);
		pr__csv_row(fp, cells, ncol);
	}
done:
	pr__free(cells);
	pr__free(buf);
	pr__free(head);
}

static json_t *
json_item(const pr_schedule *s, const pr_schedule_item *it)
{
	json_t *o = json_object(), *tr = json_object(), *sh = json_object();
	json_t *pp = json_object();
	char a[AMT], d[16];
	size_t k;

	json_object_set_new(o, "item", json_integer(it->number));
	json_object_set_new(o, "class", json_string(
		pr_asset_class_name(it->cls)));
	json_object_set_new(o, "identifier", json_string(it->identifier));
	json_object_set_new(o, "description", json_string(it->description));
	json_object_set_new(o, "owner", json_string(it->owner));
	json_object_set_new(o, "nominee", json_string(it->nominee));
	json_object_set_new(o, "currency", json_string(it->currency));
	if (it->has_acquired) {
		json_object_set_new(o, "acquired", json_string(
			day(d, 1, it->acquired)));
		json_object_set_new(o, "cost", json_string(
			amount(a, it->cost, it->minor, 0)));
	}
	json_object_set_new(o, "value", json_string(
		amount(a, it->value, it->minor, 0)));
	if (it->has_value_date)
		json_object_set_new(o, "value_date", json_string(
			day(d, 1, it->value_date)));
	json_object_set_new(o, "value_source", json_string(it->value_source));
	for (k = 0; k < s->n_victims; k++) {
		json_object_set_new(tr, s->victims[k], json_string(
			amount(a, it->traced[k], it->minor, 0)));
		json_object_set_new(sh, s->victims[k], json_string(
			percent(a, it->traced[k], share_base(it))));
		if (it->has_acquired)
			json_object_set_new(pp, s->victims[k], json_string(
				amount(a, it->proportional[k], it->minor,
				       0)));
	}
	json_object_set_new(o, "traced", tr);
	json_object_set_new(o, "share_percent", sh);
	json_object_set_new(o, "traced_total", json_string(
		amount(a, it->traced_total, it->minor, 0)));
	if (it->has_acquired) {
		json_object_set_new(o, "proportional", pp);
		json_object_set_new(o, "proportional_total", json_string(
			amount(a, it->proportional_total, it->minor, 0)));
		json_object_set_new(o, "lien", json_string(
			amount(a, it->traced_total, it->minor, 0)));
	} else {
		json_decref(pp);
	}
	json_object_set_new(o, "involved_in", json_string(
		amount(a, it->involved, it->minor, 0)));
	json_object_set_new(o, "basis", json_string(it->basis));
	json_object_set_new(o, "rule", json_string(
		pr_trace_method_name(s->method)));
	if (it->has_984)
		json_object_set_new(o, "window_984", json_string(
			day(d, 1, it->window_984)));
	json_object_set_new(o, "support", json_string(it->support));
	return o;
}

static int
json(FILE *fp, const pr_schedule *s)
{
	json_t *root = json_object(), *items = json_array();
	json_t *defs = json_array(), *w = json_array(), *v = json_array();
	char a[AMT];
	size_t i;
	int rc;

	json_object_set_new(root, "method", json_string(
		pr_trace_method_name(s->method)));
	json_object_set_new(root, "parameters", json_string(s->parameters));
	for (i = 0; i < s->n_warnings; i++)
		json_array_append_new(w, json_string(s->warnings[i]));
	json_object_set_new(root, "warnings", w);
	for (i = 0; i < s->n_victims; i++)
		json_array_append_new(v, json_string(s->victims[i]));
	json_object_set_new(root, "victims", v);
	for (i = 0; i < s->n_items; i++)
		json_array_append_new(items, json_item(s, &s->items[i]));
	json_object_set_new(root, "items", items);
	for (i = 0; i < s->n_defendants; i++) {
		const pr_schedule_defendant *d = &s->defendants[i];
		json_t *o = json_object();

		json_object_set_new(o, "defendant",
				    json_string(d->pseudonym));
		json_object_set_new(o, "currency", json_string("USD"));
		json_object_set_new(o, "obtained", json_string(
			amount(a, d->obtained, 2, 0)));
		json_object_set_new(o, "specific", json_string(
			amount(a, d->specific, 2, 0)));
		json_object_set_new(o, "judgment", json_string(
			amount(a, d->judgment, 2, 0)));
		json_object_set_new(o, "accounts", json_string(d->accounts));
		json_object_set_new(o, "substitutes",
				    json_string(d->substitutes));
		json_object_set_new(o, "substitute_total", json_string(
			amount(a, d->substitute_total, 2, 0)));
		json_array_append_new(defs, o);
	}
	json_object_set_new(root, "defendants", defs);
	rc = json_dumpf(root, fp, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', fp);
	json_decref(root);
	return rc;
}

int
pr_report_schedule(FILE *fp, const pr_schedule *s, pr_format fmt,
		   pr_error *err)
{
	if (fp == NULL || s == NULL)
		return pr__error_set(err, PR_EINVALID, "no stream or "
				     "schedule");
	if (fmt == PR_FORMAT_CSV)
		csv(fp, s);
	else if (fmt == PR_FORMAT_JSON) {
		if (json(fp, s) != 0)
			return pr__error_set(err, PR_ENOMEM,
					     "cannot encode JSON");
	} else {
		table(fp, s);
	}
	if (ferror(fp))
		return pr__error_set(err, PR_EIO, "cannot write the schedule");
	return PR_OK;
}
