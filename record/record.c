// SPDX-License-Identifier: GPL-2.0
/*
 * smccctrace record: live capture of SMCCC calls through tracefs.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <sys/wait.h>
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
#include "live.h"
#include "record-vmm.h"
#include "shim-read.h"
#include "record.h"
#include "threads.h"

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

#define MAX_PIDS	1024
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

struct recording {
	struct sct_store	*store;
	struct sct_correlator	*corr;
	struct live		*live;
	struct vmm		vmm;
	struct shim_reader	*shim;
	bool			shim_only;
	struct sct_exit_stats	shim_st;	/* --shim-only: the shim's calls */
	int64_t			session;
	int			error;
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

static int begin(struct recording *r, const struct record_opts *o)
{
	struct sct_session s = { .kind = "record", .source = "tracefs", .clock = "mono" };
	struct utsname u;
	char *json = NULL;

	/* --shim-only reads no tracefs: the calls are the VMM's, through the shim */
	if (o->shim_only)
		s.source = "shim";

	if (!uname(&u)) {
		s.host = u.nodename;
		s.kernel = u.release;
	}
	if (o->filter)
		s.filter_json = json = sct_filter_to_json(o->filter);
	r->session = sct_store_begin_session(r->store, &s);
	free(json);
	return r->session < 0 ? -1 : 0;
}

static int store_call(const struct sct_call *call, void *data)
{
	struct recording *r = data;
	struct sct_call c = *call;

	if (r->shim && !r->shim_only)
		shim_fill(r->shim, &c);
	if (sct_store_add_call(r->store, &c)) {
		r->error = 1;
		return 1;
	}
	return 0;
}

/* --shim-only: the calls are the shim's */
static int store_shim_call(const struct sct_call *call, void *data)
{
	struct recording *r = data;

	r->shim_st.calls++;
	r->shim_st.by_location[SCT_LOC_USER]++;
	if (call->incomplete)
		r->shim_st.incomplete++;
	return store_call(call, data);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void show_status(const struct recording *r, uint64_t elapsed)
{
	const struct sct_exit_stats *st = r->shim_only ? &r->shim_st :
					  sct_correlator_stats(r->corr);
	uint64_t lost = r->shim_only ? shim_dropped(r->shim) : st->lost_events;
	char t[SCT_NS_BUFSZ], rate[SCT_NS_BUFSZ];

	/* the times and rates every command prints, padded to a fixed width */
	fprintf(stderr, "\r%7s  ", sct_format_ns(elapsed, t, sizeof(t)));
	if (r->live)
		fprintf(stderr, "%11" PRIu64 " events  ", live_events(r->live));
	fprintf(stderr, "%10" PRIu64 " calls  %7s calls/s  %8" PRIu64 " lost ",
		st->calls, sct_format_rate(st->calls, elapsed, rate, sizeof(rate)), lost);
}

/* Whether the command has ended; warns when it failed */
static bool command_ended(struct recording *r)
{
	int status;

	if (!vmm_exited(&r->vmm))
		return false;
	status = r->vmm.status;
	if (WIFEXITED(status) && WEXITSTATUS(status))
		sct_warn("record: the command exited with status %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		sct_warn("record: the command was killed by signal %d", WTERMSIG(status));
	return true;
}

/*
 * Read until told to stop, the time is up or the command has exited.
 * Returns 0, or -1 with the error text set.
 */
static int capture(struct recording *r, const struct record_opts *o)
{
	struct timespec period = { 0, PERIOD_NS };
	uint64_t start = now_ns(), elapsed = 0;
	bool status = !o->quiet && isatty(STDERR_FILENO);
	bool done = false;

	while (!done && !r->error) {
		nanosleep(&period, NULL);
		elapsed = now_ns() - start;
		done = stop_signal || command_ended(r) || vmm_pid_gone(o->pid) ||
		       (o->seconds && elapsed >= o->seconds * 1000000000ull);
		if (r->shim_only) {
			if (shim_poll(r->shim) || sct_store_checkpoint(r->store))
				r->error = 1;
		} else {
			if (r->shim)
				shim_poll(r->shim);
			if ((done ? live_stop(r->live, r->corr) : live_read(r->live, r->corr)) ||
			    sct_store_checkpoint(r->store))
				r->error = 1;
		}
		if (status)
			show_status(r, elapsed);
	}
	if (status)
		fputc('\n', stderr);
	return r->error ? -1 : 0;
}

static int start(struct recording *r, const struct record_opts *o)
{
	pid_t tids[MAX_PIDS];
	struct live_opts lo = {
		.pids = tids, .buffer_kb = (unsigned int)o->buffer_kb,
		.probe_regs = (unsigned int)o->probe_regs,
	};

	if ((o->shim || o->shim_only) && !(r->shim = shim_reader_create(o->shim_regs)))
		return -1;
	if (o->command && vmm_spawn(&r->vmm, o->command, r->shim))
		return -1;
	if (o->shim_only) {
		shim_stream(r->shim, store_shim_call, r);
		return vmm_release(&r->vmm);
	}
	if (r->shim) {
		struct sct_vm_view view;

		/* each call's VM and vCPU, and its VM's filter */
		shim_vm_view(r->shim, &view);
		sct_correlator_set_vm_view(r->corr, &view);
	}
	if (o->pid)
		tids[lo.nr_pids++] = o->pid;
	else if (r->vmm.pid > 0)
		tids[lo.nr_pids++] = r->vmm.pid;
	r->live = live_create(&lo);
	if (!r->live)
		return -1;
	/*
	 * Event-fork is on for -p's process now: list its threads only now,
	 * so that one it creates meanwhile is either listed or followed
	 */
	if (o->pid && live_follow(r->live, tids, vmm_threads(o->pid, tids, MAX_PIDS)))
		return -1;
	if (!live_sees_calls(r->live) && !o->quiet)
		sct_warn("record: this kernel has no kvm_hvc_arm64 event (not arm64): "
			 "exits are counted, no call can be seen");
	if (live_probe_hvc_only(r->live) && !o->quiet)
		sct_warn("record: --probe: %s (Linux before 6.4) sees HVC calls only: SMC "
			 "calls keep unknown IDs", live_probe_hvc_only(r->live));
	if (live_start(r->live))
		return -1;
	return vmm_release(&r->vmm);
}

/* One VM the shim saw into the session; @json gets its filter or NULL */
static int keep_vm(struct recording *r, const struct shim_vm *vm, char **json)
{
	*json = NULL;
	if (vm->filter && !(*json = sct_filter_to_json(vm->filter)))
		return -1;
	if (vm->refused)
		sct_warn("record: VM %d: %u filter ranges KVM accepted are not in the "
			 "filter model", (int)vm->id, vm->refused);
	return sct_store_add_vm(r->store, vm->id, vm->t_created, *json, vm->t_filter);
}

/*
 * The session keeps every VM the shim saw with its own filter, and as its
 * one filter (what suggest starts from) the first VM's that had one,
 * unless the command line gave the filter
 */
static int keep_shim_vms(struct recording *r, const struct record_opts *o)
{
	bool differ = false, none = false;
	const struct shim_vm *vm;
	char *first = NULL, *json;
	size_t i;
	int ret = 0;

	for (i = 0; !ret && r->shim && (vm = shim_vm_get(r->shim, i)); i++) {
		ret = keep_vm(r, vm, &json);
		none |= !json;
		if (json && first && strcmp(json, first))
			differ = true;
		if (json && !first)
			first = json;
		else
			free(json);
	}
	if (!ret && first && !o->filter)
		ret = sct_store_set_filter(r->store, first);
	if (!ret && !o->quiet && (differ || (first && none)))
		sct_warn("record: the VMs ran with different SMCCC filters: each is in "
			 "the session's vms table, the first in its filter");
	free(first);
	return ret;
}

/* --shim-only: the calls are the shim's */
static int finish_shim_only(struct recording *r, const struct record_opts *o, int ret)
{
	struct sct_exit_stats *st = &r->shim_st;

	if (!ret)
		ret = keep_shim_vms(r, o);
	if (!ret && shim_finish(r->shim))
		ret = -1;
	st->lost_events = shim_dropped(r->shim);
	if (!ret)
		ret = sct_store_commit_session(r->store, st, SCT_NO_TIME, SCT_NO_TIME);
	if (ret) {
		sct_store_abort_session(r->store);
		return ret;
	}
	if (!o->quiet)
		record_summary("shim", r->session, st);
	return 0;
}

/* The vCPU threads, named and numbered; calls without a vCPU take theirs */
static int keep_threads(struct recording *r)
{
	struct threads *t = live_threads(r->live);

	if (sct_threads_number(t->v, t->nr))
		return sct_set_error(ENOMEM, "out of memory");
	return sct_store_add_threads(r->store, t->v, t->nr);
}

static int finish(struct recording *r, const struct record_opts *o, int ret)
{
	const struct sct_exit_stats *st;

	if (r->shim_only)
		return finish_shim_only(r, o, ret);
	if (!ret)
		ret = keep_shim_vms(r, o);
	if (!ret)
		ret = sct_correlator_finish(r->corr);
	if (!ret)
		ret = keep_threads(r);
	st = sct_correlator_stats(r->corr);
	if (!ret)
		ret = sct_store_commit_session(r->store, st, live_first_ns(r->live),
					       live_last_ns(r->live));
	if (ret) {
		sct_store_abort_session(r->store);
		return ret;
	}
	if (r->shim && shim_dropped(r->shim))
		sct_warn("record: the shim dropped %" PRIu64 " records: as many forwarded "
			 "calls may lack their ID, vCPU and registers", shim_dropped(r->shim));
	if (!o->quiet)
		record_summary(live_instance_name(r->live), r->session, st);
	return 0;
}

/*
 * --filter says which SMCCC filter the VM ran with: on arm64 KVM without
 * one (before Linux 6.4) none did. 0 where it has one or is not arm64 KVM
 * at all, else -1 with the error text naming the kernel
 */
static int filter_exists(void)
{
#ifdef __aarch64__
	int kvm_fd, vm_fd = sct_kvm_vm_create(&kvm_fd);

	if (vm_fd >= 0) {
		close(vm_fd);
		close(kvm_fd);
		return 0;
	}
	return errno == ENOSYS ? -1 : 0;
#else
	return 0;
#endif
}

static int run(const struct record_opts *o)
{
	struct recording r = { .vmm = VMM_INIT, .shim_only = o->shim_only };
	int ret;

	if (o->filter && filter_exists())
		return sct_err("record: --filter: %s", sct_last_error());
	r.store = sct_cli_open_store(o->db, SCT_STORE_CREATE);
	if (!r.store)
		return SCT_EXIT_USAGE;
	r.corr = sct_correlator_create(store_call, &r);
	if (!r.corr) {
		sct_store_close(r.store);
		return sct_err("record: %s", sct_last_error());
	}
	sct_correlator_set_filter(r.corr, o->filter);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	/* a closed stdout must not kill us before the instance is removed */
	signal(SIGPIPE, SIG_IGN);
	ret = begin(&r, o);
	if (!ret)
		ret = start(&r, o);
	if (!ret)
		ret = capture(&r, o);
	if (r.live || (r.shim_only && r.session > 0)) {
		vmm_end(&r.vmm);
		ret = finish(&r, o, ret);
	} else if (r.session > 0) {
		sct_store_abort_session(r.store);
	}
	if (ret)
		ret = sct_err("record: %s", sct_last_error());
	vmm_end(&r.vmm);
	live_destroy(r.live);
	shim_reader_free(r.shim);
	sct_correlator_free(r.corr);
	sct_store_close(r.store);
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
