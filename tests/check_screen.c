/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the screen (screen_*.c): the exact Jaro-Winkler of textbook
 * pairs, the normalisation, the scores of hits and misses, and
 * addresses per chain, against lists built in memory. */
#include "config.h"
#include "common.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "screen_priv.h"
#include "sanctions_priv.h"
#include "store.h"
#include "testutil.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* ---------------------------------------------------------------- */
/* Jaro-Winkler */

static const struct {
	const char *a, *b;
	int bp;
} jw_cases[] = {
	/* Winkler's examples: JW 0.961, 0.840, 0.813 */
	{ "MARTHA", "MARHTA", 9611 },   /* 0.96111... */
	{ "DWAYNE", "DUANE", 8400 },    /* 0.84 exactly */
	{ "DIXON", "DICKSONX", 8133 },  /* 0.81333... */
	{ "JELLYFISH", "SMELLYFISH", 8963 },
	{ "ABC", "ABC", 10000 },
	{ "ABC", "XYZ", 0 },
	{ "A", "B", 0 },
	{ "CRATE", "TRACE", 7333 },     /* 0.7333..., no prefix */
	{ "", "", 10000 },
	{ "", "A", 0 },
};

static size_t
cps(int32_t *out, const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		out[i] = (unsigned char)s[i];
	return i;
}

START_TEST(test_screen_jaro_winkler)
{
	int32_t a[64], b[64];
	size_t an = cps(a, jw_cases[_i].a), bn = cps(b, jw_cases[_i].b);
	int got = pr__screen_bp(pr__screen_jw(a, an, b, bn));
	int back = pr__screen_bp(pr__screen_jw(b, bn, a, an));

	ck_assert_msg(got == jw_cases[_i].bp, "%s/%s: got %d, want %d",
		      jw_cases[_i].a, jw_cases[_i].b, got, jw_cases[_i].bp);
	ck_assert_int_eq(back, got);
}
END_TEST

/* MARTHA/MARHTA as the rational itself: m = 6, T = 2, l = 3:
 * J = 17/18, JW = 17/18 + 3/10 * 1/18 = 173/180. */
START_TEST(test_screen_jw_rational)
{
	int32_t a[8], b[8];
	size_t an = cps(a, "MARTHA"), bn = cps(b, "MARHTA");
	struct scr_rat r = pr__screen_jw(a, an, b, bn);

	ck_assert_uint_eq(r.num * 180, r.den * 173);
	/* 173/180 = 0.961111: 9611.11 bp rounds to 9611; DWAYNE/DUANE is
	 * 0.84 exactly; a half rounds up: 1/8 of a bp over 0.5 */
	r.num = 1;
	r.den = 20000;
	ck_assert_int_eq(pr__screen_bp(r), 1);  /* 0.5 bp -> 1 */
	r.num = 1;
	r.den = 20001;
	ck_assert_int_eq(pr__screen_bp(r), 0);  /* 0.49998 bp -> 0 */
}
END_TEST

static const struct {
	const char *word;
	const char *sdx;
} sdx_cases[] = {
	{ "robert", "R163" }, { "rupert", "R163" }, { "rubin", "R150" },
	{ "ashcraft", "A261" }, { "ashcroft", "A261" }, { "tymczak", "T522" },
	{ "pfister", "P236" }, { "honeyman", "H555" }, { "lee", "L000" },
	{ "munoz", "M520" }, { "12", "" },
};

START_TEST(test_screen_soundex)
{
	int32_t w[32];
	size_t n = cps(w, sdx_cases[_i].word);
	char got[5];

	pr__screen_soundex(got, w, n);
	ck_assert_str_eq(got, sdx_cases[_i].sdx);
}
END_TEST

/* ---------------------------------------------------------------- */
/* normalisation */

static const struct {
	const char *in, *out;
} norm_cases[] = {
	{ "SMITH, John", "smith john" },
	{ "Muñoz", "munoz" },
	{ "MUÑOZ GARCÍA, José", "munoz garcia jose" },
	{ "Smith-Jones", "smith jones" },
	{ "O'Brien", "obrien" },
	{ "O\xe2\x80\x99" "Brien", "obrien" },  /* typographic apostrophe */
	{ "ACME L.L.C.", "acme llc" },
	{ "Acme Limited Liability Company", "acme llc" },
	{ "Acme Ltd.", "acme ltd" },
	{ "ACME LIMITED", "acme ltd" },
	{ "Banco S.A.", "banco sa" },
	{ "Banco Sociedad Anónima", "banco sa" },
	{ "Müller GmbH", "muller gmbh" },
	{ "Straße", "strasse" },
	{ "Søren Łukasz", "soren lukasz" },
	{ "\xef\xbc\xa1\xef\xbc\xa3\xef\xbc\xad\xef\xbc\xa5 Corp", "acme corp" },
	{ "ACME Corporation", "acme corp" },
	{ "  ,;  ", "" },
	{ "AIRCRAFT, AVIONICS, PARTS & SUPPORT LTD.",
	  "aircraft avionics parts support ltd" },
	{ "\xff\xfe" "ABC", "\xc3\xbf\xc3\xbe" "abc" },  /* not UTF-8: Latin-1 */
};

START_TEST(test_screen_normalise)
{
	char *got = NULL;

	ck_assert_int_eq(pr_screen_normalise(&got, norm_cases[_i].in), PR_OK);
	ck_assert_msg(strcmp(got, norm_cases[_i].out) == 0,
		      "%s: got [%s], want [%s]", norm_cases[_i].in, got,
		      norm_cases[_i].out);
	pr_screen_text_free(got);
}
END_TEST

/* ---------------------------------------------------------------- */
/* name scores */

static const struct {
	const char *a, *b;
	int bp;
} score_cases[] = {
	/* word order */
	{ "SMITH, John", "John Smith", 10000 },
	{ "GUZMAN LOERA, Joaquin", "Joaquin Guzman Loera", 10000 },
	{ "HASSAN, Ali", "Ali Hassan", 10000 },
	/* hyphenated */
	{ "Smith-Jones, Mary", "Mary Jones Smith", 10000 },
	{ "AL HASHEMI, Mohamed", "Mohammad Al-Hashimi", 9149 },
	/* diacritics and transliteration variants */
	{ "MUNOZ", "Muñoz", 10000 },
	{ "MORENO, Daniel", "Danièl Moreño", 10000 },
	/* legal forms */
	{ "ACME L.L.C.", "Acme Limited Liability Company", 10000 },
	{ "Acme Ltd.", "ACME LIMITED", 10000 },
	{ "AIRCRAFT, AVIONICS, PARTS & SUPPORT LTD.",
	  "Aircraft Avionics Parts and Support Limited", 9771 },
	{ "ACME Inc", "ACME LLC", 10000 },  /* forms equal, not compared */
	{ "LLC", "L.L.C.", 10000 },  /* nothing but a form: compared */
	{ "Inc", "LLC", 5556 },
	/* transpositions and spelling */
	{ "LOGAN MOREY, Elvis Angus", "Elvis Angus Logan Morye", 9899 },
	{ "John Smith", "Jon Smith", 9733 },
	{ "MADURO MOROS, Nicolas", "Nicolas Maduro", 9400 },
	{ "PUTIN, Vladimir Vladimirovich", "Vladimir Putin", 9000 },
	{ "PETROV, Ivan Ivanovich", "Ivan Petrov", 9048 },
	/* initials: below the default threshold */
	{ "John Smith", "J. Smith", 7814 },
	/* misses */
	{ "John Smith", "Robert Smith", 6421 },
	{ "John Smith", "Jane Doe", 5583 },
	{ "AEROFLOT RUSSIAN AIRLINES", "Aeroflot", 8640 },
	{ "HESA", "Hasa", 8500 },
	{ "Banca S.p.A.", "banca spa", 10000 },
};

START_TEST(test_screen_score)
{
	int got = pr_screen_score(score_cases[_i].a, score_cases[_i].b);
	int back = pr_screen_score(score_cases[_i].b, score_cases[_i].a);

	ck_assert_msg(got == score_cases[_i].bp, "%s / %s: got %d, want %d",
		      score_cases[_i].a, score_cases[_i].b, got,
		      score_cases[_i].bp);
	ck_assert_int_eq(back, got);
}
END_TEST

/* ---------------------------------------------------------------- */
/* a list */

static pr_sanctions *
sample_list(void)
{
	static const pr_sanction_entry entries[] = {
		{ 10278, "SDN", "LOGAN MOREY, Elvis Angus", "individual",
		  "SDNT", "", "sdn.csv", 1 },
		{ 11195, "SDN", "IRAN AIRCRAFT MANUFACTURING INDUSTRIAL "
		  "COMPANY", "", "NPWMD; IFSR", "", "sdn.csv", 2 },
		{ 15102, "SDN", "MORENO, Daniel", "individual", "SDNTK", "",
		  "sdn.csv", 4 },
		{ 20000, "SDN", "SMITH, John", "individual", "SDNTK", "",
		  "sdn.csv", 5 },
		{ 20001, "SDN", "SMITH JONES, Mary", "individual", "SDNTK",
		  "", "sdn.csv", 6 },
		{ 30000, "SDN", "GARANTEX EUROPE OU", "", "CYBER2", "",
		  "sdn.csv", 7 },
	};
	static const pr_sanction_alias aliases[] = {
		{ 0, 0, "aka", "BURTON BURGESS", 1, "sdn.csv", 1 },
		{ 1, 0, "aka", "HESA", 1, "sdn.csv", 2 },
		{ 1, 0, "aka", "SHAHIN CO.", 1, "sdn.csv", 2 },
		{ 2, 901, "aka", "MORENO SANCHEZ, Danny", 0, "alt.csv", 3 },
		{ 5, 902, "aka", "GARANTEX", 0, "alt.csv", 4 },
	};
	static const pr_sanction_wallet wallets[] = {
		{ 5, "ETH", "0x7FF9cFad3877F21d41Da833E2F775dB0569eE3D9",
		  "sdn.csv", 7 },
		{ 5, "XBT", "12udabs2TkX7NXCSj6KpqXfakjE52ZPLhz", "sdn.csv",
		  7 },
		{ 5, "USDT", "TX7xWyqtfEcDxKy8nSxHdSyfnmdpXUAFAK", "sdn.csv",
		  7 },
		{ 3, "XBT", "bc1qsmithsmithsmithsmithsmithsmith0000", "sdn.csv",
		  5 },
	};
	pr_sanctions *l;
	pr_date d;
	size_t i;

	ck_assert_int_eq(pr_date_from_ymd(&d, 2025, 1, 1, NULL), PR_OK);
	l = pr_sanctions_new(d);
	ck_assert_ptr_nonnull(l);
	ck_assert_int_eq(pr__sanctions_add_file(l, "sdn.csv", "5e1f"),
			 PR_OK);
	for (i = 0; i < N_ELEMS(entries); i++)
		ck_assert_int_eq(pr_sanctions_add_entry(l, &entries[i]),
				 PR_OK);
	for (i = 0; i < N_ELEMS(aliases); i++)
		ck_assert_int_eq(pr_sanctions_add_alias(l, &aliases[i]),
				 PR_OK);
	for (i = 0; i < N_ELEMS(wallets); i++)
		ck_assert_int_eq(pr_sanctions_add_wallet(l, &wallets[i]),
				 PR_OK);
	return l;
}

/* The expected hits of one name at the default threshold: entry index,
 * alias (-1: the entry's own name), score. */
static const struct {
	const char *name;
	size_t n;
	struct {
		size_t entry;
		long alias;
		int score;
		int jw;
		int phonetic;
	} hit[3];
} name_cases[] = {
	{ "John Smith", 1, { { 3, -1, 10000, 10000, 2 } } },
	{ "Jon Smith", 1, { { 3, -1, 9733, 9733, 2 } } },
	{ "Mary Smith-Jones", 1, { { 4, -1, 10000, 10000, 3 } } },
	{ "Elvis Angus Logan Morey", 1, { { 0, -1, 10000, 10000, 4 } } },
	/* a weak alias: exact, less the penalty */
	{ "Burton Burgess", 1, { { 0, 0, 9500, 10000, 2 } } },
	{ "Danny Moreno Sanchez", 1, { { 2, 3, 10000, 10000, 3 } } },
	{ "Garantex Europe OÜ", 1, { { 5, -1, 10000, 10000, 3 } } },
	/* the alias of entry 5 is the better of its names */
	{ "GARANTEX", 1, { { 5, 4, 10000, 10000, 1 } } },
	/* a weak alias with a near miss falls under the threshold:
	 * HASA/HESA 8500 - 500 */
	{ "Hasa", 0, { { 0, 0, 0, 0, 0 } } },
	{ "Robert Smith", 0, { { 0, 0, 0, 0, 0 } } },
	{ "J. Smith", 0, { { 0, 0, 0, 0, 0 } } },
	{ "", 0, { { 0, 0, 0, 0, 0 } } },
};

START_TEST(test_screen_names)
{
	pr_sanctions *l = sample_list();
	pr_screen *s = NULL;
	const pr_screen_hit *h = NULL;
	size_t n = 99, i;
	pr_error err;

	ck_assert_int_eq(pr_screen_new(&s, l, &err), PR_OK);
	ck_assert_int_eq(pr_screen_name(s, name_cases[_i].name,
					PR_SCREEN_THRESHOLD, &h, &n, &err),
			 PR_OK);
	ck_assert_msg(n == name_cases[_i].n, "%s: %zu hits, first %d",
		      name_cases[_i].name, n, n > 0 ? h[0].score : -1);
	for (i = 0; i < n; i++) {
		ck_assert_uint_eq(h[i].entry, name_cases[_i].hit[i].entry);
		if (name_cases[_i].hit[i].alias < 0)
			ck_assert(h[i].alias == PR_SCREEN_PRIMARY);
		else
			ck_assert_uint_eq(h[i].alias,
				(size_t)name_cases[_i].hit[i].alias);
		ck_assert_int_eq(h[i].score, name_cases[_i].hit[i].score);
		ck_assert_int_eq(h[i].jw, name_cases[_i].hit[i].jw);
		ck_assert_int_eq(h[i].phonetic,
				 name_cases[_i].hit[i].phonetic);
	}
	pr_screen_free(s);
	pr_sanctions_free(l);
}
END_TEST

/* Names over the threshold that the index must not miss: words that
 * resemble one by Soundex and one by first letters, and first letters
 * that transliterations write differently (found in review). */
static const struct {
	const char *listed, *screened;
	int score;
} index_cases[] = {
	{ "MOHAMMAD, Abdulrahman", "Muhammad Abdurrahman", 9400 },
	{ "MOHAMMAD, Yakovlev", "Muhammad Yakowlev", 9329 },
	{ "YAKOVLEV, Sergei", "Sergei Iakovlev", 9556 },
	{ "CHRISTINA IVANOVA", "Khristina Ivanova", 9608 },
	{ "YUSUF, Ahmed", "Jusuf Ahmed", 9394 },
};

START_TEST(test_screen_index_finds)
{
	pr_sanction_entry e = { 1, "SDN", NULL, "individual", "SDNTK", "",
				"sdn.csv", 1 };
	pr_sanctions *l = pr_sanctions_new(20250101);
	pr_screen *s = NULL;
	const pr_screen_hit *h = NULL;
	size_t n = 0, i;
	pr_error err;

	ck_assert_ptr_nonnull(l);
	for (i = 0; i < N_ELEMS(index_cases); i++) {
		e.ent_num = (long)i + 1;
		e.name = index_cases[i].listed;
		e.line = (long)i + 1;
		ck_assert_int_eq(pr_sanctions_add_entry(l, &e), PR_OK);
	}
	ck_assert_int_eq(pr_screen_new(&s, l, &err), PR_OK);
	i = (size_t)_i;
	ck_assert_int_eq(pr_screen_score(index_cases[i].screened,
					 index_cases[i].listed),
			 index_cases[i].score);
	ck_assert_int_eq(pr_screen_name(s, index_cases[i].screened,
					PR_SCREEN_THRESHOLD, &h, &n, &err),
			 PR_OK);
	ck_assert_msg(n == 1, "%s: %zu hits", index_cases[i].screened, n);
	ck_assert_uint_eq(h[0].entry, i);
	ck_assert_int_eq(h[0].score, index_cases[i].score);
	pr_screen_free(s);
	pr_sanctions_free(l);
}
END_TEST

/* A name in a record that may be a party's (privacy: bsa and screen
 * show such a name by the party's pseudonym). */
static const struct {
	const char *name, *party;
	int may, score;
} may_cases[] = {
	{ "Ana M. Lopez", "Ana María López", 1, 8791 },
	{ "LOPEZ GARCIA, Ana Maria", "Ana María López", 1, 9364 },
	{ "Ana Lopez", "Ana María López", 1, 9200 },
	{ "A. Lopez", "Ana María López", 0, 8400 },
	{ "Ana P. Lopez", "Ana María López", 0, 8086 },
	{ "Maria Smith", "Ana María López", 0, 5374 },
};

START_TEST(test_screen_may_be)
{
	int sc = -1;

	ck_assert_int_eq(pr_screen_may_be(may_cases[_i].name,
					  may_cases[_i].party, &sc),
			 may_cases[_i].may);
	ck_assert_int_eq(sc, may_cases[_i].score);
}
END_TEST

/* Lower the threshold and a name hits several entries, best first;
 * equal scores go by phonetic agreement, then entry. */
START_TEST(test_screen_threshold_order)
{
	pr_sanctions *l = sample_list();
	pr_screen *s = NULL;
	const pr_screen_hit *h = NULL;
	size_t n = 0;
	pr_error err;

	ck_assert_int_eq(pr_screen_new(&s, l, &err), PR_OK);
	ck_assert_int_eq(pr_screen_name(s, "John Smith Jones", 7000, &h, &n,
					&err), PR_OK);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(h[0].entry, 3);  /* SMITH, John */
	ck_assert_int_eq(h[0].score, 9250);
	ck_assert_uint_eq(h[1].entry, 4);  /* SMITH JONES, Mary */
	ck_assert_int_eq(h[1].score, 7778);
	/* "Mary Smith" and "SMITH, John" share one word, not a pair: not
	 * a candidate, whatever the threshold (screen_index.c) */
	ck_assert_int_eq(pr_screen_name(s, "Mary Smith", 0, &h, &n, &err),
			 PR_OK);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(h[0].entry, 4);
	ck_assert_int_eq(h[0].score, 9250);
	ck_assert_int_eq(pr_screen_name(s, "Mary Smith", 10001, &h, &n,
					&err), PR_EINVALID);
	ck_assert_str_eq(err.msg, "threshold 10001 is not between 0 and "
			 "10000 basis points");
	pr_screen_free(s);
	pr_sanctions_free(l);
}
END_TEST

/* ---------------------------------------------------------------- */
/* addresses */

static const struct {
	const char *address;
	long wallet;   /* -1: no hit */
} addr_cases[] = {
	/* ETH: case does not count */
	{ "0x7FF9cFad3877F21d41Da833E2F775dB0569eE3D9", 0 },
	{ "0x7ff9cfad3877f21d41da833e2f775db0569ee3d9", 0 },
	{ "0X7FF9CFAD3877F21D41DA833E2F775DB0569EE3D9", 0 },
	/* one character off */
	{ "0x7ff9cfad3877f21d41da833e2f775db0569ee3d8", -1 },
	{ "0x7ff9cfad3877f21d41da833e2f775db0569ee3d", -1 },
	/* bitcoin: exact */
	{ "12udabs2TkX7NXCSj6KpqXfakjE52ZPLhz", 1 },
	{ "12UDABS2TKX7NXCSJ6KPQXFAKJE52ZPLHZ", -1 },
	{ "12udabs2TkX7NXCSj6KpqXfakjE52ZPLhy", -1 },
	{ "12udabs2TkX7NXCSj6KpqXfakjE52ZPLh", -1 },
	/* USDT on Tron is not EVM: exact */
	{ "TX7xWyqtfEcDxKy8nSxHdSyfnmdpXUAFAK", 2 },
	{ "tx7xwyqtfecdxky8nsxhdsyfnmdpxuafak", -1 },
	{ "bc1qsmithsmithsmithsmithsmithsmith0000", 3 },
	{ "", -1 },
};

START_TEST(test_screen_addresses)
{
	pr_sanctions *l = sample_list();
	pr_screen *s = NULL;
	const size_t *w = NULL;
	size_t n = 0;
	pr_error err;

	ck_assert_int_eq(pr_screen_new(&s, l, &err), PR_OK);
	ck_assert_int_eq(pr_screen_address(s, addr_cases[_i].address, &w, &n,
					   &err), PR_OK);
	if (addr_cases[_i].wallet < 0) {
		ck_assert_uint_eq(n, 0);
	} else {
		ck_assert_uint_eq(n, 1);
		ck_assert_uint_eq(w[0], (size_t)addr_cases[_i].wallet);
	}
	pr_screen_free(s);
	pr_sanctions_free(l);
}
END_TEST

/* Out of memory at each allocation of building and screening: PR_ENOMEM
 * and nothing leaked (valgrind / ASan tell), then success. */
START_TEST(test_screen_oom)
{
	pr_sanctions *l = sample_list();
	unsigned long k;
	int done = 0;

	for (k = 1; !done && k < 500; k++) {
		pr_screen *s = NULL;
		const pr_screen_hit *h = NULL;
		size_t n = 0;
		int rc;

		pr__alloc_fail_at(k);
		rc = pr_screen_new(&s, l, NULL);
		if (rc == PR_OK)
			rc = pr_screen_name(s, "Mohamed Al-Hashimi Smith",
					    PR_SCREEN_THRESHOLD, &h, &n, NULL);
		pr__alloc_fail_at(0);
		if (rc == PR_OK)
			done = 1;
		else
			ck_assert_int_eq(rc, PR_ENOMEM);
		pr_screen_free(s);
	}
	ck_assert(done);
	pr_sanctions_free(l);
}
END_TEST


/* ---------------------------------------------------------------- */
/* a case */

static const char case_sql[] =
	"INSERT INTO document (id, sha256, name, size, kind, profile,"
	" profile_sha256, descending, records, log_seq) VALUES"
	" (1, 'a', 'bank.csv', 0, 'bank', '', '', 0, 0, 0),"
	" (2, 'b', 'wires.csv', 0, 'wire', '', '', 0, 0, 0),"
	" (3, 'c', 'chain.csv', 0, 'chain', '', '', 0, 0, 0),"
	" (4, 'd', 'parties.csv', 0, 'parties', '', '', 0, 0, 0);"
	"INSERT INTO account (id, ident, currency) VALUES (1, 'A1', 'USD');"
	"INSERT INTO txn (document_id, record, line, account_id, date,"
	" amount, description, reference, counterparty, counter_account)"
	" VALUES (1, 1, 2, 1, 20000, 100, 'x', '', 'Jon Smith', ''),"
	" (1, 2, 3, 1, 20000, 100, 'x', '', 'WALMART', ''),"
	" (1, 3, 4, 1, 20001, -100, 'x', '', 'Jon Smith', '');"
	"INSERT INTO wire (document_id, record, line, format, value_date,"
	" currency, amount, instructed_currency, originator_name,"
	" originator_account, originator_bank, beneficiary_name,"
	" beneficiary_account, beneficiary_bank, imad, omad, uetr,"
	" reference, details) VALUES (2, 1, 7, 'csv', 20000, 'USD', 5,"
	" 'USD', 'Acme Ltd', '', '', 'Garantex Europe OU', '', '', '',"
	" '', '', '', '');"
	"INSERT INTO chain_tx (id, document_id, record, line, chain, kind,"
	" hash, time, date, status, fee_asset, fee) VALUES"
	" (1, 3, 1, 5, 'ethereum', 'transfer', 'h1', '', 20000, 'ok',"
	" 'ETH', 0);"
	"INSERT INTO chain_move (tx_id, n, side, address, asset, value,"
	" prev_hash) VALUES"
	" (1, 0, 'in', '0x7ff9cfad3877f21d41da833e2f775db0569ee3d9', 'ETH',"
	" 1, ''),"
	" (1, 1, 'out', '0x7ff9cfad3877f21d41da833e2f775db0569ee3d8', 'ETH',"
	" 1, '');"
	"INSERT INTO party (id, document_id, line, pseudonym, role, name,"
	" note) VALUES (1, 4, 2, 'V-1', 'victim', 'Mary Smith Jones', ''),"
	" (2, 4, 3, 'D-1', 'defendant', 'Elvis Logan Morey', '');";

static const char report_expected[] =
	"List published 2025-01-01: sdn.csv 5e1f\n"
	"Threshold 9000 bp. Screened 6 names and 2 addresses: 5 hits.\n"
	"\n"
	"ADDRESS 0x7ff9cfad3877f21d41da833e2f775db0569ee3d9\n"
	"  = wallet ETH 0x7FF9cFad3877F21d41Da833E2F775dB0569eE3D9 of SDN "
	"30000 GARANTEX EUROPE OU (entity) [CYBER2]\n"
	"  chain.csv:5 chain_move.address\n"
	"\n"
	"NAME 10000 bp V-1 (party)\n"
	"  ~ name \"SMITH JONES, Mary\" of SDN 20001 SMITH JONES, Mary "
	"(individual) [SDNTK]\n"
	"  Jaro-Winkler 10000 bp, Soundex 3 of 3 words\n"
	"  parties.csv:2 party\n"
	"\n"
	"NAME 10000 bp Garantex Europe OU\n"
	"  ~ name \"GARANTEX EUROPE OU\" of SDN 30000 GARANTEX EUROPE OU "
	"(entity) [CYBER2]\n"
	"  Jaro-Winkler 10000 bp, Soundex 3 of 3 words\n"
	"  wires.csv:7 wire.beneficiary\n"
	"\n"
	"NAME 9733 bp Jon Smith\n"
	"  ~ name \"SMITH, John\" of SDN 20000 SMITH, John (individual) "
	"[SDNTK]\n"
	"  Jaro-Winkler 9733 bp, Soundex 2 of 2 words\n"
	"  bank.csv:2 txn.counterparty\n"
	"  bank.csv:4 txn.counterparty\n"
	"\n"
	"NAME 9478 bp D-1 (party)\n"
	"  ~ name \"LOGAN MOREY, Elvis Angus\" of SDN 10278 LOGAN MOREY, "
	"Elvis Angus (individual) [SDNT]\n"
	"  Jaro-Winkler 9478 bp, Soundex 3 of 3 words\n"
	"  parties.csv:3 party\n";

START_TEST(test_screen_case)
{
	char *dir = tu_tmpdir();
	pr_store *st = tu_case_new(dir, "case.db");
	pr_sanctions *l = sample_list();
	pr_screen_result *r = NULL;
	const pr_screen_finding *f;
	pr_error err;

	tu_sql_exec(st->db, case_sql);
	ck_assert_int_eq(pr_screen_case(&r, st, l, PR_SCREEN_THRESHOLD,
					&err), PR_OK);
	/* Jon Smith, WALMART, Acme Ltd, Garantex Europe OU, two parties;
	 * two addresses */
	ck_assert_uint_eq(pr_screen_result_names(r), 6);
	ck_assert_uint_eq(pr_screen_result_addresses(r), 2);
	ck_assert_uint_eq(pr_screen_result_count(r), 5);
	/* the address first, case aside */
	f = pr_screen_result_finding(r, 0);
	ck_assert_int_eq(f->address, 1);
	ck_assert_uint_eq(f->wallet, 0);
	ck_assert_uint_eq(f->entry, 5);
	ck_assert_uint_eq(f->nsources, 1);
	ck_assert_str_eq(f->sources[0].document, "chain.csv");
	ck_assert_int_eq(f->sources[0].line, 5);
	ck_assert_str_eq(f->sources[0].field, "chain_move.address");
	/* then names by score: the victim by pseudonym */
	f = pr_screen_result_finding(r, 1);
	ck_assert_str_eq(f->text, "V-1");
	ck_assert_int_eq(f->party, 1);
	ck_assert_uint_eq(f->entry, 4);
	ck_assert_int_eq(f->hit.score, 10000);
	ck_assert_str_eq(f->sources[0].document, "parties.csv");
	ck_assert_int_eq(f->sources[0].line, 2);
	f = pr_screen_result_finding(r, 2);
	ck_assert_str_eq(f->text, "Garantex Europe OU");
	ck_assert_uint_eq(f->entry, 5);
	ck_assert_int_eq(f->hit.score, 10000);
	ck_assert_str_eq(f->sources[0].field, "wire.beneficiary");
	f = pr_screen_result_finding(r, 3);
	ck_assert_str_eq(f->text, "Jon Smith");
	ck_assert_uint_eq(f->entry, 3);
	ck_assert_int_eq(f->hit.score, 9733);
	ck_assert_uint_eq(f->nsources, 2);
	ck_assert_int_eq(f->sources[0].line, 2);
	ck_assert_int_eq(f->sources[1].line, 4);
	f = pr_screen_result_finding(r, 4);
	ck_assert_str_eq(f->text, "D-1");
	ck_assert_uint_eq(f->entry, 0);
	ck_assert_int_eq(f->hit.score, 9478);
	{
		FILE *fp = tmpfile();
		char buf[4096];
		size_t n;

		ck_assert_ptr_nonnull(fp);
		ck_assert_int_eq(pr_report_screen(fp, r, l, 9000,
						  PR_FORMAT_TABLE, &err), PR_OK);
		rewind(fp);
		n = fread(buf, 1, sizeof(buf) - 1, fp);
		buf[n] = '\0';
		fclose(fp);
		ck_assert_str_eq(buf, report_expected);
	}
	pr_screen_result_free(r);
	ck_assert_int_eq(pr_screen_case(&r, st, l, -1, &err), PR_EINVALID);
	ck_assert_ptr_null(r);
	pr_sanctions_free(l);
	pr_store_close(st);
	tu_rmtree(dir);
	free(dir);
}
END_TEST

static Suite *
screen_suite(void)
{
	Suite *s = suite_create("screen");
	TCase *tc;

	tc = tcase_create("score");
	tcase_add_loop_test(tc, test_screen_jaro_winkler, 0,
			    N_ELEMS(jw_cases));
	tcase_add_test(tc, test_screen_jw_rational);
	tcase_add_loop_test(tc, test_screen_soundex, 0, N_ELEMS(sdx_cases));
	tcase_add_loop_test(tc, test_screen_score, 0, N_ELEMS(score_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("normalise");
	tcase_add_loop_test(tc, test_screen_normalise, 0,
			    N_ELEMS(norm_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("list");
	tcase_add_loop_test(tc, test_screen_names, 0, N_ELEMS(name_cases));
	tcase_add_test(tc, test_screen_threshold_order);
	tcase_add_loop_test(tc, test_screen_may_be, 0,
			     (int)N_ELEMS(may_cases));
	tcase_add_loop_test(tc, test_screen_index_finds, 0,
			     (int)N_ELEMS(index_cases));
	tcase_add_loop_test(tc, test_screen_addresses, 0,
			    N_ELEMS(addr_cases));
	tcase_add_test(tc, test_screen_oom);
	suite_add_tcase(s, tc);

	tc = tcase_create("case");
	tcase_add_test(tc, test_screen_case);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(screen_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
