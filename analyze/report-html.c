// SPDX-License-Identifier: GPL-2.0
/*
 * smccctrace report --html: one self-contained page, nothing loaded from
 * elsewhere, with report's lines and tables (the same figures and units as
 * the text table) and the charts of report-html-svg.c. The page is also
 * well-formed XML. It is written to a temporary file beside the target,
 * then renamed over it: a reader sees the old page or the whole new one.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <smccctrace/call.h>
#include <smccctrace/error.h>
#include <smccctrace/output.h>

#include "report.h"

static const char style[] =
	"body{font:14px/1.4 sans-serif;margin:1.5em;color:#222;background:#fff}\n"
	"h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em}\n"
	"table{border-collapse:collapse;margin:.5em 0}\n"
	"th,td{padding:2px 10px;border-bottom:1px solid #ddd;white-space:nowrap}\n"
	"th{background:#f0f0f0}td.r,th.r{text-align:right}td.l,th.l{text-align:left}\n"
	".lines p{margin:.1em 0;font-family:monospace}\n"
	"svg.chart{display:block;margin:.3em 0}svg text{font:11px sans-serif;fill:#333}\n"
	"line.grid{stroke:#ddd;stroke-width:1}polyline{stroke-width:1.5}\n"
	".hists{display:flex;flex-wrap:wrap}.hists div{margin-right:1em}\n"
	".hists h3{font-size:1em;margin:.6em 0 0}\n"
	".legend span{display:inline-block;margin-right:1.2em}\n"
	".swatch{display:inline-block;width:.9em;height:.9em;margin-right:.3em;"
	"vertical-align:middle}\n";

static const char *const loc_legend[4][2] = {
	{ "kernel", "#4477aa" }, { "user", "#ccbb44" }, { "denied", "#ee6677" },
	{ "unknown", "#bbbbbb" },
};

static void cell(FILE *out, const char *tag, bool right, const char *text)
{
	fprintf(out, "<%s class=\"%s\">", tag, right ? "r" : "l");
	report_html_text(out, text);
	fprintf(out, "</%s>", tag);
}

/* report's lines above the tables, as the text report words them */
static int header_lines(FILE *out, const struct report_view *v)
{
	char *text = NULL, *line, *next;
	size_t size = 0;
	FILE *mem;

	mem = open_memstream(&text, &size);
	if (!mem)
		return -1;
	report_print_header(mem, v);
	if (fclose(mem))
		return -1;
	fputs("<div class=\"lines\">\n", out);
	for (line = text; *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		else
			next = line + strlen(line);
		fputs("<p>", out);
		report_html_text(out, line);
		fputs("</p>\n", out);
	}
	fputs("</div>\n", out);
	free(text);
	return 0;
}

static void groups_table(FILE *out, const struct report_view *v)
{
	const struct sct_columns *c = v->columns;
	const struct sct_column *col;
	char buf[REPORT_BUFSZ];
	const struct sct_group *g;
	size_t i, k;

	fputs("<table id=\"groups\">\n<tr><th></th>", out);
	for (k = 0; k < c->nr; k++) {
		col = &report_columns[c->id[k]];
		cell(out, "th", col->align == SCT_ALIGN_RIGHT, col->header);
	}
	fputs("</tr>\n", out);
	for (i = 0; i < v->report->nr; i++) {
		g = v->report->groups[i];
		fprintf(out, "<tr><td class=\"l\"><span class=\"swatch\" style=\"background:%s\">"
			"</span></td>", report_html_colours[i % REPORT_HTML_NR_COLOURS]);
		for (k = 0; k < c->nr; k++)
			cell(out, "td", report_columns[c->id[k]].align == SCT_ALIGN_RIGHT,
			     report_group_cell(v, g, (enum report_col)c->id[k], buf));
		fputs("</tr>\n", out);
	}
	fputs("</table>\n", out);
}

static void forwarded_row(FILE *out, const struct sct_group *g, bool vmm, bool names)
{
	const uint64_t figures[] = {
		g->out_sum.p50, g->out_sum.p99, g->back_sum.p50, g->back_sum.p99,
		g->vmm_sum.p50, g->vmm_sum.p99,
	};
	const char *name = report_group_name(g);
	char buf[SCT_NS_BUFSZ];
	size_t k;

	fputs("<tr>", out);
	cell(out, "td", false, g->key);
	if (names)
		cell(out, "td", false, name ? name : "-");
	snprintf(buf, sizeof(buf), "%" PRIu64, g->by_location[SCT_LOC_USER]);
	cell(out, "td", true, buf);
	for (k = 0; k < (vmm ? 6u : 4u); k++)
		cell(out, "td", true, sct_format_ns(figures[k], buf, sizeof(buf)));
	fputs("</tr>\n", out);
}

/* The forwarded calls' split, as the text report's second table */
static void forwarded_table(FILE *out, const struct report_view *v)
{
	static const char *const heading[] = {
		"FORWARDED", "OUT P50", "OUT P99", "BACK P50", "BACK P99", "VMM P50", "VMM P99",
	};
	const struct sct_groups *r = v->report;
	bool vmm = report_any_vmm(r), names = r->by == SCT_GROUP_BY_FUNCTION;
	size_t i, k;

	if (!v->session->forwarded)
		return;
	fputs("<h2>Forwarded calls</h2>\n<p>kernel out = kvm_exit to kvm_userspace_exit; "
	      "userspace and back = kvm_userspace_exit to kvm_entry", out);
	if (vmm)
		fputs("; VMM = KVM_RUN's return to the next KVM_RUN, as the preload shim saw it",
		      out);
	fputs(".</p>\n<table id=\"forwarded\">\n<tr>", out);
	cell(out, "th", false, "KEY");
	if (names)
		cell(out, "th", false, "NAME");
	for (k = 0; k < (vmm ? 7u : 5u); k++)
		cell(out, "th", true, heading[k]);
	fputs("</tr>\n", out);
	for (i = 0; i < r->nr; i++)
		if (r->groups[i]->by_location[SCT_LOC_USER])
			forwarded_row(out, r->groups[i], vmm, names);
	fputs("</table>\n", out);
}

/* A group's key, and its function's name where it has one */
static void group_title(FILE *out, const struct sct_group *g)
{
	const char *name = report_group_name(g);

	report_html_text(out, g->key);
	if (name) {
		fputc(' ', out);
		report_html_text(out, name);
	}
}

/* The groups' colours, for the charts with a line per group */
static void legend(FILE *out, const struct sct_groups *r)
{
	size_t i;

	fputs("<p class=\"legend\">", out);
	for (i = 0; i < r->nr; i++) {
		fprintf(out, "<span><span class=\"swatch\" style=\"background:%s\"></span>",
			report_html_colours[i % REPORT_HTML_NR_COLOURS]);
		group_title(out, r->groups[i]);
		fputs("</span>", out);
	}
	fputs("</p>\n", out);
}

static void loc_legend_line(FILE *out)
{
	size_t k;

	fputs("<p class=\"legend\">", out);
	for (k = 0; k < 4; k++)
		fprintf(out, "<span><span class=\"swatch\" style=\"background:%s\"></span>%s"
			"</span>", loc_legend[k][1], loc_legend[k][0]);
	fputs("</p>\n", out);
}

static void histograms(FILE *out, const struct sct_groups *r)
{
	const struct sct_group *g;
	size_t i;

	fputs("<h2>Latency histograms (log2 buckets)</h2>\n<div class=\"hists\">\n", out);
	for (i = 0; i < r->nr; i++) {
		g = r->groups[i];
		if (!g->total.nr)
			continue;
		fputs("<div><h3>", out);
		group_title(out, g);
		fprintf(out, " (%zu call%s)</h3>\n", g->total.nr, g->total.nr == 1 ? "" : "s");
		report_svg_hist(out, g, i);
		fputs("</div>\n", out);
	}
	fputs("</div>\n", out);
}

static void charts(FILE *out, const struct report_view *v, const struct report_timeline *t)
{
	const struct sct_groups *r = v->report;

	fputs("<h2>Latency distribution (CDF)</h2>\n", out);
	legend(out, r);
	report_svg_cdf(out, r);
	histograms(out, r);
	if (t->span_ns && t->most) {
		fputs("<h2>Calls over time</h2>\n", out);
		if (v->sessions)
			fputs("<p>The sessions laid over each other, each from its start.</p>\n",
			      out);
		legend(out, r);
		report_svg_timeline(out, r, t);
	}
	fputs("<h2>Where the calls were answered</h2>\n", out);
	loc_legend_line(out);
	report_svg_locations(out, r);
}

static int page(FILE *out, const struct report_view *v, const struct report_timeline *t)
{
	char title[64];

	if (v->sessions)
		snprintf(title, sizeof(title), "smccctrace report: sessions");
	else
		snprintf(title, sizeof(title), "smccctrace report: session %" PRId64,
			 v->session->id);
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
	      "<title>", out);
	report_html_text(out, title);
	fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>", style);
	report_html_text(out, title);
	if (v->sessions) {
		fputc(' ', out);
		report_html_text(out, v->sessions);
	}
	fputs("</h1>\n", out);
	if (header_lines(out, v))
		return -1;
	if (!v->report->nr) {
		fputs("<p>no calls</p>\n", out);
	} else {
		groups_table(out, v);
		forwarded_table(out, v);
		charts(out, v, t);
	}
	fputs("</body>\n</html>\n", out);
	return 0;
}

/* The temporary file beside @path: "DIR/.NAME.XXXXXX", opened */
static FILE *open_temp(const char *path, char **tmp)
{
	const char *slash = strrchr(path, '/');
	int dirlen = slash ? (int)(slash - path + 1) : 0;
	mode_t mask;
	FILE *f;
	int fd;

	if (asprintf(tmp, "%.*s.%s.XXXXXX", dirlen, path, path + dirlen) < 0) {
		*tmp = NULL;
		errno = ENOMEM;
		return NULL;
	}
	fd = mkstemp(*tmp);
	if (fd < 0)
		goto fail;
	/* as an ordinary new file would be, not mkstemp()'s 0600 */
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask))
		goto fail_fd;
	f = fdopen(fd, "w");
	if (f)
		return f;
fail_fd:
	unlink(*tmp);
	close(fd);
fail:
	free(*tmp);
	*tmp = NULL;
	return NULL;
}

/**
 * report_html_write - write the report as an HTML page
 * @path: the file; replaced whole, or left as it was on failure
 * @v: the report, as for report_print()
 * @t: the shown groups' calls over time
 *
 * Returns 0, or -1 with the error set naming @path.
 */
int report_html_write(const char *path, const struct report_view *v,
		      const struct report_timeline *t)
{
	char *tmp;
	FILE *out;
	int err;

	out = open_temp(path, &tmp);
	if (!out)
		return sct_set_error(errno, "%s: %s", path, strerror(errno));
	errno = 0;
	err = page(out, v, t);
	if (!err && fflush(out))
		err = -1;
	if (!err && (ferror(out) || fsync(fileno(out))))
		err = -1;
	if (fclose(out))
		err = -1;
	if (!err && rename(tmp, path))
		err = -1;
	if (err) {
		err = errno ? errno : EIO;
		unlink(tmp);
		free(tmp);
		return sct_set_error(err, "%s: %s", path, strerror(err));
	}
	free(tmp);
	return 0;
}
