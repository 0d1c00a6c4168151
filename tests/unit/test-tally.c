// SPDX-License-Identifier: GPL-2.0
/*
 * Tallies: by hand on a few values, and against the samples they stand
 * for (every figure and the rank test equal) over many merges.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <smccctrace/compare.h>
#include <smccctrace/stats.h>
#include <smccctrace/tally.h>

#include "tap.h"

static void test_empty(void)
{
	struct sct_summary sum;
	struct sct_tally t;

	sct_tally_init(&t);
	sct_tally_summarize(&t, &sum);
	is_u64(sum.n, 0, "empty: n");
	is_u64(sum.min, SCT_STATS_NONE, "empty: min is none");
	is_u64(sum.p50, SCT_STATS_NONE, "empty: p50 is none");
	is_u64(sum.max, SCT_STATS_NONE, "empty: max is none");
	is_u64(sum.mean, SCT_STATS_NONE, "empty: mean is none");
	is_u64(sct_tally_at_rank(&t, 1), SCT_STATS_NONE, "empty: no rank 1");
	is_u64(sct_tally_sum(&t), 0, "empty: sum 0");
	ok(!sct_tally_add(&t, 4) && t.nr == 1, "a value after summarizing");
	sct_tally_release(&t);
	ok(!t.e && !t.pending && !t.nr && !t.distinct, "released: empty");
	errno = EALREADY;
	sct_tally_release(NULL);
	is_u64(errno, EALREADY, "releasing NULL leaves errno alone");
}

static void test_by_hand(void)
{
	static const uint64_t v[] = { 5, 3, 5, 9, 3, 5 }, at[] = { 3, 3, 5, 5, 5, 9 };
	struct sct_hist h = { { 0 } };
	struct sct_summary sum;
	struct sct_tally t;
	size_t i;

	sct_tally_init(&t);
	for (i = 0; i < 6; i++)
		sct_tally_add(&t, v[i]);
	sct_tally_flush(&t);
	is_u64(t.nr, 6, "by hand: 6 values");
	is_u64(t.distinct, 3, "by hand: 3 distinct");
	ok(t.e[0].value == 3 && t.e[0].count == 2 && t.e[1].value == 5 && t.e[1].count == 3 &&
	   t.e[2].value == 9 && t.e[2].count == 1, "by hand: 3 twice, 5 three times, 9 once");
	for (i = 0; i < 6; i++)
		is_u64(sct_tally_at_rank(&t, i + 1), at[i], "by hand: the value of a rank");
	is_u64(sct_tally_at_rank(&t, 7), SCT_STATS_NONE, "by hand: no rank 7");
	is_u64(sct_tally_sum(&t), 30, "by hand: sum");
	sct_tally_summarize(&t, &sum);
	/* ranks: p50 3, p90 ceil(5.4) = 6; mean 30 / 6 */
	ok(sum.n == 6 && sum.min == 3 && sum.max == 9, "by hand: n, min, max");
	ok(sum.p50 == 5 && sum.p90 == 9 && sum.mean == 5, "by hand: p50, p90, mean");
	sct_tally_hist(&t, &h);
	/* 3 is in bucket 2 (2..3), 5 in 3 (4..7), 9 in 4 (8..15) */
	ok(h.count[2] == 2 && h.count[3] == 3 && h.count[4] == 1, "by hand: log2 histogram");
	sct_tally_release(&t);
}

/* A value of a spread with ties, a few large ones and zeros */
static uint64_t next_value(uint64_t *state)
{
	*state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
	switch ((*state >> 60) & 0xf) {
	case 0:
		return 0;
	case 1:
		return (*state >> 52 & 0xff) | 1ULL << 40;
	default:
		return 2000 + (*state >> 33) % 6000;
	}
}

/* Fill both with @n values, the tally flushed half way through too */
static int fill(struct sct_tally *t, struct sct_samples *s, size_t n, uint64_t seed)
{
	int err = 0;
	uint64_t v;
	size_t i;

	for (i = 0; i < n; i++) {
		v = next_value(&seed);
		err |= sct_tally_add(t, v) | sct_samples_add(s, v);
		if (i == n / 2)
			sct_tally_flush(t);
	}
	return err;
}

static void test_against_samples(void)
{
	struct sct_hist ht = { { 0 } }, hs = { { 0 } };
	struct sct_summary st, ss;
	struct sct_samples s;
	struct sct_tally t;
	size_t i, distinct = 0, ranks_ok = 0;
	uint64_t sum = 0, counted = 0;
	bool ascending = true;

	sct_tally_init(&t);
	sct_samples_init(&s);
	ok(!fill(&t, &s, 300000, 1), "300000 values added");
	sct_tally_summarize(&t, &st);
	sct_summarize(&s, &ss);
	ok(!memcmp(&st, &ss, sizeof(st)), "every figure as from the values");
	for (i = 0; i < s.nr; i++) {
		distinct += !i || s.v[i] != s.v[i - 1];
		sum += s.v[i];
		sct_hist_add(&hs, s.v[i]);
	}
	for (i = 0; i < t.distinct; i++) {
		ascending &= !i || t.e[i].value > t.e[i - 1].value;
		counted += t.e[i].count;
	}
	is_u64(t.distinct, distinct, "as many entries as distinct values");
	ok(ascending, "entries ascending");
	is_u64(counted, s.nr, "counts add up to the values");
	is_u64(sct_tally_sum(&t), sum, "sum");
	sct_tally_hist(&t, &ht);
	ok(!memcmp(&ht, &hs, sizeof(ht)), "log2 histogram");
	for (i = 1; i <= s.nr; i += 997)
		ranks_ok += sct_tally_at_rank(&t, i) == s.v[i - 1];
	is_u64(ranks_ok, (s.nr + 996) / 997, "every 997th rank");
	ok(t.alloc * sizeof(*t.e) + t.pending_alloc * sizeof(*t.pending) <
	   s.nr * sizeof(*s.v) / 4, "a quarter of the values' memory, or less");
	sct_tally_release(&t);
	sct_samples_release(&s);
}

static void test_mwu(void)
{
	struct sct_samples sa, sb;
	struct sct_tally ta, tb;
	struct sct_mwu rt, rs;

	sct_tally_init(&ta);
	sct_tally_init(&tb);
	sct_samples_init(&sa);
	sct_samples_init(&sb);
	fill(&ta, &sa, 40000, 2);
	fill(&tb, &sb, 30000, 3);
	/* B a little slower: shift some values */
	sct_tally_add(&tb, 7999);
	sct_samples_add(&sb, 7999);
	sct_tally_flush(&ta);
	sct_tally_flush(&tb);
	sct_samples_sort(&sa);
	sct_samples_sort(&sb);
	ok(!sct_mann_whitney_tally(&ta, &tb, &rt), "rank test of tallies");
	sct_mann_whitney(sa.v, sa.nr, sb.v, sb.nr, &rs);
	ok(rt.u == rs.u && rt.z == rs.z && rt.p == rs.p, "U, z and p as from the values");
	ok(rt.u > 0 && rt.p > 0 && rt.p <= 1, "U and p in range");
	sct_tally_release(&tb);
	ok(sct_mann_whitney_tally(&ta, &tb, &rt) && rt.p == 1 && rt.u == 0,
	   "an empty side: an error, p = 1");
	sct_tally_release(&ta);
	sct_samples_release(&sa);
	sct_samples_release(&sb);
}

int main(void)
{
	test_empty();
	test_by_hand();
	test_against_samples();
	test_mwu();
	return tap_done();
}
