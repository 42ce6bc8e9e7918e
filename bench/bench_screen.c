/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * make bench-screen: the screen's engine against a list of the real
 * SDN list's shape and 10^6 distinct counterparty names. The list is
 * generated with a fixed seed: 18,000 entries (40% individuals written
 * "LAST, First Middle", 52% entities with a legal form, the rest
 * vessels and aircraft) and 20,000 aliases, a tenth of them weak; names
 * are made of syllables, the first names and some surnames drawn from
 * small pools weighted as real names are (many "MOHAMMED", "ALI"), so
 * that common words make long index lists as they do in the real list.
 * The names screened: "First Last" people and "Word Word LLC" firms,
 * and one in 200 a list name with a letter changed, words reordered or
 * a legal form rewritten (the hits). Figures: the time to index the
 * list, the time to screen the names, names per second, the hits, and
 * the process's peak memory (getrusage), all integers.
 */
#define _DEFAULT_SOURCE 1
#include "config.h"
#include "common.h"
#include "bench_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

/* Syllables: a consonant (or two), a vowel, and half the time a
 * closing consonant: some 3,000 of them, as names are varied. */
static const char *const onset[] = {
	"b", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s",
	"t", "v", "z", "sh", "kh", "ch", "br", "dr", "gr", "st", "tr"
};
static const char *const nucleus[] = {
	"a", "e", "i", "o", "u", "ai", "ou", "ia", "ei", "y"
};
static const char *const coda[] = {
	"", "", "", "", "", "", "n", "r", "l", "m", "s", "t", "k", "d"
};
#define N_(a) (sizeof(a) / sizeof(*(a)))

static const char *const firsts[] = {
	"MOHAMMED", "ALI", "AHMAD", "HASSAN", "HUSSEIN", "OMAR", "ABDUL",
	"JOSE", "JUAN", "CARLOS", "LUIS", "MARIA", "ANA", "IVAN", "SERGEI",
	"ALEXANDER", "VLADIMIR", "DMITRY", "KIM", "LI", "WANG", "ZHANG",
	"JOHN", "DAVID", "MICHAEL", "ROBERT", "JAMES", "ELENA", "OLGA",
	"FATIMA", "YUSUF", "IBRAHIM", "KHALID", "SAID", "RAMON", "PEDRO"
};
#define NFIRST (sizeof(firsts) / sizeof(*firsts))

static const char *const forms[] = {
	"LLC", "LTD", "LIMITED", "S.A.", "SA DE CV", "INC.", "CORP.",
	"GMBH", "FZE", "CO., LTD.", "COMPANY", "JSC", "OOO", "TRADING LLC",
	"GROUP", "HOLDING", "SHIPPING CO", "AIRLINES", "BANK", "EXCHANGE"
};
#define NFORM (sizeof(forms) / sizeof(*forms))

/* Zipf-like: index i of n with weight about 1 / (i + 1). */
static size_t
zipf(uint64_t *s, size_t n)
{
	uint64_t r = splitmix(s);
	size_t i = (size_t)(r % n);

	return (size_t)((r >> 32) % (i + 1));
}

/* A word of 2 or 3 syllables, upper case. */
static void
word(uint64_t *s, char *buf, size_t size)
{
	int n = 2 + (int)(splitmix(s) % 2), i, k;
	size_t o = 0, j;

	for (i = 0; i < n; i++) {
		const char *part[3];

		part[0] = onset[splitmix(s) % N_(onset)];
		part[1] = nucleus[splitmix(s) % N_(nucleus)];
		part[2] = coda[splitmix(s) % N_(coda)];
		for (k = 0; k < 3; k++)
			for (j = 0; part[k][j] != '\0' && o + 1 < size; j++)
				buf[o++] = (char)(part[k][j] - 'a' + 'A');
	}
	buf[o] = '\0';
}

/* A name: a person ("LAST, First" in list style, else "First Last") or
 * a firm ("WORD WORD FORM"). kind: 0 person, 1 firm. */
static void
gen_name(uint64_t *s, char *out, size_t size, int kind, int list_style)
{
	char a[32], b[32], c[32];

	word(s, a, sizeof(a));
	word(s, b, sizeof(b));
	if (kind == 0) {
		const char *f = splitmix(s) % 2 ? firsts[zipf(s, NFIRST)] :
				(word(s, c, sizeof(c)), c);

		if (list_style && splitmix(s) % 3 == 0)
			snprintf(out, size, "%s %s, %s", a, b, f);
		else if (list_style)
			snprintf(out, size, "%s, %s", a, f);
		else
			snprintf(out, size, "%s %s", f, a);
	} else {
		const char *f = forms[zipf(s, NFORM)];

		if (splitmix(s) % 2)
			snprintf(out, size, "%s %s %s", a, b, f);
		else
			snprintf(out, size, "%s %s", a, f);
	}
}

/* A list name changed as a counterparty column might write it. */
static void
perturb(uint64_t *s, const char *in, char *out, size_t size)
{
	const char *comma = strchr(in, ',');
	size_t n;

	switch (splitmix(s) % 3) {
	case 0: /* "LAST, First" -> "First Last" */
		if (comma != NULL) {
			snprintf(out, size, "%s %.*s", comma + 2,
				 (int)(comma - in), in);
			break;
		}
		/* fall through */
	case 1: /* one letter changed */
		snprintf(out, size, "%s", in);
		n = strlen(out);
		if (n > 4 && out[n / 2] >= 'A' && out[n / 2] <= 'Z')
			out[n / 2] = out[n / 2] == 'E' ? 'A' : 'E';
		break;
	default: /* lower case, punctuation dropped */
		for (n = 0; in[n] != '\0' && n + 1 < size; n++)
			out[n] = in[n] >= 'A' && in[n] <= 'Z' ?
				 (char)(in[n] - 'A' + 'a') :
				 in[n] == ',' || in[n] == '.' ? ' ' : in[n];
		out[n] = '\0';
		break;
	}
}

static long
peak_kib(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/* CPU time (user and system) of the process so far, in ms: the wall
 * time counts the other work of a shared machine, this does not. */
static long
cpu_ms(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (long)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000 +
	       (long)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000;
}

int
main(int argc, char **argv)
{
	long entries = 18000, aliases = 20000, names = 1000000, i;
	uint64_t seed = 0x5344e4c15ULL, t0, t1, t2;
	pr_sanctions *l = NULL;
	pr_screen *scr = NULL;
	char buf[160], pert[160], prog[64];
	long hits = 0, hit_names = 0, c1, c2;
	pr_error err;

	if (argc > 1)
		names = strtol(argv[1], NULL, 10);
	l = pr_sanctions_new(20250101);
	if (l == NULL)
		return 2;
	for (i = 0; i < entries; i++) {
		pr_sanction_entry e = { 0 };
		uint64_t r = splitmix(&seed) % 100;
		int kind = r < 40 ? 0 : 1;

		gen_name(&seed, buf, sizeof(buf), kind, 1);
		e.ent_num = 1000 + i;
		e.list = "SDN";
		e.name = buf;
		e.type = r < 40 ? "individual" : r < 92 ? "" :
			 r < 98 ? "vessel" : "aircraft";
		snprintf(prog, sizeof(prog), "%s", kind ? "SDGT" : "SDNTK");
		e.programs = prog;
		e.remarks = "";
		e.document = "sdn.csv";
		e.line = i + 1;
		if (pr_sanctions_add_entry(l, &e) != PR_OK)
			return 2;
	}
	for (i = 0; i < aliases; i++) {
		pr_sanction_alias a = { 0 };
		size_t ent = (size_t)(splitmix(&seed) % (uint64_t)entries);
		const pr_sanction_entry *e = pr_sanctions_entry(l, ent);

		a.entry = ent;
		a.weak = i % 10 == 0;
		a.alt_num = a.weak ? 0 : 100 + i;
		a.kind = "aka";
		if (splitmix(&seed) % 2)
			perturb(&seed, e->name, buf, sizeof(buf));
		else
			gen_name(&seed, buf, sizeof(buf),
				 strcmp(e->type, "individual") != 0, 1);
		a.name = buf;
		a.document = "alt.csv";
		a.line = i + 1;
		if (pr_sanctions_add_alias(l, &a) != PR_OK)
			return 2;
	}
	t0 = now_ns();
	if (pr_screen_new(&scr, l, &err) != PR_OK) {
		fprintf(stderr, "bench_screen: %s\n", err.msg);
		return 2;
	}
	t1 = now_ns();
	c1 = cpu_ms();
	for (i = 0; i < names; i++) {
		const pr_screen_hit *h;
		size_t n;

		if (i % 200 == 0) {
			const pr_sanction_entry *e = pr_sanctions_entry(l,
				(size_t)(splitmix(&seed) % (uint64_t)entries));

			perturb(&seed, e->name, pert, sizeof(pert));
			/* distinct: a name is never repeated */
			snprintf(buf, sizeof(buf), "%s", pert);
		} else {
			gen_name(&seed, buf, sizeof(buf),
				 (int)(splitmix(&seed) % 2), 0);
		}
		if (pr_screen_name(scr, buf, PR_SCREEN_THRESHOLD, &h, &n,
				   &err) != PR_OK) {
			fprintf(stderr, "bench_screen: %s\n", err.msg);
			return 2;
		}
		hits += (long)n;
		hit_names += n > 0;
	}
	t2 = now_ns();
	c2 = cpu_ms();
	printf("screen: list of %ld entries and %ld aliases indexed in "
	       "%llu ms\n", entries, aliases,
	       (unsigned long long)((t1 - t0) / 1000000));
	printf("screen: %ld names in %llu ms (%ld ms of CPU; %llu names/s),"
	       " %ld names hit, %ld hits at %d bp; peak memory %ld KiB\n",
	       names, (unsigned long long)((t2 - t1) / 1000000), c2 - c1,
	       (unsigned long long)(t2 > t1 ? (uint64_t)names * 1000000000ULL
				    / (t2 - t1) : 0),
	       hit_names, hits, PR_SCREEN_THRESHOLD, peak_kib());
	pr_screen_free(scr);
	pr_sanctions_free(l);
	return 0;
}
