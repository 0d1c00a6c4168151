// SPDX-License-Identifier: GPL-2.0
/*
 * The vCPU threads a source saw (record/threads.c): which events make a
 * thread's first exit from the guest, and so its vCPU index when the VMM
 * left its threads unnamed. The events are those of a real QEMU 7.2 boot
 * of a 2-vCPU Linux guest (tests/e2e/real-qemu.sh): both vCPU threads'
 * first KVM_RUN is cut short by a signal before the guest runs, vCPU 1's
 * first; vCPU 1 enters only once vCPU 0 made PSCI CPU_ON.
 */
#include <errno.h>

#include "threads.h"
#include "tap.h"

static int feed(struct threads *t, uint64_t ts, int32_t tid, enum sct_event_type type,
		int32_t err)
{
	struct sct_event ev = { .ts = ts, .pid = tid, .type = type };

	if (type == SCT_EV_USER_EXIT)
		ev.u.uexit.err = err;
	return threads_note_event(t, &ev, NULL);
}

static const struct sct_thread *find(const struct threads *t, int32_t tid)
{
	size_t i;

	for (i = 0; i < t->nr; i++)
		if (t->v[i].tid == tid)
			return &t->v[i];
	return NULL;
}

static void qemu_start(void)
{
	struct threads t = { 0 };
	const struct sct_thread *v0, *v1;
	int bad = 0;

	bad |= feed(&t, 100, 151, SCT_EV_USER_EXIT, -EINTR);
	bad |= feed(&t, 200, 150, SCT_EV_USER_EXIT, -EINTR);
	bad |= feed(&t, 300, 150, SCT_EV_ENTRY, 0);
	bad |= feed(&t, 400, 150, SCT_EV_EXIT, 0);
	bad |= feed(&t, 500, 150, SCT_EV_USER_EXIT, 0);
	bad |= feed(&t, 900, 151, SCT_EV_ENTRY, 0);
	bad |= feed(&t, 950, 151, SCT_EV_USER_EXIT, -EINTR);
	bad |= feed(&t, 1000, 151, SCT_EV_EXIT, 0);
	ok(!bad, "qemu: events noted");
	v0 = find(&t, 150);
	v1 = find(&t, 151);
	ok(v0 && v1 && t.nr == 2, "qemu: both vCPU threads listed");
	if (!v0 || !v1)
		goto out;
	is_u64(v0->first_exit_ns, 400, "qemu: vCPU 0's first exit is its first kvm_exit");
	is_u64(v1->first_exit_ns, 1000,
	       "qemu: a KVM_RUN cut short by a signal is no exit from the guest");
	ok(!sct_threads_number(t.v, t.nr), "qemu: numbered");
	is_u64((uint64_t)v0->vcpu, 0, "qemu: the boot vCPU's thread is vCPU 0");
	is_u64((uint64_t)v1->vcpu, 1, "qemu: the secondary's thread is vCPU 1");
out:
	threads_release(&t);
}

/* A userspace exit KVM_RUN returned whole counts (x86 decodes no kvm_exit) */
static void user_exit_counts(void)
{
	struct threads t = { 0 };

	ok(!feed(&t, 70, 9, SCT_EV_USER_EXIT, 0) && !feed(&t, 80, 9, SCT_EV_EXIT, 0),
	   "user exit: noted");
	ok(t.nr == 1 && t.v[0].first_exit_ns == 70, "user exit: a whole one is a first exit");
	threads_release(&t);
}

int main(void)
{
	qemu_start();
	user_exit_counts();
	return tap_done();
}
