/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Etherscan CSV exports of one address: normal transactions, internal
 * transactions and ERC-20 token transfers, told apart by their header.
 * Columns are found by name (exports add and rename price columns).
 */
#include "config.h"
#include "common.h"
#include "csvread.h"
#include "import.h"

#include <string.h>

enum kind { KIND_NORMAL, KIND_INTERNAL, KIND_TOKEN };

enum {
	K_HASH, K_BLOCK, K_TIME, K_FROM, K_TO, K_TXTO, K_VIN, K_VOUT,
	K_FEE, K_STATUS, K_TOKVAL, K_SYMBOL, K_DECIMALS, K_CONTRACT, K_N
};

static const char *const names[K_N] = {
	"Txhash", "Blockno", "UnixTimestamp", "From", "To", "TxTo",
	"Value_IN(ETH)", "Value_OUT(ETH)", "TxnFee(ETH)", "Status",
	"TokenValue", "TokenSymbol", "TokenDecimal", "ContractAddress"
};

/* The largest time we accept: 9999-12-31T23:59:59Z. */
#define MAX_UNIX 253402300799L
#define MAX_DECIMALS 36

struct escan {
	const pr__import_sink *sink;
	int have_header;
	enum kind kind;
	long col[K_N];
	size_t nfields;
	uint64_t records;
	pr__chain_row row;
	pr__chain_move moves[2];
	char hash[67];
	char time[24];
	char symbol[64];
};

int
pr__etherscan_probe(const char *head, size_t len)
{
	const char *nl = memchr(head, '\n', len);
	size_t n = nl ? (size_t)(nl - head) : len;
	char line[1024];

	if (n >= sizeof(line))
		return 0;
	memcpy(line, head, n);
	line[n] = '\0';
	return strstr(line, "Txhash") != NULL ||
	       strstr(line, "Transaction Hash") != NULL ||
	       (strstr(line, "Blockno") != NULL &&
		strstr(line, "UnixTimestamp") != NULL);
}

static int
fail(const pr__csv_record *rec, long i, pr_error *err, const char *msg)
{
	pr_loc loc;

	pr__csv_field_loc(&loc, rec, (size_t)i);
	return pr__error_at(err, PR_EPARSE, &loc, "%s", msg);
}

static int
has(const struct escan *s, int k)
{
	return s->col[k] >= 0;
}

/*
 * Learn the columns and, from them, which of the three exports this is:
 * only the token export has TokenSymbol, only the internal one TxTo.
 * Columns we do not use (prices, method names) are allowed.
 */
static int
header(struct escan *s, const pr__csv_record *rec, pr_error *err)
{
	static const int need_normal[] = {
		K_HASH, K_BLOCK, K_TIME, K_FROM, K_TO, K_VIN, K_VOUT, K_FEE,
		K_STATUS
	};
	static const int need_internal[] = {
		K_HASH, K_BLOCK, K_TIME, K_FROM, K_TXTO, K_VIN, K_VOUT,
		K_STATUS
	};
	static const int need_token[] = {
		K_HASH, K_BLOCK, K_TIME, K_FROM, K_TO, K_TOKVAL, K_SYMBOL
	};
	const int *need;
	size_t i, k, n_need;
	char msg[200];
	pr_loc loc;

	for (k = 0; k < K_N; k++)
		s->col[k] = -1;
	for (i = 0; i < rec->n; i++) {
		for (k = 0; k < K_N; k++)
			if (strcmp(rec->field[i], names[k]) == 0)
				break;
		/* newer exports name the hash column so */
		if (strcmp(rec->field[i], "Transaction Hash") == 0)
			k = K_HASH;
		if (k == K_N)
			continue;
		if (s->col[k] >= 0) {
			snprintf(msg, sizeof(msg), "column '%s' named twice "
				 "(also #%ld)", names[k], s->col[k] + 1);
			return fail(rec, (long)i, err, msg);
		}
		s->col[k] = (long)i;
	}
	if (has(s, K_SYMBOL)) {
		s->kind = KIND_TOKEN;
		need = need_token;
		n_need = sizeof(need_token) / sizeof(need_token[0]);
	} else if (has(s, K_TXTO)) {
		s->kind = KIND_INTERNAL;
		need = need_internal;
		n_need = sizeof(need_internal) / sizeof(need_internal[0]);
	} else {
		s->kind = KIND_NORMAL;
		need = need_normal;
		n_need = sizeof(need_normal) / sizeof(need_normal[0]);
	}
	pr__csv_end_loc(&loc, rec);
	loc.column = 1;
	for (i = 0; i < n_need; i++)
		if (!has(s, need[i]))
			return pr__error_at(err, PR_EPARSE, &loc, "header has "
					    "no column '%s'", names[need[i]]);
	/* Etherscan's own export has no TokenDecimal: the decimals are
	 * then the case's asset table's, found by contract */
	if (s->kind == KIND_TOKEN && !has(s, K_DECIMALS) &&
	    !has(s, K_CONTRACT))
		return pr__error_at(err, PR_EPARSE, &loc, "token export has "
				    "neither 'TokenDecimal' nor "
				    "'ContractAddress': the tokens' decimals "
				    "are needed to count TokenValue exactly");
	s->nfields = rec->n;
	return PR_OK;
}

/* A non-negative decimal integer field in [0, max]. */
static int
number(long *out, const pr__csv_record *rec, long c, long max,
       const char *what, pr_error *err)
{
	char q[64], msg[160];

	if (pr__parse_long(out, rec->field[c], rec->len[c], 0, max) !=
	    PR_OK) {
		snprintf(msg, sizeof(msg), "%s '%s' is not a whole number "
			 "from 0 to %ld", what,
			 pr__quote(q, sizeof(q), rec->field[c], rec->len[c]),
			 max);
		return fail(rec, c, err, msg);
	}
	return PR_OK;
}

/* An Ethereum transaction hash: "0x" and 64 hex digits, kept lower case. */
static int
hash(struct escan *s, const pr__csv_record *rec, pr_error *err)
{
	long c = s->col[K_HASH];
	const char *h = rec->field[c];
	size_t i;
	char q[64], msg[160];

	if (rec->len[c] != 66 || h[0] != '0' || (h[1] != 'x' && h[1] != 'X'))
		goto bad;
	s->hash[0] = '0';
	s->hash[1] = 'x';
	for (i = 2; i < 66; i++) {
		unsigned char ch = (unsigned char)h[i];

		if (ch >= 'A' && ch <= 'F')
			ch = (unsigned char)(ch + 32);
		else if (!((ch >= '0' && ch <= '9') ||
			   (ch >= 'a' && ch <= 'f')))
			goto bad;
		s->hash[i] = (char)ch;
	}
	s->hash[66] = '\0';
	return PR_OK;
bad:
	snprintf(msg, sizeof(msg), "transaction hash '%s' is not 0x and 64 "
		 "hex digits", pr__quote(q, sizeof(q), h, rec->len[c]));
	return fail(rec, c, err, msg);
}

/*
 * Seconds since 1970-01-01T00:00:00Z to UTC text and day. Exact: whole
 * days from the epoch are a pr_date, the rest is the time of day.
 */
static void
utc(char *buf, size_t size, pr_date *day, long t)
{
	long secs = t % 86400;
	int y, m, d;

	*day = (pr_date)(t / 86400);
	pr_date_to_ymd(*day, &y, &m, &d);
	snprintf(buf, size, "%04d-%02d-%02dT%02ld:%02ld:%02ldZ", y, m, d,
		 secs / 3600, secs / 60 % 60, secs % 60);
}

/* A contract address: 0x and 40 hex digits. */
static int
contract_ok(const char *t, size_t n)
{
	size_t i;

	if (n != 42 || t[0] != '0' || (t[1] != 'x' && t[1] != 'X'))
		return 0;
	for (i = 2; i < n; i++) {
		unsigned char ch = (unsigned char)t[i];

		if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') ||
		      (ch >= 'A' && ch <= 'F')))
			return 0;
	}
	return 1;
}

/* An amount with up to minor decimals, never negative. */
static int
amount(mpz_t out, const pr__csv_record *rec, long c, unsigned minor,
       pr_error *err)
{
	pr_error e;

	if (pr_money_parse(out, rec->field[c], rec->len[c], minor, NULL,
			   &e) != PR_OK)
		return fail(rec, c, err, e.msg);
	if (mpz_sgn(out) < 0)
		return fail(rec, c, err, "a value cannot be negative");
	return PR_OK;
}

/* The value of a normal or internal row: Value_IN or Value_OUT, the one
 * that is not zero (both zero is a call that moves nothing). */
static int
eth_value(struct escan *s, const pr__csv_record *rec, mpz_t out,
	  pr_error *err)
{
	mpz_t other;
	int rc;

	rc = amount(out, rec, s->col[K_VIN], 18, err);
	if (rc != PR_OK)
		return rc;
	mpz_init(other);
	rc = amount(other, rec, s->col[K_VOUT], 18, err);
	if (rc == PR_OK && mpz_sgn(out) != 0 && mpz_sgn(other) != 0 &&
	    mpz_cmp(out, other) != 0)
		rc = fail(rec, s->col[K_VOUT], err, "Value_IN and Value_OUT "
			  "both set and different");
	if (rc == PR_OK && mpz_sgn(out) == 0)
		mpz_set(out, other);
	mpz_clear(other);
	return rc;
}

static int
status(struct escan *s, const pr__csv_record *rec, pr_error *err)
{
	long c = s->col[K_STATUS];
	const char *v;
	char q[64], msg[160];

	if (c < 0) {
		s->row.status = "ok";
		return PR_OK;
	}
	v = rec->field[c];
	if (s->kind == KIND_INTERNAL) {
		/* isError: "0" or "1" */
		if (strcmp(v, "0") == 0 || v[0] == '\0')
			s->row.status = "ok";
		else if (strcmp(v, "1") == 0)
			s->row.status = "failed";
		else
			goto bad;
		return PR_OK;
	}
	if (v[0] == '\0')
		s->row.status = "ok";
	else if (strncmp(v, "Error", 5) == 0)
		s->row.status = "failed";
	else
		goto bad;
	return PR_OK;
bad:
	snprintf(msg, sizeof(msg), "status '%s' is neither empty nor %s",
		 pr__quote(q, sizeof(q), v, rec->len[c]),
		 s->kind == KIND_INTERNAL ? "0 or 1" : "Error(...)");
	return fail(rec, c, err, msg);
}

/*
 * A token transfer's asset and value. A token is what its contract is:
 * when the case's asset table (or the built-in one) knows the contract,
 * the asset is that code and its decimals are the table's; a symbol alone
 * proves nothing (anyone can deploy a token called USDT), so an unknown
 * contract keeps the symbol as written, and needs TokenDecimal.
 */
static int
token(struct escan *s, const pr__csv_record *rec, mpz_t out, pr_error *err)
{
	long c = s->col[K_SYMBOL], k = s->col[K_CONTRACT], dec = -1;
	const pr_currency *known = NULL;
	char q[64], msg[400];
	int rc;

	if (rec->len[c] == 0 || rec->len[c] >= sizeof(s->symbol))
		return fail(rec, c, err, "TokenSymbol is empty or longer "
			    "than 63 bytes");
	memcpy(s->symbol, rec->field[c], rec->len[c] + 1);
	if (k >= 0) {
		if (!contract_ok(rec->field[k], rec->len[k])) {
			snprintf(msg, sizeof(msg), "ContractAddress '%s' is "
				 "not 0x and 40 hex digits",
				 pr__quote(q, sizeof(q), rec->field[k],
					   rec->len[k]));
			return fail(rec, k, err, msg);
		}
		known = pr__assets_contract(s->sink->assets, "ETH",
					    rec->field[k]);
	}
	if (has(s, K_DECIMALS)) {
		rc = number(&dec, rec, s->col[K_DECIMALS], MAX_DECIMALS,
			    "TokenDecimal", err);
		if (rc != PR_OK)
			return rc;
		if (known != NULL && (unsigned)dec != known->minor) {
			snprintf(msg, sizeof(msg), "TokenDecimal %ld, but "
				 "the case's asset table gives %s at this "
				 "contract %u decimals", dec, known->code,
				 known->minor);
			return fail(rec, s->col[K_DECIMALS], err, msg);
		}
	} else if (known == NULL) {
		snprintf(msg, sizeof(msg), "token %s at contract %.42s is not "
			 "in the case's asset table: give its decimals with "
			 "`proceeds import assets` (a line %s,DECIMALS,ETH,"
			 "%.42s,SOURCE)", pr__quote(q, sizeof(q),
						    rec->field[c], rec->len[c]),
			 rec->field[k], q, rec->field[k]);
		return fail(rec, k, err, msg);
	}
	if (known != NULL) {
		snprintf(s->symbol, sizeof(s->symbol), "%s", known->code);
		dec = (long)known->minor;
	}
	return amount(out, rec, s->col[K_TOKVAL], (unsigned)dec, err);
}

static int
on_record(const pr__csv_record *rec, void *payload, pr_error *err)
{
	struct escan *s = payload;
	pr__chain_row *r = &s->row;
	pr_loc loc;
	size_t i;
	long v;
	int rc;

	if (!s->have_header) {
		s->have_header = 1;
		return header(s, rec, err);
	}
	/* Internal exports end each data row with one more, empty field
	 * than the header has: allow extra fields only when empty. */
	for (i = s->nfields; i < rec->n; i++)
		if (rec->len[i] != 0)
			break;
	if (rec->n < s->nfields || i < rec->n) {
		if (rec->n > s->nfields)
			pr__csv_field_loc(&loc, rec, i);
		else
			pr__csv_end_loc(&loc, rec);
		return pr__error_at(err, PR_EPARSE, &loc, "record has %lu "
				    "field%s; expected %lu",
				    (unsigned long)rec->n,
				    rec->n == 1 ? "" : "s",
				    (unsigned long)s->nfields);
	}
	r->line = rec->line;
	r->record = ++s->records;
	r->chain = "ETH";
	r->kind = s->kind == KIND_NORMAL ? "normal" :
		  s->kind == KIND_INTERNAL ? "internal" : "token";
	rc = hash(s, rec, err);
	if (rc != PR_OK)
		return rc;
	r->hash = s->hash;
	rc = number(&r->block, rec, s->col[K_BLOCK], 999999999999L,
		    "block number", err);
	if (rc != PR_OK)
		return rc;
	rc = number(&v, rec, s->col[K_TIME], MAX_UNIX, "UnixTimestamp", err);
	if (rc != PR_OK)
		return rc;
	utc(s->time, sizeof(s->time), &r->date, v);
	r->time = s->time;
	rc = status(s, rec, err);
	if (rc != PR_OK)
		return rc;
	r->fee_asset = "ETH";
	mpz_set_ui(r->fee, 0);
	if (s->kind == KIND_NORMAL) {
		rc = amount(r->fee, rec, s->col[K_FEE], 18, err);
		if (rc != PR_OK)
			return rc;
	}
	if (s->kind == KIND_TOKEN) {
		rc = token(s, rec, s->moves[0].value, err);
		s->moves[0].asset = s->symbol;
	} else {
		rc = eth_value(s, rec, s->moves[0].value, err);
		s->moves[0].asset = "ETH";
	}
	if (rc != PR_OK)
		return rc;
	/* A failed transaction moved nothing; only its fee was paid. */
	if (strcmp(r->status, "failed") == 0)
		mpz_set_ui(s->moves[0].value, 0);
	mpz_set(s->moves[1].value, s->moves[0].value);
	s->moves[1].asset = s->moves[0].asset;
	s->moves[0].side = "in";
	s->moves[0].address = rec->field[s->col[K_FROM]];
	s->moves[1].side = "out";
	s->moves[1].address = rec->field[s->col[s->kind == KIND_INTERNAL ?
						 K_TXTO : K_TO]];
	for (i = 0; i < 2; i++) {
		s->moves[i].prev_hash = "";
		s->moves[i].prev_index = -1;
	}
	r->n_moves = 2;
	r->moves = s->moves;
	return s->sink->chain(r, s->sink->payload, err);
}

int
pr__etherscan_read(const char *path, const char *name,
		   const pr_import_options *o, const pr__import_sink *sink,
		   pr__read_info *info, pr_error *err)
{
	pr__csv_options co;
	struct escan *s;
	int rc;

	s = pr__calloc(1, sizeof(*s));
	if (s == NULL)
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	memset(&co, 0, sizeof(co));
	s->sink = sink;
	mpz_init(s->row.fee);
	mpz_init(s->moves[0].value);
	mpz_init(s->moves[1].value);
	co.delim = ',';
	co.encoding = PR_ENC_UTF8;
	co.progress = o->progress;
	co.progress_payload = o->payload;
	rc = pr__csv_read(path, name, &co, on_record, s, info->sha256,
			  &info->size, err);
	if (rc == PR_OK && s->records == 0)
		rc = pr__error_set(err, PR_EPARSE, "%s: no transactions%s",
				   name, s->have_header ?
				   " after the header" : "");
	info->records = s->records;
	mpz_clear(s->row.fee);
	mpz_clear(s->moves[0].value);
	mpz_clear(s->moves[1].value);
	pr__free(s);
	return rc;
}
