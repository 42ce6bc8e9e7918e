/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A sanctions list in memory (include/proceeds/sanctions.h): entries,
 * aliases, places and wallets, each an array; strings are copied so a
 * list outlives what it was built from. */
#include <string.h>
#include "proceeds/sanctions.h"
#include "common.h"
#include "sanctions_priv.h"

static char *
dup0(const char *s)
{
	return pr__strdup(s != NULL ? s : "");
}

pr_sanctions *
pr_sanctions_new(pr_date published)
{
	pr_sanctions *l = pr__calloc(1, sizeof(*l));

	if (l != NULL)
		l->published = published;
	return l;
}

void
pr_sanctions_free(pr_sanctions *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->nentries; i++) {
		pr_sanction_entry *e = &l->entries[i];

		pr__free((char *)e->list);
		pr__free((char *)e->name);
		pr__free((char *)e->type);
		pr__free((char *)e->programs);
		pr__free((char *)e->remarks);
		pr__free((char *)e->document);
	}
	for (i = 0; i < l->naliases; i++) {
		pr__free((char *)l->aliases[i].kind);
		pr__free((char *)l->aliases[i].name);
		pr__free((char *)l->aliases[i].document);
	}
	for (i = 0; i < l->nplaces; i++) {
		pr__free((char *)l->places[i].address);
		pr__free((char *)l->places[i].city);
		pr__free((char *)l->places[i].country);
		pr__free((char *)l->places[i].document);
	}
	for (i = 0; i < l->nwallets; i++) {
		pr__free((char *)l->wallets[i].currency);
		pr__free((char *)l->wallets[i].address);
		pr__free((char *)l->wallets[i].document);
	}
	for (i = 0; i < l->nfiles; i++) {
		pr__free(l->files[i].name);
		pr__free(l->files[i].sha256);
	}
	pr__free(l->entries);
	pr__free(l->aliases);
	pr__free(l->places);
	pr__free(l->wallets);
	pr__free(l->files);
	pr__free(l);
}

int
pr__sanctions_add_file(pr_sanctions *l, const char *name, const char *sha256)
{
	if (pr__grow((void **)&l->files, &l->filecap, l->nfiles + 1,
		     sizeof(*l->files)) != PR_OK)
		return PR_ENOMEM;
	l->files[l->nfiles].name = dup0(name);
	l->files[l->nfiles].sha256 = dup0(sha256);
	if (l->files[l->nfiles].name == NULL ||
	    l->files[l->nfiles].sha256 == NULL) {
		pr__free(l->files[l->nfiles].name);
		pr__free(l->files[l->nfiles].sha256);
		return PR_ENOMEM;
	}
	l->nfiles++;
	return PR_OK;
}

int
pr_sanctions_add_entry(pr_sanctions *l, const pr_sanction_entry *e)
{
	pr_sanction_entry c = *e;

	if (pr__grow((void **)&l->entries, &l->entrycap, l->nentries + 1,
		     sizeof(*l->entries)) != PR_OK)
		return PR_ENOMEM;
	c.list = dup0(e->list);
	c.name = dup0(e->name);
	c.type = dup0(e->type);
	c.programs = dup0(e->programs);
	c.remarks = dup0(e->remarks);
	c.document = dup0(e->document);
	l->entries[l->nentries++] = c;
	if (!c.list || !c.name || !c.type || !c.programs || !c.remarks ||
	    !c.document)
		return PR_ENOMEM;   /* freed with the list */
	return PR_OK;
}

int
pr_sanctions_add_alias(pr_sanctions *l, const pr_sanction_alias *a)
{
	pr_sanction_alias c = *a;

	if (a->entry >= l->nentries)
		return PR_EINVALID;
	if (pr__grow((void **)&l->aliases, &l->aliascap, l->naliases + 1,
		     sizeof(*l->aliases)) != PR_OK)
		return PR_ENOMEM;
	c.kind = dup0(a->kind);
	c.name = dup0(a->name);
	c.document = dup0(a->document);
	l->aliases[l->naliases++] = c;
	if (!c.kind || !c.name || !c.document)
		return PR_ENOMEM;
	return PR_OK;
}

int
pr_sanctions_add_place(pr_sanctions *l, const pr_sanction_place *p)
{
	pr_sanction_place c = *p;

	if (p->entry >= l->nentries)
		return PR_EINVALID;
	if (pr__grow((void **)&l->places, &l->placecap, l->nplaces + 1,
		     sizeof(*l->places)) != PR_OK)
		return PR_ENOMEM;
	c.address = dup0(p->address);
	c.city = dup0(p->city);
	c.country = dup0(p->country);
	c.document = dup0(p->document);
	l->places[l->nplaces++] = c;
	if (!c.address || !c.city || !c.country || !c.document)
		return PR_ENOMEM;
	return PR_OK;
}

int
pr_sanctions_add_wallet(pr_sanctions *l, const pr_sanction_wallet *w)
{
	pr_sanction_wallet c = *w;

	if (w->entry >= l->nentries)
		return PR_EINVALID;
	if (pr__grow((void **)&l->wallets, &l->walletcap, l->nwallets + 1,
		     sizeof(*l->wallets)) != PR_OK)
		return PR_ENOMEM;
	c.currency = dup0(w->currency);
	c.address = dup0(w->address);
	c.document = dup0(w->document);
	l->wallets[l->nwallets++] = c;
	if (!c.currency || !c.address || !c.document)
		return PR_ENOMEM;
	return PR_OK;
}

pr_date
pr_sanctions_published(const pr_sanctions *l)
{
	return l->published;
}

size_t
pr_sanctions_file_count(const pr_sanctions *l)
{
	return l->nfiles;
}

void
pr_sanctions_file(const pr_sanctions *l, size_t i, const char **name,
		  const char **sha256)
{
	*name = l->files[i].name;
	*sha256 = l->files[i].sha256;
}

size_t
pr_sanctions_entry_count(const pr_sanctions *l)
{
	return l->nentries;
}

const pr_sanction_entry *
pr_sanctions_entry(const pr_sanctions *l, size_t i)
{
	return &l->entries[i];
}

size_t
pr_sanctions_alias_count(const pr_sanctions *l)
{
	return l->naliases;
}

const pr_sanction_alias *
pr_sanctions_alias(const pr_sanctions *l, size_t i)
{
	return &l->aliases[i];
}

size_t
pr_sanctions_place_count(const pr_sanctions *l)
{
	return l->nplaces;
}

const pr_sanction_place *
pr_sanctions_place(const pr_sanctions *l, size_t i)
{
	return &l->places[i];
}

size_t
pr_sanctions_wallet_count(const pr_sanctions *l)
{
	return l->nwallets;
}

const pr_sanction_wallet *
pr_sanctions_wallet(const pr_sanctions *l, size_t i)
{
	return &l->wallets[i];
}
