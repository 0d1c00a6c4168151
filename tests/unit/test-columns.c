// SPDX-License-Identifier: GPL-2.0
/*
 * Table columns chosen by name (-o), the help that lists them, and a
 * table cut to fit a width: exact choices and exact text.
 */
#include <errno.h>
#include <stdlib.h>

#include <smccctrace/columns.h>
#include <smccctrace/error.h>

#include "tap.h"

enum { C_KEY, C_NAME, C_CALLS, C_P50, C_P999, C_SPREAD, C_P50A, C_NR };

static const struct sct_column cols[C_NR] = {
	[C_KEY]		= { "KEY", "the group", SCT_ALIGN_LEFT },
	[C_NAME]	= { "NAME", "its name", SCT_ALIGN_LEFT },
	[C_CALLS]	= { "CALLS", "calls", SCT_ALIGN_RIGHT },
	[C_P50]		= { "P50", "the median", SCT_ALIGN_RIGHT },
	[C_P999]	= { "P99.9", "the 99.9th percentile", SCT_ALIGN_RIGHT },
	[C_SPREAD]	= { "P99/P50", "the spread", SCT_ALIGN_RIGHT },
	[C_P50A]	= { "P50 A", "A's median", SCT_ALIGN_RIGHT },
};

#define DEFAULTS	"key,calls,p50"

/* The chosen columns as their ids, "0,2,3" */
static const char *ids(const struct sct_columns *c, char *buf, size_t size)
{
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < c->nr && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%u", i ? "," : "", c->id[i]);
	return buf;
}

static void test_choose(void)
{
	struct sct_columns c;
	char buf[64];

	ok(!sct_columns_choose(&c, cols, C_NR, DEFAULTS, NULL), "no list: the defaults");
	is_str(ids(&c, buf, sizeof(buf)), "0,2,3", "the defaults, in order");
	ok(!sct_columns_choose(&c, cols, C_NR, DEFAULTS, "p99/p50,Key"), "a list");
	is_str(ids(&c, buf, sizeof(buf)), "5,0", "in the list's order, any case");
	ok(!sct_columns_choose(&c, cols, C_NR, DEFAULTS, "+p99.9,P50,name"), "a + list");
	is_str(ids(&c, buf, sizeof(buf)), "0,2,3,4,1",
	       "added after the defaults, a default not repeated");
	is_u64((uint64_t)sct_columns_find(&c, C_P999), 3, "find: its position");
	ok(sct_columns_find(&c, C_SPREAD) == -1, "find: not chosen");

	ok(sct_columns_choose(&c, cols, C_NR, DEFAULTS, "key,colour") == -1 && errno == EINVAL,
	   "an unknown name is refused");
	is_str(sct_last_error(), "unknown column 'colour'", "and named");
	is_u64(c.nr, 0, "nothing chosen then");
	ok(sct_columns_choose(&c, cols, C_NR, DEFAULTS, "p50,P50") == -1, "a name twice");
	is_str(sct_last_error(), "column 'P50' given twice", "said");
	ok(sct_columns_choose(&c, cols, C_NR, DEFAULTS, "key,,p50") == -1, "an empty name");
	ok(sct_columns_choose(&c, cols, C_NR, DEFAULTS, "") == -1, "an empty list");
	ok(sct_columns_choose(&c, cols, C_NR, DEFAULTS, "+") == -1, "an empty + list");
	ok(sct_columns_choose(&c, cols, C_NR, DEFAULTS, "p5") == -1, "a prefix is no name");
	ok(!sct_columns_choose(&c, cols, C_NR, DEFAULTS, "P50_a,p50"), "a blank is named _");
	is_str(ids(&c, buf, sizeof(buf)), "6,3", "P50 A is p50_a");
	ok(sct_columns_choose(&c, cols, C_NR, DEFAULTS, "p50 a") == -1,
	   "the name has _ where the heading has a blank");
}

static void test_help(void)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	sct_columns_help(f, cols, 3);
	fclose(f);
	is_str(text,
	       "  key          the group\n"
	       "  name         its name\n"
	       "  calls        calls\n", "help: the names in lower case, a line each");
	free(text);
}

static void test_table(void)
{
	struct sct_columns c;
	struct sct_table *t;
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	sct_columns_choose(&c, cols, C_NR, DEFAULTS, "key,name,calls");
	t = sct_columns_table(&c);
	ok(t != NULL, "a table of the chosen columns");
	sct_table_add_row(t);
	sct_table_cell(t, "0x84000000");
	sct_table_cell(t, "PSCI_MEM_PROTECT_CHECK_RANGE_64");
	sct_table_cell(t, "12");
	sct_table_add_row(t);
	sct_table_cell(t, "0xc6000001");
	sct_table_cell(t, "é-ü");
	sct_table_cell(t, "3");
	/* 10 + 2 + 31 + 2 + 5 = 50 wide; 30 cuts the name to 11 */
	sct_table_fit(t, 30, 1);
	f = open_memstream(&text, &len);
	sct_table_print(t, f);
	fclose(f);
	is_str(text,
	       "KEY         NAME         CALLS\n"
	       "0x84000000  PSCI_MEM_P~     12\n"
	       "0xc6000001  é-ü              3\n",
	       "fit: the name cut to 11 columns, ending in ~; aligned as described");
	free(text);
	text = NULL;
	/* never narrower than the heading */
	sct_table_fit(t, 10, 1);
	f = open_memstream(&text, &len);
	sct_table_print(t, f);
	fclose(f);
	is_str(text,
	       "KEY         NAME  CALLS\n"
	       "0x84000000  PSC~     12\n"
	       "0xc6000001  é-ü       3\n",
	       "fit: no narrower than the heading");
	free(text);
	sct_table_free(t);
}

int main(void)
{
	test_choose();
	test_help();
	test_table();
	return tap_done();
}
