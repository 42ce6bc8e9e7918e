/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the matcher (match.c): small cases with exact flows, and
 * property tests on random cases (fixed seeds) for its invariants. */
#include "config.h"
#include "testutil.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* A bank export with a counter-account column, ISO dates. */
#define PROFILE \
	"name = m\ndate = date\ndate_format = ISO\namount = amount\n" \
	"description = text\nreference = ref\ncounter_account = cacct\n" \
	"currency = USD\n"
#define HEAD "date,amount,text,ref,cacct\n"
#define WHEAD "value_date,amount,currency,originator_name," \
	"originator_account,originator_bank,beneficiary_name," \
	"beneficiary_account,beneficiary_bank,imad,omad,uetr,reference," \
	"details,instructed_amount,instructed_currency\n"
#define DHEAD "action,subject,other,reason\n"
#define XHEAD "time,account,operation,asset,amount,balance,trade,tx_hash," \
	"address,reference,description\n"
#define CHEAD "chain,hash,block,time,status,fee,side,n,address,asset," \
	"value,prev_hash,prev_index\n"
#define PHEAD "record,asset,class,identifier,description,owner,nominee," \
	"date,amount,currency,method,party,reference\n"

enum { BANK, WIRE, DECISIONS, EXCHANGE, CHAIN, PROPERTY, STATEMENTS };

static char *tmp;
static pr_store *st;
static pr_profile *prof;

static void
setup(void)
{
	tmp = tu_tmpdir();
	st = tu_case_new(tmp, "case.prcd");
	prof = tu_profile(PROFILE);
}

static void
teardown(void)
{
	pr_profile_free(prof);
	pr_store_close(st);
	tu_rmtree(tmp);
	free(tmp);
	tmp = NULL;
	st = NULL;
	prof = NULL;
}

static pr_profile *
load_profile(const char *name)
{
	pr_profile *p = NULL;
	pr_error err;

	pr_error_clear(&err);
	ck_assert_msg(pr_profile_load(&p, name, getenv("PR_PROFILES"), &err)
		      == PR_OK, "profile %s: %s", name, err.msg);
	return p;
}

/* Import the file at @p path as @p name into @p s, in a transaction of
 * its own; aborts on failure. @p p is the profile of a bank or exchange
 * file. */
static void
import_path(pr_store *s, int kind, const char *path, const char *name,
	    const pr_profile *p, const char *account)
{
	pr_import_options o = PR_IMPORT_OPTIONS_INIT;
	pr_import_result r;
	const char *argv[1];
	pr_error err;
	char m[400];
	int rc;

	o.account = account;
	argv[0] = name;
	pr_error_clear(&err);
	rc = pr_store_begin(s, &err);
	if (rc == PR_OK) {
		switch (kind) {
		case BANK:
			rc = pr_import_bank(s, path, name, p, &o, &r, &err);
			break;
		case WIRE:
			rc = pr_import_wire(s, path, name, NULL, &o, &r,
					    &err);
			break;
		case DECISIONS:
			rc = pr_import_decisions(s, path, name, &o, &r, &err);
			break;
		case EXCHANGE:
			rc = pr_import_exchange(s, path, name, p, &o, &r,
						&err);
			break;
		case CHAIN:
			rc = pr_import_chain(s, path, name, NULL, &o, &r,
					     &err);
			break;
		case PROPERTY:
			rc = pr_import_property(s, path, name, &o, &r, &err);
			break;
		default:
			rc = pr_import_statements(s, path, name, &o, &r,
						  &err);
			break;
		}
	}
	if (rc == PR_OK)
		rc = pr_store_commit(s, "import", 1, argv, "imported", &err);
	if (rc != PR_OK) {
		pr_store_rollback(s);
		pr_error_format(m, sizeof(m), &err);
		ck_abort_msg("import %s: %d %s", name, rc, m);
	}
}

/* Write @p text to tmp/name and import it into the case. */
static void
imp(int kind, const char *name, const char *text, const char *account)
{
	char *path = tu_write(tmp, name, text);

	import_path(st, kind, path, name, prof, account);
	free(path);
}

static void
bank(const char *name, const char *account, const char *rows)
{
	tu_buf b = { 0 };

	tu_buf_printf(&b, "%s%s", HEAD, rows);
	imp(BANK, name, b.s, account);
	tu_buf_free(&b);
}

/* A file of fixtures/flows/SCENARIO. */
static void
fixture(const char *scenario, int kind, const char *name,
	const char *profile, const char *account)
{
	char sub[64];
	char *path;
	pr_profile *p = profile ? load_profile(profile) : NULL;

	snprintf(sub, sizeof(sub), "flows/%s", scenario);
	path = tu_fixture(sub, name);
	import_path(st, kind, path, name, p, account);
	free(path);
	pr_profile_free(p);
}

static pr_flows *
match_opts(pr_store *s, int window, const char *tol)
{
	pr_match_options o = PR_MATCH_OPTIONS_INIT;
	pr_flows *f = NULL;
	pr_error err;

	o.window = window;
	o.fee_tolerance = tol;
	pr_error_clear(&err);
	ck_assert_msg(pr_match(&f, s, &o, &err) == PR_OK, "%s", err.msg);
	ck_assert_ptr_nonnull(f);
	return f;
}

static const char *const roles[] = { "debit", "record", "credit", "fee" };
static const char *const issue_kinds[] = {
	"ambiguous", "unmatched", "conflict", "decision"
};

/* One flow: its header line, then one line per piece of evidence. With
 * @p with_id 0 the flow's id is left out. */
static void
dump_flow(tu_buf *b, const pr_flow *fl, int with_id, int with_what)
{
	char d[16];
	size_t i;

	pr_date_format(d, fl->date);
	if (with_id)
		tu_buf_printf(b, "F%lu ", fl->id);
	tu_buf_printf(b, "%s %s %s", d, fl->currency, fl->amount);
	if (*fl->to_currency)
		tu_buf_printf(b, " -> %s %s", fl->to_currency, fl->to_amount);
	tu_buf_printf(b, " [%s] -> [%s]", fl->from, fl->to);
	if (*fl->fee)
		tu_buf_printf(b, " fee %s", fl->fee);
	if (*fl->note)
		tu_buf_printf(b, " note {%s}", fl->note);
	if (fl->lead)
		tu_buf_printf(b, " lead");
	tu_buf_printf(b, "\n");
	for (i = 0; i < fl->n_evidence; i++) {
		const pr_evidence *e = &fl->evidence[i];

		pr_date_format(d, e->date);
		tu_buf_printf(b, "  %s %s %s:%lu %s %s %s", roles[e->role],
			      e->kind, e->document, e->line, d, e->currency,
			      e->amount);
		if (with_what)
			tu_buf_printf(b, " <%s>", e->what);
		if (*e->basis)
			tu_buf_printf(b, " {%s}", e->basis);
		tu_buf_printf(b, "\n");
	}
}

static void
dump_issue(tu_buf *b, const pr_flow_issue *is)
{
	size_t i;

	tu_buf_printf(b, "I %s <%s> %s\n", issue_kinds[is->kind],
		      is->evidence, is->text);
	for (i = 0; i < is->n_candidates; i++)
		tu_buf_printf(b, "  c <%s>\n", is->candidates[i]);
}

/* Everything in @p f, in its own order. */
static void
dump(tu_buf *b, pr_flows *f, int with_what)
{
	size_t i, n = pr_flows_count(f);
	pr_flow fl;

	tu_buf_printf(b, "%s; %lu flows, %llu evidence, %llu joined\n",
		      pr_flows_parameters(f), (unsigned long)n,
		      (unsigned long long)pr_flows_evidence(f),
		      (unsigned long long)pr_flows_joined(f));
	for (i = 0; i < n; i++) {
		ck_assert_int_eq(pr_flows_get(f, i, &fl), PR_OK);
		ck_assert_uint_eq(fl.id, i + 1);
		dump_flow(b, &fl, 1, with_what);
	}
	for (i = 0; i < pr_flows_issue_count(f); i++)
		dump_issue(b, pr_flows_issue(f, i));
}

static void
expect_text(const char *got, const char *want)
{
	if (strcmp(got, want) != 0)
		ck_abort_msg("got\n%s\nwant\n%s", got, want);
}

/* Match with the options and compare everything (without the texts of
 * the evidence) with @p want. */
static void
expect_flows(int window, const char *tol, const char *want)
{
	pr_flows *f = match_opts(st, window, tol);
	tu_buf b = { 0 };

	dump(&b, f, 0);
	pr_flows_free(f);
	expect_text(b.s, want);
	tu_buf_free(&b);
}

/* ---------------------------------------------------------------- */
/* reference keys, records to their accounts, leads, closings */

START_TEST(test_match_imad_three_documents)
{
	fixture("three-docs", BANK, "psb-business-0932.csv", "schwab",
		"PSB business 0932");
	fixture("three-docs", BANK, "bayou-savings-7305518.csv", "dcu",
		"Bayou Savings 7305518");
	fixture("three-docs", WIRE, "wires.csv", NULL, NULL);
	expect_flows(3, NULL,
	"window 3 business days, fee tolerance 50; 1 flows, 3 evidence, "
	"2 joined\n"
	"F1 2023-06-14 USD 12500.00 [PSB business 0932] -> "
	"[Bayou Savings 7305518]\n"
	"  debit bank psb-business-0932.csv:2 2023-06-14 USD -12500.00 "
	"{IMAD/OMAD 20230614QMGFT015000201}\n"
	"  record wire wires.csv:2 2023-06-14 USD 12500.00\n"
	"  credit bank bayou-savings-7305518.csv:2 2023-06-14 USD 12500.00 "
	"{IMAD/OMAD 20230614QMGFT015000201}\n");
}
END_TEST

/* fixtures/flows/fee: the wire takes the debit of its instructed amount
 * and the credit of its settled amount, by the accounts it names. (The
 * basis texts are left out: both say "less a fee of 25.00", see the
 * matcher findings.) */
START_TEST(test_match_wire_fee)
{
	static const char *const docs[] = {
		"psb-business-0932.csv", "wires.csv",
		"magnolia-coast-400221.csv"
	};
	pr_flows *f;
	pr_flow fl;
	size_t i;

	fixture("fee", BANK, "psb-business-0932.csv", "schwab",
		"PSB business 0932");
	fixture("fee", BANK, "magnolia-coast-400221.csv", "dcu",
		"Magnolia Coast Bank 400221");
	fixture("fee", WIRE, "wires.csv", NULL, NULL);
	f = match_opts(st, 3, NULL);
	ck_assert_uint_eq(pr_flows_count(f), 1);
	ck_assert_uint_eq(pr_flows_issue_count(f), 0);
	ck_assert_int_eq(pr_flows_get(f, 0, &fl), PR_OK);
	ck_assert_str_eq(fl.from, "PSB business 0932");
	ck_assert_str_eq(fl.to, "Magnolia Coast Bank 400221");
	ck_assert_str_eq(fl.amount, "25000.00");
	ck_assert_str_eq(fl.fee, "25.00");
	ck_assert_str_eq(fl.note, "");
	ck_assert_int_eq(fl.lead, 0);
	ck_assert_uint_eq(fl.n_evidence, 3);
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(fl.evidence[i].role, (int)i);
		ck_assert_str_eq(fl.evidence[i].document, docs[i]);
		ck_assert_uint_eq(fl.evidence[i].line, 2);
	}
	ck_assert_str_eq(fl.evidence[1].amount, "24975.00");
	ck_assert_str_eq(fl.evidence[2].amount, "24975.00");
	ck_assert_msg(strncmp(fl.evidence[2].basis, "account named by the "
			      "record", 27) == 0, "%s", fl.evidence[2].basis);
	pr_flows_free(f);
}
END_TEST

/* A wire of 25,000.00 whose beneficiary receives 24,975.00: the credit
 * joins when the tolerance is 25 or more, not with 10. */
#define FEE_CASE() do {							\
	bank("a.csv", "ACCT 1001", "2023-05-02,-25000.00,WIRE OUT,,\n");\
	bank("b.csv", "ACCT 2002", "2023-05-02,24975.00,WIRE IN,,\n");	\
	imp(WIRE, "w.csv", WHEAD "2023-05-02,25000.00,USD,PELICAN,1001,"\
	    "065403626,COASTLINE,2002,065400137,,,,,,,\n", NULL);	\
} while (0)

START_TEST(test_match_fee_tolerance)
{
	FEE_CASE();
	expect_flows(3, "25",
	"window 3 business days, fee tolerance 25; 1 flows, 3 evidence, "
	"2 joined\n"
	"F1 2023-05-02 USD 25000.00 [ACCT 1001] -> [ACCT 2002] fee 25.00\n"
	"  debit bank a.csv:2 2023-05-02 USD -25000.00\n"
	"  record wire w.csv:2 2023-05-02 USD 25000.00 {account named by "
	"the record, same amount, 0 business days apart, the only "
	"candidate}\n"
	"  credit bank b.csv:2 2023-05-02 USD 24975.00 {account named by "
	"the record, less a fee of 25.00, 0 business days apart, the only "
	"candidate}\n");
}
END_TEST

START_TEST(test_match_fee_tolerance_exceeded)
{
	FEE_CASE();
	expect_flows(3, "10",
	"window 3 business days, fee tolerance 10; 2 flows, 3 evidence, "
	"1 joined\n"
	"F1 2023-05-02 USD 25000.00 [ACCT 1001] -> [COASTLINE acct 2002 @ "
	"065400137]\n"
	"  debit bank a.csv:2 2023-05-02 USD -25000.00\n"
	"  record wire w.csv:2 2023-05-02 USD 25000.00 {account named by "
	"the record, same amount, 0 business days apart, the only "
	"candidate}\n"
	"F2 2023-05-02 USD 24975.00 [outside] -> [ACCT 2002]\n"
	"  credit bank b.csv:2 2023-05-02 USD 24975.00\n"
	"I unmatched <w.csv:2 PELICAN acct 1001 @ 065403626 -> COASTLINE "
	"acct 2002 @ 065400137> a wire to an account in the case; no credit "
	"of it was found within the window\n");
}
END_TEST

START_TEST(test_match_lead)
{
	fixture("lead", BANK, "psb-business-0932.csv", "schwab",
		"PSB business 0932");
	fixture("lead", WIRE, "wires.csv", NULL, NULL);
	bank("c.csv", "ACCT 3003", "2023-06-21,-450.00,PAYMENT,,998877\n");
	expect_flows(3, NULL,
	"window 3 business days, fee tolerance 50; 2 flows, 3 evidence, "
	"1 joined\n"
	"F1 2023-06-20 USD 7800.00 [PSB business 0932] -> [unknown account "
	"SUNRISE TRADING LLC acct 998877 @ 114922443 (lead)] note {lead: an "
	"account not in the case} lead\n"
	"  debit bank psb-business-0932.csv:2 2023-06-20 USD -7800.00 "
	"{IMAD/OMAD 20230620QMGFT015000517}\n"
	"  record wire wires.csv:2 2023-06-20 USD 7800.00\n"
	"F2 2023-06-21 USD 450.00 [ACCT 3003] -> [unknown account 998877 "
	"(lead)] note {lead: an account not in the case} lead\n"
	"  debit bank c.csv:2 2023-06-21 USD -450.00\n");
}
END_TEST

START_TEST(test_match_mortgage)
{
	fixture("closing", BANK, "gcfcu-checking-4417.csv", "dcu",
		"GCFCU checking 4417");
	fixture("closing", PROPERTY, "property.csv", NULL, NULL);
	expect_flows(3, NULL,
	"window 3 business days, fee tolerance 50; 3 flows, 5 evidence, "
	"2 joined\n"
	"F1 2023-08-18 USD 8735.50 [GCFCU checking 4417] -> [asset H2 (APN "
	"1309-17-044.000)]\n"
	"  debit bank gcfcu-checking-4417.csv:2 2023-08-18 USD -8735.50\n"
	"  credit funding property.csv:4 2023-08-18 USD 8735.50 {same "
	"amount, 0 business days apart, the only candidate}\n"
	"F2 2023-08-18 USD 62000.00 [GCFCU checking 4417] -> [asset H2 (APN "
	"1309-17-044.000)]\n"
	"  debit bank gcfcu-checking-4417.csv:3 2023-08-18 USD -62000.00\n"
	"  credit funding property.csv:3 2023-08-18 USD 62000.00 {IMAD/OMAD "
	"20230818QMGFT015000402}\n"
	"F3 2023-08-18 USD 180000.00 [outside: FIRST COAST MORTGAGE CO "
	"(loan)] -> [asset H2 (APN 1309-17-044.000)] note {loan: outside "
	"money}\n"
	"  credit funding property.csv:5 2023-08-18 USD 180000.00\n");
}
END_TEST

/* ---------------------------------------------------------------- */
/* amount and date: window, weekends, ambiguity, hints */

/* Monday 2023-06-05 to Wednesday 2023-06-07: two business days. */
START_TEST(test_match_window)
{
	bank("a.csv", "ACCT 1001", "2023-06-05,-700.00,TRANSFER OUT,,\n");
	bank("b.csv", "ACCT 2002", "2023-06-07,700.00,TRANSFER IN,,\n");
	expect_flows(1, NULL,
	"window 1 business days, fee tolerance 50; 2 flows, 2 evidence, "
	"0 joined\n"
	"F1 2023-06-05 USD 700.00 [ACCT 1001] -> [outside]\n"
	"  debit bank a.csv:2 2023-06-05 USD -700.00\n"
	"F2 2023-06-07 USD 700.00 [outside] -> [ACCT 2002]\n"
	"  credit bank b.csv:2 2023-06-07 USD 700.00\n");
	expect_flows(2, NULL,
	"window 2 business days, fee tolerance 50; 1 flows, 2 evidence, "
	"1 joined\n"
	"F1 2023-06-05 USD 700.00 [ACCT 1001] -> [ACCT 2002]\n"
	"  debit bank a.csv:2 2023-06-05 USD -700.00\n"
	"  credit bank b.csv:2 2023-06-07 USD 700.00 {same amount, 2 "
	"business days apart, the only candidate}\n");
}
END_TEST

/* Friday 2023-06-09 to Monday 2023-06-12: one business day, although
 * three calendar days; a Saturday to the Monday is none. */
START_TEST(test_match_weekend)
{
	bank("a.csv", "ACCT 1001", "2023-06-09,-800.00,TRANSFER OUT,,\n"
	     "2023-06-10,-900.00,TRANSFER OUT,,\n");
	bank("b.csv", "ACCT 2002", "2023-06-12,800.00,TRANSFER IN,,\n"
	     "2023-06-12,900.00,TRANSFER IN,,\n");
	expect_flows(1, NULL,
	"window 1 business days, fee tolerance 50; 2 flows, 4 evidence, "
	"2 joined\n"
	"F1 2023-06-09 USD 800.00 [ACCT 1001] -> [ACCT 2002]\n"
	"  debit bank a.csv:2 2023-06-09 USD -800.00\n"
	"  credit bank b.csv:2 2023-06-12 USD 800.00 {same amount, 1 "
	"business day apart, the only candidate}\n"
	"F2 2023-06-10 USD 900.00 [ACCT 1001] -> [ACCT 2002]\n"
	"  debit bank a.csv:3 2023-06-10 USD -900.00\n"
	"  credit bank b.csv:3 2023-06-12 USD 900.00 {same amount, 0 "
	"business days apart, the only candidate}\n");
	expect_flows(0, NULL,
	"window 0 business days, fee tolerance 50; 3 flows, 4 evidence, "
	"1 joined\n"
	"F1 2023-06-09 USD 800.00 [ACCT 1001] -> [outside]\n"
	"  debit bank a.csv:2 2023-06-09 USD -800.00\n"
	"F2 2023-06-10 USD 900.00 [ACCT 1001] -> [ACCT 2002]\n"
	"  debit bank a.csv:3 2023-06-10 USD -900.00\n"
	"  credit bank b.csv:3 2023-06-12 USD 900.00 {same amount, 0 "
	"business days apart, the only candidate}\n"
	"F3 2023-06-12 USD 800.00 [outside] -> [ACCT 2002]\n"
	"  credit bank b.csv:2 2023-06-12 USD 800.00\n");
}
END_TEST

static void
ambiguous_case(void)
{
	fixture("ambiguous", BANK, "gcfcu-checking-4417.csv", "dcu",
		"GCFCU checking 4417");
	fixture("ambiguous", BANK, "psb-business-0932.csv", "schwab",
		"PSB business 0932");
	fixture("ambiguous", BANK, "coastal-savings-2288.csv", "schwab",
		"Coastal Savings 2288");
}

START_TEST(test_match_ambiguous)
{
	pr_flows *f;
	const pr_flow_issue *is;

	ambiguous_case();
	f = match_opts(st, 3, NULL);
	ck_assert_uint_eq(pr_flows_count(f), 3);
	ck_assert_uint_eq(pr_flows_joined(f), 0);
	ck_assert_uint_eq(pr_flows_issue_count(f), 1);
	is = pr_flows_issue(f, 0);
	ck_assert_int_eq(is->kind, PR_ISSUE_AMBIGUOUS);
	ck_assert_str_eq(is->evidence, "gcfcu-checking-4417.csv:2 GCFCU "
			 "checking 4417: ONLINE TRANSFER OUT");
	ck_assert_str_eq(is->text, "several credits of the same amount fit; "
			 "none is taken");
	ck_assert_uint_eq(is->n_candidates, 2);
	ck_assert_str_eq(is->candidates[0], "psb-business-0932.csv:2 PSB "
			 "business 0932: ACH ONLINE TRANSFER IN");
	ck_assert_str_eq(is->candidates[1], "coastal-savings-2288.csv:2 "
			 "Coastal Savings 2288: DEPOSIT TRANSFER IN");
	ck_assert_ptr_null(pr_flows_issue(f, 1));
	pr_flows_free(f);
	/* With a window of one day neither credit is a candidate. */
	f = match_opts(st, 1, NULL);
	ck_assert_uint_eq(pr_flows_count(f), 3);
	ck_assert_uint_eq(pr_flows_issue_count(f), 0);
	pr_flows_free(f);
}
END_TEST

/* Two credits of the amount and one debit: the counter-account column
 * (or a masked account in the text) decides, by its last four digits;
 * without it the debit is ambiguous. */
START_TEST(test_match_hint)
{
	bank("a.csv", "GCFCU checking 4417",
	     "2023-06-05,-3500.00,TRANSFER TO ACCT ***0932,,\n"
	     "2023-06-05,-1200.00,ONLINE TRANSFER,,PSB 0932\n"
	     "2023-06-05,-600.00,ONLINE TRANSFER,,\n");
	bank("b.csv", "PSB business 0932", "2023-06-07,3500.00,ACH IN,,\n"
	     "2023-06-07,1200.00,ACH IN,,\n"
	     "2023-06-07,600.00,ACH IN,,\n");
	bank("c.csv", "Coastal Savings 2288",
	     "2023-06-06,3500.00,DEPOSIT,,\n"
	     "2023-06-06,1200.00,DEPOSIT,,\n"
	     "2023-06-06,600.00,DEPOSIT,,\n");
	expect_flows(3, NULL,
	"window 3 business days, fee tolerance 50; 7 flows, 9 evidence, "
	"2 joined\n"
	"F1 2023-06-05 USD 3500.00 [GCFCU checking 4417] -> "
	"[PSB business 0932]\n"
	"  debit bank a.csv:2 2023-06-05 USD -3500.00\n"
	"  credit bank b.csv:2 2023-06-07 USD 3500.00 {same amount, 2 "
	"business days apart, the only candidate}\n"
	"F2 2023-06-05 USD 1200.00 [GCFCU checking 4417] -> "
	"[PSB business 0932]\n"
	"  debit bank a.csv:3 2023-06-05 USD -1200.00\n"
	"  credit bank b.csv:3 2023-06-07 USD 1200.00 {same amount, 2 "
	"business days apart, the only candidate}\n"
	"F3 2023-06-05 USD 600.00 [GCFCU checking 4417] -> [outside]\n"
	"  debit bank a.csv:4 2023-06-05 USD -600.00\n"
	"F4 2023-06-06 USD 3500.00 [outside] -> [Coastal Savings 2288]\n"
	"  credit bank c.csv:2 2023-06-06 USD 3500.00\n"
	"F5 2023-06-06 USD 1200.00 [outside] -> [Coastal Savings 2288]\n"
	"  credit bank c.csv:3 2023-06-06 USD 1200.00\n"
	"F6 2023-06-06 USD 600.00 [outside] -> [Coastal Savings 2288]\n"
	"  credit bank c.csv:4 2023-06-06 USD 600.00\n"
	"F7 2023-06-07 USD 600.00 [outside] -> [PSB business 0932]\n"
	"  credit bank b.csv:4 2023-06-07 USD 600.00\n"
	"I ambiguous <a.csv:4 GCFCU checking 4417: ONLINE TRANSFER> "
	"several credits of the same amount fit; none is taken\n"
	"  c <c.csv:4 Coastal Savings 2288: DEPOSIT>\n"
	"  c <b.csv:4 PSB business 0932: ACH IN>\n");
}
END_TEST

/* ---------------------------------------------------------------- */
/* the analyst's decisions */

START_TEST(test_match_decisions)
{
	bank("a.csv", "ACCT 1001", "2023-06-05,-100.00,OUT,,\n"
	     "2023-06-05,-200.00,OUT,,\n"
	     "2023-06-05,-300.00,OUT,,\n");
	bank("b.csv", "ACCT 2002", "2023-06-06,100.00,IN,,\n"
	     "2023-06-06,200.00,IN,,\n");
	bank("c.csv", "ACCT 3003", "2023-06-06,100.00,IN,,\n");
	imp(PROPERTY, "p.csv", PHEAD "asset,H1,vehicle,VIN1,car,D-1,,"
	    "2023-06-01,500.00,USD,,,\n", NULL);
	imp(DECISIONS, "dec.csv", DHEAD
	    "join,a.csv:2,c.csv:2,escrow letter p. 2\n"
	    "never-join,b.csv:3,a.csv:3,a refund; statement footnote\n"
	    "join,a.csv:3,a.csv:4,two debits\n"
	    "join,p.csv:2,b.csv:2,asset record\n", NULL);
	expect_flows(3, NULL,
	"window 3 business days, fee tolerance 50; 5 flows, 6 evidence, "
	"1 joined\n"
	"F1 2023-06-05 USD 100.00 [ACCT 1001] -> [ACCT 3003]\n"
	"  debit bank a.csv:2 2023-06-05 USD -100.00\n"
	"  credit bank c.csv:2 2023-06-06 USD 100.00 {analyst decision "
	"dec.csv:2: escrow letter p. 2}\n"
	"F2 2023-06-05 USD 200.00 [ACCT 1001] -> [outside]\n"
	"  debit bank a.csv:3 2023-06-05 USD -200.00\n"
	"F3 2023-06-05 USD 300.00 [ACCT 1001] -> [outside]\n"
	"  debit bank a.csv:4 2023-06-05 USD -300.00\n"
	"F4 2023-06-06 USD 100.00 [outside] -> [ACCT 2002]\n"
	"  credit bank b.csv:2 2023-06-06 USD 100.00\n"
	"F5 2023-06-06 USD 200.00 [outside] -> [ACCT 2002]\n"
	"  credit bank b.csv:3 2023-06-06 USD 200.00\n"
	"I decision <> decision dec.csv:4 cannot join 'a.csv:3' and "
	"'a.csv:4': a flow has one debit and one credit\n"
	"I decision <> decision dec.csv:5 names 'p.csv:2', which is no "
	"evidence in the case\n");
}
END_TEST

/* ---------------------------------------------------------------- */
/* exchanges and chains */

#define H1 "1111111111111111111111111111111111111111111111111111111111111111"
#define H2 "2222222222222222222222222222222222222222222222222222222222222222"
#define H3 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define H4 "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
#define H5 "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"
#define HP "9999999999999999999999999999999999999999999999999999999999999999"
#define EA "0x1111111111111111111111111111111111111111"
#define EB "0x2222222222222222222222222222222222222222"
#define EC "0x3333333333333333333333333333333333333333"

START_TEST(test_match_trade)
{
	pr_profile *p = load_profile("exchange");
	char *path = tu_write(tmp, "x.csv", XHEAD
		"2024-03-01T10:00:00Z,Coinflow 7741,trade,USD,-100.00,,T-1,,,,"
		"buy\n"
		"2024-03-01T10:00:00Z,Coinflow 7741,trade,USDT,99.5,,T-1,,,,"
		"buy\n"
		"2024-03-01T10:00:00Z,Coinflow 7741,fee,USD,-0.20,,T-1,,,,"
		"fee\n"
		"2024-03-02T10:00:00Z,Coinflow 7741,trade,USD,-24000.00,,T-2,"
		",,,buy\n"
		"2024-03-02T10:00:00Z,Coinflow 7741,trade,BTC,0.4,,T-2,,,,"
		"buy\n");

	import_path(st, EXCHANGE, path, "x.csv", p, NULL);
	free(path);
	pr_profile_free(p);
	expect_flows(3, NULL,
	"window 3 business days, fee tolerance 50; 2 flows, 5 evidence, "
	"3 joined\n"
	"F1 2024-03-01 USD 100.00 -> USDT 99.500000 [Coinflow 7741] -> "
	"[Coinflow 7741] note {conversion: 1 USD = 0.995 USDT}\n"
	"  debit exchange x.csv:2 2024-03-01 USD -100.00\n"
	"  credit exchange x.csv:3 2024-03-01 USDT 99.500000 {trade T-1}\n"
	"  fee exchange x.csv:4 2024-03-01 USD -0.20 {trade T-1}\n"
	"F2 2024-03-02 USD 24000.00 -> BTC 0.40000000 [Coinflow 7741] -> "
	"[Coinflow 7741] note {conversion: 1 BTC = 60000 USD}\n"
	"  debit exchange x.csv:5 2024-03-02 USD -24000.00\n"
	"  credit exchange x.csv:6 2024-03-02 BTC 0.40000000 {trade T-2}\n");
}
END_TEST

/* Exchange withdrawals and the on-chain outputs they paid: by hash
 * (a BTC hash as written; an ETH hash named with and without 0x), and
 * by address and amount when the exchange gives no hash. */
START_TEST(test_match_chain)
{
	pr_profile *p = load_profile("exchange");
	char *path;

	imp(CHAIN, "btc.csv", CHEAD
	    "BTC," H1 ",1,2024-03-02T16:00:00Z,ok,0.0001,in,0,bc1qin,BTC,"
	    "0.5001," HP ",0\n"
	    "BTC," H1 ",1,2024-03-02T16:00:00Z,ok,0.0001,out,0,bc1qdest,BTC,"
	    "0.3,,\n"
	    "BTC," H1 ",1,2024-03-02T16:00:00Z,ok,0.0001,out,1,bc1qchange,"
	    "BTC,0.2,,\n"
	    "BTC," H2 ",2,2024-03-04T09:00:00Z,ok,0.0001,in,0,bc1qin2,BTC,"
	    "0.2501," HP ",1\n"
	    "BTC," H2 ",2,2024-03-04T09:00:00Z,ok,0.0001,out,0,bc1qaddr,BTC,"
	    "0.25,,\n", NULL);
	imp(CHAIN, "eth.csv", CHEAD
	    "ETH,0x" H3 ",3,2024-03-05T09:00:00Z,ok,0.001,in,0," EA ",ETH,"
	    "1.5,,\n"
	    "ETH,0x" H3 ",3,2024-03-05T09:00:00Z,ok,0.001,out,0," EB ",ETH,"
	    "1.5,,\n"
	    "ETH,0x" H4 ",4,2024-03-06T09:00:00Z,ok,0.001,in,0," EA ",ETH,"
	    "2,,\n"
	    "ETH,0x" H4 ",4,2024-03-06T09:00:00Z,ok,0.001,out,0," EC ",ETH,"
	    "2,,\n", NULL);
	path = tu_write(tmp, "x.csv", XHEAD
		"2024-03-02T15:59:00Z,Coinflow 7741,withdrawal,BTC,-0.3,,,"
		H1 ",bc1qdest,,out\n"
		"2024-03-04T08:59:00Z,Coinflow 7741,withdrawal,BTC,-0.25,,,,"
		"bc1qaddr,,out\n"
		"2024-03-05T08:59:00Z,Coinflow 7741,withdrawal,ETH,-1.5,,,"
		H3 "," EB ",,out\n"
		"2024-03-06T08:59:00Z,Coinflow 7741,withdrawal,ETH,-2,,,0x"
		H4 "," EC ",,out\n");
	import_path(st, EXCHANGE, path, "x.csv", p, NULL);
	free(path);
	pr_profile_free(p);
	expect_flows(3, NULL,
	"window 3 business days, fee tolerance 50; 9 flows, 13 evidence, "
	"4 joined\n"
	"F1 2024-03-02 BTC 0.00010000 [inputs of BTC tx " H1 "] -> "
	"[network fee]\n"
	"  record chain btc.csv:2 2024-03-02 BTC 0.00010000\n"
	"F2 2024-03-02 BTC 0.30000000 [Coinflow 7741] -> [bc1qdest]\n"
	"  debit exchange x.csv:2 2024-03-02 BTC -0.30000000 {transaction "
	"hash " H1 "}\n"
	"  record chain btc.csv:2 2024-03-02 BTC 0.30000000\n"
	"F3 2024-03-02 BTC 0.20000000 [bc1qin] -> [bc1qchange]\n"
	"  record chain btc.csv:2 2024-03-02 BTC 0.20000000\n"
	"F4 2024-03-04 BTC 0.00010000 [inputs of BTC tx " H2 "] -> "
	"[network fee]\n"
	"  record chain btc.csv:5 2024-03-04 BTC 0.00010000\n"
	"F5 2024-03-04 BTC 0.25000000 [Coinflow 7741] -> [bc1qaddr]\n"
	"  debit exchange x.csv:3 2024-03-04 BTC -0.25000000 {address and "
	"amount, 0 days apart, the only candidate}\n"
	"  record chain btc.csv:5 2024-03-04 BTC 0.25000000\n"
	"F6 2024-03-05 ETH 0.001000000000000000 [inputs of ETH tx 0x" H3
	"] -> [network fee]\n"
	"  record chain eth.csv:2 2024-03-05 ETH 0.001000000000000000\n"
	"F7 2024-03-05 ETH 1.500000000000000000 [Coinflow 7741] -> [" EB
	"]\n"
	"  debit exchange x.csv:4 2024-03-05 ETH -1.500000000000000000 "
	"{transaction hash " H3 "}\n"
	"  record chain eth.csv:2 2024-03-05 ETH 1.500000000000000000\n"
	"F8 2024-03-06 ETH 0.001000000000000000 [inputs of ETH tx 0x" H4
	"] -> [network fee]\n"
	"  record chain eth.csv:4 2024-03-06 ETH 0.001000000000000000\n"
	"F9 2024-03-06 ETH 2.000000000000000000 [Coinflow 7741] -> [" EC
	"]\n"
	"  debit exchange x.csv:5 2024-03-06 ETH -2.000000000000000000 "
	"{transaction hash " H4 "}\n"
	"  record chain eth.csv:4 2024-03-06 ETH 2.000000000000000000\n");
}
END_TEST

/* ---------------------------------------------------------------- */
/* options */

START_TEST(test_match_invalid_options)
{
	pr_match_options o = PR_MATCH_OPTIONS_INIT;
	pr_flows *f = (pr_flows *)&o;
	pr_error err;

	pr_error_clear(&err);
	o.window = -1;
	ck_assert_int_eq(pr_match(&f, st, &o, &err), PR_EINVALID);
	ck_assert_int_eq(err.code, PR_EINVALID);
	ck_assert_ptr_null(f);
	ck_assert_str_eq(err.msg, "a window of -1 business days: give 0 to "
			 "365");
	o.window = 366;
	ck_assert_int_eq(pr_match(&f, st, &o, &err), PR_EINVALID);
	o.window = 3;
	o.fee_tolerance = "abc";
	pr_error_clear(&err);
	f = (pr_flows *)&o;
	ck_assert_int_eq(pr_match(&f, st, &o, &err), PR_EINVALID);
	ck_assert_ptr_null(f);
	ck_assert_str_eq(err.msg, "fee tolerance 'abc' is not a decimal "
			 "amount");
	o.fee_tolerance = "-5";
	ck_assert_int_eq(pr_match(&f, st, &o, &err), PR_EINVALID);
	ck_assert_int_eq(pr_match(&f, NULL, NULL, &err), PR_EINVALID);
	ck_assert_int_eq(pr_match(NULL, st, NULL, &err), PR_EINVALID);
	/* the limits themselves are fine */
	o.window = 365;
	o.fee_tolerance = "0";
	ck_assert_int_eq(pr_match(&f, st, &o, &err), PR_OK);
	ck_assert_str_eq(pr_flows_parameters(f), "window 365 business days, "
			 "fee tolerance 0");
	pr_flows_free(f);
}
END_TEST

START_TEST(test_match_empty)
{
	pr_flows *f = match_opts(st, 3, NULL);
	pr_flow fl;

	ck_assert_uint_eq(pr_flows_count(f), 0);
	ck_assert_uint_eq(pr_flows_evidence(f), 0);
	ck_assert_uint_eq(pr_flows_joined(f), 0);
	ck_assert_uint_eq(pr_flows_issue_count(f), 0);
	ck_assert_int_eq(pr_flows_get(f, 0, &fl), PR_EINVALID);
	ck_assert_str_eq(pr_flows_parameters(f), "window 3 business days, "
			 "fee tolerance 50");
	pr_flows_free(f);
	pr_flows_free(NULL);
	ck_assert_uint_eq(pr_flows_count(NULL), 0);
}
END_TEST

/* ---------------------------------------------------------------- */
/* property tests: random cases, fixed seeds */

#define P_CASES 50
#define P_ACCTS 10
#define P_UNIQUE 80
#define P_LATE 10
#define P_WIRES 15
#define P_NOISE 150
#define P_NEVER 5
#define P_JOIN 3
#define P_ROWS (2 * (P_UNIQUE + P_LATE + P_WIRES) + P_NOISE)

enum { PAIR_TRUE, PAIR_LATE, PAIR_NEVER, PAIR_WIRE, PAIR_WIRE_OVER,
       PAIR_JOIN };

struct prow {
	int32_t date;
	int64_t cents;      /* signed: debits negative */
	int acct;
	int id;
	unsigned line;
	int used;           /* noise: named by a decision */
};

struct pwire {
	int32_t date;
	int64_t cents;
	int from, to;
	unsigned line;
};

struct ppair {
	int kind;
	int debit, credit;  /* row ids */
	int wire;           /* index into wires, or -1 */
};

struct pcase {
	struct prow rows[P_ROWS];
	int n_rows;
	struct pwire wires[P_WIRES];
	int n_wires;
	struct ppair pairs[P_UNIQUE + P_LATE + P_WIRES + P_JOIN];
	int n_pairs;
	int window;
	int64_t tol;
	char tol_text[32];
	char *files[P_ACCTS + 2]; /* bank files, wires, decisions */
};

/* Weekdays in [min(a, b), max(a, b)): what "business days apart" means,
 * computed here independently of the matcher. */
static int
bdays(int32_t a, int32_t b)
{
	int32_t lo = a < b ? a : b, hi = a < b ? b : a, d;
	int n = 0;

	for (d = lo; d < hi; d++)
		n += ((d % 7 + 7 + 3) % 7) < 5;
	return n;
}

/* "-1234.56" in cents (USD only in these cases). */
static int64_t
cents_of(const char *s)
{
	int64_t v = 0;
	int neg = *s == '-', frac = -1;

	if (neg)
		s++;
	for (; *s; s++) {
		if (*s == '.') {
			frac = 0;
			continue;
		}
		ck_assert_msg(*s >= '0' && *s <= '9', "amount %s", s);
		v = v * 10 + (*s - '0');
		if (frac >= 0)
			frac++;
	}
	ck_assert_int_eq(frac, 2);
	return neg ? -v : v;
}

static int
add_row(struct pcase *c, int acct, int32_t date, int64_t cents)
{
	struct prow *r = &c->rows[c->n_rows];

	ck_assert_int_lt(c->n_rows, P_ROWS);
	r->acct = acct;
	r->date = date;
	r->cents = cents;
	r->id = c->n_rows;
	r->used = 0;
	return c->n_rows++;
}

static int
other_acct(tu_rng *rng, int a)
{
	return (a + 1 + (int)tu_rng_below(rng, P_ACCTS - 1)) % P_ACCTS;
}

static int
cmp_row(const void *a, const void *b)
{
	const struct prow *x = a, *y = b;

	if (x->acct != y->acct)
		return x->acct < y->acct ? -1 : 1;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

static const char *
money(char *buf, size_t size, int64_t cents)
{
	int64_t a = cents < 0 ? -cents : cents;

	snprintf(buf, size, "%s%lld.%02lld", cents < 0 ? "-" : "",
		 (long long)(a / 100), (long long)(a % 100));
	return buf;
}

/* Write the case's files into tmp; fills c->files. */
static void
gen_files(struct pcase *c)
{
	struct prow *sorted = malloc(sizeof(c->rows));
	int *line_of = malloc(sizeof(int) * P_ROWS);
	tu_buf b = { 0 };
	char name[32], d[16], m[32];
	int a, i, k = 0;

	ck_assert_ptr_nonnull(sorted);
	ck_assert_ptr_nonnull(line_of);
	memcpy(sorted, c->rows, sizeof(c->rows));
	qsort(sorted, (size_t)c->n_rows, sizeof(*sorted), cmp_row);
	for (a = 0; a < P_ACCTS; a++) {
		unsigned line = 2;

		b.len = 0;
		tu_buf_printf(&b, "%s", HEAD);
		for (; k < c->n_rows && sorted[k].acct == a; k++) {
			pr_date_format(d, sorted[k].date);
			tu_buf_printf(&b, "%s,%s,TRANSFER %s,,\n", d,
				      money(m, sizeof(m), sorted[k].cents),
				      sorted[k].cents < 0 ? "OUT" : "IN");
			line_of[sorted[k].id] = (int)line++;
		}
		snprintf(name, sizeof(name), "acct%02d.csv", a);
		c->files[a] = tu_write(tmp, name, b.s);
	}
	for (i = 0; i < c->n_rows; i++)
		c->rows[i].line = (unsigned)line_of[i];
	b.len = 0;
	tu_buf_printf(&b, "%s", WHEAD);
	for (i = 0; i < c->n_wires; i++) {
		struct pwire *w = &c->wires[i];

		pr_date_format(d, w->date);
		tu_buf_printf(&b, "%s,%s,USD,SENDER %d,%d,065403626,"
			      "RECEIVER %d,%d,065400137,,,,,,,\n", d,
			      money(m, sizeof(m), w->cents), w->from,
			      1001 + w->from, w->to, 1001 + w->to);
		w->line = (unsigned)i + 2;
	}
	c->files[P_ACCTS] = tu_write(tmp, "wires.csv", b.s);
	b.len = 0;
	tu_buf_printf(&b, "%s", DHEAD);
	for (i = 0; i < c->n_pairs; i++) {
		const struct ppair *p = &c->pairs[i];
		const struct prow *x = &c->rows[p->debit];
		const struct prow *y = &c->rows[p->credit];

		if (p->kind != PAIR_NEVER && p->kind != PAIR_JOIN)
			continue;
		/* never-join names the credit first: either order holds */
		if (p->kind == PAIR_NEVER)
			tu_buf_printf(&b, "never-join,acct%02d.csv:%u,"
				      "acct%02d.csv:%u,not one movement\n",
				      y->acct, y->line, x->acct, x->line);
		else
			tu_buf_printf(&b, "join,acct%02d.csv:%u,"
				      "acct%02d.csv:%u,bank letter\n",
				      x->acct, x->line, y->acct, y->line);
	}
	c->files[P_ACCTS + 1] = tu_write(tmp, "dec.csv", b.s);
	tu_buf_free(&b);
	free(sorted);
	free(line_of);
}

static void
gen_case(struct pcase *c, tu_rng *rng)
{
	static const int64_t tols[] = { 0, 1000, 2500, 5000 };
	static const int64_t noise[] = { 5000, 10000, 12345, 20000, 25000 };
	pr_date base;
	int64_t next = 10000000;
	int i, n_deb = 0, n_cre = 0;
	int deb[P_NOISE], cre[P_NOISE];

	memset(c, 0, sizeof(*c));
	c->window = (int)tu_rng_range(rng, 0, 5);
	c->tol = tols[tu_rng_below(rng, N_ELEMS(tols))];
	snprintf(c->tol_text, sizeof(c->tol_text), "%lld",
		 (long long)(c->tol / 100));
	ck_assert_int_eq(pr_date_from_ymd(&base, 2023, 1, 2, NULL), PR_OK);
	base += (pr_date)tu_rng_range(rng, 0, 200);
	/* noise first, so that every account has a row */
	for (i = 0; i < P_NOISE; i++) {
		int a = i < P_ACCTS ? i : (int)tu_rng_below(rng, P_ACCTS);
		int64_t v = noise[tu_rng_below(rng, N_ELEMS(noise))];
		int neg = (int)tu_rng_below(rng, 2);
		int r = add_row(c, a, base + (pr_date)tu_rng_range(rng, 0, 130),
				neg ? -v : v);

		if (neg)
			deb[n_deb++] = r;
		else
			cre[n_cre++] = r;
	}
	/* transfers seen on both sides, each of an amount of its own */
	for (i = 0; i < P_UNIQUE + P_LATE + P_WIRES; i++) {
		struct ppair *p = &c->pairs[c->n_pairs++];
		int a = (int)tu_rng_below(rng, P_ACCTS), b = other_acct(rng, a);
		int32_t d = base + (int32_t)tu_rng_range(rng, 0, 120), e;
		int64_t v = next + tu_rng_range(rng, 0, 49999), fee = 0;

		next += 100000;
		e = d + (int32_t)tu_rng_range(rng, 0, 6);
		p->wire = -1;
		if (i < P_UNIQUE) {
			p->kind = i < P_NEVER ? PAIR_NEVER : PAIR_TRUE;
		} else if (i < P_UNIQUE + P_LATE) {
			int want = c->window + 1 + (int)tu_rng_below(rng, 3);

			p->kind = PAIR_LATE;
			for (e = d + 1; bdays(d, e) < want; e++)
				;
		} else {
			int over = i >= P_UNIQUE + P_LATE + P_WIRES - 5;
			struct pwire *w = &c->wires[c->n_wires];

			p->kind = over ? PAIR_WIRE_OVER : PAIR_WIRE;
			fee = over ? c->tol + tu_rng_range(rng, 1, 3000) :
			      tu_rng_range(rng, 0, c->tol);
			w->date = d;
			w->cents = v;
			w->from = a;
			w->to = b;
			p->wire = c->n_wires++;
		}
		if (p->kind != PAIR_LATE && bdays(d, e) > c->window)
			e = d;
		p->debit = add_row(c, a, d, -v);
		p->credit = add_row(c, b, e, v - fee);
	}
	/* the analyst joins noise that nothing else would pair */
	for (i = 0; i < P_JOIN; i++) {
		struct ppair *p = &c->pairs[c->n_pairs];
		int x = deb[i], y;
		int k;

		for (k = 0; k < n_cre; k++) {
			y = cre[k];
			if (!c->rows[y].used &&
			    c->rows[y].acct != c->rows[x].acct)
				break;
		}
		ck_assert_int_lt(k, n_cre);
		c->rows[x].used = c->rows[y].used = 1;
		p->kind = PAIR_JOIN;
		p->debit = x;
		p->credit = y;
		p->wire = -1;
		c->n_pairs++;
	}
	gen_files(c);
}

static void
free_case(struct pcase *c)
{
	size_t i;

	for (i = 0; i < N_ELEMS(c->files); i++) {
		if (c->files[i] != NULL)
			unlink(c->files[i]);
		free(c->files[i]);
		c->files[i] = NULL;
	}
}

/* Import the case's files, bank files and wires in @p order (indexes
 * into files), decisions last. */
static pr_store *
build_case(struct pcase *c, const char *name, const int *order)
{
	pr_store *s = tu_case_new(tmp, name);
	int i;

	for (i = 0; i < P_ACCTS + 1; i++) {
		int f = order[i];
		const char *base = strrchr(c->files[f], '/') + 1;
		char acct[32];

		snprintf(acct, sizeof(acct), "ACCT %d", 1001 + f);
		import_path(s, f < P_ACCTS ? BANK : WIRE, c->files[f], base,
			    prof, f < P_ACCTS ? acct : NULL);
	}
	import_path(s, DECISIONS, c->files[P_ACCTS + 1], "dec.csv", NULL,
		    NULL);
	return s;
}

/* Where each piece of evidence is: "DOCUMENT:LINE" -> flow. */
struct where {
	char key[48];
	size_t flow;
	size_t size;        /* the flow's pieces of evidence */
};

static int
cmp_where(const void *a, const void *b)
{
	return strcmp(((const struct where *)a)->key,
		      ((const struct where *)b)->key);
}

static const struct where *
find_ev(const struct where *w, size_t n, const char *text)
{
	struct where key, *p;

	snprintf(key.key, sizeof(key.key), "%s", text);
	p = bsearch(&key, w, n, sizeof(*w), cmp_where);
	ck_assert_msg(p != NULL, "%s is in no flow", key.key);
	return p;
}

static size_t
flow_of(const struct where *w, size_t n, const char *doc, unsigned line)
{
	char key[48];

	snprintf(key, sizeof(key), "%s:%u", doc, line);
	return find_ev(w, n, key)->flow;
}

/* An issue's "DOCUMENT:LINE what" is in a flow of its own. */
static void
alone(const struct where *w, size_t n, const char *text, int seed)
{
	char key[48];
	size_t k = strcspn(text, " ");

	snprintf(key, sizeof(key), "%.*s", (int)k, text);
	ck_assert_msg(find_ev(w, n, key)->size == 1, "seed %d: ambiguous %s "
		      "was joined", seed, key);
}

static size_t
row_flow(const struct where *w, size_t n, const struct prow *r)
{
	char doc[32];

	snprintf(doc, sizeof(doc), "acct%02d.csv", r->acct);
	return flow_of(w, n, doc, r->line);
}

/* The invariants of one result (docs/matching.md). */
static void
check_invariants(struct pcase *c, pr_flows *f, int seed)
{
	size_t n = pr_flows_count(f), i, j, n_ev = 0, total = 0;
	struct where *w = malloc(sizeof(*w) * (size_t)(c->n_rows +
						       c->n_wires + 1));
	pr_flow fl;
	int k;

	ck_assert_ptr_nonnull(w);
	for (i = 0; i < n; i++) {
		const pr_evidence *d = NULL, *cr = NULL, *rec = NULL;
		int n_deb = 0, n_cre = 0, decided = 0;

		ck_assert_int_eq(pr_flows_get(f, i, &fl), PR_OK);
		ck_assert_uint_ge(fl.n_evidence, 1);
		total += fl.n_evidence;
		for (j = 0; j < fl.n_evidence; j++) {
			const pr_evidence *e = &fl.evidence[j];

			ck_assert_uint_lt(n_ev, (size_t)(c->n_rows +
							 c->n_wires));
			snprintf(w[n_ev].key, sizeof(w[n_ev].key), "%s:%lu",
				 e->document, e->line);
			w[n_ev].size = fl.n_evidence;
			w[n_ev++].flow = i;
			if (e->role == PR_ROLE_DEBIT)
				n_deb++, d = e;
			else if (e->role == PR_ROLE_CREDIT)
				n_cre++, cr = e;
			else if (e->role == PR_ROLE_RECORD)
				rec = e;
			if (strncmp(e->basis, "analyst decision", 16) == 0)
				decided = 1;
		}
		ck_assert_msg(n_deb <= 1 && n_cre <= 1, "seed %d: flow F%lu "
			      "has %d debits and %d credits", seed, fl.id,
			      n_deb, n_cre);
		if (decided || d == NULL || cr == NULL) {
			if (rec != NULL && d != NULL)
				ck_assert_int_le(bdays(d->date, rec->date),
						 c->window);
			continue;
		}
		if (rec != NULL) {
			int64_t fee = -cents_of(d->amount) -
				      cents_of(cr->amount);

			ck_assert_msg(fee >= 0 && fee <= c->tol, "seed %d: "
				      "F%lu fee %lld", seed, fl.id,
				      (long long)fee);
			ck_assert_int_le(bdays(d->date, rec->date), c->window);
			ck_assert_int_le(bdays(rec->date, cr->date),
					 c->window);
		} else {
			ck_assert_msg(cents_of(d->amount) ==
				      -cents_of(cr->amount), "seed %d: F%lu "
				      "joins %s and %s", seed, fl.id,
				      d->amount, cr->amount);
			ck_assert_msg(bdays(d->date, cr->date) <= c->window,
				      "seed %d: F%lu spans %d business days",
				      seed, fl.id, bdays(d->date, cr->date));
		}
	}
	/* every piece of evidence in exactly one flow */
	ck_assert_uint_eq(total, pr_flows_evidence(f));
	ck_assert_uint_eq(total, (size_t)(c->n_rows + c->n_wires));
	qsort(w, n_ev, sizeof(*w), cmp_where);
	for (i = 1; i < n_ev; i++)
		ck_assert_msg(strcmp(w[i - 1].key, w[i].key) != 0, "seed %d: "
			      "%s is in two flows", seed, w[i].key);
	/* never guess: an ambiguous piece of evidence and its candidates
	 * stay as they were */
	for (i = 0; i < pr_flows_issue_count(f); i++) {
		const pr_flow_issue *is = pr_flows_issue(f, i);

		if (is->kind != PR_ISSUE_AMBIGUOUS ||
		    strstr(is->text, "of the same amount") == NULL)
			continue;
		alone(w, n_ev, is->evidence, seed);
		for (j = 0; j < is->n_candidates; j++)
			alone(w, n_ev, is->candidates[j], seed);
	}
	/* what was generated as one movement */
	for (k = 0; k < c->n_pairs; k++) {
		const struct ppair *p = &c->pairs[k];
		size_t fd = row_flow(w, n_ev, &c->rows[p->debit]);
		size_t fc = row_flow(w, n_ev, &c->rows[p->credit]);
		size_t fw = p->wire < 0 ? fd :
			    flow_of(w, n_ev, "wires.csv",
				    c->wires[p->wire].line);

		switch (p->kind) {
		case PAIR_TRUE:
		case PAIR_JOIN:
		case PAIR_WIRE:
			ck_assert_msg(fd == fc && fd == fw, "seed %d: pair %d "
				      "(kind %d, acct%02d.csv:%u) not joined",
				      seed, k, p->kind,
				      c->rows[p->debit].acct,
				      c->rows[p->debit].line);
			break;
		case PAIR_WIRE_OVER:
			ck_assert_msg(fd == fw && fd != fc, "seed %d: pair %d",
				      seed, k);
			break;
		default: /* never-join, or too far apart */
			ck_assert_msg(fd != fc, "seed %d: pair %d (kind %d) "
				      "joined", seed, k, p->kind);
			break;
		}
	}
	free(w);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The flows and issues as sorted texts without flow ids: what must not
 * depend on the order in which the files were imported. */
static char *
canonical(pr_flows *f)
{
	size_t n = pr_flows_count(f), m = pr_flows_issue_count(f), i, j;
	char **parts = malloc(sizeof(char *) * (n + m + 1));
	tu_buf out = { 0 };
	pr_flow fl;

	ck_assert_ptr_nonnull(parts);
	for (i = 0; i < n; i++) {
		tu_buf b = { 0 };

		ck_assert_int_eq(pr_flows_get(f, i, &fl), PR_OK);
		dump_flow(&b, &fl, 0, 1);
		parts[i] = b.s;
	}
	for (i = 0; i < m; i++) {
		const pr_flow_issue *is = pr_flows_issue(f, i);
		char **c = malloc(sizeof(char *) * (is->n_candidates + 1));
		tu_buf b = { 0 };

		ck_assert_ptr_nonnull(c);
		for (j = 0; j < is->n_candidates; j++)
			c[j] = (char *)is->candidates[j];
		qsort(c, is->n_candidates, sizeof(*c), cmp_str);
		tu_buf_printf(&b, "I %s <%s> %s\n", issue_kinds[is->kind],
			      is->evidence, is->text);
		for (j = 0; j < is->n_candidates; j++)
			tu_buf_printf(&b, "  c <%s>\n", c[j]);
		free(c);
		parts[n + i] = b.s;
	}
	qsort(parts, n + m, sizeof(*parts), cmp_str);
	tu_buf_printf(&out, "%s; %llu evidence, %llu joined\n",
		      pr_flows_parameters(f),
		      (unsigned long long)pr_flows_evidence(f),
		      (unsigned long long)pr_flows_joined(f));
	for (i = 0; i < n + m; i++) {
		tu_buf_printf(&out, "%s", parts[i]);
		free(parts[i]);
	}
	free(parts);
	return out.s;
}

START_TEST(test_match_property)
{
	static struct pcase c;
	tu_rng rng;
	int seed;

	for (seed = 0; seed < P_CASES; seed++) {
		int order[P_ACCTS + 1], i;
		pr_store *s1, *s2;
		pr_flows *f1, *f2, *f3;
		tu_buf a = { 0 }, b = { 0 };
		char *x, *y, name[32];

		tu_rng_seed(&rng, TU_SEED + (uint64_t)seed);
		gen_case(&c, &rng);
		for (i = 0; i < P_ACCTS + 1; i++)
			order[i] = i;
		snprintf(name, sizeof(name), "p%d.prcd", seed);
		s1 = build_case(&c, name, order);
		f1 = match_opts(s1, c.window, c.tol_text);
		check_invariants(&c, f1, seed);
		/* the same case twice: the same output */
		f2 = match_opts(s1, c.window, c.tol_text);
		dump(&a, f1, 1);
		dump(&b, f2, 1);
		ck_assert_msg(strcmp(a.s, b.s) == 0, "seed %d: two runs "
			      "differ", seed);
		/* the same files in another order: the same flows */
		for (i = P_ACCTS; i > 0; i--) {
			int j = (int)tu_rng_below(&rng, (uint64_t)i + 1);
			int t = order[i];

			order[i] = order[j];
			order[j] = t;
		}
		snprintf(name, sizeof(name), "q%d.prcd", seed);
		s2 = build_case(&c, name, order);
		f3 = match_opts(s2, c.window, c.tol_text);
		check_invariants(&c, f3, seed);
		x = canonical(f1);
		y = canonical(f3);
		if (strcmp(x, y) != 0) {
			size_t at = 0;

			while (x[at] == y[at])
				at++;
			while (at > 0 && x[at - 1] != '\n')
				at--;
			ck_abort_msg("seed %d: the import order changes the "
				     "flows:\n%.300s\n-- in the other order --"
				     "\n%.300s", seed, x + at, y + at);
		}
		free(x);
		free(y);
		tu_buf_free(&a);
		tu_buf_free(&b);
		pr_flows_free(f1);
		pr_flows_free(f2);
		pr_flows_free(f3);
		pr_store_close(s1);
		pr_store_close(s2);
		free_case(&c);
	}
}
END_TEST

/* ---------------------------------------------------------------- */

static Suite *
match_suite(void)
{
	Suite *s = suite_create("match");
	TCase *tc;

	tc = tcase_create("keys");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_match_imad_three_documents);
	tcase_add_test(tc, test_match_wire_fee);
	tcase_add_test(tc, test_match_fee_tolerance);
	tcase_add_test(tc, test_match_fee_tolerance_exceeded);
	tcase_add_test(tc, test_match_lead);
	tcase_add_test(tc, test_match_mortgage);
	suite_add_tcase(s, tc);

	tc = tcase_create("amounts");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_match_window);
	tcase_add_test(tc, test_match_weekend);
	tcase_add_test(tc, test_match_ambiguous);
	tcase_add_test(tc, test_match_hint);
	suite_add_tcase(s, tc);

	tc = tcase_create("decisions");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_match_decisions);
	suite_add_tcase(s, tc);

	tc = tcase_create("crypto");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_match_trade);
	tcase_add_test(tc, test_match_chain);
	suite_add_tcase(s, tc);

	tc = tcase_create("options");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_match_invalid_options);
	tcase_add_test(tc, test_match_empty);
	suite_add_tcase(s, tc);

	tc = tcase_create("property");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test_match_property);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(match_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
