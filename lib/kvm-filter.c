// SPDX-License-Identifier: LGPL-2.1
/*
 * The SMCCC filter on a real VM: a VM that takes KVM_ARM_VM_SMCCC_FILTER
 * (arm64, Linux 6.4+) and the ioctl that installs one range. The UAPI
 * values are defined here when the installed headers predate them.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <linux/kvm.h>

#include <smccctrace/filter.h>

#include "internal.h"

#ifndef KVM_ARM_VM_SMCCC_CTRL
#define KVM_ARM_VM_SMCCC_CTRL	0
#endif
#ifndef KVM_ARM_VM_SMCCC_FILTER
#define KVM_ARM_VM_SMCCC_FILTER	0
#endif

/* struct kvm_smccc_filter of the arm64 UAPI */
struct smccc_filter_uapi {
	uint32_t	base;
	uint32_t	nr_functions;
	uint8_t		action;
	uint8_t		pad[15];
};

_Static_assert(sizeof(struct smccc_filter_uapi) == 24, "kvm_smccc_filter is 24 bytes");

/**
 * sct_kvm_vm_create - a VM whose SMCCC filter can be set
 * @kvm_fd: set to the /dev/kvm descriptor the VM came from
 *
 * Opens /dev/kvm, creates a VM and asks it for KVM_ARM_VM_SMCCC_FILTER.
 * Returns the VM's descriptor; the caller closes it and then *@kvm_fd.
 * Returns -1 with errno and the error text (which names the kernel
 * release when it has no SMCCC filter) when any step fails; nothing is
 * left open then.
 */
int sct_kvm_vm_create(int *kvm_fd)
{
	struct kvm_device_attr attr = {
		.group = KVM_ARM_VM_SMCCC_CTRL,
		.attr = KVM_ARM_VM_SMCCC_FILTER,
	};
	struct utsname u;
	int vm;

	*kvm_fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (*kvm_fd < 0)
		return sct_set_error(errno, "/dev/kvm: %s", strerror(errno));
	vm = ioctl(*kvm_fd, KVM_CREATE_VM, 0);
	if (vm < 0) {
		sct_set_error(errno, "KVM_CREATE_VM: %s", strerror(errno));
		close(*kvm_fd);
		return -1;
	}
	if (ioctl(vm, KVM_HAS_DEVICE_ATTR, &attr)) {
		if (uname(&u))
			snprintf(u.release, sizeof(u.release), "unknown");
		sct_set_error(ENOSYS, "this kernel (%s) has no SMCCC filter; it needs "
			      "arm64 KVM of Linux 6.4 or later", u.release);
		close(vm);
		close(*kvm_fd);
		return -1;
	}
	return vm;
}

/**
 * sct_kvm_filter_set - install one range of the SMCCC filter on a VM
 * @vm_fd: the VM, from sct_kvm_vm_create() or the VMM's own
 * @range: the range
 *
 * Returns 0, or -1 with errno as KVM_SET_DEVICE_ATTR set it (EINVAL,
 * EEXIST, EBUSY once a vCPU has run, ...); sets no error text, so that the
 * caller words it with sct_errno_name().
 */
int sct_kvm_filter_set(int vm_fd, const struct sct_filter_range *range)
{
	struct smccc_filter_uapi f = {
		.base = range->base,
		.nr_functions = range->nr_functions,
		.action = range->action,
	};
	struct kvm_device_attr attr = {
		.group = KVM_ARM_VM_SMCCC_CTRL,
		.attr = KVM_ARM_VM_SMCCC_FILTER,
		.addr = (uint64_t)(uintptr_t)&f,
	};

	return ioctl(vm_fd, KVM_SET_DEVICE_ATTR, &attr) ? -1 : 0;
}

/**
 * sct_errno_name - the symbolic name of an errno value
 * @err: the value (0 is "ok")
 *
 * Returns "EINVAL", "EEXIST", ... as KVM's documentation names them, or
 * "unknown errno"; a static string the caller does not free.
 */
const char *sct_errno_name(int err)
{
	const char *name;

	if (!err)
		return "ok";
	name = strerrorname_np(err);
	return name ? name : "unknown errno";
}
