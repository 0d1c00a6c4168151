/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * Latency statistics: samples, nearest-rank percentiles, means and log2
 * histograms. Pure C, all integers.
 *
 * Definitions, for n values sorted in ascending order v[0] .. v[n-1]:
 *
 *   percentile p (given in per-mille: 500 is p50, 999 is p99.9) is the
 *   nearest rank: v[rank - 1] with rank = (p * n + 999) / 1000, that is
 *   ceil(p / 1000 * n), and at least 1;
 *   min is v[0], max is v[n-1];
 *   mean is sum / n rounded half up to an integer: (2 * sum + n) / (2 * n);
 *   histogram bucket 0 holds the value 0, and bucket k + 1 (k = 0 .. 63)
 *   holds the values in [2^k, 2^(k+1) - 1].
 *
 * With no values at all every figure is SCT_STATS_NONE.
 */
#ifndef SMCCCTRACE_STATS_H
#define SMCCCTRACE_STATS_H

#include <stddef.h>
#include <stdint.h>

/* What libsmccctrace.so exports: the declarations of the public headers */
#pragma GCC visibility push(default)

/* "No value": the same marker as SCT_NO_TIME in call.h */
#define SCT_STATS_NONE	UINT64_MAX

/**
 * struct sct_samples - a growing array of values
 * @v: the values, in the order added until sct_samples_sort()
 * @nr: number of values
 * @alloc: allocated slots
 *
 * Initialise with sct_samples_init() (or zero it) and free the array with
 * sct_samples_release().
 */
struct sct_samples {
	uint64_t	*v;
	size_t		nr;
	size_t		alloc;
};

void sct_samples_init(struct sct_samples *s);
void sct_samples_release(struct sct_samples *s);
int sct_samples_add(struct sct_samples *s, uint64_t value);
int sct_samples_append(struct sct_samples *s, const struct sct_samples *from);
void sct_samples_sort(struct sct_samples *s);

uint64_t sct_percentile(const uint64_t *sorted, size_t n, unsigned int permille);
uint64_t sct_mean(const uint64_t *v, size_t n);

/**
 * struct sct_summary - the figures of a set of values
 * @n: number of values
 * @min: smallest
 * @p50: median (nearest rank)
 * @p90: 90th percentile
 * @p99: 99th percentile
 * @p999: 99.9th percentile
 * @max: largest
 * @mean: sum / n, rounded half up
 *
 * Every figure is SCT_STATS_NONE when @n is 0.
 */
struct sct_summary {
	uint64_t	n;
	uint64_t	min;
	uint64_t	p50;
	uint64_t	p90;
	uint64_t	p99;
	uint64_t	p999;
	uint64_t	max;
	uint64_t	mean;
};

void sct_summarize(struct sct_samples *s, struct sct_summary *sum);

/* Bucket 0 is the value 0; bucket k + 1 is [2^k, 2^(k+1) - 1] */
#define SCT_HIST_BUCKETS	65

/**
 * struct sct_hist - a log2 histogram
 * @count: values per bucket
 *
 * Zero it to start; it owns no memory.
 */
struct sct_hist {
	uint64_t	count[SCT_HIST_BUCKETS];
};

unsigned int sct_hist_bucket(uint64_t value);
void sct_hist_bounds(unsigned int bucket, uint64_t *lo, uint64_t *hi);
void sct_hist_add(struct sct_hist *h, uint64_t value);

#pragma GCC visibility pop

#endif /* SMCCCTRACE_STATS_H */
