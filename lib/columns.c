// SPDX-License-Identifier: LGPL-2.1
/*
 * Table columns chosen by name (columns.h).
 *
 * Why our own and not libsmartcols (util-linux's table library, what lsblk
 * and findmnt print with): it prints a table from one description of its
 * columns, fits them to the terminal and has a JSON mode, but what report,
 * diff and calls need most it leaves to its caller. Parsing an -o list is
 * each util-linux tool's own code, not the library's. Its JSON is an array
 * of row objects under the table's name, where report and diff write
 * nested objects (the forwarded split, histograms, rules and violations)
 * that scripts and tests already read, so our JSON writer stays either
 * way; it writes no CSV, so our CSV writer stays too. It fits columns to
 * the terminal's width when it writes to one, so one command prints
 * differently in a terminal, a pipe and a test, where we want one default
 * of 80 columns, the same everywhere, that only our name column gives way
 * to. What adopting it would replace is the hundred lines of table code
 * in lib/output.c, for a new dependency of the library. So the columns
 * are described here and lib/output.c prints them.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include <smccctrace/columns.h>

#include "internal.h"

/* A heading's character as a name has it: lower case, '_' for a blank */
static char name_char(char c)
{
	if (c == ' ')
		return '_';
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Whether @header is named by @name (@len bytes, any case) */
static bool names(const char *header, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!header[i] || name[i] == ' ' || name_char(header[i]) != name_char(name[i]))
			return false;
	return !header[len];
}

/* The column named by @name (@len bytes), or -1 */
static int lookup(const struct sct_column *all, size_t nall, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < nall; i++)
		if (names(all[i].header, name, len))
			return (int)i;
	return -1;
}

/**
 * sct_columns_find - where a column is among the chosen ones
 * @c: the chosen columns
 * @id: the column's index in the description
 *
 * Returns its position (0 is the first printed), or -1 when not chosen.
 */
int sct_columns_find(const struct sct_columns *c, unsigned int id)
{
	size_t i;

	for (i = 0; i < c->nr; i++)
		if (c->id[i] == id)
			return (int)i;
	return -1;
}

/* Add the columns a list names; @skip_dup: leave out those already chosen */
static int add_list(struct sct_columns *c, const char *list, bool skip_dup)
{
	const char *p = list, *end;
	size_t len;
	int id;

	for (;;) {
		end = strchr(p, ',');
		len = end ? (size_t)(end - p) : strlen(p);
		if (!len)
			return sct_set_error(EINVAL, "'%s': an empty column name", list);
		id = lookup(c->all, c->nall, p, len);
		if (id < 0)
			return sct_set_error(EINVAL, "unknown column '%.*s'", (int)len, p);
		if (sct_columns_find(c, (unsigned int)id) >= 0) {
			if (!skip_dup)
				return sct_set_error(EINVAL, "column '%.*s' given twice",
						     (int)len, p);
		} else if (c->nr == SCT_MAX_COLUMNS) {
			return sct_set_error(EINVAL, "more than %d columns", SCT_MAX_COLUMNS);
		} else {
			c->id[c->nr++] = (unsigned int)id;
		}
		if (!end)
			return 0;
		p = end + 1;
	}
}

/**
 * sct_columns_choose - choose columns by a list of names
 * @c: filled in
 * @all: every column the command can print; kept by @c, not copied
 * @nall: entries of @all (at most SCT_MAX_COLUMNS)
 * @defaults: the list printed when @list is NULL, and before a "+" list
 * @list: the user's list (see columns.h), or NULL for the defaults
 *
 * Returns 0, or -1 with errno EINVAL and the error set (an unknown name,
 * an empty one, a name given twice); @c is then empty.
 */
int sct_columns_choose(struct sct_columns *c, const struct sct_column *all, size_t nall,
		       const char *defaults, const char *list)
{
	int ret;

	memset(c, 0, sizeof(*c));
	c->all = all;
	c->nall = nall;
	if (nall > SCT_MAX_COLUMNS)
		return sct_set_error(EINVAL, "more than %d columns", SCT_MAX_COLUMNS);
	if (!list || *list == '+') {
		ret = add_list(c, defaults, false);
		if (!ret && list)
			ret = add_list(c, list + 1, true);
	} else {
		ret = add_list(c, list, false);
	}
	if (ret)
		c->nr = 0;
	return ret;
}

/**
 * sct_columns_help - list the columns a command can print
 * @out: the stream
 * @all: the columns
 * @nall: entries of @all
 *
 * One line per column: its name (its heading in lower case, '_' for a
 * blank), then its help.
 */
void sct_columns_help(FILE *out, const struct sct_column *all, size_t nall)
{
	char name[32];
	size_t i, k;

	for (i = 0; i < nall; i++) {
		for (k = 0; all[i].header[k] && k < sizeof(name) - 1; k++)
			name[k] = name_char(all[i].header[k]);
		name[k] = '\0';
		fprintf(out, "  %-12s %s\n", name, all[i].help);
	}
}

/**
 * sct_columns_table - a table with the chosen columns and their headings
 * @c: the chosen columns (at least one)
 *
 * Each column is aligned as its description says; the first row holds the
 * headings. Returns the table, which the caller frees with
 * sct_table_free(), or NULL with errno set.
 */
struct sct_table *sct_columns_table(const struct sct_columns *c)
{
	struct sct_table *t;
	size_t i;

	t = sct_table_create((unsigned int)c->nr);
	if (!t)
		return NULL;
	if (sct_table_add_row(t)) {
		sct_table_free(t);
		return NULL;
	}
	for (i = 0; i < c->nr; i++) {
		sct_table_align(t, (unsigned int)i, c->all[c->id[i]].align);
		sct_table_cell(t, "%s", c->all[c->id[i]].header);
	}
	return t;
}
