/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The records the preload shim appends to its file, one fixed-size
 * struct shim_record each: written by the shim inside the VMM, read by
 * smccctrace record. Both sides are built from this tree, so the layout
 * is native.
 */
#ifndef SMCCCTRACE_SHIM_RECORD_H
#define SMCCCTRACE_SHIM_RECORD_H

#include <stdint.h>

#define SHIM_OUT_ENV	"SMCCCTRACE_SHIM_OUT"	/* the file to append to */
#define SHIM_REGS_ENV	"SMCCCTRACE_SHIM_REGS"	/* "1": read x1..x17 and x0..x3 */

enum shim_type {
	SHIM_EXIT	= 1,	/* KVM_RUN returned KVM_EXIT_HYPERCALL */
	SHIM_RESUME	= 2,	/* the vCPU's next KVM_RUN: the VMM answered */
	SHIM_FILTER	= 3,	/* KVM_SET_DEVICE_ATTR of an SMCCC filter range */
	SHIM_DROPPED	= 4,	/* records the shim could not write */
};

/**
 * struct shim_record - one thing the shim saw
 * @type: enum shim_type
 * @tid: the thread
 * @vcpu: the vCPU id (KVM_CREATE_VCPU's argument), or -1
 * @nregs: valid entries of @regs
 * @ts: CLOCK_MONOTONIC time stamp in ns
 * @nr: SHIM_EXIT: the function ID; SHIM_FILTER: the base;
 *      SHIM_DROPPED: the count
 * @flags: SHIM_EXIT: hypercall.flags (bit 0: SMC); SHIM_FILTER:
 *         nr_functions << 8 | action
 * @regs: SHIM_EXIT: x1..x17; SHIM_RESUME: x0..x3
 */
struct shim_record {
	uint32_t	type;
	int32_t		tid;
	int32_t		vcpu;
	uint32_t	nregs;
	uint64_t	ts;
	uint64_t	nr;
	uint64_t	flags;
	uint64_t	regs[17];
};

#endif /* SMCCCTRACE_SHIM_RECORD_H */
