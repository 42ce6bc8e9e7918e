/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Restitution per victim (18 U.S.C. 1593): the FLSA value of the work,
 * the gross proceeds traced, shares of defendants, and the pro-rata
 * split of a forfeited fund (remission, 28 CFR Part 9). */
#ifndef PROCEEDS_RESTITUTION_H
#define PROCEEDS_RESTITUTION_H

#include <stdio.h>
#include <gmp.h>
#include "common.h"
#include "date.h"
#include "report.h"
#include "store.h"
#include "trace.h"

/**
 * The federal minimum wage in force on @p day, in cents per hour:
 * 265 from 1978-01-01, 290 from 1979-01-01, 310 from 1980-01-01, 335
 * from 1981-01-01, 380 from 1990-04-01, 425 from 1991-04-01, 475 from
 * 1996-10-01, 515 from 1997-09-01, 585 from 2007-07-24, 655 from
 * 2008-07-24 and 725 from 2009-07-24 on.
 *
 * @param out [out] cents per hour
 * @return PR_OK, or PR_EINVALID for a day before 1978-01-01 (the
 *         table's start; message names the day)
 */
PR_EXTERN int pr_flsa_federal_wage(long *out, pr_date day, pr_error *err);

/** A state minimum-wage table: dated hourly rates. Opaque. */
typedef struct pr_wage_table pr_wage_table;

/**
 * Read a state minimum-wage table: a CSV with header "from,rate", each
 * line an ISO date and the hourly rate in dollars (at most 2 decimals)
 * in force from that day until the next line's; lines in date order.
 * Before its first date the table gives no rate.
 *
 * @param out [out] the table, free with pr_wage_table_free
 * @return PR_OK; PR_EPARSE with err->loc at the line and column;
 *         PR_ENOTFOUND or PR_EIO for the file
 */
PR_EXTERN int pr_wage_table_load(pr_wage_table **out, const char *path,
				 pr_error *err);
PR_EXTERN void pr_wage_table_free(pr_wage_table *t);
/** The SHA-256 of the table's file (borrowed), for the parameters. */
PR_EXTERN const char *pr_wage_table_sha256(const pr_wage_table *t);

/**
 * The minimum wage of @p day: the federal rate, or the state rate of
 * @p state (may be NULL) where that is higher. Cents per hour.
 * @return PR_OK or PR_EINVALID (a day before 1978-01-01)
 */
PR_EXTERN int pr_flsa_wage(long *out, pr_date day,
			   const pr_wage_table *state, pr_error *err);

/**
 * The exact FLSA value, in cents, of work from @p start to @p end
 * (inclusive) at @p hours hundredths of an hour per workweek.
 * Workweeks are 7 days from @p start; a last, shorter week counts
 * hours x days / 7. Hours are spread evenly over the days of each
 * workweek, so a workweek whose days have different minimum wages is
 * paid at the weighted-average regular rate (29 CFR 778.115): the mean
 * of its days' rates. Each workweek pays rate x hours up to 40 and
 * 1.5 x rate for the hours past 40. Nothing is rounded: the caller
 * rounds a line once.
 *
 * @param out [out] cents, exact (an mpq_t initialised by the caller)
 * @param spanning_out [out] may be NULL: how many workweeks had more
 *        than one rate
 * @return PR_OK; PR_EINVALID for a day before 1978-01-01, @p end before
 *         @p start, or hours outside 0..16800
 */
PR_EXTERN int pr_flsa_value(mpq_t out, pr_date start, pr_date end,
			    long hours, const pr_wage_table *state,
			    unsigned long *spanning_out, pr_error *err);

/** Round an exact number of cents half away from zero into @p out. */
PR_EXTERN void pr_round_cents(mpz_t out, const mpq_t cents);

/** Options of a restitution. Start from PR_RESTITUTION_OPTIONS_INIT. */
typedef struct pr_restitution_options {
	int liquidated;       /**< add FLSA liquidated damages (an equal
				   amount of the unpaid wages) */
	int credit_lodging;   /**< compare the FLSA value less the board
				   and lodging credits (default: without
				   them; both are shown) */
	int apportion;        /**< apportion among defendants (default:
				   joint and several) */
	const pr_wage_table *state; /**< or NULL: federal only */
	pr_trace_options trace; /**< for the gross proceeds */
} pr_restitution_options;

#define PR_RESTITUTION_OPTIONS_INIT { 0, 0, 0, NULL, \
				      PR_TRACE_OPTIONS_INIT }

/** One victim's figures, in cents (USD). */
typedef struct pr_restitution_victim {
	const char *victim;   /**< pseudonym */
	mpz_t gross;          /**< proceeds that came in as the victim's */
	mpz_t flsa;           /**< FLSA value of the work, no credits */
	mpz_t credits;        /**< board and lodging credits claimed */
	mpz_t flsa_credited;  /**< flsa less credits, at least 0 */
	mpz_t paid;           /**< amounts paid to the victim */
	mpz_t unpaid;         /**< the FLSA value compared, less paid,
				   at least 0 */
	mpz_t liquidated;     /**< = unpaid when liquidated, else 0 */
	mpz_t flsa_due;       /**< unpaid + liquidated */
	mpz_t greater;        /**< max(gross, flsa_due) */
	int flsa_greater;     /**< 1 when flsa_due > gross */
	mpz_t losses;         /**< other losses (loss lines) */
	mpz_t total;          /**< losses + greater: the restitution */
	unsigned long weeks;  /**< workweeks worked */
	unsigned long spanning; /**< of them, spanning a wage change */
} pr_restitution_victim;

/** A work line of the case with what it counts for. */
typedef struct pr_restitution_line {
	const char *victim;
	const char *kind;     /**< work, paid, lodging, loss */
	pr_date start, end;
	long hours;           /**< work: 1/100 hours per workweek */
	const char *basis;    /**< lodging: week or period */
	mpz_t amount;         /**< work: FLSA value; lodging: credit; paid,
				   loss: the amount; rounded once */
	long rate_low, rate_high; /**< work: minimum wages met, cents */
	const char *source;
	const char *document;
	unsigned long line;
} pr_restitution_line;

typedef struct pr_restitution pr_restitution;

/**
 * Compute restitution for every victim of the case: the work lines
 * (pr_import_work), the gross proceeds from @p trace, or from a trace
 * run with o->trace when @p trace is NULL (the inflows designated as
 * the victim's, in USD), and the defendants' shares from the control
 * table (pr_store_parties).
 *
 * @param out [out] free with pr_restitution_free
 * @return PR_OK; PR_EINVALID (a trace refused, a bad work line), PR_EDB,
 *         PR_ENOMEM
 */
PR_EXTERN int pr_restitution_run(pr_restitution **out, pr_store *st,
				 const pr_trace *trace,
				 const pr_restitution_options *o,
				 pr_error *err);
PR_EXTERN void pr_restitution_free(pr_restitution *r);

/** Victims by pseudonym, borrowed until pr_restitution_free. */
PR_EXTERN size_t pr_restitution_victim_count(const pr_restitution *r);
PR_EXTERN const pr_restitution_victim *
pr_restitution_victim_at(const pr_restitution *r, size_t i);

/** Work lines by victim, then start date, document and line. */
PR_EXTERN size_t pr_restitution_line_count(const pr_restitution *r);
PR_EXTERN const pr_restitution_line *
pr_restitution_line_at(const pr_restitution *r, size_t i);

/** Defendants by pseudonym, and what defendant @p d owes victim @p v:
 *  the whole restitution when joint and several, else its share. */
PR_EXTERN size_t pr_restitution_defendant_count(const pr_restitution *r);
PR_EXTERN const char *pr_restitution_defendant(const pr_restitution *r,
					       size_t d);
PR_EXTERN mpz_srcptr pr_restitution_owed(const pr_restitution *r,
					 size_t v, size_t d);
/** How defendant @p d's share of victim @p v was found, for apportioned
 *  restitution: "proceeds" (by what entered the defendant's accounts)
 *  or "equal" (none did); "joint" otherwise. */
PR_EXTERN const char *pr_restitution_basis(const pr_restitution *r,
					   size_t v);
PR_EXTERN int pr_restitution_joint(const pr_restitution *r);

/** The method and switches, for the head of every output (borrowed). */
PR_EXTERN const char *pr_restitution_parameters(const pr_restitution *r);

/**
 * Split a forfeited fund among victims of one class pro rata to their
 * losses (28 CFR Part 9): when the fund covers every loss, each gets
 * its loss and the rest is left over; otherwise shares to the cent by
 * largest remainder (ties to the lower index), summing exactly to the
 * fund, none above its loss. Example: 6000000 by 5000000, 3000000,
 * 2000000 gives 3000000, 1800000, 1200000.
 *
 * @param shares   [out] n initialised mpz_t
 * @param leftover [out] what the losses did not take
 * @param fund     at least 0
 * @param losses   n amounts, each at least 0
 * @return PR_OK; PR_EINVALID for a negative fund or loss
 */
PR_EXTERN int pr_remission_split(mpz_t *shares, mpz_t leftover,
				 const mpz_t fund, const mpz_t *losses,
				 size_t n, pr_error *err);

/** Write a restitution as a table, CSV (RFC 4180) or JSON. */
PR_EXTERN int pr_report_restitution(FILE *fp, const pr_restitution *r,
				    pr_format fmt, pr_error *err);

/**
 * Write the remission of @p fund (cents) to the victims of @p r: the
 * costs first (up to the fund), then the victims pro rata to their
 * restitution by pr_remission_split.
 */
PR_EXTERN int pr_report_remission(FILE *fp, const pr_restitution *r,
				  const mpz_t fund, const mpz_t costs,
				  pr_format fmt, pr_error *err);

#endif
