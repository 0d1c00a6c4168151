// SPDX-License-Identifier: GPL-2.0
/*
 * -o, --output COLUMNS of report, diff and calls.
 */
#include <stdio.h>
#include <string.h>

#include <smccctrace/error.h>

#include "column-options.h"

/**
 * columns_option - choose a command's table columns from -o's list
 * @u: the command's usage (for the error's prefix)
 * @c: filled in
 * @all: every column the command can print
 * @nall: entries of @all
 * @defaults: the default list
 * @list: -o's value, or NULL
 *
 * "help" lists the columns on stdout and returns PARSE_HELP; a bad list
 * gets a one-line error, the hint and the columns on stderr, and returns
 * PARSE_ERROR. Returns 0 when @c holds the columns.
 */
int columns_option(const struct usage *u, struct sct_columns *c,
		   const struct sct_column *all, size_t nall,
		   const char *defaults, const char *list)
{
	if (list && !strcmp(list, "help")) {
		printf("columns, for -o NAME,... or -o +NAME,... (added to the default):\n");
		sct_columns_help(stdout, all, nall);
		printf("default: %s\n", defaults);
		return PARSE_HELP;
	}
	if (!sct_columns_choose(c, all, nall, defaults, list))
		return 0;
	usage_error(u, "-o: %s", sct_last_error());
	fprintf(stderr, "columns:\n");
	sct_columns_help(stderr, all, nall);
	return PARSE_ERROR;
}
