// SPDX-License-Identifier: GPL-2.0
/*
 * testvmm: a minimal arm64 VMM whose guest makes a scripted sequence of
 * SMCCC calls, so that the test bed knows the full truth of every call.
 *
 *	testvmm [--no-filter] TRUTH FILTER.json [REPEAT [CONFIG.json]]
 *	testvmm --vms TRUTH	(several VMs in turn: multivm.c)
 *
 * It installs an SMCCC filter (its own, or the "filters" of CONFIG.json,
 * e.g. what 'smccctrace suggest --format json' wrote; none with
 * --no-filter, for kernels older than 6.4, which have no filter), runs two vCPUs on their own threads through
 * their scripts (guest.S), answers forwarded calls (KVM_EXIT_HYPERCALL) in
 * userspace, and then writes what each call was and what the guest got
 * back, one line a call (REPEAT runs each script that many times over;
 * 0 runs them until the VMM is killed, and writes nothing):
 *
 *	vcpu seq conduit func_id expected_location x0 x1 x2 x3
 *
 * and the filter it installed as JSON.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <linux/kvm.h>

#include "testvmm.h"

#define MAX_FILTERS	64

/* The SMCCC filter the VM runs with, unless a configuration replaces it */
static struct kvm_smccc_filter filters[MAX_FILTERS] = {
	{ .base = 0x84000050, .nr_functions = 16, .action = FILTER_FWD },	/* TRNG32 */
	{ .base = 0xc4000050, .nr_functions = 16, .action = FILTER_FWD },	/* TRNG64 */
	{ .base = 0xc6000000, .nr_functions = 16, .action = FILTER_FWD },	/* vendor hyp */
	{ .base = 0x82000000, .nr_functions = 16, .action = FILTER_FWD },	/* SiP32 */
	{ .base = 0xc2000000, .nr_functions = 32, .action = FILTER_DENY },	/* SiP64 */
};
static size_t nr_filters = 5;

static const struct step script0[] = {
	{ K_HVC,  0x84000000, 0, 0, 0 },		/* PSCI_VERSION: kernel */
	{ K_HVC,  0xc4000004, 0, 0, 0 },		/* AFFINITY_INFO_64: kernel */
	{ K_HVC,  0x84000050, 0, 0, 0 },		/* TRNG_VERSION: forwarded */
	{ K_MMIO, 0x11, 0, 0, 0 },
	{ K_HVC,  0xc4000053, 192, 0, 0 },		/* TRNG_RND64: forwarded */
	{ K_HVC,  0x86000000, 0, 0, 0 },		/* KVM_FEATURES: kernel */
	{ K_HVC,  0xc6000001, 7, 8, 9 },		/* vendor hyp: forwarded */
	{ K_SMC,  0x82000001, 1, 2, 3 },		/* SiP over SMC: forwarded */
	{ K_HVC,  0xc2000010, 0, 0, 0 },		/* SiP64: denied */
	{ K_HVC,  0x83000005, 0, 0, 0 },		/* OEM, nobody: kernel */
	{ K_SMC,  0x84000000, 0, 0, 0 },		/* PSCI_VERSION over SMC */
	{ K_SMC,  0xc2000011, 0, 0, 0 },		/* SiP64 over SMC: denied */
	{ K_MMIO, 0x12, 0, 0, 0 },
	{ K_HVC,  0x8400000a, 0x84000000, 0, 0 },	/* PSCI_FEATURES: kernel */
};

static const struct step script1[] = {
	{ K_HVC,  0x84000000, 0, 0, 0 },
	{ K_HVC,  0x84000050, 0, 0, 0 },
	{ K_MMIO, 0x21, 0, 0, 0 },
	{ K_SMC,  0x82000002, 4, 5, 6 },
	{ K_HVC,  0xc6000002, 0, 0, 0 },
	{ K_HVC,  0xc2000001, 0, 0, 0 },
	{ K_HVC,  0x86000001, 0, 0, 0 },		/* KVM_PTP: kernel */
};

static const struct {
	const struct step	*steps;
	size_t			n;
} scripts[NR_VCPUS] = {
	{ script0, sizeof(script0) / sizeof(script0[0]) },
	{ script1, sizeof(script1) / sizeof(script1[0]) },
};

static unsigned int repeat = 1;
static bool endless, no_filter;
static int kvm_fd, vm_fd;
static uint8_t *mem;
static size_t run_size;

void die(const char *what)
{
	fprintf(stderr, "testvmm: %s: %s\n", what, strerror(errno));
	exit(1);
}

uint64_t core_reg(size_t off)
{
	return KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE | (off / sizeof(__u32));
}

uint64_t xreg(int n)
{
	return core_reg(offsetof(struct kvm_regs, regs.regs) + n * sizeof(__u64));
}

void set_reg(int fd, uint64_t id, uint64_t val)
{
	struct kvm_one_reg r = { .id = id, .addr = (uint64_t)(uintptr_t)&val };

	if (ioctl(fd, KVM_SET_ONE_REG, &r))
		die("KVM_SET_ONE_REG");
}

uint64_t get_reg(int fd, uint64_t id)
{
	uint64_t val = 0;
	struct kvm_one_reg r = { .id = id, .addr = (uint64_t)(uintptr_t)&val };

	if (ioctl(fd, KVM_GET_ONE_REG, &r))
		die("KVM_GET_ONE_REG");
	return val;
}

static const char *expected_location(uint32_t id)
{
	size_t i;

	for (i = 0; i < nr_filters; i++) {
		if (id - filters[i].base < filters[i].nr_functions)
			return filters[i].action == FILTER_FWD ? "user" :
			       filters[i].action == FILTER_DENY ? "denied" : "kernel";
	}
	return "kernel";
}

/* A kernel without the SMCCC filter (older than 6.4): one line, exit 2 */
static void no_filter_here(void)
{
	struct utsname u;

	if (uname(&u))
		strcpy(u.release, "unknown");
	fprintf(stderr, "testvmm: this kernel (%s) has no SMCCC filter, which needs Linux 6.4 "
		"or later: run with --no-filter\n", u.release);
	exit(2);
}

static void setup_vm(void)
{
	struct kvm_userspace_memory_region region;
	struct kvm_device_attr attr = {
		.group = KVM_ARM_VM_SMCCC_CTRL,
		.attr = KVM_ARM_VM_SMCCC_FILTER,
	};
	size_t i;

	kvm_fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm_fd < 0)
		die("/dev/kvm");
	vm_fd = ioctl(kvm_fd, KVM_CREATE_VM, 0);
	if (vm_fd < 0)
		die("KVM_CREATE_VM");
	mem = mmap(NULL, GUEST_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		die("mmap");
	region = (struct kvm_userspace_memory_region) {
		.slot = 0, .guest_phys_addr = GUEST_BASE,
		.memory_size = GUEST_SIZE, .userspace_addr = (uint64_t)(uintptr_t)mem,
	};
	if (ioctl(vm_fd, KVM_SET_USER_MEMORY_REGION, &region))
		die("KVM_SET_USER_MEMORY_REGION");
	memcpy(mem, guest_start, guest_end - guest_start);
	if (no_filter)
		nr_filters = 0;
	else if (ioctl(vm_fd, KVM_HAS_DEVICE_ATTR, &attr))
		no_filter_here();
	for (i = 0; i < nr_filters; i++) {
		attr.addr = (uint64_t)(uintptr_t)&filters[i];
		if (ioctl(vm_fd, KVM_SET_DEVICE_ATTR, &attr))
			die("KVM_SET_DEVICE_ATTR (SMCCC filter)");
	}
	run_size = ioctl(kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
}

struct vcpu {
	int		id;
	int		fd;
	struct kvm_run	*run;
	pthread_t	thread;
};

/* Point the vCPU at the start of its script */
static void restart(struct vcpu *v)
{
	uint64_t table = TABLE_OFF + v->id * VCPU_STRIDE;

	set_reg(v->fd, core_reg(offsetof(struct kvm_regs, regs.pc)), GUEST_BASE);
	set_reg(v->fd, xreg(19), GUEST_BASE + table);
	set_reg(v->fd, xreg(20), GUEST_BASE + table + RESULT_OFF);
	set_reg(v->fd, xreg(21), scripts[v->id].n * repeat);
}

static void setup_vcpu(struct vcpu *v, const struct kvm_vcpu_init *init)
{
	uint64_t table = TABLE_OFF + v->id * VCPU_STRIDE;
	size_t size = scripts[v->id].n * sizeof(struct step);
	unsigned int i;

	v->fd = ioctl(vm_fd, KVM_CREATE_VCPU, v->id);
	if (v->fd < 0)
		die("KVM_CREATE_VCPU");
	if (ioctl(v->fd, KVM_ARM_VCPU_INIT, init))
		die("KVM_ARM_VCPU_INIT");
	v->run = mmap(NULL, run_size, PROT_READ | PROT_WRITE, MAP_SHARED, v->fd, 0);
	if (v->run == MAP_FAILED)
		die("mmap kvm_run");
	for (i = 0; i < repeat; i++)
		memcpy(mem + table + i * size, scripts[v->id].steps, size);
	restart(v);
}

/* A forwarded call: answer with values the truth can be checked against */
static void answer(struct vcpu *v)
{
	uint64_t nr = v->run->hypercall.nr, x1 = get_reg(v->fd, xreg(1));

	set_reg(v->fd, xreg(0), 0xa0000 | (nr & 0xffff));
	set_reg(v->fd, xreg(1), x1 + 1);
	set_reg(v->fd, xreg(2), 0x1000 + v->id);
	set_reg(v->fd, xreg(3), (HYPERCALL_FLAGS(v->run) & HYPERCALL_EXIT_SMC) ? 0x5c : 0x4c);
}

static void *run_vcpu(void *arg)
{
	struct vcpu *v = arg;

	for (;;) {
		if (ioctl(v->fd, KVM_RUN, 0) < 0) {
			if (errno == EINTR)
				continue;
			die("KVM_RUN");
		}
		switch (v->run->exit_reason) {
		case KVM_EXIT_HYPERCALL:
			answer(v);
			break;
		case KVM_EXIT_MMIO:
			if (v->run->mmio.phys_addr == DONE_ADDR) {
				if (!endless)
					return NULL;
				restart(v);
			} else if (v->run->mmio.phys_addr != MMIO_ADDR) {
				fprintf(stderr, "testvmm: vcpu %d: MMIO at 0x%llx\n", v->id,
					(unsigned long long)v->run->mmio.phys_addr);
				exit(1);
			}
			break;
		default:
			fprintf(stderr, "testvmm: vcpu %d: exit reason %u\n", v->id,
				v->run->exit_reason);
			exit(1);
		}
	}
}

static void write_truth(const char *path)
{
	static const char *const conduits[] = { "hvc", "smc" };
	FILE *f = fopen(path, "w");
	const uint64_t *res;
	size_t i, n;
	int id;

	if (!f)
		die(path);
	for (id = 0; id < NR_VCPUS; id++) {
		res = (const uint64_t *)(mem + TABLE_OFF + id * VCPU_STRIDE + RESULT_OFF);
		n = scripts[id].n;
		for (i = 0; i < n * repeat; i++, res += 4) {
			const struct step *s = &scripts[id].steps[i % n];

			if (s->kind == K_MMIO)
				continue;
			fprintf(f, "%d %zu %s 0x%08x %s 0x%llx 0x%llx 0x%llx 0x%llx\n", id, i,
				conduits[s->kind], s->id, expected_location(s->id),
				(unsigned long long)res[0], (unsigned long long)res[1],
				(unsigned long long)res[2], (unsigned long long)res[3]);
		}
	}
	if (fclose(f))
		die(path);
}

/*
 * The "filters" of a configuration in the one shape smccctrace writes:
 * {"base": "0x...", "nr_functions": N, "action": "NAME"} objects in order.
 */
static void read_config(const char *path)
{
	static const char *const actions[] = { "HANDLE", "DENY", "FWD_TO_USER" };
	char text[16384], action[32], *end;
	const char *p = text;
	unsigned int base, nr;
	size_t len, a;
	FILE *f;

	f = fopen(path, "r");
	if (!f)
		die(path);
	len = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[len] = '\0';
	/* the filter ends with the "filters" array: what follows ("kept",
	 * "predicted") is not the filter */
	if ((end = strstr(text, "\"filters\"")) && (end = strchr(end, ']')))
		*end = '\0';
	nr_filters = 0;
	while ((p = strstr(p, "{\"base\": ")) && nr_filters < MAX_FILTERS) {
		if (sscanf(p, "{\"base\": \"%x\", \"nr_functions\": %u, \"action\": \"%31[A-Z_]\"",
			   &base, &nr, action) != 3)
			break;
		for (a = 0; a < 3 && strcmp(action, actions[a]); a++)
			;
		filters[nr_filters++] = (struct kvm_smccc_filter) {
			.base = base, .nr_functions = nr, .action = (__u8)a,
		};
		p++;
	}
}

static void write_filter(const char *path)
{
	static const char *const actions[] = { "HANDLE", "DENY", "FWD_TO_USER" };
	FILE *f = fopen(path, "w");
	size_t i, n = nr_filters;

	if (!f)
		die(path);
	fprintf(f, "{\"filters\": [");
	for (i = 0; i < n; i++)
		fprintf(f, "%s{\"base\": \"0x%08x\", \"nr_functions\": %u, \"action\": \"%s\"}",
			i ? ", " : "", filters[i].base, filters[i].nr_functions,
			actions[filters[i].action]);
	fprintf(f, "]}\n");
	if (fclose(f))
		die(path);
}

int main(int argc, char **argv)
{
	struct kvm_vcpu_init init;
	struct vcpu vcpus[NR_VCPUS];
	int i;

	if (argc == 3 && !strcmp(argv[1], "--vms"))
		return multivm_main(argv[2]);
	if (argc > 1 && !strcmp(argv[1], "--no-filter")) {
		no_filter = true;
		argv++;
		argc--;
	}
	if (argc >= 4)
		repeat = (unsigned int)strtoul(argv[3], NULL, 0);
	if (argc >= 4 && !strcmp(argv[3], "0")) {
		endless = true;
		repeat = 1;
	}
	if (argc == 5)
		read_config(argv[4]);
	if (argc < 3 || argc > 5 || !repeat ||
	    repeat * sizeof(script0) / sizeof(script0[0]) > MAX_STEPS) {
		fprintf(stderr, "usage: testvmm [--no-filter] TRUTH FILTER.json [REPEAT (1-%zu) [CONFIG.json]]\n",
			MAX_STEPS / (sizeof(script0) / sizeof(script0[0])));
		return 2;
	}
	setup_vm();
	if (ioctl(vm_fd, KVM_ARM_PREFERRED_TARGET, &init))
		die("KVM_ARM_PREFERRED_TARGET");
	init.features[0] |= 1u << KVM_ARM_VCPU_PSCI_0_2;
	for (i = 0; i < NR_VCPUS; i++) {
		vcpus[i].id = i;
		setup_vcpu(&vcpus[i], &init);
	}
	for (i = 0; i < NR_VCPUS; i++)
		if (pthread_create(&vcpus[i].thread, NULL, run_vcpu, &vcpus[i]))
			die("pthread_create");
	for (i = 0; i < NR_VCPUS; i++)
		pthread_join(vcpus[i].thread, NULL);
	write_truth(argv[1]);
	write_filter(argv[2]);
	return 0;
}
