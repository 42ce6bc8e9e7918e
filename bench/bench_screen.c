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
 *
 * With --proceeds PATH it also measures the command a user types: the
 * list written as OFAC's sdn.csv and alt.csv, the names as the
 * counterparty column of 10^6 bank rows (one CSV, a profile of its
 * own), both imported into a new case, then `proceeds screen` timed end
 * to end with its peak memory (the target: 10 s), and the line
 * where it says how many names it screened.
 */
#define _DEFAULT_SOURCE 1
#include "config.h"
#include "common.h"
#include "bench_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

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

/* The list as OFAC writes it: sdn.csv (12 columns, -0- nulls, CRLF) and
 * alt.csv (5 columns); weak aliases go into the remarks as OFAC puts
 * them ("a.k.a. 'NAME'"). */
static int
write_list(const pr_sanctions *l, const char *dir)
{
	size_t ne = pr_sanctions_entry_count(l);
	size_t na = pr_sanctions_alias_count(l), i, k;
	size_t *start = calloc(ne + 1, sizeof(*start));
	size_t *by = malloc((na + 1) * sizeof(*by)), *pos;
	char path[4096];
	FILE *sdn, *alt;

	if (start == NULL || by == NULL)
		return -1;
	/* aliases by entry (a counting sort), each entry's in list order */
	for (i = 0; i < na; i++)
		start[pr_sanctions_alias(l, i)->entry + 1]++;
	for (i = 1; i <= ne; i++)
		start[i] += start[i - 1];
	pos = malloc((ne + 1) * sizeof(*pos));
	if (pos == NULL)
		return -1;
	memcpy(pos, start, (ne + 1) * sizeof(*pos));
	for (i = 0; i < na; i++)
		by[pos[pr_sanctions_alias(l, i)->entry]++] = i;
	free(pos);
	snprintf(path, sizeof(path), "%s/sdn.csv", dir);
	sdn = fopen(path, "w");
	snprintf(path, sizeof(path), "%s/alt.csv", dir);
	alt = fopen(path, "w");
	if (sdn == NULL || alt == NULL)
		return -1;
	for (i = 0; i < ne; i++) {
		const pr_sanction_entry *e = pr_sanctions_entry(l, i);
		int first = 1;

		fprintf(sdn, "%ld,\"%s\",", e->ent_num, e->name);
		if (e->type[0] != '\0')
			fprintf(sdn, "\"%s\",", e->type);
		else
			fputs("-0- ,", sdn);
		fprintf(sdn, "\"%s\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,",
			e->programs);
		for (k = start[i]; k < start[i + 1]; k++) {
			const pr_sanction_alias *a = pr_sanctions_alias(l, by[k]);

			if (a->weak) {
				fprintf(sdn, "%sa.k.a. '%s'", first ? "\"" : "; ",
					a->name);
				first = 0;
			} else {
				fprintf(alt, "%ld,%ld,\"aka\",\"%s\",-0- \r\n",
					e->ent_num, a->alt_num, a->name);
			}
		}
		fputs(first ? "-0- \r\n" : ".\"\r\n", sdn);
	}
	free(start);
	free(by);
	return fclose(sdn) != 0 || fclose(alt) != 0 ? -1 : 0;
}

static int
run_cli(char *const argv[], const char *what, int want, uint64_t *ns,
	long *kib, const char *out)
{
	int rc = bench_run(argv, out != NULL ? out : "/dev/null", ns, kib);

	if (rc != want) {
		fprintf(stderr, "bench_screen: %s: exit %d\n", what, rc);
		return -1;
	}
	return 0;
}

/* The names of the engine's run again (the same seed), as the
 * counterparty of one bank row each, and a profile that reads them. */
static int
write_bank(const pr_sanctions *l, uint64_t seed, long names, long entries,
	   const char *dir)
{
	char path[4096], buf[160], pert[160];
	FILE *f;
	long i;

	snprintf(path, sizeof(path), "%s/screen.profile", dir);
	f = fopen(path, "w");
	if (f == NULL)
		return -1;
	fputs("name = benchscreen\ndate = Date\ndate_format = YYYY-MM-DD\n"
	      "amount = Amount\ndescription = Description\n"
	      "counterparty = Name\ncurrency = USD\n", f);
	if (fclose(f) != 0)
		return -1;
	snprintf(path, sizeof(path), "%s/bank.csv", dir);
	f = fopen(path, "w");
	if (f == NULL)
		return -1;
	fputs("Date,Amount,Description,Name\n", f);
	for (i = 0; i < names; i++) {
		if (i % 200 == 0) {
			const pr_sanction_entry *e = pr_sanctions_entry(l,
				(size_t)(splitmix(&seed) % (uint64_t)entries));

			perturb(&seed, e->name, pert, sizeof(pert));
			snprintf(buf, sizeof(buf), "%s", pert);
		} else {
			gen_name(&seed, buf, sizeof(buf),
				 (int)(splitmix(&seed) % 2), 0);
		}
		fprintf(f, "2024-01-02,-1.00,PAYMENT,\"%s\"\n", buf);
	}
	return fclose(f) != 0 ? -1 : 0;
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

	const char *proceeds = NULL;
	uint64_t names_seed;
	int ai;

	for (ai = 1; ai < argc; ai++) {
		if (strcmp(argv[ai], "--proceeds") == 0 && ai + 1 < argc)
			proceeds = argv[++ai];
		else
			names = strtol(argv[ai], NULL, 10);
	}
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
	names_seed = seed;
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
	if (proceeds != NULL) {
		char dir[] = "/tmp/bench_screen.XXXXXX", cs[4200], sdn[4200],
		     alt[4200], bank[4200], prof[4200], pub[] = "2025-01-01";
		uint64_t ns;
		long kib;

		if (mkdtemp(dir) == NULL || write_list(l, dir) != 0 ||
		    write_bank(l, names_seed, names, entries, dir) != 0) {
			fprintf(stderr, "bench_screen: cannot write the case\n");
			return 2;
		}
		snprintf(cs, sizeof(cs), "%s/case", dir);
		snprintf(sdn, sizeof(sdn), "%s/sdn.csv", dir);
		snprintf(alt, sizeof(alt), "%s/alt.csv", dir);
		snprintf(bank, sizeof(bank), "%s/bank.csv", dir);
		snprintf(prof, sizeof(prof), "%s/screen.profile", dir);
		{
			char *init[] = { (char *)proceeds, "-C", cs, "init",
					 NULL };
			char *list[] = { (char *)proceeds, "-C", cs, "import",
					 "sanctions", "--published", pub, sdn,
					 alt, NULL };
			char *rows[] = { (char *)proceeds, "-C", cs, "import",
					 "bank", "--profile", prof,
					 "--account", "BENCH 1", bank, NULL };
			char *scr_argv[] = { (char *)proceeds, "-C", cs,
					     "screen", NULL };

			if (run_cli(init, "init", 0, &ns, &kib, NULL) != 0 ||
			    run_cli(list, "import sanctions", 0, &ns,
				    &kib, NULL) != 0)
				return 2;
			printf("screen (CLI): import sanctions of the list: "
			       "%llu ms, %ld KiB\n",
			       (unsigned long long)(ns / 1000000), kib);
			if (run_cli(rows, "import bank", 0, &ns, &kib, NULL) != 0)
				return 2;
			printf("screen (CLI): import bank of %ld rows, one "
			       "name each: %llu ms\n", names,
			       (unsigned long long)(ns / 1000000));
			char out[4200], line[256] = "";
			FILE *f;

			snprintf(out, sizeof(out), "%s/screen.txt", dir);
			if (run_cli(scr_argv, "screen", 1, &ns, &kib, out) != 0)
				return 2;
			/* what it says it screened: its second line */
			f = fopen(out, "r");
			if (f == NULL || fgets(line, sizeof(line), f) == NULL ||
			    fgets(line, sizeof(line), f) == NULL) {
				fprintf(stderr, "bench_screen: no output\n");
				return 2;
			}
			fclose(f);
			line[strcspn(line, "\n")] = '\0';
			printf("screen (CLI): proceeds screen of %ld names "
			       "against the list: %llu ms, peak %ld KiB "
			       "(target 10000 ms); it says: %s\n", names,
			       (unsigned long long)(ns / 1000000), kib, line);
		}
		snprintf(cs, sizeof(cs), "rm -rf '%s'", dir);
		if (system(cs) != 0)
			fprintf(stderr, "bench_screen: cannot remove %s\n",
				dir);
	}
	pr_sanctions_free(l);
	return 0;
}
