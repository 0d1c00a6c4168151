/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading the per-CPU ring buffers of a tracefs instance raw, page by page.
 */
#ifndef SMCCCTRACE_RECORD_CPU_READ_H
#define SMCCCTRACE_RECORD_CPU_READ_H

#include <event-parse.h>
#include <tracefs.h>

struct cpu_read;

/* Called with each record; a nonzero return stops the read */
typedef int (*cpu_read_fn)(struct tep_record *rec, void *data);

struct cpu_read *cpu_read_open(struct tracefs_instance *instance,
			       struct tep_handle *tep, int ncpus);
void cpu_read_close(struct cpu_read *cr);
int cpu_read_pages(struct cpu_read *cr, int cpu, unsigned int max,
		   cpu_read_fn fn, void *data);

#endif /* SMCCCTRACE_RECORD_CPU_READ_H */
