/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Names normalised for screening: utf8proc's NFKC, case folding and
 * marks stripped, punctuation dropped, legal forms made equal, and each
 * word's Soundex. The rules are listed in docs/screening.md. */
#include "config.h"
#include "common.h"

#include <string.h>
#include <utf8proc.h>
#include "screen_priv.h"

/* Letters with no decomposition, folded as a reader would. */
static const char *
fold_extra(int32_t cp)
{
	switch (cp) {
	case 0x00F8: return "o";  /* ø */
	case 0x0111: return "d";  /* đ */
	case 0x00F0: return "d";  /* ð */
	case 0x0127: return "h";  /* ħ */
	case 0x0131: return "i";  /* ı */
	case 0x0142: return "l";  /* ł */
	case 0x0167: return "t";  /* ŧ */
	case 0x00E6: return "ae"; /* æ */
	case 0x0153: return "oe"; /* œ */
	case 0x00FE: return "th"; /* þ */
	case 0x00DF: return "ss"; /* ß (case folding gives ss already) */
	default: return NULL;
	}
}

enum { K_WORD, K_JOIN, K_SEP };

/* A letter or digit is part of a word; an apostrophe or a full stop is
 * dropped and joins ("O'Brien" = "OBRIEN", "L.L.C." = "LLC"); anything
 * else (space, comma, hyphen, slash, brackets, &) separates words
 * ("Smith-Jones" = "Smith Jones"). */
static int
kind(int32_t cp)
{
	if (cp < 0x80) {
		if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
			return K_WORD;
		if (cp == '\'' || cp == '.' || cp == '`')
			return K_JOIN;
		return K_SEP;
	}
	switch (cp) {
	case 0x2018: case 0x2019: case 0x201B: case 0x02BC: case 0x02B9:
	case 0x00B4: case 0x2032: case 0x02BB: case 0x02BE: case 0x02BF:
		return K_JOIN;
	default:
		break;
	}
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
		return K_WORD;
	case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME: case UTF8PROC_CATEGORY_CF:
		return K_JOIN;
	default:
		return K_SEP;
	}
}

/*
 * Legal forms: each row's words (as normalised) become its one word.
 * Longest rows first, so "limited liability company" is read before
 * "limited". The table is docs/screening.md's.
 */
static const struct legal {
	const char *from;
	const char *to;
} legal_forms[] = {
	{ "limited liability company", "llc" },
	{ "limited liability partnership", "llp" },
	{ "public limited company", "plc" },
	{ "sociedad anonima", "sa" },
	{ "societe anonyme", "sa" },
	{ "sociedade anonima", "sa" },
	{ "societa per azioni", "spa" },
	{ "limited partnership", "lp" },
	{ "sa de cv", "sa de cv" },
	{ "s de rl de cv", "s de rl de cv" },
	{ "s de rl", "s de rl" },
	{ "limited", "ltd" },
	{ "incorporated", "inc" },
	{ "corporation", "corp" },
	{ "company", "co" },
	{ "gesellschaft mit beschrankter haftung", "gmbh" },
	{ "aktiengesellschaft", "ag" },
	{ "llc", "llc" }, { "ltd", "ltd" }, { "inc", "inc" },
	{ "corp", "corp" }, { "co", "co" }, { "sa", "sa" },
	{ "gmbh", "gmbh" }, { "ag", "ag" }, { "plc", "plc" },
	{ "llp", "llp" }, { "lp", "lp" }, { "bv", "bv" }, { "nv", "nv" },
	{ "srl", "srl" }, { "sarl", "sarl" }, { "spa", "spa" },
	{ "sas", "sas" }, { "sl", "sl" }, { "sae", "sae" }, { "sal", "sal" },
	{ "pte", "pte" }, { "pty", "pty" }, { "jsc", "jsc" },
	{ "ojsc", "ojsc" }, { "cjsc", "cjsc" }, { "pjsc", "pjsc" },
	{ "ooo", "ooo" }, { "oao", "oao" }, { "zao", "zao" },
	{ "fze", "fze" }, { "fzco", "fzco" }, { "fzc", "fzc" },
	{ "fzllc", "llc" },
};

/* Does word w (of name n) spell the ASCII text t? */
static int
word_is(const struct scr_name *n, size_t w, const char *t, size_t tn)
{
	size_t i;

	if (n->w[w].len != tn)
		return 0;
	for (i = 0; i < tn; i++)
		if (n->cp[n->w[w].off + i] != (unsigned char)t[i])
			return 0;
	return 1;
}

/* Do the words from w on spell the row's words? Returns how many. */
static size_t
row_at(const struct scr_name *n, size_t w, const char *from)
{
	size_t k = 0;

	while (*from != '\0') {
		const char *sp = strchr(from, ' ');
		size_t tn = sp != NULL ? (size_t)(sp - from) : strlen(from);

		if (w + k >= n->nw || !word_is(n, w + k, from, tn))
			return 0;
		k++;
		from += tn;
		if (*from == ' ')
			from++;
	}
	return k;
}

/*
 * Rewrite the legal forms of n in place: a matched row's words are
 * replaced by its canonical words, each marked legal. The code points
 * are rebuilt into a fresh array, since a row may shrink.
 */
static void
canon_legal(struct scr_name *n)
{
	int32_t cp[SCR_MAX_CP];
	struct scr_word w[SCR_MAX_WORDS];
	size_t ncp = 0, nw = 0, i = 0, r, k;

	while (i < n->nw) {
		const struct legal *hit = NULL;

		for (r = 0; r < sizeof(legal_forms) / sizeof(*legal_forms);
		     r++) {
			if (n->cp[n->w[i].off] !=
			    (unsigned char)legal_forms[r].from[0])
				continue;
			k = row_at(n, i, legal_forms[r].from);
			if (k > 0) {
				hit = &legal_forms[r];
				break;
			}
		}
		if (hit == NULL) {
			w[nw] = n->w[i];
			w[nw].off = (uint16_t)ncp;
			memcpy(cp + ncp, n->cp + n->w[i].off,
			       n->w[i].len * sizeof(int32_t));
			ncp += n->w[i].len;
			nw++;
			i++;
			continue;
		}
		{
			const char *to = hit->to;

			while (*to != '\0') {
				const char *sp = strchr(to, ' ');
				size_t tn = sp != NULL ? (size_t)(sp - to) :
					    strlen(to);
				size_t j;

				memset(&w[nw], 0, sizeof(w[nw]));
				w[nw].off = (uint16_t)ncp;
				w[nw].len = (uint16_t)tn;
				w[nw].legal = 1;
				for (j = 0; j < tn; j++)
					cp[ncp++] = (unsigned char)to[j];
				nw++;
				to += tn;
				if (*to == ' ')
					to++;
			}
		}
		i += k;
	}
	memcpy(n->cp, cp, ncp * sizeof(int32_t));
	memcpy(n->w, w, nw * sizeof(*w));
	n->n = ncp;
	n->nw = nw;
}

/* Add code point c to the word being read; start one when needed.
 * Returns 0 once the name is full (the rest is dropped). */
static int
put(struct scr_name *n, int32_t c, int *inword)
{
	if (!*inword) {
		/* a new word needs room for itself and a separator */
		if (n->nw == SCR_MAX_WORDS || n->len + 2 > SCR_MAX_CP)
			return 0;
		memset(&n->w[n->nw], 0, sizeof(n->w[n->nw]));
		n->w[n->nw].off = (uint16_t)n->n;
		n->len += n->nw > 0 ? 1 : 0;
		n->nw++;
		*inword = 1;
	} else if (n->len + 1 > SCR_MAX_CP) {
		return 0;
	}
	n->cp[n->n++] = c;
	n->w[n->nw - 1].len++;
	n->len++;
	return 1;
}

/* Read code points cps[0..m) into n; stop quietly when n is full. */
static void
read_cps(struct scr_name *n, const int32_t *cps, size_t m,
	 const unsigned char *bytes)
{
	int inword = 0;
	size_t i;

	for (i = 0; i < m; i++) {
		int32_t c = cps != NULL ? cps[i] : bytes[i];
		const char *x;

		if (cps == NULL && c >= 'A' && c <= 'Z')
			c = c - 'A' + 'a';
		x = cps != NULL ? fold_extra(c) : NULL;
		if (x != NULL) {
			while (*x != '\0')
				if (!put(n, (unsigned char)*x++, &inword))
					return;
			continue;
		}
		switch (cps != NULL || c < 0x80 ? kind(c) : K_WORD) {
		case K_WORD:
			if (!put(n, c, &inword))
				return;
			break;
		case K_JOIN:
			break;
		default:
			inword = 0;
			break;
		}
	}
}

int
pr__screen_norm(struct scr_name *out, const char *s, struct scr_scratch *sc)
{
	const utf8proc_option_t opt = UTF8PROC_STABLE | UTF8PROC_COMPOSE |
		UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK |
		UTF8PROC_IGNORE;
	size_t n = strlen(s), i;
	utf8proc_ssize_t m;
	int ascii = 1;

	out->n = 0;
	out->nw = 0;
	out->len = 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			ascii = 0;
	if (ascii) {
		read_cps(out, NULL, n, (const unsigned char *)s);
	} else {
		for (;;) {
			m = utf8proc_decompose((const utf8proc_uint8_t *)s,
					       (utf8proc_ssize_t)n, sc->u32,
					       (utf8proc_ssize_t)sc->u32_cap,
					       opt);
			if (m < 0 || (size_t)m <= sc->u32_cap)
				break;
			if (pr__grow((void **)&sc->u32, &sc->u32_cap,
				     (size_t)m, sizeof(int32_t)) != 0)
				return PR_ENOMEM;
		}
		if (m >= 0)
			m = utf8proc_normalize_utf32(sc->u32, m, opt);
		if (m < 0)
			read_cps(out, NULL, n, (const unsigned char *)s);
		else
			read_cps(out, sc->u32, (size_t)m, NULL);
	}
	canon_legal(out);
	for (i = 0; i < out->nw; i++)
		pr__screen_soundex(out->w[i].sdx, out->cp + out->w[i].off,
				   out->w[i].len);
	out->len = pr__screen_compared_len(out->w, out->nw);
	return PR_OK;
}

/* Are all the words legal forms? (Then they are all compared.) */
int
pr__screen_all_legal(const struct scr_word *w, size_t nw)
{
	size_t i;

	for (i = 0; i < nw; i++)
		if (!w[i].legal)
			return 0;
	return 1;
}

size_t
pr__screen_compared_len(const struct scr_word *w, size_t nw)
{
	int all = pr__screen_all_legal(w, nw);
	size_t i, len = 0, k = 0;

	for (i = 0; i < nw; i++) {
		if (w[i].legal && !all)
			continue;
		len += w[i].len + (k++ > 0 ? 1 : 0);
	}
	return len;
}

void
pr__screen_scratch_clear(struct scr_scratch *sc)
{
	pr__free(sc->u32);
	sc->u32 = NULL;
	sc->u32_cap = 0;
}

/* Soundex digit of a letter: 0 for a vowel (a e i o u y), -1 for h and
 * w (which do not separate equal digits), as the American rule has it. */
static int
sdx_digit(int32_t c)
{
	switch (c) {
	case 'b': case 'f': case 'p': case 'v':
		return 1;
	case 'c': case 'g': case 'j': case 'k': case 'q': case 's':
	case 'x': case 'z':
		return 2;
	case 'd': case 't':
		return 3;
	case 'l':
		return 4;
	case 'm': case 'n':
		return 5;
	case 'r':
		return 6;
	case 'h': case 'w':
		return -1;
	default:
		return 0;
	}
}

/*
 * American Soundex (as the US Census and OFAC's search use it): the
 * first letter, then the digits of the following consonants, equal
 * adjacent digits (also across h and w) written once, vowels dropped
 * but separating, padded with 0 to four characters. Only a-z count:
 * a word of other letters has no code ("").
 */
void
pr__screen_soundex(char out[5], const int32_t *w, size_t n)
{
	size_t i, k = 0;
	int last = 0;

	memset(out, 0, 5);
	for (i = 0; i < n; i++) {
		int32_t c = w[i];
		int d;

		if (c < 'a' || c > 'z')
			continue;
		d = sdx_digit(c);
		if (k == 0) {
			out[k++] = (char)(c - 'a' + 'A');
			last = d;
			continue;
		}
		if (d == -1)
			continue;
		if (d > 0 && d != last && k < 4)
			out[k++] = (char)('0' + d);
		last = d;
	}
	if (k == 0)
		return;
	while (k < 4)
		out[k++] = '0';
}

int
pr_screen_normalise(char **out, const char *name)
{
	struct scr_scratch sc = { NULL, 0 };
	struct scr_name *n = NULL;
	char *t = NULL;
	size_t i, j, o = 0;
	int rc = PR_ENOMEM;

	*out = NULL;
	n = pr__malloc(sizeof(*n));
	if (n == NULL || pr__screen_norm(n, name, &sc) != PR_OK)
		goto done;
	t = pr__malloc(n->n * 4 + n->nw + 1);
	if (t == NULL)
		goto done;
	for (i = 0; i < n->nw; i++) {
		if (i > 0)
			t[o++] = ' ';
		for (j = 0; j < n->w[i].len; j++) {
			utf8proc_ssize_t k = utf8proc_encode_char(
				n->cp[n->w[i].off + j],
				(utf8proc_uint8_t *)t + o);

			o += (size_t)k;
		}
	}
	t[o] = '\0';
	*out = t;
	t = NULL;
	rc = PR_OK;
done:
	pr__free(t);
	pr__free(n);
	pr__screen_scratch_clear(&sc);
	return rc;
}

void
pr_screen_text_free(char *text)
{
	pr__free(text);
}
