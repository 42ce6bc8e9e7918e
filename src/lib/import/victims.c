/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The canonical victims CSV: the parties of the case by pseudonym (the
 * real name stays in the case, never in a report) and the accounts and
 * addresses each one owns, signs on, controls or holds as a nominee
 * (docs/formats.md). Whether a control line's party exists is checked
 * as the lines are written (import.c): it may be in the case already.
 */
#include "config.h"
#include "common.h"
#include "csvread.h"
#include "import.h"
#include "store.h"

#include <stdio.h>
#include <string.h>

enum { K_RECORD, K_ID, K_ROLE, K_NAME, K_ACCOUNT, K_RELATION, K_START,
       K_END, K_NOTE, K_N };

static const char *const names[K_N] = {
	"record", "id", "role", "name", "account", "relation", "start",
	"end", "note"
};

struct victims {
	const pr__import_sink *sink;
	int have_header;
	long col[K_N];
	size_t nfields;
	uint64_t parties, controls;
	pr__party_row row;
};

int
pr__pseudonym_ok(const char *s, size_t len)
{
	size_t i = 0, d;

	while (i < len && i < 9 && s[i] >= 'A' && s[i] <= 'Z')
		i++;
	if (i == 0 || i > 8 || i + 1 >= len || s[i] != '-' ||
	    s[i + 1] == '0')
		return 0;
	for (d = i + 1; d < len; d++)
		if (s[d] < '0' || s[d] > '9')
			return 0;
	return len - i - 1 <= 6;
}




/* Fields a line of this kind does not have must be empty: a value there
 * is a line meant as the other kind, or a column shifted. */
static int
empty(const pr__csv_record *rec, const struct victims *v, const int *ks,
      const char *kind, pr_error *err)
{
	char msg[120];
	long c;

	for (; *ks >= 0; ks++) {
		c = v->col[*ks];
		if (rec->len[c] == 0)
			continue;
		snprintf(msg, sizeof(msg), "a %s line has no %s (leave it "
			 "empty)", kind, names[*ks]);
		return pr__csv_fail(rec, (size_t)c, err, msg);
	}
	return PR_OK;
}

/* An optional ISO date: 1 in *has when given. */
static int
date(const pr__csv_record *rec, long c, int *has, pr_date *out,
     pr_error *err)
{
	pr_error e;

	*has = 0;
	if (rec->len[c] == 0)
		return PR_OK;
	pr_error_clear(&e);
	if (pr_date_parse(out, rec->field[c], rec->len[c], "ISO", &e))
		return pr__csv_fail(rec, (size_t)c, err, e.msg);
	*has = 1;
	return PR_OK;
}

static int
party(const pr__csv_record *rec, struct victims *v, pr_error *err)
{
	static const int none[] = { K_ACCOUNT, K_RELATION, K_START, K_END,
				    -1 };
	pr__party_row *row = &v->row;
	const char *id = rec->field[v->col[K_ID]];
	const char *role = rec->field[v->col[K_ROLE]];
	long c = v->col[K_ROLE];
	char q[64], msg[200];
	int rc;

	if (strcmp(role, "victim") != 0 && strcmp(role, "defendant") != 0 &&
	    strcmp(role, "other") != 0) {
		if (rec->len[c] == 0)
			snprintf(msg, sizeof(msg), "no role (expected victim, "
				 "defendant or other)");
		else
			snprintf(msg, sizeof(msg), "unknown role '%s' "
				 "(expected victim, defendant or other)",
				 pr__quote(q, sizeof(q), role, rec->len[c]));
		return pr__csv_fail(rec, (size_t)c, err, msg);
	}
	/* A reader of a report takes V- for a victim and D- for a
	 * defendant: the pseudonym must not say otherwise. */
	c = v->col[K_ID];
	if ((id[0] == 'V' && id[1] == '-') != (role[0] == 'v') ||
	    (id[0] == 'D' && id[1] == '-') != (role[0] == 'd')) {
		snprintf(msg, sizeof(msg), "pseudonym '%s' does not fit role "
			 "%s (victims are V-N, defendants D-N, and only they)",
			 pr__quote(q, sizeof(q), id, rec->len[c]), role);
		return pr__csv_fail(rec, (size_t)c, err, msg);
	}
	c = v->col[K_NAME];
	if (pr__csv_blank(rec->field[c]))
		return pr__csv_fail(rec, (size_t)c, err, "no name: give the "
				    "party's real name (reports show only the "
				    "pseudonym)");
	rc = empty(rec, v, none, "party", err);
	if (rc != PR_OK)
		return rc;
	row->kind = "party";
	row->role = role;
	row->name = rec->field[c];
	row->account = "";
	row->relation = "";
	v->parties++;
	return PR_OK;
}

static int
control(const pr__csv_record *rec, struct victims *v, pr_error *err)
{
	static const int none[] = { K_ROLE, K_NAME, -1 };
	pr__party_row *row = &v->row;
	const char *rel;
	char q[64], msg[200];
	long c;
	int rc;

	rc = empty(rec, v, none, "control", err);
	if (rc != PR_OK)
		return rc;
	c = v->col[K_ACCOUNT];
	if (rec->len[c] == 0)
		return pr__csv_fail(rec, (size_t)c, err, "no account: name the "
				    "account or address the party controls");
	rc = pr__csv_trimmed(rec, c, err);
	if (rc != PR_OK)
		return rc;
	row->account = rec->field[c];
	c = v->col[K_RELATION];
	rel = rec->field[c];
	if (strcmp(rel, "owner") != 0 && strcmp(rel, "signer") != 0 &&
	    strcmp(rel, "controller") != 0 && strcmp(rel, "nominee") != 0) {
		if (rec->len[c] == 0)
			snprintf(msg, sizeof(msg), "no relation (expected "
				 "owner, signer, controller or nominee)");
		else
			snprintf(msg, sizeof(msg), "unknown relation '%s' "
				 "(expected owner, signer, controller or "
				 "nominee)", pr__quote(q, sizeof(q), rel,
						       rec->len[c]));
		return pr__csv_fail(rec, (size_t)c, err, msg);
	}
	row->relation = rel;
	rc = date(rec, v->col[K_START], &row->has_start, &row->start, err);
	if (rc == PR_OK)
		rc = date(rec, v->col[K_END], &row->has_end, &row->end, err);
	if (rc != PR_OK)
		return rc;
	if (row->has_start && row->has_end && row->end < row->start)
		return pr__csv_bad(rec, v->col[K_END],
				   ": the end is before the start", err);
	c = v->col[K_NOTE];
	if (pr__csv_blank(rec->field[c]))
		return pr__csv_fail(rec, (size_t)c, err, "no note: say how "
				    "the party is known to control the "
				    "account (signature card, interview ...)");
	row->kind = "control";
	row->role = "";
	row->name = "";
	v->controls++;
	return PR_OK;
}

static int
on_record(const pr__csv_record *rec, void *payload, pr_error *err)
{
	struct victims *v = payload;
	pr__party_row *row = &v->row;
	const char *kind;
	char q[64], msg[200];
	pr_loc loc;
	long c;
	int rc;

	if (!v->have_header) {
		v->have_header = 1;
		v->nfields = rec->n;
		return pr__csv_header(v->col, names, K_N, NULL,
				      "(expected record, id, role, name, "
				      "account, relation, start, end, note)",
				      rec, err);
	}
	if (pr__csv_width(rec, v->nfields, err) != PR_OK)
		return PR_EPARSE;
	memset(row, 0, sizeof(*row));
	c = v->col[K_RECORD];
	kind = rec->field[c];
	if (strcmp(kind, "party") != 0 && strcmp(kind, "control") != 0) {
		snprintf(msg, sizeof(msg), "unknown record '%s' (expected "
			 "party or control)",
			 pr__quote(q, sizeof(q), kind, rec->len[c]));
		return pr__csv_fail(rec, (size_t)c, err, msg);
	}
	c = v->col[K_ID];
	if (rec->len[c] == 0)
		return pr__csv_fail(rec, (size_t)c, err, "no id: give the "
				    "party's pseudonym (V-1, D-1 ...)");
	if (!pr__pseudonym_ok(rec->field[c], rec->len[c]))
		return pr__csv_bad(rec, c,
				   " is not a pseudonym (expected capital "
				   "letters, '-' and a number: V-1, D-2)", err);
	rc = kind[0] == 'p' ? party(rec, v, err) : control(rec, v, err);
	if (rc != PR_OK)
		return rc;
	row->line = rec->line;
	row->pseudonym = rec->field[c];
	row->note = rec->field[v->col[K_NOTE]];
	pr__csv_field_loc(&loc, rec, (size_t)c);
	row->id_column = loc.column;
	return v->sink->party(row, v->sink->payload, err);
}

int
pr__victims_read(const char *path, const char *name,
		 const pr_import_options *o, const pr__import_sink *sink,
		 pr__read_info *info, pr_error *err)
{
	pr__csv_options co;
	struct victims v;
	int rc;

	memset(&v, 0, sizeof(v));
	memset(&co, 0, sizeof(co));
	v.sink = sink;
	co.delim = ',';
	co.encoding = PR_ENC_UTF8;
	co.progress = o->progress;
	co.progress_payload = o->payload;
	rc = pr__csv_read(path, name, &co, on_record, &v, info->sha256,
			  &info->size, err);
	if (rc == PR_OK && v.parties + v.controls == 0)
		rc = pr__error_set(err, PR_EPARSE, "%s: no parties or control "
				   "lines%s", name,
				   v.have_header ? " after the header" : "");
	info->records = v.parties;
	info->statements = v.controls;
	return rc;
}

/*
 * Writing: parties and control lines are a small kind, written by the
 * reader's callback directly inside the import's transaction.
 */

int
pr__party_find(pr_store *st, const char *p, int64_t *id, char *role,
	       size_t role_size, char *where, size_t where_size,
	       pr_error *err)
{
	sqlite3_stmt *s = st->q[Q_PARTY_FIND];
	int rc;

	*id = 0;
	sqlite3_bind_text(s, 1, p, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		snprintf(role, role_size, "%s",
			 (const char *)sqlite3_column_text(s, 1));
		snprintf(where, where_size, "%s:%lld",
			 (const char *)sqlite3_column_text(s, 2),
			 (long long)sqlite3_column_int64(s, 3));
	} else if (rc != SQLITE_DONE) {
		rc = pr__store_dberr(st, err, "cannot look up party");
		pr__stmt_done(s);
		return rc;
	}
	pr__stmt_done(s);
	return PR_OK;
}

void
pr__bind_date(sqlite3_stmt *s, int col, int has, int32_t d)
{
	if (has)
		sqlite3_bind_int(s, col, d);
	else
		sqlite3_bind_null(s, col);
}

/*
 * A party, unless its pseudonym is taken (in this file or the case: a
 * pseudonym names one person in every report); or a control line,
 * whose party must be defined, earlier in this file or in the case.
 */
int
pr__party_write(pr_store *st, int64_t doc, const char *name,
		const pr__party_row *r, pr_error *err)
{
	const char *p = r->pseudonym;
	char role[16], where[300], q[64];
	sqlite3_stmt *s;
	int64_t id;
	pr_loc loc;
	int rc;

	rc = pr__party_find(st, p, &id, role, sizeof(role), where,
			    sizeof(where), err);
	if (rc != PR_OK)
		return rc;
	pr__import_loc(&loc, name, r->line, r->id_column);
	pr__quote(q, sizeof(q), p, strlen(p));
	if (strcmp(r->kind, "party") == 0) {
		if (id != 0)
			return pr__error_at(err, PR_EEXISTS, &loc, "party "
					    "'%s' is already defined at %s", q,
					    where);
		s = st->q[Q_PARTY_INSERT];
		sqlite3_bind_int64(s, 1, doc);
		sqlite3_bind_int64(s, 2, (sqlite3_int64)r->line);
		sqlite3_bind_text(s, 3, p, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 4, r->role, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 5, r->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 6, r->note, -1, SQLITE_STATIC);
	} else {
		if (id == 0)
			return pr__error_at(err, PR_ENOTFOUND, &loc, "no party "
					    "'%s' in this file or the case "
					    "(define it on a party line)", q);
		s = st->q[Q_CONTROL_INSERT];
		sqlite3_bind_int64(s, 1, doc);
		sqlite3_bind_int64(s, 2, (sqlite3_int64)r->line);
		sqlite3_bind_int64(s, 3, id);
		sqlite3_bind_text(s, 4, r->account, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 5, r->relation, -1, SQLITE_STATIC);
		pr__bind_date(s, 6, r->has_start, r->start);
		pr__bind_date(s, 7, r->has_end, r->end);
		sqlite3_bind_text(s, 8, r->note, -1, SQLITE_STATIC);
	}
	rc = sqlite3_step(s);
	pr__stmt_done(s);
	if (rc != SQLITE_DONE)
		return pr__store_dberr(st, err, "cannot record party");
	return PR_OK;
}
