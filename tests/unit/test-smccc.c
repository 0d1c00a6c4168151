// SPDX-License-Identifier: GPL-2.0
/*
 * SMCCC function ID decoding, names and range keys; conduit and location
 * names.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <smccctrace/call.h>
#include <smccctrace/smccc.h>

#include "tap.h"

static void test_owner_boundaries(void)
{
	static const struct {
		unsigned int	owner;
		const char	*name;
	} cases[] = {
		{ 0, "ARCH" }, { 1, "CPU" }, { 2, "SIP" }, { 3, "OEM" },
		{ 4, "STD" }, { 5, "STD_HYP" }, { 6, "VENDOR_HYP" },
		{ 7, "RESERVED" }, { 47, "RESERVED" },
		{ 48, "TRUSTED_APP" }, { 49, "TRUSTED_APP" },
		{ 50, "TRUSTED_OS" }, { 63, "TRUSTED_OS" },
		{ 64, "RESERVED" },
	};
	struct sct_id_info info;
	char what[64];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(what, sizeof(what), "owner %u is %s", cases[i].owner, cases[i].name);
		is_str(sct_owner_name(cases[i].owner), cases[i].name, what);
	}
	for (i = 0; i + 1 < sizeof(cases) / sizeof(cases[0]); i++) {
		sct_decode(0x80000000 | (cases[i].owner << 24), &info);
		snprintf(what, sizeof(what), "decode: owner bits %u", cases[i].owner);
		ok(info.owner == cases[i].owner && !strcmp(info.owner_name, cases[i].name), what);
	}
}

static void test_fields(void)
{
	struct sct_id_info info;

	sct_decode(0xC4000003, &info);
	ok(info.id == 0xC4000003 && info.fast && info.smc64 && !info.sve_hint &&
	   !info.reserved_bits && info.owner == 4 && info.number == 3,
	   "PSCI_CPU_ON_64: fast, SMC64, STD, number 3");
	is_str(info.name, "PSCI_CPU_ON_64", "PSCI_CPU_ON_64: name");
	is_str(info.service, "PSCI", "PSCI_CPU_ON_64: service");
	is_str(info.owner_name, "STD", "PSCI_CPU_ON_64: owner name");

	sct_decode(0x84000003, &info);
	ok(info.fast && !info.smc64, "PSCI_CPU_ON: fast, SMC32");

	sct_decode(0x32000005, &info);
	ok(!info.fast && !info.smc64 && info.owner == 50 && info.number == 5,
	   "yielding SMC32 Trusted OS call");
	ok(!info.name && !info.service, "yielding call: no name, no service");
	is_str(info.owner_name, "TRUSTED_OS", "yielding call: owner");

	sct_decode(0x72FE1234, &info);
	ok(!info.fast && info.smc64 && !info.reserved_bits && info.number == 0x1234,
	   "yielding SMC64: bits 23:17 are not reserved for yielding calls");

	sct_decode(0x84010000, &info);
	ok(info.sve_hint && !info.reserved_bits && info.number == 0,
	   "SVE hint bit 16 is not a reserved bit");
	is_str(info.name, "PSCI_VERSION", "SVE hint does not change the name");
	is_str(info.service, "PSCI", "SVE hint does not change the service");

	sct_decode(0x84020000, &info);
	ok(info.reserved_bits && !info.sve_hint, "bit 17 set in a fast call is reserved");
	sct_decode(0x84800000, &info);
	ok(info.reserved_bits, "bit 23 set in a fast call is reserved");
	ok(!info.name, "an ID with reserved bits has no name");

	sct_decode(0x82000123, &info);
	ok(!info.name && !info.service && info.owner == SCT_OWNER_SIP,
	   "unknown SiP ID: no name, no service, owner SIP");
	ok(sct_function_name(0x82000123) == NULL, "sct_function_name: NULL when unknown");
}

/* Every ID FACTS.md lists, and the rest of the named families */
static const struct {
	uint32_t	id;
	const char	*name;
	const char	*service;
} names[] = {
	{ 0x80000000, "SMCCC_VERSION", "ARCH" },
	{ 0x80000001, "SMCCC_ARCH_FEATURES", "ARCH" },
	{ 0x80000002, "SMCCC_ARCH_SOC_ID", "ARCH" },
	{ 0x80008000, "SMCCC_ARCH_WORKAROUND_1", "ARCH" },
	{ 0x80007FFF, "SMCCC_ARCH_WORKAROUND_2", "ARCH" },
	{ 0x80003FFF, "SMCCC_ARCH_WORKAROUND_3", "ARCH" },
	{ 0x80000004, "SMCCC_ARCH_WORKAROUND_4", "ARCH" },
	{ 0x84000000, "PSCI_VERSION", "PSCI" },
	{ 0x84000001, "PSCI_CPU_SUSPEND", "PSCI" },
	{ 0xC4000001, "PSCI_CPU_SUSPEND_64", "PSCI" },
	{ 0x84000002, "PSCI_CPU_OFF", "PSCI" },
	{ 0x84000003, "PSCI_CPU_ON", "PSCI" },
	{ 0xC4000003, "PSCI_CPU_ON_64", "PSCI" },
	{ 0x84000004, "PSCI_AFFINITY_INFO", "PSCI" },
	{ 0xC4000004, "PSCI_AFFINITY_INFO_64", "PSCI" },
	{ 0x84000005, "PSCI_MIGRATE", "PSCI" },
	{ 0xC4000005, "PSCI_MIGRATE_64", "PSCI" },
	{ 0x84000006, "PSCI_MIGRATE_INFO_TYPE", "PSCI" },
	{ 0x84000007, "PSCI_MIGRATE_INFO_UP_CPU", "PSCI" },
	{ 0xC4000007, "PSCI_MIGRATE_INFO_UP_CPU_64", "PSCI" },
	{ 0x84000008, "PSCI_SYSTEM_OFF", "PSCI" },
	{ 0x84000009, "PSCI_SYSTEM_RESET", "PSCI" },
	{ 0x8400000A, "PSCI_FEATURES", "PSCI" },
	{ 0x8400000B, "PSCI_CPU_FREEZE", "PSCI" },
	{ 0x8400000C, "PSCI_CPU_DEFAULT_SUSPEND", "PSCI" },
	{ 0xC400000C, "PSCI_CPU_DEFAULT_SUSPEND_64", "PSCI" },
	{ 0x8400000D, "PSCI_NODE_HW_STATE", "PSCI" },
	{ 0xC400000D, "PSCI_NODE_HW_STATE_64", "PSCI" },
	{ 0x8400000E, "PSCI_SYSTEM_SUSPEND", "PSCI" },
	{ 0xC400000E, "PSCI_SYSTEM_SUSPEND_64", "PSCI" },
	{ 0x8400000F, "PSCI_SET_SUSPEND_MODE", "PSCI" },
	{ 0x84000010, "PSCI_STAT_RESIDENCY", "PSCI" },
	{ 0xC4000010, "PSCI_STAT_RESIDENCY_64", "PSCI" },
	{ 0x84000011, "PSCI_STAT_COUNT", "PSCI" },
	{ 0xC4000011, "PSCI_STAT_COUNT_64", "PSCI" },
	{ 0x84000012, "PSCI_SYSTEM_RESET2", "PSCI" },
	{ 0xC4000012, "PSCI_SYSTEM_RESET2_64", "PSCI" },
	{ 0x84000013, "PSCI_MEM_PROTECT", "PSCI" },
	{ 0x84000014, "PSCI_MEM_PROTECT_CHECK_RANGE", "PSCI" },
	{ 0xC4000014, "PSCI_MEM_PROTECT_CHECK_RANGE_64", "PSCI" },
	{ 0x84000015, "PSCI_SYSTEM_OFF2", "PSCI" },
	{ 0xC4000015, "PSCI_SYSTEM_OFF2_64", "PSCI" },
	{ 0x95C1BA5E, "KVM_PSCI_FN_CPU_SUSPEND", "PSCI" },
	{ 0x95C1BA5F, "KVM_PSCI_FN_CPU_OFF", "PSCI" },
	{ 0x95C1BA60, "KVM_PSCI_FN_CPU_ON", "PSCI" },
	{ 0x95C1BA61, "KVM_PSCI_FN_MIGRATE", "PSCI" },
	{ 0xC4000020, "SDEI_VERSION", "SDEI" },
	{ 0xC4000021, "SDEI_EVENT_REGISTER", "SDEI" },
	{ 0xC400002E, "SDEI_INTERRUPT_RELEASE", "SDEI" },
	{ 0xC400002F, "SDEI_0x0F", "SDEI" },
	{ 0xC4000031, "SDEI_PRIVATE_RESET", "SDEI" },
	{ 0xC4000032, "SDEI_SHARED_RESET", "SDEI" },
	{ 0xC400003F, "SDEI_0x1F", "SDEI" },
	{ 0x84000050, "TRNG_VERSION", "TRNG" },
	{ 0x84000051, "TRNG_FEATURES", "TRNG" },
	{ 0x84000052, "TRNG_GET_UUID", "TRNG" },
	{ 0x84000053, "TRNG_RND32", "TRNG" },
	{ 0xC4000053, "TRNG_RND64", "TRNG" },
	{ 0x84000060, "FFA_ERROR", "FF-A" },
	{ 0x84000063, "FFA_VERSION", "FF-A" },
	{ 0x84000064, "FFA_FEATURES", "FF-A" },
	{ 0x84000066, "FFA_RXTX_MAP", "FF-A" },
	{ 0xC4000066, "FFA_RXTX_MAP_64", "FF-A" },
	{ 0x8400006D, "FFA_RUN", "FF-A" },
	{ 0xC400008D, "FFA_MSG_SEND_DIRECT_REQ2", "FF-A" },
	{ 0xC5000020, "PV_TIME_FEATURES", "PV_TIME" },
	{ 0xC5000021, "PV_TIME_ST", "PV_TIME" },
	{ 0x86000000, "KVM_FEATURES", "KVM" },
	{ 0x86000001, "KVM_PTP", "KVM" },
	{ 0x8600FF01, "VENDOR_HYP_CALL_UID", "KVM" },
	{ 0xC6000040, "KVM_DISCOVER_IMPL_VER", "KVM" },
	{ 0xC6000041, "KVM_DISCOVER_IMPL_CPUS", "KVM" },
	{ 0xC6000002, "HYP_MEMINFO", "pKVM" },
	{ 0xC6000003, "MEM_SHARE", "pKVM" },
	{ 0xC6000004, "MEM_UNSHARE", "pKVM" },
	{ 0xC6000007, "MMIO_GUARD", "pKVM" },
};

static void test_names(void)
{
	struct sct_id_info info;
	char what[96];
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		sct_decode(names[i].id, &info);
		snprintf(what, sizeof(what), "0x%08x is %s (%s)", names[i].id,
			 names[i].name, names[i].service);
		ok(info.name && !strcmp(info.name, names[i].name) &&
		   info.service && !strcmp(info.service, names[i].service), what);
	}
	ok(!sct_function_name(0xC4000000), "PSCI_VERSION has no 64-bit ID");
	ok(!sct_function_name(0xC4000002), "PSCI_CPU_OFF has no 64-bit ID");
	ok(!sct_function_name(0xC4000050), "TRNG_VERSION has no 64-bit ID");
	ok(!sct_function_name(0x84000016), "PSCI number 22: no name");
	ok(!sct_function_name(0xC6000001), "0xc6000001: no name");
	ok(!sct_function_name(0xC6000005), "pKVM reserved number 5: no name");
}

static void test_matches(void)
{
	static const struct {
		uint32_t	id;
		bool		known;
		const char	*pattern;
		bool		want;
	} cases[] = {
		{ 0x84000000, true, "psci", true },
		{ 0x84000000, true, "Version", true },
		{ 0x84000000, true, "PSCI_VERSION", true },
		{ 0x84000000, true, "features", false },
		{ 0xC4000003, true, "cpu_on", true },
		{ 0x84000003, true, "_64", false },
		{ 0x84010000, true, "psci_version", true },
		{ 0x84000000, true, "0x84000000", true },
		{ 0x8400000A, true, "0X8400000a", true },
		{ 0x8400000A, true, "0x000000008400000A", true },
		{ 0x84000000, true, "0x8400000", false },
		{ 0x84010000, true, "0x84000000", false },
		{ 0xC6000001, true, "0xc6000001", true },
		{ 0xC6000001, true, "c6000001", false },
		{ 0x84000000, true, "0x8400000g", false },
		{ 0x84000000, true, "0x-84000000", false },
		{ 0x00000000, true, "0x", false },
		{ 0x84000000, true, "0x184000000", false },
		{ 0x84000000, true, "0xffffffffffffffffff", false },
		{ 0x84000000, false, "psci", false },
		{ 0x84000000, false, "0x84000000", false },
		{ 0x84000000, false, "", true },
		{ 0x82000123, true, "", true },
	};
	char what[96];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(what, sizeof(what), "0x%08x%s %s \"%s\"", cases[i].id,
			 cases[i].known ? "" : " (unknown)",
			 cases[i].want ? "passes" : "does not pass", cases[i].pattern);
		ok(sct_function_matches(cases[i].id, cases[i].known, cases[i].pattern) ==
		   cases[i].want, what);
	}
	ok(sct_function_matches(0x82000123, true, NULL), "every call passes a NULL pattern");
	errno = EBADF;
	ok(!sct_function_matches(0x84000000, true, "0xffffffffffffffffff") && errno == EBADF,
	   "errno left as it was after a hex ID out of range");
}

struct walk {
	size_t		count;
	uint32_t	last;
	int		sorted;
	int		named;
	int		stop_at;
};

static int walk_fn(uint32_t id, const char *name, void *data)
{
	struct walk *w = data;

	if (w->count && id <= w->last)
		w->sorted = 0;
	if (!name || sct_function_name(id) != name)
		w->named = 0;
	w->last = id;
	w->count++;
	return w->stop_at && (int)w->count == w->stop_at ? 42 : 0;
}

static void test_walk(void)
{
	struct walk w = { .sorted = 1, .named = 1 };

	ok(sct_for_each_named_id(walk_fn, &w) == 0, "walk returns 0");
	ok(w.count >= sizeof(names) / sizeof(names[0]), "walk visits every named ID");
	ok(w.sorted, "walk is in strictly ascending ID order (bsearch table sorted)");
	ok(w.named, "every walked ID's name is what sct_function_name() returns");
	w = (struct walk){ .sorted = 1, .named = 1, .stop_at = 3 };
	ok(sct_for_each_named_id(walk_fn, &w) == 42 && w.count == 3,
	   "a nonzero return stops the walk and is returned");
}

static void test_ranges(void)
{
	static const struct {
		uint32_t	id;
		const char	*key;
	} cases[] = {
		{ 0x84000000, "PSCI/32" },
		{ 0xC4000003, "PSCI/64" },
		{ 0x8400001F, "PSCI/32" },
		{ 0x84000020, "STD/32" },
		{ 0xC4000020, "SDEI/64" },
		{ 0x84000053, "TRNG/32" },
		{ 0xC4000053, "TRNG/64" },
		{ 0x84000060, "FF-A/32" },
		{ 0xC4000066, "FF-A/64" },
		{ 0x80000000, "ARCH/32" },
		{ 0x80008000, "ARCH/32" },
		{ 0xC0000001, "ARCH/64" },
		{ 0x82000123, "SIP/32" },
		{ 0xC2000001, "SIP/64" },
		{ 0x83000000, "OEM/32" },
		{ 0x81000000, "CPU/32" },
		{ 0x86000000, "KVM/32" },
		{ 0x86000002, "VENDOR_HYP/32" },
		{ 0xC6000001, "VENDOR_HYP/64" },
		{ 0xC6000003, "pKVM/64" },
		{ 0xC5000021, "PV_TIME/64" },
		{ 0xC5000000, "STD_HYP/64" },
		{ 0x87000000, "RESERVED/32" },
		{ 0xB0000000, "TRUSTED_APP/32" },
		{ 0xF2000000, "TRUSTED_OS/64" },
		{ 0x02000010, "SIP/32Y" },
		{ 0x32000005, "TRUSTED_OS/32Y" },
		{ 0x44000000, "STD/64Y" },
		{ 0x04000000, "STD/32Y" },
		{ 0x84010003, "PSCI/32" },
		{ 0x95C1BA60, "PSCI/32" },
		{ 0x95C1BA62, "RESERVED/32" },
	};
	char buf[SCT_RANGE_BUFSZ], what[64], small[5];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(what, sizeof(what), "range key of 0x%08x", cases[i].id);
		is_str(sct_range_name(cases[i].id, buf, sizeof(buf)), cases[i].key, what);
	}
	ok(sct_range_name(0xB1000000, small, sizeof(small)) == small &&
	   !strcmp(small, "TRUS"), "range key truncated to the buffer");
	ok(strlen(sct_range_name(0x31000000, buf, sizeof(buf))) + 1 <= SCT_RANGE_BUFSZ,
	   "the longest key fits SCT_RANGE_BUFSZ");
}

static void test_call_names(void)
{
	is_str(sct_conduit_name(SCT_CONDUIT_UNKNOWN), "unknown", "conduit unknown");
	is_str(sct_conduit_name(SCT_CONDUIT_HVC), "hvc", "conduit hvc");
	is_str(sct_conduit_name(SCT_CONDUIT_SMC), "smc", "conduit smc");
	is_str(sct_conduit_name((enum sct_conduit)9), "unknown", "conduit out of range");
	is_str(sct_location_name(SCT_LOC_UNKNOWN), "unknown", "location unknown");
	is_str(sct_location_name(SCT_LOC_KERNEL), "kernel", "location kernel");
	is_str(sct_location_name(SCT_LOC_USER), "user", "location user");
	is_str(sct_location_name(SCT_LOC_DENIED), "denied", "location denied");
	is_str(sct_location_name((enum sct_location)7), "unknown", "location out of range");
	is_u64(sct_location_parse("kernel"), SCT_LOC_KERNEL, "parse kernel");
	is_u64(sct_location_parse("user"), SCT_LOC_USER, "parse user");
	is_u64(sct_location_parse("denied"), SCT_LOC_DENIED, "parse denied");
	is_u64(sct_location_parse("unknown"), SCT_LOC_UNKNOWN, "parse unknown");
	errno = 0;
	ok(sct_location_parse("vmm") == -1 && errno == EINVAL, "parse: unknown name is -1 EINVAL");
	ok(sct_location_parse(NULL) == -1, "parse: NULL is -1");
}

int main(void)
{
	test_owner_boundaries();
	test_fields();
	test_names();
	test_matches();
	test_walk();
	test_ranges();
	test_call_names();
	return tap_done();
}
