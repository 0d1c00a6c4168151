// SPDX-License-Identifier: GPL-2.0
/*
 * shim-ring: what the preload shim spends on one record, against a
 * baseline in the same run: a plain memcpy of the record into the same
 * slots. Prints ns per record for both and their ratio.
 *
 *	bench/shim-ring [N]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../record/shim/shim-record.h"

#define SLOTS 4096u

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
	long i, n = argc > 1 ? atol(argv[1]) : 10000000;
	struct shim_record r = { .type = SHIM_EXIT, .nr = 0xc6000001 }, out;
	struct shim_ring *ring = calloc(1, shim_ring_size(SLOTS));
	double t0, t1, t2, ring_ns, copy_ns;

	if (!ring)
		return 1;
	ring->slots = SLOTS;
	t0 = now();
	for (i = 0; i < n; i++) {
		r.ts = (uint64_t)i;
		shim_ring_put(ring, &r);
		if ((i & (SLOTS / 2 - 1)) == SLOTS / 2 - 1)
			while (!shim_ring_get(ring, SLOTS, &out))
				;
	}
	t1 = now();
	for (i = 0; i < n; i++) {
		r.ts = (uint64_t)i;
		memcpy(&ring->slot[i & (SLOTS - 1)].rec, &r, sizeof(r));
		if ((i & (SLOTS / 2 - 1)) == SLOTS / 2 - 1)
			__asm__ volatile("" : : "r"(ring) : "memory");
	}
	t2 = now();
	ring_ns = (t1 - t0) / (double)n;
	copy_ns = (t2 - t1) / (double)n;
	printf("records:                        %ld (%zu bytes each)\n", n, sizeof(r));
	printf("ring put + get (the shim's):    %6.1f ns/record\n", ring_ns);
	printf("baseline, memcpy into a slot:   %6.1f ns/record\n", copy_ns);
	printf("ring / baseline:                %6.2f\n", ring_ns / copy_ns);
	free(ring);
	return 0;
}
