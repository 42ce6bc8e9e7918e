/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The custody log: one entry per command that changed the case, each
 * hashed over its own fields and the previous entry's hash, so that an
 * edited or deleted entry breaks the chain. The hash input is the compact
 * JSON array [seq, at, command, args, documents, result, prev_hash], which
 * is fixed by jansson's escaping and independent of the machine; an entry
 * that wrote rows has their seal (custody_seal.c) as an eighth member, so
 * the data is chained too. Entries that wrote no rows, and every entry of
 * a case from before seals existed, hash as they always have.
 *
 * pr_log_verify checks the chain, each document against the entry that
 * imported it, each seal against the rows as stored, and that every row
 * of the case belongs to exactly one seal (docs/custody.md).
 */
#include "config.h"
#include "common.h"
#include "custody.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <jansson.h>
#define ZERO_HASH \
	"0000000000000000000000000000000000000000000000000000000000000000"

/* The entry's time: SOURCE_DATE_EPOCH when set (reproducible runs). */
int
pr__custody_now(char buf[32], pr_error *err)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	time_t t;
	struct tm tm;
	long v;

	if (sde != NULL && *sde != '\0') {
		if (pr__parse_long(&v, sde, strlen(sde), 0, 253402300799L))
			return pr__error_set(err, PR_EINVALID,
					     "SOURCE_DATE_EPOCH '%s' is not a "
					     "number of seconds", sde);
		t = (time_t)v;
	} else {
		t = time(NULL);
	}
	if (gmtime_r(&t, &tm) == NULL)
		return pr__error_set(err, PR_ERROR, "cannot read the clock");
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return PR_OK;
}

static int
entry_hash(char out[PR_SHA256_HEX], const pr_log_entry *e, pr_error *err)
{
	json_t *a;
	char *text = NULL;
	pr_sha256 *h = NULL;
	int rc;

	if (e->sealed != NULL)
		a = json_pack("[Isssssss]", (json_int_t)e->seq, e->at,
			      e->command, e->args, e->documents, e->result,
			      e->prev_hash, e->sealed);
	else
		a = json_pack("[Issssss]", (json_int_t)e->seq, e->at,
			      e->command, e->args, e->documents, e->result,
			      e->prev_hash);
	if (a == NULL)
		return pr__error_set(err, PR_ENOMEM, "cannot encode log entry");
	text = json_dumps(a, JSON_COMPACT | JSON_ENSURE_ASCII);
	json_decref(a);
	if (text == NULL)
		return pr__error_set(err, PR_ENOMEM, "cannot encode log entry");
	rc = pr_sha256_new(&h, err);
	if (rc == PR_OK) {
		pr_sha256_update(h, text, strlen(text));
		pr_sha256_final_hex(h, out);
	}
	pr_sha256_free(h);
	free(text);
	return rc;
}

static char *
json_strings(int n, const char *const *v)
{
	json_t *a = json_array();
	char *text;
	int i;

	if (a == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		if (json_array_append_new(a, json_string(v[i])) != 0) {
			json_decref(a);
			return NULL;
		}
	}
	text = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	return text;
}

/*
 * Append entry @p e inside the open transaction: its seq, at, command,
 * args, documents, result and sealed are set; prev_hash is read here from
 * the entry before (64 zeros for the first) and the hash computed.
 */
static int
write_entry(pr_store *st, pr_log_entry *e, pr_error *err)
{
	sqlite3_stmt *s = NULL;
	char prev[PR_SHA256_HEX] = ZERO_HASH;
	char hash[PR_SHA256_HEX];
	int rc;

	if (sqlite3_prepare_v2(st->db, "SELECT hash FROM custody WHERE seq = "
			       "?1", -1, &s, NULL) != SQLITE_OK)
		return pr__store_dberr(st, err, "cannot read the custody log");
	sqlite3_bind_int64(s, 1, e->seq - 1);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		snprintf(prev, sizeof(prev), "%s", sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	s = NULL;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return pr__store_dberr(st, err, "cannot read the custody log");
	e->prev_hash = prev;
	rc = entry_hash(hash, e, err);
	if (rc != PR_OK)
		return rc;
	if (sqlite3_prepare_v2(st->db, "INSERT INTO custody (seq, at, command,"
			       " args, documents, result, prev_hash, hash,"
			       " sealed) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
			       " ?8, ?9)", -1, &s, NULL) != SQLITE_OK)
		return pr__store_dberr(st, err, "cannot write the custody log");
	sqlite3_bind_int64(s, 1, e->seq);
	sqlite3_bind_text(s, 2, e->at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, e->command, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, e->args, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, e->documents, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, e->result, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, e->prev_hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 8, hash, -1, SQLITE_STATIC);
	if (e->sealed != NULL)
		sqlite3_bind_text(s, 9, e->sealed, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	e->prev_hash = NULL;
	if (rc != SQLITE_DONE)
		return pr__store_dberr(st, err, "cannot write the custody log");
	return PR_OK;
}

int
pr__custody_mark(pr_store *st, pr_error *err)
{
	int t, rc;

	for (t = 0; t < PR__N_SEALED; t++) {
		rc = pr__seal_max(st, t, &st->seal_after[t], err);
		if (rc != PR_OK)
			return rc;
	}
	return PR_OK;
}

int
pr_store_commit(pr_store *st, const char *command, int argc,
		const char *const *argv, const char *result, pr_error *err)
{
	struct pr__seal seals[PR__N_SEALED];
	char at[32];
	char *args = NULL;
	char *docs = NULL;
	char *sealed = NULL;
	pr_log_entry e;
	int t, rc;

	if (st == NULL || !st->in_txn)
		return pr__error_set(err, PR_EINVALID, "no open transaction");
	rc = pr__custody_now(at, err);
	if (rc != PR_OK)
		goto fail;
	args = json_strings(argc, argv);
	docs = json_strings((int)st->n_pending,
			    (const char *const *)st->pending_docs);
	if (args == NULL && argc > 0 && docs != NULL) {
		/* jansson refuses text that is not UTF-8 */
		rc = pr__error_set(err, PR_EINVALID, "command arguments "
				   "must be UTF-8 (a file name?)");
		goto fail;
	}
	if (args == NULL || docs == NULL) {
		rc = pr__error_set(err, PR_ENOMEM, "out of memory");
		goto fail;
	}
	for (t = 0; t < PR__N_SEALED; t++)
		seals[t].after = st->seal_after[t];
	rc = pr__seal_rows(st, seals, &sealed, NULL, err);
	if (rc != PR_OK)
		goto fail;
	memset(&e, 0, sizeof(e));
	e.seq = st->next_seq;
	e.at = at;
	e.command = command;
	e.args = args;
	e.documents = docs;
	e.result = result ? result : "";
	e.sealed = sealed;
	rc = write_entry(st, &e, err);
	if (rc != PR_OK)
		goto fail;
	rc = pr__store_exec(st, "COMMIT", err);
	if (rc != PR_OK)
		goto fail;
	st->in_txn = 0;
	pr_store_rollback(st); /* clears the pending list only */
	free(args);
	free(docs);
	free(sealed);
	return PR_OK;
fail:
	free(args);
	free(docs);
	free(sealed);
	pr_store_rollback(st);
	return rc;
}

int
pr__custody_upgrade(pr_store *st, int from, pr_error *err)
{
	struct pr__seal seals[PR__N_SEALED];
	char at[32], result[200];
	char *sealed = NULL;
	int64_t rows = 0;
	pr_log_entry e;
	int rc;

	memset(seals, 0, sizeof(seals));
	memset(&e, 0, sizeof(e));
	rc = pr__custody_now(at, err);
	if (rc != PR_OK)
		return rc;
	rc = pr__store_int64(st, PR__NEXT_SEQ, &e.seq, err);
	if (rc != PR_OK)
		return rc;
	rc = pr__seal_rows(st, seals, &sealed, &rows, err);
	if (rc != PR_OK)
		return rc;
	if (rows == 0)
		snprintf(result, sizeof(result), "schema version %d to %d: "
			 "no rows to seal", from, pr_store_schema_version());
	else
		snprintf(result, sizeof(result), "schema version %d to %d: "
			 "seals the %lld row%s written before it", from,
			 pr_store_schema_version(), (long long)rows,
			 rows == 1 ? "" : "s");
	e.at = at;
	e.command = "upgrade";
	e.args = "[]";
	e.documents = "[]";
	e.result = result;
	e.sealed = sealed;
	rc = write_entry(st, &e, err);
	free(sealed);
	return rc;
}

/* The public form of an entry's seal; NULL (none) when it has none or
 * it cannot be read (pr_log_verify says so). */
static pr_log_rows *
rows_of(const char *sealed, size_t *n)
{
	struct pr__seal *z = NULL;
	pr_log_rows *r;
	size_t i;

	*n = 0;
	if (sealed == NULL || pr__seal_parse(sealed, &z, n) != PR_OK)
		return NULL;
	r = pr__calloc(*n, sizeof(*r));
	if (r == NULL) {
		*n = 0;
		pr__free(z);
		return NULL;
	}
	for (i = 0; i < *n; i++) {
		r[i].table = pr__seal_table(z[i].table);
		r[i].first = z[i].after + 1;
		r[i].last = z[i].last;
		r[i].count = z[i].count;
		r[i].sha256 = pr__strdup(z[i].sha256);
	}
	pr__free(z);
	return r;
}

static void
rows_free(pr_log_rows *r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		pr__free((char *)r[i].sha256);
	pr__free(r);
}

static int
read_entries(pr_store *st, pr_log_cb cb, void *payload, pr_error *err)
{
	sqlite3_stmt *s = NULL;
	pr_log_rows *rows;
	pr_log_entry e;
	int rc;

	if (sqlite3_prepare_v2(st->db, "SELECT seq, at, command, args,"
			       " documents, result, prev_hash, hash, sealed"
			       " FROM custody ORDER BY seq", -1, &s, NULL) !=
	    SQLITE_OK)
		return pr__store_dberr(st, err, "cannot read the custody log");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		e.seq = sqlite3_column_int64(s, 0);
		e.at = (const char *)sqlite3_column_text(s, 1);
		e.command = (const char *)sqlite3_column_text(s, 2);
		e.args = (const char *)sqlite3_column_text(s, 3);
		e.documents = (const char *)sqlite3_column_text(s, 4);
		e.result = (const char *)sqlite3_column_text(s, 5);
		e.prev_hash = (const char *)sqlite3_column_text(s, 6);
		e.hash = (const char *)sqlite3_column_text(s, 7);
		e.sealed = (const char *)sqlite3_column_text(s, 8);
		rows = rows_of(e.sealed, &e.n_rows);
		e.rows = rows;
		rc = cb(&e, payload);
		rows_free(rows, e.n_rows);
		if (rc != 0) {
			sqlite3_finalize(s);
			return rc;
		}
	}
	if (rc != SQLITE_DONE)
		rc = pr__store_dberr(st, err, "cannot read the custody log");
	else
		rc = PR_OK;
	sqlite3_finalize(s);
	return rc;
}

int
pr_log_foreach(pr_store *st, pr_log_cb cb, void *payload, pr_error *err)
{
	if (st == NULL || cb == NULL)
		return pr__error_set(err, PR_EINVALID, "no case or callback");
	return read_entries(st, cb, payload, err);
}

/* What verify keeps of each entry once its hash has been checked. */
struct ventry {
	char *documents;         /* JSON text */
	json_t *docs;            /* parsed when a document asks */
	struct pr__seal *seals;
	size_t n_seals;
};

struct verify {
	int64_t expect;
	char prev[PR_SHA256_HEX];
	pr_log_status *status;
	pr_error *err;
	int rc;
	struct ventry *v;       /* v[seq - 1] */
	size_t n, cap;
};

static int
verify_fail(struct verify *v, int64_t seq, const char *fmt, ...)
	PR__PRINTF(3, 4);

static int
verify_fail(struct verify *v, int64_t seq, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	v->rc = pr__error_vset(v->err, PR_EINVALID, NULL, fmt, ap);
	va_end(ap);
	v->status->bad_seq = seq;
	return v->rc;
}

/* Pass 1, per entry: the chain, and the entry's seal readable. */
static int
verify_one(const pr_log_entry *e, void *payload)
{
	struct verify *v = payload;
	struct ventry *x;
	char hash[PR_SHA256_HEX];
	int rc;

	if (e->seq != v->expect)
		return verify_fail(v, v->expect, "custody log entry %lld is "
				   "missing", (long long)v->expect);
	if (strcmp(e->prev_hash, v->prev) != 0)
		return verify_fail(v, e->seq, "custody log entry %lld does "
				   "not link to entry %lld", (long long)e->seq,
				   (long long)e->seq - 1);
	rc = entry_hash(hash, e, v->err);
	if (rc != PR_OK)
		return v->rc = rc;
	if (strcmp(hash, e->hash) != 0)
		return verify_fail(v, e->seq, "custody log entry %lld has been "
				   "altered: its hash does not match its "
				   "content", (long long)e->seq);
	if (pr__grow((void **)&v->v, &v->cap, v->n + 1, sizeof(*v->v)) != 0)
		return v->rc = pr__error_set(v->err, PR_ENOMEM,
					     "out of memory");
	x = &v->v[v->n];
	memset(x, 0, sizeof(*x));
	v->n++;
	x->documents = pr__strdup(e->documents);
	if (x->documents == NULL)
		return v->rc = pr__error_set(v->err, PR_ENOMEM,
					     "out of memory");
	if (e->sealed != NULL &&
	    pr__seal_parse(e->sealed, &x->seals, &x->n_seals) != PR_OK)
		return verify_fail(v, e->seq, "custody log entry %lld: its "
				   "record of the rows it wrote cannot be "
				   "read", (long long)e->seq);
	memcpy(v->prev, e->hash, PR_SHA256_HEX);
	v->status->entries++;
	v->status->head_seq = e->seq;
	memcpy(v->status->head_hash, e->hash, PR_SHA256_HEX);
	v->expect++;
	return 0;
}

/* How many of the entry's documents are @p sha256, whole. */
static size_t
doc_count(struct ventry *x, const char *sha256)
{
	json_t *d;
	size_t i, n = 0;
	const char *h;

	if (x->docs == NULL)
		x->docs = json_loads(x->documents, 0, NULL);
	json_array_foreach(x->docs, i, d) {
		h = json_string_value(d);
		if (h != NULL && strcmp(h, sha256) == 0)
			n++;
	}
	return n;
}

/* Pass 2: each document is recorded, whole, by the entry that imported
 * it. An entry removed from the end of the log leaves its documents. */
static int
verify_documents(pr_store *st, struct verify *v)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (sqlite3_prepare_v2(st->db, "SELECT id, name, sha256, log_seq"
			       " FROM document ORDER BY id", -1, &s, NULL) !=
	    SQLITE_OK)
		return pr__store_dberr(st, v->err,
				       "cannot read the custody log");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(s, 0);
		const char *name = (const char *)sqlite3_column_text(s, 1);
		const char *sha = (const char *)sqlite3_column_text(s, 2);
		int64_t seq = sqlite3_column_int64(s, 3);
		size_t n;

		if (name == NULL || sha == NULL) {
			rc = pr__error_set(v->err, PR_ENOMEM,
					   "out of memory");
			goto done;
		}
		if (seq < 1 || (uint64_t)seq > v->n) {
			rc = verify_fail(v, seq, "document %lld '%s' has no "
					 "custody log entry: entry %lld is "
					 "missing or altered", id, name,
					 (long long)seq);
			goto done;
		}
		if (!pr_sha256_is_hex(sha)) {
			rc = verify_fail(v, seq, "custody log entry %lld: "
					 "document %lld '%s' has SHA-256 "
					 "'%s', not 64 lowercase hex digits",
					 (long long)seq, id, name, sha);
			goto done;
		}
		n = doc_count(&v->v[seq - 1], sha);
		if (n != 1) {
			rc = verify_fail(v, seq, "custody log entry %lld: "
					 "document %lld '%s' has SHA-256 "
					 "'%s', which the entry %s", (long long)seq,
					 id, name, sha, n == 0 ? "does not "
					 "record" : "records more than once");
			goto done;
		}
	}
	rc = rc == SQLITE_DONE ? PR_OK :
	     pr__store_dberr(st, v->err, "cannot read the custody log");
done:
	sqlite3_finalize(s);
	return rc;
}

/* Pass 3: every seal recomputed from the rows as stored. */
static int
verify_seals(pr_store *st, struct verify *v)
{
	int64_t prev_last[PR__N_SEALED] = { 0 };
	int64_t prev_seq[PR__N_SEALED] = { 0 };
	char hex[PR_SHA256_HEX];
	int64_t count, gap;
	size_t i, j;
	int rc;

	for (i = 0; i < v->n; i++) {
		long long seq = (long long)i + 1;

		for (j = 0; j < v->v[i].n_seals; j++) {
			const struct pr__seal *z = &v->v[i].seals[j];
			const char *tn = pr__seal_table(z->table);

			if (z->after < prev_last[z->table])
				return verify_fail(v, seq, "custody log entry "
						   "%lld: its rows of %s "
						   "overlap those of entry "
						   "%lld", seq, tn, (long long)
						   prev_seq[z->table]);
			rc = pr__seal_digest(st, z->table, z->after, z->last,
					     hex, &count, &gap, v->err);
			if (rc != PR_OK)
				return rc;
			if (count < z->count && gap != 0 &&
			    z->count == z->last - z->after)
				return verify_fail(v, seq, "custody log entry "
						   "%lld: row %lld of %s, "
						   "which it wrote, has been "
						   "deleted", seq,
						   (long long)gap, tn);
			if (count != z->count || strcmp(hex, z->sha256) != 0)
				return verify_fail(v, seq, "custody log entry "
						   "%lld: the rows of %s it "
						   "wrote have been altered "
						   "(rows %lld..%lld)", seq, tn,
						   (long long)z->after + 1,
						   (long long)z->last);
			prev_last[z->table] = z->last;
			prev_seq[z->table] = seq;
			v->status->rows += count;
		}
	}
	return PR_OK;
}

/* Pass 4: no row outside every seal, table by table, lowest rowid
 * first. The seals of one table follow one another (pass 3), so the rows
 * outside them are those below the first, between two, or above the
 * last. */
static int
verify_coverage(pr_store *st, struct verify *v)
{
	const struct pr__seal *z;
	int64_t lo, hi, row;
	size_t i, j;
	int t, found, rc;

	for (t = 0; t < PR__N_SEALED; t++) {
		lo = INT64_MIN;
		for (i = 0; i <= v->n; i++) {
			z = NULL;
			for (j = 0; i < v->n && j < v->v[i].n_seals; j++)
				if (v->v[i].seals[j].table == t)
					z = &v->v[i].seals[j];
			if (i < v->n && z == NULL)
				continue;
			hi = z != NULL ? z->after : INT64_MAX;
			rc = pr__seal_first_row(st, t, lo, hi, &row, &found,
						v->err);
			if (rc != PR_OK)
				return rc;
			if (found)
				return verify_fail(v, 0, "row %lld of %s was "
						   "written by no custody log "
						   "entry", (long long)row,
						   pr__seal_table(t));
			if (z == NULL || z->last == INT64_MAX)
				break;
			lo = z->last + 1;
		}
	}
	return PR_OK;
}

/* Pass 0: no trigger or view. proceeds makes none; a trigger could
 * change rows as a later command writes them, before they are sealed. */
static int
verify_schema(pr_store *st, struct verify *v)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (sqlite3_prepare_v2(st->db, "SELECT type, name FROM sqlite_schema"
			       " WHERE type IN ('trigger', 'view')"
			       " ORDER BY name LIMIT 1", -1, &s, NULL) !=
	    SQLITE_OK)
		return pr__store_dberr(st, v->err, "cannot read the case");
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		rc = verify_fail(v, 0, "the case holds a %s '%s', which "
				 "proceeds never makes",
				 (const char *)sqlite3_column_text(s, 0),
				 (const char *)sqlite3_column_text(s, 1));
	else if (rc == SQLITE_DONE)
		rc = PR_OK;
	else
		rc = pr__store_dberr(st, v->err, "cannot read the case");
	sqlite3_finalize(s);
	return rc;
}

static void
verify_clear(struct verify *v)
{
	size_t i;

	for (i = 0; i < v->n; i++) {
		pr__free(v->v[i].documents);
		json_decref(v->v[i].docs);
		pr__free(v->v[i].seals);
	}
	pr__free(v->v);
}

int
pr_log_verify_status(pr_store *st, pr_log_status *status, pr_error *err)
{
	pr_log_status local;
	struct verify v;
	int rc, own_txn = 0;

	if (status == NULL)
		status = &local;
	memset(status, 0, sizeof(*status));
	if (st == NULL)
		return pr__error_set(err, PR_EINVALID, "no case");
	memset(&v, 0, sizeof(v));
	v.expect = 1;
	memcpy(v.prev, ZERO_HASH, PR_SHA256_HEX);
	v.status = status;
	v.err = err;
	/* one snapshot for every pass (or the caller's transaction) */
	if (sqlite3_get_autocommit(st->db)) {
		rc = pr__store_exec(st, "BEGIN", err);
		if (rc != PR_OK)
			return rc;
		own_txn = 1;
	}
	rc = verify_schema(st, &v);
	if (rc == PR_OK)
		rc = read_entries(st, verify_one, &v, err);
	if (rc == PR_OK)
		rc = verify_documents(st, &v);
	if (rc == PR_OK)
		rc = verify_seals(st, &v);
	if (rc == PR_OK)
		rc = verify_coverage(st, &v);
	if (own_txn)
		sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
	verify_clear(&v);
	return rc;
}

int
pr_log_verify(pr_store *st, int64_t *bad_seq, pr_error *err)
{
	pr_log_status status;
	int rc;

	rc = pr_log_verify_status(st, &status, err);
	if (bad_seq != NULL)
		*bad_seq = status.bad_seq;
	return rc;
}
