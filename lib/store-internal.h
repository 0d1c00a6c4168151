/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * The SQLite store's private parts, shared by lib/store*.c.
 */
#ifndef SMCCCTRACE_LIB_STORE_INTERNAL_H
#define SMCCCTRACE_LIB_STORE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include <smccctrace/select.h>
#include <smccctrace/store.h>

/* PRAGMA application_id of a smccctrace database: "SCTR" */
#define SCT_APPLICATION_ID	0x53435452

/* Milliseconds to wait for another process's lock */
#define SCT_BUSY_TIMEOUT_MS	5000

/*
 * A set of function IDs: the ones the functions table holds, so that
 * adding a call does not query the table. Open addressing; a slot holds
 * the ID plus one, 0 is empty.
 */
struct sct_id_set {
	uint64_t	*slots;
	size_t		nr_slots;	/* a power of two, or 0 */
	size_t		nr_used;
	bool		loaded;
};

struct sct_store {
	sqlite3			*db;
	char			*path;
	bool			readonly;
	int			version;	/* the file's schema version */
	int64_t			session;	/* the open session, 0 when none */
	bool			checkpointed;	/* part of it is committed */
	bool			call_vcpus;	/* a call of it came with its vCPU */
	bool			base_set;	/* its base_ns is written */
	uint64_t		base;		/* its base_ns: the times count from it */
	bool			indexes_dropped; /* till its end (a bulk import) */
	sqlite3_stmt		*ins_call;
	sqlite3_stmt		*ins_extras;	/* into call_extras */
	sqlite3_stmt		*ins_func;
	struct sct_id_set	known;
	char			args_buf[SCT_MAX_ARGS * 22 + 4];
};

/*
 * How a session's calls read: @relative since version 6, where t_exit
 * counts from @base (the session's base_ns) and the other times from
 * t_exit, or from @base when t_exit is NULL; @keyed since version 7,
 * whose calls.vcpu is NULL for a call that has its thread's vCPU index
 */
/* A thread of the session that has a vCPU index */
struct thread_vcpu {
	int32_t		tid;
	int32_t		vcpu;
};

struct call_read {
	bool		relative;
	uint64_t	base;
	bool		timing_only;
	bool		keyed;		/* version 7: seq is in calls.id */
	int64_t		key_base;	/* then the session's id << 32 */
	bool		extras;		/* then the session has call_extras rows */
	struct thread_vcpu *threads;	/* then its threads, by tid: a call */
	size_t		nr_threads;	/* without a vCPU index has its thread's */
};

/*
 * A read in time order from a cursor, or backward, is made of two parts
 * so that each walks the (session, t_exit) index from where it starts:
 * the calls without a time stamp (first in that order), and the timed ones.
 */
enum read_part {
	PART_ALL,	/* one statement */
	PART_UNTIMED,	/* t_exit IS NULL, in seq order */
	PART_TIMED,	/* t_exit IS NOT NULL, in (t_exit, seq) order */
};

/**
 * struct read_step - one statement of a read
 * @part: which calls
 * @cursor: it starts from the selection's cursor (else from its part's end)
 * @cr: how the session's calls read
 */
struct read_step {
	enum read_part		part;
	bool			cursor;
	const struct call_read	*cr;
};

/*
 * The calls of session ?1 in version 7, whose calls.id is the session's
 * id << 32 | seq: one range of the rowid
 */
#define SESSION_CALLS_SQL "id BETWEEN ?1 << 32 AND (?1 << 32) + 0xffffffff"

/* Version 7's calls.fid is the function ID - FID_BIAS: 4 bytes, in order */
#define FID_BIAS	0x80000000LL

/* lib/store.c */
int sct_store_sql_error(struct sct_store *store, int rc, const char *what);
int sct_store_exec(struct sct_store *store, const char *sql, const char *what);
int sct_store_exec_session(struct sct_store *store, const char *sql, const char *what);
int sct_store_prepare(struct sct_store *store, const char *sql,
		      sqlite3_stmt **stmt, const char *what);

/* lib/store-schema.c */
int sct_store_check_schema(struct sct_store *store, bool create);
int sct_store_drop_indexes(struct sct_store *store);

/* lib/store-migrate.c */
int sct_store_migrate(struct sct_store *store);

/* lib/store-sessions.c */
int sct_store_load_thread_vcpus(struct sct_store *store, int64_t id, struct call_read *cr);
void sct_store_free_thread_vcpus(struct call_read *cr);
int32_t sct_store_thread_vcpu(const struct call_read *cr, int32_t tid);
int sct_store_build_indexes(struct sct_store *store);

/* lib/store-write.c */
int sct_store_check_open(struct sct_store *store);
int sct_store_add_function(struct sct_store *store, uint32_t id,
			   const char *name);
void sct_store_bind_time(sqlite3_stmt *stmt, int col, uint64_t t, uint64_t from);
const char *sct_store_utc_now(char *buf);

/* lib/store-ids.c */
bool sct_id_set_has(const struct sct_id_set *set, uint32_t id);
int sct_id_set_add(struct sct_id_set *set, uint32_t id);
void sct_id_set_clear(struct sct_id_set *set);
int sct_store_load_known(struct sct_store *store);

/* lib/store-read.c */
const char *sct_store_calls_sql(const struct sct_store *store, const struct call_read *cr);

/* lib/store-select.c */
size_t sct_store_plan_read(const struct sct_selection *sel, const struct call_read *cr,
			   struct read_step *steps);
int sct_store_prepare_selected(struct sct_store *store, const struct sct_selection *sel,
			       const struct read_step *step, uint64_t limit,
			       sqlite3_stmt **stmt);

/* lib/store-exits.c */
int sct_store_write_exits(struct sct_store *store,
			  const struct sct_exit_stats *stats);

/* SQLite integers are signed: u64 values go in as their two's complement */
static inline int64_t sct_u64_to_sql(uint64_t v)
{
	return (int64_t)v;
}

static inline uint64_t sct_sql_to_u64(int64_t v)
{
	return (uint64_t)v;
}

#endif /* SMCCCTRACE_LIB_STORE_INTERNAL_H */
