// SPDX-License-Identifier: GPL-2.0
/*
 * smccctrace top: the figures since the start, in memory bounded by the
 * keys seen (function, vCPU or thread, location), not by the calls. Each
 * key keeps its counts and a log-linear latency histogram (lhist.h); a
 * grouping by range, owner, function, vCPU or location merges the keys
 * that pass the filter into rows: counts, min and max exact, percentiles
 * within 1/64 of report's.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smccctrace/array.h>
#include <smccctrace/error.h>
#include <smccctrace/smccc.h>

#include "top.h"

/**
 * top_call_to_sct - a kept call as a struct sct_call (no registers)
 * @t: the call kept
 * @c: the caller's struct, overwritten
 */
void top_call_to_sct(const struct top_call *t, struct sct_call *c)
{
	sct_call_init(c);
	c->t_exit = t->t_exit;
	c->t_uexit = t->t_uexit;
	c->t_entry = t->t_entry;
	c->t_vmm_exit = t->t_vmm_exit;
	c->t_vmm_resume = t->t_vmm_resume;
	c->func_id = t->func_id;
	c->vcpu = t->vcpu;
	c->tid = t->tid;
	c->location = t->location;
	c->id_known = t->id_known;
	c->incomplete = t->incomplete;
}

/* A key's identity: what sets it apart, whatever its counts */
static struct top_key key_of(const struct top_call *t)
{
	return (struct top_key){
		.func_id = t->id_known ? t->func_id : 0,
		.vcpu = t->vcpu >= 0 ? t->vcpu : -1,
		.tid = t->vcpu >= 0 ? 0 : t->tid,
		.location = t->location < 4 ? t->location : SCT_LOC_UNKNOWN,
		.id_known = t->id_known,
	};
}

static bool same_key(const struct top_key *a, const struct top_key *b)
{
	return a->func_id == b->func_id && a->vcpu == b->vcpu && a->tid == b->tid &&
	       a->location == b->location && a->id_known == b->id_known;
}

static size_t hash_key(const struct top_key *k)
{
	uint64_t h = (uint64_t)k->func_id << 32 | (uint32_t)(k->vcpu >= 0 ? k->vcpu : k->tid);

	h ^= (uint64_t)(k->location | k->id_known << 2 | (k->vcpu < 0) << 3) << 60;
	return (size_t)((h * 0x9E3779B97F4A7C15ull) >> 20);
}

static size_t *key_slot(const struct top_keys *k, const struct top_key *key)
{
	size_t i = hash_key(key) & (k->nslots - 1);

	while (k->slots[i] && !same_key(&k->v[k->slots[i] - 1], key))
		i = (i + 1) & (k->nslots - 1);
	return &k->slots[i];
}

/* Room for one more key with the table at most half full */
static int grow_slots(struct top_keys *k)
{
	size_t i, nslots = k->nslots ? k->nslots * 2 : 64, *old = k->slots, oldn = k->nslots;

	if ((k->nr + 1) * 2 <= k->nslots)
		return 0;
	k->slots = calloc(nslots, sizeof(*k->slots));
	if (!k->slots) {
		k->slots = old;
		return -1;
	}
	k->nslots = nslots;
	for (i = 0; i < oldn; i++)
		if (old[i])
			*key_slot(k, &k->v[old[i] - 1]) = old[i];
	free(old);
	return 0;
}

static struct top_key *find_key(struct top_keys *k, const struct top_key *key)
{
	struct top_key *v;
	size_t *slot;

	if (grow_slots(k))
		return NULL;
	slot = key_slot(k, key);
	if (*slot)
		return &k->v[*slot - 1];
	v = sct_array_room(k->v, &k->alloc, k->nr + 1, sizeof(*v));
	if (!v)
		return NULL;
	k->v = v;
	v[k->nr] = (struct top_key){
		.func_id = key->func_id, .vcpu = key->vcpu, .tid = key->tid,
		.location = key->location, .id_known = key->id_known,
	};
	sct_lhist_init(&v[k->nr].lat);
	*slot = ++k->nr;
	return &v[k->nr - 1];
}

/**
 * top_keys_add - count a call in its key's aggregates
 * @k: the keys; a new key is added as needed and owned by @k
 * @t: the call; only read
 *
 * Returns 0, or -1 with errno ENOMEM and the error text set.
 */
int top_keys_add(struct top_keys *k, const struct top_call *t)
{
	struct top_key key = key_of(t), *e;
	struct sct_call c;
	uint64_t total;

	e = find_key(k, &key);
	if (!e)
		return sct_set_error(ENOMEM, "top: out of memory");
	top_call_to_sct(t, &c);
	total = sct_call_total_ns(&c);
	if (total != SCT_NO_TIME && sct_lhist_add(&e->lat, total))
		return -1;
	e->calls++;
	e->incomplete += t->incomplete;
	return 0;
}

/**
 * top_keys_merge - add the aggregates of other keys
 * @k: the keys that grow
 * @from: the keys added; only read
 *
 * O(keys of @from). Returns 0, or -1 with errno ENOMEM and the error text set.
 */
int top_keys_merge(struct top_keys *k, const struct top_keys *from)
{
	struct top_key *e;
	size_t i;

	for (i = 0; i < from->nr; i++) {
		e = find_key(k, &from->v[i]);
		if (!e)
			return sct_set_error(ENOMEM, "top: out of memory");
		if (sct_lhist_merge(&e->lat, &from->v[i].lat))
			return -1;
		e->calls += from->v[i].calls;
		e->incomplete += from->v[i].incomplete;
	}
	return 0;
}

/**
 * top_keys_release - free the keys and their histograms; harmless twice
 * @k: the keys, left empty
 */
void top_keys_release(struct top_keys *k)
{
	size_t i;

	for (i = 0; i < k->nr; i++)
		sct_lhist_release(&k->v[i].lat);
	free(k->v);
	free(k->slots);
	memset(k, 0, sizeof(*k));
}

static void group_free(struct top_group *g)
{
	if (!g)
		return;
	sct_lhist_release(&g->lat);
	free(g);
}

/**
 * top_groups_release - free the groups (not @gs itself); harmless twice
 * @gs: the groups, left empty
 */
void top_groups_release(struct top_groups *gs)
{
	size_t i;

	for (i = 0; i < gs->nr; i++)
		group_free(gs->groups[i]);
	free(gs->groups);
	memset(gs, 0, sizeof(*gs));
}

/* FNV-1a of a key text */
static size_t hash_text(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
	return (size_t)h;
}

/* The group of @text: found through @slots (@nslots a power of two), or added */
static struct top_group *group_of(struct top_groups *gs, size_t *slots, size_t nslots,
				  const char *text)
{
	size_t i = hash_text(text) & (nslots - 1);
	struct top_group **v, *g;

	while (slots[i] && strcmp(gs->groups[slots[i] - 1]->key, text))
		i = (i + 1) & (nslots - 1);
	if (slots[i])
		return gs->groups[slots[i] - 1];
	v = sct_array_room(gs->groups, &gs->alloc, gs->nr + 1, sizeof(*v));
	if (!v)
		return NULL;
	gs->groups = v;
	g = calloc(1, sizeof(*g));
	if (!g)
		return NULL;
	snprintf(g->key, sizeof(g->key), "%s", text);
	sct_lhist_init(&g->lat);
	v[gs->nr++] = g;
	slots[i] = gs->nr;
	return g;
}

/* One key merged into its group */
static int merge_key(struct top_groups *gs, size_t *slots, size_t nslots, enum sct_group_by by,
		     const struct top_key *k, const struct sct_call *c)
{
	struct top_group *g;
	char text[64];

	g = group_of(gs, slots, nslots, sct_group_key(by, c, text, sizeof(text)));
	if (!g || sct_lhist_merge(&g->lat, &k->lat))
		return -1;
	if (by == SCT_GROUP_BY_FUNCTION && k->id_known) {
		g->has_id = true;
		g->func_id = k->func_id;
	}
	g->calls += k->calls;
	g->by_location[k->location] += k->calls;
	g->incomplete += k->incomplete;
	gs->calls += k->calls;
	return 0;
}

/* What a key stands for as a call: its identity, no times */
static void key_call(const struct top_key *k, struct sct_call *c)
{
	sct_call_init(c);
	c->func_id = k->func_id;
	c->id_known = k->id_known;
	c->vcpu = k->vcpu;
	c->tid = k->tid;
	c->location = k->location;
}

/**
 * top_groups_build - the rows since the start: the keys that pass, merged by a grouping
 * @gs: the groups, released first; owned by the caller (top_groups_release())
 * @k: the keys; only read
 * @by: the grouping
 * @pass: whether the calls of a key are shown (filter, vCPU); given a call
 *        with the key's function, vCPU, thread and location
 * @data: handed to @pass
 *
 * O(keys): no call is read. The groups come sorted by calls (then key).
 * Returns 0, or -1 with errno ENOMEM and the error text (the groups are
 * then incomplete).
 */
int top_groups_build(struct top_groups *gs, const struct top_keys *k, enum sct_group_by by,
		     bool (*pass)(const struct sct_call *c, const void *data), const void *data)
{
	size_t i, nslots = 64, *slots;
	struct sct_call c;
	int ret = 0;

	top_groups_release(gs);
	while (nslots < 2 * k->nr)
		nslots *= 2;
	slots = calloc(nslots, sizeof(*slots));
	if (!slots)
		return sct_set_error(ENOMEM, "top: out of memory");
	for (i = 0; i < k->nr && !ret; i++) {
		key_call(&k->v[i], &c);
		if (pass(&c, data))
			ret = merge_key(gs, slots, nslots, by, &k->v[i], &c);
	}
	free(slots);
	for (i = 0; i < gs->nr; i++) {
		sct_lhist_summarize(&gs->groups[i]->lat, &gs->groups[i]->total_sum);
		sct_lhist_log2(&gs->groups[i]->lat, &gs->groups[i]->hist);
	}
	if (ret)
		return sct_set_error(ENOMEM, "top: out of memory");
	return top_groups_sort(gs, SCT_SORT_CALLS);
}

/**
 * top_groups_find - the row of a key
 * @gs: the groups
 * @key: the key text
 *
 * Returns the group, which @gs owns, or NULL.
 */
const struct top_group *top_groups_find(const struct top_groups *gs, const char *key)
{
	size_t i;

	for (i = 0; i < gs->nr; i++)
		if (!strcmp(gs->groups[i]->key, key))
			return gs->groups[i];
	return NULL;
}

/* The figure a row is sorted by, as the library's sct_groups_sort() takes it */
static uint64_t sort_value(const struct top_group *g, enum sct_group_sort order)
{
	const struct sct_summary *s = &g->total_sum;

	if (order == SCT_SORT_CALLS)
		return g->calls;
	if (!s->n)
		return 0;
	switch (order) {
	case SCT_SORT_TOTAL:
		return g->lat.sum;
	case SCT_SORT_MEAN:
		return s->mean;
	case SCT_SORT_P50:
		return s->p50;
	case SCT_SORT_P99:
		return s->p99;
	default:
		return s->max;
	}
}

/* Largest first, ties by key; by key ascending (@order: the enum sct_group_sort) */
static int group_cmp(const void *a, const void *b, void *order)
{
	const struct top_group *x = *(struct top_group *const *)a;
	const struct top_group *y = *(struct top_group *const *)b;
	enum sct_group_sort o = *(const enum sct_group_sort *)order;
	uint64_t vx, vy;

	if (o != SCT_SORT_KEY) {
		vx = sort_value(x, o);
		vy = sort_value(y, o);
		if (vx != vy)
			return vx > vy ? -1 : 1;
	}
	return strcmp(x->key, y->key);
}

/**
 * top_groups_sort - put the rows in an order
 * @gs: the groups
 * @order: by key (ascending), or by calls or a latency figure (largest
 *         first, ties by key; rows without a timed call count as 0)
 *
 * Returns 0.
 */
int top_groups_sort(struct top_groups *gs, enum sct_group_sort order)
{
	if (gs->nr > 1)
		qsort_r(gs->groups, gs->nr, sizeof(*gs->groups), group_cmp, &order);
	return 0;
}

/**
 * top_group_text - a row's key, with the function's name when grouped by function
 * @g: the row
 * @buf: the caller's room for the text
 * @size: size of @buf
 *
 * Returns @buf.
 */
const char *top_group_text(const struct top_group *g, char *buf, size_t size)
{
	const char *name = g->has_id ? sct_function_name(g->func_id) : NULL;

	snprintf(buf, size, "%s%s%s", g->key, name ? " " : "", name ? name : "");
	return buf;
}
