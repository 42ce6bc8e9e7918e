/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Calendar dates (and UTC times of day): exact, proleptic Gregorian, no
 * time zones, no locale. */
#ifndef PROCEEDS_DATE_H
#define PROCEEDS_DATE_H

#include "common.h"

/**
 * Days since 1970-01-01 (negative before it), proleptic Gregorian.
 * Valid dates run from 0001-01-01 (-719162) to 9999-12-31 (2932896).
 */
typedef int32_t pr_date;

/**
 * Make a date from year, month (1-12) and day. Impossible dates
 * (2023-02-30, month 13) and years outside 1-9999 give PR_EINVALID, with
 * the message "2023-02-30 does not exist" or "year 0 is outside 1-9999".
 * February 29 exists in leap years only (2000 and 2024, not 1900 or 2023).
 *
 * @param out [out] the date (set only on success; must not be NULL)
 * @return PR_OK or PR_EINVALID
 */
PR_EXTERN int pr_date_from_ymd(pr_date *out, int year, int month, int day,
			       pr_error *err);

/**
 * Split a date into year, month and day. Any of the outputs may be NULL.
 * Total over int32: days outside the valid range give years outside
 * 1-9999 (year 0, negative years) on the same proleptic calendar.
 */
PR_EXTERN void pr_date_to_ymd(pr_date d, int *year, int *month, int *day);

/** Day of the week: 0 Monday … 6 Sunday (1970-01-01 is 3, Thursday). */
PR_EXTERN int pr_date_weekday(pr_date d);

/**
 * Parse a date by a layout. Layout tokens: YYYY (4 digits), YY (2 digits:
 * 69-99 are 1969-1999, 00-68 are 2000-2068), MM and DD (2 digits), M and D
 * (1 or 2 digits), Mon (Jan … Dec, any case), and for a time of day hh
 * (00-23), h (1 or 2 digits), mm (00-59) and ss (00-59, optionally
 * followed in the text by a fraction: '.' and 1 to 9 digits, read and
 * dropped, unless the layout itself goes on with '.'), and AM (AM or PM in
 * the text, any case: the hour is then 1-12 on a 12-hour clock, 12 AM
 * being midnight: "M/D/YYYY, h:mm:ss AM" reads "1/5/2024, 7:00:00 PM"
 * as 19:00). A time in the layout is checked and then
 * ignored here; pr_date_parse_time returns it. Any other layout character
 * must appear literally. "ISO" (the whole layout) means YYYY-MM-DD. Tokens
 * are case-sensitive and the longest wins ("YYYYMMDD" is three fields).
 * Leading and trailing ASCII spaces are trimmed from the text; the rest
 * must match entirely. M and D take two digits where that still lets the
 * rest of the text match and the date exist, else one ("1/2/2024" under
 * M/D/YYYY). Only ASCII digits count; there is no sign and no locale.
 *
 * Messages (err->loc is cleared; the caller adds the position):
 * "empty date", "date '2023-02-30' does not exist",
 * "date '2023/01/01' does not match layout YYYY-MM-DD" (an "ISO" layout
 * is shown as YYYY-MM-DD), and those of pr_date_layout_check. The text
 * is quoted after trimming, cut at 40 bytes, with control bytes escaped.
 *
 * @param out    [out] the date (set only on success)
 * @param text   need not be NUL-terminated; may be NULL only if len is 0
 * @param len    its length in bytes
 * @param layout e.g. "DD.MM.YYYY", "M/D/YY", "YYYYMMDD", "DD-Mon-YY"
 * @param err    on PR_EPARSE, msg quotes the text and says what is wrong
 * @return PR_OK, PR_EPARSE for text that does not match or a date that does
 *         not exist, PR_EINVALID for a bad layout or a NULL argument (the
 *         layout is checked before the text)
 */
PR_EXTERN int pr_date_parse(pr_date *out, const char *text, size_t len,
			    const char *layout, pr_error *err);

/**
 * Check that @p layout is one pr_date_parse understands: it must name the
 * year, the month and the day, each exactly once. A time is optional; a
 * layout with hh, mm or ss must name the hour and the minute, each once
 * (the seconds default to 0).
 *
 * @return PR_OK, or PR_EINVALID with "empty date layout", "no date layout"
 *         (NULL), "layout 'XX' has no year" (or month, day; hour, minute
 *         when the layout has a time) or "layout 'YYYY-MM-DD-DD' repeats
 *         the day" (or year, month, hour, minute, second)
 */
PR_EXTERN int pr_date_layout_check(const char *layout, pr_error *err);

/**
 * Whether @p layout reads a time of day (names the hour). 0 for NULL.
 */
PR_EXTERN int pr_date_layout_has_time(const char *layout);

/**
 * Parse a date and a time of day by a layout, as pr_date_parse does
 * (same tokens, trimming and messages). Times are taken as written: no
 * time zone is applied, so a caller that stores UTC must know the text
 * is UTC. Hour 24 and second 60 do not exist.
 *
 * @param out      [out] the date (set only on success)
 * @param secs_out [out] seconds since midnight, 0-86399 (0 when the
 *                 layout has no time); must not be NULL
 * @return PR_OK, PR_EPARSE or PR_EINVALID as pr_date_parse
 */
PR_EXTERN int pr_date_parse_time(pr_date *out, int32_t *secs_out,
				 const char *text, size_t len,
				 const char *layout, pr_error *err);

/**
 * Write @p d as YYYY-MM-DD and a NUL into @p buf (at least 11 bytes).
 * A day outside 0001-01-01..9999-12-31 is written as "0000-00-00", which
 * names no day, rather than as a plausible wrong date.
 */
PR_EXTERN void pr_date_format(char *buf, pr_date d);

#endif
