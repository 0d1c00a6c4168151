// SPDX-License-Identifier: GPL-2.0
/*
 * The storing floor of an import: N rows of 12 integers into a bare
 * SQLite table (no index, no key, no constraint), one prepared INSERT
 * bound, stepped and reset per row, all in one transaction, with the
 * store's settings (WAL, synchronous = NORMAL, a 32 MiB page cache).
 *
 *	bench/floor-insert N DB
 *
 * DB must not exist; it is removed at the end. Prints the rows and the
 * CPU seconds taken.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#define NR_COLS	12

static const char schema_sql[] =
	"PRAGMA journal_mode = WAL;"
	"PRAGMA synchronous = NORMAL;"
	"PRAGMA cache_size = -32768;"
	"CREATE TABLE calls (a, b, c, d, e, f, g, h, i, j, k, l)";

static const char insert_sql[] =
	"INSERT INTO calls VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

static double cpu_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Row @i: values of the sizes a call's columns have (1 to 6 bytes) */
static void bind_row(sqlite3_stmt *stmt, long i)
{
	static const long long mul[NR_COLS] = {
		0, 1, 1, 0, 1, 0, 1, 0, 1, 1000, 1, 1,
	};
	static const long long add[NR_COLS] = {
		1, 0, 1000, 2, 0xC4000000LL, 1, 2, 0, 0x16, 0, 300, 800,
	};
	int col;

	for (col = 0; col < NR_COLS; col++)
		sqlite3_bind_int64(stmt, col + 1,
				   mul[col] * (col == 1 || col == 9 ? i : i % 64) + add[col]);
}

static int insert_all(sqlite3 *db, sqlite3_stmt *stmt, long n)
{
	long i;

	if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return -1;
	for (i = 0; i < n; i++) {
		bind_row(stmt, i);
		if (sqlite3_step(stmt) != SQLITE_DONE)
			return -1;
		sqlite3_reset(stmt);
	}
	return sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

int main(int argc, char **argv)
{
	sqlite3_stmt *stmt = NULL;
	sqlite3 *db = NULL;
	int ret = 1;
	double t0;
	long n;

	if (argc != 3 || (n = atol(argv[1])) <= 0) {
		fprintf(stderr, "usage: %s N DB\n", argv[0]);
		return 2;
	}
	if (access(argv[2], F_OK) == 0) {
		fprintf(stderr, "floor-insert: %s: exists already\n", argv[2]);
		return 2;
	}
	t0 = cpu_s();
	if (sqlite3_open(argv[2], &db) != SQLITE_OK ||
	    sqlite3_exec(db, schema_sql, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, insert_sql, -1, &stmt, NULL) != SQLITE_OK ||
	    insert_all(db, stmt, n)) {
		fprintf(stderr, "floor-insert: %s: %s\n", argv[2], sqlite3_errmsg(db));
		goto out;
	}
	printf("%ld rows, %.3f s CPU\n", n, cpu_s() - t0);
	ret = 0;
out:
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	unlink(argv[2]);
	return ret;
}
