/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading what the preload shim wrote, and merging it into calls.
 */
#ifndef SMCCCTRACE_RECORD_SHIM_READ_H
#define SMCCCTRACE_RECORD_SHIM_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <smccctrace/call.h>
#include <smccctrace/filter.h>

struct shim_reader;
struct shim_ring;

/* A thread's queue of forwarded calls holds at most this many; then the oldest go */
enum { SHIM_QUEUE_MAX = 4096 };	/* a power of two */

/**
 * struct shim_vm - a VM the VMM created, as the shim saw it
 * @id: its number: 0, 1, ... in the order of the process's KVM_CREATE_VM
 * @t_created: when it was created (CLOCK_MONOTONIC ns), or SCT_NO_TIME
 * @filter: its SMCCC filter, the ranges KVM accepted on its fd, or NULL
 *          when it installed none
 * @t_filter: when its first range was installed, or SCT_NO_TIME
 * @refused: ranges KVM accepted that the filter model refused (not kept)
 */
struct shim_vm {
	int32_t			id;
	uint32_t		refused;
	uint64_t		t_created;
	struct sct_filter	*filter;
	uint64_t		t_filter;
};

struct shim_reader *shim_reader_create(bool regs);
void shim_reader_free(struct shim_reader *sr);
int shim_reader_env(const struct shim_reader *sr);
struct shim_ring *shim_reader_ring(const struct shim_reader *sr);
void shim_stream(struct shim_reader *sr, sct_call_fn fn, void *data);
int shim_poll(struct shim_reader *sr);
int shim_finish(struct shim_reader *sr);
void shim_fill(struct shim_reader *sr, struct sct_call *call);
void shim_vm_view(struct shim_reader *sr, struct sct_vm_view *view);
size_t shim_vm_count(const struct shim_reader *sr);
const struct shim_vm *shim_vm_get(const struct shim_reader *sr, size_t i);
uint64_t shim_dropped(const struct shim_reader *sr);

#endif /* SMCCCTRACE_RECORD_SHIM_READ_H */
