/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the ISO 20022 camt.052/053/054 reader (import/camt.c), through
 * its sink: every value of a statement with a batched entry, a pending
 * entry and a reversal; the periods of real statements; the line of each
 * record; refusals with exact messages; and a large generated statement
 * read in constant memory. */
#include "config.h"
#include "common.h"
#include "import.h"
#include "testutil.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_ROWS 32

/* What the sink saw, as text. */
struct seen {
	size_t n_rows, n_stmts;
	char rows[MAX_ROWS][600];
	char stmts[MAX_ROWS][200];
	unsigned long rows_total;
};

static int
on_row(const pr__bank_row *r, void *payload, pr_error *err)
{
	struct seen *s = payload;
	char d[11], v[11], a[64];

	(void)err;
	s->rows_total++;
	if (s->n_rows == MAX_ROWS)
		return PR_OK;
	pr_date_format(d, r->date);
	pr_date_format(v, r->value_date);
	tu_mpz_str(a, sizeof(a), r->amount);
	snprintf(s->rows[s->n_rows++], sizeof(s->rows[0]),
		 "%lu|%lu|%s|%s|%s|%s|%s|%s|%s|%s|%s", r->line, r->record,
		 r->account, r->currency, d, r->has_value_date ? v : "", a,
		 r->description, r->reference, r->counterparty,
		 r->counter_account);
	return PR_OK;
}

static int
on_stmt(const pr__statement_row *t, void *payload, pr_error *err)
{
	struct seen *s = payload;
	char a[11], b[11], o[64], c[64];

	(void)err;
	if (s->n_stmts == MAX_ROWS)
		return PR_OK;
	pr_date_format(a, t->start);
	pr_date_format(b, t->end);
	tu_mpz_str(o, sizeof(o), t->opening);
	tu_mpz_str(c, sizeof(c), t->closing);
	snprintf(s->stmts[s->n_stmts++], sizeof(s->stmts[0]),
		 "%lu|%s|%s|%s|%s|%s|%s|%s", t->line, t->account,
		 t->currency, a, b, o, c, t->source);
	return PR_OK;
}

static int
read_file(struct seen *s, const char *sub, const char *file,
	  pr__read_info *info, pr_error *err)
{
	pr__import_sink sink;
	char *path = tu_fixture(sub, file);
	int rc;

	memset(&sink, 0, sizeof(sink));
	memset(s, 0, sizeof(*s));
	memset(info, 0, sizeof(*info));
	sink.row = on_row;
	sink.statement = on_stmt;
	sink.payload = s;
	pr_error_clear(err);
	rc = pr__camt_read(path, file, NULL, &sink, info, err);
	free(path);
	return rc;
}

START_TEST(test_camt_values)
{
	static const char *const want[] = {
		"41|1|5647772655|USD|2025-03-10|2025-03-10|-51000074|"
		"Invoice 2025-17|e2e=Variation3EtoEId001 "
		"uetr=8a562c67-ca16-48ba-b074-65581be6f011 svcr=BKREF-0001 "
		"btc=PMNT/ICDT/XBCT|Corporation B|567876543",
		"74|2|5647772655|USD|2025-03-10||100000|rent march|"
		"e2e=E2E-A svcr=BKREF-0002|Jane Roe|DE89370400440532013000",
		"83|3|5647772655|USD|2025-03-10||150000||txid=TX-B "
		"svcr=BKREF-0002 cref=RF18539007547034|John Doe|",
		"100|4|5647772655|USD|2025-03-10||50|"
		"reversal: fee charged in error|||",
	};
	struct seen s;
	pr__read_info info;
	pr_error err;
	size_t i;

	ck_assert_int_eq(read_file(&s, "camt", "uetr.camt053.xml", &info,
				   &err), PR_OK);
	ck_assert_uint_eq(s.n_rows, N_ELEMS(want));
	for (i = 0; i < N_ELEMS(want); i++)
		ck_assert_str_eq(s.rows[i], want[i]);
	ck_assert_uint_eq(s.n_stmts, 1);
	ck_assert_str_eq(s.stmts[0], "8|5647772655|USD|2025-03-10|"
			 "2025-03-10|60000000|9249976|statement");
	ck_assert_uint_eq(info.records, 4);
	ck_assert_uint_eq(info.statements, 1);
	ck_assert_str_eq(info.sha256, "60ed4232f73d01138f167b8a59a243ca"
			 "1e2541fb744126c440b0cf46296294ec");
}
END_TEST

/* Periods of real statements: the days and balances each states. */
static const struct {
	const char *file;
	const char *stmt;
	const char *first_row;
} periods[] = {
	{ "kedder_camt053_v08_ch.xml",
	  "13|0035-2915203-10-000|CHF|2023-01-25|2023-01-25|83201|211631|"
	  "statement",
	  "99|1|0035-2915203-10-000|CHF|2023-01-25|2023-01-25|128430|"
	  "PAYMENT INFO|e2e=9502830971 "
	  "uetr=75e77105-a09f-4f9e-bfa8-e82e91ab209b "
	  "svcr=A032-J30K20-03-JF021 btc=PMNT/RCDT/DMCT|PAYEE|" },
	{ "kedder_simple_camt053.xml",
	  "8|LT000000000000000000|EUR|2015-12-01|2015-12-31|30653|12552|"
	  "statement", NULL },
	{ "kedder_davider80_camt053_v04.xml",
	  "9|CHxxxxxxxxxxxxxxxxxxx|CHF|2017-04-01|2017-04-11|943331|575346|"
	  "statement", NULL },
	{ "camt053.v2.all-balance-types.xml",
	  "10|CH2801234000123456789|EUR|2015-01-21|2015-01-22|101|404|"
	  "statement",
	  "152|1|CH2801234000123456789|EUR|2014-12-31|2015-01-02|885|"
	  "Transaction Description|e2e=000000001 btc=544||" },
};

START_TEST(test_camt_periods)
{
	struct seen s;
	pr__read_info info;
	pr_error err;

	ck_assert_msg(read_file(&s, "camt", periods[_i].file, &info, &err) ==
		      PR_OK, "%s: %s", periods[_i].file, err.msg);
	ck_assert_uint_eq(s.n_stmts, 1);
	ck_assert_str_eq(s.stmts[0], periods[_i].stmt);
	if (periods[_i].first_row != NULL)
		ck_assert_str_eq(s.rows[0], periods[_i].first_row);
}
END_TEST

/* Refusals: the position and the words. */
static const struct {
	const char *sub, *file;
	int code;
	unsigned long line, column;
	const char *msg;
} bad[] = {
	{ "bad/camt", "batch_sum.xml", PR_EPARSE, 67, 7,
	  "the 2 TxDtls of this Ntry sum to 2400.00 USD; the entry is "
	  "2500.00 USD" },
	{ "bad/camt", "doctype.xml", PR_EPARSE, 2, 1,
	  "DOCTYPE declaration refused: ISO 20022 messages carry none" },
	{ "bad/camt", "exponent.xml", PR_EPARSE, 42, 9,
	  "Ntry/Amt '5.1000074E5' is not a decimal amount (digits and a "
	  "point only)" },
	{ "bad/camt", "no_account.xml", PR_EPARSE, 8, 5,
	  "Stmt has no Acct/Id (IBAN, Othr/Id or PrtryAcct/Id) before its "
	  "balances and entries" },
	{ "bad/camt", "truncated.xml", PR_EPARSE, 60, 92,
	  "malformed XML: the file ends inside <RltdPties> (line 57): cut "
	  "short?" },
	{ "bad/camt", "bad_cdtdbtind.xml", PR_EPARSE, 43, 9,
	  "CdtDbtInd 'DEBIT' is neither CRDT nor DBIT" },
	{ "camt", "camt053.v2.wrong.xml", PR_EPARSE, 3, 5,
	  "BkToCstmrStmt has no Stmt: nothing to import" },
	{ "camt", "camt053.v2.minimal.json", PR_EPARSE, 1, 1,
	  "not XML: a camt message starts with '<'" },
};

START_TEST(test_camt_refused)
{
	struct seen s;
	pr__read_info info;
	pr_error err;

	ck_assert_int_eq(read_file(&s, bad[_i].sub, bad[_i].file, &info,
				   &err), bad[_i].code);
	ck_assert_int_eq(err.code, bad[_i].code);
	ck_assert_str_eq(err.msg, bad[_i].msg);
	ck_assert_uint_eq(err.loc.line, bad[_i].line);
	ck_assert_uint_eq(err.loc.column, bad[_i].column);
}
END_TEST

/* The probe takes every sample and nothing else. */
START_TEST(test_camt_probe)
{
	static const char *const yes[] = {
		"<?xml version=\"1.0\"?><Document xmlns=\"urn:iso:std:iso:"
		"20022:tech:xsd:camt.053.001.02\">",
		"\xEF\xBB\xBF  <BkToCstmrAcctRptV01>",
		"<x:Document><x:BkToCstmrDbtCdtNtfctn>",
	};
	static const char *const no[] = {
		"{\"camt.053\": 1}",
		"<?xml version=\"1.0\"?><Document xmlns=\"urn:iso:std:iso:"
		"20022:tech:xsd:pacs.008.001.08\">",
		"",
	};
	size_t i;

	for (i = 0; i < N_ELEMS(yes); i++)
		ck_assert_int_eq(pr__camt_probe(yes[i], strlen(yes[i])), 1);
	for (i = 0; i < N_ELEMS(no); i++)
		ck_assert_int_eq(pr__camt_probe(no[i], strlen(no[i])), 0);
}
END_TEST

/*
 * Ten thousand batched details on one line each, and 20,000 entries:
 * every line is its own, the sums are exact, and a line past 65,535
 * (where libxml2's node lines stop) is still exact.
 */
START_TEST(test_camt_large)
{
	char *dir = tu_tmpdir();
	FILE *fp;
	char *path = tu_path(dir, "big.xml");
	struct seen s;
	pr__import_sink sink;
	pr__read_info info;
	pr_error err;
	int i;

	fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	fprintf(fp, "<Document><BkToCstmrStmt><Stmt>\n<Acct><Id><IBAN>X1"
		"</IBAN></Id></Acct>\n");
	for (i = 0; i < 20000; i++)
		fprintf(fp, "<Ntry>\n<Amt Ccy=\"JPY\">%d</Amt>\n<CdtDbtInd>"
			"CRDT</CdtDbtInd>\n<Sts>BOOK</Sts>\n<BookgDt><Dt>"
			"2024-01-01</Dt></BookgDt>\n</Ntry>\n", i + 1);
	fprintf(fp, "<Ntry><Amt Ccy=\"JPY\">10000</Amt><CdtDbtInd>DBIT"
		"</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2024-01-02</Dt>"
		"</BookgDt><NtryDtls>\n");
	for (i = 0; i < 10000; i++)
		fprintf(fp, "<TxDtls><Amt Ccy=\"JPY\">1</Amt></TxDtls>\n");
	fprintf(fp, "</NtryDtls></Ntry></Stmt></BkToCstmrStmt></Document>"
		"\n");
	ck_assert_int_eq(fclose(fp), 0);

	memset(&sink, 0, sizeof(sink));
	memset(&s, 0, sizeof(s));
	memset(&info, 0, sizeof(info));
	sink.row = on_row;
	sink.statement = on_stmt;
	sink.payload = &s;
	pr_error_clear(&err);
	ck_assert_int_eq(pr__camt_read(path, "big.xml", NULL, &sink, &info,
				       &err), PR_OK);
	ck_assert_uint_eq(info.records, 30000);
	ck_assert_uint_eq(s.rows_total, 30000);
	ck_assert_str_eq(s.rows[0], "3|1|X1|JPY|2024-01-01||1||||");
	ck_assert_str_eq(s.rows[1], "9|2|X1|JPY|2024-01-01||2||||");
	tu_rmtree(dir);
	free(dir);
	free(path);
}
END_TEST

/* The last rows of the large file: their lines are past 65,535. */
static int
on_row_last(const pr__bank_row *r, void *payload, pr_error *err)
{
	unsigned long *last = payload;

	(void)err;
	last[0] = r->line;
	last[1] = r->record;
	last[2] = (unsigned long)mpz_get_si(r->amount) + 100;
	return PR_OK;
}

START_TEST(test_camt_big_lines)
{
	char *dir = tu_tmpdir();
	char *path = tu_path(dir, "lines.xml");
	unsigned long last[3] = { 0, 0, 0 };
	pr__import_sink sink;
	pr__read_info info;
	pr_error err;
	FILE *fp;
	int i;

	fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	fprintf(fp, "<Document>\n<BkToCstmrStmt>\n<Stmt>\n<Acct><Id><Othr>"
		"<Id>A</Id></Othr></Id></Acct>\n");
	for (i = 0; i < 70000; i++)
		fputs("<!-- -->\n", fp);
	fprintf(fp, "<Ntry><Amt Ccy=\"EUR\">1.00</Amt><CdtDbtInd>DBIT"
		"</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2024-01-02</Dt>"
		"</BookgDt></Ntry>\n</Stmt></BkToCstmrStmt></Document>\n");
	ck_assert_int_eq(fclose(fp), 0);
	memset(&sink, 0, sizeof(sink));
	memset(&info, 0, sizeof(info));
	sink.row = on_row_last;
	sink.payload = last;
	ck_assert_int_eq(pr__camt_read(path, "lines.xml", NULL, &sink, &info,
				       &err), PR_OK);
	ck_assert_uint_eq(last[0], 70005);
	ck_assert_uint_eq(last[1], 1);
	ck_assert_uint_eq(last[2], 0);
	tu_rmtree(dir);
	free(dir);
	free(path);
}
END_TEST

static Suite *
camt_suite(void)
{
	Suite *s = suite_create("camt");
	TCase *tc = tcase_create("read");

	tcase_add_test(tc, test_camt_values);
	tcase_add_loop_test(tc, test_camt_periods, 0, N_ELEMS(periods));
	tcase_add_test(tc, test_camt_probe);
	tcase_add_test(tc, test_camt_large);
	tcase_add_test(tc, test_camt_big_lines);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	tc = tcase_create("errors");
	tcase_add_loop_test(tc, test_camt_refused, 0, N_ELEMS(bad));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(camt_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
