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

/**
 * struct top_stats - the calls and their groups
 * @calls: every call since the start or the last reset, in arrival order
 * @nr: entries of @calls
 * @alloc: allocated entries of @calls
 * @mark: the first call of the interval not yet shown
 * @last_from: the first call of the last interval shown
 * @last_to: one past its last call
 * @by: the grouping
 * @sort: the order of the rows
 * @filter: part of a function's name, or a hex ID ("0x..."), or empty
 * @vcpu: only this vCPU's calls, or -1
 * @since: the groups since the start, as of the last frame
 * @last: the groups of the last interval
 * @t_start: when the start or the last reset was (CLOCK_MONOTONIC ns)
 * @t_last: when the last interval began
 * @t_frame: when the last frame was taken
 * @frames: frames taken
 * @oom: memory ran out (the figures are then incomplete)
 */
struct top_stats {
	struct top_call		*calls;
	size_t			nr;
	size_t			alloc;
	size_t			mark;
	size_t			last_from;
	size_t			last_to;
	enum sct_group_by	by;
	enum sct_group_sort	sort;
	char			filter[64];
	int32_t			vcpu;
	struct sct_groups	since;
	struct sct_groups	last;
	uint64_t		t_start;
	uint64_t		t_last;
	uint64_t		t_frame;
	uint64_t		frames;
	bool			oom;
};

/* top-stats.c */
void top_stats_init(struct top_stats *ts, uint64_t now);
void top_stats_release(struct top_stats *ts);
int top_stats_add(const struct sct_call *call, void *data);
int top_stats_frame(struct top_stats *ts, uint64_t now);
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
 */
struct top_head {
	const struct sct_exit_stats	*st;
	uint64_t			lost;
	uint64_t			events;
	int64_t				session;
	bool				ended;
	bool				paused;
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
