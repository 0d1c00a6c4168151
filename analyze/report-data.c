// SPDX-License-Identifier: GPL-2.0
/*
 * smccctrace report: the machine formats, CSV and JSON. They carry every
 * figure, whatever columns the table shows, with times in integer ns.
 */
#include <inttypes.h>

#include <smccctrace/call.h>
#include <smccctrace/output.h>

#include "report.h"

/* ---- CSV ---- */

/* P99 / P50 is defined: complete calls, and a median above 0 */
static bool has_spread(const struct sct_group *g)
{
	return sct_spread_known(&g->total_sum);
}

/* Calls per second of the sessions' length, three decimals at most */
static const char *calls_per_s(const struct report_view *v, const struct sct_group *g,
			       char *buf)
{
	uint64_t calls = g->calls > UINT64_MAX / 1000000000u ? UINT64_MAX / 1000000000u :
			 g->calls;

	return sct_format_ratio(calls * 1000000000u, v->duration_ns, 3, true, buf,
				REPORT_BUFSZ);
}

static void csv_ns(struct sct_csv *c, uint64_t ns)
{
	if (ns == SCT_STATS_NONE)
		sct_csv_str(c, NULL);
	else
		sct_csv_u64(c, ns);
}

static void csv_heading(struct sct_csv *c, bool name)
{
	static const char *const cols[] = {
		"calls", "share", "kernel", "user", "denied", "unknown_location",
		"incomplete", "min_ns", "p50_ns", "p90_ns", "p99_ns", "p999_ns",
		"max_ns", "mean_ns", "out_p50_ns", "out_p99_ns", "back_p50_ns",
		"back_p99_ns", "total_ns", "time_share", "calls_per_s", "p99_p50",
	};
	size_t i;

	sct_csv_str(c, "key");
	if (name)
		sct_csv_str(c, "name");
	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		sct_csv_str(c, cols[i]);
	sct_csv_end_row(c);
}

static void csv_group(struct sct_csv *c, const struct report_view *v,
		      const struct sct_group *g)
{
	char pct[REPORT_BUFSZ], rate[REPORT_BUFSZ], spread[REPORT_BUFSZ];
	const struct sct_summary *s = &g->total_sum;

	sct_csv_str(c, g->key);
	if (v->report->by == SCT_GROUP_BY_FUNCTION)
		sct_csv_str(c, report_group_name(g));
	sct_csv_u64(c, g->calls);
	sct_csv_str(c, report_share(v, g, 4, true, pct));
	sct_csv_u64(c, g->by_location[SCT_LOC_KERNEL]);
	sct_csv_u64(c, g->by_location[SCT_LOC_USER]);
	sct_csv_u64(c, g->by_location[SCT_LOC_DENIED]);
	sct_csv_u64(c, g->by_location[SCT_LOC_UNKNOWN]);
	sct_csv_u64(c, g->incomplete);
	csv_ns(c, s->min);
	csv_ns(c, s->p50);
	csv_ns(c, s->p90);
	csv_ns(c, s->p99);
	csv_ns(c, s->p999);
	csv_ns(c, s->max);
	csv_ns(c, s->mean);
	csv_ns(c, g->out_sum.p50);
	csv_ns(c, g->out_sum.p99);
	csv_ns(c, g->back_sum.p50);
	csv_ns(c, g->back_sum.p99);
	sct_csv_u64(c, sct_group_total_ns(g));
	sct_csv_str(c, report_time_share(v, g, 4, true, pct));
	sct_csv_str(c, v->duration_ns ? calls_per_s(v, g, rate) : NULL);
	sct_csv_str(c, has_spread(g) ? report_spread(g, 2, true, spread) : NULL);
	sct_csv_end_row(c);
}

/*
 * With --hist, the CSV holds the histograms: one row per bucket from the
 * first nonempty one to the last
 */
static void csv_hist(struct sct_csv *c, const struct sct_group *g)
{
	unsigned int k, first, last;
	uint64_t lo, hi;

	if (!report_hist_span(g, &first, &last))
		return;
	for (k = first; k <= last; k++) {
		sct_hist_bounds(k, &lo, &hi);
		sct_csv_str(c, g->key);
		sct_csv_u64(c, lo);
		sct_csv_u64(c, hi);
		sct_csv_u64(c, g->hist.count[k]);
		sct_csv_end_row(c);
	}
}

void report_print_csv(FILE *out, const struct report_view *v)
{
	const struct sct_groups *r = v->report;
	struct sct_csv c;
	size_t i;

	sct_csv_init(&c, out);
	if (v->hist) {
		fputs("key,lo_ns,hi_ns,count\n", out);
		for (i = 0; i < r->nr; i++)
			csv_hist(&c, r->groups[i]);
		return;
	}
	csv_heading(&c, r->by == SCT_GROUP_BY_FUNCTION);
	for (i = 0; i < r->nr; i++)
		csv_group(&c, v, r->groups[i]);
}

/* ---- JSON ---- */

static void json_ns(struct sct_json *j, const char *key, uint64_t ns)
{
	if (ns == SCT_STATS_NONE)
		sct_json_null(j, key);
	else
		sct_json_u64(j, key, ns);
}

static void json_forwarded(struct sct_json *j, const struct sct_group *g)
{
	sct_json_begin_object(j, "forwarded");
	sct_json_u64(j, "timed", g->out_sum.n);
	json_ns(j, "out_p50_ns", g->out_sum.p50);
	json_ns(j, "out_p99_ns", g->out_sum.p99);
	json_ns(j, "out_mean_ns", g->out_sum.mean);
	json_ns(j, "back_p50_ns", g->back_sum.p50);
	json_ns(j, "back_p99_ns", g->back_sum.p99);
	json_ns(j, "back_mean_ns", g->back_sum.mean);
	if (g->vmm_sum.n) {
		sct_json_u64(j, "vmm_timed", g->vmm_sum.n);
		json_ns(j, "vmm_p50_ns", g->vmm_sum.p50);
		json_ns(j, "vmm_p99_ns", g->vmm_sum.p99);
	}
	sct_json_end_object(j);
}

static void json_hist(struct sct_json *j, const struct sct_group *g)
{
	unsigned int k, first, last = 0;
	uint64_t lo, hi;

	sct_json_begin_array(j, "hist");
	for (k = report_hist_span(g, &first, &last) ? first : 1; k <= last; k++) {
		sct_hist_bounds(k, &lo, &hi);
		sct_json_begin_object(j, NULL);
		sct_json_u64(j, "lo_ns", lo);
		sct_json_u64(j, "hi_ns", hi);
		sct_json_u64(j, "count", g->hist.count[k]);
		sct_json_end_object(j);
	}
	sct_json_end_array(j);
}

static void json_group(struct sct_json *j, const struct report_view *v,
		       const struct sct_group *g)
{
	char pct[REPORT_BUFSZ], rate[REPORT_BUFSZ], spread[REPORT_BUFSZ];
	const struct sct_summary *s = &g->total_sum;

	sct_json_begin_object(j, NULL);
	sct_json_str(j, "key", g->key);
	if (v->report->by == SCT_GROUP_BY_FUNCTION)
		sct_json_str(j, "name", report_group_name(g));
	sct_json_u64(j, "calls", g->calls);
	sct_json_raw(j, "share", report_share(v, g, 4, true, pct));
	sct_json_u64(j, "kernel", g->by_location[SCT_LOC_KERNEL]);
	sct_json_u64(j, "user", g->by_location[SCT_LOC_USER]);
	sct_json_u64(j, "denied", g->by_location[SCT_LOC_DENIED]);
	sct_json_u64(j, "unknown_location", g->by_location[SCT_LOC_UNKNOWN]);
	sct_json_u64(j, "incomplete", g->incomplete);
	json_ns(j, "min_ns", s->min);
	json_ns(j, "p50_ns", s->p50);
	json_ns(j, "p90_ns", s->p90);
	json_ns(j, "p99_ns", s->p99);
	json_ns(j, "p999_ns", s->p999);
	json_ns(j, "max_ns", s->max);
	json_ns(j, "mean_ns", s->mean);
	sct_json_u64(j, "total_ns", sct_group_total_ns(g));
	sct_json_raw(j, "time_share", report_time_share(v, g, 4, true, pct));
	if (v->duration_ns)
		sct_json_raw(j, "calls_per_s", calls_per_s(v, g, rate));
	else
		sct_json_null(j, "calls_per_s");
	if (has_spread(g))
		sct_json_raw(j, "p99_p50", report_spread(g, 2, true, spread));
	else
		sct_json_null(j, "p99_p50");
	if (g->by_location[SCT_LOC_USER])
		json_forwarded(j, g);
	if (v->hist)
		json_hist(j, g);
	sct_json_end_object(j);
}

static void json_session(struct sct_json *j, const struct report_view *v)
{
	const struct sct_session *s = v->session;

	sct_json_i64(j, "session", s->id);
	if (v->sessions)
		sct_json_str(j, "sessions", v->sessions);
	sct_json_str(j, "source", s->source);
	sct_json_str(j, "kind", s->kind);
	sct_json_str(j, "by", sct_group_by_names[v->report->by]);
	sct_json_u64(j, "calls", s->calls);
	sct_json_u64(j, "kernel", s->kernel_calls);
	sct_json_u64(j, "user", s->forwarded);
	sct_json_u64(j, "denied", s->denied);
	sct_json_u64(j, "unknown_location", s->unknown);
	sct_json_u64(j, "incomplete", s->incomplete);
	sct_json_u64(j, "lost_events", s->lost_events);
	if (v->duration_ns)
		sct_json_u64(j, "duration_ns", v->duration_ns);
	else
		sct_json_null(j, "duration_ns");
	sct_json_u64(j, "total_ns", v->total_ns);
	if (v->selected)
		sct_json_u64(j, "selected", v->report->calls);
	sct_json_bool(j, "filter_known", s->filter_json != NULL);
	sct_json_u64(j, "vms", v->vms);
	sct_json_u64(j, "vm_filters", v->vm_filters);
	sct_json_begin_object(j, "exits");
	sct_json_u64(j, "total", v->report->exits_total);
	sct_json_u64(j, "smccc", v->report->exits_smccc);
	sct_json_end_object(j);
}

void report_print_json(FILE *out, const struct report_view *v)
{
	struct sct_json j;
	size_t i;

	sct_json_init(&j, out);
	sct_json_begin_object(&j, NULL);
	json_session(&j, v);
	sct_json_begin_array(&j, "groups");
	for (i = 0; i < v->report->nr; i++)
		json_group(&j, v, v->report->groups[i]);
	sct_json_end_array(&j);
	sct_json_end_object(&j);
}

