/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The case: one SQLite file holding documents, records and the custody log. */
#ifndef PROCEEDS_STORE_H
#define PROCEEDS_STORE_H

#include "common.h"
#include "hash.h"

/** An open case. Opaque; close with pr_store_close. */
typedef struct pr_store pr_store;

/** Flags for pr_store_open. */
enum {
	PR_STORE_CREATE = 1,  /**< new case; PR_EEXISTS if the file exists */
	PR_STORE_READONLY = 2, /**< open for reading only */
	/** with PR_STORE_CREATE: the new case holds the custody log's first
	 *  entry, "init" ("created case"), written with it */
	PR_STORE_LOG_INIT = 4
};

/** PRAGMA application_id of a case file ("PRCD"). */
#define PR_STORE_APPLICATION_ID 0x50524344

/**
 * Open (or with PR_STORE_CREATE create) the case at @p path: a rollback
 * journal synced at each commit, foreign keys, the schema brought up to
 * date in one transaction. Refuses files that are not cases (PR_EINVALID)
 * and cases written by a newer version (PR_EVERSION).
 *
 * With PR_STORE_READONLY nothing is written and no file is made beside
 * the case, so a case on read-only media can be read; a case that needs
 * a write first (an older schema or the WAL mode of older versions, or a
 * write left unfinished) is brought up to date by a writing open, and
 * where that is impossible the open fails saying so (PR_EVERSION, or
 * PR_EDB for an unfinished write) rather than read a stale case.
 *
 * A new case appears whole or not at all: it is written and synced under
 * a working directory beside @p path (".NAME.proceeds-PID-N", removed by
 * the next creation of the same path when a crash left it) and linked to
 * @p path only when complete, never replacing a file: of two creations at
 * once, one wins and the other gets PR_EEXISTS. ":memory:" is created in
 * place.
 *
 * @param out [out] the case, owned by the caller; NULL on failure
 */
PR_EXTERN int pr_store_open(pr_store **out, const char *path, int flags,
			    pr_error *err);

/** Close the case; rolls back an unfinished transaction. Accepts NULL. */
PR_EXTERN void pr_store_close(pr_store *st);

/** The schema version this library writes, and the one of an open case. */
PR_EXTERN int pr_store_schema_version(void);
PR_EXTERN int pr_store_file_version(pr_store *st);

/**
 * Start the one write transaction of a command (BEGIN IMMEDIATE). Imports
 * run inside it; pr_store_commit makes them durable together with their
 * custody-log entry, pr_store_rollback leaves the case unchanged.
 */
PR_EXTERN int pr_store_begin(pr_store *st, pr_error *err);

/**
 * Append the custody-log entry for this command and commit. The entry
 * holds @p command, its arguments, the SHA-256 of every document imported
 * in the transaction, @p result and the seal of the rows the transaction
 * wrote (per table their rowids and a SHA-256 over them as stored,
 * docs/custody.md), and chains to the previous entry by hash. The time is
 * the current UTC time, or SOURCE_DATE_EPOCH when set.
 */
PR_EXTERN int pr_store_commit(pr_store *st, const char *command, int argc,
			      const char *const *argv, const char *result,
			      pr_error *err);

/** Abandon the transaction. Accepts NULL and no transaction. */
PR_EXTERN void pr_store_rollback(pr_store *st);

/** The rows one custody-log entry wrote to one table of the case. */
typedef struct pr_log_rows {
	const char *table;     /**< "txn", "party", ... */
	int64_t first, last;   /**< its rows are those with first <= rowid
				*   <= last */
	int64_t count;         /**< how many (txn_detail's rowids are those
				*   of txn rows, so they can have gaps) */
	const char *sha256;    /**< of their canonical serialisation */
} pr_log_rows;

/** One custody-log entry; strings are borrowed for the callback's duration. */
typedef struct pr_log_entry {
	int64_t seq;
	const char *at;        /**< UTC, "2026-11-24T20:15:00Z" */
	const char *command;
	const char *args;      /**< JSON array of strings */
	const char *documents; /**< JSON array of SHA-256 hex digests */
	const char *result;
	const char *prev_hash; /**< the previous entry's; 64 zeros first */
	const char *hash;
	/** The seal of the rows the entry wrote, as JSON text: an array of
	 *  [table, after, last, count, sha256]; NULL when it wrote none (and
	 *  for entries written before seals existed). */
	const char *sealed;
	size_t n_rows;             /**< the same, one per table written */
	const pr_log_rows *rows;
} pr_log_entry;

/** Called per entry in order; a non-zero return stops and is returned. */
typedef int (*pr_log_cb)(const pr_log_entry *entry, void *payload);

PR_EXTERN int pr_log_foreach(pr_store *st, pr_log_cb cb, void *payload,
			     pr_error *err);

/**
 * Check the custody log and the data it seals (docs/custody.md), in one
 * read transaction:
 * - sequence numbers run 1, 2, … without a gap, each entry's hash is
 *   recomputed and matches, and each links to the previous one;
 * - each document's SHA-256 is 64 lowercase hex digits and is, whole,
 *   one of those the entry that imported it recorded;
 * - each entry's seal is recomputed from the rows as stored and compared
 *   whole, table by table;
 * - every row of every table belongs to exactly one entry's seal;
 * - the case holds no trigger or view (proceeds makes none).
 * Returns PR_OK when intact; otherwise PR_EINVALID with @p bad_seq set to
 * the first entry found wrong (0 when the fault is not in one entry) and
 * err->msg saying what is wrong, naming the entry, the table and, where
 * it can, the row.
 */
PR_EXTERN int pr_log_verify(pr_store *st, int64_t *bad_seq, pr_error *err);

/** What pr_log_verify_status found. */
typedef struct pr_log_status {
	int64_t bad_seq;  /**< as pr_log_verify's */
	int64_t entries;  /**< how many entries the log holds */
	int64_t rows;     /**< how many rows their seals cover */
	int64_t head_seq; /**< the last entry; 0 for an empty log */
	char head_hash[PR_SHA256_HEX]; /**< its hash ("" for none): written
					*   down outside the case, it shows
					*   later that the log was not
					*   rewritten up to it */
} pr_log_status;

/**
 * pr_log_verify, also telling how much it checked and the head of the
 * chain. @p status (may be NULL) is filled in whether or not the log is
 * intact, as far as the check got.
 */
PR_EXTERN int pr_log_verify_status(pr_store *st, pr_log_status *status,
				   pr_error *err);

/** One imported document; strings borrowed for the callback's duration. */
typedef struct pr_document {
	int64_t id;
	const char *name;
	const char *sha256;
	uint64_t size;
	const char *kind;     /**< "bank", "statements" */
	const char *profile;  /**< profile name, or "" */
	uint64_t records;
	int64_t log_seq;      /**< custody-log entry that imported it */
} pr_document;

typedef int (*pr_document_cb)(const pr_document *doc, void *payload);

/** Every document in the order imported. */
PR_EXTERN int pr_store_documents(pr_store *st, pr_document_cb cb,
				 void *payload, pr_error *err);

/** One wire record; strings borrowed for the callback's duration. */
typedef struct pr_wire {
	int64_t id;
	const char *document;   /**< file name */
	unsigned long line;
	const char *format;     /**< "csv", "mt103", "fedwire", "pacs.008" */
	int32_t value_date;     /**< days since 1970-01-01 */
	const char *currency;
	const char *amount;     /**< exact decimal text, e.g. "185000.00" */
	const char *instructed; /**< "" or currency and amount ordered */
	const char *originator_name, *originator_account, *originator_bank;
	const char *beneficiary_name, *beneficiary_account;
	const char *beneficiary_bank;
	const char *imad, *omad, *uetr, *reference, *details;
} pr_wire;

typedef int (*pr_wire_cb)(const pr_wire *w, void *payload);

/** Every wire in the case, by value date, then document and line. */
PR_EXTERN int pr_store_wires(pr_store *st, pr_wire_cb cb, void *payload,
			     pr_error *err);

/** An account or address a party controls; strings borrowed. */
typedef struct pr_control {
	const char *account;   /**< as imported, or a chain address */
	const char *relation;  /**< owner, signer, controller, nominee */
	int has_start, has_end;
	int32_t start, end;    /**< days since 1970-01-01, inclusive */
	const char *reason;
	const char *document;  /**< file name of the victims file */
	unsigned long line;
} pr_control;

/** A party of the case; strings borrowed for the callback's duration. */
typedef struct pr_party {
	const char *pseudonym; /**< V-1, D-1: what reports show */
	const char *role;      /**< victim, defendant, other */
	const char *name;      /**< the real name: never in a report */
	const char *note;
	const char *document;  /**< file name of the victims file */
	unsigned long line;
	size_t n_controls;
	const pr_control *controls; /**< by start date (open first),
				     *   account, then line */
} pr_party;

typedef int (*pr_party_cb)(const pr_party *p, void *payload);

/**
 * Every party in the case with the accounts it controls: victims, then
 * defendants, then others, each by pseudonym (D-2 before D-10). A
 * non-zero return of @p cb stops and is returned.
 *
 * @return PR_OK, PR_EINVALID (no case or callback), PR_ENOMEM, PR_EDB
 */
PR_EXTERN int pr_store_parties(pr_store *st, pr_party_cb cb, void *payload,
			       pr_error *err);

#endif
