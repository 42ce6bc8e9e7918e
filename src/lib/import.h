/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Between the format readers (src/lib/import/) and the store: readers
 * produce normalised records and know nothing of the database; import.c
 * writes them. Every record carries its line and record number.
 */
#ifndef PR_LIB_IMPORT_H
#define PR_LIB_IMPORT_H

#include <gmp.h>
#include "common.h"

typedef struct pr__bank_row {
	unsigned long line;
	unsigned long record;   /* data record number, 1-based */
	const char *account;
	const char *currency;
	pr_date date;
	int has_value_date;
	pr_date value_date;
	mpz_t amount;           /* signed minor units: credit > 0 */
	int has_balance;
	mpz_t balance;          /* running balance after this row */
	const char *description;
	const char *reference;
	const char *counterparty;
	const char *counter_account;
	/* Exchange account rows (NULL for a bank's): what the row is, when
	 * exactly, and the on-chain hash, address and trade it names. */
	const char *op;         /* deposit, withdrawal, trade, fee ... */
	const char *time;       /* UTC "YYYY-MM-DDTHH:MM:SSZ" */
	const char *tx_hash;
	const char *address;
	const char *trade;
} pr__bank_row;

typedef struct pr__statement_row {
	unsigned long line;
	const char *account;
	const char *currency;
	pr_date start;
	pr_date end;
	mpz_t opening;
	mpz_t closing;
	const char *source;     /* "statement", "file", "running balance" */
} pr__statement_row;

/*
 * One funds transfer as a wire room records it. Banks are an ABA routing
 * number (9 digits) or a BIC (8 or 11 characters) as written; absent text
 * is "" (never NULL). Amounts are positive minor units of the currency.
 */
typedef struct pr__wire_row {
	unsigned long line;      /* where the message or row starts */
	unsigned long record;    /* message or row number in the file */
	const char *format;      /* "csv", "mt103", "fedwire", "pacs.008" */
	pr_date value_date;      /* settlement / value date */
	const char *currency;
	mpz_t amount;            /* settled (interbank) amount */
	int has_instructed;      /* the amount the originator ordered, */
	const char *instructed_currency; /* before fees (MT103 33B) */
	mpz_t instructed;
	const char *originator_name;
	const char *originator_account;
	const char *originator_bank;
	const char *beneficiary_name;
	const char *beneficiary_account;
	const char *beneficiary_bank;
	const char *imad;        /* Fedwire input message accountability */
	const char *omad;        /* Fedwire output message accountability */
	const char *uetr;        /* SWIFT gpi / ISO 20022 UETR, lower case */
	const char *reference; /* sender's reference (MT103 :20:, EndToEndId) */
	const char *details;     /* originator to beneficiary text */
} pr__wire_row;

/* A dated exchange rate: 1 unit of base is worth rate units of quote. */
typedef struct pr__rate_row {
	unsigned long line;
	pr_date date;
	const char *base;
	const char *quote;
	mpq_t rate;              /* canonical, > 0 */
	const char *source;
} pr__rate_row;

/* One side of an on-chain transaction: an input (where value comes from:
 * for UTXO chains the output it spends) or an output (where it goes). */
typedef struct pr__chain_move {
	const char *side;        /* "in" or "out" */
	const char *address;
	const char *asset;       /* "BTC", "ETH", or a token symbol */
	mpz_t value;             /* minor units of asset (satoshi, wei) */
	const char *prev_hash;   /* UTXO input: the transaction it spends */
	long prev_index;         /* its output index, or -1 */
} pr__chain_move;

/* An on-chain transaction. A failed one carries no value (its moves have
 * value 0) but its fee was paid. */
typedef struct pr__chain_row {
	unsigned long line;
	unsigned long record;
	const char *chain;       /* "BTC", "ETH" */
	const char *kind;        /* "utxo", "normal", "internal", "token" */
	const char *hash;        /* lower case, as the chain writes it */
	long block;              /* or -1 */
	const char *time;        /* UTC "YYYY-MM-DDTHH:MM:SSZ" */
	pr_date date;            /* the UTC day of time */
	const char *status;      /* "ok" or "failed" */
	const char *fee_asset;
	mpz_t fee;
	size_t n_moves;
	pr__chain_move *moves;
} pr__chain_row;

/*
 * A titled asset (kind "asset") or something that happened to one:
 * "funding" of its acquisition (method: wire, check, cash, mortgage ...),
 * "valuation" or "sale". Events name their asset by the file's own key.
 */
typedef struct pr__asset_row {
	unsigned long line;
	const char *kind;
	const char *ref;
	const char *class_;      /* assets only */
	const char *identifier;
	const char *description;
	const char *owner;
	const char *nominee;
	pr_date date;            /* acquired, paid, valued or sold */
	const char *currency;
	mpz_t amount;            /* cost, payment, value or sale price */
	const char *method;      /* events only */
	const char *party;
	const char *reference;
} pr__asset_row;

/*
 * An analyst's decision: "join" (subject and other are one movement),
 * "never-join" (they are not), or "owner" (subject, an address or
 * account, belongs to the party named in other). Evidence is named as
 * DOCUMENT:LINE, or tx:HASH for an on-chain transaction.
 */
typedef struct pr__decision_row {
	unsigned long line;
	const char *action;
	const char *subject;
	const char *other;
	const char *reason;
	/* Columns of subject and other, for the writer's messages about
	 * evidence the case does not hold. */
	unsigned long subject_column;
	unsigned long other_column;
} pr__decision_row;

/*
 * A line of the victims CSV: a party (kind "party": a victim, defendant
 * or other person, known in reports only by its pseudonym) or a control
 * line (kind "control": the party owns, signs on, controls or is the
 * nominee of an account or address, optionally between two dates).
 * Text the line does not give is "" (never NULL).
 */
typedef struct pr__party_row {
	unsigned long line;
	const char *kind;        /* "party" or "control" */
	const char *pseudonym;   /* V-1, D-2 ... */
	const char *role;        /* party: victim, defendant, other */
	const char *name;        /* party: the real name */
	const char *account;     /* control */
	const char *relation;    /* control: owner, signer, ... */
	int has_start, has_end;
	pr_date start, end;      /* control: inclusive */
	const char *note;        /* the control line's reason */
	unsigned long id_column; /* for the writer's messages */
} pr__party_row;

/*
 * A designation of proceeds: which inflows came from which origin (a
 * victim's pseudonym, "clean" or "unknown"), by one credit ("flow",
 * match is DOCUMENT:LINE), by text in the counterparty or description
 * ("counterparty"), by a '*' pattern over the description ("memo") or
 * by every credit of an account in a period ("account").
 */
typedef struct pr__designation_row {
	unsigned long line;
	const char *origin;
	const char *by;
	const char *match;
	const char *account;     /* "" when not limited to one */
	int has_start, has_end;
	pr_date start, end;
	const char *reason;
	const char *source;
	/* Columns, for the writer's messages about what is not in the
	 * case. */
	unsigned long origin_column;
	unsigned long match_column;
	unsigned long account_column;
} pr__designation_row;

/*
 * A line of the work CSV, for restitution: a period a victim worked
 * ("work", hours per workweek), an amount paid to the victim ("paid"),
 * a board-and-lodging credit the defendant claims ("lodging", per week
 * or for the period) or another loss ("loss"). Text the line does not
 * give is "" (never NULL).
 */
typedef struct pr__work_row {
	unsigned long line;
	const char *victim;      /* pseudonym */
	const char *kind;        /* work, paid, lodging, loss */
	pr_date start, end;      /* inclusive; end = start for one day */
	int64_t hours;           /* work: 1/100 hours per workweek */
	int64_t amount;          /* minor units (cents); 0 for work */
	const char *currency;    /* "USD", "" for work */
	const char *basis;       /* lodging: "week" or "period" */
	const char *source;
	/* Columns, for the writer's messages about the case. */
	unsigned long victim_column;
	unsigned long start_column;
} pr__work_row;

struct pr__asset_def_row;
struct pr__assets;

/* Where a reader sends what it reads. A non-zero return stops it. */
typedef struct pr__import_sink {
	int (*row)(const pr__bank_row *row, void *payload, pr_error *err);
	int (*statement)(const pr__statement_row *s, void *payload,
			 pr_error *err);
	int (*wire)(const pr__wire_row *w, void *payload, pr_error *err);
	int (*rate)(const pr__rate_row *r, void *payload, pr_error *err);
	int (*chain)(const pr__chain_row *c, void *payload, pr_error *err);
	int (*asset)(const pr__asset_row *a, void *payload, pr_error *err);
	int (*decision)(const pr__decision_row *d, void *payload,
			pr_error *err);
	int (*party)(const pr__party_row *p, void *payload, pr_error *err);
	int (*designation)(const pr__designation_row *d, void *payload,
			   pr_error *err);
	int (*work)(const pr__work_row *w, void *payload, pr_error *err);
	void *payload;
	/* A line of an asset table (import assets), and the case's asset
	 * table as the import began (NULL: the built-in table only). */
	int (*asset_def)(const struct pr__asset_def_row *a, void *payload,
			 pr_error *err);
	const struct pr__assets *assets;
} pr__import_sink;

/* What a reader learnt about the whole file. */
typedef struct pr__read_info {
	char sha256[PR_SHA256_HEX];
	uint64_t size;
	uint64_t records;
	uint64_t statements;
	int descending;         /* rows are newest first */
	uint64_t skipped;       /* rows a profile's skip_if left out */
	char skipped_by[128];   /* "Status: Pending, Cancelled" */
} pr__read_info;

int pr__bankcsv_read(const char *path, const char *name,
		     const pr_profile *p, const pr_import_options *o,
		     const pr__import_sink *sink, pr__read_info *info,
		     pr_error *err);

/*
 * Wire readers, one per format (src/lib/import/<format>.c). Each reads
 * the whole file, sends every transfer to sink->wire, fills info (SHA-256
 * of the file, size, records) and reports the first problem as
 * file:line:column. probe returns 1 when the first bytes look like its
 * format.
 */
typedef struct pr__wire_format {
	const char *name;
	int (*probe)(const char *head, size_t len);
	int (*read)(const char *path, const char *name,
		    const pr_import_options *o, const pr__import_sink *sink,
		    pr__read_info *info, pr_error *err);
} pr__wire_format;

int pr__wirecsv_probe(const char *head, size_t len);
int pr__wirecsv_read(const char *path, const char *name,
		     const pr_import_options *o, const pr__import_sink *sink,
		     pr__read_info *info, pr_error *err);
int pr__mt103_probe(const char *head, size_t len);
int pr__mt103_read(const char *path, const char *name,
		   const pr_import_options *o, const pr__import_sink *sink,
		   pr__read_info *info, pr_error *err);
int pr__fedwire_probe(const char *head, size_t len);
int pr__fedwire_read(const char *path, const char *name,
		     const pr_import_options *o, const pr__import_sink *sink,
		     pr__read_info *info, pr_error *err);
int pr__pacs008_probe(const char *head, size_t len);
int pr__pacs008_read(const char *path, const char *name,
		     const pr_import_options *o, const pr__import_sink *sink,
		     pr__read_info *info, pr_error *err);

/*
 * Statement formats a bank writes for machines, read without a profile
 * (import/<format>.c), by the same pattern as the wire readers: OFX/QFX
 * (through libofx), SWIFT MT940/MT942, ISO 20022 camt.052/053/054 and
 * BAI2. Each sends every entry to sink->row and every statement period
 * it can prove (opening and closing balances) to sink->statement.
 */
int pr__ofx_probe(const char *head, size_t len);
int pr__ofx_read(const char *path, const char *name,
		 const pr_import_options *o, const pr__import_sink *sink,
		 pr__read_info *info, pr_error *err);
int pr__mt940_probe(const char *head, size_t len);
int pr__mt940_read(const char *path, const char *name,
		   const pr_import_options *o, const pr__import_sink *sink,
		   pr__read_info *info, pr_error *err);
int pr__camt_probe(const char *head, size_t len);
int pr__camt_read(const char *path, const char *name,
		  const pr_import_options *o, const pr__import_sink *sink,
		  pr__read_info *info, pr_error *err);
int pr__bai2_probe(const char *head, size_t len);
int pr__bai2_read(const char *path, const char *name,
		  const pr_import_options *o, const pr__import_sink *sink,
		  pr__read_info *info, pr_error *err);

/* Whether the first bytes of a file contain s (ASCII case folded when
 * icase), for the probes. */
int pr__head_has(const char *head, size_t len, const char *s, int icase);

/* Where the DOCTYPE of an XML file's prolog starts in its first len
 * bytes, or NULL: the XML readers refuse one (import/msg.c). */
const char *pr__xml_prolog_doctype(const char *buf, size_t len);

/* The statement format whose probe takes the first bytes of a file, or
 * NULL: used to refuse, by name, a statement given to another import. */
const char *pr__statement_format_name(const char *head, size_t len);

/* Read a whole file (at most max bytes) into a NUL-terminated buffer,
 * hashing it; info->sha256 and info->size are filled (readfile.c). */
int pr__read_file(char **out, size_t *len_out, const char *path,
		  const char *name, size_t max, pr__read_info *info,
		  pr_error *err);

/* Line and column (1-based, bytes) of p in buf, for a message about it:
 * it scans from the start, so only on the error path. */
void pr__buf_loc(pr_loc *loc, const char *name, const char *buf,
		 const char *p);

/* Titled assets: the canonical property CSV (import/property.c). */
int pr__property_read(const char *path, const char *name,
		      const pr_import_options *o,
		      const pr__import_sink *sink, pr__read_info *info,
		      pr_error *err);

/* Rates: the canonical rates CSV (import/rates.c). */
int pr__rates_read(const char *path, const char *name,
		   const pr_import_options *o, const pr__import_sink *sink,
		   pr__read_info *info, pr_error *err);

/*
 * On-chain readers (import/<format>.c), by the same pattern as the wire
 * readers: Etherscan CSV exports (normal, internal, ERC-20 token
 * transfers) and explorer transaction JSON (UTXO chains, satoshi).
 */
int pr__etherscan_probe(const char *head, size_t len);
int pr__etherscan_read(const char *path, const char *name,
		       const pr_import_options *o,
		       const pr__import_sink *sink, pr__read_info *info,
		       pr_error *err);
int pr__chaincsv_probe(const char *head, size_t len);
int pr__chaincsv_read(const char *path, const char *name,
		      const pr_import_options *o,
		      const pr__import_sink *sink, pr__read_info *info,
		      pr_error *err);
int pr__explorer_probe(const char *head, size_t len);
int pr__explorer_read(const char *path, const char *name,
		      const pr_import_options *o,
		      const pr__import_sink *sink, pr__read_info *info,
		      pr_error *err);

/* Analyst decisions: the canonical decisions CSV (import/decisions.c). */
int pr__decisions_read(const char *path, const char *name,
		       const pr_import_options *o,
		       const pr__import_sink *sink, pr__read_info *info,
		       pr_error *err);

/* Victims, defendants and who controls which accounts: the canonical
 * victims CSV (import/victims.c). info->statements gets the number of
 * control lines, info->records that of parties. */
int pr__victims_read(const char *path, const char *name,
		     const pr_import_options *o, const pr__import_sink *sink,
		     pr__read_info *info, pr_error *err);

/* Designations of proceeds: the canonical designations CSV
 * (import/designations.c). */
int pr__designations_read(const char *path, const char *name,
			  const pr_import_options *o,
			  const pr__import_sink *sink, pr__read_info *info,
			  pr_error *err);

/* Work records for restitution: the canonical work CSV
 * (import/work.c). */
int pr__work_read(const char *path, const char *name,
		  const pr_import_options *o, const pr__import_sink *sink,
		  pr__read_info *info, pr_error *err);

/* Write one work line into the case, inside the import's transaction,
 * once its victim is known to be a victim of the case and a work or
 * lodging period is known not to overlap another of the same victim
 * (in this file or the case). @p name and the row's columns place the
 * messages. (import/work.c) */
int pr__work_write(pr_store *st, int64_t doc, const char *name,
		   const pr__work_row *r, pr_error *err);

/*
 * The small kinds (decisions, victims, designations, work, asset
 * tables) are an analyst's lines, not a bank's rows: the reader's
 * callback writes each line straight into the case, inside the import's
 * transaction, through these (the bulk kinds go through import.c's
 * pipeline). Each checks what the line names against the case first
 * and refuses it at @p name, the line and the column of what is wrong.
 * @p doc is the document being imported.
 */
int pr__decision_write(pr_store *st, int64_t doc, const char *name,
		       const pr__decision_row *d, pr_error *err);
int pr__party_write(pr_store *st, int64_t doc, const char *name,
		    const pr__party_row *r, pr_error *err);

/* The rules (by counterparty, memo or account) of a designations file,
 * kept by pr__designation_write until pr__rules_resolve finds an inflow
 * for each in one pass over the case's inflows (import/designations.c).
 * Free with pr__rules_free (NULL is fine). */
typedef struct pr__rules pr__rules;
int pr__designation_write(pr_store *st, int64_t doc, const char *name,
			  pr__rules **rules, const pr__designation_row *d,
			  pr_error *err);
/* PR_ENOTFOUND, at its line, for the first rule that designates no
 * inflow of the case; the rules are then done (none kept) on success. */
int pr__rules_resolve(pr__rules *rules, pr_store *st, const char *name,
		      pr_error *err);
/* When the file failed with @p rc at a later line: the error of an
 * earlier rule that designates nothing, when there is one (it comes
 * first in the file), into err and returned; otherwise rc. */
int pr__rules_first(pr__rules *rules, pr_store *st, const char *name,
		    int rc, pr_error *err);
void pr__rules_free(pr__rules *rules);

/* DOCUMENT:LINE (as the readers leave it: the line in plain decimal) as
 * a document of the case, named by its file name or, when two share
 * one, by the start of its SHA-256 (never @p self, the document being
 * imported), and the line. Messages at loc. (import/decisions.c) */
int pr__evidence_doc(pr_store *st, int64_t self, const char *ref,
		     pr_loc *loc, int64_t *doc_out, unsigned long *line_out,
		     pr_error *err);
/* Whether a record of the case starts on that line of document doc: a
 * bank or exchange row, a wire, an on-chain transaction, an asset or an
 * asset's event (1 or 0 in *found). */
int pr__evidence_exists(pr_store *st, int64_t doc, unsigned long line,
			int *found, pr_error *err);
/* The party of pseudonym p: *id 0 when the case has none, otherwise its
 * id, role, and the document and line that defined it (copied).
 * (import/victims.c) */
int pr__party_find(pr_store *st, const char *p, int64_t *id, char *role,
		   size_t role_size, char *where, size_t where_size,
		   pr_error *err);
/* A location in the file being imported, for the writers' messages. */
void pr__import_loc(pr_loc *loc, const char *name, unsigned long line,
		    unsigned long column);

/* The lookups pr__work_write runs per line: the victim by pseudonym,
 * and an overlapping period of the same victim and kind. */
extern const char pr__work_find_sql[];
extern const char pr__work_overlap_sql[];

/* Whether text is a pseudonym: 1 to 8 capital letters, '-' and a number
 * from 1 to 999999 without leading zeros (V-1, D-12, W-3). */
int pr__pseudonym_ok(const char *s, size_t len);

int pr__statements_read(const char *path, const char *name,
			const pr_import_options *o,
			const pr__import_sink *sink, pr__read_info *info,
			pr_error *err);

/*
 * The case's asset table (src/lib/assets.c): tokens by code, with their
 * decimals and, for a token, its chain and contract. import assets reads
 * the canonical assets CSV (import/assetcsv.c) into it.
 */
typedef struct pr__assets pr__assets;

typedef struct pr__asset_def_row {
	unsigned long line;
	const char *code;        /* canonical: A-Z, 0-9, 1 to 15 */
	unsigned decimals;       /* 0 to 36 */
	const char *chain;       /* "" or a chain's code: ETH, TRX ... */
	const char *contract;    /* "" or its address (0x.. lower case) */
	const char *source;      /* where the decimals were read */
	unsigned long decimals_column; /* for the writer's messages */
	unsigned long contract_column;
} pr__asset_def_row;

int pr__assetcsv_read(const char *path, const char *name,
		      const pr_import_options *o,
		      const pr__import_sink *sink, pr__read_info *info,
		      pr_error *err);

/* Write one asset line into the case, inside the import's transaction,
 * once it agrees with the built-in table and the case (assets.c). */
int pr__asset_def_write(pr_store *st, int64_t doc, const char *name,
			const pr__asset_def_row *r, pr_error *err);

/* The case's asset table, read once per import; free with
 * pr__assets_free (NULL is fine). */
int pr__assets_load(pr__assets **out, pr_store *st, pr_error *err);
void pr__assets_free(pr__assets *a);

/*
 * An asset code as written ("usdt", "USDT-TRC20", "ETH (ERC20)",
 * "BUSDBEP20", "XBT") made the one code of the asset ("USDT", "ETH",
 * "BUSD", "BTC") by the network and alias tables of assets.c, into out.
 * Returns its length, or 0 when what is left is not 1 to 15 letters and
 * digits.
 */
size_t pr__asset_code(char *out, size_t size, const char *s, size_t n);

/* The asset s names (normalised as above): the built-in table's, else
 * the case's; NULL when neither knows it. The pointer lives as long as
 * the table. */
const pr_currency *pr__assets_find(const pr__assets *a, const char *s,
				   size_t n);

/* The token at a contract address on a chain ("ETH"): the case's, else
 * one the built-in table knows (USDT, USDC and DAI on Ethereum); NULL
 * when unknown. The address is compared in lower case. */
const pr_currency *pr__assets_contract(const pr__assets *a,
				       const char *chain,
				       const char *address);

/* The message for an asset neither table knows, saying how to add it.
 * Returns msg. */
const char *pr__assets_unknown(char *msg, size_t size, const char *s,
			       size_t n);

/* OFAC's legacy CSV files (import/ofac.c). The index of a kind of file
 * in its table by kind ("sdn") or, when by_name, by file name (any
 * directory, any case: "sdn.csv"); -1 when none. */
int pr__ofac_kind(const char *kind_or_name, int by_name);

/* What pr__ofac_scan_remarks found: a weak alias (a: "aka", "fka" or
 * "nka"; b: the name) or a digital-currency address (a: the currency
 * code as written, b: the address), at offset at of the remarks. */
enum { PR__OFAC_WEAK, PR__OFAC_WALLET };
typedef int (*pr__ofac_remark_cb)(int what, size_t at, const char *a,
				  size_t alen, const char *b, size_t blen,
				  void *payload, pr_error *err);

/* Every weak alias and digital-currency address of remarks @p s, in
 * order; a non-zero return of @p cb stops and is returned. */
int pr__ofac_scan_remarks(const char *s, pr__ofac_remark_cb cb,
			  void *payload, pr_error *err);

#endif
