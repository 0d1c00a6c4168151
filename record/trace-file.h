/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading trace-cmd data files through libtracecmd without letting a
 * damaged file crash or litter the output.
 */
#ifndef SMCCCTRACE_RECORD_TRACE_FILE_H
#define SMCCCTRACE_RECORD_TRACE_FILE_H

#include <trace-cmd.h>

typedef int (*trace_record_fn)(struct tracecmd_input *handle,
			       struct tep_record *rec, int cpu, void *data);

struct tracecmd_input *trace_file_open(const char *file);
int trace_file_iterate(struct tracecmd_input **handle, const char *file,
		       trace_record_fn fn, void *data);
void trace_file_close(struct tracecmd_input *handle);
void trace_file_meta(struct tracecmd_input *handle, char **host, char **kernel,
		     char **clock);

#endif /* SMCCCTRACE_RECORD_TRACE_FILE_H */
