/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The single allocation funnel; tests make the n-th allocation fail. */
#include "config.h"
#include "common.h"

#include <stdlib.h>
#include <string.h>

/* Only tests set this, and they are single-threaded. */
static unsigned long fail_countdown;

void
pr__alloc_fail_at(unsigned long n)
{
	fail_countdown = n;
}

static int
should_fail(void)
{
	if (fail_countdown == 0)
		return 0;
	return --fail_countdown == 0;
}

void *
pr__malloc(size_t n)
{
	if (should_fail())
		return NULL;
	return malloc(n ? n : 1);
}

void *
pr__calloc(size_t n, size_t size)
{
	if (should_fail())
		return NULL;
	return calloc(n ? n : 1, size ? size : 1);
}

void *
pr__realloc(void *p, size_t n)
{
	if (should_fail())
		return NULL;
	return realloc(p, n ? n : 1);
}

void
pr__free(void *p)
{
	free(p);
}

char *
pr__strndup(const char *s, size_t n)
{
	char *d = pr__malloc(n + 1);

	if (d == NULL)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *
pr__strdup(const char *s)
{
	return pr__strndup(s, strlen(s));
}

/* Make room for need elements of an array that doubles as it grows (from
 * 64); *arr and *cap change only on success. Returns 0, or -1 when out
 * of memory or the size would overflow. */
int
pr__grow(void **arr, size_t *cap, size_t need, size_t elem)
{
	size_t n = *cap ? *cap : 64;
	void *p;

	if (need <= *cap)
		return 0;
	while (n < need) {
		if (n > SIZE_MAX / 2)
			return -1;
		n *= 2;
	}
	if (elem != 0 && n > SIZE_MAX / elem)
		return -1;
	p = pr__realloc(*arr, n * elem);
	if (p == NULL)
		return -1;
	*arr = p;
	*cap = n;
	return 0;
}

/* Room for exactly n elements when the count is known before the first
 * (a table's rows): pr__grow's doubling would leave up to half of a
 * large array unused. Same contract as pr__grow. */
int
pr__reserve(void **arr, size_t *cap, size_t n, size_t elem)
{
	void *p;

	if (n <= *cap)
		return 0;
	if (elem != 0 && n > SIZE_MAX / elem)
		return -1;
	p = pr__realloc(*arr, n * elem);
	if (p == NULL)
		return -1;
	*arr = p;
	*cap = n;
	return 0;
}
