/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Exhibit internals shared by the writer, the HTML page and the chart. */
#ifndef PR_LIB_EXHIBIT_H
#define PR_LIB_EXHIBIT_H

#include <stdio.h>
#include "common.h"
#include <gmp.h>

/* One file of the directory: in memory, or written to the working
 * directory as it was made (data NULL); its size and SHA-256 either way,
 * taken as it was written. */
struct pr__xfile {
	char *name;
	unsigned char *data;
	size_t size;
	char sha256[PR_SHA256_HEX];
};

/* An input document, for the source index and the citations. */
struct pr__xdoc {
	char *name;
	char *kind;
	char *sha256;
	char *profile;
	char *profile_sha256;
	uint64_t size;
	uint64_t records;
};

/* Everything a section writer may read. The files made so far are in
 * x (a writer may read an earlier one through pr__exhibit_open: the SVG
 * reads the DOT, the HTML reads the CSVs); they are already redacted. */
struct pr__xctx {
	pr_store *st;
	const pr_exhibit_options *o;
	const pr_recon *recon;         /* the flows' gate */
	pr_flows *flows;
	pr_trace *tr[PR_METHOD_COUNT]; /* every method, same options */
	const pr_trace *t;             /* the chosen method's */
	pr_schedule *schedule;         /* under the chosen method */
	pr_restitution *restitution;   /* joint, federal, as traced */
	struct pr__xdoc *docs;         /* in import order */
	size_t n_docs;
	char **forfeitable;            /* holders with victim money */
	size_t n_forfeitable;
	char graphviz[64];             /* version, from the SVG; "" before */
	/* the report section being written, and its format */
	int (*report)(struct pr__xctx *c, FILE *fp, pr_format f,
		      pr_error *err);
	pr_format format;
	pr_exhibit *x;
};

struct pr_exhibit {
	struct pr__xfile *files;
	size_t n, cap;
	int reconciled;
	int dirfd;      /* each file written here as it is made (not
			   owned); -1: every file kept in memory */
	const char *dir; /* the target as given, for messages */
	int lean;       /* in memory: keep only what a later section reads
			   (CSV, DOT, SVG); of the rest, size and hash */
};

/* What the HTML page and the chart show of a large case: at most
 * PR__HTML_ROWS rows of a table and PR__CHART_EDGES arrows, the largest,
 * with a line that states the rest (the CSV and JSON files keep every
 * row). The demo and the tests' cases are well under both. */
#define PR__HTML_ROWS 1000
#define PR__CHART_EDGES 150

/* A section: writes one file to fp. */
typedef int (*pr__xwriter)(struct pr__xctx *c, FILE *fp, pr_error *err);

/* exhibit.c: a file made so far, or NULL */
const struct pr__xfile *pr__exhibit_file(const struct pr__xctx *c,
					 const char *name);
/* exhibit.c: a file made so far, open for reading from its start (from
 * memory or from the working directory); NULL with errno when it is not
 * there or cannot be read. The caller fcloses it. */
FILE *pr__exhibit_open(const struct pr__xctx *c, const char *name);
/* exhibit.c: the document called name, or NULL */
const struct pr__xdoc *pr__exhibit_doc(const struct pr__xctx *c,
				       const char *name, size_t len);

/* exhibit.c: the i-th parameter as (name, value); 0 past the last */
int pr__exhibit_param(const pr_exhibit_options *o, size_t i,
		      const char **name, char *value, size_t size);

/* exhibit_chart.c */
int pr__exhibit_dot(struct pr__xctx *c, FILE *fp, pr_error *err);
int pr__exhibit_svg(struct pr__xctx *c, FILE *fp, pr_error *err);

/* exhibit_html.c: compare |a| and |b|, decimal texts, exactly; a text
 * that is not a number is below every number */
int pr__exhibit_dec_cmp(const char *a, const char *b);

/* exhibit_html.c: the max best of a stream of candidates (largest rank
 * text, ties to the earlier idx), as a heap with the worst on top; then
 * sorted by idx, the order they came in. max 0 keeps none. */
struct pr__pick {
	char *rank;
	size_t idx;
};

struct pr__picks {
	struct pr__pick *v;
	size_t n, cap, max;
};

/* Offer a candidate (rank is copied when kept); -1 when out of memory */
int pr__picks_offer(struct pr__picks *h, const char *rank, size_t idx);
void pr__picks_sort(struct pr__picks *h);
void pr__picks_clear(struct pr__picks *h);

/* exhibit_html.c */
int pr__exhibit_html(struct pr__xctx *c, FILE *fp, pr_error *err);
void pr__html_text(FILE *fp, const char *s, size_t n);

#endif
