// SPDX-License-Identifier: LGPL-2.1
/*
 * The predicted effect of a configuration on an observed session.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <smccctrace/stats.h>
#include <smccctrace/suggest.h>

#include "internal.h"
#include "suggest-internal.h"

/* The median: the nearest-rank 50th percentile, as report computes it */
static uint64_t median(struct sct_samples *lat)
{
	if (!lat->nr)
		return SCT_NO_TIME;
	sct_samples_sort(lat);
	return sct_percentile(lat->v, lat->nr, 500);
}

static unsigned int new_location(const struct sct_filter *f, uint32_t id)
{
	switch (sct_filter_lookup(f, id)) {
	case SCT_FILTER_FWD_TO_USER:
		return SCT_LOC_USER;
	case SCT_FILTER_DENY:
		return SCT_LOC_DENIED;
	default:
		return SCT_LOC_KERNEL;
	}
}

static struct sct_predict_row *row_of(struct sct_prediction *p, uint32_t id)
{
	const struct sct_filter_range *r;
	size_t i;

	for (i = 0; i < p->nr_rows; i++) {
		r = &p->rows[i].range;
		if (id >= r->base && id - r->base < r->nr_functions)
			return &p->rows[i];
	}
	return &p->outside;
}

static int64_t latency_of(const struct sct_prediction *p, unsigned int loc)
{
	return (int64_t)(loc == SCT_LOC_USER ? p->fwd_median_ns : p->kernel_median_ns);
}

static void predict_id(struct sct_prediction *p, const struct sct_filter *f,
		       const struct obs *o)
{
	struct sct_predict_row *row = row_of(p, o->id);
	unsigned int loc, to = new_location(f, o->id);
	uint64_t n;

	for (loc = 0; loc < 4; loc++)
		row->calls += o->by_location[loc];
	p->unknown_location += o->by_location[SCT_LOC_UNKNOWN];
	for (loc = SCT_LOC_KERNEL; loc <= SCT_LOC_DENIED; loc++) {
		n = o->by_location[loc];
		if (loc == to || !n)
			continue;
		row->changed += n;
		if (p->estimate)
			row->delta_ns += (int64_t)n * (latency_of(p, to) - latency_of(p, loc));
	}
}

static void add_row(struct sct_predict_row *sum, const struct sct_predict_row *r)
{
	sum->calls += r->calls;
	sum->changed += r->changed;
	sum->delta_ns += r->delta_ns;
}

static int copy_ivl(struct ivl_list *out, const struct ivl_list *in)
{
	size_t i;

	for (i = 0; i < in->nr; i++)
		if (sct_sg_ivl_push(out, in->v[i].lo, in->v[i].hi))
			return -1;
	return 0;
}

/*
 * Add the IDs the calls of unknown ID at a location may have had: the
 * session filter's FWD_TO_USER ranges for forwarded calls, its DENY ranges
 * for denied ones, its other IDs for those answered in the kernel, any ID
 * it does not forward for those that did not go to userspace but may have
 * been denied (unknown location); any ID without a filter.
 */
static int possible_ids(const struct sct_suggest *sg, unsigned int loc, struct ivl_list *out)
{
	struct ivl_list taken = { 0 };
	int ret;

	if (!sg->has_session_filter)
		return sct_sg_ivl_push(out, 0, UINT32_MAX);
	if (loc == SCT_LOC_USER)
		return copy_ivl(out, &sg->session_fwd);
	if (loc == SCT_LOC_DENIED)
		return copy_ivl(out, &sg->session_deny);
	ret = copy_ivl(&taken, &sg->session_fwd);
	if (!ret && loc == SCT_LOC_KERNEL)
		ret = copy_ivl(&taken, &sg->session_deny);
	if (!ret) {
		sct_sg_ivl_normalize(&taken);
		ret = sct_sg_ivl_complement(&taken, out);
	}
	free(taken.v);
	return ret ? -1 : 0;
}

/* Mark the rows that calls of unknown ID may belong to */
static int mark_uncertain(struct sct_prediction *p, const struct sct_suggest *sg)
{
	struct ivl_list maybe = { 0 }, cover = { 0 }, rest = { 0 }, one;
	struct ivl r;
	unsigned int loc;
	size_t i;
	int ret = -1;

	for (loc = 0; loc < 4; loc++)
		if (sg->unknown_by_loc[loc] && possible_ids(sg, loc, &maybe))
			goto out;
	sct_sg_ivl_normalize(&maybe);
	for (i = 0; i < p->nr_rows; i++) {
		r.lo = p->rows[i].range.base;
		r.hi = r.lo + (p->rows[i].range.nr_functions - 1);
		one = (struct ivl_list){ .v = &r, .nr = 1, .alloc = 1 };
		p->rows[i].uncertain = sct_sg_ivl_meets(&one, &maybe);
		if (sct_sg_ivl_push(&cover, r.lo, r.hi))
			goto out;
	}
	sct_sg_ivl_normalize(&cover);
	if (sct_sg_ivl_complement(&cover, &rest))
		goto out;
	p->outside.uncertain = sct_sg_ivl_meets(&rest, &maybe);
	p->total.uncertain = maybe.nr > 0;
	ret = 0;
out:
	free(maybe.v);
	free(cover.v);
	free(rest.v);
	return ret;
}

/**
 * sct_suggest_predict - what @filter would change in the observed session
 * @sg: the suggestion holding the observations
 * @filter: the configuration to judge (a suggestion or any other)
 *
 * Each observed call with a known ID and location moves to the location
 * @filter gives its ID (FWD_TO_USER: forwarded, DENY: denied, else the
 * kernel). A call that moves changes its latency by L(new) - L(old), where
 * L(forwarded) is the median latency of the session's complete forwarded
 * calls and L(kernel) = L(denied) that of its complete kernel and denied
 * calls (medians are nearest-rank 50th percentiles, as sct_percentile()
 * computes them). Without both medians there is no estimate.
 *
 * A row is uncertain when calls of unknown function ID may have an ID of
 * it: the IDs sct_suggest_set_session_filter() allows for their location
 * (any ID without a session filter).
 *
 * Returns a prediction the caller frees with sct_prediction_free(), or
 * NULL with errno set.
 */
struct sct_prediction *sct_suggest_predict(struct sct_suggest *sg,
					   const struct sct_filter *filter)
{
	struct sct_prediction *p;
	size_t i;

	p = calloc(1, sizeof(*p));
	if (p) {
		p->nr_rows = sct_filter_count(filter);
		p->rows = calloc(p->nr_rows + 1, sizeof(*p->rows));
	}
	if (!p || !p->rows) {
		sct_prediction_free(p);
		sct_sg_nomem();
		return NULL;
	}
	for (i = 0; i < p->nr_rows; i++)
		p->rows[i].range = *sct_filter_get(filter, i);
	p->duration_ns = sg->duration_ns;
	p->fwd_median_ns = median(&sg->fwd_lat);
	p->kernel_median_ns = median(&sg->kernel_lat);
	p->estimate = p->fwd_median_ns != SCT_NO_TIME && p->kernel_median_ns != SCT_NO_TIME;
	p->unknown_id = sg->unknown_id;
	memcpy(p->unknown_id_at, sg->unknown_by_loc, sizeof(p->unknown_id_at));
	for (i = 0; i < sg->nr_slots; i++)
		if (sg->obs[i].used)
			predict_id(p, filter, &sg->obs[i]);
	for (i = 0; i < p->nr_rows; i++)
		add_row(&p->total, &p->rows[i]);
	add_row(&p->total, &p->outside);
	if (mark_uncertain(p, sg)) {
		sct_prediction_free(p);
		sct_sg_nomem();
		return NULL;
	}
	return p;
}

/**
 * sct_prediction_free - free a prediction
 * @p: the prediction, or NULL
 */
void sct_prediction_free(struct sct_prediction *p)
{
	if (!p)
		return;
	free(p->rows);
	free(p);
}
