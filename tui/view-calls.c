// SPDX-License-Identifier: GPL-2.0
/*
 * smccctrace view: the calls of a group, read a page at a time. The
 * store reads the group's calls in time order (or slowest first) from
 * the call next to those in memory, through its indexes (keyset paging,
 * select.h); only the calls on the screen and a few hundred around them
 * are in memory. The group's key narrows the read in SQL where it can,
 * and each call read is checked against the key and the filter here, so
 * the list is exactly the group.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smccctrace/error.h>
#include <smccctrace/select.h>
#include <smccctrace/smccc.h>

#include "view.h"

/* Calls the store reads per statement while a page is filled */
#define READ_BATCH	256
/* A page this many windows from the one in memory is read from the list's end */
#define FAR		4
/*
 * Calls kept on either side of the page shown, so that moving a few pages
 * reads nothing: a read in slowest order costs a pass over the group
 */
#define SPARE		128

/* The owner's four blocks of IDs: bits 29:24 of an ID are its owner */
static int narrow_owner(struct sct_selection *sel, const char *key)
{
	char ranges[32];
	unsigned int o, top;
	const char *name;
	uint32_t base;

	for (o = 0; o <= SCT_OWNER_MAX; o++) {
		name = sct_owner_name(o);
		if (!name || strcmp(name, key))
			continue;
		for (top = 0; top < 4; top++) {
			base = top << 30 | o << 24;
			snprintf(ranges, sizeof(ranges), "0x%" PRIx32 "+0x1000000", base);
			if (sct_selection_add_ranges(sel, ranges))
				return -1;
		}
	}
	return 0;
}

/* What the store can select of a group's calls: a superset of them */
static int narrow(struct sct_selection *sel, enum sct_group_by by, const char *key)
{
	int n;

	if (by <= SCT_GROUP_BY_FUNCTION && !strcmp(key, "unknown")) {
		sel->unknown_id = true;
		return 0;
	}
	switch (by) {
	case SCT_GROUP_BY_OWNER:
		return narrow_owner(sel, key);
	case SCT_GROUP_BY_RANGE:
		return sct_selection_add_ranges(sel, key);
	case SCT_GROUP_BY_FUNCTION:
		return sct_selection_add_functions(sel, key);
	case SCT_GROUP_BY_VCPU:
		if (sscanf(key, "vcpu %d", &n) == 1)
			sel->vcpu = n;
		return 0;
	default:
		sel->location = sct_location_parse(key);
		return 0;
	}
}

/**
 * view_calls_open - the calls of a group, from the first
 * @v: the view
 * @g: the group, of @v->groups
 * @order: SCT_ORDER_TIME, or SCT_ORDER_SLOWEST (only the timed calls)
 *
 * Returns 0, or -1 with the error set.
 */
int view_calls_open(struct view *v, const struct sct_group *g, enum sct_call_order order)
{
	struct view_calls *c = &v->calls;
	char *key = strdup(g->key);

	if (!key)
		return view_out_of_memory(v);
	free(c->key);
	c->key = key;
	c->order = order;
	c->total = order == SCT_ORDER_SLOWEST ? g->total.nr : g->calls;
	c->nr = 0;
	c->first = 0;
	sct_selection_release(&c->sel);
	if (narrow(&c->sel, v->by, key)) {
		sct_selection_release(&c->sel);
		return -1;
	}
	c->sel.order = order;
	v->sel[PAGE_CALLS] = v->top[PAGE_CALLS] = 0;
	return 0;
}

/**
 * struct fill - a run of reads that fills the page
 * @v: the view
 * @rows: the calls being read: positions @top.. of the list
 * @top: the first position read
 * @n: the positions read
 * @pos: the position of the next call of the group read
 * @step: +1 reading forward, -1 backward
 * @seen: calls the store gave in the current statement
 * @last: the last call the store gave (where the next statement starts)
 * @ran_out: reading forward, the store had no more calls before the page's
 *         end: the list is shorter than the group counted (a session
 *         still being written when it was grouped)
 */
struct fill {
	struct view	*v;
	struct sct_call	*rows;
	size_t		top;
	size_t		n;
	int64_t		pos;
	int		step;
	uint64_t	seen;
	struct sct_call	last;
	bool		ran_out;
};

static int fill_call(const struct sct_call *call, void *data)
{
	struct fill *f = data;

	f->seen++;
	f->last = *call;
	if (!view_in_group(f->v, call))
		return 0;
	if (f->pos >= (int64_t)f->top && f->pos < (int64_t)(f->top + f->n))
		f->rows[f->pos - (int64_t)f->top] = *call;
	f->pos += f->step;
	/* past the page in the direction read: done */
	return f->step > 0 ? f->pos >= (int64_t)(f->top + f->n) : f->pos < (int64_t)f->top;
}

/*
 * Reads from @from (NULL: from the list's start, or going backward its
 * end) on in direction @step, the first call of the group read being at
 * position @pos, until the page is filled. Returns 0, or -1 with the
 * error set.
 */
static int fill_run(struct fill *f, const struct sct_call *from, size_t pos, int step)
{
	struct view_calls *c = &f->v->calls;
	int ret;

	f->pos = (int64_t)pos;
	f->step = step;
	c->sel.backward = step < 0;
	c->sel.has_cursor = from != NULL;
	if (from)
		sct_cursor_of(from, &c->sel.cursor);
	c->sel.limit = READ_BATCH;
	for (;;) {
		f->seen = 0;
		ret = sct_store_foreach_selected(f->v->store, f->v->session, &c->sel, fill_call, f);
		if (ret)
			return ret < 0 ? -1 : 0;
		if (f->seen < READ_BATCH) {
			f->ran_out = step > 0 && f->pos < (int64_t)(f->top + f->n);
			return 0;
		}
		c->sel.has_cursor = true;
		sct_cursor_of(&f->last, &c->sel.cursor);
	}
}

/*
 * Positions @top..@top + @n - 1: those already in memory kept, the rest
 * read next to them, or from the list's nearer end when they are far.
 */
static int fill(struct view *v, size_t top, size_t n)
{
	struct view_calls *c = &v->calls;
	struct fill f = { .v = v, .top = top, .n = n };
	size_t first = c->nr ? c->first : 0, end = first + c->nr, from, i;
	const struct sct_call *last = c->nr ? &c->rows[c->nr - 1] : NULL;
	int ret = 0;

	f.rows = calloc(n ? n : 1, sizeof(*f.rows));
	if (!f.rows)
		return view_out_of_memory(v);
	for (i = 0; i < n; i++)
		if (top + i >= first && top + i < end)
			f.rows[i] = c->rows[top + i - first];
	if (c->nr && top < first)
		ret = !top && first > FAR * n ? fill_run(&f, NULL, 0, 1) :
		      fill_run(&f, &c->rows[0], first - 1, -1);
	from = top > end ? top : end;
	if (!ret && from < top + n) {
		if (last && from - end <= FAR * n)
			ret = fill_run(&f, last, end, 1);
		else if (top + n >= c->total)
			ret = fill_run(&f, NULL, c->total - 1, -1);
		else
			ret = last ? fill_run(&f, last, end, 1) : fill_run(&f, NULL, 0, 1);
	}
	if (ret) {
		free(f.rows);
		return -1;
	}
	if (f.ran_out) {
		c->total = (size_t)f.pos;
		n = c->total > top ? c->total - top : 0;
	}
	free(c->rows);
	c->rows = f.rows;
	c->first = top;
	c->nr = n;
	return 0;
}

/**
 * view_calls_fill - have the calls of the page shown in memory, and some around it
 * @v: the view, its calls page scrolled (view_scroll())
 * @lines: rows of the page
 *
 * Returns 0, or -1 with the error set.
 */
int view_calls_fill(struct view *v, size_t lines)
{
	struct view_calls *c = &v->calls;
	size_t top = v->top[PAGE_CALLS], end, from, to;

	if (top > c->total)
		top = c->total;
	end = top + lines > c->total ? c->total : top + lines;
	if (c->nr && top >= c->first && end <= c->first + c->nr)
		return 0;
	from = top > SPARE ? top - SPARE : 0;
	to = end + SPARE < c->total ? end + SPARE : c->total;
	return fill(v, from, to - from);
}

/**
 * view_calls_at - the call at a position of the list, or NULL
 * @v: the view
 * @pos: the position, on the page shown
 */
const struct sct_call *view_calls_at(const struct view *v, size_t pos)
{
	const struct view_calls *c = &v->calls;

	if (pos < c->first || pos >= c->first + c->nr)
		return NULL;
	return &c->rows[pos - c->first];
}

/**
 * view_calls_release - free the calls page
 * @c: the page
 */
void view_calls_release(struct view_calls *c)
{
	sct_selection_release(&c->sel);
	free(c->rows);
	free(c->key);
	c->rows = NULL;
	c->key = NULL;
	c->nr = 0;
}
