// SPDX-License-Identifier: GPL-2.0
/*
 * pty-run: a command on a new pseudo-terminal of 80x24, driven by a script
 * read from stdin, for the test bed, where there is no tmux:
 *
 *	pty-run [-t SECONDS] [-o FILE] -- COMMAND [ARG...] <SCRIPT
 *
 * SCRIPT has one step a line:
 *	wait TEXT   until a line of the screen holds TEXT (at most -t
 *	            SECONDS, default 60)
 *	send KEYS   KEYS written to the terminal; \e Esc, \r, \n, \\, \xHH
 *	exit        until the command ends (at most -t SECONDS)
 * The screen is what a terminal of the xterm family shows after the
 * command's output: the cursor motions, erasures, character insertions and
 * deletions and repeats that curses sends, colours and modes ignored.
 * Everything the command writes goes to FILE. On stdout: a line a step
 * ("ok STEP", or "timeout STEP" and the screen), then "exit N" (or
 * "signal N", or "killed" when the script ended first) and "termios
 * restored" or "termios changed": the terminal's settings after the
 * command, compared with those it was given. Exit status 0 when every
 * step was done in time, 1 when not, 2 on bad usage or a failed call.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define ROWS	24
#define COLS	80

/**
 * struct pty_run - the command's terminal and what it wrote
 * @master: the pseudo-terminal's master side
 * @slave: its slave side, kept open to read its settings after the command
 * @pid: the command
 * @status: its wait status, once @done
 * @done: the command ended
 * @log: the file that keeps everything the command wrote, or NULL
 * @scr: the screen, ROWS lines of COLS characters
 * @row: the cursor's line
 * @col: its column
 * @last: the last character put on the screen
 * @in_esc: an escape sequence is being read
 * @esc: its bytes after the ESC
 * @esc_len: their number
 */
struct pty_run {
	int	master;
	int	slave;
	pid_t	pid;
	int	status;
	bool	done;
	FILE	*log;
	char	scr[ROWS][COLS + 1];
	int	row;
	int	col;
	char	last;
	bool	in_esc;
	char	esc[64];
	size_t	esc_len;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what)
{
	fprintf(stderr, "pty-run: %s: %s\n", what, strerror(errno));
	exit(2);
}

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static void screen_clear(struct pty_run *r, int row, int from, int to)
{
	if (from < to)
		memset(&r->scr[row][from], ' ', (size_t)(to - from));
}

/* The @n'th parameter of the sequence (1-based), @def when absent or 0 */
static int param(const struct pty_run *r, int n, int def)
{
	const char *p = r->esc + 1;
	long v;

	if (*p == '?')
		p++;
	while (--n > 0) {
		p = strchr(p, ';');
		if (!p)
			return def;
		p++;
	}
	v = strtol(p, NULL, 10);
	return v > 0 && v < 1000 ? (int)v : def;
}

/* Erase in line (K) or display (J), by the mode @m */
static void screen_erase(struct pty_run *r, char what, int m)
{
	int y;

	if (what == 'K') {
		screen_clear(r, r->row, m == 0 ? r->col : 0, m == 1 ? r->col + 1 : COLS);
		return;
	}
	for (y = 0; y < ROWS; y++)
		if ((m == 0 && y > r->row) || (m == 1 && y < r->row) || m == 2)
			screen_clear(r, y, 0, COLS);
	if (m != 2)
		screen_erase(r, 'K', m);
}

/* Characters inserted (@) or deleted (P) at the cursor, the line shifted */
static void screen_shift(struct pty_run *r, char what, int n)
{
	char *line = r->scr[r->row];
	int c = r->col;

	n = clamp(n, 0, COLS - c);
	if (what == '@') {
		memmove(line + c + n, line + c, (size_t)(COLS - c - n));
		screen_clear(r, r->row, c, c + n);
	} else {
		memmove(line + c, line + c + n, (size_t)(COLS - c - n));
		screen_clear(r, r->row, COLS - n, COLS);
	}
}

static void screen_put(struct pty_run *r, char ch)
{
	if (r->col >= COLS) {
		r->col = 0;
		r->row = clamp(r->row + 1, 0, ROWS - 1);
	}
	r->scr[r->row][r->col++] = ch;
	r->last = ch;
}

/* A control sequence (ESC [ ... final), the final byte in @f */
static void screen_csi(struct pty_run *r, char f)
{
	int n = param(r, 1, 1), i;

	switch (f) {
	case 'H': case 'f':
		r->row = clamp(n - 1, 0, ROWS - 1);
		r->col = clamp(param(r, 2, 1) - 1, 0, COLS - 1);
		break;
	case 'd': r->row = clamp(n - 1, 0, ROWS - 1); break;
	case 'G': case '`': r->col = clamp(n - 1, 0, COLS - 1); break;
	case 'A': r->row = clamp(r->row - n, 0, ROWS - 1); break;
	case 'B': r->row = clamp(r->row + n, 0, ROWS - 1); break;
	case 'C': r->col = clamp(r->col + n, 0, COLS - 1); break;
	case 'D': r->col = clamp(r->col - n, 0, COLS - 1); break;
	case 'K': case 'J': screen_erase(r, f, param(r, 1, 0)); break;
	case 'X': screen_clear(r, r->row, r->col, clamp(r->col + n, 0, COLS)); break;
	case '@': case 'P': screen_shift(r, f, n); break;
	case 'b':
		for (i = 0; i < n; i++)
			screen_put(r, r->last);
		break;
	}
}

/* One byte of an escape sequence: ESC [ params final, ESC ( set, ESC char */
static void screen_esc(struct pty_run *r, char ch)
{
	if (r->esc_len < sizeof(r->esc) - 1)
		r->esc[r->esc_len++] = ch;
	r->esc[r->esc_len] = '\0';
	if (r->esc_len == 1 && ch != '[' && ch != '(' && ch != ')')
		r->esc_len = 0;
	else if (r->esc_len == 2 && r->esc[0] != '[')
		r->esc_len = 0;
	else if (r->esc_len > 1 && r->esc[0] == '[' && ch >= 0x40 && ch <= 0x7e) {
		screen_csi(r, ch);
		r->esc_len = 0;
	}
}

/* One byte the command wrote, as the screen shows it */
static void screen_feed(struct pty_run *r, char ch)
{
	if (r->in_esc) {
		screen_esc(r, ch);
		r->in_esc = r->esc_len > 0;
	} else if (ch == 27) {
		r->in_esc = true;
		r->esc_len = 0;
	} else if (ch == '\r') {
		r->col = 0;
	} else if (ch == '\n') {
		r->row = clamp(r->row + 1, 0, ROWS - 1);
	} else if (ch == '\b') {
		r->col = clamp(r->col - 1, 0, COLS - 1);
	} else if ((unsigned char)ch >= ' ' && ch != 127) {
		screen_put(r, ch);
	}
}

static bool screen_has(const struct pty_run *r, const char *text)
{
	int y;

	for (y = 0; y < ROWS; y++)
		if (strstr(r->scr[y], text))
			return true;
	return false;
}

static void screen_show(const struct pty_run *r)
{
	int y;

	for (y = 0; y < ROWS; y++)
		printf("# |%s|\n", r->scr[y]);
}

/* @n bytes the command wrote: onto the screen and into the file */
static void keep(struct pty_run *r, const char *buf, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		screen_feed(r, buf[i]);
	if (r->log && fwrite(buf, 1, n, r->log) != n)
		die("writing the output file");
}

/* Read what the command wrote, up to @ms milliseconds; note its end */
static void pump(struct pty_run *r, int ms)
{
	struct pollfd p = { .fd = r->master, .events = POLLIN };
	char buf[4096];
	ssize_t n;

	if (poll(&p, 1, ms) > 0 && (p.revents & POLLIN)) {
		n = read(r->master, buf, sizeof(buf));
		if (n > 0)
			keep(r, buf, (size_t)n);
	}
	if (!r->done && waitpid(r->pid, &r->status, WNOHANG) == r->pid)
		r->done = true;
}

/* Whatever is still buffered, once the command ended */
static void drain(struct pty_run *r)
{
	struct pollfd p = { .fd = r->master, .events = POLLIN };
	char buf[4096];
	ssize_t n;

	while (poll(&p, 1, 100) > 0 && (p.revents & POLLIN)) {
		n = read(r->master, buf, sizeof(buf));
		if (n <= 0)
			break;
		keep(r, buf, (size_t)n);
	}
}

/* The byte of up to two hex digits at @s */
static unsigned int hex_byte(const char *s)
{
	char digits[3] = { 0 };

	strncpy(digits, s, 2);
	return (unsigned int)strtoul(digits, NULL, 16);
}

/* Decode @keys' escapes into @buf; returns the length */
static size_t unescape(const char *keys, char *buf)
{
	size_t n = 0;

	while (*keys) {
		if (*keys != '\\' || !keys[1]) {
			buf[n++] = *keys++;
			continue;
		}
		keys++;
		switch (*keys) {
		case 'e':
			buf[n++] = 27;
			break;
		case 'r':
			buf[n++] = '\r';
			break;
		case 'n':
			buf[n++] = '\n';
			break;
		case 'x':
			buf[n++] = (char)hex_byte(keys + 1);
			keys += strnlen(keys + 1, 2);
			break;
		default:
			buf[n++] = *keys;
		}
		keys++;
	}
	return n;
}

static bool step_wait(struct pty_run *r, const char *text, double timeout)
{
	double end = now_s() + timeout;

	while (!screen_has(r, text)) {
		if (r->done) {
			drain(r);
			return screen_has(r, text);
		}
		if (now_s() >= end)
			return false;
		pump(r, 50);
	}
	return true;
}

static bool step_send(struct pty_run *r, const char *keys)
{
	char *buf = malloc(strlen(keys) + 1);
	size_t n;
	bool ok;

	if (!buf)
		die("malloc");
	n = unescape(keys, buf);
	ok = write(r->master, buf, n) == (ssize_t)n;

	free(buf);
	return ok;
}

static bool step_exit(struct pty_run *r, double timeout)
{
	double end = now_s() + timeout;

	while (!r->done && now_s() < end)
		pump(r, 50);
	return r->done;
}

/* One line of the script: true when done in time */
static bool step(struct pty_run *r, const char *line, double timeout)
{
	if (!strncmp(line, "wait ", 5))
		return step_wait(r, line + 5, timeout);
	if (!strncmp(line, "send ", 5))
		return step_send(r, line + 5);
	if (!strcmp(line, "exit"))
		return step_exit(r, timeout);
	fprintf(stderr, "pty-run: the script: unknown step '%s'\n", line);
	exit(2);
}

/* The command on the slave side, as the session leader it controls */
static void start(struct pty_run *r, char **argv)
{
	r->pid = fork();
	if (r->pid < 0)
		die("fork");
	if (r->pid)
		return;
	if (setsid() < 0 || ioctl(r->slave, TIOCSCTTY, 0) < 0)
		die("the controlling terminal");
	dup2(r->slave, 0);
	dup2(r->slave, 1);
	dup2(r->slave, 2);
	close(r->master);
	close(r->slave);
	execvp(argv[0], argv);
	die(argv[0]);
}

static void open_pty(struct pty_run *r)
{
	struct winsize ws = { .ws_row = 24, .ws_col = 80 };
	const char *name;

	r->master = posix_openpt(O_RDWR | O_NOCTTY);
	if (r->master < 0 || grantpt(r->master) || unlockpt(r->master))
		die("posix_openpt");
	name = ptsname(r->master);
	r->slave = name ? open(name, O_RDWR | O_NOCTTY) : -1;
	if (r->slave < 0)
		die("the pty's slave side");
	if (ioctl(r->slave, TIOCSWINSZ, &ws))
		die("TIOCSWINSZ");
}

static bool same_termios(const struct termios *a, const struct termios *b)
{
	return a->c_iflag == b->c_iflag && a->c_oflag == b->c_oflag &&
	       a->c_cflag == b->c_cflag && a->c_lflag == b->c_lflag &&
	       !memcmp(a->c_cc, b->c_cc, sizeof(a->c_cc)) &&
	       cfgetispeed(a) == cfgetispeed(b) && cfgetospeed(a) == cfgetospeed(b);
}

/* Run the script; returns true when every step was done in time */
static bool run_script(struct pty_run *r, double timeout)
{
	char line[1024];
	size_t n;

	while (fgets(line, sizeof(line), stdin)) {
		n = strlen(line);
		if (n && line[n - 1] == '\n')
			line[--n] = '\0';
		if (!n || line[0] == '#')
			continue;
		if (!step(r, line, timeout)) {
			printf("timeout %s\n", line);
			screen_show(r);
			return false;
		}
		printf("ok %s\n", line);
	}
	return true;
}

static void report(struct pty_run *r, const struct termios *before)
{
	struct termios after;

	if (!r->done) {
		printf("killed\n");
		kill(-r->pid, SIGKILL);
		waitpid(r->pid, &r->status, 0);
	} else if (WIFEXITED(r->status)) {
		printf("exit %d\n", WEXITSTATUS(r->status));
	} else {
		printf("signal %d\n", WTERMSIG(r->status));
	}
	drain(r);
	if (tcgetattr(r->slave, &after))
		die("tcgetattr");
	printf("termios %s\n", same_termios(before, &after) ? "restored" : "changed");
}

static void usage(void)
{
	fprintf(stderr, "usage: pty-run [-t SECONDS] [-o FILE] -- COMMAND [ARG...] <SCRIPT\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct pty_run r = { .master = -1 };
	struct termios before;
	double timeout = 60;
	bool ok;
	int c;

	while ((c = getopt(argc, argv, "+t:o:")) != -1) {
		switch (c) {
		case 't':
			timeout = atof(optarg);
			break;
		case 'o':
			r.log = fopen(optarg, "w");
			if (!r.log)
				die(optarg);
			break;
		default:
			usage();
		}
	}
	if (optind >= argc || timeout <= 0)
		usage();
	setvbuf(stdout, NULL, _IOLBF, 0);
	open_pty(&r);
	if (tcgetattr(r.slave, &before))
		die("tcgetattr");
	for (c = 0; c < ROWS; c++)
		screen_clear(&r, c, 0, COLS);
	start(&r, argv + optind);
	ok = run_script(&r, timeout);
	report(&r, &before);
	if (r.log && fclose(r.log))
		die("closing the output file");
	return ok ? 0 : 1;
}
