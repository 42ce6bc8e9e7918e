/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * An interned string table: each distinct string is stored once in one
 * arena and named by a small id (0 is ""), so that strings compare by id.
 * Ids are given in order of first interning, never by hash order, so
 * nothing that iterates ids depends on the hash. Matching (match*.c)
 * keeps its texts, account idents and keys in it.
 */
#ifndef PR_LIB_STRTAB_H
#define PR_LIB_STRTAB_H

#include <stddef.h>
#include <stdint.h>

struct strtab {
	char *arena;
	size_t len, cap;
	uint32_t *off;      /* by id; id 0 is "" */
	uint32_t *hash;     /* open addressing: slot -> id */
	size_t n, cap_ids, slots;
};

/* Start a table: id 0 is "", at the start of the arena and outside the
 * hash table. Returns 0, or -1 when out of memory. */
int pr__strtab_init(struct strtab *t);

/* What t holds (not t itself); t may be all zero. */
void pr__strtab_free(struct strtab *t);

/* The id of the n bytes at p, adding them when new; 0 is "" (and NULL).
 * Returns UINT32_MAX when out of memory. Ids are below t->n. */
uint32_t pr__strtab_intern(struct strtab *t, const char *p, size_t n);

#endif
