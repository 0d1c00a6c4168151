// SPDX-License-Identifier: GPL-2.0
/*
 * The correlator on hand-made event sequences with exact expectations:
 * locations, other exits, threads, cut and lost events, times.
 */
#include <stdlib.h>

#include <smccctrace/call.h>
#include <smccctrace/filter.h>

#include "correlator-test.h"

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
