// SPDX-License-Identifier: GPL-2.0
/*
 * smccctrace export --format perfetto: the Chrome trace-event JSON that
 * ui.perfetto.dev and chrome://tracing load ({"traceEvents": [...]}).
 * A session is a process, each vCPU thread a track (its name from a
 * thread_name event), each call with a latency a complete ("X") slice
 * from its kvm_exit to its kvm_entry, named by the function. A forwarded
 * call's split nests inside it: "kernel out", "VMM" and "kernel in" where
 * the preload shim saw the VMM's side, else "kernel out" to
 * kvm_userspace_exit and "VMM and back" from there. Time stamps and
 * durations are microseconds written exactly: ns / 1000 with three
 * decimals, never through a float.
 */
#include <inttypes.h>
#include <stdio.h>

#include <smccctrace/smccc.h>

#include "export.h"

/* @ns in microseconds, "1000000010.000" */
static void json_us(struct sct_json *j, const char *key, uint64_t ns)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%" PRIu64 ".%03" PRIu64, ns / 1000, ns % 1000);
	sct_json_raw(j, key, buf);
}

/**
 * export_trace_begin - open the trace's object and event array
 * @e: the export, its stream open
 */
void export_trace_begin(struct export *e)
{
	sct_json_init(&e->json, e->out);
	sct_json_begin_object(&e->json, NULL);
	sct_json_str(&e->json, "displayTimeUnit", "ns");
	sct_json_begin_array(&e->json, "traceEvents");
}

/**
 * export_trace_end - close the event array and the object
 * @e: the export
 */
void export_trace_end(struct export *e)
{
	sct_json_end_array(&e->json);
	sct_json_end_object(&e->json);
	fputc('\n', e->out);
}

/* A metadata event: process_name (@tid 0) or thread_name */
static void metadata(struct sct_json *j, const char *what, int64_t pid, int64_t tid,
		     const char *name)
{
	sct_json_begin_object(j, NULL);
	sct_json_str(j, "name", what);
	sct_json_str(j, "ph", "M");
	sct_json_i64(j, "pid", pid);
	sct_json_i64(j, "tid", tid);
	sct_json_begin_object(j, "args");
	sct_json_str(j, "name", name);
	sct_json_end_object(j);
	sct_json_end_object(j);
}

/**
 * export_trace_session - the session's process and its threads' tracks
 * @e: the export; ->s and ->threads are the session's
 */
void export_trace_session(struct export *e)
{
	char name[160];
	size_t i;

	if (e->s->host)
		snprintf(name, sizeof(name), "session %" PRId64 " (%s)", e->s->id, e->s->host);
	else
		snprintf(name, sizeof(name), "session %" PRId64, e->s->id);
	metadata(&e->json, "process_name", e->s->id, 0, name);
	for (i = 0; i < e->threads.nr; i++) {
		const struct sct_thread *t = &e->threads.v[i];

		if (t->comm[0])
			snprintf(name, sizeof(name), "%s", t->comm);
		else if (t->vcpu >= 0)
			snprintf(name, sizeof(name), "vCPU %" PRId32, t->vcpu);
		else
			snprintf(name, sizeof(name), "thread %" PRId32, t->tid);
		metadata(&e->json, "thread_name", e->s->id, t->tid, name);
	}
}

/* The start of a slice; the caller adds args (or not) and closes it */
static void slice(struct export *e, const struct sct_call *c, const char *name,
		  const char *cat, uint64_t from, uint64_t to)
{
	struct sct_json *j = &e->json;

	sct_json_begin_object(j, NULL);
	sct_json_str(j, "name", name);
	sct_json_str(j, "cat", cat);
	sct_json_str(j, "ph", "X");
	sct_json_i64(j, "pid", e->s->id);
	sct_json_i64(j, "tid", c->tid);
	json_us(j, "ts", from);
	json_us(j, "dur", to - from);
}

static void call_args(struct sct_json *j, const struct sct_call *c, uint64_t total)
{
	char buf[24];

	sct_json_begin_object(j, "args");
	sct_json_u64(j, "seq", c->seq);
	snprintf(buf, sizeof(buf), "0x%08" PRIx32, c->func_id);
	if (c->id_known)
		sct_json_str(j, "func_id", buf);
	else
		sct_json_null(j, "func_id");
	sct_json_str(j, "conduit", sct_conduit_name(c->conduit));
	sct_json_str(j, "location", sct_location_name(c->location));
	if (c->vcpu >= 0)
		sct_json_i64(j, "vcpu", c->vcpu);
	else
		sct_json_null(j, "vcpu");
	sct_json_u64(j, "total_ns", total);
	listing_json_regs(j, "args", c->args, c->nargs);
	listing_json_regs(j, "results", c->results, c->nresults);
	sct_json_end_object(j);
}

/* A part of a forwarded call: a slice without args */
static void part(struct export *e, const struct sct_call *c, const char *name,
		 uint64_t from, uint64_t to)
{
	slice(e, c, name, "split", from, to);
	sct_json_end_object(&e->json);
}

static bool ordered(const uint64_t *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (t[i] == SCT_NO_TIME || (i && t[i] < t[i - 1]))
			return false;
	return true;
}

/* The forwarded split, nested in the call's slice where its times fit */
static void split(struct export *e, const struct sct_call *c)
{
	const uint64_t shim[4] = { c->t_exit, c->t_vmm_exit, c->t_vmm_resume, c->t_entry };
	const uint64_t kernel[3] = { c->t_exit, c->t_uexit, c->t_entry };

	if (c->location != SCT_LOC_USER)
		return;
	if (ordered(shim, 4)) {
		part(e, c, "kernel out", shim[0], shim[1]);
		part(e, c, "VMM", shim[1], shim[2]);
		part(e, c, "kernel in", shim[2], shim[3]);
	} else if (ordered(kernel, 3)) {
		part(e, c, "kernel out", kernel[0], kernel[1]);
		part(e, c, "VMM and back", kernel[1], kernel[2]);
	}
}

/**
 * export_trace_call - a call's slice, and its split (an
 * sct_store_foreach_selected() callback)
 * @c: the call, of the session @data's ->s
 * @data: the struct export
 *
 * A call without a latency (incomplete) has no slice. Returns 0.
 */
int export_trace_call(const struct sct_call *c, void *data)
{
	uint64_t total = sct_call_total_ns(c);
	struct export *e = data;
	const char *name;
	char hex[16];

	if (total == SCT_NO_TIME)
		return 0;
	name = c->id_known ? sct_function_name(c->func_id) : "unknown";
	if (!name) {
		snprintf(hex, sizeof(hex), "0x%08" PRIx32, c->func_id);
		name = hex;
	}
	slice(e, c, name, sct_location_name(c->location), c->t_exit, c->t_entry);
	call_args(&e->json, c, total);
	sct_json_end_object(&e->json);
	split(e, c);
	return 0;
}
