// SPDX-License-Identifier: GPL-2.0
/*
 * smccctrace replay --kvm: the loaded calls made by a guest on real arm64
 * KVM (kvm.h) under the chosen SMCCC filter; what the guest got, where each
 * call went and how long it took in the guest's view go back to the run.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smccctrace/error.h>

#include "kvm.h"
#include "replay.h"

/**
 * replay_kvm_begin - what --kvm needs before the database is opened
 * @r: the run; its options read
 *
 * Loads --filter's filter into @r->filter (a bad file or spec is named)
 * and asks whether this machine has arm64 KVM with the SMCCC filter.
 * Returns 0, or -1 with the error text set and nothing kept.
 */
int replay_kvm_begin(struct replay *r)
{
	char msg[512];

	if (r->o->filter_arg) {
		r->filter = sct_filter_load(r->o->filter_arg);
		if (!r->filter) {
			snprintf(msg, sizeof(msg), "%s", sct_last_error());
			return sct_set_error(0, "--filter: %s", msg);
		}
	}
	if (replay_kvm_available()) {
		sct_filter_free(r->filter);
		r->filter = NULL;
		return -1;
	}
	return 0;
}

/**
 * replay_kvm_prepare - the filter the guest runs under
 * @r: the run, its session loaded; @r->filter is --filter's, if given
 *
 * Without --filter the guest runs under the session's own filter
 * (sessions.filter_json), or under none (KVM's defaults) when the session
 * does not know it. Returns 0, or -1 with the error text set.
 */
int replay_kvm_prepare(struct replay *r)
{
	if (r->filter) {
		r->filter_src = r->o->filter_arg;
		return 0;
	}
	if (!r->src.filter_json) {
		r->filter_src = "none (the session has no filter: KVM's defaults)";
		return 0;
	}
	r->filter = sct_filter_from_json(r->src.filter_json);
	if (!r->filter)
		return sct_set_error(EINVAL, "session %" PRId64 ": its filter: %s",
				     r->src.id, sct_last_error());
	r->filter_src = "the session's own";
	return 0;
}

static void kvm_call_of(const struct replay_call *c, struct replay_kvm_call *k)
{
	memset(k, 0, sizeof(*k));
	k->vcpu = c->vcpu;
	k->flags = c->rec.conduit == SCT_CONDUIT_SMC ? SCT_HYPERCALL_SMC : 0;
	k->x[0] = c->rec.func_id;
	memcpy(&k->x[1], c->rec.args, c->rec.nargs * sizeof(k->x[1]));
	k->seq = c->rec.seq;
}

/* The calls the guest made, with their results; the others counted */
static void take_results(struct replay *r, const struct replay_kvm_result *res)
{
	struct replay_call *c;
	size_t i, n = 0;

	for (i = 0; i < r->nr; i++) {
		if (res[i].location == SCT_LOC_UNKNOWN) {
			r->unplayable++;
			continue;
		}
		c = &r->calls[n++];
		if (c != &r->calls[i])
			*c = r->calls[i];
		memcpy(c->out, res[i].x, sizeof(c->out));
		c->t_start = res[i].t_start;
		c->ns = res[i].guest_ns;
		c->location = res[i].location;
	}
	r->nr = n;
}

/**
 * replay_run_kvm - make the loaded calls in a guest on KVM
 * @r: the run, prepared (replay_kvm_prepare())
 * @be: the back end that answers the calls KVM forwards
 *
 * Calls that would stop the guest (replay_kvm_unplayable()) are left out
 * of @r->calls and counted in @r->unplayable. Returns 0, or -1 with the
 * error text set.
 */
int replay_run_kvm(struct replay *r, struct replay_backend *be)
{
	struct replay_kvm_result *res = calloc(r->nr, sizeof(*res));
	struct replay_kvm_call *calls = calloc(r->nr, sizeof(*calls));
	size_t i;
	int ret = -1;

	if (!res || !calls) {
		sct_set_error(ENOMEM, "out of memory for %zu calls", r->nr);
		goto out;
	}
	for (i = 0; i < r->nr; i++)
		kvm_call_of(&r->calls[i], &calls[i]);
	if (replay_kvm_run(calls, r->nr, r->filter, be, res))
		goto out;
	take_results(r, res);
	if (!r->nr)
		sct_set_error(EINVAL, "all %" PRIu64 " calls would stop the guest "
			      "(PSCI power calls that KVM handles)", r->unplayable);
	else
		ret = 0;
out:
	free(res);
	free(calls);
	return ret;
}
