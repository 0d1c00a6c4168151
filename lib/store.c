// SPDX-License-Identifier: LGPL-2.1
/*
 * The SQLite store: opening, closing, and the error helpers that the
 * other lib/store*.c files share.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "store-internal.h"

/* The errno that best describes an SQLite result code */
static int sql_errno(sqlite3 *db, int rc)
{
	int sys;

	switch (rc & 0xff) {
	case SQLITE_NOMEM:
		return ENOMEM;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return EBUSY;
	case SQLITE_READONLY:
		return EROFS;
	case SQLITE_PERM:
	case SQLITE_AUTH:
		return EACCES;
	case SQLITE_FULL:
		return ENOSPC;
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
		sys = db ? sqlite3_system_errno(db) : 0;
		return sys ? sys : EIO;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return EIO;
	default:
		return EINVAL;
	}
}

/*
 * sct_store_sql_error - record an SQLite failure of @store
 * @rc: the SQLite result code
 * @what: what was being done ("insert call", ...)
 *
 * The message reads "FILE: WHAT: SQLITE MESSAGE". Returns -1.
 */
int sct_store_sql_error(struct sct_store *store, int rc, const char *what)
{
	const char *msg;

	msg = store->db ? sqlite3_errmsg(store->db) : sqlite3_errstr(rc);
	return sct_set_error(sql_errno(store->db, rc), "%s: %s: %s",
			     store->path, what, msg);
}

/*
 * sct_store_exec - run SQL that returns no rows
 * @sql: one or more statements
 * @what: named in the message on failure
 *
 * Returns 0, or -1 with the error set.
 */
int sct_store_exec(struct sct_store *store, const char *sql, const char *what)
{
	int rc;

	rc = sqlite3_exec(store->db, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return sct_store_sql_error(store, rc, what);
	return 0;
}

/*
 * sct_store_exec_session - run one statement about the open session
 * @sql: the statement, returning no rows; ?1 is the open session's id
 * @what: named in the message on failure
 *
 * Returns 0, or -1 with the error set.
 */
int sct_store_exec_session(struct sct_store *store, const char *sql, const char *what)
{
	sqlite3_stmt *stmt;
	int rc;

	if (sct_store_prepare(store, sql, &stmt, what))
		return -1;
	sqlite3_bind_int64(stmt, 1, store->session);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return sct_store_sql_error(store, rc, what);
	return 0;
}

/*
 * sct_store_prepare - prepare one statement
 * @sql: the statement
 * @stmt: where the statement goes; the caller finalizes it
 * @what: named in the message on failure
 *
 * Returns 0, or -1 with the error set and *@stmt NULL.
 */
int sct_store_prepare(struct sct_store *store, const char *sql,
		      sqlite3_stmt **stmt, const char *what)
{
	int rc;

	rc = sqlite3_prepare_v2(store->db, sql, -1, stmt, NULL);
	if (rc != SQLITE_OK) {
		*stmt = NULL;
		return sct_store_sql_error(store, rc, what);
	}
	return 0;
}

static int check_flags(const char *path, int flags)
{
	int known = SCT_STORE_CREATE | SCT_STORE_READONLY;

	if (!path || !*path)
		return sct_set_error(EINVAL, "no database file given");
	if ((flags & ~known) ||
	    ((flags & SCT_STORE_CREATE) && (flags & SCT_STORE_READONLY)))
		return sct_set_error(EINVAL, "%s: bad open flags 0x%x",
				     path, (unsigned int)flags);
	return 0;
}

/* Without SCT_STORE_CREATE a missing file is an error that names it */
static int check_exists(const char *path, int flags)
{
	struct stat st;

	if (flags & SCT_STORE_CREATE)
		return 0;
	if (stat(path, &st) < 0)
		return sct_set_error(errno, "%s: %s", path, strerror(errno));
	if (S_ISDIR(st.st_mode))
		return sct_set_error(EISDIR, "%s: %s", path, strerror(EISDIR));
	return 0;
}

/*
 * Calls hold guest register values: a database we create is 0600
 * whatever the umask (SQLite's own would be 0644 less the umask, and its
 * journal and WAL files take the database's mode). A file that is
 * already there keeps the mode its owner gave it.
 */
static int create_private(const char *path, int flags)
{
	int fd;

	if (!(flags & SCT_STORE_CREATE))
		return 0;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == EEXIST)
			return 0;
		return sct_set_error(errno, "%s: %s", path, strerror(errno));
	}
	if (fchmod(fd, 0600) < 0) {
		sct_set_error(errno, "%s: %s", path, strerror(errno));
		close(fd);
		unlink(path);
		return -1;
	}
	close(fd);
	return 0;
}

static int store_connect(struct sct_store *store, int flags)
{
	int oflags = SQLITE_OPEN_NOMUTEX;
	int rc;

	if (flags & SCT_STORE_READONLY)
		oflags |= SQLITE_OPEN_READONLY;
	else if (flags & SCT_STORE_CREATE)
		oflags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	else
		oflags |= SQLITE_OPEN_READWRITE;

	rc = sqlite3_open_v2(store->path, &store->db, oflags, NULL);
	if (rc != SQLITE_OK)
		return sct_store_sql_error(store, rc, "cannot open");
	sqlite3_extended_result_codes(store->db, 1);
	sqlite3_busy_timeout(store->db, SCT_BUSY_TIMEOUT_MS);
	/* Deleting a session deletes its calls, exits, VMs and threads */
	return sct_store_exec(store, "PRAGMA foreign_keys = ON", "cannot open");
}

/*
 * Settings for writing: write-ahead logging, so that readers and one
 * writer do not wait for each other (a record and a report, an import
 * between two of record's batches); fewer syncs; a bigger page cache for
 * the indexes
 */
static int tune_for_writing(struct sct_store *store)
{
	unsigned int waited_ms = 0;
	int rc;

	if (store->readonly)
		return 0;
	/*
	 * Turning a new file to WAL takes it whole for a moment, and SQLite
	 * does not wait for that through the busy handler: while another
	 * process creates the same file at the same time, this waits here
	 * as the busy handler would.
	 */
	for (;;) {
		rc = sqlite3_exec(store->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
		if ((rc & 0xff) != SQLITE_BUSY || waited_ms >= SCT_BUSY_TIMEOUT_MS)
			break;
		usleep(10 * 1000);
		waited_ms += 10;
	}
	if (rc != SQLITE_OK)
		return sct_store_sql_error(store, rc, "set up");
	return sct_store_exec(store,
			      "PRAGMA synchronous = NORMAL;"
			      "PRAGMA cache_size = -32768;",
			      "set up");
}

/**
 * sct_store_open - open (or create) a smccctrace database
 * @path: the database file
 * @flags: SCT_STORE_CREATE to create the file and its schema when missing
 *         (or empty), SCT_STORE_READONLY to open it read-only; 0 opens an
 *         existing database for writing
 *
 * A file that is not SQLite, an SQLite file without our schema, a
 * truncated or corrupt file, and a schema newer than this library are
 * errors. A store is used by one thread at a time. Returns a store that
 * the caller closes with sct_store_close(), or NULL with errno and
 * sct_last_error() set.
 */
struct sct_store *sct_store_open(const char *path, int flags)
{
	struct sct_store *store;

	if (check_flags(path, flags) || check_exists(path, flags))
		return NULL;

	store = calloc(1, sizeof(*store));
	if (store)
		store->path = strdup(path);
	if (!store || !store->path) {
		free(store);
		sct_set_error(ENOMEM, "%s: out of memory", path);
		return NULL;
	}
	store->readonly = !!(flags & SCT_STORE_READONLY);

	if (create_private(path, flags) || store_connect(store, flags) ||
	    sct_store_check_schema(store, flags & SCT_STORE_CREATE) ||
	    tune_for_writing(store)) {
		sct_store_close(store);
		return NULL;
	}
	return store;
}

/**
 * sct_store_close - close a store and free it
 * @store: the store, or NULL (then nothing happens)
 *
 * A session still open is aborted: none of it remains in the file.
 */
void sct_store_close(struct sct_store *store)
{
	if (!store)
		return;
	if (store->session)
		sct_store_abort_session(store);
	sqlite3_finalize(store->ins_call);
	sqlite3_finalize(store->ins_extras);
	sqlite3_finalize(store->ins_func);
	sqlite3_close_v2(store->db);
	sct_id_set_clear(&store->known);
	free(store->path);
	free(store);
}

/**
 * sct_store_path - the file a store was opened on
 * @store: the store
 *
 * Returns a string that belongs to @store (valid until sct_store_close()).
 */
const char *sct_store_path(const struct sct_store *store)
{
	return store->path;
}

/**
 * sct_session_release - free the strings of a session the store filled
 * @session: the session, or NULL; a zeroed or released one is harmless
 *
 * The string pointers are set to NULL; the numbers are left as they are.
 */
void sct_session_release(struct sct_session *session)
{
	if (!session)
		return;
	free(session->kind);
	free(session->source);
	free(session->host);
	free(session->kernel);
	free(session->clock);
	free(session->created);
	free(session->filter_json);
	free(session->ended);
	session->ended = NULL;
	session->kind = NULL;
	session->source = NULL;
	session->host = NULL;
	session->kernel = NULL;
	session->clock = NULL;
	session->created = NULL;
	session->filter_json = NULL;
}
