/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * Comparing two runs: a rank test on latency distributions, and the
 * figures of two summaries set side by side.
 */
#ifndef SMCCCTRACE_COMPARE_H
#define SMCCCTRACE_COMPARE_H

#include <stddef.h>
#include <stdint.h>

#include <smccctrace/group.h>
#include <smccctrace/stats.h>
#include <smccctrace/tally.h>

/* What libsmccctrace.so exports: the declarations of the public headers */
#pragma GCC visibility push(default)

/**
 * struct sct_mwu - a Mann-Whitney U test of sample A against sample B
 * @u: U of A: the number of pairs (a, b) with a > b, ties counting one half
 * @z: the normal approximation's z, tie-corrected, with a continuity
 *     correction of one half towards the mean; 0 when it cannot be computed
 * @p: the two-sided p-value of @z (1 when all values are tied or a side is empty)
 */
struct sct_mwu {
	double	u;
	double	z;
	double	p;
};

int sct_mann_whitney(const uint64_t *a, size_t na, const uint64_t *b,
		     size_t nb, struct sct_mwu *r);
int sct_mann_whitney_tally(const struct sct_tally *a, const struct sct_tally *b,
			   struct sct_mwu *r);

enum sct_metric {
	SCT_METRIC_MIN,
	SCT_METRIC_P50,
	SCT_METRIC_P90,
	SCT_METRIC_P99,
	SCT_METRIC_P999,
	SCT_METRIC_MAX,
	SCT_METRIC_MEAN,
	SCT_NR_METRICS,
};

/**
 * struct sct_group_pair - one key's groups of two runs, side by side
 * @a: A's group, or NULL when only B has the key
 * @b: B's group, or NULL when only A has the key
 * @key: the key (A's or B's group's; owned by it)
 * @mwu: the rank test of A's latencies against B's (p = 1 unless both
 *       sides have timed calls)
 */
struct sct_group_pair {
	const struct sct_group	*a;
	const struct sct_group	*b;
	const char		*key;
	struct sct_mwu		mwu;
};

int sct_groups_compare(const struct sct_groups *a, const struct sct_groups *b,
		       struct sct_group_pair **pairs, size_t *nr);
const char *sct_metric_name(enum sct_metric metric);
uint64_t sct_summary_metric(const struct sct_summary *s, enum sct_metric metric);
int64_t sct_change_permille(uint64_t a, uint64_t b);
int64_t sct_ratio_change_permille(uint64_t num_a, uint64_t den_a,
				  uint64_t num_b, uint64_t den_b);

#pragma GCC visibility pop

#endif /* SMCCCTRACE_COMPARE_H */
