/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Writing what the format readers produce into the case. A reader streams
 * rows to these sinks; one prepared INSERT per row, inside the command's
 * transaction, so a bad row anywhere leaves the case as it was.
 */
#include "config.h"
#include "common.h"
#include "import.h"
#include "profile.h"
#include "store.h"

#include <string.h>

struct writer {
	pr_store *st;
	int64_t doc;
	/* the last account looked up: exports hold one account, mostly */
	char *acct_ident;
	char acct_cur[16];
	int64_t acct_id;
};

static int
account_id(struct writer *w, int64_t *id, const char *ident,
	   const char *cur, pr_error *err)
{
	int rc;

	if (w->acct_ident != NULL && strcmp(w->acct_ident, ident) == 0 &&
	    strcmp(w->acct_cur, cur) == 0) {
		*id = w->acct_id;
		return PR_OK;
	}
	rc = pr__store_account(w->st, id, ident, cur, err);
	if (rc != PR_OK)
		return rc;
	pr__free(w->acct_ident);
	w->acct_ident = pr__strdup(ident);
	if (w->acct_ident == NULL)
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	snprintf(w->acct_cur, sizeof(w->acct_cur), "%s", cur);
	w->acct_id = *id;
	return PR_OK;
}

static int
put_row(const pr__bank_row *r, void *payload, pr_error *err)
{
	struct writer *w = payload;
	sqlite3_stmt *s = w->st->q[Q_TXN_INSERT];
	int64_t acct;
	int rc;

	rc = account_id(w, &acct, r->account, r->currency, err);
	if (rc != PR_OK)
		return rc;
	sqlite3_bind_int64(s, 1, w->doc);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)r->record);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)r->line);
	sqlite3_bind_int64(s, 4, acct);
	sqlite3_bind_int(s, 5, r->date);
	if (r->has_value_date)
		sqlite3_bind_int(s, 6, r->value_date);
	else
		sqlite3_bind_null(s, 6);
	rc = pr__store_bind_amount(s, 7, r->amount);
	if (rc == SQLITE_OK && r->has_balance)
		rc = pr__store_bind_amount(s, 8, r->balance);
	else if (rc == SQLITE_OK)
		rc = sqlite3_bind_null(s, 8);
	sqlite3_bind_text(s, 9, r->description, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 10, r->reference, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 11, r->counterparty, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 12, r->counter_account, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return pr__store_dberr(w->st, err, "cannot record transaction");
	return PR_OK;
}

static int
put_statement(const pr__statement_row *r, void *payload, pr_error *err)
{
	struct writer *w = payload;
	sqlite3_stmt *s = w->st->q[Q_STATEMENT_INSERT];
	int64_t acct;
	int rc;

	rc = account_id(w, &acct, r->account, r->currency, err);
	if (rc != PR_OK)
		return rc;
	sqlite3_bind_int64(s, 1, acct);
	sqlite3_bind_int(s, 2, r->start);
	sqlite3_bind_int(s, 3, r->end);
	rc = pr__store_bind_amount(s, 4, r->opening);
	if (rc == SQLITE_OK)
		rc = pr__store_bind_amount(s, 5, r->closing);
	sqlite3_bind_text(s, 6, r->source, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 7, w->doc);
	sqlite3_bind_int64(s, 8, (sqlite3_int64)r->line);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return pr__store_dberr(w->st, err, "cannot record statement");
	return PR_OK;
}

static int
run(pr_store *st, const char *path, const char *name, const char *kind,
    const pr_profile *p, const pr_import_options *opts,
    pr_import_result *res, pr_error *err)
{
	pr_import_options none = PR_IMPORT_OPTIONS_INIT;
	pr__import_sink sink;
	pr__read_info info;
	struct writer w;
	const char *base;
	int rc;

	if (st == NULL || path == NULL)
		return pr__error_set(err, PR_EINVALID, "no case or file");
	if (!st->in_txn)
		return pr__error_set(err, PR_EINVALID, "import outside a "
				     "transaction (call pr_store_begin)");
	if (opts == NULL)
		opts = &none;
	if (name == NULL)
		name = path;
	memset(&w, 0, sizeof(w));
	memset(&info, 0, sizeof(info));
	w.st = st;
	sink.row = put_row;
	sink.statement = put_statement;
	sink.payload = &w;
	/* The case records the file's name, not where it sat on this
	 * machine; messages keep the path as the user gave it. */
	base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
	rc = pr__store_add_document(st, &w.doc, base, kind,
				    p ? p->name : NULL,
				    p ? p->sha256 : NULL,
				    p ? p->descending : 0, err);
	if (rc == PR_OK && p != NULL)
		rc = pr__bankcsv_read(path, name, p, opts, &sink, &info, err);
	else if (rc == PR_OK)
		rc = pr__statements_read(path, name, opts, &sink, &info, err);
	if (rc == PR_OK)
		rc = pr__store_finish_document(st, w.doc, name, info.sha256,
					       info.size, info.records, err);
	if (rc == PR_OK && res != NULL) {
		res->document = w.doc;
		res->records = info.records;
		res->statements = info.statements;
		res->size = info.size;
		memcpy(res->sha256, info.sha256, sizeof(res->sha256));
	}
	pr__free(w.acct_ident);
	return rc;
}

int
pr_import_bank(pr_store *st, const char *path, const char *name,
	       const pr_profile *profile, const pr_import_options *opts,
	       pr_import_result *res, pr_error *err)
{
	if (profile == NULL)
		return pr__error_set(err, PR_EINVALID, "no profile given");
	return run(st, path, name, "bank", profile, opts, res, err);
}

int
pr_import_statements(pr_store *st, const char *path, const char *name,
		     const pr_import_options *opts, pr_import_result *res,
		     pr_error *err)
{
	return run(st, path, name, "statements", NULL, opts, res, err);
}
