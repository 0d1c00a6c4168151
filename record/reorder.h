/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Putting the events of all CPUs into one time order across reads.
 */
#ifndef SMCCCTRACE_RECORD_REORDER_H
#define SMCCCTRACE_RECORD_REORDER_H

#include <stdint.h>

#include <smccctrace/call.h>

struct reorder;

typedef int (*reorder_fn)(const struct sct_event *ev, void *data);

struct reorder *reorder_create(void);
void reorder_free(struct reorder *ro);
int reorder_add(struct reorder *ro, const struct sct_event *ev);
int reorder_flush(struct reorder *ro, uint64_t upto, reorder_fn fn, void *data);
uint64_t reorder_held(const struct reorder *ro);

#endif /* SMCCCTRACE_RECORD_REORDER_H */
