/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The --exec line protocol, as pure functions (no I/O).
 *
 * smccctrace writes REPLAY_PROTO_HEADER, then one line per call:
 *	<seq> <vcpu> <flags> <x0> <x1> ... <x17>
 * 21 fields, each hex with 0x, separated by single spaces. Lines starting
 * with '#' are comments. The handler answers each call line, in order,
 * with one line
 *	<x0> <x1> <x2> <x3>
 * in hex, the 0x optional; it may write comment lines too.
 */
#ifndef SMCCCTRACE_REPLAY_PROTOCOL_H
#define SMCCCTRACE_REPLAY_PROTOCOL_H

#include <stddef.h>
#include <stdint.h>

#include <smccctrace/handler.h>

#define REPLAY_PROTO_VERSION	1
#define REPLAY_PROTO_HEADER	"# smccctrace-replay 1\n"
#define REPLAY_PROTO_FIELDS	(3 + SCT_HANDLER_NREGS)

/* Longest call line: 21 fields of "0x" and 16 digits, spaces, newline, NUL */
#define REPLAY_PROTO_LINE_MAX	(REPLAY_PROTO_FIELDS * 19 + 1)

/* What replay_proto_parse_answer() and replay_proto_parse_call() found */
enum replay_proto_line {
	REPLAY_LINE_BAD		= -1,	/* not a line of the protocol: see @why */
	REPLAY_LINE_DATA	= 0,	/* an answer or a call */
	REPLAY_LINE_COMMENT	= 1,	/* '#' first: skip it */
};

int replay_proto_format_call(char *buf, size_t size, uint64_t seq,
			     const struct sct_hypercall *hc);
int replay_proto_parse_call(const char *line, uint64_t *seq,
			    struct sct_hypercall *hc, char *why, size_t whysz);
int replay_proto_parse_answer(const char *line, uint64_t x[4], char *why,
			      size_t whysz);

#endif /* SMCCCTRACE_REPLAY_PROTOCOL_H */
