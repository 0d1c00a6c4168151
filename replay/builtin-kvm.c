// SPDX-License-Identifier: GPL-2.0
/*
 * --builtin kvm: KVM's own answers (arch/arm64/kvm/hypercalls.c, psci.c,
 * trng.c of Linux 6.4+), for a guest in AArch64 state.
 *
 * What KVM does not implement gets NOT_SUPPORTED with x1..x3 zero, as
 * kvm_smccc_call_handler() answers it. Answers that depend on the host
 * (Spectre workarounds), on the VMM's setup (PV time) or that are random
 * or time are marked by replay_volatile_words() and never compared.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include <smccctrace/error.h>

#include "backend.h"
#include "builtin-kvm.h"

#define RET_SUCCESS		0ull
#define RET_NOT_SUPPORTED	UINT64_MAX		/* -1 */
#define PSCI_INVALID_PARAMS	((uint64_t)-2)
#define PSCI_ALREADY_ON		((uint64_t)-4)
#define PSCI_INTERNAL_FAILURE	((uint64_t)-6)
#define TRNG_INVALID_PARAMETER	((uint64_t)-2)

#define SMCCC_VERSION		0x80000000u
#define SMCCC_ARCH_FEATURES	0x80000001u
#define SMCCC_WORKAROUND_1	0x80008000u
#define SMCCC_WORKAROUND_2	0x80007fffu
#define SMCCC_WORKAROUND_3	0x80003fffu
#define SMCCC_VERSION_1_1	0x10001u

#define PSCI_VERSION		0x84000000u
#define PSCI_CPU_SUSPEND	0x84000001u
#define PSCI_CPU_SUSPEND64	0xc4000001u
#define PSCI_CPU_OFF		0x84000002u
#define PSCI_CPU_ON		0x84000003u
#define PSCI_CPU_ON64		0xc4000003u
#define PSCI_AFFINITY_INFO	0x84000004u
#define PSCI_AFFINITY_INFO64	0xc4000004u
#define PSCI_MIGRATE_INFO_TYPE	0x84000006u
#define PSCI_SYSTEM_OFF		0x84000008u
#define PSCI_SYSTEM_RESET	0x84000009u
#define PSCI_FEATURES		0x8400000au
#define PSCI_SYSTEM_RESET2	0x84000012u
#define PSCI_SYSTEM_RESET2_64	0xc4000012u
#define PSCI_VERSION_1_1	0x10001u
#define PSCI_TOS_MP		2u	/* MIGRATE_INFO_TYPE: no Trusted OS to migrate */
#define PSCI_RESET2_VENDOR	0x80000000u
#define MPIDR_HWID_MASK		0xff00ffffffull

#define TRNG_VERSION		0x84000050u
#define TRNG_FEATURES		0x84000051u
#define TRNG_GET_UUID		0x84000052u
#define TRNG_RND32		0x84000053u
#define TRNG_RND64		0xc4000053u
#define TRNG_VERSION_1_0	0x10000u

#define PV_TIME_FEATURES	0xc5000020u
#define PV_TIME_ST		0xc5000021u

#define KVM_FEATURES		0x86000000u
#define KVM_PTP			0x86000001u
#define KVM_CALL_UID		0x8600ff01u

/* 0d21e000-4384-11eb-8070-524455 4e5a4c, as KVM's TRNG reads it in 32-bit LE words */
static const uint64_t trng_uuid[4] = { 0x00e0210d, 0xeb118443, 0x44527080, 0x4c5a4e55 };
/* KVM's vendor UID 28b46fb6-2ec5-11e9-a9ca-4b564d003a74 (ARM_SMCCC_VENDOR_HYP_UID_KVM_REG_*) */
static const uint64_t kvm_uid[4] = { 0xb66fb428, 0xe911c52e, 0x564bcaa9, 0x743a004d };

static void answer(struct sct_hypercall *hc, uint64_t x0, uint64_t x1,
		   uint64_t x2, uint64_t x3)
{
	hc->x[0] = x0;
	hc->x[1] = x1;
	hc->x[2] = x2;
	hc->x[3] = x3;
}

static void answer4(struct sct_hypercall *hc, const uint64_t v[4])
{
	answer(hc, v[0], v[1], v[2], v[3]);
}

/* KVM's default MPIDR affinity of vCPU @i (reset_mpidr()) */
static uint64_t mpidr_of(unsigned int i)
{
	return (uint64_t)(i & 0xf) | (uint64_t)((i >> 4) & 0xff) << 8 |
	       (uint64_t)((i >> 12) & 0xff) << 16;
}

/* ---- PSCI 1.1 ---- */

static uint64_t psci_cpu_on(struct kvm_answers *ka, uint64_t target)
{
	unsigned int i;

	if (target & ~MPIDR_HWID_MASK)
		return PSCI_INVALID_PARAMS;
	for (i = 0; i < ka->nr_vcpus; i++) {
		if (mpidr_of(i) != target)
			continue;
		if (ka->on[i])
			return PSCI_ALREADY_ON;
		ka->on[i] = 1;
		return RET_SUCCESS;
	}
	return PSCI_INVALID_PARAMS;
}

static uint64_t psci_affinity_info(struct kvm_answers *ka, uint64_t target,
				   uint64_t level)
{
	unsigned int i, matching = 0;
	uint64_t mask;

	if (target & ~MPIDR_HWID_MASK || level > 3)
		return PSCI_INVALID_PARAMS;
	mask = MPIDR_HWID_MASK & ~((1ull << (level == 3 ? 32 : level * 8)) - 1);
	target &= mask;
	for (i = 0; i < ka->nr_vcpus; i++) {
		if ((mpidr_of(i) & mask) != target)
			continue;
		matching++;
		if (ka->on[i])
			return 0;		/* ON */
	}
	return matching ? 1 : PSCI_INVALID_PARAMS;	/* OFF */
}

static uint64_t psci_features(uint32_t fn)
{
	switch (fn) {
	case PSCI_VERSION:
	case PSCI_CPU_SUSPEND:
	case PSCI_CPU_SUSPEND64:
	case PSCI_CPU_OFF:
	case PSCI_CPU_ON:
	case PSCI_CPU_ON64:
	case PSCI_AFFINITY_INFO:
	case PSCI_AFFINITY_INFO64:
	case PSCI_MIGRATE_INFO_TYPE:
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
	case PSCI_FEATURES:
	case SMCCC_VERSION:
	case PSCI_SYSTEM_RESET2:
	case PSCI_SYSTEM_RESET2_64:
		return RET_SUCCESS;
	default:	/* SYSTEM_SUSPEND too: the VMM did not enable it */
		return RET_NOT_SUPPORTED;
	}
}

/* The calls whose answer does not depend on the power state */
static uint64_t psci_stateless(uint32_t fn, const uint64_t *x)
{
	uint32_t arg = (uint32_t)x[1];

	switch (fn) {
	case PSCI_VERSION:
		return PSCI_VERSION_1_1;
	case PSCI_FEATURES:
		return psci_features(arg);
	case PSCI_CPU_SUSPEND:
	case PSCI_CPU_SUSPEND64:
		return RET_SUCCESS;	/* a WFI */
	case PSCI_MIGRATE_INFO_TYPE:
		return PSCI_TOS_MP;
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
		return PSCI_INTERNAL_FAILURE;	/* what x0 holds if resumed */
	case PSCI_SYSTEM_RESET2:
	case PSCI_SYSTEM_RESET2_64:
		return arg == 0 || arg >= PSCI_RESET2_VENDOR ?
		       PSCI_INTERNAL_FAILURE : PSCI_INVALID_PARAMS;
	default:
		return RET_NOT_SUPPORTED;
	}
}

static void psci_call(struct kvm_answers *ka, struct sct_hypercall *hc)
{
	uint32_t fn = (uint32_t)hc->x[0];
	bool narrow = !(fn & 0x40000000u);
	uint64_t a1 = narrow ? (uint32_t)hc->x[1] : hc->x[1];
	uint64_t a2 = narrow ? (uint32_t)hc->x[2] : hc->x[2];
	uint64_t val;

	pthread_mutex_lock(&ka->lock);
	if (hc->vcpu < ka->nr_vcpus)
		ka->on[hc->vcpu] = 1;	/* it runs: it made this call */
	switch (fn) {
	case PSCI_CPU_OFF:
		if (hc->vcpu < ka->nr_vcpus)
			ka->on[hc->vcpu] = 0;
		val = RET_SUCCESS;
		break;
	case PSCI_CPU_ON:
	case PSCI_CPU_ON64:
		val = psci_cpu_on(ka, a1);
		break;
	case PSCI_AFFINITY_INFO:
	case PSCI_AFFINITY_INFO64:
		val = psci_affinity_info(ka, a1, a2);
		break;
	default:
		val = psci_stateless(fn, hc->x);
		break;
	}
	pthread_mutex_unlock(&ka->lock);
	if ((fn == PSCI_SYSTEM_RESET2 || fn == PSCI_SYSTEM_RESET2_64) &&
	    val == PSCI_INTERNAL_FAILURE) {
		hc->x[0] = val;		/* KVM sets x0 alone here */
		if (narrow) {
			hc->x[1] = (uint32_t)hc->x[1];
			hc->x[2] = (uint32_t)hc->x[2];
			hc->x[3] = (uint32_t)hc->x[3];
		}
		return;
	}
	answer(hc, val, 0, 0, 0);
}

/* ---- TRNG 1.0 (trng.c) ---- */

static void trng_rnd(struct sct_hypercall *hc, unsigned int size)
{
	uint32_t nbits = (uint32_t)hc->x[1];
	uint64_t bits[3] = { 0 };
	unsigned int i;

	if (nbits > 3 * size) {
		answer(hc, TRNG_INVALID_PARAMETER, 0, 0, 0);
		return;
	}
	if (getrandom(bits, sizeof(bits), 0) != sizeof(bits))
		memset(bits, 0, sizeof(bits));	/* the words are never compared */
	for (i = 0; i < 3; i++) {		/* keep the low nbits only */
		if (nbits <= 64 * i)
			bits[i] = 0;
		else if (nbits < 64 * (i + 1))
			bits[i] &= (1ull << (nbits - 64 * i)) - 1;
	}
	if (size == 32)
		answer(hc, RET_SUCCESS, (uint32_t)bits[1], bits[0] >> 32,
		       (uint32_t)bits[0]);
	else
		answer(hc, RET_SUCCESS, bits[2], bits[1], bits[0]);
}

static void trng_call(struct sct_hypercall *hc)
{
	uint32_t fn = (uint32_t)hc->x[0];

	switch (fn) {
	case TRNG_VERSION:
		answer(hc, TRNG_VERSION_1_0, 0, 0, 0);
		break;
	case TRNG_FEATURES:
		switch ((uint32_t)hc->x[1]) {
		case TRNG_VERSION:
		case TRNG_FEATURES:
		case TRNG_GET_UUID:
		case TRNG_RND32:
		case TRNG_RND64:
			answer(hc, RET_SUCCESS, 0, 0, 0);
			break;
		default:
			answer(hc, RET_NOT_SUPPORTED, 0, 0, 0);
		}
		break;
	case TRNG_GET_UUID:
		answer4(hc, trng_uuid);
		break;
	default:
		trng_rnd(hc, fn == TRNG_RND32 ? 32 : 64);
		break;
	}
}

/* ---- the Arm Architecture, Standard Hypervisor and KVM's vendor calls ---- */

static uint64_t arch_features(const struct kvm_answers *ka, uint32_t feature)
{
	switch (feature) {
	case SMCCC_WORKAROUND_1:
	case SMCCC_WORKAROUND_2:
	case SMCCC_WORKAROUND_3:
		return RET_NOT_SUPPORTED;	/* the host's CPU decides: volatile */
	case PV_TIME_FEATURES:
		return ka->fw.std_hyp_bmap & (1ull << SCT_KVM_STD_HYP_BIT_PV_TIME) ?
		       RET_SUCCESS : RET_NOT_SUPPORTED;
	default:
		return RET_NOT_SUPPORTED;
	}
}

/* KVM_PTP: wall-clock time and a counter; both volatile */
static void kvm_ptp(struct sct_hypercall *hc)
{
	struct timespec real, mono;
	uint64_t r, c;

	if ((uint32_t)hc->x[1] > 1) {
		answer(hc, RET_NOT_SUPPORTED, 0, 0, 0);
		return;
	}
	clock_gettime(CLOCK_REALTIME, &real);
	clock_gettime(CLOCK_MONOTONIC, &mono);
	r = (uint64_t)real.tv_sec * 1000000000ull + (uint64_t)real.tv_nsec;
	c = (uint64_t)mono.tv_sec * 1000000000ull + (uint64_t)mono.tv_nsec;
	answer(hc, r >> 32, (uint32_t)r, c >> 32, (uint32_t)c);
}

static void other_call(struct kvm_answers *ka, struct sct_hypercall *hc)
{
	uint32_t fn = (uint32_t)hc->x[0], arg = (uint32_t)hc->x[1];

	switch (fn) {
	case SMCCC_VERSION:
		answer(hc, SMCCC_VERSION_1_1, 0, 0, 0);
		break;
	case SMCCC_ARCH_FEATURES:
		answer(hc, arch_features(ka, arg), 0, 0, 0);
		break;
	case PV_TIME_FEATURES:	/* SUCCESS once the VMM set the IPA: volatile */
		answer(hc, arg == PV_TIME_FEATURES || arg == PV_TIME_ST ?
		       RET_SUCCESS : RET_NOT_SUPPORTED, 0, 0, 0);
		break;
	case KVM_CALL_UID:
		answer4(hc, kvm_uid);
		break;
	case KVM_FEATURES:
		answer(hc, ka->fw.vendor_hyp_bmap, 0, 0, 0);
		break;
	case KVM_PTP:
		kvm_ptp(hc);
		break;
	default:	/* PV_TIME_ST: the IPA is the VMM's choice: volatile */
		answer(hc, RET_NOT_SUPPORTED, 0, 0, 0);
		break;
	}
}

static bool is_trng(uint32_t fn)
{
	return (fn >= TRNG_VERSION && fn <= TRNG_RND32) || fn == TRNG_RND64;
}

/**
 * kvm_answers_call - answer one call as KVM would
 * @ka: the model's state
 * @hc: the call; x0..x3 are set to KVM's answer
 */
void kvm_answers_call(struct kvm_answers *ka, struct sct_hypercall *hc)
{
	uint32_t fn = (uint32_t)hc->x[0];

	if (hc->x[0] > UINT32_MAX || !sct_kvm_handles(&ka->fw, fn))
		answer(hc, RET_NOT_SUPPORTED, 0, 0, 0);
	else if ((fn & 0x3f000000u) == 0x04000000u && (fn & 0xffff) <= 0x1f)
		psci_call(ka, hc);
	else if (is_trng(fn))
		trng_call(hc);
	else if (fn >= 0x95c1ba5eu && fn <= 0x95c1ba61u)
		answer(hc, RET_NOT_SUPPORTED, 0, 0, 0);	/* PSCI 0.1 IDs, on a 1.1 VM */
	else
		other_call(ka, hc);
}

/**
 * kvm_answers_init - a new VM's state
 * @ka: filled in; kvm_answers_release() frees what it holds
 * @nr_vcpus: vCPUs of the VM (at least 1 is assumed)
 *
 * Returns 0, or -1 with the error text set.
 */
int kvm_answers_init(struct kvm_answers *ka, unsigned int nr_vcpus)
{
	memset(ka, 0, sizeof(*ka));
	ka->nr_vcpus = nr_vcpus ? nr_vcpus : 1;
	ka->on = calloc(ka->nr_vcpus, 1);
	if (!ka->on)
		return sct_set_error(ENOMEM, "builtin:kvm: out of memory");
	ka->on[0] = 1;
	sct_kvm_fw_default(&ka->fw);
	pthread_mutex_init(&ka->lock, NULL);
	return 0;
}

/**
 * kvm_answers_release - free what kvm_answers_init() allocated
 * @ka: the state, or NULL
 */
void kvm_answers_release(struct kvm_answers *ka)
{
	if (!ka || !ka->on)
		return;
	pthread_mutex_destroy(&ka->lock);
	free(ka->on);
	ka->on = NULL;
}

/**
 * replay_volatile_words - the words of an answer no replay repeats
 * @hc: the call's inputs (x0 the function ID, x1.. the arguments)
 *
 * Returns a mask, bit n for xn (n < 4).
 */
unsigned int replay_volatile_words(const struct sct_hypercall *hc)
{
	uint32_t fn = (uint32_t)hc->x[0], arg = (uint32_t)hc->x[1];

	if (hc->x[0] > UINT32_MAX)
		return 0;
	switch (fn) {
	case SMCCC_ARCH_FEATURES:
		return arg == SMCCC_WORKAROUND_1 || arg == SMCCC_WORKAROUND_2 ||
		       arg == SMCCC_WORKAROUND_3 ? 0x1 : 0;
	case TRNG_RND32:
		return arg <= 96 ? 0xe : 0;
	case TRNG_RND64:
		return arg <= 192 ? 0xe : 0;
	case KVM_PTP:
		return arg <= 1 ? 0xf : 0;
	case PV_TIME_FEATURES:
		return arg == PV_TIME_FEATURES || arg == PV_TIME_ST ? 0x1 : 0;
	case PV_TIME_ST:
		return 0x1;
	default:
		return 0;
	}
}
