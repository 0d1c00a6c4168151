// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: the records the preload shim leaves in the shared ring, read
 * by record (record/shim-read.c). The VMM writes that memory, so its
 * records and the ring's own header are outside input: the input is
 * records to publish, with a byte that also lets it overwrite the header
 * (slots, tail) the way a broken or hostile VMM could. The calls that
 * come out are in range.
 *
 * Included, not linked, to reach the reader's ring.
 */
#include "../../record/shim-read.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_call(const struct sct_call *c)
{
	if (c->nargs > SCT_MAX_ARGS || c->nresults > SCT_MAX_RESULTS ||
	    c->location > SCT_LOC_DENIED)
		abort();
}

static int on_call(const struct sct_call *c, void *data)
{
	check_call(c);
	return 0;
}

/* What a VMM may do to the header between two records */
static void tamper(struct shim_ring *ring, const struct shim_record *r)
{
	if (r->pad & 2)
		ring->slots = (uint32_t)r->flags;
	if (r->pad & 4)
		atomic_store(&ring->tail, r->nr);
	if (r->pad & 8)
		ring->magic = (uint32_t)r->ts;
}

/* record --shim: calls the tracepoints found, filled from the pairs */
static void fill_calls(struct shim_reader *sr, const struct shim_record *r)
{
	struct sct_vm_view view;
	struct sct_call c;

	sct_call_init(&c);
	c.tid = r->tid;
	c.location = (r->pad & 16) ? SCT_LOC_USER : SCT_LOC_KERNEL;
	c.t_exit = r->ts;
	c.t_uexit = r->ts + 1;
	shim_fill(sr, &c);
	check_call(&c);
	shim_vm_view(sr, &view);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct shim_reader *sr;
	struct shim_record r;
	bool stream;
	size_t off;

	if (size < 1)
		return 0;
	sr = shim_reader_create(data[0] & 2);
	if (!sr)
		abort();
	stream = data[0] & 1;
	if (stream)
		shim_stream(sr, on_call, NULL);
	for (off = 1; off + sizeof(r) <= size; off += sizeof(r)) {
		memcpy(&r, data + off, sizeof(r));
		sr->ring->slots = SHIM_SLOTS;	/* the shim's own idea of it */
		shim_ring_put(sr->ring, &r);
		tamper(sr->ring, &r);
		if (r.pad & 1)
			shim_poll(sr);
		if (!stream && (r.pad & 32))
			fill_calls(sr, &r);
	}
	shim_finish(sr);
	shim_reader_free(sr);
	return 0;
}
