/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The index of a list for screening. Every list name (an entry's own
 * and each alias) is normalised once and filed under keys made of its
 * words (legal forms and one-character words aside, the first
 * SCR_KEY_WORDS of the others): each pair of its words, by both
 * Soundex codes (their first letters folded by sound: C, K and Q; I, J
 * and Y; F and P), by both first two letters, and by the Soundex of
 * one and the first two letters of the other; and each word alone, by
 * its Soundex and first two letters together. A name screened is scored only
 * against the list names that share a key with it: with two words or
 * more, a pair of its words (or a word, when the list name has only
 * one); with one word, that word. So a candidate must resemble the
 * name in two words, and the cost grows with the names screened and
 * the few list names that resemble each, not with names times entries.
 * Keys are 64-bit hashes: a collision only adds a candidate, which the
 * score then judges.
 * Wallets are two sorted arrays, exact and EVM (lowercased).
 */
#include "config.h"
#include "common.h"

#include <stdlib.h>
#include <string.h>
#include "sanctions_priv.h"
#include "screen_priv.h"

#define FNV_INIT 0xcbf29ce484222325ull
#define FNV_PRIME 0x100000001b3ull

static uint64_t
fnv(uint64_t h, uint32_t v)
{
	int i;

	for (i = 0; i < 4; i++) {
		h ^= (v >> (8 * i)) & 0xff;
		h *= FNV_PRIME;
	}
	return h;
}

static int
first_class(int c)
{
	switch (c) {
	case 'C': case 'Q': return 'K';
	case 'J': case 'Y': return 'I';
	case 'P': return 'F';
	default: return c;
	}
}

/* The hash of a word's Soundex (what 'S') or of its first n code
 * points ('P'); 0 when the word has no Soundex. */
static uint64_t
word_hash(const int32_t *cp, const struct scr_word *w, int what, size_t n)
{
	uint64_t h = fnv(FNV_INIT, (uint32_t)what);
	size_t i;

	if (what == 'S') {
		if (w->sdx[0] == '\0')
			return 0;
		/* the first letter by its sound in transliterations:
		 * KHRISTINA and CHRISTINA, IAKOVLEV and YAKOVLEV, JUSUF
		 * and YUSUF, PHILIP and FILIP share a key (the score, not
		 * the key, tells them apart) */
		h = fnv(h, (unsigned char)first_class(w->sdx[0]));
		for (i = 1; i < 4; i++)
			h = fnv(h, (unsigned char)w->sdx[i]);
		return h;
	}
	for (i = 0; i < n && i < w->len; i++)
		h = fnv(h, (uint32_t)cp[w->off + i]);
	return h;
}

/* A key of kind k over one or two word hashes (unordered). */
static uint64_t
key_of(int k, uint64_t a, uint64_t b)
{
	uint64_t lo = a < b ? a : b, hi = a < b ? b : a, h;

	h = fnv(FNV_INIT, (uint32_t)k);
	h = fnv(fnv(h, (uint32_t)lo), (uint32_t)(lo >> 32));
	return fnv(fnv(h, (uint32_t)hi), (uint32_t)(hi >> 32));
}

static int
keyed(const struct scr_word *w)
{
	return !w->legal && w->len >= 2;
}

size_t
pr__screen_name_keys(uint64_t *keys, const int32_t *cp,
		     const struct scr_word *w, size_t nw, int query)
{
	size_t kw[SCR_KEY_WORDS], nk = 0, n = 0, i, j;

	for (i = 0; i < nw && nk < SCR_KEY_WORDS; i++)
		if (keyed(&w[i]))
			kw[nk++] = i;
	if (nk == 0)
		return 0;
	/* W: each word alone (a list name's; a query's only when it has
	 * one keyed word); U: the one keyed word of a list name (a
	 * query's words each) */
	for (i = 0; i < nk; i++) {
		const struct scr_word *x = &w[kw[i]];
		uint64_t hs = word_hash(cp, x, 'S', 0);
		uint64_t hp = word_hash(cp, x, 'P', 2);

		if (!query || nk == 1)
			keys[n++] = key_of('W', hs, hp);
		if ((!query && nk == 1) || (query && nk > 1))
			keys[n++] = key_of('U', hs, hp);
	}
	/* pairs of words: both Soundex codes, both first two letters, or
	 * one word by each (MUHAMMAD ABDURRAHMAN and MOHAMMAD,
	 * ABDULRAHMAN: the first words share a Soundex, the second their
	 * first letters only) */
	if (nk > 1) {
		for (i = 0; i < nk; i++) {
			for (j = i + 1; j < nk; j++) {
				const struct scr_word *x = &w[kw[i]];
				const struct scr_word *y = &w[kw[j]];
				uint64_t sx = word_hash(cp, x, 'S', 0);
				uint64_t sy = word_hash(cp, y, 'S', 0);

				uint64_t px = word_hash(cp, x, 'P', 2);
				uint64_t py = word_hash(cp, y, 'P', 2);

				if (sx != 0 && sy != 0)
					keys[n++] = key_of('D', sx, sy);
				keys[n++] = key_of('d', px, py);
				if (sx != 0)
					keys[n++] = key_of('M', sx, py);
				if (sy != 0)
					keys[n++] = key_of('M', px, sy);
			}
		}
	}
	return n;
}

struct kp {
	uint64_t key;
	uint32_t name;
};

static int
kp_cmp(const void *x, const void *y)
{
	const struct kp *a = x, *b = y;

	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->name < b->name ? -1 : a->name > b->name;
}

static int
wkey_cmp(const void *x, const void *y)
{
	const struct scr_wkey *a = x, *b = y;
	int c = strcmp(a->key, b->key);

	if (c != 0)
		return c;
	return a->wallet < b->wallet ? -1 : a->wallet > b->wallet;
}

int
pr__screen_is_evm_address(const char *a)
{
	size_t i;

	if (a[0] != '0' || (a[1] != 'x' && a[1] != 'X'))
		return 0;
	for (i = 2; i < 42; i++) {
		char c = a[i];

		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
		      (c >= 'A' && c <= 'F')))
			return 0;
	}
	return a[42] == '\0';
}

/* OFAC's codes of currencies on EVM chains, whose addresses are hex and
 * compare case-insensitively (EIP-55's mixed case is a checksum). */
int
pr__screen_evm(const char *currency, const char *address)
{
	static const char *const evm[] = {
		"ARB", "BSC", "BNB", "ETC", "ETH", "MATIC", "USDC", "USDT",
		"DAI", "BUSD", "OP", "AVAX"
	};
	size_t i;

	for (i = 0; i < sizeof(evm) / sizeof(*evm); i++)
		if (strcmp(currency, evm[i]) == 0)
			return pr__screen_is_evm_address(address);
	return 0;
}

/* Add one list name to the pools and its keys to *kps. */
static int
add_name(struct scr_index *ix, size_t *cpcap, size_t *wcap, size_t *ncp,
	 size_t *nw, struct kp **kps, size_t *nkp, size_t *kpcap,
	 const struct scr_name *n, size_t entry, size_t alias, int weak)
{
	struct scr_lname *ln = &ix->names[ix->nnames];
	size_t k, nk;
	uint64_t keys[SCR_MAX_KEYS];

	if (pr__grow((void **)&ix->cp, cpcap, *ncp + n->n + 1,
		     sizeof(int32_t)) != 0 ||
	    pr__grow((void **)&ix->w, wcap, *nw + n->nw + 1,
		     sizeof(struct scr_word)) != 0 ||
	    pr__grow((void **)kps, kpcap, *nkp + SCR_MAX_KEYS,
		     sizeof(struct kp)) != 0)
		return PR_ENOMEM;
	ln->cpoff = (uint32_t)*ncp;
	ln->woff = (uint32_t)*nw;
	ln->nw = (uint16_t)n->nw;
	ln->len = (uint16_t)n->len;
	ln->entry = (uint32_t)entry;
	ln->alias = alias == PR_SCREEN_PRIMARY ? UINT32_MAX : (uint32_t)alias;
	ln->weak = (unsigned char)(weak != 0);
	{
		struct scr_view v = scr_view_of(n);

		pr__screen_hist(ln->hist, &v);
	}
	memcpy(ix->cp + *ncp, n->cp, n->n * sizeof(int32_t));
	memcpy(ix->w + *nw, n->w, n->nw * sizeof(struct scr_word));
	*ncp += n->n;
	*nw += n->nw;
	nk = pr__screen_name_keys(keys, n->cp, n->w, n->nw, 0);
	for (k = 0; k < nk; k++) {
		(*kps)[*nkp].key = keys[k];
		(*kps)[*nkp].name = (uint32_t)ix->nnames;
		(*nkp)++;
	}
	ix->nnames++;
	return PR_OK;
}

/* Index the wallets: EVM ones lowercased in ix->lower, others as they
 * are listed (borrowed from the list). */
static int
build_wallets(struct scr_index *ix, const pr_sanctions *l)
{
	size_t nw = pr_sanctions_wallet_count(l), i, j, lo = 0;

	ix->exact = pr__calloc(nw + 1, sizeof(*ix->exact));
	ix->evm = pr__calloc(nw + 1, sizeof(*ix->evm));
	ix->lower = pr__malloc(nw * 43 + 1);
	if (ix->exact == NULL || ix->evm == NULL || ix->lower == NULL)
		return PR_ENOMEM;
	for (i = 0; i < nw; i++) {
		const pr_sanction_wallet *w = pr_sanctions_wallet(l, i);

		if (pr__screen_evm(w->currency, w->address)) {
			char *d = ix->lower + lo;

			for (j = 0; j < 42; j++) {
				char c = w->address[j];

				d[j] = c >= 'A' && c <= 'Z' ?
				       (char)(c - 'A' + 'a') : c;
			}
			d[42] = '\0';
			lo += 43;
			ix->evm[ix->nevm].key = d;
			ix->evm[ix->nevm++].wallet = i;
		} else {
			ix->exact[ix->nexact].key = w->address;
			ix->exact[ix->nexact++].wallet = i;
		}
	}
	if (ix->nexact > 0)
		qsort(ix->exact, ix->nexact, sizeof(*ix->exact), wkey_cmp);
	if (ix->nevm > 0)
		qsort(ix->evm, ix->nevm, sizeof(*ix->evm), wkey_cmp);
	return PR_OK;
}

int
pr__screen_index_build(struct scr_index *ix, const pr_sanctions *l,
		       struct scr_scratch *sc)
{
	size_t ne = pr_sanctions_entry_count(l);
	size_t na = pr_sanctions_alias_count(l);
	size_t cpcap = 0, wcap = 0, ncp = 0, nw = 0, nkp = 0, kpcap = 0;
	struct scr_name *n = NULL;
	struct kp *kps = NULL;
	size_t i, j;
	int rc = PR_ENOMEM;

	memset(ix, 0, sizeof(*ix));
	n = pr__malloc(sizeof(*n));
	ix->names = pr__calloc(ne + na + 1, sizeof(*ix->names));
	if (n == NULL || ix->names == NULL)
		goto done;
	for (i = 0; i < ne + na; i++) {
		const pr_sanction_alias *a = i >= ne ?
			pr_sanctions_alias(l, i - ne) : NULL;
		const char *name = a != NULL ? a->name :
				   pr_sanctions_entry(l, i)->name;

		if (pr__screen_norm(n, name, sc) != PR_OK)
			goto done;
		rc = add_name(ix, &cpcap, &wcap, &ncp, &nw, &kps, &nkp,
			      &kpcap, n, a != NULL ? a->entry : i,
			      a != NULL ? i - ne : PR_SCREEN_PRIMARY,
			      a != NULL && a->weak);
		if (rc != PR_OK)
			goto done;
		rc = PR_ENOMEM;
	}
	if (nkp > 0)
		qsort(kps, nkp, sizeof(*kps), kp_cmp);
	ix->keys = pr__malloc((nkp + 1) * sizeof(*ix->keys));
	ix->koff = pr__malloc((nkp + 2) * sizeof(*ix->koff));
	ix->post = pr__malloc((nkp + 1) * sizeof(*ix->post));
	if (ix->keys == NULL || ix->koff == NULL || ix->post == NULL)
		goto done;
	for (i = 0, j = 0; i < nkp; i++) {
		if (i > 0 && kps[i].key == kps[i - 1].key &&
		    kps[i].name == kps[i - 1].name)
			continue;
		if (ix->nkeys == 0 || ix->keys[ix->nkeys - 1] != kps[i].key) {
			ix->keys[ix->nkeys] = kps[i].key;
			ix->koff[ix->nkeys++] = (uint32_t)j;
		}
		ix->post[j++] = kps[i].name;
	}
	ix->koff[ix->nkeys] = (uint32_t)j;
	rc = build_wallets(ix, l);
done:
	pr__free(kps);
	pr__free(n);
	if (rc != PR_OK)
		pr__screen_index_clear(ix);
	return rc;
}

void
pr__screen_index_clear(struct scr_index *ix)
{
	pr__free(ix->names);
	pr__free(ix->cp);
	pr__free(ix->w);
	pr__free(ix->keys);
	pr__free(ix->koff);
	pr__free(ix->post);
	pr__free(ix->exact);
	pr__free(ix->evm);
	pr__free(ix->lower);
	memset(ix, 0, sizeof(*ix));
}

const uint32_t *
pr__screen_index_find(const struct scr_index *ix, uint64_t k, size_t *n)
{
	size_t lo = 0, hi = ix->nkeys;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ix->keys[mid] < k)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == ix->nkeys || ix->keys[lo] != k) {
		*n = 0;
		return NULL;
	}
	*n = ix->koff[lo + 1] - ix->koff[lo];
	return ix->post + ix->koff[lo];
}
