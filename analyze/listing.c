// SPDX-License-Identifier: GPL-2.0
/*
 * Listings: the start and end of a table, CSV or JSON list on stdout.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include <smccctrace/error.h>

#include "listing.h"

/**
 * listing_begin - start a listing: the table's heads, the CSV header line
 *                 or the JSON object and array
 * @l: the caller's listing; listing_release() frees what it holds
 * @format: table, CSV or JSON
 * @spec: the columns
 *
 * Returns 0, or -1 when out of memory.
 */
int listing_begin(struct listing *l, enum sct_format format, const struct listing_spec *spec)
{
	size_t i;

	*l = (struct listing) { .format = format };
	switch (format) {
	case SCT_FORMAT_CSV:
		sct_csv_init(&l->csv, stdout);
		for (i = 0; i < spec->nr_csv; i++)
			sct_csv_str(&l->csv, spec->csv[i]);
		sct_csv_end_row(&l->csv);
		return 0;
	case SCT_FORMAT_JSON:
		sct_json_init(&l->json, stdout);
		sct_json_begin_object(&l->json, NULL);
		sct_json_begin_array(&l->json, spec->json_key);
		return 0;
	default:
		if (spec->columns) {
			l->table = sct_columns_table(spec->columns);
			if (l->table && spec->fit >= 0)
				sct_table_fit(l->table, LISTING_WIDTH, (unsigned int)spec->fit);
			return l->table ? 0 : -1;
		}
		l->table = sct_table_create((unsigned int)spec->nr_heads);
		if (!l->table || sct_table_add_row(l->table))
			return -1;
		for (i = 0; i < spec->nr_heads; i++) {
			if (sct_table_cell(l->table, "%s", spec->heads[i]))
				return -1;
			if (spec->right & (1u << i))
				sct_table_align(l->table, (unsigned int)i, SCT_ALIGN_RIGHT);
		}
		if (spec->fit >= 0)
			sct_table_fit(l->table, LISTING_WIDTH, (unsigned int)spec->fit);
		return 0;
	}
}

/**
 * listing_end - finish a listing: print the table, or close the JSON
 * @l: the listing
 */
void listing_end(struct listing *l)
{
	if (l->format == SCT_FORMAT_JSON) {
		sct_json_end_array(&l->json);
		sct_json_end_object(&l->json);
	} else if (l->format == SCT_FORMAT_TABLE && l->table) {
		sct_table_print(l->table, stdout);
	}
}

/**
 * listing_release - free the table; the listing may be released twice
 * @l: the listing
 */
void listing_release(struct listing *l)
{
	sct_table_free(l->table);
	l->table = NULL;
}

static int keep_thread(const struct sct_thread *t, void *data)
{
	struct listing_threads *l = data;
	struct sct_thread *v;

	v = reallocarray(l->v, l->nr + 1, sizeof(*v));
	if (!v)
		return sct_set_error(ENOMEM, "out of memory");
	l->v = v;
	v[l->nr++] = *t;
	return 0;
}

/**
 * listing_threads_read - read a session's vCPU threads
 * @t: the caller's list; what it held before is dropped
 * @store: the store
 * @session: the session
 *
 * Returns 0, or -1 with the error set (sct_last_error()).
 */
int listing_threads_read(struct listing_threads *t, struct sct_store *store, int64_t session)
{
	t->nr = 0;
	return sct_store_foreach_thread(store, session, keep_thread, t);
}

/**
 * listing_thread_name - a thread's name as the session recorded it
 * @t: the session's threads
 * @tid: the thread
 *
 * Returns the name, which @t owns, or NULL when unknown.
 */
const char *listing_thread_name(const struct listing_threads *t, int32_t tid)
{
	size_t i;

	for (i = 0; i < t->nr; i++)
		if (t->v[i].tid == tid)
			return t->v[i].comm[0] ? t->v[i].comm : NULL;
	return NULL;
}

/**
 * listing_threads_release - free the threads; released twice is harmless
 * @t: the list
 */
void listing_threads_release(struct listing_threads *t)
{
	free(t->v);
	t->v = NULL;
	t->nr = 0;
}

/**
 * listing_json_regs - registers as a JSON array of "0x..." strings
 * @j: the emitter
 * @key: the member name, or NULL
 * @v: the values
 * @n: entries of @v
 */
void listing_json_regs(struct sct_json *j, const char *key, const uint64_t *v, unsigned int n)
{
	char buf[24];
	unsigned int i;

	sct_json_begin_array(j, key);
	for (i = 0; i < n; i++) {
		snprintf(buf, sizeof(buf), "0x%" PRIx64, v[i]);
		sct_json_str(j, NULL, buf);
	}
	sct_json_end_array(j);
}
