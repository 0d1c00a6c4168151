// SPDX-License-Identifier: GPL-2.0
/*
 * smccctrace diff's --fail-on rules (analyze/diff-rules.c): their syntax
 * and their thresholds, on hand-computed cases.
 */
#include <smccctrace/error.h>

#include "diff-rules.h"
#include "tap.h"

static void test_rules(void)
{
	struct diff_rule r;

	ok(!diff_rule_parse("p99>+10%", &r), "rule: p99>+10%");
	ok(r.kind == DIFF_RULE_METRIC && r.metric == SCT_METRIC_P99 && r.percent &&
	   r.amount == 1000, "rule: p99 in hundredths of a percent");
	ok(!diff_rule_exceeded(&r, 1000, 1100), "rule: +10% exactly is not more");
	ok(diff_rule_exceeded(&r, 1000, 1101), "rule: +10.1% is");
	ok(!diff_rule_exceeded(&r, 1000, 900), "rule: faster never is");
	ok(diff_rule_exceeded(&r, 0, 1), "rule: from 0, any growth is");
	ok(!diff_rule_exceeded(&r, SCT_STATS_NONE, 5), "rule: no figure, no breach");
	ok(!diff_rule_parse("p50>+2.5%", &r) && r.amount == 250, "rule: decimal percent");
	ok(!diff_rule_parse("max>+1000ns", &r) && !r.percent && r.amount == 1000 &&
	   r.metric == SCT_METRIC_MAX, "rule: max in ns");
	ok(!diff_rule_exceeded(&r, 5000, 6000) && diff_rule_exceeded(&r, 5000, 6001),
	   "rule: ns threshold");
	ok(!diff_rule_parse("mean>+3us", &r) && r.amount == 3000, "rule: us");
	ok(!diff_rule_parse("p999>+1ms", &r) && r.amount == 1000000 &&
	   r.metric == SCT_METRIC_P999, "rule: p999 in ms");
	ok(!diff_rule_parse("location-change", &r) && r.kind == DIFF_RULE_LOCATION_CHANGE,
	   "rule: location-change");
	ok(!diff_rule_parse("new-id", &r) && r.kind == DIFF_RULE_NEW_ID, "rule: new-id");
	ok(!diff_rule_parse("gone-id", &r) && r.kind == DIFF_RULE_GONE_ID, "rule: gone-id");
	ok(!diff_rule_parse("result-change", &r) && r.kind == DIFF_RULE_RESULT_CHANGE,
	   "rule: result-change");
	ok(diff_rule_parse("p99>10%", &r), "rule: the + is needed");
	ok(diff_rule_parse("p98>+10%", &r), "rule: unknown metric");
	ok(diff_rule_parse("p99>+10s", &r), "rule: unknown unit");
	ok(diff_rule_parse("p99>+1.5ns", &r), "rule: fractional ns");
	is_str(sct_last_error(), "bad rule 'p99>+1.5ns' (e.g. 'p99>+10%', 'max>+1000ns', "
	       "location-change, new-id, gone-id, result-change)", "rule: message");
}

int main(void)
{
	test_rules();
	return tap_done();
}
