/* SPDX-License-Identifier: GPL-2.0 */
/*
 * smccctrace diff: the --fail-on rules.
 */
#ifndef SMCCCTRACE_ANALYZE_DIFF_RULES_H
#define SMCCCTRACE_ANALYZE_DIFF_RULES_H

#include <stdbool.h>
#include <stdint.h>

#include <smccctrace/compare.h>

enum diff_rule_kind {
	DIFF_RULE_METRIC,		/* a latency figure grew past a threshold */
	DIFF_RULE_LOCATION_CHANGE,	/* an ID is answered somewhere else */
	DIFF_RULE_NEW_ID,		/* an ID only B has */
	DIFF_RULE_GONE_ID,		/* an ID only A has */
	DIFF_RULE_RESULT_CHANGE,	/* an ID's results differ */
};

/**
 * struct diff_rule - one --fail-on rule
 * @kind: enum diff_rule_kind
 * @metric: for DIFF_RULE_METRIC: the figure compared
 * @percent: the threshold is in hundredths of a percent of A's figure
 * @amount: the threshold: ns, or hundredths of a percent
 * @text: the rule as written
 */
struct diff_rule {
	enum diff_rule_kind	kind;
	enum sct_metric		metric;
	bool			percent;
	uint64_t		amount;
	char			text[48];
};

int diff_rule_parse(const char *text, struct diff_rule *rule);
bool diff_rule_exceeded(const struct diff_rule *rule, uint64_t a, uint64_t b);

#endif /* SMCCCTRACE_ANALYZE_DIFF_RULES_H */
