/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the files of "smccctrace report" share.
 */
#ifndef SMCCCTRACE_ANALYZE_REPORT_H
#define SMCCCTRACE_ANALYZE_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <smccctrace/columns.h>
#include <smccctrace/group.h>
#include <smccctrace/select.h>
#include <smccctrace/store.h>

#include "cli.h"

/* What the printers need besides the groups */
struct report_view {
	const struct sct_session	*session;
	const struct sct_groups		*report;
	bool				hist;
	uint64_t			vms;		/* VMs the session knows */
	uint64_t			vm_filters;	/* different filters they had */
	const char			*sessions;	/* several together: "1, 2"; else NULL */
	bool				selected;	/* only the calls the options chose */
	uint64_t			duration_ns;	/* the sessions' lengths added; 0: unknown */
	uint64_t			total_ns;	/* latency of every group's calls, added */
	const struct sct_columns	*columns;	/* the table's */
	bool				fit;		/* the default columns: fit 80 wide */
};

/* The columns of report's group table (-o), in the order of report_columns[] */
enum report_col {
	RC_KEY, RC_NAME, RC_CALLS, RC_SHARE, RC_RATE, RC_KERNEL, RC_USER, RC_DENIED,
	RC_UNKNOWN, RC_INCOMPLETE, RC_TOTAL, RC_TIME, RC_MIN, RC_P50, RC_P90, RC_P99,
	RC_P999, RC_MAX, RC_MEAN, RC_SPREAD, RC_NR,
};

extern const struct sct_column report_columns[RC_NR];

/* The default columns: 80 wide */
#define REPORT_COLUMNS		"key,calls,calls/s,total,time%,p50,p99,max,p99/p50"
#define REPORT_COLUMNS_FUNCTION	"key,name,calls,total,time%,p50,p99,p99/p50"
#define REPORT_WIDTH		80

/* Text of a figure, in a buffer this big */
#define REPORT_BUFSZ		32

/*
 * Calls over time, for --html: each shown group's calls counted in
 * buckets of equal length from the start of their session (several
 * sessions overlaid)
 */
#define REPORT_TIME_BUCKETS	60

struct report_timeline {
	uint64_t	span_ns;	/* the longest session; 0: no times */
	uint64_t	width_ns;	/* of a bucket */
	size_t		nr_groups;
	uint64_t	*counts;	/* [group * REPORT_TIME_BUCKETS + bucket] */
	uint64_t	most;		/* the largest count */
};

int report_timeline_collect(struct report_timeline *t, struct sct_store *store,
			    const int64_t *ids, size_t nr_ids, const struct sct_selection *sel,
			    const struct sct_groups *r);
void report_timeline_release(struct report_timeline *t);
int report_html_write(const char *path, const struct report_view *v,
		      const struct report_timeline *t);

/* report-html-svg.c: the charts, inline SVG */
extern const char *const report_html_colours[];
#define REPORT_HTML_NR_COLOURS	12

void report_html_text(FILE *out, const char *text);
void report_svg_cdf(FILE *out, const struct sct_groups *r);
void report_svg_hist(FILE *out, const struct sct_group *g, size_t colour);
void report_svg_timeline(FILE *out, const struct sct_groups *r,
			 const struct report_timeline *t);
void report_svg_locations(FILE *out, const struct sct_groups *r);

const char *report_group_name(const struct sct_group *g);
void report_print_header(FILE *out, const struct report_view *v);
const char *report_group_cell(const struct report_view *v, const struct sct_group *g,
			      enum report_col col, char *buf);
bool report_any_vmm(const struct sct_groups *r);
const char *report_share(const struct report_view *v, const struct sct_group *g,
			 unsigned int decimals, bool trim, char *buf);
const char *report_time_share(const struct report_view *v, const struct sct_group *g,
			      unsigned int decimals, bool trim, char *buf);
const char *report_spread(const struct sct_group *g, unsigned int decimals, bool trim,
			  char *buf);
bool report_hist_span(const struct sct_group *g, unsigned int *first, unsigned int *last);
void report_print_csv(FILE *out, const struct report_view *v);
void report_print_json(FILE *out, const struct report_view *v);
int report_print(FILE *out, enum sct_format format, const struct report_view *v);

#endif /* SMCCCTRACE_ANALYZE_REPORT_H */
