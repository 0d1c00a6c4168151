// SPDX-License-Identifier: LGPL-2.1
/*
 * Comparing two runs: the Mann-Whitney U test, the groups of two runs
 * matched by key, and the latency figures a comparison names.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <smccctrace/compare.h>

#include "internal.h"

/*
 * Walk both sorted samples in one merge: each run of equal values gets
 * the mean of the ranks it spans; A's rank sum and the tie term follow.
 */
static void rank_sums(const uint64_t *a, size_t na, const uint64_t *b, size_t nb,
		      double *ra, double *ties)
{
	size_t i = 0, j = 0, ta, tb, t;
	double rank = 1, mid;
	uint64_t v;

	*ra = 0;
	*ties = 0;
	while (i < na || j < nb) {
		v = (j >= nb || (i < na && a[i] <= b[j])) ? a[i] : b[j];
		for (ta = 0; i < na && a[i] == v; i++, ta++)
			;
		for (tb = 0; j < nb && b[j] == v; j++, tb++)
			;
		t = ta + tb;
		mid = rank + (double)(t - 1) / 2;
		*ra += mid * (double)ta;
		*ties += (double)t * t * t - (double)t;
		rank += (double)t;
	}
}

/* U, z and p from the sizes, A's rank sum and the tie term */
static void mwu_finish(struct sct_mwu *r, double n1, double n2, double ra, double ties)
{
	double n = n1 + n2, mean, var, dev;

	r->u = ra - n1 * (n1 + 1) / 2;
	mean = n1 * n2 / 2;
	var = n1 * n2 / 12 * ((n + 1) - ties / (n * (n - 1)));
	if (var <= 0)
		return;
	dev = fabs(r->u - mean) - 0.5;
	if (dev < 0)
		dev = 0;
	r->z = (r->u >= mean ? dev : -dev) / sqrt(var);
	r->p = erfc(fabs(r->z) / sqrt(2));
}

/**
 * sct_mann_whitney - Mann-Whitney U test of two samples
 * @a: sample A, sorted ascending
 * @na: its size
 * @b: sample B, sorted ascending
 * @nb: its size
 * @r: the result
 *
 * The p-value is two-sided, from the normal approximation with the tie
 * correction of the variance and a continuity correction of 0.5.
 * Returns 0, or -1 with errno EINVAL when a sample is empty (then @r says
 * U = 0, z = 0, p = 1).
 */
int sct_mann_whitney(const uint64_t *a, size_t na, const uint64_t *b,
		     size_t nb, struct sct_mwu *r)
{
	double ra, ties;

	*r = (struct sct_mwu) { .p = 1 };
	if (!na || !nb)
		return sct_set_error(EINVAL, "an empty sample");
	rank_sums(a, na, b, nb, &ra, &ties);
	mwu_finish(r, (double)na, (double)nb, ra, ties);
	return 0;
}

/*
 * rank_sums() over two tallies: each entry is a run of equal values, so
 * the ranks, their sums and the tie term come out as from the values
 */
static void tally_rank_sums(const struct sct_tally *a, const struct sct_tally *b,
			    double *ra, double *ties)
{
	size_t i = 0, j = 0, ta, tb, t;
	double rank = 1, mid;
	uint64_t v;

	*ra = 0;
	*ties = 0;
	while (i < a->distinct || j < b->distinct) {
		v = (j >= b->distinct || (i < a->distinct && a->e[i].value <= b->e[j].value)) ?
		    a->e[i].value : b->e[j].value;
		ta = i < a->distinct && a->e[i].value == v ? a->e[i++].count : 0;
		tb = j < b->distinct && b->e[j].value == v ? b->e[j++].count : 0;
		t = ta + tb;
		mid = rank + (double)(t - 1) / 2;
		*ra += mid * (double)ta;
		*ties += (double)t * t * t - (double)t;
		rank += (double)t;
	}
}

/**
 * sct_mann_whitney_tally - sct_mann_whitney() of two tallies
 * @a: sample A, flushed (sct_tally_flush())
 * @b: sample B, flushed
 * @r: the result, the same as sct_mann_whitney() gives for the values
 *
 * Returns 0, or -1 with errno EINVAL when a sample is empty.
 */
int sct_mann_whitney_tally(const struct sct_tally *a, const struct sct_tally *b,
			   struct sct_mwu *r)
{
	double ra, ties;

	*r = (struct sct_mwu) { .p = 1 };
	if (!a->nr || !b->nr)
		return sct_set_error(EINVAL, "an empty sample");
	tally_rank_sums(a, b, &ra, &ties);
	mwu_finish(r, (double)a->nr, (double)b->nr, ra, ties);
	return 0;
}


static void pair(struct sct_group_pair *p, const struct sct_group *a,
		 const struct sct_group *b)
{
	p->a = a;
	p->b = b;
	p->key = a ? a->key : b->key;
	p->mwu = (struct sct_mwu) { .p = 1 };
	if (a && b)
		sct_mann_whitney_tally(&a->total, &b->total, &p->mwu);
}

/**
 * sct_groups_compare - the groups of two runs matched by key
 * @a: run A's groups, finished (sct_groups_finish()) and in the order wanted
 * @b: run B's groups, finished, grouped as @a
 * @pairs: where the array of pairs goes: A's keys in A's order, then the
 *         keys only B has in B's order; the caller frees it with free().
 *         The pairs point into @a and @b, which must outlive them.
 * @nr: where the number of pairs goes
 *
 * Each pair holds the rank test of its two latency samples. Returns 0, or
 * -1 with errno ENOMEM and the error set (then *@pairs is NULL).
 */
int sct_groups_compare(const struct sct_groups *a, const struct sct_groups *b,
		       struct sct_group_pair **pairs, size_t *nr)
{
	struct sct_group_pair *p;
	size_t i, n = 0;

	*pairs = NULL;
	*nr = 0;
	p = calloc(a->nr + b->nr + 1, sizeof(*p));
	if (!p)
		return sct_set_error(ENOMEM, "comparing groups: out of memory");
	for (i = 0; i < a->nr; i++)
		pair(&p[n++], a->groups[i], sct_groups_find(b, a->groups[i]->key));
	for (i = 0; i < b->nr; i++)
		if (!sct_groups_find(a, b->groups[i]->key))
			pair(&p[n++], NULL, b->groups[i]);
	*pairs = p;
	*nr = n;
	return 0;
}

static const char *const metric_names[SCT_NR_METRICS] = {
	"min", "p50", "p90", "p99", "p999", "max", "mean",
};

/**
 * sct_metric_name - the name of a latency figure ("p99", ...)
 * @metric: the figure
 *
 * Returns a static string.
 */
const char *sct_metric_name(enum sct_metric metric)
{
	return metric < SCT_NR_METRICS ? metric_names[metric] : "?";
}

/**
 * sct_summary_metric - one figure of a summary
 * @s: the summary
 * @metric: which figure
 *
 * Returns it, or SCT_STATS_NONE.
 */
uint64_t sct_summary_metric(const struct sct_summary *s, enum sct_metric metric)
{
	const uint64_t v[SCT_NR_METRICS] = {
		s->min, s->p50, s->p90, s->p99, s->p999, s->max, s->mean,
	};

	return metric < SCT_NR_METRICS ? v[metric] : SCT_STATS_NONE;
}

/**
 * sct_change_permille - B's change against A in tenths of a percent
 * @a: A's figure
 * @b: B's figure
 *
 * Returns (b - a) * 1000 / a rounded towards zero; INT64_MAX when a is 0
 * and b is not; 0 when either is SCT_STATS_NONE or both are 0.
 */
int64_t sct_change_permille(uint64_t a, uint64_t b)
{
	double d;

	if (a == SCT_STATS_NONE || b == SCT_STATS_NONE || a == b)
		return 0;
	if (!a)
		return INT64_MAX;
	d = ((double)b - (double)a) * 1000 / (double)a;
	return (int64_t)d;
}

/**
 * sct_ratio_change_permille - B's change against A, each a ratio, in tenths of a percent
 * @num_a: A's numerator
 * @den_a: A's denominator
 * @num_b: B's numerator
 * @den_b: B's denominator
 *
 * For figures that are quotients (a share, a rate, a spread): the change
 * of num_b / den_b against num_a / den_a, computed from the unrounded
 * quotients and rounded towards zero as sct_change_permille() does.
 * Returns INT64_MAX when A is 0 and B is not, 0 when both are 0, and
 * INT64_MIN when either has no value (a denominator of 0).
 */
int64_t sct_ratio_change_permille(uint64_t num_a, uint64_t den_a,
				  uint64_t num_b, uint64_t den_b)
{
	long double a, b;

	if (!den_a || !den_b)
		return INT64_MIN;
	if (!num_a)
		return num_b ? INT64_MAX : 0;
	a = (long double)num_a * (long double)den_b;
	b = (long double)num_b * (long double)den_a;
	return (int64_t)((b - a) * 1000 / a);
}
