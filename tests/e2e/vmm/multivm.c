// SPDX-License-Identifier: GPL-2.0
/*
 * testvmm --vms TRUTH: several VMs, one after the other, all run from the
 * main thread, each with its own SMCCC filter and one vCPU, as the
 * kernel's own KVM selftests do:
 *
 *	VM 0  DENY 0xc4000003+1; its vCPU has a PMU and sets the PMU's
 *	      interrupt with KVM_SET_DEVICE_ATTR group 0 / attribute 0 on
 *	      the vCPU fd (the pair that means the SMCCC filter on a VM fd)
 *	VM 1  FWD_TO_USER 0x84000000+1; the second forwarded call is never
 *	      answered: the VMM frees the VM instead
 *	VM 2  DENY 0x84000000+1; PSCI SYSTEM_RESET, which KVM answers with
 *	      KVM_EXIT_SYSTEM_EVENT; the VMM resets the vCPU and runs it again
 *	VM 3  no filter; PSCI SYSTEM_OFF (KVM_EXIT_SYSTEM_EVENT): the vCPU
 *	      never runs again
 *
 * TRUTH gets one line a call, in order:
 *
 *	vm vcpu conduit func_id location incomplete
 *
 * and then one line a VM: "filter VM BASE+N ACTION" or "filter VM none".
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "testvmm.h"

#define FN_PSCI_VERSION		0x84000000u
#define FN_CPU_ON_64		0xc4000003u
#define FN_SYSTEM_OFF		0x84000008u
#define FN_SYSTEM_RESET	0x84000009u
#define PMU_IRQ			23		/* a PPI */
#define GICD_BASE		0x08000000ull
#define GICR_BASE		0x080a0000ull
#define MAX_CALLS		4

enum end { END_DONE, END_DROP, END_RESET, END_OFF };

struct vm_plan {
	int			vcpu;		/* the vCPU id */
	bool			pmu;		/* with a PMU (and a vGIC for it) */
	bool			filtered;
	struct kvm_smccc_filter	filter;
	uint32_t		calls[MAX_CALLS];
	size_t			nr_calls;
	const char		*locations[MAX_CALLS];
	unsigned int		drop_at;	/* hypercall exit to leave unanswered (1-based) */
};

static const struct vm_plan plans[] = {
	{ .vcpu = 0, .pmu = true, .filtered = true,
	  .filter = { .base = FN_CPU_ON_64, .nr_functions = 1, .action = FILTER_DENY },
	  .calls = { FN_PSCI_VERSION, FN_CPU_ON_64 }, .nr_calls = 2,
	  .locations = { "kernel", "denied" } },
	{ .vcpu = 1, .filtered = true,
	  .filter = { .base = FN_PSCI_VERSION, .nr_functions = 1, .action = FILTER_FWD },
	  .calls = { FN_PSCI_VERSION, FN_PSCI_VERSION }, .nr_calls = 2,
	  .locations = { "user", "user" }, .drop_at = 2 },
	{ .vcpu = 0, .filtered = true,
	  .filter = { .base = FN_PSCI_VERSION, .nr_functions = 1, .action = FILTER_DENY },
	  .calls = { FN_PSCI_VERSION, FN_SYSTEM_RESET }, .nr_calls = 2,
	  .locations = { "denied", "kernel" } },
	{ .vcpu = 0,
	  .calls = { FN_PSCI_VERSION, FN_SYSTEM_OFF }, .nr_calls = 2,
	  .locations = { "kernel", "kernel" } },
};

#define NR_VMS	(sizeof(plans) / sizeof(plans[0]))

struct vm {
	int		kvm_fd;
	int		fd;
	int		vcpu_fd;
	uint8_t		*mem;
	struct kvm_run	*run;
	size_t		run_size;
	struct kvm_vcpu_init init;
	bool		dropped;	/* its last call was left unanswered */
	bool		off;		/* SYSTEM_OFF: its vCPU never runs again */
};

static void attr_set(int fd, uint32_t group, uint64_t attr, const void *addr,
		     const char *what)
{
	struct kvm_device_attr a = {
		.group = group, .attr = attr, .addr = (uint64_t)(uintptr_t)addr,
	};

	if (ioctl(fd, KVM_SET_DEVICE_ATTR, &a))
		die(what);
}

/* Guest memory with the guest's code and its table of calls */
static void setup_memory(struct vm *vm, const struct vm_plan *p)
{
	struct kvm_userspace_memory_region region;
	struct step *table;
	size_t i;

	vm->mem = mmap(NULL, GUEST_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (vm->mem == MAP_FAILED)
		die("mmap");
	region = (struct kvm_userspace_memory_region) {
		.slot = 0, .guest_phys_addr = GUEST_BASE,
		.memory_size = GUEST_SIZE, .userspace_addr = (uint64_t)(uintptr_t)vm->mem,
	};
	if (ioctl(vm->fd, KVM_SET_USER_MEMORY_REGION, &region))
		die("KVM_SET_USER_MEMORY_REGION");
	memcpy(vm->mem, guest_start, guest_end - guest_start);
	table = (struct step *)(vm->mem + TABLE_OFF);
	for (i = 0; i < p->nr_calls; i++)
		table[i] = (struct step) { .kind = K_HVC, .id = p->calls[i] };
}

/* Point the vCPU at the start of its table; @n calls to make */
static void start_at(struct vm *vm, uint64_t n)
{
	set_reg(vm->vcpu_fd, core_reg(offsetof(struct kvm_regs, regs.pc)), GUEST_BASE);
	set_reg(vm->vcpu_fd, xreg(19), GUEST_BASE + TABLE_OFF);
	set_reg(vm->vcpu_fd, xreg(20), GUEST_BASE + TABLE_OFF + RESULT_OFF);
	set_reg(vm->vcpu_fd, xreg(21), n);
}

/* A vGIC, then the PMU's interrupt set on the vCPU fd and the PMU made */
static void setup_pmu(struct vm *vm, int gic)
{
	uint64_t dist = GICD_BASE, redist = GICR_BASE;
	int irq = PMU_IRQ;

	attr_set(gic, KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_V3_ADDR_TYPE_DIST, &dist,
		 "vGIC distributor address");
	attr_set(gic, KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_V3_ADDR_TYPE_REDIST, &redist,
		 "vGIC redistributor address");
	/* group 0 / attribute 0, on a vCPU fd: the PMU's interrupt */
	attr_set(vm->vcpu_fd, KVM_ARM_VCPU_PMU_V3_CTRL, KVM_ARM_VCPU_PMU_V3_IRQ, &irq,
		 "KVM_ARM_VCPU_PMU_V3_IRQ");
	attr_set(gic, KVM_DEV_ARM_VGIC_GRP_CTRL, KVM_DEV_ARM_VGIC_CTRL_INIT, NULL,
		 "vGIC init");
	attr_set(vm->vcpu_fd, KVM_ARM_VCPU_PMU_V3_CTRL, KVM_ARM_VCPU_PMU_V3_INIT, NULL,
		 "KVM_ARM_VCPU_PMU_V3_INIT");
}

static void create_vm(struct vm *vm, const struct vm_plan *p, int kvm_fd)
{
	struct kvm_create_device gic = { .type = KVM_DEV_TYPE_ARM_VGIC_V3 };

	*vm = (struct vm) { .kvm_fd = kvm_fd };
	vm->fd = ioctl(kvm_fd, KVM_CREATE_VM, 0);
	if (vm->fd < 0)
		die("KVM_CREATE_VM");
	setup_memory(vm, p);
	if (p->filtered)
		attr_set(vm->fd, KVM_ARM_VM_SMCCC_CTRL, KVM_ARM_VM_SMCCC_FILTER, &p->filter,
			 "KVM_SET_DEVICE_ATTR (SMCCC filter)");
	if (p->pmu && ioctl(vm->fd, KVM_CREATE_DEVICE, &gic))
		die("KVM_CREATE_DEVICE (vGIC v3)");
	vm->vcpu_fd = ioctl(vm->fd, KVM_CREATE_VCPU, p->vcpu);
	if (vm->vcpu_fd < 0)
		die("KVM_CREATE_VCPU");
	if (ioctl(vm->fd, KVM_ARM_PREFERRED_TARGET, &vm->init))
		die("KVM_ARM_PREFERRED_TARGET");
	vm->init.features[0] |= 1u << KVM_ARM_VCPU_PSCI_0_2;
	if (p->pmu)
		vm->init.features[0] |= 1u << KVM_ARM_VCPU_PMU_V3;
	if (ioctl(vm->vcpu_fd, KVM_ARM_VCPU_INIT, &vm->init))
		die("KVM_ARM_VCPU_INIT");
	if (p->pmu)
		setup_pmu(vm, (int)gic.fd);
	vm->run_size = (size_t)ioctl(kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	vm->run = mmap(NULL, vm->run_size, PROT_READ | PROT_WRITE, MAP_SHARED, vm->vcpu_fd, 0);
	if (vm->run == MAP_FAILED)
		die("mmap kvm_run");
	start_at(vm, p->nr_calls);
	if (p->pmu)
		close((int)gic.fd);
}

static void free_vm(struct vm *vm)
{
	munmap(vm->run, vm->run_size);
	close(vm->vcpu_fd);
	close(vm->fd);
	munmap(vm->mem, GUEST_SIZE);
}

/* A system event: reset runs the guest again from the start, off ends it */
static bool system_event(struct vm *vm)
{
	uint32_t type = vm->run->system_event.type;

	if (type == KVM_SYSTEM_EVENT_SHUTDOWN) {
		vm->off = true;
		return false;
	}
	if (type != KVM_SYSTEM_EVENT_RESET) {
		fprintf(stderr, "testvmm: system event %u\n", type);
		exit(1);
	}
	if (ioctl(vm->vcpu_fd, KVM_ARM_VCPU_INIT, &vm->init))
		die("KVM_ARM_VCPU_INIT (reset)");
	start_at(vm, 0);
	return true;
}

/* Run the VM's vCPU until its guest is done, or the plan ends it */
static void run_vm(struct vm *vm, const struct vm_plan *p)
{
	unsigned int hypercalls = 0;

	for (;;) {
		if (ioctl(vm->vcpu_fd, KVM_RUN, 0) < 0) {
			if (errno == EINTR)
				continue;
			die("KVM_RUN");
		}
		switch (vm->run->exit_reason) {
		case KVM_EXIT_HYPERCALL:
			if (++hypercalls == p->drop_at) {
				vm->dropped = true;
				return;
			}
			set_reg(vm->vcpu_fd, xreg(0), 0xa0000 | (vm->run->hypercall.nr & 0xffff));
			break;
		case KVM_EXIT_SYSTEM_EVENT:
			if (!system_event(vm))
				return;
			break;
		case KVM_EXIT_MMIO:
			if (vm->run->mmio.phys_addr == DONE_ADDR)
				return;
			break;
		default:
			fprintf(stderr, "testvmm: exit reason %u\n", vm->run->exit_reason);
			exit(1);
		}
	}
}

static void write_truth(FILE *f, size_t i, const struct vm *vm)
{
	const struct vm_plan *p = &plans[i];
	size_t c;

	for (c = 0; c < p->nr_calls; c++) {
		bool last = c + 1 == p->nr_calls;

		fprintf(f, "%zu %d hvc 0x%08x %s %d\n", i, p->vcpu, p->calls[c],
			p->locations[c], last && (vm->dropped || vm->off));
	}
}

static void write_filters(FILE *f)
{
	static const char *const actions[] = { "HANDLE", "DENY", "FWD_TO_USER" };
	size_t i;

	for (i = 0; i < NR_VMS; i++) {
		const struct kvm_smccc_filter *flt = &plans[i].filter;

		if (plans[i].filtered)
			fprintf(f, "filter %zu 0x%08x+%u %s\n", i, flt->base, flt->nr_functions,
				actions[flt->action]);
		else
			fprintf(f, "filter %zu none\n", i);
	}
}

/**
 * multivm_main - testvmm --vms: the VMs of plans[] in turn, on this thread
 * @truth: the file the truth goes to
 *
 * Returns the exit status.
 */
int multivm_main(const char *truth)
{
	int kvm_fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	FILE *f = fopen(truth, "w");
	struct vm vm;
	size_t i;

	if (kvm_fd < 0)
		die("/dev/kvm");
	if (!f)
		die(truth);
	for (i = 0; i < NR_VMS; i++) {
		create_vm(&vm, &plans[i], kvm_fd);
		run_vm(&vm, &plans[i]);
		write_truth(f, i, &vm);
		free_vm(&vm);
	}
	write_filters(f);
	if (fclose(f))
		die(truth);
	close(kvm_fd);
	return 0;
}
