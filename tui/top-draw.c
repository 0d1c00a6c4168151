// SPDX-License-Identifier: GPL-2.0
/*
 * smccctrace top: the screen. A title line, a line of counts, the column
 * heads, a row per group, the selected group's figures and latency
 * histogram, and a line of keys (or the prompt). Every frame is drawn
 * whole into ncurses' buffer (erase(), never clear()) and refresh()
 * sends only what changed, so nothing flickers. Under WIDE columns the
 * rows show the last interval's latencies and the selected group's line
 * those since the start; wider, the rows show both.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <curses.h>

#include <smccctrace/output.h>
#include <smccctrace/smccc.h>

#include "term.h"
#include "top.h"

#define WIDE		132	/* columns from which the rows show every figure */
#define HIST_LINES	6	/* buckets the histogram shows at most */
#define ROW_MAX		512

static const char *const help_text[] = {
	"smccctrace top: the calls of a live capture, refreshed every interval",
	"",
	"  Up/Down, j/k   move the selection (PgUp/PgDn, Home/End)",
	"  s              the next sort order: calls, key, total, mean, p50, p99, max",
	"  g              the next grouping: owner, range, function, vcpu, location",
	"  /              filter by function name (part of it) or hex ID (0x...)",
	"  v              only one vCPU's calls (empty: all)",
	"  p              pause the screen (capture goes on)",
	"  r              reset: figures since now",
	"  ?              this help",
	"  q              quit (Ctrl-C too)",
	"",
	"CALLS/S and LAST are the last interval's; the others since the start or reset.",
	"Latency is kvm_exit to kvm_entry; percentiles are nearest-rank, exact over the",
	"last interval; since the start (~) within 1/64 (1.6%): the middle of the",
	"histogram bucket (1/32 of a power of two) that holds the exact value.",
	"Counts, max and the histogram's log2 buckets are exact.",
	"",
	"any key: back",
	NULL
};

/* One line at row @y in @attr, filled to the width when not normal */
static void line(int y, int attr, const char *text)
{
	int x;

	attrset(attr);
	mvaddnstr(y, 0, text, COLS);
	if (attr != term_attr(TERM_NORMAL))
		for (x = (int)strlen(text); x < COLS; x++)
			mvaddch(y, x, ' ');
	attrset(term_attr(TERM_NORMAL));
}

static const char *ns(uint64_t v, char *buf)
{
	return v == SCT_STATS_NONE ? "-" : sct_format_ns(v, buf, SCT_NS_BUFSZ);
}

static int hist_area(void)
{
	return LINES >= 20 ? HIST_LINES + 1 : 1;
}

/**
 * top_page_lines - how many group rows fit on the screen
 */
int top_page_lines(void)
{
	int n = LINES - 4 - hist_area();

	return n > 0 ? n : 0;
}

static void title(const struct top_stats *ts, const struct top_head *h)
{
	char t[256];
	int len;

	len = snprintf(t, sizeof(t), " smccctrace top  by %s  sort %s  every %" PRIu64 " s",
		       sct_group_by_names[ts->by], sct_group_sort_names[ts->sort], h->seconds);
	if (ts->filter[0])
		len += snprintf(t + len, sizeof(t) - (size_t)len, "  filter %s", ts->filter);
	if (ts->vcpu >= 0)
		len += snprintf(t + len, sizeof(t) - (size_t)len, "  vcpu %" PRId32, ts->vcpu);
	if (h->session > 0)
		len += snprintf(t + len, sizeof(t) - (size_t)len, "  session %" PRId64, h->session);
	snprintf(t + len, sizeof(t) - (size_t)len, "%s%s", h->paused ? "  PAUSED" : "",
		 h->ended ? "  ENDED" : "");
	line(0, term_attr(TERM_TITLE), t);
}

static void counts(const struct top_stats *ts, const struct top_head *h)
{
	const struct sct_exit_stats *st = h->st;
	char t[256], rate[SCT_NS_BUFSZ];

	snprintf(t, sizeof(t), "%.0f s  lost %" PRIu64 "  calls %" PRIu64 "  %s/s  kernel %"
		 PRIu64 "  user %" PRIu64 "  denied %" PRIu64 "  exits %" PRIu64 "  userspace %"
		 PRIu64, (double)(ts->t_frame - ts->t_start) / 1e9, h->lost, st->calls,
		 top_stats_rate_text(ts, NULL, rate), st->by_location[SCT_LOC_KERNEL],
		 st->by_location[SCT_LOC_USER], st->by_location[SCT_LOC_DENIED], top_exits(st),
		 top_user_exits(st));
	line(1, h->lost ? (int)A_BOLD : term_attr(TERM_NORMAL), t);
}

static void heads(void)
{
	if (COLS >= WIDE)
		line(2, term_attr(TERM_HEAD), "KEY                          CALLS  CALLS/S  SHARE"
		     "   KERNEL     USER   DENIED  LAST P50 LAST P99 LAST MAX      ~P50     ~P99"
		     "      MAX");
	else
		line(2, term_attr(TERM_HEAD), "KEY              CALLS/S  SHARE  KERNEL    USER"
		     "  DENIED     P50     P99     MAX");
}

static void row_text(const struct top_stats *ts, const struct top_group *g, char *out)
{
	const struct sct_group *l = sct_groups_find(&ts->last, g->key);
	uint64_t lp50 = l ? l->total_sum.p50 : SCT_STATS_NONE;
	uint64_t lp99 = l ? l->total_sum.p99 : SCT_STATS_NONE;
	uint64_t lmax = l ? l->total_sum.max : SCT_STATS_NONE;
	char key[64], f[6][SCT_NS_BUFSZ], share[16], rate[SCT_NS_BUFSZ];

	top_group_text(g, key, sizeof(key));
	snprintf(share, sizeof(share), "%.1f%%", ts->since.calls ?
		 100.0 * (double)g->calls / (double)ts->since.calls : 0.0);
	if (COLS >= WIDE)
		snprintf(out, ROW_MAX, "%-26.26s %8" PRIu64 " %8s %6s %8" PRIu64 " %8" PRIu64
			 " %8" PRIu64 "  %8s %8s %8s  %8s %8s %8s", key, g->calls,
			 top_stats_rate_text(ts, l, rate), share, g->by_location[SCT_LOC_KERNEL],
			 g->by_location[SCT_LOC_USER], g->by_location[SCT_LOC_DENIED],
			 ns(lp50, f[0]), ns(lp99, f[1]), ns(lmax, f[2]), ns(g->total_sum.p50, f[3]),
			 ns(g->total_sum.p99, f[4]), ns(g->total_sum.max, f[5]));
	else
		snprintf(out, ROW_MAX, "%-15.15s %9s %6s %7" PRIu64 " %7" PRIu64 " %7" PRIu64
			 " %7s %7s %7s", key, top_stats_rate_text(ts, l, rate), share,
			 g->by_location[SCT_LOC_KERNEL], g->by_location[SCT_LOC_USER],
			 g->by_location[SCT_LOC_DENIED], ns(lp50, f[0]), ns(lp99, f[1]),
			 ns(lmax, f[2]));
}

static void rows(const struct top_stats *ts, struct top_screen *s)
{
	size_t n = ts->since.nr, i, lines = (size_t)top_page_lines();
	char text[ROW_MAX];

	if (s->sel >= n)
		s->sel = n ? n - 1 : 0;
	if (s->sel < s->first)
		s->first = s->sel;
	if (lines && s->sel >= s->first + lines)
		s->first = s->sel - lines + 1;
	for (i = 0; i < lines && s->first + i < n; i++) {
		row_text(ts, ts->since.groups[s->first + i], text);
		line(3 + (int)i, s->first + i == s->sel ? term_attr(TERM_SELECTED) :
		     term_attr(TERM_NORMAL), text);
	}
	if (!n)
		line(3, term_attr(TERM_NORMAL), ts->frames ? "no calls" : "waiting for the first frame");
}

/* The selected group's figures since the start and over the last interval */
static void detail(const struct top_stats *ts, const struct top_group *g, int y)
{
	const struct sct_group *l = sct_groups_find(&ts->last, g->key);
	char key[64], f[6][SCT_NS_BUFSZ], t[ROW_MAX];

	top_group_text(g, key, sizeof(key));
	snprintf(t, sizeof(t), "%s: %" PRIu64 " calls p50 ~%s p99 ~%s max %s | last %" PRIu64
		 " p50 %s p99 %s max %s", key, g->calls, ns(g->total_sum.p50, f[0]),
		 ns(g->total_sum.p99, f[1]), ns(g->total_sum.max, f[2]), l ? l->calls : 0,
		 ns(l ? l->total_sum.p50 : SCT_STATS_NONE, f[3]),
		 ns(l ? l->total_sum.p99 : SCT_STATS_NONE, f[4]),
		 ns(l ? l->total_sum.max : SCT_STATS_NONE, f[5]));
	line(y, term_attr(TERM_HEAD), t);
}

/* The HIST_LINES fullest buckets of @h, in bucket order, into @pick; returns how many */
static int pick_buckets(const struct sct_hist *h, unsigned int *pick)
{
	unsigned int b, i, n = 0, low;

	for (b = 0; b < SCT_HIST_BUCKETS; b++) {
		if (!h->count[b])
			continue;
		if (n < HIST_LINES) {
			pick[n++] = b;
			continue;
		}
		for (low = 0, i = 1; i < n; i++)
			if (h->count[pick[i]] < h->count[pick[low]])
				low = i;
		if (h->count[b] > h->count[pick[low]]) {
			memmove(&pick[low], &pick[low + 1], (n - low - 1) * sizeof(*pick));
			pick[n - 1] = b;
		}
	}
	return (int)n;
}

static void histogram(const struct top_group *g, int y)
{
	unsigned int pick[HIST_LINES];
	char lo[SCT_NS_BUFSZ], hi[SCT_NS_BUFSZ], t[ROW_MAX];
	uint64_t top = 0, a, b;
	int i, n, width = COLS - 40, bar;

	n = pick_buckets(&g->hist, pick);
	for (i = 0; i < n; i++)
		if (g->hist.count[pick[i]] > top)
			top = g->hist.count[pick[i]];
	for (i = 0; i < n; i++) {
		sct_hist_bounds(pick[i], &a, &b);
		snprintf(t, sizeof(t), "%8s - %-8s %9" PRIu64 " ", ns(a, lo), ns(b, hi),
			 g->hist.count[pick[i]]);
		line(y + i, term_attr(TERM_NORMAL), t);
		bar = width > 0 ? (int)((g->hist.count[pick[i]] * (uint64_t)width + top - 1) / top) : 0;
		attrset(term_attr(TERM_BAR) | (term_colour() ? 0 : A_REVERSE));
		mvhline(y + i, (int)strlen(t), ' ', bar);
		attrset(term_attr(TERM_NORMAL));
	}
}

static void bottom(const struct top_stats *ts, const struct top_screen *s)
{
	char t[ROW_MAX];
	int y = LINES - 1 - hist_area();

	if (ts->since.nr && y > 3) {
		detail(ts, ts->since.groups[s->sel], y);
		if (hist_area() > 1)
			histogram(ts->since.groups[s->sel], y + 1);
	}
	if (s->prompt) {
		snprintf(t, sizeof(t), "%s%s", s->prompt, s->input);
		line(LINES - 1, term_attr(TERM_NORMAL), t);
		curs_set(1);
		move(LINES - 1, (int)strlen(t) < COLS ? (int)strlen(t) : COLS - 1);
		return;
	}
	curs_set(0);
	line(LINES - 1, term_attr(TERM_NORMAL),
	     "j/k move  s sort  g group  / filter  v vcpu  p pause  r reset  ? help  q quit");
}

static void help(void)
{
	int i;

	for (i = 0; help_text[i] && i < LINES; i++)
		line(i, i ? term_attr(TERM_NORMAL) : term_attr(TERM_TITLE), help_text[i]);
}

/**
 * top_draw - the screen, as of the last frame
 * @ts: the stats
 * @h: the header's figures
 * @s: the screen's state; the selection is kept within the rows
 */
void top_draw(const struct top_stats *ts, const struct top_head *h, struct top_screen *s)
{
	erase();
	if (s->help) {
		help();
	} else {
		title(ts, h);
		counts(ts, h);
		heads();
		rows(ts, s);
		bottom(ts, s);
	}
	refresh();
}
