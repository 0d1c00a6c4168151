// SPDX-License-Identifier: GPL-2.0
/*
 * smccctrace top -b: a frame as text on stdout, for logs and scripts. A
 * table frame is a header of two lines, the column heads and a row per
 * group, then an empty line; a csv frame is a row per group, the column
 * names once before the first frame. The last interval's latencies are
 * report's figures over its calls; since the start, n, max and the
 * counts are exact and the percentiles within 1/64 (marked ~, approx_).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <smccctrace/output.h>
#include <smccctrace/smccc.h>

#include "top.h"

#define KEY_TEXT	64

/**
 * top_exits - kvm_exit events counted (traps of every class, IRQs, SErrors, others)
 * @st: the source's counts
 */
uint64_t top_exits(const struct sct_exit_stats *st)
{
	uint64_t n = st->irq_exits + st->serror_exits + st->other_exits;
	size_t i;

	for (i = 0; i < 64; i++)
		n += st->trap_ec[i];
	return n;
}

/**
 * top_user_exits - kvm_userspace_exit events counted, every reason
 * @st: the source's counts
 */
uint64_t top_user_exits(const struct sct_exit_stats *st)
{
	uint64_t n = 0;
	size_t i;

	for (i = 0; i < 64; i++)
		n += st->user_exits[i];
	return n;
}

static const char *ns(uint64_t v, char *buf)
{
	return v == SCT_STATS_NONE ? "-" : sct_format_ns(v, buf, SCT_NS_BUFSZ);
}

static int key_width(const struct top_stats *ts)
{
	char key[KEY_TEXT];
	size_t i, w = 3;

	for (i = 0; i < ts->since.nr; i++)
		if (strlen(top_group_text(ts->since.groups[i], key, sizeof(key))) > w)
			w = strlen(key);
	return (int)w;
}

static double share(const struct top_stats *ts, const struct top_group *g)
{
	return ts->since.calls ? 100.0 * (double)g->calls / (double)ts->since.calls : 0.0;
}

static void head(const struct top_stats *ts, const struct top_head *h)
{
	const struct sct_exit_stats *st = h->st;

	printf("top: frame %" PRIu64 ", %.2f s interval, %.2f s since the start; by %s, sort %s",
	       ts->frames, (double)(ts->t_frame - ts->t_last) / 1e9,
	       (double)(ts->t_frame - ts->t_start) / 1e9, sct_group_by_names[ts->by],
	       sct_group_sort_names[ts->sort]);
	if (ts->filter[0])
		printf(", filter %s", ts->filter);
	if (ts->vcpu >= 0)
		printf(", vcpu %" PRId32, ts->vcpu);
	printf("%s\n", h->ended ? ", capture ended" : "");
	printf("captured: %" PRIu64 " calls (%" PRIu64 " forwarded, %" PRIu64 " kernel, %" PRIu64
	       " denied, %" PRIu64 " unknown), %" PRIu64 " incomplete, %" PRIu64 " events lost; "
	       "%" PRIu64 " kvm_exit, %" PRIu64 " kvm_userspace_exit\n", st->calls,
	       st->by_location[SCT_LOC_USER], st->by_location[SCT_LOC_KERNEL],
	       st->by_location[SCT_LOC_DENIED], st->by_location[SCT_LOC_UNKNOWN],
	       st->incomplete, h->lost, top_exits(st), top_user_exits(st));
}

static void table_row(const struct top_stats *ts, const struct top_group *g, int kw)
{
	const struct sct_group *l = sct_groups_find(&ts->last, g->key);
	char key[KEY_TEXT], f[6][SCT_NS_BUFSZ], pct[16], rate[SCT_NS_BUFSZ];

	snprintf(pct, sizeof(pct), "%.1f%%", share(ts, g));
	printf("%-*s %8" PRIu64 " %9s %6s %7" PRIu64 " %7" PRIu64 " %7" PRIu64 " %7" PRIu64
	       "  %8s %8s %8s  %8s %8s %8s\n", kw, top_group_text(g, key, sizeof(key)), g->calls,
	       top_stats_rate_text(ts, l, rate), pct, g->by_location[SCT_LOC_KERNEL],
	       g->by_location[SCT_LOC_USER], g->by_location[SCT_LOC_DENIED],
	       g->by_location[SCT_LOC_UNKNOWN],
	       ns(l ? l->total_sum.p50 : SCT_STATS_NONE, f[0]),
	       ns(l ? l->total_sum.p99 : SCT_STATS_NONE, f[1]),
	       ns(l ? l->total_sum.max : SCT_STATS_NONE, f[2]),
	       ns(g->total_sum.p50, f[3]), ns(g->total_sum.p99, f[4]), ns(g->total_sum.max, f[5]));
}

static void table_frame(const struct top_stats *ts, const struct top_head *h)
{
	int kw = key_width(ts);
	size_t i;

	head(ts, h);
	printf("%-*s %8s %9s %6s %7s %7s %7s %7s  %8s %8s %8s  %8s %8s %8s\n", kw, "KEY",
	       "CALLS", "CALLS/S", "SHARE", "KERNEL", "USER", "DENIED", "UNKNOWN",
	       "LAST P50", "LAST P99", "LAST MAX", "~P50", "~P99", "MAX");
	for (i = 0; i < ts->since.nr; i++)
		table_row(ts, ts->since.groups[i], kw);
	putchar('\n');
}

/* A figure in ns, empty when there is none (as report's csv) */
static void csv_ns(uint64_t v)
{
	if (v == SCT_STATS_NONE)
		printf(",");
	else
		printf(",%" PRIu64, v);
}

static void csv_row(const struct top_stats *ts, const struct top_head *h,
		    const struct top_group *g)
{
	const struct sct_group *l = sct_groups_find(&ts->last, g->key);
	const char *name = g->has_id ? sct_function_name(g->func_id) : NULL;

	printf("%" PRIu64 ",%.3f,%s,%s,%" PRIu64 ",%.1f,%.4f,%" PRIu64 ",%" PRIu64 ",%" PRIu64
	       ",%" PRIu64 ",%" PRIu64, ts->frames, (double)(ts->t_frame - ts->t_start) / 1e9,
	       g->key, name ? name : "", g->calls, top_stats_rate(ts, l), share(ts, g),
	       g->by_location[SCT_LOC_KERNEL], g->by_location[SCT_LOC_USER],
	       g->by_location[SCT_LOC_DENIED], g->by_location[SCT_LOC_UNKNOWN], g->incomplete);
	csv_ns(g->total_sum.p50);
	csv_ns(g->total_sum.p99);
	csv_ns(g->total_sum.max);
	printf(",%" PRIu64, l ? l->calls : 0);
	csv_ns(l ? l->total_sum.p50 : SCT_STATS_NONE);
	csv_ns(l ? l->total_sum.p99 : SCT_STATS_NONE);
	csv_ns(l ? l->total_sum.max : SCT_STATS_NONE);
	printf(",%" PRIu64 "\n", h->lost);
}

/**
 * top_text_frame - print the last frame taken (top_stats_frame()) on stdout
 * @ts: the stats
 * @h: the header's figures
 * @csv: csv rows instead of a table
 */
void top_text_frame(const struct top_stats *ts, const struct top_head *h, bool csv)
{
	size_t i;

	if (!csv) {
		table_frame(ts, h);
	} else {
		if (ts->frames == 1)
			printf("frame,elapsed_s,key,name,calls,calls_per_s,share,kernel,user,denied,"
			       "unknown_location,incomplete,approx_p50_ns,approx_p99_ns,max_ns,last_calls,"
			       "last_p50_ns,last_p99_ns,last_max_ns,lost\n");
		for (i = 0; i < ts->since.nr; i++)
			csv_row(ts, h, ts->since.groups[i]);
	}
	fflush(stdout);
}
