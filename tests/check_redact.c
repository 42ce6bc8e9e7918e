/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests for the redaction of outputs: a property test over generated
 * names (accents, apostrophes, hyphens, two-word surnames, one- and
 * two-letter names) embedded in generated memos in every form, spacing,
 * case and spelling; exact cases; control escapes and bidi marks; the
 * filtering stream; running out of memory. */
#include "config.h"
#include "common.h"
#include "testutil.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ---- the test's own normalisation (not redact.c's) ---- */

/*
 * " w1 w2 ... ": NFKC, case folded, marks and ignorable characters
 * removed, every run of characters that are not letters or digits one
 * space. A name form survives in a text when " form " is in it.
 */
static char *
norm_words(const char *s)
{
	utf8proc_uint8_t *m = NULL;
	utf8proc_ssize_t n, i = 0;
	tu_buf b = { NULL, 0, 0 };
	int space = 1;

	n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &m,
			 UTF8PROC_NULLTERM | UTF8PROC_STABLE |
			 UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
			 UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK |
			 UTF8PROC_IGNORE);
	ck_assert_int_ge(n, 0);
	tu_buf_printf(&b, " ");
	while (i < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(m + i, n - i, &cp);
		utf8proc_category_t c;

		ck_assert_int_gt(k, 0);
		c = utf8proc_category(cp);
		if ((c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
		    (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO)) {
			tu_buf_printf(&b, "%.*s", (int)k, (const char *)m + i);
			space = 0;
		} else if (!space) {
			tu_buf_printf(&b, " ");
			space = 1;
		}
		i += k;
	}
	if (!space)
		tu_buf_printf(&b, " ");
	free(m);
	return b.s;
}

/* s with utf8proc options applied (a spelling of a word), malloc'd. */
static char *
map(const char *s, utf8proc_option_t o)
{
	utf8proc_uint8_t *m = NULL;

	ck_assert_int_ge(utf8proc_map((const utf8proc_uint8_t *)s, 0, &m,
				      UTF8PROC_NULLTERM | UTF8PROC_STABLE | o),
			 0);
	return (char *)m;
}

/* ---- generated names and memos ---- */

static const char *const givens[] = {
	"José", "Zoë", "Jane", "Ana", "J", "Al", "Jean-Pierre", "Siobhán",
	"Mary", "Ángel", "Bo", "Łucja"
};
static const char *const middles[] = {
	NULL, NULL, NULL, "María", "Q", "Ann", "Renée"
};
static const char *const surnames[] = {
	"Núñez", "O'Brien", "Smith-Jones", "García Márquez", "Li", "Ng",
	"Doe", "Müller", "Ó Súilleabháin", "Van Der Berg", "Xu"
};
/* words around a name: none of them a name's word or a single letter */
static const char *const prefixes[] = {
	"", "ZELLE FROM ", "ACH MOBILE DEPOSIT ", "wire to ",
	"PAYMENT 42 BY ", "Transfer: ", "\"", "CHECK 1001 PAYEE="
};
static const char *const suffixes[] = {
	"", " REF 12345", " memo", ". THANKS", ";", "\"", " (rent)",
	"\u00a0PAID"
};
static const char *const seps[] = {
	" ", "  ", "\u00a0", "\u202f", "\t", "\u2007", " \u00a0"
};

struct party {
	const char *given, *middle, *surname;
	char name[128];
	char pseudo[16];
};

static const char *
pick(tu_rng *r, const char *const *v, size_t n)
{
	return v[tu_rng_below(r, n)];
}

#define PICK(r, v) pick((r), (v), sizeof(v) / sizeof(*(v)))

/* One word as a memo might spell it: case (upper, lower, as written,
 * mixed) and diacritics (kept, removed, decomposed, or an accent added
 * on the first plain vowel). */
static void
spell_word(tu_buf *b, tu_rng *r, const char *w, int kase, int marks)
{
	char *x = NULL;
	utf8proc_ssize_t i, n;
	utf8proc_int32_t cp;
	int added = 0;

	switch (marks) {
	case 1:
		x = map(w, UTF8PROC_COMPOSE | UTF8PROC_STRIPMARK);
		break;
	case 2:
		x = map(w, UTF8PROC_DECOMPOSE);
		break;
	default:
		x = map(w, UTF8PROC_COMPOSE);
		break;
	}
	n = (utf8proc_ssize_t)strlen(x);
	for (i = 0; i < n;) {
		utf8proc_uint8_t enc[8];
		utf8proc_ssize_t k = utf8proc_iterate((utf8proc_uint8_t *)x +
						      i, n - i, &cp);

		ck_assert_int_gt(k, 0);
		if (kase == 0 || (kase == 3 && tu_rng_below(r, 2)))
			cp = utf8proc_toupper(cp);
		else if (kase == 1 || kase == 3)
			cp = utf8proc_tolower(cp);
		enc[utf8proc_encode_char(cp, enc)] = '\0';
		tu_buf_printf(b, "%s", (char *)enc);
		if (marks == 3 && !added && strchr("aeiouAEIOU", (int)cp) &&
		    cp < 0x80) {
			/* U+0301 COMBINING ACUTE ACCENT */
			tu_buf_printf(b, "\xcc\x81");
			added = 1;
		}
		i += k;
	}
	free(x);
}

/* A run of words (a given name, a surname of one or two words), each
 * spelt, joined by random separators; an apostrophe or hyphen inside a
 * word kept, or (apostrophes) sometimes dropped: "OBRIEN". */
static void
spell_words(tu_buf *b, tu_rng *r, const char *words, int kase, int marks)
{
	const char *p = words;

	while (*p) {
		size_t n = strcspn(p, " ");
		char w[64], *q;

		if (p != words)
			tu_buf_printf(b, "%s", PICK(r, seps));
		snprintf(w, sizeof(w), "%.*s", (int)n, p);
		q = strchr(w, '\'');
		if (q != NULL && tu_rng_below(r, 2))
			memmove(q, q + 1, strlen(q));
		spell_word(b, r, w, kase, marks);
		p += n;
		p += *p == ' ';
	}
}

/* The first letter of a word, as a memo would write it. */
static void
spell_initial(tu_buf *b, const char *w, int kase)
{
	utf8proc_int32_t cp;
	utf8proc_uint8_t enc[8];
	char *x = map(w, UTF8PROC_COMPOSE | UTF8PROC_STRIPMARK);

	ck_assert_int_gt(utf8proc_iterate((utf8proc_uint8_t *)x, -1, &cp), 0);
	if (kase != 1)
		cp = utf8proc_toupper(cp);
	else
		cp = utf8proc_tolower(cp);
	enc[utf8proc_encode_char(cp, enc)] = '\0';
	tu_buf_printf(b, "%s", (char *)enc);
	free(x);
}

/*
 * A rendering of party p in one of the forms a record uses: the full
 * name; given name and surname; initial(s) and surname ("J DOE",
 * "J. DOE", "J.M. DOE"); surname, given name ("DOE, JANE", "DOE JANE");
 * surname and initial ("DOE J", "DOE J."). The match is the rendering
 * less *trail (a dot after a last initial), which is written to trail.
 */
static void
render(tu_buf *b, char trail[4], tu_rng *r, const struct party *p)
{
	int form = (int)tu_rng_below(r, 6), kase = (int)tu_rng_below(r, 4);
	int marks = (int)tu_rng_below(r, 4), dot = (int)tu_rng_below(r, 2);
	const char *surname = p->surname;
	char last[64];

	trail[0] = '\0';
	/* of a two-word surname, the last word alone is a surname too */
	if (strchr(surname, ' ') && tu_rng_below(r, 4) == 0) {
		snprintf(last, sizeof(last), "%s", strrchr(surname, ' ') + 1);
		surname = last;
	}
	if (form == 3 && p->middle == NULL)
		form = 2;
	switch (form) {
	case 0: /* full */
		spell_words(b, r, p->given, kase, marks);
		if (p->middle != NULL) {
			tu_buf_printf(b, "%s", PICK(r, seps));
			spell_words(b, r, p->middle, kase, marks);
		}
		tu_buf_printf(b, "%s", PICK(r, seps));
		spell_words(b, r, p->surname, kase, marks);
		break;
	case 1: /* given surname */
		spell_words(b, r, p->given, kase, marks);
		tu_buf_printf(b, "%s", PICK(r, seps));
		spell_words(b, r, surname, kase, marks);
		break;
	case 2: /* J DOE, J. DOE */
		spell_initial(b, p->given, kase);
		tu_buf_printf(b, "%s%s", dot ? "." : "", PICK(r, seps));
		spell_words(b, r, surname, kase, marks);
		break;
	case 3: /* J.M. DOE, J M DOE */
		spell_initial(b, p->given, kase);
		tu_buf_printf(b, "%s", dot ? "." : PICK(r, seps));
		spell_initial(b, p->middle, kase);
		tu_buf_printf(b, "%s%s", dot ? "." : "", PICK(r, seps));
		spell_words(b, r, surname, kase, marks);
		break;
	case 4: /* DOE, JANE; DOE JANE */
		spell_words(b, r, surname, kase, marks);
		tu_buf_printf(b, "%s", dot ? "," : "");
		tu_buf_printf(b, "%s", PICK(r, seps));
		spell_words(b, r, p->given, kase, marks);
		break;
	default: /* DOE J, DOE J. */
		spell_words(b, r, surname, kase, marks);
		tu_buf_printf(b, "%s", PICK(r, seps));
		spell_initial(b, p->given, kase);
		if (dot)
			strcpy(trail, ".");
		break;
	}
}

/* The normalised forms of p that must not survive: given name,
 * initial, middle name and surname words in every order the records
 * use. */
static void
forms_of(char forms[8][160], const struct party *p)
{
	char *g = norm_words(p->given), *s = norm_words(p->surname);
	char *m = p->middle ? norm_words(p->middle) : NULL;
	char i[8];

	/* g and s are " jane ", " doe ": drop the outer spaces */
	g[strlen(g) - 1] = '\0';
	s[strlen(s) - 1] = '\0';
	snprintf(i, sizeof(i), " %.*s", g[1] & 0x80 ? 2 : 1, g + 1);
	snprintf(forms[0], 160, "%s%s ", g, s);
	snprintf(forms[1], 160, "%s%s ", i, s);
	snprintf(forms[2], 160, "%s%s ", s, g);
	snprintf(forms[3], 160, "%s%s ", s, i);
	if (m != NULL) {
		m[strlen(m) - 1] = '\0';
		snprintf(forms[4], 160, "%s%s%s ", g, m, s);
		snprintf(forms[5], 160, "%s %.1s%s ", i, m + 1, s);
	} else {
		memcpy(forms[4], forms[0], 160);
		memcpy(forms[5], forms[1], 160);
	}
	snprintf(forms[6], 160, "%s%s ", s, g);
	memcpy(forms[7], forms[0], 160);
	free(g);
	free(s);
	free(m);
}

/* Is r a '/'-joined list of known pseudonyms in natural order, with
 * want among them? */
static int
pseudonyms_ok(const char *r, size_t n, struct party *ps, const char *want)
{
	const char *p = r;
	long last = 0;
	int found = 0;

	while (*p) {
		size_t len = strcspn(p, "/"), k;
		char *end;
		long num;

		for (k = 0; k < n; k++)
			if (strlen(ps[k].pseudo) == len &&
			    memcmp(ps[k].pseudo, p, len) == 0)
				break;
		if (k == n)
			return 0;
		num = strtol(p + 2, &end, 10);
		if (num <= last)
			return 0;
		last = num;
		found |= strcmp(ps[k].pseudo, want) == 0;
		p += len;
		p += *p == '/';
	}
	return found;
}

#define ROUNDS 300
#define MEMOS 24

/*
 * The property: for random parties and memos that embed one of them in
 * any form, the output is the memo with exactly the name's span replaced
 * by a list of pseudonyms that holds the party's (bytes outside the
 * match unchanged), and no form of any party's name survives in it.
 * The memos of a round, filtered together as lines of one text, give
 * the same lines.
 */
START_TEST(test_redact_property)
{
	tu_rng r;
	int round;

	tu_rng_seed(&r, TU_SEED);
	for (round = 0; round < ROUNDS; round++) {
		struct party ps[4];
		size_t np = 1 + tu_rng_below(&r, 4), k;
		tu_buf all = { NULL, 0, 0 }, want_all = { NULL, 0, 0 };
		pr_redact *rd = NULL;
		pr_error err;
		const char *out;
		size_t len;
		int m;

		pr_error_clear(&err);
		ck_assert_int_eq(pr_redact_new(&rd, NULL, NULL, &err), PR_OK);
		for (k = 0; k < np; k++) {
			struct party *p = &ps[k];

			p->given = PICK(&r, givens);
			p->middle = PICK(&r, middles);
			p->surname = PICK(&r, surnames);
			snprintf(p->name, sizeof(p->name), "%s%s%s %s",
				 p->given, p->middle ? " " : "",
				 p->middle ? p->middle : "", p->surname);
			snprintf(p->pseudo, sizeof(p->pseudo), "V-%zu",
				 k + 1);
			ck_assert_int_eq(pr_redact_add_party(rd, p->name,
							     p->pseudo, &err),
					 PR_OK);
		}
		for (m = 0; m < MEMOS; m++) {
			const struct party *p = &ps[tu_rng_below(&r, np)];
			const char *pre = PICK(&r, prefixes);
			const char *suf = PICK(&r, suffixes);
			tu_buf name = { NULL, 0, 0 }, memo = { NULL, 0, 0 };
			char trail[4], got_r[256], forms[8][160], *nw;
			size_t i, j;

			render(&name, trail, &r, p);
			tu_buf_printf(&memo, "%s%s%s%s", pre, name.s, trail,
				      suf);
			ck_assert_int_eq(pr_redact_apply(rd, memo.s, memo.len,
							 0, &out, &len, &err),
					 PR_OK);
			/* prefix and suffix are there, byte for byte */
			ck_assert_msg(len >= strlen(pre) + strlen(trail) +
				      strlen(suf) &&
				      memcmp(out, pre, strlen(pre)) == 0 &&
				      memcmp(out + len - strlen(suf) -
					     strlen(trail), trail,
					     strlen(trail)) == 0 &&
				      memcmp(out + len - strlen(suf), suf,
					     strlen(suf)) == 0,
				      "%s: '%s' -> '%.*s'", p->name, memo.s,
				      (int)len, out);
			/* and between them, the pseudonyms */
			i = strlen(pre);
			j = len - strlen(suf) - strlen(trail);
			ck_assert_msg(j > i && j - i < sizeof(got_r),
				      "%s: '%s' -> '%.*s'", p->name, memo.s,
				      (int)len, out);
			memcpy(got_r, out + i, j - i);
			got_r[j - i] = '\0';
			ck_assert_msg(pseudonyms_ok(got_r, np, ps, p->pseudo),
				      "%s (%s): '%s' -> '%.*s'", p->name,
				      p->pseudo, memo.s, (int)len, out);
			/* no form of any name survives */
			tu_buf_printf(&want_all, "%.*s\n", (int)len, out);
			nw = norm_words(want_all.s + want_all.len - len - 1);
			for (k = 0; k < np; k++) {
				forms_of(forms, &ps[k]);
				for (i = 0; i < 8; i++)
					ck_assert_msg(strstr(nw, forms[i]) ==
						      NULL, "'%s' of %s in "
						      "'%s' from '%s'",
						      forms[i], ps[k].name, nw,
						      memo.s);
			}
			free(nw);
			tu_buf_printf(&all, "%s\n", memo.s);
			tu_buf_free(&name);
			tu_buf_free(&memo);
		}
		/* the same, as the lines of one text */
		ck_assert_int_eq(pr_redact_apply(rd, all.s, all.len, 0, &out,
						 &len, &err), PR_OK);
		ck_assert_uint_eq(len, want_all.len);
		ck_assert(memcmp(out, want_all.s, len) == 0);
		tu_buf_free(&all);
		tu_buf_free(&want_all);
		pr_redact_free(rd);
	}
}
END_TEST

/* ---- exact cases ---- */

static const struct {
	const char *name, *pseudo;
} case_parties[] = {
	{ "Jane Doe", "V-1" },
	{ "José Núñez", "V-2" },
	{ "John Doe", "V-10" },
	{ "Sean O'Brien", "D-1" },
	{ "Zoë", "V-4" },
	{ "Al Li", "V-5" },
	{ "José García Márquez", "D-2" },
	{ "Mary Ann Smith", "V-6" },
	{ "Søren Åberg", "V-7" },
	{ "Doe, Richard", "V-8" },
	{ "Jean-Pierre Dupont", "V-9" },
};

static const struct {
	const char *in, *out;
	unsigned flags;
} cases[] = {
	/* initials, order, a form of two parties: both, in natural order */
	{ "ZELLE FROM J DOE", "ZELLE FROM V-1/V-10", 0 },
	{ "ZELLE FROM JANE DOE", "ZELLE FROM V-1", 0 },
	{ "DOE, JANE", "V-1", 0 },
	{ "doe jane.", "V-1.", 0 },
	{ "Doe J", "V-1/V-10", 0 },
	{ "J. Doe paid", "V-1/V-10 paid", 0 },
	/* a surname or a given name alone is not a name */
	{ "DOE", "DOE", 0 },
	{ "JANE and DOE", "JANE and DOE", 0 },
	{ "JANEDOE", "JANEDOE", 0 },
	/* spaces of every kind, diacritics removed, decomposed, wide */
	{ "JOSÉ  NÚÑEZ", "V-2", 0 },
	{ "JOSE\u00a0NUNEZ", "V-2", 0 },
	{ "Jose\u0301 Nun\u0303ez", "V-2", 0 },
	{ "j.\u202fnúñez", "V-2", 0 },
	{ "\uff2a\uff21\uff2e\uff25 \uff24\uff2f\uff25", "V-1", 0 },
	{ "NÚÑEZ, J.", "V-2.", 0 },
	/* apostrophes: kept, typographic, dropped */
	{ "SEAN O'BRIEN", "D-1", 0 },
	{ "S. O\u2019Brien", "D-1", 0 },
	{ "SEAN OBRIEN", "D-1", 0 },
	{ "O'BRIEN, SEAN", "D-1", 0 },
	/* a name of one word is its own form; short names count */
	{ "ZOE", "V-4", 0 },
	{ "ZOË SMITH", "V-4 SMITH", 0 },
	{ "AL LI", "V-5", 0 },
	{ "A LI", "V-5", 0 },
	{ "LI A.", "V-5.", 0 },
	{ "ALI", "ALI", 0 },
	/* two-word surnames, middle names, initials run together */
	{ "JOSE GARCIA MARQUEZ", "D-2", 0 },
	{ "GARCÍA MÁRQUEZ, JOSÉ", "D-2", 0 },
	{ "J GARCIA MARQUEZ", "D-2", 0 },
	{ "J MARQUEZ", "D-2", 0 },
	{ "JG MARQUEZ", "D-2", 0 },
	{ "JOSE GARCIA", "D-2", 0 },
	{ "M.A. SMITH", "V-6", 0 },
	{ "MA SMITH", "V-6", 0 },
	{ "MARY SMITH", "V-6", 0 },
	{ "SMITH, MARY ANN", "V-6", 0 },
	/* letters without a decomposition */
	{ "SOREN ABERG", "V-7", 0 },
	{ "SØREN ÅBERG", "V-7", 0 },
	/* "Surname, Given" in the case */
	{ "RICHARD DOE", "V-8", 0 },
	{ "R DOE", "V-8", 0 },
	/* hyphenated given name */
	{ "J-P DUPONT", "V-9", 0 },
	{ "JP DUPONT", "V-9", 0 },
	{ "JEAN PIERRE DUPONT", "V-9", 0 },
	{ "J DUPONT", "V-9", 0 },
	/* what breaks a name: a quote, a newline, a long gap */
	{ "JANE \"DOE\"", "JANE \"DOE\"", 0 },
	{ "JANE\nDOE", "JANE\nDOE", 0 },
	{ "JANE          DOE", "JANE          DOE", 0 },
	{ "JANE . , - DOE", "V-1", 0 },
	/* several on a line; bytes between unchanged */
	{ "J DOE;JOSE NUNEZ|AL LI", "V-1/V-10;V-2|V-5", 0 },
	/* bidi controls marked everywhere, inside a name removed with it */
	{ "A\u202eB\u2066C\u200fD\u061cE", "A<U+202E>B<U+2066>C<U+200F>D"
	  "<U+061C>E", 0 },
	{ "FROM J\u202e DOE", "FROM V-1/V-10", 0 },
	{ "JANE DOE\u202e", "V-1<U+202E>", 0 },
	/* control characters: as they are, or escaped for a terminal */
	{ "a\x1b]8;;http://x\x07hid\x1b]8;;\x07 b", "a\x1b]8;;http://x\x07"
	  "hid\x1b]8;;\x07 b", 0 },
	{ "a\x1b]8;;http://x\x07hid\x1b]8;;\x07 b", "a\\x1b]8;;http://x"
	  "\\x07hid\\x1b]8;;\\x07 b", PR_REDACT_ESCAPE },
	{ "\x1b[8mhidden\x1b[0m", "\\x1b[8mhidden\\x1b[0m",
	  PR_REDACT_ESCAPE },
	{ "ab\bc\td\re\x7f", "ab\\x08c\\x09d\\x0de\\x7f", PR_REDACT_ESCAPE },
	{ "c1 \xc2\x9b" "31m", "c1 \\xc2\\x9b" "31m", PR_REDACT_ESCAPE },
	{ "bad \xff\xc3(", "bad \\xff\\xc3(", PR_REDACT_ESCAPE },
	{ "bad \xff\xc3(", "bad \xff\xc3(", 0 },
	{ "ok é ü \u00a0\n", "ok é ü \u00a0\n", PR_REDACT_ESCAPE },
	{ "J\x1b DOE", "J\\x1b DOE", PR_REDACT_ESCAPE },
};

START_TEST(test_redact_cases)
{
	pr_redact *rd = NULL;
	pr_error err;
	const char *out;
	size_t len, k;

	pr_error_clear(&err);
	ck_assert_int_eq(pr_redact_new(&rd, NULL, NULL, &err), PR_OK);
	for (k = 0; k < sizeof(case_parties) / sizeof(*case_parties); k++)
		ck_assert_int_eq(pr_redact_add_party(rd, case_parties[k].name,
						     case_parties[k].pseudo,
						     &err), PR_OK);
	ck_assert_int_eq(pr_redact_apply(rd, cases[_i].in,
					 strlen(cases[_i].in),
					 cases[_i].flags, &out, &len, &err),
			 PR_OK);
	ck_assert_msg(len == strlen(cases[_i].out) &&
		      memcmp(out, cases[_i].out, len) == 0,
		      "'%s' -> '%.*s', want '%s'", cases[_i].in, (int)len, out,
		      cases[_i].out);
	pr_redact_free(rd);
}
END_TEST

/* Without parties, text passes unchanged but for the marks; with
 * PR_STORE-less new and bad arguments, the errors. */
START_TEST(test_redact_empty_and_errors)
{
	pr_redact *rd = NULL;
	pr_error err;
	const char *out;
	size_t len;

	pr_error_clear(&err);
	ck_assert_int_eq(pr_redact_new(NULL, NULL, NULL, &err), PR_EINVALID);
	ck_assert_int_eq(pr_redact_new(&rd, NULL, NULL, &err), PR_OK);
	ck_assert_int_eq(pr_redact_apply(rd, "x\u202ey\n", 6, 0, &out, &len,
					 &err), PR_OK);
	ck_assert_uint_eq(len, 11);
	ck_assert(memcmp(out, "x<U+202E>y\n", 11) == 0);
	ck_assert_int_eq(pr_redact_apply(rd, "", 0, 0, &out, &len, &err),
			 PR_OK);
	ck_assert_uint_eq(len, 0);
	ck_assert_int_eq(pr_redact_add_party(rd, "Jane Doe", "", &err),
			 PR_EINVALID);
	ck_assert_str_eq(err.msg, "no name or pseudonym");
	ck_assert_int_eq(pr_redact_add_party(rd, " - ", "V-1", &err),
			 PR_EINVALID);
	ck_assert_str_eq(err.msg, "'V-1' has no letter or digit");
	ck_assert_int_eq(pr_redact_apply(NULL, "x", 1, 0, &out, &len, &err),
			 PR_EINVALID);
	pr_redact_free(rd);
	pr_redact_free(NULL);
}
END_TEST

/* The stream gives what pr_redact_apply gives, whatever the pieces it
 * is written in (a name cut between two writes), and writes an
 * unfinished last line when closed. */
START_TEST(test_redact_stream)
{
	static const char text[] = "F1,ZELLE FROM J DOE,12.00\r\n"
				   "F2,DOE, JANE\x1b[8m,\u202e\r\n"
				   "no newline: JOSE NUNEZ";
	pr_redact *rd = NULL;
	pr_error err;
	const char *want;
	size_t want_len, n = 0, i, cut;
	char *buf = NULL;
	FILE *mem, *fp;

	pr_error_clear(&err);
	ck_assert_int_eq(pr_redact_new(&rd, NULL, NULL, &err), PR_OK);
	ck_assert_int_eq(pr_redact_add_party(rd, "Jane Doe", "V-1", &err),
			 PR_OK);
	ck_assert_int_eq(pr_redact_add_party(rd, "José Núñez", "V-2", &err),
			 PR_OK);
	for (cut = 1; cut < sizeof(text) - 1; cut += 3) {
		unsigned flags = cut % 2 ? PR_REDACT_ESCAPE : 0;
		char *copy;

		ck_assert_int_eq(pr_redact_apply(rd, text, sizeof(text) - 1,
						 flags, &want, &want_len,
						 &err), PR_OK);
		copy = malloc(want_len + 1);
		memcpy(copy, want, want_len);
		mem = open_memstream(&buf, &n);
		fp = pr_redact_stream(rd, mem, flags);
		ck_assert_ptr_nonnull(fp);
		setvbuf(fp, NULL, _IONBF, 0);
		for (i = 0; i < sizeof(text) - 1; i += cut)
			fwrite(text + i, 1, sizeof(text) - 1 - i < cut ?
			       sizeof(text) - 1 - i : cut, fp);
		ck_assert_int_eq(fclose(fp), 0);
		ck_assert_int_eq(fclose(mem), 0);
		ck_assert_msg(n == want_len && memcmp(buf, copy, n) == 0,
			      "pieces of %zu: '%s'", cut, buf);
		free(buf);
		free(copy);
	}
	ck_assert_ptr_null(pr_redact_stream(NULL, stdout, 0));
	pr_redact_free(rd);
}
END_TEST

/* CSV text: a comma outside quotes ends a cell, so two cells DOE,JANE
 * stay two cells, while inside a quoted cell (even one that spans lines,
 * even through a stream written in pieces) "DOE, JANE" is a name. */
START_TEST(test_redact_csv_cells)
{
	static const char text[] = "1,DOE,JANE,x\n"
				   "2,\"DOE,JANE\",\"memo\nDOE, JANE\",J DOE\n"
				   "3,\"a \"\"q\"\" b\",DOE J\n";
	static const char want_csv[] = "1,DOE,JANE,x\n"
				       "2,\"V-1\",\"memo\nV-1\",V-1\n"
				       "3,\"a \"\"q\"\" b\",V-1\n";
	static const char want_text[] = "1,V-1,x\n"
					"2,\"V-1\",\"memo\nV-1\",V-1\n"
					"3,\"a \"\"q\"\" b\",V-1\n";
	pr_redact *rd = NULL;
	pr_error err;
	const char *out;
	size_t len, n = 0, cut, i;
	char *buf = NULL;
	FILE *mem, *fp;

	pr_error_clear(&err);
	ck_assert_int_eq(pr_redact_new(&rd, NULL, NULL, &err), PR_OK);
	ck_assert_int_eq(pr_redact_add_party(rd, "Jane Doe", "V-1", &err),
			 PR_OK);
	ck_assert_int_eq(pr_redact_apply(rd, text, sizeof(text) - 1,
					 PR_REDACT_CSV, &out, &len, &err),
			 PR_OK);
	ck_assert_uint_eq(len, sizeof(want_csv) - 1);
	ck_assert(memcmp(out, want_csv, len) == 0);
	/* not CSV: the comma is a separator like any other */
	ck_assert_int_eq(pr_redact_apply(rd, text, sizeof(text) - 1, 0, &out,
					 &len, &err), PR_OK);
	ck_assert_uint_eq(len, sizeof(want_text) - 1);
	ck_assert(memcmp(out, want_text, len) == 0);
	for (cut = 1; cut < sizeof(text); cut += 2) {
		mem = open_memstream(&buf, &n);
		fp = pr_redact_stream(rd, mem, PR_REDACT_CSV);
		ck_assert_ptr_nonnull(fp);
		setvbuf(fp, NULL, _IONBF, 0);
		for (i = 0; i < sizeof(text) - 1; i += cut)
			fwrite(text + i, 1, sizeof(text) - 1 - i < cut ?
			       sizeof(text) - 1 - i : cut, fp);
		ck_assert_int_eq(fclose(fp), 0);
		ck_assert_int_eq(fclose(mem), 0);
		ck_assert_msg(n == sizeof(want_csv) - 1 &&
			      memcmp(buf, want_csv, n) == 0,
			      "pieces of %zu: '%s'", cut, buf);
		free(buf);
		buf = NULL;
	}
	pr_redact_free(rd);
}
END_TEST

/* Running out of memory at any allocation fails with PR_ENOMEM and
 * leaks nothing (the sanitizers check). */
START_TEST(test_redact_out_of_memory)
{
	unsigned long n;
	int rc = PR_ENOMEM;

	for (n = 1; rc == PR_ENOMEM && n < 100000; n++) {
		pr_redact *rd = NULL;
		pr_error err;
		const char *out;
		size_t len;

		pr_error_clear(&err);
		pr__alloc_fail_at(n);
		rc = pr_redact_new(&rd, NULL, NULL, &err);
		if (rc == PR_OK)
			rc = pr_redact_add_party(rd, "José García Márquez",
						 "D-2", &err);
		if (rc == PR_OK)
			rc = pr_redact_apply(rd, "FROM J GARCIA \u202e",
					     17, 0, &out, &len, &err);
		pr__alloc_fail_at(0);
		if (rc != PR_OK) {
			ck_assert_int_eq(rc, PR_ENOMEM);
			ck_assert_str_eq(err.msg, "out of memory");
		} else {
			ck_assert_uint_eq(len, 17);
			ck_assert(memcmp(out, "FROM D-2 <U+202E>", 17) == 0);
		}
		pr_redact_free(rd);
	}
	ck_assert_int_eq(rc, PR_OK);
}
END_TEST

static Suite *
redact_suite(void)
{
	Suite *s = suite_create("redact");
	TCase *tc = tcase_create("names");
	TCase *tx = tcase_create("text");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_redact_property);
	tcase_add_loop_test(tc, test_redact_cases, 0,
			    sizeof(cases) / sizeof(*cases));
	suite_add_tcase(s, tc);
	tcase_add_test(tx, test_redact_empty_and_errors);
	tcase_add_test(tx, test_redact_stream);
	tcase_add_test(tx, test_redact_csv_cells);
	tcase_add_test(tx, test_redact_out_of_memory);
	suite_add_tcase(s, tx);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(redact_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
