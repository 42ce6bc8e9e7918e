/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the on-chain readers (import/etherscan.c, import/explorer.c,
 * import/chaincsv.c) through pr_import_chain: Etherscan normal, internal
 * and token exports, explorer JSON, the canonical on-chain CSV, and
 * malformed files that must write nothing. */
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

/* Import an asset table from fixtures/assets. */
static void
assets(pr_store *st, const char *name)
{
	char *path = tu_fixture("assets", name);
	pr_import_result res;
	pr_error err;

	pr_error_clear(&err);
	ck_assert_int_eq(pr_store_begin(st, &err), PR_OK);
	ck_assert_msg(pr_import_assets(st, path, name, NULL, &res, &err) ==
		      PR_OK, "%s", err.msg);
	ck_assert_int_eq(pr_store_commit(st, "import", 0, NULL, "ok", &err),
			 PR_OK);
	free(path);
}

/* Etherscan's own token export, without TokenDecimal: each token's
 * decimals (and code) are the case's asset table's, by contract. */
START_TEST(test_chain_etherscan_token_table)
{
	pr_store *st = tu_case_new(tmp, "case.prcd");
	pr_import_result res;
	pr_error err;
	const char *h = "0x117756c2023161a70a4146feedf5b3a3f0b2028e8bc8542b4"
			"c59f994a29e5817";

	assets(st, "tokens.csv");
	assets(st, "erc20_0xf98.csv");
	ck_assert_int_eq(import(st, "crypto", "etherscan-erc20_0xf98.csv",
				NULL, &res, &err), PR_OK);
	ck_assert_uint_eq(res.records, 8);
	expect(tx(st, h), "token|4441567|2017-10-27T21:29:01Z|17466|ok|ETH|"
	       "0|2");
	expect(moves(st, h), "in:0xb59fdff77a6175dfa4fe7af4281a52f61611eaa2:"
	       "XNN:319225622004986860510::- "
	       "out:0xf98c96b5d10faafc2324847c82305bd5fd7e5ad3:XNN:"
	       "319225622004986860510::-");
	/* 777 INSP at 0 decimals, 2 CAN at 6, 2.117826656607921801 LPT at
	 * 18, exactly */
	expect(tu_sql_text(st->db, "SELECT group_concat(asset || '=' || "
			   "value, ' ') FROM (SELECT asset, value FROM "
			   "chain_move WHERE side = 'out' ORDER BY rowid)"),
	       "XNN=319225622004986860510 XDATA=211654766929048420 "
	       "VIU=29978799200000000000 INSP=777 CAN=2000000 "
	       "LOOM=10000000000000000000 HEALP=911 "
	       "LPT=2117826656607921801");
	pr_store_close(st);
}
END_TEST

/* Asset codes as exchanges and explorers write them, made one code. */
static const struct {
	const char *in, *out;
} codes[] = {
	{ "usdt", "USDT" }, { "USDT-TRC20", "USDT" }, { "ETH (ERC20)", "ETH" },
	{ "BUSDBEP20", "BUSD" }, { "usdc erc-20", "USDC" },
	{ "USDT_BEP20", "USDT" }, { "XBT", "BTC" }, { "XXBT", "BTC" },
	{ "ZUSD", "USD" }, { " btc ", "BTC" }, { "1INCH", "1INCH" },
	{ "WETH", "WETH" }, { "USDC.SOL", "USDC" }, { "ERC20", "ERC20" },
	{ "USDT (OMNI)", "USDT" }, { "BTC (BITCOIN)", "" }, { "SH!B", "" },
	{ "", "" }, { "ABCDEFGHIJKLMNOP", "" }, { "BTC-USD", "" },
};

START_TEST(test_chain_asset_code)
{
	char out[64];
	size_t n = pr__asset_code(out, sizeof(out), codes[_i].in,
				  strlen(codes[_i].in));

	ck_assert_msg(n == strlen(codes[_i].out), "'%s': %zu", codes[_i].in,
		      n);
	if (n > 0)
		ck_assert_str_eq(out, codes[_i].out);
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

/* The sum of one side of a transaction's moves, exactly, in C. */
static void
side_sum(mpz_t out, pr_store *st, const char *hash, const char *side)
{
	sqlite3_stmt *s;
	char sql[300];
	mpz_t v;

	mpz_init(v);
	mpz_set_ui(out, 0);
	snprintf(sql, sizeof(sql), "SELECT CAST(m.value AS TEXT) FROM "
		 "chain_move m JOIN chain_tx t ON t.id = m.tx_id WHERE "
		 "t.hash = '%s' AND m.side = '%s'", hash, side);
	ck_assert_int_eq(sqlite3_prepare_v2(st->db, sql, -1, &s, NULL),
			 SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW) {
		ck_assert_int_eq(mpz_set_str(v, (const char *)
					     sqlite3_column_text(s, 0), 10),
				 0);
		mpz_add(out, out, v);
	}
	sqlite3_finalize(s);
	mpz_clear(v);
}

/* The canonical CSV, UTXO: three inputs, two outputs (one of them
 * change), then a transaction that spends the first output. */
START_TEST(test_chain_csv_utxo)
{
	pr_store *st = tu_case_new(tmp, "case.prcd");
	pr_import_result res;
	pr_error err;
	const char *t1 = "628b49d96dcde97a430dd4f597705899e09a968f793491e4b7"
			 "04cae33a40dc02";
	/* written upper case in the file, kept lower case */
	const char *t2 = "c44474038d459e40e4714afefa7bf8dae9f9834b22f5e8ec1d"
			 "d434ecb62b512e";
	mpz_t in, out;

	ck_assert_int_eq(import(st, "crypto", "chain-utxo.csv", NULL, &res,
				&err), PR_OK);
	ck_assert_uint_eq(res.records, 2);
	expect(tx(st, t1), "utxo|840000|2024-04-20T00:09:27Z|19833|ok|BTC|"
	       "15000|2");
	expect(moves(st, t1),
	       "in:bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh:BTC:50000000:"
	       "f64551fcd6f07823cb87971cfb91446425da18286b3ab1ef935e0cbd7a69"
	       "f68a:0 "
	       "in:1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2:BTC:25000000:"
	       "3946ca64ff78d93ca61090a437cbb6b3d2ca0d488f5f9ccf3059608368b2"
	       "7693:1 "
	       "in:3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy:BTC:1500000:"
	       "43bb00d0ce7790a53b91256b370c887b24791a5539a6fbfb70c5870e8c91"
	       "ae5d:3 "
	       "out:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq:BTC:70000000::- "
	       "out:bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh:BTC:6485000::-");
	expect(tx(st, t2), "utxo|840003|2024-04-20T00:41:12Z|19833|ok|BTC|"
	       "1410|7");
	expect(moves(st, t2),
	       "in:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq:BTC:70000000:"
	       "628b49d96dcde97a430dd4f597705899e09a968f793491e4b704cae33a40"
	       "dc02:0 "
	       "out:bc1q9d4ywgfnd8h43da5tpcxcn6ajv590cg6d3tg6axemvljvt2k76zs"
	       "50tv4q:BTC:40000000::- "
	       "out:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq:BTC:29998590:"
	       ":-");
	/* inputs = outputs + fee, exactly, for both */
	mpz_inits(in, out, NULL);
	side_sum(in, st, t1, "in");
	side_sum(out, st, t1, "out");
	tu_assert_mpz_eq_str(in, "76500000");
	mpz_add_ui(out, out, 15000);
	tu_assert_mpz_eq(in, out);
	side_sum(in, st, t2, "in");
	side_sum(out, st, t2, "out");
	mpz_add_ui(out, out, 1410);
	tu_assert_mpz_eq(in, out);
	mpz_clears(in, out, NULL);
	pr_store_close(st);
}
END_TEST

/* The canonical CSV, account chain: a transfer (EIP-55 addresses folded
 * to lower case), a failed one (value stored as 0, fee kept), one over
 * 2^64 wei, and a token transfer. */
START_TEST(test_chain_csv_account)
{
	pr_store *st = tu_case_new(tmp, "case.prcd");
	pr_import_result res;
	pr_error err;
	const char *ok = "0x8b5cc4df7eec7d32a7814eca4af047ae33b2d52342667715"
			 "682e19c25b0b9faa";
	const char *failed = "0xac0f09c0f8bf5e7a4b063d863255f16d8ce9abe600e2"
			     "88d934cf313bcbff63eb";
	const char *big = "0xcef7fc13a38180936ffa2635489088778e059f07a5d1beda"
			  "53f1719d35577631";
	const char *tok = "0x449777124b1466a8ed667d0dd4c0620993f59e20fb27b3fa"
			  "8894e957f8762353";
	char sql[300];
	mpz_t v, two64;

	ck_assert_int_eq(import(st, "crypto", "chain-account.csv", "csv",
				&res, &err), PR_OK);
	ck_assert_uint_eq(res.records, 4);
	expect(tx(st, ok), "normal|19000000|2024-01-13T10:15:23Z|19735|ok|"
	       "ETH|441000000000000|2");
	expect(moves(st, ok), "in:0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed:"
	       "ETH:1500000000000000000::- "
	       "out:0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359:ETH:"
	       "1500000000000000000::-");
	expect(tx(st, failed), "normal|19000012|2024-01-13T10:17:47Z|19735|"
	       "failed|ETH|620000000000000|4");
	expect(moves(st, failed), "in:0xfb6916095ca1df60bb79ce92ce3ea74c37c5d"
	       "359:ETH:0::- out:0xdbf03b407c01e7cd3cbea99509d93f8dddc8c6fb:"
	       "ETH:0::-");
	expect(tx(st, big), "normal|19000040|2024-01-13T10:23:23Z|19735|ok|"
	       "ETH|2100000000000000|6");
	/* 20000.000000000000000001 ETH: past 2^64 wei, kept to the last */
	snprintf(sql, sizeof(sql), "SELECT group_concat(typeof(value) || ' '"
		 " || value, ' ') FROM chain_move WHERE tx_id = (SELECT id "
		 "FROM chain_tx WHERE hash = '%s')", big);
	expect(tu_sql_text(st->db, sql), "text 20000000000000000000001 "
	       "text 20000000000000000000001");
	mpz_inits(v, two64, NULL);
	side_sum(v, st, big, "out");
	mpz_ui_pow_ui(two64, 2, 64);
	ck_assert_int_gt(mpz_cmp(v, two64), 0);
	tu_assert_mpz_eq_str(v, "20000000000000000000001");
	mpz_clears(v, two64, NULL);
	expect(tx(st, tok), "token|19000101|2024-01-13T10:35:35Z|19735|ok|"
	       "ETH|1520000000000000|8");
	expect(moves(st, tok), "in:0x52908400098527886e0f7030069857d2e4169ee7"
	       ":USDT:2500000001::- out:0x5aaeb6053f3e94c9b9a09f33669435e7ef1"
	       "beaed:USDT:2500000001::-");
	pr_store_close(st);
}
END_TEST

/* Without the optional columns (block, n, prev_hash, prev_index). */
START_TEST(test_chain_csv_minimal)
{
	pr_store *st = tu_case_new(tmp, "case.prcd");
	pr_import_result res;
	pr_error err;
	const char *h = "1f10668b5f1cb897d57faf08cfe58c668060f14ce32077c4301"
			"1c862fea5f5c7";

	ck_assert_int_eq(import(st, "crypto", "chain-tron.csv", NULL, &res,
				&err), PR_OK);
	ck_assert_uint_eq(res.records, 1);
	expect(tx(st, h), "token|-|2024-02-01T08:00:03Z|19754|ok|TRX|"
	       "13844400|2");
	expect(moves(st, h), "in:TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7:USDT:"
	       "15000000000::- out:TNPeeaaFB7K9cmo4uQpcU32zGK8G1NYqeL:USDT:"
	       "15000000000::-");
	pr_store_close(st);
}
END_TEST

/* The header is told apart from Etherscan's and explorer JSON. */
START_TEST(test_chain_csv_probe)
{
	static const char csv[] = "chain,hash,block,time,status,fee,side,n,"
				  "address,asset,value,prev_hash,prev_index"
				  "\r\nBTC,";
	static const char bom[] = "\xEF\xBB\xBF\"chain\",\"hash\",\"time\","
				  "\"status\",\"fee\",\"side\",\"address\","
				  "\"asset\",\"value\"\n";
	static const char eth[] = "\"Txhash\",\"Blockno\",\"UnixTimestamp\","
				  "\"From\",\"To\",\"Value_IN(ETH)\"\n";
	static const char part[] = "chain,hash,side,address,asset\nvalue";
	static const char json[] = "[{\"chain\":1,\"hash\":2,\"side\":3,"
				   "\"address\":4,\"asset\":5,\"value\":6}]";

	ck_assert_int_eq(pr__chaincsv_probe(csv, sizeof(csv) - 1), 1);
	ck_assert_int_eq(pr__chaincsv_probe(bom, sizeof(bom) - 1), 1);
	ck_assert_int_eq(pr__chaincsv_probe(eth, sizeof(eth) - 1), 0);
	ck_assert_int_eq(pr__chaincsv_probe(part, sizeof(part) - 1), 0);
	ck_assert_int_eq(pr__chaincsv_probe(json, sizeof(json) - 1), 0);
	ck_assert_int_eq(pr__etherscan_probe(csv, sizeof(csv) - 1), 0);
	ck_assert_int_eq(pr__explorer_probe(csv, sizeof(csv) - 1), 0);
}
END_TEST

/* Out of memory at each allocation in turn while reading the canonical
 * CSV: an error, never a crash or a leak (run under valgrind). */
START_TEST(test_chain_csv_oom)
{
	static const char *const files[] = { "chain-utxo.csv",
					     "chain-account.csv" };
	size_t f;

	for (f = 0; f < N_ELEMS(files); f++) {
		char *path = tu_fixture("crypto", files[f]);
		unsigned long n;
		int rc = PR_ENOMEM;

		for (n = 1; n < 2000 && rc != PR_OK; n++) {
			pr_store *st = tu_case_new(tmp, "oom.prcd");
			pr_error err;

			pr_error_clear(&err);
			ck_assert_int_eq(pr_store_begin(st, &err), PR_OK);
			pr__alloc_fail_at(n);
			rc = pr_import_chain(st, path, files[f], "csv", NULL,
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

struct bad {
	const char *sub;
	const char *name;
	const char *format;
	int code;
	const char *msg;
};

static const struct bad bads[] = {
	{ "crypto", "etherscan-erc20_0xf98.csv", NULL, PR_EPARSE,
	  "etherscan-erc20_0xf98.csv:2:235: token XNN at contract "
	  "0xab95e915c123fded5bdfb6325e35ef5515f1ea69 is not in the case's "
	  "asset table: give its decimals with `proceeds import assets` (a "
	  "line XNN,DECIMALS,ETH,0xab95e915c123fded5bdfb6325e35ef5515f1ea69,"
	  "SOURCE)" },
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
	{ "bad/crypto", "chaincsv_account_unbalanced.csv", "csv", PR_EPARSE,
	  "chaincsv_account_unbalanced.csv:2:5: inputs of ETH "
	  "(1.500000000000000000) do not equal its outputs "
	  "(1.400000000000000000)" },
	{ "bad/crypto", "chaincsv_address.csv", "csv", PR_EPARSE,
	  "chaincsv_address.csv:2:119: address "
	  "'0x5aaeb6053f3e94c9b9a09f33669435e7ef1bea' is not 0x and "
	  "40 hex digits" },
	{ "bad/crypto", "chaincsv_asset.csv", "csv", PR_EPARSE,
	  "chaincsv_asset.csv:2:156: asset 'ETH' on a BTC "
	  "transaction: a UTXO chain moves only its own coin" },
	{ "bad/crypto", "chaincsv_chain.csv", "csv", PR_EPARSE,
	  "chaincsv_chain.csv:2:1: chain 'DOGE' is not one this "
	  "format reads (BCH, BTC, LTC; ETH, SOL, TRX, XRP)" },
	{ "bad/crypto", "chaincsv_date.csv", "csv", PR_EPARSE,
	  "chaincsv_date.csv:2:77: time '2023-02-30T00:09:27Z' is on "
	  "a day that does not exist" },
	{ "bad/crypto", "chaincsv_decimals.csv", "csv", PR_EPARSE,
	  "chaincsv_decimals.csv:2:160: value '0.123456789' has 9 "
	  "decimals; BTC has 8" },
	{ "bad/crypto", "chaincsv_digits.csv", "csv", PR_EPARSE,
	  "chaincsv_digits.csv:2:166: value "
	  "'1111111111111111111111111111111111111111...' has more "
	  "than 80 digits" },
	{ "bad/crypto", "chaincsv_disagree.csv", "csv", PR_EPARSE,
	  "chaincsv_disagree.csv:3:101: fee '0.0002' differs from the "
	  "transaction's first row (line 2): '0.0001'" },
	{ "bad/crypto", "chaincsv_disagree_block.csv", "csv", PR_EPARSE,
	  "chaincsv_disagree_block.csv:3:70: block '840001' differs "
	  "from the transaction's first row (line 2): '840000'" },
	{ "bad/crypto", "chaincsv_double_spend.csv", "csv", PR_EPARSE,
	  "chaincsv_double_spend.csv:5:232: output 0 of "
	  "628b49d96dcde97a... is already spent on line 4" },
	{ "bad/crypto", "chaincsv_empty.csv", "csv", PR_EPARSE,
	  "chaincsv_empty.csv: no transactions after the header" },
	{ "bad/crypto", "chaincsv_exponent.csv", "csv", PR_EPARSE,
	  "chaincsv_exponent.csv:2:160: value '5e-1' is not a plain "
	  "decimal such as 0.015" },
	{ "bad/crypto", "chaincsv_failed_utxo.csv", "csv", PR_EPARSE,
	  "chaincsv_failed_utxo.csv:2:98: a UTXO transaction in a "
	  "block cannot fail: status must be ok" },
	{ "bad/crypto", "chaincsv_fee.csv", "csv", PR_EPARSE,
	  "chaincsv_fee.csv:2:101: no fee" },
	{ "bad/crypto", "chaincsv_hash.csv", "csv", PR_EPARSE,
	  "chaincsv_hash.csv:2:5: hash "
	  "'8b5cc4df7eec7d32a7814eca4af047ae33b2d523...' is not 0x "
	  "and 64 hex digits" },
	{ "bad/crypto", "chaincsv_header.csv", "csv", PR_EPARSE,
	  "chaincsv_header.csv:1:41: unknown column 'adress' "
	  "(expected chain, hash, block, time, status, fee, side, n, "
	  "address, asset, value, prev_hash, prev_index)" },
	{ "bad/crypto", "chaincsv_n.csv", "csv", PR_EPARSE,
	  "chaincsv_n.csv:3:112: n is 1; expected 0 (a transaction's "
	  "outputs are numbered 0, 1, 2 ... in order)" },
	{ "bad/crypto", "chaincsv_negative.csv", "csv", PR_EPARSE,
	  "chaincsv_negative.csv:2:160: value '-0.5' is negative: "
	  "side says which way value moves" },
	{ "bad/crypto", "chaincsv_no_address.csv", "csv", PR_EPARSE,
	  "chaincsv_no_address.csv:3:120: no address: an account "
	  "transfer is from one address to another" },
	{ "bad/crypto", "chaincsv_no_output.csv", "csv", PR_EPARSE,
	  "chaincsv_no_output.csv:2:5: a transaction needs at least "
	  "one input (side in) and one output (side out)" },
	{ "bad/crypto", "chaincsv_no_prev.csv", "csv", PR_EPARSE,
	  "chaincsv_no_prev.csv:2:164: a UTXO input must name the "
	  "output it spends: prev_hash and prev_index" },
	{ "bad/crypto", "chaincsv_prev_index.csv", "csv", PR_EPARSE,
	  "chaincsv_prev_index.csv:2:229: prev_index '-1' is not a "
	  "whole number from 0 to 4294967295" },
	{ "bad/crypto", "chaincsv_prev_on_account.csv", "csv", PR_EPARSE,
	  "chaincsv_prev_on_account.csv:3:171: prev_hash is only for "
	  "UTXO inputs" },
	{ "bad/crypto", "chaincsv_repeated.csv", "csv", PR_EPARSE,
	  "chaincsv_repeated.csv:6:5: transaction 628b49d96dcde97a... "
	  "already appeared on line 2: a transaction's rows must be "
	  "consecutive" },
	{ "bad/crypto", "chaincsv_side.csv", "csv", PR_EPARSE,
	  "chaincsv_side.csv:2:108: side 'input' is neither in nor "
	  "out" },
	{ "bad/crypto", "chaincsv_spent_index.csv", "csv", PR_EPARSE,
	  "chaincsv_spent_index.csv:4:232: transaction "
	  "628b49d96dcde97a... (line 2) has no output 1: it has 1" },
	{ "bad/crypto", "chaincsv_spent_value.csv", "csv", PR_EPARSE,
	  "chaincsv_spent_value.csv:4:160: value 0.50000000 is not "
	  "that of output 0 of 628b49d96dcde97a... (line 2): "
	  "0.49990000" },
	{ "bad/crypto", "chaincsv_status.csv", "csv", PR_EPARSE,
	  "chaincsv_status.csv:2:102: status 'success' is neither ok "
	  "nor failed" },
	{ "bad/crypto", "chaincsv_thousands.csv", "csv", PR_EPARSE,
	  "chaincsv_thousands.csv:2:166: value '1,500.0' is not a "
	  "plain decimal such as 0.015" },
	{ "bad/crypto", "chaincsv_time.csv", "csv", PR_EPARSE,
	  "chaincsv_time.csv:2:77: time '2024-04-20 00:09:27' is not "
	  "YYYY-MM-DDTHH:MM:SSZ (UTC)" },
	{ "bad/crypto", "chaincsv_time_offset.csv", "csv", PR_EPARSE,
	  "chaincsv_time_offset.csv:2:77: time "
	  "'2024-04-20T00:09:27+00:00' is not YYYY-MM-DDTHH:MM:SSZ "
	  "(UTC)" },
	{ "bad/crypto", "chaincsv_unbalanced.csv", "csv", PR_EPARSE,
	  "chaincsv_unbalanced.csv:2:5: inputs (0.50000000 BTC) do "
	  "not equal outputs (0.40000000 BTC) plus fee (0.00010000 "
	  "BTC)" },
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
	tcase_add_test(tc, test_chain_etherscan_token_table);
	tcase_add_loop_test(tc, test_chain_asset_code, 0,
			    (int)(sizeof(codes) / sizeof(codes[0])));
	tcase_add_test(tc, test_chain_explorer);
	tcase_add_test(tc, test_chain_probe);
	tcase_add_test(tc, test_chain_csv_utxo);
	tcase_add_test(tc, test_chain_csv_account);
	tcase_add_test(tc, test_chain_csv_minimal);
	tcase_add_test(tc, test_chain_csv_probe);
	tcase_add_test(tc, test_chain_csv_oom);
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
