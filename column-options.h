/* SPDX-License-Identifier: GPL-2.0 */
/*
 * -o, --output COLUMNS: the table columns of report, diff and calls,
 * chosen by name (columns.h), with "-o help" listing them.
 */
#ifndef SMCCCTRACE_COLUMN_OPTIONS_H
#define SMCCCTRACE_COLUMN_OPTIONS_H

#include <stddef.h>

#include <smccctrace/columns.h>

#include "parse-options.h"

int columns_option(const struct usage *u, struct sct_columns *c,
		   const struct sct_column *all, size_t nall,
		   const char *defaults, const char *list);

/* -o, --output COLUMNS: the list is validated once the other options are known */
static inline struct opt opt_columns(const char **list)
{
	return opt_string('o', "output", "COLUMNS", list,
			  "the table's columns, comma-separated; +COLS adds\n"
			  "to the default ones; help lists them");
}

#endif /* SMCCCTRACE_COLUMN_OPTIONS_H */
