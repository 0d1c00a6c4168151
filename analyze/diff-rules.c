// SPDX-License-Identifier: GPL-2.0
/*
 * smccctrace diff: the --fail-on rules, their syntax and their thresholds.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <smccctrace/error.h>

#include "diff-rules.h"

/*
 * "+10%", "+2.5%", "+1000ns", "+3us", "+1ms": 0, -1 on bad syntax, or
 * -ERANGE for an amount that does not fit in 64 bits of ns or of
 * hundredths of a percent
 */
static int parse_amount(const char *s, struct diff_rule *rule)
{
	static const struct { const char *unit; uint64_t ns; } units[] = {
		{ "ns", 1 }, { "us", 1000 }, { "ms", 1000000 },
	};
	unsigned long long whole, frac = 0;
	int digits = 0;
	char *end;
	size_t i;

	if (*s++ != '+' || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	whole = strtoull(s, &end, 10);
	if (errno == ERANGE)
		whole = ULLONG_MAX;	/* out of range below, or bad syntax */
	if (*end == '.') {
		for (end++; *end >= '0' && *end <= '9' && digits < 2; end++, digits++)
			frac = frac * 10 + (unsigned long long)(*end - '0');
		for (; digits < 2; digits++)
			frac *= 10;
	}
	if (!strcmp(end, "%")) {
		rule->percent = true;
		if (errno == ERANGE || __builtin_mul_overflow(whole, 100, &rule->amount) ||
		    __builtin_add_overflow(rule->amount, frac, &rule->amount))
			return -ERANGE;
		return 0;
	}
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (!strcmp(end, units[i].unit) && !frac) {
			if (errno == ERANGE ||
			    __builtin_mul_overflow(whole, units[i].ns, &rule->amount))
				return -ERANGE;
			return 0;
		}
	}
	return -1;
}

static int parse_metric_rule(const char *text, struct diff_rule *rule)
{
	const char *gt = strchr(text, '>');
	const char *name;
	size_t len, m;

	if (!gt)
		return -1;
	len = (size_t)(gt - text);
	for (m = 0; m < SCT_NR_METRICS; m++) {
		name = sct_metric_name((enum sct_metric)m);
		if (strlen(name) == len && !strncmp(text, name, len)) {
			rule->kind = DIFF_RULE_METRIC;
			rule->metric = (enum sct_metric)m;
			return parse_amount(gt + 1, rule);
		}
	}
	return -1;
}

/**
 * diff_rule_parse - parse a --fail-on rule
 * @text: "METRIC>+N%" or "METRIC>+N(ns|us|ms)" with METRIC one of min,
 *        p50, p90, p99, p999, max, mean; or "location-change", "new-id",
 *        "gone-id", "result-change"
 * @rule: the rule
 *
 * Returns 0, or -1 with errno EINVAL (bad syntax) or ERANGE (an amount
 * past 64 bits of ns or of hundredths of a percent) and a message naming
 * @text.
 */
int diff_rule_parse(const char *text, struct diff_rule *rule)
{
	static const struct { const char *name; enum diff_rule_kind kind; } words[] = {
		{ "location-change", DIFF_RULE_LOCATION_CHANGE },
		{ "new-id", DIFF_RULE_NEW_ID },
		{ "gone-id", DIFF_RULE_GONE_ID },
		{ "result-change", DIFF_RULE_RESULT_CHANGE },
	};
	size_t i;
	int ret;

	memset(rule, 0, sizeof(*rule));
	if (strlen(text) >= sizeof(rule->text))
		goto bad;
	strcpy(rule->text, text);
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		if (!strcmp(text, words[i].name)) {
			rule->kind = words[i].kind;
			return 0;
		}
	}
	ret = parse_metric_rule(text, rule);
	if (!ret)
		return 0;
	if (ret == -ERANGE)
		return sct_set_error(ERANGE, "bad rule '%s': the amount is out of range "
				     "(at most 18446744073709551615ns or "
				     "184467440737095516.15%%)", text);
bad:
	return sct_set_error(EINVAL, "bad rule '%s' (e.g. 'p99>+10%%', 'max>+1000ns', "
			     "location-change, new-id, gone-id, result-change)", text);
}

/**
 * diff_rule_exceeded - whether B's figure grew past a metric rule's threshold
 * @rule: a DIFF_RULE_METRIC rule
 * @a: A's figure
 * @b: B's figure
 *
 * A figure that is SCT_STATS_NONE on either side never exceeds. With a
 * percent threshold, B > A + A * threshold (A = 0: any B > 0 exceeds).
 */
bool diff_rule_exceeded(const struct diff_rule *rule, uint64_t a, uint64_t b)
{
	if (a == SCT_STATS_NONE || b == SCT_STATS_NONE || b <= a)
		return false;
	if (!rule->percent)
		return b - a > rule->amount;
	/* (b - a) / a > amount / 10000, in integers where they fit */
	if (b - a > UINT64_MAX / 10000 || (rule->amount && a > UINT64_MAX / rule->amount))
		return (double)(b - a) * 10000 > (double)a * (double)rule->amount;
	return (b - a) * 10000 > a * rule->amount;
}
