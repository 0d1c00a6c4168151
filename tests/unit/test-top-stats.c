// SPDX-License-Identifier: GPL-2.0
/*
 * smccctrace top's figures (tui/top-stats.c): the calls kept, the last
 * interval and the time since the start, filters, vCPU, reset; and the
 * same figures the library gives over the same calls (what report shows).
 */
#include <string.h>

#include <smccctrace/group.h>

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

static const struct sct_group *find(const struct sct_groups *g, const char *key)
{
	return sct_groups_find(g, key);
}

static void add(struct top_stats *ts, const struct sct_call *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		is_u64(top_stats_add(&c[i], ts), 0, "a call kept");
}

/* The groups of top equal the library's over the same calls */
static void same_as_library(const struct top_stats *ts, const struct sct_call *c, size_t n)
{
	const struct sct_group *a, *b;
	struct sct_groups lib;
	size_t i, same = 0;

	sct_groups_init(&lib, ts->by);
	for (i = 0; i < n; i++)
		sct_groups_add_call(&c[i], &lib);
	sct_groups_finish(&lib);
	is_u64(ts->since.nr, lib.nr, "as many groups as the library's");
	for (i = 0; i < lib.nr; i++) {
		b = lib.groups[i];
		a = find(&ts->since, b->key);
		same += a && a->calls == b->calls && a->total_sum.p50 == b->total_sum.p50 &&
			a->total_sum.p99 == b->total_sum.p99 && a->total_sum.max == b->total_sum.max &&
			a->total_sum.min == b->total_sum.min &&
			!memcmp(a->by_location, b->by_location, sizeof(a->by_location)) &&
			!memcmp(&a->hist, &b->hist, sizeof(a->hist));
	}
	is_u64(same, lib.nr, "each group's figures are the library's");
	sct_groups_release(&lib);
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
	const struct sct_group *g;
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
	is_u64(g->total_sum.p50, 200, "PSCI/32: p50 (rank 2 of 4)");
	is_u64(g->total_sum.p99, 400, "PSCI/32: p99 (rank 4 of 4)");
	is_u64(g->total_sum.max, 400, "PSCI/32: max");
	ok(top_stats_rate(&ts, find(&ts.last, "PSCI/32")) == 2.0, "PSCI/32: 4 calls in 2 s, 2/s");
	ok(top_stats_rate(&ts, NULL) == 3.0, "all: 6 calls in 2 s, 3/s");
	g = find(&ts.since, "TRNG/32");
	ok(g && g->calls == 2 && g->by_location[SCT_LOC_USER] == 2, "TRNG/32: 2 forwarded");
	ok(g && g->total_sum.p50 == 1000 && g->total_sum.p99 == 5000, "TRNG/32: p50 1us, p99 5us");
	same_as_library(&ts, first, 6);

	add(&ts, more, 2);
	is_u64(top_stats_frame(&ts, 4 * S), 0, "frame 2");
	g = find(&ts.since, "PSCI/32");
	ok(g && g->calls == 5 && g->total_sum.p50 == 300 && g->total_sum.max == 900,
	   "since the start: PSCI/32 5 calls, p50 300 ns, max 900 ns");
	g = find(&ts.last, "PSCI/32");
	ok(g && g->calls == 1 && g->total_sum.p50 == 900, "last interval: PSCI/32 the one new call");
	ok(!find(&ts.last, "TRNG/32"), "last interval: no TRNG/32 call");
	ok(top_stats_rate(&ts, g) == 1.0, "last interval: PSCI/32 1/s");
	g = find(&ts.since, "SIP/64");
	ok(g && g->calls == 1 && g->by_location[SCT_LOC_DENIED] == 1 && g->incomplete == 1 &&
	   g->total_sum.n == 0, "an incomplete denied call: counted, no latency");
	same_as_library(&ts, all, 8);

	ts.by = SCT_GROUP_BY_FUNCTION;
	is_u64(top_stats_regroup(&ts), 0, "by function");
	g = find(&ts.since, "0x84000000");
	ok(g && g->has_id && g->func_id == 0x84000000 && g->calls == 5, "by function: PSCI_VERSION 5");
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
	g = find(&ts.since, "PSCI/32");
	ok(ts.since.calls == 4 && g && g->calls == 1, "vcpu 1: its 4 calls, one of them PSCI/32");
	ts.vcpu = -1;

	ts.sort = SCT_SORT_MAX;
	is_u64(top_stats_regroup(&ts), 0, "sort by max");
	is_str(ts.since.groups[0]->key, "TRNG/32", "sort by max: TRNG/32 first");

	top_stats_reset(&ts, 10 * S);
	is_u64(ts.nr + ts.since.nr + ts.last.nr, 0, "reset: no calls, no groups");
	add(&ts, more, 1);
	is_u64(top_stats_frame(&ts, 12 * S), 0, "a frame after the reset");
	ok(ts.since.calls == 1 && top_stats_rate(&ts, NULL) == 0.5,
	   "after the reset: only the new call, 1 in 2 s");
	top_stats_release(&ts);
	top_stats_release(&ts);
	return tap_done();
}
