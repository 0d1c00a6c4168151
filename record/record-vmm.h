/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The VMM record follows: a command it runs, or a running process.
 */
#ifndef SMCCCTRACE_RECORD_VMM_H
#define SMCCCTRACE_RECORD_VMM_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct shim_reader;

/**
 * struct vmm - a command record runs
 * @pid: its pid, or -1 when there is none or it has been reaped
 * @go_fd: the command execs once this is written to, or -1
 * @status: its wait status once vmm_exited() has reaped it
 */
struct vmm {
	pid_t	pid;
	int	go_fd;
	int	status;
};

#define VMM_INIT	{ .pid = -1, .go_fd = -1 }

int vmm_spawn(struct vmm *v, char **command, const struct shim_reader *shim);
int vmm_release(struct vmm *v);
bool vmm_exited(struct vmm *v);
void vmm_end(struct vmm *v);
bool vmm_pid_gone(pid_t pid);
size_t vmm_threads(pid_t pid, pid_t *tids, size_t max);

#endif /* SMCCCTRACE_RECORD_VMM_H */
