// SPDX-License-Identifier: GPL-2.0
/*
 * smccctrace top's figures (tui/top-stats.c, tui/top-keys.c): the last
 * interval's calls and the aggregates since the start, filters, vCPU,
 * reset, memory bounded by the keys; and the same figures the library
 * gives over the same calls (what report shows): counts, min, max and
 * mean exact, percentiles since the start the middle of the log-linear
 * bucket holding report's exact value (lhist.h).
 */
#include <string.h>

#include <smccctrace/group.h>
#include <smccctrace/lhist.h>

#include "tap.h"
#include "top.h"

#define S	1000000000ull

/* A call of @id answered at @loc on vCPU @vcpu, taking @ns */
static struct sct_call call(uint32_t id, enum sct_location loc, int32_t vcpu, uint64_t ns)
{
	struct sct_call c;

	sct_call_init(&c);
	c.func_id = id;
	c.id_known = true;
	c.location = loc;
	c.tid = 100 + vcpu;
	c.vcpu = vcpu;
	c.t_exit = 5000;
	c.t_entry = 5000 + ns;
	c.args[0] = 0x1234;	/* not kept */
	c.nargs = 1;
	return c;
}

static const struct top_group *find(const struct top_stats *ts, const char *key)
{
	return top_groups_find(&ts->since, key);
}

static const struct sct_group *find_last(const struct top_stats *ts, const char *key)
{
	return sct_groups_find(&ts->last, key);
}

/*
 * What top shows since the start for report's exact percentile @exact of
 * values from @min to @max: the middle of the bucket holding it, within
 * min .. max (lhist.h)
 */
static uint64_t approx(uint64_t exact, uint64_t min, uint64_t max)
{
	uint64_t r = sct_lhist_repr(sct_lhist_bucket(exact));

	if (exact == SCT_STATS_NONE)
		return SCT_STATS_NONE;
	return r < min ? min : r > max ? max : r;
}

/* A row since the start shows the library's group @b: exact, percentiles by approx() */
static int same_group(const struct top_group *a, const struct sct_group *b)
{
	const struct sct_summary *x = &a->total_sum, *y = &b->total_sum;

	return a->calls == b->calls && a->incomplete == b->incomplete &&
	       a->has_id == b->has_id && a->func_id == b->func_id &&
	       !memcmp(a->by_location, b->by_location, sizeof(a->by_location)) &&
	       x->n == y->n && x->min == y->min && x->max == y->max && x->mean == y->mean &&
	       a->lat.sum == sct_group_total_ns(b) &&
	       x->p50 == approx(y->p50, y->min, y->max) &&
	       x->p90 == approx(y->p90, y->min, y->max) &&
	       x->p99 == approx(y->p99, y->min, y->max) &&
	       x->p999 == approx(y->p999, y->min, y->max) &&
	       !memcmp(&a->hist, &b->hist, sizeof(a->hist));
}

static void add(struct top_stats *ts, const struct sct_call *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		is_u64(top_stats_add(&c[i], ts), 0, "a call kept");
}

/* The rows since the start show the library's groups of the same calls */
static void same_as_library(const struct top_stats *ts, const struct sct_call *c, size_t n)
{
	const struct top_group *a;
	struct sct_groups lib;
	size_t i, same = 0;

	sct_groups_init(&lib, ts->by);
	for (i = 0; i < n; i++)
		sct_groups_add_call(&c[i], &lib);
	sct_groups_finish(&lib);
	is_u64(ts->since.nr, lib.nr, "as many groups as the library's");
	for (i = 0; i < lib.nr; i++) {
		a = find(ts, lib.groups[i]->key);
		same += a && same_group(a, lib.groups[i]);
	}
	is_u64(same, lib.nr, "each group's figures are the library's");
	is_u64(ts->since.calls, lib.calls, "as many calls as the library's");
	sct_groups_release(&lib);
}

/* A reproducible latency from 50 ns to ~4 ms */
static uint64_t next_ns(uint64_t *state)
{
	*state = *state * 6364136223846793005ull + 1442695040888963407ull;
	return 50 + (*state >> 33) % (1ull << (6 + (*state >> 20) % 16));
}

/*
 * A million calls in 100 intervals of 10000: 2 functions x 4 vCPUs x 2
 * locations. Memory: 16 keys, and the intervals' arrays hold one
 * interval, never more; the figures since the start are the library's
 * over the million calls, by every grouping.
 */
static void test_bounded(void)
{
	const uint32_t ids[] = { 0x84000000, 0xc4000003 };
	struct sct_groups lib[SCT_GROUP_NR_BY];
	const struct top_group *a;
	uint64_t state = 1, same = 0;
	struct top_stats ts;
	struct sct_call c;
	size_t i, f, by;

	top_stats_init(&ts, 0);
	for (by = 0; by < SCT_GROUP_NR_BY; by++)
		sct_groups_init(&lib[by], (enum sct_group_by)by);
	for (f = 0; f < 100; f++) {
		for (i = 0; i < 10000; i++) {
			c = call(ids[i % 2], i % 3 ? SCT_LOC_KERNEL : SCT_LOC_USER,
				 (int32_t)(i / 2 % 4), next_ns(&state));
			c.incomplete = i % 1000 == 7;
			top_stats_add(&c, &ts);
			for (by = 0; by < SCT_GROUP_NR_BY; by++)
				sct_groups_add_call(&c, &lib[by]);
		}
		top_stats_frame(&ts, (f + 1) * S);
	}
	is_u64(ts.keys.nr, 16, "1000000 calls: 16 keys kept");
	ok(ts.cur.alloc <= 16384 && ts.prev.alloc <= 16384 && ts.prev.nr == 10000,
	   "1000000 calls: the intervals' arrays hold one interval of 10000");
	is_u64(ts.last.calls, 10000, "the last interval: its 10000 calls");
	for (by = 0; by < SCT_GROUP_NR_BY; by++) {
		sct_groups_finish(&lib[by]);
		ts.by = (enum sct_group_by)by;
		top_stats_regroup(&ts);
		for (i = 0; i < lib[by].nr; i++) {
			a = find(&ts, lib[by].groups[i]->key);
			same += a && same_group(a, lib[by].groups[i]) && ts.since.nr == lib[by].nr;
		}
		sct_groups_release(&lib[by]);
	}
	/* owners 1 (both standard secure), ranges 2, functions 2, vCPUs 4, locations 2 */
	is_u64(same, 1 + 2 + 2 + 4 + 2, "1000000 calls: every grouping's rows are the library's");
	top_stats_release(&ts);
}

/*
 * Paused: each interval's calls are held (counted per key, not kept), the
 * rows stay as they were, even regrouped; the next frame counts them since
 * the start, its last interval the one since the last hold
 */
static void test_pause(void)
{
	struct sct_call c[4] = {
		call(0x84000000, SCT_LOC_KERNEL, 0, 100),
		call(0x84000000, SCT_LOC_KERNEL, 0, 700),
		call(0x84000050, SCT_LOC_USER, 1, 3000),
		call(0x84000000, SCT_LOC_KERNEL, 1, 250),
	};
	const struct top_group *g;
	struct top_stats ts;

	top_stats_init(&ts, 0);
	add(&ts, c, 1);
	top_stats_frame(&ts, 1 * S);
	add(&ts, c + 1, 1);
	is_u64(top_stats_hold(&ts, 2 * S), 0, "paused: an interval held");
	add(&ts, c + 2, 1);
	is_u64(top_stats_hold(&ts, 3 * S), 0, "paused: another");
	ok(ts.cur.nr == 0 && ts.held.nr == 2, "paused: no call kept, two keys held");
	top_stats_regroup(&ts);
	ok(ts.since.calls == 1 && ts.since.nr == 1, "paused: the rows stay, regrouped too");
	add(&ts, c + 3, 1);
	is_u64(top_stats_frame(&ts, 4 * S), 0, "unpaused: a frame");
	ok(ts.since.calls == 4 && ts.held.nr == 0, "unpaused: the held calls count since the start");
	g = find(&ts, "PSCI/32");
	ok(g && g->calls == 3 && g->total_sum.max == 700 && g->total_sum.min == 100,
	   "unpaused: PSCI/32 3 calls, 100 .. 700 ns");
	ok(ts.last.calls == 1 && top_stats_rate(&ts, NULL) == 1.0,
	   "unpaused: the last interval is the one since the last hold, 1 call in 1 s");
	same_as_library(&ts, c, 4);
	top_stats_release(&ts);
}

int main(void)
{
	const struct sct_call first[] = {
		call(0x84000000, SCT_LOC_KERNEL, 0, 100),
		call(0x84000000, SCT_LOC_KERNEL, 0, 200),
		call(0x84000000, SCT_LOC_KERNEL, 0, 300),
		call(0x84000000, SCT_LOC_KERNEL, 0, 400),
		call(0x84000050, SCT_LOC_USER, 1, 1000),
		call(0x84000050, SCT_LOC_USER, 1, 5000),
	};
	struct sct_call all[8], more[2];
	const struct sct_group *l;
	const struct top_group *g;
	struct top_stats ts;

	more[0] = call(0x84000000, SCT_LOC_KERNEL, 1, 900);
	more[1] = call(0xc2000010, SCT_LOC_DENIED, 1, 0);
	more[1].incomplete = true;
	memcpy(all, first, sizeof(first));
	memcpy(all + 6, more, sizeof(more));

	top_stats_init(&ts, 1 * S);
	add(&ts, first, 6);
	is_u64(ts.since.nr, 0, "no groups before the first frame");
	is_u64(top_stats_frame(&ts, 3 * S), 0, "frame 1");
	is_u64(ts.frames, 1, "one frame");
	is_u64(ts.since.nr, 2, "frame 1: two ranges");
	g = ts.since.groups[0];
	is_str(g->key, "PSCI/32", "frame 1: PSCI/32 first (most calls)");
	is_u64(g->calls, 4, "PSCI/32: 4 calls");
	is_u64(g->by_location[SCT_LOC_KERNEL], 4, "PSCI/32: in the kernel");
	is_u64(g->total_sum.p50, 201, "PSCI/32: p50 ~ 200 (rank 2 of 4): 200 .. 203's middle");
	is_u64(g->total_sum.p99, 400, "PSCI/32: p99 ~ 400 (rank 4): 400 .. 407's middle, to the max");
	is_u64(g->total_sum.max, 400, "PSCI/32: max");
	l = find_last(&ts, "PSCI/32");
	ok(l && l->total_sum.p50 == 200 && l->total_sum.p99 == 400,
	   "PSCI/32: the last interval's p50 and p99 exact");
	ok(top_stats_rate(&ts, l) == 2.0, "PSCI/32: 4 calls in 2 s, 2/s");
	ok(top_stats_rate(&ts, NULL) == 3.0, "all: 6 calls in 2 s, 3/s");
	g = find(&ts, "TRNG/32");
	ok(g && g->calls == 2 && g->by_location[SCT_LOC_USER] == 2, "TRNG/32: 2 forwarded");
	ok(g && g->total_sum.p50 == 1000 && g->total_sum.p99 == 5000,
	   "TRNG/32: p50 ~ 1us (992 .. 1007's 999, to the min), p99 ~ 5us (4992 .. 5119's, to the max)");
	same_as_library(&ts, first, 6);

	add(&ts, more, 2);
	is_u64(top_stats_frame(&ts, 4 * S), 0, "frame 2");
	g = find(&ts, "PSCI/32");
	ok(g && g->calls == 5 && g->total_sum.p50 == 299 && g->total_sum.max == 900,
	   "since the start: PSCI/32 5 calls, p50 ~ 300 ns (296 .. 303's 299), max 900 ns");
	l = find_last(&ts, "PSCI/32");
	ok(l && l->calls == 1 && l->total_sum.p50 == 900, "last interval: PSCI/32 the one new call");
	ok(!find_last(&ts, "TRNG/32"), "last interval: no TRNG/32 call");
	ok(top_stats_rate(&ts, l) == 1.0, "last interval: PSCI/32 1/s");
	g = find(&ts, "SIP/64");
	ok(g && g->calls == 1 && g->by_location[SCT_LOC_DENIED] == 1 && g->incomplete == 1 &&
	   g->total_sum.n == 0 && g->total_sum.p50 == SCT_STATS_NONE,
	   "an incomplete denied call: counted, no latency");
	same_as_library(&ts, all, 8);

	ts.by = SCT_GROUP_BY_FUNCTION;
	is_u64(top_stats_regroup(&ts), 0, "by function");
	g = find(&ts, "0x84000000");
	ok(g && g->has_id && g->func_id == 0x84000000 && g->calls == 5, "by function: PSCI_VERSION 5");
	same_as_library(&ts, all, 8);
	ts.by = SCT_GROUP_BY_VCPU;
	is_u64(top_stats_regroup(&ts), 0, "by vcpu");
	same_as_library(&ts, all, 8);
	ts.by = SCT_GROUP_BY_LOCATION;
	is_u64(top_stats_regroup(&ts), 0, "by location");
	same_as_library(&ts, all, 8);
	ts.by = SCT_GROUP_BY_RANGE;

	strcpy(ts.filter, "trng");
	is_u64(top_stats_regroup(&ts), 0, "filter trng");
	ok(ts.since.nr == 1 && ts.since.calls == 2, "filter by a part of the name, any case");
	strcpy(ts.filter, "0x84000000");
	is_u64(top_stats_regroup(&ts), 0, "filter 0x84000000");
	ok(ts.since.nr == 1 && ts.since.calls == 5, "filter by ID");
	strcpy(ts.filter, "0x8400000");
	is_u64(top_stats_regroup(&ts), 0, "filter 0x8400000");
	is_u64(ts.since.calls, 0, "an ID matches whole, not in part");
	ts.filter[0] = '\0';
	ts.vcpu = 1;
	is_u64(top_stats_regroup(&ts), 0, "vcpu 1");
	g = find(&ts, "PSCI/32");
	ok(ts.since.calls == 4 && g && g->calls == 1, "vcpu 1: its 4 calls, one of them PSCI/32");
	ts.vcpu = -1;

	ts.sort = SCT_SORT_MAX;
	is_u64(top_stats_regroup(&ts), 0, "sort by max");
	is_str(ts.since.groups[0]->key, "TRNG/32", "sort by max: TRNG/32 first");
	ts.sort = SCT_SORT_TOTAL;
	is_u64(top_stats_regroup(&ts), 0, "sort by total");
	ok(!strcmp(ts.since.groups[0]->key, "TRNG/32") && ts.since.groups[0]->lat.sum == 6000 &&
	   !strcmp(ts.since.groups[1]->key, "PSCI/32") && ts.since.groups[1]->lat.sum == 1900,
	   "sort by total: TRNG/32 6000 ns, then PSCI/32 1900 ns");
	ts.sort = SCT_SORT_KEY;
	is_u64(top_stats_regroup(&ts), 0, "sort by key");
	ok(ts.since.nr == 3 && !strcmp(ts.since.groups[0]->key, "PSCI/32") &&
	   !strcmp(ts.since.groups[1]->key, "SIP/64") && !strcmp(ts.since.groups[2]->key, "TRNG/32"),
	   "sort by key: PSCI/32, SIP/64, TRNG/32");
	ts.sort = SCT_SORT_CALLS;

	top_stats_reset(&ts, 10 * S);
	is_u64(ts.cur.nr + ts.prev.nr + ts.keys.nr + ts.since.nr + ts.last.nr, 0,
	       "reset: no calls, no keys, no groups");
	add(&ts, more, 1);
	is_u64(top_stats_frame(&ts, 12 * S), 0, "a frame after the reset");
	ok(ts.since.calls == 1 && top_stats_rate(&ts, NULL) == 0.5,
	   "after the reset: only the new call, 1 in 2 s");
	top_stats_release(&ts);
	top_stats_release(&ts);
	test_pause();
	test_bounded();
	return tap_done();
}
