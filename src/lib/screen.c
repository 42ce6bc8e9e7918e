/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Screening (include/proceeds/screen.h): a name is normalised, its
 * words' keys find the candidate list names in the index
 * (screen_index.c), each candidate that its length leaves a chance is
 * scored exactly (screen_score.c), a weak alias loses
 * PR_SCREEN_WEAK_PENALTY, and each entry keeps its best name.
 */
#include "config.h"
#include "common.h"

#include <stdlib.h>
#include <string.h>
#include "screen_priv.h"

struct pr_screen {
	const pr_sanctions *list;
	struct scr_index ix;
	struct scr_scratch sc;
	struct scr_name q;
	uint32_t *stamp;        /* per list name: the call that saw it */
	uint32_t gen;
	uint32_t *cand;
	size_t ncand, candcap;
	pr_screen_hit *hits;
	size_t nhits, hitcap;
	size_t *wal;
	size_t nwal, walcap;
	char *addr;
	size_t addrcap;
};

int
pr_screen_new(pr_screen **out, const pr_sanctions *list, pr_error *err)
{
	pr_screen *s = NULL;
	int rc;

	*out = NULL;
	if (list == NULL)
		return pr__error_set(err, PR_EINVALID, "no list to screen "
				     "against");
	s = pr__calloc(1, sizeof(*s));
	if (s == NULL)
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	s->list = list;
	rc = pr__screen_index_build(&s->ix, list, &s->sc);
	if (rc == PR_OK) {
		s->stamp = pr__calloc(s->ix.nnames + 1, sizeof(*s->stamp));
		if (s->stamp == NULL)
			rc = PR_ENOMEM;
	}
	if (rc != PR_OK) {
		pr_screen_free(s);
		return pr__error_set(err, rc, "out of memory");
	}
	*out = s;
	return PR_OK;
}

void
pr_screen_free(pr_screen *s)
{
	if (s == NULL)
		return;
	pr__screen_index_clear(&s->ix);
	pr__screen_scratch_clear(&s->sc);
	pr__free(s->stamp);
	pr__free(s->cand);
	pr__free(s->hits);
	pr__free(s->wal);
	pr__free(s->addr);
	pr__free(s);
}

/* Gather the candidates of the name in s->q into s->cand. */
static int
candidates(pr_screen *s)
{
	uint64_t keys[SCR_MAX_KEYS];
	size_t nk, i, j, n;

	s->ncand = 0;
	if (++s->gen == 0) {
		memset(s->stamp, 0, s->ix.nnames * sizeof(*s->stamp));
		s->gen = 1;
	}
	nk = pr__screen_name_keys(keys, s->q.cp, s->q.w, s->q.nw, 1);
	for (i = 0; i < nk; i++) {
		const uint32_t *post = pr__screen_index_find(&s->ix, keys[i],
							     &n);

		if (pr__grow((void **)&s->cand, &s->candcap, s->ncand + n,
			     sizeof(*s->cand)) != 0)
			return PR_ENOMEM;
		for (j = 0; j < n; j++) {
			uint32_t c = post[j];

			if (s->stamp[c] == s->gen)
				continue;
			s->stamp[c] = s->gen;
			s->cand[s->ncand++] = c;
		}
	}
	return PR_OK;
}

static int
hit_by_entry(const void *x, const void *y)
{
	const pr_screen_hit *a = x, *b = y;

	if (a->entry != b->entry)
		return a->entry < b->entry ? -1 : 1;
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->phonetic != b->phonetic)
		return a->phonetic > b->phonetic ? -1 : 1;
	/* the entry's own name (PR_SCREEN_PRIMARY + 1 == 0) first */
	if (a->alias + 1 != b->alias + 1)
		return a->alias + 1 < b->alias + 1 ? -1 : 1;
	return 0;
}

static int
hit_by_score(const void *x, const void *y)
{
	const pr_screen_hit *a = x, *b = y;

	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->phonetic != b->phonetic)
		return a->phonetic > b->phonetic ? -1 : 1;
	return a->entry < b->entry ? -1 : a->entry > b->entry;
}

int
pr_screen_name(pr_screen *s, const char *name, int threshold,
	       const pr_screen_hit **hits, size_t *n, pr_error *err)
{
	struct scr_view qv;
	uint8_t qh[SCR_HIST];
	size_t i, k;
	int rc;

	*hits = NULL;
	*n = 0;
	if (threshold < 0 || threshold > 10000)
		return pr__error_set(err, PR_EINVALID, "threshold %d is not "
				     "between 0 and 10000 basis points",
				     threshold);
	s->nhits = 0;
	rc = pr__screen_norm(&s->q, name != NULL ? name : "", &s->sc);
	if (rc == PR_OK)
		rc = candidates(s);
	if (rc != PR_OK)
		return pr__error_set(err, rc, "out of memory");
	qv = scr_view_of(&s->q);
	pr__screen_hist(qh, &qv);
	for (i = 0; i < s->ncand; i++) {
		const struct scr_lname *ln = &s->ix.names[s->cand[i]];
		struct scr_view cv;
		int need = threshold + (ln->weak ? PR_SCREEN_WEAK_PENALTY : 0);
		int jw, ph = 0, words = 0, score;

		if (!pr__screen_len_ok(s->q.len, ln->len, need) ||
		    !pr__screen_hist_ok(qh, s->q.len, ln->hist, ln->len,
					need))
			continue;
		cv = scr_view_lname(&s->ix, ln);
		jw = pr__screen_score_names(&qv, &cv, &ph, &words);
		score = jw - (ln->weak ? PR_SCREEN_WEAK_PENALTY : 0);
		if (score < 0)
			score = 0;
		if (score < threshold)
			continue;
		if (pr__grow((void **)&s->hits, &s->hitcap, s->nhits + 1,
			     sizeof(*s->hits)) != 0)
			return pr__error_set(err, PR_ENOMEM, "out of memory");
		s->hits[s->nhits].entry = ln->entry;
		s->hits[s->nhits].alias = ln->alias == UINT32_MAX ?
			PR_SCREEN_PRIMARY : ln->alias;
		s->hits[s->nhits].score = score;
		s->hits[s->nhits].jw = jw;
		s->hits[s->nhits].phonetic = ph;
		s->hits[s->nhits].words = words;
		s->nhits++;
	}
	if (s->nhits > 0)
		qsort(s->hits, s->nhits, sizeof(*s->hits), hit_by_entry);
	for (i = 0, k = 0; i < s->nhits; i++)
		if (k == 0 || s->hits[k - 1].entry != s->hits[i].entry)
			s->hits[k++] = s->hits[i];
	s->nhits = k;
	if (s->nhits > 0)
		qsort(s->hits, s->nhits, sizeof(*s->hits), hit_by_score);
	*hits = s->hits;
	*n = s->nhits;
	return PR_OK;
}

/* Append the wallets of keys equal to key in the sorted array a. */
static int
find_wallets(pr_screen *s, const struct scr_wkey *a, size_t na,
	     const char *key)
{
	size_t lo = 0, hi = na;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(a[mid].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < na && strcmp(a[lo].key, key) == 0; lo++) {
		if (pr__grow((void **)&s->wal, &s->walcap, s->nwal + 1,
			     sizeof(*s->wal)) != 0)
			return PR_ENOMEM;
		s->wal[s->nwal++] = a[lo].wallet;
	}
	return PR_OK;
}

static int
size_cmp(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;

	return a < b ? -1 : a > b;
}

int
pr_screen_address(pr_screen *s, const char *address, const size_t **wallets,
		  size_t *n, pr_error *err)
{
	size_t i;
	int rc;

	*wallets = NULL;
	*n = 0;
	s->nwal = 0;
	if (address == NULL || address[0] == '\0')
		return PR_OK;
	rc = find_wallets(s, s->ix.exact, s->ix.nexact, address);
	if (rc == PR_OK && pr__screen_is_evm_address(address)) {
		if (pr__grow((void **)&s->addr, &s->addrcap, 43, 1) != 0)
			return pr__error_set(err, PR_ENOMEM, "out of memory");
		for (i = 0; i < 43; i++) {
			char c = address[i];

			s->addr[i] = c >= 'A' && c <= 'Z' ?
				     (char)(c - 'A' + 'a') : c;
		}
		rc = find_wallets(s, s->ix.evm, s->ix.nevm, s->addr);
	}
	if (rc != PR_OK)
		return pr__error_set(err, rc, "out of memory");
	if (s->nwal > 0)
		qsort(s->wal, s->nwal, sizeof(*s->wal), size_cmp);
	*wallets = s->wal;
	*n = s->nwal;
	return PR_OK;
}
