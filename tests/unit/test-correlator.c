// SPDX-License-Identifier: GPL-2.0
/*
 * The correlator on hand-made event sequences with exact expectations.
 */
#include <stdlib.h>

#include <smccctrace/call.h>
#include <smccctrace/filter.h>

#include "tap.h"

#define MAX_CALLS 16

static struct sct_call calls[MAX_CALLS];
static int ncalls;

static int collect(const struct sct_call *c, void *data)
{
	if (ncalls < MAX_CALLS)
		calls[ncalls] = *c;
	ncalls++;
	return 0;
}

static struct sct_event ev_exit(uint64_t ts, int cpu, int pid, int ret,
				uint32_t ec, uint64_t pc)
{
	struct sct_event e = { .ts = ts, .cpu = cpu, .pid = pid, .type = SCT_EV_EXIT };

	e.u.exit.ret = ret;
	e.u.exit.esr_ec = ec;
	e.u.exit.pc = pc;
	return e;
}

static struct sct_event ev_hvc(uint64_t ts, int cpu, int pid, uint64_t r0)
{
	struct sct_event e = { .ts = ts, .cpu = cpu, .pid = pid, .type = SCT_EV_HVC };

	e.u.hvc.r0 = r0;
	e.u.hvc.imm = 0;
	e.u.hvc.pc = 0x1004;
	return e;
}

static struct sct_event ev_uexit(uint64_t ts, int cpu, int pid, uint32_t reason, int err)
{
	struct sct_event e = { .ts = ts, .cpu = cpu, .pid = pid, .type = SCT_EV_USER_EXIT };

	e.u.uexit.reason = reason;
	e.u.uexit.err = err;
	return e;
}

static struct sct_event ev_entry(uint64_t ts, int cpu, int pid, uint64_t pc)
{
	struct sct_event e = { .ts = ts, .cpu = cpu, .pid = pid, .type = SCT_EV_ENTRY };

	e.u.entry.pc = pc;
	return e;
}

static struct sct_event ev_lost(uint64_t ts, int cpu, uint64_t count)
{
	struct sct_event e = { .ts = ts, .cpu = cpu, .pid = -1, .type = SCT_EV_LOST };

	e.u.lost.count = count;
	return e;
}

/* Run a sequence through a fresh correlator; returns its stats copy */
static struct sct_exit_stats run(const struct sct_event *evs, int n,
				 const struct sct_filter *filter)
{
	struct sct_correlator *corr;
	struct sct_exit_stats st;
	int i;

	ncalls = 0;
	corr = sct_correlator_create(collect, NULL);
	sct_correlator_set_filter(corr, filter);
	for (i = 0; i < n; i++)
		sct_correlator_feed(corr, &evs[i]);
	sct_correlator_finish(corr);
	st = *sct_correlator_stats(corr);
	sct_correlator_free(corr);
	return st;
}

#define RUN(evs, f) run(evs, (int)(sizeof(evs) / sizeof(evs[0])), f)

static void test_hvc_kernel(void)
{
	struct sct_event evs[] = {
		ev_exit(100, 0, 10, SCT_EXIT_TRAP, SCT_EC_HVC64, 0x1004),
		ev_hvc(110, 0, 10, 0xffffffff84000000ull),
		ev_entry(500, 0, 10, 0x1004),
	};
	struct sct_exit_stats st = RUN(evs, NULL);

	is_u64(ncalls, 1, "hvc kernel: one call");
	is_u64(calls[0].func_id, 0x84000000, "hvc kernel: ID is w0");
	ok(calls[0].id_known, "hvc kernel: ID known");
	is_u64(calls[0].conduit, SCT_CONDUIT_HVC, "hvc kernel: conduit");
	is_u64(calls[0].location, SCT_LOC_KERNEL, "hvc kernel: location");
	ok(!calls[0].incomplete, "hvc kernel: complete");
	is_u64(sct_call_total_ns(&calls[0]), 400, "hvc kernel: total");
	is_u64(sct_call_out_ns(&calls[0]), SCT_NO_TIME, "hvc kernel: no out time");
	is_u64(calls[0].pc, 0x1004, "hvc kernel: pc");
	is_u64(calls[0].tid, 10, "hvc kernel: tid");
	is_u64(calls[0].vcpu, (uint64_t)-1, "hvc kernel: vcpu unknown");
	is_u64(st.trap_ec[SCT_EC_HVC64], 1, "hvc kernel: trap counted");
	is_u64(st.by_location[SCT_LOC_KERNEL], 1, "hvc kernel: location counted");
}

static void test_hvc_forwarded(void)
{
	struct sct_event evs[] = {
		ev_exit(1000, 1, 10, SCT_EXIT_TRAP, SCT_EC_HVC64, 0x2004),
		ev_hvc(1010, 1, 10, 0xc6000001),
		ev_uexit(1200, 1, 10, SCT_KVM_EXIT_HYPERCALL, 0),
		ev_entry(2000, 1, 10, 0x2004),
	};

	RUN(evs, NULL);
	is_u64(ncalls, 1, "forwarded: one call");
	is_u64(calls[0].location, SCT_LOC_USER, "forwarded: location user");
	is_u64(sct_call_total_ns(&calls[0]), 1000, "forwarded: total");
	is_u64(sct_call_out_ns(&calls[0]), 200, "forwarded: out");
	is_u64(sct_call_back_ns(&calls[0]), 800, "forwarded: back");
	is_u64(calls[0].cpu, 1, "forwarded: cpu");
}

static void test_smc(void)
{
	struct sct_event evs[] = {
		ev_exit(100, 0, 10, SCT_EXIT_TRAP, SCT_EC_SMC64, 0x3000),
		ev_uexit(150, 0, 10, SCT_KVM_EXIT_HYPERCALL, 0),
		ev_entry(400, 0, 10, 0x3004),
		ev_exit(500, 0, 10, SCT_EXIT_TRAP, SCT_EC_SMC32, 0x3010),
		ev_entry(530, 0, 10, 0x3010),
		ev_exit(600, 0, 10, SCT_EXIT_TRAP, SCT_EC_HVC32, 0x3024),
		ev_hvc(601, 0, 10, 0x84000000),
		ev_entry(640, 0, 10, 0x3024),
	};

	RUN(evs, NULL);
	is_u64(ncalls, 3, "smc: three calls");
	is_u64(calls[0].conduit, SCT_CONDUIT_SMC, "smc forwarded: conduit");
	ok(!calls[0].id_known, "smc forwarded: ID unknown from tracepoints");
	is_u64(calls[0].location, SCT_LOC_USER, "smc forwarded: location");
	is_u64(sct_call_total_ns(&calls[0]), 300, "smc forwarded: total");
	is_u64(calls[1].conduit, SCT_CONDUIT_SMC, "smc32: conduit");
	is_u64(calls[1].location, SCT_LOC_KERNEL, "smc32 kernel: location");
	is_u64(sct_call_total_ns(&calls[1]), 30, "smc32 kernel: total");
	is_u64(calls[2].conduit, SCT_CONDUIT_HVC, "hvc32: conduit");
	is_u64(calls[2].ec, SCT_EC_HVC32, "hvc32: ec");
}

static void test_filter_locations(void)
{
	struct sct_filter_range deny = { 0x82000000, 16, SCT_FILTER_DENY };
	struct sct_filter_range fwd = { 0xc6000000, 16, SCT_FILTER_FWD_TO_USER };
	struct sct_filter *f = sct_filter_create();
	struct sct_event evs[] = {
		ev_exit(100, 0, 10, SCT_EXIT_TRAP, SCT_EC_HVC64, 0),
		ev_hvc(101, 0, 10, 0x82000001),
		ev_entry(150, 0, 10, 0),
		ev_exit(200, 0, 10, SCT_EXIT_TRAP, SCT_EC_HVC64, 0),
		ev_hvc(201, 0, 10, 0x84000000),
		ev_entry(250, 0, 10, 0),
		ev_exit(300, 0, 10, SCT_EXIT_TRAP, SCT_EC_SMC64, 0),
		ev_entry(350, 0, 10, 0),
	};
	struct sct_exit_stats st;

	ok(!sct_filter_add(f, &deny) && !sct_filter_add(f, &fwd), "filter: built");
	st = RUN(evs, f);
	is_u64(ncalls, 3, "filter: three calls");
	is_u64(calls[0].location, SCT_LOC_DENIED, "filter: DENY range is denied");
	is_u64(calls[1].location, SCT_LOC_KERNEL, "filter: ID in no range is kernel");
	is_u64(calls[2].location, SCT_LOC_UNKNOWN,
	       "filter: SMC of unknown ID with DENY ranges is unknown");
	is_u64(st.by_location[SCT_LOC_DENIED], 1, "filter: denied counted");
	RUN(evs, NULL);
	is_u64(calls[0].location, SCT_LOC_KERNEL, "no filter: not forwarded is kernel");
	sct_filter_free(f);
}

static void test_other_exits(void)
{
	struct sct_event evs[] = {
		ev_exit(100, 0, 10, SCT_EXIT_TRAP, 0x24, 0x1000),	/* MMIO */
		ev_uexit(120, 0, 10, SCT_KVM_EXIT_MMIO, 0),
		ev_entry(200, 0, 10, 0x1000),
		ev_exit(300, 0, 10, SCT_EXIT_IRQ, 0, 0x1000),
		ev_entry(310, 0, 10, 0x1000),
		ev_exit(400, 0, 10, SCT_EXIT_TRAP, SCT_EC_HVC64, 0x1004),
		ev_hvc(401, 0, 10, 0xc6000002),
		ev_uexit(450, 0, 10, SCT_KVM_EXIT_HYPERCALL, 0),
		ev_uexit(470, 0, 10, 10 /* KVM_EXIT_INTR */, -4),
		ev_entry(600, 0, 10, 0x1004),
		ev_exit(700, 0, 10, SCT_EXIT_TRAP, 0x24, 0x1000),
		ev_uexit(720, 0, 10, SCT_KVM_EXIT_MMIO, 0),
		ev_entry(800, 0, 10, 0x1000),
	};
	struct sct_exit_stats st = RUN(evs, NULL);

	is_u64(ncalls, 1, "other exits: only the HVC is a call");
	is_u64(calls[0].location, SCT_LOC_USER, "other exits: call forwarded");
	is_u64(sct_call_total_ns(&calls[0]), 200, "other exits: EINTR restart is one call");
	is_u64(st.trap_ec[0x24], 2, "other exits: MMIO traps counted");
	is_u64(st.irq_exits, 1, "other exits: IRQ counted");
	is_u64(st.user_exits[SCT_KVM_EXIT_MMIO], 2, "other exits: MMIO userspace exits");
	is_u64(st.user_exits[SCT_KVM_EXIT_HYPERCALL], 1, "other exits: hypercall exits");
	is_u64(st.eintr, 1, "other exits: EINTR counted");
}

static void test_migration_and_threads(void)
{
	struct sct_event evs[] = {
		ev_exit(100, 0, 10, SCT_EXIT_TRAP, SCT_EC_HVC64, 0),
		ev_exit(105, 1, 11, SCT_EXIT_TRAP, SCT_EC_HVC64, 0),
		ev_hvc(110, 0, 10, 0xc6000001),
		ev_hvc(111, 1, 11, 0x84000000),
		ev_uexit(130, 1, 10, SCT_KVM_EXIT_HYPERCALL, 0),	/* moved to CPU 1 */
		ev_entry(140, 0, 11, 0),					/* moved to CPU 0 */
		ev_entry(300, 1, 10, 0),
	};

	RUN(evs, NULL);
	is_u64(ncalls, 2, "threads: two calls");
	is_u64(calls[0].tid, 11, "threads: first to end is tid 11");
	is_u64(sct_call_total_ns(&calls[0]), 35, "threads: tid 11 total");
	is_u64(calls[0].location, SCT_LOC_KERNEL, "threads: tid 11 kernel");
	is_u64(calls[1].tid, 10, "threads: then tid 10");
	is_u64(sct_call_total_ns(&calls[1]), 200, "threads: migrated call total");
	is_u64(sct_call_out_ns(&calls[1]), 30, "threads: migrated call out");
	ok(!calls[1].incomplete, "threads: migrated call complete");
	is_u64(calls[1].cpu, 0, "threads: cpu is the exit's");
	is_u64(calls[1].seq, 1, "threads: seq in end order");
}

static void test_cut_by_trace(void)
{
	struct sct_event evs[] = {
		ev_hvc(100, 0, 10, 0x84000000),			/* exit before start */
		ev_entry(150, 0, 10, 0x1004),
		ev_uexit(160, 1, 11, SCT_KVM_EXIT_HYPERCALL, 0),	/* ditto, forwarded */
		ev_entry(190, 1, 11, 0x5000),
		ev_entry(200, 0, 12, 0x5000),				/* nothing to end */
		ev_exit(300, 0, 10, SCT_EXIT_TRAP, SCT_EC_HVC64, 0),
		ev_hvc(301, 0, 10, 0xc6000001),			/* trace ends */
	};
	struct sct_exit_stats st = RUN(evs, NULL);

	is_u64(ncalls, 3, "cut: three calls");
	ok(calls[0].incomplete && calls[0].id_known, "cut at start: incomplete, ID kept");
	is_u64(calls[0].func_id, 0x84000000, "cut at start: ID");
	is_u64(sct_call_total_ns(&calls[0]), SCT_NO_TIME, "cut at start: no latency");
	is_u64(calls[0].t_entry, 150, "cut at start: entry kept");
	is_u64(calls[1].location, SCT_LOC_USER, "cut forwarded: location user");
	ok(calls[1].incomplete && !calls[1].id_known, "cut forwarded: incomplete, no ID");
	ok(calls[2].incomplete, "cut at end: incomplete");
	is_u64(calls[2].location, SCT_LOC_UNKNOWN, "cut at end: location unknown");
	is_u64(calls[2].t_exit, 300, "cut at end: exit kept");
	is_u64(st.incomplete, 3, "cut: incomplete counted");
	is_u64(st.by_location[SCT_LOC_UNKNOWN], 1, "cut: unknown location counted");
}

static void test_lost(void)
{
	struct sct_event evs[] = {
		ev_exit(100, 0, 10, SCT_EXIT_TRAP, SCT_EC_HVC64, 0),
		ev_hvc(101, 0, 10, 0x84000000),
		ev_exit(102, 1, 11, SCT_EXIT_TRAP, SCT_EC_HVC64, 0),
		ev_hvc(103, 1, 11, 0x84000000),
		ev_lost(120, 0, 5),
		ev_entry(150, 0, 10, 0),
		ev_entry(151, 1, 11, 0),
		ev_exit(200, 0, 10, SCT_EXIT_TRAP, SCT_EC_HVC64, 0),
		ev_hvc(201, 0, 10, 0xc6000001),
		/* its kvm_entry was lost: the next exit cuts it */
		ev_exit(400, 0, 10, SCT_EXIT_TRAP, SCT_EC_HVC64, 0),
		ev_hvc(401, 0, 10, 0x84000000),
		ev_entry(420, 0, 10, 0),
	};
	struct sct_exit_stats st = RUN(evs, NULL);

	is_u64(ncalls, 4, "lost: four calls");
	ok(calls[0].incomplete && calls[0].tid == 10, "lost: call on the CPU is cut");
	ok(!calls[1].incomplete && calls[1].tid == 11, "lost: call on another CPU is not");
	ok(calls[2].incomplete && calls[2].func_id == 0xc6000001,
	   "lost: call without its entry is cut");
	is_u64(sct_call_total_ns(&calls[2]), SCT_NO_TIME, "lost: no invented latency");
	ok(!calls[3].incomplete, "lost: next call is whole");
	is_u64(sct_call_total_ns(&calls[3]), 20, "lost: next call total");
	is_u64(st.lost_events, 5, "lost: count");
	is_u64(st.lost_per_cpu[0], 5, "lost: counted on its CPU");
	is_u64(st.lost_per_cpu[1], 0, "lost: not on another");
	is_u64(st.lost_markers, 1, "lost: markers");
}

static void test_many_threads(void)
{
	struct sct_correlator *corr = sct_correlator_create(collect, NULL);
	struct sct_event e;
	int pid, bad = 0;

	ncalls = 0;
	for (pid = 1; pid <= 1000; pid++) {
		e = ev_exit(pid * 10, 0, pid, SCT_EXIT_TRAP, SCT_EC_HVC64, 0);
		bad |= sct_correlator_feed(corr, &e);
		e = ev_hvc(pid * 10 + 1, 0, pid, pid);
		bad |= sct_correlator_feed(corr, &e);
	}
	for (pid = 1; pid <= 1000; pid++) {
		e = ev_entry(100000 + pid, 0, pid, 0);
		bad |= sct_correlator_feed(corr, &e);
	}
	ok(!bad, "many threads: fed");
	is_u64(sct_correlator_stats(corr)->calls, 1000, "many threads: all calls");
	is_u64(sct_correlator_stats(corr)->incomplete, 0, "many threads: none cut");
	sct_correlator_free(corr);
	sct_correlator_free(NULL);
}

static struct sct_event ev_probe(uint64_t ts, int cpu, int pid, uint64_t x0,
				 uint64_t x1, uint32_t n)
{
	struct sct_event e = { .ts = ts, .cpu = cpu, .pid = pid, .type = SCT_EV_PROBE };

	e.u.probe.x[0] = x0;
	e.u.probe.x[1] = x1;
	e.u.probe.x[2] = 0x22;
	e.u.probe.x[3] = 0x33;
	e.u.probe.n = n;
	e.u.probe.vcpu = -1;
	return e;
}

/* The probe that also read the vCPU's id */
static struct sct_event ev_probe_vcpu(uint64_t ts, int cpu, int pid, uint64_t x0,
				      uint64_t x1, uint32_t n, int32_t vcpu)
{
	struct sct_event e = ev_probe(ts, cpu, pid, x0, x1, n);

	e.u.probe.vcpu = vcpu;
	return e;
}

static void test_probe(void)
{
	struct sct_filter_range deny = { 0xc2000000, 32, SCT_FILTER_DENY };
	struct sct_filter *f = sct_filter_create();
	struct sct_event evs[] = {
		ev_exit(100, 0, 10, SCT_EXIT_TRAP, SCT_EC_SMC64, 0),
		ev_probe(101, 0, 10, 0xc2000011, 0x11, 4),
		ev_entry(150, 0, 10, 0),
		ev_exit(200, 0, 10, SCT_EXIT_TRAP, SCT_EC_HVC64, 0),
		ev_hvc(201, 0, 10, 0x84000000),
		ev_probe_vcpu(202, 0, 10, 0x84000000, 0x99, 2, 3),
		ev_entry(250, 0, 10, 0),
		ev_probe(300, 0, 10, 0x86000000, 0, 1),		/* not in a call */
	};

	sct_filter_add(f, &deny);
	RUN(evs, f);
	is_u64(ncalls, 2, "probe: two calls");
	ok(calls[0].id_known && calls[0].func_id == 0xc2000011, "probe: an SMC gets its ID");
	is_u64(calls[0].location, SCT_LOC_DENIED, "probe: so a denied SMC is known");
	is_u64(calls[0].nargs, 3, "probe: x1..x3 are the arguments");
	ok(calls[0].args[0] == 0x11 && calls[0].args[2] == 0x33, "probe: argument values");
	is_u64(calls[1].func_id, 0x84000000, "probe: an HVC keeps kvm_hvc_arm64's ID");
	is_u64(calls[1].nargs, 1, "probe: fewer registers, fewer arguments");
	is_u64(calls[0].vcpu, (uint64_t)-1, "probe: without the vCPU's id, none");
	is_u64(calls[1].vcpu, 3, "probe: the vCPU's id");
	sct_filter_free(f);
}

static void test_vcpu_names(void)
{
	is_u64(sct_vcpu_from_comm("CPU 0/KVM"), 0, "vcpu name: QEMU");
	is_u64(sct_vcpu_from_comm("CPU 17/KVM"), 17, "vcpu name: QEMU, two digits");
	is_u64(sct_vcpu_from_comm("kvm-vcpu-3"), 3, "vcpu name: kvmtool");
	is_u64(sct_vcpu_from_comm("CPU 1/KVMX"), (uint64_t)-1, "vcpu name: trailing text");
	is_u64(sct_vcpu_from_comm("CPU /KVM"), (uint64_t)-1, "vcpu name: no number");
	is_u64(sct_vcpu_from_comm("testvmm"), (uint64_t)-1, "vcpu name: other thread");
	is_u64(sct_vcpu_from_comm(NULL), (uint64_t)-1, "vcpu name: none");
	is_u64(sct_vcpu_from_comm("crosvm_vcpu3"), 3, "vcpu name: crosvm");
	is_u64(sct_vcpu_from_comm("crosvm_vcpu12"), 12, "vcpu name: crosvm, two digits");
	is_u64(sct_vcpu_from_comm("fc_vcpu 3"), 3, "vcpu name: Firecracker");
	is_u64(sct_vcpu_from_comm("fc_vcpu3"), 3, "vcpu name: older Firecracker");
	is_u64(sct_vcpu_from_comm("vcpu3"), 3, "vcpu name: Cloud Hypervisor");
	is_u64(sct_vcpu_from_comm("vcpu"), (uint64_t)-1, "vcpu name: Cloud Hypervisor form, no number");
	is_u64(sct_vcpu_from_comm("fc_vcpu  3"), (uint64_t)-1, "vcpu name: two spaces");
	is_u64(sct_vcpu_from_comm("crosvm_vcpu3a"), (uint64_t)-1, "vcpu name: crosvm form, trailing text");
	is_u64(sct_vcpu_from_comm("kvm-vcpu-"), (uint64_t)-1, "vcpu name: kvmtool form, no number");
	is_u64(sct_vcpu_from_comm("vcpu-3"), (uint64_t)-1, "vcpu name: no VMM's form");
	is_u64(sct_vcpu_from_comm("CPU 99999999999/KVM"), (uint64_t)-1, "vcpu name: too big");
}

static void set_thread(struct sct_thread *t, int32_t tid, const char *comm, uint64_t first_exit)
{
	*t = (struct sct_thread) { .tid = tid, .vcpu = 99, .first_exit_ns = first_exit };
	snprintf(t->comm, sizeof(t->comm), "%s", comm);
}

static void test_threads_number(void)
{
	struct sct_thread t[4];

	/* every vCPU thread named: the names give the indexes */
	set_thread(&t[0], 10, "CPU 1/KVM", 500);
	set_thread(&t[1], 11, "CPU 0/KVM", 900);
	set_thread(&t[2], 12, "qemu-system-aar", SCT_NO_TIME);
	ok(!sct_threads_number(t, 3) && t[0].vcpu == 1 && t[1].vcpu == 0 && t[2].vcpu == -1,
	   "threads: QEMU's names give the indexes; a thread that never left the guest has none");
	/* none named: numbered in the order of their first exit */
	set_thread(&t[0], 20, "testvmm", 700);
	set_thread(&t[1], 21, "testvmm", 300);
	set_thread(&t[2], 22, "testvmm", SCT_NO_TIME);
	set_thread(&t[3], 19, "testvmm", 700);
	ok(!sct_threads_number(t, 4) && t[1].vcpu == 0 && t[3].vcpu == 1 && t[0].vcpu == 2 &&
	   t[2].vcpu == -1, "threads: unnamed ones numbered by first exit, ties by tid");
	/* some named, some not: the names are not trusted */
	set_thread(&t[0], 30, "vcpu5", 100);
	set_thread(&t[1], 31, "worker", 50);
	ok(!sct_threads_number(t, 2) && t[1].vcpu == 0 && t[0].vcpu == 1,
	   "threads: a mix is numbered by first exit");
	ok(!sct_threads_number(t, 0), "threads: none");
}

static void test_entry_pc(void)
{
	struct sct_event evs[] = {
		/* forwarded, never answered: the next VM starts at its entry */
		ev_exit(100, 0, 10, SCT_EXIT_TRAP, SCT_EC_HVC64, 0x2004),
		ev_hvc(101, 0, 10, 0xc6000001),
		ev_uexit(120, 0, 10, SCT_KVM_EXIT_HYPERCALL, 0),
		ev_entry(43000, 0, 10, 0x8000),
		ev_exit(43100, 0, 10, SCT_EXIT_TRAP, SCT_EC_HVC64, 0x8010),
		ev_hvc(43101, 0, 10, 0xc6000001),
		ev_uexit(43120, 0, 10, SCT_KVM_EXIT_HYPERCALL, 0),
		ev_entry(43200, 0, 10, 0x8010),
		/* an SMC returns 4 bytes on; at its own address it did not */
		ev_exit(44000, 0, 10, SCT_EXIT_TRAP, SCT_EC_SMC64, 0x3000),
		ev_uexit(44010, 0, 10, SCT_KVM_EXIT_HYPERCALL, 0),
		ev_entry(44100, 0, 10, 0x3000),
		ev_exit(45000, 0, 10, SCT_EXIT_TRAP, SCT_EC_SMC64, 0x3100),
		ev_uexit(45010, 0, 10, SCT_KVM_EXIT_HYPERCALL, 0),
		ev_entry(45100, 0, 10, 0x3104),
		/* an SMC KVM answers shows its own PC: the step comes later */
		ev_exit(45500, 0, 10, SCT_EXIT_TRAP, SCT_EC_SMC64, 0x3200),
		ev_entry(45520, 0, 10, 0x3200),
		ev_exit(45600, 0, 10, SCT_EXIT_TRAP, SCT_EC_SMC64, 0x3200),
		ev_entry(45620, 0, 10, 0x3204),
		/* handled in the kernel, back elsewhere (CPU_OFF, then CPU_ON) */
		ev_exit(46000, 0, 10, SCT_EXIT_TRAP, SCT_EC_HVC64, 0x3204),
		ev_hvc(46001, 0, 10, 0x84000002),
		ev_entry(47000, 0, 10, 0x9000),
	};
	struct sct_exit_stats st = RUN(evs, NULL);

	is_u64(ncalls, 7, "entry pc: seven calls");
	ok(calls[0].incomplete, "entry pc: unanswered call is incomplete");
	is_u64(calls[0].location, SCT_LOC_USER, "entry pc: unanswered call was forwarded");
	is_u64(calls[0].t_entry, SCT_NO_TIME, "entry pc: no end for the unanswered call");
	is_u64(sct_call_total_ns(&calls[0]), SCT_NO_TIME, "entry pc: no total latency");
	is_u64(sct_call_back_ns(&calls[0]), SCT_NO_TIME, "entry pc: no VMM time");
	is_u64(sct_call_out_ns(&calls[0]), SCT_NO_TIME, "entry pc: no out time");
	ok(!calls[1].incomplete, "entry pc: next call at its return PC is whole");
	is_u64(sct_call_total_ns(&calls[1]), 100, "entry pc: next call total");
	ok(calls[2].incomplete, "entry pc: SMC back at the SMC itself is incomplete");
	is_u64(sct_call_total_ns(&calls[2]), SCT_NO_TIME, "entry pc: ...with no latency");
	ok(!calls[3].incomplete, "entry pc: SMC back at PC + 4 is whole");
	is_u64(sct_call_total_ns(&calls[3]), 100, "entry pc: SMC total");
	ok(!calls[4].incomplete, "entry pc: kernel SMC back at its own PC is whole");
	is_u64(sct_call_total_ns(&calls[4]), 20, "entry pc: kernel SMC total");
	ok(calls[5].incomplete, "entry pc: kernel SMC back at PC + 4 is not its return");
	ok(calls[6].incomplete, "entry pc: kernel call back elsewhere is incomplete");
	is_u64(calls[6].location, SCT_LOC_KERNEL, "entry pc: ...answered in the kernel");
	is_u64(sct_call_total_ns(&calls[6]), SCT_NO_TIME, "entry pc: ...with no latency");
	is_u64(st.incomplete, 4, "entry pc: incomplete counted");
}

static void test_system_event(void)
{
	struct sct_event evs[] = {
		/* SYSTEM_SUSPEND: KVM answers, the VMM resumes at the entry point */
		ev_exit(100, 0, 10, SCT_EXIT_TRAP, SCT_EC_HVC64, 0x4004),
		ev_hvc(101, 0, 10, 0xc400000e),
		ev_uexit(130, 0, 10, SCT_KVM_EXIT_SYSTEM_EVENT, 0),
		ev_entry(900, 0, 10, 0x80000000),
		/* SYSTEM_OFF: the vCPU never comes back */
		ev_exit(1000, 1, 11, SCT_EXIT_TRAP, SCT_EC_HVC64, 0x4104),
		ev_hvc(1001, 1, 11, 0x84000008),
		ev_uexit(1030, 1, 11, SCT_KVM_EXIT_SYSTEM_EVENT, 0),
	};
	struct sct_exit_stats st = RUN(evs, NULL);

	is_u64(ncalls, 2, "system event: two calls");
	is_u64(calls[0].func_id, 0xc400000e, "system event: SYSTEM_SUSPEND");
	is_u64(calls[0].location, SCT_LOC_KERNEL, "system event: suspend is a kernel call");
	ok(!calls[0].incomplete, "system event: suspend resumed elsewhere is whole");
	is_u64(sct_call_total_ns(&calls[0]), 800, "system event: suspend total");
	is_u64(sct_call_out_ns(&calls[0]), SCT_NO_TIME, "system event: not forwarded");
	is_u64(calls[1].func_id, 0x84000008, "system event: SYSTEM_OFF");
	is_u64(calls[1].location, SCT_LOC_KERNEL, "system event: off is a kernel call");
	ok(calls[1].incomplete, "system event: off never returns: incomplete");
	is_u64(sct_call_total_ns(&calls[1]), SCT_NO_TIME, "system event: off has no latency");
	is_u64(st.by_location[SCT_LOC_KERNEL], 2, "system event: kernel counted");
	is_u64(st.by_location[SCT_LOC_UNKNOWN], 0, "system event: nothing unknown");
	is_u64(st.user_exits[SCT_KVM_EXIT_SYSTEM_EVENT], 2, "system event: exits counted");
}

/* A VMM-side view: thread 10 runs VM 0's vCPU 0, then from 1000 VM 1's */
static struct sct_filter *vm_filters[2];

static int view_vcpu_at(void *data, int32_t tid, uint64_t ts, int32_t *vm, int32_t *vcpu)
{
	if (tid != 10)
		return -1;
	*vm = ts < 1000 ? 0 : 1;
	*vcpu = 0;
	return 0;
}

static const struct sct_filter *view_filter_of(void *data, int32_t vm)
{
	return vm >= 0 && vm < 2 ? vm_filters[vm] : NULL;
}

static struct sct_exit_stats run_view(const struct sct_event *evs, int n)
{
	struct sct_vm_view view = { view_vcpu_at, view_filter_of, NULL };
	struct sct_correlator *corr;
	struct sct_exit_stats st;
	int i;

	ncalls = 0;
	corr = sct_correlator_create(collect, NULL);
	sct_correlator_set_vm_view(corr, &view);
	for (i = 0; i < n; i++)
		sct_correlator_feed(corr, &evs[i]);
	sct_correlator_finish(corr);
	st = *sct_correlator_stats(corr);
	sct_correlator_free(corr);
	return st;
}

static void test_vm_change(void)
{
	struct sct_filter_range fwd = { 0x84000000, 1, SCT_FILTER_FWD_TO_USER };
	struct sct_filter_range deny = { 0x84000000, 1, SCT_FILTER_DENY };
	struct sct_event evs[] = {
		/* VM 0 forwards, then is freed; VM 1 starts at the same PC */
		ev_exit(100, 0, 10, SCT_EXIT_TRAP, SCT_EC_HVC64, 0x1004),
		ev_hvc(101, 0, 10, 0x84000000),
		ev_uexit(120, 0, 10, SCT_KVM_EXIT_HYPERCALL, 0),
		ev_entry(1100, 0, 10, 0x1004),
		ev_exit(1200, 0, 10, SCT_EXIT_TRAP, SCT_EC_HVC64, 0x1004),
		ev_hvc(1201, 0, 10, 0x84000000),
		ev_entry(1250, 0, 10, 0x1004),
		/* a thread the view does not know: no VM, no filter */
		ev_exit(1300, 1, 11, SCT_EXIT_TRAP, SCT_EC_HVC64, 0x1004),
		ev_hvc(1301, 1, 11, 0x84000000),
		ev_entry(1350, 1, 11, 0x1004),
	};
	struct sct_exit_stats st;

	vm_filters[0] = sct_filter_create();
	vm_filters[1] = sct_filter_create();
	ok(!sct_filter_add(vm_filters[0], &fwd) && !sct_filter_add(vm_filters[1], &deny),
	   "vm change: filters built");
	st = run_view(evs, (int)(sizeof(evs) / sizeof(evs[0])));
	is_u64(ncalls, 3, "vm change: three calls");
	ok(calls[0].incomplete, "vm change: call cut by the next VM is incomplete");
	is_u64(sct_call_total_ns(&calls[0]), SCT_NO_TIME, "vm change: no latency");
	is_u64(calls[0].t_entry, SCT_NO_TIME, "vm change: no end");
	is_u64(calls[0].location, SCT_LOC_USER, "vm change: it was forwarded");
	is_u64(calls[0].vm, 0, "vm change: first call is VM 0's");
	is_u64(calls[0].vcpu, 0, "vm change: and vCPU 0's");
	ok(!calls[1].incomplete, "vm change: VM 1's call is whole");
	is_u64(calls[1].vm, 1, "vm change: second call is VM 1's");
	is_u64(calls[1].location, SCT_LOC_DENIED, "vm change: placed by VM 1's own filter");
	is_u64(sct_call_total_ns(&calls[1]), 50, "vm change: VM 1's call total");
	is_u64(calls[2].vm, (uint64_t)-1, "vm change: unknown thread, no VM");
	is_u64(calls[2].location, SCT_LOC_KERNEL, "vm change: no filter, kernel");
	is_u64(st.by_location[SCT_LOC_DENIED], 1, "vm change: denied counted");
	/* from tracepoints alone the same PC cannot tell the VMs apart */
	RUN(evs, NULL);
	ok(!calls[0].incomplete && calls[0].vm == -1,
	   "vm change: without a view, a new VM at the same PC is not seen");
	sct_filter_free(vm_filters[0]);
	sct_filter_free(vm_filters[1]);
}

/* A damaged trace's times go backwards: no latency, never a negative one */
static void test_backwards(void)
{
	struct sct_event evs[] = {
		ev_exit(1000, 0, 10, SCT_EXIT_TRAP, SCT_EC_HVC64, 0x1004),
		ev_hvc(1001, 0, 10, 0x84000000),
		ev_entry(400, 0, 10, 0x1004),				/* before its exit */
		ev_exit(2000, 0, 10, SCT_EXIT_TRAP, SCT_EC_HVC64, 0x1004),
		ev_hvc(2001, 0, 10, 0xc6000001),
		ev_uexit(1500, 0, 10, SCT_KVM_EXIT_HYPERCALL, 0),	/* out before exit */
		ev_entry(2500, 0, 10, 0x1004),
		ev_exit(3000, 0, 10, SCT_EXIT_TRAP, SCT_EC_HVC64, 0x1004),
		ev_hvc(3001, 0, 10, 0xc6000001),
		ev_uexit(3600, 0, 10, SCT_KVM_EXIT_HYPERCALL, 0),
		ev_entry(3500, 0, 10, 0x1004),				/* back before out */
		ev_exit(4000, 0, 10, SCT_EXIT_TRAP, SCT_EC_HVC64, 0x1004),
		ev_hvc(4001, 0, 10, 0x84000000),
		ev_entry(4000, 0, 10, 0x1004),				/* same time: zero */
	};
	struct sct_exit_stats st = RUN(evs, NULL);
	int i;

	is_u64(ncalls, 4, "backwards: four calls");
	for (i = 0; i < 3; i++) {
		ok(calls[i].incomplete, "backwards: incomplete");
		is_u64(sct_call_total_ns(&calls[i]), SCT_NO_TIME, "backwards: no total");
		is_u64(sct_call_out_ns(&calls[i]), SCT_NO_TIME, "backwards: no out");
		is_u64(sct_call_back_ns(&calls[i]), SCT_NO_TIME, "backwards: no back");
	}
	is_u64(calls[1].location, SCT_LOC_USER, "backwards: forwarded stays forwarded");
	ok(!calls[3].incomplete, "backwards: equal times are in order");
	is_u64(sct_call_total_ns(&calls[3]), 0, "backwards: zero latency");
	is_u64(st.incomplete, 3, "backwards: incomplete counted");
}

int main(void)
{
	test_entry_pc();
	test_system_event();
	test_vm_change();
	test_vcpu_names();
	test_threads_number();
	test_probe();
	test_hvc_kernel();
	test_hvc_forwarded();
	test_smc();
	test_filter_locations();
	test_other_exits();
	test_migration_and_threads();
	test_cut_by_trace();
	test_lost();
	test_many_threads();
	test_backwards();
	return tap_done();
}
