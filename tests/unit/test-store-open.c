// SPDX-License-Identifier: GPL-2.0
/*
 * The SQLite store's open: the files it must refuse, each with its
 * message (missing, not SQLite, not ours, empty, too new, truncated).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <smccctrace/error.h>
#include <smccctrace/store.h>

#include "store-test.h"

/* A forwarded PSCI CPU_ON with arguments and results */
static void make_call(struct sct_call *c)
{
	sct_call_init(c);
	c->tid = 1234;
	c->vcpu = 1;
	c->func_id = 0xC4000003;
	c->id_known = true;
	c->conduit = SCT_CONDUIT_HVC;
	c->location = SCT_LOC_USER;
	c->ec = SCT_EC_HVC64;
	c->pc = 0xffff800080001234ull;
	c->cpu = 3;
	c->t_exit = 1000;
	c->t_uexit = 1300;
	c->t_entry = 1800;
	c->nargs = 3;
	c->args[0] = 1;
	c->args[1] = 0x40080000;
	c->args[2] = 0;
	c->nresults = 1;
}

/* A database with @n calls in one session */
static void make_db(const char *path, long n)
{
	struct sct_session s = { .kind = "import" };
	struct sct_store *store;
	struct sct_call c;
	long i;

	make_call(&c);
	store = sct_store_open(path, SCT_STORE_CREATE);
	sct_store_begin_session(store, &s);
	for (i = 0; i < n; i++) {
		c.seq = (uint64_t)i;
		c.func_id = 0x84000000 + (uint32_t)(i % 32);
		sct_store_add_call(store, &c);
	}
	sct_store_commit_session(store, NULL, 0, 1);
	sct_store_close(store);
}

static void expect_open_error(const char *path, int flags, const char *msg,
			      const char *what)
{
	struct sct_store *store;
	char want[512];

	store = sct_store_open(path, flags);
	ok(!store, what);
	sct_store_close(store);
	snprintf(want, sizeof(want), "%s: %s", path, msg);
	is_str(sct_last_error(), want, "  its message");
}

static void test_bad_files(void)
{
	static const char text[] = "this is not a database, it is a text file\n";
	const char *foreign = tmp_path("foreign.db");
	const char *newer = tmp_path("newer.db");
	const char *empty = tmp_path("empty.db");
	const char *junk = tmp_path("junk.db");
	const char *good = tmp_path("good.db");
	struct sct_store *store;
	char want[128];

	make_db(good, 10);

	expect_open_error(tmp_path("missing.db"), SCT_STORE_READONLY,
			  "No such file or directory", "a missing file, read-only");
	is_u64(errno, ENOENT, "  errno ENOENT");
	expect_open_error(tmp_path("missing.db"), 0,
			  "No such file or directory", "a missing file, no create");

	copy_file(good, newer, -1);
	snprintf(want, sizeof(want), "PRAGMA user_version = %d", SCT_SCHEMA_VERSION + 1);
	sql_exec(newer, want);
	snprintf(want, sizeof(want),
		 "schema version %d is newer than this smccctrace supports (%d)",
		 SCT_SCHEMA_VERSION + 1, SCT_SCHEMA_VERSION);
	expect_open_error(newer, 0, want, "a newer schema version");
	expect_open_error(newer, SCT_STORE_READONLY, want, "  also read-only");

	write_file(junk, text, sizeof(text) - 1);
	expect_open_error(junk, SCT_STORE_CREATE,
			  "not a smccctrace database (not an SQLite file)",
			  "a text file");

	sql_exec(foreign, "CREATE TABLE t (x); INSERT INTO t VALUES (1)");
	expect_open_error(foreign, SCT_STORE_CREATE, "not a smccctrace database",
			  "an SQLite file that is not ours");
	is_rows(foreign, "SELECT count(*) FROM sqlite_master", "1\n",
		"  and it is left alone");

	write_file(empty, "", 0);
	expect_open_error(empty, SCT_STORE_READONLY,
			  "not a smccctrace database (empty file)",
			  "an empty file, read-only");
	store = sct_store_open(empty, SCT_STORE_CREATE);
	ok(store, "an empty file gets the schema with SCT_STORE_CREATE");
	sct_store_close(store);

	ok(!sct_store_open(good, SCT_STORE_CREATE | SCT_STORE_READONLY) &&
	   errno == EINVAL, "create and read-only together are refused");
}

/*
 * Files the code of each older schema version made: tests/data/schema-vN.db,
 * each one import of tests/data/vhe-basic.dat
 */
static void test_migrate(void)
{
	struct sct_session s = { .kind = "replay", .source = "builtin:kvm", .replay_of = 1 };
	const char *v1 = tmp_path("v1.db");
	struct sct_store *store;
	struct sct_session got;

	copy_file("tests/data/schema-v1.db", v1, -1);
	store = sct_store_open(v1, SCT_STORE_READONLY);
	ok(store, "version 1: opens read-only");
	ok(store && !sct_store_get_session(store, 0, &got) && got.replay_of == 0 &&
	   got.calls == 18 && got.kernel_calls == 11 && got.forwarded == 7,
	   "version 1: its session reads, replay_of 0");
	sct_session_release(&got);
	sct_store_close(store);
	is_rows(v1, "PRAGMA user_version", "1\n", "version 1: read-only leaves it at 1");

	store = sct_store_open(v1, 0);
	ok(store, "version 1: opens for writing");
	is_rows(v1, "PRAGMA user_version", "7\n", "version 1: migrated to 7");
	ok(store && sct_store_begin_session(store, &s) == 2 &&
	   !sct_store_commit_session(store, NULL, SCT_NO_TIME, SCT_NO_TIME),
	   "migrated: a replay session is written");
	ok(store && !sct_store_get_session(store, 2, &got) && got.replay_of == 1 &&
	   got.ended && strlen(got.ended) == 20, "migrated: it reads back with replay_of 1, ended");
	sct_session_release(&got);
	sct_store_close(store);
	is_rows(v1, "SELECT id, kind, replay_of, calls FROM session_view",
		"1|import|NULL|18\n2|replay|1|0\n", "migrated: session_view has replay_of");
}

static uint64_t count_lines(const char *s)
{
	uint64_t n = 0;

	while ((s = strchr(s, '\n')))
		n++, s++;
	return n;
}

/* The columns of call_view that every version has, each call in order */
static const char every_call_sql[] =
	"SELECT session, seq, tid, vcpu, func_id, func, name, owner, range,"
	" conduit, location, incomplete, ec, pc, imm, cpu, t_exit, t_uexit,"
	" t_entry, total_ns, out_ns, back_ns, x0, x1, x2, x3, args,"
	" kernel_out_ns, vmm_ns, kernel_in_ns FROM call_view ORDER BY session, seq";

/* Every older version to the current one: the renamed columns keep their values */
static void test_migrate_each(void)
{
	char from[64], name[32], what[64];
	struct sct_store *store;
	const char *path;
	char *before;
	int v;

	for (v = 1; v < SCT_SCHEMA_VERSION; v++) {
		snprintf(from, sizeof(from), "tests/data/schema-v%d.db", v);
		snprintf(name, sizeof(name), "each-v%d.db", v);
		path = tmp_path(name);
		copy_file(from, path, -1);
		before = sql_rows(path, every_call_sql);
		store = sct_store_open(path, 0);
		snprintf(what, sizeof(what), "version %d: opens for writing", v);
		ok(store, what);
		sct_store_close(store);
		snprintf(what, sizeof(what), "version %d: every call reads as it did", v);
		is_rows(path, every_call_sql, before, what);
		snprintf(what, sizeof(what), "version %d: ...18 calls of them", v);
		is_u64(count_lines(before), 18, what);
		free(before);
		snprintf(what, sizeof(what), "version %d: now version %d", v, SCT_SCHEMA_VERSION);
		is_rows(path, "PRAGMA user_version", "7\n", what);
		snprintf(what, sizeof(what), "version %d: its session ended when it began", v);
		is_rows(path, "SELECT state, ended = created FROM session_view", "done|1\n", what);
		snprintf(what, sizeof(what), "version %d: session_view's new names", v);
		/* version 4 made the file size and the threads */
		is_rows(path, "SELECT id, kind, source, source_size, kernel_release, calls,"
			" forwarded_calls, kernel_calls, denied_calls, unknown_location_calls,"
			" incomplete_calls, lost_events, duration_ns FROM session_view",
			v < 4 ? "1|import|tests/data/vhe-basic.dat|NULL|6.12.117+deb12-arm64|"
				"18|7|11|0|0|0|0|9172832\n" :
				"1|import|tests/data/vhe-basic.dat|12848|6.12.117+deb12-arm64|"
				"18|7|11|0|0|0|0|9172832\n", what);
		snprintf(what, sizeof(what), "version %d: calls kept, threads if it had them", v);
		is_rows(path, "SELECT count(*), count(comm), (SELECT count(*) FROM threads)"
			" FROM call_view", v < 4 ? "18|0|0\n" : "18|18|2\n", what);
	}
}

/*
 * Version 6 to 7 moves what few calls have (imm, arguments, results, the
 * VMM's times) to call_extras: calls of version 6 with them read the same
 */
static void test_migrate_extras(void)
{
	const char *path = tmp_path("extras-v6.db");
	struct sct_store *store;
	char *before;

	copy_file("tests/data/schema-v6.db", path, -1);
	sql_exec(path, "UPDATE calls SET imm = 5, args = '[1,-2]', x0 = -1, x1 = 7,"
		 " d_vmm_exit = d_uexit + 10, d_vmm_resume = d_uexit + 30"
		 " WHERE seq IN (3, 4);"
		 "UPDATE calls SET x0 = 0 WHERE seq = 9");
	before = sql_rows(path, every_call_sql);
	store = sct_store_open(path, 0);
	ok(store, "version 6 with extras: opens for writing");
	sct_store_close(store);
	is_rows(path, every_call_sql, before, "version 6 with extras: every call reads as it did");
	free(before);
	is_rows(path, "SELECT id - (1 << 32), imm, args, x0, x1, x2, d_vmm_resume - d_vmm_exit"
		" FROM call_extras ORDER BY id",
		"3|5|[1,-2]|-1|7|NULL|20\n4|5|[1,-2]|-1|7|NULL|20\n9|NULL|NULL|0|NULL|NULL|NULL\n",
		"version 6 with extras: three rows of call_extras, the rest of the calls none");
	is_rows(path, "SELECT count(*), sum(vmm_ns), sum(imm) FROM call_view WHERE seq IN (3, 4, 9)",
		"3|40|10\n", "version 6 with extras: call_view joins them");
	sql_exec(path, "DELETE FROM sessions");
	is_rows(path, "SELECT (SELECT count(*) FROM calls), (SELECT count(*) FROM call_extras)",
		"0|0\n", "deleting a session deletes its calls and their extras (the trigger)");
}

/*
 * Version 7 copies the calls into a new table: the old one's pages are
 * given back to the file system, not left free in the file
 */
static void test_migrate_vacuum(void)
{
	const char *path = tmp_path("vacuum-v6.db");
	struct sct_store *store;

	copy_file("tests/data/schema-v6.db", path, -1);
	sql_exec(path, "WITH RECURSIVE n(i) AS (SELECT 1000 UNION ALL SELECT i + 1 FROM n"
		 " WHERE i < 20999) INSERT INTO calls (session, seq, tid, vcpu, func_id,"
		 " conduit, location, incomplete, t_exit, d_entry)"
		 " SELECT 1, i, 100, 0, 2214592512, 1, 0, 0, i * 1000, 500 FROM n");
	store = sct_store_open(path, 0);
	ok(store, "version 6 with 20000 more calls: opens for writing");
	sct_store_close(store);
	is_rows(path, "SELECT count(*), sum(seq) FROM calls WHERE seq >= 1000",
		"20000|219990000\n", "version 6 to 7: the 20000 calls are there");
	is_rows(path, "PRAGMA freelist_count", "0\n",
		"version 6 to 7: the old table's pages given back (no free page left)");
}

/* A call's seq goes into the upper half of calls.id: 2^32 and up are refused */
static void test_seq_limit(void)
{
	const char *path = tmp_path("seq.db");
	struct sct_session s = { .kind = "record" };
	struct sct_store *store;
	struct sct_call c;

	store = sct_store_open(path, SCT_STORE_CREATE);
	make_call(&c);
	c.seq = 0xffffffffull;
	ok(store && sct_store_begin_session(store, &s) == 1 && !sct_store_add_call(store, &c),
	   "seq 2^32 - 1: stored");
	c.seq = 0x100000000ull;
	ok(sct_store_add_call(store, &c) && errno == EOVERFLOW &&
	   strstr(sct_last_error(), "at most 2^32 calls"), "seq 2^32: refused (EOVERFLOW)");
	ok(!sct_store_commit_session(store, NULL, 0, 1), "the session commits");
	sct_store_close(store);
	is_rows(path, "SELECT session, seq, func_id, incomplete, conduit, location, ec FROM calls",
		"1|4294967295|3288334339|0|1|2|22\n",
		"seq 2^32 - 1 and the packed columns read back from the generated ones");

	sql_exec(path, "INSERT INTO sessions (id, kind, created) VALUES (2147483647, 'x', 'y')");
	store = sct_store_open(path, 0);
	ok(store && sct_store_begin_session(store, &s) < 0 && errno == EOVERFLOW &&
	   strstr(sct_last_error(), "session 2147483648: ids end at 2^31"),
	   "session 2^31: refused (EOVERFLOW)");
	sct_store_close(store);
	is_rows(path, "SELECT count(*) FROM sessions", "2\n", "  and nothing of it is left");
}

/* A database big enough that a cut loses pages of every tree */
static void test_truncated(void)
{
	const char *big = tmp_path("big.db");
	const char *cut = tmp_path("cut.db");
	struct sct_store *store;
	struct stat st;

	make_db(big, 5000);
	if (stat(big, &st) < 0)
		st.st_size = 0;
	printf("# %s: %lld bytes\n", big, (long long)st.st_size);

	copy_file(big, cut, st.st_size / 2);
	store = sct_store_open(cut, SCT_STORE_READONLY);
	ok(!store, "a database cut in half");
	ok(strstr(sct_last_error(), "truncated or corrupt") &&
	   !strncmp(sct_last_error(), cut, strlen(cut)),
	   "  is 'FILE: database is truncated or corrupt'");
	printf("# %s\n", sct_last_error());
	sct_store_close(store);

	copy_file(big, cut, 4096 + 100);
	store = sct_store_open(cut, 0);
	ok(!store, "a database cut after its first page");
	printf("# %s\n", sct_last_error());
	sct_store_close(store);

	copy_file(big, cut, 60);
	store = sct_store_open(cut, SCT_STORE_CREATE);
	ok(!store, "a database cut inside its header");
	printf("# %s\n", sct_last_error());
	sct_store_close(store);
}

/* A filter learnt while recording is kept with the session */
static void test_set_filter(void)
{
	const char *path = tmp_path("filter.db"), *json = "{\"filters\": []}";
	struct sct_session s = { .kind = "record" };
	struct sct_store *store;

	store = sct_store_open(path, SCT_STORE_CREATE);
	ok(sct_store_set_filter(store, json), "set filter: refused without a session");
	sct_store_begin_session(store, &s);
	ok(!sct_store_set_filter(store, json), "set filter: in the open session");
	sct_store_commit_session(store, NULL, 0, 1);
	sct_store_close(store);
	is_rows(path, "SELECT filter FROM sessions", "{\"filters\": []}\n", "set filter: stored");
}

static const char calls_indexes_sql[] =
	"SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'calls' ORDER BY name";

/*
 * An import into an empty database builds the indexes of calls at its
 * end; an aborted one leaves them as they were; a record keeps them
 */
static void test_bulk_indexes(void)
{
	const char *path = tmp_path("bulk.db");
	struct sct_session imp = { .kind = "import" }, rec = { .kind = "record" };
	const char *both = "calls_session_func\ncalls_session_time\n";
	struct sct_store *store;
	struct sct_call c;

	make_db(path, 1000);
	is_rows(path, calls_indexes_sql, both, "bulk import: both indexes built at its end");
	is_rows(path, "SELECT count(*), count(DISTINCT func_id) FROM calls"
		" INDEXED BY calls_session_func WHERE session = 1 AND func_id >= 0x84000010",
		"496|16\n", "bulk import: the function index holds every call");
	is_rows(path, "SELECT count(*) FROM calls INDEXED BY calls_session_time"
		" WHERE session = 1 AND t_exit = 0", "1000\n",
		"bulk import: the time index holds every call");

	path = tmp_path("bulk-abort.db");
	store = sct_store_open(path, SCT_STORE_CREATE);
	make_call(&c);
	ok(sct_store_begin_session(store, &imp) == 1 && !sct_store_add_call(store, &c),
	   "aborted import: a call added");
	sct_store_abort_session(store);
	ok(sct_store_begin_session(store, &rec) == 1 && !sct_store_add_call(store, &c) &&
	   !sct_store_checkpoint(store), "then a record: a call checkpointed");
	is_rows(path, calls_indexes_sql, both, "aborted import: the indexes are back for the record");
	ok(!sct_store_commit_session(store, NULL, 0, 1), "the record commits");
	sct_store_close(store);
	is_rows(path, "SELECT count(*) FROM calls INDEXED BY calls_session_time WHERE session = 1",
		"1\n", "the record's call is in the time index");
}

/* Calls hold guest registers: a new database is 0600 whatever the umask */
static void test_mode(void)
{
	const char *path = tmp_path("mode.db");
	struct sct_store *store;
	struct stat st;
	mode_t old;

	old = umask(0);
	make_db(path, 3);
	ok(!stat(path, &st), "mode: the database is there");
	is_u64(st.st_mode & 07777, 0600, "mode: 0600 under umask 000");
	chmod(path, 0640);
	store = sct_store_open(path, SCT_STORE_CREATE);
	sct_store_close(store);
	ok(!stat(path, &st) && (st.st_mode & 07777) == 0640,
	   "mode: an existing database keeps the mode its owner gave it");
	umask(0277);
	path = tmp_path("mode2.db");
	make_db(path, 1);
	ok(!stat(path, &st), "mode: a second database");
	is_u64(st.st_mode & 07777, 0600, "mode: 0600 under umask 277 too");
	umask(old);
}

int main(void)
{
	if (tmpdir_make()) {
		printf("1..0 # SKIP cannot make a temporary directory\n");
		return 0;
	}
	test_bad_files();
	test_migrate();
	test_migrate_each();
	test_migrate_extras();
	test_migrate_vacuum();
	test_seq_limit();
	test_truncated();
	test_set_filter();
	test_bulk_indexes();
	test_mode();

	tmpdir_remove();
	return tap_done();
}
