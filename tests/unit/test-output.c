// SPDX-License-Identifier: GPL-2.0
/*
 * The output writers: time units, percentages, CSV quoting, JSON escaping
 * and table alignment, checked against exact text.
 */
#include <stdint.h>
#include <stdlib.h>

#include <smccctrace/output.h>
#include <smccctrace/stats.h>

#include "tap.h"

/* Output captured in memory */
struct capture {
	FILE	*f;
	char	*text;
	size_t	len;
};

static FILE *capture_start(struct capture *c)
{
	free(c->text);
	c->text = NULL;
	c->f = open_memstream(&c->text, &c->len);
	return c->f;
}

static const char *capture_end(struct capture *c)
{
	fclose(c->f);
	return c->text;
}

static void test_ns(void)
{
	static const struct { uint64_t ns; const char *want; } cases[] = {
		{ 0, "0ns" }, { 850, "850ns" }, { 999, "999ns" },
		{ 1000, "1.00us" }, { 1234, "1.23us" }, { 1235, "1.24us" },
		{ 12345, "12.3us" }, { 123456, "123us" }, { 999499, "999us" },
		{ 999500, "1.00ms" }, { 4560000, "4.56ms" }, { 4565000, "4.57ms" },
		{ 100000000, "100ms" }, { 1500000000, "1.50s" },
		{ 1234567890123ULL, "1235s" },
	};
	char buf[SCT_NS_BUFSZ], what[64];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(what, sizeof(what), "%llu ns", (unsigned long long)cases[i].ns);
		is_str(sct_format_ns(cases[i].ns, buf, sizeof(buf)), cases[i].want, what);
	}
	is_str(sct_format_ns(UINT64_MAX, buf, sizeof(buf)), "-", "no time is a dash");
	ok(strlen(sct_format_ns(UINT64_MAX - 1, buf, sizeof(buf))) < SCT_NS_BUFSZ,
	   "the largest value fits");
	is_str(sct_format_ns_signed(20000, buf, sizeof(buf)), "+20.0us", "a longer time");
	is_str(sct_format_ns_signed(-171000000, buf, sizeof(buf)), "-171ms", "a shorter time");
	is_str(sct_format_ns_signed(0, buf, sizeof(buf)), "0ns", "no change has no sign");
	ok(strlen(sct_format_ns_signed(INT64_MIN, buf, sizeof(buf))) < SCT_NS_BUFSZ,
	   "the most negative change fits");
}

static void test_timestamp(void)
{
	char buf[SCT_NS_BUFSZ];

	is_str(sct_format_timestamp(4241060999ULL, buf, sizeof(buf)), "4.241060",
	       "cut to the microsecond, as trace-cmd prints it");
	is_str(sct_format_timestamp(0, buf, sizeof(buf)), "0.000000", "the clock's start");
	is_str(sct_format_timestamp(UINT64_MAX, buf, sizeof(buf)), "-", "no time stamp");
}

static void test_rate(void)
{
	static const struct { uint64_t n, ns; const char *want; } cases[] = {
		{ 720, 100000000, "7.20k" }, { 1, 2000000000, "0.500" },
		{ 1, 200000000000ULL, "0.005" }, { 25, 2000000000, "12.5" },
		{ 850, 1000000000, "850" }, { 999500, 1000000000, "1.00M" },
		{ 1234567, 1000, "1235G" }, { 0, 1000, "0" }, { 5, 0, "-" },
		{ 5, UINT64_MAX, "-" }, { 2, 3000000000ULL, "0.667" },
	};
	char buf[SCT_NS_BUFSZ], what[64];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(what, sizeof(what), "%llu in %llu ns", (unsigned long long)cases[i].n,
			 (unsigned long long)cases[i].ns);
		is_str(sct_format_rate(cases[i].n, cases[i].ns, buf, sizeof(buf)), cases[i].want, what);
	}
	ok(strlen(sct_format_rate(UINT64_MAX, 1, buf, sizeof(buf))) < SCT_NS_BUFSZ,
	   "the largest rate fits");
}

static void test_ratio(void)
{
	char buf[32];

	is_str(sct_format_ratio(354, 91, 1, false, buf, sizeof(buf)), "3.9", "354/91");
	is_str(sct_format_ratio(1, 8, 2, true, buf, sizeof(buf)), "0.13", "1/8 rounds half up");
	is_str(sct_format_ratio(10, 5, 2, true, buf, sizeof(buf)), "2", "trimmed to an integer");
	is_str(sct_format_ratio(10, 5, 1, false, buf, sizeof(buf)), "2.0", "untrimmed");
	is_str(sct_format_ratio(7, 0, 1, false, buf, sizeof(buf)), "-", "no denominator");
}

static void test_spread(void)
{
	struct sct_summary s = { .n = 160, .p50 = 91648, .p99 = 353776 };
	char buf[32];

	/* 353776 / 91648 = 3.8601...: 3.9 to one decimal, 3.86 to two */
	is_str(sct_format_spread(&s, 1, false, buf, sizeof(buf)), "3.9", "spread: P99/P50");
	is_str(sct_format_spread(&s, 2, true, buf, sizeof(buf)), "3.86", "spread: two decimals");
	ok(sct_spread_known(&s), "spread: known");
	s.p99 = s.p50;
	is_str(sct_format_spread(&s, 1, false, buf, sizeof(buf)), "1.0", "spread: no tail");
	s.p50 = 0;
	is_str(sct_format_spread(&s, 1, false, buf, sizeof(buf)), "-", "spread: P50 of 0");
	ok(!sct_spread_known(&s), "spread: unknown with P50 0");
	s = (struct sct_summary){ .n = 0, .p50 = SCT_STATS_NONE, .p99 = SCT_STATS_NONE };
	is_str(sct_format_spread(&s, 1, false, buf, sizeof(buf)), "-", "spread: no values");
}

static void test_percent(void)
{
	char buf[32];

	is_str(sct_format_percent(1, 3, 1, false, buf, sizeof(buf)), "33.3", "1/3, one decimal");
	is_str(sct_format_percent(2, 3, 1, false, buf, sizeof(buf)), "66.7", "2/3 rounds up");
	is_str(sct_format_percent(2, 3, 4, true, buf, sizeof(buf)), "66.6667", "2/3, four decimals");
	is_str(sct_format_percent(1, 2, 4, true, buf, sizeof(buf)), "50", "trimmed to an integer");
	is_str(sct_format_percent(1, 8, 4, true, buf, sizeof(buf)), "12.5", "trailing zeros trimmed");
	is_str(sct_format_percent(1, 8, 1, false, buf, sizeof(buf)), "12.5", "12.5 exactly");
	is_str(sct_format_percent(1, 16, 1, false, buf, sizeof(buf)), "6.3", "6.25 rounds half up");
	is_str(sct_format_percent(5, 5, 1, false, buf, sizeof(buf)), "100.0", "all of it");
	is_str(sct_format_percent(0, 0, 1, false, buf, sizeof(buf)), "0.0", "of nothing");
}

static void test_csv(void)
{
	struct capture cap = { 0 };
	struct sct_csv c;

	sct_csv_init(&c, capture_start(&cap));
	sct_csv_str(&c, "plain");
	sct_csv_str(&c, "a,b");
	sct_csv_str(&c, "say \"hi\"");
	sct_csv_str(&c, "two\nlines");
	sct_csv_str(&c, NULL);
	sct_csv_str(&c, " padded");
	sct_csv_u64(&c, 18446744073709551615ULL);
	sct_csv_str(&c, "");
	sct_csv_end_row(&c);
	sct_csv_u64(&c, 1);
	sct_csv_end_row(&c);
	is_str(capture_end(&cap),
	       "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,\" padded\",18446744073709551615,\n1\n",
	       "csv quoting");
	free(cap.text);
}

static void test_json_escape(void)
{
	struct capture cap = { 0 };

	sct_json_escape(capture_start(&cap), "q\"b\\s/");
	is_str(capture_end(&cap), "\"q\\\"b\\\\s/\"", "json: quote and backslash");
	sct_json_escape(capture_start(&cap), "\b\f\n\r\t\x01\x1f ");
	is_str(capture_end(&cap), "\"\\b\\f\\n\\r\\t\\u0001\\u001f \"", "json: control characters");
	sct_json_escape(capture_start(&cap), "caf\xc3\xa9 \xe2\x86\x92 \x7f");
	is_str(capture_end(&cap), "\"caf\xc3\xa9 \xe2\x86\x92 \x7f\"", "json: non-ASCII passes through");
	sct_json_escape(capture_start(&cap), "\xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf");
	is_str(capture_end(&cap), "\"\xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf\"",
	       "json: 4-byte UTF-8 up to U+10FFFF passes through");
	sct_json_escape(capture_start(&cap), "a\xff" "b\xc3(\xe2\x86");
	is_str(capture_end(&cap), "\"a\\ufffd" "b\\ufffd(\\ufffd\\ufffd\"",
	       "json: a stray byte, a cut sequence: U+FFFD each");
	sct_json_escape(capture_start(&cap), "\xc0\xaf \xed\xa0\x80 \xf4\x90\x80\x80 \xe0\x80\xaf");
	is_str(capture_end(&cap),
	       "\"\\ufffd\\ufffd \\ufffd\\ufffd\\ufffd \\ufffd\\ufffd\\ufffd\\ufffd "
	       "\\ufffd\\ufffd\\ufffd\"",
	       "json: overlong forms, surrogates, past U+10FFFF: U+FFFD a byte");
	sct_json_escape(capture_start(&cap), NULL);
	is_str(capture_end(&cap), "null", "json: NULL is null");
	free(cap.text);
}

static void test_json_emitter(void)
{
	struct capture cap = { 0 };
	struct sct_json j;

	sct_json_init(&j, capture_start(&cap));
	sct_json_begin_object(&j, NULL);
	sct_json_i64(&j, "session", 3);
	sct_json_str(&j, "source", "a \"b\".dat");
	sct_json_begin_object(&j, "exits");
	sct_json_u64(&j, "total", 7);
	sct_json_u64(&j, "smccc", 5);
	sct_json_end_object(&j);
	sct_json_begin_array(&j, "groups");
	sct_json_begin_object(&j, NULL);
	sct_json_null(&j, "name");
	sct_json_raw(&j, "share", "12.5");
	sct_json_end_object(&j);
	sct_json_begin_object(&j, NULL);
	sct_json_end_object(&j);
	sct_json_end_array(&j);
	sct_json_begin_array(&j, "empty");
	sct_json_end_array(&j);
	sct_json_bool(&j, "ok", true);
	sct_json_i64(&j, "neg", -1);
	sct_json_end_object(&j);
	is_str(capture_end(&cap),
	       "{\"session\": 3, \"source\": \"a \\\"b\\\".dat\", \"exits\": {\"total\": 7, \"smccc\": 5}, "
	       "\"groups\": [{\"name\": null, \"share\": 12.5}, {}], \"empty\": [], \"ok\": true, \"neg\": -1}\n",
	       "json emitter: nesting, separators, one line");
	free(cap.text);
}

static void test_table(void)
{
	struct capture cap = { 0 };
	struct sct_table *t;
	int err = 0;

	t = sct_table_create(3);
	ok(t != NULL, "table create");
	sct_table_align(t, 1, SCT_ALIGN_RIGHT);
	err |= sct_table_add_row(t);
	err |= sct_table_cell(t, "KEY");
	err |= sct_table_cell(t, "CALLS");
	err |= sct_table_cell(t, "NAME");
	err |= sct_table_add_row(t);
	err |= sct_table_cell(t, "%s", "PSCI/64");
	err |= sct_table_cell(t, "%d", 12345);
	err |= sct_table_cell(t, "x");
	err |= sct_table_add_row(t);
	err |= sct_table_cell(t, "caf\xc3\xa9");
	err |= sct_table_cell(t, "7");
	ok(!err, "table cells");
	ok(sct_table_cell(t, "a") == 0 && sct_table_cell(t, "b") == -1,
	   "a full row refuses another cell");
	ok(!sct_table_add_row(t) && !sct_table_cell(t, "end"), "a row of one cell");
	sct_table_print(t, capture_start(&cap));
	is_str(capture_end(&cap),
	       "KEY      CALLS  NAME\n"
	       "PSCI/64  12345  x\n"
	       "caf\xc3\xa9         7  a\n"
	       "end\n",
	       "table: padded, right-aligned numbers, UTF-8 width, no trailing blanks");
	sct_table_free(t);
	sct_table_free(NULL);
	ok(sct_table_create(0) == NULL, "a table without columns is refused");
	free(cap.text);
}

int main(void)
{
	test_ns();
	test_timestamp();
	test_rate();
	test_ratio();
	test_spread();
	test_percent();
	test_csv();
	test_json_escape();
	test_json_emitter();
	test_table();
	return tap_done();
}
