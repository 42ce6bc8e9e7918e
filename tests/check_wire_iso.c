/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the ISO 20022 pacs.008 wire reader (import/pacs008.c) through
 * pr_import_wire: the Fedwire samples field by field, several transfers
 * and namespaces, malformed files, a pacs.004 and an XXE attempt. */
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

/* Import path as name in a transaction of its own; commit on success,
 * roll back on failure. Returns the import's code. */
static int
import(pr_store *st, const char *path, const char *name,
       pr_import_result *res, pr_error *err)
{
	int rc;

	ck_assert_int_eq(pr_store_begin(st, err), PR_OK);
	rc = pr_import_wire(st, path, name, NULL, NULL, res, err);
	if (rc != PR_OK) {
		pr_store_rollback(st);
		return rc;
	}
	ck_assert_int_eq(pr_store_commit(st, "import", 0, NULL, "ok", err),
			 PR_OK);
	return rc;
}

/* Column col of the wire row with record rec, as text ("" if none). */
static char *
col(pr_store *st, const char *c, int rec)
{
	char sql[200];

	snprintf(sql, sizeof(sql), "SELECT %s FROM wire WHERE record = %d",
		 c, rec);
	return tu_sql_text(st->db, sql);
}

static int64_t
col_int(pr_store *st, const char *c, int rec)
{
	char sql[200];

	snprintf(sql, sizeof(sql), "SELECT %s FROM wire WHERE record = %d",
		 c, rec);
	return tu_sql_int(st->db, sql);
}

#define ck_col_str(st, c, rec, want) do {				\
	char *got_ = col((st), (c), (rec));				\
	ck_assert_msg(strcmp(got_, (want)) == 0, "%s: got '%s', want "	\
		      "'%s'", (c), got_, (want));			\
	free(got_);							\
} while (0)

/* ---------------------------------------------------------------- */
/* samples: every field of the Federal Reserve's pacs.008 samples */

static const struct sample {
	const char *file;
	long line;
	const char *currency;
	int64_t amount;
	const char *icurrency;
	int64_t instructed;
	const char *oname, *oacct, *obank;
	const char *bname, *bacct, *bbank;
	const char *imad;
	const char *reference;
	const char *details;
} samples[] = {
	{ "CustomerCreditTransfer_Scenario1_Step1_pacs.008", 14,
	  "USD", 51000074, "USD", 51000074,
	  "Corporation A", "5647772655", "011104238",
	  "Corporation B", "567876543", "021040078",
	  "20250310B1QDRCQR000001", "Scenario01EtoEId001", "" },
	/* UltmtDbtr "Corporation Aa" is not the originator */
	{ "CustomerCreditTransfer_Variation3_pacs.008", 14,
	  "USD", 51000074, "USD", 51000074,
	  "Corporation A", "5647772655", "011104238",
	  "Corporation B", "567876543", "021040078",
	  "20250310B1QDRCQR000008", "Variation3EtoEId001", "" },
	/* UltmtCdtr "Corporation Bb" is not the beneficiary */
	{ "CustomerCreditTransfer_Variation4_pacs.008", 14,
	  "USD", 51000074, "USD", 51000074,
	  "Corporation A", "5647772655", "011104238",
	  "Corporation B", "567876543", "021040078",
	  "20250310B1QDRCQR000009", "Variation4EtoEId001", "" },
	/* cross-currency: EUR instructed, USD settled; IBANs and BICs */
	{ "CustomerCreditTransfer_Variation5_pacs.008", 14,
	  "USD", 100985899, "EUR", 100000000,
	  "Corporation Z", "BE34001216371411", "BANZBEBB",
	  "Corporation Y", "BR9700360305000010009795493P1", "BANYBRRJ",
	  "20250310B1QDRCQR000001", "Variation5EtoEId001", "" },
	/* the intermediary agent BANYBRRJ is not the beneficiary's bank */
	{ "CustomerCreditTransfer_Variation6_pacs.008", 14,
	  "USD", 50000000, "USD", 50000000,
	  "Corporation Z", "BE34001216371411", "BANZBEBB",
	  "Individual X", "BR1800360305000010009795493C1", "BANXBRRJ",
	  "20250310B1QDRCQR000001", "Variation6EtoEId001",
	  "Insurance Benefit/Policy XXAB9876/$500000.00" },
};

START_TEST(test_wire_iso_samples)
{
	const struct sample *s = &samples[_i];
	pr_store *st = tu_case_new(tmp, "case.prcd");
	char *path = tu_fixture("wire", s->file);
	char sha[PR_SHA256_HEX];
	pr_import_result res;
	pr_error err;
	pr_date d;
	char *got;

	pr_error_clear(&err);
	memset(&res, 0, sizeof(res));
	ck_assert_msg(import(st, path, s->file, &res, &err) == PR_OK,
		      "%s: %s", s->file, err.msg);
	ck_assert_uint_eq(res.records, 1);
	ck_assert_int_eq(pr_sha256_file(sha, NULL, path, NULL), PR_OK);
	ck_assert_str_eq(res.sha256, sha);
	ck_assert_int_eq(tu_sql_int(st->db, "SELECT count(*) FROM wire"), 1);
	got = tu_sql_text(st->db, "SELECT name || '|' || sha256 FROM "
			  "document");
	{
		char want[400];

		snprintf(want, sizeof(want), "%s|%s", s->file, sha);
		ck_assert_str_eq(got, want);
	}
	free(got);

	ck_assert_int_eq(col_int(st, "line", 1), s->line);
	ck_col_str(st, "format", 1, "pacs.008");
	ck_assert_int_eq(pr_date_from_ymd(&d, 2025, 3, 10, NULL), PR_OK);
	ck_assert_int_eq(col_int(st, "value_date", 1), d);
	ck_col_str(st, "currency", 1, s->currency);
	ck_assert_int_eq(col_int(st, "amount", 1), s->amount);
	ck_col_str(st, "instructed_currency", 1, s->icurrency);
	ck_assert_int_eq(col_int(st, "instructed_amount", 1), s->instructed);
	ck_col_str(st, "originator_name", 1, s->oname);
	ck_col_str(st, "originator_account", 1, s->oacct);
	ck_col_str(st, "originator_bank", 1, s->obank);
	ck_col_str(st, "beneficiary_name", 1, s->bname);
	ck_col_str(st, "beneficiary_account", 1, s->bacct);
	ck_col_str(st, "beneficiary_bank", 1, s->bbank);
	ck_col_str(st, "imad", 1, s->imad);
	ck_col_str(st, "omad", 1, "");
	ck_col_str(st, "uetr", 1, "8a562c67-ca16-48ba-b074-65581be6f011");
	ck_col_str(st, "reference", 1, s->reference);
	ck_col_str(st, "details", 1, s->details);
	free(path);
	pr_store_close(st);
}
END_TEST

/* Several transfers, an envelope with an AppHdr, a later pacs.008
 * version under a prefix, the date in GrpHdr, NOTPROVIDED end-to-end id,
 * several Ustrd lines, an upper-case UETR and a MsgId that is no IMAD. */
static const char multi[] =
	"<?xml version=\"1.0\"?>\n"
	"<Env>\n"
	"<h:AppHdr xmlns:h=\"urn:iso:std:iso:20022:tech:xsd:head.001.001.03\">"
	"\n"
	"<h:MsgDefIdr>pacs.008.001.12</h:MsgDefIdr>\n"
	"</h:AppHdr>\n"
	"<p:Document xmlns:p=\"urn:iso:std:iso:20022:tech:xsd:"
	"pacs.008.001.12\">\n"
	"<p:FIToFICstmrCdtTrf>\n"
	"<p:GrpHdr><p:MsgId>MSG-1</p:MsgId>"
	"<p:IntrBkSttlmDt>2024-02-29</p:IntrBkSttlmDt></p:GrpHdr>\n"
	"<p:CdtTrfTxInf>\n"
	"<p:PmtId><p:InstrId>I-1</p:InstrId>"
	"<p:EndToEndId>NOTPROVIDED</p:EndToEndId>"
	"<p:UETR>ABCDEF01-2345-4789-8BCD-EF0123456789</p:UETR></p:PmtId>\n"
	"<p:IntrBkSttlmAmt Ccy=\"JPY\">1000</p:IntrBkSttlmAmt>\n"
	"<p:Dbtr><p:Nm> Tanaka </p:Nm></p:Dbtr>\n"
	"<p:DbtrAgt><p:FinInstnId><p:BIC>BOTKJPJT</p:BIC></p:FinInstnId>"
	"</p:DbtrAgt>\n"
	"<p:RmtInf><p:Ustrd>one</p:Ustrd><p:Ustrd>two</p:Ustrd></p:RmtInf>\n"
	"</p:CdtTrfTxInf>\n"
	"<p:CdtTrfTxInf>\n"
	"<p:PmtId><p:EndToEndId>E-2</p:EndToEndId></p:PmtId>\n"
	"<p:IntrBkSttlmAmt Ccy=\"USD\">0.01</p:IntrBkSttlmAmt>\n"
	"<p:IntrBkSttlmDt>2024-03-01</p:IntrBkSttlmDt>\n"
	"</p:CdtTrfTxInf>\n"
	"</p:FIToFICstmrCdtTrf>\n"
	"</p:Document>\n"
	"</Env>\n";

START_TEST(test_wire_iso_multi)
{
	pr_store *st = tu_case_new(tmp, "case.prcd");
	char *path = tu_write(tmp, "multi.xml", multi);
	pr_import_result res;
	pr_error err;
	pr_date d;

	pr_error_clear(&err);
	ck_assert_msg(import(st, path, "multi.xml", &res, &err) == PR_OK,
		      "%s", err.msg);
	ck_assert_uint_eq(res.records, 2);
	ck_assert_int_eq(tu_sql_int(st->db, "SELECT count(*) FROM wire"), 2);

	ck_assert_int_eq(col_int(st, "line", 1), 9);
	ck_assert_int_eq(pr_date_from_ymd(&d, 2024, 2, 29, NULL), PR_OK);
	ck_assert_int_eq(col_int(st, "value_date", 1), d);
	ck_col_str(st, "currency", 1, "JPY");
	ck_assert_int_eq(col_int(st, "amount", 1), 1000);
	ck_col_str(st, "instructed_currency", 1, "");
	ck_col_str(st, "typeof(instructed_amount)", 1, "null");
	ck_col_str(st, "originator_name", 1, "Tanaka");
	ck_col_str(st, "originator_account", 1, "");
	ck_col_str(st, "originator_bank", 1, "BOTKJPJT");
	ck_col_str(st, "beneficiary_name", 1, "");
	ck_col_str(st, "reference", 1, "I-1");
	ck_col_str(st, "uetr", 1, "abcdef01-2345-4789-8bcd-ef0123456789");
	ck_col_str(st, "details", 1, "one two");
	ck_col_str(st, "imad", 1, "");

	ck_assert_int_eq(col_int(st, "line", 2), 16);
	ck_assert_int_eq(pr_date_from_ymd(&d, 2024, 3, 1, NULL), PR_OK);
	ck_assert_int_eq(col_int(st, "value_date", 2), d);
	ck_col_str(st, "currency", 2, "USD");
	ck_assert_int_eq(col_int(st, "amount", 2), 1);
	ck_col_str(st, "reference", 2, "E-2");
	ck_col_str(st, "uetr", 2, "");
	free(path);
	pr_store_close(st);
}
END_TEST

START_TEST(test_wire_iso_probe)
{
	static const char big_head[] = "<Document xmlns=\"urn:iso:std:iso:"
		"20022:tech:xsd:pacs.008.001.08\">";
	char *path = tu_fixture("wire", samples[0].file);
	char *text;
	size_t len;
	char pad[5000];

	text = tu_read_file(path, &len);
	ck_assert_int_eq(pr__pacs008_probe(text, len), 1);
	free(text);
	free(path);
	path = tu_fixture("wire", "PaymentReturn_Scenario1_Step4_pacs.004");
	text = tu_read_file(path, &len);
	/* it quotes the pacs.008 it returns: claimed, then refused */
	ck_assert_int_eq(pr__pacs008_probe(text, len), 1);
	free(text);
	free(path);
	ck_assert_int_eq(pr__pacs008_probe(big_head, strlen(big_head)), 1);
	ck_assert_int_eq(pr__pacs008_probe("pacs.008,1.00\n", 14), 0);
	ck_assert_int_eq(pr__pacs008_probe("<x/>", 4), 0);
	memset(pad, ' ', sizeof(pad));
	pad[0] = '<';
	memcpy(pad + 4096, "pacs.008", 8);
	ck_assert_int_eq(pr__pacs008_probe(pad, sizeof(pad)), 0);
}
END_TEST

/* ---------------------------------------------------------------- */
/* errors: exact text, and nothing written */

static const struct bad {
	const char *sub;
	const char *file;
	int code;
	const char *want;
} bads[] = {
	{ "bad/wire", "pacs008_malformed.xml", PR_EPARSE,
	  "pacs008_malformed.xml:10:31: malformed XML: opening and ending "
	  "tag mismatch: Nm line 10 and Cdtr" },
	{ "bad/wire", "pacs008_no_amount.xml", PR_EPARSE,
	  "pacs008_no_amount.xml:5:1: CdtTrfTxInf has no IntrBkSttlmAmt" },
	{ "bad/wire", "pacs008_currency.xml", PR_EPARSE,
	  "pacs008_currency.xml:7:1: unknown currency 'XYZ' in "
	  "IntrBkSttlmAmt" },
	{ "bad/wire", "pacs008_decimals.xml", PR_EPARSE,
	  "pacs008_decimals.xml:7:1: IntrBkSttlmAmt: amount '100.001' has 3 "
	  "decimals; at most 2 allowed" },
	{ "bad/wire", "pacs008_bad_date.xml", PR_EPARSE,
	  "pacs008_bad_date.xml:8:1: IntrBkSttlmDt: date '2025-02-30' does "
	  "not exist" },
	{ "bad/wire", "pacs008_not_decimal.xml", PR_EPARSE,
	  "pacs008_not_decimal.xml:7:1: IntrBkSttlmAmt '1,000.00' is not a "
	  "decimal amount" },
	{ "bad/wire", "pacs008_no_ccy.xml", PR_EPARSE,
	  "pacs008_no_ccy.xml:7:1: IntrBkSttlmAmt has no Ccy attribute" },
	{ "wire", "PaymentReturn_Scenario1_Step4_pacs.004", PR_EPARSE,
	  "PaymentReturn_Scenario1_Step4_pacs.004:2:2: pacs.004 is a payment "
	  "return; expected pacs.008" },
};

START_TEST(test_wire_iso_errors)
{
	const struct bad *b = &bads[_i];
	pr_store *st = tu_case_new(tmp, "case.prcd");
	char *path = tu_fixture(b->sub, b->file);
	pr_import_result res;
	char msg[600];
	pr_error err;

	pr_error_clear(&err);
	ck_assert_int_eq(import(st, path, b->file, &res, &err), b->code);
	ck_assert_int_eq(err.code, b->code);
	pr_error_format(msg, sizeof(msg), &err);
	ck_assert_str_eq(msg, b->want);
	ck_assert_int_eq(tu_sql_int(st->db, "SELECT count(*) FROM wire"), 0);
	ck_assert_int_eq(tu_sql_int(st->db, "SELECT count(*) FROM document"),
			 0);
	free(path);
	pr_store_close(st);
}
END_TEST

/* An external entity must never be read: the file is refused. */
START_TEST(test_wire_iso_xxe)
{
	static const char xxe[] =
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE Document [<!ENTITY e SYSTEM "
		"\"file:///etc/passwd\">]>\n"
		"<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:"
		"pacs.008.001.08\"><FIToFICstmrCdtTrf>\n"
		"<GrpHdr><MsgId>M</MsgId></GrpHdr>\n"
		"<CdtTrfTxInf>\n"
		"<IntrBkSttlmAmt Ccy=\"USD\">1.00</IntrBkSttlmAmt>\n"
		"<IntrBkSttlmDt>2025-03-10</IntrBkSttlmDt>\n"
		"<Dbtr><Nm>&e;</Nm></Dbtr>\n"
		"</CdtTrfTxInf>\n"
		"</FIToFICstmrCdtTrf></Document>\n";
	pr_store *st = tu_case_new(tmp, "case.prcd");
	char *path = tu_write(tmp, "xxe.xml", xxe);
	pr_import_result res;
	char msg[600];
	pr_error err;
	char *names;

	pr_error_clear(&err);
	ck_assert_int_eq(import(st, path, "xxe.xml", &res, &err), PR_EPARSE);
	pr_error_format(msg, sizeof(msg), &err);
	ck_assert_str_eq(msg, "xxe.xml:2:1: DOCTYPE declaration refused: "
			 "ISO 20022 messages carry none");
	ck_assert_ptr_null(strstr(msg, "root:"));
	names = tu_sql_text(st->db, "SELECT group_concat(originator_name) "
			    "FROM wire");
	ck_assert_ptr_null(strstr(names, "root:"));
	free(names);
	ck_assert_int_eq(tu_sql_int(st->db, "SELECT count(*) FROM wire"), 0);
	free(path);
	pr_store_close(st);
}
END_TEST

/* Files that hold no transfer at all. */
START_TEST(test_wire_iso_empty)
{
	static const char none[] =
		"<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:"
		"pacs.008.001.08\">\n"
		"<FIToFICstmrCdtTrf>\n<GrpHdr/>\n</FIToFICstmrCdtTrf>\n"
		"</Document>\n";
	static const char other[] =
		"<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:"
		"pacs.009.001.08\">\n<FICdtTrf/>\n</Document>\n"
		"<!-- pacs.008 -->\n";
	pr_store *st = tu_case_new(tmp, "case.prcd");
	char *p1 = tu_write(tmp, "none.xml", none);
	char *p2 = tu_write(tmp, "other.xml", other);
	char msg[600];
	pr_error err;

	pr_error_clear(&err);
	ck_assert_int_eq(import(st, p1, "none.xml", NULL, &err), PR_EPARSE);
	pr_error_format(msg, sizeof(msg), &err);
	ck_assert_str_eq(msg, "none.xml:2:1: FIToFICstmrCdtTrf has no "
			 "CdtTrfTxInf");
	ck_assert_int_eq(import(st, p2, "other.xml", NULL, &err), PR_EPARSE);
	pr_error_format(msg, sizeof(msg), &err);
	ck_assert_str_eq(msg, "other.xml:1:1: no FIToFICstmrCdtTrf in "
			 "<Document>: not a pacs.008 customer credit "
			 "transfer");
	ck_assert_int_eq(tu_sql_int(st->db, "SELECT count(*) FROM wire"), 0);
	free(p1);
	free(p2);
	pr_store_close(st);
}
END_TEST

static Suite *
wire_iso_suite(void)
{
	Suite *s = suite_create("wire_iso");
	TCase *tc;

	tc = tcase_create("samples");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_wire_iso_samples, 0,
			    (int)N_ELEMS(samples));
	tcase_add_test(tc, test_wire_iso_multi);
	tcase_add_test(tc, test_wire_iso_probe);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_wire_iso_errors, 0, (int)N_ELEMS(bads));
	tcase_add_test(tc, test_wire_iso_xxe);
	tcase_add_test(tc, test_wire_iso_empty);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(wire_iso_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
