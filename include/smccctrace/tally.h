/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * A tally of values: each distinct value once, with how many times it
 * was added. Every figure of stats.h follows from it exactly (nearest-rank
 * percentiles, min, max, the rounded mean, the log2 histogram), and so
 * does the Mann-Whitney U test (compare.h), in memory that grows with the
 * distinct values, not with the values added: latencies in nanoseconds
 * repeat, and lie within a range.
 *
 * Values added go to a buffer first; when it is full it is sorted and
 * merged into the tally. The buffer grows with the tally, a quarter of
 * its distinct values, so that a merge's cost is spread over that many
 * values: 16 bytes a distinct value, 6 more for the buffer and its room.
 */
#ifndef SMCCCTRACE_TALLY_H
#define SMCCCTRACE_TALLY_H

#include <stddef.h>
#include <stdint.h>

#include <smccctrace/stats.h>

/* What libsmccctrace.so exports: the declarations of the public headers */
#pragma GCC visibility push(default)

/**
 * struct sct_tally_entry - a distinct value and its count
 * @value: the value
 * @count: how many times it was added (at least 1)
 */
struct sct_tally_entry {
	uint64_t	value;
	uint64_t	count;
};

/**
 * struct sct_tally - values, tallied
 * @nr: values added
 * @e: the distinct values merged so far, ascending; after
 *     sct_tally_flush(), all of them
 * @distinct: entries in @e
 * @alloc: entries allocated in @e: always at least @distinct plus
 *         @pending_alloc, so that a merge needs no memory
 * @pending: values added since the last merge, in any order
 * @nr_pending: values in @pending
 * @pending_alloc: room in @pending
 *
 * Zero it or sct_tally_init() it; sct_tally_release() frees its arrays.
 */
struct sct_tally {
	size_t			nr;
	struct sct_tally_entry	*e;
	size_t			distinct;
	size_t			alloc;
	uint64_t		*pending;
	size_t			nr_pending;
	size_t			pending_alloc;
};

void sct_tally_init(struct sct_tally *t);
void sct_tally_release(struct sct_tally *t);
int sct_tally_add(struct sct_tally *t, uint64_t value);
void sct_tally_flush(struct sct_tally *t);
uint64_t sct_tally_at_rank(const struct sct_tally *t, size_t rank);
uint64_t sct_tally_sum(const struct sct_tally *t);
void sct_tally_summarize(struct sct_tally *t, struct sct_summary *sum);
void sct_tally_hist(const struct sct_tally *t, struct sct_hist *h);

#pragma GCC visibility pop

#endif /* SMCCCTRACE_TALLY_H */
