// SPDX-License-Identifier: GPL-2.0
/*
 * Writing a trace-cmd data file, version 6, little-endian, 8-byte longs,
 * 4096-byte pages (trace-cmd.dat.v6(5)), with per-CPU ring buffer pages
 * laid out as the kernel's ring buffer writes them.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "tracegen.h"

#define TG_CLOCK		"local"
#define TG_OPTION_DONE		0
#define TG_OPTION_TRACECLOCK	4
#define TG_OPTION_UNAME		5

/* Ring buffer event types and page commit flags (kernel/trace/ring_buffer.c) */
#define RB_TYPE_TIME_EXTEND	30
#define RB_MISSED_EVENTS	(1ULL << 31)
#define RB_MISSED_STORED	(1ULL << 30)

static const char header_page[] =
	"\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;\n"
	"\tfield: local_t commit;\toffset:8;\tsize:8;\tsigned:1;\n"
	"\tfield: int overwrite;\toffset:8;\tsize:1;\tsigned:1;\n"
	"\tfield: char data;\toffset:16;\tsize:4080;\tsigned:1;\n";

static const char header_event[] =
	"# compressed entry header\n"
	"\ttype_len    :    5 bits\n"
	"\ttime_delta  :   27 bits\n"
	"\tarray       :   32 bits\n"
	"\n"
	"\tpadding     : type == 29\n"
	"\ttime_extend : type == 30\n"
	"\ttime_stamp : type == 31\n"
	"\tdata max type_len  == 28\n";

static void put_le(unsigned char *p, unsigned long long v, int bytes)
{
	int i;

	for (i = 0; i < bytes; i++)
		p[i] = v >> (8 * i);
}

static void write_le(FILE *fp, unsigned long long v, int bytes)
{
	unsigned char b[8];

	put_le(b, v, bytes);
	fwrite(b, 1, bytes, fp);
}

/* A section: its 4- or 8-byte size, then the text */
static void write_sized(FILE *fp, const char *text, size_t len, int size_bytes)
{
	write_le(fp, len, size_bytes);
	fwrite(text, 1, len, fp);
}

static int write_event_formats(const struct tg_scenario *sc, FILE *fp)
{
	int kind, nr = 0;
	size_t len;
	char *text;

	for (kind = 0; kind < TG_NR_EVENTS; kind++)
		nr += !(sc->omit & (1u << kind));
	fwrite("kvm", 1, 4, fp);
	write_le(fp, (unsigned long long)nr, 4);
	for (kind = 0; kind < TG_NR_EVENTS; kind++) {
		if (sc->omit & (1u << kind))
			continue;
		text = tg_event_format(kind, &len);
		if (!text)
			return -1;
		write_sized(fp, text, len, 8);
		free(text);
	}
	return 0;
}

static int write_cmdlines(const struct tg_scenario *sc, FILE *fp)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem;
	size_t i;

	mem = open_memstream(&buf, &len);
	if (!mem)
		return -1;
	for (i = 0; i < sc->nr_comms; i++)
		fprintf(mem, "%d %s\n", sc->comms[i].pid, sc->comms[i].name);
	if (fclose(mem)) {
		free(buf);
		return -1;
	}
	write_sized(fp, buf, len, 8);
	free(buf);
	return 0;
}

static void write_option(FILE *fp, int id, const char *text)
{
	size_t len = strlen(text) + 1;

	write_le(fp, id, 2);
	write_sized(fp, text, len, 4);
}

static void write_options(const struct tg_scenario *sc, FILE *fp)
{
	char uname[256];

	fwrite("options  ", 1, 10, fp);
	write_option(fp, TG_OPTION_TRACECLOCK,
		     "[" TG_CLOCK "] global counter uptime perf mono mono_raw boot\n");
	if (sc->release) {
		snprintf(uname, sizeof(uname), "Linux testbed %s aarch64",
			 sc->release);
		write_option(fp, TG_OPTION_UNAME, uname);
	}
	write_le(fp, TG_OPTION_DONE, 2);
}

/* Everything before the CPU data; returns the offset of the CPU table */
static off_t write_headers(struct tg_scenario *sc, FILE *fp, int cpus)
{
	off_t table;
	int cpu;

	fwrite("\x17\x08\x44tracing6", 1, 11, fp);
	fputc(0, fp);		/* NUL ending the version string */
	fputc(0, fp);		/* little-endian */
	fputc(8, fp);		/* long size */
	write_le(fp, TG_PAGE_SIZE, 4);
	fwrite("header_page", 1, 12, fp);
	write_sized(fp, header_page, strlen(header_page), 8);
	fwrite("header_event", 1, 13, fp);
	write_sized(fp, header_event, strlen(header_event), 8);
	write_le(fp, 0, 4);	/* no ftrace event formats */
	write_le(fp, 1, 4);	/* one event system */
	if (write_event_formats(sc, fp))
		return -1;
	write_le(fp, 0, 4);	/* empty kallsyms */
	write_le(fp, 0, 4);	/* empty printk formats */
	if (write_cmdlines(sc, fp))
		return -1;
	write_le(fp, cpus, 4);
	write_options(sc, fp);
	fwrite("flyrecord", 1, 10, fp);
	table = ftello(fp);
	for (cpu = 0; cpu < cpus; cpu++) {
		write_le(fp, 0, 8);
		write_le(fp, 0, 8);
	}
	write_sized(fp, "[" TG_CLOCK "]", strlen("[" TG_CLOCK "]"), 8);
	return table;
}

/**
 * struct tg_page - the ring buffer page being filled
 * @buf:	the page; header then data
 * @used:	bytes of data written (the commit)
 * @open:	an event has been written to the page
 * @last_ts:	timestamp the next delta is relative to
 * @lost:	lost marker pending for the next page
 * @lost_count:	events lost, TG_LOST_UNKNOWN when not known
 * @pages:	pages written so far
 */
struct tg_page {
	unsigned char		buf[TG_PAGE_SIZE];
	unsigned int		used;
	bool			open;
	unsigned long long	last_ts;
	bool			lost;
	unsigned long long	lost_count;
	unsigned long long	pages;
};

static int flush_page(struct tg_page *pg, FILE *fp)
{
	unsigned long long commit = pg->used;

	if (!pg->open)
		return 0;
	if (pg->lost) {
		commit |= RB_MISSED_EVENTS;
		if (pg->lost_count != TG_LOST_UNKNOWN) {
			put_le(pg->buf + TG_PAGE_HDR + pg->used, pg->lost_count, 8);
			commit |= RB_MISSED_STORED;
		}
		pg->lost = false;
		pg->lost_count = 0;
	}
	put_le(pg->buf + 8, commit, 8);
	if (fwrite(pg->buf, 1, TG_PAGE_SIZE, fp) != TG_PAGE_SIZE)
		return -1;
	pg->pages++;
	pg->open = false;
	return 0;
}

static void open_page(struct tg_page *pg, unsigned long long ts)
{
	memset(pg->buf, 0, sizeof(pg->buf));
	put_le(pg->buf, ts, 8);
	pg->used = 0;
	pg->last_ts = ts;
	pg->open = true;
}

static void put_payload(unsigned char *p, const struct tg_event *ev)
{
	put_le(p, tg_event_id(ev->kind), 2);
	put_le(p + 4, (unsigned int)ev->pid, 4);
	switch (ev->kind) {
	case TG_EXIT:
		put_le(p + 8, ev->x, 4);
		put_le(p + 12, ev->y, 4);
		put_le(p + 16, ev->pc, 8);
		break;
	case TG_HVC:
		put_le(p + 8, ev->pc, 8);
		put_le(p + 16, ev->r0, 8);
		put_le(p + 24, ev->x, 8);
		break;
	case TG_UEXIT:
		put_le(p + 8, ev->x, 4);
		put_le(p + 12, ev->y, 4);
		break;
	default:
		put_le(p + 8, ev->pc, 8);
		break;
	}
}

static int add_to_page(struct tg_page *pg, const struct tg_event *ev, FILE *fp)
{
	unsigned int size = tg_event_size(ev->kind);
	unsigned long long delta;
	unsigned int need, room;
	unsigned char *p;

	if (pg->open) {
		delta = ev->ts - pg->last_ts;
		need = 4 + size + (delta > TG_DELTA_MAX ? 8 : 0);
		/* a stored lost count needs 8 bytes after the data */
		room = TG_PAGE_DATA - pg->used - (pg->lost ? 8 : 0);
		if (need > room && flush_page(pg, fp))
			return -1;
	}
	if (!pg->open)
		open_page(pg, ev->ts);
	p = pg->buf + TG_PAGE_HDR + pg->used;
	delta = ev->ts - pg->last_ts;
	if (delta > TG_DELTA_MAX) {
		put_le(p, RB_TYPE_TIME_EXTEND | (delta & TG_DELTA_MAX) << 5, 4);
		put_le(p + 4, delta >> 27, 4);
		p += 8;
		pg->used += 8;
		delta = 0;
	}
	put_le(p, size / 4 | delta << 5, 4);
	put_payload(p + 4, ev);
	pg->used += 4 + size;
	pg->last_ts = ev->ts;
	return 0;
}

/* Several markers in a row add up; one unknown count makes the sum unknown */
static void add_lost(struct tg_page *pg, unsigned long long count)
{
	if (!pg->lost)
		pg->lost_count = count;
	else if (pg->lost_count == TG_LOST_UNKNOWN || count == TG_LOST_UNKNOWN)
		pg->lost_count = TG_LOST_UNKNOWN;
	else
		pg->lost_count += count;
	pg->lost = true;
}

static int write_cpu(struct tg_scenario *sc, int cpu, FILE *fp,
		     unsigned long long *pages)
{
	struct tg_cpu *c = &sc->cpus[cpu];
	struct tg_page *pg;
	size_t i;
	int ret = 0;

	pg = calloc(1, sizeof(*pg));
	if (!pg)
		return -1;
	for (i = 0; i < c->nr && !ret; i++) {
		const struct tg_event *ev = &c->events[i];

		if (ev->kind != TG_LOST) {
			ret = add_to_page(pg, ev, fp);
			continue;
		}
		ret = flush_page(pg, fp);
		add_lost(pg, ev->pc);
	}
	if (!ret)
		ret = flush_page(pg, fp);
	*pages = pg->pages;
	free(pg);
	return ret;
}

static int cmp_event(const void *a, const void *b)
{
	const struct tg_event *ea = a, *eb = b;

	if (ea->ts != eb->ts)
		return ea->ts < eb->ts ? -1 : 1;
	return ea->seq < eb->seq ? -1 : ea->seq > eb->seq;
}

/* Events by time; a lost marker must be followed by an event of its CPU */
static int sort_cpu(struct tg_scenario *sc, int cpu)
{
	struct tg_cpu *c = &sc->cpus[cpu];

	qsort(c->events, c->nr, sizeof(*c->events), cmp_event);
	if (c->nr && c->events[c->nr - 1].kind == TG_LOST) {
		sc->line = 0;
		return tg_error(sc, "lost marker at %llu on CPU %d has no later event on that CPU",
				c->events[c->nr - 1].ts, cpu);
	}
	return 0;
}

static void pad_to_page(FILE *fp)
{
	off_t pos = ftello(fp);

	while (pos++ % TG_PAGE_SIZE)
		fputc(0, fp);
}

/**
 * tg_write_dat - write the scenario's events as a trace-cmd data file
 * @sc: the scenario; its per-CPU events get sorted by time
 * @fp: a seekable stream positioned at its start
 *
 * Returns 0, or -1 with a message printed.
 */
int tg_write_dat(struct tg_scenario *sc, FILE *fp)
{
	unsigned long long pages;
	int cpus = tg_total_cpus(sc);
	off_t table, start;
	int cpu;

	for (cpu = 0; cpu < sc->nr_cpus; cpu++)
		if (sort_cpu(sc, cpu))
			return -1;
	table = write_headers(sc, fp, cpus);
	if (table < 0)
		goto fail;
	pad_to_page(fp);
	for (cpu = 0; cpu < cpus; cpu++) {
		start = ftello(fp);
		pages = 0;
		if (cpu < sc->nr_cpus && write_cpu(sc, cpu, fp, &pages))
			goto fail;
		if (fseeko(fp, table + 16 * cpu, SEEK_SET))
			goto fail;
		write_le(fp, start, 8);
		write_le(fp, pages * TG_PAGE_SIZE, 8);
		if (fseeko(fp, 0, SEEK_END))
			goto fail;
	}
	if (fflush(fp) || ferror(fp))
		goto fail;
	return 0;
 fail:
	return tg_error(sc, "writing the trace data: %s", strerror(errno));
}
