/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * Which calls of a session a command looks at: by function ID, SMCCC
 * range, vCPU, location and time window, in call order or slowest first.
 * The store applies a selection as the WHERE clause of its read, so calls,
 * report, diff and the views that come later select alike.
 */
#ifndef SMCCCTRACE_SELECT_H
#define SMCCCTRACE_SELECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <smccctrace/call.h>

/* What libsmccctrace.so exports: the declarations of the public headers */
#pragma GCC visibility push(default)

struct sct_store;

/* An inclusive range of function IDs */
struct sct_id_range {
	uint32_t	lo;
	uint32_t	hi;
};

enum sct_call_order {
	SCT_ORDER_SEQ,		/* as the correlator finished them (seq) */
	SCT_ORDER_TIME,		/* by kvm_exit time stamp (unknown first), then seq */
	SCT_ORDER_SLOWEST,	/* by total latency, longest first; only timed calls */
};

/**
 * struct sct_cursor - a call's place in each order, for reading page by page
 * @seq: the call's seq
 * @t_exit: its kvm_exit time stamp, or SCT_NO_TIME
 * @total_ns: its total latency, or SCT_NO_TIME
 *
 * Filled from a call by sct_cursor_of(). A read from a cursor starts next
 * to it through the store's indexes (keyset paging), never by skipping
 * the calls before it.
 */
struct sct_cursor {
	uint64_t	seq;
	uint64_t	t_exit;
	uint64_t	total_ns;
};

/**
 * struct sct_selection - the calls to read
 * @ids: function IDs or ID ranges the call's ID must be in (any of them),
 *       when @nr_ids or @unknown_id is set
 * @nr_ids: entries of @ids
 * @unknown_id: calls whose ID is not known are selected too (with @ids)
 * @ranges: ranges the call's ID must be in (any of them, or of
 *          @range_names), when @nr_ranges or @nr_range_names is set
 * @nr_ranges: entries of @ranges
 * @range_names: SMCCC range keys as report groups them ("PSCI/32")
 * @nr_range_names: entries of @range_names
 * @vcpu: only this vCPU's calls; -1 for all
 * @location: only calls answered there (enum sct_location); -1 for all
 * @from_ns: only calls whose kvm_exit is at or after it; SCT_NO_TIME: no bound
 * @to_ns: only calls whose kvm_exit is at or before it; SCT_NO_TIME: no bound
 * @order: the order calls come in
 * @backward: the calls come in the reverse of @order: the last first, or
 *            with @has_cursor those before the cursor, the nearest first
 * @has_cursor: only the calls after @cursor in @order (before it when
 *              @backward), the cursor's own call excluded
 * @cursor: where the read starts
 * @limit: at most this many calls; 0 for all
 * @timing_only: fill only what grouping reads: tid, vcpu, func_id,
 *               id_known, location, incomplete and the times (the other
 *               fields are 0; seq and conduit too, from schema 6 on),
 *               which reads faster
 *
 * Set up with sct_selection_init(); the arrays belong to the selection
 * and sct_selection_release() frees them. A call with no kvm_exit time
 * stamp is outside any time window.
 */
struct sct_selection {
	struct sct_id_range	*ids;
	size_t			nr_ids;
	bool			unknown_id;
	struct sct_id_range	*ranges;
	size_t			nr_ranges;
	char			**range_names;
	size_t			nr_range_names;
	int32_t			vcpu;
	int			location;
	uint64_t		from_ns;
	uint64_t		to_ns;
	enum sct_call_order	order;
	bool			backward;
	bool			has_cursor;
	struct sct_cursor	cursor;
	uint64_t		limit;
	bool			timing_only;
};

void sct_selection_init(struct sct_selection *sel);
void sct_selection_release(struct sct_selection *sel);
bool sct_selection_is_all(const struct sct_selection *sel);
int sct_selection_add_functions(struct sct_selection *sel, const char *list);
int sct_selection_add_ranges(struct sct_selection *sel, const char *list);
int sct_selection_add_ids(struct sct_selection *sel, const char *list);
int sct_parse_seconds(const char *text, bool end, uint64_t *ns);
bool sct_selection_match(const struct sct_selection *sel, const struct sct_call *call);
void sct_cursor_of(const struct sct_call *call, struct sct_cursor *cursor);

int sct_store_foreach_selected(struct sct_store *store, int64_t session,
			       const struct sct_selection *sel,
			       int (*fn)(const struct sct_call *call, void *data),
			       void *data);

#pragma GCC visibility pop

#endif /* SMCCCTRACE_SELECT_H */
