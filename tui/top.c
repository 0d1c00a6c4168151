// SPDX-License-Identifier: GPL-2.0
/*
 * smccctrace top: the calls of a live capture (record's, live-source.h),
 * grouped and refreshed every interval; on the terminal (top-draw.c) or,
 * with -b, as text frames on stdout (top-text.c).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curses.h>
#include <tracefs.h>

#include <smccctrace/error.h>
#include <smccctrace/filter.h>
#include <smccctrace/store.h>

#include "builtin.h"
#include "cli.h"
#include "live-source.h"
#include "parse-options.h"
#include "term.h"
#include "top.h"

#define READ_NS		100000000ull	/* the buffers are read ten times a second */
#define KEY_ESCAPE	27
#define KEY_CTRL_H	8
#define KEY_DEL		127

static const struct usage top_usage = {
	.cmd		= "top",
	.synopsis	= (const char *const []){
		"smccctrace top [-s SECONDS] [-b [-n FRAMES] [-f F]] [-o FILE] [-p PID | -- COMMAND...]",
		"               [--by KEY] [--sort ORDER] [--buffer KB] [--filter CONFIG]",
		"               [--shim | --shim-only] [--shim-regs] [--probe[=N]] [-q]",
		NULL
	},
	.notes		= (const char *const []){
		"The capture is record's: the whole system, a running VMM (-p) or COMMAND,",
		"which top runs and follows; capture ends when it exits (top stays until q).",
		"Keys: arrows or j k move, s sort, g grouping, / filter by name or 0xID,",
		"v a vCPU, p pause, r reset, ? help, q quit.",
		"Needs root (tracefs) unless --shim-only, and a terminal unless -b.",
		NULL
	},
};

struct top_opts {
	const char		*db;
	const char		*output;
	uint64_t		seconds;
	uint64_t		frames;
	bool			batch;
	enum sct_format		format;
	int			by;
	int			sort;
	uint64_t		pid;
	uint64_t		buffer_kb;
	const char		*filter_arg;
	struct sct_filter	*filter;
	bool			shim;
	bool			shim_only;
	bool			shim_regs;
	uint64_t		probe_regs;
	bool			quiet;
	char			**command;
};

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

static int parse(int argc, char **argv, struct top_opts *o)
{
	const struct opt opts[] = {
		opt_u64('s', "seconds", "SECONDS", &o->seconds, 1, 3600,
			"refresh every SECONDS (default 1)"),
		opt_bool('b', "batch", &o->batch, "text frames on stdout, no terminal needed"),
		opt_u64('n', "frames", "FRAMES", &o->frames, 1, UINT32_MAX,
			"-b: stop after this many frames (default: when the\n"
			"command exits, or at SIGINT)"),
		opt_format(&o->format, sct_format_bit(SCT_FORMAT_TABLE) |
			   sct_format_bit(SCT_FORMAT_CSV)),
		opt_string('o', "output", "FILE", &o->output,
			   "also keep the calls as a session in this database"),
		opt_string('d', "db", "FILE", &o->db, "the same as -o"),
		opt_u64('p', "pid", "PID", &o->pid, 1, INT32_MAX,
			"follow a running VMM and the threads it creates"),
		opt_choice(0, "by", "KEY", &o->by, sct_group_by_names,
			   "group by owner, range (default), function, vcpu or\n"
			   "location (key g cycles)"),
		opt_choice(0, "sort", "ORDER", &o->sort, sct_group_sort_names,
			   "order by calls (default), key, total, mean, p50, p99\n"
			   "or max since the start (key s cycles)"),
		opt_u64(0, "buffer", "KB", &o->buffer_kb, 1, UINT32_MAX,
			"per-CPU ring buffer size"),
		opt_string(0, "filter", "CONFIG", &o->filter_arg,
			   "the SMCCC filter the VM runs with, as for record"),
		opt_bool(0, "shim", &o->shim, "run COMMAND with the preload shim, as record"),
		opt_bool(0, "shim-only", &o->shim_only, "the shim alone: no root or tracefs"),
		opt_bool(0, "shim-regs", &o->shim_regs, "the shim also reads the registers"),
		opt_optional(opt_u64(0, "probe", "N", &o->probe_regs, 1, 8,
				     "the kprobe on KVM's SMCCC handler, as record"), 4),
		opt_bool('q', "quiet", &o->quiet, "no warnings"),
		opt_end(),
	};
	int n;

	o->by = SCT_GROUP_BY_RANGE;
	o->sort = SCT_SORT_CALLS;
	n = parse_options(argc, argv, opts, &top_usage, PARSE_STOP_AT_NON_OPTION);
	if (n < 0)
		return n;
	o->command = n ? argv : NULL;
	if (!o->seconds)
		o->seconds = 1;
	if (o->command && o->pid)
		return usage_error(&top_usage, "-p and a command exclude each other");
	if (o->db && o->output)
		return usage_error(&top_usage, "-o and -d are the same: give one");
	if (!o->batch && (o->frames || o->format != SCT_FORMAT_TABLE))
		return usage_error(&top_usage, "-n and --format are for batch mode (-b)");
	if (o->shim_only && o->probe_regs)
		return usage_error(&top_usage, "--probe needs tracefs, not --shim-only");
	if ((o->shim || o->shim_only || o->shim_regs) && !o->command)
		return usage_error(&top_usage, "the shim needs a command (-- COMMAND...)");
	return 0;
}

/* The terminal: refused off one, and where it cannot move its cursor */
static int check_terminal(void)
{
	const char *term = getenv("TERM");

	if (!isatty(STDOUT_FILENO) || !isatty(STDIN_FILENO))
		return sct_err("top: stdout is not a terminal (for text frames: smccctrace top -b)");
	if (!term || !*term || !strcmp(term, "dumb"))
		return sct_err("top: the terminal '%s' cannot move its cursor "
			       "(for text frames: smccctrace top -b)", term ? term : "");
	return 0;
}

static int validate(struct top_opts *o)
{
	if (!o->batch && check_terminal())
		return SCT_EXIT_USAGE;
	if (!o->shim_only) {
		if (geteuid() != 0)
			return sct_err("top: needs root (tracefs and /dev/kvm)");
		if (!tracefs_tracing_dir())
			return sct_err("top: no tracefs (mount it: mount -t tracefs nodev /sys/kernel/tracing)");
	}
	if (o->pid && kill((pid_t)o->pid, 0) && errno == ESRCH)
		return sct_err("top: no process %d", (int)o->pid);
	if (o->filter_arg) {
		o->filter = sct_filter_load(o->filter_arg);
		if (!o->filter)
			return sct_err("%s", sct_last_error());
	}
	return 0;
}

/**
 * struct top - a running top
 * @o: the options
 * @src: the capture
 * @ts: its calls and groups
 * @scr: the screen's state (interactive)
 * @st: the source's counts as of the last frame
 * @lost: its lost events as of the last frame
 * @events: its trace events as of the last frame
 * @ended: capture has ended (the command exited, or it failed)
 * @paused: frames are not taken (capture goes on; top_stats_hold())
 */
struct top {
	const struct top_opts	*o;
	struct live_source	*src;
	struct top_stats	ts;
	struct top_screen	scr;
	struct sct_exit_stats	st;
	uint64_t		lost;
	uint64_t		events;
	bool			ended;
	bool			paused;
};

static void top_head(const struct top *t, struct top_head *h)
{
	*h = (struct top_head){
		.st = &t->st, .lost = t->lost, .events = t->events,
		.session = live_source_session(t->src),
		.ended = t->ended, .paused = t->paused, .seconds = t->o->seconds,
	};
}

/* A frame: the groups, and the source's counts as they are now */
static int frame(struct top *t)
{
	t->st = *live_source_stats(t->src);
	t->lost = live_source_lost(t->src);
	t->events = live_source_events(t->src);
	return top_stats_frame(&t->ts, top_now_ns());
}

/* Capture ends: the last calls handed on, the session kept, a last frame */
static int end_capture(struct top *t)
{
	int ret;

	t->ended = true;
	ret = live_source_finish(t->src);
	if (frame(t))
		ret = -1;
	return ret;
}

static void sleep_until(uint64_t when)
{
	uint64_t now = top_now_ns();
	struct timespec d;

	if (when <= now)
		return;
	d.tv_sec = (time_t)((when - now) / 1000000000ull);
	d.tv_nsec = (long)((when - now) % 1000000000ull);
	nanosleep(&d, NULL);
}

/*
 * -b: a frame every interval; the last one (at -n FRAMES, when the
 * command exits or at a signal) after capture has ended, so that it
 * holds every call the session holds
 */
static int batch(struct top *t)
{
	uint64_t interval = t->o->seconds * 1000000000ull;
	uint64_t next_read = top_now_ns(), next_frame = next_read + interval;
	bool csv = t->o->format == SCT_FORMAT_CSV;
	struct top_head h;
	int ret = 0;

	for (;;) {
		next_read += READ_NS;
		sleep_until(next_read < next_frame ? next_read : next_frame);
		if (stop_signal || live_source_ended(t->src) ||
		    (t->o->frames && t->ts.frames + 1 >= t->o->frames &&
		     top_now_ns() >= next_frame))
			break;
		if (live_source_read(t->src))
			return -1;
		if (top_now_ns() < next_frame)
			continue;
		if (frame(t))
			return -1;
		top_head(t, &h);
		top_text_frame(&t->ts, &h, csv);
		next_frame += interval;
	}
	ret = end_capture(t);
	top_head(t, &h);
	top_text_frame(&t->ts, &h, csv);
	return ret;
}

/* The prompt's text is taken: a filter, or a vCPU (empty: all) */
static int prompt_done(struct top *t)
{
	struct top_screen *s = &t->scr;
	uint64_t vcpu;

	if (s->prompt[0] == 'f') {
		snprintf(t->ts.filter, sizeof(t->ts.filter), "%s", s->input);
	} else if (!s->input[0]) {
		t->ts.vcpu = -1;
	} else if (!sct_parse_u64(s->input, &vcpu) && vcpu <= INT32_MAX) {
		t->ts.vcpu = (int32_t)vcpu;
	}
	s->prompt = NULL;
	s->sel = s->first = 0;
	return top_stats_regroup(&t->ts);
}

/* A key while the prompt is open: Enter takes the text, Esc drops it */
static int prompt_key(struct top *t, int key)
{
	struct top_screen *s = &t->scr;
	size_t len = strlen(s->input);

	if (key == KEY_ESCAPE)
		s->prompt = NULL;
	else if (key == '\n' || key == '\r' || key == KEY_ENTER)
		return prompt_done(t);
	else if ((key == KEY_BACKSPACE || key == KEY_DEL || key == KEY_CTRL_H) && len)
		s->input[len - 1] = '\0';
	else if (key >= ' ' && key < KEY_DEL && len + 1 < sizeof(s->input))
		s->input[len] = (char)key, s->input[len + 1] = '\0';
	return 0;
}

static void open_prompt(struct top_screen *s, const char *prompt)
{
	s->prompt = prompt;
	s->input[0] = '\0';
}

static void move_sel(struct top *t, long by)
{
	size_t rows = t->ts.since.nr, *sel = &t->scr.sel;

	if (!rows)
		return;
	if (by < 0)
		*sel = (size_t)-by > *sel ? 0 : *sel - (size_t)-by;
	else
		*sel = *sel + (size_t)by >= rows ? rows - 1 : *sel + (size_t)by;
}

/* The keys that change what is shown: 1 when @key was one of them */
static int view_key(struct top *t, int key, int *ret)
{
	switch (key) {
	case 's':
		t->ts.sort = (t->ts.sort + 1) % SCT_GROUP_NR_SORTS;
		*ret = top_groups_sort(&t->ts.since, t->ts.sort);
		return 1;
	case 'g':
		t->ts.by = (t->ts.by + 1) % SCT_GROUP_NR_BY;
		t->scr.sel = t->scr.first = 0;
		*ret = top_stats_regroup(&t->ts);
		return 1;
	case 'r':
		top_stats_reset(&t->ts, top_now_ns());
		t->scr.sel = t->scr.first = 0;
		return 1;
	case 'p':
		t->paused = !t->paused;
		return 1;
	case '/':
		open_prompt(&t->scr, "filter (name or 0xID, empty: all): ");
		return 1;
	case 'v':
		open_prompt(&t->scr, "vcpu (a number, empty: all): ");
		return 1;
	case '?':
		t->scr.help = true;
		return 1;
	}
	return 0;
}

/* One key: 0 go on, 1 quit, -1 an error (set) */
static int handle_key(struct top *t, int key)
{
	long page = top_page_lines() > 1 ? top_page_lines() - 1 : 1;
	int ret = 0;

	if (key == TERM_KEY_QUIT)
		return 1;
	if (key == TERM_KEY_NONE || key == KEY_RESIZE)
		return 0;
	if (t->scr.help) {
		t->scr.help = false;
		return 0;
	}
	if (t->scr.prompt)
		return prompt_key(t, key);
	if (view_key(t, key, &ret))
		return ret;
	switch (key) {
	case 'q':
		return 1;
	case KEY_UP: case 'k':
		move_sel(t, -1);
		break;
	case KEY_DOWN: case 'j':
		move_sel(t, 1);
		break;
	case KEY_PPAGE:
		move_sel(t, -page);
		break;
	case KEY_NPAGE: case ' ':
		move_sel(t, page);
		break;
	case KEY_HOME:
		t->scr.sel = 0;
		break;
	case KEY_END:
		move_sel(t, (long)t->ts.since.nr);
		break;
	}
	return 0;
}

static void draw(const struct top *t)
{
	struct top_head h;

	top_head(t, &h);
	top_draw(&t->ts, &h, (struct top_screen *)&t->scr);
}

/* Reads ten times a second, a frame every interval, keys in between */
static int loop(struct top *t)
{
	uint64_t interval = t->o->seconds * 1000000000ull;
	uint64_t now = top_now_ns(), next_read = now + READ_NS, next_frame = now + interval;
	uint64_t until;
	int ret = 0;

	draw(t);
	while (!ret) {
		now = top_now_ns();
		until = t->ended ? next_frame : next_read < next_frame ? next_read : next_frame;
		ret = handle_key(t, term_key(until > now ? (int)((until - now) / 1000000) : 0));
		if (ret)
			break;
		now = top_now_ns();
		if (!t->ended && now >= next_read) {
			next_read += READ_NS;
			if (live_source_ended(t->src))
				ret = end_capture(t);
			else
				ret = live_source_read(t->src);
		}
		if (!ret && now >= next_frame) {
			next_frame += interval;
			if (!t->ended)
				ret = t->paused ? top_stats_hold(&t->ts, now) : frame(t);
		}
		draw(t);
	}
	return ret < 0 ? -1 : 0;
}

static int interactive(struct top *t)
{
	int ret;

	ret = term_start("top");
	if (ret)
		return ret;
	ret = loop(t);
	term_stop();
	if (!ret && !t->ended)
		ret = live_source_finish(t->src);
	return ret ? sct_err("top: %s", sct_last_error()) : SCT_EXIT_OK;
}

static int run(const struct top_opts *o)
{
	struct live_source_opts so = {
		.cmd = "top", .pid = (pid_t)o->pid, .command = o->command,
		.buffer_kb = (unsigned int)o->buffer_kb,
		.probe_regs = (unsigned int)o->probe_regs, .filter = o->filter,
		.shim = o->shim, .shim_only = o->shim_only, .shim_regs = o->shim_regs,
		.quiet = o->quiet, .screen = !o->batch,
	};
	const char *db = o->output ? o->output : o->db;
	struct top t = { .o = o };
	int ret;

	if (o->filter && live_source_check_filter())
		return sct_err("top: --filter: %s", sct_last_error());
	if (db && !(so.store = sct_cli_open_store(db, SCT_STORE_CREATE)))
		return SCT_EXIT_USAGE;
	top_stats_init(&t.ts, top_now_ns());
	t.ts.by = (enum sct_group_by)o->by;
	t.ts.sort = (enum sct_group_sort)o->sort;
	/* a closed stdout must not kill us before the instance is removed */
	signal(SIGPIPE, SIG_IGN);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	t.src = live_source_open(&so, top_stats_add, &t.ts);
	/* the start is when tracing is on; no call is taken before the first read */
	top_stats_reset(&t.ts, top_now_ns());
	if (!t.src)
		ret = sct_err("top: %s", sct_last_error());
	else if (o->batch)
		ret = batch(&t) ? sct_err("top: %s", sct_last_error()) : SCT_EXIT_OK;
	else
		ret = interactive(&t);
	live_source_free(t.src);
	top_stats_release(&t.ts);
	sct_store_close(so.store);
	return ret;
}

/**
 * cmd_top - smccctrace top
 * @argc: argument count, argv[0] is "top"
 * @argv: the arguments
 *
 * Captures as record does and shows the calls, refreshed every interval,
 * until q, SIGINT or SIGTERM (or, with -b, the frames asked for or the
 * command's end). Returns the exit status: 0, or SCT_EXIT_USAGE for bad
 * options, no terminal without -b, or a capture that failed.
 */
int cmd_top(int argc, char **argv)
{
	struct top_opts o = { 0 };
	int ret;

	ret = parse(argc, argv, &o);
	if (ret)
		return ret < 0 ? parse_status(ret) : ret;
	ret = validate(&o);
	if (!ret)
		ret = run(&o);
	sct_filter_free(o.filter);
	return ret;
}
