// SPDX-License-Identifier: GPL-2.0
/*
 * smccctrace top: the calls and their figures. The calls of the interval
 * in progress are kept whole; a frame closes the interval: its calls are
 * grouped exactly with the library (group.h), as report groups them, and
 * counted into the aggregates since the start, one per function, vCPU
 * and location (top-keys.c), from which the rows since the start are
 * merged. So memory grows with the rate and the keys, never with the
 * time top runs, and the grouping, the filter and the vCPU can change
 * at any time.
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
	sct_groups_init(&ts->last, ts->by);
}

/* Forget every call: the intervals, the keys and the groups */
static void forget(struct top_stats *ts)
{
	free(ts->cur.v);
	free(ts->prev.v);
	memset(&ts->cur, 0, sizeof(ts->cur));
	memset(&ts->prev, 0, sizeof(ts->prev));
	top_keys_release(&ts->keys);
	top_keys_release(&ts->held);
	top_groups_release(&ts->since);
	sct_groups_release(&ts->last);
	sct_groups_init(&ts->last, ts->by);
}

/**
 * top_stats_release - free the calls, the keys and the groups; harmless twice
 * @ts: the stats, left as after top_stats_init() with no calls
 */
void top_stats_release(struct top_stats *ts)
{
	forget(ts);
}

/**
 * top_stats_add - keep one call of the interval in progress (the live source's callback)
 * @call: the call; only read
 * @data: the struct top_stats
 *
 * Returns 0, or -1 with errno ENOMEM and the error text set.
 */
int top_stats_add(const struct sct_call *call, void *data)
{
	struct top_stats *ts = data;
	struct top_call *c;

	c = sct_array_room(ts->cur.v, &ts->cur.alloc, ts->cur.nr + 1, sizeof(*c));
	if (!c) {
		ts->oom = true;
		return sct_set_error(ENOMEM, "top: out of memory");
	}
	ts->cur.v = c;
	ts->cur.v[ts->cur.nr++] = (struct top_call){
		.t_exit = call->t_exit, .t_uexit = call->t_uexit, .t_entry = call->t_entry,
		.t_vmm_exit = call->t_vmm_exit, .t_vmm_resume = call->t_vmm_resume,
		.func_id = call->func_id, .vcpu = call->vcpu, .tid = call->tid,
		.location = call->location, .id_known = call->id_known,
		.incomplete = call->incomplete,
	};
	return 0;
}

/* Whether a call passes the filter (sct_function_matches()) and the vCPU */
static bool passes(const struct sct_call *c, const void *data)
{
	const struct top_stats *ts = data;

	if (ts->vcpu >= 0 && c->vcpu != ts->vcpu)
		return false;
	return sct_function_matches(c->func_id, c->id_known, ts->filter);
}

/* The last interval's calls that pass, grouped exactly into @ts->last */
static int group_last(struct top_stats *ts)
{
	struct sct_call c;
	size_t i;

	sct_groups_release(&ts->last);
	sct_groups_init(&ts->last, ts->by);
	for (i = 0; i < ts->prev.nr; i++) {
		top_call_to_sct(&ts->prev.v[i], &c);
		if (passes(&c, ts) && sct_groups_add_call(&c, &ts->last))
			return -1;
	}
	sct_groups_finish(&ts->last);
	return 0;
}

/**
 * top_stats_regroup - the groups again, after the grouping, order, filter or vCPU changed
 * @ts: the stats; the intervals stay as they are
 *
 * O(the last interval's calls + the keys). Returns 0, or -1 with the
 * error text set (memory ran out).
 */
int top_stats_regroup(struct top_stats *ts)
{
	if (group_last(ts) ||
	    top_groups_build(&ts->since, &ts->keys, ts->by, passes, ts) ||
	    top_groups_sort(&ts->since, ts->sort)) {
		ts->oom = true;
		return -1;
	}
	return 0;
}

/*
 * The interval in progress becomes the last one shown, its calls counted
 * since the start; its array is the next interval's (freed when a burst
 * left it four times larger than the interval needed)
 */
static int close_interval(struct top_stats *ts)
{
	struct top_calls done = ts->cur;
	size_t i;
	int ret = 0;

	for (i = 0; i < done.nr && !ret; i++)
		ret = top_keys_add(&ts->keys, &done.v[i]);
	ts->cur = ts->prev;
	ts->cur.nr = 0;
	ts->prev = done;
	if (ts->cur.alloc > 4 * (ts->prev.nr + SCT_ARRAY_MIN)) {
		free(ts->cur.v);
		memset(&ts->cur, 0, sizeof(ts->cur));
	}
	return ret;
}

/**
 * top_stats_frame - close the interval: the calls that came since the last frame
 * @ts: the stats
 * @now: the time of the frame (top_now_ns())
 *
 * The calls held while paused count since the start from now on; the
 * last interval is the one since the last frame or hold.
 * Returns 0, or -1 as top_stats_regroup().
 */
int top_stats_frame(struct top_stats *ts, uint64_t now)
{
	int ret = top_keys_merge(&ts->keys, &ts->held);

	top_keys_release(&ts->held);
	if (close_interval(ts) || ret)
		ret = -1;
	if (ret)
		ts->oom = true;
	ts->t_last = ts->t_held ? ts->t_held : ts->t_frame;
	ts->t_held = 0;
	ts->t_frame = now;
	ts->frames++;
	return top_stats_regroup(ts) || ret ? -1 : 0;
}

/**
 * top_stats_hold - an interval passes while the screen is paused
 * @ts: the stats; what it shows stays as it is
 * @now: the end of the interval (top_now_ns())
 *
 * The interval's calls are counted into aggregates the next frame adds
 * since the start, so that memory stays bounded however long the pause.
 * Returns 0, or -1 with errno ENOMEM and the error text set.
 */
int top_stats_hold(struct top_stats *ts, uint64_t now)
{
	size_t i;
	int ret = 0;

	for (i = 0; i < ts->cur.nr && !ret; i++)
		ret = top_keys_add(&ts->held, &ts->cur.v[i]);
	ts->cur.nr = 0;
	ts->t_held = now;
	if (ret)
		ts->oom = true;
	return ret;
}

/**
 * top_stats_reset - forget the calls so far: "since the start" starts now
 * @ts: the stats
 * @now: the new start
 */
void top_stats_reset(struct top_stats *ts, uint64_t now)
{
	forget(ts);
	ts->t_start = ts->t_last = ts->t_frame = now;
	ts->t_held = 0;
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
