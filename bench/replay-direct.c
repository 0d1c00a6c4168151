// SPDX-License-Identifier: GPL-2.0
/*
 * The named baseline of bench/replay.sh: a direct loop calling a handler
 * plugin over a session's calls, as a VMM developer would write it by
 * hand. The calls are read through the library as replay reads them (an
 * unknown function ID is skipped); the plugin is loaded with dlopen and
 * its handle() called once per call, in recorded order:
 *
 *	plain: nothing but the call (the registers copied in, handle())
 *	timed: the same with CLOCK_MONOTONIC_RAW read before and after each
 *	       call and the time kept, as replay does
 *
 * After a warm-up pass each loop runs once; it prints calls/s of each.
 *
 *	replay-direct DB SESSION PLUGIN.so
 */
#include <dlfcn.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <smccctrace/array.h>
#include <smccctrace/error.h>
#include <smccctrace/handler.h>
#include <smccctrace/store.h>

struct calls {
	struct sct_hypercall	*hc;
	size_t			nr;
	size_t			alloc;
	int32_t			tids[1024];	/* vCPU threads, as replay numbers them */
	unsigned int		nr_tids;
};

static uint64_t now_raw(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static uint32_t vcpu_of(struct calls *c, const struct sct_call *call)
{
	unsigned int i;

	if (call->vcpu >= 0)
		return (uint32_t)call->vcpu;
	for (i = 0; i < c->nr_tids; i++)
		if (c->tids[i] == call->tid)
			return i;
	if (c->nr_tids < 1024)
		c->tids[c->nr_tids++] = call->tid;
	return i;
}

static int add(const struct sct_call *call, void *data)
{
	struct calls *c = data;
	struct sct_hypercall *hc;

	if (!call->id_known)
		return 0;
	hc = sct_array_room(c->hc, &c->alloc, c->nr + 1, sizeof(*hc));
	if (!hc)
		return 1;
	c->hc = hc;
	hc = &c->hc[c->nr++];
	memset(hc, 0, sizeof(*hc));
	hc->vcpu = vcpu_of(c, call);
	hc->flags = call->conduit == SCT_CONDUIT_SMC ? SCT_HYPERCALL_SMC : 0;
	hc->x[0] = call->func_id;
	memcpy(&hc->x[1], call->args, call->nargs * sizeof(hc->x[1]));
	return 0;
}

static int load(const char *db, int64_t id, struct calls *c)
{
	struct sct_store *store = sct_store_open(db, SCT_STORE_READONLY);
	int ret;

	if (!store)
		return -1;
	ret = sct_store_foreach_call(store, id, add, c);
	sct_store_close(store);
	return ret ? -1 : 0;
}

static double loop_plain(const struct sct_handler *h, void *priv, const struct calls *c,
			 uint64_t *sink)
{
	struct sct_hypercall hc;
	uint64_t t0 = now_raw();
	size_t i;

	for (i = 0; i < c->nr; i++) {
		hc = c->hc[i];
		h->handle(priv, &hc);
		*sink += hc.x[0];
	}
	return (double)(now_raw() - t0) / 1e9;
}

static double loop_timed(const struct sct_handler *h, void *priv, const struct calls *c,
			 uint64_t *ns, uint64_t *sink)
{
	struct sct_hypercall hc;
	uint64_t t0 = now_raw(), a, b;
	size_t i;

	for (i = 0; i < c->nr; i++) {
		hc = c->hc[i];
		a = now_raw();
		h->handle(priv, &hc);
		b = now_raw();
		ns[i] = b - a;
		*sink += hc.x[0];
	}
	return (double)(now_raw() - t0) / 1e9;
}

int main(int argc, char **argv)
{
	struct calls c = { 0 };
	const struct sct_handler *h;
	uint64_t sink = 0, *ns;
	void *dl, *priv = NULL;
	double plain, timed;

	if (argc != 4) {
		fprintf(stderr, "usage: replay-direct DB SESSION PLUGIN.so\n");
		return 2;
	}
	if (load(argv[1], strtoll(argv[2], NULL, 0), &c)) {
		fprintf(stderr, "replay-direct: %s\n", sct_last_error());
		return 1;
	}
	dl = dlopen(argv[3], RTLD_NOW | RTLD_LOCAL);
	h = dl ? dlsym(dl, SCT_HANDLER_SYMBOL) : NULL;
	if (!h || h->abi_version != SCT_HANDLER_ABI_VERSION ||
	    (h->init && h->init(&priv, NULL, 0, NULL, 0))) {
		fprintf(stderr, "replay-direct: %s: not a usable handler plugin\n", argv[3]);
		return 1;
	}
	ns = calloc(c.nr ? c.nr : 1, sizeof(*ns));
	if (!ns)
		return 1;
	loop_timed(h, priv, &c, ns, &sink);		/* warm-up */
	plain = loop_plain(h, priv, &c, &sink);
	timed = loop_timed(h, priv, &c, ns, &sink);
	printf("direct loop, handle() alone:           %12.0f calls/s  (%.1f ns a call)\n",
	       c.nr / plain, plain * 1e9 / c.nr);
	printf("direct loop, each call timed:          %12.0f calls/s  (%.1f ns a call)\n",
	       c.nr / timed, timed * 1e9 / c.nr);
	if (h->fini)
		h->fini(priv);
	free(ns);
	free(c.hc);
	return sink == 1 ? 3 : 0;	/* keeps the loops from being optimised away */
}
