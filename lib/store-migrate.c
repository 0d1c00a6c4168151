// SPDX-License-Identifier: LGPL-2.1
/*
 * The migrations of the store's schema: a file of an older version,
 * opened for writing, is brought up to this library's version in one
 * transaction (each version's changes are listed in lib/store-schema.c).
 */
#include <stdint.h>

#include "internal.h"
#include "store-ddl.h"
#include "store-internal.h"

static const char vms_sql[] = VMS_SQL;
static const char threads_sql[] = THREADS_SQL;
static const char call_view_sql[] = CALL_VIEW_SQL;

/* Version 4's call_view, made by the migration to version 4 */
static const char call_view_v4_sql[] =
	CALL_VIEW_HEAD_SQL
	" c.cpu AS cpu, c.t_exit AS t_exit, c.t_uexit AS t_uexit,"
	" c.t_entry AS t_entry, c.total_ns AS total_ns, c.out_ns AS out_ns,"
	" c.back_ns AS back_ns, c.x0 AS x0, c.x1 AS x1, c.x2 AS x2,"
	" c.x3 AS x3, c.args AS args,"
	" c.t_vmm_exit - c.t_exit AS kernel_out_ns,"
	" c.t_vmm_resume - c.t_vmm_exit AS vmm_ns,"
	" c.t_entry - c.t_vmm_resume AS kernel_in_ns,"
	" c.vm AS vm, t.comm AS comm"
	" FROM calls c"
	CALL_VIEW_JOINS_SQL;

/* Version 6's call_view, made by the migration to version 6 */
static const char call_view_v6_sql[] =
	CALL_VIEW_HEAD_SQL
	CALL_VIEW_TIMES_SQL("c")
	CALL_VIEW_JOINS_SQL;

/*
 * Version 1 to 2: sessions.replay_of (the session a replay replayed), in
 * session_view too.
 */
static const char migrate_2_sql[] =
	"ALTER TABLE sessions ADD COLUMN replay_of INTEGER;"
	"DROP VIEW session_view;"
	SESSION_VIEW_V2_SQL
	"PRAGMA user_version = 2;";

/* Version 2 to 3: calls.vm and the table vms; call_view comes with version 4 */
static const char migrate_3_sql[] =
	"ALTER TABLE calls ADD COLUMN vm INTEGER;"
	"DROP VIEW call_view;";

/*
 * Version 3 to 4: session columns renamed to say what they hold,
 * sessions.source_size, the table threads, and both views made again.
 */
static const char migrate_4_sql[] =
	"DROP VIEW session_view;"
	"DROP VIEW IF EXISTS call_view;"
	"ALTER TABLE sessions RENAME COLUMN kernel TO kernel_release;"
	"ALTER TABLE sessions RENAME COLUMN forwarded TO forwarded_calls;"
	"ALTER TABLE sessions RENAME COLUMN denied TO denied_calls;"
	"ALTER TABLE sessions RENAME COLUMN unknown TO unknown_location_calls;"
	"ALTER TABLE sessions RENAME COLUMN incomplete TO incomplete_calls;"
	"ALTER TABLE sessions ADD COLUMN source_size INTEGER;"
	SESSION_VIEW_V4_SQL;

static int migrate_to_4(struct sct_store *store)
{
	const char *what = "migrate schema to version 4";

	return sct_store_exec(store, migrate_4_sql, what) ||
	       sct_store_exec(store, threads_sql, what) ||
	       sct_store_exec(store, call_view_v4_sql, what) ||
	       sct_store_exec(store, "PRAGMA user_version = 4;", what);
}

/*
 * Version 4 to 5: sessions.ended, in session_view too. A session with its
 * counters was committed: it ended, when is not known; take its creation
 * time.
 */
static const char migrate_5_sql[] =
	"ALTER TABLE sessions ADD COLUMN ended TEXT;"
	"UPDATE sessions SET ended = created WHERE calls IS NOT NULL;"
	"DROP VIEW session_view;"
	SESSION_VIEW_SQL
	"PRAGMA user_version = 5;";

/*
 * Version 5 to 6: calls made smaller (see CALLS_V6_COLUMNS_SQL), into a new
 * table that takes the old one's place, and sessions.base_ns: the
 * earliest time of the session's calls, which their times count from.
 * The old calls' times and latencies read the same through call_view.
 */
static const char migrate_6_sql[] =
	"ALTER TABLE sessions ADD COLUMN base_ns INTEGER;"
	"UPDATE sessions SET base_ns = (SELECT"
	" min(coalesce(t_exit, t_uexit, t_entry, t_vmm_exit, t_vmm_resume))"
	" FROM calls WHERE calls.session = sessions.id);"
	"DROP VIEW call_view;"
	"CREATE TABLE calls_v6"
	CALLS_V6_COLUMNS_SQL
	"INSERT INTO calls_v6 SELECT c.session, c.seq, c.tid, c.vcpu, c.func_id,"
	" c.conduit, c.location, c.incomplete, c.ec, c.pc, c.cpu,"
	" c.t_exit - s.base_ns,"
	" c.t_uexit - ifnull(c.t_exit, s.base_ns),"
	" c.t_entry - ifnull(c.t_exit, s.base_ns),"
	" c.imm, c.vm, c.args, c.x0, c.x1, c.x2, c.x3,"
	" c.t_vmm_exit - ifnull(c.t_exit, s.base_ns),"
	" c.t_vmm_resume - ifnull(c.t_exit, s.base_ns)"
	" FROM calls c JOIN sessions s ON s.id = c.session ORDER BY c.session, c.seq;"
	"DROP TABLE calls;"
	"ALTER TABLE calls_v6 RENAME TO calls;";

/* Its indexes and view too, which the migration to version 7 replaces */
static int migrate_to_6(struct sct_store *store)
{
	const char *what = "migrate schema to version 6";

	return sct_store_exec(store, migrate_6_sql, what) ||
	       sct_store_exec(store, call_view_v6_sql, what) ||
	       sct_store_exec(store, "PRAGMA user_version = 6;", what);
}

/*
 * Version 6 to 7: calls made smaller again (see CALLS_COLUMNS_SQL), into
 * a new table that takes the old one's place, with the columns few calls
 * have in call_extras. The calls read the same through call_view.
 */
static const char migrate_7_sql[] =
	"DROP VIEW call_view;"
	"CREATE TABLE calls_v7"
	CALLS_COLUMNS_SQL
	"INSERT INTO calls_v7 (id, tid, vcpu, fid, flags, pc, cpu, t_exit, d_uexit, d_entry, vm)"
	" SELECT (session << 32) + seq, tid, vcpu, func_id - 0x80000000,"
	" location + (incomplete << 2) + (conduit << 3) + (ifnull(ec, 0) << 5),"
	" pc, cpu, t_exit, d_uexit, d_entry, vm FROM calls ORDER BY session, seq;"
	CALL_EXTRAS_SQL
	"INSERT INTO call_extras SELECT (session << 32) + seq, nullif(imm, 0), args,"
	" x0, x1, x2, x3, d_vmm_exit, d_vmm_resume FROM calls"
	" WHERE ifnull(imm, 0) != 0 OR args IS NOT NULL OR x0 IS NOT NULL OR x1 IS NOT NULL"
	" OR x2 IS NOT NULL OR x3 IS NOT NULL OR d_vmm_exit IS NOT NULL"
	" OR d_vmm_resume IS NOT NULL ORDER BY session, seq;"
	"DROP TABLE calls;"
	"ALTER TABLE calls_v7 RENAME TO calls;"
	CALLS_TRIGGER_SQL
	CALLS_INDEXES_SQL;

static int migrate_to_7(struct sct_store *store)
{
	const char *what = "migrate schema to version 7";

	return sct_store_exec(store, migrate_7_sql, what) ||
	       sct_store_exec(store, call_view_sql, what) ||
	       sct_store_exec(store, "PRAGMA user_version = 7;", what);
}

/* The file's version, read again once the write lock is taken */
static int read_version(struct sct_store *store, int64_t *version)
{
	sqlite3_stmt *stmt;
	int rc;

	if (sct_store_prepare(store, "PRAGMA user_version", &stmt, "migrate schema"))
		return -1;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*version = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW)
		return sct_store_sql_error(store, rc, "migrate schema");
	return 0;
}

/**
 * sct_store_migrate - bring an older schema up to date, in one transaction
 * @store: a store opened for writing, its file of an older version
 *
 * The reads know each version's columns: a read-only store is not
 * migrated. Returns 0, or -1 with the error set and the file as it was.
 */
int sct_store_migrate(struct sct_store *store)
{
	int64_t version = 0;

	if (sct_store_exec(store, "BEGIN IMMEDIATE", "migrate schema"))
		return -1;
	if (read_version(store, &version))
		goto fail;
	if (version == 1 && sct_store_exec(store, migrate_2_sql, "migrate schema to version 2"))
		goto fail;
	if (version <= 2 &&
	    (sct_store_exec(store, migrate_3_sql, "migrate schema to version 3") ||
	     sct_store_exec(store, vms_sql, "migrate schema to version 3") ||
	     sct_store_exec(store, "PRAGMA user_version = 3;", "migrate schema to version 3")))
		goto fail;
	if (version <= 3 && migrate_to_4(store))
		goto fail;
	if (version <= 4 && sct_store_exec(store, migrate_5_sql, "migrate schema to version 5"))
		goto fail;
	if (version <= 5 && migrate_to_6(store))
		goto fail;
	if (version <= 6 && migrate_to_7(store))
		goto fail;
	if (sct_store_exec(store, "COMMIT", "migrate schema"))
		goto fail;
	/*
	 * Version 7 copied the calls into a new table: the old one's pages
	 * would stay in the file as free pages (a 92 MB file of a million
	 * calls grew to 134 MB). Given back here; where that fails (another
	 * process reading, no room for the copy) they stay for later sessions.
	 */
	if (version <= 6)
		sqlite3_exec(store->db, "VACUUM", NULL, NULL, NULL);
	return 0;
fail:
	sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}
