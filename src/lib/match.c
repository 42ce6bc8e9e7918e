/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Matching: join the pieces of evidence of one movement of money (a bank
 * debit, the wire record, the credit at the other bank, a closing's
 * funding line, an exchange withdrawal and its on-chain output) into one
 * flow, so each movement is counted once (docs/matching.md).
 *
 * Evidence is loaded into one compact array of items and joined with a
 * union-find, stage by stage: decisions, trades, reference keys, records
 * to their accounts, amount and date. Each stage sorts keys once, so the
 * whole is O(n log n). Nothing here depends on hash-table order: strings
 * are interned for equality only, and every order that reaches an output
 * is by date, document and line.
 *
 * This file holds the entry points, in the order the work runs: open
 * (what a row needs), a row at a time, close (the rest of the evidence,
 * then the stages), and pr_match, which feeds itself. The pieces sit
 * behind match_priv.h: match_load.c reads the evidence from the case,
 * match_stages.c joins it into flows and finds the issues, match_view.c
 * shows the flows (as text for people, as parts for the trace), and
 * strtab.c is the interned string table they keep their texts in.
 */
#include "config.h"
#include "common.h"
#include "store.h"
#include "match_priv.h"

#include <gmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
pr__match_free(pr__match_feed *mf)
{
	if (mf == NULL)
		return;
	sqlite3_finalize(mf->d);
	pr__free(mf->ks.k);
	if (mf->m != NULL)
		mf->m->err = NULL;
	pr_flows_free(mf->m);
	pr__free(mf);
}

/* The options, the documents and the accounts: what a row needs. */
int
pr__match_open(pr__match_feed **out, pr_store *st, const pr_match_options *o,
	       pr_error *err)
{
	pr_match_options def = PR_MATCH_OPTIONS_INIT;
	pr__match_feed *mf;
	struct pr_flows *m;
	mpz_t tol;
	int rc;

	if (out == NULL || st == NULL)
		return pr__error_set(err, PR_EINVALID, "no case");
	*out = NULL;
	if (o == NULL)
		o = &def;
	if (o->window < 0 || o->window > 365)
		return pr__error_set(err, PR_EINVALID, "a window of %d "
				     "business days: give 0 to 365",
				     o->window);
	mf = pr__calloc(1, sizeof(*mf));
	m = pr__calloc(1, sizeof(*m));
	if (mf == NULL || m == NULL) {
		pr__free(mf);
		pr__free(m);
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	}
	mf->m = m;
	mf->did = INT64_MAX;
	m->st = st;
	m->err = err;
	m->window = o->window;
	m->tol_text = pr__strdup(o->fee_tolerance ? o->fee_tolerance : "50");
	if (m->tol_text == NULL || pr__strtab_init(&m->s) ||
	    pr__strtab_init(&m->cuts) || pr__strtab_init(&m->norms)) {
		rc = oom(m);
		goto fail;
	}
	mpz_init(tol);
	rc = pr_money_parse(tol, m->tol_text, strlen(m->tol_text), 12, NULL,
			    err);
	if (rc == PR_OK && (mpz_sgn(tol) < 0 ||
			    mpz_sizeinbase(tol, 2) > 62))
		rc = pr__error_set(err, PR_EINVALID, "fee tolerance '%s' "
				   "must be from 0 to 1000000", m->tol_text);
	else if (rc != PR_OK)
		rc = pr__error_set(err, PR_EINVALID, "fee tolerance '%s' is "
				   "not a decimal amount", m->tol_text);
	if (rc == PR_OK)
		m->tol = (int64_t)mpz_get_si(tol);
	mpz_clear(tol);
	if (rc != PR_OK)
		goto fail;
	m->params = fmt_dup("window %d business days, fee tolerance %s",
			    m->window, m->tol_text);
	if (m->params == NULL) {
		rc = oom(m);
		goto fail;
	}
	if ((rc = pr__match_load_case(mf)) != PR_OK)
		goto fail;
	*out = mf;
	return PR_OK;
fail:
	pr__match_free(mf);
	return rc;
}

/* The rest of the evidence, then the stages; mf is freed. */
int
pr__match_close(pr_flows **out, pr__match_feed *mf)
{
	struct pr_flows *m = mf->m;
	struct keys ks = mf->ks;
	int rc = mf->rc;

	*out = NULL;
	sqlite3_finalize(mf->d);
	pr__free(mf);
	if (rc != PR_OK)
		goto fail;
	if ((rc = pr__match_load_rest(m, &ks)) != PR_OK ||
	    (rc = pr__match_stages(m, &ks)) != PR_OK)
		goto fail;
	pr__free(ks.k);
	m->err = NULL;
	*out = m;
	return PR_OK;
fail:
	pr__free(ks.k);
	m->err = NULL;
	pr_flows_free(m);
	return rc;
}

int
pr_match(pr_flows **out, pr_store *st, const pr_match_options *o,
	 pr_error *err)
{
	pr__match_feed *mf = NULL;
	int rc;

	if (out == NULL || st == NULL)
		return pr__error_set(err, PR_EINVALID, "no case");
	*out = NULL;
	if ((rc = pr__match_open(&mf, st, o, err)) != PR_OK)
		return rc;
	if ((rc = pr__match_load_txns(mf)) != PR_OK) {
		pr__match_free(mf);
		return rc;
	}
	return pr__match_close(out, mf);
}
