/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Sanctions screening: names and addresses against one version of
 * OFAC's lists (sanctions.h), scored exactly in basis points. The
 * rules and worked examples are in docs/screening.md. */
#ifndef PROCEEDS_SCREEN_H
#define PROCEEDS_SCREEN_H

#include <stddef.h>
#include <stdio.h>
#include "common.h"
#include "report.h"
#include "sanctions.h"

/** The default threshold, in basis points: a name scoring at least this
 *  against a list name is a hit (docs/screening.md says why). */
#define PR_SCREEN_THRESHOLD 9000
/** What a weak alias (sanctions.h) loses, in basis points, after its
 *  score is rounded: OFAC advises such aliases weigh less. */
#define PR_SCREEN_WEAK_PENALTY 500

/** A list indexed for screening. Opaque; not for two threads at once
 *  (a screen keeps the scratch of the last call). */
typedef struct pr_screen pr_screen;

/** A list name that a screened name scored against. */
typedef struct pr_screen_hit {
	size_t entry;     /* the entry's index (pr_sanctions_entry) */
	size_t alias;     /* the alias's index (pr_sanctions_alias), or
			     PR_SCREEN_PRIMARY for the entry's own name */
	int score;        /* basis points 0..10000, weak penalty taken */
	int jw;           /* the Jaro-Winkler, basis points, before it */
	int phonetic;     /* paired words whose Soundex codes agree */
	int words;        /* paired words */
} pr_screen_hit;

#define PR_SCREEN_PRIMARY ((size_t)-1)

/**
 * Index @p list for screening. The list is borrowed: it must outlive
 * the screen and not change while the screen lives.
 *
 * @return PR_OK; PR_ENOMEM
 */
PR_EXTERN int pr_screen_new(pr_screen **out, const pr_sanctions *list,
			    pr_error *err);
PR_EXTERN void pr_screen_free(pr_screen *s);

/**
 * Screen one name: every entry one of whose names (its own or an
 * alias) scores at least @p threshold basis points, the best of its
 * names for each entry, sorted by score (highest first), then phonetic
 * agreement, then entry index. *hits is borrowed from @p s and valid
 * until the next call on it.
 *
 * @return PR_OK (*n may be 0); PR_EINVALID (threshold out of
 *         0..10000); PR_ENOMEM
 */
PR_EXTERN int pr_screen_name(pr_screen *s, const char *name, int threshold,
			     const pr_screen_hit **hits, size_t *n,
			     pr_error *err);

/**
 * Screen one digital-currency address: the wallets of the list
 * (pr_sanctions_wallet indexes) it equals, per chain: an EVM address
 * (0x and 40 hex digits, listed under ETH, USDT, USDC, ARB, BSC, ETC,
 * ...) compares case-insensitively, any other exactly. *wallets is
 * borrowed from @p s and valid until the next call on it.
 *
 * @return PR_OK (*n may be 0); PR_ENOMEM
 */
PR_EXTERN int pr_screen_address(pr_screen *s, const char *address,
				const size_t **wallets, size_t *n,
				pr_error *err);

/**
 * The score of two names, as pr_screen_name computes it (normalised,
 * words paired, Jaro-Winkler in basis points, no weak penalty).
 *
 * @return the score 0..10000; -1 when out of memory
 */
PR_EXTERN int pr_screen_score(const char *a, const char *b);

/**
 * Whether a name written in a record may be a party's (for privacy: a
 * victim named another way in a SAR must still be shown by pseudonym):
 * 1 when the score reaches PR_SCREEN_THRESHOLD, or when every word of
 * @p name of two letters or more is a word of @p party (at least two
 * such words) and each one-letter word is the initial of another of
 * the party's words ("Ana M. Lopez" may be "Ana Maria Lopez"); else 0.
 * The score goes to @p score if not NULL.
 *
 * @return 1, 0, or -1 when out of memory
 */
PR_EXTERN int pr_screen_may_be(const char *name, const char *party,
			       int *score);

/**
 * The normalised form of a name, words in their order, separated by one
 * space (what the score compares). Owned by the caller (pr_screen_text_free).
 *
 * @return PR_OK; PR_ENOMEM
 */
PR_EXTERN int pr_screen_normalise(char **out, const char *name);
PR_EXTERN void pr_screen_text_free(char *text);

/* ---- a case screened ---- */

/** Where a screened name or address appears in the case. */
typedef struct pr_screen_source {
	const char *document;  /* the document's name in the case */
	long line;
	const char *field;     /* "party", "txn.counterparty",
				  "wire.originator", "wire.beneficiary",
				  "asset.owner", "asset.nominee",
				  "asset_event.party", "chain_move.address",
				  "txn_detail.address", "control.account" */
} pr_screen_source;

/** One hit: a name or address of the case against a list entry. */
typedef struct pr_screen_finding {
	int address;           /* 1: an address (wallet), 0: a name (hit) */
	const char *text;      /* the name or address as the records write
				  it; a party's pseudonym for a party (whose
				  real name was screened) */
	int party;             /* 1 when text is a party's pseudonym */
	pr_screen_hit hit;     /* names: the entry, alias and score */
	size_t entry;          /* the list entry (both kinds) */
	size_t wallet;         /* addresses: the list's wallet */
	const pr_screen_source *sources;  /* every row, sorted */
	size_t nsources;
} pr_screen_finding;

/** The screening of a case. Opaque. */
typedef struct pr_screen_result pr_screen_result;

/**
 * Screen a case against @p list: every party (by its real name), every
 * counterparty name its records carry (bank rows' counterparty column,
 * wire originators and beneficiaries, property owners, nominees and
 * funding parties) and every address on chain, in exchange rows and in
 * control lines. Each table is read with one streaming query. Findings
 * come addresses first, then names by score (highest first), then list
 * entry, then text; the sources of each by document, line, field.
 * Everything is borrowed from the result; @p list must outlive it.
 *
 * @return PR_OK; PR_EINVALID (threshold); PR_EDB; PR_ENOMEM
 */
PR_EXTERN int pr_screen_case(pr_screen_result **out, pr_store *st,
			     const pr_sanctions *list, int threshold,
			     pr_error *err);
PR_EXTERN void pr_screen_result_free(pr_screen_result *r);
PR_EXTERN size_t pr_screen_result_count(const pr_screen_result *r);
PR_EXTERN const pr_screen_finding *
pr_screen_result_finding(const pr_screen_result *r, size_t i);
/** How many distinct names and addresses were screened. */
PR_EXTERN size_t pr_screen_result_names(const pr_screen_result *r);
PR_EXTERN size_t pr_screen_result_addresses(const pr_screen_result *r);

/**
 * Write a screening: the list's version (publication date, each file's
 * name and SHA-256), the threshold, how many names and addresses were
 * screened, then every finding with its score, the entry (list,
 * ent_num, name, type, programs), the name or wallet matched, and
 * every source row. Table, CSV (one row per source) or JSON. A party
 * appears by pseudonym; the caller filters the stream through the
 * case's redaction as for every output.
 *
 * @return PR_OK; PR_EIO (a write failed); PR_ENOMEM
 */
PR_EXTERN int pr_report_screen(FILE *fp, const pr_screen_result *r,
			       const pr_sanctions *list, int threshold,
			       pr_format fmt, pr_error *err);

#endif
