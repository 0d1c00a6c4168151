// SPDX-License-Identifier: GPL-2.0
/*
 * smccctrace record: live capture of SMCCC calls through tracefs.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include <tracefs.h>

#include <smccctrace/error.h>
#include <smccctrace/filter.h>
#include <smccctrace/output.h>
#include <smccctrace/store.h>

#include "builtin.h"
#include "cli.h"
#include "parse-options.h"
#include "live-source.h"
#include "record.h"

static const struct usage record_usage = {
	.cmd		= "record",
	.synopsis	= (const char *const []){
		"smccctrace record [-d FILE] [-p PID | -- COMMAND...] [-t SECONDS] [-b KB]",
		"                  [--filter CONFIG] [--shim | --shim-only] [--shim-regs] [--probe[=N]] [-q]",
		NULL
	},
	.notes		= (const char *const []){
		"COMMAND: a VMM to run and follow; recording ends when it exits. Without",
		"-p or COMMAND, the whole system is recorded.",
		"",
		"Needs root: it uses a tracefs instance of its own (smccctrace-<pid>), with",
		"the 'mono' clock, which it removes however it ends.",
		NULL
	},
};

#define PERIOD_NS	100000000ull	/* read the buffers ten times a second */

struct record_opts {
	const char		*db;
	pid_t			pid;
	uint64_t		pid_arg;
	uint64_t		seconds;
	uint64_t		buffer_kb;
	const char		*filter_arg;
	struct sct_filter	*filter;
	bool			quiet;
	bool			shim;
	bool			shim_only;
	bool			shim_regs;
	uint64_t		probe_regs;
	char			**command;
};

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

static int parse(int argc, char **argv, struct record_opts *o)
{
	const struct opt opts[] = {
		opt_db(&o->db),
		opt_u64('p', "pid", "PID", &o->pid_arg, 1, INT32_MAX,
			"follow a running VMM: all its threads, and those it\n"
			"creates later; recording ends when it exits"),
		opt_u64('t', "time", "SECONDS", &o->seconds, 1, UINT32_MAX,
			"stop after this long (default: at SIGINT, SIGTERM or\n"
			"when COMMAND exits)"),
		opt_u64('b', "buffer", "KB", &o->buffer_kb, 1, UINT32_MAX,
			"per-CPU ring buffer size"),
		opt_string(0, "filter", "CONFIG", &o->filter_arg,
			   "the SMCCC filter the VM runs with, as for import"),
		opt_bool(0, "shim", &o->shim,
			 "run COMMAND with the preload shim: forwarded calls get\n"
			 "their function IDs (SMC too), vCPU and, with\n"
			 "--shim-regs, arguments and results"),
		opt_bool(0, "shim-only", &o->shim_only,
			 "the shim alone: no root or tracefs needed, the\n"
			 "forwarded calls as the VMM saw them"),
		opt_bool(0, "shim-regs", &o->shim_regs,
			 "the shim also reads x1..x17 and x0..x3 (slower)"),
		opt_optional(opt_u64(0, "probe", "N", &o->probe_regs, 1, SCT_PROBE_REGS,
				     "a kprobe on KVM's SMCCC handler reads the guest's\n"
				     "x0..x(N-1) (default 4, at most 8): every call, a\n"
				     "kernel-handled SMC too, gets its ID and arguments"), 4),
		opt_bool('q', "quiet", &o->quiet, "no status line and no summary"),
		opt_end(),
	};
	int n;

	n = parse_options(argc, argv, opts, &record_usage, PARSE_STOP_AT_NON_OPTION);
	if (n < 0)
		return n;
	o->pid = (pid_t)o->pid_arg;
	o->command = n ? argv : NULL;
	if (o->command && o->pid)
		return usage_error(&record_usage, "-p and a command exclude each other");
	if (o->shim_only && o->probe_regs)
		return usage_error(&record_usage, "--probe needs tracefs, not --shim-only");
	if ((o->shim || o->shim_only || o->shim_regs) && !o->command)
		return usage_error(&record_usage, "the shim needs a command (-- COMMAND...)");
	return 0;
}

static int validate(struct record_opts *o)
{
	/* --shim-only reads what the VMM's own process writes: no root */
	if (o->shim_only)
		goto filter;
	if (geteuid() != 0)
		return sct_err("record: needs root (tracefs and /dev/kvm)");
	if (!tracefs_tracing_dir())
		return sct_err("record: no tracefs (mount it: mount -t tracefs nodev /sys/kernel/tracing)");
	if (o->pid && kill(o->pid, 0) && errno == ESRCH)
		return sct_err("record: no process %d", (int)o->pid);
filter:
	if (o->filter_arg) {
		o->filter = sct_filter_load(o->filter_arg);
		if (!o->filter)
			return sct_err("%s", sct_last_error());
	}
	return 0;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void show_status(const struct live_source *src, uint64_t elapsed)
{
	const struct sct_exit_stats *st = live_source_stats(src);
	char t[SCT_NS_BUFSZ], rate[SCT_NS_BUFSZ];

	/* the times and rates every command prints, padded to a fixed width */
	fprintf(stderr, "\r%7s  ", sct_format_ns(elapsed, t, sizeof(t)));
	if (live_source_traces(src))
		fprintf(stderr, "%11" PRIu64 " events  ", live_source_events(src));
	fprintf(stderr, "%10" PRIu64 " calls  %7s calls/s  %8" PRIu64 " lost ",
		st->calls, sct_format_rate(st->calls, elapsed, rate, sizeof(rate)),
		live_source_lost(src));
}

/*
 * Read until told to stop, the time is up or the command has exited,
 * then take the rest. Returns 0, or -1 with the error text set.
 */
static int capture(struct live_source *src, const struct record_opts *o)
{
	struct timespec period = { 0, PERIOD_NS };
	uint64_t start = now_ns(), elapsed = 0;
	bool status = !o->quiet && isatty(STDERR_FILENO);
	int ret = 0;

	for (;;) {
		nanosleep(&period, NULL);
		elapsed = now_ns() - start;
		if (stop_signal || live_source_ended(src) ||
		    (o->seconds && elapsed >= o->seconds * 1000000000ull))
			break;
		ret = live_source_read(src);
		if (ret)
			break;
		if (status)
			show_status(src, elapsed);
	}
	/* after a failed read, this only drops the session */
	ret = live_source_finish(src) || ret ? -1 : 0;
	if (status) {
		show_status(src, elapsed);
		fputc('\n', stderr);
	}
	return ret;
}

static int run(const struct record_opts *o)
{
	struct live_source_opts so = {
		.cmd = "record", .pid = o->pid, .command = o->command,
		.buffer_kb = (unsigned int)o->buffer_kb,
		.probe_regs = (unsigned int)o->probe_regs, .filter = o->filter,
		.shim = o->shim, .shim_only = o->shim_only, .shim_regs = o->shim_regs,
		.quiet = o->quiet,
	};
	struct live_source *src;
	int ret;

	if (o->filter && live_source_check_filter())
		return sct_err("record: --filter: %s", sct_last_error());
	so.store = sct_cli_open_store(o->db, SCT_STORE_CREATE);
	if (!so.store)
		return SCT_EXIT_USAGE;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	/* a closed stdout must not kill us before the instance is removed */
	signal(SIGPIPE, SIG_IGN);
	src = live_source_open(&so, NULL, NULL);
	ret = src ? capture(src, o) : -1;
	if (ret)
		ret = sct_err("record: %s", sct_last_error());
	else if (!o->quiet)
		record_summary(live_source_name(src), live_source_session(src),
			       live_source_stats(src));
	live_source_free(src);
	sct_store_close(so.store);
	return ret;
}

/**
 * cmd_record - smccctrace record
 * @argc: argument count, argv[0] is "record"
 * @argv: the arguments
 *
 * Returns the exit status.
 */
int cmd_record(int argc, char **argv)
{
	struct record_opts o = { 0 };
	int ret;

	ret = parse(argc, argv, &o);
	if (ret)
		return ret < 0 ? parse_status(ret) : ret;
	ret = validate(&o);
	if (!ret)
		ret = run(&o);
	sct_filter_free(o.filter);
	return ret;
}
/**
 * record_summary - the one line import and record end with
 * @what: the file or instance recorded
 * @id: the session
 * @st: its counts
 */
void record_summary(const char *what, int64_t id, const struct sct_exit_stats *st)
{
	printf("%s: session %" PRId64 ": %" PRIu64 " calls (%" PRIu64 " forwarded, %"
	       PRIu64 " kernel, %" PRIu64 " denied, %" PRIu64 " unknown), %" PRIu64
	       " incomplete, %" PRIu64 " events lost\n", what, id, st->calls,
	       st->by_location[SCT_LOC_USER], st->by_location[SCT_LOC_KERNEL],
	       st->by_location[SCT_LOC_DENIED], st->by_location[SCT_LOC_UNKNOWN],
	       st->incomplete, st->lost_events);
}
