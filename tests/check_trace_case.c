/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Tracing whole cases: random cases (fixed seeds) of accounts, victims,
 * designations and flows, traced under every rule through pr_trace_run.
 * What must hold whatever the rule: each victim's total across holders
 * and sinks is the same under every conserving rule (what came in as
 * hers); every holder's origins add up to what its account holds; poison
 * never exposes more than a balance; and the same case traces the same
 * twice.
 */
#include "config.h"
#include "common.h"
#include "store.h"
#include "testutil.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#define CASES 30
#define ACCOUNTS 8
#define VICTIMS 4

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

/* "1234.56" (2 decimals) as minor units. */
static int64_t
units(const char *s)
{
	int64_t v = 0;
	int neg = *s == '-';

	for (s += neg; *s; s++)
		if (*s != '.')
			v = v * 10 + (*s - '0');
	return neg ? -v : v;
}

static void
row(sqlite3 *db, long line, int acct, int date, long long amount,
    const char *desc)
{
	char q[300];

	snprintf(q, sizeof(q), "INSERT INTO txn (document_id, record, line,"
		 " account_id, date, amount, description, reference, "
		 "counterparty, counter_account) VALUES (1, %ld, %ld, %d, %d,"
		 " %lld, '%s', '', '', '')", line, line, acct, date, amount,
		 desc);
	tu_sql_exec(db, q);
}

/* A random case: inflows, transfers seen on both sides, outflows; no
 * account ever pays more than it holds. */
static pr_store *
build(uint64_t seed, int64_t bal[ACCOUNTS + 1])
{
	pr_store *st;
	tu_rng r;
	char name[32], q[400];
	long line = 1;
	int a, k, i, date = 19000;

	snprintf(name, sizeof(name), "case%llu.prcd",
		 (unsigned long long)seed);
	st = tu_case_new(tmp, name);
	tu_rng_seed(&r, seed);
	tu_sql_exec(st->db, "BEGIN");
	tu_sql_exec(st->db, "INSERT INTO document (id, sha256, name, size, "
		    "kind, profile, profile_sha256, descending, records, "
		    "log_seq) VALUES (1, 'x', 'rows.csv', 0, 'bank', '', '', "
		    "0, 0, 0), (2, 'y', 'people.csv', 0, 'victims', '', '', "
		    "0, 0, 0)");
	for (a = 1; a <= ACCOUNTS; a++) {
		snprintf(q, sizeof(q), "INSERT INTO account (id, ident, "
			 "currency) VALUES (%d, 'ACCT %d', 'USD')", a, a);
		tu_sql_exec(st->db, q);
		bal[a] = 0;
	}
	for (k = 1; k <= VICTIMS; k++) {
		snprintf(q, sizeof(q), "INSERT INTO party (document_id, line,"
			 " pseudonym, role, name, note) VALUES (2, %d, 'V-%d',"
			 " 'victim', 'x', '')", k, k);
		tu_sql_exec(st->db, q);
		/* victim k's money arrives in account k */
		snprintf(q, sizeof(q), "INSERT INTO designation (document_id,"
			 " line, origin, kind, pattern, account, start_date, "
			 "end_date, reason, source) VALUES (2, %d, 'V-%d', "
			 "'account', '', 'ACCT %d', 19000, 20000, 'r', 's')",
			 10 + k, k, k);
		tu_sql_exec(st->db, q);
	}
	for (i = 0; i < 120; i++) {
		int kind = (int)tu_rng_below(&r, 10);
		long long amt = tu_rng_range(&r, 1, 500000);

		date += (int)tu_rng_below(&r, 2);
		a = 1 + (int)tu_rng_below(&r, ACCOUNTS);
		if (kind < 4 || bal[a] == 0) {
			row(st->db, line++, a, date, amt, "DEPOSIT");
			bal[a] += amt;
		} else if (kind < 8) {
			int b = 1 + (int)tu_rng_below(&r, ACCOUNTS);

			if (b == a)
				b = a % ACCOUNTS + 1;
			amt = 1 + (long long)tu_rng_below(&r,
							  (uint64_t)bal[a]);
			row(st->db, line++, a, date, -amt, "TRANSFER OUT");
			row(st->db, line++, b, date, amt, "TRANSFER IN");
			bal[a] -= amt;
			bal[b] += amt;
		} else {
			amt = 1 + (long long)tu_rng_below(&r,
							  (uint64_t)bal[a]);
			row(st->db, line++, a, date, -amt, "CARD PURCHASE");
			bal[a] -= amt;
		}
	}
	for (a = 1; a <= ACCOUNTS; a++) {
		snprintf(q, sizeof(q), "INSERT INTO statement (account_id, "
			 "start_date, end_date, opening, closing, source, "
			 "document_id, line) VALUES (%d, 19000, %d, 0, %lld, "
			 "'statement', 1, 1)", a, date + 10, (long long)bal[a]);
		tu_sql_exec(st->db, q);
	}
	tu_sql_exec(st->db, "COMMIT");
	return st;
}

/* The case's flow graph, built once and traced under every rule. */
static pr_flows *
flows(pr_store *st)
{
	pr_flows *f = NULL;
	pr_error err;

	pr_error_clear(&err);
	ck_assert_msg(pr_flows_build(&f, st, NULL, &err) == PR_OK, "%s",
		      err.msg);
	return f;
}

static pr_trace *
trace(pr_flows *f, pr_trace_method m)
{
	pr_trace_options o = PR_TRACE_OPTIONS_INIT;
	pr_trace *t = NULL;
	pr_error err;

	o.method = m;
	pr_error_clear(&err);
	ck_assert_msg(pr_trace_run(&t, f, &o, &err) == PR_OK,
		      "%s: %s", pr_trace_method_name(m), err.msg);
	return t;
}

/* What an origin has across holders and sinks. */
static int64_t
origin_total(const pr_trace *t, size_t k)
{
	char a[64];
	int64_t v = 0;
	size_t i;

	for (i = 0; i < pr_trace_holder_count(t); i++)
		v += units(pr_trace_held(t, i, k, a, sizeof(a)));
	for (i = 0; i < pr_trace_sink_count(t); i++)
		v += units(pr_trace_sunk(t, i, k, a, sizeof(a)));
	return v;
}

START_TEST(test_trace_case_invariants)
{
	uint64_t seed = 7000 + (uint64_t)_i;
	int64_t bal[ACCOUNTS + 1];
	pr_store *st = build(seed, bal);
	pr_flows *f = flows(st);
	pr_trace *t[PR_METHOD_COUNT];
	size_t k, i, m;
	char a[64];

	for (m = 0; m < PR_METHOD_COUNT; m++)
		t[m] = trace(f, (pr_trace_method)m);
	ck_assert_uint_eq(pr_trace_origin_count(t[0]), 2 + VICTIMS);
	for (m = 0; m < PR_METHOD_COUNT; m++) {
		if (m == PR_METHOD_POISON)
			continue;
		/* each origin's total does not depend on the rule */
		for (k = 0; k < pr_trace_origin_count(t[0]); k++)
			ck_assert_msg(origin_total(t[m], k) ==
				      origin_total(t[0], k), "seed %llu: %s "
				      "gives %s %lld, libr %lld",
				      (unsigned long long)seed,
				      pr_trace_method_name(
				      (pr_trace_method)m),
				      pr_trace_origin(t[0], k),
				      (long long)origin_total(t[m], k),
				      (long long)origin_total(t[0], k));
		/* a holder's origins add up to what its account holds */
		for (i = 0; i < pr_trace_holder_count(t[m]); i++) {
			int64_t sum = 0;
			int acct = atoi(pr_trace_holder(t[m], i) + 5);

			for (k = 0; k < pr_trace_origin_count(t[m]); k++) {
				sum += units(pr_trace_held(t[m], i, k, a,
							   sizeof(a)));
				ck_assert_int_eq(pr_trace_held_units(t[m], i,
								     k),
						 units(a));
			}
			ck_assert_int_eq(sum, bal[acct]);
		}
		ck_assert_uint_eq(pr_trace_warning_count(t[m]), 0);
	}
	/* poison exposes at most a holder's balance to any origin */
	for (i = 0; i < pr_trace_holder_count(t[PR_METHOD_POISON]); i++) {
		int acct = atoi(pr_trace_holder(t[PR_METHOD_POISON], i) + 5);

		for (k = 0; k < pr_trace_origin_count(t[0]); k++)
			ck_assert_int_le(units(pr_trace_held(
				t[PR_METHOD_POISON], i, k, a, sizeof(a))),
				bal[acct]);
	}
	/* the same case traces the same twice */
	{
		pr_trace *again = trace(f, PR_METHOD_PRO_RATA);
		char b[64];

		for (i = 0; i < pr_trace_holder_count(again); i++)
			for (k = 0; k < pr_trace_origin_count(again); k++)
				ck_assert_str_eq(pr_trace_held(again, i, k, a,
					sizeof(a)), pr_trace_held(
					t[PR_METHOD_PRO_RATA], i, k, b,
					sizeof(b)));
		pr_trace_free(again);
	}
	for (m = 0; m < PR_METHOD_COUNT; m++)
		pr_trace_free(t[m]);
	pr_flows_free(f);
	pr_store_close(st);
}
END_TEST

/*
 * One flow graph, traced as often as a command needs: its gate is the
 * reconciliation pr_recon_run gives; under every rule the movements the
 * trace keeps into a holder add up, origin by origin, to what came in
 * from outside (pr_trace_inflow_units), and each holder's lineage starts
 * with what it holds of each origin now.
 */
START_TEST(test_trace_case_flows_once)
{
	uint64_t seed = 9100 + (uint64_t)_i;
	int64_t bal[ACCOUNTS + 1];
	pr_store *st = build(seed, bal);
	pr_flows *f = flows(st);
	const pr_recon *fr = pr_flows_recon(f);
	pr_recon *r = NULL;
	pr_error err;
	size_t i, k, m;

	pr_error_clear(&err);
	ck_assert_int_eq(pr_recon_run(&r, st, &err), PR_OK);
	ck_assert_ptr_nonnull(fr);
	ck_assert_ptr_eq(pr_flows_store(f), st);
	ck_assert_uint_eq(fr->n_periods, r->n_periods);
	ck_assert_uint_eq(fr->n_gaps, r->n_gaps);
	ck_assert_uint_eq(fr->n_breaks, r->n_breaks);
	ck_assert_int_eq(pr_recon_ok(fr), pr_recon_ok(r));
	for (i = 0; i < r->n_periods; i++) {
		ck_assert_str_eq(fr->periods[i].account, r->periods[i].account);
		ck_assert_int_eq(mpz_cmp(fr->periods[i].difference,
					 r->periods[i].difference), 0);
	}
	pr_recon_free(r);
	for (m = 0; m < PR_METHOD_COUNT; m++) {
		pr_trace_options o = PR_TRACE_OPTIONS_INIT;
		pr_trace *t = NULL;

		o.method = (pr_trace_method)m;
		o.keep_movements = 1;
		ck_assert_msg(pr_trace_run(&t, f, &o, &err) == PR_OK, "%s",
			      err.msg);
		for (i = 0; i < pr_trace_holder_count(t); i++) {
			size_t no = pr_trace_origin_count(t), j;
			int64_t in[2 + VICTIMS];
			pr_lineage *l = NULL;
			size_t held = 0;

			memset(in, 0, sizeof(in));
			for (j = 0; j < pr_trace_into_count(t, i); j++) {
				pr_trace_movement mv;

				ck_assert_int_eq(pr_trace_into(t, i, j, &mv),
						 PR_OK);
				ck_assert_int_gt(mv.amount, 0);
				for (k = 1; k < no; k++)
					if (mv.from == NULL &&
					    strcmp(mv.origin,
						   pr_trace_origin(t, k)) == 0)
						in[k] += mv.amount;
			}
			{
				pr_trace_movement past;

				ck_assert_int_eq(pr_trace_into(t, i, j, &past),
						 PR_EINVALID);
			}
			for (k = 1; k < no && m != PR_METHOD_POISON; k++)
				ck_assert_int_eq(in[k],
						 pr_trace_inflow_units(t, i, k));
			/* what a schedule cites: the first flows of the
			 * victims' movements in, one per run of a flow */
			{
				size_t more, nc = pr_trace_cited_count(t, i,
								      &more);
				size_t seen = 0, extra = 0;
				unsigned long last = 0;
				pr_trace_movement a, b;

				for (j = 0; j < pr_trace_into_count(t, i);
				     j++) {
					pr_trace_into(t, i, j, &a);
					if (a.flow == 0 || a.flow == last ||
					    strcmp(a.origin, "unknown") == 0)
						continue;
					last = a.flow;
					if (seen == nc) {
						extra++;
						continue;
					}
					ck_assert_int_eq(pr_trace_cited(t, i,
						seen, &b), PR_OK);
					ck_assert_uint_eq(b.flow, a.flow);
					ck_assert_str_eq(b.evidence,
							 a.evidence);
					seen++;
				}
				ck_assert_uint_eq(seen, nc);
				ck_assert_uint_eq(extra, more);
				ck_assert_uint_le(nc, PR_TRACE_CITED);
			}
			ck_assert_int_eq(pr_trace_lineage_of(&l, t,
					 pr_trace_holder(t, i), &err), PR_OK);
			ck_assert_int_eq(pr_lineage_get(l, 0)->kind,
					 PR_LINEAGE_HEAD);
			for (j = 0; j < pr_lineage_count(l); j++) {
				const pr_lineage_step *s = pr_lineage_get(l, j);

				if (s->kind != PR_LINEAGE_HELD)
					continue;
				for (k = 1; k < no; k++)
					if (strcmp(s->origin,
						   pr_trace_origin(t, k)) == 0)
						ck_assert_int_eq(s->amount,
							pr_trace_held_units(t,
									    i, k));
				held++;
			}
			for (k = 1, j = 0; k < no; k++)
				j += pr_trace_held_units(t, i, k) != 0;
			ck_assert_uint_eq(held, j);
			pr_lineage_free(l);
		}
		pr_trace_free(t);
	}
	pr_flows_free(f);
	pr_store_close(st);
}
END_TEST

/* Every victim's money came in through her designated account: the
 * total per victim is what those accounts received from outside. */
START_TEST(test_trace_case_victim_totals)
{
	int64_t bal[ACCOUNTS + 1];
	pr_store *st = build(424242, bal);
	pr_flows *f = flows(st);
	pr_trace *t = trace(f, PR_METHOD_FIFO);
	size_t k, i;

	for (k = 1; k <= VICTIMS; k++) {
		char q[200];
		int64_t in, sum;

		/* deposits alone are the inflows: transfers are joined */
		snprintf(q, sizeof(q), "SELECT coalesce(sum(amount), 0) FROM "
			 "txn WHERE account_id = %zu AND description = "
			 "'DEPOSIT'", k);
		in = tu_sql_int(st->db, q);
		ck_assert_int_eq(origin_total(t, 1 + k), in);
		/* and each account says what came into it as hers, and
		 * when her money last came in (no later than the data) */
		for (i = 0, sum = 0; i < pr_trace_holder_count(t); i++) {
			pr_date last = 0;
			int has = pr_trace_holder_tainted_last(t, i, &last);

			sum += pr_trace_inflow_units(t, i, 1 + k);
			if (atoi(pr_trace_holder_name(t, i) + 5) == (int)k &&
			    in > 0) {
				ck_assert_int_eq(pr_trace_inflow_units(t, i,
								       1 + k),
						 in);
				ck_assert_int_eq(has, 1);
			}
			if (has) {
				snprintf(q, sizeof(q), "SELECT max(date) FROM"
					 " txn");
				ck_assert_int_le(last, tu_sql_int(st->db, q));
			}
		}
		ck_assert_int_eq(sum, in);
	}
	pr_trace_free(t);
	pr_flows_free(f);
	pr_store_close(st);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("trace_case");
	TCase *tc = tcase_create("random cases");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_trace_case_invariants, 0, CASES);
	tcase_add_test(tc, test_trace_case_victim_totals);
	tcase_add_loop_test(tc, test_trace_case_flows_once, 0, CASES);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
