// SPDX-License-Identifier: GPL-2.0
/*
 * Calls grouped by a key (lib/group.c): keys, counts, order, figures.
 */
#include <string.h>

#include <smccctrace/group.h>

#include "tap.h"

/* A call of @id (0: unknown) answered at @loc, on vCPU @vcpu, taking @ns */
static struct sct_call call(uint32_t id, enum sct_location loc, int32_t vcpu, uint64_t ns)
{
	struct sct_call c;

	sct_call_init(&c);
	c.func_id = id;
	c.id_known = id != 0;
	c.location = loc;
	c.tid = 100 + vcpu;
	c.vcpu = vcpu;
	c.t_exit = 1000;
	c.t_entry = 1000 + ns;
	return c;
}

static void add_all(struct sct_groups *g, const struct sct_call *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		is_u64(sct_groups_add_call(&c[i], g), 0, "add a call");
}

/* sct_group_key(): the key a call is grouped under, for each grouping */
static void key_tests(const struct sct_call *c)
{
	char buf[64];

	is_str(sct_group_key(SCT_GROUP_BY_OWNER, &c[1], buf, sizeof(buf)), "VENDOR_HYP", "key by owner");
	is_str(sct_group_key(SCT_GROUP_BY_RANGE, &c[0], buf, sizeof(buf)), "PSCI/32", "key by range");
	is_str(sct_group_key(SCT_GROUP_BY_FUNCTION, &c[1], buf, sizeof(buf)), "0xc6000001",
	       "key by function");
	is_str(sct_group_key(SCT_GROUP_BY_FUNCTION, &c[4], buf, sizeof(buf)), "unknown",
	       "key by function, ID unknown");
	is_str(sct_group_key(SCT_GROUP_BY_VCPU, &c[2], buf, sizeof(buf)), "vcpu 1", "key by vcpu");
	is_str(sct_group_key(SCT_GROUP_BY_LOCATION, &c[3], buf, sizeof(buf)), "kernel",
	       "key by location");
}

int main(void)
{
	const struct sct_call c[] = {
		call(0x84000000, SCT_LOC_KERNEL, 0, 400),
		call(0xc6000001, SCT_LOC_USER, 0, 1000),
		call(0xc6000001, SCT_LOC_USER, 1, 3000),
		call(0xc6000001, SCT_LOC_KERNEL, 1, 2000),
		call(0, SCT_LOC_USER, 1, 600),
	};
	const struct sct_group *g;
	struct sct_groups r;

	sct_groups_init(&r, SCT_GROUP_BY_FUNCTION);
	add_all(&r, c, sizeof(c) / sizeof(c[0]));
	sct_groups_finish(&r);
	is_u64(r.calls, 5, "by function: 5 calls");
	is_u64(r.nr, 3, "by function: 3 groups");
	is_str(r.groups[0]->key, "0xc6000001", "the largest group first");
	is_str(r.groups[1]->key, "0x84000000", "ties by key: 0x84000000");
	is_str(r.groups[2]->key, "unknown", "ties by key: then unknown");
	g = r.groups[0];
	ok(g->has_id && g->func_id == 0xc6000001, "the group knows its ID");
	is_u64(g->calls, 3, "0xc6000001: 3 calls");
	is_u64(g->by_location[SCT_LOC_USER], 2, "0xc6000001: 2 forwarded");
	is_u64(g->total_sum.p50, 2000, "0xc6000001: p50 of 1000 2000 3000");
	is_u64(g->total_sum.max, 3000, "0xc6000001: max");
	is_u64(g->total_sum.mean, 2000, "0xc6000001: mean");
	is_u64(sct_group_dominant_location(g), SCT_LOC_USER, "0xc6000001: mostly forwarded");
	ok(sct_groups_find(&r, "0x84000000") == r.groups[1], "find 0x84000000");
	ok(!sct_groups_find(&r, "0x84000001"), "find a key no call had");
	sct_groups_release(&r);
	is_u64(r.nr, 0, "released: empty");
	is_u64(r.by, SCT_GROUP_BY_FUNCTION, "released: the grouping kept");
	sct_groups_release(&r);
	ok(r.nr == 0 && !r.groups, "released twice: harmless, still empty");

	sct_groups_init(&r, SCT_GROUP_BY_VCPU);
	add_all(&r, c, sizeof(c) / sizeof(c[0]));
	sct_groups_finish(&r);
	is_u64(r.nr, 2, "by vCPU: 2 groups");
	is_str(r.groups[0]->key, "vcpu 1", "vcpu 1: 3 calls, first");
	is_str(r.groups[1]->key, "vcpu 0", "vcpu 0: 2 calls");
	is_u64(r.groups[1]->total_sum.min, 400, "vcpu 0: min");
	sct_groups_release(&r);

	sct_groups_init(&r, SCT_GROUP_BY_OWNER);
	add_all(&r, c, sizeof(c) / sizeof(c[0]));
	sct_groups_finish(&r);
	is_u64(r.nr, 3, "by owner: 3 groups");
	is_str(r.groups[0]->key, "VENDOR_HYP", "by owner: VENDOR_HYP first");
	is_u64(r.groups[0]->calls, 3, "VENDOR_HYP: 3 calls");
	sct_groups_release(&r);

	key_tests(c);
	is_str(sct_group_by_names[SCT_GROUP_BY_LOCATION], "location", "the word of --by location");
	ok(sct_group_by_names[SCT_GROUP_NR_BY] == NULL, "the words end with NULL");
	return tap_done();
}
