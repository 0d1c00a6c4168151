// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: the frames import reads from its trace reader child
 * (record/trace-frame.c). Any bytes: parsing never reads past them, a
 * frame that parses is in range, and encoding it again gives the same
 * bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "trace-frame.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_frame(const uint8_t *at, size_t n, const struct trace_frame *f)
{
	static uint8_t again[TF_HEAD_SIZE + TF_PAYLOAD_MAX];
	size_t len;

	if (f->type == TF_EVENT && (f->u.event.type > SCT_EV_PROBE ||
	    (f->u.event.type == SCT_EV_PROBE && f->u.event.u.probe.n > SCT_PROBE_REGS)))
		abort();
	len = trace_frame_encode(f, again, sizeof(again));
	if (len != n || memcmp(again, at, n))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum trace_stream_state state = TS_START;
	struct trace_frame f;
	size_t off = 0;
	ssize_t n;

	while (off < size) {
		n = trace_frame_parse(data + off, size - off, &f);
		if (n <= 0)
			break;
		if ((size_t)n > size - off)
			abort();
		check_frame(data + off, (size_t)n, &f);
		if (trace_frame_order(&state, &f))
			break;
		off += (size_t)n;
	}
	return 0;
}
