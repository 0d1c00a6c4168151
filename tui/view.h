/* SPDX-License-Identifier: GPL-2.0 */
/*
 * smccctrace view: the state of the browser and the pages it shows:
 * the sessions, one session's groups, one group's calls.
 */
#ifndef SMCCCTRACE_TUI_VIEW_H
#define SMCCCTRACE_TUI_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <smccctrace/call.h>
#include <smccctrace/group.h>
#include <smccctrace/store.h>

enum view_page {
	PAGE_SESSIONS,
	PAGE_GROUPS,
	PAGE_CALLS,
};

/* One session line of the first page */
struct view_session {
	int64_t		id;
	char		*line;
};

/**
 * struct view - the browser
 * @store: the database, read only
 * @page: the page shown
 * @sessions: the sessions, in id order
 * @nr_sessions: entries of @sessions
 * @session: the session whose groups or calls are shown (its id)
 * @lost: that session's lost events
 * @by: the grouping
 * @sort: the groups' order
 * @groups: the session's groups (PAGE_GROUPS and PAGE_CALLS)
 * @calls: the calls of the group opened (PAGE_CALLS)
 * @nr_calls: entries of @calls
 * @alloc_calls: allocated entries of @calls
 * @key: the key of the group opened
 * @threads: the session's threads (for their names)
 * @nr_threads: entries of @threads
 * @filter: what / set: part of a function's name, or its hex ID
 * @sel: the selected row of each page
 * @top: the first row shown of each page
 * @help: the help is shown
 * @oom: reading ran out of memory
 */
struct view {
	struct sct_store	*store;
	enum view_page		page;
	struct view_session	*sessions;
	size_t			nr_sessions;
	int64_t			session;
	uint64_t		lost;
	enum sct_group_by	by;
	enum sct_group_sort	sort;
	struct sct_groups	groups;
	struct sct_call		*calls;
	size_t			nr_calls;
	size_t			alloc_calls;
	char			*key;
	struct sct_thread	*threads;
	size_t			nr_threads;
	char			filter[64];
	size_t			sel[3];
	size_t			top[3];
	bool			help;
	bool			oom;
};

/* view-data.c: reading the pages from the store; -1 with sct_last_error() */
int view_load_sessions(struct view *v);
int view_load_groups(struct view *v);
int view_load_calls(struct view *v, const char *key);
void view_release(struct view *v);
size_t view_rows(const struct view *v);
const char *view_thread_name(const struct view *v, int32_t tid);

/* view-draw.c: the screen */
void view_draw(struct view *v);
int view_page_lines(const struct view *v);

#endif /* SMCCCTRACE_TUI_VIEW_H */
