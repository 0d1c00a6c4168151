/* SPDX-License-Identifier: GPL-2.0 */
/*
 * smccctrace export: what its writers share. export.c parses the options,
 * walks the sessions and owns the output file; export-rows.c writes calls
 * and sessions as CSV or JSON rows, export-trace.c as a Chrome trace.
 */
#ifndef SMCCCTRACE_ANALYZE_EXPORT_H
#define SMCCCTRACE_ANALYZE_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <smccctrace/call.h>
#include <smccctrace/output.h>
#include <smccctrace/store.h>

#include "listing.h"

enum export_format {
	EXPORT_CSV,
	EXPORT_JSON,
	EXPORT_PERFETTO,
};

enum export_table {
	EXPORT_CALLS,
	EXPORT_SESSIONS,
};

/**
 * struct export - an export being written
 * @out: the stream (stdout, or the temporary file behind -o)
 * @format: CSV, JSON or a Chrome trace
 * @table: calls or sessions (CSV and JSON)
 * @null_text: what CSV writes for an unknown value ("" unless --null)
 * @csv: the CSV writer
 * @json: the JSON emitter (JSON and the Chrome trace)
 * @s: the session whose calls are being written
 * @threads: @s's vCPU threads
 */
struct export {
	FILE			*out;
	enum export_format	format;
	enum export_table	table;
	const char		*null_text;
	struct sct_csv		csv;
	struct sct_json		json;
	const struct sct_session *s;
	struct listing_threads	threads;
};

void export_rows_begin(struct export *e);
void export_rows_end(struct export *e);
void export_session_row(struct export *e, const struct sct_session *s);
int export_call_row(const struct sct_call *c, void *data);

void export_trace_begin(struct export *e);
void export_trace_end(struct export *e);
void export_trace_session(struct export *e);
int export_trace_call(const struct sct_call *c, void *data);

#endif /* SMCCCTRACE_ANALYZE_EXPORT_H */
