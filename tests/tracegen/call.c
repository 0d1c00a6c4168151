// SPDX-License-Identifier: GPL-2.0
/*
 * SMCCC calls: the event sequences a call leaves in the kvm tracepoints,
 * the random call mix, and the truth file.
 *
 * A call line gives t_exit, total_ns and (for user calls) out_ns; its events:
 *   kvm_exit		t_exit		TRAP, EC HVC64/HVC32/SMC64/SMC32
 *   kvm_hvc_arm64	t_exit + 1	HVC only: r0 = func_id, imm 0
 *   kvm_userspace_exit	t_exit + out_ns	user only: KVM_EXIT_HYPERCALL, errno 0
 *   kvm_entry		t_exit + total_ns
 * The HVC instruction is at pc (TG_CALL_PC unless pc= is given): kvm_exit,
 * kvm_hvc_arm64 and kvm_entry show pc + 4. An SMC's kvm_exit shows pc
 * itself, and so does its kvm_entry when KVM answered it (the step over
 * the SMC is made as the guest runs); a forwarded SMC's kvm_entry shows
 * pc + 4 (the step is made before the exit to userspace). With cpu2=N every event after the
 * kvm_exit goes to CPU N.
 */
#include <stdlib.h>
#include <string.h>

#include "tracegen.h"

static int add_call_events(struct tg_scenario *sc,
			   const struct tg_call_spec *s)
{
	int cpu2 = s->cpu2 >= 0 ? s->cpu2 : s->cpu;
	bool hvc = s->conduit == TG_CONDUIT_HVC;
	struct tg_event ev = { .pid = s->pid };

	ev.kind = TG_EXIT;
	ev.ts = s->t_exit;
	ev.x = TG_EXCEPTION_TRAP;
	if (hvc)
		ev.y = s->is32 ? TG_EC_HVC32 : TG_EC_HVC64;
	else
		ev.y = s->is32 ? TG_EC_SMC32 : TG_EC_SMC64;
	ev.pc = hvc ? s->pc + 4 : s->pc;
	if (tg_add_event(sc, s->cpu, &ev))
		return -1;
	if (hvc) {
		ev.kind = TG_HVC;
		ev.ts = s->t_exit + TG_HVC_OFFSET;
		ev.r0 = s->func_id;
		ev.x = 0;
		ev.y = 0;
		if (tg_add_event(sc, cpu2, &ev))
			return -1;
	}
	if (s->location == TG_LOC_USER) {
		ev.kind = TG_UEXIT;
		ev.ts = s->t_exit + s->out_ns;
		ev.x = TG_EXIT_HYPERCALL;
		ev.y = 0;
		if (tg_add_event(sc, cpu2, &ev))
			return -1;
	}
	ev.kind = TG_ENTRY;
	ev.ts = s->t_exit + s->total_ns;
	ev.pc = hvc || s->location == TG_LOC_USER ? s->pc + 4 : s->pc;
	return tg_add_event(sc, cpu2, &ev);
}

static int check_call(struct tg_scenario *sc, const struct tg_call_spec *s)
{
	/* the first event after the kvm_exit */
	unsigned long long first = s->conduit == TG_CONDUIT_HVC ? TG_HVC_OFFSET : 0;

	if (s->location == TG_LOC_USER) {
		if (s->out_ns <= first)
			return tg_error(sc, "out_ns must be more than %llu", first);
		if (s->total_ns <= s->out_ns)
			return tg_error(sc, "total_ns must be more than out_ns");
	} else if (s->total_ns <= first) {
		return tg_error(sc, "total_ns must be more than %llu", first);
	}
	return 0;
}

/**
 * tg_add_call - add a call's events and its truth record
 * @sc: the scenario
 * @spec: the call
 *
 * Returns 0, or -1 with a message printed.
 */
int tg_add_call(struct tg_scenario *sc, const struct tg_call_spec *spec)
{
	struct tg_call *calls, *c;
	size_t alloc;

	if (check_call(sc, spec) || add_call_events(sc, spec))
		return -1;
	if (sc->nr_calls == sc->alloc_calls) {
		alloc = sc->alloc_calls ? sc->alloc_calls * 2 : 256;
		calls = realloc(sc->calls, sizeof(*calls) * alloc);
		if (!calls)
			return tg_error(sc, "out of memory");
		sc->calls = calls;
		sc->alloc_calls = alloc;
	}
	c = &sc->calls[sc->nr_calls++];
	memset(c, 0, sizeof(*c));
	c->t_exit = spec->t_exit;
	c->t_entry = spec->t_exit + spec->total_ns;
	if (spec->location == TG_LOC_USER)
		c->t_uexit = spec->t_exit + spec->out_ns;
	c->func_id = spec->func_id;
	c->pid = spec->pid;
	c->conduit = spec->conduit;
	c->location = spec->location;
	return 0;
}

/*
 * The random mix. The generator is splitmix64 seeded with <seed>; every
 * choice below takes the next value modulo its range, in this order.
 */
struct tg_rng {
	unsigned long long	state;
};

static unsigned long long rng_next(struct tg_rng *r)
{
	unsigned long long z;

	r->state += 0x9e3779b97f4a7c15ULL;
	z = r->state;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned long long rng(struct tg_rng *r, unsigned long long range)
{
	return rng_next(r) % range;
}

/* Each function is always handled in the same place, as a filter would */
static const struct {
	unsigned int		func_id;
	unsigned char		location;
} random_funcs[] = {
	{ 0x84000000, TG_LOC_KERNEL },	/* PSCI_VERSION */
	{ 0xc4000003, TG_LOC_USER },	/* PSCI CPU_ON (64-bit) */
	{ 0x84000050, TG_LOC_USER },	/* TRNG_VERSION */
	{ 0x86000000, TG_LOC_KERNEL },	/* KVM vendor hyp: features */
	{ 0xc6000001, TG_LOC_USER },	/* vendor hyp, forwarded */
	{ 0x82000001, TG_LOC_DENIED },	/* SiP */
};

#define RANDOM_PID_BASE		1000
#define RANDOM_NR_FUNCS		(sizeof(random_funcs) / sizeof(random_funcs[0]))
#define RANDOM_LONG_GAP		150000000ULL	/* > 2^27 ns: a time extend */

struct tg_thread {
	unsigned long long	t;	/* the thread's clock */
	int			cpu;	/* where it runs now */
};

/* IRQ exit, or MMIO exit forwarded to the VMM; returns its kvm_entry time */
static int random_other_exit(struct tg_scenario *sc, struct tg_rng *r,
			     struct tg_thread *th, int pid)
{
	struct tg_event ev = { .pid = pid, .kind = TG_EXIT, .ts = th->t };
	bool mmio = rng(r, 2);

	ev.pc = TG_CALL_PC + 0x100 + 4 * rng(r, 64);
	ev.x = mmio ? TG_EXCEPTION_TRAP : TG_EXCEPTION_IRQ;
	ev.y = mmio ? TG_EC_DABT_LOW : 0;
	if (tg_add_event(sc, th->cpu, &ev))
		return -1;
	ev.ts += 200 + rng(r, 2000);
	if (mmio) {
		ev.kind = TG_UEXIT;
		ev.x = TG_EXIT_MMIO;
		ev.y = 0;
		if (tg_add_event(sc, th->cpu, &ev))
			return -1;
		ev.ts += 500 + rng(r, 3000);
		ev.pc += 4;
	}
	ev.kind = TG_ENTRY;
	if (tg_add_event(sc, th->cpu, &ev))
		return -1;
	th->t = ev.ts + 1000 + rng(r, 5000);
	return 0;
}

static void random_latency(struct tg_rng *r, struct tg_call_spec *s)
{
	switch (s->location) {
	case TG_LOC_KERNEL:
		s->total_ns = 300 + rng(r, 3000);
		break;
	case TG_LOC_DENIED:
		s->total_ns = 200 + rng(r, 800);
		break;
	default:
		s->out_ns = 200 + rng(r, 1500);
		s->total_ns = s->out_ns + 2000 + rng(r, 60000);
		break;
	}
}

static void random_conduit(struct tg_rng *r, struct tg_call_spec *s)
{
	unsigned long long pick = rng(r, 32);

	s->conduit = pick < 3 ? TG_CONDUIT_SMC : TG_CONDUIT_HVC;
	/* only SMC32/HVC32 function IDs (bit 30 clear) use the 32-bit forms */
	s->is32 = (pick == 2 || pick == 3) && !(s->func_id & 0x40000000);
}

static int random_call(struct tg_scenario *sc, struct tg_rng *r,
		       struct tg_thread *th, int pid, int ncpus)
{
	struct tg_call_spec s = { .pid = pid, .cpu = th->cpu, .cpu2 = -1 };
	unsigned int f = rng(r, RANDOM_NR_FUNCS);

	s.func_id = random_funcs[f].func_id;
	s.location = random_funcs[f].location;
	random_conduit(r, &s);
	random_latency(r, &s);
	s.pc = TG_CALL_PC + 4 * rng(r, 64);
	if (ncpus > 1 && !rng(r, 50)) {
		s.cpu2 = (th->cpu + 1 + rng(r, ncpus - 1)) % ncpus;
		th->cpu = s.cpu2;
	}
	s.t_exit = th->t;
	if (tg_add_call(sc, &s))
		return -1;
	th->t = s.t_exit + s.total_ns;
	return 0;
}

static int random_comms(struct tg_scenario *sc, unsigned int nthreads)
{
	char name[32];
	unsigned int i;

	for (i = 0; i < nthreads; i++) {
		if (tg_find_comm(sc, RANDOM_PID_BASE + i))
			continue;
		snprintf(name, sizeof(name), "CPU %u/KVM", i);
		if (tg_add_comm(sc, RANDOM_PID_BASE + i, name))
			return -1;
	}
	return 0;
}

/**
 * tg_random - add @ncalls random calls on @nthreads vCPU threads
 * @sc: the scenario
 * @seed: the generator seed; the same seed gives the same calls
 * @ncalls: how many calls
 * @nthreads: threads, pids 1000.. named "CPU <i>/KVM" unless named already
 *
 * Thread i starts on CPU i modulo the "cpus" setting (or @nthreads) and
 * starts 1 us after the latest event so far. Before each call a thread
 * runs the guest for 1-21 us (one time in 64 for 150 ms more); one time in
 * four it takes an IRQ or MMIO exit first. One call in 50 migrates the
 * thread to another CPU (cpu2).
 *
 * Returns 0, or -1 with a message printed.
 */
int tg_random(struct tg_scenario *sc, unsigned long long seed,
	      unsigned long long ncalls, unsigned int nthreads)
{
	int ncpus = sc->set_cpus ? sc->set_cpus : (int)nthreads;
	unsigned long long start = sc->max_ts + 1000;
	struct tg_rng r = { .state = seed };
	struct tg_thread *threads;
	unsigned long long i;
	unsigned int t;
	int ret = 0;

	threads = calloc(nthreads, sizeof(*threads));
	if (!threads)
		return tg_error(sc, "out of memory");
	for (t = 0; t < nthreads; t++) {
		threads[t].t = start + t * 100;
		threads[t].cpu = t % ncpus;
	}
	ret = random_comms(sc, nthreads);
	for (i = 0; i < ncalls && !ret; i++) {
		struct tg_thread *th;

		t = rng(&r, nthreads);
		th = &threads[t];
		th->t += 1000 + rng(&r, 20000);
		if (!rng(&r, 64))
			th->t += RANDOM_LONG_GAP;
		if (!rng(&r, 4))
			ret = random_other_exit(sc, &r, th, RANDOM_PID_BASE + t);
		if (!ret)
			ret = random_call(sc, &r, th, RANDOM_PID_BASE + t, ncpus);
	}
	free(threads);
	return ret;
}

static int cmp_call(const void *a, const void *b)
{
	const struct tg_call *ca = a, *cb = b;

	if (ca->t_exit != cb->t_exit)
		return ca->t_exit < cb->t_exit ? -1 : 1;
	return (ca->pid > cb->pid) - (ca->pid < cb->pid);
}

static const char * const locations[] = {
	[TG_LOC_KERNEL] = "kernel",
	[TG_LOC_USER] = "user",
	[TG_LOC_DENIED] = "denied",
};

static void write_call(const struct tg_call *c, FILE *fp)
{
	unsigned long long total = c->t_entry - c->t_exit;

	fprintf(fp, "%d,", c->pid);
	if (c->conduit == TG_CONDUIT_HVC)
		fprintf(fp, "0x%08x,hvc,", c->func_id);
	else
		fputs("unknown,smc,", fp);
	fprintf(fp, "%s,0,%llu,", locations[c->location], c->t_exit);
	if (c->location == TG_LOC_USER)
		fprintf(fp, "%llu,%llu,%llu,%llu,%llu\n", c->t_uexit,
			c->t_entry, total, c->t_uexit - c->t_exit,
			c->t_entry - c->t_uexit);
	else
		fprintf(fp, ",%llu,%llu,,\n", c->t_entry, total);
}

/**
 * tg_write_truth - write the truth CSV: one line per call, by t_exit
 * @sc: the scenario; its calls get sorted
 * @fp: where to write
 *
 * Returns 0, or -1 on a write error.
 */
int tg_write_truth(struct tg_scenario *sc, FILE *fp)
{
	size_t i;

	qsort(sc->calls, sc->nr_calls, sizeof(*sc->calls), cmp_call);
	fputs("tid,func_id,conduit,location,incomplete,t_exit,t_uexit,"
	      "t_entry,total_ns,out_ns,back_ns\n", fp);
	for (i = 0; i < sc->nr_calls; i++)
		write_call(&sc->calls[i], fp);
	return fflush(fp) || ferror(fp) ? -1 : 0;
}
