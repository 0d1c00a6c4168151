/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * Table columns chosen by name, as ps -o and lsblk -o choose them: a
 * command describes every column it can print once (name, heading, one
 * line of help, alignment); the user's list picks and orders them.
 *
 * A list is names separated by commas, in any case: "key,p50,p99". A list
 * that starts with "+" adds its columns after the command's default ones
 * ("+min,mean"); a column the defaults already hold is not repeated. The
 * name of a column is its heading in lower case, '_' for a blank ("P99.9"
 * is "p99.9", "P50 A" is "p50_a").
 */
#ifndef SMCCCTRACE_COLUMNS_H
#define SMCCCTRACE_COLUMNS_H

#include <stddef.h>
#include <stdio.h>

#include <smccctrace/output.h>

/* What libsmccctrace.so exports: the declarations of the public headers */
#pragma GCC visibility push(default)

/* The most columns a command describes, and chooses */
#define SCT_MAX_COLUMNS	48

/**
 * struct sct_column - a column a command can print
 * @header: its heading in the table; in lower case, '_' for a blank, its name
 * @help: one line saying what it holds
 * @align: SCT_ALIGN_LEFT for text, SCT_ALIGN_RIGHT for figures
 */
struct sct_column {
	const char	*header;
	const char	*help;
	enum sct_align	align;
};

/**
 * struct sct_columns - the columns chosen, in the order they print
 * @all: every column the command describes (not owned)
 * @nall: entries of @all
 * @id: indices into @all
 * @nr: columns chosen
 *
 * Filled by sct_columns_choose(); it owns no memory.
 */
struct sct_columns {
	const struct sct_column	*all;
	size_t			nall;
	unsigned int		id[SCT_MAX_COLUMNS];
	size_t			nr;
};

int sct_columns_choose(struct sct_columns *c, const struct sct_column *all, size_t nall,
		       const char *defaults, const char *list);
int sct_columns_find(const struct sct_columns *c, unsigned int id);
void sct_columns_help(FILE *out, const struct sct_column *all, size_t nall);
struct sct_table *sct_columns_table(const struct sct_columns *c);

#pragma GCC visibility pop

#endif /* SMCCCTRACE_COLUMNS_H */
