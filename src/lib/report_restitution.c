/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Restitution and remission as a table, CSV (long form: one amount a
 * row) or JSON. Victims appear by pseudonym only. */
#include "config.h"
#include "common.h"

#include <errno.h>
#include <string.h>
#include <jansson.h>

#define AMT 64

/* Cents as "1234.56", or grouped "1,234.56" for tables. */
static const char *
cents(char *buf, const mpz_t v, int flags)
{
	pr_money_format(buf, AMT, v, 2, flags);
	return buf;
}

static const char *
hours_s(char *buf, size_t size, long h)
{
	if (h % 100 == 0)
		snprintf(buf, size, "%ld", h / 100);
	else if (h % 10 == 0)
		snprintf(buf, size, "%ld.%ld", h / 100, h % 100 / 10);
	else
		snprintf(buf, size, "%ld.%02ld", h / 100, h % 100);
	return buf;
}

/* What a line is, in words: the period, hours and rates it counts. */
static void
line_detail(char *buf, size_t size, const pr_restitution_line *l)
{
	char d1[16], d2[16], h[32], lo[32], hi[32];

	pr_date_format(d1, l->start);
	pr_date_format(d2, l->end);
	if (strcmp(l->kind, "work") == 0) {
		snprintf(lo, sizeof(lo), "%ld.%02ld", l->rate_low / 100,
			 l->rate_low % 100);
		snprintf(hi, sizeof(hi), "%ld.%02ld", l->rate_high / 100,
			 l->rate_high % 100);
		snprintf(buf, size, "%s to %s, %s hours a week at %s%s%s", d1,
			 d2, hours_s(h, sizeof(h), l->hours), lo,
			 l->rate_low != l->rate_high ? " to " : "",
			 l->rate_low != l->rate_high ? hi : "");
	} else if (strcmp(l->kind, "lodging") == 0) {
		snprintf(buf, size, "%s to %s, %s", d1, d2,
			 strcmp(l->basis, "week") == 0 ? "per week, prorated "
			 "by days" : "for the period");
	} else {
		snprintf(buf, size, "%s", d1);
	}
}

static const char *
greater_s(const pr_restitution_victim *v)
{
	return v->flsa_greater ? "FLSA value" : "gross proceeds";
}

static void
table(FILE *fp, const pr_restitution *r)
{
	static const char *const head[] = {
		"GROSS PROCEEDS", "FLSA VALUE", "LODGING CR", "FLSA LESS CR",
		"PAID", "UNPAID FLSA", "LIQUIDATED", "GREATER", "IS",
		"LOSSES", "RESTITUTION"
	};
	size_t nv = pr_restitution_victim_count(r), i, j, k;
	size_t nd = pr_restitution_defendant_count(r);
	char a[AMT], d[320];
	mpz_t sum;

	fprintf(fp, "Restitution (%s)\n\nPer victim\n",
		pr_restitution_parameters(r));
	fprintf(fp, "%-8s", "VICTIM");
	for (k = 0; k < 11; k++)
		fprintf(fp, k == 8 ? " %-14s" : " %14s", head[k]);
	fputc('\n', fp);
	if (nv == 0)
		fprintf(fp, "(no victims in the case)\n");
	for (i = 0; i < nv; i++) {
		const pr_restitution_victim *v = pr_restitution_victim_at(r, i);
		mpz_srcptr col[] = { v->gross, v->flsa, v->credits,
				     v->flsa_credited, v->paid, v->unpaid,
				     v->liquidated, v->greater };

		fprintf(fp, "%-8s", v->victim);
		for (k = 0; k < 8; k++)
			fprintf(fp, " %14s", cents(a, col[k], PR_FMT_GROUP));
		fprintf(fp, " %-14s", greater_s(v));
		fprintf(fp, " %14s", cents(a, v->losses, PR_FMT_GROUP));
		fprintf(fp, " %14s\n", cents(a, v->total, PR_FMT_GROUP));
	}
	fprintf(fp, "\nWork lines\n");
	if (pr_restitution_line_count(r) == 0)
		fprintf(fp, "(none: import work first)\n");
	for (i = 0; i < pr_restitution_line_count(r); i++) {
		const pr_restitution_line *l = pr_restitution_line_at(r, i);

		line_detail(d, sizeof(d), l);
		fprintf(fp, "%-8s %-8s %14s  %s  [%s:%lu]\n", l->victim,
			l->kind, cents(a, l->amount, PR_FMT_GROUP), d,
			l->document, l->line);
	}
	for (i = 0; i < nv; i++) {
		const pr_restitution_victim *v = pr_restitution_victim_at(r, i);

		if (v->weeks > 0)
			fprintf(fp, "%s: %lu workweek%s, %lu spanning a wage "
				"change\n", v->victim, v->weeks,
				v->weeks == 1 ? "" : "s", v->spanning);
	}
	fprintf(fp, "\nPer defendant (%s)\n", pr_restitution_joint(r) ?
		"joint and several: each liable for the whole" :
		"apportioned");
	if (nd == 0)
		fprintf(fp, "(no defendants in the case)\n");
	mpz_init(sum);
	for (j = 0; j < nd; j++) {
		mpz_set_ui(sum, 0);
		for (i = 0; i < nv; i++) {
			const pr_restitution_victim *v =
				pr_restitution_victim_at(r, i);

			mpz_add(sum, sum, pr_restitution_owed(r, i, j));
			fprintf(fp, "%-8s %-8s %14s  %s\n",
				pr_restitution_defendant(r, j), v->victim,
				cents(a, pr_restitution_owed(r, i, j),
				      PR_FMT_GROUP),
				strcmp(pr_restitution_basis(r, i), "equal") ?
				pr_restitution_basis(r, i) :
				"equal (no proceeds into its accounts)");
		}
		fprintf(fp, "%-8s %-8s %14s\n", pr_restitution_defendant(r, j),
			"total", cents(a, sum, PR_FMT_GROUP));
	}
	mpz_set_ui(sum, 0);
	for (i = 0; i < nv; i++)
		mpz_add(sum, sum, pr_restitution_victim_at(r, i)->total);
	fprintf(fp, "\nRestitution to all victims: %s\n",
		cents(a, sum, PR_FMT_GROUP));
	mpz_clear(sum);
}

static void
csv(FILE *fp, const pr_restitution *r)
{
	static const char *const head[] = {
		"section", "victim", "defendant", "item", "amount", "detail"
	};
	static const char *const items[] = {
		"gross_proceeds", "flsa_value", "lodging_credits",
		"flsa_less_credits", "paid", "unpaid_flsa", "liquidated",
		"greater", "losses", "restitution"
	};
	size_t nv = pr_restitution_victim_count(r), i, j, k;
	char a[AMT], d[400];
	const char *cells[6];

	pr__csv_row(fp, head, 6);
	cells[0] = "parameters";
	cells[1] = cells[2] = cells[3] = cells[4] = "";
	cells[5] = pr_restitution_parameters(r);
	pr__csv_row(fp, cells, 6);
	for (i = 0; i < nv; i++) {
		const pr_restitution_victim *v = pr_restitution_victim_at(r, i);
		mpz_srcptr col[] = { v->gross, v->flsa, v->credits,
				     v->flsa_credited, v->paid, v->unpaid,
				     v->liquidated, v->greater, v->losses,
				     v->total };

		for (k = 0; k < 10; k++) {
			cells[0] = "victim";
			cells[1] = v->victim;
			cells[2] = "";
			cells[3] = items[k];
			cells[4] = cents(a, col[k], PR_FMT_PLAIN);
			cells[5] = k == 7 ? greater_s(v) : "";
			pr__csv_row(fp, cells, 6);
		}
	}
	for (i = 0; i < pr_restitution_line_count(r); i++) {
		const pr_restitution_line *l = pr_restitution_line_at(r, i);
		char src[700];

		line_detail(d, sizeof(d), l);
		snprintf(src, sizeof(src), "%s [%s:%lu]", d, l->document,
			 l->line);
		cells[0] = "line";
		cells[1] = l->victim;
		cells[2] = "";
		cells[3] = l->kind;
		cells[4] = cents(a, l->amount, PR_FMT_PLAIN);
		cells[5] = src;
		pr__csv_row(fp, cells, 6);
	}
	for (j = 0; j < pr_restitution_defendant_count(r); j++)
		for (i = 0; i < nv; i++) {
			cells[0] = "defendant";
			cells[1] = pr_restitution_victim_at(r, i)->victim;
			cells[2] = pr_restitution_defendant(r, j);
			cells[3] = "owed";
			cells[4] = cents(a, pr_restitution_owed(r, i, j),
					 PR_FMT_PLAIN);
			cells[5] = pr_restitution_basis(r, i);
			pr__csv_row(fp, cells, 6);
		}
}

static json_t *
jcents(const mpz_t v)
{
	char a[AMT];

	return json_string(cents(a, v, PR_FMT_PLAIN));
}

static int
json(FILE *fp, const pr_restitution *r)
{
	json_t *root = json_object(), *vs = json_array(), *ls = json_array();
	json_t *ds = json_array();
	size_t nv = pr_restitution_victim_count(r), i, j;
	char d[320], h[32], dt[16];
	mpz_t sum;
	int rc;

	if (root == NULL || vs == NULL || ls == NULL || ds == NULL) {
		json_decref(root);
		json_decref(vs);
		json_decref(ls);
		json_decref(ds);
		return -1;
	}
	json_object_set_new(root, "parameters",
			    json_string(pr_restitution_parameters(r)));
	json_object_set_new(root, "liability", json_string(
			    pr_restitution_joint(r) ? "joint and several" :
			    "apportioned"));
	for (i = 0; i < nv; i++) {
		const pr_restitution_victim *v = pr_restitution_victim_at(r, i);

		json_array_append_new(vs, json_pack(
			"{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:s, "
			"s:o, s:o, s:I, s:I}",
			"victim", v->victim,
			"gross_proceeds", jcents(v->gross),
			"flsa_value", jcents(v->flsa),
			"lodging_credits", jcents(v->credits),
			"flsa_less_credits", jcents(v->flsa_credited),
			"paid", jcents(v->paid),
			"unpaid_flsa", jcents(v->unpaid),
			"liquidated", jcents(v->liquidated),
			"greater", jcents(v->greater),
			"greater_is", greater_s(v),
			"losses", jcents(v->losses),
			"restitution", jcents(v->total),
			"workweeks", (json_int_t)v->weeks,
			"workweeks_spanning_a_change",
			(json_int_t)v->spanning));
	}
	for (i = 0; i < pr_restitution_line_count(r); i++) {
		const pr_restitution_line *l = pr_restitution_line_at(r, i);
		json_t *o;

		line_detail(d, sizeof(d), l);
		pr_date_format(dt, l->start);
		o = json_pack("{s:s, s:s, s:s}", "victim", l->victim, "kind",
			      l->kind, "start", dt);
		pr_date_format(dt, l->end);
		json_object_set_new(o, "end", json_string(dt));
		if (strcmp(l->kind, "work") == 0)
			json_object_set_new(o, "hours_per_week", json_string(
					    hours_s(h, sizeof(h), l->hours)));
		if (strcmp(l->kind, "lodging") == 0)
			json_object_set_new(o, "basis",
					    json_string(l->basis));
		json_object_set_new(o, "amount", jcents(l->amount));
		json_object_set_new(o, "detail", json_string(d));
		json_object_set_new(o, "source", json_string(l->source));
		json_object_set_new(o, "document", json_string(l->document));
		json_object_set_new(o, "line", json_integer(
				    (json_int_t)l->line));
		json_array_append_new(ls, o);
	}
	mpz_init(sum);
	for (j = 0; j < pr_restitution_defendant_count(r); j++) {
		json_t *by = json_object();

		mpz_set_ui(sum, 0);
		for (i = 0; i < nv; i++) {
			mpz_add(sum, sum, pr_restitution_owed(r, i, j));
			json_object_set_new(by,
				pr_restitution_victim_at(r, i)->victim,
				json_pack("{s:o, s:s}", "owed",
				jcents(pr_restitution_owed(r, i, j)),
				"basis", pr_restitution_basis(r, i)));
		}
		json_array_append_new(ds, json_pack("{s:s, s:o, s:o}",
			"defendant", pr_restitution_defendant(r, j),
			"total", jcents(sum), "by_victim", by));
	}
	mpz_set_ui(sum, 0);
	for (i = 0; i < nv; i++)
		mpz_add(sum, sum, pr_restitution_victim_at(r, i)->total);
	json_object_set_new(root, "victims", vs);
	json_object_set_new(root, "lines", ls);
	json_object_set_new(root, "defendants", ds);
	json_object_set_new(root, "total", jcents(sum));
	mpz_clear(sum);
	rc = json_dumpf(root, fp, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', fp);
	json_decref(root);
	return rc;
}

int
pr_report_restitution(FILE *fp, const pr_restitution *r, pr_format fmt,
		      pr_error *err)
{
	if (fp == NULL || r == NULL)
		return pr__error_set(err, PR_EINVALID, "no stream or "
				     "restitution");
	if (fmt == PR_FORMAT_CSV)
		csv(fp, r);
	else if (fmt == PR_FORMAT_JSON) {
		if (json(fp, r) != 0)
			return pr__error_set(err, PR_ENOMEM,
					     "cannot encode JSON");
	} else
		table(fp, r);
	if (ferror(fp))
		return pr__error_sys(err, PR_EIO, errno, "output", "write");
	return PR_OK;
}

/* ---------------------------------------------------------------- */
/* remission */

int
pr_report_remission(FILE *fp, const pr_restitution *r, const mpz_t fund,
		    const mpz_t costs, pr_format fmt, pr_error *err)
{
	size_t n = pr_restitution_victim_count(r), i;
	mpz_t *losses = NULL, *shares = NULL;
	mpz_t paid_costs, avail, left, sum;
	char a[AMT], b[AMT], c[AMT], params[400];
	json_t *root = NULL, *vs = NULL;
	int rc = PR_OK;

	if (fp == NULL || r == NULL)
		return pr__error_set(err, PR_EINVALID, "no stream or "
				     "restitution");
	if (mpz_sgn(fund) < 0 || mpz_sgn(costs) < 0)
		return pr__error_set(err, PR_EINVALID, "the fund and the "
				     "costs are 0 or more");
	mpz_inits(paid_costs, avail, left, sum, NULL);
	losses = pr__calloc(n + 1, sizeof(*losses));
	shares = pr__calloc(n + 1, sizeof(*shares));
	if (losses == NULL || shares == NULL) {
		pr__free(losses);
		pr__free(shares);
		mpz_clears(paid_costs, avail, left, sum, NULL);
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	}
	for (i = 0; i < n; i++) {
		mpz_init_set(losses[i], pr_restitution_victim_at(r, i)->total);
		mpz_init(shares[i]);
		mpz_add(sum, sum, losses[i]);
	}
	/* costs first (28 CFR 9.8), never more than the fund */
	mpz_set(paid_costs, mpz_cmp(costs, fund) < 0 ? costs : fund);
	mpz_sub(avail, fund, paid_costs);
	rc = pr_remission_split(shares, left, avail, losses, n, err);
	if (rc != PR_OK)
		goto done;
	snprintf(params, sizeof(params), "28 CFR Part 9: costs first, then "
		 "the victims pro rata to their restitution, by largest "
		 "remainder to the cent (ties to the lower pseudonym), "
		 "summing exactly to the fund less costs, none above its "
		 "loss; what the losses do not take is left over");
	if (fmt == PR_FORMAT_TABLE) {
		fprintf(fp, "Remission (%s)\n\n", params);
		fprintf(fp, "%-22s %14s\n", "Fund", cents(a, fund,
			PR_FMT_GROUP));
		fprintf(fp, "%-22s %14s\n", "Costs", cents(a, paid_costs,
			PR_FMT_GROUP));
		fprintf(fp, "%-22s %14s\n\n", "For the victims",
			cents(a, avail, PR_FMT_GROUP));
		fprintf(fp, "%-8s %14s %14s %14s\n", "VICTIM", "LOSS",
			"SHARE", "UNPAID");
		if (n == 0)
			fprintf(fp, "(no victims in the case)\n");
	} else if (fmt == PR_FORMAT_CSV) {
		static const char *const head[] = {
			"victim", "loss", "share", "unpaid"
		};
		const char *row[4] = { "parameters", params, "", "" };

		pr__csv_row(fp, head, 4);
		pr__csv_row(fp, row, 4);
		row[0] = "restitution parameters";
		row[1] = pr_restitution_parameters(r);
		pr__csv_row(fp, row, 4);
		row[0] = "fund";
		row[1] = "";
		row[2] = cents(a, fund, PR_FMT_PLAIN);
		pr__csv_row(fp, row, 4);
		row[0] = "costs";
		row[2] = cents(a, paid_costs, PR_FMT_PLAIN);
		pr__csv_row(fp, row, 4);
	} else if ((root = json_object()) == NULL ||
		   (vs = json_array()) == NULL) {
		rc = pr__error_set(err, PR_ENOMEM, "out of memory");
		goto done;
	}
	for (i = 0; i < n; i++) {
		const char *who = pr_restitution_victim_at(r, i)->victim;

		mpz_sub(sum, losses[i], shares[i]);
		cents(a, losses[i], fmt == PR_FORMAT_TABLE);
		cents(b, shares[i], fmt == PR_FORMAT_TABLE);
		cents(c, sum, fmt == PR_FORMAT_TABLE);
		if (fmt == PR_FORMAT_TABLE) {
			fprintf(fp, "%-8s %14s %14s %14s\n", who, a, b, c);
		} else if (fmt == PR_FORMAT_CSV) {
			const char *row[4] = { who, a, b, c };

			pr__csv_row(fp, row, 4);
		} else {
			json_array_append_new(vs, json_pack(
				"{s:s, s:s, s:s, s:s}", "victim", who,
				"loss", a, "share", b, "unpaid", c));
		}
	}
	cents(a, left, fmt == PR_FORMAT_TABLE);
	if (fmt == PR_FORMAT_TABLE) {
		fprintf(fp, "\n%-22s %14s\n", "Left over", a);
	} else if (fmt == PR_FORMAT_CSV) {
		const char *row[4] = { "left over", "", a, "" };

		pr__csv_row(fp, row, 4);
	} else {
		json_object_set_new(root, "parameters", json_string(params));
		json_object_set_new(root, "restitution_parameters",
			json_string(pr_restitution_parameters(r)));
		json_object_set_new(root, "fund", jcents(fund));
		json_object_set_new(root, "costs", jcents(paid_costs));
		json_object_set_new(root, "for_victims", jcents(avail));
		json_object_set_new(root, "victims", vs);
		vs = NULL;
		json_object_set_new(root, "left_over", json_string(a));
		if (json_dumpf(root, fp, JSON_INDENT(2) |
			       JSON_PRESERVE_ORDER) != 0)
			rc = pr__error_set(err, PR_ENOMEM, "cannot encode "
					   "JSON");
		fputc('\n', fp);
	}
	if (rc == PR_OK && fmt == PR_FORMAT_TABLE)
		fprintf(fp, "\nRestitution figures: %s\n",
			pr_restitution_parameters(r));
	if (rc == PR_OK && ferror(fp))
		rc = pr__error_sys(err, PR_EIO, errno, "output", "write");
done:
	json_decref(vs);
	json_decref(root);
	for (i = 0; i < n; i++) {
		mpz_clear(losses[i]);
		mpz_clear(shares[i]);
	}
	pr__free(losses);
	pr__free(shares);
	mpz_clears(paid_costs, avail, left, sum, NULL);
	return rc;
}
