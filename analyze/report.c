// SPDX-License-Identifier: GPL-2.0
/*
 * smccctrace report: counts and latency figures of a session's calls per
 * owner, range, function, vCPU or location.
 */
#include <inttypes.h>
#include <string.h>

#include <smccctrace/error.h>
#include <smccctrace/store.h>

#include "builtin.h"
#include "cli.h"
#include "parse-options.h"
#include "report.h"

static const struct usage report_usage = {
	.cmd		= "report",
	.synopsis	= (const char *const []){
		"smccctrace report [-d FILE] [-s N|latest] [--by KEY] [--format F] [--hist]",
		NULL
	},
	.notes		= (const char *const []){
		"Latency is kvm_exit to kvm_entry; forwarded calls also show kvm_exit to",
		"kvm_userspace_exit (kernel out) and kvm_userspace_exit to kvm_entry",
		"(userspace and back). Percentiles are nearest-rank over the complete calls.",
		NULL
	},
};

struct report_opts {
	const char	*db;
	int64_t		session;
	enum sct_group_by	by;
	enum sct_format	format;
	bool		hist;
};

static int parse(int argc, char **argv, struct report_opts *o)
{
	const struct opt opts[] = {
		opt_db(&o->db),
		opt_session('s', "session", &o->session,
			    "the session to report on (default latest)"),
		opt_choice('b', "by", "KEY", (int *)&o->by, sct_group_by_names,
			   "group calls by owner, range (default), function,\n"
			   "vcpu or location"),
		opt_format(&o->format, SCT_FORMATS_DATA),
		opt_bool(0, "hist", &o->hist, "add log2 histograms of the latencies"),
		opt_end(),
	};

	return parse_options(argc, argv, opts, &report_usage, PARSE_NO_ARGS);
}

static int collect(struct sct_store *store, const struct sct_session *s,
		   struct sct_groups *r)
{
	int ret;

	ret = sct_store_foreach_call(store, s->id, sct_groups_add_call, r);
	if (!ret)
		ret = sct_store_foreach_exit(store, s->id, sct_groups_add_exit, r);
	if (ret && r->oom)
		return sct_err("report: session %" PRId64 ": out of memory", s->id);
	if (ret)
		return sct_err("%s", sct_last_error());
	sct_groups_finish(r);
	return 0;
}

static int report_session(const struct report_opts *o, struct sct_store *store,
			  const struct sct_session *s)
{
	struct report_view v = { .session = s, .hist = o->hist };
	struct sct_groups r;
	int ret;

	sct_groups_init(&r, o->by);
	ret = collect(store, s, &r);
	if (!ret && sct_store_vm_filters(store, s->id, &v.vms, &v.vm_filters))
		ret = sct_err("%s", sct_last_error());
	if (!ret) {
		v.report = &r;
		if (report_print(stdout, o->format, &v))
			ret = sct_err("report: out of memory");
	}
	sct_groups_release(&r);
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
		.by = SCT_GROUP_BY_RANGE,
		.format = SCT_FORMAT_TABLE,
	};
	int ret;

	ret = parse(argc, argv, &o);
	if (ret < 0)
		return parse_status(ret);
	return run(&o);
}
