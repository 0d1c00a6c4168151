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

/**
 * view_out_of_memory - note that reading ran out of memory
 * @v: the view
 *
 * Returns -1 with errno ENOMEM and the error set.
 */
int view_out_of_memory(struct view *v)
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
		return view_out_of_memory(v);
	v->sessions = n;
	n[v->nr_sessions].id = s->id;
	n[v->nr_sessions].line = strdup(line);
	snprintf(line, sizeof(line), "%s %s", s->kind ? s->kind : "-", s->source ? s->source : "-");
	n[v->nr_sessions].what = strdup(line);
	if (!n[v->nr_sessions].line || !n[v->nr_sessions].what) {
		free(n[v->nr_sessions].line);
		free(n[v->nr_sessions].what);
		return view_out_of_memory(v);
	}
	v->nr_sessions++;
	return 0;
}

static void free_sessions(struct view *v)
{
	size_t i;

	for (i = 0; i < v->nr_sessions; i++) {
		free(v->sessions[i].line);
		free(v->sessions[i].what);
	}
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

/* Whether a call passes the filter (sct_function_matches()) */
static bool passes(const struct view *v, const struct sct_call *c)
{
	return sct_function_matches(c->func_id, c->id_known, v->filter);
}

/**
 * struct grouping - the calls of a session that pass the filter, grouped
 * @v: the view (its filter)
 * @groups: the groups
 */
struct grouping {
	const struct view	*v;
	struct sct_groups	*groups;
};

static int group_call(const struct sct_call *c, void *data)
{
	struct grouping *g = data;

	return passes(g->v, c) ? sct_groups_add_call(c, g->groups) : 0;
}

/**
 * view_group_session - a session's calls that pass the filter, grouped as the view's
 * @v: the view: its grouping, order and filter
 * @session: the session
 * @groups: the groups, initialised by the caller; finished and sorted
 *
 * Returns 0, or -1 with the error set.
 */
int view_group_session(struct view *v, int64_t session, struct sct_groups *groups)
{
	struct grouping g = { .v = v, .groups = groups };
	struct sct_selection all;
	int ret;

	sct_selection_init(&all);
	ret = sct_store_foreach_selected(v->store, session, &all, group_call, &g);
	sct_selection_release(&all);
	if (ret || sct_store_foreach_exit(v->store, session, sct_groups_add_exit, groups))
		return groups->oom ? view_out_of_memory(v) : -1;
	sct_groups_finish(groups);
	if (sct_groups_sort(groups, v->sort))
		return view_out_of_memory(v);
	return 0;
}

/**
 * view_in_group - whether a call is in the group opened and passes the filter
 * @v: the view
 * @c: the call
 */
bool view_in_group(const struct view *v, const struct sct_call *c)
{
	char buf[64];

	return passes(v, c) && !strcmp(sct_group_key(v->by, c, buf, sizeof(buf)), v->calls.key);
}

static int keep_thread(const struct sct_thread *t, void *data)
{
	struct view *v = data;
	struct sct_thread *n;

	n = reallocarray(v->threads, v->nr_threads + 1, sizeof(*n));
	if (!n)
		return view_out_of_memory(v);
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
	struct sct_session s;
	size_t i;

	sct_groups_release(&v->groups);
	sct_groups_init(&v->groups, v->by);
	if (sct_store_get_session(v->store, v->session, &s))
		return -1;
	v->lost = s.lost_events;
	sct_session_release(&s);
	v->session_what = NULL;
	for (i = 0; i < v->nr_sessions; i++)
		if (v->sessions[i].id == v->session)
			v->session_what = v->sessions[i].what;
	free(v->threads);
	v->threads = NULL;
	v->nr_threads = 0;
	if (sct_store_foreach_thread(v->store, v->session, keep_thread, v))
		return -1;
	return view_group_session(v, v->session, &v->groups);
}

/**
 * view_release - free what the view read (not its store)
 * @v: the view
 */
void view_release(struct view *v)
{
	free_sessions(v);
	sct_groups_release(&v->groups);
	view_calls_release(&v->calls);
	view_diff_release(&v->diff);
	free(v->threads);
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
	case PAGE_CALLS:
		return v->calls.total;
	case PAGE_CALL:
		return view_call_lines(v);
	default:
		return v->diff.nr;
	}
}

/**
 * view_scroll - keep the selected row of the page shown on the screen
 * @v: the view
 *
 * The selection stays in the list, and the first row shown moves as
 * little as it can to keep it in sight. One call in full has no
 * selection: its first line shown is the one moved.
 */
void view_scroll(struct view *v)
{
	size_t rows = view_rows(v), *sel = &v->sel[v->page], *top = &v->top[v->page];
	size_t lines = (size_t)view_page_lines(v);

	if (v->page == PAGE_CALL) {
		/* the last line may come up to the screen's last */
		rows = rows > lines ? rows - lines + 1 : 1;
	}
	if (*sel >= rows)
		*sel = rows ? rows - 1 : 0;
	if (v->page == PAGE_CALL) {
		*top = *sel;
		return;
	}
	if (*sel < *top)
		*top = *sel;
	if (lines && *sel >= *top + lines)
		*top = *sel - lines + 1;
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
