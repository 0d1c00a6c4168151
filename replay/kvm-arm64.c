// SPDX-License-Identifier: GPL-2.0
/*
 * replay --kvm on arm64: the VMM. One VM, one vCPU per recorded vCPU, each
 * run on a thread of its own through its calls in recorded order; the
 * SMCCC filter set before any vCPU runs; forwarded calls (exit reason
 * KVM_EXIT_HYPERCALL) answered by the replay back end.
 *
 * Guest physical memory, one slot at GUEST_BASE:
 *
 *	+0              the guest code (kvm-guest.S)
 *	+PT_OFF         its identity map (one level of 1 GiB blocks)
 *	+TABLE_OFF      the call table, vCPU by vCPU, each in recorded order
 *	+results_off    the result area, in the same order
 *
 * and an MMIO page at MMIO_BASE, outside the slot, that the guest writes
 * when it starts (its counter, to pair with the host's clock) and when it
 * is done. The SMCCC filter is set through the library (kvm-filter.c).
 */
#ifdef __aarch64__

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <linux/kvm.h>

#include <smccctrace/error.h>

#include "backend.h"
#include "kvm.h"

#define GUEST_BASE	0x80000000ull
#define PT_OFF		0x1000ull
#define TABLE_OFF	0x10000ull
#define MMIO_BASE	0x10000000ull
#define MMIO_DONE	8
#define SLOT_ALIGN	0x200000ull
#define CALL_SIZE	152	/* kvm-guest.S: {u64 smc, u64 x[18]} */
#define RESULT_SIZE	48	/* kvm-guest.S: {x0, x1, x2, x3, t0, ticks} */

_Static_assert(CALL_SIZE == 8 + SCT_HANDLER_NREGS * 8, "a call table entry is {smc, x0..x17}");

/* Stage 1 block descriptors of the guest's map (4 KiB granule, level 1) */
#define GIB_SHIFT	30
#define PTE_BLOCK	1ull
#define PTE_ATTR(i)	((uint64_t)(i) << 2)	/* MAIR index: 0 device, 1 normal */
#define PTE_ISH		(3ull << 8)
#define PTE_AF		(1ull << 10)
#define PTE_XN		((1ull << 53) | (1ull << 54))

extern const char replay_guest_start[], replay_guest_end[];

struct vm;

/* One vCPU and the slice of the guest's table it works through */
struct vcpu {
	struct vm	*vm;
	uint32_t	index;
	int		fd;
	struct kvm_run	*run;
	pthread_t	thread;
	bool		started;
	size_t		first;		/* its first slot in the table */
	size_t		n;		/* its number of calls */
	uint64_t	host_ns0;	/* the host's clock ... */
	uint64_t	guest_cnt0;	/* ... when the guest's counter read this */
	int		failed;
	char		error[512];
};

struct vm {
	int				kvm_fd;
	int				fd;
	uint8_t				*mem;
	size_t				mem_size;
	size_t				results_off;
	size_t				run_size;
	const struct replay_kvm_call	*calls;
	size_t				*call_of;	/* slot -> index in calls */
	bool				*forwarded;	/* per slot */
	size_t				nr_slots;
	struct replay_backend		*be;
	struct vcpu			*vcpus;
	uint32_t			nr_vcpus;
};

static uint64_t core_reg(size_t off)
{
	return KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE | (off / sizeof(__u32));
}

static uint64_t xreg(unsigned int n)
{
	return core_reg(offsetof(struct kvm_regs, regs.regs) + n * sizeof(__u64));
}

static int set_reg(int fd, uint64_t id, uint64_t val)
{
	struct kvm_one_reg r = { .id = id, .addr = (uint64_t)(uintptr_t)&val };

	return ioctl(fd, KVM_SET_ONE_REG, &r);
}

static int get_reg(int fd, uint64_t id, uint64_t *val)
{
	struct kvm_one_reg r = { .id = id, .addr = (uint64_t)(uintptr_t)val };

	return ioctl(fd, KVM_GET_ONE_REG, &r);
}

static uint64_t host_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t counter_freq(void)
{
	uint64_t f;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(f));
	return f;
}

static uint64_t ticks_to_ns(uint64_t ticks, uint64_t freq)
{
	return (uint64_t)((unsigned __int128)ticks * 1000000000u / freq);
}

/* /dev/kvm and a VM that takes the SMCCC filter, or -1 with the reason */
static int open_vm(int *kvm_fd, int *vm_fd)
{
	*vm_fd = sct_kvm_vm_create(kvm_fd);
	if (*vm_fd < 0)
		return sct_set_error(errno, "--kvm: %s", sct_last_error());
	return 0;
}

/**
 * replay_kvm_available - whether this machine can replay on KVM
 *
 * Opens /dev/kvm and asks a scratch VM for KVM_ARM_VM_SMCCC_FILTER (Linux
 * 6.4+). Returns 0 when it is there, else -1 with the reason in
 * sct_last_error().
 */
int replay_kvm_available(void)
{
	int kvm_fd, vm_fd;

	if (open_vm(&kvm_fd, &vm_fd))
		return -1;
	close(vm_fd);
	close(kvm_fd);
	return 0;
}

static int set_filter(struct vm *vm, const struct sct_filter *filter)
{
	const struct sct_filter_range *r;
	size_t i, n = filter ? sct_filter_count(filter) : 0;

	for (i = 0; i < n; i++) {
		r = sct_filter_get(filter, i);
		if (sct_kvm_filter_set(vm->fd, r))
			return sct_set_error(errno, "the SMCCC filter: KVM refused range "
					     "0x%08x+%u (%s) with %s (%s)", r->base,
					     r->nr_functions, sct_filter_action_name(r->action),
					     sct_errno_name(errno), strerror(errno));
	}
	return 0;
}

/* The table in vCPU order, each vCPU's calls in recorded order */
static int lay_out(struct vm *vm, const struct replay_kvm_call *calls, size_t nr,
		   const struct sct_filter *filter)
{
	size_t i, s, *next;
	uint32_t v;

	for (i = 0; i < nr; i++) {
		if (calls[i].vcpu >= vm->nr_vcpus)
			vm->nr_vcpus = calls[i].vcpu + 1;
	}
	vm->vcpus = calloc(vm->nr_vcpus ? vm->nr_vcpus : 1, sizeof(*vm->vcpus));
	vm->call_of = calloc(nr ? nr : 1, sizeof(*vm->call_of));
	vm->forwarded = calloc(nr ? nr : 1, sizeof(*vm->forwarded));
	next = calloc(vm->nr_vcpus ? vm->nr_vcpus : 1, sizeof(*next));
	if (!vm->vcpus || !vm->call_of || !vm->forwarded || !next) {
		free(next);
		free(vm->vcpus);
		vm->vcpus = NULL;	/* no fds to close */
		return sct_set_error(ENOMEM, "--kvm: out of memory for %zu calls", nr);
	}
	for (v = 0; v < vm->nr_vcpus; v++) {
		vm->vcpus[v].vm = vm;
		vm->vcpus[v].index = v;
		vm->vcpus[v].fd = -1;
	}
	for (i = 0; i < nr; i++) {
		if (!replay_kvm_unplayable(&calls[i], filter))
			vm->vcpus[calls[i].vcpu].n++;
	}
	for (v = 0, s = 0; v < vm->nr_vcpus; v++) {
		vm->vcpus[v].first = next[v] = s;
		s += vm->vcpus[v].n;
	}
	vm->nr_slots = s;
	for (i = 0; i < nr; i++) {
		if (!replay_kvm_unplayable(&calls[i], filter))
			vm->call_of[next[calls[i].vcpu]++] = i;
	}
	free(next);
	vm->calls = calls;
	return 0;
}

static size_t align_up(size_t v, size_t a)
{
	return (v + a - 1) / a * a;
}

/* The identity map: the MMIO page's GiB as device memory, the slot normal */
static void write_map(struct vm *vm)
{
	uint64_t *pt = (uint64_t *)(vm->mem + PT_OFF), g;

	pt[MMIO_BASE >> GIB_SHIFT] = (MMIO_BASE >> GIB_SHIFT << GIB_SHIFT) | PTE_BLOCK |
				     PTE_ATTR(0) | PTE_AF | PTE_XN;
	for (g = GUEST_BASE >> GIB_SHIFT; g <= (GUEST_BASE + vm->mem_size - 1) >> GIB_SHIFT; g++)
		pt[g] = (g << GIB_SHIFT) | PTE_BLOCK | PTE_ATTR(1) | PTE_ISH | PTE_AF;
}

/* The call table in its slots: {smc, x0..x17}, x0 the 32-bit function ID */
static void write_table(struct vm *vm)
{
	const struct replay_kvm_call *c;
	uint64_t e[CALL_SIZE / 8];
	size_t s;

	for (s = 0; s < vm->nr_slots; s++) {
		c = &vm->calls[vm->call_of[s]];
		e[0] = (c->flags & SCT_HYPERCALL_SMC) ? 1 : 0;
		memcpy(&e[1], c->x, sizeof(c->x));
		e[1] = (uint32_t)e[1];
		memcpy(vm->mem + TABLE_OFF + s * CALL_SIZE, e, sizeof(e));
	}
}

static int map_memory(struct vm *vm)
{
	struct kvm_userspace_memory_region region;
	size_t code = replay_guest_end - replay_guest_start;

	if (code > PT_OFF)
		return sct_set_error(EOVERFLOW, "--kvm: the guest code (%zu bytes) "
				     "overlaps its page table", code);
	vm->results_off = align_up(TABLE_OFF + vm->nr_slots * CALL_SIZE, 0x10000);
	vm->mem_size = align_up(vm->results_off + vm->nr_slots * RESULT_SIZE, SLOT_ALIGN);
	if (vm->mem_size > (512ull << GIB_SHIFT) - GUEST_BASE)
		return sct_set_error(E2BIG, "--kvm: %zu calls need more guest memory "
				     "than the map holds", vm->nr_slots);
	vm->mem = mmap(NULL, vm->mem_size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (vm->mem == MAP_FAILED) {
		vm->mem = NULL;
		return sct_set_error(errno, "--kvm: %zu bytes of guest memory: %s",
				     vm->mem_size, strerror(errno));
	}
	memcpy(vm->mem, replay_guest_start, code);
	write_map(vm);
	write_table(vm);
	region = (struct kvm_userspace_memory_region) {
		.slot = 0, .guest_phys_addr = GUEST_BASE, .memory_size = vm->mem_size,
		.userspace_addr = (uint64_t)(uintptr_t)vm->mem,
	};
	if (ioctl(vm->fd, KVM_SET_USER_MEMORY_REGION, &region))
		return sct_set_error(errno, "--kvm: KVM_SET_USER_MEMORY_REGION: %s",
				     strerror(errno));
	return 0;
}

static int setup_vcpu(struct vm *vm, struct vcpu *v, const struct kvm_vcpu_init *init)
{
	v->fd = ioctl(vm->fd, KVM_CREATE_VCPU, (unsigned long)v->index);
	if (v->fd < 0)
		return sct_set_error(errno, "--kvm: KVM_CREATE_VCPU %u: %s", v->index,
				     strerror(errno));
	if (ioctl(v->fd, KVM_ARM_VCPU_INIT, init))
		return sct_set_error(errno, "--kvm: KVM_ARM_VCPU_INIT %u: %s", v->index,
				     strerror(errno));
	v->run = mmap(NULL, vm->run_size, PROT_READ | PROT_WRITE, MAP_SHARED, v->fd, 0);
	if (v->run == MAP_FAILED) {
		v->run = NULL;
		return sct_set_error(errno, "--kvm: mmap of vCPU %u: %s", v->index,
				     strerror(errno));
	}
	if (set_reg(v->fd, core_reg(offsetof(struct kvm_regs, regs.pc)), GUEST_BASE) ||
	    set_reg(v->fd, xreg(19), GUEST_BASE + TABLE_OFF + v->first * CALL_SIZE) ||
	    set_reg(v->fd, xreg(20), GUEST_BASE + vm->results_off + v->first * RESULT_SIZE) ||
	    set_reg(v->fd, xreg(21), 0) ||
	    set_reg(v->fd, xreg(22), v->n) ||
	    set_reg(v->fd, xreg(26), MMIO_BASE) ||
	    set_reg(v->fd, xreg(27), GUEST_BASE + PT_OFF))
		return sct_set_error(errno, "--kvm: KVM_SET_ONE_REG on vCPU %u: %s",
				     v->index, strerror(errno));
	return 0;
}

static int setup_vcpus(struct vm *vm)
{
	struct kvm_vcpu_init init;
	long max;
	uint32_t i;

	max = ioctl(vm->fd, KVM_CHECK_EXTENSION, KVM_CAP_MAX_VCPUS);
	if (max > 0 && vm->nr_vcpus > max)
		return sct_set_error(EINVAL, "--kvm: the calls need %u vCPUs; KVM allows %ld",
				     vm->nr_vcpus, max);
	vm->run_size = ioctl(vm->kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (ioctl(vm->fd, KVM_ARM_PREFERRED_TARGET, &init))
		return sct_set_error(errno, "--kvm: KVM_ARM_PREFERRED_TARGET: %s",
				     strerror(errno));
	init.features[0] |= 1u << KVM_ARM_VCPU_PSCI_0_2;
	for (i = 0; i < vm->nr_vcpus; i++) {
		if (setup_vcpu(vm, &vm->vcpus[i], &init))
			return -1;
	}
	return 0;
}

/* Keep this thread's error for the caller's thread; returns -1 */
static int vcpu_fail(struct vcpu *v)
{
	snprintf(v->error, sizeof(v->error), "%s", sct_last_error());
	v->failed = errno ? errno : EIO;
	return -1;
}

/* The call the vCPU is making: its slot, from the guest's x21 */
static int current_slot(struct vcpu *v, size_t *slot)
{
	uint64_t idx;

	if (get_reg(v->fd, xreg(21), &idx))
		return sct_set_error(errno, "--kvm: vCPU %u: KVM_GET_ONE_REG: %s",
				     v->index, strerror(errno));
	if (idx >= v->n)
		return sct_set_error(EPROTO, "--kvm: vCPU %u: an exit after its last call",
				     v->index);
	*slot = v->first + idx;
	return 0;
}

/* kvm_run.hypercall.flags is "__u32 longmode" in headers older than 6.4 */
static uint64_t hypercall_flags(const struct kvm_run *run)
{
#ifdef KVM_HYPERCALL_EXIT_SMC
	return run->hypercall.flags;
#else
	return run->hypercall.longmode;
#endif
}

/*
 * KVM_EXIT_HYPERCALL: read x1..x17 as a VMM does, hand the call (x0 the
 * function ID KVM reported) to the back end, write x0..x3 back
 */
static int vcpu_hypercall(struct vcpu *v)
{
	struct vm *vm = v->vm;
	const struct replay_kvm_call *c;
	struct sct_hypercall hc;
	unsigned int r;
	size_t slot;

	if (current_slot(v, &slot))
		return -1;
	c = &vm->calls[vm->call_of[slot]];
	hc.vcpu = c->vcpu;
	hc.flags = (uint32_t)hypercall_flags(v->run);
	hc.x[0] = v->run->hypercall.nr;
	if (hc.x[0] != (uint32_t)c->x[0] ||
	    (hc.flags & SCT_HYPERCALL_SMC) != (c->flags & SCT_HYPERCALL_SMC))
		return sct_set_error(EPROTO, "--kvm: call %" PRIu64 ": KVM forwarded 0x%08llx "
				     "(flags 0x%x) for 0x%08x (flags 0x%x)", c->seq,
				     (unsigned long long)hc.x[0], hc.flags,
				     (uint32_t)c->x[0], c->flags);
	for (r = 1; r < SCT_HANDLER_NREGS; r++) {
		if (get_reg(v->fd, xreg(r), &hc.x[r]))
			return sct_set_error(errno, "--kvm: call %" PRIu64 ": KVM_GET_ONE_REG: %s",
					     c->seq, strerror(errno));
	}
	/* x0 stays the function ID: the back end answers by it (backend.h) */
	if (replay_backend_call(vm->be, c->seq, &hc))
		return -1;
	for (r = 0; r < 4; r++) {
		if (set_reg(v->fd, xreg(r), hc.x[r]))
			return sct_set_error(errno, "--kvm: call %" PRIu64 ": KVM_SET_ONE_REG: %s",
					     c->seq, strerror(errno));
	}
	vm->forwarded[slot] = true;
	return 0;
}

/* The guest's MMIO writes: 1 when it is done, 0 to go on, -1 on an error */
static int vcpu_mmio(struct vcpu *v)
{
	uint64_t addr = v->run->mmio.phys_addr, cnt = 0;

	if (addr == MMIO_BASE && v->run->mmio.is_write && v->run->mmio.len == 8) {
		v->host_ns0 = host_ns();
		memcpy(&cnt, v->run->mmio.data, sizeof(cnt));
		v->guest_cnt0 = cnt;
		return 0;
	}
	if (addr == MMIO_BASE + MMIO_DONE)
		return 1;
	return sct_set_error(EPROTO, "--kvm: vCPU %u: MMIO at 0x%llx", v->index,
			     (unsigned long long)addr);
}

static int vcpu_system_event(struct vcpu *v)
{
	const struct replay_kvm_call *c;
	size_t slot;

	if (current_slot(v, &slot))
		return -1;
	c = &v->vm->calls[v->vm->call_of[slot]];
	return sct_set_error(EPROTO, "--kvm: call %" PRIu64 " (0x%08x) stopped the VM "
			     "(KVM_EXIT_SYSTEM_EVENT type %u)", c->seq, (uint32_t)c->x[0],
			     v->run->system_event.type);
}

/* The run loop of one vCPU thread, until its guest is done or a failure */
static void *vcpu_thread(void *arg)
{
	struct vcpu *v = arg;
	int done = 0;

	while (!done) {
		if (ioctl(v->fd, KVM_RUN, 0) < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			sct_set_error(errno, "--kvm: vCPU %u: KVM_RUN: %s", v->index,
				      strerror(errno));
			vcpu_fail(v);
			break;
		}
		switch (v->run->exit_reason) {
		case KVM_EXIT_HYPERCALL:
			done = vcpu_hypercall(v);
			break;
		case KVM_EXIT_MMIO:
			done = vcpu_mmio(v);
			break;
		case KVM_EXIT_SYSTEM_EVENT:
			done = vcpu_system_event(v);
			break;
		default:
			done = sct_set_error(EPROTO, "--kvm: vCPU %u: unexpected exit reason %u",
					     v->index, v->run->exit_reason);
			break;
		}
		if (done < 0)
			vcpu_fail(v);
	}
	return NULL;
}

static int run_vcpus(struct vm *vm)
{
	uint32_t i;
	int err = 0;

	for (i = 0; i < vm->nr_vcpus; i++) {
		err = pthread_create(&vm->vcpus[i].thread, NULL, vcpu_thread, &vm->vcpus[i]);
		if (err) {
			sct_set_error(err, "--kvm: vCPU %u thread: %s", i, strerror(err));
			break;
		}
		vm->vcpus[i].started = true;
	}
	for (i = 0; i < vm->nr_vcpus && vm->vcpus[i].started; i++)
		pthread_join(vm->vcpus[i].thread, NULL);
	if (err)
		return -1;
	for (i = 0; i < vm->nr_vcpus; i++) {
		if (vm->vcpus[i].failed)
			return sct_set_error(vm->vcpus[i].failed, "%s", vm->vcpus[i].error);
	}
	return 0;
}

static void collect(const struct vm *vm, const struct sct_filter *filter,
		    struct replay_kvm_result *results, size_t nr)
{
	uint64_t freq = counter_freq(), w[6];
	const struct vcpu *v;
	struct replay_kvm_result *res;
	size_t i, s;
	uint32_t id;

	for (i = 0; i < nr; i++)
		results[i] = (struct replay_kvm_result) {
			.location = SCT_LOC_UNKNOWN,
			.guest_ns = SCT_NO_TIME, .t_start = SCT_NO_TIME,
		};
	for (s = 0; s < vm->nr_slots; s++) {
		i = vm->call_of[s];
		v = &vm->vcpus[vm->calls[i].vcpu];
		res = &results[i];
		memcpy(w, vm->mem + vm->results_off + s * RESULT_SIZE, sizeof(w));
		memcpy(res->x, w, sizeof(res->x));
		res->guest_ns = ticks_to_ns(w[5], freq);
		res->t_start = v->host_ns0 + ticks_to_ns(w[4] - v->guest_cnt0, freq);
		id = (uint32_t)vm->calls[i].x[0];
		if (vm->forwarded[s])
			res->location = SCT_LOC_USER;
		else if (filter && sct_filter_lookup(filter, id) == SCT_FILTER_DENY)
			res->location = SCT_LOC_DENIED;
		else
			res->location = SCT_LOC_KERNEL;
	}
}

static void vm_release(struct vm *vm)
{
	uint32_t i;

	for (i = 0; vm->vcpus && i < vm->nr_vcpus; i++) {
		if (vm->vcpus[i].run)
			munmap(vm->vcpus[i].run, vm->run_size);
		if (vm->vcpus[i].fd >= 0)
			close(vm->vcpus[i].fd);
	}
	if (vm->fd >= 0)
		close(vm->fd);
	if (vm->kvm_fd >= 0)
		close(vm->kvm_fd);
	if (vm->mem)
		munmap(vm->mem, vm->mem_size);
	free(vm->vcpus);
	free(vm->call_of);
	free(vm->forwarded);
}

/**
 * replay_kvm_run - make the calls in a KVM guest
 * @calls: the calls, in recorded order; @calls[i].vcpu dense from 0
 * @nr: how many
 * @filter: the SMCCC filter to set on the VM, or NULL for KVM's defaults
 * @be: answers the calls KVM forwards (KVM_EXIT_HYPERCALL); called from
 *      the vCPU threads at once, as a VMM's handler would be
 * @results: @nr entries, filled in the order of @calls
 *
 * Creates a VM with one vCPU per recorded vCPU, sets @filter, and runs
 * every vCPU on a thread of its own through its calls. Calls that
 * replay_kvm_unplayable() names are not made: their result has location
 * SCT_LOC_UNKNOWN and no times. Everything is released before returning;
 * the caller owns @calls, @filter, @be and @results.
 *
 * Returns 0, or -1 with the error text set: no KVM, a filter range KVM
 * refuses (its errno named), a back end that failed on a call.
 */
int replay_kvm_run(const struct replay_kvm_call *calls, size_t nr,
		   const struct sct_filter *filter, struct replay_backend *be,
		   struct replay_kvm_result *results)
{
	struct vm vm = { .kvm_fd = -1, .fd = -1, .be = be };
	int ret = -1;

	if (open_vm(&vm.kvm_fd, &vm.fd))
		return -1;
	if (!set_filter(&vm, filter) && !lay_out(&vm, calls, nr, filter) &&
	    !map_memory(&vm) && !setup_vcpus(&vm) && !run_vcpus(&vm)) {
		collect(&vm, filter, results, nr);
		ret = 0;
	}
	vm_release(&vm);
	return ret;
}

#endif /* __aarch64__ */
