/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * Writers for the commands' output: aligned text tables, CSV (RFC 4180
 * quoting) and a small streaming JSON emitter, plus human time units.
 * They write only to the stream the caller hands them.
 */
#ifndef SMCCCTRACE_OUTPUT_H
#define SMCCCTRACE_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* What libsmccctrace.so exports: the declarations of the public headers */
#pragma GCC visibility push(default)

/* ---- human units ---- */

/* Enough for any sct_format_ns(), _ns_signed(), _timestamp() or _rate() result */
#define SCT_NS_BUFSZ	32

const char *sct_format_ns(uint64_t ns, char *buf, size_t size);
const char *sct_format_ns_signed(int64_t ns, char *buf, size_t size);
const char *sct_format_timestamp(uint64_t ns, char *buf, size_t size);
const char *sct_format_rate(uint64_t count, uint64_t ns, char *buf, size_t size);
const char *sct_format_percent(uint64_t part, uint64_t whole,
			       unsigned int decimals, bool trim,
			       char *buf, size_t size);
const char *sct_format_ratio(uint64_t num, uint64_t den, unsigned int decimals,
			     bool trim, char *buf, size_t size);

struct sct_summary;

const char *sct_format_spread(const struct sct_summary *s, unsigned int decimals,
			      bool trim, char *buf, size_t size);
bool sct_spread_known(const struct sct_summary *s);

/* ---- aligned text tables ---- */

enum sct_align {
	SCT_ALIGN_LEFT,
	SCT_ALIGN_RIGHT,
};

struct sct_table;

struct sct_table *sct_table_create(unsigned int ncols);
void sct_table_free(struct sct_table *t);
void sct_table_align(struct sct_table *t, unsigned int col, enum sct_align align);
int sct_table_add_row(struct sct_table *t);
int sct_table_cell(struct sct_table *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sct_table_fit(struct sct_table *t, size_t width, unsigned int col);
void sct_table_print(const struct sct_table *t, FILE *out);

/* ---- CSV ---- */

/**
 * struct sct_csv - a CSV writer
 * @out: the stream
 * @col: fields written on the current line
 *
 * Set up with sct_csv_init(); it owns nothing.
 */
struct sct_csv {
	FILE		*out;
	unsigned int	col;
};

void sct_csv_init(struct sct_csv *c, FILE *out);
void sct_csv_str(struct sct_csv *c, const char *s);
void sct_csv_u64(struct sct_csv *c, uint64_t v);
void sct_csv_end_row(struct sct_csv *c);
void sct_csv_quote(FILE *out, const char *s);

/* ---- JSON ---- */

#define SCT_JSON_MAX_DEPTH	16

/**
 * struct sct_json - a streaming JSON emitter
 * @out: the stream
 * @depth: open objects and arrays
 * @count: values written so far at each depth
 *
 * Set up with sct_json_init(); it owns nothing. Every value function takes
 * a @key: the member name inside an object, NULL inside an array or for
 * the top-level value. The text is one line: ", " between members and
 * ": " after keys.
 */
struct sct_json {
	FILE		*out;
	unsigned int	depth;
	unsigned int	count[SCT_JSON_MAX_DEPTH + 1];
};

void sct_json_init(struct sct_json *j, FILE *out);
void sct_json_begin_object(struct sct_json *j, const char *key);
void sct_json_end_object(struct sct_json *j);
void sct_json_begin_array(struct sct_json *j, const char *key);
void sct_json_end_array(struct sct_json *j);
void sct_json_str(struct sct_json *j, const char *key, const char *s);
void sct_json_u64(struct sct_json *j, const char *key, uint64_t v);
void sct_json_i64(struct sct_json *j, const char *key, int64_t v);
void sct_json_bool(struct sct_json *j, const char *key, bool v);
void sct_json_null(struct sct_json *j, const char *key);
void sct_json_raw(struct sct_json *j, const char *key, const char *text);
void sct_json_escape(FILE *out, const char *s);

#pragma GCC visibility pop

#endif /* SMCCCTRACE_OUTPUT_H */
