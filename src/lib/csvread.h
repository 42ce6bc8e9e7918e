/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Streaming CSV reading on top of libcsv, with what libcsv does not give:
 * physical line numbers, field columns for messages, encoding checks and
 * the document's SHA-256 computed in the same single pass.
 */
#ifndef PR_LIB_CSVREAD_H
#define PR_LIB_CSVREAD_H

#include "common.h"

enum pr__encoding {
	PR_ENC_UTF8 = 0,
	PR_ENC_LATIN1,
	PR_ENC_CP1252
};

/* One complete CSV record. Everything is borrowed until the callback
 * returns. */
typedef struct pr__csv_record {
	size_t n;                 /* number of fields */
	const char *const *field; /* UTF-8, NUL-terminated */
	const size_t *len;
	unsigned long line;       /* physical line the record starts on */
	unsigned long record;     /* 1-based, counting the header */
	const char *raw;          /* the record's bytes as in the file */
	size_t raw_len;
	const char *path;         /* name used in messages */
	unsigned char delim;
	unsigned char quote;
} pr__csv_record;

/* A record, or a raw preamble line (rec->n == 0, raw/raw_len set). A
 * record callback may return PR__CSV_STOP: the records end there, and the
 * rest of the file (a footer) is read for its SHA-256 only. */
typedef int (*pr__csv_cb)(const pr__csv_record *rec, void *payload,
			  pr_error *err);

#define PR__CSV_STOP 1

typedef struct pr__csv_options {
	unsigned char delim;
	unsigned char quote;      /* 0 means '"' */
	enum pr__encoding encoding;
	unsigned long preamble;   /* physical lines before the first record */
	pr__csv_cb on_preamble;   /* gets each preamble line; may be NULL */
	unsigned long footer;     /* physical lines at the end that are not
				   * records: read for the hash only */
	void (*progress)(uint64_t done, uint64_t total, void *payload);
	void *progress_payload;
} pr__csv_options;

/*
 * Read @p path record by record, calling @p cb for each. Stops at the first
 * error (from the file or from @p cb) with its location. On success fills
 * @p sha256 and @p size_out for the whole file.
 */
int pr__csv_read(const char *path, const char *name, const pr__csv_options *o,
		 pr__csv_cb cb, void *payload, char sha256[PR_SHA256_HEX],
		 uint64_t *size_out, pr_error *err);

/* Location (line and column) of field @p i (0-based) of @p rec. */
void pr__csv_field_loc(pr_loc *loc, const pr__csv_record *rec, size_t i);

/* Location just past the end of the record (for missing fields). */
void pr__csv_end_loc(pr_loc *loc, const pr__csv_record *rec);

/* Whether @p rec ends the file without a line terminator: a record that
 * is short there is most likely a file cut off mid-record. */
int pr__csv_unterminated(const pr__csv_record *rec);

/* Field i of rec is wrong: PR_EPARSE with msg at its line and column. */
int pr__csv_fail(const pr__csv_record *rec, size_t i, pr_error *err,
		 const char *msg);

/* Field i is wrong: PR_EPARSE "'TEXT'" followed by what (" is not a
 * date"), the text quoted as written. */
int pr__csv_bad(const pr__csv_record *rec, size_t i, const char *what,
		pr_error *err);

/* Text compared with the case's own (a pseudonym, an account) must not
 * start or end with a space nobody would see: PR_EPARSE if it does. */
int pr__csv_trimmed(const pr__csv_record *rec, size_t i, pr_error *err);

/* 1 when s holds only spaces, tabs and line ends. */
int pr__csv_blank(const char *s);

/* A data record must have n fields, as its header: otherwise PR_EPARSE
 * at the first extra field, or at the end of a short record (with a hint
 * when the file ends inside it). */
int pr__csv_width(const pr__csv_record *rec, size_t n, pr_error *err);

/*
 * Read a header of named columns: col[k] gets the position of names[k]
 * (or -1). A column not in names is refused ("unknown column 'x' HINT"),
 * so a misspelt one is never lost; so is a name given twice, and a
 * missing one whose optional[k] is 0 (optional may be NULL: all needed).
 */
int pr__csv_header(long *col, const char *const *names, size_t n,
		   const unsigned char *optional, const char *hint,
		   const pr__csv_record *rec, pr_error *err);

/* Split one raw line into fields (for preamble cells): the fields are
 * returned through the callback as a record. */
int pr__csv_split(const char *raw, size_t len, unsigned char delim,
		  enum pr__encoding enc, pr__csv_cb cb, void *payload,
		  pr_error *err);

#endif
