/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading trace-cmd data files in a child process (trace-file.c): the
 * parent sees decoded events as frames (trace-frame.h), never the file.
 */
#ifndef SMCCCTRACE_RECORD_TRACE_FILE_H
#define SMCCCTRACE_RECORD_TRACE_FILE_H

#include <stddef.h>
#include <sys/types.h>

#include "trace-frame.h"

struct trace_reader;

struct trace_reader *trace_reader_start(const char *file, off_t size);
int trace_reader_next(struct trace_reader *r, struct trace_frame *f);
int trace_reader_finish(struct trace_reader *r);
void trace_reader_free(struct trace_reader *r);

#endif /* SMCCCTRACE_RECORD_TRACE_FILE_H */
