/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The tracing engine: what each node holds by origin under one tracing
 * rule, moved as parcels, exactly and in integers (trace_engine.h). */
#include "config.h"
#include "common.h"
#include "trace_engine.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Design.
 *
 * A node holds a balance and a sparse vector of (origin, amount), sorted
 * by origin, amounts > 0: most nodes hold one to three origins, so the
 * vector is tiny and a lookup is a short bisection. Rules that care about
 * arrival order also keep lots, (origin, amount) in arrival order, in a
 * ring buffer (power-of-two capacity) so that both ends pop in O(1):
 *
 *   fifo, lifo        lots hold every origin; the vector is their sum
 *                     per origin (so pr__tr_held is O(log k)).
 *   victims_fifo      (with libr, taint-first, tiho, pro-rata) lots hold
 *                     the victims' money only, to know which victim's
 *                     money is oldest; clean and unknown need no order.
 *   poison            the vector is a set of exposed origins (amounts
 *                     unused); exposure to each is the whole balance.
 *
 * Adjacent lots of one origin are merged as they arrive, so a node holds
 * at most one lot per change of origin, and a take pops whole lots plus
 * at most one partial lot: amortised O(1) per lot.
 *
 * A parcel is a list of pieces (origin, amount) whose amounts sum to its
 * total (under poison, a set of exposed origins and a total). Pieces keep
 * the order of arrival where the rule tracks it (fifo, lifo, victims
 * under victims_fifo), and origin order otherwise. Parcels come from a
 * free list and keep their piece arrays, so the hot path (take, put,
 * split) allocates only while capacities are still growing.
 *
 * Every fallible entry point reserves what it needs before it changes
 * anything, so a failure (out of memory, overflow, bad argument) leaves
 * the engine and the caller's parcels as they were.
 *
 * Proportional shares use the largest remainder method in 128-bit
 * integers: floor(whole * w / W) each, then the units left over one each
 * to the largest remainders, ties to the lower origin (then the earlier
 * piece). A multi-part proportional split is done part by part, each part
 * a proportional take from what is left, so that both the parts and the
 * origins sum exactly (the rolling charge of Barlow Clowes).
 *
 * The conservation ledger is kept per (currency, origin) in 128-bit
 * integers, so that it cannot overflow before the int64 holdings do.
 */

__extension__ typedef __int128 i128;
__extension__ typedef unsigned __int128 u128;

typedef struct piece {
	int64_t amount;
	uint32_t origin;
} piece;

typedef struct tnode {
	int64_t balance;       /* sinks: total received */
	piece *vec;            /* by origin */
	piece *lot;            /* ring of lots, oldest first */
	uint32_t vlen, vcap;
	uint32_t lhead, llen, lcap; /* lcap 0 or a power of two */
} tnode;

struct pr__tr_parcel {
	pr__tr *t;
	pr__tr_parcel *next_free;
	int64_t total;
	piece *pc;
	uint32_t n, cap;
	uint32_t currency;
	int live;
};

enum { LED_INFLOW, LED_SHORT, LED_CONV_IN, LED_SUNK, LED_CONV_OUT, LED_N };

typedef struct rem_ent {
	uint64_t rem;
	uint32_t key;
	uint32_t idx;
} rem_ent;

typedef struct ord_ent {
	int64_t amount;
	size_t idx;
} ord_ent;

struct pr__tr {
	pr__tr_options o;
	int lots_all;      /* fifo, lifo */
	int lots_victims;  /* victims_fifo under a vector rule */
	uint32_t n_nodes, n_sinks, n_origins, n_cur;
	uint32_t *node_cur;
	uint32_t *sink_cur;
	tnode *nodes;
	tnode *sinks;
	i128 *led;         /* [currency][origin][LED_N] */
	pr__tr_parcel **all;
	size_t n_all, cap_all;
	pr__tr_parcel *free_list;
	/* scratch, reused by every operation */
	int64_t *acc;      /* n_origins, all zero between operations */
	uint32_t *touched; /* n_origins */
	uint32_t *pos;     /* n_origins, all zero between operations */
	piece *agg;        /* n_origins */
	int64_t *parts;
	size_t parts_cap;
	rem_ent *rems;
	size_t rems_cap;
	piece *work;
	size_t work_cap;
	ord_ent *ord;
	size_t ord_cap;
	int64_t *grp;      /* 3 per output */
	size_t grp_cap;
};

#define NONE UINT32_MAX
#define LOT(nd, i) ((nd)->lot[((nd)->lhead + (i)) & ((nd)->lcap - 1)])

static int
too_big(pr_error *err)
{
	return pr__error_set(err, PR_EINVALID, "amount beyond 64 bits");
}

static int
no_mem(pr_error *err)
{
	return pr__error_set(err, PR_ENOMEM, "out of memory");
}

static i128 *
led(const pr__tr *t, uint32_t cur, uint32_t origin)
{
	return &t->led[((size_t)cur * t->n_origins + origin) * LED_N];
}

/* Grow a scratch array to at least need elements (amortised doubling). */
static int
scratch(void *arr, size_t *cap, size_t need, size_t elem)
{
	return pr__grow((void **)arr, cap, need, elem);
}

/* ------------------------------------------------------------------ */
/* sparse vectors */

/* The first index whose origin is >= origin. */
static uint32_t
vec_find(const piece *v, uint32_t n, uint32_t origin)
{
	uint32_t lo = 0, hi = n;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (v[mid].origin < origin)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int64_t
vec_get(const piece *v, uint32_t n, uint32_t origin)
{
	uint32_t i = vec_find(v, n, origin);

	return i < n && v[i].origin == origin ? v[i].amount : 0;
}

/* Room for extra more entries; a vector never holds more than one entry
 * per origin, so the capacity is capped at limit. */
static int
vec_reserve(tnode *nd, size_t extra, uint32_t limit)
{
	size_t need = (size_t)nd->vlen + extra;
	size_t ncap;
	piece *nv;

	if (need > limit)
		need = limit;
	if (need <= nd->vcap)
		return 0;
	ncap = nd->vcap ? nd->vcap : 2;
	while (ncap < need)
		ncap *= 2;
	if (ncap > limit)
		ncap = limit;
	nv = pr__realloc(nd->vec, ncap * sizeof(*nv));
	if (nv == NULL)
		return -1;
	nd->vec = nv;
	nd->vcap = (uint32_t)ncap;
	return 0;
}

/* Add to an origin's entry, inserting it in order (room reserved). */
static void
vec_add(tnode *nd, uint32_t origin, int64_t amount)
{
	uint32_t i = vec_find(nd->vec, nd->vlen, origin);

	if (i < nd->vlen && nd->vec[i].origin == origin) {
		nd->vec[i].amount += amount;
		return;
	}
	assert(nd->vlen < nd->vcap);
	memmove(nd->vec + i + 1, nd->vec + i,
		(nd->vlen - i) * sizeof(*nd->vec));
	nd->vec[i].origin = origin;
	nd->vec[i].amount = amount;
	nd->vlen++;
}

/* Subtract from an origin's entry, dropping it when it reaches 0, so that
 * the vector only lists origins actually held. */
static void
vec_sub(tnode *nd, uint32_t origin, int64_t amount)
{
	uint32_t i = vec_find(nd->vec, nd->vlen, origin);

	assert(i < nd->vlen && nd->vec[i].origin == origin);
	assert(nd->vec[i].amount >= amount);
	nd->vec[i].amount -= amount;
	if (nd->vec[i].amount == 0) {
		memmove(nd->vec + i, nd->vec + i + 1,
			(nd->vlen - i - 1) * sizeof(*nd->vec));
		nd->vlen--;
	}
}

static int
sorted_pieces(const piece *pc, uint32_t n)
{
	uint32_t i;

	for (i = 1; i < n; i++)
		if (pc[i - 1].origin >= pc[i].origin)
			return 0;
	return 1;
}

/*
 * How many of the origins of pc[0..n) (sorted, distinct) the vector
 * lacks. A step by step walk of the two lists waits on each compare to
 * know where to read next, but stops where the pieces end: best for a
 * few pieces. For many (or with mark set), each origin of the vector
 * is marked in t->pos with its index + 1, in passes with no such wait;
 * the marks are cleared after, unless mark is set: then the caller uses
 * and clears them.
 */
static uint32_t
count_fresh(pr__tr *t, const tnode *nd, const piece *pc, uint32_t n,
	    int mark)
{
	uint32_t i = 0, j = 0, fresh = 0, *pos = t->pos;

	if (n < 16 && !mark) {
		while (i < nd->vlen && j < n) {
			uint32_t a = nd->vec[i].origin, b = pc[j].origin;

			fresh += b < a;
			i += a <= b;
			j += b <= a;
		}
		return fresh + n - j;
	}
	for (i = 0; i < nd->vlen; i++)
		pos[nd->vec[i].origin] = i + 1;
	for (j = 0; j < n; j++)
		fresh += pos[pc[j].origin] == 0;
	if (!mark)
		for (i = 0; i < nd->vlen; i++)
			pos[nd->vec[i].origin] = 0;
	return fresh;
}

/*
 * Add pieces sorted by origin (distinct, amounts > 0) to the vector in
 * one merge, O(vlen + n), instead of n bisections and insertions: a put
 * of a parcel of many origins into a node of many is the common case
 * once money has mixed. Room reserved. Merges from the back, in place.
 */
static void
vec_merge(pr__tr *t, tnode *nd, const piece *pc, uint32_t n)
{
	uint32_t *pos = t->pos;
	uint32_t i = 0, j = 0, fresh = 0, w;

	/* the same origins on both sides (money well mixed, pro-rata):
	 * an add per entry, with no dependence from one to the next */
	if (n == nd->vlen) {
		uint32_t differ = 0;

		for (i = 0; i < n; i++)
			differ |= nd->vec[i].origin ^ pc[i].origin;
		if (differ == 0) {
			for (i = 0; i < n; i++)
				nd->vec[i].amount += pc[i].amount;
			return;
		}
	}
	if (n < 16) {
		fresh = count_fresh(t, nd, pc, n, 0);
		if (fresh == 0) {
			/* every origin is there already: the amounts are
			 * added in place */
			for (i = 0, j = 0; j < n; i++) {
				int hit = nd->vec[i].origin == pc[j].origin;

				nd->vec[i].amount += hit ? pc[j].amount : 0;
				j += (uint32_t)hit;
			}
			return;
		}
	} else {
		/* the common case once money has mixed, as above but
		 * with the origins in another order: where each is in
		 * the vector is marked, and read back for the adds */
		fresh = count_fresh(t, nd, pc, n, 1);
		if (fresh == 0)
			for (j = 0; j < n; j++)
				nd->vec[pos[pc[j].origin] - 1].amount +=
					pc[j].amount;
		for (i = 0; i < nd->vlen; i++)
			pos[nd->vec[i].origin] = 0;
		if (fresh == 0)
			return;
	}
	assert(nd->vlen + fresh <= nd->vcap);
	i = nd->vlen;
	j = n;
	w = nd->vlen + fresh;
	while (j > 0) {
		if (i > 0 && nd->vec[i - 1].origin > pc[j - 1].origin) {
			nd->vec[--w] = nd->vec[--i];
		} else if (i > 0 && nd->vec[i - 1].origin == pc[j - 1].origin) {
			nd->vec[--w] = nd->vec[--i];
			nd->vec[w].amount += pc[--j].amount;
		} else {
			nd->vec[--w] = pc[--j];
		}
	}
	nd->vlen += fresh;
}

/* The index of the first victim entry (after clean and unknown). */
static uint32_t
vec_first_victim(const tnode *nd)
{
	uint32_t i = 0;

	while (i < nd->vlen && nd->vec[i].origin < PR_TR_VICTIM)
		i++;
	return i;
}

/* ------------------------------------------------------------------ */
/* lots */

/* Room for extra more lots. Growing unwraps the ring into a new array,
 * so that the capacity stays a power of two and indexing a mask. */
static int
lot_reserve(tnode *nd, size_t extra)
{
	size_t need = (size_t)nd->llen + extra;
	size_t ncap, i;
	piece *nl;

	if (need <= nd->lcap)
		return 0;
	if (need > UINT32_MAX / 2)
		return -1;
	ncap = nd->lcap ? nd->lcap : 2;
	while (ncap < need)
		ncap *= 2;
	nl = pr__malloc(ncap * sizeof(*nl));
	if (nl == NULL)
		return -1;
	for (i = 0; i < nd->llen; i++)
		nl[i] = LOT(nd, i);
	pr__free(nd->lot);
	nd->lot = nl;
	nd->lcap = (uint32_t)ncap;
	nd->lhead = 0;
	return 0;
}

/* Append a lot as the newest, merged into the newest lot when that has
 * the same origin: lots stay compact (room reserved). */
static void
lot_push(tnode *nd, uint32_t origin, int64_t amount)
{
	piece *b;

	if (amount == 0)
		return;
	if (nd->llen > 0) {
		b = &LOT(nd, nd->llen - 1);
		if (b->origin == origin) {
			b->amount += amount;
			return;
		}
	}
	assert(nd->llen < nd->lcap);
	b = &LOT(nd, nd->llen);
	b->origin = origin;
	b->amount = amount;
	nd->llen++;
}

/* ------------------------------------------------------------------ */
/* nodes */

static int
uses_lots(const pr__tr *t, uint32_t origin)
{
	return t->lots_all || (t->lots_victims && origin >= PR_TR_VICTIM);
}

/* Room to add npieces pieces to a node without failing. */
static int
node_reserve(const pr__tr *t, tnode *nd, size_t npieces)
{
	if (vec_reserve(nd, npieces, t->n_origins) != 0)
		return -1;
	if ((t->lots_all || t->lots_victims) && lot_reserve(nd, npieces) != 0)
		return -1;
	return 0;
}

/* Add money of one origin as the newest (conserving rules; room
 * reserved; overflow checked by the caller). */
static void
node_add(const pr__tr *t, tnode *nd, uint32_t origin, int64_t amount)
{
	if (amount == 0)
		return;
	nd->balance += amount;
	vec_add(nd, origin, amount);
	if (uses_lots(t, origin))
		lot_push(nd, origin, amount);
}

/* Poison: mark a node exposed to an origin (room reserved). Clean money
 * is not recorded: clean exposure is derived (see pr__tr_held). */
static void
set_add(tnode *nd, uint32_t origin)
{
	if (origin == PR_TR_CLEAN)
		return;
	vec_add(nd, origin, 0);
}

/*
 * Poison: mark a node exposed to the origins of pieces sorted by origin
 * (distinct) in one merge, as set_add would one by one with a bisection
 * and a memmove each, and a put of an exposure of a hundred victims into
 * a node of a hundred is the common case (room reserved).
 */
static void
set_merge(pr__tr *t, tnode *nd, const piece *pc, uint32_t n)
{
	uint32_t i, j, fresh, w;

	if (n > 0 && pc[0].origin == PR_TR_CLEAN)
		pc++, n--;      /* not recorded: see set_add */
	fresh = count_fresh(t, nd, pc, n, 0);
	if (fresh == 0)
		return;
	assert(nd->vlen + fresh <= nd->vcap);
	i = nd->vlen;
	j = n;
	w = nd->vlen + fresh;
	while (j > 0) {
		if (i > 0 && nd->vec[i - 1].origin >= pc[j - 1].origin) {
			if (nd->vec[i - 1].origin == pc[j - 1].origin)
				j--;
			nd->vec[--w] = nd->vec[--i];
		} else {
			nd->vec[--w].origin = pc[--j].origin;
			nd->vec[w].amount = 0;
		}
	}
	nd->vlen += fresh;
}

static int
set_has_victim(const piece *v, uint32_t n)
{
	return n > 0 && v[n - 1].origin >= PR_TR_VICTIM;
}

/* ------------------------------------------------------------------ */
/* parcels */

static pr__tr_parcel *
parcel_get(pr__tr *t, uint32_t currency)
{
	pr__tr_parcel *p = t->free_list;

	if (p != NULL) {
		t->free_list = p->next_free;
	} else {
		if (pr__grow((void **)&t->all, &t->cap_all, t->n_all + 1,
			     sizeof(*t->all)) != 0)
			return NULL;
		p = pr__calloc(1, sizeof(*p));
		if (p == NULL)
			return NULL;
		p->t = t;
		t->all[t->n_all++] = p;
	}
	p->next_free = NULL;
	p->total = 0;
	p->n = 0;
	p->currency = currency;
	p->live = 1;
	return p;
}

static void
parcel_release(pr__tr_parcel *p)
{
	pr__tr *t = p->t;

	assert(p->live);
	p->live = 0;
	p->next_free = t->free_list;
	t->free_list = p;
}

static int
parcel_reserve(pr__tr_parcel *p, size_t extra)
{
	size_t need = (size_t)p->n + extra;
	size_t ncap;
	piece *np;

	if (need <= p->cap)
		return 0;
	if (need > UINT32_MAX / 2)
		return -1;
	ncap = p->cap ? p->cap : 4;
	while (ncap < need)
		ncap *= 2;
	np = pr__realloc(p->pc, ncap * sizeof(*np));
	if (np == NULL)
		return -1;
	p->pc = np;
	p->cap = (uint32_t)ncap;
	return 0;
}

/* Append a piece, merged into the last one when of the same origin; the
 * total is the caller's business (poison pieces carry no amount). */
static void
parcel_push(pr__tr_parcel *p, uint32_t origin, int64_t amount)
{
	if (amount == 0)
		return;
	if (p->n > 0 && p->pc[p->n - 1].origin == origin) {
		p->pc[p->n - 1].amount += amount;
		return;
	}
	assert(p->n < p->cap);
	p->pc[p->n].origin = origin;
	p->pc[p->n].amount = amount;
	p->n++;
}

static int
parcel_push_grow(pr__tr_parcel *p, uint32_t origin, int64_t amount)
{
	if (parcel_reserve(p, 1) != 0)
		return -1;
	parcel_push(p, origin, amount);
	return 0;
}

static int
check_parcel(const pr__tr *t, const pr__tr_parcel *p, const char *what,
	     pr_error *err)
{
	if (p == NULL || p->t != t || !p->live)
		return pr__error_set(err, PR_EINVALID,
				     "%s is not a live parcel of this engine",
				     what);
	return PR_OK;
}

/* ------------------------------------------------------------------ */
/* largest remainder */

static int
rem_cmp(const void *a, const void *b)
{
	const rem_ent *x = a, *y = b;

	if (x->rem != y->rem)
		return x->rem > y->rem ? -1 : 1;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static void
rem_swap(rem_ent *a, rem_ent *b)
{
	rem_ent x = *a;

	*a = *b;
	*b = x;
}

/*
 * Reorder r[0..m) so that its first k entries are the k first in
 * rem_cmp's order, in no particular order among themselves: which units
 * go where needs only the set, and quickselect finds it in O(m) on
 * average where a sort would take O(m log m) (pro-rata over a hundred
 * victims does this on every take). The order is total (idx is unique),
 * so the set is well defined and the result deterministic.
 */
static void
select_first(rem_ent *r, size_t m, size_t k)
{
	size_t lo = 0, hi = m;

	while (lo + 1 < hi) {
		size_t mid = lo + (hi - lo) / 2, i, p = lo;
		rem_ent pv;

		/* median of three as the pivot, moved to hi - 1 */
		if (rem_cmp(&r[mid], &r[lo]) < 0)
			rem_swap(&r[mid], &r[lo]);
		if (rem_cmp(&r[hi - 1], &r[lo]) < 0)
			rem_swap(&r[hi - 1], &r[lo]);
		if (rem_cmp(&r[mid], &r[hi - 1]) < 0)
			rem_swap(&r[mid], &r[hi - 1]);
		pv = r[hi - 1];
		for (i = lo; i + 1 < hi; i++)
			if (rem_cmp(&r[i], &pv) < 0)
				rem_swap(&r[i], &r[p++]);
		rem_swap(&r[p], &r[hi - 1]);
		if (p == k)
			return;
		if (p > k)
			hi = p;
		else
			lo = p + 1;
	}
}

/*
 * One unit each to the k first of r[0..m) in rem_cmp's order (2 <= k <=
 * m), as select_first would choose them, without ordering them all:
 * pro-rata over a hundred origins gives out dozens of units on every
 * take, and quickselect's partitions mispredict on every comparison.
 * The remainders are below W, so their top bits put them in one of nb
 * buckets in rem_cmp's order between buckets (larger remainders in
 * higher buckets). Counting from the top bucket down finds the bucket
 * where the k-th falls: every entry above it wins, and only that bucket,
 * a few entries when the remainders spread (they do, for arbitrary
 * amounts), needs the exact order, ties and all.
 */
static void
give_largest(rem_ent *r, size_t m, size_t k, uint64_t W, int64_t *parts)
{
	uint32_t count[1024];
	size_t nb = 16, i, above = 0, nt = 0, b;
	unsigned lg = 4, bits = 0, shift;

	while (nb < m && nb < sizeof(count) / sizeof(count[0]))
		nb *= 2, lg++;
	if (W > 1)      /* the bits of W - 1, at one instruction */
		bits = 64 - (unsigned)__builtin_clzll(W - 1);
	shift = bits > lg ? bits - lg : 0;  /* r->rem >> shift < nb */
	memset(count, 0, nb * sizeof(count[0]));
	for (i = 0; i < m; i++)
		count[r[i].rem >> shift]++;
	for (b = nb - 1; above + count[b] < k; b--)
		above += count[b];
	/* above < k <= above + count[b]: the bucket b entries compete.
	 * Without branches: which side of b a remainder falls is a coin
	 * toss that the branch predictor loses half the time. */
	for (i = 0; i < m; i++) {
		size_t x = (size_t)(r[i].rem >> shift);
		rem_ent e = r[i];

		parts[e.idx] += x > b;
		r[nt] = e;
		nt += x == b;
	}
	k -= above;
	if (k < nt)
		select_first(r, nt, k);
	for (i = 0; i < k; i++)
		parts[r[i].idx]++;
}

/*
 * parts[i] = whole * w[i].amount / W by the largest remainder method:
 * the floors, then one unit each to the largest remainders, ties to the
 * lower origin, then the earlier entry. W is the sum of the weights and
 * must be > 0; whole >= 0 (it may exceed W, as in a conversion). The
 * parts sum to whole exactly; each is within one unit of its exact share.
 * Products are 128-bit, so nothing overflows. -1 only when the scratch
 * array cannot grow.
 */
static int
apportion(pr__tr *t, int64_t *parts, const piece *w, size_t n,
	  int64_t whole, int64_t W)
{
	size_t i, m = 0;
	uint64_t given = 0, left, d = (uint64_t)W;
	/*
	 * Every entry divides w * whole by W, and w * whole passes 2^64
	 * once balances pass a few hundred million in minor units: a
	 * 128-bit division then takes a hundred cycles or more. Instead,
	 * with whole = qw * W + rw (rw < W), the quotient is w * qw plus
	 * floor(w * rw / W), and that is read off the fixed-point ratio
	 * f = floor(rw * 2^64 / W), one division per call: as f is short
	 * of rw * 2^64 / W by less than 1 and w < 2^63, the high word of
	 * w * f is the quotient or one less. The remainder w * rw - q * W
	 * is then below 2W < 2^64, so computed modulo 2^64 it is exact,
	 * and one compare with W tells which.
	 */
	uint64_t qw = (uint64_t)whole / d, rw = (uint64_t)whole % d;
	uint64_t f = (uint64_t)(((u128)rw << 64) / d);

	assert(W > 0 && whole >= 0);
	if (scratch(&t->rems, &t->rems_cap, n, sizeof(*t->rems)) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		uint64_t a = (uint64_t)w[i].amount, q, r, up;

		q = (uint64_t)(((u128)a * f) >> 64);
		r = a * rw - q * d;
		up = r >= d;
		q += up;
		r -= up * d;
		assert(r < d && a <= d); /* so a * qw <= whole */
		q += a * qw;
		parts[i] = (int64_t)q;
		given += q;
		/* kept only when not 0, without a branch */
		t->rems[m].rem = r;
		t->rems[m].key = w[i].origin;
		t->rems[m].idx = (uint32_t)i;
		m += r != 0;
	}
	left = (uint64_t)whole - given;
	assert(left <= m);
	if (left == 0)
		return 0;
	if (left == 1) {
		/* the common case: one pass, no sort */
		size_t best = 0;

		for (i = 1; i < m; i++)
			if (rem_cmp(&t->rems[i], &t->rems[best]) < 0)
				best = i;
		parts[t->rems[best].idx]++;
		return 0;
	}
	give_largest(t->rems, m, (size_t)left, (uint64_t)W, parts);
	return 0;
}

/* ------------------------------------------------------------------ */
/* engine */

pr__tr *
pr__tr_new(const pr__tr_options *o, uint32_t n_nodes,
	   const uint32_t *node_currency, uint32_t n_sinks,
	   uint32_t n_origins, uint32_t n_currencies)
{
	static const pr__tr_options defaults = { PR_TR_LIBR, 0, 0 };
	pr__tr *t;
	uint32_t i;

	if (o == NULL)
		o = &defaults;
	if ((unsigned)o->rule >= PR_TR_NRULES || n_origins < PR_TR_VICTIM ||
	    n_currencies == 0 || (n_nodes > 0 && node_currency == NULL))
		return NULL;
	for (i = 0; i < n_nodes; i++)
		if (node_currency[i] >= n_currencies)
			return NULL;
	if ((size_t)n_currencies * n_origins > SIZE_MAX / LED_N / sizeof(i128))
		return NULL;
	t = pr__calloc(1, sizeof(*t));
	if (t == NULL)
		return NULL;
	t->o = *o;
	t->lots_all = o->rule == PR_TR_FIFO || o->rule == PR_TR_LIFO;
	t->lots_victims = !t->lots_all && o->rule != PR_TR_POISON &&
			  o->victims_fifo;
	t->n_nodes = n_nodes;
	t->n_sinks = n_sinks;
	t->n_origins = n_origins;
	t->n_cur = n_currencies;
	t->node_cur = pr__calloc(n_nodes ? n_nodes : 1, sizeof(uint32_t));
	t->sink_cur = pr__calloc(n_sinks ? n_sinks : 1, sizeof(uint32_t));
	t->nodes = pr__calloc(n_nodes ? n_nodes : 1, sizeof(tnode));
	t->sinks = pr__calloc(n_sinks ? n_sinks : 1, sizeof(tnode));
	t->led = pr__calloc((size_t)n_currencies * n_origins * LED_N,
			    sizeof(i128));
	t->acc = pr__calloc(n_origins, sizeof(int64_t));
	t->touched = pr__calloc(n_origins, sizeof(uint32_t));
	t->pos = pr__calloc(n_origins, sizeof(uint32_t));
	t->agg = pr__calloc(n_origins, sizeof(piece));
	if (t->node_cur == NULL || t->sink_cur == NULL || t->nodes == NULL ||
	    t->sinks == NULL || t->led == NULL || t->acc == NULL ||
	    t->touched == NULL || t->pos == NULL || t->agg == NULL) {
		pr__tr_free(t);
		return NULL;
	}
	/* apportioning over a node's vector (at most n_origins entries)
	 * must not fail in the middle of a take */
	if (scratch(&t->parts, &t->parts_cap, n_origins, sizeof(int64_t)) ||
	    scratch(&t->rems, &t->rems_cap, n_origins, sizeof(rem_ent))) {
		pr__tr_free(t);
		return NULL;
	}
	if (n_nodes > 0)
		memcpy(t->node_cur, node_currency, n_nodes * sizeof(uint32_t));
	for (i = 0; i < n_sinks; i++)
		t->sink_cur[i] = NONE;
	return t;
}

/*
 * Nodes and sinks grow alike: n new zeroed entries and their currencies
 * (from cur, or none yet when cur is NULL). -1 when out of memory, with
 * what was there kept (an array grown but not yet counted is harmless).
 */
static int
grow_holders(tnode **arr, uint32_t **curs, uint32_t *have, uint32_t n,
	     const uint32_t *cur)
{
	uint32_t *c = pr__realloc(*curs, (size_t)n * sizeof(*c)), i;
	tnode *nd;

	if (c == NULL)
		return -1;
	*curs = c;
	nd = pr__realloc(*arr, (size_t)n * sizeof(*nd));
	if (nd == NULL)
		return -1;
	*arr = nd;
	memset(nd + *have, 0, (size_t)(n - *have) * sizeof(*nd));
	for (i = *have; i < n; i++)
		c[i] = cur != NULL ? cur[i] : NONE;
	*have = n;
	return 0;
}

int
pr__tr_grow(pr__tr *t, uint32_t n_nodes, const uint32_t *node_currency,
	    uint32_t n_sinks, uint32_t n_currencies, pr_error *err)
{
	uint32_t i;

	if (t == NULL || n_nodes < t->n_nodes || n_sinks < t->n_sinks ||
	    n_currencies < t->n_cur)
		return pr__error_set(err, PR_EINVALID, "grow: fewer");
	for (i = t->n_nodes; i < n_nodes; i++)
		if (node_currency[i] >= n_currencies)
			return pr__error_set(err, PR_EINVALID, "grow: node "
					     "%u has no currency", i);
	if (n_nodes > t->n_nodes &&
	    grow_holders(&t->nodes, &t->node_cur, &t->n_nodes, n_nodes,
			 node_currency) != 0)
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	/* a sink takes its currency from the first parcel sunk in it */
	if (n_sinks > t->n_sinks &&
	    grow_holders(&t->sinks, &t->sink_cur, &t->n_sinks, n_sinks,
			 NULL) != 0)
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	if (n_currencies > t->n_cur) {
		/* the ledger is currency-major: new currencies go after */
		size_t old = (size_t)t->n_cur * t->n_origins * LED_N;
		size_t all = (size_t)n_currencies * t->n_origins * LED_N;
		i128 *l = pr__realloc(t->led, all * sizeof(*l));

		if (l == NULL)
			return pr__error_set(err, PR_ENOMEM, "out of memory");
		memset(l + old, 0, (all - old) * sizeof(*l));
		t->led = l;
		t->n_cur = n_currencies;
	}
	return PR_OK;
}

void
pr__tr_free(pr__tr *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; t->nodes != NULL && i < t->n_nodes; i++) {
		pr__free(t->nodes[i].vec);
		pr__free(t->nodes[i].lot);
	}
	for (i = 0; t->sinks != NULL && i < t->n_sinks; i++)
		pr__free(t->sinks[i].vec);
	for (i = 0; i < t->n_all; i++) {
		pr__free(t->all[i]->pc);
		pr__free(t->all[i]);
	}
	pr__free(t->all);
	pr__free(t->node_cur);
	pr__free(t->sink_cur);
	pr__free(t->nodes);
	pr__free(t->sinks);
	pr__free(t->led);
	pr__free(t->acc);
	pr__free(t->touched);
	pr__free(t->pos);
	pr__free(t->agg);
	pr__free(t->parts);
	pr__free(t->rems);
	pr__free(t->work);
	pr__free(t->ord);
	pr__free(t->grp);
	pr__free(t);
}

const pr__tr_options *
pr__tr_options_of(const pr__tr *t)
{
	return &t->o;
}

int
pr__tr_inflow(pr__tr *t, uint32_t node, uint32_t origin, int64_t amount,
	      pr_error *err)
{
	tnode *nd;
	int64_t sum;

	if (t == NULL || node >= t->n_nodes || origin >= t->n_origins ||
	    amount < 0)
		return pr__error_set(err, PR_EINVALID,
				     "inflow: bad node, origin or amount");
	nd = &t->nodes[node];
	if (__builtin_add_overflow(nd->balance, amount, &sum))
		return too_big(err);
	if (amount == 0)
		return PR_OK;
	if (t->o.rule == PR_TR_POISON) {
		if (vec_reserve(nd, 1, t->n_origins) != 0)
			return no_mem(err);
		set_add(nd, origin);
		nd->balance = sum;
		return PR_OK;
	}
	if (node_reserve(t, nd, 1) != 0)
		return no_mem(err);
	node_add(t, nd, origin, amount);
	led(t, t->node_cur[node], origin)[LED_INFLOW] += amount;
	return PR_OK;
}

/* ------------------------------------------------------------------ */
/* take */

/*
 * How much of clean, unknown and the victims together a take of x from
 * a node of the vector rules leaves with. libr: clean, then unknown,
 * then victims; taint-first and tiho: victims, unknown, clean; pro-rata
 * (only asked under victims_fifo): the three groups in proportion by
 * largest remainder, the victims counting as one group ranked after
 * unknown. x never exceeds the balance.
 */
static int
plan_take(pr__tr *t, const tnode *nd, int64_t x, int64_t g[3])
{
	int64_t c = vec_get(nd->vec, nd->vlen, PR_TR_CLEAN);
	int64_t u = vec_get(nd->vec, nd->vlen, PR_TR_UNKNOWN);
	int64_t v = nd->balance - c - u;
	int64_t r;

	assert(x <= nd->balance);
	switch (t->o.rule) {
	case PR_TR_LIBR:
		g[0] = x < c ? x : c;
		r = x - g[0];
		g[1] = r < u ? r : u;
		g[2] = r - g[1];
		return 0;
	case PR_TR_TAINT_FIRST:
	case PR_TR_TIHO:
		g[2] = x < v ? x : v;
		r = x - g[2];
		g[1] = r < u ? r : u;
		g[0] = r - g[1];
		return 0;
	default: {
		piece w[3];

		assert(t->o.rule == PR_TR_PRO_RATA);
		w[0].origin = PR_TR_CLEAN;
		w[0].amount = c;
		w[1].origin = PR_TR_UNKNOWN;
		w[1].amount = u;
		w[2].origin = PR_TR_VICTIM;
		w[2].amount = v;
		if (x == 0) {
			g[0] = g[1] = g[2] = 0;
			return 0;
		}
		return apportion(t, g, w, 3, x, nd->balance);
	}
	}
}

/* How many victim lots (from the oldest) cover v. */
static size_t
count_front(const tnode *nd, int64_t v)
{
	size_t k = 0;

	while (v > 0) {
		assert(k < nd->llen);
		v -= LOT(nd, k).amount;
		k++;
	}
	return k;
}

/* How many lots (from the newest) cover v. */
static size_t
count_back(const tnode *nd, int64_t v)
{
	size_t k = 0;

	while (v > 0) {
		assert(k < nd->llen);
		v -= LOT(nd, nd->llen - 1 - k).amount;
		k++;
	}
	return k;
}

/* Take v from the oldest lots into p (room reserved), keeping the vector
 * in step: fifo, and victims under victims_fifo. */
static void
take_front(tnode *nd, int64_t v, pr__tr_parcel *p)
{
	while (v > 0) {
		piece *l = &LOT(nd, 0);
		int64_t m = l->amount < v ? l->amount : v;

		parcel_push(p, l->origin, m);
		vec_sub(nd, l->origin, m);
		l->amount -= m;
		v -= m;
		if (l->amount == 0) {
			nd->lhead = (nd->lhead + 1) & (nd->lcap - 1);
			nd->llen--;
		}
	}
}

/* Take v from the newest lots into p (room reserved); the pieces keep
 * their arrival order, so that the money arrives in the next node in the
 * order it arrived here. */
static void
take_back(tnode *nd, int64_t v, pr__tr_parcel *p)
{
	uint32_t k = nd->llen, i;
	int64_t part = 0;
	piece *l;

	if (v == 0)
		return;
	while (v > 0) {
		k--;
		l = &LOT(nd, k);
		if (l->amount >= v) {
			part = v;
			v = 0;
		} else {
			v -= l->amount;
		}
	}
	/* lot k gives part (its newest money), lots after it all */
	l = &LOT(nd, k);
	parcel_push(p, l->origin, part);
	vec_sub(nd, l->origin, part);
	l->amount -= part;
	for (i = k + 1; i < nd->llen; i++) {
		l = &LOT(nd, i);
		parcel_push(p, l->origin, l->amount);
		vec_sub(nd, l->origin, l->amount);
	}
	nd->llen = LOT(nd, k).amount > 0 ? k + 1 : k;
}

/*
 * Move parts[i] of the entries vec[f..vlen) of a node into a parcel
 * whose last piece (if any) is of a lower origin, so that no piece
 * merges (room reserved), and drop the entries left at 0. Without
 * branches: which parts and entries are 0 is as good as random, and the
 * branches mispredicted on a hundred origins per take.
 */
static void
move_parts(tnode *nd, uint32_t f, const int64_t *parts, pr__tr_parcel *p)
{
	uint32_t i, j;

	assert(p->n == 0 || f == nd->vlen ||
	       p->pc[p->n - 1].origin < nd->vec[f].origin);
	assert(p->cap - p->n >= nd->vlen - f);
	for (i = f, j = f; i < nd->vlen; i++) {
		piece e = nd->vec[i];
		int64_t m = parts[i - f];

		p->pc[p->n].origin = e.origin;
		p->pc[p->n].amount = m;
		p->n += m != 0;
		e.amount -= m;
		nd->vec[j] = e;
		j += e.amount > 0;
	}
	nd->vlen = j;
}

/* Take v of the victims' money by the sub-rule (room reserved): in
 * proportion to what each victim holds (largest remainder), or the
 * oldest first under victims_fifo. */
static int
take_victims(pr__tr *t, tnode *nd, int64_t v, pr__tr_parcel *p)
{
	uint32_t f, i;
	int64_t total = 0;

	if (v == 0)
		return 0;
	if (t->lots_victims) {
		take_front(nd, v, p);
		return 0;
	}
	f = vec_first_victim(nd);
	for (i = f; i < nd->vlen; i++)
		total += nd->vec[i].amount;
	if (v == total) {
		for (i = f; i < nd->vlen; i++)
			parcel_push(p, nd->vec[i].origin, nd->vec[i].amount);
		nd->vlen = f;
		return 0;
	}
	if (apportion(t, t->parts, nd->vec + f, nd->vlen - f, v, total) != 0)
		return -1;
	move_parts(nd, f, t->parts, p);
	return 0;
}

/* Pro-rata without victims_fifo: every origin in proportion. */
static void
take_pro_rata(tnode *nd, const int64_t *parts, pr__tr_parcel *p)
{
	move_parts(nd, 0, parts, p);
}

int
pr__tr_take(pr__tr *t, uint32_t node, int64_t amount, pr__tr_parcel **out,
	    int64_t *shortfall, pr_error *err)
{
	tnode *nd;
	pr__tr_parcel *p;
	int64_t sh, bal, g[3] = { 0, 0, 0 };
	size_t need;
	int poison, plan = 0;

	if (out != NULL)
		*out = NULL;
	if (shortfall != NULL)
		*shortfall = 0;
	if (t == NULL || out == NULL || node >= t->n_nodes || amount < 0)
		return pr__error_set(err, PR_EINVALID,
				     "take: bad node or amount");
	nd = &t->nodes[node];
	poison = t->o.rule == PR_TR_POISON;
	sh = amount > nd->balance ? amount - nd->balance : 0;
	bal = nd->balance + sh;
	p = parcel_get(t, t->node_cur[node]);
	if (p == NULL)
		return no_mem(err);
	if (sh > 0 && node_reserve(t, nd, 1) != 0)
		goto nomem;
	/* reserve the parcel's pieces before anything changes */
	if (poison) {
		need = (size_t)nd->vlen + 1;
	} else if (sh > 0 || amount == bal) {
		need = (size_t)nd->vlen + nd->llen + 1;
	} else if (t->lots_all) {
		need = t->o.rule == PR_TR_FIFO ? count_front(nd, amount)
					       : count_back(nd, amount);
	} else if (t->o.rule == PR_TR_PRO_RATA && !t->lots_victims) {
		need = nd->vlen;
		if (apportion(t, t->parts, nd->vec, nd->vlen, amount,
			      nd->balance) != 0)
			goto nomem;
	} else {
		if (plan_take(t, nd, amount, g) != 0)
			goto nomem;
		plan = 1;
		need = 2 + (t->lots_victims ? count_front(nd, g[2])
					    : nd->vlen);
	}
	if (parcel_reserve(p, need) != 0)
		goto nomem;

	/* nothing fails from here on */
	if (sh > 0) {
		if (poison) {
			set_add(nd, PR_TR_UNKNOWN);
			nd->balance += sh;
		} else {
			node_add(t, nd, PR_TR_UNKNOWN, sh);
			led(t, p->currency, PR_TR_UNKNOWN)[LED_SHORT] += sh;
		}
	}
	p->total = amount;
	if (poison) {
		/* the parcel is exposed to all the node is exposed to */
		if (amount > 0 && nd->vlen > 0) {
			memcpy(p->pc, nd->vec, nd->vlen * sizeof(*p->pc));
			p->n = nd->vlen;
		}
		nd->balance -= amount;
		if (nd->balance == 0)
			nd->vlen = 0; /* emptied: nothing is left exposed */
	} else if (amount == nd->balance) {
		/* everything leaves: in arrival order where kept */
		uint32_t i;

		if (t->lots_all) {
			for (i = 0; i < nd->llen; i++)
				parcel_push(p, LOT(nd, i).origin,
					    LOT(nd, i).amount);
		} else {
			uint32_t f = vec_first_victim(nd);

			for (i = 0; i < f; i++)
				parcel_push(p, nd->vec[i].origin,
					    nd->vec[i].amount);
			if (t->lots_victims)
				for (i = 0; i < nd->llen; i++)
					parcel_push(p, LOT(nd, i).origin,
						    LOT(nd, i).amount);
			else
				for (i = f; i < nd->vlen; i++)
					parcel_push(p, nd->vec[i].origin,
						    nd->vec[i].amount);
		}
		nd->vlen = 0;
		nd->llen = 0;
		nd->lhead = 0;
		nd->balance = 0;
	} else {
		if (t->o.rule == PR_TR_FIFO) {
			take_front(nd, amount, p);
		} else if (t->o.rule == PR_TR_LIFO) {
			take_back(nd, amount, p);
		} else if (!plan) {
			take_pro_rata(nd, t->parts, p);
		} else {
			if (g[0] > 0) {
				vec_sub(nd, PR_TR_CLEAN, g[0]);
				parcel_push(p, PR_TR_CLEAN, g[0]);
			}
			if (g[1] > 0) {
				vec_sub(nd, PR_TR_UNKNOWN, g[1]);
				parcel_push(p, PR_TR_UNKNOWN, g[1]);
			}
			/* the scratch is reserved, so this cannot fail */
			if (take_victims(t, nd, g[2], p) != 0)
				assert(!"victim scratch not reserved");
		}
		nd->balance -= amount;
	}
	*out = p;
	if (shortfall != NULL)
		*shortfall = sh;
	return PR_OK;
nomem:
	parcel_release(p);
	return no_mem(err);
}

/* ------------------------------------------------------------------ */
/* join, put, dissipate, convert */

int
pr__tr_join(pr__tr *t, pr__tr_parcel *a, pr__tr_parcel *b, pr_error *err)
{
	int64_t sum;
	uint32_t i;
	int rc;

	if (t == NULL)
		return pr__error_set(err, PR_EINVALID, "join: no engine");
	rc = check_parcel(t, a, "join: a", err);
	if (rc == PR_OK)
		rc = check_parcel(t, b, "join: b", err);
	if (rc != PR_OK)
		return rc;
	if (a == b)
		return pr__error_set(err, PR_EINVALID,
				     "join: a parcel cannot join itself");
	if (a->currency != b->currency)
		return pr__error_set(err, PR_ECURRENCY,
				     "join: currency %u with currency %u",
				     (unsigned)a->currency,
				     (unsigned)b->currency);
	if (__builtin_add_overflow(a->total, b->total, &sum))
		return too_big(err);
	if (parcel_reserve(a, b->n) != 0)
		return no_mem(err);
	if (t->o.rule == PR_TR_POISON) {
		/* union of two sorted sets, kept sorted */
		tnode tmp;

		memset(&tmp, 0, sizeof(tmp));
		tmp.vec = a->pc;
		tmp.vlen = a->n;
		tmp.vcap = a->cap;
		for (i = 0; i < b->n; i++)
			vec_add(&tmp, b->pc[i].origin, 0);
		a->n = tmp.vlen;
	} else {
		for (i = 0; i < b->n; i++)
			parcel_push(a, b->pc[i].origin, b->pc[i].amount);
	}
	a->total = sum;
	parcel_release(b);
	return PR_OK;
}

int
pr__tr_put(pr__tr *t, uint32_t node, pr__tr_parcel *p, pr_error *err)
{
	tnode *nd;
	int64_t sum;
	uint32_t i;
	int rc;

	if (t == NULL || node >= t->n_nodes)
		return pr__error_set(err, PR_EINVALID, "put: bad node");
	rc = check_parcel(t, p, "put: p", err);
	if (rc != PR_OK)
		return rc;
	nd = &t->nodes[node];
	if (p->currency != t->node_cur[node])
		return pr__error_set(err, PR_ECURRENCY,
				     "put: a parcel of currency %u into node "
				     "%u of currency %u",
				     (unsigned)p->currency, (unsigned)node,
				     (unsigned)t->node_cur[node]);
	if (__builtin_add_overflow(nd->balance, p->total, &sum))
		return too_big(err);
	if (t->o.rule == PR_TR_POISON) {
		if (vec_reserve(nd, p->n, t->n_origins) != 0)
			return no_mem(err);
		if (p->total > 0 && sorted_pieces(p->pc, p->n))
			set_merge(t, nd, p->pc, p->n);
		else if (p->total > 0)
			for (i = 0; i < p->n; i++)
				set_add(nd, p->pc[i].origin);
		nd->balance = sum;
	} else {
		if (node_reserve(t, nd, p->n) != 0)
			return no_mem(err);
		if (!t->lots_all && !t->lots_victims &&
		    sorted_pieces(p->pc, p->n)) {
			vec_merge(t, nd, p->pc, p->n);
			nd->balance = sum;
		} else {
			for (i = 0; i < p->n; i++)
				node_add(t, nd, p->pc[i].origin,
					 p->pc[i].amount);
		}
		assert(nd->balance == sum);
	}
	parcel_release(p);
	return PR_OK;
}

int
pr__tr_dissipate(pr__tr *t, uint32_t sink, pr__tr_parcel *p,
		 pr_error *err)
{
	tnode *sk;
	int64_t sum;
	uint32_t i;
	int rc;

	if (t == NULL || sink >= t->n_sinks)
		return pr__error_set(err, PR_EINVALID, "dissipate: bad sink");
	rc = check_parcel(t, p, "dissipate: p", err);
	if (rc != PR_OK)
		return rc;
	sk = &t->sinks[sink];
	if (t->sink_cur[sink] != NONE && t->sink_cur[sink] != p->currency)
		return pr__error_set(err, PR_ECURRENCY,
				     "dissipate: a parcel of currency %u into "
				     "sink %u of currency %u",
				     (unsigned)p->currency, (unsigned)sink,
				     (unsigned)t->sink_cur[sink]);
	/* every per-origin sum is at most the sink's total (an exposure is
	 * at most the parcel's total), so one check covers them all */
	if (__builtin_add_overflow(sk->balance, p->total, &sum))
		return too_big(err);
	if (vec_reserve(sk, (size_t)p->n + 1, t->n_origins) != 0)
		return no_mem(err);
	t->sink_cur[sink] = p->currency;
	sk->balance = sum;
	if (t->o.rule == PR_TR_POISON) {
		if (p->total > 0) {
			for (i = 0; i < p->n; i++)
				vec_add(sk, p->pc[i].origin, p->total);
			if (!set_has_victim(p->pc, p->n))
				vec_add(sk, PR_TR_CLEAN, p->total);
		}
	} else {
		/* in one merge when the pieces are in origin order, as put
		 * does: a sink gathers every origin */
		if (sorted_pieces(p->pc, p->n))
			vec_merge(t, sk, p->pc, p->n);
		else
			for (i = 0; i < p->n; i++)
				vec_add(sk, p->pc[i].origin, p->pc[i].amount);
		for (i = 0; i < p->n; i++)
			led(t, p->currency, p->pc[i].origin)[LED_SUNK] +=
				p->pc[i].amount;
	}
	parcel_release(p);
	return PR_OK;
}

int
pr__tr_convert(pr__tr *t, pr__tr_parcel *p, int64_t new_total,
	       uint32_t new_currency, pr_error *err)
{
	uint32_t i, j;
	int rc;

	if (t == NULL || new_currency >= t->n_cur || new_total < 0)
		return pr__error_set(err, PR_EINVALID,
				     "convert: bad currency or amount");
	rc = check_parcel(t, p, "convert: p", err);
	if (rc != PR_OK)
		return rc;
	if (p->total == 0 && new_total != 0)
		return pr__error_set(err, PR_EINVALID,
				     "convert: nothing cannot become %lld",
				     (long long)new_total);
	if (t->o.rule == PR_TR_POISON) {
		p->total = new_total;
		p->currency = new_currency;
		return PR_OK;
	}
	if (scratch(&t->parts, &t->parts_cap, p->n, sizeof(*t->parts)) != 0)
		return no_mem(err);
	if (p->total > 0 && apportion(t, t->parts, p->pc, p->n, new_total,
				      p->total) != 0)
		return no_mem(err);
	for (i = 0; i < p->n; i++) {
		led(t, p->currency, p->pc[i].origin)[LED_CONV_OUT] +=
			p->pc[i].amount;
		led(t, new_currency, p->pc[i].origin)[LED_CONV_IN] +=
			t->parts[i];
	}
	/* rewrite the pieces in place, dropping those that became 0 and
	 * merging neighbours of one origin that this brings together */
	for (i = 0, j = 0; i < p->n; i++) {
		if (t->parts[i] == 0)
			continue;
		if (j > 0 && p->pc[j - 1].origin == p->pc[i].origin) {
			p->pc[j - 1].amount += t->parts[i];
			continue;
		}
		p->pc[j].origin = p->pc[i].origin;
		p->pc[j].amount = t->parts[i];
		j++;
	}
	p->n = j;
	p->total = new_total;
	p->currency = new_currency;
	return PR_OK;
}

/* ------------------------------------------------------------------ */
/* split */

/*
 * Lay the pieces and the outputs on one line: the outputs, taken in
 * index order (or from the last under lifo), each take the next stretch
 * of the pieces. Under lifo the first output thus takes the end of the
 * line, the money that arrived last: last in, first out.
 */
static int
split_line(const piece *pc, const int64_t *amounts, size_t n, int lifo,
	   pr__tr_parcel **out)
{
	size_t s, j = 0;
	int64_t used = 0;

	for (s = 0; s < n; s++) {
		size_t i = lifo ? n - 1 - s : s;
		int64_t need = amounts[i];

		while (need > 0) {
			int64_t avail = pc[j].amount - used;
			int64_t m = avail < need ? avail : need;

			if (parcel_push_grow(out[i], pc[j].origin, m) != 0)
				return -1;
			need -= m;
			used += m;
			if (used == pc[j].amount) {
				j++;
				used = 0;
			}
		}
	}
	return 0;
}

static int
ord_cmp(const void *a, const void *b)
{
	const ord_ent *x = a, *y = b;

	if (x->amount != y->amount)
		return x->amount > y->amount ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static int
u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Sum the pieces per origin into t->agg (sorted by origin); returns the
 * number of entries. acc is left all zero again. */
static uint32_t
aggregate(pr__tr *t, const piece *pc, size_t np)
{
	uint32_t m = 0, i;
	size_t j;

	for (j = 0; j < np; j++) {
		uint32_t o = pc[j].origin;

		if (pc[j].amount == 0)
			continue;
		if (t->acc[o] == 0)
			t->touched[m++] = o;
		t->acc[o] += pc[j].amount;
	}
	if (m > 1)
		qsort(t->touched, m, sizeof(*t->touched), u32_cmp);
	for (i = 0; i < m; i++) {
		t->agg[i].origin = t->touched[i];
		t->agg[i].amount = t->acc[t->touched[i]];
		t->acc[t->touched[i]] = 0;
	}
	return m;
}

/* Give an output `whole` from the remaining agg[0..m) (summing to *W) in
 * proportion, and take it out of agg: one step of the rolling charge. */
static int
give_prop(pr__tr *t, piece *agg, uint32_t m, int64_t *W, int64_t whole,
	  pr__tr_parcel *o)
{
	uint32_t i;

	if (whole == 0)
		return 0;
	if (whole == *W) {
		for (i = 0; i < m; i++) {
			if (parcel_push_grow(o, agg[i].origin,
					     agg[i].amount) != 0)
				return -1;
			agg[i].amount = 0;
		}
		*W = 0;
		return 0;
	}
	if (apportion(t, t->parts, agg, m, whole, *W) != 0)
		return -1;
	for (i = 0; i < m; i++) {
		if (parcel_push_grow(o, agg[i].origin, t->parts[i]) != 0)
			return -1;
		agg[i].amount -= t->parts[i];
	}
	*W -= whole;
	return 0;
}

/*
 * Split for the rules that work on amounts by origin (libr, taint-first,
 * tiho, pro-rata). pc[0..np) sums to the total of amounts[0..n).
 *
 * pro-rata: outputs in index order, each a proportional take from what
 * is left. libr: outputs largest first (ties to the lower index) fill
 * from a line of clean, then unknown, then the victims; taint-first and
 * tiho: from victims, unknown, clean. The victims' part of each output
 * is shared among victims by the sub-rule: in proportion to what is left
 * of each, or, under victims_fifo, along the victims' pieces in order.
 */
static int
split_vector(pr__tr *t, const piece *pc, size_t np, const int64_t *amounts,
	     size_t n, pr__tr_parcel **out)
{
	uint32_t m, fv, i;
	size_t s, vj = 0;
	int64_t c = 0, u = 0, v = 0, W, vused = 0;
	int64_t *g;
	piece *vagg;

	m = aggregate(t, pc, np);
	for (i = 0; i < m; i++) {
		if (t->agg[i].origin == PR_TR_CLEAN)
			c = t->agg[i].amount;
		else if (t->agg[i].origin == PR_TR_UNKNOWN)
			u = t->agg[i].amount;
		else
			v += t->agg[i].amount;
	}
	fv = 0;
	while (fv < m && t->agg[fv].origin < PR_TR_VICTIM)
		fv++;
	vagg = t->agg + fv;
	if (scratch(&t->ord, &t->ord_cap, n, sizeof(*t->ord)) != 0 ||
	    scratch(&t->grp, &t->grp_cap, 3 * n, sizeof(*t->grp)) != 0 ||
	    scratch(&t->parts, &t->parts_cap, m > 3 ? m : 3,
		    sizeof(*t->parts)) != 0)
		return -1;
	for (s = 0; s < n; s++) {
		t->ord[s].amount = amounts[s];
		t->ord[s].idx = s;
	}
	if (t->o.rule != PR_TR_PRO_RATA)
		qsort(t->ord, n, sizeof(*t->ord), ord_cmp);

	if (t->o.rule == PR_TR_PRO_RATA && !t->o.victims_fifo) {
		W = c + u + v;
		for (s = 0; s < n; s++)
			if (give_prop(t, t->agg, m, &W, t->ord[s].amount,
				      out[t->ord[s].idx]) != 0)
				return -1;
		return 0;
	}

	/* each output's clean, unknown and victims, in processing order */
	g = t->grp;
	if (t->o.rule == PR_TR_PRO_RATA) {
		piece w[3];

		w[0].origin = PR_TR_CLEAN;
		w[0].amount = c;
		w[1].origin = PR_TR_UNKNOWN;
		w[1].amount = u;
		w[2].origin = PR_TR_VICTIM;
		w[2].amount = v;
		W = c + u + v;
		for (s = 0; s < n; s++) {
			int64_t a = t->ord[s].amount;

			if (a == 0) {
				g[3 * s] = g[3 * s + 1] = g[3 * s + 2] = 0;
				continue;
			}
			if (apportion(t, g + 3 * s, w, 3, a, W) != 0)
				return -1;
			for (i = 0; i < 3; i++)
				w[i].amount -= g[3 * s + i];
			W -= a;
		}
	} else {
		/* a line of three groups in the rule's order */
		int64_t left[3];
		int libr = t->o.rule == PR_TR_LIBR;
		int seq[3];
		size_t q = 0;

		left[0] = c;
		left[1] = u;
		left[2] = v;
		seq[0] = libr ? 0 : 2;
		seq[1] = 1;
		seq[2] = libr ? 2 : 0;
		for (s = 0; s < n; s++) {
			int64_t need = t->ord[s].amount;

			g[3 * s] = g[3 * s + 1] = g[3 * s + 2] = 0;
			while (need > 0) {
				int k = seq[q];
				int64_t mm = left[k] < need ? left[k] : need;

				g[3 * s + k] += mm;
				left[k] -= mm;
				need -= mm;
				if (left[k] == 0)
					q++;
				assert(q <= 3);
			}
			while (q < 3 && left[seq[q]] == 0)
				q++;
		}
	}

	/* emit: clean, unknown, then the victims by the sub-rule */
	W = v;
	for (s = 0; s < n; s++) {
		pr__tr_parcel *o = out[t->ord[s].idx];
		int64_t vv = g[3 * s + 2];

		if (parcel_push_grow(o, PR_TR_CLEAN, g[3 * s]) != 0 ||
		    parcel_push_grow(o, PR_TR_UNKNOWN, g[3 * s + 1]) != 0)
			return -1;
		if (!t->o.victims_fifo) {
			if (give_prop(t, vagg, m - fv, &W, vv, o) != 0)
				return -1;
			continue;
		}
		while (vv > 0) {
			int64_t avail, mm;

			while (pc[vj].origin < PR_TR_VICTIM ||
			       pc[vj].amount == vused) {
				vj++;
				vused = 0;
			}
			avail = pc[vj].amount - vused;
			mm = avail < vv ? avail : vv;
			if (parcel_push_grow(o, pc[vj].origin, mm) != 0)
				return -1;
			vused += mm;
			vv -= mm;
		}
	}
	return 0;
}

int
pr__tr_split(pr__tr *t, pr__tr_parcel *p, const int64_t *amounts, size_t n,
	     pr__tr_parcel **out, pr_error *err)
{
	const piece *pc;
	size_t i, np, nrule;
	int64_t sum = 0;
	int rc;

	if (t == NULL || amounts == NULL || out == NULL || n == 0)
		return pr__error_set(err, PR_EINVALID,
				     "split: no amounts or outputs");
	rc = check_parcel(t, p, "split: p", err);
	if (rc != PR_OK)
		return rc;
	for (i = 0; i < n; i++) {
		if (amounts[i] < 0)
			return pr__error_set(err, PR_EINVALID,
					     "split: amount %zu is negative",
					     i + 1);
		if (__builtin_add_overflow(sum, amounts[i], &sum))
			return too_big(err);
	}
	if (sum != p->total)
		return pr__error_set(err, PR_EINVALID,
				     "split: amounts sum to %lld, not to the "
				     "parcel's %lld", (long long)sum,
				     (long long)p->total);
	for (i = 0; i < n; i++)
		out[i] = NULL;
	for (i = 0; i < n; i++) {
		out[i] = parcel_get(t, p->currency);
		if (out[i] == NULL)
			goto nomem;
		out[i]->total = amounts[i];
	}

	if (t->o.rule == PR_TR_POISON) {
		/* every output is exposed to all the input was exposed to */
		for (i = 0; i < n; i++) {
			if (amounts[i] == 0)
				continue;
			if (parcel_reserve(out[i], p->n) != 0)
				goto nomem;
			if (p->n > 0)
				memcpy(out[i]->pc, p->pc,
				       p->n * sizeof(*p->pc));
			out[i]->n = p->n;
		}
		parcel_release(p);
		return PR_OK;
	}

	pc = p->pc;
	np = p->n;
	nrule = n;
	if (t->o.fee_pro_rata && n >= 2) {
		/* the last output is the fee: a proportional share of every
		 * piece; the rest of each piece goes on to the rule */
		int64_t fee = amounts[n - 1];
		piece *w;

		if (scratch(&t->work, &t->work_cap, np,
			    sizeof(*t->work)) != 0 ||
		    scratch(&t->parts, &t->parts_cap, np,
			    sizeof(*t->parts)) != 0)
			goto nomem;
		w = t->work;
		if (np > 0)
			memcpy(w, pc, np * sizeof(*w));
		if (fee > 0) {
			if (apportion(t, t->parts, w, np, fee, p->total) != 0)
				goto nomem;
			for (i = 0; i < np; i++) {
				if (parcel_push_grow(out[n - 1], w[i].origin,
						     t->parts[i]) != 0)
					goto nomem;
				w[i].amount -= t->parts[i];
			}
		}
		pc = w;
		nrule = n - 1;
	}
	if (t->lots_all)
		rc = split_line(pc, amounts, nrule, t->o.rule == PR_TR_LIFO,
				out);
	else
		rc = split_vector(t, pc, np, amounts, nrule, out);
	if (rc != 0)
		goto nomem;
	parcel_release(p);
	return PR_OK;
nomem:
	for (i = 0; i < n; i++) {
		if (out[i] != NULL)
			parcel_release(out[i]);
		out[i] = NULL;
	}
	return no_mem(err);
}

/* ------------------------------------------------------------------ */
/* queries */

void
pr__tr_parcel_free(pr__tr_parcel *p)
{
	if (p == NULL)
		return;
	parcel_release(p);
}

int64_t
pr__tr_parcel_total(const pr__tr_parcel *p)
{
	return p->total;
}

uint32_t
pr__tr_parcel_currency(const pr__tr_parcel *p)
{
	return p->currency;
}

int
pr__tr_parcel_has_victim(const pr__tr_parcel *p)
{
	uint32_t i;

	if (p->t->o.rule == PR_TR_POISON)
		return p->total > 0 && set_has_victim(p->pc, p->n);
	/* clean and unknown come first when the pieces are in order: the
	 * first victim's piece is found at once */
	for (i = 0; i < p->n; i++)
		if (p->pc[i].origin >= PR_TR_VICTIM && p->pc[i].amount > 0)
			return 1;
	return 0;
}

int64_t
pr__tr_parcel_origin(const pr__tr_parcel *p, uint32_t origin)
{
	int64_t s = 0;
	uint32_t i;

	if (p->t->o.rule == PR_TR_POISON) {
		if (origin == PR_TR_CLEAN)
			return set_has_victim(p->pc, p->n) ? 0 : p->total;
		i = vec_find(p->pc, p->n, origin);
		return i < p->n && p->pc[i].origin == origin ? p->total : 0;
	}
	for (i = 0; i < p->n; i++)
		if (p->pc[i].origin == origin)
			s += p->pc[i].amount;
	return s;
}

void
pr__tr_parcel_sums(const pr__tr_parcel *p, int64_t *sums)
{
	uint32_t i, n = p->t->n_origins;

	if (p->t->o.rule == PR_TR_POISON) {
		for (i = 0; i < n; i++)
			sums[i] = pr__tr_parcel_origin(p, i);
		return;
	}
	memset(sums, 0, n * sizeof(*sums));
	for (i = 0; i < p->n; i++)
		sums[p->pc[i].origin] += p->pc[i].amount;
}

int64_t
pr__tr_held(const pr__tr *t, uint32_t node, uint32_t origin)
{
	const tnode *nd;
	uint32_t i;

	if (node >= t->n_nodes || origin >= t->n_origins)
		return 0;
	nd = &t->nodes[node];
	if (t->o.rule != PR_TR_POISON)
		return vec_get(nd->vec, nd->vlen, origin);
	if (origin == PR_TR_CLEAN)
		return set_has_victim(nd->vec, nd->vlen) ? 0 : nd->balance;
	i = vec_find(nd->vec, nd->vlen, origin);
	return i < nd->vlen && nd->vec[i].origin == origin ? nd->balance : 0;
}

/* A node's vector, a hundred origins once money has mixed, is as good
 * as never in cache when its turn comes, and a take or a put stalls on
 * it line by line: asked for a flow ahead, it is there. */
void
pr__tr_prefetch(const pr__tr *t, uint32_t node, int vec)
{
	const char *v;
	size_t off, bytes;

	if (t == NULL || node >= t->n_nodes)
		return;
	if (!vec) {
		__builtin_prefetch(&t->nodes[node]);
		return;
	}
	v = (const char *)t->nodes[node].vec;
	bytes = (size_t)t->nodes[node].vlen * sizeof(piece);
	for (off = 0; off < bytes; off += 64)
		__builtin_prefetch(v + off);
}

int64_t
pr__tr_balance(const pr__tr *t, uint32_t node)
{
	return node < t->n_nodes ? t->nodes[node].balance : 0;
}

int64_t
pr__tr_sunk(const pr__tr *t, uint32_t sink, uint32_t origin)
{
	if (sink >= t->n_sinks || origin >= t->n_origins)
		return 0;
	return vec_get(t->sinks[sink].vec, t->sinks[sink].vlen, origin);
}

/* ------------------------------------------------------------------ */
/* check */

/* Decimal text of a 128-bit value (buf of at least 48 bytes). */
static const char *
i128_str(char *buf, size_t size, i128 v)
{
	char tmp[48];
	size_t n = 0;
	u128 m = v < 0 ? (u128)0 - (u128)v : (u128)v;

	do {
		tmp[n++] = (char)('0' + (int)(m % 10));
		m /= 10;
	} while (m != 0);
	if (v < 0)
		tmp[n++] = '-';
	if (n >= size)
		n = size - 1;
	for (size_t i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	buf[n] = '\0';
	return buf;
}

/* A node's own invariants: the vector sorted with positive entries that
 * sum to the balance, and the lots (where kept) summing to it. */
static int
check_node(const pr__tr *t, uint32_t k, int64_t *acc, pr_error *err)
{
	const tnode *nd = &t->nodes[k];
	i128 sum = 0;
	uint32_t i;

	for (i = 0; i < nd->vlen; i++) {
		if (nd->vec[i].amount <= 0 ||
		    (i > 0 && nd->vec[i - 1].origin >= nd->vec[i].origin))
			return pr__error_set(err, PR_ERROR,
					     "node %u: origin vector broken",
					     (unsigned)k);
		sum += nd->vec[i].amount;
	}
	if (sum != nd->balance)
		return pr__error_set(err, PR_ERROR,
				     "node %u: origins do not sum to the "
				     "balance %lld", (unsigned)k,
				     (long long)nd->balance);
	if (!t->lots_all && !t->lots_victims)
		return PR_OK;
	for (i = 0; i < nd->llen; i++) {
		const piece *l = &LOT(nd, i);

		if (l->amount <= 0 || !uses_lots(t, l->origin) ||
		    (i > 0 && LOT(nd, i - 1).origin == l->origin))
			return pr__error_set(err, PR_ERROR,
					     "node %u: lot %u broken",
					     (unsigned)k, (unsigned)i);
		acc[l->origin] += l->amount;
	}
	for (i = 0; i < nd->vlen; i++) {
		uint32_t o = nd->vec[i].origin;

		if (uses_lots(t, o) && acc[o] != nd->vec[i].amount)
			return pr__error_set(err, PR_ERROR,
					     "node %u: lots of origin %u do "
					     "not sum to its holding",
					     (unsigned)k, (unsigned)o);
		acc[o] = 0;
	}
	for (i = 0; i < nd->llen; i++)
		if (acc[LOT(nd, i).origin] != 0)
			return pr__error_set(err, PR_ERROR,
					     "node %u: a lot of origin %u "
					     "not held", (unsigned)k,
					     (unsigned)LOT(nd, i).origin);
	return PR_OK;
}

int
pr__tr_check(const pr__tr *t, pr_error *err)
{
	i128 *held = NULL;
	int64_t *acc = NULL;
	size_t nled;
	uint32_t k, c, o, i;
	int rc = PR_OK;

	if (t == NULL)
		return pr__error_set(err, PR_EINVALID, "check: no engine");
	if (t->o.rule == PR_TR_POISON)
		return PR_OK;
	nled = (size_t)t->n_cur * t->n_origins;
	held = pr__calloc(nled, sizeof(*held));
	acc = pr__calloc(t->n_origins, sizeof(*acc));
	if (held == NULL || acc == NULL) {
		rc = no_mem(err);
		goto done;
	}
	for (k = 0; k < t->n_nodes; k++) {
		const tnode *nd = &t->nodes[k];

		rc = check_node(t, k, acc, err);
		if (rc != PR_OK)
			goto done;
		for (i = 0; i < nd->vlen; i++)
			held[(size_t)t->node_cur[k] * t->n_origins +
			     nd->vec[i].origin] += nd->vec[i].amount;
	}
	for (c = 0; c < t->n_cur; c++) {
		for (o = 0; o < t->n_origins; o++) {
			const i128 *l = led(t, c, o);
			i128 in = l[LED_INFLOW] + l[LED_SHORT] +
				  l[LED_CONV_IN];
			i128 h = held[(size_t)c * t->n_origins + o];
			char b1[48], b2[48], b3[48], b4[48];

			if (in == h + l[LED_SUNK] + l[LED_CONV_OUT])
				continue;
			rc = pr__error_set(err, PR_ERROR,
					   "currency %u origin %u does not "
					   "balance: in %s, held %s, sunk %s, "
					   "converted out %s", (unsigned)c,
					   (unsigned)o,
					   i128_str(b1, sizeof(b1), in),
					   i128_str(b2, sizeof(b2), h),
					   i128_str(b3, sizeof(b3),
						    l[LED_SUNK]),
					   i128_str(b4, sizeof(b4),
						    l[LED_CONV_OUT]));
			goto done;
		}
	}
done:
	pr__free(held);
	pr__free(acc);
	return rc;
}
