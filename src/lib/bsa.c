/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * BSA reports in the case: import bsa writes them to the BSA compartment
 * (the bsa_ tables) with its own custody chain, and bsa reads them back
 * with what they link to in the case. Nothing else reads these tables:
 * a SAR, and the fact that one exists, stays out of every exhibit, the
 * main custody log and `documents` (31 U.S.C. 5318(g)(2)).
 *
 * The chain (bsa_custody) has the main log's shape: each entry holds the
 * command's arguments, the SHA-256 of every file it imported, what it
 * did, a seal of the bsa_ rows it wrote (per table: rowid range, count,
 * SHA-256 of the rows read back) and the hash of the entry before; its
 * hash is SHA-256 over the compact JSON of all that. pr_bsa_verify
 * recomputes every part.
 */
#include "config.h"
#include "common.h"
#include "custody.h"
#include "store.h"
#include "bsa.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <jansson.h>
#include <utf8proc.h>

#define ZERO_HASH \
	"0000000000000000000000000000000000000000000000000000000000000000"

/* The tables an entry seals, in this order. */
static const char *const bsa_tables[] = {
	"bsa_document", "bsa_report", "bsa_party", "bsa_account", "bsa_cash"
};
#define N_TABLES 5

/* ---------------------------------------------------------------- */
/* names */

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
pr__bsa_name_norm(char **out, const char *name)
{
	utf8proc_uint8_t *m = NULL;
	utf8proc_ssize_t n;
	char *flat = NULL, *res = NULL;
	char **words = NULL;
	size_t nw = 0, cap = 0, i, len = 0, k = 0;
	utf8proc_ssize_t at = 0;

	*out = NULL;
	n = utf8proc_map((const utf8proc_uint8_t *)name, 0, &m,
			 UTF8PROC_NULLTERM | UTF8PROC_STABLE |
			 UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
			 UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK);
	if (n < 0) {
		/* not UTF-8: compare the bytes as they are */
		*out = pr__strdup(name);
		return *out != NULL ? PR_OK : PR_ENOMEM;
	}
	flat = pr__malloc((size_t)n + 1);
	if (flat == NULL)
		goto nomem;
	/* every code point that is not a letter or a digit ends a word */
	while (at < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t l = utf8proc_iterate(m + at, n - at, &cp);
		utf8proc_category_t c;

		if (l <= 0)
			break;
		c = utf8proc_category(cp);
		if ((c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
		    (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO)) {
			memcpy(flat + k, m + at, (size_t)l);
			k += (size_t)l;
		} else if (c == UTF8PROC_CATEGORY_PO && cp == '\'') {
			/* O'Brien = OBrien */
		} else {
			flat[k++] = '\0';
		}
		at += l;
	}
	flat[k++] = '\0';
	for (i = 0; i < k; i += strlen(flat + i) + 1) {
		if (flat[i] == '\0')
			continue;
		if (pr__grow((void **)&words, &cap, nw + 1, sizeof(*words)))
			goto nomem;
		words[nw++] = flat + i;
		len += strlen(flat + i) + 1;
	}
	if (nw > 1)
		qsort(words, nw, sizeof(*words), cmp_str);
	res = pr__malloc(len + 1);
	if (res == NULL)
		goto nomem;
	res[0] = '\0';
	for (i = 0, k = 0; i < nw; i++) {
		size_t l = strlen(words[i]);

		if (i > 0)
			res[k++] = ' ';
		memcpy(res + k, words[i], l);
		k += l;
	}
	res[k] = '\0';
	free(m);
	pr__free(flat);
	pr__free(words);
	*out = res;
	return PR_OK;
nomem:
	free(m);
	pr__free(flat);
	pr__free(words);
	return PR_ENOMEM;
}

/* ---------------------------------------------------------------- */
/* the seal and the chain */

static void
put_u64(pr_sha256 *h, char tag, uint64_t v)
{
	unsigned char b[9];
	int i;

	b[0] = (unsigned char)tag;
	for (i = 0; i < 8; i++)
		b[1 + i] = (unsigned char)(v >> (56 - 8 * i));
	pr_sha256_update(h, b, 9);
}

/*
 * SHA-256 of the rows of table t with after < rowid <= last, read back:
 * the table's name, then per row every column (rowid first) tagged as
 * the main log's seal tags them (docs/custody.md): 'i' + 8 bytes, 't'
 * or 'b' + 8-byte length + bytes, 'n'.
 */
static int
seal_digest(pr_store *st, const char *t, int64_t after, int64_t last,
	    uint64_t *count, char hex[PR_SHA256_HEX], pr_error *err)
{
	char sql[160];
	sqlite3_stmt *s = NULL;
	pr_sha256 *h = NULL;
	int rc, i, n;

	*count = 0;
	snprintf(sql, sizeof(sql), "SELECT rowid, * FROM %s WHERE rowid > ?1"
		 " AND rowid <= ?2 ORDER BY rowid", t);
	rc = pr_sha256_new(&h, err);
	if (rc != PR_OK)
		return rc;
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) {
		pr_sha256_free(h);
		return pr__store_dberr(st, err, "seal");
	}
	put_u64(h, 't', strlen(t));
	pr_sha256_update(h, t, strlen(t));
	sqlite3_bind_int64(s, 1, after);
	sqlite3_bind_int64(s, 2, last);
	n = sqlite3_column_count(s);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		(*count)++;
		for (i = 0; i < n; i++) {
			int ty = sqlite3_column_type(s, i);

			if (ty == SQLITE_INTEGER) {
				put_u64(h, 'i', (uint64_t)
					sqlite3_column_int64(s, i));
			} else if (ty == SQLITE_NULL) {
				pr_sha256_update(h, "n", 1);
			} else {
				const void *p = ty == SQLITE_BLOB ?
					sqlite3_column_blob(s, i) :
					(const void *)sqlite3_column_text(s, i);
				int l = sqlite3_column_bytes(s, i);

				put_u64(h, ty == SQLITE_BLOB ? 'b' : 't',
					(uint64_t)l);
				if (l > 0)
					pr_sha256_update(h, p, (size_t)l);
			}
		}
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		pr_sha256_free(h);
		return pr__store_dberr(st, err, "seal");
	}
	pr_sha256_final_hex(h, hex);
	pr_sha256_free(h);
	return PR_OK;
}

static int
max_rowid(pr_store *st, const char *t, int64_t *out, pr_error *err)
{
	char sql[80];

	snprintf(sql, sizeof(sql), "SELECT coalesce(max(rowid), 0) FROM %s",
		 t);
	return pr__store_int64(st, sql, out, err);
}

static int
entry_hash(char out[PR_SHA256_HEX], int64_t seq, const char *at,
	   const char *args, const char *docs, const char *result,
	   const char *sealed, const char *prev, pr_error *err)
{
	json_t *a;
	char *text;
	pr_sha256 *h = NULL;
	int rc;

	a = json_pack("[Issssss]", (json_int_t)seq, at, args, docs, result,
		      sealed, prev);
	if (a == NULL)
		return pr__error_set(err, PR_ENOMEM, "cannot encode entry");
	text = json_dumps(a, JSON_COMPACT | JSON_ENSURE_ASCII);
	json_decref(a);
	if (text == NULL)
		return pr__error_set(err, PR_ENOMEM, "cannot encode entry");
	rc = pr_sha256_new(&h, err);
	if (rc == PR_OK) {
		pr_sha256_update(h, text, strlen(text));
		pr_sha256_final_hex(h, out);
		pr_sha256_free(h);
	}
	free(text);
	return rc;
}

/* ---------------------------------------------------------------- */
/* import */

struct imp {
	pr_store *st;
	int64_t doc;
	uint64_t sars, ctrs;
	pr_error *err;
};

static int
bind_text(sqlite3_stmt *s, int i, const char *t)
{
	return sqlite3_bind_text(s, i, t, -1, SQLITE_TRANSIENT);
}

static int
step_done(pr_store *st, sqlite3_stmt *s, pr_error *err)
{
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	if (rc != SQLITE_DONE)
		return pr__store_dberr(st, err, "bsa insert");
	return PR_OK;
}

static int
write_report(const pr__bsa_report *r, void *payload, pr_error *err)
{
	struct imp *im = payload;
	pr_store *st = im->st;
	sqlite3_stmt *s = NULL;
	int64_t rid;
	char *norm = NULL;
	size_t i;
	int rc = PR_OK;

	if (sqlite3_prepare_v2(st->db, "INSERT INTO bsa_report (document_id,"
			       " line, kind, bsa_id, prior, filing_date, filer,"
			       " filer_tin, from_date, to_date, amount, cash_in,"
			       " cash_out, categories, trafficking, narrative)"
			       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
			       " ?10, ?11, ?12, ?13, ?14, ?15, ?16)", -1, &s,
			       NULL) != SQLITE_OK)
		return pr__store_dberr(st, err, "bsa insert");
	sqlite3_bind_int64(s, 1, im->doc);
	sqlite3_bind_int64(s, 2, (int64_t)r->line);
	bind_text(s, 3, r->kind);
	bind_text(s, 4, r->bsa_id);
	bind_text(s, 5, r->prior);
	sqlite3_bind_int64(s, 6, r->filing_date);
	bind_text(s, 7, r->filer);
	bind_text(s, 8, r->filer_tin);
	if (r->has_from)
		sqlite3_bind_int64(s, 9, r->from);
	if (r->has_to)
		sqlite3_bind_int64(s, 10, r->to);
	if (r->has_amount)
		sqlite3_bind_int64(s, 11, r->amount);
	if (r->has_in)
		sqlite3_bind_int64(s, 12, r->cash_in);
	if (r->has_out)
		sqlite3_bind_int64(s, 13, r->cash_out);
	bind_text(s, 14, r->categories);
	sqlite3_bind_int(s, 15, r->trafficking);
	bind_text(s, 16, r->narrative);
	rc = step_done(st, s, err);
	sqlite3_finalize(s);
	s = NULL;
	if (rc != PR_OK)
		return rc;
	rid = sqlite3_last_insert_rowid(st->db);
	if (sqlite3_prepare_v2(st->db, "INSERT INTO bsa_party (report_id, n,"
			       " line, role_code, name, norm, aka, tin,"
			       " birth_date, ids, cash_in, cash_out) VALUES"
			       " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
			       " ?12)", -1, &s, NULL) != SQLITE_OK)
		return pr__store_dberr(st, err, "bsa insert");
	for (i = 0; i < r->n_parties && rc == PR_OK; i++) {
		const pr__bsa_party *p = &r->parties[i];

		if (pr__bsa_name_norm(&norm, p->name) != PR_OK) {
			rc = pr__error_set(err, PR_ENOMEM, "out of memory");
			break;
		}
		sqlite3_bind_int64(s, 1, rid);
		sqlite3_bind_int64(s, 2, (int64_t)i);
		sqlite3_bind_int64(s, 3, (int64_t)p->line);
		sqlite3_bind_int(s, 4, p->role_code);
		bind_text(s, 5, p->name);
		bind_text(s, 6, norm);
		bind_text(s, 7, p->aka);
		bind_text(s, 8, p->tin);
		bind_text(s, 9, p->birth_date);
		bind_text(s, 10, p->ids);
		if (p->has_in)
			sqlite3_bind_int64(s, 11, p->cash_in);
		if (p->has_out)
			sqlite3_bind_int64(s, 12, p->cash_out);
		rc = step_done(st, s, err);
		pr__free(norm);
		norm = NULL;
	}
	sqlite3_finalize(s);
	s = NULL;
	if (rc != PR_OK)
		return rc;
	if (sqlite3_prepare_v2(st->db, "INSERT INTO bsa_account (report_id,"
			       " party_n, line, number, assoc) VALUES (?1, ?2,"
			       " ?3, ?4, ?5)", -1, &s, NULL) != SQLITE_OK)
		return pr__store_dberr(st, err, "bsa insert");
	for (i = 0; i < r->n_accounts && rc == PR_OK; i++) {
		const pr__bsa_account *a = &r->accounts[i];

		sqlite3_bind_int64(s, 1, rid);
		if (a->party >= 0)
			sqlite3_bind_int64(s, 2, a->party);
		sqlite3_bind_int64(s, 3, (int64_t)a->line);
		bind_text(s, 4, a->number);
		sqlite3_bind_int(s, 5, a->assoc);
		rc = step_done(st, s, err);
	}
	sqlite3_finalize(s);
	s = NULL;
	if (rc != PR_OK)
		return rc;
	if (sqlite3_prepare_v2(st->db, "INSERT INTO bsa_cash (report_id,"
			       " line, code, direction, amount) VALUES (?1, ?2,"
			       " ?3, ?4, ?5)", -1, &s, NULL) != SQLITE_OK)
		return pr__store_dberr(st, err, "bsa insert");
	for (i = 0; i < r->n_cash && rc == PR_OK; i++) {
		const pr__bsa_cash *k = &r->cash[i];

		sqlite3_bind_int64(s, 1, rid);
		sqlite3_bind_int64(s, 2, (int64_t)k->line);
		sqlite3_bind_int(s, 3, k->code);
		bind_text(s, 4, k->in ? "in" : "out");
		sqlite3_bind_int64(s, 5, k->amount);
		rc = step_done(st, s, err);
	}
	sqlite3_finalize(s);
	if (rc == PR_OK) {
		if (strcmp(r->kind, "SAR") == 0)
			im->sars++;
		else
			im->ctrs++;
	}
	return rc;
}

/* Which reader takes the file: the FinCEN XML batch reader when its
 * first byte other than white space (after a UTF-8 BOM) is '<', the
 * canonical BSA CSV otherwise. */
static int
read_any(const char *path, const char *name, struct imp *im,
	 const char **format, pr__read_info *info, pr_error *err)
{
	unsigned char head[64];
	size_t n, i = 0;
	FILE *fp = fopen(path, "rb");

	if (fp == NULL)
		return pr__error_sys(err, PR_EIO, errno, name, "cannot open");
	n = fread(head, 1, sizeof(head), fp);
	fclose(fp);
	if (n >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF)
		i = 3;
	while (i < n && (head[i] == ' ' || head[i] == '\t' ||
			 head[i] == '\r' || head[i] == '\n'))
		i++;
	if (i < n && head[i] == '<')
		return pr__bsaxml_read(path, name, write_report, im, format,
				       info, err);
	*format = "csv";
	return pr__bsacsv_read(path, name, write_report, im, info, err);
}

int
pr_bsa_import(pr_store *st, size_t n, const char *const *paths,
	      const char *const *names, int argc, const char *const *argv,
	      pr_bsa_file_result *res, pr_error *err)
{
	int64_t before[N_TABLES], after[N_TABLES], seq = 0;
	json_t *docs = NULL, *args = NULL, *sealed = NULL;
	char *docs_s = NULL, *args_s = NULL, *sealed_s = NULL;
	char at[32], prev[PR_SHA256_HEX], hash[PR_SHA256_HEX];
	char result[160];
	sqlite3_stmt *s = NULL;
	uint64_t sars = 0, ctrs = 0;
	size_t i;
	int t, rc;

	if (st == NULL || (n > 0 && (paths == NULL || names == NULL ||
				     res == NULL)))
		return pr__error_set(err, PR_EINVALID, "no case or no files");
	rc = pr__store_exec(st, "BEGIN IMMEDIATE", err);
	if (rc != PR_OK)
		return rc;
	docs = json_array();
	args = json_array();
	sealed = json_array();
	if (docs == NULL || args == NULL || sealed == NULL) {
		rc = pr__error_set(err, PR_ENOMEM, "out of memory");
		goto fail;
	}
	for (t = 0; t < N_TABLES; t++) {
		rc = max_rowid(st, bsa_tables[t], &before[t], err);
		if (rc != PR_OK)
			goto fail;
	}
	rc = pr__store_int64(st, "SELECT coalesce(max(seq), 0) + 1 FROM "
			     "bsa_custody", &seq, err);
	if (rc != PR_OK)
		goto fail;
	for (i = 0; i < n; i++) {
		struct imp im;
		pr__read_info info;
		const char *format = NULL;
		char *other = NULL;

		memset(&im, 0, sizeof(im));
		memset(&info, 0, sizeof(info));
		memset(&res[i], 0, sizeof(res[i]));
		im.st = st;
		im.err = err;
		if (sqlite3_prepare_v2(st->db, "INSERT INTO bsa_document (sha256,"
				       " name, size, format, reports, log_seq)"
				       " VALUES (?1, ?2, 0, '', 0, ?3)", -1, &s,
				       NULL) != SQLITE_OK) {
			rc = pr__store_dberr(st, err, "bsa insert");
			goto fail;
		}
		/* a placeholder SHA-256 until the file is read: the reader
		 * hashes as it reads, and the row must exist for the
		 * reports' foreign key */
		{
			char tmp[40];

			snprintf(tmp, sizeof(tmp), "pending-%zu", i);
			bind_text(s, 1, tmp);
		}
		bind_text(s, 2, names[i]);
		sqlite3_bind_int64(s, 3, seq);
		rc = step_done(st, s, err);
		sqlite3_finalize(s);
		s = NULL;
		if (rc != PR_OK)
			goto fail;
		im.doc = sqlite3_last_insert_rowid(st->db);
		rc = read_any(paths[i], names[i], &im, &format, &info, err);
		if (rc != PR_OK)
			goto fail;
		/* already in the case? */
		if (sqlite3_prepare_v2(st->db, "SELECT name FROM bsa_document"
				       " WHERE sha256 = ?1", -1, &s, NULL)
		    != SQLITE_OK) {
			rc = pr__store_dberr(st, err, "bsa lookup");
			goto fail;
		}
		bind_text(s, 1, info.sha256);
		if (sqlite3_step(s) == SQLITE_ROW)
			other = pr__strdup((const char *)
					   sqlite3_column_text(s, 0));
		sqlite3_finalize(s);
		s = NULL;
		if (other != NULL) {
			rc = pr__error_set(err, PR_EEXISTS, "%s: already in "
					   "the case (same SHA-256 as '%s')",
					   names[i], other);
			pr__free(other);
			goto fail;
		}
		if (sqlite3_prepare_v2(st->db, "UPDATE bsa_document SET"
				       " sha256 = ?1, size = ?2, format = ?3,"
				       " reports = ?4 WHERE id = ?5", -1, &s,
				       NULL) != SQLITE_OK) {
			rc = pr__store_dberr(st, err, "bsa update");
			goto fail;
		}
		bind_text(s, 1, info.sha256);
		sqlite3_bind_int64(s, 2, (int64_t)info.size);
		bind_text(s, 3, format);
		sqlite3_bind_int64(s, 4, (int64_t)(im.sars + im.ctrs));
		sqlite3_bind_int64(s, 5, im.doc);
		rc = step_done(st, s, err);
		sqlite3_finalize(s);
		s = NULL;
		if (rc != PR_OK)
			goto fail;
		res[i].format = format;
		res[i].sars = im.sars;
		res[i].ctrs = im.ctrs;
		res[i].size = info.size;
		memcpy(res[i].sha256, info.sha256, sizeof(res[i].sha256));
		sars += im.sars;
		ctrs += im.ctrs;
		if (json_array_append_new(docs, json_string(info.sha256))) {
			rc = pr__error_set(err, PR_ENOMEM, "out of memory");
			goto fail;
		}
	}
	for (i = 0; i < (size_t)argc; i++)
		if (json_array_append_new(args, json_string(argv[i]))) {
			rc = pr__error_set(err, PR_ENOMEM, "out of memory");
			goto fail;
		}
	for (t = 0; t < N_TABLES; t++) {
		char hex[PR_SHA256_HEX];
		uint64_t count;

		rc = max_rowid(st, bsa_tables[t], &after[t], err);
		if (rc == PR_OK)
			rc = seal_digest(st, bsa_tables[t], before[t], after[t],
					 &count, hex, err);
		if (rc != PR_OK)
			goto fail;
		if (count == 0)
			continue;
		if (json_array_append_new(sealed, json_pack("[sIIIs]",
			bsa_tables[t], (json_int_t)before[t],
			(json_int_t)after[t], (json_int_t)count, hex))) {
			rc = pr__error_set(err, PR_ENOMEM, "out of memory");
			goto fail;
		}
	}
	snprintf(result, sizeof(result), "imported %zu document%s: %llu "
		 "SAR%s, %llu CTR%s", n, n == 1 ? "" : "s",
		 (unsigned long long)sars, sars == 1 ? "" : "s",
		 (unsigned long long)ctrs, ctrs == 1 ? "" : "s");
	docs_s = json_dumps(docs, JSON_COMPACT | JSON_ENSURE_ASCII);
	args_s = json_dumps(args, JSON_COMPACT | JSON_ENSURE_ASCII);
	sealed_s = json_dumps(sealed, JSON_COMPACT | JSON_ENSURE_ASCII);
	if (docs_s == NULL || args_s == NULL || sealed_s == NULL) {
		rc = pr__error_set(err, PR_ENOMEM, "out of memory");
		goto fail;
	}
	rc = pr__custody_now(at, err);
	if (rc != PR_OK)
		goto fail;
	snprintf(prev, sizeof(prev), "%s", ZERO_HASH);
	if (seq > 1) {
		if (sqlite3_prepare_v2(st->db, "SELECT hash FROM bsa_custody"
				       " WHERE seq = ?1", -1, &s, NULL)
		    != SQLITE_OK) {
			rc = pr__store_dberr(st, err, "bsa chain");
			goto fail;
		}
		sqlite3_bind_int64(s, 1, seq - 1);
		if (sqlite3_step(s) == SQLITE_ROW)
			snprintf(prev, sizeof(prev), "%s", (const char *)
				 sqlite3_column_text(s, 0));
		sqlite3_finalize(s);
		s = NULL;
	}
	rc = entry_hash(hash, seq, at, args_s, docs_s, result, sealed_s, prev,
			err);
	if (rc != PR_OK)
		goto fail;
	if (sqlite3_prepare_v2(st->db, "INSERT INTO bsa_custody (seq, at,"
			       " args, documents, result, sealed, prev_hash,"
			       " hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
			       -1, &s, NULL) != SQLITE_OK) {
		rc = pr__store_dberr(st, err, "bsa chain");
		goto fail;
	}
	sqlite3_bind_int64(s, 1, seq);
	bind_text(s, 2, at);
	bind_text(s, 3, args_s);
	bind_text(s, 4, docs_s);
	bind_text(s, 5, result);
	bind_text(s, 6, sealed_s);
	bind_text(s, 7, prev);
	bind_text(s, 8, hash);
	rc = step_done(st, s, err);
	sqlite3_finalize(s);
	s = NULL;
	if (rc != PR_OK)
		goto fail;
	rc = pr__store_exec(st, "COMMIT", err);
	if (rc != PR_OK)
		goto fail;
	json_decref(docs);
	json_decref(args);
	json_decref(sealed);
	free(docs_s);
	free(args_s);
	free(sealed_s);
	return PR_OK;
fail:
	sqlite3_finalize(s);
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	json_decref(docs);
	json_decref(args);
	json_decref(sealed);
	free(docs_s);
	free(args_s);
	free(sealed_s);
	return rc;
}

/* ---------------------------------------------------------------- */
/* verify */

static int
bad(pr_error *err, const char *fmt, ...) PR__PRINTF(2, 3);

static int
bad(pr_error *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	pr__error_vset(err, PR_EPARSE, NULL, fmt, ap);
	va_end(ap);
	return PR_EPARSE;
}

int
pr_bsa_verify(pr_store *st, uint64_t *entries, uint64_t *rows,
	      pr_error *err)
{
	sqlite3_stmt *s = NULL;
	char prev[PR_SHA256_HEX], hash[PR_SHA256_HEX];
	int64_t expect = 1, covered[N_TABLES] = { 0 };
	uint64_t nrows = 0;
	int rc = PR_OK, t;

	if (entries != NULL)
		*entries = 0;
	if (rows != NULL)
		*rows = 0;
	snprintf(prev, sizeof(prev), "%s", ZERO_HASH);
	if (sqlite3_prepare_v2(st->db, "SELECT seq, at, args, documents,"
			       " result, sealed, prev_hash, hash FROM"
			       " bsa_custody ORDER BY seq", -1, &s, NULL)
	    != SQLITE_OK)
		return pr__store_dberr(st, err, "bsa chain");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t seq = sqlite3_column_int64(s, 0);
		const char *f[7];
		json_t *seal, *docs, *m;
		json_error_t je;
		size_t k;
		int i;

		for (i = 0; i < 7; i++)
			f[i] = (const char *)sqlite3_column_text(s, i + 1);
		if (seq != expect) {
			rc = bad(err, "BSA custody entry %lld is missing",
				 (long long)expect);
			goto done;
		}
		if (strcmp(f[5], prev) != 0) {
			rc = bad(err, "BSA custody entry %lld does not link "
				 "to entry %lld", (long long)seq,
				 (long long)seq - 1);
			goto done;
		}
		rc = entry_hash(hash, seq, f[0], f[1], f[2], f[3], f[4], f[5],
				err);
		if (rc != PR_OK)
			goto done;
		if (strcmp(hash, f[6]) != 0) {
			rc = bad(err, "BSA custody entry %lld has been altered:"
				 " its hash does not match its content",
				 (long long)seq);
			goto done;
		}
		seal = json_loads(f[4], 0, &je);
		docs = json_loads(f[2], 0, &je);
		if (seal == NULL || docs == NULL || !json_is_array(seal) ||
		    !json_is_array(docs)) {
			json_decref(seal);
			json_decref(docs);
			rc = bad(err, "BSA custody entry %lld: unreadable seal",
				 (long long)seq);
			goto done;
		}
		json_array_foreach(seal, k, m) {
			const char *tab = NULL, *hex = NULL;
			json_int_t a = 0, l = 0, c = 0;
			char again[PR_SHA256_HEX];
			uint64_t cnt;

			if (json_unpack(m, "[sIIIs]", &tab, &a, &l, &c, &hex))
				break;
			for (t = 0; t < N_TABLES; t++)
				if (strcmp(tab, bsa_tables[t]) == 0)
					break;
			if (t == N_TABLES || a != covered[t]) {
				rc = bad(err, "BSA custody entry %lld: its rows"
					 " of %s do not follow those before",
					 (long long)seq, tab);
				break;
			}
			rc = seal_digest(st, tab, a, l, &cnt, again, err);
			if (rc != PR_OK)
				break;
			if ((json_int_t)cnt != c || strcmp(again, hex) != 0) {
				rc = bad(err, "BSA custody entry %lld: the rows"
					 " of %s it wrote have been altered "
					 "(rows %lld..%lld)", (long long)seq,
					 tab, (long long)a + 1, (long long)l);
				break;
			}
			covered[t] = l;
			nrows += cnt;
		}
		json_decref(seal);
		json_decref(docs);
		if (rc != PR_OK)
			goto done;
		prev[0] = '\0';
		snprintf(prev, sizeof(prev), "%s", f[6]);
		expect++;
	}
	if (rc != SQLITE_DONE) {
		rc = pr__store_dberr(st, err, "bsa chain");
		goto done;
	}
	rc = PR_OK;
	for (t = 0; t < N_TABLES; t++) {
		int64_t mx;

		rc = max_rowid(st, bsa_tables[t], &mx, err);
		if (rc != PR_OK)
			goto done;
		if (mx > covered[t]) {
			rc = bad(err, "row %lld of %s was written by no BSA "
				 "custody entry", (long long)covered[t] + 1,
				 bsa_tables[t]);
			goto done;
		}
	}
	if (entries != NULL)
		*entries = (uint64_t)(expect - 1);
	if (rows != NULL)
		*rows = nrows;
done:
	sqlite3_finalize(s);
	return rc;
}
