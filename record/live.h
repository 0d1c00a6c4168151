/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Live capture of the kvm events through a tracefs instance of our own.
 */
#ifndef SMCCCTRACE_RECORD_LIVE_H
#define SMCCCTRACE_RECORD_LIVE_H

struct threads;

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include <smccctrace/call.h>

struct live;

/**
 * struct live_opts - what to capture
 * @pids: threads to follow (with the threads they create from then on),
 *        or none: the whole system; see live_follow()
 * @nr_pids: entries of @pids
 * @buffer_kb: per-CPU ring buffer size in KiB, 0 for the kernel's default
 * @probe_regs: record --probe: how many of the guest's x0..x7 to read, 0
 *              for no probe
 */
struct live_opts {
	const pid_t	*pids;
	size_t		nr_pids;
	unsigned int	buffer_kb;
	unsigned int	probe_regs;
};

struct live *live_create(const struct live_opts *opts);
int live_follow(struct live *live, const pid_t *pids, size_t nr);
int live_start(struct live *live);
int live_read(struct live *live, struct sct_correlator *corr);
int live_stop(struct live *live, struct sct_correlator *corr);
void live_destroy(struct live *live);
const char *live_instance_name(const struct live *live);
bool live_sees_calls(const struct live *live);
unsigned int live_probe_regs(const struct live *live);
const char *live_probe_hvc_only(const struct live *live);
uint64_t live_first_ns(const struct live *live);
uint64_t live_last_ns(const struct live *live);
uint64_t live_events(const struct live *live);
struct threads *live_threads(struct live *live);

#endif /* SMCCCTRACE_RECORD_LIVE_H */
