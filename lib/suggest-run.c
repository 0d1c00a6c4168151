// SPDX-License-Identifier: LGPL-2.1
/*
 * The filter optimizer.
 *
 * Every observed ID is either "must forward" (the VMM implements it and
 * the policy lets it leave the kernel) or "must not forward". The IDs that
 * no range may cover with FWD_TO_USER ("forbidden") are the must-not
 * observed IDs, every ID KVM implements (unless the policy forwards it),
 * the IDs the VMM is known to answer NOT_SUPPORTED, the keep-in-kernel and
 * deny ranges and the reserved Arm Architecture ranges. Unobserved IDs
 * that are not forbidden are free.
 *
 * Some IDs are forwarded whatever else holds ("forced"): the forward
 * policy; an observed ID the session forwarded, that neither the policy nor
 * the VMM's answers (NOT_SUPPORTED) take from the VMM, even where KVM
 * implements it; and, when the session forwarded calls whose function ID is
 * unknown (an SMC seen by tracepoints alone), every FWD_TO_USER range of
 * the session's filter, since those calls may have had any of its IDs.
 *
 * The must-forward IDs (or, by service, the must-forward services less the
 * forbidden IDs in them) are sorted into intervals; two neighbours join
 * when the gap between them holds no forbidden ID. A range covering both
 * must cover the gap, so the ranges are as few as any valid cover: one
 * plus the number of gaps that hold a forbidden ID.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <smccctrace/suggest.h>

#include "internal.h"
#include "suggest-internal.h"

/* The end of the interval of a normalized list that holds id */
static bool ivl_end(const struct ivl_list *l, uint32_t id, uint32_t *end)
{
	size_t a = 0, b = l->nr, m;

	while (a < b) {
		m = a + (b - a) / 2;
		if (l->v[m].hi < id)
			a = m + 1;
		else
			b = m;
	}
	if (a == l->nr || l->v[a].lo > id)
		return false;
	*end = l->v[a].hi;
	return true;
}

/* The first ID KVM implements in [lo, hi] that the policy does not forward */
static bool first_kvm(const struct sct_suggest *sg, uint32_t lo, uint32_t hi, uint32_t *x)
{
	uint32_t end;

	while (sct_kvm_first_handled(&sg->fw, lo, hi, x)) {
		if (!ivl_end(&sg->forced, *x, &end))
			return true;
		if (end >= hi)
			return false;
		lo = end + 1;
	}
	return false;
}

static bool first_forbidden_id(const struct sct_suggest *sg, uint32_t lo,
			       uint32_t hi, uint32_t *x)
{
	size_t a = 0, b = sg->nr_forbidden, m;

	while (a < b) {
		m = a + (b - a) / 2;
		if (sg->forbidden[m] < lo)
			a = m + 1;
		else
			b = m;
	}
	if (a == sg->nr_forbidden || sg->forbidden[a] > hi)
		return false;
	*x = sg->forbidden[a];
	return true;
}

/*
 * The first ID in [lo, hi] that no FWD_TO_USER range may cover: each
 * search after a hit only looks below it.
 */
static bool first_forbidden(const struct sct_suggest *sg, uint32_t lo, uint32_t hi,
			    uint32_t *x)
{
	static const enum sct_suggest_set sets[] = {
		SCT_SET_KEEP, SCT_SET_DENY, SCT_SET_VMM_LACKS,
	};
	bool found;
	uint32_t c;
	size_t i;

	found = sct_kvm_first_reserved(lo, hi, x);
	if (found)
		hi = *x;
	if (first_kvm(sg, lo, hi, &c)) {
		*x = hi = c;
		found = true;
	}
	if (first_forbidden_id(sg, lo, hi, &c)) {
		*x = hi = c;
		found = true;
	}
	for (i = 0; i < sizeof(sets) / sizeof(sets[0]); i++) {
		if (sct_sg_ivl_first(&sg->sets[sets[i]], lo, hi, &c)) {
			*x = hi = c;
			found = true;
		}
	}
	return found;
}

static int check_overlap(const struct sct_suggest *sg, enum sct_suggest_set a,
			 enum sct_suggest_set b, const char *what)
{
	const struct ivl_list *l = &sg->sets[a];
	uint32_t x;
	size_t i;

	for (i = 0; i < l->nr; i++) {
		if (sct_sg_ivl_first(&sg->sets[b], l->v[i].lo, l->v[i].hi, &x))
			return sct_set_error(EINVAL, "0x%08x is both %s", x, what);
	}
	return 0;
}

static int check_reserved(const struct sct_suggest *sg, enum sct_suggest_set set,
			  const char *what)
{
	const struct ivl_list *l = &sg->sets[set];
	uint32_t x;
	size_t i;

	for (i = 0; i < l->nr; i++) {
		if (sct_kvm_first_reserved(l->v[i].lo, l->v[i].hi, &x))
			return sct_set_error(EINVAL, "cannot %s 0x%08x: the Arm Architecture "
					     "ranges 0x80000000-0x8000ffff and "
					     "0xc0000000-0xc000ffff stay with KVM", what, x);
	}
	return 0;
}

/* The session's FWD_TO_USER ranges, where calls of unknown ID went */
static int keep_unknown_forwarded(struct sct_suggest *sg)
{
	const struct ivl_list *l = &sg->session_fwd;
	static const enum sct_suggest_set against[] = { SCT_SET_KEEP, SCT_SET_DENY };
	uint64_t n = sg->unknown_by_loc[SCT_LOC_USER];
	uint32_t x;
	size_t i, k;

	if (!n)
		return 0;
	if (!sg->has_session_filter)
		return sct_set_error(ENOENT, "%llu forwarded calls have no known function ID "
				     "and no filter says which IDs they may have",
				     (unsigned long long)n);
	for (i = 0; i < l->nr; i++) {
		if (sct_kvm_first_reserved(l->v[i].lo, l->v[i].hi, &x))
			return sct_set_error(EINVAL, "the session's filter forwards 0x%08x, "
					     "which KVM reserves", x);
		for (k = 0; k < 2; k++)
			if (sct_sg_ivl_first(&sg->sets[against[k]], l->v[i].lo, l->v[i].hi, &x))
				return sct_set_error(EINVAL, "0x%08x is %s, but %llu forwarded "
						     "calls of unknown function ID may have it",
						     x, k ? "denied" : "kept in the kernel",
						     (unsigned long long)n);
		if (sct_sg_ivl_push(&sg->forced, l->v[i].lo, l->v[i].hi))
			return -1;
	}
	return 0;
}

/* Normalize the sets and refuse a policy that contradicts itself */
static int check_policy(struct sct_suggest *sg)
{
	const struct ivl_list *fwd = &sg->sets[SCT_SET_FORWARD];
	size_t i;
	int s;

	for (s = 0; s < SCT_NR_SETS; s++)
		sct_sg_ivl_normalize(&sg->sets[s]);
	if (check_reserved(sg, SCT_SET_DENY, "deny") ||
	    check_reserved(sg, SCT_SET_FORWARD, "forward"))
		return -1;
	if (check_overlap(sg, SCT_SET_DENY, SCT_SET_KEEP, "denied and kept in the kernel") ||
	    check_overlap(sg, SCT_SET_FORWARD, SCT_SET_KEEP, "forwarded and kept in the kernel") ||
	    check_overlap(sg, SCT_SET_FORWARD, SCT_SET_DENY, "forwarded and denied"))
		return -1;
	sg->forced.nr = 0;
	for (i = 0; i < fwd->nr; i++)
		if (sct_sg_ivl_push(&sg->forced, fwd->v[i].lo, fwd->v[i].hi))
			return -1;
	if (keep_unknown_forwarded(sg))
		return -1;
	sct_sg_ivl_normalize(&sg->forced);
	return 0;
}

/* Must a call to this observed ID go to the VMM? */
static bool must_forward(const struct sct_suggest *sg, uint32_t id)
{
	uint32_t x;

	if (sct_sg_ivl_has(&sg->sets[SCT_SET_DENY], id) || sct_sg_ivl_has(&sg->sets[SCT_SET_KEEP], id))
		return false;
	if (sct_sg_ivl_has(&sg->forced, id))
		return true;
	if (sct_kvm_first_reserved(id, id, &x) || sct_kvm_handles(&sg->fw, id))
		return false;
	if (sct_sg_ivl_has(&sg->sets[SCT_SET_VMM_LACKS], id))
		return false;
	return sct_sg_ivl_has(&sg->sets[SCT_SET_VMM], id);
}

static int u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Sort the observed IDs into must-forward points and forbidden IDs */
/*
 * Did the VMM answer calls to this ID, which nothing says to take from it?
 * It keeps them, even where KVM implements the ID: the VMM chose to.
 */
static bool vmm_took(const struct sct_suggest *sg, const struct obs *o)
{
	static const enum sct_suggest_set against[] = {
		SCT_SET_DENY, SCT_SET_KEEP, SCT_SET_VMM_LACKS,
	};
	uint32_t x;
	size_t i;

	if (!o->by_location[SCT_LOC_USER] || sct_kvm_first_reserved(o->id, o->id, &x))
		return false;
	for (i = 0; i < sizeof(against) / sizeof(against[0]); i++)
		if (sct_sg_ivl_has(&sg->sets[against[i]], o->id))
			return false;
	return true;
}

static int classify(struct sct_suggest *sg, struct ivl_list *must)
{
	struct ivl_list took = { 0 };
	const struct obs *o;
	size_t i;
	int ret = -1;

	free(sg->forbidden);
	sg->nr_forbidden = 0;
	sg->forbidden = malloc((sg->nr_obs + 1) * sizeof(*sg->forbidden));
	if (!sg->forbidden)
		return sct_sg_nomem();
	for (i = 0; i < sg->nr_slots; i++) {
		o = &sg->obs[i];
		if (!o->used)
			continue;
		if (must_forward(sg, o->id)) {
			if (sct_sg_ivl_push(must, o->id, o->id))
				goto out;
		} else if (vmm_took(sg, o)) {
			if (sct_sg_ivl_push(&took, o->id, o->id) ||
			    sct_sg_ivl_push(must, o->id, o->id))
				goto out;
		} else {
			sg->forbidden[sg->nr_forbidden++] = o->id;
		}
	}
	for (i = 0; i < took.nr; i++)
		if (sct_sg_ivl_push(&sg->forced, took.v[i].lo, took.v[i].hi))
			goto out;
	sct_sg_ivl_normalize(&sg->forced);
	qsort(sg->forbidden, sg->nr_forbidden, sizeof(*sg->forbidden), u32_cmp);
	ret = 0;
out:
	free(took.v);
	return ret;
}

/* Add [lo, hi] less the forbidden IDs in it */
static int push_allowed(const struct sct_suggest *sg, struct ivl_list *out,
			uint32_t lo, uint32_t hi)
{
	uint64_t cur = lo;
	uint32_t x;

	while (cur <= hi && first_forbidden(sg, (uint32_t)cur, hi, &x)) {
		if (x > cur && sct_sg_ivl_push(out, (uint32_t)cur, x - 1))
			return -1;
		cur = (uint64_t)x + 1;
	}
	if (cur <= hi && sct_sg_ivl_push(out, (uint32_t)cur, hi))
		return -1;
	return 0;
}

/* Widen every must-forward ID to its service in both conventions */
static int widen_to_services(const struct sct_suggest *sg, struct ivl_list *must)
{
	struct ivl_list wide = { 0 };
	uint32_t lo, hi, id;
	size_t i;
	int twin;

	for (i = 0; i < must->nr; i++) {
		for (twin = 0; twin < 2; twin++) {
			id = must->v[i].lo ^ (twin ? 0x40000000u : 0);
			if (!sct_service_block(id, &lo, &hi))
				lo = hi = id;
			if (push_allowed(sg, &wide, lo, hi))
				goto fail;
		}
	}
	free(must->v);
	*must = wide;
	return 0;
fail:
	free(wide.v);
	return -1;
}

/* Join neighbours whose gap holds nothing forbidden */
static void join_clean_gaps(const struct sct_suggest *sg, struct ivl_list *l)
{
	size_t i, n = 0;
	uint32_t x;

	for (i = 1; i < l->nr; i++) {
		if (!first_forbidden(sg, l->v[n].hi + 1, l->v[i].lo - 1, &x))
			l->v[n].hi = l->v[i].hi;
		else
			l->v[++n] = l->v[i];
	}
	if (l->nr)
		l->nr = n + 1;
}

static struct sct_filter_range range_of(const struct ivl *v, uint8_t action)
{
	struct sct_filter_range r = { .base = v->lo, .action = action };

	r.nr_functions = v->hi - v->lo + 1;
	return r;
}

/* Both lists into a filter, ordered by base; the filter model checks them */
static struct sct_filter *make_filter(const struct ivl_list *fwd,
				      const struct ivl_list *deny)
{
	struct sct_filter_range r;
	struct sct_filter *f;
	size_t i = 0, j = 0;
	bool take_fwd;

	f = sct_filter_create();
	while (f && (i < fwd->nr || j < deny->nr)) {
		take_fwd = j == deny->nr || (i < fwd->nr && fwd->v[i].lo < deny->v[j].lo);
		if (take_fwd)
			r = range_of(&fwd->v[i++], SCT_FILTER_FWD_TO_USER);
		else
			r = range_of(&deny->v[j++], SCT_FILTER_DENY);
		if (sct_filter_add(f, &r)) {
			sct_filter_free(f);
			return NULL;
		}
	}
	return f;
}

/**
 * sct_suggest_run - the suggested configuration
 * @sg: the suggestion, with its observations and input sets
 *
 * FWD_TO_USER ranges cover every observed ID the VMM implements that the
 * policy lets leave the kernel (with SCT_GRANULARITY_SERVICE, the whole
 * services of those IDs in both calling conventions, less the forbidden
 * IDs in them), every observed ID the session forwarded unless the policy
 * or SCT_SET_VMM_LACKS takes it from the VMM, every SCT_SET_FORWARD ID
 * and, when the session forwarded calls of unknown function ID, every
 * FWD_TO_USER range of the session's filter
 * (sct_suggest_set_session_filter()), in as few ranges as possible; they
 * cover no other forbidden ID. DENY ranges are the SCT_SET_DENY set.
 * The result passed sct_filter_add(), so KVM's rules hold.
 *
 * Returns a filter the caller frees with sct_filter_free(), or NULL with
 * errno and sct_last_error() set (EINVAL for a policy that contradicts
 * itself, asks for the reserved ranges or would stop forwarding calls of
 * unknown ID; ENOENT when calls of unknown ID were forwarded and no
 * session filter says where).
 */
struct sct_filter *sct_suggest_run(struct sct_suggest *sg)
{
	struct ivl_list must = { 0 };
	struct sct_filter *f = NULL;
	size_t i;

	if (check_policy(sg) || classify(sg, &must))
		goto out;
	if (sg->granularity == SCT_GRANULARITY_SERVICE && widen_to_services(sg, &must))
		goto out;
	for (i = 0; i < sg->forced.nr; i++)
		if (sct_sg_ivl_push(&must, sg->forced.v[i].lo, sg->forced.v[i].hi))
			goto out;
	sct_sg_ivl_normalize(&must);
	join_clean_gaps(sg, &must);
	f = make_filter(&must, &sg->sets[SCT_SET_DENY]);
out:
	free(must.v);
	return f;
}

