/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of trace_engine.c: the worked examples of DOMAIN.md section 1
 * under every rule, conversions, shortfalls, limits, and random graphs
 * checked for conservation after every operation. */
#include "config.h"
#include "common.h"
#include "trace_engine.h"
#include "testutil.h"

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))
#define NONE_SINK UINT32_MAX

enum { A = PR_TR_VICTIM, B = PR_TR_VICTIM + 1, C = PR_TR_CLEAN,
       U = PR_TR_UNKNOWN };

/* An engine over n nodes of currency 0, 2 sinks, clean, unknown and
 * victims A and B; aborts the test when it cannot be made. */
static pr__tr *
mk(pr__tr_rule rule, int victims_fifo, int fee_pro_rata, uint32_t n)
{
	pr__tr_options o = { rule, victims_fifo, fee_pro_rata };
	uint32_t cur[8] = { 0 };
	pr__tr *t;

	ck_assert_uint_le(n, N_ELEMS(cur));
	t = pr__tr_new(&o, n, cur, 2, 4, 1);
	ck_assert_ptr_nonnull(t);
	return t;
}

/* Fail with the engine's message unless rc is PR_OK. Check records
 * every passing ck_assert in a file, which would make the property test
 * slow, so hot checks call ck_abort_msg only when they fail. */
#define OK(call) do {							\
	pr_error e_;							\
	int rc_;							\
	memset(&e_, 0, sizeof(e_));					\
	rc_ = (call);							\
	if (rc_ != PR_OK)						\
		ck_abort_msg("%s: %d %s", #call, rc_, e_.msg);		\
} while (0)
#define REQUIRE(cond) do {						\
	if (!(cond))							\
		ck_abort_msg("%s:%d: %s", __FILE__, __LINE__, #cond);	\
} while (0)
/* the calls below pass &e_ through this macro */
#define E (&e_)

static void
assert_held(const pr__tr *t, uint32_t node, int64_t c, int64_t u,
	    int64_t a, int64_t b)
{
	ck_assert_int_eq(pr__tr_held(t, node, C), c);
	ck_assert_int_eq(pr__tr_held(t, node, U), u);
	ck_assert_int_eq(pr__tr_held(t, node, A), a);
	ck_assert_int_eq(pr__tr_held(t, node, B), b);
}

/* ---------------------------------------------------------------- */
/* Barlow Clowes: A deposits 1,000, B 2,000, 600 is withdrawn and spent */

static const struct {
	pr__tr_rule rule;
	int victims_fifo;
	int64_t a, b;   /* left in the account */
} barlow[] = {
	/* DOMAIN.md: pro rata 800/1,600, FIFO 400/2,000, LIFO 1,000/1,400 */
	{ PR_TR_PRO_RATA, 0, 800, 1600 },
	{ PR_TR_FIFO, 0, 400, 2000 },
	{ PR_TR_LIFO, 0, 1000, 1400 },
	/* no clean money: libr and taint-first take 600 of the victims'
	 * money, shared by the sub-rule: in proportion 200/400 ... */
	{ PR_TR_LIBR, 0, 800, 1600 },
	{ PR_TR_TAINT_FIRST, 0, 800, 1600 },
	{ PR_TR_TIHO, 0, 800, 1600 },
	/* ... or the oldest first (A's 600) */
	{ PR_TR_LIBR, 1, 400, 2000 },
	{ PR_TR_TAINT_FIRST, 1, 400, 2000 },
	{ PR_TR_TIHO, 1, 400, 2000 },
	/* pro-rata with victims_fifo: the victims' group is all 600; it
	 * leaves oldest first */
	{ PR_TR_PRO_RATA, 1, 400, 2000 },
	/* victims_fifo is meaningless for fifo and lifo */
	{ PR_TR_FIFO, 1, 400, 2000 },
	{ PR_TR_LIFO, 1, 1000, 1400 },
	/* poison: 2,400 left, all exposed to both */
	{ PR_TR_POISON, 0, 2400, 2400 },
};

/* Whether a parcel carries a victim's money, under every rule: clean and
 * unknown money does not; a victim's does, also beside unknown money
 * under poison (where each origin present is exposed to the whole). */
START_TEST(test_trace_parcel_has_victim)
{
	static const pr__tr_rule rules[] = {
		PR_TR_LIBR, PR_TR_TAINT_FIRST, PR_TR_FIFO, PR_TR_LIFO,
		PR_TR_PRO_RATA, PR_TR_POISON, PR_TR_TIHO
	};
	size_t r;

	for (r = 0; r < N_ELEMS(rules); r++) {
		pr__tr *t = mk(rules[r], 0, 0, 2);
		pr__tr_parcel *p;

		OK(pr__tr_inflow(t, 0, C, 100, E));
		OK(pr__tr_inflow(t, 0, U, 50, E));
		OK(pr__tr_take(t, 0, 150, &p, NULL, E));
		ck_assert_int_eq(pr__tr_parcel_has_victim(p), 0);
		OK(pr__tr_dissipate(t, 0, p, E));
		OK(pr__tr_inflow(t, 1, U, 50, E));
		OK(pr__tr_inflow(t, 1, B, 70, E));
		OK(pr__tr_take(t, 1, 120, &p, NULL, E));
		ck_assert_int_eq(pr__tr_parcel_has_victim(p), 1);
		OK(pr__tr_dissipate(t, 1, p, E));
		pr__tr_free(t);
	}
}
END_TEST

START_TEST(test_trace_barlow_clowes)
{
	pr__tr *t = mk(barlow[_i].rule, barlow[_i].victims_fifo, 0, 1);
	pr__tr_parcel *p;
	int64_t sh;

	OK(pr__tr_inflow(t, 0, A, 1000, E));
	OK(pr__tr_inflow(t, 0, B, 2000, E));
	OK(pr__tr_take(t, 0, 600, &p, &sh, E));
	ck_assert_int_eq(sh, 0);
	ck_assert_int_eq(pr__tr_parcel_total(p), 600);
	OK(pr__tr_dissipate(t, 0, p, E));
	ck_assert_int_eq(pr__tr_balance(t, 0), 2400);
	assert_held(t, 0, 0, 0, barlow[_i].a, barlow[_i].b);
	if (barlow[_i].rule != PR_TR_POISON) {
		ck_assert_int_eq(pr__tr_sunk(t, 0, A), 1000 - barlow[_i].a);
		ck_assert_int_eq(pr__tr_sunk(t, 0, B), 2000 - barlow[_i].b);
	} else {
		ck_assert_int_eq(pr__tr_sunk(t, 0, A), 600);
		ck_assert_int_eq(pr__tr_sunk(t, 0, B), 600);
		ck_assert_int_eq(pr__tr_sunk(t, 0, C), 0);
	}
	OK(pr__tr_check(t, E));
	pr__tr_free(t);
}
END_TEST

/*
 * The clean-deposit variant: A 1,000, B 2,000; 2,700 withdrawn (the
 * balance falls to 300); then 500 clean arrives; then 400 withdrawn.
 *
 * libr: the first withdrawal has no clean money to take, so victims pay
 * 2,700 in proportion 900/1,800: A 100, B 200 left. The clean 500 does
 * not restore the taint; the 400 is clean: A 100, B 200, clean 100.
 * The taint, 300, is the lowest intermediate balance.
 * libr, victims oldest first: A 1,000 + B 1,700 leave; B 300 left;
 * then clean pays 400: B 300, clean 100.
 * taint-first: as libr to 100/200; then the 400 takes the victims' 300
 * and 100 clean: clean 400 left, no taint.
 * pro-rata: 100/200 after the first; 800 then holds A 100, B 200,
 * clean 500 and half of it leaves: A 50, B 100, clean 250.
 * fifo: A 1,000 and B 1,700 leave (B 300 left); then B 300 and 100 of
 * the clean lot: clean 400.
 * lifo: B 2,000 and A 700 leave (A 300 left); then 400 of the clean
 * lot: A 300, clean 100.
 * poison: 400 left, exposed to A and B; clean 0.
 */
static const struct {
	pr__tr_rule rule;
	int victims_fifo;
	int64_t c, a, b;
} clean_later[] = {
	{ PR_TR_LIBR, 0, 100, 100, 200 },
	{ PR_TR_LIBR, 1, 100, 0, 300 },
	{ PR_TR_TAINT_FIRST, 0, 400, 0, 0 },
	{ PR_TR_TAINT_FIRST, 1, 400, 0, 0 },
	{ PR_TR_TIHO, 0, 400, 0, 0 },
	{ PR_TR_PRO_RATA, 0, 250, 50, 100 },
	{ PR_TR_FIFO, 0, 400, 0, 0 },
	{ PR_TR_LIFO, 0, 100, 300, 0 },
	{ PR_TR_POISON, 0, 0, 400, 400 },
};

START_TEST(test_trace_clean_later)
{
	pr__tr *t = mk(clean_later[_i].rule, clean_later[_i].victims_fifo,
		       0, 1);
	pr__tr_parcel *p;

	OK(pr__tr_inflow(t, 0, A, 1000, E));
	OK(pr__tr_inflow(t, 0, B, 2000, E));
	OK(pr__tr_take(t, 0, 2700, &p, NULL, E));
	OK(pr__tr_dissipate(t, 0, p, E));
	OK(pr__tr_inflow(t, 0, C, 500, E));
	OK(pr__tr_take(t, 0, 400, &p, NULL, E));
	OK(pr__tr_dissipate(t, 1, p, E));
	ck_assert_int_eq(pr__tr_balance(t, 0), 400);
	assert_held(t, 0, clean_later[_i].c, 0, clean_later[_i].a,
		    clean_later[_i].b);
	OK(pr__tr_check(t, E));
	pr__tr_free(t);
}
END_TEST

/* ---------------------------------------------------------------- */
/*
 * One Bitcoin transaction: inputs in order 5 clean, 3 tainted, 2 clean;
 * outputs 4, 3, 3; no fee. In units of a tenth (50, 30, 20 -> 40, 30,
 * 30) so that the haircut is whole: taint per output
 *   poison 40/30/30 (exposure), pro-rata 12/9/9, fifo 0/20/10 (the taint
 *   covers [50,80) of the line), lifo 20/10/0 (the first output takes
 *   the end of the line [60,100)), tiho and taint-first 30/0/0 (largest
 *   output first), libr 0/0/30 (clean to the largest outputs: 40 and the
 *   first 30; ties to the lower index).
 */
static const struct {
	pr__tr_rule rule;
	int64_t taint[3];
} btc[] = {
	{ PR_TR_POISON, { 40, 30, 30 } },
	{ PR_TR_PRO_RATA, { 12, 9, 9 } },
	{ PR_TR_FIFO, { 0, 20, 10 } },
	{ PR_TR_LIFO, { 20, 10, 0 } },
	{ PR_TR_TIHO, { 30, 0, 0 } },
	{ PR_TR_TAINT_FIRST, { 30, 0, 0 } },
	{ PR_TR_LIBR, { 0, 0, 30 } },
};

/* Three inputs taken whole from nodes 0, 1, 2 and joined in order. */
static pr__tr_parcel *
btc_inputs(pr__tr *t)
{
	pr__tr_parcel *p, *q;

	OK(pr__tr_inflow(t, 0, C, 50, E));
	OK(pr__tr_inflow(t, 1, A, 30, E));
	OK(pr__tr_inflow(t, 2, C, 20, E));
	OK(pr__tr_take(t, 0, 50, &p, NULL, E));
	OK(pr__tr_take(t, 1, 30, &q, NULL, E));
	OK(pr__tr_join(t, p, q, E));
	OK(pr__tr_take(t, 2, 20, &q, NULL, E));
	OK(pr__tr_join(t, p, q, E));
	ck_assert_int_eq(pr__tr_parcel_total(p), 100);
	return p;
}

START_TEST(test_trace_btc_split)
{
	static const int64_t amounts[3] = { 40, 30, 30 };
	pr__tr *t = mk(btc[_i].rule, 0, 0, 6);
	pr__tr_parcel *p = btc_inputs(t), *out[3];
	int poison = btc[_i].rule == PR_TR_POISON;
	size_t i;

	OK(pr__tr_split(t, p, amounts, 3, out, E));
	for (i = 0; i < 3; i++) {
		int64_t a = pr__tr_parcel_origin(out[i], A);
		int64_t c = pr__tr_parcel_origin(out[i], C);
		int64_t sums[4];
		uint32_t k;

		/* one pass over the pieces gives what each origin's does */
		pr__tr_parcel_sums(out[i], sums);
		for (k = 0; k < 4; k++)
			ck_assert_int_eq(sums[k],
					 pr__tr_parcel_origin(out[i], k));

		ck_assert_msg(a == btc[_i].taint[i], "output %zu: taint "
			      "%lld, want %lld", i, (long long)a,
			      (long long)btc[_i].taint[i]);
		ck_assert_int_eq(pr__tr_parcel_total(out[i]), amounts[i]);
		ck_assert_int_eq(c, poison ? 0 : amounts[i] - a);
		OK(pr__tr_put(t, 3 + (uint32_t)i, out[i], E));
	}
	OK(pr__tr_check(t, E));
	pr__tr_free(t);
}
END_TEST

/*
 * The same transaction with the last output a fee of 30 charged in
 * proportion (fee_pro_rata): the fee takes 15, 9, 6 of the three input
 * pieces (taint 9); the rest, 35 clean, 21 tainted, 14 clean, goes to
 * the outputs 40 and 30 by the rule: fifo 5/16 (the taint covers
 * [35,56)), tiho 21/0, libr 0/21, pro-rata 12/9 (21 * 40/70 = 12).
 */
static const struct {
	pr__tr_rule rule;
	int64_t taint[3];
} btc_fee[] = {
	{ PR_TR_FIFO, { 5, 16, 9 } },
	{ PR_TR_TIHO, { 21, 0, 9 } },
	{ PR_TR_LIBR, { 0, 21, 9 } },
	{ PR_TR_PRO_RATA, { 12, 9, 9 } },
	{ PR_TR_POISON, { 40, 30, 30 } },
};

START_TEST(test_trace_btc_fee)
{
	static const int64_t amounts[3] = { 40, 30, 30 };
	pr__tr *t = mk(btc_fee[_i].rule, 0, 1, 6);
	pr__tr_parcel *p = btc_inputs(t), *out[3];
	size_t i;

	OK(pr__tr_split(t, p, amounts, 3, out, E));
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(pr__tr_parcel_origin(out[i], A),
				 btc_fee[_i].taint[i]);
		ck_assert_int_eq(pr__tr_parcel_total(out[i]), amounts[i]);
	}
	OK(pr__tr_put(t, 3, out[0], E));
	OK(pr__tr_put(t, 4, out[1], E));
	OK(pr__tr_dissipate(t, 0, out[2], E));
	OK(pr__tr_check(t, E));
	pr__tr_free(t);
}
END_TEST

/*
 * The sub-rule in a split: A 10 arrives, then B 30; taint-first splits
 * the 40 into 20 and 20. In proportion each output gets A 5, B 15;
 * oldest first the first output (the larger, ties to the lower index)
 * gets A 10, B 10 and the second B 20.
 */
START_TEST(test_trace_subrule_split)
{
	static const int64_t amounts[2] = { 20, 20 };
	static const int64_t want[2][2][2] = {
		{ { 5, 15 }, { 5, 15 } }, /* in proportion */
		{ { 10, 10 }, { 0, 20 } } /* oldest first */
	};
	int vf;

	for (vf = 0; vf < 2; vf++) {
		pr__tr *t = mk(PR_TR_TAINT_FIRST, vf, 0, 3);
		pr__tr_parcel *p, *out[2];
		size_t i;

		OK(pr__tr_inflow(t, 0, A, 10, E));
		OK(pr__tr_inflow(t, 0, B, 30, E));
		OK(pr__tr_take(t, 0, 40, &p, NULL, E));
		OK(pr__tr_split(t, p, amounts, 2, out, E));
		for (i = 0; i < 2; i++) {
			ck_assert_int_eq(pr__tr_parcel_origin(out[i], A),
					 want[vf][i][0]);
			ck_assert_int_eq(pr__tr_parcel_origin(out[i], B),
					 want[vf][i][1]);
			OK(pr__tr_put(t, 1 + (uint32_t)i, out[i], E));
		}
		OK(pr__tr_check(t, E));
		pr__tr_free(t);
	}
}
END_TEST

/*
 * The sub-rule across nodes: under victims_fifo the order of arrival
 * travels with the money. Node 0 gets B 50 then A 50 and sends all to
 * node 1, which already holds A 20 (older still). A take of 60 from
 * node 1 (taint-first, oldest victims first) takes A 20, then B 40.
 */
START_TEST(test_trace_subrule_order)
{
	pr__tr *t = mk(PR_TR_TAINT_FIRST, 1, 0, 2);
	pr__tr_parcel *p;

	OK(pr__tr_inflow(t, 1, A, 20, E));
	OK(pr__tr_inflow(t, 0, B, 50, E));
	OK(pr__tr_inflow(t, 0, A, 50, E));
	OK(pr__tr_inflow(t, 0, C, 5, E));
	OK(pr__tr_take(t, 0, 105, &p, NULL, E));
	OK(pr__tr_put(t, 1, p, E));
	OK(pr__tr_take(t, 1, 60, &p, NULL, E));
	ck_assert_int_eq(pr__tr_parcel_origin(p, A), 20);
	ck_assert_int_eq(pr__tr_parcel_origin(p, B), 40);
	OK(pr__tr_dissipate(t, 0, p, E));
	assert_held(t, 1, 5, 0, 50, 10);
	OK(pr__tr_check(t, E));
	pr__tr_free(t);
}
END_TEST

/* ---------------------------------------------------------------- */
/* conversions */

/*
 * 1,000.00 USD of A and 500.00 USD clean become 0.05000000 BTC: the
 * exact shares are 3,333,333 1/3 and 1,666,666 2/3 satoshis; the unit
 * left over goes to the larger remainder, the clean part: A 3,333,333,
 * clean 1,666,667. The USD ledger: in A 100,000 and clean 50,000 cents,
 * all converted out; BTC: converted in 3,333,333 and 1,666,667, held.
 */
START_TEST(test_trace_convert)
{
	pr__tr_options o = { (pr__tr_rule)_i, 0, 0 };
	uint32_t cur[2] = { 0, 1 };
	pr__tr *t = pr__tr_new(&o, 2, cur, 1, 3, 2);
	pr__tr_parcel *p;
	int poison = _i == PR_TR_POISON;

	ck_assert_ptr_nonnull(t);
	OK(pr__tr_inflow(t, 0, A, 100000, E));
	OK(pr__tr_inflow(t, 0, C, 50000, E));
	OK(pr__tr_take(t, 0, 150000, &p, NULL, E));
	OK(pr__tr_convert(t, p, 5000000, 1, E));
	ck_assert_uint_eq(pr__tr_parcel_currency(p), 1);
	ck_assert_int_eq(pr__tr_parcel_total(p), 5000000);
	ck_assert_int_eq(pr__tr_parcel_origin(p, A),
			 poison ? 5000000 : 3333333);
	ck_assert_int_eq(pr__tr_parcel_origin(p, C), poison ? 0 : 1666667);
	{
		pr_error e;
		int rc = pr__tr_put(t, 0, p, &e);

		ck_assert_int_eq(rc, PR_ECURRENCY);
	}
	OK(pr__tr_put(t, 1, p, E));
	ck_assert_int_eq(pr__tr_held(t, 1, A), poison ? 5000000 : 3333333);
	ck_assert_int_eq(pr__tr_held(t, 1, C), poison ? 0 : 1666667);
	ck_assert_int_eq(pr__tr_balance(t, 0), 0);
	OK(pr__tr_check(t, E));

	/* a partial take in BTC and back to USD keeps the books */
	OK(pr__tr_take(t, 1, 1234567, &p, NULL, E));
	OK(pr__tr_convert(t, p, 24691, 0, E));
	OK(pr__tr_put(t, 0, p, E));
	OK(pr__tr_check(t, E));
	pr__tr_free(t);
}
END_TEST

/* An engine that starts empty and grows as a caller meets nodes, sinks
 * and currencies keeps what it held and balances its books: the same
 * figures as the convert test above, reached by growing. */
START_TEST(test_trace_grow)
{
	pr__tr_options o = { (pr__tr_rule)_i, 0, 0 };
	uint32_t cur[2] = { 0, 1 };
	pr__tr *t = pr__tr_new(&o, 0, NULL, 0, 3, 1);
	pr__tr_parcel *p;
	int poison = _i == PR_TR_POISON;

	ck_assert_ptr_nonnull(t);
	OK(pr__tr_grow(t, 1, cur, 0, 1, E));
	OK(pr__tr_inflow(t, 0, A, 100000, E));
	OK(pr__tr_inflow(t, 0, C, 50000, E));
	OK(pr__tr_take(t, 0, 150000, &p, NULL, E));
	OK(pr__tr_grow(t, 2, cur, 1, 2, E));   /* BTC, its node, a sink */
	ck_assert_int_eq(pr__tr_balance(t, 0), 0);
	OK(pr__tr_convert(t, p, 5000000, 1, E));
	OK(pr__tr_put(t, 1, p, E));
	ck_assert_int_eq(pr__tr_held(t, 1, A), poison ? 5000000 : 3333333);
	ck_assert_int_eq(pr__tr_held(t, 1, C), poison ? 0 : 1666667);
	OK(pr__tr_take(t, 1, 1000000, &p, NULL, E));
	OK(pr__tr_dissipate(t, 0, p, E));
	{
		/* which part of the BTC leaves depends on the rule: libr,
		 * taint-first, fifo, lifo, pro-rata, poison, tiho */
		static const int64_t want[PR_TR_NRULES] = {
			0, 1000000, 1000000, 0, 666667, 1000000, 1000000
		};

		ck_assert_int_eq(pr__tr_sunk(t, 0, A), want[_i]);
	}
	OK(pr__tr_check(t, E));
	{
		pr_error e;

		ck_assert_int_eq(pr__tr_grow(t, 1, cur, 1, 2, &e),
				 PR_EINVALID);
	}
	pr__tr_free(t);
}
END_TEST

/* A fifo parcel with the same origin twice (A, clean, A) converts piece
 * by piece and keeps its order: 10/10/10 to 100 gives 34/33/33 (ties to
 * the lower origin: clean has origin 0, so clean gets the unit). */
START_TEST(test_trace_convert_pieces)
{
	pr__tr_options o = { PR_TR_FIFO, 0, 0 };
	uint32_t cur[2] = { 0, 1 };
	pr__tr *t = pr__tr_new(&o, 2, cur, 1, 3, 2);
	pr__tr_parcel *p;

	ck_assert_ptr_nonnull(t);
	OK(pr__tr_inflow(t, 0, A, 10, E));
	OK(pr__tr_inflow(t, 0, C, 10, E));
	OK(pr__tr_inflow(t, 0, A, 10, E));
	OK(pr__tr_take(t, 0, 30, &p, NULL, E));
	OK(pr__tr_convert(t, p, 100, 1, E));
	ck_assert_int_eq(pr__tr_parcel_origin(p, A), 66);
	ck_assert_int_eq(pr__tr_parcel_origin(p, C), 34);
	OK(pr__tr_put(t, 1, p, E));
	/* fifo order kept: the first 33 out of node 1 are A */
	OK(pr__tr_take(t, 1, 33, &p, NULL, E));
	ck_assert_int_eq(pr__tr_parcel_origin(p, A), 33);
	OK(pr__tr_dissipate(t, 0, p, E));
	OK(pr__tr_check(t, E));
	pr__tr_free(t);
}
END_TEST

/* ---------------------------------------------------------------- */
/* shortfall */

/* Clean 100 in the account, 150 taken: 50 goes in as unknown first and
 * is reported; all 150 leave. Under poison the parcel is exposed to
 * unknown for 150 and clean for 150 (no victim). */
START_TEST(test_trace_shortfall)
{
	pr__tr *t = mk((pr__tr_rule)_i, 0, 0, 2);
	pr__tr_parcel *p;
	int64_t sh = -1;
	int poison = _i == PR_TR_POISON;

	OK(pr__tr_inflow(t, 0, C, 100, E));
	OK(pr__tr_take(t, 0, 150, &p, &sh, E));
	ck_assert_int_eq(sh, 50);
	ck_assert_int_eq(pr__tr_parcel_total(p), 150);
	ck_assert_int_eq(pr__tr_parcel_origin(p, U), poison ? 150 : 50);
	ck_assert_int_eq(pr__tr_parcel_origin(p, C), poison ? 150 : 100);
	ck_assert_int_eq(pr__tr_balance(t, 0), 0);
	assert_held(t, 0, 0, 0, 0, 0);
	OK(pr__tr_put(t, 1, p, E));
	ck_assert_int_eq(pr__tr_held(t, 1, U), poison ? 150 : 50);
	OK(pr__tr_check(t, E));

	/* from an empty node: all unknown */
	OK(pr__tr_take(t, 0, 7, &p, &sh, E));
	ck_assert_int_eq(sh, 7);
	ck_assert_int_eq(pr__tr_parcel_origin(p, U), 7);
	OK(pr__tr_dissipate(t, 0, p, E));
	OK(pr__tr_check(t, E));
	pr__tr_free(t);
}
END_TEST

/* ---------------------------------------------------------------- */
/* limits and errors */

START_TEST(test_trace_overflow)
{
	pr__tr *t = mk((pr__tr_rule)_i, 0, 0, 3);
	pr__tr_parcel *p, *q, *out[2];
	int64_t two[2] = { INT64_MAX, 1 };
	pr_error e;

	OK(pr__tr_inflow(t, 0, A, INT64_MAX, E));
	ck_assert_int_eq(pr__tr_inflow(t, 0, C, 1, &e), PR_EINVALID);
	ck_assert_str_eq(e.msg, "amount beyond 64 bits");
	ck_assert_int_eq(pr__tr_balance(t, 0), INT64_MAX);

	/* a put that would overflow leaves the parcel with the caller */
	OK(pr__tr_inflow(t, 1, C, 1, E));
	OK(pr__tr_take(t, 1, 1, &p, NULL, E));
	ck_assert_int_eq(pr__tr_put(t, 0, p, &e), PR_EINVALID);
	ck_assert_str_eq(e.msg, "amount beyond 64 bits");
	ck_assert_int_eq(pr__tr_parcel_total(p), 1);

	/* a join that would overflow */
	OK(pr__tr_take(t, 0, INT64_MAX, &q, NULL, E));
	ck_assert_int_eq(pr__tr_join(t, q, p, &e), PR_EINVALID);
	ck_assert_str_eq(e.msg, "amount beyond 64 bits");

	/* split amounts whose sum overflows */
	ck_assert_int_eq(pr__tr_split(t, q, two, 2, out, &e), PR_EINVALID);
	ck_assert_str_eq(e.msg, "amount beyond 64 bits");

	/* a take that would overflow through the shortfall cannot happen:
	 * the amount itself is an int64; a put back restores the state */
	OK(pr__tr_put(t, 0, q, E));
	OK(pr__tr_put(t, 2, p, E));
	ck_assert_int_eq(pr__tr_balance(t, 0), INT64_MAX);
	OK(pr__tr_check(t, E));
	pr__tr_free(t);
}
END_TEST

/*
 * Proportional shares need 128-bit products. M = 2^63 - 1; A holds
 * M - 10 and B 10; pro-rata takes M - 1: A's exact share is M - 11 +
 * 10/M, B's 10 - 10/M; the unit left goes to B's larger remainder:
 * A M - 11, B 10 leave; A 1 stays.
 */
START_TEST(test_trace_big_pro_rata)
{
	pr__tr *t = mk(PR_TR_PRO_RATA, 0, 0, 1);
	pr__tr_parcel *p;

	OK(pr__tr_inflow(t, 0, A, INT64_MAX - 10, E));
	OK(pr__tr_inflow(t, 0, B, 10, E));
	OK(pr__tr_take(t, 0, INT64_MAX - 1, &p, NULL, E));
	ck_assert_int_eq(pr__tr_parcel_origin(p, A), INT64_MAX - 11);
	ck_assert_int_eq(pr__tr_parcel_origin(p, B), 10);
	assert_held(t, 0, 0, 0, 1, 0);
	OK(pr__tr_dissipate(t, 0, p, E));
	OK(pr__tr_check(t, E));
	pr__tr_free(t);
}
END_TEST

START_TEST(test_trace_errors)
{
	pr__tr_options bad = { PR_TR_NRULES, 0, 0 };
	uint32_t cur[2] = { 0, 1 }, badcur[1] = { 5 };
	pr__tr *t, *t2;
	pr__tr_parcel *p, *q, *out[2];
	int64_t amounts[2] = { 3, 3 }, neg[2] = { 7, -1 };
	pr_error e;

	ck_assert_ptr_null(pr__tr_new(&bad, 2, cur, 1, 3, 2));
	ck_assert_ptr_null(pr__tr_new(NULL, 2, cur, 1, 1, 2));
	ck_assert_ptr_null(pr__tr_new(NULL, 1, badcur, 1, 3, 2));
	ck_assert_ptr_null(pr__tr_new(NULL, 2, cur, 1, 3, 0));
	t = pr__tr_new(NULL, 2, cur, 2, 3, 2);
	t2 = pr__tr_new(NULL, 2, cur, 2, 3, 2);
	ck_assert_ptr_nonnull(t);
	ck_assert_ptr_nonnull(t2);
	ck_assert_int_eq(pr__tr_options_of(t)->rule, PR_TR_LIBR);

	ck_assert_int_eq(pr__tr_inflow(t, 2, C, 1, &e), PR_EINVALID);
	ck_assert_int_eq(pr__tr_inflow(t, 0, 3, 1, &e), PR_EINVALID);
	ck_assert_int_eq(pr__tr_inflow(t, 0, C, -1, &e), PR_EINVALID);
	ck_assert_int_eq(pr__tr_take(t, 0, -1, &p, NULL, &e), PR_EINVALID);
	ck_assert_int_eq(pr__tr_take(t, 9, 1, &p, NULL, &e), PR_EINVALID);
	ck_assert_ptr_null(p);

	OK(pr__tr_inflow(t, 0, A, 7, E));
	OK(pr__tr_inflow(t, 1, A, 7, E));
	OK(pr__tr_take(t, 0, 7, &p, NULL, E));
	OK(pr__tr_take(t, 1, 7, &q, NULL, E));
	/* currencies do not mix */
	ck_assert_int_eq(pr__tr_join(t, p, q, &e), PR_ECURRENCY);
	ck_assert_int_eq(pr__tr_put(t, 1, p, &e), PR_ECURRENCY);
	OK(pr__tr_dissipate(t, 0, p, E));
	ck_assert_int_eq(pr__tr_dissipate(t, 0, q, &e), PR_ECURRENCY);
	ck_assert_int_eq(pr__tr_dissipate(t, 5, q, &e), PR_EINVALID);
	/* not a parcel of this engine; not joined to itself */
	ck_assert_int_eq(pr__tr_put(t2, 1, q, &e), PR_EINVALID);
	ck_assert_int_eq(pr__tr_join(t, q, q, &e), PR_EINVALID);
	/* split amounts must sum to the total and be >= 0 */
	ck_assert_int_eq(pr__tr_split(t, q, amounts, 2, out, &e),
			 PR_EINVALID);
	ck_assert_msg(strstr(e.msg, "sum to 6") != NULL, "%s", e.msg);
	ck_assert_int_eq(pr__tr_split(t, q, neg, 2, out, &e), PR_EINVALID);
	ck_assert_int_eq(pr__tr_split(t, q, amounts, 0, out, &e),
			 PR_EINVALID);
	/* conversions: bad currency, negative, nothing into something */
	ck_assert_int_eq(pr__tr_convert(t, q, 5, 2, &e), PR_EINVALID);
	ck_assert_int_eq(pr__tr_convert(t, q, -5, 0, &e), PR_EINVALID);
	OK(pr__tr_dissipate(t, 1, q, E));
	OK(pr__tr_take(t, 0, 0, &p, NULL, E));
	ck_assert_int_eq(pr__tr_convert(t, p, 5, 1, &e), PR_EINVALID);
	OK(pr__tr_convert(t, p, 0, 1, E));
	pr__tr_parcel_free(p);
	pr__tr_parcel_free(NULL);
	ck_assert_int_eq(pr__tr_held(t, 7, C), 0);
	ck_assert_int_eq(pr__tr_sunk(t, 7, C), 0);
	OK(pr__tr_check(t, E));
	/* a parcel still out is freed with its engine */
	OK(pr__tr_take(t2, 0, 3, &p, NULL, E));
	pr__tr_free(t2);
	pr__tr_free(t);
	pr__tr_free(NULL);
}
END_TEST

/*
 * Make the n-th allocation fail, for n = 1, 2, ... until a whole
 * scenario succeeds: every failure is PR_ENOMEM (or a NULL engine) and
 * changes nothing, so that once the parcels still out are dissipated
 * the books balance.
 */
START_TEST(test_trace_oom)
{
	static const int64_t amounts[3] = { 40, 30, 30 };
	unsigned long n;
	int done = 0;

	for (n = 1; !done && n < 500; n++) {
		pr__tr_options o = { (pr__tr_rule)_i, 1, _i % 2 };
		uint32_t cur[4] = { 0, 0, 0, 0 };
		pr__tr *t;
		pr__tr_parcel *live[3] = { NULL, NULL, NULL }, *out[3];
		pr_error e;
		int rc;
		size_t j;

		pr__alloc_fail_at(n);
		t = pr__tr_new(&o, 4, cur, 1, 4, 1);
		if (t == NULL)
			continue;
		rc = pr__tr_inflow(t, 0, A, 30, &e);
		if (rc == PR_OK)
			rc = pr__tr_inflow(t, 0, C, 50, &e);
		if (rc == PR_OK)
			rc = pr__tr_inflow(t, 0, B, 20, &e);
		if (rc == PR_OK)
			rc = pr__tr_take(t, 0, 60, &live[0], NULL, &e);
		if (rc == PR_OK)
			rc = pr__tr_take(t, 0, 40, &live[1], NULL, &e);
		if (rc == PR_OK)
			rc = pr__tr_join(t, live[0], live[1], &e);
		if (rc == PR_OK)
			live[1] = NULL;
		if (rc == PR_OK)
			rc = pr__tr_split(t, live[0], amounts, 3, out, &e);
		if (rc == PR_OK) {
			memcpy(live, out, sizeof(live));
			for (j = 0; j < 3 && rc == PR_OK; j++) {
				rc = pr__tr_put(t, 1 + (uint32_t)j, live[j],
						&e);
				if (rc == PR_OK)
					live[j] = NULL;
			}
		}
		pr__alloc_fail_at(0);
		if (rc == PR_OK)
			done = 1;
		else
			ck_assert_int_eq(rc, PR_ENOMEM);
		for (j = 0; j < 3; j++)
			if (live[j] != NULL)
				OK(pr__tr_dissipate(t, 0, live[j], E));
		OK(pr__tr_check(t, E));
		pr__tr_free(t);
	}
	pr__alloc_fail_at(0);
	ck_assert(done);
}
END_TEST

/* ---------------------------------------------------------------- */
/* property: random graphs under every rule in lockstep */

#define P_NODES 20
#define P_USD 14       /* nodes 0..13 are currency 0, the rest 1 */
#define P_SINKS 4      /* sinks 0, 1 take currency 0; 2, 3 currency 1 */
#define P_ORIGINS 7    /* clean, unknown, 5 victims */
#define P_OPS 500
#define P_GRAPHS 200

static const pr__tr_options configs[] = {
	{ PR_TR_LIBR, 0, 0 },
	{ PR_TR_TAINT_FIRST, 0, 0 },
	{ PR_TR_TIHO, 0, 0 },
	{ PR_TR_FIFO, 0, 0 },
	{ PR_TR_LIFO, 0, 0 },
	{ PR_TR_PRO_RATA, 0, 0 },
	{ PR_TR_LIBR, 1, 0 },
	{ PR_TR_TAINT_FIRST, 1, 1 },
	{ PR_TR_PRO_RATA, 1, 0 },
	{ PR_TR_FIFO, 0, 1 },
	{ PR_TR_PRO_RATA, 0, 1 },
	{ PR_TR_POISON, 0, 0 },  /* last: compared with all the others */
};
#define NC N_ELEMS(configs)

typedef struct world {
	pr__tr *t[NC];
	uint32_t cur[P_NODES];
	tu_rng rng;
} world;

static uint32_t
node_of(world *w, uint32_t c)
{
	return c == 0 ? (uint32_t)tu_rng_below(&w->rng, P_USD)
		      : P_USD + (uint32_t)tu_rng_below(&w->rng,
						       P_NODES - P_USD);
}

/* An amount to take from node k: usually within the balance, now and
 * then beyond it (a shortfall); balances are the same under every
 * rule, so every engine sees the same operation. */
static int64_t
amount_of(world *w, uint32_t k)
{
	int64_t bal = pr__tr_balance(w->t[0], k);

	return (int64_t)tu_rng_below(&w->rng,
				     (uint64_t)(bal + bal / 8 + 2));
}

/* Take amt from node k in every engine; out[i] the parcels. */
static void
take_all(world *w, uint32_t k, int64_t amt, pr__tr_parcel **out)
{
	size_t i;

	for (i = 0; i < NC; i++) {
		int64_t sh;

		OK(pr__tr_take(w->t[i], k, amt, &out[i], &sh, E));
		REQUIRE(pr__tr_parcel_total(out[i]) == amt);
		if (configs[i].rule != PR_TR_POISON) {
			int64_t s = 0;
			uint32_t o;

			for (o = 0; o < P_ORIGINS; o++)
				s += pr__tr_parcel_origin(out[i], o);
			REQUIRE(s == amt);
		}
	}
}

/* One random operation, the same in every engine. */
static void
step(world *w)
{
	pr__tr_parcel *p[NC], *q[NC], *outs[NC][4];
	uint64_t r = tu_rng_below(&w->rng, 100);
	uint32_t c = (uint32_t)tu_rng_below(&w->rng, 2);
	uint32_t k = node_of(w, c), d;
	int64_t amt;
	size_t i, j;

	if (r < 30) {
		uint32_t o = (uint32_t)tu_rng_below(&w->rng, P_ORIGINS + 3);
		int64_t a = tu_rng_range(&w->rng, 1, 1000000);

		if (o >= P_ORIGINS)
			o = PR_TR_CLEAN; /* clean is the commonest */
		for (i = 0; i < NC; i++)
			OK(pr__tr_inflow(w->t[i], k, o, a, E));
	} else if (r < 55) {
		d = node_of(w, c);
		take_all(w, k, amount_of(w, k), p);
		for (i = 0; i < NC; i++)
			OK(pr__tr_put(w->t[i], d, p[i], E));
	} else if (r < 75) {
		/* a transaction: 1-3 inputs, 1-4 outputs to nodes or sinks */
		int64_t total, a[4];
		size_t nin = 1 + tu_rng_below(&w->rng, 3);
		size_t nout = 1 + tu_rng_below(&w->rng, 4);
		uint32_t dst[4];

		take_all(w, k, amount_of(w, k), p);
		for (j = 1; j < nin; j++) {
			uint32_t k2 = node_of(w, c);

			take_all(w, k2, amount_of(w, k2), q);
			for (i = 0; i < NC; i++)
				OK(pr__tr_join(w->t[i], p[i], q[i], E));
		}
		total = pr__tr_parcel_total(p[0]);
		for (j = 0; j + 1 < nout; j++) {
			a[j] = (int64_t)tu_rng_below(&w->rng,
						     (uint64_t)total + 1);
			total -= a[j];
		}
		a[nout - 1] = total;
		for (j = 0; j < nout; j++)
			dst[j] = tu_rng_below(&w->rng, 4) == 0 ? NONE_SINK
							       : node_of(w, c);
		for (i = 0; i < NC; i++) {
			OK(pr__tr_split(w->t[i], p[i], a, nout, outs[i], E));
			for (j = 0; j < nout; j++) {
				if (dst[j] == NONE_SINK)
					OK(pr__tr_dissipate(w->t[i], 2 * c,
							    outs[i][j], E));
				else
					OK(pr__tr_put(w->t[i], dst[j],
						      outs[i][j], E));
			}
		}
	} else if (r < 85) {
		int64_t nt;

		amt = amount_of(w, k);
		nt = amt == 0 ? 0 : tu_rng_range(&w->rng, 0, 2 * amt);
		d = node_of(w, 1 - c);
		take_all(w, k, amt, p);
		for (i = 0; i < NC; i++) {
			OK(pr__tr_convert(w->t[i], p[i], nt, 1 - c, E));
			OK(pr__tr_put(w->t[i], d, p[i], E));
		}
	} else {
		uint32_t s = 2 * c + (uint32_t)tu_rng_below(&w->rng, 2);

		take_all(w, k, amount_of(w, k), p);
		for (i = 0; i < NC; i++)
			OK(pr__tr_dissipate(w->t[i], s, p[i], E));
	}
}

/*
 * The invariants after every operation. Every engine: the same balance
 * per node. Conserving rules: holdings >= 0 summing to the balance, and
 * the books balance (pr__tr_check). Poison: every exposure is 0 or the
 * whole balance, and it bounds every conserving rule's holding of that
 * origin (whatever a rule says a node holds of a victim, poison says at
 * least that much is exposed); clean is the balance exactly when no
 * victim is exposed.
 */
static void
verify(world *w)
{
	const pr__tr *pz = w->t[NC - 1];
	uint32_t k, o;
	size_t i;

	for (i = 0; i + 1 < NC; i++)
		OK(pr__tr_check(w->t[i], E));
	for (k = 0; k < P_NODES; k++) {
		int64_t bal = pr__tr_balance(pz, k);
		int victim = 0;

		for (o = 0; o < P_ORIGINS; o++) {
			int64_t x = pr__tr_held(pz, k, o);

			REQUIRE(x == 0 || x == bal);
			if (o >= PR_TR_VICTIM && x > 0)
				victim = 1;
		}
		REQUIRE(pr__tr_held(pz, k, C) == (victim ? 0 : bal));
		for (i = 0; i + 1 < NC; i++) {
			int64_t s = 0;

			REQUIRE(pr__tr_balance(w->t[i], k) == bal);
			for (o = 0; o < P_ORIGINS; o++) {
				int64_t h = pr__tr_held(w->t[i], k, o);

				REQUIRE(h >= 0);
				s += h;
				if (o != PR_TR_CLEAN)
					REQUIRE(h <= pr__tr_held(pz, k, o));
			}
			REQUIRE(s == bal);
		}
	}
}

START_TEST(test_trace_property_graphs)
{
	world w;
	int g, n;
	size_t i;
	uint32_t k;

	for (g = 0; g < P_GRAPHS; g++) {
		for (k = 0; k < P_NODES; k++)
			w.cur[k] = k < P_USD ? 0 : 1;
		for (i = 0; i < NC; i++) {
			w.t[i] = pr__tr_new(&configs[i], P_NODES, w.cur,
					    P_SINKS, P_ORIGINS, 2);
			ck_assert_ptr_nonnull(w.t[i]);
		}
		tu_rng_seed(&w.rng, TU_SEED + (uint64_t)g);
		for (n = 0; n < P_OPS; n++) {
			step(&w);
			verify(&w);
		}
		/* fifo and lifo: same balances, only the mix differs */
		for (k = 0; k < P_NODES; k++)
			REQUIRE(pr__tr_balance(w.t[3], k) ==
				pr__tr_balance(w.t[4], k));
		for (i = 0; i < NC; i++)
			pr__tr_free(w.t[i]);
	}
}
END_TEST

static Suite *
trace_suite(void)
{
	Suite *s = suite_create("trace");
	TCase *tc;

	tc = tcase_create("examples");
	tcase_add_loop_test(tc, test_trace_barlow_clowes, 0,
			    N_ELEMS(barlow));
	tcase_add_loop_test(tc, test_trace_clean_later, 0,
			    N_ELEMS(clean_later));
	tcase_add_loop_test(tc, test_trace_btc_split, 0, N_ELEMS(btc));
	tcase_add_loop_test(tc, test_trace_btc_fee, 0, N_ELEMS(btc_fee));
	tcase_add_test(tc, test_trace_parcel_has_victim);
	tcase_add_test(tc, test_trace_subrule_split);
	tcase_add_test(tc, test_trace_subrule_order);
	suite_add_tcase(s, tc);

	tc = tcase_create("convert");
	tcase_add_loop_test(tc, test_trace_convert, 0, PR_TR_NRULES);
	tcase_add_loop_test(tc, test_trace_grow, 0, PR_TR_NRULES);
	tcase_add_test(tc, test_trace_convert_pieces);
	suite_add_tcase(s, tc);

	tc = tcase_create("limits");
	tcase_add_loop_test(tc, test_trace_shortfall, 0, PR_TR_NRULES);
	tcase_add_loop_test(tc, test_trace_overflow, 0, PR_TR_NRULES);
	tcase_add_test(tc, test_trace_big_pro_rata);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_test(tc, test_trace_errors);
	tcase_add_loop_test(tc, test_trace_oom, 0, PR_TR_NRULES);
	suite_add_tcase(s, tc);

	tc = tcase_create("property");
	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test_trace_property_graphs);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(trace_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
