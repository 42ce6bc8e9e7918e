/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Bank statement exports and exchange account histories in CSV, read by
 * profile. One pass, one record in memory at a time. Every value is
 * checked; the first bad one stops the import with the file, line and
 * column of its field. Exchange rows also carry an operation, a UTC time
 * and the trade they belong to; the legs of every trade are checked to
 * give one asset and receive another.
 */
#include "config.h"
#include "common.h"
#include "csvread.h"
#include "import.h"
#include "profile.h"

#include <string.h>

enum { C_DATE, C_VALUE_DATE, C_AMOUNT, C_DEBIT, C_CREDIT, C_DIRECTION,
       C_BALANCE, C_REFERENCE, C_COUNTERPARTY, C_COUNTER_ACCOUNT,
       C_ACCOUNT, C_CURRENCY, C_OPERATION, C_TX_HASH, C_ADDRESS, C_TRADE,
       C_FEE, C_CP_CREDIT, C_CP_DEBIT,
       C_SENT_AMT, C_SENT_ASSET, C_RECV_AMT, C_RECV_ASSET, C_FEE_ASSET,
       C_DESC0, C_SKIP0 = C_DESC0 + PR_PROFILE_MAX_DESC,
       C_MAX = C_SKIP0 + PR_PROFILE_MAX_SKIP };

struct cell {
	char *text;
	unsigned long line;
	unsigned long column;
};

struct edge {           /* the first or last row, in time order */
	int set;
	pr_date date;
	unsigned long line;
	mpz_t amount;
	int has_balance;
	mpz_t balance;
};

/*
 * One trade of an exchange history, by its key (the trade id, or the
 * time under trade = @time). Its legs (fees aside) must be in two assets,
 * one given (negative) and one received (positive): only then does the
 * trade define an exact price, |received| / |given|. Where it started is
 * kept for the messages that can only be given at the end of the file.
 */
struct trade {
	char *key;                  /* NULL: free slot */
	unsigned long line, column; /* its first row, at the trade cell */
	unsigned long leg_line, leg_column; /* its first leg, at the amount */
	const pr_currency *cur[2];  /* the assets of its legs */
	int sign[2];
	int n_cur;
};

struct trades {
	struct trade *slot;
	size_t cap;                 /* a power of two, or 0 */
	size_t n;
};

/* An asset of an exchange history: its own running balance and period. */
struct acct {
	char *ident;
	const pr_currency *cur;
	struct edge first, last;    /* in file order */
	pr_date min_date, max_date;
};

struct bank {
	const pr_profile *p;
	const pr_import_options *o;
	const pr__import_sink *sink;
	const char *name;
	const pr__colref *ref[C_MAX];
	long col[C_MAX];
	size_t nref;
	unsigned long nfields;
	int have_header;
	const pr_currency *fixed_cur;
	const char *fixed_account;
	struct cell account_cell, opening_cell, closing_cell, period_cell;
	struct cell currency_cell;
	pr__bank_row row;
	char *desc;
	size_t desc_cap;
	uint64_t records;
	pr_date min_date, max_date;
	struct edge first, last;  /* in file order */
	char *one_account;        /* the only account seen, if only one */
	const pr_currency *one_cur;
	int many_accounts;
	mpz_t sum;                /* of every row, for a derived opening */
	mpz_t fee;                /* scratch for the fee column */
	unsigned long after_header; /* records still to skip */
	uint64_t skipped;
	uint64_t skip_hits[PR_PROFILE_MAX_SKIP][PR_PROFILE_MAX_SKIPVAL];
	struct cell period_start_cell, period_end_cell;
	mpz_t limit;
	mpz_t debit;              /* scratch for debit/credit rows */
	mpz_t leg[3];             /* two-leg rows: sent, received, fee */
	char *tradeid;            /* two-leg rows: "file:line" */
	size_t tradeid_cap;
	/* exchange histories */
	char time[48];            /* "YYYY-MM-DDTHH:MM:SSZ" or "" */
	char *hash;               /* the row's tx_hash, lower-cased */
	size_t hash_cap;
	char *opname;             /* an "other" operation, lower-cased */
	size_t opname_cap;
	struct trades trades;
	struct acct *accts;       /* in order of first appearance */
	size_t n_accts, accts_cap;
	size_t last_acct;         /* the previous row's, a likely hit */
};

static void
edge_init(struct edge *e)
{
	e->set = 0;
	mpz_init(e->amount);
	mpz_init(e->balance);
}

static void
edge_clear(struct edge *e)
{
	mpz_clear(e->amount);
	mpz_clear(e->balance);
}

static void
edge_set(struct edge *e, const pr__bank_row *r)
{
	e->set = 1;
	e->date = r->date;
	e->line = r->line;
	mpz_set(e->amount, r->amount);
	e->has_balance = r->has_balance;
	if (r->has_balance)
		mpz_set(e->balance, r->balance);
}

static int
at_field(struct bank *b, const pr__csv_record *rec, long i, pr_error *err,
	 const char *msg)
{
	pr_loc loc;

	/* a field a short ragged record lacks: at the record's end */
	if ((size_t)i >= rec->n)
		pr__csv_end_loc(&loc, rec);
	else
		pr__csv_field_loc(&loc, rec, (size_t)i);
	return pr__error_at(err, PR_EPARSE, &loc, "%s", msg);
	(void)b;
}

/* Resolve every column the profile names against the header. */
static int
resolve(struct bank *b, const pr__csv_record *rec, pr_error *err)
{
	size_t i, j;
	pr_loc loc;

	b->nfields = rec->n;
	for (i = 0; i < C_MAX; i++) {
		const pr__colref *c = b->ref[i];
		long found = -1;

		b->col[i] = -1;
		if (c == NULL || (c->name == NULL && c->pos == 0))
			continue;
		if (c->pos > 0) {
			if (c->pos > rec->n) {
				pr__csv_end_loc(&loc, rec);
				return pr__error_at(err, PR_EPARSE, &loc,
						    "profile column #%lu is "
						    "beyond the %lu fields of "
						    "this record", c->pos,
						    (unsigned long)rec->n);
			}
			b->col[i] = (long)c->pos - 1;
			continue;
		}
		for (j = 0; j < rec->n; j++) {
			if (strcmp(rec->field[j], c->name) != 0)
				continue;
			if (found >= 0) {
				pr__csv_field_loc(&loc, rec, j);
				return pr__error_at(err, PR_EPARSE, &loc,
						    "header names column '%s' "
						    "twice; the profile must "
						    "use its position (#%ld or"
						    " #%lu)", c->name,
						    found + 1,
						    (unsigned long)j + 1);
			}
			found = (long)j;
		}
		if (found < 0) {
			memset(&loc, 0, sizeof(loc));
			snprintf(loc.path, sizeof(loc.path), "%s", rec->path);
			loc.line = rec->line;
			loc.column = 1;
			return pr__error_at(err, PR_EPARSE, &loc, "header has "
					    "no column '%s' (profile %s, line "
					    "%lu)", c->name, b->p->name,
					    c->line);
		}
		b->col[i] = found;
	}
	return PR_OK;
}

/*
 * Field i of the record, as the profile reads it. A field past the end of
 * a short record (ragged = yes) is empty. With strip_apostrophe, the one
 * apostrophe Excel puts before a cell it must keep as text ('0123, '+49,
 * '=A1, '-5) is dropped; an apostrophe before anything else is the
 * cell's own text and stays.
 */
static const char *
fld(const struct bank *b, const pr__csv_record *rec, long i, size_t *len)
{
	const char *s;

	if ((size_t)i >= rec->n) {
		*len = 0;
		return "";
	}
	s = rec->field[i];
	*len = rec->len[i];
	if (b->p->strip_apostrophe && *len >= 2 && s[0] == '\'' &&
	    ((s[1] >= '0' && s[1] <= '9') || s[1] == '+' || s[1] == '-' ||
	     s[1] == '=' || s[1] == '@')) {
		s++;
		(*len)--;
	}
	return s;
}

static int
is_blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 0;
	return 1;
}

/*
 * An amount as the profile writes it: decimal text, or with scale = N an
 * integer count of 10^-N units (satoshi, cents), which must come out as
 * a whole number of the currency's minor units. On failure e->msg says
 * why, in the money parser's words.
 */
static int
parse_amount(const struct bank *b, mpz_t out, const char *s, size_t n,
	     const pr_currency *cur, pr_error *e)
{
	int scale = b->p->scale;
	char q[64];
	mpz_t pow;
	int rc;

	if (scale < 0)
		return pr_money_parse(out, s, n, cur->minor, &b->p->style, e);
	rc = pr_money_parse(out, s, n, 0, &b->p->style, e);
	if (rc != PR_OK)
		return rc;
	mpz_init(pow);
	if ((unsigned)scale <= cur->minor) {
		mpz_ui_pow_ui(pow, 10, cur->minor - (unsigned)scale);
		mpz_mul(out, out, pow);
	} else {
		mpz_ui_pow_ui(pow, 10, (unsigned)scale - cur->minor);
		if (!mpz_divisible_p(out, pow))
			rc = pr__error_set(e, PR_EPARSE, "amount '%s' in units"
					   " of 10^-%d is not a whole number "
					   "of %s's %u decimals",
					   pr__quote(q, sizeof(q), s, n),
					   scale, cur->code, cur->minor);
		else
			mpz_divexact(out, out, pow);
	}
	mpz_clear(pow);
	return rc;
}

/* Parse a money field; the message keeps the parser's words. */
static int
money_field(struct bank *b, mpz_t out, const pr__csv_record *rec, long i,
	    const pr_currency *cur, pr_error *err)
{
	size_t n;
	const char *s = fld(b, rec, i, &n);
	pr_error e;
	char q[64];
	mpz_t mag;

	pr_error_clear(&e);
	if (parse_amount(b, out, s, n, cur, &e) != PR_OK)
		return at_field(b, rec, i, err, e.msg);
	mpz_init(mag);
	mpz_abs(mag, out);
	if (mpz_cmpabs(mag, b->limit) >= 0) {
		mpz_t lim;
		char msg[160];

		mpz_init(lim);
		mpz_ui_pow_ui(lim, 10, 15 + cur->minor);
		if (mpz_cmp(mag, lim) >= 0) {
			snprintf(msg, sizeof(msg), "amount '%s' is 10^15 %s "
				 "or more: not a plausible figure",
				 pr__quote(q, sizeof(q), s, n), cur->code);
			mpz_clear(lim);
			mpz_clear(mag);
			return at_field(b, rec, i, err, msg);
		}
		mpz_clear(lim);
	}
	mpz_clear(mag);
	return PR_OK;
}

/* A date, and in secs (when not NULL) the time of day the layout reads. */
static int
date_field(struct bank *b, pr_date *out, int32_t *secs,
	   const pr__csv_record *rec, long i, pr_error *err)
{
	size_t n;
	const char *s = fld(b, rec, i, &n);
	int32_t t;
	pr_error e;

	pr_error_clear(&e);
	if (pr_date_parse_time(out, &t, s, n, b->p->date_format, &e) != PR_OK)
		return at_field(b, rec, i, err, e.msg);
	if (secs != NULL)
		*secs = t;
	return PR_OK;
}

static int
amount_base(struct bank *b, const pr__csv_record *rec,
	    const pr_currency *cur, pr_error *err)
{
	const pr_profile *p = b->p;
	mpz_t *amt = &b->row.amount;
	size_t dn, cn;
	const char *ds, *cs;
	int has_d, has_c;
	int rc;

	if (b->col[C_AMOUNT] >= 0) {
		rc = money_field(b, *amt, rec, b->col[C_AMOUNT], cur, err);
		if (rc != PR_OK)
			return rc;
		if (b->col[C_DIRECTION] >= 0) {
			size_t n;
			const char *s = fld(b, rec, b->col[C_DIRECTION], &n);
			char q[64], msg[200];

			if (mpz_sgn(*amt) < 0)
				return at_field(b, rec, b->col[C_AMOUNT], err,
						"amount is negative, but the "
						"direction column gives the "
						"sign");
			if (strcmp(s, p->debit_marker) == 0) {
				mpz_neg(*amt, *amt);
			} else if (strcmp(s, p->credit_marker) != 0) {
				snprintf(msg, sizeof(msg), "direction '%s' is"
					 " neither '%s' (credit) nor '%s' "
					 "(debit)", pr__quote(q, sizeof(q), s,
							      n),
					 p->credit_marker, p->debit_marker);
				return at_field(b, rec, b->col[C_DIRECTION],
						err, msg);
			}
		}
		if (p->negate)
			mpz_neg(*amt, *amt);
		return PR_OK;
	}
	ds = fld(b, rec, b->col[C_DEBIT], &dn);
	cs = fld(b, rec, b->col[C_CREDIT], &cn);
	has_d = !is_blank(ds, dn);
	has_c = !is_blank(cs, cn);
	if (!has_d && !has_c)
		return at_field(b, rec, b->col[C_DEBIT], err, "neither debit "
				"nor credit has an amount");
	if (has_c) {
		rc = money_field(b, *amt, rec, b->col[C_CREDIT], cur, err);
		if (rc != PR_OK)
			return rc;
		if (mpz_sgn(*amt) < 0)
			return at_field(b, rec, b->col[C_CREDIT], err,
					"credit is negative");
	}
	if (!has_d)
		return PR_OK;
	rc = money_field(b, b->debit, rec, b->col[C_DEBIT], cur, err);
	if (rc != PR_OK)
		return rc;
	if (!p->signed_debits && mpz_sgn(b->debit) < 0)
		return at_field(b, rec, b->col[C_DEBIT], err, "debit is "
				"negative, but the profile declares positive "
				"debits (debits = signed?)");
	/* Some banks write 0.00 in the column not used: a zero there is
	 * as good as blank. */
	if (has_c && mpz_sgn(*amt) != 0 && mpz_sgn(b->debit) != 0)
		return at_field(b, rec, b->col[C_DEBIT], err, "both debit and "
				"credit have an amount");
	if (has_c && mpz_sgn(*amt) != 0)
		return PR_OK;
	if (p->signed_debits)
		mpz_set(*amt, b->debit);
	else
		mpz_neg(*amt, b->debit);
	return PR_OK;
}

/*
 * The row's signed amount, and its fee: with fees = signed the fee column
 * carries its own sign and is added (PayPal's Gross + Fee = Net); with
 * fees = positive it is money out and subtracted, and a negative fee is
 * refused. An empty fee cell is no fee.
 */
static int
amount_of(struct bank *b, const pr__csv_record *rec,
	  const pr_currency *cur, pr_error *err)
{
	size_t n;
	const char *s;
	int rc;

	rc = amount_base(b, rec, cur, err);
	if (rc != PR_OK || b->col[C_FEE] < 0)
		return rc;
	s = fld(b, rec, b->col[C_FEE], &n);
	if (is_blank(s, n))
		return PR_OK;
	rc = money_field(b, b->fee, rec, b->col[C_FEE], cur, err);
	if (rc != PR_OK)
		return rc;
	if (b->p->fees == PR_FEES_POSITIVE) {
		if (mpz_sgn(b->fee) < 0)
			return at_field(b, rec, b->col[C_FEE], err, "fee is "
					"negative, but the profile declares "
					"positive fees (fees = signed?)");
		mpz_sub(b->row.amount, b->row.amount, b->fee);
	} else {
		mpz_add(b->row.amount, b->row.amount, b->fee);
	}
	return PR_OK;
}

static const char *
text_of(const struct bank *b, const pr__csv_record *rec, long i)
{
	size_t n;

	return i >= 0 ? fld(b, rec, i, &n) : "";
}

static int
build_desc(struct bank *b, const pr__csv_record *rec, pr_error *err)
{
	size_t i, need = 1, at = 0;

	for (i = 0; i < b->p->n_desc; i++) {
		size_t n;

		(void)fld(b, rec, b->col[C_DESC0 + i], &n);
		need += n + 1;
	}
	if (need > b->desc_cap) {
		char *d = pr__realloc(b->desc, need);

		if (d == NULL)
			return pr__error_set(err, PR_ENOMEM, "out of memory");
		b->desc = d;
		b->desc_cap = need;
	}
	for (i = 0; i < b->p->n_desc; i++) {
		size_t n;
		const char *t = fld(b, rec, b->col[C_DESC0 + i], &n);

		if (n == 0)
			continue;
		if (at > 0)
			b->desc[at++] = ' ';
		memcpy(b->desc + at, t, n);
		at += n;
	}
	if (b->desc == NULL)
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	b->desc[at] = '\0';
	return PR_OK;
}

/* FNV-1a: trade keys are short ids or times, and the table is ours. */
static size_t
key_hash(const char *s)
{
	uint64_t h = 14695981039346656037u;

	while (*s != '\0') {
		h ^= (unsigned char)*s++;
		h *= 1099511628211u;
	}
	return (size_t)h;
}

/* The slot of key: its trade, or the free slot where it belongs. */
static struct trade *
trade_slot(struct trades *t, const char *key)
{
	size_t i = key_hash(key) & (t->cap - 1);

	while (t->slot[i].key != NULL && strcmp(t->slot[i].key, key) != 0)
		i = (i + 1) & (t->cap - 1);
	return &t->slot[i];
}

/* Keep the table at most half full, so that probes stay short. */
static int
trades_grow(struct trades *t)
{
	struct trades g;
	size_t i;

	if (t->cap != 0 && 2 * (t->n + 1) <= t->cap)
		return 0;
	g.cap = t->cap ? 2 * t->cap : 64;
	g.n = t->n;
	g.slot = pr__calloc(g.cap, sizeof(*g.slot));
	if (g.slot == NULL)
		return -1;
	for (i = 0; i < t->cap; i++)
		if (t->slot[i].key != NULL)
			*trade_slot(&g, t->slot[i].key) = t->slot[i];
	pr__free(t->slot);
	*t = g;
	return 0;
}

static void
trades_clear(struct trades *t)
{
	size_t i;

	for (i = 0; i < t->cap; i++)
		pr__free(t->slot[i].key);
	pr__free(t->slot);
}

/* A message at a place remembered from an earlier row. */
static int
at_place(struct bank *b, unsigned long line, unsigned long column,
	 pr_error *err, const char *msg)
{
	pr_loc loc;

	memset(&loc, 0, sizeof(loc));
	snprintf(loc.path, sizeof(loc.path), "%s", b->name);
	loc.line = line;
	loc.column = column;
	return pr__error_at(err, PR_EPARSE, &loc, "%s", msg);
}

/*
 * Add the row to its trade. A fee only joins the trade (it may be in a
 * third asset, BNB on Binance); a leg must be non-zero, in one of at most
 * two assets, with the sign of its asset, and the two assets must have
 * opposite signs. What can be told from one row is told at that row;
 * a trade still one-sided at the end of the file is told by finish_trades.
 */
static int
trade_leg(struct bank *b, const pr__csv_record *rec, const char *key,
	  long key_col, int is_fee, const pr_currency *cur, pr_error *err)
{
	struct trade *t;
	pr_loc loc;
	char q[64], msg[300];
	int sign = mpz_sgn(b->row.amount);
	int i;

	if (trades_grow(&b->trades) != 0)
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	t = trade_slot(&b->trades, key);
	if (t->key == NULL) {
		memset(t, 0, sizeof(*t));
		t->key = pr__strdup(key);
		if (t->key == NULL)
			return pr__error_set(err, PR_ENOMEM, "out of memory");
		pr__csv_field_loc(&loc, rec, (size_t)key_col);
		t->line = loc.line;
		t->column = loc.column;
		b->trades.n++;
	}
	if (is_fee)
		return PR_OK;
	pr__quote(q, sizeof(q), key, strlen(key));
	if (sign == 0)
		return at_field(b, rec, b->col[C_AMOUNT], err,
				"a trade leg must not be zero");
	if (t->n_cur == 0) {
		pr__csv_field_loc(&loc, rec, (size_t)b->col[C_AMOUNT]);
		t->leg_line = loc.line;
		t->leg_column = loc.column;
	}
	for (i = 0; i < t->n_cur; i++) {
		if (t->cur[i] != cur)
			continue;
		if (t->sign[i] == sign)
			return PR_OK;
		snprintf(msg, sizeof(msg), "trade '%s' both gives and "
			 "receives %s", q, cur->code);
		return at_field(b, rec, b->col[C_AMOUNT], err, msg);
	}
	if (t->n_cur == 2) {
		snprintf(msg, sizeof(msg), "trade '%s' has a third asset, %s, "
			 "besides %s and %s", q, cur->code, t->cur[0]->code,
			 t->cur[1]->code);
		return at_field(b, rec, b->col[C_AMOUNT], err, msg);
	}
	if (t->n_cur == 1 && t->sign[0] == sign) {
		snprintf(msg, sizeof(msg), "trade '%s' %s both %s and %s; a "
			 "trade gives one asset and receives another", q,
			 sign < 0 ? "gives" : "receives", t->cur[0]->code,
			 cur->code);
		return at_field(b, rec, b->col[C_AMOUNT], err, msg);
	}
	t->cur[t->n_cur] = cur;
	t->sign[t->n_cur] = sign;
	t->n_cur++;
	return PR_OK;
}

/*
 * After the last row: every trade must have both sides. The first
 * one-sided trade in the file is reported, so the message does not
 * depend on the order of the table.
 */
static int
finish_trades(struct bank *b, pr_error *err)
{
	const struct trade *worst = NULL;
	char q[64], msg[300];
	size_t i;

	for (i = 0; i < b->trades.cap; i++) {
		const struct trade *t = &b->trades.slot[i];

		if (t->key == NULL || t->n_cur == 2)
			continue;
		if (worst == NULL || t->line < worst->line ||
		    (t->line == worst->line && t->column < worst->column))
			worst = t;
	}
	if (worst == NULL)
		return PR_OK;
	pr__quote(q, sizeof(q), worst->key, strlen(worst->key));
	if (worst->n_cur == 0) {
		snprintf(msg, sizeof(msg), "trade '%s' has fees but no legs",
			 q);
		return at_place(b, worst->line, worst->column, err, msg);
	}
	snprintf(msg, sizeof(msg), "trade '%s' %s %s but %s nothing", q,
		 worst->sign[0] < 0 ? "gives" : "receives",
		 worst->cur[0]->code,
		 worst->sign[0] < 0 ? "receives" : "gives");
	return at_place(b, worst->leg_line, worst->leg_column, err, msg);
}

/* Copy n bytes of s into a growing buffer, ASCII letters lower-cased. */
static int
lower_copy(char **buf, size_t *cap, const char *s, size_t n)
{
	size_t i;

	if (n + 1 > *cap) {
		char *d = pr__realloc(*buf, n + 1);

		if (d == NULL)
			return -1;
		*buf = d;
		*cap = n + 1;
	}
	for (i = 0; i < n; i++) {
		char c = s[i];

		(*buf)[i] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
	}
	(*buf)[n] = '\0';
	return 0;
}

static const pr__opname *
find_op(const pr_profile *p, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < p->n_ops; i++)
		if (strlen(p->ops[i].name) == n &&
		    memcmp(p->ops[i].name, s, n) == 0)
			return &p->ops[i];
	return NULL;
}

/*
 * The exchange part of a row: what it is (by the profile's map of
 * operation names; a name it does not map is an error, not a guess), when
 * (UTC, to the second), the on-chain hash (lower case, as the chain
 * readers store it, so that the two meet), the address, and its trade.
 */
static int exchange_known(struct bank *b, const pr__csv_record *rec,
			  const pr__opname *o, const char *s, size_t n,
			  const pr_currency *cur, int32_t secs,
			  pr_error *err);

static int
exchange_row(struct bank *b, const pr__csv_record *rec,
	     const pr_currency *cur, int32_t secs, pr_error *err)
{
	const pr__opname *o;
	pr__opname fixed;
	const char *s;
	size_t n;
	char q[64], msg[300];

	/* operation = @deposit: every row is one; there is no column */
	fixed.name = NULL;
	fixed.op = (enum pr__op)(b->p->fixed_op - 1);
	fixed.line = b->p->operation.line;
	if (b->p->fixed_op != 0)
		return exchange_known(b, rec, &fixed, "", 0, cur, secs, err);
	s = fld(b, rec, b->col[C_OPERATION], &n);
	if (is_blank(s, n))
		return at_field(b, rec, b->col[C_OPERATION], err,
				"empty operation");
	o = find_op(b->p, s, n);
	if (o == NULL) {
		snprintf(msg, sizeof(msg), "unknown operation '%s': profile "
			 "%s does not map it (op_deposit, op_withdrawal, "
			 "op_trade, op_fee, op_other)",
			 pr__quote(q, sizeof(q), s, n), b->p->name);
		return at_field(b, rec, b->col[C_OPERATION], err, msg);
	}
	return exchange_known(b, rec, o, s, n, cur, secs, err);
}

/* The rest of an exchange row, once its operation o is known (s[0..n)
 * is the operation as the file writes it, for op_other). */
static int
exchange_known(struct bank *b, const pr__csv_record *rec,
	       const pr__opname *o, const char *s, size_t n,
	       const pr_currency *cur, int32_t secs, pr_error *err)
{
	static const char *const ops[] = { "deposit", "withdrawal", "trade",
					   "fee" };
	pr__bank_row *r = &b->row;
	int y, mo, d;

	if (o->op == PR_OP_OTHER) {
		if (lower_copy(&b->opname, &b->opname_cap, s, n) != 0)
			return pr__error_set(err, PR_ENOMEM, "out of memory");
		r->op = b->opname;
	} else {
		r->op = ops[o->op];
	}
	b->time[0] = '\0';
	if (b->p->has_time) {
		pr_date_to_ymd(r->date, &y, &mo, &d);
		snprintf(b->time, sizeof(b->time),
			 "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d,
			 (int)(secs / 3600), (int)(secs / 60 % 60),
			 (int)(secs % 60));
	}
	r->time = b->time;
	r->address = text_of(b, rec, b->col[C_ADDRESS]);
	s = text_of(b, rec, b->col[C_TX_HASH]);
	if (lower_copy(&b->hash, &b->hash_cap, s, strlen(s)) != 0)
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	r->tx_hash = b->hash;
	if (b->p->trade_by_time)
		r->trade = o->op == PR_OP_TRADE || o->op == PR_OP_FEE ?
			   b->time : "";
	else
		r->trade = text_of(b, rec, b->col[C_TRADE]);
	if (o->op != PR_OP_TRADE && o->op != PR_OP_FEE)
		return PR_OK;
	if (!b->p->trade_by_time && b->col[C_TRADE] < 0)
		return PR_OK;
	if (*r->trade == '\0' && o->op == PR_OP_TRADE)
		return at_field(b, rec, b->col[C_TRADE], err, "empty trade: "
				"a trade row must name its trade");
	if (*r->trade == '\0')
		return PR_OK;  /* a fee of no trade: a withdrawal's, say */
	return trade_leg(b, rec, r->trade, b->p->trade_by_time ?
			 b->col[C_DATE] : b->col[C_TRADE],
			 o->op == PR_OP_FEE, cur, err);
}

/* The asset's own account: first and last rows, dates, for its period. */
static int
track_acct(struct bank *b, const pr__bank_row *r, const pr_currency *cur,
	   pr_error *err)
{
	struct acct *a = NULL;
	size_t i;

	if (b->last_acct < b->n_accts &&
	    b->accts[b->last_acct].cur == cur &&
	    strcmp(b->accts[b->last_acct].ident, r->account) == 0)
		a = &b->accts[b->last_acct];
	for (i = 0; a == NULL && i < b->n_accts; i++)
		if (b->accts[i].cur == cur &&
		    strcmp(b->accts[i].ident, r->account) == 0) {
			a = &b->accts[i];
			b->last_acct = i;
		}
	if (a == NULL) {
		if (b->n_accts == b->accts_cap) {
			size_t cap = b->accts_cap ? 2 * b->accts_cap : 16;
			struct acct *v = pr__realloc(b->accts,
						     cap * sizeof(*v));

			if (v == NULL)
				return pr__error_set(err, PR_ENOMEM,
						     "out of memory");
			b->accts = v;
			b->accts_cap = cap;
		}
		a = &b->accts[b->n_accts];
		a->ident = pr__strdup(r->account);
		if (a->ident == NULL)
			return pr__error_set(err, PR_ENOMEM, "out of memory");
		a->cur = cur;
		edge_init(&a->first);
		edge_init(&a->last);
		edge_set(&a->first, r);
		a->min_date = a->max_date = r->date;
		b->last_acct = b->n_accts++;
	}
	if (r->date < a->min_date)
		a->min_date = r->date;
	if (r->date > a->max_date)
		a->max_date = r->date;
	edge_set(&a->last, r);
	return PR_OK;
}

static int emit_row(struct bank *b, const pr_currency *cur, pr_error *err);
static int legs_row(struct bank *b, const pr__csv_record *rec,
		    pr_error *err);

static int
data_row(struct bank *b, const pr__csv_record *rec, pr_error *err)
{
	const pr_currency *cur = b->fixed_cur;
	pr__bank_row *r = &b->row;
	int32_t secs = 0;
	size_t n;
	int rc;

	if (b->p->two_legs)
		return legs_row(b, rec, err);
	r->line = rec->line;
	r->record = ++b->records;
	if (b->col[C_CURRENCY] >= 0) {
		const char *s = fld(b, rec, b->col[C_CURRENCY], &n);
		char q[64], msg[120];

		if (is_blank(s, n))
			return at_field(b, rec, b->col[C_CURRENCY], err,
					"empty currency");
		/* an exchange names assets as it likes (usdt, USDT-TRC20):
		 * one code, from the built-in table or the case's */
		cur = b->p->exchange ? pr__assets_find(b->sink->assets, s, n)
		      : pr_currency_find(s);
		if (cur == NULL && b->p->exchange) {
			char m[400];

			return at_field(b, rec, b->col[C_CURRENCY], err,
					pr__assets_unknown(m, sizeof(m), s,
							   n));
		}
		if (cur == NULL) {
			snprintf(msg, sizeof(msg), "unknown currency '%s'",
				 pr__quote(q, sizeof(q), s, n));
			return at_field(b, rec, b->col[C_CURRENCY], err, msg);
		}
	}
	r->currency = cur->code;
	if (b->col[C_ACCOUNT] >= 0) {
		r->account = fld(b, rec, b->col[C_ACCOUNT], &n);
		if (is_blank(r->account, n))
			return at_field(b, rec, b->col[C_ACCOUNT], err,
					"empty account");
	} else {
		r->account = b->fixed_account;
	}
	rc = date_field(b, &r->date, &secs, rec, b->col[C_DATE], err);
	if (rc != PR_OK)
		return rc;
	r->has_value_date = 0;
	if (b->col[C_VALUE_DATE] >= 0) {
		const char *s = fld(b, rec, b->col[C_VALUE_DATE], &n);

		if (!is_blank(s, n)) {
			rc = date_field(b, &r->value_date, NULL, rec,
					b->col[C_VALUE_DATE], err);
			if (rc != PR_OK)
				return rc;
			r->has_value_date = 1;
		}
	}
	rc = amount_of(b, rec, cur, err);
	if (rc != PR_OK)
		return rc;
	r->has_balance = 0;
	if (b->col[C_BALANCE] >= 0) {
		const char *s = fld(b, rec, b->col[C_BALANCE], &n);

		if (!is_blank(s, n)) {
			rc = money_field(b, r->balance, rec,
					 b->col[C_BALANCE], cur, err);
			if (rc != PR_OK)
				return rc;
			if (b->p->balance_before)
				mpz_add(r->balance, r->balance, r->amount);
			r->has_balance = 1;
		}
	}
	rc = build_desc(b, rec, err);
	if (rc != PR_OK)
		return rc;
	r->description = b->desc;
	r->reference = text_of(b, rec, b->col[C_REFERENCE]);
	r->counterparty = text_of(b, rec, b->col[C_COUNTERPARTY]);
	if (b->col[C_CP_CREDIT] >= 0)
		r->counterparty = text_of(b, rec, mpz_sgn(r->amount) < 0 ?
					  b->col[C_CP_DEBIT] :
					  b->col[C_CP_CREDIT]);
	r->counter_account = text_of(b, rec, b->col[C_COUNTER_ACCOUNT]);
	if (b->p->exchange) {
		rc = exchange_row(b, rec, cur, secs, err);
		if (rc != PR_OK)
			return rc;
	}
	return emit_row(b, cur, err);
}

/* Keep the file's and the asset's books on row r, and send it. */
static int
emit_row(struct bank *b, const pr_currency *cur, pr_error *err)
{
	pr__bank_row *r = &b->row;
	int rc;

	if (!b->first.set) {
		b->min_date = b->max_date = r->date;
		b->one_account = pr__strdup(r->account);
		b->one_cur = cur;
		if (b->one_account == NULL)
			return pr__error_set(err, PR_ENOMEM, "out of memory");
		edge_set(&b->first, r);
	} else {
		if (r->date < b->min_date)
			b->min_date = r->date;
		if (r->date > b->max_date)
			b->max_date = r->date;
		if (cur != b->one_cur || strcmp(r->account, b->one_account))
			b->many_accounts = 1;
	}
	edge_set(&b->last, r);
	mpz_add(b->sum, b->sum, r->amount);
	if (b->p->exchange) {
		rc = track_acct(b, r, cur, err);
		if (rc != PR_OK)
			return rc;
	}
	return b->sink->row(r, b->sink->payload, err);
}

/*
 * One side of a two-leg row: its amount and asset columns, both filled
 * or both empty. A filled side is parsed in its asset's decimals and
 * must be more than zero (the column says the direction). *cur is NULL
 * for an empty side.
 */
static int
leg_side(struct bank *b, const pr__csv_record *rec, long ac, long sc,
	 const char *what, mpz_t out, const pr_currency **cur, pr_error *err)
{
	int zero_ok = strcmp(what, "fee") == 0; /* a fee of 0 is no fee */
	size_t an, sn;
	const char *a = fld(b, rec, ac, &an);
	const char *s = fld(b, rec, sc, &sn);
	char q[64], m[400];
	int rc;

	*cur = NULL;
	if (is_blank(a, an) && is_blank(s, sn))
		return PR_OK;
	if (is_blank(s, sn)) {
		snprintf(m, sizeof(m), "%s amount '%s' has no asset", what,
			 pr__quote(q, sizeof(q), a, an));
		return at_field(b, rec, sc, err, m);
	}
	if (is_blank(a, an)) {
		snprintf(m, sizeof(m), "%s asset '%s' has no amount", what,
			 pr__quote(q, sizeof(q), s, sn));
		return at_field(b, rec, ac, err, m);
	}
	*cur = pr__assets_find(b->sink->assets, s, sn);
	if (*cur == NULL)
		return at_field(b, rec, sc, err,
				pr__assets_unknown(m, sizeof(m), s, sn));
	rc = money_field(b, out, rec, ac, *cur, err);
	if (rc != PR_OK)
		return rc;
	if (mpz_sgn(out) == 0 && zero_ok) {
		*cur = NULL;
		return PR_OK;
	}
	if (mpz_sgn(out) <= 0) {
		snprintf(m, sizeof(m), "%s amount '%s' must be more than "
			 "zero", what, pr__quote(q, sizeof(q), a, an));
		return at_field(b, rec, ac, err, m);
	}
	return PR_OK;
}

/*
 * A row that holds both legs of a trade (sent_amount ...): a debit of
 * the sent asset, a credit of the received one and a fee debit in its
 * own asset, all with the row's line, time and trade (the trade column,
 * or "file:line"). A row with one side only is a withdrawal (sent) or a
 * deposit (received), its fee a fee of no trade. Every value is checked
 * before the first leg is sent.
 */
static int
legs_row(struct bank *b, const pr__csv_record *rec, pr_error *err)
{
	pr__bank_row *r = &b->row;
	const pr_currency *cur[3];
	int32_t secs = 0;
	size_t n;
	int rc, y, mo, d, i;
	const char *s;
	char m[300];

	r->line = rec->line;
	r->record = ++b->records;
	if (b->col[C_ACCOUNT] >= 0) {
		r->account = fld(b, rec, b->col[C_ACCOUNT], &n);
		if (is_blank(r->account, n))
			return at_field(b, rec, b->col[C_ACCOUNT], err,
					"empty account");
	} else {
		r->account = b->fixed_account;
	}
	rc = date_field(b, &r->date, &secs, rec, b->col[C_DATE], err);
	if (rc != PR_OK)
		return rc;
	if ((rc = leg_side(b, rec, b->col[C_SENT_AMT], b->col[C_SENT_ASSET],
			   "sent", b->leg[0], &cur[0], err)) != PR_OK ||
	    (rc = leg_side(b, rec, b->col[C_RECV_AMT], b->col[C_RECV_ASSET],
			   "received", b->leg[1], &cur[1], err)) != PR_OK)
		return rc;
	cur[2] = NULL;
	if (b->col[C_FEE] >= 0 &&
	    (rc = leg_side(b, rec, b->col[C_FEE], b->col[C_FEE_ASSET], "fee",
			   b->leg[2], &cur[2], err)) != PR_OK)
		return rc;
	if (cur[0] == NULL && cur[1] == NULL)
		return at_field(b, rec, b->col[C_SENT_AMT], err, "row has "
				"neither a sent nor a received amount");
	if (cur[0] != NULL && cur[0] == cur[1]) {
		snprintf(m, sizeof(m), "row both sends and receives %s; a "
			 "trade gives one asset and receives another",
			 cur[0]->code);
		return at_field(b, rec, b->col[C_RECV_ASSET], err, m);
	}
	r->has_value_date = 0;
	r->has_balance = 0;
	rc = build_desc(b, rec, err);
	if (rc != PR_OK)
		return rc;
	r->description = b->desc;
	r->reference = text_of(b, rec, b->col[C_REFERENCE]);
	r->counterparty = text_of(b, rec, b->col[C_COUNTERPARTY]);
	r->counter_account = text_of(b, rec, b->col[C_COUNTER_ACCOUNT]);
	b->time[0] = '\0';
	if (b->p->has_time) {
		pr_date_to_ymd(r->date, &y, &mo, &d);
		snprintf(b->time, sizeof(b->time),
			 "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d,
			 (int)(secs / 3600), (int)(secs / 60 % 60),
			 (int)(secs % 60));
	}
	r->time = b->time;
	r->address = text_of(b, rec, b->col[C_ADDRESS]);
	s = text_of(b, rec, b->col[C_TX_HASH]);
	if (lower_copy(&b->hash, &b->hash_cap, s, strlen(s)) != 0)
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	r->tx_hash = b->hash;
	r->trade = "";
	if (cur[0] != NULL && cur[1] != NULL) {
		if (b->col[C_TRADE] >= 0) {
			s = fld(b, rec, b->col[C_TRADE], &n);
			if (is_blank(s, n))
				return at_field(b, rec, b->col[C_TRADE], err,
						"empty trade: a trade row "
						"must name its trade");
			r->trade = s;
		} else {
			/* the file's name (not its path, which depends on
			 * where the import ran) and the row's line */
			n = strlen(b->name) + 24;
			if (n > b->tradeid_cap) {
				char *t = pr__realloc(b->tradeid, n);

				if (t == NULL)
					return pr__error_set(err, PR_ENOMEM,
							     "out of memory");
				b->tradeid = t;
				b->tradeid_cap = n;
			}
			s = strrchr(b->name, '/');
			snprintf(b->tradeid, n, "%s:%lu", s ? s + 1 : b->name,
				 rec->line);
			r->trade = b->tradeid;
		}
	}
	for (i = 0; i < 3; i++) {
		if (cur[i] == NULL)
			continue;
		r->currency = cur[i]->code;
		if (i == 1)
			mpz_set(r->amount, b->leg[i]);
		else
			mpz_neg(r->amount, b->leg[i]);
		r->op = i == 2 ? "fee" : *r->trade ? "trade" :
			i == 0 ? "withdrawal" : "deposit";
		rc = emit_row(b, cur[i], err);
		if (rc != PR_OK)
			return rc;
	}
	return PR_OK;
}

/*
 * A data record must have the header's number of fields. With ragged =
 * yes a shorter one reads its missing trailing fields as empty, and a
 * longer one is accepted only when every extra field is blank: text
 * there would belong to no column, and is refused rather than dropped.
 */
static int
check_width(struct bank *b, const pr__csv_record *rec, pr_error *err)
{
	size_t i;
	char q[64], msg[200];

	if (!b->p->ragged || rec->n <= b->nfields)
		return b->p->ragged ? PR_OK :
		       pr__csv_width(rec, b->nfields, err);
	for (i = b->nfields; i < rec->n; i++) {
		if (is_blank(rec->field[i], rec->len[i]))
			continue;
		snprintf(msg, sizeof(msg), "field %lu ('%s') is beyond the "
			 "header's %lu columns; ragged = yes accepts only "
			 "empty extra fields", (unsigned long)i + 1,
			 pr__quote(q, sizeof(q), rec->field[i], rec->len[i]),
			 b->nfields);
		return at_field(b, rec, (long)i, err, msg);
	}
	return PR_OK;
}

/* Does a skip_if rule match the row? Counts the hit if so. */
static int
skipped_row(struct bank *b, const pr__csv_record *rec)
{
	size_t i, k, n;

	for (i = 0; i < b->p->n_skip; i++) {
		const pr__skiprule *r = &b->p->skip[i];
		const char *s = fld(b, rec, b->col[C_SKIP0 + i], &n);

		for (k = 0; k < r->n_val; k++) {
			if (strlen(r->val[k]) != n ||
			    memcmp(r->val[k], s, n) != 0)
				continue;
			b->skip_hits[i][k]++;
			b->skipped++;
			return 1;
		}
	}
	return 0;
}

/* Does the record's text start the footer (footer_starts)? */
static int
footer_starts(const struct bank *b, const pr__csv_record *rec)
{
	const char *f = b->p->footer_starts;
	size_t n = f ? strlen(f) : 0;

	return f != NULL && rec->raw_len >= n && memcmp(rec->raw, f, n) == 0;
}

static int
on_record(const pr__csv_record *rec, void *payload, pr_error *err)
{
	struct bank *b = payload;
	int rc;

	if (!b->have_header) {
		b->have_header = 1;
		if (b->p->account_cell.line) {
			if (b->account_cell.text == NULL)
				return pr__error_set(err, PR_EPARSE, "%s:%lu: "
						     "the profile expects the "
						     "account on line %lu, in "
						     "the preamble", b->name,
						     rec->line,
						     b->p->account_cell.line);
			b->fixed_account = b->account_cell.text;
		}
		rc = resolve(b, rec, err);
		b->after_header = b->p->skip_after_header;
		if (rc != PR_OK || b->p->header)
			return rc;
	}
	if (b->after_header > 0) {
		b->after_header--;
		return PR_OK;
	}
	if (footer_starts(b, rec))
		return PR__CSV_STOP;
	rc = check_width(b, rec, err);
	if (rc != PR_OK)
		return rc;
	if (skipped_row(b, rec))
		return PR_OK;
	return data_row(b, rec, err);
}

struct cellpick {
	unsigned long want;
	const pr__csv_record *line;
	struct cell *out;
	int found;
};

static int
pick_field(const pr__csv_record *rec, void *payload, pr_error *err)
{
	struct cellpick *c = payload;
	pr__csv_record r = *rec;
	pr_loc loc;

	if (c->found || rec->n < c->want)
		return PR_OK;
	c->found = 1;
	c->out->text = pr__strdup(rec->field[c->want - 1]);
	if (c->out->text == NULL)
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	r.raw = c->line->raw;
	r.raw_len = c->line->raw_len;
	r.line = c->line->line;
	r.path = c->line->path;
	pr__csv_field_loc(&loc, &r, c->want - 1);
	c->out->line = loc.line;
	c->out->column = loc.column;
	return PR_OK;
}

static int
grab_cell(struct bank *b, const pr__csv_record *line,
	  const pr__cellref *ref, struct cell *out, pr_error *err)
{
	struct cellpick c = { ref->field, line, out, 0 };
	pr_loc loc;
	int rc;

	if (ref->line != line->line)
		return PR_OK;
	rc = pr__csv_split(line->raw, line->raw_len, b->p->delim,
			   b->p->encoding, pick_field, &c, err);
	if (rc != PR_OK)
		return rc;
	if (!c.found) {
		memset(&loc, 0, sizeof(loc));
		snprintf(loc.path, sizeof(loc.path), "%s", line->path);
		loc.line = line->line;
		loc.column = 1;
		return pr__error_at(err, PR_EPARSE, &loc, "profile %s expects"
				    " a value in field %lu of this line",
				    b->p->name, ref->field);
	}
	return PR_OK;
}

static int
on_preamble(const pr__csv_record *line, void *payload, pr_error *err)
{
	struct bank *b = payload;
	int rc;

	rc = grab_cell(b, line, &b->p->account_cell, &b->account_cell, err);
	if (rc == PR_OK)
		rc = grab_cell(b, line, &b->p->opening_cell, &b->opening_cell,
			       err);
	if (rc == PR_OK)
		rc = grab_cell(b, line, &b->p->closing_cell, &b->closing_cell,
			       err);
	if (rc == PR_OK)
		rc = grab_cell(b, line, &b->p->period_cell, &b->period_cell,
			       err);
	if (rc == PR_OK)
		rc = grab_cell(b, line, &b->p->currency_cell,
			       &b->currency_cell, err);
	if (rc == PR_OK)
		rc = grab_cell(b, line, &b->p->period_start_cell,
			       &b->period_start_cell, err);
	if (rc == PR_OK)
		rc = grab_cell(b, line, &b->p->period_end_cell,
			       &b->period_end_cell, err);
	return rc;
}

static int
cell_error(const char *name, const struct cell *c, const char *msg,
	   pr_error *err)
{
	pr_loc loc;

	memset(&loc, 0, sizeof(loc));
	snprintf(loc.path, sizeof(loc.path), "%s", name);
	loc.line = c->line;
	loc.column = c->column;
	return pr__error_at(err, PR_EPARSE, &loc, "%s", msg);
}

static int
cell_money(struct bank *b, mpz_t out, const struct cell *c,
	   const pr_currency *cur, pr_error *err)
{
	pr_error e;

	pr_error_clear(&e);
	if (parse_amount(b, out, c->text, strlen(c->text), cur, &e) != PR_OK)
		return cell_error(b->name, c, e.msg, err);
	return PR_OK;
}

/* One date of a period, in a cell of its own (period_start_cell). */
static int
cell_date(struct bank *b, pr_date *out, const struct cell *c, pr_error *err)
{
	pr_error e;

	pr_error_clear(&e);
	if (pr_date_parse(out, c->text, strlen(c->text), b->p->date_format,
			  &e) != PR_OK)
		return cell_error(b->name, c, e.msg, err);
	return PR_OK;
}

/*
 * "28.12.2017 - 28.12.2018", or the same after a label in the cell
 * itself: "Zeitraum: 01.01.2024 - 31.01.2024" (everything up to the first
 * ": " is the label). Or the two dates in cells of their own.
 */
static int
cell_period(struct bank *b, pr_date *start, pr_date *end, pr_error *err)
{
	const struct cell *c = &b->period_cell;
	const char *text;
	const char *dash;
	const char *label;
	pr_error e;
	int rc;

	if (c->text == NULL) {
		rc = cell_date(b, start, &b->period_start_cell, err);
		if (rc == PR_OK)
			rc = cell_date(b, end, &b->period_end_cell, err);
		if (rc == PR_OK && *end < *start)
			rc = cell_error(b->name, &b->period_end_cell, "period "
					"ends before it starts", err);
		return rc;
	}
	text = c->text;
	label = strstr(text, ": ");
	if (label != NULL)
		text = label + 2;
	dash = strstr(text, " - ");
	pr_error_clear(&e);
	if (dash == NULL)
		return cell_error(b->name, c, "period is not 'DATE - DATE'",
				  err);
	if (pr_date_parse(start, text, (size_t)(dash - text),
			  b->p->date_format, &e) != PR_OK ||
	    pr_date_parse(end, dash + 3, strlen(dash + 3), b->p->date_format,
			  &e) != PR_OK)
		return cell_error(b->name, c, e.msg, err);
	if (*end < *start)
		return cell_error(b->name, c, "period ends before it starts",
				  err);
	return PR_OK;
}

/*
 * An exchange history holds many assets, each an account with its own
 * running balance: each proves its own period, from its first to its
 * last row, when its oldest and newest rows have a balance, just as a
 * one-account bank file does.
 */
static int
asset_statements(struct bank *b, pr__read_info *info, pr_error *err)
{
	pr__statement_row s;
	size_t i;
	int rc = PR_OK;

	mpz_init(s.opening);
	mpz_init(s.closing);
	for (i = 0; i < b->n_accts && rc == PR_OK; i++) {
		const struct acct *a = &b->accts[i];
		const struct edge *old = b->p->descending ? &a->last :
					 &a->first;
		const struct edge *new = b->p->descending ? &a->first :
					 &a->last;

		if (!old->has_balance || !new->has_balance)
			continue;
		s.account = a->ident;
		s.currency = a->cur->code;
		s.source = "running balance";
		s.start = a->min_date;
		s.end = a->max_date;
		s.line = new->line;
		mpz_set(s.closing, new->balance);
		mpz_sub(s.opening, old->balance, old->amount);
		rc = b->sink->statement(&s, b->sink->payload, err);
		info->statements++;
	}
	mpz_clear(s.opening);
	mpz_clear(s.closing);
	return rc;
}

/*
 * The account and currency of the statement the file proves. With rows,
 * those of its rows (one of each, or there is no file statement); with
 * none, what the profile fixes or the preamble says. A file without rows
 * whose profile reads the account or the currency from a column cannot
 * say whose balance or in what currency its closing cell is: that is an
 * error at the cell, not a guess. A currency_cell that disagrees with
 * the rows is an error too.
 */
static int
statement_whose(struct bank *b, const char **account,
		const pr_currency **cur, pr_error *err)
{
	const struct cell *at = &b->closing_cell;
	char q[64], msg[160];

	if (at->text == NULL)
		at = b->opening_cell.text ? &b->opening_cell : &b->period_cell;
	*account = b->records ? b->one_account : b->fixed_account;
	if (*account == NULL)
		*account = b->account_cell.text;
	*cur = b->records ? b->one_cur : b->fixed_cur;
	if (b->currency_cell.text) {
		const char *t = b->currency_cell.text;
		const pr_currency *c = pr_currency_find(t);

		if (c == NULL) {
			snprintf(msg, sizeof(msg), "unknown currency '%s'",
				 pr__quote(q, sizeof(q), t, strlen(t)));
			return cell_error(b->name, &b->currency_cell, msg,
					  err);
		}
		if (*cur != NULL && *cur != c) {
			snprintf(msg, sizeof(msg), "the statement is in %s "
				 "but its rows are in %s", c->code,
				 (*cur)->code);
			return cell_error(b->name, &b->currency_cell, msg,
					  err);
		}
		*cur = c;
	}
	if (*account == NULL)
		return cell_error(b->name, at, "no transactions, and the "
				  "profile reads the account from a column: "
				  "whose balance this is is unknown", err);
	if (*cur == NULL)
		return cell_error(b->name, at, "no transactions, and the "
				  "profile reads the currency from a column: "
				  "the balance's currency is unknown (the "
				  "profile needs currency_cell)", err);
	return PR_OK;
}

/* The statement the file itself proves: from its cells, or from its
 * running balance when it has one. */
static int
file_statement(struct bank *b, pr__read_info *info, pr_error *err)
{
	const struct edge *old = b->p->descending ? &b->last : &b->first;
	const struct edge *new = b->p->descending ? &b->first : &b->last;
	int period = b->period_cell.text || (b->period_start_cell.text &&
					     b->period_end_cell.text);
	int cells = b->opening_cell.text || b->closing_cell.text || period;
	int derived = 0;
	const pr_currency *cur;
	pr__statement_row s;
	int rc = PR_OK;

	if (b->p->exchange && !cells)
		return asset_statements(b, info, err);
	if (b->many_accounts || (!cells && (!old->set || !old->has_balance ||
					    !new->has_balance)))
		return PR_OK;
	if (b->records == 0 && b->closing_cell.text == NULL)
		return PR_OK;
	rc = statement_whose(b, &s.account, &cur, err);
	if (rc != PR_OK)
		return rc;
	mpz_init(s.opening);
	mpz_init(s.closing);
	s.currency = cur->code;
	s.source = cells ? "file" : "running balance";
	s.start = b->min_date;
	s.end = b->max_date;
	s.line = new->set ? new->line : b->closing_cell.line;
	if (period)
		rc = cell_period(b, &s.start, &s.end, err);
	if (rc == PR_OK && b->closing_cell.text) {
		rc = cell_money(b, s.closing, &b->closing_cell, cur, err);
		s.line = b->closing_cell.line;
	} else if (rc == PR_OK && new->set && new->has_balance) {
		mpz_set(s.closing, new->balance);
	} else if (rc == PR_OK) {
		rc = pr__error_set(err, PR_EPARSE, "%s: no closing balance: "
				   "the profile gives no closing_cell and the"
				   " last row has no balance", b->name);
	}
	if (rc == PR_OK && b->opening_cell.text) {
		rc = cell_money(b, s.opening, &b->opening_cell, cur, err);
	} else if (rc == PR_OK && old->set && old->has_balance) {
		mpz_sub(s.opening, old->balance, old->amount);
	} else if (rc == PR_OK && b->records == 0) {
		mpz_set(s.opening, s.closing);
	} else if (rc == PR_OK && b->closing_cell.text &&
		   b->col[C_BALANCE] < 0) {
		/* no balance column: the rows are all there is between
		 * the two balances, so opening = closing - the rows. The
		 * period then balances by construction; its source says
		 * so. */
		mpz_sub(s.opening, s.closing, b->sum);
		derived = 1;
	} else if (rc == PR_OK) {
		rc = pr__error_set(err, PR_EPARSE, "%s: no opening balance: "
				   "the profile gives no opening_cell and the"
				   " first row has no balance", b->name);
	}
	if (derived)
		s.source = "file, opening derived";
	if (rc == PR_OK && b->records == 0 && !period)
		rc = cell_error(b->name, &b->closing_cell, "no transactions "
				"and no period_cell: the statement's period "
				"is unknown", err);
	if (rc == PR_OK) {
		rc = b->sink->statement(&s, b->sink->payload, err);
		info->statements++;
	}
	mpz_clear(s.opening);
	mpz_clear(s.closing);
	return rc;
}

/*
 * What the skip_if rules skipped, for the import summary: "Status:
 * Pending, Cancelled" (the values that matched, in the profile's order;
 * rules separated by "; "). Cut short with "..." if it does not fit.
 */
static void
skip_summary(const struct bank *b, char *out, size_t size)
{
	size_t i, k, at = 0;

	out[0] = '\0';
	for (i = 0; i < b->p->n_skip; i++) {
		const pr__skiprule *r = &b->p->skip[i];
		int first = 1;

		for (k = 0; k < r->n_val; k++) {
			int w;

			if (b->skip_hits[i][k] == 0)
				continue;
			if (first)
				w = snprintf(out + at, size - at, "%s%s: %s",
					     at ? "; " : "", r->text,
					     r->val[k]);
			else
				w = snprintf(out + at, size - at, ", %s",
					     r->val[k]);
			first = 0;
			if (w < 0 || (size_t)w >= size - at) {
				if (size >= 4)
					memcpy(out + size - 4, "...", 4);
				return;
			}
			at += (size_t)w;
		}
	}
}

int
pr__bankcsv_read(const char *path, const char *name, const pr_profile *p,
		 const pr_import_options *o, const pr__import_sink *sink,
		 pr__read_info *info, pr_error *err)
{
	pr__csv_options co;
	struct bank b;
	size_t i;
	int rc;

	memset(&b, 0, sizeof(b));
	memset(&co, 0, sizeof(co));
	b.p = p;
	b.o = o;
	b.sink = sink;
	b.name = name;
	b.ref[C_DATE] = &p->date;
	b.ref[C_VALUE_DATE] = &p->value_date;
	b.ref[C_AMOUNT] = &p->amount;
	b.ref[C_DEBIT] = &p->debit;
	b.ref[C_CREDIT] = &p->credit;
	b.ref[C_DIRECTION] = &p->direction;
	b.ref[C_BALANCE] = &p->balance;
	b.ref[C_REFERENCE] = &p->reference;
	b.ref[C_COUNTERPARTY] = &p->counterparty;
	b.ref[C_COUNTER_ACCOUNT] = &p->counter_account;
	b.ref[C_ACCOUNT] = &p->account;
	b.ref[C_CURRENCY] = &p->currency_col;
	b.ref[C_OPERATION] = &p->operation;
	b.ref[C_TX_HASH] = &p->tx_hash;
	b.ref[C_ADDRESS] = &p->address;
	b.ref[C_TRADE] = &p->trade;
	for (i = 0; i < p->n_desc; i++)
		b.ref[C_DESC0 + i] = &p->desc[i];
	b.ref[C_FEE] = &p->fee;
	b.ref[C_CP_CREDIT] = &p->cp_credit;
	b.ref[C_CP_DEBIT] = &p->cp_debit;
	b.ref[C_SENT_AMT] = &p->sent_amount;
	b.ref[C_SENT_ASSET] = &p->sent_asset;
	b.ref[C_RECV_AMT] = &p->recv_amount;
	b.ref[C_RECV_ASSET] = &p->recv_asset;
	b.ref[C_FEE_ASSET] = &p->fee_asset;
	for (i = 0; i < 3; i++)
		mpz_init(b.leg[i]);
	for (i = 0; i < p->n_skip; i++)
		b.ref[C_SKIP0 + i] = &p->skip[i].col;
	mpz_init(b.sum);
	mpz_init(b.fee);
	mpz_init(b.row.amount);
	mpz_init(b.row.balance);
	mpz_init(b.limit);
	mpz_init(b.debit);
	mpz_ui_pow_ui(b.limit, 10, 15);
	edge_init(&b.first);
	edge_init(&b.last);

	rc = PR_OK;
	if (p->two_legs) {
		/* every leg names its asset */
	} else if (p->currency_col.name == NULL && p->currency_col.pos == 0) {
		const char *code = o->currency ? o->currency : p->currency;

		if (o->currency != NULL && p->currency != NULL &&
		    strcmp(o->currency, p->currency) != 0)
			rc = pr__error_set(err, PR_EINVALID, "profile %s fixes "
					   "the currency at %s: drop "
					   "--currency", p->name,
					   p->currency);
		else if (code == NULL)
			rc = pr__error_set(err, PR_EINVALID, "profile %s gives"
					   " no currency: pass --currency",
					   p->name);
		else if ((b.fixed_cur = pr_currency_find(code)) == NULL)
			rc = pr__error_set(err, PR_ECURRENCY, "unknown "
					   "currency '%s'", code);
	} else if (o->currency != NULL) {
		rc = pr__error_set(err, PR_EINVALID, "profile %s reads the "
				   "currency from the file: drop --currency",
				   p->name);
	}
	if (rc == PR_OK && (p->account.name || p->account.pos ||
			    p->account_cell.line)) {
		if (o->account != NULL)
			rc = pr__error_set(err, PR_EINVALID, "profile %s reads"
					   " the account from the file: drop "
					   "--account", p->name);
	} else if (rc == PR_OK) {
		if (o->account == NULL || *o->account == '\0')
			rc = pr__error_set(err, PR_EINVALID, "profile %s gives"
					   " no account: pass --account",
					   p->name);
		b.fixed_account = o->account;
	}
	if (rc == PR_OK) {
		co.delim = p->delim;
		co.quote = p->quote;
		co.encoding = p->encoding;
		co.preamble = p->preamble;
		co.on_preamble = on_preamble;
		co.footer = p->footer_lines;
		co.progress = o->progress;
		co.progress_payload = o->payload;
		rc = pr__csv_read(path, name, &co, on_record, &b, info->sha256,
				  &info->size, err);
	}
	if (rc == PR_OK && p->account_cell.line &&
	    b.account_cell.text == NULL)
		rc = pr__error_set(err, PR_EPARSE, "%s: the file ends before "
				   "line %lu, where the profile expects the "
				   "account", name, p->account_cell.line);
	/* A header and no rows is an export of a quiet period, or of
	 * rows the profile skips: 0 transactions, not an error. Without
	 * even a header the file is not the export the profile reads. */
	if (rc == PR_OK && b.records == 0 && b.closing_cell.text == NULL &&
	    !(b.have_header && p->header))
		rc = pr__error_set(err, PR_EPARSE, "%s: no transactions",
				   name);
	if (rc == PR_OK)
		rc = finish_trades(&b, err);
	if (rc == PR_OK) {
		info->records = b.records;
		info->skipped = b.skipped;
		skip_summary(&b, info->skipped_by, sizeof(info->skipped_by));
		info->descending = p->descending;
		rc = file_statement(&b, info, err);
	}
	mpz_clear(b.sum);
	mpz_clear(b.fee);
	pr__free(b.period_start_cell.text);
	pr__free(b.period_end_cell.text);
	mpz_clear(b.row.amount);
	mpz_clear(b.row.balance);
	mpz_clear(b.limit);
	mpz_clear(b.debit);
	for (i = 0; i < 3; i++)
		mpz_clear(b.leg[i]);
	pr__free(b.tradeid);
	edge_clear(&b.first);
	edge_clear(&b.last);
	pr__free(b.desc);
	pr__free(b.one_account);
	pr__free(b.account_cell.text);
	pr__free(b.opening_cell.text);
	pr__free(b.closing_cell.text);
	pr__free(b.period_cell.text);
	pr__free(b.currency_cell.text);
	pr__free(b.hash);
	pr__free(b.opname);
	trades_clear(&b.trades);
	for (i = 0; i < b.n_accts; i++) {
		pr__free(b.accts[i].ident);
		edge_clear(&b.accts[i].first);
		edge_clear(&b.accts[i].last);
	}
	pr__free(b.accts);
	return rc;
}
