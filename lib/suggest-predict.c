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
	for (i = 0; i < sg->nr_slots; i++)
		if (sg->obs[i].used)
			predict_id(p, filter, &sg->obs[i]);
	for (i = 0; i < p->nr_rows; i++)
		add_row(&p->total, &p->rows[i]);
	add_row(&p->total, &p->outside);
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
