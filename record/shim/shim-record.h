/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the preload shim hands smccctrace record: fixed-size records in a
 * ring in a file both map shared. The shim (any VMM thread) claims a slot
 * with a compare-and-swap on @head, fills it and publishes it by setting
 * its @seq; it never waits: with no free slot the record is counted in
 * @dropped. The recorder consumes slots in order and advances @tail.
 * Both sides are built from this tree, so the layout is native.
 */
#ifndef SMCCCTRACE_SHIM_RECORD_H
#define SMCCCTRACE_SHIM_RECORD_H

#include <stdatomic.h>
#include <stdint.h>

#define SHIM_OUT_ENV	"SMCCCTRACE_SHIM_OUT"	/* the ring's file */
#define SHIM_REGS_ENV	"SMCCCTRACE_SHIM_REGS"	/* "1": read x1..x17 and x0..x3 */

enum shim_type {
	SHIM_EXIT	= 1,	/* KVM_RUN returned KVM_EXIT_HYPERCALL */
	SHIM_RESUME	= 2,	/* the vCPU's next KVM_RUN: the VMM answered */
	SHIM_FILTER	= 3,	/* KVM_SET_DEVICE_ATTR of an SMCCC filter range on a VM fd */
	SHIM_VM		= 4,	/* KVM_CREATE_VM */
	SHIM_VCPU	= 5,	/* KVM_CREATE_VCPU */
	SHIM_RUN	= 6,	/* a thread's KVM_RUN of another vCPU than its last */
};

/**
 * struct shim_record - one thing the shim saw
 * @type: enum shim_type
 * @tid: the thread
 * @vcpu: the vCPU id (KVM_CREATE_VCPU's argument), or -1
 * @nregs: valid entries of @regs
 * @vm: the VM: 0, 1, ... in the order the process created them (its
 *      KVM_CREATE_VM), or -1 when the shim did not see it created
 * @ts: CLOCK_MONOTONIC time stamp in ns
 * @nr: SHIM_EXIT: the function ID; SHIM_FILTER: the base
 * @flags: SHIM_EXIT: hypercall.flags (bit 0: SMC); SHIM_FILTER:
 *         nr_functions << 8 | action
 * @regs: SHIM_EXIT: x1..x17; SHIM_RESUME: x0..x3
 */
struct shim_record {
	uint32_t	type;
	int32_t		tid;
	int32_t		vcpu;
	uint32_t	nregs;
	int32_t		vm;
	uint32_t	pad;
	uint64_t	ts;
	uint64_t	nr;
	uint64_t	flags;
	uint64_t	regs[17];
};

#define SHIM_MAGIC	0x53434d53u	/* "SMCS" */
#define SHIM_SLOTS	65536u

struct shim_slot {
	_Atomic uint64_t	seq;	/* n + 1 once record n is in it */
	struct shim_record	rec;
};

/**
 * struct shim_ring - the shared file
 * @magic: SHIM_MAGIC
 * @slots: number of slots, a power of two
 * @head: records claimed so far (writers)
 * @tail: records consumed so far (the recorder)
 * @dropped: records lost to a full ring
 * @slot: the slots
 */
struct shim_ring {
	uint32_t		magic;
	uint32_t		slots;
	_Atomic uint64_t	head;
	_Atomic uint64_t	tail;
	_Atomic uint64_t	dropped;
	struct shim_slot	slot[];
};

static inline size_t shim_ring_size(uint32_t slots)
{
	return sizeof(struct shim_ring) + (size_t)slots * sizeof(struct shim_slot);
}

/*
 * Claim a slot, fill it and publish it; 0, or -1 (counted) when full.
 * A @head loaded before other producers and the recorder moved on can
 * be behind @tail: the ring only looks full then, so reload and retry;
 * the ring is full only when @head did not move since.
 */
static inline int shim_ring_put(struct shim_ring *ring, const struct shim_record *r)
{
	struct shim_slot *slot;
	uint64_t h, t, now;

	h = atomic_load_explicit(&ring->head, memory_order_relaxed);
	for (;;) {
#ifdef SHIM_RING_HOOK
		SHIM_RING_HOOK(ring);	/* a unit test's delay between the loads */
#endif
		t = atomic_load_explicit(&ring->tail, memory_order_acquire);
		if (h - t >= ring->slots) {
			now = atomic_load_explicit(&ring->head, memory_order_relaxed);
			if (now != h) {
				h = now;
				continue;
			}
			atomic_fetch_add_explicit(&ring->dropped, 1, memory_order_relaxed);
			return -1;
		}
		if (atomic_compare_exchange_weak_explicit(&ring->head, &h, h + 1,
							  memory_order_acq_rel,
							  memory_order_relaxed))
			break;
	}
	slot = &ring->slot[h & (ring->slots - 1)];
	slot->rec = *r;
	atomic_store_explicit(&slot->seq, h + 1, memory_order_release);
	return 0;
}

/*
 * The next published record into @r; 0, or -1 when there is none yet.
 * @slots is the reader's own count, a power of two: the VMM can write
 * the ring's header, so its @slots is never trusted for an index.
 */
static inline int shim_ring_get(struct shim_ring *ring, uint32_t slots,
				struct shim_record *r)
{
	uint64_t t = atomic_load_explicit(&ring->tail, memory_order_relaxed);
	struct shim_slot *slot = &ring->slot[t & (slots - 1)];

	if (atomic_load_explicit(&slot->seq, memory_order_acquire) != t + 1)
		return -1;
	*r = slot->rec;
	atomic_store_explicit(&ring->tail, t + 1, memory_order_release);
	return 0;
}

#endif /* SMCCCTRACE_SHIM_RECORD_H */
