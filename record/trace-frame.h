/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pipe between import and its trace reader child: a stream of frames.
 *
 *	frame := type (u32) | length (u32) | payload (length bytes)
 *
 * in the host's byte order (both ends are the same binary). A stream is
 * HEADER, then THREAD / EVENT / PROGRESS frames in any number, then
 * TRAILER; an ERROR frame may come at any point and ends the stream.
 */
#ifndef SMCCCTRACE_RECORD_TRACE_FRAME_H
#define SMCCCTRACE_RECORD_TRACE_FRAME_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <smccctrace/call.h>

enum trace_frame_type {
	TF_HEADER	= 1,	/* magic, version, host, kernel, clock */
	TF_THREAD	= 2,	/* a pid and its name, before its first event */
	TF_EVENT	= 3,	/* a struct sct_event */
	TF_PROGRESS	= 4,	/* the reader's offset in the file */
	TF_TRAILER	= 5,	/* struct trace_counts */
	TF_ERROR	= 6,	/* the reader's one-line reason */
};

#define TF_MAGIC	0x46544353u	/* "SCTF" */
#define TF_VERSION	1u
#define TF_STR_MAX	255		/* longest string in a frame */
#define TF_HEAD_SIZE	8
#define TF_PAYLOAD_MAX	1024

/**
 * struct trace_counts - what the reader saw in the whole file
 * @records: records read
 * @unknown: of which of no event the file describes (damage)
 * @decoded: of which kvm events turned into EVENT frames
 * @first_ns: the first record's time stamp, or SCT_NO_TIME
 * @last_ns: the last record's, or SCT_NO_TIME
 */
struct trace_counts {
	uint64_t	records;
	uint64_t	unknown;
	uint64_t	decoded;
	uint64_t	first_ns;
	uint64_t	last_ns;
};

/* One frame, parsed; strings are NUL-terminated */
struct trace_frame {
	uint32_t	type;
	union {
		struct {
			char	host[TF_STR_MAX + 1];
			char	kernel[TF_STR_MAX + 1];
			char	clock[TF_STR_MAX + 1];
		} header;
		struct {
			int32_t	pid;
			char	comm[TF_STR_MAX + 1];
		} thread;
		struct sct_event	event;
		uint64_t		offset;
		struct trace_counts	counts;
		char			error[TF_STR_MAX + 1];
	} u;
};

/* Where a stream is: frames must come in the order above */
enum trace_stream_state { TS_START, TS_BODY, TS_END };

ssize_t trace_frame_parse(const void *buf, size_t len, struct trace_frame *f);
int trace_frame_order(enum trace_stream_state *state, const struct trace_frame *f);
size_t trace_frame_encode(const struct trace_frame *f, void *buf, size_t size);

#endif /* SMCCCTRACE_RECORD_TRACE_FRAME_H */
