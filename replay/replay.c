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
		"IDS: comma-separated ID, FIRST-LAST or BASE+COUNT, e.g. 0xc6000000+64.",
		NULL
	},
};

/* ---- function ID sets ---- */

static int add_ids(struct replay_ids *ids, uint64_t lo, uint64_t hi)
{
	void *tmp;

	if (lo > hi || hi > UINT32_MAX)
		return -1;
	tmp = realloc(ids->r, (ids->nr + 1) * sizeof(*ids->r));
	if (!tmp)
		return -1;
	ids->r = tmp;
	ids->r[ids->nr].lo = (uint32_t)lo;
	ids->r[ids->nr].hi = (uint32_t)hi;
	ids->nr++;
	return 0;
}

static int parse_item(struct replay_ids *ids, char *item)
{
	char *sep = strpbrk(item, "-+");
	uint64_t a, b;
	char op;

	if (!sep)
		return sct_parse_u64(item, &a) ? -1 : add_ids(ids, a, a);
	op = *sep;
	*sep = '\0';
	if (sct_parse_u64(item, &a) || sct_parse_u64(sep + 1, &b))
		return -1;
	if (op == '+')
		return b ? add_ids(ids, a, a + b - 1) : -1;
	return add_ids(ids, a, b);
}

/**
 * replay_ids_parse - add a list of IDs to a set
 * @ids: the set (zeroed, or filled by earlier calls)
 * @text: comma-separated ID, FIRST-LAST or BASE+COUNT
 *
 * Returns 0, or -1 when @text is not such a list (the set keeps what it
 * had; replay_ids_release() frees it).
 */
int replay_ids_parse(struct replay_ids *ids, const char *text)
{
	char *copy = strdup(text), *item, *save = NULL;
	int ret = copy && *text ? 0 : -1;

	for (item = copy ? strtok_r(copy, ",", &save) : NULL; item && !ret;
	     item = strtok_r(NULL, ",", &save))
		ret = parse_item(ids, item);
	free(copy);
	return ret;
}

/**
 * replay_ids_has - is @id in the set
 * @ids: the set
 * @id: the function ID
 */
bool replay_ids_has(const struct replay_ids *ids, uint32_t id)
{
	size_t i;

	for (i = 0; i < ids->nr; i++)
		if (id >= ids->r[i].lo && id <= ids->r[i].hi)
			return true;
	return false;
}

/**
 * replay_ids_release - free what a set holds
 * @ids: the set; empty afterwards
 */
void replay_ids_release(struct replay_ids *ids)
{
	free(ids->r);
	ids->r = NULL;
	ids->nr = 0;
}

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

static int parse_ids(const struct opt *opt, const char *arg, char *why, size_t size)
{
	if (replay_ids_parse(opt->value, arg)) {
		snprintf(why, size, "'%s' is not a list of ID, FIRST-LAST or BASE+COUNT", arg);
		return -1;
	}
	return 0;
}

static int parse_vcpu(const struct opt *opt, const char *arg, char *why, size_t size)
{
	int64_t *vcpu = opt->value;
	uint64_t v;

	if (sct_parse_u64(arg, &v) || v > UINT32_MAX) {
		snprintf(why, size, "'%s' is not a vCPU index", arg);
		return -1;
	}
	*vcpu = (int64_t)v;
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
		opt_callback(0, "vcpu", "N", &o->vcpu, parse_vcpu, "only the calls of vCPU N"),
		opt_string(0, "range", "R[,R...]", &o->range,
			   "only the calls of these ranges (PSCI, PSCI/64, TRNG, ...)"),
		opt_callback(0, "function", "IDS", &o->functions, parse_ids,
			     "only these function IDs"),
		opt_bool(0, "check", &o->check, "exit 1 if any result differs from the session's"),
		opt_callback(0, "ignore-result", "IDS", &o->ignore, parse_ids,
			     "never compare the results of these IDs"),
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
	struct replay_opts o = { .vcpu = -1, .format = SCT_FORMAT_TABLE };
	int ret;

	size_t i;

	o.spec.args = o.args;
	ret = parse(argc, argv, &o);
	if (ret < 0)
		ret = parse_status(ret);
	else if (!(ret = validate(&o)))
		ret = run(&o);
	for (i = 0; i < o.spec.nargs; i++)
		free((char *)o.args[i].key);
	replay_ids_release(&o.functions);
	replay_ids_release(&o.ignore);
	return ret;
}
