// SPDX-License-Identifier: LGPL-2.1
/*
 * Filter configurations in text: the JSON file form, read with SQLite's
 * own JSON functions, and the compact command-line form.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>

#include <smccctrace/filter.h>

#include "internal.h"
#include "filter-internal.h"

/* One row per array element; the fields only for elements that are objects */
static const char entries_sql[] =
	"SELECT type,"
	" CASE WHEN type = 'object' THEN json_type(value, '$.base') END,"
	" CASE WHEN type = 'object' THEN json_extract(value, '$.base') END,"
	" CASE WHEN type = 'object' THEN json_type(value, '$.nr_functions') END,"
	" CASE WHEN type = 'object' THEN json_extract(value, '$.nr_functions') END,"
	" CASE WHEN type = 'object' THEN json_type(value, '$.action') END,"
	" CASE WHEN type = 'object' THEN json_extract(value, '$.action') END"
	" FROM json_each(?1, '$.filters') ORDER BY key";

enum { COL_TYPE, COL_BASE, COL_NR = COL_BASE + 2, COL_ACTION = COL_NR + 2 };

/* A whole unsigned 32-bit number, decimal or 0x hexadecimal */
static int parse_u32(const char *text, uint32_t *value)
{
	unsigned long long v;
	char *end;

	if (!text || *text < '0' || *text > '9')
		return -1;
	errno = 0;
	v = strtoull(text, &end, 0);
	if (errno || *end || v > UINT32_MAX)
		return -1;
	*value = (uint32_t)v;
	return 0;
}

static const char *col_text(sqlite3_stmt *stmt, int col)
{
	return (const char *)sqlite3_column_text(stmt, col);
}

/* A number field: a JSON integer, or a string holding one */
static int read_number(sqlite3_stmt *stmt, int col, const char *key,
		       size_t index, uint32_t *value)
{
	const char *type = col_text(stmt, col);
	sqlite3_int64 v;

	if (!type)
		return sct_set_error(EINVAL, "filter entry %zu: missing \"%s\"", index, key);
	if (!strcmp(type, "text")) {
		if (parse_u32(col_text(stmt, col + 1), value))
			return sct_set_error(EINVAL, "filter entry %zu: \"%s\" is not a 32-bit number: '%s'",
					     index, key, col_text(stmt, col + 1));
		return 0;
	}
	if (strcmp(type, "integer"))
		return sct_set_error(EINVAL, "filter entry %zu: \"%s\" must be a number or a string, not %s",
				     index, key, type);
	v = sqlite3_column_int64(stmt, col + 1);
	if (v < 0 || v > UINT32_MAX)
		return sct_set_error(EINVAL, "filter entry %zu: \"%s\" %lld is not a 32-bit number",
				     index, key, (long long)v);
	*value = (uint32_t)v;
	return 0;
}

/* The action: a name, or the UAPI number (unknown numbers fail in the model) */
static int read_action(sqlite3_stmt *stmt, size_t index, uint8_t *action)
{
	const char *type = col_text(stmt, COL_ACTION);
	sqlite3_int64 v;
	char why[128];
	int a;

	if (!type)
		return sct_set_error(EINVAL, "filter entry %zu: missing \"action\"", index);
	if (!strcmp(type, "text")) {
		a = sct_filter_action_parse(col_text(stmt, COL_ACTION + 1));
		if (a < 0) {
			snprintf(why, sizeof(why), "%s", sct_last_error());
			return sct_set_error(EINVAL, "filter entry %zu: %s", index, why);
		}
		*action = (uint8_t)a;
		return 0;
	}
	v = sqlite3_column_int64(stmt, COL_ACTION + 1);
	if (strcmp(type, "integer") || v < 0 || v > UINT8_MAX)
		return sct_set_error(EINVAL, "filter entry %zu: \"action\" must be a name or a number 0-255",
				     index);
	*action = (uint8_t)v;
	return 0;
}

static int add_entry(struct sct_filter *filter, sqlite3_stmt *stmt, size_t index)
{
	const char *type = col_text(stmt, COL_TYPE);
	struct sct_filter_range r = { 0 };
	char why[128];
	int err;

	if (!type || strcmp(type, "object"))
		return sct_set_error(EINVAL, "filter entry %zu: not an object", index);
	if (read_number(stmt, COL_BASE, "base", index, &r.base) ||
	    read_number(stmt, COL_NR, "nr_functions", index, &r.nr_functions) ||
	    read_action(stmt, index, &r.action))
		return -1;
	err = sct_filter_insert(filter, &r, why, sizeof(why));
	if (err)
		return sct_set_error(err, "filter entry %zu: %s", index, why);
	return 0;
}

/* The document must be valid JSON with a "filters" array at the top */
static int check_document(sqlite3 *db, const char *json)
{
	sqlite3_stmt *stmt = NULL;
	const char *type;
	int ret = -1;

	if (sqlite3_prepare_v2(db, "SELECT CASE WHEN json_valid(?1)"
			       " THEN coalesce(json_type(?1, '$.filters'), 'missing') END",
			       -1, &stmt, NULL) != SQLITE_OK ||
	    sqlite3_bind_text(stmt, 1, json, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_step(stmt) != SQLITE_ROW) {
		sct_set_error(EIO, "filter JSON: %s", sqlite3_errmsg(db));
		goto out;
	}
	type = col_text(stmt, 0);
	if (!type)
		sct_set_error(EINVAL, "filter configuration is not valid JSON");
	else if (strcmp(type, "array"))
		sct_set_error(EINVAL, "filter configuration has no \"filters\" array");
	else
		ret = 0;
out:
	sqlite3_finalize(stmt);
	return ret;
}

static int add_entries(struct sct_filter *filter, sqlite3 *db, const char *json)
{
	sqlite3_stmt *stmt = NULL;
	size_t index = 0;
	int rc, ret = 0;

	if (sqlite3_prepare_v2(db, entries_sql, -1, &stmt, NULL) != SQLITE_OK ||
	    sqlite3_bind_text(stmt, 1, json, -1, SQLITE_STATIC) != SQLITE_OK) {
		ret = sct_set_error(EIO, "filter JSON: %s", sqlite3_errmsg(db));
		goto out;
	}
	while (!ret && (rc = sqlite3_step(stmt)) == SQLITE_ROW)
		ret = add_entry(filter, stmt, index++);
	if (!ret && rc != SQLITE_DONE)
		ret = sct_set_error(EIO, "filter JSON: %s", sqlite3_errmsg(db));
out:
	sqlite3_finalize(stmt);
	return ret;
}

/**
 * sct_filter_from_json - a filter from a JSON configuration
 * @json: {"filters": [{"base": "0x84000050", "nr_functions": 16,
 *        "action": "FWD_TO_USER"}, ...]}; base and nr_functions are JSON
 *        numbers or strings holding decimal or 0x hexadecimal numbers;
 *        action a name sct_filter_action_parse() knows or the UAPI number.
 *        Other members of an entry are ignored.
 *
 * The entries are added in order with KVM's rules (sct_filter_add()).
 * Errors name the entry by its index in the array, counting from 0:
 * "filter entry 2: range 0x80000000+16 overlaps an existing range (EEXIST)".
 *
 * Returns a filter the caller frees with sct_filter_free(), or NULL with
 * errno (EINVAL, EEXIST, ENOMEM, EIO) and sct_last_error() set.
 */
struct sct_filter *sct_filter_from_json(const char *json)
{
	struct sct_filter *filter = NULL;
	sqlite3 *db = NULL;

	if (!json) {
		sct_set_error(EINVAL, "filter configuration is not valid JSON");
		return NULL;
	}
	if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		sct_set_error(ENOMEM, "filter JSON: cannot open SQLite");
		goto out;
	}
	if (check_document(db, json))
		goto out;
	filter = sct_filter_create();
	if (filter && add_entries(filter, db, json)) {
		sct_filter_free(filter);
		filter = NULL;
	}
out:
	sqlite3_close(db);
	return filter;
}

/* "BASE+N", "FIRST-LAST" or a single "ID" */
static int parse_span(char *text, struct sct_filter_range *r, const char **why)
{
	char *sep = strpbrk(text, "+-");
	uint32_t last;
	char op;

	*why = "bad number";
	if (!sep) {
		r->nr_functions = 1;
		return parse_u32(text, &r->base);
	}
	op = *sep;
	*sep = '\0';
	if (parse_u32(text, &r->base))
		return -1;
	if (op == '+')
		return parse_u32(sep + 1, &r->nr_functions);
	if (parse_u32(sep + 1, &last))
		return -1;
	*why = "last ID below first, or the whole ID space (too large)";
	if (last < r->base || last - r->base == UINT32_MAX)
		return -1;
	r->nr_functions = last - r->base + 1;
	return 0;
}

static char *trim(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
	return s;
}

static int add_item(struct sct_filter *filter, char *item, size_t index)
{
	char *colon, orig[96], why_add[128];
	struct sct_filter_range r = { 0 };
	const char *why;
	int a, err;

	item = trim(item);
	snprintf(orig, sizeof(orig), "%s", item);
	colon = strchr(item, ':');
	if (!colon)
		return sct_set_error(EINVAL, "filter spec item %zu '%s': not ACTION:BASE+N or ACTION:FIRST-LAST",
				     index, orig);
	*colon = '\0';
	a = sct_filter_action_parse(trim(item));
	if (a < 0) {
		snprintf(why_add, sizeof(why_add), "%s", sct_last_error());
		return sct_set_error(EINVAL, "filter spec item %zu '%s': %s", index, orig,
				     why_add);
	}
	r.action = (uint8_t)a;
	if (parse_span(trim(colon + 1), &r, &why))
		return sct_set_error(EINVAL, "filter spec item %zu '%s': %s", index, orig, why);
	err = sct_filter_insert(filter, &r, why_add, sizeof(why_add));
	if (err)
		return sct_set_error(err, "filter spec item %zu '%s': %s", index, orig, why_add);
	return 0;
}

/**
 * sct_filter_from_spec - a filter from the compact command-line form
 * @spec: comma-separated ACTION:BASE+N, ACTION:FIRST-LAST or ACTION:ID
 *        items, e.g. "fwd:0xc6000000+16,deny:0x82000000-0x8200ffff";
 *        numbers are decimal or 0x hexadecimal, actions any name
 *        sct_filter_action_parse() knows
 *
 * The items are added in order with KVM's rules (sct_filter_add()).
 * Errors name the item by its index, counting from 0, and its text.
 *
 * Returns a filter the caller frees with sct_filter_free(), or NULL with
 * errno (EINVAL, EEXIST, ENOMEM) and sct_last_error() set.
 */
struct sct_filter *sct_filter_from_spec(const char *spec)
{
	struct sct_filter *filter;
	char *copy, *item, *next;
	size_t index = 0;
	int ret = 0;

	if (!spec || !*spec) {
		sct_set_error(EINVAL, "empty filter spec");
		return NULL;
	}
	copy = strdup(spec);
	filter = sct_filter_create();
	if (!copy || !filter) {
		sct_set_error(ENOMEM, "out of memory");
		goto fail;
	}
	for (item = copy; !ret && item; item = next, index++) {
		next = strchr(item, ',');
		if (next)
			*next++ = '\0';
		ret = add_item(filter, item, index);
	}
	if (ret)
		goto fail;
	free(copy);
	return filter;
fail:
	free(copy);
	sct_filter_free(filter);
	return NULL;
}
