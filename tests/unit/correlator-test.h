/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the correlator's unit tests: events made by hand, and
 * a run of a sequence through a fresh correlator collecting its calls.
 */
#ifndef SMCCCTRACE_CORRELATOR_TEST_H
#define SMCCCTRACE_CORRELATOR_TEST_H

#include <stdint.h>

#include <smccctrace/call.h>
#include <smccctrace/filter.h>

#include "tap.h"

#define MAX_CALLS 16

/* What collect() got from the last run (each test program its own) */
static struct sct_call calls[MAX_CALLS];
static int ncalls;

static inline int collect(const struct sct_call *c, void *data)
{
	if (ncalls < MAX_CALLS)
		calls[ncalls] = *c;
	ncalls++;
	return 0;
}

static inline struct sct_event ev_exit(uint64_t ts, int cpu, int pid, int ret,
				uint32_t ec, uint64_t pc)
{
	struct sct_event e = { .ts = ts, .cpu = cpu, .pid = pid, .type = SCT_EV_EXIT };

	e.u.exit.ret = ret;
	e.u.exit.esr_ec = ec;
	e.u.exit.pc = pc;
	return e;
}

static inline struct sct_event ev_hvc(uint64_t ts, int cpu, int pid, uint64_t r0)
{
	struct sct_event e = { .ts = ts, .cpu = cpu, .pid = pid, .type = SCT_EV_HVC };

	e.u.hvc.r0 = r0;
	e.u.hvc.imm = 0;
	e.u.hvc.pc = 0x1004;
	return e;
}

static inline struct sct_event ev_uexit(uint64_t ts, int cpu, int pid, uint32_t reason, int err)
{
	struct sct_event e = { .ts = ts, .cpu = cpu, .pid = pid, .type = SCT_EV_USER_EXIT };

	e.u.uexit.reason = reason;
	e.u.uexit.err = err;
	return e;
}

static inline struct sct_event ev_entry(uint64_t ts, int cpu, int pid, uint64_t pc)
{
	struct sct_event e = { .ts = ts, .cpu = cpu, .pid = pid, .type = SCT_EV_ENTRY };

	e.u.entry.pc = pc;
	return e;
}

static inline struct sct_event ev_lost(uint64_t ts, int cpu, uint64_t count)
{
	struct sct_event e = { .ts = ts, .cpu = cpu, .pid = -1, .type = SCT_EV_LOST };

	e.u.lost.count = count;
	return e;
}

/*
 * Run a sequence through a fresh correlator that places calls by @filter,
 * or by @view when given; returns its stats copy
 */
static inline struct sct_exit_stats run_in(const struct sct_event *evs, int n,
					   const struct sct_filter *filter,
					   const struct sct_vm_view *view)
{
	struct sct_correlator *corr;
	struct sct_exit_stats st;
	int i;

	ncalls = 0;
	corr = sct_correlator_create(collect, NULL);
	if (view)
		sct_correlator_set_vm_view(corr, view);
	else
		sct_correlator_set_filter(corr, filter);
	for (i = 0; i < n; i++)
		sct_correlator_feed(corr, &evs[i]);
	sct_correlator_finish(corr);
	st = *sct_correlator_stats(corr);
	sct_correlator_free(corr);
	return st;
}

static inline struct sct_exit_stats run(const struct sct_event *evs, int n,
					const struct sct_filter *filter)
{
	return run_in(evs, n, filter, NULL);
}

#define RUN(evs, f) run(evs, (int)(sizeof(evs) / sizeof(evs[0])), f)

#endif /* SMCCCTRACE_CORRELATOR_TEST_H */
