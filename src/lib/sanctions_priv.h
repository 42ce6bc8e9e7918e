/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The list's arrays, shared by sanctions.c (in memory) and the loader
 * from the case. */
#ifndef PR_SANCTIONS_PRIV_H
#define PR_SANCTIONS_PRIV_H

#include "proceeds/sanctions.h"

struct pr_sanctions_file {
	char *name;
	char *sha256;
};

struct pr_sanctions {
	pr_date published;
	pr_sanction_entry *entries;
	size_t nentries, entrycap;
	pr_sanction_alias *aliases;
	size_t naliases, aliascap;
	pr_sanction_place *places;
	size_t nplaces, placecap;
	pr_sanction_wallet *wallets;
	size_t nwallets, walletcap;
	struct pr_sanctions_file *files;
	size_t nfiles, filecap;
};

/** Record a file of the version (its name and SHA-256 hex). */
int pr__sanctions_add_file(pr_sanctions *l, const char *name,
			   const char *sha256);

#endif
