// SPDX-License-Identifier: GPL-2.0
/*
 * smccctrace report: printing the groups as a table, CSV or JSON.
 */
#include <inttypes.h>
#include <string.h>

#include <smccctrace/call.h>
#include <smccctrace/output.h>
#include <smccctrace/smccc.h>

#include "report.h"

#define SHARE_BUFSZ	32
#define BAR_WIDTH	40
#define NR_GROUP_COLS	16	/* with every optional column */

static const char *group_name(const struct sct_group *g)
{
	return g->has_id ? sct_function_name(g->func_id) : NULL;
}

static const char *share(const struct report_view *v, const struct sct_group *g,
			 unsigned int decimals, bool trim, char *buf)
{
	return sct_format_percent(g->calls, v->report->calls, decimals, trim,
				  buf, SHARE_BUFSZ);
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

/* Which optional columns the group table has */
struct columns {
	bool	name;
	bool	unknown;
	bool	incomplete;
};

static const char *ns_text(uint64_t ns, char *buf)
{
	return sct_format_ns(ns, buf, SCT_NS_BUFSZ);
}

static void print_header(FILE *out, const struct report_view *v)
{
	const struct sct_session *s = v->session;
	const struct sct_groups *r = v->report;
	char pct[SHARE_BUFSZ];

	if (v->sessions)
		fprintf(out, "sessions %s (%s): %s\n", v->sessions, s->kind ? s->kind : "?",
			s->source ? s->source : "?");
	else
		fprintf(out, "session %" PRId64 " (%s): %s\n", s->id, s->kind ? s->kind : "?",
			s->source ? s->source : "?");
	fprintf(out, "calls: %" PRIu64 " (%" PRIu64 " forwarded, %" PRIu64 " kernel, %"
		PRIu64 " denied, %" PRIu64 " unknown), %" PRIu64 " incomplete, %" PRIu64
		" events lost\n", s->calls, s->forwarded, s->kernel_calls, s->denied,
		s->unknown, s->incomplete, s->lost_events);
	if (r->exits_total)
		fprintf(out, "exits: %" PRIu64 " kvm_exit, %" PRIu64 " of them SMCCC calls (%s%%)\n",
			r->exits_total, r->exits_smccc,
			sct_format_percent(r->exits_smccc, r->exits_total, 1, false,
					   pct, sizeof(pct)));
	else
		fprintf(out, "exits: none recorded\n");
	if (v->selected)
		fprintf(out, "selected: %" PRIu64 " of these calls\n", r->calls);
	if (!s->filter_json)
		fprintf(out, "filter unknown: denied calls are counted as kernel\n");
	if (v->vm_filters > 1)
		fprintf(out, "VMs: %" PRIu64 ", with %" PRIu64 " different SMCCC filters: "
			"each call was placed by its own VM's (the vms table)\n",
			v->vms, v->vm_filters);
}

static int group_heading(struct sct_table *t, const struct columns *c)
{
	static const char *const counts[] = {
		"CALLS", "SHARE", "KERNEL", "USER", "DENIED", NULL,
	};
	static const char *const stats[] = {
		"MIN", "P50", "P90", "P99", "P99.9", "MAX", "MEAN", NULL,
	};
	unsigned int col;
	int err = sct_table_add_row(t);

	err |= sct_table_cell(t, "KEY");
	if (c->name)
		err |= sct_table_cell(t, "NAME");
	err |= cells(t, counts);
	if (c->unknown)
		err |= sct_table_cell(t, "UNKNOWN");
	if (c->incomplete)
		err |= sct_table_cell(t, "INCOMPLETE");
	err |= cells(t, stats);
	/* everything but the key and the name is a number */
	for (col = 1 + c->name; col < NR_GROUP_COLS; col++)
		sct_table_align(t, col, SCT_ALIGN_RIGHT);
	return err;
}

static int group_row(struct sct_table *t, const struct columns *c,
		     const struct report_view *v, const struct sct_group *g)
{
	const struct sct_summary *s = &g->total_sum;
	char b[7][SCT_NS_BUFSZ], pct[SHARE_BUFSZ];
	const char *name = group_name(g);
	int err = sct_table_add_row(t);

	err |= sct_table_cell(t, "%s", g->key);
	if (c->name)
		err |= sct_table_cell(t, "%s", name ? name : "-");
	err |= sct_table_cell(t, "%" PRIu64, g->calls);
	err |= sct_table_cell(t, "%s%%", share(v, g, 1, false, pct));
	err |= sct_table_cell(t, "%" PRIu64, g->by_location[SCT_LOC_KERNEL]);
	err |= sct_table_cell(t, "%" PRIu64, g->by_location[SCT_LOC_USER]);
	err |= sct_table_cell(t, "%" PRIu64, g->by_location[SCT_LOC_DENIED]);
	if (c->unknown)
		err |= sct_table_cell(t, "%" PRIu64, g->by_location[SCT_LOC_UNKNOWN]);
	if (c->incomplete)
		err |= sct_table_cell(t, "%" PRIu64, g->incomplete);
	err |= sct_table_cell(t, "%s", ns_text(s->min, b[0]));
	err |= sct_table_cell(t, "%s", ns_text(s->p50, b[1]));
	err |= sct_table_cell(t, "%s", ns_text(s->p90, b[2]));
	err |= sct_table_cell(t, "%s", ns_text(s->p99, b[3]));
	err |= sct_table_cell(t, "%s", ns_text(s->p999, b[4]));
	err |= sct_table_cell(t, "%s", ns_text(s->max, b[5]));
	err |= sct_table_cell(t, "%s", ns_text(s->mean, b[6]));
	return err;
}

static int print_groups(FILE *out, const struct report_view *v)
{
	const struct sct_session *s = v->session;
	struct columns c = {
		.name = v->report->by == SCT_GROUP_BY_FUNCTION,
		.unknown = s->unknown != 0,
		.incomplete = s->incomplete != 0,
	};
	struct sct_table *t;
	size_t i;
	int err;

	t = sct_table_create(13 + c.name + c.unknown + c.incomplete);
	if (!t)
		return -1;
	err = group_heading(t, &c);
	for (i = 0; i < v->report->nr && !err; i++)
		err = group_row(t, &c, v, v->report->groups[i]);
	if (!err)
		sct_table_print(t, out);
	sct_table_free(t);
	return err;
}

static int forwarded_row(struct sct_table *t, const struct sct_group *g, bool vmm,
			 bool names)
{
	char b[6][SCT_NS_BUFSZ];
	const char *name = group_name(g);
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
static bool any_vmm(const struct sct_groups *r)
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
	bool vmm = any_vmm(r), names = r->by == SCT_GROUP_BY_FUNCTION;
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
	for (i = 0; i < r->nr && !err; i++)
		if (r->groups[i]->by_location[SCT_LOC_USER])
			err = forwarded_row(t, r->groups[i], vmm, names);
	if (!err) {
		fprintf(out, "\nforwarded calls: kernel out = kvm_exit -> kvm_userspace_exit, "
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
static bool hist_span(const struct sct_group *g, unsigned int *first, unsigned int *last)
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

	if (!g->total.nr || !hist_span(g, &first, &last))
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

	print_header(out, v);
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

/* ---- CSV ---- */

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
		"back_p99_ns",
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
	const struct sct_summary *s = &g->total_sum;
	char pct[SHARE_BUFSZ];

	sct_csv_str(c, g->key);
	if (v->report->by == SCT_GROUP_BY_FUNCTION)
		sct_csv_str(c, group_name(g));
	sct_csv_u64(c, g->calls);
	sct_csv_str(c, share(v, g, 4, true, pct));
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

	if (!hist_span(g, &first, &last))
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

static void print_csv(FILE *out, const struct report_view *v)
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
	for (k = hist_span(g, &first, &last) ? first : 1; k <= last; k++) {
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
	const struct sct_summary *s = &g->total_sum;
	char pct[SHARE_BUFSZ];

	sct_json_begin_object(j, NULL);
	sct_json_str(j, "key", g->key);
	if (v->report->by == SCT_GROUP_BY_FUNCTION)
		sct_json_str(j, "name", group_name(g));
	sct_json_u64(j, "calls", g->calls);
	sct_json_raw(j, "share", share(v, g, 4, true, pct));
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

static void print_json(FILE *out, const struct report_view *v)
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
		print_csv(out, v);
		return 0;
	case SCT_FORMAT_JSON:
		print_json(out, v);
		return 0;
	case SCT_FORMAT_TABLE:
	default:
		return print_table(out, v);
	}
}
