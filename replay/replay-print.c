// SPDX-License-Identifier: GPL-2.0
/*
 * smccctrace replay: the replayed answers compared with the session's
 * own results, and what is printed: per range the calls, the handler's
 * p50/p99/max and the divergences; with --check the first divergent
 * calls, recorded against replayed registers.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smccctrace/error.h>
#include <smccctrace/group.h>
#include <smccctrace/output.h>
#include <smccctrace/smccc.h>

#include "replay.h"

/* The replayed calls by range (lib grouping), and per range the comparison */
struct ranges {
	struct sct_groups	groups;
	uint64_t		*compared;	/* per group, in the groups' order */
	uint64_t		*divergent;
	uint64_t		all_compared;
	uint64_t		all_divergent;
};

/**
 * replay_compare_mask - which of x0..x3 of a replayed call are compared
 * @r: the run
 * @c: the call
 *
 * The words the session recorded, less those no replay repeats (random,
 * time, the host's: replay_volatile_words()) and all of a function given
 * to --ignore-result. Returns bit n for xn.
 */
unsigned int replay_compare_mask(const struct replay *r, const struct replay_call *c)
{
	struct sct_hypercall in = { .vcpu = c->vcpu };
	unsigned int n = c->rec.nresults;

	if (!n || (!sct_selection_is_all(&r->o->ignore) &&
		   sct_selection_match(&r->o->ignore, &c->rec)))
		return 0;
	in.x[0] = c->rec.func_id;
	memcpy(&in.x[1], c->rec.args, c->rec.nargs * sizeof(in.x[1]));
	return ((1u << (n < 4 ? n : 4)) - 1) & ~replay_volatile_words(&in);
}

/* SMC32/HVC32 calls answer in w0..w3: the upper halves mean nothing */
static bool differs(const struct replay_call *c, unsigned int mask)
{
	uint64_t keep = c->rec.func_id & 0x40000000u ? UINT64_MAX : 0xffffffffu;
	unsigned int i;

	for (i = 0; i < 4; i++)
		if ((mask & (1u << i)) && ((c->rec.results[i] ^ c->out[i]) & keep))
			return true;
	return false;
}

static size_t index_of(const struct sct_groups *gs, uint32_t id)
{
	char key[SCT_RANGE_BUFSZ];
	const struct sct_group *g;
	size_t i;

	g = sct_groups_find(gs, sct_range_name(id, key, sizeof(key)));
	for (i = 0; i < gs->nr; i++)
		if (gs->groups[i] == g)
			break;
	return i;
}

static int group(const struct replay *r, struct ranges *g)
{
	struct sct_call call;
	unsigned int mask;
	size_t i, k;

	sct_groups_init(&g->groups, SCT_GROUP_BY_RANGE);
	for (i = 0; i < r->nr; i++) {
		replay_call_record(r, &r->calls[i], &call);
		if (sct_groups_add_call(&call, &g->groups))
			return sct_set_error(ENOMEM, "out of memory");
	}
	sct_groups_finish(&g->groups);
	g->compared = calloc(g->groups.nr + 1, sizeof(*g->compared));
	g->divergent = calloc(g->groups.nr + 1, sizeof(*g->divergent));
	if (!g->compared || !g->divergent)
		return sct_set_error(ENOMEM, "out of memory");
	for (i = 0; i < r->nr; i++) {
		mask = replay_compare_mask(r, &r->calls[i]);
		if (!mask)
			continue;
		k = index_of(&g->groups, r->calls[i].rec.func_id);
		g->compared[k]++;
		g->all_compared++;
		if (differs(&r->calls[i], mask)) {
			g->divergent[k]++;
			g->all_divergent++;
		}
	}
	return 0;
}

static void ranges_release(struct ranges *g)
{
	sct_groups_release(&g->groups);
	free(g->compared);
	free(g->divergent);
}

static void print_table(FILE *out, const struct ranges *g)
{
	char a[SCT_NS_BUFSZ], b[SCT_NS_BUFSZ], c[SCT_NS_BUFSZ];
	struct sct_table *t = sct_table_create(7);
	const struct sct_summary *sum;
	unsigned int col;
	size_t i;

	if (!t)
		return;
	for (col = 1; col < 7; col++)
		sct_table_align(t, col, SCT_ALIGN_RIGHT);
	sct_table_add_row(t);
	sct_table_cell(t, "range");
	sct_table_cell(t, "calls");
	sct_table_cell(t, "compared");
	sct_table_cell(t, "divergent");
	sct_table_cell(t, "p50");
	sct_table_cell(t, "p99");
	sct_table_cell(t, "max");
	for (i = 0; i < g->groups.nr; i++) {
		sum = &g->groups.groups[i]->total_sum;
		sct_table_add_row(t);
		sct_table_cell(t, "%s", g->groups.groups[i]->key);
		sct_table_cell(t, "%" PRIu64, g->groups.groups[i]->calls);
		sct_table_cell(t, "%" PRIu64, g->compared[i]);
		sct_table_cell(t, "%" PRIu64, g->divergent[i]);
		sct_table_cell(t, "%s", sct_format_ns(sum->p50, a, sizeof(a)));
		sct_table_cell(t, "%s", sct_format_ns(sum->p99, b, sizeof(b)));
		sct_table_cell(t, "%s", sct_format_ns(sum->max, c, sizeof(c)));
	}
	sct_table_print(t, out);
	sct_table_free(t);
}

static void print_csv(FILE *out, const struct ranges *g)
{
	static const char *const head[] = {
		"range", "calls", "compared", "divergent", "p50_ns", "p99_ns", "max_ns",
	};
	const struct sct_summary *sum;
	struct sct_csv c;
	size_t i;

	sct_csv_init(&c, out);
	for (i = 0; i < 7; i++)
		sct_csv_str(&c, head[i]);
	sct_csv_end_row(&c);
	for (i = 0; i < g->groups.nr; i++) {
		sum = &g->groups.groups[i]->total_sum;
		sct_csv_str(&c, g->groups.groups[i]->key);
		sct_csv_u64(&c, g->groups.groups[i]->calls);
		sct_csv_u64(&c, g->compared[i]);
		sct_csv_u64(&c, g->divergent[i]);
		sct_csv_u64(&c, sum->p50);
		sct_csv_u64(&c, sum->p99);
		sct_csv_u64(&c, sum->max);
		sct_csv_end_row(&c);
	}
}

/* --kvm: the filter, the calls left out, and where the others went */
static void count_locations(const struct replay *r, uint64_t *n)
{
	size_t i;

	for (i = 0; i < r->nr; i++)
		n[r->calls[i].location < 4 ? r->calls[i].location : 0]++;
}

static void print_json_kvm(struct sct_json *j, const struct replay *r)
{
	uint64_t n[4] = { 0 };

	count_locations(r, n);
	sct_json_bool(j, "kvm", true);
	sct_json_str(j, "filter", r->filter_src);
	sct_json_u64(j, "skipped_unplayable", r->unplayable);
	sct_json_u64(j, "kernel", n[SCT_LOC_KERNEL]);
	sct_json_u64(j, "forwarded", n[SCT_LOC_USER]);
	sct_json_u64(j, "denied", n[SCT_LOC_DENIED]);
}

static void print_summary_kvm(FILE *out, const struct replay *r)
{
	uint64_t n[4] = { 0 };

	count_locations(r, n);
	fprintf(out, "on KVM under the filter: %s\n", r->filter_src);
	fprintf(out, "where the calls went: %" PRIu64 " in the kernel, %" PRIu64
		" forwarded, %" PRIu64 " denied\n", n[SCT_LOC_KERNEL], n[SCT_LOC_USER],
		n[SCT_LOC_DENIED]);
	if (r->unplayable)
		fprintf(out, "kept out of the guest: %" PRIu64 " PSCI power calls that KVM "
			"would act on (CPU_OFF, CPU_SUSPEND, SYSTEM_OFF, SYSTEM_RESET, ...)\n",
			r->unplayable);
	fprintf(out, "guest time: CNTVCT_EL0 read by the guest around each HVC/SMC\n");
}

static void print_json(FILE *out, const struct replay *r, const struct ranges *g)
{
	const struct sct_summary *sum;
	struct sct_json j;
	size_t i;

	sct_json_init(&j, out);
	sct_json_begin_object(&j, NULL);
	sct_json_i64(&j, "session", r->src.id);
	sct_json_i64(&j, "replay", r->new_id);
	sct_json_str(&j, "backend", r->desc);
	sct_json_u64(&j, "calls", r->nr);
	sct_json_u64(&j, "skipped_unknown_id", r->unknown_ids);
	sct_json_bool(&j, "recorded_arguments", r->with_args > 0);
	sct_json_u64(&j, "clock_ns", r->clock_ns);
	if (r->o->kvm)
		print_json_kvm(&j, r);
	sct_json_u64(&j, "compared", g->all_compared);
	sct_json_u64(&j, "divergent", g->all_divergent);
	sct_json_begin_array(&j, "ranges");
	for (i = 0; i < g->groups.nr; i++) {
		sum = &g->groups.groups[i]->total_sum;
		sct_json_begin_object(&j, NULL);
		sct_json_str(&j, "range", g->groups.groups[i]->key);
		sct_json_u64(&j, "calls", g->groups.groups[i]->calls);
		sct_json_u64(&j, "compared", g->compared[i]);
		sct_json_u64(&j, "divergent", g->divergent[i]);
		sct_json_u64(&j, "p50_ns", sum->p50);
		sct_json_u64(&j, "p99_ns", sum->p99);
		sct_json_u64(&j, "max_ns", sum->max);
		sct_json_end_object(&j);
	}
	sct_json_end_array(&j);
	sct_json_end_object(&j);
	fputc('\n', out);
}

static void print_summary(FILE *out, const struct replay *r, const struct ranges *g)
{
	fprintf(out, "replayed %zu calls of session %" PRId64 " with %s: session %" PRId64 "\n",
		r->nr, r->src.id, r->desc, r->new_id);
	if (r->unknown_ids)
		fprintf(out, "skipped %" PRIu64 " calls whose function ID is unknown (SMC seen by the tracepoints alone)\n",
			r->unknown_ids);
	if (r->filtered)
		fprintf(out, "left out %" PRIu64 " calls the selection options did not take\n",
			r->filtered);
	if (r->nr && r->with_args < r->nr)
		fprintf(out, "arguments: %zu calls had none recorded: x1..x17 were zero\n",
			r->nr - (size_t)r->with_args);
	if (r->o->kvm)
		print_summary_kvm(out, r);
	else
		fprintf(out, "handler time: CLOCK_MONOTONIC_RAW, %" PRIu64 " ns a reading (included)\n",
			r->clock_ns);
	if (g->all_compared)
		fprintf(out, "compared with session %" PRId64 "'s results: %" PRIu64 " calls, %" PRIu64 " divergent\n",
			r->src.id, g->all_compared, g->all_divergent);
	else
		fprintf(out, "session %" PRId64 " recorded no results to compare with\n", r->src.id);
}

static void print_regs(FILE *out, const char *what, const uint64_t *x, unsigned int n)
{
	unsigned int i;

	fprintf(out, "  %-9s", what);
	for (i = 0; i < n; i++)
		fprintf(out, " 0x%" PRIx64, x[i]);
	fputc('\n', out);
}

static void print_divergent(FILE *out, const struct replay *r, uint64_t total)
{
	const struct replay_call *c;
	unsigned int shown = 0, n;
	const char *name;
	size_t i;

	fprintf(out, "divergent calls (%s%" PRIu64 "):\n",
		total > REPLAY_SHOW_DIVERGENT ? "the first 5 of " : "", total);
	for (i = 0; i < r->nr && shown < REPLAY_SHOW_DIVERGENT; i++) {
		c = &r->calls[i];
		if (!differs(c, replay_compare_mask(r, c)))
			continue;
		name = sct_function_name(c->rec.func_id);
		n = c->rec.nresults < 4 ? c->rec.nresults : 4;
		fprintf(out, "call %" PRIu64 " 0x%08" PRIx32 " %s vCPU %" PRIu32 "\n",
			c->rec.seq, c->rec.func_id, name ? name : "-", c->vcpu);
		print_regs(out, "recorded", c->rec.results, n);
		print_regs(out, "replayed", c->out, 4);
		shown++;
	}
}

/**
 * replay_print - compare and print the replay
 * @r: the run, replayed and stored
 * @divergent: set to the number of divergent calls
 *
 * Returns 0, or -1 with the error text set.
 */
int replay_print(struct replay *r, uint64_t *divergent)
{
	struct ranges g = { 0 };

	if (group(r, &g)) {
		ranges_release(&g);
		return -1;
	}
	if (r->o->format == SCT_FORMAT_TABLE) {
		print_table(stdout, &g);
		print_summary(stdout, r, &g);
	} else if (r->o->format == SCT_FORMAT_CSV) {
		print_csv(stdout, &g);
	} else {
		print_json(stdout, r, &g);
	}
	if (r->o->check && g.all_divergent)
		print_divergent(r->o->format == SCT_FORMAT_TABLE ? stdout : stderr, r,
				g.all_divergent);
	*divergent = g.all_divergent;
	ranges_release(&g);
	return 0;
}
