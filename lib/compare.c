// SPDX-License-Identifier: LGPL-2.1
/*
 * The Mann-Whitney U test and the regression rules of "smccctrace diff".
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <smccctrace/compare.h>

#include "internal.h"

/*
 * Walk both sorted samples in one merge: each run of equal values gets
 * the mean of the ranks it spans; A's rank sum and the tie term follow.
 */
static void rank_sums(const uint64_t *a, size_t na, const uint64_t *b, size_t nb,
		      double *ra, double *ties)
{
	size_t i = 0, j = 0, ta, tb, t;
	double rank = 1, mid;
	uint64_t v;

	*ra = 0;
	*ties = 0;
	while (i < na || j < nb) {
		v = (j >= nb || (i < na && a[i] <= b[j])) ? a[i] : b[j];
		for (ta = 0; i < na && a[i] == v; i++, ta++)
			;
		for (tb = 0; j < nb && b[j] == v; j++, tb++)
			;
		t = ta + tb;
		mid = rank + (double)(t - 1) / 2;
		*ra += mid * (double)ta;
		*ties += (double)t * t * t - (double)t;
		rank += (double)t;
	}
}

/**
 * sct_mann_whitney - Mann-Whitney U test of two samples
 * @a: sample A, sorted ascending
 * @na: its size
 * @b: sample B, sorted ascending
 * @nb: its size
 * @r: the result
 *
 * The p-value is two-sided, from the normal approximation with the tie
 * correction of the variance and a continuity correction of 0.5.
 * Returns 0, or -1 with errno EINVAL when a sample is empty (then @r says
 * U = 0, z = 0, p = 1).
 */
int sct_mann_whitney(const uint64_t *a, size_t na, const uint64_t *b,
		     size_t nb, struct sct_mwu *r)
{
	double n1 = (double)na, n2 = (double)nb, n = n1 + n2;
	double ra, ties, mean, var, dev;

	r->u = 0;
	r->z = 0;
	r->p = 1;
	if (!na || !nb)
		return sct_set_error(EINVAL, "an empty sample");
	rank_sums(a, na, b, nb, &ra, &ties);
	r->u = ra - n1 * (n1 + 1) / 2;
	mean = n1 * n2 / 2;
	var = n1 * n2 / 12 * ((n + 1) - ties / (n * (n - 1)));
	if (var <= 0)
		return 0;
	dev = fabs(r->u - mean) - 0.5;
	if (dev < 0)
		dev = 0;
	r->z = (r->u >= mean ? dev : -dev) / sqrt(var);
	r->p = erfc(fabs(r->z) / sqrt(2));
	return 0;
}

static const char *const metric_names[SCT_NR_METRICS] = {
	"min", "p50", "p90", "p99", "p999", "max", "mean",
};

/**
 * sct_metric_name - the name of a latency figure ("p99", ...)
 * @metric: the figure
 *
 * Returns a static string.
 */
const char *sct_metric_name(enum sct_metric metric)
{
	return metric < SCT_NR_METRICS ? metric_names[metric] : "?";
}

/**
 * sct_summary_metric - one figure of a summary
 * @s: the summary
 * @metric: which figure
 *
 * Returns it, or SCT_STATS_NONE.
 */
uint64_t sct_summary_metric(const struct sct_summary *s, enum sct_metric metric)
{
	const uint64_t v[SCT_NR_METRICS] = {
		s->min, s->p50, s->p90, s->p99, s->p999, s->max, s->mean,
	};

	return metric < SCT_NR_METRICS ? v[metric] : SCT_STATS_NONE;
}

/* "+10%", "+2.5%", "+1000ns", "+3us", "+1ms" */
static int parse_amount(const char *s, struct sct_rule *rule)
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
	whole = strtoull(s, &end, 10);
	if (*end == '.') {
		for (end++; *end >= '0' && *end <= '9' && digits < 2; end++, digits++)
			frac = frac * 10 + (unsigned long long)(*end - '0');
		for (; digits < 2; digits++)
			frac *= 10;
	}
	if (!strcmp(end, "%")) {
		rule->percent = true;
		rule->amount = whole * 100 + frac;
		return 0;
	}
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (!strcmp(end, units[i].unit) && !frac) {
			rule->amount = whole * units[i].ns;
			return 0;
		}
	}
	return -1;
}

static int parse_metric_rule(const char *text, struct sct_rule *rule)
{
	const char *gt = strchr(text, '>');
	size_t len, m;

	if (!gt)
		return -1;
	len = (size_t)(gt - text);
	for (m = 0; m < SCT_NR_METRICS; m++) {
		if (strlen(metric_names[m]) == len && !strncmp(text, metric_names[m], len)) {
			rule->kind = SCT_RULE_METRIC;
			rule->metric = (enum sct_metric)m;
			return parse_amount(gt + 1, rule);
		}
	}
	return -1;
}

/**
 * sct_rule_parse - parse a --fail-on rule
 * @text: "METRIC>+N%" or "METRIC>+N(ns|us|ms)" with METRIC one of min,
 *        p50, p90, p99, p999, max, mean; or "location-change", "new-id",
 *        "gone-id", "result-change"
 * @rule: the rule
 *
 * Returns 0, or -1 with errno EINVAL and a message naming @text.
 */
int sct_rule_parse(const char *text, struct sct_rule *rule)
{
	static const struct { const char *name; enum sct_rule_kind kind; } words[] = {
		{ "location-change", SCT_RULE_LOCATION_CHANGE },
		{ "new-id", SCT_RULE_NEW_ID },
		{ "gone-id", SCT_RULE_GONE_ID },
		{ "result-change", SCT_RULE_RESULT_CHANGE },
	};
	size_t i;

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
	if (!parse_metric_rule(text, rule))
		return 0;
bad:
	return sct_set_error(EINVAL, "bad rule '%s' (e.g. 'p99>+10%%', 'max>+1000ns', "
			     "location-change, new-id, gone-id, result-change)", text);
}

/**
 * sct_rule_exceeded - whether B's figure grew past a metric rule's threshold
 * @rule: a SCT_RULE_METRIC rule
 * @a: A's figure
 * @b: B's figure
 *
 * A figure that is SCT_STATS_NONE on either side never exceeds. With a
 * percent threshold, B > A + A * threshold (A = 0: any B > 0 exceeds).
 */
bool sct_rule_exceeded(const struct sct_rule *rule, uint64_t a, uint64_t b)
{
	if (a == SCT_STATS_NONE || b == SCT_STATS_NONE || b <= a)
		return false;
	if (!rule->percent)
		return b - a > rule->amount;
	/* (b - a) / a > amount / 10000, in integers where they fit */
	if (b - a > UINT64_MAX / 10000 || a > UINT64_MAX / (rule->amount + 1))
		return (double)(b - a) * 10000 > (double)a * (double)rule->amount;
	return (b - a) * 10000 > a * rule->amount;
}

/**
 * sct_change_permille - B's change against A in tenths of a percent
 * @a: A's figure
 * @b: B's figure
 *
 * Returns (b - a) * 1000 / a rounded towards zero; INT64_MAX when a is 0
 * and b is not; 0 when either is SCT_STATS_NONE or both are 0.
 */
int64_t sct_change_permille(uint64_t a, uint64_t b)
{
	double d;

	if (a == SCT_STATS_NONE || b == SCT_STATS_NONE || a == b)
		return 0;
	if (!a)
		return INT64_MAX;
	d = ((double)b - (double)a) * 1000 / (double)a;
	return (int64_t)d;
}
