/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The custody log: one entry per command that changed the case, each
 * hashed over its own fields and the previous entry's hash, so that an
 * edited or deleted entry breaks the chain. The hash input is the compact
 * JSON array [seq, at, command, args, documents, result, prev_hash], which
 * is fixed by jansson's escaping and independent of the machine.
 */
#include "config.h"
#include "common.h"
#include "store.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <jansson.h>

#define ZERO_HASH \
	"0000000000000000000000000000000000000000000000000000000000000000"

/* The entry's time: SOURCE_DATE_EPOCH when set (reproducible runs). */
static int
now_utc(char buf[32], pr_error *err)
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

	a = json_pack("[Issssss]", (json_int_t)e->seq, e->at, e->command,
		      e->args, e->documents, e->result, e->prev_hash);
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

int
pr_store_commit(pr_store *st, const char *command, int argc,
		const char *const *argv, const char *result, pr_error *err)
{
	sqlite3_stmt *s = NULL;
	char prev[PR_SHA256_HEX] = ZERO_HASH;
	char hash[PR_SHA256_HEX];
	char at[32];
	char *args = NULL;
	char *docs = NULL;
	pr_log_entry e;
	int rc;

	if (st == NULL || !st->in_txn)
		return pr__error_set(err, PR_EINVALID, "no open transaction");
	rc = now_utc(at, err);
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
	if (sqlite3_prepare_v2(st->db, "SELECT hash FROM custody WHERE seq = "
			       "?1", -1, &s, NULL) != SQLITE_OK) {
		rc = pr__store_dberr(st, err, "cannot read the custody log");
		goto fail;
	}
	sqlite3_bind_int64(s, 1, st->next_seq - 1);
	if (sqlite3_step(s) == SQLITE_ROW)
		snprintf(prev, sizeof(prev), "%s", sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	s = NULL;
	e.seq = st->next_seq;
	e.at = at;
	e.command = command;
	e.args = args;
	e.documents = docs;
	e.result = result ? result : "";
	e.prev_hash = prev;
	rc = entry_hash(hash, &e, err);
	if (rc != PR_OK)
		goto fail;
	if (sqlite3_prepare_v2(st->db, "INSERT INTO custody (seq, at, command,"
			       " args, documents, result, prev_hash, hash)"
			       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", -1,
			       &s, NULL) != SQLITE_OK) {
		rc = pr__store_dberr(st, err, "cannot write the custody log");
		goto fail;
	}
	sqlite3_bind_int64(s, 1, e.seq);
	sqlite3_bind_text(s, 2, e.at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, e.command, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, e.args, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, e.documents, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, e.result, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, e.prev_hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 8, hash, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE) {
		rc = pr__store_dberr(st, err, "cannot write the custody log");
		goto fail;
	}
	sqlite3_finalize(s);
	s = NULL;
	rc = pr__store_exec(st, "COMMIT", err);
	if (rc != PR_OK)
		goto fail;
	st->in_txn = 0;
	pr_store_rollback(st); /* clears the pending list only */
	free(args);
	free(docs);
	return PR_OK;
fail:
	sqlite3_finalize(s);
	free(args);
	free(docs);
	pr_store_rollback(st);
	return rc;
}

static int
read_entries(pr_store *st, pr_log_cb cb, void *payload, pr_error *err)
{
	sqlite3_stmt *s = NULL;
	pr_log_entry e;
	int rc;

	if (sqlite3_prepare_v2(st->db, "SELECT seq, at, command, args,"
			       " documents, result, prev_hash, hash"
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
		rc = cb(&e, payload);
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

struct verify {
	int64_t expect;
	char prev[PR_SHA256_HEX];
	int64_t bad;
	pr_error *err;
	int rc;
};

static int
verify_one(const pr_log_entry *e, void *payload)
{
	struct verify *v = payload;
	char hash[PR_SHA256_HEX];
	int rc;

	if (e->seq != v->expect) {
		v->bad = v->expect;
		return v->rc = pr__error_set(v->err, PR_EINVALID, "custody log "
					     "entry %lld is missing",
					     (long long)v->expect);
	}
	if (strcmp(e->prev_hash, v->prev) != 0) {
		v->bad = e->seq;
		return v->rc = pr__error_set(v->err, PR_EINVALID, "custody log "
					     "entry %lld does not link to "
					     "entry %lld", (long long)e->seq,
					     (long long)e->seq - 1);
	}
	rc = entry_hash(hash, e, v->err);
	if (rc != PR_OK)
		return v->rc = rc;
	if (strcmp(hash, e->hash) != 0) {
		v->bad = e->seq;
		return v->rc = pr__error_set(v->err, PR_EINVALID, "custody log "
					     "entry %lld has been altered: its "
					     "hash does not match its content",
					     (long long)e->seq);
	}
	memcpy(v->prev, e->hash, PR_SHA256_HEX);
	v->expect++;
	return 0;
}

int
pr_log_verify(pr_store *st, int64_t *bad_seq, pr_error *err)
{
	struct verify v = { 1, ZERO_HASH, 0, err, PR_OK };
	sqlite3_stmt *s = NULL;
	int rc;

	if (st == NULL)
		return pr__error_set(err, PR_EINVALID, "no case");
	if (bad_seq != NULL)
		*bad_seq = 0;
	rc = read_entries(st, verify_one, &v, err);
	if (rc == PR_OK) {
		/* An entry removed from the end leaves its documents behind. */
		if (sqlite3_prepare_v2(
			    st->db,
			    "SELECT d.id, d.name, d.log_seq"
			    " FROM document d WHERE NOT EXISTS"
			    " (SELECT 1 FROM custody c WHERE"
			    " c.seq = d.log_seq AND instr(c.documents,"
			    " d.sha256) > 0) ORDER BY d.id",
			    -1, &s, NULL) != SQLITE_OK)
			return pr__store_dberr(st, err,
					       "cannot read the custody log");
		if (sqlite3_step(s) == SQLITE_ROW) {
			v.bad = sqlite3_column_int64(s, 2);
			rc = pr__error_set(
				err, PR_EINVALID,
				"document %lld "
				"'%s' has no custody log entry: "
				"entry %lld is missing or altered",
				(long long)sqlite3_column_int64(s, 0),
				(const char *)sqlite3_column_text(s, 1),
				(long long)v.bad);
		}
		sqlite3_finalize(s);
	}
	if (bad_seq != NULL)
		*bad_seq = v.bad;
	return rc;
}
