/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The live capture that record and top share: tracefs (own instance,
 * per-CPU reads, --probe), the preload shim, a command run or a process
 * followed, the correlator, and optionally a session written to a
 * database. The tool's side, like builtin.h: record/ implements it
 * (live-source.c), the commands of record/ and tui/ use it.
 *
 * Use: live_source_open(), then live_source_read() in a loop (each read
 * hands the calls it correlated to the callback), live_source_ended() to
 * see whether the command or process is gone, live_source_finish() once
 * (it drains, hands on the last calls and commits the session), and
 * live_source_free().
 */
#ifndef SMCCCTRACE_LIVE_SOURCE_H
#define SMCCCTRACE_LIVE_SOURCE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include <smccctrace/call.h>

struct sct_filter;
struct sct_store;
struct live_source;

/**
 * struct live_source_opts - what to capture, and where it goes
 * @cmd: the command, for warnings ("record", "top")
 * @store: the database to write a session into, or NULL for none; the
 *         caller's, open until live_source_free()
 * @pid: a running VMM to follow, or 0
 * @command: a VMM to run and follow (NULL-terminated argv), or NULL;
 *           without @pid or @command, the whole system
 * @buffer_kb: per-CPU ring buffer size in KiB, 0 for the kernel's default
 * @probe_regs: --probe: the guest registers to read, 0 for no probe
 * @filter: the SMCCC filter the VM runs with, or NULL; the caller's
 * @shim: run @command with the preload shim
 * @shim_only: the shim alone, no tracefs
 * @shim_regs: the shim also reads the registers
 * @quiet: fewer warnings (those record -q leaves out)
 * @screen: the terminal shows a screen (top): the command's stdin, stdout
 *          and stderr are /dev/null, and no warning is printed
 */
struct live_source_opts {
	const char		*cmd;
	struct sct_store	*store;
	pid_t			pid;
	char			**command;
	unsigned int		buffer_kb;
	unsigned int		probe_regs;
	const struct sct_filter	*filter;
	bool			shim;
	bool			shim_only;
	bool			shim_regs;
	bool			quiet;
	bool			screen;
};

int live_source_check_filter(void);
struct live_source *live_source_open(const struct live_source_opts *opts,
				     sct_call_fn fn, void *data);
int live_source_read(struct live_source *src);
bool live_source_ended(struct live_source *src);
int live_source_finish(struct live_source *src);
void live_source_free(struct live_source *src);

const struct sct_exit_stats *live_source_stats(const struct live_source *src);
uint64_t live_source_lost(const struct live_source *src);
uint64_t live_source_events(const struct live_source *src);
bool live_source_traces(const struct live_source *src);
const char *live_source_name(const struct live_source *src);
int64_t live_source_session(const struct live_source *src);

#endif /* SMCCCTRACE_LIVE_SOURCE_H */
