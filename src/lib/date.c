/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Calendar dates: day numbers in the proleptic Gregorian calendar, and a
 * strict, locale-free parser for the date layouts that bank exports use
 * (with an optional time of day, which exchange histories carry). */
#include "config.h"
#include "common.h"

#include <assert.h>
#include <string.h>

/* 0001-01-01 and 9999-12-31 as days since 1970-01-01. */
#define DATE_MIN (-719162)
#define DATE_MAX 2932896

/* Quoting buffers for messages; pr__quote needs at least 64 bytes. */
#define QUOTE_SIZE 64

/* Layout tokens, recognised left to right, longest first. */
enum tok {
	TOK_END,  /* end of the layout */
	TOK_LIT,  /* any other byte: must appear literally */
	TOK_YYYY, /* 4-digit year */
	TOK_YY,   /* 2-digit year, 69-99 -> 19xx, 00-68 -> 20xx */
	TOK_MM,   /* 2-digit month */
	TOK_M,    /* 1- or 2-digit month */
	TOK_MON,  /* English month abbreviation, any case */
	TOK_DD,   /* 2-digit day */
	TOK_D,    /* 1- or 2-digit day */
	TOK_HH,   /* 2-digit hour, 00-23 */
	TOK_H,    /* 1- or 2-digit hour: "7:00:00" */
	TOK_AMPM, /* "AM" in a layout: AM or PM (any case), 12-hour clock */
	TOK_MI,   /* "mm": 2-digit minute */
	TOK_SS    /* 2-digit second, then an optional fraction, dropped */
};

/*
 * The fields a layout may name, in message order. Year, month and day
 * are required; the time is optional, but a layout that has one names
 * the hour and the minute (seconds default to 0).
 */
enum field { F_YEAR, F_MONTH, F_DAY, F_HOUR, F_MINUTE, F_SECOND, F_AMPM,
	     F_COUNT, F_NONE = -1 };

static const char *const field_names[F_COUNT] = {
	"year", "month", "day", "hour", "minute", "second", "AM/PM"
};

/* The most digits of a fraction of a second (nanoseconds). */
#define MAX_FRACTION 9

static const char iso_layout[] = "YYYY-MM-DD";

static const char month_abbr[12][4] = {
	"jan", "feb", "mar", "apr", "may", "jun",
	"jul", "aug", "sep", "oct", "nov", "dec"
};

/*
 * Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
 * days_from_civil). The year is shifted to start in March so that the leap
 * day is the last day of its year; "era" is a 400-year cycle of exactly
 * 146097 days. The division rounds toward minus infinity by hand, so the
 * formula holds for years before 0 too. 719468 is the day number of
 * 0000-03-01. Int64 throughout: no intermediate can overflow for any int
 * year a caller of this file passes (all are already range-checked).
 */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era;
	int64_t yoe;
	int64_t doy;
	int64_t doe;

	if (m <= 2)
		y--;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/*
 * The inverse of days_from_civil (Hinnant's civil_from_days). Defined for
 * every int32 day number: z stays far inside int64, and the year of any
 * int32 day (about +-5.9 million) fits in an int.
 */
static void
civil_from_days(int64_t z, int *year, int *month, int *day)
{
	int64_t era;
	int64_t doe;
	int64_t yoe;
	int64_t doy;
	int64_t mp;
	int m;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*day = (int)(doy - (153 * mp + 2) / 5 + 1);
	*month = m;
	*year = (int)(yoe + era * 400 + (m <= 2));
}

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Whether y-m-d names a real day in years 1..9999. */
static int
ymd_exists(int y, int m, int d)
{
	static const int mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	int last;

	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
		return 0;
	last = mdays[m - 1];
	if (m == 2 && is_leap(y))
		last = 29;
	return d <= last;
}

int
pr_date_from_ymd(pr_date *out, int year, int month, int day, pr_error *err)
{
	if (out == NULL)
		return pr__error_set(err, PR_EINVALID, "no place for the date");
	if (year < 1 || year > 9999)
		return pr__error_set(err, PR_EINVALID,
				     "year %d is outside 1-9999", year);
	if (!ymd_exists(year, month, day))
		return pr__error_set(err, PR_EINVALID,
				     "%04d-%02d-%02d does not exist", year,
				     month, day);
	*out = (pr_date)days_from_civil(year, month, day);
	return PR_OK;
}

void
pr_date_to_ymd(pr_date d, int *year, int *month, int *day)
{
	int y;
	int m;
	int dd;

	civil_from_days(d, &y, &m, &dd);
	if (year != NULL)
		*year = y;
	if (month != NULL)
		*month = m;
	if (day != NULL)
		*day = dd;
}

/* Day 0 was a Thursday (3); widen first so that d + 3 cannot overflow. */
int
pr_date_weekday(pr_date d)
{
	int64_t w = ((int64_t)d + 3) % 7;

	return (int)(w < 0 ? w + 7 : w);
}

/* Write v as exactly n zero-padded decimal digits (v >= 0, fits). */
static void
put_digits(char *p, int v, int n)
{
	while (n-- > 0) {
		p[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

/*
 * Dates outside 0001-01-01..9999-12-31 cannot come from this module, but
 * a pr_date is a bare integer and may arrive damaged (from a file, say).
 * Writing a wrapped or truncated year would show a real-looking wrong
 * date in an exhibit, so those become "0000-00-00", the customary zero
 * date: same shape, but no such day, and pr_date_parse rejects it.
 */
void
pr_date_format(char *buf, pr_date d)
{
	int y;
	int m;
	int dd;

	assert(buf != NULL);
	if (d < DATE_MIN || d > DATE_MAX) {
		memcpy(buf, "0000-00-00", 11);
		return;
	}
	civil_from_days(d, &y, &m, &dd);
	put_digits(buf, y, 4);
	buf[4] = '-';
	put_digits(buf + 5, m, 2);
	buf[7] = '-';
	put_digits(buf + 8, dd, 2);
	buf[10] = '\0';
}

/*
 * Recognise the token at p and store its length in *n. Longer tokens win
 * ("YYYY" before "YY", "Mon" and "MM" before "M"), so "YYYYMMDD" reads as
 * three fields. Tokens are case-sensitive: "mon" and "yyyy" are literals.
 */
static enum tok
next_token(const char *p, size_t *n)
{
	static const struct {
		const char *text;
		enum tok tok;
	} toks[] = {
		{ "YYYY", TOK_YYYY }, { "YY", TOK_YY }, { "Mon", TOK_MON },
		{ "MM", TOK_MM },     { "M", TOK_M },   { "DD", TOK_DD },
		{ "D", TOK_D },       { "hh", TOK_HH }, { "h", TOK_H },
		{ "mm", TOK_MI },     { "ss", TOK_SS }, { "AM", TOK_AMPM }
	};
	size_t i;

	if (*p == '\0') {
		*n = 0;
		return TOK_END;
	}
	for (i = 0; i < sizeof(toks) / sizeof(toks[0]); i++) {
		size_t k = strlen(toks[i].text);

		if (strncmp(p, toks[i].text, k) == 0) {
			*n = k;
			return toks[i].tok;
		}
	}
	*n = 1;
	return TOK_LIT;
}

static enum field
field_of(enum tok t)
{
	switch (t) {
	case TOK_YYYY:
	case TOK_YY:
		return F_YEAR;
	case TOK_MM:
	case TOK_M:
	case TOK_MON:
		return F_MONTH;
	case TOK_DD:
	case TOK_D:
		return F_DAY;
	case TOK_HH:
	case TOK_H:
		return F_HOUR;
	case TOK_AMPM:
		return F_AMPM;
	case TOK_MI:
		return F_MINUTE;
	case TOK_SS:
		return F_SECOND;
	default:
		return F_NONE;
	}
}

/* "ISO" is a name for YYYY-MM-DD; any other layout stands for itself. */
static const char *
resolve_layout(const char *layout)
{
	if (layout != NULL && strcmp(layout, "ISO") == 0)
		return iso_layout;
	return layout;
}

/*
 * A layout must name the year, the month and the day, each exactly once;
 * a field named twice could disagree with itself ("2023-01-02-03" under
 * YYYY-MM-DD-DD), and a missing one cannot be guessed. A time is
 * optional, but minutes without an hour (or seconds without minutes)
 * would be a time we cannot place, so a layout with any time token names
 * the hour and the minute. Messages quote the layout as the caller wrote
 * it.
 */
static int
check_layout(const char *layout, pr_error *err)
{
	const char *lay = resolve_layout(layout);
	int seen[F_COUNT] = { 0, 0, 0, 0, 0, 0, 0 };
	char q[QUOTE_SIZE];
	const char *p;
	size_t n;
	int f;

	if (layout == NULL)
		return pr__error_set(err, PR_EINVALID, "no date layout");
	if (*layout == '\0')
		return pr__error_set(err, PR_EINVALID, "empty date layout");
	for (p = lay; *p != '\0'; p += n) {
		f = field_of(next_token(p, &n));
		if (f == F_NONE)
			continue;
		if (seen[f])
			return pr__error_set(err, PR_EINVALID,
					     "layout '%s' repeats the %s",
					     pr__quote(q, sizeof(q), layout,
						       strlen(layout)),
					     field_names[f]);
		seen[f] = 1;
	}
	for (f = 0; f < F_COUNT; f++) {
		int need = f <= F_DAY ||
			   (f == F_HOUR && (seen[F_MINUTE] ||
					    seen[F_SECOND] ||
					    seen[F_AMPM])) ||
			   (f == F_MINUTE && (seen[F_HOUR] ||
					      seen[F_SECOND]));

		if (need && !seen[f])
			return pr__error_set(err, PR_EINVALID,
					     "layout '%s' has no %s",
					     pr__quote(q, sizeof(q), layout,
						       strlen(layout)),
					     field_names[f]);
	}
	return PR_OK;
}

int
pr_date_layout_check(const char *layout, pr_error *err)
{
	return check_layout(layout, err);
}

int
pr_date_layout_has_time(const char *layout)
{
	const char *p = resolve_layout(layout);
	size_t n;

	if (p == NULL)
		return 0;
	for (; *p != '\0'; p += n)
		if (field_of(next_token(p, &n)) == F_HOUR)
			return 1;
	return 0;
}

/* State of one attempt to read a text by a layout. */
struct match {
	const char *text; /* trimmed, not NUL-terminated */
	size_t len;
	int year;
	int month;
	int day;
	int hour;    /* 0 when the layout has no time */
	int minute;
	int second;
	int ampm;    /* 0: 24-hour clock; 1: AM; 2: PM */
	int missing; /* some reading fit the layout but named no real day */
};

/* Read exactly n ASCII digits at pos into *v; 0 if they are not there. */
static int
take_digits(const struct match *m, size_t pos, int n, int *v)
{
	int acc = 0;
	int i;

	if (m->len - pos < (size_t)n)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)m->text[pos + (size_t)i];

		if (c < '0' || c > '9')
			return 0;
		acc = acc * 10 + (c - '0');
	}
	*v = acc;
	return 1;
}

/* Read a three-letter English month name at pos, ignoring ASCII case. */
static int
take_month_name(const struct match *m, size_t pos, int *v)
{
	const unsigned char *p = (const unsigned char *)m->text + pos;
	int i;
	int k;

	if (m->len - pos < 3)
		return 0;
	for (i = 0; i < 12; i++) {
		for (k = 0; k < 3; k++) {
			unsigned char c = p[k];

			if (c >= 'A' && c <= 'Z')
				c = (unsigned char)(c - 'A' + 'a');
			if (c != (unsigned char)month_abbr[i][k])
				break;
		}
		if (k == 3) {
			*v = i + 1;
			return 1;
		}
	}
	return 0;
}

static int match_from(struct match *m, const char *lp, size_t pos);

/*
 * After the seconds, exports add a fraction of their own precision
 * (".215", ".043", none at all) that the case does not keep: times are
 * stored to the second. Skip a '.' and 1 to MAX_FRACTION digits, unless
 * the layout itself goes on with a literal '.', which then must match.
 * A '.' without a digit is not a fraction and is left to fail.
 */
static size_t
skip_fraction(const struct match *m, const char *rest, size_t pos)
{
	size_t k = 0;

	if (*rest == '.' || pos >= m->len || m->text[pos] != '.')
		return pos;
	while (k < MAX_FRACTION && pos + 1 + k < m->len &&
	       m->text[pos + 1 + k] >= '0' && m->text[pos + 1 + k] <= '9')
		k++;
	return k == 0 ? pos : pos + 1 + k;
}

/*
 * A variable-width field (M, D or h): try two digits, then one, and keep
 * the first width for which the rest of the layout also matches and the
 * date exists. So "1/2/2024" reads under M/D/YYYY although "1/" is not
 * two digits, and "1312024" under MDYYYY is 2024-01-31 (13 is no month).
 * A valid layout has at most one M, one D and one h, so at most eight
 * readings are tried.
 */
static int
match_var(struct match *m, const char *rest, size_t pos, int *field)
{
	int w;
	int v;

	for (w = 2; w >= 1; w--) {
		if (!take_digits(m, pos, w, &v))
			continue;
		*field = v;
		if (match_from(m, rest, pos + (size_t)w))
			return 1;
	}
	return 0;
}

/*
 * Match the text from byte pos against the layout from lp. Returns 1 with
 * m->year, month and day set when the whole text fits and names a real
 * day. When the text fits but the day does not exist, sets m->missing so
 * that the caller can tell "2023-02-30" (no such day) from "2023/02/28"
 * (not this layout). Fixed-width tokens loop; only M and D recurse.
 */
static int
match_from(struct match *m, const char *lp, size_t pos)
{
	size_t n;
	int v;

	for (;;) {
		enum tok t = next_token(lp, &n);

		switch (t) {
		case TOK_END:
			if (pos != m->len)
				return 0;
			/* 12 AM is midnight, 12 PM noon; 0 or 13 with a
			 * marker is no time at all */
			if (m->ampm != 0 && (m->hour < 1 || m->hour > 12)) {
				m->missing = 1;
				return 0;
			}
			if (m->ampm != 0)
				m->hour = m->hour % 12 + (m->ampm == 2 ? 12 :
							  0);
			/* no leap second: the case's times are plain UTC */
			if (ymd_exists(m->year, m->month, m->day) &&
			    m->hour <= 23 && m->minute <= 59 &&
			    m->second <= 59)
				return 1;
			m->missing = 1;
			return 0;
		case TOK_LIT:
			if (pos >= m->len || m->text[pos] != *lp)
				return 0;
			pos++;
			break;
		case TOK_YYYY:
			if (!take_digits(m, pos, 4, &v))
				return 0;
			m->year = v;
			pos += 4;
			break;
		case TOK_YY:
			if (!take_digits(m, pos, 2, &v))
				return 0;
			m->year = v < 69 ? 2000 + v : 1900 + v;
			pos += 2;
			break;
		case TOK_MM:
			if (!take_digits(m, pos, 2, &v))
				return 0;
			m->month = v;
			pos += 2;
			break;
		case TOK_DD:
			if (!take_digits(m, pos, 2, &v))
				return 0;
			m->day = v;
			pos += 2;
			break;
		case TOK_MON:
			if (!take_month_name(m, pos, &v))
				return 0;
			m->month = v;
			pos += 3;
			break;
		case TOK_HH:
			if (!take_digits(m, pos, 2, &v))
				return 0;
			m->hour = v;
			pos += 2;
			break;
		case TOK_MI:
			if (!take_digits(m, pos, 2, &v))
				return 0;
			m->minute = v;
			pos += 2;
			break;
		case TOK_SS:
			if (!take_digits(m, pos, 2, &v))
				return 0;
			m->second = v;
			pos += 2;
			pos = skip_fraction(m, lp + n, pos);
			break;
		case TOK_AMPM:
			if (m->len - pos < 2 ||
			    (m->text[pos + 1] != 'M' &&
			     m->text[pos + 1] != 'm'))
				return 0;
			if (m->text[pos] == 'A' || m->text[pos] == 'a')
				m->ampm = 1;
			else if (m->text[pos] == 'P' || m->text[pos] == 'p')
				m->ampm = 2;
			else
				return 0;
			pos += 2;
			break;
		case TOK_H:
			return match_var(m, lp + n, pos, &m->hour);
		case TOK_M:
			return match_var(m, lp + n, pos, &m->month);
		case TOK_D:
			return match_var(m, lp + n, pos, &m->day);
		}
		lp += n;
	}
}

/*
 * The common body of pr_date_parse and pr_date_parse_time: trim, match,
 * and tell a text that names no real moment from one of another layout.
 */
static int
parse(pr_date *out, int32_t *secs_out, const char *text, size_t len,
      const char *layout, pr_error *err)
{
	struct match m;
	const char *lay;
	char q[QUOTE_SIZE];
	char ql[QUOTE_SIZE];
	int rc;

	if (out == NULL || (text == NULL && len > 0))
		return pr__error_set(err, PR_EINVALID,
				     "no date text or no place for the date");
	rc = check_layout(layout, err);
	if (rc != PR_OK)
		return rc;
	lay = resolve_layout(layout);
	while (len > 0 && text[0] == ' ') {
		text++;
		len--;
	}
	while (len > 0 && text[len - 1] == ' ')
		len--;
	if (len == 0)
		return pr__error_set(err, PR_EPARSE, "empty date");

	memset(&m, 0, sizeof(m));
	m.text = text;
	m.len = len;
	if (match_from(&m, lay, 0)) {
		*out = (pr_date)days_from_civil(m.year, m.month, m.day);
		if (secs_out != NULL)
			*secs_out = (int32_t)(m.hour * 3600 + m.minute * 60 +
					      m.second);
		return PR_OK;
	}
	pr__quote(q, sizeof(q), text, len);
	if (m.missing)
		return pr__error_set(err, PR_EPARSE,
				     "date '%s' does not exist", q);
	return pr__error_set(err, PR_EPARSE,
			     "date '%s' does not match layout %s", q,
			     pr__quote(ql, sizeof(ql), lay, strlen(lay)));
}

int
pr_date_parse(pr_date *out, const char *text, size_t len, const char *layout,
	      pr_error *err)
{
	return parse(out, NULL, text, len, layout, err);
}

int
pr_date_parse_time(pr_date *out, int32_t *secs_out, const char *text,
		   size_t len, const char *layout, pr_error *err)
{
	if (secs_out == NULL)
		return pr__error_set(err, PR_EINVALID, "no place for the time");
	return parse(out, secs_out, text, len, layout, err);
}
