/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The vCPU threads a source saw: their names and first exits, which give
 * the calls their vCPU indexes (sct_threads_number()) once all are known.
 */
#ifndef SMCCCTRACE_RECORD_THREADS_H
#define SMCCCTRACE_RECORD_THREADS_H

#include <stddef.h>
#include <stdint.h>

#include <smccctrace/call.h>

/**
 * struct threads - a growing list of threads
 * @v: the threads
 * @nr: entries of @v
 * @alloc: allocated entries of @v
 */
struct threads {
	struct sct_thread	*v;
	size_t			nr;
	size_t			alloc;
};

struct sct_thread *threads_add(struct threads *t, int32_t tid, const char *comm);
int threads_note_event(struct threads *t, const struct sct_event *ev,
		       const char *(*comm_of)(int32_t tid, char *buf, size_t size));
void threads_release(struct threads *t);

#endif /* SMCCCTRACE_RECORD_THREADS_H */
