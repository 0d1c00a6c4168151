/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The calls and exit counts of session 1, which the store's unit tests
 * write first and check the rest against.
 */
#ifndef SMCCCTRACE_STORE_CALLS_H
#define SMCCCTRACE_STORE_CALLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <smccctrace/call.h>
#include <smccctrace/smccc.h>
#include <smccctrace/store.h>

#include "store-test.h"

/* ---- the calls of session 1 ---- */

#define NR_CALLS	5

static struct sct_call calls[NR_CALLS];

static inline void make_calls(void)
{
	struct sct_call *c;

	for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++)
		sct_call_init(&calls[i]);

	/* seq 0: a forwarded HVC with everything known */
	c = &calls[0];
	c->seq = 0;
	c->tid = 1234;
	c->vcpu = 2;
	c->vm = 1;
	c->func_id = 0xC4000003;
	c->id_known = true;
	c->conduit = SCT_CONDUIT_HVC;
	c->location = SCT_LOC_USER;
	c->ec = SCT_EC_HVC64;
	c->imm = 0;
	c->pc = 0xffff800080001234ull;
	c->cpu = 3;
	c->t_exit = 1000;
	c->t_uexit = 1500;
	c->t_entry = 4000;
	c->t_vmm_exit = 1700;
	c->t_vmm_resume = 3500;
	c->nargs = 3;
	c->args[0] = 1;
	c->args[1] = 0x8000000000000000ull;
	c->args[2] = UINT64_MAX;
	c->nresults = 4;
	c->results[0] = 0;
	c->results[1] = (uint64_t)-3;
	c->results[2] = 0xdeadbeefcafebabeull;
	c->results[3] = 7;

	/* seq 1: an SMC seen only through kvm_exit: ID unknown */
	c = &calls[1];
	c->seq = 1;
	c->tid = 1235;
	c->vcpu = -1;
	c->conduit = SCT_CONDUIT_SMC;
	c->location = SCT_LOC_KERNEL;
	c->ec = SCT_EC_SMC64;
	c->imm = 0xffff;
	c->pc = 0x40080000;
	c->cpu = -1;
	c->t_exit = 2000;
	c->t_uexit = SCT_NO_TIME;
	c->t_entry = 2100;
	c->nresults = 1;
	c->results[0] = UINT64_MAX;

	/* seq 2: cut by the start of the trace: nothing timed */
	c = &calls[2];
	c->seq = 2;
	c->tid = 1236;
	c->vcpu = 0;
	c->func_id = 0x84000000;
	c->id_known = true;
	c->conduit = SCT_CONDUIT_HVC;
	c->location = SCT_LOC_UNKNOWN;
	c->incomplete = true;
	c->cpu = 0;
	c->t_exit = SCT_NO_TIME;
	c->t_uexit = SCT_NO_TIME;
	c->t_entry = SCT_NO_TIME;

	/* seq 3: a SiP ID the name table does not know; all 17 arguments */
	c = &calls[3];
	c->seq = 3;
	c->tid = 1234;
	c->vcpu = 2;
	c->func_id = 0x82000123;
	c->id_known = true;
	c->conduit = SCT_CONDUIT_HVC;
	c->location = SCT_LOC_DENIED;
	c->ec = SCT_EC_HVC64;
	c->pc = 0xffff800080005678ull;
	c->cpu = 1;
	c->t_exit = 5000;
	c->t_uexit = SCT_NO_TIME;
	c->t_entry = 5300;
	c->nargs = SCT_MAX_ARGS;
	for (int i = 0; i < SCT_MAX_ARGS; i++)
		c->args[i] = (uint64_t)i * 0x1111111111111111ull;
	c->nresults = 2;
	c->results[0] = (uint64_t)-1;
	c->results[1] = 0;

	/* seq 4: incomplete at the end: exit seen, no entry */
	c = &calls[4];
	c->seq = 4;
	c->tid = 1235;
	c->vcpu = 1;
	c->func_id = 0x84000000;
	c->id_known = true;
	c->conduit = SCT_CONDUIT_HVC;
	c->location = SCT_LOC_KERNEL;
	c->incomplete = true;
	c->ec = SCT_EC_HVC64;
	c->pc = 0x1000;
	c->cpu = 2;
	c->t_exit = 9000;
	c->t_uexit = SCT_NO_TIME;
	c->t_entry = SCT_NO_TIME;
}

static inline void make_stats(struct sct_exit_stats *st)
{
	memset(st, 0, sizeof(*st));
	st->calls = NR_CALLS;
	st->incomplete = 2;
	st->by_location[SCT_LOC_UNKNOWN] = 1;
	st->by_location[SCT_LOC_KERNEL] = 2;
	st->by_location[SCT_LOC_USER] = 1;
	st->by_location[SCT_LOC_DENIED] = 1;
	st->lost_events = 5;
	st->lost_markers = 2;
	st->trap_ec[SCT_EC_HVC64] = 10;
	st->trap_ec[SCT_EC_SMC64] = 1;
	st->trap_ec[0x24] = 7;
	st->trap_ec[0x01] = 4;
	st->irq_exits = 3;
	st->user_exits[SCT_KVM_EXIT_HYPERCALL] = 1;
	st->user_exits[SCT_KVM_EXIT_MMIO] = 2;
	st->user_exits[10] = 6;
	st->eintr = 1;
}

/* Add session 1's calls, not in seq order; returns how many failed */
static inline int add_calls(struct sct_store *store)
{
	static const int order[NR_CALLS] = { 0, 2, 1, 4, 3 };
	int fails = 0;

	for (int i = 0; i < NR_CALLS; i++)
		fails += sct_store_add_call(store, &calls[order[i]]) != 0;
	return fails;
}

/* The file the tests write, in the temporary directory */
static char db1[256];

/*
 * Make the temporary directory and the calls; false (the plan said to be
 * a skip) when there is no directory
 */
static inline bool store_calls_start(void)
{
	if (tmpdir_make()) {
		printf("1..0 # SKIP cannot make a temporary directory\n");
		return false;
	}
	snprintf(db1, sizeof(db1), "%s/one.db", tmpdir);
	make_calls();
	return true;
}

#endif /* SMCCCTRACE_STORE_CALLS_H */
