/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What each kind of back end implements behind backend.h. Private to
 * replay/.
 */
#ifndef SMCCCTRACE_REPLAY_BACKEND_OPS_H
#define SMCCCTRACE_REPLAY_BACKEND_OPS_H

#include <stdint.h>

#include <smccctrace/handler.h>

#include "backend.h"

/**
 * struct replay_backend_ops - one kind of back end
 * @call: answer one call (replay_backend_call())
 * @finish: after the last call, or NULL (nothing to check)
 * @free: release @priv
 */
struct replay_backend_ops {
	int	(*call)(void *priv, const char *desc, uint64_t seq,
			struct sct_hypercall *hc);
	int	(*finish)(void *priv, const char *desc);
	void	(*free)(void *priv);
};

/* plugin.c */
int replay_plugin_check(const struct sct_handler *h, const char *path);
void *replay_plugin_open(const struct replay_backend_spec *spec, char **desc);
extern const struct replay_backend_ops replay_plugin_ops;

/* exec.c */
void *replay_exec_open(const struct replay_backend_spec *spec, char **desc);
extern const struct replay_backend_ops replay_exec_ops;

/* The call named in messages: "call SEQ (FUNC on vCPU N)" */
int replay_call_error(int errnum, const char *desc, uint64_t seq,
		      uint64_t func, uint32_t vcpu, const char *what);

#endif /* SMCCCTRACE_REPLAY_BACKEND_OPS_H */
