// SPDX-License-Identifier: GPL-2.0
/*
 * x86-guest: a tiny x86 KVM guest that exits to userspace as fast as it
 * can, so that the recorder's tracefs machinery can be tested on an x86
 * host: real-mode code doing "out dx, al" in a loop, each one a kvm_exit,
 * a kvm_userspace_exit (KVM_EXIT_IO) and a kvm_entry.
 *
 *	x86-guest [EXITS]      stop after EXITS port writes (0: run until killed)
 *	x86-guest -l PIDFILE EXITS
 *	                       wait for PIDFILE to name a recorder and for its
 *	                       instance to trace, then run the guest in a new
 *	                       thread (a VMM that starts its vCPU threads after
 *	                       the recorder attached)
 *	x86-guest -w PIDFILE EXITS
 *	                       wait for PIDFILE to name a recorder, then for its
 *	                       tracefs instance (smccctrace-PID); start the vCPU
 *	                       thread as soon as the instance is there (while the
 *	                       recorder starts up), and let it run the guest once
 *	                       tracing is on in the instance
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <linux/kvm.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define MEM_SIZE	0x10000
#define CODE_ADDR	0x1000

/* mov dx, 0x10; l: out dx, al; jmp l */
static const uint8_t code[] = { 0xba, 0x10, 0x00, 0xee, 0xeb, 0xfd };

static int fail(const char *what)
{
	perror(what);
	return 1;
}

static int setup(int vm, int vcpu, uint8_t *mem)
{
	struct kvm_userspace_memory_region region = {
		.memory_size = MEM_SIZE, .userspace_addr = (uint64_t)(uintptr_t)mem,
	};
	struct kvm_sregs sregs;
	struct kvm_regs regs;

	memcpy(mem + CODE_ADDR, code, sizeof(code));
	if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region))
		return fail("KVM_SET_USER_MEMORY_REGION");
	if (ioctl(vcpu, KVM_GET_SREGS, &sregs))
		return fail("KVM_GET_SREGS");
	sregs.cs.base = 0;
	sregs.cs.selector = 0;
	if (ioctl(vcpu, KVM_SET_SREGS, &sregs))
		return fail("KVM_SET_SREGS");
	memset(&regs, 0, sizeof(regs));
	regs.rip = CODE_ADDR;
	regs.rflags = 2;
	if (ioctl(vcpu, KVM_SET_REGS, &regs))
		return fail("KVM_SET_REGS");
	return 0;
}

/* The VM and its vCPU, run for @exits port writes (0: for ever) */
static int run_guest(unsigned long long exits)
{
	unsigned long long n = 0;
	int kvm, vm, vcpu;
	struct kvm_run *run;
	uint8_t *mem;
	long size;

	kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0)
		return fail("/dev/kvm");
	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	vcpu = vm < 0 ? -1 : ioctl(vm, KVM_CREATE_VCPU, 0);
	size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (vm < 0 || vcpu < 0 || size <= 0)
		return fail("KVM_CREATE_VM/VCPU");
	mem = mmap(NULL, MEM_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	run = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
	if (mem == MAP_FAILED || run == MAP_FAILED)
		return fail("mmap");
	if (setup(vm, vcpu, mem))
		return 1;
	while (!exits || n < exits) {
		if (ioctl(vcpu, KVM_RUN, 0) < 0)
			return fail("KVM_RUN");
		if (run->exit_reason != KVM_EXIT_IO) {
			fprintf(stderr, "x86-guest: exit reason %u\n", run->exit_reason);
			return 1;
		}
		n++;
	}
	printf("%llu\n", n);
	return 0;
}

static void *guest_thread(void *arg)
{
	return (void *)(intptr_t)run_guest(*(unsigned long long *)arg);
}

#define INSTANCES	"/sys/kernel/tracing/instances/smccctrace-"

static char tracing_on[128], event_pid[128];

/* The first byte of @path, or 0 when it cannot be read */
static char first_byte(const char *path)
{
	char c = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd >= 0) {
		if (read(fd, &c, 1) != 1)
			c = 0;
		close(fd);
	}
	return c;
}

/*
 * The vCPU thread of -w: the guest runs once the instance traces. A new
 * instance traces at once, with no pid to follow: wait for both, pids
 * set (the recorder turned tracing off before) and tracing on again.
 */
static void wait_traced(void)
{
	while (!first_byte(event_pid) || first_byte(tracing_on) != '1')
		sched_yield();
}

static void *traced_thread(void *arg)
{
	wait_traced();
	return guest_thread(arg);
}

/*
 * -w PIDFILE EXITS: the vCPU thread starts while the recorder starts up;
 * -l PIDFILE EXITS (@later): only once the recorder's instance traces
 */
static int run_traced(const char *pidfile, unsigned long long exits, bool later)
{
	char dir[96];
	long pid = 0;
	pthread_t thread;
	void *ret;
	FILE *f;

	while (pid <= 0) {
		f = fopen(pidfile, "r");
		if (f) {
			if (fscanf(f, "%ld", &pid) != 1)
				pid = 0;
			fclose(f);
		}
		sched_yield();
	}
	snprintf(dir, sizeof(dir), INSTANCES "%ld", pid);
	snprintf(tracing_on, sizeof(tracing_on), "%s/tracing_on", dir);
	snprintf(event_pid, sizeof(event_pid), "%s/set_event_pid", dir);
	while (access(dir, F_OK))
		if (errno != ENOENT)
			return fail(dir);
	if (later)
		wait_traced();
	if (pthread_create(&thread, NULL, later ? guest_thread : traced_thread, &exits) ||
	    pthread_join(thread, &ret))
		return fail("pthread");
	return (int)(intptr_t)ret;
}

int main(int argc, char **argv)
{
	if (argc > 3 && !strcmp(argv[1], "-w"))
		return run_traced(argv[2], strtoull(argv[3], NULL, 0), false);
	if (argc > 3 && !strcmp(argv[1], "-l"))
		return run_traced(argv[2], strtoull(argv[3], NULL, 0), true);
	return run_guest(argc > 1 ? strtoull(argv[1], NULL, 0) : 0);
}
