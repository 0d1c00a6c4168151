// SPDX-License-Identifier: GPL-2.0
/*
 * smccctrace view: the pages read from the store. The sessions are one
 * line each; a session's groups are the library's (group.h) over the
 * calls that pass the filter; a group's calls are read in time order.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smccctrace/error.h>
#include <smccctrace/output.h>
#include <smccctrace/select.h>
#include <smccctrace/smccc.h>

#include "view.h"

static int out_of_memory(struct view *v)
{
	v->oom = true;
	return sct_set_error(ENOMEM, "view: out of memory");
}

/* The last @width characters of @s: a path's end says the most */
static const char *tail(const char *s, size_t width)
{
	size_t len;

	if (!s || !*s)
		return "-";
	len = strlen(s);
	return len > width ? s + len - width : s;
}

static int add_session(const struct sct_session *s, void *data)
{
	char line[256], dur[SCT_NS_BUFSZ];
	struct view *v = data;
	struct view_session *n;
	bool timed;

	timed = s->first_ns != SCT_NO_TIME && s->last_ns != SCT_NO_TIME &&
		s->last_ns >= s->first_ns;
	snprintf(line, sizeof(line), "%3" PRId64 " %-6.6s %-22.22s %7" PRIu64 " %9s %5" PRIu64 " %s",
		 s->id, s->kind ? s->kind : "-", tail(s->source, 22), s->calls,
		 timed ? sct_format_ns(s->last_ns - s->first_ns, dur, sizeof(dur)) : "-",
		 s->lost_events, s->created ? s->created : "-");
	n = reallocarray(v->sessions, v->nr_sessions + 1, sizeof(*n));
	if (!n)
		return out_of_memory(v);
	v->sessions = n;
	n[v->nr_sessions].id = s->id;
	n[v->nr_sessions].line = strdup(line);
	if (!n[v->nr_sessions].line)
		return out_of_memory(v);
	v->nr_sessions++;
	return 0;
}

static void free_sessions(struct view *v)
{
	size_t i;

	for (i = 0; i < v->nr_sessions; i++)
		free(v->sessions[i].line);
	free(v->sessions);
	v->sessions = NULL;
	v->nr_sessions = 0;
}

/**
 * view_load_sessions - read the database's sessions
 * @v: the view
 *
 * Returns 0, or -1 with the error set.
 */
int view_load_sessions(struct view *v)
{
	free_sessions(v);
	return sct_store_foreach_session(v->store, add_session, v) ? -1 : 0;
}

/* Whether a call passes the filter: "0x..." is an ID, else part of a name */
static bool passes(const struct view *v, const struct sct_call *c)
{
	const char *name;
	unsigned long id;
	char *end;

	if (!v->filter[0])
		return true;
	if (!strncasecmp(v->filter, "0x", 2)) {
		errno = 0;
		id = strtoul(v->filter, &end, 16);
		return !errno && !*end && c->id_known && c->func_id == id;
	}
	name = c->id_known ? sct_function_name(c->func_id) : NULL;
	return name && strcasestr(name, v->filter);
}

static int group_call(const struct sct_call *c, void *data)
{
	struct view *v = data;

	return passes(v, c) ? sct_groups_add_call(c, &v->groups) : 0;
}

static int keep_thread(const struct sct_thread *t, void *data)
{
	struct view *v = data;
	struct sct_thread *n;

	n = reallocarray(v->threads, v->nr_threads + 1, sizeof(*n));
	if (!n)
		return out_of_memory(v);
	v->threads = n;
	n[v->nr_threads++] = *t;
	return 0;
}

/**
 * view_load_groups - group the calls of session @v->session
 * @v: the view: its grouping, order and filter
 *
 * Reads the session's lost events and threads too. Returns 0, or -1
 * with the error set.
 */
int view_load_groups(struct view *v)
{
	struct sct_selection all;
	struct sct_session s;
	int ret;

	sct_groups_release(&v->groups);
	sct_groups_init(&v->groups, v->by);
	if (sct_store_get_session(v->store, v->session, &s))
		return -1;
	v->lost = s.lost_events;
	sct_session_release(&s);
	free(v->threads);
	v->threads = NULL;
	v->nr_threads = 0;
	if (sct_store_foreach_thread(v->store, v->session, keep_thread, v))
		return -1;
	sct_selection_init(&all);
	ret = sct_store_foreach_selected(v->store, v->session, &all, group_call, v);
	sct_selection_release(&all);
	if (ret || sct_store_foreach_exit(v->store, v->session, sct_groups_add_exit, &v->groups))
		return -1;
	sct_groups_finish(&v->groups);
	return sct_groups_sort(&v->groups, v->sort);
}

static int keep_call(const struct sct_call *c, void *data)
{
	char buf[64];
	struct view *v = data;
	struct sct_call *n;
	size_t alloc;

	if (!passes(v, c) || strcmp(sct_group_key(v->by, c, buf, sizeof(buf)), v->key))
		return 0;
	if (v->nr_calls == v->alloc_calls) {
		alloc = v->alloc_calls ? 2 * v->alloc_calls : 256;
		n = reallocarray(v->calls, alloc, sizeof(*n));
		if (!n)
			return out_of_memory(v);
		v->calls = n;
		v->alloc_calls = alloc;
	}
	v->calls[v->nr_calls++] = *c;
	return 0;
}

/**
 * view_load_calls - the calls of one group, in time order
 * @v: the view
 * @key: the group's key (copied)
 *
 * Returns 0, or -1 with the error set.
 */
int view_load_calls(struct view *v, const char *key)
{
	struct sct_selection all;
	int ret;

	free(v->key);
	v->key = strdup(key);
	if (!v->key)
		return out_of_memory(v);
	v->nr_calls = 0;
	sct_selection_init(&all);
	all.order = SCT_ORDER_TIME;
	ret = sct_store_foreach_selected(v->store, v->session, &all, keep_call, v);
	sct_selection_release(&all);
	return ret ? -1 : 0;
}

/**
 * view_release - free what the view read (not its store)
 * @v: the view
 */
void view_release(struct view *v)
{
	free_sessions(v);
	sct_groups_release(&v->groups);
	free(v->calls);
	free(v->key);
	free(v->threads);
	v->calls = NULL;
	v->key = NULL;
	v->threads = NULL;
}

/**
 * view_rows - how many rows the page shown has
 * @v: the view
 */
size_t view_rows(const struct view *v)
{
	switch (v->page) {
	case PAGE_SESSIONS:
		return v->nr_sessions;
	case PAGE_GROUPS:
		return v->groups.nr;
	default:
		return v->nr_calls;
	}
}

/**
 * view_thread_name - a thread's name in the session, or NULL
 * @v: the view
 * @tid: the thread
 */
const char *view_thread_name(const struct view *v, int32_t tid)
{
	size_t i;

	for (i = 0; i < v->nr_threads; i++)
		if (v->threads[i].tid == tid)
			return v->threads[i].comm[0] ? v->threads[i].comm : NULL;
	return NULL;
}
