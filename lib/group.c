// SPDX-License-Identifier: LGPL-2.1
/*
 * A session's calls grouped by owner, range, function, vCPU or location,
 * and its exits counted.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smccctrace/array.h>
#include <smccctrace/call.h>
#include <smccctrace/error.h>
#include <smccctrace/group.h>
#include <smccctrace/smccc.h>
#include <smccctrace/tally.h>

#define KEY_MAX		64

const char *const sct_group_by_names[SCT_GROUP_NR_BY + 1] = {
	[SCT_GROUP_BY_OWNER]	= "owner",
	[SCT_GROUP_BY_RANGE]	= "range",
	[SCT_GROUP_BY_FUNCTION]	= "function",
	[SCT_GROUP_BY_VCPU]	= "vcpu",
	[SCT_GROUP_BY_LOCATION]	= "location",
};

/**
 * sct_groups_init - start an empty grouping
 * @r: the caller's struct; sct_groups_release() frees what it comes to hold
 * @by: how calls are grouped
 */
void sct_groups_init(struct sct_groups *r, enum sct_group_by by)
{
	memset(r, 0, sizeof(*r));
	r->by = by;
}

static void group_free(struct sct_group *g)
{
	if (!g)
		return;
	free(g->key);
	sct_tally_release(&g->total);
	sct_tally_release(&g->out);
	sct_tally_release(&g->back);
	sct_tally_release(&g->vmm);
	free(g);
}

/**
 * sct_groups_release - free the groups and their keys (not @r itself)
 * @r: the grouping; it is left empty, as after sct_groups_init(), with
 *     the same @by. Releasing it twice is harmless.
 */
void sct_groups_release(struct sct_groups *r)
{
	size_t i;

	for (i = 0; i < r->nr; i++)
		group_free(r->groups[i]);
	free(r->groups);
	free(r->slots);
	sct_groups_init(r, r->by);
}

/**
 * sct_group_key - the key of the group a call falls in
 * @by: the grouping
 * @c: the call
 * @buf: room for the key (64 bytes hold any)
 * @size: size of @buf
 *
 * Returns the key: @buf or a static string; the caller owns neither.
 */
const char *sct_group_key(enum sct_group_by by, const struct sct_call *c,
			  char *buf, size_t size)
{
	const char *name;

	switch (by) {
	case SCT_GROUP_BY_OWNER:
		name = c->id_known ? sct_owner_name((c->func_id >> 24) & 0x3f) : NULL;
		return name ? name : "unknown";
	case SCT_GROUP_BY_RANGE:
		name = c->id_known ? sct_range_name(c->func_id, buf, size) : NULL;
		return name ? name : "unknown";
	case SCT_GROUP_BY_FUNCTION:
		if (!c->id_known)
			return "unknown";
		snprintf(buf, size, "0x%08" PRIx32, c->func_id);
		return buf;
	case SCT_GROUP_BY_VCPU:
		if (c->vcpu >= 0)
			snprintf(buf, size, "vcpu %" PRId32, c->vcpu);
		else
			snprintf(buf, size, "tid %" PRId32, c->tid);
		return buf;
	case SCT_GROUP_BY_LOCATION:
	default:
		return sct_location_name((enum sct_location)c->location);
	}
}

/* FNV-1a */
static size_t hash_key(const char *key)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *key; key++)
		h = (h ^ (unsigned char)*key) * 0x100000001b3ULL;
	return (size_t)h;
}

static size_t *slot_of(const struct sct_groups *r, const char *key)
{
	size_t i = hash_key(key) & (r->nslots - 1);

	while (r->slots[i] && strcmp(r->groups[r->slots[i] - 1]->key, key))
		i = (i + 1) & (r->nslots - 1);
	return &r->slots[i];
}

/* Keep the hash table at most half full, with room for one more group */
static int grow_slots(struct sct_groups *r)
{
	size_t i, nslots = r->nslots ? r->nslots * 2 : 64;
	size_t *old = r->slots, oldn = r->nslots;

	if ((r->nr + 1) * 2 <= r->nslots)
		return 0;
	r->slots = calloc(nslots, sizeof(*r->slots));
	if (!r->slots) {
		r->slots = old;
		return -1;
	}
	r->nslots = nslots;
	for (i = 0; i < oldn; i++)
		if (old[i])
			*slot_of(r, r->groups[old[i] - 1]->key) = old[i];
	free(old);
	return 0;
}

static struct sct_group *new_group(struct sct_groups *r, const char *key, size_t *slot)
{
	struct sct_group *g, **groups;

	groups = sct_array_room(r->groups, &r->alloc, r->nr + 1, sizeof(*groups));
	if (!groups)
		return NULL;
	r->groups = groups;
	g = calloc(1, sizeof(*g));
	if (!g || !(g->key = strdup(key))) {
		free(g);
		return NULL;
	}
	r->groups[r->nr++] = g;
	*slot = r->nr;
	return g;
}

static struct sct_group *find_group(struct sct_groups *r, const char *key)
{
	size_t *slot;

	if (grow_slots(r))
		return NULL;
	slot = slot_of(r, key);
	if (*slot)
		return r->groups[*slot - 1];
	return new_group(r, key, slot);
}

static int add_times(struct sct_group *g, const struct sct_call *c)
{
	uint64_t out = sct_call_out_ns(c), back = sct_call_back_ns(c);
	uint64_t total = sct_call_total_ns(c);

	if (total != SCT_NO_TIME && sct_tally_add(&g->total, total))
		return -1;
	if (c->t_vmm_exit != SCT_NO_TIME && c->t_vmm_resume != SCT_NO_TIME &&
	    c->t_vmm_resume >= c->t_vmm_exit &&
	    sct_tally_add(&g->vmm, c->t_vmm_resume - c->t_vmm_exit))
		return -1;
	if (c->location != SCT_LOC_USER || out == SCT_NO_TIME || back == SCT_NO_TIME)
		return 0;
	if (sct_tally_add(&g->out, out) || sct_tally_add(&g->back, back))
		return -1;
	return 0;
}

static int out_of_memory(struct sct_groups *r)
{
	r->oom = true;
	return sct_set_error(ENOMEM, "grouping calls: out of memory");
}

/*
 * What a call's group key is made of, as a number: equal numbers, equal
 * keys. Bit 63 marks an entry of the cache as used.
 */
static uint64_t key_number(enum sct_group_by by, const struct sct_call *c)
{
	uint64_t n;

	switch (by) {
	case SCT_GROUP_BY_VCPU:
		n = c->vcpu >= 0 ? 1ull << 62 | (uint32_t)c->vcpu : 1ull << 61 | (uint32_t)c->tid;
		break;
	case SCT_GROUP_BY_LOCATION:
		n = c->location;
		break;
	default:	/* owner, range and function: the function ID */
		n = c->id_known ? 1ull << 62 | c->func_id : 1ull << 61;
		break;
	}
	return n | 1ull << 63;
}

/* The call's group, from the cache or else by its key text */
static struct sct_group *cached_group(struct sct_groups *r, const struct sct_call *c)
{
	uint64_t key = key_number(r->by, c);
	size_t i = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 56) % SCT_GROUPS_CACHE;
	struct sct_group *g;
	char buf[KEY_MAX];

	if (r->cache_key[i] == key)
		return r->cache_group[i];
	g = find_group(r, sct_group_key(r->by, c, buf, sizeof(buf)));
	if (g) {
		r->cache_key[i] = key;
		r->cache_group[i] = g;
	}
	return g;
}

/**
 * sct_groups_add_call - count one call in its group (a store callback)
 * @call: the call; only read, not kept
 * @data: the struct sct_groups
 *
 * Returns 0, or -1 with errno ENOMEM and the error text when out of memory
 * (and sets @data's oom).
 */
int sct_groups_add_call(const struct sct_call *call, void *data)
{
	struct sct_groups *r = data;
	struct sct_group *g;
	unsigned int loc;

	g = cached_group(r, call);
	if (!g)
		return out_of_memory(r);
	if (r->by == SCT_GROUP_BY_FUNCTION && call->id_known) {
		g->has_id = true;
		g->func_id = call->func_id;
	}
	loc = call->location < 4 ? call->location : SCT_LOC_UNKNOWN;
	r->calls++;
	g->calls++;
	g->by_location[loc]++;
	g->incomplete += call->incomplete;
	if (add_times(g, call))
		return out_of_memory(r);
	return 0;
}

/**
 * sct_groups_add_exit - count one row of the session's exits (a store callback)
 * @e: the row; only read, not kept
 * @data: the struct sct_groups
 *
 * Returns 0.
 */
int sct_groups_add_exit(const struct sct_exit_count *e, void *data)
{
	bool trap = !strcmp(e->kind, "trap");
	struct sct_groups *r = data;

	if (!trap && strcmp(e->kind, "irq") && strcmp(e->kind, "serror") &&
	    strcmp(e->kind, "other"))
		return 0;
	r->exits_total += e->count;
	if (trap && (e->code == SCT_EC_HVC32 || e->code == SCT_EC_SMC32 ||
		     e->code == SCT_EC_HVC64 || e->code == SCT_EC_SMC64))
		r->exits_smccc += e->count;
	return 0;
}

static int group_cmp(const void *a, const void *b)
{
	const struct sct_group *x = *(struct sct_group *const *)a;
	const struct sct_group *y = *(struct sct_group *const *)b;

	if (x->calls != y->calls)
		return x->calls > y->calls ? -1 : 1;
	return strcmp(x->key, y->key);
}

/**
 * sct_groups_finish - compute every group's figures and sort the groups
 * @r: the grouping; its hash table is dropped, so no call can be added after
 */
void sct_groups_finish(struct sct_groups *r)
{
	struct sct_group *g;
	size_t i;

	for (i = 0; i < r->nr; i++) {
		g = r->groups[i];
		sct_tally_summarize(&g->total, &g->total_sum);
		sct_tally_summarize(&g->out, &g->out_sum);
		sct_tally_summarize(&g->back, &g->back_sum);
		sct_tally_summarize(&g->vmm, &g->vmm_sum);
		sct_tally_hist(&g->total, &g->hist);
	}
	if (r->nr > 1)
		qsort(r->groups, r->nr, sizeof(*r->groups), group_cmp);
	free(r->slots);
	r->slots = NULL;
	r->nslots = 0;
}

/**
 * sct_groups_find - the group of a key
 * @r: the grouping
 * @key: the key, as the group's @key spells it
 *
 * Returns the group, which @r owns, or NULL when no call had @key.
 */
const struct sct_group *sct_groups_find(const struct sct_groups *r, const char *key)
{
	size_t i;

	for (i = 0; i < r->nr; i++)
		if (!strcmp(r->groups[i]->key, key))
			return r->groups[i];
	return NULL;
}

/**
 * sct_group_dominant_location - where most of a group's calls were answered
 * @g: the group, after sct_groups_finish()
 *
 * Returns the enum sct_location with the most calls; a tie goes to the
 * lower value.
 */
int sct_group_dominant_location(const struct sct_group *g)
{
	int loc, best = 0;

	for (loc = 1; loc < 4; loc++)
		if (g->by_location[loc] > g->by_location[best])
			best = loc;
	return best;
}

const char *const sct_group_sort_names[SCT_GROUP_NR_SORTS + 1] = {
	[SCT_SORT_CALLS]	= "calls",
	[SCT_SORT_KEY]		= "key",
	[SCT_SORT_TOTAL]	= "total",
	[SCT_SORT_MEAN]		= "mean",
	[SCT_SORT_P50]		= "p50",
	[SCT_SORT_P99]		= "p99",
	[SCT_SORT_MAX]		= "max",
};

/* A group and the figure it is sorted by */
struct sort_entry {
	uint64_t		value;
	struct sct_group	*g;
};

/**
 * sct_group_total_ns - the time a group's calls took, together
 * @g: the group, after sct_groups_finish()
 *
 * Returns the sum of the latencies of its complete calls (0 when none):
 * what perf kvm stat calls an event's time.
 */
uint64_t sct_group_total_ns(const struct sct_group *g)
{
	return sct_tally_sum(&g->total);
}

static uint64_t sort_value(const struct sct_group *g, enum sct_group_sort order)
{
	const struct sct_summary *s = &g->total_sum;

	if (!s->n)
		return 0;
	switch (order) {
	case SCT_SORT_TOTAL:
		return sct_group_total_ns(g);
	case SCT_SORT_MEAN:
		return s->mean;
	case SCT_SORT_P50:
		return s->p50;
	case SCT_SORT_P99:
		return s->p99;
	case SCT_SORT_MAX:
		return s->max;
	default:
		return g->calls;
	}
}

/* Largest first; ties by key; groups with no timed call last */
static int entry_cmp(const void *a, const void *b)
{
	const struct sort_entry *x = a, *y = b;

	if (x->value != y->value)
		return x->value > y->value ? -1 : 1;
	return strcmp(x->g->key, y->g->key);
}

static int key_cmp(const void *a, const void *b)
{
	const struct sct_group *x = *(struct sct_group *const *)a;
	const struct sct_group *y = *(struct sct_group *const *)b;

	return strcmp(x->key, y->key);
}

/**
 * sct_groups_sort - put the groups in another order
 * @r: the grouping, after sct_groups_finish()
 * @order: by key (ascending), or by calls or a latency figure of the
 *         complete calls (largest first, ties by key)
 *
 * Returns 0, or -1 with errno ENOMEM and the error set (the order is then
 * unchanged).
 */
int sct_groups_sort(struct sct_groups *r, enum sct_group_sort order)
{
	struct sort_entry *e;
	size_t i;

	if (order == SCT_SORT_KEY) {
		if (r->nr > 1)
			qsort(r->groups, r->nr, sizeof(*r->groups), key_cmp);
		return 0;
	}
	if (order == SCT_SORT_CALLS || r->nr < 2) {
		if (r->nr > 1)
			qsort(r->groups, r->nr, sizeof(*r->groups), group_cmp);
		return 0;
	}
	e = calloc(r->nr, sizeof(*e));
	if (!e)
		return sct_set_error(ENOMEM, "sorting groups: out of memory");
	for (i = 0; i < r->nr; i++)
		e[i] = (struct sort_entry) { sort_value(r->groups[i], order), r->groups[i] };
	qsort(e, r->nr, sizeof(*e), entry_cmp);
	for (i = 0; i < r->nr; i++)
		r->groups[i] = e[i].g;
	free(e);
	return 0;
}

/**
 * sct_groups_top - keep only the first groups
 * @r: the grouping, after sct_groups_finish() (and sct_groups_sort())
 * @n: how many to keep; 0 keeps all
 *
 * The groups dropped are freed; @r->calls still counts every call, so
 * shares stay shares of all the calls.
 */
void sct_groups_top(struct sct_groups *r, size_t n)
{
	size_t i;

	if (!n || n >= r->nr)
		return;
	for (i = n; i < r->nr; i++)
		group_free(r->groups[i]);
	r->nr = n;
	memset(r->cache_key, 0, sizeof(r->cache_key));
}
