/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The shim reader's state, shared by shim-read.c (the ring file, records
 * into per-thread queues and VMs) and shim-fill.c (the queues into calls,
 * the correlator's view of VMs and vCPUs). Private to record/.
 */
#ifndef SMCCCTRACE_RECORD_SHIM_READER_H
#define SMCCCTRACE_RECORD_SHIM_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <smccctrace/call.h>

#include "shim-read.h"
#include "shim/shim-record.h"

/* A forwarded call as the VMM saw it */
struct pair {
	struct shim_record	exit;
	uint64_t		resume_ts;	/* SCT_NO_TIME until it resumed */
	uint32_t		nresults;
	uint64_t		results[SCT_MAX_RESULTS];
};

/* From @ts on, the thread ran vCPU @vcpu of VM @vm */
struct run {
	uint64_t	ts;
	int32_t		vm;
	int32_t		vcpu;
};

struct shim_thread {
	int32_t		tid;
	int32_t		vcpu;
	struct pair	*q;		/* a ring of @cap pairs */
	size_t		head;
	size_t		nr;
	size_t		cap;
	struct run	*runs;		/* in time order */
	size_t		nr_runs;
	size_t		alloc_runs;
};

struct shim_reader {
	char			path[128];
	struct shim_ring	*ring;
	bool			regs;
	struct shim_thread	*threads;
	size_t			nr_threads;
	size_t			alloc_threads;
	size_t			last;		/* the thread found last */
	struct shim_vm		*vms;
	size_t			nr_vms;
	size_t			alloc_vms;
	uint64_t		dropped;
	sct_call_fn		fn;		/* --shim-only: calls as they end */
	void			*data;
	uint64_t		seq;
};

/* The @i-th oldest pair of @t's queue */
static inline struct pair *queue_at(const struct shim_thread *t, size_t i)
{
	return &t->q[(t->head + i) & (t->cap - 1)];
}

/* Drop the oldest pair of @t's queue (it has one) */
static inline void queue_pop(struct shim_thread *t)
{
	t->head = (t->head + 1) & (t->cap - 1);
	t->nr--;
}

struct shim_thread *shim_thread_of(struct shim_reader *sr, int32_t tid, int32_t vcpu);
void shim_fill_from(struct sct_call *c, const struct pair *p);

#endif /* SMCCCTRACE_RECORD_SHIM_READER_H */
