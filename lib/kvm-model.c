// SPDX-License-Identifier: LGPL-2.1
/*
 * A model of KVM's own SMCCC handling (Linux 6.4+, arch/arm64/kvm/hypercalls.c):
 * which function IDs it answers itself, and the rules KVM_SET_DEVICE_ATTR
 * applies to a KVM_ARM_VM_SMCCC_FILTER entry.
 *
 * KVM answers a call itself when the filter says HANDLE (or has no range
 * for it) and the ID is default-allowed (SMCCC_VERSION, ARCH_FEATURES,
 * Standard Secure numbers 0-0x1f, KVM's PSCI 0.1 IDs) or enabled by a
 * firmware bitmap register (TRNG, PV time, KVM features and UID, PTP).
 * Any other HANDLEd ID gets NOT_SUPPORTED, also without leaving the kernel.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smccctrace/suggest.h>

#include "internal.h"

#define OWNER(id)	(((id) >> 24) & 0x3f)
#define OWNER_STD	4
#define PSCI_LAST_NUM	0x1f

#define KVM_PSCI_0_1_FIRST	0x95c1ba5eu
#define KVM_PSCI_0_1_LAST	0x95c1ba61u

enum fw_reg { FW_NONE, FW_STD, FW_STD_HYP, FW_VENDOR_HYP };

/* The single IDs KVM handles, sorted, with the bitmap bit that gates them */
static const struct fixed_id {
	uint32_t	id;
	uint8_t		reg;
	uint8_t		bit;
} fixed_ids[] = {
	{ 0x80000000, FW_NONE, 0 },	/* SMCCC_VERSION */
	{ 0x80000001, FW_NONE, 0 },	/* SMCCC_ARCH_FEATURES */
	{ 0x84000050, FW_STD, SCT_KVM_STD_BIT_TRNG_V1_0 },
	{ 0x84000051, FW_STD, SCT_KVM_STD_BIT_TRNG_V1_0 },
	{ 0x84000052, FW_STD, SCT_KVM_STD_BIT_TRNG_V1_0 },
	{ 0x84000053, FW_STD, SCT_KVM_STD_BIT_TRNG_V1_0 },
	{ 0x86000000, FW_VENDOR_HYP, SCT_KVM_VENDOR_HYP_BIT_FUNC_FEAT },
	{ 0x86000001, FW_VENDOR_HYP, SCT_KVM_VENDOR_HYP_BIT_PTP },
	{ 0x8600ff01, FW_VENDOR_HYP, SCT_KVM_VENDOR_HYP_BIT_FUNC_FEAT },
	{ 0xc4000053, FW_STD, SCT_KVM_STD_BIT_TRNG_V1_0 },
	{ 0xc5000020, FW_STD_HYP, SCT_KVM_STD_HYP_BIT_PV_TIME },
	{ 0xc5000021, FW_STD_HYP, SCT_KVM_STD_HYP_BIT_PV_TIME },
};

#define NR_FIXED	(sizeof(fixed_ids) / sizeof(fixed_ids[0]))

/**
 * sct_kvm_fw_default - the firmware bitmaps of a new VM
 * @fw: filled with every bit KVM 6.4+ knows set
 */
void sct_kvm_fw_default(struct sct_kvm_fw *fw)
{
	fw->std_bmap = 1ull << SCT_KVM_STD_BIT_TRNG_V1_0;
	fw->std_hyp_bmap = 1ull << SCT_KVM_STD_HYP_BIT_PV_TIME;
	fw->vendor_hyp_bmap = (1ull << SCT_KVM_VENDOR_HYP_BIT_FUNC_FEAT) |
			      (1ull << SCT_KVM_VENDOR_HYP_BIT_PTP);
}

static bool fixed_enabled(const struct sct_kvm_fw *fw, const struct fixed_id *f)
{
	struct sct_kvm_fw def;
	uint64_t bmap;

	if (!fw) {
		sct_kvm_fw_default(&def);
		fw = &def;
	}
	switch (f->reg) {
	case FW_STD:
		bmap = fw->std_bmap;
		break;
	case FW_STD_HYP:
		bmap = fw->std_hyp_bmap;
		break;
	case FW_VENDOR_HYP:
		bmap = fw->vendor_hyp_bmap;
		break;
	default:
		return true;
	}
	return bmap & (1ull << f->bit);
}

static bool is_psci_range(uint32_t id)
{
	return OWNER(id) == OWNER_STD && (id & 0xffff) <= PSCI_LAST_NUM;
}

/**
 * sct_kvm_handles - does KVM answer @id itself when the filter lets it
 * @fw: the VM's firmware bitmaps, or NULL for a new VM's (all set)
 * @id: the function ID
 *
 * True for what KVM implements: answering such an ID in userspace takes
 * it from KVM. False for IDs KVM answers with NOT_SUPPORTED.
 */
bool sct_kvm_handles(const struct sct_kvm_fw *fw, uint32_t id)
{
	size_t i;

	if (is_psci_range(id))
		return true;
	if (id >= KVM_PSCI_0_1_FIRST && id <= KVM_PSCI_0_1_LAST)
		return true;
	for (i = 0; i < NR_FIXED; i++)
		if (fixed_ids[i].id == id)
			return fixed_enabled(fw, &fixed_ids[i]);
	return false;
}

/* The first ID >= @lo of the Standard Secure 0-0x1f blocks, if <= @hi */
static bool first_psci(uint32_t lo, uint32_t hi, uint32_t *id)
{
	uint32_t top, mid, base;

	for (top = 0; top < 4; top++) {
		for (mid = 0; mid < 256; mid++) {
			base = top << 30 | OWNER_STD << 24 | mid << 16;
			if (base + PSCI_LAST_NUM < lo)
				continue;
			if (base > hi)
				return false;
			*id = base > lo ? base : lo;
			return true;
		}
	}
	return false;
}

static void take_min(bool *found, uint32_t *best, uint32_t cand)
{
	if (!*found || cand < *best)
		*best = cand;
	*found = true;
}

/**
 * sct_kvm_first_handled - the lowest ID in [@lo, @hi] that KVM implements
 * @fw: the VM's firmware bitmaps, or NULL for a new VM's
 * @lo: first ID of the interval
 * @hi: last ID of the interval (>= @lo)
 * @id: set to the ID found
 *
 * Returns true when there is one.
 */
bool sct_kvm_first_handled(const struct sct_kvm_fw *fw, uint32_t lo,
			   uint32_t hi, uint32_t *id)
{
	bool found = false;
	uint32_t best = 0, x;
	size_t i;

	if (first_psci(lo, hi, &x))
		take_min(&found, &best, x);
	if (lo <= KVM_PSCI_0_1_LAST && hi >= KVM_PSCI_0_1_FIRST)
		take_min(&found, &best, lo > KVM_PSCI_0_1_FIRST ? lo : KVM_PSCI_0_1_FIRST);
	for (i = 0; i < NR_FIXED; i++) {
		if (fixed_ids[i].id >= lo && fixed_ids[i].id <= hi &&
		    fixed_enabled(fw, &fixed_ids[i])) {
			take_min(&found, &best, fixed_ids[i].id);
			break;
		}
	}
	if (found)
		*id = best;
	return found;
}

/**
 * sct_kvm_first_reserved - the lowest ID in [@lo, @hi] of the Arm
 *                          Architecture ranges that no filter may touch
 * @lo: first ID of the interval
 * @hi: last ID of the interval (>= @lo)
 * @id: set to the ID found
 *
 * Returns true when [@lo, @hi] overlaps 0x80000000-0x8000ffff or
 * 0xc0000000-0xc000ffff.
 */
bool sct_kvm_first_reserved(uint32_t lo, uint32_t hi, uint32_t *id)
{
	static const uint32_t bases[] = { SCT_KVM_RESERVED32_BASE, SCT_KVM_RESERVED64_BASE };
	uint32_t last;
	size_t i;

	for (i = 0; i < 2; i++) {
		last = bases[i] + SCT_KVM_RESERVED_NR - 1;
		if (lo <= last && hi >= bases[i]) {
			*id = lo > bases[i] ? lo : bases[i];
			return true;
		}
	}
	return false;
}

static bool entry_invalid(struct sct_kvm_entry *e)
{
	uint32_t start, end;

	if (e->base > UINT32_MAX)
		snprintf(e->why, sizeof(e->why), "base does not fit in 32 bits");
	else if (e->nr_functions > UINT32_MAX)
		snprintf(e->why, sizeof(e->why), "nr_functions does not fit in 32 bits");
	else if (e->action_name[0])
		snprintf(e->why, sizeof(e->why),
			 "unknown action '%s' (HANDLE, DENY or FWD_TO_USER)", e->action_name);
	else if (e->action < 0 || e->action > 255)
		snprintf(e->why, sizeof(e->why), "action does not fit in 8 bits");
	if (e->why[0])
		return true;
	/* The kernel's own arithmetic: __u32 end = base + nr - 1 */
	start = (uint32_t)e->base;
	end = start + (uint32_t)e->nr_functions - 1;
	if (end < start && !e->nr_functions)
		snprintf(e->why, sizeof(e->why), "nr_functions is 0");
	else if (end < start)
		snprintf(e->why, sizeof(e->why), "the range wraps past 0xffffffff");
	else if (e->action > SCT_FILTER_FWD_TO_USER)
		snprintf(e->why, sizeof(e->why),
			 "unknown action %lld (HANDLE 0, DENY 1, FWD_TO_USER 2)",
			 (long long)e->action);
	return e->why[0];
}

static bool entry_overlaps(struct sct_kvm_entry *e, const struct sct_kvm_entry *all,
			   size_t nr)
{
	uint32_t start = (uint32_t)e->base, end, s, t, x;
	size_t i;

	end = start + (uint32_t)e->nr_functions - 1;
	if (sct_kvm_first_reserved(start, end, &x)) {
		s = x < SCT_KVM_RESERVED64_BASE ? SCT_KVM_RESERVED32_BASE
						: SCT_KVM_RESERVED64_BASE;
		snprintf(e->why, sizeof(e->why),
			 "overlaps the reserved Arm Architecture range 0x%08x-0x%08x",
			 s, s + SCT_KVM_RESERVED_NR - 1);
		return true;
	}
	for (i = 0; i < nr; i++) {
		if (all[i].err)
			continue;
		s = (uint32_t)all[i].base;
		t = s + (uint32_t)all[i].nr_functions - 1;
		if (start <= t && end >= s) {
			snprintf(e->why, sizeof(e->why),
				 "overlaps filters[%zu] (0x%08x-0x%08x)", i, s, t);
			return true;
		}
	}
	return false;
}

/**
 * sct_kvm_check - KVM's verdict on each entry of a configuration
 * @entries: the entries in the order a VMM would set them; their @err and
 *           @why are filled in
 * @nr: how many
 *
 * Each entry is judged as KVM_SET_DEVICE_ATTR would judge it after the
 * entries before it that KVM accepted: EINVAL for a zero count, a range
 * that wraps or an unknown action (or a value the UAPI struct cannot
 * hold), EEXIST for an overlap with an accepted entry or with the
 * reserved Arm Architecture ranges. Returns how many KVM refuses.
 */
size_t sct_kvm_check(struct sct_kvm_entry *entries, size_t nr)
{
	size_t i, bad = 0;

	for (i = 0; i < nr; i++) {
		entries[i].why[0] = '\0';
		entries[i].err = 0;
		if (entry_invalid(&entries[i]))
			entries[i].err = EINVAL;
		else if (entry_overlaps(&entries[i], entries, i))
			entries[i].err = EEXIST;
		if (entries[i].err)
			bad++;
	}
	return bad;
}
