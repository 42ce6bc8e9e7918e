/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The custody log's seal over the data: which rows of which table each
 * entry wrote, and a SHA-256 over a canonical serialisation of them, read
 * back from the case. pr_store_commit seals with these functions and
 * pr_log_verify recomputes with the same ones, so what is checked is what
 * is stored, not what an importer meant to store.
 *
 * The serialisation (docs/custody.md) of the rows of one table with
 * after < rowid <= last: the table's name and its column list, then each
 * row in rowid order as its rowid and each column in the list's order.
 * Every value is a tag and a fixed-width or length-prefixed body, so no
 * two different sequences of rows serialise alike:
 *
 *   'i' + 8 bytes, big-endian two's complement     INTEGER
 *   't' + 8-byte big-endian length + UTF-8 bytes   TEXT
 *   'b' + 8-byte big-endian length + bytes         BLOB
 *   'r' + 8-byte big-endian length + SQLite's text REAL (never written)
 *   'n'                                            NULL
 *
 * Every writer of the case appends: no command updates or deletes a row
 * an earlier command wrote (the document row an import adds is completed
 * by the same transaction, before the seal is taken). So the rows a
 * transaction wrote are exactly those above each table's highest rowid at
 * its start (txn_detail shares its rowids with txn, so its range has
 * gaps, but every row in it is the transaction's own).
 */
#include "config.h"
#include "common.h"
#include "custody.h"

#include <stdlib.h>
#include <string.h>
#include <jansson.h>

/* Each sealed table: its columns after the rowid, in schema order, and
 * the statements that read it. The list is fixed: a migration that adds
 * a column must not change what earlier entries' digests covered
 * (tests/check_custody.c compares it with the schema). */
#define SEALED(t, cols) { #t, cols,					\
	"SELECT pr_seal_row(rowid, " cols ") FROM " #t " WHERE"		\
	" rowid > ?1 AND rowid <= ?2 ORDER BY rowid",			\
	"SELECT max(rowid) FROM " #t,					\
	"SELECT rowid FROM " #t " WHERE rowid >= ?1 AND rowid <= ?2"	\
	" ORDER BY rowid LIMIT 1" }

static const struct sealed {
	const char *name;
	const char *columns;
	const char *sql_rows;
	const char *sql_max;
	const char *sql_first;
} sealed[PR__N_SEALED] = {
	SEALED(document, "sha256, name, size, kind, profile, profile_sha256,"
	       " descending, records, log_seq"),
	SEALED(account, "ident, currency"),
	SEALED(txn, "document_id, record, line, account_id, date, value_date,"
	       " amount, balance, description, reference, counterparty,"
	       " counter_account"),
	SEALED(statement, "account_id, start_date, end_date, opening,"
	       " closing, source, document_id, line"),
	SEALED(wire, "document_id, record, line, format, value_date,"
	       " currency, amount, instructed_currency, instructed_amount,"
	       " originator_name, originator_account, originator_bank,"
	       " beneficiary_name, beneficiary_account, beneficiary_bank,"
	       " imad, omad, uetr, reference, details"),
	SEALED(rate, "document_id, line, date, base, quote, rate, source"),
	SEALED(chain_tx, "document_id, record, line, chain, kind, hash,"
	       " block, time, date, status, fee_asset, fee"),
	SEALED(chain_move, "tx_id, n, side, address, asset, value, prev_hash,"
	       " prev_index"),
	SEALED(asset, "document_id, line, ref, class, identifier,"
	       " description, owner, nominee, acquired, currency, cost"),
	SEALED(asset_event, "asset_id, document_id, line, kind, method, date,"
	       " currency, amount, party, reference"),
	SEALED(txn_detail, "op, time, hash, address, trade"),
	SEALED(decision, "document_id, line, action, subject, other, reason"),
	SEALED(party, "document_id, line, pseudonym, role, name, note"),
	SEALED(control, "document_id, line, party_id, account, relation,"
	       " start_date, end_date, reason"),
	SEALED(designation, "document_id, line, origin, kind, pattern,"
	       " account, start_date, end_date, txn_id, reason, source"),
	SEALED(work, "document_id, line, party_id, kind, start_date,"
	       " end_date, hours, currency, amount, basis, source"),
	SEALED(crypto_asset, "document_id, line, code, decimals, chain,"
	       " contract, source"),
	SEALED(sanctions_version, "published, lists, entries, aliases,"
	       " places, wallets"),
	SEALED(sanctions_file, "version_id, document_id, kind"),
	SEALED(sanctions_entry, "version_id, document_id, line, list,"
	       " ent_num, name, type, programs, title, call_sign, vess_type,"
	       " tonnage, grt, vess_flag, vess_owner, remarks"),
	SEALED(sanctions_comment, "version_id, document_id, line, entry_id,"
	       " remarks"),
	SEALED(sanctions_alias, "version_id, document_id, line, entry_id,"
	       " alt_num, kind, name, weak, remarks"),
	SEALED(sanctions_place, "version_id, document_id, line, entry_id,"
	       " add_num, address, city, country, remarks"),
	SEALED(sanctions_wallet, "version_id, document_id, line, entry_id,"
	       " n, currency, address"),
};

const char *
pr__seal_table(int t)
{
	return sealed[t].name;
}

const char *
pr__seal_columns(int t)
{
	return sealed[t].columns;
}

int
pr__seal_table_find(const char *name)
{
	int t;

	for (t = 0; t < PR__N_SEALED; t++)
		if (strcmp(sealed[t].name, name) == 0)
			return t;
	return -1;
}

int
pr__seal_max(pr_store *st, int t, int64_t *max, pr_error *err)
{
	return pr__store_int64(st, sealed[t].sql_max, max, err);
}

int
pr__seal_first_row(pr_store *st, int t, int64_t lo, int64_t hi,
		   int64_t *rowid, int *found, pr_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	*rowid = 0;
	*found = 0;
	if (lo > hi)
		return PR_OK;
	if (sqlite3_prepare_v2(st->db, sealed[t].sql_first, -1, &s, NULL) !=
	    SQLITE_OK)
		return pr__store_dberr(st, err, "cannot read the case");
	sqlite3_bind_int64(s, 1, lo);
	sqlite3_bind_int64(s, 2, hi);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*rowid = sqlite3_column_int64(s, 0);
		*found = 1;
		rc = PR_OK;
	} else if (rc == SQLITE_DONE) {
		rc = PR_OK;
	} else {
		rc = pr__store_dberr(st, err, "cannot read the case");
	}
	sqlite3_finalize(s);
	return rc;
}

/*
 * The rows reach the serialisation through an SQL function, pr_seal_row,
 * called by the query for each row with the rowid and the columns as its
 * arguments: reading them as function arguments costs a quarter less
 * than through sqlite3_column_*, which matters at 10^6 rows per import.
 * The serialisation goes through a buffer: one SHA-256 update per 64 KiB,
 * not one per value.
 */
#define SINK_SIZE 65536

struct sink {
	pr_sha256 *h;
	int64_t expect;  /* the rowid that should come next */
	int64_t gap;     /* the first rowid that did not come; 0 none */
	int64_t count;
	int fault;       /* PR_ENOMEM, or PR_ERROR: rows out of order */
	size_t n;
	unsigned char buf[SINK_SIZE];
};

static void
sink_flush(struct sink *k)
{
	pr_sha256_update(k->h, k->buf, k->n);
	k->n = 0;
}

/* A tag and a 64-bit big-endian number. */
static void
sink_tag_u64(struct sink *k, char tag, uint64_t v)
{
	unsigned char *b;
	int i;

	if (k->n + 9 > SINK_SIZE)
		sink_flush(k);
	b = k->buf + k->n;
	b[0] = (unsigned char)tag;
	for (i = 8; i >= 1; i--) {
		b[i] = (unsigned char)(v & 0xff);
		v >>= 8;
	}
	k->n += 9;
}

/* A tag, the length and the bytes. */
static void
sink_bytes(struct sink *k, char tag, const void *p, size_t n)
{
	sink_tag_u64(k, tag, (uint64_t)n);
	if (k->n + n > SINK_SIZE)
		sink_flush(k);
	if (n > SINK_SIZE) {
		pr_sha256_update(k->h, p, n);
		return;
	}
	memcpy(k->buf + k->n, p, n);
	k->n += n;
}

/* One value, tagged. */
static void
sink_value(struct sink *k, sqlite3_value *v)
{
	const void *p;
	int type = sqlite3_value_type(v);
	char tag;

	switch (type) {
	case SQLITE_INTEGER:
		sink_tag_u64(k, 'i', (uint64_t)sqlite3_value_int64(v));
		return;
	case SQLITE_NULL:
		if (k->n + 1 > SINK_SIZE)
			sink_flush(k);
		k->buf[k->n++] = 'n';
		return;
	case SQLITE_BLOB:
		p = sqlite3_value_blob(v);
		tag = 'b';
		break;
	case SQLITE_TEXT:
		p = sqlite3_value_text(v);
		tag = 't';
		break;
	default: /* REAL, as SQLite prints it: no column of ours holds one */
		p = sqlite3_value_text(v);
		tag = 'r';
		break;
	}
	if (p == NULL && type != SQLITE_BLOB) {
		k->fault = PR_ENOMEM;
		return;
	}
	sink_bytes(k, tag, p, (size_t)sqlite3_value_bytes(v));
}

/* pr_seal_row(rowid, columns...): one row into the sink. The query
 * walks the rowid range in order; a rowid out of order is a fault, so
 * the digest never depends on the plan SQLite picks. */
static void
seal_row(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct sink *k = sqlite3_user_data(ctx);
	int64_t rowid = sqlite3_value_int64(argv[0]);
	int i;

	if (k->fault != 0)
		return;
	if (k->count > 0 && rowid < k->expect) {
		k->fault = PR_ERROR;
		return;
	}
	if (k->gap == 0 && rowid != k->expect)
		k->gap = k->expect;
	k->expect = rowid + 1;
	for (i = 0; i < argc; i++)
		sink_value(k, argv[i]);
	k->count++;
}

int
pr__seal_digest(pr_store *st, int t, int64_t after, int64_t last,
		char hex[PR_SHA256_HEX], int64_t *count, int64_t *gap,
		pr_error *err)
{
	const struct sealed *tb = &sealed[t];
	struct sink *k = NULL;
	sqlite3_stmt *s = NULL;
	int rc;

	*count = 0;
	if (gap != NULL)
		*gap = 0;
	k = pr__calloc(1, sizeof(*k));
	if (k == NULL)
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	k->expect = after + 1;
	rc = pr_sha256_new(&k->h, err);
	if (rc != PR_OK)
		goto done;
	/* only for the query below: not from a trigger or view */
	if (sqlite3_create_function_v2(st->db, "pr_seal_row", -1,
				       SQLITE_UTF8 | SQLITE_DIRECTONLY, k,
				       seal_row, NULL, NULL, NULL) !=
	    SQLITE_OK ||
	    sqlite3_prepare_v2(st->db, tb->sql_rows, -1, &s, NULL) !=
	    SQLITE_OK) {
		rc = pr__store_dberr(st, err, "cannot read the case");
		goto done;
	}
	sqlite3_bind_int64(s, 1, after);
	sqlite3_bind_int64(s, 2, last);
	sink_bytes(k, 't', tb->name, strlen(tb->name));
	sink_bytes(k, 't', tb->columns, strlen(tb->columns));
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && k->fault == 0)
		;
	if (k->fault != 0) {
		rc = k->fault == PR_ENOMEM ?
		     pr__error_set(err, PR_ENOMEM, "out of memory") :
		     pr__error_set(err, PR_ERROR, "%s: the rows of %s came "
				   "out of rowid order", st->path, tb->name);
		goto done;
	}
	if (rc != SQLITE_DONE) {
		rc = pr__store_dberr(st, err, "cannot read the case");
		goto done;
	}
	if (k->gap == 0 && k->expect <= last)
		k->gap = k->expect;
	*count = k->count;
	if (gap != NULL)
		*gap = k->gap;
	sink_flush(k);
	pr_sha256_final_hex(k->h, hex);
	rc = PR_OK;
done:
	sqlite3_finalize(s);
	/* the function points into k: gone with it */
	sqlite3_create_function_v2(st->db, "pr_seal_row", -1, SQLITE_UTF8 |
				   SQLITE_DIRECTONLY, NULL, NULL, NULL, NULL,
				   NULL);
	pr_sha256_free(k->h);
	pr__free(k);
	return rc;
}

int
pr__seal_rows(pr_store *st, struct pr__seal seals[PR__N_SEALED],
	      char **json_out, int64_t *rows_out, pr_error *err)
{
	json_t *a = NULL, *item;
	int64_t total = 0;
	int t, rc = PR_OK;

	*json_out = NULL;
	for (t = 0; t < PR__N_SEALED; t++) {
		struct pr__seal *z = &seals[t];

		z->table = t;
		z->count = 0;
		rc = pr__seal_max(st, t, &z->last, err);
		if (rc != PR_OK)
			goto done;
		if (z->last <= z->after)
			continue;
		rc = pr__seal_digest(st, t, z->after, z->last, z->sha256,
				     &z->count, NULL, err);
		if (rc != PR_OK)
			goto done;
		if (a == NULL && (a = json_array()) == NULL)
			goto nomem;
		item = json_pack("[sIIIs]", sealed[t].name,
				 (json_int_t)z->after, (json_int_t)z->last,
				 (json_int_t)z->count, z->sha256);
		if (item == NULL || json_array_append_new(a, item) != 0)
			goto nomem;
		total += z->count;
	}
	if (a != NULL) {
		*json_out = json_dumps(a, JSON_COMPACT);
		if (*json_out == NULL)
			goto nomem;
	}
	if (rows_out != NULL)
		*rows_out = total;
	goto done;
nomem:
	rc = pr__error_set(err, PR_ENOMEM, "out of memory");
done:
	json_decref(a);
	return rc;
}

int
pr__seal_parse(const char *json, struct pr__seal **out, size_t *n)
{
	struct pr__seal *v = NULL;
	json_t *a, *item;
	size_t i;
	int prev = -1;

	*out = NULL;
	*n = 0;
	a = json_loads(json, JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_array(a) || json_array_size(a) == 0 ||
	    json_array_size(a) > PR__N_SEALED)
		goto bad;
	v = pr__calloc(json_array_size(a), sizeof(*v));
	if (v == NULL)
		goto bad;
	json_array_foreach(a, i, item) {
		const char *name, *hex;
		json_int_t after, last, count;

		if (json_unpack(item, "[sIIIs!]", &name, &after, &last,
				&count, &hex) != 0)
			goto bad;
		v[i].table = pr__seal_table_find(name);
		if (v[i].table <= prev || after < 0 || last <= after ||
		    count < 0 || count > last - after || !pr_sha256_is_hex(hex))
			goto bad;
		prev = v[i].table;
		v[i].after = after;
		v[i].last = last;
		v[i].count = count;
		memcpy(v[i].sha256, hex, PR_SHA256_HEX);
	}
	*out = v;
	*n = json_array_size(a);
	json_decref(a);
	return PR_OK;
bad:
	pr__free(v);
	json_decref(a);
	return PR_EINVALID;
}
