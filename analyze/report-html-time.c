// SPDX-License-Identifier: GPL-2.0
/*
 * smccctrace report --html: calls over time. The calls the report chose
 * are read again, each counted in its group's bucket of the time since
 * its session began; several sessions are laid over each other.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <smccctrace/error.h>

#include "report.h"

struct timeline_pass {
	struct report_timeline	*t;
	const struct sct_groups	*r;
	uint64_t		first_ns;	/* the session's start */
	size_t			last;		/* the group the last call went to */
};

/* The index of the shown group of @key, or r->nr when --top dropped it */
static size_t group_index(struct timeline_pass *p, const char *key)
{
	const struct sct_groups *r = p->r;
	size_t i;

	if (p->last < r->nr && !strcmp(r->groups[p->last]->key, key))
		return p->last;
	for (i = 0; i < r->nr; i++)
		if (!strcmp(r->groups[i]->key, key))
			break;
	if (i < r->nr)
		p->last = i;
	return i;
}

/* When a call began: its kvm_exit, else its kvm_entry */
static uint64_t call_time(const struct sct_call *c)
{
	return c->t_exit != SCT_NO_TIME ? c->t_exit : c->t_entry;
}

static int count_call(const struct sct_call *call, void *data)
{
	struct timeline_pass *p = data;
	struct report_timeline *t = p->t;
	uint64_t ts = call_time(call), bucket, *n;
	char buf[64];
	size_t g;

	if (ts == SCT_NO_TIME || ts < p->first_ns)
		return 0;
	g = group_index(p, sct_group_key(p->r->by, call, buf, sizeof(buf)));
	if (g == p->r->nr)
		return 0;
	bucket = (ts - p->first_ns) / t->width_ns;
	if (bucket >= REPORT_TIME_BUCKETS)
		bucket = REPORT_TIME_BUCKETS - 1;
	n = &t->counts[g * REPORT_TIME_BUCKETS + bucket];
	if (++*n > t->most)
		t->most = *n;
	return 0;
}

/* The longest of the sessions, from their first and last events */
static int longest(struct sct_store *store, const int64_t *ids, size_t nr_ids,
		   uint64_t *span)
{
	struct sct_session s;
	size_t i;

	*span = 0;
	for (i = 0; i < nr_ids; i++) {
		if (sct_store_get_session(store, ids[i], &s))
			return -1;
		if (s.first_ns != SCT_NO_TIME && s.last_ns != SCT_NO_TIME &&
		    s.last_ns - s.first_ns > *span && s.last_ns > s.first_ns)
			*span = s.last_ns - s.first_ns;
		sct_session_release(&s);
	}
	return 0;
}

static int count_session(struct sct_store *store, int64_t id,
			 const struct sct_selection *sel, struct timeline_pass *p)
{
	struct sct_session s;
	int ret = 0;

	if (sct_store_get_session(store, id, &s))
		return -1;
	if (s.first_ns != SCT_NO_TIME) {
		p->first_ns = s.first_ns;
		ret = sct_store_foreach_selected(store, s.id, sel, count_call, p);
	}
	sct_session_release(&s);
	return ret;
}

/**
 * report_timeline_collect - count the shown groups' calls over time
 * @t: filled in; free its counts with report_timeline_release()
 * @store: the database, open
 * @ids: the sessions (0: the latest)
 * @nr_ids: how many
 * @sel: the calls the report chose
 * @r: the groups shown, finished, sorted and cut to --top
 *
 * The buckets are REPORT_TIME_BUCKETS of the longest session, each at
 * least 1 ns; a call is counted in the bucket of its kvm_exit's time
 * since its session's first event. Sessions without times leave
 * @t->span_ns 0 and no counts.
 *
 * Returns 0, or -1 with the error set (errno ENOMEM, or the store's).
 */
int report_timeline_collect(struct report_timeline *t, struct sct_store *store,
			    const int64_t *ids, size_t nr_ids, const struct sct_selection *sel,
			    const struct sct_groups *r)
{
	struct timeline_pass p = { .t = t, .r = r };
	size_t i;

	*t = (struct report_timeline) { .nr_groups = r->nr };
	if (longest(store, ids, nr_ids, &t->span_ns))
		return -1;
	if (!t->span_ns || !r->nr)
		return 0;
	t->width_ns = (t->span_ns + REPORT_TIME_BUCKETS - 1) / REPORT_TIME_BUCKETS;
	t->counts = calloc(r->nr * REPORT_TIME_BUCKETS, sizeof(*t->counts));
	if (!t->counts)
		return sct_set_error(ENOMEM, "report: out of memory");
	for (i = 0; i < nr_ids; i++)
		if (count_session(store, ids[i], sel, &p))
			return -1;
	return 0;
}

/**
 * report_timeline_release - free what report_timeline_collect() allocated
 * @t: the timeline; NULL and a zeroed one are harmless
 */
void report_timeline_release(struct report_timeline *t)
{
	if (!t)
		return;
	free(t->counts);
	t->counts = NULL;
}
