/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The trace reader child (trace-child.c), which trace-file.c forks.
 */
#ifndef SMCCCTRACE_RECORD_TRACE_CHILD_H
#define SMCCCTRACE_RECORD_TRACE_CHILD_H

#include <sys/types.h>

#define TRACE_CHILD_FD		3		/* the pipe, in the child */
#define TRACE_CHILD_MEM		(1ull << 30)	/* address space beyond the file's size */
#define TRACE_CHILD_EXIT_SETUP	3
#define TRACE_CHILD_EXIT_PIPE	4

void trace_child_run(const char *file, int fd, off_t file_size) __attribute__((noreturn));

#endif /* SMCCCTRACE_RECORD_TRACE_CHILD_H */
