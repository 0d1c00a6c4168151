// SPDX-License-Identifier: GPL-2.0
/*
 * replay --kvm: a small VMM whose guest (kvm-guest.S) makes the recorded
 * calls on real arm64 KVM, one vCPU per recorded vCPU, each on a thread of
 * its own, under the SMCCC filter asked for. Calls the filter forwards
 * come back as KVM_EXIT_HYPERCALL and go to the replay back end, as a
 * VMM's would; the guest times every call with CNTVCT_EL0.
 *
 * Guest physical memory, one slot at GUEST_BASE:
 *
 *	+0                  the guest code
 *	+TABLE_OFF          the call table, vCPU by vCPU, in recorded order
 *	+results_off        the result area, in the same order
 *
 * and an MMIO page at MMIO_BASE (outside the slot) for the guest's start
 * and done writes.
 *
 * Calls that would stop the vCPU or the VM when KVM handles them (PSCI
 * CPU_OFF, CPU_SUSPEND, SYSTEM_OFF, SYSTEM_RESET and friends) are kept out
 * of the guest: replay_kvm_unplayable() says which; the caller counts them.
 *
 * The VMM itself is in kvm-arm64.c, built on arm64 only; elsewhere the
 * functions below refuse with the reason.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

#include <smccctrace/error.h>

#include "kvm.h"

#define PSCI_CPU_SUSPEND	0x84000001u
#define PSCI_CPU_OFF		0x84000002u
#define PSCI_SYSTEM_OFF		0x84000008u
#define PSCI_SYSTEM_RESET	0x84000009u
#define PSCI_SYSTEM_SUSPEND	0x8400000eu
#define PSCI_SYSTEM_RESET2	0x84000012u
#define PSCI_SYSTEM_OFF2	0x84000015u
#define SMC64_BIT		0x40000000u

/* The PSCI calls after which KVM stops the vCPU or exits for the VM */
static const struct {
	uint32_t	id;		/* the SMC32 ID; SMC64 too where @both */
	bool		both;
	const char	*why;
} stopping[] = {
	{ PSCI_CPU_SUSPEND,	true,	"PSCI CPU_SUSPEND would suspend the vCPU" },
	{ PSCI_CPU_OFF,		false,	"PSCI CPU_OFF would power the vCPU off" },
	{ PSCI_SYSTEM_OFF,	false,	"PSCI SYSTEM_OFF would end the VM" },
	{ PSCI_SYSTEM_RESET,	false,	"PSCI SYSTEM_RESET would end the VM" },
	{ PSCI_SYSTEM_SUSPEND,	true,	"PSCI SYSTEM_SUSPEND would suspend the VM" },
	{ PSCI_SYSTEM_RESET2,	true,	"PSCI SYSTEM_RESET2 would end the VM" },
	{ PSCI_SYSTEM_OFF2,	true,	"PSCI SYSTEM_OFF2 would end the VM" },
};

/**
 * replay_kvm_unplayable - whether a call cannot be made in a live guest
 * @call: the call
 * @filter: the filter the guest will run under (NULL: none)
 *
 * KVM answers PSCI's power calls by stopping the vCPU or by leaving the
 * run loop with KVM_EXIT_SYSTEM_EVENT, after which the guest cannot go on
 * with the calls that follow. A filter that forwards or denies them makes
 * them ordinary calls again.
 *
 * Returns NULL when the call can be made, else a static one-line reason.
 */
const char *replay_kvm_unplayable(const struct replay_kvm_call *call,
				  const struct sct_filter *filter)
{
	uint32_t id = (uint32_t)call->x[0];
	size_t i;

	if (filter && sct_filter_lookup(filter, id) != SCT_FILTER_HANDLE)
		return NULL;
	for (i = 0; i < sizeof(stopping) / sizeof(stopping[0]); i++) {
		if (id == stopping[i].id ||
		    (stopping[i].both && id == (stopping[i].id | SMC64_BIT)))
			return stopping[i].why;
	}
	return NULL;
}

#ifndef __aarch64__
/* arm64: kvm-arm64.c */

/**
 * replay_kvm_available - whether this machine can replay on KVM
 *
 * Only arm64 KVM with KVM_ARM_VM_SMCCC_FILTER (Linux 6.4+) can. Returns 0
 * when it can, else -1 with the reason in sct_last_error().
 */
int replay_kvm_available(void)
{
	struct utsname u;

	if (uname(&u))
		snprintf(u.machine, sizeof(u.machine), "unknown");
	return sct_set_error(ENOSYS, "--kvm needs arm64 KVM with the SMCCC filter "
			     "(Linux 6.4 or later); this machine is %s", u.machine);
}

/**
 * replay_kvm_run - make the calls in a KVM guest
 *
 * Not on this architecture: fails as replay_kvm_available() does.
 */
int replay_kvm_run(const struct replay_kvm_call *calls, size_t nr,
		   const struct sct_filter *filter, struct replay_backend *be,
		   struct replay_kvm_result *results)
{
	return replay_kvm_available();
}

#endif /* !__aarch64__ */
