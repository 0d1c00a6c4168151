/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * The SMCCC call record, the decoded trace events it is built from, and
 * the correlator that turns the one into the other.
 *
 * The correlator is pure C: it knows nothing of libtraceevent or SQLite.
 */
#ifndef SMCCCTRACE_CALL_H
#define SMCCCTRACE_CALL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What libsmccctrace.so exports: the declarations of the public headers */
#pragma GCC visibility push(default)

/* Exception classes (ESR_ELx.EC) of the calls */
#define SCT_EC_HVC32	0x12
#define SCT_EC_SMC32	0x13
#define SCT_EC_HVC64	0x16
#define SCT_EC_SMC64	0x17

/* kvm_exit ret values (ARM_EXCEPTION_*) */
#define SCT_EXIT_IRQ	0
#define SCT_EXIT_SERROR	1
#define SCT_EXIT_TRAP	2

/* KVM exit reasons that matter here */
#define SCT_KVM_EXIT_HYPERCALL	3
#define SCT_KVM_EXIT_MMIO	6
#define SCT_KVM_EXIT_SYSTEM_EVENT	24	/* PSCI SYSTEM_OFF, _RESET, _SUSPEND... */

/* Time stamps and latencies are in ns; this marks "not known" */
#define SCT_NO_TIME	UINT64_MAX

enum sct_conduit {
	SCT_CONDUIT_UNKNOWN	= 0,
	SCT_CONDUIT_HVC		= 1,
	SCT_CONDUIT_SMC		= 2,
};

/* Where a call was answered */
enum sct_location {
	SCT_LOC_UNKNOWN		= 0,
	SCT_LOC_KERNEL		= 1,	/* answered in KVM without leaving the kernel */
	SCT_LOC_USER		= 2,	/* forwarded to the VMM (KVM_EXIT_HYPERCALL) */
	SCT_LOC_DENIED		= 3,	/* denied by the SMCCC filter */
};

#define SCT_MAX_ARGS	17	/* x1..x17 (SMCCC 1.2) */
#define SCT_MAX_RESULTS	4	/* x0..x3 */

/**
 * struct sct_call - one SMCCC call a guest made
 * @seq: order of the call within its session (0, 1, ...)
 * @tid: the vCPU thread's id on the host
 * @vcpu: the vCPU index, or -1 when unknown
 * @vm: the VM (numbered 0, 1, ... in the order the VMM created them, as
 *      a VMM-side source saw it), or -1 when unknown
 * @func_id: the function ID (valid when @id_known)
 * @id_known: false for an SMC seen only through kvm_exit, or a cut call
 * @conduit: enum sct_conduit
 * @location: enum sct_location
 * @incomplete: its start or end was not seen (cut by the start or end of
 *              the trace, by lost events, or the vCPU did not come back
 *              at the call's return address); its latencies are SCT_NO_TIME
 * @ec: exception class of the trap (0 when not seen)
 * @imm: the HVC immediate (0 when not known)
 * @pc: guest PC at the exit (0 when not seen)
 * @cpu: host CPU of the exit (-1 when not seen)
 * @t_exit: kvm_exit time stamp, or SCT_NO_TIME
 * @t_uexit: kvm_userspace_exit time stamp (forwarded calls), or SCT_NO_TIME
 * @t_entry: kvm_entry (or the end of kernel work) time stamp, or SCT_NO_TIME
 * @t_vmm_exit: forwarded calls seen by the preload shim: when KVM_RUN
 *              returned to the VMM (CLOCK_MONOTONIC), or SCT_NO_TIME
 * @t_vmm_resume: the same: when the VMM called KVM_RUN again, or SCT_NO_TIME
 * @nargs: number of valid @args (x1.. from a VMM-side source)
 * @args: x1..x17 as the guest passed them
 * @nresults: number of valid @results (x0.. after the call)
 * @results: x0..x3 as the guest got them back
 */
struct sct_call {
	uint64_t	seq;
	int32_t		tid;
	int32_t		vcpu;
	int32_t		vm;
	uint32_t	func_id;
	bool		id_known;
	uint8_t		conduit;
	uint8_t		location;
	bool		incomplete;
	uint32_t	ec;
	uint64_t	imm;
	uint64_t	pc;
	int32_t		cpu;
	uint64_t	t_exit;
	uint64_t	t_uexit;
	uint64_t	t_entry;
	uint64_t	t_vmm_exit;
	uint64_t	t_vmm_resume;
	uint8_t		nargs;
	uint8_t		nresults;
	uint64_t	args[SCT_MAX_ARGS];
	uint64_t	results[SCT_MAX_RESULTS];
};

/* A call with nothing known yet: no ID, no times, vCPU and CPU -1 */
static inline void sct_call_init(struct sct_call *c)
{
	*c = (struct sct_call) {
		.vcpu = -1, .vm = -1, .cpu = -1,
		.t_exit = SCT_NO_TIME, .t_uexit = SCT_NO_TIME, .t_entry = SCT_NO_TIME,
		.t_vmm_exit = SCT_NO_TIME, .t_vmm_resume = SCT_NO_TIME,
	};
}

/* Latencies derived from a call; SCT_NO_TIME where not known */
static inline uint64_t sct_call_total_ns(const struct sct_call *c)
{
	if (c->incomplete || c->t_exit == SCT_NO_TIME || c->t_entry == SCT_NO_TIME)
		return SCT_NO_TIME;
	return c->t_entry - c->t_exit;
}

/* Forwarded calls: kvm_exit to kvm_userspace_exit */
static inline uint64_t sct_call_out_ns(const struct sct_call *c)
{
	if (c->incomplete || c->t_exit == SCT_NO_TIME || c->t_uexit == SCT_NO_TIME)
		return SCT_NO_TIME;
	return c->t_uexit - c->t_exit;
}

/* Forwarded calls: kvm_userspace_exit to kvm_entry (VMM work and back) */
static inline uint64_t sct_call_back_ns(const struct sct_call *c)
{
	if (c->incomplete || c->t_uexit == SCT_NO_TIME || c->t_entry == SCT_NO_TIME)
		return SCT_NO_TIME;
	return c->t_entry - c->t_uexit;
}

const char *sct_conduit_name(enum sct_conduit conduit);
const char *sct_location_name(enum sct_location location);
int sct_location_parse(const char *name);
int sct_vcpu_from_comm(const char *comm);

#define SCT_COMM_MAX	16	/* a Linux thread name with its NUL (TASK_COMM_LEN) */

/**
 * struct sct_thread - a thread that ran a vCPU of the traced VMM
 * @tid: its id on the host
 * @vcpu: its vCPU index, or -1 when unknown (sct_threads_number())
 * @first_exit_ns: its first kvm_exit's time stamp, or SCT_NO_TIME
 * @comm: its name as the trace recorded it ("" when unknown)
 */
struct sct_thread {
	int32_t		tid;
	int32_t		vcpu;
	uint64_t	first_exit_ns;
	char		comm[SCT_COMM_MAX];
};

int sct_threads_number(struct sct_thread *threads, size_t nr);

/* ---- decoded trace events: what every source hands the correlator ---- */

enum sct_event_type {
	SCT_EV_EXIT,		/* kvm_exit */
	SCT_EV_HVC,		/* kvm_hvc_arm64 */
	SCT_EV_USER_EXIT,	/* kvm_userspace_exit */
	SCT_EV_ENTRY,		/* kvm_entry */
	SCT_EV_LOST,		/* events were lost on @cpu before this point */
	SCT_EV_PROBE,		/* record --probe: the guest's registers at the call */
};

#define SCT_PROBE_REGS	8	/* x0..x7 */

/**
 * struct sct_event - one decoded trace event
 * @ts: time stamp in ns
 * @pid: the thread the event fired on (the vCPU thread)
 * @cpu: the host CPU whose buffer held it
 * @type: enum sct_event_type
 * @u.exit: kvm_exit: @ret (SCT_EXIT_*), @esr_ec (only for TRAP), @pc
 * @u.hvc: kvm_hvc_arm64: @pc (HVC + 4), @r0 (x0, the function ID), @imm
 * @u.uexit: kvm_userspace_exit: @reason (KVM_EXIT_*), @err (errno, <= 0)
 * @u.entry: kvm_entry: @pc
 * @u.lost: SCT_EV_LOST: @count events lost (0 when the count is unknown)
 * @u.probe: SCT_EV_PROBE: the guest's x0..x(@n - 1) as KVM took the call,
 *           and the vCPU's id @vcpu (-1 when the probe did not read it)
 */
struct sct_event {
	uint64_t	ts;
	int32_t		pid;
	int32_t		cpu;
	uint32_t	type;
	union {
		struct { int32_t ret; uint32_t esr_ec; uint64_t pc; } exit;
		struct { uint64_t pc; uint64_t r0; uint64_t imm; } hvc;
		struct { uint32_t reason; int32_t err; } uexit;
		struct { uint64_t pc; } entry;
		struct { uint64_t count; } lost;
		struct {
			uint64_t	x[SCT_PROBE_REGS];
			uint32_t	n;
			int32_t		vcpu;
		} probe;
	} u;
};

/* ---- the correlator ---- */

struct sct_correlator;
struct sct_filter;

/* Called for every finished call; a nonzero return aborts the feed */
typedef int (*sct_call_fn)(const struct sct_call *call, void *data);

/**
 * struct sct_exit_stats - counts of everything the correlator saw
 * @calls: calls emitted
 * @incomplete: of which incomplete
 * @by_location: calls per enum sct_location
 * @lost_events: events reported lost (sum of SCT_EV_LOST counts)
 * @lost_per_cpu: the same per CPU (CPUs >= 63 in [63])
 * @lost_markers: SCT_EV_LOST markers seen
 * @trap_ec: kvm_exit TRAP count per exception class (all exits, calls included)
 * @irq_exits: kvm_exit IRQ count
 * @serror_exits: kvm_exit SERROR count
 * @other_exits: kvm_exit with another ret value
 * @user_exits: kvm_userspace_exit count per exit reason (reasons >= 64 in [63])
 * @eintr: kvm_userspace_exit with a nonzero errno
 */
struct sct_exit_stats {
	uint64_t	calls;
	uint64_t	incomplete;
	uint64_t	by_location[4];
	uint64_t	lost_events;
	uint64_t	lost_per_cpu[64];
	uint64_t	lost_markers;
	uint64_t	trap_ec[64];
	uint64_t	irq_exits;
	uint64_t	serror_exits;
	uint64_t	other_exits;
	uint64_t	user_exits[64];
	uint64_t	eintr;
};

/**
 * struct sct_vm_view - what a VMM-side source (the preload shim) knows of
 * the VMs and vCPUs behind the threads
 * @vcpu_at: which VM and vCPU thread @tid ran at time @ts (the trace's
 *           clock); 0, or -1 when unknown
 * @filter_of: the SMCCC filter VM @vm ran with, or NULL when it had none;
 *             owned by the source, alive while the correlator runs
 * @data: passed to both
 */
struct sct_vm_view {
	int (*vcpu_at)(void *data, int32_t tid, uint64_t ts, int32_t *vm, int32_t *vcpu);
	const struct sct_filter *(*filter_of)(void *data, int32_t vm);
	void *data;
};

struct sct_correlator *sct_correlator_create(sct_call_fn fn, void *data);
void sct_correlator_set_vm_view(struct sct_correlator *corr,
				const struct sct_vm_view *view);
void sct_correlator_free(struct sct_correlator *corr);
void sct_correlator_set_filter(struct sct_correlator *corr,
			       const struct sct_filter *filter);
int sct_correlator_feed(struct sct_correlator *corr, const struct sct_event *ev);
int sct_correlator_finish(struct sct_correlator *corr);
const struct sct_exit_stats *sct_correlator_stats(const struct sct_correlator *corr);

#pragma GCC visibility pop

#endif /* SMCCCTRACE_CALL_H */
