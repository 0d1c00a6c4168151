// SPDX-License-Identifier: GPL-2.0
/*
 * --exec 'CMD ARGS': a handler in any language, run through /bin/sh -c
 * and spoken to over pipes with the line protocol of protocol.h. One call
 * at a time: calls from several threads are serialised here.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <smccctrace/error.h>

#include "backend-ops.h"
#include "protocol.h"

#define EXEC_BUF	4096

struct exec_child {
	pid_t			pid;
	int			to_child;	/* its stdin */
	int			from_child;	/* its stdout */
	unsigned int		timeout_ms;
	pthread_mutex_t		lock;
	struct sigaction	old_pipe;
	size_t			len;		/* bytes in buf */
	size_t			line_len;	/* the line last returned, with its '\n' */
	char			buf[EXEC_BUF];
};

enum read_result { READ_LINE, READ_TIMEOUT, READ_EOF, READ_TOO_LONG, READ_ERROR };

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Drop the line read_line() returned last */
static void consume_line(struct exec_child *c)
{
	memmove(c->buf, c->buf + c->line_len, c->len - c->line_len);
	c->len -= c->line_len;
	c->line_len = 0;
}

/* The next line of the child's output, NUL-terminated in c->buf */
static enum read_result read_line(struct exec_child *c, uint64_t deadline)
{
	char *nl;
	ssize_t n;
	int64_t left;
	struct pollfd pfd = { .fd = c->from_child, .events = POLLIN };

	for (;;) {
		nl = memchr(c->buf, '\n', c->len);
		if (nl) {
			*nl = '\0';
			c->line_len = (size_t)(nl - c->buf) + 1;
			return READ_LINE;
		}
		if (c->len == EXEC_BUF - 1)
			return READ_TOO_LONG;
		left = (int64_t)(deadline - now_ms());
		if (left < 0 || deadline < now_ms())
			left = 0;
		n = poll(&pfd, 1, (int)left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return READ_ERROR;
		if (!n)
			return READ_TIMEOUT;
		n = read(c->from_child, c->buf + c->len, EXEC_BUF - 1 - c->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return READ_ERROR;
		if (!n)
			return READ_EOF;
		c->len += (size_t)n;
	}
}

/* Wait up to the timeout for the child to end; SIGKILL it after that */
static int reap(struct exec_child *c, bool *killed)
{
	uint64_t deadline = now_ms() + c->timeout_ms;
	int status = 0;
	pid_t r;

	*killed = false;
	while ((r = waitpid(c->pid, &status, WNOHANG)) == 0 && now_ms() < deadline)
		usleep(1000);
	if (r == 0) {
		kill(c->pid, SIGKILL);
		waitpid(c->pid, &status, 0);
		*killed = true;
	}
	c->pid = 0;
	return status;
}

/* How the child ended, for messages: "exited with status 3", ... */
static void describe_end(struct exec_child *c, char *buf, size_t size)
{
	bool killed;
	int status = reap(c, &killed);

	if (killed)
		snprintf(buf, size, "closed its output but did not exit");
	else if (WIFSIGNALED(status))
		snprintf(buf, size, "was killed by signal SIG%s (%s)",
			 sigabbrev_np(WTERMSIG(status)) ?: "?", strsignal(WTERMSIG(status)));
	else
		snprintf(buf, size, "exited with status %d", WEXITSTATUS(status));
}

static int write_all(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

static void kill_child(struct exec_child *c)
{
	if (c->pid > 0) {
		kill(c->pid, SIGKILL);
		waitpid(c->pid, NULL, 0);
		c->pid = 0;
	}
}

/* Any answer line already waiting is one too many */
static int check_no_extra(struct exec_child *c, char *what, size_t size)
{
	while (read_line(c, 0) == READ_LINE) {
		if (c->buf[0] != '#') {
			snprintf(what, size, "answered more lines than calls: '%.60s'", c->buf);
			return -1;
		}
		consume_line(c);
	}
	return 0;
}

static int await_answer(struct exec_child *c, struct sct_hypercall *hc,
			char *what, size_t size)
{
	uint64_t deadline = now_ms() + c->timeout_ms;
	char why[96];
	uint64_t x[4];
	int ret;

	for (;;) {
		switch (read_line(c, deadline)) {
		case READ_LINE:
			break;
		case READ_TIMEOUT:
			snprintf(what, size, "did not answer within %u.%03u s",
				 c->timeout_ms / 1000, c->timeout_ms % 1000);
			kill_child(c);
			return -1;
		case READ_EOF:
			describe_end(c, what, size);
			strncat(what, " without answering", size - strlen(what) - 1);
			return -1;
		case READ_TOO_LONG:
			snprintf(what, size, "answered a line longer than %d bytes", EXEC_BUF - 1);
			return -1;
		default:
			snprintf(what, size, "cannot be read: %s", strerror(errno));
			return -1;
		}
		ret = replay_proto_parse_answer(c->buf, x, why, sizeof(why));
		if (ret == REPLAY_LINE_BAD) {
			snprintf(what, size, "answered '%.60s': %s", c->buf, why);
			return -1;
		}
		consume_line(c);
		if (ret == REPLAY_LINE_DATA) {
			memcpy(hc->x, x, sizeof(x));
			return 0;
		}
	}
}

static int exec_call(void *priv, const char *desc, uint64_t seq,
		     struct sct_hypercall *hc)
{
	struct exec_child *c = priv;
	uint64_t func = hc->x[0];
	char line[REPLAY_PROTO_LINE_MAX], what[256];
	int len, ret = -1;

	len = replay_proto_format_call(line, sizeof(line), seq, hc);
	pthread_mutex_lock(&c->lock);
	if (!c->pid)
		snprintf(what, sizeof(what), "has ended already");
	else if (check_no_extra(c, what, sizeof(what)))
		;
	else if (write_all(c->to_child, line, (size_t)len)) {
		describe_end(c, what, sizeof(what));
		strncat(what, " without answering", sizeof(what) - strlen(what) - 1);
	} else {
		ret = await_answer(c, hc, what, sizeof(what));
	}
	pthread_mutex_unlock(&c->lock);
	if (ret)
		return replay_call_error(EPROTO, desc, seq, func, hc->vcpu, what);
	return 0;
}

static int exec_finish(void *priv, const char *desc)
{
	struct exec_child *c = priv;
	char what[160];
	int ret;

	if (!c->pid)
		return 0;
	close(c->to_child);
	c->to_child = -1;
	for (;;) {
		ret = read_line(c, now_ms() + c->timeout_ms);
		if (ret != READ_LINE)
			break;
		if (c->buf[0] != '#')
			return sct_set_error(EPROTO, "%s: answered more lines than calls: '%.60s'",
					     desc, c->buf);
		consume_line(c);
	}
	if (ret == READ_TIMEOUT) {
		kill_child(c);
		return sct_set_error(ETIMEDOUT, "%s: did not exit within %u ms after the last call",
				     desc, c->timeout_ms);
	}
	describe_end(c, what, sizeof(what));
	if (strcmp(what, "exited with status 0"))
		return sct_set_error(EPROTO, "%s: %s after the last call", desc, what);
	return 0;
}

static void exec_free(void *priv)
{
	struct exec_child *c = priv;

	if (!c)
		return;
	if (c->to_child >= 0)
		close(c->to_child);
	if (c->from_child >= 0)
		close(c->from_child);
	kill_child(c);
	sigaction(SIGPIPE, &c->old_pipe, NULL);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

static int spawn(struct exec_child *c, const char *cmd)
{
	int in[2], out[2];

	if (pipe2(in, O_CLOEXEC))
		return -1;
	if (pipe2(out, O_CLOEXEC)) {
		close(in[0]);
		close(in[1]);
		return -1;
	}
	c->pid = fork();
	if (c->pid == 0) {
		signal(SIGPIPE, SIG_DFL);	/* ignored here, not in the handler */
		dup2(in[0], STDIN_FILENO);
		dup2(out[1], STDOUT_FILENO);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	c->to_child = in[1];
	c->from_child = out[0];
	if (c->pid < 0) {
		c->pid = 0;
		return -1;
	}
	return 0;
}

/**
 * replay_exec_open - start an --exec handler
 * @spec: name is the command line (run with /bin/sh -c), timeout_ms the
 *        longest wait for one answer
 * @desc: set to "exec:CMD", which the caller frees
 *
 * SIGPIPE is ignored while the child lives (a handler that exits shows
 * as EPIPE and is reported). Returns the child for replay_exec_ops, or
 * NULL with the error text set.
 */
void *replay_exec_open(const struct replay_backend_spec *spec, char **desc)
{
	struct sigaction ign = { .sa_handler = SIG_IGN };
	struct exec_child *c = calloc(1, sizeof(*c));

	if (!c || asprintf(desc, "exec:%s", spec->name) < 0) {
		free(c);
		sct_set_error(ENOMEM, "out of memory");
		return NULL;
	}
	c->to_child = c->from_child = -1;
	c->timeout_ms = spec->timeout_ms ? spec->timeout_ms : REPLAY_DEFAULT_TIMEOUT_MS;
	pthread_mutex_init(&c->lock, NULL);
	sigaction(SIGPIPE, &ign, &c->old_pipe);
	if (spawn(c, spec->name)) {
		sct_set_error(errno, "exec:%s: cannot start: %s", spec->name, strerror(errno));
		goto fail;
	}
	/* A child that is gone already shows at the first call */
	if (write_all(c->to_child, REPLAY_PROTO_HEADER, strlen(REPLAY_PROTO_HEADER)) &&
	    errno != EPIPE) {
		sct_set_error(errno, "exec:%s: %s", spec->name, strerror(errno));
		goto fail;
	}
	return c;
fail:
	free(*desc);
	*desc = NULL;
	exec_free(c);
	return NULL;
}

const struct replay_backend_ops replay_exec_ops = {
	.call	= exec_call,
	.finish	= exec_finish,
	.free	= exec_free,
};
