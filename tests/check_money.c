/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of money.c: the currency table, decimal text in and out,
 * apportionment by largest remainder and exact rate conversion. */
#include "config.h"
#include "common.h"

#include <check.h>
#include <gmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

static const pr_money_style US = { '.', ',', PR_EXCESS_REJECT };
static const pr_money_style EU = { ',', '.', PR_EXCESS_REJECT };
static const pr_money_style CH = { '.', '\'', PR_EXCESS_REJECT };
static const pr_money_style FR = { ',', ' ', PR_EXCESS_REJECT };
static const pr_money_style BARE = { '.', 0, PR_EXCESS_REJECT };
static const pr_money_style ZEROS = { '.', ',', PR_EXCESS_ZEROS };

/* Fail unless got equals the decimal integer want. */
static void
assert_mpz_eq(const mpz_t got, const char *want, const char *what)
{
	mpz_t w;
	char gs[128];

	mpz_init(w);
	ck_assert_int_eq(mpz_set_str(w, want, 10), 0);
	gmp_snprintf(gs, sizeof(gs), "%Zd", got);
	ck_assert_msg(mpz_cmp(got, w) == 0, "%s: got %s, want %s", what, gs,
		      want);
	mpz_clear(w);
}

/* ---------------------------------------------------------------- */
/* currency */

static const struct {
	const char *code;
	unsigned minor;
} currency_cases[] = {
	{ "AUD", 2 }, { "BCH", 8 }, { "BHD", 3 }, { "BIF", 0 },
	{ "BRL", 2 }, { "BTC", 8 }, { "CAD", 2 }, { "CHF", 2 },
	{ "CLF", 4 }, { "CLP", 0 }, { "CNY", 2 }, { "DAI", 18 },
	{ "DJF", 0 }, { "ETH", 18 }, { "EUR", 2 }, { "GBP", 2 },
	{ "GNF", 0 }, { "HUF", 2 }, { "IDR", 2 }, { "INR", 2 },
	{ "IQD", 3 }, { "ISK", 0 }, { "JOD", 3 }, { "JPY", 0 },
	{ "KMF", 0 }, { "KRW", 0 }, { "KWD", 3 }, { "LTC", 8 },
	{ "LYD", 3 }, { "MXN", 2 }, { "OMR", 3 }, { "PYG", 0 },
	{ "RWF", 0 }, { "SOL", 9 }, { "TND", 3 }, { "TRX", 6 },
	{ "UGX", 0 }, { "USD", 2 }, { "USDC", 6 }, { "USDT", 6 },
	{ "UYI", 0 }, { "UYW", 4 }, { "VND", 0 }, { "VUV", 0 },
	{ "XAF", 0 }, { "XMR", 12 }, { "XOF", 0 }, { "XPF", 0 },
	{ "XRP", 6 }, { "ZAR", 2 }
};

START_TEST(test_money_currency_minor)
{
	const pr_currency *c = pr_currency_find(currency_cases[_i].code);

	ck_assert_msg(c != NULL, "%s not found", currency_cases[_i].code);
	ck_assert_str_eq(c->code, currency_cases[_i].code);
	ck_assert_msg(c->minor == currency_cases[_i].minor,
		      "%s: minor %u, want %u", c->code, c->minor,
		      currency_cases[_i].minor);
	ck_assert(c->name != NULL && c->name[0] != '\0');
}
END_TEST

START_TEST(test_money_currency_sorted)
{
	size_t n = pr_currency_count();
	size_t i;

	ck_assert_uint_ge(n, 150);
	for (i = 0; i < n; i++) {
		const pr_currency *c = pr_currency_at(i);
		size_t len;
		size_t k;

		ck_assert_ptr_nonnull(c);
		len = strlen(c->code);
		ck_assert_msg(len == 3 || len == 4, "code '%s'", c->code);
		for (k = 0; k < len; k++)
			ck_assert(c->code[k] >= 'A' && c->code[k] <= 'Z');
		ck_assert(c->name != NULL && c->name[0] != '\0');
		ck_assert_uint_le(c->minor, 18);
		ck_assert_ptr_eq(pr_currency_find(c->code), c);
		if (i > 0)
			ck_assert_msg(strcmp(pr_currency_at(i - 1)->code,
					     c->code) < 0,
				      "%s is not after %s", c->code,
				      pr_currency_at(i - 1)->code);
	}
	ck_assert_ptr_null(pr_currency_at(n));
}
END_TEST

START_TEST(test_money_currency_unknown)
{
	ck_assert_ptr_null(pr_currency_find("usd"));
	ck_assert_ptr_null(pr_currency_find(""));
	ck_assert_ptr_null(pr_currency_find("XXX"));
	ck_assert_ptr_null(pr_currency_find("XAU"));
	ck_assert_ptr_null(pr_currency_find("USDX"));
	ck_assert_ptr_null(pr_currency_find("US"));
	ck_assert_ptr_null(pr_currency_find("AAA"));
	ck_assert_ptr_null(pr_currency_find("ZZZ"));
	ck_assert_ptr_null(pr_currency_find(NULL));
	ck_assert_str_eq(pr_currency_find("EUR")->name, "Euro");
}
END_TEST

/* ---------------------------------------------------------------- */
/* parse */

struct parse_case {
	const char *text;
	unsigned minor;
	const pr_money_style *style; /* NULL: PR_MONEY_STYLE_INIT */
	const char *want;            /* minor units, or the message */
};

static const struct parse_case parse_ok[] = {
	{ "1234.56", 2, NULL, "123456" },
	{ "-1234.56", 2, NULL, "-123456" },
	{ "+1234.56", 2, NULL, "123456" },
	{ "1,234.56", 2, NULL, "123456" },
	{ "1,234.56", 2, &US, "123456" },
	{ "(12.00)", 2, NULL, "-1200" },
	{ "($1,234.56)", 2, NULL, "-123456" },
	{ "-$7,971.39", 2, NULL, "-797139" },
	{ "$6,000.36", 2, NULL, "600036" },
	{ "+ $73.01", 2, NULL, "7301" },
	{ "- 5.00", 2, NULL, "-500" },
	{ "$-5.00", 2, NULL, "-500" },
	{ "$ 5.00", 2, NULL, "500" },
	{ "1.234,56", 2, &EU, "123456" },
	{ "-\xe2\x82\xac" "1.234,56", 2, &EU, "-123456" },
	{ "11'373.94", 2, &CH, "1137394" },
	{ "1'234'567.89", 2, &CH, "123456789" },
	{ "1 234,56", 2, &FR, "123456" },
	{ "1 234 567,89", 2, &FR, "123456789" },
	{ "\xc2\xa3" "0.01", 2, NULL, "1" },
	{ "\xc2\xa5" "1,000", 0, NULL, "1000" },
	{ "0.5", 2, NULL, "50" },
	{ "12", 2, NULL, "1200" },
	{ "12", 0, NULL, "12" },
	{ "0", 2, NULL, "0" },
	{ "-0.00", 2, NULL, "0" },
	{ "007.50", 2, NULL, "750" },
	{ "1234567.00", 2, NULL, "123456700" },
	{ "1234567.00", 2, &BARE, "123456700" },
	{ "999", 3, NULL, "999000" },
	{ "1,234,567.891", 3, NULL, "1234567891" },
	{ "  12.30  ", 2, NULL, "1230" },
	{ "\t7\t", 2, NULL, "700" },
	{ "12.340", 2, &ZEROS, "1234" },
	{ "12.000", 0, &ZEROS, "12" },
	{ "12.3", 2, &ZEROS, "1230" },
	{ "1.5", 8, NULL, "150000000" },
	{ "0.00000001", 8, NULL, "1" },
	{ "0.1", 18, NULL, "100000000000000000" },
	{ "-0.000000000000000001", 18, NULL, "-1" },
	{ "123456789012345678901234567890.123456789012345678", 18, NULL,
	  "123456789012345678901234567890123456789012345678" },
	{ "-123,456,789,012,345,678,901,234,567,890.5", 18, NULL,
	  "-123456789012345678901234567890500000000000000000" },
	{ "12345678901234567890", 0, NULL, "12345678901234567890" },
	/* the symbol after the amount, as European exports write it */
	{ "4.093,32 \xe2\x82\xac", 2, &EU, "409332" },
	{ "-4,00 \xe2\x82\xac", 2, &EU, "-400" },
	{ "-4,00\xe2\x82\xac", 2, &EU, "-400" },
	{ "\xe2\x82\xac 12,00", 2, &EU, "1200" },
	{ "4 093,32 \xe2\x82\xac", 2, &FR, "409332" },
	{ "(12.00) $", 2, NULL, "-1200" }
};

START_TEST(test_money_parse_ok)
{
	const struct parse_case *c = &parse_ok[_i];
	pr_error err;
	mpz_t x;
	int rc;

	mpz_init_set_si(x, 4242);
	pr_error_clear(&err);
	rc = pr_money_parse(x, c->text, strlen(c->text), c->minor, c->style,
			    &err);
	ck_assert_msg(rc == PR_OK, "'%s': %d %s", c->text, rc, err.msg);
	assert_mpz_eq(x, c->want, c->text);
	mpz_clear(x);
}
END_TEST

static const struct parse_case parse_bad[] = {
	{ "", 2, NULL, "empty amount" },
	{ "\xe2\x82\xac 4,00 \xe2\x82\xac", 2, &EU,
	  "amount '\xe2\x82\xac 4,00 \xe2\x82\xac' is not a decimal number" },
	{ "4,00 \xe2\x82\xac x", 2, &EU,
	  "amount '4,00 \xe2\x82\xac x' is not a decimal number" },
	{ "   ", 2, NULL, "empty amount" },
	{ "\t", 2, NULL, "empty amount" },
	{ "1e5", 2, NULL, "amount '1e5' has an exponent" },
	{ "1E5", 2, NULL, "amount '1E5' has an exponent" },
	{ "1.5e+3", 2, NULL, "amount '1.5e+3' has an exponent" },
	{ "-2e-2", 2, NULL, "amount '-2e-2' has an exponent" },
	{ "NaN", 2, NULL, "amount 'NaN' is not a number" },
	{ "nan", 2, NULL, "amount 'nan' is not a number" },
	{ "inf", 2, NULL, "amount 'inf' is not a number" },
	{ "-inf", 2, NULL, "amount '-inf' is not a number" },
	{ "Infinity", 2, NULL, "amount 'Infinity' is not a number" },
	{ "12.345", 2, NULL,
	  "amount '12.345' has 3 decimals; at most 2 allowed" },
	{ "12.345", 2, &ZEROS,
	  "amount '12.345' has 3 decimals; at most 2 allowed" },
	{ "12.3401", 2, &ZEROS,
	  "amount '12.3401' has 4 decimals; at most 2 allowed" },
	{ "12.340", 2, NULL,
	  "amount '12.340' has 3 decimals; at most 2 allowed" },
	{ "12.5", 0, NULL, "amount '12.5' has 1 decimal; none allowed" },
	{ "12.50", 0, NULL, "amount '12.50' has 2 decimals; none allowed" },
	{ "0.123456789", 8, NULL,
	  "amount '0.123456789' has 9 decimals; at most 8 allowed" },
	{ "1,23.00", 2, NULL,
	  "amount '1,23.00' has a misplaced thousands separator" },
	{ "12,34,567.00", 2, NULL,
	  "amount '12,34,567.00' has a misplaced thousands separator" },
	{ "1,,234", 2, NULL,
	  "amount '1,,234' has a misplaced thousands separator" },
	{ ",123", 2, NULL,
	  "amount ',123' has a misplaced thousands separator" },
	{ "1234,567", 2, NULL,
	  "amount '1234,567' has a misplaced thousands separator" },
	{ "1,234,5678", 2, NULL,
	  "amount '1,234,5678' has a misplaced thousands separator" },
	{ "1,", 2, NULL, "amount '1,' has a misplaced thousands separator" },
	{ "12,5", 2, &US,
	  "amount '12,5' has a misplaced thousands separator" },
	{ "1.234,56", 2, &US,
	  "amount '1.234,56' has a misplaced thousands separator" },
	{ "1,234.56", 2, &EU,
	  "amount '1,234.56' has a misplaced thousands separator" },
	{ "1.23", 2, &EU,
	  "amount '1.23' has a misplaced thousands separator" },
	{ "1,234.56", 2, &BARE,
	  "amount '1,234.56' has a thousands separator; none allowed" },
	{ "1'234.56", 2, &BARE,
	  "amount '1'234.56' has a thousands separator; none allowed" },
	{ "--5", 2, NULL, "amount '--5' has more than one sign" },
	{ "-(5.00)", 2, NULL, "amount '-(5.00)' has more than one sign" },
	{ "+-5", 2, NULL, "amount '+-5' has more than one sign" },
	{ "(-5)", 2, NULL, "amount '(-5)' has more than one sign" },
	{ "-$-5", 2, NULL, "amount '-$-5' has more than one sign" },
	{ "(12.00", 2, NULL, "amount '(12.00' has an unbalanced parenthesis" },
	{ "12.00)", 2, NULL, "amount '12.00)' has an unbalanced parenthesis" },
	{ "(12))", 2, NULL, "amount '(12))' has an unbalanced parenthesis" },
	{ "12a", 2, NULL, "amount '12a' is not a decimal number" },
	{ "1.2.3", 2, NULL, "amount '1.2.3' is not a decimal number" },
	{ "12 34", 2, NULL, "amount '12 34' is not a decimal number" },
	{ "12 34", 2, &CH, "amount '12 34' is not a decimal number" },
	{ "1 234,56", 2, &EU, "amount '1 234,56' is not a decimal number" },
	{ "abc", 2, NULL, "amount 'abc' is not a decimal number" },
	{ "$$5", 2, NULL, "amount '$$5' is not a decimal number" },
	{ "5-", 2, NULL, "amount '5-' is not a decimal number" },
	{ "5 USD", 2, NULL, "amount '5 USD' is not a decimal number" },
	{ "0x10", 2, NULL, "amount '0x10' is not a decimal number" },
	{ "1e", 2, NULL, "amount '1e' is not a decimal number" },
	{ "\xef\xbc\x91", 2, NULL,
	  "amount '\xef\xbc\x91' is not a decimal number" },
	{ "12\x01", 2, NULL, "amount '12\\x01' is not a decimal number" },
	{ ".50", 2, NULL,
	  "amount '.50' has no digit before the decimal separator" },
	{ "-.5", 2, NULL,
	  "amount '-.5' has no digit before the decimal separator" },
	{ "5.", 2, NULL,
	  "amount '5.' has no digit after the decimal separator" },
	{ "(5.)", 2, NULL,
	  "amount '(5.)' has no digit after the decimal separator" },
	{ "-", 2, NULL, "amount '-' has no digits" },
	{ "$", 2, NULL, "amount '$' has no digits" },
	{ "(", 2, NULL, "amount '(' has no digits" }
};

START_TEST(test_money_parse_bad)
{
	const struct parse_case *c = &parse_bad[_i];
	pr_error err;
	mpz_t x;
	int rc;

	mpz_init_set_si(x, 4242);
	pr_error_clear(&err);
	rc = pr_money_parse(x, c->text, strlen(c->text), c->minor, c->style,
			    &err);
	ck_assert_msg(rc == PR_EPARSE, "'%s': got %d, want PR_EPARSE",
		      c->text, rc);
	ck_assert_int_eq(err.code, PR_EPARSE);
	ck_assert_str_eq(err.msg, c->want);
	ck_assert_uint_eq(err.loc.column, 0);
	/* out is untouched when parsing fails */
	assert_mpz_eq(x, "4242", c->text);
	mpz_clear(x);
}
END_TEST

/* The text need not be NUL-terminated: only len bytes count. */
START_TEST(test_money_parse_len)
{
	static const char text[] = "12.34xyz(12.00)";
	pr_error err;
	mpz_t x;

	mpz_init(x);
	ck_assert_int_eq(pr_money_parse(x, text, 5, 2, NULL, &err), PR_OK);
	assert_mpz_eq(x, "1234", "first five bytes");
	ck_assert_int_eq(pr_money_parse(x, text + 8, 6, 2, NULL, &err),
			 PR_EPARSE);
	ck_assert_str_eq(err.msg,
			 "amount '(12.00' has an unbalanced parenthesis");
	ck_assert_int_eq(pr_money_parse(x, text + 8, 7, 2, NULL, &err), PR_OK);
	assert_mpz_eq(x, "-1200", "parenthesised");
	ck_assert_int_eq(pr_money_parse(x, text, 0, 2, NULL, &err),
			 PR_EPARSE);
	ck_assert_str_eq(err.msg, "empty amount");
	mpz_clear(x);
}
END_TEST

/* ---------------------------------------------------------------- */
/* format */

struct format_case {
	const char *units;
	unsigned minor;
	int flags;
	const char *want;
};

static const struct format_case format_cases[] = {
	{ "-123456", 2, PR_FMT_PLAIN, "-1234.56" },
	{ "123456", 2, PR_FMT_PLAIN, "1234.56" },
	{ "-1234", 0, PR_FMT_PLAIN, "-1234" },
	{ "0", 0, PR_FMT_PLAIN, "0" },
	{ "0", 2, PR_FMT_PLAIN, "0.00" },
	{ "5", 2, PR_FMT_PLAIN, "0.05" },
	{ "-5", 2, PR_FMT_PLAIN, "-0.05" },
	{ "100", 2, PR_FMT_PLAIN, "1.00" },
	{ "-100", 3, PR_FMT_PLAIN, "-0.100" },
	{ "1", 8, PR_FMT_PLAIN, "0.00000001" },
	{ "1", 18, PR_FMT_PLAIN, "0.000000000000000001" },
	{ "-123456789", 2, PR_FMT_GROUP, "-1,234,567.89" },
	{ "123", 2, PR_FMT_GROUP, "1.23" },
	{ "99999", 2, PR_FMT_GROUP, "999.99" },
	{ "100000", 2, PR_FMT_GROUP, "1,000.00" },
	{ "1234567", 0, PR_FMT_GROUP, "1,234,567" },
	{ "-123456", 0, PR_FMT_GROUP, "-123,456" },
	{ "0", 2, PR_FMT_GROUP, "0.00" },
	{ "123456789012345678901234567890123456789012345678", 18,
	  PR_FMT_PLAIN, "123456789012345678901234567890.123456789012345678" },
	{ "-123456789012345678901234567890123456789012345678", 18,
	  PR_FMT_GROUP,
	  "-123,456,789,012,345,678,901,234,567,890.123456789012345678" },
	/* longer than the stack buffer: GMP allocates the digits */
	{ "1234567890123456789012345678901234567890"
	  "1234567890123456789012345678901234567890", 2, PR_FMT_PLAIN,
	  "1234567890123456789012345678901234567890"
	  "12345678901234567890123456789012345678.90" }
};

START_TEST(test_money_format)
{
	const struct format_case *c = &format_cases[_i];
	char buf[256];
	size_t n;
	mpz_t x;

	mpz_init_set_str(x, c->units, 10);
	memset(buf, 'X', sizeof(buf));
	n = pr_money_format(buf, sizeof(buf), x, c->minor, c->flags);
	ck_assert_str_eq(buf, c->want);
	ck_assert_uint_eq(n, strlen(c->want));
	ck_assert_uint_eq(pr_money_format(NULL, 0, x, c->minor, c->flags), n);
	mpz_clear(x);
}
END_TEST

/* snprintf semantics: the length needed comes back whatever the size,
 * nothing is written past size, and the text is NUL-terminated. */
START_TEST(test_money_format_truncate)
{
	static const char full[] = "-1,234,567.89";
	char buf[32];
	size_t size;
	mpz_t x;

	mpz_init_set_si(x, -123456789);
	for (size = 0; size <= sizeof(full) + 2; size++) {
		memset(buf, 'X', sizeof(buf));
		ck_assert_uint_eq(pr_money_format(buf, size, x, 2,
						  PR_FMT_GROUP),
				  strlen(full));
		if (size == 0) {
			ck_assert_int_eq(buf[0], 'X');
			continue;
		}
		ck_assert_uint_eq(strlen(buf),
				  size - 1 < strlen(full) ? size - 1
							  : strlen(full));
		ck_assert(strncmp(buf, full, strlen(buf)) == 0);
		ck_assert_int_eq(buf[size], 'X');
	}
	ck_assert_uint_eq(pr_money_format(NULL, 0, x, 2, PR_FMT_PLAIN), 11);
	mpz_clear(x);
}
END_TEST

/* ---------------------------------------------------------------- */
/* apportion */

#define MAX_PARTS 4

struct apportion_case {
	const char *whole;
	size_t n;
	const char *weights[MAX_PARTS];
	const char *want[MAX_PARTS];
};

static const struct apportion_case apportion_cases[] = {
	/* DOMAIN.md: fund $60,000, losses $50,000 / $30,000 / $20,000 */
	{ "6000000", 3, { "5000000", "3000000", "2000000" },
	  { "3000000", "1800000", "1200000" } },
	{ "100", 3, { "1", "1", "1" }, { "34", "33", "33" } },
	{ "1", 2, { "1", "1" }, { "1", "0" } },
	{ "-100", 3, { "1", "1", "1" }, { "-34", "-33", "-33" } },
	{ "0", 3, { "1", "2", "3" }, { "0", "0", "0" } },
	{ "10", 3, { "0", "1", "1" }, { "0", "5", "5" } },
	{ "1", 3, { "0", "1", "1" }, { "0", "1", "0" } },
	{ "7", 3, { "0", "3", "0" }, { "0", "7", "0" } },
	{ "10", 3, { "1", "2", "3" }, { "2", "3", "5" } },
	{ "2", 4, { "1", "1", "1", "1" }, { "1", "1", "0", "0" } },
	{ "5", 4, { "1", "3", "3", "1" }, { "1", "2", "2", "0" } },
	{ "99", 1, { "7" }, { "99" } },
	{ "-1", 2, { "1", "3" }, { "0", "-1" } },
	{ "100000000000000000000000000001", 2, { "1", "1" },
	  { "50000000000000000000000000001", "50000000000000000000000000000" } }
};

START_TEST(test_money_apportion)
{
	const struct apportion_case *c = &apportion_cases[_i];
	mpz_t parts[MAX_PARTS];
	mpz_t weights[MAX_PARTS];
	mpz_t whole;
	pr_error err;
	size_t i;

	mpz_init_set_str(whole, c->whole, 10);
	for (i = 0; i < c->n; i++) {
		mpz_init_set_si(parts[i], 777);
		mpz_init_set_str(weights[i], c->weights[i], 10);
	}
	ck_assert_int_eq(pr_apportion(parts, whole, (const mpz_t *)weights,
				      c->n, &err), PR_OK);
	for (i = 0; i < c->n; i++) {
		assert_mpz_eq(parts[i], c->want[i], c->whole);
		mpz_clear(parts[i]);
		mpz_clear(weights[i]);
	}
	mpz_clear(whole);
}
END_TEST

/* parts may alias whole or the weights: everything is read first. */
START_TEST(test_money_apportion_alias)
{
	mpz_t v[3];
	mpz_t w[3];
	mpz_t whole;
	pr_error err;

	mpz_init_set_ui(v[0], 100);
	mpz_init(v[1]);
	mpz_init(v[2]);
	mpz_init_set_ui(w[0], 1);
	mpz_init_set_ui(w[1], 1);
	mpz_init_set_ui(w[2], 1);
	ck_assert_int_eq(pr_apportion(v, v[0], (const mpz_t *)w, 3, &err),
			 PR_OK);
	assert_mpz_eq(v[0], "34", "part 1");
	assert_mpz_eq(v[1], "33", "part 2");
	assert_mpz_eq(v[2], "33", "part 3");

	/* weights 1/2/3 overwritten by the parts of 10 */
	mpz_set_ui(w[0], 1);
	mpz_set_ui(w[1], 2);
	mpz_set_ui(w[2], 3);
	mpz_init_set_ui(whole, 10);
	ck_assert_int_eq(pr_apportion(w, whole, (const mpz_t *)w, 3, &err),
			 PR_OK);
	assert_mpz_eq(w[0], "2", "part 1");
	assert_mpz_eq(w[1], "3", "part 2");
	assert_mpz_eq(w[2], "5", "part 3");
	mpz_clears(v[0], v[1], v[2], w[0], w[1], w[2], whole, NULL);
}
END_TEST

/* ---------------------------------------------------------------- */
/* rate */

struct rate_case {
	const char *text;
	const char *num;
	const char *den;
};

static const struct rate_case rate_ok[] = {
	{ "1.0834", "5417", "5000" },
	{ "13/12", "13", "12" },
	{ "26/8", "13", "4" },
	{ "-0.5", "-1", "2" },
	{ "-1/2", "-1", "2" },
	{ "+2", "2", "1" },
	{ "0", "0", "1" },
	{ "-0.000", "0", "1" },
	{ " 0.9123 ", "9123", "10000" },
	{ "007/014", "1", "2" },
	{ "0.000000000000000001", "1", "1000000000000000000" },
	{ "123456789012345678901234567890/3", "41152263004115226300411522630",
	  "1" }
};

START_TEST(test_money_rate_ok)
{
	const struct rate_case *c = &rate_ok[_i];
	pr_error err;
	mpq_t q;

	mpq_init(q);
	ck_assert_msg(pr_rate_parse(q, c->text, &err) == PR_OK, "'%s': %s",
		      c->text, err.msg);
	/* canonical: compare numerator and denominator separately */
	assert_mpz_eq(mpq_numref(q), c->num, c->text);
	assert_mpz_eq(mpq_denref(q), c->den, c->text);
	mpq_clear(q);
}
END_TEST

struct rate_bad_case {
	const char *text;
	const char *msg;
};

static const struct rate_bad_case rate_bad[] = {
	{ "", "empty rate" },
	{ "  ", "empty rate" },
	{ "1e3", "rate '1e3' has an exponent" },
	{ "1.5E-2", "rate '1.5E-2' has an exponent" },
	{ "1/0", "rate '1/0' has a zero denominator" },
	{ "3/000", "rate '3/000' has a zero denominator" },
	{ "nan", "rate 'nan' is not a number" },
	{ "-Infinity", "rate '-Infinity' is not a number" },
	{ "1.2.3", "rate '1.2.3' is not a decimal number or fraction" },
	{ "abc", "rate 'abc' is not a decimal number or fraction" },
	{ "1/-2", "rate '1/-2' is not a decimal number or fraction" },
	{ "1/+2", "rate '1/+2' is not a decimal number or fraction" },
	{ "1/2.5", "rate '1/2.5' is not a decimal number or fraction" },
	{ "1.5/2", "rate '1.5/2' is not a decimal number or fraction" },
	{ "1/2/3", "rate '1/2/3' is not a decimal number or fraction" },
	{ "1/", "rate '1/' is not a decimal number or fraction" },
	{ ".5", "rate '.5' is not a decimal number or fraction" },
	{ "5.", "rate '5.' is not a decimal number or fraction" },
	{ "1,5", "rate '1,5' is not a decimal number or fraction" },
	{ "1,000.5", "rate '1,000.5' is not a decimal number or fraction" },
	{ "--1", "rate '--1' is not a decimal number or fraction" },
	{ "$1", "rate '$1' is not a decimal number or fraction" }
};

START_TEST(test_money_rate_bad)
{
	const struct rate_bad_case *c = &rate_bad[_i];
	pr_error err;
	mpq_t q;

	mpq_init(q);
	mpq_set_si(q, 7, 3);
	pr_error_clear(&err);
	ck_assert_int_eq(pr_rate_parse(q, c->text, &err), PR_EPARSE);
	ck_assert_int_eq(err.code, PR_EPARSE);
	ck_assert_str_eq(err.msg, c->msg);
	/* out is untouched */
	assert_mpz_eq(mpq_numref(q), "7", c->text);
	assert_mpz_eq(mpq_denref(q), "3", c->text);
	mpq_clear(q);
}
END_TEST

struct convert_case {
	const char *units;
	unsigned from;
	const char *rate;
	unsigned to;
	const char *half_up;
	const char *half_even;
	const char *down;
};

static const struct convert_case convert_cases[] = {
	/* $100.00 at 0.9123 EUR per USD */
	{ "10000", 2, "0.9123", 2, "9123", "9123", "9123" },
	/* 1 BTC at $65,000.12 */
	{ "100000000", 8, "65000.12", 2, "6500012", "6500012", "6500012" },
	/* 1 satoshi at $65,000: 0.065 cents */
	{ "1", 8, "65000", 2, "0", "0", "0" },
	/* 1,000 satoshi: 65 cents exactly */
	{ "1000", 8, "65000", 2, "65", "65", "65" },
	/* 50 satoshi at $10,000: exactly half a cent */
	{ "50", 8, "10000", 2, "1", "0", "0" },
	{ "-50", 8, "10000", 2, "-1", "0", "0" },
	{ "150", 8, "10000", 2, "2", "2", "1" },
	/* 1 satoshi at 20 ETH per BTC: 2e-7 ETH in wei */
	{ "1", 8, "20", 18, "200000000000", "200000000000", "200000000000" },
	/* 1 ETH at $3,000.50 */
	{ "1000000000000000000", 18, "3000.50", 2, "300050", "300050",
	  "300050" },
	/* 1 wei at $3,000 */
	{ "1", 18, "3000", 2, "0", "0", "0" },
	/* exact ties, both signs */
	{ "250", 2, "1", 0, "3", "2", "2" },
	{ "-250", 2, "1", 0, "-3", "-2", "-2" },
	{ "350", 2, "1", 0, "4", "4", "3" },
	{ "-350", 2, "1", 0, "-4", "-4", "-3" },
	{ "251", 2, "1", 0, "3", "3", "2" },
	{ "-251", 2, "1", 0, "-3", "-3", "-2" },
	{ "249", 2, "1", 0, "2", "2", "2" },
	{ "-249", 2, "1", 0, "-2", "-2", "-2" },
	{ "0", 2, "1", 0, "0", "0", "0" },
	/* thirds */
	{ "100", 2, "1/3", 2, "33", "33", "33" },
	{ "200", 2, "1/3", 2, "67", "67", "66" },
	{ "-200", 2, "1/3", 2, "-67", "-67", "-66" },
	/* negative rates */
	{ "3", 2, "-0.5", 2, "-2", "-2", "-1" },
	{ "5", 2, "-0.5", 2, "-3", "-2", "-2" },
	{ "-5", 2, "-0.5", 2, "3", "2", "2" },
	/* JPY to USD, 0 to 2 decimals */
	{ "1000", 0, "0.0067", 2, "670", "670", "670" }
};

START_TEST(test_money_convert)
{
	const struct convert_case *c = &convert_cases[_i];
	const char *want[3];
	static const pr_round modes[3] = {
		PR_ROUND_HALF_UP, PR_ROUND_HALF_EVEN, PR_ROUND_DOWN
	};
	pr_error err;
	mpz_t units;
	mpz_t out;
	mpq_t rate;
	int m;

	want[0] = c->half_up;
	want[1] = c->half_even;
	want[2] = c->down;
	mpz_init_set_str(units, c->units, 10);
	mpz_init(out);
	mpq_init(rate);
	ck_assert_int_eq(pr_rate_parse(rate, c->rate, &err), PR_OK);
	for (m = 0; m < 3; m++) {
		pr_money_convert(out, units, c->from, rate, c->to, modes[m]);
		assert_mpz_eq(out, want[m], c->units);
	}
	mpz_clears(units, out, NULL);
	mpq_clear(rate);
}
END_TEST

START_TEST(test_money_convert_alias)
{
	pr_error err;
	mpz_t x;
	mpq_t rate;

	mpz_init_set_ui(x, 10000);
	mpq_init(rate);
	ck_assert_int_eq(pr_rate_parse(rate, "0.9123", &err), PR_OK);
	pr_money_convert(x, x, 2, rate, 2, PR_ROUND_HALF_UP);
	assert_mpz_eq(x, "9123", "aliased");
	mpz_set_si(x, -250);
	mpq_set_ui(rate, 1, 1);
	pr_money_convert(x, x, 2, rate, 0, PR_ROUND_HALF_EVEN);
	assert_mpz_eq(x, "-2", "aliased half-even");
	mpz_clear(x);
	mpq_clear(rate);
}
END_TEST

/* ---------------------------------------------------------------- */
/* errors */

START_TEST(test_money_errors_args)
{
	static const pr_money_style bad_dec = { ';', 0, PR_EXCESS_REJECT };
	static const pr_money_style bad_th = { '.', '_', PR_EXCESS_REJECT };
	static const pr_money_style same = { ',', ',', PR_EXCESS_REJECT };
	static const pr_money_style bad_ex = { '.', ',', (pr_excess)7 };
	pr_error err;
	mpz_t x;
	mpq_t q;

	mpz_init_set_ui(x, 9);
	mpq_init(q);
	ck_assert_int_eq(pr_money_parse(NULL, "1", 1, 2, NULL, &err),
			 PR_EINVALID);
	ck_assert_int_eq(err.code, PR_EINVALID);
	ck_assert_str_eq(err.msg, "pr_money_parse: no output or no text");
	ck_assert_int_eq(pr_money_parse(x, NULL, 1, 2, NULL, &err),
			 PR_EINVALID);
	ck_assert_int_eq(pr_money_parse(x, NULL, 0, 2, NULL, &err),
			 PR_EPARSE);
	ck_assert_str_eq(err.msg, "empty amount");
	ck_assert_int_eq(pr_money_parse(x, "1", 1, 2, &bad_dec, &err),
			 PR_EINVALID);
	ck_assert_str_eq(err.msg,
			 "money style: decimal separator must be '.' or ','");
	ck_assert_int_eq(pr_money_parse(x, "1", 1, 2, &bad_th, &err),
			 PR_EINVALID);
	ck_assert_str_eq(err.msg, "money style: thousands separator must be "
			 "none, ',', '.', apostrophe or space");
	ck_assert_int_eq(pr_money_parse(x, "1", 1, 2, &same, &err),
			 PR_EINVALID);
	ck_assert_str_eq(err.msg, "money style: decimal and thousands "
			 "separators are the same");
	ck_assert_int_eq(pr_money_parse(x, "1", 1, 2, &bad_ex, &err),
			 PR_EINVALID);
	ck_assert_str_eq(err.msg, "money style: unknown excess policy");
	assert_mpz_eq(x, "9", "after bad arguments");

	/* err may be NULL; the code still comes back */
	ck_assert_int_eq(pr_money_parse(x, "1e5", 3, 2, NULL, NULL),
			 PR_EPARSE);
	ck_assert_int_eq(pr_money_parse(x, "1", 1, 2, NULL, NULL), PR_OK);
	assert_mpz_eq(x, "100", "err NULL");

	ck_assert_int_eq(pr_rate_parse(NULL, "1", &err), PR_EINVALID);
	ck_assert_str_eq(err.msg, "pr_rate_parse: no output or no text");
	ck_assert_int_eq(pr_rate_parse(q, NULL, &err), PR_EINVALID);
	ck_assert_int_eq(pr_rate_parse(q, "1/0", NULL), PR_EPARSE);
	mpz_clear(x);
	mpq_clear(q);
}
END_TEST

/* The parser leaves the location to the importer: column stays 0 and the
 * code in err matches the one returned. */
START_TEST(test_money_errors_loc)
{
	pr_error err;
	mpz_t x;

	mpz_init(x);
	pr_error_clear(&err);
	err.loc.column = 7;
	err.loc.line = 3;
	ck_assert_int_eq(pr_money_parse(x, "12a", 3, 2, NULL, &err),
			 PR_EPARSE);
	ck_assert_int_eq(err.code, PR_EPARSE);
	ck_assert_uint_eq(err.loc.column, 0);
	ck_assert_str_eq(err.msg, "amount '12a' is not a decimal number");
	mpz_clear(x);
}
END_TEST

/* Long text is quoted in part, and the message still fits. */
START_TEST(test_money_errors_long)
{
	char text[200];
	pr_error err;
	mpz_t x;

	memset(text, '9', sizeof(text));
	text[150] = 'x';
	mpz_init(x);
	ck_assert_int_eq(pr_money_parse(x, text, sizeof(text), 2, NULL, &err),
			 PR_EPARSE);
	ck_assert_str_eq(err.msg, "amount '"
			 "9999999999999999999999999999999999999999"
			 "...' is not a decimal number");
	mpz_clear(x);
}
END_TEST

START_TEST(test_money_errors_apportion)
{
	mpz_t parts[3];
	mpz_t w[3];
	mpz_t whole;
	pr_error err;
	size_t i;

	mpz_init_set_ui(whole, 100);
	for (i = 0; i < 3; i++) {
		mpz_init_set_ui(parts[i], 5);
		mpz_init_set_ui(w[i], 0);
	}
	ck_assert_int_eq(pr_apportion(parts, whole, (const mpz_t *)w, 3,
				      &err), PR_EINVALID);
	ck_assert_int_eq(err.code, PR_EINVALID);
	ck_assert_str_eq(err.msg, "all 3 weights are zero");

	mpz_set_si(w[1], -1);
	mpz_set_si(w[0], 2);
	ck_assert_int_eq(pr_apportion(parts, whole, (const mpz_t *)w, 3,
				      &err), PR_EINVALID);
	ck_assert_str_eq(err.msg, "weight 2 of 3 is negative");

	ck_assert_int_eq(pr_apportion(parts, whole, (const mpz_t *)w, 0,
				      &err), PR_EINVALID);
	ck_assert_str_eq(err.msg, "nothing to apportion into: no weights");
	ck_assert_int_eq(pr_apportion(NULL, whole, (const mpz_t *)w, 3,
				      &err), PR_EINVALID);
	ck_assert_str_eq(err.msg,
			 "pr_apportion: no parts, whole or weights");
	ck_assert_int_eq(pr_apportion(parts, whole, NULL, 3, NULL),
			 PR_EINVALID);

	/* out of memory at the first and the second allocation */
	mpz_set_ui(w[1], 1);
	for (i = 1; i <= 2; i++) {
		pr__alloc_fail_at(i);
		ck_assert_int_eq(pr_apportion(parts, whole, (const mpz_t *)w,
					      3, &err), PR_ENOMEM);
		ck_assert_str_eq(err.msg, "out of memory");
	}
	pr__alloc_fail_at(0);
	for (i = 0; i < 3; i++)
		assert_mpz_eq(parts[i], "5", "parts after failures");
	ck_assert_int_eq(pr_apportion(parts, whole, (const mpz_t *)w, 3,
				      &err), PR_OK);
	assert_mpz_eq(parts[0], "67", "part 1");
	assert_mpz_eq(parts[1], "33", "part 2");
	assert_mpz_eq(parts[2], "0", "part 3");
	for (i = 0; i < 3; i++) {
		mpz_clear(parts[i]);
		mpz_clear(w[i]);
	}
	mpz_clear(whole);
}
END_TEST

/* ---------------------------------------------------------------- */
/* property */

/* splitmix64: a fixed seed makes every run see the same cases. */
static uint64_t
next_rand(uint64_t *state)
{
	uint64_t z;

	*state += UINT64_C(0x9e3779b97f4a7c15);
	z = *state;
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static unsigned long
rand_below(uint64_t *state, unsigned long n)
{
	return (unsigned long)(next_rand(state) % n);
}

/* A random integer of up to words * 32 bits, sometimes negative. */
static void
rand_mpz(mpz_t x, uint64_t *state, unsigned words, int allow_negative)
{
	unsigned n = (unsigned)rand_below(state, words + 1);
	unsigned k;

	mpz_set_ui(x, 0);
	for (k = 0; k < n; k++) {
		mpz_mul_2exp(x, x, 32);
		mpz_add_ui(x, x, (unsigned long)(next_rand(state) &
						 UINT64_C(0xffffffff)));
	}
	if (allow_negative && (next_rand(state) & 1))
		mpz_neg(x, x);
}

#define PROP_CASES 10000
#define PROP_MAX_N 20

START_TEST(test_money_property_apportion)
{
	uint64_t state = UINT64_C(20240601);
	mpz_t parts[PROP_MAX_N];
	mpz_t again[PROP_MAX_N];
	mpz_t w[PROP_MAX_N];
	mpz_t whole, sum, wsum, lhs, rhs;
	pr_error err;
	int huge = 0;
	int negative = 0;
	int iter;
	size_t i;

	for (i = 0; i < PROP_MAX_N; i++) {
		mpz_init(parts[i]);
		mpz_init(again[i]);
		mpz_init(w[i]);
	}
	mpz_inits(whole, sum, wsum, lhs, rhs, NULL);
	for (iter = 0; iter < PROP_CASES; iter++) {
		size_t n = 1 + rand_below(&state, PROP_MAX_N);
		int any = 0;

		rand_mpz(whole, &state,
			 (unsigned)(1 + rand_below(&state, 4) * 2), 1);
		if (mpz_sizeinbase(whole, 2) > 64)
			huge++;
		if (mpz_sgn(whole) < 0)
			negative++;
		mpz_set_ui(wsum, 0);
		for (i = 0; i < n; i++) {
			if (rand_below(&state, 5) == 0)
				mpz_set_ui(w[i], 0);
			else if (rand_below(&state, 2) == 0)
				mpz_set_ui(w[i], 1 + rand_below(&state, 100));
			else
				rand_mpz(w[i], &state, 4, 0);
			any |= mpz_sgn(w[i]) != 0;
		}
		if (!any)
			mpz_set_ui(w[rand_below(&state, n)], 1);
		for (i = 0; i < n; i++)
			mpz_add(wsum, wsum, w[i]);

		ck_assert_int_eq(pr_apportion(parts, whole, (const mpz_t *)w,
					      n, &err), PR_OK);
		ck_assert_int_eq(pr_apportion(again, whole, (const mpz_t *)w,
					      n, &err), PR_OK);
		mpz_set_ui(sum, 0);
		for (i = 0; i < n; i++) {
			mpz_add(sum, sum, parts[i]);
			ck_assert_msg(mpz_cmp(parts[i], again[i]) == 0,
				      "case %d part %zu differs", iter, i);
			/* |part * S - whole * w| < S */
			mpz_mul(lhs, parts[i], wsum);
			mpz_submul(lhs, whole, w[i]);
			mpz_abs(lhs, lhs);
			ck_assert_msg(mpz_cmp(lhs, wsum) < 0,
				      "case %d part %zu off its share", iter,
				      i);
			if (mpz_sgn(w[i]) == 0)
				ck_assert_int_eq(mpz_sgn(parts[i]), 0);
			else
				ck_assert(mpz_sgn(parts[i]) *
					  mpz_sgn(whole) >= 0);
		}
		ck_assert_msg(mpz_cmp(sum, whole) == 0,
			      "case %d: parts do not sum to the whole", iter);
	}
	/* the generator did reach the interesting cases */
	ck_assert_int_gt(huge, PROP_CASES / 10);
	ck_assert_int_gt(negative, PROP_CASES / 10);
	for (i = 0; i < PROP_MAX_N; i++) {
		mpz_clear(parts[i]);
		mpz_clear(again[i]);
		mpz_clear(w[i]);
	}
	mpz_clears(whole, sum, wsum, lhs, rhs, NULL);
}
END_TEST

/* Whatever pr_money_format writes, pr_money_parse reads back exactly. */
START_TEST(test_money_property_roundtrip)
{
	uint64_t state = UINT64_C(0x70726f6365656473);
	char buf[256];
	pr_error err;
	mpz_t x, y;
	int iter;

	mpz_inits(x, y, NULL);
	for (iter = 0; iter < PROP_CASES; iter++) {
		unsigned minor = (unsigned)rand_below(&state, 19);
		int flags = rand_below(&state, 2) ? PR_FMT_GROUP
						  : PR_FMT_PLAIN;
		size_t n;

		rand_mpz(x, &state, 6, 1);
		n = pr_money_format(buf, sizeof(buf), x, minor, flags);
		ck_assert_uint_lt(n, sizeof(buf));
		ck_assert_msg(pr_money_parse(y, buf, n, minor, &US, &err) ==
			      PR_OK, "'%s': %s", buf, err.msg);
		ck_assert_msg(mpz_cmp(x, y) == 0, "'%s' read back differs",
			      buf);
	}
	mpz_clears(x, y, NULL);
}
END_TEST

static Suite *
money_suite(void)
{
	Suite *s = suite_create("money");
	TCase *tc;

	tc = tcase_create("currency");
	tcase_add_loop_test(tc, test_money_currency_minor, 0,
			    N_ELEMS(currency_cases));
	tcase_add_test(tc, test_money_currency_sorted);
	tcase_add_test(tc, test_money_currency_unknown);
	suite_add_tcase(s, tc);

	tc = tcase_create("parse");
	tcase_add_loop_test(tc, test_money_parse_ok, 0, N_ELEMS(parse_ok));
	tcase_add_loop_test(tc, test_money_parse_bad, 0, N_ELEMS(parse_bad));
	tcase_add_test(tc, test_money_parse_len);
	suite_add_tcase(s, tc);

	tc = tcase_create("format");
	tcase_add_loop_test(tc, test_money_format, 0, N_ELEMS(format_cases));
	tcase_add_test(tc, test_money_format_truncate);
	suite_add_tcase(s, tc);

	tc = tcase_create("apportion");
	tcase_add_loop_test(tc, test_money_apportion, 0,
			    N_ELEMS(apportion_cases));
	tcase_add_test(tc, test_money_apportion_alias);
	suite_add_tcase(s, tc);

	tc = tcase_create("rate");
	tcase_add_loop_test(tc, test_money_rate_ok, 0, N_ELEMS(rate_ok));
	tcase_add_loop_test(tc, test_money_rate_bad, 0, N_ELEMS(rate_bad));
	tcase_add_loop_test(tc, test_money_convert, 0,
			    N_ELEMS(convert_cases));
	tcase_add_test(tc, test_money_convert_alias);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_test(tc, test_money_errors_args);
	tcase_add_test(tc, test_money_errors_loc);
	tcase_add_test(tc, test_money_errors_long);
	tcase_add_test(tc, test_money_errors_apportion);
	suite_add_tcase(s, tc);

	tc = tcase_create("property");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_money_property_apportion);
	tcase_add_test(tc, test_money_property_roundtrip);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(money_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
