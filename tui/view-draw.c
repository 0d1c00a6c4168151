// SPDX-License-Identifier: GPL-2.0
/*
 * smccctrace view: drawing a page. Every frame is drawn whole into
 * ncurses' buffer (erase(), never clear()) and refresh() sends only what
 * changed, so nothing flickers. Rows are cut at the terminal's width.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <curses.h>

#include <smccctrace/output.h>
#include <smccctrace/smccc.h>

#include "term.h"
#include "view.h"

#define HIST_LINES	7	/* buckets a histogram shows at most */

#define GROUP_COLUMNS	59	/* the groups page's columns after the key */

static const char *const page_keys[] = {
	[PAGE_SESSIONS]	= "Enter open  / filter  ? help  q quit",
	[PAGE_GROUPS]	= "Enter calls  S slowest  d diff  g group  s sort  / filter  ? help  q back",
	[PAGE_CALLS]	= "Enter call  S order  / filter  ? help  q back",
	[PAGE_CALL]	= "j k scroll  ? help  q back",
	[PAGE_DIFF]	= "? help  q back",
};

/* One line at row @y, cut at the width, in attributes @attr over the whole width */
static void line(int y, int attr, const char *text)
{
	attrset(attr);
	mvaddnstr(y, 0, text, COLS);
	if (attr != term_attr(TERM_NORMAL)) {
		int x = (int)strlen(text);

		for (; x < COLS; x++)
			mvaddch(y, x, ' ');
	}
	attrset(term_attr(TERM_NORMAL));
}

/**
 * view_key_width - the width of the groups' key column
 * @v: the view
 *
 * Function IDs get their names beside them, as wide as the screen allows.
 */
int view_key_width(const struct view *v)
{
	int w = COLS - GROUP_COLUMNS;

	if (v->by != SCT_GROUP_BY_FUNCTION || w < 15)
		return 15;
	return w > 40 ? 40 : w;
}

/**
 * view_key_text - a group's key as shown: a function ID with its name
 * @v: the view
 * @key: the key
 * @has_id: the key is function @id's
 * @id: the function ID
 * @out: where the text goes
 * @size: size of @out
 */
void view_key_text(const struct view *v, const char *key, bool has_id, uint32_t id,
		   char *out, size_t size)
{
	const char *name = has_id ? sct_function_name(id) : NULL;

	(void)v;
	snprintf(out, size, name ? "%s %s" : "%s", key, name);
}

static void page_head(const struct view *v, char *out, size_t size)
{
	switch (v->page) {
	case PAGE_SESSIONS:
		snprintf(out, size, " ID KIND   SOURCE                   CALLS  DURATION  LOST WHEN");
		break;
	case PAGE_GROUPS:
		snprintf(out, size, "%-*s %7s %6s %6s %5s %6s %7s %7s %7s", view_key_width(v), "KEY",
			 "CALLS", "SHARE", "KERNEL", "USER", "DENIED", "P50", "P99", "MAX");
		break;
	case PAGE_CALLS:
		snprintf(out, size, "        TIME VCPU VIA FUNC       NAME               LOCATION"
			 " LATENCY     OUT    BACK   TID THREAD           ARGS RESULTS");
		break;
	case PAGE_CALL:
		snprintf(out, size, "call %zu of %zu", v->call_pos + 1, v->calls.total);
		break;
	default:
		view_diff_head(v, out, size);
	}
}

static int hist_area(const struct view *v)
{
	return v->page == PAGE_GROUPS ? HIST_LINES + 1 : 0;
}

/**
 * view_page_lines - how many rows of the page's list fit on the screen
 * @v: the view
 */
int view_page_lines(const struct view *v)
{
	int n = LINES - 3 - hist_area(v);

	return n > 0 ? n : 0;
}

static void title(const struct view *v)
{
	char t[256];
	int len;

	len = snprintf(t, sizeof(t), " smccctrace view  %s", sct_store_path(v->store));
	if (v->page != PAGE_SESSIONS)
		len += snprintf(t + len, sizeof(t) - (size_t)len,
				"  session %" PRId64 "  by %s  sort %s  lost %" PRIu64,
				v->session, sct_group_by_names[v->by],
				sct_group_sort_names[v->sort], v->lost);
	if (v->page == PAGE_CALLS || v->page == PAGE_CALL)
		len += snprintf(t + len, sizeof(t) - (size_t)len, "  %s", v->calls.key);
	if (v->page == PAGE_DIFF)
		len += snprintf(t + len, sizeof(t) - (size_t)len, "  vs session %" PRId64,
				v->diff.session);
	if (v->filter[0])
		snprintf(t + len, sizeof(t) - (size_t)len, "  filter %s", v->filter);
	line(0, term_attr(TERM_TITLE), t);
}

static const char *ns(uint64_t v, char *buf)
{
	return sct_format_ns(v, buf, SCT_NS_BUFSZ);
}

static void group_row(const struct view *v, const struct sct_group *g, char *out, size_t size)
{
	char p50[SCT_NS_BUFSZ], p99[SCT_NS_BUFSZ], max[SCT_NS_BUFSZ], share[16], key[128];
	uint64_t all = v->groups.calls;
	int kw = view_key_width(v);

	view_key_text(v, g->key, g->has_id, g->func_id, key, sizeof(key));
	snprintf(share, sizeof(share), "%.1f%%", all ? 100.0 * (double)g->calls / (double)all : 0.0);
	snprintf(out, size, "%-*.*s %7" PRIu64 " %6s %6" PRIu64 " %5" PRIu64 " %6" PRIu64
		 " %7s %7s %7s", kw, kw, key, g->calls, share, g->by_location[SCT_LOC_KERNEL],
		 g->by_location[SCT_LOC_USER], g->by_location[SCT_LOC_DENIED],
		 ns(g->total_sum.p50, p50), ns(g->total_sum.p99, p99), ns(g->total_sum.max, max));
}

static void regs(const uint64_t *r, unsigned int n, char *buf, size_t size)
{
	size_t len = 0;
	unsigned int i;

	snprintf(buf, size, "-");
	for (i = 0; i < n && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s0x%" PRIx64, i ? "," : "", r[i]);
}

static void call_row(const struct view *v, const struct sct_call *c, char *out, size_t size)
{
	char t[32], lat[3][SCT_NS_BUFSZ], func[16], vcpu[16], args[SCT_MAX_ARGS * 20], res[96];
	const char *name = c->id_known ? sct_function_name(c->func_id) : NULL;
	const char *thread = view_thread_name(v, c->tid);

	snprintf(func, sizeof(func), c->id_known ? "0x%08" PRIx32 : "unknown", c->func_id);
	snprintf(vcpu, sizeof(vcpu), c->vcpu >= 0 ? "%" PRId32 : "-", c->vcpu);
	regs(c->args, c->nargs, args, sizeof(args));
	regs(c->results, c->nresults, res, sizeof(res));
	snprintf(out, size, "%12s %4s %-3.3s %-10s %-18.18s %-8s %7s %7s %7s %5" PRId32 " %-16s %s %s",
		 sct_format_timestamp(c->t_exit, t, sizeof(t)), vcpu,
		 c->conduit == SCT_CONDUIT_UNKNOWN ? "-" : sct_conduit_name(c->conduit),
		 func, name ? name : "-",
		 sct_location_name(c->location), ns(sct_call_total_ns(c), lat[0]),
		 ns(sct_call_out_ns(c), lat[1]), ns(sct_call_back_ns(c), lat[2]), c->tid,
		 thread ? thread : "-", args, res);
}

static void row_text(const struct view *v, size_t i, char *out, size_t size)
{
	switch (v->page) {
	case PAGE_SESSIONS:
		snprintf(out, size, "%s", v->sessions[i].line);
		break;
	case PAGE_GROUPS:
		group_row(v, v->groups.groups[i], out, size);
		break;
	case PAGE_CALLS:
		if (view_calls_at(v, i))
			call_row(v, view_calls_at(v, i), out, size);
		else
			snprintf(out, size, "?");
		break;
	case PAGE_CALL:
		view_call_line(v, i, out, size);
		break;
	default:
		view_diff_row(v, i, out, size);
	}
}

static void list(struct view *v)
{
	size_t rows = view_rows(v), sel = v->sel[v->page], top = v->top[v->page];
	int lines = view_page_lines(v), y;
	char text[1024];
	bool mark;

	page_head(v, text, sizeof(text));
	line(1, term_attr(TERM_HEAD), text);
	if (!rows)
		line(2, term_attr(TERM_NORMAL), v->filter[0] ? "(no call passes the filter)" : "(none)");
	for (y = 0; y < lines && top + (size_t)y < rows; y++) {
		row_text(v, top + (size_t)y, text, sizeof(text));
		mark = v->page != PAGE_CALL && top + (size_t)y == sel;
		line(2 + y, mark ? term_attr(TERM_SELECTED) : term_attr(TERM_NORMAL), text);
	}
}

/* The buckets shown: the highest HIST_LINES in use, lower ones in the first */
static void hist_span(const struct sct_hist *h, unsigned int *first, unsigned int *last)
{
	unsigned int b;

	*first = SCT_HIST_BUCKETS;
	*last = 0;
	for (b = 0; b < SCT_HIST_BUCKETS; b++) {
		if (!h->count[b])
			continue;
		if (*first == SCT_HIST_BUCKETS)
			*first = b;
		*last = b;
	}
}

static void hist_line(int y, unsigned int b, bool below, uint64_t count, uint64_t most)
{
	char lo[SCT_NS_BUFSZ], hi[SCT_NS_BUFSZ], text[64];
	uint64_t l, h;
	int width = COLS - 32, bar;

	sct_hist_bounds(b, &l, &h);
	snprintf(text, sizeof(text), "  %8s .. %-8s %8" PRIu64 " ",
		 below ? "" : sct_format_ns(l, lo, sizeof(lo)), sct_format_ns(h, hi, sizeof(hi)), count);
	mvaddnstr(y, 0, text, COLS);
	bar = width > 0 && most ? (int)((count * (uint64_t)width + most - 1) / most) : 0;
	attrset(term_attr(TERM_BAR));
	for (; bar > 0; bar--)
		addch('#');
	attrset(term_attr(TERM_NORMAL));
}

static void histogram(const struct view *v)
{
	const struct sct_group *g;
	unsigned int first, last, b, from;
	uint64_t most = 0, below = 0;
	int y = LINES - 1 - HIST_LINES - 1;
	char head[192], key[128];

	if (v->page != PAGE_GROUPS || !v->groups.nr || y < 2)
		return;
	g = v->groups.groups[v->sel[PAGE_GROUPS]];
	view_key_text(v, g->key, g->has_id, g->func_id, key, sizeof(key));
	snprintf(head, sizeof(head), "latency of %s (log2 buckets)", key);
	line(y++, term_attr(TERM_HEAD), head);
	hist_span(&g->hist, &first, &last);
	if (first == SCT_HIST_BUCKETS)
		return;
	from = last - first >= HIST_LINES ? last - HIST_LINES + 1 : first;
	for (b = first; b < from; b++)
		below += g->hist.count[b];
	for (b = from; b <= last; b++)
		if (g->hist.count[b] + (b == from ? below : 0) > most)
			most = g->hist.count[b] + (b == from ? below : 0);
	for (b = from; b <= last; b++)
		hist_line(y++, b, b == from && below, g->hist.count[b] + (b == from ? below : 0), most);
}

static const char *const help_lines[] = {
	"smccctrace view: the keys",
	"",
	"Up Down j k    move        PgUp PgDn Home End",
	"Enter          open the session, group or call",
	"S              the group's calls, slowest first (again: in time)",
	"d              compare the session with another (diff's figures)",
	"g              group by owner, range, function, vCPU, location",
	"s              sort the groups by the next column",
	"/              filter: part of a function's name, or 0xID",
	"q Esc Bksp     back (first clearing a filter); quit on the sessions",
	"?              this help (any key closes it)",
};

static void help(void)
{
	size_t i, n = sizeof(help_lines) / sizeof(help_lines[0]);
	int y = 2;

	for (i = 0; i < n && y + (int)i < LINES - 1; i++)
		line(y + (int)i, i ? term_attr(TERM_NORMAL) : term_attr(TERM_HEAD), help_lines[i]);
}

/* The keys, and where the selection is in a long list */
static void footer(const struct view *v)
{
	char text[256], where[64] = "";
	size_t rows = view_rows(v);
	int len, room;

	if (v->page == PAGE_CALLS && rows)
		snprintf(where, sizeof(where), "call %zu/%zu, %s", v->sel[PAGE_CALLS] + 1, rows,
			 v->calls.order == SCT_ORDER_SLOWEST ? "slowest" : "by time");
	len = snprintf(text, sizeof(text), "%s", v->message[0] ? v->message : page_keys[v->page]);
	room = COLS - len - (int)strlen(where);
	if (where[0] && room > 1 && (size_t)COLS < sizeof(text))
		snprintf(text + len, sizeof(text) - (size_t)len, "%*s%s", room, "", where);
	line(LINES - 1, term_attr(TERM_TITLE), text);
}

/**
 * view_draw - draw the page shown and send what changed to the terminal
 * @v: the view
 */
void view_draw(struct view *v)
{
	erase();
	title(v);
	if (v->help)
		help();
	else {
		list(v);
		histogram(v);
	}
	footer(v);
	refresh();
}
