/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the SWIFT MT940 / MT942 reader (import/mt940.c): every row and
 * statement period of the public samples in fixtures/mt940/, exact errors
 * for the samples it refuses and for the malformed files in
 * fixtures/bad/mt940/, and the probe. */
#include "config.h"
#include "common.h"
#include "import.h"
#include "testutil.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* What the reader sent, one line per row or period:
 * "R line record account currency date value-date amount|reference|
 * counterparty|counter_account|description" (newlines in text as \n),
 * "S line account currency start end opening closing source". */
struct cap {
	char *s;
	size_t len, cap;
};

static void
cap_put(struct cap *c, const char *s)
{
	size_t n = strlen(s);

	if (c->len + n + 1 > c->cap) {
		c->cap = (c->len + n + 1) * 2;
		c->s = realloc(c->s, c->cap);
		ck_assert_ptr_nonnull(c->s);
	}
	memcpy(c->s + c->len, s, n + 1);
	c->len += n;
}

static void
cap_text(struct cap *c, const char *s)
{
	char b[2] = { 0, 0 };

	for (; *s; s++) {
		if (*s == '\n') {
			cap_put(c, "\\n");
		} else {
			b[0] = *s;
			cap_put(c, b);
		}
	}
}

static void
cap_date(struct cap *c, pr_date d)
{
	char b[16];

	pr_date_format(b, d);
	cap_put(c, b);
}

static void
cap_mpz(struct cap *c, const mpz_t v)
{
	char *t = mpz_get_str(NULL, 10, v);

	cap_put(c, t);
	free(t);
}

static int
on_row(const pr__bank_row *r, void *payload, pr_error *err)
{
	struct cap *c = payload;
	char b[64];

	(void)err;
	snprintf(b, sizeof(b), "R %lu %lu ", r->line, r->record);
	cap_put(c, b);
	cap_put(c, r->account);
	cap_put(c, " ");
	cap_put(c, r->currency);
	cap_put(c, " ");
	cap_date(c, r->date);
	cap_put(c, " ");
	ck_assert_int_eq(r->has_value_date, 1);
	cap_date(c, r->value_date);
	cap_put(c, " ");
	cap_mpz(c, r->amount);
	cap_put(c, "|");
	cap_text(c, r->reference);
	cap_put(c, "|");
	cap_text(c, r->counterparty);
	cap_put(c, "|");
	cap_text(c, r->counter_account);
	cap_put(c, "|");
	cap_text(c, r->description);
	cap_put(c, "\n");
	ck_assert_int_eq(r->has_balance, 0);
	return PR_OK;
}

static int
on_statement(const pr__statement_row *s, void *payload, pr_error *err)
{
	struct cap *c = payload;
	char b[32];

	(void)err;
	snprintf(b, sizeof(b), "S %lu ", s->line);
	cap_put(c, b);
	cap_put(c, s->account);
	cap_put(c, " ");
	cap_put(c, s->currency);
	cap_put(c, " ");
	cap_date(c, s->start);
	cap_put(c, " ");
	cap_date(c, s->end);
	cap_put(c, " ");
	cap_mpz(c, s->opening);
	cap_put(c, " ");
	cap_mpz(c, s->closing);
	cap_put(c, " ");
	cap_put(c, s->source);
	cap_put(c, "\n");
	return PR_OK;
}

/* Read fixtures/<sub>/<file>: the code, what was sent into *out
 * (malloc'd) and the error as "file:line:column: message". */
static int
read_fixture(const char *sub, const char *file, char **out, char *msg,
	     size_t msize, pr__read_info *info)
{
	pr__import_sink sink;
	struct cap c = { NULL, 0, 0 };
	char *path = tu_fixture(sub, file);
	pr_error err;
	int rc;

	memset(&sink, 0, sizeof(sink));
	sink.row = on_row;
	sink.statement = on_statement;
	sink.payload = &c;
	memset(info, 0, sizeof(*info));
	pr_error_clear(&err);
	cap_put(&c, "");
	rc = pr__mt940_read(path, file, NULL, &sink, info, &err);
	msg[0] = '\0';
	if (rc != PR_OK)
		pr_error_format(msg, msize, &err);
	free(path);
	*out = c.s;
	return rc;
}

/* ---------------------------------------------------------------- */
/* the samples that import, every row and period */

struct want {
	const char *file;
	unsigned long records, statements;
	const char *sent;
};

static const struct want samples[] = {
	{ "abnamro.sta", 10, 2,
	  "R 8 1 517852257 EUR 2011-05-24 2011-05-24 -900|NONREF|||GIRO   428"
	  "428 KPN - DIGITENNE    BETALINGSKENM.  000000042188659\\n"
	  "5314606715                       BETREFT FACTUUR D.D. 20-05-2011\\"
	  "nINCL. 1,44 BTW\n"
	  "R 12 2 517852257 EUR 2011-05-23 2011-05-21 -1159|NONREF|||BEA   NR"
	  ":XXX1234   21.05.11/12.54 DIRCKIII FIL2500 KATWIJK,PAS999\n"
	  "R 14 3 517852257 EUR 2011-05-23 2011-05-23 -1163|NONREF|||BEA   NR"
	  ":XXX1234   23.05.11/09.08 DIGROS FIL1015 KATWIJK Z,PAS999\n"
	  "R 16 4 517852257 EUR 2011-05-23 2011-05-22 -1180|NONREF|||BEA   NR"
	  ":XXX1234   22.05.11/14.25 MC DONALDS A44 LEIDEN,PAS999\n"
	  "R 18 5 517852257 EUR 2011-05-23 2011-05-21 -1345|NONREF|||BEA   NR"
	  ":XXX1234   21.05.11/12.09 PRINCE FIL. 55 KATWIJK Z,PAS999\n"
	  "R 20 6 517852257 EUR 2011-05-23 2011-05-21 -1549|NONREF|||BEA   NR"
	  ":XXX1234   21.05.11/12.55 DIRX FIL6017 KATWIJK ZH ,PAS999\n"
	  "R 23 7 517852257 EUR 2011-05-23 2011-05-21 -10700|NONREF|||BEA   N"
	  "R:XXX1234   21.05.11/12.04 HANS ANDERS OPT./056 KAT,PAS999\n"
	  "R 25 8 517852257 EUR 2011-05-23 2011-05-22 -14148|NONREF|||BEA   N"
	  "R:XXX1234   22.05.11/13.45 MYCOM DEN HAAG  S-GRAVEN,PAS999\n"
	  "S 7 517852257 EUR 2011-05-23 2011-05-23 323628 87684 statement\n"
	  "R 36 9 517852257 EUR 2011-05-24 2011-05-24 -949|NONREF|||BEA   NR:"
	  "XXX1234   24.05.11/09.18 PETS PLACE KATWIJK KATWI,PAS999\n"
	  "R 38 10 517852257 EUR 2011-05-24 2011-05-24 -1500|NONREF|||52.89.3"
	  "9.882                    MYCOM DEN HAAG\n"
	  "S 35 517852257 EUR 2011-05-24 2011-05-24 287684 184975 statement\n" },
	{ "asnb_0708271685_09022020_164516.940.txt", 8, 31,
	  "R 6 1 NL81ASNB9999999999 EUR 2020-01-01 2020-01-01 -6500|NL47INGB9"
	  "999999999|||NL47INGB9999999999 hr gjlm paulissen\\n"
	  "\\n"
	  "Betaling sieraden\n"
	  "S 5 NL81ASNB9999999999 EUR 2020-01-01 2020-01-01 44429 37929 state"
	  "ment\n"
	  "S 20 NL81ASNB9999999999 EUR 2020-01-02 2020-01-02 37929 37929 stat"
	  "ement\n"
	  "S 27 NL81ASNB9999999999 EUR 2020-01-03 2020-01-03 37929 37929 stat"
	  "ement\n"
	  "S 34 NL81ASNB9999999999 EUR 2020-01-04 2020-01-04 37929 37929 stat"
	  "ement\n"
	  "R 42 2 NL81ASNB9999999999 EUR 2020-01-05 2020-01-05 100000|NL56ASN"
	  "B9999999999|||NL56ASNB9999999999 paulissen g j l m\\n"
	  "\\n"
	  "INTERNE OVERBOEKING VIA MOBIEL\n"
	  "R 50 3 NL81ASNB9999999999 EUR 2020-01-05 2020-01-05 -80155|NL08ABN"
	  "A9999999999|||NL08ABNA9999999999 international card services\\n"
	  "\\n"
	  "000000000000000000000000000000000 0000000000000000 Betaling aan I"
	  "\\n"
	  "CS 99999999999 ICS Referentie: 2020-01-05 19:47 000000000000000\n"
	  "S 41 NL81ASNB9999999999 EUR 2020-01-05 2020-01-05 37929 57774 stat"
	  "ement\n"
	  "S 64 NL81ASNB9999999999 EUR 2020-01-06 2020-01-06 57774 57774 stat"
	  "ement\n"
	  "S 71 NL81ASNB9999999999 EUR 2020-01-07 2020-01-07 57774 57774 stat"
	  "ement\n"
	  "S 78 NL81ASNB9999999999 EUR 2020-01-08 2020-01-08 57774 57774 stat"
	  "ement\n"
	  "S 85 NL81ASNB9999999999 EUR 2020-01-09 2020-01-09 57774 57774 stat"
	  "ement\n"
	  "S 92 NL81ASNB9999999999 EUR 2020-01-10 2020-01-10 57774 57774 stat"
	  "ement\n"
	  "S 99 NL81ASNB9999999999 EUR 2020-01-11 2020-01-11 57774 57774 stat"
	  "ement\n"
	  "S 106 NL81ASNB9999999999 EUR 2020-01-12 2020-01-12 57774 57774 sta"
	  "tement\n"
	  "S 113 NL81ASNB9999999999 EUR 2020-01-13 2020-01-13 57774 57774 sta"
	  "tement\n"
	  "S 120 NL81ASNB9999999999 EUR 2020-01-14 2020-01-14 57774 57774 sta"
	  "tement\n"
	  "S 127 NL81ASNB9999999999 EUR 2020-01-15 2020-01-15 57774 57774 sta"
	  "tement\n"
	  "S 134 NL81ASNB9999999999 EUR 2020-01-16 2020-01-16 57774 57774 sta"
	  "tement\n"
	  "S 141 NL81ASNB9999999999 EUR 2020-01-17 2020-01-17 57774 57774 sta"
	  "tement\n"
	  "S 148 NL81ASNB9999999999 EUR 2020-01-18 2020-01-18 57774 57774 sta"
	  "tement\n"
	  "S 155 NL81ASNB9999999999 EUR 2020-01-19 2020-01-19 57774 57774 sta"
	  "tement\n"
	  "S 162 NL81ASNB9999999999 EUR 2020-01-20 2020-01-20 57774 57774 sta"
	  "tement\n"
	  "S 169 NL81ASNB9999999999 EUR 2020-01-21 2020-01-21 57774 57774 sta"
	  "tement\n"
	  "S 176 NL81ASNB9999999999 EUR 2020-01-22 2020-01-22 57774 57774 sta"
	  "tement\n"
	  "S 183 NL81ASNB9999999999 EUR 2020-01-23 2020-01-23 57774 57774 sta"
	  "tement\n"
	  "S 190 NL81ASNB9999999999 EUR 2020-01-24 2020-01-24 57774 57774 sta"
	  "tement\n"
	  "R 198 4 NL81ASNB9999999999 EUR 2020-01-25 2020-01-25 -165||||Koste"
	  "n gebruik betaalrekening inclusief 1 betaalpas\n"
	  "S 197 NL81ASNB9999999999 EUR 2020-01-25 2020-01-25 57774 57609 sta"
	  "tement\n"
	  "S 211 NL81ASNB9999999999 EUR 2020-01-26 2020-01-26 57609 57609 sta"
	  "tement\n"
	  "S 218 NL81ASNB9999999999 EUR 2020-01-27 2020-01-27 57609 57609 sta"
	  "tement\n"
	  "S 225 NL81ASNB9999999999 EUR 2020-01-28 2020-01-28 57609 57609 sta"
	  "tement\n"
	  "R 233 5 NL81ASNB9999999999 EUR 2020-01-29 2020-01-29 82872|NL25ING"
	  "B9999999999|||NL25INGB9999999999 transfer solutions bv\\n"
	  "\\n"
	  "2020-01-28T14:32:46-000000000000089-NL25INGB9999999999-Transfer S"
	  "\\n"
	  "olutions BV-DIVIDEND 28/01/2020\n"
	  "R 241 6 NL81ASNB9999999999 EUR 2020-01-29 2020-01-29 -100000|NL08A"
	  "BNA9999999999|||NL08ABNA9999999999 international card services\\n"
	  "\\n"
	  "000000000000000000000000000000000 0000000000000000 Betaling aan I"
	  "\\n"
	  "CS 99999999999 ICS Referentie: 2020-01-29 18:36 000000000000000\n"
	  "S 232 NL81ASNB9999999999 EUR 2020-01-29 2020-01-29 57609 40481 sta"
	  "tement\n"
	  "S 255 NL81ASNB9999999999 EUR 2020-01-30 2020-01-30 40481 40481 sta"
	  "tement\n"
	  "R 263 7 NL81ASNB9999999999 EUR 2020-01-31 2020-01-31 100018|NL56AS"
	  "NB9999999999|||NL56ASNB9999999999 paulissen g j l m\\n"
	  "\\n"
	  "INTERNE OVERBOEKING VIA MOBIEL\n"
	  "R 271 8 NL81ASNB9999999999 EUR 2020-01-31 2020-01-31 -90376|NL08AB"
	  "NA9999999999|||NL08ABNA9999999999 international card services\\n"
	  "\\n"
	  "000000000000000000000000000000000 0000000000000000 Betaling aan I"
	  "\\n"
	  "CS 99999999999 ICS Referentie: 2020-01-31 21:27 000000000000000\n"
	  "S 262 NL81ASNB9999999999 EUR 2020-01-31 2020-01-31 40481 50123 sta"
	  "tement\n" },
	{ "details_60-63.sta", 1, 1,
	  "R 5 1 12345678/1020304050 EUR 2017-09-14 2017-09-14 -23315||Finanz"
	  "amt Muenchen Abteilung Erhebung|DE99700500000000012345|EREF+123/12"
	  "3/12345-----L110000000012345 BIC: BYLADEMM ABWA: Finanzamt Muenche"
	  "n ABWA+Finanzamt Muenchen Abteilung Erhebung\n"
	  "S 4 12345678/1020304050 EUR 2017-09-14 2017-09-14 1234512 1234598 "
	  "statement\n" },
	{ "ing.sta", 7, 1,
	  "R 8 1 0001234567 EUR 2010-07-22 2010-07-22 -2503|NONREF|||RC AFREK"
	  "ENING BETALINGSVERKEER\\n"
	  "BETREFT REKENING 4715589 PERIODE: 01-10-2010 / 31-12-2010\\n"
	  "ING Bank N.V. tarifering ING\n"
	  "R 12 2 0001234567 EUR 2010-07-22 2010-07-22 -303|NONREF|||01111111"
	  "11 GPSEOUL SPOEDBETALING\tMPBZS1016000047 GPSEOUL\n"
	  "R 14 3 0001234567 EUR 2010-07-22 2010-07-22 -111|TMG TANGO|||01111"
	  "11111 ING iDEAL KN: TMG TANGO TRANSACTIENR 0050000534527978 10\302"
	  "\25506\302\2552010 15:32 TMG TANGO ING Bank inzake GPKyoto\n"
	  "R 16 4 0001234567 EUR 2010-07-22 2010-07-22 -2000|NONREF|||ABN AMR"
	  "O BANK>AMSTERDAM 22\302\25507\302\2552010 09:57 002\t5595781\n"
	  "R 18 5 0001234567 EUR 2010-07-22 2010-07-22 -110|NONREF|||01111111"
	  "11 GPPeking 170000001AC\n"
	  "R 20 6 0001234567 EUR 2010-07-22 2010-07-22 368|NONREF|||012345678"
	  "9 EJ46GREENP100610T1456 CLIEOP TMG GPHONGKONG AMSTERDAM\n"
	  "R 22 7 0001234567 EUR 2010-07-23 2010-07-23 100|NONREF|||011111111"
	  "1 Hr S Marechal\\n"
	  "ROSMALEN Hr S Marechal ROSMALEN\\n"
	  "Betaling transactiedatum: 22-07-2010\n"
	  "S 7 0001234567 EUR 2010-07-22 2010-07-23 0 347 statement\n" },
	{ "knab.sta", 3, 2,
	  "R 5 1 123456789 EUR 2014-05-07 2014-05-07 50000|NONREF//B4E07XM00J"
	  "000023|||HIER EEN MOOIE OMSCHRIJVING IN HOOFDLETTERS\\n"
	  "WANT DAT IS ZOALS DE NEDERLANDSE BANKEN COMMUNICEREN\n"
	  "S 4 123456789 EUR 2014-05-07 2014-05-08 0 50000 statement\n"
	  "R 14 2 123456789 EUR 2014-07-29 2014-07-29 -726000|NONREF//B4G29PG"
	  "CVO7Q06US|||FACTUUR 201403110, 201403113\\n"
	  "REK: NL65INGB0123456789/NAAM: PICQER\n"
	  "R 17 3 123456789 EUR 2014-07-29 2014-07-29 50000|29-07-2014 10:05/"
	  "/B4G29PGDCK1QFV3E|||12160475 0050001631430920 ORDERID: 264267 MEDI"
	  "A MARKT ONLINE NE\\n"
	  "REK: NL84INGB0234561789/NAAM: MMS ONLINE NEDERLAND B.V.\n"
	  "S 13 123456789 EUR 2014-07-29 2014-07-30 305898 79898 statement\n" },
	{ "malformed_details.sta", 1, 1,
	  "R 5 1 12345678/1020304050 EUR 2017-09-14 2017-09-14 -23315||Finanz"
	  "amt Muenchen Abteilung Erhebung|DE99700500000000012345|EREF+123/12"
	  "3/12345-----L1101234567890123 MREF+BYA12345678901CRED+DE99ZZZ00000"
	  "012345 SVWZ+STEUERNR 123/123/12345     KOERPST 3VJ.17  233,15EUR E"
	  "REF: 123/123/12345-----L1112345678912345 MREF: BYA12345678901 CRED"
	  ": DE99ZZZ00000012345 IBAN: DE00700500000000012345 BIC: BYLADEMM AB"
	  "WA: Finanzamt Muenchen ABWA+Finanzamt Sentinel?\n"
	  "S 4 12345678/1020304050 EUR 2017-09-14 2017-09-14 1234512 1234598 "
	  "statement\n" },
	{ "mbank_mt940.sta", 3, 1,
	  "R 6 1 PL29114010810000267002001002 PLN 2017-01-19 2017-01-19 1|NON"
	  "REF//MB170119012058|||911 TRANSAKCJA COLLECT; ID IPH: XX0000000000"
	  "01; Z RACH.:\\n"
	  "56114010810000267002001001; OD: JAN NOWAK\\n"
	  "UL. NIJAKA 1 M 2 31-234 KRAKOW; TYT.: PRZELEW SRODKOW   ;\\n"
	  "TNR: 179171073864111.010001\n"
	  "R 12 2 PL29114010810000267002001002 PLN 2017-01-19 2017-01-19 1|NO"
	  "NREF//MB170119012085|||911 TRANSAKCJA COLLECT; ID IPH: XX000000000"
	  "002; Z RACH.:\\n"
	  "56114010810000267002001001; OD: JAN NOWAK\\n"
	  "UL. NIJAKA 1 M 2 31-234 KRAKOW; TYT.: PRZELEW SRODKOW   ;\\n"
	  "TNR: 179171073864192.000001\n"
	  "R 18 3 PL29114010810000267002001002 PLN 2017-01-19 2017-01-19 1|NO"
	  "NREF//MB170119012121|||911 TRANSAKCJA COLLECT; ID IPH: XX000000000"
	  "003; Z RACH.:\\n"
	  "56114010810000267002001001; OD: JAN NOWAK\\n"
	  "UL. NIJAKA 1 M 2 31-234 KRAKOW; TYT.: PRZELEW SRODKOW   ;\\n"
	  "TNR: 179171073864291.000001\n"
	  "S 5 PL29114010810000267002001002 PLN 2017-01-19 2017-01-19 40 43 s"
	  "tatement\n" },
	{ "mbank_mt942.sta", 3, 0,
	  "R 7 1 PL29114010810000267002001002 PLN 2017-01-19 2017-01-19 1|NON"
	  "REF//MB170119012058|||911 TRANSAKCJA COLLECT; ID IPH: XX0000000000"
	  "01; Z RACH.:\\n"
	  "56114010810000267002001001; OD: JAN NOWAK\\n"
	  "UL. NIJAKA 1 M 2 31-234 KRAKOW; TYT.: PRZELEW SRODKOW   ;\\n"
	  "TNR: 179171073864111.010001\n"
	  "R 13 2 PL29114010810000267002001002 PLN 2017-01-19 2017-01-19 1|NO"
	  "NREF//MB170119012085|||911 TRANSAKCJA COLLECT; ID IPH: XX000000000"
	  "002; Z RACH.:\\n"
	  "56114010810000267002001001; OD: JAN NOWAK\\n"
	  "UL. NIJAKA 1 M 2 31-234 KRAKOW; TYT.: PRZELEW SRODKOW   ;\\n"
	  "TNR: 179171073864192.000001\n"
	  "R 19 3 PL29114010810000267002001002 PLN 2017-01-19 2017-01-19 1|NO"
	  "NREF//MB170119012121|||911 TRANSAKCJA COLLECT; ID IPH: XX000000000"
	  "003; Z RACH.:\\n"
	  "56114010810000267002001001; OD: JAN NOWAK\\n"
	  "UL. NIJAKA 1 M 2 31-234 KRAKOW; TYT.: PRZELEW SRODKOW   ;\\n"
	  "TNR: 179171073864291.000001\n" },
	{ "postfinance.sta", 4, 1,
	  "R 5 1 123456789 CHF 2013-12-09 2013-12-09 7970|01916//NONREF|||GIR"
	  "O AUS ONLINE-SIC 80532 AUFTRAGGEBER: JANE DOE EXAMPLESTRASSE\\n"
	  " 10 1234 XXXX 131209CH98765432 MITTEILUNGEN: RECHNUNG XXXXXXXXXXXX"
	  "\n"
	  "R 9 2 123456789 CHF 2013-12-09 2013-12-09 14950|01916//NONREF|||GI"
	  "RO AUS ONLINE-SIC 81379 AUFTRAGGEBER: JOHN DOE EXAMPLESTRASSE\\n"
	  " 12 1234 XXXXXXXXXX 131209CH87654321\n"
	  "R 19 3 123456789 CHF 2013-12-16 2013-12-16 -7990|01916//NONREF|||G"
	  "IRO AUS ONLINE-SIC 80701 AUFTRAGGEBER: XXXXXXXXX XXX XXXXXXXXSTR\\"
	  "nASSE 111 1234 XXXXXXXXXXXX 131216CH12345678 MITTEILUNGEN: 1 SONNE"
	  "\\n"
	  "NGLAESER\n"
	  "R 24 4 123456789 CHF 2013-12-18 2013-12-18 1010|01651//NONREF|||EI"
	  "NZAHLUNGSSCHEIN\n"
	  "S 4 123456789 CHF 2013-12-01 2014-04-07 0 15960 statement\n" },
	{ "prowide_JPchar_dated.txt", 1, 1,
	  "R 6 1 987654321 JPY 2018-03-12 2018-03-12 1234|NONREF//AABB-01111|"
	  "||/OP/\357\276\204\357\275\270\357\276\203\357\275\262\357\276\213"
	  "\357\275\266\357\276\202\357\276\204\357\276\236\357\275\263\357"
	  "\276\216\357\275\263\357\275\274\357\276\236\\n"
	  "\357\276\236\357\275\261\357\276\200\357\275\262\357\276\215\357"
	  "\275\262\357\276\226\357\275\263\357\275\276\357\276\235\357\276"
	  "\200- AFEISEOHFIOSEIOIRT\\n"
	  "VNRWINWNGWRIGNWIORNGIWRNIGNWORGNORNGIRIOGNJ /OI/\357\276\220\357"
	  "\276\204\\n"
	  "\357\276\223 \357\275\266\357\276\235\357\276\200\357\276\236 MOFR"
	  "BGEOEBTIBD MNEJFO /EDI//REF/AABB-01111\n"
	  "S 5 987654321 JPY 2018-03-12 2018-03-12 15459988 17062895 statemen"
	  "t\n" },
	{ "rabobank.sta", 5, 4,
	  "R 6 1 1291.99.348 EUR 2011-05-27 2011-05-27 -121328|0121470966    "
	  "  W.P. Jansen|||Terugboeking\\n"
	  "NIET AKKOORD MET AFSCHRIJVING\\n"
	  "KOSTEN KINDEROPVANG JUNI\\n"
	  "20095731\n"
	  "S 5 1291.99.348 EUR 2011-06-15 2011-06-15 47317 39582 statement\n"
	  "S 16 1291.99.348 EUR 2011-06-16 2011-06-16 100089 100089 statement"
	  "\n"
	  "R 23 2 1291.99.348 EUR 2011-06-17 2011-06-17 -4495|0733959555     "
	  " T-MOBILE NETHERLANDS BV|||BETALINGSKENM.  123456789\\n"
	  "FACTUURNUMMER 987654321\n"
	  "R 26 3 1291.99.348 EUR 2011-07-21 2011-07-21 -23656|NONREF        "
	  "  TOMTE TUMMETOT AMERSFOORT|||Betaalautomaat 14:23 pasnr. 065\n"
	  "S 22 1291.99.348 EUR 2011-06-17 2011-06-17 129582 125087 statement"
	  "\n"
	  "R 34 4 1526.89.184 EUR 2012-08-29 2012-08-29 -8810|P000029225     "
	  " KPN - MOBIEL|||BETALINGSKENM.  173787046000009\\n"
	  "FACTUUR * 173787046 000009\\n"
	  "ZIE REKENING OP KPN.COM OF HI.NL\\n"
	  "KPN - MOBIEL\n"
	  "R 39 5 1526.89.184 EUR 2012-08-29 2012-08-29 -620|P000029225      "
	  "NS-Utrecht C. 117 UTRECHT|||Betaalautomaat 08:22 pasnr. 001\n"
	  "S 33 1526.89.184 EUR 2012-08-29 2012-08-29 419612 410182 statement"
	  "\n" },
	{ "raiffeisen-cmi.utf8.sta", 7, 1,
	  "R 6 1 UBRTHUHB/123456789150ABCDEF002 HUF 2018-04-17 2018-04-17 206"
	  "663700||||CAB18D1700041116\\n"
	  "109876543210000012345678\\n"
	  "HUNGARY KFT.\\n"
	  "UV, napi \303\266sszevont ut\303\241nv\303\251t, 2018.04\\n"
	  ".17, A13947109201804175000000097, X\n"
	  "R 13 2 UBRTHUHB/123456789150ABCDEF002 HUF 2018-04-17 2018-04-17 -1"
	  "479000||||BBK18D0000188142\\n"
	  "123777040156667300100001\\n"
	  "SPYMARKET S.R.O.\\n"
	  "18175\n"
	  "R 19 3 UBRTHUHB/123456789150ABCDEF002 HUF 2018-04-17 2018-04-17 -3"
	  "05180000||||OLD18D038146\\n"
	  "HUF  1.218.882,00\\n"
	  "Carma Ex                 Varna\n"
	  "R 24 4 UBRTHUHB/123456789150ABCDEF002 HUF 2018-04-17 2018-04-17 -3"
	  "89277||||OLD18D038146\\n"
	  "HUF  1.218.882,00\n"
	  "R 28 5 UBRTHUHB/123456789150ABCDEF002 HUF 2018-04-17 2018-04-17 -7"
	  "8924||||OLD18D038146\\n"
	  "HUF  1.218.882,00\n"
	  "R 32 6 UBRTHUHB/123456789150ABCDEF002 HUF 2018-04-17 2018-04-17 -1"
	  "57849||||OLD18D038146\\n"
	  "HUF  1.218.882,00\n"
	  "R 36 7 UBRTHUHB/123456789150ABCDEF002 HUF 2018-04-17 2018-04-17 -6"
	  "00000||||OLD18D038146\\n"
	  "HUF  1.218.882,00\n"
	  "S 5 UBRTHUHB/123456789150ABCDEF002 HUF 2018-04-17 2018-04-17 25170"
	  "63710 2528168760 statement\n" },
	{ "sberbank_171011_01234945.sta", 3, 1,
	  "R 12 1 1966315302010001 HUF 2017-10-11 2017-10-11 -240200|X|||\n"
	  "R 24 2 1966315302010001 HUF 2017-10-11 2017-10-11 -346000|X|||\n"
	  "R 35 3 1966315302010001 HUF 2017-10-11 2017-10-11 -357500|X|||\n"
	  "S 11 1966315302010001 HUF 2017-10-11 2017-10-11 62731130 61787430 "
	  "statement\n" },
	{ "sepa_snippet.sta", 11, 2,
	  "R 5 1 50880050/0194787400888 EUR 2007-09-04 2007-09-07 5099005|NON"
	  "REF//0724710333343453|KARL        KAUFMANN|DE14508800500194785000|"
	  "EREF+EndToEndId TFNR 22 004 00001SVWZ+Verw CTSc-01 BC-PPP TFNr 22 "
	  "004\n"
	  "R 10 2 50880050/0194787400888 EUR 2007-09-04 2007-09-07 15455193|N"
	  "ONREF//0724710324647450|Quentin Quast|DE03508800500194791600|EREF+"
	  "TFNR 0300300004SVWZ+Strukturierter Verwendungszweck 30030004 DE\n"
	  "R 15 3 50880050/0194787400888 EUR 2007-09-04 2007-09-07 15455193|N"
	  "ONREF//0724710324661090|Karl Kaufmann|DE14508800500194785000|EREF+"
	  "TFNR 0500500004SVWZ+Strukturierter Verwendungszweck 50050004 DE\n"
	  "R 19 4 50880050/0194787400888 EUR 2007-09-04 2007-09-04 -150000|KR"
	  "EF+//536D80EFEC56ACF8|||KREF+TFNr 01022 MSGID CTSc-01 EBBMTLG:SEPA"
	  "-Ueberweisungsauftrag Datei mit 0000001 Zahlungen\n"
	  "S 4 50880050/0194787400888 EUR 2007-09-04 2007-09-04 76665649 1125"
	  "25040 statement\n"
	  "R 29 5 50880050/0194791600888 EUR 2007-09-04 2007-09-04 -8|TFNr 40"
	  "001 MSGID//0724710345316116|||EREF+TFNR 40001 00005MTLG:Grund nich"
	  "t spezifiziert Reject aus SEPA-Ueberweisungsauftrag\n"
	  "R 32 6 50880050/0194791600888 EUR 2007-09-04 2007-09-04 33533|TFNr"
	  " 44001 MSGID//0724710351063401|||EREF+TFNR 44001 00001MTLG:Grund n"
	  "icht spezifiziert Reject aus SEPA-Ueberweisungsauftrag\n"
	  "R 35 7 50880050/0194791600888 EUR 2007-09-04 2007-09-04 1500000|TF"
	  "Nr 40001 MSGID//0724710345316110|||EREF+TFNR 40001 00002MTLG:Grund"
	  " nicht spezifiziert Reject aus SEPA-Ueberweisungsauftrag\n"
	  "R 38 8 50880050/0194791600888 EUR 2007-09-04 2007-09-04 1500005|NO"
	  "NREF//0724710290659857|Richter Renate 70 Zeichen Beginn Fuellzeich"
	  "en xxxxxxxx|DE42100100100043921105|EREF+EndToEndIdTFNR2000100001SV"
	  "WZ+TO 13 TFNr 20001 Eingangskanal Mint Unstrukturierter Verwendung"
	  "szweck 140 Zeichen Beginn Fuellzeichen xxxxxxxxxxxxxxxxxxxxxxxxxxx"
	  "xxxxxxxxxxx\n"
	  "R 45 9 50880050/0194791600888 EUR 2007-09-04 2007-09-04 12500488|N"
	  "ONREF//0724710290624796|Richter Renate 70 Zeichen Beginn Fuellzeic"
	  "hen xxxxxxxx|DE42100100100043921105|SVWZ+TO13 TF20005 MINT\n"
	  "R 50 10 50880050/0194791600888 EUR 2007-09-04 2007-09-04 91531155|"
	  "TFNr 44001 MSGID//R724710351063405|||EREF+TFNR 44001 00002MTLG:IBA"
	  "N ungueltig Rueckueberweisung aus SEPA-Ueberweisungsauftrag\n"
	  "R 53 11 50880050/0194791600888 EUR 2007-09-04 2007-09-04 -35725690"
	  "3|NONREF|||0904059001\n"
	  "S 28 50880050/0194791600888 EUR 2007-09-04 2007-09-04 -197043187 -"
	  "447204909 statement\n" },
	{ "triodos.sta", 2, 1,
	  "R 5 1 TRIODOSBANK/0390123456 EUR 2011-01-01 2011-01-01 -1570|NONRE"
	  "F||0390123456|ALGEMENE TUSSENREKENING KOSTEN VAN 01-10-2010 TOT EN"
	  " MET 31-12-2010\n"
	  "R 9 2 TRIODOSBANK/0390123456 EUR 2011-01-25 2011-01-25 -70000|NONR"
	  "EF|||HUUR KANTOOR - FEB 2010\n"
	  "S 4 TRIODOSBANK/0390123456 EUR 2011-01-01 2011-02-01 497509 437079"
	  " statement\n" },
	{ "unbalanced.sta", 1, 1,
	  "R 5 1 NL91ABNA0417164300 EUR 2023-02-01 2023-02-01 -1250|NONREF//B"
	  "1|||TEST PAYMENT\n"
	  "S 4 NL91ABNA0417164300 EUR 2023-02-01 2023-02-01 100000 98000 stat"
	  "ement\n" },
	{ "with_binary_character.sta", 4, 2,
	  "R 5 1 51230800/0000007055 EUR 2010-03-19 2010-03-19 2700|100323-03"
	  "-100323//32-P1-TCS49518|PAYPAL|50070010/0175526300|QQW53T2245ZGY46"
	  "J ABBUCHUNGVOM PAYPAL-KONTO100318P3TX1433EV\n"
	  "R 9 2 51230800/0000007055 EUR 2010-03-19 2010-03-19 1306830|NONREF"
	  "|WIRECARD BANK AG|51230800/9990437808|BETTERPLACE WDB E08.03.10-14"
	  ".03.10\n"
	  "R 12 3 51230800/0000007055 EUR 2010-03-19 2010-03-19 -19328205|NON"
	  "REF|||Belegloser ZahlungsauftragErstellungsdatum:19.03.2010Anzahl "
	  "Posten :      94Anw-Nr.: 69725563000\n"
	  "S 4 51230800/0000007055 EUR 2010-03-19 2010-03-19 38011577 1999290"
	  "2 statement\n"
	  "R 22 4 51230800/0000007304 EUR 2010-03-19 2010-03-22 112000|NONREF"
	  "|||Belegloser Zahlungsauftrag\303\234berweisung:19.03.2010Anzahl P"
	  "osten :7Anw-Nr.: 69725663086\n"
	  "S 21 51230800/0000007304 EUR 2010-03-19 2010-03-19 13007319 131193"
	  "19 statement\n" },
	{ "wrapped_timestamp_0229.sta", 1, 1,
	  "R 5 1 12345678/1020304050 EUR 2016-03-01 2016-02-29 -600|NONREF|||"
	  "EREF+VZ0000000000000000MREF+000000CRED+XX0000000000000000ABCDEFGHI"
	  "JKLMNOPQRSTUVW/PL 12-09-2014T16:26:37 Folgenr. 007\n"
	  "S 4 12345678/1020304050 EUR 2016-03-01 2016-03-01 120000 119400 st"
	  "atement\n" },
	{ "reversal_pages.sta", 4, 1,
	  "R 5 1 DE89370400440532013000 EUR 2024-01-02 2023-12-30 2500|NONREF"
	  "//R1|||REVERSAL OF DEBIT\n"
	  "R 7 2 DE89370400440532013000 EUR 2024-01-01 2024-01-01 -1000|NONRE"
	  "F|||REVERSAL OF CREDIT\n"
	  "R 15 3 DE89370400440532013000 EUR 2024-01-02 2024-01-02 500|NONREF"
	  "//B2|||PAGE TWO\n"
	  "R 17 4 DE89370400440532013000 EUR 2023-12-31 2024-01-01 -50|NONREF"
	  "|||\n"
	  "S 4 DE89370400440532013000 EUR 2023-12-30 2024-01-02 10000 11950 s"
	  "tatement\n" },
	{ "bom.sta", 1, 1,
	  "R 5 1 NL91ABNA0417164300 EUR 2023-02-01 2023-02-01 -1250|NONREF//B"
	  "1|||TEST PAYMENT\n"
	  "S 4 NL91ABNA0417164300 EUR 2023-02-01 2023-02-01 100000 98750 stat"
	  "ement\n" },
};

START_TEST(test_mt940_samples)
{
	const struct want *w = &samples[_i];
	pr__read_info info;
	char msg[512];
	char *got;
	int rc;

	rc = read_fixture("mt940", w->file, &got, msg, sizeof(msg), &info);
	ck_assert_msg(rc == PR_OK, "%s: %s", w->file, msg);
	ck_assert_str_eq(got, w->sent);
	ck_assert_uint_eq(info.records, w->records);
	ck_assert_uint_eq(info.statements, w->statements);
	ck_assert_uint_eq(strlen(info.sha256), 64);
	free(got);
}
END_TEST

/* ---------------------------------------------------------------- */
/* the probe: statements and fragments of them, not other formats */

struct probe {
	const char *head;
	int want;
};

static const struct probe probes[] = {
	{ "{1:F01ASNBNL21XXXX0000000000}{2:O940ASNBNL21XXXXN}{3:}{4:\n", 1 },
	{ ":20:T1\n:25:123\n:28C:1\n:60F:C230101EUR1,\n", 1 },
	{ "ABNANL2A\n940\nABNANL2A\n:20:X\n:25:1\n:28:1\n:60F:C1", 1 },
	{ ":60F:C100318EUR380115,12\n", 1 },
	{ "\r\n:61:1811261126CR\n30,00N062NONREF\n", 1 },
	{ "{1:F01BANKBEBBAXXX0000000000}{2:O1031200230101BANKUS33", 0 },
	{ ":20:REF\n:23B:CRED\n:32A:230101EUR1,\n", 0 },
	{ "01,SENDR1,RECVR1,230101,1200,01,80,1,2/\n", 0 },
	{ "date,amount,description\n", 0 },
};

START_TEST(test_mt940_probe)
{
	const struct probe *p = &probes[_i];

	ck_assert_int_eq(pr__mt940_probe(p->head, strlen(p->head)), p->want);
}
END_TEST

/* ---------------------------------------------------------------- */
/* samples and malformed files refused, with their exact message */

struct bad {
	const char *sub, *file, *msg;
};

static const struct bad bads[] = {
	{ "mt940", "february_30.sta",
	  "february_30.sta:6:5: :61: value date '160230' does not exist (a "
	  "30 February some German banks write for a closing entry; no date"
	  " is guessed)" },
	{ "mt940", "wrapped_timestamp.sta",
	  "wrapped_timestamp.sta:5:5: :61: value date '160230' does not exi"
	  "st (a 30 February some German banks write for a closing entry; n"
	  "o date is guessed)" },
	{ "mt940", "prowide_sample_JPchar_mt940.txt",
	  "prowide_sample_JPchar_mt940.txt:6:5: :61: value date '345454' do"
	  "es not exist" },
	{ "mt940", "raiffeisen-cmi.sta",
	  "raiffeisen-cmi.sta:7:11: byte 0xA0 is not UTF-8; MT940 text is r"
	  "ead as UTF-8 (convert the file, e.g. iconv -f CP850 -t UTF-8)" },
	{ "mt940", "cmxl_mt940.sta",
	  "cmxl_mt940.sta:4:13: unknown currency 'DEM'" },
	{ "mt940", "amount_formats.sta",
	  "amount_formats.sta:1:1: ':60F:' outside a statement; expected ':"
	  "20:' (transaction reference) first" },
	{ "mt940", "sparkassen.sta",
	  "sparkassen.sta:1:1: ':61:' outside a statement; expected ':20:' "
	  "(transaction reference) first" },
	{ "bad/mt940", "bad_date.sta",
	  "bad_date.sta:5:5: :61: value date '231301' does not exist" },
	{ "bad/mt940", "bad_entry_date.sta",
	  "bad_entry_date.sta:5:11: :61: entry date '0231' does not exist" },
	{ "bad/mt940", "bad_mark.sta",
	  "bad_mark.sta:5:15: :61: has no debit/credit mark; expected C, D,"
	  " RC or RD, found 'X1'" },
	{ "bad/mt940", "closing_before.sta",
	  "closing_before.sta:7:7: closing date 2023-01-30 is before the op"
	  "ening date 2023-01-31" },
	{ "bad/mt940", "currency.sta",
	  "currency.sta:7:13: currency USD differs from the statement's EUR" },
	{ "bad/mt940", "decimals.sta",
	  "decimals.sta:5:16: amount '12,505' has 3 decimals; at most 2 all"
	  "owed" },
	{ "bad/mt940", "dot.sta",
	  "dot.sta:5:18: amount '12.50' has a '.'; SWIFT amounts use a deci"
	  "mal comma" },
	{ "bad/mt940", "exponent.sta",
	  "exponent.sta:5:20: amount '12,5E1' has an exponent" },
	{ "bad/mt940", "funds_code.sta",
	  "funds_code.sta:5:16: :61: funds code 'X' is not the third letter"
	  " of EUR" },
	{ "bad/mt940", "latin1.sta",
	  "latin1.sta:6:8: byte 0xE9 is not UTF-8; MT940 text is read as UT"
	  "F-8 (convert the file, e.g. iconv -f CP850 -t UTF-8)" },
	{ "bad/mt940", "no_amount.sta",
	  "no_amount.sta:5:16: :61: has no amount" },
	{ "bad/mt940", "no_opening.sta",
	  "no_opening.sta:4:5: :61: before the opening balance :60F: (or, i"
	  "n an MT942, :34F:)" },
	{ "bad/mt940", "no_type.sta",
	  "no_type.sta:5:21: :61: has no transaction type after the amount;"
	  " expected N, F or S and 3 characters, found 'QTRFNONREF'" },
	{ "bad/mt940", "stray_line.sta",
	  "stray_line.sta:5:1: expected a field ':NNa:'; found 'TEST PAYMEN"
	  "T'" },
	{ "bad/mt940", "truncated.sta",
	  "truncated.sta:6:1: the statement from line 1 has no closing bala"
	  "nce :62F: (the file is cut short?)" },
	{ "bad/mt940", "two_commas.sta",
	  "two_commas.sta:5:21: amount '12,50,1' has two decimal commas" },
	{ "bad/mt940", "unknown_field.sta",
	  "unknown_field.sta:5:1: unknown field ':99:' in an MT940 statemen"
	  "t" },
};

START_TEST(test_mt940_refused)
{
	const struct bad *b = &bads[_i];
	pr__read_info info;
	char msg[512];
	char *got;
	int rc;

	rc = read_fixture(b->sub, b->file, &got, msg, sizeof(msg), &info);
	ck_assert_int_eq(rc, PR_EPARSE);
	ck_assert_str_eq(msg, b->msg);
	free(got);
}
END_TEST

/* ---------------------------------------------------------------- */

START_TEST(test_mt940_dump)
{
	/* MT940_DUMP=sub/file prints what a file sends (for writing
	 * expectations by hand; checks nothing else) */
	const char *d = getenv("MT940_DUMP");
	pr__read_info info;
	char msg[512], sub[64];
	const char *slash;
	char *got;
	int rc;

	if (d == NULL || (slash = strchr(d, '/')) == NULL)
		return;
	snprintf(sub, sizeof(sub), "%.*s", (int)(slash - d), d);
	rc = read_fixture(sub, slash + 1, &got, msg, sizeof(msg), &info);
	printf("rc %d records %lu statements %lu\n%s%s\n", rc,
	       (unsigned long)info.records, (unsigned long)info.statements,
	       got, msg);
	free(got);
}
END_TEST

static Suite *
mt940_suite(void)
{
	Suite *s = suite_create("mt940");
	TCase *tc;

	tc = tcase_create("samples");
	tcase_add_loop_test(tc, test_mt940_samples, 0, N_ELEMS(samples));
	tcase_add_test(tc, test_mt940_dump);
	suite_add_tcase(s, tc);
	tc = tcase_create("errors");
	tcase_add_loop_test(tc, test_mt940_refused, 0, N_ELEMS(bads));
	suite_add_tcase(s, tc);
	tc = tcase_create("probe");
	tcase_add_loop_test(tc, test_mt940_probe, 0, N_ELEMS(probes));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(mt940_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
