// SPDX-License-Identifier: LGPL-2.1
/*
 * Tallies of values: each distinct value with its count, in ascending
 * order (definitions in include/smccctrace/tally.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <smccctrace/tally.h>

#include "internal.h"

#define PENDING_MIN	1024	/* values buffered before the first merge */
#define PENDING_SHARE	4	/* the buffer holds a quarter of the entries */

/**
 * sct_tally_init - start an empty tally
 * @t: the tally; owns nothing until the first sct_tally_add()
 */
void sct_tally_init(struct sct_tally *t)
{
	memset(t, 0, sizeof(*t));
}

/**
 * sct_tally_release - free the arrays of @t (not @t itself)
 * @t: the tally, or NULL; left empty and ready for reuse
 */
void sct_tally_release(struct sct_tally *t)
{
	if (!t)
		return;
	free(t->e);
	free(t->pending);
	sct_tally_init(t);
}

/*
 * Merge the buffered values into the entries, from the top down so that
 * nothing is overwritten before it is read: @e has room for every entry
 * plus every buffered value. Needs no memory (sorting takes a buffer when
 * it can have one).
 */
static void merge_pending(struct sct_tally *t)
{
	struct sct_samples p = { t->pending, t->nr_pending, t->pending_alloc };
	size_t i = t->distinct, j = t->nr_pending, w = t->distinct + t->nr_pending;
	uint64_t v;

	if (!t->nr_pending)
		return;
	sct_samples_sort(&p);
	while (j) {
		v = t->pending[j - 1];
		if (i && t->e[i - 1].value > v) {
			t->e[--w] = t->e[--i];
			continue;
		}
		if (!i || t->e[i - 1].value < v)
			t->e[--w] = (struct sct_tally_entry) { v, 0 };
		else
			t->e[--w] = t->e[--i];
		for (; j && t->pending[j - 1] == v; j--)
			t->e[w].count++;
	}
	/* the entries below i are where they were, and below w */
	memmove(t->e + i, t->e + w, (t->distinct + t->nr_pending - w) * sizeof(*t->e));
	t->distinct = i + (t->distinct + t->nr_pending - w);
	t->nr_pending = 0;
	/* the entries grew: no more buffered values than they have room for */
	if (t->pending_alloc > t->alloc - t->distinct)
		t->pending_alloc = t->alloc - t->distinct;
}

/* Room for @pending values in the buffer, and for them in the entries */
static int grow(struct sct_tally *t, size_t pending)
{
	struct sct_tally_entry *e;
	uint64_t *p;

	if (t->distinct > SIZE_MAX / 4 / sizeof(*e) || pending > SIZE_MAX / 4 / sizeof(*e))
		return sct_set_error(ENOMEM, "too many values");
	if (t->alloc < t->distinct + pending) {
		e = realloc(t->e, (t->distinct + pending) * sizeof(*e));
		if (!e)
			return sct_set_error(ENOMEM, "out of memory for %zu values",
					     t->distinct + pending);
		t->e = e;
		t->alloc = t->distinct + pending;
	}
	if (t->pending_alloc < pending) {
		p = realloc(t->pending, pending * sizeof(*p));
		if (!p)
			return sct_set_error(ENOMEM, "out of memory for %zu values", pending);
		t->pending = p;
		t->pending_alloc = pending;
	}
	return 0;
}

/*
 * The buffer is full: make it larger (twice) while it holds fewer than
 * PENDING_MIN values or fewer than a PENDING_SHARE-th of the entries, else
 * merge it
 */
static int make_room(struct sct_tally *t)
{
	size_t want = t->pending_alloc ? t->pending_alloc * 2 : 64;

	if (t->pending_alloc >= PENDING_MIN && t->pending_alloc >= t->distinct / PENDING_SHARE) {
		want = t->pending_alloc;
		merge_pending(t);
	}
	return grow(t, want);
}

/**
 * sct_tally_add - add one value
 * @t: the tally; its arrays grow as needed and stay owned by @t
 * @value: the value
 *
 * Returns 0, or -1 with errno ENOMEM and the error set (the value is then
 * not counted; what was added before still is).
 */
int sct_tally_add(struct sct_tally *t, uint64_t value)
{
	if (t->nr_pending == t->pending_alloc && make_room(t))
		return -1;
	t->pending[t->nr_pending++] = value;
	t->nr++;
	return 0;
}

/**
 * sct_tally_flush - merge every value added into @t->e
 * @t: the tally; after this @t->e holds @t->distinct entries, all of them
 *
 * Needs no memory, so it cannot fail.
 */
void sct_tally_flush(struct sct_tally *t)
{
	merge_pending(t);
}

/**
 * sct_tally_at_rank - the value of a rank
 * @t: the tally, flushed
 * @rank: 1 for the smallest value, @t->nr for the largest
 *
 * Returns the @rank-th smallest value (ties counted as often as added),
 * or SCT_STATS_NONE when @rank is 0 or above @t->nr.
 */
uint64_t sct_tally_at_rank(const struct sct_tally *t, size_t rank)
{
	size_t i, below = 0;

	if (!rank || rank > t->nr)
		return SCT_STATS_NONE;
	for (i = 0; i < t->distinct; i++) {
		below += t->e[i].count;
		if (below >= rank)
			return t->e[i].value;
	}
	return SCT_STATS_NONE;
}

/**
 * sct_tally_sum - the sum of the values added
 * @t: the tally, flushed
 *
 * Returns the sum modulo 2^64, as adding them one by one gives it.
 */
uint64_t sct_tally_sum(const struct sct_tally *t)
{
	uint64_t sum = 0;
	size_t i;

	for (i = 0; i < t->distinct; i++)
		sum += t->e[i].value * t->e[i].count;
	return sum;
}

/* sum / n rounded half up, as sct_mean() gives it, from the exact sum */
static uint64_t tally_mean(const struct sct_tally *t)
{
	unsigned __int128 sum = 0, n = t->nr;
	size_t i;

	if (!t->nr)
		return SCT_STATS_NONE;
	for (i = 0; i < t->distinct; i++)
		sum += (unsigned __int128)t->e[i].value * t->e[i].count;
	return (uint64_t)((2 * sum + n) / (2 * n));
}

/* The nearest rank of @permille among @n values, as sct_percentile() takes it */
static size_t percentile_rank(size_t n, unsigned int permille)
{
	size_t rank = n / 1000 * permille + (n % 1000 * permille + 999) / 1000;

	return rank < 1 ? 1 : rank;
}

/**
 * sct_tally_summarize - the figures of the values added
 * @t: the tally; flushed here
 * @sum: filled in, figure for figure what sct_summarize() gives for the
 *       same values; every figure is SCT_STATS_NONE when @t is empty
 */
void sct_tally_summarize(struct sct_tally *t, struct sct_summary *sum)
{
	sct_tally_flush(t);
	sum->n = t->nr;
	sum->min = t->distinct ? t->e[0].value : SCT_STATS_NONE;
	sum->max = t->distinct ? t->e[t->distinct - 1].value : SCT_STATS_NONE;
	sum->p50 = sct_tally_at_rank(t, percentile_rank(t->nr, 500));
	sum->p90 = sct_tally_at_rank(t, percentile_rank(t->nr, 900));
	sum->p99 = sct_tally_at_rank(t, percentile_rank(t->nr, 990));
	sum->p999 = sct_tally_at_rank(t, percentile_rank(t->nr, 999));
	sum->mean = tally_mean(t);
}

/**
 * sct_tally_hist - add the values of a tally to a log2 histogram
 * @t: the tally, flushed
 * @h: the histogram; each value counts as often as it was added
 */
void sct_tally_hist(const struct sct_tally *t, struct sct_hist *h)
{
	size_t i;

	for (i = 0; i < t->distinct; i++)
		h->count[sct_hist_bucket(t->e[i].value)] += t->e[i].count;
}
