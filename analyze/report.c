// SPDX-License-Identifier: GPL-2.0
/*
 * smccctrace report: counts and latency figures of the calls of one
 * session or several together, per owner, range, function, vCPU or
 * location, of all calls or those the selection options choose.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <smccctrace/error.h>
#include <smccctrace/store.h>

#include "builtin.h"
#include "cli.h"
#include "column-options.h"
#include "parse-options.h"
#include "report.h"
#include "select-options.h"

static const struct usage report_usage = {
	.cmd		= "report",
	.synopsis	= (const char *const []){
		"smccctrace report [-d FILE] [-s N|latest]... [--by KEY] [--sort ORDER] [--top N]",
		"                  [--function IDS] [--range R] [--vcpu N] [--location L]",
		"                  [--from S] [--to S] [-o COLUMNS] [--format F] [--hist]",
		"                  [--html FILE]",
		NULL
	},
	.notes		= (const char *const []){
		"Latency is kvm_exit to kvm_entry; forwarded calls also show kvm_exit to",
		"kvm_userspace_exit (kernel out) and kvm_userspace_exit to kvm_entry",
		"(userspace and back). Percentiles are nearest-rank over the complete calls.",
		"Several sessions (-s 1,2 or -s 1 -s 2) are reported as one.",
		"P99/P50 (the spread) is P99 divided by P50; TIME% a group's share of the",
		"latencies of all the calls, added; CALLS/S its calls over the sessions' length.",
		NULL
	},
};

#define REPORT_MAX_SESSIONS	64

struct report_opts {
	const char		*db;
	int64_t			ids[REPORT_MAX_SESSIONS];
	size_t			nr_ids;
	enum sct_group_by	by;
	int			sort;
	uint64_t		top;
	struct sct_selection	sel;
	enum sct_format		format;
	bool			hist;
	const char		*html;		/* --html */
	const char		*columns;	/* -o */
	struct sct_columns	cols;
};

/* -s N|latest, also N,M,...; repeatable */
static int parse_sessions(const struct opt *opt, const char *arg, char *why, size_t size)
{
	struct report_opts *o = opt->value;
	char item[32];
	const char *p = arg, *comma;
	size_t len;

	do {
		comma = strchr(p, ',');
		len = comma ? (size_t)(comma - p) : strlen(p);
		snprintf(item, sizeof(item), "%.*s", (int)len, p);
		if (len >= sizeof(item) || sct_parse_session(item, &o->ids[o->nr_ids])) {
			snprintf(why, size, "'%.*s' is not a session (a number from 1, or latest)",
				 (int)len, p);
			return -1;
		}
		if (++o->nr_ids == REPORT_MAX_SESSIONS && comma) {
			snprintf(why, size, "more than %d sessions", REPORT_MAX_SESSIONS);
			return -1;
		}
		p = comma + 1;
	} while (comma);
	return 0;
}

static int parse(int argc, char **argv, struct report_opts *o)
{
	const struct opt opts[] = {
		opt_db(&o->db),
		opt_callback('s', "session", "N|latest", o, parse_sessions,
			     "the session to report on (default latest); several\n"
			     "together: -s 1,2 or -s 1 -s 2"),
		opt_choice('b', "by", "KEY", (int *)&o->by, sct_group_by_names,
			   "group calls by owner, range (default), function,\n"
			   "vcpu or location"),
		opt_choice(0, "sort", "ORDER", &o->sort, sct_group_sort_names,
			   "order the groups by calls (default), key, total,\n"
			   "mean, p50, p99 or max latency"),
		opt_u64(0, "top", "N", &o->top, 1, UINT64_MAX, "only the first N groups"),
		opt_select_function(&o->sel),
		opt_select_range(&o->sel),
		opt_select_vcpu(&o->sel),
		opt_select_location(&o->sel),
		opt_select_from(&o->sel),
		opt_select_to(&o->sel),
		opt_columns(&o->columns),
		opt_format(&o->format, SCT_FORMATS_DATA),
		opt_bool(0, "hist", &o->hist, "add log2 histograms of the latencies"),
		opt_string(0, "html", "FILE", &o->html,
			   "write the report as one HTML page with charts to\n"
			   "FILE instead of printing it"),
		opt_end(),
	};
	int n;

	n = parse_options(argc, argv, opts, &report_usage, PARSE_NO_ARGS);
	if (n < 0)
		return n;
	if (!o->nr_ids)
		o->nr_ids = 1;	/* ids[0] = 0: the latest */
	if (select_check(&o->sel, "report"))
		return PARSE_ERROR;
	return columns_option(&report_usage, &o->cols, report_columns, RC_NR,
			      o->by == SCT_GROUP_BY_FUNCTION ? REPORT_COLUMNS_FUNCTION :
			      REPORT_COLUMNS, o->columns);
}

static int collect(struct sct_store *store, const struct report_opts *o,
		   const struct sct_session *s, struct sct_groups *r)
{
	int ret;

	ret = sct_store_foreach_selected(store, s->id, &o->sel, sct_groups_add_call, r);
	if (!ret)
		ret = sct_store_foreach_exit(store, s->id, sct_groups_add_exit, r);
	if (ret && r->oom)
		return sct_err("report: session %" PRId64 ": out of memory", s->id);
	if (ret)
		return sct_err("%s", sct_last_error());
	return 0;
}

/* A string made of two, ", " between; NULL when out of memory */
static char *joined(char *a, const char *b)
{
	char *s;

	if (!a)
		return strdup(b ? b : "?");
	if (asprintf(&s, "%s, %s", a, b ? b : "?") < 0)
		s = NULL;
	free(a);
	return s;
}

/* Several sessions as one: their counts added, their ids and sources listed */
static int add_session(struct sct_session *all, char **ids, const struct sct_session *s,
		       size_t i)
{
	char id[24];

	snprintf(id, sizeof(id), "%" PRId64, s->id);
	if (!i) {
		all->id = s->id;
		all->kind = s->kind ? strdup(s->kind) : NULL;
		all->filter_json = s->filter_json ? strdup(s->filter_json) : NULL;
	} else {
		if (all->kind && (!s->kind || strcmp(all->kind, s->kind))) {
			free(all->kind);
			all->kind = strdup("mixed");
		}
		if (!s->filter_json) {
			free(all->filter_json);
			all->filter_json = NULL;
		}
	}
	*ids = joined(*ids, id);
	all->source = joined(all->source, s->source);
	all->calls += s->calls;
	all->forwarded += s->forwarded;
	all->kernel_calls += s->kernel_calls;
	all->denied += s->denied;
	all->unknown += s->unknown;
	all->incomplete += s->incomplete;
	all->lost_events += s->lost_events;
	return *ids && all->source ? 0 : -1;
}

static int report_sessions(const struct report_opts *o, struct sct_store *store,
			   struct sct_session *all, char **ids, struct sct_groups *r,
			   struct report_view *v)
{
	uint64_t vms = 0, filters = 0;
	struct sct_session s;
	size_t i;
	int ret = 0;

	for (i = 0; !ret && i < o->nr_ids; i++) {
		if (sct_store_get_session(store, o->ids[i], &s))
			return sct_err("%s", sct_last_error());
		sct_cli_warn_interrupted(store, &s);
		ret = collect(store, o, &s, r);
		if (!ret && sct_store_vm_filters(store, s.id, &vms, &filters))
			ret = sct_err("%s", sct_last_error());
		if (!ret && add_session(all, ids, &s, i))
			ret = sct_err("report: out of memory");
		v->vms += vms;
		v->vm_filters = filters > v->vm_filters ? filters : v->vm_filters;
		if (s.first_ns != SCT_NO_TIME && s.last_ns != SCT_NO_TIME && s.last_ns > s.first_ns)
			v->duration_ns += s.last_ns - s.first_ns;
		sct_session_release(&s);
	}
	return ret;
}

/* The latencies of every group's calls, added: before --top drops groups */
static uint64_t all_time(const struct sct_groups *r)
{
	uint64_t sum = 0;
	size_t i;

	for (i = 0; i < r->nr; i++)
		sum += sct_group_total_ns(r->groups[i]);
	return sum;
}

/* --html: the page, with the shown groups' calls over time read again */
static int write_html(const struct report_opts *o, struct sct_store *store,
		      const struct report_view *v)
{
	struct report_timeline t;
	int ret;

	ret = report_timeline_collect(&t, store, o->ids, o->nr_ids, &o->sel, v->report);
	if (!ret)
		ret = report_html_write(o->html, v, &t);
	report_timeline_release(&t);
	return ret ? sct_err("report: %s", sct_last_error()) : 0;
}

static int run(struct report_opts *o)
{
	struct sct_session all = { 0 };
	struct report_view v = { .session = &all, .hist = o->hist, .columns = &o->cols,
				  .fit = !o->columns };
	struct sct_store *store;
	struct sct_groups r;
	char *ids = NULL;
	int ret;

	store = sct_cli_open_store(o->db, SCT_STORE_READONLY);
	if (!store)
		return SCT_EXIT_USAGE;
	sct_groups_init(&r, o->by);
	ret = report_sessions(o, store, &all, &ids, &r, &v);
	if (!ret) {
		sct_groups_finish(&r);
		v.total_ns = all_time(&r);
		if (sct_groups_sort(&r, (enum sct_group_sort)o->sort))
			ret = sct_err("report: out of memory");
		sct_groups_top(&r, o->top);
	}
	v.report = &r;
	v.sessions = o->nr_ids > 1 ? ids : NULL;
	v.selected = !sct_selection_is_all(&o->sel);
	if (!ret && o->html)
		ret = write_html(o, store, &v);
	else if (!ret && report_print(stdout, o->format, &v))
		ret = sct_err("report: out of memory");
	sct_groups_release(&r);
	sct_session_release(&all);
	free(ids);
	sct_store_close(store);
	return ret;
}

/**
 * cmd_report - smccctrace report
 * @argc: number of arguments, the command word included
 * @argv: the arguments; argv[0] is "report"
 *
 * Prints the report of one session, or of several as one, to stdout and
 * errors to stderr. Returns SCT_EXIT_OK, or SCT_EXIT_USAGE for a bad
 * option or value, a missing or unreadable database or session.
 */
int cmd_report(int argc, char **argv)
{
	struct report_opts o = {
		.by = SCT_GROUP_BY_RANGE,
		.format = SCT_FORMAT_TABLE,
	};
	int ret;

	sct_selection_init(&o.sel);
	o.sel.timing_only = true;	/* no arguments or results are shown */
	ret = parse(argc, argv, &o);
	ret = ret < 0 ? parse_status(ret) : run(&o);
	sct_selection_release(&o.sel);
	return ret;
}
