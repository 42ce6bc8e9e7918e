/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The screen's parts (screen_norm.c, screen_score.c, screen_index.c,
 * screen.c): a normalised name, the exact Jaro-Winkler and the index. */
#ifndef PR_SCREEN_PRIV_H
#define PR_SCREEN_PRIV_H

#include <stdint.h>
#include "proceeds/screen.h"

/* A normalised name keeps at most this many code points (separators
 * included) and words; the rest is cut at a word boundary. The bounds
 * keep every product of the exact arithmetic in 64 bits. */
#define SCR_MAX_CP 512
#define SCR_MAX_WORDS 24
#define SCR_HIST 32

struct scr_word {
	uint16_t off, len;      /* code points in scr_name.cp */
	char sdx[5];            /* Soundex, "" when the word has no a-z */
	unsigned char legal;    /* a legal form (LLC, LTD, SA, ...) */
};

/* Words of a name, normalised, code points of each word back to back
 * (no separators: the score puts them in). */
struct scr_name {
	int32_t cp[SCR_MAX_CP];
	size_t n;
	struct scr_word w[SCR_MAX_WORDS];
	size_t nw;
	size_t len;             /* code points of the words compared (all
				   but legal forms, or all when none is
				   another), once joined by spaces */
};

/* A name as the score reads it: a scr_name, or a list name stored
 * compactly by the index. */
struct scr_view {
	const int32_t *cp;
	const struct scr_word *w;
	size_t nw, len;
};

static inline struct scr_view
scr_view_of(const struct scr_name *n)
{
	struct scr_view v = { n->cp, n->w, n->nw, n->len };

	return v;
}

/* Scratch a normaliser keeps between calls (utf8proc's buffer). */
struct scr_scratch {
	int32_t *u32;
	size_t u32_cap;
};

/* Normalise the UTF-8 text s into out (screen_norm.c). Returns PR_OK or
 * PR_ENOMEM. Text that is not UTF-8 is read byte by byte, each byte its
 * Latin-1 character, ASCII lowercased. */
int pr__screen_norm(struct scr_name *out, const char *s,
		    struct scr_scratch *sc);
void pr__screen_scratch_clear(struct scr_scratch *sc);
/* Legal forms count only in a name made of nothing else: the code
 * points of the words compared once joined (scr_name.len), and whether
 * every word is a legal form. */
size_t pr__screen_compared_len(const struct scr_word *w, size_t nw);
int pr__screen_all_legal(const struct scr_word *w, size_t nw);
/* American Soundex of a word's code points (a-z only), "" when none. */
void pr__screen_soundex(char out[5], const int32_t *w, size_t n);

/* An exact rational in [0, 1]. */
struct scr_rat {
	uint64_t num, den;
};

/* Jaro-Winkler of two code-point strings (screen_score.c), exactly. */
struct scr_rat pr__screen_jw(const int32_t *a, size_t an, const int32_t *b,
			     size_t bn);
/* A rational in basis points, rounded half up, once. */
int pr__screen_bp(struct scr_rat r);
/* The score of name q against list name c (docs/screening.md): words
 * paired best first, one Jaro-Winkler over the names rebuilt in the
 * pairs' order, in basis points. *phonetic and *words: paired words
 * whose Soundex agree, and paired words. */
int pr__screen_score_names(const struct scr_view *q, const struct scr_view *c,
			   int *phonetic, int *words);
/* The code points of the words the score compares, and the spaces
 * between them, counted in 32 buckets (code point mod 32; a count stops
 * at 255). */
void pr__screen_hist(uint8_t h[SCR_HIST], const struct scr_view *v);
/* Could names of these histograms and lengths reach need bp? The
 * matches are at most the sum over buckets of the lesser count, so an
 * upper bound of the score follows (no transposition, a prefix of 4). */
int pr__screen_hist_ok(const uint8_t *a, size_t alen, const uint8_t *b,
		       size_t blen, int need);
/* Could a q of qlen code points reach threshold bp against a c of clen?
 * (An upper bound from the lengths alone.) */
int pr__screen_len_ok(size_t qlen, size_t clen, int threshold);

/* A list name the index holds: its words in the pools. */
struct scr_lname {
	uint32_t cpoff, woff;
	uint16_t nw, len;
	uint32_t entry;
	uint32_t alias;         /* UINT32_MAX: the entry's own name */
	unsigned char weak;
	uint8_t hist[SCR_HIST]; /* pr__screen_hist */
};

/* A wallet under its key (the address, lowercased for EVM chains). */
struct scr_wkey {
	const char *key;
	size_t wallet;
};

/* The index (screen_index.c): keys (hashes of a word's Soundex and of
 * its first three code points) sorted, each with its list names. */
struct scr_index {
	struct scr_lname *names;
	size_t nnames;
	int32_t *cp;
	struct scr_word *w;
	uint64_t *keys;         /* sorted, unique */
	uint32_t *koff;         /* postings of keys[i]: post[koff[i]..koff[i+1]) */
	uint32_t *post;
	size_t nkeys;
	struct scr_wkey *exact, *evm;
	size_t nexact, nevm;
	char *lower;            /* the EVM keys, lowercased, back to back */
};

/* Words of a name that make keys, and the most keys a name makes. */
#define SCR_KEY_WORDS 6
#define SCR_MAX_KEYS (2 * SCR_KEY_WORDS + 4 * 15)
/* The index keys of a name (a list name's, or with query a screened
 * name's: screen_index.c says which); returns how many. */
size_t pr__screen_name_keys(uint64_t *keys, const int32_t *cp,
			    const struct scr_word *w, size_t nw, int query);
int pr__screen_index_build(struct scr_index *ix, const pr_sanctions *l,
			   struct scr_scratch *sc);
void pr__screen_index_clear(struct scr_index *ix);
/* The postings of key k: *n names from the returned array. */
const uint32_t *pr__screen_index_find(const struct scr_index *ix, uint64_t k,
				      size_t *n);
/* Is this an EVM address of an EVM currency (case-insensitive)? */
int pr__screen_evm(const char *currency, const char *address);
int pr__screen_is_evm_address(const char *address);

static inline struct scr_view
scr_view_lname(const struct scr_index *ix, const struct scr_lname *n)
{
	struct scr_view v = { ix->cp + n->cpoff, ix->w + n->woff, n->nw,
			      n->len };

	return v;
}

#endif
