// SPDX-License-Identifier: GPL-2.0
/*
 * smccctrace suggest --apply-test: set a configuration on a scratch VM and
 * report the kernel's verdict on each entry, next to the model's.
 *
 * The code builds on every architecture; it runs only on arm64, where
 * /dev/kvm takes KVM_ARM_VM_SMCCC_FILTER (Linux 6.4+). The UAPI values are
 * in the library (sct_kvm_vm_create(), sct_kvm_filter_set()).
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <smccctrace/error.h>
#include <smccctrace/filter.h>

#include "cli.h"
#include "suggest.h"

#ifdef __aarch64__
#define ARM64_HOST	1
#else
#define ARM64_HOST	0
#endif

/* The entries that the UAPI struct cannot hold are not sent */
static bool sendable(const struct sct_kvm_entry *e)
{
	return e->base <= UINT32_MAX && e->nr_functions <= UINT32_MAX &&
	       e->action >= 0 && e->action <= 255;
}

static int apply(FILE *out, int vm, const struct sct_kvm_entry *e, size_t nr)
{
	size_t i, refused = 0, disagree = 0;
	struct sct_filter_range range;
	int err;

	for (i = 0; i < nr; i++) {
		fprintf(out, "filters[%zu]: 0x%08" PRIx64 "+%" PRIu64 ": ", i,
			e[i].base, e[i].nr_functions);
		if (!sendable(&e[i])) {
			fprintf(out, "not sent (%s), model %s\n", e[i].why, sct_errno_name(e[i].err));
			refused++;
			continue;
		}
		range = (struct sct_filter_range) {
			.base = (uint32_t)e[i].base,
			.nr_functions = (uint32_t)e[i].nr_functions,
			.action = (uint8_t)e[i].action,
		};
		err = sct_kvm_filter_set(vm, &range) ? errno : 0;
		refused += err != 0;
		disagree += err != e[i].err;
		fprintf(out, "kernel %s, model %s%s\n", sct_errno_name(err), sct_errno_name(e[i].err),
			err != e[i].err ? " (they disagree)" : "");
	}
	fprintf(out, "kernel: %zu of %zu entries refused; the model disagrees on %zu\n",
		refused, nr, disagree);
	return refused ? SCT_EXIT_CHECK : SCT_EXIT_OK;
}

/**
 * suggest_apply_supported - can --apply-test run here
 *
 * Returns 0 on arm64 KVM with the SMCCC filter (Linux 6.4+), else prints
 * why not (no arm64, no /dev/kvm, the kernel release without the filter)
 * and returns SCT_EXIT_USAGE.
 */
int suggest_apply_supported(void)
{
	struct utsname u;
	int kvm, vm;

	if (ARM64_HOST) {
		/* a kernel without the SMCCC filter says so before any output */
		vm = sct_kvm_vm_create(&kvm);
		if (vm < 0)
			return sct_err("suggest --apply-test: %s", sct_last_error());
		close(vm);
		close(kvm);
		return 0;
	}
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
	vm = sct_kvm_vm_create(&kvm);
	if (vm < 0)
		return sct_err("suggest --apply-test: %s", sct_last_error());
	ret = apply(out, vm, e, nr);
	close(vm);
	close(kvm);
	return ret;
}
