// SPDX-License-Identifier: GPL-2.0
/*
 * smccctrace calls: a session's calls one a line, with their time stamps
 * as trace-cmd prints them, thread, vCPU, function, where they were
 * answered, their latencies, arguments and results.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <smccctrace/error.h>
#include <smccctrace/output.h>
#include <smccctrace/select.h>
#include <smccctrace/smccc.h>
#include <smccctrace/store.h>

#include "builtin.h"
#include "cli.h"
#include "column-options.h"
#include "listing.h"
#include "parse-options.h"
#include "select-options.h"

static const struct usage calls_usage = {
	.cmd		= "calls",
	.synopsis	= (const char *const []){
		"smccctrace calls [-d FILE] [-s N|latest] [--slowest N] [--function IDS]",
		"                 [--range R] [--vcpu N] [--location L] [--from S] [--to S]",
		"                 [-o COLUMNS] [--format F]",
		NULL
	},
	.notes		= (const char *const []){
		"TIME is the call's kvm_exit in seconds, as trace-cmd report and KernelShark",
		"show it. LATENCY is kvm_exit to kvm_entry; a forwarded call's OUT is",
		"kvm_exit to kvm_userspace_exit, BACK the VMM's part and the way back.",
		"The default columns fit 80 (a long NAME is cut, ending in ~); -o +thread,",
		"tid,conduit,args,results adds the others.",
		NULL
	},
};

struct calls_opts {
	const char		*db;
	int64_t			session;
	uint64_t		slowest;
	struct sct_selection	sel;
	enum sct_format		format;
	const char		*columns;	/* -o */
	struct sct_columns	cols;
};

enum {
	CC_TIME, CC_TID, CC_THREAD, CC_VCPU, CC_FUNC, CC_NAME, CC_CONDUIT, CC_LOCATION,
	CC_LATENCY, CC_OUT, CC_BACK, CC_ARGS, CC_RESULTS, CC_NR,
};

static const struct sct_column columns[CC_NR] = {
	[CC_TIME]	= { "TIME", "kvm_exit's time stamp, in seconds as trace-cmd prints it",
			    SCT_ALIGN_RIGHT },
	[CC_TID]	= { "TID", "the vCPU thread", SCT_ALIGN_RIGHT },
	[CC_THREAD]	= { "THREAD", "the thread's name", SCT_ALIGN_LEFT },
	[CC_VCPU]	= { "VCPU", "the vCPU's index", SCT_ALIGN_RIGHT },
	[CC_FUNC]	= { "FUNC", "the SMCCC function ID", SCT_ALIGN_LEFT },
	[CC_NAME]	= { "NAME", "the function's name", SCT_ALIGN_LEFT },
	[CC_CONDUIT]	= { "CONDUIT", "hvc or smc", SCT_ALIGN_LEFT },
	[CC_LOCATION]	= { "LOCATION", "where it was answered: kernel, user, denied, unknown",
			    SCT_ALIGN_LEFT },
	[CC_LATENCY]	= { "LATENCY", "kvm_exit to kvm_entry", SCT_ALIGN_RIGHT },
	[CC_OUT]	= { "OUT", "forwarded: kvm_exit to kvm_userspace_exit", SCT_ALIGN_RIGHT },
	[CC_BACK]	= { "BACK", "forwarded: kvm_userspace_exit to kvm_entry", SCT_ALIGN_RIGHT },
	[CC_ARGS]	= { "ARGS", "x1.. as recorded", SCT_ALIGN_LEFT },
	[CC_RESULTS]	= { "RESULTS", "x0.. returned, as recorded", SCT_ALIGN_LEFT },
};

/* The default columns: 80 wide */
#define CALLS_COLUMNS	"time,vcpu,func,name,location,latency,out,back"

static const char *const csv_columns[] = {
	"time_s", "t_exit_ns", "tid", "thread", "vcpu", "func_id", "name", "conduit",
	"location", "incomplete", "total_ns", "out_ns", "back_ns", "args", "results",
};

#define NR_CSV		(sizeof(csv_columns) / sizeof(csv_columns[0]))

/* What printing needs: the output, its columns and the session's thread names */
struct calls_out {
	struct listing		l;
	const struct sct_columns *cols;
	struct listing_threads	threads;
	bool			oom;
};

static int parse(int argc, char **argv, struct calls_opts *o)
{
	const struct opt opts[] = {
		opt_db(&o->db),
		opt_session('s', "session", &o->session, "the session (default latest)"),
		opt_u64(0, "slowest", "N", &o->slowest, 1, UINT64_MAX,
			"the N calls of the longest latency, longest first"),
		opt_select_function(&o->sel),
		opt_select_range(&o->sel),
		opt_select_vcpu(&o->sel),
		opt_select_location(&o->sel),
		opt_select_from(&o->sel),
		opt_select_to(&o->sel),
		opt_columns(&o->columns),
		opt_format(&o->format, SCT_FORMATS_DATA),
		opt_end(),
	};
	int n;

	n = parse_options(argc, argv, opts, &calls_usage, PARSE_NO_ARGS);
	if (n < 0)
		return n;
	n = columns_option(&calls_usage, &o->cols, columns, CC_NR, CALLS_COLUMNS, o->columns);
	if (n < 0)
		return n;
	o->sel.order = o->slowest ? SCT_ORDER_SLOWEST : SCT_ORDER_TIME;
	o->sel.limit = o->slowest;
	return select_check(&o->sel, "calls") ? PARSE_ERROR : 0;
}

static const char *thread_name(const struct calls_out *o, int32_t tid)
{
	return listing_thread_name(&o->threads, tid);
}

/* "1234.567890", as trace-cmd prints a time stamp; "" when unknown */
static const char *seconds(uint64_t ns, char *buf, size_t size)
{
	return ns == SCT_NO_TIME ? "" : sct_format_timestamp(ns, buf, size);
}

/* Registers as "0x1,0x0,..." into @buf; "" when none */
static const char *regs(const uint64_t *v, unsigned int n, char *buf, size_t size)
{
	size_t len = 0;
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; i < n && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s0x%" PRIx64, i ? "," : "", v[i]);
	return buf;
}

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

/* The text of column @col of a call's line, in @buf (CALL_BUFSZ) or a constant */
#define CALL_BUFSZ	(SCT_MAX_ARGS * 20)

static const char *cell_text(const struct calls_out *o, const struct sct_call *c,
			     unsigned int col, char *buf)
{
	switch (col) {
	case CC_TIME:		return sct_format_timestamp(c->t_exit, buf, CALL_BUFSZ);
	case CC_TID:		snprintf(buf, CALL_BUFSZ, "%" PRId32, c->tid);
				return buf;
	case CC_THREAD:		return or_dash(thread_name(o, c->tid));
	case CC_VCPU:		snprintf(buf, CALL_BUFSZ, c->vcpu >= 0 ? "%" PRId32 : "-", c->vcpu);
				return buf;
	case CC_FUNC:		snprintf(buf, CALL_BUFSZ, c->id_known ? "0x%08" PRIx32 : "unknown",
					 c->func_id);
				return buf;
	case CC_NAME:		return or_dash(c->id_known ? sct_function_name(c->func_id) : NULL);
	case CC_CONDUIT:	return sct_conduit_name(c->conduit);
	case CC_LOCATION:	return sct_location_name(c->location);
	case CC_LATENCY:	return sct_format_ns(sct_call_total_ns(c), buf, CALL_BUFSZ);
	case CC_OUT:		return sct_format_ns(sct_call_out_ns(c), buf, CALL_BUFSZ);
	case CC_BACK:		return sct_format_ns(sct_call_back_ns(c), buf, CALL_BUFSZ);
	case CC_ARGS:		return or_dash(regs(c->args, c->nargs, buf, CALL_BUFSZ));
	default:		return or_dash(regs(c->results, c->nresults, buf, CALL_BUFSZ));
	}
}

static int table_row(struct calls_out *o, const struct sct_call *c)
{
	const struct sct_columns *cols = o->cols;
	struct sct_table *tb = o->l.table;
	char buf[CALL_BUFSZ];
	int err = sct_table_add_row(tb);
	size_t i;

	for (i = 0; i < cols->nr && !err; i++)
		err = sct_table_cell(tb, "%s", cell_text(o, c, cols->id[i], buf));
	return err;
}

static void csv_time(struct sct_csv *c, uint64_t ns)
{
	if (ns == SCT_NO_TIME)
		sct_csv_str(c, "");
	else
		sct_csv_u64(c, ns);
}

static void csv_row(struct calls_out *o, const struct sct_call *c)
{
	char t[32], num[24], args[SCT_MAX_ARGS * 20], res[96];
	struct sct_csv *v = &o->l.csv;
	const char *name;

	sct_csv_str(v, seconds(c->t_exit, t, sizeof(t)));
	csv_time(v, c->t_exit);
	snprintf(num, sizeof(num), "%" PRId32, c->tid);
	sct_csv_str(v, num);
	name = thread_name(o, c->tid);
	sct_csv_str(v, name ? name : "");
	snprintf(num, sizeof(num), "%" PRId32, c->vcpu);
	sct_csv_str(v, c->vcpu >= 0 ? num : "");
	snprintf(num, sizeof(num), "0x%08" PRIx32, c->func_id);
	sct_csv_str(v, c->id_known ? num : "");
	name = c->id_known ? sct_function_name(c->func_id) : NULL;
	sct_csv_str(v, name ? name : "");
	sct_csv_str(v, sct_conduit_name(c->conduit));
	sct_csv_str(v, sct_location_name(c->location));
	sct_csv_u64(v, c->incomplete);
	csv_time(v, sct_call_total_ns(c));
	csv_time(v, sct_call_out_ns(c));
	csv_time(v, sct_call_back_ns(c));
	sct_csv_str(v, regs(c->args, c->nargs, args, sizeof(args)));
	sct_csv_str(v, regs(c->results, c->nresults, res, sizeof(res)));
	sct_csv_end_row(v);
}

static void json_ns(struct sct_json *j, const char *key, uint64_t ns)
{
	if (ns == SCT_NO_TIME)
		sct_json_null(j, key);
	else
		sct_json_u64(j, key, ns);
}

static void json_str_or_null(struct sct_json *j, const char *key, const char *s)
{
	if (s)
		sct_json_str(j, key, s);
	else
		sct_json_null(j, key);
}

static void json_row(struct calls_out *o, const struct sct_call *c)
{
	struct sct_json *j = &o->l.json;
	char buf[32];

	sct_json_begin_object(j, NULL);
	sct_json_u64(j, "seq", c->seq);
	if (c->t_exit == SCT_NO_TIME)
		sct_json_null(j, "time_s");
	else
		sct_json_raw(j, "time_s", seconds(c->t_exit, buf, sizeof(buf)));
	json_ns(j, "t_exit_ns", c->t_exit);
	sct_json_i64(j, "tid", c->tid);
	json_str_or_null(j, "thread", thread_name(o, c->tid));
	if (c->vcpu >= 0)
		sct_json_i64(j, "vcpu", c->vcpu);
	else
		sct_json_null(j, "vcpu");
	snprintf(buf, sizeof(buf), "0x%08" PRIx32, c->func_id);
	json_str_or_null(j, "func_id", c->id_known ? buf : NULL);
	json_str_or_null(j, "name", c->id_known ? sct_function_name(c->func_id) : NULL);
	sct_json_str(j, "conduit", sct_conduit_name(c->conduit));
	sct_json_str(j, "location", sct_location_name(c->location));
	sct_json_bool(j, "incomplete", c->incomplete);
	json_ns(j, "total_ns", sct_call_total_ns(c));
	json_ns(j, "out_ns", sct_call_out_ns(c));
	json_ns(j, "back_ns", sct_call_back_ns(c));
	listing_json_regs(j, "args", c->args, c->nargs);
	listing_json_regs(j, "results", c->results, c->nresults);
	sct_json_end_object(j);
}

static int add_call(const struct sct_call *c, void *data)
{
	struct calls_out *o = data;

	switch (o->l.format) {
	case SCT_FORMAT_CSV:
		csv_row(o, c);
		return 0;
	case SCT_FORMAT_JSON:
		json_row(o, c);
		return 0;
	default:
		if (table_row(o, c)) {
			o->oom = true;
			return 1;
		}
		return 0;
	}
}

static int run(struct calls_opts *o)
{
	const struct listing_spec calls_spec = {
		.columns	= &o->cols,
		/* the default columns fit 80: the names give way */
		.fit		= o->columns ? -1 : sct_columns_find(&o->cols, CC_NAME),
		.csv		= csv_columns,
		.nr_csv		= NR_CSV,
		.json_key	= "calls",
	};
	struct calls_out out = { .cols = &o->cols };
	struct sct_store *store;
	struct sct_session s;
	int ret;

	store = sct_cli_open_session(o->db, o->session, &s);
	if (!store)
		return SCT_EXIT_USAGE;
	ret = listing_threads_read(&out.threads, store, s.id);
	if (!ret && listing_begin(&out.l, o->format, &calls_spec))
		out.oom = true;
	if (!ret && !out.oom)
		ret = sct_store_foreach_selected(store, s.id, &o->sel, add_call, &out);
	if (out.oom)
		ret = sct_err("calls: out of memory");
	else if (ret)
		ret = sct_err("%s", sct_last_error());
	else
		listing_end(&out.l);
	listing_release(&out.l);
	listing_threads_release(&out.threads);
	sct_session_release(&s);
	sct_store_close(store);
	return ret;
}

/**
 * cmd_calls - smccctrace calls
 * @argc: argument count, argv[0] is "calls"
 * @argv: the arguments
 *
 * Prints the calls of one session the options select, in time order or
 * slowest first. Returns the exit status: SCT_EXIT_USAGE for a bad option
 * or value, a missing or unreadable database or session.
 */
int cmd_calls(int argc, char **argv)
{
	struct calls_opts o = { .format = SCT_FORMAT_TABLE };
	int ret;

	sct_selection_init(&o.sel);
	ret = parse(argc, argv, &o);
	if (ret < 0)
		ret = parse_status(ret);
	else
		ret = run(&o);
	sct_selection_release(&o.sel);
	return ret;
}
