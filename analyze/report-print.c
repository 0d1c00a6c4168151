// SPDX-License-Identifier: GPL-2.0
/*
 * smccctrace report: the figures every format shares, and the table.
 */
#include <inttypes.h>
#include <string.h>

#include <smccctrace/call.h>
#include <smccctrace/output.h>
#include <smccctrace/smccc.h>

#include "report.h"

#define BAR_WIDTH	40

const struct sct_column report_columns[RC_NR] = {
	[RC_KEY]	= { "KEY", "the group: range, owner, function ID, vCPU or location",
			    SCT_ALIGN_LEFT },
	[RC_NAME]	= { "NAME", "the function's name (--by function)", SCT_ALIGN_LEFT },
	[RC_CALLS]	= { "CALLS", "calls, incomplete ones included", SCT_ALIGN_RIGHT },
	[RC_SHARE]	= { "SHARE", "the group's share of the calls", SCT_ALIGN_RIGHT },
	[RC_RATE]	= { "CALLS/S", "calls per second of the session's length",
			    SCT_ALIGN_RIGHT },
	[RC_KERNEL]	= { "KERNEL", "calls KVM answered", SCT_ALIGN_RIGHT },
	[RC_USER]	= { "USER", "calls forwarded to the VMM", SCT_ALIGN_RIGHT },
	[RC_DENIED]	= { "DENIED", "calls the SMCCC filter denied", SCT_ALIGN_RIGHT },
	[RC_UNKNOWN]	= { "UNKNOWN", "calls answered where the trace does not say",
			    SCT_ALIGN_RIGHT },
	[RC_INCOMPLETE]	= { "INCOMPLETE", "calls without an end in the trace", SCT_ALIGN_RIGHT },
	[RC_TOTAL]	= { "TOTAL", "the latencies of the group's calls, added",
			    SCT_ALIGN_RIGHT },
	[RC_TIME]	= { "TIME%", "the group's share of the time all calls took",
			    SCT_ALIGN_RIGHT },
	[RC_MIN]	= { "MIN", "the shortest latency", SCT_ALIGN_RIGHT },
	[RC_P50]	= { "P50", "the median latency", SCT_ALIGN_RIGHT },
	[RC_P90]	= { "P90", "the 90th percentile latency", SCT_ALIGN_RIGHT },
	[RC_P99]	= { "P99", "the 99th percentile latency", SCT_ALIGN_RIGHT },
	[RC_P999]	= { "P99.9", "the 99.9th percentile latency", SCT_ALIGN_RIGHT },
	[RC_MAX]	= { "MAX", "the longest latency", SCT_ALIGN_RIGHT },
	[RC_MEAN]	= { "MEAN", "the mean latency", SCT_ALIGN_RIGHT },
	[RC_SPREAD]	= { "P99/P50", "the spread: P99 over P50 (1.0: no tail)",
			    SCT_ALIGN_RIGHT },
};

/* The function's name of a group by function ID, else NULL */
const char *report_group_name(const struct sct_group *g)
{
	return g->has_id ? sct_function_name(g->func_id) : NULL;
}

/* The group's share of the calls, in percent */
const char *report_share(const struct report_view *v, const struct sct_group *g,
			 unsigned int decimals, bool trim, char *buf)
{
	return sct_format_percent(g->calls, v->report->calls, decimals, trim,
				  buf, REPORT_BUFSZ);
}

/* The group's share of the latency of all the calls, in percent */
const char *report_time_share(const struct report_view *v, const struct sct_group *g,
			      unsigned int decimals, bool trim, char *buf)
{
	return sct_format_percent(sct_group_total_ns(g), v->total_ns, decimals, trim,
				  buf, REPORT_BUFSZ);
}

/* P99 / P50 of the group's latencies; "-" without complete calls or with P50 0 */
const char *report_spread(const struct sct_group *g, unsigned int decimals, bool trim,
			  char *buf)
{
	return sct_format_spread(&g->total_sum, decimals, trim, buf, REPORT_BUFSZ);
}

/* ---- table ---- */

/* Cells from a NULL-terminated list, in order */
static int cells(struct sct_table *t, const char *const *texts)
{
	int err = 0;

	for (; *texts && !err; texts++)
		err = sct_table_cell(t, "%s", *texts);
	return err;
}

static const char *ns_text(uint64_t ns, char *buf)
{
	return sct_format_ns(ns, buf, SCT_NS_BUFSZ);
}

/* The lines above the tables: sessions, calls, exits, length, notes */
void report_print_header(FILE *out, const struct report_view *v)
{
	const struct sct_session *s = v->session;
	const struct sct_groups *r = v->report;
	char pct[REPORT_BUFSZ], len[SCT_NS_BUFSZ], rate[SCT_NS_BUFSZ], total[SCT_NS_BUFSZ];

	if (v->sessions)
		fprintf(out, "sessions %s (%s): %s\n", v->sessions, s->kind ? s->kind : "?",
			s->source ? s->source : "?");
	else
		fprintf(out, "session %" PRId64 " (%s): %s\n", s->id, s->kind ? s->kind : "?",
			s->source ? s->source : "?");
	/* the header's lines fit 80 columns too */
	fprintf(out, "calls: %" PRIu64 " (%" PRIu64 " forwarded, %" PRIu64 " kernel, %"
		PRIu64 " denied, %" PRIu64 " unknown), %" PRIu64 " incomplete\n",
		s->calls, s->forwarded, s->kernel_calls, s->denied, s->unknown, s->incomplete);
	if (r->exits_total)
		fprintf(out, "exits: %" PRIu64 " kvm_exit, %" PRIu64 " of them SMCCC calls (%s%%), ",
			r->exits_total, r->exits_smccc,
			sct_format_percent(r->exits_smccc, r->exits_total, 1, false,
					   pct, sizeof(pct)));
	else
		fprintf(out, "exits: none recorded, ");
	fprintf(out, "%" PRIu64 " events lost\n", s->lost_events);
	if (v->duration_ns)
		fprintf(out, "length: %s, %s calls/s; time in calls: %s\n",
			sct_format_ns(v->duration_ns, len, sizeof(len)),
			sct_format_rate(r->calls, v->duration_ns, rate, sizeof(rate)),
			sct_format_ns(v->total_ns, total, sizeof(total)));
	else
		fprintf(out, "length: unknown; time in calls: %s\n",
			sct_format_ns(v->total_ns, total, sizeof(total)));
	if (v->selected)
		fprintf(out, "selected: %" PRIu64 " of these calls\n", r->calls);
	if (!s->filter_json)
		fprintf(out, "filter unknown: denied calls are counted as kernel\n");
	if (v->vm_filters > 1)
		fprintf(out, "VMs: %" PRIu64 ", with %" PRIu64 " different SMCCC filters: "
			"each call was placed by its own VM's (the vms table)\n",
			v->vms, v->vm_filters);
}

/* The text of one column of a group's row, in @buf or a constant */
const char *report_group_cell(const struct report_view *v, const struct sct_group *g,
			      enum report_col col, char *buf)
{
	const struct sct_summary *s = &g->total_sum;
	const char *name;

	switch (col) {
	case RC_KEY:		return g->key;
	case RC_NAME:		name = report_group_name(g);
				return name ? name : "-";
	case RC_CALLS:		snprintf(buf, REPORT_BUFSZ, "%" PRIu64, g->calls);
				return buf;
	case RC_SHARE:		return strcat((char *)report_share(v, g, 1, false, buf), "%");
	case RC_RATE:		return sct_format_rate(g->calls, v->duration_ns, buf,
						       REPORT_BUFSZ);
	case RC_KERNEL:
	case RC_USER:
	case RC_DENIED:
	case RC_UNKNOWN:	snprintf(buf, REPORT_BUFSZ, "%" PRIu64,
					 g->by_location[col - RC_KERNEL + SCT_LOC_KERNEL]);
				return buf;
	case RC_INCOMPLETE:	snprintf(buf, REPORT_BUFSZ, "%" PRIu64, g->incomplete);
				return buf;
	case RC_TOTAL:		return ns_text(sct_group_total_ns(g), buf);
	case RC_TIME:		return strcat((char *)report_time_share(v, g, 1, false, buf), "%");
	case RC_MIN:		return ns_text(s->min, buf);
	case RC_P50:		return ns_text(s->p50, buf);
	case RC_P90:		return ns_text(s->p90, buf);
	case RC_P99:		return ns_text(s->p99, buf);
	case RC_P999:		return ns_text(s->p999, buf);
	case RC_MAX:		return ns_text(s->max, buf);
	case RC_MEAN:		return ns_text(s->mean, buf);
	case RC_SPREAD:		return report_spread(g, 1, false, buf);
	default:		return "";
	}
}

static int group_row(struct sct_table *t, const struct report_view *v,
		     const struct sct_group *g)
{
	const struct sct_columns *c = v->columns;
	char buf[REPORT_BUFSZ];
	int err = sct_table_add_row(t);
	size_t i;

	for (i = 0; i < c->nr && !err; i++)
		err = sct_table_cell(t, "%s", report_group_cell(v, g, (enum report_col)c->id[i], buf));
	return err;
}

static int print_groups(FILE *out, const struct report_view *v)
{
	int name = sct_columns_find(v->columns, RC_NAME);
	struct sct_table *t;
	size_t i;
	int err = 0;

	t = sct_columns_table(v->columns);
	if (!t)
		return -1;
	/* with the default columns, the names give way to fit 80 wide */
	if (name >= 0 && v->fit)
		sct_table_fit(t, REPORT_WIDTH, (unsigned int)name);
	for (i = 0; i < v->report->nr && !err; i++)
		err = group_row(t, v, v->report->groups[i]);
	if (!err)
		sct_table_print(t, out);
	sct_table_free(t);
	return err;
}

static int forwarded_row(struct sct_table *t, const struct sct_group *g, bool vmm,
			 bool names)
{
	char b[6][SCT_NS_BUFSZ];
	const char *name = report_group_name(g);
	int err = sct_table_add_row(t);

	err |= sct_table_cell(t, "%s", g->key);
	if (names)
		err |= sct_table_cell(t, "%s", name ? name : "-");
	err |= sct_table_cell(t, "%" PRIu64, g->by_location[SCT_LOC_USER]);
	err |= sct_table_cell(t, "%s", ns_text(g->out_sum.p50, b[0]));
	err |= sct_table_cell(t, "%s", ns_text(g->out_sum.p99, b[1]));
	err |= sct_table_cell(t, "%s", ns_text(g->back_sum.p50, b[2]));
	err |= sct_table_cell(t, "%s", ns_text(g->back_sum.p99, b[3]));
	if (vmm) {
		err |= sct_table_cell(t, "%s", ns_text(g->vmm_sum.p50, b[4]));
		err |= sct_table_cell(t, "%s", ns_text(g->vmm_sum.p99, b[5]));
	}
	return err;
}

/* Whether the preload shim timed the VMM for any group */
bool report_any_vmm(const struct sct_groups *r)
{
	size_t i;

	for (i = 0; i < r->nr; i++)
		if (r->groups[i]->vmm_sum.n)
			return true;
	return false;
}

static int print_forwarded(FILE *out, const struct report_view *v)
{
	static const char *const heading[] = {
		"KEY", "FORWARDED", "OUT P50", "OUT P99", "BACK P50", "BACK P99",
		"VMM P50", "VMM P99", NULL,
	};
	const struct sct_groups *r = v->report;
	bool vmm = report_any_vmm(r), names = r->by == SCT_GROUP_BY_FUNCTION;
	unsigned int col, ncols = vmm ? 8 : 6;
	struct sct_table *t;
	size_t i;
	int err;

	if (!v->session->forwarded)
		return 0;
	t = sct_table_create(ncols + names);
	if (!t)
		return -1;
	err = sct_table_add_row(t) || sct_table_cell(t, "%s", heading[0]);
	if (names && !err)
		err = sct_table_cell(t, "NAME");
	for (col = 1; col < ncols && !err; col++)
		err = sct_table_cell(t, "%s", heading[col]);
	for (col = 1 + names; col < ncols + names; col++)
		sct_table_align(t, col, SCT_ALIGN_RIGHT);
	if (names && v->fit)
		sct_table_fit(t, REPORT_WIDTH, 1);
	for (i = 0; i < r->nr && !err; i++)
		if (r->groups[i]->by_location[SCT_LOC_USER])
			err = forwarded_row(t, r->groups[i], vmm, names);
	if (!err) {
		fprintf(out, "\nforwarded calls: kernel out = kvm_exit -> kvm_userspace_exit,\n"
			"userspace and back = kvm_userspace_exit -> kvm_entry%s\n",
			vmm ? ",\nVMM = KVM_RUN's return to the next KVM_RUN, as the preload shim saw it" : "");
		sct_table_print(t, out);
	}
	sct_table_free(t);
	return err;
}

static int hist_row(struct sct_table *t, unsigned int bucket, uint64_t count,
		    uint64_t most)
{
	char lo_text[SCT_NS_BUFSZ], hi_text[SCT_NS_BUFSZ];
	char bar[BAR_WIDTH + 1];
	uint64_t lo, hi, len;
	int err;

	/* [FROM, BELOW): the last bucket's end does not fit in 64 bits */
	sct_hist_bounds(bucket, &lo, &hi);
	if (hi != UINT64_MAX)
		hi++;
	/* a bucket with calls gets at least one mark, an empty one none */
	len = count * BAR_WIDTH / most;
	if (!len && count)
		len = 1;
	memset(bar, '#', len);
	bar[len] = '\0';
	err = sct_table_add_row(t);
	err |= sct_table_cell(t, "%s", sct_format_ns(lo, lo_text, sizeof(lo_text)));
	err |= sct_table_cell(t, "%s", sct_format_ns(hi, hi_text, sizeof(hi_text)));
	err |= sct_table_cell(t, "%" PRIu64, count);
	err |= sct_table_cell(t, "%s", bar);
	return err;
}

/*
 * The first and last nonempty buckets: a histogram shows every bucket
 * between them, empty ones too. Returns false when all are empty.
 */
bool report_hist_span(const struct sct_group *g, unsigned int *first, unsigned int *last)
{
	unsigned int k;

	*first = SCT_HIST_BUCKETS;
	for (k = 0; k < SCT_HIST_BUCKETS; k++) {
		if (!g->hist.count[k])
			continue;
		if (*first == SCT_HIST_BUCKETS)
			*first = k;
		*last = k;
	}
	return *first < SCT_HIST_BUCKETS;
}

static int print_hist(FILE *out, const struct sct_group *g)
{
	static const char *const heading[] = { "FROM", "BELOW", "COUNT", NULL };
	unsigned int k, first, last;
	struct sct_table *t;
	uint64_t most = 0;
	int err;

	if (!g->total.nr || !report_hist_span(g, &first, &last))
		return 0;
	for (k = 0; k < SCT_HIST_BUCKETS; k++)
		if (g->hist.count[k] > most)
			most = g->hist.count[k];
	t = sct_table_create(4);
	if (!t)
		return -1;
	sct_table_align(t, 0, SCT_ALIGN_RIGHT);
	sct_table_align(t, 1, SCT_ALIGN_RIGHT);
	sct_table_align(t, 2, SCT_ALIGN_RIGHT);
	err = sct_table_add_row(t) || cells(t, heading);
	for (k = first; k <= last && !err; k++)
		err = hist_row(t, k, g->hist.count[k], most);
	if (!err) {
		fprintf(out, "\nlatency histogram of %s (%zu call%s, log2 buckets)\n",
			g->key, g->total.nr, g->total.nr == 1 ? "" : "s");
		sct_table_print(t, out);
	}
	sct_table_free(t);
	return err;
}

static int print_table(FILE *out, const struct report_view *v)
{
	size_t i;
	int err;

	report_print_header(out, v);
	fputc('\n', out);
	if (!v->report->nr) {
		fprintf(out, "no calls\n");
		return 0;
	}
	err = print_groups(out, v) || print_forwarded(out, v);
	for (i = 0; i < v->report->nr && v->hist && !err; i++)
		err = print_hist(out, v->report->groups[i]);
	return err;
}

/**
 * report_print - print a finished report
 * @out: the stream
 * @format: table, CSV or JSON
 * @v: the session and its groups
 *
 * Returns 0, or -1 when out of memory (the table may then be cut short).
 */
int report_print(FILE *out, enum sct_format format, const struct report_view *v)
{
	switch (format) {
	case SCT_FORMAT_CSV:
		report_print_csv(out, v);
		return 0;
	case SCT_FORMAT_JSON:
		report_print_json(out, v);
		return 0;
	case SCT_FORMAT_TABLE:
	default:
		return print_table(out, v);
	}
}
