// SPDX-License-Identifier: GPL-2.0
/*
 * libtracecmd 3.1 and libtraceevent 1.7 trust the files they read: a
 * damaged format section or data page can make them fault, and they print
 * their complaints on stdout and stderr. A user's damaged trace.dat must
 * instead get one line naming the file. So the calls into them run with
 * the library's chatter sent to /dev/null (while opening) and with a guard
 * that turns a fault inside them into an error; a handle they faulted in
 * is left alone rather than freed.
 */
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "trace-file.h"

static sigjmp_buf fault_jmp;
static volatile sig_atomic_t guarded;
static const int fault_signals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL };
#define NR_FAULT_SIGNALS (sizeof(fault_signals) / sizeof(fault_signals[0]))

static void on_fault(int sig)
{
	if (guarded)
		siglongjmp(fault_jmp, sig);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Deep recursion in the format parser may fault on the stack's end */
static void guard_on(struct sigaction *old)
{
	static char *altstack;
	struct sigaction sa;
	stack_t ss;
	size_t i;

	if (!altstack && (altstack = malloc(SIGSTKSZ * 4))) {
		ss = (stack_t) { .ss_sp = altstack, .ss_size = SIGSTKSZ * 4 };
		sigaltstack(&ss, NULL);
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_fault;
	sa.sa_flags = SA_ONSTACK | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < NR_FAULT_SIGNALS; i++)
		sigaction(fault_signals[i], &sa, &old[i]);
	guarded = 1;
}

static void guard_off(const struct sigaction *old)
{
	size_t i;

	guarded = 0;
	for (i = 0; i < NR_FAULT_SIGNALS; i++)
		sigaction(fault_signals[i], &old[i], NULL);
}

struct quiet {
	int	saved[2];
};

/* Send the library's stdout and stderr to /dev/null */
static void quiet_on(struct quiet *q)
{
	int fd, i;

	fflush(stdout);
	fflush(stderr);
	fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	for (i = 0; i < 2; i++) {
		q->saved[i] = fd >= 0 ? dup(STDOUT_FILENO + i) : -1;
		if (q->saved[i] >= 0)
			dup2(fd, STDOUT_FILENO + i);
	}
	if (fd >= 0)
		close(fd);
}

static void quiet_off(struct quiet *q)
{
	int i;

	fflush(stdout);
	fflush(stderr);
	for (i = 0; i < 2; i++) {
		if (q->saved[i] < 0)
			continue;
		dup2(q->saved[i], STDOUT_FILENO + i);
		close(q->saved[i]);
	}
}

/* What open_steps() did, kept outside the frame a fault leaves */
static struct tracecmd_input *opened;
static const char *open_failure;

/*
 * Open in two steps: tracecmd_open() frees a half-made handle on a short
 * data section in a way that faults; this way a failed handle is left.
 */
static void open_steps(const char *file)
{
	struct tracecmd_input *handle;

	handle = tracecmd_open_head(file, 0);
	if (!handle) {
		open_failure = "not a readable trace-cmd data file";
		return;
	}
	if (tracecmd_init_data(handle) < 0) {
		open_failure = "trace data is truncated or corrupt";
		return;
	}
	opened = handle;
}

/**
 * trace_file_open - open a trace-cmd data file
 * @file: its path
 *
 * Returns the handle, which trace_file_close() frees, or NULL after
 * printing one line that names @file and the problem.
 */
struct tracecmd_input *trace_file_open(const char *file)
{
	struct sigaction old[NR_FAULT_SIGNALS];
	struct quiet q;

	opened = NULL;
	open_failure = "the trace-cmd library faulted reading its headers (damaged file?)";
	quiet_on(&q);
	guard_on(old);
	if (!sigsetjmp(fault_jmp, 1))
		open_steps(file);
	guard_off(old);
	quiet_off(&q);
	if (!opened)
		sct_err("%s: %s", file, open_failure);
	return opened;
}

/**
 * trace_file_iterate - call @fn for every record, in time order
 * @handle: from trace_file_open(); set to NULL (and left unfreed) when the
 *          library faulted in it
 * @file: its path, for the error message
 * @fn: called with each record; a nonzero return stops the walk
 * @data: passed to @fn
 *
 * Returns 0 (also when @fn stopped the walk), or -1 after printing one
 * line naming @file when the library failed or faulted.
 */
int trace_file_iterate(struct tracecmd_input **handle, const char *file,
		       trace_record_fn fn, void *data)
{
	struct sigaction old[NR_FAULT_SIGNALS];
	volatile int ret = -2;

	guard_on(old);
	if (!sigsetjmp(fault_jmp, 1))
		ret = tracecmd_iterate_events(*handle, NULL, 0, fn, data) < 0 ? -1 : 0;
	guard_off(old);
	if (ret == -2) {
		*handle = NULL;
		sct_err("%s: the trace-cmd library faulted reading its data (damaged file?)", file);
		return -1;
	}
	if (ret < 0)
		sct_err("%s: cannot read the trace data", file);
	return ret;
}

/**
 * trace_file_close - close a handle from trace_file_open(); NULL is harmless
 * @handle: the handle
 */
void trace_file_close(struct tracecmd_input *handle)
{
	if (handle)
		tracecmd_close(handle);
}

/*
 * libtracecmd 3.1 exports these without declaring them in trace-cmd.h;
 * weak, so that a library without them leaves the fields unknown.
 */
extern const char *tracecmd_get_uname(struct tracecmd_input *handle) __attribute__((weak));
extern const char *tracecmd_get_trace_clock(struct tracecmd_input *handle) __attribute__((weak));

/**
 * trace_file_meta - the traced machine, as the file recorded it
 * @handle: from trace_file_open()
 * @host: set to its host name, or NULL
 * @kernel: set to its kernel release, or NULL
 * @clock: set to the trace clock, or NULL
 *
 * The strings are allocated; the caller frees them.
 */
void trace_file_meta(struct tracecmd_input *handle, char **host, char **kernel,
		     char **clock)
{
	const char *uname = tracecmd_get_uname ? tracecmd_get_uname(handle) : NULL;
	const char *tc = tracecmd_get_trace_clock ? tracecmd_get_trace_clock(handle) : NULL;
	char sys[65], node[65], release[129];

	*host = *kernel = *clock = NULL;
	/* "sysname nodename release version machine", as uname -a prints it */
	if (uname && sscanf(uname, "%64s %64s %128s", sys, node, release) == 3) {
		*host = strdup(node);
		*kernel = strdup(release);
	}
	if (tc && *tc)
		*clock = strdup(tc);
}
