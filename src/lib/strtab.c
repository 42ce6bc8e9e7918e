/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The interned string table of strtab.h: one arena of NUL-terminated
 * strings, an offset per id, and an open-addressing hash (FNV-1a) from a
 * text to its id. It began inside matching; it is general.
 */
#include "config.h"
#include "common.h"
#include "strtab.h"

#include <string.h>

static uint64_t
fnv(const char *s, size_t n)
{
	uint64_t h = 14695981039346656037ULL;

	while (n--)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

/* Start a table: id 0 is "", at the start of the arena and outside the
 * hash table (whose empty slots are 0). */
int
pr__strtab_init(struct strtab *t)
{
	if (pr__grow((void **)&t->arena, &t->cap, 1, 1) ||
	    pr__grow((void **)&t->off, &t->cap_ids, 1, sizeof(*t->off)))
		return -1;
	t->arena[0] = '\0';
	t->len = 1;
	t->off[0] = 0;
	t->n = 1;
	return 0;
}

void
pr__strtab_free(struct strtab *t)
{
	pr__free(t->arena);
	pr__free(t->off);
	pr__free(t->hash);
}

/* The id of a string in t, adding it when new; 0 is "" (and NULL).
 * Returns UINT32_MAX when out of memory. */
uint32_t
pr__strtab_intern(struct strtab *t, const char *p, size_t n)
{
	uint64_t h;
	size_t i;

	if (p == NULL || n == 0)
		return 0;
	if ((t->n + 1) * 2 > t->slots) {
		size_t slots = t->slots ? t->slots * 2 : 4096;
		uint32_t *nh = pr__calloc(slots, sizeof(*nh));

		if (nh == NULL)
			return UINT32_MAX;
		for (i = 1; i < t->n; i++) {
			const char *q = t->arena + t->off[i];
			size_t j = fnv(q, strlen(q)) & (slots - 1);

			while (nh[j])
				j = (j + 1) & (slots - 1);
			nh[j] = (uint32_t)i;
		}
		pr__free(t->hash);
		t->hash = nh;
		t->slots = slots;
	}
	h = fnv(p, n);
	for (i = h & (t->slots - 1); t->hash[i]; i = (i + 1) & (t->slots - 1)) {
		const char *q = t->arena + t->off[t->hash[i]];

		if (strncmp(q, p, n) == 0 && q[n] == '\0')
			return t->hash[i];
	}
	if (pr__grow((void **)&t->arena, &t->cap, t->len + n + 1, 1) ||
	    pr__grow((void **)&t->off, &t->cap_ids, t->n + 1,
		     sizeof(*t->off)))
		return UINT32_MAX;
	memcpy(t->arena + t->len, p, n);
	t->arena[t->len + n] = '\0';
	t->off[t->n] = (uint32_t)t->len;
	t->len += n + 1;
	t->hash[i] = (uint32_t)t->n;
	return (uint32_t)t->n++;
}
