// SPDX-License-Identifier: GPL-2.0
/*
 * smccctrace view: the session compared with another, side by side, as
 * smccctrace diff compares them (the library's sct_groups_compare()):
 * per key, both sides' calls and latency percentiles, B's change against
 * A, and the rank test's p-value where the screen is wide enough.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include <smccctrace/compare.h>
#include <smccctrace/output.h>

#include "view.h"

static const enum sct_metric shown[] = { SCT_METRIC_P50, SCT_METRIC_P99, SCT_METRIC_MAX };

/* Columns of the base table (calls and two metrics), and with the rest */
#define BASE_WIDTH	64
#define WIDE_WIDTH	(BASE_WIDTH + 24 + 6)

/**
 * view_diff_release - free a comparison
 * @d: the comparison
 */
void view_diff_release(struct view_diff *d)
{
	free(d->rows);
	d->rows = NULL;
	d->nr = 0;
	sct_groups_release(&d->groups);
}

/**
 * view_diff_open - compare the view's session (A) with session @other (B)
 * @v: the view, its groups loaded
 * @other: B's id
 *
 * B's calls are grouped and filtered as A's. Returns 0, or -1 with the
 * error set (ENOENT when there is no session @other).
 */
int view_diff_open(struct view *v, int64_t other)
{
	struct view_diff *d = &v->diff;

	view_diff_release(d);
	sct_groups_init(&d->groups, v->by);
	d->session = other;
	if (view_group_session(v, other, &d->groups) ||
	    sct_groups_compare(&v->groups, &d->groups, &d->rows, &d->nr)) {
		view_diff_release(d);
		return -1;
	}
	v->sel[PAGE_DIFF] = v->top[PAGE_DIFF] = 0;
	return 0;
}

static bool wide(void)
{
	return COLS >= WIDE_WIDTH + 15;
}

static int key_width(const struct view *v)
{
	int w = COLS - (wide() ? WIDE_WIDTH : BASE_WIDTH);

	if (v->by != SCT_GROUP_BY_FUNCTION || w < 15)
		return 15;
	return w > 40 ? 40 : w;
}

/**
 * view_diff_head - the column heads of the comparison
 * @v: the view
 * @out: where the text goes
 * @size: size of @out
 */
void view_diff_head(const struct view *v, char *out, size_t size)
{
	int n;

	n = snprintf(out, size, "%-*s %7s %7s %7s %7s %7s %7s %7s %7s", key_width(v), "KEY",
		     "CALLS A", "CALLS B", "P50 A", "P50 B", "P50", "P99 A", "P99 B", "P99");
	if (wide() && n > 0 && (size_t)n < size)
		snprintf(out + n, size - (size_t)n, " %7s %7s %7s %5s", "MAX A", "MAX B", "MAX", "P");
}

static uint64_t metric(const struct sct_group *g, enum sct_metric m)
{
	return g ? sct_summary_metric(&g->total_sum, m) : SCT_STATS_NONE;
}

/* B's change against A, as diff prints it */
static const char *change(uint64_t a, uint64_t b, char *buf, size_t size)
{
	int64_t pm = sct_change_permille(a, b);

	if (a == SCT_STATS_NONE || b == SCT_STATS_NONE)
		return "-";
	if (pm == INT64_MAX)
		return "new";
	snprintf(buf, size, "%+.1f%%", (double)pm / 10);
	return buf;
}

/* " A B change" of one metric */
static size_t trio(const struct sct_group_pair *p, enum sct_metric m, char *out, size_t size)
{
	char a[SCT_NS_BUFSZ], b[SCT_NS_BUFSZ], c[16];
	uint64_t ma = metric(p->a, m), mb = metric(p->b, m);
	int n;

	n = snprintf(out, size, " %7s %7s %7s",
		     ma == SCT_STATS_NONE ? "-" : sct_format_ns(ma, a, sizeof(a)),
		     mb == SCT_STATS_NONE ? "-" : sct_format_ns(mb, b, sizeof(b)),
		     change(ma, mb, c, sizeof(c)));
	return n < 0 ? 0 : (size_t)n >= size ? size - 1 : (size_t)n;
}

/**
 * view_diff_row - one key's row of the comparison
 * @v: the view
 * @i: the row, below @v->diff.nr
 * @out: where the text goes
 * @size: size of @out
 */
void view_diff_row(const struct view *v, size_t i, char *out, size_t size)
{
	const struct sct_group_pair *p = &v->diff.rows[i];
	const struct sct_group *g = p->a ? p->a : p->b;
	size_t len, m, nr_shown = wide() ? 3 : 2;
	char key[128];
	int n;

	view_key_text(v, p->key, g->has_id, g->func_id, key, sizeof(key));
	n = snprintf(out, size, "%-*.*s %7" PRIu64 " %7" PRIu64, key_width(v), key_width(v), key,
		     p->a ? p->a->calls : 0, p->b ? p->b->calls : 0);
	len = n < 0 ? 0 : (size_t)n >= size ? size - 1 : (size_t)n;
	for (m = 0; m < nr_shown; m++)
		len += trio(p, shown[m], out + len, size - len);
	if (!wide())
		return;
	if (p->a && p->b && p->a->total.nr && p->b->total.nr)
		snprintf(out + len, size - len, " %5.3g", p->mwu.p);
	else
		snprintf(out + len, size - len, " %5s", "-");
}
