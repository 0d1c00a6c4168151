// SPDX-License-Identifier: GPL-2.0
/*
 * The terminal module: the only code that starts and stops ncurses.
 *
 * Stopping is made certain three ways: the views call term_stop() on
 * every way out; an atexit() handler calls it for any exit() between;
 * SIGINT and SIGTERM only set a flag that term_key() turns into
 * TERM_KEY_QUIT, so the view leaves its loop and stops the terminal
 * outside the signal handler. SIGWINCH is ncurses' own: getch() returns
 * KEY_RESIZE with LINES and COLS already the new size.
 */
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curses.h>

#include "cli.h"
#include "term.h"

static SCREEN *screen;
static bool colour;
static bool atexit_done;
static volatile sig_atomic_t quit_signal;
static struct sigaction old_int, old_term;

static void on_quit_signal(int sig)
{
	quit_signal = sig;
}

/**
 * term_check - whether a terminal view can run here
 * @cmd: the command, for the message
 *
 * Returns 0 when stdin and stdout are terminals; otherwise prints one
 * line pointing at the batch commands and returns SCT_EXIT_USAGE.
 */
int term_check(const char *cmd)
{
	if (isatty(STDOUT_FILENO) && isatty(STDIN_FILENO))
		return 0;
	return sct_err("%s: stdout is not a terminal (for batch use: smccctrace report, calls, sessions)",
		       cmd);
}

static void set_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_quit_signal;
	sigemptyset(&sa.sa_mask);
	/* no SA_RESTART: a signal ends getch()'s wait */
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
}

static void set_colour(void)
{
	const char *no_colour = getenv("NO_COLOR");

	colour = false;
	if ((no_colour && *no_colour) || !has_colors() || start_color() == ERR)
		return;
	use_default_colors();
	init_pair(1, COLOR_BLACK, COLOR_CYAN);
	init_pair(2, COLOR_GREEN, -1);
	colour = true;
}

/**
 * term_start - take the terminal
 * @cmd: the command, for messages
 *
 * Starts ncurses on stdin/stdout: no echo, keys one by one, no cursor,
 * colour unless the terminal has none or NO_COLOR is set. Returns 0, or
 * SCT_EXIT_USAGE after one line on stderr when the terminal cannot be
 * addressed (TERM unknown or dumb). term_stop() gives it back.
 */
int term_start(const char *cmd)
{
	const char *name = getenv("TERM");

	if (term_check(cmd))
		return SCT_EXIT_USAGE;
	setlocale(LC_ALL, "");
	screen = newterm(NULL, stdout, stdin);
	if (!screen || tigetstr("cup") == NULL || tigetstr("cup") == (char *)-1) {
		if (screen) {
			endwin();
			delscreen(screen);
			screen = NULL;
		}
		return sct_err("%s: the terminal '%s' cannot move its cursor (for batch use: smccctrace report)",
			       cmd, name ? name : "");
	}
	if (!atexit_done && !atexit(term_stop))
		atexit_done = true;
	quit_signal = 0;
	set_signals();
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	set_colour();
	return 0;
}

/**
 * term_stop - give the terminal back
 *
 * Ends ncurses (cursor, modes and screen as they were) and restores the
 * signal handlers. Harmless when the terminal is not taken.
 */
void term_stop(void)
{
	if (!screen)
		return;
	curs_set(1);
	endwin();
	delscreen(screen);
	screen = NULL;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
}

/**
 * term_key - the next key
 * @timeout_ms: how long to wait; -1 for ever
 *
 * Returns the key (ncurses' codes, KEY_RESIZE after the terminal changed
 * size), TERM_KEY_NONE when none came in time, or TERM_KEY_QUIT once
 * SIGINT or SIGTERM came.
 */
int term_key(int timeout_ms)
{
	int key;

	if (quit_signal)
		return TERM_KEY_QUIT;
	timeout(timeout_ms);
	key = getch();
	if (quit_signal)
		return TERM_KEY_QUIT;
	return key == ERR ? TERM_KEY_NONE : key;
}

/**
 * term_attr - the ncurses attributes of one kind of text
 * @a: what is drawn
 *
 * Returns attributes for attron()/attrset(): reverse and bold where the
 * terminal has no colour, colours too where it has.
 */
int term_attr(enum term_attr a)
{
	switch (a) {
	case TERM_TITLE:
		return colour ? (int)(COLOR_PAIR(1) | A_BOLD) : (int)A_REVERSE;
	case TERM_HEAD:
		return (int)A_BOLD;
	case TERM_SELECTED:
		return (int)A_REVERSE;
	case TERM_BAR:
		return colour ? (int)COLOR_PAIR(2) : (int)A_NORMAL;
	default:
		return (int)A_NORMAL;
	}
}

/**
 * term_signal - the signal that ended the view (SIGINT, SIGTERM), or 0
 *
 * For the exit status: a view ended by a signal exits 128 + the signal,
 * as a shell reports it.
 */
int term_signal(void)
{
	return quit_signal;
}

/**
 * term_colour - whether the views draw in colour
 */
bool term_colour(void)
{
	return colour;
}
