// SPDX-License-Identifier: GPL-2.0
/*
 * smccctrace report --html: the charts, drawn as inline SVG. Latencies lie
 * on a log2 axis whose steps are the histogram's buckets; a latency's place
 * within its bucket is linear.
 */
#include <inttypes.h>

#include <smccctrace/output.h>

#include "report.h"

/* Plot area of the wide charts, in px */
#define CHART_W		640
#define CHART_H		200
#define MARGIN_L	56
#define MARGIN_T	12
#define MARGIN_B	36
#define SVG_W		(MARGIN_L + CHART_W + 24)
#define SVG_H		(MARGIN_T + CHART_H + MARGIN_B)
#define HIST_W		300	/* the histograms: small, several a row */
#define HIST_H		80
#define CDF_POINTS	200	/* at most, per group */
#define MAX_TICKS	8
#define MAX_HIST_TICKS	5
#define LOC_LABEL_W	150
#define LOC_ROW_H	22

/* One colour per group, in the groups' order, repeating after the last */
const char *const report_html_colours[REPORT_HTML_NR_COLOURS] = {
	"#4477aa", "#ee6677", "#228833", "#ccbb44",
	"#66ccee", "#aa3377", "#555555", "#bb5500",
	"#44aa99", "#882255", "#999933", "#000000",
};

static const char *const loc_colours[4] = {
	[SCT_LOC_KERNEL]	= "#4477aa",
	[SCT_LOC_USER]		= "#ccbb44",
	[SCT_LOC_DENIED]	= "#ee6677",
	[SCT_LOC_UNKNOWN]	= "#bbbbbb",
};

/**
 * report_html_text - write text escaped for HTML and XML
 * @out: the stream
 * @text: the text; NULL writes nothing
 *
 * Control characters, which XML does not allow, become '?'.
 */
void report_html_text(FILE *out, const char *text)
{
	for (; text && *text; text++) {
		switch (*text) {
		case '&':	fputs("&amp;", out); break;
		case '<':	fputs("&lt;", out); break;
		case '>':	fputs("&gt;", out); break;
		case '"':	fputs("&quot;", out); break;
		case '\'':	fputs("&#39;", out); break;
		case '\t':
		case '\n':	fputc(*text, out); break;
		default:
			fputc((unsigned char)*text < 0x20 ? '?' : *text, out);
		}
	}
}

static const char *colour(size_t i)
{
	return report_html_colours[i % REPORT_HTML_NR_COLOURS];
}

static void svg_begin(FILE *out, const char *id, unsigned int w, unsigned int h)
{
	fprintf(out, "<svg id=\"%s\" class=\"chart\" width=\"%u\" height=\"%u\" "
		"viewBox=\"0 0 %u %u\" role=\"img\">\n", id, w, h, w, h);
}

static void svg_text(FILE *out, double x, double y, const char *anchor, const char *text)
{
	fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">", x, y, anchor);
	report_html_text(out, text);
	fputs("</text>\n", out);
}

/* ---- the log2 latency axis ---- */

struct log_axis {
	unsigned int	from;	/* the first bucket shown */
	unsigned int	to;	/* the end of the last: a bucket number past it */
	unsigned int	width;	/* in px */
};

/* Where a latency lies: its bucket, plus how far into the bucket */
static double log_pos(uint64_t v)
{
	unsigned int k = sct_hist_bucket(v);
	uint64_t lo, hi;

	sct_hist_bounds(k, &lo, &hi);
	return k + (double)(v - lo) / ((double)(hi - lo) + 1.0);
}

static double axis_x(const struct log_axis *a, double pos)
{
	return MARGIN_L + (pos - a->from) * a->width / (a->to - a->from);
}

/* The buckets of every group's latencies; false when no call has one */
static bool axis_of(const struct sct_groups *r, struct log_axis *a)
{
	unsigned int first, last;
	size_t i;

	a->from = SCT_HIST_BUCKETS;
	a->to = 0;
	a->width = CHART_W;
	for (i = 0; i < r->nr; i++) {
		if (!report_hist_span(r->groups[i], &first, &last))
			continue;
		if (first < a->from)
			a->from = first;
		if (last + 1 > a->to)
			a->to = last + 1;
	}
	return a->from < a->to;
}

/* The start of bucket @k as report's tables write it */
static const char *bucket_text(unsigned int k, char *buf)
{
	uint64_t lo, hi;

	sct_hist_bounds(k, &lo, &hi);
	if (k == SCT_HIST_BUCKETS)	/* the end of the last bucket */
		lo = UINT64_MAX;
	return sct_format_ns(lo, buf, SCT_NS_BUFSZ);
}

static void log_ticks(FILE *out, const struct log_axis *a)
{
	unsigned int k, step = (a->to - a->from + MAX_TICKS - 1) / MAX_TICKS;
	char buf[SCT_NS_BUFSZ];
	double x;

	for (k = a->from; k <= a->to; k += step) {
		x = axis_x(a, k);
		fprintf(out, "<line class=\"grid\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>\n",
			x, MARGIN_T, x, MARGIN_T + CHART_H);
		svg_text(out, x, MARGIN_T + CHART_H + 16, "middle", bucket_text(k, buf));
	}
	svg_text(out, MARGIN_L + CHART_W / 2, SVG_H - 4, "middle", "latency (log2 scale)");
}

/* ---- CDF ---- */

static double cdf_y(double fraction)
{
	return MARGIN_T + CHART_H - fraction * CHART_H;
}

/* The sample at the @j-th of @points steps: the nearest rank of j / points */
static size_t cdf_rank(size_t j, size_t points, size_t n)
{
	return (j * n + points - 1) / points;
}

static void cdf_line(FILE *out, const struct log_axis *a, const struct sct_group *g,
		     size_t i)
{
	const struct sct_tally *s = &g->total;
	size_t j, rank, points = s->nr < CDF_POINTS ? s->nr : CDF_POINTS;
	size_t k = 0, below = 0;	/* the ranks of the entries before e[k] */
	double prev = 0.0, f, x;

	fprintf(out, "<polyline class=\"cdf\" data-key=\"");
	report_html_text(out, g->key);
	fprintf(out, "\" stroke=\"%s\" fill=\"none\" points=\"", colour(i));
	for (j = 1; j <= points; j++) {
		rank = cdf_rank(j, points, s->nr);
		while (below + s->e[k].count < rank)
			below += s->e[k++].count;
		x = axis_x(a, log_pos(s->e[k].value));
		f = (double)rank / (double)s->nr;
		fprintf(out, "%s%.1f,%.1f %.1f,%.1f", j > 1 ? " " : "", x, cdf_y(prev), x,
			cdf_y(f));
		prev = f;
	}
	fputs("\"><title>", out);
	report_html_text(out, g->key);
	fputs("</title></polyline>\n", out);
}

/**
 * report_svg_cdf - the cumulative distribution of each group's latencies
 * @out: the stream
 * @r: the groups, finished; groups without a complete call draw no line
 *
 * One step line per group, in the group's colour, of at most CDF_POINTS
 * steps at evenly spaced nearest ranks.
 */
void report_svg_cdf(FILE *out, const struct sct_groups *r)
{
	struct log_axis a;
	unsigned int pct;
	char label[8];
	size_t i;

	if (!axis_of(r, &a))
		return;
	svg_begin(out, "cdf", SVG_W, SVG_H);
	for (pct = 0; pct <= 100; pct += 25) {
		fprintf(out, "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>\n",
			MARGIN_L, cdf_y(pct / 100.0), MARGIN_L + CHART_W, cdf_y(pct / 100.0));
		snprintf(label, sizeof(label), "%u%%", pct);
		svg_text(out, MARGIN_L - 6, cdf_y(pct / 100.0) + 4, "end", label);
	}
	log_ticks(out, &a);
	for (i = 0; i < r->nr; i++)
		if (r->groups[i]->total.nr)
			cdf_line(out, &a, r->groups[i], i);
	fputs("</svg>\n", out);
}

/* ---- histogram ---- */

static void hist_bar(FILE *out, unsigned int k, uint64_t count, uint64_t most,
		     double x, double w, size_t i)
{
	char lo_text[SCT_NS_BUFSZ], hi_text[SCT_NS_BUFSZ];
	double h = (double)count * HIST_H / (double)most;
	uint64_t lo, hi;

	sct_hist_bounds(k, &lo, &hi);
	if (hi != UINT64_MAX)
		hi++;
	if (count && h < 1.0)
		h = 1.0;
	fprintf(out, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
		"fill=\"%s\" data-count=\"%" PRIu64 "\"><title>%s to %s: %" PRIu64
		"</title></rect>\n", x + 1, MARGIN_T + HIST_H - h, w - 2 > 1 ? w - 2 : 1, h,
		colour(i), count, sct_format_ns(lo, lo_text, sizeof(lo_text)),
		sct_format_ns(hi, hi_text, sizeof(hi_text)), count);
}

/**
 * report_svg_hist - the log2 histogram of one group's latencies
 * @out: the stream
 * @g: the group, finished; without a complete call nothing is drawn
 * @i: the group's place, which picks its colour
 *
 * One bar per bucket from the first nonempty to the last, empty ones
 * included (as report --hist), each titled FROM to BELOW: COUNT.
 */
void report_svg_hist(FILE *out, const struct sct_group *g, size_t i)
{
	struct log_axis a;
	uint64_t most = 0;
	unsigned int k, first, last, step;
	char buf[SCT_NS_BUFSZ], id[32];
	double w;

	if (!report_hist_span(g, &first, &last))
		return;
	for (k = first; k <= last; k++)
		if (g->hist.count[k] > most)
			most = g->hist.count[k];
	a = (struct log_axis) { first, last + 1, HIST_W };
	w = (double)HIST_W / (a.to - a.from);
	step = (a.to - a.from + MAX_HIST_TICKS - 1) / MAX_HIST_TICKS;
	snprintf(id, sizeof(id), "hist-%zu", i);
	svg_begin(out, id, MARGIN_L + HIST_W + 24, MARGIN_T + HIST_H + 24);
	for (k = first; k <= last; k++)
		hist_bar(out, k, g->hist.count[k], most, axis_x(&a, k), w, i);
	for (k = a.from; k <= a.to; k += step)
		svg_text(out, axis_x(&a, k), MARGIN_T + HIST_H + 16, "middle", bucket_text(k, buf));
	snprintf(buf, sizeof(buf), "%" PRIu64, most);
	svg_text(out, MARGIN_L - 6, MARGIN_T + 10, "end", buf);
	fputs("</svg>\n", out);
}

/* ---- calls over time ---- */

static void time_line(FILE *out, const struct report_timeline *t, size_t g)
{
	const uint64_t *n = &t->counts[g * REPORT_TIME_BUCKETS];
	unsigned int b;

	fprintf(out, "<polyline class=\"timeline\" stroke=\"%s\" fill=\"none\" points=\"",
		colour(g));
	for (b = 0; b < REPORT_TIME_BUCKETS; b++)
		fprintf(out, "%s%.1f,%.1f", b ? " " : "",
			MARGIN_L + (b + 0.5) * CHART_W / REPORT_TIME_BUCKETS,
			MARGIN_T + CHART_H - (double)n[b] * CHART_H / (double)t->most);
	fputs("\"/>\n", out);
}

/**
 * report_svg_timeline - each group's calls over the sessions' time
 * @out: the stream
 * @r: the groups shown
 * @t: their calls counted in time buckets (report_timeline_collect())
 *
 * Nothing is drawn when the sessions have no times or no call was counted.
 */
void report_svg_timeline(FILE *out, const struct sct_groups *r,
			 const struct report_timeline *t)
{
	char buf[SCT_NS_BUFSZ], width[SCT_NS_BUFSZ], label[80];
	unsigned int b;
	size_t g;

	if (!t->span_ns || !t->most)
		return;
	svg_begin(out, "timeline", SVG_W, SVG_H);
	for (b = 0; b <= REPORT_TIME_BUCKETS; b += REPORT_TIME_BUCKETS / 4) {
		double x = MARGIN_L + (double)b * CHART_W / REPORT_TIME_BUCKETS;

		fprintf(out, "<line class=\"grid\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>\n",
			x, MARGIN_T, x, MARGIN_T + CHART_H);
		svg_text(out, x, MARGIN_T + CHART_H + 16, "middle",
			 sct_format_ns(b * t->width_ns, buf, sizeof(buf)));
	}
	snprintf(buf, sizeof(buf), "%" PRIu64, t->most);
	svg_text(out, MARGIN_L - 6, MARGIN_T + 10, "end", buf);
	svg_text(out, MARGIN_L - 6, MARGIN_T + CHART_H, "end", "0");
	snprintf(label, sizeof(label), "time since the session began; calls per %s",
		 sct_format_ns(t->width_ns, width, sizeof(width)));
	svg_text(out, MARGIN_L + CHART_W / 2, SVG_H - 4, "middle", label);
	for (g = 0; g < r->nr && g < t->nr_groups; g++)
		time_line(out, t, g);
	fputs("</svg>\n", out);
}

/* ---- locations ---- */

static void loc_row(FILE *out, const struct sct_group *g, unsigned int row)
{
	char pct[REPORT_BUFSZ];
	double x = LOC_LABEL_W, w, y = MARGIN_T + row * LOC_ROW_H;
	int loc;

	svg_text(out, LOC_LABEL_W - 6, y + 14, "end", g->key);
	for (loc = 0; loc < 4 && g->calls; loc++) {
		if (!g->by_location[loc])
			continue;
		w = (double)g->by_location[loc] * CHART_W / (double)g->calls;
		fprintf(out, "<rect class=\"loc-%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
			"height=\"%d\" fill=\"%s\" data-calls=\"%" PRIu64 "\"><title>",
			sct_location_name((enum sct_location)loc), x, y, w, LOC_ROW_H - 4,
			loc_colours[loc], g->by_location[loc]);
		report_html_text(out, g->key);
		fprintf(out, ", %s: %" PRIu64 " (%s%%)</title></rect>\n",
			sct_location_name((enum sct_location)loc), g->by_location[loc],
			sct_format_percent(g->by_location[loc], g->calls, 1, false, pct,
					   sizeof(pct)));
		x += w;
	}
}

/**
 * report_svg_locations - where each group's calls were answered
 * @out: the stream
 * @r: the groups shown
 *
 * One bar per group, the whole of its calls, split into kernel, user,
 * denied and unknown in proportion.
 */
void report_svg_locations(FILE *out, const struct sct_groups *r)
{
	unsigned int row;

	if (!r->nr)
		return;
	svg_begin(out, "locations", LOC_LABEL_W + CHART_W + 24,
		  MARGIN_T * 2 + (unsigned int)r->nr * LOC_ROW_H);
	for (row = 0; row < r->nr; row++)
		loc_row(out, r->groups[row], row);
	fputs("</svg>\n", out);
}
