/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The canonical on-chain CSV: one row per input or output, consecutive
 * rows with one hash forming a transaction, values as plain decimals in
 * the asset's units (docs/formats.md). For any chain tool's output to be
 * converted into by hand or by script, so every rule is checked exactly.
 */
#include "config.h"
#include "common.h"
#include "csvread.h"
#include "import.h"

#include <limits.h>
#include <string.h>

enum {
	K_CHAIN, K_HASH, K_BLOCK, K_TIME, K_STATUS, K_FEE, K_SIDE, K_NUM,
	K_ADDRESS, K_ASSET, K_VALUE, K_PREV_HASH, K_PREV_INDEX, K_N
};

static const char *const names[K_N] = {
	"chain", "hash", "block", "time", "status", "fee", "side", "n",
	"address", "asset", "value", "prev_hash", "prev_index"
};

/* block, n and the two prev columns mean nothing to some chains or
 * tools, so a file may leave them out. */
static const unsigned char optional[K_N] = {
	0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 1, 1
};

/* Transaction-level columns: every row of a transaction repeats them. */
static const int tx_cols[] = { K_CHAIN, K_BLOCK, K_TIME, K_STATUS, K_FEE };
#define N_TX_COLS (sizeof(tx_cols) / sizeof(tx_cols[0]))

enum hashform { HASH_HEX, HASH_0X, HASH_B58 };

/* The chains this format reads, by the code of their own coin (which
 * pays the fee). The hash form follows what each chain's explorers
 * print, so a hash copied from one is taken as is. */
static const struct chain {
	const char *code;
	int utxo;
	enum hashform form;
} chains[] = {
	{ "BCH", 1, HASH_HEX },
	{ "BTC", 1, HASH_HEX },
	{ "LTC", 1, HASH_HEX },
	{ "ETH", 0, HASH_0X },
	{ "SOL", 0, HASH_B58 },
	{ "TRX", 0, HASH_HEX },
	{ "XRP", 0, HASH_HEX },
};
#define N_CHAINS (sizeof(chains) / sizeof(chains[0]))

/* Assets that exist on chains; ISO currencies in the same table do not. */
static const char *const assets[] = {
	"BCH", "BTC", "DAI", "ETH", "LTC", "SOL", "TRX", "USDC", "USDT",
	"XMR", "XRP"
};
#define N_ASSETS (sizeof(assets) / sizeof(assets[0]))

#define MAX_MOVES 100000         /* inputs and outputs of one transaction */
#define MAX_SEEN 10000000UL      /* transactions, and spent outputs */
#define MAX_DIGITS 80            /* in a value or fee */
#define MAX_ADDRESS 128
#define MAX_HASH 90              /* base58 signatures are up to 88 */
#define MAX_CELL 96              /* a transaction-level cell, kept */
#if LONG_MAX > 4294967295
#define MAX_INDEX 4294967295L    /* a UTXO output index is 32 bits */
#else
#define MAX_INDEX LONG_MAX
#endif

/* An output of an earlier transaction in the file, which a later input
 * may spend: kept to check that the input says what it spends. */
struct output {
	mpz_t value;
	char *address;
};

/* A transaction already read (key "CHAIN:hash"), or an output already
 * spent (key "CHAIN:hash:index"), with the line that gave it. */
struct seen {
	char *key;
	unsigned long line;
	size_t n_out;
	struct output *out;
};

struct table {
	struct seen **slot;
	size_t cap;
	size_t n;
};

/* A move as read, with the text it owns. */
struct move {
	int out;
	char *address;
	const pr_currency *asset;
	mpz_t value;
	char *prev_hash;
	long prev_index;
};

struct ccsv {
	const pr__import_sink *sink;
	const char *name;
	int have_header;
	long col[K_N];
	size_t nfields;
	uint64_t records;
	/* the transaction being gathered */
	int open;
	const struct chain *chain;
	const pr_currency *coin;
	char hash[MAX_HASH + 1];
	char key[MAX_HASH + 8];
	unsigned long line;
	pr_loc loc;              /* its first row's hash cell */
	char cell[N_TX_COLS][MAX_CELL + 1];
	long block;
	char time[24];
	pr_date date;
	const char *status;
	mpz_t fee;
	long n_in, n_out;
	struct move *mv;
	size_t n_mv, cap_mv, init_mv;
	pr__chain_move *emit;
	size_t init_emit;
	struct table txs;
	struct table spent;
};

/* FNV-1a: the table only needs keys spread, not secrecy. */
static size_t
hash_key(const char *s)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return (size_t)h;
}

static struct seen *
table_find(const struct table *t, const char *key)
{
	size_t i;

	if (t->cap == 0)
		return NULL;
	for (i = hash_key(key) & (t->cap - 1); t->slot[i] != NULL;
	     i = (i + 1) & (t->cap - 1))
		if (strcmp(t->slot[i]->key, key) == 0)
			return t->slot[i];
	return NULL;
}

/*
 * Add e (whose key is not in t yet) to t, which then owns it. The table
 * is kept at most half full so probes stay short; it doubles as needed.
 */
static int
table_add(struct table *t, struct seen *e)
{
	size_t i;

	if (2 * (t->n + 1) > t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 1024, k;
		struct seen **s = pr__calloc(cap, sizeof(*s));

		if (s == NULL)
			return PR_ENOMEM;
		for (k = 0; k < t->cap; k++) {
			if (t->slot[k] == NULL)
				continue;
			for (i = hash_key(t->slot[k]->key) & (cap - 1);
			     s[i] != NULL; i = (i + 1) & (cap - 1))
				;
			s[i] = t->slot[k];
		}
		pr__free(t->slot);
		t->slot = s;
		t->cap = cap;
	}
	for (i = hash_key(e->key) & (t->cap - 1); t->slot[i] != NULL;
	     i = (i + 1) & (t->cap - 1))
		;
	t->slot[i] = e;
	t->n++;
	return PR_OK;
}

static void
seen_free(struct seen *e)
{
	size_t i;

	if (e == NULL)
		return;
	for (i = 0; i < e->n_out; i++) {
		mpz_clear(e->out[i].value);
		pr__free(e->out[i].address);
	}
	pr__free(e->out);
	pr__free(e->key);
	pr__free(e);
}

static void
table_clear(struct table *t)
{
	size_t i;

	for (i = 0; i < t->cap; i++)
		seen_free(t->slot[i]);
	pr__free(t->slot);
	memset(t, 0, sizeof(*t));
}

int
pr__chaincsv_probe(const char *head, size_t len)
{
	static const char *const need[] = {
		"chain", "hash", "side", "address", "asset", "value"
	};
	const size_t n_need = sizeof(need) / sizeof(need[0]);
	unsigned found = 0;
	size_t i = 0, s, e, k;

	if (len >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	/* Only the exact column names count: Etherscan's "Txhash" and
	 * "Transaction Hash" are never taken for "hash". */
	while (i < len && head[i] != '\n' && head[i] != '\r') {
		if (head[i] == '"') {
			s = ++i;
			while (i < len && head[i] != '"')
				i++;
			e = i;
			if (i < len)
				i++;
		} else {
			s = i;
			while (i < len && head[i] != ',' && head[i] != '\n' &&
			       head[i] != '\r')
				i++;
			e = i;
		}
		for (k = 0; k < n_need; k++)
			if (e - s == strlen(need[k]) &&
			    memcmp(head + s, need[k], e - s) == 0)
				found |= 1u << k;
		if (i < len && head[i] == ',')
			i++;
		else if (i < len && head[i] != '\n' && head[i] != '\r')
			return 0;
	}
	return found == (1u << n_need) - 1;
}

/*
 * Cell c of rec is wrong: fmt (a literal of this file, with one %s)
 * gets the cell's own text, quoted and cut short, so that every message
 * shows what was found.
 */
static int
fail_cell(const pr__csv_record *rec, long c, pr_error *err, const char *fmt)
{
	char q[64], msg[256];

	snprintf(msg, sizeof(msg), fmt,
		 pr__quote(q, sizeof(q), rec->field[c], rec->len[c]));
	return pr__csv_fail(rec, (size_t)c, err, msg);
}

/* The text of column k, "" when the file has no such column. */
static const char *
cell(const struct ccsv *s, const pr__csv_record *rec, int k, size_t *len)
{
	if (s->col[k] < 0) {
		*len = 0;
		return "";
	}
	*len = rec->len[s->col[k]];
	return rec->field[s->col[k]];
}

static int
is_hex(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

static int
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/*
 * A transaction hash in the form its chain writes it: hex (folded to
 * lower case, as explorers differ in case) or base58 (kept exactly,
 * since there case is meaning). out holds MAX_HASH + 1 bytes.
 */
static int
tx_hash(char *out, const struct chain *ch, const pr__csv_record *rec,
	long c, const char *what, pr_error *err)
{
	static const char b58[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZ"
				  "abcdefghijkmnopqrstuvwxyz";
	const char *h = rec->field[c];
	size_t len = rec->len[c], i, start = 0;
	char fmt[96];

	if (ch->form == HASH_B58) {
		if (len < 43 || len > 88)
			goto bad;
		for (i = 0; i < len; i++)
			if (h[i] == '\0' || strchr(b58, h[i]) == NULL)
				goto bad;
		memcpy(out, h, len + 1);
		return PR_OK;
	}
	if (ch->form == HASH_0X) {
		if (len != 66 || h[0] != '0' || (h[1] != 'x' && h[1] != 'X'))
			goto bad;
		start = 2;
	} else if (len != 64) {
		goto bad;
	}
	for (i = 0; i < len; i++) {
		unsigned char x = (unsigned char)h[i];

		if (i >= start && !is_hex(x))
			goto bad;
		out[i] = (char)(x >= 'A' && x <= 'Z' ? x + 32 : x);
	}
	out[len] = '\0';
	return PR_OK;
bad:
	snprintf(fmt, sizeof(fmt), "%s '%%s' is not %s", what,
		 ch->form == HASH_B58 ? "a base58 signature of 43 to 88 "
		 "characters" : ch->form == HASH_0X ? "0x and 64 hex digits" :
		 "64 hex digits");
	return fail_cell(rec, c, err, fmt);
}

/*
 * A value or fee: a plain decimal in the asset's units ("0.015" BTC),
 * made an exact count of its smallest unit. No sign, separator, symbol
 * or exponent is taken: a converted file has no reason to hold one, and
 * guessing what "1,234" meant is how amounts go wrong.
 */
static int
decimal(mpz_t out, const pr__csv_record *rec, long c, const char *what,
	const pr_currency *cur, pr_error *err)
{
	const pr_money_style plain = { '.', 0, PR_EXCESS_REJECT };
	const char *t = rec->field[c];
	size_t len = rec->len[c], i, point = len, nfrac;
	char q[64], msg[200];
	pr_error e;

	if (len == 0) {
		snprintf(msg, sizeof(msg), "no %s", what);
		return pr__csv_fail(rec, (size_t)c, err, msg);
	}
	if (t[0] == '-') {
		snprintf(msg, sizeof(msg), "%s '%s' is negative%s", what,
			 pr__quote(q, sizeof(q), t, len),
			 strcmp(what, "fee") == 0 ? "" : ": side says which "
			 "way value moves");
		return pr__csv_fail(rec, (size_t)c, err, msg);
	}
	for (i = 0; i < len; i++) {
		if (t[i] == '.' && point == len && i > 0 && i + 1 < len)
			point = i;
		else if (!is_digit((unsigned char)t[i]))
			break;
	}
	if (i < len) {
		snprintf(msg, sizeof(msg), "%s '%s' is not a plain decimal "
			 "such as 0.015", what,
			 pr__quote(q, sizeof(q), t, len));
		return pr__csv_fail(rec, (size_t)c, err, msg);
	}
	if (len - (point < len) > MAX_DIGITS) {
		snprintf(msg, sizeof(msg), "%s '%s' has more than %d digits",
			 what, pr__quote(q, sizeof(q), t, len), MAX_DIGITS);
		return pr__csv_fail(rec, (size_t)c, err, msg);
	}
	nfrac = point < len ? len - point - 1 : 0;
	if (nfrac > cur->minor) {
		snprintf(msg, sizeof(msg), "%s '%s' has %lu decimals; %s has "
			 "%u", what, pr__quote(q, sizeof(q), t, len),
			 (unsigned long)nfrac, cur->code, cur->minor);
		return pr__csv_fail(rec, (size_t)c, err, msg);
	}
	if (pr_money_parse(out, t, len, cur->minor, &plain, &e) != PR_OK)
		return pr__csv_fail(rec, (size_t)c, err, e.msg);
	return PR_OK;
}

/* A whole number in [0, max], or -1 for an empty cell when allowed. */
static int
whole(long *out, const pr__csv_record *rec, long c, long max, int empty_ok,
      const char *what, pr_error *err)
{
	char q[64], msg[160];

	if (c < 0 || (rec->len[c] == 0 && empty_ok)) {
		*out = -1;
		return PR_OK;
	}
	if (rec->len[c] == 0 || !is_digit((unsigned char)rec->field[c][0]) ||
	    pr__parse_long(out, rec->field[c], rec->len[c], 0, max) !=
	    PR_OK) {
		snprintf(msg, sizeof(msg), "%s '%s' is not a whole number "
			 "from 0 to %ld", what,
			 pr__quote(q, sizeof(q), rec->field[c], rec->len[c]),
			 max);
		return pr__csv_fail(rec, (size_t)c, err, msg);
	}
	return PR_OK;
}

/*
 * "YYYY-MM-DDTHH:MM:SSZ" and nothing else: a block's time is UTC, and a
 * time without its zone, or with an offset, is one a converter has not
 * finished converting. Leap seconds are never block times.
 */
static int
utc_time(struct ccsv *s, const pr__csv_record *rec, pr_error *err)
{
	static const char form[] = "dddd-dd-ddTdd:dd:ddZ";
	long c = s->col[K_TIME];
	const char *t = rec->field[c];
	size_t i;
	pr_error e;

	if (rec->len[c] != sizeof(form) - 1)
		goto bad;
	for (i = 0; i < sizeof(form) - 1; i++)
		if (form[i] == 'd' ? !is_digit((unsigned char)t[i]) :
		    t[i] != form[i])
			goto bad;
	if ((t[11] - '0') * 10 + (t[12] - '0') > 23 || t[14] > '5' ||
	    t[17] > '5')
		goto bad;
	if (pr_date_parse(&s->date, t, 10, "ISO", &e) != PR_OK)
		return fail_cell(rec, c, err, "time '%s' is on a day that "
				 "does not exist");
	memcpy(s->time, t, sizeof(form));
	return PR_OK;
bad:
	return fail_cell(rec, c, err, "time '%s' is not "
			 "YYYY-MM-DDTHH:MM:SSZ (UTC)");
}

/* The chain column: one of the chains above, by its coin's code. */
static int
find_chain(const struct chain **out, const pr__csv_record *rec, long c,
	   pr_error *err)
{
	size_t i;

	for (i = 0; i < N_CHAINS; i++) {
		if (strcmp(rec->field[c], chains[i].code) == 0) {
			*out = &chains[i];
			return PR_OK;
		}
	}
	return fail_cell(rec, c, err, "chain '%s' is not one this format "
			 "reads (BCH, BTC, LTC; ETH, SOL, TRX, XRP)");
}

/*
 * The first row of a transaction: its transaction-level cells, read and
 * kept as text so that the rows after it can be held to them.
 */
static int
begin_tx(struct ccsv *s, const pr__csv_record *rec, pr_error *err)
{
	const char *st = rec->field[s->col[K_STATUS]];
	struct seen *e;
	size_t i, len;
	char msg[200];
	int rc;

	snprintf(s->key, sizeof(s->key), "%s:%s", s->chain->code, s->hash);
	e = table_find(&s->txs, s->key);
	if (e != NULL) {
		snprintf(msg, sizeof(msg), "transaction %.16s... already "
			 "appeared on line %lu: a transaction's rows must be "
			 "consecutive", s->hash, e->line);
		return pr__csv_fail(rec, (size_t)s->col[K_HASH], err, msg);
	}
	s->open = 1;
	s->line = rec->line;
	pr__csv_field_loc(&s->loc, rec, (size_t)s->col[K_HASH]);
	s->coin = pr_currency_find(s->chain->code);
	s->n_in = 0;
	s->n_out = 0;
	s->n_mv = 0;
	rc = whole(&s->block, rec, s->col[K_BLOCK], 999999999999L, 1,
		   "block", err);
	if (rc == PR_OK)
		rc = utc_time(s, rec, err);
	if (rc != PR_OK)
		return rc;
	if (strcmp(st, "ok") == 0)
		s->status = "ok";
	else if (strcmp(st, "failed") == 0)
		s->status = "failed";
	else
		return fail_cell(rec, s->col[K_STATUS], err, "status '%s' is "
				 "neither ok nor failed");
	if (s->chain->utxo && s->status[0] == 'f')
		return pr__csv_fail(rec, (size_t)s->col[K_STATUS], err,
				    "a UTXO transaction in a block cannot "
				    "fail: status must be ok");
	rc = decimal(s->fee, rec, s->col[K_FEE], "fee", s->coin, err);
	if (rc != PR_OK)
		return rc;
	for (i = 0; i < N_TX_COLS; i++) {
		const char *t = cell(s, rec, tx_cols[i], &len);

		/* every kept cell was checked above, so it is short */
		if (len > MAX_CELL)
			len = MAX_CELL;
		memcpy(s->cell[i], t, len);
		s->cell[i][len] = '\0';
	}
	return PR_OK;
}

/* A later row of the transaction repeats the first row's cells. */
static int
same_tx(const struct ccsv *s, const pr__csv_record *rec, pr_error *err)
{
	char q1[64], q2[64], msg[256];
	size_t i, len;

	for (i = 0; i < N_TX_COLS; i++) {
		const char *t = cell(s, rec, tx_cols[i], &len);

		if (len == strlen(s->cell[i]) &&
		    memcmp(t, s->cell[i], len) == 0)
			continue;
		snprintf(msg, sizeof(msg), "%s '%s' differs from the "
			 "transaction's first row (line %lu): '%s'",
			 names[tx_cols[i]], pr__quote(q1, sizeof(q1), t, len),
			 s->line, pr__quote(q2, sizeof(q2), s->cell[i],
					    strlen(s->cell[i])));
		return pr__csv_fail(rec, (size_t)s->col[tx_cols[i]], err,
				    msg);
	}
	return PR_OK;
}

static int
find_asset(const pr_currency **out, const struct ccsv *s,
	   const pr__csv_record *rec, pr_error *err)
{
	long c = s->col[K_ASSET];
	char q[64], msg[400];
	size_t i;

	/* one code however written (usdt, USDT-TRC20): the built-in
	 * table's chain assets, or a token of the case's asset table */
	*out = pr__assets_find(s->sink->assets, rec->field[c], rec->len[c]);
	if (*out == NULL)
		return pr__csv_fail(rec, (size_t)c, err,
				    pr__assets_unknown(msg, sizeof(msg),
						       rec->field[c],
						       rec->len[c]));
	for (i = 0; i < N_ASSETS; i++)
		if (strcmp((*out)->code, assets[i]) == 0)
			break;
	if (i == N_ASSETS && pr_currency_find((*out)->code) != NULL)
		return fail_cell(rec, c, err, "asset '%s' is a currency, not "
				 "an on-chain asset");
	if (s->chain->utxo && *out != s->coin) {
		snprintf(msg, sizeof(msg), "asset '%s' on a %s transaction: a "
			 "UTXO chain moves only its own coin",
			 pr__quote(q, sizeof(q), rec->field[c], rec->len[c]),
			 s->chain->code);
		return pr__csv_fail(rec, (size_t)c, err, msg);
	}
	return PR_OK;
}

/*
 * An address as written: Ethereum's folded to lower case (its mixed case
 * is only a checksum, and matching across files must not depend on it);
 * the others kept exactly (base58 is case-sensitive). A UTXO input or
 * output may have none (a script without an address); an account
 * transfer always has both ends.
 */
static int
address(char **out, const struct ccsv *s, const pr__csv_record *rec,
	pr_error *err)
{
	long c = s->col[K_ADDRESS];
	const char *a = rec->field[c];
	size_t len = rec->len[c], i;

	if (len == 0 && !s->chain->utxo)
		return pr__csv_fail(rec, (size_t)c, err, "no address: an "
				    "account transfer is from one address "
				    "to another");
	if (len > MAX_ADDRESS)
		return fail_cell(rec, c, err, "address '%s' is longer than "
				 "128 bytes");
	for (i = 0; i < len; i++)
		if ((unsigned char)a[i] <= ' ' || (unsigned char)a[i] >= 0x7f)
			return fail_cell(rec, c, err, "address '%s' holds a "
					 "space or a character outside "
					 "printable ASCII");
	if (s->chain->form == HASH_0X) {
		int ok = len == 42 && a[0] == '0' && a[1] == 'x';

		for (i = 2; ok && i < len; i++)
			ok = is_hex((unsigned char)a[i]);
		if (!ok)
			return fail_cell(rec, c, err, "address '%s' is not 0x "
					 "and 40 hex digits");
	}
	*out = pr__strndup(a, len);
	if (*out == NULL)
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	if (s->chain->form == HASH_0X)
		for (i = 2; i < len; i++)
			if ((*out)[i] >= 'A' && (*out)[i] <= 'F')
				(*out)[i] = (char)((*out)[i] + 32);
	return PR_OK;
}

/*
 * What a UTXO input spends. When that output is in this file, the input
 * must repeat its value (and address, where both give one); in any case
 * no output may be spent twice in one file.
 */
static int
spends(struct ccsv *s, struct move *m, const pr__csv_record *rec,
       pr_error *err)
{
	long ch = s->col[K_PREV_HASH], ci = s->col[K_PREV_INDEX];
	char prev[MAX_HASH + 1], key[MAX_HASH + 32];
	char a[128], b[128], q1[64], q2[64], msg[400];
	struct seen *tx, *e;
	int rc;

	if (ch < 0 || ci < 0 || rec->len[ch] == 0 || rec->len[ci] == 0)
		return pr__csv_fail(rec, (size_t)(ch >= 0 ? ch :
						  s->col[K_SIDE]), err,
				    "a UTXO input must name the output it "
				    "spends: prev_hash and prev_index");
	rc = tx_hash(prev, s->chain, rec, ch, "prev_hash", err);
	if (rc == PR_OK)
		rc = whole(&m->prev_index, rec, ci, MAX_INDEX, 0,
			   "prev_index", err);
	if (rc != PR_OK)
		return rc;
	if (strcmp(prev, s->hash) == 0)
		return pr__csv_fail(rec, (size_t)ch, err, "an input cannot "
				    "spend an output of its own transaction");
	m->prev_hash = pr__strdup(prev);
	if (m->prev_hash == NULL)
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	snprintf(key, sizeof(key), "%s:%s:%ld", s->chain->code, prev,
		 m->prev_index);
	e = table_find(&s->spent, key);
	if (e != NULL) {
		snprintf(msg, sizeof(msg), "output %ld of %.16s... is already "
			 "spent on line %lu", m->prev_index, prev, e->line);
		return pr__csv_fail(rec, (size_t)ci, err, msg);
	}
	snprintf(key, sizeof(key), "%s:%s", s->chain->code, prev);
	tx = table_find(&s->txs, key);
	if (tx != NULL && (size_t)m->prev_index >= tx->n_out) {
		snprintf(msg, sizeof(msg), "transaction %.16s... (line %lu) "
			 "has no output %ld: it has %lu", prev, tx->line,
			 m->prev_index, (unsigned long)tx->n_out);
		return pr__csv_fail(rec, (size_t)ci, err, msg);
	}
	if (tx != NULL &&
	    mpz_cmp(tx->out[m->prev_index].value, m->value) != 0) {
		pr_money_format(a, sizeof(a), m->value, m->asset->minor, 0);
		pr_money_format(b, sizeof(b), tx->out[m->prev_index].value,
				m->asset->minor, 0);
		snprintf(msg, sizeof(msg), "value %s is not that of output %ld"
			 " of %.16s... (line %lu): %s", a, m->prev_index,
			 prev, tx->line, b);
		return pr__csv_fail(rec, (size_t)s->col[K_VALUE], err, msg);
	}
	if (tx != NULL && m->address[0] != '\0' &&
	    tx->out[m->prev_index].address[0] != '\0' &&
	    strcmp(tx->out[m->prev_index].address, m->address) != 0) {
		snprintf(msg, sizeof(msg), "address '%s' is not that of output"
			 " %ld of %.16s... (line %lu): '%s'",
			 pr__quote(q1, sizeof(q1), m->address,
				   strlen(m->address)),
			 m->prev_index, prev, tx->line,
			 pr__quote(q2, sizeof(q2),
				   tx->out[m->prev_index].address,
				   strlen(tx->out[m->prev_index].address)));
		return pr__csv_fail(rec, (size_t)s->col[K_ADDRESS], err, msg);
	}
	if (s->spent.n >= MAX_SEEN)
		return pr__csv_fail(rec, (size_t)ch, err, "more than 10000000 "
				    "inputs in one file");
	snprintf(key, sizeof(key), "%s:%s:%ld", s->chain->code, prev,
		 m->prev_index);
	e = pr__calloc(1, sizeof(*e));
	if (e != NULL)
		e->key = pr__strdup(key);
	if (e == NULL || e->key == NULL || table_add(&s->spent, e) != PR_OK) {
		seen_free(e);
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	}
	e->line = rec->line;
	return PR_OK;
}

/* Make room for one more move; its value is initialised once, reused. */
static int
grow_moves(struct ccsv *s, const pr__csv_record *rec, pr_error *err)
{
	if (s->n_mv == MAX_MOVES)
		return pr__csv_fail(rec, (size_t)s->col[K_SIDE], err,
				    "more than 100000 inputs and outputs in "
				    "one transaction");
	if (s->n_mv == s->cap_mv) {
		size_t n = s->cap_mv ? 2 * s->cap_mv : 16;
		struct move *m = pr__realloc(s->mv, n * sizeof(*m));

		if (m == NULL)
			return pr__error_set(err, PR_ENOMEM, "out of memory");
		s->mv = m;
		s->cap_mv = n;
	}
	if (s->n_mv == s->init_mv)
		mpz_init(s->mv[s->init_mv++].value);
	return PR_OK;
}

/* One row's own move: side, n, address, asset, value and what it spends. */
static int
read_move(struct ccsv *s, const pr__csv_record *rec, pr_error *err)
{
	const char *side = rec->field[s->col[K_SIDE]];
	struct move *m;
	long n, want;
	size_t len;
	char msg[200];
	int rc;

	rc = grow_moves(s, rec, err);
	if (rc != PR_OK)
		return rc;
	m = &s->mv[s->n_mv];
	m->address = NULL;
	m->prev_hash = NULL;
	m->prev_index = -1;
	s->n_mv++;
	if (strcmp(side, "in") == 0)
		m->out = 0;
	else if (strcmp(side, "out") == 0)
		m->out = 1;
	else
		return fail_cell(rec, s->col[K_SIDE], err, "side '%s' is "
				 "neither in nor out");
	/* The k-th output is output k: an input elsewhere spends it by
	 * that number, so the numbering must be the file's order. */
	want = m->out ? s->n_out++ : s->n_in++;
	rc = whole(&n, rec, s->col[K_NUM], MAX_INDEX, s->col[K_NUM] < 0,
		   "n", err);
	if (rc != PR_OK)
		return rc;
	if (s->col[K_NUM] >= 0 && n != want) {
		snprintf(msg, sizeof(msg), "n is %ld; expected %ld (a "
			 "transaction's %s are numbered 0, 1, 2 ... in "
			 "order)", n, want, m->out ? "outputs" : "inputs");
		return pr__csv_fail(rec, (size_t)s->col[K_NUM], err, msg);
	}
	rc = address(&m->address, s, rec, err);
	if (rc == PR_OK)
		rc = find_asset(&m->asset, s, rec, err);
	if (rc == PR_OK)
		rc = decimal(m->value, rec, s->col[K_VALUE], "value",
			     m->asset, err);
	if (rc != PR_OK)
		return rc;
	if (s->chain->utxo && !m->out)
		return spends(s, m, rec, err);
	cell(s, rec, K_PREV_HASH, &len);
	if (len > 0)
		return pr__csv_fail(rec, (size_t)s->col[K_PREV_HASH], err,
				    "prev_hash is only for UTXO inputs");
	cell(s, rec, K_PREV_INDEX, &len);
	if (len > 0)
		return pr__csv_fail(rec, (size_t)s->col[K_PREV_INDEX], err,
				    "prev_index is only for UTXO inputs");
	return PR_OK;
}

static int
tx_fail(const struct ccsv *s, pr_error *err, const char *msg)
{
	return pr__error_at(err, PR_EPARSE, &s->loc, "%s", msg);
}

/*
 * The sums: a UTXO transaction spends exactly what it pays out plus its
 * fee; on an account chain each asset leaves exactly as much as arrives
 * (the fee is paid apart, by the sender). Checked on the values as
 * written, even for a failed transaction, so a typo is caught there too.
 */
static int
balance(const struct ccsv *s, pr_error *err)
{
	char a[100], b[100], f[100], msg[400];
	mpz_t in, out;
	size_t i, k;
	int rc = PR_OK;

	mpz_init(in);
	mpz_init(out);
	/* the built-in chain assets in their order, then the case's
	 * tokens in the order they first appear */
	for (k = 0; k < N_ASSETS + s->n_mv && rc == PR_OK; k++) {
		const pr_currency *cur;
		int any = 0;

		if (k < N_ASSETS) {
			cur = pr_currency_find(assets[k]);
		} else {
			cur = s->mv[k - N_ASSETS].asset;
			for (i = 0; i < k - N_ASSETS; i++)
				if (s->mv[i].asset == cur)
					break;
			if (i < k - N_ASSETS ||
			    pr_currency_find(cur->code) != NULL)
				continue;
		}

		mpz_set_ui(in, 0);
		mpz_set_ui(out, 0);
		for (i = 0; i < s->n_mv; i++) {
			if (s->mv[i].asset != cur)
				continue;
			any = 1;
			mpz_add(s->mv[i].out ? out : in,
				s->mv[i].out ? out : in, s->mv[i].value);
		}
		if (!any)
			continue;
		if (s->chain->utxo)
			mpz_add(out, out, s->fee);
		if (mpz_cmp(in, out) == 0)
			continue;
		if (s->chain->utxo) {
			mpz_sub(out, out, s->fee);
			pr_money_format(f, sizeof(f), s->fee, cur->minor, 0);
		}
		pr_money_format(a, sizeof(a), in, cur->minor, 0);
		pr_money_format(b, sizeof(b), out, cur->minor, 0);
		if (s->chain->utxo)
			snprintf(msg, sizeof(msg), "inputs (%s %s) do not "
				 "equal outputs (%s %s) plus fee (%s %s)", a,
				 cur->code, b, cur->code, f, cur->code);
		else
			snprintf(msg, sizeof(msg), "inputs of %s (%s) do not "
				 "equal its outputs (%s)", cur->code, a, b);
		/* sums too long for one message line still fail, plainly */
		if (strlen(msg) > 200)
			snprintf(msg, sizeof(msg), "inputs do not equal "
				 "outputs%s", s->chain->utxo ? " plus fee" :
				 "");
		rc = tx_fail(s, err, msg);
	}
	mpz_clear(in);
	mpz_clear(out);
	return rc;
}

/* Remember a transaction (and, on UTXO chains, its outputs) so that a
 * later row can neither repeat it nor misstate what it spends. */
static int
remember(struct ccsv *s, pr_error *err)
{
	struct seen *e;
	size_t i, k = 0;

	if (s->txs.n >= MAX_SEEN)
		return tx_fail(s, err, "more than 10000000 transactions in "
			       "one file");
	e = pr__calloc(1, sizeof(*e));
	if (e == NULL)
		goto oom;
	e->line = s->line;
	e->key = pr__strdup(s->key);
	if (e->key == NULL)
		goto oom;
	if (s->chain->utxo) {
		e->out = pr__calloc((size_t)s->n_out, sizeof(*e->out));
		if (e->out == NULL)
			goto oom;
		for (i = 0; i < s->n_mv; i++) {
			if (!s->mv[i].out)
				continue;
			e->out[k].address = pr__strdup(s->mv[i].address);
			if (e->out[k].address == NULL)
				goto oom;
			mpz_init_set(e->out[k].value, s->mv[i].value);
			e->n_out = ++k;
		}
	}
	if (table_add(&s->txs, e) != PR_OK)
		goto oom;
	return PR_OK;
oom:
	seen_free(e);
	return pr__error_set(err, PR_ENOMEM, "out of memory");
}

/* Free the text the moves own, ready for the next transaction. */
static void
drop_moves(struct ccsv *s)
{
	size_t i;

	for (i = 0; i < s->n_mv; i++) {
		pr__free(s->mv[i].address);
		pr__free(s->mv[i].prev_hash);
	}
	s->n_mv = 0;
}

/*
 * The transaction gathered is complete: check it as a whole and send it
 * on, inputs first and then outputs, each in file order, as the other
 * readers do. A failed one moved nothing (its values are stored as 0,
 * as the Etherscan reader does) but its fee was paid.
 */
static int
end_tx(struct ccsv *s, pr_error *err)
{
	pr__chain_row r;
	size_t i, k = 0;
	int side, rc;

	if (!s->open)
		return PR_OK;
	s->open = 0;
	if (s->n_in == 0 || s->n_out == 0) {
		rc = tx_fail(s, err, "a transaction needs at least one input "
			     "(side in) and one output (side out)");
		goto done;
	}
	rc = balance(s, err);
	if (rc != PR_OK)
		goto done;
	if (s->init_emit < s->n_mv) {
		pr__chain_move *m = pr__realloc(s->emit, s->n_mv *
						sizeof(*m));

		if (m == NULL) {
			rc = pr__error_set(err, PR_ENOMEM, "out of memory");
			goto done;
		}
		s->emit = m;
		for (; s->init_emit < s->n_mv; s->init_emit++)
			mpz_init(s->emit[s->init_emit].value);
	}
	for (side = 0; side < 2; side++) {
		for (i = 0; i < s->n_mv; i++) {
			const struct move *m = &s->mv[i];
			pr__chain_move *e = &s->emit[k];

			if (m->out != side)
				continue;
			e->side = side ? "out" : "in";
			e->address = m->address;
			e->asset = m->asset->code;
			e->prev_hash = m->prev_hash ? m->prev_hash : "";
			e->prev_index = m->prev_index;
			if (s->status[0] == 'f')
				mpz_set_ui(e->value, 0);
			else
				mpz_set(e->value, m->value);
			k++;
		}
	}
	r.line = s->line;
	r.record = ++s->records;
	r.chain = s->chain->code;
	r.kind = "utxo";
	if (!s->chain->utxo) {
		r.kind = "normal";
		for (i = 0; i < s->n_mv; i++)
			if (s->mv[i].asset != s->coin)
				r.kind = "token";
	}
	r.hash = s->hash;
	r.block = s->block;
	r.time = s->time;
	r.date = s->date;
	r.status = s->status;
	r.fee_asset = s->coin->code;
	mpz_init_set(r.fee, s->fee);
	r.n_moves = s->n_mv;
	r.moves = s->emit;
	rc = s->sink->chain(&r, s->sink->payload, err);
	mpz_clear(r.fee);
	if (rc == PR_OK)
		rc = remember(s, err);
done:
	drop_moves(s);
	return rc;
}

static int
on_record(const pr__csv_record *rec, void *payload, pr_error *err)
{
	struct ccsv *s = payload;
	const struct chain *ch = NULL;
	char hash[MAX_HASH + 1];
	int rc;

	if (!s->have_header) {
		s->have_header = 1;
		s->nfields = rec->n;
		return pr__csv_header(s->col, names, K_N, optional,
				      "(expected chain, hash, block, time, "
				      "status, fee, side, n, address, asset, "
				      "value, prev_hash, prev_index)",
				      rec, err);
	}
	if (pr__csv_width(rec, s->nfields, err) != PR_OK)
		return PR_EPARSE;
	rc = find_chain(&ch, rec, s->col[K_CHAIN], err);
	if (rc == PR_OK)
		rc = tx_hash(hash, ch, rec, s->col[K_HASH], "hash", err);
	if (rc != PR_OK)
		return rc;
	if (s->open && strcmp(hash, s->hash) == 0) {
		rc = same_tx(s, rec, err);
	} else {
		rc = end_tx(s, err);
		if (rc != PR_OK)
			return rc;
		s->chain = ch;
		memcpy(s->hash, hash, sizeof(hash));
		rc = begin_tx(s, rec, err);
	}
	if (rc != PR_OK)
		return rc;
	return read_move(s, rec, err);
}

int
pr__chaincsv_read(const char *path, const char *name,
		  const pr_import_options *o, const pr__import_sink *sink,
		  pr__read_info *info, pr_error *err)
{
	pr__csv_options co;
	struct ccsv *s;
	size_t i;
	int rc;

	s = pr__calloc(1, sizeof(*s));
	if (s == NULL)
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	memset(&co, 0, sizeof(co));
	s->sink = sink;
	s->name = name;
	mpz_init(s->fee);
	co.delim = ',';
	co.encoding = PR_ENC_UTF8;
	co.progress = o->progress;
	co.progress_payload = o->payload;
	rc = pr__csv_read(path, name, &co, on_record, s, info->sha256,
			  &info->size, err);
	if (rc == PR_OK)
		rc = end_tx(s, err);
	if (rc == PR_OK && s->records == 0)
		rc = pr__error_set(err, PR_EPARSE, "%s: no transactions%s",
				   name, s->have_header ?
				   " after the header" : "");
	info->records = s->records;
	drop_moves(s);
	for (i = 0; i < s->init_mv; i++)
		mpz_clear(s->mv[i].value);
	for (i = 0; i < s->init_emit; i++)
		mpz_clear(s->emit[i].value);
	pr__free(s->mv);
	pr__free(s->emit);
	table_clear(&s->txs);
	table_clear(&s->spent);
	mpz_clear(s->fee);
	pr__free(s);
	return rc;
}
