/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The score of a name against a list name: Jaro-Winkler computed as an
 * exact rational and rounded once to basis points (docs/screening.md). */
#include "config.h"
#include "common.h"

#include <string.h>
#include "screen_priv.h"

/* Words longer than this are paired by their first PAIR_CP code points
 * (pairing only orders the words; the score reads them whole). */
#define PAIR_CP 64

/*
 * Jaro-Winkler, exactly. With a and b the lengths, m the characters
 * that match (equal, and no further apart than max(a, b) / 2 - 1), T
 * the matched characters out of order (t = T / 2 transpositions) and l
 * the common prefix (at most 4), Jaro is
 *	J = (m/a + m/b + (m - T/2)/m) / 3
 *	  = (2m^2 b + 2m^2 a + (2m - T) a b) / (6 m a b)
 * and Jaro-Winkler, with Winkler's p = 1/10 applied at every J,
 *	JW = J + l/10 (1 - J) = (10 Jn + l (Jd - Jn)) / (10 Jd).
 * With a, b <= SCR_MAX_CP (512) the denominator is below 2^33.
 */
struct scr_rat
pr__screen_jw(const int32_t *a, size_t an, const int32_t *b, size_t bn)
{
	unsigned char am[SCR_MAX_CP], bm[SCR_MAX_CP];
	struct scr_rat r = { 0, 1 };
	size_t win, i, j, k, l;
	uint64_t m = 0, t = 0, jn, jd, ua = an, ub = bn;

	if (an == 0 && bn == 0) {
		r.num = 1;
		return r;
	}
	if (an == 0 || bn == 0 || an > SCR_MAX_CP || bn > SCR_MAX_CP)
		return r;
	win = (an > bn ? an : bn) / 2;
	win = win > 0 ? win - 1 : 0;
	memset(am, 0, an);
	memset(bm, 0, bn);
	for (i = 0; i < an; i++) {
		size_t lo = i > win ? i - win : 0;
		size_t hi = i + win < bn - 1 ? i + win : bn - 1;

		for (j = lo; j <= hi; j++) {
			if (!bm[j] && a[i] == b[j]) {
				am[i] = 1;
				bm[j] = 1;
				m++;
				break;
			}
		}
	}
	if (m == 0)
		return r;
	for (i = 0, k = 0; i < an; i++) {
		if (!am[i])
			continue;
		while (!bm[k])
			k++;
		if (a[i] != b[k])
			t++;
		k++;
	}
	for (l = 0; l < 4 && l < an && l < bn && a[l] == b[l]; l++)
		;
	jn = 2 * m * m * ub + 2 * m * m * ua + (2 * m - t) * ua * ub;
	jd = 6 * m * ua * ub;
	r.num = 10 * jn + l * (jd - jn);
	r.den = 10 * jd;
	return r;
}

/* Basis points of r rounded half up: floor((20000 num + den) / 2 den). */
int
pr__screen_bp(struct scr_rat r)
{
	return (int)((20000 * r.num + r.den) / (2 * r.den));
}

/* x > y, exactly (denominators below 2^25 here: words of PAIR_CP). */
static int
rat_gt(struct scr_rat x, struct scr_rat y)
{
	return x.num * y.den > y.num * x.den;
}

int
pr__screen_len_ok(size_t qlen, size_t clen, int threshold)
{
	size_t mn = qlen < clen ? qlen : clen;
	uint64_t jn, jd;
	struct scr_rat r;

	if (qlen == 0 || clen == 0)
		return threshold <= 0 || (qlen == 0 && clen == 0);
	/* m = min(q, c), no transposition, a prefix of 4 */
	jn = (uint64_t)mn * clen + (uint64_t)mn * qlen + (uint64_t)qlen * clen;
	jd = 3 * (uint64_t)qlen * clen;
	r.num = 6 * jn + 4 * jd;
	r.den = 10 * jd;
	return pr__screen_bp(r) >= threshold;
}

void
pr__screen_hist(uint8_t h[SCR_HIST], const struct scr_view *v)
{
	int all = pr__screen_all_legal(v->w, v->nw);
	size_t i, j, k = 0;

	memset(h, 0, SCR_HIST);
	for (i = 0; i < v->nw; i++) {
		const struct scr_word *w = &v->w[i];

		if (w->legal && !all)
			continue;
		if (k++ > 0 && h[' ' % SCR_HIST] < 255)
			h[' ' % SCR_HIST]++;
		for (j = 0; j < w->len; j++) {
			uint8_t *c = &h[(uint32_t)v->cp[w->off + j] % SCR_HIST];

			if (*c < 255)
				(*c)++;
		}
	}
}

/* A count stopped at 255 may stand for more: the bound then takes the
 * other side's count, which is still an upper bound. */
int
pr__screen_hist_ok(const uint8_t *a, size_t alen, const uint8_t *b,
		   size_t blen, int need)
{
	uint64_t m = 0, ua = alen, ub = blen, jn, jd;
	struct scr_rat r;
	size_t i;

	if (alen == 0 || blen == 0)
		return 1;
	for (i = 0; i < SCR_HIST; i++) {
		unsigned x = a[i], y = b[i];

		if (x == 255 || y == 255)
			m += x > y ? x : y;
		else
			m += x < y ? x : y;
	}
	if (m > ua)
		m = ua;
	if (m > ub)
		m = ub;
	if (m == 0)
		return need <= 0;
	/* J = (m/a + m/b + 1)/3, JW = J + 4/10 (1 - J) */
	jn = m * ub + m * ua + ua * ub;
	jd = 3 * ua * ub;
	r.num = 6 * jn + 4 * jd;
	r.den = 10 * jd;
	return pr__screen_bp(r) >= need;
}

static size_t
append(int32_t *dst, size_t o, const struct scr_view *v, size_t w)
{
	if (o > 0)
		dst[o++] = ' ';
	memcpy(dst + o, v->cp + v->w[w].off, v->w[w].len * sizeof(int32_t));
	return o + v->w[w].len;
}

/*
 * Pair the words of q and c: each round takes the pair, among words not
 * yet paired, with the highest Jaro-Winkler (the first in q's order,
 * then c's, on a tie), until one name has none left. Both names are
 * then rebuilt: the pairs from the least alike to the most (by their
 * Jaro-Winkler; equal ones in alphabetical order of the pair's lesser
 * word, then its greater: code points compared), then each name's
 * unpaired words in its own order, words joined by one space; the
 * score is the Jaro-Winkler of the two rebuilt names. Legal forms are
 * left out of both (they are made equal, not compared: "ACME Inc" =
 * "ACME LLC") unless a name has no other word. So word order
 * does not count ("SMITH, John" = "John Smith"), the score does not
 * depend on which name is screened and which is listed, a word one
 * name has and the other lacks lowers the score, and Winkler's prefix
 * bonus goes to the words that differ most: one long word the names
 * share ("ALEXANDER") cannot carry two names otherwise unlike.
 */
/* Compare word x of name a with word y of name b by code points. */
static int
word_cmp(const struct scr_view *a, size_t x, const struct scr_view *b,
	 size_t y)
{
	const int32_t *p = a->cp + a->w[x].off, *q = b->cp + b->w[y].off;
	size_t n = a->w[x].len, m = b->w[y].len, i;

	for (i = 0; i < n && i < m; i++)
		if (p[i] != q[i])
			return p[i] < q[i] ? -1 : 1;
	return n < m ? -1 : n > m;
}

/* A pair of words: the lesser and the greater, alphabetically. */
struct pair {
	const struct scr_view *lv, *gv;
	size_t lw, gw;
	size_t qw, cw;
	struct scr_rat jw;
};

static int
pair_cmp(const struct pair *x, const struct pair *y)
{
	int c;

	if (rat_gt(y->jw, x->jw))
		return -1;
	if (rat_gt(x->jw, y->jw))
		return 1;
	c = word_cmp(x->lv, x->lw, y->lv, y->lw);

	if (c == 0)
		c = word_cmp(x->gv, x->gw, y->gv, y->gw);
	if (c == 0)
		c = x->cw < y->cw ? -1 : x->cw > y->cw;
	return c;
}

/* The words of v the score compares: all but legal forms, or all when
 * there is nothing else. */
static size_t
compared(size_t *out, const struct scr_view *v)
{
	int all = pr__screen_all_legal(v->w, v->nw);
	size_t i, n = 0;

	for (i = 0; i < v->nw; i++)
		if (all || !v->w[i].legal)
			out[n++] = i;
	return n;
}

int
pr__screen_score_names(const struct scr_view *q, const struct scr_view *c,
		       int *phonetic, int *words)
{
	struct scr_rat s[SCR_MAX_WORDS][SCR_MAX_WORDS];
	size_t qw[SCR_MAX_WORDS], cw[SCR_MAX_WORDS], nq, nc;
	int qp[SCR_MAX_WORDS], cp[SCR_MAX_WORDS];
	int32_t qs[SCR_MAX_CP], cs[SCR_MAX_CP];
	struct pair pairs[SCR_MAX_WORDS];
	size_t i, j, r, rounds, qo = 0, co = 0, np;
	int ph = 0;

	nq = compared(qw, q);
	nc = compared(cw, c);
	rounds = nq < nc ? nq : nc;
	for (i = 0; i < nq; i++) {
		const struct scr_word *x = &q->w[qw[i]];

		qp[i] = -1;
		for (j = 0; j < nc; j++) {
			const struct scr_word *y = &c->w[cw[j]];

			if (x->len == y->len &&
			    memcmp(q->cp + x->off, c->cp + y->off,
				   x->len * sizeof(int32_t)) == 0) {
				s[i][j].num = 1;
				s[i][j].den = 1;
				continue;
			}
			s[i][j] = pr__screen_jw(q->cp + x->off,
				x->len < PAIR_CP ? x->len : PAIR_CP,
				c->cp + y->off,
				y->len < PAIR_CP ? y->len : PAIR_CP);
		}
	}
	for (j = 0; j < nc; j++)
		cp[j] = -1;
	for (r = 0; r < rounds; r++) {
		int bi = -1, bj = -1;

		for (i = 0; i < nq; i++) {
			if (qp[i] >= 0)
				continue;
			for (j = 0; j < nc; j++) {
				if (cp[j] >= 0)
					continue;
				if (bi < 0 || rat_gt(s[i][j], s[bi][bj])) {
					bi = (int)i;
					bj = (int)j;
				}
			}
		}
		qp[bi] = bj;
		cp[bj] = bi;
		if (q->w[qw[bi]].sdx[0] != '\0' &&
		    memcmp(q->w[qw[bi]].sdx, c->w[cw[bj]].sdx, 5) == 0)
			ph++;
	}
	for (j = 0, np = 0; j < nc; j++) {
		struct pair p;

		if (cp[j] < 0)
			continue;
		p.qw = qw[cp[j]];
		p.cw = cw[j];
		p.jw = s[cp[j]][j];
		if (word_cmp(q, p.qw, c, p.cw) <= 0) {
			p.lv = q;
			p.lw = p.qw;
			p.gv = c;
			p.gw = p.cw;
		} else {
			p.lv = c;
			p.lw = p.cw;
			p.gv = q;
			p.gw = p.qw;
		}
		/* insertion: at most SCR_MAX_WORDS pairs */
		for (i = np; i > 0 && pair_cmp(&p, &pairs[i - 1]) < 0; i--)
			pairs[i] = pairs[i - 1];
		pairs[i] = p;
		np++;
	}
	for (i = 0; i < np; i++) {
		qo = append(qs, qo, q, pairs[i].qw);
		co = append(cs, co, c, pairs[i].cw);
	}
	for (i = 0; i < nq; i++)
		if (qp[i] < 0)
			qo = append(qs, qo, q, qw[i]);
	for (j = 0; j < nc; j++)
		if (cp[j] < 0)
			co = append(cs, co, c, cw[j]);
	if (phonetic != NULL)
		*phonetic = ph;
	if (words != NULL)
		*words = (int)rounds;
	return pr__screen_bp(pr__screen_jw(qs, qo, cs, co));
}

int
pr_screen_score(const char *a, const char *b)
{
	struct scr_scratch sc = { NULL, 0 };
	struct scr_name *x = pr__malloc(sizeof(*x));
	struct scr_name *y = pr__malloc(sizeof(*y));
	struct scr_view vx, vy;
	int score = -1;

	if (x == NULL || y == NULL || pr__screen_norm(x, a, &sc) != PR_OK ||
	    pr__screen_norm(y, b, &sc) != PR_OK)
		goto done;
	vx = scr_view_of(x);
	vy = scr_view_of(y);
	score = pr__screen_score_names(&vx, &vy, NULL, NULL);
done:
	pr__free(x);
	pr__free(y);
	pr__screen_scratch_clear(&sc);
	return score;
}

/* The words of a normalised name (one space between), at most max. */
static size_t
split_words(char *t, char **w, size_t max)
{
	size_t n = 0;
	char *p = t;

	while (*p != '\0' && n < max) {
		w[n++] = p;
		p = strchr(p, ' ');
		if (p == NULL)
			break;
		*p++ = '\0';
	}
	return n;
}

/* Every word of a of two letters or more is an unused word of b (two
 * at least), and each one-letter word of a the initial of another. */
static int
words_within(char *a, char *b)
{
	char *wa[32], *wb[32];
	unsigned char used[32] = { 0 };
	size_t na = split_words(a, wa, 32), nb = split_words(b, wb, 32);
	size_t i, j, whole = 0;
	int pass;

	/* whole words first, so that an initial cannot take one */
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < na; i++) {
			size_t len = strlen(wa[i]);

			if ((pass == 0) != (len >= 2))
				continue;
			for (j = 0; j < nb; j++) {
				if (used[j])
					continue;
				if (pass == 0 ? strcmp(wa[i], wb[j]) == 0 :
				    (len == 1 && wa[i][0] == wb[j][0]))
					break;
			}
			if (j == nb)
				return 0;
			used[j] = 1;
			whole += pass == 0;
		}
	}
	return whole >= 2;
}

int
pr_screen_may_be(const char *name, const char *party, int *score)
{
	char *a = NULL, *b = NULL;
	int sc = pr_screen_score(name, party), rc;

	if (sc < 0)
		return -1;
	if (score != NULL)
		*score = sc;
	if (sc >= PR_SCREEN_THRESHOLD)
		return 1;
	if (pr_screen_normalise(&a, name) != PR_OK ||
	    pr_screen_normalise(&b, party) != PR_OK) {
		pr_screen_text_free(a);
		return -1;
	}
	rc = words_within(a, b);
	pr_screen_text_free(a);
	pr_screen_text_free(b);
	return rc;
}
