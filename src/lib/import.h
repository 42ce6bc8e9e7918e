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

/* Where a reader sends what it reads. A non-zero return stops it. */
typedef struct pr__import_sink {
	int (*row)(const pr__bank_row *row, void *payload, pr_error *err);
	int (*statement)(const pr__statement_row *s, void *payload,
			 pr_error *err);
	void *payload;
} pr__import_sink;

/* What a reader learnt about the whole file. */
typedef struct pr__read_info {
	char sha256[PR_SHA256_HEX];
	uint64_t size;
	uint64_t records;
	uint64_t statements;
	int descending;         /* rows are newest first */
} pr__read_info;

int pr__bankcsv_read(const char *path, const char *name,
		     const pr_profile *p, const pr_import_options *o,
		     const pr__import_sink *sink, pr__read_info *info,
		     pr_error *err);

int pr__statements_read(const char *path, const char *name,
			const pr_import_options *o,
			const pr__import_sink *sink, pr__read_info *info,
			pr_error *err);

#endif
