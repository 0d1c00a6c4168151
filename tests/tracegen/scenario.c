// SPDX-License-Identifier: GPL-2.0
/*
 * Reading a scenario: one item a line, '#' starts a comment.
 *
 *   <ts> <cpu> <pid> exit <ret> <esr_ec> <pc>
 *   <ts> <cpu> <pid> hvc <pc> <r0> <imm>
 *   <ts> <cpu> <pid> uexit <reason> <errno>
 *   <ts> <cpu> <pid> entry <pc>
 *   <ts> <cpu> lost <count>|unknown
 *   comm <pid> <name...>
 *   kernel <release>
 *   cpus <n>
 *   omit <event>       (the file lacks that event's format; use none of it)
 *   call <t_exit> <cpu> <pid> hvc|smc|hvc32|smc32 <func_id>
 *        kernel|user|denied <total_ns> [<out_ns>] [cpu2=<n>] [pc=<addr>]
 *   random <seed> <ncalls> <nthreads>
 *
 * Numbers are decimal or 0x-prefixed hexadecimal; errno and ret may be
 * negative. The lines naming one CPU (events, lost markers, a call's
 * kvm_exit) must not go back in time; all events are then sorted by time
 * into their CPU's buffer, equal times keeping their order of creation.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "tracegen.h"

#define MAX_TOKENS	16

/**
 * tg_error - print "sct-tracegen: FILE:LINE: message" on stderr
 * @sc: the scenario, naming the file and the line (0: no line)
 * @fmt: printf format of the message
 *
 * Returns -1 so that callers can "return tg_error(...)".
 */
int tg_error(const struct tg_scenario *sc, const char *fmt, ...)
{
	va_list ap;

	if (sc->line)
		fprintf(stderr, "sct-tracegen: %s:%u: ", sc->file, sc->line);
	else
		fprintf(stderr, "sct-tracegen: %s: ", sc->file);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

/**
 * tg_scenario_init - start an empty scenario
 * @sc: the scenario
 * @file: its name in messages
 */
void tg_scenario_init(struct tg_scenario *sc, const char *file)
{
	memset(sc, 0, sizeof(*sc));
	sc->file = file;
}

/**
 * tg_scenario_release - free what a scenario holds (not @sc itself)
 * @sc: the scenario
 */
void tg_scenario_release(struct tg_scenario *sc)
{
	size_t i;
	int cpu;

	for (cpu = 0; cpu < sc->nr_cpus; cpu++)
		free(sc->cpus[cpu].events);
	free(sc->cpus);
	for (i = 0; i < sc->nr_comms; i++)
		free(sc->comms[i].name);
	free(sc->comms);
	free(sc->calls);
	free(sc->release);
	memset(sc, 0, sizeof(*sc));
}

static int grow_cpus(struct tg_scenario *sc, int cpu)
{
	struct tg_cpu *cpus;

	if (cpu < sc->nr_cpus)
		return 0;
	cpus = realloc(sc->cpus, sizeof(*cpus) * (cpu + 1));
	if (!cpus)
		return tg_error(sc, "out of memory");
	memset(cpus + sc->nr_cpus, 0, sizeof(*cpus) * (cpu + 1 - sc->nr_cpus));
	sc->cpus = cpus;
	sc->nr_cpus = cpu + 1;
	return 0;
}

/**
 * tg_add_event - append an event (or lost marker) to a CPU
 * @sc: the scenario
 * @cpu: the CPU, below TG_MAX_CPUS
 * @ev: the event; its seq is assigned here
 *
 * Returns 0, or -1 with a message printed.
 */
int tg_add_event(struct tg_scenario *sc, int cpu, const struct tg_event *ev)
{
	struct tg_event *events;
	struct tg_cpu *c;
	size_t alloc;

	if (grow_cpus(sc, cpu))
		return -1;
	c = &sc->cpus[cpu];
	if (c->nr == c->alloc) {
		alloc = c->alloc ? c->alloc * 2 : 256;
		events = realloc(c->events, sizeof(*events) * alloc);
		if (!events)
			return tg_error(sc, "out of memory");
		c->events = events;
		c->alloc = alloc;
	}
	c->events[c->nr] = *ev;
	c->events[c->nr++].seq = sc->seq++;
	if (ev->ts > sc->max_ts)
		sc->max_ts = ev->ts;
	return 0;
}

/**
 * tg_find_comm - the command name of a pid
 * @sc: the scenario
 * @pid: the pid
 *
 * Returns the name, or NULL when no "comm" names the pid.
 */
const char *tg_find_comm(const struct tg_scenario *sc, int pid)
{
	size_t i;

	for (i = 0; i < sc->nr_comms; i++)
		if (sc->comms[i].pid == pid)
			return sc->comms[i].name;
	return NULL;
}

/**
 * tg_add_comm - name a pid; a later name for the same pid replaces it
 * @sc: the scenario
 * @pid: the pid
 * @name: the command name (copied)
 *
 * Returns 0, or -1 with a message printed.
 */
int tg_add_comm(struct tg_scenario *sc, int pid, const char *name)
{
	struct tg_comm *comms;
	char *copy;
	size_t i;

	copy = strdup(name);
	if (!copy)
		return tg_error(sc, "out of memory");
	for (i = 0; i < sc->nr_comms; i++) {
		if (sc->comms[i].pid == pid) {
			free(sc->comms[i].name);
			sc->comms[i].name = copy;
			return 0;
		}
	}
	if (sc->nr_comms == sc->alloc_comms) {
		sc->alloc_comms = sc->alloc_comms ? sc->alloc_comms * 2 : 16;
		comms = realloc(sc->comms, sizeof(*comms) * sc->alloc_comms);
		if (!comms) {
			free(copy);
			return tg_error(sc, "out of memory");
		}
		sc->comms = comms;
	}
	sc->comms[sc->nr_comms].pid = pid;
	sc->comms[sc->nr_comms++].name = copy;
	return 0;
}

/**
 * tg_total_cpus - the CPU count written in the file
 * @sc: the scenario
 */
int tg_total_cpus(const struct tg_scenario *sc)
{
	if (sc->set_cpus)
		return sc->set_cpus;
	return sc->nr_cpus ? sc->nr_cpus : 1;
}

/* A number: decimal, or hexadecimal with 0x; a leading '-' if @neg_ok */
static int parse_num(struct tg_scenario *sc, const char *tok, const char *what,
		     unsigned long long max, bool neg_ok, unsigned long long *val)
{
	const char *p = tok;
	bool neg = false;
	char *end;

	if (!tok)
		return tg_error(sc, "missing %s", what);
	if (*p == '-' && neg_ok) {
		neg = true;
		p++;
	}
	errno = 0;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && p[2])
		*val = strtoull(p + 2, &end, 16);
	else if (*p >= '0' && *p <= '9')
		*val = strtoull(p, &end, 10);
	else
		return tg_error(sc, "bad %s '%s'", what, tok);
	if (*end)
		return tg_error(sc, "bad %s '%s'", what, tok);
	if (errno || *val > max)
		return tg_error(sc, "%s '%s' out of range", what, tok);
	if (neg)
		*val = -*val;
	return 0;
}

static int parse_int(struct tg_scenario *sc, const char *tok, const char *what,
		     unsigned long long max, int *val)
{
	unsigned long long v;

	if (parse_num(sc, tok, what, max, false, &v))
		return -1;
	*val = v;
	return 0;
}

/* Scenario lines on one CPU must not go back in time */
static int check_line_time(struct tg_scenario *sc, int cpu,
			   unsigned long long ts)
{
	if (grow_cpus(sc, cpu))
		return -1;
	if (ts < sc->cpus[cpu].line_ts)
		return tg_error(sc, "time %llu on CPU %d is before %llu of an earlier line",
				ts, cpu, sc->cpus[cpu].line_ts);
	sc->cpus[cpu].line_ts = ts;
	return 0;
}

static int event_args(struct tg_scenario *sc, char **tok, int n,
		      struct tg_event *ev)
{
	unsigned long long a, b, c;
	const char *kind = tok[3];

	if (!strcmp(kind, "exit")) {
		ev->kind = TG_EXIT;
		if (n != 7 || parse_num(sc, tok[4], "ret", UINT_MAX, true, &a) ||
		    parse_num(sc, tok[5], "esr_ec", UINT_MAX, false, &b) ||
		    parse_num(sc, tok[6], "pc", ULLONG_MAX, false, &c))
			return n != 7 ? tg_error(sc, "exit needs <ret> <esr_ec> <pc>") : -1;
		ev->x = a;
		ev->y = b;
		ev->pc = c;
	} else if (!strcmp(kind, "hvc")) {
		ev->kind = TG_HVC;
		if (n != 7 || parse_num(sc, tok[4], "pc", ULLONG_MAX, false, &a) ||
		    parse_num(sc, tok[5], "r0", ULLONG_MAX, false, &b) ||
		    parse_num(sc, tok[6], "imm", UINT_MAX, false, &c))
			return n != 7 ? tg_error(sc, "hvc needs <pc> <r0> <imm>") : -1;
		ev->pc = a;
		ev->r0 = b;
		ev->x = c;
	} else if (!strcmp(kind, "uexit")) {
		ev->kind = TG_UEXIT;
		if (n != 6 || parse_num(sc, tok[4], "reason", UINT_MAX, false, &a) ||
		    parse_num(sc, tok[5], "errno", INT_MAX, true, &b))
			return n != 6 ? tg_error(sc, "uexit needs <reason> <errno>") : -1;
		ev->x = a;
		ev->y = b;
	} else if (!strcmp(kind, "entry")) {
		ev->kind = TG_ENTRY;
		if (n != 5 || parse_num(sc, tok[4], "pc", ULLONG_MAX, false, &a))
			return n != 5 ? tg_error(sc, "entry needs <pc>") : -1;
		ev->pc = a;
	} else {
		return tg_error(sc, "unknown event '%s'", kind);
	}
	return 0;
}

static int parse_lost(struct tg_scenario *sc, char **tok, int n,
		      struct tg_event *ev)
{
	ev->kind = TG_LOST;
	if (n != 4)
		return tg_error(sc, "lost needs <count> or 'unknown'");
	if (!strcmp(tok[3], "unknown"))
		return 0;
	if (parse_num(sc, tok[3], "lost count", ULLONG_MAX, false, &ev->pc))
		return -1;
	if (ev->pc == 0)
		return tg_error(sc, "lost count must be at least 1 (or 'unknown')");
	return 0;
}

static int parse_event(struct tg_scenario *sc, char **tok, int n)
{
	struct tg_event ev = { 0 };
	int cpu, pid;

	if (parse_num(sc, tok[0], "timestamp", ULLONG_MAX >> 5, false, &ev.ts) ||
	    parse_int(sc, tok[1], "cpu", TG_MAX_CPUS - 1, &cpu))
		return -1;
	if (tok[2] && !strcmp(tok[2], "lost")) {
		if (parse_lost(sc, tok, n, &ev))
			return -1;
	} else {
		if (parse_int(sc, tok[2], "pid", INT_MAX, &pid))
			return -1;
		if (n < 4)
			return tg_error(sc, "missing event name");
		ev.pid = pid;
		if (event_args(sc, tok, n, &ev))
			return -1;
	}
	if (check_line_time(sc, cpu, ev.ts))
		return -1;
	return tg_add_event(sc, cpu, &ev);
}

static int parse_conduit(struct tg_scenario *sc, const char *tok,
			 struct tg_call_spec *spec)
{
	if (!tok)
		return tg_error(sc, "missing conduit");
	spec->is32 = strstr(tok, "32") != NULL;
	if (!strcmp(tok, "hvc") || !strcmp(tok, "hvc32"))
		spec->conduit = TG_CONDUIT_HVC;
	else if (!strcmp(tok, "smc") || !strcmp(tok, "smc32"))
		spec->conduit = TG_CONDUIT_SMC;
	else
		return tg_error(sc, "bad conduit '%s' (hvc, smc, hvc32, smc32)", tok);
	return 0;
}

static int parse_location(struct tg_scenario *sc, const char *tok,
			  struct tg_call_spec *spec)
{
	if (!tok)
		return tg_error(sc, "missing location");
	if (!strcmp(tok, "kernel"))
		spec->location = TG_LOC_KERNEL;
	else if (!strcmp(tok, "user"))
		spec->location = TG_LOC_USER;
	else if (!strcmp(tok, "denied"))
		spec->location = TG_LOC_DENIED;
	else
		return tg_error(sc, "bad location '%s' (kernel, user, denied)", tok);
	return 0;
}

static int parse_call_options(struct tg_scenario *sc, char **tok, int i, int n,
			      struct tg_call_spec *spec)
{
	for (; i < n; i++) {
		if (!strncmp(tok[i], "cpu2=", 5)) {
			if (parse_int(sc, tok[i] + 5, "cpu2", TG_MAX_CPUS - 1,
				      &spec->cpu2))
				return -1;
		} else if (!strncmp(tok[i], "pc=", 3)) {
			if (parse_num(sc, tok[i] + 3, "pc", ULLONG_MAX - 4,
				      false, &spec->pc))
				return -1;
		} else {
			return tg_error(sc, "unexpected '%s' in a call line", tok[i]);
		}
	}
	return 0;
}

static int parse_call(struct tg_scenario *sc, char **tok, int n)
{
	struct tg_call_spec spec = { .pc = TG_CALL_PC, .cpu2 = -1 };
	unsigned long long v;
	int i = 8;

	if (n < 8)
		return tg_error(sc, "call needs <t_exit> <cpu> <pid> <conduit> <func_id> <location> <total_ns>");
	if (parse_num(sc, tok[1], "t_exit", ULLONG_MAX >> 6, false, &spec.t_exit) ||
	    parse_int(sc, tok[2], "cpu", TG_MAX_CPUS - 1, &spec.cpu) ||
	    parse_int(sc, tok[3], "pid", INT_MAX, &spec.pid) ||
	    parse_conduit(sc, tok[4], &spec) ||
	    parse_num(sc, tok[5], "func_id", UINT_MAX, false, &v) ||
	    parse_location(sc, tok[6], &spec) ||
	    parse_num(sc, tok[7], "total_ns", ULLONG_MAX >> 6, false, &spec.total_ns))
		return -1;
	spec.func_id = v;
	if (spec.location == TG_LOC_USER) {
		if (i >= n || strchr(tok[i], '='))
			return tg_error(sc, "a user call needs <out_ns> after <total_ns>");
		if (parse_num(sc, tok[i++], "out_ns", ULLONG_MAX >> 6, false,
			      &spec.out_ns))
			return -1;
	}
	if (parse_call_options(sc, tok, i, n, &spec))
		return -1;
	if (check_line_time(sc, spec.cpu, spec.t_exit))
		return -1;
	return tg_add_call(sc, &spec);
}

static int parse_random(struct tg_scenario *sc, char **tok, int n)
{
	unsigned long long seed, ncalls, nthreads;

	if (n != 4)
		return tg_error(sc, "random needs <seed> <ncalls> <nthreads>");
	if (parse_num(sc, tok[1], "seed", ULLONG_MAX, false, &seed) ||
	    parse_num(sc, tok[2], "ncalls", 100000000, false, &ncalls) ||
	    parse_num(sc, tok[3], "nthreads", TG_MAX_CPUS, false, &nthreads))
		return -1;
	if (!nthreads)
		return tg_error(sc, "nthreads must be at least 1");
	return tg_random(sc, seed, ncalls, nthreads);
}

/* "comm <pid> <name...>": the name is the rest of the line */
static int parse_comm(struct tg_scenario *sc, char *line)
{
	char *p = line + strspn(line, " \t") + 4;
	char *name, *end;
	int pid;

	p += strspn(p, " \t");
	name = p + strcspn(p, " \t");
	if (*name)
		*name++ = '\0';
	if (parse_int(sc, *p ? p : NULL, "pid", INT_MAX, &pid))
		return -1;
	name += strspn(name, " \t");
	end = name + strlen(name);
	while (end > name && (end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
	if (!*name)
		return tg_error(sc, "comm needs <pid> <name>");
	return tg_add_comm(sc, pid, name);
}

static int parse_omit(struct tg_scenario *sc, char **tok, int n)
{
	int kind;

	for (kind = 0; n == 2 && kind < TG_NR_EVENTS; kind++) {
		if (!strcmp(tok[1], tg_event_name(kind))) {
			sc->omit |= 1u << kind;
			return 0;
		}
	}
	return tg_error(sc, "omit needs an event name");
}

static int parse_setting(struct tg_scenario *sc, char **tok, int n)
{
	int cpus;

	if (!strcmp(tok[0], "omit"))
		return parse_omit(sc, tok, n);
	if (!strcmp(tok[0], "kernel")) {
		if (n != 2)
			return tg_error(sc, "kernel needs <release>");
		free(sc->release);
		sc->release = strdup(tok[1]);
		return sc->release ? 0 : tg_error(sc, "out of memory");
	}
	if (n != 2 || parse_int(sc, tok[1], "cpus", TG_MAX_CPUS, &cpus))
		return n != 2 ? tg_error(sc, "cpus needs <n>") : -1;
	if (!cpus)
		return tg_error(sc, "cpus must be at least 1");
	sc->set_cpus = cpus;
	return 0;
}

static int parse_line(struct tg_scenario *sc, char *line)
{
	char *tok[MAX_TOKENS + 1] = { NULL };
	char *save = NULL;
	char *hash, *t;
	int n = 0;

	hash = strchr(line, '#');
	if (hash)
		*hash = '\0';
	line[strcspn(line, "\r\n")] = '\0';
	t = line + strspn(line, " \t");
	if (!strncmp(t, "comm", 4) && (t[4] == ' ' || t[4] == '\t' || !t[4]))
		return parse_comm(sc, line);
	for (t = strtok_r(line, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) {
		if (n == MAX_TOKENS)
			return tg_error(sc, "too many words");
		tok[n++] = t;
	}
	if (!n)
		return 0;
	if (!strcmp(tok[0], "call"))
		return parse_call(sc, tok, n);
	if (!strcmp(tok[0], "random"))
		return parse_random(sc, tok, n);
	if (!strcmp(tok[0], "kernel") || !strcmp(tok[0], "cpus") || !strcmp(tok[0], "omit"))
		return parse_setting(sc, tok, n);
	if (*tok[0] < '0' || *tok[0] > '9')
		return tg_error(sc, "unknown line '%s'", tok[0]);
	return parse_event(sc, tok, n);
}

/**
 * tg_scenario_read - read a whole scenario
 * @sc: the scenario, initialized with tg_scenario_init()
 * @fp: the scenario text
 *
 * Returns 0, or -1 with a message naming the file and line printed.
 */
int tg_scenario_read(struct tg_scenario *sc, FILE *fp)
{
	size_t size = 0;
	char *line = NULL;
	int ret = 0;

	while (!ret && getline(&line, &size, fp) >= 0) {
		sc->line++;
		ret = parse_line(sc, line);
	}
	free(line);
	if (!ret && ferror(fp))
		ret = tg_error(sc, "read error");
	sc->line = 0;
	if (!ret && sc->set_cpus && sc->nr_cpus > sc->set_cpus)
		ret = tg_error(sc, "CPU %d is used but cpus is %d",
			       sc->nr_cpus - 1, sc->set_cpus);
	return ret;
}
