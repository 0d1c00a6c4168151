// SPDX-License-Identifier: GPL-2.0
/*
 * The back ends behind one interface: opening the kind the options name,
 * answering calls, describing it, and the two builtins.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smccctrace/error.h>

#include "backend-ops.h"
#include "builtin-kvm.h"

struct replay_backend {
	const struct replay_backend_ops	*ops;
	void				*priv;
	char				*desc;
};

/**
 * replay_call_error - set the error text of a failed call
 * @errnum: errno to set
 * @desc: the back end's description
 * @seq: the call's sequence number in the replayed session
 * @func: its x0 (the function ID) as the call went in
 * @vcpu: its vCPU
 * @what: what went wrong
 *
 * Returns -1.
 */
int replay_call_error(int errnum, const char *desc, uint64_t seq,
		      uint64_t func, uint32_t vcpu, const char *what)
{
	return sct_set_error(errnum, "call %" PRIu64 " (0x%08" PRIx64 " on vCPU %" PRIu32 "): %s %s",
			     seq, func, vcpu, desc, what);
}

/* ---- builtin:kvm and builtin:not-supported ---- */

static int kvm_call(void *priv, const char *desc, uint64_t seq,
		    struct sct_hypercall *hc)
{
	kvm_answers_call(priv, hc);
	return 0;
}

static void kvm_free(void *priv)
{
	kvm_answers_release(priv);
	free(priv);
}

static const struct replay_backend_ops kvm_ops = {
	.call	= kvm_call,
	.free	= kvm_free,
};

static int not_supported_call(void *priv, const char *desc, uint64_t seq,
			      struct sct_hypercall *hc)
{
	hc->x[0] = SCT_SMCCC_NOT_SUPPORTED;
	return 0;
}

static void no_free(void *priv)
{
}

static const struct replay_backend_ops not_supported_ops = {
	.call	= not_supported_call,
	.free	= no_free,
};

static void *builtin_open(const struct replay_backend_spec *spec,
			  const struct replay_backend_ops **ops)
{
	struct kvm_answers *ka;

	if (!strcmp(spec->name, "not-supported")) {
		*ops = &not_supported_ops;
		return (void *)&not_supported_ops;	/* no state */
	}
	if (strcmp(spec->name, "kvm")) {
		sct_set_error(EINVAL, "no builtin back end '%s' (kvm or not-supported)",
			      spec->name);
		return NULL;
	}
	ka = malloc(sizeof(*ka));
	if (!ka || kvm_answers_init(ka, spec->nr_vcpus)) {
		if (!ka)
			sct_set_error(ENOMEM, "builtin:kvm: out of memory");
		free(ka);
		return NULL;
	}
	*ops = &kvm_ops;
	return ka;
}

static void *open_kind(const struct replay_backend_spec *spec,
		       const struct replay_backend_ops **ops, char **desc)
{
	switch (spec->kind) {
	case REPLAY_BACKEND_PLUGIN:
		*ops = &replay_plugin_ops;
		return replay_plugin_open(spec, desc);
	case REPLAY_BACKEND_EXEC:
		*ops = &replay_exec_ops;
		return replay_exec_open(spec, desc);
	case REPLAY_BACKEND_BUILTIN:
		if (asprintf(desc, "builtin:%s", spec->name) < 0) {
			sct_set_error(ENOMEM, "out of memory");
			return NULL;
		}
		return builtin_open(spec, ops);
	}
	sct_set_error(EINVAL, "unknown back end kind %d", (int)spec->kind);
	return NULL;
}

/**
 * replay_backend_open - open the back end the options name
 * @spec: what to open; nothing of it is kept after the call
 *
 * A plugin is loaded, its version checked and its init run; an --exec
 * command is started and sent the protocol's header. Returns a back end
 * that the caller frees with replay_backend_free(), or NULL with the
 * error text set (sct_last_error()).
 */
struct replay_backend *replay_backend_open(const struct replay_backend_spec *spec)
{
	struct replay_backend *be = calloc(1, sizeof(*be));

	if (!be) {
		sct_set_error(ENOMEM, "out of memory");
		return NULL;
	}
	be->priv = open_kind(spec, &be->ops, &be->desc);
	if (!be->priv) {
		free(be->desc);
		free(be);
		return NULL;
	}
	return be;
}

/**
 * replay_backend_call - answer one call
 * @be: the back end
 * @seq: the call's sequence number in the replayed session (for messages)
 * @hc: in: the call, x0 the function ID; out: x0..x3 (and more) answered
 *
 * Returns 0, or -1 with the error text naming the call and the failure.
 */
int replay_backend_call(struct replay_backend *be, uint64_t seq,
			struct sct_hypercall *hc)
{
	return be->ops->call(be->priv, be->desc, seq, hc);
}

/**
 * replay_backend_finish - check the back end after the last call
 * @be: the back end
 *
 * Returns 0, or -1 with the error text set (an --exec child that answered
 * too many lines or did not exit 0).
 */
int replay_backend_finish(struct replay_backend *be)
{
	return be->ops->finish ? be->ops->finish(be->priv, be->desc) : 0;
}

/**
 * replay_backend_describe - the back end in a few words
 * @be: the back end
 *
 * Returns a string that belongs to @be.
 */
const char *replay_backend_describe(const struct replay_backend *be)
{
	return be->desc;
}

/**
 * replay_backend_free - close a back end
 * @be: the back end, or NULL
 *
 * Runs a plugin's fini and unloads it; ends and reaps an --exec child.
 */
void replay_backend_free(struct replay_backend *be)
{
	if (!be)
		return;
	be->ops->free(be->priv);
	free(be->desc);
	free(be);
}
