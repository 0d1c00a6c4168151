// SPDX-License-Identifier: GPL-2.0
/*
 * The Mann-Whitney U test and the change of a figure, on hand-computed cases.
 */
#include <math.h>
#include <stdlib.h>

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

static void test_change(void)
{
	is_u64(sct_change_permille(1000, 1200), 200, "change: +20%");
	is_u64(sct_change_permille(1000, 800), (uint64_t)-200, "change: -20%");
	is_u64(sct_change_permille(0, 5), INT64_MAX, "change: from 0");
	is_u64(sct_change_permille(7, 7), 0, "change: none");
	/* 5 calls in 100 ns against 4 in 50 ns: 50/s against 80/s, -37.5% */
	is_u64(sct_ratio_change_permille(4, 50, 5, 100), (uint64_t)-375, "ratio change: -37.5%");
	/* 3.86 -> 4.5: +16.58%, towards zero */
	is_u64(sct_ratio_change_permille(386, 100, 45, 10), 165, "ratio change: +16.5%");
	is_u64(sct_ratio_change_permille(0, 10, 1, 10), INT64_MAX, "ratio change: from 0");
	is_u64(sct_ratio_change_permille(0, 10, 0, 7), 0, "ratio change: 0 to 0");
	is_u64(sct_ratio_change_permille(1, 0, 1, 10), (uint64_t)INT64_MIN,
	       "ratio change: A undefined");
	is_u64(sct_ratio_change_permille(1, 10, 1, 0), (uint64_t)INT64_MIN,
	       "ratio change: B undefined");
	is_str(sct_metric_name(SCT_METRIC_P999), "p999", "metric name");
}

static void add(struct sct_groups *g, uint32_t id, uint64_t total)
{
	struct sct_call c;

	sct_call_init(&c);
	c.id_known = true;
	c.func_id = id;
	c.location = SCT_LOC_KERNEL;
	c.t_exit = 1000;
	c.t_entry = 1000 + total;
	sct_groups_add_call(&c, g);
}

/* Keys of both runs matched: A's in A's order, then B's own */
static void test_groups_compare(void)
{
	struct sct_group_pair *p;
	struct sct_groups a, b;
	size_t nr;

	sct_groups_init(&a, SCT_GROUP_BY_FUNCTION);
	sct_groups_init(&b, SCT_GROUP_BY_FUNCTION);
	add(&a, 0x84000000, 1), add(&a, 0x84000000, 2), add(&a, 0x84000000, 3);
	add(&a, 0x86000000, 10);
	add(&b, 0x84000000, 4), add(&b, 0x84000000, 5), add(&b, 0x84000000, 6);
	add(&b, 0xc6000001, 7);
	sct_groups_finish(&a);
	sct_groups_finish(&b);
	ok(!sct_groups_compare(&a, &b, &p, &nr), "pairs: made");
	is_u64(nr, 3, "pairs: one per key of either side");
	is_str(p[0].key, "0x84000000", "pairs: A's first key first");
	ok(p[0].a == a.groups[0] && p[0].b == b.groups[0], "pairs: both sides' groups");
	near(p[0].mwu.p, 0.0808555983700523, "pairs: the rank test of the two");
	ok(p[1].a == a.groups[1] && !p[1].b && p[1].mwu.p == 1, "pairs: A's own key, p = 1");
	ok(!p[2].a && p[2].b == b.groups[1], "pairs: B's own key last");
	is_str(p[2].key, "0xc6000001", "pairs: its key");
	free(p);
	sct_groups_release(&a);
	sct_groups_release(&b);
}

int main(void)
{
	test_mwu();
	test_change();
	test_groups_compare();
	return tap_done();
}
