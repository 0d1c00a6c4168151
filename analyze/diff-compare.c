// SPDX-License-Identifier: GPL-2.0
/*
 * smccctrace diff: matching the two sessions' groups, testing their
 * latencies and applying the --fail-on rules.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smccctrace/array.h>
#include <smccctrace/output.h>

#include "diff.h"

/* Function groups: location changes, and IDs on one side only */
static int match_functions(struct diff *d)
{
	const struct sct_groups *fa = &d->a.funcs, *fb = &d->b.funcs;
	const struct sct_group *other;
	size_t i;

	d->moved = calloc(2 * fa->nr + 1, sizeof(*d->moved));
	d->gone = calloc(fa->nr + 1, sizeof(*d->gone));
	d->fresh = calloc(fb->nr + 1, sizeof(*d->fresh));
	if (!d->moved || !d->gone || !d->fresh)
		return -1;
	for (i = 0; i < fa->nr; i++) {
		if (!fa->groups[i]->has_id)
			continue;
		other = sct_groups_find(fb, fa->groups[i]->key);
		if (!other) {
			d->gone[d->nr_gone++] = fa->groups[i];
		} else if (sct_group_dominant_location(fa->groups[i]) != sct_group_dominant_location(other)) {
			d->moved[2 * d->nr_moved] = fa->groups[i];
			d->moved[2 * d->nr_moved++ + 1] = other;
		}
	}
	for (i = 0; i < fb->nr; i++)
		if (fb->groups[i]->has_id && !sct_groups_find(fa, fb->groups[i]->key))
			d->fresh[d->nr_fresh++] = fb->groups[i];
	return 0;
}

/* The stretch of a sorted result array that belongs to @id */
static const struct diff_result *results_of(const struct diff_side *s, uint32_t id,
					    size_t *n)
{
	size_t i = 0, j;

	while (i < s->nr_results && s->results[i].id != id)
		i++;
	for (j = i; j < s->nr_results && s->results[j].id == id; j++)
		;
	*n = j - i;
	return s->results + i;
}

/* IDs both sides recorded results for whose multisets of results differ */
static int match_results(struct diff *d)
{
	const struct diff_result *ra, *rb;
	size_t i, na, nb;
	uint32_t last = 0;

	d->changed_results = calloc(d->a.nr_results + 1, sizeof(*d->changed_results));
	if (!d->changed_results)
		return -1;
	for (i = 0; i < d->a.nr_results; i++) {
		if (i && d->a.results[i].id == last)
			continue;
		last = d->a.results[i].id;
		ra = results_of(&d->a, last, &na);
		rb = results_of(&d->b, last, &nb);
		if (nb && (na != nb || memcmp(ra, rb, na * sizeof(*ra))))
			d->changed_results[d->nr_changed_results++] = last;
	}
	return 0;
}

static struct diff_violation *add_violation(struct diff *d, const struct diff_rule *rule,
					    const char *key)
{
	struct diff_violation *v, *tmp;

	tmp = sct_array_room(d->violations, &d->alloc_violations, d->nr_violations + 1,
			     sizeof(*tmp));
	if (!tmp)
		return NULL;
	d->violations = tmp;
	v = &d->violations[d->nr_violations++];
	v->rule = rule;
	snprintf(v->key, sizeof(v->key), "%s", key);
	v->message[0] = '\0';
	v->metric = false;
	return v;
}

static int check_metric(struct diff *d, const struct diff_rule *rule,
			const struct sct_group_pair *row)
{
	char fa[24], fb[24], pct[24];
	struct diff_violation *v;
	uint64_t a, b;

	if (!row->a || !row->b)
		return 0;
	a = sct_summary_metric(&row->a->total_sum, rule->metric);
	b = sct_summary_metric(&row->b->total_sum, rule->metric);
	if (!diff_rule_exceeded(rule, a, b))
		return 0;
	/* over the threshold, but too few calls or not significant: counted */
	if (row->a->calls < d->min_calls || row->b->calls < d->min_calls) {
		d->nr_too_few++;
		return 0;
	}
	if (row->mwu.p >= d->alpha) {
		d->nr_not_significant++;
		return 0;
	}
	v = add_violation(d, rule, row->key);
	if (!v)
		return -1;
	v->metric = true;
	v->a = a;
	v->b = b;
	v->p = row->mwu.p;
	snprintf(pct, sizeof(pct), "%+.1f%%", (double)sct_change_permille(a, b) / 10);
	snprintf(v->message, sizeof(v->message), "%s %s -> %s (%s), p = %.2g",
		 sct_metric_name(rule->metric), sct_format_ns(a, fa, sizeof(fa)),
		 sct_format_ns(b, fb, sizeof(fb)), pct, row->mwu.p);
	return 0;
}

static int check_groups(struct diff *d, const struct diff_rule *rule,
			const struct sct_group **g, size_t n, size_t step,
			const char *what)
{
	struct diff_violation *v;
	size_t i;

	for (i = 0; i < n; i++) {
		v = add_violation(d, rule, g[i * step]->key);
		if (!v)
			return -1;
		if (step == 2)
			snprintf(v->message, sizeof(v->message), "answered in %s, now in %s",
				 sct_location_name(sct_group_dominant_location(g[2 * i])),
				 sct_location_name(sct_group_dominant_location(g[2 * i + 1])));
		else
			snprintf(v->message, sizeof(v->message), "%s", what);
	}
	return 0;
}

static int check_results(struct diff *d, const struct diff_rule *rule)
{
	struct diff_violation *v;
	char key[16];
	size_t i;

	for (i = 0; i < d->nr_changed_results; i++) {
		snprintf(key, sizeof(key), "0x%08x", d->changed_results[i]);
		v = add_violation(d, rule, key);
		if (!v)
			return -1;
		snprintf(v->message, sizeof(v->message), "results differ");
	}
	return 0;
}

static int check_rule(struct diff *d, const struct diff_rule *rule)
{
	size_t i;

	switch (rule->kind) {
	case DIFF_RULE_METRIC:
		for (i = 0; i < d->nr_rows; i++)
			if (check_metric(d, rule, &d->rows[i]))
				return -1;
		return 0;
	case DIFF_RULE_LOCATION_CHANGE:
		return check_groups(d, rule, d->moved, d->nr_moved, 2, NULL);
	case DIFF_RULE_NEW_ID:
		return check_groups(d, rule, d->fresh, d->nr_fresh, 1, "only in B");
	case DIFF_RULE_GONE_ID:
		return check_groups(d, rule, d->gone, d->nr_gone, 1, "only in A");
	case DIFF_RULE_RESULT_CHANGE:
		return check_results(d, rule);
	}
	return 0;
}

/**
 * diff_compare - compare the two loaded sides and apply the rules
 * @d: the sides, rules, alpha and min_calls filled in
 *
 * Returns 0, or -1 with errno ENOMEM.
 */
int diff_compare(struct diff *d)
{
	size_t i;

	if (sct_groups_compare(&d->a.groups, &d->b.groups, &d->rows, &d->nr_rows) ||
	    match_functions(d) || match_results(d))
		goto nomem;
	for (i = 0; i < d->nr_rules; i++)
		if (check_rule(d, &d->rules[i]))
			goto nomem;
	return 0;
nomem:
	errno = ENOMEM;
	return -1;
}

static void release_side(struct diff_side *s)
{
	sct_session_release(&s->session);
	sct_groups_release(&s->groups);
	sct_groups_release(&s->funcs);
	free(s->results);
}

/**
 * diff_release - free what a diff holds (not the diff itself)
 * @d: the diff
 */
void diff_release(struct diff *d)
{
	release_side(&d->a);
	release_side(&d->b);
	free(d->rows);
	free(d->moved);
	free(d->fresh);
	free(d->gone);
	free(d->changed_results);
	free(d->violations);
}
