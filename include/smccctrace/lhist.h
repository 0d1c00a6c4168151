/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * Log-linear latency histograms: a bounded number of counters for any
 * number of values, merged by adding counts, with percentiles within a
 * stated relative error. What a live view keeps instead of every value.
 *
 * Buckets, for SCT_LHIST_SUB = 2^5 = 32 sub-buckets per power of two:
 *
 *   the values 0 .. 63 have a bucket each (bucket b holds the value b);
 *   above, each power of two [2^e, 2^(e+1)) (e = 6 .. 63) is cut into 32
 *   buckets of width 2^(e-5): bucket (e - 4) * 32 + j holds
 *   [2^e + j * 2^(e-5), 2^e + (j + 1) * 2^(e-5) - 1], j = 0 .. 31.
 *
 *   SCT_LHIST_BUCKETS (1920) buckets cover every uint64_t value; each
 *   lies within one bucket of stats.h's log2 histogram, so the log2
 *   histogram of the values follows exactly from this one.
 *
 * A bucket's representative is its middle, lo + (hi - lo) / 2 rounded
 * down. It differs from any value v the bucket holds by less than v / 64
 * (a relative error under 1/64, 1.5625%), and is the value itself below 64.
 *
 * Percentile p (per-mille) is the nearest rank, as sct_percentile() ranks
 * (rank = ceil(p * n / 1000), at least 1): the representative of the
 * bucket holding the value of that rank, brought within the exact min and
 * max (still a value of that bucket). n, min, max and the sum are exact.
 */
#ifndef SMCCCTRACE_LHIST_H
#define SMCCCTRACE_LHIST_H

#include <stddef.h>
#include <stdint.h>

#include <smccctrace/stats.h>

/* What libsmccctrace.so exports: the declarations of the public headers */
#pragma GCC visibility push(default)

enum {
	SCT_LHIST_SUB_BITS	= 5,
	SCT_LHIST_SUB		= 1 << SCT_LHIST_SUB_BITS,
	SCT_LHIST_BUCKETS	= (64 - SCT_LHIST_SUB_BITS + 1) * SCT_LHIST_SUB,
};

/**
 * struct sct_lhist - a log-linear histogram of values
 * @n: values counted
 * @sum: their sum (wraps past 2^64: 584 years of nanoseconds)
 * @min: the smallest, SCT_STATS_NONE while @n is 0
 * @max: the largest, SCT_STATS_NONE while @n is 0
 * @count: values per bucket, buckets 0 .. @nr - 1 (NULL while @nr is 0)
 * @nr: buckets allocated: one past the highest bucket used, rounded up
 *      to a whole power of two's buckets (never more than SCT_LHIST_BUCKETS)
 *
 * Initialise with sct_lhist_init(); sct_lhist_release() frees @count.
 */
struct sct_lhist {
	uint64_t	n;
	uint64_t	sum;
	uint64_t	min;
	uint64_t	max;
	uint64_t	*count;
	unsigned int	nr;
};

unsigned int sct_lhist_bucket(uint64_t value);
void sct_lhist_bounds(unsigned int bucket, uint64_t *lo, uint64_t *hi);
uint64_t sct_lhist_repr(unsigned int bucket);

void sct_lhist_init(struct sct_lhist *h);
void sct_lhist_release(struct sct_lhist *h);
int sct_lhist_add(struct sct_lhist *h, uint64_t value);
int sct_lhist_merge(struct sct_lhist *h, const struct sct_lhist *from);
uint64_t sct_lhist_percentile(const struct sct_lhist *h, unsigned int permille);
uint64_t sct_lhist_mean(const struct sct_lhist *h);
void sct_lhist_summarize(const struct sct_lhist *h, struct sct_summary *sum);
void sct_lhist_log2(const struct sct_lhist *h, struct sct_hist *out);

#pragma GCC visibility pop

#endif /* SMCCCTRACE_LHIST_H */
