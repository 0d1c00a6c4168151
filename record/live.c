// SPDX-License-Identifier: GPL-2.0
/*
 * Live capture: a tracefs instance named smccctrace-<pid> with the four
 * kvm events and the "mono" clock; its per-CPU buffers, opened once, are
 * read raw (cpu-read.c), at most READ_PAGES pages a CPU a read. A reorder
 * window (lib/reorder.c) puts the events of all CPUs in time order: an event
 * goes to the correlator only once it is REORDER_WINDOW_NS older than the
 * start of a read, when nothing older can still come, and, while a CPU
 * still has pages unread, no later than the last event read from it. The
 * read after tracing stops drains every buffer and hands on everything.
 *
 * Events the kernel dropped show as a page flagged "missed events" and as
 * growth of the per-CPU "overrun" and "dropped events" counters. The ring
 * buffer overwrites the oldest unread events, so those lost on a CPU lie
 * between the last event read from it and the next: the SCT_EV_LOST
 * marker goes into the reorder window as soon as the gap is seen (the
 * flagged page, or the counters at the start of a read), stamped with
 * that last event's time, before any later event of the CPU.
 * Instances left by a recorder that died are removed on start.
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <tracefs.h>

#include <smccctrace/error.h>
#include <smccctrace/reorder.h>

#include "cpu-read.h"
#include "kvm-events.h"
#include "live.h"
#include "probe.h"
#include "threads.h"

#define INSTANCE_PREFIX	"smccctrace-"
#define REORDER_WINDOW_NS	20000000ull	/* 20 ms */
#define READ_PAGES		1024u		/* pages of a CPU a read takes */

static const char *const events[] = {
	"kvm_exit", "kvm_hvc_arm64", "kvm_userspace_exit", "kvm_entry",
};

struct live {
	struct tracefs_instance	*instance;
	struct cpu_read		*reader;
	struct probe		*probe;
	struct tep_handle	*tep;
	struct kvm_events	ke;
	struct sct_correlator	*corr;
	struct sct_reorder		*reorder;
	char			name[64];
	int			ncpus;
	bool			following;	/* set_event_pid, event-fork on */
	bool			stopped;	/* on_record() failed, its error set */
	uint64_t		*lost;		/* per CPU, as the kernel counts */
	uint64_t		*cpu_ns;	/* per CPU, the last event read */
	uint64_t		first_ns;
	uint64_t		last_ns;
	uint64_t		events;		/* handed to the correlator */
	struct threads		threads;	/* the vCPU threads seen */
	struct live_opts	opts;
};

/* Whether @name is PREFIX<pid> of a process that is gone */
static bool stale(const char *name, const char *prefix, const char *end_chars)
{
	char *end;
	long pid;

	if (strncmp(name, prefix, strlen(prefix)))
		return false;
	pid = strtol(name + strlen(prefix), &end, 10);
	return pid > 0 && strchr(end_chars, *end) && kill((pid_t)pid, 0) && errno == ESRCH;
}

/* The probes (record --probe) of recorders that are gone */
static void remove_stale_probes(void)
{
	char *text = tracefs_instance_file_read(NULL, "kprobe_events", NULL);
	char *line, *save = NULL, *group, *space, del[96];

	for (line = text ? strtok_r(text, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save)) {
		group = strchr(line, ':');
		space = group ? strchr(group, ' ') : NULL;
		if (!space || !stale(group + 1, "smccctrace_", "/"))
			continue;
		*space = '\0';
		snprintf(del, sizeof(del), "-%s", group);
		tracefs_instance_file_append(NULL, "kprobe_events", del);
	}
	free(text);
}

/* Instances named smccctrace-<pid> whose recorder is gone */
static int remove_stale(const char *name, void *data)
{
	struct tracefs_instance *inst;

	if (!stale(name, INSTANCE_PREFIX, ""))
		return 0;
	inst = tracefs_instance_alloc(NULL, name);
	if (inst) {
		tracefs_instance_destroy(inst);
		tracefs_instance_free(inst);
	}
	return 0;
}

/* Add @pids to the instance's set_event_pid, in writes of at most a page */
static int add_pids(struct live *live, const pid_t *pids, size_t nr)
{
	char buf[4096];
	size_t i = 0, len;

	while (i < nr) {
		for (len = 0; i < nr && len < sizeof(buf) - 16; i++)
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%d ", (int)pids[i]);
		if (tracefs_instance_file_append(live->instance, "set_event_pid", buf) < 0)
			return -1;
	}
	return 0;
}

/* With event-fork on first, what the followed threads create is followed too */
static int set_pids(struct live *live, const struct live_opts *opts)
{
	if (!opts->nr_pids)
		return 0;
	live->following = true;
	if (tracefs_option_enable(live->instance, TRACEFS_OPTION_EVENT_FORK))
		return -1;
	return add_pids(live, opts->pids, opts->nr_pids);
}

/**
 * live_follow - follow more threads, with those they create
 * @live: the recorder, created with threads to follow
 * @pids: the threads; used during the call only
 * @nr: entries of @pids
 *
 * The threads given to live_create() are followed with event-fork on:
 * the threads they create from then on are followed too. A thread
 * created before that is not; so list a process's threads after
 * live_create() and hand them here before live_start(). Returns 0, or
 * -1 with errno and the error text set.
 */
int live_follow(struct live *live, const pid_t *pids, size_t nr)
{
	if (!live->following)
		return sct_set_error(EINVAL, "%s: follows no threads", live->name);
	if (add_pids(live, pids, nr))
		return sct_set_error(errno ? errno : EIO, "%s: cannot follow more threads "
				     "(set_event_pid): %s", live->name,
				     strerror(errno ? errno : EIO));
	return 0;
}

static int setup(struct live *live, const struct live_opts *opts)
{
	size_t i;

	if (tracefs_instance_file_write(live->instance, "trace_clock", "mono") < 0)
		return sct_set_error(EIO, "cannot set the trace clock 'mono'");
	if (live->opts.buffer_kb) {
		char kb[24];

		snprintf(kb, sizeof(kb), "%u", live->opts.buffer_kb);
		if (tracefs_instance_file_write(live->instance, "buffer_size_kb", kb) < 0)
			return sct_set_error(EIO, "cannot set a buffer of %s KiB", kb);
	}
	if (set_pids(live, opts))
		return sct_set_error(EIO, "cannot follow the given threads (set_event_pid)");
	for (i = 0; i < sizeof(events) / sizeof(events[0]); i++)
		tracefs_event_enable(live->instance, "kvm", events[i]);
	if (live->probe &&
	    tracefs_event_enable(live->instance, probe_group(live->probe), PROBE_EVENT))
		return sct_set_error(EIO, "cannot enable the probe");
	return 0;
}

static int load_events(struct live *live)
{
	const char *systems[] = { "kvm", NULL, NULL };

	if (live->opts.probe_regs) {
		live->probe = probe_create(live->opts.probe_regs);
		if (!live->probe)
			return -1;
		systems[1] = probe_group(live->probe);
	}
	live->tep = tracefs_local_events_system(NULL, systems);
	if (!live->tep)
		return sct_set_error(ENOENT, "cannot read the kvm event formats (is kvm loaded?)");
	if (kvm_events_init(&live->ke, live->tep, true))
		return -1;
	if (live->probe && kvm_events_add_probe(&live->ke, live->tep,
						 probe_group(live->probe), PROBE_EVENT))
		return sct_set_error(EIO, "cannot read the probe's event format");
	return 0;
}

/**
 * live_create - make the instance and set it up, tracing still off
 * @opts: what to capture; its pids are used during the call only
 *
 * Returns the recorder, which live_destroy() removes, or NULL with the
 * error text set.
 */
struct live *live_create(const struct live_opts *opts)
{
	struct live *live = calloc(1, sizeof(*live));
	long ncpus = sysconf(_SC_NPROCESSORS_CONF);

	if (!live || ncpus < 1 || !(live->lost = calloc((size_t)ncpus, sizeof(uint64_t))) ||
	    !(live->cpu_ns = calloc((size_t)ncpus, sizeof(uint64_t))) ||
	    !(live->reorder = sct_reorder_create())) {
		sct_set_error(ENOMEM, "out of memory");
		live_destroy(live);
		return NULL;
	}
	live->ncpus = (int)ncpus;
	live->opts = *opts;
	live->opts.pids = NULL;		/* the caller's; used here only */
	live->opts.nr_pids = 0;
	live->first_ns = live->last_ns = SCT_NO_TIME;
	tracefs_instances_walk(remove_stale, NULL);
	remove_stale_probes();
	snprintf(live->name, sizeof(live->name), INSTANCE_PREFIX "%d", (int)getpid());
	if (load_events(live))
		goto fail;
	live->instance = tracefs_instance_create(live->name);
	if (!live->instance) {
		sct_set_error(errno, "cannot create the tracefs instance %s: %s",
			      live->name, strerror(errno));
		goto fail;
	}
	tracefs_trace_off(live->instance);
	if (setup(live, opts))
		goto fail;
	live->reader = cpu_read_open(live->instance, live->tep, live->ncpus);
	if (!live->reader) {
		sct_set_error(errno, "cannot open the ring buffers of %s: %s",
			      live->name, strerror(errno));
		goto fail;
	}
	return live;
fail:
	live_destroy(live);
	return NULL;
}

/**
 * live_start - turn tracing on in the instance
 * @live: the recorder
 *
 * Returns 0, or -1 with the error text set.
 */
int live_start(struct live *live)
{
	if (tracefs_trace_on(live->instance))
		return sct_set_error(EIO, "cannot turn tracing on in %s", live->name);
	return 0;
}

/* The kernel's count of events lost on @cpu so far */
static uint64_t kernel_lost(struct live *live, int cpu)
{
	static const char *const keys[] = { "\noverrun: ", "\ndropped events: " };
	char path[64], *text, *p;
	uint64_t n = 0;
	size_t i;

	snprintf(path, sizeof(path), "per_cpu/cpu%d/stats", cpu);
	text = tracefs_instance_file_read(live->instance, path, NULL);
	if (!text)
		return live->lost[cpu];
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		p = strstr(text, keys[i]);
		if (p)
			n += strtoull(p + strlen(keys[i]), NULL, 10);
	}
	free(text);
	return n;
}

/* Losses the kernel counted since the last read, in line after each CPU's last event */
static int add_losses(struct live *live)
{
	uint64_t n;
	int cpu;

	for (cpu = 0; cpu < live->ncpus; cpu++) {
		n = kernel_lost(live, cpu);
		if (n <= live->lost[cpu])
			continue;
		if (sct_reorder_lost(live->reorder, cpu, n - live->lost[cpu]))
			return -1;
		live->lost[cpu] = n;
	}
	return 0;
}

/*
 * A page that says events were lost before it (the writer overwrote
 * pages while this read was taking the CPU's earlier ones): the loss goes
 * in line before its first event, not at the next read, where it would
 * come after events of that CPU already handed on.
 */
static int add_page_loss(struct live *live, int cpu, int missed)
{
	uint64_t count = 0, n;

	if (missed > 0) {
		count = (uint64_t)missed;
		live->lost[cpu] += count;
	} else {
		n = kernel_lost(live, cpu);
		if (n > live->lost[cpu]) {
			count = n - live->lost[cpu];
			live->lost[cpu] = n;
		}
	}
	return sct_reorder_lost(live->reorder, cpu, count);
}

/* Each record read; a failure (its error text set) stops the read */
static int on_record(struct tep_record *rec, void *data)
{
	struct live *live = data;
	struct sct_event ev;

	if (rec->missed_events && add_page_loss(live, rec->cpu, rec->missed_events))
		goto fail;
	live->cpu_ns[rec->cpu] = rec->ts;
	if (!kvm_events_decode(&live->ke, live->tep, rec, &ev))
		return 0;
	if (sct_reorder_add(live->reorder, &ev))
		goto fail;
	return 0;
fail:
	live->stopped = true;
	return -1;
}

/* Every CPU's pages; lowers @cutoff below what a CPU left unread */
static int read_cpus(struct live *live, bool all, uint64_t *cutoff)
{
	int cpu, n;

	for (cpu = 0; cpu < live->ncpus; cpu++) {
		live->stopped = false;
		errno = 0;
		do {
			n = cpu_read_pages(live->reader, cpu, READ_PAGES, on_record, live);
		} while (all && n == (int)READ_PAGES);
		if (n < 0 && live->stopped)
			return -1;
		if (n < 0)
			return sct_set_error(errno ? errno : EIO, "%s: cannot read CPU %d's "
					     "ring buffer: %s", live->name, cpu,
					     strerror(errno ? errno : EIO));
		if (n == (int)READ_PAGES && live->cpu_ns[cpu] <= *cutoff)
			*cutoff = live->cpu_ns[cpu] ? live->cpu_ns[cpu] - 1 : 0;
	}
	return 0;
}

/* A thread's name while it runs (the trace's saved_cmdlines may lack it) */
static const char *comm_of(int32_t tid, char *buf, size_t size)
{
	char path[64];
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/comm", (int)tid);
	f = fopen(path, "re");
	if (!f)
		return NULL;
	n = fread(buf, 1, size - 1, f);
	fclose(f);
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\0'))
		n--;
	buf[n] = '\0';
	return buf;
}

static int feed(const struct sct_event *ev, void *data)
{
	struct live *live = data;

	if (threads_note_event(&live->threads, ev, comm_of))
		return -1;
	if (ev->type != SCT_EV_LOST) {
		live->events++;
		if (live->first_ns == SCT_NO_TIME)
			live->first_ns = ev->ts;
		live->last_ns = ev->ts;
	}
	return sct_correlator_feed(live->corr, ev) ? -1 : 0;
}

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/*
 * Read the buffers, then hand on what nothing older can precede any more
 * (@all: everything, tracing is off)
 */
static int read_upto(struct live *live, struct sct_correlator *corr, bool all)
{
	uint64_t start = mono_ns(), cutoff;

	cutoff = all ? UINT64_MAX : start > REORDER_WINDOW_NS ? start - REORDER_WINDOW_NS : 0;
	live->corr = corr;
	if (add_losses(live) || read_cpus(live, all, &cutoff))
		return -1;
	return sct_reorder_flush(live->reorder, cutoff, feed, live) ? -1 : 0;
}

/**
 * live_read - hand the correlator what the buffers hold now
 * @live: the recorder
 * @corr: the correlator
 *
 * Events of the last REORDER_WINDOW_NS stay held for the next read.
 * Returns 0, or -1 with the error text set when reading the buffers or
 * the correlator failed, or memory ran out.
 */
int live_read(struct live *live, struct sct_correlator *corr)
{
	return read_upto(live, corr, false);
}

/**
 * live_stop - stop tracing, drain what the kernel still holds, hand on all
 * @live: the recorder
 * @corr: the correlator
 *
 * Returns 0 or -1 as live_read().
 */
int live_stop(struct live *live, struct sct_correlator *corr)
{
	if (tracefs_trace_off(live->instance))
		return sct_set_error(errno ? errno : EIO, "%s: cannot turn tracing off: %s",
				     live->name, strerror(errno ? errno : EIO));
	return read_upto(live, corr, true);
}

/**
 * live_destroy - remove the instance and free the recorder; NULL is harmless
 * @live: the recorder
 */
void live_destroy(struct live *live)
{
	if (!live)
		return;
	cpu_read_close(live->reader);
	if (live->instance) {
		tracefs_trace_off(live->instance);
		tracefs_instance_destroy(live->instance);
		tracefs_instance_free(live->instance);
	}
	probe_destroy(live->probe);
	tep_free(live->tep);
	sct_reorder_free(live->reorder);
	free(live->cpu_ns);
	free(live->lost);
	threads_release(&live->threads);
	free(live);
}

/* The tracefs instance's name; @live owns it */
const char *live_instance_name(const struct live *live)
{
	return live->name;
}

/* Whether this kernel's events can show calls (arm64's kvm_hvc_arm64) */
bool live_sees_calls(const struct live *live)
{
	return live->ke.id[KE_HVC] >= 0;
}

/* How many registers the probe reads; 0 without one */
unsigned int live_probe_regs(const struct live *live)
{
	return live->probe ? probe_regs(live->probe) : 0;
}

/*
 * The handler the probe is on when SMC calls do not reach it (before
 * Linux 6.4), else NULL; a static string
 */
const char *live_probe_hvc_only(const struct live *live)
{
	return live->probe && !probe_sees_smc(live->probe) ? probe_function(live->probe) : NULL;
}

/* The first and last event time stamps, or SCT_NO_TIME */
uint64_t live_first_ns(const struct live *live)
{
	return live->first_ns;
}

/* See live_first_ns() */
uint64_t live_last_ns(const struct live *live)
{
	return live->last_ns;
}

/* Events handed to the correlator so far */
uint64_t live_events(const struct live *live)
{
	return live->events;
}

/*
 * live_threads - the vCPU threads seen so far, with their names and first
 * exits; @live owns them (the array moves as threads are added). A thread
 * gone before its name was read from /proc takes the one the kernel's
 * saved_cmdlines kept, if any.
 */
struct threads *live_threads(struct live *live)
{
	struct sct_thread *t;
	bool loaded = false;
	size_t i;

	for (i = 0; i < live->threads.nr; i++) {
		t = &live->threads.v[i];
		if (t->comm[0])
			continue;
		if (!loaded)
			loaded = !tracefs_load_cmdlines(NULL, live->tep);
		if (loaded && tep_is_pid_registered(live->tep, t->tid))
			snprintf(t->comm, sizeof(t->comm), "%s",
				 tep_data_comm_from_pid(live->tep, t->tid));
	}
	return &live->threads;
}
