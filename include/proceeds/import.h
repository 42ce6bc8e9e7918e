/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Importing documents into a case: bank statement exports by profile, and
 * statement balances in the canonical statements CSV. */
#ifndef PROCEEDS_IMPORT_H
#define PROCEEDS_IMPORT_H

#include "common.h"
#include "date.h"
#include "store.h"

/** A bank CSV profile (see docs/profiles.md). Opaque. */
typedef struct pr_profile pr_profile;

/**
 * Load a profile. @p name_or_path is a file path when it contains '/' or
 * ends in ".profile"; otherwise it is a profile name looked up as
 * NAME.profile in each directory of @p search_path (':'-separated), then in
 * the installed profiles directory.
 *
 * @param out [out] the profile, free with pr_profile_free
 * @return PR_OK, PR_ENOTFOUND, PR_EPARSE (err->loc: the profile line)
 */
PR_EXTERN int pr_profile_load(pr_profile **out, const char *name_or_path,
			      const char *search_path, pr_error *err);

/** Parse a profile from text; @p path is used in messages. */
PR_EXTERN int pr_profile_parse(pr_profile **out, const char *path,
			       const char *text, size_t len, pr_error *err);

PR_EXTERN void pr_profile_free(pr_profile *p);

/** The profile's name and the SHA-256 of its text (both borrowed). */
PR_EXTERN const char *pr_profile_name(const pr_profile *p);
PR_EXTERN const char *pr_profile_sha256(const pr_profile *p);

/** The directory of installed profiles (compiled in). */
PR_EXTERN const char *pr_profile_dir(void);

/**
 * Load a profile as pr_profile_load does, but look names up in
 * @p profile_dir (after @p search_path) instead of the installed profiles
 * directory; NULL means the installed one. For a program run from its
 * build tree, which reads its source tree's profiles. The not-found
 * message names every directory looked in.
 */
PR_EXTERN int pr_profile_load_from(pr_profile **out,
				   const char *name_or_path,
				   const char *search_path,
				   const char *profile_dir, pr_error *err);

/** Options of one import. Start from PR_IMPORT_OPTIONS_INIT. */
typedef struct pr_import_options {
	const char *account;  /**< account identity when the file has none */
	const char *currency; /**< currency when the profile has none */
	/** Called now and then with bytes read and the file size. */
	void (*progress)(uint64_t done, uint64_t total, void *payload);
	void *payload;
} pr_import_options;

#define PR_IMPORT_OPTIONS_INIT { NULL, NULL, NULL, NULL }

/** What one import added. */
typedef struct pr_import_result {
	int64_t document;     /**< document id in the case */
	uint64_t records;     /**< transactions (or statements) imported */
	uint64_t statements;  /**< statement periods the file gave */
	uint64_t size;        /**< bytes */
	char sha256[65];
	uint64_t skipped;     /**< rows the profile's skip_if left out */
	char skipped_by[128]; /**< what skipped them: "Status: Pending" */
} pr_import_result;

/**
 * Import a bank statement export read by @p profile (NULL: a standard
 * format told from the content, as pr_import_bank_format). Runs inside the
 * transaction opened by pr_store_begin and writes nothing outside it: on
 * any error the caller rolls back and the case is unchanged.
 *
 * @param name  the file name recorded and used in messages (often @p path)
 * @return PR_OK; PR_EPARSE with err->loc at the bad line and column;
 *         PR_EEXISTS when a file with the same SHA-256 is in the case
 */
PR_EXTERN int pr_import_bank(pr_store *st, const char *path, const char *name,
			     const pr_profile *profile,
			     const pr_import_options *opts,
			     pr_import_result *res, pr_error *err);

/**
 * Import a bank statement in a standard format: OFX/QFX, SWIFT MT940 or
 * MT942, ISO 20022 camt.052/053/054 or BAI2 (docs/formats.md). @p format
 * is "ofx", "mt940", "camt" or "bai2", or NULL to tell it from the
 * file's content; pr_import_bank with no profile does the same. Same
 * transaction rules as above.
 *
 * @return PR_OK; PR_EPARSE (err->loc at the bad line and column);
 *         PR_EINVALID for an unknown format or one that cannot be told;
 *         PR_EEXISTS when the file is already in the case
 */
PR_EXTERN int pr_import_bank_format(pr_store *st, const char *path,
				    const char *name, const char *format,
				    const pr_import_options *opts,
				    pr_import_result *res, pr_error *err);

/**
 * Import statement balances from the canonical statements CSV: header
 * account,currency,start,end,opening,closing with ISO dates and plain
 * decimal amounts (docs/formats.md). Same transaction rules as above.
 */
PR_EXTERN int pr_import_statements(pr_store *st, const char *path,
				   const char *name,
				   const pr_import_options *opts,
				   pr_import_result *res, pr_error *err);

/**
 * Import wire records: the canonical wire CSV (docs/formats.md), SWIFT
 * MT103 messages, Fedwire tag-format messages or ISO 20022 pacs.008 XML.
 * @p format is "csv", "mt103", "fedwire" or "pacs.008", or NULL to tell it
 * from the file's first bytes. Same transaction rules as above.
 *
 * @return PR_OK; PR_EPARSE (err->loc at the bad line and column);
 *         PR_EINVALID for an unknown format or one that cannot be told;
 *         PR_EEXISTS when the file is already in the case
 */
PR_EXTERN int pr_import_wire(pr_store *st, const char *path, const char *name,
			     const char *format,
			     const pr_import_options *opts,
			     pr_import_result *res, pr_error *err);

/**
 * Import on-chain transactions: the canonical on-chain CSV (UTXO inputs
 * and outputs, or account-chain from/to/value/fee/status), Etherscan CSV
 * exports (normal, internal and ERC-20 token transfers; values in full
 * precision) or explorer transaction JSON (UTXO inputs and outputs in
 * satoshi). @p format is "csv", "etherscan" or "explorer", or NULL to
 * tell it from the file.
 */
PR_EXTERN int pr_import_chain(pr_store *st, const char *path,
			      const char *name, const char *format,
			      const pr_import_options *opts,
			      pr_import_result *res, pr_error *err);

/**
 * Import dated exchange rates from the canonical rates CSV: header
 * date,base,quote,rate,source; 1 base = rate quote; the rate an exact
 * decimal or fraction (docs/formats.md).
 */
PR_EXTERN int pr_import_rates(pr_store *st, const char *path,
			      const char *name,
			      const pr_import_options *opts,
			      pr_import_result *res, pr_error *err);

/**
 * Import titled assets (real property by parcel, vehicles by VIN) with
 * the funding lines of their acquisition, later valuations and sales,
 * from the canonical property CSV (docs/formats.md). The funding lines
 * of an asset must add up to its cost exactly.
 */
PR_EXTERN int pr_import_property(pr_store *st, const char *path,
				 const char *name,
				 const pr_import_options *opts,
				 pr_import_result *res, pr_error *err);

/**
 * Import an exchange account history (deposits, withdrawals, trades and
 * fees) read by a profile, as pr_import_bank reads a bank's: each asset
 * of the exchange account is an account, each row a transaction with its
 * operation, time, on-chain hash, address and trade (docs/formats.md).
 */
PR_EXTERN int pr_import_exchange(pr_store *st, const char *path,
				 const char *name, const pr_profile *profile,
				 const pr_import_options *opts,
				 pr_import_result *res, pr_error *err);

/**
 * Import the analyst's decisions (join, never-join, owner), each with a
 * reason, from the canonical decisions CSV (docs/formats.md). They
 * override the automatic matcher of pr_match.
 */
PR_EXTERN int pr_import_decisions(pr_store *st, const char *path,
				  const char *name,
				  const pr_import_options *opts,
				  pr_import_result *res, pr_error *err);

/**
 * Import the parties of the case and who controls which accounts from
 * the canonical victims CSV (docs/formats.md): party lines give a
 * pseudonym (V-1 for victims, D-1 for defendants, other capital letters
 * for others), the role and the real name, which stays in the case and
 * is never printed by a report; control lines say that a party owns,
 * signs on, controls or is the nominee of an account or address,
 * optionally between two dates, and why. A pseudonym is defined once in
 * a case; a control line's party must be defined earlier in the file or
 * in the case. Same transaction rules as above.
 *
 * @param res  [out] records: party lines; statements: control lines
 * @return PR_OK; PR_EPARSE (err->loc at the line and column);
 *         PR_EEXISTS for a pseudonym already defined; PR_ENOTFOUND for a
 *         control line of an unknown party
 */
PR_EXTERN int pr_import_victims(pr_store *st, const char *path,
				const char *name,
				const pr_import_options *opts,
				pr_import_result *res, pr_error *err);

/**
 * Import designations of proceeds from the canonical designations CSV
 * (docs/formats.md): which inflows came from which victim (by the
 * pseudonym of a victim already in the case), or are clean, or of
 * unknown origin; by one credit (DOCUMENT:LINE), by text of the
 * counterparty or description, by a '*' pattern of the description, or
 * by every credit of an account in a period; each with its reason and
 * source. A flow must be a credit not designated before; an account
 * named must be in the case; every rule must designate at least one
 * inflow of the case. Same transaction rules as above.
 *
 * @param res  [out] records: designations
 * @return PR_OK; PR_EPARSE (err->loc at the line and column);
 *         PR_ENOTFOUND for a victim, credit, account or inflow the case
 *         does not hold (err->loc likewise); PR_EEXISTS for a credit
 *         designated before; PR_EINVALID for a debit or a non-victim
 */
PR_EXTERN int pr_import_designations(pr_store *st, const char *path,
				     const char *name,
				     const pr_import_options *opts,
				     pr_import_result *res, pr_error *err);

/**
 * Import what each victim worked, was paid, was charged for board and
 * lodging, and lost, for restitution (18 U.S.C. 1593), from the
 * canonical work CSV (docs/formats.md): work lines give a period and
 * the hours worked per workweek (at most 168; workweeks of 7 days run
 * from the period's first day); paid lines a date and an amount paid
 * to the victim; lodging lines a credit the defendant claims per week
 * or for a period; loss lines another loss. Amounts are in USD with at
 * most 2 decimals. The victim must be a victim already in the case; the
 * work periods of one victim must not overlap, nor its lodging periods
 * (in the file or the case). Same transaction rules as above.
 *
 * @param res  [out] records: lines
 * @return PR_OK; PR_EPARSE (err->loc at the line and column);
 *         PR_ENOTFOUND for a victim the case does not hold;
 *         PR_EINVALID for a party who is not a victim;
 *         PR_EEXISTS for a period overlapping another (err->loc likewise)
 */
PR_EXTERN int pr_import_work(pr_store *st, const char *path,
			     const char *name,
			     const pr_import_options *opts,
			     pr_import_result *res, pr_error *err);

/**
 * Import an asset table (the canonical assets CSV, docs/formats.md): the
 * decimals of tokens the built-in currency table does not hold, and the
 * contract each token is on its chain. Later imports of exchange
 * histories, on-chain CSVs and Etherscan exports read amounts of these
 * assets exactly; a token export without TokenDecimal finds its tokens
 * here by contract. Same transaction rules as pr_import_bank.
 *
 * @return PR_OK; PR_EPARSE with err->loc at the bad line and column (a
 *         code written otherwise than one code, decimals that differ from
 *         the built-in table's or the case's, a contract already in the
 *         case); PR_EEXISTS when the file is already in the case
 */
PR_EXTERN int pr_import_assets(pr_store *st, const char *path,
			       const char *name,
			       const pr_import_options *opts,
			       pr_import_result *res, pr_error *err);

/* import sanctions (issue 13): OFAC's legacy CSV files. */

/** At most this many files in one import sanctions (each kind once). */
#define PR_SANCTIONS_MAX_FILES 8

/** A warning of an import that goes on (err->loc says where). */
typedef void (*pr_import_warn_cb)(const pr_error *w, void *payload);

/** What one import sanctions added. */
typedef struct pr_sanctions_import_result {
	int64_t version;        /**< the list version's id in the case */
	uint64_t entries;       /**< sdn.csv / cons_prim.csv lines */
	uint64_t aliases;       /**< alt.csv lines and weak aliases */
	uint64_t weak_aliases;  /**< of which from the remarks */
	uint64_t places;        /**< add.csv lines */
	uint64_t wallets;       /**< digital-currency addresses */
	uint64_t comments;      /**< remarks continuations joined */
	uint64_t orphans;       /**< lines whose entry the import does
				 *   not hold: skipped, each warned of */
	size_t nfiles;
	struct {
		int64_t document;
		char kind[16];  /**< sdn, alt, add, comments, cons-prim ... */
		uint64_t records;
		uint64_t size;
		char sha256[65];
	} file[PR_SANCTIONS_MAX_FILES];
} pr_sanctions_import_result;

/**
 * Import one published version of OFAC's lists from its legacy CSV
 * files (docs/formats.md): sdn.csv, alt.csv, add.csv, sdn_comments.csv
 * and the consolidated non-SDN list's cons_prim.csv, cons_alt.csv,
 * cons_add.csv, cons_comments.csv. Each file's kind is told from its
 * name, or given in @p kinds ("sdn", "alt", "add", "comments",
 * "cons-prim", "cons-alt", "cons-add", "cons-comments"; @p kinds or
 * any of its items may be NULL). The files carry no date: @p published
 * is required. Remarks continued in a comments file are joined before
 * the weak aliases ("a.k.a. 'NAME'") and digital-currency addresses
 * are read out of them. Alias, address and comment lines whose entry
 * is not in the import are skipped, each reported to @p warn (may be
 * NULL) and counted. Same transaction rules as the other imports.
 *
 * @return PR_OK; PR_EPARSE (err->loc at the line and column);
 *         PR_EINVALID for no date, an unknown kind, a kind given twice
 *         or aliases without their entries; PR_EEXISTS for a file
 *         already in the case or a date the case already holds
 */
PR_EXTERN int pr_import_sanctions(pr_store *st, pr_date published,
				  size_t n, const char *const *paths,
				  const char *const *kinds,
				  pr_import_warn_cb warn, void *payload,
				  pr_sanctions_import_result *res,
				  pr_error *err);

#endif
