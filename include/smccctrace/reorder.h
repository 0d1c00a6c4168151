/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * A reorder window: the events of all CPUs, read in batches, put into one
 * time order across the batches before they reach the correlator. Pure C.
 */
#ifndef SMCCCTRACE_REORDER_H
#define SMCCCTRACE_REORDER_H

#include <stdint.h>

#include <smccctrace/call.h>

/* What libsmccctrace.so exports: the declarations of the public headers */
#pragma GCC visibility push(default)

struct sct_reorder;

/* Called with each event handed on; a nonzero return stops the flush */
typedef int (*sct_reorder_fn)(const struct sct_event *ev, void *data);

struct sct_reorder *sct_reorder_create(void);
void sct_reorder_free(struct sct_reorder *ro);
int sct_reorder_add(struct sct_reorder *ro, const struct sct_event *ev);
int sct_reorder_lost(struct sct_reorder *ro, int32_t cpu, uint64_t count);
int sct_reorder_flush(struct sct_reorder *ro, uint64_t upto, sct_reorder_fn fn, void *data);
uint64_t sct_reorder_held(const struct sct_reorder *ro);

#pragma GCC visibility pop

#endif /* SMCCCTRACE_REORDER_H */
