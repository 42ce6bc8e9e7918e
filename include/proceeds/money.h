/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Exact money: currencies, decimal text, apportionment and rates.
 * GMP aborts the process when it runs out of memory; the library leaves
 * GMP's memory functions alone. */
#ifndef PROCEEDS_MONEY_H
#define PROCEEDS_MONEY_H

#include <gmp.h>
#include "common.h"

/** A currency or chain asset and its number of minor-unit decimals. */
typedef struct pr_currency {
	const char *code;  /**< "USD", "BTC", "ETH" */
	unsigned minor;    /**< decimals of the smallest unit: USD 2, BTC 8 */
	const char *name;
} pr_currency;

/**
 * Look up a currency by code (ASCII, case-sensitive, e.g. "EUR").
 * The table holds the ISO 4217 currencies with minor units (no metals or
 * XXX) and the chain assets BCH, BTC, DAI, ETH, LTC, SOL, TRX, USDC, USDT,
 * XMR and XRP. Returns a pointer into a static table, or NULL if unknown
 * or @p code is NULL.
 */
PR_EXTERN const pr_currency *pr_currency_find(const char *code);

/** Number of entries in the currency table and the i-th (sorted by code;
 *  NULL when @p i is out of range). */
PR_EXTERN size_t pr_currency_count(void);
PR_EXTERN const pr_currency *pr_currency_at(size_t i);

/** What to do with more decimals than the currency has. */
typedef enum pr_excess {
	PR_EXCESS_REJECT = 0, /**< an error (the default) */
	PR_EXCESS_ZEROS       /**< allowed only when the extra digits are 0 */
} pr_excess;

/** How a source writes amounts. Transparent; start from PR_MONEY_STYLE_INIT. */
typedef struct pr_money_style {
	char decimal;    /**< '.' or ',' */
	char thousands;  /**< 0 for none, or ',', '.', '\'' or ' ' */
	pr_excess excess;
} pr_money_style;

#define PR_MONEY_STYLE_INIT { '.', ',', PR_EXCESS_REJECT }

/**
 * Parse decimal text into an exact count of minor units.
 *
 * Accepts an optional sign ('-' or '+', before or after a currency symbol,
 * spaces allowed after it: "-$7,971.39", "+ $73.01", "$-5.00"), a negative
 * in parentheses "(12.00)", one currency symbol ($ € £ ¥ in UTF-8; before
 * the amount, or after it with or without a space: "4.093,32 €"), digits
 * with thousands separators as @p style declares (a first group of 1-3
 * digits, then groups of exactly 3, in the integer part only; digits
 * without any separator are fine too), and at most @p minor decimals
 * (fewer are fine: "0.5" is 50 cents). Spaces and tabs around the text
 * are ignored. Rejects exponents, NaN and infinities, misplaced
 * separators, two signs, unbalanced parentheses, a decimal separator
 * without a digit on each side (".50", "5."), empty text and anything
 * else. Locale-independent; never reads past @p len.
 *
 * @param out    [out] the amount in minor units (set only on success)
 * @param text   the text, need not be NUL-terminated
 * @param len    its length in bytes
 * @param minor  decimals of the currency
 * @param style  separators, or NULL for PR_MONEY_STYLE_INIT
 * @param err    on PR_EPARSE, msg says what is wrong, quoting the text
 *               ("amount '12.345' has 3 decimals; at most 2 allowed");
 *               err->loc is cleared, so the caller adds the location
 * @return PR_OK, PR_EPARSE, or PR_EINVALID for a NULL @p out, a NULL
 *         @p text with @p len > 0, or a style not listed above
 */
PR_EXTERN int pr_money_parse(mpz_t out, const char *text, size_t len,
			     unsigned minor, const pr_money_style *style,
			     pr_error *err);

/** Flags for pr_money_format. */
enum {
	PR_FMT_PLAIN = 0,  /**< "-1234.56": canonical, for CSV and JSON */
	PR_FMT_GROUP = 1   /**< "-1,234.56": thousands grouped, for tables */
};

/**
 * Write @p units (minor units with @p minor decimals) as decimal text with
 * exactly @p minor decimals and no decimal point when @p minor is 0: "-" for
 * a negative, "0.05", "-1234", "1,234.56" with PR_FMT_GROUP (always ','
 * and '.', whatever the source's style). pr_money_parse with the default
 * style reads every output back exactly. Like snprintf: returns the length
 * needed (excluding the NUL) and writes at most @p size bytes,
 * NUL-terminated when @p size > 0; @p buf may be NULL when @p size is 0.
 */
PR_EXTERN size_t pr_money_format(char *buf, size_t size, const mpz_t units,
				 unsigned minor, int flags);

/**
 * Split @p whole into @p n parts in proportion to @p weights by the largest
 * remainder method: each part gets the floor of its exact share, then the
 * units left over go one each to the largest remainders, ties to the lower
 * index (callers order their parts by a stable key). The parts always sum
 * to @p whole, each is within one unit of its exact share, and a zero
 * weight gets 0; a negative whole is split as its magnitude and negated.
 * Example: 100 by 1/1/1 gives 34/33/33.
 *
 * @param parts    [out] n initialised mpz_t, written only on success; they
 *                 may alias @p whole or the weights
 * @param whole    the amount to split
 * @param weights  n weights, each >= 0, not all 0
 * @return PR_OK; PR_EINVALID for a negative weight, all-zero weights,
 *         n == 0 or a NULL argument; PR_ENOMEM
 */
PR_EXTERN int pr_apportion(mpz_t *parts, const mpz_t whole,
			   const mpz_t *weights, size_t n, pr_error *err);

/**
 * Parse an exact rate: a decimal ("1.0834", "-0.5") or a fraction
 * ("13/12", "-1/2"), with an optional sign in front and spaces or tabs
 * around. The denominator of a fraction is digits only. Rejects exponents,
 * zero denominators, separators, ".5", "5." and anything else.
 *
 * @param out   [out] the rate in canonical form (set only on success)
 * @param text  NUL-terminated
 * @param err   on PR_EPARSE, msg quotes the text ("rate '1/0' has a zero
 *              denominator")
 * @return PR_OK, PR_EPARSE, or PR_EINVALID for a NULL argument
 */
PR_EXTERN int pr_rate_parse(mpq_t out, const char *text, pr_error *err);

/** Rounding of an exact value to whole minor units. */
typedef enum pr_round {
	PR_ROUND_HALF_UP = 0, /**< half away from zero (the default) */
	PR_ROUND_HALF_EVEN,
	PR_ROUND_DOWN         /**< toward zero */
} pr_round;

/**
 * Convert @p units (with @p from_minor decimals) at @p rate into units of a
 * currency with @p to_minor decimals, rounding once by @p mode:
 * out = round(units * rate * 10^to_minor / 10^from_minor). Example: 10000
 * cents at 0.9123 gives 9123. @p out may alias @p units. @p rate must
 * have a nonzero denominator (one from pr_rate_parse does); an unknown
 * @p mode rounds half up.
 */
PR_EXTERN void pr_money_convert(mpz_t out, const mpz_t units,
				unsigned from_minor, const mpq_t rate,
				unsigned to_minor, pr_round mode);

#endif
