// SPDX-License-Identifier: GPL-2.0
/*
 * What users name in a selection (lib/select.c): function IDs and names,
 * ranges, range keys and services alone, and the calls they match.
 */
#include <errno.h>
#include <string.h>

#include <smccctrace/error.h>
#include <smccctrace/select.h>

#include "tap.h"

static struct sct_call call(uint32_t id)
{
	struct sct_call c;

	sct_call_init(&c);
	c.func_id = id;
	c.id_known = true;
	return c;
}

static bool takes(const struct sct_selection *sel, uint32_t id)
{
	struct sct_call c = call(id);

	return sct_selection_match(sel, &c);
}

static void function_tests(void)
{
	struct sct_selection sel;

	sct_selection_init(&sel);
	is_u64(sct_selection_add_functions(&sel, "0x84000000,2214592592,psci_cpu_on_64"), 0,
	       "functions: hex, decimal and a name in any case");
	is_u64(sel.nr_ids, 3, "  three IDs");
	is_u64(sel.ids[1].lo, 0x84000050, "  decimal");
	is_u64(sel.ids[2].lo, 0xc4000003, "  the name's ID");
	ok(takes(&sel, 0xc4000003) && !takes(&sel, 0xc4000004), "  matches those IDs only");
	ok(sct_selection_add_functions(&sel, "0xc6000000+16") && errno == EINVAL,
	   "functions: a range refused");
	is_str(sct_last_error(), "'0xc6000000+16' is a range of IDs, not a function ID",
	       "  saying it is a range");
	ok(sct_selection_add_functions(&sel, "PSCI_VERSION,,KVM_PTP"), "functions: an empty item");
	is_str(sct_last_error(), "'PSCI_VERSION,,KVM_PTP' has an empty item", "  said");
	ok(sct_selection_add_functions(&sel, "NO_SUCH_CALL"), "functions: an unknown name");
	is_str(sct_last_error(), "'NO_SUCH_CALL' is not a function ID or a known name", "  said");
	sct_selection_release(&sel);
	ok(sct_selection_is_all(&sel), "release: selects all again");
}

static void range_tests(void)
{
	struct sct_selection sel;

	sct_selection_init(&sel);
	is_u64(sct_selection_add_ranges(&sel, "0xc6000000+16,0xc2000000-0xc200001f"), 0,
	       "ranges: BASE+N and LO-HI");
	is_u64(sel.ranges[0].hi, 0xc600000f, "  BASE+N ends at BASE+N-1");
	is_u64(sel.ranges[1].hi, 0xc200001f, "  LO-HI includes HI");
	ok(takes(&sel, 0xc600000f) && !takes(&sel, 0xc6000010), "  matches inside only");
	sct_selection_release(&sel);

	is_u64(sct_selection_add_ranges(&sel, "psci"), 0, "ranges: a service alone, lower case");
	is_u64(sel.nr_range_names, 4, "  every width");
	is_str(sel.range_names[0], "PSCI/32", "  PSCI/32");
	is_str(sel.range_names[3], "PSCI/64Y", "  PSCI/64Y");
	ok(takes(&sel, 0x84000000) && takes(&sel, 0xc4000003) && !takes(&sel, 0x84000050),
	   "  matches PSCI of both widths, not TRNG");
	sct_selection_release(&sel);

	is_u64(sct_selection_add_ranges(&sel, "PKVM/64,trusted_os/32y"), 0,
	       "ranges: keys in any case");
	is_str(sel.range_names[0], "pKVM/64", "  spelled as report groups");
	is_str(sel.range_names[1], "TRUSTED_OS/32Y", "  a yielding key");
	ok(takes(&sel, 0xc6000002) && takes(&sel, 0x32000000) && !takes(&sel, 0xb2000000),
	   "  matches pKVM/64 and a yielding Trusted OS call, not a fast one");
	sct_selection_release(&sel);

	ok(sct_selection_add_ranges(&sel, "PSCI/16"), "ranges: no such width");
	is_str(sct_last_error(), "'PSCI/16' is not a range key (PSCI/32, /64, /32Y or /64Y)",
	       "  said");
	ok(sct_selection_add_ranges(&sel, "PSCII"), "ranges: no such group");
	is_str(sct_last_error(), "'PSCII' is not a range (BASE+N, LO-HI, a range key such as"
	       " PSCI/32 or a service such as PSCI)", "  said");
	ok(sct_selection_add_ranges(&sel, "0xffffffff+2"), "ranges: past the last ID");
	is_str(sct_last_error(), "'0xffffffff+2' is not a range of IDs", "  said");
	ok(sct_selection_add_ranges(&sel, "5+0"), "ranges: no IDs");
	sct_selection_release(&sel);
}

static void id_tests(void)
{
	struct sct_selection sel;

	sct_selection_init(&sel);
	is_u64(sct_selection_add_ids(&sel, "0xc6000001,PSCI_VERSION,TRNG/64,0x82000000+16"), 0,
	       "ids: an ID, a name, a key and a range together");
	is_u64(sel.nr_ranges, 3, "  the ID, the name and BASE+N as ranges");
	is_u64(sel.nr_range_names, 1, "  the key as a key");
	ok(takes(&sel, 0xc6000001) && takes(&sel, 0x84000000) && takes(&sel, 0xc4000053) &&
	   takes(&sel, 0x8200000f), "  any of them matches");
	ok(!takes(&sel, 0x84000050) && !takes(&sel, 0xc6000002), "  others do not");
	ok(sct_selection_add_ids(&sel, "unknown"), "ids: unknown refused");
	is_str(sct_last_error(), "'unknown' is not a function ID, a known name or a range (BASE+N,"
	       " LO-HI, a range key such as PSCI/32 or a service such as PSCI)", "  said");
	sct_selection_release(&sel);
}

int main(void)
{
	function_tests();
	range_tests();
	id_tests();
	sct_selection_release(NULL);
	return tap_done();
}
