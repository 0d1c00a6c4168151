// SPDX-License-Identifier: GPL-2.0
/*
 * The VMM record follows. A command is forked at once but waits on a pipe
 * until tracing follows its pid, so that none of its events is missed;
 * when recording ends before it, it gets SIGTERM and, three seconds
 * later, SIGKILL; when the recorder dies (SIGKILL), SIGKILL at once. A
 * running process (-p) is followed until it is gone.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <smccctrace/error.h>

#include "record-vmm.h"
#include "shim-read.h"

#define END_WAIT_TICKS	300	/* of 10 ms: how long SIGTERM may take */

/*
 * In the child: die with the recorder (a SIGKILLed record must not leave
 * the VMM running untraced), wait for the go, then become the command.
 * The recorder may have died before prctl(): then the parent is no
 * longer @parent.
 */
static void __attribute__((noreturn)) child(int go, char **command,
					    const struct shim_reader *shim, pid_t parent)
{
	char c;

	if (prctl(PR_SET_PDEATHSIG, SIGKILL) || getppid() != parent)
		_exit(127);
	signal(SIGPIPE, SIG_DFL);
	if (read(go, &c, 1) != 1)
		_exit(127);
	/* the child's own failure: no command side to return to */
	if (shim && shim_reader_env(shim)) {
		fprintf(stderr, "smccctrace: record: %s\n", sct_last_error());
		_exit(127);
	}
	execvp(command[0], command);
	fprintf(stderr, "smccctrace: record: %s: %s\n", command[0], strerror(errno));
	_exit(127);
}

/**
 * vmm_spawn - fork @command; it waits for vmm_release() before it execs
 * @v: filled with the child
 * @command: the argv to exec, NULL-terminated
 * @shim: the shim reader whose environment the command gets, or NULL
 *
 * Returns 0, or -1 with errno and the error text set.
 */
int vmm_spawn(struct vmm *v, char **command, const struct shim_reader *shim)
{
	pid_t parent = getpid();
	int fds[2], err;

	if (pipe(fds))
		return sct_set_error(errno, "pipe: %s", strerror(errno));
	v->pid = fork();
	if (v->pid < 0) {
		err = errno;
		close(fds[0]);
		close(fds[1]);
		return sct_set_error(err, "fork: %s", strerror(err));
	}
	if (!v->pid) {
		close(fds[1]);
		child(fds[0], command, shim, parent);
	}
	close(fds[0]);
	v->go_fd = fds[1];
	return 0;
}

/**
 * vmm_release - let the command exec: tracing follows it now
 * @v: the child; nothing happens without one
 *
 * Returns 0, or -1 with errno and the error text set.
 */
int vmm_release(struct vmm *v)
{
	int ret = 0;

	if (v->go_fd < 0)
		return 0;
	if (write(v->go_fd, "g", 1) != 1)
		ret = sct_set_error(EPIPE, "cannot start the command");
	close(v->go_fd);
	v->go_fd = -1;
	return ret;
}

/**
 * vmm_exited - whether the command has ended; reaps it
 * @v: the child; its wait status is kept in @v->status
 */
bool vmm_exited(struct vmm *v)
{
	if (v->pid <= 0 || waitpid(v->pid, &v->status, WNOHANG) != v->pid)
		return false;
	v->pid = -1;
	return true;
}

/**
 * vmm_end - end the command if it still runs: SIGTERM, then SIGKILL
 * @v: the child; calling it again, or without one, is harmless
 */
void vmm_end(struct vmm *v)
{
	struct timespec tick = { 0, 10000000 };
	int status, i;

	if (v->go_fd >= 0)
		close(v->go_fd);
	v->go_fd = -1;
	if (v->pid <= 0)
		return;
	if (waitpid(v->pid, &status, WNOHANG) == 0) {
		kill(v->pid, SIGTERM);
		for (i = 0; i < END_WAIT_TICKS && !waitpid(v->pid, &status, WNOHANG); i++)
			nanosleep(&tick, NULL);
		if (i == END_WAIT_TICKS) {
			kill(v->pid, SIGKILL);
			waitpid(v->pid, &status, 0);
		}
	}
	v->pid = -1;
}

/**
 * vmm_pid_gone - whether process @pid has exited (a zombie has)
 * @pid: the process; 0 or less is never gone
 */
bool vmm_pid_gone(pid_t pid)
{
	char path[64], buf[256], *paren;
	ssize_t n;
	int fd;

	if (pid <= 0)
		return false;
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return kill(pid, 0) && errno == ESRCH;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return true;
	buf[n] = '\0';
	paren = strrchr(buf, ')');
	return paren && paren[1] == ' ' && (paren[2] == 'Z' || paren[2] == 'X');
}

/**
 * vmm_threads - the threads of a running process
 * @pid: the process
 * @tids: receives their ids (@pid alone when /proc cannot tell)
 * @max: room in @tids, at least 1
 *
 * Returns how many were stored.
 */
size_t vmm_threads(pid_t pid, pid_t *tids, size_t max)
{
	struct dirent *d;
	char path[64];
	size_t n = 0;
	DIR *dir;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	dir = opendir(path);
	if (!dir) {
		tids[0] = pid;
		return 1;
	}
	while ((d = readdir(dir)) && n < max)
		if (d->d_name[0] != '.')
			tids[n++] = (pid_t)atoi(d->d_name);
	closedir(dir);
	return n;
}
