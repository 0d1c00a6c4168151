// SPDX-License-Identifier: GPL-2.0
/*
 * smccctrace export --format csv|json: calls and sessions one row each,
 * with the columns of the database's call_view and session_view, the
 * names joined in, and the host and session identity (host, session id,
 * the session's first time stamp) in every row, so that many hosts' rows
 * go into one table without clashes. An unknown value is an empty CSV
 * field (or --null's text) and a JSON null.
 */
#include <inttypes.h>
#include <stdio.h>

#include <smccctrace/smccc.h>

#include "export.h"

enum field_type {
	FIELD_NULL,
	FIELD_U64,
	FIELD_I64,
	FIELD_STR,
};

/* One value of a row; strings belong to the caller of the row */
struct field {
	enum field_type	type;
	uint64_t	u;
	int64_t		i;
	const char	*s;
};

static const char *const call_names[] = {
	"host", "kernel", "session", "session_first_ns", "seq", "tid", "thread",
	"vcpu", "vm", "func_id", "func", "name", "owner", "range", "conduit",
	"location", "incomplete", "ec", "imm", "pc", "cpu", "t_exit", "t_uexit",
	"t_entry", "total_ns", "out_ns", "back_ns", "t_vmm_exit", "t_vmm_resume",
	"kernel_out_ns", "vmm_ns", "kernel_in_ns", "x0", "x1", "x2", "x3", "args",
};

static const char *const session_names[] = {
	"host", "kernel", "session", "first_ns", "last_ns", "kind", "source",
	"source_size", "clock", "created", "ended", "calls", "forwarded_calls",
	"kernel_calls", "denied_calls", "unknown_location_calls",
	"incomplete_calls", "lost_events", "replay_of", "filter",
};

#define NR_CALL_FIELDS		(sizeof(call_names) / sizeof(call_names[0]))
#define NR_SESSION_FIELDS	(sizeof(session_names) / sizeof(session_names[0]))

static struct field f_u64(uint64_t v)
{
	return (struct field){ .type = FIELD_U64, .u = v };
}

static struct field f_i64(int64_t v)
{
	return (struct field){ .type = FIELD_I64, .i = v };
}

static struct field f_str(const char *s)
{
	return (struct field){ .type = s ? FIELD_STR : FIELD_NULL, .s = s };
}

/* A time stamp or latency: null when not known */
static struct field f_time(uint64_t ns)
{
	return ns == SCT_NO_TIME ? f_str(NULL) : f_u64(ns);
}

/* @to - @from when both are known (the shim's split of a forwarded call) */
static struct field f_span(uint64_t from, uint64_t to)
{
	if (from == SCT_NO_TIME || to == SCT_NO_TIME)
		return f_str(NULL);
	return f_i64((int64_t)(to - from));
}

/* -1 is "not known" for vCPU, VM and CPU */
static struct field f_index(int32_t v)
{
	return v < 0 ? f_str(NULL) : f_i64(v);
}

static const char *const *row_names(const struct export *e, size_t *nr)
{
	if (e->table == EXPORT_SESSIONS) {
		*nr = NR_SESSION_FIELDS;
		return session_names;
	}
	*nr = NR_CALL_FIELDS;
	return call_names;
}

static void csv_field(struct sct_csv *c, const struct field *f, const char *null_text)
{
	char num[24];

	switch (f->type) {
	case FIELD_U64:
		sct_csv_u64(c, f->u);
		break;
	case FIELD_I64:
		snprintf(num, sizeof(num), "%" PRId64, f->i);
		sct_csv_str(c, num);
		break;
	case FIELD_STR:
		sct_csv_str(c, f->s);
		break;
	default:
		sct_csv_str(c, null_text);
		break;
	}
}

static void json_field(struct sct_json *j, const char *key, const struct field *f)
{
	switch (f->type) {
	case FIELD_U64:
		sct_json_u64(j, key, f->u);
		break;
	case FIELD_I64:
		sct_json_i64(j, key, f->i);
		break;
	case FIELD_STR:
		sct_json_str(j, key, f->s);
		break;
	default:
		sct_json_null(j, key);
		break;
	}
}

static void write_row(struct export *e, const struct field *f)
{
	const char *const *names;
	size_t i, nr;

	names = row_names(e, &nr);
	if (e->format == EXPORT_CSV) {
		for (i = 0; i < nr; i++)
			csv_field(&e->csv, &f[i], e->null_text);
		sct_csv_end_row(&e->csv);
		return;
	}
	sct_json_begin_object(&e->json, NULL);
	for (i = 0; i < nr; i++)
		json_field(&e->json, names[i], &f[i]);
	sct_json_end_object(&e->json);
}

/**
 * export_rows_begin - the CSV header line, or the JSON object and array
 * @e: the export, its stream open
 */
void export_rows_begin(struct export *e)
{
	const char *const *names;
	size_t i, nr;

	names = row_names(e, &nr);
	if (e->format == EXPORT_CSV) {
		sct_csv_init(&e->csv, e->out);
		for (i = 0; i < nr; i++)
			sct_csv_str(&e->csv, names[i]);
		sct_csv_end_row(&e->csv);
		return;
	}
	sct_json_init(&e->json, e->out);
	sct_json_begin_object(&e->json, NULL);
	sct_json_begin_array(&e->json, e->table == EXPORT_SESSIONS ? "sessions" : "calls");
}

/**
 * export_rows_end - close the JSON array and object; CSV needs nothing
 * @e: the export
 */
void export_rows_end(struct export *e)
{
	if (e->format != EXPORT_JSON)
		return;
	sct_json_end_array(&e->json);
	sct_json_end_object(&e->json);
	fputc('\n', e->out);
}

/**
 * export_session_row - one session's row
 * @e: the export
 * @s: the session
 */
void export_session_row(struct export *e, const struct sct_session *s)
{
	struct field f[NR_SESSION_FIELDS] = {
		f_str(s->host), f_str(s->kernel), f_i64(s->id),
		f_time(s->first_ns), f_time(s->last_ns), f_str(s->kind),
		f_str(s->source), s->source_size ? f_u64(s->source_size) : f_str(NULL),
		f_str(s->clock), f_str(s->created), f_str(s->ended),
		f_u64(s->calls), f_u64(s->forwarded), f_u64(s->kernel_calls),
		f_u64(s->denied), f_u64(s->unknown), f_u64(s->incomplete),
		f_u64(s->lost_events), s->replay_of ? f_i64(s->replay_of) : f_str(NULL),
		f_str(s->filter_json),
	};

	write_row(e, f);
}

/* Registers as "0x1,0x0,..." into @buf; NULL when none */
static const char *regs(const uint64_t *v, unsigned int n, char *buf, size_t size)
{
	size_t len = 0;
	unsigned int i;

	if (!n)
		return NULL;
	buf[0] = '\0';
	for (i = 0; i < n && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s0x%" PRIx64, i ? "," : "", v[i]);
	return buf;
}

/* "0x84000000", or "unknown" as call_view has it */
static const char *func_text(const struct sct_call *c, char *buf, size_t size)
{
	snprintf(buf, size, c->id_known ? "0x%08" PRIx32 : "unknown", c->func_id);
	return buf;
}

static const char *owner_of(uint32_t id)
{
	struct sct_id_info info;

	sct_decode(id, &info);
	return info.owner_name;
}

static struct field f_result(const struct sct_call *c, unsigned int i)
{
	return i < c->nresults ? f_u64(c->results[i]) : f_str(NULL);
}

/**
 * export_call_row - one call's row (an sct_store_foreach_selected() callback)
 * @c: the call, of the session @data's ->s
 * @data: the struct export
 *
 * Returns 0.
 */
int export_call_row(const struct sct_call *c, void *data)
{
	char func[16], range[SCT_RANGE_BUFSZ], args[SCT_MAX_ARGS * 20];
	struct export *e = data;
	struct field f[NR_CALL_FIELDS] = {
		f_str(e->s->host), f_str(e->s->kernel), f_i64(e->s->id),
		f_time(e->s->first_ns), f_u64(c->seq), f_i64(c->tid),
		f_str(listing_thread_name(&e->threads, c->tid)), f_index(c->vcpu), f_index(c->vm),
		c->id_known ? f_u64(c->func_id) : f_str(NULL),
		f_str(func_text(c, func, sizeof(func))),
		f_str(c->id_known ? sct_function_name(c->func_id) : NULL),
		f_str(c->id_known ? owner_of(c->func_id) : NULL),
		f_str(c->id_known ? sct_range_name(c->func_id, range, sizeof(range)) : NULL),
		f_str(sct_conduit_name(c->conduit)), f_str(sct_location_name(c->location)),
		f_u64(c->incomplete), c->ec ? f_u64(c->ec) : f_str(NULL), f_u64(c->imm),
		c->pc ? f_u64(c->pc) : f_str(NULL), f_index(c->cpu),
		f_time(c->t_exit), f_time(c->t_uexit), f_time(c->t_entry),
		f_time(sct_call_total_ns(c)), f_time(sct_call_out_ns(c)),
		f_time(sct_call_back_ns(c)), f_time(c->t_vmm_exit), f_time(c->t_vmm_resume),
		f_span(c->t_exit, c->t_vmm_exit), f_span(c->t_vmm_exit, c->t_vmm_resume),
		f_span(c->t_vmm_resume, c->t_entry),
		f_result(c, 0), f_result(c, 1), f_result(c, 2), f_result(c, 3),
		f_str(regs(c->args, c->nargs, args, sizeof(args))),
	};

	write_row(e, f);
	return 0;
}
