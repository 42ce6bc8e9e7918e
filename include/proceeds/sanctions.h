/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OFAC's sanctions lists as the case holds them (import sanctions): the
 * entries, their aliases, postal addresses and digital-currency
 * addresses, of one published version of a list. The screen
 * (screen.h) reads a list through this interface and nothing else. */
#ifndef PROCEEDS_SANCTIONS_H
#define PROCEEDS_SANCTIONS_H

#include <stddef.h>
#include "common.h"
#include "date.h"
#include "store.h"

/** One entry of a list (a row of sdn.csv or cons_prim.csv). */
typedef struct pr_sanction_entry {
	long ent_num;          /* OFAC's entity number */
	const char *list;      /* "SDN", or "CONS" for the consolidated
				  non-SDN list */
	const char *name;      /* as listed: "LOGAN MOREY, Elvis Angus" */
	const char *type;      /* "individual", "vessel", "aircraft", or
				  "" for an entity (OFAC's -0-) */
	const char *programs;  /* "SDGT; IFSR": OFAC's "] [" list, joined */
	const char *remarks;   /* the whole remarks, continuations joined */
	const char *document;  /* the file's name in the case */
	long line;             /* its line there */
} pr_sanction_entry;

/** A name an entry is also known by. */
typedef struct pr_sanction_alias {
	size_t entry;          /* index of its entry (pr_sanctions_entry) */
	long alt_num;          /* OFAC's alias number; 0 for a weak alias
				  taken from the remarks */
	const char *kind;      /* "aka", "fka", "nka" */
	const char *name;
	int weak;              /* 1: a weak (low-quality) alias, from the
				  remarks' "a.k.a. '...'"; OFAC advises
				  such aliases weigh less */
	const char *document;
	long line;
} pr_sanction_alias;

/** A postal address of an entry (add.csv). */
typedef struct pr_sanction_place {
	size_t entry;
	long add_num;
	const char *address;   /* "" for OFAC's -0- */
	const char *city;      /* city, state or province, postal code */
	const char *country;
	const char *document;
	long line;
} pr_sanction_place;

/** A digital-currency address from an entry's remarks. */
typedef struct pr_sanction_wallet {
	size_t entry;
	const char *currency;  /* OFAC's code as written: XBT, ETH, USDT,
				  XMR, LTC, ZEC, DASH, BTG, ETC, BSV, BCH,
				  XVG, TRX, USDC, ARB, BSC, ... */
	const char *address;   /* as written */
	const char *document;  /* where the remark (or its continuation
				  in sdn_comments.csv) was read */
	long line;
} pr_sanction_wallet;

/** One published version of a list, in memory. Opaque. */
typedef struct pr_sanctions pr_sanctions;

/**
 * Load a version of the lists the case holds: the one published on
 * @p published, or the newest when @p published is 0. Entries come in
 * (list, ent_num) order, aliases, places and wallets in (entry, number)
 * order: the same case gives the same order.
 *
 * @return PR_OK; PR_ENOTFOUND when the case holds no list (or none of
 *         that date; the message says which dates it holds)
 */
PR_EXTERN int pr_sanctions_load(pr_sanctions **out, pr_store *st,
				pr_date published, pr_error *err);
PR_EXTERN void pr_sanctions_free(pr_sanctions *l);

/** The publication date of the version loaded. */
PR_EXTERN pr_date pr_sanctions_published(const pr_sanctions *l);
/** Its files: count, and each one's name and SHA-256 (hex), borrowed. */
PR_EXTERN size_t pr_sanctions_file_count(const pr_sanctions *l);
PR_EXTERN void pr_sanctions_file(const pr_sanctions *l, size_t i,
				 const char **name, const char **sha256);

PR_EXTERN size_t pr_sanctions_entry_count(const pr_sanctions *l);
PR_EXTERN const pr_sanction_entry *pr_sanctions_entry(const pr_sanctions *l,
						      size_t i);
PR_EXTERN size_t pr_sanctions_alias_count(const pr_sanctions *l);
PR_EXTERN const pr_sanction_alias *pr_sanctions_alias(const pr_sanctions *l,
						      size_t i);
PR_EXTERN size_t pr_sanctions_place_count(const pr_sanctions *l);
PR_EXTERN const pr_sanction_place *pr_sanctions_place(const pr_sanctions *l,
						      size_t i);
PR_EXTERN size_t pr_sanctions_wallet_count(const pr_sanctions *l);
PR_EXTERN const pr_sanction_wallet *pr_sanctions_wallet(const pr_sanctions *l,
							size_t i);

/**
 * Build a list in memory without a case (tests, benchmarks): start
 * with pr_sanctions_new, add entries, then aliases, places and wallets
 * naming an entry by its index. Strings are copied.
 */
PR_EXTERN pr_sanctions *pr_sanctions_new(pr_date published);
PR_EXTERN int pr_sanctions_add_entry(pr_sanctions *l,
				     const pr_sanction_entry *e);
PR_EXTERN int pr_sanctions_add_alias(pr_sanctions *l,
				     const pr_sanction_alias *a);
PR_EXTERN int pr_sanctions_add_place(pr_sanctions *l,
				     const pr_sanction_place *p);
PR_EXTERN int pr_sanctions_add_wallet(pr_sanctions *l,
				      const pr_sanction_wallet *w);

#endif
