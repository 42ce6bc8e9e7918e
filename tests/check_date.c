/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests for calendar dates: day numbers, layouts, formatting, and
 * round-trip properties over the whole range 0001-01-01..9999-12-31. */
#include "config.h"
#include "common.h"

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define DATE_MIN (-719162) /* 0001-01-01 */
#define DATE_MAX 2932896   /* 9999-12-31 */

/* ---- ymd --------------------------------------------------------------- */

static const struct {
	int y, m, d;
	pr_date days;
	int weekday; /* 0 Monday .. 6 Sunday */
} anchors[] = {
	{ 1970, 1, 1, 0, 3 },
	{ 1969, 12, 31, -1, 2 },
	{ 1970, 1, 2, 1, 4 },
	{ 2000, 1, 1, 10957, 5 },
	{ 2000, 2, 29, 11016, 1 },
	{ 2000, 3, 1, 11017, 2 },
	{ 2024, 2, 29, 19782, 3 },
	{ 1900, 3, 1, -25508, 3 },
	{ 1600, 3, 1, -135080, 2 },
	{ 1, 1, 1, -719162, 0 },
	{ 1, 12, 31, -718798, 0 },
	{ 9999, 12, 31, 2932896, 4 },
};

START_TEST(test_date_anchor)
{
	pr_date d = 12345;
	pr_error err;
	int y = 0;
	int m = 0;
	int dd = 0;

	pr_error_clear(&err);
	ck_assert_int_eq(pr_date_from_ymd(&d, anchors[_i].y, anchors[_i].m,
					  anchors[_i].d, &err),
			 PR_OK);
	ck_assert_int_eq(d, anchors[_i].days);
	pr_date_to_ymd(anchors[_i].days, &y, &m, &dd);
	ck_assert_int_eq(y, anchors[_i].y);
	ck_assert_int_eq(m, anchors[_i].m);
	ck_assert_int_eq(dd, anchors[_i].d);
	ck_assert_int_eq(pr_date_weekday(anchors[_i].days),
			 anchors[_i].weekday);
}
END_TEST

/* Last day of every month, in a leap year, a common year, a century
 * (1900, common) and a 400-year (2000, leap). */
START_TEST(test_date_month_lengths)
{
	static const int common[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	static const int years[] = { 2023, 2024, 1900, 2000, 1, 9999 };
	size_t i;
	int m;

	for (i = 0; i < sizeof(years) / sizeof(years[0]); i++) {
		int y = years[i];
		int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

		for (m = 1; m <= 12; m++) {
			int last = common[m - 1] + (m == 2 && leap);
			pr_date a;
			pr_date b;

			ck_assert_int_eq(pr_date_from_ymd(&a, y, m, last, NULL),
					 PR_OK);
			ck_assert_int_eq(pr_date_from_ymd(&b, y, m, last + 1,
							  NULL),
					 PR_EINVALID);
			if (m < 12) {
				ck_assert_int_eq(pr_date_from_ymd(&b, y, m + 1,
								  1, NULL),
						 PR_OK);
				ck_assert_int_eq(b, a + 1);
			}
		}
	}
}
END_TEST

START_TEST(test_date_leap)
{
	pr_date d;

	ck_assert_int_eq(pr_date_from_ymd(&d, 2000, 2, 29, NULL), PR_OK);
	ck_assert_int_eq(pr_date_from_ymd(&d, 2024, 2, 29, NULL), PR_OK);
	ck_assert_int_eq(pr_date_from_ymd(&d, 1600, 2, 29, NULL), PR_OK);
	ck_assert_int_eq(pr_date_from_ymd(&d, 4, 2, 29, NULL), PR_OK);
	ck_assert_int_eq(pr_date_from_ymd(&d, 1900, 2, 29, NULL),
			 PR_EINVALID);
	ck_assert_int_eq(pr_date_from_ymd(&d, 2023, 2, 29, NULL),
			 PR_EINVALID);
	ck_assert_int_eq(pr_date_from_ymd(&d, 2100, 2, 29, NULL),
			 PR_EINVALID);
	/* 366 days from 2024-01-01 to 2025-01-01, 365 the year after. */
	{
		pr_date a;
		pr_date b;
		pr_date c;

		pr_date_from_ymd(&a, 2024, 1, 1, NULL);
		pr_date_from_ymd(&b, 2025, 1, 1, NULL);
		pr_date_from_ymd(&c, 2026, 1, 1, NULL);
		ck_assert_int_eq(b - a, 366);
		ck_assert_int_eq(c - b, 365);
	}
}
END_TEST

/* to_ymd accepts NULL for parts the caller does not want, and is total
 * over int32 (no crash or UB far outside the supported range). */
START_TEST(test_date_to_ymd_partial)
{
	int y = 0;
	int m = 0;
	int d = 0;

	pr_date_to_ymd(11017, &y, NULL, NULL);
	ck_assert_int_eq(y, 2000);
	pr_date_to_ymd(11017, NULL, &m, NULL);
	ck_assert_int_eq(m, 3);
	pr_date_to_ymd(11017, NULL, NULL, &d);
	ck_assert_int_eq(d, 1);
	/* Before 0001-01-01 the proleptic calendar goes on through year 0,
	 * which is a leap year, into negative years. */
	pr_date_to_ymd(-719163, &y, &m, &d);
	ck_assert(y == 0 && m == 12 && d == 31);
	pr_date_to_ymd(-719468, &y, &m, &d);
	ck_assert(y == 0 && m == 3 && d == 1);
	pr_date_to_ymd(-719469, &y, &m, &d);
	ck_assert(y == 0 && m == 2 && d == 29);
	pr_date_to_ymd(-719529, &y, &m, &d);
	ck_assert(y == -1 && m == 12 && d == 31);
	pr_date_to_ymd(INT32_MAX, &y, &m, &d);
	ck_assert(m >= 1 && m <= 12 && d >= 1 && d <= 31);
	pr_date_to_ymd(INT32_MIN, &y, &m, &d);
	ck_assert(m >= 1 && m <= 12 && d >= 1 && d <= 31);
	ck_assert(pr_date_weekday(INT32_MAX) >= 0);
	ck_assert(pr_date_weekday(INT32_MIN) >= 0);
	ck_assert_int_eq(pr_date_weekday(-7), 3);
	ck_assert_int_eq(pr_date_weekday(-3), 0);
}
END_TEST

/* ---- parse ------------------------------------------------------------- */

static const struct {
	const char *text;
	const char *layout;
	int y, m, d;
} parse_ok[] = {
	{ "2023-01-31", "ISO", 2023, 1, 31 },
	{ "2023-01-31", "YYYY-MM-DD", 2023, 1, 31 },
	{ "31.12.2021", "DD.MM.YYYY", 2021, 12, 31 },
	{ "2/8/15", "M/D/YY", 2015, 2, 8 },
	{ "12/31/2021", "MM/DD/YYYY", 2021, 12, 31 },
	{ "20221231", "YYYYMMDD", 2022, 12, 31 },
	{ "23-Jan-15", "DD-Mon-YY", 2015, 1, 23 },
	{ "23-JAN-2015", "DD-Mon-YYYY", 2015, 1, 23 },
	{ "23-jan-2015", "DD-Mon-YYYY", 2015, 1, 23 },
	{ "23-jAn-2015", "DD-Mon-YYYY", 2015, 1, 23 },
	{ "17-06-2022", "DD-MM-YYYY", 2022, 6, 17 },
	{ "1/2/2024", "M/D/YYYY", 2024, 1, 2 },
	{ "12/1/2021", "M/D/YYYY", 2021, 12, 1 },
	{ "01/02/2024", "M/D/YYYY", 2024, 1, 2 },
	{ "  2023-01-31  ", "ISO", 2023, 1, 31 },
	{ " 1/2/2024", "M/D/YYYY", 2024, 1, 2 },
	{ "01/02/69", "MM/DD/YY", 1969, 1, 2 },
	{ "01/02/99", "MM/DD/YY", 1999, 1, 2 },
	{ "01/02/00", "MM/DD/YY", 2000, 1, 2 },
	{ "01/02/68", "MM/DD/YY", 2068, 1, 2 },
	{ "240131", "YYMMDD", 2024, 1, 31 },
	{ "010224", "DDMMYY", 2024, 2, 1 },
	{ "Jan 5, 2024", "Mon D, YYYY", 2024, 1, 5 },
	{ "5 Dec 2023", "D Mon YYYY", 2023, 12, 5 },
	{ "sep 30 2023", "Mon DD YYYY", 2023, 9, 30 },
	{ "2024-02-29", "ISO", 2024, 2, 29 },
	{ "2000-02-29", "ISO", 2000, 2, 29 },
	{ "0001-01-01", "ISO", 1, 1, 1 },
	{ "9999-12-31", "ISO", 9999, 12, 31 },
	{ "2024/12/31 dated", "YYYY/MM/DD dated", 2024, 12, 31 },
	/* Adjacent variable fields: greedy, but only as far as the rest
	 * still matches and the date exists. */
	{ "1112024", "MDYYYY", 2024, 11, 1 },
	{ "1312024", "MDYYYY", 2024, 1, 31 },
	{ "112024", "MDYYYY", 2024, 1, 1 },
};

START_TEST(test_date_parse_ok)
{
	pr_date got = 0;
	pr_date want = 0;
	pr_error err;
	const char *t = parse_ok[_i].text;

	pr_error_clear(&err);
	ck_assert_int_eq(pr_date_from_ymd(&want, parse_ok[_i].y,
					  parse_ok[_i].m, parse_ok[_i].d,
					  NULL),
			 PR_OK);
	ck_assert_msg(pr_date_parse(&got, t, strlen(t), parse_ok[_i].layout,
				    &err) == PR_OK,
		      "'%s' by %s: %s", t, parse_ok[_i].layout, err.msg);
	ck_assert_int_eq(got, want);
	ck_assert_int_eq(err.code, PR_OK);
}
END_TEST

/* The text need not be NUL-terminated: only len bytes are read. */
START_TEST(test_date_parse_len)
{
	static const char buf[] = "2023-01-31XYZ";
	pr_date d = 0;
	pr_date want;

	pr_date_from_ymd(&want, 2023, 1, 31, NULL);
	ck_assert_int_eq(pr_date_parse(&d, buf, 10, "ISO", NULL), PR_OK);
	ck_assert_int_eq(d, want);
	ck_assert_int_eq(pr_date_parse(&d, buf, 11, "ISO", NULL), PR_EPARSE);
	{
		char *heap = malloc(10);

		ck_assert_ptr_nonnull(heap);
		memcpy(heap, buf, 10);
		d = 0;
		ck_assert_int_eq(pr_date_parse(&d, heap, 10, "ISO", NULL),
				 PR_OK);
		ck_assert_int_eq(d, want);
		free(heap);
	}
}
END_TEST

/* ---- format ------------------------------------------------------------ */

static const struct {
	pr_date d;
	const char *text;
} formats[] = {
	{ 0, "1970-01-01" },
	{ -1, "1969-12-31" },
	{ 11017, "2000-03-01" },
	{ 19782, "2024-02-29" },
	{ -719162, "0001-01-01" },
	{ 2932896, "9999-12-31" },
	{ -682944, "0100-03-01" },
	{ -719162 - 1, "0000-00-00" },
	{ 2932896 + 1, "0000-00-00" },
	{ INT32_MIN, "0000-00-00" },
	{ INT32_MAX, "0000-00-00" },
};

START_TEST(test_date_format)
{
	char buf[16];

	memset(buf, 'x', sizeof(buf));
	pr_date_format(buf, formats[_i].d);
	ck_assert_str_eq(buf, formats[_i].text);
	ck_assert_int_eq(buf[11], 'x'); /* writes exactly 11 bytes */
}
END_TEST

/* ---- errors ------------------------------------------------------------ */

static const struct {
	const char *text;
	const char *layout;
	int code;
	const char *msg;
} parse_bad[] = {
	{ "", "ISO", PR_EPARSE, "empty date" },
	{ "   ", "ISO", PR_EPARSE, "empty date" },
	{ "2023-02-30", "ISO", PR_EPARSE, "date '2023-02-30' does not exist" },
	{ "2023-13-01", "ISO", PR_EPARSE, "date '2023-13-01' does not exist" },
	{ "2023-00-01", "ISO", PR_EPARSE, "date '2023-00-01' does not exist" },
	{ "2023-01-00", "ISO", PR_EPARSE, "date '2023-01-00' does not exist" },
	{ "2023-01-32", "ISO", PR_EPARSE, "date '2023-01-32' does not exist" },
	{ "2023-02-29", "ISO", PR_EPARSE, "date '2023-02-29' does not exist" },
	{ "1900-02-29", "ISO", PR_EPARSE, "date '1900-02-29' does not exist" },
	{ "0000-01-01", "ISO", PR_EPARSE, "date '0000-01-01' does not exist" },
	{ " 2023-02-30 ", "ISO", PR_EPARSE,
	  "date '2023-02-30' does not exist" },
	{ "31/04/2021", "DD/MM/YYYY", PR_EPARSE,
	  "date '31/04/2021' does not exist" },
	{ "13/1/2024", "M/D/YYYY", PR_EPARSE,
	  "date '13/1/2024' does not exist" },
	{ "30-Feb-24", "DD-Mon-YY", PR_EPARSE,
	  "date '30-Feb-24' does not exist" },
	{ "2023/01/01", "ISO", PR_EPARSE,
	  "date '2023/01/01' does not match layout YYYY-MM-DD" },
	{ "31.12.21", "DD.MM.YYYY", PR_EPARSE,
	  "date '31.12.21' does not match layout DD.MM.YYYY" },
	{ "2023-1-01", "ISO", PR_EPARSE,
	  "date '2023-1-01' does not match layout YYYY-MM-DD" },
	{ "2023-01-01x", "ISO", PR_EPARSE,
	  "date '2023-01-01x' does not match layout YYYY-MM-DD" },
	{ "2023-01-0", "ISO", PR_EPARSE,
	  "date '2023-01-0' does not match layout YYYY-MM-DD" },
	{ "+023-01-01", "ISO", PR_EPARSE,
	  "date '+023-01-01' does not match layout YYYY-MM-DD" },
	{ "23-Foo-15", "DD-Mon-YY", PR_EPARSE,
	  "date '23-Foo-15' does not match layout DD-Mon-YY" },
	{ "23-Ja-15", "DD-Mon-YY", PR_EPARSE,
	  "date '23-Ja-15' does not match layout DD-Mon-YY" },
	{ "23-January-15", "DD-Mon-YY", PR_EPARSE,
	  "date '23-January-15' does not match layout DD-Mon-YY" },
	{ "123/1/2024", "M/D/YYYY", PR_EPARSE,
	  "date '123/1/2024' does not match layout M/D/YYYY" },
	{ "1//2024", "M/D/YYYY", PR_EPARSE,
	  "date '1//2024' does not match layout M/D/YYYY" },
	{ "2023-01-01\t", "ISO", PR_EPARSE,
	  "date '2023-01-01\\x09' does not match layout YYYY-MM-DD" },
	{ "2023-01-31", "yyyy-mm-dd", PR_EINVALID,
	  "layout 'yyyy-mm-dd' has no year" },
	{ "2023", "XX", PR_EINVALID, "layout 'XX' has no year" },
	{ "2023-01-01-01", "YYYY-MM-DD-DD", PR_EINVALID,
	  "layout 'YYYY-MM-DD-DD' repeats the day" },
	{ "2023-01-01", "", PR_EINVALID, "empty date layout" },
	/* A bad layout is reported even when the text is empty. */
	{ "", "YYYY-MM", PR_EINVALID, "layout 'YYYY-MM' has no day" },
};

START_TEST(test_date_parse_bad)
{
	pr_date d = 4242;
	pr_error err;
	const char *t = parse_bad[_i].text;

	pr_error_clear(&err);
	err.loc.column = 99;
	err.loc.line = 7;
	ck_assert_int_eq(pr_date_parse(&d, t, strlen(t), parse_bad[_i].layout,
				       &err),
			 parse_bad[_i].code);
	ck_assert_int_eq(err.code, parse_bad[_i].code);
	ck_assert_str_eq(err.msg, parse_bad[_i].msg);
	ck_assert_int_eq(d, 4242);              /* untouched on failure */
	ck_assert_uint_eq(err.loc.column, 0);   /* the caller adds it */
	ck_assert_uint_eq(err.loc.line, 0);
	/* No error struct: same code, no crash. */
	ck_assert_int_eq(pr_date_parse(&d, t, strlen(t), parse_bad[_i].layout,
				       NULL),
			 parse_bad[_i].code);
}
END_TEST

static const struct {
	const char *layout;
	int code;
	const char *msg;
} layouts[] = {
	{ "ISO", PR_OK, "" },
	{ "YYYY-MM-DD", PR_OK, "" },
	{ "DD.MM.YYYY", PR_OK, "" },
	{ "M/D/YY", PR_OK, "" },
	{ "YYYYMMDD", PR_OK, "" },
	{ "DD-Mon-YY", PR_OK, "" },
	{ "Mon D, YYYY", PR_OK, "" },
	{ "", PR_EINVALID, "empty date layout" },
	{ "XX", PR_EINVALID, "layout 'XX' has no year" },
	{ "iso", PR_EINVALID, "layout 'iso' has no year" },
	{ "MM/DD", PR_EINVALID, "layout 'MM/DD' has no year" },
	{ "YYYY-DD", PR_EINVALID, "layout 'YYYY-DD' has no month" },
	{ "YYYY-mon-DD", PR_EINVALID, "layout 'YYYY-mon-DD' has no month" },
	{ "YYYY-MM", PR_EINVALID, "layout 'YYYY-MM' has no day" },
	{ "YYYY-MM-DD-DD", PR_EINVALID,
	  "layout 'YYYY-MM-DD-DD' repeats the day" },
	{ "D/M/YY D", PR_EINVALID, "layout 'D/M/YY D' repeats the day" },
	{ "YY-MM-DD-YYYY", PR_EINVALID,
	  "layout 'YY-MM-DD-YYYY' repeats the year" },
	{ "DD-Mon-MM-YYYY", PR_EINVALID,
	  "layout 'DD-Mon-MM-YYYY' repeats the month" },
	{ "DD\nMM\nYYYY\nDD", PR_EINVALID,
	  "layout 'DD\\x0aMM\\x0aYYYY\\x0aDD' repeats the day" },
};

START_TEST(test_date_layout_check)
{
	pr_error err;

	pr_error_clear(&err);
	ck_assert_int_eq(pr_date_layout_check(layouts[_i].layout, &err),
			 layouts[_i].code);
	ck_assert_int_eq(err.code, layouts[_i].code);
	ck_assert_str_eq(err.msg, layouts[_i].msg);
	ck_assert_int_eq(pr_date_layout_check(layouts[_i].layout, NULL),
			 layouts[_i].code);
}
END_TEST

static const struct {
	int y, m, d;
	const char *msg;
} ymd_bad[] = {
	{ 2023, 2, 30, "2023-02-30 does not exist" },
	{ 2023, 2, 29, "2023-02-29 does not exist" },
	{ 1900, 2, 29, "1900-02-29 does not exist" },
	{ 2023, 13, 1, "2023-13-01 does not exist" },
	{ 2023, 0, 1, "2023-00-01 does not exist" },
	{ 2023, 1, 0, "2023-01-00 does not exist" },
	{ 2023, 1, 32, "2023-01-32 does not exist" },
	{ 2023, 4, 31, "2023-04-31 does not exist" },
	{ 2023, -1, 1, "2023--1-01 does not exist" },
	{ 0, 1, 1, "year 0 is outside 1-9999" },
	{ -5, 1, 1, "year -5 is outside 1-9999" },
	{ 10000, 1, 1, "year 10000 is outside 1-9999" },
};

START_TEST(test_date_from_ymd_bad)
{
	pr_date d = 4242;
	pr_error err;

	pr_error_clear(&err);
	ck_assert_int_eq(pr_date_from_ymd(&d, ymd_bad[_i].y, ymd_bad[_i].m,
					  ymd_bad[_i].d, &err),
			 PR_EINVALID);
	ck_assert_int_eq(err.code, PR_EINVALID);
	ck_assert_str_eq(err.msg, ymd_bad[_i].msg);
	ck_assert_int_eq(d, 4242);
	ck_assert_int_eq(pr_date_from_ymd(&d, ymd_bad[_i].y, ymd_bad[_i].m,
					  ymd_bad[_i].d, NULL),
			 PR_EINVALID);
}
END_TEST

START_TEST(test_date_bad_args)
{
	pr_date d = 4242;
	pr_error err;

	pr_error_clear(&err);
	ck_assert_int_eq(pr_date_from_ymd(NULL, 2023, 1, 1, &err),
			 PR_EINVALID);
	ck_assert_str_eq(err.msg, "no place for the date");
	pr_error_clear(&err);
	ck_assert_int_eq(pr_date_parse(NULL, "2023-01-01", 10, "ISO", &err),
			 PR_EINVALID);
	ck_assert_str_eq(err.msg, "no date text or no place for the date");
	pr_error_clear(&err);
	ck_assert_int_eq(pr_date_parse(&d, NULL, 10, "ISO", &err),
			 PR_EINVALID);
	ck_assert_str_eq(err.msg, "no date text or no place for the date");
	pr_error_clear(&err);
	ck_assert_int_eq(pr_date_parse(&d, NULL, 0, "ISO", &err), PR_EPARSE);
	ck_assert_str_eq(err.msg, "empty date");
	pr_error_clear(&err);
	ck_assert_int_eq(pr_date_parse(&d, "2023-01-01", 10, NULL, &err),
			 PR_EINVALID);
	ck_assert_str_eq(err.msg, "no date layout");
	pr_error_clear(&err);
	ck_assert_int_eq(pr_date_layout_check(NULL, &err), PR_EINVALID);
	ck_assert_str_eq(err.msg, "no date layout");
	ck_assert_int_eq(d, 4242);
}
END_TEST

/* Long texts and layouts are cut in messages, which stay one line. */
START_TEST(test_date_long_text)
{
	static const char text[] =
		"2023-01-01 and then a great deal more text than forty bytes";
	pr_date d;
	pr_error err;

	pr_error_clear(&err);
	ck_assert_int_eq(pr_date_parse(&d, text, strlen(text), "ISO", &err),
			 PR_EPARSE);
	ck_assert_str_eq(err.msg,
			 "date '2023-01-01 and then a great deal more te...' "
			 "does not match layout YYYY-MM-DD");
}
END_TEST

/* ---- property ---------------------------------------------------------- */

/* The loops below run millions of checks. Each ck_assert records a mark
 * point through Check's pipe, which makes a loop of them take seconds, so
 * the loops test with plain conditions and call ck_abort_msg only on the
 * first failure, naming the day. */

/* splitmix64 (Steele, Lea and Flood): a fixed seed gives the same days on
 * every platform, unlike rand(). */
static uint64_t
splitmix64(uint64_t *state)
{
	uint64_t z = (*state += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static int
month_length(int y, int m)
{
	static const int common[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return common[m - 1] + (m == 2 && leap);
}

/* Whether day b is the calendar day after day a, weekday included. */
static int
is_next(pr_date a, pr_date b)
{
	int y1, m1, d1;
	int y2, m2, d2;
	int ok;

	pr_date_to_ymd(a, &y1, &m1, &d1);
	pr_date_to_ymd(b, &y2, &m2, &d2);
	if (d1 < month_length(y1, m1))
		ok = y2 == y1 && m2 == m1 && d2 == d1 + 1;
	else if (m1 < 12)
		ok = y2 == y1 && m2 == m1 + 1 && d2 == 1;
	else
		ok = y2 == y1 + 1 && m2 == 1 && d2 == 1;
	return ok && pr_date_weekday(b) == (pr_date_weekday(a) + 1) % 7;
}

/* 100,000 days drawn from the whole range: ymd and ISO text round-trip,
 * and the next day follows on the calendar and in the week. */
START_TEST(test_date_roundtrip_random)
{
	uint64_t seed = UINT64_C(20240229);
	uint64_t span = (uint64_t)((int64_t)DATE_MAX - DATE_MIN + 1);
	int lo = 0;
	int hi = 0;
	int i;

	for (i = 0; i < 100000; i++) {
		pr_date d = (pr_date)(DATE_MIN +
				      (int64_t)(splitmix64(&seed) % span));
		pr_date back = 0;
		char buf[11];
		int y, m, dd;

		pr_date_to_ymd(d, &y, &m, &dd);
		if (pr_date_from_ymd(&back, y, m, dd, NULL) != PR_OK ||
		    back != d)
			ck_abort_msg("day %d: ymd %d-%d-%d gives %d", (int)d,
				     y, m, dd, (int)back);
		pr_date_format(buf, d);
		back = 0;
		if (pr_date_parse(&back, buf, strlen(buf), "ISO", NULL) !=
			    PR_OK ||
		    back != d)
			ck_abort_msg("day %d: '%s' gives %d", (int)d, buf,
				     (int)back);
		if (d < DATE_MAX && !is_next(d, d + 1))
			ck_abort_msg("day %d: the next day is wrong", (int)d);
		lo += y < 1000;
		hi += y > 9000;
	}
	/* The draw reaches both ends of the range (about 10% each). */
	ck_assert_int_gt(lo, 5000);
	ck_assert_int_gt(hi, 5000);
}
END_TEST

/* Every day of the range once, so the edges that sampling may miss (each
 * century and 400-year boundary, the first and last day) are covered. */
/* Times of day: hh mm ss, a fraction after the seconds read and dropped,
 * and times that do not exist told apart from times of another layout. */
static const struct {
	const char *text;
	const char *layout;
	int code;
	int y, m, d;
	int32_t secs;
	const char *msg;
} times[] = {
	{ "2018-03-15T10:42:31.215Z", "YYYY-MM-DDThh:mm:ssZ", PR_OK,
	  2018, 3, 15, 38551, "" },
	{ "2018-03-15T10:42:31Z", "YYYY-MM-DDThh:mm:ssZ", PR_OK,
	  2018, 3, 15, 38551, "" },
	{ "2017-12-04 19:13:15", "YYYY-MM-DD hh:mm:ss", PR_OK,
	  2017, 12, 4, 69195, "" },
	{ "2023-03-07 07:51:43.043", "YYYY-MM-DD hh:mm:ss", PR_OK,
	  2023, 3, 7, 28303, "" },
	{ "2023-03-07 23:59:59.123456789", "YYYY-MM-DD hh:mm:ss", PR_OK,
	  2023, 3, 7, 86399, "" },
	{ "07.03.2023 00:00", "DD.MM.YYYY hh:mm", PR_OK,
	  2023, 3, 7, 0, "" },
	{ "2023-03-07", "ISO", PR_OK, 2023, 3, 7, 0, "" },
	/* the layout goes on with '.': no fraction is skipped */
	{ "2023-03-07 01:02:03.5", "YYYY-MM-DD hh:mm:ss.5", PR_OK,
	  2023, 3, 7, 3723, "" },
	{ "2023-03-07 24:00:00", "YYYY-MM-DD hh:mm:ss", PR_EPARSE,
	  0, 0, 0, 0, "date '2023-03-07 24:00:00' does not exist" },
	{ "2023-03-07 23:60:00", "YYYY-MM-DD hh:mm:ss", PR_EPARSE,
	  0, 0, 0, 0, "date '2023-03-07 23:60:00' does not exist" },
	{ "2016-12-31 23:59:60", "YYYY-MM-DD hh:mm:ss", PR_EPARSE,
	  0, 0, 0, 0, "date '2016-12-31 23:59:60' does not exist" },
	{ "2023-03-07 07:51:43.", "YYYY-MM-DD hh:mm:ss", PR_EPARSE,
	  0, 0, 0, 0, "date '2023-03-07 07:51:43.' does not match layout "
	  "YYYY-MM-DD hh:mm:ss" },
	{ "2023-03-07 07:51:43.1234567890", "YYYY-MM-DD hh:mm:ss",
	  PR_EPARSE, 0, 0, 0, 0, "date '2023-03-07 07:51:43.1234567890' "
	  "does not match layout YYYY-MM-DD hh:mm:ss" },
	{ "2023-03-07 7:51:43", "YYYY-MM-DD hh:mm:ss", PR_EPARSE,
	  0, 0, 0, 0, "date '2023-03-07 7:51:43' does not match layout "
	  "YYYY-MM-DD hh:mm:ss" },
	{ "2018-03-15T10:42:31", "YYYY-MM-DDThh:mm:ssZ", PR_EPARSE,
	  0, 0, 0, 0, "date '2018-03-15T10:42:31' does not match layout "
	  "YYYY-MM-DDThh:mm:ssZ" },
	{ "2023-03-07 10", "YYYY-MM-DD hh", PR_EINVALID,
	  0, 0, 0, 0, "layout 'YYYY-MM-DD hh' has no minute" },
	{ "2023-03-07 10:00", "YYYY-MM-DD mm:ss", PR_EINVALID,
	  0, 0, 0, 0, "layout 'YYYY-MM-DD mm:ss' has no hour" },
	{ "2023-03-07 10:00:00:00", "YYYY-MM-DD hh:mm:ss:ss", PR_EINVALID,
	  0, 0, 0, 0, "layout 'YYYY-MM-DD hh:mm:ss:ss' repeats the second" },
	/* one-digit hours, 12-hour clocks, a comma after the date */
	{ "2023-03-07 7:51:43", "YYYY-MM-DD h:mm:ss", PR_OK,
	  2023, 3, 7, 28303, "" },
	{ "2023-03-07 17:51:43", "YYYY-MM-DD h:mm:ss", PR_OK,
	  2023, 3, 7, 64303, "" },
	{ "1/5/2024, 7:00:00 AM", "M/D/YYYY, h:mm:ss AM", PR_OK,
	  2024, 1, 5, 25200, "" },
	{ "1/5/2024, 7:00:00 PM", "M/D/YYYY, h:mm:ss AM", PR_OK,
	  2024, 1, 5, 68400, "" },
	{ "12/31/2024, 12:00:01 am", "M/D/YYYY, h:mm:ss AM", PR_OK,
	  2024, 12, 31, 1, "" },
	{ "12/31/2024, 12:30:00 PM", "M/D/YYYY, h:mm:ss AM", PR_OK,
	  2024, 12, 31, 45000, "" },
	{ "1/5/2024 11:59 PM", "M/D/YYYY hh:mm AM", PR_OK,
	  2024, 1, 5, 86340, "" },
	{ "1/5/2024, 13:00:00 PM", "M/D/YYYY, h:mm:ss AM", PR_EPARSE,
	  0, 0, 0, 0, "date '1/5/2024, 13:00:00 PM' does not exist" },
	{ "1/5/2024, 0:00:00 AM", "M/D/YYYY, h:mm:ss AM", PR_EPARSE,
	  0, 0, 0, 0, "date '1/5/2024, 0:00:00 AM' does not exist" },
	{ "1/5/2024, 7:00:00 XM", "M/D/YYYY, h:mm:ss AM", PR_EPARSE,
	  0, 0, 0, 0, "date '1/5/2024, 7:00:00 XM' does not match layout "
	  "M/D/YYYY, h:mm:ss AM" },
	{ "1/5/2024 7:00:00", "M/D/YYYY h:mm:ss AM", PR_EPARSE,
	  0, 0, 0, 0, "date '1/5/2024 7:00:00' does not match layout "
	  "M/D/YYYY h:mm:ss AM" },
	{ "1/5/2024 AM", "M/D/YYYY AM", PR_EINVALID,
	  0, 0, 0, 0, "layout 'M/D/YYYY AM' has no hour" },
	{ "1/5/2024 7:00 AM AM", "M/D/YYYY h:mm AM AM", PR_EINVALID,
	  0, 0, 0, 0, "layout 'M/D/YYYY h:mm AM AM' repeats the AM/PM" },
};

START_TEST(test_date_time)
{
	pr_date d = 4242;
	pr_date want;
	int32_t secs = -1;
	pr_error err;
	const char *t = times[_i].text;

	pr_error_clear(&err);
	ck_assert_int_eq(pr_date_parse_time(&d, &secs, t, strlen(t),
					    times[_i].layout, &err),
			 times[_i].code);
	ck_assert_str_eq(err.msg, times[_i].msg);
	if (times[_i].code != PR_OK) {
		ck_assert_int_eq(d, 4242);
		return;
	}
	ck_assert_int_eq(pr_date_from_ymd(&want, times[_i].y, times[_i].m,
					  times[_i].d, NULL), PR_OK);
	ck_assert_int_eq(d, want);
	ck_assert_int_eq(secs, times[_i].secs);
	/* pr_date_parse reads the same day and drops the time */
	d = 0;
	ck_assert_int_eq(pr_date_parse(&d, t, strlen(t), times[_i].layout,
				       NULL), PR_OK);
	ck_assert_int_eq(d, want);
}
END_TEST

START_TEST(test_date_layout_has_time)
{
	pr_date d;

	ck_assert_int_eq(pr_date_layout_has_time("YYYY-MM-DDThh:mm:ssZ"), 1);
	ck_assert_int_eq(pr_date_layout_has_time("DD.MM.YYYY hh:mm"), 1);
	ck_assert_int_eq(pr_date_layout_has_time("ISO"), 0);
	ck_assert_int_eq(pr_date_layout_has_time("YYYY-MM-DD"), 0);
	ck_assert_int_eq(pr_date_layout_has_time(NULL), 0);
	ck_assert_int_eq(pr_date_parse_time(&d, NULL, "2023-01-01", 10,
					    "ISO", NULL), PR_EINVALID);
}
END_TEST

START_TEST(test_date_walk_all)
{
	pr_date d;
	pr_date back;

	ck_assert_int_eq(pr_date_weekday(DATE_MIN), 0);
	ck_assert_int_eq(pr_date_weekday(DATE_MAX), 4);
	for (d = DATE_MIN; d < DATE_MAX; d++) {
		int y, m, dd;

		if (!is_next(d, d + 1))
			ck_abort_msg("day %d: the next day is wrong", (int)d);
		pr_date_to_ymd(d, &y, &m, &dd);
		if (pr_date_from_ymd(&back, y, m, dd, NULL) != PR_OK ||
		    back != d)
			ck_abort_msg("day %d: ymd %d-%d-%d gives %d", (int)d,
				     y, m, dd, (int)back);
	}
}
END_TEST

/* ---- suite ------------------------------------------------------------- */

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static Suite *
date_suite(void)
{
	Suite *s = suite_create("date");
	TCase *tc;

	tc = tcase_create("ymd");
	tcase_add_loop_test(tc, test_date_anchor, 0, N(anchors));
	tcase_add_test(tc, test_date_month_lengths);
	tcase_add_test(tc, test_date_leap);
	tcase_add_test(tc, test_date_to_ymd_partial);
	suite_add_tcase(s, tc);

	tc = tcase_create("parse");
	tcase_add_loop_test(tc, test_date_parse_ok, 0, N(parse_ok));
	tcase_add_test(tc, test_date_parse_len);
	tcase_add_loop_test(tc, test_date_time, 0, N(times));
	tcase_add_test(tc, test_date_layout_has_time);
	suite_add_tcase(s, tc);

	tc = tcase_create("format");
	tcase_add_loop_test(tc, test_date_format, 0, N(formats));
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_loop_test(tc, test_date_parse_bad, 0, N(parse_bad));
	tcase_add_loop_test(tc, test_date_layout_check, 0, N(layouts));
	tcase_add_loop_test(tc, test_date_from_ymd_bad, 0, N(ymd_bad));
	tcase_add_test(tc, test_date_bad_args);
	tcase_add_test(tc, test_date_long_text);
	suite_add_tcase(s, tc);

	tc = tcase_create("property");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_date_roundtrip_random);
	tcase_add_test(tc, test_date_walk_all);
	suite_add_tcase(s, tc);

	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(date_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
