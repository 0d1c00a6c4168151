// SPDX-License-Identifier: GPL-2.0
/*
 * smccctrace diff: the table, JSON and JUnit XML outputs.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <smccctrace/output.h>
#include <smccctrace/smccc.h>

#include "diff.h"

#define TEST_NAME "Mann-Whitney U (two-sided, normal approximation, tie-corrected)"

static uint64_t metric(const struct sct_group *g, enum sct_metric m)
{
	return g ? sct_summary_metric(&g->total_sum, m) : SCT_STATS_NONE;
}

static void print_side(FILE *out, const char *name, const struct diff_side *s)
{
	fprintf(out, "%s: %s session %" PRId64 " (%s): %s, %" PRIu64 " calls\n", name,
		s->db, s->session.id, s->session.kind,
		s->session.source ? s->session.source : "-", s->session.calls);
}

static void print_ids(FILE *out, const char *what, const struct sct_group **g, size_t n)
{
	size_t i;

	if (!n)
		return;
	fprintf(out, "%s:", what);
	for (i = 0; i < n; i++)
		fprintf(out, " %s", g[i]->key);
	fputc('\n', out);
}

/* The thresholds exceeded that broke no rule, and why */
static void print_suppressed(FILE *out, const struct diff *d)
{
	if (d->nr_not_significant)
		fprintf(out, "; %zu threshold%s exceeded without significance (p >= %g)",
			d->nr_not_significant, d->nr_not_significant == 1 ? "" : "s", d->alpha);
	if (d->nr_too_few)
		fprintf(out, "; %zu threshold%s exceeded in groups under %" PRIu64 " calls",
			d->nr_too_few, d->nr_too_few == 1 ? "" : "s", d->min_calls);
	fputc('\n', out);
}

static void print_table(FILE *out, const struct diff *d)
{
	size_t i;

	print_side(out, "A", &d->a);
	print_side(out, "B", &d->b);
	fprintf(out, "test: %s; alpha %g\n\n", TEST_NAME, d->alpha);
	diff_print_rows(out, d, d->columns, d->fit);
	for (i = 0; i < d->nr_moved; i++)
		fprintf(out, "%s changed location: %s -> %s\n", d->moved[2 * i]->key,
			sct_location_name(sct_group_dominant_location(d->moved[2 * i])),
			sct_location_name(sct_group_dominant_location(d->moved[2 * i + 1])));
	print_ids(out, "new IDs", d->fresh, d->nr_fresh);
	print_ids(out, "gone IDs", d->gone, d->nr_gone);
	for (i = 0; i < d->nr_changed_results; i++)
		fprintf(out, "0x%08x: results differ\n", d->changed_results[i]);
	if (!d->nr_rules)
		return;
	fprintf(out, "\n%zu rule%s broken", d->nr_violations, d->nr_violations == 1 ? "" : "s");
	print_suppressed(out, d);
	for (i = 0; i < d->nr_violations; i++)
		fprintf(out, "  %s: %s: %s\n", d->violations[i].rule->text,
			d->violations[i].key, d->violations[i].message);
}

static void json_metric(struct sct_json *j, const char *side, enum sct_metric m,
			uint64_t v)
{
	char key[16];

	snprintf(key, sizeof(key), "%s_%s_ns", sct_metric_name(m), side);
	if (v == SCT_STATS_NONE)
		sct_json_null(j, key);
	else
		sct_json_u64(j, key, v);
}

/* A function ID's name beside its key; null for other keys or unnamed IDs */
static void json_name(struct sct_json *j, const struct sct_group *g)
{
	sct_json_str(j, "name", g && g->has_id ? sct_function_name(g->func_id) : NULL);
}

/* B's figure against A's in percent, one decimal; null where unknown or new */
static void json_change(struct sct_json *j, enum sct_metric m, uint64_t a, uint64_t b)
{
	int64_t pm = sct_change_permille(a, b);
	char key[24], text[32];

	snprintf(key, sizeof(key), "%s_change_pct", sct_metric_name(m));
	if (a == SCT_STATS_NONE || b == SCT_STATS_NONE || pm == INT64_MAX) {
		sct_json_null(j, key);
		return;
	}
	snprintf(text, sizeof(text), "%.1f", (double)pm / 10);
	sct_json_raw(j, key, text);
}

/* A broken rule: its text, group and message; a latency rule's figures too */
static void json_violation(struct sct_json *j, const struct diff_violation *v)
{
	char p[32];

	sct_json_str(j, "rule", v->rule->text);
	sct_json_str(j, "key", v->key);
	sct_json_str(j, "message", v->message);
	if (!v->metric)
		return;
	sct_json_str(j, "metric", sct_metric_name(v->rule->metric));
	sct_json_u64(j, "a_ns", v->a);
	sct_json_u64(j, "b_ns", v->b);
	json_change(j, v->rule->metric, v->a, v->b);
	snprintf(p, sizeof(p), "%.6g", v->p);
	sct_json_raw(j, "p_value", p);
}

/* A derived figure: a number, or null */
static void json_figure(void *data, const char *name, const char *text)
{
	if (text)
		sct_json_raw(data, name, text);
	else
		sct_json_null(data, name);
}

static void json_row(struct sct_json *j, const struct diff *d, const struct sct_group_pair *r)
{
	char key[24];
	size_t m;

	sct_json_begin_object(j, NULL);
	sct_json_str(j, "key", r->key);
	json_name(j, r->a ? r->a : r->b);
	sct_json_u64(j, "calls_a", r->a ? r->a->calls : 0);
	sct_json_u64(j, "calls_b", r->b ? r->b->calls : 0);
	/* every figure a rule may name, on both sides, and its change */
	for (m = 0; m < SCT_NR_METRICS; m++) {
		json_metric(j, "a", (enum sct_metric)m, metric(r->a, (enum sct_metric)m));
		json_metric(j, "b", (enum sct_metric)m, metric(r->b, (enum sct_metric)m));
		json_change(j, (enum sct_metric)m, metric(r->a, (enum sct_metric)m),
			    metric(r->b, (enum sct_metric)m));
	}
	snprintf(key, sizeof(key), "%.6g", r->mwu.u);
	sct_json_raw(j, "u", key);
	snprintf(key, sizeof(key), "%.6g", r->mwu.p);
	sct_json_raw(j, "p_value", key);
	diff_figures(d, r, json_figure, j);
	sct_json_end_object(j);
}

static void json_ids(struct sct_json *j, const char *key,
		     const struct sct_group **g, size_t n)
{
	size_t i;

	sct_json_begin_array(j, key);
	for (i = 0; i < n; i++)
		sct_json_str(j, NULL, g[i]->key);
	sct_json_end_array(j);
}

static void json_lists(struct sct_json *j, const struct diff *d)
{
	char id[16];
	size_t i;

	sct_json_begin_array(j, "location_changes");
	for (i = 0; i < d->nr_moved; i++) {
		sct_json_begin_object(j, NULL);
		sct_json_str(j, "key", d->moved[2 * i]->key);
		sct_json_str(j, "a", sct_location_name(sct_group_dominant_location(d->moved[2 * i])));
		sct_json_str(j, "b", sct_location_name(sct_group_dominant_location(d->moved[2 * i + 1])));
		sct_json_end_object(j);
	}
	sct_json_end_array(j);
	json_ids(j, "new_ids", d->fresh, d->nr_fresh);
	json_ids(j, "gone_ids", d->gone, d->nr_gone);
	sct_json_begin_array(j, "result_changes");
	for (i = 0; i < d->nr_changed_results; i++) {
		snprintf(id, sizeof(id), "0x%08x", d->changed_results[i]);
		sct_json_str(j, NULL, id);
	}
	sct_json_end_array(j);
}

static void print_json(FILE *out, const struct diff *d)
{
	struct sct_json j;
	size_t i;

	sct_json_init(&j, out);
	sct_json_begin_object(&j, NULL);
	sct_json_i64(&j, "a", d->a.session.id);
	sct_json_i64(&j, "b", d->b.session.id);
	sct_json_str(&j, "test", TEST_NAME);
	sct_json_begin_array(&j, "groups");
	for (i = 0; i < d->nr_rows; i++)
		json_row(&j, d, &d->rows[i]);
	sct_json_end_array(&j);
	json_lists(&j, d);
	sct_json_begin_array(&j, "violations");
	for (i = 0; i < d->nr_violations; i++) {
		sct_json_begin_object(&j, NULL);
		json_violation(&j, &d->violations[i]);
		sct_json_end_object(&j);
	}
	sct_json_end_array(&j);
	sct_json_begin_object(&j, "suppressed");
	sct_json_u64(&j, "not_significant", d->nr_not_significant);
	sct_json_u64(&j, "too_few_calls", d->nr_too_few);
	sct_json_end_object(&j);
	sct_json_end_object(&j);
	fputc('\n', out);
}

static void xml_attr(FILE *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		default: fputc(*s, out); break;
		}
	}
}

/* One test case per rule and group; a group a rule broke fails */
static void junit_case(FILE *out, const struct diff *d, const struct diff_rule *rule,
		       const char *key)
{
	const struct diff_violation *v = NULL;
	size_t i;

	for (i = 0; i < d->nr_violations && !v; i++)
		if (d->violations[i].rule == rule && !strcmp(d->violations[i].key, key))
			v = &d->violations[i];
	fputs("  <testcase classname=\"smccctrace.diff\" name=\"", out);
	xml_attr(out, rule->text);
	fputs(": ", out);
	xml_attr(out, key);
	if (!v) {
		fputs("\"/>\n", out);
		return;
	}
	fputs("\">\n    <failure message=\"", out);
	xml_attr(out, v->message);
	fputs("\"/>\n  </testcase>\n", out);
}

static size_t rule_violations(const struct diff *d, const struct diff_rule *rule)
{
	size_t i, n = 0;

	for (i = 0; i < d->nr_violations; i++)
		n += d->violations[i].rule == rule;
	return n;
}

/* Metric rules: a case per group; the others: a case per breach, or one */
static size_t junit_cases(const struct diff *d, const struct diff_rule *rule)
{
	size_t n;

	if (rule->kind == DIFF_RULE_METRIC)
		return d->nr_rows;
	n = rule_violations(d, rule);
	return n ? n : 1;
}

static void print_junit(FILE *out, const struct diff *d)
{
	size_t r, i, tests = 0;

	for (r = 0; r < d->nr_rules; r++)
		tests += junit_cases(d, &d->rules[r]);
	fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<testsuite name=\"smccctrace diff\" tests=\"%zu\" failures=\"%zu\">\n",
		tests ? tests : 1, d->nr_violations);
	/* no rule: the comparison itself ran, and passes */
	if (!d->nr_rules)
		fputs("  <testcase classname=\"smccctrace.diff\" name=\"compared (no --fail-on rules)\"/>\n",
		      out);
	for (r = 0; r < d->nr_rules; r++) {
		const struct diff_rule *rule = &d->rules[r];

		if (rule->kind == DIFF_RULE_METRIC) {
			for (i = 0; i < d->nr_rows; i++)
				junit_case(out, d, rule, d->rows[i].key);
			continue;
		}
		for (i = 0; i < d->nr_violations; i++)
			if (d->violations[i].rule == rule)
				junit_case(out, d, rule, d->violations[i].key);
		if (!rule_violations(d, rule))
			junit_case(out, d, rule, "all");
	}
	fputs("</testsuite>\n", out);
}

/* A figure in CSV: empty where unknown */
static void csv_ns(struct sct_csv *c, uint64_t v)
{
	if (v == SCT_STATS_NONE)
		sct_csv_str(c, "");
	else
		sct_csv_u64(c, v);
}

static void csv_change(struct sct_csv *c, uint64_t a, uint64_t b)
{
	int64_t pm = sct_change_permille(a, b);
	char text[32] = "";

	if (a != SCT_STATS_NONE && b != SCT_STATS_NONE && pm != INT64_MAX)
		snprintf(text, sizeof(text), "%.1f", (double)pm / 10);
	sct_csv_str(c, text);
}

/* A derived figure's name, for the heading */
static void csv_heading(void *data, const char *name, const char *text)
{
	(void)text;
	sct_csv_str(data, name);
}

/* A derived figure: empty where unknown */
static void csv_figure(void *data, const char *name, const char *text)
{
	(void)name;
	sct_csv_str(data, text ? text : "");
}

/* One row per group: the json's figures, in the same order and names */
static void print_csv(FILE *out, const struct diff *d)
{
	static const struct sct_group_pair no_row = { .key = "" };
	const struct sct_group_pair *r;
	char head[32], p[32];
	struct sct_csv c;
	size_t i, m;

	sct_csv_init(&c, out);
	sct_csv_str(&c, "key");
	sct_csv_str(&c, "name");
	sct_csv_str(&c, "calls_a");
	sct_csv_str(&c, "calls_b");
	for (m = 0; m < SCT_NR_METRICS; m++) {
		snprintf(head, sizeof(head), "%s_a_ns", sct_metric_name((enum sct_metric)m));
		sct_csv_str(&c, head);
		snprintf(head, sizeof(head), "%s_b_ns", sct_metric_name((enum sct_metric)m));
		sct_csv_str(&c, head);
		snprintf(head, sizeof(head), "%s_change_pct", sct_metric_name((enum sct_metric)m));
		sct_csv_str(&c, head);
	}
	sct_csv_str(&c, "p_value");
	diff_figures(d, &no_row, csv_heading, &c);
	sct_csv_end_row(&c);
	for (i = 0; i < d->nr_rows; i++) {
		r = &d->rows[i];
		sct_csv_str(&c, r->key);
		sct_csv_str(&c, strcmp(diff_name_of(r), "-") ? diff_name_of(r) : "");
		sct_csv_u64(&c, r->a ? r->a->calls : 0);
		sct_csv_u64(&c, r->b ? r->b->calls : 0);
		for (m = 0; m < SCT_NR_METRICS; m++) {
			csv_ns(&c, metric(r->a, (enum sct_metric)m));
			csv_ns(&c, metric(r->b, (enum sct_metric)m));
			csv_change(&c, metric(r->a, (enum sct_metric)m),
				   metric(r->b, (enum sct_metric)m));
		}
		snprintf(p, sizeof(p), "%.6g", r->mwu.p);
		sct_csv_str(&c, r->a && r->b && r->a->total.nr && r->b->total.nr ? p : "");
		diff_figures(d, r, csv_figure, &c);
		sct_csv_end_row(&c);
	}
}

/**
 * diff_print - print a comparison
 * @out: where to
 * @format: table, CSV, JSON or JUnit XML
 * @d: the comparison
 *
 * Returns 0, or -1 when writing failed.
 */
int diff_print(FILE *out, enum sct_format format, const struct diff *d)
{
	if (format == SCT_FORMAT_JSON)
		print_json(out, d);
	else if (format == SCT_FORMAT_CSV)
		print_csv(out, d);
	else if (format == SCT_FORMAT_JUNIT)
		print_junit(out, d);
	else
		print_table(out, d);
	return fflush(out) || ferror(out) ? -1 : 0;
}
