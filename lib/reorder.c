// SPDX-License-Identifier: LGPL-2.1
/*
 * The reorder window of live recording. One read of the per-CPU buffers
 * is merged in time order by libtracefs, but an event of one CPU may be
 * committed just after that CPU's buffer was read while a later event of
 * another CPU was already taken: it then arrives with the next read,
 * older than events already seen. So events are not handed on as they
 * are read: each read's events join those held back, and only those at
 * or before a cutoff go on, in (time stamp, arrival) order. The caller
 * takes the cutoff as "the time the read started, less a window": every
 * event stamped before it was committed before the read began, so no
 * older one can still come. What is newer waits for the next read.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <smccctrace/array.h>
#include <smccctrace/error.h>
#include <smccctrace/reorder.h>

struct held {
	struct sct_event	ev;
	uint64_t		seq;	/* arrival order: ties keep it */
};

struct sct_reorder {
	struct held	*ev;
	size_t		nr;
	size_t		sorted;		/* ev[0..sorted) are in order */
	size_t		alloc;
	struct held	*tmp;		/* merge space */
	size_t		tmp_alloc;
	uint64_t	seq;
	uint64_t	*cpu_ts;	/* per CPU, the last event added */
	size_t		ncpus;
};

/**
 * sct_reorder_create - an empty reorder window
 *
 * Returns it, which the caller frees with sct_reorder_free(), or NULL
 * with errno ENOMEM and the error text.
 */
struct sct_reorder *sct_reorder_create(void)
{
	struct sct_reorder *ro = calloc(1, sizeof(*ro));

	if (!ro)
		sct_set_error(ENOMEM, "reorder window: out of memory");
	return ro;
}

/**
 * sct_reorder_free - free a window and the events it still holds; NULL is harmless
 * @ro: the window
 */
void sct_reorder_free(struct sct_reorder *ro)
{
	if (!ro)
		return;
	free(ro->ev);
	free(ro->tmp);
	free(ro->cpu_ts);
	free(ro);
}

/* Keep @ev's time as the last of its CPU */
static int note_cpu(struct sct_reorder *ro, const struct sct_event *ev)
{
	size_t old = ro->ncpus;
	uint64_t *p;

	if (ev->cpu < 0)
		return 0;
	if ((size_t)ev->cpu >= ro->ncpus) {
		p = sct_array_room(ro->cpu_ts, &ro->ncpus, (size_t)ev->cpu + 1, sizeof(*p));
		if (!p)
			return -1;
		memset(p + old, 0, (ro->ncpus - old) * sizeof(*p));
		ro->cpu_ts = p;
	}
	if (ev->ts > ro->cpu_ts[ev->cpu])
		ro->cpu_ts[ev->cpu] = ev->ts;
	return 0;
}

/**
 * sct_reorder_add - take an event of the current read
 * @ro: the window
 * @ev: the event, copied (the caller keeps its own)
 *
 * Returns 0, or -1 with errno ENOMEM and the error text.
 */
int sct_reorder_add(struct sct_reorder *ro, const struct sct_event *ev)
{
	struct held *held;

	held = sct_array_room(ro->ev, &ro->alloc, ro->nr + 1, sizeof(*held));
	if (held)
		ro->ev = held;
	if (!held || note_cpu(ro, ev))
		return sct_set_error(ENOMEM, "reorder window: out of memory");
	ro->ev[ro->nr].ev = *ev;
	ro->ev[ro->nr++].seq = ro->seq++;
	return 0;
}

/**
 * sct_reorder_lost - events of a CPU were lost after the last one added from it
 * @ro: the window
 * @cpu: the host CPU
 * @count: how many, 0 when unknown
 *
 * The caller says so as soon as it sees the gap, before it adds the next
 * event of @cpu. An SCT_EV_LOST marker stamped with the time of the last
 * event added from @cpu (0 when none was) goes in line: it comes out just
 * after that event and before every later event of @cpu, even when that
 * event was handed on by an earlier flush. Returns 0, or -1 with errno
 * ENOMEM and the error text.
 */
int sct_reorder_lost(struct sct_reorder *ro, int32_t cpu, uint64_t count)
{
	struct sct_event ev = { .type = SCT_EV_LOST, .pid = -1, .cpu = cpu };

	ev.u.lost.count = count;
	ev.ts = cpu >= 0 && (size_t)cpu < ro->ncpus ? ro->cpu_ts[cpu] : 0;
	return sct_reorder_add(ro, &ev);
}

static int before(const struct held *a, const struct held *b)
{
	return a->ev.ts < b->ev.ts || (a->ev.ts == b->ev.ts && a->seq < b->seq);
}

static int cmp_held(const void *a, const void *b)
{
	return before(a, b) ? -1 : before(b, a);
}

/* Sort what was added since the last flush and merge it with what is held */
static int order(struct sct_reorder *ro)
{
	size_t i = 0, j = ro->sorted, k = 0;
	struct held *tmp;

	if (ro->sorted == ro->nr)
		return 0;
	qsort(ro->ev + ro->sorted, ro->nr - ro->sorted, sizeof(*ro->ev), cmp_held);
	if (ro->sorted && before(&ro->ev[ro->sorted], &ro->ev[ro->sorted - 1])) {
		tmp = sct_array_room(ro->tmp, &ro->tmp_alloc, ro->nr, sizeof(*tmp));
		if (!tmp)
			return -1;
		ro->tmp = tmp;
		while (i < ro->sorted && j < ro->nr)
			ro->tmp[k++] = before(&ro->ev[j], &ro->ev[i]) ? ro->ev[j++] : ro->ev[i++];
		while (i < ro->sorted)
			ro->tmp[k++] = ro->ev[i++];
		while (j < ro->nr)
			ro->tmp[k++] = ro->ev[j++];
		memcpy(ro->ev, ro->tmp, ro->nr * sizeof(*ro->ev));
	}
	ro->sorted = ro->nr;
	return 0;
}

/**
 * sct_reorder_flush - hand on, in time order, every event stamped at or before @upto
 * @ro: the window
 * @upto: the cutoff; UINT64_MAX hands on everything
 * @fn: called with each event; a nonzero return stops the flush
 * @data: passed to @fn
 *
 * Events after @upto stay held for the next flush. Returns 0, what @fn
 * returned when it stopped the flush (the event it refused and those
 * after it stay held), or -1 with errno ENOMEM and the error text.
 */
int sct_reorder_flush(struct sct_reorder *ro, uint64_t upto, sct_reorder_fn fn, void *data)
{
	size_t n = 0;
	int ret = 0;

	if (order(ro))
		return sct_set_error(ENOMEM, "reorder window: out of memory");
	while (n < ro->nr && ro->ev[n].ev.ts <= upto) {
		ret = fn(&ro->ev[n].ev, data);
		if (ret)
			break;
		n++;
	}
	if (n)
		memmove(ro->ev, ro->ev + n, (ro->nr - n) * sizeof(*ro->ev));
	ro->nr -= n;
	ro->sorted = ro->nr;
	return ret;
}

/**
 * sct_reorder_held - how many events are held back
 * @ro: the window
 */
uint64_t sct_reorder_held(const struct sct_reorder *ro)
{
	return ro->nr;
}
