/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * make bench-cli: the commands a user types, end to end, on a case made
 * like a real one, against a peer (ledger-cli) and a floor (plain C LIBR)
 * on the same transfers.
 *
 * The generator (fixed seed, version GEN_VERSION) writes what a user
 * brings: 1,000 accounts at three Dutch banks, exported as each bank
 * writes its CSV and read by the shipped profiles (asn: no header, one
 * account per row, balance before the row; knab: a preamble line, ';',
 * newest first; ing-nl: Af/Bij and a decimal comma, no balance), one file
 * per bank and quarter over 2024-2025; the statements CSV, one statement
 * per account and month, each reconciling; victims (100 victims, 10
 * defendants who own the accounts the victims paid into) and their
 * designations by counterparty. Of N flows, 87% are transfers between
 * the case's accounts seen on both sides (the debit names the other
 * IBAN; the credit up to 2 business days later), 6.5% inflows from
 * outside (one in five a victim's), 6.5% outflows to outside payees; an
 * account only sends what it holds. Also written: a decisions file
 * (N/10 never-join lines) and designations by DOCUMENT:LINE (N/10
 * credits), which are imported last and timed; the same flows as a
 * ledger-cli journal; and flows.txt, the same flows one per line,
 * which the floor reads.
 *
 * The case is kept in BUILDDIR/bench/cli-cases/N-vGEN_VERSION: a rerun
 * reuses it (and says so on stderr). Each run copies it and runs, as a
 * child process with a time limit (BENCH_LIMIT, default 600 s), every
 * command the way a user types it: its wall time and peak memory.
 * N = 10^5 and 10^6 (10^7 with BENCH_BIG=1; --flows N for one size).
 */
#define _DEFAULT_SOURCE 1 /* wait4, setpgid */
#include "config.h"
#include "common.h"
#include "bench_util.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* bump when the generated files change: it names the cached cases */
#define GEN_VERSION 1
#define ACCOUNTS 1000
#define VICTIMS 100
#define DEFENDANTS 10
#define BANKS 3
#define QUARTERS 8
#define FILES (BANKS * QUARTERS)
#define MONTHS 24
#define MAXDAYS 600

enum { K_XFER, K_IN, K_OUT };
enum { B_ASN, B_KNAB, B_ING };

static const char *const bank_code[BANKS] = { "ASNB", "KNAB", "INGB" };
static const char *const bank_profile[BANKS] = { "asn", "knab", "ing-nl" };
static const char *const bank_file[BANKS] = {
	"asn_transactie-historie", "knab_transactieoverzicht", "ing_af-bij"
};

/* One bank row. */
struct row {
	int64_t amount;   /* cents; < 0 a debit */
	int64_t before;   /* the account's balance before it */
	uint32_t flow;    /* which flow (0-based) */
	uint32_t line;    /* its line in its file */
	int32_t acct;
	int32_t other;    /* the other account of a transfer, or -1 */
	uint16_t day;     /* business day index */
	uint16_t who;     /* inflow: victim (1..) or 0; outside party */
	uint8_t file;
	uint8_t kind;
};

struct gcase {
	long n;
	struct row *rows;
	long nrows;
	int ndays;
	pr_date date[MAXDAYS];
	int month[MAXDAYS];         /* 0..MONTHS-1 */
	long file_rows[FILES];
	int64_t opening[ACCOUNTS][MONTHS + 1];
};

static const char *const surnames[] = {
	"JANSEN", "DE VRIES", "VAN DEN BERG", "BAKKER", "VISSER", "SMIT",
	"MEIJER", "DE BOER", "MULDER", "DE GROOT", "BOS", "VOS", "PETERS",
	"HENDRIKS", "VAN LEEUWEN", "DEKKER", "BROUWER", "DE WIT", "DIJKSTRA",
	"SMITS"
};
static const char *const outside[] = {
	"ALBERT HEIJN 1187", "SHELL STATION A12", "ZIGGO BV",
	"VATTENFALL KLANTEN BV", "BELASTINGDIENST", "KPN BV",
	"BOL.COM BV", "WONINGSTICHTING HAAG", "ANWB BV", "NS REIZIGERS",
	"COOLBLUE BV", "HOTEL DE KROON", "AUTOBEDRIJF VAN DAM",
	"JUWELIER STEENMAN", "MAKELAARDIJ OOST"
};
static const char *const payers[] = {
	"SALARIS ACME LOGISTICS BV", "UWV UITKERING", "HORECA DE HAVEN BV",
	"SCHOONMAAK NOORD BV", "VERKOOP MARKTPLAATS", "KLANT BETALING"
};
static const char *const memos[] = {
	"huur", "factuur", "lening", "terugbetaling", "voorschot",
	"spaarrekening", "diensten", "onkosten", "aflossing", "bijdrage"
};

static int
victim_acct(int k)
{
	return (k - 1) * 10;
}

static int
bank_of(int a)
{
	return a % BANKS;
}

/* The IBAN of account a, check digits and all (ISO 13616, mod 97). */
static void
iban_compute(char buf[24], int a)
{
	char bban[32];
	const char *p;
	unsigned r = 0;

	/* the last four digits 1000..1999: no outside IBAN has them (the
	 * matcher compares accounts by their last four digits too) */
	snprintf(bban, sizeof(bban), "%s%06d%04d", bank_code[bank_of(a)],
		 (a * 7919) % 1000000, 1000 + a);
	/* the BBAN, then "NL00", letters as 10..35, mod 97 */
	for (p = bban; *p; p++)
		r = *p >= 'A' && *p <= 'Z' ?
		    (r * 100 + (unsigned)(*p - 'A' + 10)) % 97 :
		    (r * 10 + (unsigned)(*p - '0')) % 97;
	for (p = "NL00"; *p; p++)
		r = *p >= 'A' ? (r * 100 + (unsigned)(*p - 'A' + 10)) % 97 :
		    (r * 10) % 97;
	snprintf(buf, 24, "NL%02u%.14s", 98 - r, bban);
}

/* The IBAN of account a, computed once. */
static void
iban(char buf[24], int a)
{
	static char table[ACCOUNTS][24];

	if (table[a][0] == '\0')
		iban_compute(table[a], a);
	memcpy(buf, table[a], 24);
}

/* An IBAN outside the case, for outside party p. */
static void
outside_iban(char buf[24], int p)
{
	snprintf(buf, 24, "NL%02dRABO%06d%04d", 10 + p % 89, 300000 + p,
		 5000 + p);
}

static void
holder(char buf[40], int a)
{
	snprintf(buf, 40, "%s %03d",
		 surnames[a % (int)(sizeof(surnames) / sizeof(*surnames))],
		 a);
}

static void
victim_name(char buf[40], int k)
{
	snprintf(buf, 40, "%c %s %03d", 'A' + k % 26,
		 surnames[(k * 7) % (int)(sizeof(surnames) /
					  sizeof(*surnames))], k);
}

/* Cents as text: sep is the decimal mark, th the thousands separator
 * ('\0': none); sign: whether to write '-'. */
static void
amount_text(char buf[40], int64_t c, char sep, char th, int sign)
{
	unsigned long long a = c < 0 ? (unsigned long long)-c :
			       (unsigned long long)c;
	char whole[32], out[40];
	int len, i, j = 0;

	len = snprintf(whole, sizeof(whole), "%llu", a / 100);
	if (sign && c < 0)
		out[j++] = '-';
	for (i = 0; i < len; i++) {
		if (th && i > 0 && (len - i) % 3 == 0)
			out[j++] = th;
		out[j++] = whole[i];
	}
	snprintf(out + j, sizeof(out) - (size_t)j, "%c%02llu", sep, a % 100);
	snprintf(buf, 40, "%s", out);
}

static int
gen_days(struct gcase *g)
{
	pr_date d0, d1, d;
	int y, m, dd;

	if (pr_date_from_ymd(&d0, 2024, 1, 1, NULL) != PR_OK ||
	    pr_date_from_ymd(&d1, 2025, 12, 31, NULL) != PR_OK)
		return -1;
	g->ndays = 0;
	for (d = d0; d <= d1; d++) {
		/* 1970-01-01 was a Thursday: d % 7 == 2 Saturday, 3 Sunday */
		if (d % 7 == 2 || d % 7 == 3)
			continue;
		pr_date_to_ymd(d, &y, &m, &dd);
		g->date[g->ndays] = d;
		g->month[g->ndays] = (y - 2024) * 12 + m - 1;
		g->ndays++;
	}
	return 0;
}

static int
push(struct row **rows, long *n, long *cap, const struct row *r)
{
	if (*n == *cap) {
		long c = *cap ? *cap * 2 : 1 << 16;
		struct row *p = realloc(*rows, (size_t)c * sizeof(**rows));

		if (p == NULL)
			return -1;
		*rows = p;
		*cap = c;
	}
	(*rows)[(*n)++] = *r;
	return 0;
}

/*
 * The flows, in date order, as rows: a transfer is a debit and a credit
 * up to 2 business days later. An account spends only what it held at
 * the start of the day, so that no order of one day's rows (the trace's
 * intraday order is by document and line, whatever the bank's) meets a
 * shortfall. Then the rows in day order (stable), each with its
 * file, line and the balance before it, and each account's balance at
 * the start of every month.
 */
static int
gen(struct gcase *g, long n)
{
	static int64_t bal[ACCOUNTS], pending[4][ACCOUNTS];
	uint64_t seed = 20261208;
	struct row *raw = NULL, r;
	long cap = 0, nraw = 0, i, inflows = 0;
	long *at = NULL;
	int64_t run[ACCOUNTS];
	long seen[FILES];
	int cur = -1, a, d;

	memset(bal, 0, sizeof(bal));
	memset(pending, 0, sizeof(pending));
	g->n = n;
	if (gen_days(g) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		uint64_t x = splitmix(&seed), y = splitmix(&seed);
		int kind, victim = 0;

		d = (int)(i * (long)g->ndays / n);
		while (cur < d) {
			cur++;
			for (a = 0; a < ACCOUNTS; a++) {
				bal[a] += pending[cur % 4][a];
				pending[cur % 4][a] = 0;
			}
		}
		kind = x % 1000 < 65 ? K_IN : x % 1000 < 130 ? K_OUT : K_XFER;
		a = (int)((x >> 10) % ACCOUNTS);
		if (kind != K_IN && bal[a] < 200)
			kind = K_IN;
		memset(&r, 0, sizeof(r));
		r.flow = (uint32_t)i;
		r.day = (uint16_t)d;
		r.other = -1;
		r.kind = (uint8_t)kind;
		if (kind == K_IN) {
			if (inflows < VICTIMS)
				victim = (int)inflows + 1;
			else if ((x >> 20) % 5 == 0)
				victim = 1 + (int)((x >> 24) % VICTIMS);
			inflows++;
			if (victim)
				a = victim_acct(victim);
			r.acct = a;
			r.amount = 50000 + (int64_t)(y % 1950000);
			r.who = (uint16_t)(victim ? victim : (int)((y >> 32) %
				(sizeof(payers) / sizeof(*payers))));
			if (victim == 0)
				r.who = (uint16_t)(r.who + 1000);
			pending[(d + 1) % 4][a] += r.amount;
			if (push(&raw, &nraw, &cap, &r))
				goto fail;
		} else if (kind == K_OUT) {
			r.acct = a;
			r.amount = -(1 + (int64_t)(y % (uint64_t)(bal[a] / 2)));
			r.who = (uint16_t)((y >> 40) % (sizeof(outside) /
							sizeof(*outside)));
			bal[a] += r.amount;
			if (push(&raw, &nraw, &cap, &r))
				goto fail;
		} else {
			int b = (int)((x >> 32) % (ACCOUNTS - 1));
			int d2 = d + (int)((y >> 48) % 3);
			int64_t amt = 1 + (int64_t)(y % (uint64_t)(bal[a] /
								   2));

			if (b >= a)
				b++;
			if (d2 >= g->ndays)
				d2 = g->ndays - 1;
			r.acct = a;
			r.other = b;
			r.amount = -amt;
			bal[a] -= amt;
			if (push(&raw, &nraw, &cap, &r))
				goto fail;
			r.acct = b;
			r.other = a;
			r.amount = amt;
			r.day = (uint16_t)d2;
			pending[(d2 + 1) % 4][b] += amt;
			if (push(&raw, &nraw, &cap, &r))
				goto fail;
		}
	}
	/* stable counting sort by day */
	at = calloc((size_t)g->ndays + 1, sizeof(*at));
	g->rows = malloc((size_t)nraw * sizeof(*g->rows));
	if (at == NULL || g->rows == NULL)
		goto fail;
	for (i = 0; i < nraw; i++)
		at[raw[i].day + 1]++;
	for (d = 0; d < g->ndays; d++)
		at[d + 1] += at[d];
	for (i = 0; i < nraw; i++)
		g->rows[at[raw[i].day]++] = raw[i];
	free(raw);
	raw = NULL;
	free(at);
	g->nrows = nraw;
	/* files, balances, statements */
	memset(run, 0, sizeof(run));
	memset(g->file_rows, 0, sizeof(g->file_rows));
	memset(g->opening, 0, sizeof(g->opening));
	for (i = 0; i < nraw; i++) {
		struct row *p = &g->rows[i];

		p->file = (uint8_t)(bank_of(p->acct) * QUARTERS +
				    g->month[p->day] / 3);
		g->file_rows[p->file]++;
		p->before = run[p->acct];
		run[p->acct] += p->amount;
		g->opening[p->acct][g->month[p->day] + 1] += p->amount;
	}
	for (a = 0; a < ACCOUNTS; a++)
		for (d = 0; d < MONTHS; d++)
			g->opening[a][d + 1] += g->opening[a][d];
	/* lines: asn has no header; ing-nl a header; knab a preamble line
	 * and a header, newest first */
	memset(seen, 0, sizeof(seen));
	for (i = 0; i < nraw; i++) {
		struct row *p = &g->rows[i];
		long k = seen[p->file]++;

		switch (p->file / QUARTERS) {
		case B_ASN:
			p->line = (uint32_t)(k + 1);
			break;
		case B_ING:
			p->line = (uint32_t)(k + 2);
			break;
		default:
			p->line = (uint32_t)(2 + g->file_rows[p->file] - k);
			break;
		}
	}
	return 0;
fail:
	free(raw);
	free(at);
	return -1;
}

static void
file_name(char buf[80], int f)
{
	snprintf(buf, 80, "%s_%04d-Q%d.csv", bank_file[f / QUARTERS],
		 2024 + (f % QUARTERS) / 4, 1 + f % 4);
}

static void
dmy(char buf[16], pr_date d, const char *layout)
{
	int y, m, dd;

	pr_date_to_ymd(d, &y, &m, &dd);
	if (strcmp(layout, "DD-MM-YYYY") == 0)
		snprintf(buf, 16, "%02d-%02d-%04d", dd, m, y);
	else if (strcmp(layout, "YYYYMMDD") == 0)
		snprintf(buf, 16, "%04d%02d%02d", y, m, dd);
	else if (strcmp(layout, "YYYY/MM/DD") == 0)
		snprintf(buf, 16, "%04d/%02d/%02d", y, m, dd);
	else
		snprintf(buf, 16, "%04d-%02d-%02d", y, m, dd);
}

/* The other party of a row: IBAN (may be empty) and name. */
static void
party(const struct row *p, char ib[24], char name[40])
{
	ib[0] = '\0';
	if (p->other >= 0) {
		iban(ib, p->other);
		holder(name, p->other);
	} else if (p->kind == K_IN && p->who < 1000) {
		victim_name(name, p->who);
		outside_iban(ib, 500 + p->who);
	} else if (p->kind == K_IN) {
		snprintf(name, 40, "%s", payers[p->who - 1000]);
		outside_iban(ib, p->who - 1000);
	} else {
		snprintf(name, 40, "%s", outside[p->who]);
		if (p->who % 3 != 0)
			outside_iban(ib, 100 + p->who);
	}
}

/* What the bank writes as the memo of a row. */
static void
memo(char buf[80], const struct row *p)
{
	if (p->kind == K_XFER)
		snprintf(buf, 80, "%s %u", memos[p->flow % 10],
			 2024000 + p->flow % 99991);
	else if (p->kind == K_IN)
		snprintf(buf, 80, "betaling %u", p->flow);
	else if (p->who % 3 == 0)
		snprintf(buf, 80, "BEA pasnr 041 %u", p->flow % 9973);
	else
		snprintf(buf, 80, "incasso %u", p->flow);
}

static int
write_row(FILE *fp, const struct gcase *g, const struct row *p)
{
	char own[24], ib[24], name[40], m[80], amt[40], bal[40], d[16];
	char d2[16], ref[24];
	int bank = p->file / QUARTERS;

	iban(own, p->acct);
	party(p, ib, name);
	memo(m, p);
	snprintf(ref, sizeof(ref), "%c%09u", p->amount < 0 ? 'D' : 'C',
		 p->flow);
	switch (bank) {
	case B_ASN:
		dmy(d, g->date[p->day], "DD-MM-YYYY");
		amount_text(amt, p->amount, '.', 0, 1);
		amount_text(bal, p->before, '.', 0, 1);
		return fprintf(fp, "%s,%s,%s,%s,,,,EUR,%s,EUR,%s,%s,%s,%d,"
			       "%s,%s,'%s','%s %s',%d\n", d, own, ib, name,
			       bal, amt, d, d, 1000 + (int)(p->flow % 8999),
			       p->kind == K_XFER ? "OVS" : p->kind == K_IN ?
			       "NGM" : p->who % 3 == 0 ? "BEA" : "EIC", ref,
			       m, p->amount < 0 ? "aan" : "van", name,
			       g->month[p->day] + 1) < 0 ? -1 : 0;
	case B_KNAB:
		dmy(d, g->date[p->day], "DD-MM-YYYY");
		dmy(d2, g->date[p->day], "DD-MM-YYYY");
		amount_text(amt, p->amount, ',', '.', 0);
		return fprintf(fp, "\"%s\";\"%s\";\"EUR\";\"%s\";\"%s\";\"%s\";"
			       "\"%s\";\"%s\";\"%s\";\"%s\";\"\";\"\";\"\";"
			       "\"\";\"%s\";\"%s\";\n", own, d,
			       p->amount < 0 ? "D" : "C", amt, ib, name, d2,
			       p->amount < 0 ? "Overboeking" :
			       "Ontvangen betaling", m, ref, d) < 0 ? -1 : 0;
	default:
		dmy(d, g->date[p->day], "YYYYMMDD");
		amount_text(amt, p->amount, ',', '.', 0);
		return fprintf(fp, "\"%s\",\"%s\",\"%s\",\"%s\",\"%s\",\"%s\","
			       "\"%s\",\"%s\",\"Naam: %s Omschrijving: %s "
			       "IBAN: %s Kenmerk: %s\"\n", d, name, own, ib,
			       p->kind == K_XFER ? "OV" : p->kind == K_IN ?
			       "GT" : "BA", p->amount < 0 ? "Af" : "Bij",
			       amt, p->kind == K_XFER ? "Overschrijving" :
			       "Online bankieren", name, m, ib, ref) < 0 ?
		       -1 : 0;
	}
}

static int
write_banks(const struct gcase *g)
{
	long i;
	int f;

	for (f = 0; f < FILES; f++) {
		char path[80];
		FILE *fp;
		int rc = 0;

		file_name(path, f);
		fp = fopen(path, "w");
		if (fp == NULL)
			return -1;
		if (f / QUARTERS == B_KNAB) {
			fputs("KNAB EXPORT;;;;;;;;;;;;;;;;\nRekeningnummer;"
			      "Transactiedatum;Valutacode;CreditDebet;Bedrag;"
			      "Tegenrekeningnummer;Tegenrekeninghouder;"
			      "Valutadatum;Betaalwijze;Omschrijving;Type "
			      "betaling;Machtigingsnummer;Incassant ID;Adres;"
			      "Referentie;Boekdatum;\n", fp);
			for (i = g->nrows - 1; rc == 0 && i >= 0; i--)
				if (g->rows[i].file == f)
					rc = write_row(fp, g, &g->rows[i]);
		} else {
			if (f / QUARTERS == B_ING)
				fputs("\"Datum\",\"Naam / Omschrijving\","
				      "\"Rekening\",\"Tegenrekening\",\"Code\","
				      "\"Af Bij\",\"Bedrag (EUR)\","
				      "\"MutatieSoort\",\"Mededelingen\"\n",
				      fp);
			for (i = 0; rc == 0 && i < g->nrows; i++)
				if (g->rows[i].file == f)
					rc = write_row(fp, g, &g->rows[i]);
		}
		if (fclose(fp) != 0 || rc != 0)
			return -1;
	}
	return 0;
}

static int
write_statements(const struct gcase *g)
{
	FILE *fp = fopen("statements.csv", "w");
	int a, m;

	if (fp == NULL)
		return -1;
	fputs("account,currency,start,end,opening,closing\n", fp);
	for (a = 0; a < ACCOUNTS; a++) {
		char ib[24];

		iban(ib, a);
		for (m = 0; m < MONTHS; m++) {
			char o[40], c[40];
			int y = 2024 + m / 12, mo = m % 12 + 1;
			int last = mo == 2 ? (y % 4 == 0 ? 29 : 28) :
				   (mo == 4 || mo == 6 || mo == 9 ||
				    mo == 11) ? 30 : 31;

			amount_text(o, g->opening[a][m], '.', 0, 1);
			amount_text(c, g->opening[a][m + 1], '.', 0, 1);
			fprintf(fp, "%s,EUR,%04d-%02d-01,%04d-%02d-%02d,%s,"
				"%s\n", ib, y, mo, y, mo, last, o, c);
		}
	}
	return fclose(fp);
}

/* The victims, the defendants who own the accounts they paid into, and
 * one counterparty designation per victim. */
static int
write_parties(void)
{
	FILE *v = fopen("victims.csv", "w");
	FILE *d = fopen("designations.csv", "w");
	int k, rc = 0;

	if (v == NULL || d == NULL)
		rc = -1;
	if (rc == 0) {
		fputs("record,id,role,name,account,relation,start,end,note\n",
		      v);
		fputs("origin,by,match,account,start,end,reason,source\n", d);
		for (k = 1; k <= VICTIMS; k++) {
			char name[40];

			victim_name(name, k);
			fprintf(v, "party,V-%d,victim,Victim %d,,,,,\"paid as "
				"\"\"%s\"\"\"\n", k, k, name);
		}
		for (k = 1; k <= DEFENDANTS; k++)
			fprintf(v, "party,D-%d,defendant,Defendant %d,,,,,"
				"bench\n", k, k);
		for (k = 1; k <= VICTIMS; k++) {
			char name[40], ib[24];

			victim_name(name, k);
			iban(ib, victim_acct(k));
			fprintf(v, "control,D-%d,,,%s,owner,,,account opening "
				"documents\n", 1 + (k - 1) % DEFENDANTS, ib);
			fprintf(d, "V-%d,counterparty,%s,%s,,,V-%d paid D-%d "
				"into this account,V-%d interview\n", k, name,
				ib, k, 1 + (k - 1) % DEFENDANTS, k);
		}
	}
	if (v != NULL && fclose(v) != 0)
		rc = -1;
	if (d != NULL && fclose(d) != 0)
		rc = -1;
	return rc;
}

/*
 * The files imported last, as the import targets name them: N/10
 * never-join decisions between rows next to each other in date order,
 * and N/10 credits designated by DOCUMENT:LINE (selection sampling over
 * every credit, fixed seed): a victim's inflow as the victim's, any
 * other as of unknown origin.
 */
static int
write_targets(const struct gcase *g)
{
	FILE *dec = fopen("decisions.csv", "w");
	FILE *des = fopen("designations-lines.csv", "w");
	long want = g->n >= 20 ? g->n / 10 : 1, credits = 0, left, taken = 0;
	long i, step;
	uint64_t seed = 20261209;
	int rc = 0;

	if (dec == NULL || des == NULL)
		rc = -1;
	for (i = 0; i < g->nrows; i++)
		credits += g->rows[i].amount > 0;
	if (rc == 0) {
		fputs("action,subject,other,reason\n", dec);
		fputs("origin,by,match,account,start,end,reason,source\n",
		      des);
		step = (g->nrows - 1) / want;
		for (i = 0; i < want; i++) {
			const struct row *p = &g->rows[i * step];
			const struct row *q = &g->rows[i * step + 1];
			char f1[80], f2[80];

			file_name(f1, p->file);
			file_name(f2, q->file);
			fprintf(dec, "never-join,%s:%u,%s:%u,not one movement "
				"(analyst review)\n", f1, p->line, f2,
				q->line);
		}
		left = credits;
		for (i = 0; i < g->nrows && taken < want; i++) {
			const struct row *p = &g->rows[i];
			char f[80];

			if (p->amount <= 0)
				continue;
			if ((long)(splitmix(&seed) % (uint64_t)left) <
			    want - taken) {
				file_name(f, p->file);
				if (p->kind == K_IN && p->who < 1000)
					fprintf(des, "V-%d,flow,%s:%u,,,,"
						"paid by V-%d,bank records\n",
						p->who, f, p->line, p->who);
				else
					fprintf(des, "unknown,flow,%s:%u,,,,"
						"origin not known,bank records"
						"\n", f, p->line);
				taken++;
			}
			left--;
		}
	}
	if (dec != NULL && fclose(dec) != 0)
		rc = -1;
	if (des != NULL && fclose(des) != 0)
		rc = -1;
	return rc;
}

/* The same flows as a ledger-cli journal, and as flows.txt (day, from,
 * to, cents, victim; -1 for outside), one flow a line, in date order. */
static int
write_peers(const struct gcase *g)
{
	FILE *j = fopen("journal.ledger", "w");
	FILE *t = fopen("flows.txt", "w");
	long i;
	int rc = 0;

	if (j == NULL || t == NULL)
		rc = -1;
	for (i = 0; rc == 0 && i < g->nrows; i++) {
		const struct row *p = &g->rows[i];
		char d[16], amt[40], a[24], b[40];

		if (p->kind == K_XFER && p->amount > 0)
			continue; /* the debit carries the transfer */
		dmy(d, g->date[p->day], "YYYY/MM/DD");
		amount_text(amt, p->amount < 0 ? -p->amount : p->amount, '.',
			    0, 0);
		iban(a, p->acct);
		if (p->kind == K_XFER) {
			iban(b, p->other);
			fprintf(j, "%s Overboeking\n    Assets:%s  EUR %s\n"
				"    Assets:%s\n\n", d, b, amt, a);
			fprintf(t, "%d %d %d %lld 0\n", p->day, p->acct,
				p->other, (long long)-p->amount);
		} else if (p->kind == K_IN) {
			fprintf(j, "%s Betaling\n    Assets:%s  EUR %s\n"
				"    Income:%s%d\n\n", d, a, amt,
				p->who < 1000 ? "Victim" : "Payer",
				p->who < 1000 ? p->who : p->who - 1000);
			fprintf(t, "%d -1 %d %lld %d\n", p->day, p->acct,
				(long long)p->amount,
				p->who < 1000 ? p->who : 0);
		} else {
			fprintf(j, "%s Betaling\n    Expenses:Payee%d  EUR %s\n"
				"    Assets:%s\n\n", d, p->who, amt, a);
			fprintf(t, "%d %d -1 %lld 0\n", p->day, p->acct,
				(long long)-p->amount);
		}
	}
	if (j != NULL && fclose(j) != 0)
		rc = -1;
	if (t != NULL && fclose(t) != 0)
		rc = -1;
	return rc;
}

/* ------------------------------------------------------------------ */

static const char *exe;          /* the proceeds binary */
static const char *profiles;     /* its profiles directory */
static unsigned limit_s = 600;

struct result {
	int status;      /* exit status; -2 did not finish; -1 failed */
	uint64_t ns;
	long kib;
};

static unsigned repeat = 1;     /* BENCH_REPEAT: runs of a read-only one */

/* Run argv @p times times (stopping at a failure): the median wall time
 * and the largest peak memory. */
static struct result
run(char *const argv[], const char *out, unsigned times)
{
	uint64_t ns[16];
	struct result r = { 0, 0, 0 };
	unsigned k, i, j;

	if (times < 1 || times > 15)
		times = 1;
	for (k = 0; k < times; k++) {
		struct result one;

		one.status = bench_run_limit(argv, out, limit_s, &one.ns,
					     &one.kib);
		if (one.status != 0)
			return one;
		for (i = k; i > 0 && ns[i - 1] > one.ns; i--)
			ns[i] = ns[i - 1];
		ns[i] = one.ns;
		if (one.kib > r.kib)
			r.kib = one.kib;
	}
	j = times / 2;
	r.ns = times % 2 ? ns[j] : (ns[j - 1] + ns[j]) / 2;
	return r;
}

static void
show(const char *what, long n, struct result r)
{
	if (r.status == -2)
		printf("%-34s %8ld  did not finish in %u s (peak %ld MiB "
		       "by then)\n", what, n, limit_s, r.kib / 1024);
	else
		printf("%-34s %8ld  %8llu ms  %6ld MiB%s%s\n", what, n,
		       (unsigned long long)(r.ns / 1000000), r.kib / 1024,
		       r.status == 0 ? "" : "  exit ",
		       r.status == 0 ? "" : r.status == 1 ? "1" :
		       r.status == 2 ? "2" : "other");
}

static int
cmd(struct result *r, unsigned times, const char *out, ...)
{
	char *argv[64];
	va_list ap;
	int argc = 0;

	argv[argc++] = (char *)exe;
	argv[argc++] = "-C";
	argv[argc++] = "run.case";
	va_start(ap, out);
	while (argc < 63 && (argv[argc] = va_arg(ap, char *)) != NULL)
		argc++;
	va_end(ap);
	argv[argc] = NULL;
	*r = run(argv, out, times);
	return r->status;
}

static int
import_bank(struct result *r, int bank)
{
	char *argv[8 + QUARTERS];
	char names[QUARTERS][80], prof[PATH_MAX];
	int argc = 0, q;

	snprintf(prof, sizeof(prof), "%s/%s.profile", profiles,
		 bank_profile[bank]);
	argv[argc++] = (char *)exe;
	argv[argc++] = "-C";
	argv[argc++] = "run.case";
	argv[argc++] = "import";
	argv[argc++] = "bank";
	argv[argc++] = "--profile";
	argv[argc++] = prof;
	for (q = 0; q < QUARTERS; q++) {
		file_name(names[q], bank * QUARTERS + q);
		argv[argc++] = names[q];
	}
	argv[argc] = NULL;
	*r = run(argv, "/dev/null", 1);
	return r->status;
}

/* Generate the files of the case of n flows in the current directory and
 * import them into case.db; "ready" marks it complete. */
static int
build(long n)
{
	static struct gcase g;
	struct result r;
	uint64_t t0 = now_ns(), t1;
	int b;

	memset(&g, 0, sizeof(g));
	if (gen(&g, n) != 0 || write_banks(&g) != 0 ||
	    write_statements(&g) != 0 || write_parties() != 0 ||
	    write_targets(&g) != 0 || write_peers(&g) != 0) {
		fprintf(stderr, "bench_cli: cannot write the case's files\n");
		free(g.rows);
		return -1;
	}
	free(g.rows);
	t1 = now_ns();
	fprintf(stderr, "bench_cli: generated %ld flows, %ld bank rows in "
		"%llu ms\n", n, g.nrows, (unsigned long long)((t1 - t0) /
							      1000000));
	unlink("run.case");
	if (cmd(&r, 1, "/dev/null", "init", NULL) != 0)
		goto fail;
	for (b = 0; b < BANKS; b++) {
		char what[40];

		if (import_bank(&r, b) != 0)
			goto fail;
		snprintf(what, sizeof(what), "import bank (%s)",
			 bank_profile[b]);
		show(what, n, r);
	}
	if (cmd(&r, 1, "/dev/null", "import", "statements", "statements.csv",
		NULL) != 0)
		goto fail;
	show("import statements", n, r);
	if (cmd(&r, 1, "/dev/null", "import", "victims", "victims.csv",
		NULL) != 0)
		goto fail;
	show("import victims", n, r);
	if (cmd(&r, 1, "/dev/null", "import", "designations",
		"designations.csv", NULL) != 0)
		goto fail;
	show("import designations (100 rules)", n, r);
	if (rename("run.case", "case.db") != 0)
		goto fail;
	{
		FILE *fp = fopen("ready", "w");

		if (fp == NULL || fclose(fp) != 0)
			goto fail;
	}
	fprintf(stderr, "bench_cli: generated and imported in %llu ms\n",
		(unsigned long long)((now_ns() - t0) / 1000000));
	return 0;
fail:
	fprintf(stderr, "bench_cli: building the case failed (exit %d)\n",
		r.status);
	return -1;
}

static int
mkdirs(const char *path)
{
	char p[PATH_MAX];
	size_t i;

	snprintf(p, sizeof(p), "%s", path);
	for (i = 1; p[i]; i++) {
		if (p[i] != '/')
			continue;
		p[i] = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST)
			return -1;
		p[i] = '/';
	}
	return mkdir(p, 0777) != 0 && errno != EEXIST ? -1 : 0;
}

/* ------------------------------------------------------------------ */

/*
 * The floor: lowest intermediate balance in plain C, int64 cents, one
 * pass over flows.txt (read and parsed here, as the CLI reads its case):
 * every victim's money as one pool per account. A debit that takes an
 * account below its tainted part takes the difference of taint along,
 * to the receiving account when it is in the case.
 */
static int
floor_libr(void *payload)
{
	static int64_t bal[ACCOUNTS], taint[ACCOUNTS];
	FILE *fp = fopen(payload, "r");
	char line[128];
	int64_t held = 0, left = 0;
	int a;

	if (fp == NULL)
		return 1;
	while (fgets(line, sizeof(line), fp) != NULL) {
		long long v[5];
		char *p = line;
		int k;

		for (k = 0; k < 5; k++) {
			int neg = *p == '-';

			if (neg)
				p++;
			v[k] = 0;
			while (*p >= '0' && *p <= '9')
				v[k] = v[k] * 10 + (*p++ - '0');
			if (neg)
				v[k] = -v[k];
			if (*p == ' ')
				p++;
		}
		if (v[1] >= 0) {
			int s = (int)v[1];
			int64_t moved = 0;

			bal[s] -= v[3];
			if (taint[s] > bal[s]) {
				moved = taint[s] - bal[s];
				taint[s] = bal[s];
			}
			if (v[2] >= 0)
				taint[v[2]] += moved;
			else
				left += moved;
		}
		if (v[2] >= 0) {
			bal[v[2]] += v[3];
			if (v[4] > 0)
				taint[v[2]] += v[3];
		}
	}
	fclose(fp);
	for (a = 0; a < ACCOUNTS; a++)
		held += taint[a];
	/* the figures, so that the pass cannot be optimised away */
	fprintf(stderr, "bench_cli: floor: %lld.%02lld held, %lld.%02lld "
		"left the case\n", (long long)(held / 100),
		(long long)(held % 100), (long long)(left / 100),
		(long long)(left % 100));
	return 0;
}

static int
find_ledger(char out[PATH_MAX])
{
	const char *path = getenv("PATH");

	while (path != NULL && *path) {
		size_t len = strcspn(path, ":");

		if (len == 0)
			snprintf(out, PATH_MAX, "./ledger");
		else if (len < PATH_MAX - 8)
			snprintf(out, PATH_MAX, "%.*s/ledger", (int)len, path);
		if (len < PATH_MAX - 8 && access(out, X_OK) == 0)
			return 0;
		path += len;
		if (*path == ':')
			path++;
	}
	return -1;
}

static const char *const methods[] = {
	"libr", "taint-first", "fifo", "lifo", "pro-rata", "poison", "tiho"
};
#define NMETHODS ((int)(sizeof(methods) / sizeof(*methods)))

static void
ratio(const char *what, uint64_t num, uint64_t den, unsigned target10,
      int at_most)
{
	unsigned long long r10;

	if (den == 0 || num == 0) {
		printf("  %-44s not measured\n", what);
		return;
	}
	r10 = (unsigned long long)((num * 10 + den / 2) / den);
	printf("  %-44s %4llu.%llux  (target %s %u.%ux): %s\n", what,
	       r10 / 10, r10 % 10, at_most ? "<=" : ">=", target10 / 10,
	       target10 % 10, (at_most ? r10 <= target10 : r10 >= target10) ?
	       "met" : "NOT met");
}

static uint64_t
done_ns(struct result r)
{
	return r.status == 0 ? r.ns : 0;
}

/* Every command on the case of n flows (in dir, built when missing). */
static int
bench(const char *root, long n)
{
	char dir[PATH_MAX], led[PATH_MAX], what[64], out[80];
	struct result r, rule[NMETHODS], compare, schedule, exhibit, ledger;
	struct result floor_r = { -1, 0, 0 };
	long maxkib = 0;
	uint64_t slowest = 0;
	struct stat sb;
	int m;

	if (snprintf(dir, sizeof(dir), "%s/%ld-v%d", root, n, GEN_VERSION) >=
	    (int)sizeof(dir) || mkdirs(dir) != 0 || chdir(dir) != 0) {
		perror(dir);
		return -1;
	}
	if (stat("ready", &sb) == 0)
		fprintf(stderr, "bench_cli: reusing the case of %ld flows in "
			"%s (generator v%d; delete it to generate again)\n",
			n, dir, GEN_VERSION);
	else if (build(n) != 0)
		return -1;
	if (bench_copy_file("case.db", "run.case") != 0) {
		fprintf(stderr, "bench_cli: cannot copy %s/case.db\n", dir);
		return -1;
	}
	unlink("run.case-wal");
	unlink("run.case-shm");
	if (mkdirs("out") != 0)
		return -1;
	for (m = 0; m < NMETHODS; m++) {
		snprintf(what, sizeof(what), "trace --method %s", methods[m]);
		snprintf(out, sizeof(out), "out/trace-%s.txt", methods[m]);
		cmd(&rule[m], repeat, out, "trace", "--method", methods[m],
		    NULL);
		show(what, n, rule[m]);
	}
	cmd(&compare, repeat, "out/compare.txt", "trace", "--compare", NULL);
	show("trace --compare", n, compare);
	cmd(&schedule, repeat, "out/schedule.txt", "schedule", NULL);
	show("schedule", n, schedule);
	cmd(&r, repeat, "out/restitution.txt", "restitution", NULL);
	show("restitution", n, r);
	if (system("rm -rf exhibits") != 0)
		return -1;
	cmd(&exhibit, 1, "out/exhibit.txt", "exhibit", "--out", "exhibits",
	    NULL);
	show("exhibit", n, exhibit);
	maxkib = rule[0].kib;
	for (m = 0; m < NMETHODS; m++)
		if (rule[m].kib > maxkib)
			maxkib = rule[m].kib;
	if (compare.kib > maxkib)
		maxkib = compare.kib;
	if (schedule.kib > maxkib)
		maxkib = schedule.kib;
	if (r.kib > maxkib)
		maxkib = r.kib;
	if (exhibit.kib > maxkib)
		maxkib = exhibit.kib;
	cmd(&r, 1, "/dev/null", "import", "decisions", "decisions.csv", NULL);
	snprintf(what, sizeof(what), "import decisions (%ld lines)", n / 10);
	show(what, n, r);
	if (r.kib > maxkib)
		maxkib = r.kib;
	cmd(&r, 1, "/dev/null", "import", "designations",
	    "designations-lines.csv", NULL);
	snprintf(what, sizeof(what), "import designations (%ld)", n / 10);
	show(what, n, r);
	if (r.kib > maxkib)
		maxkib = r.kib;
	unlink("run.case");
	unlink("run.case-wal");
	unlink("run.case-shm");

	{
		uint64_t ns[16];
		unsigned k, i;

		for (k = 0; k < repeat && k < 15; k++) {
			floor_r.status = bench_run_fn(floor_libr, "flows.txt",
						      &floor_r.ns,
						      &floor_r.kib);
			if (floor_r.status != 0)
				break;
			for (i = k; i > 0 && ns[i - 1] > floor_r.ns; i--)
				ns[i] = ns[i - 1];
			ns[i] = floor_r.ns;
		}
		if (floor_r.status == 0)
			floor_r.ns = ns[k / 2];
	}
	show("floor: plain C LIBR (flows.txt)", n, floor_r);
	ledger.status = -1;
	ledger.ns = 0;
	if (n >= 10000000) {
		printf("%-34s %8ld  skipped: 2.2 GiB at 10^6 flows, it would "
		       "need tens at 10^7\n", "peer: ledger balance", n);
	} else if (find_ledger(led) == 0) {
		char *argv[] = { led, "-f", "journal.ledger", "balance",
				 NULL };

		ledger = run(argv, "/dev/null", repeat);
		show("peer: ledger -f journal balance", n, ledger);
	} else {
		printf("%-34s %8ld  skipped: no ledger in PATH (Debian "
		       "package ledger)\n", "peer: ledger balance", n);
	}
	printf("targets at %ld flows:\n", n);
	for (m = 0; m < NMETHODS; m++) {
		if (done_ns(rule[m]) > slowest)
			slowest = done_ns(rule[m]);
		snprintf(what, sizeof(what), "ledger / trace --method %s",
			 methods[m]);
		if (ledger.status == 0)
			ratio(what, ledger.ns, done_ns(rule[m]), 100, 0);
	}
	for (m = 0; m < NMETHODS; m++) {
		snprintf(what, sizeof(what), "trace --method %s / floor",
			 methods[m]);
		ratio(what, done_ns(rule[m]), done_ns(floor_r), 30, 1);
	}
	ratio("trace --compare / trace --method libr", done_ns(compare),
	      done_ns(rule[0]), 20, 1);
	ratio("schedule / trace --method libr", done_ns(schedule),
	      done_ns(rule[0]), 30, 1);
	if (exhibit.status == 0)
		printf("  %-44s %llu ms, %ld MiB (target < 60 s, < 4 GiB): "
		       "%s\n", "exhibit", (unsigned long long)(exhibit.ns /
							      1000000),
		       exhibit.kib / 1024, exhibit.ns < 60000000000ULL &&
		       exhibit.kib < 4L * 1024 * 1024 ? "met" : "NOT met");
	else
		printf("  %-44s did not finish (target < 60 s, < 4 GiB): "
		       "NOT met\n", "exhibit");
	printf("  %-44s %ld MiB (target <= %s): %s\n",
	       "peak memory, any command", maxkib / 1024,
	       n >= 10000000 ? "4 GiB" : "400 MiB",
	       maxkib <= (n >= 10000000 ? 4L * 1024 * 1024 : 400L * 1024) ?
	       "met" : "NOT met");
	return 0;
}

int
main(int argc, char **argv)
{
	char root[PATH_MAX] = "bench/cli-cases", pwd[PATH_MAX], ex[PATH_MAX];
	const char *big = getenv("BENCH_BIG"), *lim = getenv("BENCH_LIMIT");
	long sizes[3] = { 100000, 1000000, 10000000 }, one = 0;
	int i, nsizes = big != NULL && strcmp(big, "1") == 0 ? 3 : 2, rc = 0;
	char profbuf[PATH_MAX];

	exe = "./proceeds";
	profiles = "profiles";
	for (i = 1; i + 1 < argc; i++) {
		if (strcmp(argv[i], "--proceeds") == 0)
			exe = argv[++i];
		else if (strcmp(argv[i], "--profiles") == 0)
			profiles = argv[++i];
		else if (strcmp(argv[i], "--cases") == 0)
			snprintf(root, sizeof(root), "%s", argv[++i]);
		else if (strcmp(argv[i], "--flows") == 0)
			one = strtol(argv[++i], NULL, 10);
	}
	if (getenv("BENCH_REPEAT") != NULL &&
	    strtol(getenv("BENCH_REPEAT"), NULL, 10) > 0)
		repeat = (unsigned)strtol(getenv("BENCH_REPEAT"), NULL, 10);
	if (repeat > 15)
		repeat = 15;
	if (lim != NULL && strtol(lim, NULL, 10) > 0)
		limit_s = (unsigned)strtol(lim, NULL, 10);
	if (realpath(exe, ex) == NULL || realpath(profiles, profbuf) == NULL ||
	    getcwd(pwd, sizeof(pwd)) == NULL) {
		perror("bench_cli");
		return 2;
	}
	exe = ex;
	profiles = profbuf;
	if (root[0] != '/') {
		char abs[PATH_MAX];

		if (strlen(pwd) + strlen(root) + 2 > sizeof(abs)) {
			fprintf(stderr, "bench_cli: path too long\n");
			return 2;
		}
		memcpy(abs, root, strlen(root) + 1);
		memcpy(root, pwd, strlen(pwd));
		root[strlen(pwd)] = '/';
		memcpy(root + strlen(pwd) + 1, abs, strlen(abs) + 1);
	}
	printf("the commands as a user types them: %d accounts at %d banks, "
	       "%d victims; 87%% of flows transfers seen on both sides; "
	       "limit %u s each; median of %u run(s)\n", ACCOUNTS, BANKS,
	       VICTIMS, limit_s, repeat);
	printf("%-34s %8s  %11s  %10s\n", "command", "flows", "wall",
	       "peak");
	if (one > 0) {
		sizes[0] = one;
		nsizes = 1;
	}
	for (i = 0; i < nsizes && rc == 0; i++) {
		if (bench(root, sizes[i]) != 0)
			rc = 2;
		if (chdir(pwd) != 0)
			rc = 2;
	}
	return rc;
}
