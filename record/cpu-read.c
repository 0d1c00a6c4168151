// SPDX-License-Identifier: GPL-2.0
/*
 * The per-CPU ring buffers of an instance, opened once and read raw
 * (trace_pipe_raw, non-blocking) one page at a time, each page parsed
 * with libtraceevent's kbuffer. A read takes at most a given number of
 * pages from a CPU, so that a CPU writing as fast as it is read cannot
 * hold the reader; what it leaves stays in the kernel for the next read.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <kbuffer.h>

#include <smccctrace/error.h>

#include "cpu-read.h"

struct cpu_read {
	struct tracefs_cpu	**tcpu;		/* NULL for a CPU without a buffer */
	int			ncpus;
	struct kbuffer		*kbuf;
	void			*page;
	int			page_size;
};

/**
 * cpu_read_open - open the per-CPU buffers of @instance
 * @instance: the tracefs instance
 * @tep: its event formats (for the page header's word size)
 * @ncpus: CPUs 0..@ncpus - 1; those without a buffer are skipped
 *
 * Returns the reader, for cpu_read_close(), or NULL with errno and the
 * error text set.
 */
struct cpu_read *cpu_read_open(struct tracefs_instance *instance,
			       struct tep_handle *tep, int ncpus)
{
	enum kbuffer_endian endian = __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__ ?
				     KBUFFER_ENDIAN_BIG : KBUFFER_ENDIAN_LITTLE;
	enum kbuffer_long_size lsize = tep_get_header_page_size(tep) == 8 ?
				       KBUFFER_LSIZE_8 : KBUFFER_LSIZE_4;
	struct cpu_read *cr = calloc(1, sizeof(*cr));
	int cpu, size;

	if (!cr || !(cr->tcpu = calloc((size_t)ncpus, sizeof(*cr->tcpu))))
		goto fail;
	cr->ncpus = ncpus;
	for (cpu = 0; cpu < ncpus; cpu++) {
		cr->tcpu[cpu] = tracefs_cpu_open(instance, cpu, true);
		size = cr->tcpu[cpu] ? tracefs_cpu_read_size(cr->tcpu[cpu]) : 0;
		if (size > cr->page_size)
			cr->page_size = size;
	}
	cr->kbuf = kbuffer_alloc(lsize, endian);
	cr->page = cr->page_size > 0 ? malloc((size_t)cr->page_size) : NULL;
	if (cr->kbuf && cr->page)
		return cr;
	if (!cr->page_size)
		errno = ENODEV;
fail:
	cpu_read_close(cr);
	if (!errno)
		errno = ENOMEM;
	sct_set_error(errno, "cannot open the ring buffers: %s", strerror(errno));
	return NULL;
}

/**
 * cpu_read_close - close the buffers and free the reader; NULL is harmless
 * @cr: the reader
 */
void cpu_read_close(struct cpu_read *cr)
{
	int cpu;

	if (!cr)
		return;
	for (cpu = 0; cr->tcpu && cpu < cr->ncpus; cpu++)
		tracefs_cpu_close(cr->tcpu[cpu]);
	free(cr->tcpu);
	if (cr->kbuf)
		kbuffer_free(cr->kbuf);
	free(cr->page);
	free(cr);
}

/* Every record of the page in @cr->page, in order */
static int read_page(struct cpu_read *cr, int cpu, cpu_read_fn fn, void *data)
{
	struct tep_record rec;
	unsigned long long ts;
	int missed;
	void *ev;

	if (kbuffer_load_subbuffer(cr->kbuf, cr->page))
		return sct_set_error(EIO, "CPU %d: a ring buffer page that does not parse", cpu);
	missed = kbuffer_missed_events(cr->kbuf);
	for (ev = kbuffer_read_event(cr->kbuf, &ts); ev; ev = kbuffer_next_event(cr->kbuf, &ts)) {
		memset(&rec, 0, sizeof(rec));
		rec.ts = ts;
		rec.cpu = cpu;
		rec.data = ev;
		rec.size = kbuffer_event_size(cr->kbuf);
		rec.record_size = kbuffer_curr_size(cr->kbuf);
		rec.missed_events = missed;
		rec.ref_count = 1;
		missed = 0;
		if (fn(&rec, data))
			return -1;
	}
	return 0;
}

/**
 * cpu_read_pages - hand @fn the records of up to @max pages of @cpu
 * @cr: the reader
 * @cpu: the CPU
 * @max: how many pages at most
 * @fn: called with each record, in the CPU's order; the record is valid
 *      during the call only
 * @data: passed to @fn
 *
 * Returns the number of pages read (less than @max: the buffer is empty
 * now), or -1 with the error text set when reading failed, or when @fn
 * stopped it (@fn sets the text).
 */
int cpu_read_pages(struct cpu_read *cr, int cpu, unsigned int max,
		   cpu_read_fn fn, void *data)
{
	unsigned int n;
	int r;

	if (cpu < 0 || cpu >= cr->ncpus || !cr->tcpu[cpu])
		return 0;
	for (n = 0; n < max; n++) {
		r = tracefs_cpu_read(cr->tcpu[cpu], cr->page, true);
		if (r < 0 && errno != EAGAIN)
			return sct_set_error(errno, "CPU %d: cannot read the ring buffer: %s",
					     cpu, strerror(errno));
		if (r <= 0)
			break;
		if (read_page(cr, cpu, fn, data))
			return -1;
	}
	return (int)n;
}
