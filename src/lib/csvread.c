/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Streaming CSV with positions. libcsv parses; we split the input into
 * physical lines first (LF, CRLF or lone CR) and feed libcsv one line at a
 * time, so that every record knows the line it starts on and its raw bytes.
 * A field's column is found only when a message needs it, by feeding the
 * record's raw bytes to a fresh parser one byte at a time: the costly path
 * runs once, on the error.
 */
#include "config.h"
#include "common.h"
#include "csvread.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <csv.h>

#define MAX_LINE (1024UL * 1024UL)   /* one physical line */
#define MAX_RECORD (4UL * MAX_LINE)  /* one record, over several lines */
#define MAX_FIELDS 1024UL

struct reader {
	struct csv_parser p;
	const char *name;
	unsigned char delim;
	unsigned char quote;
	enum pr__encoding enc;
	pr__csv_cb cb;
	void *payload;
	pr_error *err;
	int rc;
	/* fields of the current record, NUL-separated in one arena */
	char *arena;
	size_t arena_len, arena_cap;
	size_t *off;
	size_t *len;
	const char **ptr;
	size_t nf, capf, ptr_cap;
	/* raw bytes of the current record */
	char *raw;
	size_t raw_len, raw_cap;
	unsigned long rec_line;
	unsigned long records;
	unsigned long line;
	int stopped;              /* a callback said PR__CSV_STOP */
	unsigned long last_line;  /* the last line before a footer, or 0 */
};

static size_t field_offset(const pr__csv_record *rec, size_t i);
static void offset_loc(pr_loc *loc, const pr__csv_record *rec, size_t off);

static int
grow(char **buf, size_t *cap, size_t need, size_t max)
{
	size_t n = *cap ? *cap : 256;
	char *p;

	if (need <= *cap)
		return 0;
	if (need > max)
		return -1;
	while (n < need)
		n *= 2;
	if (n > max)
		n = max;
	p = pr__realloc(*buf, n);
	if (p == NULL)
		return -2;
	*buf = p;
	*cap = n;
	return 0;
}

/* Windows-1252 0x80-0x9F; 0 marks the five undefined bytes. */
static const unsigned short cp1252[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178
};

/* Length of the valid UTF-8 prefix of s (RFC 3629: no overlongs, no
 * surrogates, nothing past U+10FFFF). */
static size_t
utf8_valid_prefix(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = s[i];
		size_t j, k;
		unsigned long cp;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			k = 1;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			k = 2;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			k = 3;
			cp = c & 0x07;
		} else {
			return i;
		}
		for (j = 1; j <= k; j++) {
			if (i + j >= n || (s[i + j] & 0xC0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + j] & 0x3F);
		}
		if ((k == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)))
		    || (k == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
			return i;
		i += k + 1;
	}
	return n;
}

static void
loc_at(pr_loc *loc, const char *name, unsigned long line,
       unsigned long column)
{
	memset(loc, 0, sizeof(*loc));
	snprintf(loc->path, sizeof(loc->path), "%s", name);
	loc->line = line;
	loc->column = column;
}

static int
append_utf8(struct reader *r, unsigned long cp)
{
	char b[3];
	size_t n;

	if (cp < 0x800) {
		b[0] = (char)(0xC0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else {
		b[0] = (char)(0xE0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	}
	memcpy(r->arena + r->arena_len, b, n);
	r->arena_len += n;
	return 0;
}

/* The record being read, as far as it has come: for locating its fields. */
static void
partial_record(pr__csv_record *rec, const struct reader *r)
{
	memset(rec, 0, sizeof(*rec));
	rec->raw = r->raw;
	rec->raw_len = r->raw_len;
	rec->line = r->rec_line;
	rec->path = r->name;
	rec->delim = r->delim;
	rec->quote = r->quote;
}

static int
field_error(struct reader *r, int code, const char *msg)
{
	pr__csv_record rec;
	pr_loc loc;

	partial_record(&rec, r);
	pr__csv_field_loc(&loc, &rec, r->nf);
	return r->rc = pr__error_at(r->err, code, &loc, "%s", msg);
}

static void
on_field(void *s, size_t len, void *data)
{
	struct reader *r = data;
	const unsigned char *b = s;
	size_t i;
	int g;

	if (r->rc != PR_OK || r->stopped)
		return;
	if (r->nf >= MAX_FIELDS) {
		field_error(r, PR_EPARSE, "more than 1024 fields in a record");
		return;
	}
	if (r->nf == r->capf) {
		size_t n = r->capf ? r->capf * 2 : 16;
		size_t *o = pr__realloc(r->off, n * sizeof(*o));
		size_t *l;

		if (o == NULL) {
			r->rc = pr__error_set(r->err, PR_ENOMEM,
					      "out of memory");
			return;
		}
		r->off = o;
		l = pr__realloc(r->len, n * sizeof(*l));
		if (l == NULL) {
			r->rc = pr__error_set(r->err, PR_ENOMEM,
					      "out of memory");
			return;
		}
		r->len = l;
		r->capf = n;
	}
	/* Latin-1 can grow 2x and Windows-1252 3x when written as UTF-8. */
	g = grow(&r->arena, &r->arena_cap, r->arena_len + 3 * len + 1,
		 3 * MAX_RECORD + MAX_FIELDS);
	if (g != 0) {
		r->rc = pr__error_set(r->err, PR_ENOMEM, "out of memory");
		return;
	}
	r->off[r->nf] = r->arena_len;
	if (r->enc == PR_ENC_UTF8) {
		memcpy(r->arena + r->arena_len, b, len);
		r->arena_len += len;
	} else {
		for (i = 0; i < len; i++) {
			if (b[i] < 0x80) {
				r->arena[r->arena_len++] = (char)b[i];
			} else if (r->enc == PR_ENC_CP1252 && b[i] < 0xA0) {
				/* check_line refused the undefined bytes */
				assert(cp1252[b[i] - 0x80] != 0);
				append_utf8(r, cp1252[b[i] - 0x80]);
			} else {
				append_utf8(r, b[i]);
			}
		}
	}
	r->len[r->nf] = r->arena_len - r->off[r->nf];
	r->arena[r->arena_len++] = '\0';
	r->nf++;
}

static void
on_record(int c, void *data)
{
	struct reader *r = data;
	pr__csv_record rec;
	size_t i;

	(void)c;
	if (r->rc != PR_OK || r->stopped)
		return;
	if (r->ptr_cap < r->capf || r->ptr == NULL) {
		size_t n = r->capf ? r->capf : 1;
		const char **p = pr__realloc(r->ptr, n * sizeof(*p));

		if (p == NULL) {
			r->rc = pr__error_set(r->err, PR_ENOMEM,
					      "out of memory");
			return;
		}
		r->ptr = p;
		r->ptr_cap = n;
	}
	for (i = 0; i < r->nf; i++)
		r->ptr[i] = r->arena + r->off[i];
	r->records++;
	rec.n = r->nf;
	rec.field = r->ptr;
	rec.len = r->len;
	rec.line = r->rec_line;
	rec.record = r->records;
	rec.raw = r->raw;
	rec.raw_len = r->raw_len;
	rec.path = r->name;
	rec.delim = r->delim;
	rec.quote = r->quote;
	r->rc = r->cb(&rec, r->payload, r->err);
	if (r->rc == PR__CSV_STOP) {
		r->rc = PR_OK;
		r->stopped = 1;
	}
	r->nf = 0;
	r->arena_len = 0;
	r->raw_len = 0;
}

static int
setup(struct reader *r, unsigned char delim, enum pr__encoding enc)
{
	if (csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL)
	    != 0)
		return pr__error_set(r->err, PR_ENOMEM, "out of memory");
	csv_set_delim(&r->p, delim);
	csv_set_quote(&r->p, '"');
	r->quote = '"';
	csv_set_realloc_func(&r->p, pr__realloc);
	csv_set_free_func(&r->p, pr__free);
	/* libcsv grows a field by a fixed block (128 bytes by default): a
	 * field of megabytes would be copied thousands of times where
	 * realloc cannot grow in place (AddressSanitizer's never does). */
	csv_set_blk_size(&r->p, 64 * 1024);
	r->delim = delim;
	r->enc = enc;
	return PR_OK;
}

static void
teardown(struct reader *r)
{
	csv_free(&r->p);
	pr__free(r->arena);
	pr__free(r->off);
	pr__free(r->len);
	pr__free(r->ptr);
	pr__free(r->raw);
}

/*
 * The opening quote of the field still open in the record being read:
 * only a quoted field carries a record past the end of a line or of the
 * file. libcsv skips blanks before a quote, so step over them too.
 */
static void
open_quote_loc(pr_loc *loc, const struct reader *r)
{
	pr__csv_record rec;
	size_t off;

	partial_record(&rec, r);
	off = field_offset(&rec, r->nf);
	while (off < rec.raw_len && (rec.raw[off] == ' ' ||
				     rec.raw[off] == '\t') &&
	       (unsigned char)rec.raw[off] != rec.delim)
		off++;
	offset_loc(loc, &rec, off);
	loc->field = (unsigned long)r->nf + 1;
}

/*
 * libcsv stopped at byte @p column of the current line. In strict mode
 * that is either a quote in a field that did not start with one, or
 * something other than the delimiter after a quoted field's closing
 * quote; the parser's own state says which (csv.h documents `quoted').
 */
static int
csv_failure(struct reader *r, unsigned long column)
{
	pr_loc loc;

	loc_at(&loc, r->name, r->line, column);
	if (csv_error(&r->p) == CSV_ETOOBIG)
		return pr__error_at(r->err, PR_EPARSE, &loc,
				    "field too large");
	if (csv_error(&r->p) == CSV_ENOMEM)
		return pr__error_set(r->err, PR_ENOMEM, "out of memory");
	if (r->p.quoted)
		return pr__error_at(r->err, PR_EPARSE, &loc, "text after a "
				    "closing quote; expected a delimiter or "
				    "the end of the line");
	return pr__error_at(r->err, PR_EPARSE, &loc, "quote inside an "
			    "unquoted field; a field with quotes must be "
			    "quoted whole");
}

/*
 * Check one physical line's bytes s[0..n) (without its terminator) before
 * anything reads them: no NUL, and only bytes the declared encoding
 * defines. The column is that of the first bad byte.
 */
static int
check_line(struct reader *r, const char *s, size_t n)
{
	const char *nul = memchr(s, '\0', n);
	size_t ok;
	size_t i;
	pr_loc loc;

	if (nul != NULL) {
		loc_at(&loc, r->name, r->line, (unsigned long)(nul - s) + 1);
		return pr__error_at(r->err, PR_EPARSE, &loc,
				    "NUL byte: this is not a text file");
	}
	if (r->enc == PR_ENC_UTF8) {
		ok = utf8_valid_prefix((const unsigned char *)s, n);
		if (ok < n) {
			loc_at(&loc, r->name, r->line,
			       (unsigned long)ok + 1);
			return pr__error_at(r->err, PR_EPARSE, &loc,
					    "invalid UTF-8 (byte 0x%02X); the "
					    "profile declares utf-8",
					    (unsigned char)s[ok]);
		}
	} else if (r->enc == PR_ENC_CP1252) {
		for (i = 0; i < n; i++) {
			unsigned char c = (unsigned char)s[i];

			if (c < 0x80 || c >= 0xA0 || cp1252[c - 0x80] != 0)
				continue;
			loc_at(&loc, r->name, r->line, (unsigned long)i + 1);
			return pr__error_at(r->err, PR_EPARSE, &loc, "byte "
					    "0x%02X is not a windows-1252 "
					    "character", c);
		}
	}
	return PR_OK;
}

/* Is s[0..n) only the blanks libcsv skips before a record? */
static int
blank_line(const struct reader *r, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((s[i] != ' ' && s[i] != '\t') ||
		    (unsigned char)s[i] == r->delim)
			return 0;
	return 1;
}

/*
 * Feed one physical line (with its terminator, if any). Lines that are
 * empty or blank between records are skipped here, not by libcsv: libcsv
 * would skip them too, but the record that follows must start on its
 * own line, not on the blank one.
 */
static int
feed_line(struct reader *r, const char *s, size_t n)
{
	size_t body = n;
	size_t done;
	pr_loc loc;
	int rc;

	r->line++;
	while (body > 0 && (s[body - 1] == '\n' || s[body - 1] == '\r'))
		body--;
	if (r->raw_len == 0 && blank_line(r, s, body))
		return PR_OK;
	rc = check_line(r, s, body);
	if (rc != PR_OK)
		return rc;
	if (r->raw_len == 0)
		r->rec_line = r->line;
	if (r->raw_len + n > MAX_RECORD) {
		open_quote_loc(&loc, r);
		return pr__error_at(r->err, PR_EPARSE, &loc, "record longer "
				    "than %lu bytes: is the quote opened here "
				    "never closed?", MAX_RECORD);
	}
	if (grow(&r->raw, &r->raw_cap, r->raw_len + n, MAX_RECORD) != 0)
		return pr__error_set(r->err, PR_ENOMEM, "out of memory");
	memcpy(r->raw + r->raw_len, s, n);
	r->raw_len += n;
	done = csv_parse(&r->p, s, n, on_field, on_record, r);
	if (r->rc != PR_OK)
		return r->rc;
	if (done < n)
		return csv_failure(r, (unsigned long)done + 1);
	return PR_OK;
}

struct lines {
	char *buf;
	size_t len, cap;
	int cr;           /* the buffered line ends in a CR: wait for LF */
	unsigned long preamble;
	const pr__csv_options *o;
};

static int
emit(struct reader *r, struct lines *ln, const char *s, size_t n)
{
	if (!r->stopped && r->last_line != 0 && r->line >= r->last_line) {
		/* the footer starts: a record may not run into it */
		if (r->raw_len > 0) {
			pr_loc loc;

			open_quote_loc(&loc, r);
			return pr__error_at(r->err, PR_EPARSE, &loc, "quoted "
					    "field not closed before the "
					    "footer lines");
		}
		r->stopped = 1;
	}
	if (r->stopped) {
		r->line++;
		return PR_OK;
	}
	if (ln->preamble > 0) {
		pr__csv_record rec;
		size_t body = n;
		int rc;

		ln->preamble--;
		r->line++;
		while (body > 0 && (s[body - 1] == '\n' || s[body - 1] == '\r'))
			body--;
		rc = check_line(r, s, body);
		if (rc != PR_OK || ln->o->on_preamble == NULL)
			return rc;
		memset(&rec, 0, sizeof(rec));
		rec.line = r->line;
		rec.raw = s;
		rec.raw_len = body;
		rec.path = r->name;
		rec.delim = r->delim;
		rec.quote = r->quote;
		return ln->o->on_preamble(&rec, r->payload, r->err);
	}
	return feed_line(r, s, n);
}

/* Append s[0..n) to the line being gathered across chunks. The cap is
 * on the line's text; its terminator (CR, LF or both) may go past it. */
static int
push(struct reader *r, struct lines *ln, const char *s, size_t n)
{
	const char *nul;
	size_t body = n;

	while (body > 0 && (s[body - 1] == '\n' || s[body - 1] == '\r'))
		body--;
	/* a binary file is not a long line: its NUL is named first */
	nul = memchr(s, '\0', body);
	if (nul != NULL && ln->len + (size_t)(nul - s) < MAX_LINE) {
		pr_loc loc;

		loc_at(&loc, r->name, r->line + 1,
		       (unsigned long)(ln->len + (size_t)(nul - s)) + 1);
		return pr__error_at(r->err, PR_EPARSE, &loc,
				    "NUL byte: this is not a text file");
	}
	if (ln->len + body > MAX_LINE) {
		pr_loc loc;

		/* the line is not emitted yet; point past the limit */
		loc_at(&loc, r->name, r->line + 1, MAX_LINE + 1);
		return pr__error_at(r->err, PR_EPARSE, &loc, "line longer "
				    "than %lu bytes", MAX_LINE);
	}
	if (grow(&ln->buf, &ln->cap, ln->len + n, MAX_LINE + 2) != 0)
		return pr__error_set(r->err, PR_ENOMEM, "out of memory");
	memcpy(ln->buf + ln->len, s, n);
	ln->len += n;
	return PR_OK;
}

/* Split a chunk into physical lines; a line may straddle chunks. */
static int
split(struct reader *r, struct lines *ln, const char *s, size_t n)
{
	size_t i = 0;
	size_t start = 0;
	int rc = PR_OK;

	if (ln->cr && n > 0) {
		ln->cr = 0;
		if (s[0] == '\n') {
			rc = push(r, ln, s, 1);
			i = start = 1;
		}
		if (rc == PR_OK)
			rc = emit(r, ln, ln->buf, ln->len);
		ln->len = 0;
		if (rc != PR_OK)
			return rc;
	}
	for (; i < n; i++) {
		if (s[i] != '\n' && s[i] != '\r')
			continue;
		if (s[i] == '\r' && i + 1 == n) {
			rc = push(r, ln, s + start, n - start);
			ln->cr = 1;
			return rc;
		}
		if (s[i] == '\r' && s[i + 1] == '\n')
			i++;
		if (ln->len == 0) {
			rc = emit(r, ln, s + start, i + 1 - start);
		} else {
			rc = push(r, ln, s + start, i + 1 - start);
			if (rc == PR_OK)
				rc = emit(r, ln, ln->buf, ln->len);
			ln->len = 0;
		}
		if (rc != PR_OK)
			return rc;
		start = i + 1;
	}
	if (start < n)
		return push(r, ln, s + start, n - start);
	return PR_OK;
}

/*
 * Physical lines of the file, split as split() splits them (LF, CRLF or
 * a lone CR; a last line without a terminator counts): a footer is
 * counted from the end, so the whole file is read once before the rows.
 */
static unsigned long
count_lines(FILE *fp)
{
	char buf[1 << 16];
	unsigned long lines = 0;
	int prev = '\n';
	int cr = 0;
	size_t n, i;

	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0) {
		for (i = 0; i < n; i++) {
			char c = buf[i];

			if (c == '\n' && cr) {
				cr = 0;
				prev = '\n';
				continue;
			}
			cr = c == '\r';
			if (c == '\n' || c == '\r')
				lines++;
			prev = (unsigned char)c;
		}
	}
	if (prev != '\n' && prev != '\r')
		lines++;
	return lines;
}

int
pr__csv_read(const char *path, const char *name, const pr__csv_options *o,
	     pr__csv_cb cb, void *payload, char sha256[PR_SHA256_HEX],
	     uint64_t *size_out, pr_error *err)
{
	enum { CHUNK = 1 << 16 };
	char *chunk = NULL;
	struct reader r;
	struct lines ln;
	pr_sha256 *h = NULL;
	uint64_t total = 0;
	uint64_t fsize = 0;
	uint64_t next_progress = 1 << 20;
	FILE *fp = NULL;
	pr_loc loc;
	size_t n;
	int first = 1;
	int rc;

	memset(&r, 0, sizeof(r));
	memset(&ln, 0, sizeof(ln));
	r.name = name;
	r.cb = cb;
	r.payload = payload;
	r.err = err;
	ln.preamble = o->preamble;
	ln.o = o;
	fp = fopen(path, "rb");
	if (fp == NULL)
		return pr__error_sys(err, errno == ENOENT ? PR_ENOTFOUND :
				     PR_EIO, errno, name, NULL);
	if (o->progress != NULL && fseek(fp, 0, SEEK_END) == 0) {
		long end = ftell(fp);

		fsize = end > 0 ? (uint64_t)end : 0;
		rewind(fp);
	}
	if (o->footer > 0) {
		unsigned long lines = count_lines(fp);

		if (ferror(fp)) {
			fclose(fp);
			return pr__error_sys(err, PR_EIO, errno, name, "read");
		}
		rewind(fp);
		/* 0 lines left would mean "no footer": keep one impossible */
		r.last_line = lines > o->footer ? lines - o->footer :
			      (unsigned long)-1;
		if (lines <= o->footer)
			r.stopped = 1;
	}
	rc = setup(&r, o->delim, o->encoding);
	if (rc == PR_OK && o->quote != 0) {
		csv_set_quote(&r.p, o->quote);
		r.quote = o->quote;
	}
	if (rc == PR_OK)
		rc = pr_sha256_new(&h, err);
	/* per call, not static: two imports may run at once */
	if (rc == PR_OK) {
		chunk = pr__malloc(CHUNK);
		if (chunk == NULL)
			rc = pr__error_set(err, PR_ENOMEM, "out of memory");
	}
	while (rc == PR_OK && (n = fread(chunk, 1, CHUNK, fp)) > 0) {
		const char *s = chunk;

		pr_sha256_update(h, chunk, n);
		total += n;
		if (first) {
			first = 0;
			loc_at(&loc, name, 1, 1);
			if (n >= 2 && ((unsigned char)s[0] == 0xFF &&
				       (unsigned char)s[1] == 0xFE)) {
				rc = pr__error_at(err, PR_EPARSE, &loc, "UTF-16"
						  " text (byte order mark FF "
						  "FE); convert it to UTF-8");
				break;
			}
			if (n >= 2 && ((unsigned char)s[0] == 0xFE &&
				       (unsigned char)s[1] == 0xFF)) {
				rc = pr__error_at(err, PR_EPARSE, &loc, "UTF-16"
						  " text (byte order mark FE "
						  "FF); convert it to UTF-8");
				break;
			}
			if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
				if (o->encoding != PR_ENC_UTF8) {
					rc = pr__error_at(err, PR_EPARSE, &loc,
							  "UTF-8 byte order "
							  "mark, but the "
							  "profile declares "
							  "%s", o->encoding ==
							  PR_ENC_LATIN1 ?
							  "latin-1" :
							  "windows-1252");
					break;
				}
				s += 3;
				n -= 3;
			}
		}
		rc = split(&r, &ln, s, n);
		if (o->progress != NULL && total >= next_progress) {
			o->progress(total, fsize, o->progress_payload);
			next_progress = total + (1 << 20);
		}
	}
	if (rc == PR_OK && ferror(fp))
		rc = pr__error_sys(err, PR_EIO, errno, name, "read");
	if (rc == PR_OK && total == 0)
		rc = pr__error_set(err, PR_EPARSE, "%s: empty file", name);
	if (rc == PR_OK && ln.len > 0) {
		rc = emit(&r, &ln, ln.buf, ln.len);
		ln.len = 0;
	}
	if (rc == PR_OK && !r.stopped &&
	    csv_fini(&r.p, on_field, on_record, &r) != 0) {
		open_quote_loc(&loc, &r);
		rc = pr__error_at(err, PR_EPARSE, &loc, "quoted field not "
				  "closed before the end of the file");
	}
	if (rc == PR_OK)
		rc = r.rc;
	if (rc == PR_OK) {
		pr_sha256_final_hex(h, sha256);
		if (size_out != NULL)
			*size_out = total;
		if (o->progress != NULL)
			o->progress(total, fsize, o->progress_payload);
	}
	pr_sha256_free(h);
	pr__free(chunk);
	pr__free(ln.buf);
	teardown(&r);
	fclose(fp);
	return rc;
}

struct counter {
	size_t fields;
};

static void
count_field(void *s, size_t len, void *data)
{
	(void)s;
	(void)len;
	((struct counter *)data)->fields++;
}

static void
offset_loc(pr_loc *loc, const pr__csv_record *rec, size_t off)
{
	unsigned long line = rec->line;
	size_t bol = 0;
	size_t k;

	for (k = 0; k < off && k < rec->raw_len; k++) {
		if (rec->raw[k] == '\n' || (rec->raw[k] == '\r' &&
					    (k + 1 >= rec->raw_len ||
					     rec->raw[k + 1] != '\n'))) {
			line++;
			bol = k + 1;
		}
	}
	loc_at(loc, rec->path ? rec->path : "", line,
	       (unsigned long)(off - bol) + 1);
}

/* Byte offset in @p rec's raw text where field @p i (0-based) starts:
 * just past the delimiter that ends field i - 1. */
static size_t
field_offset(const pr__csv_record *rec, size_t i)
{
	struct csv_parser p;
	struct counter c = { 0 };
	size_t k;

	if (i == 0 || csv_init(&p, CSV_STRICT) != 0)
		return 0;
	csv_set_delim(&p, rec->delim);
	csv_set_quote(&p, rec->quote ? rec->quote : '"');
	for (k = 0; k < rec->raw_len; k++) {
		csv_parse(&p, rec->raw + k, 1, count_field, NULL, &c);
		if (c.fields >= i)
			break;
	}
	csv_free(&p);
	return c.fields >= i ? k + 1 : rec->raw_len;
}

void
pr__csv_field_loc(pr_loc *loc, const pr__csv_record *rec, size_t i)
{
	offset_loc(loc, rec, field_offset(rec, i));
	loc->record = rec->record;
	loc->field = (unsigned long)i + 1;
}

void
pr__csv_end_loc(pr_loc *loc, const pr__csv_record *rec)
{
	size_t end = rec->raw_len;

	while (end > 0 && (rec->raw[end - 1] == '\n' ||
			   rec->raw[end - 1] == '\r'))
		end--;
	offset_loc(loc, rec, end);
	loc->record = rec->record;
}

int
pr__csv_unterminated(const pr__csv_record *rec)
{
	return rec->raw_len > 0 && rec->raw[rec->raw_len - 1] != '\n' &&
	       rec->raw[rec->raw_len - 1] != '\r';
}

int
pr__csv_split(const char *raw, size_t len, unsigned char delim,
	      enum pr__encoding enc, pr__csv_cb cb, void *payload,
	      pr_error *err)
{
	struct reader r;
	int rc;

	memset(&r, 0, sizeof(r));
	r.name = "";
	r.cb = cb;
	r.payload = payload;
	r.err = err;
	rc = setup(&r, delim, enc);
	if (rc != PR_OK)
		return rc;
	r.raw = pr__strndup(raw, len);
	r.raw_len = len;
	r.raw_cap = len + 1;
	if (r.raw == NULL) {
		teardown(&r);
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	}
	/* Preamble lines are informal: a stray quote is kept, not fatal. */
	csv_set_opts(&r.p, CSV_APPEND_NULL);
	csv_parse(&r.p, raw, len, on_field, on_record, &r);
	if (r.rc == PR_OK)
		csv_fini(&r.p, on_field, on_record, &r);
	rc = r.rc;
	teardown(&r);
	return rc;
}

int
pr__csv_fail(const pr__csv_record *rec, size_t i, pr_error *err,
	     const char *msg)
{
	pr_loc loc;

	pr__csv_field_loc(&loc, rec, i);
	return pr__error_at(err, PR_EPARSE, &loc, "%s", msg);
}

int
pr__csv_bad(const pr__csv_record *rec, size_t i, const char *what,
	    pr_error *err)
{
	char q[64], msg[200];

	snprintf(msg, sizeof(msg), "'%s'%s",
		 pr__quote(q, sizeof(q), rec->field[i], rec->len[i]), what);
	return pr__csv_fail(rec, i, err, msg);
}

int
pr__csv_trimmed(const pr__csv_record *rec, size_t i, pr_error *err)
{
	size_t len = rec->len[i];
	const char *s = rec->field[i];

	if (len > 0 && (s[0] == ' ' || s[0] == '\t' || s[len - 1] == ' ' ||
			s[len - 1] == '\t'))
		return pr__csv_bad(rec, i, " starts or ends with a space", err);
	return PR_OK;
}

int
pr__csv_blank(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return 0;
	return 1;
}

int
pr__csv_width(const pr__csv_record *rec, size_t n, pr_error *err)
{
	pr_loc loc;

	if (rec->n == n)
		return PR_OK;
	if (rec->n > n)
		pr__csv_field_loc(&loc, rec, n);
	else
		pr__csv_end_loc(&loc, rec);
	return pr__error_at(err, PR_EPARSE, &loc, "record has %lu field%s; "
			    "expected %lu%s", (unsigned long)rec->n,
			    rec->n == 1 ? "" : "s", (unsigned long)n,
			    rec->n < n && pr__csv_unterminated(rec) ?
			    " (the file ends mid-record: cut short?)" : "");
}

int
pr__csv_header(long *col, const char *const *names, size_t n,
	       const unsigned char *optional, const char *hint,
	       const pr__csv_record *rec, pr_error *err)
{
	char q[64], msg[256];
	size_t i, k;
	pr_loc loc;

	for (k = 0; k < n; k++)
		col[k] = -1;
	for (i = 0; i < rec->n; i++) {
		for (k = 0; k < n; k++)
			if (strcmp(rec->field[i], names[k]) == 0)
				break;
		if (k == n) {
			snprintf(msg, sizeof(msg), "unknown column '%s' %s",
				 pr__quote(q, sizeof(q), rec->field[i],
					   rec->len[i]), hint);
			return pr__csv_fail(rec, i, err, msg);
		}
		if (col[k] >= 0) {
			snprintf(msg, sizeof(msg), "column '%s' named twice "
				 "(also #%ld)", names[k], col[k] + 1);
			return pr__csv_fail(rec, i, err, msg);
		}
		col[k] = (long)i;
	}
	for (k = 0; k < n; k++) {
		if (col[k] < 0 && (optional == NULL || !optional[k])) {
			pr__csv_end_loc(&loc, rec);
			loc.column = 1;
			return pr__error_at(err, PR_EPARSE, &loc, "header has "
					    "no column '%s'", names[k]);
		}
	}
	return PR_OK;
}
