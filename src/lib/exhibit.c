/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Exhibits: every file made from a table of sections through the
 * privacy redaction (redact.c), manifest.json and SHA256SUMS, each
 * written to the directory as it is made (or kept in memory); checking
 * a directory against the case. */
#define _GNU_SOURCE 1 /* fopencookie */
#include "config.h"
#include "common.h"
#include "exhibit.h"
#include "store.h"
#include "tmpdir.h"
#include "trace_priv.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <jansson.h>

/*
 * Design. A section is a (file name, writer) pair; the writer prints
 * into a stream that redacts each line (pr_redact_stream: names by
 * pseudonym, account numbers masked outside forfeitable accounts, bidi
 * controls marked) on its way out, where it is hashed and counted and
 * then written to its file in the working directory (pr_exhibit_make)
 * or kept in memory (pr_exhibit_build, for verify and the API). Memory
 * therefore holds one section's own data, never the files: at 10^6
 * flows they are gigabytes. Later sections may read earlier files back
 * (the SVG is made from the DOT, the HTML from the CSVs, a group of rows
 * at a time), so the table is in dependency order; the files are sorted
 * by name at the end. manifest.json and SHA256SUMS come last, over
 * everything else, from the sizes and hashes taken on the way. Nothing
 * here reads the clock, the locale, the host, the user or a path: the
 * same case, options, engine and Graphviz give the same bytes, which is
 * what pr_exhibit_verify relies on.
 */

#define MAX_FILE ((size_t)1 << 31) /* one exhibit file, at most 2 GiB */

/* ---- small helpers ---- */

const struct pr__xfile *
pr__exhibit_file(const struct pr__xctx *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->x->n; i++)
		if (strcmp(c->x->files[i].name, name) == 0)
			return &c->x->files[i];
	return NULL;
}

const struct pr__xdoc *
pr__exhibit_doc(const struct pr__xctx *c, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < c->n_docs; i++)
		if (strlen(c->docs[i].name) == len &&
		    memcmp(c->docs[i].name, name, len) == 0)
			return &c->docs[i];
	return NULL;
}

static const char *const intraday_names[] = {
	"statement", "credits-first", "debits-first"
};

/*
 * The i-th parameter of the exhibits as (name, value text): the manifest
 * records them, the HTML methodology lists them, verify reads them back.
 * Returns 0 past the last. An empty as-of means the last record, an empty
 * fee tolerance the matcher's default.
 */
int
pr__exhibit_param(const pr_exhibit_options *o, size_t i, const char **name,
		  char *value, size_t size)
{
	static const char *const names[] = {
		"method", "victims", "fee", "intraday", "as_of",
		"allow_unreconciled", "window", "fee_tolerance"
	};
	const pr_trace_options *t = &o->trace;
	const pr_match_options *mo = &o->match;
	const char *v = "";
	char d[16];

	if (i >= sizeof(names) / sizeof(names[0]))
		return 0;
	*name = names[i];
	switch (i) {
	case 0:
		v = pr_trace_method_name(t->method);
		break;
	case 1:
		v = t->victims_fifo ? "fifo" : "pro-rata";
		break;
	case 2:
		v = t->fee_pro_rata ? "pro-rata" : "last-output";
		break;
	case 3:
		v = intraday_names[t->intraday];
		break;
	case 4:
		if (t->has_as_of) {
			pr_date_format(d, t->as_of);
			v = d;
		}
		break;
	case 5:
		v = t->allow_unreconciled ? "yes" : "no";
		break;
	case 6:
		snprintf(value, size, "%d", mo->window);
		return 1;
	default:
		v = mo->fee_tolerance ? mo->fee_tolerance : "";
		break;
	}
	snprintf(value, size, "%s", v ? v : "");
	return 1;
}

/* ---- the sections ---- */

/* The commands' own reports, in the format the section asks for. */

static int
w_recon(struct pr__xctx *c, FILE *fp, pr_format f, pr_error *err)
{
	return pr_report_recon_flows(fp, c->recon, c->flows, f, err);
}

static int
w_flows(struct pr__xctx *c, FILE *fp, pr_format f, pr_error *err)
{
	return pr_report_flows(fp, c->flows, f, 0, err);
}

static int
w_trace(struct pr__xctx *c, FILE *fp, pr_format f, pr_error *err)
{
	return pr_report_trace(fp, c->t, f, err);
}

static int
w_compare(struct pr__xctx *c, FILE *fp, pr_format f, pr_error *err)
{
	return pr_report_trace_compare(fp, c->tr, PR_METHOD_COUNT, f, err);
}

static int
w_schedule(struct pr__xctx *c, FILE *fp, pr_format f, pr_error *err)
{
	return pr_report_schedule(fp, c->schedule, f, err);
}

static int
w_restitution(struct pr__xctx *c, FILE *fp, pr_format f, pr_error *err)
{
	return pr_report_restitution(fp, c->restitution, f, err);
}

/* The remission of what the schedule forfeits as the victims' proceeds
 * (in dollars), no costs: the split a court would start from. */
static int
w_remission(struct pr__xctx *c, FILE *fp, pr_format f, pr_error *err)
{
	mpz_t fund, costs;
	int rc;

	mpz_init_set_si(fund, (long)pr_schedule_forfeited(c->schedule,
							  "USD"));
	mpz_init(costs);
	rc = pr_report_remission(fp, c->restitution, fund, costs, f, err);
	mpz_clear(fund);
	mpz_clear(costs);
	return rc;
}

/* run_section writes through a pr__xwriter: a report section's function
 * and format wait in the context */
static int
w_report(struct pr__xctx *c, FILE *fp, pr_error *err)
{
	return c->report(c, fp, c->format, err);
}

static const char *const source_head[] = {
	"document", "kind", "bytes", "sha256", "records", "profile",
	"profile_sha256"
};

/* The source index (Fed. R. Evid. 1006): every input, by name only. */
static int
w_sources_csv(struct pr__xctx *c, FILE *fp, pr_error *err)
{
	char size[24], recs[24];
	size_t i;

	(void)err;
	pr__csv_row(fp, source_head, 7);
	for (i = 0; i < c->n_docs; i++) {
		const struct pr__xdoc *d = &c->docs[i];
		const char *cells[7];

		snprintf(size, sizeof(size), "%llu",
			 (unsigned long long)d->size);
		snprintf(recs, sizeof(recs), "%llu",
			 (unsigned long long)d->records);
		cells[0] = d->name;
		cells[1] = d->kind;
		cells[2] = size;
		cells[3] = d->sha256;
		cells[4] = recs;
		cells[5] = d->profile;
		cells[6] = d->profile_sha256;
		pr__csv_row(fp, cells, 7);
	}
	return PR_OK;
}

static json_t *
sources_json(const struct pr__xctx *c)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; arr != NULL && i < c->n_docs; i++) {
		const struct pr__xdoc *d = &c->docs[i];

		json_array_append_new(arr, json_pack(
			"{s:s, s:s, s:I, s:s, s:I, s:s, s:s}",
			"document", d->name, "kind", d->kind,
			"bytes", (json_int_t)d->size, "sha256", d->sha256,
			"records", (json_int_t)d->records,
			"profile", d->profile,
			"profile_sha256", d->profile_sha256));
	}
	return arr;
}

static int
dump_json(FILE *fp, json_t *root, pr_error *err)
{
	int rc;

	if (root == NULL)
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	rc = json_dumpf(root, fp, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', fp);
	json_decref(root);
	if (rc != 0)
		return pr__error_set(err, PR_ENOMEM, "cannot encode JSON");
	return PR_OK;
}

static int
w_sources_json(struct pr__xctx *c, FILE *fp, pr_error *err)
{
	return dump_json(fp, json_pack("{s:o}", "sources", sources_json(c)),
			 err);
}

/* A query's rows as CSV: every column as text, NULL as empty, dates
 * (the columns named in date_cols, 0-based bits) as YYYY-MM-DD. */
static int
query_csv(struct pr__xctx *c, FILE *fp, const char *sql,
	  const char *const *head, int n, unsigned date_cols, pr_error *err)
{
	sqlite3_stmt *s = NULL;
	const char *cells[16];
	char dates[16][16];
	int k, step;

	if (sqlite3_prepare_v2(c->st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return pr__store_dberr(c->st, err, "exhibit");
	pr__csv_row(fp, head, (size_t)n);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		for (k = 0; k < n; k++) {
			cells[k] = (const char *)sqlite3_column_text(s, k);
			if ((date_cols >> k & 1) &&
			    sqlite3_column_type(s, k) == SQLITE_INTEGER) {
				pr_date_format(dates[k], (pr_date)
					       sqlite3_column_int(s, k));
				cells[k] = dates[k];
			}
		}
		pr__csv_row(fp, cells, (size_t)n);
	}
	sqlite3_finalize(s);
	if (step != SQLITE_DONE)
		return pr__store_dberr(c->st, err, "exhibit");
	return PR_OK;
}

static int
w_decisions_csv(struct pr__xctx *c, FILE *fp, pr_error *err)
{
	static const char *const head[] = {
		"document", "line", "action", "subject", "other", "reason"
	};

	return query_csv(c, fp, "SELECT d.name, x.line, x.action,"
			 " x.subject, x.other, x.reason FROM decision x"
			 " JOIN document d ON d.id = x.document_id"
			 " ORDER BY x.document_id, x.line, x.id", head, 6, 0,
			 err);
}

static int
w_designations_csv(struct pr__xctx *c, FILE *fp, pr_error *err)
{
	static const char *const head[] = {
		"document", "line", "origin", "by", "pattern", "account",
		"from", "to", "reason", "source"
	};

	return query_csv(c, fp, "SELECT d.name, x.line, x.origin, x.kind,"
			 " x.pattern, x.account, x.start_date, x.end_date,"
			 " x.reason, x.source FROM designation x"
			 " JOIN document d ON d.id = x.document_id"
			 " ORDER BY x.document_id, x.line, x.id", head, 10,
			 1u << 6 | 1u << 7, err);
}

/*
 * How each victim's money reached each scheduled asset and wallet (the
 * accounts' inflows are cited in the schedule's support): the trace's
 * lineage of the item, under the chosen rule, one line per row, from the
 * movements the chosen rule's trace kept.
 */
static int
w_lineage_csv(struct pr__xctx *c, FILE *fp, pr_error *err)
{
	static const char *const head[] = { "item", "holder", "step",
					    "lineage" };
	const pr_schedule *s = c->schedule;
	pr_trace *lt = NULL;
	size_t i, k;
	int rc = PR_OK;

	pr__csv_row(fp, head, 4);
	for (i = 0; i < s->n_items && rc == PR_OK; i++) {
		const pr_schedule_item *it = &s->items[i];
		pr_lineage *l = NULL;
		char num[16], step[24], text[1400];

		if (it->cls == PR_CLASS_BANK_FUNDS || it->traced_total <= 0)
			continue;
		/* the chosen rule once more, keeping every movement, when
		 * an item has a lineage to show (an asset, a wallet): a
		 * lineage walks back through any holder */
		if (lt == NULL) {
			pr_trace_options to = c->o->trace;

			to.lineage = NULL;
			to.keep_movements = 1;
			if ((rc = pr_trace_run(&lt, c->flows, &to, err)) !=
			    PR_OK)
				break;
		}
		rc = pr_trace_lineage_of(&l, lt, it->holder, err);
		snprintf(num, sizeof(num), "%u", it->number);
		/* step 0 names the holder: the holder column says it */
		for (k = 1; rc == PR_OK && k < pr_lineage_count(l); k++) {
			const char *cells[4];

			snprintf(step, sizeof(step), "%zu", k);
			cells[0] = num;
			cells[1] = it->holder;
			cells[2] = step;
			cells[3] = pr_lineage_text(pr_lineage_get(l, k), text,
						   sizeof(text));
			pr__csv_row(fp, cells, 4);
		}
		pr_lineage_free(l);
	}
	pr_trace_free(lt);
	return rc;
}

/*
 * The sections, in the order they are made (a writer may read the files
 * of the rows above it). A new exhibit is one row here, and for the HTML
 * page one row in exhibit_html.c.
 */
static const struct section {
	const char *name;
	pr__xwriter fn;         /* a file of its own, or ... */
	int (*report)(struct pr__xctx *, FILE *, pr_format, pr_error *);
	pr_format format;       /* ... a report in this format */
} sections[] = {
	{ "reconcile.csv", NULL, w_recon, PR_FORMAT_CSV },
	{ "reconcile.json", NULL, w_recon, PR_FORMAT_JSON },
	{ "flows.csv", NULL, w_flows, PR_FORMAT_CSV },
	{ "flows.json", NULL, w_flows, PR_FORMAT_JSON },
	{ "trace.csv", NULL, w_trace, PR_FORMAT_CSV },
	{ "trace.json", NULL, w_trace, PR_FORMAT_JSON },
	{ "compare.csv", NULL, w_compare, PR_FORMAT_CSV },
	{ "compare.json", NULL, w_compare, PR_FORMAT_JSON },
	{ "schedule.csv", NULL, w_schedule, PR_FORMAT_CSV },
	{ "schedule.json", NULL, w_schedule, PR_FORMAT_JSON },
	{ "lineage.csv", w_lineage_csv, NULL, PR_FORMAT_CSV },
	{ "restitution.csv", NULL, w_restitution, PR_FORMAT_CSV },
	{ "restitution.json", NULL, w_restitution, PR_FORMAT_JSON },
	{ "remission.csv", NULL, w_remission, PR_FORMAT_CSV },
	{ "remission.json", NULL, w_remission, PR_FORMAT_JSON },
	{ "sources.csv", w_sources_csv, NULL, PR_FORMAT_CSV },
	{ "sources.json", w_sources_json, NULL, PR_FORMAT_JSON },
	{ "decisions.csv", w_decisions_csv, NULL, PR_FORMAT_CSV },
	{ "designations.csv", w_designations_csv, NULL, PR_FORMAT_CSV },
	{ "flow-of-funds.dot", pr__exhibit_dot, NULL, PR_FORMAT_TABLE },
	{ "flow-of-funds.svg", pr__exhibit_svg, NULL, PR_FORMAT_TABLE },
	{ "report.html", pr__exhibit_html, NULL, PR_FORMAT_TABLE },
};

/* ---- building ---- */

static int
has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

/*
 * Where a file goes as the redaction lets its lines through: hashed and
 * counted on the way, then either written to fd (the working directory:
 * nothing of the file stays in memory) or kept in buf (fd < 0). A write
 * error is kept in e (errno) and fails the stream; so does a file past
 * MAX_FILE (e = EFBIG).
 */
struct xsink {
	pr_sha256 *h;
	int fd;
	unsigned char *buf;
	size_t n, cap;
	uint64_t size;
	int e;          /* errno of a failed write */
	int too_big;    /* past MAX_FILE */
	int discard;    /* in memory, but only hashed and counted */
};

static ssize_t
xs_write(void *cookie, const char *data, size_t size)
{
	struct xsink *s = cookie;
	size_t done = 0;

	if (s->size + size > MAX_FILE) {
		s->too_big = 1;
		errno = EFBIG;
		return 0;
	}
	pr_sha256_update(s->h, data, size);
	s->size += size;
	if (s->discard)
		return (ssize_t)size;
	if (s->fd < 0) {
		if (pr__grow((void **)&s->buf, &s->cap, s->n + size + 1,
			     1) != 0) {
			s->e = ENOMEM;
			errno = ENOMEM;
			return 0;
		}
		memcpy(s->buf + s->n, data, size);
		s->n += size;
		s->buf[s->n] = '\0';
		return (ssize_t)size;
	}
	while (done < size) {
		ssize_t w = write(s->fd, data + done, size - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			s->e = w < 0 ? errno : ENOSPC;
			errno = s->e;
			return 0;
		}
		done += (size_t)w;
	}
	return (ssize_t)size;
}

static int
add_file(pr_exhibit *x, const char *name, struct xsink *s)
{
	char *nm = pr__strdup(name);
	struct pr__xfile *f;

	if (nm == NULL || pr__grow((void **)&x->files, &x->cap, x->n + 1,
				   sizeof(*x->files)) != 0) {
		pr__free(nm);
		return PR_ENOMEM;
	}
	f = &x->files[x->n++];
	f->name = nm;
	f->data = s->buf;
	f->size = (size_t)s->size;
	pr_sha256_final_hex(s->h, f->sha256);
	s->buf = NULL;
	return PR_OK;
}

static char *join(const char *dir, const char *name);

/* PR_EIO for a file of the directory, named as pr__file_write names it
 * (DIR/NAME) */
static int
file_err(const struct pr__xctx *c, pr_error *err, int e, const char *name,
	 const char *what)
{
	char *shown = join(c->x->dir ? c->x->dir : ".", name);
	int rc;

	if (shown == NULL)
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	rc = pr__error_sys(err, PR_EIO, e, shown, what);
	pr__free(shown);
	return rc;
}

/*
 * Run one writer through the redaction into its file, and record the
 * file. With a working directory (x->dirfd) the file is created there
 * (O_EXCL, never through a link), written as the writer goes, and synced
 * before the next section starts, so that memory does not grow with the
 * size of the exhibits; otherwise it is kept in memory. The redaction
 * sees whole lines (pr_redact_stream holds back an unfinished one).
 */
static int
run_section(struct pr__xctx *c, pr_redact *rd, const char *name,
	    pr__xwriter fn, pr_error *err)
{
	cookie_io_functions_t io = { NULL, xs_write, NULL, NULL };
	struct xsink s;
	FILE *fp = NULL, *xf = NULL;
	int rc, bad;

	memset(&s, 0, sizeof(s));
	s.fd = -1;
	s.discard = c->x->dirfd < 0 && c->x->lean &&
		    !has_suffix(name, ".csv") && !has_suffix(name, ".dot") &&
		    !has_suffix(name, ".svg");
	if (pr_sha256_new(&s.h, err) != PR_OK)
		return PR_ENOMEM;
	if (c->x->dirfd >= 0) {
		s.fd = openat(c->x->dirfd, name, O_WRONLY | O_CREAT |
			      O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
		if (s.fd < 0) {
			rc = file_err(c, err, errno, name, "cannot create");
			goto done;
		}
	}
	fp = fopencookie(&s, "w", io);
	if (fp != NULL)
		xf = pr_redact_stream(rd, fp, has_suffix(name, ".csv") ?
				      PR_REDACT_CSV : 0);
	if (xf == NULL) {
		rc = pr__error_set(err, PR_ENOMEM, "out of memory");
		goto done;
	}
	/* whole lines pass the redaction: a buffer of a few pages is
	 * enough, and writes of that size suit the file system */
	setvbuf(fp, NULL, _IOFBF, 1 << 16);
	rc = fn(c, xf, err);
	bad = fclose(xf) != 0;
	xf = NULL;
	bad |= fclose(fp) != 0;
	fp = NULL;
	/* a writer that saw its stream fail says "output: write": the
	 * file's own error says what failed, and where */
	if (rc != PR_OK && s.e == 0 && !s.too_big)
		goto done;
	if (bad || s.e != 0 || s.too_big) {
		if (s.too_big)
			rc = pr__error_set(err, PR_EINVALID, "%s would be "
					   "larger than 2 GiB", name);
		else if (s.e == ENOMEM || s.e == 0)
			rc = pr__error_set(err, PR_ENOMEM, "out of memory");
		else
			rc = file_err(c, err, s.e, name, "write");
		goto done;
	}
	if (s.fd >= 0 && fsync(s.fd) != 0) {
		rc = file_err(c, err, errno, name, "write");
		goto done;
	}
	if (s.fd < 0 && !s.discard && s.buf == NULL) {
		/* an empty file in memory is still a buffer */
		s.buf = pr__malloc(1);
		if (s.buf == NULL) {
			rc = pr__error_set(err, PR_ENOMEM, "out of memory");
			goto done;
		}
		s.buf[0] = '\0';
	}
	if (add_file(c->x, name, &s) != PR_OK)
		rc = pr__error_set(err, PR_ENOMEM, "out of memory");
done:
	if (xf != NULL)
		fclose(xf);
	if (fp != NULL)
		fclose(fp);
	if (s.fd >= 0 && close(s.fd) != 0 && rc == PR_OK)
		rc = file_err(c, err, errno, name, "write");
	pr__free(s.buf);
	pr_sha256_free(s.h);
	return rc;
}

FILE *
pr__exhibit_open(const struct pr__xctx *c, const char *name)
{
	const struct pr__xfile *f = pr__exhibit_file(c, name);
	FILE *fp;
	int fd;

	if (f == NULL) {
		errno = ENOENT;
		return NULL;
	}
	if (f->data != NULL)
		return fmemopen(f->data, f->size, "r");
	fd = openat(c->x->dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	fp = fdopen(fd, "r");
	if (fp == NULL)
		close(fd);
	return fp;
}

static void
sha_hex(char hex[PR_SHA256_HEX], const void *data, size_t n)
{
	pr_sha256 *h = NULL;

	hex[0] = '\0';
	if (pr_sha256_new(&h, NULL) != PR_OK)
		return;
	pr_sha256_update(h, data, n);
	pr_sha256_final_hex(h, hex);
	pr_sha256_free(h);
}

static int
file_cmp(const void *a, const void *b)
{
	const struct pr__xfile *x = a, *y = b;

	return strcmp(x->name, y->name);
}

/* manifest.json: the engine, every parameter, the inputs, the files. */
static int
w_manifest(struct pr__xctx *c, FILE *fp, pr_error *err)
{
	json_t *root, *par = json_object(), *files = json_array();
	char v[64];
	const char *name;
	size_t i;

	for (i = 0; pr__exhibit_param(c->o, i, &name, v, sizeof(v)); i++)
		json_object_set_new(par, name, json_string(v));
	for (i = 0; i < c->x->n; i++) {
		const struct pr__xfile *f = &c->x->files[i];

		json_array_append_new(files, json_pack("{s:s, s:I, s:s}",
			"name", f->name, "bytes", (json_int_t)f->size,
			"sha256", f->sha256));
	}
	root = json_pack("{s:s, s:s, s:s, s:o, s:s, s:o, s:o}",
			 "engine", PACKAGE_NAME, "version", PACKAGE_VERSION,
			 "graphviz", c->graphviz, "parameters", par,
			 "trace_parameters", pr_trace_parameters(c->t),
			 "inputs", sources_json(c), "files", files);
	return dump_json(fp, root, err);
}

/* SHA256SUMS as sha256sum -c reads it: every other file, by name. */
static int
w_sums(struct pr__xctx *c, FILE *fp, pr_error *err)
{
	size_t i;

	(void)err;
	for (i = 0; i < c->x->n; i++)
		fprintf(fp, "%s  %s\n", c->x->files[i].sha256,
			c->x->files[i].name);
	return PR_OK;
}

static int
load_docs(struct pr__xctx *c, pr_error *err)
{
	sqlite3_stmt *s = NULL;
	size_t cap = 0;
	int step, rc = PR_OK;

	if (sqlite3_prepare_v2(c->st->db, "SELECT name, kind, sha256,"
			       " profile, profile_sha256, size, records"
			       " FROM document ORDER BY id", -1, &s,
			       NULL) != SQLITE_OK)
		return pr__store_dberr(c->st, err, "documents");
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct pr__xdoc *d;
		char **f[5];
		int k;

		if (pr__grow((void **)&c->docs, &cap, c->n_docs + 1,
			     sizeof(*c->docs)) != 0) {
			rc = PR_ENOMEM;
			break;
		}
		d = &c->docs[c->n_docs++];
		memset(d, 0, sizeof(*d));
		f[0] = &d->name;
		f[1] = &d->kind;
		f[2] = &d->sha256;
		f[3] = &d->profile;
		f[4] = &d->profile_sha256;
		for (k = 0; k < 5; k++) {
			const char *t = (const char *)sqlite3_column_text(s,
									  k);

			*f[k] = pr__strdup(t ? t : "");
			if (*f[k] == NULL)
				rc = PR_ENOMEM;
		}
		d->size = (uint64_t)sqlite3_column_int64(s, 5);
		d->records = (uint64_t)sqlite3_column_int64(s, 6);
		if (rc != PR_OK)
			break;
	}
	if (rc == PR_OK && step != SQLITE_DONE)
		rc = pr__store_dberr(c->st, err, "documents");
	sqlite3_finalize(s);
	if (rc == PR_ENOMEM)
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	return rc;
}

/* The accounts and addresses on the forfeiture schedule (by name
 * without currency): forfeitable property, named in full. */
static int
load_forfeitable(struct pr__xctx *c, pr_error *err)
{
	const pr_schedule *s = c->schedule;
	size_t i, cap = 0;

	for (i = 0; i < s->n_items; i++) {
		if (pr__grow((void **)&c->forfeitable, &cap,
			     c->n_forfeitable + 1, sizeof(char *)) != 0)
			return pr__error_set(err, PR_ENOMEM, "out of memory");
		c->forfeitable[c->n_forfeitable] =
			pr__strdup(s->items[i].name);
		if (c->forfeitable[c->n_forfeitable] == NULL)
			return pr__error_set(err, PR_ENOMEM, "out of memory");
		c->n_forfeitable++;
	}
	return PR_OK;
}

static void
ctx_clear(struct pr__xctx *c)
{
	size_t i;
	int m;

	pr_schedule_free(c->schedule);
	pr_restitution_free(c->restitution);
	for (m = 0; m < PR_METHOD_COUNT; m++)
		pr_trace_free(c->tr[m]);
	pr_flows_free(c->flows);
	for (i = 0; i < c->n_docs; i++) {
		pr__free(c->docs[i].name);
		pr__free(c->docs[i].kind);
		pr__free(c->docs[i].sha256);
		pr__free(c->docs[i].profile);
		pr__free(c->docs[i].profile_sha256);
	}
	pr__free(c->docs);
	for (i = 0; i < c->n_forfeitable; i++)
		pr__free(c->forfeitable[i]);
	pr__free(c->forfeitable);
}

/*
 * Make every file into x: in memory, or into x->dirfd as each is made.
 * The sections run in dependency order; the files are sorted by name
 * before manifest.json (which lists them) and SHA256SUMS (which lists
 * the manifest too) are made, each from the sizes and hashes taken as
 * the files were written.
 */
static int
build(pr_exhibit *x, pr_store *st, const pr_exhibit_options *o,
      pr_error *err)
{
	pr_redact_options ro = PR_REDACT_OPTIONS_INIT;
	struct pr__xctx c;
	pr_redact *rd = NULL;
	pr_trace_options to;
	size_t i;
	int rc = PR_OK, m;

	memset(&c, 0, sizeof(c));
	c.st = st;
	c.o = o;
	c.x = x;
	to = o->trace;
	to.lineage = NULL;
	/* one flow graph, traced once under each rule: the chosen rule's
	 * trace keeps what the schedule cites, and the schedule, the
	 * restitution and every section read these (the lineages trace
	 * the rule once more, keeping every movement, when an asset has
	 * one: w_lineage_csv) */
	rc = pr_flows_build(&c.flows, st, &o->match, err);
	if (rc == PR_OK)
		c.recon = pr_flows_recon(c.flows);
	for (m = 0; rc == PR_OK && m < PR_METHOD_COUNT; m++) {
		to.method = (pr_trace_method)m;
		to.keep_movements = 0;
		rc = m == (int)o->trace.method ?
		     pr__trace_run_citing(&c.tr[m], c.flows, &to, err) :
		     pr_trace_run(&c.tr[m], c.flows, &to, err);
	}
	if (rc != PR_OK)
		goto done;
	c.t = c.tr[o->trace.method];
	rc = pr_schedule_of(&c.schedule, c.t, c.tr[PR_METHOD_POISON], err);
	if (rc == PR_OK) {
		pr_restitution_options ro = PR_RESTITUTION_OPTIONS_INIT;

		ro.trace = o->trace;
		ro.trace.lineage = NULL;
		rc = pr_restitution_run(&c.restitution, st, c.t, &ro, err);
	}
	if (rc != PR_OK)
		goto done;
	x->reconciled = pr_recon_ok(c.recon) &&
			pr_flows_issue_count(c.flows) == 0;
	rc = load_docs(&c, err);
	if (rc == PR_OK)
		rc = load_forfeitable(&c, err);
	/* Fed. R. Crim. P. 49.1: names by pseudonym, account numbers by
	 * their last four digits unless the account is forfeitable */
	ro.accounts = 1;
	ro.keep = (const char *const *)c.forfeitable;
	ro.n_keep = c.n_forfeitable;
	if (rc == PR_OK)
		rc = pr_redact_new(&rd, st, &ro, err);
	for (i = 0; rc == PR_OK && i < sizeof(sections) / sizeof(*sections);
	     i++) {
		c.report = sections[i].report;
		c.format = sections[i].format;
		rc = run_section(&c, rd, sections[i].name, c.report ?
				 w_report : sections[i].fn, err);
	}
	if (rc != PR_OK)
		goto done;
	qsort(x->files, x->n, sizeof(*x->files), file_cmp);
	rc = run_section(&c, rd, "manifest.json", w_manifest, err);
	if (rc == PR_OK) {
		qsort(x->files, x->n, sizeof(*x->files), file_cmp);
		rc = run_section(&c, rd, "SHA256SUMS", w_sums, err);
	}
	if (rc == PR_OK)
		qsort(x->files, x->n, sizeof(*x->files), file_cmp);
done:
	pr_redact_free(rd);
	ctx_clear(&c);
	return rc;
}

static int
check_options(pr_store *st, const pr_exhibit_options *o, pr_error *err)
{
	if (st == NULL || o == NULL)
		return pr__error_set(err, PR_EINVALID, "no case or options");
	if ((unsigned)o->trace.method >= PR_METHOD_COUNT ||
	    (unsigned)o->trace.intraday > PR_INTRADAY_DEBITS_FIRST)
		return pr__error_set(err, PR_EINVALID, "bad trace options");
	return PR_OK;
}

/* pr_exhibit_build; lean: keep in memory only what a later section
 * reads, and of every other file its size and hash (verify's way) */
static int
build_mem(pr_exhibit **out, pr_store *st, const pr_exhibit_options *o,
	  int lean, pr_error *err)
{
	pr_exhibit *x;
	int rc;

	if (out != NULL)
		*out = NULL;
	if (out == NULL)
		return pr__error_set(err, PR_EINVALID, "no case or options");
	rc = check_options(st, o, err);
	if (rc != PR_OK)
		return rc;
	x = pr__calloc(1, sizeof(*x));
	if (x == NULL)
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	x->dirfd = -1;
	x->lean = lean;
	rc = build(x, st, o, err);
	if (rc != PR_OK) {
		pr_exhibit_free(x);
		return rc;
	}
	*out = x;
	return PR_OK;
}

int
pr_exhibit_build(pr_exhibit **out, pr_store *st,
		 const pr_exhibit_options *o, pr_error *err)
{
	return build_mem(out, st, o, 0, err);
}

size_t
pr_exhibit_count(const pr_exhibit *x)
{
	return x ? x->n : 0;
}

const char *
pr_exhibit_name(const pr_exhibit *x, size_t i)
{
	return x && i < x->n ? x->files[i].name : NULL;
}

const unsigned char *
pr_exhibit_data(const pr_exhibit *x, size_t i, size_t *size_out)
{
	if (x == NULL || i >= x->n)
		return NULL;
	if (size_out != NULL)
		*size_out = x->files[i].size;
	return x->files[i].data;
}

int
pr_exhibit_reconciled(const pr_exhibit *x)
{
	return x != NULL && x->reconciled;
}

void
pr_exhibit_free(pr_exhibit *x)
{
	size_t i;

	if (x == NULL)
		return;
	for (i = 0; i < x->n; i++) {
		pr__free(x->files[i].name);
		pr__free(x->files[i].data);
	}
	pr__free(x->files);
	pr__free(x);
}

/* ---- the directory ---- */

static char *
join(const char *dir, const char *name)
{
	size_t a = strlen(dir), b = strlen(name);
	char *p = pr__malloc(a + b + 2);

	if (p == NULL)
		return NULL;
	memcpy(p, dir, a);
	p[a] = '/';
	memcpy(p + a + 1, name, b + 1);
	return p;
}

/* What is at the target: nothing (or an empty directory) to take its
 * place, an earlier exhibit to replace (--force), or something that
 * stays. Looked at without following a link. */
enum target { T_NEW, T_REPLACE };

static int
target_state(enum target *out, int parent, const char *base,
	     const char *dir, int force, pr_error *err)
{
	struct stat sb;
	int fd, has_sums, empty = 1;
	DIR *d;
	struct dirent *e;

	*out = T_NEW;
	if (fstatat(parent, base, &sb, AT_SYMLINK_NOFOLLOW) != 0) {
		if (errno == ENOENT)
			return PR_OK;
		return pr__error_sys(err, PR_EIO, errno, dir, "cannot read");
	}
	if (S_ISLNK(sb.st_mode))
		return pr__error_set(err, PR_EEXISTS, "%s is a symbolic "
				     "link: give the directory itself", dir);
	if (!S_ISDIR(sb.st_mode))
		return pr__error_set(err, PR_EEXISTS, "%s exists and is not "
				     "a directory", dir);
	fd = openat(parent, base, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC);
	d = fd < 0 ? NULL : fdopendir(fd);
	if (d == NULL) {
		if (fd >= 0)
			close(fd);
		return pr__error_sys(err, PR_EIO, errno, dir, "cannot read");
	}
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 &&
		    strcmp(e->d_name, "..") != 0)
			empty = 0;
	has_sums = fstatat(dirfd(d), "SHA256SUMS", &sb,
			   AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(sb.st_mode);
	closedir(d);
	if (empty)
		return PR_OK;
	if (!force)
		return pr__error_set(err, PR_EEXISTS, "%s exists and is not "
				     "empty (--force replaces it)", dir);
	/* --force replaces an exhibit directory whole; never a directory
	 * that does not look like one, which it would delete */
	if (!has_sums)
		return pr__error_set(err, PR_EEXISTS, "%s is not an exhibit "
				     "directory (no SHA256SUMS): --force "
				     "replaces only exhibits", dir);
	*out = T_REPLACE;
	return PR_OK;
}

/*
 * Nothing half-written, nothing through a link: every file is written
 * (O_EXCL, so never through a planted link) and synced into "new" inside
 * a locked working directory beside DIR; then "new" takes DIR's place by
 * one rename, which either replaces an empty DIR or creates it. With
 * --force an earlier exhibit is swapped out in one step (renameat2
 * RENAME_EXCHANGE) or, where the system cannot, moved into the working
 * directory first, so that a crash between the two renames leaves no
 * DIR rather than a mixed one. The old exhibit, and any failure's
 * partial files, go with the working directory: an earlier exhibit is
 * never touched until the new one is complete. A process killed at work
 * leaves ".DIR.proceeds-PID-N", removed by the next write to DIR.
 */
/* The working directory of a write: "new" inside t, open as newfd. */
struct xdir {
	pr__tmpdir t;
	enum target state;
	int newfd;
	int open;
};

/* Make the working directory for dir and "new" in it, after checking
 * what is at dir now. On failure nothing is left behind. */
static int
xdir_begin(struct xdir *w, const char *dir, int force, pr_error *err)
{
	int rc;

	memset(w, 0, sizeof(*w));
	w->newfd = -1;
	rc = pr__tmpdir_open(&w->t, dir, err);
	if (rc != PR_OK)
		return rc;
	w->open = 1;
	rc = target_state(&w->state, w->t.parent, w->t.base, dir, force,
			  err);
	if (rc != PR_OK)
		return rc;
	if (mkdirat(w->t.fd, "new", 0777) != 0 ||
	    (w->newfd = openat(w->t.fd, "new", O_RDONLY | O_DIRECTORY |
			       O_NOFOLLOW | O_CLOEXEC)) < 0)
		return pr__error_sys(err, PR_EIO, errno, dir,
				     "cannot create");
	return PR_OK;
}

/* "new", every file in it synced, takes dir's place (see
 * pr_exhibit_write). */
static int
xdir_commit(struct xdir *w, const char *dir, pr_error *err)
{
	pr__tmpdir *t = &w->t;

	if (fsync(w->newfd) != 0)
		return pr__error_sys(err, PR_EIO, errno, dir, "write");
	if (w->state == T_REPLACE &&
	    pr__rename_exchange(t->fd, "new", t->parent, t->base) != 0) {
		if (errno != EINVAL && errno != ENOSYS)
			return pr__error_sys(err, PR_EIO, errno, dir,
					     "cannot replace");
		if (renameat(t->parent, t->base, t->fd, "old") != 0)
			return pr__error_sys(err, PR_EIO, errno, dir,
					     "cannot replace");
		w->state = T_NEW;
	}
	if (w->state == T_NEW &&
	    renameat(t->fd, "new", t->parent, t->base) != 0)
		return errno == EEXIST || errno == ENOTEMPTY ||
		       errno == ENOTDIR
		       ? pr__error_set(err, PR_EEXISTS, "%s exists and is "
				       "not empty (--force replaces it)", dir)
		       : pr__error_sys(err, PR_EIO, errno, dir,
				       "cannot create");
	if (fsync(t->parent) != 0)
		return pr__error_sys(err, PR_EIO, errno, dir, "write");
	return PR_OK;
}

/* The working directory goes, with whatever is left in it: a failure's
 * partial files, or an old exhibit moved aside. */
static void
xdir_end(struct xdir *w)
{
	if (w->newfd >= 0)
		close(w->newfd);
	w->newfd = -1;
	if (w->open)
		pr__tmpdir_close(&w->t);
	w->open = 0;
}

/*
 * Nothing half-written, nothing through a link: every file is written
 * (O_EXCL, so never through a planted link) and synced into "new" inside
 * a locked working directory beside DIR; then "new" takes DIR's place by
 * one rename, which either replaces an empty DIR or creates it. With
 * --force an earlier exhibit is swapped out in one step (renameat2
 * RENAME_EXCHANGE) or, where the system cannot, moved into the working
 * directory first, so that a crash between the two renames leaves no
 * DIR rather than a mixed one. The old exhibit, and any failure's
 * partial files, go with the working directory: an earlier exhibit is
 * never touched until the new one is complete. A process killed at work
 * leaves ".DIR.proceeds-PID-N", removed by the next write to DIR.
 */
int
pr_exhibit_write(const pr_exhibit *x, const char *dir, int force,
		 pr_error *err)
{
	struct xdir w;
	int rc;
	size_t i;

	if (x == NULL || x->dirfd >= 0 || dir == NULL || *dir == '\0')
		return pr__error_set(err, PR_EINVALID, "no exhibits or "
				     "directory");
	rc = xdir_begin(&w, dir, force, err);
	for (i = 0; i < x->n && rc == PR_OK; i++) {
		char *shown = join(dir, x->files[i].name);

		if (shown == NULL)
			rc = pr__error_set(err, PR_ENOMEM, "out of memory");
		else
			rc = pr__file_write(w.newfd, x->files[i].name,
					    x->files[i].data,
					    x->files[i].size, shown, err);
		pr__free(shown);
	}
	if (rc == PR_OK)
		rc = xdir_commit(&w, dir, err);
	xdir_end(&w);
	return rc;
}

/*
 * pr_exhibit_build and pr_exhibit_write in one, without holding the
 * files: each is written into the working directory as it is made
 * (redacted and hashed on the way), so that memory does not grow with
 * the size of the case's exhibits; the directory appears, as with
 * pr_exhibit_write, whole or not at all.
 */
int
pr_exhibit_make(int *reconciled_out, pr_store *st,
		const pr_exhibit_options *o, const char *dir, int force,
		pr_error *err)
{
	pr_exhibit *x = NULL;
	struct xdir w;
	int rc;

	if (reconciled_out != NULL)
		*reconciled_out = 0;
	if (dir == NULL || *dir == '\0')
		return pr__error_set(err, PR_EINVALID, "no exhibits or "
				     "directory");
	rc = check_options(st, o, err);
	if (rc != PR_OK)
		return rc;
	x = pr__calloc(1, sizeof(*x));
	if (x == NULL)
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	rc = xdir_begin(&w, dir, force, err);
	x->dirfd = w.newfd;
	x->dir = dir;
	if (rc == PR_OK)
		rc = build(x, st, o, err);
	if (rc == PR_OK)
		rc = xdir_commit(&w, dir, err);
	if (rc == PR_OK && reconciled_out != NULL)
		*reconciled_out = x->reconciled;
	xdir_end(&w);
	pr_exhibit_free(x);
	return rc;
}

/* ---- verify ---- */

/* Read a whole file (at most MAX_FILE). *data is ours; NULL and PR_OK
 * when it does not exist. */
static int
slurp(unsigned char **data, size_t *size, const char *path, pr_error *err)
{
	FILE *fp = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t n = 0, cap = 0, got;

	*data = NULL;
	*size = 0;
	if (fp == NULL) {
		if (errno == ENOENT)
			return PR_OK;
		return pr__error_sys(err, PR_EIO, errno, path, "read");
	}
	do {
		if (pr__grow((void **)&buf, &cap, n + 65536 + 1, 1) != 0) {
			fclose(fp);
			pr__free(buf);
			return pr__error_set(err, PR_ENOMEM, "out of memory");
		}
		got = fread(buf + n, 1, 65536, fp);
		n += got;
	} while (got > 0 && n <= MAX_FILE);
	if (ferror(fp)) {
		fclose(fp);
		pr__free(buf);
		return pr__error_sys(err, PR_EIO, errno, path, "read");
	}
	fclose(fp);
	buf[n] = '\0';
	*data = buf;
	*size = n;
	return PR_OK;
}

/* The options a manifest records. Strings point into @p man. */
static int
read_params(pr_exhibit_options *o, json_t *man, pr_error *err)
{
	json_t *par = json_object_get(man, "parameters");
	const char *v;
	long w;

	if (!json_is_object(par))
		return pr__error_set(err, PR_EPARSE, "manifest.json has no "
				     "parameters");
#define P(key) ((v = json_string_value(json_object_get(par, key))) != NULL)
	if (!P("method") ||
	    pr_trace_method_parse(&o->trace.method, v, NULL) != PR_OK)
		return pr__error_set(err, PR_EPARSE, "manifest.json: bad "
				     "method");
	if (!P("victims") || (strcmp(v, "fifo") && strcmp(v, "pro-rata")))
		return pr__error_set(err, PR_EPARSE, "manifest.json: bad "
				     "victims");
	o->trace.victims_fifo = strcmp(v, "fifo") == 0;
	if (!P("fee") || (strcmp(v, "pro-rata") && strcmp(v, "last-output")))
		return pr__error_set(err, PR_EPARSE, "manifest.json: bad fee");
	o->trace.fee_pro_rata = strcmp(v, "pro-rata") == 0;
	if (!P("intraday"))
		return pr__error_set(err, PR_EPARSE, "manifest.json: bad "
				     "intraday");
	for (w = 0; w < 3 && strcmp(v, intraday_names[w]) != 0; w++)
		;
	if (w == 3)
		return pr__error_set(err, PR_EPARSE, "manifest.json: bad "
				     "intraday");
	o->trace.intraday = (pr_trace_intraday)w;
	if (!P("as_of"))
		return pr__error_set(err, PR_EPARSE, "manifest.json: bad "
				     "as_of");
	o->trace.has_as_of = *v != '\0';
	if (*v && pr_date_parse(&o->trace.as_of, v, strlen(v), "YYYY-MM-DD",
				NULL) != PR_OK)
		return pr__error_set(err, PR_EPARSE, "manifest.json: bad "
				     "as_of");
	if (!P("allow_unreconciled"))
		return pr__error_set(err, PR_EPARSE, "manifest.json: bad "
				     "allow_unreconciled");
	o->trace.allow_unreconciled = strcmp(v, "yes") == 0;
	if (!P("window") || pr__parse_long(&w, v, strlen(v), 0, 365) != 0)
		return pr__error_set(err, PR_EPARSE, "manifest.json: bad "
				     "window");
	o->match.window = (int)w;
	if (!P("fee_tolerance"))
		return pr__error_set(err, PR_EPARSE, "manifest.json: bad "
				     "fee_tolerance");
	o->match.fee_tolerance = *v ? v : NULL;
#undef P
	return PR_OK;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in dir, sorted (subdirectories too: they are extra). */
static int
list_dir(char ***names, size_t *n, const char *dir, pr_error *err)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t cap = 0;

	*names = NULL;
	*n = 0;
	if (d == NULL)
		return pr__error_sys(err, errno == ENOENT ? PR_ENOTFOUND :
				     PR_EIO, errno, dir, "open");
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 ||
		    strcmp(e->d_name, "..") == 0)
			continue;
		if (pr__grow((void **)names, &cap, *n + 1,
			     sizeof(char *)) != 0 ||
		    ((*names)[*n] = pr__strdup(e->d_name)) == NULL) {
			closedir(d);
			return pr__error_set(err, PR_ENOMEM, "out of memory");
		}
		(*n)++;
	}
	closedir(d);
	if (*n > 0)
		qsort(*names, *n, sizeof(char *), name_cmp);
	return PR_OK;
}

struct finder {
	pr_exhibit_finding_cb cb;
	void *payload;
	size_t n;
};

static void
finding(struct finder *f, const char *file, const char *what)
{
	char msg[700];

	f->n++;
	snprintf(msg, sizeof(msg), "%s %s", file, what);
	if (f->cb != NULL)
		f->cb(msg, f->payload);
}

static int
is_hex64(const char *s)
{
	int i;

	for (i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		      (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

/* Check SHA256SUMS (data) against the files in dir, as sha256sum -c
 * would, and name the files in dir it does not list. */
static int
check_sums(struct finder *f, const char *dir, const char *data,
	   char **names, size_t n_names, pr_error *err)
{
	const char *p = data;
	char *listed = pr__calloc(n_names + 1, 1);
	char msg[600];
	size_t i;
	int rc = PR_OK;

	if (listed == NULL)
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	while (*p && rc == PR_OK) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char name[256], hex[PR_SHA256_HEX], *path;
		unsigned char *buf;
		size_t size;

		if (len < 67 || len - 66 >= sizeof(name) || !is_hex64(p) ||
		    p[64] != ' ' || p[65] != ' ') {
			finding(f, "SHA256SUMS", "has a line not in the form "
				"of sha256sum");
			break;
		}
		memcpy(name, p + 66, len - 66);
		name[len - 66] = '\0';
		for (i = 0; i < n_names; i++)
			if (strcmp(names[i], name) == 0)
				listed[i] = 1;
		path = join(dir, name);
		if (path == NULL || strchr(name, '/') != NULL) {
			pr__free(path);
			if (path == NULL)
				rc = pr__error_set(err, PR_ENOMEM,
						   "out of memory");
			else
				finding(f, "SHA256SUMS", "names a file "
					"outside the directory");
			break;
		}
		rc = slurp(&buf, &size, path, err);
		pr__free(path);
		if (rc != PR_OK)
			break;
		if (buf == NULL) {
			snprintf(msg, sizeof(msg), "%s is missing", name);
			finding(f, "SHA256SUMS:", msg);
		} else {
			sha_hex(hex, buf, size);
			if (memcmp(hex, p, 64) != 0) {
				snprintf(msg, sizeof(msg), "%s does not "
					 "match", name);
				finding(f, "SHA256SUMS:", msg);
			}
		}
		pr__free(buf);
		p += len + (nl != NULL);
	}
	for (i = 0; rc == PR_OK && i < n_names; i++)
		if (!listed[i] && strcmp(names[i], "SHA256SUMS") != 0) {
			snprintf(msg, sizeof(msg), "%s is not listed",
				 names[i]);
			finding(f, "SHA256SUMS:", msg);
		}
	pr__free(listed);
	return rc;
}

int
pr_exhibit_verify(size_t *differences_out, pr_store *st, const char *dir,
		  const char *dot, pr_exhibit_finding_cb cb, void *payload,
		  pr_error *err)
{
	pr_exhibit_options o = PR_EXHIBIT_OPTIONS_INIT;
	struct finder f = { cb, payload, 0 };
	unsigned char *buf = NULL;
	char **names = NULL, *path = NULL;
	size_t n_names = 0, size, i, j;
	pr_exhibit *x = NULL;
	json_t *man = NULL;
	json_error_t je;
	pr_error log_err;
	int log_bad = 0;
	int rc;

	if (differences_out != NULL)
		*differences_out = 0;
	if (st == NULL || dir == NULL)
		return pr__error_set(err, PR_EINVALID, "no case or directory");
	/* exhibits that match a case whose data was altered prove nothing */
	pr_error_clear(&log_err);
	rc = pr_log_verify(st, NULL, &log_err);
	if (rc == PR_EINVALID) {
		char msg[300];

		snprintf(msg, sizeof(msg), "does not verify: %s",
			 log_err.msg);
		finding(&f, "the case's custody log", msg);
		log_bad = 1;
	} else if (rc != PR_OK) {
		if (err != NULL)
			*err = log_err;
		goto done;
	}
	rc = list_dir(&names, &n_names, dir, err);
	if (rc != PR_OK)
		goto done;
	path = join(dir, "manifest.json");
	if (path == NULL) {
		rc = pr__error_set(err, PR_ENOMEM, "out of memory");
		goto done;
	}
	rc = slurp(&buf, &size, path, err);
	if (rc != PR_OK)
		goto done;
	if (buf == NULL) {
		rc = pr__error_set(err, PR_ENOTFOUND, "%s: no manifest.json: "
				   "not an exhibit directory", dir);
		goto done;
	}
	man = json_loadb((const char *)buf, size, 0, &je);
	if (man == NULL) {
		rc = pr__error_set(err, PR_EPARSE, "%s: manifest.json:%d: %s",
				   dir, je.line, je.text);
		goto done;
	}
	rc = read_params(&o, man, err);
	if (rc != PR_OK)
		goto done;
	o.dot = dot;
	pr_error_clear(&log_err);
	rc = build_mem(&x, st, &o, 1, &log_err);
	if (rc != PR_OK && log_bad && rc != PR_ENOMEM) {
		/* the data was altered: not making the exhibits again from
		 * it is one more difference, not a failure of verify */
		char msg[300];

		snprintf(msg, sizeof(msg), "cannot be made again from the "
			 "case: %s", log_err.msg);
		finding(&f, "the exhibits", msg);
		rc = PR_OK;
		goto done;
	}
	if (rc != PR_OK) {
		if (err != NULL)
			*err = log_err;
		goto done;
	}
	/* each file by its size and SHA-256, read as a stream: a file of
	 * the exhibits may be larger than memory */
	for (i = 0; i < x->n; i++) {
		char hex[PR_SHA256_HEX];
		uint64_t got = 0;
		pr_error herr;
		int hrc;

		pr__free(path);
		path = join(dir, x->files[i].name);
		if (path == NULL) {
			rc = pr__error_set(err, PR_ENOMEM, "out of memory");
			goto done;
		}
		hrc = pr_sha256_file(hex, &got, path, &herr);
		if (hrc == PR_ENOTFOUND) {
			finding(&f, x->files[i].name, "is missing");
		} else if (hrc != PR_OK) {
			if (err != NULL)
				*err = herr;
			rc = hrc;
			goto done;
		} else if (got != x->files[i].size ||
			   strcmp(hex, x->files[i].sha256) != 0) {
			finding(&f, x->files[i].name, "differs from the case");
		}
	}
	for (j = 0; j < n_names; j++) {
		for (i = 0; i < x->n; i++)
			if (strcmp(names[j], x->files[i].name) == 0)
				break;
		if (i == x->n)
			finding(&f, names[j], "is extra: not made from the "
				"case");
	}
	pr__free(buf);
	buf = NULL;
	pr__free(path);
	path = join(dir, "SHA256SUMS");
	if (path == NULL) {
		rc = pr__error_set(err, PR_ENOMEM, "out of memory");
		goto done;
	}
	rc = slurp(&buf, &size, path, err);
	if (rc == PR_OK && buf != NULL)
		rc = check_sums(&f, dir, (const char *)buf, names, n_names,
				err);
done:
	if (differences_out != NULL)
		*differences_out = f.n;
	for (i = 0; i < n_names; i++)
		pr__free(names[i]);
	pr__free(names);
	pr__free(path);
	pr__free(buf);
	json_decref(man);
	pr_exhibit_free(x);
	return rc;
}
