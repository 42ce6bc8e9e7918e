/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests for the radix sort of (key, value) pairs: the order qsort gives
 * with the value as tie-break (the sort is stable and values are given in
 * ascending order), on random keys of every shape, and its failure when
 * memory runs out. */
#include "config.h"
#include "common.h"
#include "sort.h"
#include "testutil.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

static int
cmp_kv(const void *a, const void *b)
{
	const struct pr__kv *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return (x->val > y->val) - (x->val < y->val);
}

START_TEST(test_sort_small)
{
	struct pr__kv v[] = {
		{ 3, 0 }, { 1, 1 }, { 3, 2 }, { 0, 3 }, { UINT64_MAX, 4 },
		{ 1, 5 }
	};
	static const uint64_t keys[] = { 0, 1, 1, 3, 3, UINT64_MAX };
	static const uint64_t vals[] = { 3, 1, 5, 0, 2, 4 };
	size_t i;

	ck_assert_int_eq(pr__kv_sort(v, 6), 0);
	for (i = 0; i < 6; i++) {
		ck_assert_uint_eq(v[i].key, keys[i]);
		ck_assert_uint_eq(v[i].val, vals[i]);
	}
	ck_assert_int_eq(pr__kv_sort(v, 0), 0);
	ck_assert_int_eq(pr__kv_sort(NULL, 0), 0);
}
END_TEST

START_TEST(test_sort_signed_keys)
{
	static const int64_t a[] = { 5, -1, INT64_MIN, 0, INT64_MAX, -7 };
	static const int32_t d[] = { 19000, -5, INT32_MIN, 0, INT32_MAX, -1 };
	struct pr__kv v[6];
	size_t i;

	for (i = 0; i < 6; i++) {
		v[i].key = pr__key_i64(a[i]);
		v[i].val = i;
	}
	ck_assert_int_eq(pr__kv_sort(v, 6), 0);
	ck_assert_int_eq(a[v[0].val], INT64_MIN);
	ck_assert_int_eq(a[v[1].val], -7);
	ck_assert_int_eq(a[v[2].val], -1);
	ck_assert_int_eq(a[v[3].val], 0);
	ck_assert_int_eq(a[v[4].val], 5);
	ck_assert_int_eq(a[v[5].val], INT64_MAX);
	for (i = 0; i < 6; i++) {
		v[i].key = pr__key_i32(d[i]);
		v[i].val = i;
	}
	ck_assert_int_eq(pr__kv_sort(v, 6), 0);
	ck_assert_int_eq(d[v[0].val], INT32_MIN);
	ck_assert_int_eq(d[v[1].val], -5);
	ck_assert_int_eq(d[v[2].val], -1);
	ck_assert_int_eq(d[v[3].val], 0);
	ck_assert_int_eq(d[v[4].val], 19000);
	ck_assert_int_eq(d[v[5].val], INT32_MAX);
}
END_TEST

/* Random arrays against qsort: keys full width, narrow (most bytes the
 * same, so passes are skipped), few distinct (long runs of ties), and
 * varying only in the high byte. */
START_TEST(test_sort_random)
{
	static const uint64_t masks[] = {
		UINT64_MAX, 0xffffULL, 0x3ULL, 0xff00000000000000ULL,
		0x00ff00ff00000f00ULL
	};
	tu_rng rng;
	int round;

	tu_rng_seed(&rng, TU_SEED);

	for (round = 0; round < 200; round++) {
		size_t n = (size_t)tu_rng_below(&rng, 3000), i;
		uint64_t mask = masks[round % 5];
		struct pr__kv *v = malloc((n + 1) * sizeof(*v));
		struct pr__kv *w = malloc((n + 1) * sizeof(*w));

		ck_assert_ptr_nonnull(v);
		ck_assert_ptr_nonnull(w);
		for (i = 0; i < n; i++) {
			v[i].key = tu_rng_next(&rng) & mask;
			v[i].val = i;
		}
		memcpy(w, v, n * sizeof(*v));
		if (n > 0)
			qsort(w, n, sizeof(*w), cmp_kv);
		ck_assert_int_eq(pr__kv_sort(v, n), 0);
		ck_assert_int_eq(memcmp(v, w, n * sizeof(*v)), 0);
		free(v);
		free(w);
	}
}
END_TEST

START_TEST(test_sort_out_of_memory)
{
	struct pr__kv v[] = { { 2, 0 }, { 1, 1 } };
	int first;

	for (first = 1; first <= 2; first++) {
		pr__alloc_fail_at((unsigned long)first);
		ck_assert_int_eq(pr__kv_sort(v, 2), -1);
		pr__alloc_fail_at(0);
		ck_assert_uint_eq(v[0].key, 2);
		ck_assert_uint_eq(v[1].key, 1);
	}
	ck_assert_int_eq(pr__kv_sort(v, 2), 0);
	ck_assert_uint_eq(v[0].key, 1);
}
END_TEST

static Suite *
sort_suite(void)
{
	Suite *s = suite_create("sort");
	TCase *tc = tcase_create("radix");

	tcase_add_test(tc, test_sort_small);
	tcase_add_test(tc, test_sort_signed_keys);
	tcase_add_test(tc, test_sort_random);
	tcase_add_test(tc, test_sort_out_of_memory);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(sort_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
