// SPDX-License-Identifier: LGPL-2.1
/*
 * Filter configurations in text: the JSON file form, read into its
 * entries as written (for a check) or into a filter, and the compact
 * command-line form.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include <smccctrace/filter.h>

#include "internal.h"
#include "filter-internal.h"

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

static const char *type_name(const json_t *v)
{
	static const char *const names[] = {
		[JSON_OBJECT] = "object", [JSON_ARRAY] = "array",
		[JSON_STRING] = "string", [JSON_INTEGER] = "integer",
		[JSON_REAL] = "real", [JSON_TRUE] = "true",
		[JSON_FALSE] = "false", [JSON_NULL] = "null",
	};

	return names[json_typeof(v)];
}

/* A number field: a JSON integer, or a string holding one */
static int read_number(const json_t *entry, const char *key, uint64_t *value)
{
	const json_t *v = json_object_get(entry, key);
	json_int_t i;

	if (!v)
		return sct_set_error(EINVAL, "missing \"%s\"", key);
	if (json_is_string(v)) {
		if (parse_u64(json_string_value(v), value))
			return sct_set_error(EINVAL, "\"%s\" is not an unsigned number: '%s'",
					     key, json_string_value(v));
		return 0;
	}
	if (!json_is_integer(v))
		return sct_set_error(EINVAL, "\"%s\" must be a number or a string, not %s",
				     key, type_name(v));
	i = json_integer_value(v);
	if (i < 0)
		return sct_set_error(EINVAL, "\"%s\" is not an unsigned number: '%"
				     JSON_INTEGER_FORMAT "'", key, i);
	*value = (uint64_t)i;
	return 0;
}

/*
 * The action: a name, or a number; an unknown name or number is kept for
 * sct_kvm_check() to judge on its entry
 */
static int read_action(const json_t *entry, struct sct_kvm_entry *e)
{
	const json_t *v = json_object_get(entry, "action");
	const char *name;
	int a;

	if (!v)
		return sct_set_error(EINVAL, "missing \"action\"");
	if (json_is_string(v)) {
		name = json_string_value(v);
		a = sct_filter_action_parse(name);
		e->action = a;
		if (a < 0)
			snprintf(e->action_name, sizeof(e->action_name), "%s", name);
		return 0;
	}
	if (!json_is_integer(v))
		return sct_set_error(EINVAL, "\"action\" must be a name or a number 0-255");
	e->action = json_integer_value(v);
	return 0;
}

static int read_entry(const json_t *entry, struct sct_kvm_entry *e)
{
	memset(e, 0, sizeof(*e));
	if (!json_is_object(entry))
		return sct_set_error(EINVAL, "not an object");
	if (read_number(entry, "base", &e->base) ||
	    read_number(entry, "nr_functions", &e->nr_functions) ||
	    read_action(entry, e))
		return -1;
	return 0;
}

/* @filters' entries; on failure @bad is the index of the one at fault */
static struct sct_kvm_entry *read_array(const json_t *filters, size_t *nr, size_t *bad)
{
	size_t n = json_array_size(filters), i;
	struct sct_kvm_entry *v;

	/* one more: an empty array still returns an array */
	v = calloc(n + 1, sizeof(*v));
	if (!v) {
		sct_set_error(ENOMEM, "out of memory");
		return NULL;
	}
	for (i = 0; i < n; i++) {
		if (read_entry(json_array_get(filters, i), &v[i])) {
			*bad = i;
			free(v);
			return NULL;
		}
	}
	*nr = n;
	return v;
}

/*
 * The entries of @len bytes of @json as written. On failure sets the error and @bad to
 * the index of the entry at fault (its message does not name it), or to
 * SIZE_MAX when the fault is in the document.
 */
static struct sct_kvm_entry *read_entries(const char *json, size_t len, size_t *nr,
					  size_t *bad)
{
	struct sct_kvm_entry *entries = NULL;
	const json_t *filters;
	json_t *doc;

	*bad = SIZE_MAX;
	doc = sct_json_parse(json, len);
	if (!doc)
		return NULL;
	filters = json_object_get(doc, "filters");
	if (json_is_array(filters))
		entries = read_array(filters, nr, bad);
	else
		sct_set_error(EINVAL, "filter configuration has no \"filters\" array");
	json_decref(doc);
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
 *        nr_functions are JSON integers (up to 2^63-1) or strings holding
 *        decimal or 0x hexadecimal numbers (up to 64 bits); action a name
 *        or any number (an unknown name is kept in @action_name, for
 *        sct_kvm_check() to refuse on its entry). Other members are
 *        ignored.
 * @nr: set to the number of entries
 *
 * Nothing is validated beyond the form: sct_kvm_check() judges the
 * entries. Text that is not JSON, has a key twice in an object or \u0000
 * in a string is refused with "not valid JSON at line L, column C: what";
 * errors in an entry name it by its index: "filters[2]: missing
 * \"base\"". Returns an array the caller frees with free(), or NULL with
 * errno (EINVAL, ENOMEM) and sct_last_error() set.
 */
struct sct_kvm_entry *sct_kvm_entries_from_json(const char *json, size_t *nr)
{
	if (!json) {
		sct_set_error(EINVAL, "no filter configuration text");
		return NULL;
	}
	return sct_kvm_entries_parse(json, strlen(json), nr);
}

/* sct_kvm_entries_from_json() on @len bytes of @json (filter-internal.h) */
struct sct_kvm_entry *sct_kvm_entries_parse(const char *json, size_t len, size_t *nr)
{
	struct sct_kvm_entry *entries;
	char name[48];
	size_t bad;

	entries = read_entries(json, len, nr, &bad);
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
	if (e->action_name[0])
		return sct_set_error(EINVAL, "unknown action '%s' (HANDLE, DENY or FWD_TO_USER)",
				     e->action_name);
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
 *        integers or strings holding decimal or 0x hexadecimal numbers;
 *        action a name sct_filter_action_parse() knows or the UAPI number.
 *        Other members of an entry are ignored.
 *
 * The entries are read with sct_kvm_entries_from_json()'s rules, then
 * added in order with KVM's rules (sct_filter_add()). Errors name the
 * entry by its index in the array, counting from 0: "filter entry 2:
 * range 0x80000000+16 overlaps an existing range (EEXIST)".
 *
 * Returns a filter the caller frees with sct_filter_free(), or NULL with
 * errno (EINVAL, EEXIST, ENOMEM) and sct_last_error() set.
 */
struct sct_filter *sct_filter_from_json(const char *json)
{
	if (!json) {
		sct_set_error(EINVAL, "no filter configuration text");
		return NULL;
	}
	return sct_filter_parse_json(json, strlen(json));
}

/* sct_filter_from_json() on @len bytes of @json (filter-internal.h) */
struct sct_filter *sct_filter_parse_json(const char *json, size_t len)
{
	struct sct_filter *filter = NULL;
	struct sct_kvm_entry *entries;
	size_t nr, bad;
	char name[48];

	entries = read_entries(json, len, &nr, &bad);
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
