// SPDX-License-Identifier: GPL-2.0
/*
 * The recorder's side of the preload shim: records put into the shared
 * ring as the shim puts them pair up into forwarded calls, alone
 * (--shim-only) or completing the calls the tracepoints found (--shim).
 */
#include <errno.h>
#include <stdlib.h>

#include <smccctrace/error.h>

#include "tap.h"

#include "shim-read.h"
#include "shim/shim-record.h"

#define MAX_CALLS	16

static struct sct_call calls[MAX_CALLS];
static size_t ncalls;

static int collect(const struct sct_call *c, void *data)
{
	if (ncalls < MAX_CALLS)
		calls[ncalls] = *c;
	ncalls++;
	return 0;
}

static struct shim_reader *reader(void)
{
	struct shim_reader *sr = shim_reader_create(true);

	if (!sr)
		printf("# %s\n", sct_last_error());
	return sr;
}

static void put_exit(struct shim_reader *sr, int32_t tid, int32_t vcpu, uint64_t ts,
		     uint32_t id, bool smc)
{
	struct shim_record r = {
		.type = SHIM_EXIT, .tid = tid, .vcpu = vcpu, .ts = ts, .nr = id,
		.flags = smc, .nregs = 3, .regs = { 7, 8, 9 },
	};

	shim_ring_put(shim_reader_ring(sr), &r);
}

static void put_resume(struct shim_reader *sr, int32_t tid, int32_t vcpu, uint64_t ts,
		       uint64_t x0)
{
	struct shim_record r = {
		.type = SHIM_RESUME, .tid = tid, .vcpu = vcpu, .ts = ts,
		.nregs = 4, .regs = { x0, 1, 2, 3 },
	};

	shim_ring_put(shim_reader_ring(sr), &r);
}

static void shim_only(void)
{
	struct shim_reader *sr = reader();

	if (!ok(sr, "a reader with its ring"))
		return;
	ncalls = 0;
	shim_stream(sr, collect, NULL);
	put_resume(sr, 10, 0, 50, 0);		/* its exit was before the shim */
	put_exit(sr, 10, 0, 100, 0xc6000001, false);
	put_exit(sr, 11, 1, 110, 0xc6000002, true);
	put_resume(sr, 11, 1, 150, 42);
	put_resume(sr, 10, 0, 180, 43);
	put_exit(sr, 10, 0, 200, 0xc6000003, false);
	is_u64(shim_poll(sr), 0, "a poll");
	is_u64(ncalls, 2, "a call as soon as its vCPU runs again; a lone resume is none");
	is_u64(calls[0].func_id, 0xc6000002, "first the call that ended first");
	ok(calls[0].conduit == SCT_CONDUIT_SMC && calls[0].vcpu == 1 && calls[0].tid == 11,
	   "an SMC on vCPU 1, thread 11");
	ok(calls[0].t_uexit == 110 && calls[0].t_entry == 150 && calls[0].t_vmm_exit == 110 &&
	   calls[0].t_vmm_resume == 150, "its times are the VMM's");
	ok(calls[0].nargs == 3 && calls[0].args[2] == 9 && calls[0].nresults == 4 &&
	   calls[0].results[0] == 42, "x1..x3 in, x0..x3 out");
	ok(calls[1].func_id == 0xc6000001 && calls[1].conduit == SCT_CONDUIT_HVC &&
	   calls[1].results[0] == 43 && !calls[1].incomplete, "the HVC of thread 10");
	is_u64(calls[1].seq, 1, "numbered in order");
	is_u64(shim_finish(sr), 0, "the end");
	is_u64(ncalls, 3, "the call never resumed comes at the end");
	ok(calls[2].incomplete && calls[2].t_entry == SCT_NO_TIME &&
	   calls[2].func_id == 0xc6000003, "incomplete");
	is_u64(shim_dropped(sr), 0, "nothing dropped");
	shim_reader_free(sr);
}

static struct sct_call traced(int32_t tid, uint8_t location, uint64_t t_uexit)
{
	struct sct_call c;

	sct_call_init(&c);
	c.tid = tid;
	c.location = location;
	c.t_uexit = t_uexit;
	c.conduit = SCT_CONDUIT_SMC;
	return c;
}

static void with_tracepoints(void)
{
	struct shim_reader *sr = reader();
	struct sct_call c;

	if (!sr)
		return;
	put_exit(sr, 20, 3, 100, 0x84000050, false);	/* its call the trace lost */
	put_resume(sr, 20, 3, 120, 0);
	put_exit(sr, 20, 3, 210, 0xc4000003, true);
	put_resume(sr, 20, 3, 260, 5);
	c = traced(20, SCT_LOC_USER, 205);
	shim_fill(sr, &c);
	ok(c.id_known && c.func_id == 0xc4000003, "the first pair at or after kvm_userspace_exit");
	ok(c.vcpu == 3 && c.t_vmm_exit == 210 && c.t_vmm_resume == 260 && c.results[0] == 5,
	   "its vCPU, the VMM's times and the results");
	is_u64(c.conduit, SCT_CONDUIT_SMC, "the tracepoints' conduit stays");
	c = traced(20, SCT_LOC_USER, 0);
	shim_fill(sr, &c);
	ok(!c.id_known && c.vcpu == 3, "the older pair is gone with it: none is left");
	c = traced(20, SCT_LOC_KERNEL, SCT_NO_TIME);
	shim_fill(sr, &c);
	ok(c.vcpu == 3 && !c.id_known, "a kernel call gets the thread's vCPU only");
	c = traced(21, SCT_LOC_USER, 300);
	shim_fill(sr, &c);
	ok(c.vcpu == -1 && !c.id_known, "a thread the shim never saw gets nothing");
	shim_reader_free(sr);
}
static void put(struct shim_reader *sr, uint32_t type, int32_t tid, int32_t vm,
		int32_t vcpu, uint64_t ts, uint64_t nr, uint64_t flags)
{
	struct shim_record r = {
		.type = type, .tid = tid, .vm = vm, .vcpu = vcpu, .ts = ts, .nr = nr,
		.flags = flags,
	};

	shim_ring_put(shim_reader_ring(sr), &r);
}

/* Several VMs one after the other on one thread, each with its filter */
static void vms(void)
{
	struct shim_reader *sr = reader();
	struct sct_vm_view view;
	int32_t vm, vcpu;
	struct sct_call c;

	if (!sr)
		return;
	put(sr, SHIM_VM, 1, 0, -1, 10, 0, 0);
	put(sr, SHIM_FILTER, 1, 0, -1, 11, 0xc4000003, 1 << 8 | 1);	/* DENY */
	put(sr, SHIM_VCPU, 1, 0, 0, 12, 0, 0);
	put(sr, SHIM_RUN, 1, 0, 0, 20, 0, 0);
	put(sr, SHIM_VM, 1, 1, -1, 100, 0, 0);
	put(sr, SHIM_FILTER, 1, 1, -1, 101, 0x84000000, 1 << 8 | 2);	/* FWD */
	put(sr, SHIM_FILTER, 1, 1, -1, 102, 0x84000000, 1 << 8 | 1);	/* overlaps */
	put(sr, SHIM_VM, 1, 2, -1, 200, 0, 0);
	put(sr, SHIM_FILTER, 1, 2, -1, 201, 0x80000000, 4 << 8 | 1);	/* reserved */
	put(sr, SHIM_RUN, 1, 1, 1, 120, 0, 0);
	put(sr, SHIM_RUN, 1, 2, 0, 220, 0, 0);
	shim_poll(sr);
	is_u64(shim_vm_count(sr), 3, "vms: three VMs");
	ok(shim_vm_get(sr, 0)->filter &&
	   sct_filter_lookup(shim_vm_get(sr, 0)->filter, 0xc4000003) == SCT_FILTER_DENY &&
	   sct_filter_lookup(shim_vm_get(sr, 0)->filter, 0x84000000) == SCT_FILTER_HANDLE,
	   "vms: VM 0 has its own filter");
	ok(shim_vm_get(sr, 1)->filter &&
	   sct_filter_lookup(shim_vm_get(sr, 1)->filter, 0x84000000) == SCT_FILTER_FWD_TO_USER,
	   "vms: VM 1 forwards what VM 0 does not deny");
	is_u64(shim_vm_get(sr, 1)->refused, 1, "vms: a range the model refuses is counted");
	is_u64(shim_vm_get(sr, 1)->t_filter, 101, "vms: when the filter was installed");
	is_u64(shim_vm_get(sr, 1)->t_created, 100, "vms: when the VM was created");
	ok(!shim_vm_get(sr, 2)->filter, "vms: a refused range makes no filter");
	shim_vm_view(sr, &view);
	ok(!view.vcpu_at(view.data, 1, 50, &vm, &vcpu) && vm == 0 && vcpu == 0,
	   "vms: thread 1 ran VM 0's vCPU 0 at 50");
	ok(!view.vcpu_at(view.data, 1, 150, &vm, &vcpu) && vm == 1 && vcpu == 1,
	   "vms: and VM 1's vCPU 1 at 150");
	ok(view.vcpu_at(view.data, 1, 5, &vm, &vcpu) && view.vcpu_at(view.data, 2, 50, &vm, &vcpu),
	   "vms: before its first KVM_RUN, or another thread: unknown");
	ok(view.filter_of(view.data, 1) == shim_vm_get(sr, 1)->filter &&
	   !view.filter_of(view.data, 2) && !view.filter_of(view.data, 7), "vms: each VM's filter");
	c = traced(1, SCT_LOC_KERNEL, SCT_NO_TIME);
	c.t_exit = 230;
	shim_fill(sr, &c);
	ok(c.vm == 2 && c.vcpu == 0, "vms: a kernel call gets the VM and vCPU of its time");
	shim_reader_free(sr);
}

/* record --probe --shim without --shim-regs: the probe's x1..x3 stay */
static void merge(void)
{
	struct shim_reader *sr = reader();
	struct shim_record r = {
		.type = SHIM_EXIT, .tid = 40, .vm = 0, .vcpu = 1, .ts = 100, .nr = 0xc6000001,
	};
	struct sct_call c;

	if (!sr)
		return;
	shim_ring_put(shim_reader_ring(sr), &r);
	put(sr, SHIM_RESUME, 40, 0, 1, 150, 0, 0);
	c = traced(40, SCT_LOC_USER, 90);
	c.nargs = 3;
	c.args[0] = 7;
	c.args[1] = 8;
	c.args[2] = 9;
	shim_fill(sr, &c);
	ok(c.id_known && c.vcpu == 1 && c.vm == 0 && c.t_vmm_resume == 150,
	   "merge: the shim's ID, vCPU, VM and times");
	ok(c.nargs == 3 && c.args[0] == 7 && c.args[2] == 9,
	   "merge: the probe's arguments stay when the shim read no registers");
	shim_reader_free(sr);
}

/* What is left in a thread's queue, as the calls shim_finish() makes of it */
struct queued {
	uint64_t	n;
	uint64_t	first_ts;
};

static int count(const struct sct_call *c, void *data)
{
	struct queued *q = data;

	if (!q->n++)
		q->first_ts = c->t_uexit;
	return 0;
}

static void limits(void)
{
	struct queued queued;
	struct shim_reader *sr = reader();
	struct shim_record f = { .type = SHIM_FILTER, .vcpu = -1, .vm = 0, .nr = 0xc6000000,
				 .flags = 16 << 8 | 2 };
	uint32_t i;

	if (!sr)
		return;
	shim_ring_put(shim_reader_ring(sr), &f);
	for (i = 0; i < SHIM_SLOTS + 5; i++)
		put_exit(sr, 30, 0, i, 1, false);
	is_u64(atomic_load(&shim_reader_ring(sr)->dropped), 6, "a full ring drops and counts");
	shim_poll(sr);
	is_u64(shim_dropped(sr), 6 + SHIM_SLOTS - 1 - SHIM_QUEUE_MAX,
	       "a thread's queue keeps the newest SHIM_QUEUE_MAX pairs");
	queued = (struct queued){ .first_ts = SCT_NO_TIME };
	shim_stream(sr, count, &queued);
	shim_finish(sr);
	is_u64(queued.n, SHIM_QUEUE_MAX, "and no more: as many calls at the end");
	is_u64(queued.first_ts, SHIM_SLOTS - 1 - SHIM_QUEUE_MAX, "the newest ones");
	ok(shim_vm_get(sr, 0) && shim_vm_get(sr, 0)->filter &&
	   sct_filter_lookup(shim_vm_get(sr, 0)->filter, 0xc600000f) == 2 &&
	   sct_filter_lookup(shim_vm_get(sr, 0)->filter, 0xc6000010) == 0, "the VMM's filter range");
	shim_reader_free(sr);
	errno = EALREADY;
	shim_reader_free(NULL);
	is_u64(errno, EALREADY, "shim_reader_free(NULL) leaves errno alone");
}

/* Failures come back the library's way: NULL, errno and the error text */
static void create_fails(void)
{
	const char *msg;

	setenv("TMPDIR", "/nonexistent-sct", 1);
	errno = 0;
	ok(!shim_reader_create(false) && errno == ENOENT, "no temporary directory: NULL, ENOENT");
	msg = sct_last_error();
	ok(!strncmp(msg, "/nonexistent-sct/smccctrace-shim-", 33) &&
	   strstr(msg, ": No such file or directory") != NULL, "  ... the file and the reason");
	printf("# %s\n", msg);
	unsetenv("TMPDIR");
}

int main(void)
{
	create_fails();
	shim_only();
	with_tracepoints();
	limits();
	vms();
	merge();
	return tap_done();
}
