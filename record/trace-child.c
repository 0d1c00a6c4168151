// SPDX-License-Identifier: GPL-2.0
/*
 * The trace reader child: the only process that runs libtracecmd and
 * libtraceevent on a trace.dat file. Those libraries trust the file: a
 * damaged one can make them fault, abort on a double free, allocate
 * gigabytes or loop. So they run here, in a process of their own with
 * limits, no output and no other file open, and what they decode leaves
 * as frames (trace-frame.h) on a pipe to the importing parent, which
 * checks every byte.
 */
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <trace-cmd.h>

#include <smccctrace/error.h>

#include "kvm-events.h"
#include "trace-child.h"
#include "trace-frame.h"

#define OUT_BUF		(64 << 10)
#define PIDS_MAX	4096	/* THREAD frames sent: a power of two */
#define DROP_EVERY	16384	/* records between two drop_file_pages() */

struct child {
	int			fd;
	size_t			used;
	struct tep_handle	*tep;
	struct kvm_events	ke;
	struct trace_counts	counts;
	struct stat		file;	/* whose mapped pages drop_file_pages() drops */
	int32_t			pids[PIDS_MAX];
	size_t			nr_pids;
	uint8_t			buf[OUT_BUF];
};

static void flush(struct child *c)
{
	size_t off = 0;
	ssize_t n;

	while (off < c->used) {
		n = write(c->fd, c->buf + off, c->used - off);
		if (n < 0)
			_exit(TRACE_CHILD_EXIT_PIPE);	/* the parent is gone */
		off += (size_t)n;
	}
	c->used = 0;
}

static void send_frame(struct child *c, const struct trace_frame *f)
{
	if (OUT_BUF - c->used < TF_HEAD_SIZE + TF_PAYLOAD_MAX)
		flush(c);
	c->used += trace_frame_encode(f, c->buf + c->used, OUT_BUF - c->used);
}

static void __attribute__((noreturn)) fail(struct child *c, const char *why)
{
	struct trace_frame f = { .type = TF_ERROR };

	snprintf(f.u.error, sizeof(f.u.error), "%s", why);
	send_frame(c, &f);
	flush(c);
	_exit(0);
}

/* A THREAD frame the first time a pid is seen (while there is room) */
static void send_thread(struct child *c, int32_t pid)
{
	struct trace_frame f = { .type = TF_THREAD };
	size_t i = ((uint32_t)pid * 2654435761u) & (PIDS_MAX - 1);

	while (c->pids[i] != -1) {
		if (c->pids[i] == pid)
			return;
		i = (i + 1) & (PIDS_MAX - 1);
	}
	if (c->nr_pids >= PIDS_MAX / 2)
		return;
	c->pids[i] = pid;
	c->nr_pids++;
	f.u.thread.pid = pid;
	snprintf(f.u.thread.comm, sizeof(f.u.thread.comm), "%s",
		 tep_data_comm_from_pid(c->tep, pid));
	send_frame(c, &f);
}

static void send_event(struct child *c, const struct sct_event *ev)
{
	struct trace_frame f = { .type = TF_EVENT };

	f.u.event = *ev;
	send_frame(c, &f);
}

/*
 * libtracecmd maps each CPU's data in windows of up to half that data's
 * size (a power of two) and keeps a window mapped until it has read past
 * it, so the pages it touched stay in this process's RSS: about the
 * file's size at the end. The windows are private, read-only mappings of
 * the file, never written: dropping their pages loses nothing, the next
 * touch maps the same bytes again from the page cache. Found by the
 * file's device and inode in /proc/self/maps; whatever goes wrong here
 * only leaves the pages where they are.
 */
static void drop_file_pages(struct child *c)
{
	unsigned long start, end, ino;
	unsigned int maj, min;
	char line[512];
	FILE *maps;

	maps = fopen("/proc/self/maps", "re");
	if (!maps)
		return;
	while (fgets(line, sizeof(line), maps)) {
		if (sscanf(line, "%lx-%lx %*s %*x %x:%x %lu", &start, &end, &maj, &min, &ino) != 5)
			continue;
		if (ino == c->file.st_ino && maj == major(c->file.st_dev) &&
		    min == minor(c->file.st_dev))
			madvise((void *)start, end - start, MADV_DONTNEED);
	}
	fclose(maps);
}

static int on_record(struct tracecmd_input *handle, struct tep_record *rec,
		     int cpu, void *data)
{
	struct child *c = data;
	struct trace_frame f;
	struct sct_event ev;

	if (rec->missed_events) {
		ev = (struct sct_event) { .type = SCT_EV_LOST, .ts = rec->ts, .cpu = cpu, .pid = -1 };
		ev.u.lost.count = rec->missed_events > 0 ? (uint64_t)rec->missed_events : 0;
		send_event(c, &ev);
	}
	if (c->counts.first_ns == SCT_NO_TIME)
		c->counts.first_ns = rec->ts;
	c->counts.last_ns = rec->ts;
	if (!(++c->counts.records & 0xffff)) {
		f.type = TF_PROGRESS;
		f.u.offset = rec->offset;
		send_frame(c, &f);
	}
	if (!(c->counts.records % DROP_EVERY) && c->file.st_ino)
		drop_file_pages(c);
	if (!tep_find_event(c->tep, tep_data_type(c->tep, rec))) {
		c->counts.unknown++;
		return 0;
	}
	if (!kvm_events_decode(&c->ke, c->tep, rec, &ev))
		return 0;
	ev.cpu = cpu;
	c->counts.decoded++;
	if (ev.pid >= 0)
		send_thread(c, ev.pid);
	send_event(c, &ev);
	return 0;
}

/*
 * libtracecmd 3.1 exports these without declaring them in trace-cmd.h;
 * weak, so that a library without them leaves the fields unknown.
 */
extern const char *tracecmd_get_uname(struct tracecmd_input *handle) __attribute__((weak));
extern const char *tracecmd_get_trace_clock(struct tracecmd_input *handle) __attribute__((weak));

/* The traced machine: "sysname nodename release version machine" */
static void send_header(struct child *c, struct tracecmd_input *handle)
{
	const char *uname = tracecmd_get_uname ? tracecmd_get_uname(handle) : NULL;
	const char *clock = tracecmd_get_trace_clock ? tracecmd_get_trace_clock(handle) : NULL;
	struct trace_frame f = { .type = TF_HEADER };
	char sys[65];

	if (!uname || sscanf(uname, "%64s %255s %255s", sys, f.u.header.host,
			     f.u.header.kernel) != 3)
		f.u.header.host[0] = f.u.header.kernel[0] = '\0';
	snprintf(f.u.header.clock, sizeof(f.u.header.clock), "%s", clock ? clock : "");
	send_frame(c, &f);
}

/* Test hooks: make the reader fail the ways a library bug would */
static void test_fault(struct child *c)
{
	const char *how = getenv("SMCCCTRACE_TEST_READER");

	if (!how)
		return;
	flush(c);
	if (!strcmp(how, "segv"))
		raise(SIGSEGV);
	else if (!strcmp(how, "abort"))
		abort();
	else if (!strcmp(how, "hang"))
		for (;;)
			pause();
	else if (!strcmp(how, "garbage") && write(c->fd, "\x03\0\0\0\xff\xff\xff\xff", 8) == 8)
		_exit(0);
	else if (!strcmp(how, "exit"))
		_exit(0);
}

static bool under_asan(void)
{
#if defined(__SANITIZE_ADDRESS__)
	return true;
#elif defined(__has_feature)
	return __has_feature(address_sanitizer);
#else
	return false;
#endif
}

/* Alone: no output, no other file, bounded memory, no core, no SIGINT */
static int isolate(int fd, off_t file_size)
{
	struct rlimit rl = { 0, 0 };
	int null;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	/* a fault is named by its own signal, sanitizer or not */
	signal(SIGSEGV, SIG_DFL);
	signal(SIGBUS, SIG_DFL);
	signal(SIGFPE, SIG_DFL);
	signal(SIGILL, SIG_DFL);
	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	null = open("/dev/null", O_RDWR);
	if (null < 0 || dup2(null, STDIN_FILENO) < 0 || dup2(null, STDOUT_FILENO) < 0 ||
	    dup2(null, STDERR_FILENO) < 0 || dup2(fd, TRACE_CHILD_FD) < 0)
		return -1;
	close_range(TRACE_CHILD_FD + 1, ~0u, 0);
	setrlimit(RLIMIT_CORE, &rl);
	/* ASan reserves terabytes of address space, and limits allocations itself */
	if (!under_asan()) {
		rl.rlim_cur = rl.rlim_max = TRACE_CHILD_MEM + (rlim_t)file_size;
		setrlimit(RLIMIT_AS, &rl);
	}
	return 0;
}

/**
 * trace_child_run - the child's whole life: read @file, write frames
 * @file: the trace.dat file
 * @fd: the pipe's write end
 * @file_size: its size, which the memory limit allows for
 *
 * Never returns. Exits 0 after a TRAILER or an ERROR frame, other
 * statuses when it could not write; a library bug ends it by a signal.
 */
void trace_child_run(const char *file, int fd, off_t file_size)
{
	static struct child c;
	struct tracecmd_input *handle;

	if (isolate(fd, file_size))
		_exit(TRACE_CHILD_EXIT_SETUP);
	c.fd = TRACE_CHILD_FD;
	memset(c.pids, 0xff, sizeof(c.pids));
	c.counts.first_ns = c.counts.last_ns = SCT_NO_TIME;
	tracecmd_set_loglevel(TEP_LOG_NONE);
	tep_set_loglevel(TEP_LOG_NONE);
	handle = tracecmd_open_head(file, 0);
	if (!handle)
		fail(&c, "not a readable trace-cmd data file");
	if (tracecmd_init_data(handle) < 0)
		fail(&c, "trace data is truncated or corrupt");
	if (stat(file, &c.file))
		c.file.st_ino = 0;
	c.tep = tracecmd_get_tep(handle);
	if (kvm_events_init(&c.ke, c.tep, false))
		fail(&c, sct_last_error());
	send_header(&c, handle);
	test_fault(&c);
	if (tracecmd_iterate_events(handle, NULL, 0, on_record, &c) < 0)
		fail(&c, "cannot read the trace data");
	send_frame(&c, &(struct trace_frame) { .type = TF_TRAILER, .u.counts = c.counts });
	flush(&c);
	_exit(0);
}
