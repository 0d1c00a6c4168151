// SPDX-License-Identifier: GPL-2.0
/*
 * The vCPU threads a source saw (import and record share it).
 */
#include <stdio.h>
#include <stdlib.h>

#include <smccctrace/array.h>

#include "threads.h"

static struct sct_thread *find(struct threads *t, int32_t tid)
{
	size_t i;

	/* the newest first: a thread's events come in runs */
	for (i = t->nr; i-- > 0;)
		if (t->v[i].tid == tid)
			return &t->v[i];
	return NULL;
}

/**
 * threads_add - a thread of the list, added when new
 * @t: the list
 * @tid: the thread
 * @comm: its name, or NULL; a name given later fills an empty one
 *
 * Returns the entry, which @t owns (valid until the next add), or NULL
 * when out of memory.
 */
struct sct_thread *threads_add(struct threads *t, int32_t tid, const char *comm)
{
	struct sct_thread *th = find(t, tid), *v;

	if (!th) {
		v = sct_array_room(t->v, &t->alloc, t->nr + 1, sizeof(*v));
		if (!v)
			return NULL;
		t->v = v;
		th = &t->v[t->nr++];
		*th = (struct sct_thread) { .tid = tid, .vcpu = -1,
					    .first_exit_ns = SCT_NO_TIME };
	}
	if (comm && !th->comm[0])
		snprintf(th->comm, sizeof(th->comm), "%s", comm);
	return th;
}

/**
 * threads_note_event - note a thread's first exit from the guest
 * @t: the list
 * @ev: an event; a kvm_exit or kvm_userspace_exit counts (the latter for
 *      kernels whose kvm_exit is not decoded, such as x86's), unless
 *      KVM_RUN failed: a signal can cut it short (EINTR) before the vCPU
 *      ever entered the guest, as QEMU's kicks do to every vCPU thread
 *      at start-up, secondary ones still powered off included
 * @comm_of: where a new thread's name comes from (into @buf), or NULL
 *
 * Returns 0, or -1 when out of memory.
 */
int threads_note_event(struct threads *t, const struct sct_event *ev,
		       const char *(*comm_of)(int32_t tid, char *buf, size_t size))
{
	struct sct_thread *th;
	char buf[SCT_COMM_MAX];

	if ((ev->type != SCT_EV_EXIT && ev->type != SCT_EV_USER_EXIT) || ev->pid < 0)
		return 0;
	if (ev->type == SCT_EV_USER_EXIT && ev->u.uexit.err)
		return 0;
	th = find(t, ev->pid);
	if (!th)
		th = threads_add(t, ev->pid, comm_of ? comm_of(ev->pid, buf, sizeof(buf)) : NULL);
	if (!th)
		return -1;
	if (th->first_exit_ns == SCT_NO_TIME)
		th->first_exit_ns = ev->ts;
	return 0;
}

/**
 * threads_release - free the list's memory; @t is left empty
 * @t: the list
 */
void threads_release(struct threads *t)
{
	free(t->v);
	*t = (struct threads) { 0 };
}
