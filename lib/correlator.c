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
 * A call ends at the vCPU thread's next kvm_entry: the guest runs again.
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
	uint64_t	cpus;	/* CPUs the open call's events were on */
	struct sct_call	call;
};

struct sct_correlator {
	sct_call_fn		fn;
	void			*data;
	const struct sct_filter	*filter;
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
	t->cpus = cpu_bit(ev->cpu);
	t->state = T_CALL;
}

/* Where a call that did not go to userspace was answered */
static uint8_t kernel_location(const struct sct_correlator *corr,
			       const struct sct_call *c)
{
	size_t i, n;

	if (!corr->filter)
		return SCT_LOC_KERNEL;
	if (c->id_known)
		return sct_filter_lookup(corr->filter, c->func_id) == SCT_FILTER_DENY ?
			SCT_LOC_DENIED : SCT_LOC_KERNEL;
	/* An SMC's ID is unknown: only a filter without DENY ranges tells */
	n = sct_filter_count(corr->filter);
	for (i = 0; i < n; i++)
		if (sct_filter_get(corr->filter, i)->action == SCT_FILTER_DENY)
			return SCT_LOC_UNKNOWN;
	return SCT_LOC_KERNEL;
}

static int emit(struct sct_correlator *corr, struct thread *t)
{
	struct sct_call *c = &t->call;

	if (c->t_exit == SCT_NO_TIME || c->t_entry == SCT_NO_TIME)
		c->incomplete = true;
	if (c->location == SCT_LOC_UNKNOWN && c->t_entry != SCT_NO_TIME)
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
		ret = emit(corr, t);
	if (ev->u.exit.ret != SCT_EXIT_TRAP || !is_call_ec(ec)) {
		t->state = T_OTHER;
		return ret;
	}
	open_call(t, ev, (ec == SCT_EC_SMC64 || ec == SCT_EC_SMC32) ?
		  SCT_CONDUIT_SMC : SCT_CONDUIT_HVC, false);
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
			ret = emit(corr, t);
		open_call(t, ev, SCT_CONDUIT_HVC, true);
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
	if (reason != SCT_KVM_EXIT_HYPERCALL || ev->u.uexit.err)
		return 0;
	if (t->state != T_CALL || t->call.t_uexit != SCT_NO_TIME) {
		/* A forwarded call whose kvm_exit is not in the trace */
		if (t->state == T_CALL)
			ret = emit(corr, t);
		open_call(t, ev, SCT_CONDUIT_UNKNOWN, true);
	}
	t->call.location = SCT_LOC_USER;
	t->call.t_uexit = ev->ts;
	return ret;
}

/* record --probe: the registers give an SMC its ID, and any call its arguments */
static void on_kvm_probe(struct thread *t, const struct sct_event *ev)
{
	struct sct_call *c = &t->call;
	uint32_t i;

	if (t->state != T_CALL || !ev->u.probe.n)
		return;
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

static int on_kvm_entry(struct sct_correlator *corr, struct thread *t,
		    const struct sct_event *ev)
{
	if (t->state != T_CALL) {
		t->state = T_GUEST;
		return 0;
	}
	t->call.t_entry = ev->ts;
	return emit(corr, t);
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
		ret = emit(corr, t);
		if (ret)
			return ret;
	}
	return 0;
}
