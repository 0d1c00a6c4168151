/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * The SQL that makes the store's tables and views: what a new file gets
 * (lib/store-schema.c) and what the migrations of older files make again
 * (lib/store-migrate.c). Private to lib/.
 */
#ifndef SCT_STORE_DDL_H
#define SCT_STORE_DDL_H

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

/* The arguments, results and VMM's times: in calls until version 6, then in call_extras */
#define EXTRA_COLUMNS_SQL \
	" args TEXT," \
	" x0 INTEGER," \
	" x1 INTEGER," \
	" x2 INTEGER," \
	" x3 INTEGER," \
	" d_vmm_exit INTEGER," \
	" d_vmm_resume INTEGER"

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
	EXTRA_COLUMNS_SQL "," \
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
	EXTRA_COLUMNS_SQL ");"

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

/* Version 3: each VM a session saw, with its SMCCC filter */
#define VMS_SQL \
	"CREATE TABLE vms (" \
	" session INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE," \
	" vm INTEGER NOT NULL," \
	" created_ns INTEGER," \
	" filter TEXT," \
	" filter_ns INTEGER," \
	" PRIMARY KEY (session, vm));"

/* Version 4: each thread that ran a vCPU, with its name and vCPU index */
#define THREADS_SQL \
	"CREATE TABLE threads (" \
	" session INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE," \
	" tid INTEGER NOT NULL," \
	" comm TEXT," \
	" vcpu INTEGER," \
	" first_exit_ns INTEGER," \
	" PRIMARY KEY (session, tid));"

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

/*
 * call_view, also made again by the migration to version 7: a call stored
 * without a vCPU index has its thread's
 */
#define CALL_VIEW_SQL \
	CALL_VIEW_FIRST_SQL("ifnull(c.vcpu, t.vcpu)") " ifnull(e.imm, 0) AS imm," \
	CALL_VIEW_TIMES_SQL("e") \
	" LEFT JOIN call_extras e ON e.id = c.id" \
	CALL_VIEW_JOINS_SQL

#endif /* SCT_STORE_DDL_H */
