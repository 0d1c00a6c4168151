/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The options that choose calls (--function, --range, --vcpu, --location,
 * --from, --to), the same in every command that reads calls: each fills
 * a struct sct_selection, which the store applies.
 */
#ifndef SMCCCTRACE_SELECT_OPTIONS_H
#define SMCCCTRACE_SELECT_OPTIONS_H

#include <stddef.h>

#include <smccctrace/select.h>

#include "parse-options.h"

/* Entries of a command's option table; each takes the selection to fill */
#define SELECT_NR_OPTS	6

int select_opt_function(const struct opt *opt, const char *arg, char *why, size_t size);
int select_opt_range(const struct opt *opt, const char *arg, char *why, size_t size);
int select_opt_vcpu(const struct opt *opt, const char *arg, char *why, size_t size);
int select_opt_location(const struct opt *opt, const char *arg, char *why, size_t size);
int select_opt_from(const struct opt *opt, const char *arg, char *why, size_t size);
int select_opt_to(const struct opt *opt, const char *arg, char *why, size_t size);
int select_check(const struct sct_selection *sel, const char *cmd);

static inline struct opt opt_select_function(struct sct_selection *sel)
{
	return opt_callback(0, "function", "IDS", sel, select_opt_function,
			    "only these function IDs or names, comma-separated\n"
			    "(unknown: calls whose ID is not known)");
}

static inline struct opt opt_select_range(struct sct_selection *sel)
{
	return opt_callback(0, "range", "R", sel, select_opt_range,
			    "only IDs in these ranges, comma-separated: BASE+N,\n"
			    "LO-HI, a range key (PSCI/32) or a service (PSCI)");
}

static inline struct opt opt_select_vcpu(struct sct_selection *sel)
{
	return opt_callback(0, "vcpu", "N", sel, select_opt_vcpu, "only vCPU N's calls");
}

static inline struct opt opt_select_location(struct sct_selection *sel)
{
	return opt_callback(0, "location", "L", sel, select_opt_location,
			    "only calls answered there: kernel, user, denied\n"
			    "or unknown");
}

static inline struct opt opt_select_from(struct sct_selection *sel)
{
	return opt_callback(0, "from", "SECONDS", sel, select_opt_from,
			    "only calls from this time stamp on (seconds, as\n"
			    "calls and trace-cmd print them: 1234.567890)");
}

static inline struct opt opt_select_to(struct sct_selection *sel)
{
	return opt_callback(0, "to", "SECONDS", sel, select_opt_to,
			    "only calls up to this time stamp (its last digit's\n"
			    "whole span)");
}

#endif /* SMCCCTRACE_SELECT_OPTIONS_H */
