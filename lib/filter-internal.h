/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * Shared by the filter model (filter.c) and its parsers (filter-parse.c).
 */
#ifndef SMCCCTRACE_LIB_FILTER_INTERNAL_H
#define SMCCCTRACE_LIB_FILTER_INTERNAL_H

#include <stddef.h>

#include <smccctrace/filter.h>

/*
 * sct_filter_add() that writes why it failed into @why (@size bytes)
 * instead of the library's error; returns 0 or the errno value.
 */
int sct_filter_insert(struct sct_filter *filter, const struct sct_filter_range *range,
		      char *why, size_t size);

#endif /* SMCCCTRACE_LIB_FILTER_INTERNAL_H */
