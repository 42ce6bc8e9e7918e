/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A stable radix sort of (key, value) pairs, for the sorts of 10^7 rows
 * that qsort's comparator calls made slow. Keys that need more than 64
 * bits are sorted least significant word first, one call per word:
 * stability keeps the earlier words' order within equal keys.
 */
#ifndef PR_LIB_SORT_H
#define PR_LIB_SORT_H

#include <stddef.h>
#include <stdint.h>

struct pr__kv {
	uint64_t key;
	uint64_t val;
};

/* Sort v by key, ascending, keeping the order of equal keys. 0, or -1
 * when out of memory (v is then unchanged). */
int pr__kv_sort(struct pr__kv *v, size_t n);

/* Signed values as keys that sort in their numeric order. */
static inline uint64_t
pr__key_i64(int64_t x)
{
	return (uint64_t)x ^ UINT64_C(0x8000000000000000);
}

static inline uint32_t
pr__key_i32(int32_t x)
{
	return (uint32_t)x ^ UINT32_C(0x80000000);
}

#endif
