// SPDX-License-Identifier: GPL-2.0
/*
 * smccctrace replay: the recorded calls of a session answered again by a
 * handler (a plugin, a command, or a builtin model), timed, stored as a
 * session of kind "replay" and compared with the session's own results.
 */
#include <errno.h>
#include <stdio.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <smccctrace/error.h>

#include "builtin.h"
#include "parse-options.h"
#include "replay.h"
#include "select-options.h"

static const struct usage replay_usage = {
	.cmd		= "replay",
	.synopsis	= (const char *const []){
		"smccctrace replay [-d FILE] [-s N|latest] BACKEND [options]",
		"smccctrace replay [-d FILE] [-s N|latest] --kvm [--filter FILE.json|SPEC] BACKEND [options]",
		NULL
	},
	.notes		= (const char *const []){
		"BACKEND: --handler PATH.so [--handler-arg K=V]..., --exec 'CMD ARGS' or",
		"--builtin kvm|not-supported.",
		"LIST: comma-separated function IDs, names and ranges, as --function and",
		"--range take them.",
		NULL
	},
};

/* ---- parse ---- */

static int set_backend(struct replay_opts *o, enum replay_backend_kind kind, const char *arg)
{
	o->spec.kind = kind;
	o->spec.name = arg;
	o->nr_backends++;
	return 0;
}

static int parse_handler(const struct opt *opt, const char *arg, char *why, size_t size)
{
	return set_backend(opt->value, REPLAY_BACKEND_PLUGIN, arg);
}

static int parse_exec(const struct opt *opt, const char *arg, char *why, size_t size)
{
	return set_backend(opt->value, REPLAY_BACKEND_EXEC, arg);
}

static int parse_builtin(const struct opt *opt, const char *arg, char *why, size_t size)
{
	return set_backend(opt->value, REPLAY_BACKEND_BUILTIN, arg);
}

static int parse_handler_arg(const struct opt *opt, const char *arg, char *why, size_t size)
{
	struct replay_opts *o = opt->value;
	const char *eq = strchr(arg, '=');
	char *key;

	if (o->spec.nargs == REPLAY_MAX_ARGS) {
		snprintf(why, size, "more than %d arguments", REPLAY_MAX_ARGS);
		return -1;
	}
	key = strndup(arg, eq ? (size_t)(eq - arg) : strlen(arg));
	if (!key) {
		snprintf(why, size, "out of memory");
		return -1;
	}
	o->args[o->spec.nargs].key = key;
	o->args[o->spec.nargs].value = eq ? eq + 1 : "";
	o->spec.nargs++;
	return 0;
}

static int parse_timeout(const struct opt *opt, const char *arg, char *why, size_t size)
{
	unsigned int *ms = opt->value;
	char *end;
	double s;

	errno = 0;
	s = strtod(arg, &end);
	if (errno || end == arg || *end || !(s > 0 && s <= 3600)) {
		snprintf(why, size, "'%s' is not a number of seconds in (0, 3600]", arg);
		return -1;
	}
	*ms = (unsigned int)(s * 1000 + 0.5);
	if (!*ms)
		*ms = 1;
	return 0;
}

static int parse_ignore(const struct opt *opt, const char *arg, char *why, size_t size)
{
	if (sct_selection_add_ids(opt->value, arg)) {
		snprintf(why, size, "%s", sct_last_error());
		return -1;
	}
	return 0;
}

static int parse(int argc, char **argv, struct replay_opts *o)
{
	const struct opt opts[] = {
		opt_db(&o->db),
		opt_session('s', "session", &o->session, "the session to replay (default latest)"),
		opt_callback(0, "handler", "PATH.so", o, parse_handler,
			     "a handler plugin (<smccctrace/handler.h>)"),
		opt_callback(0, "handler-arg", "K=V", o, parse_handler_arg,
			     "an argument for the plugin's init (repeatable)"),
		opt_callback(0, "exec", "'CMD ARGS'", o, parse_exec,
			     "a handler command speaking the line protocol of\n"
			     "smccctrace-handler(7), run with /bin/sh -c"),
		opt_callback(0, "builtin", "NAME", o, parse_builtin,
			     "kvm: what KVM answers itself; not-supported:\n"
			     "NOT_SUPPORTED for everything"),
		opt_select_function(&o->sel),
		opt_select_range(&o->sel),
		opt_select_vcpu(&o->sel),
		opt_select_location(&o->sel),
		opt_select_from(&o->sel),
		opt_select_to(&o->sel),
		opt_bool(0, "check", &o->check, "exit 1 if any result differs from the session's"),
		opt_callback(0, "ignore-result", "LIST", &o->ignore, parse_ignore,
			     "never compare the results of these function IDs,\n"
			     "names or ranges"),
		opt_callback(0, "timeout", "S", &o->spec.timeout_ms, parse_timeout,
			     "the longest an --exec handler may take to answer\n"
			     "one call (default 5 s)"),
		opt_bool(0, "parallel", &o->parallel, "one thread per vCPU against the same handler"),
		opt_bool(0, "kvm", &o->kvm, "the calls made by a guest on this machine's arm64\n"
			 "KVM, forwarded ones answered by the back end"),
		opt_string(0, "filter", "FILE.json|SPEC", &o->filter_arg,
			   "--kvm: the SMCCC filter the guest runs under\n"
			   "(default: the session's own)"),
		opt_format(&o->format, SCT_FORMATS_DATA),
		opt_end(),
	};

	return parse_options(argc, argv, opts, &replay_usage, PARSE_NO_ARGS);
}

/* ---- validate ---- */

static int validate(struct replay_opts *o)
{
	if (select_check(&o->sel, "replay"))
		return SCT_EXIT_USAGE;
	if (o->sel.unknown_id)
		return sct_err("replay: --function unknown: a call whose function ID is not known"
			       " cannot be replayed");
	if (!o->nr_backends)
		return usage_error(&replay_usage, "give a back end (--handler, --exec or --builtin)");
	if (o->nr_backends > 1)
		return usage_error(&replay_usage, "give one back end, not %d", o->nr_backends);
	if (o->spec.nargs && o->spec.kind != REPLAY_BACKEND_PLUGIN)
		return sct_err("replay: --handler-arg goes with --handler");
	if (o->spec.timeout_ms && o->spec.kind != REPLAY_BACKEND_EXEC)
		return sct_err("replay: --timeout goes with --exec");
	if (!o->spec.name[0])
		return sct_err("replay: an empty back end name");
	if (o->filter_arg && !o->kvm)
		return sct_err("replay: --filter goes with --kvm");
	if (o->parallel && o->kvm)
		return sct_err("replay: --parallel goes without --kvm (KVM runs each vCPU on a thread of its own)");
	return 0;
}

/* ---- run ---- */

static int run(struct replay_opts *o)
{
	struct replay r = { .o = o };
	struct sct_store *store;
	uint64_t divergent = 0;
	int ret = SCT_EXIT_USAGE;

	if (o->kvm && replay_kvm_begin(&r))
		return sct_err("replay: %s", sct_last_error());
	store = sct_cli_open_store(o->db, 0);
	if (!store)
		goto out;
	if (sct_store_get_session(store, o->session, &r.src) || replay_load(&r, store) ||
	    (o->kvm && replay_kvm_prepare(&r))) {
		sct_err("%s", sct_last_error());
		goto out;
	}
	if (!r.nr) {
		sct_err("replay: session %" PRId64 ": no calls to replay (%" PRIu64
			" with an unknown function ID, %" PRIu64 " left out by the options)",
			r.src.id, r.unknown_ids, r.filtered);
		goto out;
	}
	if (replay_run(&r) || replay_store(&r, store) || replay_print(&r, &divergent)) {
		sct_err("replay: %s", sct_last_error());
		goto out;
	}
	ret = o->check && divergent ? SCT_EXIT_CHECK : SCT_EXIT_OK;
out:
	free((char *)r.desc);
	free(r.calls);
	sct_filter_free(r.filter);
	sct_session_release(&r.src);
	sct_store_close(store);
	return ret;
}

/**
 * cmd_replay - smccctrace replay
 * @argc: argument count, argv[0] is "replay"
 * @argv: the arguments
 *
 * Returns the exit status: 1 when --check found a divergence, 2 for bad
 * usage, unreadable input or a handler that failed (then no session is
 * stored).
 */
int cmd_replay(int argc, char **argv)
{
	struct replay_opts o = { .format = SCT_FORMAT_TABLE };
	size_t i;
	int ret;

	sct_selection_init(&o.sel);
	sct_selection_init(&o.ignore);
	o.spec.args = o.args;
	ret = parse(argc, argv, &o);
	if (ret < 0)
		ret = parse_status(ret);
	else if (!(ret = validate(&o)))
		ret = run(&o);
	for (i = 0; i < o.spec.nargs; i++)
		free((char *)o.args[i].key);
	sct_selection_release(&o.sel);
	sct_selection_release(&o.ignore);
	return ret;
}
