// SPDX-License-Identifier: GPL-2.0
/*
 * Reading a trace.dat file without running the libraries that parse it:
 * a child (trace-child.c) parses, this side reads its frames and checks
 * them. Whatever the file does to the child (a fault, an abort, a hang,
 * garbage on the pipe) ends as one reason in the parent, whose heap and
 * database never saw the file's bytes. The two overlap: the child decodes
 * while the parent stores.
 */
#include <errno.h>
#include <stdbool.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <smccctrace/error.h>

#include "trace-child.h"
#include "trace-file.h"

#define IN_BUF		(256 << 10)
#define TIMEOUT_S	30	/* no byte from the child for this long: it hangs */

struct trace_reader {
	pid_t				pid;
	int				fd;
	int				timeout_ms;
	bool				clean;	/* the child exited 0 */
	enum trace_stream_state		state;
	size_t				start;
	size_t				end;
	uint8_t				buf[IN_BUF];
};

static int timeout_ms(void)
{
	const char *env = getenv("SMCCCTRACE_READER_TIMEOUT");
	int s = env ? atoi(env) : 0;

	return (s > 0 ? s : TIMEOUT_S) * 1000;
}

/**
 * trace_reader_start - start reading @file in a child process
 * @file: the trace.dat file
 * @size: its size
 *
 * Returns a reader that trace_reader_free() frees, or NULL with errno and
 * the error text set.
 */
struct trace_reader *trace_reader_start(const char *file, off_t size)
{
	struct trace_reader *r;
	int fds[2];

	r = calloc(1, sizeof(*r));
	if (!r || pipe2(fds, O_CLOEXEC)) {
		sct_set_error(errno, "cannot start the trace reader: %s", strerror(errno));
		free(r);
		return NULL;
	}
	fcntl(fds[1], F_SETPIPE_SZ, 1 << 20);
	fflush(NULL);
	r->pid = fork();
	if (r->pid == 0)
		trace_child_run(file, fds[1], size);
	close(fds[1]);
	r->fd = fds[0];
	if (r->pid < 0) {
		sct_set_error(errno, "cannot start the trace reader: %s", strerror(errno));
		trace_reader_free(r);
		return NULL;
	}
	r->timeout_ms = timeout_ms();
	return r;
}

/* Why the child is gone, in the error text; reaps it */
static void child_gone(struct trace_reader *r)
{
	int status;

	if (waitpid(r->pid, &status, 0) != r->pid) {
		sct_set_error(errno, "the trace reader vanished: %s", strerror(errno));
	} else if (WIFSIGNALED(status)) {
		sct_set_error(EIO, "the trace reader was killed by SIG%s (damaged file?)",
			      sigabbrev_np(WTERMSIG(status)) ?: "?");
	} else {
		r->clean = WEXITSTATUS(status) == 0;
		sct_set_error(EIO, "the trace reader stopped early (exit status %d)",
			      WEXITSTATUS(status));
	}
	r->pid = 0;
}

/* More bytes from the child: 1, 0 at its end, -1 when it hangs */
static int fill(struct trace_reader *r)
{
	struct pollfd p = { .fd = r->fd, .events = POLLIN };
	ssize_t n;
	int rc;

	if (r->start) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
	}
	for (;;) {
		rc = poll(&p, 1, r->timeout_ms);
		if (rc == 0)
			return sct_set_error(ETIMEDOUT,
					     "the trace reader made no progress for %d s (damaged file?)",
					     r->timeout_ms / 1000);
		if (rc < 0 && errno != EINTR)
			break;
		if (rc < 0)
			return -2;	/* let the caller see the signal */
		n = read(r->fd, r->buf + r->end, IN_BUF - r->end);
		if (n > 0) {
			r->end += (size_t)n;
			return 1;
		}
		if (n == 0)
			return 0;
		if (errno != EINTR)
			break;
	}
	return sct_set_error(errno, "cannot read from the trace reader: %s", strerror(errno));
}

/**
 * trace_reader_next - the next frame from the reader
 * @r: the reader
 * @f: receives it
 *
 * Returns 1 with a frame (TF_TRAILER is the last), 0 when a signal
 * interrupted the wait (call again, or give up), or -1 with the error
 * text saying why: an ERROR frame's reason, the child's death, a hang,
 * malformed frames.
 */
int trace_reader_next(struct trace_reader *r, struct trace_frame *f)
{
	ssize_t n;
	int rc;

	for (;;) {
		n = trace_frame_parse(r->buf + r->start, r->end - r->start, f);
		if (n > 0)
			break;
		if (n < 0)
			goto garbage;
		rc = fill(r);
		if (rc == -2)
			return 0;
		if (rc < 0)
			return -1;
		if (rc == 0) {
			if (r->end > r->start)
				goto garbage;
			child_gone(r);
			return -1;
		}
	}
	r->start += (size_t)n;
	if (trace_frame_order(&r->state, f))
		goto garbage;
	if (f->type == TF_ERROR)
		return sct_set_error(EINVAL, "%s", f->u.error);
	return 1;
garbage:
	return sct_set_error(EIO, "the trace reader sent malformed data (damaged file?)");
}

/**
 * trace_reader_finish - after TF_TRAILER: check that the child ended well
 * @r: the reader
 *
 * Returns 0, or -1 with the error text saying why.
 */
int trace_reader_finish(struct trace_reader *r)
{
	struct trace_frame f;
	int rc;

	do
		rc = trace_reader_next(r, &f);
	while (rc == 0);
	if (rc > 0)
		return sct_set_error(EIO, "the trace reader sent malformed data (damaged file?)");
	/* The end of the stream: the child exited, how? */
	return r->clean ? 0 : -1;
}

/**
 * trace_reader_free - stop the child (if it still runs) and free @r
 * @r: the reader, or NULL
 */
void trace_reader_free(struct trace_reader *r)
{
	if (!r)
		return;
	if (r->pid > 0) {
		kill(r->pid, SIGKILL);
		waitpid(r->pid, NULL, 0);
	}
	if (r->fd >= 0)
		close(r->fd);
	free(r);
}
