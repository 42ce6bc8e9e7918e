/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * BSA reports (SARs and CTRs) between their readers (import/bsaxml.c,
 * import/bsacsv.c) and the case (bsa.c). A SAR is confidential (31
 * U.S.C. 5318(g)(2)): these records live in the bsa_ tables only, which
 * no command but import bsa and bsa reads (docs/bsa.md).
 */
#ifndef PR_LIB_BSA_H
#define PR_LIB_BSA_H

#include <stdint.h>
#include "common.h"
#include "import.h"

/* A party of a report: its role (FinCEN's ActivityPartyTypeCode), its
 * legal name as filed (individual: first middle last suffix), other
 * names, identifiers, and for a CTR the cash it conducted. Text the
 * report does not give is "" (never NULL). */
typedef struct pr__bsa_party {
	unsigned long line;
	int role_code;          /* 30 filer, 33 subject, 50 ... */
	char *name;
	char *aka;              /* "; "-separated */
	char *tin;
	char *birth_date;       /* YYYY-MM-DD, or "" */
	char *ids;              /* "EIN 12-...; passport X" */
	int has_in, has_out;
	int64_t cash_in, cash_out; /* cents */
} pr__bsa_party;

/* An account a report names: its number as filed (masked when it holds
 * X or '*'), the party it is under (index into parties, or -1) and how
 * (PartyAccountAssociationTypeCode; 0 unknown). */
typedef struct pr__bsa_account {
	unsigned long line;
	long party;
	char *number;
	int assoc;
} pr__bsa_account;

/* One line of a CTR's cash by kind (CurrencyTransactionActivityDetail). */
typedef struct pr__bsa_cash {
	unsigned long line;
	int code;               /* 55 deposit(s), 56 withdrawal(s) ... */
	int in;                 /* 1 cash in, 0 cash out */
	int64_t amount;         /* cents */
} pr__bsa_cash;

typedef struct pr__bsa_report {
	unsigned long line;     /* the Activity element (or CSV line) */
	const char *kind;       /* "SAR" or "CTR" */
	char *bsa_id;           /* BSA ID or document control number */
	char *prior;            /* prior report's BSA ID, or "" */
	pr_date filing_date;
	char *filer;
	char *filer_tin;
	int has_from, has_to;
	pr_date from, to;       /* activity period; a CTR's transaction day */
	int has_amount;
	int64_t amount;         /* SAR: total suspicious amount, cents */
	int has_in, has_out;
	int64_t cash_in, cash_out; /* CTR totals, cents */
	char *categories;       /* SAR: "TYPE/SUBTYPE" "; "-separated */
	int trafficking;        /* SAR: the human trafficking box (927) */
	char *narrative;
	size_t n_parties, n_accounts, n_cash;
	pr__bsa_party *parties;
	pr__bsa_account *accounts;
	pr__bsa_cash *cash;
} pr__bsa_report;

typedef int (*pr__bsa_sink)(const pr__bsa_report *r, void *payload,
			    pr_error *err);

/* Read a FinCEN SAR or CTR XML batch (import/bsaxml.c), sending each
 * report to sink; info gets the file's SHA-256, size and number of
 * reports. *format_out is "SARX" or "CTRX". */
int pr__bsaxml_read(const char *path, const char *name,
		    pr__bsa_sink sink, void *payload, const char **format_out,
		    pr__read_info *info, pr_error *err);
int pr__bsaxml_probe(const char *head, size_t len);
/* The canonical BSA CSV (import/bsacsv.c, docs/formats.md). */
int pr__bsacsv_read(const char *path, const char *name,
		    pr__bsa_sink sink, void *payload, pr__read_info *info,
		    pr_error *err);

/* Free what a reader put in r (not r itself) and zero it. */
void pr__bsa_report_clear(pr__bsa_report *r);

/* The role of a FinCEN ActivityPartyTypeCode ("subject", "filer" ...),
 * or NULL for one this reader does not keep. */
const char *pr__bsa_role(int code);

/*
 * A name made comparable: NFKC, case folding and marks stripped
 * (utf8proc), every character that is not a letter or digit a space,
 * the words sorted and joined by one space ("REED, Marcus" and "marcus
 * reed" give "marcus reed"). Into out (pr__malloc'd). One function, so
 * that the screening's fuller normaliser can replace it.
 */
int pr__bsa_name_norm(char **out, const char *name);

#endif
