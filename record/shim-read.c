// SPDX-License-Identifier: GPL-2.0
/*
 * The recorder's side of the preload shim: a temporary file holding the
 * ring the shim writes into (shim/shim-record.h), drained as it fills. A forwarded call the tracepoints found
 * gets from it what only the VMM sees: the first SHIM_EXIT of the same
 * thread at or after the call's kvm_userspace_exit gives the function ID
 * (an SMC's too), the conduit, the vCPU and x1..x17; the SHIM_RESUME that
 * follows on that thread gives x0..x3.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "shim-read.h"
#include "shim/shim-record.h"

#define MAX_TIDS	256

struct shim_reader {
	char			path[64];
	struct shim_ring	*ring;
	bool			regs;
	struct shim_record	*pending;	/* SHIM_EXIT and SHIM_RESUME, in order */
	size_t			nr;
	size_t			alloc;
	struct sct_filter	*filter;
	uint64_t		dropped;
	struct { int32_t tid, vcpu; } vcpus[MAX_TIDS];
	size_t			nr_vcpus;
};

/**
 * shim_reader_create - make the file the shim will append to
 * @regs: ask the shim for the guest's registers
 * @why: receives the reason on failure
 * @size: size of @why
 *
 * Returns the reader, which shim_reader_free() removes with its file.
 */
struct shim_reader *shim_reader_create(bool regs, char *why, size_t size)
{
	struct shim_reader *sr = calloc(1, sizeof(*sr));
	const char *tmp = getenv("TMPDIR");
	int fd;

	if (!sr) {
		snprintf(why, size, "out of memory");
		return NULL;
	}
	snprintf(sr->path, sizeof(sr->path), "%s/smccctrace-shim-XXXXXX",
		 tmp && strlen(tmp) < 32 ? tmp : "/tmp");
	fd = mkstemp(sr->path);
	if (fd < 0 || ftruncate(fd, (off_t)shim_ring_size(SHIM_SLOTS))) {
		snprintf(why, size, "%s: %s", sr->path, strerror(errno));
		goto fail;
	}
	sr->ring = mmap(NULL, shim_ring_size(SHIM_SLOTS), PROT_READ | PROT_WRITE,
			MAP_SHARED, fd, 0);
	if (sr->ring == MAP_FAILED) {
		sr->ring = NULL;
		snprintf(why, size, "%s: %s", sr->path, strerror(errno));
		goto fail;
	}
	close(fd);
	sr->ring->slots = SHIM_SLOTS;
	sr->ring->magic = SHIM_MAGIC;
	sr->regs = regs;
	return sr;
fail:
	if (fd >= 0)
		close(fd);
	shim_reader_free(sr);
	return NULL;
}

/**
 * shim_reader_free - unmap and remove the ring's file; NULL is harmless
 * @sr: the reader
 */
void shim_reader_free(struct shim_reader *sr)
{
	if (!sr)
		return;
	if (sr->ring)
		munmap(sr->ring, shim_ring_size(SHIM_SLOTS));
	if (*sr->path)
		unlink(sr->path);
	free(sr->pending);
	sct_filter_free(sr->filter);
	free(sr);
}

/**
 * shim_reader_env - set the environment that makes a VMM load the shim
 * @sr: the reader
 *
 * For the child about to exec the VMM. The library is found next to the
 * smccctrace binary (record/shim/ in the build tree, ../lib/smccctrace/
 * once installed) unless $SMCCCTRACE_PRELOAD names it. Returns 0 or -1.
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
		return -1;
	return setenv("LD_PRELOAD", preload, 1) || setenv(SHIM_OUT_ENV, sr->path, 1) ||
	       setenv(SHIM_REGS_ENV, sr->regs ? "1" : "0", 1) ? -1 : 0;
}

static void note_vcpu(struct shim_reader *sr, int32_t tid, int32_t vcpu)
{
	size_t i;

	for (i = 0; i < sr->nr_vcpus; i++)
		if (sr->vcpus[i].tid == tid)
			return;
	if (sr->nr_vcpus < MAX_TIDS) {
		sr->vcpus[sr->nr_vcpus].tid = tid;
		sr->vcpus[sr->nr_vcpus++].vcpu = vcpu;
	}
}

static void take(struct shim_reader *sr, const struct shim_record *r)
{
	struct sct_filter_range range;
	struct shim_record *tmp;

	switch (r->type) {
	case SHIM_FILTER:
		if (!sr->filter)
			sr->filter = sct_filter_create();
		range = (struct sct_filter_range) {
			.base = (uint32_t)r->nr, .nr_functions = (uint32_t)(r->flags >> 8),
			.action = (uint8_t)r->flags,
		};
		if (sr->filter)
			sct_filter_add(sr->filter, &range);
		return;
	}
	note_vcpu(sr, r->tid, r->vcpu);
	if (sr->nr == sr->alloc) {
		tmp = realloc(sr->pending, (sr->alloc ? sr->alloc * 2 : 64) * sizeof(*tmp));
		if (!tmp) {
			sr->dropped++;
			return;
		}
		sr->pending = tmp;
		sr->alloc = sr->alloc ? sr->alloc * 2 : 64;
	}
	sr->pending[sr->nr++] = *r;
}

/**
 * shim_poll - take what the shim published since the last poll
 * @sr: the reader
 */
void shim_poll(struct shim_reader *sr)
{
	struct shim_record r;

	while (!shim_ring_get(sr->ring, &r))
		take(sr, &r);
}

static void drop(struct shim_reader *sr, size_t i)
{
	memmove(&sr->pending[i], &sr->pending[i + 1], (sr->nr - i - 1) * sizeof(*sr->pending));
	sr->nr--;
}

static size_t find(const struct shim_reader *sr, size_t from, uint32_t type, int32_t tid)
{
	for (; from < sr->nr; from++)
		if (sr->pending[from].type == type && sr->pending[from].tid == tid)
			return from;
	return sr->nr;
}

static void fill_from_exit(struct sct_call *c, const struct shim_record *r)
{
	c->func_id = (uint32_t)r->nr;
	c->id_known = true;
	if (c->conduit == SCT_CONDUIT_UNKNOWN)
		c->conduit = (r->flags & 1) ? SCT_CONDUIT_SMC : SCT_CONDUIT_HVC;
	c->vcpu = r->vcpu;
	c->t_vmm_exit = r->ts;
	c->nargs = (uint8_t)r->nregs;
	memcpy(c->args, r->regs, r->nregs * sizeof(r->regs[0]));
}

/**
 * shim_fill - add what the VMM saw to a call
 * @sr: the reader
 * @call: a call about to be stored
 *
 * Every call of a thread the shim saw gets its vCPU id; a forwarded one
 * its function ID, conduit, arguments and results. Records of the thread
 * older than the match are stale and dropped.
 */
void shim_fill(struct shim_reader *sr, struct sct_call *call)
{
	size_t i, e;

	shim_poll(sr);
	for (i = 0; call->vcpu < 0 && i < sr->nr_vcpus; i++)
		if (sr->vcpus[i].tid == call->tid)
			call->vcpu = sr->vcpus[i].vcpu;
	if (call->location != SCT_LOC_USER)
		return;
	for (e = find(sr, 0, SHIM_EXIT, call->tid); e < sr->nr; e = find(sr, e, SHIM_EXIT, call->tid)) {
		if (call->t_uexit == SCT_NO_TIME || sr->pending[e].ts >= call->t_uexit)
			break;
		drop(sr, e);
	}
	if (e == sr->nr)
		return;
	fill_from_exit(call, &sr->pending[e]);
	drop(sr, e);
	i = find(sr, e, SHIM_RESUME, call->tid);
	if (i == sr->nr)
		return;
	call->t_vmm_resume = sr->pending[i].ts;
	call->nresults = (uint8_t)sr->pending[i].nregs;
	memcpy(call->results, sr->pending[i].regs, call->nresults * sizeof(uint64_t));
	drop(sr, i);
}

/**
 * shim_calls - the forwarded calls from the shim alone (record --shim-only)
 * @sr: the reader
 * @fn: called with each call, in the order the VMM saw them
 * @data: passed to @fn
 * @ncalls: set to the number of calls
 *
 * A call's t_uexit is when KVM_RUN returned to the VMM and t_entry when
 * the VMM ran the vCPU again: kvm_exit is not seen, so no total latency.
 * Returns 0 or what @fn returned.
 */
int shim_calls(struct shim_reader *sr, sct_call_fn fn, void *data, uint64_t *ncalls)
{
	struct sct_call c;
	size_t resume;
	int ret;

	shim_poll(sr);
	*ncalls = 0;
	while (sr->nr) {
		if (sr->pending[0].type != SHIM_EXIT) {
			drop(sr, 0);
			continue;
		}
		sct_call_init(&c);
		c.tid = sr->pending[0].tid;
		c.location = SCT_LOC_USER;
		c.t_uexit = sr->pending[0].ts;
		resume = find(sr, 1, SHIM_RESUME, c.tid);
		c.t_entry = resume < sr->nr ? sr->pending[resume].ts : SCT_NO_TIME;
		shim_fill(sr, &c);
		c.seq = (*ncalls)++;
		ret = fn(&c, data);
		if (ret)
			return ret;
	}
	return 0;
}

/* The SMCCC filter the VMM installed, or NULL; @sr owns it */
const struct sct_filter *shim_filter(const struct shim_reader *sr)
{
	return sr->filter;
}

/* Records lost: to a full ring, or to the reader's memory */
uint64_t shim_dropped(const struct shim_reader *sr)
{
	return sr->dropped + atomic_load(&sr->ring->dropped);
}
