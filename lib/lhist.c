// SPDX-License-Identifier: LGPL-2.1
/*
 * Log-linear latency histograms (definitions in include/smccctrace/lhist.h):
 * 32 buckets per power of two, counts grown only up to the highest bucket
 * used, percentiles by nearest rank within 1/64 of the exact value.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <smccctrace/lhist.h>

#include "internal.h"

/* The buckets below the first cut power of two: one per value */
static const unsigned int exact_buckets = 2 * SCT_LHIST_SUB;

/**
 * sct_lhist_bucket - the bucket of a value
 * @value: the value
 *
 * Returns the bucket, 0 .. SCT_LHIST_BUCKETS - 1: @value itself below 64,
 * else (e - 4) * 32 + j where 2^e <= @value < 2^(e+1) and j is the
 * value's 5 bits below its highest.
 */
unsigned int sct_lhist_bucket(uint64_t value)
{
	unsigned int e, shift;

	if (value < exact_buckets)
		return (unsigned int)value;
	e = 63 - (unsigned int)__builtin_clzll(value);
	shift = e - SCT_LHIST_SUB_BITS;
	return (e - SCT_LHIST_SUB_BITS + 1) * SCT_LHIST_SUB +
	       (unsigned int)((value >> shift) - SCT_LHIST_SUB);
}

/**
 * sct_lhist_bounds - the smallest and largest value of a bucket
 * @bucket: 0 .. SCT_LHIST_BUCKETS - 1 (larger is taken as the last)
 * @lo: set to the smallest value the bucket holds
 * @hi: set to the largest value the bucket holds
 */
void sct_lhist_bounds(unsigned int bucket, uint64_t *lo, uint64_t *hi)
{
	unsigned int shift;

	if (bucket >= SCT_LHIST_BUCKETS)
		bucket = SCT_LHIST_BUCKETS - 1;
	if (bucket < exact_buckets) {
		*lo = *hi = bucket;
		return;
	}
	shift = bucket / SCT_LHIST_SUB - 1;
	*lo = (uint64_t)(SCT_LHIST_SUB + bucket % SCT_LHIST_SUB) << shift;
	*hi = *lo + (((uint64_t)1 << shift) - 1);
}

/**
 * sct_lhist_repr - the value that stands for a bucket: its middle
 * @bucket: 0 .. SCT_LHIST_BUCKETS - 1 (larger is taken as the last)
 *
 * Returns lo + (hi - lo) / 2, rounded down: within 1/64 of any value the
 * bucket holds (lhist.h).
 */
uint64_t sct_lhist_repr(unsigned int bucket)
{
	uint64_t lo, hi;

	sct_lhist_bounds(bucket, &lo, &hi);
	return lo + (hi - lo) / 2;
}

/**
 * sct_lhist_init - an empty histogram
 * @h: the caller's struct; it owns no memory until the first value
 */
void sct_lhist_init(struct sct_lhist *h)
{
	memset(h, 0, sizeof(*h));
	h->min = h->max = SCT_STATS_NONE;
}

/**
 * sct_lhist_release - free the counts of @h (not @h itself)
 * @h: the histogram, or NULL; left empty, as after sct_lhist_init().
 *     Releasing it twice is harmless.
 */
void sct_lhist_release(struct sct_lhist *h)
{
	if (!h)
		return;
	free(h->count);
	sct_lhist_init(h);
}

/* Counts allocated for buckets 0 .. @bucket, whole powers of two at a time */
static int room(struct sct_lhist *h, unsigned int bucket)
{
	unsigned int nr = (bucket / SCT_LHIST_SUB + 1) * SCT_LHIST_SUB;
	uint64_t *count;

	if (bucket < h->nr)
		return 0;
	if (nr < exact_buckets)
		nr = exact_buckets;
	count = realloc(h->count, nr * sizeof(*count));
	if (!count)
		return sct_set_error(ENOMEM, "histogram: out of memory");
	memset(count + h->nr, 0, (nr - h->nr) * sizeof(*count));
	h->count = count;
	h->nr = nr;
	return 0;
}

/* n, sum, min and max of @n values from @min to @max summing to @sum */
static void count_values(struct sct_lhist *h, uint64_t n, uint64_t sum, uint64_t min,
			 uint64_t max)
{
	if (!h->n || min < h->min)
		h->min = min;
	if (!h->n || max > h->max)
		h->max = max;
	h->n += n;
	h->sum += sum;
}

/**
 * sct_lhist_add - count one value
 * @h: the histogram; its counts grow as needed and stay owned by @h
 * @value: the value
 *
 * Returns 0, or -1 with errno ENOMEM and the error text (@h unchanged).
 */
int sct_lhist_add(struct sct_lhist *h, uint64_t value)
{
	unsigned int b = sct_lhist_bucket(value);

	if (room(h, b))
		return -1;
	h->count[b]++;
	count_values(h, 1, value, value, value);
	return 0;
}

/**
 * sct_lhist_merge - add the values of another histogram
 * @h: the histogram that grows
 * @from: the one added; only read
 *
 * Afterwards @h is exactly the histogram of both sets of values.
 * Returns 0, or -1 with errno ENOMEM and the error text (@h unchanged).
 */
int sct_lhist_merge(struct sct_lhist *h, const struct sct_lhist *from)
{
	unsigned int b;

	if (!from->n)
		return 0;
	if (room(h, from->nr - 1))
		return -1;
	for (b = 0; b < from->nr; b++)
		h->count[b] += from->count[b];
	count_values(h, from->n, from->sum, from->min, from->max);
	return 0;
}

/**
 * sct_lhist_percentile - a nearest-rank percentile, within the stated error
 * @h: the histogram
 * @permille: the percentile in per-mille (500 = p50, 999 = p99.9), 0-1000
 *
 * Returns the representative of the bucket that holds the value of rank
 * ceil(@permille * n / 1000) (at least 1), brought within [min, max];
 * SCT_STATS_NONE when @h is empty.
 */
uint64_t sct_lhist_percentile(const struct sct_lhist *h, unsigned int permille)
{
	uint64_t rank, seen = 0, v;
	unsigned int b;

	if (!h->n)
		return SCT_STATS_NONE;
	if (permille > 1000)
		permille = 1000;
	rank = h->n / 1000 * permille + (h->n % 1000 * permille + 999) / 1000;
	if (rank < 1)
		rank = 1;
	for (b = 0; b < h->nr - 1; b++) {
		seen += h->count[b];
		if (seen >= rank)
			break;
	}
	v = sct_lhist_repr(b);
	if (v < h->min)
		return h->min;
	return v > h->max ? h->max : v;
}

/**
 * sct_lhist_mean - the mean of the values, rounded half up (exact)
 * @h: the histogram
 *
 * Returns sum / n rounded half up, as sct_mean() rounds; SCT_STATS_NONE
 * when @h is empty.
 */
uint64_t sct_lhist_mean(const struct sct_lhist *h)
{
	uint64_t r;

	if (!h->n)
		return SCT_STATS_NONE;
	r = h->sum % h->n;
	return h->sum / h->n + (r >= h->n - r);
}

/**
 * sct_lhist_summarize - the figures of a histogram
 * @h: the histogram; only read
 * @sum: filled in: n, min, max and mean exact, the percentiles by
 *       sct_lhist_percentile(); every figure SCT_STATS_NONE when @h is empty
 */
void sct_lhist_summarize(const struct sct_lhist *h, struct sct_summary *sum)
{
	sum->n = h->n;
	sum->min = h->min;
	sum->max = h->max;
	sum->p50 = sct_lhist_percentile(h, 500);
	sum->p90 = sct_lhist_percentile(h, 900);
	sum->p99 = sct_lhist_percentile(h, 990);
	sum->p999 = sct_lhist_percentile(h, 999);
	sum->mean = sct_lhist_mean(h);
}

/**
 * sct_lhist_log2 - the log2 histogram (stats.h) of the same values
 * @h: the histogram; only read
 * @out: overwritten; exact, as each bucket of @h lies within one of @out
 */
void sct_lhist_log2(const struct sct_lhist *h, struct sct_hist *out)
{
	uint64_t lo, hi;
	unsigned int b;

	memset(out, 0, sizeof(*out));
	for (b = 0; b < h->nr; b++) {
		if (!h->count[b])
			continue;
		sct_lhist_bounds(b, &lo, &hi);
		out->count[sct_hist_bucket(lo)] += h->count[b];
	}
}
