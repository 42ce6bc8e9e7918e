/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of reconciliation (recon.c) and its reports (report.c), on cases
 * built through the public import API from CSV text written here. */
#include "config.h"
#include "common.h"
#include "store.h"
#include "testutil.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

#define PROFILE \
	"name = r\ndate = date\ndate_format = ISO\namount = amount\n" \
	"balance = balance\ndescription = text\nreference = ref\n"
#define HEAD "date,amount,balance,text,ref\n"
#define STM "account,currency,start,end,opening,closing\n"

static char *tmp;
static pr_store *st;
static pr_profile *asc, *desc;

static void
setup(void)
{
	tmp = tu_tmpdir();
	st = tu_case_new(tmp, "case.prcd");
	asc = tu_profile(PROFILE);
	desc = tu_profile(PROFILE "order = descending\n");
}

static void
teardown(void)
{
	pr_profile_free(asc);
	pr_profile_free(desc);
	pr_store_close(st);
	tu_rmtree(tmp);
	free(tmp);
	tmp = NULL;
	st = NULL;
	asc = desc = NULL;
}

static void
bank(const char *name, const char *account, const char *cur,
     const char *csv)
{
	tu_import(st, tmp, name, csv, asc, account, cur, NULL);
}

static void
bank_desc(const char *name, const char *account, const char *cur,
	  const char *csv)
{
	tu_import(st, tmp, name, csv, desc, account, cur, NULL);
}

static void
statements(const char *name, const char *csv)
{
	tu_import(st, tmp, name, csv, NULL, NULL, NULL, NULL);
}

static pr_recon *
recon(void)
{
	pr_recon *r = NULL;
	pr_error err;

	pr_error_clear(&err);
	ck_assert_msg(pr_recon_run(&r, st, &err) == PR_OK, "%s", err.msg);
	ck_assert_ptr_nonnull(r);
	return r;
}

static const char *const kinds[] = {
	"missing", "overlap", "carry-forward", "uncovered"
};

/* Everything in a result, one finding per line, amounts in minor units
 * and dates as YYYY-MM-DD, in the result's own order. */
static void
dump(tu_buf *b, const pr_recon *r)
{
	char d1[16], d2[16];
	char v[6][160];
	size_t i;

	tu_buf_printf(b, "%llu transactions, %lu accounts\n",
		      (unsigned long long)r->transactions,
		      (unsigned long)r->accounts);
	for (i = 0; i < r->n_periods; i++) {
		const pr_recon_period *p = &r->periods[i];

		pr_date_format(d1, p->start);
		pr_date_format(d2, p->end);
		tu_buf_printf(b, "P %s %s/%u %s..%s %s %s:%lu rows=%llu "
			      "open=%s cred=%s deb=%s comp=%s close=%s "
			      "diff=%s\n", p->account, p->currency, p->minor,
			      d1, d2, p->source, p->document, p->line,
			      (unsigned long long)p->rows,
			      tu_mpz_str(v[0], 160, p->opening),
			      tu_mpz_str(v[1], 160, p->credits),
			      tu_mpz_str(v[2], 160, p->debits),
			      tu_mpz_str(v[3], 160, p->computed),
			      tu_mpz_str(v[4], 160, p->closing),
			      tu_mpz_str(v[5], 160, p->difference));
	}
	for (i = 0; i < r->n_breaks; i++) {
		const pr_recon_break *k = &r->breaks[i];

		pr_date_format(d1, k->date);
		tu_buf_printf(b, "B %s %s/%u %s %s:%lu exp=%s stated=%s "
			      "diff=%s after %s:%lu\n", k->account,
			      k->currency, k->minor, d1, k->document, k->line,
			      tu_mpz_str(v[0], 160, k->expected),
			      tu_mpz_str(v[1], 160, k->stated),
			      tu_mpz_str(v[2], 160, k->difference),
			      k->prev_document, k->prev_line);
	}
	for (i = 0; i < r->n_gaps; i++) {
		const pr_recon_gap *g = &r->gaps[i];

		pr_date_format(d1, g->start);
		pr_date_format(d2, g->end);
		tu_buf_printf(b, "G %s %s %s/%u %s..%s rows=%llu amount=%s "
			      "%s:%lu\n", kinds[g->kind], g->account,
			      g->currency, g->minor, d1, d2,
			      (unsigned long long)g->rows,
			      tu_mpz_str(v[0], 160, g->amount), g->document,
			      g->line);
	}
	for (i = 0; i < r->n_dups; i++) {
		const pr_recon_dup *d = &r->dups[i];

		pr_date_format(d1, d->date);
		tu_buf_printf(b, "D %s %s/%u %s %s '%s' %s:%lu %s:%lu %s\n",
			      d->account, d->currency, d->minor, d1,
			      tu_mpz_str(v[0], 160, d->amount),
			      d->description, d->document_a, d->line_a,
			      d->document_b, d->line_b,
			      d->across ? "across" : "within");
	}
	tu_buf_printf(b, "ok=%d\n", pr_recon_ok(r));
}

/* Reconcile the case and compare the whole result with @p want. */
static void
expect(const char *want)
{
	pr_recon *r = recon();
	tu_buf b = { 0 };

	dump(&b, r);
	pr_recon_free(r);
	if (strcmp(b.s, want) != 0) {
		char got[4096];

		snprintf(got, sizeof(got), "%s", b.s);
		tu_buf_free(&b);
		ck_abort_msg("got\n%swant\n%s", got, want);
	}
	tu_buf_free(&b);
}

/* ---------------------------------------------------------------- */
/* periods */

START_TEST(test_recon_periods_balance)
{
	bank("bank.csv", "A", "EUR", HEAD
	     "2024-01-05,100.00,,a,\n"
	     "2024-01-10,-30.50,,b,\n"
	     "2024-01-20,0.25,,c,\n");
	statements("stm.csv", STM "A,EUR,2024-01-01,2024-01-31,1000.00,"
		   "1069.75\n");
	expect("3 transactions, 1 accounts\n"
	       "P A EUR/2 2024-01-01..2024-01-31 statement stm.csv:2 rows=3 "
	       "open=100000 cred=10025 deb=3050 comp=106975 close=106975 "
	       "diff=0\n"
	       "ok=1\n");
}
END_TEST

START_TEST(test_recon_periods_difference)
{
	bank("bank.csv", "A", "EUR", HEAD
	     "2024-01-05,100.00,,a,\n"
	     "2024-01-10,-30.50,,b,\n"
	     "2024-01-20,0.25,,c,\n");
	statements("stm.csv", STM "A,EUR,2024-01-01,2024-01-31,1000.00,"
		   "1070.00\n");
	expect("3 transactions, 1 accounts\n"
	       "P A EUR/2 2024-01-01..2024-01-31 statement stm.csv:2 rows=3 "
	       "open=100000 cred=10025 deb=3050 comp=106975 close=107000 "
	       "diff=25\n"
	       "ok=0\n");
}
END_TEST

/* Periods come by account, then currency, then start; each sums only its
 * own account's rows, from every document, inclusive of both ends. */
START_TEST(test_recon_periods_accounts)
{
	bank("b1.csv", "B", "EUR", HEAD
	     "2024-01-01,1.00,,x,\n"
	     "2024-01-31,2.00,,y,\n");
	bank("a1.csv", "A", "USD", HEAD "2024-01-15,-7.00,,z,\n");
	bank("a2.csv", "A", "JPY", HEAD "2024-01-15,-700,,z,\n");
	bank("b2.csv", "B", "EUR", HEAD "2024-01-15,4.00,,w,\n");
	bank("w.csv", "0xabc", "ETH", HEAD
	     "2024-01-02,9.000000000000000001,,in,\n"
	     "2024-01-03,-0.5,,out,\n");
	statements("stm.csv", STM
		   "B,EUR,2024-01-01,2024-01-31,0,7.00\n"
		   "A,USD,2024-01-01,2024-01-31,10.00,3.00\n"
		   "A,JPY,2024-01-01,2024-01-31,1000,300\n"
		   "0xabc,ETH,2024-01-01,2024-01-31,"
		   "10000000.000000000000000000,"
		   "10000008.500000000000000001\n");
	expect("7 transactions, 4 accounts\n"
	       "P 0xabc ETH/18 2024-01-01..2024-01-31 statement stm.csv:5 "
	       "rows=2 open=10000000000000000000000000 "
	       "cred=9000000000000000001 deb=500000000000000000 "
	       "comp=10000008500000000000000001 "
	       "close=10000008500000000000000001 diff=0\n"
	       "P A JPY/0 2024-01-01..2024-01-31 statement stm.csv:4 rows=1 "
	       "open=1000 cred=0 deb=700 comp=300 close=300 diff=0\n"
	       "P A USD/2 2024-01-01..2024-01-31 statement stm.csv:3 rows=1 "
	       "open=1000 cred=0 deb=700 comp=300 close=300 diff=0\n"
	       "P B EUR/2 2024-01-01..2024-01-31 statement stm.csv:2 rows=3 "
	       "open=0 cred=700 deb=0 comp=700 close=700 diff=0\n"
	       "ok=1\n");
}
END_TEST

/* Statements win over the periods running balances prove; those stand
 * in only for accounts without statements. */
START_TEST(test_recon_periods_official)
{
	bank("a.csv", "A", "EUR", HEAD
	     "2024-01-05,100.00,1100.00,a,\n"
	     "2024-01-10,-30.50,1069.50,b,\n");
	bank("b.csv", "B", "EUR", HEAD
	     "2024-01-05,1.00,11.00,a,\n"
	     "2024-01-10,-2.00,9.00,b,\n");
	statements("stm.csv", STM "A,EUR,2024-01-01,2024-01-31,1000.00,"
		   "1069.50\n");
	expect("4 transactions, 2 accounts\n"
	       "P A EUR/2 2024-01-01..2024-01-31 statement stm.csv:2 rows=2 "
	       "open=100000 cred=10000 deb=3050 comp=106950 close=106950 "
	       "diff=0\n"
	       "P B EUR/2 2024-01-05..2024-01-10 running balance b.csv:3 "
	       "rows=2 open=1000 cred=100 deb=200 comp=900 close=900 "
	       "diff=0\n"
	       "ok=1\n");
}
END_TEST

START_TEST(test_recon_periods_empty)
{
	pr_recon *r = recon();

	ck_assert_uint_eq(r->n_periods + r->n_breaks + r->n_gaps + r->n_dups,
			  0);
	ck_assert_uint_eq(r->transactions, 0);
	ck_assert_int_eq(pr_recon_ok(r), 1);
	pr_recon_free(r);
	pr_recon_free(NULL);
}
END_TEST

/* ---------------------------------------------------------------- */
/* breaks */

START_TEST(test_recon_breaks_one)
{
	bank("bank.csv", "A", "EUR", HEAD
	     "2024-01-02,100.00,1100.00,a,\n"
	     "2024-01-03,-50.00,1050.00,b,\n"
	     "2024-01-04,20.00,1075.00,c,\n"
	     "2024-01-05,10.00,1085.00,d,\n");
	/* one bad row is one finding: the next row is checked against the
	 * balance as stated */
	expect("4 transactions, 1 accounts\n"
	       "P A EUR/2 2024-01-02..2024-01-05 running balance bank.csv:5 "
	       "rows=4 open=100000 cred=13000 deb=5000 comp=108000 "
	       "close=108500 diff=500\n"
	       "B A EUR/2 2024-01-04 bank.csv:4 exp=107000 stated=107500 "
	       "diff=500 after bank.csv:3\n"
	       "ok=0\n");
}
END_TEST

START_TEST(test_recon_breaks_descending)
{
	/* newest first; the same movements as above */
	bank_desc("bank.csv", "A", "EUR", HEAD
		  "2024-01-05,10.00,1085.00,d,\n"
		  "2024-01-04,20.00,1075.00,c,\n"
		  "2024-01-03,-50.00,1050.00,b,\n"
		  "2024-01-02,100.00,1100.00,a,\n");
	expect("4 transactions, 1 accounts\n"
	       "P A EUR/2 2024-01-02..2024-01-05 running balance bank.csv:2 "
	       "rows=4 open=100000 cred=13000 deb=5000 comp=108000 "
	       "close=108500 diff=500\n"
	       "B A EUR/2 2024-01-04 bank.csv:3 exp=107000 stated=107500 "
	       "diff=500 after bank.csv:4\n"
	       "ok=0\n");
}
END_TEST

START_TEST(test_recon_breaks_descending_ok)
{
	bank_desc("bank.csv", "A", "EUR", HEAD
		  "2024-01-05,10.00,1080.00,d,\n"
		  "2024-01-04,20.00,1070.00,c,\n"
		  "2024-01-04,-50.00,1050.00,b,\n"
		  "2024-01-02,100.00,1100.00,a,\n");
	expect("4 transactions, 1 accounts\n"
	       "P A EUR/2 2024-01-02..2024-01-05 running balance bank.csv:2 "
	       "rows=4 open=100000 cred=13000 deb=5000 comp=108000 "
	       "close=108000 diff=0\n"
	       "ok=1\n");
}
END_TEST

/* Breaks are listed by account, document and line, whatever the order
 * of the file. Between two exports proved only by running balances the
 * test is the balance carried, not the calendar: the chain goes from
 * old.csv's last balance (line 4) to new.csv's oldest row (line 5), and
 * the break there names both; it is not a carry-forward as well. */
START_TEST(test_recon_breaks_order)
{
	bank_desc("new.csv", "A", "EUR", HEAD
		  "2024-01-05,10.00,1090.00,d,\n"
		  "2024-01-04,20.00,1075.00,c,\n"
		  "2024-01-03,-50.00,1050.00,b,\n"
		  "2024-01-02,100.00,1100.00,a,\n");
	bank("old.csv", "A", "EUR", HEAD
	     "2023-12-01,1.00,1.00,a,\n"
	     "2023-12-02,1.00,3.00,b,\n"
	     "2023-12-03,1.00,5.00,c,\n");
	expect("7 transactions, 1 accounts\n"
	       "P A EUR/2 2023-12-01..2023-12-03 running balance old.csv:4 "
	       "rows=3 open=0 cred=300 deb=0 comp=300 close=500 diff=200\n"
	       "P A EUR/2 2024-01-02..2024-01-05 running balance new.csv:2 "
	       "rows=4 open=100000 cred=13000 deb=5000 comp=108000 "
	       "close=109000 diff=1000\n"
	       "B A EUR/2 2024-01-05 new.csv:2 exp=108500 stated=109000 "
	       "diff=500 after new.csv:3\n"
	       "B A EUR/2 2024-01-04 new.csv:3 exp=107000 stated=107500 "
	       "diff=500 after new.csv:4\n"
	       "B A EUR/2 2024-01-02 new.csv:5 exp=10500 stated=110000 "
	       "diff=99500 after old.csv:4\n"
	       "B A EUR/2 2023-12-02 old.csv:3 exp=200 stated=300 diff=100 "
	       "after old.csv:2\n"
	       "B A EUR/2 2023-12-03 old.csv:4 exp=400 stated=500 diff=100 "
	       "after old.csv:3\n"
	       "ok=0\n");
}
END_TEST

/* A row without a balance still moves the balance the next row states. */
START_TEST(test_recon_breaks_blank_balance)
{
	bank("bank.csv", "A", "EUR", HEAD
	     "2024-01-02,100.00,1100.00,a,\n"
	     "2024-01-03,-50.00,,b,\n"
	     "2024-01-04,20.00,1070.00,c,\n"
	     "2024-01-05,-1.00,,d,\n"
	     "2024-01-06,-1.00,1067.00,e,\n");
	expect("5 transactions, 1 accounts\n"
	       "P A EUR/2 2024-01-02..2024-01-06 running balance bank.csv:6 "
	       "rows=5 open=100000 cred=12000 deb=5200 comp=106800 "
	       "close=106700 diff=-100\n"
	       "B A EUR/2 2024-01-06 bank.csv:6 exp=106800 stated=106700 "
	       "diff=-100 after bank.csv:4\n"
	       "ok=0\n");
}
END_TEST

/* ---------------------------------------------------------------- */
/* chain: one account's running balance through several files */

#define JAN HEAD \
	"2024-01-05,100.00,1100.00,a,\n" \
	"2024-01-12,-30.00,1070.00,b,\n" \
	"2024-01-31,5.00,1075.00,c,\n"

/* Two monthly exports that carry the balance reconcile as one period,
 * whatever order they were imported in. */
START_TEST(test_recon_chain_months)
{
	bank("feb.csv", "A", "EUR", HEAD
	     "2024-02-01,-75.00,1000.00,d,\n"
	     "2024-02-20,20.00,1020.00,e,\n");
	bank("jan.csv", "A", "EUR", JAN);
	expect("5 transactions, 1 accounts\n"
	       "P A EUR/2 2024-01-05..2024-02-20 running balance feb.csv:3 "
	       "rows=5 open=100000 cred=12500 deb=10500 comp=102000 "
	       "close=102000 diff=0\n"
	       "ok=1\n");
}
END_TEST

/* An export that ends on the 31st and the next that starts on the 31st
 * (downloaded that afternoon): the chain, not the calendar, says they
 * continue. The 31st's rows are summed once; no overlap. */
START_TEST(test_recon_chain_shared_day)
{
	bank("jan.csv", "A", "EUR", JAN);
	bank("feb.csv", "A", "EUR", HEAD
	     "2024-01-31,-75.00,1000.00,d,\n"
	     "2024-02-20,20.00,1020.00,e,\n");
	expect("5 transactions, 1 accounts\n"
	       "P A EUR/2 2024-01-05..2024-02-20 running balance feb.csv:3 "
	       "rows=5 open=100000 cred=12500 deb=10500 comp=102000 "
	       "close=102000 diff=0\n"
	       "ok=1\n");
}
END_TEST

/* Newest-first exports chain from their oldest row; a file of the
 * account without balances takes no part in the chain (its row is in
 * the period's sum, which is how it shows). */
START_TEST(test_recon_chain_descending)
{
	bank_desc("feb.csv", "A", "EUR", HEAD
		  "2024-02-20,20.00,1020.00,e,\n"
		  "2024-02-01,-75.00,1000.00,d,\n");
	bank_desc("jan.csv", "A", "EUR", HEAD
		  "2024-01-31,5.00,1075.00,c,\n"
		  "2024-01-12,-30.00,1070.00,b,\n"
		  "2024-01-05,100.00,1100.00,a,\n");
	bank("wire.csv", "A", "EUR", HEAD "2024-01-20,-1.00,,w,\n");
	expect("6 transactions, 1 accounts\n"
	       "P A EUR/2 2024-01-05..2024-02-20 running balance feb.csv:2 "
	       "rows=6 open=100000 cred=12500 deb=10600 comp=101900 "
	       "close=102000 diff=100\n"
	       "ok=0\n");
}
END_TEST

/* A real gap between two files: February's first balance less its
 * amount (1,010.00) is not January's last balance (1,075.00). One
 * break, at February's first balance, naming January's last; the two
 * periods stay apart and each balances; no carry-forward besides. */
START_TEST(test_recon_chain_gap)
{
	bank("jan.csv", "A", "EUR", JAN);
	bank("feb.csv", "A", "EUR", HEAD
	     "2024-02-03,-10.00,1000.00,d,\n"
	     "2024-02-20,20.00,1020.00,e,\n");
	expect("5 transactions, 1 accounts\n"
	       "P A EUR/2 2024-01-05..2024-01-31 running balance jan.csv:4 "
	       "rows=3 open=100000 cred=10500 deb=3000 comp=107500 "
	       "close=107500 diff=0\n"
	       "P A EUR/2 2024-02-03..2024-02-20 running balance feb.csv:3 "
	       "rows=2 open=101000 cred=2000 deb=1000 comp=102000 "
	       "close=102000 diff=0\n"
	       "B A EUR/2 2024-02-03 feb.csv:2 exp=106500 stated=100000 "
	       "diff=-6500 after jan.csv:4\n"
	       "ok=0\n");
}
END_TEST

/* The same, with statements: the statements prove the periods, and the
 * chain still finds the 65.00 missing between the two exports. */
START_TEST(test_recon_chain_official)
{
	bank("jan.csv", "A", "EUR", JAN);
	bank("feb.csv", "A", "EUR", HEAD
	     "2024-02-03,-10.00,1000.00,d,\n"
	     "2024-02-20,20.00,1020.00,e,\n");
	statements("stm.csv", STM
		   "A,EUR,2024-01-01,2024-01-31,1000.00,1075.00\n"
		   "A,EUR,2024-02-01,2024-02-29,1075.00,1020.00\n");
	expect("5 transactions, 1 accounts\n"
	       "P A EUR/2 2024-01-01..2024-01-31 statement stm.csv:2 rows=3 "
	       "open=100000 cred=10500 deb=3000 comp=107500 close=107500 "
	       "diff=0\n"
	       "P A EUR/2 2024-02-01..2024-02-29 statement stm.csv:3 rows=2 "
	       "open=107500 cred=2000 deb=1000 comp=108500 close=102000 "
	       "diff=-6500\n"
	       "B A EUR/2 2024-02-03 feb.csv:2 exp=106500 stated=100000 "
	       "diff=-6500 after jan.csv:4\n"
	       "ok=0\n");
}
END_TEST

/* Two exports of the same days (the second repeats January's last two
 * rows): the chain breaks where the second starts, and the repeated
 * rows are duplicates across documents. */
START_TEST(test_recon_chain_overlap)
{
	bank("jan.csv", "A", "EUR", JAN);
	bank("jan2.csv", "A", "EUR", HEAD
	     "2024-01-12,-30.00,1070.00,b,\n"
	     "2024-01-31,5.00,1075.00,c,\n"
	     "2024-02-20,20.00,1095.00,e,\n");
	expect("6 transactions, 1 accounts\n"
	       "P A EUR/2 2024-01-05..2024-01-31 running balance jan.csv:4 "
	       "rows=5 open=100000 cred=11000 deb=6000 comp=105000 "
	       "close=107500 diff=2500\n"
	       "P A EUR/2 2024-01-12..2024-02-20 running balance jan2.csv:4 "
	       "rows=5 open=110000 cred=3000 deb=6000 comp=107000 "
	       "close=109500 diff=2500\n"
	       "B A EUR/2 2024-01-12 jan2.csv:2 exp=104500 stated=107000 "
	       "diff=2500 after jan.csv:4\n"
	       "G overlap A EUR/2 2024-01-12..2024-01-31 rows=0 amount=0 "
	       "jan2.csv:4\n"
	       "D A EUR/2 2024-01-12 -3000 'b' jan.csv:3 jan2.csv:2 across\n"
	       "D A EUR/2 2024-01-31 500 'c' jan.csv:4 jan2.csv:3 across\n"
	       "ok=0\n");
}
END_TEST

/* ---------------------------------------------------------------- */
/* gaps */

START_TEST(test_recon_gaps_missing)
{
	statements("stm.csv", STM
		   "A,EUR,2024-01-01,2024-01-31,0,0\n"
		   "A,EUR,2024-03-01,2024-03-31,0,0\n");
	expect("0 transactions, 1 accounts\n"
	       "P A EUR/2 2024-01-01..2024-01-31 statement stm.csv:2 rows=0 "
	       "open=0 cred=0 deb=0 comp=0 close=0 diff=0\n"
	       "P A EUR/2 2024-03-01..2024-03-31 statement stm.csv:3 rows=0 "
	       "open=0 cred=0 deb=0 comp=0 close=0 diff=0\n"
	       "G missing A EUR/2 2024-02-01..2024-02-29 rows=0 amount=0 "
	       "stm.csv:3\n"
	       "ok=0\n");
}
END_TEST

START_TEST(test_recon_gaps_overlap)
{
	bank("bank.csv", "A", "EUR", HEAD "2024-01-28,5.00,,x,\n");
	/* the second file lists its statements in another order */
	statements("s1.csv", STM "A,EUR,2024-01-25,2024-02-29,10.00,15.00\n");
	statements("s2.csv", STM "A,EUR,2024-01-01,2024-01-31,5.00,10.00\n");
	expect("1 transactions, 1 accounts\n"
	       "P A EUR/2 2024-01-01..2024-01-31 statement s2.csv:2 rows=1 "
	       "open=500 cred=500 deb=0 comp=1000 close=1000 diff=0\n"
	       "P A EUR/2 2024-01-25..2024-02-29 statement s1.csv:2 rows=1 "
	       "open=1000 cred=500 deb=0 comp=1500 close=1500 diff=0\n"
	       "G overlap A EUR/2 2024-01-25..2024-01-31 rows=0 amount=0 "
	       "s1.csv:2\n"
	       "ok=0\n");
}
END_TEST

START_TEST(test_recon_gaps_carry)
{
	statements("stm.csv", STM
		   "A,EUR,2024-01-01,2024-01-31,0,1000.00\n"
		   "A,EUR,2024-02-01,2024-02-29,1000.50,1000.50\n"
		   "A,EUR,2024-03-01,2024-03-31,999.50,999.50\n");
	expect("0 transactions, 1 accounts\n"
	       "P A EUR/2 2024-01-01..2024-01-31 statement stm.csv:2 rows=0 "
	       "open=0 cred=0 deb=0 comp=0 close=100000 diff=100000\n"
	       "P A EUR/2 2024-02-01..2024-02-29 statement stm.csv:3 rows=0 "
	       "open=100050 cred=0 deb=0 comp=100050 close=100050 diff=0\n"
	       "P A EUR/2 2024-03-01..2024-03-31 statement stm.csv:4 rows=0 "
	       "open=99950 cred=0 deb=0 comp=99950 close=99950 diff=0\n"
	       "G carry-forward A EUR/2 2024-01-31..2024-02-01 rows=0 "
	       "amount=50 stm.csv:3\n"
	       "G carry-forward A EUR/2 2024-02-29..2024-03-01 rows=0 "
	       "amount=-100 stm.csv:4\n"
	       "ok=0\n");
}
END_TEST

START_TEST(test_recon_gaps_uncovered)
{
	bank("bank.csv", "A", "EUR", HEAD
	     "2024-01-15,1.00,,in,\n"
	     "2023-12-31,2.00,,before,\n"
	     "2024-02-01,4.00,,after,\n"
	     "2023-12-30,8.00,,before,\n"
	     "2024-01-31,16.00,,last day,\n"
	     "2024-01-01,32.00,,first day,\n");
	statements("stm.csv", STM "A,EUR,2024-01-01,2024-01-31,0,0.49\n");
	expect("6 transactions, 1 accounts\n"
	       "P A EUR/2 2024-01-01..2024-01-31 statement stm.csv:2 rows=3 "
	       "open=0 cred=4900 deb=0 comp=4900 close=49 diff=-4851\n"
	       "G uncovered A EUR/2 2023-12-30..2023-12-31 rows=2 amount=0 "
	       "bank.csv:5\n"
	       "G uncovered A EUR/2 2024-02-01..2024-02-01 rows=1 amount=0 "
	       "bank.csv:4\n"
	       "ok=0\n");
}
END_TEST

/* Gaps are listed by account, start and kind, whichever check found
 * them. */
START_TEST(test_recon_gaps_order)
{
	bank("bank.csv", "A", "EUR", HEAD
	     "2024-01-10,1.00,,early,\n"
	     "2024-03-10,1.00,,between,\n");
	statements("stm.csv", STM
		   "A,EUR,2024-02-01,2024-02-29,0,0\n"
		   "A,EUR,2024-04-01,2024-04-30,0,0\n");
	expect("2 transactions, 1 accounts\n"
	       "P A EUR/2 2024-02-01..2024-02-29 statement stm.csv:2 rows=0 "
	       "open=0 cred=0 deb=0 comp=0 close=0 diff=0\n"
	       "P A EUR/2 2024-04-01..2024-04-30 statement stm.csv:3 rows=0 "
	       "open=0 cred=0 deb=0 comp=0 close=0 diff=0\n"
	       "G uncovered A EUR/2 2024-01-10..2024-01-10 rows=1 amount=0 "
	       "bank.csv:2\n"
	       "G missing A EUR/2 2024-03-01..2024-03-31 rows=0 amount=0 "
	       "stm.csv:3\n"
	       "G uncovered A EUR/2 2024-03-10..2024-03-10 rows=1 amount=0 "
	       "bank.csv:3\n"
	       "ok=0\n");
}
END_TEST

/* A monthly statement inside a quarterly one overlaps it, but leaves no
 * part of the quarter uncovered. */
START_TEST(test_recon_gaps_nested)
{
	statements("stm.csv", STM
		   "A,EUR,2024-01-01,2024-03-31,0,0\n"
		   "A,EUR,2024-02-01,2024-02-29,0,0\n"
		   "A,EUR,2024-04-01,2024-04-30,0,0\n");
	expect("0 transactions, 1 accounts\n"
	       "P A EUR/2 2024-01-01..2024-03-31 statement stm.csv:2 rows=0 "
	       "open=0 cred=0 deb=0 comp=0 close=0 diff=0\n"
	       "P A EUR/2 2024-02-01..2024-02-29 statement stm.csv:3 rows=0 "
	       "open=0 cred=0 deb=0 comp=0 close=0 diff=0\n"
	       "P A EUR/2 2024-04-01..2024-04-30 statement stm.csv:4 rows=0 "
	       "open=0 cred=0 deb=0 comp=0 close=0 diff=0\n"
	       "G overlap A EUR/2 2024-02-01..2024-02-29 rows=0 amount=0 "
	       "stm.csv:3\n"
	       "ok=0\n");
}
END_TEST

/* ---------------------------------------------------------------- */
/* duplicates */

START_TEST(test_recon_duplicates_within)
{
	bank("bank.csv", "A", "EUR", HEAD
	     "2024-01-02,10.00,,salary,R1\n"
	     "2024-01-03,-5.00,,coffee,\n"
	     "2024-01-03,-5.00,,coffee,\n"
	     "2024-01-03,-5.00,,coffee,R2\n"
	     "2024-01-03,-5.00,,Coffee,\n"
	     "2024-01-03,-5.01,,coffee,\n"
	     "2024-01-04,-5.00,,coffee,\n");
	bank("other.csv", "B", "EUR", HEAD "2024-01-03,-5.00,,coffee,\n");
	statements("stm.csv", STM
		   "A,EUR,2024-01-01,2024-01-31,100.00,74.99\n"
		   "B,EUR,2024-01-01,2024-01-31,5.00,0\n");
	expect("8 transactions, 2 accounts\n"
	       "P A EUR/2 2024-01-01..2024-01-31 statement stm.csv:2 rows=7 "
	       "open=10000 cred=1000 deb=3001 comp=7999 close=7499 "
	       "diff=-500\n"
	       "P B EUR/2 2024-01-01..2024-01-31 statement stm.csv:3 rows=1 "
	       "open=500 cred=0 deb=500 comp=0 close=0 diff=0\n"
	       "D A EUR/2 2024-01-03 -500 'coffee' bank.csv:3 bank.csv:4 "
	       "within\n"
	       "ok=0\n");
}
END_TEST

START_TEST(test_recon_duplicates_within_ok)
{
	/* two identical coffees on one day can be genuine: listed, but the
	 * case still reconciles */
	bank("bank.csv", "A", "EUR", HEAD
	     "2024-01-03,-5.00,,coffee,\n"
	     "2024-01-03,-5.00,,coffee,\n"
	     "2024-01-03,-5.00,,coffee,\n");
	statements("stm.csv", STM "A,EUR,2024-01-01,2024-01-31,100.00,"
		   "85.00\n");
	expect("3 transactions, 1 accounts\n"
	       "P A EUR/2 2024-01-01..2024-01-31 statement stm.csv:2 rows=3 "
	       "open=10000 cred=0 deb=1500 comp=8500 close=8500 diff=0\n"
	       "D A EUR/2 2024-01-03 -500 'coffee' bank.csv:2 bank.csv:3 "
	       "within\n"
	       "D A EUR/2 2024-01-03 -500 'coffee' bank.csv:2 bank.csv:4 "
	       "within\n"
	       "ok=1\n");
}
END_TEST

/* Rows whose stated running balances differ are two movements. */
START_TEST(test_recon_duplicates_balances)
{
	bank("bank.csv", "A", "EUR", HEAD
	     "2024-01-03,-5.00,95.00,fee,\n"
	     "2024-01-03,-5.00,90.00,fee,\n");
	expect("2 transactions, 1 accounts\n"
	       "P A EUR/2 2024-01-03..2024-01-03 running balance bank.csv:3 "
	       "rows=2 open=10000 cred=0 deb=1000 comp=9000 close=9000 "
	       "diff=0\n"
	       "ok=1\n");
}
END_TEST

/* Duplicates are listed by account, date and line. */
START_TEST(test_recon_duplicates_order)
{
	bank("bank.csv", "A", "EUR", HEAD
	     "2024-01-03,-1.00,,zeta,\n"
	     "2024-01-03,-1.00,,zeta,\n"
	     "2024-01-03,-2.00,,alpha,\n"
	     "2024-01-03,-2.00,,alpha,\n"
	     "2024-01-03,-3.00,,mu,\n"
	     "2024-01-03,-3.00,,mu,\n"
	     "2024-01-02,-4.00,,later line,\n"
	     "2024-01-02,-4.00,,later line,\n");
	statements("stm.csv", STM "A,EUR,2024-01-01,2024-01-31,20.00,0\n");
	expect("8 transactions, 1 accounts\n"
	       "P A EUR/2 2024-01-01..2024-01-31 statement stm.csv:2 rows=8 "
	       "open=2000 cred=0 deb=2000 comp=0 close=0 diff=0\n"
	       "D A EUR/2 2024-01-02 -400 'later line' bank.csv:8 bank.csv:9 "
	       "within\n"
	       "D A EUR/2 2024-01-03 -100 'zeta' bank.csv:2 bank.csv:3 "
	       "within\n"
	       "D A EUR/2 2024-01-03 -200 'alpha' bank.csv:4 bank.csv:5 "
	       "within\n"
	       "D A EUR/2 2024-01-03 -300 'mu' bank.csv:6 bank.csv:7 "
	       "within\n"
	       "ok=1\n");
}
END_TEST

START_TEST(test_recon_duplicates_across)
{
	/* the same movement exported twice, in two different files */
	bank("jan.csv", "A", "EUR", HEAD
	     "2024-01-30,-12.00,,rent,X9\n"
	     "2024-01-31,1.00,,interest,\n");
	bank("feb.csv", "A", "EUR", HEAD
	     "2024-02-01,2.00,,deposit,\n"
	     "2024-01-30,-12.00,,rent,X9\n");
	statements("stm.csv", STM "A,EUR,2024-01-01,2024-02-29,100.00,"
		   "79.00\n");
	expect("4 transactions, 1 accounts\n"
	       "P A EUR/2 2024-01-01..2024-02-29 statement stm.csv:2 rows=4 "
	       "open=10000 cred=300 deb=2400 comp=7900 close=7900 diff=0\n"
	       "D A EUR/2 2024-01-30 -1200 'rent' jan.csv:2 feb.csv:3 "
	       "across\n"
	       "ok=0\n");
}
END_TEST

/* Without statements or balances every row is outside every period. */
START_TEST(test_recon_duplicates_no_statement)
{
	bank("a.csv", "A", "EUR", HEAD "2024-01-30,-12.00,,rent,X9\n");
	bank("b.csv", "A", "EUR", HEAD "2024-01-30,-12.00,,rent,X9\n"
	     "2024-02-02,1.00,,x,\n");
	expect("3 transactions, 1 accounts\n"
	       "G uncovered A EUR/2 2024-01-30..2024-02-02 rows=3 amount=0 "
	       "a.csv:2\n"
	       "D A EUR/2 2024-01-30 -1200 'rent' a.csv:2 b.csv:2 across\n"
	       "ok=0\n");
}
END_TEST

/* ---------------------------------------------------------------- */
/* pr_recon_ok */

static const struct {
	int diff;          /* one period with this difference */
	size_t breaks, gaps;
	int dup_within, dup_across;
	int ok;
} ok_cases[] = {
	{ 0, 0, 0, 0, 0, 1 },
	{ 1, 0, 0, 0, 0, 0 },
	{ -1, 0, 0, 0, 0, 0 },
	{ 0, 1, 0, 0, 0, 0 },
	{ 0, 0, 1, 0, 0, 0 },
	{ 0, 0, 0, 1, 0, 1 },
	{ 0, 0, 0, 0, 1, 0 },
	{ 0, 0, 0, 1, 1, 0 },
	{ 1, 1, 1, 1, 1, 0 },
	{ 0, 2, 3, 0, 0, 0 },
};

START_TEST(test_recon_ok_table)
{
	pr_recon r;
	pr_recon_period p;
	pr_recon_break b[2];
	pr_recon_gap g[3];
	pr_recon_dup d[2];
	size_t n = 0;

	memset(&r, 0, sizeof(r));
	memset(&p, 0, sizeof(p));
	memset(b, 0, sizeof(b));
	memset(g, 0, sizeof(g));
	memset(d, 0, sizeof(d));
	mpz_init_set_si(p.difference, ok_cases[_i].diff);
	r.periods = &p;
	r.n_periods = 1;
	r.breaks = b;
	r.n_breaks = ok_cases[_i].breaks;
	r.gaps = g;
	r.n_gaps = ok_cases[_i].gaps;
	if (ok_cases[_i].dup_within)
		d[n++].across = 0;
	if (ok_cases[_i].dup_across)
		d[n++].across = 1;
	r.dups = d;
	r.n_dups = n;
	ck_assert_int_eq(pr_recon_ok(&r), ok_cases[_i].ok);
	mpz_clear(p.difference);
	ck_assert_int_eq(pr_recon_ok(NULL), 0);
}
END_TEST

/* ---------------------------------------------------------------- */
/* report */

static char *
report(const pr_recon *r, pr_format fmt)
{
	FILE *fp = tmpfile();
	char *buf;
	long n;
	pr_error err;

	ck_assert_ptr_nonnull(fp);
	pr_error_clear(&err);
	ck_assert_int_eq(pr_report_recon(fp, r, fmt, &err), PR_OK);
	n = ftell(fp);
	ck_assert_int_ge(n, 0);
	buf = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	rewind(fp);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, fp), (size_t)n);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

/* A small case with one of each finding. */
static void
small_case(void)
{
	bank("jan.csv", "DE01", "EUR", HEAD
	     "2024-01-05,100.00,1100.00,\"=cmd|' /C calc'!A0\",\n"
	     "2024-01-06,-0.50,1099.00,\"Shop, \"\"Main\"\"\",R1\n");
	bank("dup.csv", "DE01", "EUR", HEAD
	     "2024-01-06,-0.50,,\"Shop, \"\"Main\"\"\",R1\n"
	     "2024-03-01,1.00,,late,\n");
	statements("stm.csv", STM
		   "DE01,EUR,2024-01-01,2024-01-31,1000.00,1099.00\n");
}

START_TEST(test_recon_report_csv)
{
	static const char want[] =
		"section,account,currency,from,to,opening,credits,debits,"
		"computed,stated,difference,source,document,line,detail\r\n"
		"period,DE01,EUR,2024-01-01,2024-01-31,1000.00,100.00,1.00,"
		"1099.00,1099.00,0.00,statement,stm.csv,2,3 rows\r\n"
		"break,DE01,EUR,2024-01-06,2024-01-06,,,,1099.50,1099.00,"
		"-0.50,running balance,jan.csv,3,\r\n"
		"uncovered,DE01,EUR,2024-03-01,2024-03-01,,,,,,,,dup.csv,3,"
		"1 row\r\n"
		"duplicate-across,DE01,EUR,2024-01-06,2024-01-06,,,,,-0.50,,,"
		"jan.csv,3,\"same as dup.csv:2: Shop, \"\"Main\"\"\"\r\n";
	pr_recon *r;
	char *out;

	small_case();
	r = recon();
	out = report(r, PR_FORMAT_CSV);
	ck_assert_str_eq(out, want);
	free(out);
	pr_recon_free(r);
}
END_TEST

/* Text from the evidence cannot become a spreadsheet formula; periods
 * come by account ("+" sorts before "="). */
START_TEST(test_recon_report_csv_injection)
{
	static const char want[] =
		"section,account,currency,from,to,opening,credits,debits,"
		"computed,stated,difference,source,document,line,detail\r\n"
		"period,\"'+1 \"\"q\"\"\",EUR,2024-01-01,2024-01-31,0.00,0.00,"
		"0.00,0.00,0.00,0.00,statement,\"'@x.csv\",3,0 rows\r\n"
		"period,\"'=SUM(A1)\",EUR,2024-01-01,2024-01-31,-5.00,0.00,"
		"0.00,-5.00,-5.00,0.00,statement,\"'@x.csv\",2,0 rows\r\n";
	pr_recon *r;
	char *out;

	statements("@x.csv", STM
		   "=SUM(A1),EUR,2024-01-01,2024-01-31,-5.00,-5.00\n"
		   "\"+1 \"\"q\"\"\",EUR,2024-01-01,2024-01-31,0,0\n");
	r = recon();
	out = report(r, PR_FORMAT_CSV);
	ck_assert_str_eq(out, want);
	free(out);
	pr_recon_free(r);
}
END_TEST

START_TEST(test_recon_report_json)
{
	static const char want[] =
		"{\n"
		"  \"reconciled\": false,\n"
		"  \"transactions\": 4,\n"
		"  \"accounts\": 1,\n"
		"  \"periods\": [\n"
		"    {\n"
		"      \"account\": \"DE01\",\n"
		"      \"currency\": \"EUR\",\n"
		"      \"from\": \"2024-01-01\",\n"
		"      \"to\": \"2024-01-31\",\n"
		"      \"opening\": \"1000.00\",\n"
		"      \"credits\": \"100.00\",\n"
		"      \"debits\": \"1.00\",\n"
		"      \"computed\": \"1099.00\",\n"
		"      \"stated\": \"1099.00\",\n"
		"      \"difference\": \"0.00\",\n"
		"      \"rows\": 3,\n"
		"      \"source\": \"statement\",\n"
		"      \"document\": \"stm.csv\",\n"
		"      \"line\": 2,\n"
		"      \"balances\": true\n"
		"    }\n"
		"  ],\n"
		"  \"breaks\": [\n"
		"    {\n"
		"      \"account\": \"DE01\",\n"
		"      \"currency\": \"EUR\",\n"
		"      \"date\": \"2024-01-06\",\n"
		"      \"document\": \"jan.csv\",\n"
		"      \"line\": 3,\n"
		"      \"expected\": \"1099.50\",\n"
		"      \"stated\": \"1099.00\",\n"
		"      \"difference\": \"-0.50\",\n"
		"      \"previous_document\": \"jan.csv\",\n"
		"      \"previous_line\": 2\n"
		"    }\n"
		"  ],\n"
		"  \"gaps\": [\n"
		"    {\n"
		"      \"kind\": \"uncovered\",\n"
		"      \"account\": \"DE01\",\n"
		"      \"currency\": \"EUR\",\n"
		"      \"from\": \"2024-03-01\",\n"
		"      \"to\": \"2024-03-01\",\n"
		"      \"rows\": 1,\n"
		"      \"amount\": \"0.00\",\n"
		"      \"document\": \"dup.csv\",\n"
		"      \"line\": 3\n"
		"    }\n"
		"  ],\n"
		"  \"duplicates\": [\n"
		"    {\n"
		"      \"account\": \"DE01\",\n"
		"      \"currency\": \"EUR\",\n"
		"      \"date\": \"2024-01-06\",\n"
		"      \"amount\": \"-0.50\",\n"
		"      \"description\": \"Shop, \\\"Main\\\"\",\n"
		"      \"document\": \"jan.csv\",\n"
		"      \"line\": 3,\n"
		"      \"same_as_document\": \"dup.csv\",\n"
		"      \"same_as_line\": 2,\n"
		"      \"across_documents\": true\n"
		"    }\n"
		"  ]\n"
		"}\n";
	pr_recon *r;
	char *out;

	small_case();
	r = recon();
	out = report(r, PR_FORMAT_JSON);
	ck_assert_str_eq(out, want);
	free(out);
	pr_recon_free(r);
}
END_TEST

/* The table names every finding and ends with the verdict. */
START_TEST(test_recon_report_table)
{
	pr_recon *r;
	char *out;

	small_case();
	r = recon();
	out = report(r, PR_FORMAT_TABLE);
	ck_assert_ptr_nonnull(strstr(out, "jan.csv:3: DE01 EUR 2024-01-06: "
				     "balance 1,099.00, expected 1,099.50 "
				     "(difference -0.50)\n"));
	ck_assert_ptr_nonnull(strstr(out, "DE01 EUR uncovered 2024-03-01 to "
				     "2024-03-01: 1 transaction outside "
				     "every statement (dup.csv:3)\n"));
	ck_assert_ptr_nonnull(strstr(out, "\ntransactions 4, accounts 1, "
				     "periods 1 (0 do not balance), breaks 1,"
				     " gaps 1, duplicates 1 (1 across "
				     "documents)\nNOT RECONCILED\n"));
	free(out);
	pr_recon_free(r);
}
END_TEST

static const struct {
	const char *cell;
	const char *want;
} cells[] = {
	{ "plain", "plain" },
	{ "", "" },
	{ "=1+2", "\"'=1+2\"" },
	{ "+SUM(A1)", "\"'+SUM(A1)\"" },
	{ "@x", "\"'@x\"" },
	{ "-x", "\"'-x\"" },
	{ "-", "\"'-\"" },
	{ "-12.50", "-12.50" },
	{ "+7", "+7" },
	{ "12.50", "12.50" },
	{ "=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"" },
	{ "a \"b\", c", "\"a \"\"b\"\", c\"" },
	{ "1,000", "\"1,000\"" },
	{ "two\nlines", "\"two\nlines\"" },
	{ "cr\r", "\"cr\r\"" },
	{ "x=1", "x=1" },
};

START_TEST(test_recon_report_cell)
{
	FILE *fp = tmpfile();
	char buf[128];
	size_t n;

	ck_assert_ptr_nonnull(fp);
	pr_report_csv_cell(fp, cells[_i].cell);
	n = (size_t)ftell(fp);
	rewind(fp);
	ck_assert_uint_lt(n, sizeof(buf));
	ck_assert_uint_eq(fread(buf, 1, n, fp), n);
	buf[n] = '\0';
	fclose(fp);
	ck_assert_str_eq(buf, cells[_i].want);
}
END_TEST

START_TEST(test_recon_report_format)
{
	pr_format f = PR_FORMAT_TABLE;
	pr_error err;

	pr_error_clear(&err);
	ck_assert_int_eq(pr_format_parse(&f, "csv", &err), PR_OK);
	ck_assert_int_eq(f, PR_FORMAT_CSV);
	ck_assert_int_eq(pr_format_parse(&f, "json", &err), PR_OK);
	ck_assert_int_eq(f, PR_FORMAT_JSON);
	ck_assert_int_eq(pr_format_parse(&f, "table", &err), PR_OK);
	ck_assert_int_eq(f, PR_FORMAT_TABLE);
	ck_assert_int_eq(pr_format_parse(&f, "xml", &err), PR_EINVALID);
	ck_assert_str_eq(err.msg, "unknown format 'xml' (expected table, csv"
			 " or json)");
	ck_assert_int_eq(pr_report_recon(NULL, NULL, PR_FORMAT_CSV, &err),
			 PR_EINVALID);
}
END_TEST

/* ---------------------------------------------------------------- */
/* property: statements that add up reconcile, and one unit off shows */

#define PROP_CASES 100
#define PROP_PERIODS 6

static const char *const prop_currencies[] = { "EUR", "JPY", "BHD", "USD" };

struct prop_account {
	char ident[24];
	const pr_currency *cur;
	int n;                          /* periods */
	pr_date start[PROP_PERIODS], end[PROP_PERIODS];
	mpz_t sum[PROP_PERIODS];        /* of the rows dated inside */
	unsigned long line[PROP_PERIODS]; /* in the statements file */
};

static void
put_money(tu_buf *b, const mpz_t v, unsigned minor)
{
	char s[96];

	pr_money_format(s, sizeof(s), v, minor, PR_FMT_PLAIN);
	tu_buf_printf(b, "%s", s);
}

/*
 * One document of random rows for account @p a: dates anywhere in its
 * periods, amounts of either sign, in time order or newest first, with a
 * consistent running balance or none. Adds each amount to its period.
 */
static int
prop_document(tu_rng *rng, struct prop_account *a, int c, int ai, int di)
{
	int rows = (int)tu_rng_range(rng, 0, 40);
	int newest_first = (int)tu_rng_below(rng, 2);
	/* one account's balances are one chain through its files: only
	 * its first file may state them, for the others overlap it in
	 * time (the chain's own cases are under "breaks" and "chain") */
	int balances = (int)tu_rng_below(rng, 2) && di == 0;
	pr_date first = a->start[0];
	pr_date span = a->end[a->n - 1] - first + 1;
	pr_date dates[40];
	mpz_t amts[40], bal[40];
	tu_buf csv = { 0 };
	char name[48];
	int i, k;

	if (rows == 0)
		return 0;
	for (i = 0; i < rows; i++)
		dates[i] = first + (pr_date)tu_rng_below(rng, (uint64_t)span);
	for (i = 1; i < rows; i++) {
		pr_date t = dates[i];

		for (k = i; k > 0 && dates[k - 1] > t; k--)
			dates[k] = dates[k - 1];
		dates[k] = t;
	}
	for (i = 0; i < rows; i++) {
		mpz_init_set_si(amts[i], (long)tu_rng_range(rng, -500000,
							   500000));
		mpz_init(bal[i]);
		if (i == 0)
			mpz_set_si(bal[i], (long)tu_rng_range(rng, -99999,
							      99999));
		else
			mpz_set(bal[i], bal[i - 1]);
		mpz_add(bal[i], bal[i], amts[i]);
		for (k = 0; k < a->n; k++)
			if (dates[i] >= a->start[k] && dates[i] <= a->end[k])
				mpz_add(a->sum[k], a->sum[k], amts[i]);
	}
	tu_buf_printf(&csv, HEAD);
	for (k = 0; k < rows; k++) {
		char d[16];

		i = newest_first ? rows - 1 - k : k;
		pr_date_format(d, dates[i]);
		tu_buf_printf(&csv, "%s,", d);
		put_money(&csv, amts[i], a->cur->minor);
		tu_buf_printf(&csv, ",");
		if (balances)
			put_money(&csv, bal[i], a->cur->minor);
		tu_buf_printf(&csv, ",c%d a%d d%d r%d,\n", c, ai, di, i);
	}
	snprintf(name, sizeof(name), "c%d-a%d-d%d.csv", c, ai, di);
	tu_import(st, tmp, name, csv.s, newest_first ? desc : asc, a->ident,
		  a->cur->code, NULL);
	for (i = 0; i < rows; i++) {
		mpz_clear(amts[i]);
		mpz_clear(bal[i]);
	}
	tu_buf_free(&csv);
	return rows;
}

START_TEST(test_recon_property)
{
	struct prop_account acc[3];
	tu_buf stm = { 0 };
	mpz_t opening, closing;
	tu_rng rng;
	int c;

	mpz_inits(opening, closing, NULL);
	tu_rng_seed(&rng, TU_SEED);
	for (c = 0; c < PROP_CASES; c++) {
		int n_acct = (int)tu_rng_range(&rng, 1, 3);
		int order[3 * PROP_PERIODS];
		int n_stm = 0, rows = 0, a, k, i, v;
		unsigned long vline;
		char name[32], sql[128];
		pr_recon *r;
		uint64_t counted = 0;

		/* a fresh case per round */
		pr_store_close(st);
		snprintf(name, sizeof(name), "c%03d.prcd", c);
		st = tu_case_new(tmp, name);
		for (a = 0; a < n_acct; a++) {
			struct prop_account *x = &acc[a];
			pr_date day = (pr_date)tu_rng_range(&rng, 18000,
							    20000);
			int docs = (int)tu_rng_range(&rng, 1, 3);

			/* created in the reverse order of their names:
			 * the result lists accounts by name */
			snprintf(x->ident, sizeof(x->ident), "ACCT-%d",
				 n_acct - a);
			x->cur = pr_currency_find(prop_currencies[
				tu_rng_below(&rng, N_ELEMS(prop_currencies))]);
			x->n = (int)tu_rng_range(&rng, 1, PROP_PERIODS);
			for (k = 0; k < x->n; k++) {
				x->start[k] = day;
				day += (pr_date)tu_rng_range(&rng, 1, 60);
				x->end[k] = day - 1;
				mpz_init(x->sum[k]);
				order[n_stm++] = a * PROP_PERIODS + k;
			}
			for (i = 0; i < docs; i++)
				rows += prop_document(&rng, x, c, a, i);
		}
		/* the statements file lists the periods in a random order */
		for (i = n_stm - 1; i > 0; i--) {
			int j = (int)tu_rng_below(&rng, (uint64_t)i + 1);
			int t = order[i];

			order[i] = order[j];
			order[j] = t;
		}
		stm.len = 0;
		tu_buf_printf(&stm, STM);
		for (i = 0; i < n_stm; i++) {
			struct prop_account *x = &acc[order[i] /
						      PROP_PERIODS];
			char d1[16], d2[16];

			k = order[i] % PROP_PERIODS;
			/* openings carry forward: opening(k) is the
			 * first opening plus the sums before k */
			mpz_set_si(opening, 1000 * (x - acc) - 777);
			for (v = 0; v < k; v++)
				mpz_add(opening, opening, x->sum[v]);
			mpz_add(closing, opening, x->sum[k]);
			pr_date_format(d1, x->start[k]);
			pr_date_format(d2, x->end[k]);
			tu_buf_printf(&stm, "%s,%s,%s,%s,", x->ident,
				      x->cur->code, d1, d2);
			put_money(&stm, opening, x->cur->minor);
			tu_buf_printf(&stm, ",");
			put_money(&stm, closing, x->cur->minor);
			tu_buf_printf(&stm, "\n");
			x->line[k] = (unsigned long)i + 2;
		}
		tu_import(st, tmp, "stm.csv", stm.s, NULL, NULL, NULL, NULL);

		/* everything adds up */
		r = recon();
		if (!pr_recon_ok(r) || r->n_periods != (size_t)n_stm ||
		    r->n_gaps != 0 || r->n_breaks != 0 || r->n_dups != 0 ||
		    r->transactions != (uint64_t)rows)
			ck_abort_msg("case %d: ok %d, %lu periods (want %d), "
				     "%lu gaps, %lu breaks, %lu dups", c,
				     pr_recon_ok(r),
				     (unsigned long)r->n_periods, n_stm,
				     (unsigned long)r->n_gaps,
				     (unsigned long)r->n_breaks,
				     (unsigned long)r->n_dups);
		for (i = 0; i < n_stm; i++) {
			if (mpz_sgn(r->periods[i].difference) != 0 ||
			    strcmp(r->periods[i].source, "statement") != 0)
				ck_abort_msg("case %d: period %d differs", c,
					     i);
			counted += r->periods[i].rows;
		}
		if (counted != (uint64_t)rows)
			ck_abort_msg("case %d: periods hold %llu of %d rows",
				     c, (unsigned long long)counted, rows);
		pr_recon_free(r);

		/* one closing one unit up: that period, and the carry to
		 * the next, if any, show it; nothing else does */
		v = (int)tu_rng_below(&rng, (uint64_t)n_stm);
		a = order[v] / PROP_PERIODS;
		k = order[v] % PROP_PERIODS;
		vline = acc[a].line[k];
		snprintf(sql, sizeof(sql), "UPDATE statement SET closing = "
			 "closing + 1 WHERE source = 'statement' AND line = "
			 "%lu", vline);
		tu_sql_exec(st->db, sql);
		r = recon();
		if (pr_recon_ok(r) != 0 || r->n_periods != (size_t)n_stm)
			ck_abort_msg("case %d: still reconciles", c);
		for (i = 0; i < n_stm; i++) {
			const pr_recon_period *p = &r->periods[i];
			int hit = p->line == vline;

			if (mpz_cmp_si(p->difference, hit ? 1 : 0) != 0 ||
			    (hit && (strcmp(p->account, acc[a].ident) != 0 ||
				     p->start != acc[a].start[k])))
				ck_abort_msg("case %d: period %d (line %lu): "
					     "want difference %d", c, i,
					     p->line, hit);
		}
		if (k + 1 < acc[a].n) {
			const pr_recon_gap *g = r->gaps;

			if (r->n_gaps != 1 || g->kind != PR_GAP_CARRY ||
			    mpz_cmp_si(g->amount, -1) != 0 ||
			    g->start != acc[a].end[k] ||
			    g->end != acc[a].start[k + 1] ||
			    g->line != acc[a].line[k + 1] ||
			    strcmp(g->account, acc[a].ident) != 0)
				ck_abort_msg("case %d: want one carry-forward "
					     "of -1, got %lu gaps", c,
					     (unsigned long)r->n_gaps);
		} else if (r->n_gaps != 0) {
			ck_abort_msg("case %d: %lu gaps after the last "
				     "period", c, (unsigned long)r->n_gaps);
		}
		if (r->n_breaks != 0 || r->n_dups != 0)
			ck_abort_msg("case %d: breaks or duplicates", c);
		pr_recon_free(r);
		for (a = 0; a < n_acct; a++)
			for (k = 0; k < acc[a].n; k++)
				mpz_clear(acc[a].sum[k]);
	}
	mpz_clears(opening, closing, NULL);
	tu_buf_free(&stm);
}
END_TEST

static Suite *
recon_suite(void)
{
	Suite *s = suite_create("recon");
	TCase *tc;

	tc = tcase_create("periods");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_recon_periods_balance);
	tcase_add_test(tc, test_recon_periods_difference);
	tcase_add_test(tc, test_recon_periods_accounts);
	tcase_add_test(tc, test_recon_periods_official);
	tcase_add_test(tc, test_recon_periods_empty);
	tcase_add_loop_test(tc, test_recon_ok_table, 0, N_ELEMS(ok_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("breaks");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_recon_breaks_one);
	tcase_add_test(tc, test_recon_breaks_descending);
	tcase_add_test(tc, test_recon_breaks_descending_ok);
	tcase_add_test(tc, test_recon_breaks_order);
	tcase_add_test(tc, test_recon_breaks_blank_balance);
	suite_add_tcase(s, tc);

	tc = tcase_create("chain");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_recon_chain_months);
	tcase_add_test(tc, test_recon_chain_shared_day);
	tcase_add_test(tc, test_recon_chain_descending);
	tcase_add_test(tc, test_recon_chain_gap);
	tcase_add_test(tc, test_recon_chain_official);
	tcase_add_test(tc, test_recon_chain_overlap);
	suite_add_tcase(s, tc);

	tc = tcase_create("gaps");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_recon_gaps_missing);
	tcase_add_test(tc, test_recon_gaps_overlap);
	tcase_add_test(tc, test_recon_gaps_carry);
	tcase_add_test(tc, test_recon_gaps_uncovered);
	tcase_add_test(tc, test_recon_gaps_order);
	tcase_add_test(tc, test_recon_gaps_nested);
	suite_add_tcase(s, tc);

	tc = tcase_create("duplicates");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_recon_duplicates_within);
	tcase_add_test(tc, test_recon_duplicates_within_ok);
	tcase_add_test(tc, test_recon_duplicates_balances);
	tcase_add_test(tc, test_recon_duplicates_order);
	tcase_add_test(tc, test_recon_duplicates_across);
	tcase_add_test(tc, test_recon_duplicates_no_statement);
	suite_add_tcase(s, tc);

	tc = tcase_create("report");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_recon_report_csv);
	tcase_add_test(tc, test_recon_report_csv_injection);
	tcase_add_test(tc, test_recon_report_json);
	tcase_add_test(tc, test_recon_report_table);
	tcase_add_loop_test(tc, test_recon_report_cell, 0, N_ELEMS(cells));
	tcase_add_test(tc, test_recon_report_format);
	suite_add_tcase(s, tc);

	tc = tcase_create("property");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test_recon_property);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(recon_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
