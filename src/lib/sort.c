/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Least significant byte first: one pass counts all eight bytes, then
 * one scatter per byte that is not the same in every key (amounts and
 * dates vary in few of them), ping-ponging between v and a buffer.
 */
#include "config.h"
#include "common.h"
#include "sort.h"

#include <string.h>

int
pr__kv_sort(struct pr__kv *v, size_t n)
{
	size_t (*count)[256];
	struct pr__kv *tmp, *src, *dst;
	size_t i;
	unsigned b;

	if (n < 2)
		return 0;
	count = pr__calloc(8, sizeof(*count));
	tmp = pr__malloc(n * sizeof(*tmp));
	if (count == NULL || tmp == NULL) {
		pr__free(count);
		pr__free(tmp);
		return -1;
	}
	for (i = 0; i < n; i++) {
		uint64_t k = v[i].key;

		for (b = 0; b < 8; b++)
			count[b][(k >> (8 * b)) & 0xff]++;
	}
	src = v;
	dst = tmp;
	for (b = 0; b < 8; b++) {
		size_t *c = count[b], sum = 0, x;
		unsigned shift = 8 * b;

		if (c[(src[0].key >> shift) & 0xff] == n)
			continue;       /* one value in this byte */
		for (x = 0; x < 256; x++) {
			size_t t = c[x];

			c[x] = sum;
			sum += t;
		}
		for (i = 0; i < n; i++)
			dst[c[(src[i].key >> shift) & 0xff]++] = src[i];
		{
			struct pr__kv *t = src;

			src = dst;
			dst = t;
		}
	}
	if (src != v)
		memcpy(v, src, n * sizeof(*v));
	pr__free(tmp);
	pr__free(count);
	return 0;
}
