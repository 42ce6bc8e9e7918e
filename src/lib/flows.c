/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The flow graph a command traces from, built once: the reconcile gate
 * and the matcher share one scan of the case's rows (the scan, not the
 * work on its rows, was half of each), and the result is kept with the
 * flows so that every trace, schedule and exhibit of the command reads
 * it instead of the case.
 */
#include "config.h"
#include "common.h"
#include "match.h"

int
pr_flows_build(pr_flows **out, pr_store *st, const pr_match_options *o,
	       pr_error *err)
{
	pr__match_feed *mf = NULL;
	pr_recon *r = NULL;
	pr_flows *f = NULL;
	int rc;

	if (out == NULL || st == NULL)
		return pr__error_set(err, PR_EINVALID, "no case");
	*out = NULL;
	if ((rc = pr__match_open(&mf, st, o, err)) != PR_OK)
		return rc;
	if ((rc = pr__recon_run_fed(&r, st, mf, err)) != PR_OK) {
		pr__match_free(mf);
		return rc;
	}
	/* what the matcher found wrong in a row is said here, after the
	 * gate's scan (pr__match_close) */
	if ((rc = pr__match_close(&f, mf)) != PR_OK) {
		pr_recon_free(r);
		return rc;
	}
	pr__flows_set_recon(f, r);
	*out = f;
	return PR_OK;
}
