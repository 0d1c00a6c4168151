/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the files of "smccctrace diff" share.
 */
#ifndef SMCCCTRACE_ANALYZE_DIFF_H
#define SMCCCTRACE_ANALYZE_DIFF_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <smccctrace/call.h>
#include <smccctrace/columns.h>
#include <smccctrace/compare.h>
#include <smccctrace/group.h>
#include <smccctrace/store.h>

#include "cli.h"
#include "diff-rules.h"

#define DIFF_MAX_RULES	32

/**
 * struct diff_result - the results one function ID got back, sorted
 * @id: the function ID
 * @n: how many of @x are valid
 * @x: x0..x3
 */
struct diff_result {
	uint32_t	id;
	uint8_t		n;
	uint64_t	x[SCT_MAX_RESULTS];
};

/**
 * struct diff_side - one of the two sessions compared
 * @arg: how the command line named it
 * @db: its database file
 * @session: the session
 * @duration_ns: its length, first event to last; 0 when unknown
 * @total_ns: the latencies of all its chosen calls, added
 * @groups: its calls grouped by the --by key
 * @funcs: its calls grouped by function ID
 * @results: results of calls that recorded them, sorted
 * @nr_results: entries of @results
 * @alloc_results: room in @results
 */
struct diff_side {
	const char		*arg;
	const char		*db;
	struct sct_session	session;
	uint64_t		duration_ns;
	uint64_t		total_ns;
	struct sct_groups		groups;
	struct sct_groups		funcs;
	struct diff_result	*results;
	size_t			nr_results;
	size_t			alloc_results;
};

/*
 * One broken rule; a latency rule's also with its figures (@metric true):
 * A's and B's value, and the test's p-value
 */
struct diff_violation {
	const struct diff_rule	*rule;
	char			key[32];
	char			message[160];
	bool			metric;
	uint64_t		a;
	uint64_t		b;
	double			p;
};

/**
 * struct diff - everything a printer shows
 * @a: side A
 * @b: side B
 * @rows: one per key of either side
 * @nr_rows: entries of @rows
 * @moved: function groups whose dominant location changed: pairs (a, b)
 * @nr_moved: pairs in @moved
 * @fresh: function groups only B has
 * @nr_fresh: entries of @fresh
 * @gone: function groups only A has
 * @nr_gone: entries of @gone
 * @changed_results: IDs whose results differ
 * @nr_changed_results: entries of @changed_results
 * @rules: the --fail-on rules
 * @nr_rules: entries of @rules
 * @violations: the rules' breaches
 * @nr_violations: entries of @violations
 * @alloc_violations: room in @violations
 * @alpha: significance level of the latency rules
 * @min_calls: smallest group (on both sides) the latency rules judge
 * @nr_too_few: latency rules over their threshold in a group under
 *              @min_calls, so not broken
 * @nr_not_significant: latency rules over their threshold where the test's
 *                      p-value is not below @alpha, so not broken
 * @columns: the table's columns (-o)
 * @fit: the default columns: names cut to fit 80 wide
 */
struct diff {
	struct diff_side		a;
	struct diff_side		b;
	struct sct_group_pair		*rows;
	size_t				nr_rows;
	const struct sct_group	**moved;
	size_t				nr_moved;
	const struct sct_group	**fresh;
	size_t				nr_fresh;
	const struct sct_group	**gone;
	size_t				nr_gone;
	uint32_t			*changed_results;
	size_t				nr_changed_results;
	struct diff_rule			rules[DIFF_MAX_RULES];
	size_t				nr_rules;
	struct diff_violation		*violations;
	size_t				nr_violations;
	size_t				alloc_violations;
	double				alpha;
	uint64_t			min_calls;
	size_t				nr_too_few;
	size_t				nr_not_significant;
	const struct sct_columns	*columns;
	bool				fit;
};

/* The figures of the table, CSV and JSON, each with A, B and the change */
enum diff_figure {
	DF_CALLS, DF_RATE, DF_TOTAL, DF_TIME, DF_MIN, DF_P50, DF_P90, DF_P99,
	DF_P999, DF_MAX, DF_MEAN, DF_SPREAD, DIFF_NR_FIGURES,
};

/* The table's columns: KEY, NAME, three per figure (A, B, change), P */
enum {
	DC_KEY,
	DC_NAME,
	DC_FIGURES,
	DC_P = DC_FIGURES + 3 * DIFF_NR_FIGURES,
	DIFF_NR_COLS,
};

extern struct sct_column diff_columns[DIFF_NR_COLS];

/* The default columns: 80 wide */
#define DIFF_COLUMNS		"key,p50_a,p50_b,p50,p99_a,p99_b,p99,time%,p"
#define DIFF_COLUMNS_FUNCTION	"key,name,p50_a,p50_b,p50,p99_a,p99_b,p99,p"
#define DIFF_WIDTH		80

void diff_columns_init(void);
const char *diff_name_of(const struct sct_group_pair *r);
void diff_print_rows(FILE *out, const struct diff *d, const struct sct_columns *c, bool fit);
void diff_figures(const struct diff *d, const struct sct_group_pair *r,
		  void (*emit)(void *data, const char *name, const char *text), void *data);

int diff_compare(struct diff *d);
void diff_release(struct diff *d);
int diff_print(FILE *out, enum sct_format format, const struct diff *d);

#endif /* SMCCCTRACE_ANALYZE_DIFF_H */
