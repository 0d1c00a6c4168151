// SPDX-License-Identifier: LGPL-2.1
/*
 * The end of a session written: checkpoints between batches, its
 * counters and filter, and the commit or the abort that removes it.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "store-internal.h"

/**
 * sct_store_checkpoint - commit what the open session has so far
 * @store: the store
 *
 * The session stays open: the next call added begins a new transaction,
 * so that between checkpoints the write lock is free for others. Readers
 * see the part committed. Returns 0, or -1 with the error set (then abort
 * the session).
 */
int sct_store_checkpoint(struct sct_store *store)
{
	if (!store->session)
		return sct_set_error(EINVAL, "%s: no session is open", store->path);
	if (sqlite3_get_autocommit(store->db))
		return 0;	/* nothing written since the last one */
	if (sct_store_build_indexes(store) || sct_store_exec(store, "COMMIT", "commit"))
		return -1;
	store->checkpointed = true;
	return 0;
}

static int update_counters(struct sct_store *store,
			   const struct sct_exit_stats *stats,
			   uint64_t first_ns, uint64_t last_ns)
{
	sqlite3_stmt *stmt;
	char now[32];
	int rc;

	if (sct_store_prepare(store,
			      "UPDATE sessions SET calls = ?2, forwarded_calls = ?3,"
			      " kernel_calls = ?4, denied_calls = ?5,"
			      " unknown_location_calls = ?6,"
			      " incomplete_calls = ?7, lost_events = ?8,"
			      " first_ns = ?9, last_ns = ?10, ended = ?11 WHERE id = ?1",
			      &stmt, "commit session"))
		return -1;
	sqlite3_bind_text(stmt, 11, sct_store_utc_now(now), -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, 1, store->session);
	sqlite3_bind_int64(stmt, 2, sct_u64_to_sql(stats->calls));
	sqlite3_bind_int64(stmt, 3, sct_u64_to_sql(stats->by_location[SCT_LOC_USER]));
	sqlite3_bind_int64(stmt, 4, sct_u64_to_sql(stats->by_location[SCT_LOC_KERNEL]));
	sqlite3_bind_int64(stmt, 5, sct_u64_to_sql(stats->by_location[SCT_LOC_DENIED]));
	sqlite3_bind_int64(stmt, 6, sct_u64_to_sql(stats->by_location[SCT_LOC_UNKNOWN]));
	sqlite3_bind_int64(stmt, 7, sct_u64_to_sql(stats->incomplete));
	sqlite3_bind_int64(stmt, 8, sct_u64_to_sql(stats->lost_events));
	sct_store_bind_time(stmt, 9, first_ns, 0);
	sct_store_bind_time(stmt, 10, last_ns, 0);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return sct_store_sql_error(store, rc, "commit session");
	return 0;
}

/**
 * sct_store_set_filter - record the SMCCC filter the open session's VM ran with
 * @store: the store, with a session open
 * @json: the filter as sct_filter_to_json() writes it; the caller keeps it
 *
 * For a filter learnt while recording. Returns 0, or -1 with errno set.
 */
int sct_store_set_filter(struct sct_store *store, const char *json)
{
	sqlite3_stmt *stmt;
	int rc;

	if (sct_store_check_open(store) ||
	    sct_store_prepare(store, "UPDATE sessions SET filter = ?2 WHERE id = ?1",
			      &stmt, "set filter"))
		return -1;
	sqlite3_bind_int64(stmt, 1, store->session);
	sqlite3_bind_text(stmt, 2, json, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return sct_store_sql_error(store, rc, "set filter");
	return 0;
}

/* Without stats, the counters come from the session's calls */
static int count_calls(struct sct_store *store, uint64_t first_ns,
		       uint64_t last_ns)
{
	struct sct_exit_stats stats;
	sqlite3_stmt *stmt;
	int rc;

	if (sct_store_prepare(store,
			      "SELECT count(*), ifnull(sum(incomplete != 0), 0),"
			      " ifnull(sum(location = 0), 0), ifnull(sum(location = 1), 0),"
			      " ifnull(sum(location = 2), 0), ifnull(sum(location = 3), 0)"
			      " FROM calls WHERE " SESSION_CALLS_SQL,
			      &stmt, "commit session"))
		return -1;
	memset(&stats, 0, sizeof(stats));
	sqlite3_bind_int64(stmt, 1, store->session);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		stats.calls = (uint64_t)sqlite3_column_int64(stmt, 0);
		stats.incomplete = (uint64_t)sqlite3_column_int64(stmt, 1);
		stats.by_location[0] = (uint64_t)sqlite3_column_int64(stmt, 2);
		stats.by_location[1] = (uint64_t)sqlite3_column_int64(stmt, 3);
		stats.by_location[2] = (uint64_t)sqlite3_column_int64(stmt, 4);
		stats.by_location[3] = (uint64_t)sqlite3_column_int64(stmt, 5);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW)
		return sct_store_sql_error(store, rc, "commit session");
	return update_counters(store, &stats, first_ns, last_ns);
}

/**
 * sct_store_commit_session - finish the open session
 * @store: the store
 * @stats: the correlator's counts: the session's counters and its exits
 *         rows come from them; NULL counts the stored calls instead and
 *         writes no exits rows
 * @first_ns: the first event's time stamp, or SCT_NO_TIME
 * @last_ns: the last event's time stamp, or SCT_NO_TIME
 *
 * Returns 0 with the session committed and closed, or -1 with the error
 * set and the session still open (abort it).
 */
int sct_store_commit_session(struct sct_store *store,
			     const struct sct_exit_stats *stats,
			     uint64_t first_ns, uint64_t last_ns)
{
	if (sct_store_check_open(store))
		return -1;
	if (stats) {
		if (sct_store_write_exits(store, stats) ||
		    update_counters(store, stats, first_ns, last_ns))
			return -1;
	} else if (count_calls(store, first_ns, last_ns)) {
		return -1;
	}
	if (sct_store_build_indexes(store) ||
	    sct_store_exec(store, "COMMIT", "commit session"))
		return -1;
	store->session = 0;
	store->checkpointed = false;
	return 0;
}

/* Remove the rows that checkpoints of an aborted session committed */
static void delete_session(struct sct_store *store, int64_t id)
{
	char sql[256];

	snprintf(sql, sizeof(sql),
		 "BEGIN IMMEDIATE;"
		 "DELETE FROM exits WHERE session = %" PRId64 ";"
		 "DELETE FROM sessions WHERE id = %" PRId64 ";"
		 "COMMIT;", id, id);
	if (sct_store_exec(store, sql, "abort session"))
		sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
}

/**
 * sct_store_abort_session - drop the open session
 * @store: the store, or NULL
 *
 * Rolls back, and deletes what checkpoints had committed, so that no part
 * of the session remains. Nothing happens when no session is open.
 */
void sct_store_abort_session(struct sct_store *store)
{
	if (!store || !store->session)
		return;
	if (sqlite3_get_autocommit(store->db) == 0)
		sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
	store->indexes_dropped = false;	/* the rollback brought them back */
	if (store->checkpointed)
		delete_session(store, store->session);
	store->session = 0;
	store->checkpointed = false;
	/* Function rows added since the last commit are gone too */
	sct_id_set_clear(&store->known);
}
