// SPDX-License-Identifier: LGPL-2.1
/*
 * The correlator: a per-thread state machine that turns the time-ordered
 * kvm_exit / kvm_hvc_arm64 / kvm_userspace_exit / kvm_entry stream into
 * SMCCC calls.
 *
 *   HVC: kvm_exit (TRAP, EC HVC64/HVC32) -> kvm_hvc_arm64 (r0 = function ID)
 *        -> [kvm_userspace_exit reason HYPERCALL] -> kvm_entry
 *   SMC: kvm_exit (TRAP, EC SMC64/SMC32)
 *        -> [kvm_userspace_exit reason HYPERCALL] -> kvm_entry
 *
 * With record --probe, a probe event inside either gives the guest's
 * registers: an SMC's function ID and the call's arguments.
 *
 * A call ends when its vCPU enters the guest again at the call's return
 * address: an HVC's exit PC (the instruction after it); for an SMC, KVM
 * steps over the instruction only as the guest runs again, so kvm_entry
 * shows the SMC's own PC, unless the vCPU went to userspace in between
 * (a forwarded call), where the step is made first: PC + 4. A kvm_entry at another address,
 * or (with a VMM-side view) of another VM or vCPU on the same thread,
 * ends the call incomplete: the VMM dropped it (freed its VM, reset the
 * vCPU). The exception is a call followed by KVM_EXIT_SYSTEM_EVENT:
 * KVM answered it itself (PSCI SYSTEM_OFF, SYSTEM_RESET, SYSTEM_SUSPEND,
 * CPU_SUSPEND) and the VMM may restart the vCPU anywhere; it is located
 * in the kernel and incomplete only if its vCPU never enters again.
 * Other userspace exits in between (a signal's EINTR) are counted, not
 * calls. A call whose start or end the trace does not hold, or which was
 * open while events were lost on a CPU it ran on, is emitted incomplete.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <smccctrace/call.h>
#include <smccctrace/filter.h>

#include "internal.h"

enum thread_state {
	T_NONE,		/* not seen yet */
	T_GUEST,	/* entered the guest */
	T_OTHER,	/* in an exit that is not a call */
	T_CALL,		/* in a call */
};

struct thread {
	int32_t		pid;
	bool		used;
	uint8_t		state;
	bool		ret_known;	/* @ret_pc is known */
	bool		sysevent;	/* the call ended in KVM_EXIT_SYSTEM_EVENT */
	bool		uexited;	/* the open call went to userspace */
	uint64_t	ret_pc;		/* where the open call returns to */
	uint64_t	cpus;	/* CPUs the open call's events were on */
	struct sct_call	call;
};

struct sct_correlator {
	sct_call_fn		fn;
	void			*data;
	const struct sct_filter	*filter;
	struct sct_vm_view	view;
	bool			has_view;
	struct thread		*threads;
	size_t			nr_slots;	/* a power of two */
	size_t			nr_used;
	uint64_t		seq;
	struct sct_exit_stats	stats;
};

#define INITIAL_SLOTS	64

/**
 * sct_correlator_create - make a correlator
 * @fn: called with every finished call; the call is only valid during
 *      the callback
 * @data: passed to @fn
 *
 * Returns a correlator that the caller frees with sct_correlator_free(),
 * or NULL with errno set.
 */
struct sct_correlator *sct_correlator_create(sct_call_fn fn, void *data)
{
	struct sct_correlator *corr;

	corr = calloc(1, sizeof(*corr));
	if (!corr)
		goto fail;
	corr->threads = calloc(INITIAL_SLOTS, sizeof(*corr->threads));
	if (!corr->threads)
		goto fail;
	corr->nr_slots = INITIAL_SLOTS;
	corr->fn = fn;
	corr->data = data;
	return corr;
fail:
	free(corr);
	sct_set_error(ENOMEM, "out of memory");
	return NULL;
}

/**
 * sct_correlator_free - free a correlator; NULL is harmless
 * @corr: the correlator
 *
 * Calls still open are dropped: call sct_correlator_finish() first to
 * have them emitted.
 */
void sct_correlator_free(struct sct_correlator *corr)
{
	if (!corr)
		return;
	free(corr->threads);
	free(corr);
}

/**
 * sct_correlator_set_filter - tell the correlator the VM's SMCCC filter
 * @corr: the correlator
 * @filter: the filter the VM ran with, or NULL when unknown; the caller
 *          keeps it alive while the correlator runs
 *
 * With a filter, HVC calls answered in the kernel whose ID the filter
 * denies are located SCT_LOC_DENIED. Without one, every call answered in
 * the kernel is SCT_LOC_KERNEL: the tracepoints cannot tell the two apart.
 */
void sct_correlator_set_filter(struct sct_correlator *corr,
			       const struct sct_filter *filter)
{
	corr->filter = filter;
}

/**
 * sct_correlator_set_vm_view - tell the correlator which VM and vCPU each
 * thread runs, and each VM's filter
 * @corr: the correlator
 * @view: the source's callbacks (copied), or NULL to forget them
 *
 * With a view, every call gets its VM and vCPU, a call is located by its
 * own VM's filter (a filter given to sct_correlator_set_filter() wins),
 * and a call whose thread enters another VM or vCPU before it returned
 * is incomplete.
 */
void sct_correlator_set_vm_view(struct sct_correlator *corr,
				const struct sct_vm_view *view)
{
	corr->has_view = view != NULL;
	if (view)
		corr->view = *view;
}

/**
 * sct_correlator_stats - the counts so far
 * @corr: the correlator
 *
 * Returns counts owned by @corr, valid until it is freed.
 */
const struct sct_exit_stats *sct_correlator_stats(const struct sct_correlator *corr)
{
	return &corr->stats;
}

static size_t slot_of(int32_t pid, size_t nr_slots)
{
	return ((uint32_t)pid * 2654435761u) & (nr_slots - 1);
}

static int grow(struct sct_correlator *corr)
{
	size_t nr = corr->nr_slots * 2, i, j;
	struct thread *t;

	t = calloc(nr, sizeof(*t));
	if (!t)
		return sct_set_error(ENOMEM, "out of memory");
	for (i = 0; i < corr->nr_slots; i++) {
		if (!corr->threads[i].used)
			continue;
		j = slot_of(corr->threads[i].pid, nr);
		while (t[j].used)
			j = (j + 1) & (nr - 1);
		t[j] = corr->threads[i];
	}
	free(corr->threads);
	corr->threads = t;
	corr->nr_slots = nr;
	return 0;
}

static struct thread *get_thread(struct sct_correlator *corr, int32_t pid)
{
	size_t i;

	if ((corr->nr_used + 1) * 2 > corr->nr_slots && grow(corr))
		return NULL;
	i = slot_of(pid, corr->nr_slots);
	while (corr->threads[i].used) {
		if (corr->threads[i].pid == pid)
			return &corr->threads[i];
		i = (i + 1) & (corr->nr_slots - 1);
	}
	corr->threads[i].used = true;
	corr->threads[i].pid = pid;
	corr->threads[i].state = T_NONE;
	corr->nr_used++;
	return &corr->threads[i];
}

static uint64_t cpu_bit(int32_t cpu)
{
	return 1ull << (cpu >= 0 && cpu < 63 ? cpu : 63);
}

static void open_call(struct thread *t, const struct sct_event *ev,
		      uint8_t conduit, bool incomplete)
{
	struct sct_call *c = &t->call;

	sct_call_init(c);
	c->tid = ev->pid;
	c->conduit = conduit;
	c->location = SCT_LOC_UNKNOWN;
	c->incomplete = incomplete;
	t->ret_known = false;
	t->sysevent = false;
	t->uexited = false;
	t->cpus = cpu_bit(ev->cpu);
	t->state = T_CALL;
}

/* The VM and vCPU the view says @tid ran at @ts; false when unknown */
static bool vcpu_at(const struct sct_correlator *corr, int32_t tid, uint64_t ts,
		    int32_t *vm, int32_t *vcpu)
{
	if (!corr->has_view || ts == SCT_NO_TIME)
		return false;
	return !corr->view.vcpu_at(corr->view.data, tid, ts, vm, vcpu);
}

/* The first time stamp the call has */
static uint64_t call_start(const struct sct_call *c)
{
	return c->t_exit != SCT_NO_TIME ? c->t_exit : c->t_uexit;
}

/* The filter that placed the call: the one given, else its VM's */
static const struct sct_filter *filter_of(const struct sct_correlator *corr,
					  const struct sct_call *c)
{
	if (corr->filter || !corr->has_view || c->vm < 0)
		return corr->filter;
	return corr->view.filter_of(corr->view.data, c->vm);
}

/* Where a call that did not go to userspace was answered */
static uint8_t kernel_location(const struct sct_correlator *corr,
			       const struct sct_call *c)
{
	const struct sct_filter *f = filter_of(corr, c);
	size_t i, n;

	if (!f)
		return SCT_LOC_KERNEL;
	if (c->id_known)
		return sct_filter_lookup(f, c->func_id) == SCT_FILTER_DENY ?
			SCT_LOC_DENIED : SCT_LOC_KERNEL;
	/* An SMC's ID is unknown: only a filter without DENY ranges tells */
	n = sct_filter_count(f);
	for (i = 0; i < n; i++)
		if (sct_filter_get(f, i)->action == SCT_FILTER_DENY)
			return SCT_LOC_UNKNOWN;
	return SCT_LOC_KERNEL;
}

/*
 * A damaged trace can hold a call whose time stamps go backwards: its
 * latencies are unknown, never negative.
 */
static bool times_in_order(const struct sct_call *c)
{
	const uint64_t t[] = { c->t_exit, c->t_uexit, c->t_entry };
	uint64_t last = 0;
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		if (t[i] == SCT_NO_TIME)
			continue;
		if (t[i] < last)
			return false;
		last = t[i];
	}
	return true;
}

/*
 * @back: the vCPU came back (a kvm_entry, at whatever address), so a call
 * that did not go to userspace was answered in the kernel
 */
static int emit(struct sct_correlator *corr, struct thread *t, bool back)
{
	struct sct_call *c = &t->call;
	int32_t vm, vcpu;

	if (vcpu_at(corr, c->tid, call_start(c), &vm, &vcpu)) {
		c->vm = vm;
		if (c->vcpu < 0)
			c->vcpu = vcpu;
	}
	if (c->t_exit == SCT_NO_TIME || c->t_entry == SCT_NO_TIME ||
	    !times_in_order(c))
		c->incomplete = true;
	if (c->location == SCT_LOC_UNKNOWN && back)
		c->location = kernel_location(corr, c);
	c->seq = corr->seq++;
	corr->stats.calls++;
	corr->stats.incomplete += c->incomplete;
	corr->stats.by_location[c->location & 3]++;
	t->state = T_NONE;
	return corr->fn ? corr->fn(c, corr->data) : 0;
}

static bool is_call_ec(uint32_t ec)
{
	return ec == SCT_EC_HVC64 || ec == SCT_EC_HVC32 ||
	       ec == SCT_EC_SMC64 || ec == SCT_EC_SMC32;
}

static void count_exit(struct sct_exit_stats *s, const struct sct_event *ev)
{
	switch (ev->u.exit.ret) {
	case SCT_EXIT_TRAP:
		s->trap_ec[ev->u.exit.esr_ec & 63]++;
		break;
	case SCT_EXIT_IRQ:
		s->irq_exits++;
		break;
	case SCT_EXIT_SERROR:
		s->serror_exits++;
		break;
	default:
		s->other_exits++;
		break;
	}
}

static int on_kvm_exit(struct sct_correlator *corr, struct thread *t,
		   const struct sct_event *ev)
{
	uint32_t ec = ev->u.exit.esr_ec;
	int ret = 0;

	count_exit(&corr->stats, ev);
	/* A call still open here lost its kvm_entry */
	if (t->state == T_CALL)
		ret = emit(corr, t, false);
	if (ev->u.exit.ret != SCT_EXIT_TRAP || !is_call_ec(ec)) {
		t->state = T_OTHER;
		return ret;
	}
	open_call(t, ev, (ec == SCT_EC_SMC64 || ec == SCT_EC_SMC32) ?
		  SCT_CONDUIT_SMC : SCT_CONDUIT_HVC, false);
	/* An HVC's exit PC is already past it; see the top for an SMC's */
	t->ret_pc = ev->u.exit.pc;
	t->ret_known = true;
	t->call.ec = ec;
	t->call.pc = ev->u.exit.pc;
	t->call.cpu = ev->cpu;
	t->call.t_exit = ev->ts;
	return ret;
}

static int on_kvm_hvc(struct sct_correlator *corr, struct thread *t,
		  const struct sct_event *ev)
{
	struct sct_call *c = &t->call;
	int ret = 0;

	if (t->state != T_CALL || c->conduit != SCT_CONDUIT_HVC || c->id_known ||
	    c->t_uexit != SCT_NO_TIME) {
		/* Its kvm_exit is before the trace or was lost */
		if (t->state == T_CALL)
			ret = emit(corr, t, false);
		open_call(t, ev, SCT_CONDUIT_HVC, true);
		/* kvm_hvc_arm64's PC is the HVC's + 4: where it returns */
		t->ret_pc = ev->u.hvc.pc;
		t->ret_known = true;
	}
	c->func_id = (uint32_t)ev->u.hvc.r0;
	c->id_known = true;
	c->imm = ev->u.hvc.imm;
	return ret;
}

static int on_kvm_user_exit(struct sct_correlator *corr, struct thread *t,
			const struct sct_event *ev)
{
	struct sct_exit_stats *s = &corr->stats;
	uint32_t reason = ev->u.uexit.reason;
	int ret = 0;

	s->user_exits[reason < 63 ? reason : 63]++;
	if (ev->u.uexit.err)
		s->eintr++;
	if (t->state == T_CALL)
		t->uexited = true;
	if (ev->u.uexit.err)
		return 0;
	if (reason == SCT_KVM_EXIT_SYSTEM_EVENT && t->state == T_CALL &&
	    t->call.t_uexit == SCT_NO_TIME) {
		/* KVM answered the call and tells the VMM (PSCI SYSTEM_OFF...) */
		t->sysevent = true;
		t->call.location = SCT_LOC_KERNEL;
		return 0;
	}
	if (reason != SCT_KVM_EXIT_HYPERCALL)
		return 0;
	if (t->state != T_CALL || t->call.t_uexit != SCT_NO_TIME || t->sysevent) {
		/* A forwarded call whose kvm_exit is not in the trace */
		if (t->state == T_CALL)
			ret = emit(corr, t, false);
		open_call(t, ev, SCT_CONDUIT_UNKNOWN, true);
	}
	t->call.location = SCT_LOC_USER;
	t->call.t_uexit = ev->ts;
	return ret;
}

/* record --probe: the registers give an SMC its ID, any call its arguments and vCPU */
static void on_kvm_probe(struct thread *t, const struct sct_event *ev)
{
	struct sct_call *c = &t->call;
	uint32_t i;

	if (t->state != T_CALL || !ev->u.probe.n)
		return;
	if (ev->u.probe.vcpu >= 0 && c->vcpu < 0)
		c->vcpu = ev->u.probe.vcpu;
	if (!c->id_known) {
		c->func_id = (uint32_t)ev->u.probe.x[0];
		c->id_known = true;
	}
	if (!c->nargs) {
		for (i = 1; i < ev->u.probe.n && i < SCT_PROBE_REGS; i++)
			c->args[i - 1] = ev->u.probe.x[i];
		c->nargs = (uint8_t)(i - 1);
	}
}

/* Where the open call returns to, as kvm_entry shows it */
static uint64_t return_pc(const struct thread *t)
{
	if (t->call.conduit == SCT_CONDUIT_SMC && t->uexited)
		return t->ret_pc + 4;
	return t->ret_pc;
}

/* Another VM or vCPU than the call's ran on the thread since it began */
static bool vcpu_changed(const struct sct_correlator *corr, const struct thread *t,
			 uint64_t ts)
{
	int32_t vm0, vcpu0, vm1, vcpu1;

	if (!vcpu_at(corr, t->pid, call_start(&t->call), &vm0, &vcpu0) ||
	    !vcpu_at(corr, t->pid, ts, &vm1, &vcpu1))
		return false;
	return vm0 != vm1 || vcpu0 != vcpu1;
}

/*
 * The guest runs again: the call returned if its vCPU came back where the
 * call returns to (anywhere after a system event); else the VMM dropped
 * it and its end was never seen.
 */
static int on_kvm_entry(struct sct_correlator *corr, struct thread *t,
		    const struct sct_event *ev)
{
	bool changed;

	if (t->state != T_CALL) {
		t->state = T_GUEST;
		return 0;
	}
	changed = vcpu_changed(corr, t, ev->ts);
	if (changed || !(t->sysevent || !t->ret_known || ev->u.entry.pc == return_pc(t))) {
		t->call.incomplete = true;
		return emit(corr, t, !changed);
	}
	t->call.t_entry = ev->ts;
	return emit(corr, t, true);
}

/* Events were lost on a CPU: open calls that ran there are cut */
static void on_kvm_lost(struct sct_correlator *corr, const struct sct_event *ev)
{
	uint64_t bit = cpu_bit(ev->cpu);
	size_t i;

	corr->stats.lost_events += ev->u.lost.count;
	corr->stats.lost_per_cpu[ev->cpu >= 0 && ev->cpu < 63 ? ev->cpu : 63] += ev->u.lost.count;
	corr->stats.lost_markers++;
	for (i = 0; i < corr->nr_slots; i++) {
		struct thread *t = &corr->threads[i];

		if (t->used && t->state == T_CALL && (t->cpus & bit))
			t->call.incomplete = true;
	}
}

/**
 * sct_correlator_feed - hand the correlator the next event
 * @corr: the correlator
 * @ev: the event; events come in time order (per thread at least)
 *
 * Returns 0, the callback's nonzero return value when it asked to stop,
 * or -1 with errno set.
 */
int sct_correlator_feed(struct sct_correlator *corr, const struct sct_event *ev)
{
	struct thread *t;

	if (ev->type == SCT_EV_LOST) {
		on_kvm_lost(corr, ev);
		return 0;
	}
	t = get_thread(corr, ev->pid);
	if (!t)
		return -1;
	if (t->state == T_CALL)
		t->cpus |= cpu_bit(ev->cpu);
	switch (ev->type) {
	case SCT_EV_EXIT:
		return on_kvm_exit(corr, t, ev);
	case SCT_EV_HVC:
		return on_kvm_hvc(corr, t, ev);
	case SCT_EV_USER_EXIT:
		return on_kvm_user_exit(corr, t, ev);
	case SCT_EV_ENTRY:
		return on_kvm_entry(corr, t, ev);
	case SCT_EV_PROBE:
		on_kvm_probe(t, ev);
		return 0;
	default:
		return sct_set_error(EINVAL, "unknown event type %u", ev->type);
	}
}

/**
 * sct_correlator_finish - the trace has ended: emit the calls still open
 * @corr: the correlator
 *
 * Open calls are emitted incomplete, in thread-table order. Returns 0 or
 * the callback's nonzero return value.
 */
int sct_correlator_finish(struct sct_correlator *corr)
{
	size_t i;
	int ret;

	for (i = 0; i < corr->nr_slots; i++) {
		struct thread *t = &corr->threads[i];

		if (!t->used || t->state != T_CALL)
			continue;
		t->call.incomplete = true;
		ret = emit(corr, t, false);
		if (ret)
			return ret;
	}
	return 0;
}
