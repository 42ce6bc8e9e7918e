/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of restitution.c and import/work.c: the minimum-wage table at
 * each boundary, FLSA values worked by hand (overtime, a week spanning a
 * change, short weeks), rounding, a case's credits, payments and
 * liquidated damages, and the remission split with property tests. */
#include "config.h"
#include "common.h"
#include "store.h"
#include "testutil.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

static pr_date
ymd(int y, int m, int d)
{
	pr_date out;

	ck_assert_int_eq(pr_date_from_ymd(&out, y, m, d, NULL), PR_OK);
	return out;
}

/* ---------------------------------------------------------------- */
/* wage table */

static const struct {
	int y, m, d;
	long cents, before;   /* from the day; the day before */
} boundaries[] = {
	{ 1978, 1, 1, 265, -1 },
	{ 1979, 1, 1, 290, 265 },
	{ 1980, 1, 1, 310, 290 },
	{ 1981, 1, 1, 335, 310 },
	{ 1990, 4, 1, 380, 335 },
	{ 1991, 4, 1, 425, 380 },
	{ 1996, 10, 1, 475, 425 },
	{ 1997, 9, 1, 515, 475 },
	{ 2007, 7, 24, 585, 515 },
	{ 2008, 7, 24, 655, 585 },
	{ 2009, 7, 24, 725, 655 },
};

START_TEST(test_restitution_wage_boundary)
{
	pr_date d = ymd(boundaries[_i].y, boundaries[_i].m,
			boundaries[_i].d);
	pr_error err;
	long c = 0;

	pr_error_clear(&err);
	ck_assert_int_eq(pr_flsa_federal_wage(&c, d, &err), PR_OK);
	ck_assert_int_eq(c, boundaries[_i].cents);
	if (boundaries[_i].before < 0) {
		ck_assert_int_eq(pr_flsa_federal_wage(&c, d - 1, &err),
				 PR_EINVALID);
		ck_assert_str_eq(err.msg, "no federal minimum wage for "
				 "1977-12-31: the table starts on 1978-01-01");
	} else {
		ck_assert_int_eq(pr_flsa_federal_wage(&c, d - 1, &err), PR_OK);
		ck_assert_int_eq(c, boundaries[_i].before);
	}
}
END_TEST

START_TEST(test_restitution_wage_today)
{
	long c = 0;

	ck_assert_int_eq(pr_flsa_federal_wage(&c, ymd(2024, 12, 31), NULL),
			 PR_OK);
	ck_assert_int_eq(c, 725);
	ck_assert_int_eq(pr_flsa_wage(&c, ymd(2024, 12, 31), NULL, NULL),
			 PR_OK);
	ck_assert_int_eq(c, 725);
	ck_assert_int_eq(pr_flsa_federal_wage(NULL, ymd(2024, 1, 1), NULL),
			 PR_EINVALID);
}
END_TEST

/* ---------------------------------------------------------------- */
/* FLSA value */

/* The exact value in cents of start..end at hours (1/100) a week. */
static void
value_is(pr_date start, pr_date end, long hours, const pr_wage_table *st,
	 const char *want, unsigned long want_spanning)
{
	unsigned long spanning = 99;
	char buf[128];
	mpq_t q;

	mpq_init(q);
	ck_assert_int_eq(pr_flsa_value(q, start, end, hours, st, &spanning,
				       NULL), PR_OK);
	mpq_get_str(buf, 10, q);
	ck_assert_str_eq(buf, want);
	ck_assert_uint_eq(spanning, want_spanning);
	mpq_clear(q);
}

START_TEST(test_restitution_flsa_week)
{
	pr_date mon = ymd(2023, 1, 2);

	/* 40 hours at 7.25: 290.00, no overtime */
	value_is(mon, mon + 6, 4000, NULL, "29000", 0);
	/* 50 hours: 40 x 7.25 + 10 x 10.875 = 290.00 + 108.75 */
	value_is(mon, mon + 6, 5000, NULL, "39875", 0);
	/* 84 hours: 84 x 7.25 + 44 x 3.625 = 609.00 + 159.50 */
	value_is(mon, mon + 6, 8400, NULL, "76850", 0);
	/* 168 hours, every hour of the week: 1218.00 + 128 x 3.625 */
	value_is(mon, mon + 6, 16800, NULL, "168200", 0);
	value_is(mon, mon + 6, 0, NULL, "0", 0);
	/* 37.5 hours: 271.875 cents exact, rounded by the caller */
	value_is(mon, mon + 6, 3750, NULL, "54375/2", 0);
	/* two weeks are two workweeks: 50 + 30 is no overtime on the
	 * second, as a 14-day week would wrongly give */
	value_is(mon, mon + 13, 5000, NULL, "79750", 0);
}
END_TEST

/*
 * The workweek of 2009-07-20 (Mon) to 2009-07-26 spans the raise of
 * 2009-07-24: Mon-Thu at 6.55, Fri-Sun at 7.25. With the hours spread
 * evenly over the days, the weighted-average regular rate is
 * (4 x 6.55 + 3 x 7.25) / 7 = 47.95 / 7 = 6.85. At 50 hours:
 * 50 x 6.85 + 10 x 6.85 / 2 = 342.50 + 34.25 = 376.75.
 */
START_TEST(test_restitution_flsa_spanning)
{
	pr_date mon = ymd(2009, 7, 20);

	value_is(mon, mon + 6, 5000, NULL, "37675", 1);
	/* 40 hours: 6.85 x 40 = 274.00 */
	value_is(mon, mon + 6, 4000, NULL, "27400", 1);
	/* a workweek fixed to start on the change has one rate */
	value_is(ymd(2009, 7, 24), ymd(2009, 7, 30), 5000, NULL, "39875", 0);
	/* a short last week: 3 days of a 60-hour week are 180/7 hours,
	 * under 40: 7.25 x 180 / 7 = 1305 / 7 dollars */
	value_is(ymd(2009, 8, 7), ymd(2009, 8, 9), 6000, NULL, "130500/7",
		 0);
}
END_TEST

START_TEST(test_restitution_flsa_errors)
{
	pr_error err;
	mpq_t q;

	mpq_init(q);
	pr_error_clear(&err);
	ck_assert_int_eq(pr_flsa_value(q, ymd(1977, 12, 26), ymd(1978, 1, 8),
				       4000, NULL, NULL, &err), PR_EINVALID);
	ck_assert_str_eq(err.msg, "no federal minimum wage for 1977-12-26: "
			 "the table starts on 1978-01-01");
	ck_assert_int_eq(pr_flsa_value(q, ymd(2023, 1, 8), ymd(2023, 1, 2),
				       4000, NULL, NULL, &err), PR_EINVALID);
	ck_assert_int_eq(pr_flsa_value(q, ymd(2023, 1, 2), ymd(2023, 1, 8),
				       16801, NULL, NULL, &err), PR_EINVALID);
	ck_assert_int_eq(pr_flsa_value(q, ymd(2023, 1, 2), ymd(2023, 1, 8),
				       -1, NULL, NULL, &err), PR_EINVALID);
	mpq_clear(q);
}
END_TEST

static const struct {
	const char *q, *want;
} rounds[] = {
	{ "1/2", "1" }, { "-1/2", "-1" }, { "49/100", "0" },
	{ "55825/2", "27913" }, { "130500/7", "18643" },
	{ "-130500/7", "-18643" }, { "3", "3" }, { "0", "0" },
};

START_TEST(test_restitution_round)
{
	char buf[64];
	mpq_t q;
	mpz_t z;

	mpq_init(q);
	mpz_init(z);
	ck_assert_int_eq(mpq_set_str(q, rounds[_i].q, 10), 0);
	pr_round_cents(z, q);
	mpz_get_str(buf, 10, z);
	ck_assert_str_eq(buf, rounds[_i].want);
	mpz_clear(z);
	mpq_clear(q);
}
END_TEST

/* ---------------------------------------------------------------- */
/* state table */

static char *tmp;

static void
setup(void)
{
	tmp = tu_tmpdir();
}

static void
teardown(void)
{
	tu_rmtree(tmp);
	free(tmp);
}

START_TEST(test_restitution_state)
{
	char *p = tu_write(tmp, "state.csv", "from,rate\n2008-01-01,7.00\n"
			   "2009-08-01,8.00\n");
	pr_wage_table *t = NULL;
	pr_error err;
	long c;

	pr_error_clear(&err);
	ck_assert_int_eq(pr_wage_table_load(&t, p, &err), PR_OK);
	ck_assert_int_eq(strlen(pr_wage_table_sha256(t)), 64);
	/* federal 2007-07-24 rate before the state's first date */
	ck_assert_int_eq(pr_flsa_wage(&c, ymd(2007, 12, 31), t, NULL), PR_OK);
	ck_assert_int_eq(c, 585);
	ck_assert_int_eq(pr_flsa_wage(&c, ymd(2008, 1, 1), t, NULL), PR_OK);
	ck_assert_int_eq(c, 700);
	/* federal 7.25 above the state's 7.00 */
	ck_assert_int_eq(pr_flsa_wage(&c, ymd(2009, 7, 24), t, NULL), PR_OK);
	ck_assert_int_eq(c, 725);
	ck_assert_int_eq(pr_flsa_wage(&c, ymd(2009, 8, 1), t, NULL), PR_OK);
	ck_assert_int_eq(c, 800);
	/* Mon-Thu 7.00 (state), Fri-Sun 7.25: (28.00 + 21.75) / 7 =
	 * 7.107142..., 50 hours: 4975 x 50 / 7 + 4975 / 14 x 10 cents */
	value_is(ymd(2009, 7, 20), ymd(2009, 7, 26), 5000, t, "273625/7",
		 1);
	pr_wage_table_free(t);
	free(p);
}
END_TEST

static const struct {
	const char *text, *msg;
} bad_tables[] = {
	{ "from,rate\n2009-01-01,8.00\n2008-01-01,7.00\n",
	  "state.csv:3:1: '2008-01-01': not after 2009-01-01, the line "
	  "before's (lines go in date order)" },
	{ "from,rate\n2009-01-01,8.001\n",
	  "state.csv:2:12: amount '8.001' has 3 decimals; at most 2 allowed" },
	{ "from,rate\n2009-01-01,0\n",
	  "state.csv:2:12: '0' is not an hourly rate (expected more than 0, "
	  "at most 1000.00)" },
	{ "from,rate\n2009-02-30,8.00\n",
	  "state.csv:2:1: date '2009-02-30' does not exist" },
	{ "from,rate\n", "state.csv: no rates after the header" },
	{ "from,wage\n2009-01-01,8.00\n",
	  "state.csv:1:6: unknown column 'wage' (expected from, rate)" },
};

START_TEST(test_restitution_state_errors)
{
	char *p = tu_write(tmp, "state.csv", bad_tables[_i].text);
	pr_wage_table *t = NULL;
	char m[400];
	pr_error err;
	char *cwd = getcwd(NULL, 0);

	/* messages name the file as given */
	ck_assert_int_eq(chdir(tmp), 0);
	pr_error_clear(&err);
	ck_assert_int_eq(pr_wage_table_load(&t, "state.csv", &err),
			 PR_EPARSE);
	ck_assert_ptr_null(t);
	pr_error_format(m, sizeof(m), &err);
	ck_assert_str_eq(m, bad_tables[_i].msg);
	ck_assert_int_eq(chdir(cwd), 0);
	free(cwd);
	free(p);
}
END_TEST

/* ---------------------------------------------------------------- */
/* a case */

static void
import(pr_store *st, const char *name, const char *text, int work)
{
	const char *argv[1] = { name };
	char *path = tu_write(tmp, name, text);
	pr_error err;
	char m[400];
	int rc;

	pr_error_clear(&err);
	rc = pr_store_begin(st, &err);
	if (rc == PR_OK)
		rc = work ? pr_import_work(st, path, name, NULL, NULL, &err) :
		     pr_import_victims(st, path, name, NULL, NULL, &err);
	if (rc == PR_OK)
		rc = pr_store_commit(st, "import", 1, argv, "imported", &err);
	free(path);
	if (rc != PR_OK) {
		pr_store_rollback(st);
		pr_error_format(m, sizeof(m), &err);
		ck_abort_msg("import %s: %d %s", name, rc, m);
	}
}

static const char victims[] =
	"record,id,role,name,account,relation,start,end,note\n"
	"party,V-1,victim,A B,,,,,\n"
	"party,V-2,victim,C D,,,,,\n"
	"party,V-10,victim,E F,,,,,\n"
	"party,D-1,defendant,G H,,,,,\n"
	"party,D-2,defendant,I J,,,,,\n";

/* V-1: two weeks of 50 hours (797.50), 50.00 a week of lodging
 * (100.00), paid 120.00 and 30.00. V-2: one week of 84 hours (768.50),
 * lodging of 900.00 for the period (more than the wages), paid 10.00,
 * a loss of 1000.00. V-10: nothing. */
static const char work[] =
	"victim,record,start,end,hours,amount,currency,basis,source\n"
	"V-1,work,2023-01-02,2023-01-15,50,,,,i\n"
	"V-1,lodging,2023-01-02,2023-01-15,,50.00,USD,week,l\n"
	"V-1,paid,2023-01-06,,,120.00,USD,,p\n"
	"V-1,paid,2023-01-13,,,30,USD,,p\n"
	"V-2,work,2023-01-02,2023-01-08,84,,,,i\n"
	"V-2,lodging,2023-01-02,2023-01-08,,900.00,USD,period,l\n"
	"V-2,paid,2023-01-06,,,10.00,USD,,p\n"
	"V-2,loss,2023-01-09,,,1000.00,USD,,bill\n";

static pr_store *
work_case(void)
{
	pr_store *st = tu_case_new(tmp, "r.case");

	import(st, "victims.csv", victims, 0);
	import(st, "work.csv", work, 1);
	return st;
}

static void
is(mpz_srcptr v, const char *want)
{
	char buf[64];

	mpz_get_str(buf, 10, v);
	ck_assert_str_eq(buf, want);
}

START_TEST(test_restitution_case)
{
	pr_restitution_options o = PR_RESTITUTION_OPTIONS_INIT;
	pr_store *st = work_case();
	const pr_restitution_victim *v;
	pr_restitution *r = NULL;
	pr_error err;

	pr_error_clear(&err);
	ck_assert_int_eq(pr_restitution_run(&r, st, NULL, &o, &err), PR_OK);
	ck_assert_uint_eq(pr_restitution_victim_count(r), 3);
	ck_assert_uint_eq(pr_restitution_line_count(r), 8);
	ck_assert_uint_eq(pr_restitution_defendant_count(r), 2);
	ck_assert_int_eq(pr_restitution_joint(r), 1);
	v = pr_restitution_victim_at(r, 0);
	ck_assert_str_eq(v->victim, "V-1");
	is(v->gross, "0");
	is(v->flsa, "79750");
	is(v->credits, "10000");
	is(v->flsa_credited, "69750");
	is(v->paid, "15000");
	/* credits shown, not deducted by default: 797.50 - 150.00 */
	is(v->unpaid, "64750");
	is(v->liquidated, "0");
	is(v->greater, "64750");
	ck_assert_int_eq(v->flsa_greater, 1);
	is(v->total, "64750");
	ck_assert_uint_eq(v->weeks, 2);
	v = pr_restitution_victim_at(r, 1);
	ck_assert_str_eq(v->victim, "V-2");
	is(v->flsa, "76850");
	is(v->credits, "90000");
	is(v->flsa_credited, "0");
	is(v->unpaid, "75850");
	is(v->losses, "100000");
	is(v->total, "175850");
	/* V-10 after V-2, with nothing */
	v = pr_restitution_victim_at(r, 2);
	ck_assert_str_eq(v->victim, "V-10");
	is(v->total, "0");
	ck_assert_int_eq(v->flsa_greater, 0);
	/* joint and several: each defendant owes the whole */
	is(pr_restitution_owed(r, 1, 0), "175850");
	is(pr_restitution_owed(r, 1, 1), "175850");
	ck_assert_ptr_nonnull(strstr(pr_restitution_parameters(r),
				     "weighted-average regular rate"));
	ck_assert_ptr_nonnull(strstr(pr_restitution_parameters(r),
				     "half up"));
	pr_restitution_free(r);
	pr_store_close(st);
}
END_TEST

START_TEST(test_restitution_case_options)
{
	pr_restitution_options o = PR_RESTITUTION_OPTIONS_INIT;
	pr_store *st = work_case();
	const pr_restitution_victim *v;
	pr_restitution *r = NULL;
	pr_error err;

	o.liquidated = 1;
	o.credit_lodging = 1;
	o.apportion = 1;
	pr_error_clear(&err);
	ck_assert_int_eq(pr_restitution_run(&r, st, NULL, &o, &err), PR_OK);
	v = pr_restitution_victim_at(r, 0);
	/* 697.50 with credits, less 150.00 paid, doubled */
	is(v->unpaid, "54750");
	is(v->liquidated, "54750");
	is(v->flsa_due, "109500");
	is(v->total, "109500");
	v = pr_restitution_victim_at(r, 1);
	/* the credits exceed the wages: nothing unpaid, the loss stays */
	is(v->unpaid, "0");
	is(v->liquidated, "0");
	is(v->total, "100000");
	/* no proceeds into any defendant's account: equal shares */
	ck_assert_int_eq(pr_restitution_joint(r), 0);
	ck_assert_str_eq(pr_restitution_basis(r, 0), "equal");
	is(pr_restitution_owed(r, 0, 0), "54750");
	is(pr_restitution_owed(r, 0, 1), "54750");
	is(pr_restitution_owed(r, 1, 0), "50000");
	ck_assert_ptr_nonnull(strstr(pr_restitution_parameters(r),
				     "liquidated damages added"));
	pr_restitution_free(r);
	pr_store_close(st);
}
END_TEST

START_TEST(test_restitution_import_errors)
{
	static const struct {
		const char *text, *msg;
		int code;
	} bad[] = {
		{ "V-1,work,2023-01-02,2023-01-15,50,,,,i\n"
		  "V-1,work,2023-01-15,2023-01-20,50,,,,i\n",
		  "w.csv:3:10: work from 2023-01-15 to 2023-01-20 overlaps "
		  "V-1's work from 2023-01-02 to 2023-01-15 at w.csv:2",
		  PR_EEXISTS },
		{ "V-7,paid,2023-01-02,,,5.00,USD,,i\n",
		  "w.csv:2:1: no victim 'V-7' in the case (import victims "
		  "first)", PR_ENOTFOUND },
		{ "V-1,work,2023-01-02,2023-01-15,168.01,,,,i\n",
		  "w.csv:2:32: '168.01': more hours than a workweek has (168)",
		  PR_EPARSE },
	};
	pr_store *st = tu_case_new(tmp, "e.case");
	char m[400], text[400];
	char *path;
	size_t i;
	pr_error err;

	import(st, "victims.csv", victims, 0);
	for (i = 0; i < N_ELEMS(bad); i++) {
		snprintf(text, sizeof(text), "victim,record,start,end,hours,"
			 "amount,currency,basis,source\n%s", bad[i].text);
		path = tu_write(tmp, "w.csv", text);
		pr_error_clear(&err);
		ck_assert_int_eq(pr_store_begin(st, &err), PR_OK);
		ck_assert_int_eq(pr_import_work(st, path, "w.csv", NULL, NULL,
						&err), bad[i].code);
		pr_store_rollback(st);
		pr_error_format(m, sizeof(m), &err);
		ck_assert_str_eq(m, bad[i].msg);
		free(path);
	}
	ck_assert_int_eq(tu_sql_int(st->db, "SELECT count(*) "
				    "FROM work"), 0);
	pr_store_close(st);
}
END_TEST

/* ---------------------------------------------------------------- */
/* remission */

static void
split(const char *fund, const char *const *losses, size_t n,
      const char *const *want, const char *want_left)
{
	mpz_t f, left, l[8], s[8];
	size_t i;

	ck_assert_uint_le(n, 8);
	mpz_init_set_str(f, fund, 10);
	mpz_init(left);
	for (i = 0; i < n; i++) {
		mpz_init_set_str(l[i], losses[i], 10);
		mpz_init(s[i]);
	}
	ck_assert_int_eq(pr_remission_split(s, left, f, l, n, NULL), PR_OK);
	for (i = 0; i < n; i++)
		is(s[i], want[i]);
	is(left, want_left);
	for (i = 0; i < n; i++)
		mpz_clears(l[i], s[i], NULL);
	mpz_clears(f, left, NULL);
}

/* DOMAIN.md: fund $60,000, losses $50,000 / $30,000 / $20,000 ->
 * $30,000 / $18,000 / $12,000. */
START_TEST(test_remission_domain)
{
	const char *const losses[] = { "5000000", "3000000", "2000000" };
	const char *const want[] = { "3000000", "1800000", "1200000" };

	split("6000000", losses, 3, want, "0");
}
END_TEST

START_TEST(test_remission_cases)
{
	const char *const l1[] = { "100", "100", "100" };
	const char *const w1[] = { "34", "33", "33" };
	const char *const l2[] = { "5000000", "3000000", "2000000" };
	const char *const w2[] = { "5000000", "3000000", "2000000" };
	const char *const l3[] = { "0", "700", "300" };
	const char *const w3[] = { "0", "70", "30" };
	const char *const l4[] = { "0", "0" };
	const char *const w4[] = { "0", "0" };
	mpz_t f, left, l;

	split("100", l1, 3, w1, "0");
	/* more than the losses: each its loss, the rest left over */
	split("12000000", l2, 3, w2, "2000000");
	split("10000000", l2, 3, w2, "0");
	split("100", l3, 3, w3, "0");
	split("500", l4, 2, w4, "500");
	split("0", l2, 3, (const char *const[]){ "0", "0", "0" }, "0");
	mpz_inits(f, left, NULL);
	mpz_init_set_si(l, -1);
	mpz_set_ui(f, 10);
	ck_assert_int_eq(pr_remission_split(&f, left, f, &l, 1, NULL),
			 PR_EINVALID);
	mpz_set_si(f, -10);
	mpz_set_ui(l, 10);
	ck_assert_int_eq(pr_remission_split(&l, left, f, &l, 1, NULL),
			 PR_EINVALID);
	mpz_clears(f, left, l, NULL);
}
END_TEST

/*
 * Random funds and losses (fixed seed): the shares sum exactly to the
 * fund (or to the losses, the rest left over), none is above its loss,
 * and each is within one cent of its exact share fund x l / L.
 */
START_TEST(test_remission_property)
{
	enum { MAXN = 12 };
	mpz_t fund, left, total, sum, l[MAXN], s[MAXN], t;
	mpq_t exact, diff;
	tu_rng rng;
	int iter;
	size_t n, i;

	tu_rng_seed(&rng, TU_SEED);
	mpz_inits(fund, left, total, sum, t, NULL);
	mpq_inits(exact, diff, NULL);
	for (i = 0; i < MAXN; i++)
		mpz_inits(l[i], s[i], NULL);
	for (iter = 0; iter < 20000; iter++) {
		n = 1 + (size_t)tu_rng_below(&rng, MAXN);
		mpz_set_ui(total, 0);
		for (i = 0; i < n; i++) {
			/* some zero losses, some tiny, some huge */
			switch (tu_rng_below(&rng, 4)) {
			case 0:
				mpz_set_ui(l[i], 0);
				break;
			case 1:
				mpz_set_ui(l[i], tu_rng_below(&rng, 100));
				break;
			default:
				mpz_set_ui(l[i], tu_rng_next(&rng) >> 20);
			}
			mpz_add(total, total, l[i]);
		}
		mpz_set_ui(fund, tu_rng_next(&rng) >> (tu_rng_below(&rng, 2) ?
			   18 : 40));
		if (pr_remission_split(s, left, fund, l, n, NULL) != PR_OK)
			ck_abort_msg("split failed at %d", iter);
		mpz_set(sum, left);
		for (i = 0; i < n; i++) {
			if (mpz_cmp(s[i], l[i]) > 0 || mpz_sgn(s[i]) < 0)
				ck_abort_msg("share above loss at %d", iter);
			mpz_add(sum, sum, s[i]);
			if (mpz_cmp(fund, total) >= 0) {
				if (mpz_cmp(s[i], l[i]) != 0)
					ck_abort_msg("not paid in full at %d",
						     iter);
				continue;
			}
			/* |s - fund l / L| < 1 */
			mpz_mul(t, fund, l[i]);
			mpq_set_num(exact, t);
			mpq_set_den(exact, total);
			mpq_canonicalize(exact);
			mpq_set_z(diff, s[i]);
			mpq_sub(diff, diff, exact);
			mpq_abs(diff, diff);
			if (mpq_cmp_ui(diff, 1, 1) >= 0)
				ck_abort_msg("share off by a cent or more at "
					     "%d", iter);
		}
		if (mpz_cmp(sum, fund) != 0)
			ck_abort_msg("shares do not sum to the fund at %d",
				     iter);
		if (mpz_cmp(fund, total) < 0 && mpz_sgn(left) != 0)
			ck_abort_msg("left over from a short fund at %d", iter);
	}
	for (i = 0; i < MAXN; i++)
		mpz_clears(l[i], s[i], NULL);
	mpq_clears(exact, diff, NULL);
	mpz_clears(fund, left, total, sum, t, NULL);
}
END_TEST

/* FLSA values are additive over whole workweeks: a period of n weeks
 * is worth n times its first week when no wage changes within it. */
START_TEST(test_restitution_flsa_property)
{
	tu_rng rng;
	mpq_t a, b;
	pr_date s;
	long h;
	int iter, weeks;

	tu_rng_seed(&rng, TU_SEED);
	mpq_inits(a, b, NULL);
	for (iter = 0; iter < 500; iter++) {
		s = ymd(2010, 1, 1) + (pr_date)tu_rng_below(&rng, 4000);
		h = (long)tu_rng_below(&rng, 16801);
		weeks = 1 + (int)tu_rng_below(&rng, 30);
		ck_assert_int_eq(pr_flsa_value(a, s, s + 6, h, NULL, NULL,
					       NULL), PR_OK);
		ck_assert_int_eq(pr_flsa_value(b, s, s + 7 * weeks - 1, h,
					       NULL, NULL, NULL), PR_OK);
		mpz_mul_ui(mpq_numref(a), mpq_numref(a),
			   (unsigned long)weeks);
		mpq_canonicalize(a);
		ck_assert(mpq_equal(a, b));
	}
	mpq_clears(a, b, NULL);
}
END_TEST

static Suite *
restitution_suite(void)
{
	Suite *s = suite_create("restitution");
	TCase *tc;

	tc = tcase_create("wage");
	tcase_add_loop_test(tc, test_restitution_wage_boundary, 0,
			    N_ELEMS(boundaries));
	tcase_add_test(tc, test_restitution_wage_today);
	suite_add_tcase(s, tc);

	tc = tcase_create("flsa");
	tcase_add_test(tc, test_restitution_flsa_week);
	tcase_add_test(tc, test_restitution_flsa_spanning);
	tcase_add_test(tc, test_restitution_flsa_errors);
	tcase_add_loop_test(tc, test_restitution_round, 0, N_ELEMS(rounds));
	tcase_add_test(tc, test_restitution_flsa_property);
	suite_add_tcase(s, tc);

	tc = tcase_create("state");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_restitution_state);
	tcase_add_loop_test(tc, test_restitution_state_errors, 0,
			    N_ELEMS(bad_tables));
	suite_add_tcase(s, tc);

	tc = tcase_create("case");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_restitution_case);
	tcase_add_test(tc, test_restitution_case_options);
	tcase_add_test(tc, test_restitution_import_errors);
	suite_add_tcase(s, tc);

	tc = tcase_create("remission");
	tcase_add_test(tc, test_remission_domain);
	tcase_add_test(tc, test_remission_cases);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_remission_property);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(restitution_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
