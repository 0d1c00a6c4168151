// SPDX-License-Identifier: GPL-2.0
/*
 * The SQLite store's writers beside session 1: sessions aborted (after a
 * checkpoint, in their first transaction, closed while open), a replay
 * copying a session within the store, two writers taking turns on one
 * file, and a writer that dies after a checkpoint.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <sys/wait.h>
#include <unistd.h>

#include <smccctrace/error.h>
#include <smccctrace/store.h>

#include "store-calls.h"
#include "store-test.h"

/* Session 1, which the tests below find first in the file */
static int write_session1(void)
{
	struct sct_session s = { .kind = "import", .source = "vhe-basic.dat" };
	struct sct_exit_stats st;
	struct sct_store *store;
	int ret = -1;

	store = sct_store_open(db1, SCT_STORE_CREATE);
	make_stats(&st);
	if (store && sct_store_begin_session(store, &s) == 1 && !add_calls(store))
		ret = sct_store_commit_session(store, &st, 900, 9500);
	if (ret)
		printf("# cannot write session 1: %s\n", sct_last_error());
	sct_store_close(store);
	return ret;
}

static int count_sessions(const struct sct_session *s, void *data)
{
	char **ids = data;
	char buf[32];
	size_t len;

	snprintf(buf, sizeof(buf), "%" PRId64 ":%s ", s->id, s->kind);
	len = *ids ? strlen(*ids) : 0;
	*ids = realloc(*ids, len + strlen(buf) + 1);
	strcpy(*ids + len, buf);
	return 0;
}

static void test_abort(void)
{
	struct sct_session s = { .kind = "record", .source = "tracefs" };
	struct sct_call c = calls[3];
	struct sct_store *store;
	struct sct_session got;
	char *ids = NULL;
	int64_t id;

	store = sct_store_open(db1, 0);
	if (!ok(store, "open an existing database for writing"))
		return;

	/* Aborted with part of it committed by a checkpoint */
	id = sct_store_begin_session(store, &s);
	is_u64(id, 2, "session 2 begins");
	c.func_id = 0x83000042;		/* new ID, committed by the checkpoint */
	sct_store_add_call(store, &c);
	is_u64(sct_store_checkpoint(store), 0, "checkpoint");
	is_rows(db1, "SELECT count(*) FROM calls WHERE session = 2", "1\n",
		"a checkpoint commits");
	c.seq = 1;
	c.func_id = 0x83000043;		/* new ID, rolled back with the rest */
	sct_store_add_call(store, &c);
	sct_store_abort_session(store);
	is_rows(db1, "SELECT (SELECT count(*) FROM sessions WHERE id = 2),"
		" (SELECT count(*) FROM calls WHERE session = 2)", "0|0\n",
		"abort after a checkpoint leaves nothing of the session");
	ok(sct_store_get_session(store, 2, &got) < 0 && errno == ENOENT,
	   "the aborted session is gone");
	is_str(sct_last_error(), tmp_path("one.db: no session 2"),
	       "missing session message");

	/* The ID rolled back is added again when it comes back */
	id = sct_store_begin_session(store, &s);
	sct_store_add_call(store, &c);
	is_u64(sct_store_commit_session(store, NULL, SCT_NO_TIME, SCT_NO_TIME), 0,
	       "commit without stats");
	is_rows(db1, "SELECT func, owner FROM call_view WHERE session = 2",
		"0x83000043|OEM\n", "an ID from an aborted batch is added again");
	is_rows(db1, "SELECT calls, denied_calls, kernel_calls, incomplete_calls, lost_events,"
		" first_ns, last_ns FROM sessions WHERE id = 2",
		"1|1|0|0|0|NULL|NULL\n", "counters from the calls when no stats");
	is_rows(db1, "SELECT count(*) FROM exits WHERE session = 2", "0\n",
		"no exits rows without stats");

	/* Aborted within its first transaction; then closed while open */
	id = sct_store_begin_session(store, &s);
	sct_store_add_call(store, &c);
	sct_store_abort_session(store);
	sct_store_abort_session(store);
	id = sct_store_begin_session(store, &s);
	sct_store_add_call(store, &c);
	sct_store_close(store);
	sct_store_close(NULL);
	is_rows(db1, "SELECT count(*) FROM sessions WHERE id > 2", "0\n",
		"abort and close leave no open session behind");

	store = sct_store_open(db1, SCT_STORE_READONLY);
	sct_store_foreach_session(store, count_sessions, &ids);
	is_str(ids, "1:import 2:record ", "foreach_session in id order");
	free(ids);
	is_u64(sct_store_get_session(store, 0, &got), 0, "newest session again");
	is_u64(got.id, 2, "newest is now 2");
	sct_session_release(&got);
	ok(sct_store_get_session(store, 42, &got) < 0 && errno == ENOENT,
	   "a missing session fails (ENOENT)");
	is_str(sct_last_error(), tmp_path("one.db: no session 42"),
	       "and names file and session");
	sct_store_close(store);
}


/* A replay reads one session's calls and writes another in the same store */
static int copy_call(const struct sct_call *call, void *data)
{
	struct sct_store *store = data;

	if (sct_store_add_call(store, call))
		return -1;
	if (call->seq == 1 && sct_store_checkpoint(store))
		return -1;
	return 0;
}

static void test_copy(void)
{
	struct sct_session s = { .kind = "replay", .source = "session 1" };
	struct sct_store *store;
	int64_t id;

	store = sct_store_open(db1, 0);
	if (!ok(store, "open for a replay"))
		return;
	id = sct_store_begin_session(store, &s);
	is_u64(id, 3, "session 3 begins");
	is_u64(sct_store_foreach_call(store, 1, copy_call, store), 0,
	       "write calls (and checkpoint) while reading another session");
	is_u64(sct_store_commit_session(store, NULL, 900, 9500), 0,
	       "commit the copy");
	sct_store_close(store);
	is_rows(db1, "SELECT (SELECT count(*) FROM (SELECT seq, tid, vcpu, func_id,"
		" conduit, location, incomplete, ec, imm, pc, cpu, t_exit, t_uexit,"
		" t_entry, total_ns, out_ns, back_ns, args, x0, x1, x2, x3"
		" FROM call_view WHERE session = 3 EXCEPT SELECT seq, tid, vcpu,"
		" func_id, conduit, location, incomplete, ec, imm, pc, cpu, t_exit,"
		" t_uexit, t_entry, total_ns, out_ns, back_ns, args, x0, x1, x2, x3"
		" FROM call_view WHERE session = 1)), (SELECT count(*) FROM calls"
		" WHERE session = 3)", "0|5\n", "the copy equals the original");
	is_rows(db1, "SELECT calls, forwarded_calls, kernel_calls, denied_calls,"
		" unknown_location_calls, incomplete_calls FROM session_view WHERE id = 3",
		"5|1|2|1|1|2\n",
		"its counters, counted from its calls");
}

/*
 * A recording writes in batches: between its checkpoints another writer
 * (an import into the same file) takes the lock, and both sessions end
 * whole. The file is in WAL mode, so readers wait for no one.
 */
static void test_concurrent(void)
{
	struct sct_session rec = { .kind = "record" }, imp = { .kind = "import" };
	struct sct_store *a, *b;
	struct sct_call c = calls[0];
	int64_t ida, idb;

	a = sct_store_open(db1, 0);
	b = sct_store_open(db1, 0);
	if (!ok(a && b, "two writers open the same file")) {
		sct_store_close(a);
		sct_store_close(b);
		return;
	}
	is_rows(db1, "PRAGMA journal_mode", "wal\n", "the file is in WAL mode");
	ida = sct_store_begin_session(a, &rec);
	sct_store_add_call(a, &c);
	is_u64(sct_store_checkpoint(a), 0, "the recording's first batch");
	idb = sct_store_begin_session(b, &imp);
	ok(idb > ida, "an import begins while the recording is open");
	c.seq = 7;
	is_u64(sct_store_add_call(b, &c), 0, "and adds a call");
	is_u64(sct_store_commit_session(b, NULL, SCT_NO_TIME, SCT_NO_TIME), 0,
	       "and commits, the recording still open");
	c.seq = 1;
	is_u64(sct_store_add_call(a, &c), 0, "the recording's next batch");
	is_u64(sct_store_commit_session(a, NULL, SCT_NO_TIME, SCT_NO_TIME), 0,
	       "the recording ends");
	sct_store_close(a);
	sct_store_close(b);
	is_rows(db1, "SELECT kind, calls FROM sessions WHERE id >= 4 ORDER BY id",
		"record|2\nimport|1\n", "both sessions whole");
}

/* A writer that dies after a checkpoint leaves its session, not ended */
static void test_interrupted(void)
{
	struct sct_session rec = { .kind = "record" }, got;
	struct sct_store *store;
	int status = -1;
	int64_t id = 0;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		store = sct_store_open(db1, 0);
		if (!store || sct_store_begin_session(store, &rec) < 0 ||
		    sct_store_add_call(store, &calls[0]) || sct_store_checkpoint(store) ||
		    sct_store_add_call(store, &calls[1]))
			_exit(1);
		_exit(0);	/* killed: no commit, no close */
	}
	waitpid(pid, &status, 0);
	is_u64(status, 0, "a writer commits a batch and dies");
	store = sct_store_open(db1, SCT_STORE_READONLY);
	ok(store && !sct_store_get_session(store, 0, &got), "its session is there");
	if (store)
		id = got.id;
	ok(store && !got.ended && !got.calls, "not ended, no counters");
	sct_session_release(&got);
	sct_store_close(store);
	is_rows(db1, "SELECT state, (SELECT count(*) FROM calls c WHERE c.session = s.id)"
		" FROM session_view s ORDER BY id DESC LIMIT 1", "interrupted|1\n",
		"session_view: interrupted, with the batch it committed");
	ok(id > 0, "its id");
}

int main(void)
{
	if (!store_calls_start())
		return 0;
	if (write_session1()) {
		tmpdir_remove();
		printf("Bail out! no session 1 to start from\n");
		return 1;
	}

	test_abort();
	test_copy();
	test_concurrent();
	test_interrupted();

	tmpdir_remove();
	return tap_done();
}
