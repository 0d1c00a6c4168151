// SPDX-License-Identifier: GPL-2.0
/*
 * The Mann-Whitney U test and the change of a figure, on hand-computed cases.
 */
#include <math.h>

#include <smccctrace/compare.h>
#include <smccctrace/error.h>

#include "tap.h"

#define near(got, want, what) ok(fabs((got) - (want)) < 1e-6, what)

static void test_mwu(void)
{
	/* No overlap: U = 0, z = -(4.5 - 0.5) / sqrt(9 / 12 * 7) */
	const uint64_t a1[] = { 1, 2, 3 }, b1[] = { 4, 5, 6 };
	/* Ties: ranks 1, 3, 3 | 3, 5.5, 5.5; U = 1; tie term 24 + 6 */
	const uint64_t a2[] = { 1, 2, 2 }, b2[] = { 2, 3, 3 };
	const uint64_t same[] = { 7, 7, 7 };
	struct sct_mwu r;

	ok(!sct_mann_whitney(a1, 3, b1, 3, &r), "mwu: separate samples");
	near(r.u, 0, "mwu: separate: U");
	near(r.z, -1.7457431218879391, "mwu: separate: z");
	near(r.p, 0.0808555983700523, "mwu: separate: p");
	sct_mann_whitney(b1, 3, a1, 3, &r);
	near(r.u, 9, "mwu: swapped: U = n1 n2 - U");
	near(r.p, 0.0808555983700523, "mwu: swapped: same p");
	sct_mann_whitney(a2, 3, b2, 3, &r);
	near(r.u, 1, "mwu: ties: U");
	near(r.z, -1.4142135623730951, "mwu: ties: z with the tie correction");
	near(r.p, 0.15729920705028513, "mwu: ties: p");
	sct_mann_whitney(same, 3, same, 3, &r);
	near(r.u, 4.5, "mwu: all tied: U is the mean");
	near(r.p, 1, "mwu: all tied: p = 1");
	ok(sct_mann_whitney(a1, 0, b1, 3, &r) && r.p == 1, "mwu: empty side");
}

static void test_change(void)
{
	is_u64(sct_change_permille(1000, 1200), 200, "change: +20%");
	is_u64(sct_change_permille(1000, 800), (uint64_t)-200, "change: -20%");
	is_u64(sct_change_permille(0, 5), INT64_MAX, "change: from 0");
	is_u64(sct_change_permille(7, 7), 0, "change: none");
	is_str(sct_metric_name(SCT_METRIC_P999), "p999", "metric name");
}

int main(void)
{
	test_mwu();
	test_change();
	return tap_done();
}
