/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A listing: one line an item (a session, a call) as an aligned table,
 * CSV with a header line, or a JSON object holding an array. The
 * commands that list (sessions, calls) share how it starts and ends.
 */
#ifndef SMCCCTRACE_ANALYZE_LISTING_H
#define SMCCCTRACE_ANALYZE_LISTING_H

#include <stddef.h>
#include <stdint.h>

#include <smccctrace/call.h>
#include <smccctrace/columns.h>
#include <smccctrace/output.h>
#include <smccctrace/store.h>

#include "cli.h"

/**
 * struct listing_spec - what a listing's header is
 * @heads: the table's column heads
 * @nr_heads: entries of @heads
 * @right: the table's right-aligned columns, bit N for column N
 * @columns: the table's columns chosen by -o instead of @heads, or NULL
 * @fit: a column cut so that the table fits LISTING_WIDTH, or -1
 * @csv: the CSV header's names
 * @nr_csv: entries of @csv
 * @json_key: the JSON object's member that holds the array
 */
struct listing_spec {
	const char *const	*heads;
	size_t			nr_heads;
	uint32_t		right;
	const struct sct_columns *columns;
	int			fit;
	const char *const	*csv;
	size_t			nr_csv;
	const char		*json_key;
};

/**
 * struct listing - a listing being written to stdout
 * @format: table, CSV or JSON
 * @table: the table (SCT_FORMAT_TABLE), printed at the end
 * @csv: the CSV writer (SCT_FORMAT_CSV)
 * @json: the JSON emitter (SCT_FORMAT_JSON)
 */
struct listing {
	enum sct_format		format;
	struct sct_table	*table;
	struct sct_csv		csv;
	struct sct_json		json;
};

/**
 * struct listing_threads - a session's vCPU threads, for their names
 * @v: the threads; listing_threads_release() frees them
 * @nr: entries of @v
 */
struct listing_threads {
	struct sct_thread	*v;
	size_t			nr;
};

int listing_threads_read(struct listing_threads *t, struct sct_store *store, int64_t session);
const char *listing_thread_name(const struct listing_threads *t, int32_t tid);
void listing_threads_release(struct listing_threads *t);
void listing_json_regs(struct sct_json *j, const char *key, const uint64_t *v, unsigned int n);

/* The width a listing's default columns fit */
#define LISTING_WIDTH	80

int listing_begin(struct listing *l, enum sct_format format, const struct listing_spec *spec);
void listing_end(struct listing *l);
void listing_release(struct listing *l);

#endif /* SMCCCTRACE_ANALYZE_LISTING_H */
