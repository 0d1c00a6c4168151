/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading what the preload shim wrote, and merging it into calls.
 */
#ifndef SMCCCTRACE_RECORD_SHIM_READ_H
#define SMCCCTRACE_RECORD_SHIM_READ_H

#include <stdbool.h>

#include <smccctrace/call.h>
#include <smccctrace/filter.h>

struct shim_reader;

struct shim_reader *shim_reader_create(bool regs, char *why, size_t size);
void shim_reader_free(struct shim_reader *sr);
int shim_reader_env(const struct shim_reader *sr);
void shim_stream(struct shim_reader *sr, sct_call_fn fn, void *data);
int shim_poll(struct shim_reader *sr);
int shim_finish(struct shim_reader *sr);
void shim_fill(struct shim_reader *sr, struct sct_call *call);
const struct sct_filter *shim_filter(const struct shim_reader *sr);
uint64_t shim_dropped(const struct shim_reader *sr);

#endif /* SMCCCTRACE_RECORD_SHIM_READ_H */
