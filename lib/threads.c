// SPDX-License-Identifier: LGPL-2.1
/*
 * The vCPU index of each thread that ran a vCPU: from the name the VMM
 * gave the thread where it follows a known VMM's form, else the order in
 * which the threads first left the guest, so that two runs of any VMM
 * line their vCPUs up.
 */
#include <stdlib.h>

#include <smccctrace/call.h>

static int by_first_exit(const void *a, const void *b)
{
	const struct sct_thread *x = *(const struct sct_thread *const *)a;
	const struct sct_thread *y = *(const struct sct_thread *const *)b;

	if (x->first_exit_ns != y->first_exit_ns)
		return x->first_exit_ns < y->first_exit_ns ? -1 : 1;
	return x->tid < y->tid ? -1 : x->tid > y->tid;
}

/**
 * sct_threads_number - give every vCPU thread its vCPU index
 * @threads: the threads; each one's @vcpu is set
 * @nr: entries of @threads
 *
 * A thread whose name is a known VMM's vCPU thread name gets that index.
 * When every thread that left the guest (@first_exit_ns not SCT_NO_TIME)
 * is so named, the rest get -1. Otherwise the names are not trusted: the
 * threads that left the guest are numbered 0, 1, ... in the order they
 * first did (ties by tid), and the others get -1.
 *
 * Returns 0, or -1 with errno ENOMEM (then the indexes are those of the
 * names alone).
 */
int sct_threads_number(struct sct_thread *threads, size_t nr)
{
	struct sct_thread **order;
	bool all_named = true;
	size_t i, n = 0;

	for (i = 0; i < nr; i++) {
		threads[i].vcpu = sct_vcpu_from_comm(threads[i].comm);
		if (threads[i].first_exit_ns != SCT_NO_TIME && threads[i].vcpu < 0)
			all_named = false;
	}
	if (all_named)
		return 0;
	order = calloc(nr, sizeof(*order));
	if (!order)
		return -1;
	for (i = 0; i < nr; i++) {
		threads[i].vcpu = -1;
		if (threads[i].first_exit_ns != SCT_NO_TIME)
			order[n++] = &threads[i];
	}
	qsort(order, n, sizeof(*order), by_first_exit);
	for (i = 0; i < n; i++)
		order[i]->vcpu = (int32_t)i;
	free(order);
	return 0;
}
