// SPDX-License-Identifier: GPL-2.0
/*
 * smccctrace suggest --apply-test: set a configuration on a scratch VM and
 * report the kernel's verdict on each entry, next to the model's.
 *
 * The code builds on every architecture; it runs only on arm64, where
 * /dev/kvm takes KVM_ARM_VM_SMCCC_FILTER (Linux 6.4+). The UAPI values are
 * defined here when the installed headers predate them.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <linux/kvm.h>

#include "cli.h"
#include "suggest.h"

#ifndef KVM_ARM_VM_SMCCC_CTRL
#define KVM_ARM_VM_SMCCC_CTRL	0
#endif
#ifndef KVM_ARM_VM_SMCCC_FILTER
#define KVM_ARM_VM_SMCCC_FILTER	0
#endif

/* struct kvm_smccc_filter of the arm64 UAPI (24 bytes) */
struct smccc_filter_uapi {
	uint32_t	base;
	uint32_t	nr_functions;
	uint8_t		action;
	uint8_t		pad[15];
};

_Static_assert(sizeof(struct smccc_filter_uapi) == 24, "kvm_smccc_filter is 24 bytes");

#ifdef __aarch64__
#define ARM64_HOST	1
#else
#define ARM64_HOST	0
#endif

static const char *err_name(int err)
{
	switch (err) {
	case 0:
		return "ok";
	case EINVAL:
		return "EINVAL";
	case EEXIST:
		return "EEXIST";
	case EBUSY:
		return "EBUSY";
	case ENOMEM:
		return "ENOMEM";
	default:
		return strerror(err);
	}
}

/* A scratch VM whose filter can be set, or -1 after printing why */
static int scratch_vm(int *kvm)
{
	struct kvm_device_attr attr = {
		.group = KVM_ARM_VM_SMCCC_CTRL,
		.attr = KVM_ARM_VM_SMCCC_FILTER,
	};
	int vm;

	*kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (*kvm < 0) {
		sct_err("suggest --apply-test: /dev/kvm: %s", strerror(errno));
		return -1;
	}
	vm = ioctl(*kvm, KVM_CREATE_VM, 0);
	if (vm < 0) {
		sct_err("suggest --apply-test: KVM_CREATE_VM: %s", strerror(errno));
		close(*kvm);
		return -1;
	}
	if (ioctl(vm, KVM_HAS_DEVICE_ATTR, &attr)) {
		sct_err("suggest --apply-test: this kernel has no SMCCC filter "
			"(KVM_HAS_DEVICE_ATTR: %s); it needs Linux 6.4 or later",
			strerror(errno));
		close(vm);
		close(*kvm);
		return -1;
	}
	return vm;
}

static int set_entry(int vm, const struct sct_kvm_entry *e)
{
	struct smccc_filter_uapi f = {
		.base = (uint32_t)e->base,
		.nr_functions = (uint32_t)e->nr_functions,
		.action = (uint8_t)e->action,
	};
	struct kvm_device_attr attr = {
		.group = KVM_ARM_VM_SMCCC_CTRL,
		.attr = KVM_ARM_VM_SMCCC_FILTER,
		.addr = (uint64_t)(uintptr_t)&f,
	};

	return ioctl(vm, KVM_SET_DEVICE_ATTR, &attr) ? errno : 0;
}

/* The entries that the UAPI struct cannot hold are not sent */
static bool sendable(const struct sct_kvm_entry *e)
{
	return e->base <= UINT32_MAX && e->nr_functions <= UINT32_MAX &&
	       e->action >= 0 && e->action <= 255;
}

static int apply(FILE *out, int vm, const struct sct_kvm_entry *e, size_t nr)
{
	size_t i, refused = 0, disagree = 0;
	int err;

	for (i = 0; i < nr; i++) {
		fprintf(out, "filters[%zu]: 0x%08" PRIx64 "+%" PRIu64 ": ", i,
			e[i].base, e[i].nr_functions);
		if (!sendable(&e[i])) {
			fprintf(out, "not sent (%s), model %s\n", e[i].why, err_name(e[i].err));
			refused++;
			continue;
		}
		err = set_entry(vm, &e[i]);
		refused += err != 0;
		disagree += err != e[i].err;
		fprintf(out, "kernel %s, model %s%s\n", err_name(err), err_name(e[i].err),
			err != e[i].err ? " (they disagree)" : "");
	}
	fprintf(out, "kernel: %zu of %zu entries refused; the model disagrees on %zu\n",
		refused, nr, disagree);
	return refused ? SCT_EXIT_CHECK : SCT_EXIT_OK;
}

/**
 * suggest_apply_supported - can --apply-test run here
 *
 * Returns 0 on arm64, else prints why not and returns SCT_EXIT_USAGE.
 */
int suggest_apply_supported(void)
{
	struct utsname u;

	if (ARM64_HOST)
		return 0;
	if (uname(&u))
		strcpy(u.machine, "unknown");
	return sct_err("suggest --apply-test: needs arm64 KVM (this machine is %s)", u.machine);
}

/**
 * suggest_apply_test - set a configuration on a scratch VM
 * @out: where the verdicts go
 * @e: the entries, already judged by sct_kvm_check() (the model's verdicts)
 * @nr: how many
 *
 * Returns SCT_EXIT_OK when the kernel accepted every entry, SCT_EXIT_CHECK
 * when it refused one, SCT_EXIT_USAGE (after printing why) when there is
 * no arm64 KVM with the SMCCC filter to ask.
 */
int suggest_apply_test(FILE *out, const struct sct_kvm_entry *e, size_t nr)
{
	int kvm, vm, ret;

	if (suggest_apply_supported())
		return SCT_EXIT_USAGE;
	vm = scratch_vm(&kvm);
	if (vm < 0)
		return SCT_EXIT_USAGE;
	ret = apply(out, vm, e, nr);
	close(vm);
	close(kvm);
	return ret;
}
