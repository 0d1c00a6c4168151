// SPDX-License-Identifier: LGPL-2.1
/*
 * Sessions as a whole: their vCPU threads, finding an import done
 * before, and removing sessions with everything keyed to them.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "store-internal.h"

static int insert_threads(struct sct_store *store, const struct sct_thread *threads,
			  size_t nr)
{
	int rc = SQLITE_DONE;
	sqlite3_stmt *stmt;
	size_t i;

	if (sct_store_prepare(store,
			      "INSERT OR REPLACE INTO threads (session, tid, comm, vcpu,"
			      " first_exit_ns) VALUES (?, ?, ?, ?, ?)",
			      &stmt, "add threads"))
		return -1;
	for (i = 0; i < nr && rc == SQLITE_DONE; i++) {
		sqlite3_bind_int64(stmt, 1, store->session);
		sqlite3_bind_int(stmt, 2, threads[i].tid);
		if (threads[i].comm[0])
			sqlite3_bind_text(stmt, 3, threads[i].comm, -1, SQLITE_TRANSIENT);
		else
			sqlite3_bind_null(stmt, 3);
		if (threads[i].vcpu >= 0)
			sqlite3_bind_int(stmt, 4, threads[i].vcpu);
		else
			sqlite3_bind_null(stmt, 4);
		if (threads[i].first_exit_ns != SCT_NO_TIME)
			sqlite3_bind_int64(stmt, 5, sct_u64_to_sql(threads[i].first_exit_ns));
		else
			sqlite3_bind_null(stmt, 5);
		rc = sqlite3_step(stmt);
		sqlite3_reset(stmt);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return sct_store_sql_error(store, rc, "add threads");
	return 0;
}

/*
 * A thread whose calls the source gave one vCPU (the preload shim knows
 * the VMM's own numbers) keeps that one, whatever its name says
 */
static int source_vcpus(struct sct_store *store)
{
	if (!store->call_vcpus)
		return 0;
	return sct_store_exec_session(store,
				      "UPDATE threads SET vcpu = k.vcpu FROM"
				      " (SELECT tid, min(vcpu) AS vcpu FROM calls"
				      "  WHERE " SESSION_CALLS_SQL " AND vcpu IS NOT NULL GROUP BY tid"
				      "  HAVING count(DISTINCT vcpu) = 1) AS k"
				      " WHERE threads.session = ?1 AND threads.tid = k.tid",
				      "add threads");
}

/**
 * sct_store_add_threads - record the open session's vCPU threads
 * @store: the store, with a session open
 * @threads: the threads, numbered (sct_threads_number()); the caller keeps them
 * @nr: entries of @threads
 *
 * Call it once all calls are added: a thread whose calls came with one
 * vCPU index (from a VMM-side source) takes it. A call stored without a
 * vCPU index reads with its thread's (it is not written into the call).
 * A thread added twice keeps the last row.
 * Returns 0, or -1 with the error set.
 */
int sct_store_add_threads(struct sct_store *store, const struct sct_thread *threads,
			  size_t nr)
{
	if (sct_store_check_open(store))
		return -1;
	if (store->version < 4)
		return sct_set_error(EROFS, "%s: schema version %d has no threads",
				     store->path, store->version);
	if (insert_threads(store, threads, nr) || source_vcpus(store))
		return -1;
	return 0;
}

/**
 * sct_store_foreach_thread - call @fn for every vCPU thread of a session, by tid
 * @store: the store
 * @session: the session's id
 * @fn: called with each thread, which is only valid during the call;
 *      a nonzero return stops the walk
 * @data: passed to @fn
 *
 * A file older than schema version 4 has no threads: no call is made.
 * Returns the first nonzero value @fn returned, 0 when the walk ended, or
 * -1 with the error set.
 */
int sct_store_foreach_thread(struct sct_store *store, int64_t session,
			     int (*fn)(const struct sct_thread *t, void *data),
			     void *data)
{
	struct sct_thread t;
	int rc = SQLITE_DONE;
	sqlite3_stmt *stmt;
	const char *comm;
	int ret = 0;

	if (store->version < 4)
		return 0;
	if (sct_store_prepare(store,
			      "SELECT tid, comm, vcpu, first_exit_ns FROM threads"
			      " WHERE session = ? ORDER BY tid", &stmt, "read threads"))
		return -1;
	sqlite3_bind_int64(stmt, 1, session);
	while (!ret && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		memset(&t, 0, sizeof(t));
		t.tid = sqlite3_column_int(stmt, 0);
		comm = (const char *)sqlite3_column_text(stmt, 1);
		snprintf(t.comm, sizeof(t.comm), "%s", comm ? comm : "");
		t.vcpu = sqlite3_column_type(stmt, 2) == SQLITE_NULL ? -1 :
			 sqlite3_column_int(stmt, 2);
		t.first_exit_ns = sqlite3_column_type(stmt, 3) == SQLITE_NULL ? SCT_NO_TIME :
				  sct_sql_to_u64(sqlite3_column_int64(stmt, 3));
		ret = fn(&t, data);
	}
	if (!ret && rc != SQLITE_DONE)
		ret = sct_store_sql_error(store, rc, "read threads");
	sqlite3_finalize(stmt);
	return ret;
}

/**
 * sct_store_find_import - an earlier import of the same trace file
 * @store: the store
 * @source: the file's path, as the session's source holds it
 * @size: the file's size in bytes
 * @first_ns: its first event's time stamp, or SCT_NO_TIME
 *
 * The session open on @store is not counted. Returns the id of the newest
 * finished session with the same source, size and first time stamp, 0
 * when there is none, or -1 with the error set.
 */
int64_t sct_store_find_import(struct sct_store *store, const char *source,
			      uint64_t size, uint64_t first_ns)
{
	sqlite3_stmt *stmt;
	int64_t id = 0;
	int rc;

	if (store->version < 4)
		return 0;
	if (sct_store_prepare(store,
			      "SELECT max(id) FROM sessions WHERE kind = 'import'"
			      " AND source = ?1 AND source_size = ?2 AND first_ns IS ?3"
			      " AND calls IS NOT NULL AND id != ?4",
			      &stmt, "find import"))
		return -1;
	sqlite3_bind_text(stmt, 1, source, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, sct_u64_to_sql(size));
	if (first_ns == SCT_NO_TIME)
		sqlite3_bind_null(stmt, 3);
	else
		sqlite3_bind_int64(stmt, 3, sct_u64_to_sql(first_ns));
	sqlite3_bind_int64(stmt, 4, store->session);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW)
		return sct_store_sql_error(store, rc, "find import");
	return id;
}

static int delete_one(struct sct_store *store, sqlite3_stmt *stmt, int64_t id)
{
	int rc;

	sqlite3_bind_int64(stmt, 1, id);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return sct_store_sql_error(store, rc, "remove session");
	if (sqlite3_changes(store->db) != 1)
		return sct_set_error(ENOENT, "%s: no session %" PRId64, store->path, id);
	return 0;
}

/**
 * sct_store_delete_sessions - remove sessions and everything keyed to them
 * @store: a store opened for writing, with no session open
 * @ids: the sessions' ids; the caller keeps them
 * @nr: entries of @ids
 *
 * Their calls, exit counts, VMs and threads go with them. All or nothing:
 * when one of @ids is no session, nothing is removed and errno is ENOENT.
 * Returns 0, or -1 with the error set (naming the missing session).
 */
int sct_store_delete_sessions(struct sct_store *store, const int64_t *ids, size_t nr)
{
	sqlite3_stmt *stmt = NULL;
	size_t i;

	if (store->readonly)
		return sct_set_error(EROFS, "%s: opened read-only", store->path);
	if (store->session)
		return sct_set_error(EBUSY, "%s: session %" PRId64 " is still open",
				     store->path, store->session);
	if (sct_store_exec(store, "BEGIN IMMEDIATE", "remove session") ||
	    sct_store_prepare(store, "DELETE FROM sessions WHERE id = ?", &stmt,
			      "remove session"))
		goto fail;
	for (i = 0; i < nr; i++)
		if (delete_one(store, stmt, ids[i]))
			goto fail;
	sqlite3_finalize(stmt);
	if (sct_store_exec(store, "COMMIT", "remove session")) {
		sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return 0;
fail:
	sqlite3_finalize(stmt);
	sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

/*
 * sct_store_load_thread_vcpus - version 7: the session's threads with a
 * vCPU index, by tid, into @cr, for its calls stored without one
 *
 * @cr->threads is a growing array that the caller frees with
 * sct_store_free_thread_vcpus(), also after a failure. Returns 0, or -1
 * with the error set.
 */
int sct_store_load_thread_vcpus(struct sct_store *store, int64_t id, struct call_read *cr)
{
	struct thread_vcpu *tmp;
	int rc = SQLITE_DONE;
	sqlite3_stmt *stmt;
	size_t size = 0;

	if (!cr->keyed)
		return 0;
	if (sct_store_prepare(store, "SELECT tid, vcpu FROM threads WHERE session = ?"
			      " AND vcpu IS NOT NULL ORDER BY tid", &stmt, "read threads"))
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (cr->nr_threads == size) {
			size = size ? 2 * size : 16;
			tmp = realloc(cr->threads, size * sizeof(*tmp));
			if (!tmp) {
				sqlite3_finalize(stmt);
				return sct_set_error(ENOMEM, "%s: out of memory", store->path);
			}
			cr->threads = tmp;
		}
		cr->threads[cr->nr_threads].tid = sqlite3_column_int(stmt, 0);
		cr->threads[cr->nr_threads++].vcpu = sqlite3_column_int(stmt, 1);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return sct_store_sql_error(store, rc, "read threads");
	return 0;
}

/* sct_store_free_thread_vcpus - free what sct_store_load_thread_vcpus() read; @cr stays usable */
void sct_store_free_thread_vcpus(struct call_read *cr)
{
	free(cr->threads);
	cr->threads = NULL;
	cr->nr_threads = 0;
}

/* sct_store_thread_vcpu - the vCPU index of thread @tid in @cr, or -1 */
int32_t sct_store_thread_vcpu(const struct call_read *cr, int32_t tid)
{
	size_t lo = 0, hi = cr->nr_threads, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cr->threads[mid].tid == tid)
			return cr->threads[mid].vcpu;
		if (cr->threads[mid].tid < tid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}
