/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Asset codes as exchanges and explorers write them, made one code, and
 * the case's asset table (import assets): the decimals of any token the
 * built-in currency table does not hold, and which token a contract is.
 * Every reader that meets an asset code asks here, so a code means the
 * same asset, with the same decimals, in every file of a case.
 */
#include "config.h"
#include "common.h"
#include "import.h"
#include "store.h"

#include <string.h>

/*
 * Network names written after an asset code: "USDT-TRC20", "ETH (ERC20)",
 * "BUSDBEP20". They name where a token lives, not what it is, so the
 * code is the same asset on each. glued: also written with no separator;
 * only names with digits, so that no code loses letters of its own.
 * docs/formats.md prints this table.
 */
static const struct network {
	const char *name;
	int glued;
} networks[] = {
	{ "ARBITRUM", 0 },
	{ "AVAXC", 0 },
	{ "BEP-2", 0 },
	{ "BEP-20", 0 },
	{ "BEP2", 1 },
	{ "BEP20", 1 },
	{ "BSC", 0 },
	{ "ERC-20", 0 },
	{ "ERC20", 1 },
	{ "ETH", 0 },
	{ "ETHEREUM", 0 },
	{ "OMNI", 0 },
	{ "OPTIMISM", 0 },
	{ "POLYGON", 0 },
	{ "SOL", 0 },
	{ "SOLANA", 0 },
	{ "SPL", 0 },
	{ "TRC-20", 0 },
	{ "TRC10", 1 },
	{ "TRC20", 1 },
	{ "TRON", 0 },
};
#define N_NETWORKS (sizeof(networks) / sizeof(networks[0]))

/* Other names of one asset, as some exchanges write them (Kraken's X
 * and Z prefixes, XBT for bitcoin). */
static const struct alias {
	const char *from, *to;
} aliases[] = {
	{ "XBT", "BTC" },
	{ "XETH", "ETH" },
	{ "XLTC", "LTC" },
	{ "XXBT", "BTC" },
	{ "XXMR", "XMR" },
	{ "XXRP", "XRP" },
	{ "ZCAD", "CAD" },
	{ "ZEUR", "EUR" },
	{ "ZGBP", "GBP" },
	{ "ZJPY", "JPY" },
	{ "ZUSD", "USD" },
};
#define N_ALIASES (sizeof(aliases) / sizeof(aliases[0]))

/* Token contracts the built-in table knows: Ethereum mainnet, lower
 * case, as the issuers publish them. */
static const struct contract {
	const char *chain, *address, *code;
} contracts[] = {
	{ "ETH", "0x6b175474e89094c44da98b954eedeac495271d0f", "DAI" },
	{ "ETH", "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48", "USDC" },
	{ "ETH", "0xdac17f958d2ee523a2206206994597c13d831ec7", "USDT" },
};
#define N_CONTRACTS (sizeof(contracts) / sizeof(contracts[0]))

struct def {
	pr_currency cur;        /* code and decimals; name "" */
	char *chain;
	char *contract;
};

struct pr__assets {
	struct def *d;
	size_t n;
	/* pr__store_currency: the table read before this one, kept for
	 * the pointers a report still holds */
	struct pr__assets *older;
};

static int
network(const char *s, size_t n, int glued)
{
	size_t i;

	for (i = 0; i < N_NETWORKS; i++)
		if (strlen(networks[i].name) == n &&
		    memcmp(networks[i].name, s, n) == 0 &&
		    (!glued || networks[i].glued))
			return 1;
	return 0;
}

static int
is_sep(char c)
{
	return c == '-' || c == '_' || c == ' ' || c == '.' || c == '/';
}

size_t
pr__asset_code(char *out, size_t size, const char *s, size_t n)
{
	size_t i, k, len;
	int cut = 0;

	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 0 || n >= size || n > 63)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 'a' && c <= 'z')
			c = (unsigned char)(c - 'a' + 'A');
		out[i] = (char)c;
	}
	len = n;
	out[len] = '\0';
	/* "ETH (ERC20)" */
	if (out[len - 1] == ')') {
		char *open = strrchr(out, '(');

		if (open != NULL && open > out &&
		    network(open + 1, (size_t)(out + len - 1 - open - 1), 0)) {
			len = (size_t)(open - out);
			while (len > 0 && out[len - 1] == ' ')
				len--;
		}
	} else {
		/* "USDT-TRC20", "USDC ERC-20": the first separator whose
		 * rest is a network */
		for (i = 1; i + 1 < len; i++) {
			if (is_sep(out[i]) &&
			    network(out + i + 1, len - i - 1, 0)) {
				len = i;
				cut = 1;
				break;
			}
		}
		/* "BUSDBEP20" */
		for (k = 0; k < N_NETWORKS && !cut; k++) {
			size_t m = strlen(networks[k].name);

			if (networks[k].glued && len >= m + 2 &&
			    memcmp(out + len - m, networks[k].name, m) == 0) {
				len -= m;
				break;
			}
		}
	}
	out[len] = '\0';
	for (i = 0; i < N_ALIASES; i++) {
		if (strcmp(out, aliases[i].from) == 0) {
			len = strlen(aliases[i].to);
			memcpy(out, aliases[i].to, len + 1);
			break;
		}
	}
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)out[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
			return 0;
	}
	return len > 0 && len < 16 ? len : 0;
}

void
pr__assets_free(pr__assets *a)
{
	size_t i;

	if (a == NULL)
		return;
	pr__assets_free(a->older);
	for (i = 0; i < a->n; i++) {
		pr__free((char *)a->d[i].cur.code);
		pr__free(a->d[i].chain);
		pr__free(a->d[i].contract);
	}
	pr__free(a->d);
	pr__free(a);
}

int
pr__assets_load(pr__assets **out, pr_store *st, pr_error *err)
{
	static const char sql[] =
		"SELECT code, decimals, chain, contract FROM crypto_asset"
		" ORDER BY id";
	sqlite3_stmt *s = NULL;
	pr__assets *a;
	size_t cap = 0;
	int rc;

	*out = NULL;
	a = pr__calloc(1, sizeof(*a));
	if (a == NULL)
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) {
		rc = pr__store_dberr(st, err, "cannot read the asset table");
		goto done;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct def *d;

		if (a->n == cap) {
			struct def *p;

			cap = cap ? cap * 2 : 16;
			p = pr__realloc(a->d, cap * sizeof(*p));
			if (p == NULL) {
				rc = pr__error_set(err, PR_ENOMEM,
						   "out of memory");
				goto done;
			}
			a->d = p;
		}
		d = &a->d[a->n];
		memset(d, 0, sizeof(*d));
		d->cur.code = pr__strdup((const char *)
					 sqlite3_column_text(s, 0));
		d->cur.minor = (unsigned)sqlite3_column_int(s, 1);
		d->cur.name = "";
		d->chain = pr__strdup((const char *)sqlite3_column_text(s, 2));
		d->contract = pr__strdup((const char *)
					 sqlite3_column_text(s, 3));
		a->n++;
		if (d->cur.code == NULL || d->chain == NULL ||
		    d->contract == NULL) {
			rc = pr__error_set(err, PR_ENOMEM, "out of memory");
			goto done;
		}
	}
	if (rc != SQLITE_DONE) {
		rc = pr__store_dberr(st, err, "cannot read the asset table");
		goto done;
	}
	rc = PR_OK;
done:
	sqlite3_finalize(s);
	if (rc != PR_OK)
		pr__assets_free(a);
	else
		*out = a;
	return rc;
}

/* The case's definition of a canonical code, or NULL. */
static const pr_currency *
case_code(const pr__assets *a, const char *code)
{
	size_t i;

	for (i = 0; a != NULL && i < a->n; i++)
		if (strcmp(a->d[i].cur.code, code) == 0)
			return &a->d[i].cur;
	return NULL;
}

const pr_currency *
pr__assets_find(const pr__assets *a, const char *s, size_t n)
{
	const pr_currency *c;
	char code[64];

	if (pr__asset_code(code, sizeof(code), s, n) == 0)
		return NULL;
	c = pr_currency_find(code);
	return c != NULL ? c : case_code(a, code);
}

const pr_currency *
pr__assets_contract(const pr__assets *a, const char *chain,
		    const char *address)
{
	char low[128];
	size_t i, n = strlen(address);

	if (n >= sizeof(low))
		return NULL;
	for (i = 0; i <= n; i++) {
		unsigned char c = (unsigned char)address[i];

		low[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	for (i = 0; a != NULL && i < a->n; i++)
		if (strcmp(a->d[i].chain, chain) == 0 &&
		    strcmp(a->d[i].contract, low) == 0)
			return &a->d[i].cur;
	for (i = 0; i < N_CONTRACTS; i++)
		if (strcmp(contracts[i].chain, chain) == 0 &&
		    strcmp(contracts[i].address, low) == 0)
			return pr_currency_find(contracts[i].code);
	return NULL;
}

const char *
pr__assets_unknown(char *msg, size_t size, const char *s, size_t n)
{
	char q[64], code[64];
	size_t len = pr__asset_code(code, sizeof(code), s, n);

	pr__quote(q, sizeof(q), s, n);
	if (len == 0)
		snprintf(msg, size, "asset '%s' is not a code of 1 to 15 "
			 "letters and digits", q);
	else
		snprintf(msg, size, "unknown asset '%s'%s%s%s: give its "
			 "decimals with `proceeds import assets` (a line "
			 "%s,DECIMALS,,,SOURCE)", q,
			 strcmp(code, q) ? " (" : "",
			 strcmp(code, q) ? code : "",
			 strcmp(code, q) ? ")" : "", code);
	return msg;
}

/*
 * Write one line of an asset table, in the writer thread, once it agrees
 * with the case: a code keeps one number of decimals (the built-in
 * table's, or the first line that gave it), and a contract on a chain is
 * one asset.
 */
int
pr__asset_def_write(pr_store *st, int64_t doc, const char *name,
		    const pr__asset_def_row *r, pr_error *err)
{
	static const char code_sql[] =
		"SELECT a.decimals, d.name, a.line FROM crypto_asset a"
		" JOIN document d ON d.id = a.document_id"
		" WHERE a.code = ?1 ORDER BY a.id LIMIT 1";
	static const char contract_sql[] =
		"SELECT a.code, d.name, a.line FROM crypto_asset a"
		" JOIN document d ON d.id = a.document_id"
		" WHERE a.chain = ?1 AND a.contract = ?2 ORDER BY a.id"
		" LIMIT 1";
	static const char insert_sql[] =
		"INSERT INTO crypto_asset (document_id, line, code, decimals,"
		" chain, contract, source) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
		" ?7)";
	const pr_currency *b = pr_currency_find(r->code);
	sqlite3_stmt *s = NULL;
	pr_loc loc;
	int rc;

	memset(&loc, 0, sizeof(loc));
	snprintf(loc.path, sizeof(loc.path), "%s", name);
	loc.line = r->line;
	loc.column = r->decimals_column;
	if (b != NULL && b->minor != r->decimals)
		return pr__error_at(err, PR_EPARSE, &loc, "%s has %u decimals "
				    "in the built-in table; this line says %u",
				    r->code, b->minor, r->decimals);
	rc = sqlite3_prepare_v2(st->db, code_sql, -1, &s, NULL);
	if (rc != SQLITE_OK)
		goto db;
	sqlite3_bind_text(s, 1, r->code, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW &&
	    (unsigned)sqlite3_column_int(s, 0) != r->decimals) {
		rc = pr__error_at(err, PR_EPARSE, &loc, "%s has %d decimals "
				  "in %s:%d; this line says %u", r->code,
				  sqlite3_column_int(s, 0),
				  (const char *)sqlite3_column_text(s, 1),
				  sqlite3_column_int(s, 2), r->decimals);
		goto done;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		goto db;
	sqlite3_finalize(s);
	s = NULL;
	if (r->contract[0] != '\0') {
		rc = sqlite3_prepare_v2(st->db, contract_sql, -1, &s, NULL);
		if (rc != SQLITE_OK)
			goto db;
		sqlite3_bind_text(s, 1, r->chain, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, r->contract, -1, SQLITE_STATIC);
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW) {
			loc.column = r->contract_column;
			rc = pr__error_at(err, PR_EPARSE, &loc, "contract %s "
					  "on %s is already %s (%s:%d)",
					  r->contract, r->chain,
					  (const char *)
					  sqlite3_column_text(s, 0),
					  (const char *)
					  sqlite3_column_text(s, 1),
					  sqlite3_column_int(s, 2));
			goto done;
		}
		if (rc != SQLITE_DONE)
			goto db;
		sqlite3_finalize(s);
		s = NULL;
	}
	rc = sqlite3_prepare_v2(st->db, insert_sql, -1, &s, NULL);
	if (rc != SQLITE_OK)
		goto db;
	sqlite3_bind_int64(s, 1, doc);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)r->line);
	sqlite3_bind_text(s, 3, r->code, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 4, (int)r->decimals);
	sqlite3_bind_text(s, 5, r->chain, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, r->contract, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, r->source, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		goto db;
	st->assets_stale = 1;
	rc = PR_OK;
	goto done;
db:
	rc = pr__store_dberr(st, err, "cannot record the asset");
done:
	sqlite3_finalize(s);
	return rc;
}

const pr_currency *
pr__store_currency(pr_store *st, const char *code)
{
	const pr_currency *c = pr_currency_find(code);
	pr__assets *a;
	pr_error local;

	if (c != NULL || st == NULL || code == NULL)
		return c;
	if (st->assets == NULL || st->assets_stale) {
		pr_error_clear(&local);
		if (pr__assets_load(&a, st, &local) != PR_OK)
			return NULL;
		a->older = st->assets;
		st->assets = a;
		st->assets_stale = 0;
	}
	return case_code(st->assets, code);
}

void
pr__store_currency_free(pr_store *st)
{
	pr__assets_free(st->assets);
	st->assets = NULL;
}
