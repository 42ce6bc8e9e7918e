/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Explorer transaction JSON (Esplora, mempool.space): one transaction
 * object or an array of them, values in satoshi. Each transaction must
 * balance exactly: inputs = outputs + fee.
 */
#include "config.h"
#include "common.h"
#include "import.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#define MAX_FILE (64UL * 1024 * 1024)
#define MAX_MOVES 100000

/* Where a transaction object starts in the file, for messages. */
struct pos {
	unsigned long line;
	unsigned long column;
};

int
pr__explorer_probe(const char *head, size_t len)
{
	size_t i = 0;
	int vin = 0, vout = 0;

	while (i < len && (head[i] == ' ' || head[i] == '\t' ||
			   head[i] == '\r' || head[i] == '\n'))
		i++;
	if (i == len || (head[i] != '{' && head[i] != '['))
		return 0;
	for (; i + 6 <= len; i++) {
		if (memcmp(head + i, "\"vin\"", 5) == 0)
			vin = 1;
		if (memcmp(head + i, "\"vout\"", 6) == 0)
			vout = 1;
	}
	return vin && vout;
}

/*
 * Find where each transaction object starts: the top-level object, or
 * each object directly inside the top-level array. jansson keeps no
 * positions, so scan the (already valid) JSON text for them.
 */
static void
positions(struct pos *pos, size_t n, const char *buf, size_t len)
{
	unsigned long line = 1, column = 0;
	size_t i, k = 0;
	int depth = 0, in_str = 0, esc = 0, array = 0;

	for (i = 0; i < len && k < n; i++) {
		char c = buf[i];

		column++;
		if (c == '\n') {
			line++;
			column = 0;
			continue;
		}
		if (in_str) {
			if (esc)
				esc = 0;
			else if (c == '\\')
				esc = 1;
			else if (c == '"')
				in_str = 0;
			continue;
		}
		if (c == '"') {
			in_str = 1;
		} else if (c == '{' || c == '[') {
			if (depth == 0 && c == '[')
				array = 1;
			if (c == '{' && depth == (array ? 1 : 0)) {
				pos[k].line = line;
				pos[k].column = column;
				k++;
			}
			depth++;
		} else if (c == '}' || c == ']') {
			depth--;
		}
	}
	for (; k < n; k++) {
		pos[k].line = 1;
		pos[k].column = 1;
	}
}

struct tx {
	const char *name;
	struct pos at;
	unsigned long record;
};

static int
bad(const struct tx *t, pr_error *err, const char *fmt, const char *what)
{
	pr_loc loc;
	char msg[200];

	memset(&loc, 0, sizeof(loc));
	snprintf(loc.path, sizeof(loc.path), "%s", t->name);
	loc.line = t->at.line;
	loc.column = t->at.column;
	loc.record = t->record;
	snprintf(msg, sizeof(msg), fmt, what);
	return pr__error_at(err, PR_EPARSE, &loc, "%s", msg);
}

/* A JSON integer >= 0 (never a real: values are whole satoshi). */
static int
whole(json_int_t *out, const struct tx *t, json_t *v, const char *what,
      pr_error *err)
{
	if (v == NULL)
		return bad(t, err, "no %s", what);
	if (!json_is_integer(v))
		return bad(t, err, "%s is not a whole number", what);
	*out = json_integer_value(v);
	if (*out < 0)
		return bad(t, err, "%s is negative", what);
	return PR_OK;
}

static int
hex64(const char *s)
{
	size_t i;

	if (s == NULL || strlen(s) != 64)
		return 0;
	for (i = 0; i < 64; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return 0;
	}
	return 1;
}

/* v (>= 0) into z, whatever the width of unsigned long. */
static void
set_sat(mpz_t z, json_int_t v)
{
	mpz_set_ui(z, (unsigned long)((unsigned long long)v >> 32));
	mpz_mul_2exp(z, z, 32);
	mpz_add_ui(z, z, (unsigned long)(v & 0xffffffffLL));
}

/* Seconds since the epoch to UTC text and day, exactly. */
static void
utc(char *buf, size_t size, pr_date *day, long long t)
{
	long long secs = t % 86400;
	int y, m, d;

	*day = (pr_date)(t / 86400);
	pr_date_to_ymd(*day, &y, &m, &d);
	snprintf(buf, size, "%04d-%02d-%02dT%02lld:%02lld:%02lldZ", y, m, d,
		 secs / 3600, secs / 60 % 60, secs % 60);
}

/* One move from a vin (prevout) or vout entry. */
static int
move(pr__chain_move *m, const struct tx *t, json_t *o, const char *side,
     size_t i, int *coinbase, pr_error *err)
{
	json_t *src, *a;
	json_int_t v;
	char what[64];
	int rc;

	m->side = side;
	m->asset = "BTC";
	m->prev_hash = "";
	m->prev_index = -1;
	snprintf(what, sizeof(what), "%s[%lu]", side[0] == 'i' ? "vin" :
		 "vout", (unsigned long)i);
	if (!json_is_object(o))
		return bad(t, err, "%s is not an object", what);
	src = o;
	if (side[0] == 'i') {
		if (json_is_true(json_object_get(o, "is_coinbase"))) {
			*coinbase = 1;
			m->address = "coinbase";
			mpz_set_ui(m->value, 0);
			return PR_OK;
		}
		m->prev_hash = json_string_value(json_object_get(o, "txid"));
		if (!hex64(m->prev_hash))
			return bad(t, err, "%s.txid is not 64 lower-case hex "
				   "digits", what);
		rc = whole(&v, t, json_object_get(o, "vout"), what, err);
		if (rc != PR_OK)
			return rc;
		if (v > 0xffffffffLL)
			return bad(t, err, "%s.vout is beyond 2^32-1", what);
		m->prev_index = (long)v;
		src = json_object_get(o, "prevout");
		if (!json_is_object(src))
			return bad(t, err, "%s has no prevout (the output it "
				   "spends, with its value)", what);
		snprintf(what + strlen(what), sizeof(what) - strlen(what),
			 ".prevout");
	}
	a = json_object_get(src, "scriptpubkey_address");
	m->address = json_is_string(a) ? json_string_value(a) : "";
	snprintf(what + strlen(what), sizeof(what) - strlen(what), ".value");
	rc = whole(&v, t, json_object_get(src, "value"), what, err);
	if (rc != PR_OK)
		return rc;
	set_sat(m->value, v);
	return PR_OK;
}

/* Check one transaction object and send it to the sink. */
static int
one(const struct tx *t, json_t *o, const pr__import_sink *sink,
    pr_error *err)
{
	pr__chain_row r;
	pr__chain_move *mv = NULL;
	json_t *vin, *vout, *st;
	json_int_t v;
	size_t n_in, n_out, i, n_init = 0;
	char time[24], msg[200];
	const char *txid;
	int coinbase = 0, rc;
	mpz_t sum_in, sum_out;

	mpz_init(r.fee);
	mpz_init(sum_in);
	mpz_init(sum_out);
	if (!json_is_object(o)) {
		rc = bad(t, err, "%s", "a transaction is not a JSON object");
		goto done;
	}
	txid = json_string_value(json_object_get(o, "txid"));
	if (!hex64(txid)) {
		rc = bad(t, err, "%s", "txid is not 64 lower-case hex digits");
		goto done;
	}
	st = json_object_get(o, "status");
	if (!json_is_true(json_object_get(st, "confirmed"))) {
		snprintf(msg, sizeof(msg), "transaction %.16s... is not "
			 "confirmed: it is in no block and may never be",
			 txid);
		rc = bad(t, err, "%s", msg);
		goto done;
	}
	rc = whole(&v, t, json_object_get(st, "block_height"),
		   "status.block_height", err);
	if (rc != PR_OK)
		goto done;
	r.block = (long)v;
	rc = whole(&v, t, json_object_get(st, "block_time"),
		   "status.block_time", err);
	if (rc != PR_OK)
		goto done;
	if (v > 253402300799LL) {
		rc = bad(t, err, "%s", "status.block_time is after 9999");
		goto done;
	}
	utc(time, sizeof(time), &r.date, v);
	rc = whole(&v, t, json_object_get(o, "fee"), "fee", err);
	if (rc != PR_OK)
		goto done;
	set_sat(r.fee, v);
	vin = json_object_get(o, "vin");
	vout = json_object_get(o, "vout");
	if (!json_is_array(vin) || !json_is_array(vout) ||
	    json_array_size(vin) == 0 || json_array_size(vout) == 0) {
		rc = bad(t, err, "%s", "vin and vout must be non-empty arrays");
		goto done;
	}
	n_in = json_array_size(vin);
	n_out = json_array_size(vout);
	if (n_in + n_out > MAX_MOVES) {
		rc = bad(t, err, "%s", "more than 100000 inputs and outputs");
		goto done;
	}
	mv = pr__calloc(n_in + n_out, sizeof(*mv));
	if (mv == NULL) {
		rc = pr__error_set(err, PR_ENOMEM, "out of memory");
		goto done;
	}
	for (n_init = 0; n_init < n_in + n_out; n_init++)
		mpz_init(mv[n_init].value);
	for (i = 0; i < n_in; i++) {
		rc = move(&mv[i], t, json_array_get(vin, i), "in", i,
			  &coinbase, err);
		if (rc != PR_OK)
			goto done;
		mpz_add(sum_in, sum_in, mv[i].value);
	}
	for (i = 0; i < n_out; i++) {
		rc = move(&mv[n_in + i], t, json_array_get(vout, i), "out", i,
			  &coinbase, err);
		if (rc != PR_OK)
			goto done;
		mpz_add(sum_out, sum_out, mv[n_in + i].value);
	}
	mpz_add(sum_out, sum_out, r.fee);
	if (!coinbase && mpz_cmp(sum_in, sum_out) != 0) {
		char a[40], b[40];

		mpz_sub(sum_out, sum_out, r.fee);
		if (mpz_sizeinbase(sum_in, 10) > 30 ||
		    mpz_sizeinbase(sum_out, 10) > 30) {
			rc = bad(t, err, "%s", "inputs do not balance outputs "
				 "and fee");
			goto done;
		}
		mpz_get_str(a, 10, sum_in);
		mpz_get_str(b, 10, sum_out);
		snprintf(msg, sizeof(msg), "inputs (%s sat) do not equal "
			 "outputs (%s sat) plus fee (%lld sat)", a, b,
			 (long long)json_integer_value(json_object_get(o,
								       "fee")));
		rc = bad(t, err, "%s", msg);
		goto done;
	}
	r.line = t->at.line;
	r.record = t->record;
	r.chain = "BTC";
	r.kind = "utxo";
	r.hash = txid;
	r.time = time;
	r.status = "ok";
	r.fee_asset = "BTC";
	r.n_moves = n_in + n_out;
	r.moves = mv;
	rc = sink->chain(&r, sink->payload, err);
done:
	for (i = 0; i < n_init; i++)
		mpz_clear(mv[i].value);
	pr__free(mv);
	mpz_clear(r.fee);
	mpz_clear(sum_in);
	mpz_clear(sum_out);
	return rc;
}

int
pr__explorer_read(const char *path, const char *name,
		  const pr_import_options *o, const pr__import_sink *sink,
		  pr__read_info *info, pr_error *err)
{
	json_error_t je;
	json_t *root = NULL;
	struct pos *pos = NULL;
	struct tx t;
	char *buf = NULL;
	size_t len = 0, n, i;
	pr_loc loc;
	int rc;

	(void)o;
	rc = pr__read_file(&buf, &len, path, name, MAX_FILE, info, err);
	if (rc != PR_OK)
		return rc;
	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL) {
		memset(&loc, 0, sizeof(loc));
		snprintf(loc.path, sizeof(loc.path), "%s", name);
		loc.line = je.line > 0 ? (unsigned long)je.line : 0;
		loc.column = je.column > 0 ? (unsigned long)je.column : 0;
		rc = pr__error_at(err, PR_EPARSE, &loc, "invalid JSON: %s",
				  je.text);
		goto done;
	}
	n = json_is_array(root) ? json_array_size(root) : 1;
	if (n == 0) {
		rc = pr__error_set(err, PR_EPARSE, "%s: no transactions",
				   name);
		goto done;
	}
	pos = pr__calloc(n, sizeof(*pos));
	if (pos == NULL) {
		rc = pr__error_set(err, PR_ENOMEM, "out of memory");
		goto done;
	}
	positions(pos, n, buf, len);
	t.name = name;
	for (i = 0; i < n; i++) {
		t.at = pos[i];
		t.record = i + 1;
		rc = one(&t, json_is_array(root) ? json_array_get(root, i) :
			 root, sink, err);
		if (rc != PR_OK)
			goto done;
		info->records++;
	}
done:
	json_decref(root);
	pr__free(pos);
	pr__free(buf);
	return rc;
}
