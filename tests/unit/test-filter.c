// SPDX-License-Identifier: GPL-2.0
/*
 * The SMCCC filter model: KVM's rules, lookup, and the JSON and
 * command-line forms.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smccctrace/error.h>
#include <smccctrace/filter.h>

#include "tap.h"

static int add(struct sct_filter *f, uint32_t base, uint32_t nr, uint8_t action)
{
	struct sct_filter_range r = { .base = base, .nr_functions = nr, .action = action };

	errno = 0;
	return sct_filter_add(f, &r);
}

/* The add fails with @err and the message is @msg */
static void add_fails(struct sct_filter *f, uint32_t base, uint32_t nr,
		      uint8_t action, int err, const char *msg)
{
	char what[128];

	snprintf(what, sizeof(what), "0x%08x+%u action %u: %s", base, nr, action, msg);
	ok(add(f, base, nr, action) == -1 && errno == err, what);
	is_str(sct_last_error(), msg, "  ... message");
}

static void test_create(void)
{
	struct sct_filter *f = sct_filter_create();

	ok(f != NULL, "create");
	is_u64(sct_filter_count(f), 0, "a new filter has no ranges");
	ok(sct_filter_get(f, 0) == NULL, "get past the end is NULL");
	is_u64(sct_filter_lookup(f, 0x84000000), SCT_FILTER_HANDLE, "empty filter: HANDLE");
	is_u64(sct_filter_lookup(NULL, 0x84000000), SCT_FILTER_HANDLE, "no filter: HANDLE");
	is_u64(sct_filter_count(NULL), 0, "count(NULL) is 0");
	sct_filter_free(f);
	errno = EALREADY;
	sct_filter_free(NULL);
	is_u64(errno, EALREADY, "free(NULL) leaves errno alone");
}

static void test_einval(void)
{
	struct sct_filter *f = sct_filter_create();

	add_fails(f, 0x84000000, 0, SCT_FILTER_DENY, EINVAL,
		  "range 0x84000000+0 is empty (EINVAL)");
	add_fails(f, 0xFFFFFFFF, 2, SCT_FILTER_DENY, EINVAL,
		  "range 0xffffffff+2 wraps past 0xffffffff (EINVAL)");
	add_fails(f, 0xFFFFFF00, 0x101, SCT_FILTER_DENY, EINVAL,
		  "range 0xffffff00+257 wraps past 0xffffffff (EINVAL)");
	add_fails(f, 0x84000000, 1, 3, EINVAL,
		  "range 0x84000000+1: unknown action 3 (EINVAL)");
	add_fails(f, 0x84000000, 1, 255, EINVAL,
		  "range 0x84000000+1: unknown action 255 (EINVAL)");
	/* The checks come before the reserved ranges: a wrapping range over them is EINVAL */
	add_fails(f, 0xC0000000, 0x40000001, SCT_FILTER_DENY, EINVAL,
		  "range 0xc0000000+1073741825 wraps past 0xffffffff (EINVAL)");
	is_u64(sct_filter_count(f), 0, "failed adds install nothing");
	ok(!add(f, 0xFFFFFFFF, 1, SCT_FILTER_DENY), "the last ID alone is accepted");
	is_u64(sct_filter_lookup(f, 0xFFFFFFFF), SCT_FILTER_DENY, "lookup of the last ID");
	sct_filter_free(f);

	/* KVM: base 0 + 0 - 1 is 0xffffffff, the whole space, so EEXIST */
	f = sct_filter_create();
	add_fails(f, 0, 0, SCT_FILTER_DENY, EEXIST,
		  "range 0x00000000+0 overlaps an existing range (EEXIST)");
	sct_filter_free(f);
}

static void test_reserved(void)
{
	struct sct_filter *f = sct_filter_create();

	add_fails(f, 0x80000000, 16, SCT_FILTER_FWD_TO_USER, EEXIST,
		  "range 0x80000000+16 overlaps an existing range (EEXIST)");
	is_u64(sct_filter_count(f), 0, "a refused first range is not listed");
	add_fails(f, 0x8000FFFF, 1, SCT_FILTER_DENY, EEXIST,
		  "range 0x8000ffff+1 overlaps an existing range (EEXIST)");
	add_fails(f, 0x7FFFFFFF, 2, SCT_FILTER_DENY, EEXIST,
		  "range 0x7fffffff+2 overlaps an existing range (EEXIST)");
	add_fails(f, 0xC0000000, 1, SCT_FILTER_HANDLE, EEXIST,
		  "range 0xc0000000+1 overlaps an existing range (EEXIST)");
	add_fails(f, 0xBFFF0000, 0x20000, SCT_FILTER_DENY, EEXIST,
		  "range 0xbfff0000+131072 overlaps an existing range (EEXIST)");
	ok(!add(f, 0x7FFFFFF0, 16, SCT_FILTER_DENY), "range ending just below 0x80000000");
	ok(!add(f, 0x80010000, 1, SCT_FILTER_DENY), "range just above 0x8000ffff");
	ok(!add(f, 0xC0010000, 0x10, SCT_FILTER_FWD_TO_USER), "range just above 0xc000ffff");
	ok(!add(f, 0xBFFFFFFF, 1, SCT_FILTER_FWD_TO_USER), "range just below 0xc0000000");
	is_u64(sct_filter_count(f), 4, "reserved ranges are not listed");
	is_u64(sct_filter_lookup(f, 0x80000000), SCT_FILTER_HANDLE, "reserved ID: HANDLE");
	is_u64(sct_filter_lookup(f, 0xC0000001), SCT_FILTER_HANDLE, "reserved 64-bit ID: HANDLE");
	sct_filter_free(f);

	f = sct_filter_create();
	ok(!add(f, 0x84000000, 1, SCT_FILTER_DENY), "a first range elsewhere");
	add_fails(f, 0x80000001, 1, SCT_FILTER_DENY, EEXIST,
		  "range 0x80000001+1 overlaps an existing range (EEXIST)");
	sct_filter_free(f);
}

static void test_overlap_and_lookup(void)
{
	struct sct_filter *f = sct_filter_create();
	const struct sct_filter_range *r;

	ok(!add(f, 0xC6000000, 64, SCT_FILTER_FWD_TO_USER), "add vendor-hyp 64");
	ok(!add(f, 0x84000000, 32, SCT_FILTER_FWD_TO_USER), "add PSCI 32");
	ok(!add(f, 0x84000020, 1, SCT_FILTER_DENY), "adjacent above is accepted");
	ok(!add(f, 0x83FFFFFF, 1, SCT_FILTER_HANDLE), "adjacent below is accepted");
	add_fails(f, 0x8400001F, 2, SCT_FILTER_DENY, EEXIST,
		  "range 0x8400001f+2 overlaps an existing range (EEXIST)");
	add_fails(f, 0x84000000, 32, SCT_FILTER_FWD_TO_USER, EEXIST,
		  "range 0x84000000+32 overlaps an existing range (EEXIST)");
	add_fails(f, 0x83000000, 0x2000000, SCT_FILTER_DENY, EEXIST,
		  "range 0x83000000+33554432 overlaps an existing range (EEXIST)");
	add_fails(f, 0xC600003F, 1, SCT_FILTER_DENY, EEXIST,
		  "range 0xc600003f+1 overlaps an existing range (EEXIST)");

	is_u64(sct_filter_count(f), 4, "four ranges");
	r = sct_filter_get(f, 0);
	ok(r && r->base == 0xC6000000 && r->nr_functions == 64 &&
	   r->action == SCT_FILTER_FWD_TO_USER, "get(0) is the first inserted");
	r = sct_filter_get(f, 3);
	ok(r && r->base == 0x83FFFFFF && r->nr_functions == 1 && r->action == SCT_FILTER_HANDLE,
	   "get(3) is the last inserted");
	ok(sct_filter_get(f, 4) == NULL, "get(count) is NULL");

	is_u64(sct_filter_lookup(f, 0x84000000), SCT_FILTER_FWD_TO_USER, "lookup: first ID");
	is_u64(sct_filter_lookup(f, 0x8400001F), SCT_FILTER_FWD_TO_USER, "lookup: last ID");
	is_u64(sct_filter_lookup(f, 0x84000020), SCT_FILTER_DENY, "lookup: next range");
	is_u64(sct_filter_lookup(f, 0x84000021), SCT_FILTER_HANDLE, "lookup: past every range");
	is_u64(sct_filter_lookup(f, 0x83FFFFFE), SCT_FILTER_HANDLE, "lookup: below every range");
	is_u64(sct_filter_lookup(f, 0x83FFFFFF), SCT_FILTER_HANDLE, "lookup: a HANDLE range");
	is_u64(sct_filter_lookup(f, 0xC5FFFFFF), SCT_FILTER_HANDLE, "lookup: just below a range");
	is_u64(sct_filter_lookup(f, 0xC6000000), SCT_FILTER_FWD_TO_USER, "lookup: base");
	is_u64(sct_filter_lookup(f, 0xC600003F), SCT_FILTER_FWD_TO_USER, "lookup: base + nr - 1");
	is_u64(sct_filter_lookup(f, 0xC6000040), SCT_FILTER_HANDLE, "lookup: base + nr");
	is_u64(sct_filter_lookup(f, 0), SCT_FILTER_HANDLE, "lookup: ID 0");
	is_u64(sct_filter_lookup(f, 0xFFFFFFFF), SCT_FILTER_HANDLE, "lookup: ID 0xffffffff");
	sct_filter_free(f);
}

static void test_actions(void)
{
	static const struct {
		const char	*name;
		int		action;
	} cases[] = {
		{ "HANDLE", SCT_FILTER_HANDLE }, { "handle", SCT_FILTER_HANDLE },
		{ "DENY", SCT_FILTER_DENY }, { "Deny", SCT_FILTER_DENY },
		{ "FWD_TO_USER", SCT_FILTER_FWD_TO_USER },
		{ "fwd_to_user", SCT_FILTER_FWD_TO_USER },
		{ "fwd", SCT_FILTER_FWD_TO_USER }, { "USER", SCT_FILTER_FWD_TO_USER },
	};
	char what[64];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(what, sizeof(what), "parse '%s'", cases[i].name);
		is_u64(sct_filter_action_parse(cases[i].name), cases[i].action, what);
	}
	errno = 0;
	ok(sct_filter_action_parse("forward") == -1 && errno == EINVAL, "parse 'forward': -1 EINVAL");
	is_str(sct_last_error(), "unknown action 'forward' (HANDLE, DENY or FWD_TO_USER)",
	       "  ... message");
	ok(sct_filter_action_parse(NULL) == -1, "parse NULL: -1");
	is_str(sct_filter_action_name(SCT_FILTER_HANDLE), "HANDLE", "name HANDLE");
	is_str(sct_filter_action_name(SCT_FILTER_DENY), "DENY", "name DENY");
	is_str(sct_filter_action_name(SCT_FILTER_FWD_TO_USER), "FWD_TO_USER", "name FWD_TO_USER");
	is_str(sct_filter_action_name((enum sct_filter_action)3), "UNKNOWN", "name of 3");
}

/* The filter's ranges as "base+nr:action ..." */
static const char *ranges_text(const struct sct_filter *f)
{
	static char buf[512];
	const struct sct_filter_range *r;
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < sct_filter_count(f) && n < sizeof(buf); i++) {
		r = sct_filter_get(f, i);
		n += snprintf(buf + n, sizeof(buf) - n, "%s0x%08x+%u:%s", i ? " " : "",
			      r->base, r->nr_functions,
			      sct_filter_action_name((enum sct_filter_action)r->action));
	}
	return buf;
}

static void test_json(void)
{
	struct sct_filter *f;

	f = sct_filter_from_json("{\"filters\": ["
		"{\"base\": \"0x84000050\", \"nr_functions\": 16, \"action\": \"FWD_TO_USER\"},"
		"{\"base\": 3288334416, \"nr_functions\": \"0x10\", \"action\": \"fwd\"},"
		"{\"base\": \"0x82000000\", \"nr_functions\": \"65536\", \"action\": 1,"
		" \"comment\": \"SiP\"}]}");
	ok(f != NULL, "from_json: strings, numbers, names, UAPI numbers");
	is_str(ranges_text(f), "0x84000050+16:FWD_TO_USER 0xc4000050+16:FWD_TO_USER "
	       "0x82000000+65536:DENY", "from_json: ranges in order");
	sct_filter_free(f);

	f = sct_filter_from_json("{\"filters\": []}");
	ok(f && sct_filter_count(f) == 0, "from_json: empty list");
	is_u64(sct_filter_lookup(f, 0x80000000), SCT_FILTER_HANDLE, "from_json: empty filter HANDLEs");
	sct_filter_free(f);
}

static void json_fails(const char *json, int err, const char *msg)
{
	struct sct_filter *f;

	errno = 0;
	f = sct_filter_from_json(json);
	ok(f == NULL && errno == err, msg);
	is_str(sct_last_error(), msg, "  ... message");
	sct_filter_free(f);
}

static void test_json_errors(void)
{
	json_fails("{\"filters\": [", EINVAL,
		   "not valid JSON at line 1, column 13: ']' expected near end of file");
	json_fails("", EINVAL,
		   "not valid JSON at line 1, column 0: '[' or '{' expected near end of file");
	json_fails(NULL, EINVAL, "no filter configuration text");
	errno = 0;
	ok(!sct_filter_load("") && errno == EINVAL, "load(\"\"): refused");
	is_str(sct_last_error(), "empty filter: a JSON file, or a spec such as fwd:0xc6000000+16",
	       "load(\"\"): message");
	json_fails("{\"filters\": [\n"
		   "  {\"base\": 1, \"nr_functions\": 1, \"action\": \"deny\", \"base\": 2}]}",
		   EINVAL, "not valid JSON at line 2, column 57: duplicate object key near '\"base\"'");
	json_fails("{\"filters\": [], \"filters\": []}", EINVAL,
		   "not valid JSON at line 1, column 25: duplicate object key near '\"filters\"'");
	json_fails("{\"filters\": [{\"base\": \"0xc6\\u0000000\", \"nr_functions\": 1, "
		   "\"action\": \"deny\"}]}", EINVAL,
		   "not valid JSON at line 1, column 37: \\u0000 in a string");
	json_fails("{\"filters\": [{\"base\\u0000\": 1}]}", EINVAL,
		   "not valid JSON at line 1, column 26: \\u0000 in a key");
	json_fails("{\"filters\": [{\"base\": 18446744073709551616, \"nr_functions\": 1, "
		   "\"action\": \"deny\"}]}", EINVAL,
		   "not valid JSON at line 1, column 42: too big integer near '18446744073709551616'");
	json_fails("{\"filters\": []} {}", EINVAL,
		   "not valid JSON at line 1, column 17: end of file expected near '{'");
	json_fails("{\"filter\": []}", EINVAL, "filter configuration has no \"filters\" array");
	json_fails("[1, 2]", EINVAL, "filter configuration has no \"filters\" array");
	json_fails("{\"filters\": {}}", EINVAL, "filter configuration has no \"filters\" array");
	json_fails("{\"filters\": [\"x\"]}", EINVAL, "filter entry 0: not an object");
	json_fails("{\"filters\": [{\"nr_functions\": 1, \"action\": \"deny\"}]}", EINVAL,
		   "filter entry 0: missing \"base\"");
	json_fails("{\"filters\": [{\"base\": 1, \"action\": \"deny\"}]}", EINVAL,
		   "filter entry 0: missing \"nr_functions\"");
	json_fails("{\"filters\": [{\"base\": 1, \"nr_functions\": 1}]}", EINVAL,
		   "filter entry 0: missing \"action\"");
	json_fails("{\"filters\": [{\"base\": \"0xzz\", \"nr_functions\": 1, \"action\": \"deny\"}]}",
		   EINVAL, "filter entry 0: \"base\" is not an unsigned number: '0xzz'");
	json_fails("{\"filters\": [{\"base\": \"0x100000000\", \"nr_functions\": 1, \"action\": \"deny\"}]}",
		   EINVAL, "filter entry 0: \"base\" 4294967296 is not a 32-bit number");
	json_fails("{\"filters\": [{\"base\": 4294967296, \"nr_functions\": 1, \"action\": \"deny\"}]}",
		   EINVAL, "filter entry 0: \"base\" 4294967296 is not a 32-bit number");
	json_fails("{\"filters\": [{\"base\": -1, \"nr_functions\": 1, \"action\": \"deny\"}]}",
		   EINVAL, "filter entry 0: \"base\" is not an unsigned number: '-1'");
	json_fails("{\"filters\": [{\"base\": 1, \"nr_functions\": 1.5, \"action\": \"deny\"}]}",
		   EINVAL, "filter entry 0: \"nr_functions\" must be a number or a string, not real");
	json_fails("{\"filters\": [{\"base\": 1, \"nr_functions\": 1, \"action\": \"drop\"}]}",
		   EINVAL, "filter entry 0: unknown action 'drop' (HANDLE, DENY or FWD_TO_USER)");
	json_fails("{\"filters\": [{\"base\": 1, \"nr_functions\": 1, \"action\": true}]}",
		   EINVAL, "filter entry 0: \"action\" must be a name or a number 0-255");
	json_fails("{\"filters\": [{\"base\": 1, \"nr_functions\": 1, \"action\": 3}]}",
		   EINVAL, "filter entry 0: range 0x00000001+1: unknown action 3 (EINVAL)");
	json_fails("{\"filters\": [{\"base\": 1, \"nr_functions\": 0, \"action\": \"deny\"}]}",
		   EINVAL, "filter entry 0: range 0x00000001+0 is empty (EINVAL)");
	json_fails("{\"filters\": ["
		   "{\"base\": \"0x84000000\", \"nr_functions\": 32, \"action\": \"fwd\"},"
		   "{\"base\": \"0xc4000000\", \"nr_functions\": 32, \"action\": \"fwd\"},"
		   "{\"base\": \"0x80000000\", \"nr_functions\": 16, \"action\": \"fwd\"}]}",
		   EEXIST, "filter entry 2: range 0x80000000+16 overlaps an existing range (EEXIST)");
	json_fails("{\"filters\": ["
		   "{\"base\": \"0x84000000\", \"nr_functions\": 32, \"action\": \"fwd\"},"
		   "{\"base\": \"0x84000010\", \"nr_functions\": 1, \"action\": \"deny\"}]}",
		   EEXIST, "filter entry 1: range 0x84000010+1 overlaps an existing range (EEXIST)");
}

static void test_spec(void)
{
	struct sct_filter *f;

	f = sct_filter_from_spec("fwd:0xc6000000+16,deny:0x82000000-0x8200ffff");
	ok(f != NULL, "from_spec: BASE+N and FIRST-LAST");
	is_str(ranges_text(f), "0xc6000000+16:FWD_TO_USER 0x82000000+65536:DENY",
	       "from_spec: ranges in order");
	sct_filter_free(f);

	f = sct_filter_from_spec(" handle : 0x84000001 , USER:2214592592+0x10");
	ok(f != NULL, "from_spec: spaces, a single ID, decimal, hex count");
	is_str(ranges_text(f), "0x84000001+1:HANDLE 0x84000050+16:FWD_TO_USER",
	       "from_spec: single ID is one function");
	sct_filter_free(f);

	f = sct_filter_from_spec("deny:0xfffffff0-0xffffffff");
	ok(f && sct_filter_get(f, 0)->nr_functions == 16, "from_spec: a range up to the last ID");
	sct_filter_free(f);
}

static void spec_fails(const char *spec, int err, const char *msg)
{
	struct sct_filter *f;

	errno = 0;
	f = sct_filter_from_spec(spec);
	ok(f == NULL && errno == err, msg);
	is_str(sct_last_error(), msg, "  ... message");
	sct_filter_free(f);
}

static void test_spec_errors(void)
{
	spec_fails("", EINVAL, "empty filter spec");
	spec_fails(NULL, EINVAL, "empty filter spec");
	spec_fails("0x84000000+1", EINVAL,
		   "filter spec item 0 '0x84000000+1': not ACTION:BASE+N or ACTION:FIRST-LAST");
	spec_fails("fwd:1+1,", EINVAL,
		   "filter spec item 1 '': not ACTION:BASE+N or ACTION:FIRST-LAST");
	spec_fails("drop:1+1", EINVAL,
		   "filter spec item 0 'drop:1+1': unknown action 'drop' (HANDLE, DENY or FWD_TO_USER)");
	spec_fails("fwd:1+x", EINVAL, "filter spec item 0 'fwd:1+x': bad number");
	spec_fails("fwd:-1", EINVAL, "filter spec item 0 'fwd:-1': bad number");
	spec_fails("fwd:0x100000000", EINVAL, "filter spec item 0 'fwd:0x100000000': bad number");
	spec_fails("fwd:0x10-0x1", EINVAL,
		   "filter spec item 0 'fwd:0x10-0x1': last ID below first, or the whole ID space (too large)");
	spec_fails("fwd:0-0xffffffff", EINVAL,
		   "filter spec item 0 'fwd:0-0xffffffff': last ID below first, or the whole ID space (too large)");
	spec_fails("fwd:0x84000000+0", EINVAL,
		   "filter spec item 0 'fwd:0x84000000+0': range 0x84000000+0 is empty (EINVAL)");
	spec_fails("fwd:0xffffffff+2", EINVAL,
		   "filter spec item 0 'fwd:0xffffffff+2': range 0xffffffff+2 wraps past 0xffffffff (EINVAL)");
	spec_fails("deny:0x84000000+32,fwd:0x80000000+1", EEXIST,
		   "filter spec item 1 'fwd:0x80000000+1': range 0x80000000+1 overlaps an existing range (EEXIST)");
	spec_fails("deny:0x84000000+32,fwd:0x84000000-0x84000000", EEXIST,
		   "filter spec item 1 'fwd:0x84000000-0x84000000': range 0x84000000+1 overlaps an existing range (EEXIST)");
}

static void test_to_json(void)
{
	struct sct_filter *f, *back;
	char *json, *again;

	json = sct_filter_to_json(NULL);
	is_str(json, "{\"filters\": []}", "to_json(NULL)");
	free(json);

	f = sct_filter_from_spec("fwd:0xc6000000+16,deny:0x82000000-0x8200ffff,handle:0x84000001");
	json = sct_filter_to_json(f);
	is_str(json, "{\"filters\": ["
	       "{\"base\": \"0xc6000000\", \"nr_functions\": 16, \"action\": \"FWD_TO_USER\"}, "
	       "{\"base\": \"0x82000000\", \"nr_functions\": 65536, \"action\": \"DENY\"}, "
	       "{\"base\": \"0x84000001\", \"nr_functions\": 1, \"action\": \"HANDLE\"}]}",
	       "to_json: exact text, insertion order");
	back = sct_filter_from_json(json);
	ok(back != NULL, "to_json output reads back");
	is_str(ranges_text(back), "0xc6000000+16:FWD_TO_USER 0x82000000+65536:DENY "
	       "0x84000001+1:HANDLE", "round trip keeps every range");
	again = sct_filter_to_json(back);
	is_str(again, json, "round trip: the same text again");
	free(again);
	free(json);
	sct_filter_free(back);
	sct_filter_free(f);
}

int main(void)
{
	test_create();
	test_einval();
	test_reserved();
	test_overlap_and_lookup();
	test_actions();
	test_json();
	test_json_errors();
	test_spec();
	test_spec_errors();
	test_to_json();
	return tap_done();
}
