/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A bank CSV profile, as the reader sees it. */
#ifndef PR_LIB_PROFILE_H
#define PR_LIB_PROFILE_H

#include "common.h"
#include "csvread.h"

#define PR_PROFILE_MAX_DESC 8
#define PR_PROFILE_MAX_OPS 256   /* operation names of an exchange */

/* What an exchange row is: the op_* key that names its operation. */
enum pr__op {
	PR_OP_DEPOSIT,
	PR_OP_WITHDRAWAL,
	PR_OP_TRADE,
	PR_OP_FEE,
	PR_OP_OTHER      /* stored as the file's own name, lower-cased */
};

/* One operation name of the file and what it means. */
typedef struct pr__opname {
	char *name;          /* exactly as the file writes it */
	enum pr__op op;
	unsigned long line;  /* profile line that mapped it */
} pr__opname;

/* skip_if = COLUMN: V1, V2: rows whose cell is exactly one of the values
 * are not transactions (pending, cancelled); each is counted. */
#define PR_PROFILE_MAX_SKIP 16
#define PR_PROFILE_MAX_SKIPVAL 32

/* A column reference: a header name, or a 1-based position (#N). */
typedef struct pr__colref {
	char *name;          /* NULL when by position or unset */
	unsigned long pos;   /* 1-based; 0 when by name or unset */
	unsigned long line;  /* profile line that set it, for messages */
} pr__colref;

typedef struct pr__skiprule {
	pr__colref col;
	char *text;          /* the column as the profile names it */
	char *val[PR_PROFILE_MAX_SKIPVAL];
	size_t n_val;
} pr__skiprule;

/* A cell of the preamble: line and field, both 1-based. */
typedef struct pr__cellref {
	unsigned long line;
	unsigned long field;
} pr__cellref;

struct pr_profile {
	char *path;
	char *name;
	char sha256[PR_SHA256_HEX];
	unsigned char delim;
	unsigned char quote;
	enum pr__encoding encoding;
	unsigned long preamble;
	int header;
	int descending;
	char *date_format;
	pr_money_style style;
	int negate;           /* amounts are written with the opposite sign */
	int signed_debits;    /* debit column values carry their own sign */
	int balance_before;   /* balance column is the balance before the row */
	char *currency;
	char *credit_marker;
	char *debit_marker;
	pr__colref date, value_date, amount, debit, credit, direction;
	pr__colref balance, reference, counterparty, counter_account;
	pr__colref account, currency_col;
	pr__colref desc[PR_PROFILE_MAX_DESC];
	size_t n_desc;
	pr__cellref account_cell, opening_cell, closing_cell, period_cell;
	pr__cellref currency_cell; /* the statement's currency */
	/* Exchange account histories. A profile that sets any of these is
	 * an exchange profile (exchange = 1): import exchange only. */
	int exchange;
	int has_time;         /* date_format reads a time of day */
	int trade_by_time;    /* trade = @time: legs share the time */
	pr__colref operation, tx_hash, address, trade;
	pr__opname ops[PR_PROFILE_MAX_OPS];
	size_t n_ops;
	/* Structure of real exports (docs/profiles.md, "Rows the profile
	 * skips" and after). */
	pr__skiprule skip[PR_PROFILE_MAX_SKIP];
	size_t n_skip;
	unsigned long skip_after_header; /* records right after the header */
	unsigned long footer_lines;      /* physical lines at the end */
	char *footer_starts;  /* a record whose text starts so ends rows */
	int ragged;           /* short records read empty; extra blank ok */
	int strip_apostrophe; /* Excel's leading ' before 0123, +49, =... */
	int scale;            /* -1, or amounts are integers of 10^-scale */
	pr__colref fee;       /* added to the amount, by fees */
	int fees;             /* 0 unset, FEES_SIGNED or FEES_POSITIVE */
	pr__colref cp_credit, cp_debit; /* counterparty by direction */
	pr__cellref period_start_cell, period_end_cell;
	/* operation = @deposit or @withdrawal: a file of one kind, with no
	 * operation column (0: read the column). */
	int fixed_op;         /* 0, or 1 + enum pr__op */
	/* Rows that hold both legs of a trade (sent_amount ...): each row
	 * becomes a debit of the sent asset, a credit of the received one
	 * and a fee debit in fee_asset (two_legs = 1). */
	int two_legs;
	pr__colref sent_amount, sent_asset, recv_amount, recv_asset;
	pr__colref fee_asset;
};

#define PR_FEES_SIGNED 1    /* the fee carries its sign: amount + fee */
#define PR_FEES_POSITIVE 2  /* the fee is money out: amount - fee */

#endif
