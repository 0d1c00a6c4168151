/* SPDX-License-Identifier: GPL-2.0 */
/*
 * smccctrace top: the calls captured so far, their groups over the last
 * interval and since the start (or the last reset), and the screen and
 * text frames that show them.
 */
#ifndef SMCCCTRACE_TUI_TOP_H
#define SMCCCTRACE_TUI_TOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <smccctrace/call.h>
#include <smccctrace/group.h>
#include <smccctrace/lhist.h>
#include <smccctrace/stats.h>

/*
 * What top keeps of a call: what grouping, filtering and the latency
 * figures read (a struct sct_call with its registers is five times larger)
 */
struct top_call {
	uint64_t	t_exit;
	uint64_t	t_uexit;
	uint64_t	t_entry;
	uint64_t	t_vmm_exit;
	uint64_t	t_vmm_resume;
	uint32_t	func_id;
	int32_t		vcpu;
	int32_t		tid;
	uint8_t		location;
	bool		id_known;
	bool		incomplete;
};

/* The calls of one interval, kept whole: the interval's figures are exact */
struct top_calls {
	struct top_call	*v;
	size_t		nr;
	size_t		alloc;
};

/**
 * struct top_key - what is kept since the start of the calls that share
 * a function, a vCPU (a thread where the vCPU is unknown) and a location
 * @func_id: the function ID, when @id_known
 * @vcpu: the vCPU, or -1
 * @tid: the thread, when @vcpu is -1 (else 0)
 * @location: enum sct_location
 * @id_known: the function ID is known
 * @calls: calls, incomplete ones included
 * @incomplete: incomplete calls
 * @lat: the latencies of the complete calls (exact n, sum, min, max;
 *       counts per bucket of 1/32 of a power of two)
 *
 * Every grouping (range, owner, function, vCPU, location), filter and
 * vCPU choice is a union of keys, so a regrouping merges keys (O(keys)),
 * never calls; and memory grows with the keys, not with the calls.
 */
struct top_key {
	uint32_t		func_id;
	int32_t			vcpu;
	int32_t			tid;
	uint8_t			location;
	bool			id_known;
	uint64_t		calls;
	uint64_t		incomplete;
	struct sct_lhist	lat;
};

/**
 * struct top_keys - the keys seen since the start, in a hash table
 * @v: the keys, in the order first seen
 * @nr: entries of @v
 * @alloc: allocated entries of @v
 * @slots: indices into @v plus one (0: empty), at most half full
 * @nslots: size of @slots, a power of two
 */
struct top_keys {
	struct top_key	*v;
	size_t		nr;
	size_t		alloc;
	size_t		*slots;
	size_t		nslots;
};

/**
 * struct top_group - a row since the start: the keys of a group, merged
 * @key: the key text, as the library's grouping spells it (group.h)
 * @has_id: grouped by function, with a known ID: @func_id holds it
 * @func_id: the function ID
 * @calls: calls, incomplete ones included
 * @by_location: calls per enum sct_location
 * @incomplete: incomplete calls
 * @lat: the merged latency histogram
 * @total_sum: figures of @lat: n, min, max and mean exact, the
 *             percentiles within 1/64 (sct_lhist_percentile())
 * @hist: log2 histogram of the latencies (exact)
 */
struct top_group {
	char			key[64];
	bool			has_id;
	uint32_t		func_id;
	uint64_t		calls;
	uint64_t		by_location[4];
	uint64_t		incomplete;
	struct sct_lhist	lat;
	struct sct_summary	total_sum;
	struct sct_hist		hist;
};

/**
 * struct top_groups - the rows since the start
 * @groups: the groups, in the order asked for (top_groups_sort())
 * @nr: entries of @groups
 * @alloc: allocated entries of @groups
 * @calls: the calls of all the groups
 */
struct top_groups {
	struct top_group	**groups;
	size_t			nr;
	size_t			alloc;
	uint64_t		calls;
};

/**
 * struct top_stats - the calls and their groups
 * @cur: the calls of the interval in progress
 * @prev: the calls of the last interval shown
 * @keys: every call up to the last frame, as aggregates per key
 * @held: the calls of the intervals that passed while the screen was
 *        paused, as aggregates per key: counted into @keys at the next frame
 * @by: the grouping
 * @sort: the order of the rows
 * @filter: part of a function's name, or a hex ID ("0x..."), or empty
 * @vcpu: only this vCPU's calls, or -1
 * @since: the groups since the start, as of the last frame (from @keys)
 * @last: the groups of the last interval (from @prev, exact)
 * @t_start: when the start or the last reset was (CLOCK_MONOTONIC ns)
 * @t_last: when the last interval began
 * @t_held: when the last interval held (top_stats_hold()) ended, or 0
 * @t_frame: when the last frame was taken
 * @frames: frames taken
 * @oom: memory ran out (the figures are then incomplete)
 */
struct top_stats {
	struct top_calls	cur;
	struct top_calls	prev;
	struct top_keys		keys;
	struct top_keys		held;
	enum sct_group_by	by;
	enum sct_group_sort	sort;
	char			filter[64];
	int32_t			vcpu;
	struct top_groups	since;
	struct sct_groups	last;
	uint64_t		t_start;
	uint64_t		t_last;
	uint64_t		t_held;
	uint64_t		t_frame;
	uint64_t		frames;
	bool			oom;
};

/* top-keys.c */
void top_call_to_sct(const struct top_call *t, struct sct_call *c);
int top_keys_add(struct top_keys *k, const struct top_call *t);
int top_keys_merge(struct top_keys *k, const struct top_keys *from);
void top_keys_release(struct top_keys *k);
int top_groups_build(struct top_groups *gs, const struct top_keys *k, enum sct_group_by by,
		     bool (*pass)(const struct sct_call *c, const void *data), const void *data);
void top_groups_release(struct top_groups *gs);
const struct top_group *top_groups_find(const struct top_groups *gs, const char *key);
int top_groups_sort(struct top_groups *gs, enum sct_group_sort order);
const char *top_group_text(const struct top_group *g, char *buf, size_t size);

/* top-stats.c */
void top_stats_init(struct top_stats *ts, uint64_t now);
void top_stats_release(struct top_stats *ts);
int top_stats_add(const struct sct_call *call, void *data);
int top_stats_frame(struct top_stats *ts, uint64_t now);
int top_stats_hold(struct top_stats *ts, uint64_t now);
int top_stats_regroup(struct top_stats *ts);
void top_stats_reset(struct top_stats *ts, uint64_t now);
double top_stats_rate(const struct top_stats *ts, const struct sct_group *last);
const char *top_stats_rate_text(const struct top_stats *ts, const struct sct_group *last,
				char *buf);
uint64_t top_now_ns(void);

/**
 * struct top_head - what the header line shows besides the groups
 * @st: the source's counts (calls, exits, losses)
 * @lost: events lost
 * @events: trace events read
 * @session: the session written, or 0
 * @ended: the command or process is gone, capture has ended
 * @paused: the screen is paused
 * @seconds: the interval asked for (-s)
 */
struct top_head {
	const struct sct_exit_stats	*st;
	uint64_t			lost;
	uint64_t			events;
	int64_t				session;
	bool				ended;
	bool				paused;
	uint64_t			seconds;
};

/* top-text.c: batch frames */
void top_text_frame(const struct top_stats *ts, const struct top_head *h, bool csv);
uint64_t top_exits(const struct sct_exit_stats *st);
uint64_t top_user_exits(const struct sct_exit_stats *st);

/**
 * struct top_screen - the interactive screen's own state
 * @sel: the selected row
 * @first: the first row shown
 * @help: the help is shown
 * @prompt: a prompt on the last line, or NULL
 * @input: what was typed at the prompt
 */
struct top_screen {
	size_t		sel;
	size_t		first;
	bool		help;
	const char	*prompt;
	char		input[64];
};

/* top-draw.c */
void top_draw(const struct top_stats *ts, const struct top_head *h, struct top_screen *s);
int top_page_lines(void);

#endif /* SMCCCTRACE_TUI_TOP_H */
