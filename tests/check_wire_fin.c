/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the SWIFT MT103 and Fedwire tag-format readers
 * (import/mt103.c, import/fedwire.c) through pr_import_wire: every
 * message of the public samples in fixtures/wire/, and exact errors for
 * the malformed files in fixtures/bad/wire/. */
#include "config.h"
#include "common.h"
#include "import.h"
#include "store.h"
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

/* err rendered as "path:line:column: message" */
static const char *
fmt_err(char *buf, size_t size, const pr_error *err)
{
	pr_error_format(buf, size, err);
	return buf;
}

/* Import one file in a transaction of its own; returns the code and
 * leaves the case unchanged on failure. */
static int
import(pr_store *st, const char *path, const char *name,
       const char *format, pr_import_result *res, pr_error *err)
{
	int rc;

	pr_error_clear(err);
	ck_assert_int_eq(pr_store_begin(st, err), PR_OK);
	rc = pr_import_wire(st, path, name, format, NULL, res, err);
	if (rc != PR_OK) {
		pr_store_rollback(st);
		return rc;
	}
	ck_assert_int_eq(pr_store_commit(st, "import wire", 0, NULL, "ok",
					 err), PR_OK);
	return rc;
}

/* ---------------------------------------------------------------- */
/* every message of the samples, every column */

struct want {
	const char *file;
	unsigned long line, record;
	int y, m, d;            /* value date */
	/* currency|amount|instructed currency|instructed|originator name|
	 * account|bank|beneficiary name|account|bank|imad|omad|uetr|
	 * reference|details */
	const char *rest;
};

static const struct want samples[] = {
	{ "MT103-bulk-with-ack.rje",
	  1, 1, 2019, 4, 25,
	  "USD|370000|USD|371000|AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA|0000000000|CC"
	  "CCNGLA|BBBBBBBBBBBBBBBB|0000000000|AAAAUSLA||||234234233|/RFB/0425"
	  "17477151 REFERENCE:1500009007 TRANSFER" },
	{ "MT103-bulk-with-ack.rje",
	  20, 2, 2019, 4, 25,
	  "USD|132100|USD|135000|ANANANANANANA|1111111111|CCCCNGLA|VICTORY FO"
	  "OBAR|1111111111|AAAAUSLA||||C4772342333|TITHE" },
	{ "MT103-bulk-with-ack.rje",
	  37, 3, 2019, 4, 25,
	  "USD|141780|USD|144480|OLD MUTUAL GENERAL INSURAN|22222222222|CCCCN"
	  "GLA|GGGGGGGGGGGGGGGGG|8888888888|AAAAUSLA||||201904250034434|/RFB/"
	  "042517478733 BEING PAYMENT OF FAC RE-INSURANCE PREMIUM DUE ON FOO "
	  "COAL MINING" },
	{ "MT103-out-ack.rje",
	  1, 1, 2019, 10, 14,
	  "USD|181428|||FOO CAPITAL MARKETS LP||NORTH FOO BANK|MERCADOS Y GES"
	  "TION DE VALORES SA|00123456789012345678|BICFOOYY|||8579f4a4-a547-4"
	  "63e-ae63-e7c6620d59b4|22342343|FINDERS FEES-JULY,2007-  10.00, AUG"
	  " UST,2007-  0.00   SEPTEMBER,2007     1,999.99 BNY CUST RRN - O/B "
	  "NORTH FORK B" },
	{ "MT103-out-ack.rje",
	  23, 2, 2019, 10, 28,
	  "EUR|11122233|EUR|11122233|FOO DIRECT||FOODESMM|FOO DIRECT EUROSTOX"
	  "X 99|00123456789012345678|BICFOOYY||||INGDESMM|" },
	{ "MT103-out-ack.rje",
	  38, 3, 2007, 10, 28,
	  "EUR|5432123|EUR|5432123|FOO DIRECT||FOODESMM|FOO DIRECT III FONDO "
	  "DE PENSIONES I|00123456789012345678|BICFOOYY||||INGDESMM|" },
	{ "MT103-out-ack.rje",
	  54, 4, 2006, 10, 28,
	  "EUR|1999900|EUR|1999900|FOO DIRECT||FOODESMM|FOO DIRECT IBEX 35|00"
	  "123456789012345678|BICFOOYY||||FOODESMM|" },
	{ "MT103-out-ack.rje",
	  69, 5, 2019, 10, 28,
	  "EUR|76543200|EUR|176543200|FOO SERVICIOS FINANCIERO|12345678|FOOKE"
	  "SMMXXX|BANKXXXX|00123456789012345678|BICFOOYYXXX||||OMF00000072410"
	  "3|" },
	{ "MT103-out-ack.rje",
	  86, 6, 2019, 10, 28,
	  "EUR|1234567|EUR|1234567|AF RENTA VARIABLE||FOOBESBBXXX|FOO SECURIT"
	  "IES SV S.A.|ES0123456789012345671234|BICFOOYYXXX||||530165650050|" },
	{ "MT103-out-ack.rje",
	  103, 7, 2001, 10, 28,
	  "EUR|75432100|EUR|75432100|FOO FOOOOOO MODERADO FOO|12345678|FOOAES"
	  "MMXXX|FOO FOOOOOO MODERADO FOO|ES0123456789012345671234|BICFOOYYXX"
	  "X||||0061350113089906|" },
	{ "MT103-out-ack.rje",
	  123, 8, 2006, 10, 28,
	  "EUR|10000000|EUR|10000000|AGENTES DE BOLSA FOO AGENCIA|12345678|FO"
	  "OAESMMXXX|FOO AGENTES DE BOLSA ASOC|ES0123456789012345671234|BICFO"
	  "OYYXXX||||0061350113089908|" },
	{ "MT103-out-ack.rje",
	  144, 9, 2019, 10, 28,
	  "EUR|7432100|EUR|7432100|FOO FONDO PENSIONES|12345678|FOOAESMMXXX|F"
	  "OO MODERADO FP|ES0123456789012345671234|BICFOOYYXXX||||00613501130"
	  "89907|" },
	{ "MT103-out-ack.rje",
	  164, 10, 2019, 10, 18,
	  "EUR|6696952|EUR|6696952|FOO SA||CRESLULL|FOO SA|-|BICFOOYY||||AMLX"
	  "985338-D4E5E|/CS BD ST EUR B REDEMPTION AMLX985338" },
	{ "MT103-out-ack.rje",
	  180, 11, 2019, 10, 28,
	  "EUR|4700000|EUR|4700000|MORGAN STANLEY FOOOOOO CONSERV|12345678|FO"
	  "OOESMMXXX|MS FOOOOOO CONSERVSDOR FIMF|ES0123456789012345671234|BIC"
	  "FOOYYXXX||||0061350113089903|" },
	{ "MT103-out-ack.rje",
	  200, 12, 2019, 10, 28,
	  "EUR|1000000|EUR|1000000|MS FOOOOOO MODERADO FIMF|12345678|FOOOESMM"
	  "XXX|MS FOOOOOO MODERADO FIMF|ES0123456789012345671234|BICFOOYYXXX|"
	  "|||0061350113089904|" },
	{ "MT103-out-ack.rje",
	  220, 13, 2019, 10, 28,
	  "EUR|1000000|EUR|1000000|MS LATINOAMERICA FIM|12345678|FOOOESMMXXX|"
	  "MS LATINOAMERICA FIM|ES0123456789012345671234|BICFOOYYXXX||||00613"
	  "50113089905|" },
	{ "fedWireMessage-BankTransfer.txt",
	  1, 1, 2019, 4, 10,
	  "USD|1234567|||Name|1234|121042882|Name|1234|231380104|20190410Sour"
	  "ce08000001|||Sender Reference|LineOne LineTwo LineThree LineFour" },
	{ "fedWireMessage-CustomerTransfer.txt",
	  1, 1, 2019, 4, 10,
	  "USD|1234567|USD|456789|Name|1234|121042882|Name|1234|231380104|201"
	  "90410Source08000001|||Sender Reference|LineOne LineTwo LineThree L"
	  "ineFour" },
	{ "fedWireMessage-CustomerTransferPlus.txt",
	  1, 1, 2019, 5, 8,
	  "USD|1234567|||Name|1234|121042882|Name|1234|231380104|20190508Sour"
	  "ce08000001|||Sender Reference|LineOne LineTwo LineThree LineFour" },
	{ "fedWireMessage-CustomerTransferPlusStructuredRemittance.txt",
	  1, 1, 2019, 5, 9,
	  "USD|1234567|||Name|1234|121042882|Name|1234|231380104|20190509Sour"
	  "ce08000001|||Sender Reference|LineOne LineTwo LineThree LineFour" },
	{ "fedWireMessage-DrawdownResponse.txt",
	  1, 1, 2019, 4, 10,
	  "USD|1234567|||Name|1234|121042882|Name|1234|231380104|20190410Sour"
	  "ce08000001|||Sender Reference|LineOne LineTwo LineThree LineFour" },
	{ "fedWireMessage-FedAppendedTags.txt",
	  1, 1, 2019, 4, 10,
	  "USD|1234567|||Name|1234|121042882|Name|1234|231380104|20190410Sour"
	  "ce08000001|20190502Source0800000105021230B123||Sender Reference|Li"
	  "neOne LineTwo LineThree LineFour" },
	{ "fedWireMessage-fiserv.txt",
	  1, 1, 2022, 3, 24,
	  "USD|22200|||John Doe|123456|021000021|Test Name|123455|021000021|2"
	  "022032400000000000001||||Test" },
};

/* The files of the table, each imported once, in order. */
static const char *const sample_files[] = {
	"MT103-bulk-with-ack.rje", "MT103-out-ack.rje",
	"fedWireMessage-BankTransfer.txt",
	"fedWireMessage-CustomerTransfer.txt",
	"fedWireMessage-CustomerTransferPlus.txt",
	"fedWireMessage-CustomerTransferPlusStructuredRemittance.txt",
	"fedWireMessage-DrawdownResponse.txt",
	"fedWireMessage-FedAppendedTags.txt", "fedWireMessage-fiserv.txt",
};

static const unsigned long sample_count[] = { 3, 13, 1, 1, 1, 1, 1, 1, 1 };

START_TEST(test_wire_fin_samples)
{
	pr_store *st = tu_case_new(tmp, "case.prcd");
	const char *sql = "SELECT d.name, w.line, w.record, w.value_date, "
		"w.format, w.currency || '|' || w.amount || '|' || "
		"w.instructed_currency || '|' || "
		"coalesce(w.instructed_amount, '') || '|' || "
		"w.originator_name || '|' || w.originator_account || '|' || "
		"w.originator_bank || '|' || w.beneficiary_name || '|' || "
		"w.beneficiary_account || '|' || w.beneficiary_bank || '|' || "
		"w.imad || '|' || w.omad || '|' || w.uetr || '|' || "
		"w.reference || '|' || w.details "
		"FROM wire w JOIN document d ON d.id = w.document_id "
		"ORDER BY w.id";
	pr_import_result res;
	sqlite3_stmt *s;
	pr_error err;
	char m[400];
	size_t i;

	for (i = 0; i < N_ELEMS(sample_files); i++) {
		char *path = tu_fixture("wire", sample_files[i]);

		if (import(st, path, sample_files[i], NULL, &res, &err))
			ck_abort_msg("%s", fmt_err(m, sizeof(m), &err));
		ck_assert_uint_eq(res.records, sample_count[i]);
		free(path);
	}
	ck_assert_int_eq(sqlite3_prepare_v2(st->db, sql, -1, &s, NULL),
			 SQLITE_OK);
	for (i = 0; i < N_ELEMS(samples); i++) {
		const struct want *w = &samples[i];
		pr_date d;

		ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
		ck_assert_int_eq(pr_date_from_ymd(&d, w->y, w->m, w->d, NULL),
				 PR_OK);
		ck_assert_str_eq((const char *)sqlite3_column_text(s, 0),
				 w->file);
		ck_assert_int_eq(sqlite3_column_int64(s, 1), (int64_t)w->line);
		ck_assert_int_eq(sqlite3_column_int64(s, 2),
				 (int64_t)w->record);
		ck_assert_int_eq(sqlite3_column_int(s, 3), d);
		ck_assert_str_eq((const char *)sqlite3_column_text(s, 4),
				 w->file[0] == 'M' ? "mt103" : "fedwire");
		ck_assert_str_eq((const char *)sqlite3_column_text(s, 5),
				 w->rest);
	}
	ck_assert_int_eq(sqlite3_step(s), SQLITE_DONE);
	sqlite3_finalize(s);
	pr_store_close(st);
}
END_TEST

/* Every column of a wire but where it was read, as one text. */
static char *
wire_text(pr_store *st, const char *doc_name, int record)
{
	char sql[600];

	snprintf(sql, sizeof(sql), "SELECT w.value_date || '|' || w.currency"
		 " || '|' || w.amount || '|' || w.originator_name || '|' || "
		 "w.originator_account || '|' || w.originator_bank || '|' || "
		 "w.beneficiary_name || '|' || w.beneficiary_account || '|' "
		 "|| w.beneficiary_bank || '|' || w.imad || '|' || w.omad || "
		 "'|' || w.reference || '|' || w.details || '|' || "
		 "ifnull(w.instructed_currency, '') || '|' || "
		 "ifnull(w.instructed_amount, '') FROM wire w JOIN document d"
		 " ON d.id = w.document_id WHERE d.name = '%s' AND w.record ="
		 " %d", doc_name, record);
	return tu_sql_text(st->db, sql);
}

/* fedwire-fixed80.txt holds fedWireMessage-fiserv.txt and
 * fedWireMessage-CustomerTransfer.txt cut into 80-byte records: the
 * same wires, every column, at the records where the messages start. */
START_TEST(test_wire_fin_fedwire_fixed)
{
	static const char *const files[] = {
		"fedwire-fixed80.txt", "fedWireMessage-fiserv.txt",
		"fedWireMessage-CustomerTransfer.txt"
	};
	pr_store *st = tu_case_new(tmp, "case.prcd");
	pr_import_result res;
	pr_error err;
	char *a, *b;
	size_t i;

	for (i = 0; i < N_ELEMS(files); i++) {
		char *path = tu_fixture("wire", files[i]);

		ck_assert_int_eq(import(st, path, files[i], NULL, &res, &err),
				 PR_OK);
		ck_assert_uint_eq(res.records, i == 0 ? 2 : 1);
		free(path);
	}
	a = wire_text(st, "fedwire-fixed80.txt", 1);
	b = wire_text(st, "fedWireMessage-fiserv.txt", 1);
	ck_assert_str_eq(a, b);
	ck_assert_str_eq(a, "19075|USD|22200|John Doe|123456|021000021|"
			 "Test Name|123455|021000021|2022032400000000000001||"
			 "|Test||");
	free(a);
	free(b);
	a = wire_text(st, "fedwire-fixed80.txt", 2);
	b = wire_text(st, "fedWireMessage-CustomerTransfer.txt", 1);
	ck_assert_str_eq(a, b);
	free(a);
	free(b);
	a = tu_sql_text(st->db, "SELECT group_concat(line) FROM (SELECT "
			"w.line FROM wire w JOIN document d ON d.id = "
			"w.document_id WHERE d.name = 'fedwire-fixed80.txt' "
			"ORDER BY w.record)");
	ck_assert_str_eq(a, "1,7");
	free(a);
	pr_store_close(st);
}
END_TEST

/* The first message of MT103-out-ack.rje, column by column: USD 1814,28
 * is 181428 cents, the UETR is lower case, no 33B, 52D is a name. */
START_TEST(test_wire_fin_mt103_columns)
{
	pr_store *st = tu_case_new(tmp, "case.prcd");
	char *path = tu_fixture("wire", "MT103-out-ack.rje");
	pr_import_result res;
	pr_error err;
	pr_date d;
	char *t;

	ck_assert_int_eq(import(st, path, "MT103-out-ack.rje", "mt103",
				&res, &err), PR_OK);
	ck_assert_str_eq(res.sha256, "0a19d301016f41578f177be24ead30ecc686"
			 "44cc71b813b92348c3e74123d99d");
	ck_assert_uint_eq(res.size, 5276);
	ck_assert_int_eq(pr_date_from_ymd(&d, 2019, 10, 14, NULL), PR_OK);
	ck_assert_int_eq(tu_sql_int(st->db, "SELECT value_date FROM wire "
				    "WHERE record = 1"), d);
	ck_assert_int_eq(tu_sql_int(st->db, "SELECT amount FROM wire "
				    "WHERE record = 1"), 181428);
	ck_assert_int_eq(tu_sql_int(st->db, "SELECT instructed_amount IS "
				    "NULL FROM wire WHERE record = 1"), 1);
	t = tu_sql_text(st->db, "SELECT uetr FROM wire WHERE record = 1");
	ck_assert_str_eq(t, "8579f4a4-a547-463e-ae63-e7c6620d59b4");
	free(t);
	t = tu_sql_text(st->db, "SELECT originator_bank FROM wire "
			"WHERE record = 1");
	ck_assert_str_eq(t, "NORTH FOO BANK");
	free(t);
	/* 33B differs from 32A: EUR 765432,00 settled, 1765432,00 ordered */
	ck_assert_int_eq(tu_sql_int(st->db, "SELECT amount FROM wire "
				    "WHERE record = 5"), 76543200);
	ck_assert_int_eq(tu_sql_int(st->db, "SELECT instructed_amount FROM "
				    "wire WHERE record = 5"), 176543200);
	free(path);
	pr_store_close(st);
}
END_TEST

/* Input messages ({2:I103<receiver>...}): the sender is block 1's
 * address; 50F/59F names are their "1/" lines; 50A/59A names are BICs;
 * 57A wins over the receiver; '$' between messages. */
START_TEST(test_wire_fin_mt103_input)
{
	static const char text[] =
		"{1:F01SNDRDEFFAXXX0000000000}{2:I103RCVRUS33XXXXN}{4:\r\n"
		":20:A1\r\n"
		":32A:240229JPY1000,\r\n"
		":50F:/DE44500105175407324931\r\n"
		"1/JOHN\r\n"
		"1/SMITH\r\n"
		"2/1 MAIN ST\r\n"
		":59F:/12345\r\n"
		"1/JANE DOE\r\n"
		":70:LINE ONE\r\n"
		"LINE TWO\r\n"
		":71A:OUR\r\n"
		"-}\r\n"
		"$\r\n"
		"{1:F01SNDRDEFFBBRA0000000000}{2:I103RCVRUS33XXXXN}{4:\n"
		":20:A2\n"
		":32A:240301EUR1,5\n"
		":50A:/998\n"
		"ORDRDEFF\n"
		":57A:BENEUS33\n"
		":59A:BENECUST\n"
		"-}\n";
	pr_store *st = tu_case_new(tmp, "case.prcd");
	char *path = tu_write(tmp, "in.fin", text);
	pr_import_result res;
	pr_error err;
	char *t;

	ck_assert_int_eq(import(st, path, "in.fin", NULL, &res, &err), PR_OK);
	ck_assert_uint_eq(res.records, 2);
	t = tu_sql_text(st->db, "SELECT group_concat(line || '|' || currency "
			"|| '|' || amount || '|' || originator_name || '|' || "
			"originator_account || '|' || originator_bank || '|' ||"
			" beneficiary_name || '|' || beneficiary_account || "
			"'|' || beneficiary_bank || '|' || details, ';') "
			"FROM wire");
	ck_assert_str_eq(t, "1|JPY|1000|JOHN SMITH|DE44500105175407324931|"
			 "SNDRDEFF|JANE DOE|12345|RCVRUS33|LINE ONE LINE TWO;"
			 "15|EUR|150|ORDRDEFF|998|SNDRDEFFBRA|BENECUST||"
			 "BENEUS33|");
	free(t);
	free(path);
	pr_store_close(st);
}
END_TEST

/* ---------------------------------------------------------------- */
/* errors: exact messages, nothing written */

struct bad {
	const char *dir, *file;
	const char *format;     /* NULL: detect */
	int code;
	const char *want;       /* after "<file>:" */
};

static const struct bad bad[] = {
	{ "bad/wire", "mt103_truncated.fin", NULL, PR_EPARSE,
	  "9:1: block 4 has no closing '-}' line (the file is cut short?)" },
	{ "bad/wire", "mt103_bad_date.fin", NULL, PR_EPARSE,
	  "3:6: :32A: date '191332' does not exist" },
	{ "bad/wire", "mt103_dot.fin", NULL, PR_EPARSE,
	  "3:19: amount '1814.28' has a '.'; SWIFT amounts use a decimal "
	  "comma" },
	{ "bad/wire", "mt103_currency.fin", NULL, PR_EPARSE,
	  "3:12: unknown currency 'XYZ'" },
	{ "bad/wire", "mt103_no_32a.fin", NULL, PR_EPARSE,
	  "1:1: MT103 has no :32A: field" },
	{ "wire", "MT101.fin", NULL, PR_EPARSE,
	  "1:34: MT101 is a request for transfer, not a transfer; expected "
	  "MT103" },
	{ "bad/wire", "fedwire_letters.txt", NULL, PR_EPARSE,
	  "4:7: {2000} amount '00000123456A' is not 12 digits (cents)" },
	{ "bad/wire", "fedwire_no_amount.txt", NULL, PR_EPARSE,
	  "1:1: fedwire message has no {2000} amount" },
	{ "bad/wire", "fedwire_bad_imad.txt", NULL, PR_EPARSE,
	  "3:7: {1520} IMAD cycle date '20191332' does not exist" },
	{ "bad/wire", "fedwire_bad_aba.txt", NULL, PR_EPARSE,
	  "5:7: {3100} does not start with a 9-digit ABA routing number; "
	  "found '1210428'" },
	{ "bad/wire", "fedwire_truncated.txt", NULL, PR_EPARSE,
	  "1:121: {3400} short name has no closing '*' (fixed-width fields "
	  "are not read)" },
	{ "bad/wire", "fedwire_twice.txt", NULL, PR_EPARSE,
	  "10:1: second {2000} in one message" },
	{ "wire", "fedWireMessage-InvalidTag.txt", "fedwire", PR_EPARSE,
	  "1:1: fedwire message starts with {1599}; expected {1500}" },
	{ "wire", "fedWireMessage-MissingRequiredTag.txt", NULL, PR_EPARSE,
	  "5:34: {3100} short name has no closing '*' (fixed-width fields "
	  "are not read)" },
	{ "wire", "fedWireMessage-ServiceMessage.txt", NULL, PR_EPARSE,
	  "2:9: {1510} subtype 01 is a request for reversal, not a "
	  "transfer" },
};

START_TEST(test_wire_fin_errors)
{
	const struct bad *b = &bad[_i];
	pr_store *st = tu_case_new(tmp, "case.prcd");
	char *path = tu_fixture(b->dir, b->file);
	char want[400], m[400];
	pr_error err;

	snprintf(want, sizeof(want), "%s:%s", b->file, b->want);
	ck_assert_int_eq(import(st, path, b->file, b->format, NULL, &err),
			 b->code);
	ck_assert_int_eq(err.code, b->code);
	ck_assert_str_eq(fmt_err(m, sizeof(m), &err), want);
	ck_assert_int_eq(tu_sql_int(st->db, "SELECT count(*) FROM document"),
			 0);
	ck_assert_int_eq(tu_sql_int(st->db, "SELECT count(*) FROM wire"), 0);
	free(path);
	pr_store_close(st);
}
END_TEST

/* Detection: InvalidTag starts with {1599}, so no reader claims it. */
START_TEST(test_wire_fin_probe)
{
	static const char *const yes_mt[] = { "{1:F01X", " \r\n{1:F21X" };
	static const char *const no[] = { "", "{1:", "{1599}", "{2:O103",
					  "1500}" };
	size_t i;

	for (i = 0; i < N_ELEMS(yes_mt); i++) {
		ck_assert(pr__mt103_probe(yes_mt[i], strlen(yes_mt[i])));
		ck_assert(!pr__fedwire_probe(yes_mt[i], strlen(yes_mt[i])));
	}
	ck_assert(pr__fedwire_probe("\n{1500}30", 9));
	ck_assert(!pr__mt103_probe("\n{1500}30", 9));
	for (i = 0; i < N_ELEMS(no); i++) {
		ck_assert(!pr__mt103_probe(no[i], strlen(no[i])));
		ck_assert(!pr__fedwire_probe(no[i], strlen(no[i])));
	}
}
END_TEST

START_TEST(test_wire_fin_missing)
{
	pr_store *st = tu_case_new(tmp, "case.prcd");
	char *path = tu_path(tmp, "none.fin");
	pr_error err;

	ck_assert_int_eq(import(st, path, "none.fin", "mt103", NULL, &err),
			 PR_ENOTFOUND);
	ck_assert_int_eq(import(st, path, "none.fin", "fedwire", NULL, &err),
			 PR_ENOTFOUND);
	free(path);
	pr_store_close(st);
}
END_TEST

/* Out of memory at each allocation in turn: an error, never a crash or
 * a leak (run under valgrind). */
START_TEST(test_wire_fin_oom)
{
	static const char *const files[] = { "MT103-bulk-with-ack.rje",
					     "fedWireMessage-fiserv.txt" };
	size_t f;

	for (f = 0; f < N_ELEMS(files); f++) {
		char *path = tu_fixture("wire", files[f]);
		unsigned long n;
		int rc = PR_ENOMEM;

		for (n = 1; n < 400 && rc != PR_OK; n++) {
			pr_store *st = tu_case_new(tmp, "oom.prcd");
			pr_error err;

			pr_error_clear(&err);
			ck_assert_int_eq(pr_store_begin(st, &err), PR_OK);
			pr__alloc_fail_at(n);
			rc = pr_import_wire(st, path, files[f], NULL, NULL,
					    NULL, &err);
			pr__alloc_fail_at(0);
			ck_assert(rc == PR_OK || rc == PR_ENOMEM ||
				  rc == PR_EDB);
			pr_store_rollback(st);
			pr_store_close(st);
			tu_rmtree(tmp);
			free(tmp);
			tmp = tu_tmpdir();
		}
		ck_assert_int_eq(rc, PR_OK);
		free(path);
	}
}
END_TEST

static Suite *
wire_fin_suite(void)
{
	Suite *s = suite_create("wire_fin");
	TCase *tc;

	tc = tcase_create("samples");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_wire_fin_samples);
	tcase_add_test(tc, test_wire_fin_mt103_columns);
	tcase_add_test(tc, test_wire_fin_fedwire_fixed);
	tcase_add_test(tc, test_wire_fin_mt103_input);
	tcase_add_test(tc, test_wire_fin_probe);
	suite_add_tcase(s, tc);
	tc = tcase_create("errors");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_wire_fin_errors, 0, (int)N_ELEMS(bad));
	tcase_add_test(tc, test_wire_fin_missing);
	tcase_add_test(tc, test_wire_fin_oom);
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(wire_fin_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
