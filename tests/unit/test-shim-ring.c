// SPDX-License-Identifier: GPL-2.0
/*
 * The preload shim's ring (record/shim/shim-record.h): a record is dropped
 * only when every slot is taken, however the producers interleave with
 * each other and with the recorder draining it.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include "tap.h"

struct shim_ring;
static void between_loads(struct shim_ring *ring);
#define SHIM_RING_HOOK(ring)	between_loads(ring)

#include "../../record/shim/shim-record.h"

/* What runs between a producer's loads of head and tail (the hook) */
static void (*delay)(struct shim_ring *ring);

static void between_loads(struct shim_ring *ring)
{
	void (*fn)(struct shim_ring *) = delay;

	delay = NULL;		/* once: the hook itself puts records */
	if (fn)
		fn(ring);
}

static struct shim_ring *ring_create(uint32_t slots)
{
	struct shim_ring *ring = calloc(1, shim_ring_size(slots));

	if (ring) {
		ring->magic = SHIM_MAGIC;
		ring->slots = slots;
	}
	return ring;
}

static struct shim_record record_of(int32_t tid, uint64_t nr)
{
	struct shim_record r = { .type = SHIM_EXIT, .tid = tid, .vcpu = 0, .nr = nr };

	return r;
}

/* Another producer fills the whole ring and the recorder drains it */
static void fill_and_drain(struct shim_ring *ring)
{
	struct shim_record r;
	uint32_t i;

	for (i = 0; i < ring->slots; i++) {
		r = record_of(2, 100 + i);
		shim_ring_put(ring, &r);
	}
	for (i = 0; i < ring->slots; i++)
		shim_ring_get(ring, ring->slots, &r);
}

static void delayed_producer(void)
{
	struct shim_ring *ring = ring_create(4);
	struct shim_record r = record_of(1, 7);
	int ret;

	if (!ok(ring != NULL, "a ring of 4 slots"))
		return;
	delay = fill_and_drain;
	ret = shim_ring_put(ring, &r);
	is_u64(ret, 0, "a producer delayed between its loads still finds a slot");
	is_u64(atomic_load(&ring->dropped), 0, "nothing counted as dropped");
	is_u64(atomic_load(&ring->head), 5, "the other producer's 4 records and its own claimed");
	r.nr = 0;
	is_u64(shim_ring_get(ring, ring->slots, &r), 0, "its record is there to read");
	ok(r.tid == 1 && r.nr == 7, "the delayed producer's record, after the others");
	is_u64(shim_ring_get(ring, ring->slots, &r), (uint64_t)-1, "and nothing else");
	free(ring);
}

/* A full ring still drops, and counts it */
static void full_ring(void)
{
	struct shim_ring *ring = ring_create(4);
	struct shim_record r = record_of(1, 0);
	int i, fails = 0;

	if (!ok(ring != NULL, "a ring of 4 slots"))
		return;
	for (i = 0; i < 6; i++)
		fails += shim_ring_put(ring, &r) < 0;
	is_u64(fails, 2, "the fifth and sixth record find no slot");
	is_u64(atomic_load(&ring->dropped), 2, "both counted");
	free(ring);
}

#define PRODUCERS	4
#define PER_PRODUCER	50000u

struct producer {
	struct shim_ring	*ring;
	int32_t			tid;
	unsigned		failed;
};

static void *produce(void *arg)
{
	struct producer *p = arg;
	struct shim_record r;
	uint64_t i;

	for (i = 0; i < PER_PRODUCER; i++) {
		r = record_of(p->tid, i);
		if (shim_ring_put(p->ring, &r) < 0)
			p->failed++;
	}
	return NULL;
}

/*
 * Producers hammer a ring too large to fill while the recorder drains it:
 * nothing may be dropped, and each producer's records come out in order.
 */
static void many_producers(void)
{
	struct shim_ring *ring = ring_create(1u << 18);
	struct producer prod[PRODUCERS];
	uint64_t next[PRODUCERS] = { 0 };
	pthread_t thr[PRODUCERS];
	unsigned failed = 0, bad = 0;
	uint64_t got = 0;
	struct shim_record r;
	int i, started = 0;

	if (!ok(ring != NULL, "a ring of 262144 slots"))
		return;
	for (i = 0; i < PRODUCERS; i++) {
		prod[i] = (struct producer){ .ring = ring, .tid = i };
		if (pthread_create(&thr[i], NULL, produce, &prod[i]))
			break;
		started++;
	}
	while (got < (uint64_t)started * PER_PRODUCER) {
		if (shim_ring_get(ring, ring->slots, &r) < 0) {
			if (atomic_load(&ring->dropped) + got >= (uint64_t)started * PER_PRODUCER)
				break;
			continue;
		}
		if (r.tid < 0 || r.tid >= PRODUCERS || r.nr != next[r.tid])
			bad++;
		else
			next[r.tid]++;
		got++;
	}
	for (i = 0; i < started; i++) {
		pthread_join(thr[i], NULL);
		failed += prod[i].failed;
	}
	is_u64(started, PRODUCERS, "4 producer threads");
	is_u64(failed, 0, "no put failed");
	is_u64(atomic_load(&ring->dropped), 0, "nothing counted as dropped");
	is_u64(got, PRODUCERS * PER_PRODUCER, "200000 records read");
	is_u64(bad, 0, "each producer's records in the order it put them");
	free(ring);
}

int main(void)
{
	delayed_producer();
	full_ring();
	many_producers();
	return tap_done();
}
