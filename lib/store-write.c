// SPDX-License-Identifier: LGPL-2.1
/*
 * Writing a session: one transaction from sct_store_begin_session() to
 * sct_store_commit_session(), or batches of it, each one a transaction
 * that its first write begins and sct_store_checkpoint() commits.
 * Calls go through one prepared INSERT that is bound, stepped and reset.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <smccctrace/smccc.h>

#include "internal.h"
#include "store-internal.h"

static const char insert_call_sql[] =
	"INSERT INTO calls (id, tid, vcpu, fid, flags, pc, cpu, t_exit, d_uexit,"
	" d_entry, vm) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";

static const char insert_extras_sql[] =
	"INSERT INTO call_extras (id, imm, args, x0, x1, x2, x3, d_vmm_exit,"
	" d_vmm_resume) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

/* Column of x0 in insert_extras_sql */
#define COL_X0	4

/* A call's calls.id: its session's id and its seq, which must fit 32 bits */
#define SEQ_BITS	32

/* ---- rows ---- */

/*
 * sct_store_add_function - add a row to the functions table
 * @id: the function ID
 * @name: its name, or NULL for the decoder's name (which may be NULL)
 *
 * An ID already in the table is left as it is. Returns 0, or -1 with the
 * error set.
 */
int sct_store_add_function(struct sct_store *store, uint32_t id,
			   const char *name)
{
	struct sct_id_info info;
	sqlite3_stmt *stmt;
	const char *range;
	char buf[64];
	int rc;

	if (!store->ins_func &&
	    sct_store_prepare(store,
			      "INSERT OR IGNORE INTO functions (id, name, owner, range)"
			      " VALUES (?, ?, ?, ?)",
			      &store->ins_func, "add function"))
		return -1;
	stmt = store->ins_func;
	sct_decode(id, &info);
	range = sct_range_name(id, buf, sizeof(buf));
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_text(stmt, 2, name ? name : info.name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(stmt, 3, (int)info.owner);
	sqlite3_bind_text(stmt, 4, range, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return sct_store_sql_error(store, rc, "add function");
	return 0;
}

static int note_function(struct sct_store *store, uint32_t id)
{
	if (sct_store_add_function(store, id, NULL))
		return -1;
	if (sct_id_set_add(&store->known, id))
		return sct_set_error(ENOMEM, "%s: out of memory", store->path);
	return 0;
}

static void bind_text_or_null(sqlite3_stmt *stmt, int col, const char *s)
{
	if (s)
		sqlite3_bind_text(stmt, col, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(stmt, col);
}

/**
 * sct_store_bind_time - bind a time to @stmt's column @col
 * @stmt: the statement; the caller's
 * @col: the column
 * @t: the time, SCT_NO_TIME for NULL
 * @from: what @t counts from (wrapping, as u64 do)
 */
void sct_store_bind_time(sqlite3_stmt *stmt, int col, uint64_t t, uint64_t from)
{
	if (t == SCT_NO_TIME)
		sqlite3_bind_null(stmt, col);
	else
		sqlite3_bind_int64(stmt, col, sct_u64_to_sql(t - from));
}

/* -1 is NULL */
static void bind_index(sqlite3_stmt *stmt, int col, int32_t v)
{
	if (v < 0)
		sqlite3_bind_null(stmt, col);
	else
		sqlite3_bind_int(stmt, col, v);
}

/* The arguments as a JSON array of signed 64-bit integers, or NULL */
static const char *args_json(struct sct_store *store,
			     const struct sct_call *call)
{
	char *end = store->args_buf + sizeof(store->args_buf);
	char *p = store->args_buf;
	unsigned int n, i;

	n = call->nargs < SCT_MAX_ARGS ? call->nargs : SCT_MAX_ARGS;
	if (!n)
		return NULL;
	*p++ = '[';
	for (i = 0; i < n; i++)
		p += snprintf(p, (size_t)(end - p), "%s%" PRId64, i ? "," : "",
			      sct_u64_to_sql(call->args[i]));
	snprintf(p, (size_t)(end - p), "]");
	return store->args_buf;
}

/* The first time the call has, or SCT_NO_TIME */
static uint64_t first_time(const struct sct_call *call)
{
	const uint64_t t[] = { call->t_exit, call->t_uexit, call->t_entry,
			       call->t_vmm_exit, call->t_vmm_resume };
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (t[i] != SCT_NO_TIME)
			return t[i];
	return SCT_NO_TIME;
}

/*
 * The session's times count from its base_ns: the first time of its
 * first call that has one, written into the session's row when seen
 */
static int set_base(struct sct_store *store, const struct sct_call *call)
{
	uint64_t t = first_time(call);
	sqlite3_stmt *stmt;
	int rc;

	if (t == SCT_NO_TIME)
		return 0;
	if (sct_store_prepare(store, "UPDATE sessions SET base_ns = ?2 WHERE id = ?1",
			      &stmt, "add call"))
		return -1;
	sqlite3_bind_int64(stmt, 1, store->session);
	sqlite3_bind_int64(stmt, 2, sct_u64_to_sql(t));
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return sct_store_sql_error(store, rc, "add call");
	store->base = t;
	store->base_set = true;
	return 0;
}

/* conduit, location, incomplete and the exception class: calls.flags */
static int64_t call_flags(const struct sct_call *call)
{
	return (int64_t)(call->location & 3) | (int64_t)call->incomplete << 2 |
	       (int64_t)(call->conduit & 3) << 3 | (int64_t)call->ec << 5;
}

static void bind_call(struct sct_store *store, const struct sct_call *call,
		      int64_t id)
{
	uint64_t anchor = call->t_exit != SCT_NO_TIME ? call->t_exit : store->base;
	sqlite3_stmt *stmt = store->ins_call;

	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int(stmt, 2, call->tid);
	bind_index(stmt, 3, call->vcpu);
	if (call->id_known)
		sqlite3_bind_int64(stmt, 4, (int64_t)call->func_id - 0x80000000LL);
	else
		sqlite3_bind_null(stmt, 4);
	sqlite3_bind_int64(stmt, 5, call_flags(call));
	sqlite3_bind_int64(stmt, 6, sct_u64_to_sql(call->pc));
	bind_index(stmt, 7, call->cpu);
	sct_store_bind_time(stmt, 8, call->t_exit, store->base);
	sct_store_bind_time(stmt, 9, call->t_uexit, anchor);
	sct_store_bind_time(stmt, 10, call->t_entry, anchor);
	bind_index(stmt, 11, call->vm);
}

/* What few calls have, which call_extras holds */
static bool has_extras(const struct sct_call *call)
{
	return call->imm || call->nargs || call->nresults ||
	       call->t_vmm_exit != SCT_NO_TIME || call->t_vmm_resume != SCT_NO_TIME;
}

static void bind_extras(struct sct_store *store, const struct sct_call *call,
			int64_t id)
{
	uint64_t anchor = call->t_exit != SCT_NO_TIME ? call->t_exit : store->base;
	sqlite3_stmt *stmt = store->ins_extras;
	const char *args;
	unsigned int i;

	sqlite3_bind_int64(stmt, 1, id);
	if (call->imm)
		sqlite3_bind_int64(stmt, 2, sct_u64_to_sql(call->imm));
	else
		sqlite3_bind_null(stmt, 2);
	args = args_json(store, call);
	if (args)
		sqlite3_bind_text(stmt, 3, args, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, 3);
	for (i = 0; i < SCT_MAX_RESULTS; i++) {
		if (i < call->nresults)
			sqlite3_bind_int64(stmt, COL_X0 + (int)i,
					   sct_u64_to_sql(call->results[i]));
		else
			sqlite3_bind_null(stmt, COL_X0 + (int)i);
	}
	sct_store_bind_time(stmt, 8, call->t_vmm_exit, anchor);
	sct_store_bind_time(stmt, 9, call->t_vmm_resume, anchor);
}

static int step_insert(struct sct_store *store, sqlite3_stmt *stmt)
{
	int rc = sqlite3_step(stmt);

	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return sct_store_sql_error(store, rc, "add call");
	return 0;
}

/* ---- sessions ---- */

static int check_writable(struct sct_store *store)
{
	if (store->readonly)
		return sct_set_error(EROFS, "%s: opened read-only", store->path);
	return 0;
}

/*
 * sct_store_check_open - a session is open: make sure a transaction is too
 *
 * The session's writes go in batches, a transaction each, begun here by
 * the first write after a checkpoint and committed by the next one: in
 * between, other writers (an import into the same file) get the lock.
 * Taking it waits for them (the busy timeout). Returns 0, or -1 with the
 * error set.
 */
int sct_store_check_open(struct sct_store *store)
{
	if (!store->session)
		return sct_set_error(EINVAL, "%s: no session is open", store->path);
	if (sqlite3_get_autocommit(store->db))
		return sct_store_exec(store, "BEGIN IMMEDIATE", "begin");
	return 0;
}

static int prepare_writing(struct sct_store *store)
{
	if (!store->known.loaded && sct_store_load_known(store))
		return -1;
	if (!store->ins_call &&
	    sct_store_prepare(store, insert_call_sql, &store->ins_call,
			      "add call"))
		return -1;
	if (!store->ins_extras &&
	    sct_store_prepare(store, insert_extras_sql, &store->ins_extras,
			      "add call"))
		return -1;
	return 0;
}

/**
 * sct_store_utc_now - the time now, ISO 8601 UTC
 * @buf: room for 32 bytes; the caller's
 *
 * Returns @buf.
 */
const char *sct_store_utc_now(char *buf)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return buf;
}

static int insert_session(struct sct_store *store,
			  const struct sct_session *session)
{
	sqlite3_stmt *stmt;
	char now[32];
	int rc;

	sct_store_utc_now(now);

	if (sct_store_prepare(store,
			      "INSERT INTO sessions (kind, source, host, kernel_release,"
			      " clock, created, filter, replay_of, source_size)"
			      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
			      &stmt, "add session"))
		return -1;
	bind_text_or_null(stmt, 1, session->kind);
	bind_text_or_null(stmt, 2, session->source);
	bind_text_or_null(stmt, 3, session->host);
	bind_text_or_null(stmt, 4, session->kernel);
	bind_text_or_null(stmt, 5, session->clock);
	bind_text_or_null(stmt, 6, now);
	bind_text_or_null(stmt, 7, session->filter_json);
	if (session->replay_of)
		sqlite3_bind_int64(stmt, 8, session->replay_of);
	else
		sqlite3_bind_null(stmt, 8);
	if (session->source_size)
		sqlite3_bind_int64(stmt, 9, sct_u64_to_sql(session->source_size));
	else
		sqlite3_bind_null(stmt, 9);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return sct_store_sql_error(store, rc, "add session");
	store->session = sqlite3_last_insert_rowid(store->db);
	return 0;
}

/* The session's id goes into the upper half of its calls' calls.id */
static int check_session_id(struct sct_store *store)
{
	if (store->session >> (63 - SEQ_BITS))
		return sct_set_error(EOVERFLOW, "%s: session %" PRId64 ": ids end at 2^31",
				     store->path, store->session);
	return 0;
}

/* An import into a database with no calls yet: its indexes wait for its end */
static bool bulk_import(struct sct_store *store, const struct sct_session *session)
{
	sqlite3_stmt *stmt;
	bool empty;

	if (strcmp(session->kind, "import") ||
	    sqlite3_prepare_v2(store->db, "SELECT 1 FROM calls LIMIT 1", -1, &stmt, NULL))
		return false;
	empty = sqlite3_step(stmt) == SQLITE_DONE;
	sqlite3_finalize(stmt);
	return empty;
}

/**
 * sct_store_begin_session - start writing a session
 * @store: a store opened for writing, with no session open
 * @session: @kind (required), @source, @host, @kernel, @clock and
 *           @filter_json are written (copied), and @replay_of and
 *           @source_size (0: none); the rest is ignored
 *
 * Begins a transaction and inserts the session's row; its counters are
 * NULL until sct_store_commit_session(). Returns the new session's id, or
 * -1 with errno and the error set.
 */
int64_t sct_store_begin_session(struct sct_store *store,
				const struct sct_session *session)
{
	if (check_writable(store))
		return -1;
	if (store->session)
		return sct_set_error(EBUSY, "%s: session %" PRId64 " is still open",
				     store->path, store->session);
	if (!session || !session->kind)
		return sct_set_error(EINVAL, "%s: a session needs a kind",
				     store->path);
	if (prepare_writing(store) ||
	    sct_store_exec(store, "BEGIN IMMEDIATE", "begin session"))
		return -1;
	store->indexes_dropped = false;
	if (insert_session(store, session) || check_session_id(store) ||
	    (bulk_import(store, session) && sct_store_drop_indexes(store))) {
		sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
		store->session = 0;
		store->indexes_dropped = false;
		return -1;
	}
	store->checkpointed = false;
	store->call_vcpus = false;
	store->base_set = false;
	store->base = 0;
	return store->session;
}

/**
 * sct_store_add_call - add a call to the open session
 * @store: the store
 * @call: the call (copied; the caller keeps it)
 *
 * The call's @seq is stored as given; it must be below 2^32 (EOVERFLOW).
 * Returns 0, or -1 with the error set.
 */
int sct_store_add_call(struct sct_store *store, const struct sct_call *call)
{
	int64_t id;

	if (sct_store_check_open(store))
		return -1;
	if (call->seq >> SEQ_BITS)
		return sct_set_error(EOVERFLOW, "%s: call %" PRIu64 ": a session holds"
				     " at most 2^32 calls", store->path, call->seq);
	if (call->id_known && !sct_id_set_has(&store->known, call->func_id) &&
	    note_function(store, call->func_id))
		return -1;
	if (!store->base_set && set_base(store, call))
		return -1;
	id = store->session << SEQ_BITS | (int64_t)call->seq;
	bind_call(store, call, id);
	store->call_vcpus |= call->vcpu >= 0;
	if (step_insert(store, store->ins_call))
		return -1;
	if (has_extras(call)) {
		bind_extras(store, call, id);
		return step_insert(store, store->ins_extras);
	}
	return 0;
}
