// SPDX-License-Identifier: GPL-2.0
/*
 * smccctrace view: one call in full. Where and when it happened (time as
 * trace-cmd prints it, session, VM, thread, vCPU, host CPU), what it was
 * (conduit, function ID with its name and owner), where it was answered
 * and how long that took, split where the trace saw the steps, and the
 * registers recorded.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <curses.h>

#include <smccctrace/output.h>
#include <smccctrace/smccc.h>

#include "view.h"

#define LINE_MAX_CALL	40	/* lines of one call at most */
#define LINE_SIZE	256
#define REG_WIDTH	24	/* "x17 0xffffffffffffffff" and a gap */
#define REGS_PER_LINE	8	/* registers on a line at most */
#define FIELD		"%-11s"	/* the field names' column */

/* One call's lines */
struct call_text {
	char	line[LINE_MAX_CALL][LINE_SIZE];
	size_t	nr;
};

static void add(struct call_text *t, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void add(struct call_text *t, const char *field, const char *fmt, ...)
{
	va_list ap;
	int len;

	if (t->nr == LINE_MAX_CALL)
		return;
	len = snprintf(t->line[t->nr], LINE_SIZE, FIELD, field);
	va_start(ap, fmt);
	vsnprintf(t->line[t->nr] + len, LINE_SIZE - (size_t)len, fmt, ap);
	va_end(ap);
	t->nr++;
}

/* @b - @a, or SCT_NO_TIME when either is not known or they are out of order */
static uint64_t span(uint64_t a, uint64_t b)
{
	return a == SCT_NO_TIME || b == SCT_NO_TIME || b < a ? SCT_NO_TIME : b - a;
}

static void where(struct call_text *t, const struct view *v, const struct sct_call *c)
{
	const char *thread = view_thread_name(v, c->tid);
	char vm[16], vcpu[16], cpu[16];

	snprintf(vm, sizeof(vm), c->vm >= 0 ? "%" PRId32 : "-", c->vm);
	snprintf(vcpu, sizeof(vcpu), c->vcpu >= 0 ? "%" PRId32 : "-", c->vcpu);
	snprintf(cpu, sizeof(cpu), c->cpu >= 0 ? "%" PRId32 : "-", c->cpu);
	add(t, "session", "%" PRId64 " %s", v->session, v->session_what ? v->session_what : "");
	add(t, "VM", "%s", vm);
	add(t, "thread", "%" PRId32 " %s  vCPU %s  host CPU %s", c->tid, thread ? thread : "-",
	    vcpu, cpu);
}

static void what(struct call_text *t, const struct sct_call *c)
{
	char range[SCT_RANGE_BUFSZ], how[32] = "";
	const char *name, *owner;

	if (c->conduit == SCT_CONDUIT_HVC)
		snprintf(how, sizeof(how), " #%" PRIu64, c->imm);
	add(t, "conduit", "%s%s  EC 0x%02" PRIx32 "  pc 0x%" PRIx64,
	    sct_conduit_name(c->conduit), how, c->ec, c->pc);
	if (!c->id_known) {
		add(t, "function", "unknown (an SMC seen only at kvm_exit, or a cut call)");
		return;
	}
	name = sct_function_name(c->func_id);
	owner = sct_owner_name((c->func_id >> 24) & 0x3f);
	add(t, "function", "0x%08" PRIx32 " %s  owner %s  range %s", c->func_id,
	    name ? name : "-", owner ? owner : "-", sct_range_name(c->func_id, range, sizeof(range)));
}

/* The latency, and its steps: kernel out, the VMM, kernel in */
static void latency(struct call_text *t, const struct sct_call *c)
{
	char total[SCT_NS_BUFSZ], out[SCT_NS_BUFSZ], vmm[SCT_NS_BUFSZ], in[SCT_NS_BUFSZ];
	bool shim = c->t_vmm_exit != SCT_NO_TIME && c->t_vmm_resume != SCT_NO_TIME;

	add(t, "location", "%s", sct_location_name(c->location));
	sct_format_ns(sct_call_total_ns(c), total, sizeof(total));
	if (c->incomplete) {
		add(t, "latency", "- (incomplete: its start or end was not seen)");
		return;
	}
	if (c->location != SCT_LOC_USER) {
		add(t, "latency", "%s, kvm_exit to kvm_entry", total);
		return;
	}
	if (!shim) {
		add(t, "latency", "%s = kernel out %s + VMM and kernel in %s", total,
		    sct_format_ns(sct_call_out_ns(c), out, sizeof(out)),
		    sct_format_ns(sct_call_back_ns(c), vmm, sizeof(vmm)));
		return;
	}
	add(t, "latency", "%s = kernel out %s + VMM %s + kernel in %s", total,
	    sct_format_ns(span(c->t_exit, c->t_vmm_exit), out, sizeof(out)),
	    sct_format_ns(span(c->t_vmm_exit, c->t_vmm_resume), vmm, sizeof(vmm)),
	    sct_format_ns(span(c->t_vmm_resume, c->t_entry), in, sizeof(in)));
}

/* Registers @first.. of @r, as many to a line as the screen holds */
static void regs(struct call_text *t, const char *field, const uint64_t *r, unsigned int n,
		 unsigned int first)
{
	size_t per = COLS > 11 + REG_WIDTH ? (size_t)(COLS - 11) / REG_WIDTH : 1;
	char text[LINE_SIZE], item[REG_WIDTH + 8];
	unsigned int i, j;
	size_t len;

	if (!n) {
		add(t, field, "not recorded");
		return;
	}
	if (per > REGS_PER_LINE)
		per = REGS_PER_LINE;
	for (i = 0; i < n; i += (unsigned int)per) {
		len = 0;
		for (j = i; j < n && j < i + per; j++) {
			snprintf(item, sizeof(item), "x%u 0x%" PRIx64, first + j, r[j]);
			len += (size_t)snprintf(text + len, sizeof(text) - len, "%-*s",
						j + 1 < n && j + 1 < i + per ? REG_WIDTH : 0, item);
		}
		add(t, i ? "" : field, "%s", text);
	}
}

static void build(const struct view *v, struct call_text *t)
{
	const struct sct_call *c = &v->call;
	char ts[SCT_NS_BUFSZ], entry[SCT_NS_BUFSZ];

	t->nr = 0;
	add(t, "time", "%s  kvm_exit (trace-cmd seconds); kvm_entry %s",
	    sct_format_timestamp(c->t_exit, ts, sizeof(ts)),
	    sct_format_timestamp(c->t_entry, entry, sizeof(entry)));
	where(t, v, c);
	what(t, c);
	latency(t, c);
	regs(t, "arguments", c->args, c->nargs, 1);
	regs(t, "results", c->results, c->nresults, 0);
	add(t, "seq", "%" PRIu64 "%s", c->seq, c->incomplete ? " (incomplete)" : "");
}

/**
 * view_call_lines - how many lines the call shown in full takes
 * @v: the view
 */
size_t view_call_lines(const struct view *v)
{
	struct call_text t;

	build(v, &t);
	return t.nr;
}

/**
 * view_call_line - one line of the call shown in full
 * @v: the view
 * @i: the line, below view_call_lines()
 * @out: where the text goes
 * @size: size of @out
 */
void view_call_line(const struct view *v, size_t i, char *out, size_t size)
{
	struct call_text t;

	build(v, &t);
	snprintf(out, size, "%s", i < t.nr ? t.line[i] : "");
}
