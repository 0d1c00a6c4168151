// SPDX-License-Identifier: GPL-2.0
/*
 * smccctrace diff: two sessions compared, with thresholds for CI.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <smccctrace/error.h>
#include <smccctrace/store.h>

#include "builtin.h"
#include "cli.h"
#include "diff.h"

static const char *const diff_usage[] = {
	"smccctrace diff [-d FILE] [--by KEY] [--fail-on RULE]... [--format F] A B",
	"",
	"  A, B                  a session of the database (N or latest), or another",
	"                        database: FILE.db (its newest session) or FILE.db:N",
	"  -d, --db FILE         the database of A and B given as numbers",
	"  -b, --by KEY          function (default), range, owner, vcpu or location",
	"      --fail-on RULE    exit 1 when B breaks RULE against A (repeatable):",
	"                        METRIC>+N% or METRIC>+N(ns|us|ms) with METRIC one of",
	"                        min, p50, p90, p99, p999, max, mean; location-change,",
	"                        new-id, gone-id, result-change",
	"      --alpha P         a latency rule fires only when the change is also",
	"                        significant at level P (Mann-Whitney U; default 0.05)",
	"      --min-calls N     latency rules skip groups with fewer calls on a side",
	"  -f, --format F        table, json or junit",
	NULL
};

struct diff_opts {
	const char		*db;
	enum report_by		by;
	enum diff_format	format;
};

enum { OPT_FAIL_ON = 256, OPT_ALPHA, OPT_MIN_CALLS };

static int parse_format(const char *arg, enum diff_format *format)
{
	static const char *const names[] = { "table", "json", "junit" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strcmp(arg, names[i])) {
			*format = (enum diff_format)i;
			return 0;
		}
	}
	return sct_usage_err(diff_usage, "diff: unknown format '%s' (table, json or junit)", arg);
}

static int parse_by(const char *arg, enum report_by *by)
{
	if (report_parse_by(arg, by))
		return sct_usage_err(diff_usage, "diff: bad --by '%s' (function, range, owner, vcpu or location)",
				     arg);
	return 0;
}

static int parse_rule(const char *arg, struct diff *d)
{
	if (d->nr_rules == DIFF_MAX_RULES)
		return sct_err("diff: more than %d rules", DIFF_MAX_RULES);
	if (sct_rule_parse(arg, &d->rules[d->nr_rules]))
		return sct_err("diff: %s", sct_last_error());
	d->nr_rules++;
	return 0;
}

static int parse_alpha(const char *arg, double *alpha)
{
	char *end;

	*alpha = strtod(arg, &end);
	if (*end || end == arg || !(*alpha > 0 && *alpha <= 1))
		return sct_err("diff: bad --alpha '%s' (a level in (0, 1])", arg);
	return 0;
}

static int parse_one(int c, struct diff_opts *o, struct diff *d)
{
	switch (c) {
	case 'd':
		o->db = optarg;
		return 0;
	case 'b':
		return parse_by(optarg, &o->by);
	case 'f':
		return parse_format(optarg, &o->format);
	case OPT_FAIL_ON:
		return parse_rule(optarg, d);
	case OPT_ALPHA:
		return parse_alpha(optarg, &d->alpha);
	case OPT_MIN_CALLS:
		if (sct_parse_u64(optarg, &d->min_calls))
			return sct_err("diff: bad --min-calls '%s'", optarg);
		return 0;
	case 'h':
		sct_usage_help(diff_usage);
		return -1;
	default:
		return sct_usage_err(diff_usage, "diff: bad option");
	}
}

static int parse_options(int argc, char **argv, struct diff_opts *o, struct diff *d)
{
	static const struct option longopts[] = {
		{ "db",		required_argument,	NULL, 'd' },
		{ "by",		required_argument,	NULL, 'b' },
		{ "format",	required_argument,	NULL, 'f' },
		{ "fail-on",	required_argument,	NULL, OPT_FAIL_ON },
		{ "alpha",	required_argument,	NULL, OPT_ALPHA },
		{ "min-calls",	required_argument,	NULL, OPT_MIN_CALLS },
		{ "help",	no_argument,		NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c, ret;

	while ((c = getopt_long(argc, argv, "d:b:f:h", longopts, NULL)) != -1) {
		ret = parse_one(c, o, d);
		if (ret)
			return ret;
	}
	if (argc - optind != 2)
		return sct_usage_err(diff_usage, "diff: give two sessions, A and B");
	d->a.arg = argv[optind];
	d->b.arg = argv[optind + 1];
	return 0;
}

/*
 * A side: "N" or "latest" names a session of -d's database; "FILE" or
 * "FILE:N" another database. Returns the session id (0: newest), or -1.
 */
static int64_t parse_side(struct diff_side *s, const char *db, char *path)
{
	char *colon = strrchr(s->arg, ':');
	int64_t id = 0;
	uint64_t n;

	if (!strcmp(s->arg, "latest") || !sct_parse_u64(s->arg, &n)) {
		s->db = sct_cli_db_path(db);
		return sct_parse_session(s->arg, &id) ? -1 : id;
	}
	strcpy(path, s->arg);
	s->db = path;
	if (colon && colon[1]) {
		path[colon - s->arg] = '\0';
		if (sct_parse_session(colon + 1, &id))
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
	tmp = realloc(s->results, (s->nr_results + 1) * sizeof(*tmp));
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

	if (report_add_call(c, &s->groups) || report_add_call(c, &s->funcs))
		return 1;
	return keep_result(s, c) ? 1 : 0;
}

static int load_side(struct diff_side *s, const char *db, enum report_by by)
{
	struct sct_store *store;
	char *path = malloc(strlen(s->arg) + 1);
	int64_t id;
	int ret = 0;

	report_init(&s->groups, by);
	report_init(&s->funcs, REPORT_BY_FUNCTION);
	id = path ? parse_side(s, db, path) : -1;
	store = id < 0 ? NULL : sct_cli_open_session(s->db, id, &s->session);
	if (!store) {
		s->db = NULL;
		free(path);
		return SCT_EXIT_USAGE;
	}
	if (sct_store_foreach_call(store, s->session.id, add_call, s))
		ret = sct_err("%s: session %lld: %s", s->db,
			      (long long)s->session.id, s->groups.oom || s->funcs.oom ?
			      "out of memory" : sct_last_error());
	sct_store_close(store);
	report_finish(&s->groups);
	report_finish(&s->funcs);
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
	struct diff_opts o = { .by = REPORT_BY_FUNCTION, .format = DIFF_TABLE };
	struct diff d = { .alpha = 0.05, .min_calls = 1 };
	int ret;

	ret = parse_options(argc, argv, &o, &d);
	if (ret)
		return ret < 0 ? SCT_EXIT_OK : ret;
	ret = load_side(&d.a, o.db, o.by);
	if (!ret)
		ret = load_side(&d.b, o.db, o.by);
	if (!ret && diff_compare(&d))
		ret = sct_err("diff: out of memory");
	if (!ret)
		ret = diff_print(stdout, o.format, &d) ? SCT_EXIT_USAGE :
		      d.nr_violations ? SCT_EXIT_CHECK : SCT_EXIT_OK;
	free((char *)d.a.db);
	free((char *)d.b.db);
	diff_release(&d);
	return ret;
}
