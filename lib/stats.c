// SPDX-License-Identifier: LGPL-2.1
/*
 * Latency statistics: samples, nearest-rank percentiles, rounded means
 * and log2 histograms (definitions in include/smccctrace/stats.h).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <smccctrace/stats.h>

#include "internal.h"

/**
 * sct_samples_init - start an empty set of samples
 * @s: the samples; owns nothing until the first sct_samples_add()
 */
void sct_samples_init(struct sct_samples *s)
{
	memset(s, 0, sizeof(*s));
}

/**
 * sct_samples_release - free the values of @s (not @s itself)
 * @s: the samples, or NULL; left empty and ready for reuse
 */
void sct_samples_release(struct sct_samples *s)
{
	if (!s)
		return;
	free(s->v);
	sct_samples_init(s);
}

static int grow(struct sct_samples *s, size_t want)
{
	size_t alloc = s->alloc ? s->alloc : 64;
	uint64_t *v;

	while (alloc < want) {
		if (alloc > SIZE_MAX / 2 / sizeof(*v))
			return sct_set_error(ENOMEM, "too many samples");
		alloc *= 2;
	}
	v = realloc(s->v, alloc * sizeof(*v));
	if (!v)
		return sct_set_error(ENOMEM, "out of memory for %zu samples", want);
	s->v = v;
	s->alloc = alloc;
	return 0;
}

/**
 * sct_samples_add - add one value
 * @s: the samples; its array grows as needed and stays owned by @s
 * @value: the value
 *
 * Returns 0, or -1 with errno ENOMEM (and @s unchanged).
 */
int sct_samples_add(struct sct_samples *s, uint64_t value)
{
	if (s->nr == s->alloc && grow(s, s->nr + 1))
		return -1;
	s->v[s->nr++] = value;
	return 0;
}

/**
 * sct_samples_append - add all values of another set
 * @s: the samples that grow
 * @from: the values to copy; left as it is
 *
 * Returns 0, or -1 with errno ENOMEM (and @s unchanged).
 */
int sct_samples_append(struct sct_samples *s, const struct sct_samples *from)
{
	if (!from->nr)
		return 0;
	if (s->nr + from->nr > s->alloc && grow(s, s->nr + from->nr))
		return -1;
	memcpy(s->v + s->nr, from->v, from->nr * sizeof(*s->v));
	s->nr += from->nr;
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Counts of each value of the byte at @shift, into @count; false when all are alike */
static bool count_digits(const uint64_t *v, size_t n, unsigned int shift, size_t *count)
{
	size_t i;

	memset(count, 0, 256 * sizeof(*count));
	for (i = 0; i < n; i++)
		count[(v[i] >> shift) & 0xff]++;
	return count[(v[0] >> shift) & 0xff] != n;
}

/*
 * Least significant byte first, each pass a stable counting sort from
 * @v into @tmp or back; a byte all values share is skipped, found for
 * all bytes at once in one pass (latencies leave most high bytes 0).
 * Returns where the sorted values are (@v or @tmp).
 */
static uint64_t *radix_sort(uint64_t *v, uint64_t *tmp, size_t n)
{
	uint64_t *src = v, *dst = tmp, *swap, differ = 0;
	size_t count[256], sum, c, i;
	unsigned int shift, d;

	for (i = 1; i < n; i++)
		differ |= v[i] ^ v[0];
	for (shift = 0; shift < 64; shift += 8) {
		if (!((differ >> shift) & 0xff) || !count_digits(src, n, shift, count))
			continue;
		for (d = 0, sum = 0; d < 256; d++) {
			c = count[d];
			count[d] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			dst[count[(src[i] >> shift) & 0xff]++] = src[i];
		swap = src;
		src = dst;
		dst = swap;
	}
	return src;
}

/**
 * sct_samples_sort - sort the values in ascending order
 * @s: the samples
 *
 * Many values are radix-sorted through a buffer as large as the values,
 * taken and freed here (qsort() when it cannot be had).
 */
void sct_samples_sort(struct sct_samples *s)
{
	uint64_t *tmp;

	if (s->nr < 2)
		return;
	tmp = s->nr > 512 ? malloc(s->nr * sizeof(*tmp)) : NULL;
	if (!tmp) {
		qsort(s->v, s->nr, sizeof(*s->v), cmp_u64);
		return;
	}
	if (radix_sort(s->v, tmp, s->nr) == tmp)
		memcpy(s->v, tmp, s->nr * sizeof(*tmp));
	free(tmp);
}

/**
 * sct_percentile - the nearest-rank percentile of sorted values
 * @sorted: @n values in ascending order; only read
 * @n: number of values
 * @permille: the percentile in per-mille (500 = p50, 999 = p99.9), 0-1000
 *
 * Returns sorted[rank - 1] with rank = ceil(@permille * @n / 1000), at
 * least 1, computed exactly in integers; SCT_STATS_NONE when @n is 0.
 */
uint64_t sct_percentile(const uint64_t *sorted, size_t n, unsigned int permille)
{
	size_t rank;

	if (!n)
		return SCT_STATS_NONE;
	if (permille > 1000)
		permille = 1000;
	/* ceil(p * n / 1000) without overflow: n = 1000 * a + b */
	rank = n / 1000 * permille + (n % 1000 * permille + 999) / 1000;
	if (rank < 1)
		rank = 1;
	return sorted[rank - 1];
}

/**
 * sct_mean - the mean of values, rounded half up to an integer
 * @v: @n values in any order; only read
 * @n: number of values
 *
 * Exact for any values: the sum is kept as quotient and remainder of the
 * division by @n, so it never overflows. Returns SCT_STATS_NONE when @n
 * is 0.
 */
uint64_t sct_mean(const uint64_t *v, size_t n)
{
	uint64_t q = 0, r = 0, rem;
	size_t i;

	if (!n)
		return SCT_STATS_NONE;
	for (i = 0; i < n; i++) {
		q += v[i] / n;
		rem = v[i] % n;
		/* r + rem >= n, written so that it cannot overflow */
		if (rem >= n - r) {
			q++;
			r -= n - rem;
		} else {
			r += rem;
		}
	}
	/* round half up: r / n >= 1/2 */
	return r >= n - r ? q + 1 : q;
}

/**
 * sct_summarize - sort the samples and compute their figures
 * @s: the samples; sorted in place
 * @sum: filled in; every figure is SCT_STATS_NONE when @s is empty
 */
void sct_summarize(struct sct_samples *s, struct sct_summary *sum)
{
	sct_samples_sort(s);
	sum->n = s->nr;
	sum->min = s->nr ? s->v[0] : SCT_STATS_NONE;
	sum->max = s->nr ? s->v[s->nr - 1] : SCT_STATS_NONE;
	sum->p50 = sct_percentile(s->v, s->nr, 500);
	sum->p90 = sct_percentile(s->v, s->nr, 900);
	sum->p99 = sct_percentile(s->v, s->nr, 990);
	sum->p999 = sct_percentile(s->v, s->nr, 999);
	sum->mean = sct_mean(s->v, s->nr);
}

/**
 * sct_hist_bucket - the log2 histogram bucket of a value
 * @value: the value
 *
 * Returns 0 for 0, else k + 1 where 2^k <= @value < 2^(k+1).
 */
unsigned int sct_hist_bucket(uint64_t value)
{
	if (!value)
		return 0;
	return 64 - (unsigned int)__builtin_clzll(value);
}

/**
 * sct_hist_bounds - the smallest and largest value of a bucket
 * @bucket: 0 .. SCT_HIST_BUCKETS - 1 (larger values are taken as the last)
 * @lo: set to the smallest value of the bucket
 * @hi: set to the largest value of the bucket
 */
void sct_hist_bounds(unsigned int bucket, uint64_t *lo, uint64_t *hi)
{
	if (!bucket) {
		*lo = *hi = 0;
		return;
	}
	if (bucket >= SCT_HIST_BUCKETS)
		bucket = SCT_HIST_BUCKETS - 1;
	*lo = (uint64_t)1 << (bucket - 1);
	*hi = *lo + (*lo - 1);
}

/**
 * sct_hist_add - count one value
 * @h: the histogram
 * @value: the value
 */
void sct_hist_add(struct sct_hist *h, uint64_t value)
{
	h->count[sct_hist_bucket(value)]++;
}
