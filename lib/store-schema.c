// SPDX-License-Identifier: LGPL-2.1
/*
 * The store's schema: creating it in a new file, and checking on open
 * that a file is a smccctrace database this library can read.
 *
 * The version lives in PRAGMA user_version, our mark in PRAGMA
 * application_id. Names are plain and the views join them in, so the
 * sqlite3 shell needs nothing from us to read a database.
 *
 * Version 2 added sessions.replay_of; version 3 the VMs: calls.vm and the
 * table vms (each VM's SMCCC filter); version 4 the table threads (each
 * vCPU thread's name and index), sessions.source_size, and session
 * columns whose names say what they hold (kernel_release, the *_calls
 * counts); version 5 sessions.ended, NULL for a session whose writer
 * never committed it (a record killed after one of its checkpoints);
 * version 6 the smaller calls table and sessions.base_ns; version 7 a
 * smaller one again (rowid from session and seq, fewer stored columns)
 * and call_extras. An
 * older file opened for writing is migrated; opened read-only, it is read
 * as it is. docs/schema.md describes the tables.
 */
#include <errno.h>
#include <stdio.h>

#include <smccctrace/smccc.h>

#include "internal.h"
#include "store-internal.h"

/* The counters and times of session_view since version 4 */
#define SESSION_VIEW_COUNTS_SQL \
	" calls, forwarded_calls, kernel_calls, denied_calls," \
	" unknown_location_calls, incomplete_calls," \
	" lost_events, first_ns, last_ns," \
	" last_ns - first_ns AS duration_ns," \
	" round((last_ns - first_ns) / 1e9, 3) AS duration_s," \
	" filter, replay_of" \
	" FROM sessions;"

/*
 * session_view, also made again by the migration to version 5. A session
 * that never ended is 'interrupted' (or still being written).
 */
#define SESSION_VIEW_SQL \
	"CREATE VIEW session_view AS SELECT" \
	" id, kind, source, source_size, host, kernel_release, clock, created, ended," \
	" CASE WHEN ended IS NULL THEN 'interrupted' ELSE 'done' END AS state," \
	SESSION_VIEW_COUNTS_SQL

/* Version 4's session_view, which the migration to version 4 made */
#define SESSION_VIEW_V4_SQL \
	"CREATE VIEW session_view AS SELECT" \
	" id, kind, source, source_size, host, kernel_release, clock, created," \
	" CASE WHEN calls IS NULL THEN 'open' ELSE 'done' END AS state," \
	SESSION_VIEW_COUNTS_SQL

/* Version 1's session_view, which the migration to version 2 made again */
#define SESSION_VIEW_V2_SQL \
	"CREATE VIEW session_view AS SELECT" \
	" id, kind, source, host, kernel, clock, created," \
	" CASE WHEN calls IS NULL THEN 'open' ELSE 'done' END AS state," \
	" calls, forwarded, kernel_calls, denied, unknown, incomplete," \
	" lost_events, first_ns, last_ns," \
	" last_ns - first_ns AS duration_ns," \
	" round((last_ns - first_ns) / 1e9, 3) AS duration_s," \
	" filter, replay_of" \
	" FROM sessions;"

/*
 * The calls of version 6: one row a call, in a tree keyed by session and
 * seq. Times are relative, so that they take few bytes: t_exit counts
 * from the session's base_ns, and the d_* columns from t_exit (from
 * base_ns when t_exit is NULL). Made only on the way to version 7.
 */
#define CALLS_V6_COLUMNS_SQL \
	" (" \
	" session INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE," \
	" seq INTEGER NOT NULL," \
	" tid INTEGER," \
	" vcpu INTEGER," \
	" func_id INTEGER," \
	" conduit INTEGER NOT NULL," \
	" location INTEGER NOT NULL," \
	" incomplete INTEGER NOT NULL," \
	" ec INTEGER," \
	" pc INTEGER," \
	" cpu INTEGER," \
	" t_exit INTEGER," \
	" d_uexit INTEGER," \
	" d_entry INTEGER," \
	" imm INTEGER," \
	" vm INTEGER," \
	" args TEXT," \
	" x0 INTEGER," \
	" x1 INTEGER," \
	" x2 INTEGER," \
	" x3 INTEGER," \
	" d_vmm_exit INTEGER," \
	" d_vmm_resume INTEGER," \
	" PRIMARY KEY (session, seq)) WITHOUT ROWID;"

/*
 * The calls of version 7: one row a call in a rowid table whose rowid,
 * id, is the session's id << 32 | the call's seq, so that a session's
 * calls are one range of the tree and a session is written by appending.
 * Times are relative as in version 6. Each column costs a byte of every
 * row, so the few that most calls have are stored: func_id as fid, its
 * value - 2^31 (4 bytes, in the same order), and conduit, location,
 * incomplete and the exception class packed into flags. The rest are
 * generated columns (computed when read, not stored), under the names of
 * version 6. What few calls have (imm, arguments, results, the VMM's
 * times) is in call_extras.
 */
#define CALLS_COLUMNS_SQL \
	" (" \
	" id INTEGER PRIMARY KEY," \
	" tid INTEGER," \
	" vcpu INTEGER," \
	" fid INTEGER," \
	" flags INTEGER NOT NULL," \
	" pc INTEGER," \
	" cpu INTEGER," \
	" t_exit INTEGER," \
	" d_uexit INTEGER," \
	" d_entry INTEGER," \
	" vm INTEGER," \
	" session INTEGER AS (id >> 32)," \
	" seq INTEGER AS (id & 0xffffffff)," \
	" func_id INTEGER AS (fid + 0x80000000)," \
	" location INTEGER AS (flags & 3)," \
	" incomplete INTEGER AS ((flags >> 2) & 1)," \
	" conduit INTEGER AS ((flags >> 3) & 3)," \
	" ec INTEGER AS (flags >> 5));"

/* Version 7: the columns of the calls that have them, keyed by calls.id */
#define CALL_EXTRAS_SQL \
	"CREATE TABLE call_extras (" \
	" id INTEGER PRIMARY KEY," \
	" imm INTEGER," \
	" args TEXT," \
	" x0 INTEGER," \
	" x1 INTEGER," \
	" x2 INTEGER," \
	" x3 INTEGER," \
	" d_vmm_exit INTEGER," \
	" d_vmm_resume INTEGER);"

/* Version 7: a session's calls go with it (calls.session is not stored) */
#define CALLS_TRIGGER_SQL \
	"CREATE TRIGGER session_calls AFTER DELETE ON sessions BEGIN" \
	" DELETE FROM calls WHERE id BETWEEN old.id << 32 AND (old.id << 32) + 0xffffffff;" \
	" DELETE FROM call_extras WHERE id BETWEEN old.id << 32 AND (old.id << 32) + 0xffffffff;" \
	" END;"

/* The indexes of calls, which a bulk import builds at its end */
#define CALLS_INDEXES_SQL \
	"CREATE INDEX calls_session_func ON calls(session, fid);" \
	"CREATE INDEX calls_session_time ON calls(session, t_exit);"

/*
 * sct_store_build_indexes - make the indexes of calls that
 * sct_store_drop_indexes() dropped (in the same transaction)
 *
 * Returns 0, or -1 with the error set.
 */
int sct_store_build_indexes(struct sct_store *store)
{
	if (!store->indexes_dropped)
		return 0;
	if (sct_store_exec(store, CALLS_INDEXES_SQL, "build indexes"))
		return -1;
	store->indexes_dropped = false;
	return 0;
}

/*
 * sct_store_drop_indexes - drop the indexes of calls while calls are
 * added in bulk to an empty table: building them once at the end, from
 * sorted keys, is faster than keeping them up to date call by call
 *
 * Inside the open session's transaction, so that a rollback brings them
 * back. Returns 0, or -1 with the error set.
 */
int sct_store_drop_indexes(struct sct_store *store)
{
	if (sct_store_exec(store, "DROP INDEX calls_session_func;"
			   "DROP INDEX calls_session_time;", "drop indexes"))
		return -1;
	store->indexes_dropped = true;
	return 0;
}

static const char schema_sql[] =
	"CREATE TABLE sessions ("
	" id INTEGER PRIMARY KEY,"
	" kind TEXT NOT NULL,"
	" source TEXT,"
	" host TEXT,"
	" kernel_release TEXT,"
	" clock TEXT,"
	" created TEXT NOT NULL,"
	" filter TEXT,"
	" calls INTEGER,"
	" forwarded_calls INTEGER,"
	" kernel_calls INTEGER,"
	" denied_calls INTEGER,"
	" unknown_location_calls INTEGER,"
	" incomplete_calls INTEGER,"
	" lost_events INTEGER,"
	" first_ns INTEGER,"
	" last_ns INTEGER,"
	" replay_of INTEGER,"
	" source_size INTEGER,"
	" ended TEXT,"
	" base_ns INTEGER);"
	"CREATE TABLE calls"
	CALLS_COLUMNS_SQL
	CALLS_INDEXES_SQL
	CALL_EXTRAS_SQL
	CALLS_TRIGGER_SQL
	"CREATE TABLE exits ("
	" session INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,"
	" kind TEXT NOT NULL,"
	" code INTEGER NOT NULL,"
	" name TEXT,"
	" count INTEGER NOT NULL,"
	" PRIMARY KEY (session, kind, code));"
	"CREATE TABLE owners (id INTEGER PRIMARY KEY, name TEXT NOT NULL);"
	"CREATE TABLE conduits (id INTEGER PRIMARY KEY, name TEXT NOT NULL);"
	"CREATE TABLE locations (id INTEGER PRIMARY KEY, name TEXT NOT NULL);"
	"CREATE TABLE functions ("
	" id INTEGER PRIMARY KEY,"
	" name TEXT,"
	" owner INTEGER NOT NULL,"
	" range TEXT);"
	SESSION_VIEW_SQL;

/* Version 3: each VM a session saw, with its SMCCC filter */
static const char vms_sql[] =
	"CREATE TABLE vms ("
	" session INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,"
	" vm INTEGER NOT NULL,"
	" created_ns INTEGER,"
	" filter TEXT,"
	" filter_ns INTEGER,"
	" PRIMARY KEY (session, vm));";

/* Version 4: each thread that ran a vCPU, with its name and vCPU index */
static const char threads_sql[] =
	"CREATE TABLE threads ("
	" session INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,"
	" tid INTEGER NOT NULL,"
	" comm TEXT,"
	" vcpu INTEGER,"
	" first_exit_ns INTEGER,"
	" PRIMARY KEY (session, tid));";

/* call_view of every version: its first columns, and the names joined in */
#define CALL_VIEW_FIRST_SQL(vcpu) \
	"CREATE VIEW call_view AS SELECT" \
	" c.session AS session, c.seq AS seq, c.tid AS tid, " vcpu " AS vcpu," \
	" c.func_id AS func_id," \
	" CASE WHEN c.func_id IS NULL THEN 'unknown'" \
	"  ELSE printf('0x%08x', c.func_id) END AS func," \
	" f.name AS name, o.name AS owner, f.range AS range," \
	" cd.name AS conduit, l.name AS location," \
	" c.incomplete AS incomplete, c.ec AS ec, c.pc AS pc,"

#define CALL_VIEW_HEAD_SQL \
	CALL_VIEW_FIRST_SQL("c.vcpu") " c.imm AS imm,"

#define CALL_VIEW_JOINS_SQL \
	" LEFT JOIN functions f ON f.id = c.func_id" \
	" LEFT JOIN owners o ON o.id = f.owner" \
	" LEFT JOIN conduits cd ON cd.id = c.conduit" \
	" LEFT JOIN locations l ON l.id = c.location" \
	" LEFT JOIN threads t ON t.session = c.session AND t.tid = c.tid;"

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

/*
 * call_view of version 6 and 7 (whose call_extras holds some columns): the
 * times made absolute again, and the latencies computed (NULL for an
 * incomplete call, as struct sct_call's helpers have them)
 */
#define CALL_VIEW_TIMES_SQL(e) \
	" c.cpu AS cpu, s.base_ns + c.t_exit AS t_exit," \
	" s.base_ns + ifnull(c.t_exit, 0) + c.d_uexit AS t_uexit," \
	" s.base_ns + ifnull(c.t_exit, 0) + c.d_entry AS t_entry," \
	" CASE WHEN c.incomplete = 0 AND c.t_exit IS NOT NULL THEN c.d_entry END AS total_ns," \
	" CASE WHEN c.incomplete = 0 AND c.t_exit IS NOT NULL THEN c.d_uexit END AS out_ns," \
	" CASE WHEN c.incomplete = 0 THEN c.d_entry - c.d_uexit END AS back_ns," \
	" " e ".x0 AS x0, " e ".x1 AS x1, " e ".x2 AS x2, " e ".x3 AS x3, " e ".args AS args," \
	" CASE WHEN c.t_exit IS NOT NULL THEN " e ".d_vmm_exit END AS kernel_out_ns," \
	" " e ".d_vmm_resume - " e ".d_vmm_exit AS vmm_ns," \
	" c.d_entry - " e ".d_vmm_resume AS kernel_in_ns," \
	" c.vm AS vm, t.comm AS comm" \
	" FROM calls c" \
	" LEFT JOIN sessions s ON s.id = c.session"

/* Version 6's call_view, made by the migration to version 6 */
static const char call_view_v6_sql[] =
	CALL_VIEW_HEAD_SQL
	CALL_VIEW_TIMES_SQL("c")
	CALL_VIEW_JOINS_SQL;

/*
 * call_view, also made again by the migration to version 7: a call stored
 * without a vCPU index has its thread's
 */
static const char call_view_sql[] =
	CALL_VIEW_FIRST_SQL("ifnull(c.vcpu, t.vcpu)") " ifnull(e.imm, 0) AS imm,"
	CALL_VIEW_TIMES_SQL("e")
	" LEFT JOIN call_extras e ON e.id = c.id"
	CALL_VIEW_JOINS_SQL;

/* Every table and view a database of this version has */
static const char check_objects_sql[] =
	"SELECT count(*) FROM sqlite_master WHERE name IN"
	" ('sessions', 'calls', 'exits', 'owners', 'conduits', 'locations',"
	"  'functions', 'call_view', 'session_view', 'vms', 'threads', 'call_extras')";
#define NR_OBJECTS_V2	9	/* versions 1 and 2: no vms */
#define NR_OBJECTS_V3	10	/* version 3: no threads */
#define NR_OBJECTS_V6	11	/* versions 4 to 6: no call_extras */
#define NR_OBJECTS	12

struct header {
	int64_t		app_id;
	int64_t		version;
	int64_t		objects;	/* entries in sqlite_master */
};

static int not_ours(struct sct_store *store, const char *why)
{
	if (why)
		return sct_set_error(EINVAL, "%s: not a smccctrace database (%s)",
				     store->path, why);
	return sct_set_error(EINVAL, "%s: not a smccctrace database",
			     store->path);
}

/* The file's first reads are where a foreign or damaged file shows */
static int read_failed(struct sct_store *store, int rc)
{
	switch (rc & 0xff) {
	case SQLITE_NOTADB:
		return not_ours(store, "not an SQLite file");
	case SQLITE_CORRUPT:
		return sct_set_error(EIO, "%s: database is truncated or corrupt (%s)",
				     store->path, sqlite3_errmsg(store->db));
	default:
		return sct_store_sql_error(store, rc, "cannot read");
	}
}

static int query_int(struct sct_store *store, const char *sql, int64_t *val)
{
	sqlite3_stmt *stmt;
	int rc;

	rc = sqlite3_prepare_v2(store->db, sql, -1, &stmt, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(stmt);
		if (rc == SQLITE_ROW) {
			*val = sqlite3_column_int64(stmt, 0);
			rc = SQLITE_OK;
		}
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_OK)
		return read_failed(store, rc);
	return 0;
}

static int read_header(struct sct_store *store, struct header *h)
{
	if (query_int(store, "PRAGMA application_id", &h->app_id) ||
	    query_int(store, "PRAGMA user_version", &h->version) ||
	    query_int(store, "SELECT count(*) FROM sqlite_master", &h->objects))
		return -1;
	return 0;
}

/*
 * The header as one read transaction sees it: read one by one, its parts
 * could come from before and after another process created the schema
 * (an application_id of 0 with a user_version set: "not ours")
 */
static int read_header_whole(struct sct_store *store, struct header *h)
{
	int rc;

	if (sct_store_exec(store, "BEGIN", "open"))
		return -1;
	rc = read_header(store, h);
	sqlite3_exec(store->db, rc ? "ROLLBACK" : "COMMIT", NULL, NULL, NULL);
	return rc;
}

static bool header_empty(const struct header *h)
{
	return !h->app_id && !h->version && !h->objects;
}

static int fill_names(struct sct_store *store, const char *table,
		      unsigned int count, const char *(*name)(unsigned int))
{
	int rc = SQLITE_DONE;
	sqlite3_stmt *stmt;
	unsigned int i;
	char sql[96];

	snprintf(sql, sizeof(sql), "INSERT INTO %s (id, name) VALUES (?, ?)",
		 table);
	if (sct_store_prepare(store, sql, &stmt, "create schema"))
		return -1;
	for (i = 0; i < count && rc == SQLITE_DONE; i++) {
		sqlite3_bind_int(stmt, 1, (int)i);
		sqlite3_bind_text(stmt, 2, name(i), -1, SQLITE_STATIC);
		rc = sqlite3_step(stmt);
		sqlite3_reset(stmt);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return sct_store_sql_error(store, rc, "create schema");
	return 0;
}

static const char *conduit_name(unsigned int i)
{
	return sct_conduit_name((enum sct_conduit)i);
}

static const char *location_name(unsigned int i)
{
	return sct_location_name((enum sct_location)i);
}

static int add_named_id(uint32_t id, const char *name, void *data)
{
	return sct_store_add_function(data, id, name);
}

static int fill_tables(struct sct_store *store)
{
	char sql[96];

	if (sct_store_exec(store, schema_sql, "create schema") ||
	    sct_store_exec(store, vms_sql, "create schema") ||
	    sct_store_exec(store, threads_sql, "create schema") ||
	    sct_store_exec(store, call_view_sql, "create schema") ||
	    fill_names(store, "owners", SCT_OWNER_MAX + 1, sct_owner_name) ||
	    fill_names(store, "conduits", SCT_CONDUIT_SMC + 1, conduit_name) ||
	    fill_names(store, "locations", SCT_LOC_DENIED + 1, location_name) ||
	    sct_for_each_named_id(add_named_id, store))
		return -1;
	snprintf(sql, sizeof(sql),
		 "PRAGMA application_id = %d; PRAGMA user_version = %d;",
		 SCT_APPLICATION_ID, SCT_SCHEMA_VERSION);
	return sct_store_exec(store, sql, "create schema");
}

/*
 * Create the schema in an empty file. Another process may have created
 * it since we looked: the write lock taken first settles that.
 */
static int create_schema(struct sct_store *store)
{
	struct header h;

	if (sct_store_exec(store, "BEGIN IMMEDIATE", "create schema"))
		return -1;
	if (read_header(store, &h))
		goto fail;
	if (header_empty(&h) && fill_tables(store))
		goto fail;
	if (sct_store_exec(store, "COMMIT", "create schema"))
		goto fail;
	return 0;
fail:
	sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

static int check_header(struct sct_store *store, const struct header *h)
{
	if (h->app_id != SCT_APPLICATION_ID) {
		if (header_empty(h))
			return not_ours(store, "empty file");
		return not_ours(store, NULL);
	}
	if (h->version > SCT_SCHEMA_VERSION)
		return sct_set_error(ENOTSUP,
				     "%s: schema version %lld is newer than this smccctrace supports (%d)",
				     store->path, (long long)h->version,
				     SCT_SCHEMA_VERSION);
	if (h->version < 1)
		return not_ours(store, "no schema version");
	return 0;
}

/* The tables are there, and the sessions and calls trees can be read */
static int check_tables(struct sct_store *store, int64_t version)
{
	int64_t val;

	if (query_int(store, check_objects_sql, &val))
		return -1;
	if (val != (version < 3 ? NR_OBJECTS_V2 : version < 4 ? NR_OBJECTS_V3 :
		    version < 7 ? NR_OBJECTS_V6 : NR_OBJECTS))
		return not_ours(store, "tables are missing");
	if (query_int(store, "SELECT count(*) FROM sessions", &val) ||
	    query_int(store, version >= 7 ? "SELECT max(id) FROM calls" :
			     "SELECT max(session) FROM calls", &val))
		return -1;
	return 0;
}

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

/*
 * Bring an older schema up to date in one transaction. A read-only store
 * is read as it is: the reads know each version's columns.
 */
static int migrate(struct sct_store *store, struct header *h)
{
	if (store->readonly || h->version >= SCT_SCHEMA_VERSION)
		return 0;
	if (sct_store_exec(store, "BEGIN IMMEDIATE", "migrate schema"))
		return -1;
	if (read_header(store, h))
		goto fail;
	if (h->version == 1 && sct_store_exec(store, migrate_2_sql, "migrate schema to version 2"))
		goto fail;
	if (h->version <= 2 &&
	    (sct_store_exec(store, migrate_3_sql, "migrate schema to version 3") ||
	     sct_store_exec(store, vms_sql, "migrate schema to version 3") ||
	     sct_store_exec(store, "PRAGMA user_version = 3;", "migrate schema to version 3")))
		goto fail;
	if (h->version <= 3 && migrate_to_4(store))
		goto fail;
	if (h->version <= 4 && sct_store_exec(store, migrate_5_sql, "migrate schema to version 5"))
		goto fail;
	if (h->version <= 5 && migrate_to_6(store))
		goto fail;
	if (h->version <= 6 && migrate_to_7(store))
		goto fail;
	if (sct_store_exec(store, "COMMIT", "migrate schema"))
		goto fail;
	return read_header(store, h);
fail:
	sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

/*
 * sct_store_check_schema - make sure @store's file is a database we can use
 * @create: create the schema when the file is empty
 *
 * An older schema is migrated when @store is writable.
 * Returns 0, or -1 with the error set (naming the file and the problem).
 */
int sct_store_check_schema(struct sct_store *store, bool create)
{
	struct header h;

	if (read_header_whole(store, &h))
		return -1;
	if (header_empty(&h) && create) {
		if (create_schema(store) || read_header(store, &h))
			return -1;
	}
	if (check_header(store, &h) || migrate(store, &h) || check_tables(store, h.version))
		return -1;
	store->version = (int)h.version;
	return 0;
}
