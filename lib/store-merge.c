// SPDX-License-Identifier: LGPL-2.1
/*
 * Merging databases: the sessions of one file copied into another, with
 * their calls, threads, VMs, filters and exit counts, renumbered, through
 * the store's own reads and writes so that any schema version it reads
 * can be a source.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "store-internal.h"

/* A source session's id and the id it got */
struct merge_map {
	int64_t		*from;
	int64_t		*to;
	size_t		nr;
};

static int keep_id(const struct sct_session *s, void *data)
{
	struct merge_map *m = data;
	int64_t *from, *to;

	from = reallocarray(m->from, m->nr + 1, sizeof(*from));
	if (from)
		m->from = from;
	to = reallocarray(m->to, m->nr + 1, sizeof(*to));
	if (to)
		m->to = to;
	if (!from || !to)
		return sct_set_error(ENOMEM, "out of memory");
	m->from[m->nr] = s->id;
	m->to[m->nr++] = 0;
	return 0;
}

static void bind_text_or_null(sqlite3_stmt *stmt, int col, const char *s)
{
	if (s)
		sqlite3_bind_text(stmt, col, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, col);
}

/*
 * The session of @store with @s's identity: its host, kind, source, when
 * it was stored and its first time stamp. Returns its id, 0 when there is
 * none, or -1 with the error set.
 */
static int64_t find_same(struct sct_store *store, const struct sct_session *s)
{
	sqlite3_stmt *stmt;
	int64_t id = 0;
	int rc;

	if (sct_store_prepare(store, "SELECT id FROM sessions WHERE host IS ?1 AND kind = ?2"
			      " AND source IS ?3 AND created = ?4 AND first_ns IS ?5"
			      " ORDER BY id LIMIT 1", &stmt, "merge"))
		return -1;
	bind_text_or_null(stmt, 1, s->host);
	bind_text_or_null(stmt, 2, s->kind);
	bind_text_or_null(stmt, 3, s->source);
	bind_text_or_null(stmt, 4, s->created);
	if (s->first_ns == SCT_NO_TIME)
		sqlite3_bind_null(stmt, 5);
	else
		sqlite3_bind_int64(stmt, 5, sct_u64_to_sql(s->first_ns));
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sct_store_sql_error(store, rc, "merge");
	return id;
}

/* Refuse the file when a session of it is in @dst already */
static int check_new(struct sct_store *dst, struct sct_store *src,
		     const struct merge_map *m)
{
	struct sct_session s;
	int64_t same;
	size_t i;

	for (i = 0; i < m->nr; i++) {
		if (sct_store_get_session(src, m->from[i], &s))
			return -1;
		same = find_same(dst, &s);
		if (same > 0)
			sct_set_error(EEXIST, "%s: session %" PRId64 " (host %s, first time stamp"
				      " %" PRIu64 ") is in %s already as session %" PRId64,
				      src->path, s.id, s.host ? s.host : "unknown",
				      s.first_ns == SCT_NO_TIME ? 0 : s.first_ns, dst->path, same);
		sct_session_release(&s);
		if (same)
			return -1;
	}
	return 0;
}

static int copy_call(const struct sct_call *call, void *data)
{
	return sct_store_add_call(data, call);
}

/* The exit counts and the session's counters as the correlator had them */
static int add_exit(const struct sct_exit_count *e, void *data)
{
	struct sct_exit_stats *st = data;
	unsigned int code = e->code >= 0 && e->code < 64 ? (unsigned int)e->code : 63;

	if (!strcmp(e->kind, "trap"))
		st->trap_ec[code] += e->count;
	else if (!strcmp(e->kind, "irq"))
		st->irq_exits += e->count;
	else if (!strcmp(e->kind, "serror"))
		st->serror_exits += e->count;
	else if (!strcmp(e->kind, "other"))
		st->other_exits += e->count;
	else if (!strcmp(e->kind, "userspace"))
		st->user_exits[code] += e->count;
	else if (!strcmp(e->kind, "eintr"))
		st->eintr += e->count;
	else if (!strcmp(e->kind, "lost_markers"))
		st->lost_markers += e->count;
	else if (!strcmp(e->kind, "lost"))
		st->lost_per_cpu[code] += e->count;
	return 0;
}

static int read_stats(struct sct_store *src, const struct sct_session *s,
		      struct sct_exit_stats *st)
{
	memset(st, 0, sizeof(*st));
	st->calls = s->calls;
	st->incomplete = s->incomplete;
	st->by_location[SCT_LOC_UNKNOWN] = s->unknown;
	st->by_location[SCT_LOC_KERNEL] = s->kernel_calls;
	st->by_location[SCT_LOC_USER] = s->forwarded;
	st->by_location[SCT_LOC_DENIED] = s->denied;
	st->lost_events = s->lost_events;
	return sct_store_foreach_exit(src, s->id, add_exit, st);
}

static uint64_t column_ns(sqlite3_stmt *stmt, int col)
{
	if (sqlite3_column_type(stmt, col) == SQLITE_NULL)
		return SCT_NO_TIME;
	return sct_sql_to_u64(sqlite3_column_int64(stmt, col));
}

static int copy_vms(struct sct_store *dst, struct sct_store *src, int64_t session)
{
	sqlite3_stmt *stmt;
	int rc, ret = 0;

	if (src->version < 3)
		return 0;
	if (sct_store_prepare(src, "SELECT vm, created_ns, filter, filter_ns FROM vms"
			      " WHERE session = ?1 ORDER BY vm", &stmt, "read VMs"))
		return -1;
	sqlite3_bind_int64(stmt, 1, session);
	while (!ret && (rc = sqlite3_step(stmt)) == SQLITE_ROW)
		ret = sct_store_add_vm(dst, sqlite3_column_int(stmt, 0), column_ns(stmt, 1),
				       (const char *)sqlite3_column_text(stmt, 2),
				       column_ns(stmt, 3));
	sqlite3_finalize(stmt);
	if (!ret && rc != SQLITE_DONE)
		return sct_store_sql_error(src, rc, "read VMs");
	return ret;
}

/* The session's threads, gathered to be added at once */
struct thread_list {
	struct sct_thread	*v;
	size_t			nr;
};

static int keep_thread(const struct sct_thread *t, void *data)
{
	struct thread_list *l = data;
	struct sct_thread *v;

	v = reallocarray(l->v, l->nr + 1, sizeof(*v));
	if (!v)
		return sct_set_error(ENOMEM, "out of memory");
	l->v = v;
	v[l->nr++] = *t;
	return 0;
}

static int copy_threads(struct sct_store *dst, struct sct_store *src, int64_t session)
{
	struct thread_list l = { 0 };
	int ret;

	ret = sct_store_foreach_thread(src, session, keep_thread, &l);
	if (!ret && l.nr)
		ret = sct_store_add_threads(dst, l.v, l.nr);
	free(l.v);
	return ret;
}

/* When it was stored and ended, as the source has it */
static int keep_times(struct sct_store *dst, int64_t id, const struct sct_session *s)
{
	sqlite3_stmt *stmt;
	int rc;

	if (sct_store_prepare(dst, "UPDATE sessions SET created = ?2, ended = ?3 WHERE id = ?1",
			      &stmt, "merge"))
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	bind_text_or_null(stmt, 2, s->created);
	bind_text_or_null(stmt, 3, s->ended);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return sct_store_sql_error(dst, rc, "merge");
	return 0;
}

static int64_t mapped(const struct merge_map *m, int64_t id)
{
	size_t i;

	for (i = 0; i < m->nr; i++)
		if (m->from[i] == id)
			return m->to[i];
	return 0;
}

/* Session @i of the map, copied whole; its new id goes into the map */
static int copy_session(struct sct_store *dst, struct sct_store *src,
			struct merge_map *m, size_t i, uint64_t *calls)
{
	struct sct_exit_stats st;
	struct sct_session s;
	int64_t id;
	int ret;

	if (sct_store_get_session(src, m->from[i], &s))
		return -1;
	ret = read_stats(src, &s, &st);
	s.replay_of = mapped(m, s.replay_of);
	id = ret ? -1 : sct_store_begin_session(dst, &s);
	if (id < 0) {
		sct_session_release(&s);
		return -1;
	}
	ret = sct_store_foreach_call(src, s.id, copy_call, dst);
	if (!ret)
		ret = copy_vms(dst, src, s.id);
	if (!ret)
		ret = copy_threads(dst, src, s.id);
	if (!ret)
		ret = sct_store_commit_session(dst, &st, s.first_ns, s.last_ns);
	if (ret)
		sct_store_abort_session(dst);
	else
		m->to[i] = id;
	if (!ret)
		ret = keep_times(dst, id, &s);
	*calls += s.calls;
	sct_session_release(&s);
	return ret;
}

/* Not the file itself: its sessions would be read while they are written */
static int check_other(struct sct_store *dst, const char *src_path)
{
	char *a = realpath(dst->path, NULL), *b = realpath(src_path, NULL);
	bool same = a && b && !strcmp(a, b);

	free(a);
	free(b);
	if (same)
		return sct_set_error(EINVAL, "%s: is the database merged into", src_path);
	return 0;
}

static int undo(struct sct_store *dst, const struct merge_map *m)
{
	int64_t ids[64];
	size_t i, n = 0;

	for (i = 0; i < m->nr; i++) {
		if (!m->to[i])
			continue;
		ids[n++] = m->to[i];
		if (n == 64) {
			sct_store_delete_sessions(dst, ids, n);
			n = 0;
		}
	}
	if (n)
		sct_store_delete_sessions(dst, ids, n);
	return -1;
}

/**
 * sct_store_merge - copy every session of a database into this one
 * @dst: a store opened for writing, with no session open
 * @src_path: the database to copy from (any schema version the store
 *            reads; it is opened read-only and not changed)
 * @flags: SCT_MERGE_FORCE: copy a session @dst holds already
 * @result: filled in with what was copied; the caller's
 *
 * Each session gets the next id of @dst, with its calls, threads, VMs and
 * their filters, exit counts, host, kernel, when it was stored and when
 * it ended; a replay's replay_of follows the renumbering. A session is
 * in @dst already when one there has the same host, kind, source, time
 * it was stored and first time stamp; without SCT_MERGE_FORCE that
 * refuses the whole file. All or nothing: when a session cannot be
 * copied, those copied before it are removed again.
 *
 * Returns 0, or -1 with errno and the error set (EEXIST for a session
 * present already), @dst then as it was.
 */
int sct_store_merge(struct sct_store *dst, const char *src_path, unsigned int flags,
		    struct sct_merge_result *result)
{
	struct merge_map m = { 0 };
	struct sct_store *src;
	int ret = -1, err;
	size_t i;

	memset(result, 0, sizeof(*result));
	if (check_other(dst, src_path))
		return -1;
	src = sct_store_open(src_path, SCT_STORE_READONLY);
	if (!src)
		return -1;
	if (sct_store_foreach_session(src, keep_id, &m))
		goto out;
	if (!(flags & SCT_MERGE_FORCE) && check_new(dst, src, &m))
		goto out;
	for (i = 0; i < m.nr; i++)
		if (copy_session(dst, src, &m, i, &result->calls))
			break;
	if (i < m.nr) {
		err = errno;
		undo(dst, &m);
		errno = err;
		result->calls = 0;
		goto out;
	}
	result->sessions = m.nr;
	result->first_id = m.nr ? m.to[0] : 0;
	result->last_id = m.nr ? m.to[m.nr - 1] : 0;
	ret = 0;
out:
	err = errno;
	free(m.from);
	free(m.to);
	sct_store_close(src);
	errno = err;
	return ret;
}
