// SPDX-License-Identifier: GPL-2.0
/*
 * The live capture record and top share (live-source.h): the tracefs
 * recorder (live.c), the preload shim's reader, the VMM run or followed,
 * the correlator, and a session in the database when there is one.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <smccctrace/error.h>
#include <smccctrace/filter.h>
#include <smccctrace/store.h>

#include "cli.h"
#include "live-source.h"
#include "live.h"
#include "record-vmm.h"
#include "shim-read.h"
#include "threads.h"

#define MAX_PIDS	1024

struct live_source {
	struct live_source_opts	opts;
	struct sct_store	*store;
	struct sct_correlator	*corr;
	struct live		*live;
	struct vmm		vmm;
	struct shim_reader	*shim;
	struct sct_exit_stats	shim_st;	/* --shim-only: the shim's calls */
	sct_call_fn		fn;
	void			*data;
	int64_t			session;
	bool			error;		/* a read or a call failed */
	bool			finished;
};

static int begin(struct live_source *src)
{
	struct sct_session s = { .kind = "record", .source = "tracefs", .clock = "mono" };
	struct utsname u;
	char *json = NULL;

	/* --shim-only reads no tracefs: the calls are the VMM's, through the shim */
	if (src->opts.shim_only)
		s.source = "shim";
	if (!uname(&u)) {
		s.host = u.nodename;
		s.kernel = u.release;
	}
	if (src->opts.filter)
		s.filter_json = json = sct_filter_to_json(src->opts.filter);
	src->session = sct_store_begin_session(src->store, &s);
	free(json);
	return src->session < 0 ? -1 : 0;
}

static int take_call(const struct sct_call *call, void *data)
{
	struct live_source *src = data;
	struct sct_call c = *call;

	if (src->shim && !src->opts.shim_only)
		shim_fill(src->shim, &c);
	if ((src->store && sct_store_add_call(src->store, &c)) ||
	    (src->fn && src->fn(&c, src->data))) {
		src->error = true;
		return 1;
	}
	return 0;
}

/* --shim-only: the calls are the shim's */
static int take_shim_call(const struct sct_call *call, void *data)
{
	struct live_source *src = data;

	src->shim_st.calls++;
	src->shim_st.by_location[SCT_LOC_USER]++;
	if (call->incomplete)
		src->shim_st.incomplete++;
	return take_call(call, data);
}

static int start_tracing(struct live_source *src)
{
	const struct live_source_opts *o = &src->opts;
	pid_t tids[MAX_PIDS];
	struct live_opts lo = {
		.pids = tids, .buffer_kb = o->buffer_kb, .probe_regs = o->probe_regs,
	};

	if (o->pid)
		tids[lo.nr_pids++] = o->pid;
	else if (src->vmm.pid > 0)
		tids[lo.nr_pids++] = src->vmm.pid;
	src->live = live_create(&lo);
	if (!src->live)
		return -1;
	/*
	 * Event-fork is on for -p's process now: list its threads only now,
	 * so that one it creates meanwhile is either listed or followed
	 */
	if (o->pid && live_follow(src->live, tids, vmm_threads(o->pid, tids, MAX_PIDS)))
		return -1;
	if (!live_sees_calls(src->live) && !o->quiet && !o->screen)
		sct_warn("%s: this kernel has no kvm_hvc_arm64 event (not arm64): "
			 "exits are counted, no call can be seen", o->cmd);
	if (live_probe_hvc_only(src->live) && !o->quiet && !o->screen)
		sct_warn("%s: --probe: %s (Linux before 6.4) sees HVC calls only: SMC "
			 "calls keep unknown IDs", o->cmd, live_probe_hvc_only(src->live));
	return live_start(src->live);
}

/* With a screen on the terminal, the command runs on /dev/null */
static int spawn(struct live_source *src)
{
	int null, saved[3], fd, ret;

	if (!src->opts.screen)
		return vmm_spawn(&src->vmm, src->opts.command, src->shim);
	null = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (null < 0)
		return sct_set_error(errno, "/dev/null: %s", strerror(errno));
	for (fd = 0; fd < 3; fd++) {
		saved[fd] = fcntl(fd, F_DUPFD_CLOEXEC, 3);
		dup2(null, fd);
	}
	ret = vmm_spawn(&src->vmm, src->opts.command, src->shim);
	for (fd = 0; fd < 3; fd++) {
		dup2(saved[fd], fd);
		close(saved[fd]);
	}
	close(null);
	return ret;
}

static int start(struct live_source *src)
{
	const struct live_source_opts *o = &src->opts;

	if ((o->shim || o->shim_only) && !(src->shim = shim_reader_create(o->shim_regs)))
		return -1;
	if (o->command && spawn(src))
		return -1;
	if (o->shim_only) {
		shim_stream(src->shim, take_shim_call, src);
		return vmm_release(&src->vmm);
	}
	if (src->shim) {
		struct sct_vm_view view;

		/* each call's VM and vCPU, and its VM's filter */
		shim_vm_view(src->shim, &view);
		sct_correlator_set_vm_view(src->corr, &view);
	}
	if (start_tracing(src))
		return -1;
	return vmm_release(&src->vmm);
}

/**
 * live_source_check_filter - whether an SMCCC filter can be in force here
 *
 * --filter says which SMCCC filter the VM runs with: on arm64 KVM without
 * one (before Linux 6.4) none can. Call it before anything is written.
 * Returns 0 where KVM has the filter or this is not arm64 KVM at all, else
 * -1 with the error text naming the kernel.
 */
int live_source_check_filter(void)
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

/**
 * live_source_open - start capturing
 * @opts: what to capture and where to keep it; copied (not what it
 *        points to: the store, command and filter stay the caller's)
 * @fn: called with each call correlated, after it went to the store; a
 *      nonzero return makes the next read fail. May be NULL.
 * @data: passed to @fn
 *
 * Begins the session (with a store), runs the command, makes the tracefs
 * instance and turns tracing on. Returns the source, which
 * live_source_free() frees, or NULL with errno and the error text set
 * (nothing then is left: no session, instance or command).
 */
struct live_source *live_source_open(const struct live_source_opts *opts,
				     sct_call_fn fn, void *data)
{
	struct live_source *src = calloc(1, sizeof(*src));

	if (!src) {
		sct_set_error(ENOMEM, "out of memory");
		return NULL;
	}
	src->opts = *opts;
	src->store = opts->store;
	src->vmm = (struct vmm)VMM_INIT;
	src->fn = fn;
	src->data = data;
	src->corr = sct_correlator_create(take_call, src);
	if (!src->corr)
		goto fail;
	sct_correlator_set_filter(src->corr, opts->filter);
	if ((src->store && begin(src)) || start(src))
		goto fail;
	return src;
fail:
	src->finished = true;
	if (src->session > 0)
		sct_store_abort_session(src->store);
	live_source_free(src);
	return NULL;
}

/*
 * What the shim and the buffers hold now (@stop: tracing stopped first,
 * everything taken), committed to the session if one is written
 */
static int take(struct live_source *src, bool stop)
{
	int ret;

	if (src->opts.shim_only) {
		ret = shim_poll(src->shim);
	} else {
		if (src->shim)
			shim_poll(src->shim);
		ret = stop ? live_stop(src->live, src->corr) : live_read(src->live, src->corr);
	}
	if (!ret && src->store)
		ret = sct_store_checkpoint(src->store);
	return ret;
}

/**
 * live_source_read - take what the buffers and the shim hold now
 * @src: the source
 *
 * Calls of the last few milliseconds wait for the next read (the events
 * of all CPUs are put in order first). Returns 0, or -1 with the error
 * text set.
 */
int live_source_read(struct live_source *src)
{
	int ret = take(src, false);

	if (ret || src->error) {
		src->error = true;
		return -1;
	}
	return 0;
}

/**
 * live_source_ended - whether the command has exited or the process is gone
 * @src: the source
 *
 * Warns (unless quiet) when the command failed or was killed.
 */
bool live_source_ended(struct live_source *src)
{
	int status;

	if (src->opts.pid)
		return vmm_pid_gone(src->opts.pid);
	if (!vmm_exited(&src->vmm))
		return false;
	status = src->vmm.status;
	if (src->opts.screen)
		return true;
	if (WIFEXITED(status) && WEXITSTATUS(status))
		sct_warn("%s: the command exited with status %d", src->opts.cmd,
			 WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		sct_warn("%s: the command was killed by signal %d", src->opts.cmd,
			 WTERMSIG(status));
	return true;
}

/* One VM the shim saw into the session; @json gets its filter or NULL */
static int keep_vm(struct live_source *src, const struct shim_vm *vm, char **json)
{
	*json = NULL;
	if (vm->filter && !(*json = sct_filter_to_json(vm->filter)))
		return -1;
	if (vm->refused && !src->opts.screen)
		sct_warn("%s: VM %d: %u filter ranges KVM accepted are not in the "
			 "filter model", src->opts.cmd, (int)vm->id, vm->refused);
	return sct_store_add_vm(src->store, vm->id, vm->t_created, *json, vm->t_filter);
}

/*
 * The session keeps every VM the shim saw with its own filter, and as its
 * one filter (what suggest starts from) the first VM's that had one,
 * unless the command line gave the filter
 */
static int keep_shim_vms(struct live_source *src)
{
	bool differ = false, none = false;
	const struct shim_vm *vm;
	char *first = NULL, *json;
	size_t i;
	int ret = 0;

	for (i = 0; !ret && src->shim && (vm = shim_vm_get(src->shim, i)); i++) {
		ret = keep_vm(src, vm, &json);
		none |= !json;
		if (json && first && strcmp(json, first))
			differ = true;
		if (json && !first)
			first = json;
		else
			free(json);
	}
	if (!ret && first && !src->opts.filter)
		ret = sct_store_set_filter(src->store, first);
	if (!ret && !src->opts.quiet && !src->opts.screen && (differ || (first && none)))
		sct_warn("%s: the VMs ran with different SMCCC filters: each is in "
			 "the session's vms table, the first in its filter", src->opts.cmd);
	free(first);
	return ret;
}

/* --shim-only: the calls are the shim's */
static int finish_shim_only(struct live_source *src)
{
	struct sct_exit_stats *st = &src->shim_st;
	int ret;

	ret = shim_finish(src->shim);
	st->lost_events = shim_dropped(src->shim);
	if (ret || !src->store)
		return ret;
	if (keep_shim_vms(src))
		return -1;
	return sct_store_commit_session(src->store, st, SCT_NO_TIME, SCT_NO_TIME);
}

/* The vCPU threads, named and numbered; calls without a vCPU take theirs */
static int keep_threads(struct live_source *src)
{
	struct threads *t = live_threads(src->live);

	if (sct_threads_number(t->v, t->nr))
		return sct_set_error(ENOMEM, "out of memory");
	return sct_store_add_threads(src->store, t->v, t->nr);
}

static int finish_tracing(struct live_source *src)
{
	if (sct_correlator_finish(src->corr) || src->error)
		return -1;
	if (!src->store)
		return 0;
	if (keep_shim_vms(src) || keep_threads(src))
		return -1;
	return sct_store_commit_session(src->store, sct_correlator_stats(src->corr),
					live_first_ns(src->live), live_last_ns(src->live));
}

/* Stop tracing and take what the buffers and the shim still hold */
static int drain(struct live_source *src)
{
	return take(src, true) || src->error ? -1 : 0;
}

/**
 * live_source_finish - stop, take the last calls, end the command, keep the session
 * @src: the source; call it once, after the last live_source_read() (also
 *       after one that failed: the session is then dropped)
 *
 * Hands the callback the calls still held, ends the command (SIGTERM,
 * then SIGKILL), and with a store commits the session with its VMs and
 * threads. Returns 0, or -1 with the error text set and the session
 * dropped.
 */
int live_source_finish(struct live_source *src)
{
	int ret;

	src->finished = true;
	ret = src->error ? -1 : drain(src);
	vmm_end(&src->vmm);
	if (!ret)
		ret = src->opts.shim_only ? finish_shim_only(src) : finish_tracing(src);
	if (ret && src->store)
		sct_store_abort_session(src->store);
	if (!ret && src->shim && !src->opts.shim_only && !src->opts.screen &&
	    shim_dropped(src->shim))
		sct_warn("%s: the shim dropped %" PRIu64 " records: as many forwarded "
			 "calls may lack their ID, vCPU and registers", src->opts.cmd,
			 shim_dropped(src->shim));
	return ret;
}

/**
 * live_source_free - remove the instance, end the command, free; NULL is harmless
 * @src: the source; a session not finished with live_source_finish() is dropped
 */
void live_source_free(struct live_source *src)
{
	if (!src)
		return;
	if (!src->finished && src->session > 0)
		sct_store_abort_session(src->store);
	vmm_end(&src->vmm);
	live_destroy(src->live);
	shim_reader_free(src->shim);
	sct_correlator_free(src->corr);
	free(src);
}

/* The counts so far: the correlator's, or with --shim-only the shim's; @src owns them */
const struct sct_exit_stats *live_source_stats(const struct live_source *src)
{
	return src->opts.shim_only ? &src->shim_st : sct_correlator_stats(src->corr);
}

/* Events lost so far: the kernel's, or with --shim-only the shim's records */
uint64_t live_source_lost(const struct live_source *src)
{
	return src->opts.shim_only ? shim_dropped(src->shim) :
	       sct_correlator_stats(src->corr)->lost_events;
}

/* Trace events read so far (0 with --shim-only) */
uint64_t live_source_events(const struct live_source *src)
{
	return src->live ? live_events(src->live) : 0;
}

/* Whether the source reads tracefs (not --shim-only) */
bool live_source_traces(const struct live_source *src)
{
	return src->live != NULL;
}

/* The tracefs instance, or "shim"; @src owns the text */
const char *live_source_name(const struct live_source *src)
{
	return src->live ? live_instance_name(src->live) : "shim";
}

/* The session being written, or 0 without a store */
int64_t live_source_session(const struct live_source *src)
{
	return src->session;
}
