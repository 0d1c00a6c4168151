// SPDX-License-Identifier: GPL-2.0
/*
 * The Mann-Whitney U test and the --fail-on rules, on hand-computed cases.
 */
#include <math.h>

#include <smccctrace/compare.h>
#include <smccctrace/error.h>

#include "tap.h"

#define near(got, want, what) ok(fabs((got) - (want)) < 1e-6, what)

static void test_mwu(void)
{
	/* No overlap: U = 0, z = -(4.5 - 0.5) / sqrt(9 / 12 * 7) */
	const uint64_t a1[] = { 1, 2, 3 }, b1[] = { 4, 5, 6 };
	/* Ties: ranks 1, 3, 3 | 3, 5.5, 5.5; U = 1; tie term 24 + 6 */
	const uint64_t a2[] = { 1, 2, 2 }, b2[] = { 2, 3, 3 };
	const uint64_t same[] = { 7, 7, 7 };
	struct sct_mwu r;

	ok(!sct_mann_whitney(a1, 3, b1, 3, &r), "mwu: separate samples");
	near(r.u, 0, "mwu: separate: U");
	near(r.z, -1.7457431218879391, "mwu: separate: z");
	near(r.p, 0.0808555983700523, "mwu: separate: p");
	sct_mann_whitney(b1, 3, a1, 3, &r);
	near(r.u, 9, "mwu: swapped: U = n1 n2 - U");
	near(r.p, 0.0808555983700523, "mwu: swapped: same p");
	sct_mann_whitney(a2, 3, b2, 3, &r);
	near(r.u, 1, "mwu: ties: U");
	near(r.z, -1.4142135623730951, "mwu: ties: z with the tie correction");
	near(r.p, 0.15729920705028513, "mwu: ties: p");
	sct_mann_whitney(same, 3, same, 3, &r);
	near(r.u, 4.5, "mwu: all tied: U is the mean");
	near(r.p, 1, "mwu: all tied: p = 1");
	ok(sct_mann_whitney(a1, 0, b1, 3, &r) && r.p == 1, "mwu: empty side");
}

static void test_rules(void)
{
	struct sct_rule r;

	ok(!sct_rule_parse("p99>+10%", &r), "rule: p99>+10%");
	ok(r.kind == SCT_RULE_METRIC && r.metric == SCT_METRIC_P99 && r.percent &&
	   r.amount == 1000, "rule: p99 in hundredths of a percent");
	ok(!sct_rule_exceeded(&r, 1000, 1100), "rule: +10% exactly is not more");
	ok(sct_rule_exceeded(&r, 1000, 1101), "rule: +10.1% is");
	ok(!sct_rule_exceeded(&r, 1000, 900), "rule: faster never is");
	ok(sct_rule_exceeded(&r, 0, 1), "rule: from 0, any growth is");
	ok(!sct_rule_exceeded(&r, SCT_STATS_NONE, 5), "rule: no figure, no breach");
	ok(!sct_rule_parse("p50>+2.5%", &r) && r.amount == 250, "rule: decimal percent");
	ok(!sct_rule_parse("max>+1000ns", &r) && !r.percent && r.amount == 1000 &&
	   r.metric == SCT_METRIC_MAX, "rule: max in ns");
	ok(!sct_rule_exceeded(&r, 5000, 6000) && sct_rule_exceeded(&r, 5000, 6001),
	   "rule: ns threshold");
	ok(!sct_rule_parse("mean>+3us", &r) && r.amount == 3000, "rule: us");
	ok(!sct_rule_parse("p999>+1ms", &r) && r.amount == 1000000 &&
	   r.metric == SCT_METRIC_P999, "rule: p999 in ms");
	ok(!sct_rule_parse("location-change", &r) && r.kind == SCT_RULE_LOCATION_CHANGE,
	   "rule: location-change");
	ok(!sct_rule_parse("new-id", &r) && r.kind == SCT_RULE_NEW_ID, "rule: new-id");
	ok(!sct_rule_parse("gone-id", &r) && r.kind == SCT_RULE_GONE_ID, "rule: gone-id");
	ok(!sct_rule_parse("result-change", &r) && r.kind == SCT_RULE_RESULT_CHANGE,
	   "rule: result-change");
	ok(sct_rule_parse("p99>10%", &r), "rule: the + is needed");
	ok(sct_rule_parse("p98>+10%", &r), "rule: unknown metric");
	ok(sct_rule_parse("p99>+10s", &r), "rule: unknown unit");
	ok(sct_rule_parse("p99>+1.5ns", &r), "rule: fractional ns");
	is_str(sct_last_error(), "bad rule 'p99>+1.5ns' (e.g. 'p99>+10%', 'max>+1000ns', "
	       "location-change, new-id, gone-id, result-change)", "rule: message");
}

static void test_change(void)
{
	is_u64(sct_change_permille(1000, 1200), 200, "change: +20%");
	is_u64(sct_change_permille(1000, 800), (uint64_t)-200, "change: -20%");
	is_u64(sct_change_permille(0, 5), INT64_MAX, "change: from 0");
	is_u64(sct_change_permille(7, 7), 0, "change: none");
	is_str(sct_metric_name(SCT_METRIC_P999), "p999", "metric name");
}

int main(void)
{
	test_mwu();
	test_rules();
	test_change();
	return tap_done();
}
