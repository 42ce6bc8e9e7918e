/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * OFAC's legacy CSV files (import sanctions): sdn.csv, alt.csv, add.csv
 * and sdn_comments.csv, and the consolidated non-SDN list's cons_*.csv,
 * read together as one published version of the lists (docs/formats.md).
 *
 * The files are read whole into memory first: an entry's remarks are
 * cut near 1,000 characters and continue in the comments file, so the
 * weak aliases and digital-currency addresses in them can only be read
 * once every file is in. Then the version and its rows are written
 * straight into the command's transaction (a full list is some 10^5
 * rows: no pipeline needed).
 */
#include "config.h"
#include "common.h"
#include "csvread.h"
#include "import.h"
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum role { R_PRIM, R_ALT, R_ADD, R_COMMENTS };
enum list { L_SDN, L_CONS };

static const char *const list_names[] = { "SDN", "CONS" };

/* One kind of file: its name as OFAC publishes it, what it holds and
 * how many columns. */
static const struct ofac_kind {
	const char *kind;
	const char *file;
	int role;
	int list;
	size_t ncol;
	const char *cols;
} kinds[] = {
	{ "sdn", "sdn.csv", R_PRIM, L_SDN, 12, "ent_num, SDN_Name, SDN_Type,"
	  " Program, Title, Call_Sign, Vess_type, Tonnage, GRT, Vess_flag,"
	  " Vess_owner, Remarks" },
	{ "alt", "alt.csv", R_ALT, L_SDN, 5, "ent_num, alt_num, alt_type,"
	  " alt_name, alt_remarks" },
	{ "add", "add.csv", R_ADD, L_SDN, 6, "ent_num, add_num, address,"
	  " city/state/postal, country, add_remarks" },
	{ "comments", "sdn_comments.csv", R_COMMENTS, L_SDN, 2,
	  "ent_num, remarks" },
	{ "cons-prim", "cons_prim.csv", R_PRIM, L_CONS, 12, "ent_num,"
	  " SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type,"
	  " Tonnage, GRT, Vess_flag, Vess_owner, Remarks" },
	{ "cons-alt", "cons_alt.csv", R_ALT, L_CONS, 5, "ent_num, alt_num,"
	  " alt_type, alt_name, alt_remarks" },
	{ "cons-add", "cons_add.csv", R_ADD, L_CONS, 6, "ent_num, add_num,"
	  " address, city/state/postal, country, add_remarks" },
	{ "cons-comments", "cons_comments.csv", R_COMMENTS, L_CONS, 2,
	  "ent_num, remarks" },
};
#define N_KINDS (sizeof(kinds) / sizeof(kinds[0]))

#define MAX_COLS 12
#define MAX_ROWS 10000000UL

/* A line of a file, its fields copied ("" for OFAC's -0-). */
struct row {
	size_t file;
	unsigned long line;
	long ent, num;          /* ent_num; alt_num or add_num */
	unsigned long ent_col;  /* column of ent_num, for messages */
	int64_t id;             /* entries: the row written */
	size_t c_first, c_last; /* entries: their comments (index + 1, or
				 * 0), chained through the join's next[] */
	char *f[MAX_COLS];
};

struct file {
	const char *path;       /* as given: in messages */
	const char *base;       /* the name the case records */
	const struct ofac_kind *k;
	int64_t doc;
	char sha256[PR_SHA256_HEX];
	uint64_t size;
	int eof_mark;           /* the 0x1A that ends OFAC's files */
	unsigned long eof_line;
	uint64_t records;
};

struct rows {
	struct row *r;
	size_t n, cap;
};

struct ofac {
	struct file *files;
	size_t nfiles;
	size_t cur;              /* file being read */
	struct rows rows[4];     /* per role */
	struct key {             /* entries sorted by (list, ent_num) */
		int list;
		long ent;
		size_t file;
		unsigned long line;
		size_t idx;
	} *order;
};

/*
 * Reading
 */

/* ASCII case-insensitive equality, locale-free (SDN.CSV = sdn.csv). */
static int
same_name(const char *a, const char *b)
{
	unsigned char x, y;

	for (;; a++, b++) {
		x = (unsigned char)*a;
		y = (unsigned char)*b;
		if (x >= 'A' && x <= 'Z')
			x = (unsigned char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (unsigned char)(y - 'A' + 'a');
		if (x != y)
			return 0;
		if (x == 0)
			return 1;
	}
}

int
pr__ofac_kind(const char *kind_or_name, int by_name)
{
	const char *base = kind_or_name;
	size_t i;

	if (by_name && strrchr(base, '/') != NULL)
		base = strrchr(base, '/') + 1;
	for (i = 0; i < N_KINDS; i++) {
		if (by_name ? same_name(base, kinds[i].file) :
		    strcmp(base, kinds[i].kind) == 0)
			return (int)i;
	}
	return -1;
}

/* OFAC writes a null as -0-, often followed by a space. */
static int
is_null(const char *s, size_t len)
{
	while (len > 0 && s[len - 1] == ' ')
		len--;
	return len == 3 && memcmp(s, "-0-", 3) == 0;
}

static int
number(const pr__csv_record *rec, size_t i, const char *what, long *out,
       pr_error *err)
{
	char msg[128];

	if (pr__parse_long(out, rec->field[i], rec->len[i], 1, 999999999L)
	    == PR_OK)
		return PR_OK;
	snprintf(msg, sizeof(msg), " is not a number (%s)", what);
	return pr__csv_bad(rec, i, msg, err);
}

/* OFAC's "SDGT] [IFSR" (the brackets of "[SDGT] [IFSR]" without the
 * outer pair) as "SDGT; IFSR", in place: the text only shrinks. */
static void
programs(char *s)
{
	char *w = s;
	const char *r = s;

	while (*r != '\0') {
		if (r[0] == ']' && r[1] == ' ' && r[2] == '[') {
			*w++ = ';';
			*w++ = ' ';
			r += 3;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
}

static int
on_record(const pr__csv_record *rec, void *payload, pr_error *err)
{
	struct ofac *o = payload;
	struct file *f = &o->files[o->cur];
	const struct ofac_kind *k = f->k;
	struct rows *rs = &o->rows[k->role];
	struct row *r;
	char q[64], msg[256];
	pr_loc loc;
	size_t i;

	if (f->eof_mark) {
		pr__csv_field_loc(&loc, rec, 0);
		return pr__error_at(err, PR_EPARSE, &loc, "a record after the "
				    "end-of-file mark (0x1A) of line %lu",
				    f->eof_line);
	}
	if (rec->n == 1 && rec->len[0] == 1 && rec->field[0][0] == 0x1a) {
		f->eof_mark = 1;
		f->eof_line = rec->line;
		return PR_OK;
	}
	if (rec->n != k->ncol) {
		if (rec->n > k->ncol)
			pr__csv_field_loc(&loc, rec, k->ncol);
		else
			pr__csv_end_loc(&loc, rec);
		return pr__error_at(err, PR_EPARSE, &loc, "record has %lu "
				    "field%s; %s has %lu (%s)",
				    (unsigned long)rec->n,
				    rec->n == 1 ? "" : "s", k->file,
				    (unsigned long)k->ncol, k->cols);
	}
	if (rs->n >= MAX_ROWS)
		return pr__csv_fail(rec, 0, err, "too many records");
	if (pr__grow((void **)&rs->r, &rs->cap, rs->n + 1, sizeof(*rs->r))
	    != PR_OK)
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	r = &rs->r[rs->n];
	memset(r, 0, sizeof(*r));
	r->file = o->cur;
	r->line = rec->line;
	pr__csv_field_loc(&loc, rec, 0);
	r->ent_col = loc.column;
	/* counted at once: a failure below frees its fields */
	rs->n++;
	for (i = 0; i < rec->n; i++) {
		r->f[i] = is_null(rec->field[i], rec->len[i]) ?
			  pr__strdup("") : pr__strdup(rec->field[i]);
		if (r->f[i] == NULL)
			return pr__error_set(err, PR_ENOMEM, "out of memory");
	}
	if (number(rec, 0, "ent_num", &r->ent, err) != PR_OK)
		return PR_EPARSE;
	switch (k->role) {
	case R_PRIM:
		programs(r->f[3]);
		if (r->f[1][0] == '\0')
			return pr__csv_fail(rec, 1, err, "no name (SDN_Name "
					    "is -0-)");
		if (r->f[2][0] != '\0' && strcmp(r->f[2], "individual") != 0
		    && strcmp(r->f[2], "vessel") != 0 &&
		    strcmp(r->f[2], "aircraft") != 0) {
			snprintf(msg, sizeof(msg), "unknown SDN_Type '%s' "
				 "(expected individual, vessel, aircraft or "
				 "-0- for an entity)",
				 pr__quote(q, sizeof(q), rec->field[2],
					   rec->len[2]));
			return pr__csv_fail(rec, 2, err, msg);
		}
		break;
	case R_ALT:
		if (number(rec, 1, "alt_num", &r->num, err) != PR_OK)
			return PR_EPARSE;
		if (strcmp(r->f[2], "aka") != 0 && strcmp(r->f[2], "fka") != 0
		    && strcmp(r->f[2], "nka") != 0) {
			snprintf(msg, sizeof(msg), "unknown alt_type '%s' "
				 "(expected aka, fka or nka)",
				 pr__quote(q, sizeof(q), rec->field[2],
					   rec->len[2]));
			return pr__csv_fail(rec, 2, err, msg);
		}
		if (r->f[3][0] == '\0')
			return pr__csv_fail(rec, 3, err, "no alias (alt_name "
					    "is -0-)");
		break;
	case R_ADD:
		if (number(rec, 1, "add_num", &r->num, err) != PR_OK)
			return PR_EPARSE;
		break;
	default:
		break;
	}
	f->records++;
	return PR_OK;
}

static void
rows_free(struct rows *rs)
{
	size_t i, j;

	for (i = 0; i < rs->n; i++)
		for (j = 0; j < MAX_COLS; j++)
			pr__free(rs->r[i].f[j]);
	pr__free(rs->r);
	memset(rs, 0, sizeof(*rs));
}

/*
 * Remarks: the weak aliases ("a.k.a. 'NAME'") and digital-currency
 * addresses ("Digital Currency Address - XBT 1abc...") of an entry's
 * remarks, its continuations joined. Offsets are into the joined text.
 */

static int
starts_item(const char *s, size_t at)
{
	return at == 0 || s[at - 1] == ' ' || s[at - 1] == ';';
}

int
pr__ofac_scan_remarks(const char *s, pr__ofac_remark_cb cb, void *payload,
		      pr_error *err)
{
	static const char dca[] = "Digital Currency Address - ";
	static const char *const aka[] = { "a.k.a. '", "f.k.a. '",
					   "n.k.a. '" };
	static const char *const aka_kind[] = { "aka", "fka", "nka" };
	size_t len = strlen(s), i, a, b, c, d;
	int j, rc;

	for (i = 0; i < len; i++) {
		if (strncmp(s + i, dca, sizeof(dca) - 1) == 0) {
			a = i + sizeof(dca) - 1;
			b = a;
			while (b < len && s[b] != ' ' && s[b] != ';')
				b++;
			if (b == a || b >= len || s[b] != ' ')
				continue;
			c = b + 1;
			d = c;
			while (d < len && s[d] != ' ' && s[d] != ';')
				d++;
			/* the remarks' final full stop is not the address's */
			while (d > c && s[d - 1] == '.')
				d--;
			if (d == c)
				continue;
			rc = cb(PR__OFAC_WALLET, i, s + a, b - a, s + c, d - c,
				payload, err);
			if (rc != PR_OK)
				return rc;
			i = d - 1;
			continue;
		}
		for (j = 0; j < 3; j++)
			if (strncmp(s + i, aka[j], 8) == 0 &&
			    starts_item(s, i))
				break;
		if (j == 3)
			continue;
		/* the closing quote ends the item: followed by ';', the
		 * remarks' final '.', or the end */
		a = i + 8;
		for (b = a; b < len; b++)
			if (s[b] == '\'' && (s[b + 1] == ';' ||
					     s[b + 1] == '\0' ||
					     (s[b + 1] == '.' &&
					      (s[b + 2] == '\0' ||
					       s[b + 2] == ';'))))
				break;
		if (b >= len || b == a)
			continue;
		rc = cb(PR__OFAC_WEAK, i, aka_kind[j], 3, s + a, b - a,
			payload, err);
		if (rc != PR_OK)
			return rc;
		i = b;
	}
	return PR_OK;
}

/*
 * Writing
 */

enum { S_VERSION, S_FILE, S_ENTRY, S_COMMENT, S_ALIAS, S_PLACE, S_WALLET,
       S_N };

static const char *const sql[S_N] = {
	"INSERT INTO sanctions_version (published, lists, entries, aliases,"
	" places, wallets) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	"INSERT INTO sanctions_file (version_id, document_id, kind)"
	" VALUES (?1, ?2, ?3)",
	"INSERT INTO sanctions_entry (version_id, document_id, line, list,"
	" ent_num, name, type, programs, title, call_sign, vess_type,"
	" tonnage, grt, vess_flag, vess_owner, remarks) VALUES (?1, ?2, ?3,"
	" ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
	"INSERT INTO sanctions_comment (version_id, document_id, line,"
	" entry_id, remarks) VALUES (?1, ?2, ?3, ?4, ?5)",
	"INSERT INTO sanctions_alias (version_id, document_id, line,"
	" entry_id, alt_num, kind, name, weak, remarks) VALUES (?1, ?2, ?3,"
	" ?4, ?5, ?6, ?7, ?8, ?9)",
	"INSERT INTO sanctions_place (version_id, document_id, line,"
	" entry_id, add_num, address, city, country, remarks) VALUES (?1,"
	" ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	"INSERT INTO sanctions_wallet (version_id, document_id, line,"
	" entry_id, n, currency, address) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
	" ?7)",
};

struct writer {
	pr_store *st;
	struct ofac *o;
	sqlite3_stmt *s[S_N];
	int64_t version;
	pr_sanctions_import_result *res;
	/* the entry whose remarks are being scanned, and where each piece
	 * of them was read */
	struct row *entry;
	size_t npieces;
	struct piece {
		size_t at;
		int64_t doc;
		unsigned long line;
	} *pieces;
	size_t piececap;
	long wallet_n;
	uint64_t weak;
};

static int
step(struct writer *w, int i, pr_error *err)
{
	int rc = sqlite3_step(w->s[i]);

	sqlite3_reset(w->s[i]);
	sqlite3_clear_bindings(w->s[i]);
	if (rc != SQLITE_DONE)
		return pr__store_dberr(w->st, err, "cannot record the "
				       "sanctions list");
	return PR_OK;
}

static void
text(sqlite3_stmt *s, int col, const char *t)
{
	sqlite3_bind_text(s, col, t, -1, SQLITE_STATIC);
}

static int
cmp_key(const void *a, const void *b)
{
	const struct key *x = a, *y = b;

	if (x->list != y->list)
		return x->list < y->list ? -1 : 1;
	if (x->ent != y->ent)
		return x->ent < y->ent ? -1 : 1;
	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

/* The entry of @p list with number @p ent, or NULL. */
static struct row *
find_entry(struct ofac *o, int list, long ent)
{
	size_t lo = 0, hi = o->rows[R_PRIM].n, mid;
	const struct key *k;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		k = &o->order[mid];
		if (k->list < list || (k->list == list && k->ent < ent))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == o->rows[R_PRIM].n)
		return NULL;
	k = &o->order[lo];
	if (k->list != list || k->ent != ent)
		return NULL;
	return &o->rows[R_PRIM].r[k->idx];
}

static int
on_remark(int what, size_t at, const char *a, size_t alen, const char *b,
	  size_t blen, void *payload, pr_error *err)
{
	struct writer *w = payload;
	sqlite3_stmt *s;
	char *name = NULL, *code = NULL;
	size_t p = 0;
	int rc;

	while (p + 1 < w->npieces && w->pieces[p + 1].at <= at)
		p++;
	name = pr__strndup(b, blen);
	code = pr__strndup(a, alen);
	if (name == NULL || code == NULL) {
		pr__free(name);
		pr__free(code);
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	}
	if (what == PR__OFAC_WEAK) {
		s = w->s[S_ALIAS];
		sqlite3_bind_int64(s, 1, w->version);
		sqlite3_bind_int64(s, 2, w->pieces[p].doc);
		sqlite3_bind_int64(s, 3, (sqlite3_int64)w->pieces[p].line);
		sqlite3_bind_int64(s, 4, w->entry->id);
		sqlite3_bind_int64(s, 5, 0);
		text(s, 6, code);
		text(s, 7, name);
		sqlite3_bind_int(s, 8, 1);
		text(s, 9, "");
		rc = step(w, S_ALIAS, err);
		w->res->aliases++;
		w->res->weak_aliases++;
	} else {
		s = w->s[S_WALLET];
		sqlite3_bind_int64(s, 1, w->version);
		sqlite3_bind_int64(s, 2, w->pieces[p].doc);
		sqlite3_bind_int64(s, 3, (sqlite3_int64)w->pieces[p].line);
		sqlite3_bind_int64(s, 4, w->entry->id);
		sqlite3_bind_int64(s, 5, ++w->wallet_n);
		text(s, 6, code);
		text(s, 7, name);
		rc = step(w, S_WALLET, err);
		w->res->wallets++;
	}
	pr__free(name);
	pr__free(code);
	return rc;
}

static int
add_piece(struct writer *w, size_t at, int64_t doc, unsigned long line)
{
	if (pr__grow((void **)&w->pieces, &w->piececap, w->npieces + 1,
		     sizeof(*w->pieces)) != PR_OK)
		return PR_ENOMEM;
	w->pieces[w->npieces].at = at;
	w->pieces[w->npieces].doc = doc;
	w->pieces[w->npieces].line = line;
	w->npieces++;
	return PR_OK;
}

static void
warn_orphan(const struct ofac *o, const struct row *r, const char *what,
	    pr_import_warn_cb warn, void *payload)
{
	const struct file *f = &o->files[r->file];
	pr_error e;
	pr_loc loc;

	if (warn == NULL)
		return;
	pr_error_clear(&e);
	pr__import_loc(&loc, f->path, r->line, r->ent_col);
	pr__error_at(&e, PR_ENOTFOUND, &loc, "%s of entry %ld, which the "
		     "%s files of this import do not list (an excerpt?): "
		     "skipped", what, r->ent, list_names[f->k->list]);
	warn(&e, payload);
}

/*
 * Write the version: its row, its files, the entries in (list, ent_num)
 * order, the comments (each chained to its entry, in file order, for
 * the join), the aliases and addresses of the files, then each entry's
 * remarks joined with its continuations and scanned for weak aliases
 * and digital-currency addresses. Lines whose entry the import does not
 * hold are warned about, counted and left out.
 */
static int
write_all(struct writer *w, pr_date published, pr_import_warn_cb warn,
	  void *payload, pr_error *err)
{
	struct ofac *o = w->o;
	struct rows *prim = &o->rows[R_PRIM];
	size_t *next = NULL;    /* per comment: the entry's next, + 1 */
	char *joined = NULL;
	size_t jcap = 0, jlen;
	int lists = 0;
	size_t i, j;
	int rc = PR_OK;

	for (i = 0; i < o->nfiles; i++)
		lists |= 1 << o->files[i].k->list;
	text(w->s[S_VERSION], 2, lists == 3 ? "CONS; SDN" : lists == 2 ?
	     "CONS" : "SDN");
	sqlite3_bind_int(w->s[S_VERSION], 1, published);
	sqlite3_bind_int64(w->s[S_VERSION], 3, 0);
	sqlite3_bind_int64(w->s[S_VERSION], 4, 0);
	sqlite3_bind_int64(w->s[S_VERSION], 5, 0);
	sqlite3_bind_int64(w->s[S_VERSION], 6, 0);
	rc = step(w, S_VERSION, err);
	if (rc != PR_OK)
		return rc;
	w->version = sqlite3_last_insert_rowid(w->st->db);
	for (i = 0; i < o->nfiles && rc == PR_OK; i++) {
		sqlite3_bind_int64(w->s[S_FILE], 1, w->version);
		sqlite3_bind_int64(w->s[S_FILE], 2, o->files[i].doc);
		text(w->s[S_FILE], 3, o->files[i].k->kind);
		rc = step(w, S_FILE, err);
	}
	/* entries, in (list, ent_num) order */
	for (i = 0; i < prim->n && rc == PR_OK; i++) {
		struct row *r = &prim->r[o->order[i].idx];
		sqlite3_stmt *s = w->s[S_ENTRY];

		sqlite3_bind_int64(s, 1, w->version);
		sqlite3_bind_int64(s, 2, o->files[r->file].doc);
		sqlite3_bind_int64(s, 3, (sqlite3_int64)r->line);
		text(s, 4, list_names[o->files[r->file].k->list]);
		sqlite3_bind_int64(s, 5, r->ent);
		text(s, 6, r->f[1]);
		text(s, 7, r->f[2]);
		for (j = 0; j < 9; j++)
			text(s, 8 + (int)j, r->f[3 + j]);
		rc = step(w, S_ENTRY, err);
		r->id = sqlite3_last_insert_rowid(w->st->db);
		w->res->entries++;
	}
	if (rc != PR_OK)
		return rc;
	next = pr__calloc(o->rows[R_COMMENTS].n + 1, sizeof(*next));
	if (next == NULL)
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	for (i = 0; i < o->rows[R_COMMENTS].n && rc == PR_OK; i++) {
		struct row *c = &o->rows[R_COMMENTS].r[i];
		struct row *e = find_entry(o, o->files[c->file].k->list,
					   c->ent);
		sqlite3_stmt *s = w->s[S_COMMENT];

		if (e != NULL) {
			if (e->c_last != 0)
				next[e->c_last - 1] = i + 1;
			else
				e->c_first = i + 1;
			e->c_last = i + 1;
		}
		if (e == NULL) {
			warn_orphan(o, c, "a comment", warn, payload);
			w->res->orphans++;
			continue;
		}
		sqlite3_bind_int64(s, 1, w->version);
		sqlite3_bind_int64(s, 2, o->files[c->file].doc);
		sqlite3_bind_int64(s, 3, (sqlite3_int64)c->line);
		sqlite3_bind_int64(s, 4, e->id);
		text(s, 5, c->f[1]);
		rc = step(w, S_COMMENT, err);
		w->res->comments++;
	}
	/* aliases and addresses from their files */
	for (i = 0; i < o->rows[R_ALT].n && rc == PR_OK; i++) {
		struct row *a = &o->rows[R_ALT].r[i];
		struct row *e = find_entry(o, o->files[a->file].k->list,
					   a->ent);
		sqlite3_stmt *s = w->s[S_ALIAS];

		if (e == NULL) {
			warn_orphan(o, a, "an alias", warn, payload);
			w->res->orphans++;
			continue;
		}
		sqlite3_bind_int64(s, 1, w->version);
		sqlite3_bind_int64(s, 2, o->files[a->file].doc);
		sqlite3_bind_int64(s, 3, (sqlite3_int64)a->line);
		sqlite3_bind_int64(s, 4, e->id);
		sqlite3_bind_int64(s, 5, a->num);
		text(s, 6, a->f[2]);
		text(s, 7, a->f[3]);
		sqlite3_bind_int(s, 8, 0);
		text(s, 9, a->f[4]);
		rc = step(w, S_ALIAS, err);
		w->res->aliases++;
	}
	for (i = 0; i < o->rows[R_ADD].n && rc == PR_OK; i++) {
		struct row *a = &o->rows[R_ADD].r[i];
		struct row *e = find_entry(o, o->files[a->file].k->list,
					   a->ent);
		sqlite3_stmt *s = w->s[S_PLACE];

		if (e == NULL) {
			warn_orphan(o, a, "an address", warn, payload);
			w->res->orphans++;
			continue;
		}
		sqlite3_bind_int64(s, 1, w->version);
		sqlite3_bind_int64(s, 2, o->files[a->file].doc);
		sqlite3_bind_int64(s, 3, (sqlite3_int64)a->line);
		sqlite3_bind_int64(s, 4, e->id);
		sqlite3_bind_int64(s, 5, a->num);
		for (j = 0; j < 4; j++)
			text(s, 6 + (int)j, a->f[2 + j]);
		rc = step(w, S_PLACE, err);
		w->res->places++;
	}
	/* each entry's remarks, joined with its continuations in file
	 * order, scanned for weak aliases and digital-currency addresses */
	for (i = 0; i < prim->n && rc == PR_OK; i++) {
		struct row *e = &prim->r[o->order[i].idx];

		w->entry = e;
		w->npieces = 0;
		w->wallet_n = 0;
		jlen = strlen(e->f[11]);
		if (pr__grow((void **)&joined, &jcap, jlen + 1, 1) != PR_OK ||
		    add_piece(w, 0, o->files[e->file].doc, e->line) != PR_OK) {
			rc = pr__error_set(err, PR_ENOMEM, "out of memory");
			break;
		}
		memcpy(joined, e->f[11], jlen + 1);
		for (j = e->c_first; j != 0; j = next[j - 1]) {
			struct row *c = &o->rows[R_COMMENTS].r[j - 1];
			size_t n = strlen(c->f[1]);

			if (pr__grow((void **)&joined, &jcap, jlen + n + 1, 1)
			    != PR_OK || add_piece(w, jlen,
						  o->files[c->file].doc,
						  c->line) != PR_OK) {
				rc = pr__error_set(err, PR_ENOMEM,
						   "out of memory");
				break;
			}
			memcpy(joined + jlen, c->f[1], n + 1);
			jlen += n;
		}
		if (rc == PR_OK)
			rc = pr__ofac_scan_remarks(joined, on_remark, w, err);
	}
	pr__free(joined);
	pr__free(next);
	if (rc != PR_OK)
		return rc;
	/* the version's counts, now known (same transaction) */
	{
		sqlite3_stmt *s = NULL;

		if (sqlite3_prepare_v2(w->st->db, "UPDATE sanctions_version SET"
				       " entries = ?2, aliases = ?3, places ="
				       " ?4, wallets = ?5 WHERE id = ?1", -1,
				       &s, NULL) != SQLITE_OK)
			return pr__store_dberr(w->st, err, "cannot record the "
					       "sanctions list");
		sqlite3_bind_int64(s, 1, w->version);
		sqlite3_bind_int64(s, 2, (sqlite3_int64)w->res->entries);
		sqlite3_bind_int64(s, 3, (sqlite3_int64)w->res->aliases);
		sqlite3_bind_int64(s, 4, (sqlite3_int64)w->res->places);
		sqlite3_bind_int64(s, 5, (sqlite3_int64)w->res->wallets);
		rc = sqlite3_step(s);
		sqlite3_finalize(s);
		if (rc != SQLITE_DONE)
			return pr__store_dberr(w->st, err, "cannot record the "
					       "sanctions list");
	}
	return PR_OK;
}

/* A version of this date already in the case is refused, naming it. */
static int
date_taken(pr_store *st, pr_date published, pr_error *err)
{
	sqlite3_stmt *s = NULL;
	char day[16];
	int rc;

	if (sqlite3_prepare_v2(st->db, "SELECT v.lists, group_concat(d.name,"
			       " ', ') FROM sanctions_version v JOIN"
			       " sanctions_file f ON f.version_id = v.id JOIN"
			       " document d ON d.id = f.document_id WHERE"
			       " v.published = ?1 GROUP BY v.id", -1, &s,
			       NULL) != SQLITE_OK)
		return pr__store_dberr(st, err, "cannot read the case");
	sqlite3_bind_int(s, 1, published);
	rc = sqlite3_step(s);
	pr_date_format(day, published);
	if (rc == SQLITE_ROW)
		rc = pr__error_set(err, PR_EEXISTS, "the case already holds "
				   "the lists published %s (%s: %s): one "
				   "import per publication date, its files "
				   "together", day,
				   (const char *)sqlite3_column_text(s, 0),
				   (const char *)sqlite3_column_text(s, 1));
	else if (rc == SQLITE_DONE)
		rc = PR_OK;
	else
		rc = pr__store_dberr(st, err, "cannot read the case");
	sqlite3_finalize(s);
	return rc;
}

int
pr_import_sanctions(pr_store *st, pr_date published, size_t n,
		    const char *const *paths, const char *const *kind_of,
		    pr_import_warn_cb warn, void *payload,
		    pr_sanctions_import_result *res, pr_error *err)
{
	pr_sanctions_import_result scratch;
	pr__csv_options co;
	struct ofac o;
	struct writer w;
	int have[N_KINDS];
	pr_loc loc;
	size_t i, j;
	int k, rc = PR_OK;

	memset(&o, 0, sizeof(o));
	memset(&w, 0, sizeof(w));
	memset(have, 0, sizeof(have));
	if (res == NULL)
		res = &scratch;
	memset(res, 0, sizeof(*res));
	if (st == NULL || (n > 0 && paths == NULL))
		return pr__error_set(err, PR_EINVALID, "no case or file");
	if (!st->in_txn)
		return pr__error_set(err, PR_EINVALID, "import outside a "
				     "transaction (call pr_store_begin)");
	if (published == 0)
		return pr__error_set(err, PR_EINVALID, "no publication date: "
				     "OFAC's legacy CSV files carry none, so "
				     "give the date the list was published "
				     "(--published YYYY-MM-DD)");
	if (n == 0)
		return pr__error_set(err, PR_EINVALID, "no files given");
	if (n > PR_SANCTIONS_MAX_FILES)
		return pr__error_set(err, PR_EINVALID, "%lu files: one import "
				     "takes at most %d (each kind once)",
				     (unsigned long)n, PR_SANCTIONS_MAX_FILES);
	o.files = pr__calloc(n, sizeof(*o.files));
	if (o.files == NULL)
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	o.nfiles = n;
	/* each file's kind, from --kind or its name; each kind once */
	for (i = 0; i < n; i++) {
		struct file *f = &o.files[i];

		f->path = paths[i];
		f->base = strrchr(paths[i], '/') ? strrchr(paths[i], '/') + 1
			  : paths[i];
		if (kind_of != NULL && kind_of[i] != NULL) {
			k = pr__ofac_kind(kind_of[i], 0);
			if (k < 0) {
				rc = pr__error_set(err, PR_EINVALID, "%s: "
						   "unknown kind '%s' (expected"
						   " sdn, alt, add, comments, "
						   "cons-prim, cons-alt, "
						   "cons-add or cons-comments)",
						   f->path, kind_of[i]);
				goto done;
			}
		} else {
			k = pr__ofac_kind(f->path, 1);
			if (k < 0) {
				rc = pr__error_set(err, PR_EINVALID, "%s: "
						   "cannot tell which OFAC "
						   "file this is from its name "
						   "(expected sdn.csv, alt.csv,"
						   " add.csv, sdn_comments.csv,"
						   " cons_prim.csv, cons_alt."
						   "csv, cons_add.csv or "
						   "cons_comments.csv): give "
						   "--kind", f->path);
				goto done;
			}
		}
		if (have[k]) {
			rc = pr__error_set(err, PR_EINVALID, "%s: a second %s "
					   "file in one import (the first: "
					   "%s)", f->path, kinds[k].kind,
					   o.files[have[k] - 1].path);
			goto done;
		}
		have[k] = (int)i + 1;
		f->k = &kinds[k];
	}
	/* aliases, addresses and comments without their list's entries */
	for (i = 0; i < n; i++) {
		const struct ofac_kind *fk = o.files[i].k;

		if (fk->role == R_PRIM)
			continue;
		for (j = 0; j < N_KINDS; j++)
			if (kinds[j].role == R_PRIM &&
			    kinds[j].list == fk->list)
				break;
		if (!have[j]) {
			rc = pr__error_set(err, PR_EINVALID, "%s: the %s list's"
					   " %s without its entries (give %s "
					   "in the same import)", o.files[i].path,
					   list_names[fk->list],
					   fk->role == R_ALT ? "aliases" :
					   fk->role == R_ADD ? "addresses" :
					   "comments", kinds[j].file);
			goto done;
		}
	}
	rc = date_taken(st, published, err);
	if (rc != PR_OK)
		goto done;
	memset(&co, 0, sizeof(co));
	co.delim = ',';
	co.encoding = PR_ENC_UTF8;
	for (i = 0; i < n; i++) {
		struct file *f = &o.files[i];

		o.cur = i;
		rc = pr__store_add_document(st, &f->doc, f->base, "sanctions",
					    f->k->kind, NULL, 0, err);
		if (rc != PR_OK)
			goto done;
		rc = pr__csv_read(f->path, f->path, &co, on_record, &o,
				  f->sha256, &f->size, err);
		if (rc == PR_OK && f->records == 0)
			rc = pr__error_set(err, PR_EPARSE, "%s: no records",
					   f->path);
		if (rc == PR_OK)
			rc = pr__store_finish_document(st, f->doc, f->path,
						       f->sha256, f->size,
						       f->records, err);
		if (rc != PR_OK)
			goto done;
		res->file[i].document = f->doc;
		res->file[i].records = f->records;
		res->file[i].size = f->size;
		snprintf(res->file[i].kind, sizeof(res->file[i].kind), "%s",
			 f->k->kind);
		memcpy(res->file[i].sha256, f->sha256,
		       sizeof(res->file[i].sha256));
	}
	res->nfiles = n;
	/* entries by (list, ent_num); a number listed twice is refused */
	o.order = pr__calloc(o.rows[R_PRIM].n + 1, sizeof(*o.order));
	if (o.order == NULL) {
		rc = pr__error_set(err, PR_ENOMEM, "out of memory");
		goto done;
	}
	for (i = 0; i < o.rows[R_PRIM].n; i++) {
		struct row *r = &o.rows[R_PRIM].r[i];

		o.order[i].list = o.files[r->file].k->list;
		o.order[i].ent = r->ent;
		o.order[i].file = r->file;
		o.order[i].line = r->line;
		o.order[i].idx = i;
	}
	qsort(o.order, o.rows[R_PRIM].n, sizeof(*o.order), cmp_key);
	for (i = 1; i < o.rows[R_PRIM].n; i++) {
		struct row *a = &o.rows[R_PRIM].r[o.order[i - 1].idx];
		struct row *b = &o.rows[R_PRIM].r[o.order[i].idx];

		if (o.order[i - 1].ent != o.order[i].ent ||
		    o.order[i - 1].list != o.order[i].list)
			continue;
		/* the later of the two in the files is the one reported */
		pr__import_loc(&loc, o.files[b->file].path, b->line,
			       b->ent_col);
		rc = pr__error_at(err, PR_EPARSE, &loc, "entry %ld is listed "
				  "twice (also at %s:%lu)", b->ent,
				  o.files[a->file].path, a->line);
		goto done;
	}
	w.st = st;
	w.o = &o;
	w.res = res;
	for (i = 0; i < S_N; i++) {
		if (sqlite3_prepare_v2(st->db, sql[i], -1, &w.s[i], NULL) !=
		    SQLITE_OK) {
			rc = pr__store_dberr(st, err, "cannot record the "
					     "sanctions list");
			goto done;
		}
	}
	rc = write_all(&w, published, warn, payload, err);
	if (rc == PR_OK)
		res->version = w.version;
done:
	for (i = 0; i < S_N; i++)
		sqlite3_finalize(w.s[i]);
	pr__free(w.pieces);
	for (i = 0; i < 4; i++)
		rows_free(&o.rows[i]);
	pr__free(o.order);
	pr__free(o.files);
	return rc;
}
