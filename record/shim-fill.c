// SPDX-License-Identifier: GPL-2.0
/*
 * What the shim saw, given to calls: a forwarded call takes its thread's
 * pair (function ID, arguments, results, the VMM's times), and every call
 * its VM and vCPU from the runs of its thread; the correlator asks the
 * same of the VM view (shim_vm_view()).
 */
#include <stdint.h>
#include <string.h>

#include <smccctrace/call.h>
#include <smccctrace/filter.h>

#include "shim-reader.h"

/**
 * shim_fill_from - what a pair the shim saw tells of a call
 * @c: the call, filled where the pair knows more
 * @p: the pair
 */
void shim_fill_from(struct sct_call *c, const struct pair *p)
{
	uint8_t nargs = (uint8_t)(p->exit.nregs <= SCT_MAX_ARGS ? p->exit.nregs : SCT_MAX_ARGS);

	c->func_id = (uint32_t)p->exit.nr;
	c->id_known = true;
	if (c->conduit == SCT_CONDUIT_UNKNOWN)
		c->conduit = (p->exit.flags & 1) ? SCT_CONDUIT_SMC : SCT_CONDUIT_HVC;
	if (p->exit.vcpu >= 0)
		c->vcpu = p->exit.vcpu;
	if (p->exit.vm >= 0)
		c->vm = p->exit.vm;
	c->t_vmm_exit = p->exit.ts;
	/* what another source (the probe) read stays unless the shim read more */
	if (nargs > c->nargs) {
		c->nargs = nargs;
		memcpy(c->args, p->exit.regs, nargs * sizeof(c->args[0]));
	}
	c->t_vmm_resume = p->resume_ts;
	if (p->nresults > c->nresults) {
		c->nresults = (uint8_t)p->nresults;
		memcpy(c->results, p->results, p->nresults * sizeof(c->results[0]));
	}
}

/* The run of @t in effect at @ts, or NULL */
static const struct run *run_at(const struct shim_thread *t, uint64_t ts)
{
	size_t lo = 0, hi = t->nr_runs;

	/* the last run that began at or before @ts */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->runs[mid].ts <= ts)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? &t->runs[lo - 1] : NULL;
}

static int view_vcpu_at(void *data, int32_t tid, uint64_t ts, int32_t *vm, int32_t *vcpu)
{
	struct shim_reader *sr = data;
	const struct shim_thread *t;
	const struct run *run;

	/* the shim notes a KVM_RUN before making it: all is in the ring */
	shim_poll(sr);
	t = shim_thread_of(sr, tid, INT32_MIN);
	run = t ? run_at(t, ts) : NULL;
	if (!run)
		return -1;
	*vm = run->vm;
	*vcpu = run->vcpu;
	return 0;
}

static const struct sct_filter *view_filter_of(void *data, int32_t vm)
{
	struct shim_reader *sr = data;
	size_t i;

	for (i = 0; i < sr->nr_vms; i++)
		if (sr->vms[i].id == vm)
			return sr->vms[i].filter;
	return NULL;
}

/**
 * shim_vm_view - the reader as the correlator's view of VMs and vCPUs
 * @sr: the reader; it must outlive the correlator that uses @view
 * @view: receives the callbacks (see sct_correlator_set_vm_view())
 */
void shim_vm_view(struct shim_reader *sr, struct sct_vm_view *view)
{
	*view = (struct sct_vm_view) {
		.vcpu_at = view_vcpu_at, .filter_of = view_filter_of, .data = sr,
	};
}

/**
 * shim_fill - add what the VMM saw to a call the tracepoints found
 * @sr: the reader
 * @call: a call about to be stored
 *
 * Every call of a thread the shim saw gets its VM and vCPU (those the
 * thread ran when the call began); a forwarded one its function ID,
 * conduit, arguments, results and the VMM's times.
 */
void shim_fill(struct shim_reader *sr, struct sct_call *call)
{
	uint64_t ts = call->t_exit != SCT_NO_TIME ? call->t_exit : call->t_uexit;
	struct shim_thread *t;
	const struct run *run;

	shim_poll(sr);
	t = shim_thread_of(sr, call->tid, INT32_MIN);
	if (!t)
		return;
	run = ts != SCT_NO_TIME ? run_at(t, ts) : NULL;
	if (run && call->vm < 0)
		call->vm = run->vm;
	if (run && call->vcpu < 0)
		call->vcpu = run->vcpu;
	else if (!t->nr_runs && call->vcpu < 0)
		call->vcpu = t->vcpu;	/* its exits' vCPU */
	if (call->location != SCT_LOC_USER)
		return;
	while (t->nr && call->t_uexit != SCT_NO_TIME && queue_at(t, 0)->exit.ts < call->t_uexit)
		queue_pop(t);
	if (!t->nr)
		return;
	shim_fill_from(call, queue_at(t, 0));
	queue_pop(t);
}

/* How many VMs the shim saw */
size_t shim_vm_count(const struct shim_reader *sr)
{
	return sr->nr_vms;
}

/* VM @i (0 .. shim_vm_count() - 1) in the order first seen; @sr owns it */
const struct shim_vm *shim_vm_get(const struct shim_reader *sr, size_t i)
{
	return i < sr->nr_vms ? &sr->vms[i] : NULL;
}
