// SPDX-License-Identifier: LGPL-2.1
/*
 * Reading the store: sessions, their exit counts and their calls, each
 * filled back into the structs they were written from. The statements of
 * a selected read are built in store-select.c.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smccctrace/select.h>

#include "internal.h"
#include "store-internal.h"

/*
 * The session columns of each schema version (older ones read-only);
 * before version 5, a session with its counters had ended
 */
static const char *session_columns(const struct sct_store *store)
{
	if (store->version >= 5)
		return "id, kind, source, host, kernel_release, clock, created, filter,"
		       " calls, forwarded_calls, kernel_calls, denied_calls,"
		       " unknown_location_calls, incomplete_calls, lost_events,"
		       " first_ns, last_ns, replay_of, source_size, ended";
	if (store->version >= 4)
		return "id, kind, source, host, kernel_release, clock, created, filter,"
		       " calls, forwarded_calls, kernel_calls, denied_calls,"
		       " unknown_location_calls, incomplete_calls, lost_events,"
		       " first_ns, last_ns, replay_of, source_size,"
		       " CASE WHEN calls IS NULL THEN NULL ELSE created END";
	if (store->version >= 2)
		return "id, kind, source, host, kernel, clock, created, filter, calls,"
		       " forwarded, kernel_calls, denied, unknown, incomplete, lost_events,"
		       " first_ns, last_ns, replay_of, NULL,"
		       " CASE WHEN calls IS NULL THEN NULL ELSE created END";
	return "id, kind, source, host, kernel, clock, created, filter, calls,"
	       " forwarded, kernel_calls, denied, unknown, incomplete, lost_events,"
	       " first_ns, last_ns, NULL, NULL,"
	       " CASE WHEN calls IS NULL THEN NULL ELSE created END";
}

/*
 * Version 7's calls: the columns of call_extras joined when the session
 * has some. The stored columns are read, not the generated ones, which
 * SQLite would compute for every row: calls.id in the place of seq, fid
 * in that of func_id, flags in that of conduit (of location in the
 * timing-only statement, enum timing_col), decoded by fill_packed().
 */
static const char *calls_v7_sql(const struct call_read *cr)
{
	if (cr->extras && cr->timing_only)
		return "SELECT c.fid, c.flags, NULL, c.t_exit, c.d_uexit,"
		       " c.d_entry, e.d_vmm_exit, e.d_vmm_resume, c.vcpu, c.tid"
		       " FROM calls c LEFT JOIN call_extras e ON e.id = c.id WHERE c." SESSION_CALLS_SQL;
	if (cr->extras)
		return "SELECT c.id, c.tid, c.vcpu, c.fid, c.flags, NULL, NULL, NULL,"
		       " ifnull(e.imm, 0), c.pc, c.cpu, c.t_exit, c.d_uexit,"
		       " c.d_entry, e.args, e.x0, e.x1, e.x2, e.x3, e.d_vmm_exit, e.d_vmm_resume,"
		       " c.vm FROM calls c LEFT JOIN call_extras e ON e.id = c.id"
		       " WHERE c." SESSION_CALLS_SQL;
	if (cr->timing_only)
		return "SELECT fid, flags, NULL, t_exit, d_uexit, d_entry,"
		       " NULL, NULL, vcpu, tid FROM calls c WHERE c." SESSION_CALLS_SQL;
	return "SELECT c.id, tid, vcpu, fid, flags, NULL, NULL, NULL,"
	       " 0, pc, cpu, t_exit, d_uexit, d_entry, NULL, NULL, NULL, NULL,"
	       " NULL, NULL, NULL, vm FROM calls c WHERE c." SESSION_CALLS_SQL;
}

/*
 * The calls' columns, in the same places in every version: a version 1
 * or 2 file (read-only, not migrated) has no calls.vm; version 6 has
 * times relative to the session's base_ns and to t_exit (see
 * struct call_read); version 7 has some columns in call_extras
 */
const char *sct_store_calls_sql(const struct sct_store *store, const struct call_read *cr)
{
	if (store->version >= 7)
		return calls_v7_sql(cr);
	if (store->version >= 6 && cr->timing_only)
		return "SELECT func_id, location, incomplete, t_exit, d_uexit, d_entry,"
		       " d_vmm_exit, d_vmm_resume, vcpu, tid FROM calls WHERE session = ?";
	if (store->version >= 6)
		return "SELECT seq, tid, vcpu, func_id, conduit, location, incomplete, ec,"
		       " imm, pc, cpu, t_exit, d_uexit, d_entry, args, x0, x1, x2, x3,"
		       " d_vmm_exit, d_vmm_resume, vm FROM calls WHERE session = ?";
	return store->version < 3 ?
	       "SELECT seq, tid, vcpu, func_id, conduit, location, incomplete, ec,"
	       " imm, pc, cpu, t_exit, t_uexit, t_entry, args, x0, x1, x2, x3,"
	       " t_vmm_exit, t_vmm_resume, NULL FROM calls WHERE session = ?" :
	       "SELECT seq, tid, vcpu, func_id, conduit, location, incomplete, ec,"
	       " imm, pc, cpu, t_exit, t_uexit, t_entry, args, x0, x1, x2, x3,"
	       " t_vmm_exit, t_vmm_resume, vm FROM calls WHERE session = ?";
}

/* Column of x0 in sct_store_calls_sql() */
#define COL_X0	15

/* The columns of its timing-only statement (version 6 on) */
enum timing_col {
	TC_FUNC_ID, TC_LOCATION, TC_INCOMPLETE, TC_T_EXIT, TC_D_UEXIT, TC_D_ENTRY,
	TC_D_VMM_EXIT, TC_D_VMM_RESUME, TC_VCPU, TC_TID,
};

/* ---- sessions ---- */

static int dup_column(sqlite3_stmt *stmt, int col, char **str)
{
	const unsigned char *text;

	text = sqlite3_column_text(stmt, col);
	if (!text) {
		*str = NULL;
		return 0;
	}
	*str = strdup((const char *)text);
	return *str ? 0 : -1;
}

static uint64_t column_u64(sqlite3_stmt *stmt, int col)
{
	return sct_sql_to_u64(sqlite3_column_int64(stmt, col));
}

/* NULL is SCT_NO_TIME */
static uint64_t column_time(sqlite3_stmt *stmt, int col)
{
	if (sqlite3_column_type(stmt, col) == SQLITE_NULL)
		return SCT_NO_TIME;
	return column_u64(stmt, col);
}

/* NULL is -1 */
static int32_t column_index(sqlite3_stmt *stmt, int col)
{
	if (sqlite3_column_type(stmt, col) == SQLITE_NULL)
		return -1;
	return sqlite3_column_int(stmt, col);
}

static int fill_session(struct sct_store *store, sqlite3_stmt *stmt,
			struct sct_session *s)
{
	memset(s, 0, sizeof(*s));
	s->id = sqlite3_column_int64(stmt, 0);
	if (dup_column(stmt, 1, &s->kind) || dup_column(stmt, 2, &s->source) ||
	    dup_column(stmt, 3, &s->host) || dup_column(stmt, 4, &s->kernel) ||
	    dup_column(stmt, 5, &s->clock) || dup_column(stmt, 6, &s->created) ||
	    dup_column(stmt, 7, &s->filter_json) || dup_column(stmt, 19, &s->ended)) {
		sct_session_release(s);
		return sct_set_error(ENOMEM, "%s: out of memory", store->path);
	}
	s->calls = column_u64(stmt, 8);
	s->forwarded = column_u64(stmt, 9);
	s->kernel_calls = column_u64(stmt, 10);
	s->denied = column_u64(stmt, 11);
	s->unknown = column_u64(stmt, 12);
	s->incomplete = column_u64(stmt, 13);
	s->lost_events = column_u64(stmt, 14);
	s->first_ns = column_time(stmt, 15);
	s->last_ns = column_time(stmt, 16);
	s->replay_of = sqlite3_column_int64(stmt, 17);
	s->source_size = column_u64(stmt, 18);
	return 0;
}

static int no_session(struct sct_store *store, int64_t id)
{
	if (!id)
		return sct_set_error(ENOENT, "%s: no sessions", store->path);
	return sct_set_error(ENOENT, "%s: no session %" PRId64, store->path, id);
}

/**
 * sct_store_get_session - read one session
 * @store: the store
 * @id: the session's id, or 0 for the newest session (the highest id)
 * @session: filled in; the caller frees its strings with
 *           sct_session_release()
 *
 * A session still being written reads with its counters 0. Returns 0, or
 * -1 with errno (ENOENT when there is no such session) and the error set;
 * then @session holds nothing to free.
 */
int sct_store_get_session(struct sct_store *store, int64_t id,
			  struct sct_session *session)
{
	sqlite3_stmt *stmt;
	char sql[400];
	int ret;
	int rc;

	memset(session, 0, sizeof(*session));
	snprintf(sql, sizeof(sql), "SELECT %s FROM sessions %s",
		 session_columns(store), id ? "WHERE id = ?" : "ORDER BY id DESC LIMIT 1");
	if (sct_store_prepare(store, sql, &stmt, "read session"))
		return -1;
	if (id)
		sqlite3_bind_int64(stmt, 1, id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		ret = fill_session(store, stmt, session);
	else if (rc == SQLITE_DONE)
		ret = no_session(store, id);
	else
		ret = sct_store_sql_error(store, rc, "read session");
	sqlite3_finalize(stmt);
	return ret;
}

/**
 * sct_store_foreach_session - call @fn for every session, in id order
 * @store: the store
 * @fn: called with each session, which is only valid during the call and
 *      belongs to the store; a nonzero return stops the walk
 * @data: passed to @fn
 *
 * Returns the first nonzero value @fn returned, 0 when the walk ended, or
 * -1 with the error set when reading failed.
 */
int sct_store_foreach_session(struct sct_store *store,
			      int (*fn)(const struct sct_session *s, void *data),
			      void *data)
{
	struct sct_session s;
	int rc = SQLITE_DONE;
	sqlite3_stmt *stmt;
	char sql[400];
	int ret = 0;

	snprintf(sql, sizeof(sql), "SELECT %s FROM sessions ORDER BY id",
		 session_columns(store));
	if (sct_store_prepare(store, sql, &stmt, "read sessions"))
		return -1;
	while (!ret && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (fill_session(store, stmt, &s)) {
			ret = -1;
			break;
		}
		ret = fn(&s, data);
		sct_session_release(&s);
	}
	if (!ret && rc != SQLITE_DONE)
		ret = sct_store_sql_error(store, rc, "read sessions");
	sqlite3_finalize(stmt);
	return ret;
}

static const char *check_session_sql(const struct sct_store *store)
{
	if (store->version >= 7)
		return "SELECT ifnull(base_ns, 0), EXISTS (SELECT 1 FROM call_extras"
		       " WHERE " SESSION_CALLS_SQL ") FROM sessions WHERE id = ?1";
	if (store->version >= 6)
		return "SELECT ifnull(base_ns, 0), 0 FROM sessions WHERE id = ?";
	return "SELECT 0, 0 FROM sessions WHERE id = ?";
}

/* The session is there; @cr, when given, is how its calls read */
static int check_session(struct sct_store *store, int64_t id, struct call_read *cr)
{
	sqlite3_stmt *stmt;
	int rc;

	if (sct_store_prepare(store, check_session_sql(store), &stmt, "read session"))
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW && cr) {
		memset(cr, 0, sizeof(*cr));
		cr->relative = store->version >= 6;
		cr->base = column_u64(stmt, 0);
		cr->keyed = store->version >= 7;
		cr->key_base = cr->keyed ? id << 32 : 0;
		cr->extras = sqlite3_column_int(stmt, 1) != 0;
	}
	sqlite3_finalize(stmt);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return no_session(store, id);
	return sct_store_sql_error(store, rc, "read session");
}

/* ---- exits ---- */

/**
 * sct_store_foreach_exit - call @fn for every exits row of a session
 * @store: the store
 * @session: the session's id
 * @fn: called with each row, which is only valid during the call and
 *      belongs to the store; a nonzero return stops the walk
 * @data: passed to @fn
 *
 * Rows come in the order they were written: traps by exception class,
 * irq, serror, other, userspace by exit reason, eintr, lost_markers, lost by CPU.
 * Returns the first nonzero value @fn returned, 0 when the walk ended, or
 * -1 with the error set (ENOENT for a missing session).
 */
int sct_store_foreach_exit(struct sct_store *store, int64_t session,
			   int (*fn)(const struct sct_exit_count *e, void *data),
			   void *data)
{
	struct sct_exit_count e;
	int rc = SQLITE_DONE;
	sqlite3_stmt *stmt;
	int ret = 0;

	if (check_session(store, session, NULL) ||
	    sct_store_prepare(store,
			      "SELECT kind, code, name, count FROM exits"
			      " WHERE session = ? ORDER BY rowid",
			      &stmt, "read exits"))
		return -1;
	sqlite3_bind_int64(stmt, 1, session);
	while (!ret && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		e.kind = (const char *)sqlite3_column_text(stmt, 0);
		e.code = sqlite3_column_int64(stmt, 1);
		e.name = (const char *)sqlite3_column_text(stmt, 2);
		e.count = column_u64(stmt, 3);
		ret = fn(&e, data);
	}
	if (!ret && rc != SQLITE_DONE)
		ret = sct_store_sql_error(store, rc, "read exits");
	sqlite3_finalize(stmt);
	return ret;
}

/* ---- calls ---- */

/*
 * The JSON array of signed 64-bit integers that args holds (a register's
 * bits), as the store writes it; anything else there reads as no
 * arguments.
 */
static unsigned int parse_args(const char *s, uint64_t *args)
{
	unsigned int n = 0;
	char *end;

	if (!s || *s++ != '[')
		return 0;
	if (*s == ']')
		return 0;
	for (;;) {
		if (n == SCT_MAX_ARGS || (*s != '-' && (*s < '0' || *s > '9')))
			return 0;
		errno = 0;
		args[n++] = (uint64_t)strtoll(s, &end, 10);
		if (errno || end == s)
			return 0;
		s = end;
		if (*s == ']')
			return s[1] ? 0 : n;
		if (*s++ != ',')
			return 0;
	}
}

/* A stored time: NULL is SCT_NO_TIME; a relative one counts from @from */
static uint64_t column_time_from(sqlite3_stmt *stmt, int col, uint64_t from)
{
	if (sqlite3_column_type(stmt, col) == SQLITE_NULL)
		return SCT_NO_TIME;
	return from + column_u64(stmt, col);
}

/* The times of the row: t_exit, t_uexit, t_entry, t_vmm_exit, t_vmm_resume */
static void fill_times(sqlite3_stmt *stmt, const struct call_read *cr,
		       struct sct_call *call)
{
	uint64_t base = cr->relative ? cr->base : 0, anchor;

	call->t_exit = column_time_from(stmt, 11, base);
	anchor = cr->relative && call->t_exit != SCT_NO_TIME ? call->t_exit : base;
	call->t_uexit = column_time_from(stmt, 12, anchor);
	call->t_entry = column_time_from(stmt, 13, anchor);
	call->t_vmm_exit = column_time_from(stmt, COL_X0 + 4, anchor);
	call->t_vmm_resume = column_time_from(stmt, COL_X0 + 5, anchor);
}

/*
 * A time of the timing-only statement, from its value: the column's value
 * is read once for its type and its integer (sqlite3_column_type() and
 * sqlite3_column_int64() would each look it up). The connection is never
 * shared between threads, which reading an unprotected value asks for.
 */
static uint64_t value_time(sqlite3_stmt *stmt, int col, uint64_t from)
{
	sqlite3_value *v = sqlite3_column_value(stmt, col);

	if (sqlite3_value_type(v) == SQLITE_NULL)
		return SCT_NO_TIME;
	return from + sct_sql_to_u64(sqlite3_value_int64(v));
}

/*
 * A row of the timing-only statement into @call, whose other fields the
 * caller zeroed once: only what grouping reads, each column read once
 */
static void fill_timing(sqlite3_stmt *stmt, const struct call_read *cr,
			struct sct_call *call)
{
	sqlite3_value *v = sqlite3_column_value(stmt, TC_FUNC_ID);
	uint64_t anchor;
	int64_t flags;

	call->id_known = sqlite3_value_type(v) != SQLITE_NULL;
	call->func_id = (uint32_t)sqlite3_value_int64(v);
	if (cr->keyed) {
		flags = sqlite3_value_int64(sqlite3_column_value(stmt, TC_LOCATION));
		call->func_id += call->id_known ? FID_BIAS : 0;
		call->location = (uint8_t)(flags & 3);
		call->incomplete = (flags >> 2) & 1;
	} else {
		call->location = (uint8_t)sqlite3_value_int(sqlite3_column_value(stmt, TC_LOCATION));
		call->incomplete = sqlite3_value_int(sqlite3_column_value(stmt, TC_INCOMPLETE)) != 0;
	}
	call->t_exit = value_time(stmt, TC_T_EXIT, cr->base);
	anchor = call->t_exit != SCT_NO_TIME ? call->t_exit : cr->base;
	call->t_uexit = value_time(stmt, TC_D_UEXIT, anchor);
	call->t_entry = value_time(stmt, TC_D_ENTRY, anchor);
	call->t_vmm_exit = value_time(stmt, TC_D_VMM_EXIT, anchor);
	call->t_vmm_resume = value_time(stmt, TC_D_VMM_RESUME, anchor);
	v = sqlite3_column_value(stmt, TC_VCPU);
	call->vcpu = sqlite3_value_type(v) == SQLITE_NULL ? -1 : sqlite3_value_int(v);
	call->tid = sqlite3_value_int(sqlite3_column_value(stmt, TC_TID));
	if (call->vcpu < 0 && cr->nr_threads)
		call->vcpu = sct_store_thread_vcpu(cr, call->tid);
}

/* Version 7's calls.id, fid and flags (see lib/store-schema.c) */
static void fill_packed(sqlite3_stmt *stmt, const struct call_read *cr,
			struct sct_call *call)
{
	int64_t flags = sqlite3_column_int64(stmt, 4);

	call->seq = (uint64_t)(sqlite3_column_int64(stmt, 0) - cr->key_base);
	call->func_id += call->id_known ? FID_BIAS : 0;
	call->conduit = (uint8_t)((flags >> 3) & 3);
	call->location = (uint8_t)(flags & 3);
	call->incomplete = (flags >> 2) & 1;
	call->ec = (uint32_t)(flags >> 5);
}

static void fill_call(sqlite3_stmt *stmt, const struct call_read *cr,
		      struct sct_call *call)
{
	unsigned int i;

	if (cr->timing_only && cr->relative) {
		fill_timing(stmt, cr, call);
		return;
	}
	memset(call, 0, sizeof(*call));
	call->seq = column_u64(stmt, 0);
	call->tid = sqlite3_column_int(stmt, 1);
	call->vcpu = column_index(stmt, 2);
	if (call->vcpu < 0 && cr->nr_threads)
		call->vcpu = sct_store_thread_vcpu(cr, call->tid);
	call->id_known = sqlite3_column_type(stmt, 3) != SQLITE_NULL;
	call->func_id = (uint32_t)sqlite3_column_int64(stmt, 3);
	call->conduit = (uint8_t)sqlite3_column_int(stmt, 4);
	call->location = (uint8_t)sqlite3_column_int(stmt, 5);
	call->incomplete = sqlite3_column_int(stmt, 6) != 0;
	fill_times(stmt, cr, call);
	if (cr->timing_only)
		return;
	call->ec = (uint32_t)sqlite3_column_int64(stmt, 7);
	if (cr->keyed)
		fill_packed(stmt, cr, call);
	call->imm = column_u64(stmt, 8);
	call->pc = column_u64(stmt, 9);
	call->cpu = column_index(stmt, 10);
	call->nargs = (uint8_t)parse_args((const char *)sqlite3_column_text(stmt, 14),
					  call->args);
	for (i = 0; i < SCT_MAX_RESULTS; i++) {
		if (sqlite3_column_type(stmt, COL_X0 + (int)i) == SQLITE_NULL)
			break;
		call->results[i] = column_u64(stmt, COL_X0 + (int)i);
	}
	call->nresults = (uint8_t)i;
	call->vm = column_index(stmt, COL_X0 + 6);
}


/*
 * One statement of a read; @left counts down the calls the limit allows.
 * Returns what sct_store_foreach_selected() does.
 */
static int read_step(struct sct_store *store, int64_t session,
		     const struct sct_selection *sel, const struct read_step *step,
		     uint64_t *left, int (*fn)(const struct sct_call *call, void *data),
		     void *data)
{
	struct sct_call call;
	int rc = SQLITE_DONE;
	sqlite3_stmt *stmt;
	int ret = 0;

	if (sct_store_prepare_selected(store, sel, step, *left, &stmt))
		return -1;
	memset(&call, 0, sizeof(call));
	sqlite3_bind_int64(stmt, 1, session);
	while (!ret && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		fill_call(stmt, step->cr, &call);
		(*left)--;
		ret = fn(&call, data);
	}
	if (!ret && rc != SQLITE_DONE)
		ret = sct_store_sql_error(store, rc, "read calls");
	sqlite3_finalize(stmt);
	return ret;
}

/**
 * sct_store_foreach_selected - call @fn for the calls of a session a selection takes
 * @store: the store
 * @session: the session's id
 * @sel: which calls, in what order, from where and how many; NULL for
 *       all in seq order
 * @fn: called with each call, filled as it was added; it is only valid
 *      during the call and belongs to the store; a nonzero return stops
 *      the walk
 * @data: passed to @fn
 *
 * Returns the first nonzero value @fn returned, 0 when the walk ended, or
 * -1 with the error set (ENOENT for a missing session).
 */
int sct_store_foreach_selected(struct sct_store *store, int64_t session,
			       const struct sct_selection *sel,
			       int (*fn)(const struct sct_call *call, void *data),
			       void *data)
{
	struct sct_selection all;
	struct read_step steps[2];
	size_t i, nr_steps;
	struct call_read cr;
	uint64_t left;
	int ret = 0;

	if (!sel) {
		sct_selection_init(&all);
		sel = &all;
	}
	if (check_session(store, session, &cr))
		return -1;
	if (sct_store_load_thread_vcpus(store, session, &cr)) {
		sct_store_free_thread_vcpus(&cr);
		return -1;
	}
	cr.timing_only = sel->timing_only;
	left = sel->limit;
	nr_steps = sct_store_plan_read(sel, &cr, steps);
	for (i = 0; !ret && i < nr_steps && (!sel->limit || left); i++)
		ret = read_step(store, session, sel, &steps[i], &left, fn, data);
	sct_store_free_thread_vcpus(&cr);
	return ret;
}

/**
 * sct_store_foreach_call - call @fn for every call of a session, in seq order
 * @store: the store
 * @session: the session's id
 * @fn: called with each call, filled as it was added; it is only valid
 *      during the call and belongs to the store; a nonzero return stops
 *      the walk
 * @data: passed to @fn
 *
 * Returns the first nonzero value @fn returned, 0 when the walk ended, or
 * -1 with the error set (ENOENT for a missing session).
 */
int sct_store_foreach_call(struct sct_store *store, int64_t session,
			   int (*fn)(const struct sct_call *call, void *data),
			   void *data)
{
	return sct_store_foreach_selected(store, session, NULL, fn, data);
}
