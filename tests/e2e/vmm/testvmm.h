/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the test VMM's two modes share: the guest's layout and calls,
 * and register access.
 */
#ifndef SMCCCTRACE_TESTVMM_H
#define SMCCCTRACE_TESTVMM_H

#include <stddef.h>
#include <stdint.h>

#include <linux/kvm.h>

/* Linux 6.4+ UAPI that Debian 12's 6.1 headers lack */
#ifndef KVM_ARM_VM_SMCCC_CTRL
#define KVM_ARM_VM_SMCCC_CTRL		0
#define KVM_ARM_VM_SMCCC_FILTER		0
struct kvm_smccc_filter {
	__u32	base;
	__u32	nr_functions;
	__u8	action;
	__u8	pad[15];
};
#endif
#define FILTER_HANDLE		0
#define FILTER_DENY		1
#define FILTER_FWD		2
#define HYPERCALL_EXIT_SMC	(1U << 0)

/* hypercall.flags is "__u32 longmode" in headers older than 6.4 */
#ifdef KVM_HYPERCALL_EXIT_SMC
#define HYPERCALL_FLAGS(run)	((run)->hypercall.flags)
#else
#define HYPERCALL_FLAGS(run)	((run)->hypercall.longmode)
#endif

#define GUEST_BASE	0x80000000ull
#define GUEST_SIZE	0x200000ull
#define TABLE_OFF	0x100000ull	/* per vCPU: table at +0, results at +0x8000 */
#define VCPU_STRIDE	0x10000ull
#define RESULT_OFF	0x8000ull
#define MMIO_ADDR	0x20000000ull
#define DONE_ADDR	0x20001000ull
#define NR_VCPUS	2
#define MAX_STEPS	((size_t)(RESULT_OFF / sizeof(struct step)))

enum kind { K_HVC, K_SMC, K_MMIO };

struct step {
	uint32_t	kind;
	uint32_t	id;
	uint64_t	x1, x2, x3;
};

extern const char guest_start[], guest_end[];

void die(const char *what);
uint64_t core_reg(size_t off);
uint64_t xreg(int n);
void set_reg(int fd, uint64_t id, uint64_t val);
uint64_t get_reg(int fd, uint64_t id);
int multivm_main(const char *truth);

#endif /* SMCCCTRACE_TESTVMM_H */
