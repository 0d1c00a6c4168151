/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the files of "smccctrace report" share.
 */
#ifndef SMCCCTRACE_ANALYZE_REPORT_H
#define SMCCCTRACE_ANALYZE_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <smccctrace/group.h>
#include <smccctrace/store.h>

#include "cli.h"

/* What the printers need besides the groups */
struct report_view {
	const struct sct_session	*session;
	const struct sct_groups		*report;
	bool				hist;
	uint64_t			vms;		/* VMs the session knows */
	uint64_t			vm_filters;	/* different filters they had */
	const char			*sessions;	/* several together: "1, 2"; else NULL */
	bool				selected;	/* only the calls the options chose */
};

int report_print(FILE *out, enum sct_format format, const struct report_view *v);

#endif /* SMCCCTRACE_ANALYZE_REPORT_H */
