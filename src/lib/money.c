/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Exact money: the currency table, decimal text in and out, apportionment
 * by largest remainder and conversion at exact rates, all in GMP integers
 * and rationals, with no floating point and no locale. */
#include "config.h"
#include "common.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * ISO 4217 currencies in use (funds codes included, precious metals and
 * other codes without minor units left out), then the chain assets the
 * importers meet, with the decimals their ledgers use. Sorted by code so
 * that pr_currency_find can bisect; check_money tests the order.
 */
static const pr_currency currencies[] = {
	{ "AED", 2, "UAE Dirham" },
	{ "AFN", 2, "Afghani" },
	{ "ALL", 2, "Lek" },
	{ "AMD", 2, "Armenian Dram" },
	{ "ANG", 2, "Netherlands Antillean Guilder" },
	{ "AOA", 2, "Kwanza" },
	{ "ARS", 2, "Argentine Peso" },
	{ "AUD", 2, "Australian Dollar" },
	{ "AWG", 2, "Aruban Florin" },
	{ "AZN", 2, "Azerbaijan Manat" },
	{ "BAM", 2, "Convertible Mark" },
	{ "BBD", 2, "Barbados Dollar" },
	{ "BCH", 8, "Bitcoin Cash" },
	{ "BDT", 2, "Taka" },
	{ "BGN", 2, "Bulgarian Lev" },
	{ "BHD", 3, "Bahraini Dinar" },
	{ "BIF", 0, "Burundi Franc" },
	{ "BMD", 2, "Bermudian Dollar" },
	{ "BND", 2, "Brunei Dollar" },
	{ "BOB", 2, "Boliviano" },
	{ "BOV", 2, "Mvdol" },
	{ "BRL", 2, "Brazilian Real" },
	{ "BSD", 2, "Bahamian Dollar" },
	{ "BTC", 8, "Bitcoin" },
	{ "BTN", 2, "Ngultrum" },
	{ "BWP", 2, "Pula" },
	{ "BYN", 2, "Belarusian Ruble" },
	{ "BZD", 2, "Belize Dollar" },
	{ "CAD", 2, "Canadian Dollar" },
	{ "CDF", 2, "Congolese Franc" },
	{ "CHE", 2, "WIR Euro" },
	{ "CHF", 2, "Swiss Franc" },
	{ "CHW", 2, "WIR Franc" },
	{ "CLF", 4, "Unidad de Fomento" },
	{ "CLP", 0, "Chilean Peso" },
	{ "CNY", 2, "Yuan Renminbi" },
	{ "COP", 2, "Colombian Peso" },
	{ "COU", 2, "Unidad de Valor Real" },
	{ "CRC", 2, "Costa Rican Colon" },
	{ "CUC", 2, "Peso Convertible" },
	{ "CUP", 2, "Cuban Peso" },
	{ "CVE", 2, "Cabo Verde Escudo" },
	{ "CZK", 2, "Czech Koruna" },
	{ "DAI", 18, "Dai" },
	{ "DJF", 0, "Djibouti Franc" },
	{ "DKK", 2, "Danish Krone" },
	{ "DOP", 2, "Dominican Peso" },
	{ "DZD", 2, "Algerian Dinar" },
	{ "EGP", 2, "Egyptian Pound" },
	{ "ERN", 2, "Nakfa" },
	{ "ETB", 2, "Ethiopian Birr" },
	{ "ETH", 18, "Ether" },
	{ "EUR", 2, "Euro" },
	{ "FJD", 2, "Fiji Dollar" },
	{ "FKP", 2, "Falkland Islands Pound" },
	{ "GBP", 2, "Pound Sterling" },
	{ "GEL", 2, "Lari" },
	{ "GHS", 2, "Ghana Cedi" },
	{ "GIP", 2, "Gibraltar Pound" },
	{ "GMD", 2, "Dalasi" },
	{ "GNF", 0, "Guinean Franc" },
	{ "GTQ", 2, "Quetzal" },
	{ "GYD", 2, "Guyana Dollar" },
	{ "HKD", 2, "Hong Kong Dollar" },
	{ "HNL", 2, "Lempira" },
	{ "HTG", 2, "Gourde" },
	{ "HUF", 2, "Forint" },
	{ "IDR", 2, "Rupiah" },
	{ "ILS", 2, "New Israeli Sheqel" },
	{ "INR", 2, "Indian Rupee" },
	{ "IQD", 3, "Iraqi Dinar" },
	{ "IRR", 2, "Iranian Rial" },
	{ "ISK", 0, "Iceland Krona" },
	{ "JMD", 2, "Jamaican Dollar" },
	{ "JOD", 3, "Jordanian Dinar" },
	{ "JPY", 0, "Yen" },
	{ "KES", 2, "Kenyan Shilling" },
	{ "KGS", 2, "Som" },
	{ "KHR", 2, "Riel" },
	{ "KMF", 0, "Comorian Franc" },
	{ "KPW", 2, "North Korean Won" },
	{ "KRW", 0, "Won" },
	{ "KWD", 3, "Kuwaiti Dinar" },
	{ "KYD", 2, "Cayman Islands Dollar" },
	{ "KZT", 2, "Tenge" },
	{ "LAK", 2, "Lao Kip" },
	{ "LBP", 2, "Lebanese Pound" },
	{ "LKR", 2, "Sri Lanka Rupee" },
	{ "LRD", 2, "Liberian Dollar" },
	{ "LSL", 2, "Loti" },
	{ "LTC", 8, "Litecoin" },
	{ "LYD", 3, "Libyan Dinar" },
	{ "MAD", 2, "Moroccan Dirham" },
	{ "MDL", 2, "Moldovan Leu" },
	{ "MGA", 2, "Malagasy Ariary" },
	{ "MKD", 2, "Denar" },
	{ "MMK", 2, "Kyat" },
	{ "MNT", 2, "Tugrik" },
	{ "MOP", 2, "Pataca" },
	{ "MRU", 2, "Ouguiya" },
	{ "MUR", 2, "Mauritius Rupee" },
	{ "MVR", 2, "Rufiyaa" },
	{ "MWK", 2, "Malawi Kwacha" },
	{ "MXN", 2, "Mexican Peso" },
	{ "MXV", 2, "Mexican Unidad de Inversion (UDI)" },
	{ "MYR", 2, "Malaysian Ringgit" },
	{ "MZN", 2, "Mozambique Metical" },
	{ "NAD", 2, "Namibia Dollar" },
	{ "NGN", 2, "Naira" },
	{ "NIO", 2, "Cordoba Oro" },
	{ "NOK", 2, "Norwegian Krone" },
	{ "NPR", 2, "Nepalese Rupee" },
	{ "NZD", 2, "New Zealand Dollar" },
	{ "OMR", 3, "Rial Omani" },
	{ "PAB", 2, "Balboa" },
	{ "PEN", 2, "Sol" },
	{ "PGK", 2, "Kina" },
	{ "PHP", 2, "Philippine Peso" },
	{ "PKR", 2, "Pakistan Rupee" },
	{ "PLN", 2, "Zloty" },
	{ "PYG", 0, "Guarani" },
	{ "QAR", 2, "Qatari Rial" },
	{ "RON", 2, "Romanian Leu" },
	{ "RSD", 2, "Serbian Dinar" },
	{ "RUB", 2, "Russian Ruble" },
	{ "RWF", 0, "Rwanda Franc" },
	{ "SAR", 2, "Saudi Riyal" },
	{ "SBD", 2, "Solomon Islands Dollar" },
	{ "SCR", 2, "Seychelles Rupee" },
	{ "SDG", 2, "Sudanese Pound" },
	{ "SEK", 2, "Swedish Krona" },
	{ "SGD", 2, "Singapore Dollar" },
	{ "SHP", 2, "Saint Helena Pound" },
	{ "SLE", 2, "Leone" },
	{ "SLL", 2, "Leone (old)" },
	{ "SOL", 9, "Solana" },
	{ "SOS", 2, "Somali Shilling" },
	{ "SRD", 2, "Surinam Dollar" },
	{ "SSP", 2, "South Sudanese Pound" },
	{ "STN", 2, "Dobra" },
	{ "SVC", 2, "El Salvador Colon" },
	{ "SYP", 2, "Syrian Pound" },
	{ "SZL", 2, "Lilangeni" },
	{ "THB", 2, "Baht" },
	{ "TJS", 2, "Somoni" },
	{ "TMT", 2, "Turkmenistan New Manat" },
	{ "TND", 3, "Tunisian Dinar" },
	{ "TOP", 2, "Pa'anga" },
	{ "TRX", 6, "Tron" },
	{ "TRY", 2, "Turkish Lira" },
	{ "TTD", 2, "Trinidad and Tobago Dollar" },
	{ "TWD", 2, "New Taiwan Dollar" },
	{ "TZS", 2, "Tanzanian Shilling" },
	{ "UAH", 2, "Hryvnia" },
	{ "UGX", 0, "Uganda Shilling" },
	{ "USD", 2, "US Dollar" },
	{ "USDC", 6, "USD Coin" },
	{ "USDT", 6, "Tether USD" },
	{ "USN", 2, "US Dollar (Next day)" },
	{ "UYI", 0, "Uruguay Peso en Unidades Indexadas (UI)" },
	{ "UYU", 2, "Peso Uruguayo" },
	{ "UYW", 4, "Unidad Previsional" },
	{ "UZS", 2, "Uzbekistan Sum" },
	{ "VED", 2, "Bolivar Soberano" },
	{ "VES", 2, "Bolivar Soberano" },
	{ "VND", 0, "Dong" },
	{ "VUV", 0, "Vatu" },
	{ "WST", 2, "Tala" },
	{ "XAF", 0, "CFA Franc BEAC" },
	{ "XCD", 2, "East Caribbean Dollar" },
	{ "XCG", 2, "Caribbean Guilder" },
	{ "XMR", 12, "Monero" },
	{ "XOF", 0, "CFA Franc BCEAO" },
	{ "XPF", 0, "CFP Franc" },
	{ "XRP", 6, "XRP" },
	{ "YER", 2, "Yemeni Rial" },
	{ "ZAR", 2, "Rand" },
	{ "ZMW", 2, "Zambian Kwacha" },
	{ "ZWG", 2, "Zimbabwe Gold" }
};

#define NCURRENCIES (sizeof(currencies) / sizeof(currencies[0]))

const pr_currency *
pr_currency_find(const char *code)
{
	size_t lo = 0;
	size_t hi = NCURRENCIES;

	if (code == NULL)
		return NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(code, currencies[mid].code);

		if (c == 0)
			return &currencies[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

size_t
pr_currency_count(void)
{
	return NCURRENCIES;
}

const pr_currency *
pr_currency_at(size_t i)
{
	return i < NCURRENCIES ? &currencies[i] : NULL;
}

/* ASCII only: never the locale's idea of a digit, space or letter. */
static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static char
ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Trim ASCII blanks from both ends of s[0..*n) in place. */
static const char *
trim(const char *s, size_t *n)
{
	while (*n > 0 && is_blank(s[0])) {
		s++;
		(*n)--;
	}
	while (*n > 0 && is_blank(s[*n - 1]))
		(*n)--;
	return s;
}

/*
 * Does s[i..n) start with an exponent, "e" or "E", an optional sign and a
 * digit? Used only to say why text was refused: "1e5" deserves a better
 * message than "not a decimal number".
 */
static int
is_exponent(const char *s, size_t n, size_t i)
{
	if (i >= n || (s[i] != 'e' && s[i] != 'E'))
		return 0;
	i++;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	return i < n && is_digit(s[i]);
}

/*
 * Is the run of ASCII letters starting at s[i] one of the names C and
 * spreadsheets give to values that are not numbers ("NaN", "inf",
 * "Infinity", any case)? Again only to choose the message.
 */
static int
is_not_a_number(const char *s, size_t n, size_t i)
{
	static const char *const names[] = { "nan", "inf", "infinity" };
	size_t k;

	for (k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
		size_t len = strlen(names[k]);
		size_t j;

		if (n - i < len)
			continue;
		for (j = 0; j < len; j++)
			if (ascii_lower(s[i + j]) != names[k][j])
				break;
		if (j < len)
			continue;
		if (i + len == n || s[i + len] == ')')
			return 1;
	}
	return 0;
}

/* The byte length of the currency symbol at s[0..n) ($ € £ ¥ in UTF-8),
 * or 0 if there is none. */
static size_t
symbol_len(const char *s, size_t n)
{
	if (n >= 1 && s[0] == '$')
		return 1;
	if (n >= 3 && memcmp(s, "\xe2\x82\xac", 3) == 0)
		return 3;
	if (n >= 2 && (memcmp(s, "\xc2\xa3", 2) == 0 ||
		       memcmp(s, "\xc2\xa5", 2) == 0))
		return 2;
	return 0;
}

/* Is s[i..n) only spaces and then one currency symbol? (With a space
 * as the thousands separator, "4 093,32 €" ends in one.) */
static int
trailing_symbol(const char *s, size_t n, size_t i)
{
	while (i < n && s[i] == ' ')
		i++;
	return i < n && i + symbol_len(s + i, n - i) == n;
}

/*
 * x = x * 10^k + (the decimal digits of s[0..n)), skipping the separators
 * the scanner has already checked. Digits go in nine at a time, so even a
 * 40-digit wei amount costs a handful of GMP calls and no buffer.
 */
static void
append_digits(mpz_t x, const char *s, size_t n)
{
	unsigned long chunk = 0;
	unsigned long scale = 1;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			continue;
		chunk = chunk * 10 + (unsigned long)(s[i] - '0');
		scale *= 10;
		if (scale == 1000000000UL) {
			mpz_mul_ui(x, x, scale);
			mpz_add_ui(x, x, chunk);
			chunk = 0;
			scale = 1;
		}
	}
	if (scale > 1) {
		mpz_mul_ui(x, x, scale);
		mpz_add_ui(x, x, chunk);
	}
}

/* x = x * 10^k without a temporary. */
static void
scale_up(mpz_t x, unsigned long k)
{
	unsigned long scale = 1;

	for (; k >= 9; k -= 9)
		mpz_mul_ui(x, x, 1000000000UL);
	for (; k > 0; k--)
		scale *= 10;
	if (scale > 1)
		mpz_mul_ui(x, x, scale);
}

/* What the scanner found in a well-formed amount: where the digits are
 * and the sign. Positions index the trimmed text. */
struct amount {
	int neg;
	size_t int_start;  /* integer digits, with separators */
	size_t int_end;
	size_t frac_start; /* decimals, none if frac_start == frac_end */
	size_t frac_end;
};

/* Report what is wrong with amount s[0..n): "amount '<s>' <what>". */
static int
amount_error(pr_error *err, const char *s, size_t n, const char *what)
{
	char q[64];

	return pr__error_set(err, PR_EPARSE, "amount '%s' %s",
			     pr__quote(q, sizeof(q), s, n), what);
}

/*
 * The byte at s[i] ends a number but is not where it stands in a valid
 * amount: name the most likely mistake. An exponent, a thousands
 * separator among the decimals, a thousands separator in a style without
 * one and a stray ')' each get their own message; anything else is
 * simply not a decimal number.
 */
static int
stray_error(pr_error *err, const char *s, size_t n, size_t i,
	    const pr_money_style *st)
{
	char c = s[i];

	if (is_exponent(s, n, i))
		return amount_error(err, s, n, "has an exponent");
	if (st->thousands != 0 && c == st->thousands)
		return amount_error(err, s, n,
				    "has a misplaced thousands separator");
	if (st->thousands == 0 && c != st->decimal &&
	    (c == ',' || c == '.' || c == '\''))
		return amount_error(err, s, n,
				    "has a thousands separator; none allowed");
	if (c == ')')
		return amount_error(err, s, n,
				    "has an unbalanced parenthesis");
	return amount_error(err, s, n, "is not a decimal number");
}

/*
 * The first byte after the signs and symbol is not a digit. Work out why,
 * so that ".50", ",123", "NaN" and "-" each get an apt message.
 */
static int
no_digit_error(pr_error *err, const char *s, size_t n, size_t i,
	       const pr_money_style *st)
{
	if (i == n)
		return amount_error(err, s, n, "has no digits");
	if (s[i] == st->decimal && i + 1 < n && is_digit(s[i + 1]))
		return amount_error(err, s, n, "has no digit before the "
				    "decimal separator");
	if (st->thousands != 0 && s[i] == st->thousands)
		return amount_error(err, s, n,
				    "has a misplaced thousands separator");
	if (is_not_a_number(s, n, i))
		return amount_error(err, s, n, "is not a number");
	return amount_error(err, s, n, "is not a decimal number");
}

/*
 * Check the grammar of s[0..n) (already trimmed, not empty) and record
 * where the digits are. The grammar, in order:
 *
 *   prefix:  any mix of one sign ('+', '-' or '(') and one currency
 *            symbol, each optionally followed by spaces
 *   integer: 1-3 digits, then groups of ',ddd' (the style's separator),
 *            or any number of digits without separators
 *   decimals: the decimal separator and at least one digit
 *   suffix:  ')' if the prefix opened one
 *
 * Decimal counts are checked by the caller, so that a malformed amount is
 * reported as malformed before its decimals are counted.
 */
static int
scan_amount(struct amount *a, const char *s, size_t n,
	    const pr_money_style *st, pr_error *err)
{
	size_t i = 0;
	size_t sym;
	size_t group = 0;
	size_t seps = 0;
	int signs = 0;
	int symbols = 0;
	int paren = 0;

	memset(a, 0, sizeof(*a));
	for (;;) {
		if (i < n && (s[i] == '+' || s[i] == '-' || s[i] == '(')) {
			if (signs++ > 0)
				return amount_error(err, s, n,
						    "has more than one sign");
			a->neg = s[i] != '+';
			paren = s[i] == '(';
			i++;
		} else if ((sym = symbol_len(s + i, n - i)) > 0) {
			if (symbols++ > 0)
				return amount_error(err, s, n,
						    "is not a decimal number");
			i += sym;
		} else {
			break;
		}
		while (i < n && s[i] == ' ')
			i++;
	}
	if (i == n || !is_digit(s[i]))
		return no_digit_error(err, s, n, i, st);

	a->int_start = i;
	for (; i < n; i++) {
		if (is_digit(s[i])) {
			group++;
			continue;
		}
		if (st->thousands == 0 || s[i] != st->thousands ||
		    trailing_symbol(s, n, i))
			break;
		if (i + 1 == n || !is_digit(s[i + 1]) ||
		    (seps == 0 ? group > 3 : group != 3))
			return amount_error(err, s, n, "has a misplaced "
					    "thousands separator");
		seps++;
		group = 0;
	}
	if (seps > 0 && group != 3)
		return amount_error(err, s, n,
				    "has a misplaced thousands separator");
	a->int_end = i;

	if (i < n && s[i] == st->decimal) {
		i++;
		if (i == n || !is_digit(s[i]))
			return amount_error(err, s, n, "has no digit after "
					    "the decimal separator");
		a->frac_start = i;
		while (i < n && is_digit(s[i]))
			i++;
		a->frac_end = i;
	}

	if (paren) {
		if (i == n)
			return amount_error(err, s, n,
					    "has an unbalanced parenthesis");
		if (s[i] == ')')
			i++;
		else
			return stray_error(err, s, n, i, st);
	}
	/* European exports write the symbol after the amount: "4.093,32 €",
	 * "-4,00 €". One symbol in all, before or after. */
	if (i < n && symbols == 0) {
		size_t j = i;

		while (j < n && s[j] == ' ')
			j++;
		sym = symbol_len(s + j, n - j);
		if (sym > 0 && j + sym == n)
			i = n;
	}
	if (i < n)
		return stray_error(err, s, n, i, st);
	return PR_OK;
}

/* Is the style one we can read unambiguously? */
static int
style_check(const pr_money_style *st, pr_error *err)
{
	char t = st->thousands;

	if (st->decimal != '.' && st->decimal != ',')
		return pr__error_set(err, PR_EINVALID, "money style: decimal "
				     "separator must be '.' or ','");
	if (t != 0 && t != ',' && t != '.' && t != '\'' && t != ' ')
		return pr__error_set(err, PR_EINVALID, "money style: "
				     "thousands separator must be none, ',', "
				     "'.', apostrophe or space");
	if (t == st->decimal)
		return pr__error_set(err, PR_EINVALID, "money style: decimal "
				     "and thousands separators are the same");
	if (st->excess != PR_EXCESS_REJECT && st->excess != PR_EXCESS_ZEROS)
		return pr__error_set(err, PR_EINVALID,
				     "money style: unknown excess policy");
	return PR_OK;
}

int
pr_money_parse(mpz_t out, const char *text, size_t len, unsigned minor,
	       const pr_money_style *style, pr_error *err)
{
	static const pr_money_style dflt = PR_MONEY_STYLE_INIT;
	struct amount a;
	const char *s;
	size_t n = len;
	size_t nfrac;
	int rc;

	if (out == NULL || (text == NULL && len > 0))
		return pr__error_set(err, PR_EINVALID,
				     "pr_money_parse: no output or no text");
	if (style == NULL)
		style = &dflt;
	rc = style_check(style, err);
	if (rc != PR_OK)
		return rc;
	s = text == NULL ? "" : trim(text, &n);
	if (n == 0)
		return pr__error_set(err, PR_EPARSE, "empty amount");
	rc = scan_amount(&a, s, n, style, err);
	if (rc != PR_OK)
		return rc;

	nfrac = a.frac_end - a.frac_start;
	if (nfrac > minor) {
		size_t i = a.frac_start + minor;

		if (style->excess == PR_EXCESS_ZEROS)
			while (i < a.frac_end && s[i] == '0')
				i++;
		if (style->excess != PR_EXCESS_ZEROS || i < a.frac_end) {
			char what[96];

			if (minor == 0)
				snprintf(what, sizeof(what),
					 "has %zu decimal%s; none allowed",
					 nfrac, nfrac == 1 ? "" : "s");
			else
				snprintf(what, sizeof(what),
					 "has %zu decimal%s; at most %u "
					 "allowed", nfrac,
					 nfrac == 1 ? "" : "s", minor);
			return amount_error(err, s, n, what);
		}
		a.frac_end = a.frac_start + minor;
		nfrac = minor;
	}

	/* The text is good: only now touch out. */
	mpz_set_ui(out, 0);
	append_digits(out, s + a.int_start, a.int_end - a.int_start);
	append_digits(out, s + a.frac_start, nfrac);
	scale_up(out, minor - nfrac);
	if (a.neg)
		mpz_neg(out, out);
	return PR_OK;
}

/* A bounded writer with snprintf's contract: count every byte, store
 * those that fit and leave room for the NUL. */
struct sink {
	char *buf;
	size_t size;
	size_t len;
};

static void
sink_put(struct sink *k, char c)
{
	if (k->len + 1 < k->size)
		k->buf[k->len] = c;
	k->len++;
}

size_t
pr_money_format(char *buf, size_t size, const mpz_t units, unsigned minor,
		int flags)
{
	struct sink k;
	char small[64];
	char *str = small;
	const char *p;
	size_t nd;
	size_t nint;
	size_t i;

	k.buf = buf;
	k.size = buf == NULL ? 0 : size;
	k.len = 0;
	if (units == NULL) {
		if (k.size > 0)
			buf[0] = '\0';
		return 0;
	}
	/* mpz_sizeinbase may overstate by one; add sign and NUL. */
	if (mpz_sizeinbase(units, 10) + 2 > sizeof(small))
		str = mpz_get_str(NULL, 10, units);
	else
		mpz_get_str(small, 10, units);
	p = str;
	if (*p == '-') {
		sink_put(&k, '-');
		p++;
	}
	nd = strlen(p);

	nint = nd > minor ? nd - minor : 0;
	if (nint == 0) {
		sink_put(&k, '0');
	} else {
		for (i = 0; i < nint; i++) {
			if ((flags & PR_FMT_GROUP) && i > 0 &&
			    (nint - i) % 3 == 0)
				sink_put(&k, ',');
			sink_put(&k, p[i]);
		}
	}
	if (minor > 0) {
		sink_put(&k, '.');
		for (i = nd; i < minor; i++)
			sink_put(&k, '0');
		for (i = nint; i < nd; i++)
			sink_put(&k, p[i]);
	}
	if (k.size > 0)
		buf[k.len < k.size ? k.len : k.size - 1] = '\0';

	if (str != small) {
		void (*gmp_free)(void *, size_t);

		mp_get_memory_functions(NULL, NULL, &gmp_free);
		gmp_free(str, strlen(str) + 1);
	}
	return k.len;
}

/* One part's remainder while apportioning, with its index for ties. */
struct share {
	mpz_t rem;
	size_t idx;
};

/* Largest remainder first; equal remainders in index order. The order is
 * total, so qsort's instability cannot show. */
static int
share_cmp(const void *x, const void *y)
{
	const struct share *a = x;
	const struct share *b = y;
	int c = mpz_cmp(b->rem, a->rem);

	if (c != 0)
		return c;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/*
 * Everything is computed into temporaries and written to parts only at
 * the end, so parts may alias whole or any weight. Why the leftover units
 * never reach a zero weight: the remainders sum to k * S (k leftover
 * units, S the weight total) and each is below S, so at least k of them
 * are positive, and the k largest are all positive.
 */
int
pr_apportion(mpz_t *parts, const mpz_t whole, const mpz_t *weights, size_t n,
	     pr_error *err)
{
	struct share *shares = NULL;
	mpz_t *floors = NULL;
	mpz_t sum;
	mpz_t mag;
	mpz_t t;
	size_t i;
	size_t ninit = 0;
	unsigned long left;
	int negative;
	int rc = PR_OK;

	if (parts == NULL || whole == NULL || weights == NULL)
		return pr__error_set(err, PR_EINVALID, "pr_apportion: no "
				     "parts, whole or weights");
	if (n == 0)
		return pr__error_set(err, PR_EINVALID,
				     "nothing to apportion into: no weights");
	for (i = 0; i < n; i++)
		if (mpz_sgn(weights[i]) < 0)
			return pr__error_set(err, PR_EINVALID,
					     "weight %zu of %zu is negative",
					     i + 1, n);

	mpz_inits(sum, mag, t, NULL);
	for (i = 0; i < n; i++)
		mpz_add(sum, sum, weights[i]);
	if (mpz_sgn(sum) == 0) {
		rc = pr__error_set(err, PR_EINVALID, "all %zu weights are zero",
				   n);
		goto done;
	}
	if (n > SIZE_MAX / sizeof(*shares) || n > SIZE_MAX / sizeof(*floors)) {
		rc = pr__error_set(err, PR_ENOMEM, "out of memory");
		goto done;
	}
	shares = pr__malloc(n * sizeof(*shares));
	floors = pr__malloc(n * sizeof(*floors));
	if (shares == NULL || floors == NULL) {
		rc = pr__error_set(err, PR_ENOMEM, "out of memory");
		goto done;
	}

	for (i = 0; i < n; i++) {
		mpz_init(shares[i].rem);
		mpz_init(floors[i]);
		shares[i].idx = i;
	}
	ninit = n;
	negative = mpz_sgn(whole) < 0;
	mpz_abs(mag, whole);
	mpz_set(t, mag);
	for (i = 0; i < n; i++) {
		/* floor_i = |whole| * w_i div S, rem_i = the same mod S */
		mpz_mul(floors[i], mag, weights[i]);
		mpz_fdiv_qr(floors[i], shares[i].rem, floors[i], sum);
		mpz_sub(t, t, floors[i]);
	}
	/* t is now the count of leftover units, 0 <= t < n. */
	assert(mpz_sgn(t) >= 0 && mpz_cmp_ui(t, n) < 0);
	left = mpz_get_ui(t);
	qsort(shares, n, sizeof(*shares), share_cmp);
	for (i = 0; i < left; i++)
		mpz_add_ui(floors[shares[i].idx], floors[shares[i].idx], 1);
	/* Only now write parts: whole or a weight may be one of them. */
	for (i = 0; i < n; i++) {
		if (negative)
			mpz_neg(floors[i], floors[i]);
		mpz_swap(parts[i], floors[i]);
	}

done:
	for (i = 0; i < ninit; i++) {
		mpz_clear(shares[i].rem);
		mpz_clear(floors[i]);
	}
	pr__free(shares);
	pr__free(floors);
	mpz_clears(sum, mag, t, NULL);
	return rc;
}

/* Report what is wrong with rate s[0..n): "rate '<s>' <what>". */
static int
rate_error(pr_error *err, const char *s, size_t n, const char *what)
{
	char q[64];

	return pr__error_set(err, PR_EPARSE, "rate '%s' %s",
			     pr__quote(q, sizeof(q), s, n), what);
}

/*
 * A rate is [sign] digits [. digits] or [sign] digits / digits, with
 * blanks trimmed; no separators, no symbol, no exponent. The text is
 * checked fully before out is touched, so out survives a failure.
 */
int
pr_rate_parse(mpq_t out, const char *text, pr_error *err)
{
	const char *s;
	size_t n;
	size_t i = 0;
	size_t num_start;
	size_t num_end;
	size_t den_start = 0;
	size_t den_end = 0;
	size_t frac_start = 0;
	size_t frac_end = 0;
	int neg = 0;

	if (out == NULL || text == NULL)
		return pr__error_set(err, PR_EINVALID,
				     "pr_rate_parse: no output or no text");
	n = strlen(text);
	s = trim(text, &n);
	if (n == 0)
		return pr__error_set(err, PR_EPARSE, "empty rate");
	if (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-';
		i++;
	}
	if (i == n || !is_digit(s[i])) {
		if (is_not_a_number(s, n, i))
			return rate_error(err, s, n, "is not a number");
		return rate_error(err, s, n,
				  "is not a decimal number or fraction");
	}
	num_start = i;
	while (i < n && is_digit(s[i]))
		i++;
	num_end = i;
	if (i < n && s[i] == '.') {
		i++;
		frac_start = i;
		while (i < n && is_digit(s[i]))
			i++;
		frac_end = i;
		if (frac_end == frac_start) {
			if (is_exponent(s, n, i))
				return rate_error(err, s, n,
						  "has an exponent");
			return rate_error(err, s, n, "is not a decimal "
					  "number or fraction");
		}
	} else if (i < n && s[i] == '/') {
		i++;
		den_start = i;
		while (i < n && is_digit(s[i]))
			i++;
		den_end = i;
		if (den_end == den_start)
			return rate_error(err, s, n, "is not a decimal "
					  "number or fraction");
	}
	if (i < n) {
		if (is_exponent(s, n, i))
			return rate_error(err, s, n, "has an exponent");
		return rate_error(err, s, n,
				  "is not a decimal number or fraction");
	}
	if (den_end > den_start) {
		size_t k = den_start;

		while (k < den_end && s[k] == '0')
			k++;
		if (k == den_end)
			return rate_error(err, s, n,
					  "has a zero denominator");
	}

	mpz_set_ui(mpq_numref(out), 0);
	append_digits(mpq_numref(out), s + num_start, num_end - num_start);
	append_digits(mpq_numref(out), s + frac_start, frac_end - frac_start);
	if (neg)
		mpz_neg(mpq_numref(out), mpq_numref(out));
	if (den_end > den_start) {
		mpz_set_ui(mpq_denref(out), 0);
		append_digits(mpq_denref(out), s + den_start,
			      den_end - den_start);
	} else {
		mpz_ui_pow_ui(mpq_denref(out), 10, frac_end - frac_start);
	}
	mpq_canonicalize(out);
	return PR_OK;
}

/*
 * out = units * rate * 10^to_minor / 10^from_minor, as one exact
 * fraction num / den rounded once. Division truncates toward zero; the
 * doubled remainder against den then says whether we are below, at or
 * past the half, and rounding moves away from zero when it should. The
 * result goes to out last, so out may alias units.
 */
void
pr_money_convert(mpz_t out, const mpz_t units, unsigned from_minor,
		 const mpq_t rate, unsigned to_minor, pr_round mode)
{
	mpz_t num;
	mpz_t den;
	mpz_t q;
	mpz_t r;
	int c;

	assert(out != NULL && units != NULL && rate != NULL);
	mpz_inits(num, den, q, r, NULL);
	mpz_ui_pow_ui(num, 10, to_minor);
	mpz_mul(num, num, units);
	mpz_mul(num, num, mpq_numref(rate));
	mpz_ui_pow_ui(den, 10, from_minor);
	mpz_mul(den, den, mpq_denref(rate));
	if (mpz_sgn(den) == 0)
		goto done; /* not a rate: q stays 0 */
	if (mpz_sgn(den) < 0) {
		mpz_neg(num, num);
		mpz_neg(den, den);
	}
	mpz_tdiv_qr(q, r, num, den);
	if (mode != PR_ROUND_DOWN && mpz_sgn(r) != 0) {
		mpz_abs(r, r);
		mpz_mul_2exp(r, r, 1);
		c = mpz_cmp(r, den);
		if (c > 0 || (c == 0 && (mode != PR_ROUND_HALF_EVEN ||
					 mpz_odd_p(q)))) {
			if (mpz_sgn(num) < 0)
				mpz_sub_ui(q, q, 1);
			else
				mpz_add_ui(q, q, 1);
		}
	}
done:
	mpz_swap(out, q);
	mpz_clears(num, den, q, r, NULL);
}
