/* SPDX-License-Identifier: GPL-3.0-or-later */
/* report.html: every exhibit on one self-contained printable page, with
 * the methodology and a footnote citing the source of every figure. */
#include "config.h"
#include "common.h"
#include "exhibit.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * The page is made from the exhibit files themselves (the CSVs and the
 * SVG), so that it shows exactly what the directory holds and repeats no
 * report logic. Where a row names a document and a line (the "document"
 * and "line" columns, or "name.csv:12" inside a text), the row gets a
 * footnote: the document, the first 12 hex digits of its SHA-256 and the
 * line. Footnotes are numbered through the page and listed after each
 * exhibit, one per document and line.
 */

#define MAX_COLS 32
/* The page shows at most this many characters of a text from the
 * records (a memo, a description, a reason), and of any other cell at
 * most CELL_SHOWN: a 1 MB memo must not make a page that a browser takes
 * minutes to print. The files keep every text whole. */
#define MEMO_SHOWN 200
#define CELL_SHOWN 2000

/* ---- a CSV file of the directory, parsed back ---- */

struct table {
	char **cell;   /* row-major */
	size_t *start; /* first cell of each row; start[nrows] = n */
	size_t n, cap, nrows, rcap;
};

static void
table_free(struct table *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		pr__free(t->cell[i]);
	pr__free(t->cell);
	pr__free(t->start);
}

/* RFC 4180 as pr__csv_row writes it: a quoted cell that starts with a
 * quote mark was neutralised (pr_report_csv_cell: it starts with = + - @,
 * a tab, a carriage return or a quote mark); the page shows the cell as
 * recorded. Reads one record from in and appends it to t as a row.
 * Returns 1, 0 at the end of the file, or -1 when out of memory. */
static int
table_read(struct table *t, FILE *in)
{
	int ch = getc_unlocked(in);

	if (ch == EOF)
		return 0;
	if (pr__grow((void **)&t->start, &t->rcap, t->nrows + 2,
		     sizeof(size_t)) != 0)
		return -1;
	t->start[t->nrows++] = t->n;
	for (;;) {
		size_t len = 0, cap = 16;
		char *s = pr__malloc(cap);
		int quoted = ch == '"', was = quoted;

		if (s == NULL)
			return -1;
		if (quoted)
			ch = getc_unlocked(in);
		while (ch != EOF) {
			if (quoted && ch == '"') {
				ch = getc_unlocked(in);
				if (ch != '"') {
					quoted = 0;
					continue;
				}
			} else if (!quoted && (ch == ',' || ch == '\r' ||
					       ch == '\n')) {
				break;
			}
			if (len + 2 > cap && pr__grow((void **)&s, &cap,
						      len + 2, 1) != 0) {
				pr__free(s);
				return -1;
			}
			s[len++] = (char)ch;
			ch = getc_unlocked(in);
		}
		s[len] = '\0';
		if (was && s[0] == '\'')
			memmove(s, s + 1, len);
		if (pr__grow((void **)&t->cell, &t->cap, t->n + 1,
			     sizeof(char *)) != 0) {
			pr__free(s);
			return -1;
		}
		t->cell[t->n++] = s;
		if (ch == ',') {
			ch = getc_unlocked(in);
			continue;
		}
		if (ch == '\r')
			ch = getc_unlocked(in);
		if (ch != '\n' && ch != EOF)
			ungetc(ch, in);
		break;
	}
	t->start[t->nrows] = t->n;
	return 1;
}

/* Drop rows [from, from + count) of t, keeping the rows after them. */
static void
table_drop(struct table *t, size_t from, size_t count)
{
	size_t a, b, i;

	if (count == 0)
		return;
	a = t->start[from];
	b = t->start[from + count];

	for (i = a; i < b; i++)
		pr__free(t->cell[i]);
	memmove(t->cell + a, t->cell + b, (t->n - b) * sizeof(char *));
	t->n -= b - a;
	for (i = from; i + count <= t->nrows; i++)
		t->start[i] = t->start[i + count] - (b - a);
	t->nrows -= count;
}

static size_t
row_len(const struct table *t, size_t r)
{
	return t->start[r + 1] - t->start[r];
}

static const char *
cell(const struct table *t, size_t r, size_t k)
{
	return k < row_len(t, r) ? t->cell[t->start[r] + k] : "";
}

static int
column(const struct table *t, const char *name)
{
	size_t k;

	for (k = 0; t->nrows > 0 && k < row_len(t, 0); k++)
		if (strcmp(cell(t, 0, k), name) == 0)
			return (int)k;
	return -1;
}

/* ---- HTML ---- */

void
pr__html_text(FILE *fp, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && s[i]; i++) {
		switch (s[i]) {
		case '&':
			fputs("&amp;", fp);
			break;
		case '<':
			fputs("&lt;", fp);
			break;
		case '>':
			fputs("&gt;", fp);
			break;
		case '"':
			fputs("&quot;", fp);
			break;
		case '\'':
			fputs("&#39;", fp);
			break;
		case '\n':
			fputs("<br>", fp);
			break;
		case '\r':
			break;
		default:
			fputc(s[i], fp);
		}
	}
}

static void
esc(FILE *fp, const char *s)
{
	pr__html_text(fp, s, strlen(s));
}

static int
numeric(const char *s)
{
	size_t i = *s == '-' ? 1 : 0;
	int digits = 0;

	for (; s[i]; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits = 1;
		else if (s[i] != '.' && s[i] != ',')
			return 0;
	}
	return digits;
}

/* ---- footnotes ---- */

struct note {
	const struct pr__xdoc *doc;
	unsigned long line;
	unsigned num;
};

struct notes {
	struct note *v;
	size_t n, cap;
	unsigned next; /* the page's next number */
	size_t *slot;  /* index of (doc, line): 1 + its place in v, 0 free */
	size_t nslot;  /* a power of two, at least twice n; 0 at first */
};

static size_t
note_hash(const struct pr__xdoc *doc, unsigned long line)
{
	uint64_t h = (uint64_t)(uintptr_t)doc * 0x9e3779b97f4a7c15ULL;

	h ^= (uint64_t)line + 0x7f4a7c15ULL + (h << 6) + (h >> 2);
	h *= 0xbf58476d1ce4e5b9ULL;
	return (size_t)(h ^ (h >> 31));
}

/* Rebuild the index at nslot slots; -1 when out of memory. */
static int
notes_rehash(struct notes *ns, size_t nslot)
{
	size_t *slot = pr__calloc(nslot, sizeof(*slot)), i;

	if (slot == NULL)
		return -1;
	for (i = 0; i < ns->n; i++) {
		size_t k = note_hash(ns->v[i].doc, ns->v[i].line) &
			   (nslot - 1);

		while (slot[k] != 0)
			k = (k + 1) & (nslot - 1);
		slot[k] = i + 1;
	}
	pr__free(ns->slot);
	ns->slot = slot;
	ns->nslot = nslot;
	return 0;
}

/*
 * The note for (doc, line) in this exhibit, added when new; 0 on OOM.
 * The notes are listed in the order they were first cited (v); the
 * index only finds them, so its order never reaches the page.
 */
static unsigned
note_for(struct notes *ns, const struct pr__xdoc *doc, unsigned long line)
{
	size_t k;

	if (2 * (ns->n + 1) > ns->nslot &&
	    notes_rehash(ns, ns->nslot ? 2 * ns->nslot : 64) != 0)
		return 0;
	k = note_hash(doc, line) & (ns->nslot - 1);
	while (ns->slot[k] != 0) {
		const struct note *n = &ns->v[ns->slot[k] - 1];

		if (n->doc == doc && n->line == line)
			return n->num;
		k = (k + 1) & (ns->nslot - 1);
	}
	if (pr__grow((void **)&ns->v, &ns->cap, ns->n + 1,
		     sizeof(*ns->v)) != 0)
		return 0;
	ns->v[ns->n].doc = doc;
	ns->v[ns->n].line = line;
	ns->v[ns->n].num = ++ns->next;
	ns->slot[k] = ns->n + 1;
	return ns->v[ns->n++].num;
}

static int
name_char(char ch)
{
	return ch != ' ' && ch != '(' && ch != '[' && ch != '"' &&
	       ch != '\'' && ch != '\n';
}

/* Every "document:line" inside a text, as notes into refs (at most
 * max); returns how many. */
static size_t
cite_text(const struct pr__xctx *c, struct notes *ns, const char *s,
	  unsigned *refs, size_t n, size_t max)
{
	const char *p;

	for (p = strchr(s, ':'); p != NULL && n < max;
	     p = strchr(p + 1, ':')) {
		const char *b = p;
		const struct pr__xdoc *d;
		unsigned long line = 0;
		const char *q;

		if (p[1] < '0' || p[1] > '9')
			continue;
		/* a document's name is a file name: at most 255 bytes */
		while (b > s && p - b < 255 && name_char(b[-1]))
			b--;
		d = pr__exhibit_doc(c, b, (size_t)(p - b));
		if (d == NULL)
			continue;
		for (q = p + 1; *q >= '0' && *q <= '9' && line < 100000000;
		     q++)
			line = line * 10 + (unsigned long)(*q - '0');
		refs[n] = note_for(ns, d, line);
		if (refs[n] != 0)
			n++;
	}
	return n;
}

static void
notes_out(FILE *fp, struct notes *ns)
{
	size_t i;

	if (ns->n == 0)
		return;
	fputs("<ol class=\"notes\">\n", fp);
	for (i = 0; i < ns->n; i++) {
		const struct note *n = &ns->v[i];

		fprintf(fp, "<li id=\"n%u\" value=\"%u\">", n->num, n->num);
		esc(fp, n->doc->name);
		fprintf(fp, ", SHA-256 <code>%.12s</code>, line %lu</li>\n",
			n->doc->sha256, n->line);
	}
	fputs("</ol>\n", fp);
	ns->n = 0;
	if (ns->slot != NULL)
		memset(ns->slot, 0, ns->nslot * sizeof(*ns->slot));
}

/* ---- the exhibits ---- */

static const char *const recon_cols[] = {
	"section", "account", "currency", "from", "to", "opening", "credits",
	"debits", "computed", "stated", "difference", "detail", NULL
};
static const char *const flow_cols[] = {
	"flow", "date", "from", "to", "currency", "amount", "fee", "role",
	"kind", "what", NULL
};
static const char *const trace_cols[] = {
	"section", "name", "origin", "amount", NULL
};
static const char *const compare_cols[] = {
	"section", "name", "origin", NULL
};
static const char *const schedule_cols[] = {
	"record", "item", "class", "identifier", "value", "traced",
	"proportional", "involved_in", "window_984", "defendant",
	"obtained", "specific", "judgment", NULL
};
static const char *const lineage_cols[] = {
	"item", "step", "lineage", NULL
};
static const char *const restitution_cols[] = {
	"section", "victim", "defendant", "item", "amount", "detail", NULL
};
static const char *const remission_cols[] = {
	"victim", "loss", "share", "unpaid", NULL
};
static const char *const source_cols[] = {
	"document", "kind", "bytes", "records", "sha256", "profile", NULL
};
static const char *const decision_cols[] = {
	"action", "subject", "other", "reason", NULL
};
static const char *const designation_cols[] = {
	"origin", "by", "pattern", "account", "from", "to", "reason",
	"source", NULL
};
static const char *const recon_memos[] = { "detail", NULL };
static const char *const flow_memos[] = { "what", NULL };
static const char *const decision_memos[] = { "reason", NULL };
static const char *const designation_memos[] = {
	"pattern", "reason", "source", NULL
};

/*
 * The exhibits in page order. number 0 continues the exhibit above (a
 * second table). pivot: the file has a "method" and an "amount" column;
 * rows that differ only in them become one row with a column per method.
 * A new exhibit is one row here (and its file in exhibit.c's sections).
 */
static const struct part {
	int number;
	const char *title;
	const char *file;
	const char *const *cols;
	int pivot;
	const char *intro;
	int cite_all;   /* footnote the sources of every column, shown or
			   not (the schedule's support is too long to show) */
	const char *const *memos; /* columns of text from the records,
				     shown to MEMO_SHOWN characters */
} parts[] = {
	{ 1, "Reconciliation", "reconcile.csv", recon_cols, 0,
	  "For every account and statement period: opening balance plus "
	  "credits less debits, against the closing balance the bank "
	  "states, to the unit; then running-balance breaks, missing or "
	  "overlapping periods, duplicate rows, and the matcher's open "
	  "findings. Files: reconcile.csv, reconcile.json.", 0, recon_memos },
	{ 2, "Flows of money", "flows.csv", flow_cols, 0,
	  "Each movement of money once, with every record that evidences "
	  "it (a row per record) and the basis of each join. Files: "
	  "flows.csv, flows.json.", 0, flow_memos },
	{ 3, "Trace", "trace.csv", trace_cols, 0,
	  "Under the chosen tracing rule: for each account, address and "
	  "asset, the money of each origin it holds at the end (held), and "
	  "where money left the case (left). Files: trace.csv, "
	  "trace.json.", 0, NULL },
	{ 4, "Comparison of tracing rules", "compare.csv", compare_cols, 1,
	  "The same trace under every rule, side by side (the sensitivity "
	  "of each figure to the choice of rule). Files: compare.csv, "
	  "compare.json.", 0, NULL },
	{ 5, "Flow-of-funds chart", "flow-of-funds.svg", NULL, 0,
	  "Each victim's money under the chosen rule: the accounts, "
	  "addresses and assets that hold it at the end, and what left the "
	  "case, with the exact amount on every arrow. Files: "
	  "flow-of-funds.dot (Graphviz), flow-of-funds.svg.", 0, NULL },
	{ 6, "Forfeiture schedule", "schedule.csv", schedule_cols, 0,
	  "One item per account, address and asset that holds a victim's "
	  "traced money under the chosen rule, or that any victim's money "
	  "reached (involved in laundering): its value, the traced amount "
	  "(and for an asset the proportional share of its value), the "
	  "whole when involved, the 984 window of bank funds, and the "
	  "flows that carried the money in; then per defendant what he "
	  "obtained, the specific property and the money judgment "
	  "(Honeycutt). The owner, the support and every column per "
	  "victim are in the files: schedule.csv, schedule.json; the "
	  "source column cites the records behind each item.", 1, NULL },
	{ 7, "Lineage of the scheduled assets", "lineage.csv", lineage_cols,
	  0,
	  "For each asset and wallet of the forfeiture schedule that holds "
	  "a victim's traced money, the chain of flows that carried each "
	  "origin's money there under the chosen rule, latest first: each "
	  "flow with its date, amount, where it came from and every record "
	  "that evidences it, then, indented, what carried that money into "
	  "the account it came from, back to where it came into the case "
	  "(and which designation made it a victim's). The accounts' own "
	  "inflows are cited in Exhibit 6. File: lineage.csv.", 0, NULL },
	{ 8, "Restitution", "restitution.csv", restitution_cols, 0,
	  "Per victim under 18 U.S.C. 1593: the gross proceeds from the "
	  "victim (the inflows designated as hers, as traced) and the "
	  "value of the work under the FLSA's minimum wage and overtime, "
	  "with the amounts paid and the board-and-lodging credits, the "
	  "greater of the two, other losses and the restitution; each "
	  "work line with its source; then what each defendant owes. "
	  "Files: restitution.csv, restitution.json.", 0, NULL },
	{ 9, "Remission", "remission.csv", remission_cols, 0,
	  "The split of the forfeited fund among the victims (28 CFR Part "
	  "9), pro rata to their restitution, to the cent by largest "
	  "remainder, summing exactly to the fund, none above its loss. "
	  "The fund here is what the forfeiture schedule (Exhibit 6) "
	  "forfeits as the victims' proceeds in dollars, with no costs; "
	  "proceeds remission --fund AMOUNT --costs AMOUNT gives the split "
	  "of another fund. Files: remission.csv, remission.json.", 0, NULL },
	{ 10, "Source index", "sources.csv", source_cols, 0,
	  "Every record summarised in these exhibits (Fed. R. Evid. 1006), "
	  "as imported into the case: its size, its SHA-256 (Fed. R. "
	  "Evid. 902(14)), the number of records read, and the import "
	  "profile. Files: sources.csv, sources.json.", 0, NULL },
	{ 11, "Analyst decisions and designations", "decisions.csv",
	  decision_cols, 0,
	  "Decisions: every manual decision on matching (join, never join, "
	  "owner), with its reason. File: decisions.csv.", 0,
	  decision_memos },
	{ 0, NULL, "designations.csv", designation_cols, 0,
	  "Designations: which inflows are proceeds of which victim, and "
	  "why. File: designations.csv.", 0, designation_memos },
};

/*
 * One cell's text: whole when it is short, else its first MEMO_SHOWN
 * characters for a text from the records (CELL_SHOWN for any other),
 * cut between two UTF-8 characters, and a note that says how long it is
 * and which files hold it whole.
 */
static void
cell_text(FILE *fp, const struct pr__xctx *c, const struct part *pt,
	  const char *col, const char *v)
{
	size_t shown = CELL_SHOWN, chars = 0, cut = 0, i;
	char json[64];
	const char *dot;

	for (i = 0; pt->memos != NULL && pt->memos[i] != NULL; i++)
		if (strcmp(pt->memos[i], col) == 0)
			shown = MEMO_SHOWN;
	for (i = 0; v[i]; i++)
		if (((unsigned char)v[i] & 0xc0) != 0x80 && chars++ == shown)
			cut = i;
	if (chars <= shown) {
		esc(fp, v);
		return;
	}
	pr__html_text(fp, v, cut);
	fprintf(fp, "<span class=\"cut\"> [&hellip; the first %zu of %zu "
		"characters; the whole text is in ", shown, chars);
	esc(fp, pt->file);
	dot = strrchr(pt->file, '.');
	if (dot != NULL && (size_t)(dot - pt->file) + 6 < sizeof(json)) {
		snprintf(json, sizeof(json), "%.*s.json",
			 (int)(dot - pt->file), pt->file);
		if (pr__exhibit_file(c, json) != NULL) {
			fputs(" and ", fp);
			esc(fp, json);
		}
	}
	fputs("]</span>", fp);
}

/* Print the footnote references of one row into its last cell. */
static void
refs_out(FILE *fp, const unsigned *refs, size_t n)
{
	size_t i;

	fputs("<td class=\"src\">", fp);
	for (i = 0; i < n; i++)
		fprintf(fp, "%s<a href=\"#n%u\">%u</a>", i ? "," : "",
			refs[i], refs[i]);
	fputs("</td>", fp);
}

/* Do rows a and b agree on every column but the skipped two? */
static int
same_key(const struct table *t, size_t a, size_t b, int s1, int s2)
{
	size_t k;

	if (row_len(t, a) != row_len(t, b))
		return 0;
	for (k = 0; k < row_len(t, a); k++)
		if ((int)k != s1 && (int)k != s2 &&
		    strcmp(cell(t, a, k), cell(t, b, k)) != 0)
			return 0;
	return 1;
}

/*
 * Large tables. A table of more than PR__HTML_ROWS rows shows the
 * PR__HTML_ROWS largest by its rank column (the absolute value, exact,
 * compared as decimal text; ties to the earlier row), in the file's
 * order, and then a line that says how many are not shown, what they
 * total per currency, and which files hold every row. A table without a
 * rank column shows its first rows. The rows of one flow (one per
 * record that evidences it) stay together: they count as one.
 */
static const struct cap {
	const char *file;
	const char *rank;   /* the column that orders, or NULL */
	const char *group;  /* consecutive rows equal in it are one */
	const char *unit;   /* what a row (or group) is, plural */
} caps[] = {
	{ "reconcile.csv", "difference", NULL, "rows" },
	{ "flows.csv", "amount", "flow", "flows" },
	{ "trace.csv", "amount", NULL, "rows" },
	{ "compare.csv", "amount", NULL, "rows" },
	{ "schedule.csv", "traced", NULL, "rows" },
	{ "lineage.csv", NULL, NULL, "rows" },
	{ "restitution.csv", "amount", NULL, "rows" },
	{ "remission.csv", "loss", NULL, "rows" },
	{ "sources.csv", "records", NULL, "documents" },
	{ "decisions.csv", NULL, NULL, "rows" },
	{ "designations.csv", NULL, NULL, "rows" },
};

static const struct cap *
cap_of(const char *file)
{
	static const struct cap none = { NULL, NULL, NULL, "rows" };
	size_t i;

	for (i = 0; i < sizeof(caps) / sizeof(*caps); i++)
		if (strcmp(caps[i].file, file) == 0)
			return &caps[i];
	return &none;
}

/* The digits of a decimal text, without sign and leading zeros: its
 * integer part [*ip, *ip + *il) and fraction [*fp, *fp + *fl); 0 when
 * the text is not a plain decimal number. */
static int
dec_parts(const char *s, const char **ip, size_t *il, const char **fp,
	  size_t *fl)
{
	size_t i = 0;

	if (*s == '-' || *s == '+')
		s++;
	while (*s == '0' && s[1] >= '0' && s[1] <= '9')
		s++;
	*ip = s;
	while (s[i] >= '0' && s[i] <= '9')
		i++;
	*il = i;
	*fp = s + i;
	*fl = 0;
	if (s[i] == '.') {
		*fp = s + i + 1;
		for (i++; s[i] >= '0' && s[i] <= '9'; i++)
			(*fl)++;
	}
	if (s[i] != '\0' || *il + *fl == 0)
		return 0;
	if (*il == 1 && **ip == '0')
		*il = 0;
	return 1;
}

int
pr__exhibit_dec_cmp(const char *a, const char *b)
{
	const char *ai, *af, *bi, *bf;
	size_t ail, afl, bil, bfl, k;
	int na = dec_parts(a, &ai, &ail, &af, &afl);
	int nb = dec_parts(b, &bi, &bil, &bf, &bfl);
	int c;

	if (!na || !nb)
		return na - nb;
	if (ail != bil)
		return ail < bil ? -1 : 1;
	c = memcmp(ai, bi, ail);
	if (c != 0)
		return c < 0 ? -1 : 1;
	for (k = 0; k < afl || k < bfl; k++) {
		char x = k < afl ? af[k] : '0', y = k < bfl ? bf[k] : '0';

		if (x != y)
			return x < y ? -1 : 1;
	}
	return 0;
}

/* Is p worse than q (after it in rank)? smaller, or as large and
 * later */
static int
worse(const struct pr__pick *p, const struct pr__pick *q)
{
	int c = pr__exhibit_dec_cmp(p->rank, q->rank);

	return c < 0 || (c == 0 && p->idx > q->idx);
}

static void
picks_down(struct pr__picks *h, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, w = i;
		struct pr__pick tmp;

		if (l < h->n && worse(&h->v[l], &h->v[w]))
			w = l;
		if (r < h->n && worse(&h->v[r], &h->v[w]))
			w = r;
		if (w == i)
			return;
		tmp = h->v[i];
		h->v[i] = h->v[w];
		h->v[w] = tmp;
		i = w;
	}
}

int
pr__picks_offer(struct pr__picks *h, const char *rank, size_t idx)
{
	struct pr__pick p;
	size_t i;

	p.rank = (char *)rank;
	p.idx = idx;
	if (h->max == 0 || (h->n == h->max && !worse(&h->v[0], &p)))
		return 0;
	if (h->n == h->cap && pr__grow((void **)&h->v, &h->cap, h->n + 1,
				       sizeof(*h->v)) != 0)
		return -1;
	p.rank = pr__strdup(rank);
	if (p.rank == NULL)
		return -1;
	if (h->n == h->max) {
		pr__free(h->v[0].rank);
		h->v[0] = p;
		picks_down(h, 0);
		return 0;
	}
	i = h->n++;
	h->v[i] = p;
	while (i > 0 && worse(&h->v[i], &h->v[(i - 1) / 2])) {
		struct pr__pick tmp = h->v[i];

		h->v[i] = h->v[(i - 1) / 2];
		h->v[(i - 1) / 2] = tmp;
		i = (i - 1) / 2;
	}
	return 0;
}

static int
idx_cmp(const void *a, const void *b)
{
	size_t x = ((const struct pr__pick *)a)->idx;
	size_t y = ((const struct pr__pick *)b)->idx;

	return x < y ? -1 : x > y;
}

void
pr__picks_sort(struct pr__picks *h)
{
	if (h->n > 0)
		qsort(h->v, h->n, sizeof(*h->v), idx_cmp);
}

void
pr__picks_clear(struct pr__picks *h)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		pr__free(h->v[i].rank);
	pr__free(h->v);
	h->v = NULL;
	h->n = h->cap = 0;
}

/* Per currency, an exact sum of decimal texts (what the rows not shown
 * total): the sum of the numerators over 10^dec, dec the most decimals
 * seen. */
struct total {
	char *cur;
	mpz_t sum;
	size_t dec;
};

struct totals {
	struct total *v;
	size_t n, cap;
};

/* Add (sign > 0) or take away the decimal text v in currency cur; -1
 * when out of memory. A text that is not a number counts as 0. */
static int
totals_add(struct totals *ts, const char *cur, const char *v, int sign)
{
	const char *ip, *fp;
	size_t il, fl, i, k;
	struct total *t = NULL;
	mpz_t x;
	char *digits;

	if (!dec_parts(v, &ip, &il, &fp, &fl))
		return 0;
	for (i = 0; i < ts->n; i++)
		if (strcmp(ts->v[i].cur, cur) == 0)
			t = &ts->v[i];
	if (t == NULL) {
		if (pr__grow((void **)&ts->v, &ts->cap, ts->n + 1,
			     sizeof(*ts->v)) != 0)
			return -1;
		t = &ts->v[ts->n];
		t->cur = pr__strdup(cur);
		if (t->cur == NULL)
			return -1;
		mpz_init(t->sum);
		t->dec = 0;
		ts->n++;
	}
	digits = pr__malloc(il + fl + 2);
	if (digits == NULL)
		return -1;
	memcpy(digits, ip, il);
	memcpy(digits + il, fp, fl);
	digits[il + fl] = '\0';
	mpz_init(x);
	if (il + fl > 0)
		mpz_set_str(x, digits, 10);
	pr__free(digits);
	if (fl > t->dec) {
		for (k = t->dec; k < fl; k++)
			mpz_mul_ui(t->sum, t->sum, 10);
		t->dec = fl;
	}
	for (k = fl; k < t->dec; k++)
		mpz_mul_ui(x, x, 10);
	if ((*v == '-') != (sign < 0))
		mpz_sub(t->sum, t->sum, x);
	else
		mpz_add(t->sum, t->sum, x);
	mpz_clear(x);
	return 0;
}

static void
totals_clear(struct totals *ts)
{
	size_t i;

	for (i = 0; i < ts->n; i++) {
		pr__free(ts->v[i].cur);
		mpz_clear(ts->v[i].sum);
	}
	pr__free(ts->v);
}

/* n with a comma between thousands: 48,210 */
static void
count_out(FILE *fp, size_t n)
{
	char d[32];
	int len = snprintf(d, sizeof(d), "%zu", n), i;

	for (i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			fputc(',', fp);
		fputc(d[i], fp);
	}
}

/* The line under a table that shows only some of its rows. */
static void
rest_out(FILE *fp, const struct part *pt, const struct cap *cp,
	 size_t shown, size_t total, int ranked, const struct totals *ts)
{
	char json[64];
	const char *dot = strrchr(pt->file, '.');
	size_t i;

	fputs("<p class=\"rest\">Showing the ", fp);
	if (!ranked)
		fputs("first ", fp);
	count_out(fp, shown);
	if (ranked)
		fputs(" largest", fp);
	fputs(" of ", fp);
	count_out(fp, total);
	fprintf(fp, " %s", cp->unit);
	if (ranked)
		fprintf(fp, " (by %s)", cp->rank);
	fputs("; the other ", fp);
	count_out(fp, total - shown);
	fputs(ts->n > 0 ? " total " : " are not shown", fp);
	for (i = 0; i < ts->n; i++) {
		char *t;
		size_t len;

		t = mpz_get_str(NULL, 10, ts->v[i].sum);
		if (t == NULL)
			continue;
		if (i > 0)
			fputs(" and ", fp);
		len = strlen(t);
		if (ts->v[i].dec > 0) {
			size_t neg = t[0] == '-', dec = ts->v[i].dec;
			size_t digits = len - neg, k;

			if (neg)
				fputc('-', fp);
			if (digits <= dec) {
				fputs("0.", fp);
				for (k = digits; k < dec; k++)
					fputc('0', fp);
				fputs(t + neg, fp);
			} else {
				fwrite(t + neg, 1, digits - dec, fp);
				fputc('.', fp);
				fputs(t + len - dec, fp);
			}
		} else {
			fputs(t, fp);
		}
		fputc(' ', fp);
		esc(fp, ts->v[i].cur);
		free(t);
	}
	fputs(". Every row is in ", fp);
	esc(fp, pt->file);
	if (dot != NULL && (size_t)(dot - pt->file) + 6 < sizeof(json)) {
		snprintf(json, sizeof(json), "%.*s.json",
			 (int)(dot - pt->file), pt->file);
		if (strcmp(json, "lineage.json") != 0 &&
		    strcmp(json, "decisions.json") != 0 &&
		    strcmp(json, "designations.json") != 0) {
			fputs(" and ", fp);
			esc(fp, json);
		}
	}
	fputs(".</p>\n", fp);
}

/* A table being read a group at a time: row 0 the header, rows 1..ng
 * the group, then at most one row read ahead. */
struct reader {
	FILE *in;
	struct table t;
	size_t ng;
	int mcol, acol, gcol, pivot;
};

/* The next group into rows 1..ng: 1, 0 at the end, -1 out of memory. */
static int
next_group(struct reader *r)
{
	struct table *t = &r->t;
	int got;

	if (r->ng > 0)
		table_drop(t, 1, r->ng);
	r->ng = 0;
	if (t->nrows < 2) {
		got = table_read(t, r->in);
		if (got <= 0)
			return got;
	}
	r->ng = 1;
	for (;;) {
		size_t last = t->nrows - 1;

		if (last > r->ng) {
			int same = r->pivot ?
				   same_key(t, 1, last, r->mcol, r->acol) :
				   r->gcol >= 0 &&
				   strcmp(cell(t, 1, (size_t)r->gcol),
					  cell(t, last, (size_t)r->gcol)) == 0;

			if (!same)
				return 1;
			r->ng++;
		}
		got = table_read(t, r->in);
		if (got < 0)
			return -1;
		if (got == 0)
			return 1;
	}
}

/* The rank text of the current group: its largest value in column k. */
static const char *
group_rank(const struct reader *r, int k)
{
	const char *best = "";
	size_t q;

	for (q = 1; k >= 0 && q <= r->ng; q++)
		if (pr__exhibit_dec_cmp(cell(&r->t, q, (size_t)k), best) > 0)
			best = cell(&r->t, q, (size_t)k);
	return best;
}

/* One row of the page: the group in rows 1..ng of t. */
static void
row_out(FILE *fp, const struct pr__xctx *c, const struct part *pt,
	const struct table *t, size_t r, size_t last, const int *show,
	int nshow, const char *const *ms, size_t nm, int mcol, int acol,
	struct notes *ns)
{
	int doc = column(t, "document"), line = column(t, "line"), i;
	size_t nref = 0, j;
	unsigned refs[16];

	fputs("<tr>", fp);
	for (i = 0; i < nshow; i++) {
		const char *v = cell(t, r, (size_t)show[i]);

		/* long texts may break anywhere, so that one hash or
		 * address cannot push the table off the page */
		/* a lineage keeps its indentation: the depth of each flow
		 * in the chain */
		fputs(numeric(v) ? "<td class=\"n\">" :
		      strcmp(cell(t, 0, (size_t)show[i]), "lineage") == 0 ?
		      "<td class=\"pre\">" :
		      strlen(v) > 24 ? "<td class=\"w\">" : "<td>", fp);
		cell_text(fp, c, pt, cell(t, 0, (size_t)show[i]), v);
		fputs("</td>", fp);
		if (!pt->cite_all)
			nref = cite_text(c, ns, v, refs, nref, 16);
	}
	for (i = 0; pt->cite_all && (size_t)i < row_len(t, r); i++)
		nref = cite_text(c, ns, cell(t, r, (size_t)i), refs, nref, 16);
	for (j = 0; j < nm; j++) {
		size_t q;
		const char *v = "";

		for (q = r; q <= last; q++)
			if (strcmp(cell(t, q, (size_t)mcol), ms[j]) == 0)
				v = cell(t, q, (size_t)acol);
		fputs("<td class=\"n\">", fp);
		esc(fp, v);
		fputs("</td>", fp);
	}
	if (doc >= 0 && line >= 0 && nref < 16) {
		const char *dn = cell(t, r, (size_t)doc);
		const struct pr__xdoc *d = pr__exhibit_doc(c, dn, strlen(dn));
		const char *lv = cell(t, r, (size_t)line);
		long ln = 0;

		if (d != NULL && pr__parse_long(&ln, lv, strlen(lv), 0,
						1L << 30) == PR_OK) {
			refs[nref] = note_for(ns, d, (unsigned long)ln);
			if (refs[nref] != 0)
				nref++;
		}
	}
	refs_out(fp, refs, nref);
	fputs("</tr>\n", fp);
}

/*
 * One exhibit's table, read from its CSV file twice: first for the
 * pivot's methods and, when the table is large, which rows to show;
 * then for the rows themselves. Memory holds one group of rows and the
 * PR__HTML_ROWS picks, whatever the size of the file.
 */
static int
table_out(FILE *fp, const struct pr__xctx *c, const struct part *pt,
	  FILE *in, struct notes *ns)
{
	const struct cap *cp = cap_of(pt->file);
	struct reader r;
	struct pr__picks h = { NULL, 0, 0, PR__HTML_ROWS };
	struct totals ts = { NULL, 0, 0 };
	int show[MAX_COLS], nshow = 0, i, rk = -1, cur = -1, got;
	char *ms[16];
	size_t nm = 0, groups = 0, j, next = 0;
	int rc = -1;

	memset(&r, 0, sizeof(r));
	r.in = in;
	r.mcol = r.acol = r.gcol = -1;
	if (table_read(&r.t, in) < 0)
		goto done;
	for (i = 0; pt->cols[i] != NULL && nshow < MAX_COLS; i++)
		if (column(&r.t, pt->cols[i]) >= 0)
			show[nshow++] = column(&r.t, pt->cols[i]);
	if (pt->pivot) {
		r.mcol = column(&r.t, "method");
		r.acol = column(&r.t, "amount");
	}
	if (cp->rank != NULL)
		rk = column(&r.t, cp->rank);
	if (cp->group != NULL)
		r.gcol = column(&r.t, cp->group);
	if (!pt->pivot)
		cur = column(&r.t, "currency");
	/* first pass: the methods, the count, the picks, the totals */
	if (r.mcol >= 0 && r.acol >= 0) {
		while ((got = table_read(&r.t, in)) > 0) {
			const char *m = cell(&r.t, 1, (size_t)r.mcol);

			for (j = 0; j < nm && strcmp(ms[j], m) != 0; j++)
				;
			if (j == nm && nm < 16) {
				ms[nm] = pr__strdup(m);
				if (ms[nm] == NULL)
					goto done;
				nm++;
			}
			table_drop(&r.t, 1, 1);
		}
		if (got < 0 || fseek(in, 0, SEEK_SET) != 0)
			goto done;
		table_drop(&r.t, 0, r.t.nrows);
		if (table_read(&r.t, in) < 0)
			goto done;
	}
	r.pivot = nm > 0;
	while ((got = next_group(&r)) > 0) {
		if (pr__picks_offer(&h, group_rank(&r, r.pivot ? r.acol : rk),
				groups) != 0)
			goto done;
		if (rk >= 0 && cur >= 0 &&
		    totals_add(&ts, cell(&r.t, 1, (size_t)cur),
			       cell(&r.t, 1, (size_t)rk), 1) != 0)
			goto done;
		groups++;
	}
	if (got < 0)
		goto done;
	/* the rows shown, in the file's order */
	pr__picks_sort(&h);
	fputs("<table>\n<thead><tr>", fp);
	for (i = 0; i < nshow; i++) {
		fputs("<th>", fp);
		esc(fp, cell(&r.t, 0, (size_t)show[i]));
		fputs("</th>", fp);
	}
	for (j = 0; j < nm; j++) {
		fputs("<th class=\"n\">", fp);
		esc(fp, ms[j]);
		fputs("</th>", fp);
	}
	fputs("<th>source</th></tr></thead>\n<tbody>\n", fp);
	if (groups == 0)
		fprintf(fp, "<tr><td colspan=\"%d\">(none)</td></tr>\n",
			nshow + (int)nm + 1);
	if (groups > 0) {
		table_drop(&r.t, 0, r.t.nrows);
		r.ng = 0;
		if (fseek(in, 0, SEEK_SET) != 0 || table_read(&r.t, in) < 0)
			goto done;
	}
	for (j = 0; groups > 0 && next < h.n &&
	     (got = next_group(&r)) > 0; j++) {
		size_t q;

		if (h.v[next].idx != j)
			continue;
		next++;
		if (rk >= 0 && cur >= 0 &&
		    totals_add(&ts, cell(&r.t, 1, (size_t)cur),
			       cell(&r.t, 1, (size_t)rk), -1) != 0)
			goto done;
		if (r.pivot) {
			row_out(fp, c, pt, &r.t, 1, r.ng, show, nshow,
				(const char *const *)ms, nm, r.mcol, r.acol,
				ns);
			continue;
		}
		for (q = 1; q <= r.ng; q++)
			row_out(fp, c, pt, &r.t, q, q, show, nshow, NULL, 0,
				-1, -1, ns);
	}
	if (got < 0)
		goto done;
	fputs("</tbody>\n</table>\n", fp);
	if (groups > h.n)
		rest_out(fp, pt, cp, h.n, groups, rk >= 0 || r.pivot, &ts);
	rc = 0;
done:
	for (j = 0; j < nm; j++)
		pr__free(ms[j]);
	pr__picks_clear(&h);
	totals_clear(&ts);
	table_free(&r.t);
	return rc;
}

/* The SVG from its first "<svg" on (dot's XML prolog and comments
 * before it are left out), copied as it is read. */
static void
svg_out(FILE *fp, FILE *in)
{
	static const char tag[] = "<svg";
	char buf[8192];
	size_t got, k = 0;
	int ch;

	while (k < 4 && (ch = getc_unlocked(in)) != EOF)
		k = ch == tag[k] ? k + 1 : ch == '<';
	if (k < 4)
		return;
	fputs("<div class=\"chart\">\n<svg", fp);
	while ((got = fread(buf, 1, sizeof(buf), in)) > 0)
		fwrite(buf, 1, got, fp);
	fputs("</div>\n", fp);
}

static const char css[] =
	"@page { size: letter; margin: 16mm 12mm 18mm 12mm;\n"
	"  @bottom-center { content: \"Page \" counter(page) \" of \" "
	"counter(pages);\n"
	"    font: 8pt sans-serif; } }\n"
	"body { font: 10pt/1.35 serif; color: #000; margin: 0; }\n"
	"@media screen { body { max-width: 60em; margin: 1em auto; } }\n"
	"h1 { font-size: 16pt; } h2 { font-size: 13pt; margin-top: 0; }\n"
	"h3 { font-size: 11pt; }\n"
	"section.exhibit { break-before: page; }\n"
	"table { border-collapse: collapse; font: 7pt/1.25 sans-serif; "
	"width: 100%; }\n"
	"th, td { border: 0.5pt solid #888; padding: 1pt 3pt; "
	"vertical-align: top; text-align: left; overflow-wrap: break-word; }\n"
	"th { background: #eee; }\n"
	"td.n, th.n { text-align: right; white-space: nowrap; }\n"
	"td.w { overflow-wrap: anywhere; }\n"
	"td.pre { white-space: pre-wrap; }\n"
	"td.src { font-size: 6pt; white-space: nowrap; }\n"
	"span.cut { font-style: italic; }\n"
	"thead { display: table-header-group; }\n"
	"tr { break-inside: avoid; }\n"
	"ol.notes { font: 7pt/1.2 sans-serif; columns: 2; }\n"
	"div.chart svg { max-width: 100%; height: auto; }\n"
	"table.params { width: auto; font-size: 9pt; }\n"
	"code { font-size: 0.95em; }\n";

static const char *const param_labels[] = {
	"Tracing rule", "Victims within the tainted part",
	"Fee of a multi-output transaction", "Order within a day",
	"As of", "Through accounts that do not reconcile",
	"Matching window (business days)", "Wire fee tolerance"
};

static void
methodology(FILE *fp, const struct pr__xctx *c)
{
	const char *name;
	char v[64];
	size_t i;

	fputs("<section id=\"methodology\">\n<h2>Methodology</h2>\n", fp);
	fprintf(fp, "<p>Made by <b>%s %s</b> from the %zu documents of the "
		"source index (Exhibit 10); the chart is drawn by Graphviz ",
		PACKAGE_NAME, PACKAGE_VERSION, c->n_docs);
	esc(fp, *c->graphviz ? c->graphviz : "(unknown version)");
	fputs(". Parameters:</p>\n<table class=\"params\">\n", fp);
	for (i = 0; pr__exhibit_param(c->o, i, &name, v, sizeof(v)); i++) {
		fputs("<tr><th>", fp);
		esc(fp, param_labels[i]);
		fputs("</th><td><code>", fp);
		esc(fp, *v ? v : i == 4 ? "the last record" : "default");
		fprintf(fp, "</code></td><td><code>%s</code></td></tr>\n",
			name);
	}
	fputs("</table>\n<p>In the engine's words: ", fp);
	esc(fp, pr_trace_parameters(c->t));
	fputs(".</p>\n", fp);
	fputs("<p><b>Amounts.</b> Every amount is exact, in the smallest "
	      "unit of its currency (cent, satoshi), as the records state "
	      "it; nothing is converted to floating point. Where a rule "
	      "splits an amount among origins, whole units are apportioned "
	      "by the largest remainder, so that the parts add up exactly. "
	      "The only other rounding is the forfeiture schedule's: an "
	      "asset's proportional share (value x traced / cost) to the "
	      "unit and the shares in percent to four decimals, each once, "
	      "half up.</p>\n"
	      "<p><b>Tracing.</b> Events are taken in date order and, within "
	      "a day, in the order given above; each outflow takes from the "
	      "origins in the account by the rule. Exhibit 4 shows every "
	      "rule side by side.</p>\n"
	      "<p><b>Privacy</b> (Fed. R. Crim. P. 49.1). Victims and "
	      "defendants appear by pseudonym only; a victim's or "
	      "defendant's name found in any record, in any form the "
	      "records write it (full, initials and surname, surname and "
	      "given name or initial, in any case, spacing or accents), is "
	      "replaced by the pseudonym, or by the pseudonyms of all the "
	      "parties it may name (a business is named as the records "
	      "name it). Characters that reorder text on screen are shown "
	      "as their code point (&lt;U+202E&gt;). Account numbers "
	      "appear by their last four digits: every run of five or more "
	      "digits in an account's identity is shown as XXXX and its last "
	      "four digits, except for accounts that are themselves "
	      "forfeitable property: the items of the forfeiture schedule "
	      "(Exhibit 6)", fp);
	if (c->n_forfeitable == 0)
		fputs(" (none here)", fp);
	for (i = 0; i < c->n_forfeitable; i++) {
		fputs(i ? "; " : ": ", fp);
		esc(fp, c->forfeitable[i]);
	}
	fputs(".</p>\n"
	      "<p><b>Long texts.</b> A memo, description or reason is shown "
	      "to its first 200 characters, any other text to its first "
	      "2,000; the CSV and JSON files hold every text whole.</p>\n"
	      "<p><b>Sources.</b> A footnote gives, for each figure, the "
	      "document it comes from, the first 12 hex digits of the "
	      "document's SHA-256 (all 64 are in Exhibit 10) and the line.</p>"
	      "\n<p><b>Reproducibility.</b> These exhibits depend only on "
	      "the documents, the parameters above and the versions named: "
	      "no date, clock, machine or user enters them. The directory's "
	      "manifest.json records the parameters and the hash of every "
	      "file, SHA256SUMS can be checked with <code>sha256sum -c "
	      "SHA256SUMS</code>, and <code>proceeds verify DIR</code> "
	      "recomputes every file from the case and compares it byte for "
	      "byte.</p>\n</section>\n", fp);
}

int
pr__exhibit_html(struct pr__xctx *c, FILE *fp, pr_error *err)
{
	struct notes ns = { NULL, 0, 0, 0, NULL, 0 };
	size_t i;
	int rc = PR_OK, open = 0;

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	      "<meta charset=\"utf-8\">\n<title>Exhibits</title>\n<style>\n",
	      fp);
	fputs(css, fp);
	fputs("</style>\n</head>\n<body>\n<header>\n<h1>Exhibits</h1>\n"
	      "<p>Summary exhibits of the records listed in Exhibit 10, made "
	      "by ", fp);
	fprintf(fp, "%s %s under the tracing rule <b>", PACKAGE_NAME,
		PACKAGE_VERSION);
	esc(fp, pr_trace_method_name(c->o->trace.method));
	fputs("</b>.</p>\n<ul class=\"contents\">\n"
	      "<li><a href=\"#methodology\">Methodology</a></li>\n", fp);
	for (i = 0; i < sizeof(parts) / sizeof(*parts); i++)
		if (parts[i].number > 0) {
			fprintf(fp, "<li><a href=\"#exhibit-%d\">Exhibit %d: ",
				parts[i].number, parts[i].number);
			esc(fp, parts[i].title);
			fputs("</a></li>\n", fp);
		}
	fputs("</ul>\n</header>\n", fp);
	methodology(fp, c);
	for (i = 0; rc == PR_OK && i < sizeof(parts) / sizeof(*parts); i++) {
		const struct part *pt = &parts[i];
		FILE *in;

		if (pt->number > 0) {
			if (open) {
				notes_out(fp, &ns);
				fputs("</section>\n", fp);
			}
			fprintf(fp, "<section class=\"exhibit\" "
				"id=\"exhibit-%d\">\n<h2>Exhibit %d. ",
				pt->number, pt->number);
			esc(fp, pt->title);
			fputs("</h2>\n", fp);
			open = 1;
		}
		fputs("<p>", fp);
		esc(fp, pt->intro);
		fputs("</p>\n", fp);
		in = pr__exhibit_open(c, pt->file);
		if (in == NULL) {
			rc = pr__exhibit_file(c, pt->file) == NULL ?
			     pr__error_set(err, PR_EINVALID, "report.html "
					   "needs %s", pt->file) :
			     pr__error_sys(err, PR_EIO, errno, pt->file,
					   "read");
			break;
		}
		if (pt->cols == NULL)
			svg_out(fp, in);
		else if (table_out(fp, c, pt, in, &ns) != 0)
			rc = pr__error_set(err, PR_ENOMEM, "out of memory");
		fclose(in);
	}
	if (open) {
		notes_out(fp, &ns);
		fputs("</section>\n", fp);
	}
	fputs("</body>\n</html>\n", fp);
	pr__free(ns.v);
	pr__free(ns.slot);
	return rc;
}
