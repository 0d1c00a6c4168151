/* SPDX-License-Identifier: GPL-2.0 */
/*
 * replay's back ends: what answers the replayed calls. Private to replay/.
 *
 * A back end is a plugin (--handler PATH.so, the ABI of
 * <smccctrace/handler.h>), a child process (--exec 'CMD ARGS', the line
 * protocol of protocol.h) or a builtin model (--builtin kvm|not-supported).
 * The replay driver and the real-KVM runner (kvm.h) call every kind the
 * same way.
 */
#ifndef SMCCCTRACE_REPLAY_BACKEND_H
#define SMCCCTRACE_REPLAY_BACKEND_H

#include <stddef.h>
#include <stdint.h>

#include <smccctrace/handler.h>

struct replay_backend;		/* opaque: a plugin, an --exec child, or a builtin */

enum replay_backend_kind {
	REPLAY_BACKEND_PLUGIN,		/* --handler PATH.so */
	REPLAY_BACKEND_EXEC,		/* --exec 'CMD ARGS' */
	REPLAY_BACKEND_BUILTIN,		/* --builtin NAME */
};

/* --timeout's default, in ms */
#define REPLAY_DEFAULT_TIMEOUT_MS	5000

/**
 * struct replay_backend_spec - what the options named
 * @kind: enum replay_backend_kind
 * @name: the plugin's path, the command line, or the builtin's name
 *        ("kvm", "not-supported")
 * @args: the --handler-arg pairs (plugins; valid during the open only)
 * @nargs: how many
 * @timeout_ms: how long an --exec child may take to answer one call
 * @nr_vcpus: vCPUs of the replayed VM (builtin kvm: PSCI CPU_ON and
 *            AFFINITY_INFO answer as for a VM of that many), 0 if unknown
 */
struct replay_backend_spec {
	enum replay_backend_kind	kind;
	const char			*name;
	const struct sct_handler_arg	*args;
	size_t				nargs;
	unsigned int			timeout_ms;
	unsigned int			nr_vcpus;
};

/* Opens the back end named by the options; NULL with the error text set (sct_last_error()) */
struct replay_backend *replay_backend_open(const struct replay_backend_spec *spec);
/* Answers one call in hc->x (in: x0 the function ID, x1..x17 the arguments; out: x0..x3
 * at least, x0 NOT_SUPPORTED for what the back end does not implement, x1..x17 kept where
 * it wrote nothing); 0, or -1 with the error text naming the call (seq) and what went wrong. Thread-safe where the back end is
 * (plugins: the plugin's business; --exec: serialised inside). */
int replay_backend_call(struct replay_backend *be, uint64_t seq, struct sct_hypercall *hc);
/* "plugin:NAME (PATH)", "exec:CMD", "builtin:kvm", ... for messages and the session's source */
const char *replay_backend_describe(const struct replay_backend *be);
void replay_backend_free(struct replay_backend *be);	/* NULL is harmless; runs fini / reaps the child */

/*
 * After the last call: an --exec child is told there are no more calls
 * and must exit 0 without answering more lines. 0, or -1 with the error
 * text set. Plugins and builtins always succeed. replay_backend_free()
 * still follows.
 */
int replay_backend_finish(struct replay_backend *be);

/*
 * Which of x0..x3 (bit n for xn) of an answer to @hc no replay can be
 * expected to repeat: random numbers (TRNG RND32/RND64), time (KVM PTP),
 * what depends on the host CPU (ARCH_FEATURES of the Spectre workarounds)
 * or on the VMM's setup (PV time). @hc holds the call's inputs.
 */
unsigned int replay_volatile_words(const struct sct_hypercall *hc);

#endif /* SMCCCTRACE_REPLAY_BACKEND_H */
