// SPDX-License-Identifier: GPL-2.0
/*
 * The --exec line protocol: call lines written exactly, answers and calls
 * read back, and every kind of bad line refused with its reason.
 */
#include "tap.h"

#include "../../replay/protocol.c"

static void test_format(void)
{
	struct sct_hypercall hc = { .vcpu = 3, .flags = SCT_HYPERCALL_SMC };
	char line[REPLAY_PROTO_LINE_MAX], small[40];
	uint64_t seq;
	struct sct_hypercall back;
	int i, len;

	hc.x[0] = 0xc4000003;
	hc.x[1] = 1;
	hc.x[2] = 0x40080000;
	hc.x[17] = UINT64_MAX;
	len = replay_proto_format_call(line, sizeof(line), 0x2a, &hc);
	is_str(line, "0x2a 0x3 0x1 0xc4000003 0x1 0x40080000 0x0 0x0 0x0 0x0 0x0 0x0"
		     " 0x0 0x0 0x0 0x0 0x0 0x0 0x0 0x0 0xffffffffffffffff\n",
	       "format: 21 fields, hex with 0x, single spaces, a newline");
	is_u64(len, strlen(line), "format: returns the length");
	ok(replay_proto_format_call(small, sizeof(small), 1, &hc) == -1,
	   "format: a short buffer is refused");

	for (i = 0; i < SCT_HANDLER_NREGS; i++)
		hc.x[i] = UINT64_MAX - (uint64_t)i;
	hc.vcpu = UINT32_MAX;
	hc.flags = SCT_HYPERCALL_SMC | SCT_HYPERCALL_16BIT;
	len = replay_proto_format_call(line, sizeof(line), UINT64_MAX, &hc);
	ok(len > 0 && (size_t)len < REPLAY_PROTO_LINE_MAX, "format: the longest line fits");
	ok(replay_proto_parse_call(line, &seq, &back, NULL, 0) == REPLAY_LINE_DATA,
	   "parse call: reads what format wrote");
	ok(seq == UINT64_MAX && !memcmp(&back, &hc, sizeof(hc)),
	   "parse call: the same call comes back");
}

static void bad_answer(const char *line, const char *want, const char *what)
{
	uint64_t x[4];
	char why[128] = "";

	ok(replay_proto_parse_answer(line, x, why, sizeof(why)) == REPLAY_LINE_BAD, what);
	is_str(why, want, what);
}

static void test_answers(void)
{
	uint64_t x[4] = { 9, 9, 9, 9 };

	ok(replay_proto_parse_answer("0x0 0x1 0x2 0x3\n", x, NULL, 0) == REPLAY_LINE_DATA &&
	   x[0] == 0 && x[1] == 1 && x[2] == 2 && x[3] == 3, "answer: with 0x");
	ok(replay_proto_parse_answer("ffffffffffffffff 10 Ab 0X7", x, NULL, 0) == REPLAY_LINE_DATA &&
	   x[0] == UINT64_MAX && x[1] == 0x10 && x[2] == 0xab && x[3] == 7,
	   "answer: 0x optional, either case, no newline");
	ok(replay_proto_parse_answer("1\t2  3 4 \r\n", x, NULL, 0) == REPLAY_LINE_DATA &&
	   x[0] == 1 && x[3] == 4, "answer: tabs, runs of spaces, CRLF");
	ok(replay_proto_parse_answer("# a comment", x, NULL, 0) == REPLAY_LINE_COMMENT,
	   "answer: '#' starts a comment");
	ok(replay_proto_parse_answer("0000000000000000000001 0 0 0", x, NULL, 0) == REPLAY_LINE_DATA &&
	   x[0] == 1, "answer: leading zeros are not bits");
	bad_answer("0x1 0x2 0x3\n", "3 fields, expected 4", "answer: too few fields");
	bad_answer("1 2 3 4 5", "more than 4 fields", "answer: too many fields");
	bad_answer("zz 0 0 0", "field 1 is not a hex number of at most 64 bits",
		   "answer: not hex");
	bad_answer("0 0 12g 0", "field 3 is not a hex number of at most 64 bits",
		   "answer: junk after digits");
	bad_answer("0x10000000000000000 0 0 0",
		   "field 1 is not a hex number of at most 64 bits", "answer: 65 bits");
	bad_answer("\n", "an empty line, expected 4 hex numbers", "answer: empty line");
	bad_answer("0x 0 0 0", "field 1 is not a hex number of at most 64 bits",
		   "answer: 0x without digits");
	bad_answer("-1 0 0 0", "field 1 is not a hex number of at most 64 bits",
		   "answer: no signs");
}

static void test_bad_calls(void)
{
	struct sct_hypercall hc;
	char why[128] = "";
	uint64_t seq;

	ok(replay_proto_parse_call("0x1 0x0 0x0 0x84000000", &seq, &hc, why, sizeof(why)) ==
	   REPLAY_LINE_BAD, "call: 4 fields refused");
	is_str(why, "4 fields, expected 21", "call: says how many");
	ok(replay_proto_parse_call("1 0x0 0x0 0x84000000 0x0 0x0 0x0 0x0 0x0 0x0 0x0 0x0 0x0"
				   " 0x0 0x0 0x0 0x0 0x0 0x0 0x0 0x0", &seq, &hc, why,
				   sizeof(why)) == REPLAY_LINE_BAD, "call: 0x is required");
	is_str(why, "field 1 is not 0x and a hex number of at most 64 bits", "call: names the field");
	ok(replay_proto_parse_call("0x1 0x100000000 0x0 0x84000000 0x0 0x0 0x0 0x0 0x0 0x0 0x0"
				   " 0x0 0x0 0x0 0x0 0x0 0x0 0x0 0x0 0x0 0x0", &seq, &hc, why,
				   sizeof(why)) == REPLAY_LINE_BAD, "call: vCPU over 32 bits");
	is_str(why, "field 2 does not fit 32 bits", "call: says which");
	ok(replay_proto_parse_call("0x1  0x0 0x0 0x84000000 0x0 0x0 0x0 0x0 0x0 0x0 0x0"
				   " 0x0 0x0 0x0 0x0 0x0 0x0 0x0 0x0 0x0 0x0", &seq, &hc, why,
				   sizeof(why)) == REPLAY_LINE_BAD, "call: two spaces refused");
	ok(!strcmp(REPLAY_PROTO_HEADER, "# smccctrace-replay 1\n"), "header: version 1");
}

int main(void)
{
	test_format();
	test_answers();
	test_bad_calls();
	return tap_done();
}
