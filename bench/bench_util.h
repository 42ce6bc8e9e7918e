/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the benchmarks share: a fixed-seed generator and a clock. */
#ifndef PR_BENCH_UTIL_H
#define PR_BENCH_UTIL_H

#include <stdint.h>
#include <time.h>

/* splitmix64: the same numbers on every machine, for the same cases */
static inline uint64_t
splitmix(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static inline uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

#endif
