// SPDX-License-Identifier: GPL-2.0
/*
 * The --exec line protocol: writing call lines and reading answers.
 * Pure functions: they touch nothing but their arguments.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "protocol.h"

/**
 * replay_proto_format_call - one call as a protocol line
 * @buf: where the line goes, with its newline and a NUL
 * @size: bytes at @buf (REPLAY_PROTO_LINE_MAX always suffices)
 * @seq: the call's sequence number in the replayed session
 * @hc: the call
 *
 * Returns the line's length without the NUL, or -1 when @size is short
 * (then @buf holds a truncated string).
 */
int replay_proto_format_call(char *buf, size_t size, uint64_t seq,
			     const struct sct_hypercall *hc)
{
	size_t len;
	int n, i;

	n = snprintf(buf, size, "0x%" PRIx64 " 0x%" PRIx32 " 0x%" PRIx32,
		     seq, hc->vcpu, hc->flags);
	if (n < 0 || (size_t)n >= size)
		return -1;
	len = (size_t)n;
	for (i = 0; i < SCT_HANDLER_NREGS; i++) {
		n = snprintf(buf + len, size - len, " 0x%" PRIx64, hc->x[i]);
		if (n < 0 || (size_t)n >= size - len)
			return -1;
		len += (size_t)n;
	}
	if (len + 2 > size)
		return -1;
	buf[len++] = '\n';
	buf[len] = '\0';
	return (int)len;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * One hex number at *@p, up to a space or the end of the line; *@p moves
 * past it. @need_0x: the "0x" prefix is required. Returns 0 or -1.
 */
static int parse_hex(const char **p, bool need_0x, uint64_t *val)
{
	const char *s = *p;
	uint64_t v = 0;
	int d, digits = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	else if (need_0x)
		return -1;
	for (; (d = hex_digit(*s)) >= 0; s++, digits++) {
		if (v >> 60)
			return -1;	/* more than 64 bits */
		v = v << 4 | (uint64_t)d;
	}
	if (!digits)
		return -1;
	*p = s;
	*val = v;
	return 0;
}

static bool at_line_end(const char *s)
{
	if (*s == '\r')
		s++;
	if (*s == '\n')
		s++;
	return !*s;
}

static int bad(char *why, size_t whysz, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int bad(char *why, size_t whysz, const char *fmt, ...)
{
	va_list ap;

	if (why && whysz) {
		va_start(ap, fmt);
		vsnprintf(why, whysz, fmt, ap);
		va_end(ap);
	}
	return REPLAY_LINE_BAD;
}

static bool is_blank(char c, bool loose)
{
	return c == ' ' || (loose && c == '\t');
}

/*
 * @n fields of hex separated by single spaces (@loose: by any run of
 * spaces and tabs, the 0x optional), and nothing after them but a line
 * end.
 */
static int parse_fields(const char *line, uint64_t *vals, int n, bool loose,
			char *why, size_t whysz)
{
	const char *s = line;
	int i;

	for (i = 0; i < n; i++) {
		if (i && at_line_end(s))
			return bad(why, whysz, "%d fields, expected %d", i, n);
		if (i && !is_blank(*s++, loose))
			return bad(why, whysz, "fields are not separated by a space after field %d", i);
		while (loose && is_blank(*s, loose))
			s++;
		if (parse_hex(&s, !loose, &vals[i]) ||
		    !(is_blank(*s, true) || at_line_end(s)))
			return bad(why, whysz, loose ?
				   "field %d is not a hex number of at most 64 bits" :
				   "field %d is not 0x and a hex number of at most 64 bits",
				   i + 1);
	}
	while (loose && is_blank(*s, loose))
		s++;
	if (!at_line_end(s))
		return bad(why, whysz, "more than %d fields", n);
	return REPLAY_LINE_DATA;
}

/**
 * replay_proto_parse_answer - read one line a handler wrote
 * @line: the line, with or without its newline
 * @x: set to x0..x3 of the answer
 * @why: set to the reason when the line is bad (may be NULL)
 * @whysz: bytes at @why
 *
 * Four hex numbers, the 0x optional, separated by spaces or tabs; a line
 * starting with '#' is a comment. Returns enum replay_proto_line.
 */
int replay_proto_parse_answer(const char *line, uint64_t x[4], char *why,
			      size_t whysz)
{
	uint64_t vals[4];
	int ret;

	if (line[0] == '#')
		return REPLAY_LINE_COMMENT;
	while (*line == ' ' || *line == '\t')
		line++;
	if (at_line_end(line))
		return bad(why, whysz, "an empty line, expected %d hex numbers", 4);
	ret = parse_fields(line, vals, 4, true, why, whysz);
	if (ret == REPLAY_LINE_DATA)
		memcpy(x, vals, sizeof(vals));
	return ret;
}

/**
 * replay_proto_parse_call - read one call line (what a handler reads)
 * @line: the line, with or without its newline
 * @seq: set to the call's sequence number
 * @hc: set to the call
 * @why: set to the reason when the line is bad (may be NULL)
 * @whysz: bytes at @why
 *
 * Exactly REPLAY_PROTO_FIELDS fields, each 0x and hex, single spaces;
 * vcpu and flags fit 32 bits. Returns enum replay_proto_line.
 */
int replay_proto_parse_call(const char *line, uint64_t *seq,
			    struct sct_hypercall *hc, char *why, size_t whysz)
{
	uint64_t vals[REPLAY_PROTO_FIELDS];
	int ret;

	if (line[0] == '#')
		return REPLAY_LINE_COMMENT;
	ret = parse_fields(line, vals, REPLAY_PROTO_FIELDS, false, why, whysz);
	if (ret != REPLAY_LINE_DATA)
		return ret;
	if (vals[1] > UINT32_MAX || vals[2] > UINT32_MAX)
		return bad(why, whysz, "field %d does not fit 32 bits",
			   vals[1] > UINT32_MAX ? 2 : 3);
	*seq = vals[0];
	hc->vcpu = (uint32_t)vals[1];
	hc->flags = (uint32_t)vals[2];
	memcpy(hc->x, &vals[3], sizeof(hc->x));
	return REPLAY_LINE_DATA;
}
