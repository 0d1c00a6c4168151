// SPDX-License-Identifier: GPL-2.0
/*
 * smccctrace view: a database browser in the terminal. The sessions;
 * Enter opens a session's groups (g cycles the grouping, s the order)
 * with the selected group's latency histogram; Enter on a group lists
 * its calls (S: slowest first), read from the store a page at a time;
 * Enter on a call shows it in full. d compares the session with another.
 * q goes back, and quits on the sessions.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include <smccctrace/error.h>
#include <smccctrace/store.h>

#include "builtin.h"
#include "cli.h"
#include "parse-options.h"
#include "term.h"
#include "view.h"

#define KEY_WAIT_MS	250	/* how long a key is waited for, for the signals' sake */
#define KEY_ESCAPE	27
#define KEY_CTRL_H	8
#define KEY_DEL		127

static const struct usage view_usage = {
	.cmd		= "view",
	.synopsis	= (const char *const []){
		"smccctrace view [-d FILE] [-s N|latest]",
		NULL
	},
	.notes		= (const char *const []){
		"The sessions; Enter opens a session's groups, Enter on a group its calls,",
		"Enter on a call shows it in full. Keys: arrows or j k move, PgUp PgDn",
		"Home End, g grouping, s sort, S slowest calls, d compare with another",
		"session, / filter, ? help, q back.",
		"Needs a terminal: for batch use see sessions, report and calls.",
		NULL
	},
};

struct view_opts {
	const char	*db;
	int64_t		session;
};

static int parse(int argc, char **argv, struct view_opts *o)
{
	const struct opt opts[] = {
		opt_db(&o->db),
		opt_session('s', "session", &o->session, "open this session's groups"),
		opt_end(),
	};

	o->session = -1;
	return parse_options(argc, argv, opts, &view_usage, PARSE_NO_ARGS);
}

/* Opens session @id (0: the newest) on its groups page */
static int open_session(struct view *v, int64_t id)
{
	struct sct_session s;

	if (!id) {
		if (sct_store_get_session(v->store, 0, &s))
			return -1;
		id = s.id;
		sct_session_release(&s);
	}
	v->session = id;
	v->sel[PAGE_GROUPS] = v->top[PAGE_GROUPS] = 0;
	if (view_load_groups(v))
		return -1;
	v->page = PAGE_GROUPS;
	return 0;
}

/* The selected group's calls in @order */
static int open_calls(struct view *v, enum sct_call_order order)
{
	if (!v->groups.nr)
		return 0;
	if (view_calls_open(v, v->groups.groups[v->sel[PAGE_GROUPS]], order))
		return -1;
	v->page = PAGE_CALLS;
	return 0;
}

static int enter(struct view *v)
{
	size_t i = v->sel[v->page];
	const struct sct_call *c;

	if (!view_rows(v))
		return 0;
	switch (v->page) {
	case PAGE_SESSIONS:
		return open_session(v, v->sessions[i].id);
	case PAGE_GROUPS:
		return open_calls(v, SCT_ORDER_TIME);
	case PAGE_CALLS:
		c = view_calls_at(v, i);
		if (!c)
			return 0;
		v->call = *c;
		v->call_pos = i;
		v->sel[PAGE_CALL] = v->top[PAGE_CALL] = 0;
		v->page = PAGE_CALL;
		return 0;
	default:
		return 0;
	}
}

/* S: the group's calls slowest first; on the calls, the other order */
static int slowest(struct view *v)
{
	enum sct_call_order order = SCT_ORDER_SLOWEST;

	if (v->page == PAGE_CALLS || v->page == PAGE_CALL)
		order = v->calls.order == SCT_ORDER_SLOWEST ? SCT_ORDER_TIME : SCT_ORDER_SLOWEST;
	else if (v->page != PAGE_GROUPS)
		return 0;
	return open_calls(v, order);
}

/* Back one page; 1 when there is none (quit) */
static int back(struct view *v)
{
	switch (v->page) {
	case PAGE_SESSIONS:
		return 1;
	case PAGE_GROUPS:
		if (v->filter[0]) {
			v->filter[0] = '\0';
			return view_load_groups(v) ? -1 : 0;
		}
		v->page = PAGE_SESSIONS;
		return 0;
	case PAGE_CALL:
		v->page = PAGE_CALLS;
		return 0;
	default:
		v->page = PAGE_GROUPS;
		return 0;
	}
}

/* The groups again after the grouping or filter changed */
static int regroup(struct view *v)
{
	if (v->page == PAGE_SESSIONS)
		return 0;
	v->sel[PAGE_GROUPS] = v->top[PAGE_GROUPS] = 0;
	/* the calls and the comparison were of the groups gone */
	view_diff_release(&v->diff);
	v->page = PAGE_GROUPS;
	return view_load_groups(v) ? -1 : 0;
}

/*
 * Reads a line of text on the screen's last line after @label: 1 when
 * Enter ended it, 0 after Esc, -2 when a signal came
 */
static int prompt(const char *label, char *text, size_t size)
{
	size_t len = 0;
	int key;

	text[0] = '\0';
	curs_set(1);
	for (;;) {
		move(LINES - 1, 0);
		clrtoeol();
		mvprintw(LINES - 1, 0, "%s%s", label, text);
		refresh();
		key = term_key(KEY_WAIT_MS);
		if (key == TERM_KEY_QUIT || key == KEY_ESCAPE)
			break;
		if (key == '\n' || key == '\r' || key == KEY_ENTER) {
			curs_set(0);
			return 1;
		}
		if ((key == KEY_BACKSPACE || key == KEY_DEL || key == KEY_CTRL_H) && len)
			text[--len] = '\0';
		else if (key >= ' ' && key < KEY_DEL && len + 1 < size)
			text[len++] = (char)key, text[len] = '\0';
	}
	curs_set(0);
	return key == TERM_KEY_QUIT ? -2 : 0;
}

/* The filter: Enter sets it, Esc leaves it as it was */
static int read_filter(struct view *v)
{
	char text[sizeof(v->filter)];
	int ret = prompt("filter (name or 0xID): ", text, sizeof(text));

	if (ret == 1) {
		memcpy(v->filter, text, sizeof(text));
		return regroup(v);
	}
	return ret == -2 ? 1 : 0;
}

/* The session the comparison proposes: the one before this, else the one after */
static int64_t other_session(const struct view *v)
{
	int64_t other = v->session;
	size_t i;

	for (i = 0; i < v->nr_sessions; i++) {
		if (v->sessions[i].id == v->session)
			break;
		other = v->sessions[i].id;
	}
	if (other == v->session && i + 1 < v->nr_sessions)
		other = v->sessions[i + 1].id;
	return other;
}

/* d: asks for the other session, then compares */
static int compare(struct view *v)
{
	int64_t other = other_session(v);
	char label[64], text[24];
	int ret;

	if (v->page != PAGE_GROUPS && v->page != PAGE_DIFF)
		return 0;
	snprintf(label, sizeof(label), "compare with session [%" PRId64 "]: ", other);
	ret = prompt(label, text, sizeof(text));
	if (ret != 1)
		return ret == -2 ? 1 : 0;
	if (text[0] && sct_parse_session(text, &other)) {
		snprintf(v->message, sizeof(v->message), "'%s' is not a session", text);
		return 0;
	}
	if (!other)
		other = v->sessions[v->nr_sessions - 1].id;
	if (view_diff_open(v, other)) {
		if (errno != ENOENT)
			return -1;
		snprintf(v->message, sizeof(v->message), "%s", sct_last_error());
		return 0;
	}
	v->page = PAGE_DIFF;
	return 0;
}

static void move_sel(struct view *v, long by)
{
	size_t rows = view_rows(v), *sel = &v->sel[v->page];

	if (!rows)
		return;
	if (by < 0)
		*sel = (size_t)-by > *sel ? 0 : *sel - (size_t)-by;
	else
		*sel = *sel + (size_t)by >= rows ? rows - 1 : *sel + (size_t)by;
}

/* One key: 0 go on, 1 quit, -1 an error (set) */
static int handle_key(struct view *v, int key)
{
	long page = view_page_lines(v) > 1 ? view_page_lines(v) - 1 : 1;

	if (v->help) {
		v->help = key == KEY_RESIZE || key == TERM_KEY_NONE;
		return key == TERM_KEY_QUIT;
	}
	if (key != TERM_KEY_NONE && key != KEY_RESIZE)
		v->message[0] = '\0';
	switch (key) {
	case TERM_KEY_QUIT:
		return 1;
	case KEY_UP: case 'k':
		move_sel(v, -1);
		break;
	case KEY_DOWN: case 'j':
		move_sel(v, 1);
		break;
	case KEY_PPAGE:
		move_sel(v, -page);
		break;
	case KEY_NPAGE: case ' ':
		move_sel(v, page);
		break;
	case KEY_HOME:
		v->sel[v->page] = 0;
		break;
	case KEY_END:
		move_sel(v, (long)view_rows(v));
		break;
	case '\n': case '\r': case KEY_ENTER:
		return enter(v);
	case 'q': case KEY_ESCAPE: case KEY_BACKSPACE: case KEY_DEL: case KEY_CTRL_H:
		return back(v);
	case 'g':
		v->by = (v->by + 1) % SCT_GROUP_NR_BY;
		return regroup(v);
	case 's':
		v->sort = (v->sort + 1) % SCT_GROUP_NR_SORTS;
		return v->page == PAGE_SESSIONS ? 0 : sct_groups_sort(&v->groups, v->sort);
	case '/':
		return read_filter(v);
	case 'S':
		return slowest(v);
	case 'd':
		return compare(v);
	case '?':
		v->help = true;
		break;
	}
	return 0;
}

static int loop(struct view *v)
{
	int ret = 0;

	while (!ret) {
		view_scroll(v);
		if (v->page == PAGE_CALLS && view_calls_fill(v, (size_t)view_page_lines(v)))
			return -1;
		view_draw(v);
		ret = handle_key(v, term_key(KEY_WAIT_MS));
	}
	return ret < 0 ? -1 : 0;
}

static int run(struct view *v, const struct view_opts *o)
{
	int ret;

	if (view_load_sessions(v) || (o->session >= 0 && open_session(v, o->session)))
		return sct_err("%s", sct_last_error());
	ret = term_start("view");
	if (ret)
		return ret;
	ret = loop(v);
	term_stop();
	if (ret)
		return sct_err("%s", sct_last_error());
	return term_signal() ? 128 + term_signal() : SCT_EXIT_OK;
}

/**
 * cmd_view - smccctrace view
 * @argc: argument count, argv[0] is "view"
 * @argv: the arguments
 *
 * Browses the database in the terminal until q. Returns the exit status:
 * SCT_EXIT_USAGE for bad options, an unreadable database, a missing
 * session or when stdout is not a terminal; 128 + the signal when SIGINT
 * or SIGTERM ended it (the terminal restored first).
 */
int cmd_view(int argc, char **argv)
{
	struct view v = { .by = SCT_GROUP_BY_RANGE, .sort = SCT_SORT_CALLS };
	struct view_opts o = { 0 };
	int ret;

	ret = parse(argc, argv, &o);
	if (ret < 0)
		return parse_status(ret);
	if (term_check("view"))
		return SCT_EXIT_USAGE;
	v.store = sct_cli_open_store(o.db, SCT_STORE_READONLY);
	if (!v.store)
		return SCT_EXIT_USAGE;
	sct_groups_init(&v.groups, v.by);
	ret = run(&v, &o);
	view_release(&v);
	sct_store_close(v.store);
	return ret;
}
