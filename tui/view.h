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
#include <smccctrace/compare.h>
#include <smccctrace/group.h>
#include <smccctrace/select.h>
#include <smccctrace/store.h>

enum view_page {
	PAGE_SESSIONS,
	PAGE_GROUPS,
	PAGE_CALLS,
	PAGE_CALL,	/* one call in full */
	PAGE_DIFF,	/* the session's groups beside another session's */
	PAGE_NR,
};

/* One session line of the first page */
struct view_session {
	int64_t		id;
	char		*line;
	char		*what;
};

/**
 * struct view_calls - the calls of the group opened, a page at a time
 * @key: the group's key
 * @order: SCT_ORDER_TIME, or SCT_ORDER_SLOWEST (S)
 * @total: the calls of the list: the group's (its timed ones, slowest first)
 * @sel: what the store reads of them (the key's superset, in @order)
 * @rows: the calls of the page shown and some around it: positions @first..
 * @nr: entries of @rows
 * @first: the position of @rows[0]
 */
struct view_calls {
	char			*key;
	enum sct_call_order	order;
	size_t			total;
	struct sct_selection	sel;
	struct sct_call		*rows;
	size_t			nr;
	size_t			first;
};

/**
 * struct view_diff - the comparison with another session (d)
 * @session: the other session's id (B; the view's session is A)
 * @groups: B's groups, grouped and filtered as A's
 * @rows: one per key of either side, in A's order
 * @nr: entries of @rows
 */
struct view_diff {
	int64_t			session;
	struct sct_groups	groups;
	struct sct_group_pair	*rows;
	size_t			nr;
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
 * @session_what: @session's kind and source
 * @groups: the session's groups (PAGE_GROUPS and on)
 * @calls: the calls of the group opened (PAGE_CALLS)
 * @call: the call shown in full (PAGE_CALL) and its position in @calls
 * @call_pos: that position
 * @diff: the comparison (PAGE_DIFF)
 * @threads: the session's threads (for their names)
 * @nr_threads: entries of @threads
 * @filter: what / set: part of a function's name, or its hex ID
 * @sel: the selected row of each page
 * @top: the first row shown of each page
 * @message: a line shown on the last until the next key, or ""
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
	const char		*session_what;
	struct sct_groups	groups;
	struct view_calls	calls;
	struct sct_call		call;
	size_t			call_pos;
	struct view_diff	diff;
	struct sct_thread	*threads;
	size_t			nr_threads;
	char			filter[64];
	size_t			sel[PAGE_NR];
	size_t			top[PAGE_NR];
	char			message[128];
	bool			help;
	bool			oom;
};

/* view-data.c: reading the pages from the store; -1 with sct_last_error() */
int view_load_sessions(struct view *v);
int view_load_groups(struct view *v);
int view_group_session(struct view *v, int64_t session, struct sct_groups *g);
bool view_in_group(const struct view *v, const struct sct_call *c);
int view_out_of_memory(struct view *v);
void view_release(struct view *v);
size_t view_rows(const struct view *v);
void view_scroll(struct view *v);
const char *view_thread_name(const struct view *v, int32_t tid);

/* view-calls.c: a group's calls, a page at a time */
int view_calls_open(struct view *v, const struct sct_group *g, enum sct_call_order order);
int view_calls_fill(struct view *v, size_t lines);
const struct sct_call *view_calls_at(const struct view *v, size_t pos);
void view_calls_release(struct view_calls *c);

/* view-call.c: one call in full */
size_t view_call_lines(const struct view *v);
void view_call_line(const struct view *v, size_t i, char *out, size_t size);

/* view-diff.c: the comparison with another session */
int view_diff_open(struct view *v, int64_t other);
void view_diff_release(struct view_diff *d);
void view_diff_head(const struct view *v, char *out, size_t size);
void view_diff_row(const struct view *v, size_t i, char *out, size_t size);

/* view-draw.c: the screen */
void view_draw(struct view *v);
int view_page_lines(const struct view *v);
int view_key_width(const struct view *v);
void view_key_text(const struct view *v, const char *key, bool has_id, uint32_t id,
		   char *out, size_t size);

#endif /* SMCCCTRACE_TUI_VIEW_H */
