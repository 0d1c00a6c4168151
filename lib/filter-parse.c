// SPDX-License-Identifier: LGPL-2.1
/*
 * Filter configurations in text: the JSON file form, read with SQLite's
 * own JSON functions into its entries as written (for a check) or into a
 * filter, and the compact command-line form.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>

#include <smccctrace/filter.h>

#include "internal.h"
#include "filter-internal.h"

/*
 * One row per array element; the fields only for elements that are
 * objects. A number field comes as its JSON type, its value, and its
 * JSON text, which keeps integers beyond 63 bits exact.
 */
static const char entries_sql[] =
	"SELECT type,"
	" CASE WHEN type = 'object' THEN json_type(value, '$.base') END,"
	" CASE WHEN type = 'object' THEN json_extract(value, '$.base') END,"
	" CASE WHEN type = 'object' THEN value -> '$.base' END,"
	" CASE WHEN type = 'object' THEN json_type(value, '$.nr_functions') END,"
	" CASE WHEN type = 'object' THEN json_extract(value, '$.nr_functions') END,"
	" CASE WHEN type = 'object' THEN value -> '$.nr_functions' END,"
	" CASE WHEN type = 'object' THEN json_type(value, '$.action') END,"
	" CASE WHEN type = 'object' THEN json_extract(value, '$.action') END"
	" FROM json_each(?1, '$.filters') ORDER BY key";

/* Columns; a field's value follows its type, a number's JSON text its value */
enum { COL_TYPE, COL_BASE, COL_NR = COL_BASE + 3, COL_ACTION = COL_NR + 3 };

/* A whole unsigned number, decimal or 0x hexadecimal, starting with a digit */
static int parse_u64(const char *text, uint64_t *value)
{
	unsigned long long v;
	char *end;

	if (!text || *text < '0' || *text > '9')
		return -1;
	errno = 0;
	v = strtoull(text, &end, 0);
	if (errno || *end)
		return -1;
	*value = v;
	return 0;
}

static int parse_u32(const char *text, uint32_t *value)
{
	uint64_t v;

	if (parse_u64(text, &v) || v > UINT32_MAX)
		return -1;
	*value = (uint32_t)v;
	return 0;
}

static const char *col_text(sqlite3_stmt *stmt, int col)
{
	return (const char *)sqlite3_column_text(stmt, col);
}

/* A number field: a JSON integer, or a string holding one */
static int read_number(sqlite3_stmt *stmt, int col, const char *key, uint64_t *value)
{
	const char *type = col_text(stmt, col);
	const char *text;

	if (!type)
		return sct_set_error(EINVAL, "missing \"%s\"", key);
	if (strcmp(type, "text") && strcmp(type, "integer"))
		return sct_set_error(EINVAL, "\"%s\" must be a number or a string, not %s",
				     key, type);
	/* a string's value, an integer's JSON text */
	text = col_text(stmt, strcmp(type, "text") ? col + 2 : col + 1);
	if (parse_u64(text, value))
		return sct_set_error(EINVAL, "\"%s\" is not an unsigned number: '%s'",
				     key, text);
	return 0;
}

/* The action: a name, or a number (sct_kvm_check() judges unknown ones) */
static int read_action(sqlite3_stmt *stmt, int64_t *action)
{
	const char *type = col_text(stmt, COL_ACTION);
	int a;

	if (!type)
		return sct_set_error(EINVAL, "missing \"action\"");
	if (!strcmp(type, "text")) {
		a = sct_filter_action_parse(col_text(stmt, COL_ACTION + 1));
		if (a < 0)
			return -1;
		*action = a;
		return 0;
	}
	if (strcmp(type, "integer"))
		return sct_set_error(EINVAL, "\"action\" must be a name or a number 0-255");
	*action = sqlite3_column_int64(stmt, COL_ACTION + 1);
	return 0;
}

static int read_entry(sqlite3_stmt *stmt, struct sct_kvm_entry *e)
{
	const char *type = col_text(stmt, COL_TYPE);

	memset(e, 0, sizeof(*e));
	if (!type || strcmp(type, "object"))
		return sct_set_error(EINVAL, "not an object");
	if (read_number(stmt, COL_BASE, "base", &e->base) ||
	    read_number(stmt, COL_NR, "nr_functions", &e->nr_functions) ||
	    read_action(stmt, &e->action))
		return -1;
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

/* Room for one more entry in @v (@alloc of them), or -1 */
static int grow(struct sct_kvm_entry **v, size_t nr, size_t *alloc)
{
	struct sct_kvm_entry *tmp;
	size_t n;

	if (nr < *alloc)
		return 0;
	n = *alloc ? *alloc * 2 : 16;
	tmp = realloc(*v, n * sizeof(*tmp));
	if (!tmp)
		return sct_set_error(ENOMEM, "out of memory");
	*v = tmp;
	*alloc = n;
	return 0;
}

static struct sct_kvm_entry *read_rows(sqlite3 *db, const char *json, size_t *nr,
				       size_t *bad)
{
	struct sct_kvm_entry *v = NULL;
	sqlite3_stmt *stmt = NULL;
	size_t alloc = 0, n = 0;
	int rc;

	if (sqlite3_prepare_v2(db, entries_sql, -1, &stmt, NULL) != SQLITE_OK ||
	    sqlite3_bind_text(stmt, 1, json, -1, SQLITE_STATIC) != SQLITE_OK)
		goto fail_sql;
	/* allocated first: an empty array still returns an array */
	if (grow(&v, n, &alloc))
		goto fail;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (grow(&v, n, &alloc))
			goto fail;
		if (read_entry(stmt, &v[n])) {
			*bad = n;
			goto fail;
		}
		n++;
	}
	if (rc != SQLITE_DONE)
		goto fail_sql;
	sqlite3_finalize(stmt);
	*nr = n;
	return v;
fail_sql:
	sct_set_error(EIO, "filter JSON: %s", sqlite3_errmsg(db));
fail:
	sqlite3_finalize(stmt);
	free(v);
	return NULL;
}

/*
 * The entries of @json as written. On failure sets the error and @bad to
 * the index of the entry at fault (its message does not name it), or to
 * SIZE_MAX when the fault is in the document.
 */
static struct sct_kvm_entry *read_entries(const char *json, size_t *nr, size_t *bad)
{
	struct sct_kvm_entry *entries = NULL;
	sqlite3 *db = NULL;

	*bad = SIZE_MAX;
	if (!json) {
		sct_set_error(EINVAL, "filter configuration is not valid JSON");
		return NULL;
	}
	if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		sct_set_error(ENOMEM, "filter JSON: cannot open SQLite");
	else if (!check_document(db, json))
		entries = read_rows(db, json, nr, bad);
	sqlite3_close(db);
	return entries;
}

/* Put @name, the entry's, before the library's error; keeps errno */
static void name_error(const char *name)
{
	char why[256];
	int err = errno;

	snprintf(why, sizeof(why), "%s", sct_last_error());
	sct_set_error(err, "%s: %s", name, why);
}

/**
 * sct_kvm_entries_from_json - a configuration's entries as written
 * @json: the text: an object whose "filters" member is an array of
 *        {"base", "nr_functions", "action"} objects; base and
 *        nr_functions are JSON numbers or strings holding decimal or 0x
 *        hexadecimal numbers, up to 64 bits; action a name
 *        sct_filter_action_parse() knows or any number. Other members
 *        are ignored.
 * @nr: set to the number of entries
 *
 * Nothing is validated beyond the form: sct_kvm_check() judges the
 * entries. Errors name the entry by its index: "filters[2]: missing
 * \"base\"". Returns an array the caller frees with free(), or NULL with
 * errno (EINVAL, ENOMEM, EIO) and sct_last_error() set.
 */
struct sct_kvm_entry *sct_kvm_entries_from_json(const char *json, size_t *nr)
{
	struct sct_kvm_entry *entries;
	char name[48];
	size_t bad;

	entries = read_entries(json, nr, &bad);
	if (!entries && bad != SIZE_MAX) {
		snprintf(name, sizeof(name), "filters[%zu]", bad);
		name_error(name);
	}
	return entries;
}

/* An entry as written, within the UAPI's limits, into the model */
static int add_entry(struct sct_filter *filter, const struct sct_kvm_entry *e)
{
	struct sct_filter_range r = { 0 };
	char why[128];
	int err;

	if (e->base > UINT32_MAX || e->nr_functions > UINT32_MAX)
		return sct_set_error(EINVAL, "\"%s\" %" PRIu64 " is not a 32-bit number",
				     e->base > UINT32_MAX ? "base" : "nr_functions",
				     e->base > UINT32_MAX ? e->base : e->nr_functions);
	if (e->action < 0 || e->action > UINT8_MAX)
		return sct_set_error(EINVAL, "\"action\" must be a name or a number 0-255");
	r.base = (uint32_t)e->base;
	r.nr_functions = (uint32_t)e->nr_functions;
	r.action = (uint8_t)e->action;
	err = sct_filter_insert(filter, &r, why, sizeof(why));
	if (err)
		return sct_set_error(err, "%s", why);
	return 0;
}

/* Adds @nr entries in order; returns SIZE_MAX, or the index of the one refused */
static size_t add_entries(struct sct_filter *filter, const struct sct_kvm_entry *e,
			  size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++) {
		if (add_entry(filter, &e[i]))
			return i;
	}
	return SIZE_MAX;
}

/**
 * sct_filter_from_json - a filter from a JSON configuration
 * @json: {"filters": [{"base": "0x84000050", "nr_functions": 16,
 *        "action": "FWD_TO_USER"}, ...]}; base and nr_functions are JSON
 *        numbers or strings holding decimal or 0x hexadecimal numbers;
 *        action a name sct_filter_action_parse() knows or the UAPI number.
 *        Other members of an entry are ignored.
 *
 * The entries are read with sct_kvm_entries_from_json()'s rules, then
 * added in order with KVM's rules (sct_filter_add()). Errors name the
 * entry by its index in the array, counting from 0: "filter entry 2:
 * range 0x80000000+16 overlaps an existing range (EEXIST)".
 *
 * Returns a filter the caller frees with sct_filter_free(), or NULL with
 * errno (EINVAL, EEXIST, ENOMEM, EIO) and sct_last_error() set.
 */
struct sct_filter *sct_filter_from_json(const char *json)
{
	struct sct_filter *filter = NULL;
	struct sct_kvm_entry *entries;
	size_t nr, bad;
	char name[48];

	entries = read_entries(json, &nr, &bad);
	if (entries) {
		filter = sct_filter_create();
		bad = filter ? add_entries(filter, entries, nr) : SIZE_MAX;
		free(entries);
	}
	if (bad == SIZE_MAX)
		return filter;
	snprintf(name, sizeof(name), "filter entry %zu", bad);
	name_error(name);
	sct_filter_free(filter);
	return NULL;
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
