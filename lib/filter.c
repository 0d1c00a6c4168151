// SPDX-License-Identifier: LGPL-2.1
/*
 * A model of KVM's SMCCC filter (arch/arm64/kvm/hypercalls.c,
 * kvm_smccc_set_filter() and kvm_smccc_filter_get_action()).
 *
 * KVM checks a new range in this order: a range that is empty or wraps
 * past 0xffffffff, or an unknown action, is EINVAL; then, on the first
 * insert that passed those checks, the Arm Architecture ranges
 * 0x80000000-0x8000ffff and 0xc0000000-0xc000ffff go in as HANDLE; then
 * the range itself goes in, EEXIST when it overlaps anything already there.
 * The reserved ranges stay even when that first range then fails.
 *
 * KVM computes the end as base + nr_functions - 1 in 32 bits, so base 0
 * with nr_functions 0 is the whole ID space rather than an empty range: it
 * passes the first check and fails with EEXIST. This model does the same.
 * (Protected VMs get more reserved ranges; they are not modelled.)
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <smccctrace/array.h>
#include <smccctrace/filter.h>

#include "internal.h"
#include "filter-internal.h"

#define NR_ACTIONS	3

/**
 * struct sct_filter - the ranges of one VM's filter
 * @ranges: the user's ranges in insertion order
 * @order: indices into @ranges, sorted by base
 * @nr: number of @ranges
 * @alloc: allocated entries of @ranges and @order
 * @configured: the reserved ranges are in (KVM: the maple tree is not empty)
 */
struct sct_filter {
	struct sct_filter_range	*ranges;
	size_t			*order;
	size_t			nr;
	size_t			alloc;
	bool			configured;
};

static const struct sct_filter_range reserved[] = {
	{ 0x80000000, 0x10000, SCT_FILTER_HANDLE },
	{ 0xC0000000, 0x10000, SCT_FILTER_HANDLE },
};

static const char *const action_names[NR_ACTIONS] = {
	[SCT_FILTER_HANDLE]		= "HANDLE",
	[SCT_FILTER_DENY]		= "DENY",
	[SCT_FILTER_FWD_TO_USER]	= "FWD_TO_USER",
};

static const struct {
	const char		*name;
	enum sct_filter_action	action;
} action_aliases[] = {
	{ "HANDLE",	SCT_FILTER_HANDLE },
	{ "DENY",	SCT_FILTER_DENY },
	{ "FWD_TO_USER", SCT_FILTER_FWD_TO_USER },
	{ "FWD",	SCT_FILTER_FWD_TO_USER },
	{ "USER",	SCT_FILTER_FWD_TO_USER },
};

/**
 * sct_filter_create - an empty filter, as a new VM has
 *
 * Returns a filter the caller frees with sct_filter_free(), or NULL with
 * errno ENOMEM.
 */
struct sct_filter *sct_filter_create(void)
{
	struct sct_filter *filter;

	filter = calloc(1, sizeof(*filter));
	if (!filter)
		sct_set_error(ENOMEM, "out of memory");
	return filter;
}

/**
 * sct_filter_free - free a filter
 * @filter: the filter, or NULL
 */
void sct_filter_free(struct sct_filter *filter)
{
	if (!filter)
		return;
	free(filter->ranges);
	free(filter->order);
	free(filter);
}

static uint32_t range_last(const struct sct_filter_range *r)
{
	return r->base + r->nr_functions - 1;
}

static bool overlaps(const struct sct_filter_range *a, uint32_t first, uint32_t last)
{
	return a->base <= last && first <= range_last(a);
}

static bool overlaps_any(const struct sct_filter *filter, uint32_t first, uint32_t last)
{
	size_t i;

	for (i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++) {
		if (overlaps(&reserved[i], first, last))
			return true;
	}
	for (i = 0; i < filter->nr; i++) {
		if (overlaps(&filter->ranges[i], first, last))
			return true;
	}
	return false;
}

static int grow(struct sct_filter *filter)
{
	struct sct_filter_range *ranges;
	size_t alloc = filter->alloc, *order;

	/* The two arrays share one room: each grows to the same new one */
	ranges = sct_array_room(filter->ranges, &alloc, filter->nr + 1, sizeof(*ranges));
	if (!ranges)
		return ENOMEM;
	filter->ranges = ranges;
	alloc = filter->alloc;
	order = sct_array_room(filter->order, &alloc, filter->nr + 1, sizeof(*order));
	if (!order)
		return ENOMEM;
	filter->order = order;
	filter->alloc = alloc;
	return 0;
}

/* Number of ranges (in base order) whose base is <= @id */
static size_t upper_bound(const struct sct_filter *filter, uint32_t id)
{
	size_t lo = 0, hi = filter->nr, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (filter->ranges[filter->order[mid]].base <= id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void append(struct sct_filter *filter, const struct sct_filter_range *range)
{
	size_t pos = upper_bound(filter, range->base);

	memmove(&filter->order[pos + 1], &filter->order[pos],
		(filter->nr - pos) * sizeof(filter->order[0]));
	filter->order[pos] = filter->nr;
	filter->ranges[filter->nr] = *range;
	filter->nr++;
}

static int check_range(const struct sct_filter_range *range, char *why, size_t size)
{
	if (range_last(range) < range->base) {
		if (!range->nr_functions)
			snprintf(why, size, "range 0x%08x+0 is empty (EINVAL)", range->base);
		else
			snprintf(why, size, "range 0x%08x+%u wraps past 0xffffffff (EINVAL)",
				 range->base, range->nr_functions);
		return EINVAL;
	}
	if (range->action >= NR_ACTIONS) {
		snprintf(why, size, "range 0x%08x+%u: unknown action %u (EINVAL)",
			 range->base, range->nr_functions, range->action);
		return EINVAL;
	}
	return 0;
}

/*
 * sct_filter_insert - sct_filter_add() that writes the reason for a
 * failure into @why instead of the library's error. Returns 0 or the
 * errno value.
 */
int sct_filter_insert(struct sct_filter *filter, const struct sct_filter_range *range,
		      char *why, size_t size)
{
	int err;

	err = check_range(range, why, size);
	if (err)
		return err;
	filter->configured = true;
	if (overlaps_any(filter, range->base, range_last(range))) {
		snprintf(why, size, "range 0x%08x+%u overlaps an existing range (EEXIST)",
			 range->base, range->nr_functions);
		return EEXIST;
	}
	if (grow(filter)) {
		snprintf(why, size, "out of memory");
		return ENOMEM;
	}
	append(filter, range);
	return 0;
}

/**
 * sct_filter_add - install one range, as KVM_SET_DEVICE_ATTR would
 * @filter: the filter
 * @range: the range; copied, the caller keeps it
 *
 * Applies KVM's rules in KVM's order (see the top of lib/filter.c):
 * EINVAL for an empty or wrapping range or an action other than HANDLE,
 * DENY or FWD_TO_USER; then the reserved Arm Architecture ranges go in on
 * the first such insert; EEXIST for an overlap with any range already in,
 * reserved ones included.
 *
 * Returns 0, or -1 with errno (EINVAL, EEXIST, ENOMEM) and the error set.
 */
int sct_filter_add(struct sct_filter *filter, const struct sct_filter_range *range)
{
	char why[128];
	int err;

	err = sct_filter_insert(filter, range, why, sizeof(why));
	if (err)
		return sct_set_error(err, "%s", why);
	return 0;
}

/**
 * sct_filter_count - number of ranges the user installed
 * @filter: the filter, or NULL (0)
 *
 * The reserved Arm Architecture ranges are not counted.
 */
size_t sct_filter_count(const struct sct_filter *filter)
{
	return filter ? filter->nr : 0;
}

/**
 * sct_filter_get - one of the user's ranges, in insertion order
 * @filter: the filter
 * @i: 0 .. sct_filter_count() - 1
 *
 * Returns a pointer into @filter, valid until the next sct_filter_add()
 * or sct_filter_free(); NULL when @i is out of range.
 */
const struct sct_filter_range *sct_filter_get(const struct sct_filter *filter, size_t i)
{
	if (!filter || i >= filter->nr)
		return NULL;
	return &filter->ranges[i];
}

/**
 * sct_filter_lookup - the action KVM's filter takes for a function ID
 * @filter: the filter, or NULL for a VM without one
 * @id: the function ID
 *
 * Returns the action of the range holding @id; SCT_FILTER_HANDLE when
 * there is no filter or no range holds @id. HANDLE means KVM's own
 * handling, which may still answer NOT_SUPPORTED.
 */
enum sct_filter_action sct_filter_lookup(const struct sct_filter *filter, uint32_t id)
{
	const struct sct_filter_range *r;
	size_t pos;

	if (!filter || !filter->configured)
		return SCT_FILTER_HANDLE;
	pos = upper_bound(filter, id);
	if (!pos)
		return SCT_FILTER_HANDLE;
	r = &filter->ranges[filter->order[pos - 1]];
	if (id > range_last(r))
		return SCT_FILTER_HANDLE;
	return (enum sct_filter_action)r->action;
}

/**
 * sct_filter_action_name - the UAPI name of an action
 * @action: enum sct_filter_action
 *
 * Returns "HANDLE", "DENY", "FWD_TO_USER", or "UNKNOWN" for any other
 * value; a static string the caller does not free.
 */
const char *sct_filter_action_name(enum sct_filter_action action)
{
	if ((unsigned int)action >= NR_ACTIONS)
		return "UNKNOWN";
	return action_names[action];
}

/**
 * sct_filter_action_parse - the action a name stands for
 * @name: "HANDLE", "DENY", "FWD_TO_USER", or the short "fwd" or "user";
 *        any case
 *
 * Returns the enum sct_filter_action value, or -1 with errno EINVAL and
 * the error set.
 */
int sct_filter_action_parse(const char *name)
{
	size_t i;

	for (i = 0; name && i < sizeof(action_aliases) / sizeof(action_aliases[0]); i++) {
		if (!strcasecmp(name, action_aliases[i].name))
			return action_aliases[i].action;
	}
	return sct_set_error(EINVAL, "unknown action '%s' (HANDLE, DENY or FWD_TO_USER)",
			     name ? name : "");
}

/**
 * sct_filter_to_json - the user's ranges as a JSON configuration
 * @filter: the filter, or NULL (no ranges)
 *
 * Writes {"filters": [{"base": "0x84000050", "nr_functions": 16,
 * "action": "FWD_TO_USER"}, ...]} in insertion order, which
 * sct_filter_from_json() reads back. Returns a string the caller frees
 * with free(), or NULL with errno ENOMEM.
 */
char *sct_filter_to_json(const struct sct_filter *filter)
{
	const struct sct_filter_range *r;
	char *text = NULL;
	size_t len, i;
	FILE *out;

	out = open_memstream(&text, &len);
	if (!out) {
		sct_set_error(ENOMEM, "out of memory");
		return NULL;
	}
	fputs("{\"filters\": [", out);
	for (i = 0; i < sct_filter_count(filter); i++) {
		r = &filter->ranges[i];
		fprintf(out, "%s{\"base\": \"0x%08x\", \"nr_functions\": %u, \"action\": \"%s\"}",
			i ? ", " : "", r->base, r->nr_functions,
			sct_filter_action_name((enum sct_filter_action)r->action));
	}
	fputs("]}", out);
	if (fclose(out)) {
		free(text);
		sct_set_error(ENOMEM, "out of memory");
		return NULL;
	}
	return text;
}
