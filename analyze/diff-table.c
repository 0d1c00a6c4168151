// SPDX-License-Identifier: GPL-2.0
/*
 * smccctrace diff: the figures of both sides and their change, for the
 * table (in the columns -o chooses), CSV and JSON.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <smccctrace/output.h>
#include <smccctrace/smccc.h>

#include "diff.h"

/* A figure of one side of a row: num / den (den 1 for a plain figure) */
struct figure {
	uint64_t	num;
	uint64_t	den;
	bool		known;
};

/* Each figure's heading, CSV/JSON name and help */
static const struct {
	const char	*head;
	const char	*field;
	const char	*help;
} figures[DIFF_NR_FIGURES] = {
	[DF_CALLS]	= { "CALLS", "calls", "calls" },
	[DF_RATE]	= { "CALLS/S", "calls_per_s", "calls per second of the session's length" },
	[DF_TOTAL]	= { "TOTAL", "total", "the latencies of the group's calls, added" },
	[DF_TIME]	= { "TIME%", "time_share", "the group's share of the time all calls took" },
	[DF_MIN]	= { "MIN", "min", "the shortest latency" },
	[DF_P50]	= { "P50", "p50", "the median latency" },
	[DF_P90]	= { "P90", "p90", "the 90th percentile latency" },
	[DF_P99]	= { "P99", "p99", "the 99th percentile latency" },
	[DF_P999]	= { "P99.9", "p999", "the 99.9th percentile latency" },
	[DF_MAX]	= { "MAX", "max", "the longest latency" },
	[DF_MEAN]	= { "MEAN", "mean", "the mean latency" },
	[DF_SPREAD]	= { "P99/P50", "p99_p50", "the spread: P99 over P50" },
};

/* The latency figures in the order of enum sct_metric */
static const enum diff_figure metric_figure[SCT_NR_METRICS] = {
	DF_MIN, DF_P50, DF_P90, DF_P99, DF_P999, DF_MAX, DF_MEAN,
};

/* Heading and help of every column, made once from figures[] */
static char heads[DIFF_NR_COLS][24];
static char helps[DIFF_NR_COLS][96];
struct sct_column diff_columns[DIFF_NR_COLS];

/**
 * diff_columns_init - describe diff's table columns in diff_columns[]
 *
 * KEY, NAME, then per figure its A, B and change columns ("P50 A",
 * "P50 B", "P50"), then P. Idempotent.
 */
void diff_columns_init(void)
{
	static const char *const side[] = { " A", " B", "" };
	unsigned int f, k, c;

	diff_columns[DC_KEY] = (struct sct_column){ "KEY", "the group", SCT_ALIGN_LEFT };
	diff_columns[DC_NAME] = (struct sct_column){ "NAME", "the function's name",
						     SCT_ALIGN_LEFT };
	for (f = 0; f < DIFF_NR_FIGURES; f++) {
		for (k = 0; k < 3; k++) {
			c = DC_FIGURES + 3 * f + k;
			snprintf(heads[c], sizeof(heads[c]), "%s%s", figures[f].head, side[k]);
			if (k < 2)
				snprintf(helps[c], sizeof(helps[c]), "%s, in %c",
					 figures[f].help, k ? 'B' : 'A');
			else
				snprintf(helps[c], sizeof(helps[c]),
					 "%s: B's change against A, in percent", figures[f].help);
			diff_columns[c] = (struct sct_column){ heads[c], helps[c], SCT_ALIGN_RIGHT };
		}
	}
	diff_columns[DC_P] = (struct sct_column){
		"P", "the p-value of the latencies' difference (Mann-Whitney U)", SCT_ALIGN_RIGHT
	};
}

static uint64_t latency(const struct sct_group *g, enum sct_metric m)
{
	return g ? sct_summary_metric(&g->total_sum, m) : SCT_STATS_NONE;
}

/* Figure @f of a side's group @g (NULL: the side has no such group) */
static struct figure figure_of(const struct diff_side *s, const struct sct_group *g,
			       enum diff_figure f)
{
	struct figure v = { 0, 1, true };
	unsigned int m;

	switch (f) {
	case DF_CALLS:
		v.num = g ? g->calls : 0;
		return v;
	case DF_RATE:
		v = (struct figure){ g ? g->calls : 0, s->duration_ns, s->duration_ns != 0 };
		return v;
	case DF_TOTAL:
		v.num = g ? sct_group_total_ns(g) : 0;
		v.known = g && g->total_sum.n;
		return v;
	case DF_TIME:
		v = (struct figure){ g ? sct_group_total_ns(g) : 0, s->total_ns, s->total_ns != 0 };
		return v;
	case DF_SPREAD:
		v.known = g && sct_spread_known(&g->total_sum);
		if (v.known)
			v = (struct figure){ g->total_sum.p99, g->total_sum.p50, true };
		return v;
	default:
		for (m = 0; m < SCT_NR_METRICS; m++)
			if (metric_figure[m] == f)
				v.num = latency(g, (enum sct_metric)m);
		v.known = v.num != SCT_STATS_NONE;
		return v;
	}
}

/* B's change against A in tenths of a percent; INT64_MIN: none */
static int64_t change_of(struct figure a, struct figure b)
{
	if (!a.known || !b.known)
		return INT64_MIN;
	if (a.den == 1 && b.den == 1)
		return sct_change_permille(a.num, b.num);
	return sct_ratio_change_permille(a.num, a.den, b.num, b.den);
}

/* A figure in human units, as report prints it */
static const char *human(enum diff_figure f, struct figure v, char *buf, size_t size)
{
	size_t len;

	if (!v.known)
		return strcpy(buf, "-");
	switch (f) {
	case DF_CALLS:
		snprintf(buf, size, "%" PRIu64, v.num);
		return buf;
	case DF_RATE:
		return sct_format_rate(v.num, v.den, buf, size);
	case DF_TIME:
		sct_format_percent(v.num, v.den, 1, false, buf, size);
		len = strlen(buf);
		snprintf(buf + len, size - len, "%%");
		return buf;
	case DF_SPREAD:
		return sct_format_ratio(v.num, v.den, 1, false, buf, size);
	default:
		return sct_format_ns(v.num, buf, size);
	}
}

/* A change as the table prints it: "+12.5%", "new" or "-" */
static const char *change_text(int64_t pm, char *buf, size_t size)
{
	if (pm == INT64_MIN)
		snprintf(buf, size, "-");
	else if (pm == INT64_MAX)
		snprintf(buf, size, "new");
	else
		snprintf(buf, size, "%+.1f%%", (double)pm / 10);
	return buf;
}

/* The function's name of a row by function ID, else "-" */
const char *diff_name_of(const struct sct_group_pair *r)
{
	const struct sct_group *g = r->a ? r->a : r->b;
	const char *name = g && g->has_id ? sct_function_name(g->func_id) : NULL;

	return name ? name : "-";
}

/* The text of column @col of row @r */
static const char *cell_text(const struct diff *d, const struct sct_group_pair *r,
			     unsigned int col, char *buf, size_t size)
{
	enum diff_figure f;
	struct figure a, b;

	if (col == DC_KEY)
		return r->key;
	if (col == DC_NAME)
		return diff_name_of(r);
	if (col == DC_P) {
		if (!(r->a && r->b && r->a->total.nr && r->b->total.nr))
			return "-";
		snprintf(buf, size, "%.3g", r->mwu.p);
		return buf;
	}
	f = (enum diff_figure)((col - DC_FIGURES) / 3);
	a = figure_of(&d->a, r->a, f);
	b = figure_of(&d->b, r->b, f);
	switch ((col - DC_FIGURES) % 3) {
	case 0:
		return r->a || f == DF_CALLS ? human(f, a, buf, size) : "-";
	case 1:
		return r->b || f == DF_CALLS ? human(f, b, buf, size) : "-";
	default:
		return change_text(change_of(a, b), buf, size);
	}
}

/**
 * diff_print_rows - the table of the groups, in the chosen columns
 * @out: the stream
 * @d: the comparison
 * @c: the columns
 * @fit: cut the names to fit 80 columns (the default columns)
 */
void diff_print_rows(FILE *out, const struct diff *d, const struct sct_columns *c, bool fit)
{
	int name = sct_columns_find(c, DC_NAME);
	struct sct_table *t;
	char buf[40];
	size_t i, k;

	t = sct_columns_table(c);
	if (!t)
		return;
	if (fit && name >= 0)
		sct_table_fit(t, DIFF_WIDTH, (unsigned int)name);
	for (i = 0; i < d->nr_rows; i++) {
		sct_table_add_row(t);
		for (k = 0; k < c->nr; k++)
			sct_table_cell(t, "%s", cell_text(d, &d->rows[i], c->id[k], buf, sizeof(buf)));
	}
	sct_table_print(t, out);
	sct_table_free(t);
}

/* A figure as CSV and JSON write it: integer ns, or decimals for a quotient */
static const char *machine(enum diff_figure f, struct figure v, char *buf, size_t size)
{
	uint64_t calls;

	switch (f) {
	case DF_RATE:
		calls = v.num > UINT64_MAX / 1000000000u ? UINT64_MAX / 1000000000u : v.num;
		return sct_format_ratio(calls * 1000000000u, v.den, 3, true, buf, size);
	case DF_TIME:
		return sct_format_percent(v.num, v.den, 4, true, buf, size);
	case DF_SPREAD:
		return sct_format_ratio(v.num, v.den, 2, true, buf, size);
	default:
		snprintf(buf, size, "%" PRIu64, v.num);
		return buf;
	}
}

/**
 * diff_figures - the figures report derives (rate, total, time share, spread) of a row
 * @d: the comparison
 * @r: the row
 * @emit: called per value with its CSV/JSON name and text; NULL text: no value
 * @data: handed to @emit
 *
 * For each of calls_per_s, total, time_share and p99_p50: A's value, B's
 * and B's change against A in percent (one decimal), named as diff's
 * latency figures are ("total_a_ns", "total_change_pct").
 */
void diff_figures(const struct diff *d, const struct sct_group_pair *r,
		  void (*emit)(void *data, const char *name, const char *text), void *data)
{
	static const enum diff_figure derived[] = { DF_RATE, DF_TOTAL, DF_TIME, DF_SPREAD };
	char name[40], text[40];
	struct figure v[2];
	unsigned int i, k;
	int64_t pm;

	for (i = 0; i < sizeof(derived) / sizeof(derived[0]); i++) {
		enum diff_figure f = derived[i];
		const char *unit = f == DF_TOTAL ? "_ns" : "";

		v[0] = figure_of(&d->a, r->a, f);
		v[1] = figure_of(&d->b, r->b, f);
		for (k = 0; k < 2; k++) {
			snprintf(name, sizeof(name), "%s_%c%s", figures[f].field, k ? 'b' : 'a', unit);
			emit(data, name, v[k].known && (k ? r->b : r->a) ?
			     machine(f, v[k], text, sizeof(text)) : NULL);
		}
		pm = change_of(v[0], v[1]);
		snprintf(name, sizeof(name), "%s_change_pct", figures[f].field);
		snprintf(text, sizeof(text), "%.1f", (double)pm / 10);
		emit(data, name, pm == INT64_MIN || pm == INT64_MAX ? NULL : text);
	}
}
