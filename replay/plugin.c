// SPDX-License-Identifier: GPL-2.0
/*
 * --handler PATH.so: a plugin loaded in process, answering through the
 * descriptor of <smccctrace/handler.h>.
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smccctrace/error.h>

#include "backend-ops.h"

struct plugin {
	void			*dl;
	const struct sct_handler *h;
	void			*priv;
	bool			inited;
};

/**
 * replay_plugin_check - may smccctrace use this descriptor
 * @h: the descriptor a plugin exports
 * @path: the plugin's file, for the message
 *
 * The ABI version is checked first and alone: nothing else of a
 * descriptor of another version is read. Returns 0, or -1 with the error
 * text set naming @path and both versions.
 */
int replay_plugin_check(const struct sct_handler *h, const char *path)
{
	if (h->abi_version != SCT_HANDLER_ABI_VERSION)
		return sct_set_error(EPROTO,
				     "%s: built for handler ABI version %u, this smccctrace loads version %d (rebuild it against this <smccctrace/handler.h>)",
				     path, h->abi_version, SCT_HANDLER_ABI_VERSION);
	if (!h->handle)
		return sct_set_error(EINVAL, "%s: its %s has no handle function",
				     path, SCT_HANDLER_SYMBOL);
	return 0;
}

static int plugin_init(struct plugin *p, const struct replay_backend_spec *spec)
{
	char err[256] = "";
	int ret;

	if (!p->h->init)
		return 0;
	ret = p->h->init(&p->priv, spec->args, spec->nargs, err, sizeof(err));
	if (ret) {
		err[sizeof(err) - 1] = '\0';
		return sct_set_error(EINVAL, "%s: init failed: %s", spec->name,
				     err[0] ? err : strerror(ret < 0 ? -ret : ret));
	}
	p->inited = true;
	return 0;
}

static int plugin_load(struct plugin *p, const char *path)
{
	char *local = NULL;

	/* dlopen() searches the library path for a name without a slash */
	if (!strchr(path, '/') && asprintf(&local, "./%s", path) < 0)
		return sct_set_error(ENOMEM, "%s: out of memory", path);
	p->dl = dlopen(local ? local : path, RTLD_NOW | RTLD_LOCAL);
	free(local);
	if (!p->dl)
		return sct_set_error(ENOENT, "%s", dlerror());
	p->h = dlsym(p->dl, SCT_HANDLER_SYMBOL);
	if (!p->h)
		return sct_set_error(ENOENT, "%s: no '%s' symbol: not a smccctrace handler plugin",
				     path, SCT_HANDLER_SYMBOL);
	return replay_plugin_check(p->h, path);
}

static void plugin_free(void *priv)
{
	struct plugin *p = priv;

	if (!p)
		return;
	if (p->inited && p->h->fini)
		p->h->fini(p->priv);
	if (p->dl)
		dlclose(p->dl);
	free(p);
}

/**
 * replay_plugin_open - load a plugin and run its init
 * @spec: name is the plugin's path; args and nargs go to init
 * @desc: set to "plugin:NAME (PATH)", which the caller frees
 *
 * Returns the plugin for replay_plugin_ops, or NULL with the error text set.
 */
void *replay_plugin_open(const struct replay_backend_spec *spec, char **desc)
{
	struct plugin *p = calloc(1, sizeof(*p));

	if (!p) {
		sct_set_error(ENOMEM, "%s: out of memory", spec->name);
		return NULL;
	}
	if (plugin_load(p, spec->name) || plugin_init(p, spec))
		goto fail;
	if (asprintf(desc, "plugin:%s (%s)", p->h->name ? p->h->name : "?",
		     spec->name) < 0) {
		sct_set_error(ENOMEM, "%s: out of memory", spec->name);
		goto fail;
	}
	return p;
fail:
	plugin_free(p);
	return NULL;
}

static int plugin_call(void *priv, const char *desc, uint64_t seq,
		       struct sct_hypercall *hc)
{
	uint64_t func = hc->x[0];
	struct plugin *p = priv;
	char what[64];
	int ret;

	ret = p->h->handle(p->priv, hc);
	if (!ret) {
		if (hc->x[0] == func)	/* not implemented: handler.h */
			hc->x[0] = SCT_SMCCC_NOT_SUPPORTED;
		return 0;
	}
	snprintf(what, sizeof(what), "failed with %d (%s)", ret,
		 strerror(ret < 0 ? -ret : ret));
	return replay_call_error(EIO, desc, seq, func, hc->vcpu, what);
}

const struct replay_backend_ops replay_plugin_ops = {
	.call	= plugin_call,
	.free	= plugin_free,
};
