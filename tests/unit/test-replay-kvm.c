// SPDX-License-Identifier: GPL-2.0
/*
 * --builtin kvm: KVM's own answers (FACTS.md; hypercalls.c, psci.c and
 * trng.c of Linux 6.4+) for a new 2-vCPU VM, and the words no replay
 * repeats.
 */
#include <errno.h>

#include "tap.h"

#include "../../replay/builtin-kvm.c"

#define NEG(n)	((uint64_t)-(n))

static struct kvm_answers ka;
static struct sct_hypercall hc;
static unsigned int vol;	/* replay_volatile_words() of the last call */

/* One call from @vcpu; x1..x3 start nonzero so that zeroing shows */
static uint64_t call(uint32_t vcpu, uint64_t fn, uint64_t a1, uint64_t a2)
{
	memset(&hc, 0, sizeof(hc));
	hc.vcpu = vcpu;
	hc.x[0] = fn;
	hc.x[1] = a1;
	hc.x[2] = a2;
	hc.x[3] = 0x5555;
	vol = replay_volatile_words(&hc);
	kvm_answers_call(&ka, &hc);
	return hc.x[0];
}

static bool rest_zero(void)
{
	return !hc.x[1] && !hc.x[2] && !hc.x[3];
}

static void test_arch(void)
{
	is_u64(call(0, 0x80000000, 0, 0), 0x10001, "SMCCC_VERSION: 1.1");
	is_u64(call(0, 0x80000001, 0xc5000020, 0), 0, "ARCH_FEATURES(PV_TIME_FEATURES): SUCCESS");
	is_u64(call(0, 0x80000001, 0x80000002, 0), NEG(1), "ARCH_FEATURES(SOC_ID): NOT_SUPPORTED");
	ok(rest_zero(), "ARCH_FEATURES: x1..x3 zero");
	is_u64(vol, 0, "ARCH_FEATURES(SOC_ID): nothing volatile");
	call(0, 0x80000001, 0x80008000, 0);
	is_u64(vol, 1, "ARCH_FEATURES(WORKAROUND_1): x0 is the host's");
	is_u64(call(0, 0xc2000001, 7, 8), NEG(1), "a SiP call: NOT_SUPPORTED");
	ok(rest_zero(), "a SiP call: x1..x3 zero, as KVM answers");
	is_u64(call(0, 0x184000000ull, 0, 0), NEG(1), "x0 over 32 bits: NOT_SUPPORTED");
}

static void test_psci(void)
{
	is_u64(call(0, 0x84000000, 0, 0), 0x10001, "PSCI_VERSION: 1.1");
	is_u64(call(0, 0x8400000a, 0xc4000003, 0), 0, "PSCI_FEATURES(CPU_ON64): SUCCESS");
	is_u64(call(0, 0x8400000a, 0xc4000012, 0), 0, "PSCI_FEATURES(SYSTEM_RESET2_64): SUCCESS");
	is_u64(call(0, 0x8400000a, 0xc400000e, 0), NEG(1),
	       "PSCI_FEATURES(SYSTEM_SUSPEND64): NOT_SUPPORTED");
	is_u64(call(0, 0x8400000a, 0x84000005, 0), NEG(1), "PSCI_FEATURES(MIGRATE): NOT_SUPPORTED");
	is_u64(call(0, 0x84000006, 0, 0), 2, "MIGRATE_INFO_TYPE: 2 (no Trusted OS to migrate)");
	is_u64(call(0, 0x84000005, 0, 0), NEG(1), "MIGRATE: NOT_SUPPORTED");
	is_u64(call(0, 0xc4000004, 1, 0), 1, "AFFINITY_INFO(1): OFF before CPU_ON");
	is_u64(call(0, 0xc4000003, 1, 0x40080000), 0, "CPU_ON64(1): SUCCESS");
	ok(rest_zero(), "CPU_ON64: x1..x3 zero");
	is_u64(call(0, 0xc4000003, 1, 0x40080000), NEG(4), "CPU_ON64(1) again: ALREADY_ON");
	is_u64(call(0, 0xc4000003, 2, 0), NEG(2), "CPU_ON64(2) of 2 vCPUs: INVALID_PARAMETERS");
	is_u64(call(0, 0xc4000003, 1ull << 24, 0), NEG(2), "CPU_ON64(bit 24): INVALID_PARAMETERS");
	is_u64(call(0, 0xc4000004, 1, 0), 0, "AFFINITY_INFO(1): ON");
	is_u64(call(0, 0xc4000004, 0x1, 1), 0, "AFFINITY_INFO(1, level 1): cluster 0 is ON");
	is_u64(call(0, 0xc4000004, 0x100, 0), NEG(2), "AFFINITY_INFO(0x100): no such vCPU");
	is_u64(call(0, 0xc4000004, 0, 4), NEG(2), "AFFINITY_INFO(level 4): INVALID_PARAMETERS");
	is_u64(call(1, 0x84000002, 0, 0), 0, "CPU_OFF on vCPU 1");
	is_u64(call(0, 0xc4000004, 1, 0), 1, "AFFINITY_INFO(1): OFF again");
	is_u64(call(0, 0x84000003, 0x100000001ull, 0), 0,
	       "CPU_ON (32-bit): the target's upper half is ignored");
	is_u64(call(0, 0x84000001, 0, 0), 0, "CPU_SUSPEND: SUCCESS");
	is_u64(call(0, 0x84000008, 0, 0), NEG(6), "SYSTEM_OFF: x0 INTERNAL_FAILURE if resumed");
	is_u64(call(0, 0x84000009, 0, 0), NEG(6), "SYSTEM_RESET: the same");
	is_u64(call(0, 0xc4000012, 1, 0), NEG(2), "SYSTEM_RESET2(1): INVALID_PARAMETERS");
	is_u64(call(0, 0xc4000012, 0x80000000, 0), NEG(6), "SYSTEM_RESET2(vendor): resets");
	is_u64(call(0, 0xc400000e, 0, 0), NEG(1), "SYSTEM_SUSPEND (not enabled): NOT_SUPPORTED");
	is_u64(call(0, 0x95c1ba5e, 0, 0), NEG(1), "PSCI 0.1 ID on a PSCI 1.1 VM: NOT_SUPPORTED");
}

static void test_trng(void)
{
	is_u64(call(0, 0x84000050, 0, 0), 0x10000, "TRNG_VERSION: 1.0");
	is_u64(call(0, 0x84000051, 0xc4000053, 0), 0, "TRNG_FEATURES(RND64): SUCCESS");
	is_u64(call(0, 0x84000051, 0x84000054, 0), NEG(1), "TRNG_FEATURES(0x84000054): NOT_SUPPORTED");
	call(0, 0x84000052, 0, 0);
	ok(hc.x[0] == 0x00e0210d && hc.x[1] == 0xeb118443 && hc.x[2] == 0x44527080 &&
	   hc.x[3] == 0x4c5a4e55, "TRNG_GET_UUID: 0d21e000-4384-11eb-8070-52445 54e5a4c");
	is_u64(call(0, 0xc4000053, 193, 0), NEG(2), "TRNG_RND64(193): INVALID_PARAMETER");
	is_u64(vol, 0, "TRNG_RND64(193): nothing volatile");
	is_u64(call(0, 0xc4000053, 64, 0), 0, "TRNG_RND64(64): SUCCESS");
	ok(!hc.x[1] && !hc.x[2], "TRNG_RND64(64): bits above 64 are zero");
	is_u64(vol, 0xe, "TRNG_RND64: x1..x3 volatile");
	is_u64(call(0, 0x84000053, 8, 0), 0, "TRNG_RND32(8): SUCCESS");
	ok(!hc.x[1] && !hc.x[2] && hc.x[3] < 256, "TRNG_RND32(8): 8 bits in x3");
	is_u64(call(0, 0x84000053, 97, 0), NEG(2), "TRNG_RND32(97): INVALID_PARAMETER");
}

static void test_hyp(void)
{
	is_u64(call(0, 0x86000000, 0, 0), 3, "KVM_FEATURES: FEATURES and PTP");
	call(0, 0x8600ff01, 0, 0);
	ok(hc.x[0] == 0xb66fb428 && hc.x[1] == 0xe911c52e && hc.x[2] == 0x564bcaa9 &&
	   hc.x[3] == 0x743a004d, "CALL_UID: KVM's 28b46fb6-2ec5-11e9-a9ca-4b564d003a74");
	is_u64(call(0, 0x86000001, 2, 0), NEG(1), "KVM_PTP(2): NOT_SUPPORTED");
	is_u64(vol, 0, "KVM_PTP(2): nothing volatile");
	call(0, 0x86000001, 0, 0);
	is_u64(vol, 0xf, "KVM_PTP(virtual): all four words are time");
	is_u64(call(0, 0xc5000020, 0xc5000021, 0), 0, "PV_TIME_FEATURES(PV_TIME_ST): SUCCESS");
	is_u64(vol, 1, "PV_TIME_FEATURES: the VMM's setup decides");
	is_u64(call(0, 0xc5000020, 0xc5000022, 0), NEG(1), "PV_TIME_FEATURES(0xc5000022): NOT_SUPPORTED");
	is_u64(call(0, 0x86000002, 0, 0), NEG(1), "vendor hyp 2: NOT_SUPPORTED");
}

int main(void)
{
	ok(!kvm_answers_init(&ka, 2), "init: a 2-vCPU VM");
	test_arch();
	test_psci();
	test_trng();
	test_hyp();
	kvm_answers_release(&ka);
	ok(!ka.on, "release frees the vCPUs' state");
	errno = EALREADY;
	kvm_answers_release(&ka);
	kvm_answers_release(NULL);
	is_u64(errno, EALREADY, "releasing twice and NULL leaves errno alone");
	return tap_done();
}
