// SPDX-License-Identifier: GPL-2.0
/*
 * Percentiles, means and histograms against answers worked out by hand.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <smccctrace/stats.h>

#include "tap.h"

#define N(a)	(sizeof(a) / sizeof((a)[0]))

static void test_empty(void)
{
	struct sct_samples s;
	struct sct_summary sum;

	sct_samples_init(&s);
	sct_summarize(&s, &sum);
	is_u64(sum.n, 0, "empty: n");
	is_u64(sum.min, SCT_STATS_NONE, "empty: min is none");
	is_u64(sum.p50, SCT_STATS_NONE, "empty: p50 is none");
	is_u64(sum.p999, SCT_STATS_NONE, "empty: p99.9 is none");
	is_u64(sum.max, SCT_STATS_NONE, "empty: max is none");
	is_u64(sum.mean, SCT_STATS_NONE, "empty: mean is none");
	is_u64(sct_percentile(NULL, 0, 500), SCT_STATS_NONE, "percentile of nothing");
	is_u64(sct_mean(NULL, 0), SCT_STATS_NONE, "mean of nothing");
	sct_samples_release(&s);
	ok(!s.v && !s.nr && !s.alloc, "releasing empty samples leaves them empty");
	ok(!sct_samples_add(&s, 7) && !sct_samples_add(&s, 9) && s.nr == 2,
	   "released samples take values again");
	sct_samples_release(&s);
	ok(!s.v && !s.nr && !s.alloc, "releasing samples with values empties them");
	errno = EALREADY;
	sct_samples_release(NULL);
	is_u64(errno, EALREADY, "releasing NULL samples leaves errno alone");
}

static void test_one_two(void)
{
	uint64_t one[] = { 42 }, two[] = { 10, 20 };

	is_u64(sct_percentile(one, 1, 500), 42, "n=1: p50");
	is_u64(sct_percentile(one, 1, 999), 42, "n=1: p99.9");
	is_u64(sct_percentile(one, 1, 0), 42, "n=1: p0 is the first value");
	is_u64(sct_mean(one, 1), 42, "n=1: mean");
	/* rank = ceil(0.5 * 2) = 1; ceil(0.9 * 2) = 2 */
	is_u64(sct_percentile(two, 2, 500), 10, "n=2: p50 is the lower value");
	is_u64(sct_percentile(two, 2, 900), 20, "n=2: p90 is the upper value");
	is_u64(sct_percentile(two, 2, 990), 20, "n=2: p99");
	is_u64(sct_mean(two, 2), 15, "n=2: mean");
}

static void test_ten(void)
{
	uint64_t v[] = { 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000 };

	/* ranks: p50 5, p90 9, p99 ceil(9.9) = 10, p99.9 ceil(9.99) = 10 */
	is_u64(sct_percentile(v, 10, 500), 500, "n=10: p50");
	is_u64(sct_percentile(v, 10, 900), 900, "n=10: p90");
	is_u64(sct_percentile(v, 10, 990), 1000, "n=10: p99");
	is_u64(sct_percentile(v, 10, 999), 1000, "n=10: p99.9");
	is_u64(sct_percentile(v, 10, 1000), 1000, "n=10: p100 is the max");
	is_u64(sct_percentile(v, 10, 100), 100, "n=10: p10");
	is_u64(sct_percentile(v, 10, 101), 200, "n=10: p10.1 moves to rank 2");
	is_u64(sct_mean(v, 10), 550, "n=10: mean");
}

static void test_thousand(void)
{
	struct sct_samples s;
	struct sct_summary sum;
	int i, err = 0;

	sct_samples_init(&s);
	/* 1000 down to 1, so that summarizing must sort */
	for (i = 1000; i >= 1; i--)
		err |= sct_samples_add(&s, (uint64_t)i);
	ok(!err, "n=1000: adding");
	sct_summarize(&s, &sum);
	is_u64(sum.n, 1000, "n=1000: n");
	is_u64(sum.min, 1, "n=1000: min");
	is_u64(sum.p50, 500, "n=1000: p50 (rank 500)");
	is_u64(sum.p90, 900, "n=1000: p90 (rank 900)");
	is_u64(sum.p99, 990, "n=1000: p99 (rank 990)");
	is_u64(sum.p999, 999, "n=1000: p99.9 (rank 999)");
	is_u64(sum.max, 1000, "n=1000: max");
	is_u64(sum.mean, 501, "n=1000: mean 500.5 rounds up to 501");
	/* one more value: n=1001, p50 rank ceil(500.5) = 501 */
	sct_samples_add(&s, 2000);
	sct_summarize(&s, &sum);
	is_u64(sum.p50, 501, "n=1001: p50 (rank 501)");
	is_u64(sum.p999, 1000, "n=1001: p99.9 (rank ceil(999.999) = 1000)");
	is_u64(sum.max, 2000, "n=1001: max");
	sct_samples_release(&s);
}

static void test_duplicates(void)
{
	uint64_t v[] = { 5, 5, 5, 5, 5, 5, 5, 5, 5, 7 };
	uint64_t w[] = { 3, 3, 9, 9 };

	is_u64(sct_percentile(v, N(v), 900), 5, "duplicates: p90 on the ninth 5");
	is_u64(sct_percentile(v, N(v), 901), 7, "duplicates: p90.1 reaches the 7");
	is_u64(sct_percentile(w, N(w), 500), 3, "duplicates: p50 of 3,3,9,9");
	is_u64(sct_percentile(w, N(w), 501), 9, "duplicates: p50.1 of 3,3,9,9");
	is_u64(sct_mean(v, N(v)), 5, "duplicates: mean 5.2 rounds down");
}

static void test_mean_rounding(void)
{
	uint64_t a[] = { 1, 2 }, b[] = { 1, 1, 2 }, c[] = { 1, 2, 2 };
	uint64_t big[] = { UINT64_MAX, UINT64_MAX, UINT64_MAX - 1 };
	uint64_t half[] = { UINT64_MAX, UINT64_MAX - 1 };

	is_u64(sct_mean(a, 2), 2, "mean 1.5 rounds half up to 2");
	is_u64(sct_mean(b, 3), 1, "mean 1.333 rounds to 1");
	is_u64(sct_mean(c, 3), 2, "mean 1.667 rounds to 2");
	is_u64(sct_mean(big, 3), UINT64_MAX, "mean near 2^64 does not overflow");
	is_u64(sct_mean(half, 2), UINT64_MAX, "mean of 2^64-1 and 2^64-2 rounds up");
}

static void test_hist(void)
{
	struct sct_hist h = { { 0 } };
	uint64_t lo, hi;

	is_u64(sct_hist_bucket(0), 0, "bucket of 0");
	is_u64(sct_hist_bucket(1), 1, "bucket of 1");
	is_u64(sct_hist_bucket(2), 2, "bucket of 2");
	is_u64(sct_hist_bucket(3), 2, "bucket of 3");
	is_u64(sct_hist_bucket(511), 9, "bucket of 511");
	is_u64(sct_hist_bucket(512), 10, "bucket of 512");
	is_u64(sct_hist_bucket(1023), 10, "bucket of 1023");
	is_u64(sct_hist_bucket(1024), 11, "bucket of 1024");
	is_u64(sct_hist_bucket(UINT64_MAX), 64, "bucket of 2^64-1");
	sct_hist_bounds(0, &lo, &hi);
	ok(lo == 0 && hi == 0, "bounds of bucket 0: [0, 0]");
	sct_hist_bounds(1, &lo, &hi);
	ok(lo == 1 && hi == 1, "bounds of bucket 1: [1, 1]");
	sct_hist_bounds(10, &lo, &hi);
	ok(lo == 512 && hi == 1023, "bounds of bucket 10: [512, 1023]");
	sct_hist_bounds(64, &lo, &hi);
	ok(lo == (uint64_t)1 << 63 && hi == UINT64_MAX, "bounds of bucket 64");
	sct_hist_add(&h, 0);
	sct_hist_add(&h, 512);
	sct_hist_add(&h, 1023);
	sct_hist_add(&h, 1024);
	is_u64(h.count[0], 1, "hist: the 0");
	is_u64(h.count[10], 2, "hist: 512 and 1023 together");
	is_u64(h.count[11], 1, "hist: 1024 alone");
}

static void test_append(void)
{
	struct sct_samples a, b;

	sct_samples_init(&a);
	sct_samples_init(&b);
	sct_samples_add(&a, 3);
	sct_samples_add(&b, 1);
	sct_samples_add(&b, 2);
	ok(!sct_samples_append(&a, &b), "append");
	sct_samples_sort(&a);
	ok(a.nr == 3 && a.v[0] == 1 && a.v[1] == 2 && a.v[2] == 3, "append then sort");
	is_u64(b.nr, 2, "append leaves the source");
	sct_samples_release(&a);
	sct_samples_release(&b);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Many values (radix-sorted): the same order qsort() gives */
static void test_many(void)
{
	uint64_t x = 88172645463325252ull, *want;
	struct sct_samples s;
	size_t i, n = 100000;
	int err = 0;

	sct_samples_init(&s);
	want = malloc(n * sizeof(*want));
	for (i = 0; i < n && want; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		/* all sizes: small latencies, 2^40-scale values and full 64 bits */
		want[i] = i % 3 == 0 ? x % 5000 : i % 3 == 1 ? x >> 24 : x;
		err |= sct_samples_add(&s, want[i]);
	}
	ok(want && !err, "many: 100000 values added");
	if (!want)
		return;
	qsort(want, n, sizeof(*want), cmp_u64);
	sct_samples_sort(&s);
	ok(s.nr == n && !memcmp(s.v, want, n * sizeof(*want)), "many: sorted as qsort() sorts them");
	free(want);
	sct_samples_release(&s);
}

int main(void)
{
	test_empty();
	test_one_two();
	test_ten();
	test_thousand();
	test_duplicates();
	test_many();
	test_mean_rounding();
	test_hist();
	test_append();
	return tap_done();
}
