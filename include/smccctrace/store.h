/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * The SQLite store: sessions, calls, exit counts and name tables.
 * The only code in the project that speaks SQL.
 */
#ifndef SMCCCTRACE_STORE_H
#define SMCCCTRACE_STORE_H

#include <stddef.h>
#include <stdint.h>

#include <smccctrace/call.h>

/* What libsmccctrace.so exports: the declarations of the public headers */
#pragma GCC visibility push(default)

#define SCT_SCHEMA_VERSION	7
#define SCT_DEFAULT_DB		"smccctrace.db"

/* sct_store_open() flags */
#define SCT_STORE_CREATE	(1 << 0)	/* create the file if missing */
#define SCT_STORE_READONLY	(1 << 1)

struct sct_store;

/**
 * struct sct_session - a recording, an import or a replay
 * @id: the session's id (assigned by the store)
 * @kind: "import", "record" or "replay"
 * @source: where the data came from (a trace.dat path, "tracefs", ...)
 * @host: host name of the traced machine, or NULL
 * @kernel: kernel release of the traced machine, or NULL
 * @clock: trace clock, or NULL
 * @created: creation time, ISO 8601 UTC (set by the store)
 * @filter_json: the SMCCC filter the VM ran with as JSON, or NULL (unknown)
 * @calls: number of calls
 * @forwarded: calls forwarded to userspace
 * @kernel_calls: calls answered in the kernel
 * @denied: calls denied by the filter
 * @unknown: calls whose location is unknown
 * @incomplete: calls cut by the trace's ends or by lost events
 * @lost_events: events the kernel reported lost
 * @first_ns: first event time stamp, or SCT_NO_TIME
 * @last_ns: last event time stamp, or SCT_NO_TIME
 * @replay_of: a replay: the id of the session it replayed; else 0
 * @source_size: an import: the trace file's size in bytes; else 0
 * @ended: when it was committed, ISO 8601 UTC (set by the store); NULL
 *         for a session that never ended: interrupted (its recorder was
 *         killed after part of it was committed), or still being written
 *
 * Strings in a session the store returns belong to the session:
 * sct_session_release() frees them.
 */
struct sct_session {
	int64_t		id;
	char		*kind;
	char		*source;
	char		*host;
	char		*kernel;
	char		*clock;
	char		*created;
	char		*filter_json;
	uint64_t	calls;
	uint64_t	forwarded;
	uint64_t	kernel_calls;
	uint64_t	denied;
	uint64_t	unknown;
	uint64_t	incomplete;
	uint64_t	lost_events;
	uint64_t	first_ns;
	uint64_t	last_ns;
	int64_t		replay_of;
	uint64_t	source_size;
	char		*ended;
};

void sct_session_release(struct sct_session *session);

struct sct_store *sct_store_open(const char *path, int flags);
void sct_store_close(struct sct_store *store);
const char *sct_store_path(const struct sct_store *store);

int64_t sct_store_begin_session(struct sct_store *store,
				const struct sct_session *session);
int sct_store_add_call(struct sct_store *store, const struct sct_call *call);
int sct_store_checkpoint(struct sct_store *store);
int sct_store_set_filter(struct sct_store *store, const char *json);
int sct_store_add_vm(struct sct_store *store, int32_t vm, uint64_t created_ns,
		     const char *filter_json, uint64_t filter_ns);
int sct_store_vm_filters(struct sct_store *store, int64_t session,
			 uint64_t *vms, uint64_t *filters);
int sct_store_commit_session(struct sct_store *store,
			     const struct sct_exit_stats *stats,
			     uint64_t first_ns, uint64_t last_ns);
void sct_store_abort_session(struct sct_store *store);

int sct_store_add_threads(struct sct_store *store, const struct sct_thread *threads,
			  size_t nr);
int sct_store_foreach_thread(struct sct_store *store, int64_t session,
			     int (*fn)(const struct sct_thread *t, void *data),
			     void *data);
int64_t sct_store_find_import(struct sct_store *store, const char *source,
			      uint64_t size, uint64_t first_ns);
int sct_store_delete_sessions(struct sct_store *store, const int64_t *ids, size_t nr);

int sct_store_get_session(struct sct_store *store, int64_t id,
			  struct sct_session *session);
int sct_store_foreach_session(struct sct_store *store,
			      int (*fn)(const struct sct_session *s, void *data),
			      void *data);
/**
 * struct sct_exit_count - one row of a session's exit counts
 * @kind: "trap", "irq", "serror", "other", "userspace", "eintr",
 *        "lost_markers" or "lost" (events lost on CPU @code)
 * @code: the exception class (trap), KVM exit reason (userspace) or CPU
 *        (lost), else 0
 * @name: a readable name of @code, or NULL
 * @count: how many
 */
struct sct_exit_count {
	const char	*kind;
	int64_t		code;
	const char	*name;
	uint64_t	count;
};

int sct_store_foreach_exit(struct sct_store *store, int64_t session,
			   int (*fn)(const struct sct_exit_count *e, void *data),
			   void *data);
int sct_store_foreach_call(struct sct_store *store, int64_t session,
			   int (*fn)(const struct sct_call *call, void *data),
			   void *data);

/* sct_store_merge() flags */
#define SCT_MERGE_FORCE		(1 << 0)	/* copy sessions present already */

/**
 * struct sct_merge_result - what sct_store_merge() copied
 * @sessions: sessions copied
 * @calls: their calls
 * @first_id: the first one's id in the database merged into (0: none)
 * @last_id: the last one's id there
 */
struct sct_merge_result {
	uint64_t	sessions;
	uint64_t	calls;
	int64_t		first_id;
	int64_t		last_id;
};

int sct_store_merge(struct sct_store *dst, const char *src_path, unsigned int flags,
		    struct sct_merge_result *result);

#pragma GCC visibility pop

#endif /* SMCCCTRACE_STORE_H */
