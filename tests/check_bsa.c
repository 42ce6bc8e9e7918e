/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the FinCEN BSA readers and store (import/bsaxml.c, bsa.c):
 * FinCEN's sample SAR and CTR batches field by field, the fc2: prefixed
 * batches written from the element tables, the name normaliser, the
 * import's rows, all-or-nothing, the acknowledgement and an XXE attempt
 * refused, and the BSA custody chain. */
#include "config.h"
#include "common.h"
#include "import.h"
#include "store.h"
#include "bsa.h"
#include "testutil.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	tmp = NULL;
}

static pr_date
ymd(int y, int m, int d)
{
	pr_date out = 0;

	ck_assert_int_eq(pr_date_from_ymd(&out, y, m, d, NULL), PR_OK);
	return out;
}

/* ---------------------------------------------------------------- */
/* the readers */

static int n_seen;

/* FinCEN's sample SAR (moov-io/fincen data/samples/sar_batch.xml). */
static int
check_sample_sar(const pr__bsa_report *r, void *payload, pr_error *err)
{
	(void)payload;
	(void)err;
	n_seen++;
	ck_assert_str_eq(r->kind, "SAR");
	ck_assert_uint_eq(r->line, 6);
	ck_assert_str_eq(r->bsa_id, "activity 1");
	ck_assert_str_eq(r->prior, "00000000000001");
	ck_assert_int_eq(r->filing_date, ymd(1980, 10, 25));
	ck_assert_str_eq(r->filer, "Filer name");
	ck_assert_str_eq(r->filer_tin, "125478965");
	ck_assert_int_eq(r->has_from, 1);
	ck_assert_int_eq(r->from, ymd(1980, 10, 25));
	ck_assert_int_eq(r->has_to, 0);
	ck_assert_int_eq(r->has_amount, 0);
	ck_assert_str_eq(r->categories, "1/106");
	ck_assert_int_eq(r->trafficking, 0);
	ck_assert_str_eq(r->narrative, "");
	/* kept: filer (30), institution (34), subject (33); not the
	 * transmitter, its contact or the contact office */
	ck_assert_uint_eq(r->n_parties, 3);
	ck_assert_int_eq(r->parties[0].role_code, 30);
	ck_assert_str_eq(r->parties[0].aka, "Alternate name");
	ck_assert_str_eq(r->parties[0].ids, "EIN 125478965; RSSD 5558789654;"
			 " TIN 451256558");
	ck_assert_int_eq(r->parties[1].role_code, 34);
	ck_assert_str_eq(r->parties[1].name, "Union Bank of California");
	ck_assert_str_eq(r->parties[1].tin, "458789856");
	ck_assert_int_eq(r->parties[2].role_code, 33);
	ck_assert_uint_eq(r->parties[2].line, 138);
	ck_assert_str_eq(r->parties[2].name, "Janice Mann");
	ck_assert_str_eq(r->parties[2].aka, "Janda; Jan");
	ck_assert_str_eq(r->parties[2].birth_date, "1980-10-25");
	ck_assert_str_eq(r->parties[2].tin, "");
	ck_assert_str_eq(r->parties[2].ids, "other ID 660623559");
	ck_assert_uint_eq(r->n_accounts, 0);
	ck_assert_uint_eq(r->n_cash, 0);
	return PR_OK;
}

/* FinCEN's sample CTR (data/samples/ctr_batch.xml). */
static int
check_sample_ctr(const pr__bsa_report *r, void *payload, pr_error *err)
{
	(void)payload;
	(void)err;
	n_seen++;
	ck_assert_str_eq(r->kind, "CTR");
	ck_assert_uint_eq(r->line, 5);
	ck_assert_str_eq(r->filer, "Filing Institution Legal Name");
	ck_assert_str_eq(r->filer_tin, "554785215");
	ck_assert_int_eq(r->from, ymd(2017, 1, 15));
	ck_assert_int_eq(r->to, ymd(2017, 1, 15));
	ck_assert_int_eq(r->has_in, 1);
	ck_assert_int_eq(r->cash_in, 4700000);
	ck_assert_int_eq(r->has_out, 0);    /* <TotalCashOutAmountText/> */
	ck_assert_uint_eq(r->n_cash, 3);
	ck_assert_int_eq(r->cash[0].code, 55);
	ck_assert_int_eq(r->cash[0].in, 1);
	ck_assert_int_eq(r->cash[0].amount, 1500000);
	ck_assert_int_eq(r->cash[1].code, 46);
	ck_assert_int_eq(r->cash[1].amount, 1500000);
	ck_assert_int_eq(r->cash[2].code, 23);
	ck_assert_int_eq(r->cash[2].amount, 1700000);
	ck_assert_uint_eq(r->n_parties, 3);
	ck_assert_int_eq(r->parties[1].role_code, 34);
	ck_assert_int_eq(r->parties[1].has_in, 1);
	ck_assert_int_eq(r->parties[1].cash_in, 1500000);
	ck_assert_int_eq(r->parties[1].has_out, 0);
	ck_assert_int_eq(r->parties[2].role_code, 50);
	ck_assert_str_eq(r->parties[2].name, "John Johnson Doe Jr.");
	ck_assert_str_eq(r->parties[2].aka, "JJ");
	ck_assert_str_eq(r->parties[2].birth_date, "1975-01-20");
	ck_assert_int_eq(r->parties[2].cash_in, 2000000);
	ck_assert_str_eq(r->parties[2].ids,
			 "driver's licence/state ID 44589774512");
	ck_assert_uint_eq(r->n_accounts, 3);
	ck_assert_str_eq(r->accounts[0].number, "1115478569");
	ck_assert_int_eq(r->accounts[0].assoc, 8);
	ck_assert_int_eq(r->accounts[0].party, 2);
	ck_assert_str_eq(r->accounts[2].number, "4857985691");
	ck_assert_int_eq(r->accounts[2].assoc, 9);
	ck_assert_uint_eq(r->accounts[2].line, 172);
	return PR_OK;
}

/* The fc2: prefixed SAR written from the element tables. */
static int
check_fcb_sar(const pr__bsa_report *r, void *payload, pr_error *err)
{
	(void)payload;
	(void)err;
	n_seen++;
	ck_assert_str_eq(r->kind, "SAR");
	ck_assert_str_eq(r->bsa_id, "31000123456789");
	ck_assert_str_eq(r->prior, "");      /* 14 zeros: none */
	ck_assert_int_eq(r->from, ymd(2024, 1, 16));
	ck_assert_int_eq(r->to, ymd(2024, 1, 29));
	ck_assert_int_eq(r->amount, 4040000);
	ck_assert_str_eq(r->categories, "1/114; 9/927");
	ck_assert_int_eq(r->trafficking, 1);
	/* narrative in sequence-number order, not file order */
	ck_assert_str_eq(r->narrative, "Cash deposits just under and over "
			 "the CTR threshold at two branches into accounts of "
			 "the subject. Ana Mar\xc3\xad" "a L\xc3\xb3pez was "
			 "seen waiting outside during each deposit.");
	ck_assert_uint_eq(r->n_accounts, 2);
	ck_assert_str_eq(r->accounts[0].number, "0000457310");
	ck_assert_int_eq(r->accounts[0].party, 1);
	ck_assert_str_eq(r->accounts[1].number, "XXXXXX7328");
	ck_assert_str_eq(r->parties[1].tin, "123456789");
	ck_assert_str_eq(r->parties[2].name, "L\xc3\x93PEZ, ANA MAR\xc3\x8d"
			 "A");
	return PR_OK;
}

static void
read_ok(const char *name, pr__bsa_sink sink, const char *form,
	uint64_t records)
{
	char *path = tu_fixture("bsa", name);
	pr__read_info info;
	const char *format = NULL;
	pr_error err;

	memset(&info, 0, sizeof(info));
	pr_error_clear(&err);
	n_seen = 0;
	ck_assert_msg(pr__bsaxml_read(path, name, sink, NULL, &format, &info,
				      &err) == PR_OK, "%s: %s", name,
		      err.msg);
	ck_assert_str_eq(format, form);
	ck_assert_uint_eq(info.records, records);
	ck_assert_int_eq(n_seen, (int)records);
	free(path);
}

START_TEST(test_bsa_sample_sar)
{
	read_ok("moov_samples_sar_batch.xml", check_sample_sar, "SARX", 1);
}
END_TEST

START_TEST(test_bsa_sample_ctr)
{
	read_ok("moov_samples_ctr_batch.xml", check_sample_ctr, "CTRX", 1);
}
END_TEST

START_TEST(test_bsa_fc2_sar)
{
	read_ok("sar-fcb.xml", check_fcb_sar, "SARX", 1);
}
END_TEST

static int
never(const pr__bsa_report *r, void *payload, pr_error *err)
{
	(void)r;
	(void)payload;
	(void)err;
	ck_abort_msg("no report expected");
	return PR_OK;
}

static void
read_bad(const char *path, const char *name, const char *want)
{
	pr__read_info info;
	const char *format = NULL;
	pr_error err;
	char msg[512];

	memset(&info, 0, sizeof(info));
	pr_error_clear(&err);
	ck_assert_int_eq(pr__bsaxml_read(path, name, never, NULL, &format,
					 &info, &err), PR_EPARSE);
	pr_error_format(msg, sizeof(msg), &err);
	ck_assert_str_eq(msg, want);
}

START_TEST(test_bsa_acknowledgement)
{
	char *path = tu_fixture("bsa", "moov_samples_sar_acknowledgement.xml");

	read_bad(path, "ack.xml", "ack.xml:3:5: a BSA E-Filing "
		 "acknowledgement (EFilingSubmissionXML), not a report: it "
		 "holds only the BSA IDs and errors FinCEN gave a batch; "
		 "import the batch itself");
	free(path);
}
END_TEST

/* An external entity is never fetched nor expanded: the DOCTYPE that
 * declares it is refused before libxml2 parses. */
START_TEST(test_bsa_xxe)
{
	char *path = tu_write(tmp, "xxe.xml",
			      "<?xml version=\"1.0\"?>\n"
			      "<!DOCTYPE x [<!ENTITY e SYSTEM "
			      "\"file:///etc/passwd\">]>\n"
			      "<EFilingBatchXML><FormTypeCode>&e;"
			      "</FormTypeCode></EFilingBatchXML>\n");

	read_bad(path, "xxe.xml", "xxe.xml:2:1: DOCTYPE declaration "
		 "refused: FinCEN batches carry none");
	free(path);
}
END_TEST

/* ---------------------------------------------------------------- */
/* names */

static const struct {
	const char *in;
	const char *out;
} norms[] = {
	{ "Marcus Reed", "marcus reed" },
	{ "REED, MARCUS", "marcus reed" },
	{ "  reed   marcus ", "marcus reed" },
	{ "L\xc3\x93PEZ, ANA MAR\xc3\x8d" "A", "ana lopez maria" },
	{ "Ana Mar\xc3\xad" "a L\xc3\xb3pez", "ana lopez maria" },
	{ "O'Brien-Smith", "obrien smith" },
	/* NFKC: the ligature and full-width letters are plain ones */
	{ "\xef\xac\x81ona \xef\xbc\xa1", "a fiona" },
	{ "Stra\xc3\x9f" "e", "strasse" },
	{ "", "" },
	{ "...", "" },
};

START_TEST(test_bsa_name_norm)
{
	char *out = NULL;

	ck_assert_int_eq(pr__bsa_name_norm(&out, norms[_i].in), PR_OK);
	ck_assert_str_eq(out, norms[_i].out);
	pr__free(out);
}
END_TEST

/* ---------------------------------------------------------------- */
/* import and chain */

START_TEST(test_bsa_import_rows)
{
	pr_store *st = tu_case_new(tmp, "c.prcd");
	char *sar = tu_fixture("bsa", "sar-fcb.xml");
	char *ctr = tu_fixture("bsa", "ctr-fcb.xml");
	const char *paths[2];
	const char *names[] = { "sar-fcb.xml", "ctr-fcb.xml" };
	const char *argv[] = { "bsa", "sar-fcb.xml", "ctr-fcb.xml" };
	pr_bsa_file_result res[2];
	uint64_t entries = 0, rows = 0;
	pr_error err;
	char *t;

	paths[0] = sar;
	paths[1] = ctr;
	pr_error_clear(&err);
	ck_assert_int_eq(pr_bsa_import(st, 2, paths, names, 3, argv, res,
				       &err), PR_OK);
	ck_assert_str_eq(res[0].format, "SARX");
	ck_assert_uint_eq(res[0].sars, 1);
	ck_assert_uint_eq(res[0].ctrs, 0);
	ck_assert_str_eq(res[1].format, "CTRX");
	ck_assert_uint_eq(res[1].ctrs, 1);
	ck_assert_int_eq(tu_sql_int(st->db, "SELECT count(*) FROM "
				    "bsa_report"), 2);
	ck_assert_int_eq(tu_sql_int(st->db, "SELECT cash_in FROM bsa_report"
				    " WHERE kind = 'CTR'"), 1150000);
	ck_assert_int_eq(tu_sql_int(st->db, "SELECT trafficking FROM "
				    "bsa_report WHERE kind = 'SAR'"), 1);
	t = tu_sql_text(st->db, "SELECT norm FROM bsa_party WHERE"
			" role_code = 50");
	ck_assert_str_eq(t, "marcus reed");
	free(t);
	t = tu_sql_text(st->db, "SELECT group_concat(direction || ' ' ||"
			" amount, ',') FROM bsa_cash");
	ck_assert_str_eq(t, "in 1150000");
	free(t);
	/* nothing in the main log, the document table or its seals */
	ck_assert_int_eq(tu_sql_int(st->db, "SELECT count(*) FROM custody"),
			 0);
	ck_assert_int_eq(tu_sql_int(st->db, "SELECT count(*) FROM "
				    "document"), 0);
	ck_assert_int_eq(pr_log_verify(st, NULL, &err), PR_OK);
	ck_assert_int_eq(pr_bsa_verify(st, &entries, &rows, &err), PR_OK);
	ck_assert_uint_eq(entries, 1);
	ck_assert_uint_eq(rows, 14);
	t = tu_sql_text(st->db, "SELECT result FROM bsa_custody");
	ck_assert_str_eq(t, "imported 2 documents: 1 SAR, 1 CTR");
	free(t);
	/* the same file again: refused, nothing written */
	ck_assert_int_eq(pr_bsa_import(st, 1, paths + 1, names + 1, 3, argv,
				       res, &err), PR_EEXISTS);
	ck_assert_str_eq(err.msg, "ctr-fcb.xml: already in the case (same "
			 "SHA-256 as 'ctr-fcb.xml')");
	ck_assert_int_eq(tu_sql_int(st->db, "SELECT count(*) FROM "
				    "bsa_custody"), 1);
	/* an edited row is found */
	tu_sql_exec(st->db, "UPDATE bsa_party SET name = 'X' WHERE id = 2");
	ck_assert_int_eq(pr_bsa_verify(st, NULL, NULL, &err), PR_EPARSE);
	ck_assert_str_eq(err.msg, "BSA custody entry 1: the rows of "
			 "bsa_party it wrote have been altered (rows 1..6)");
	pr_store_close(st);
	free(sar);
	free(ctr);
}
END_TEST

/* A good file then a bad one: neither is in the case. */
START_TEST(test_bsa_all_or_nothing)
{
	pr_store *st = tu_case_new(tmp, "c.prcd");
	char *sar = tu_fixture("bsa", "sar-fcb.xml");
	char *bad = tu_write(tmp, "bad.xml", "<EFilingBatchXML>\n"
			     "<FormTypeCode>CTRX</FormTypeCode>\n"
			     "</EFilingBatchXML>\n");
	const char *paths[2];
	const char *names[] = { "sar-fcb.xml", "bad.xml" };
	const char *argv[] = { "bsa" };
	pr_bsa_file_result res[2];
	pr_error err;

	paths[0] = sar;
	paths[1] = bad;
	pr_error_clear(&err);
	ck_assert_int_eq(pr_bsa_import(st, 2, paths, names, 1, argv, res,
				       &err), PR_EPARSE);
	ck_assert_str_eq(err.msg, "the CTR batch has no <Activity>");
	ck_assert_int_eq(tu_sql_int(st->db, "SELECT count(*) FROM "
				    "bsa_report"), 0);
	ck_assert_int_eq(tu_sql_int(st->db, "SELECT count(*) FROM "
				    "bsa_document"), 0);
	ck_assert_int_eq(tu_sql_int(st->db, "SELECT count(*) FROM "
				    "bsa_custody"), 0);
	pr_store_close(st);
	free(sar);
	free(bad);
}
END_TEST

static Suite *
bsa_suite(void)
{
	Suite *s = suite_create("bsa");
	TCase *tc = tcase_create("read");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_bsa_sample_sar);
	tcase_add_test(tc, test_bsa_sample_ctr);
	tcase_add_test(tc, test_bsa_fc2_sar);
	tcase_add_test(tc, test_bsa_acknowledgement);
	tcase_add_test(tc, test_bsa_xxe);
	suite_add_tcase(s, tc);
	tc = tcase_create("names");
	tcase_add_loop_test(tc, test_bsa_name_norm, 0,
			    (int)(sizeof(norms) / sizeof(norms[0])));
	suite_add_tcase(s, tc);
	tc = tcase_create("store");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_bsa_import_rows);
	tcase_add_test(tc, test_bsa_all_or_nothing);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(bsa_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
