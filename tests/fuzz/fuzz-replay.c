// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: replay --exec's line protocol (replay/protocol.c), both the
 * handler's answer lines (outside input) and call lines. A call that
 * parses formats back into a line that parses to the same call.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "protocol.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void call_round_trip(uint64_t seq, const struct sct_hypercall *hc)
{
	char line[REPLAY_PROTO_LINE_MAX], why[128];
	struct sct_hypercall back;
	uint64_t seq2;

	memset(&back, 0, sizeof(back));
	if (replay_proto_format_call(line, sizeof(line), seq, hc) < 0 ||
	    replay_proto_parse_call(line, &seq2, &back, why, sizeof(why)) != REPLAY_LINE_DATA ||
	    seq2 != seq || memcmp(&back, hc, sizeof(back)))
		abort();
}

/* The first byte picks the reader: an answer line or a call line */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sct_hypercall hc;
	char *line, why[128];
	uint64_t x[4], seq;

	if (!size)
		return 0;
	line = malloc(size);
	if (!line)
		return 0;
	memcpy(line, data + 1, size - 1);
	line[size - 1] = '\0';
	if (data[0] & 1) {
		replay_proto_parse_answer(line, x, why, sizeof(why));
	} else {
		memset(&hc, 0, sizeof(hc));
		if (replay_proto_parse_call(line, &seq, &hc, why, sizeof(why)) == REPLAY_LINE_DATA)
			call_round_trip(seq, &hc);
	}
	free(line);
	return 0;
}
