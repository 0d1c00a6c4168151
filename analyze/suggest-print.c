// SPDX-License-Identifier: GPL-2.0
/*
 * smccctrace suggest: printing a configuration with its predicted effect
 * (table, csv, json, a C initializer) and the verdicts of a check.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <smccctrace/output.h>
#include <smccctrace/smccc.h>

#include "suggest.h"

static const char *action_name(int64_t action)
{
	if (action < SCT_FILTER_HANDLE || action > SCT_FILTER_FWD_TO_USER)
		return NULL;
	return sct_filter_action_name((enum sct_filter_action)action);
}

static const char *range_action(const struct sct_filter_range *r)
{
	return sct_filter_action_name((enum sct_filter_action)r->action);
}

/*
 * The derived figures of a row, as text: "" where unknown (no session
 * length for the rates, no estimate for the latencies)
 */
struct row_text {
	char	changed_per_s[32];
	char	ns_per_call[32];
	char	added_ns_per_s[32];
};

static void row_text(const struct sct_prediction *p, const struct sct_predict_row *r,
		     struct row_text *t)
{
	double secs = p->duration_ns / 1e9;
	int64_t per_call = 0;

	memset(t, 0, sizeof(*t));
	if (p->duration_ns)
		snprintf(t->changed_per_s, sizeof(t->changed_per_s), "%.3f", r->changed / secs);
	if (!p->estimate)
		return;
	if (r->changed)
		per_call = r->delta_ns / (int64_t)r->changed;
	snprintf(t->ns_per_call, sizeof(t->ns_per_call), "%" PRId64, per_call);
	if (p->duration_ns)
		snprintf(t->added_ns_per_s, sizeof(t->added_ns_per_s), "%.3f",
			 r->delta_ns / secs);
}

static const char *service_of(uint32_t base)
{
	struct sct_id_info info;

	sct_decode(base, &info);
	return info.service ? info.service : info.owner_name;
}

static const char *no_estimate_why(const struct sct_prediction *p)
{
	if (p->fwd_median_ns == SCT_NO_TIME)
		return "the session has no forwarded calls";
	return "the session has no in-kernel calls";
}

/* @ns spread over @duration_ns, per second, rounded half up */
static int64_t per_second(int64_t ns, uint64_t duration_ns)
{
	__int128 v = (__int128)ns * 1000000000;

	v += v < 0 ? -(__int128)(duration_ns / 2) : (__int128)(duration_ns / 2);
	return (int64_t)(v / (__int128)duration_ns);
}

static void table_row(struct sct_table *t, const struct sct_prediction *p,
		      const struct sct_predict_row *r)
{
	char per_call[SCT_NS_BUFSZ], per_s[SCT_NS_BUFSZ], rate[SCT_NS_BUFSZ];

	sct_table_cell(t, "%" PRIu64 "%s", r->calls, r->uncertain ? "?" : "");
	sct_table_cell(t, "%" PRIu64, r->changed);
	sct_table_cell(t, "%s", p->duration_ns ?
		       sct_format_rate(r->changed, p->duration_ns, rate, sizeof(rate)) : "n/a");
	if (!p->estimate) {
		sct_table_cell(t, "n/a");
		sct_table_cell(t, "n/a");
		return;
	}
	/* no call changed: no change per call */
	sct_table_cell(t, "%s", r->changed ?
		       sct_format_ns_signed(r->delta_ns / (int64_t)r->changed,
					    per_call, sizeof(per_call)) : "-");
	if (p->duration_ns)
		sct_table_cell(t, "%s/s", sct_format_ns_signed(per_second(r->delta_ns, p->duration_ns),
							       per_s, sizeof(per_s)));
	else
		sct_table_cell(t, "n/a");
}

static void table_heading(FILE *out, const struct sct_prediction *p,
			  const struct suggest_source *src)
{
	char fwd[SCT_NS_BUFSZ], kernel[SCT_NS_BUFSZ], dur[SCT_NS_BUFSZ];

	fprintf(out, "session %" PRId64 ": %" PRIu64 " calls", src->session, src->calls);
	if (p->duration_ns)
		fprintf(out, " in %s", sct_format_ns(p->duration_ns, dur, sizeof(dur)));
	fputc('\n', out);
	if (p->estimate)
		fprintf(out, "median latency: forwarded %s, in the kernel %s\n\n",
			sct_format_ns(p->fwd_median_ns, fwd, sizeof(fwd)),
			sct_format_ns(p->kernel_median_ns, kernel, sizeof(kernel)));
	else
		fprintf(out, "latency estimate unavailable: %s\n\n", no_estimate_why(p));
}

/* Text in lines of at most 79 columns, broken at spaces, the first after @first */
static void print_wrapped(FILE *out, const char *first, const char *next, const char *text)
{
	const char *prefix = first, *end, *space;
	size_t room;

	while (*text) {
		room = 79 - strlen(prefix);
		end = text + strlen(text);
		if ((size_t)(end - text) > room) {
			for (space = text + room; space > text && *space != ' '; space--)
				;
			if (space > text)
				end = space;
		}
		fprintf(out, "%s%.*s\n", prefix, (int)(end - text), text);
		text = *end ? end + 1 : end;
		prefix = next;
	}
}

/* The notes as paragraphs, plain or as C comments */
static void print_notes(FILE *out, bool c, const struct sct_prediction *p,
			const struct suggest_source *src)
{
	struct suggest_note notes[SUGGEST_MAX_NOTES];
	size_t i, n;

	n = suggest_notes(p, src, notes);
	for (i = 0; i < n; i++) {
		print_wrapped(out, c ? "/* " : "", c ? " * " : "  ", notes[i].text);
		if (c)
			fputs(" */\n", out);
	}
}

static int print_table(FILE *out, const struct sct_filter *flt,
		       const struct sct_prediction *p, const struct suggest_source *src)
{
	static const char *const heads[] = {
		"BASE", "LAST", "ACTION", "SERVICE", "CALLS", "CHANGED", "CHANGED/S",
		"CHANGE/CALL", "HOST TIME/S",
	};
	const struct sct_filter_range *r;
	struct sct_table *t;
	unsigned int c;
	size_t i;

	t = sct_table_create(9);
	if (!t)
		return -1;
	for (c = 4; c < 9; c++)
		sct_table_align(t, c, SCT_ALIGN_RIGHT);
	sct_table_add_row(t);
	for (c = 0; c < 9; c++)
		sct_table_cell(t, "%s", heads[c]);
	for (i = 0; i < p->nr_rows; i++) {
		r = sct_filter_get(flt, i);
		sct_table_add_row(t);
		sct_table_cell(t, "0x%08x", r->base);
		sct_table_cell(t, "0x%08x", r->base + r->nr_functions - 1);
		sct_table_cell(t, "%s", range_action(r));
		sct_table_cell(t, "%s", service_of(r->base));
		table_row(t, p, &p->rows[i]);
	}
	sct_table_add_row(t);
	sct_table_cell(t, "(in no range)");
	for (c = 1; c < 4; c++)
		sct_table_cell(t, "%s", "");
	table_row(t, p, &p->outside);
	sct_table_add_row(t);
	sct_table_cell(t, "total");
	for (c = 1; c < 4; c++)
		sct_table_cell(t, "%s", "");
	table_row(t, p, &p->total);
	table_heading(out, p, src);
	sct_table_print(t, out);
	sct_table_free(t);
	print_notes(out, false, p, src);
	return 0;
}

/* A figure as JSON: its text, or null when unknown */
static void json_figure(struct sct_json *j, const char *key, const char *text)
{
	if (*text)
		sct_json_raw(j, key, text);
	else
		sct_json_null(j, key);
}

static void json_row(struct sct_json *j, const struct sct_prediction *p,
		     const struct sct_predict_row *r)
{
	struct row_text txt;

	row_text(p, r, &txt);
	sct_json_u64(j, "calls", r->calls);
	sct_json_u64(j, "changed", r->changed);
	json_figure(j, "changed_per_s", txt.changed_per_s);
	json_figure(j, "latency_change_ns", txt.ns_per_call);
	json_figure(j, "added_ns_per_s", txt.added_ns_per_s);
	sct_json_bool(j, "uncertain", r->uncertain);
}

static void json_range(struct sct_json *j, const struct sct_filter_range *r)
{
	char base[16];

	snprintf(base, sizeof(base), "0x%08x", r->base);
	sct_json_str(j, "base", base);
	sct_json_u64(j, "nr_functions", r->nr_functions);
	sct_json_str(j, "action", range_action(r));
}

static void json_median(struct sct_json *j, const char *key, uint64_t ns)
{
	if (ns == SCT_NO_TIME)
		sct_json_null(j, key);
	else
		sct_json_u64(j, key, ns);
}

static void json_predicted(struct sct_json *j, const struct sct_prediction *p,
			   const struct suggest_source *src)
{
	size_t i;

	sct_json_begin_object(j, "predicted");
	sct_json_i64(j, "session", src->session);
	sct_json_u64(j, "calls", src->calls);
	json_median(j, "duration_ns", p->duration_ns ? p->duration_ns : SCT_NO_TIME);
	json_median(j, "forwarded_median_ns", p->fwd_median_ns);
	json_median(j, "kernel_median_ns", p->kernel_median_ns);
	sct_json_bool(j, "estimate", p->estimate);
	if (!p->estimate)
		sct_json_str(j, "why_no_estimate", no_estimate_why(p));
	sct_json_u64(j, "unknown_id_calls", p->unknown_id);
	sct_json_begin_object(j, "unknown_id_calls_at");
	sct_json_u64(j, "forwarded", p->unknown_id_at[SCT_LOC_USER]);
	sct_json_u64(j, "kernel", p->unknown_id_at[SCT_LOC_KERNEL]);
	sct_json_u64(j, "denied", p->unknown_id_at[SCT_LOC_DENIED]);
	sct_json_u64(j, "unknown", p->unknown_id_at[SCT_LOC_UNKNOWN]);
	sct_json_end_object(j);
	sct_json_u64(j, "unknown_location_calls", p->unknown_location);
	sct_json_begin_array(j, "ranges");
	for (i = 0; i < p->nr_rows; i++) {
		sct_json_begin_object(j, NULL);
		json_range(j, &p->rows[i].range);
		json_row(j, p, &p->rows[i]);
		sct_json_end_object(j);
	}
	sct_json_end_array(j);
	sct_json_begin_object(j, "outside");
	json_row(j, p, &p->outside);
	sct_json_end_object(j);
	sct_json_begin_object(j, "total");
	json_row(j, p, &p->total);
	sct_json_end_object(j);
	sct_json_end_object(j);
}

/* The ranges of the session's filter the suggestion kept, and why */
static void json_kept(struct sct_json *j, const struct suggest_source *src)
{
	const struct sct_filter_range *r;
	size_t i;

	sct_json_begin_array(j, "kept");
	for (i = 0; src->session_filter && i < sct_filter_count(src->session_filter); i++) {
		r = sct_filter_get(src->session_filter, i);
		if (r->action == SCT_FILTER_FWD_TO_USER && src->kept_forwarded) {
			sct_json_begin_object(j, NULL);
			json_range(j, r);
			sct_json_str(j, "why", "forwarded calls of unknown function ID");
			sct_json_end_object(j);
		} else if (r->action == SCT_FILTER_DENY && src->kept_deny) {
			sct_json_begin_object(j, NULL);
			json_range(j, r);
			sct_json_str(j, "why", "the session's DENY range");
			sct_json_end_object(j);
		}
	}
	sct_json_end_array(j);
}

static void print_json(FILE *out, const struct sct_filter *flt,
		       const struct sct_prediction *p, const struct suggest_source *src)
{
	struct suggest_note notes[SUGGEST_MAX_NOTES];
	struct sct_json j;
	size_t i, n;

	sct_json_init(&j, out);
	sct_json_begin_object(&j, NULL);
	sct_json_begin_array(&j, "filters");
	for (i = 0; i < sct_filter_count(flt); i++) {
		sct_json_begin_object(&j, NULL);
		json_range(&j, sct_filter_get(flt, i));
		sct_json_end_object(&j);
	}
	sct_json_end_array(&j);
	json_kept(&j, src);
	json_predicted(&j, p, src);
	sct_json_begin_array(&j, "notes");
	n = suggest_notes(p, src, notes);
	for (i = 0; i < n; i++)
		sct_json_str(&j, NULL, notes[i].text);
	sct_json_end_array(&j);
	sct_json_end_object(&j);
}

static void csv_row(struct sct_csv *c, const struct sct_prediction *p,
		    const struct sct_predict_row *r)
{
	struct row_text txt;

	row_text(p, r, &txt);
	sct_csv_u64(c, r->calls);
	sct_csv_u64(c, r->changed);
	sct_csv_str(c, txt.changed_per_s);
	sct_csv_str(c, txt.ns_per_call);
	sct_csv_str(c, txt.added_ns_per_s);
	sct_csv_u64(c, r->uncertain);
	sct_csv_end_row(c);
}

static void print_csv(FILE *out, const struct sct_filter *flt,
		      const struct sct_prediction *p)
{
	static const char *const heads[] = {
		"base", "nr_functions", "action", "calls", "changed", "changed_per_s",
		"latency_change_ns", "added_ns_per_s", "uncertain",
	};
	const struct sct_filter_range *r;
	struct sct_csv c;
	char base[16];
	size_t i;

	sct_csv_init(&c, out);
	for (i = 0; i < sizeof(heads) / sizeof(heads[0]); i++)
		sct_csv_str(&c, heads[i]);
	sct_csv_end_row(&c);
	for (i = 0; i < p->nr_rows; i++) {
		r = sct_filter_get(flt, i);
		snprintf(base, sizeof(base), "0x%08x", r->base);
		sct_csv_str(&c, base);
		sct_csv_u64(&c, r->nr_functions);
		sct_csv_str(&c, range_action(r));
		csv_row(&c, p, &p->rows[i]);
	}
	sct_csv_str(&c, "");
	sct_csv_str(&c, "");
	sct_csv_str(&c, "outside");
	csv_row(&c, p, &p->outside);
	sct_csv_str(&c, "");
	sct_csv_str(&c, "");
	sct_csv_str(&c, "total");
	csv_row(&c, p, &p->total);
}

static void print_c(FILE *out, const struct sct_filter *flt,
		    const struct sct_prediction *p, const struct suggest_source *src)
{
	static const char *const names[] = {
		"KVM_SMCCC_FILTER_HANDLE", "KVM_SMCCC_FILTER_DENY", "KVM_SMCCC_FILTER_FWD_TO_USER",
	};
	const struct sct_filter_range *r;
	size_t i, n = sct_filter_count(flt);

	fprintf(out, "/* KVM_ARM_VM_SMCCC_FILTER entries for session %" PRId64 " */\n",
		src->session);
	print_notes(out, true, p, src);
	if (!n) {
		fputs("/* none: leave the filter unset */\n", out);
		return;
	}
	fputs("static const struct kvm_smccc_filter smccc_filters[] = {\n", out);
	for (i = 0; i < n; i++) {
		r = sct_filter_get(flt, i);
		fprintf(out, "\t{ .base = 0x%08x, .nr_functions = %" PRIu32 ", .action = %s },\n",
			r->base, r->nr_functions, names[r->action <= 2 ? r->action : 0]);
	}
	fputs("};\n", out);
}

/**
 * suggest_print - print a configuration and its predicted effect
 * @out: where to
 * @format: the output format
 * @f: the configuration
 * @p: its prediction (rows in the order of @f's ranges)
 * @src: the session predicted on
 *
 * Returns 0, or -1 with errno set when memory ran out.
 */
int suggest_print(FILE *out, enum sct_format format, const struct sct_filter *f,
		  const struct sct_prediction *p, const struct suggest_source *src)
{
	switch (format) {
	case SCT_FORMAT_CSV:
		print_csv(out, f, p);
		break;
	case SCT_FORMAT_JSON:
		print_json(out, f, p, src);
		break;
	case SCT_FORMAT_C:
		print_c(out, f, p, src);
		break;
	default:
		return print_table(out, f, p, src);
	}
	return 0;
}

static const char *err_name(int err)
{
	return !err ? "ok" : err == EEXIST ? "EEXIST" : "EINVAL";
}

/* What an entry covers: its function's name when it is one named ID, else its service */
static const char *entry_name(const struct sct_kvm_entry *e)
{
	const char *name = NULL;

	if (e->nr_functions == 1)
		name = sct_function_name((uint32_t)e->base);
	return name ? name : service_of((uint32_t)e->base);
}

static void check_json(FILE *out, const char *file, const struct sct_kvm_entry *e,
		       size_t nr, size_t refused)
{
	const char *name;
	struct sct_json j;
	char base[24];
	size_t i;

	sct_json_init(&j, out);
	sct_json_begin_object(&j, NULL);
	sct_json_str(&j, "file", file);
	sct_json_begin_array(&j, "entries");
	for (i = 0; i < nr; i++) {
		sct_json_begin_object(&j, NULL);
		sct_json_u64(&j, "index", i);
		snprintf(base, sizeof(base), "0x%08" PRIx64, e[i].base);
		sct_json_str(&j, "base", base);
		sct_json_u64(&j, "nr_functions", e[i].nr_functions);
		sct_json_str(&j, "name", e[i].base <= UINT32_MAX ? entry_name(&e[i]) : NULL);
		name = action_name(e[i].action);
		if (name)
			sct_json_str(&j, "action", name);
		else if (e[i].action_name[0])
			sct_json_str(&j, "action", e[i].action_name);
		else
			sct_json_i64(&j, "action", e[i].action);
		sct_json_str(&j, "verdict", err_name(e[i].err));
		sct_json_str(&j, "why", e[i].why);
		sct_json_end_object(&j);
	}
	sct_json_end_array(&j);
	sct_json_u64(&j, "refused", refused);
	sct_json_end_object(&j);
}

/**
 * suggest_print_check - print KVM's verdict on each entry of a configuration
 * @out: where to
 * @format: SCT_FORMAT_JSON, or anything else for one line per entry
 * @file: the configuration's file name
 * @e: the entries, judged by sct_kvm_check()
 * @nr: how many
 */
void suggest_print_check(FILE *out, enum sct_format format, const char *file,
			 const struct sct_kvm_entry *e, size_t nr)
{
	size_t i, refused = 0;
	const char *name;

	for (i = 0; i < nr; i++)
		refused += e[i].err != 0;
	if (format == SCT_FORMAT_JSON) {
		check_json(out, file, e, nr, refused);
		return;
	}
	for (i = 0; i < nr; i++) {
		name = action_name(e[i].action);
		fprintf(out, "filters[%zu]: 0x%08" PRIx64 "+%" PRIu64 " ", i, e[i].base,
			e[i].nr_functions);
		if (e[i].base <= UINT32_MAX)
			fprintf(out, "(%s) ", entry_name(&e[i]));
		if (name)
			fputs(name, out);
		else if (e[i].action_name[0])
			fprintf(out, "action '%s'", e[i].action_name);
		else
			fprintf(out, "action %" PRId64, e[i].action);
		if (e[i].err)
			fprintf(out, ": %s: %s\n", err_name(e[i].err), e[i].why);
		else
			fputs(": ok\n", out);
	}
	fprintf(out, "%s: %zu %s, %zu refused\n", file, nr, nr == 1 ? "entry" : "entries",
		refused);
}

/**
 * suggest_entries_of - a filter's ranges as configuration entries
 * @f: the filter
 * @nr: set to the number of entries
 *
 * Returns an array the caller frees with free(), or NULL with errno set.
 */
struct sct_kvm_entry *suggest_entries_of(const struct sct_filter *f, size_t *nr)
{
	const struct sct_filter_range *r;
	struct sct_kvm_entry *e;
	size_t i;

	*nr = sct_filter_count(f);
	e = calloc(*nr + 1, sizeof(*e));
	for (i = 0; e && i < *nr; i++) {
		r = sct_filter_get(f, i);
		e[i].base = r->base;
		e[i].nr_functions = r->nr_functions;
		e[i].action = r->action;
	}
	return e;
}
