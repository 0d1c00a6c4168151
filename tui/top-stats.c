// SPDX-License-Identifier: GPL-2.0
/*
 * smccctrace top: the calls kept and their groups. Every call since the
 * start (or the last reset) is kept in a compact form; a frame closes
 * the interval and groups the calls again with the library (group.h):
 * those since the start, and those of the interval just closed. So the
 * grouping, the filter and the vCPU can change at any time, and the
 * figures are exactly report's over the same calls.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <smccctrace/array.h>
#include <smccctrace/error.h>
#include <smccctrace/output.h>
#include <smccctrace/smccc.h>

#include "top.h"

/**
 * top_now_ns - CLOCK_MONOTONIC in ns
 */
uint64_t top_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/**
 * top_stats_init - no calls yet, grouped by range, sorted by calls
 * @ts: the caller's struct; top_stats_release() frees what it comes to hold
 * @now: the start (top_now_ns())
 */
void top_stats_init(struct top_stats *ts, uint64_t now)
{
	memset(ts, 0, sizeof(*ts));
	ts->by = SCT_GROUP_BY_RANGE;
	ts->sort = SCT_SORT_CALLS;
	ts->vcpu = -1;
	ts->t_start = ts->t_last = ts->t_frame = now;
	sct_groups_init(&ts->since, ts->by);
	sct_groups_init(&ts->last, ts->by);
}

/**
 * top_stats_release - free the calls and the groups; harmless twice
 * @ts: the stats, left as after top_stats_init() with no calls
 */
void top_stats_release(struct top_stats *ts)
{
	free(ts->calls);
	ts->calls = NULL;
	ts->nr = ts->alloc = ts->mark = ts->last_from = ts->last_to = 0;
	sct_groups_release(&ts->since);
	sct_groups_release(&ts->last);
}

/**
 * top_stats_add - keep one call (the live source's callback)
 * @call: the call; only read
 * @data: the struct top_stats
 *
 * Returns 0, or -1 with errno ENOMEM and the error text set.
 */
int top_stats_add(const struct sct_call *call, void *data)
{
	struct top_stats *ts = data;
	struct top_call *c;

	c = sct_array_room(ts->calls, &ts->alloc, ts->nr + 1, sizeof(*c));
	if (!c) {
		ts->oom = true;
		return sct_set_error(ENOMEM, "top: out of memory");
	}
	ts->calls = c;
	ts->calls[ts->nr++] = (struct top_call){
		.t_exit = call->t_exit, .t_uexit = call->t_uexit, .t_entry = call->t_entry,
		.t_vmm_exit = call->t_vmm_exit, .t_vmm_resume = call->t_vmm_resume,
		.func_id = call->func_id, .vcpu = call->vcpu, .tid = call->tid,
		.location = call->location, .id_known = call->id_known,
		.incomplete = call->incomplete,
	};
	return 0;
}

/* Whether a call passes the filter (sct_function_matches()) and the vCPU */
static bool passes(const struct top_stats *ts, const struct sct_call *c)
{
	if (ts->vcpu >= 0 && c->vcpu != ts->vcpu)
		return false;
	return sct_function_matches(c->func_id, c->id_known, ts->filter);
}

static void to_call(const struct top_call *t, struct sct_call *c)
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

/* The calls [@from, @to) that pass, grouped into @g (released first) */
static int group(const struct top_stats *ts, struct sct_groups *g, size_t from, size_t to)
{
	struct sct_call c;
	size_t i;

	sct_groups_release(g);
	sct_groups_init(g, ts->by);
	for (i = from; i < to; i++) {
		to_call(&ts->calls[i], &c);
		if (passes(ts, &c) && sct_groups_add_call(&c, g))
			return -1;
	}
	sct_groups_finish(g);
	return 0;
}

/**
 * top_stats_regroup - the groups again, after the grouping, order, filter or vCPU changed
 * @ts: the stats; the intervals stay as they are
 *
 * Returns 0, or -1 with the error text set (memory ran out).
 */
int top_stats_regroup(struct top_stats *ts)
{
	if (group(ts, &ts->since, 0, ts->last_to) ||
	    group(ts, &ts->last, ts->last_from, ts->last_to) ||
	    sct_groups_sort(&ts->since, ts->sort)) {
		ts->oom = true;
		return -1;
	}
	return 0;
}

/**
 * top_stats_frame - close the interval: the calls that came since the last frame
 * @ts: the stats
 * @now: the time of the frame (top_now_ns())
 *
 * Returns 0, or -1 as top_stats_regroup().
 */
int top_stats_frame(struct top_stats *ts, uint64_t now)
{
	ts->last_from = ts->mark;
	ts->last_to = ts->mark = ts->nr;
	ts->t_last = ts->t_frame;
	ts->t_frame = now;
	ts->frames++;
	return top_stats_regroup(ts);
}

/**
 * top_stats_reset - forget the calls so far: "since the start" starts now
 * @ts: the stats
 * @now: the new start
 */
void top_stats_reset(struct top_stats *ts, uint64_t now)
{
	ts->nr = ts->mark = ts->last_from = ts->last_to = 0;
	ts->t_start = ts->t_last = ts->t_frame = now;
	sct_groups_release(&ts->since);
	sct_groups_release(&ts->last);
	sct_groups_init(&ts->since, ts->by);
	sct_groups_init(&ts->last, ts->by);
}

/**
 * top_stats_rate - calls a second over the last interval
 * @ts: the stats
 * @last: a group of @ts->last, or NULL for all the interval's calls
 */
double top_stats_rate(const struct top_stats *ts, const struct sct_group *last)
{
	uint64_t n = last ? last->calls : ts->last.calls;
	double s = (double)(ts->t_frame - ts->t_last) / 1e9;

	return s > 0 ? (double)n / s : 0.0;
}

/**
 * top_stats_rate_text - calls a second over the last interval, as every command prints rates
 * @ts: the stats
 * @last: a group of @ts->last, or NULL for all the interval's calls
 * @buf: room for SCT_NS_BUFSZ bytes; the caller's
 *
 * Returns @buf.
 */
const char *top_stats_rate_text(const struct top_stats *ts, const struct sct_group *last,
				char *buf)
{
	uint64_t n = last ? last->calls : ts->last.calls;

	return sct_format_rate(n, ts->t_frame - ts->t_last, buf, SCT_NS_BUFSZ);
}
