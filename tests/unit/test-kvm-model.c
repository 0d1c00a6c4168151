// SPDX-License-Identifier: GPL-2.0
/*
 * The model of what KVM handles itself and of the rules it applies to
 * filter entries, against values read from arch/arm64/kvm/hypercalls.c.
 */
#include <errno.h>
#include <stdlib.h>

#include <smccctrace/error.h>
#include <smccctrace/suggest.h>

#include "tap.h"

static void test_handles(void)
{
	static const struct { uint32_t id; bool handled; const char *what; } cases[] = {
		{ 0x80000000, true,  "SMCCC_VERSION" },
		{ 0x80000001, true,  "SMCCC_ARCH_FEATURES" },
		{ 0x80000002, false, "SMCCC_ARCH_SOC_ID is not implemented" },
		{ 0x84000000, true,  "PSCI_VERSION" },
		{ 0xc4000003, true,  "PSCI_CPU_ON_64" },
		{ 0x8400001f, true,  "Standard Secure number 0x1f" },
		{ 0x84000020, false, "SDEI is not implemented" },
		{ 0x04000005, true,  "a yielding Standard Secure number <= 0x1f" },
		{ 0x84010005, true,  "Standard Secure number 5 with bits 23:16 set" },
		{ 0x84000050, true,  "TRNG_VERSION" },
		{ 0x84000053, true,  "TRNG_RND32" },
		{ 0x84000054, false, "TRNG number 4" },
		{ 0xc4000050, false, "TRNG_VERSION has no 64-bit ID" },
		{ 0xc4000053, true,  "TRNG_RND64" },
		{ 0x84000063, false, "FFA_VERSION" },
		{ 0xc5000020, true,  "PV_TIME_FEATURES" },
		{ 0xc5000021, true,  "PV_TIME_ST" },
		{ 0xc5000022, false, "Standard Hypervisor number 0x22" },
		{ 0x86000000, true,  "KVM_FEATURES" },
		{ 0x86000001, true,  "KVM_PTP" },
		{ 0x86000002, false, "vendor hypervisor number 2" },
		{ 0x8600ff01, true,  "vendor hypervisor CALL_UID" },
		{ 0xc6000000, false, "64-bit vendor hypervisor number 0" },
		{ 0x95c1ba5e, true,  "KVM PSCI 0.1 first ID" },
		{ 0x95c1ba61, true,  "KVM PSCI 0.1 last ID" },
		{ 0x95c1ba62, false, "after KVM PSCI 0.1" },
		{ 0x82000001, false, "a SiP call" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ok(sct_kvm_handles(NULL, cases[i].id) == cases[i].handled, cases[i].what);
}

static void test_bitmaps(void)
{
	struct sct_kvm_fw fw;

	sct_kvm_fw_default(&fw);
	is_u64(fw.std_bmap, 1, "default STD bitmap: TRNG");
	is_u64(fw.std_hyp_bmap, 1, "default STD_HYP bitmap: PV time");
	is_u64(fw.vendor_hyp_bmap, 3, "default VENDOR_HYP bitmap: features and PTP");
	fw.std_bmap = 0;
	fw.vendor_hyp_bmap = 1ull << SCT_KVM_VENDOR_HYP_BIT_FUNC_FEAT;
	ok(!sct_kvm_handles(&fw, 0x84000053), "TRNG off: TRNG_RND32 not handled");
	ok(sct_kvm_handles(&fw, 0x84000003), "TRNG off: PSCI still handled");
	ok(!sct_kvm_handles(&fw, 0x86000001), "PTP off: KVM_PTP not handled");
	ok(sct_kvm_handles(&fw, 0x86000000), "PTP off: KVM_FEATURES still handled");
	fw.std_hyp_bmap = 0;
	ok(!sct_kvm_handles(&fw, 0xc5000021), "PV time off: PV_TIME_ST not handled");
}

static uint64_t first(bool (*fn)(uint32_t, uint32_t, uint32_t *), uint32_t lo, uint32_t hi)
{
	uint32_t x;

	return fn(lo, hi, &x) ? x : 0xdeadull << 32;
}

static bool first_kvm(uint32_t lo, uint32_t hi, uint32_t *x)
{
	return sct_kvm_first_handled(NULL, lo, hi, x);
}

#define NONE	(0xdeadull << 32)

static void test_first(void)
{
	is_u64(first(first_kvm, 0x84000020, 0x8400004f), NONE, "SDEI and MM: nothing KVM handles");
	is_u64(first(first_kvm, 0x84000020, 0x84000060), 0x84000050, "first after SDEI: TRNG");
	is_u64(first(first_kvm, 0x84000060, 0xbfffffff), 0x84010000,
	       "after FF-A: the next Standard Secure 0-0x1f block");
	is_u64(first(first_kvm, 0x86000002, 0x8600ffff), 0x8600ff01, "vendor hyp: CALL_UID");
	is_u64(first(first_kvm, 0xc6000000, 0xc600ffff), NONE, "64-bit vendor hyp: nothing");
	is_u64(first(first_kvm, 0x95000000, 0x96000000), 0x95c1ba5e, "KVM PSCI 0.1");
	is_u64(first(first_kvm, 0x95c1ba60, 0x96000000), 0x95c1ba60, "inside KVM PSCI 0.1");
	is_u64(first(first_kvm, 0xc4000004, 0xc4000004), 0xc4000004, "a single ID");
	is_u64(first(first_kvm, 0xffff0000, 0xffffffff), NONE, "the top of the space");
	is_u64(first(sct_kvm_first_reserved, 0x7fffffff, 0x80000000), 0x80000000,
	       "reserved: 32-bit Arm Architecture");
	is_u64(first(sct_kvm_first_reserved, 0x80010000, 0xbfffffff), NONE,
	       "reserved: nothing between");
	is_u64(first(sct_kvm_first_reserved, 0xc000ffff, 0xc0010000), 0xc000ffff,
	       "reserved: last 64-bit Arm Architecture ID");
}

static void test_check(void)
{
	struct sct_kvm_entry e[] = {
		{ .base = 0x84000050, .nr_functions = 16, .action = SCT_FILTER_FWD_TO_USER },
		{ .base = 0x80000000, .nr_functions = 1, .action = SCT_FILTER_FWD_TO_USER },
		{ .base = 0x84000058, .nr_functions = 4, .action = SCT_FILTER_DENY },
		{ .base = 0xc6000000, .nr_functions = 0, .action = SCT_FILTER_DENY },
		{ .base = 0xfffffff0, .nr_functions = 32, .action = SCT_FILTER_DENY },
		{ .base = 0xc6000000, .nr_functions = 16, .action = 3 },
		{ .base = 0, .nr_functions = 0, .action = SCT_FILTER_DENY },
		{ .base = 0xc0010000, .nr_functions = 1, .action = SCT_FILTER_HANDLE },
		{ .base = 0x100000000ull, .nr_functions = 1, .action = SCT_FILTER_DENY },
		{ .base = 0xc0000100, .nr_functions = 0x100, .action = SCT_FILTER_DENY },
		{ .base = 0x8400005f, .nr_functions = 1, .action = SCT_FILTER_DENY },
	};

	is_u64(sct_kvm_check(e, sizeof(e) / sizeof(e[0])), 9, "9 of 11 entries refused");
	is_u64(e[0].err, 0, "filters[0] accepted");
	is_str(e[0].why, "", "filters[0]: no reason");
	is_u64(e[1].err, EEXIST, "filters[1]: EEXIST");
	is_str(e[1].why, "overlaps the reserved Arm Architecture range 0x80000000-0x8000ffff",
	       "filters[1]: reserved range");
	is_u64(e[2].err, EEXIST, "filters[2]: EEXIST");
	is_str(e[2].why, "overlaps filters[0] (0x84000050-0x8400005f)", "filters[2]: overlap");
	is_u64(e[3].err, EINVAL, "filters[3]: EINVAL");
	is_str(e[3].why, "nr_functions is 0", "filters[3]: zero count");
	is_u64(e[4].err, EINVAL, "filters[4]: EINVAL");
	is_str(e[4].why, "the range wraps past 0xffffffff", "filters[4]: wraps");
	is_u64(e[5].err, EINVAL, "filters[5]: EINVAL");
	is_str(e[5].why, "unknown action 3 (HANDLE 0, DENY 1, FWD_TO_USER 2)",
	       "filters[5]: unknown action");
	is_u64(e[6].err, EEXIST, "filters[6]: base 0 count 0 covers everything: EEXIST");
	is_u64(e[7].err, 0, "filters[7]: HANDLE just after the reserved range");
	is_str(e[8].why, "base does not fit in 32 bits", "filters[8]: base too large");
	is_str(e[9].why, "overlaps the reserved Arm Architecture range 0xc0000000-0xc000ffff",
	       "filters[9]: 64-bit reserved range");
	is_str(e[10].why, "overlaps filters[0] (0x84000050-0x8400005f)",
	       "filters[10]: the last ID of filters[0]");
}

static void test_json(void)
{
	static const char good[] =
		"{\"version\": 1, \"note\": \"x\\\"y\", \"filters\": [\n"
		"  {\"base\": \"0x84000050\", \"nr_functions\": 16, \"action\": \"FWD_TO_USER\"},\n"
		"  {\"nr_functions\": \"4\", \"action\": 1, \"base\": 2512501342,\n"
		"   \"comment\": {\"a\": [1, 2, {\"b\": null}]}},\n"
		"  {\"base\": 0, \"nr_functions\": 0, \"action\": 7}\n"
		"], \"predicted\": {\"total\": {\"calls\": 3}}}";
	struct sct_kvm_entry *e;
	size_t nr = 0;

	e = sct_kvm_entries_from_json(good, &nr);
	ok(e != NULL, "a configuration with other keys reads");
	is_u64(nr, 3, "three entries");
	if (e && nr == 3) {
		is_u64(e[0].base, 0x84000050, "base from a hex string");
		is_u64(e[0].nr_functions, 16, "count from a number");
		is_u64(e[0].action, SCT_FILTER_FWD_TO_USER, "action from its name");
		is_u64(e[1].base, 0x95c1ba5e, "base from a decimal number");
		is_u64(e[1].nr_functions, 4, "count from a string");
		is_u64(e[1].action, SCT_FILTER_DENY, "action from a number");
		is_u64(e[2].action, 7, "an unknown action number is kept for the check");
	}
	free(e);
	e = sct_kvm_entries_from_json("{\"filters\": []}", &nr);
	ok(e && nr == 0, "an empty configuration");
	free(e);
	ok(!sct_kvm_entries_from_json("{\"x\": 1}", &nr), "no filters array: refused");
	is_str(sct_last_error(), "filter configuration has no \"filters\" array",
	       "no filters array: message");
	ok(!sct_kvm_entries_from_json("{\"filters\": [{\"base\": 1, \"action\": 1}]}", &nr),
	   "an entry without nr_functions: refused");
	is_str(sct_last_error(), "filters[0]: missing \"nr_functions\"",
	       "missing key: message");
	ok(!sct_kvm_entries_from_json("{\"filters\": [{\"base\": \"-1\", \"nr_functions\": 1, "
				      "\"action\": 1}]}", &nr), "a negative base: refused");
	is_str(sct_last_error(), "filters[0]: \"base\" is not an unsigned number: '-1'",
	       "negative base: message");
	e = sct_kvm_entries_from_json("{\"filters\": [{\"base\": 1, \"nr_functions\": 1, "
				      "\"action\": \"JUMP\"}]}", &nr);
	ok(e && nr == 1 && e[0].action == -1 && !strcmp(e[0].action_name, "JUMP"),
	   "an unknown action name: read, kept for the check");
	sct_kvm_check(e, nr);
	is_str(e ? e[0].why : "", "unknown action 'JUMP' (HANDLE, DENY or FWD_TO_USER)",
	       "action name: refused on its entry by the check");
	ok(e && e[0].err == EINVAL, "action name: EINVAL");
	free(e);
	ok(!sct_kvm_entries_from_json("{\"filters\": [", &nr), "cut text: refused");
	is_str(sct_last_error(), "not valid JSON at line 1, column 13: ']' expected near end of file",
	       "cut text: where and what");
	ok(!sct_kvm_entries_from_json("{\"filters\": [{\"base\": 1, \"nr_functions\": 1, "
				      "\"action\": 1, \"action\": 2}]}", &nr), "a key twice: refused");
	is_str(sct_last_error(), "not valid JSON at line 1, column 65: duplicate object key near '\"action\"'",
	       "a key twice: where and what");
}

int main(void)
{
	test_handles();
	test_bitmaps();
	test_first();
	test_check();
	test_json();
	return tap_done();
}
