/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of importing: CSV reading with positions and encodings (csvread.c),
 * profiles (profile.c), bank exports by profile (import/bankcsv.c), the
 * statements CSV (import/statements.c) and all-or-nothing imports. */
#include "config.h"
#include "common.h"
#include "csvread.h"
#include "profile.h"
#include "store.h"
#include "testutil.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

static char *tmp;

static void
setup(void)
{
	tmp = tu_tmpdir();
}

static void
teardown(void)
{
	tu_rmtree(tmp);
	free(tmp);
	tmp = NULL;
}

/* err rendered as "path:line:column: message" */
static const char *
fmt_err(char *buf, size_t size, const pr_error *err)
{
	pr_error_format(buf, size, err);
	return buf;
}

/* Append s[0..n) to b with \n, \r, \\ and bytes outside printable ASCII
 * written as escapes, so that a dump is one unambiguous line. */
static void
escape(tu_buf *b, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\n')
			tu_buf_printf(b, "\\n");
		else if (c == '\r')
			tu_buf_printf(b, "\\r");
		else if (c == '\\')
			tu_buf_printf(b, "\\\\");
		else if (c < 0x20 || c >= 0x7f)
			tu_buf_printf(b, "\\x%02X", c);
		else
			tu_buf_printf(b, "%c", c);
	}
}

/* ---------------------------------------------------------------- */
/* csv: records, fields and where each field starts */

/* "LINE:RECORD field@line.column ..." per record; "P:LINE raw" per
 * preamble line. */
static int
dump_record(const pr__csv_record *rec, void *payload, pr_error *err)
{
	tu_buf *b = payload;
	pr_loc loc;
	size_t i;

	(void)err;
	if (rec->n == 0) {
		tu_buf_printf(b, "P:%lu ", rec->line);
		escape(b, rec->raw, rec->raw_len);
		tu_buf_printf(b, "\n");
		return PR_OK;
	}
	tu_buf_printf(b, "%lu:%lu", rec->line, rec->record);
	for (i = 0; i < rec->n; i++) {
		tu_buf_printf(b, " ");
		escape(b, rec->field[i], rec->len[i]);
		pr__csv_field_loc(&loc, rec, i);
		if (loc.record != rec->record || loc.field != i + 1)
			tu_buf_printf(b, "(bad record/field)");
		tu_buf_printf(b, "@%lu.%lu", loc.line, loc.column);
	}
	pr__csv_end_loc(&loc, rec);
	tu_buf_printf(b, " $%lu.%lu\n", loc.line, loc.column);
	return PR_OK;
}

static int
read_csv(tu_buf *out, const char *bytes, size_t len, unsigned char delim,
	 enum pr__encoding enc, unsigned long preamble, pr_error *err)
{
	pr__csv_options o;
	char sha[PR_SHA256_HEX], want[PR_SHA256_HEX];
	uint64_t size = 0;
	char *path = tu_write_bytes(tmp, "t.csv", bytes, len);
	int rc;

	memset(&o, 0, sizeof(o));
	o.delim = delim;
	o.encoding = enc;
	o.preamble = preamble;
	o.on_preamble = dump_record;
	tu_buf_printf(out, "%s", "");
	rc = pr__csv_read(path, "t.csv", &o, dump_record, out, sha, &size,
			  err);
	if (rc == PR_OK) {
		/* the document hash is of the bytes as they are on disk */
		ck_assert_int_eq(pr_sha256_file(want, NULL, path, NULL),
				 PR_OK);
		ck_assert_str_eq(sha, want);
		ck_assert_uint_eq(size, len);
	}
	free(path);
	return rc;
}

#define BYTES(s) s, sizeof(s) - 1

static const struct {
	const char *name;
	const char *bytes;
	size_t len;
	unsigned char delim;
	enum pr__encoding enc;
	unsigned long preamble;
	const char *want;
} csv_ok[] = {
	{ "lf, quoted field over two lines", BYTES("a,b,c\n1,\"x\ny\",3\n"
	  "4,5,6\n"), ',', PR_ENC_UTF8, 0,
	  "1:1 a@1.1 b@1.3 c@1.5 $1.6\n"
	  "2:2 1@2.1 x\\ny@2.3 3@3.4 $3.5\n"
	  "4:3 4@4.1 5@4.3 6@4.5 $4.6\n" },
	{ "crlf", BYTES("a,b\r\n1,\"x\r\ny\"\r\n3,4\r\n"), ',', PR_ENC_UTF8,
	  0,
	  "1:1 a@1.1 b@1.3 $1.4\n"
	  "2:2 1@2.1 x\\r\\ny@2.3 $3.3\n"
	  "4:3 3@4.1 4@4.3 $4.4\n" },
	{ "lone cr, no final terminator", BYTES("a,b\r1,\"x\ry\"\r3,4"), ',',
	  PR_ENC_UTF8, 0,
	  "1:1 a@1.1 b@1.3 $1.4\n"
	  "2:2 1@2.1 x\\ry@2.3 $3.3\n"
	  "4:3 3@4.1 4@4.3 $4.4\n" },
	{ "blank lines between records", BYTES("a,b\n\n1,2\n\r\n\n3,4\n\n"),
	  ',', PR_ENC_UTF8, 0,
	  "1:1 a@1.1 b@1.3 $1.4\n"
	  "3:2 1@3.1 2@3.3 $3.4\n"
	  "6:3 3@6.1 4@6.3 $6.4\n" },
	{ "quoted field over three lines", BYTES("a,b,c\n\"l1\nl2\nl3\",\"q\","
	  "z\n"), ',', PR_ENC_UTF8, 0,
	  "1:1 a@1.1 b@1.3 c@1.5 $1.6\n"
	  "2:2 l1\\nl2\\nl3@2.1 q@4.5 z@4.9 $4.10\n" },
	{ "doubled quotes and a quoted comma", BYTES("a,b\n\"x,\"\"y\"\"\",2"
	  "\n"), ',', PR_ENC_UTF8, 0,
	  "1:1 a@1.1 b@1.3 $1.4\n"
	  "2:2 x,\"y\"@2.1 2@2.11 $2.12\n" },
	{ "empty fields", BYTES("a,b,c\n,,\n"), ',', PR_ENC_UTF8, 0,
	  "1:1 a@1.1 b@1.3 c@1.5 $1.6\n"
	  "2:2 @2.1 @2.2 @2.3 $2.3\n" },
	{ "utf-8 byte order mark", BYTES("\xEF\xBB\xBF" "a,b\n1,\xC3\xA4\n"),
	  ',', PR_ENC_UTF8, 0,
	  "1:1 a@1.1 b@1.3 $1.4\n"
	  "2:2 1@2.1 \\xC3\\xA4@2.3 $2.5\n" },
	{ "latin-1", BYTES("name;x\ncaf\xE9;\xE4\x80\xFF\n"), ';',
	  PR_ENC_LATIN1, 0,
	  "1:1 name@1.1 x@1.6 $1.7\n"
	  "2:2 caf\\xC3\\xA9@2.1 \\xC3\\xA4\\xC2\\x80\\xC3\\xBF@2.6 $2.9\n" },
	{ "windows-1252", BYTES("a\tb\tc\n\x80\t\x9F\t\xE4\x96\n"), '\t',
	  PR_ENC_CP1252, 0,
	  "1:1 a@1.1 b@1.3 c@1.5 $1.6\n"
	  "2:2 \\xE2\\x82\\xAC@2.1 \\xC5\\xB8@2.3 "
	  "\\xC3\\xA4\\xE2\\x80\\x93@2.5 $2.7\n" },
	{ "preamble lines", BYTES("Konto;123\r\n\r\nZeitraum;\"x\r\na;b\r\n"
	  "1;2\r\n"), ';', PR_ENC_UTF8, 3,
	  "P:1 Konto;123\n"
	  "P:2 \n"
	  "P:3 Zeitraum;\"x\n"
	  "4:1 a@4.1 b@4.3 $4.4\n"
	  "5:2 1@5.1 2@5.3 $5.4\n" },
};

START_TEST(test_import_csv_ok)
{
	tu_buf b = { 0 };
	pr_error err;
	char m[400];
	int rc;

	pr_error_clear(&err);
	rc = read_csv(&b, csv_ok[_i].bytes, csv_ok[_i].len, csv_ok[_i].delim,
		      csv_ok[_i].enc, csv_ok[_i].preamble, &err);
	ck_assert_msg(rc == PR_OK, "%s: %s", csv_ok[_i].name,
		      fmt_err(m, sizeof(m), &err));
	ck_assert_msg(strcmp(b.s, csv_ok[_i].want) == 0,
		      "%s:\ngot\n%swant\n%s", csv_ok[_i].name, b.s,
		      csv_ok[_i].want);
	tu_buf_free(&b);
}
END_TEST

static const struct {
	const char *bytes;
	size_t len;
	enum pr__encoding enc;
	int code;
	const char *want;
} csv_bad[] = {
	{ BYTES("a,b\n1,x\"y\n"), PR_ENC_UTF8, PR_EPARSE,
	  "t.csv:2:4: quote inside an unquoted field; a field with quotes "
	  "must be quoted whole" },
	{ BYTES("a,b\n\"x\"y,2\n"), PR_ENC_UTF8, PR_EPARSE,
	  "t.csv:2:4: text after a closing quote; expected a delimiter or "
	  "the end of the line" },
	{ BYTES("a,b\n1,2\n3,\"open\n4,5\n"), PR_ENC_UTF8, PR_EPARSE,
	  "t.csv:3:3: quoted field not closed before the end of the file" },
	{ BYTES("a,b\n1,\xE4rger\n"), PR_ENC_UTF8, PR_EPARSE,
	  "t.csv:2:3: invalid UTF-8 (byte 0xE4); the profile declares "
	  "utf-8" },
	{ BYTES("a,b\n1,\xC0\xAF\n"), PR_ENC_UTF8, PR_EPARSE,
	  "t.csv:2:3: invalid UTF-8 (byte 0xC0); the profile declares "
	  "utf-8" },
	{ BYTES("a,b\n1,\xED\xA0\x80\n"), PR_ENC_UTF8, PR_EPARSE,
	  "t.csv:2:3: invalid UTF-8 (byte 0xED); the profile declares "
	  "utf-8" },
	{ BYTES("a,b\n12,x\0y\n"), PR_ENC_UTF8, PR_EPARSE,
	  "t.csv:2:5: NUL byte: this is not a text file" },
	{ BYTES("a,b\n1,x\x81\n"), PR_ENC_CP1252, PR_EPARSE,
	  "t.csv:2:4: byte 0x81 is not a windows-1252 character" },
	{ BYTES("\xFF\xFE" "a\0,\0b\0"), PR_ENC_UTF8, PR_EPARSE,
	  "t.csv:1:1: UTF-16 text (byte order mark FF FE); convert it to "
	  "UTF-8" },
	{ BYTES("\xFE\xFF\0a"), PR_ENC_UTF8, PR_EPARSE,
	  "t.csv:1:1: UTF-16 text (byte order mark FE FF); convert it to "
	  "UTF-8" },
	{ BYTES("\xEF\xBB\xBF" "a,b\n"), PR_ENC_LATIN1, PR_EPARSE,
	  "t.csv:1:1: UTF-8 byte order mark, but the profile declares "
	  "latin-1" },
	{ BYTES("\xEF\xBB\xBF" "a,b\n"), PR_ENC_CP1252, PR_EPARSE,
	  "t.csv:1:1: UTF-8 byte order mark, but the profile declares "
	  "windows-1252" },
	{ BYTES(""), PR_ENC_UTF8, PR_EPARSE, "t.csv: empty file" },
};

START_TEST(test_import_csv_bad)
{
	tu_buf b = { 0 };
	pr_error err;
	char m[400];

	pr_error_clear(&err);
	ck_assert_int_eq(read_csv(&b, csv_bad[_i].bytes, csv_bad[_i].len, ',',
				  csv_bad[_i].enc, 0, &err), csv_bad[_i].code);
	ck_assert_int_eq(err.code, csv_bad[_i].code);
	ck_assert_str_eq(fmt_err(m, sizeof(m), &err), csv_bad[_i].want);
	tu_buf_free(&b);
}
END_TEST

START_TEST(test_import_csv_missing_file)
{
	pr__csv_options o;
	char sha[PR_SHA256_HEX];
	pr_error err;
	char *path = tu_path(tmp, "nope.csv");

	memset(&o, 0, sizeof(o));
	o.delim = ',';
	pr_error_clear(&err);
	ck_assert_int_eq(pr__csv_read(path, "nope.csv", &o, dump_record, NULL,
				      sha, NULL, &err), PR_ENOTFOUND);
	ck_assert_str_eq(err.msg, "nope.csv: No such file or directory");
	free(path);
}
END_TEST

/* A callback's error stops the reading and comes back unchanged. */
static int
stop_at_third(const pr__csv_record *rec, void *payload, pr_error *err)
{
	int *n = payload;
	pr_loc loc;

	if (++*n < 3)
		return PR_OK;
	pr__csv_field_loc(&loc, rec, 1);
	return pr__error_at(err, PR_ECURRENCY, &loc, "stop");
}

START_TEST(test_import_csv_callback_error)
{
	static const char text[] = "a,b\n1,2\n3,\"4\n4\"\n5,6\n";
	pr__csv_options o;
	char sha[PR_SHA256_HEX];
	pr_error err;
	char m[300];
	int n = 0;
	char *path = tu_write(tmp, "t.csv", text);

	memset(&o, 0, sizeof(o));
	o.delim = ',';
	pr_error_clear(&err);
	ck_assert_int_eq(pr__csv_read(path, "t.csv", &o, stop_at_third, &n,
				      sha, NULL, &err), PR_ECURRENCY);
	ck_assert_int_eq(n, 3);
	ck_assert_str_eq(fmt_err(m, sizeof(m), &err), "t.csv:3:3: stop");
	ck_assert_uint_eq(err.loc.record, 3);
	ck_assert_uint_eq(err.loc.field, 2);
	free(path);
}
END_TEST

/*
 * Lines and terminators that straddle the reader's 64 KiB chunks: a long
 * second line ends so that its terminator (CR LF, CR or LF) sits at every
 * offset around the boundary, and a quoted field runs across it.
 */
static const char *const eols[] = { "\r\n", "\r", "\n" };

START_TEST(test_import_csv_chunks)
{
	const char *eol = eols[_i % 3];
	long shift = (long)(_i / 3) - 3;  /* -3 .. +3 */
	size_t chunk = 65536;
	size_t fill = chunk - 2 - strlen(eol) + (size_t)shift;
	tu_buf in = { 0 }, out = { 0 }, want = { 0 };
	pr_error err;
	char m[300];
	size_t i;

	/* line 1 "a<eol>", line 2 fill 'x's then the terminator at chunk */
	tu_buf_printf(&in, "a%s", eol);
	for (i = 0; i < fill; i++)
		tu_buf_printf(&in, "x");
	tu_buf_printf(&in, "%sy%s\"q%sr\"%sz", eol, eol, eol, eol);
	pr_error_clear(&err);
	ck_assert_msg(read_csv(&out, in.s, in.len, ',', PR_ENC_UTF8, 0, &err)
		      == PR_OK, "%s", fmt_err(m, sizeof(m), &err));
	tu_buf_printf(&want, "1:1 a@1.1 $1.2\n2:2 ");
	for (i = 0; i < fill; i++)
		tu_buf_printf(&want, "x");
	tu_buf_printf(&want, "@2.1 $2.%lu\n3:3 y@3.1 $3.2\n4:4 q",
		      (unsigned long)fill + 1);
	escape(&want, eol, strlen(eol));
	tu_buf_printf(&want, "r@4.1 $5.3\n6:5 z@6.1 $6.2\n");
	ck_assert_msg(strcmp(out.s, want.s) == 0, "eol %d shift %ld: got "
		      "%.200s", (int)(_i % 3), shift, out.s + out.len -
		      (out.len > 200 ? 200 : out.len));
	tu_buf_free(&in);
	tu_buf_free(&out);
	tu_buf_free(&want);
}
END_TEST

/* ---------------------------------------------------------------- */
/* profile */

#define BASE_PROFILE \
	"name = t\n" \
	"date = Date\n" \
	"date_format = YYYY-MM-DD\n" \
	"amount = Amount\n"

static const struct {
	const char *text;
	const char *want;
} profile_bad[] = {
	{ BASE_PROFILE "colour = red\n", "t.profile:5:1: unknown key "
	  "'colour'" },
	{ BASE_PROFILE "delimiter = x\n", "t.profile:5:13: expected , ; | "
	  "or tab" },
	{ BASE_PROFILE "header = maybe\n", "t.profile:5:10: expected yes or "
	  "no" },
	{ BASE_PROFILE "amount = #0\n", "t.profile:5:10: column position "
	  "must be #1 to #1024" },
	{ BASE_PROFILE "amount = #1025\n", "t.profile:5:10: column position "
	  "must be #1 to #1024" },
	{ BASE_PROFILE "currency = XYZ\n", "t.profile:5:12: unknown currency "
	  "'XYZ'" },
	{ BASE_PROFILE "date_format = YYYY-MM\n", "t.profile:5:15: date "
	  "layout 'YYYY-MM' has no day (tokens: YYYY YY Mon MM M DD D)" },
	{ BASE_PROFILE "just words\n", "t.profile:5:1: expected key = value" },
	{ BASE_PROFILE "encoding = ascii\n", "t.profile:5:12: expected utf-8,"
	  " latin-1 or windows-1252" },
	{ BASE_PROFILE "preamble = 1001\n", "t.profile:5:12: expected a "
	  "number of lines 0 to 1000" },
	{ BASE_PROFILE "opening_cell = 9\n", "t.profile:5:16: expected "
	  "LINE,FIELD (e.g. 9,2)" },
	{ BASE_PROFILE "decimal = ;\n", "t.profile:5:11: expected . or ," },
	{ BASE_PROFILE "thousands = _\n", "t.profile:5:13: expected . , ' "
	  "space or none" },
	{ BASE_PROFILE "# a comment\n\n\t  order = sideways\n",
	  "t.profile:7:12: expected ascending or descending" },
	{ BASE_PROFILE "name =   \n", "t.profile:5:10: empty value" },
	{ "name = t\r\ndate = Date\r\nnegate = 1\r\n", "t.profile:3:10: "
	  "expected yes or no" },
	{ BASE_PROFILE "description = a\ndescription = b\ndescription = c\n"
	  "description = d\ndescription = e\ndescription = f\n"
	  "description = g\ndescription = h\ndescription = i\n",
	  "t.profile:13:15: at most 8 description columns" },
	/* checks of the whole profile name the file only */
	{ "date = Date\ndate_format = ISO\namount = Amount\n",
	  "t.profile: profile has no name" },
	{ "name = t\ndate_format = ISO\namount = Amount\n",
	  "t.profile: profile names no date column" },
	{ "name = t\ndate = Date\namount = Amount\n",
	  "t.profile: profile has no date_format" },
	{ BASE_PROFILE "debit = Debit\ncredit = Credit\n",
	  "t.profile: profile needs either amount or both debit and credit" },
	{ "name = t\ndate = Date\ndate_format = ISO\ndebit = Debit\n",
	  "t.profile: profile needs either amount or both debit and credit" },
	{ "name = t\ndate = Date\ndate_format = ISO\n",
	  "t.profile: profile needs either amount or both debit and credit" },
	{ BASE_PROFILE "direction = DC\ncredit_marker = C\n",
	  "t.profile: direction needs amount, credit_marker and "
	  "debit_marker" },
	{ BASE_PROFILE "header = no\n", "t.profile: profile without a header "
	  "must name columns by position (#N)" },
	{ BASE_PROFILE "decimal = ,\n", "t.profile: decimal and thousands "
	  "separators are the same" },
	/* the structure of real exports */
	{ BASE_PROFILE "skip_if = Status Pending\n", "t.profile:5:11: "
	  "expected COLUMN: VALUE, VALUE... (e.g. Status: Pending, "
	  "Cancelled)" },
	{ BASE_PROFILE "skip_if = Status: Pending,, Failed\n",
	  "t.profile:5:27: empty value in the skip_if list" },
	{ BASE_PROFILE "skip_after_header = many\n", "t.profile:5:21: "
	  "expected a number of lines 0 to 1000" },
	{ BASE_PROFILE "footer_lines = 2\nfooter_starts = Total\n",
	  "t.profile: footer_lines and footer_starts exclude each other" },
	{ BASE_PROFILE "ragged = maybe\n", "t.profile:5:10: expected yes or "
	  "no" },
	{ BASE_PROFILE "scale = 19\n", "t.profile:5:9: expected a number of "
	  "decimals 0 to 18" },
	{ BASE_PROFILE "fee = Fee\n", "t.profile: fee needs fees = signed "
	  "(the fee carries its sign) or fees = positive (the fee is money "
	  "out)" },
	{ BASE_PROFILE "fees = signed\n", "t.profile: fees needs a fee "
	  "column" },
	{ BASE_PROFILE "fee = Fee\nfees = both\n", "t.profile:6:8: expected "
	  "signed or positive" },
	{ BASE_PROFILE "counterparty_credit = From\n", "t.profile: "
	  "counterparty_credit and counterparty_debit go together" },
	{ BASE_PROFILE "counterparty_credit = From\ncounterparty_debit = To\n"
	  "counterparty = Name\n", "t.profile: counterparty and "
	  "counterparty_credit/counterparty_debit exclude each other" },
	{ BASE_PROFILE "preamble = 2\nperiod_start_cell = 1,2\n",
	  "t.profile: period_start_cell and period_end_cell go together" },
	{ BASE_PROFILE "preamble = 2\nperiod_start_cell = 1,2\n"
	  "period_end_cell = 2,2\nperiod_cell = 1,1\n", "t.profile: "
	  "period_cell and period_start_cell/period_end_cell exclude each "
	  "other" },
	{ BASE_PROFILE "preamble = 1\nperiod_start_cell = 1,2\n"
	  "period_end_cell = 2,2\n", "t.profile: period_end_cell is on line "
	  "2, outside the 1 preamble lines" },
	{ "name = t\nheader = no\ndate = #1\ndate_format = ISO\n"
	  "amount = #2\nskip_after_header = 1\n", "t.profile: "
	  "skip_after_header needs a header (header = yes); count the lines "
	  "in preamble" },
	{ "name = t\nheader = no\ndate = #1\ndate_format = ISO\n"
	  "amount = #2\nskip_if = Status: X\n", "t.profile: profile without "
	  "a header must name columns by position (#N)" },
	{ BASE_PROFILE "date_format = M/D/YYYY AM\n", "t.profile:5:15: date "
	  "layout 'M/D/YYYY AM' has no hour (time tokens: hh h mm ss AM)" },
	{ BASE_PROFILE "operation = @deposits\n", "t.profile:5:13: expected "
	  "a column, @deposit or @withdrawal" },
	{ BASE_PROFILE "operation = @withdrawal\nop_fee = Fee\n",
	  "t.profile: operation = @withdrawal makes every row a withdrawal: "
	  "the op_ keys have no column to read" },
};

START_TEST(test_import_profile_bad)
{
	pr_profile *p = (pr_profile *)&p; /* failure must reset it */
	pr_error err;
	char m[400];

	pr_error_clear(&err);
	ck_assert_int_eq(pr_profile_parse(&p, "t.profile", profile_bad[_i].text,
					  strlen(profile_bad[_i].text), &err),
			 PR_EPARSE);
	ck_assert_ptr_null(p);
	ck_assert_int_eq(err.code, PR_EPARSE);
	ck_assert_str_eq(fmt_err(m, sizeof(m), &err), profile_bad[_i].want);
}
END_TEST

START_TEST(test_import_profile_ok)
{
	static const char text[] = "# my bank\r\n"
				   "name = mybank\r\n"
				   "  delimiter = tab  \r\n"
				   "date=#1\r\n"
				   "date_format = DD.MM.YYYY\r\n"
				   "debit = #2\r\n"
				   "credit = #3\r\n"
				   "header = no\r\n"
				   "decimal = ,\r\n"
				   "thousands = space\r\n";
	pr_profile *p = NULL;
	char sha[PR_SHA256_HEX];
	pr_sha256 *h = NULL;
	pr_error err;
	static const char prefix[] = "no profile named 'nosuchbank' (looked "
				     "in $PROCEEDS_PROFILE_PATH=/nonexistent::";
	tu_buf dirs = { 0 };
	char *path, want[512];

	pr_error_clear(&err);
	ck_assert_int_eq(pr_profile_parse(&p, "x", text, sizeof(text) - 1,
					  &err), PR_OK);
	ck_assert_str_eq(pr_profile_name(p), "mybank");
	ck_assert_int_eq(pr_sha256_new(&h, NULL), PR_OK);
	pr_sha256_update(h, text, sizeof(text) - 1);
	pr_sha256_final_hex(h, sha);
	pr_sha256_free(h);
	ck_assert_str_eq(pr_profile_sha256(p), sha);
	ck_assert_int_eq(p->delim, '\t');
	ck_assert_uint_eq(p->date.pos, 1);
	ck_assert_uint_eq(p->credit.pos, 3);
	ck_assert_int_eq(p->style.thousands, ' ');
	pr_profile_free(p);
	pr_profile_free(NULL);

	/* found by name along a search path, and by path */
	path = tu_write(tmp, "mybank.profile", text);
	tu_buf_printf(&dirs, "/nonexistent::%s", tmp);
	ck_assert_int_eq(pr_profile_load(&p, "mybank", dirs.s, &err), PR_OK);
	ck_assert_str_eq(pr_profile_sha256(p), sha);
	pr_profile_free(p);
	ck_assert_int_eq(pr_profile_load(&p, path, NULL, &err), PR_OK);
	pr_profile_free(p);
	ck_assert_int_eq(pr_profile_load(&p, "nosuchbank", dirs.s, &err),
			 PR_ENOTFOUND);
	ck_assert_ptr_null(p);
	ck_assert_msg(strncmp(err.msg, prefix, sizeof(prefix) - 1) == 0,
		      "%s", err.msg);
	/* a program run from its build tree names its own directory, which
	 * stands in for the installed one; every place looked is named */
	ck_assert_int_eq(pr_profile_load_from(&p, "mybank", NULL, tmp, &err),
			 PR_OK);
	pr_profile_free(p);
	ck_assert_int_eq(pr_profile_load_from(&p, "nosuchbank", "", tmp,
					      &err), PR_ENOTFOUND);
	ck_assert_ptr_null(p);
	snprintf(want, sizeof(want), "no profile named 'nosuchbank' (looked "
		 "in %s)", tmp);
	ck_assert_str_eq(err.msg, want);
	ck_assert_int_eq(pr_profile_load_from(&p, "nosuchbank", "/a:/b", tmp,
					      &err), PR_ENOTFOUND);
	snprintf(want, sizeof(want), "no profile named 'nosuchbank' (looked "
		 "in $PROCEEDS_PROFILE_PATH=/a:/b, %s)", tmp);
	ck_assert_str_eq(err.msg, want);
	free(path);
	tu_buf_free(&dirs);
}
END_TEST

/* ---------------------------------------------------------------- */
/* bank: what one import stores, row by row */

/* "ACCOUNT CUR LINE RECORD DATE VALUE_DATE AMOUNT BALANCE
 * [description|reference|counterparty|counter_account]" per row, with
 * "-" for NULL; amounts as stored minor units. */
static void
dump_txns(tu_buf *b, sqlite3 *db)
{
	sqlite3_stmt *s = NULL;
	char v[160];
	mpz_t a;

	mpz_init(a);
	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT a.ident, a.currency,"
					    " t.line, t.record, t.date,"
					    " t.value_date, t.amount,"
					    " t.balance, t.description,"
					    " t.reference, t.counterparty,"
					    " t.counter_account FROM txn t"
					    " JOIN account a ON a.id ="
					    " t.account_id ORDER BY t.id", -1,
					    &s, NULL), SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW) {
		tu_buf_printf(b, "%s %s %lld %lld %lld ",
			      sqlite3_column_text(s, 0),
			      sqlite3_column_text(s, 1),
			      (long long)sqlite3_column_int64(s, 2),
			      (long long)sqlite3_column_int64(s, 3),
			      (long long)sqlite3_column_int64(s, 4));
		if (sqlite3_column_type(s, 5) == SQLITE_NULL)
			tu_buf_printf(b, "- ");
		else
			tu_buf_printf(b, "%lld ", (long long)
				      sqlite3_column_int64(s, 5));
		pr__store_column_amount(a, s, 6);
		tu_buf_printf(b, "%s ", tu_mpz_str(v, sizeof(v), a));
		if (sqlite3_column_type(s, 7) == SQLITE_NULL) {
			tu_buf_printf(b, "- ");
		} else {
			pr__store_column_amount(a, s, 7);
			tu_buf_printf(b, "%s ", tu_mpz_str(v, sizeof(v), a));
		}
		tu_buf_printf(b, "[%s|%s|%s|%s]\n", sqlite3_column_text(s, 8),
			      sqlite3_column_text(s, 9),
			      sqlite3_column_text(s, 10),
			      sqlite3_column_text(s, 11));
	}
	sqlite3_finalize(s);
	mpz_clear(a);
}

/* "ACCOUNT CUR START END OPENING CLOSING SOURCE LINE" per statement */
static void
dump_statements(tu_buf *b, sqlite3 *db)
{
	sqlite3_stmt *s = NULL;
	char v[160], w[160];
	mpz_t o, c;

	mpz_inits(o, c, NULL);
	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT a.ident, a.currency,"
					    " s.start_date, s.end_date,"
					    " s.opening, s.closing, s.source,"
					    " s.line FROM statement s JOIN"
					    " account a ON a.id ="
					    " s.account_id ORDER BY s.id", -1,
					    &s, NULL), SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW) {
		pr__store_column_amount(o, s, 4);
		pr__store_column_amount(c, s, 5);
		tu_buf_printf(b, "%s %s %lld %lld %s %s %s %lld\n",
			      sqlite3_column_text(s, 0),
			      sqlite3_column_text(s, 1),
			      (long long)sqlite3_column_int64(s, 2),
			      (long long)sqlite3_column_int64(s, 3),
			      tu_mpz_str(v, sizeof(v), o),
			      tu_mpz_str(w, sizeof(w), c),
			      sqlite3_column_text(s, 6),
			      (long long)sqlite3_column_int64(s, 7));
	}
	sqlite3_finalize(s);
	mpz_clears(o, c, NULL);
}

/* Day numbers used below: 2024-01-01 is 19723, 2024-01-31 is 19753. */
static const struct {
	const char *name;
	const char *profile;
	const char *csv;
	const char *account;
	const char *currency;
	const char *txns;
	const char *statements;
	int descending;
} bank_ok[] = {
	{ "signed amounts, running balance, joined description",
	  "name = signed\ndelimiter = ;\ndate = Date\n"
	  "date_format = DD.MM.YYYY\namount = Amount\nbalance = Balance\n"
	  "description = Payee\ndescription = Memo\nreference = Ref\n"
	  "decimal = ,\nthousands = .\n",
	  "Date;Payee;Memo;Amount;Balance;Ref\n"
	  "02.01.2024;Shop;;-12,50;987,50;R1\n"
	  "03.01.2024;Employer;Salary Jan;1.500,00;2.487,50;R2\n"
	  "05.01.2024;;Fee;-0,99;2.486,51;\n",
	  "DE01", "EUR",
	  "DE01 EUR 2 1 19724 - -1250 98750 [Shop|R1||]\n"
	  "DE01 EUR 3 2 19725 - 150000 248750 [Employer Salary Jan|R2||]\n"
	  "DE01 EUR 4 3 19727 - -99 248651 [Fee|||]\n",
	  "DE01 EUR 19724 19727 100000 248651 running balance 4\n", 0 },
	{ "debit and credit columns",
	  "name = dc\ndate = Date\ndate_format = MM/DD/YYYY\n"
	  "debit = Debit\ncredit = Credit\ndescription = Description\n",
	  "Date,Description,Debit,Credit\n"
	  "01/02/2024,Coffee,4.50,\n"
	  "01/03/2024,\"Refund, partial\",,10.00\n"
	  "01/04/2024,Rent,\"1,200.00\", \n",
	  "US01", "USD",
	  "US01 USD 2 1 19724 - -450 - [Coffee|||]\n"
	  "US01 USD 3 2 19725 - 1000 - [Refund, partial|||]\n"
	  "US01 USD 4 3 19726 - -120000 - [Rent|||]\n",
	  "", 0 },
	{ "zero in the column not used",
	  "name = dz\ndate = Date\ndate_format = ISO\n"
	  "debit = Debit\ncredit = Credit\n",
	  "Date,Debit,Credit\n2024-01-02,4.50,0.00\n2024-01-03,0.00,10.00\n"
	  "2024-01-04,0.00,0.00\n",
	  "Z", "USD",
	  "Z USD 2 1 19724 - -450 - [|||]\n"
	  "Z USD 3 2 19725 - 1000 - [|||]\n"
	  "Z USD 4 3 19726 - 0 - [|||]\n",
	  "", 0 },
	{ "signed debits",
	  "name = sd\ndate = Date\ndate_format = ISO\ndebit = Out\n"
	  "credit = In\ndebits = signed\n",
	  "Date,Out,In\n2024-01-02,-4.50,\n2024-01-03,,0.01\n",
	  "X", "EUR",
	  "X EUR 2 1 19724 - -450 - [|||]\n"
	  "X EUR 3 2 19725 - 1 - [|||]\n",
	  "", 0 },
	{ "amount and direction",
	  "name = dir\ndate = Datum\ndate_format = DD.MM.YY\n"
	  "amount = Betrag\ndirection = S/H\ncredit_marker = H\n"
	  "debit_marker = S\ndescription = Text\ndecimal = ,\n"
	  "thousands = .\n",
	  "Datum,Text,Betrag,S/H\n"
	  "02.01.24,Miete,\"800,00\",S\n"
	  "03.01.24,Gehalt,\"2.000,00\",H\n",
	  "DE02", "EUR",
	  "DE02 EUR 2 1 19724 - -80000 - [Miete|||]\n"
	  "DE02 EUR 3 2 19725 - 200000 - [Gehalt|||]\n",
	  "", 0 },
	{ "negated amounts (a card: purchases positive)",
	  "name = card\ndate = Posted\ndate_format = ISO\namount = Amount\n"
	  "negate = yes\ndescription = Merchant\n",
	  "Posted,Merchant,Amount\n2024-01-02,Books,25.00\n"
	  "2024-01-31,Payment,-100.00\n",
	  "CARD", "USD",
	  "CARD USD 2 1 19724 - -2500 - [Books|||]\n"
	  "CARD USD 3 2 19753 - 10000 - [Payment|||]\n",
	  "", 0 },
	{ "balance before the row",
	  "name = before\ndate = d\ndate_format = ISO\namount = a\n"
	  "balance = b\nbalance_is = before\n",
	  "d,a,b\n2024-01-02,10.00,100.00\n2024-01-03,-5.00,110.00\n",
	  "B", "EUR",
	  "B EUR 2 1 19724 - 1000 11000 [|||]\n"
	  "B EUR 3 2 19725 - -500 10500 [|||]\n",
	  "B EUR 19724 19725 10000 10500 running balance 3\n", 0 },
	{ "newest first",
	  "name = desc\ndate = d\ndate_format = ISO\namount = a\n"
	  "balance = b\norder = descending\ndescription = t\n",
	  "d,a,b,t\n2024-01-03,-5.00,105.00,c\n2024-01-02,10.00,110.00,b\n"
	  "2024-01-01,0.00,100.00,a\n",
	  "D", "EUR",
	  "D EUR 2 1 19725 - -500 10500 [c|||]\n"
	  "D EUR 3 2 19724 - 1000 11000 [b|||]\n"
	  "D EUR 4 3 19723 - 0 10000 [a|||]\n",
	  "D EUR 19723 19725 10000 10500 running balance 2\n", 1 },
	{ "statement from preamble cells",
	  "name = cells\ndelimiter = ;\npreamble = 4\naccount_cell = 1,2\n"
	  "period_cell = 2,2\nopening_cell = 3,2\nclosing_cell = 4,2\n"
	  "date = Buchung\ndate_format = DD.MM.YYYY\namount = Betrag\n"
	  "description = Text\ndecimal = ,\nthousands = .\n"
	  "currency = EUR\nbalance = Saldo\n",
	  "Konto;DE12 3456\n"
	  "Zeitraum;01.01.2024 - 31.01.2024\n"
	  "Anfangssaldo;1.000,00\n"
	  "Endsaldo;1.234,56\n"
	  "Buchung;Text;Betrag;Saldo\n"
	  "02.01.2024;A;234,56;1.234,56\n",
	  NULL, NULL,
	  "DE12 3456 EUR 6 1 19724 - 23456 123456 [A|||]\n",
	  "DE12 3456 EUR 19723 19753 100000 123456 file 4\n", 0 },
	{ "columns by position, value dates, counterparties",
	  "name = pos\nheader = no\ndate = #1\nvalue_date = #2\n"
	  "amount = #3\ncounterparty = #4\ncounter_account = #5\n"
	  "description = #6\ndate_format = YYYYMMDD\nthousands = none\n",
	  "20240102,20240103,-1234.56,ACME Ltd,GB00BANK1,Invoice 7\n"
	  "20240105,,99,Bob,,\n",
	  "P", "GBP",
	  "P GBP 1 1 19724 19725 -123456 - [Invoice 7||ACME Ltd|GB00BANK1]\n"
	  "P GBP 2 2 19727 - 9900 - [||Bob|]\n",
	  "", 0 },
	{ "skip_if, skip_after_header, footer_starts, ragged",
	  "name = s\ndate = Date\ndate_format = ISO\namount = Amount\n"
	  "skip_if = Status: Pending, Cancelled\nskip_if = #4: void\n"
	  "skip_after_header = 1\nfooter_starts = ,,Total\nragged = yes\n"
	  "description = Note\n",
	  "Date,Status,Amount,Note\n"
	  "opening line,,\n"
	  "2024-01-02,Completed,1.00,a\n"
	  "2024-01-03,Pending,2.00,b\n"
	  "2024-01-04,Completed,-3.00\n"
	  "2024-01-05,Cancelled,4.00,c,,\n"
	  "2024-01-06,Completed,5.00,void\n"
	  "2024-01-07,Completed,6.00,d,,\n"
	  ",,Total,8.00\n"
	  "\"free text, \"\"unparsed\"\"\"\n",
	  "A", "EUR",
	  "A EUR 3 1 19724 - 100 - [a|||]\n"
	  "A EUR 5 2 19726 - -300 - [|||]\n"
	  "A EUR 8 3 19729 - 600 - [d|||]\n",
	  "", 0 },
	{ "footer_lines: the last lines are not rows, whatever they hold",
	  "name = f\ndate = Date\ndate_format = ISO\namount = Amount\n"
	  "footer_lines = 3\n",
	  "Date,Amount\n2024-01-02,1.00\n2024-01-03,2.00\n\n"
	  "Total: 3.00\n\"unclosed\r\n",
	  "A", "EUR",
	  "A EUR 2 1 19724 - 100 - [|||]\n"
	  "A EUR 3 2 19725 - 200 - [|||]\n",
	  "", 0 },
	{ "a header and no rows: an empty export",
	  "name = e\ndate = Date\ndate_format = ISO\namount = Amount\n",
	  "Date,Amount\n", "A", "EUR", "", "", 0 },
	{ "every row skipped: an empty export too",
	  "name = e\ndate = Date\ndate_format = ISO\namount = Amount\n"
	  "skip_if = Amount: 0.00\n",
	  "Date,Amount\n2024-01-02,0.00\n", "A", "EUR", "", "", 0 },
	{ "Excel's apostrophe, fee signed, counterparty by direction, time",
	  "name = x\ndate = Date\ndate_format = M/D/YYYY, h:mm:ss AM\n"
	  "amount = Gross\nfee = Fee\nfees = signed\nreference = Ref\n"
	  "counterparty_credit = From\ncounterparty_debit = To\n"
	  "counter_account = Acct\nstrip_apostrophe = yes\n",
	  "Date,Gross,Fee,Ref,From,To,Acct\n"
	  "\"1/5/2024, 7:00:00 AM\",10.00,-0.59,'0123,Ann,Me,'+4930123\n"
	  "\"1/6/2024, 11:59:59 PM\",-4.00,,'abc,Me,Bob,''7\n"
	  "\"1/7/2024, 12:00:00 AM\",'-1.50,'0.00,'=A1,Me,Cy,'@x\n",
	  "A", "USD",
	  "A USD 2 1 19727 - 941 - [|0123|Ann|+4930123]\n"
	  "A USD 3 2 19728 - -400 - [|'abc|Bob|''7]\n"
	  "A USD 4 3 19729 - -150 - [|=A1|Cy|@x]\n",
	  "", 0 },
	{ "fees positive: the fee is money out",
	  "name = x\ndate = Date\ndate_format = ISO\namount = Amount\n"
	  "fee = Fee\nfees = positive\n",
	  "Date,Amount,Fee\n2024-01-02,10.00,0.25\n2024-01-03,-5.00,1.00\n",
	  "A", "USD",
	  "A USD 2 1 19724 - 975 - [|||]\n"
	  "A USD 3 2 19725 - -600 - [|||]\n",
	  "", 0 },
	{ "scale: integer satoshi and cents",
	  "name = sat\ndate = Date\ndate_format = ISO\namount = Sats\n"
	  "balance = Bal\nscale = 8\nthousands = none\n",
	  "Date,Sats,Bal\n2024-01-02,150000000,150000000\n"
	  "2024-01-03,-1,149999999\n",
	  "W", "BTC",
	  "W BTC 2 1 19724 - 150000000 150000000 [|||]\n"
	  "W BTC 3 2 19725 - -1 149999999 [|||]\n",
	  "W BTC 19724 19725 0 149999999 running balance 3\n", 0 },
	{ "scale below the currency's decimals",
	  "name = c\ndate = Date\ndate_format = ISO\namount = Cents\n"
	  "scale = 2\n",
	  "Date,Cents\n2024-01-02,-1234\n", "W", "BHD",
	  "W BHD 2 1 19724 - -12340 - [|||]\n", "", 0 },
	{ "closing in the preamble, symbol after, period after a label: "
	  "opening derived",
	  "name = d\ndelimiter = ;\npreamble = 3\nperiod_cell = 1,1\n"
	  "closing_cell = 2,2\ndate = Datum\ndate_format = DD.MM.YYYY\n"
	  "amount = Betrag\ndecimal = ,\nthousands = .\n",
	  "Zeitraum: 01.01.2024 - 31.01.2024\nKontostand;4.093,32 \xe2\x82\xac\n"
	  "\nDatum;Betrag\n02.01.2024;-4,00 \xe2\x82\xac\n"
	  "03.01.2024;\xe2\x82\xac 1.000,00\n",
	  "A", "EUR",
	  "A EUR 5 1 19724 - -400 - [|||]\n"
	  "A EUR 6 2 19725 - 100000 - [|||]\n",
	  "A EUR 19723 19753 309732 409332 file, opening derived 2\n", 0 },
	{ "the period in two cells",
	  "name = d\npreamble = 2\nperiod_start_cell = 1,2\n"
	  "period_end_cell = 2,2\nclosing_cell = 2,3\nopening_cell = 1,3\n"
	  "date = Date\ndate_format = MM/DD/YYYY\namount = Amount\n",
	  "From,01/01/2024,10.00\nTo,01/31/2024,12.00\nDate,Amount\n"
	  "01/10/2024,2.00\n",
	  "A", "USD",
	  "A USD 4 1 19732 - 200 - [|||]\n",
	  "A USD 19723 19753 1000 1200 file 2\n", 0 },
	{ "account and currency per row",
	  "name = multi\ndate = d\ndate_format = ISO\namount = a\n"
	  "account_column = acct\ncurrency_column = cur\nbalance = bal\n",
	  "acct,cur,d,a,bal\nA1,EUR,2024-01-02,1.50,1.50\n"
	  "A2,JPY,2024-01-02,1500,1500\nA3,BHD,2024-01-03,-1.234,-1.234\n"
	  "A1,EUR,2024-01-03,1,2.50\n",
	  NULL, NULL,
	  "A1 EUR 2 1 19724 - 150 150 [|||]\n"
	  "A2 JPY 3 2 19724 - 1500 1500 [|||]\n"
	  "A3 BHD 4 3 19725 - -1234 -1234 [|||]\n"
	  "A1 EUR 5 4 19725 - 100 250 [|||]\n",
	  "", 0 },
};

START_TEST(test_import_bank_ok)
{
	pr_store *st = tu_case_new(tmp, "case.prcd");
	pr_profile *p = tu_profile(bank_ok[_i].profile);
	pr_import_result res;
	tu_buf b = { 0 };
	int lines = 0;
	const char *c;

	tu_import(st, tmp, "bank.csv", bank_ok[_i].csv, p,
		  bank_ok[_i].account, bank_ok[_i].currency, &res);
	for (c = bank_ok[_i].txns; *c; c++)
		lines += *c == '\n';
	ck_assert_uint_eq(res.records, (unsigned)lines);
	ck_assert_uint_eq(res.size, strlen(bank_ok[_i].csv));
	ck_assert_int_eq(res.document, 1);
	ck_assert_uint_eq(res.statements, bank_ok[_i].statements[0] != 0);
	tu_buf_printf(&b, "%s", "");  /* "" when the file has no rows */
	dump_txns(&b, st->db);
	ck_assert_msg(strcmp(b.s, bank_ok[_i].txns) == 0, "%s: got\n%swant\n"
		      "%s", bank_ok[_i].name, b.s, bank_ok[_i].txns);
	b.len = 0;
	tu_buf_printf(&b, "%s", "");
	dump_statements(&b, st->db);
	ck_assert_msg(strcmp(b.s, bank_ok[_i].statements) == 0, "%s: got\n"
		      "%swant\n%s", bank_ok[_i].name, b.s,
		      bank_ok[_i].statements);
	ck_assert_int_eq(tu_sql_int(st->db, "SELECT descending FROM "
				    "document"), bank_ok[_i].descending);
	tu_buf_free(&b);
	pr_profile_free(p);
	pr_store_close(st);
}
END_TEST

#define SIMPLE_PROFILE \
	"name = simple\ndate = date\ndate_format = ISO\namount = amount\n" \
	"description = text\n"

static const struct {
	const char *profile;
	const char *csv;
	const char *account;
	const char *currency;
	int code;
	const char *want;
} bank_bad[] = {
	{ SIMPLE_PROFILE, "date,amount,text\n2024-01-02,1.00,a\n"
	  "2024-02-30,2.00,b\n", "A", "EUR", PR_EPARSE,
	  "b.csv:3:1: date '2024-02-30' does not exist" },
	{ SIMPLE_PROFILE, "date,amount,text\n2024-01-02,1.00,a\n"
	  "02.01.2024,2.00,b\n", "A", "EUR", PR_EPARSE,
	  "b.csv:3:1: date '02.01.2024' does not match layout YYYY-MM-DD" },
	{ SIMPLE_PROFILE, "date,amount,text\n2024-01-02,1.00,a\n"
	  "2024-01-03,12.345,b\n", "A", "EUR", PR_EPARSE,
	  "b.csv:3:12: amount '12.345' has 3 decimals; at most 2 allowed" },
	{ SIMPLE_PROFILE, "date,amount,text\n2024-01-02,1000000000000000.00,"
	  "a\n", "A", "EUR", PR_EPARSE,
	  "b.csv:2:12: amount '1000000000000000.00' is 10^15 EUR or more: "
	  "not a plausible figure" },
	{ SIMPLE_PROFILE, "date,amount,text\n2024-01-02,1.00\n"
	  "2024-01-03,1.00,b\n", "A", "EUR", PR_EPARSE,
	  "b.csv:2:16: record has 2 fields; expected 3" },
	{ SIMPLE_PROFILE, "date,amount,text\n2024-01-02,1.00,\"two\nlines\","
	  "extra\n", "A", "EUR", PR_EPARSE,
	  "b.csv:3:8: record has 4 fields; expected 3" },
	{ SIMPLE_PROFILE, "date,amount,text\n2024-01-02,1.00,a\n2024-01-03",
	  "A", "EUR", PR_EPARSE,
	  "b.csv:3:11: record has 1 field; expected 3 (the file ends "
	  "mid-record: cut short?)" },
	{ SIMPLE_PROFILE, "date,value,text\n2024-01-02,1.00,a\n", "A", "EUR",
	  PR_EPARSE, "b.csv:1:1: header has no column 'amount' (profile "
	  "simple, line 4)" },
	{ "name = simple\nheader = no\ndate = #1\ndate_format = ISO\n"
	  "amount = #2\npreamble = 1\n", "date,amount,text\n", "A", "EUR",
	  PR_EPARSE, "b.csv: no transactions" },
	{ SIMPLE_PROFILE "ragged = yes\n", "date,amount,text\n"
	  "2024-01-02,1.00,a,, \n2024-01-03,1.00,b,,x\n", "A", "EUR",
	  PR_EPARSE, "b.csv:3:20: field 5 ('x') is beyond the header's 3 "
	  "columns; ragged = yes accepts only empty extra fields" },
	{ SIMPLE_PROFILE "ragged = yes\n", "date,amount,text\n2024-01-02\n",
	  "A", "EUR", PR_EPARSE, "b.csv:2:11: empty amount" },
	{ SIMPLE_PROFILE "footer_lines = 1\n", "date,amount,text\n"
	  "2024-01-02,1.00,\"a\n\n", "A", "EUR", PR_EPARSE,
	  "b.csv:2:17: quoted field not closed before the footer lines" },
	{ SIMPLE_PROFILE "fee = fee\nfees = positive\n",
	  "date,amount,text,fee\n2024-01-02,1.00,a,-0.10\n", "A", "EUR",
	  PR_EPARSE, "b.csv:2:19: fee is negative, but the profile declares "
	  "positive fees (fees = signed?)" },
	{ SIMPLE_PROFILE "scale = 8\n", "date,amount,text\n"
	  "2024-01-02,1234567,a\n", "A", "EUR", PR_EPARSE,
	  "b.csv:2:12: amount '1234567' in units of 10^-8 is not a whole "
	  "number of EUR's 2 decimals" },
	{ SIMPLE_PROFILE "scale = 2\n", "date,amount,text\n"
	  "2024-01-02,12.34,a\n", "A", "EUR", PR_EPARSE,
	  "b.csv:2:12: amount '12.34' has 2 decimals; none allowed" },
	{ SIMPLE_PROFILE "skip_if = status: X\n", "date,amount,text\n"
	  "2024-01-02,1.00,a\n", "A", "EUR", PR_EPARSE,
	  "b.csv:1:1: header has no column 'status' (profile simple, line "
	  "6)" },
	{ SIMPLE_PROFILE, "date,amount,text\n2024-01-02,1.00,a\n", NULL,
	  "EUR", PR_EINVALID, "profile simple gives no account: pass "
	  "--account" },
	{ SIMPLE_PROFILE, "date,amount,text\n2024-01-02,1.00,a\n", "A", NULL,
	  PR_EINVALID, "profile simple gives no currency: pass --currency" },
	{ SIMPLE_PROFILE, "date,amount,text\n2024-01-02,1.00,a\n", "A", "XYZ",
	  PR_ECURRENCY, "unknown currency 'XYZ'" },
	{ "name = dc\ndate = d\ndate_format = ISO\ndebit = out\n"
	  "credit = in\n", "d,out,in\n2024-01-02,1.00,2.00\n", "A", "EUR",
	  PR_EPARSE, "b.csv:2:12: both debit and credit have an amount" },
	{ "name = dc\ndate = d\ndate_format = ISO\ndebit = out\n"
	  "credit = in\n", "d,out,in\n2024-01-02, ,\n", "A", "EUR",
	  PR_EPARSE, "b.csv:2:12: neither debit nor credit has an amount" },
	{ "name = dc\ndate = d\ndate_format = ISO\ndebit = out\n"
	  "credit = in\n", "d,out,in\n2024-01-02,,-2.00\n", "A", "EUR",
	  PR_EPARSE, "b.csv:2:13: credit is negative" },
	{ "name = dc\ndate = d\ndate_format = ISO\ndebit = out\n"
	  "credit = in\n", "d,out,in\n2024-01-02,-2.00,\n", "A", "EUR",
	  PR_EPARSE, "b.csv:2:12: debit is negative, but the profile "
	  "declares positive debits (debits = signed?)" },
	{ "name = dir\ndate = d\ndate_format = ISO\namount = a\n"
	  "direction = dc\ncredit_marker = H\ndebit_marker = S\n",
	  "d,a,dc\n2024-01-02,2.00,X\n", "A", "EUR", PR_EPARSE,
	  "b.csv:2:17: direction 'X' is neither 'H' (credit) nor 'S' "
	  "(debit)" },
	{ "name = dir\ndate = d\ndate_format = ISO\namount = a\n"
	  "direction = dc\ncredit_marker = H\ndebit_marker = S\n",
	  "d,a,dc\n2024-01-02,-2.00,S\n", "A", "EUR", PR_EPARSE,
	  "b.csv:2:12: amount is negative, but the direction column gives "
	  "the sign" },
	{ "name = multi\ndate = d\ndate_format = ISO\namount = a\n"
	  "account_column = acct\ncurrency_column = cur\n",
	  "acct,cur,d,a\nA1,EUR,2024-01-02,1.50\nA1,EURO,2024-01-02,1\n",
	  NULL, NULL, PR_EPARSE, "b.csv:3:4: unknown currency 'EURO'" },
	{ "name = multi\ndate = d\ndate_format = ISO\namount = a\n"
	  "account_column = acct\ncurrency_column = cur\n",
	  "acct,cur,d,a\n  ,EUR,2024-01-02,1.50\n", NULL, NULL, PR_EPARSE,
	  "b.csv:2:1: empty account" },
	{ "name = multi\ndate = d\ndate_format = ISO\namount = a\n"
	  "account_column = acct\ncurrency_column = cur\n",
	  "acct,cur,d,a\nA1,EUR,2024-01-02,1.50\n", "A", NULL, PR_EINVALID,
	  "profile multi reads the account from the file: drop --account" },
};

START_TEST(test_import_bank_bad)
{
	pr_store *st = tu_case_new(tmp, "case.prcd");
	pr_profile *p = tu_profile(bank_bad[_i].profile);
	pr_import_options o = PR_IMPORT_OPTIONS_INIT;
	char *path = tu_write(tmp, "b.csv", bank_bad[_i].csv);
	pr_error err;
	char m[400];

	o.account = bank_bad[_i].account;
	o.currency = bank_bad[_i].currency;
	pr_error_clear(&err);
	ck_assert_int_eq(pr_store_begin(st, &err), PR_OK);
	ck_assert_int_eq(pr_import_bank(st, path, "b.csv", p, &o, NULL, &err),
			 bank_bad[_i].code);
	ck_assert_int_eq(err.code, bank_bad[_i].code);
	ck_assert_str_eq(fmt_err(m, sizeof(m), &err), bank_bad[_i].want);
	pr_store_rollback(st);
	ck_assert_int_eq(tu_sql_int(st->db, "SELECT count(*) FROM document"),
			 0);
	free(path);
	pr_profile_free(p);
	pr_store_close(st);
}
END_TEST

START_TEST(test_import_bank_args)
{
	pr_store *st = tu_case_new(tmp, "case.prcd");
	pr_profile *p = tu_profile(SIMPLE_PROFILE);
	pr_import_options o = PR_IMPORT_OPTIONS_INIT;
	char *path = tu_path(tmp, "missing.csv");
	pr_error err;

	o.account = "A";
	o.currency = "EUR";
	pr_error_clear(&err);
	ck_assert_int_eq(pr_store_begin(st, &err), PR_OK);
	ck_assert_int_eq(pr_import_bank(st, path, "missing.csv", p, &o, NULL,
					&err), PR_ENOTFOUND);
	ck_assert_str_eq(err.msg, "missing.csv: No such file or directory");
	/* no profile: a standard format told from the content */
	ck_assert_int_eq(pr_import_bank(st, path, "missing.csv", NULL, &o,
					NULL, &err), PR_ENOTFOUND);
	ck_assert_str_eq(err.msg, "missing.csv: No such file or directory");
	ck_assert_int_eq(pr_import_bank_format(st, path, "missing.csv", "qif",
					       &o, NULL, &err), PR_EINVALID);
	ck_assert_str_eq(err.msg, "unknown statement format 'qif' (expected "
			 "ofx, mt940, camt, bai2; a CSV export needs "
			 "--profile)");
	ck_assert_int_eq(pr_import_bank(NULL, path, NULL, p, &o, NULL, &err),
			 PR_EINVALID);
	pr_store_rollback(st);
	free(path);
	pr_profile_free(p);
	pr_store_close(st);
}
END_TEST

/* ---------------------------------------------------------------- */
/* statements */

/* Rates are stored as exact canonical fractions, with their line. */
START_TEST(test_import_rates_exact)
{
	pr_store *st = tu_case_new(tmp, "case.prcd");
	pr_import_result res;
	pr_error err;
	char *path, *dump;

	path = tu_write(tmp, "r.csv", "source,rate,quote,base,date\n"
			"ECB,1.0981,USD,EUR,2023-04-14\n"
			"Banxico,18.0124,MXN,USD,2023-04-14\n"
			"trade 7741,28101.37,USD,BTC,2023-05-02\n"
			"bank,13700/100,JPY,USD,2023-05-02\n"
			"tiny,0.000000000000000001,USD,ETH,2023-05-03\n");
	ck_assert_int_eq(pr_store_begin(st, &err), PR_OK);
	ck_assert_int_eq(pr_import_rates(st, path, "r.csv", NULL, &res, &err),
			 PR_OK);
	ck_assert_int_eq(pr_store_commit(st, "import", 0, NULL, "", &err),
			 PR_OK);
	ck_assert_uint_eq(res.records, 5);
	dump = tu_sql_text(st->db, "SELECT group_concat(line || ' ' || date"
			   " || ' ' || base || '/' || quote || ' ' || rate ||"
			   " ' ' || source, '|') FROM (SELECT * FROM rate"
			   " ORDER BY id)");
	ck_assert_str_eq(dump, "2 19461 EUR/USD 10981/10000 ECB|"
			 "3 19461 USD/MXN 45031/2500 Banxico|"
			 "4 19479 BTC/USD 2810137/100 trade 7741|"
			 "5 19479 USD/JPY 137 bank|"
			 "6 19480 ETH/USD 1/1000000000000000000 tiny");
	free(dump);
	free(path);
	pr_store_close(st);
}
END_TEST

START_TEST(test_import_statements_ok)
{
	pr_store *st = tu_case_new(tmp, "case.prcd");
	pr_import_result res;
	tu_buf b = { 0 };

	/* the columns in any order */
	tu_import(st, tmp, "s.csv", "closing,opening,end,start,currency,"
		  "account\r\n"
		  "1069.75,1000.00,2024-01-31,2024-01-01,EUR,ACC\r\n"
		  "-5.00,1069.75,2024-02-29,2024-02-01,EUR,ACC\r\n"
		  "12345.678901234567890123,0,2024-01-31,2024-01-01,ETH,"
		  "0xabc\r\n"
		  "7,7,2024-01-01,2024-01-01,JPY,\"J, 1\"\r\n",
		  NULL, NULL, NULL, &res);
	ck_assert_uint_eq(res.records, 4);
	ck_assert_uint_eq(res.statements, 4);
	tu_buf_printf(&b, "%s", "");
	dump_statements(&b, st->db);
	ck_assert_str_eq(b.s,
			 "ACC EUR 19723 19753 100000 106975 statement 2\n"
			 "ACC EUR 19754 19782 106975 -500 statement 3\n"
			 "0xabc ETH 19723 19753 0 12345678901234567890123 "
			 "statement 4\n"
			 "J, 1 JPY 19723 19723 7 7 statement 5\n");
	ck_assert_int_eq(tu_sql_int(st->db, "SELECT count(*) FROM txn"), 0);
	tu_buf_free(&b);
	pr_store_close(st);
}
END_TEST

#define STM_HEAD "account,currency,start,end,opening,closing\n"

static const struct {
	const char *csv;
	const char *want;
} statements_bad[] = {
	{ "account,currency,start,end,opening,closing,note\n",
	  "s.csv:1:44: unknown column 'note' (expected account, currency, "
	  "start, end, opening, closing)" },
	{ "account,currency,start,end,opening\n",
	  "s.csv:1:1: header has no column 'closing'" },
	{ "account,currency,start,end,opening,closing,start\n",
	  "s.csv:1:44: column 'start' named twice (also #3)" },
	{ STM_HEAD "A,EUR,2024-01-31,2024-01-01,0,0\n",
	  "s.csv:2:18: period ends on 2024-01-01, before it starts on "
	  "2024-01-31" },
	{ STM_HEAD "A,EUR,2024-01-01,2024-01-31,0,0\nA,EURO,2024-02-01,"
	  "2024-02-29,0,0\n",
	  "s.csv:3:3: unknown currency 'EURO'" },
	{ STM_HEAD "A,EUR,2024-01-01,2024-01-31,1.001,0\n",
	  "s.csv:2:29: amount '1.001' has 3 decimals; at most 2 allowed" },
	{ STM_HEAD ",EUR,2024-01-01,2024-01-31,0,0\n",
	  "s.csv:2:1: empty account" },
	{ STM_HEAD "A,EUR,2024-01-01,2024-01-31,0\n",
	  "s.csv:2:30: record has 5 fields; expected 6" },
	{ STM_HEAD "A,EUR,1/1/2024,2024-01-31,0,0\n",
	  "s.csv:2:7: date '1/1/2024' does not match layout YYYY-MM-DD" },
	{ STM_HEAD, "s.csv: no statements after the header" },
};

START_TEST(test_import_statements_bad)
{
	pr_store *st = tu_case_new(tmp, "case.prcd");
	char *path = tu_write(tmp, "s.csv", statements_bad[_i].csv);
	pr_error err;
	char m[400];

	pr_error_clear(&err);
	ck_assert_int_eq(pr_store_begin(st, &err), PR_OK);
	ck_assert_int_eq(pr_import_statements(st, path, "s.csv", NULL, NULL,
					      &err), PR_EPARSE);
	ck_assert_str_eq(fmt_err(m, sizeof(m), &err), statements_bad[_i].want);
	pr_store_rollback(st);
	ck_assert_int_eq(tu_sql_int(st->db, "SELECT count(*) FROM statement"),
			 0);
	free(path);
	pr_store_close(st);
}
END_TEST

/* ---------------------------------------------------------------- */
/* property: an import adds all of its file or nothing */

#define PROP_FILES 200
#define PROP_MAX_ROWS 200

/* Write |v| (minor units) with @p minor decimals, optionally grouped by
 * thousands (then quoted, since the group separator is the comma). */
static void
put_amount(tu_buf *b, const mpz_t v, unsigned minor, int group)
{
	char digits[96];
	size_t n, ip, i;
	mpz_t a;

	mpz_init(a);
	mpz_abs(a, v);
	gmp_snprintf(digits, sizeof(digits), "%0*Zd", (int)minor + 1, a);
	mpz_clear(a);
	n = strlen(digits);
	ip = n - minor;  /* digits before the decimal point, at least 1 */
	if (group)
		tu_buf_printf(b, "\"");
	if (mpz_sgn(v) < 0)
		tu_buf_printf(b, "-");
	for (i = 0; i < ip; i++) {
		if (group && i > 0 && (ip - i) % 3 == 0)
			tu_buf_printf(b, ",");
		tu_buf_printf(b, "%c", digits[i]);
	}
	if (minor > 0)
		tu_buf_printf(b, ".%s", digits + ip);
	if (group)
		tu_buf_printf(b, "\"");
}

/* A random amount: cents up to a billion, or wei up to a million ETH. */
static void
random_amount(tu_rng *r, mpz_t out, unsigned minor)
{
	if (minor <= 2) {
		mpz_set_si(out, (long)tu_rng_range(r, -100000000000LL,
						   100000000000LL));
		return;
	}
	mpz_set_ui(out, (unsigned long)tu_rng_next(r));
	mpz_mul_2exp(out, out, 64);
	mpz_add_ui(out, out, (unsigned long)tu_rng_next(r));
	/* below 10^24 wei */
	{
		mpz_t lim;

		mpz_init(lim);
		mpz_ui_pow_ui(lim, 10, 6 + tu_rng_below(r, 19));
		mpz_mod(out, out, lim);
		mpz_clear(lim);
	}
	if (tu_rng_below(r, 2))
		mpz_neg(out, out);
}

/* Sum the amounts of the case's rows (of one document when @p doc > 0)
 * into eur and eth, exactly; returns the number of rows. */
static int64_t
case_totals(sqlite3 *db, int64_t doc, mpz_t eur, mpz_t eth)
{
	sqlite3_stmt *s = NULL;
	int64_t n = 0;
	mpz_t a;

	mpz_init(a);
	mpz_set_ui(eur, 0);
	mpz_set_ui(eth, 0);
	if (sqlite3_prepare_v2(db, "SELECT a.currency, t.amount FROM txn t "
			       "JOIN account a ON a.id = t.account_id WHERE "
			       "?1 = 0 OR t.document_id = ?1", -1, &s, NULL)
	    != SQLITE_OK)
		ck_abort_msg("%s", sqlite3_errmsg(db));
	sqlite3_bind_int64(s, 1, doc);
	while (sqlite3_step(s) == SQLITE_ROW) {
		pr__store_column_amount(a, s, 1);
		if (strcmp((const char *)sqlite3_column_text(s, 0), "ETH")
		    == 0)
			mpz_add(eth, eth, a);
		else
			mpz_add(eur, eur, a);
		n++;
	}
	sqlite3_finalize(s);
	mpz_clear(a);
	return n;
}

enum { BAD_NONE, BAD_DATE, BAD_AMOUNT, BAD_FEWER, BAD_MORE, BAD_KINDS };

START_TEST(test_import_property_all_or_nothing)
{
	static const char *const bad_dates[] = {
		"2023-02-30", "2024/01/01", "", "2024-1-1", "2024-13-01"
	};
	static const char *const bad_amounts[] = {
		"abc", "1.2.3", "", "12..0", "1e5", "--5", "0x10"
	};
	pr_store *st = tu_case_new(tmp, "case.prcd");
	pr_profile *p = tu_profile("name = prop\ndate = date\n"
				   "date_format = ISO\namount = amount\n"
				   "description = text\n");
	mpz_t want_eur, want_eth, sum, amt, got_eur, got_eth;
	int64_t want_rows = 0;
	tu_buf csv = { 0 };
	tu_rng r;
	int kinds[BAD_KINDS] = { 0 };
	int f, k, goods = 0;

	mpz_inits(want_eur, want_eth, sum, amt, got_eur, got_eth, NULL);
	tu_rng_seed(&r, TU_SEED);
	for (f = 0; f < PROP_FILES; f++) {
		pr_import_options o = PR_IMPORT_OPTIONS_INIT;
		pr_import_result res;
		int eth = tu_rng_below(&r, 5) == 0;
		unsigned minor = eth ? 18 : 2;
		const char *eol = tu_rng_below(&r, 2) ? "\r\n" : "\n";
		int rows = (int)tu_rng_range(&r, 1, PROP_MAX_ROWS);
		int bad_kind = tu_rng_below(&r, 3) == 0 ?
			       (int)tu_rng_range(&r, 1, BAD_KINDS - 1) :
			       BAD_NONE;
		int bad_row = (int)tu_rng_below(&r, (uint64_t)rows);
		unsigned long line = 2, bad_line = 0;
		char name[32], date[16], *path;
		pr_error err;
		char m[400];
		int64_t n;
		int i, rc;

		kinds[bad_kind]++;
		csv.len = 0;
		mpz_set_ui(sum, 0);
		tu_buf_printf(&csv, "date,amount,text%s", eol);
		for (i = 0; i < rows; i++) {
			int multi = tu_rng_below(&r, 10) == 0;
			int bad = bad_kind != BAD_NONE && i == bad_row;

			snprintf(date, sizeof(date), "%04d-%02d-%02d",
				 (int)tu_rng_range(&r, 1990, 2030),
				 (int)tu_rng_range(&r, 1, 12),
				 (int)tu_rng_range(&r, 1, 28));
			random_amount(&r, amt, minor);
			mpz_add(sum, sum, amt);
			if (bad && bad_kind == BAD_DATE)
				tu_buf_printf(&csv, "%s,", bad_dates[
					tu_rng_below(&r, N_ELEMS(bad_dates))]);
			else
				tu_buf_printf(&csv, "%s,", date);
			if (bad && bad_kind == BAD_AMOUNT)
				tu_buf_printf(&csv, "%s", bad_amounts[
					tu_rng_below(&r,
						     N_ELEMS(bad_amounts))]);
			else
				put_amount(&csv, amt, minor, !eth &&
					   tu_rng_below(&r, 4) == 0);
			if (bad)
				bad_line = line;
			if (bad && bad_kind == BAD_FEWER) {
				tu_buf_printf(&csv, "%s", eol);
				line++;
				continue;
			}
			if (multi) {
				/* a quoted description over two lines */
				tu_buf_printf(&csv, ",\"f%d r%d%sctd\"", f, i,
					      eol);
				line++;
			} else {
				tu_buf_printf(&csv, ",f%d r%d", f, i);
			}
			if (bad && bad_kind == BAD_MORE) {
				/* the extra field is on the record's last
				 * line */
				tu_buf_printf(&csv, ",extra");
				bad_line = line;
			}
			tu_buf_printf(&csv, "%s", eol);
			line++;
		}
		snprintf(name, sizeof(name), "f%03d.csv", f);
		path = tu_write_bytes(tmp, name, csv.s, csv.len);
		o.account = "ACC";
		o.currency = eth ? "ETH" : "EUR";
		pr_error_clear(&err);
		if (pr_store_begin(st, &err) != PR_OK)
			ck_abort_msg("begin: %s", err.msg);
		rc = pr_import_bank(st, path, name, p, &o, &res, &err);
		free(path);
		if (bad_kind == BAD_NONE) {
			if (rc != PR_OK)
				ck_abort_msg("file %d: %s", f,
					     fmt_err(m, sizeof(m), &err));
			if (pr_store_commit(st, "import", 0, NULL, "ok", &err))
				ck_abort_msg("commit: %s", err.msg);
			goods++;
			n = case_totals(st->db, res.document, got_eur,
					got_eth);
			if (res.records != (uint64_t)rows || n != rows ||
			    mpz_cmp(eth ? got_eth : got_eur, sum) != 0 ||
			    mpz_sgn(eth ? got_eur : got_eth) != 0)
				ck_abort_msg("file %d: %d rows, %lld stored, "
					     "%llu reported, sums differ: %d",
					     f, rows, (long long)n,
					     (unsigned long long)res.records,
					     mpz_cmp(eth ? got_eth : got_eur,
						     sum) != 0);
			want_rows += rows;
			mpz_add(eth ? want_eth : want_eur,
				eth ? want_eth : want_eur, sum);
			continue;
		}
		if (rc != PR_EPARSE || err.loc.line != bad_line ||
		    strcmp(err.loc.path, name) != 0)
			ck_abort_msg("file %d (kind %d, row %d): want %s:%lu, "
				     "got %d %s", f, bad_kind, bad_row, name,
				     bad_line, rc,
				     fmt_err(m, sizeof(m), &err));
		pr_store_rollback(st);
		n = case_totals(st->db, 0, got_eur, got_eth);
		if (n != want_rows || mpz_cmp(got_eur, want_eur) != 0 ||
		    mpz_cmp(got_eth, want_eth) != 0)
			ck_abort_msg("file %d: case changed by a failed "
				     "import (%lld rows, want %lld)", f,
				     (long long)n, (long long)want_rows);
	}
	/* a sanity check on the generator: every kind of file occurred */
	ck_assert_int_gt(goods, PROP_FILES / 2);
	for (k = 0; k < BAD_KINDS; k++)
		ck_assert_int_gt(kinds[k], 5);
	ck_assert_int_eq(case_totals(st->db, 0, got_eur, got_eth), want_rows);
	tu_assert_mpz_eq(got_eur, want_eur);
	tu_assert_mpz_eq(got_eth, want_eth);
	ck_assert_int_eq(tu_sql_int(st->db, "SELECT count(*) FROM document"),
			 goods);
	ck_assert_int_eq(pr_log_verify(st, NULL, NULL), PR_OK);
	mpz_clears(want_eur, want_eth, sum, amt, got_eur, got_eth, NULL);
	tu_buf_free(&csv);
	pr_profile_free(p);
	pr_store_close(st);
}
END_TEST

/*
 * The rules of a designations file are resolved in one pass in C
 * (import/designations.c); each used to be counted by SQL of its own.
 * Property: on generated inflows and rules (fixed seed), a rule imports
 * exactly when that SQL counts at least one inflow, and is refused
 * with "matches no inflow" (or "no inflow to") otherwise. The texts mix
 * case, LIKE's own wildcards, '\', non-ASCII letters (which neither
 * folds) and '*'.
 */
static const char rules_sql_text[] =
	"SELECT count(*) FROM txn t JOIN account a ON a.id = t.account_id"
	" WHERE " PR__CREDIT " AND (?1 = '' OR"
	" instr(lower(t.description), lower(?1)) > 0 OR"
	" instr(lower(t.counterparty), lower(?1)) > 0)"
	" AND (?2 = '' OR a.ident = ?2) AND (?3 IS NULL OR t.date >= ?3)"
	" AND (?4 IS NULL OR t.date <= ?4)";
static const char rules_sql_memo[] =
	"SELECT count(*) FROM txn t JOIN account a ON a.id = t.account_id"
	" WHERE " PR__CREDIT " AND t.description LIKE ?1 ESCAPE '\\'"
	" AND (?2 = '' OR a.ident = ?2) AND (?3 IS NULL OR t.date >= ?3)"
	" AND (?4 IS NULL OR t.date <= ?4)";

static const char *const rule_words[] = {
	"Cash", "DEPOSIT", "deposit", "x%y", "a_b", "back\\slash", "Émile",
	"émile", "ÉMILE", "ref", "REF 12", "#1187", "  ", "zz", "q",
};

/* A text of one to four words of rule_words, in buf. */
static void
rule_text(tu_rng *r, char *buf, size_t size)
{
	int n = (int)tu_rng_range(r, 1, 4);

	buf[0] = '\0';
	while (n-- > 0) {
		const char *w = rule_words[tu_rng_below(r, N_ELEMS(rule_words))];
		size_t len = strlen(buf);

		snprintf(buf + len, size - len, "%s%s", len ? " " : "", w);
	}
}

/* The memo pattern as the rule's SQL had it: '*' as '%', the rest
 * escaped. */
static void
rule_like(const char *pat, char *out)
{
	for (; *pat != '\0'; pat++) {
		if (*pat == '*') {
			*out++ = '%';
			continue;
		}
		if (*pat == '%' || *pat == '_' || *pat == '\\')
			*out++ = '\\';
		*out++ = *pat;
	}
	*out = '\0';
}

START_TEST(test_import_rules_as_sql)
{
	pr_store *st = tu_case_new(tmp, "case");
	pr_import_options o = PR_IMPORT_OPTIONS_INIT;
	const char *argv[1] = { "v.csv" };
	int compared = 0, matched = 0;
	char text[128], cp[128], pat[128], like[256], csv[600], *path;
	sqlite3_stmt *ins = NULL;
	pr_import_result res;
	pr_error err;
	tu_rng r;
	int i, k;

	tu_rng_seed(&r, TU_SEED);
	pr_error_clear(&err);
	ck_assert_int_eq(pr_store_begin(st, &err), PR_OK);
	tu_sql_exec(st->db,
		"INSERT INTO document (sha256, name, size, kind, profile,"
		" profile_sha256, descending, records, log_seq) VALUES"
		" ('aa', 'bank.csv', 1, 'bank', '', '', 0, 2, 1);"
		"INSERT INTO account (ident, currency) VALUES ('A', 'USD'),"
		" ('B', 'USD'), ('B', 'EUR');");
	ck_assert_int_eq(sqlite3_prepare_v2(st->db, "INSERT INTO txn"
		" (document_id, record, line, account_id, date, amount,"
		" description, reference, counterparty, counter_account)"
		" VALUES (1, ?1, ?1 + 1, ?2, ?3, ?4, ?5, '', ?6, '')", -1,
		&ins, NULL), SQLITE_OK);
	for (i = 1; i <= 60; i++) {
		rule_text(&r, text, sizeof(text));
		rule_text(&r, cp, sizeof(cp));
		sqlite3_bind_int(ins, 1, i);
		sqlite3_bind_int(ins, 2, (int)tu_rng_range(&r, 1, 3));
		sqlite3_bind_int(ins, 3, 19000 + (int)tu_rng_below(&r, 30));
		/* credits and debits, some amounts as decimal text */
		if (tu_rng_below(&r, 4) == 0)
			sqlite3_bind_text(ins, 4, tu_rng_below(&r, 2) ?
					  "123456789012345678901234567890" :
					  "-123456789012345678901234567890",
					  -1, SQLITE_STATIC);
		else
			sqlite3_bind_int64(ins, 4, tu_rng_range(&r, -500,
								500));
		sqlite3_bind_text(ins, 5, text, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins, 6, tu_rng_below(&r, 2) ? cp : "", -1,
				  SQLITE_TRANSIENT);
		ck_assert_int_eq(sqlite3_step(ins), SQLITE_DONE);
		sqlite3_reset(ins);
	}
	sqlite3_finalize(ins);
	ck_assert_int_eq(pr_store_commit(st, "import", 1, argv, "rows",
					 &err), PR_OK);
	path = tu_write(tmp, "v.csv", "record,id,role,name,account,"
			"relation,start,end,note\nparty,V-1,victim,V,,,,,x\n");
	ck_assert_int_eq(pr_store_begin(st, &err), PR_OK);
	ck_assert_int_eq(pr_import_victims(st, path, "v.csv", &o, &res,
					   &err), PR_OK);
	ck_assert_int_eq(pr_store_commit(st, "import", 1, argv, "v", &err),
			 PR_OK);
	free(path);
	for (k = 0; k < 300; k++) {
		int memo = (int)tu_rng_below(&r, 3);  /* 2: by account */
		const char *acct = tu_rng_below(&r, 3) == 0 ? "" :
				   tu_rng_below(&r, 2) ? "A" : "B";
		int has_start = tu_rng_below(&r, 3) == 0;
		int has_end = tu_rng_below(&r, 3) == 0;
		int start = 19000 + (int)tu_rng_below(&r, 30);
		int end = 19000 + (int)tu_rng_below(&r, 30);
		char d1[16] = "", d2[16] = "", m[400];
		sqlite3_stmt *s;
		long long want;
		int rc;

		if (memo == 2 && *acct == '\0')
			acct = "B";
		/* a piece of a row's text, or words of its own, '*' here
		 * and there for a memo */
		rule_text(&r, pat, sizeof(pat));
		if (memo == 1) {
			char tmp_pat[160];

			snprintf(tmp_pat, sizeof(tmp_pat), "%s%s%s",
				 tu_rng_below(&r, 2) ? "*" : "", pat,
				 tu_rng_below(&r, 2) ? "*" : "");
			for (i = 0; tmp_pat[i] != '\0'; i++)
				if (tmp_pat[i] == ' ' && tu_rng_below(&r, 4) == 0)
					tmp_pat[i] = '*';
			ck_assert_uint_lt(strlen(tmp_pat), sizeof(pat));
			memcpy(pat, tmp_pat, strlen(tmp_pat) + 1);
		}
		if (memo == 2)
			pat[0] = '\0';
		s = NULL;
		ck_assert_int_eq(sqlite3_prepare_v2(st->db, memo == 1 ?
			rules_sql_memo : rules_sql_text, -1, &s, NULL),
			SQLITE_OK);
		rule_like(pat, like);
		sqlite3_bind_text(s, 1, memo == 1 ? like : pat, -1,
				  SQLITE_STATIC);
		sqlite3_bind_text(s, 2, acct, -1, SQLITE_STATIC);
		if (has_start)
			sqlite3_bind_int(s, 3, start);
		if (has_end)
			sqlite3_bind_int(s, 4, end);
		ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
		want = sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
		if (has_start)
			pr_date_format(d1, start);
		if (has_end)
			pr_date_format(d2, end);
		snprintf(csv, sizeof(csv), "origin,by,match,account,start,end,"
			 "reason,source\nV-1,%s,\"%s\",%s,%s,%s,r,s\n",
			 memo == 2 ? "account" : memo ? "memo" :
			 "counterparty", pat, acct, d1, d2);
		path = tu_write(tmp, "d.csv", csv);
		pr_error_clear(&err);
		ck_assert_int_eq(pr_store_begin(st, &err), PR_OK);
		rc = pr_import_designations(st, path, "d.csv", &o, &res, &err);
		pr_store_rollback(st);
		free(path);
		pr_error_format(m, sizeof(m), &err);
		if (rc == PR_EPARSE)
			continue;  /* a rule the reader refuses */
		compared++;
		matched += want > 0;
		if (want > 0)
			ck_assert_msg(rc == PR_OK, "%s: %s", csv, m);
		else
			ck_assert_msg(rc == PR_ENOTFOUND &&
				      (strstr(m, "matches no inflow") != NULL ||
				       strstr(m, "no inflow to") != NULL),
				      "%s: %d %s", csv, rc, m);
	}
	/* both outcomes, many times */
	ck_assert_int_gt(matched, 30);
	ck_assert_int_gt(compared - matched, 30);
	/* a rule that designates nothing is reported before the case's
	 * error about any later line, as when each rule was counted on its
	 * line; a malformed line anywhere comes first (last case) */
	for (k = 0; k < 3; k++) {
		static const char *const later[3] = {
			"V-1,flow,nowhere.csv:2,,,,r,s\n",  /* the case */
			"V-9,counterparty,x,,,,r,s\n",      /* the victim */
			"V-1,nonsense,x,,,,r,s\n",          /* the reader */
		};
		char m[400];

		snprintf(csv, sizeof(csv), "origin,by,match,account,start,end,"
			 "reason,source\nV-1,counterparty,zzzz-none,,,,r,s\n"
			 "%s", later[k]);
		path = tu_write(tmp, "d.csv", csv);
		pr_error_clear(&err);
		ck_assert_int_eq(pr_store_begin(st, &err), PR_OK);
		ck_assert_int_eq(pr_import_designations(st, path, "d.csv", &o,
							&res, &err),
				 k < 2 ? PR_ENOTFOUND : PR_EPARSE);
		pr_store_rollback(st);
		free(path);
		ck_assert_str_eq(fmt_err(m, sizeof(m), &err), k < 2 ?
				 "d.csv:2:18: 'zzzz-none' matches no inflow "
				 "in the case" : "d.csv:3:5: unknown by "
				 "'nonsense' (expected flow, counterparty, "
				 "memo or account)");
	}
	pr_store_close(st);
}
END_TEST

static Suite *
import_suite(void)
{
	Suite *s = suite_create("import");
	TCase *tc;

	tc = tcase_create("csv");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_import_csv_ok, 0, N_ELEMS(csv_ok));
	tcase_add_loop_test(tc, test_import_csv_bad, 0, N_ELEMS(csv_bad));
	tcase_add_test(tc, test_import_csv_missing_file);
	tcase_add_test(tc, test_import_csv_callback_error);
	tcase_add_loop_test(tc, test_import_csv_chunks, 0, 3 * 7);
	suite_add_tcase(s, tc);

	tc = tcase_create("profile");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_import_profile_bad, 0,
			    N_ELEMS(profile_bad));
	tcase_add_test(tc, test_import_profile_ok);
	suite_add_tcase(s, tc);

	tc = tcase_create("bank");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_import_bank_ok, 0, N_ELEMS(bank_ok));
	tcase_add_loop_test(tc, test_import_bank_bad, 0, N_ELEMS(bank_bad));
	tcase_add_test(tc, test_import_bank_args);
	suite_add_tcase(s, tc);

	tc = tcase_create("statements");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_import_statements_ok);
	tcase_add_test(tc, test_import_rates_exact);
	tcase_add_loop_test(tc, test_import_statements_bad, 0,
			    N_ELEMS(statements_bad));
	suite_add_tcase(s, tc);

	tc = tcase_create("property");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test_import_property_all_or_nothing);
	tcase_add_test(tc, test_import_rules_as_sql);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(import_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
