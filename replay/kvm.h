/* SPDX-License-Identifier: GPL-2.0 */
/*
 * replay --kvm: recorded calls issued by a real arm64 KVM guest, under a
 * chosen SMCCC filter, forwarded ones answered by a replay back end through
 * real KVM_EXIT_HYPERCALL exits. Private to replay/.
 */
#ifndef SMCCCTRACE_REPLAY_KVM_H
#define SMCCCTRACE_REPLAY_KVM_H

#include <stddef.h>
#include <stdint.h>

#include <smccctrace/call.h>
#include <smccctrace/filter.h>
#include <smccctrace/handler.h>

struct replay_backend;

/**
 * struct replay_kvm_call - one call for the guest to make
 * @vcpu: recorded vCPU index (0-based, dense after remapping)
 * @flags: SCT_HYPERCALL_SMC for the SMC conduit, else HVC
 * @x: x0 = the function ID, x1..x17 the arguments
 * @seq: the call's seq in its session, for the back end and messages
 */
struct replay_kvm_call {
	uint32_t	vcpu;
	uint32_t	flags;
	uint64_t	x[SCT_HANDLER_NREGS];
	uint64_t	seq;
};

/**
 * struct replay_kvm_result - what became of one call
 * @x: x0..x3 as the guest got them back
 * @location: enum sct_location: where it really went (SCT_LOC_UNKNOWN for a
 *            call replay_kvm_unplayable() kept out of the guest)
 * @guest_ns: the guest's CNTVCT_EL0 around the call, in ns (SCT_NO_TIME
 *            for a call not made)
 * @t_start: host CLOCK_MONOTONIC ns when the guest made the call, for
 *           ordering (SCT_NO_TIME for a call not made)
 */
struct replay_kvm_result {
	uint64_t	x[4];
	uint8_t		location;
	uint64_t	guest_ns;
	uint64_t	t_start;
};

int replay_kvm_available(void);
const char *replay_kvm_unplayable(const struct replay_kvm_call *call,
				  const struct sct_filter *filter);
int replay_kvm_run(const struct replay_kvm_call *calls, size_t nr,
		   const struct sct_filter *filter, struct replay_backend *be,
		   struct replay_kvm_result *results);

#endif /* SMCCCTRACE_REPLAY_KVM_H */
