// SPDX-License-Identifier: GPL-2.0
/*
 * The recorder's side of the preload shim: a temporary file holding the
 * ring the shim writes into (shim/shim-record.h), drained as it fills.
 * Each vCPU thread's records pair up into forwarded calls: its SHIM_EXIT
 * (function ID, conduit, vCPU, x1..x17) and the SHIM_RESUME that follows
 * (x0..x3), queued per thread in order.
 *
 * With tracepoints (record --shim), a forwarded call the correlator found
 * takes the first pair of its thread at or after its kvm_userspace_exit;
 * older pairs are calls the trace lost and are dropped. Alone (record
 * --shim-only), every pair is a call as soon as its SHIM_RESUME arrives.
 * A thread's queue holds at most SHIM_QUEUE_MAX pairs: beyond, the oldest is
 * dropped and counted.
 *
 * Each VM the process created keeps its own filter (the ranges KVM
 * accepted on its VM fd, in order) and each thread the vCPUs it ran, from
 * when: so every call, forwarded or not, gets its VM and vCPU, and is
 * placed by its own VM's filter (shim_vm_view()).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <smccctrace/array.h>
#include <smccctrace/error.h>

#include "shim-reader.h"

#define RING_PREFIX	"smccctrace-shim-"	/* then the recorder's pid, '-' */

/*
 * Ring files of recorders that are gone: killed before they could remove
 * their own (12 MB each). Only our user's files are looked at.
 */
static void remove_stale_rings(const char *dir)
{
	size_t plen = strlen(RING_PREFIX);
	struct dirent *e;
	struct stat st;
	char *end;
	DIR *d;
	long pid;

	d = opendir(dir);
	if (!d)
		return;
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, RING_PREFIX, plen))
			continue;
		pid = strtol(e->d_name + plen, &end, 10);
		if (pid <= 0 || *end != '-' || !kill((pid_t)pid, 0) || errno != ESRCH)
			continue;
		if (!fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) &&
		    S_ISREG(st.st_mode) && st.st_uid == geteuid())
			unlinkat(dirfd(d), e->d_name, 0);
	}
	closedir(d);
}

/**
 * shim_reader_create - make the file the shim will append to
 * @regs: ask the shim for the guest's registers
 *
 * The file, in $TMPDIR or /tmp, is named after the recorder's pid: those
 * of recorders that are gone are removed here. Returns the reader, which
 * shim_reader_free() removes with its file, or NULL with errno and the
 * error text set.
 */
struct shim_reader *shim_reader_create(bool regs)
{
	struct shim_reader *sr = calloc(1, sizeof(*sr));
	const char *tmp = getenv("TMPDIR");
	int fd, err;

	if (!sr) {
		sct_set_error(ENOMEM, "out of memory");
		return NULL;
	}
	if (!tmp || strlen(tmp) >= 96)
		tmp = "/tmp";
	remove_stale_rings(tmp);
	snprintf(sr->path, sizeof(sr->path), "%s/" RING_PREFIX "%d-XXXXXX", tmp, (int)getpid());
	fd = mkstemp(sr->path);
	if (fd < 0 || ftruncate(fd, (off_t)shim_ring_size(SHIM_SLOTS))) {
		sct_set_error(errno, "%s: %s", sr->path, strerror(errno));
		goto fail;
	}
	sr->ring = mmap(NULL, shim_ring_size(SHIM_SLOTS), PROT_READ | PROT_WRITE,
			MAP_SHARED, fd, 0);
	if (sr->ring == MAP_FAILED) {
		sr->ring = NULL;
		sct_set_error(errno, "%s: %s", sr->path, strerror(errno));
		goto fail;
	}
	close(fd);
	sr->ring->slots = SHIM_SLOTS;
	sr->ring->magic = SHIM_MAGIC;
	sr->regs = regs;
	return sr;
fail:
	err = errno;
	if (fd >= 0)
		close(fd);
	shim_reader_free(sr);
	errno = err;
	return NULL;
}

/**
 * shim_reader_free - unmap and remove the ring's file; NULL is harmless
 * @sr: the reader
 */
void shim_reader_free(struct shim_reader *sr)
{
	size_t i;

	if (!sr)
		return;
	if (sr->ring)
		munmap(sr->ring, shim_ring_size(SHIM_SLOTS));
	if (*sr->path)
		unlink(sr->path);
	for (i = 0; i < sr->nr_threads; i++) {
		free(sr->threads[i].q);
		free(sr->threads[i].runs);
	}
	free(sr->threads);
	for (i = 0; i < sr->nr_vms; i++)
		sct_filter_free(sr->vms[i].filter);
	free(sr->vms);
	free(sr);
}

/**
 * shim_reader_env - set the environment that makes a VMM load the shim
 * @sr: the reader
 *
 * For the child about to exec the VMM. The library is found next to the
 * smccctrace binary (record/shim/ in the build tree, ../lib/smccctrace/
 * once installed) unless $SMCCCTRACE_PRELOAD names it. Returns 0, or -1
 * with errno and the error text set.
 */
int shim_reader_env(const struct shim_reader *sr)
{
	static const char *const places[] = {
		"/record/shim/libsmccctrace-preload.so",
		"/../lib/smccctrace/libsmccctrace-preload.so",
	};
	char exe[4096], lib[4200], *slash;
	const char *preload = getenv("SMCCCTRACE_PRELOAD");
	ssize_t n;
	size_t i;

	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	for (i = 0; !preload && n > 0 && i < sizeof(places) / sizeof(places[0]); i++) {
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash)
			*slash = '\0';
		snprintf(lib, sizeof(lib), "%s%s", exe, places[i]);
		if (!access(lib, R_OK))
			preload = lib;
	}
	if (!preload)
		return sct_set_error(ENOENT, "cannot find libsmccctrace-preload.so");
	if (setenv("LD_PRELOAD", preload, 1) || setenv(SHIM_OUT_ENV, sr->path, 1) ||
	    setenv(SHIM_REGS_ENV, sr->regs ? "1" : "0", 1))
		return sct_set_error(errno, "cannot set the shim's environment: %s",
				     strerror(errno));
	return 0;
}

/**
 * shim_reader_ring - the ring the shim writes into
 * @sr: the reader
 *
 * The shim maps the same file ($SMCCCTRACE_SHIM_OUT); this is the
 * recorder's mapping, which @sr owns, for putting records in as the shim
 * would (the unit tests do).
 */
struct shim_ring *shim_reader_ring(const struct shim_reader *sr)
{
	return sr->ring;
}

/**
 * shim_thread_of - a thread's queue, made on first sight
 * @sr: the reader, which owns the queue
 * @tid: the thread
 * @vcpu: its vCPU; INT32_MIN only finds a queue, never makes one
 *
 * Returns the queue (valid until the next one is made), or NULL when out
 * of memory or not found.
 */
struct shim_thread *shim_thread_of(struct shim_reader *sr, int32_t tid, int32_t vcpu)
{
	struct shim_thread *t;
	size_t i;

	if (sr->last < sr->nr_threads && sr->threads[sr->last].tid == tid)
		return &sr->threads[sr->last];
	for (i = 0; i < sr->nr_threads; i++)
		if (sr->threads[i].tid == tid)
			return &sr->threads[sr->last = i];
	if (vcpu == INT32_MIN)
		return NULL;
	t = sct_array_room(sr->threads, &sr->alloc_threads, sr->nr_threads + 1, sizeof(*t));
	if (!t)
		return NULL;
	sr->threads = t;
	t = &sr->threads[sr->nr_threads];
	*t = (struct shim_thread) { .tid = tid, .vcpu = vcpu };
	sr->last = sr->nr_threads++;
	return t;
}

/* Room for one more pair: the ring doubles up to SHIM_QUEUE_MAX, then drops */
static int make_room(struct shim_reader *sr, struct shim_thread *t)
{
	size_t n = t->cap ? t->cap * 2 : 16, i;
	struct pair *q;

	if (t->nr < t->cap)
		return 0;
	if (t->cap == SHIM_QUEUE_MAX || !(q = malloc(n * sizeof(*q)))) {
		if (!t->nr)
			return -1;
		queue_pop(t);
		sr->dropped++;
		return 0;
	}
	for (i = 0; i < t->nr; i++)
		q[i] = *queue_at(t, i);
	free(t->q);
	t->q = q;
	t->head = 0;
	t->cap = n;
	return 0;
}

/* --shim-only: a pair is a call, from KVM_RUN's return to the next KVM_RUN */
static int emit(struct shim_reader *sr, struct shim_thread *t)
{
	const struct pair *p = queue_at(t, 0);
	struct sct_call c;

	sct_call_init(&c);
	c.tid = t->tid;
	c.location = SCT_LOC_USER;
	c.t_uexit = p->exit.ts;
	c.t_entry = p->resume_ts;
	c.incomplete = p->resume_ts == SCT_NO_TIME;
	shim_fill_from(&c, p);
	c.seq = sr->seq++;
	queue_pop(t);
	return sr->fn(&c, sr->data);
}

static void resumed(struct shim_thread *t, const struct shim_record *r)
{
	struct pair *p = t->nr ? queue_at(t, t->nr - 1) : NULL;

	/* a resume whose exit was dropped has no pair */
	if (!p || p->resume_ts != SCT_NO_TIME)
		return;
	p->resume_ts = r->ts;
	p->nresults = r->nregs <= SCT_MAX_RESULTS ? r->nregs : SCT_MAX_RESULTS;
	memcpy(p->results, r->regs, p->nresults * sizeof(p->results[0]));
}

/* VM @id, made on first sight; NULL when out of memory */
static struct shim_vm *vm_of(struct shim_reader *sr, int32_t id, uint64_t ts)
{
	struct shim_vm *vm;
	size_t i;

	for (i = 0; i < sr->nr_vms; i++)
		if (sr->vms[i].id == id)
			return &sr->vms[i];
	vm = sct_array_room(sr->vms, &sr->alloc_vms, sr->nr_vms + 1, sizeof(*vm));
	if (!vm)
		return NULL;
	sr->vms = vm;
	vm = &sr->vms[sr->nr_vms++];
	*vm = (struct shim_vm) { .id = id, .t_created = ts, .t_filter = SCT_NO_TIME };
	return vm;
}

/*
 * A range KVM accepted on a VM fd goes into that VM's filter; one our
 * model refuses (it should not) is counted, never the start of a filter.
 */
static void take_filter(struct shim_reader *sr, const struct shim_record *r)
{
	struct sct_filter_range range = {
		.base = (uint32_t)r->nr, .nr_functions = (uint32_t)(r->flags >> 8),
		.action = (uint8_t)r->flags,
	};
	struct shim_vm *vm = r->vm >= 0 ? vm_of(sr, r->vm, SCT_NO_TIME) : NULL;
	struct sct_filter *f;

	if (!vm) {
		sr->dropped++;
		return;
	}
	f = vm->filter ? vm->filter : sct_filter_create();
	if (!f || sct_filter_add(f, &range)) {
		vm->refused++;
		if (f != vm->filter)
			sct_filter_free(f);
		return;
	}
	vm->filter = f;
	if (vm->t_filter == SCT_NO_TIME)
		vm->t_filter = r->ts;
}

/* From @r->ts on, its thread runs another vCPU */
static void take_run(struct shim_reader *sr, const struct shim_record *r)
{
	struct shim_thread *t = shim_thread_of(sr, r->tid, r->vcpu);
	struct run *runs;

	runs = t ? sct_array_room(t->runs, &t->alloc_runs, t->nr_runs + 1, sizeof(*runs)) : NULL;
	if (!runs) {
		sr->dropped++;
		return;
	}
	t->runs = runs;
	t->runs[t->nr_runs++] = (struct run) { .ts = r->ts, .vm = r->vm, .vcpu = r->vcpu };
	t->vcpu = r->vcpu;
}

static int take(struct shim_reader *sr, const struct shim_record *r)
{
	struct shim_thread *t;

	switch (r->type) {
	case SHIM_FILTER:
		take_filter(sr, r);
		return 0;
	case SHIM_VM:
		if (r->vm >= 0 && !vm_of(sr, r->vm, r->ts))
			sr->dropped++;
		return 0;
	case SHIM_VCPU:
		return 0;
	case SHIM_RUN:
		take_run(sr, r);
		return 0;
	}
	t = shim_thread_of(sr, r->tid, r->vcpu);
	if (!t || (r->type == SHIM_EXIT && make_room(sr, t))) {
		sr->dropped++;
		return 0;
	}
	if (r->type == SHIM_EXIT)
		*queue_at(t, t->nr++) = (struct pair) { .exit = *r, .resume_ts = SCT_NO_TIME };
	else if (r->type == SHIM_RESUME)
		resumed(t, r);
	if (sr->fn && t->nr && queue_at(t, 0)->resume_ts != SCT_NO_TIME)
		return emit(sr, t);
	return 0;
}

/**
 * shim_stream - make every forwarded call the shim sees a call (--shim-only)
 * @sr: the reader
 * @fn: called with each call when the VMM has run its vCPU again, from
 *      shim_poll() and shim_finish(); a nonzero return stops them
 * @data: passed to @fn
 *
 * A call's t_uexit is when KVM_RUN returned to the VMM and t_entry when
 * the VMM ran the vCPU again: kvm_exit is not seen, so no total latency.
 */
void shim_stream(struct shim_reader *sr, sct_call_fn fn, void *data)
{
	sr->fn = fn;
	sr->data = data;
}

/**
 * shim_poll - take what the shim published since the last poll
 * @sr: the reader
 *
 * Returns 0, or what shim_stream()'s callback returned to stop.
 */
int shim_poll(struct shim_reader *sr)
{
	struct shim_record r;
	int ret;

	while (!shim_ring_get(sr->ring, SHIM_SLOTS, &r)) {
		ret = take(sr, &r);
		if (ret)
			return ret;
	}
	return 0;
}

/**
 * shim_finish - the VMM is done: stream the calls still waiting (--shim-only)
 * @sr: the reader
 *
 * Calls whose vCPU never ran again are incomplete. Returns 0, or what the
 * callback returned to stop.
 */
int shim_finish(struct shim_reader *sr)
{
	size_t i;
	int ret = shim_poll(sr);

	for (i = 0; !ret && sr->fn && i < sr->nr_threads; i++)
		while (!ret && sr->threads[i].nr)
			ret = emit(sr, &sr->threads[i]);
	return ret;
}

/* Records lost: to a full ring, to a full queue or to the reader's memory */
uint64_t shim_dropped(const struct shim_reader *sr)
{
	return sr->dropped + atomic_load(&sr->ring->dropped);
}
