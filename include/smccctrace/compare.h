/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * Comparing two runs: a rank test on latency distributions and the rules
 * a regression check applies to two summaries.
 */
#ifndef SMCCCTRACE_COMPARE_H
#define SMCCCTRACE_COMPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <smccctrace/stats.h>

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

enum sct_rule_kind {
	SCT_RULE_METRIC,		/* a latency figure grew past a threshold */
	SCT_RULE_LOCATION_CHANGE,	/* an ID is answered somewhere else */
	SCT_RULE_NEW_ID,		/* an ID only B has */
	SCT_RULE_GONE_ID,		/* an ID only A has */
	SCT_RULE_RESULT_CHANGE,		/* an ID's results differ */
};

/**
 * struct sct_rule - one --fail-on rule
 * @kind: enum sct_rule_kind
 * @metric: for SCT_RULE_METRIC: the figure compared
 * @percent: the threshold is in hundredths of a percent of A's figure
 * @amount: the threshold: ns, or hundredths of a percent
 * @text: the rule as written
 */
struct sct_rule {
	enum sct_rule_kind	kind;
	enum sct_metric		metric;
	bool			percent;
	uint64_t		amount;
	char			text[48];
};

int sct_rule_parse(const char *text, struct sct_rule *rule);
bool sct_rule_exceeded(const struct sct_rule *rule, uint64_t a, uint64_t b);
const char *sct_metric_name(enum sct_metric metric);
uint64_t sct_summary_metric(const struct sct_summary *s, enum sct_metric metric);
int64_t sct_change_permille(uint64_t a, uint64_t b);

#endif /* SMCCCTRACE_COMPARE_H */
