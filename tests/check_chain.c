/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the on-chain readers (import/etherscan.c, import/explorer.c)
 * through pr_import_chain: Etherscan normal, internal and token exports,
 * explorer JSON, and malformed files that must write nothing. */
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

/* Import sub/name (as name) in a transaction of its own; commit on
 * success, roll back on failure. Returns the import's code. */
static int
import(pr_store *st, const char *sub, const char *name, const char *format,
       pr_import_result *res, pr_error *err)
{
	char *path = tu_fixture(sub, name);
	int rc;

	ck_assert_int_eq(pr_store_begin(st, err), PR_OK);
	rc = pr_import_chain(st, path, name, format, NULL, res, err);
	free(path);
	if (rc != PR_OK) {
		pr_store_rollback(st);
		return rc;
	}
	ck_assert_int_eq(pr_store_commit(st, "import", 0, NULL, "ok", err),
			 PR_OK);
	return rc;
}

/* One chain_tx row as "kind|block|time|date|status|fee_asset|fee|line". */
static char *
tx(pr_store *st, const char *hash)
{
	char sql[400];

	snprintf(sql, sizeof(sql), "SELECT kind || '|' || ifnull(block, '-')"
		 " || '|' || time || '|' || date || '|' || status || '|' || "
		 "fee_asset || '|' || fee || '|' || line FROM chain_tx WHERE "
		 "hash = '%s'", hash);
	return tu_sql_text(st->db, sql);
}

/* Its moves, in order, as "side:address:asset:value:prev:index ...". */
static char *
moves(pr_store *st, const char *hash)
{
	char sql[600];

	snprintf(sql, sizeof(sql), "SELECT group_concat(m, ' ') FROM (SELECT"
		 " side || ':' || address || ':' || asset || ':' || value || "
		 "':' || prev_hash || ':' || ifnull(prev_index, '-') AS m "
		 "FROM chain_move WHERE tx_id = (SELECT id FROM chain_tx "
		 "WHERE hash = '%s') ORDER BY n)", hash);
	return tu_sql_text(st->db, sql);
}

static void
expect(char *got, const char *want)
{
	ck_assert_str_eq(got, want);
	free(got);
}

START_TEST(test_chain_etherscan_normal)
{
	pr_store *st = tu_case_new(tmp, "case.prcd");
	pr_import_result res;
	pr_error err;

	ck_assert_int_eq(import(st, "crypto", "etherscan_0xf98.csv", NULL,
				&res, &err), PR_OK);
	ck_assert_uint_eq(res.records, 9);
	expect(tx(st, "0xbed75f8508fff302e3d6bd6ecb006f33c27d4d17013d9d93f12"
		  "9cb14896df07c"), "normal|4255150|2017-09-09T11:58:09Z|"
	       "17418|ok|ETH|1178100000000000|2");
	expect(moves(st, "0xbed75f8508fff302e3d6bd6ecb006f33c27d4d17013d9d93"
		     "f129cb14896df07c"),
	       "in:0x75e7f640bf6968b6f32c47a3cd82c3c2c9dcae68:ETH:"
	       "90000000000000000::- "
	       "out:0xf98c96b5d10faafc2324847c82305bd5fd7e5ad3:ETH:"
	       "90000000000000000::-");
	/* Value_OUT this time */
	expect(moves(st, "0xfbc404ce56a5b591c989551f39a8b7a5009b022873645d78"
		     "acee1f8305bd4e34"),
	       "in:0xf98c96b5d10faafc2324847c82305bd5fd7e5ad3:ETH:"
	       "100000000000000000::- "
	       "out:0x1c6db129a338e9a39a559a856175605dada4bdcd:ETH:"
	       "100000000000000000::-");
	ck_assert_int_eq(tu_sql_int(st->db, "SELECT count(*) FROM "
				    "chain_move"), 18);
	pr_store_close(st);
}
END_TEST

START_TEST(test_chain_etherscan_failed)
{
	pr_store *st = tu_case_new(tmp, "case.prcd");
	pr_import_result res;
	pr_error err;
	const char *h = "0x92ce04a67578af1e5e5dea54a35c0775e5fb3e36e7f619de2"
			"8274e3ad6657fa0";
	const char *big = "0x93fa7522a133b8d840334f6fb898799232e828883b5f579"
			  "8749beff043db63a8";
	char sql[300];

	ck_assert_int_eq(import(st, "crypto", "etherscan_0x003dc.csv", NULL,
				&res, &err), PR_OK);
	ck_assert_uint_eq(res.records, 482);
	ck_assert_int_eq(tu_sql_int(st->db, "SELECT count(*) FROM chain_tx "
				    "WHERE status = 'failed'"), 28);
	/* Value_OUT 4.56 but Error(0): nothing moved, the fee was paid */
	expect(tx(st, h), "normal|6606315|2018-10-29T16:27:43Z|17833|failed|"
	       "ETH|147000000000000|27");
	expect(moves(st, h), "in:0x003dc32fe920a4aaeed12dc87e145f030aa753f3:"
	       "ETH:0::- out:0x1c6db129a338e9a39a559a856175605dada4bdcd:ETH:"
	       "0::-");
	/* 34.495975469528555004 ETH does not fit 64 bits: stored as text */
	snprintf(sql, sizeof(sql), "SELECT typeof(value) || ' ' || value "
		 "FROM chain_move WHERE side = 'out' AND tx_id = (SELECT id "
		 "FROM chain_tx WHERE hash = '%s')", big);
	expect(tu_sql_text(st->db, sql), "text 34495975469528555004");
	pr_store_close(st);
}
END_TEST

START_TEST(test_chain_etherscan_internal)
{
	pr_store *st = tu_case_new(tmp, "case.prcd");
	pr_import_result res;
	pr_error err;
	const char *h = "0x8e94d2b8ac7c7582b108c928d54b5eb0f1eb9cebf99b4bae0"
			"db7ea2123bbf813";

	ck_assert_int_eq(import(st, "crypto", "etherscan-internal_0x003dc.csv",
				NULL, &res, &err), PR_OK);
	ck_assert_uint_eq(res.records, 48);
	expect(tx(st, h), "internal|6404680|2018-09-26T19:16:26Z|17800|ok|"
	       "ETH|0|2");
	expect(moves(st, h), "in:0x30f938fed5de6e06a9a7cd2ac3517131c317b1e7:"
	       "ETH:2079696004929649789::- "
	       "out:0x003dc32fe920a4aaeed12dc87e145f030aa753f3:ETH:"
	       "2079696004929649789::-");
	pr_store_close(st);
}
END_TEST

/* A token export that gives TokenDecimal: values in the token's units. */
START_TEST(test_chain_etherscan_token)
{
	pr_store *st = tu_case_new(tmp, "case.prcd");
	pr_import_result res;
	pr_error err;
	const char *h = "0x117756c2023161a70a4146feedf5b3a3f0b2028e8bc8542b4"
			"c59f994a29e5817";

	ck_assert_int_eq(import(st, "crypto", "etherscan-erc20_decimals.csv",
				NULL, &res, &err), PR_OK);
	ck_assert_uint_eq(res.records, 2);
	expect(tx(st, h), "token|4441567|2017-10-27T21:29:01Z|17466|ok|ETH|"
	       "0|2");
	expect(moves(st, h), "in:0xb59fdff77a6175dfa4fe7af4281a52f61611eaa2:"
	       "XNN:319225622004986860510::- "
	       "out:0xf98c96b5d10faafc2324847c82305bd5fd7e5ad3:XNN:"
	       "319225622004986860510::-");
	pr_store_close(st);
}
END_TEST

/* The confirmed transactions of mempool's transactions-random.json. */
START_TEST(test_chain_explorer)
{
	pr_store *st = tu_case_new(tmp, "case.prcd");
	pr_import_result res;
	pr_error err;
	const char *h1 = "20b984492b5264162a4c92c9a34bc7fa08b67d669de7b4c598"
			 "2ad3cb28aaecf6";
	const char *h2 = "b10c0000004da5a9d1d9b4ae32e09f0b3e62d21a5cce5428d4"
			 "ad714fb444eb5d";
	sqlite3_stmt *s;
	mpz_t in, out, v;
	char sql[300];

	ck_assert_int_eq(import(st, "crypto", "mempool_confirmed.json", NULL,
				&res, &err), PR_OK);
	ck_assert_uint_eq(res.records, 2);
	expect(tx(st, h1), "utxo|848136|2024-06-16T05:51:11Z|19890|ok|BTC|"
	       "4000|2");
	expect(moves(st, h1), "in:bc1qnzw0zfm5l3c9vztpp3aegx0j68zgqajyffr2r6:"
	       "BTC:27619:3adda6afd547193793c248e667c2b7dbf26d705003de65e3a25e"
	       "5be698286aef:2 out::BTC:0::- "
	       "out:bc1p6uwxc048hflxaerh5zlastpqc7ye0zpvq7gq2a:BTC:546::- "
	       "out:bc1qnzw0zfm5l3c9vztpp3aegx0j68zgqajyffr2r6:BTC:23073::-");
	expect(tx(st, h2), "utxo|850000|2024-06-29T19:34:34Z|19903|ok|BTC|"
	       "71294|60");
	ck_assert_int_eq(tu_sql_int(st->db, "SELECT count(*) FROM chain_move "
				    "WHERE tx_id = 2 AND side = 'in'"), 10);
	ck_assert_int_eq(tu_sql_int(st->db, "SELECT count(*) FROM chain_move "
				    "WHERE tx_id = 2 AND side = 'out'"), 9);
	/* inputs = outputs + fee, summed exactly in C */
	mpz_inits(in, out, v, NULL);
	snprintf(sql, sizeof(sql), "SELECT m.side, CAST(m.value AS TEXT) "
		 "FROM chain_move m JOIN chain_tx t ON t.id = m.tx_id WHERE "
		 "t.hash = '%s' ORDER BY m.n", h2);
	ck_assert_int_eq(sqlite3_prepare_v2(st->db, sql, -1, &s, NULL),
			 SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *side = (const char *)sqlite3_column_text(s, 0);

		ck_assert_int_eq(mpz_set_str(v, (const char *)
					     sqlite3_column_text(s, 1), 10),
				 0);
		mpz_add(strcmp(side, "in") == 0 ? in : out,
			strcmp(side, "in") == 0 ? in : out, v);
	}
	sqlite3_finalize(s);
	tu_assert_mpz_eq_str(in, "74732");
	tu_assert_mpz_eq_str(out, "3438");
	mpz_add_ui(out, out, 71294);
	tu_assert_mpz_eq(in, out);
	mpz_clears(in, out, v, NULL);
	/* the p2pk input has no address; the third spends output 1 */
	snprintf(sql, sizeof(sql), "SELECT address || '|' || value || '|' ||"
		 " prev_index FROM chain_move WHERE tx_id = 2 AND n = 3");
	expect(tu_sql_text(st->db, sql), "|1971|1");
	pr_store_close(st);
}
END_TEST

struct bad {
	const char *sub;
	const char *name;
	const char *format;
	int code;
	const char *msg;
};

static const struct bad bads[] = {
	{ "crypto", "etherscan-erc20_0xf98.csv", NULL, PR_EPARSE,
	  "etherscan-erc20_0xf98.csv:1:1: token export has no column "
	  "'TokenDecimal': the tokens' decimals are needed to count "
	  "TokenValue exactly" },
	{ "bad/crypto", "etherscan_exponent.csv", NULL, PR_EPARSE,
	  "etherscan_exponent.csv:3:208: amount '9e-2' has an exponent" },
	{ "bad/crypto", "etherscan_19dec.csv", NULL, PR_EPARSE,
	  "etherscan_19dec.csv:2:208: amount '0.0900000000000000001' has "
	  "19 decimals; at most 18 allowed" },
	{ "bad/crypto", "etherscan_nohash.csv", NULL, PR_EPARSE,
	  "etherscan_nohash.csv:1:1: header has no column 'Txhash'" },
	{ "crypto", "mempool_mainnet_tx_cached.json", NULL, PR_EPARSE,
	  "mempool_mainnet_tx_cached.json:1:1: transaction "
	  "21518a98d1aa9df5... is not confirmed: it is in no block and "
	  "may never be" },
	{ "crypto", "mempool_tx02_api_tx.json", NULL, PR_EPARSE,
	  "mempool_tx02_api_tx.json:1:1: transaction b6a53d8a8025c0c5... "
	  "is not confirmed: it is in no block and may never be" },
	{ "crypto", "mempool_transactions-random.json", NULL, PR_EPARSE,
	  "mempool_transactions-random.json:2:5: transaction "
	  "13f007241d78e8b0... is not confirmed: it is in no block and "
	  "may never be" },
	{ "bad/crypto", "explorer_unbalanced.json", NULL, PR_EPARSE,
	  "explorer_unbalanced.json:1:5: inputs (27619 sat) do not equal "
	  "outputs (23620 sat) plus fee (4000 sat)" },
	{ "bad/crypto", "explorer_negative.json", NULL, PR_EPARSE,
	  "explorer_negative.json:1:5: vout[1].value is negative" },
	{ "bad/crypto", "explorer_float.json", NULL, PR_EPARSE,
	  "explorer_float.json:1:5: vout[1].value is not a whole number" },
	{ "bad/crypto", "explorer_truncated.json", NULL, PR_EPARSE,
	  "explorer_truncated.json:52:20: invalid JSON: string or '}' "
	  "expected near end of file" },
	{ "bad/crypto", "etherscan_19dec.csv", "explorer", PR_EPARSE,
	  "etherscan_19dec.csv:1:8: invalid JSON: '[' or '{' expected "
	  "near '\"Txhash\"'" },
	{ "crypto", "mempool_confirmed.json", "bitcoind", PR_EINVALID,
	  "unknown on-chain format 'bitcoind' (expected csv, etherscan, "
	  "explorer)" },
};

START_TEST(test_chain_errors)
{
	const struct bad *b = &bads[_i];
	pr_store *st = tu_case_new(tmp, "case.prcd");
	pr_error err;
	char msg[512];

	ck_assert_int_eq(import(st, b->sub, b->name, b->format, NULL, &err),
			 b->code);
	pr_error_format(msg, sizeof(msg), &err);
	ck_assert_str_eq(msg, b->msg);
	ck_assert_int_eq(tu_sql_int(st->db, "SELECT count(*) FROM chain_tx"),
			 0);
	ck_assert_int_eq(tu_sql_int(st->db, "SELECT count(*) FROM "
				    "chain_move"), 0);
	ck_assert_int_eq(tu_sql_int(st->db, "SELECT count(*) FROM document"),
			 0);
	pr_store_close(st);
}
END_TEST

START_TEST(test_chain_probe)
{
	static const char eth[] = "\"Transaction Hash\",\"Blockno\"\n";
	static const char btc[] = "  [{\"txid\": \"00\", \"vin\": [], "
				  "\"vout\": []}]";

	ck_assert_int_eq(pr__etherscan_probe(eth, sizeof(eth) - 1), 1);
	ck_assert_int_eq(pr__explorer_probe(eth, sizeof(eth) - 1), 0);
	ck_assert_int_eq(pr__explorer_probe(btc, sizeof(btc) - 1), 1);
	ck_assert_int_eq(pr__etherscan_probe(btc, sizeof(btc) - 1), 0);
	ck_assert_int_eq(pr__explorer_probe("{\"vin\"", 6), 0);
}
END_TEST

static Suite *
chain_suite(void)
{
	Suite *s = suite_create("chain");
	TCase *tc;

	tc = tcase_create("samples");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_chain_etherscan_normal);
	tcase_add_test(tc, test_chain_etherscan_failed);
	tcase_add_test(tc, test_chain_etherscan_internal);
	tcase_add_test(tc, test_chain_etherscan_token);
	tcase_add_test(tc, test_chain_explorer);
	tcase_add_test(tc, test_chain_probe);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_chain_errors, 0, (int)N_ELEMS(bads));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(chain_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
