/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * libFuzzer targets for every reader of the library, one program: the
 * target is the program's name (fuzz/targets/NAME, a link that
 * fuzz/run.sh makes) or $PROCEEDS_FUZZ_TARGET. Each input is written to a
 * file and imported as `proceeds import` would, through the public import
 * functions, into an in-memory case made once per process; each import
 * runs in the case's one write transaction and is rolled back, so every
 * input meets the same case. Targets that need parties and transactions
 * to resolve (designations, decisions, work) start from the demo case
 * ($PROCEEDS_FUZZ_CASE, made by fuzz/run.sh), copied into memory.
 *
 * Beside ASan and UBSan, each run checks the library's error contract: a
 * failure returns the code it sets in err, with a message.
 *
 * PROCEEDS_FUZZ_LIST=1 prints the targets, one a line: NAME, then the
 * fixture globs that seed it (relative to fixtures/), for fuzz/run.sh.
 */
#include "config.h"
#include "common.h"
#include "profile.h"
#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum kind {
	K_BANK,        /* a profile of profiles/, by name: bank or exchange */
	K_PROFILE,     /* the profile file itself, then a file read by it */
	K_STATEMENTS,
	K_WIRE,
	K_CHAIN,
	K_RATES,
	K_PROPERTY,
	K_VICTIMS,
	K_DESIGNATIONS,
	K_DECISIONS,
	K_WORK,
	K_BANK_FORMAT, /* a standard statement format (format: its name) */
	K_ASSETS,
	K_SANCTIONS    /* OFAC's legacy CSV (format: the input's kind) */
};

struct target {
	const char *name;
	enum kind kind;
	const char *format;   /* wire and chain: NULL tells from the file */
	int demo;             /* starts from the demo case */
	const char *seeds;    /* fixture globs, for fuzz/run.sh */
};

#define BANK_SEEDS "bankcsv/*.csv exchange/*.csv bad/exchange/*.csv " \
	"bad/*.csv demo/gcfcu-checking-2023-01.csv demo/psb-business-2023H1.csv"

static const struct target targets[] = {
	{ "bank", K_BANK, NULL, 0, BANK_SEEDS },
	{ "profile", K_PROFILE, NULL, 0,
	  "../profiles/*.profile bad/*.profile bad/exchange/*.profile "
	  "cli/simple.profile" },
	{ "statements", K_STATEMENTS, NULL, 0,
	  "demo/*statements*.csv demo/late/*statements*.csv bad/st_*.csv" },
	{ "wire", K_WIRE, NULL, 0, "wire/* bad/wire/*" },
	{ "wire-csv", K_WIRE, "csv", 0,
	  "wire/*.csv demo/wires-*.csv bad/wire/wirecsv_*.csv" },
	{ "mt103", K_WIRE, "mt103", 0,
	  "wire/*.rje wire/*.fin bad/wire/mt103_*.fin" },
	{ "fedwire", K_WIRE, "fedwire", 0,
	  "wire/fedWireMessage-*.txt bad/wire/fedwire_*.txt" },
	{ "pacs008", K_WIRE, "pacs.008", 0,
	  "wire/*pacs.00* bad/wire/pacs008_*.xml" },
	{ "chain", K_CHAIN, NULL, 0, "crypto/* bad/crypto/* demo/btc-chain.csv" },
	{ "chain-csv", K_CHAIN, "csv", 0,
	  "crypto/chain-*.csv demo/btc-chain.csv bad/crypto/chaincsv_*.csv" },
	{ "etherscan", K_CHAIN, "etherscan", 0,
	  "crypto/etherscan*.csv bad/crypto/etherscan_*.csv" },
	{ "explorer", K_CHAIN, "explorer", 0,
	  "crypto/*.json bad/crypto/explorer_*.json" },
	{ "rates", K_RATES, NULL, 0, "rates/*.csv bad/rates/*.csv" },
	{ "property", K_PROPERTY, NULL, 0,
	  "property/*.csv demo/property-*.csv bad/property/*.csv" },
	{ "victims", K_VICTIMS, NULL, 0,
	  "victims/victims.csv demo/victims.csv restitution/victims.csv "
	  "exhibit/victims.csv bad/victims/*.csv" },
	{ "designations", K_DESIGNATIONS, NULL, 1,
	  "demo/designations.csv victims/designations.csv "
	  "exhibit/*designations.csv trace/conflict-designations.csv "
	  "bad/designations/*.csv" },
	{ "decisions", K_DECISIONS, NULL, 1,
	  "decisions/*.csv bad/decisions/*.csv" },
	{ "work", K_WORK, NULL, 1,
	  "demo/work.csv restitution/work-2009.csv restitution/state-wage.csv "
	  "bad/work/*.csv" },
	{ "mt940", K_BANK_FORMAT, "mt940", 0, "mt940/* bad/mt940/*" },
	{ "camt", K_BANK_FORMAT, "camt", 0, "camt/*.xml bad/camt/*.xml" },
	{ "bai2", K_BANK_FORMAT, "bai2", 0, "bai2/* bad/bai2/*" },
	/* OFX / QFX statements (import/ofx.c, libofx) */
	{ "ofx", K_BANK_FORMAT, "ofx", 0, "ofx/*.ofx ofx/*.qfx ofx/*.xml "
	  "ofx/*.sgml ofx/bad/*" },
	{ "assets", K_ASSETS, NULL, 0, "assets/*.csv bad/assets/*.csv" },
	{ "fedwire-fixed", K_WIRE, "fedwire", 0,
	  "wire/fedwire-fixed80.txt bad/wire/fedwire_fixed_*.txt" },
	/* import sanctions (ofac13): the input as sdn.csv, or as the
	 * comments continuing fixtures/ofac/sdn.csv's remarks */
	{ "sanctions", K_SANCTIONS, "sdn", 0,
	  "ofac/sdn.csv demo/ofac/sdn.csv" },
	{ "sanctions-comments", K_SANCTIONS, "comments", 0,
	  "ofac/sdn_comments.csv ofac/sdn_comments_full.csv" },
};

static const struct target *target;
static pr_profile *profile;      /* K_BANK: the profile fuzzed with */
static pr_import_options opts = PR_IMPORT_OPTIONS_INIT;
static pr_store *store;
static char dir[64];             /* this process's scratch directory */
static char input[96];           /* where each input is written */

static void
die(const char *what, const pr_error *err)
{
	char m[600];

	m[0] = '\0';
	if (err != NULL)
		pr_error_format(m, sizeof(m), err);
	fprintf(stderr, "fuzz_import: %s: %s\n", what, m);
	exit(2);
}

static void
cleanup(void)
{
	pr_store_close(store);
	pr_profile_free(profile);
	if (input[0] != '\0')
		unlink(input);
	if (dir[0] != '\0')
		rmdir(dir);
}

/* A profile that reads no account or currency from the file gets them
 * as --account and --currency would give them. */
static void
options_for(const pr_profile *p)
{
	opts.account = NULL;
	opts.currency = NULL;
	if (!(p->account.name || p->account.pos || p->account_cell.line))
		opts.account = "FUZZ 0001";
	if (!(p->currency_col.name || p->currency_col.pos) &&
	    p->currency == NULL)
		opts.currency = "USD";
}

/* The demo case, copied into the in-memory case (SQLite's backup; the
 * store's prepared statements prepare themselves again). */
static void
load_demo(void)
{
	const char *demo = getenv("PROCEEDS_FUZZ_CASE");
	sqlite3 *src = NULL;
	sqlite3_backup *b;

	if (demo == NULL || *demo == '\0') {
		fprintf(stderr, "fuzz_import: target %s starts from the demo "
			"case: set PROCEEDS_FUZZ_CASE\n", target->name);
		exit(2);
	}
	if (sqlite3_open_v2(demo, &src, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		fprintf(stderr, "fuzz_import: %s: %s\n", demo,
			sqlite3_errmsg(src));
		exit(2);
	}
	b = sqlite3_backup_init(store->db, "main", src, "main");
	if (b == NULL || sqlite3_backup_step(b, -1) != SQLITE_DONE ||
	    sqlite3_backup_finish(b) != SQLITE_OK) {
		fprintf(stderr, "fuzz_import: %s: %s\n", demo,
			sqlite3_errmsg(store->db));
		exit(2);
	}
	sqlite3_close(src);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *name = getenv("PROCEEDS_FUZZ_TARGET");
	const char *slash;
	pr_error err;
	size_t i;

	(void)argc;
	if (getenv("PROCEEDS_FUZZ_LIST") != NULL) {
		for (i = 0; i < sizeof(targets) / sizeof(targets[0]); i++)
			printf("%s %s\n", targets[i].name, targets[i].seeds);
		exit(0);
	}
	if (name == NULL || *name == '\0') {
		name = (*argv)[0];
		slash = strrchr(name, '/');
		name = slash ? slash + 1 : name;
	}
	/* bank-NAME: the bank or exchange profile NAME */
	for (i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		size_t n = strlen(targets[i].name);

		if (strcmp(name, targets[i].name) == 0 ||
		    (targets[i].kind == K_BANK &&
		     strncmp(name, targets[i].name, n) == 0 &&
		     name[n] == '-'))
			target = &targets[i];
	}
	if (target == NULL) {
		fprintf(stderr, "fuzz_import: no target '%s' (run as "
			"fuzz/targets/NAME or set PROCEEDS_FUZZ_TARGET; "
			"PROCEEDS_FUZZ_LIST=1 lists them)\n", name);
		exit(2);
	}
	pr_error_clear(&err);
	if (target->kind == K_BANK) {
		if (pr_profile_load(&profile, name + strlen("bank-"),
				    getenv("PROCEEDS_PROFILE_PATH"), &err) !=
		    PR_OK)
			die("profile", &err);
		options_for(profile);
	}
	/* memory, where the system has it: an input is a file each run */
	snprintf(dir, sizeof(dir), "%s/proceeds-fuzz-%ld",
		 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp",
		 (long)getpid());
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		dir[0] = '\0';
		die("cannot make a scratch directory", NULL);
	}
	snprintf(input, sizeof(input), "%s/input", dir);
	atexit(cleanup);
	/* the case in memory: each input's transaction is rolled back */
	if (pr_store_open(&store, ":memory:", PR_STORE_CREATE, &err) != PR_OK)
		die(":memory:", &err);
	if (target->demo)
		load_demo();
	return 0;
}

static void
write_input(const uint8_t *data, size_t size)
{
	int fd = open(input, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	const uint8_t *p = data;

	if (fd < 0)
		die(input, NULL);
	while (size > 0) {
		ssize_t n = write(fd, p, size);

		if (n <= 0)
			die("write", NULL);
		p += n;
		size -= (size_t)n;
	}
	close(fd);
}

/* A profile from the input, then a bank file read by it. */
static int
fuzz_profile(const uint8_t *data, size_t size, pr_import_result *res,
	     pr_error *err)
{
	static char good[256];
	pr_profile *p = NULL;
	int rc;

	rc = pr_profile_parse(&p, "input.profile", (const char *)data, size,
			      err);
	if (rc != PR_OK)
		return rc;
	if (good[0] == '\0') {
		const char *fx = getenv("PROCEEDS_FUZZ_FIXTURES");

		snprintf(good, sizeof(good), "%s/bad/good.csv",
			 fx != NULL ? fx : "fixtures");
	}
	options_for(p);
	rc = pr_store_begin(store, err);
	if (rc == PR_OK)
		rc = p->exchange ?
		     pr_import_exchange(store, good, "good.csv", p, &opts, res,
					err) :
		     pr_import_bank(store, good, "good.csv", p, &opts, res,
				    err);
	pr_store_rollback(store);
	pr_profile_free(p);
	return rc;
}

/* The input as an OFAC file of the target's kind; a comments file goes
 * with the sample sdn.csv, whose remarks it continues. */
static int
fuzz_sanctions(pr_error *err)
{
	static char sdn[256];
	const char *paths[2], *kinds[2];
	pr_date published;
	size_t n = 0;

	if (sdn[0] == '\0') {
		const char *fx = getenv("PROCEEDS_FUZZ_FIXTURES");

		snprintf(sdn, sizeof(sdn), "%s/ofac/sdn.csv",
			 fx != NULL ? fx : "fixtures");
	}
	if (pr_date_from_ymd(&published, 2024, 5, 1, err) != PR_OK)
		return err->code;
	if (strcmp(target->format, "sdn") != 0) {
		paths[n] = sdn;
		kinds[n++] = "sdn";
	}
	paths[n] = input;
	kinds[n++] = target->format;
	return pr_import_sanctions(store, published, n, paths, kinds, NULL,
				   NULL, NULL, err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pr_import_result res;
	pr_error err;
	int rc;

	pr_error_clear(&err);
	memset(&res, 0, sizeof(res));
	if (target->kind == K_PROFILE) {
		rc = fuzz_profile(data, size, &res, &err);
		goto check;
	}
	write_input(data, size);
	rc = pr_store_begin(store, &err);
	if (rc != PR_OK)
		die("begin", &err);
	switch (target->kind) {
	case K_BANK:
		rc = profile->exchange ?
		     pr_import_exchange(store, input, "input", profile, &opts,
					&res, &err) :
		     pr_import_bank(store, input, "input", profile, &opts,
				    &res, &err);
		break;
	case K_BANK_FORMAT:
		rc = pr_import_bank_format(store, input, "input",
					   target->format, &opts, &res, &err);
		break;
	case K_STATEMENTS:
		rc = pr_import_statements(store, input, "input", &opts, &res,
					  &err);
		break;
	case K_WIRE:
		rc = pr_import_wire(store, input, "input", target->format,
				    &opts, &res, &err);
		break;
	case K_CHAIN:
		rc = pr_import_chain(store, input, "input", target->format,
				     &opts, &res, &err);
		break;
	case K_RATES:
		rc = pr_import_rates(store, input, "input", &opts, &res, &err);
		break;
	case K_PROPERTY:
		rc = pr_import_property(store, input, "input", &opts, &res,
					&err);
		break;
	case K_VICTIMS:
		rc = pr_import_victims(store, input, "input", &opts, &res,
				       &err);
		break;
	case K_DESIGNATIONS:
		rc = pr_import_designations(store, input, "input", &opts, &res,
					    &err);
		break;
	case K_DECISIONS:
		rc = pr_import_decisions(store, input, "input", &opts, &res,
					 &err);
		break;
	case K_WORK:
		rc = pr_import_work(store, input, "input", &opts, &res, &err);
		break;
	case K_ASSETS:
		rc = pr_import_assets(store, input, "input", &opts, &res, &err);
		break;
	case K_SANCTIONS:
		rc = fuzz_sanctions(&err);
		break;
	default:
		abort();
	}
	pr_store_rollback(store);
check:
	/* the error contract: the code returned is the one set, with words */
	if (rc != PR_OK && (err.code != rc || err.msg[0] == '\0')) {
		fprintf(stderr, "fuzz_import: %s returned %d but set code %d, "
			"message '%s'\n", target->name, rc, err.code, err.msg);
		abort();
	}
	return 0;
}
