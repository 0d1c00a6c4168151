// SPDX-License-Identifier: GPL-2.0
/*
 * How fast the store takes calls, against plain SQLite.
 *
 *	bench/store-insert [N]		(N calls, default 100000)
 *
 * Inserts N calls into a new database through the store, in one
 * transaction (as an import does) and with a checkpoint every 10,000
 * calls (as a live recording does). The baseline, in the same run: the
 * same rows through one prepared INSERT into a bare table of the same
 * columns, no indexes, with the store's settings, committed the same
 * way. Prints calls per second and the ratio store/baseline.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include <smccctrace/error.h>
#include <smccctrace/store.h>

#define BATCH		10000
#define DEFAULT_N	100000

static char dir[] = "/tmp/store-insert.XXXXXX";

static const char bare_schema[] =
	"PRAGMA synchronous = NORMAL;"
	"PRAGMA cache_size = -32768;"
	"CREATE TABLE calls (session, seq, tid, vcpu, func_id, conduit,"
	" location, incomplete, ec, imm, pc, cpu, t_exit, t_uexit, t_entry,"
	" total_ns, out_ns, back_ns, args, x0, x1, x2, x3)";

static const char bare_insert[] =
	"INSERT INTO calls VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
	" ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)";

/* The arguments of make_call(), as the store writes them */
static const char call_args[] = "[1,1074266112,0]";

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *path_of(const char *name, char *buf, size_t size)
{
	snprintf(buf, size, "%s/%s", dir, name);
	return buf;
}

static void remove_db(const char *path)
{
	char side[512];

	unlink(path);
	snprintf(side, sizeof(side), "%s-journal", path);
	unlink(side);
}

/* Call @i: a forwarded PSCI-range call with arguments and one result */
static void make_call(struct sct_call *c, long i)
{
	sct_call_init(c);
	c->seq = (uint64_t)i;
	c->tid = 1234;
	c->vcpu = 1;
	c->func_id = 0xC4000000 + (uint32_t)(i % 64);
	c->id_known = true;
	c->conduit = SCT_CONDUIT_HVC;
	c->location = SCT_LOC_USER;
	c->ec = SCT_EC_HVC64;
	c->pc = 0xffff800080001234ull;
	c->cpu = 3;
	c->t_exit = (uint64_t)i * 1000;
	c->t_uexit = c->t_exit + 300;
	c->t_entry = c->t_exit + 800;
	c->nargs = 3;
	c->args[0] = 1;
	c->args[1] = 0x40080000;
	c->args[2] = 0;
	c->nresults = 1;
}

/* @n calls through the store; @batch: checkpoint every that many, or 0 */
static double store_rate(long n, long batch)
{
	struct sct_session s = { .kind = "import" };
	struct sct_store *store;
	char path[512];
	struct sct_call c;
	double t0, t1;
	long i;

	path_of(batch ? "store-batches.db" : "store-one.db", path, sizeof(path));
	store = sct_store_open(path, SCT_STORE_CREATE);
	if (!store)
		return -1;
	t0 = now_s();
	if (sct_store_begin_session(store, &s) < 0)
		goto fail;
	for (i = 0; i < n; i++) {
		make_call(&c, i);
		if (batch && i && !(i % batch) && sct_store_checkpoint(store))
			goto fail;
		if (sct_store_add_call(store, &c))
			goto fail;
	}
	if (sct_store_commit_session(store, NULL, 0, (uint64_t)n * 1000))
		goto fail;
	t1 = now_s();
	sct_store_close(store);
	remove_db(path);
	return (double)n / (t1 - t0);
fail:
	fprintf(stderr, "store-insert: %s\n", sct_last_error());
	sct_store_close(store);
	remove_db(path);
	return -1;
}

/* The row of call @i, bound as the store binds it */
static void bind_row(sqlite3_stmt *stmt, long i)
{
	struct sct_call c;

	make_call(&c, i);
	sqlite3_bind_int64(stmt, 1, 1);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)c.seq);
	sqlite3_bind_int(stmt, 3, c.tid);
	sqlite3_bind_int(stmt, 4, c.vcpu);
	sqlite3_bind_int64(stmt, 5, c.func_id);
	sqlite3_bind_int(stmt, 6, c.conduit);
	sqlite3_bind_int(stmt, 7, c.location);
	sqlite3_bind_int(stmt, 8, c.incomplete);
	sqlite3_bind_int64(stmt, 9, c.ec);
	sqlite3_bind_int64(stmt, 10, (sqlite3_int64)c.imm);
	sqlite3_bind_int64(stmt, 11, (sqlite3_int64)c.pc);
	sqlite3_bind_int(stmt, 12, c.cpu);
	sqlite3_bind_int64(stmt, 13, (sqlite3_int64)c.t_exit);
	sqlite3_bind_int64(stmt, 14, (sqlite3_int64)c.t_uexit);
	sqlite3_bind_int64(stmt, 15, (sqlite3_int64)c.t_entry);
	sqlite3_bind_int64(stmt, 16, (sqlite3_int64)(c.t_entry - c.t_exit));
	sqlite3_bind_int64(stmt, 17, (sqlite3_int64)(c.t_uexit - c.t_exit));
	sqlite3_bind_int64(stmt, 18, (sqlite3_int64)(c.t_entry - c.t_uexit));
	sqlite3_bind_text(stmt, 19, call_args, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 20, (sqlite3_int64)c.results[0]);
	sqlite3_bind_null(stmt, 21);
	sqlite3_bind_null(stmt, 22);
	sqlite3_bind_null(stmt, 23);
}

static int bare_insert_all(sqlite3 *db, sqlite3_stmt *stmt, long n, long batch)
{
	long i;

	if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return -1;
	for (i = 0; i < n; i++) {
		if (batch && i && !(i % batch) &&
		    sqlite3_exec(db, "COMMIT; BEGIN", NULL, NULL, NULL) != SQLITE_OK)
			return -1;
		bind_row(stmt, i);
		if (sqlite3_step(stmt) != SQLITE_DONE)
			return -1;
		sqlite3_reset(stmt);
	}
	return sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

/* The same @n rows through plain SQLite, committed as store_rate() does */
static double bare_rate(long n, long batch)
{
	sqlite3_stmt *stmt = NULL;
	double t0, t1, rate = -1;
	sqlite3 *db = NULL;
	char path[512];

	path_of(batch ? "bare-batches.db" : "bare-one.db", path, sizeof(path));
	if (sqlite3_open(path, &db) != SQLITE_OK ||
	    sqlite3_exec(db, bare_schema, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, bare_insert, -1, &stmt, NULL) != SQLITE_OK)
		goto out;
	t0 = now_s();
	if (bare_insert_all(db, stmt, n, batch))
		goto out;
	t1 = now_s();
	rate = (double)n / (t1 - t0);
out:
	if (rate < 0)
		fprintf(stderr, "store-insert: baseline: %s\n", sqlite3_errmsg(db));
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	remove_db(path);
	return rate;
}

/* One line: both rates and their ratio; 0, or -1 when a run failed */
static int compare(long n, long batch)
{
	double store, bare;
	char what[64];

	store = store_rate(n, batch);
	bare = bare_rate(n, batch);
	if (store < 0 || bare < 0)
		return -1;
	if (batch)
		snprintf(what, sizeof(what), "checkpoint every %ld", batch);
	else
		snprintf(what, sizeof(what), "one transaction");
	printf("%-26s %10.0f calls/s   baseline %10.0f calls/s   store/baseline %.2f\n",
	       what, store, bare, store / bare);
	return 0;
}

int main(int argc, char **argv)
{
	long n = DEFAULT_N;
	int ret;

	if (argc > 2 || (argc == 2 && (n = atol(argv[1])) <= 0)) {
		fprintf(stderr, "usage: %s [N]   (N calls, default %d)\n", argv[0], DEFAULT_N);
		return 2;
	}
	if (!mkdtemp(dir)) {
		fprintf(stderr, "store-insert: %s: %s\n", dir, strerror(errno));
		return 2;
	}
	printf("%ld calls, SQLite %s\n", n, sqlite3_libversion());
	ret = compare(n, 0);
	if (!ret)
		ret = compare(n, BATCH);
	rmdir(dir);
	return ret ? 1 : 0;
}
