// SPDX-License-Identifier: GPL-2.0
/*
 * smccctrace suggest: a KVM_ARM_VM_SMCCC_FILTER configuration for what a
 * session observed, with its predicted effect; --evaluate predicts a given
 * configuration's effect; --check judges a configuration by KVM's rules.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <smccctrace/array.h>
#include <smccctrace/error.h>
#include <smccctrace/store.h>

#include "builtin.h"
#include "cli.h"
#include "parse-options.h"
#include "suggest.h"

static const struct usage suggest_usage = {
	.cmd		= "suggest",
	.synopsis	= (const char *const []){
		"smccctrace suggest [-d FILE] [-s N|latest] [--format F] [POLICY...] [--apply-test]",
		"smccctrace suggest [-d FILE] [-s N|latest] [--format F] --evaluate CONFIG.json",
		"smccctrace suggest --check CONFIG.json [--format table|json] [--apply-test]",
		NULL
	},
	.notes		= (const char *const []){
		"RANGES: comma-separated ID, FIRST-LAST or BASE+COUNT, e.g. 0xc6000000+64.",
		"Without --vmm-handles or --vmm-session, the session's own filter says what",
		"the VMM implements. An observed ID the VMM lacks is never forwarded, nor",
		"one KVM implements unless --forward asks or the session forwarded it.",
		"The session's DENY ranges stay; when it forwarded calls of unknown ID",
		"(SMC without --shim or --probe), so do all its FWD_TO_USER ranges.",
		NULL
	},
};

static const char *const granularity_names[] = {
	[SCT_GRANULARITY_ID]		= "id",
	[SCT_GRANULARITY_SERVICE]	= "service",
	NULL
};

#define MAX_POLICY	64

struct policy_arg {
	enum sct_suggest_set	set;
	const char		*opt;
	const char		*arg;
};

struct suggest_opts {
	const char		*db;
	int64_t			session;
	int64_t			vmm_session;
	bool			has_vmm_session;
	enum sct_format		format;
	enum sct_granularity	granularity;
	const char		*check;
	const char		*evaluate;
	bool			apply_test;
	bool			drop_session_deny;
	struct policy_arg	policy[MAX_POLICY];
	int			nr_policy;
	struct sct_suggest	*sg;
	struct sct_filter	*config;	/* --evaluate */
};

static int add_policy(const struct opt *opt, const char *arg, enum sct_suggest_set set,
		      char *why, size_t size)
{
	struct suggest_opts *o = opt->value;

	if (o->nr_policy == MAX_POLICY) {
		snprintf(why, size, "more than %d range options", MAX_POLICY);
		return -1;
	}
	o->policy[o->nr_policy++] = (struct policy_arg){ set, opt->long_name, arg };
	return 0;
}

static int add_vmm(const struct opt *opt, const char *arg, char *why, size_t size)
{
	return add_policy(opt, arg, SCT_SET_VMM, why, size);
}

static int add_deny(const struct opt *opt, const char *arg, char *why, size_t size)
{
	return add_policy(opt, arg, SCT_SET_DENY, why, size);
}

static int add_keep(const struct opt *opt, const char *arg, char *why, size_t size)
{
	return add_policy(opt, arg, SCT_SET_KEEP, why, size);
}

static int add_forward(const struct opt *opt, const char *arg, char *why, size_t size)
{
	return add_policy(opt, arg, SCT_SET_FORWARD, why, size);
}

static int parse(int argc, char **argv, struct suggest_opts *o)
{
	const struct opt opts[] = {
		opt_db(&o->db),
		opt_session('s', "session", &o->session,
			    "the session to suggest for (default latest)"),
		opt_format(&o->format, SCT_FORMATS_DATA | sct_format_bit(SCT_FORMAT_C)),
		opt_callback(0, "vmm-handles", "RANGES", o, add_vmm, "IDs the VMM implements"),
		opt_session(0, "vmm-session", &o->vmm_session,
			    "a replay session (the IDs its handler answered with\n"
			    "something else than NOT_SUPPORTED) or a session whose\n"
			    "filter says what the VMM forwarded"),
		opt_callback(0, "deny", "RANGES", o, add_deny, "hide these from the guest (DENY)"),
		opt_bool(0, "drop-session-deny", &o->drop_session_deny,
			 "leave out the DENY ranges of the session's filter"),
		opt_callback(0, "keep-in-kernel", "RANGES", o, add_keep, "never forward these"),
		opt_callback(0, "forward", "RANGES", o, add_forward,
			     "forward these even where KVM implements them"),
		opt_choice(0, "granularity", "id|service", (int *)&o->granularity,
			   granularity_names,
			   "cover single IDs, or whole services (PSCI, TRNG, an owner)"),
		opt_string(0, "evaluate", "CONFIG", &o->evaluate,
			   "predict a configuration's effect on the session"),
		opt_string(0, "check", "CONFIG", &o->check,
			   "judge each entry by KVM's rules; exit 1 if one fails"),
		opt_bool(0, "apply-test", &o->apply_test,
			 "set the configuration on a scratch VM (arm64 KVM)"),
		opt_end(),
	};

	return parse_options(argc, argv, opts, &suggest_usage, PARSE_NO_ARGS);
}

/* One item of a RANGES list: ID, FIRST-LAST or BASE+COUNT */
static int parse_item(const char *item, uint32_t *lo, uint32_t *hi)
{
	char buf[64], *sep, kind = 0;
	uint64_t a, b;

	if (strlen(item) >= sizeof(buf))
		return -1;
	strcpy(buf, item);
	sep = strpbrk(buf, "-+");
	if (sep) {
		kind = *sep;
		*sep++ = '\0';
	}
	if (sct_parse_u64(buf, &a) || a > UINT32_MAX)
		return -1;
	b = a;
	if (kind && sct_parse_u64(sep, &b))
		return -1;
	if (kind == '+') {
		if (!b || b > UINT32_MAX)
			return -1;
		b = a + b - 1;
	}
	if (b < a || b > UINT32_MAX)
		return -1;
	*lo = (uint32_t)a;
	*hi = (uint32_t)b;
	return 0;
}

static int add_ranges(struct sct_suggest *sg, const struct policy_arg *p)
{
	char *copy, *item, *save = NULL;
	int ret = 0, n = 0;
	uint32_t lo, hi;

	copy = strdup(p->arg);
	if (!copy)
		return sct_err("out of memory");
	for (item = strtok_r(copy, ",", &save); item && !ret;
	     item = strtok_r(NULL, ",", &save), n++) {
		if (parse_item(item, &lo, &hi))
			ret = usage_error(&suggest_usage,
					  "--%s: bad range '%s' (ID, FIRST-LAST or BASE+COUNT)",
					  p->opt, item);
		else if (sct_suggest_add_range(sg, p->set, lo, hi))
			ret = sct_err("%s", sct_last_error());
	}
	if (!n && !ret)
		ret = usage_error(&suggest_usage, "--%s: no range given", p->opt);
	free(copy);
	return ret;
}

static int validate(struct suggest_opts *o)
{
	int i;

	if (o->check && (o->evaluate || o->nr_policy || o->has_vmm_session))
		return usage_error(&suggest_usage, "--check takes no session options");
	if (o->check && (o->format == SCT_FORMAT_CSV || o->format == SCT_FORMAT_C))
		return usage_error(&suggest_usage, "--check prints table or json");
	if (o->evaluate && (o->nr_policy || o->has_vmm_session || o->drop_session_deny))
		return usage_error(&suggest_usage, "--evaluate takes a configuration, not a policy");
	if (o->apply_test && suggest_apply_supported())
		return SCT_EXIT_USAGE;
	if (o->check)
		return 0;
	if (o->evaluate) {
		o->config = sct_filter_load(o->evaluate);
		if (!o->config)
			return sct_err("%s ('suggest --check' judges every entry)",
				       sct_last_error());
	}
	o->sg = sct_suggest_create();
	if (!o->sg)
		return sct_err("%s", sct_last_error());
	sct_suggest_set_granularity(o->sg, o->granularity);
	for (i = 0; i < o->nr_policy; i++)
		if (add_ranges(o->sg, &o->policy[i]))
			return SCT_EXIT_USAGE;
	return 0;
}

struct observed {
	struct sct_suggest	*sg;
	uint64_t		calls;
	uint64_t		unknown_fwd;	/* forwarded calls of unknown ID */
};

static int observe(const struct sct_call *call, void *data)
{
	struct observed *obs = data;

	obs->calls++;
	obs->unknown_fwd += !call->id_known && call->location == SCT_LOC_USER;
	return sct_suggest_observe(obs->sg, call) ? -1 : 0;
}

/* A replay's answers: an ID is implemented when any call got another answer */
struct answer {
	uint32_t	id;
	bool		supported;	/* not NOT_SUPPORTED */
};

struct answers {
	struct answer	*v;
	size_t		nr;
	size_t		alloc;
};

static int collect_answer(const struct sct_call *call, void *data)
{
	struct answers *a = data;
	struct answer *tmp;

	if (!call->id_known || !call->nresults)
		return 0;
	tmp = sct_array_room(a->v, &a->alloc, a->nr + 1, sizeof(*tmp));
	if (!tmp)
		return sct_set_error(ENOMEM, "out of memory");
	a->v = tmp;
	a->v[a->nr].id = call->func_id;
	/* NOT_SUPPORTED is -1 in w0 for SMC32 and x0 for SMC64 calls */
	a->v[a->nr++].supported = (uint32_t)call->results[0] != 0xffffffffu;
	return 0;
}

static int answer_cmp(const void *x, const void *y)
{
	const struct answer *a = x, *b = y;

	if (a->id != b->id)
		return a->id < b->id ? -1 : 1;
	return 0;
}

static int add_answers(struct sct_suggest *sg, struct answers *a)
{
	bool supported;
	size_t i, j;

	qsort(a->v, a->nr, sizeof(*a->v), answer_cmp);
	for (i = 0; i < a->nr; i = j) {
		supported = false;
		for (j = i; j < a->nr && a->v[j].id == a->v[i].id; j++)
			supported |= a->v[j].supported;
		if (sct_suggest_add_range(sg, supported ? SCT_SET_VMM : SCT_SET_VMM_LACKS,
					  a->v[i].id, a->v[i].id))
			return -1;
	}
	return 0;
}

/* The FWD_TO_USER ranges of the filter a session ran with */
static int add_forwarded(struct sct_suggest *sg, const struct sct_session *s)
{
	const struct sct_filter_range *r;
	struct sct_filter *f;
	size_t i;
	int ret = 0;

	f = sct_filter_from_json(s->filter_json);
	if (!f)
		return sct_err("session %" PRId64 ": its filter: %s", s->id, sct_last_error());
	for (i = 0; i < sct_filter_count(f) && !ret; i++) {
		r = sct_filter_get(f, i);
		if (r->action == SCT_FILTER_FWD_TO_USER &&
		    sct_suggest_add_range(sg, SCT_SET_VMM, r->base, r->base + r->nr_functions - 1))
			ret = sct_err("%s", sct_last_error());
	}
	sct_filter_free(f);
	return ret;
}

static int read_vmm_session(struct suggest_opts *o, struct sct_store *store)
{
	struct answers a = { 0 };
	struct sct_session s;
	int ret = 0;

	if (sct_store_get_session(store, o->vmm_session, &s))
		return sct_err("%s", sct_last_error());
	if (s.kind && !strcmp(s.kind, "replay")) {
		if (sct_store_foreach_call(store, s.id, collect_answer, &a) ||
		    add_answers(o->sg, &a))
			ret = sct_err("session %" PRId64 ": %s", s.id, sct_last_error());
	} else if (s.filter_json) {
		ret = add_forwarded(o->sg, &s);
	} else {
		ret = sct_err("suggest: session %" PRId64 " is not a replay and has no filter: "
			      "it cannot tell what the VMM implements", s.id);
	}
	free(a.v);
	sct_session_release(&s);
	return ret;
}

static bool has_policy(const struct suggest_opts *o, enum sct_suggest_set set)
{
	int i;

	for (i = 0; i < o->nr_policy; i++)
		if (o->policy[i].set == set)
			return true;
	return false;
}

/* What the VMM implements, when no option said it: the session's filter */
static int read_vmm(struct suggest_opts *o, struct sct_store *store,
		    const struct sct_session *s)
{
	if (o->has_vmm_session)
		return read_vmm_session(o, store);
	if (has_policy(o, SCT_SET_VMM))
		return 0;
	if (s->filter_json)
		return add_forwarded(o->sg, s);
	if (has_policy(o, SCT_SET_FORWARD) || has_policy(o, SCT_SET_DENY))
		return 0;
	return usage_error(&suggest_usage, "what does the VMM implement? session %" PRId64
			   " has no filter to tell: give --vmm-handles or --vmm-session", s->id);
}

/* The session's DENY ranges stay denied; returns whether it had any, or -1 */
static int keep_session_deny(struct suggest_opts *o, const struct sct_filter *f)
{
	const struct sct_filter_range *r;
	bool kept = false;
	size_t i;

	for (i = 0; i < sct_filter_count(f); i++) {
		r = sct_filter_get(f, i);
		if (r->action != SCT_FILTER_DENY)
			continue;
		if (sct_suggest_add_range(o->sg, SCT_SET_DENY, r->base,
					  r->base + (r->nr_functions - 1)))
			return sct_err("%s", sct_last_error());
		kept = true;
	}
	return kept;
}

/* What the session's filter tells: where calls of unknown ID may have gone */
static int read_session_filter(struct suggest_opts *o, const struct sct_session *s,
			       struct suggest_source *src)
{
	int ret;

	if (!s->filter_json)
		return 0;
	src->session_filter = sct_filter_from_json(s->filter_json);
	if (!src->session_filter)
		return sct_err("session %" PRId64 ": its filter: %s", s->id, sct_last_error());
	if (sct_suggest_set_session_filter(o->sg, src->session_filter))
		return sct_err("%s", sct_last_error());
	if (o->config || o->drop_session_deny)
		return 0;
	ret = keep_session_deny(o, src->session_filter);
	src->kept_deny = ret > 0;
	return ret < 0 ? ret : 0;
}

/* Forwarded calls of unknown ID with no filter to bound their IDs */
static int refuse_unknown(const struct sct_session *s, const struct suggest_source *src)
{
	return sct_err("suggest: session %" PRId64 ": %" PRIu64 " forwarded calls have no "
		       "known function ID (SMC seen by tracepoints alone) and no filter says "
		       "which IDs they may have, so a suggestion could stop forwarding them: "
		       "record with --shim or --probe for their IDs, or import with --filter",
		       s->id, src->unknown_fwd);
}

static int apply_test(const struct sct_filter *f)
{
	struct sct_kvm_entry *e;
	size_t nr;
	int ret;

	e = suggest_entries_of(f, &nr);
	if (!e)
		return sct_err("out of memory");
	sct_kvm_check(e, nr);
	ret = suggest_apply_test(stdout, e, nr);
	free(e);
	return ret;
}

static int predict_and_print(struct suggest_opts *o, const struct sct_filter *f,
			     const struct suggest_source *src)
{
	struct sct_prediction *p;
	int ret;

	p = sct_suggest_predict(o->sg, f);
	if (!p)
		return sct_err("%s", sct_last_error());
	ret = suggest_print(stdout, o->format, f, p, src);
	sct_prediction_free(p);
	if (ret)
		return sct_err("%s", sct_last_error());
	return o->apply_test ? apply_test(f) : SCT_EXIT_OK;
}

static int suggest_for(struct suggest_opts *o, struct sct_store *store,
		       const struct sct_session *s, struct suggest_source *src)
{
	struct sct_filter *f;
	int ret;

	if (src->unknown_fwd && !src->session_filter)
		return refuse_unknown(s, src);
	src->kept_forwarded = src->unknown_fwd > 0;
	ret = read_vmm(o, store, s);
	if (ret)
		return ret;
	f = sct_suggest_run(o->sg);
	if (!f)
		return sct_err("suggest: %s%s", sct_last_error(),
			       src->kept_deny && strstr(sct_last_error(), "denied") ?
			       " (the session's DENY ranges stay unless --drop-session-deny)" : "");
	ret = predict_and_print(o, f, src);
	sct_filter_free(f);
	return ret;
}

static int run_session(struct suggest_opts *o, struct sct_store *store,
		       const struct sct_session *s)
{
	struct suggest_source src = { .session = s->id };
	struct observed obs = { .sg = o->sg };
	int ret;

	if (s->first_ns != SCT_NO_TIME && s->last_ns != SCT_NO_TIME && s->last_ns > s->first_ns)
		sct_suggest_set_duration(o->sg, s->last_ns - s->first_ns);
	if (sct_store_foreach_call(store, s->id, observe, &obs))
		return sct_err("session %" PRId64 ": %s", s->id, sct_last_error());
	src.calls = obs.calls;
	src.unknown_fwd = obs.unknown_fwd;
	ret = read_session_filter(o, s, &src);
	if (!ret)
		ret = o->config ? predict_and_print(o, o->config, &src) :
				  suggest_for(o, store, s, &src);
	sct_filter_free(src.session_filter);
	return ret;
}

static int run(struct suggest_opts *o)
{
	struct sct_session s;
	struct sct_store *store;
	int ret;

	store = sct_cli_open_session(o->db, o->session, &s);
	if (!store)
		return SCT_EXIT_USAGE;
	ret = run_session(o, store, &s);
	sct_session_release(&s);
	sct_store_close(store);
	return ret;
}

static int run_check(const struct suggest_opts *o)
{
	struct sct_kvm_entry *e;
	size_t nr, refused;
	int ret;

	e = sct_kvm_entries_load(o->check, &nr);
	if (!e)
		return sct_err("%s", sct_last_error());
	refused = sct_kvm_check(e, nr);
	suggest_print_check(stdout, o->format, o->check, e, nr);
	ret = refused ? SCT_EXIT_CHECK : SCT_EXIT_OK;
	if (o->apply_test) {
		fflush(stdout);
		ret = suggest_apply_test(stdout, e, nr);
	}
	free(e);
	return ret;
}

/**
 * cmd_suggest - smccctrace suggest
 * @argc: number of arguments, the command word included
 * @argv: the arguments; argv[0] is "suggest"
 *
 * Returns SCT_EXIT_OK, SCT_EXIT_CHECK when --check or --apply-test found
 * an entry KVM refuses, or SCT_EXIT_USAGE on bad usage or input.
 */
int cmd_suggest(int argc, char **argv)
{
	struct suggest_opts o = { .format = SCT_FORMAT_TABLE, .vmm_session = -1 };
	int ret;

	ret = parse(argc, argv, &o);
	if (ret < 0)
		return parse_status(ret);
	o.has_vmm_session = o.vmm_session >= 0;
	ret = validate(&o);
	if (!ret)
		ret = o.check ? run_check(&o) : run(&o);
	sct_suggest_free(o.sg);
	sct_filter_free(o.config);
	return ret;
}
