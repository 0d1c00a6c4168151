/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The terminal, owned by one module: ncurses started and always stopped
 * again (normal exit, error, SIGINT, SIGTERM), keys read with a timeout,
 * the size followed (SIGWINCH). The terminal views (view, top) draw
 * with plain ncurses calls between term_start() and term_stop().
 */
#ifndef SMCCCTRACE_TUI_TERM_H
#define SMCCCTRACE_TUI_TERM_H

#include <stdbool.h>

/* term_key(): SIGINT or SIGTERM came; the view should quit */
#define TERM_KEY_QUIT	(-2)
/* term_key(): nothing came within the timeout */
#define TERM_KEY_NONE	(-1)

/* Attributes of what a view draws: reverse and bold, coloured when it may */
enum term_attr {
	TERM_NORMAL,
	TERM_TITLE,	/* the title line */
	TERM_HEAD,	/* column heads */
	TERM_SELECTED,	/* the selected row */
	TERM_BAR,	/* a histogram's bar */
};

int term_check(const char *cmd);
int term_start(const char *cmd);
void term_stop(void);
int term_key(int timeout_ms);
int term_attr(enum term_attr a);
bool term_colour(void);
int term_signal(void);

#endif /* SMCCCTRACE_TUI_TERM_H */
