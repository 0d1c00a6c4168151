// SPDX-License-Identifier: GPL-2.0
/*
 * smccctrace report: counts and latency figures of a session's calls per
 * owner, range, function, vCPU or location.
 */
#include <getopt.h>
#include <inttypes.h>
#include <string.h>

#include <smccctrace/error.h>
#include <smccctrace/store.h>

#include "builtin.h"
#include "cli.h"
#include "report.h"

static const char *const report_usage[] = {
	"smccctrace report [-d FILE] [-s N|latest] [--by KEY] [--format F] [--hist]",
	"",
	"  -d, --db FILE           the database (default ./smccctrace.db)",
	"  -s, --session N|latest  the session to report on (default latest)",
	"  -b, --by KEY            group calls by owner, range (default), function,",
	"                          vcpu or location",
	"  -f, --format F          table, csv or json",
	"      --hist              add log2 histograms of the latencies",
	"",
	"Latency is kvm_exit to kvm_entry; forwarded calls also show kvm_exit to",
	"kvm_userspace_exit (kernel out) and kvm_userspace_exit to kvm_entry",
	"(userspace and back). Percentiles are nearest-rank over the complete calls.",
	NULL
};

struct report_opts {
	const char	*db;
	int64_t		session;
	enum report_by	by;
	enum sct_format	format;
	bool		hist;
};

enum {
	OPT_HIST = 256,
};

static int parse_by(const char *arg, enum report_by *by)
{
	if (report_parse_by(arg, by))
		return sct_usage_err(report_usage, "report: bad --by '%s' (owner, range, function, vcpu or location)",
				     arg);
	return 0;
}

static int parse_one(int c, struct report_opts *o)
{
	switch (c) {
	case 'd':
		o->db = optarg;
		return 0;
	case 's':
		return sct_parse_session(optarg, &o->session) ? SCT_EXIT_USAGE : 0;
	case 'b':
		return parse_by(optarg, &o->by);
	case 'f':
		return sct_parse_format(optarg, &o->format) ? SCT_EXIT_USAGE : 0;
	case OPT_HIST:
		o->hist = true;
		return 0;
	case 'h':
		sct_usage_help(report_usage);
		return -1;
	default:
		return sct_usage_err(report_usage, "report: bad option");
	}
}

/* Returns 0 to go on, -1 after --help, else the exit status */
static int parse_options(int argc, char **argv, struct report_opts *o)
{
	static const struct option longopts[] = {
		{ "db",		required_argument,	NULL, 'd' },
		{ "session",	required_argument,	NULL, 's' },
		{ "by",		required_argument,	NULL, 'b' },
		{ "format",	required_argument,	NULL, 'f' },
		{ "hist",	no_argument,		NULL, OPT_HIST },
		{ "help",	no_argument,		NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c, ret;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "d:s:b:f:h", longopts, NULL)) != -1) {
		if (c == '?')
			return sct_usage_err(report_usage, "report: bad option or missing value: '%s'",
					     argv[optind - 1]);
		ret = parse_one(c, o);
		if (ret)
			return ret;
	}
	return 0;
}

static int validate(int argc, char **argv, const struct report_opts *o)
{
	if (optind < argc)
		return sct_usage_err(report_usage, "report: unexpected argument '%s'",
				     argv[optind]);
	if (o->db && !*o->db)
		return sct_usage_err(report_usage, "report: --db needs a file name");
	return 0;
}

static int collect(struct sct_store *store, const struct sct_session *s,
		   struct report *r)
{
	int ret;

	ret = sct_store_foreach_call(store, s->id, report_add_call, r);
	if (!ret)
		ret = sct_store_foreach_exit(store, s->id, report_add_exit, r);
	if (ret && r->oom)
		return sct_err("report: session %" PRId64 ": out of memory", s->id);
	if (ret)
		return sct_err("%s", sct_last_error());
	report_finish(r);
	return 0;
}

static int report_session(const struct report_opts *o, struct sct_store *store,
			  const struct sct_session *s)
{
	struct report_view v = { .session = s, .hist = o->hist };
	struct report r;
	int ret;

	report_init(&r, o->by);
	ret = collect(store, s, &r);
	if (!ret) {
		v.report = &r;
		if (report_print(stdout, o->format, &v))
			ret = sct_err("report: out of memory");
	}
	report_release(&r);
	return ret;
}

static int run(const struct report_opts *o)
{
	struct sct_store *store;
	struct sct_session s;
	int ret;

	store = sct_cli_open_session(o->db, o->session, &s);
	if (!store)
		return SCT_EXIT_USAGE;
	ret = report_session(o, store, &s);
	sct_session_release(&s);
	sct_store_close(store);
	return ret;
}

/**
 * cmd_report - smccctrace report
 * @argc: number of arguments, the command word included
 * @argv: the arguments; argv[0] is "report"
 *
 * Prints the report of one session to stdout and errors to stderr.
 * Returns SCT_EXIT_OK, or SCT_EXIT_USAGE for a bad option or value, a
 * missing or unreadable database or session.
 */
int cmd_report(int argc, char **argv)
{
	struct report_opts o = {
		.by = REPORT_BY_RANGE,
		.format = SCT_FORMAT_TABLE,
	};
	int ret;

	ret = parse_options(argc, argv, &o);
	if (ret)
		return ret < 0 ? SCT_EXIT_OK : ret;
	ret = validate(argc, argv, &o);
	if (ret)
		return ret;
	return run(&o);
}
