// SPDX-License-Identifier: LGPL-2.1
/*
 * Selections of calls: parsing what a user names (function IDs and
 * names, ranges, times in seconds) and matching a call in memory. The
 * store turns the same selection into SQL (lib/store-read.c).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <smccctrace/select.h>
#include <smccctrace/smccc.h>

#include "internal.h"
#include "smccc-internal.h"

/**
 * sct_selection_init - a selection of every call, in call order
 * @sel: the caller's struct
 */
void sct_selection_init(struct sct_selection *sel)
{
	memset(sel, 0, sizeof(*sel));
	sel->vcpu = -1;
	sel->location = -1;
	sel->from_ns = SCT_NO_TIME;
	sel->to_ns = SCT_NO_TIME;
}

/**
 * sct_selection_release - free what a selection holds; it selects all again
 * @sel: the selection, or NULL
 */
void sct_selection_release(struct sct_selection *sel)
{
	size_t i;

	if (!sel)
		return;
	for (i = 0; i < sel->nr_range_names; i++)
		free(sel->range_names[i]);
	free(sel->range_names);
	free(sel->ids);
	free(sel->ranges);
	sct_selection_init(sel);
}

/**
 * sct_selection_is_all - whether a selection takes every call
 * @sel: the selection (its order, cursor and limit do not count)
 */
bool sct_selection_is_all(const struct sct_selection *sel)
{
	return !sel->nr_ids && !sel->unknown_id && !sel->nr_ranges &&
	       !sel->nr_range_names && sel->vcpu < 0 && sel->location < 0 &&
	       sel->from_ns == SCT_NO_TIME && sel->to_ns == SCT_NO_TIME;
}

static int add_range(struct sct_id_range **v, size_t *nr, uint32_t lo, uint32_t hi)
{
	struct sct_id_range *tmp;

	tmp = reallocarray(*v, *nr + 1, sizeof(*tmp));
	if (!tmp)
		return sct_set_error(ENOMEM, "out of memory");
	*v = tmp;
	tmp[(*nr)++] = (struct sct_id_range) { lo, hi };
	return 0;
}

static int parse_u32(const char *s, char **end, uint32_t *v)
{
	unsigned long long n;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	n = strtoull(s, end, s[0] == '0' && (s[1] == 'x' || s[1] == 'X') ? 16 : 10);
	if (errno || n > UINT32_MAX)
		return -1;
	*v = (uint32_t)n;
	return 0;
}

struct name_lookup {
	const char	*name;
	size_t		len;
	uint32_t	id;
};

static int match_name(uint32_t id, const char *name, void *data)
{
	struct name_lookup *l = data;

	if (strlen(name) != l->len || strncasecmp(name, l->name, l->len))
		return 0;
	l->id = id;
	return 1;
}

/* One ID: a number, or a name the decoder knows */
static int parse_id(const char *s, size_t len, uint32_t *id)
{
	struct name_lookup l = { .name = s, .len = len };
	char *end;

	if (!parse_u32(s, &end, id) && (size_t)(end - s) == len)
		return 0;
	if (sct_for_each_named_id(match_name, &l)) {
		*id = l.id;
		return 0;
	}
	return sct_set_error(EINVAL, "'%.*s' is not a function ID or a known name",
			     (int)len, s);
}

static int add_range_name(struct sct_selection *sel, const char *group, const char *width)
{
	char **tmp;

	tmp = reallocarray(sel->range_names, sel->nr_range_names + 1, sizeof(*tmp));
	if (!tmp)
		return sct_set_error(ENOMEM, "out of memory");
	sel->range_names = tmp;
	if (asprintf(&tmp[sel->nr_range_names], "%s/%s", group, width) < 0)
		return sct_set_error(ENOMEM, "out of memory");
	sel->nr_range_names++;
	return 0;
}

/* The widths of range keys: fast 32 and 64, yielding 32Y and 64Y */
static const char *const key_widths[] = { "32", "64", "32Y", "64Y" };

/*
 * A range key ("PSCI/32", "sip/64y") or a group alone ("PSCI", "TRUSTED_OS":
 * every width), in any case: added as sct_range_name() spells its keys
 */
static int parse_range_key(struct sct_selection *sel, const char *s, size_t len)
{
	const char *slash = memchr(s, '/', len);
	size_t glen = slash ? (size_t)(slash - s) : len;
	const char *group = sct_range_group(s, glen);
	size_t i, wlen;

	if (!group)
		return sct_set_error(EINVAL, "'%.*s' is not a range (BASE+N, LO-HI, a range"
				     " key such as PSCI/32 or a service such as PSCI)", (int)len, s);
	for (i = 0; i < sizeof(key_widths) / sizeof(key_widths[0]); i++) {
		if (!slash) {
			if (add_range_name(sel, group, key_widths[i]))
				return -1;
			continue;
		}
		wlen = len - glen - 1;
		if (strlen(key_widths[i]) == wlen && !strncasecmp(slash + 1, key_widths[i], wlen))
			return add_range_name(sel, group, key_widths[i]);
	}
	if (slash)
		return sct_set_error(EINVAL, "'%.*s' is not a range key (%s/32, /64, /32Y or /64Y)",
				     (int)len, s, group);
	return 0;
}

/* BASE+N or LO-HI; -1 with the error set when it is neither */
static int parse_id_range(const char *s, size_t len, struct sct_id_range *r)
{
	uint32_t lo, n;
	char *end, op;

	if (parse_u32(s, &end, &lo) || (*end != '+' && *end != '-'))
		goto bad;
	op = *end;
	if (parse_u32(end + 1, &end, &n) || (size_t)(end - s) != len)
		goto bad;
	if (op == '+' ? !n || n - 1 > UINT32_MAX - lo : n < lo)
		return sct_set_error(EINVAL, "'%.*s' is not a range of IDs", (int)len, s);
	r->lo = lo;
	r->hi = op == '+' ? lo + (n - 1) : n;
	return 0;
bad:
	return sct_set_error(EINVAL, "'%.*s' is not a range (BASE+N, LO-HI, a range key"
			     " such as PSCI/32 or a service such as PSCI)", (int)len, s);
}

/* An ID, a name or "unknown" */
static int parse_function(struct sct_selection *sel, const char *s, size_t len)
{
	struct sct_id_range r;
	uint32_t id;

	if (len == 7 && !strncmp(s, "unknown", 7)) {
		sel->unknown_id = true;
		return 0;
	}
	if (!parse_id(s, len, &id))
		return add_range(&sel->ids, &sel->nr_ids, id, id);
	if (!parse_id_range(s, len, &r))
		return sct_set_error(EINVAL, "'%.*s' is a range of IDs, not a function ID",
				     (int)len, s);
	return sct_set_error(EINVAL, "'%.*s' is not a function ID or a known name", (int)len, s);
}

/* BASE+N or LO-HI; else a range key or a group of them */
static int parse_range(struct sct_selection *sel, const char *s, size_t len)
{
	struct sct_id_range r;

	if (len && isalpha((unsigned char)*s))
		return parse_range_key(sel, s, len);
	if (parse_id_range(s, len, &r))
		return -1;
	return add_range(&sel->ranges, &sel->nr_ranges, r.lo, r.hi);
}

/* Calls @fn for each item of a comma-separated @list; empty items are refused */
static int for_each_item(struct sct_selection *sel, const char *list,
			 int (*fn)(struct sct_selection *sel, const char *s, size_t len))
{
	const char *p = list, *comma;
	size_t len;

	do {
		comma = strchr(p, ',');
		len = comma ? (size_t)(comma - p) : strlen(p);
		if (!len)
			return sct_set_error(EINVAL, "'%s' has an empty item", list);
		if (fn(sel, p, len))
			return -1;
		p = comma + 1;
	} while (comma);
	return 0;
}

/**
 * sct_selection_add_ranges - select calls by the range their ID is in
 * @sel: the selection
 * @list: comma-separated ranges: BASE+N, LO-HI (IDs decimal or 0x
 *        hexadecimal), a range key as report groups by ("PSCI/32",
 *        "VENDOR_HYP/64", "TRUSTED_OS/32Y"), or its group alone for every
 *        width ("PSCI": PSCI/32 and PSCI/64); keys and groups in any case
 *
 * Returns 0, or -1 with errno and the error set (naming the bad item).
 */
int sct_selection_add_ranges(struct sct_selection *sel, const char *list)
{
	return for_each_item(sel, list, parse_range);
}

/**
 * sct_selection_add_functions - select calls by function
 * @sel: the selection
 * @list: comma-separated function IDs (decimal or 0x hexadecimal) or
 *        names ("PSCI_VERSION", any case), or "unknown" for calls whose
 *        ID is not known
 *
 * Returns 0, or -1 with errno and the error set (naming the bad item).
 */
int sct_selection_add_functions(struct sct_selection *sel, const char *list)
{
	return for_each_item(sel, list, parse_function);
}

/* A function ID or name as a range of one ID; else a range */
static int parse_id_or_range(struct sct_selection *sel, const char *s, size_t len)
{
	uint32_t id;

	if (!parse_id(s, len, &id))
		return add_range(&sel->ranges, &sel->nr_ranges, id, id);
	if (!parse_range(sel, s, len))
		return 0;
	return sct_set_error(EINVAL, "'%.*s' is not a function ID, a known name or a range"
			     " (BASE+N, LO-HI, a range key such as PSCI/32 or a service"
			     " such as PSCI)", (int)len, s);
}

/**
 * sct_selection_add_ids - select calls by function or range alike
 * @sel: the selection
 * @list: comma-separated items, each what sct_selection_add_functions()
 *        takes (not "unknown") or what sct_selection_add_ranges() takes
 *
 * Every item becomes a range of @sel (an ID, the range of that one ID),
 * so a call matches when its ID is in any of them.
 *
 * Returns 0, or -1 with errno and the error set (naming the bad item).
 */
int sct_selection_add_ids(struct sct_selection *sel, const char *list)
{
	return for_each_item(sel, list, parse_id_or_range);
}

/**
 * sct_parse_seconds - a time stamp in seconds, as trace-cmd prints them
 * @text: "SECONDS[.FRACTION]", at most 9 fraction digits ("1234.567890")
 * @end: the end of a window: the last nanosecond that @text's last digit
 *       covers ("1.5" ends at 1.599999999 s)
 * @ns: where the time in nanoseconds goes
 *
 * Returns 0, or -1 with errno EINVAL and the error set.
 */
int sct_parse_seconds(const char *text, bool end, uint64_t *ns)
{
	uint64_t sec = 0, frac = 0, unit = 1000000000ull;
	const char *p = text;

	if (!isdigit((unsigned char)*p))
		goto bad;
	for (; isdigit((unsigned char)*p); p++) {
		if (sec > (UINT64_MAX / 1000000000ull - 10) / 10)
			goto bad;
		sec = sec * 10 + (uint64_t)(*p - '0');
	}
	if (*p == '.') {
		for (p++; isdigit((unsigned char)*p); p++) {
			if (unit == 1)
				goto bad;
			unit /= 10;
			frac += (uint64_t)(*p - '0') * unit;
		}
	}
	if (*p)
		goto bad;
	*ns = sec * 1000000000ull + frac + (end ? unit - 1 : 0);
	return 0;
bad:
	return sct_set_error(EINVAL, "'%s' is not a time in seconds (such as 1234.567890)",
			     text);
}

static bool in_ranges(const struct sct_id_range *r, size_t nr, uint32_t id)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (id >= r[i].lo && id <= r[i].hi)
			return true;
	return false;
}

static bool in_range_names(const struct sct_selection *sel, uint32_t id)
{
	char buf[SCT_RANGE_BUFSZ];
	const char *key;
	size_t i;

	key = sct_range_name(id, buf, sizeof(buf));
	for (i = 0; key && i < sel->nr_range_names; i++)
		if (!strcmp(key, sel->range_names[i]))
			return true;
	return false;
}

/**
 * sct_selection_match - whether a selection takes a call
 * @sel: the selection (its order, cursor and limit do not count)
 * @call: the call
 *
 * The same test the store's read applies, for calls that come from
 * elsewhere (a live source).
 */
bool sct_selection_match(const struct sct_selection *sel, const struct sct_call *call)
{
	if ((sel->nr_ids || sel->unknown_id) &&
	    !(call->id_known ? in_ranges(sel->ids, sel->nr_ids, call->func_id) :
	      sel->unknown_id))
		return false;
	if ((sel->nr_ranges || sel->nr_range_names) &&
	    !(call->id_known && (in_ranges(sel->ranges, sel->nr_ranges, call->func_id) ||
				 in_range_names(sel, call->func_id))))
		return false;
	if (sel->vcpu >= 0 && call->vcpu != sel->vcpu)
		return false;
	if (sel->location >= 0 && call->location != sel->location)
		return false;
	if ((sel->from_ns != SCT_NO_TIME || sel->to_ns != SCT_NO_TIME) &&
	    call->t_exit == SCT_NO_TIME)
		return false;
	if (sel->from_ns != SCT_NO_TIME && call->t_exit < sel->from_ns)
		return false;
	if (sel->to_ns != SCT_NO_TIME && call->t_exit > sel->to_ns)
		return false;
	return true;
}

/**
 * sct_cursor_of - the place of a call, to read the calls after or before it
 * @call: the call
 * @cursor: filled in (the caller's struct)
 */
void sct_cursor_of(const struct sct_call *call, struct sct_cursor *cursor)
{
	cursor->seq = call->seq;
	cursor->t_exit = call->t_exit;
	cursor->total_ns = sct_call_total_ns(call);
}
