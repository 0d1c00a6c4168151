// SPDX-License-Identifier: GPL-2.0
/*
 * Frames between import and its trace reader child (trace-frame.h). The
 * parent reads what a process that parses untrusted files wrote, so every
 * length and value is checked before it is used.
 */
#include <errno.h>
#include <string.h>

#include "trace-frame.h"

struct cursor {
	const uint8_t	*p;
	size_t		left;
};

static int take(struct cursor *c, void *out, size_t n)
{
	if (c->left < n)
		return -1;
	memcpy(out, c->p, n);
	c->p += n;
	c->left -= n;
	return 0;
}

/* A string: u16 length, then its bytes, no NUL; none inside it */
static int take_str(struct cursor *c, char *out)
{
	uint16_t n;

	if (take(c, &n, sizeof(n)) || n > TF_STR_MAX || take(c, out, n))
		return -1;
	out[n] = '\0';
	return strlen(out) == n ? 0 : -1;
}

static int parse_event(struct cursor *c, struct sct_event *ev)
{
	if (take(c, ev, sizeof(*ev)) || ev->type > SCT_EV_PROBE)
		return -1;
	if (ev->type == SCT_EV_PROBE && ev->u.probe.n > SCT_PROBE_REGS)
		return -1;
	return 0;
}

static int parse_header(struct cursor *c, struct trace_frame *f)
{
	uint32_t magic, version;

	if (take(c, &magic, sizeof(magic)) || take(c, &version, sizeof(version)) ||
	    magic != TF_MAGIC || version != TF_VERSION)
		return -1;
	if (take_str(c, f->u.header.host) || take_str(c, f->u.header.kernel) ||
	    take_str(c, f->u.header.clock))
		return -1;
	return 0;
}

static int parse_payload(struct cursor *c, struct trace_frame *f)
{
	switch (f->type) {
	case TF_HEADER:
		return parse_header(c, f);
	case TF_THREAD:
		return take(c, &f->u.thread.pid, sizeof(f->u.thread.pid)) ||
		       take_str(c, f->u.thread.comm) ? -1 : 0;
	case TF_EVENT:
		return parse_event(c, &f->u.event);
	case TF_PROGRESS:
		return take(c, &f->u.offset, sizeof(f->u.offset));
	case TF_TRAILER:
		return take(c, &f->u.counts, sizeof(f->u.counts));
	case TF_ERROR:
		return take_str(c, f->u.error);
	default:
		return -1;
	}
}

/**
 * trace_frame_parse - parse the frame at the start of @buf
 * @buf: bytes read from the reader
 * @len: how many
 * @f: receives the frame
 *
 * Returns the frame's size (the bytes to drop from @buf), 0 when @buf
 * holds only part of a frame, or -1 with errno EPROTO when the bytes are
 * not a frame: an unknown type, a bad length, a payload that does not
 * fill the frame exactly, a bad string or event.
 */
ssize_t trace_frame_parse(const void *buf, size_t len, struct trace_frame *f)
{
	struct cursor c = { .p = buf, .left = len };
	uint32_t size;

	if (take(&c, &f->type, sizeof(f->type)) || take(&c, &size, sizeof(size)))
		return 0;
	if (size > TF_PAYLOAD_MAX)
		goto bad;
	if (c.left < size)
		return 0;
	c.left = size;
	if (parse_payload(&c, f) || c.left)
		goto bad;
	return TF_HEAD_SIZE + size;
bad:
	errno = EPROTO;
	return -1;
}

/**
 * trace_frame_order - check that @f may come next in the stream
 * @state: where the stream is; TS_START before the first frame, advanced
 * @f: the frame just parsed
 *
 * Returns 0, or -1 with errno EPROTO when @f is out of order (a body
 * frame before HEADER, anything after TRAILER or ERROR, a second HEADER).
 */
int trace_frame_order(enum trace_stream_state *state, const struct trace_frame *f)
{
	if (*state == TS_END)
		goto bad;
	switch (f->type) {
	case TF_HEADER:
		if (*state != TS_START)
			goto bad;
		*state = TS_BODY;
		return 0;
	case TF_ERROR:
		*state = TS_END;
		return 0;
	case TF_TRAILER:
		if (*state != TS_BODY)
			goto bad;
		*state = TS_END;
		return 0;
	default:
		if (*state != TS_BODY)
			goto bad;
		return 0;
	}
bad:
	errno = EPROTO;
	return -1;
}

struct out {
	uint8_t	*p;
	size_t	left;
	int	full;
};

static void put(struct out *o, const void *data, size_t n)
{
	if (o->left < n) {
		o->full = 1;
		return;
	}
	memcpy(o->p, data, n);
	o->p += n;
	o->left -= n;
}

/* Longer strings are cut to TF_STR_MAX */
static void put_str(struct out *o, const char *s)
{
	size_t len = s ? strnlen(s, TF_STR_MAX) : 0;
	uint16_t n = (uint16_t)len;

	put(o, &n, sizeof(n));
	put(o, s, len);
}

static void put_payload(struct out *o, const struct trace_frame *f)
{
	uint32_t magic = TF_MAGIC, version = TF_VERSION;

	switch (f->type) {
	case TF_HEADER:
		put(o, &magic, sizeof(magic));
		put(o, &version, sizeof(version));
		put_str(o, f->u.header.host);
		put_str(o, f->u.header.kernel);
		put_str(o, f->u.header.clock);
		break;
	case TF_THREAD:
		put(o, &f->u.thread.pid, sizeof(f->u.thread.pid));
		put_str(o, f->u.thread.comm);
		break;
	case TF_EVENT:
		put(o, &f->u.event, sizeof(f->u.event));
		break;
	case TF_PROGRESS:
		put(o, &f->u.offset, sizeof(f->u.offset));
		break;
	case TF_TRAILER:
		put(o, &f->u.counts, sizeof(f->u.counts));
		break;
	case TF_ERROR:
		put_str(o, f->u.error);
		break;
	default:
		o->full = 1;
	}
}

/**
 * trace_frame_encode - write @f as the parent will read it
 * @f: the frame
 * @buf: where to write
 * @size: room in @buf; TF_HEAD_SIZE + TF_PAYLOAD_MAX always suffices
 *
 * Returns the frame's size, or 0 when it does not fit or @f->type is
 * unknown.
 */
size_t trace_frame_encode(const struct trace_frame *f, void *buf, size_t size)
{
	struct out o = { .p = buf, .left = size };
	uint32_t len;

	if (size < TF_HEAD_SIZE)
		return 0;
	o.p += TF_HEAD_SIZE;
	o.left -= TF_HEAD_SIZE;
	put_payload(&o, f);
	if (o.full)
		return 0;
	len = (uint32_t)(size - TF_HEAD_SIZE - o.left);
	memcpy(buf, &f->type, sizeof(f->type));
	memcpy((uint8_t *)buf + sizeof(f->type), &len, sizeof(len));
	return TF_HEAD_SIZE + len;
}
