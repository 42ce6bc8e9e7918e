/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The case store: opening, schema migration, the one write transaction of
 * a command, documents and accounts. The custody log is in custody.c.
 */
#include "config.h"
#include "common.h"
#include "store.h"
#include "store_schema.h"
#include "tmpdir.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const sql_text[Q_COUNT] = {
	[Q_DOC_FIND] =
	"SELECT d.id, d.name, d.log_seq FROM document d WHERE d.sha256 = ?1",
	[Q_DOC_INSERT] =
	"INSERT INTO document (sha256, name, size, kind, profile,"
	" profile_sha256, descending, records, log_seq)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, ?8)",
	[Q_DOC_FINISH] = "UPDATE document SET sha256 = ?2, size = ?3,"
	" records = ?4 WHERE id = ?1",
	[Q_ACCOUNT_FIND] =
	"SELECT id FROM account WHERE ident = ?1 AND currency = ?2",
	[Q_ACCOUNT_INSERT] =
	"INSERT INTO account (ident, currency) VALUES (?1, ?2)",
	[Q_TXN_INSERT] =
	"INSERT INTO txn (document_id, record, line, account_id, date,"
	" value_date, amount, balance, description, reference,"
	" counterparty, counter_account)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
	[Q_WIRE_INSERT] =
	"INSERT INTO wire (document_id, record, line, format, value_date,"
	" currency, amount, instructed_currency, instructed_amount,"
	" originator_name, originator_account, originator_bank,"
	" beneficiary_name, beneficiary_account, beneficiary_bank, imad,"
	" omad, uetr, reference, details) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
	" ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
	[Q_RATE_INSERT] =
	"INSERT INTO rate (document_id, line, date, base, quote, rate, source)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[Q_CHAIN_TX_INSERT] =
	"INSERT INTO chain_tx (document_id, record, line, chain, kind, hash,"
	" block, time, date, status, fee_asset, fee) VALUES (?1, ?2, ?3, ?4,"
	" ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
	[Q_CHAIN_MOVE_INSERT] =
	"INSERT INTO chain_move (tx_id, n, side, address, asset, value,"
	" prev_hash, prev_index) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[Q_ASSET_INSERT] =
	"INSERT INTO asset (document_id, line, ref, class, identifier,"
	" description, owner, nominee, acquired, currency, cost) VALUES"
	" (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	[Q_ASSET_FIND] =
	"SELECT id, currency FROM asset WHERE ref = ?1 ORDER BY id DESC"
	" LIMIT 1",
	[Q_ASSET_EVENT_INSERT] =
	"INSERT INTO asset_event (asset_id, document_id, line, kind, method,"
	" date, currency, amount, party, reference) VALUES (?1, ?2, ?3, ?4,"
	" ?5, ?6, ?7, ?8, ?9, ?10)",
	[Q_STATEMENT_INSERT] =
	"INSERT INTO statement (account_id, start_date, end_date, opening,"
	" closing, source, document_id, line)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[Q_TXN_DETAIL_INSERT] =
	"INSERT INTO txn_detail (txn_id, op, time, hash, address, trade)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[Q_DECISION_INSERT] =
	"INSERT INTO decision (document_id, line, action, subject, other,"
	" reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	/* What a decision names must be in the case: the documents of a
	 * name (?2 is the decisions file itself, never evidence), or of a
	 * SHA-256 that starts with ?1 (in lower case, as stored: every
	 * SHA-256 that starts with it sorts from ?1 up to ?1 'g', a range
	 * of the sha256 index) when two share a name... */
	[Q_DECISION_DOC_NAME] =
	"SELECT count(*), min(id) FROM document WHERE name = ?1 AND id <> ?2",
	[Q_DECISION_DOC_SHA] =
	"SELECT count(*), min(id) FROM document WHERE sha256 >= ?1"
	" AND sha256 < ?1 || 'g' AND id <> ?2",
	/* ... a record of that document starting on line ?2 ... */
	[Q_DECISION_EVIDENCE] =
	"SELECT EXISTS (SELECT 1 FROM txn WHERE document_id = ?1"
	" AND line = ?2) OR EXISTS (SELECT 1 FROM wire WHERE"
	" document_id = ?1 AND line = ?2) OR EXISTS (SELECT 1 FROM chain_tx"
	" WHERE document_id = ?1 AND line = ?2) OR EXISTS (SELECT 1 FROM"
	" asset WHERE document_id = ?1 AND line = ?2) OR EXISTS (SELECT 1"
	" FROM asset_event WHERE document_id = ?1 AND line = ?2)",
	/* ... or an on-chain transaction, hashed with or without 0x as its
	 * chain writes it, with the most outputs any record of it shows. */
	[Q_DECISION_TX] =
	"SELECT t.hash, (SELECT count(*) FROM chain_move m"
	" WHERE m.tx_id = t.id AND m.side = 'out') AS outs"
	" FROM chain_tx t WHERE t.hash IN (?1, ?2)"
	" ORDER BY outs DESC, t.id LIMIT 1",
	/* Parties by pseudonym, with where each was defined. */
	[Q_PARTY_FIND] =
	"SELECT p.id, p.role, d.name, p.line FROM party p"
	" JOIN document d ON d.id = p.document_id WHERE p.pseudonym = ?1",
	[Q_PARTY_INSERT] =
	"INSERT INTO party (document_id, line, pseudonym, role, name, note)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[Q_CONTROL_INSERT] =
	"INSERT INTO control (document_id, line, party_id, account,"
	" relation, start_date, end_date, reason)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[Q_DESIGNATION_INSERT] =
	"INSERT INTO designation (document_id, line, origin, kind, pattern,"
	" account, start_date, end_date, txn_id, reason, source)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	/* The bank or exchange rows that start on line ?2 of document ?1,
	 * credits first: a designated flow must be one. */
	[Q_DESIGNATION_CREDIT] =
	"SELECT t.id, " PR__CREDIT " AS credit FROM txn t"
	" WHERE t.document_id = ?1 AND t.line = ?2 ORDER BY credit DESC, t.id",
	/* An earlier designation of the same credit. */
	[Q_DESIGNATION_FLOW_DONE] =
	"SELECT x.origin, d.name, x.line FROM designation x"
	" JOIN document d ON d.id = x.document_id WHERE x.txn_id = ?1"
	" ORDER BY x.id LIMIT 1",
	[Q_DESIGNATION_ACCOUNT] =
	"SELECT count(*) FROM account WHERE ident = ?1",
	/* The accounts of an ident, in any currency: a rule limited to one
	 * (import/designations.c). */
	[Q_DESIGNATION_ACCOUNT_IDS] =
	"SELECT id FROM account WHERE ident = ?1 ORDER BY id",
};

/* The statements run per line or per row (store.h), by name. */
#define LOOP(q) { q, #q }
static const struct {
	int q;
	const char *name;
} loop_queries[] = {
	LOOP(Q_DOC_FIND), LOOP(Q_ACCOUNT_FIND), LOOP(Q_ASSET_FIND),
	LOOP(Q_DECISION_DOC_NAME), LOOP(Q_DECISION_DOC_SHA),
	LOOP(Q_DECISION_EVIDENCE), LOOP(Q_DECISION_TX), LOOP(Q_PARTY_FIND),
	LOOP(Q_DESIGNATION_CREDIT), LOOP(Q_DESIGNATION_FLOW_DONE),
	LOOP(Q_DESIGNATION_ACCOUNT), LOOP(Q_DESIGNATION_ACCOUNT_IDS),
};
#undef LOOP

const char *
pr__store_loop_query(size_t i, int *q_out)
{
	if (i >= sizeof(loop_queries) / sizeof(loop_queries[0]))
		return NULL;
	*q_out = loop_queries[i].q;
	return loop_queries[i].name;
}

int
pr__store_dberr(pr_store *st, pr_error *err, const char *what)
{
	int ext = sqlite3_extended_errcode(st->db);
	int code = (ext & 0xff) == SQLITE_BUSY ||
		   (ext & 0xff) == SQLITE_LOCKED ? PR_EBUSY : PR_EDB;

	if (code == PR_EBUSY)
		pr__error_set(err, code, "%s: the case is in use by another "
			      "process", st->path);
	else
		pr__error_set(err, code, "%s: %s: %s", st->path, what,
			      sqlite3_errmsg(st->db));
	if (err != NULL)
		err->sys_code = ext;
	return code;
}

int
pr__store_exec(pr_store *st, const char *sql, pr_error *err)
{
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return pr__store_dberr(st, err, "database");
	return PR_OK;
}

int
pr__store_bind_amount(sqlite3_stmt *s, int col, const mpz_t v)
{
	char buf[128];
	char *big;
	int rc;

	if (mpz_fits_slong_p(v) && sizeof(long) >= 8)
		return sqlite3_bind_int64(s, col, mpz_get_si(v));
	if (mpz_sizeinbase(v, 10) + 2 <= sizeof(buf)) {
		mpz_get_str(buf, 10, v);
		return sqlite3_bind_text(s, col, buf, -1, SQLITE_TRANSIENT);
	}
	big = pr__malloc(mpz_sizeinbase(v, 10) + 2);
	if (big == NULL)
		return SQLITE_NOMEM;
	mpz_get_str(big, 10, v);
	rc = sqlite3_bind_text(s, col, big, -1, SQLITE_TRANSIENT);
	pr__free(big);
	return rc;
}

void
pr__store_column_amount(mpz_t out, sqlite3_stmt *s, int col)
{
	if (sqlite3_column_type(s, col) == SQLITE_TEXT)
		mpz_set_str(out, (const char *)sqlite3_column_text(s, col),
			    10);
	else
		mpz_set_si(out, (long)sqlite3_column_int64(s, col));
}

int
pr__store_int64(pr_store *st, const char *sql, int64_t *out, pr_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return pr__store_dberr(st, err, "cannot read the case");
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(s, 0);
		rc = PR_OK;
	} else {
		rc = pr__store_dberr(st, err, "cannot read the case");
	}
	sqlite3_finalize(s);
	return rc;
}

static int
pragma_int(pr_store *st, const char *sql, int *out, pr_error *err)
{
	int64_t v = 0;
	int rc = pr__store_int64(st, sql, &v, err);

	if (rc == PR_OK)
		*out = (int)v;
	return rc;
}

/* Bring the schema up to date in one IMMEDIATE transaction. */
static int
migrate(pr_store *st, int create, pr_error *err)
{
	char sql[96];
	int version = 0;
	int appid = 0;
	int sealing = 1;
	int unsealed = 0;
	int i;
	int rc;

	rc = pr__store_exec(st, "BEGIN IMMEDIATE", err);
	if (rc != PR_OK)
		return rc;
	rc = pragma_int(st, "PRAGMA application_id", &appid, err);
	if (rc == PR_OK)
		rc = pragma_int(st, "PRAGMA user_version", &version, err);
	if (rc != PR_OK)
		goto fail;
	if (create) {
		snprintf(sql, sizeof(sql), "PRAGMA application_id = %d",
			 PR_STORE_APPLICATION_ID);
		rc = pr__store_exec(st, sql, err);
		if (rc != PR_OK)
			goto fail;
	} else if (appid != PR_STORE_APPLICATION_ID) {
		rc = pr__error_set(err, PR_EINVALID, "%s: not a proceeds case",
				   st->path);
		goto fail;
	}
	if (version > pr__schema_count()) {
		rc = pr__error_set(err, PR_EVERSION, "%s: case has schema "
				   "version %d; this proceeds knows up to %d",
				   st->path, version, pr__schema_count());
		goto fail;
	}
	/* A log written before entries sealed their rows: its rows are
	 * sealed by an entry of their own once the schema is current. */
	if (version > 0)
		rc = pragma_int(st, "SELECT count(*) FROM pragma_table_info("
				"'custody') WHERE name = 'sealed'", &sealing,
				err);
	if (rc == PR_OK && !sealing)
		rc = pragma_int(st, "SELECT count(*) > 0 FROM custody",
				&unsealed, err);
	if (rc != PR_OK)
		goto fail;
	for (i = version; i < pr__schema_count(); i++) {
		rc = pr__store_exec(st, pr__schema_step(i), err);
		if (rc != PR_OK)
			goto fail;
	}
	if (version < pr__schema_count()) {
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d",
			 pr__schema_count());
		rc = pr__store_exec(st, sql, err);
		if (rc != PR_OK)
			goto fail;
	}
	if (unsealed) {
		rc = pr__custody_upgrade(st, version, err);
		if (rc != PR_OK)
			goto fail;
	}
	return pr__store_exec(st, "COMMIT", err);
fail:
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

int
pr_store_schema_version(void)
{
	return pr__schema_count();
}

int
pr_store_file_version(pr_store *st)
{
	int v = -1;

	if (st == NULL || pragma_int(st, "PRAGMA user_version", &v, NULL))
		return -1;
	return v;
}

/*
 * How the case keeps its transactions, and why (docs/storage.md).
 *
 * A rollback journal (journal_mode=DELETE), not WAL. A WAL database can
 * be read only by a process that can write its -shm index, or create it
 * beside the database: on a write-blocked copy of the evidence (a
 * read-only mount, a directory the reader cannot write) every command
 * failed, and a read by another user left -wal and -shm files of that
 * user's that locked the owner out. SQLite's immutable=1 would read such
 * a file, but it turns off locking and change detection: a case that
 * someone else can still write (a directory read-only to one user is not
 * to another) would be read stale or torn, without a word. In rollback
 * mode a reader opens the case read-only, takes a shared lock on it and
 * creates nothing; a writer creates CASE-journal for the length of one
 * transaction, and one import is one transaction. A reader sees the
 * case as it was before a commit or after it, never between: the writer
 * changes the file only under an exclusive lock, which a reader waits
 * for (up to the busy timeout) to end.
 *
 * synchronous=EXTRA: each commit syncs the journal before the case is
 * changed and the case before the journal is deleted (FULL), then the
 * directory once the journal is gone, so that a power cut after a commit
 * has returned cannot bring the journal back and roll the commit back.
 * One import is one commit, so the cost is paid once per command.
 */
#define JOURNAL_MODE "PRAGMA journal_mode = DELETE"
#define SYNCHRONOUS "PRAGMA synchronous = EXTRA"

/* What a reading open needs a writer to do before it can read. */
enum need {
	NEED_NOTHING,
	NEED_CONVERT,  /* a case in WAL mode, as older versions left it */
	NEED_ROLLBACK, /* a hot journal: an interrupted write */
	NEED_UPGRADE   /* an older schema */
};

/* Whether the file at path is an SQLite database in WAL mode: bytes 18
 * and 19 of its header are 2. Read with stdio, since SQLite would need
 * the -shm file that cannot be made on read-only media. */
static int
wal_header(const char *path)
{
	unsigned char h[20];
	FILE *fp = fopen(path, "rb");
	size_t n;

	if (fp == NULL)
		return 0;
	n = fread(h, 1, sizeof(h), fp);
	fclose(fp);
	return n == sizeof(h) && memcmp(h, "SQLite format 3", 16) == 0 &&
	       (h[18] == 2 || h[19] == 2);
}

/*
 * A reading open needed a write first (@p need) and the write failed
 * with @p why. When it failed because the case cannot be written where
 * it lies, say what was needed and what to do instead; never read the
 * case as it is, which would be stale or half-written. Any other failure
 * is passed on as it is.
 */
static int
cannot_write(const char *path, enum need need, int version,
	     const pr_error *why, pr_error *err)
{
	const char *cause = sqlite3_errstr(why->sys_code);
	int code = why->sys_code & 0xff;
	char wal[PATH_MAX + 8];
	struct stat sb;
	int rc;

	if (why->code != PR_EDB || (code != SQLITE_READONLY &&
				    code != SQLITE_CANTOPEN &&
				    code != SQLITE_PERM)) {
		if (err != NULL)
			*err = *why;
		return why->code;
	}
	snprintf(wal, sizeof(wal), "%s-wal", path);
	if (need == NEED_ROLLBACK)
		rc = pr__error_set(err, PR_EDB, "%s-journal: left by an "
				   "interrupted write; the case cannot be read "
				   "until it is rolled back, which needs write "
				   "access (%s): copy the case and this file "
				   "where they can be written", path, cause);
	else if (need == NEED_CONVERT)
		rc = pr__error_set(err, PR_EVERSION, "%s: case is in the WAL "
				   "mode of older versions; it must be "
				   "converted before it is read, which needs "
				   "write access (%s): copy it%s where it can "
				   "be written", path, cause,
				   stat(wal, &sb) == 0 ? " and its -wal file" :
				   "");
	else
		rc = pr__error_set(err, PR_EVERSION, "%s: case has schema "
				   "version %d; it must be upgraded to %d "
				   "before it is read, which needs write access "
				   "(%s): copy it where it can be written",
				   path, version, pr__schema_count(), cause);
	if (err != NULL)
		err->sys_code = why->sys_code;
	return rc;
}

/* pr_store_open's own flag: create at this very path (the working file
 * of create_case, or an in-memory database). */
#define STORE_IN_PLACE 0x200 /* PR__STORE_UPDATED is 0x100 */

/*
 * A new case appears whole or not at all, as exhibits do. The schema,
 * the application_id and, with PR_STORE_LOG_INIT, the custody log's
 * first entry ("init", no arguments, "created case") are written into a
 * file of a working directory beside @p path (tmpdir.h); the file keeps
 * a rollback journal (asserted once more before it is closed), so all of
 * it is in the one file, which is closed and synced, and only then
 * linked to @p path. link() never
 * replaces a file: of two inits at once, one wins and the other gets
 * PR_EEXISTS. A kill at any point leaves either no case or the whole
 * case, never the 0- or 4,096-byte stub that every command called "not
 * a proceeds case" and init refused; what a kill leaves in the working
 * directory is removed by the next creation of the same path. An
 * in-memory database (":memory:", "") is created in place, without the
 * log entry.
 */
static int
create_case(pr_store **out, const char *path, int flags, pr_error *err)
{
	pr__tmpdir t;
	pr_store *st = NULL;
	struct stat sb;
	int rc;

	if (strcmp(path, ":memory:") == 0 || *path == '\0')
		return pr_store_open(out, path, flags | STORE_IN_PLACE, err);
	if (lstat(path, &sb) == 0)
		return pr__error_set(err, PR_EEXISTS, "%s: already exists",
				     path);
	rc = pr__tmpdir_open(&t, path, err);
	if (rc != PR_OK)
		return rc;
	rc = pr_store_open(&st, t.path, flags | STORE_IN_PLACE, err);
	if (rc == PR_OK && (flags & PR_STORE_LOG_INIT))
		rc = pr_store_begin(st, err);
	if (rc == PR_OK && (flags & PR_STORE_LOG_INIT))
		rc = pr_store_commit(st, "init", 0, NULL, "created case", err);
	if (rc == PR_OK)
		rc = pr__store_exec(st, JOURNAL_MODE, err);
	pr_store_close(st);
	if (rc == PR_OK && pr__sync_at(t.fd, t.base) != 0)
		rc = pr__error_sys(err, PR_EIO, errno, path, "cannot create");
	if (rc == PR_OK &&
	    pr__rename_noreplace(t.fd, t.base, t.parent, t.base) != 0)
		rc = errno == EEXIST ?
		     pr__error_set(err, PR_EEXISTS, "%s: already exists",
				   path) :
		     pr__error_sys(err, PR_EIO, errno, path, "cannot create");
	if (rc == PR_OK && fsync(t.parent) != 0)
		rc = pr__error_sys(err, PR_EIO, errno, path, "cannot create");
	pr__tmpdir_close(&t);
	if (rc != PR_OK)
		return rc;
	return pr_store_open(out, path, flags & ~(PR_STORE_CREATE |
						  PR_STORE_LOG_INIT), err);
}

int
pr_store_open(pr_store **out, const char *path, int flags, pr_error *err)
{
	enum need need = NEED_NOTHING;
	pr_store *st = NULL;
	pr_error local, why;
	struct stat sb;
	int version = 0;
	int oflags;
	int rc;
	int i;

	/* SQLite's code is needed below even when the caller wants none */
	if (err == NULL)
		err = &local;
	if (out == NULL || path == NULL)
		return pr__error_set(err, PR_EINVALID, "no case path given");
	*out = NULL;
	if ((flags & PR_STORE_CREATE) && !(flags & STORE_IN_PLACE))
		return create_case(out, path, flags, err);
	if (flags & PR_STORE_CREATE) {
		if (stat(path, &sb) == 0)
			return pr__error_set(err, PR_EEXISTS,
					     "%s: already exists", path);
		oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	} else {
		if (stat(path, &sb) != 0)
			return pr__error_set(err, PR_ENOTFOUND,
					     "%s: no such case (create it "
					     "with 'proceeds init')", path);
		oflags = (flags & PR_STORE_READONLY) ?
			 SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	}
	st = pr__calloc(1, sizeof(*st));
	if (st == NULL)
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	st->path = pr__strdup(path);
	if (st->path == NULL) {
		pr__free(st);
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	}
	/* a reader never opens a WAL case: it would make -wal and -shm */
	if ((flags & PR_STORE_READONLY) && wal_header(path)) {
		need = NEED_CONVERT;
		goto update;
	}
	if (sqlite3_open_v2(path, &st->db, oflags | SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK) {
		rc = st->db ? pr__store_dberr(st, err, "cannot open") :
		     pr__error_set(err, PR_ENOMEM, "out of memory");
		goto fail;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, 5000);
	rc = pr__store_exec(st, "PRAGMA foreign_keys = ON", err);
	/*
	 * Look before writing: a file that is not SQLite at all fails on
	 * this first read (SQLITE_NOTADB), and someone else's database must
	 * be refused before anything touches it, not even the switch of
	 * journal mode, which would rewrite its header. A reader that meets
	 * a hot journal here cannot roll it back: a writer must.
	 */
	if (rc == PR_OK && !(flags & PR_STORE_CREATE)) {
		int appid = 0;

		rc = pragma_int(st, "PRAGMA application_id", &appid, err);
		if (rc == PR_OK && appid != PR_STORE_APPLICATION_ID)
			rc = pr__error_set(err, PR_EINVALID,
					   "%s: not a proceeds case", path);
		if (rc == PR_EDB && (flags & PR_STORE_READONLY) &&
		    err->sys_code == SQLITE_READONLY_ROLLBACK) {
			need = NEED_ROLLBACK;
			goto update;
		}
	}
	/* SQLite opens a file it cannot write read-only, without a word */
	if (rc == PR_OK && !(flags & PR_STORE_READONLY) &&
	    sqlite3_db_readonly(st->db, "main") == 1) {
		rc = pr__error_set(err, PR_EDB, "%s: the case is read-only "
				   "here; commands that write need write "
				   "access to it and its directory", path);
		err->sys_code = SQLITE_READONLY;
	}
	if (rc == PR_OK && !(flags & PR_STORE_READONLY))
		rc = pr__store_exec(st, JOURNAL_MODE, err);
	if (rc == PR_OK)
		rc = pr__store_exec(st, SYNCHRONOUS, err);
	if (rc == PR_OK && (flags & PR_STORE_READONLY)) {
		rc = pragma_int(st, "PRAGMA user_version", &version, err);
		if (rc == PR_OK && version > 0 &&
		    version < pr__schema_count()) {
			/* An older case is brought up to date first, so that
			 * reading it never depends on which command ran
			 * after an upgrade of the program. */
			need = NEED_UPGRADE;
			goto update;
		}
		if (rc == PR_OK && version != pr__schema_count())
			rc = pr__error_set(err, PR_EVERSION, "%s: case has "
					   "schema version %d; expected %d",
					   path, version, pr__schema_count());
	} else if (rc == PR_OK) {
		rc = migrate(st, flags & PR_STORE_CREATE, err);
	}
	if (rc != PR_OK) {
		/* the return value must stay equal to err->code */
		if ((err->sys_code & 0xff) == SQLITE_NOTADB)
			rc = pr__error_set(err, PR_EINVALID,
					   "%s: not a proceeds case", path);
		goto fail;
	}
	for (i = 0; i < Q_COUNT; i++) {
		if (sqlite3_prepare_v3(st->db, sql_text[i], -1,
				       SQLITE_PREPARE_PERSISTENT, &st->q[i],
				       NULL) != SQLITE_OK) {
			rc = pr__store_dberr(st, err, "cannot prepare");
			goto fail;
		}
	}
	*out = st;
	return PR_OK;
update:
	/*
	 * A reader needs a writer first: to convert the journal mode, roll
	 * back an interrupted write or upgrade the schema. Open the case
	 * for writing, which does all three, then read it. Done once: if
	 * the case needs it again, another process is at it.
	 */
	pr_store_close(st);
	if (flags & PR__STORE_UPDATED)
		return pr__error_set(err, PR_EBUSY, "%s: the case is in use "
				     "by another process", path);
	pr_error_clear(&why);
	rc = pr_store_open(&st, path, flags & ~PR_STORE_READONLY, &why);
	if (rc != PR_OK)
		return cannot_write(path, need, version, &why, err);
	pr_store_close(st);
	return pr_store_open(out, path, flags | PR__STORE_UPDATED, err);
fail:
	pr_store_close(st);
	if (flags & PR_STORE_CREATE)
		remove(path);
	return rc;
}

static void
clear_pending(pr_store *st)
{
	size_t i;

	for (i = 0; i < st->n_pending; i++)
		pr__free(st->pending_docs[i]);
	pr__free(st->pending_docs);
	st->pending_docs = NULL;
	st->n_pending = 0;
}

void
pr_store_close(pr_store *st)
{
	int i;

	if (st == NULL)
		return;
	if (st->in_txn)
		pr_store_rollback(st);
	for (i = 0; i < Q_COUNT; i++)
		sqlite3_finalize(st->q[i]);
	sqlite3_close(st->db);
	clear_pending(st);
	pr__store_currency_free(st);
	pr__free(st->path);
	pr__free(st);
}

int
pr_store_begin(pr_store *st, pr_error *err)
{
	int rc;

	if (st == NULL || st->in_txn)
		return pr__error_set(err, PR_EINVALID,
				     "a transaction is already open");
	rc = pr__store_exec(st, "BEGIN IMMEDIATE", err);
	if (rc != PR_OK)
		return rc;
	st->in_txn = 1;
	rc = pr__store_int64(st, PR__NEXT_SEQ, &st->next_seq, err);
	if (rc == PR_OK)
		rc = pr__custody_mark(st, err);
	if (rc != PR_OK)
		pr_store_rollback(st);
	return rc;
}

/* Also called by pr_store_commit once it has committed, to forget the
 * transaction's documents: each log entry names only its own. */
void
pr_store_rollback(pr_store *st)
{
	if (st == NULL)
		return;
	if (st->in_txn)
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	st->in_txn = 0;
	st->assets_stale = 1;
	clear_pending(st);
}

int
pr__store_add_document(pr_store *st, int64_t *id_out, const char *name,
		       const char *kind, const char *profile,
		       const char *profile_sha256, int descending,
		       pr_error *err)
{
	sqlite3_stmt *s = st->q[Q_DOC_INSERT];
	int rc;

	/* The hash is known only once the file has been read: a unique
	 * placeholder stands in until pr__store_finish_document. */
	sqlite3_bind_text(s, 1, "pending", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, 0);
	sqlite3_bind_text(s, 4, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, profile ? profile : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, profile_sha256 ? profile_sha256 : "", -1,
			  SQLITE_STATIC);
	sqlite3_bind_int(s, 7, descending != 0);
	sqlite3_bind_int64(s, 8, st->next_seq);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	if (rc != SQLITE_DONE)
		return pr__store_dberr(st, err, "cannot record document");
	*id_out = sqlite3_last_insert_rowid(st->db);
	return PR_OK;
}

int
pr__store_finish_document(pr_store *st, int64_t id, const char *name,
			  const char *sha256, uint64_t size,
			  uint64_t records, pr_error *err)
{
	sqlite3_stmt *s = st->q[Q_DOC_FIND];
	char **grown;
	int rc;

	sqlite3_bind_text(s, 1, sha256, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_int64(s, 2) == st->next_seq) {
		/* given twice in this command: the earlier one is not in
		 * the case yet, and will not be once this fails */
		rc = pr__error_set(err, PR_EEXISTS, "%s: same content as "
				   "'%s', given earlier in this command "
				   "(SHA-256 %.12s)", name,
				   (const char *)sqlite3_column_text(s, 1),
				   sha256);
		sqlite3_reset(s);
		return rc;
	}
	if (rc == SQLITE_ROW) {
		rc = pr__error_set(err, PR_EEXISTS, "%s: already in the case "
				   "as document %lld '%s' (custody log entry "
				   "%lld), SHA-256 %.12s", name,
				   (long long)sqlite3_column_int64(s, 0),
				   (const char *)sqlite3_column_text(s, 1),
				   (long long)sqlite3_column_int64(s, 2),
				   sha256);
		sqlite3_reset(s);
		return rc;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return pr__store_dberr(st, err, "cannot look up document");
	s = st->q[Q_DOC_FINISH];
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, sha256, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)size);
	sqlite3_bind_int64(s, 4, (sqlite3_int64)records);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return pr__store_dberr(st, err, "cannot record document");
	grown = pr__realloc(st->pending_docs,
			    (st->n_pending + 1) * sizeof(*grown));
	if (grown == NULL)
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	st->pending_docs = grown;
	st->pending_docs[st->n_pending] = pr__strdup(sha256);
	if (st->pending_docs[st->n_pending] == NULL)
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	st->n_pending++;
	return PR_OK;
}

int
pr__store_account(pr_store *st, int64_t *id_out, const char *ident,
		  const char *currency, pr_error *err)
{
	sqlite3_stmt *s = st->q[Q_ACCOUNT_FIND];
	int rc;

	sqlite3_bind_text(s, 1, ident, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, currency, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*id_out = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return PR_OK;
	if (rc != SQLITE_DONE)
		return pr__store_dberr(st, err, "cannot look up account");
	s = st->q[Q_ACCOUNT_INSERT];
	sqlite3_bind_text(s, 1, ident, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, currency, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return pr__store_dberr(st, err, "cannot record account");
	*id_out = sqlite3_last_insert_rowid(st->db);
	return PR_OK;
}

int
pr_store_documents(pr_store *st, pr_document_cb cb, void *payload,
		   pr_error *err)
{
	sqlite3_stmt *s = NULL;
	pr_document d;
	int rc;

	if (sqlite3_prepare_v2(st->db, "SELECT id, name, sha256, size, kind,"
			       " profile, records, log_seq FROM document"
			       " ORDER BY id", -1, &s, NULL) != SQLITE_OK)
		return pr__store_dberr(st, err, "cannot list documents");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		d.id = sqlite3_column_int64(s, 0);
		d.name = (const char *)sqlite3_column_text(s, 1);
		d.sha256 = (const char *)sqlite3_column_text(s, 2);
		d.size = (uint64_t)sqlite3_column_int64(s, 3);
		d.kind = (const char *)sqlite3_column_text(s, 4);
		d.profile = (const char *)sqlite3_column_text(s, 5);
		d.records = (uint64_t)sqlite3_column_int64(s, 6);
		d.log_seq = sqlite3_column_int64(s, 7);
		rc = cb(&d, payload);
		if (rc != 0) {
			sqlite3_finalize(s);
			return rc;
		}
	}
	if (rc != SQLITE_DONE)
		rc = pr__store_dberr(st, err, "cannot list documents");
	else
		rc = PR_OK;
	sqlite3_finalize(s);
	return rc;
}

/* Text of an amount column in minor units as a decimal of the currency. */
static char *
amount_text(pr_store *st, sqlite3_stmt *s, int col, const char *code)
{
	const pr_currency *cur = pr__store_currency(st, code);
	char *buf;
	size_t n;
	mpz_t v;

	if (cur == NULL || sqlite3_column_type(s, col) == SQLITE_NULL)
		return pr__strdup("");
	mpz_init(v);
	pr__store_column_amount(v, s, col);
	n = pr_money_format(NULL, 0, v, cur->minor, PR_FMT_PLAIN);
	buf = pr__malloc(n + 1);
	if (buf != NULL)
		pr_money_format(buf, n + 1, v, cur->minor, PR_FMT_PLAIN);
	mpz_clear(v);
	return buf;
}

int
pr_store_wires(pr_store *st, pr_wire_cb cb, void *payload, pr_error *err)
{
	sqlite3_stmt *s = NULL;
	char *amt = NULL, *ins = NULL, *insc = NULL;
	pr_wire w;
	int rc;

	if (st == NULL || cb == NULL)
		return pr__error_set(err, PR_EINVALID, "no case or callback");
	if (sqlite3_prepare_v2(st->db, "SELECT w.id, d.name, w.line, w.format,"
			       " w.value_date, w.currency, w.amount,"
			       " w.instructed_currency, w.instructed_amount,"
			       " w.originator_name, w.originator_account,"
			       " w.originator_bank, w.beneficiary_name,"
			       " w.beneficiary_account, w.beneficiary_bank,"
			       " w.imad, w.omad, w.uetr, w.reference, w.details"
			       " FROM wire w JOIN document d ON d.id ="
			       " w.document_id ORDER BY w.value_date,"
			       " w.document_id, w.line, w.id", -1, &s, NULL) !=
	    SQLITE_OK)
		return pr__store_dberr(st, err, "cannot list wires");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *ic = (const char *)sqlite3_column_text(s, 7);
		size_t n;

		amt = amount_text(st, s, 6, (const char *)
				  sqlite3_column_text(s, 5));
		ins = amount_text(st, s, 8, ic);
		n = strlen(ic) + (ins ? strlen(ins) : 0) + 2;
		insc = pr__malloc(n);
		if (amt == NULL || ins == NULL || insc == NULL) {
			rc = pr__error_set(err, PR_ENOMEM, "out of memory");
			goto done;
		}
		if (*ins != '\0')
			snprintf(insc, n, "%s %s", ic, ins);
		else
			insc[0] = '\0';
		w.id = sqlite3_column_int64(s, 0);
		w.document = (const char *)sqlite3_column_text(s, 1);
		w.line = (unsigned long)sqlite3_column_int64(s, 2);
		w.format = (const char *)sqlite3_column_text(s, 3);
		w.value_date = sqlite3_column_int(s, 4);
		w.currency = (const char *)sqlite3_column_text(s, 5);
		w.amount = amt;
		w.instructed = insc;
		w.originator_name = (const char *)sqlite3_column_text(s, 9);
		w.originator_account = (const char *)sqlite3_column_text(s, 10);
		w.originator_bank = (const char *)sqlite3_column_text(s, 11);
		w.beneficiary_name = (const char *)sqlite3_column_text(s, 12);
		w.beneficiary_account = (const char *)sqlite3_column_text(s,
									 13);
		w.beneficiary_bank = (const char *)sqlite3_column_text(s, 14);
		w.imad = (const char *)sqlite3_column_text(s, 15);
		w.omad = (const char *)sqlite3_column_text(s, 16);
		w.uetr = (const char *)sqlite3_column_text(s, 17);
		w.reference = (const char *)sqlite3_column_text(s, 18);
		w.details = (const char *)sqlite3_column_text(s, 19);
		rc = cb(&w, payload);
		pr__free(amt);
		pr__free(ins);
		pr__free(insc);
		amt = ins = insc = NULL;
		if (rc != 0)
			goto done;
	}
	if (rc != SQLITE_DONE)
		rc = pr__store_dberr(st, err, "cannot list wires");
	else
		rc = PR_OK;
done:
	pr__free(amt);
	pr__free(ins);
	pr__free(insc);
	sqlite3_finalize(s);
	return rc;
}

/* The controls of one party, copied out of the statement. */
struct controls {
	pr_control *c;
	size_t n, cap;
};

static void
controls_clear(struct controls *cs)
{
	size_t i;

	for (i = 0; i < cs->n; i++) {
		pr__free((char *)cs->c[i].account);
		pr__free((char *)cs->c[i].relation);
		pr__free((char *)cs->c[i].reason);
		pr__free((char *)cs->c[i].document);
	}
	cs->n = 0;
}

static int
controls_load(pr_store *st, sqlite3_stmt *s, int64_t party,
	      struct controls *cs, pr_error *err)
{
	pr_control *c;
	int rc;

	controls_clear(cs);
	sqlite3_bind_int64(s, 1, party);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (cs->n == cs->cap) {
			size_t cap = cs->cap ? cs->cap * 2 : 8;

			c = pr__realloc(cs->c, cap * sizeof(*c));
			if (c == NULL)
				goto nomem;
			cs->c = c;
			cs->cap = cap;
		}
		c = &cs->c[cs->n];
		memset(c, 0, sizeof(*c));
		cs->n++;
		c->account = pr__strdup((const char *)
					sqlite3_column_text(s, 0));
		c->relation = pr__strdup((const char *)
					 sqlite3_column_text(s, 1));
		c->has_start = sqlite3_column_type(s, 2) != SQLITE_NULL;
		c->start = sqlite3_column_int(s, 2);
		c->has_end = sqlite3_column_type(s, 3) != SQLITE_NULL;
		c->end = sqlite3_column_int(s, 3);
		c->reason = pr__strdup((const char *)
				       sqlite3_column_text(s, 4));
		c->document = pr__strdup((const char *)
					 sqlite3_column_text(s, 5));
		c->line = (unsigned long)sqlite3_column_int64(s, 6);
		if (c->account == NULL || c->relation == NULL ||
		    c->reason == NULL || c->document == NULL)
			goto nomem;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return pr__store_dberr(st, err, "cannot list parties");
	return PR_OK;
nomem:
	sqlite3_reset(s);
	return pr__error_set(err, PR_ENOMEM, "out of memory");
}

int
pr_store_parties(pr_store *st, pr_party_cb cb, void *payload, pr_error *err)
{
	sqlite3_stmt *s = NULL, *cs = NULL;
	struct controls ctl = { NULL, 0, 0 };
	pr_party p;
	int rc;

	if (st == NULL || cb == NULL)
		return pr__error_set(err, PR_EINVALID, "no case or callback");
	if (sqlite3_prepare_v2(st->db, "SELECT p.id, p.pseudonym, p.role,"
			       " p.name, p.note, d.name, p.line FROM party p"
			       " JOIN document d ON d.id = p.document_id"
			       " ORDER BY CASE p.role WHEN 'victim' THEN 0"
			       " WHEN 'defendant' THEN 1 ELSE 2 END,"
			       " substr(p.pseudonym, 1, instr(p.pseudonym,"
			       " '-')), length(p.pseudonym), p.pseudonym",
			       -1, &s, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(st->db, "SELECT c.account, c.relation,"
			       " c.start_date, c.end_date, c.reason, d.name,"
			       " c.line FROM control c JOIN document d"
			       " ON d.id = c.document_id WHERE c.party_id = ?1"
			       " ORDER BY c.start_date IS NOT NULL,"
			       " c.start_date, c.account, c.document_id,"
			       " c.line, c.id", -1, &cs, NULL) != SQLITE_OK) {
		rc = pr__store_dberr(st, err, "cannot list parties");
		goto done;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		rc = controls_load(st, cs, sqlite3_column_int64(s, 0), &ctl,
				   err);
		if (rc != PR_OK)
			goto done;
		p.pseudonym = (const char *)sqlite3_column_text(s, 1);
		p.role = (const char *)sqlite3_column_text(s, 2);
		p.name = (const char *)sqlite3_column_text(s, 3);
		p.note = (const char *)sqlite3_column_text(s, 4);
		p.document = (const char *)sqlite3_column_text(s, 5);
		p.line = (unsigned long)sqlite3_column_int64(s, 6);
		p.n_controls = ctl.n;
		p.controls = ctl.c;
		rc = cb(&p, payload);
		if (rc != 0)
			goto done;
	}
	if (rc != SQLITE_DONE)
		rc = pr__store_dberr(st, err, "cannot list parties");
	else
		rc = PR_OK;
done:
	controls_clear(&ctl);
	pr__free(ctl.c);
	sqlite3_finalize(cs);
	sqlite3_finalize(s);
	return rc;
}
