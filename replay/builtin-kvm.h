/* SPDX-License-Identifier: GPL-2.0 */
/*
 * --builtin kvm: what KVM (Linux 6.4+) answers for the calls it handles
 * itself, for a VM with the default firmware bitmaps and KVM's default
 * MPIDRs (vCPU i: Aff0 = i & 0xf, Aff1 = (i >> 4) & 0xff, Aff2 =
 * (i >> 12) & 0xff). Private to replay/.
 */
#ifndef SMCCCTRACE_REPLAY_BUILTIN_KVM_H
#define SMCCCTRACE_REPLAY_BUILTIN_KVM_H

#include <pthread.h>
#include <stdint.h>

#include <smccctrace/handler.h>
#include <smccctrace/suggest.h>

/**
 * struct kvm_answers - the model's state: which vCPUs are powered on
 * @lock: serialises the PSCI power state (calls may come from threads)
 * @nr_vcpus: vCPUs of the VM
 * @on: per vCPU, nonzero when it runs; vCPU 0 starts on, the rest off
 * @fw: the firmware bitmap registers (a new VM's)
 */
struct kvm_answers {
	pthread_mutex_t		lock;
	unsigned int		nr_vcpus;
	uint8_t			*on;
	struct sct_kvm_fw	fw;
};

int kvm_answers_init(struct kvm_answers *ka, unsigned int nr_vcpus);
void kvm_answers_release(struct kvm_answers *ka);
void kvm_answers_call(struct kvm_answers *ka, struct sct_hypercall *hc);

#endif /* SMCCCTRACE_REPLAY_BUILTIN_KVM_H */
