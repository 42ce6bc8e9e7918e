/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Inside the library: the flows as structured parts, for tracing (which
 * turns them into movements of value). The public view, texts for
 * people, is include/proceeds/match.h.
 */
#ifndef PR_LIB_MATCH_H
#define PR_LIB_MATCH_H

#include "common.h"

enum { PR__K_BANK, PR__K_EXCHANGE, PR__K_WIRE, PR__K_CHAIN,
       PR__K_CHAIN_FEE, PR__K_FUNDING };

/* One piece of evidence of a flow. Texts stay valid while the flows
 * live; amount is the magnitude in minor units. */
struct pr__item_view {
	uint32_t id;           /* stable within one pr_flows */
	int64_t row;           /* bank and exchange rows: the txn id */
	int kind;              /* PR__K_* */
	int role;              /* pr_evidence_role */
	int32_t date;
	const char *currency;
	const char *account;   /* account ident or "asset REF (…)"; "" */
	const char *address;   /* chain output / exchange row address */
	const char *tx;        /* chain: the transaction hash */
	uint32_t n;            /* chain: the output index */
	int64_t amount;
	int big;               /* beyond 64 bits: amount is not set */
	const char *document;
	uint32_t line;
	int mortgage, trade, withdrawal, deposit;
	const char *from_label, *to_label; /* what a record names */
	const char *to_hint;   /* the account the evidence names as the
				* other side, or "" */
	const char *from_hint; /* chain: the input addresses ("a + b") */
};

/* The pieces of flow i (in output order) into out (at most max); returns
 * how many the flow has. */
size_t pr__flows_parts(const pr_flows *f, size_t i,
		       struct pr__item_view *out, size_t max);

#endif
