/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The canonical assets CSV: code, decimals, chain, contract, source. Each
 * line tells the case how many decimals an asset counts in (and, for a
 * token, which contract on which chain it is), so that exchange histories
 * and explorer exports naming it can be read exactly (docs/formats.md).
 */
#include "config.h"
#include "common.h"
#include "csvread.h"
#include "import.h"

#include <string.h>

enum { K_CODE, K_DECIMALS, K_CHAIN, K_CONTRACT, K_SOURCE, K_N };

static const char *const names[K_N] = {
	"code", "decimals", "chain", "contract", "source"
};

#define MAX_DECIMALS 36

struct assetcsv {
	const pr__import_sink *sink;
	int have_header;
	long col[K_N];
	size_t nfields;
	uint64_t records;
	pr__asset_def_row row;
	char contract[128];
};

static int
bad(const pr__csv_record *rec, long c, const char *fmt, pr_error *err)
{
	char q[64], msg[256];

	snprintf(msg, sizeof(msg), fmt,
		 pr__quote(q, sizeof(q), rec->field[c], rec->len[c]));
	return pr__csv_fail(rec, (size_t)c, err, msg);
}

/* A code as the case will store it: already one code, upper case, with
 * no network suffix (the file is canonical; the readers normalise). */
static int
code(const pr__csv_record *rec, long c, pr_error *err)
{
	const char *t = rec->field[c];
	char norm[64];
	size_t n;

	if (rec->len[c] == 0)
		return pr__csv_fail(rec, (size_t)c, err, "no code");
	n = pr__asset_code(norm, sizeof(norm), t, rec->len[c]);
	if (n == 0)
		return bad(rec, c, "code '%s' is not 1 to 15 letters and "
			   "digits", err);
	if (n != rec->len[c] || memcmp(norm, t, n) != 0) {
		char q[64], msg[256];

		snprintf(msg, sizeof(msg), "code '%s' is written %s in a "
			 "case", pr__quote(q, sizeof(q), t, rec->len[c]),
			 norm);
		return pr__csv_fail(rec, (size_t)c, err, msg);
	}
	return PR_OK;
}

/* A chain: "" or the code of the chain's own coin (ETH, TRX, SOL...). */
static int
chain(const pr__csv_record *rec, long c, pr_error *err)
{
	size_t i;

	if (rec->len[c] > 15)
		return bad(rec, c, "chain '%s' is longer than 15 bytes", err);
	for (i = 0; i < rec->len[c]; i++) {
		unsigned char ch = (unsigned char)rec->field[c][i];

		if (!((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')))
			return bad(rec, c, "chain '%s' is not the upper-case "
				   "code of a chain's coin (ETH, TRX, SOL)",
				   err);
	}
	return PR_OK;
}

/*
 * A contract address: "0x" and 40 hex digits (folded to lower case:
 * mixed case is only a checksum), or a base58 address of 25 to 64
 * characters (TRON, Solana), kept as written.
 */
static int
contract(struct assetcsv *s, const pr__csv_record *rec, long c,
	 pr_error *err)
{
	const char *t = rec->field[c];
	size_t n = rec->len[c], i;

	if (n == 0) {
		s->contract[0] = '\0';
		return PR_OK;
	}
	if (n >= 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X')) {
		if (n != 42)
			goto bad;
		s->contract[0] = '0';
		s->contract[1] = 'x';
		for (i = 2; i < n; i++) {
			unsigned char ch = (unsigned char)t[i];

			if (ch >= 'A' && ch <= 'F')
				ch = (unsigned char)(ch + 32);
			else if (!((ch >= '0' && ch <= '9') ||
				   (ch >= 'a' && ch <= 'f')))
				goto bad;
			s->contract[i] = (char)ch;
		}
		s->contract[n] = '\0';
		return PR_OK;
	}
	if (n < 25 || n > 64)
		goto bad;
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)t[i];

		/* base58: no 0, O, I or l */
		if (!((ch >= '1' && ch <= '9') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= 'a' && ch <= 'z')) || ch == 'O' || ch == 'I' ||
		    ch == 'l')
			goto bad;
	}
	memcpy(s->contract, t, n + 1);
	return PR_OK;
bad:
	return bad(rec, c, "contract '%s' is neither 0x and 40 hex digits "
		   "nor a base58 address", err);
}

static int
on_record(const pr__csv_record *rec, void *payload, pr_error *err)
{
	struct assetcsv *s = payload;
	pr__asset_def_row *r = &s->row;
	pr_loc loc;
	long c, dec;
	int rc;

	if (!s->have_header) {
		s->have_header = 1;
		s->nfields = rec->n;
		return pr__csv_header(s->col, names, K_N, NULL,
				      "(expected code, decimals, chain, "
				      "contract, source)", rec, err);
	}
	if (pr__csv_width(rec, s->nfields, err) != PR_OK)
		return PR_EPARSE;
	r->line = rec->line;
	rc = code(rec, s->col[K_CODE], err);
	if (rc != PR_OK)
		return rc;
	r->code = rec->field[s->col[K_CODE]];
	c = s->col[K_DECIMALS];
	if (pr__parse_long(&dec, rec->field[c], rec->len[c], 0,
			   MAX_DECIMALS) != PR_OK)
		return bad(rec, c, "decimals '%s' is not a whole number from "
			   "0 to 36", err);
	r->decimals = (unsigned)dec;
	rc = chain(rec, s->col[K_CHAIN], err);
	if (rc == PR_OK)
		rc = contract(s, rec, s->col[K_CONTRACT], err);
	if (rc != PR_OK)
		return rc;
	r->chain = rec->field[s->col[K_CHAIN]];
	r->contract = s->contract;
	if (r->contract[0] != '\0' && r->chain[0] == '\0')
		return pr__csv_fail(rec, (size_t)s->col[K_CHAIN], err,
				    "a contract needs its chain");
	if (r->contract[0] == '0' && r->contract[1] == 'x' &&
	    strcmp(r->chain, "BTC") == 0)
		return pr__csv_fail(rec, (size_t)s->col[K_CONTRACT], err,
				    "bitcoin has no token contracts");
	r->source = rec->field[s->col[K_SOURCE]];
	if (pr__csv_blank(r->source))
		return pr__csv_fail(rec, (size_t)s->col[K_SOURCE], err,
				    "no source: say where the decimals were "
				    "read (the token's contract page, the "
				    "exchange's list)");
	pr__csv_field_loc(&loc, rec, (size_t)s->col[K_DECIMALS]);
	r->decimals_column = loc.column;
	pr__csv_field_loc(&loc, rec, (size_t)s->col[K_CONTRACT]);
	r->contract_column = loc.column;
	s->records++;
	return s->sink->asset_def(r, s->sink->payload, err);
}

int
pr__assetcsv_read(const char *path, const char *name,
		  const pr_import_options *o, const pr__import_sink *sink,
		  pr__read_info *info, pr_error *err)
{
	pr__csv_options co;
	struct assetcsv s;
	int rc;

	memset(&s, 0, sizeof(s));
	memset(&co, 0, sizeof(co));
	s.sink = sink;
	co.delim = ',';
	co.encoding = PR_ENC_UTF8;
	co.progress = o->progress;
	co.progress_payload = o->payload;
	rc = pr__csv_read(path, name, &co, on_record, &s, info->sha256,
			  &info->size, err);
	if (rc == PR_OK && s.records == 0)
		rc = pr__error_set(err, PR_EPARSE, "%s: no assets%s", name,
				   s.have_header ? " after the header" : "");
	info->records = s.records;
	return rc;
}
