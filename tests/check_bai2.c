/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the BAI2 reader (import/bai2.c) through its sink: every row
 * and statement period of the samples in fixtures/bai2/ with its exact
 * values, and exact errors for records broken one way each. */
#include "config.h"
#include "common.h"
#include "import.h"
#include "testutil.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

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

/* What the reader sent, one line per row ("R ...") or period ("S ..."). */
struct got {
	char buf[65536];
	size_t len;
};

static void
date_text(char *out, pr_date d)
{
	int y, m, dd;

	pr_date_to_ymd(d, &y, &m, &dd);
	snprintf(out, 11, "%04d-%02d-%02d", y, m, dd);
}

static int
on_row(const pr__bank_row *r, void *payload, pr_error *err)
{
	struct got *g = payload;
	char d[11], v[11] = "", *a = mpz_get_str(NULL, 10, r->amount);

	(void)err;
	date_text(d, r->date);
	if (r->has_value_date)
		date_text(v, r->value_date);
	g->len += (size_t)snprintf(g->buf + g->len, sizeof(g->buf) - g->len,
				   "R %lu %lu %s %s %s %s %s %s|%s\n", r->line,
				   r->record, r->account, r->currency, d,
				   v[0] ? v : "-", a, r->description,
				   r->reference);
	free(a);
	ck_assert(!r->has_balance);
	return PR_OK;
}

static int
on_statement(const pr__statement_row *s, void *payload, pr_error *err)
{
	struct got *g = payload;
	char a[11], z[11], *o = mpz_get_str(NULL, 10, s->opening),
			   *c = mpz_get_str(NULL, 10, s->closing);

	(void)err;
	date_text(a, s->start);
	date_text(z, s->end);
	g->len += (size_t)snprintf(g->buf + g->len, sizeof(g->buf) - g->len,
				   "S %lu %s %s %s %s %s %s %s\n", s->line,
				   s->account, s->currency, a, z, o, c,
				   s->source);
	free(o);
	free(c);
	return PR_OK;
}

static int
read_path(const char *path, const char *name, struct got *g,
	  pr__read_info *info, pr_error *err)
{
	pr__import_sink sink;
	pr_import_options o = PR_IMPORT_OPTIONS_INIT;

	memset(&sink, 0, sizeof(sink));
	memset(info, 0, sizeof(*info));
	sink.row = on_row;
	sink.statement = on_statement;
	sink.payload = g;
	g->len = 0;
	g->buf[0] = '\0';
	pr_error_clear(err);
	return pr__bai2_read(path, name, &o, &sink, info, err);
}

/* ---------------------------------------------------------------- */

struct sample {
	const char *file;
	uint64_t rows, statements;
	const char *want;       /* every row and period, in order */
};

static const struct sample samples[] = {
	{ "spec_example.bai2", 3, 1,
	  "S 3 1234567 USD 2024-01-04 2024-01-04 100000 125000 statement\n"
	  "R 4 1 1234567 USD 2024-01-04 2024-01-04 30000 195 Incoming Money "
	  "Transfer: INCOMING WIRE FROM ACME, LTD|bank:WIRE1 customer:REF1\n"
	  "R 5 2 1234567 USD 2024-01-04 - 20000 142 ACH Credit Received: ACH "
	  "CREDIT PAYROLL 2024/01|bank:ACH1\n"
	  "R 7 3 1234567 USD 2024-01-04 - -25000 495 Outgoing Money "
	  "Transfer: OUTGOING WIRE|bank:OUT1\n" },
	{ "svb_us_example.bai2", 2, 2,
	  "S 3 1234567890 USD 2022-02-01 2022-02-01 34726979 35217175 "
	  "statement\n"
	  "R 7 1 1234567890 USD 2022-02-01 - 490196 142 ACH Credit Received: "
	  "SOME PAYMENT ACH OFFSET|bank:172629\n"
	  "S 12 1234567890 USD 2022-02-02 2022-02-02 35217175 36122975 "
	  "statement\n"
	  "R 16 2 1234567890 USD 2022-02-02 - 905800 142 ACH Credit Received: "
	  "SOME PAYMENT ACH OFFSET|bank:150675\n" },
	{ "citi_example.bai2", 1, 1,
	  "S 3 77777777 GBP 2015-07-15 2015-07-15 10000 10000 statement\n"
	  "R 4 1 77777777 GBP 2015-07-15 2015-07-15 1 191 Individual Incoming "
	  "Internal Money Transfer: FR:FP SIP INCOMING ENDT:20150715 TRID:RP1"
	  "2312312312312 PY:RP1231231231231200                 A1234BC 22/03/"
	  "66 BI:22222222 OB:111111 BUCKINGHAM PALACE OB3:BARCLAYS BANK PLC B"
	  "O:11111111 BO1:DOE JO|bank:1234567890 customer:RP12312312312312\n" },
	{ "bai2_moov_sample2.txt", 4, 0,
	  "R 5 1 0123456789 USD 2004-06-20 - 450000 115 Lockbox Deposit|\n"
	  "R 10 2 9876543210 USD 2004-06-20 - 500000 115 Lockbox Deposit: "
	  "LOCK BOX NO.68751|\n"
	  "R 16 3 4589761203 USD 2004-06-20 2004-06-22 20000000 218 Foreign "
	  "Collection Credit: PROCEEDS OF LETTER OF CREDIT FROM THE ARAMCO OIL"
	  " CO|bank:SP4738 customer:YRC065321\n"
	  "R 18 4 4589761203 USD 2004-06-20 - 10000000 195 Incoming Money "
	  "Transfer|\n" },
	{ "account_trailer_amount_blank_example.bai2", 0, 0, "" },
};

START_TEST(test_bai2_samples)
{
	const struct sample *s = &samples[_i];
	char *path = tu_fixture("bai2", s->file);
	static struct got g;
	pr__read_info info;
	pr_error err;
	char want_sha[PR_SHA256_HEX];
	uint64_t size;

	ck_assert_int_eq(read_path(path, s->file, &g, &info, &err), PR_OK);
	ck_assert_str_eq(g.buf, s->want);
	ck_assert_uint_eq(info.records, s->rows);
	ck_assert_uint_eq(info.statements, s->statements);
	ck_assert_int_eq(pr_sha256_file(want_sha, &size, path, &err), PR_OK);
	ck_assert_str_eq(info.sha256, want_sha);
	ck_assert_uint_eq(info.size, size);
	free(path);
}
END_TEST

/* Records packed several to a line and text wrapped onto a line of its
 * own (sample3): the rows still sum, account by account, to what the
 * statement periods say. */
START_TEST(test_bai2_packed)
{
	char *path = tu_fixture("bai2", "bai2_moov_sample3.txt");
	static struct got g;
	pr__read_info info;
	pr_error err;

	ck_assert_int_eq(read_path(path, "s3", &g, &info, &err), PR_OK);
	ck_assert_uint_eq(info.records, 26);
	ck_assert_uint_eq(info.statements, 15);
	/* line 1 holds the 02 after the 01, line 3 two 16s */
	ck_assert_ptr_nonnull(strstr(g.buf, "S 2 1111111 USD 2022-09-19 "
				     "2022-09-19 -3500 -3600 statement\n"
				     "R 3 1 1111111 USD 2022-09-19 - 2500 142 "
				     "ACH Credit Received: TRANSFER   PAYPAL"
				     "             PPD|\n"
				     "R 3 2 1111111 USD 2022-09-19 - 500 142"));
	/* line 18's text runs on to line 19, then its 88 (line 20) */
	ck_assert_ptr_nonnull(strstr(g.buf, "R 18 9 11111111 USD 2022-09-19"
				     " - 2500 142 ACH Credit Received: 111111"
				     "     ACH_SETL           1111111111 111111"
				     "111111111 1111111111|\n"));
	free(path);
}
END_TEST

/* ---------------------------------------------------------------- */
/* errors: one file per way of being wrong, the exact message */

#define HEAD "01,S,R,240105,1200,1,,,2/\n02,R,S,1,240104,,,2/\n"

struct bad {
	const char *text;
	const char *err;
};

static const struct bad bads[] = {
	{ HEAD "03,1,,010,5,,/\n16,195,1.5,0,,,X\n49,5,3/\n98,5,1,5/\n"
	  "99,5,1,7/\n",
	  "t.bai2:4:8: amount '1.5' has a decimal point; BAI2 amounts are whole"
	  " minor units (cents) without one" },
	{ HEAD "03,1,,010,1e3,,/\n49,1000,2/\n98,1000,1,4/\n99,1000,1,6/\n",
	  "t.bai2:3:11: amount '1e3' is not a whole number of minor units: "
	  "expected digits after an optional sign" },
	{ HEAD "03,1,,010,5,,/\n16,195,5,0,,,X\n49,11,3/\n98,10,1,5/\n"
	  "99,10,1,7/\n",
	  "t.bai2:5:4: account control total 11 does not match the sum of the "
	  "account's 03 and 16 amounts, 10" },
	{ HEAD "03,1,,010,5,,/\n88,040,-7,,/\n49,-2,3/\n98,-2,1,5/\n"
	  "99,-2,1,7/\n", NULL },
	{ HEAD "03,1,,010,5,,/\n88,040,-7,,/\n49,-2,2/\n98,-2,1,5/\n"
	  "99,-2,1,7/\n",
	  "t.bai2:5:7: account trailer counts 2 records; there are 3" },
	/* an empty first segment (found by fuzzing: NULL + 0) */
	{ "01,/\n",
	  "t.bai2:1:4: file header (01) ends before its receiver "
	  "identification" },
	{ "88,X/\n" HEAD "98,0,0,3/\n99,0,0,5/\n",
	  "t.bai2:1:1: continuation (88) with no record before it to "
	  "continue" },
	{ HEAD "88,X/\n98,0,0,3/\n99,0,0,5/\n",
	  "t.bai2:3:4: unexpected field 'X': a group header (02) has 8 "
	  "fields" },
	{ HEAD "03,1,,010,5,,/\n49,5,2/\nX\n98,5,1,4/\n99,5,1,6/\n",
	  "t.bai2:5:1: expected a record code (01, 02, 03, 16, 49, 88, 98 or "
	  "99); found 'X'" },
	{ HEAD "16,195,5,0,,,X\n98,0,0,3/\n99,0,0,5/\n",
	  "t.bai2:3:1: transaction detail (16) outside an account: no account "
	  "identifier (03) before it" },
	{ HEAD "03,1,,010,5,,/\n16,195,5,V,240132,,,,X\n49,10,3/\n"
	  "98,10,1,5/\n99,10,1,7/\n",
	  "t.bai2:4:12: value date '240132' does not exist" },
	{ HEAD "03,1,,010,5,,/\n16,195,5,D,2,0,3,1\n49,10,3/\n98,10,1,5/\n"
	  "99,10,1,7/\n",
	  "t.bai2:4:19: transaction detail (16) ends before its availability "
	  "amount (funds type D)" },
	{ HEAD "03,1,,010,5,,/\n49,5,2/\n98,5,1,4/\n",
	  "t.bai2:6:1: the file ends without its file trailer (99): it is cut "
	  "short" },
	{ HEAD "03,1,,010,5,,/\n49,5,2/\n98,5,1,4/\n99,5,1,6/\n99,5,1,6/\n",
	  "t.bai2:7:1: file trailer (99) after the file trailer (99)" },
	{ HEAD "03,1,EUR,010,5,,,015,6,,/\n16,890,,,,,REPORTS LATE\n"
	  "16,495,1,Z,,,FEE\n49,12,4/\n98,12,1,6/\n99,12,1,8/\n", NULL },
};

START_TEST(test_bai2_errors)
{
	const struct bad *b = &bads[_i];
	char *path = tu_write(tmp, "t.bai2", b->text);
	static struct got g;
	pr__read_info info;
	pr_error err;
	char msg[1024];
	int rc;

	rc = read_path(path, "t.bai2", &g, &info, &err);
	if (b->err == NULL) {
		ck_assert_int_eq(rc, PR_OK);
	} else {
		ck_assert_int_eq(rc, PR_EPARSE);
		pr_error_format(msg, sizeof(msg), &err);
		ck_assert_str_eq(msg, b->err);
	}
	free(path);
}
END_TEST

/* 890 carries no money: no row, but its record counts; the EUR account
 * gives a period and a debit row. */
START_TEST(test_bai2_non_monetary)
{
	char *path = tu_write(tmp, "t.bai2", bads[N_ELEMS(bads) - 1].text);
	static struct got g;
	pr__read_info info;
	pr_error err;

	ck_assert_int_eq(read_path(path, "t.bai2", &g, &info, &err), PR_OK);
	ck_assert_str_eq(g.buf, "S 3 1 EUR 2024-01-04 2024-01-04 5 6 "
			 "statement\n"
			 "R 5 1 1 EUR 2024-01-04 - -1 495 Outgoing Money "
			 "Transfer: FEE|\n");
	free(path);
}
END_TEST

/* Zero-padded counts and totals, as fixed-width files write them. */
START_TEST(test_bai2_padded)
{
	char *path = tu_write(tmp, "t.bai2", HEAD "03,1,,010,+005,,/\n"
			      "49,+000000005,0000000002/\n"
			      "98,+00000000005,001,000000004/\n"
			      "99,+00000000005,01,00000000000000006/\n");
	static struct got g;
	pr__read_info info;
	pr_error err;

	ck_assert_int_eq(read_path(path, "t.bai2", &g, &info, &err), PR_OK);
	free(path);
}
END_TEST

static const struct {
	const char *head;
	int want;
} probes[] = {
	{ "01,S,R,240105,1200,1,,,2/\n02,", 1 },
	{ "\xef\xbb\xbf\r\n01,S,R,240105,1200,1,80,1,2/", 1 },
	{ "01,S,R,240105,1200,1,,,2", 1 },
	{ "01,2024-01-05,PAYROLL,1200.00\n", 0 },
	{ "02,S,R,1,240105,,,2/", 0 },
	{ "01,S,R/,240105,1200,1,,,2/", 0 },
};

START_TEST(test_bai2_probe)
{
	ck_assert_int_eq(pr__bai2_probe(probes[_i].head,
					strlen(probes[_i].head)),
			 probes[_i].want);
}
END_TEST

static Suite *
bai2_suite(void)
{
	Suite *s = suite_create("bai2");
	TCase *tc = tcase_create("samples");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_bai2_samples, 0, (int)N_ELEMS(samples));
	tcase_add_test(tc, test_bai2_packed);
	suite_add_tcase(s, tc);
	tc = tcase_create("errors");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_bai2_errors, 0, (int)N_ELEMS(bads));
	tcase_add_test(tc, test_bai2_non_monetary);
	tcase_add_test(tc, test_bai2_padded);
	tcase_add_loop_test(tc, test_bai2_probe, 0, (int)N_ELEMS(probes));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(bai2_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
