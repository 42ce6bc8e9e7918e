/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Redaction of every output: victims' and defendants' names matched as
 * normalised word sequences, account numbers masked, bidi controls
 * marked, control characters escaped for a terminal; a filtering stream. */
#define _GNU_SOURCE /* fopencookie */
#include "config.h"
#include "common.h"
#include "redact.h"
#include "store.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/*
 * Design. Text is read a line at a time and cut into words: runs of
 * letters, marks and digits (Unicode categories L, M, N), each with its
 * byte span in the line. A word is normalised for comparison: NFKC, case
 * folded, marks and default-ignorable characters removed, and a few
 * letters that have no decomposition folded (ø o, ł l, đ d, æ ae ...);
 * a word of ASCII letters and digits is simply lowercased (the fast path:
 * utf8proc runs only on words with other characters). Between two words
 * of a name the text may have any run of at most MAX_GAP separators:
 * spaces of every kind (space, tab, NBSP U+00A0, U+202F, other Zs),
 * dashes, connectors and . , _ / ' and typographic apostrophes, and
 * invisible formatting characters (Cf). Any other character (a quote,
 * a newline, a letter of another word, '<', ';') breaks the sequence.
 *
 * Each party's name gives a set of forms, each a sequence of normalised
 * words (make_forms below: the full name, given name and surname, the
 * initials and surname, surname and given name or initial); a match of
 * a form, from its first word's first byte to its last word's last byte,
 * is replaced by the pseudonym. A form that several parties share is
 * replaced by all their pseudonyms in natural order ("V-1/V-3"), so
 * that no match ever names one party for another.
 *
 * The rules (name forms and account identities) sit in one array sorted
 * by the hash of their first word, with an open-addressing index over
 * the hashes: a word of the text costs one hash and one probe, whatever
 * the number of rules. At a word, the candidate that reaches furthest
 * wins; the scan goes on after it.
 *
 * Account identities keep their old byte-level rule: an exact match, not
 * preceded or followed by a letter, digit or non-ASCII byte, and not
 * followed by a decimal point and a digit ("400221" does not hit the
 * amount "400221.00").
 */

#define MAX_GAP 8          /* separators between two words of a name */
#define MAX_LINE (64u << 20) /* the stream filters longer lines in parts */
#define MAX_PARTS 8        /* name parts that make short forms */
#define MAX_SPELL 4        /* parts spelt both split and joined */
#define MAX_MIDDLE 3       /* middle names each kept or dropped; of
				    more, all kept or all dropped */

enum { C_OTHER = 0, C_WORD, C_SEP, C_IGNORE, C_HIGH };

/* The class of each byte: an ASCII letter or digit (C_WORD), a space,
 * tab or . , - _ / ' (C_SEP), any other ASCII (C_OTHER), or the first
 * byte of a character that is not ASCII (C_HIGH: decoded, cp_class). */
static const unsigned char byte_class[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	2, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2, 2, 2, 2,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,
	0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 2,
	0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
};
enum { R_NAME = 0, R_ACCOUNT };

/* A word of the line being filtered. */
struct tok {
	size_t start, end;  /* byte span in the line */
	uint64_t key;       /* hash of its normalised text (when keyed) */
	size_t norm, nlen;  /* not ASCII: the normalised text in rd->norm */
	unsigned ascii : 1; /* ASCII only: normalised = lowercased */
	unsigned joined : 1; /* the gap before it may be inside a name */
	unsigned keyed : 1;
};

/* A name form of one party, before compile(). */
struct form {
	char *words;        /* normalised words, each ended by 0x1f */
	const char *pseudo; /* the party's pseudonym (rd->party) */
};

/* A name form of one or more parties, compiled. */
struct nrule {
	char *words;    /* as in struct form */
	unsigned nword;
	char *to;       /* the pseudonym(s) */
};

/* An account identity and its masked text. */
struct arule {
	char *from, *to;
	size_t len, prefix; /* bytes; bytes before its first word */
	uint64_t key;       /* hash of its first word */
	unsigned first2;    /* its first two bytes (first2) */
};

/* The index: every rule, by the hash of its first word. */
struct rule {
	uint64_t key;
	unsigned kind;
	size_t i;   /* into names or accts */
	size_t len; /* words of a name, bytes of an identity */
};

struct slot {
	uint64_t key;
	size_t lo, hi; /* rules[lo, hi); hi == 0: empty */
};

struct pr_redact {
	struct form *forms;
	size_t n_forms, cap_forms;
	char **party;        /* pseudonyms, by party index */
	size_t n_party, cap_party;
	struct arule *accts;
	size_t n_accts, cap_accts;
	/* compiled */
	int compiled;
	struct nrule *names;
	size_t n_names, cap_names;
	struct rule *rules;
	size_t n_rules, cap_rules;
	struct slot *index;
	size_t mask; /* index size - 1 */
	/* bit b of the first two bytes b of every rule's first word: most
	 * words of a text are let go on this test alone */
	uint64_t first2[1024];
	/* working buffers */
	struct tok *toks;
	size_t n_toks, cap_toks;
	char *norm;
	size_t norm_n, norm_cap;
	int32_t *u32;
	size_t u32_cap;
	char *out;
	size_t out_n, out_cap;
};

/* ---- characters ---- */

static int
cp_class(int32_t cp)
{
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return C_WORD;
	case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_ZL:
	case UTF8PROC_CATEGORY_ZP: case UTF8PROC_CATEGORY_PD:
	case UTF8PROC_CATEGORY_PC:
		return C_SEP;
	case UTF8PROC_CATEGORY_CF:
		return C_IGNORE;
	default:
		break;
	}
	switch (cp) {
	case 0x2018: case 0x2019: case 0x201B: case 0x2032: /* apostrophes */
	case 0x00B4: case 0x02B9: case 0x02BC: case 0x2024: /* ´ ʹ ʼ ․ */
	case 0x3001: case 0x3002: case 0xFF0C: case 0xFF0E: /* 、。，． */
	case 0xFF07: case 0xFF0F: case 0x00B7: case 0x30FB: /* ＇／·・ */
		return C_SEP;
	default:
		return C_OTHER;
	}
}

static int
is_bidi(int32_t cp)
{
	return (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E ||
	       cp == 0x200F || cp == 0x061C;
}

int
pr__text_char(const unsigned char *s, size_t n, size_t *len, int32_t *cp)
{
	utf8proc_ssize_t r;

	*len = 1;
	*cp = s[0];
	if (s[0] < 0x80)
		return (s[0] < 0x20 && s[0] != '\n') || s[0] == 0x7f ?
		       PR__TEXT_CONTROL : PR__TEXT_PLAIN;
	r = utf8proc_iterate(s, (utf8proc_ssize_t)(n < 4 ? n : 4), cp);
	if (r <= 0) {
		*cp = s[0];
		return PR__TEXT_CONTROL;
	}
	*len = (size_t)r;
	if (*cp <= 0x9f)
		return PR__TEXT_CONTROL;
	return is_bidi(*cp) ? PR__TEXT_BIDI : PR__TEXT_PLAIN;
}

static const char hexdig[] = "0123456789abcdef";

size_t
pr__text_escape(char dst[5], unsigned char c)
{
	dst[0] = '\\';
	dst[1] = 'x';
	dst[2] = hexdig[c >> 4];
	dst[3] = hexdig[c & 15];
	dst[4] = '\0';
	return 4;
}

size_t
pr__text_mark(char dst[9], int32_t cp)
{
	return (size_t)snprintf(dst, 9, "<U+%04X>", (unsigned)cp & 0xffff);
}

static uint64_t
hash_byte(uint64_t h, unsigned char c)
{
	return (h ^ c) * 0x100000001b3ull;
}

#define HASH_INIT 0xcbf29ce484222325ull

static uint64_t
hash_mem(const char *s, size_t n)
{
	uint64_t h = HASH_INIT;
	size_t i;

	for (i = 0; i < n; i++)
		h = hash_byte(h, (unsigned char)s[i]);
	return h;
}

/* ---- buffers ---- */

static int
out_put(struct pr_redact *rd, const char *s, size_t n)
{
	if (rd->out_n + n + 1 > rd->out_cap &&
	    pr__grow((void **)&rd->out, &rd->out_cap, rd->out_n + n + 1,
		     1) != 0)
		return -1;
	memcpy(rd->out + rd->out_n, s, n);
	rd->out_n += n;
	return 0;
}

/* Letters with no decomposition, folded as a reader would fold them. */
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
	default: return NULL;
	}
}

/*
 * Append the normalised form of the UTF-8 text s (n bytes) to rd->norm:
 * NFKC, case folded, marks and default-ignorable characters removed,
 * fold_extra. *off and *len say where. Returns 0, or -1 when out of
 * memory. Text that utf8proc refuses (not UTF-8) is copied lowercased.
 */
static int
normalise(struct pr_redact *rd, const char *s, size_t n, size_t *off,
	  size_t *len)
{
	const utf8proc_option_t opt = UTF8PROC_STABLE | UTF8PROC_COMPOSE |
		UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK |
		UTF8PROC_IGNORE;
	utf8proc_ssize_t m;
	size_t i;

	*off = rd->norm_n;
	for (;;) {
		m = utf8proc_decompose((const utf8proc_uint8_t *)s,
				       (utf8proc_ssize_t)n, rd->u32,
				       (utf8proc_ssize_t)rd->u32_cap, opt);
		if (m < 0 || (size_t)m <= rd->u32_cap)
			break;
		if (pr__grow((void **)&rd->u32, &rd->u32_cap, (size_t)m,
			     sizeof(int32_t)) != 0)
			return -1;
	}
	if (m >= 0)
		m = utf8proc_normalize_utf32(rd->u32, m, opt);
	if (m < 0) {
		for (i = 0; i < n; i++) {
			char c = s[i] >= 'A' && s[i] <= 'Z' ?
				 (char)(s[i] - 'A' + 'a') : s[i];

			if (pr__grow((void **)&rd->norm, &rd->norm_cap,
				     rd->norm_n + 1, 1) != 0)
				return -1;
			rd->norm[rd->norm_n++] = c;
		}
		*len = n;
		return 0;
	}
	for (i = 0; i < (size_t)m; i++) {
		const char *x = fold_extra(rd->u32[i]);

		if (pr__grow((void **)&rd->norm, &rd->norm_cap,
			     rd->norm_n + 4, 1) != 0)
			return -1;
		if (x != NULL) {
			memcpy(rd->norm + rd->norm_n, x, strlen(x));
			rd->norm_n += strlen(x);
		} else {
			rd->norm_n += (size_t)utf8proc_encode_char(
				rd->u32[i], (utf8proc_uint8_t *)rd->norm +
				rd->norm_n);
		}
	}
	*len = rd->norm_n - *off;
	return 0;
}

/* ---- words ---- */

/* The class and length of the character at s (n > 0 bytes left). */
static int
char_at(const unsigned char *s, size_t n, size_t *len)
{
	int32_t cp;
	utf8proc_ssize_t r;

	if (s[0] < 0x80) {
		*len = 1;
		return byte_class[s[0]];
	}
	r = utf8proc_iterate(s, (utf8proc_ssize_t)(n < 4 ? n : 4), &cp);
	if (r <= 0) {
		*len = 1;
		return C_OTHER;
	}
	*len = (size_t)r;
	return cp_class(cp);
}

/*
 * Cut s (n bytes) into words: rd->toks, rd->n_toks; the normalised text
 * of words that are not ASCII goes into rd->norm (emptied first). A
 * word's span ends at its last letter, mark or digit: ignorable
 * characters inside a word belong to it, those after it to the gap.
 * A word of ASCII letters and digits costs a table look-up a byte.
 * With @p inq (CSV text), *inq says whether the text starts inside a
 * quoted cell and is left saying whether it ends in one: a comma outside
 * quotes ends a cell, and no name joins words across it (two cells
 * "DOE","JANE" written unquoted as DOE,JANE must stay two cells).
 * Returns 0, or -1 when out of memory.
 */
static int
tokenise(struct pr_redact *rd, const char *text, size_t n, int *inq)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0, gap = 0, len, j;
	int gap_ok = 0, cls;

	rd->n_toks = 0;
	rd->norm_n = 0;
	while (i < n) {
		struct tok *t;

		cls = byte_class[s[i]];
		len = 1;
		if (cls == C_HIGH)
			cls = char_at(s + i, n - i, &len);
		if (cls != C_WORD) {
			if (inq != NULL && s[i] == '"')
				*inq = !*inq;
			else if (inq != NULL && s[i] == ',' && !*inq)
				cls = C_OTHER;
			if (cls == C_OTHER)
				gap_ok = 0;
			gap++;
			i += len;
			continue;
		}
		if (rd->n_toks == rd->cap_toks &&
		    pr__grow((void **)&rd->toks, &rd->cap_toks,
			     rd->n_toks + 1, sizeof(*rd->toks)) != 0)
			return -1;
		t = &rd->toks[rd->n_toks++];
		t->start = i;
		t->ascii = 1;
		t->keyed = 0;
		t->joined = rd->n_toks > 1 && gap_ok && gap <= MAX_GAP;
		for (j = i; j < n && byte_class[s[j]] == C_WORD; j++)
			;
		i = j;
		while (j < n && byte_class[s[j]] != C_OTHER &&
		       byte_class[s[j]] != C_SEP) {
			if (byte_class[s[j]] == C_WORD) {
				i = ++j;
				continue;
			}
			cls = char_at(s + j, n - j, &len);
			if (cls != C_WORD && cls != C_IGNORE)
				break;
			t->ascii = 0;
			j += len;
			if (cls == C_WORD)
				i = j;
		}
		t->end = i;
		if (!t->ascii) {
			if (normalise(rd, text + t->start, t->end - t->start,
				      &t->norm, &t->nlen) != 0)
				return -1;
			t->key = hash_mem(rd->norm + t->norm, t->nlen);
			t->keyed = 1;
		}
		gap_ok = 1;
		gap = 0;
	}
	return 0;
}

/* The first two bytes of a normalised word (0 for none), as an index
 * into first2. */
static unsigned
first2_of(const unsigned char *w, size_t n)
{
	return (n > 0 ? (unsigned)w[0] << 8 : 0) | (n > 1 ? w[1] : 0);
}

static unsigned
tok_first2(const struct pr_redact *rd, const char *line, const struct tok *t)
{
	const unsigned char *p = (const unsigned char *)line + t->start;
	size_t n = t->end - t->start;

	if (!t->ascii)
		return first2_of((const unsigned char *)rd->norm + t->norm,
				 t->nlen);
	/* an ASCII letter or digit | 0x20 is its lower case */
	return (unsigned)(p[0] | 0x20) << 8 | (n > 1 ? p[1] | 0x20 : 0);
}

static uint64_t
tok_key(struct tok *t, const char *line)
{
	size_t k;

	if (!t->keyed) {
		t->key = HASH_INIT;
		for (k = t->start; k < t->end; k++)
			t->key = hash_byte(t->key, (unsigned char)
					   (line[k] | 0x20));
		t->keyed = 1;
	}
	return t->key;
}

/* ---- the name forms ---- */

/* A part of a name (a run between spaces): its words, normalised, each
 * ended by 0x1f. */
struct part {
	char *words;
	unsigned nword;
};

/* A growing form: words ended by 0x1f. */
struct fbuf {
	char *s;
	size_t n, cap;
	int oom;
};

static void
fb_add(struct fbuf *f, const char *s, size_t n)
{
	if (f->oom || pr__grow((void **)&f->s, &f->cap, f->n + n + 1, 1) != 0) {
		f->oom = 1;
		return;
	}
	memcpy(f->s + f->n, s, n);
	f->n += n;
	f->s[f->n] = '\0';
}

/* The part's words, split ("o\x1f" "brien\x1f") or joined
 * ("obrien\x1f"). */
static void
fb_part(struct fbuf *f, const struct part *p, int joined)
{
	const char *w = p->words;

	if (!joined || p->nword < 2) {
		fb_add(f, w, strlen(w));
		return;
	}
	for (; *w; w++)
		if (*w != 0x1f)
			fb_add(f, w, 1);
	fb_add(f, "\x1f", 1);
}

/* The length in bytes of the first character of a UTF-8 word. */
static size_t
first_char(const char *w)
{
	size_t n = 1;

	while (((unsigned char)w[n] & 0xc0) == 0x80)
		n++;
	return n;
}

/* The part's initial(s): variant 0 the first letter ("j"); variant 1,
 * for a part of several words, each word's ("j\x1f" "p\x1f"); variant 2
 * all of them as one word ("jp"). Returns 0 when the variant does not
 * exist. With sep 0 the initials are written without ending the word
 * (for a run of initials "jm"). */
static int
fb_initial(struct fbuf *f, const struct part *p, int variant, int sep)
{
	const char *w = p->words;

	if (variant > 0 && p->nword < 2)
		return 0;
	if (variant == 0) {
		fb_add(f, w, first_char(w));
		if (sep)
			fb_add(f, "\x1f", 1);
		return 1;
	}
	while (*w) {
		fb_add(f, w, first_char(w));
		if (variant == 1)
			fb_add(f, "\x1f", 1);
		w = strchr(w, 0x1f) + 1;
	}
	if (variant == 2 && sep)
		fb_add(f, "\x1f", 1);
	return 1;
}

struct gen {
	struct pr_redact *rd;
	const struct part *p;
	size_t np;
	unsigned spell; /* bit k: the k-th part of several words joined */
	const char *pseudo;
	int oom;
};

static int
joined(const struct gen *g, size_t i)
{
	size_t k, m = 0;

	for (k = 0; k < i && k < g->np; k++)
		if (g->p[k].nword > 1)
			m++;
	return g->p[i].nword > 1 && m < MAX_SPELL && (g->spell >> m & 1);
}

static void
keep_form(struct gen *g, struct fbuf *f)
{
	struct pr_redact *rd = g->rd;

	if (f->oom || f->n == 0 ||
	    pr__grow((void **)&rd->forms, &rd->cap_forms, rd->n_forms + 1,
		     sizeof(*rd->forms)) != 0) {
		g->oom = 1;
		pr__free(f->s);
	} else {
		rd->forms[rd->n_forms].words = f->s;
		rd->forms[rd->n_forms].pseudo = g->pseudo;
		rd->n_forms++;
	}
	memset(f, 0, sizeof(*f));
}

/* Parts [a, b] as spelt. */
static void
fb_parts(struct fbuf *f, const struct gen *g, size_t a, size_t b)
{
	size_t i;

	for (i = a; i <= b && i < g->np; i++)
		fb_part(f, &g->p[i], joined(g, i));
}

/* The middle parts [1, a) that bit i - 1 of keep says, spelt (initials
 * 0), as initials ending each word (1) or run together (2). */
static void
fb_middle(struct fbuf *f, const struct gen *g, size_t a, unsigned keep,
	  int how)
{
	size_t i;

	for (i = 1; i < a; i++) {
		if (!(keep >> (i - 1) & 1))
			continue;
		if (how == 0)
			fb_part(f, &g->p[i], joined(g, i));
		else
			fb_initial(f, &g->p[i], 0, how == 1);
	}
}

/*
 * The forms of one spelling, for each surname S: any run of the parts
 * after the first that ends at the last part, or any single one of them
 * (so "José García Márquez" has the surnames "García Márquez", "Márquez"
 * and "García"). G is the first part (the given name) and M any of the
 * parts between G and S (middle names, each kept or dropped):
 *   G M S, S G M, I Mi S, S I Mi, IMi S
 * where I is G's initial (and for a G of several words "J P" and "JP")
 * and Mi the initials of M ("J M DOE", "JM DOE"); with M empty these
 * are G S, S G, I S, S I. A name of one part is its own only form; a
 * surname alone is never a form.
 */
static void
forms_of_spelling(struct gen *g)
{
	struct fbuf f = { NULL, 0, 0, 0 };
	size_t n = g->np, a, b;
	unsigned m, subsets;
	int v;

	fb_parts(&f, g, 0, n - 1);
	keep_form(g, &f);
	if (n < 2 || n > MAX_PARTS)
		return;
	for (a = 1; a < n; a++) {
		/* every subset of the middle names, when they are few */
		subsets = a - 1 <= MAX_MIDDLE ? 1u << (a - 1) : 2;
		for (b = a; b < n; b++) {
			if (b != a && b != n - 1)
				continue;
			for (m = 0; m < subsets; m++) {
				unsigned k = a - 1 <= MAX_MIDDLE ? m :
					     m ? ~0u : 0;

				/* G M S */
				fb_parts(&f, g, 0, 0);
				fb_middle(&f, g, a, k, 0);
				fb_parts(&f, g, a, b);
				keep_form(g, &f);
				/* S G M */
				fb_parts(&f, g, a, b);
				fb_parts(&f, g, 0, 0);
				fb_middle(&f, g, a, k, 0);
				keep_form(g, &f);
				for (v = 0; v < 3; v++) {
					/* I Mi S */
					if (!fb_initial(&f, &g->p[0], v, 1))
						continue;
					fb_middle(&f, g, a, k, 1);
					fb_parts(&f, g, a, b);
					keep_form(g, &f);
					/* S I Mi */
					fb_parts(&f, g, a, b);
					fb_initial(&f, &g->p[0], v, 1);
					fb_middle(&f, g, a, k, 1);
					keep_form(g, &f);
					/* IMi S: initials as one word */
					if (v == 1 || k == 0 || a < 2)
						continue;
					fb_initial(&f, &g->p[0], v, 0);
					fb_middle(&f, g, a, k, 2);
					fb_add(&f, "\x1f", 1);
					fb_parts(&f, g, a, b);
					keep_form(g, &f);
				}
			}
		}
	}
	pr__free(f.s);
}

/* Is the character at s a space or a comma (what separates the parts
 * of a name)? Its length in *len. */
static int
name_break(const char *s, size_t *len)
{
	int32_t cp;
	utf8proc_ssize_t r;

	*len = 1;
	if ((unsigned char)*s < 0x80)
		return *s == ' ' || *s == '\t' || *s == ',';
	r = utf8proc_iterate((const utf8proc_uint8_t *)s, 4, &cp);
	if (r <= 0)
		return 0;
	*len = (size_t)r;
	return utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS;
}

/* Split a name into parts at spaces and commas (after moving what
 * follows the comma of "Doe, Jane" to the front) and normalise their
 * words. */
static int
name_parts(struct pr_redact *rd, const char *name, struct part **out,
	   size_t *n_out)
{
	struct part *p = NULL;
	size_t np = 0, cap = 0, k, i, len;
	const char *comma = strchr(name, ',');
	char *order = NULL;
	int rc = -1;

	*out = NULL;
	*n_out = 0;
	/* "Doe, Jane": one word before the comma is the surname (but in
	 * "Jane Doe, Jr." the comma only sets off a suffix) */
	if (comma != NULL && memchr(name, ' ', (size_t)(comma - name)) ==
	    NULL) {
		size_t a = (size_t)(comma - name), b = strlen(comma + 1);

		order = pr__malloc(a + b + 2);
		if (order == NULL)
			return -1;
		memcpy(order, comma + 1, b);
		order[b] = ' ';
		memcpy(order + b + 1, name, a);
		order[a + b + 1] = '\0';
		name = order;
	}
	for (i = 0; name[i];) {
		size_t j, e;
		struct fbuf f = { NULL, 0, 0, 0 };

		/* a part runs from one space or comma to the next */
		if (name_break(name + i, &len)) {
			i += len;
			continue;
		}
		for (j = e = i; name[e] && !name_break(name + e, &len);)
			e += len;
		if (tokenise(rd, name + j, e - j, NULL) != 0)
			goto done;
		for (k = 0; k < rd->n_toks; k++) {
			const struct tok *t = &rd->toks[k];

			if (t->ascii) {
				size_t q;

				for (q = t->start; q < t->end; q++) {
					char c = name[j + q];

					if (c >= 'A' && c <= 'Z')
						c = (char)(c + 32);
					fb_add(&f, &c, 1);
				}
			} else if (t->nlen > 0) {
				fb_add(&f, rd->norm + t->norm, t->nlen);
			} else {
				continue;
			}
			fb_add(&f, "\x1f", 1);
		}
		i = e;
		if (f.oom) {
			pr__free(f.s);
			goto done;
		}
		if (f.n == 0)
			continue;
		if (pr__grow((void **)&p, &cap, np + 1, sizeof(*p)) != 0) {
			pr__free(f.s);
			goto done;
		}
		p[np].words = f.s;
		p[np].nword = 0;
		for (k = 0; k < f.n; k++)
			p[np].nword += f.s[k] == 0x1f;
		np++;
	}
	rc = 0;
done:
	pr__free(order);
	if (rc != 0) {
		for (k = 0; k < np; k++)
			pr__free(p[k].words);
		pr__free(p);
		return -1;
	}
	*out = p;
	*n_out = np;
	return 0;
}

int
pr_redact_add_party(pr_redact *rd, const char *name, const char *pseudonym,
		    pr_error *err)
{
	struct gen g;
	struct part *p = NULL;
	size_t np = 0, k, multi = 0, first;
	unsigned s;
	char *ps;

	if (rd == NULL || name == NULL || pseudonym == NULL ||
	    *pseudonym == '\0')
		return pr__error_set(err, PR_EINVALID, "no name or pseudonym");
	if (name_parts(rd, name, &p, &np) != 0)
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	if (np == 0) {
		pr__free(p);
		return pr__error_set(err, PR_EINVALID, "'%s' has no letter or "
				     "digit", pseudonym);
	}
	ps = pr__strdup(pseudonym);
	if (ps == NULL || pr__grow((void **)&rd->party, &rd->cap_party,
				   rd->n_party + 1, sizeof(char *)) != 0) {
		pr__free(ps);
		for (k = 0; k < np; k++)
			pr__free(p[k].words);
		pr__free(p);
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	}
	rd->party[rd->n_party] = ps;
	first = rd->n_forms;
	memset(&g, 0, sizeof(g));
	g.rd = rd;
	g.p = p;
	g.np = np;
	g.pseudo = ps;
	rd->n_party++;
	for (k = 0; k < np; k++)
		multi += p[k].nword > 1;
	if (multi > MAX_SPELL)
		multi = MAX_SPELL;
	for (s = 0; s < 1u << multi && !g.oom; s++) {
		g.spell = s;
		forms_of_spelling(&g);
	}
	for (k = 0; k < np; k++)
		pr__free(p[k].words);
	pr__free(p);
	rd->compiled = 0;
	if (g.oom) {
		/* the set as it was */
		while (rd->n_forms > first)
			pr__free(rd->forms[--rd->n_forms].words);
		pr__free(rd->party[--rd->n_party]);
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	}
	return PR_OK;
}

/* ---- account identities ---- */

/* "Acct 4410005520" -> "Acct XXXX5520"; NULL when no run is long enough
 * (or on OOM, which leaves the text as it is: the caller checks). */
static char *
mask_digits(const char *s)
{
	size_t n = strlen(s), i = 0, o = 0;
	char *out = pr__malloc(n + 8 * (n / 5 + 1) + 1);
	int any = 0;

	if (out == NULL)
		return NULL;
	while (i < n) {
		size_t j = i;

		while (j < n && s[j] >= '0' && s[j] <= '9')
			j++;
		if (j - i >= 5) {
			memcpy(out + o, "XXXX", 4);
			memcpy(out + o + 4, s + j - 4, 4);
			o += 8;
			any = 1;
			i = j;
		} else if (j > i) {
			memcpy(out + o, s + i, j - i);
			o += j - i;
			i = j;
		} else {
			out[o++] = s[i++];
		}
	}
	out[o] = '\0';
	if (!any) {
		pr__free(out);
		return NULL;
	}
	return out;
}

/* Add the masking of one identity. Returns 0, or -1 when out of memory. */
static int
add_account(struct pr_redact *rd, const char *ident, const char *to)
{
	struct arule *a;

	if (tokenise(rd, ident, strlen(ident), NULL) != 0)
		return -1;
	if (rd->n_toks == 0)
		return 0;
	if (pr__grow((void **)&rd->accts, &rd->cap_accts, rd->n_accts + 1,
		     sizeof(*rd->accts)) != 0)
		return -1;
	a = &rd->accts[rd->n_accts];
	a->from = pr__strdup(ident);
	a->to = pr__strdup(to);
	if (a->from == NULL || a->to == NULL) {
		pr__free(a->from);
		pr__free(a->to);
		return -1;
	}
	a->len = strlen(ident);
	a->prefix = rd->toks[0].start;
	a->key = tok_key(&rd->toks[0], ident);
	a->first2 = tok_first2(rd, ident, &rd->toks[0]);
	rd->n_accts++;
	rd->compiled = 0;
	return 0;
}

/* ---- compiling ---- */

/* Natural order of pseudonyms: "V-2" before "V-10". */
static int
natcmp(const char *a, const char *b)
{
	while (*a && *b) {
		if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
			size_t x = strspn(a, "0123456789");
			size_t y = strspn(b, "0123456789");
			int c;

			if (x != y)
				return x < y ? -1 : 1;
			c = memcmp(a, b, x);
			if (c != 0)
				return c;
			a += x;
			b += y;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++;
		b++;
	}
	return *a ? 1 : *b ? -1 : 0;
}

static int
form_cmp(const void *x, const void *y)
{
	const struct form *a = x, *b = y;
	int c = strcmp(a->words, b->words);

	if (c != 0)
		return c;
	c = natcmp(a->pseudo, b->pseudo);
	return c != 0 ? c : strcmp(a->pseudo, b->pseudo);
}

static int
acct_cmp(const void *x, const void *y)
{
	const struct arule *a = x, *b = y;

	return strcmp(a->from, b->from);
}

static int
rule_cmp(const void *x, const void *y)
{
	const struct rule *a = x, *b = y;

	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->len != b->len)
		return a->len > b->len ? -1 : 1;
	return a->i < b->i ? -1 : a->i > b->i;
}

static void
names_clear(struct pr_redact *rd)
{
	size_t i;

	for (i = 0; i < rd->n_names; i++) {
		pr__free(rd->names[i].words);
		pr__free(rd->names[i].to);
	}
	rd->n_names = 0;
}

/* One compiled name rule for forms[lo, hi) (the same words): the
 * parties' pseudonyms, each once, joined by '/'. */
static int
add_name(struct pr_redact *rd, size_t lo, size_t hi)
{
	struct nrule *r;
	size_t i, len = 0;
	const char *w;

	if (pr__grow((void **)&rd->names, &rd->cap_names, rd->n_names + 1,
		     sizeof(*rd->names)) != 0)
		return -1;
	r = &rd->names[rd->n_names];
	for (i = lo; i < hi; i++)
		len += strlen(rd->forms[i].pseudo) + 1;
	r->to = pr__malloc(len + 1);
	r->words = pr__strdup(rd->forms[lo].words);
	if (r->to == NULL || r->words == NULL) {
		pr__free(r->to);
		pr__free(r->words);
		return -1;
	}
	len = 0;
	for (i = lo; i < hi; i++) {
		const char *p = rd->forms[i].pseudo;

		if (i > lo && strcmp(p, rd->forms[i - 1].pseudo) == 0)
			continue;
		if (len > 0)
			r->to[len++] = '/';
		memcpy(r->to + len, p, strlen(p));
		len += strlen(p);
	}
	r->to[len] = '\0';
	r->nword = 0;
	for (w = r->words; *w; w++)
		r->nword += *w == 0x1f;
	rd->n_names++;
	return 0;
}

/* Build the sorted rules and their index from the forms and accounts. */
static int
compile(struct pr_redact *rd)
{
	size_t i, j, nkeys = 0, size;

	names_clear(rd);
	rd->n_rules = 0;
	if (rd->n_forms > 0)
		qsort(rd->forms, rd->n_forms, sizeof(*rd->forms), form_cmp);
	for (i = 0; i < rd->n_forms; i = j) {
		for (j = i + 1; j < rd->n_forms &&
		     strcmp(rd->forms[j].words, rd->forms[i].words) == 0; j++)
			;
		if (add_name(rd, i, j) != 0)
			return -1;
	}
	/* accounts: one rule per identity, as before */
	if (rd->n_accts > 0)
		qsort(rd->accts, rd->n_accts, sizeof(*rd->accts), acct_cmp);
	for (i = j = 0; i < rd->n_accts; i++) {
		if (j > 0 && strcmp(rd->accts[j - 1].from,
				    rd->accts[i].from) == 0) {
			pr__free(rd->accts[i].from);
			pr__free(rd->accts[i].to);
			continue;
		}
		rd->accts[j++] = rd->accts[i];
	}
	rd->n_accts = j;
	if (pr__grow((void **)&rd->rules, &rd->cap_rules,
		     rd->n_names + rd->n_accts + 1, sizeof(*rd->rules)) != 0)
		return -1;
	memset(rd->first2, 0, sizeof(rd->first2));
	for (i = 0; i < rd->n_names; i++) {
		const char *w = rd->names[i].words;
		size_t l = (size_t)(strchr(w, 0x1f) - w);
		unsigned f = first2_of((const unsigned char *)w, l);

		rd->first2[f >> 6] |= (uint64_t)1 << (f & 63);
		rd->rules[rd->n_rules].key = hash_mem(w, l);
		rd->rules[rd->n_rules].kind = R_NAME;
		rd->rules[rd->n_rules].len = rd->names[i].nword;
		rd->rules[rd->n_rules++].i = i;
	}
	for (i = 0; i < rd->n_accts; i++) {
		unsigned f = rd->accts[i].first2;

		rd->first2[f >> 6] |= (uint64_t)1 << (f & 63);
		rd->rules[rd->n_rules].key = rd->accts[i].key;
		rd->rules[rd->n_rules].kind = R_ACCOUNT;
		rd->rules[rd->n_rules].len = rd->accts[i].len;
		rd->rules[rd->n_rules++].i = i;
	}
	if (rd->n_rules > 0)
		qsort(rd->rules, rd->n_rules, sizeof(*rd->rules), rule_cmp);
	for (i = 0; i < rd->n_rules; i++)
		nkeys += i == 0 || rd->rules[i].key != rd->rules[i - 1].key;
	for (size = 16; size < 2 * nkeys; size *= 2)
		;
	pr__free(rd->index);
	rd->index = pr__calloc(size, sizeof(*rd->index));
	if (rd->index == NULL)
		return -1;
	rd->mask = size - 1;
	for (i = 0; i < rd->n_rules; i = j) {
		size_t h = (size_t)rd->rules[i].key & rd->mask;

		for (j = i + 1; j < rd->n_rules &&
		     rd->rules[j].key == rd->rules[i].key; j++)
			;
		while (rd->index[h].hi != 0)
			h = (h + 1) & rd->mask;
		rd->index[h].key = rd->rules[i].key;
		rd->index[h].lo = i;
		rd->index[h].hi = j;
	}
	rd->compiled = 1;
	return 0;
}

/* ---- loading from the case ---- */

static int
is_kept(const pr_redact_options *o, const char *ident)
{
	size_t i;

	for (i = 0; i < o->n_keep; i++)
		if (o->keep[i] != NULL && strcmp(o->keep[i], ident) == 0)
			return 1;
	return 0;
}

/* The parties' names, and every account identity the records name
 * (accounts, controls, wires, counterparties). */
static int
load(struct pr_redact *rd, pr_store *st, const pr_redact_options *o,
     pr_error *err)
{
	static const char *const sql[] = {
		/* persons: a business (a nominee LLC) is named as the
		 * records name it */
		"SELECT name, pseudonym FROM party"
		" WHERE role IN ('victim', 'defendant') ORDER BY id",
		"SELECT ident FROM account UNION SELECT account FROM control"
		" UNION SELECT originator_account FROM wire"
		" UNION SELECT beneficiary_account FROM wire"
		" UNION SELECT counter_account FROM txn ORDER BY 1"
	};
	sqlite3_stmt *s = NULL;
	int q, rc = PR_OK, step = SQLITE_DONE;

	for (q = 0; q < 2 && rc == PR_OK; q++) {
		if ((q == 0 && !o->names) || (q == 1 && !o->accounts))
			continue;
		if (sqlite3_prepare_v2(st->db, sql[q], -1, &s, NULL) !=
		    SQLITE_OK)
			return pr__store_dberr(st, err, "redaction");
		while (rc == PR_OK &&
		       (step = sqlite3_step(s)) == SQLITE_ROW) {
			const char *a = (const char *)sqlite3_column_text(s,
									  0);
			char *m;

			if (a == NULL || *a == '\0')
				continue;
			if (q == 0) {
				/* a name without a letter or digit: nothing
				 * to find */
				rc = pr_redact_add_party(rd, a, (const char *)
					sqlite3_column_text(s, 1), NULL);
				if (rc == PR_EINVALID)
					rc = PR_OK;
				else if (rc != PR_OK)
					rc = pr__error_set(err, rc,
							   "out of memory");
				continue;
			}
			if (is_kept(o, a))
				continue;
			m = mask_digits(a);
			if (m != NULL && add_account(rd, a, m) != 0)
				rc = pr__error_set(err, PR_ENOMEM,
						   "out of memory");
			pr__free(m);
		}
		if (rc == PR_OK && step != SQLITE_DONE)
			rc = pr__store_dberr(st, err, "redaction");
		sqlite3_finalize(s);
		s = NULL;
	}
	return rc;
}

int
pr_redact_new(pr_redact **out, pr_store *st, const pr_redact_options *o,
	      pr_error *err)
{
	static const pr_redact_options dflt = PR_REDACT_OPTIONS_INIT;
	pr_redact *rd;
	int rc = PR_OK;

	if (out == NULL)
		return pr__error_set(err, PR_EINVALID, "no output");
	*out = NULL;
	rd = pr__calloc(1, sizeof(*rd));
	if (rd == NULL)
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	if (st != NULL)
		rc = load(rd, st, o != NULL ? o : &dflt, err);
	if (rc == PR_OK && compile(rd) != 0)
		rc = pr__error_set(err, PR_ENOMEM, "out of memory");
	if (rc != PR_OK) {
		pr_redact_free(rd);
		return rc;
	}
	*out = rd;
	return PR_OK;
}

void
pr_redact_free(pr_redact *rd)
{
	size_t i;

	if (rd == NULL)
		return;
	for (i = 0; i < rd->n_forms; i++)
		pr__free(rd->forms[i].words);
	pr__free(rd->forms);
	for (i = 0; i < rd->n_party; i++)
		pr__free(rd->party[i]);
	pr__free(rd->party);
	for (i = 0; i < rd->n_accts; i++) {
		pr__free(rd->accts[i].from);
		pr__free(rd->accts[i].to);
	}
	pr__free(rd->accts);
	names_clear(rd);
	pr__free(rd->names);
	pr__free(rd->rules);
	pr__free(rd->index);
	pr__free(rd->toks);
	pr__free(rd->norm);
	pr__free(rd->u32);
	pr__free(rd->out);
	pr__free(rd);
}

/* ---- filtering ---- */

/*
 * Copy s (n bytes) to the output, marking bidi controls and, with
 * PR_REDACT_ESCAPE, escaping control characters and bytes that are not
 * UTF-8. Without it only the lead bytes of bidi controls (0xD8, 0xE2)
 * need a look, which memchr finds.
 */
static int
emit(struct pr_redact *rd, const char *text, size_t n, unsigned flags)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0, run = 0, len, k, j;
	char buf[9];
	int32_t cp;

	while (i < n) {
		int kind;

		if (flags & PR_REDACT_ESCAPE) {
			for (j = i; j < n && ((s[j] >= 0x20 && s[j] < 0x7f) ||
					      s[j] == '\n'); j++)
				;
			if (j == n)
				break;
		} else {
			const unsigned char *a = memchr(s + i, 0xe2, n - i);
			const unsigned char *b = memchr(s + i, 0xd8, n - i);

			if (a == NULL && b == NULL)
				break;
			j = (size_t)((a != NULL && (b == NULL || a < b) ? a :
				      b) - s);
		}
		kind = pr__text_char(s + j, n - j, &len, &cp);
		i = j + len;
		if (kind == PR__TEXT_PLAIN ||
		    (kind == PR__TEXT_CONTROL && !(flags & PR_REDACT_ESCAPE)))
			continue;
		if (out_put(rd, text + run, j - run) != 0)
			return -1;
		if (kind == PR__TEXT_BIDI) {
			if (out_put(rd, buf, pr__text_mark(buf, cp)) != 0)
				return -1;
		} else {
			for (k = 0; k < len; k++)
				if (out_put(rd, buf, pr__text_escape(
					buf, s[j + k])) != 0)
					return -1;
		}
		run = i;
	}
	return out_put(rd, text + run, n - run);
}

/* Is text token t the word w (wlen bytes)? */
static int
word_is(const struct pr_redact *rd, const char *line, const struct tok *t,
	const char *w, size_t wlen)
{
	size_t k;

	if (!t->ascii)
		return t->nlen == wlen &&
		       memcmp(rd->norm + t->norm, w, wlen) == 0;
	if (t->end - t->start != wlen)
		return 0;
	for (k = 0; k < wlen; k++) {
		char c = line[t->start + k];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		if (c != w[k])
			return 0;
	}
	return 1;
}

/* Does name rule r match the words from k on? The end of the match. */
static int
name_at(const struct pr_redact *rd, const char *line,
	const struct nrule *r, size_t k, size_t *end)
{
	const char *w = r->words;
	size_t j;

	if (k + r->nword > rd->n_toks)
		return 0;
	for (j = 0; j < r->nword; j++) {
		const char *e = strchr(w, 0x1f);
		const struct tok *t = &rd->toks[k + j];

		if ((j > 0 && !t->joined) ||
		    !word_is(rd, line, t, w, (size_t)(e - w)))
			return 0;
		w = e + 1;
	}
	*end = rd->toks[k + r->nword - 1].end;
	return 1;
}

/* The old byte rule of an identity: alone, not an amount's digits. */
static int
old_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || c >= 0x80;
}

static int
acct_at(const char *line, size_t n, const struct arule *a, size_t s,
	size_t cursor)
{
	const unsigned char *p = (const unsigned char *)line;
	size_t e = s + a->len;

	if (s < cursor || a->len > n - s || memcmp(line + s, a->from,
						     a->len) != 0)
		return 0;
	if (s > 0 && old_alnum(p[s - 1]))
		return 0;
	if (e < n && old_alnum(p[e]))
		return 0;
	if (e + 1 < n && (p[e] == '.' || p[e] == ',') && p[e + 1] >= '0' &&
	    p[e + 1] <= '9')
		return 0;
	return 1;
}

static const struct slot *
lookup(const struct pr_redact *rd, uint64_t key)
{
	size_t h = (size_t)key & rd->mask;

	while (rd->index[h].hi != 0) {
		if (rd->index[h].key == key)
			return &rd->index[h];
		h = (h + 1) & rd->mask;
	}
	return NULL;
}

/* Filter one line (no newline) onto the output; *inq as for tokenise,
 * used with PR_REDACT_CSV. */
static int
filter_line(struct pr_redact *rd, const char *line, size_t n,
	    unsigned flags, int *inq)
{
	size_t k, cursor = 0;

	if (rd->n_rules == 0)
		return emit(rd, line, n, flags);
	if (tokenise(rd, line, n, (flags & PR_REDACT_CSV) ? inq : NULL) != 0)
		return -1;
	for (k = 0; k < rd->n_toks; k++) {
		struct tok *t = &rd->toks[k];
		const struct slot *sl;
		const char *to = NULL;
		size_t i, start = 0, end = 0;
		unsigned f;

		if (t->start < cursor)
			continue;
		f = tok_first2(rd, line, t);
		if (!(rd->first2[f >> 6] >> (f & 63) & 1))
			continue;
		sl = lookup(rd, tok_key(t, line));
		if (sl == NULL)
			continue;
		for (i = sl->lo; i < sl->hi; i++) {
			const struct rule *r = &rd->rules[i];
			size_t s, e;

			if (r->kind == R_NAME) {
				if (!name_at(rd, line, &rd->names[r->i], k,
					     &e))
					continue;
				s = t->start;
				if (to == NULL || e > end) {
					start = s;
					end = e;
					to = rd->names[r->i].to;
				}
				continue;
			}
			if (rd->accts[r->i].prefix > t->start)
				continue;
			s = t->start - rd->accts[r->i].prefix;
			if (!acct_at(line, n, &rd->accts[r->i], s, cursor))
				continue;
			e = s + rd->accts[r->i].len;
			if (to == NULL || e > end ||
			    (e == end && s < start)) {
				start = s;
				end = e;
				to = rd->accts[r->i].to;
			}
		}
		if (to == NULL)
			continue;
		if (emit(rd, line + cursor, start - cursor, flags) != 0 ||
		    emit(rd, to, strlen(to), flags) != 0)
			return -1;
		cursor = end;
	}
	return emit(rd, line + cursor, n - cursor, flags);
}

/* pr_redact_apply, for text that may go on from an earlier call: *inq
 * says whether it starts inside a quoted CSV cell (PR_REDACT_CSV). */
static int
apply(pr_redact *rd, const char *text, size_t len, unsigned flags,
      int *inq, const char **out, size_t *out_len, pr_error *err)
{
	size_t i = 0;

	if (out != NULL)
		*out = NULL;
	if (out_len != NULL)
		*out_len = 0;
	if (rd == NULL || (text == NULL && len > 0) || out == NULL ||
	    out_len == NULL)
		return pr__error_set(err, PR_EINVALID, "no rules or text");
	if (!rd->compiled && compile(rd) != 0)
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	rd->out_n = 0;
	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t e = nl != NULL ? (size_t)(nl - text) : len;

		if (filter_line(rd, text + i, e - i, flags, inq) != 0 ||
		    (nl != NULL && out_put(rd, "\n", 1) != 0))
			return pr__error_set(err, PR_ENOMEM, "out of memory");
		i = e + (nl != NULL);
	}
	if (out_put(rd, "", 0) != 0)
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	*out = rd->out;
	*out_len = rd->out_n;
	return PR_OK;
}

int
pr_redact_apply(pr_redact *rd, const char *text, size_t len, unsigned flags,
		const char **out, size_t *out_len, pr_error *err)
{
	int inq = 0;

	return apply(rd, text, len, flags, &inq, out, out_len, err);
}

/* ---- the stream ---- */

struct rstream {
	pr_redact *rd;
	FILE *dest;
	unsigned flags;
	int inq;   /* inside a quoted CSV cell, after what was passed */
	char *buf; /* the unfinished line */
	size_t n, cap;
};

/* Filter buf[0, n) and write it on. Returns 0, or -1 with errno. */
static int
rs_pass(struct rstream *r, size_t n)
{
	const char *out;
	size_t len;

	if (apply(r->rd, r->buf, n, r->flags, &r->inq, &out, &len, NULL) !=
	    PR_OK) {
		errno = ENOMEM;
		return -1;
	}
	if (len > 0 && fwrite(out, 1, len, r->dest) != len) {
		if (errno == 0)
			errno = EIO;
		return -1;
	}
	memmove(r->buf, r->buf + n, r->n - n);
	r->n -= n;
	return 0;
}

static ssize_t
rs_write(void *cookie, const char *data, size_t size)
{
	struct rstream *r = cookie;
	size_t i;

	if (pr__grow((void **)&r->buf, &r->cap, r->n + size + 1, 1) != 0) {
		errno = ENOMEM;
		return 0;
	}
	memcpy(r->buf + r->n, data, size);
	r->n += size;
	/* the finished lines, together (what was kept has no newline) */
	for (i = r->n; i > r->n - size && r->buf[i - 1] != '\n'; i--)
		;
	if (i > r->n - size && rs_pass(r, i) != 0)
		return 0;
	if (r->n > MAX_LINE && rs_pass(r, r->n) != 0)
		return 0;
	return (ssize_t)size;
}

static int
rs_close(void *cookie)
{
	struct rstream *r = cookie;
	int rc = 0;

	if (r->n > 0 && rs_pass(r, r->n) != 0)
		rc = EOF;
	pr__free(r->buf);
	pr__free(r);
	return rc;
}

FILE *
pr_redact_stream(pr_redact *rd, FILE *dest, unsigned flags)
{
	cookie_io_functions_t io = { NULL, rs_write, NULL, rs_close };
	struct rstream *r;
	FILE *fp;

	if (rd == NULL || dest == NULL) {
		errno = EINVAL;
		return NULL;
	}
	r = pr__calloc(1, sizeof(*r));
	if (r == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	r->rd = rd;
	r->dest = dest;
	r->flags = flags;
	fp = fopencookie(r, "w", io);
	if (fp == NULL)
		pr__free(r);
	return fp;
}
