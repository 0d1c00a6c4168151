// SPDX-License-Identifier: GPL-2.0
/*
 * smccctrace diff: two sessions compared, with thresholds for CI.
 */
#include <stdlib.h>
#include <string.h>

#include <smccctrace/array.h>
#include <smccctrace/error.h>
#include <smccctrace/store.h>

#include "builtin.h"
#include "cli.h"
#include "column-options.h"
#include "parse-options.h"
#include "diff.h"
#include "select-options.h"

static const struct usage diff_usage = {
	.cmd		= "diff",
	.synopsis	= (const char *const []){
		"smccctrace diff [-d FILE] [--by KEY] [--fail-on RULE]... [--format F]",
		"                [--sort ORDER] [--top N] [--function IDS] [--range R]",
		"                [--vcpu N] [--location L] [--from S] [--to S] [-o COLUMNS] A B",
		NULL
	},
	.notes		= (const char *const []){
		"A, B: a session of the database (N or latest), or another database:",
		"FILE.db (its newest session) or FILE.db:N.",
		"RULE: METRIC>+N% or METRIC>+N(ns|us|ms) with METRIC one of min, p50, p90,",
		"p99, p999, max, mean; or location-change, new-id, gone-id, result-change.",
		"The selection options choose the calls of both sides; --sort orders the",
		"rows by A's groups, --top shows the first N (the rules judge them all).",
		NULL
	},
};

struct diff_opts {
	const char		*db;
	const char		*columns;	/* -o */
	struct sct_columns	cols;
	enum sct_group_by		by;
	enum sct_format		format;
	int			sort;
	uint64_t		top;
	struct sct_selection	sel;
};

static int parse_rule(const struct opt *opt, const char *arg, char *why, size_t size)
{
	struct diff *d = opt->value;

	if (d->nr_rules == DIFF_MAX_RULES) {
		snprintf(why, size, "more than %d rules", DIFF_MAX_RULES);
		return -1;
	}
	if (diff_rule_parse(arg, &d->rules[d->nr_rules])) {
		snprintf(why, size, "%s", sct_last_error());
		return -1;
	}
	d->nr_rules++;
	return 0;
}

static int parse_alpha(const struct opt *opt, const char *arg, char *why, size_t size)
{
	double *alpha = opt->value;
	char *end;

	*alpha = strtod(arg, &end);
	if (*end || end == arg || !(*alpha > 0 && *alpha <= 1)) {
		snprintf(why, size, "'%s' is not a level in (0, 1]", arg);
		return -1;
	}
	return 0;
}

static int parse(int argc, char **argv, struct diff_opts *o, struct diff *d)
{
	const struct opt opts[] = {
		opt_db(&o->db),
		opt_choice('b', "by", "KEY", (int *)&o->by, sct_group_by_names,
			   "function (default), range, owner, vcpu or location"),
		opt_callback(0, "fail-on", "RULE", d, parse_rule,
			     "exit 1 when B breaks RULE against A (repeatable)"),
		opt_callback(0, "alpha", "P", &d->alpha, parse_alpha,
			     "a latency rule fires only when the change is also\n"
			     "significant at level P (Mann-Whitney U; default 0.05)"),
		opt_u64(0, "min-calls", "N", &d->min_calls, 0, UINT64_MAX,
			"latency rules skip groups with fewer calls on a side"),
		opt_choice(0, "sort", "ORDER", &o->sort, sct_group_sort_names,
			   "order the rows by A's calls (default), key, total,\n"
			   "mean, p50, p99 or max latency"),
		opt_u64(0, "top", "N", &o->top, 1, UINT64_MAX, "show only the first N rows"),
		opt_select_function(&o->sel),
		opt_select_range(&o->sel),
		opt_select_vcpu(&o->sel),
		opt_select_location(&o->sel),
		opt_select_from(&o->sel),
		opt_select_to(&o->sel),
		opt_columns(&o->columns),
		opt_format(&o->format, sct_format_bit(SCT_FORMAT_TABLE) |
				       sct_format_bit(SCT_FORMAT_CSV) |
				       sct_format_bit(SCT_FORMAT_JSON) |
				       sct_format_bit(SCT_FORMAT_JUNIT)),
		opt_end(),
	};
	int n;

	n = parse_options(argc, argv, opts, &diff_usage, 0);
	if (n < 0)
		return n;
	diff_columns_init();
	if (columns_option(&diff_usage, &o->cols, diff_columns, DIFF_NR_COLS,
			   o->by == SCT_GROUP_BY_FUNCTION ? DIFF_COLUMNS_FUNCTION : DIFF_COLUMNS,
			   o->columns))
		return o->columns && !strcmp(o->columns, "help") ? PARSE_HELP : PARSE_ERROR;
	if (n != 2) {
		usage_error(&diff_usage, "give two sessions, A and B");
		return PARSE_ERROR;
	}
	d->a.arg = argv[0];
	d->b.arg = argv[1];
	return select_check(&o->sel, "diff") ? PARSE_ERROR : 0;
}

/*
 * A side: "N" or "latest" names a session of -d's database; "FILE" or
 * "FILE:N" another database. Returns the session id (0: newest), or -1.
 */
static int64_t parse_side(struct diff_side *s, const char *db, char *path)
{
	const char *colon = strrchr(s->arg, ':');
	int64_t id = 0;
	uint64_t n;

	if (!strcmp(s->arg, "latest") || !sct_parse_u64(s->arg, &n)) {
		s->db = sct_cli_db_path(db);
		colon = s->arg;
	} else {
		strcpy(path, s->arg);
		s->db = path;
		if (!colon || !colon[1])
			return 0;
		path[colon++ - s->arg] = '\0';
	}
	if (sct_parse_session(colon, &id)) {
		usage_error(&diff_usage, "'%s' is not a session (a number from 1, or latest)", colon);
		return -1;
	}
	return id;
}

static int result_cmp(const void *x, const void *y)
{
	return memcmp(x, y, sizeof(struct diff_result));
}

static int keep_result(struct diff_side *s, const struct sct_call *c)
{
	struct diff_result *r, *tmp;

	if (!c->nresults || !c->id_known)
		return 0;
	tmp = sct_array_room(s->results, &s->alloc_results, s->nr_results + 1, sizeof(*tmp));
	if (!tmp)
		return -1;
	s->results = tmp;
	r = &s->results[s->nr_results++];
	memset(r, 0, sizeof(*r));
	r->id = c->func_id;
	r->n = c->nresults;
	memcpy(r->x, c->results, c->nresults * sizeof(r->x[0]));
	return 0;
}

static int add_call(const struct sct_call *c, void *data)
{
	struct diff_side *s = data;

	if (sct_groups_add_call(c, &s->groups) || sct_groups_add_call(c, &s->funcs))
		return 1;
	return keep_result(s, c) ? 1 : 0;
}

/* The side's length and the time of all its calls: rates and time shares */
static void side_figures(struct diff_side *s)
{
	size_t i;

	if (s->session.first_ns != SCT_NO_TIME && s->session.last_ns != SCT_NO_TIME &&
	    s->session.last_ns > s->session.first_ns)
		s->duration_ns = s->session.last_ns - s->session.first_ns;
	for (i = 0; i < s->groups.nr; i++)
		s->total_ns += sct_group_total_ns(s->groups.groups[i]);
}

static int load_side(struct diff_side *s, const char *db, const struct diff_opts *o)
{
	struct sct_store *store;
	char *path = malloc(strlen(s->arg) + 1);
	int64_t id;
	int ret = 0;

	sct_groups_init(&s->groups, o->by);
	sct_groups_init(&s->funcs, SCT_GROUP_BY_FUNCTION);
	id = path ? parse_side(s, db, path) : -1;
	store = id < 0 ? NULL : sct_cli_open_session(s->db, id, &s->session);
	if (!store) {
		s->db = NULL;
		free(path);
		return SCT_EXIT_USAGE;
	}
	if (sct_store_foreach_selected(store, s->session.id, &o->sel, add_call, s))
		ret = sct_err("%s: session %lld: %s", s->db,
			      (long long)s->session.id, s->groups.oom || s->funcs.oom ?
			      "out of memory" : sct_last_error());
	sct_store_close(store);
	sct_groups_finish(&s->groups);
	sct_groups_finish(&s->funcs);
	side_figures(s);
	if (!ret && sct_groups_sort(&s->groups, (enum sct_group_sort)o->sort))
		ret = sct_err("diff: out of memory");
	if (s->nr_results)
		qsort(s->results, s->nr_results, sizeof(*s->results), result_cmp);
	s->db = strdup(s->db);
	free(path);
	return ret;
}

/**
 * cmd_diff - smccctrace diff
 * @argc: argument count, argv[0] is "diff"
 * @argv: the arguments
 *
 * Returns the exit status: 1 when a --fail-on rule is broken.
 */
int cmd_diff(int argc, char **argv)
{
	struct diff_opts o = { .by = SCT_GROUP_BY_FUNCTION, .format = SCT_FORMAT_TABLE };
	struct diff d = { .alpha = 0.05, .min_calls = 1, .columns = &o.cols };
	int ret;

	sct_selection_init(&o.sel);
	ret = parse(argc, argv, &o, &d);
	if (ret < 0) {
		sct_selection_release(&o.sel);
		return parse_status(ret);
	}
	d.fit = !o.columns;
	ret = load_side(&d.a, o.db, &o);
	if (!ret)
		ret = load_side(&d.b, o.db, &o);
	sct_selection_release(&o.sel);
	if (!ret && diff_compare(&d))
		ret = sct_err("diff: out of memory");
	if (!ret && o.top && d.nr_rows > o.top)
		d.nr_rows = o.top;
	if (!ret)
		ret = diff_print(stdout, o.format, &d) ? SCT_EXIT_USAGE :
		      d.nr_violations ? SCT_EXIT_CHECK : SCT_EXIT_OK;
	free((char *)d.a.db);
	free((char *)d.b.db);
	diff_release(&d);
	return ret;
}
