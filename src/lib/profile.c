/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Bank CSV profiles: small "key = value" text files that map one bank's
 * export onto our records, so that a new bank needs a profile, not code.
 * The format is documented in docs/profiles.md.
 */
#include "config.h"
#include "common.h"
#include "profile.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define MAX_PROFILE (64 * 1024)

void
pr_profile_free(pr_profile *p)
{
	size_t i;

	if (p == NULL)
		return;
	pr__free(p->path);
	pr__free(p->name);
	pr__free(p->date_format);
	pr__free(p->currency);
	pr__free(p->credit_marker);
	pr__free(p->debit_marker);
	pr__free(p->date.name);
	pr__free(p->value_date.name);
	pr__free(p->amount.name);
	pr__free(p->debit.name);
	pr__free(p->credit.name);
	pr__free(p->direction.name);
	pr__free(p->balance.name);
	pr__free(p->reference.name);
	pr__free(p->counterparty.name);
	pr__free(p->counter_account.name);
	pr__free(p->account.name);
	pr__free(p->currency_col.name);
	for (i = 0; i < p->n_desc; i++)
		pr__free(p->desc[i].name);
	pr__free(p->operation.name);
	pr__free(p->tx_hash.name);
	pr__free(p->address.name);
	pr__free(p->trade.name);
	for (i = 0; i < p->n_ops; i++)
		pr__free(p->ops[i].name);
	for (i = 0; i < p->n_skip; i++) {
		size_t k;

		pr__free(p->skip[i].col.name);
		pr__free(p->skip[i].text);
		for (k = 0; k < p->skip[i].n_val; k++)
			pr__free(p->skip[i].val[k]);
	}
	pr__free(p->footer_starts);
	pr__free(p->fee.name);
	pr__free(p->sent_amount.name);
	pr__free(p->sent_asset.name);
	pr__free(p->recv_amount.name);
	pr__free(p->recv_asset.name);
	pr__free(p->fee_asset.name);
	pr__free(p->cp_credit.name);
	pr__free(p->cp_debit.name);
	pr__free(p);
}

const char *
pr_profile_name(const pr_profile *p)
{
	return p->name;
}

const char *
pr_profile_sha256(const pr_profile *p)
{
	return p->sha256;
}

const char *
pr_profile_dir(void)
{
	return PR_PROFILE_DIR;
}

struct pline {
	const char *path;
	unsigned long line;
	const char *key;
	size_t klen;
	const char *val;
	size_t vlen;
	unsigned long vcol;
	pr_error *err;
};

static int
bad(struct pline *l, const char *fmt, const char *arg)
{
	pr_loc loc;

	memset(&loc, 0, sizeof(loc));
	snprintf(loc.path, sizeof(loc.path), "%s", l->path);
	loc.line = l->line;
	loc.column = l->vcol;
	return pr__error_at(l->err, PR_EPARSE, &loc, fmt, arg);
}

static int
key_is(const struct pline *l, const char *k)
{
	return strlen(k) == l->klen && memcmp(l->key, k, l->klen) == 0;
}

static int
val_is(const struct pline *l, const char *v)
{
	return strlen(v) == l->vlen && memcmp(l->val, v, l->vlen) == 0;
}

static int
set_str(char **dst, struct pline *l)
{
	pr__free(*dst);
	*dst = pr__strndup(l->val, l->vlen);
	if (*dst == NULL)
		return pr__error_set(l->err, PR_ENOMEM, "out of memory");
	return PR_OK;
}

static int
set_bool(int *dst, struct pline *l)
{
	if (val_is(l, "yes") || val_is(l, "true")) {
		*dst = 1;
		return PR_OK;
	}
	if (val_is(l, "no") || val_is(l, "false")) {
		*dst = 0;
		return PR_OK;
	}
	return bad(l, "expected yes or no%s", "");
}

static int
set_col(pr__colref *c, struct pline *l)
{
	long v;

	pr__free(c->name);
	c->name = NULL;
	c->pos = 0;
	c->line = l->line;
	if (l->vlen > 1 && l->val[0] == '#') {
		if (pr__parse_long(&v, l->val + 1, l->vlen - 1, 1, 1024))
			return bad(l, "column position must be #1 to #1024%s",
				   "");
		c->pos = (unsigned long)v;
		return PR_OK;
	}
	return set_str(&c->name, l);
}

static int
set_cell(pr__cellref *c, struct pline *l)
{
	const char *comma = memchr(l->val, ',', l->vlen);
	long ln, f;

	if (comma == NULL ||
	    pr__parse_long(&ln, l->val, (size_t)(comma - l->val), 1, 1000) ||
	    pr__parse_long(&f, comma + 1, l->vlen - (size_t)(comma - l->val)
			   - 1, 1, 1024))
		return bad(l, "expected LINE,FIELD (e.g. 9,2)%s", "");
	c->line = (unsigned long)ln;
	c->field = (unsigned long)f;
	return PR_OK;
}

static int
set_sep(char *dst, struct pline *l, int allow_none)
{
	if (l->vlen == 1 && (l->val[0] == '.' || l->val[0] == ',' ||
			     (allow_none && l->val[0] == '\''))) {
		*dst = l->val[0];
		return PR_OK;
	}
	if (allow_none && val_is(l, "none")) {
		*dst = 0;
		return PR_OK;
	}
	if (allow_none && val_is(l, "space")) {
		*dst = ' ';
		return PR_OK;
	}
	return bad(l, allow_none ? "expected . , ' space or none%s" :
		   "expected . or ,%s", "");
}

static const char *const op_names[] = {
	"deposit", "withdrawal", "trade", "fee", "other"
};

/*
 * op_deposit = Deposit, op_trade = Buy, Sell, ...: the names the file
 * writes in its operation column, separated by commas, each matched
 * exactly (case and all) so that no operation is read as another by
 * accident. A name may be mapped once only: "Fee" as both fee and other
 * would make the row's meaning depend on the order of the keys.
 */
static int
add_ops(pr_profile *p, struct pline *l, enum pr__op op)
{
	const char *s = l->val;
	const char *end = l->val + l->vlen;
	unsigned long col0 = l->vcol;

	while (s <= end) {
		const char *c = memchr(s, ',', (size_t)(end - s));
		const char *e = c ? c : end;
		const char *a = s;
		char q[64];
		size_t i;

		while (a < e && (*a == ' ' || *a == '\t'))
			a++;
		while (e > a && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		l->vcol = col0 + (unsigned long)(a - l->val);
		if (a == e)
			return bad(l, "empty operation name in the list%s", "");
		pr__quote(q, sizeof(q), a, (size_t)(e - a));
		for (i = 0; i < p->n_ops; i++) {
			char msg[200];

			if (strlen(p->ops[i].name) != (size_t)(e - a) ||
			    memcmp(p->ops[i].name, a, (size_t)(e - a)) != 0)
				continue;
			snprintf(msg, sizeof(msg), "operation '%s' is already"
				 " mapped to %s (line %lu)", q,
				 op_names[p->ops[i].op], p->ops[i].line);
			return bad(l, "%s", msg);
		}
		if (p->n_ops == PR_PROFILE_MAX_OPS)
			return bad(l, "at most 256 operation names%s", "");
		p->ops[p->n_ops].name = pr__strndup(a, (size_t)(e - a));
		if (p->ops[p->n_ops].name == NULL)
			return pr__error_set(l->err, PR_ENOMEM,
					     "out of memory");
		p->ops[p->n_ops].op = op;
		p->ops[p->n_ops].line = l->line;
		p->n_ops++;
		if (c == NULL)
			break;
		s = c + 1;
	}
	p->exchange = 1;
	return PR_OK;
}

/* The keys only exchange histories have; each makes the profile one. */
static int
apply_exchange(pr_profile *p, struct pline *l)
{
	size_t i;

	for (i = 0; i < sizeof(op_names) / sizeof(op_names[0]); i++) {
		char k[32];

		snprintf(k, sizeof(k), "op_%s", op_names[i]);
		if (key_is(l, k))
			return add_ops(p, l, (enum pr__op)i);
	}
	if (!key_is(l, "operation") && !key_is(l, "tx_hash") &&
	    !key_is(l, "address") && !key_is(l, "trade"))
		return PR_ENOTFOUND;
	p->exchange = 1;
	if (key_is(l, "operation") && l->vlen > 0 && l->val[0] == '@') {
		/* a deposits-only or withdrawals-only history has no
		 * operation column: the profile says what every row is */
		pr__free(p->operation.name);
		p->operation.name = NULL;
		p->operation.pos = 0;
		p->operation.line = l->line;
		if (val_is(l, "@deposit"))
			p->fixed_op = 1 + PR_OP_DEPOSIT;
		else if (val_is(l, "@withdrawal"))
			p->fixed_op = 1 + PR_OP_WITHDRAWAL;
		else
			return bad(l, "expected a column, @deposit or "
				   "@withdrawal%s", "");
		return PR_OK;
	}
	if (key_is(l, "operation")) {
		p->fixed_op = 0;
		return set_col(&p->operation, l);
	}
	if (key_is(l, "tx_hash"))
		return set_col(&p->tx_hash, l);
	if (key_is(l, "address"))
		return set_col(&p->address, l);
	if (key_is(l, "trade")) {
		/* '@' starts no header we know of; a column really named
		 * "@time" can still be named by position */
		p->trade_by_time = val_is(l, "@time");
		if (p->trade_by_time) {
			pr__free(p->trade.name);
			p->trade.name = NULL;
			p->trade.pos = 0;
			p->trade.line = l->line;
			return PR_OK;
		}
		if (l->vlen > 0 && l->val[0] == '@')
			return bad(l, "expected a column or @time%s", "");
		return set_col(&p->trade, l);
	}
	return PR_ENOTFOUND;
}

/*
 * skip_if = Status: Pending, Cancelled. The column (a header name or #N)
 * ends at the first ": "; the values after it are separated by commas,
 * spaces around each dropped, each matched exactly against the whole
 * cell. Several skip_if lines make several rules; a row is skipped when
 * any rule matches.
 */
static int
add_skip(pr_profile *p, struct pline *l)
{
	const char *end = l->val + l->vlen;
	const char *sep = NULL;
	const char *s;
	unsigned long col0 = l->vcol;
	pr__skiprule *r;
	struct pline cl;
	size_t i;
	int rc;

	for (i = 0; i + 1 < l->vlen; i++)
		if (l->val[i] == ':' && (l->val[i + 1] == ' ' ||
					 l->val[i + 1] == '\t')) {
			sep = l->val + i;
			break;
		}
	if (sep == NULL || sep == l->val)
		return bad(l, "expected COLUMN: VALUE, VALUE... (e.g. "
			   "Status: Pending, Cancelled)%s", "");
	if (p->n_skip == PR_PROFILE_MAX_SKIP)
		return bad(l, "at most 16 skip_if rules%s", "");
	r = &p->skip[p->n_skip];
	memset(r, 0, sizeof(*r));
	p->n_skip++;
	cl = *l;
	cl.vlen = (size_t)(sep - l->val);
	while (cl.vlen > 0 && (cl.val[cl.vlen - 1] == ' ' ||
			       cl.val[cl.vlen - 1] == '\t'))
		cl.vlen--;
	rc = set_col(&r->col, &cl);
	if (rc == PR_OK)
		rc = set_str(&r->text, &cl);
	if (rc != PR_OK)
		return rc;
	s = sep + 1;
	while (s <= end) {
		const char *c = memchr(s, ',', (size_t)(end - s));
		const char *e = c ? c : end;
		const char *a = s;

		while (a < e && (*a == ' ' || *a == '\t'))
			a++;
		while (e > a && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		l->vcol = col0 + (unsigned long)(a - l->val);
		if (a == e)
			return bad(l, "empty value in the skip_if list%s", "");
		if (r->n_val == PR_PROFILE_MAX_SKIPVAL)
			return bad(l, "at most 32 values in one skip_if%s", "");
		r->val[r->n_val] = pr__strndup(a, (size_t)(e - a));
		if (r->val[r->n_val] == NULL)
			return pr__error_set(l->err, PR_ENOMEM,
					     "out of memory");
		r->n_val++;
		if (c == NULL)
			break;
		s = c + 1;
	}
	return PR_OK;
}

static int
set_lines(unsigned long *dst, struct pline *l)
{
	long v;

	if (pr__parse_long(&v, l->val, l->vlen, 0, 1000))
		return bad(l, "expected a number of lines 0 to 1000%s", "");
	*dst = (unsigned long)v;
	return PR_OK;
}

/* The keys for the structure of real exports; PR_ENOTFOUND for others. */
static int
apply_structure(pr_profile *p, struct pline *l)
{
	long v;

	if (key_is(l, "skip_if"))
		return add_skip(p, l);
	if (key_is(l, "skip_after_header"))
		return set_lines(&p->skip_after_header, l);
	if (key_is(l, "footer_lines"))
		return set_lines(&p->footer_lines, l);
	if (key_is(l, "footer_starts"))
		return set_str(&p->footer_starts, l);
	if (key_is(l, "ragged"))
		return set_bool(&p->ragged, l);
	if (key_is(l, "strip_apostrophe"))
		return set_bool(&p->strip_apostrophe, l);
	if (key_is(l, "scale")) {
		if (pr__parse_long(&v, l->val, l->vlen, 0, 18))
			return bad(l, "expected a number of decimals 0 to "
				   "18%s", "");
		p->scale = (int)v;
		return PR_OK;
	}
	if (key_is(l, "fee"))
		return set_col(&p->fee, l);
	{
		static const char *const keys[5] = { "sent_amount",
			"sent_asset", "received_amount", "received_asset",
			"fee_asset" };
		pr__colref *cols[5] = { &p->sent_amount, &p->sent_asset,
			&p->recv_amount, &p->recv_asset, &p->fee_asset };
		int k;

		for (k = 0; k < 5; k++)
			if (key_is(l, keys[k])) {
				p->exchange = 1;
				p->two_legs = 1;
				return set_col(cols[k], l);
			}
	}
	if (key_is(l, "fees")) {
		if (val_is(l, "signed"))
			p->fees = PR_FEES_SIGNED;
		else if (val_is(l, "positive"))
			p->fees = PR_FEES_POSITIVE;
		else
			return bad(l, "expected signed or positive%s", "");
		return PR_OK;
	}
	if (key_is(l, "counterparty_credit"))
		return set_col(&p->cp_credit, l);
	if (key_is(l, "counterparty_debit"))
		return set_col(&p->cp_debit, l);
	if (key_is(l, "period_start_cell"))
		return set_cell(&p->period_start_cell, l);
	if (key_is(l, "period_end_cell"))
		return set_cell(&p->period_end_cell, l);
	return PR_ENOTFOUND;
}

static int
apply(pr_profile *p, struct pline *l)
{
	int rc;

	long v;

	if (key_is(l, "name"))
		return set_str(&p->name, l);
	if (key_is(l, "delimiter")) {
		if (val_is(l, "tab"))
			p->delim = '\t';
		else if (l->vlen == 1 && (l->val[0] == ',' ||
					  l->val[0] == ';' ||
					  l->val[0] == '|'))
			p->delim = (unsigned char)l->val[0];
		else
			return bad(l, "expected , ; | or tab%s", "");
		return PR_OK;
	}
	if (key_is(l, "quote")) {
		if (l->vlen != 1 || (l->val[0] != '"' && l->val[0] != '\''))
			return bad(l, "expected \" or '%s", "");
		p->quote = (unsigned char)l->val[0];
		return PR_OK;
	}
	if (key_is(l, "encoding")) {
		if (val_is(l, "utf-8"))
			p->encoding = PR_ENC_UTF8;
		else if (val_is(l, "latin-1"))
			p->encoding = PR_ENC_LATIN1;
		else if (val_is(l, "windows-1252"))
			p->encoding = PR_ENC_CP1252;
		else
			return bad(l, "expected utf-8, latin-1 or "
				   "windows-1252%s", "");
		return PR_OK;
	}
	if (key_is(l, "preamble")) {
		if (pr__parse_long(&v, l->val, l->vlen, 0, 1000))
			return bad(l, "expected a number of lines 0 to 1000%s",
				   "");
		p->preamble = (unsigned long)v;
		return PR_OK;
	}
	if (key_is(l, "header"))
		return set_bool(&p->header, l);
	if (key_is(l, "order")) {
		if (val_is(l, "ascending"))
			p->descending = 0;
		else if (val_is(l, "descending"))
			p->descending = 1;
		else
			return bad(l, "expected ascending or descending%s",
				   "");
		return PR_OK;
	}
	if (key_is(l, "date_format")) {
		char *f = pr__strndup(l->val, l->vlen);
		pr_error e;
		int rc;

		if (f == NULL)
			return pr__error_set(l->err, PR_ENOMEM,
					     "out of memory");
		pr_error_clear(&e);
		rc = pr_date_layout_check(f, &e);
		pr__free(p->date_format);
		p->date_format = f;
		/* keep the checker's reason: no year, a repeated day...;
		 * a problem with the time lists the time tokens */
		if (rc != PR_OK && (strstr(e.msg, " hour") ||
				    strstr(e.msg, " minute") ||
				    strstr(e.msg, " second") ||
				    strstr(e.msg, " AM/PM")))
			return bad(l, "date %s (time tokens: hh h mm ss AM)",
				   e.msg);
		if (rc != PR_OK)
			return bad(l, "date %s (tokens: YYYY YY Mon MM M DD D)",
				   e.msg);
		p->has_time = pr_date_layout_has_time(f);
		return PR_OK;
	}
	if (key_is(l, "decimal"))
		return set_sep(&p->style.decimal, l, 0);
	if (key_is(l, "thousands"))
		return set_sep(&p->style.thousands, l, 1);
	if (key_is(l, "extra_decimals")) {
		if (val_is(l, "reject"))
			p->style.excess = PR_EXCESS_REJECT;
		else if (val_is(l, "zeros"))
			p->style.excess = PR_EXCESS_ZEROS;
		else
			return bad(l, "expected reject or zeros%s", "");
		return PR_OK;
	}
	if (key_is(l, "negate"))
		return set_bool(&p->negate, l);
	if (key_is(l, "debits")) {
		if (val_is(l, "positive"))
			p->signed_debits = 0;
		else if (val_is(l, "signed"))
			p->signed_debits = 1;
		else
			return bad(l, "expected positive or signed%s", "");
		return PR_OK;
	}
	if (key_is(l, "balance_is")) {
		if (val_is(l, "after"))
			p->balance_before = 0;
		else if (val_is(l, "before"))
			p->balance_before = 1;
		else
			return bad(l, "expected after or before%s", "");
		return PR_OK;
	}
	if (key_is(l, "currency")) {
		char code[16];

		if (l->vlen >= sizeof(code))
			return bad(l, "unknown currency%s", "");
		memcpy(code, l->val, l->vlen);
		code[l->vlen] = '\0';
		if (pr_currency_find(code) == NULL)
			return bad(l, "unknown currency '%s'", code);
		return set_str(&p->currency, l);
	}
	if (key_is(l, "credit_marker"))
		return set_str(&p->credit_marker, l);
	if (key_is(l, "debit_marker"))
		return set_str(&p->debit_marker, l);
	if (key_is(l, "date"))
		return set_col(&p->date, l);
	if (key_is(l, "value_date"))
		return set_col(&p->value_date, l);
	if (key_is(l, "amount"))
		return set_col(&p->amount, l);
	if (key_is(l, "debit"))
		return set_col(&p->debit, l);
	if (key_is(l, "credit"))
		return set_col(&p->credit, l);
	if (key_is(l, "direction"))
		return set_col(&p->direction, l);
	if (key_is(l, "balance"))
		return set_col(&p->balance, l);
	if (key_is(l, "reference"))
		return set_col(&p->reference, l);
	if (key_is(l, "counterparty"))
		return set_col(&p->counterparty, l);
	if (key_is(l, "counter_account"))
		return set_col(&p->counter_account, l);
	if (key_is(l, "account_column"))
		return set_col(&p->account, l);
	if (key_is(l, "currency_column"))
		return set_col(&p->currency_col, l);
	if (key_is(l, "description")) {
		if (p->n_desc == PR_PROFILE_MAX_DESC)
			return bad(l, "at most 8 description columns%s", "");
		return set_col(&p->desc[p->n_desc++], l);
	}
	if (key_is(l, "account_cell"))
		return set_cell(&p->account_cell, l);
	if (key_is(l, "opening_cell"))
		return set_cell(&p->opening_cell, l);
	if (key_is(l, "closing_cell"))
		return set_cell(&p->closing_cell, l);
	if (key_is(l, "period_cell"))
		return set_cell(&p->period_cell, l);
	if (key_is(l, "currency_cell"))
		return set_cell(&p->currency_cell, l);
	rc = apply_structure(p, l);
	if (rc != PR_ENOTFOUND)
		return rc;
	rc = (l->klen > 3 && memcmp(l->key, "op_", 3) == 0) ||
	     key_is(l, "operation") || key_is(l, "tx_hash") ||
	     key_is(l, "address") || key_is(l, "trade") ?
	     apply_exchange(p, l) : PR_ENOTFOUND;
	if (rc != PR_ENOTFOUND)
		return rc;
	{
		char k[64];

		snprintf(k, sizeof(k), "%.*s", (int)(l->klen < 60 ? l->klen :
						     60), l->key);
		l->vcol = 1;
		return bad(l, "unknown key '%s'", k);
	}
}

/*
 * An exchange row is worth little without knowing what it is, so an
 * exchange profile names its operation column and maps at least one
 * operation; pairing the legs of a trade by their time needs the time.
 */
static int
validate_legs(pr_profile *p, pr_loc *loc, pr_error *err)
{
	const pr__colref *c[4] = { &p->sent_amount, &p->sent_asset,
		&p->recv_amount, &p->recv_asset };
	int i;

	for (i = 0; i < 4; i++)
		if (c[i]->name == NULL && c[i]->pos == 0)
			return pr__error_at(err, PR_EPARSE, loc, "two-leg "
					    "rows need sent_amount, sent_asset,"
					    " received_amount and "
					    "received_asset");
	if ((p->fee_asset.name || p->fee_asset.pos) !=
	    (p->fee.name || p->fee.pos) || (p->fee_asset.name ||
	    p->fee_asset.pos) != (p->fees == PR_FEES_POSITIVE))
		return pr__error_at(err, PR_EPARSE, loc, "fee_asset goes "
				    "with fee and fees = positive");
	if (p->amount.name || p->amount.pos || p->debit.name ||
	    p->debit.pos || p->currency_col.name || p->currency_col.pos ||
	    p->balance.name || p->balance.pos)
		return pr__error_at(err, PR_EPARSE, loc, "two-leg rows take "
				    "their amounts and assets from sent_* "
				    "and received_*: drop amount, debit, "
				    "credit, currency_column and balance");
	if (p->operation.name || p->operation.pos || p->fixed_op ||
	    p->n_ops || p->trade_by_time)
		return pr__error_at(err, PR_EPARSE, loc, "two-leg rows "
				    "derive their operation (trade, deposit,"
				    " withdrawal, fee): drop operation, the "
				    "op_ keys and trade = @time");
	if (!p->header && (p->sent_amount.name || p->sent_asset.name ||
			   p->recv_amount.name || p->recv_asset.name ||
			   p->fee_asset.name || p->tx_hash.name ||
			   p->address.name || p->trade.name))
		return pr__error_at(err, PR_EPARSE, loc, "profile without a "
				    "header must name columns by position "
				    "(#N)");
	return PR_OK;
}

static int
validate_exchange(pr_profile *p, pr_loc *loc, pr_error *err)
{
	if (p->two_legs)
		return validate_legs(p, loc, err);
	if (p->fixed_op != 0 && p->n_ops > 0)
		return pr__error_at(err, PR_EPARSE, loc, "operation = %s "
				    "makes every row a %s: the op_ keys have "
				    "no column to read", p->fixed_op == 1 +
				    PR_OP_DEPOSIT ? "@deposit" : "@withdrawal",
				    p->fixed_op == 1 + PR_OP_DEPOSIT ?
				    "deposit" : "withdrawal");
	if (p->fixed_op == 0) {
		if (p->operation.name == NULL && p->operation.pos == 0)
			return pr__error_at(err, PR_EPARSE, loc, "exchange "
					    "profile names no operation "
					    "column");
		if (p->n_ops == 0)
			return pr__error_at(err, PR_EPARSE, loc, "exchange "
					    "profile maps no operation "
					    "(op_deposit, op_withdrawal, "
					    "op_trade, op_fee, op_other)");
	}
	if (p->trade_by_time && !p->has_time)
		return pr__error_at(err, PR_EPARSE, loc, "trade = @time needs"
				    " a date_format with a time (hh:mm:ss)");
	if (!p->header && (p->operation.name || p->tx_hash.name ||
			   p->address.name || p->trade.name))
		return pr__error_at(err, PR_EPARSE, loc, "profile without a "
				    "header must name columns by position "
				    "(#N)");
	return PR_OK;
}

/* The whole-profile checks of the structure keys. */
static int
validate_structure(pr_profile *p, pr_loc *loc, pr_error *err)
{
	size_t i;
	int has_fee = p->fee.name || p->fee.pos;
	int cpc = p->cp_credit.name || p->cp_credit.pos;
	int cpd = p->cp_debit.name || p->cp_debit.pos;

	if (has_fee && p->fees == 0)
		return pr__error_at(err, PR_EPARSE, loc, "fee needs fees = "
				    "signed (the fee carries its sign) or "
				    "fees = positive (the fee is money out)");
	if (!has_fee && p->fees != 0)
		return pr__error_at(err, PR_EPARSE, loc, "fees needs a fee "
				    "column");
	if (cpc != cpd)
		return pr__error_at(err, PR_EPARSE, loc, "counterparty_credit"
				    " and counterparty_debit go together");
	if (cpc && (p->counterparty.name || p->counterparty.pos))
		return pr__error_at(err, PR_EPARSE, loc, "counterparty and "
				    "counterparty_credit/counterparty_debit "
				    "exclude each other");
	if ((p->period_start_cell.line != 0) !=
	    (p->period_end_cell.line != 0))
		return pr__error_at(err, PR_EPARSE, loc, "period_start_cell "
				    "and period_end_cell go together");
	if (p->period_start_cell.line && p->period_cell.line)
		return pr__error_at(err, PR_EPARSE, loc, "period_cell and "
				    "period_start_cell/period_end_cell "
				    "exclude each other");
	if (p->footer_lines && p->footer_starts)
		return pr__error_at(err, PR_EPARSE, loc, "footer_lines and "
				    "footer_starts exclude each other");
	if (!p->header) {
		if (p->skip_after_header)
			return pr__error_at(err, PR_EPARSE, loc,
					    "skip_after_header needs a header"
					    " (header = yes); count the lines "
					    "in preamble");
		for (i = 0; i < p->n_skip; i++)
			if (p->skip[i].col.name)
				break;
		if (i < p->n_skip || p->fee.name || p->cp_credit.name ||
		    p->cp_debit.name)
			return pr__error_at(err, PR_EPARSE, loc, "profile "
					    "without a header must name "
					    "columns by position (#N)");
	}
	return PR_OK;
}

/* The checks that need the whole profile. */
static int
validate(pr_profile *p, pr_error *err)
{
	pr_loc loc;
	int modes;
	int rc;

	memset(&loc, 0, sizeof(loc));
	snprintf(loc.path, sizeof(loc.path), "%s", p->path);
	if (p->name == NULL)
		return pr__error_at(err, PR_EPARSE, &loc,
				    "profile has no name");
	if (p->date.name == NULL && p->date.pos == 0)
		return pr__error_at(err, PR_EPARSE, &loc,
				    "profile names no date column");
	if (p->date_format == NULL)
		return pr__error_at(err, PR_EPARSE, &loc,
				    "profile has no date_format");
	modes = (p->amount.name || p->amount.pos) +
		((p->debit.name || p->debit.pos) &&
		 (p->credit.name || p->credit.pos));
	if (!p->two_legs && (modes != 1 || ((p->debit.name || p->debit.pos) !=
			   (p->credit.name || p->credit.pos))))
		return pr__error_at(err, PR_EPARSE, &loc, "profile needs "
				    "either amount or both debit and credit");
	if ((p->direction.name || p->direction.pos) &&
	    (p->credit_marker == NULL || p->debit_marker == NULL ||
	     !(p->amount.name || p->amount.pos)))
		return pr__error_at(err, PR_EPARSE, &loc, "direction needs "
				    "amount, credit_marker and debit_marker");
	if (!p->header && (p->date.name || p->amount.name || p->debit.name ||
			   p->balance.name || p->account.name))
		return pr__error_at(err, PR_EPARSE, &loc, "profile without a "
				    "header must name columns by position "
				    "(#N)");
	{
		const pr__cellref *cells[7] = { &p->account_cell,
			&p->opening_cell, &p->closing_cell, &p->period_cell,
			&p->currency_cell, &p->period_start_cell,
			&p->period_end_cell };
		static const char *const names[7] = { "account_cell",
			"opening_cell", "closing_cell", "period_cell",
			"currency_cell", "period_start_cell",
			"period_end_cell" };
		int i;

		/* cells are read from the preamble only */
		for (i = 0; i < 7; i++)
			if (cells[i]->line > p->preamble)
				return pr__error_at(err, PR_EPARSE, &loc,
						    "%s is on line %lu, outside"
						    " the %lu preamble lines",
						    names[i], cells[i]->line,
						    p->preamble);
	}
	if (p->negate && !(p->amount.name || p->amount.pos))
		return pr__error_at(err, PR_EPARSE, &loc, "negate applies to "
				    "an amount column, not to debit and "
				    "credit");
	if (p->style.decimal == p->style.thousands)
		return pr__error_at(err, PR_EPARSE, &loc, "decimal and "
				    "thousands separators are the same");
	rc = validate_structure(p, &loc, err);
	if (rc != PR_OK)
		return rc;
	return p->exchange ? validate_exchange(p, &loc, err) : PR_OK;
}

int
pr_profile_parse(pr_profile **out, const char *path, const char *text,
		 size_t len, pr_error *err)
{
	pr_profile *p;
	pr_sha256 *h = NULL;
	struct pline l;
	size_t i = 0;
	int rc = PR_OK;

	*out = NULL;
	p = pr__calloc(1, sizeof(*p));
	if (p == NULL)
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	p->path = pr__strdup(path);
	p->delim = ',';
	p->quote = '"';
	p->header = 1;
	p->style.decimal = '.';
	p->style.thousands = ',';
	p->scale = -1;
	if (p->path == NULL) {
		rc = pr__error_set(err, PR_ENOMEM, "out of memory");
		goto done;
	}
	memset(&l, 0, sizeof(l));
	l.path = path;
	l.err = err;
	while (i < len && rc == PR_OK) {
		size_t eol = i;
		size_t a, b, eq;

		while (eol < len && text[eol] != '\n')
			eol++;
		l.line++;
		a = i;
		b = eol;
		if (memchr(text + a, '\0', b - a) != NULL) {
			l.vcol = (unsigned long)((const char *)memchr(
				text + a, '\0', b - a) - (text + a)) + 1;
			rc = bad(&l, "NUL byte: this is not a text file%s", "");
			break;
		}
		if (b > a && text[b - 1] == '\r')
			b--;
		i = eol + 1;
		while (a < b && (text[a] == ' ' || text[a] == '\t'))
			a++;
		if (a == b || text[a] == '#')
			continue;
		for (eq = a; eq < b && text[eq] != '='; eq++)
			;
		if (eq == b) {
			l.vcol = 1;
			rc = bad(&l, "expected key = value%s", "");
			break;
		}
		l.key = text + a;
		l.klen = eq - a;
		while (l.klen > 0 && (l.key[l.klen - 1] == ' ' ||
				      l.key[l.klen - 1] == '\t'))
			l.klen--;
		eq++;
		while (eq < b && (text[eq] == ' ' || text[eq] == '\t'))
			eq++;
		l.val = text + eq;
		l.vlen = b - eq;
		while (l.vlen > 0 && (l.val[l.vlen - 1] == ' ' ||
				      l.val[l.vlen - 1] == '\t'))
			l.vlen--;
		/* column of the value within its line */
		{
			size_t bol = eq;

			while (bol > 0 && text[bol - 1] != '\n')
				bol--;
			l.vcol = (unsigned long)(eq - bol) + 1;
		}
		if (l.vlen == 0) {
			rc = bad(&l, "empty value%s", "");
			break;
		}
		rc = apply(p, &l);
	}
	if (rc == PR_OK)
		rc = validate(p, err);
	if (rc == PR_OK)
		rc = pr_sha256_new(&h, err);
	if (rc == PR_OK) {
		pr_sha256_update(h, text, len);
		pr_sha256_final_hex(h, p->sha256);
	}
done:
	pr_sha256_free(h);
	if (rc != PR_OK) {
		pr_profile_free(p);
		return rc;
	}
	*out = p;
	return PR_OK;
}

static int
load_file(pr_profile **out, const char *path, pr_error *err)
{
	char *buf = NULL;
	size_t n;
	FILE *fp;
	int rc;

	fp = fopen(path, "rb");
	if (fp == NULL)
		return pr__error_sys(err, errno == ENOENT ? PR_ENOTFOUND :
				     PR_EIO, errno, path, NULL);
	buf = pr__malloc(MAX_PROFILE + 1);
	if (buf == NULL) {
		fclose(fp);
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	}
	n = fread(buf, 1, MAX_PROFILE + 1, fp);
	if (ferror(fp))
		rc = pr__error_sys(err, PR_EIO, errno, path, "read");
	else if (n > MAX_PROFILE)
		rc = pr__error_set(err, PR_EPARSE, "%s: profile larger than "
				   "64 KiB", path);
	else
		rc = pr_profile_parse(out, path, buf, n, err);
	pr__free(buf);
	fclose(fp);
	return rc;
}

int
pr_profile_load(pr_profile **out, const char *name_or_path,
		const char *search_path, pr_error *err)
{
	return pr_profile_load_from(out, name_or_path, search_path, NULL,
				    err);
}

int
pr_profile_load_from(pr_profile **out, const char *name_or_path,
		     const char *search_path, const char *profile_dir,
		     pr_error *err)
{
	char path[1024];
	const char *dir;
	size_t nlen;
	int rc;

	if (out == NULL || name_or_path == NULL || *name_or_path == '\0')
		return pr__error_set(err, PR_EINVALID, "no profile given");
	*out = NULL;
	nlen = strlen(name_or_path);
	if (strchr(name_or_path, '/') != NULL ||
	    (nlen > 8 && strcmp(name_or_path + nlen - 8, ".profile") == 0))
		return load_file(out, name_or_path, err);
	dir = search_path ? search_path : "";
	for (;;) {
		const char *colon = strchr(dir, ':');
		size_t dlen = colon ? (size_t)(colon - dir) : strlen(dir);

		if (dlen > 0) {
			snprintf(path, sizeof(path), "%.*s/%s.profile",
				 (int)dlen, dir, name_or_path);
			rc = load_file(out, path, err);
			if (rc != PR_ENOTFOUND)
				return rc;
		}
		if (colon == NULL)
			break;
		dir = colon + 1;
	}
	if (profile_dir == NULL)
		profile_dir = PR_PROFILE_DIR;
	snprintf(path, sizeof(path), "%s/%s.profile", profile_dir,
		 name_or_path);
	rc = load_file(out, path, err);
	if (rc == PR_ENOTFOUND && search_path && *search_path)
		pr__error_set(err, PR_ENOTFOUND, "no profile named '%s' (looked"
			      " in $PROCEEDS_PROFILE_PATH=%s, %s)",
			      name_or_path, search_path, profile_dir);
	else if (rc == PR_ENOTFOUND)
		pr__error_set(err, PR_ENOTFOUND, "no profile named '%s' (looked"
			      " in %s)", name_or_path, profile_dir);
	return rc;
}
