// SPDX-License-Identifier: LGPL-2.1
/*
 * The names of SMCCC function IDs and the services they belong to.
 *
 * Sources: include/linux/arm-smccc.h, include/uapi/linux/psci.h,
 * include/uapi/linux/arm_sdei.h, include/linux/arm_ffa.h and
 * arch/arm64/include/uapi/asm/kvm.h in Linux, and
 * Arm DEN0028 (SMCCC), DEN0022 (PSCI), DEN0054 (SDEI), DEN0098 (TRNG),
 * DEN0057 (PV time), DEN0077 (FF-A).
 *
 * Naming: a function with both an SMC32 and an SMC64 ID gets a "_64"
 * suffix on the SMC64 one (PSCI_CPU_ON, PSCI_CPU_ON_64); a function that
 * exists in one convention only keeps its plain name (TRNG_RND64,
 * SDEI_VERSION, PV_TIME_ST).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <smccctrace/smccc.h>

#include "smccc-internal.h"

struct named_id {
	uint32_t	id;
	const char	*name;
};

/* Sorted by ID: sct_function_name() searches it with bsearch() */
static const struct named_id named_ids[] = {
	/* Arm Architecture, SMC32 */
	{ 0x80000000, "SMCCC_VERSION" },
	{ 0x80000001, "SMCCC_ARCH_FEATURES" },
	{ 0x80000002, "SMCCC_ARCH_SOC_ID" },
	{ 0x80000004, "SMCCC_ARCH_WORKAROUND_4" },
	{ 0x80003FFF, "SMCCC_ARCH_WORKAROUND_3" },
	{ 0x80007FFF, "SMCCC_ARCH_WORKAROUND_2" },
	{ 0x80008000, "SMCCC_ARCH_WORKAROUND_1" },

	/* PSCI, SMC32 */
	{ 0x84000000, "PSCI_VERSION" },
	{ 0x84000001, "PSCI_CPU_SUSPEND" },
	{ 0x84000002, "PSCI_CPU_OFF" },
	{ 0x84000003, "PSCI_CPU_ON" },
	{ 0x84000004, "PSCI_AFFINITY_INFO" },
	{ 0x84000005, "PSCI_MIGRATE" },
	{ 0x84000006, "PSCI_MIGRATE_INFO_TYPE" },
	{ 0x84000007, "PSCI_MIGRATE_INFO_UP_CPU" },
	{ 0x84000008, "PSCI_SYSTEM_OFF" },
	{ 0x84000009, "PSCI_SYSTEM_RESET" },
	{ 0x8400000A, "PSCI_FEATURES" },
	{ 0x8400000B, "PSCI_CPU_FREEZE" },
	{ 0x8400000C, "PSCI_CPU_DEFAULT_SUSPEND" },
	{ 0x8400000D, "PSCI_NODE_HW_STATE" },
	{ 0x8400000E, "PSCI_SYSTEM_SUSPEND" },
	{ 0x8400000F, "PSCI_SET_SUSPEND_MODE" },
	{ 0x84000010, "PSCI_STAT_RESIDENCY" },
	{ 0x84000011, "PSCI_STAT_COUNT" },
	{ 0x84000012, "PSCI_SYSTEM_RESET2" },
	{ 0x84000013, "PSCI_MEM_PROTECT" },
	{ 0x84000014, "PSCI_MEM_PROTECT_CHECK_RANGE" },
	{ 0x84000015, "PSCI_SYSTEM_OFF2" },

	/* TRNG, SMC32 */
	{ 0x84000050, "TRNG_VERSION" },
	{ 0x84000051, "TRNG_FEATURES" },
	{ 0x84000052, "TRNG_GET_UUID" },
	{ 0x84000053, "TRNG_RND32" },

	/* FF-A, SMC32 */
	{ 0x84000060, "FFA_ERROR" },
	{ 0x84000061, "FFA_SUCCESS" },
	{ 0x84000062, "FFA_INTERRUPT" },
	{ 0x84000063, "FFA_VERSION" },
	{ 0x84000064, "FFA_FEATURES" },
	{ 0x84000065, "FFA_RX_RELEASE" },
	{ 0x84000066, "FFA_RXTX_MAP" },
	{ 0x84000067, "FFA_RXTX_UNMAP" },
	{ 0x84000068, "FFA_PARTITION_INFO_GET" },
	{ 0x84000069, "FFA_ID_GET" },
	{ 0x8400006A, "FFA_MSG_POLL" },
	{ 0x8400006B, "FFA_MSG_WAIT" },
	{ 0x8400006C, "FFA_YIELD" },
	{ 0x8400006D, "FFA_RUN" },
	{ 0x8400006E, "FFA_MSG_SEND" },
	{ 0x8400006F, "FFA_MSG_SEND_DIRECT_REQ" },
	{ 0x84000070, "FFA_MSG_SEND_DIRECT_RESP" },
	{ 0x84000071, "FFA_MEM_DONATE" },
	{ 0x84000072, "FFA_MEM_LEND" },
	{ 0x84000073, "FFA_MEM_SHARE" },
	{ 0x84000074, "FFA_MEM_RETRIEVE_REQ" },
	{ 0x84000075, "FFA_MEM_RETRIEVE_RESP" },
	{ 0x84000076, "FFA_MEM_RELINQUISH" },
	{ 0x84000077, "FFA_MEM_RECLAIM" },
	{ 0x84000078, "FFA_MEM_OP_PAUSE" },
	{ 0x84000079, "FFA_MEM_OP_RESUME" },
	{ 0x8400007A, "FFA_MEM_FRAG_RX" },
	{ 0x8400007B, "FFA_MEM_FRAG_TX" },
	{ 0x8400007C, "FFA_NORMAL_WORLD_RESUME" },
	{ 0x8400007D, "FFA_NOTIFICATION_BITMAP_CREATE" },
	{ 0x8400007E, "FFA_NOTIFICATION_BITMAP_DESTROY" },
	{ 0x8400007F, "FFA_NOTIFICATION_BIND" },
	{ 0x84000080, "FFA_NOTIFICATION_UNBIND" },
	{ 0x84000081, "FFA_NOTIFICATION_SET" },
	{ 0x84000082, "FFA_NOTIFICATION_GET" },
	{ 0x84000083, "FFA_NOTIFICATION_INFO_GET" },
	{ 0x84000084, "FFA_RX_ACQUIRE" },
	{ 0x84000085, "FFA_SPM_ID_GET" },
	{ 0x84000086, "FFA_MSG_SEND2" },
	{ 0x84000087, "FFA_SECONDARY_EP_REGISTER" },
	{ 0x84000088, "FFA_MEM_PERM_GET" },
	{ 0x84000089, "FFA_MEM_PERM_SET" },
	{ 0x8400008A, "FFA_CONSOLE_LOG" },
	{ 0x8400008C, "FFA_EL3_INTR_HANDLE" },

	/* KVM vendor hypervisor services, SMC32 */
	{ 0x86000000, "KVM_FEATURES" },
	{ 0x86000001, "KVM_PTP" },
	{ 0x8600FF01, "VENDOR_HYP_CALL_UID" },

	/* PSCI v0.1 as KVM numbers it (KVM_PSCI_FN_*, arch/arm64/include/uapi/asm/kvm.h) */
	{ 0x95C1BA5E, "KVM_PSCI_FN_CPU_SUSPEND" },
	{ 0x95C1BA5F, "KVM_PSCI_FN_CPU_OFF" },
	{ 0x95C1BA60, "KVM_PSCI_FN_CPU_ON" },
	{ 0x95C1BA61, "KVM_PSCI_FN_MIGRATE" },

	/* PSCI, SMC64 */
	{ 0xC4000001, "PSCI_CPU_SUSPEND_64" },
	{ 0xC4000003, "PSCI_CPU_ON_64" },
	{ 0xC4000004, "PSCI_AFFINITY_INFO_64" },
	{ 0xC4000005, "PSCI_MIGRATE_64" },
	{ 0xC4000007, "PSCI_MIGRATE_INFO_UP_CPU_64" },
	{ 0xC400000C, "PSCI_CPU_DEFAULT_SUSPEND_64" },
	{ 0xC400000D, "PSCI_NODE_HW_STATE_64" },
	{ 0xC400000E, "PSCI_SYSTEM_SUSPEND_64" },
	{ 0xC4000010, "PSCI_STAT_RESIDENCY_64" },
	{ 0xC4000011, "PSCI_STAT_COUNT_64" },
	{ 0xC4000012, "PSCI_SYSTEM_RESET2_64" },
	{ 0xC4000014, "PSCI_MEM_PROTECT_CHECK_RANGE_64" },
	{ 0xC4000015, "PSCI_SYSTEM_OFF2_64" },

	/* SDEI (SMC64 only); numbers the kernel does not name keep their offset */
	{ 0xC4000020, "SDEI_VERSION" },
	{ 0xC4000021, "SDEI_EVENT_REGISTER" },
	{ 0xC4000022, "SDEI_EVENT_ENABLE" },
	{ 0xC4000023, "SDEI_EVENT_DISABLE" },
	{ 0xC4000024, "SDEI_EVENT_CONTEXT" },
	{ 0xC4000025, "SDEI_EVENT_COMPLETE" },
	{ 0xC4000026, "SDEI_EVENT_COMPLETE_AND_RESUME" },
	{ 0xC4000027, "SDEI_EVENT_UNREGISTER" },
	{ 0xC4000028, "SDEI_EVENT_STATUS" },
	{ 0xC4000029, "SDEI_EVENT_GET_INFO" },
	{ 0xC400002A, "SDEI_EVENT_ROUTING_SET" },
	{ 0xC400002B, "SDEI_PE_MASK" },
	{ 0xC400002C, "SDEI_PE_UNMASK" },
	{ 0xC400002D, "SDEI_INTERRUPT_BIND" },
	{ 0xC400002E, "SDEI_INTERRUPT_RELEASE" },
	{ 0xC400002F, "SDEI_0x0F" },
	{ 0xC4000030, "SDEI_0x10" },
	{ 0xC4000031, "SDEI_PRIVATE_RESET" },
	{ 0xC4000032, "SDEI_SHARED_RESET" },
	{ 0xC4000033, "SDEI_0x13" },
	{ 0xC4000034, "SDEI_0x14" },
	{ 0xC4000035, "SDEI_0x15" },
	{ 0xC4000036, "SDEI_0x16" },
	{ 0xC4000037, "SDEI_0x17" },
	{ 0xC4000038, "SDEI_0x18" },
	{ 0xC4000039, "SDEI_0x19" },
	{ 0xC400003A, "SDEI_0x1A" },
	{ 0xC400003B, "SDEI_0x1B" },
	{ 0xC400003C, "SDEI_0x1C" },
	{ 0xC400003D, "SDEI_0x1D" },
	{ 0xC400003E, "SDEI_0x1E" },
	{ 0xC400003F, "SDEI_0x1F" },

	/* TRNG, SMC64 */
	{ 0xC4000053, "TRNG_RND64" },

	/* FF-A, SMC64 */
	{ 0xC4000061, "FFA_SUCCESS_64" },
	{ 0xC4000066, "FFA_RXTX_MAP_64" },
	{ 0xC400006F, "FFA_MSG_SEND_DIRECT_REQ_64" },
	{ 0xC4000070, "FFA_MSG_SEND_DIRECT_RESP_64" },
	{ 0xC4000071, "FFA_MEM_DONATE_64" },
	{ 0xC4000072, "FFA_MEM_LEND_64" },
	{ 0xC4000073, "FFA_MEM_SHARE_64" },
	{ 0xC4000074, "FFA_MEM_RETRIEVE_REQ_64" },
	{ 0xC4000083, "FFA_NOTIFICATION_INFO_GET_64" },
	{ 0xC4000087, "FFA_SECONDARY_EP_REGISTER_64" },
	{ 0xC4000088, "FFA_MEM_PERM_GET_64" },
	{ 0xC4000089, "FFA_MEM_PERM_SET_64" },
	{ 0xC400008A, "FFA_CONSOLE_LOG_64" },
	{ 0xC400008B, "FFA_PARTITION_INFO_GET_REGS" },
	{ 0xC400008D, "FFA_MSG_SEND_DIRECT_REQ2" },
	{ 0xC400008E, "FFA_MSG_SEND_DIRECT_RESP2" },

	/* Standard Hypervisor: paravirtualised time (SMC64 only) */
	{ 0xC5000020, "PV_TIME_FEATURES" },
	{ 0xC5000021, "PV_TIME_ST" },

	/* pKVM and KVM vendor hypervisor services, SMC64 */
	{ 0xC6000002, "HYP_MEMINFO" },
	{ 0xC6000003, "MEM_SHARE" },
	{ 0xC6000004, "MEM_UNSHARE" },
	{ 0xC6000007, "MMIO_GUARD" },
	{ 0xC6000040, "KVM_DISCOVER_IMPL_VER" },
	{ 0xC6000041, "KVM_DISCOVER_IMPL_CPUS" },
};

struct service_range {
	uint32_t	first;
	uint32_t	last;
	const char	*service;
};

/* Sorted and disjoint: sct_service_name() searches it with bsearch() */
static const struct service_range services[] = {
	{ 0x80000000, 0x8000FFFF, "ARCH" },
	{ 0x84000000, 0x8400001F, "PSCI" },
	{ 0x84000050, 0x8400005F, "TRNG" },
	{ 0x84000060, 0x840000EF, "FF-A" },
	{ 0x86000000, 0x86000001, "KVM" },
	{ 0x8600FF01, 0x8600FF01, "KVM" },
	{ 0x95C1BA5E, 0x95C1BA61, "PSCI" },
	{ 0xC0000000, 0xC000FFFF, "ARCH" },
	{ 0xC4000000, 0xC400001F, "PSCI" },
	{ 0xC4000020, 0xC400003F, "SDEI" },
	{ 0xC4000050, 0xC400005F, "TRNG" },
	{ 0xC4000060, 0xC40000EF, "FF-A" },
	{ 0xC5000020, 0xC5000021, "PV_TIME" },
	{ 0xC6000002, 0xC600003F, "pKVM" },
	{ 0xC6000040, 0xC6000041, "KVM" },
};

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static int cmp_named(const void *key, const void *elem)
{
	const struct named_id *n = elem;
	uint32_t id = *(const uint32_t *)key;

	return id < n->id ? -1 : id > n->id;
}

static int cmp_service(const void *key, const void *elem)
{
	const struct service_range *s = elem;
	uint32_t id = *(const uint32_t *)key;

	if (id < s->first)
		return -1;
	return id > s->last;
}

/*
 * The SVE live-state hint (bit 16) does not change which function a fast
 * call is (KVM masks it, ARM_SMCCC_CALL_HINTS): an ID not found as it is
 * is looked up again without it. (KVM's PSCI v0.1 IDs have bit 16 set.)
 */
static const void *lookup(uint32_t id, const void *table, size_t n, size_t size,
			  int (*cmp)(const void *, const void *))
{
	const void *found;

	found = bsearch(&id, table, n, size, cmp);
	if (found || !(id & SCT_SMCCC_FAST) || !(id & SCT_SMCCC_SVE_HINT))
		return found;
	id &= ~SCT_SMCCC_SVE_HINT;
	return bsearch(&id, table, n, size, cmp);
}

/**
 * sct_function_name - the name of an SMCCC function ID
 * @id: the function ID; the SVE hint bit of a fast call is ignored unless
 *      the ID is known with it
 *
 * Returns a static string ("PSCI_CPU_ON_64", "TRNG_RND32", ...) the caller
 * does not free, or NULL when the ID has no known name.
 */
const char *sct_function_name(uint32_t id)
{
	const struct named_id *n;

	n = lookup(id, named_ids, ARRAY_SIZE(named_ids), sizeof(named_ids[0]), cmp_named);
	return n ? n->name : NULL;
}

/**
 * sct_function_matches - whether a call's function passes a filter a user typed
 * @func_id: the call's function ID
 * @id_known: whether @func_id was seen (false: the call's ID is unknown)
 * @pattern: "0x" or "0X" and hexadecimal digits: the function ID; else part
 *           of the function's name, in any case; "" or NULL: every call.
 *           The caller keeps it.
 *
 * A call of unknown ID passes only the empty pattern; a function without a
 * name passes only its ID; "0x" followed by anything but hexadecimal digits
 * passes nothing. errno is left as it was.
 *
 * Returns true when the call passes.
 */
bool sct_function_matches(uint32_t func_id, bool id_known, const char *pattern)
{
	int saved = errno;
	const char *name;
	unsigned long id;
	char *end;
	bool ok;

	if (!pattern || !*pattern)
		return true;
	if (!id_known)
		return false;
	if (strncasecmp(pattern, "0x", 2)) {
		name = sct_function_name(func_id);
		return name && strcasestr(name, pattern);
	}
	errno = 0;
	id = strtoul(pattern, &end, 16);
	ok = !errno && !*end && id == func_id;
	errno = saved;
	return ok;
}

/**
 * sct_service_name - the service a function ID belongs to
 * @id: the function ID; the SVE hint bit of a fast call is ignored unless
 *      the ID is known with it
 *
 * Returns "ARCH", "PSCI", "SDEI", "TRNG", "FF-A", "PV_TIME", "KVM" or
 * "pKVM" (a static string the caller does not free), or NULL when @id is
 * in no known service range. Only fast calls belong to services.
 */
const char *sct_service_name(uint32_t id)
{
	const struct service_range *s;

	s = lookup(id, services, ARRAY_SIZE(services), sizeof(services[0]), cmp_service);
	return s ? s->service : NULL;
}

/**
 * sct_service_by_name - the service a user names, in any case
 * @name: the name, not NUL-terminated
 * @len: its length
 *
 * Returns the service's static name as sct_service_name() spells it
 * ("pKVM" for "PKVM"), or NULL when no service has that name.
 */
const char *sct_service_by_name(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(services); i++) {
		if (strlen(services[i].service) == len &&
		    !strncasecmp(services[i].service, name, len))
			return services[i].service;
	}
	return NULL;
}

/**
 * sct_for_each_named_id - call @fn for every function ID that has a name
 * @fn: called with each ID and its static name, in ascending ID order; a
 *      nonzero return stops the walk
 * @data: passed to @fn
 *
 * Returns the first nonzero value @fn returned, or 0.
 */
int sct_for_each_named_id(int (*fn)(uint32_t id, const char *name, void *data),
			  void *data)
{
	size_t i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(named_ids); i++) {
		ret = fn(named_ids[i].id, named_ids[i].name, data);
		if (ret)
			return ret;
	}
	return 0;
}
