// SPDX-License-Identifier: GPL-2.0
/*
 * smccctrace diff's --fail-on rules (analyze/diff-rules.c): their syntax
 * and their thresholds, on hand-computed cases.
 */
#include <errno.h>

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

/* Amounts that do not fit are refused, never wrapped */
static void test_ranges(void)
{
	struct diff_rule r;

	ok(!diff_rule_parse("max>+18446744073709ms", &r) &&
	   r.amount == 18446744073709000000ull, "range: the largest whole ms");
	ok(diff_rule_parse("max>+18446744073710ms", &r) && errno == ERANGE,
	   "range: one ms more is refused");
	is_str(sct_last_error(), "bad rule 'max>+18446744073710ms': the amount is out of range "
	       "(at most 18446744073709551615ns or 184467440737095516.15%)", "range: message");
	ok(!diff_rule_parse("max>+18446744073709551615ns", &r) && r.amount == UINT64_MAX,
	   "range: 2^64 - 1 ns");
	ok(diff_rule_parse("max>+18446744073709551616ns", &r) && errno == ERANGE,
	   "range: 2^64 ns is refused");
	ok(diff_rule_parse("mean>+18446744073709552us", &r) && errno == ERANGE,
	   "range: us past 64 bits");
	ok(diff_rule_parse("p99>+99999999999999999999999%", &r) && errno == ERANGE,
	   "range: a percent past strtoull");
	ok(!diff_rule_parse("p99>+184467440737095516.15%", &r) && r.amount == UINT64_MAX,
	   "range: the largest percent");
	ok(diff_rule_parse("p99>+184467440737095516.16%", &r) && errno == ERANGE,
	   "range: a hundredth more is refused");
	ok(diff_rule_parse("p99>+99999999999999999999999s", &r) && errno == EINVAL,
	   "range: a bad unit is bad syntax, whatever the number");
	ok(!diff_rule_parse("p99>+184467440737095516.15%", &r) && !diff_rule_exceeded(&r, 2, 3),
	   "range: the largest percent is not broken by +50%");
	ok(diff_rule_exceeded(&r, 1, UINT64_MAX - 1), "range: nor does it divide by zero");
}

int main(void)
{
	test_rules();
	test_ranges();
	return tap_done();
}
