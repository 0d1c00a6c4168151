/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * Shared by the filter model (filter.c), its parsers (filter-parse.c) and
 * the file loader (filter-load.c).
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

/*
 * sct_filter_from_json() and sct_kvm_entries_from_json() on @len bytes of
 * @json, which need not be NUL-terminated (a NUL byte within is refused).
 */
struct sct_filter *sct_filter_parse_json(const char *json, size_t len);
struct sct_kvm_entry *sct_kvm_entries_parse(const char *json, size_t len, size_t *nr);

#endif /* SMCCCTRACE_LIB_FILTER_INTERNAL_H */
