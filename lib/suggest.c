// SPDX-License-Identifier: LGPL-2.1
/*
 * A suggestion's inputs: the observed calls per function ID, the latency
 * samples, the ID sets of the VMM and of the policy; and the ID intervals
 * the optimizer works on.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <smccctrace/array.h>
#include <smccctrace/suggest.h>

#include "internal.h"
#include "suggest-internal.h"

#define INITIAL_SLOTS	256

/* Record an allocation failure; returns -1 */
int sct_sg_nomem(void)
{
	return sct_set_error(ENOMEM, "out of memory");
}

/* Append [lo, hi] to a list */
int sct_sg_ivl_push(struct ivl_list *l, uint32_t lo, uint32_t hi)
{
	struct ivl *v;

	v = sct_array_room(l->v, &l->alloc, l->nr + 1, sizeof(*v));
	if (!v)
		return sct_sg_nomem();
	l->v = v;
	l->v[l->nr].lo = lo;
	l->v[l->nr++].hi = hi;
	return 0;
}

static int ivl_cmp(const void *a, const void *b)
{
	const struct ivl *x = a, *y = b;

	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	return 0;
}

/* Sort and join overlapping or adjacent intervals */
void sct_sg_ivl_normalize(struct ivl_list *l)
{
	size_t i, n = 0;

	if (!l->nr)
		return;
	qsort(l->v, l->nr, sizeof(*l->v), ivl_cmp);
	for (i = 1; i < l->nr; i++) {
		if ((uint64_t)l->v[i].lo <= (uint64_t)l->v[n].hi + 1) {
			if (l->v[i].hi > l->v[n].hi)
				l->v[n].hi = l->v[i].hi;
		} else {
			l->v[++n] = l->v[i];
		}
	}
	l->nr = n + 1;
}

/* The first ID of a normalized list in [lo, hi] */
bool sct_sg_ivl_first(const struct ivl_list *l, uint32_t lo, uint32_t hi, uint32_t *x)
{
	size_t a = 0, b = l->nr, m;

	while (a < b) {
		m = a + (b - a) / 2;
		if (l->v[m].hi < lo)
			a = m + 1;
		else
			b = m;
	}
	if (a == l->nr || l->v[a].lo > hi)
		return false;
	*x = l->v[a].lo > lo ? l->v[a].lo : lo;
	return true;
}

/* Does a normalized list hold id */
bool sct_sg_ivl_has(const struct ivl_list *l, uint32_t id)
{
	uint32_t x;

	return sct_sg_ivl_first(l, id, id, &x);
}

/* The IDs no interval of a normalized list holds, into an empty list */
int sct_sg_ivl_complement(const struct ivl_list *l, struct ivl_list *out)
{
	uint64_t next = 0;
	size_t i;

	for (i = 0; i < l->nr; i++) {
		if (l->v[i].lo > next && sct_sg_ivl_push(out, (uint32_t)next, l->v[i].lo - 1))
			return -1;
		next = (uint64_t)l->v[i].hi + 1;
	}
	if (next <= UINT32_MAX && sct_sg_ivl_push(out, (uint32_t)next, UINT32_MAX))
		return -1;
	return 0;
}

/* Do two normalized lists share an ID */
bool sct_sg_ivl_meets(const struct ivl_list *a, const struct ivl_list *b)
{
	uint32_t x;
	size_t i;

	for (i = 0; i < a->nr; i++)
		if (sct_sg_ivl_first(b, a->v[i].lo, a->v[i].hi, &x))
			return true;
	return false;
}

/**
 * sct_suggest_create - an empty suggestion: no observation, no policy
 *
 * The granularity is SCT_GRANULARITY_ID and KVM's firmware bitmaps those
 * of a new VM. Returns an object the caller frees with sct_suggest_free(),
 * or NULL with errno set.
 */
struct sct_suggest *sct_suggest_create(void)
{
	struct sct_suggest *sg;

	sg = calloc(1, sizeof(*sg));
	if (sg)
		sg->obs = calloc(INITIAL_SLOTS, sizeof(*sg->obs));
	if (!sg || !sg->obs) {
		free(sg);
		sct_sg_nomem();
		return NULL;
	}
	sg->nr_slots = INITIAL_SLOTS;
	sct_kvm_fw_default(&sg->fw);
	return sg;
}

/**
 * sct_suggest_free - free a suggestion and all it holds
 * @sg: the suggestion, or NULL
 */
void sct_suggest_free(struct sct_suggest *sg)
{
	int i;

	if (!sg)
		return;
	for (i = 0; i < SCT_NR_SETS; i++)
		free(sg->sets[i].v);
	free(sg->session_fwd.v);
	free(sg->session_deny.v);
	free(sg->forced.v);
	free(sg->obs);
	sct_samples_release(&sg->fwd_lat);
	sct_samples_release(&sg->kernel_lat);
	free(sg->forbidden);
	free(sg);
}

/**
 * sct_suggest_add_range - add the IDs @lo..@hi to one of the input sets
 * @sg: the suggestion
 * @set: enum sct_suggest_set
 * @lo: first ID
 * @hi: last ID (>= @lo)
 *
 * Returns 0, or -1 with errno set (EINVAL for a bad set or @hi < @lo).
 */
int sct_suggest_add_range(struct sct_suggest *sg, enum sct_suggest_set set,
			  uint32_t lo, uint32_t hi)
{
	if ((unsigned int)set >= SCT_NR_SETS || hi < lo)
		return sct_set_error(EINVAL, "bad ID range 0x%08x-0x%08x", lo, hi);
	return sct_sg_ivl_push(&sg->sets[set], lo, hi);
}

/**
 * sct_suggest_set_granularity - cover single IDs or whole services
 * @sg: the suggestion
 * @g: enum sct_granularity
 */
void sct_suggest_set_granularity(struct sct_suggest *sg, enum sct_granularity g)
{
	sg->granularity = g;
}

/**
 * sct_suggest_set_kvm_fw - the firmware bitmaps of the VM the filter is for
 * @sg: the suggestion
 * @fw: the bitmaps; copied
 */
void sct_suggest_set_kvm_fw(struct sct_suggest *sg, const struct sct_kvm_fw *fw)
{
	sg->fw = *fw;
}

/**
 * sct_suggest_set_session_filter - the filter the observed session ran with
 * @sg: the suggestion
 * @f: the filter; its ranges are copied
 *
 * It says which IDs the calls of unknown function ID may have had: a
 * forwarded one any ID of its FWD_TO_USER ranges, a denied one any of its
 * DENY ranges, one answered in the kernel any other ID. When the session
 * forwarded calls of unknown ID, sct_suggest_run() keeps every FWD_TO_USER
 * range of @f forwarded; without this filter it refuses.
 *
 * Returns 0, or -1 with errno set.
 */
int sct_suggest_set_session_filter(struct sct_suggest *sg, const struct sct_filter *f)
{
	const struct sct_filter_range *r;
	struct ivl_list *l;
	size_t i;

	sg->session_fwd.nr = sg->session_deny.nr = 0;
	for (i = 0; i < sct_filter_count(f); i++) {
		r = sct_filter_get(f, i);
		if (r->action == SCT_FILTER_FWD_TO_USER)
			l = &sg->session_fwd;
		else if (r->action == SCT_FILTER_DENY)
			l = &sg->session_deny;
		else
			continue;
		if (sct_sg_ivl_push(l, r->base, r->base + (r->nr_functions - 1)))
			return -1;
	}
	sct_sg_ivl_normalize(&sg->session_fwd);
	sct_sg_ivl_normalize(&sg->session_deny);
	sg->has_session_filter = true;
	return 0;
}

/**
 * sct_suggest_set_duration - the observed session's length
 * @sg: the suggestion
 * @duration_ns: its length in ns; 0 when unknown
 */
void sct_suggest_set_duration(struct sct_suggest *sg, uint64_t duration_ns)
{
	sg->duration_ns = duration_ns;
}

static size_t slot_of(uint32_t id, size_t nr_slots)
{
	return (size_t)(id * 2654435761u) & (nr_slots - 1);
}

static struct obs *find_slot(struct obs *tab, size_t nr_slots, uint32_t id)
{
	size_t i = slot_of(id, nr_slots);

	while (tab[i].used && tab[i].id != id)
		i = (i + 1) & (nr_slots - 1);
	return &tab[i];
}

static int rehash(struct sct_suggest *sg)
{
	size_t i, n = sg->nr_slots * 2;
	struct obs *tab, *o;

	tab = calloc(n, sizeof(*tab));
	if (!tab)
		return sct_sg_nomem();
	for (i = 0; i < sg->nr_slots; i++) {
		if (!sg->obs[i].used)
			continue;
		o = find_slot(tab, n, sg->obs[i].id);
		*o = sg->obs[i];
	}
	free(sg->obs);
	sg->obs = tab;
	sg->nr_slots = n;
	return 0;
}

static int observe_latency(struct sct_suggest *sg, const struct sct_call *call)
{
	uint64_t ns = sct_call_total_ns(call);

	if (ns == SCT_NO_TIME)
		return 0;
	if (call->location == SCT_LOC_USER)
		return sct_samples_add(&sg->fwd_lat, ns);
	if (call->location == SCT_LOC_KERNEL || call->location == SCT_LOC_DENIED)
		return sct_samples_add(&sg->kernel_lat, ns);
	return 0;
}

/**
 * sct_suggest_observe - count one call of the observed session
 * @sg: the suggestion
 * @call: the call; only read during the call
 *
 * Complete calls with a known location feed the latency medians whether
 * or not their ID is known; only calls with a known ID are predicted.
 * Returns 0, or -1 with errno set.
 */
int sct_suggest_observe(struct sct_suggest *sg, const struct sct_call *call)
{
	unsigned int loc = call->location < 4 ? call->location : SCT_LOC_UNKNOWN;
	struct obs *o;

	if (observe_latency(sg, call))
		return -1;
	if (!call->id_known) {
		sg->unknown_id++;
		sg->unknown_by_loc[loc]++;
		return 0;
	}
	if ((sg->nr_obs + 1) * 2 > sg->nr_slots && rehash(sg))
		return -1;
	o = find_slot(sg->obs, sg->nr_slots, call->func_id);
	if (!o->used) {
		o->used = true;
		o->id = call->func_id;
		sg->nr_obs++;
	}
	o->by_location[loc]++;
	return 0;
}

/**
 * sct_service_block - the service an ID belongs to, in its own convention
 * @id: the function ID
 * @lo: set to the first ID of the service
 * @hi: set to the last ID of the service
 *
 * Standard Secure services are PSCI 0x00-0x1f, SDEI 0x20-0x3f, MM
 * 0x40-0x4f, TRNG 0x50-0x5f and FF-A 0x60-0xff; every other owner is one
 * service (function numbers 0x0000-0xffff). Returns false for a Standard
 * Secure number outside those services.
 */
bool sct_service_block(uint32_t id, uint32_t *lo, uint32_t *hi)
{
	static const uint16_t std[][2] = {
		{ 0x00, 0x1f }, { 0x20, 0x3f }, { 0x40, 0x4f }, { 0x50, 0x5f }, { 0x60, 0xff },
	};
	uint32_t prefix = id & 0xffff0000u, num = id & 0xffff;
	size_t i;

	if (((id >> 24) & 0x3f) != 4) {
		*lo = prefix;
		*hi = prefix | 0xffff;
		return true;
	}
	for (i = 0; i < sizeof(std) / sizeof(std[0]); i++) {
		if (num >= std[i][0] && num <= std[i][1]) {
			*lo = prefix | std[i][0];
			*hi = prefix | std[i][1];
			return true;
		}
	}
	return false;
}

