// SPDX-License-Identifier: GPL-2.0
/*
 * The log-linear histogram (lib/lhist.c): bucket bounds worked out by
 * hand and checked edge to edge over all buckets, the relative error at
 * every bucket's edges, percentiles against the exact nearest-rank ones
 * (stats.h) over the same values, merging, the mean and the log2 view.
 */
#include <errno.h>
#include <string.h>

#include <smccctrace/lhist.h>
#include <smccctrace/stats.h>

#include "tap.h"

static void test_bounds_by_hand(void)
{
	uint64_t lo, hi;

	is_u64(SCT_LHIST_BUCKETS, 1920, "1920 buckets");
	is_u64(sct_lhist_bucket(0), 0, "0: bucket 0");
	is_u64(sct_lhist_bucket(63), 63, "63: a bucket of its own");
	is_u64(sct_lhist_bucket(64), 64, "64: bucket 64");
	is_u64(sct_lhist_bucket(65), 64, "65: bucket 64 (width 2 from 64)");
	is_u64(sct_lhist_bucket(66), 65, "66: bucket 65");
	is_u64(sct_lhist_bucket(127), 95, "127: bucket 95");
	is_u64(sct_lhist_bucket(128), 96, "128: bucket 96 (width 4 from 128)");
	is_u64(sct_lhist_bucket(1000), 190, "1000: bucket 190");
	sct_lhist_bounds(190, &lo, &hi);
	ok(lo == 992 && hi == 1007, "bucket 190: 992 .. 1007 (width 16 from 512)");
	is_u64(sct_lhist_repr(190), 999, "bucket 190 stands for 999");
	sct_lhist_bounds(63, &lo, &hi);
	ok(lo == 63 && hi == 63, "bucket 63: 63 alone");
	is_u64(sct_lhist_repr(63), 63, "bucket 63 stands for 63");
	sct_lhist_bounds(64, &lo, &hi);
	ok(lo == 64 && hi == 65, "bucket 64: 64 .. 65");
	is_u64(sct_lhist_bucket(UINT64_MAX), 1919, "UINT64_MAX: the last bucket");
	is_u64(sct_lhist_bucket(1ull << 63), 1888, "2^63: bucket 1888");
	sct_lhist_bounds(1919, &lo, &hi);
	ok(lo == 63ull << 58 && hi == UINT64_MAX, "bucket 1919: 63 * 2^58 .. 2^64 - 1");
	sct_lhist_bounds(5000, &lo, &hi);
	ok(lo == 63ull << 58 && hi == UINT64_MAX, "a bucket past the last: the last");
}

/* Every bucket: its edges fall in it, and it starts one past the last one's end */
static void test_bounds_all(void)
{
	unsigned int b, edges = 0, next = 0;
	uint64_t lo, hi, prev_hi = 0;

	for (b = 0; b < SCT_LHIST_BUCKETS; b++) {
		sct_lhist_bounds(b, &lo, &hi);
		edges += sct_lhist_bucket(lo) == b && sct_lhist_bucket(hi) == b && lo <= hi;
		next += b ? lo == prev_hi + 1 : lo == 0;
		prev_hi = hi;
	}
	is_u64(edges, SCT_LHIST_BUCKETS, "every bucket holds its own edges");
	is_u64(next, SCT_LHIST_BUCKETS, "the buckets tile 0 .. 2^64 - 1 without a gap");
	is_u64(prev_hi, UINT64_MAX, "the last ends at 2^64 - 1");
}

/*
 * The stated error: |repr - v| < v / 64 at both edges of every bucket,
 * that is 64 * |repr - v| < v (no overflow: |repr - v| < 2^58); and
 * exact below 64. The bound is tight: at 2^63, repr - lo = 2^57 - 1.
 */
static void test_error(void)
{
	unsigned int b, within = 0, exact = 0;
	uint64_t lo, hi, r;

	for (b = 0; b < SCT_LHIST_BUCKETS; b++) {
		sct_lhist_bounds(b, &lo, &hi);
		r = sct_lhist_repr(b);
		if (b < 64) {
			exact += r == lo && lo == hi;
			continue;
		}
		within += lo <= r && r <= hi && 64 * (r - lo) < lo && 64 * (hi - r) < hi;
	}
	is_u64(exact, 64, "0 .. 63: exact");
	is_u64(within, SCT_LHIST_BUCKETS - 64, "every other bucket: error under 1/64 at both edges");
	is_u64(sct_lhist_repr(1888) - (1ull << 63), (1ull << 57) - 1,
	       "at 2^63 the error is (2^57 - 1) / 2^63, just under 1/64");
}

static void test_empty(void)
{
	struct sct_summary s;
	struct sct_lhist h;
	struct sct_hist l;

	sct_lhist_init(&h);
	is_u64(sct_lhist_percentile(&h, 500), SCT_STATS_NONE, "empty: p50 is none");
	is_u64(sct_lhist_mean(&h), SCT_STATS_NONE, "empty: mean is none");
	sct_lhist_summarize(&h, &s);
	ok(!s.n && s.min == SCT_STATS_NONE && s.max == SCT_STATS_NONE &&
	   s.p99 == SCT_STATS_NONE && s.mean == SCT_STATS_NONE, "empty: every figure is none");
	sct_lhist_log2(&h, &l);
	is_u64(l.count[0] + l.count[10], 0, "empty: an empty log2 histogram");
	ok(!h.count && !h.nr, "empty: nothing allocated");
	sct_lhist_release(&h);
	sct_lhist_release(&h);
	errno = EALREADY;
	sct_lhist_release(NULL);
	is_u64(errno, EALREADY, "release twice, and of NULL, harmless");
}

/* Four values worked out by hand: p50 200 is in 200 .. 203, p99 400 in 400 .. 407 */
static void test_four(void)
{
	const uint64_t v[] = { 100, 200, 300, 400 };
	struct sct_summary s;
	struct sct_lhist h;
	size_t i;

	sct_lhist_init(&h);
	for (i = 0; i < 4; i++)
		is_u64(sct_lhist_add(&h, v[i]), 0, "a value counted");
	sct_lhist_summarize(&h, &s);
	ok(s.n == 4 && s.min == 100 && s.max == 400, "four: n, min and max exact");
	is_u64(s.p50, 201, "four: p50 (rank 2, 200) is bucket 200 .. 203's middle, 201");
	is_u64(s.p99, 400, "four: p99 (rank 4, 400): the middle 403 brought down to the max");
	is_u64(sct_lhist_percentile(&h, 0), 100, "four: p0 is rank 1, 100 .. 101's 100");
	is_u64(s.mean, 250, "four: mean 250");
	is_u64(h.sum, 1000, "four: sum 1000");
	is_u64(h.nr, 160, "four: counts up to 256 .. 511's buckets, no further");
	sct_lhist_release(&h);
}

/* A reproducible spread of values over six orders of magnitude */
static uint64_t next_value(uint64_t *state)
{
	*state = *state * 6364136223846793005ull + 1442695040888963407ull;
	return (*state >> 33) % (1ull << (4 + (*state >> 20) % 20));
}

/* What the percentile must be: the middle of the exact value's bucket, within min .. max */
static uint64_t expected(const struct sct_samples *s, unsigned int permille)
{
	uint64_t exact = sct_percentile(s->v, s->nr, permille);
	uint64_t r = sct_lhist_repr(sct_lhist_bucket(exact));

	if (r < s->v[0])
		return s->v[0];
	return r > s->v[s->nr - 1] ? s->v[s->nr - 1] : r;
}

static void test_against_exact(void)
{
	static const unsigned int pm[] = { 0, 1, 100, 500, 900, 990, 999, 1000 };
	struct sct_samples s;
	struct sct_lhist h;
	struct sct_hist a, b;
	uint64_t state = 42, v, exact, got;
	unsigned int i, same = 0, close = 0;

	sct_samples_init(&s);
	sct_lhist_init(&h);
	memset(&b, 0, sizeof(b));
	for (i = 0; i < 100000; i++) {
		v = next_value(&state);
		sct_samples_add(&s, v);
		sct_lhist_add(&h, v);
		sct_hist_add(&b, v);
	}
	sct_samples_sort(&s);
	for (i = 0; i < sizeof(pm) / sizeof(pm[0]); i++) {
		exact = sct_percentile(s.v, s.nr, pm[i]);
		got = sct_lhist_percentile(&h, pm[i]);
		same += got == expected(&s, pm[i]);
		close += sct_lhist_bucket(got) == sct_lhist_bucket(exact) &&
			 64 * (got > exact ? got - exact : exact - got) <= exact;
	}
	is_u64(same, 8, "100000 values: each percentile is its exact value's bucket's middle");
	is_u64(close, 8, "100000 values: each within 1/64 of the exact one, in its bucket");
	ok(h.min == s.v[0] && h.max == s.v[s.nr - 1] && h.n == s.nr, "min, max, n exact");
	is_u64(sct_lhist_mean(&h), sct_mean(s.v, s.nr), "the mean is sct_mean()'s");
	sct_lhist_log2(&h, &a);
	ok(!memcmp(&a, &b, sizeof(a)), "the log2 histogram is exactly sct_hist_add()'s");
	ok(h.nr <= SCT_LHIST_BUCKETS && h.nr == (sct_lhist_bucket(h.max) / 32 + 1) * 32,
	   "counts only up to the highest bucket used");
	sct_samples_release(&s);
	sct_lhist_release(&h);
}

static int same_hist(const struct sct_lhist *a, const struct sct_lhist *b)
{
	return a->n == b->n && a->sum == b->sum && a->min == b->min && a->max == b->max &&
	       a->nr == b->nr && !memcmp(a->count, b->count, a->nr * sizeof(*a->count));
}

static void test_merge(void)
{
	struct sct_lhist x, y, all, none;
	uint64_t state = 7, v;
	unsigned int i;

	sct_lhist_init(&x);
	sct_lhist_init(&y);
	sct_lhist_init(&all);
	sct_lhist_init(&none);
	for (i = 0; i < 5000; i++) {
		v = next_value(&state);
		sct_lhist_add(i % 3 ? &x : &y, v);
		sct_lhist_add(&all, v);
	}
	sct_lhist_add(&y, 1ull << 40);
	sct_lhist_add(&all, 1ull << 40);
	is_u64(sct_lhist_merge(&x, &none), 0, "merge an empty one");
	is_u64(sct_lhist_merge(&none, &y), 0, "merge into an empty one");
	ok(same_hist(&none, &y), "merged into an empty one: a copy");
	is_u64(sct_lhist_merge(&x, &y), 0, "merge");
	ok(same_hist(&x, &all), "merged: exactly the histogram of all the values");
	is_u64(sct_lhist_percentile(&x, 990), sct_lhist_percentile(&all, 990),
	       "merged: the same p99");
	sct_lhist_release(&x);
	sct_lhist_release(&y);
	sct_lhist_release(&all);
	sct_lhist_release(&none);
}

/* Memory is bounded by the value range, never by the number of values */
static void test_bounded(void)
{
	struct sct_lhist h;
	unsigned int i;

	sct_lhist_init(&h);
	for (i = 0; i < 1000000; i++)
		sct_lhist_add(&h, 1000 + i % 100000);
	is_u64(h.n, 1000000, "a million values");
	is_u64(h.nr, 416, "counts up to 2^16 .. 2^17 - 1's buckets: 416");
	sct_lhist_add(&h, UINT64_MAX);
	is_u64(h.nr, SCT_LHIST_BUCKETS, "the largest value: all 1920, never more");
	sct_lhist_release(&h);
}

int main(void)
{
	test_bounds_by_hand();
	test_bounds_all();
	test_error();
	test_empty();
	test_four();
	test_against_exact();
	test_merge();
	test_bounded();
	return tap_done();
}
