// SPDX-License-Identifier: GPL-2.0
/*
 * libsmccctrace-preload.so: loaded into an unmodified VMM with LD_PRELOAD,
 * it watches the VMM's KVM ioctls and appends what only the VMM sees to
 * the file $SMCCCTRACE_SHIM_OUT:
 *
 *	KVM_CREATE_VM          which fd is which VM (numbered 0, 1, ...)
 *	KVM_CREATE_VCPU        which fd is which vCPU of which VM
 *	KVM_SET_DEVICE_ATTR    the SMCCC filter ranges the VMM installs on a
 *	                       VM fd (group 0 / attribute 0 means something
 *	                       else on a vCPU fd (the PMU's interrupt) or a
 *	                       device fd (a GICv2 address))
 *	KVM_RUN                which vCPU a thread runs, when that changes;
 *	                       a return with KVM_EXIT_HYPERCALL (function ID,
 *	                       SMC flag, time) and the vCPU's next KVM_RUN
 *	                       (time; with $SMCCCTRACE_SHIM_REGS=1 also x1..x17
 *	                       at the exit and x0..x3 at the return)
 *
 * Records go into a ring in a file mapped shared with the recorder
 * (shim-record.h): no system call and no lock on the VMM's path; with the
 * ring full a record is dropped and counted.
 */
#include <dlfcn.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <linux/kvm.h>

#include "shim-record.h"

#define MAX_FDS		4096
#define SMCCC_CTRL	0	/* KVM_ARM_VM_SMCCC_CTRL */
#define SMCCC_FILTER	0	/* KVM_ARM_VM_SMCCC_FILTER */

/* struct kvm_smccc_filter (Linux 6.4+) */
struct smccc_filter {
	uint32_t	base;
	uint32_t	nr_functions;
	uint8_t		action;
	uint8_t		pad[15];
};

enum fd_kind { FD_OTHER, FD_VM, FD_VCPU };

/* What the shim knows of a file descriptor */
struct vcpu {
	uint8_t		kind;		/* enum fd_kind */
	bool		answered;	/* a hypercall exit awaits its KVM_RUN */
	int32_t		vm;		/* FD_VM, FD_VCPU: the VM, or -1 */
	int		id;		/* FD_VCPU: the vCPU id */
	struct kvm_run	*run;
};

typedef int (*ioctl_fn)(int, unsigned long, ...);
typedef void *(*mmap_fn)(void *, size_t, int, int, int, off_t);
typedef int (*close_fn)(int);

static ioctl_fn real_ioctl;
static mmap_fn real_mmap;
static close_fn real_close;
static struct vcpu vcpus[MAX_FDS];
static _Atomic int32_t nr_vms;
static struct shim_ring *ring;
static bool want_regs;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static __thread int32_t tid;
static __thread int32_t run_vm = INT32_MIN, run_vcpu;	/* its last KVM_RUN */

/* A forked child's thread is another thread */
static void forget_tid(void)
{
	tid = 0;
	run_vm = INT32_MIN;
}

static void emit(struct shim_record *r)
{
	if (!ring)
		return;
	if (!tid)
		tid = (int32_t)syscall(SYS_gettid);
	r->tid = tid;
	shim_ring_put(ring, r);
}

/* Map the recorder's ring; without one the shim only passes calls on */
static void map_ring(const char *path)
{
	size_t size = shim_ring_size(SHIM_SLOTS);
	struct shim_ring *map;
	struct stat st;
	int fd;

	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return;
	/* a shorter file would fault on access: not ours, leave it */
	if (fstat(fd, &st) || st.st_size < (off_t)size) {
		close(fd);
		return;
	}
	map = real_mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return;
	if (map->magic != SHIM_MAGIC || map->slots != SHIM_SLOTS) {
		munmap(map, size);
		return;
	}
	ring = map;
}

__attribute__((constructor)) static void shim_init(void)
{
	const char *out = getenv(SHIM_OUT_ENV), *regs = getenv(SHIM_REGS_ENV);

	if (real_ioctl)
		return;
	real_mmap = (mmap_fn)dlsym(RTLD_NEXT, "mmap");
	real_ioctl = (ioctl_fn)dlsym(RTLD_NEXT, "ioctl");
	real_close = (close_fn)dlsym(RTLD_NEXT, "close");
	if (out && real_mmap)
		map_ring(out);
	pthread_atfork(NULL, NULL, forget_tid);
	want_regs = regs && !strcmp(regs, "1");
}

/* Guest registers x(first).. into @regs; returns how many it read */
static uint32_t read_regs(int fd, int first, uint32_t n, uint64_t *regs)
{
#ifdef __aarch64__
	struct kvm_one_reg reg;
	uint32_t i;

	for (i = 0; i < n; i++) {
		reg.id = KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE |
			 ((offsetof(struct kvm_regs, regs.regs) +
			   (size_t)(first + (int)i) * sizeof(uint64_t)) / sizeof(uint32_t));
		reg.addr = (uint64_t)(uintptr_t)&regs[i];
		if (real_ioctl(fd, KVM_GET_ONE_REG, &reg))
			regs[i] = 0;
	}
	return n;
#else
	return 0;
#endif
}

/* Before KVM_RUN: a new vCPU on this thread; the VMM's answer */
static void before_run(int fd, struct vcpu *v)
{
	struct shim_record r = { .type = SHIM_RESUME };

	if (run_vm != v->vm || run_vcpu != v->id) {
		struct shim_record run = {
			.type = SHIM_RUN, .ts = now_ns(), .vm = v->vm, .vcpu = v->id,
		};

		run_vm = v->vm;
		run_vcpu = v->id;
		emit(&run);
	}
	if (!v->answered)
		return;
	v->answered = false;
	r.ts = now_ns();
	r.vm = v->vm;
	r.vcpu = v->id;
	if (want_regs)
		r.nregs = read_regs(fd, 0, 4, r.regs);
	emit(&r);
}

static void after_run(int fd, struct vcpu *v)
{
	struct shim_record r = { .type = SHIM_EXIT };

	if (!v->run || v->run->exit_reason != KVM_EXIT_HYPERCALL)
		return;
	r.ts = now_ns();
	r.vm = v->vm;
	r.vcpu = v->id;
	r.nr = v->run->hypercall.nr;
	/* "__u64 flags" (6.4+) is where older headers have "__u32 longmode" */
	memcpy(&r.flags, &v->run->hypercall.longmode, sizeof(r.flags));
	if (want_regs)
		r.nregs = read_regs(fd, 1, 17, r.regs);
	v->answered = true;
	emit(&r);
}

/* An SMCCC filter range KVM accepted on VM fd @vm's VM */
static void filter_set(const struct vcpu *vm, const struct kvm_device_attr *attr)
{
	const struct smccc_filter *f = (const void *)(uintptr_t)attr->addr;
	struct shim_record r = { .type = SHIM_FILTER, .vcpu = -1 };

	if (attr->group != SMCCC_CTRL || attr->attr != SMCCC_FILTER || !f)
		return;
	r.ts = now_ns();
	r.vm = vm->vm;
	r.nr = f->base;
	r.flags = (uint64_t)f->nr_functions << 8 | f->action;
	emit(&r);
}

static void vm_created(int fd)
{
	struct shim_record r = { .type = SHIM_VM, .vcpu = -1 };

	r.ts = now_ns();
	r.vm = atomic_fetch_add(&nr_vms, 1);
	vcpus[fd] = (struct vcpu) { .kind = FD_VM, .vm = r.vm };
	emit(&r);
}

static void vcpu_created(const struct vcpu *vm, int fd, int id)
{
	struct shim_record r = { .type = SHIM_VCPU, .vcpu = id };

	r.ts = now_ns();
	r.vm = vm && vm->kind == FD_VM ? vm->vm : -1;
	vcpus[fd] = (struct vcpu) { .kind = FD_VCPU, .vm = r.vm, .id = id };
	emit(&r);
}

/* A new fd KVM_CREATE_DEVICE returned is no VM or vCPU, whatever it was */
static void forget_fd(int fd)
{
	if (fd >= 0 && fd < MAX_FDS)
		vcpus[fd] = (struct vcpu) { .kind = FD_OTHER };
}

/* The VMM's ioctl: passed on, with what the shim wants to see noted */
int ioctl(int fd, unsigned long request, ...)
{
	struct vcpu *v = fd >= 0 && fd < MAX_FDS ? &vcpus[fd] : NULL;
	bool vcpu = v && v->kind == FD_VCPU;
	va_list ap;
	void *arg;
	int ret;

	va_start(ap, request);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (!real_ioctl)
		shim_init();
	if (request == KVM_RUN && vcpu)
		before_run(fd, v);
	ret = real_ioctl(fd, request, arg);
	if (ret < 0)
		return ret;
	if (request == KVM_RUN && vcpu && ret == 0)
		after_run(fd, v);
	else if (request == KVM_CREATE_VM && ret < MAX_FDS)
		vm_created(ret);
	else if (request == KVM_CREATE_VCPU && ret < MAX_FDS)
		vcpu_created(v, ret, (int)(uintptr_t)arg);
	else if (request == KVM_CREATE_DEVICE && arg)
		forget_fd((int)((struct kvm_create_device *)arg)->fd);
	else if (request == KVM_SET_DEVICE_ATTR && ret == 0 && arg && v && v->kind == FD_VM)
		filter_set(v, arg);
	return ret;
}

/* The VMM's close: passed on; the number may come back as anything */
int close(int fd)
{
	if (!real_close)
		shim_init();
	forget_fd(fd);
	return real_close(fd);
}

/* The VMM's mmap: passed on; a vCPU's kvm_run mapping is noted */
void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	void *p;

	if (!real_mmap)
		shim_init();
	p = real_mmap(addr, len, prot, flags, fd, off);
	if (p != MAP_FAILED && fd >= 0 && fd < MAX_FDS && vcpus[fd].kind == FD_VCPU && !off)
		vcpus[fd].run = p;
	return p;
}
