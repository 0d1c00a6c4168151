// SPDX-License-Identifier: GPL-2.0
/*
 * smccctrace replay: loading the selected calls, answering them with the
 * back end (in recorded order, or one thread per vCPU), timing each
 * answer, and storing the replay as a session of its own.
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <smccctrace/array.h>
#include <smccctrace/error.h>
#include <smccctrace/smccc.h>

#include "replay.h"

/* ---- loading ---- */

#define MAX_TIDS	1024

struct loader {
	struct replay	*r;
	int32_t		tids[MAX_TIDS];	/* threads of vCPUs of unknown index */
	unsigned int	nr_tids;
	int32_t		max_vcpu;
};

/* The vCPU index a call gets: its own, else one per thread after them */
static uint32_t vcpu_index(struct loader *l, const struct sct_call *c)
{
	unsigned int i;

	if (c->vcpu >= 0)
		return (uint32_t)c->vcpu;
	for (i = 0; i < l->nr_tids; i++)
		if (l->tids[i] == c->tid)
			return (uint32_t)(l->max_vcpu + 1) + i;
	if (l->nr_tids < MAX_TIDS)
		l->tids[l->nr_tids++] = c->tid;
	return (uint32_t)(l->max_vcpu + 1) + i;
}

static int keep_call(struct replay *r, const struct sct_call *c, uint32_t vcpu)
{
	struct replay_call *tmp;

	tmp = sct_array_room(r->calls, &r->alloc, r->nr + 1, sizeof(*tmp));
	if (!tmp)
		return sct_set_error(ENOMEM, "out of memory");
	r->calls = tmp;
	memset(&r->calls[r->nr], 0, sizeof(r->calls[r->nr]));
	r->calls[r->nr].rec = *c;
	r->calls[r->nr].vcpu = vcpu;
	r->nr++;
	if (c->nargs)
		r->with_args++;
	if (vcpu >= r->nr_vcpus)
		r->nr_vcpus = vcpu + 1;
	return 0;
}

static int max_vcpu(const struct sct_call *c, void *data)
{
	struct loader *l = data;

	if (c->vcpu > l->max_vcpu)
		l->max_vcpu = c->vcpu;
	return 0;
}

static int load_one(const struct sct_call *c, void *data)
{
	struct loader *l = data;
	struct replay *r = l->r;
	uint32_t vcpu = vcpu_index(l, c);

	if (!c->id_known)
		r->unknown_ids++;
	else if (!sct_selection_match(&r->o->sel, c))
		r->filtered++;
	else
		return keep_call(r, c, vcpu) ? -1 : 0;
	return 0;
}

/**
 * replay_load - read the calls of @r->src that the options select
 * @r: the run; src is the session to read
 * @store: the store it lives in
 *
 * Returns 0, or -1 with the error text set.
 */
int replay_load(struct replay *r, struct sct_store *store)
{
	struct loader l = { .r = r, .max_vcpu = -1 };

	if (sct_store_foreach_call(store, r->src.id, max_vcpu, &l) ||
	    sct_store_foreach_call(store, r->src.id, load_one, &l))
		return -1;
	return 0;
}

/* ---- running ---- */

static inline uint64_t now_raw(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* The cost of one clock reading: the mean of many back to back */
static uint64_t clock_cost(void)
{
	enum { N = 100000 };
	uint64_t t0, t1;
	int i;

	t0 = now_raw();
	for (i = 0; i < N; i++)
		now_raw();
	t1 = now_raw();
	return (t1 - t0 + N / 2) / N;
}

static void make_hypercall(const struct replay_call *c, struct sct_hypercall *hc)
{
	memset(hc, 0, sizeof(*hc));
	hc->vcpu = c->vcpu;
	hc->flags = c->rec.conduit == SCT_CONDUIT_SMC ? SCT_HYPERCALL_SMC : 0;
	hc->x[0] = c->rec.func_id;
	memcpy(&hc->x[1], c->rec.args, c->rec.nargs * sizeof(hc->x[1]));
}

static int answer(struct replay_backend *be, struct replay_call *c)
{
	struct sct_hypercall hc;
	uint64_t t0, t1;
	int ret;

	make_hypercall(c, &hc);
	t0 = now_raw();
	ret = replay_backend_call(be, c->rec.seq, &hc);
	t1 = now_raw();
	c->t_start = t0;
	c->ns = t1 - t0;
	memcpy(c->out, hc.x, sizeof(c->out));
	return ret;
}

struct vcpu_thread {
	pthread_t		thread;
	struct replay		*r;
	struct replay_backend	*be;
	uint32_t		vcpu;
	int			ret;
	char			err[512];
};

static atomic_int stop_all;	/* a thread failed: the others stop */

static void *vcpu_main(void *arg)
{
	struct vcpu_thread *t = arg;
	size_t i;

	for (i = 0; i < t->r->nr && !stop_all; i++) {
		if (t->r->calls[i].vcpu != t->vcpu)
			continue;
		if (answer(t->be, &t->r->calls[i])) {
			snprintf(t->err, sizeof(t->err), "%s", sct_last_error());
			t->ret = -1;
			stop_all = 1;
		}
	}
	return NULL;
}

static int run_parallel(struct replay *r, struct replay_backend *be)
{
	struct vcpu_thread *t = calloc(r->nr_vcpus, sizeof(*t));
	unsigned int i, started;
	int ret = 0;

	if (!t)
		return sct_set_error(ENOMEM, "out of memory");
	stop_all = 0;
	for (started = 0; started < r->nr_vcpus; started++) {
		t[started] = (struct vcpu_thread) { .r = r, .be = be, .vcpu = started };
		if (pthread_create(&t[started].thread, NULL, vcpu_main, &t[started])) {
			stop_all = 1;
			ret = sct_set_error(EAGAIN, "cannot start a thread for vCPU %u", started);
			break;
		}
	}
	for (i = 0; i < started; i++) {
		pthread_join(t[i].thread, NULL);
		if (t[i].ret && !ret)
			ret = sct_set_error(EIO, "%s", t[i].err);
	}
	free(t);
	return ret;
}

/**
 * replay_run - answer every loaded call with the back end
 * @r: the run, its calls loaded
 *
 * Opens the back end, measures the clock's cost, answers the calls in
 * recorded order (--parallel: each vCPU's in order, on a thread of its
 * own; --kvm: made by a guest on real KVM, replay_run_kvm()) and checks
 * the back end after the last. Returns 0, or -1 with the
 * error text set; a failed run leaves nothing behind.
 */
int replay_run(struct replay *r)
{
	struct replay_backend *be;
	size_t i;
	int ret = 0;

	r->o->spec.nr_vcpus = r->nr_vcpus;
	be = replay_backend_open(&r->o->spec);
	if (!be)
		return -1;
	r->desc = strdup(replay_backend_describe(be));
	r->clock_ns = clock_cost();
	if (r->o->kvm)
		ret = replay_run_kvm(r, be);
	else if (r->o->parallel)
		ret = run_parallel(r, be);
	for (i = 0; !r->o->parallel && !r->o->kvm && i < r->nr && !ret; i++)
		ret = answer(be, &r->calls[i]);
	if (!ret)
		ret = replay_backend_finish(be);
	replay_backend_free(be);
	if (!r->desc && !ret)
		ret = sct_set_error(ENOMEM, "out of memory");
	return ret;
}

/* ---- storing ---- */

/**
 * replay_call_record - a replayed call as the replay session stores it
 * @r: the run
 * @c: the call, answered
 * @out: filled in: the recorded call with the back end's x0..x3, the
 *       handler's time as t_entry - t_exit and the dense vCPU index
 *       (--kvm: what the guest got, its view of the call's time and
 *       where the call went)
 */
void replay_call_record(const struct replay *r, const struct replay_call *c,
			struct sct_call *out)
{
	bool kernel = r->o->spec.kind == REPLAY_BACKEND_BUILTIN &&
		      !strcmp(r->o->spec.name, "kvm");

	*out = c->rec;
	out->vcpu = (int32_t)c->vcpu;
	out->location = r->o->kvm ? c->location : kernel ? SCT_LOC_KERNEL : SCT_LOC_USER;
	out->incomplete = false;
	out->cpu = -1;
	out->t_exit = c->t_start;
	out->t_uexit = SCT_NO_TIME;
	out->t_entry = c->t_start + c->ns;
	out->t_vmm_exit = SCT_NO_TIME;
	out->t_vmm_resume = SCT_NO_TIME;
	out->nresults = SCT_MAX_RESULTS;
	memcpy(out->results, c->out, sizeof(out->results));
}

static int write_calls(struct replay *r, struct sct_store *store)
{
	uint64_t first = SCT_NO_TIME, last = 0;
	struct sct_call c;
	size_t i;

	for (i = 0; i < r->nr; i++) {
		replay_call_record(r, &r->calls[i], &c);
		if (sct_store_add_call(store, &c))
			return -1;
		if (first == SCT_NO_TIME || c.t_exit < first)
			first = c.t_exit;
		if (c.t_entry > last)
			last = c.t_entry;
	}
	return sct_store_commit_session(store, NULL, first, r->nr ? last : SCT_NO_TIME);
}

static int store_session(struct replay *r, struct sct_store *store, struct sct_session *s)
{
	struct utsname u;
	char host[256];

	if (!gethostname(host, sizeof(host))) {
		host[sizeof(host) - 1] = '\0';
		s->host = host;
	}
	if (!uname(&u))
		s->kernel = u.release;
	r->new_id = sct_store_begin_session(store, s);
	if (r->new_id < 0)
		return -1;
	if (write_calls(r, store)) {
		sct_store_abort_session(store);
		return -1;
	}
	return 0;
}

/**
 * replay_store - store the replay as a session of kind "replay"
 * @r: the run, replayed
 * @store: the store, open for writing
 *
 * The session names the back end (source) and the session replayed
 * (replay_of); each call carries the back end's x0..x3 and the handler's
 * time as t_entry - t_exit (total_ns). With --kvm the session's filter is
 * the one the guest ran under, the source says "kvm:" and each call has
 * its location and the guest's time. Returns 0 with @r->new_id set, or -1
 * with the error text set and nothing written.
 */
int replay_store(struct replay *r, struct sct_store *store)
{
	struct sct_session s = {
		.kind = "replay", .source = (char *)r->desc,
		.clock = "mono_raw", .filter_json = r->src.filter_json,
		.replay_of = r->src.id,
	};
	char *source = NULL, *filter = NULL;
	int ret;

	if (r->o->kvm) {
		filter = r->filter ? sct_filter_to_json(r->filter) : NULL;
		if (asprintf(&source, "kvm:%s", r->desc) < 0 || (r->filter && !filter)) {
			free(filter);
			return sct_set_error(ENOMEM, "out of memory");
		}
		s.source = source;
		s.clock = "mono";
		s.filter_json = filter;
	}
	ret = store_session(r, store, &s);
	free(source);
	free(filter);
	return ret;
}
