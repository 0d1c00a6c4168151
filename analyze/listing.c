// SPDX-License-Identifier: GPL-2.0
/*
 * Listings: the start and end of a table, CSV or JSON list on stdout.
 */
#include <stdio.h>

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
		l->table = sct_table_create((unsigned int)spec->nr_heads);
		if (!l->table || sct_table_add_row(l->table))
			return -1;
		for (i = 0; i < spec->nr_heads; i++) {
			if (sct_table_cell(l->table, "%s", spec->heads[i]))
				return -1;
			if (spec->right & (1u << i))
				sct_table_align(l->table, (unsigned int)i, SCT_ALIGN_RIGHT);
		}
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
