/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The screening written out (pr_report_screen): table, CSV or JSON. */
#include "config.h"
#include "common.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include "proceeds/screen.h"

/* The list name a finding matched: the entry's, an alias's or, for an
 * address, the wallet's currency and address. */
static void
matched(const pr_sanctions *l, const pr_screen_finding *f,
	const char **what, const char **name, const char **currency)
{
	*currency = "";
	if (f->address) {
		const pr_sanction_wallet *w = pr_sanctions_wallet(l, f->wallet);

		*what = "wallet";
		*name = w->address;
		*currency = w->currency;
	} else if (f->hit.alias == PR_SCREEN_PRIMARY) {
		*what = "name";
		*name = pr_sanctions_entry(l, f->entry)->name;
	} else {
		const pr_sanction_alias *a = pr_sanctions_alias(l,
								 f->hit.alias);

		*what = a->weak ? "weak aka" : a->kind;
		*name = a->name;
	}
}

static const char *
type_of(const pr_sanction_entry *e)
{
	return e->type[0] != '\0' ? e->type : "entity";
}

static void
header_table(FILE *fp, const pr_screen_result *r, const pr_sanctions *l,
	     int threshold)
{
	char d[16];
	size_t i;

	pr_date_format(d, pr_sanctions_published(l));
	fprintf(fp, "List published %s:", d);
	for (i = 0; i < pr_sanctions_file_count(l); i++) {
		const char *name, *sha;

		pr_sanctions_file(l, i, &name, &sha);
		fprintf(fp, "%s %s %s", i > 0 ? "," : "", name, sha);
	}
	fprintf(fp, "\nThreshold %d bp. Screened %zu names and %zu "
		"addresses: %zu %s.\n", threshold,
		pr_screen_result_names(r), pr_screen_result_addresses(r),
		pr_screen_result_count(r),
		pr_screen_result_count(r) == 1 ? "hit" : "hits");
}

static void
table(FILE *fp, const pr_screen_result *r, const pr_sanctions *l,
      int threshold)
{
	size_t i, j;

	header_table(fp, r, l, threshold);
	for (i = 0; i < pr_screen_result_count(r); i++) {
		const pr_screen_finding *f = pr_screen_result_finding(r, i);
		const pr_sanction_entry *e = pr_sanctions_entry(l, f->entry);
		const char *what, *name, *cur;

		matched(l, f, &what, &name, &cur);
		fputc('\n', fp);
		if (f->address)
			fprintf(fp, "ADDRESS %s\n  = %s %s %s of %s %ld %s "
				"(%s) [%s]\n", f->text, what, cur, name,
				e->list, e->ent_num, e->name, type_of(e),
				e->programs);
		else
			fprintf(fp, "NAME %d bp %s%s\n  ~ %s \"%s\" of %s %ld "
				"%s (%s) [%s]\n  Jaro-Winkler %d bp, Soundex "
				"%d of %d words\n", f->hit.score, f->text,
				f->party ? " (party)" : "", what, name,
				e->list, e->ent_num, e->name, type_of(e),
				e->programs, f->hit.jw, f->hit.phonetic,
				f->hit.words);
		for (j = 0; j < f->nsources; j++)
			fprintf(fp, "  %s:%ld %s\n", f->sources[j].document,
				f->sources[j].line, f->sources[j].field);
	}
}

static void
csv(FILE *fp, const pr_screen_result *r, const pr_sanctions *l)
{
	size_t i, j;

	fputs("kind,score,jaro_winkler,soundex,words,text,party,list,"
	      "ent_num,entry_name,type,programs,matched,matched_name,"
	      "currency,document,line,field\r\n", fp);
	for (i = 0; i < pr_screen_result_count(r); i++) {
		const pr_screen_finding *f = pr_screen_result_finding(r, i);
		const pr_sanction_entry *e = pr_sanctions_entry(l, f->entry);
		const char *what, *name, *cur;
		char sc[16], jw[16], ph[16], wd[16], ent[24], line[24];

		matched(l, f, &what, &name, &cur);
		snprintf(sc, sizeof(sc), "%d", f->hit.score);
		snprintf(jw, sizeof(jw), "%d", f->hit.jw);
		snprintf(ph, sizeof(ph), "%d", f->hit.phonetic);
		snprintf(wd, sizeof(wd), "%d", f->hit.words);
		snprintf(ent, sizeof(ent), "%ld", e->ent_num);
		for (j = 0; j < f->nsources; j++) {
			const char *cells[18];

			snprintf(line, sizeof(line), "%ld", f->sources[j].line);
			cells[0] = f->address ? "address" : "name";
			cells[1] = sc;
			cells[2] = jw;
			cells[3] = f->address ? "" : ph;
			cells[4] = f->address ? "" : wd;
			cells[5] = f->text;
			cells[6] = f->party ? "yes" : "";
			cells[7] = e->list;
			cells[8] = ent;
			cells[9] = e->name;
			cells[10] = type_of(e);
			cells[11] = e->programs;
			cells[12] = what;
			cells[13] = name;
			cells[14] = cur;
			cells[15] = f->sources[j].document;
			cells[16] = line;
			cells[17] = f->sources[j].field;
			pr__csv_row(fp, cells, 18);
		}
	}
}

static int
json(FILE *fp, const pr_screen_result *r, const pr_sanctions *l,
     int threshold)
{
	json_t *root = json_object(), *files = json_array(),
	       *hits = json_array();
	char d[16];
	size_t i, j;
	int rc;

	pr_date_format(d, pr_sanctions_published(l));
	for (i = 0; i < pr_sanctions_file_count(l); i++) {
		const char *name, *sha;

		pr_sanctions_file(l, i, &name, &sha);
		json_array_append_new(files, json_pack("{s:s, s:s}", "name",
						       name, "sha256", sha));
	}
	json_object_set_new(root, "list", json_pack("{s:s, s:o}",
				"published", d, "files", files));
	json_object_set_new(root, "threshold", json_integer(threshold));
	json_object_set_new(root, "names",
			    json_integer((json_int_t)
					 pr_screen_result_names(r)));
	json_object_set_new(root, "addresses",
			    json_integer((json_int_t)
					 pr_screen_result_addresses(r)));
	for (i = 0; i < pr_screen_result_count(r); i++) {
		const pr_screen_finding *f = pr_screen_result_finding(r, i);
		const pr_sanction_entry *e = pr_sanctions_entry(l, f->entry);
		const char *what, *name, *cur;
		json_t *h, *src = json_array();

		matched(l, f, &what, &name, &cur);
		for (j = 0; j < f->nsources; j++)
			json_array_append_new(src, json_pack(
				"{s:s, s:I, s:s}", "document",
				f->sources[j].document, "line",
				(json_int_t)f->sources[j].line, "field",
				f->sources[j].field));
		h = json_pack("{s:s, s:i, s:s, s:b, s:{s:s, s:I, s:s, s:s, "
			      "s:s}, s:{s:s, s:s}}",
			      "kind", f->address ? "address" : "name",
			      "score", f->hit.score, "text", f->text,
			      "party", f->party,
			      "entry", "list", e->list, "ent_num",
			      (json_int_t)e->ent_num, "name", e->name,
			      "type", type_of(e), "programs", e->programs,
			      "matched", "as", what, "name", name);
		if (h == NULL) {
			json_decref(src);
			continue;
		}
		if (f->address) {
			json_object_set_new(json_object_get(h, "matched"),
					    "currency", json_string(cur));
		} else {
			json_object_set_new(h, "jaro_winkler",
					    json_integer(f->hit.jw));
			json_object_set_new(h, "soundex",
					    json_integer(f->hit.phonetic));
			json_object_set_new(h, "words",
					    json_integer(f->hit.words));
		}
		json_object_set_new(h, "sources", src);
		json_array_append_new(hits, h);
	}
	json_object_set_new(root, "hits", hits);
	rc = json_dumpf(root, fp, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', fp);
	json_decref(root);
	return rc;
}

int
pr_report_screen(FILE *fp, const pr_screen_result *r,
		 const pr_sanctions *list, int threshold, pr_format fmt,
		 pr_error *err)
{
	if (fp == NULL || r == NULL || list == NULL)
		return pr__error_set(err, PR_EINVALID, "nothing to report");
	if (fmt == PR_FORMAT_CSV)
		csv(fp, r, list);
	else if (fmt == PR_FORMAT_JSON) {
		if (json(fp, r, list, threshold) != 0)
			return pr__error_set(err, PR_ENOMEM, "out of memory");
	} else
		table(fp, r, list, threshold);
	if (ferror(fp))
		return pr__error_set(err, PR_EIO, "write failed");
	return PR_OK;
}
