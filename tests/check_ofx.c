/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the OFX / QFX reader (import/ofx.c): every row and statement
 * period of the real samples in fixtures/ofx/, checked by hand against
 * the files, and exact errors for the malformed files in
 * fixtures/ofx/bad/. */
#include "config.h"
#include "common.h"
#include "import.h"
#include "testutil.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* What the reader sent, one line per record:
 *   R line|record|account|currency|date|value date|amount|reference|
 *     counterparty|description
 *   S line|account|currency|start|end|opening|closing|source */
struct out {
	char *text;
	size_t len, cap;
};

static void
put(struct out *o, const char *s)
{
	size_t n = strlen(s);

	if (o->len + n + 1 > o->cap) {
		o->cap = (o->len + n + 1) * 2;
		o->text = realloc(o->text, o->cap);
		ck_assert_ptr_nonnull(o->text);
	}
	memcpy(o->text + o->len, s, n + 1);
	o->len += n;
}

static void
put_date(struct out *o, pr_date d)
{
	char b[16];
	int y, m, dd;

	pr_date_to_ymd(d, &y, &m, &dd);
	snprintf(b, sizeof(b), "%04d-%02d-%02d", y, m, dd);
	put(o, b);
}

static void
put_mpz(struct out *o, const mpz_t z)
{
	char *s = mpz_get_str(NULL, 10, z);

	put(o, s);
	free(s);
}

static int
on_row(const pr__bank_row *r, void *payload, pr_error *err)
{
	struct out *o = payload;
	char b[64];

	(void)err;
	snprintf(b, sizeof(b), "R %lu|%lu|", r->line, r->record);
	put(o, b);
	put(o, r->account);
	put(o, "|");
	put(o, r->currency);
	put(o, "|");
	put_date(o, r->date);
	put(o, "|");
	if (r->has_value_date)
		put_date(o, r->value_date);
	put(o, "|");
	put_mpz(o, r->amount);
	ck_assert_int_eq(r->has_balance, 0);
	put(o, "|");
	put(o, r->reference);
	put(o, "|");
	put(o, r->counterparty);
	put(o, "|");
	put(o, r->description);
	put(o, "\n");
	return PR_OK;
}

static int
on_statement(const pr__statement_row *s, void *payload, pr_error *err)
{
	struct out *o = payload;
	char b[64];

	(void)err;
	snprintf(b, sizeof(b), "S %lu|", s->line);
	put(o, b);
	put(o, s->account);
	put(o, "|");
	put(o, s->currency);
	put(o, "|");
	put_date(o, s->start);
	put(o, "|");
	put_date(o, s->end);
	put(o, "|");
	put_mpz(o, s->opening);
	put(o, "|");
	put_mpz(o, s->closing);
	put(o, "|");
	put(o, s->source);
	put(o, "\n");
	return PR_OK;
}

/* Read fixtures/ofx/<file> straight through the reader. */
static int
read_ofx(const char *sub, const char *file, struct out *o,
	 pr__read_info *info, pr_error *err)
{
	pr__import_sink sink;
	char *path = tu_fixture(sub, file);
	int rc;

	memset(&sink, 0, sizeof(sink));
	memset(info, 0, sizeof(*info));
	sink.row = on_row;
	sink.statement = on_statement;
	sink.payload = o;
	o->len = 0;
	put(o, "");
	pr_error_clear(err);
	rc = pr__ofx_read(path, file, NULL, &sink, info, err);
	free(path);
	return rc;
}

struct want {
	const char *file;
	const char *sha256;
	const char *text;
};

static const struct want samples[] = {
	/* OFX 2 XML, the spec's example: a check and an ATM withdrawal;
	 * LEDGERBAL 200.29, so the opening is 200.29 + 200 + 300 */
	{ "stmtrs.ofx", NULL,
	  "R 38|1|121099999 999988|USD|2005-10-04||-20000|00002||"
	  "CHECK: check 1000\n"
	  "R 45|2|121099999 999988|USD|2005-10-20||-30000|00003||ATM\n"
	  "S 28|121099999 999988|USD|2005-10-01|2005-10-28|70029|20029|"
	  "ofx ledger balance\n" },
	/* the same with a decimal comma ('-200,00') */
	{ "stmtrs_euro.ofx", NULL,
	  "R 38|1|121099999 999988|USD|2005-10-04||-20000|00002||"
	  "CHECK: check 1000\n"
	  "R 45|2|121099999 999988|USD|2005-10-20||-30000|00003||ATM\n"
	  "S 28|121099999 999988|USD|2005-10-01|2005-10-28|70029|20029|"
	  "ofx ledger balance\n" },
	/* OFX 1 SGML, unclosed leaves; NAME and MEMO both kept */
	{ "checking.ofx", NULL,
	  "R 46|1|5472369148 1452687~7|USD|2011-03-31||1|0000486|"
	  "DIVIDEND EARNED FOR PERIOD OF 03|CREDIT: DIVIDEND EARNED FOR "
	  "PERIOD OF 03; DIVIDEND EARNED FOR PERIOD OF 03/01/2011 THROUGH "
	  "03/31/2011 ANNUAL PERCENTAGE YIELD EARNED IS 0.05%\n"
	  "R 54|2|5472369148 1452687~7|USD|2011-04-05||-3451|0000487|"
	  "AUTOMATIC WITHDRAWAL, ELECTRIC BILL|DEBIT: AUTOMATIC WITHDRAWAL, "
	  "ELECTRIC BILL; AUTOMATIC WITHDRAWAL, ELECTRIC BILL WEB(S )\n"
	  "R 62|3|5472369148 1452687~7|USD|2011-04-07||-2500|0000488|"
	  "RETURNED CHECK FEE, CHECK # 319|CHECK: RETURNED CHECK FEE, CHECK "
	  "# 319; RETURNED CHECK FEE, CHECK # 319 FOR $45.33 ON 04/07/11; "
	  "check 319\n"
	  "S 36|5472369148 1452687~7|USD|2000-01-01|2013-05-25|16049|10099|"
	  "ofx ledger balance\n" },
	/* CHARSET:1252, byte 0xE0 in NAME: UTF-8 "à" in the case */
	{ "accented_characters_latin1.ofx", NULL,
	  "R 46|1|5472369148 1452687~7|USD|2014-09-20||-5873|201409206|"
	  "Virement Interac \xc3\xa0: Jean|PAYMENT: Virement Interac "
	  "\xc3\xa0: Jean\n"
	  "S 36|5472369148 1452687~7|USD|2000-01-01|2014-09-20|15972|10099|"
	  "ofx ledger balance\n" },
	/* a bank account and a credit card in one file (OFX 2.1.1 16.5.3.2) */
	{ "ofx-2.1.1-sect-16.5.3.2.ofx", NULL,
	  "R 31|1|000000123 123456|USD|2005-08-24||-8000|219378|FrogKick "
	  "Scuba Gear|POS: FrogKick Scuba Gear\n"
	  "S 21|000000123 123456|USD|2005-08-01|2005-08-31|223656|215656|"
	  "ofx ledger balance\n"
	  "R 61|2|123412341234|USD|2005-08-11||-2300|219867|Interest Charge|"
	  "INT: Interest Charge\n"
	  "R 68|3|123412341234|USD|2005-08-11||35000|219868|Payment - Thank "
	  "You|CREDIT: Payment - Thank You\n"
	  "S 53|123412341234|USD|2005-08-01|2005-08-31|-88900|-56200|"
	  "ofx ledger balance\n" },
	/* credit card (CCSTMTRS), AUD */
	{ "anzcc.ofx", NULL,
	  "R 29|1|1234123412341234|AUD|2017-05-08||-550|201705080001||"
	  "DEBIT: SOME MEMO\n"
	  "S 21|1234123412341234|AUD|2017-03-11|2017-05-09|-11795|-12345|"
	  "ofx ledger balance\n" },
	/* TRNAMT -0.0 is zero */
	{ "ledgerautosync_trnamt_minus0.ofx", NULL,
	  "R 46|1|5472369148 1452687~7|USD|2016-10-27||12345|"
	  "FITID20161027123.45ABCDE|AMAZON MKTPLACE PMTS AMZN.COM/BI|"
	  "CREDIT: AMAZON MKTPLACE PMTS AMZN.COM/BI\n"
	  "R 53|2|5472369148 1452687~7|USD|2016-10-27||0|"
	  "FITID20161027-0.0ABCDE|XXXEXTRASTUFFXXX|DEBIT: XXXEXTRASTUFFXXX\n"
	  "S 36|5472369148 1452687~7|USD|2000-01-01|2016-10-27|-2246|10099|"
	  "ofx ledger balance\n" },
	/* two accounts, a LEDGERBAL each and no transaction list: no
	 * period can be stated */
	{ "multiple_accounts.ofx", NULL, "" },
	/* written for these tests: DTAVAIL as value date, a check */
	{ "overlap_a.ofx", NULL,
	  "R 39|1|021000021 4821|USD|2024-01-02||250000|202401020001|"
	  "ACME PAYROLL|CREDIT: ACME PAYROLL\n"
	  "R 46|2|021000021 4821|USD|2024-01-05|2024-01-06|-12035|"
	  "202401050001|CITY POWER|DEBIT: CITY POWER; ACH DEBIT\n"
	  "R 55|3|021000021 4821|USD|2024-01-12||-90000|202401120001|"
	  "J SMITH|CHECK: J SMITH; check 1042\n"
	  "S 29|021000021 4821|USD|2024-01-01|2024-01-15|250000|397965|"
	  "ofx ledger balance\n" },
	/* an extra decimal that is zero is fine */
	{ "trnamt_zeros.ofx", NULL,
	  "R 39|1|021000021 4821|USD|2024-01-02||250000|202401020001|"
	  "ACME PAYROLL|CREDIT: ACME PAYROLL\n"
	  "R 46|2|021000021 4821|USD|2024-01-05|2024-01-06|-12035|"
	  "202401050001|CITY POWER|DEBIT: CITY POWER; ACH DEBIT\n"
	  "R 55|3|021000021 4821|USD|2024-01-12||-90000|202401120001|"
	  "J SMITH|CHECK: J SMITH; check 1042\n"
	  "S 29|021000021 4821|USD|2024-01-01|2024-01-15|250000|397965|"
	  "ofx ledger balance\n" },
};

static const char *dump;

START_TEST(test_ofx_samples)
{
	const struct want *w = &samples[_i];
	struct out o = { NULL, 0, 0 };
	pr__read_info info;
	pr_error err;
	char e[512];
	int rc;

	rc = read_ofx("ofx", w->file, &o, &info, &err);
	pr_error_format(e, sizeof(e), &err);
	ck_assert_msg(rc == PR_OK, "%s: %s", w->file, e);
	if (dump != NULL)
		fprintf(stderr, "== %s\n%s", w->file, o.text);
	ck_assert_str_eq(o.text, w->text);
	free(o.text);
}
END_TEST

/* file|exact message */
static const char *const bad[][2] = {
	{ "truncated.ofx", "truncated.ofx:50:1: the file ends inside the "
	  "STMTTRN of line 46: it is cut short" },
	{ "trnamt_exponent.ofx", "trnamt_exponent.ofx:42:1: TRNAMT '2.5E3' "
	  "has an exponent" },
	{ "trnamt_two_points.ofx", "trnamt_two_points.ofx:50:1: TRNAMT "
	  "'-120.35.00' has 2 decimal points" },
	{ "trnamt_decimals.ofx", "trnamt_decimals.ofx:50:1: TRNAMT: amount "
	  "'-120.355' has 3 decimals; at most 2 allowed" },
	{ "trnamt_dollar.ofx", "trnamt_dollar.ofx:50:1: TRNAMT '$120' is "
	  "not a decimal amount" },
	{ "foreign_currency.ofx", "foreign_currency.ofx:46:1: a transaction "
	  "in another currency (CURRENCY 'EUR'): this reader does not "
	  "convert" },
	{ "no_acctid.ofx", "no_acctid.ofx:29:1: the STMTRS names no account "
	  "(ACCTID)" },
	{ "fitid_empty.ofx", "fitid_empty.ofx:51:1: FITID is empty" },
	{ "dtposted_no_day.ofx", "dtposted_no_day.ofx:48:1: DTPOSTED "
	  "'20240230': no such day" },
	{ "ofxparse_fail_date_missing.ofx", "ofxparse_fail_date_missing.ofx:"
	  "33:5: transaction without DTPOSTED" },
	{ "ofxparse_fail_decimal_error.ofx", "ofxparse_fail_decimal_error.ofx:"
	  "36:21: DTPOSTED '201120000000': no such day" },
	{ "ofxparse_fail_empty_balance.ofx", "ofxparse_fail_empty_balance.ofx:"
	  "38:17: the LEDGERBAL has no balance (BALAMT is empty)" },
	{ "error_message.ofx", "error_message.ofx:23:17: the OFX server "
	  "answered STMTTRNRS with error 2000: 'General Server Error'" },
	{ "signon_fail.ofx", "signon_fail.ofx:11:37: the OFX server answered "
	  "SONRS with error 15500: 'Your request could not be processed "
	  "because you supplied an invalid identification code or your "
	  "password was incorrect'" },
	{ "bank_small.ofx", "bank_small.ofx:1:1: no bank or credit-card "
	  "statement (STMTRS or CCSTMTRS) in the file" },
	{ "account_listing_aggregation.ofx", "account_listing_aggregation.ofx:"
	  "1:1: no bank or credit-card statement (STMTRS or CCSTMTRS) in the "
	  "file" },
	{ "ofx-2.1.1-sect-8.5.5.ofx", "ofx-2.1.1-sect-8.5.5.ofx:1:1: no bank "
	  "or credit-card statement (STMTRS or CCSTMTRS) in the file" },
	{ "fidelity.ofx", "fidelity.ofx:11:317: an investment statement "
	  "(INVSTMTRS): this reader takes bank and credit-card statements "
	  "only" },
	{ "ofx-2.1.1-sect-13.12.ofx", "ofx-2.1.1-sect-13.12.ofx:25:1: an "
	  "investment statement (INVSTMTRS): this reader takes bank and "
	  "credit-card statements only" },
	{ "ally_transactions.qfx", "ally_transactions.qfx:65:1: <STMTTRN> "
	  "outside a BANKTRANLIST" },
	{ "br_nubank_cc.ofx", "br_nubank_cc.ofx:92:1: </CCSTMTRS> while the "
	  "BANKTRANLIST of line 37 is still open" },
	{ "ofx-v102-empty-tags.ofx", "ofx-v102-empty-tags.ofx:23:277: the "
	  "STMTRS has no currency (CURDEF)" },
	{ "ofxstatementGenerated.n26.ofx", "ofxstatementGenerated.n26.ofx:"
	  "54:11: the LEDGERBAL has no balance (BALAMT is empty)" },
	{ "downcast.ofx", "downcast.ofx:4:1: the CCSTMTRS has no currency "
	  "(CURDEF)" },
	{ "heap-buffer-overflow-1.ofx", "heap-buffer-overflow-1.ofx:4:1: the "
	  "CCSTMTRS has no currency (CURDEF)" },
	{ "heap-buffer-overflow-2.ofx", "heap-buffer-overflow-2.ofx:1:9: NUL "
	  "byte: this is not a text file" },
	{ "null-ptr-deref-1.ofx", "null-ptr-deref-1.ofx:3:14: malformed tag "
	  "'<OFX\\x0a<<USEDE0\\x0a</SIGN'" },
	{ "null-ptr-deref-2.ofx", "null-ptr-deref-2.ofx:1:1: <STATUS> outside "
	  "<OFX>" },
	{ "failing-ofx-file1.xml", "failing-ofx-file1.xml:1:1: no <OFX> "
	  "element: this is not an OFX file" },
	{ "failing-ofx-file2.xml", "failing-ofx-file2.xml:1:1: no bank or "
	  "credit-card statement (STMTRS or CCSTMTRS) in the file" },
	{ "use-after-free.ofx", "use-after-free.ofx:1:1: <OFC> outside "
	  "<OFX>" },
};

START_TEST(test_ofx_errors)
{
	struct out o = { NULL, 0, 0 };
	pr__read_info info;
	pr_error err;
	char e[512];
	int rc;

	rc = read_ofx("ofx/bad", bad[_i][0], &o, &info, &err);
	ck_assert_int_eq(rc, PR_EPARSE);
	ck_assert_int_eq(err.code, PR_EPARSE);
	pr_error_format(e, sizeof(e), &err);
	ck_assert_str_eq(e, bad[_i][1]);
	free(o.text);
}
END_TEST

/* The probe takes OFX 1 and 2 headers and a bare <OFX>, nothing else. */
START_TEST(test_ofx_probe)
{
	static const char *yes[] = {
		"OFXHEADER:100\nDATA:OFXSGML\n",
		"<?xml version=\"1.0\"?>\n<?OFX OFXHEADER=\"200\"?>",
		"\n<ofx>\n",
	};
	static const char *no[] = {
		"date,amount\n2024-01-01,1.00\n",
		":20:REF\n:25:ACCT\n",
		"<Document xmlns=\"urn:iso:std:iso:20022\">",
	};
	size_t i;

	for (i = 0; i < N_ELEMS(yes); i++)
		ck_assert_int_eq(pr__ofx_probe(yes[i], strlen(yes[i])), 1);
	for (i = 0; i < N_ELEMS(no); i++)
		ck_assert_int_eq(pr__ofx_probe(no[i], strlen(no[i])), 0);
}
END_TEST

/* The document's SHA-256, size and counts. */
START_TEST(test_ofx_info)
{
	struct out o = { NULL, 0, 0 };
	pr__read_info info;
	pr_error err;

	ck_assert_int_eq(read_ofx("ofx", "ofx-2.1.1-sect-16.5.3.2.ofx", &o,
				  &info, &err), PR_OK);
	ck_assert_uint_eq(info.records, 3);
	ck_assert_uint_eq(info.statements, 2);
	ck_assert_uint_eq(info.size, 1790);
	ck_assert_str_eq(info.sha256, "1d9f0a02d364515aee870c20b5d8c8d97cb0"
			 "103b6ae52ba2c31fd2ac521775ec");
	free(o.text);
}
END_TEST

/* A sink that refuses stops the reader with its error. */
static int
refuse(const pr__bank_row *r, void *payload, pr_error *err)
{
	(void)payload;
	return pr__error_set(err, PR_EDB, "refused row at line %lu", r->line);
}

START_TEST(test_ofx_sink_error)
{
	pr__import_sink sink;
	pr__read_info info;
	pr_error err;
	char *path = tu_fixture("ofx", "stmtrs.ofx");

	memset(&sink, 0, sizeof(sink));
	sink.row = refuse;
	sink.statement = on_statement;
	pr_error_clear(&err);
	ck_assert_int_eq(pr__ofx_read(path, "stmtrs.ofx", NULL, &sink, &info,
				      &err), PR_EDB);
	ck_assert_str_eq(err.msg, "refused row at line 38");
	free(path);
}
END_TEST

/* Out of memory at every allocation: PR_ENOMEM, nothing leaked (ASan,
 * valgrind), until the read succeeds. */
START_TEST(test_ofx_oom)
{
	unsigned long n;
	int rc = PR_ENOMEM;

	for (n = 1; n < 500 && rc != PR_OK; n++) {
		struct out o = { NULL, 0, 0 };
		pr__read_info info;
		pr_error err;

		put(&o, "");
		pr__alloc_fail_at(n);
		rc = read_ofx("ofx", "overlap_a.ofx", &o, &info, &err);
		pr__alloc_fail_at(0);
		ck_assert_msg(rc == PR_OK || rc == PR_ENOMEM,
			      "allocation %lu: %d %s", n, rc, err.msg);
		free(o.text);
	}
	ck_assert_int_eq(rc, PR_OK);
}
END_TEST

static Suite *
ofx_suite(void)
{
	Suite *s = suite_create("ofx");
	TCase *tc;

	tc = tcase_create("samples");
	tcase_add_loop_test(tc, test_ofx_samples, 0, (int)N_ELEMS(samples));
	tcase_add_test(tc, test_ofx_probe);
	tcase_add_test(tc, test_ofx_info);
	tcase_add_test(tc, test_ofx_sink_error);
	/* libofx (OpenSP) is slow under sanitizers and valgrind */
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
	tc = tcase_create("errors");
	tcase_add_loop_test(tc, test_ofx_errors, 0, (int)N_ELEMS(bad));
	tcase_add_test(tc, test_ofx_oom);
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr;
	int failed;

	dump = getenv("OFX_DUMP");
	sr = srunner_create(ofx_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
