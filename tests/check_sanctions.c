/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of import sanctions (import/ofac.c) and pr_sanctions_load: the
 * real OFAC excerpts of fixtures/ofac/ with their values, every
 * digital-currency address, the remarks joined across files, and exact
 * errors for files broken one way each, the case unchanged. */
#include "config.h"
#include "common.h"
#include "import.h"
#include "store.h"
#include "testutil.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

static char *tmp;
static pr_store *st;

static void
setup(void)
{
	tmp = tu_tmpdir();
	st = tu_case_new(tmp, "case.prcd");
}

static void
teardown(void)
{
	pr_store_close(st);
	st = NULL;
	tu_rmtree(tmp);
	free(tmp);
	tmp = NULL;
}

static int64_t
day(int y, int m, int d)
{
	pr_date out;

	ck_assert_int_eq(pr_date_from_ymd(&out, y, m, d, NULL), PR_OK);
	return out;
}

/* Warnings, one per line. */
struct warns {
	char buf[4096];
	size_t len;
	int n;
};

static void
on_warn(const pr_error *w, void *payload)
{
	struct warns *ws = payload;

	ws->len += pr_error_format(ws->buf + ws->len,
				   sizeof(ws->buf) - ws->len, w);
	if (ws->len + 1 < sizeof(ws->buf))
		ws->buf[ws->len++] = '\n';
	ws->buf[ws->len] = '\0';
	ws->n++;
}

/* Import @p n files (paths) in one transaction, committed on success and
 * rolled back on failure; err gets the failure. */
static int
import(pr_date published, size_t n, const char *const *paths,
       const char *const *kinds, struct warns *ws,
       pr_sanctions_import_result *res, pr_error *err)
{
	int rc;

	pr_error_clear(err);
	ck_assert_int_eq(pr_store_begin(st, err), PR_OK);
	rc = pr_import_sanctions(st, published, n, paths, kinds,
				 ws ? on_warn : NULL, ws, res, err);
	if (rc == PR_OK)
		ck_assert_int_eq(pr_store_commit(st, "import", 0, NULL,
						 "test", err), PR_OK);
	else
		pr_store_rollback(st);
	return rc;
}

/* The four sample files, as fixture paths (freed by free_paths). */
static char *samples[4];

static void
sample_paths(void)
{
	samples[0] = tu_fixture("ofac", "sdn.csv");
	samples[1] = tu_fixture("ofac", "alt.csv");
	samples[2] = tu_fixture("ofac", "add.csv");
	samples[3] = tu_fixture("ofac", "sdn_comments.csv");
}

static void
free_paths(void)
{
	size_t i;

	for (i = 0; i < N_ELEMS(samples); i++) {
		free(samples[i]);
		samples[i] = NULL;
	}
}

static void
import_samples(pr_sanctions_import_result *res, struct warns *ws)
{
	pr_error err;

	sample_paths();
	if (import(day(2024, 5, 1), 4, (const char *const *)samples, NULL,
		   ws, res, &err) != PR_OK)
		ck_abort_msg("import: %s", err.msg);
	free_paths();
}

static pr_sanctions *
load(pr_date published)
{
	pr_sanctions *l = NULL;
	pr_error err;

	pr_error_clear(&err);
	if (pr_sanctions_load(&l, st, published, &err) != PR_OK)
		ck_abort_msg("load: %s", err.msg);
	return l;
}

static size_t
entry_by_num(const pr_sanctions *l, const char *list, long ent)
{
	size_t i;

	for (i = 0; i < pr_sanctions_entry_count(l); i++)
		if (pr_sanctions_entry(l, i)->ent_num == ent &&
		    strcmp(pr_sanctions_entry(l, i)->list, list) == 0)
			return i;
	ck_abort_msg("no entry %s %ld", list, ent);
	return 0;
}

/* ---------------------------------------------------------------- */
/* the samples */

START_TEST(test_sanctions_counts)
{
	pr_sanctions_import_result res;
	struct warns ws;

	memset(&ws, 0, sizeof(ws));
	import_samples(&res, &ws);
	ck_assert_uint_eq(res.entries, 17);
	ck_assert_uint_eq(res.aliases, 29);      /* 13 of alt.csv + 16 */
	ck_assert_uint_eq(res.weak_aliases, 16);
	ck_assert_uint_eq(res.places, 24);
	ck_assert_uint_eq(res.wallets, 32);
	ck_assert_uint_eq(res.comments, 1);
	ck_assert_uint_eq(res.orphans, 9);
	ck_assert_uint_eq(res.nfiles, 4);
	ck_assert_str_eq(res.file[0].kind, "sdn");
	ck_assert_uint_eq(res.file[0].records, 17);
	ck_assert_uint_eq(res.file[0].size, 7328);
	ck_assert_str_eq(res.file[0].sha256, "3fbc56312213c443b233ee6a0d2931"
			 "561832d55f13a9748405d8fae9b0985c73");
	ck_assert_str_eq(res.file[1].kind, "alt");
	ck_assert_uint_eq(res.file[1].records, 18);
	ck_assert_str_eq(res.file[2].kind, "add");
	ck_assert_uint_eq(res.file[2].records, 28);
	ck_assert_str_eq(res.file[3].kind, "comments");
	ck_assert_uint_eq(res.file[3].records, 1);
	/* the excerpts' rows of entries sdn.csv does not hold */
	ck_assert_int_eq(ws.n, 9);
	ck_assert_ptr_nonnull(strstr(ws.buf, "alt.csv:1:1: an alias of entry "
				     "10416, which the SDN files of this "
				     "import do not list (an excerpt?): "
				     "skipped\n"));
	ck_assert_ptr_nonnull(strstr(ws.buf, "add.csv:26:1: an address of "
				     "entry 33997, which the SDN files of "
				     "this import do not list (an excerpt?):"
				     " skipped\n"));
}
END_TEST

START_TEST(test_sanctions_entries)
{
	const pr_sanction_entry *e;
	pr_sanctions *l;
	const char *name, *sha;

	import_samples(NULL, NULL);
	l = load(0);
	ck_assert_int_eq(pr_sanctions_published(l), day(2024, 5, 1));
	ck_assert_uint_eq(pr_sanctions_file_count(l), 4);
	pr_sanctions_file(l, 3, &name, &sha);
	ck_assert_str_eq(name, "sdn_comments.csv");
	ck_assert_str_eq(sha, "b03596d870d2c3ba1f987df1aa4b189347a5475539faa0"
			 "3948470136e0dbe583");
	ck_assert_uint_eq(pr_sanctions_entry_count(l), 17);
	/* (list, ent_num) order */
	e = pr_sanctions_entry(l, 0);
	ck_assert_int_eq(e->ent_num, 10278);
	ck_assert_str_eq(e->list, "SDN");
	ck_assert_str_eq(e->name, "LOGAN MOREY, Elvis Angus");
	ck_assert_str_eq(e->type, "individual");
	ck_assert_str_eq(e->programs, "SDNT");
	ck_assert_str_eq(e->document, "sdn.csv");
	ck_assert_int_eq(e->line, 1);
	ck_assert_str_eq(e->remarks, "DOB 28 Jul 1963; POB Toledo District, "
			 "Belize; Passport P0017003 (Belize); SSN 561-77-9011 "
			 "(United States); a.k.a. 'BURTON BURGESS'.");
	e = pr_sanctions_entry(l, 16);
	ck_assert_int_eq(e->ent_num, 52327);
	ck_assert_str_eq(e->name, "TASCA");
	ck_assert_str_eq(e->type, "vessel");
	ck_assert_int_eq(e->line, 17);
	/* an entity: OFAC's -0- type; programs "] [" joined */
	e = pr_sanctions_entry(l, entry_by_num(l, "SDN", 11195));
	ck_assert_str_eq(e->type, "");
	ck_assert_str_eq(e->programs, "NPWMD; IFSR; IRAN-CON-ARMS-EO");
	e = pr_sanctions_entry(l, entry_by_num(l, "SDN", 19709));
	ck_assert_str_eq(e->name, "AIRCRAFT, AVIONICS, PARTS & SUPPORT LTD.");
	ck_assert_str_eq(e->programs, "SDGT; IFSR");
	e = pr_sanctions_entry(l, entry_by_num(l, "SDN", 48727));
	ck_assert_str_eq(e->type, "aircraft");
	ck_assert_str_eq(e->programs, "SDGT; NPWMD; IRGC; IFSR");
	e = pr_sanctions_entry(l, entry_by_num(l, "SDN", 20540));
	ck_assert_str_eq(e->name, "P-532");
	ck_assert_str_eq(e->type, "aircraft");
	/* the remarks cut in sdn.csv, continued in sdn_comments.csv */
	e = pr_sanctions_entry(l, entry_by_num(l, "SDN", 33151));
	ck_assert_str_eq(e->name, "SUEX OTC, S.R.O.");
	ck_assert_ptr_nonnull(strstr(e->remarks, "alt. Digital Currency "
				     "Address - XBT 1B64QRxfaa35MVkf7sDjuGUYAP5"
				     "izQt7Qi; Digital Currency Address - ETH "
				     "0x2f389ce8bd8ff92de3402ffce4691d17fc4f"
				     "6535;"));
	ck_assert_uint_eq(strlen(e->remarks), 1000 + 1127);
	ck_assert_str_eq(e->remarks + strlen(e->remarks) - 29,
			 "a.k.a. 'SUCCESSFUL EXCHANGE'.");
	pr_sanctions_free(l);
}
END_TEST

/* Every alias of the entries with both kinds, in (entry, number) order:
 * the weak ones (number 0) first. */
START_TEST(test_sanctions_aliases)
{
	static const char *const want =
		"10278 aka BURTON BURGESS 0 weak sdn.csv:1\n"
		"11195 aka HESA 0 weak sdn.csv:2\n"
		"11195 aka HTC 0 weak sdn.csv:2\n"
		"11195 aka IAMI 0 weak sdn.csv:2\n"
		"11195 aka IAMCO 0 weak sdn.csv:2\n"
		"11195 aka HAVA PEYMA SAZI-E IRAN 0 weak sdn.csv:2\n"
		"11195 aka HAVAPEYMA SAZI IRAN 0 weak sdn.csv:2\n"
		"11195 aka HAVAPEYMA SAZHRAN 0 weak sdn.csv:2\n"
		"11195 aka HEVAPEIMASAZI 0 weak sdn.csv:2\n"
		"11195 aka SHAHIN CO. 0 weak sdn.csv:2\n"
		"11195 aka HESA TRADE CENTER 11591 strong alt.csv:2\n"
		"11195 aka IRAN AIRCRAFT MANUFACTURING INDUSTRIES 11593 strong "
		"alt.csv:3\n"
		"11195 aka IRAN AIRCRAFT MANUFACTURING COMPANY 11595 strong "
		"alt.csv:4\n"
		"11195 aka KARKHANEJATE SANAYE HAVAPAYMAIE IRAN 11597 strong "
		"alt.csv:5\n"
		"12685 aka GADDAFI INTERNATIONAL FOUNDATION FOR CHARITY "
		"ORGANISATIONS 13802 strong alt.csv:7\n"
		"15102 aka MORENO JR., Daniel Gonzalo 22122 strong alt.csv:8\n"
		"19709 aka AIRCRAFT AVIONICS PARTS AND SUPPORT LTD. 31067 strong "
		"alt.csv:9\n"
		"33151 aka SUCCESSFUL EXCHANGE 0 weak sdn_comments.csv:1\n"
		"40716 aka MAKRAN 0 weak sdn.csv:10\n"
		"48603 aka LOCKBITSUPP 0 weak sdn.csv:13\n"
		"48603 aka KHOROSHEV, Dmitriy Yurevich 75563 strong alt.csv:12\n"
		"48603 aka YURIEVICH, Dmitry 75564 strong alt.csv:13\n"
		"48603 aka KHOROSHEV, Dmitrii Yuryevich 75565 strong "
		"alt.csv:14\n"
		"50544 aka DIALOGUE REGIONS 0 weak sdn.csv:15\n"
		"50544 aka DIALOG REGIONY 0 weak sdn.csv:15\n"
		"50544 aka DIALOGUE 0 weak sdn.csv:15\n"
		"50544 aka AUTONOMOUS NON-PROFIT ORGANIZATION FOR THE "
		"DEVELOPMENT OF DIGITAL PROJECTS IN THE FIELD OF PUBLIC "
		"RELATIONS AND COMMUNICATIONS DIALOG REGIONS 79025 strong "
		"alt.csv:16\n"
		"50544 aka ANO DIALOG REGIONS 79026 strong alt.csv:17\n"
		"50544 aka AVTONOMNAYA NEKOMMERCHESKAYA ORGANIZATSIYA PO "
		"RAZVITIYU TSIFROVYKH PROEKTOV V SFERE OBSHCHESTEVENNYKH "
		"SVYAZEI I KOMMUNIKATSII DIALOG REGIONY 79030 strong "
		"alt.csv:18\n";
	tu_buf b = { 0 };
	pr_sanctions *l;
	size_t i;

	import_samples(NULL, NULL);
	l = load(day(2024, 5, 1));
	ck_assert_uint_eq(pr_sanctions_alias_count(l), 29);
	for (i = 0; i < pr_sanctions_alias_count(l); i++) {
		const pr_sanction_alias *a = pr_sanctions_alias(l, i);

		tu_buf_printf(&b, "%ld %s %s %ld %s %s:%ld\n",
			      pr_sanctions_entry(l, a->entry)->ent_num,
			      a->kind, a->name, a->alt_num,
			      a->weak ? "weak" : "strong", a->document,
			      a->line);
	}
	ck_assert_str_eq(b.s, want);
	tu_buf_free(&b);
	pr_sanctions_free(l);
}
END_TEST

START_TEST(test_sanctions_places)
{
	const pr_sanction_place *p;
	pr_sanctions *l;
	size_t i, n15102 = 0;

	import_samples(NULL, NULL);
	l = load(0);
	ck_assert_uint_eq(pr_sanctions_place_count(l), 24);
	/* 10278's only address: every field -0- */
	p = pr_sanctions_place(l, 0);
	ck_assert_int_eq(pr_sanctions_entry(l, p->entry)->ent_num, 10278);
	ck_assert_int_eq(p->add_num, 13948);
	ck_assert_str_eq(p->address, "");
	ck_assert_str_eq(p->city, "");
	ck_assert_str_eq(p->country, "");
	ck_assert_str_eq(p->document, "add.csv");
	ck_assert_int_eq(p->line, 1);
	for (i = 0; i < pr_sanctions_place_count(l); i++) {
		p = pr_sanctions_place(l, i);
		if (pr_sanctions_entry(l, p->entry)->ent_num != 15102)
			continue;
		if (n15102++ == 0) {
			/* OFAC's double space kept as written */
			ck_assert_int_eq(p->add_num, 22453);
			ck_assert_str_eq(p->address, "50 6th  Ave.");
			ck_assert_str_eq(p->city, "Corozal");
			ck_assert_str_eq(p->country, "Belize");
			ck_assert_int_eq(p->line, 9);
		}
	}
	ck_assert_uint_eq(n15102, 3);
	p = pr_sanctions_place(l, 17);
	ck_assert_int_eq(pr_sanctions_entry(l, p->entry)->ent_num, 44525);
	ck_assert_str_eq(p->address, "");
	ck_assert_str_eq(p->city, "Miami, FL 33130");
	ck_assert_str_eq(p->country, "United States");
	pr_sanctions_free(l);
}
END_TEST

/* Every digital-currency address of the samples, in (entry, remarks)
 * order, where each was read: 1B64QRxf... starts in sdn.csv and ends
 * in sdn_comments.csv. */
START_TEST(test_sanctions_wallets)
{
	static const char *const want =
		"29702 XBT 12udabs2TkX7NXCSj6KpqXfakjE52ZPLhz sdn.csv:8\n"
		"29702 XBT 1DT3tenf14cxz9WFNxmYrXFbB6TFiVWA9U sdn.csv:8\n"
		"29702 ETH 0x901bb9583b24d97e995513c6778dc6888ab6870e sdn.csv:8\n"
		"29702 ETH 0xa7e5d5a720f06526557c513402f2e6b5fa20b008 sdn.csv:8\n"
		"29702 LTC Leo3j36nn1JcsUQruytQhFUdCdCH5YHMR3 sdn.csv:8\n"
		"29702 DASH Xs3vzQmNvAxRa3Xo8XzQqUb3BMgb9EogF4 sdn.csv:8\n"
		"33151 XBT 12HQDsicffSBaYdJ6BhnE22sfjTESmmzKx sdn.csv:9\n"
		"33151 XBT 1L4ncif9hh9TnUveqWq77HfWWt6CJWtrnb sdn.csv:9\n"
		"33151 XBT 13mnk8SvDGqsQTHbiGiHBXqtaQCUKfcsnP sdn.csv:9\n"
		"33151 XBT 1Edue8XZCWNoDBNZgnQkCCivDyr9GEo4x6 sdn.csv:9\n"
		"33151 XBT 1ECeZBxCVJ8Wm2JSN3Cyc6rge2gnvD3W5K sdn.csv:9\n"
		"33151 XBT 1J9oGoAiHeRfeMZeUnJ9W7RpV55CdKtgYE sdn.csv:9\n"
		"33151 XBT 1295rkVyNfFpqZpXvKGhDqwhP1jZcNNDMV sdn.csv:9\n"
		"33151 XBT 1LiNmTUPSJEd92ZgVJjAV3RT9BzUjvUCkx sdn.csv:9\n"
		"33151 XBT 1LrxsRd7zNuxPJcL5rttnoeJFy1y4AffYY sdn.csv:9\n"
		"33151 XBT 1KUUJPkyDhamZXgpsyXqNGc3x1QPXtdhgz sdn.csv:9\n"
		"33151 XBT 1CF46Rfbp97absrs7zb7dFfZS6qBXUm9EP sdn.csv:9\n"
		"33151 XBT 1Df883c96LVauVsx9FEgnsourD8DELwCUQ sdn.csv:9\n"
		"33151 XBT bc1qdt3gml5z5n50y5hm04u2yjdphefkm0fl2zdj68 sdn.csv:9\n"
		"33151 XBT 1B64QRxfaa35MVkf7sDjuGUYAP5izQt7Qi sdn.csv:9\n"
		"33151 ETH 0x2f389ce8bd8ff92de3402ffce4691d17fc4f6535 "
		"sdn_comments.csv:1\n"
		"33151 ETH 0x19aa5fe80d33a56d56c78e82ea5e50e5d80b4dff "
		"sdn_comments.csv:1\n"
		"33151 ETH 0xe7aa314c77f4233c18c6cc84384a9247c0cf367b "
		"sdn_comments.csv:1\n"
		"33151 ETH 0x308ed4b7b49797e1a98d3818bff6fe5385410370 "
		"sdn_comments.csv:1\n"
		"33151 USDT 0x2f389ce8bd8ff92de3402ffce4691d17fc4f6535 "
		"sdn_comments.csv:1\n"
		"33151 USDT 0x19aa5fe80d33a56d56c78e82ea5e50e5d80b4dff "
		"sdn_comments.csv:1\n"
		"33151 USDT 1KUUJPkyDhamZXgpsyXqNGc3x1QPXtdhgz "
		"sdn_comments.csv:1\n"
		"33151 USDT 1CF46Rfbp97absrs7zb7dFfZS6qBXUm9EP "
		"sdn_comments.csv:1\n"
		"33151 USDT 1LrxsRd7zNuxPJcL5rttnoeJFy1y4AffYY "
		"sdn_comments.csv:1\n"
		"33151 USDT 1Df883c96LVauVsx9FEgnsourD8DELwCUQ "
		"sdn_comments.csv:1\n"
		"33151 USDT 16iWn2J1McqjToYLHSsAyS6En3QA8YQ91H "
		"sdn_comments.csv:1\n"
		"48603 XBT bc1qvhnfknw852ephxyc5hm4q520zmvf9maphetc9z "
		"sdn.csv:13\n";
	tu_buf b = { 0 };
	pr_sanctions *l;
	size_t i;

	import_samples(NULL, NULL);
	l = load(0);
	ck_assert_uint_eq(pr_sanctions_wallet_count(l), 32);
	for (i = 0; i < pr_sanctions_wallet_count(l); i++) {
		const pr_sanction_wallet *w = pr_sanctions_wallet(l, i);

		tu_buf_printf(&b, "%ld %s %s %s:%ld\n",
			      pr_sanctions_entry(l, w->entry)->ent_num,
			      w->currency, w->address, w->document, w->line);
	}
	ck_assert_str_eq(b.s, want);
	tu_buf_free(&b);
	pr_sanctions_free(l);
}
END_TEST

/* The remarks scanner over the larger comments file: every
 * continuation's addresses and weak aliases, by currency code. */
struct tally {
	char codes[32][8];
	int count[32];
	int ncodes;
	int wallets, weak;
	char last[128];
};

static int
on_remark(int what, size_t at, const char *a, size_t alen, const char *b,
	  size_t blen, void *payload, pr_error *err)
{
	struct tally *t = payload;
	int i;

	(void)at, (void)err;
	if (what == PR__OFAC_WEAK) {
		t->weak++;
		return PR_OK;
	}
	t->wallets++;
	snprintf(t->last, sizeof(t->last), "%.*s %.*s", (int)alen, a,
		 (int)blen, b);
	for (i = 0; i < t->ncodes; i++)
		if (strlen(t->codes[i]) == alen &&
		    memcmp(t->codes[i], a, alen) == 0)
			break;
	if (i == t->ncodes) {
		ck_assert_int_lt(t->ncodes, 32);
		snprintf(t->codes[t->ncodes++], 8, "%.*s", (int)alen, a);
	}
	t->count[i]++;
	return PR_OK;
}

START_TEST(test_sanctions_remarks_full)
{
	static const struct { const char *code; int n; } want[] = {
		{ "BCH", 4 }, { "BSV", 1 }, { "ETH", 100 }, { "LTC", 6 },
		{ "TRX", 1 }, { "USDT", 8 }, { "XBT", 219 }, { "XRP", 1 },
		{ "ZEC", 1 },
	};
	char *path = tu_fixture("ofac", "sdn_comments_full.csv");
	char *text = tu_read_file(path, NULL);
	struct tally t;
	pr_error err;
	size_t i;
	int j, sum = 0;

	memset(&t, 0, sizeof(t));
	/* each line: ent_num,"continuation" */
	{
		char *p = text;

		while (*p != '\0' && *p != 0x1a) {
			char *q = strchr(p, '"'), *end;

			ck_assert_ptr_nonnull(q);
			end = strstr(q + 1, "\"\r\n");
			ck_assert_ptr_nonnull(end);
			*end = '\0';
			ck_assert_int_eq(pr__ofac_scan_remarks(q + 1, on_remark,
							       &t, &err),
					 PR_OK);
			p = end + 3;
		}
	}
	for (i = 0; i < N_ELEMS(want); i++) {
		for (j = 0; j < t.ncodes; j++)
			if (strcmp(t.codes[j], want[i].code) == 0)
				break;
		ck_assert_msg(j < t.ncodes, "no %s", want[i].code);
		ck_assert_int_eq(t.count[j], want[i].n);
		sum += want[i].n;
	}
	ck_assert_int_eq(t.ncodes, (int)N_ELEMS(want));
	ck_assert_int_eq(t.wallets, 341);
	ck_assert_int_eq(sum, 341);
	ck_assert_int_eq(t.weak, 31);
	/* the last address of the file */
	ck_assert_str_eq(t.last, "TRX TBHTJqAy4DhHhmT3dNceJYNRz4SdLofLre");
	free(text);
	free(path);
}
END_TEST

/* Codes are read, not looked up: any word after the dash. */
START_TEST(test_sanctions_remarks_codes)
{
	struct tally t;
	pr_error err;

	memset(&t, 0, sizeof(t));
	ck_assert_int_eq(pr__ofac_scan_remarks(
		"Digital Currency Address - XMR 4AbC; alt. Digital Currency "
		"Address - ARB 0xAb; Digital Currency Address - BSC 0xcd; "
		"Digital Currency Address - USDC 0xEF; Digital Currency "
		"Address - XVG DxyZ; Digital Currency Address - ETC 0x12; "
		"Digital Currency Address - BTG GaBc; a.k.a. 'D'S CO'; "
		"Digital Currency Address - ; f.k.a. 'OLD NAME'; Digital "
		"Currency Address - XRP rXy.",
		on_remark, &t, &err), PR_OK);
	ck_assert_int_eq(t.wallets, 8);
	ck_assert_int_eq(t.ncodes, 8);
	/* the remarks' final full stop is not the address's */
	ck_assert_str_eq(t.last, "XRP rXy");
	ck_assert_str_eq(t.codes[0], "XMR");
	ck_assert_str_eq(t.codes[6], "BTG");
	ck_assert_int_eq(t.weak, 2);
}
END_TEST

/* ---------------------------------------------------------------- */
/* versions */

START_TEST(test_sanctions_versions)
{
	const char *p1[1], *k1[1] = { "sdn" };
	pr_sanctions *l = NULL;
	pr_error err;
	char *older;

	import_samples(NULL, NULL);
	/* a later list of one entry, under a name that says nothing */
	older = tu_write(tmp, "list.csv", "36,\"AEROCARIBBEAN AIRLINES\",-0- "
			 ",\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n"
			 "\x1a");
	p1[0] = older;
	ck_assert_int_eq(import(day(2024, 6, 3), 1, p1, k1, NULL, NULL,
				&err), PR_OK);
	l = load(0);
	ck_assert_int_eq(pr_sanctions_published(l), day(2024, 6, 3));
	ck_assert_uint_eq(pr_sanctions_entry_count(l), 1);
	ck_assert_str_eq(pr_sanctions_entry(l, 0)->name,
			 "AEROCARIBBEAN AIRLINES");
	ck_assert_str_eq(pr_sanctions_entry(l, 0)->document, "list.csv");
	ck_assert_uint_eq(pr_sanctions_alias_count(l), 0);
	pr_sanctions_free(l);
	l = load(day(2024, 5, 1));
	ck_assert_uint_eq(pr_sanctions_entry_count(l), 17);
	pr_sanctions_free(l);
	l = NULL;
	pr_error_clear(&err);
	ck_assert_int_eq(pr_sanctions_load(&l, st, day(2020, 1, 2), &err),
			 PR_ENOTFOUND);
	ck_assert_ptr_null(l);
	ck_assert_str_eq(err.msg, "the case holds no sanctions list "
			 "published 2020-01-02 (it holds 2024-06-03, "
			 "2024-05-01)");
	/* a second import of the same date is refused, naming the first */
	ck_assert_int_eq(import(day(2024, 6, 3), 1, p1, k1, NULL, NULL,
				&err), PR_EEXISTS);
	ck_assert_str_eq(err.msg, "the case already holds the lists "
			 "published 2024-06-03 (SDN: list.csv): one import "
			 "per publication date, its files together");
	free(older);
}
END_TEST

START_TEST(test_sanctions_none)
{
	pr_sanctions *l = NULL;
	pr_error err;

	pr_error_clear(&err);
	ck_assert_int_eq(pr_sanctions_load(&l, st, 0, &err), PR_ENOTFOUND);
	ck_assert_str_eq(err.msg, "the case holds no sanctions list (import "
			 "one with `import sanctions`)");
}
END_TEST

/* The consolidated list beside the SDN list: entries of the same number
 * are two entries, CONS first. */
START_TEST(test_sanctions_cons)
{
	const char *paths[3];
	pr_sanctions_import_result res;
	pr_sanctions *l;
	pr_error err;
	char *a, *b, *c;

	a = tu_write(tmp, "sdn.csv", "7,\"SDN ONE\",-0- ,\"SDGT\",-0- ,-0- ,"
		     "-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n");
	b = tu_write(tmp, "cons_prim.csv", "7,\"CONS ONE\",\"individual\","
		     "\"SSI\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"a.k.a. "
		     "'ONE'.\"\r\n\x1a");
	c = tu_write(tmp, "cons_alt.csv", "7,70,\"fka\",\"CONS FORMER\","
		     "-0- \r\n");
	paths[0] = a;
	paths[1] = b;
	paths[2] = c;
	ck_assert_int_eq(import(day(2024, 1, 2), 3, paths, NULL, NULL, &res,
				&err), PR_OK);
	ck_assert_str_eq(res.file[1].kind, "cons-prim");
	ck_assert_str_eq(res.file[2].kind, "cons-alt");
	l = load(0);
	ck_assert_uint_eq(pr_sanctions_entry_count(l), 2);
	ck_assert_str_eq(pr_sanctions_entry(l, 0)->list, "CONS");
	ck_assert_str_eq(pr_sanctions_entry(l, 0)->name, "CONS ONE");
	ck_assert_str_eq(pr_sanctions_entry(l, 1)->list, "SDN");
	ck_assert_uint_eq(pr_sanctions_alias_count(l), 2);
	ck_assert_str_eq(pr_sanctions_alias(l, 0)->name, "ONE");
	ck_assert_int_eq(pr_sanctions_alias(l, 0)->weak, 1);
	ck_assert_str_eq(pr_sanctions_alias(l, 1)->name, "CONS FORMER");
	ck_assert_str_eq(pr_sanctions_alias(l, 1)->kind, "fka");
	ck_assert_uint_eq(pr_sanctions_alias(l, 1)->entry, 0);
	ck_assert_int_eq(tu_sql_int(st->db, "SELECT count(*) FROM "
				    "sanctions_version WHERE lists = "
				    "'CONS; SDN'"), 1);
	pr_sanctions_free(l);
	free(a);
	free(b);
	free(c);
}
END_TEST

/* ---------------------------------------------------------------- */
/* errors: one file broken one way each, exact message, case unchanged */

static const struct bad {
	const char *name;       /* file name (tells the kind) */
	const char *text;
	int code;
	const char *msg;        /* pr_error_format, path made relative */
} bads[] = {
	{ "sdn.csv", "1,\"A\",-0- ,\"X\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"
	  "-0- \r\n", PR_EPARSE, "sdn.csv:1:50: record has 11 fields; "
	  "sdn.csv has 12 (ent_num, SDN_Name, SDN_Type, Program, Title, "
	  "Call_Sign, Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, "
	  "Remarks)" },
	{ "sdn.csv", "1,\"A\",-0- ,\"X\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"
	  "-0- ,-0- \r\nX2,\"B\",-0- ,\"X\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"
	  "-0- ,-0- \r\n", PR_EPARSE, "sdn.csv:2:1: 'X2' is not a number "
	  "(ent_num)" },
	{ "sdn.csv", "1,\"A\",\"person\",\"X\",-0- ,-0- ,-0- ,-0- ,-0- ,"
	  "-0- ,-0- ,-0- \r\n", PR_EPARSE, "sdn.csv:1:7: unknown SDN_Type "
	  "'person' (expected individual, vessel, aircraft or -0- for an "
	  "entity)" },
	{ "sdn.csv", "1,\"A\",-0- ,\"X\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"
	  "-0- ,\"cut short\r\n", PR_EPARSE, "sdn.csv:1:51: quoted field "
	  "not closed before the end of the file" },
	{ "sdn.csv", "1,\"A\",-0- ,\"X\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"
	  "-0- ,-0- \r\n\x1a\r\n2,\"B\",-0- ,\"X\",-0- ,-0- ,-0- ,-0- ,"
	  "-0- ,-0- ,-0- ,-0- \r\n", PR_EPARSE, "sdn.csv:3:1: a record "
	  "after the end-of-file mark (0x1A) of line 2" },
	{ "sdn.csv", "5,\"A\",-0- ,\"X\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"
	  "-0- ,-0- \r\n5,\"B\",-0- ,\"X\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"
	  "-0- ,-0- \r\n", PR_EPARSE, "sdn.csv:2:1: entry 5 is listed twice"
	  " (also at sdn.csv:1)" },
	{ "sdn.csv", "1,-0- ,-0- ,\"X\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"
	  "-0- ,-0- \r\n", PR_EPARSE, "sdn.csv:1:3: no name (SDN_Name is "
	  "-0-)" },
	{ "sdn.csv", "\x1a", PR_EPARSE, "sdn.csv: no records" },
	{ "alt.csv", "1,10,\"a.k.a.\",\"B\",-0- \r\n", PR_EPARSE,
	  "alt.csv:1:6: unknown alt_type 'a.k.a.' (expected aka, fka or "
	  "nka)" },
	{ "alt.csv", "1,x,\"aka\",\"B\",-0- \r\n", PR_EPARSE,
	  "alt.csv:1:3: 'x' is not a number (alt_num)" },
	{ "alt.csv", "1,10,\"aka\",\"B\"\r\n", PR_EPARSE, "alt.csv:1:15: "
	  "record has 4 fields; alt.csv has 5 (ent_num, alt_num, alt_type, "
	  "alt_name, alt_remarks)" },
	{ "add.csv", "1,x,-0- ,-0- ,-0- ,-0- \r\n", PR_EPARSE,
	  "add.csv:1:3: 'x' is not a number (add_num)" },
	{ "sdn_list.csv", "1\r\n", PR_EINVALID, "sdn_list.csv: cannot tell "
	  "which OFAC file this is from its name (expected sdn.csv, alt.csv,"
	  " add.csv, sdn_comments.csv, cons_prim.csv, cons_alt.csv, "
	  "cons_add.csv or cons_comments.csv): give --kind" },
};

START_TEST(test_sanctions_bad)
{
	const struct bad *b = &bads[_i];
	const char *paths[2];
	char *good, *path, buf[512];
	pr_sanctions_import_result res;
	pr_error err;
	size_t n = 0;
	int rc;

	/* the bad alt.csv and add.csv come with a good sdn.csv */
	good = tu_write(tmp, "sdn.csv", "1,\"A\",-0- ,\"X\",-0- ,-0- ,-0- ,"
			"-0- ,-0- ,-0- ,-0- ,-0- \r\n\x1a");
	if (strcmp(b->name, "alt.csv") == 0 ||
	    strcmp(b->name, "add.csv") == 0)
		paths[n++] = good;
	path = tu_write(tmp, b->name, b->text);
	paths[n++] = path;
	ck_assert_int_eq(chdir(tmp), 0);
	paths[n - 1] = b->name;
	if (n == 2)
		paths[0] = "sdn.csv";
	rc = import(day(2024, 5, 1), n, paths, NULL, NULL, &res, &err);
	ck_assert_int_eq(rc, b->code);
	pr_error_format(buf, sizeof(buf), &err);
	ck_assert_str_eq(buf, b->msg);
	/* the case unchanged: no document, no row, no custody entry */
	ck_assert_int_eq(tu_sql_int(st->db, "SELECT count(*) FROM document"),
			 0);
	ck_assert_int_eq(tu_sql_int(st->db, "SELECT count(*) FROM "
				    "sanctions_version"), 0);
	ck_assert_int_eq(tu_sql_int(st->db, "SELECT count(*) FROM "
				    "sanctions_entry"), 0);
	ck_assert_int_eq(tu_sql_int(st->db, "SELECT count(*) FROM custody"
				    " WHERE command = 'import'"), 0);
	free(good);
	free(path);
}
END_TEST

START_TEST(test_sanctions_bad_args)
{
	const char *paths[2] = { "sdn.csv", "alt.csv" };
	const char *kinds[2] = { "sdn", "names" };
	pr_error err;
	char *a, *b;

	a = tu_write(tmp, "sdn.csv", "1,\"A\",-0- ,\"X\",-0- ,-0- ,-0- ,"
		     "-0- ,-0- ,-0- ,-0- ,-0- \r\n\x1a");
	b = tu_write(tmp, "alt.csv", "1,10,\"aka\",\"B\",-0- \r\n\x1a");
	ck_assert_int_eq(chdir(tmp), 0);
	/* no date */
	ck_assert_int_eq(import(0, 2, paths, NULL, NULL, NULL, &err),
			 PR_EINVALID);
	ck_assert_str_eq(err.msg, "no publication date: OFAC's legacy CSV "
			 "files carry none, so give the date the list was "
			 "published (--published YYYY-MM-DD)");
	/* an unknown kind */
	ck_assert_int_eq(import(day(2024, 5, 1), 2, paths, kinds, NULL,
				NULL, &err), PR_EINVALID);
	ck_assert_str_eq(err.msg, "alt.csv: unknown kind 'names' (expected "
			 "sdn, alt, add, comments, cons-prim, cons-alt, "
			 "cons-add or cons-comments)");
	/* a kind twice */
	kinds[1] = "sdn";
	ck_assert_int_eq(import(day(2024, 5, 1), 2, paths, kinds, NULL,
				NULL, &err), PR_EINVALID);
	ck_assert_str_eq(err.msg, "alt.csv: a second sdn file in one import "
			 "(the first: sdn.csv)");
	/* aliases without their entries */
	ck_assert_int_eq(import(day(2024, 5, 1), 1, paths + 1, NULL, NULL,
				NULL, &err), PR_EINVALID);
	ck_assert_str_eq(err.msg, "alt.csv: the SDN list's aliases without "
			 "its entries (give sdn.csv in the same import)");
	/* a file given as the wrong kind: its width is refused */
	kinds[1] = "alt";
	paths[1] = "sdn.csv";
	ck_assert_int_eq(import(day(2024, 5, 1), 2, paths, kinds, NULL,
				NULL, &err), PR_EPARSE);
	ck_assert_int_eq(tu_sql_int(st->db, "SELECT count(*) FROM document"),
			 0);
	free(a);
	free(b);
}
END_TEST

/* Out of memory at each allocation in turn, importing the samples and
 * loading them: an error, never a crash or a leak (valgrind, ASan). */
START_TEST(test_sanctions_oom)
{
	pr_sanctions *l = NULL;
	unsigned long n;
	pr_error err;
	int rc = PR_ENOMEM;

	sample_paths();
	for (n = 1; n < 5000 && rc != PR_OK; n++) {
		pr_error_clear(&err);
		ck_assert_int_eq(pr_store_begin(st, &err), PR_OK);
		pr__alloc_fail_at(n);
		rc = pr_import_sanctions(st, day(2024, 5, 1), 4,
					 (const char *const *)samples, NULL,
					 NULL, NULL, NULL, &err);
		pr__alloc_fail_at(0);
		ck_assert_msg(rc == PR_OK || rc == PR_ENOMEM || rc == PR_EDB,
			      "%d %s", rc, err.msg);
		if (rc == PR_OK)
			ck_assert_int_eq(pr_store_commit(st, "import", 0, NULL,
							 "test", &err), PR_OK);
		else
			pr_store_rollback(st);
	}
	ck_assert_int_eq(rc, PR_OK);
	free_paths();
	rc = PR_ENOMEM;
	for (n = 1; n < 5000 && rc != PR_OK; n++) {
		pr_error_clear(&err);
		pr__alloc_fail_at(n);
		rc = pr_sanctions_load(&l, st, 0, &err);
		pr__alloc_fail_at(0);
		ck_assert_msg(rc == PR_OK || rc == PR_ENOMEM, "%d %s", rc,
			      err.msg);
		if (rc != PR_OK)
			ck_assert_ptr_null(l);
	}
	ck_assert_int_eq(rc, PR_OK);
	ck_assert_uint_eq(pr_sanctions_wallet_count(l), 32);
	pr_sanctions_free(l);
}
END_TEST

static Suite *
sanctions_suite(void)
{
	Suite *s = suite_create("sanctions");
	TCase *tc;

	tc = tcase_create("samples");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_sanctions_counts);
	tcase_add_test(tc, test_sanctions_entries);
	tcase_add_test(tc, test_sanctions_aliases);
	tcase_add_test(tc, test_sanctions_places);
	tcase_add_test(tc, test_sanctions_wallets);
	tcase_add_test(tc, test_sanctions_remarks_full);
	tcase_add_test(tc, test_sanctions_remarks_codes);
	suite_add_tcase(s, tc);
	tc = tcase_create("versions");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_sanctions_versions);
	tcase_add_test(tc, test_sanctions_none);
	tcase_add_test(tc, test_sanctions_cons);
	suite_add_tcase(s, tc);
	tc = tcase_create("errors");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_sanctions_bad, 0, (int)N_ELEMS(bads));
	tcase_add_test(tc, test_sanctions_bad_args);
	tcase_add_test(tc, test_sanctions_oom);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(sanctions_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
