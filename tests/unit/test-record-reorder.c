// SPDX-License-Identifier: GPL-2.0
/*
 * record's reorder window: events of several reads come out in time
 * order, ties in arrival order, and nothing newer than the cutoff leaves.
 */
#include <errno.h>
#include <stdlib.h>

#include <smccctrace/reorder.h>

#include "tap.h"

#define MAX_OUT	100000

static uint64_t out_ts[MAX_OUT];
static int32_t out_pid[MAX_OUT];
static size_t nout;
static size_t refuse_at = (size_t)-1;

static int collect(const struct sct_event *ev, void *data)
{
	if (nout == refuse_at)
		return 7;
	if (nout < MAX_OUT) {
		out_ts[nout] = ev->ts;
		out_pid[nout] = ev->pid;
	}
	nout++;
	return 0;
}

static void add(struct sct_reorder *ro, uint64_t ts, int32_t pid)
{
	struct sct_event ev = { .ts = ts, .pid = pid, .type = SCT_EV_ENTRY };

	sct_reorder_add(ro, &ev);
}

static void two_reads(void)
{
	struct sct_reorder *ro = sct_reorder_create();

	/* read 1: CPU 0 up to 100, CPU 1 up to 300 */
	add(ro, 100, 1);
	add(ro, 200, 2);
	add(ro, 300, 2);
	is_u64(sct_reorder_flush(ro, 150, collect, NULL), 0, "a flush returns 0");
	is_u64(nout, 1, "only what is at or before the cutoff leaves");
	is_u64(sct_reorder_held(ro), 2, "the rest is held");
	/* read 2: CPU 0's late event at 150, then 400 */
	add(ro, 150, 1);
	add(ro, 400, 1);
	sct_reorder_flush(ro, 350, collect, NULL);
	is_u64(nout, 4, "the second flush");
	ok(out_ts[1] == 150 && out_ts[2] == 200 && out_ts[3] == 300,
	   "a late event of one CPU goes before the newer ones of another");
	sct_reorder_flush(ro, UINT64_MAX, collect, NULL);
	is_u64(nout, 5, "UINT64_MAX hands on the rest");
	is_u64(out_ts[4], 400, "the last event");
	is_u64(sct_reorder_held(ro), 0, "nothing is held");
	sct_reorder_free(ro);
}

static void ties_and_refusal(void)
{
	struct sct_reorder *ro = sct_reorder_create();

	nout = 0;
	add(ro, 50, 1);
	add(ro, 50, 2);
	add(ro, 40, 3);
	add(ro, 50, 4);
	refuse_at = 2;
	is_u64(sct_reorder_flush(ro, 100, collect, NULL), 7, "the callback's refusal is returned");
	ok(out_pid[0] == 3 && out_pid[1] == 1, "ties keep their arrival order");
	is_u64(sct_reorder_held(ro), 2, "the refused event and the rest are kept");
	refuse_at = (size_t)-1;
	sct_reorder_flush(ro, 100, collect, NULL);
	ok(nout == 4 && out_pid[2] == 2 && out_pid[3] == 4, "and go on at the next flush");
	sct_reorder_free(ro);
	errno = EALREADY;
	sct_reorder_free(NULL);
	is_u64(errno, EALREADY, "sct_reorder_free(NULL) leaves errno alone");
}

/*
 * Four CPUs write events 1 us apart; each is read up to 2 ms late, but a
 * read at time T sees every event stamped before T - 2 ms. Flushing at
 * T - 2 ms must hand on every event in order.
 */
static void random_lateness(void)
{
	enum { N = 50000, WINDOW = 2000000, PERIOD = 10000000 };
	static uint64_t ts[N], seen[N];
	struct sct_reorder *ro = sct_reorder_create();
	uint64_t t, last = 0;
	size_t i, sorted = 1;

	srand(1);
	nout = 0;
	for (i = 0; i < N; i++) {
		ts[i] = 1000000 + i * 1000;
		seen[i] = ts[i] + (uint64_t)(rand() % WINDOW);
	}
	for (t = PERIOD; nout < N && t < 100 * (uint64_t)PERIOD; t += PERIOD) {
		for (i = 0; i < N; i++)
			if (seen[i] <= t && seen[i] > t - PERIOD)
				add(ro, ts[i], (int32_t)(i % 4));
		sct_reorder_flush(ro, t - WINDOW, collect, NULL);
	}
	sct_reorder_flush(ro, UINT64_MAX, collect, NULL);
	is_u64(nout, N, "every event of every read is handed on");
	for (i = 0; i < nout && i < MAX_OUT; i++) {
		if (out_ts[i] < last)
			sorted = 0;
		last = out_ts[i];
	}
	ok(sorted, "in time order, with reads up to 2 ms late");
	sct_reorder_free(ro);
}

static struct sct_call lost_call;
static size_t lost_calls;

static int keep_call(const struct sct_call *c, void *data)
{
	lost_call = *c;
	lost_calls++;
	return 0;
}

static int to_correlator(const struct sct_event *ev, void *data)
{
	if (nout < MAX_OUT)
		out_ts[nout] = ev->ts;
	nout++;
	return sct_correlator_feed(data, ev);
}

static void add_ev(struct sct_reorder *ro, uint64_t ts, int32_t cpu, uint32_t type,
		   uint64_t r0)
{
	struct sct_event ev = { .ts = ts, .pid = 10 + cpu, .cpu = cpu, .type = type };

	if (type == SCT_EV_EXIT) {
		ev.u.exit.ret = SCT_EXIT_TRAP;
		ev.u.exit.esr_ec = SCT_EC_HVC64;
	} else if (type == SCT_EV_HVC) {
		ev.u.hvc.r0 = r0;
	}
	sct_reorder_add(ro, &ev);
}

/*
 * A call's exit and HVC were handed on by one read; the next read finds
 * the CPU's page flagged as having lost events before the call's entry.
 * The loss goes in before that entry, so the call comes out incomplete.
 */
static void loss_mid_call(void)
{
	struct sct_reorder *ro = sct_reorder_create();
	struct sct_correlator *corr = sct_correlator_create(keep_call, NULL);
	struct sct_exit_stats st;

	nout = 0;
	lost_calls = 0;
	add_ev(ro, 100, 0, SCT_EV_EXIT, 0);
	add_ev(ro, 101, 0, SCT_EV_HVC, 0xc6000001);
	add_ev(ro, 105, 1, SCT_EV_ENTRY, 0);	/* another CPU, another thread */
	sct_reorder_flush(ro, 110, to_correlator, corr);
	is_u64(nout, 3, "loss: the first read hands on the exit and the HVC");
	/* read 2: CPU 0's page says events were lost before its first */
	is_u64(sct_reorder_lost(ro, 0, 5), 0, "loss: taken");
	add_ev(ro, 300, 0, SCT_EV_ENTRY, 0);
	sct_reorder_flush(ro, UINT64_MAX, to_correlator, corr);
	is_u64(nout, 5, "loss: the marker and the entry");
	is_u64(out_ts[3], 101, "loss: the marker carries CPU 0's last time, after the HVC");
	is_u64(out_ts[4], 300, "loss: and goes before the entry");
	sct_correlator_finish(corr);
	is_u64(lost_calls, 1, "loss: one call");
	ok(lost_call.incomplete && lost_call.func_id == 0xc6000001,
	   "loss: the call hit by the loss is incomplete");
	st = *sct_correlator_stats(corr);
	is_u64(st.lost_per_cpu[0], 5, "loss: 5 events lost on CPU 0");
	sct_correlator_free(corr);
	/* a CPU never seen: the marker goes first */
	sct_reorder_free(ro);
	ro = sct_reorder_create();
	add(ro, 50, 1);
	sct_reorder_lost(ro, 3, 0);
	nout = 0;
	sct_reorder_flush(ro, UINT64_MAX, collect, NULL);
	ok(nout == 2 && out_ts[0] == 0 && out_pid[0] == -1,
	   "loss: on a CPU without events, stamped 0, count unknown");
	sct_reorder_free(ro);
}

int main(void)
{
	two_reads();
	loss_mid_call();
	ties_and_refusal();
	random_lateness();
	return tap_done();
}
