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
 * older file opened for writing is migrated (lib/store-migrate.c); opened
 * read-only, it is read as it is. docs/schema.md describes the tables.
 */
#include <errno.h>
#include <stdio.h>

#include <smccctrace/smccc.h>

#include "internal.h"
#include "store-ddl.h"
#include "store-internal.h"

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

static const char vms_sql[] = VMS_SQL;
static const char threads_sql[] = THREADS_SQL;
static const char call_view_sql[] = CALL_VIEW_SQL;

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

/* Bring an older schema up to date; a read-only store is read as it is */
static int migrate(struct sct_store *store, struct header *h)
{
	if (store->readonly || h->version >= SCT_SCHEMA_VERSION)
		return 0;
	if (sct_store_migrate(store))
		return -1;
	return read_header(store, h);
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
