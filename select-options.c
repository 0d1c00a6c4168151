// SPDX-License-Identifier: GPL-2.0
/*
 * The options that choose calls: parsed into a struct sct_selection.
 */
#include <inttypes.h>
#include <stdio.h>

#include <smccctrace/error.h>

#include "cli.h"
#include "select-options.h"

/* The library's reason, without a trailing period, as the option's why */
static int why_from_lib(char *why, size_t size)
{
	snprintf(why, size, "%s", sct_last_error());
	return -1;
}

/* --function IDS (repeatable: the lists add up) */
int select_opt_function(const struct opt *opt, const char *arg, char *why, size_t size)
{
	if (sct_selection_add_functions(opt->value, arg))
		return why_from_lib(why, size);
	return 0;
}

/* --range R (repeatable) */
int select_opt_range(const struct opt *opt, const char *arg, char *why, size_t size)
{
	if (sct_selection_add_ranges(opt->value, arg))
		return why_from_lib(why, size);
	return 0;
}

/* --vcpu N */
int select_opt_vcpu(const struct opt *opt, const char *arg, char *why, size_t size)
{
	struct sct_selection *sel = opt->value;
	uint64_t n;

	if (sct_parse_u64(arg, &n) || n > INT32_MAX) {
		snprintf(why, size, "'%s' is not a vCPU index", arg);
		return -1;
	}
	sel->vcpu = (int32_t)n;
	return 0;
}

/* --location L */
int select_opt_location(const struct opt *opt, const char *arg, char *why, size_t size)
{
	struct sct_selection *sel = opt->value;
	int loc = sct_location_parse(arg);

	if (loc < 0)
		return why_from_lib(why, size);
	sel->location = loc;
	return 0;
}

/* --from SECONDS */
int select_opt_from(const struct opt *opt, const char *arg, char *why, size_t size)
{
	struct sct_selection *sel = opt->value;

	if (sct_parse_seconds(arg, false, &sel->from_ns))
		return why_from_lib(why, size);
	return 0;
}

/* --to SECONDS */
int select_opt_to(const struct opt *opt, const char *arg, char *why, size_t size)
{
	struct sct_selection *sel = opt->value;

	if (sct_parse_seconds(arg, true, &sel->to_ns))
		return why_from_lib(why, size);
	return 0;
}

/**
 * select_check - what the options together must satisfy
 * @sel: the selection the options filled
 * @cmd: the command, for the message
 *
 * Returns 0, or SCT_EXIT_USAGE after a one-line error.
 */
int select_check(const struct sct_selection *sel, const char *cmd)
{
	if (sel->from_ns != SCT_NO_TIME && sel->to_ns != SCT_NO_TIME &&
	    sel->to_ns < sel->from_ns)
		return sct_err("%s: --to is before --from", cmd);
	return 0;
}
