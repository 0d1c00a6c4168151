// SPDX-License-Identifier: GPL-2.0
/*
 * The reading floor of 'report --by function': one statement reading,
 * for every call of the newest session, exactly the columns that report
 * uses (function ID, location, incomplete flag and the three times that
 * make the total, out and back latencies), each read once with
 * sqlite3_column_int64() and added into a sum so that it is read, and
 * nothing else: no grouping, no percentiles.
 *
 *	bench/floor-report DB
 *
 * Prints the rows and the CPU seconds taken. Its time over the count/sum
 * scan is what reading these columns costs in SQLite's row format; a
 * report's time over this one is the report's own work.
 */
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include <sqlite3.h>

/*
 * The calls of schema 7 (see lib/store-schema.c): the session's range of
 * calls.id, and the stored columns report reads (fid, and flags that
 * holds location and incomplete), not the generated func_id, location and
 * incomplete that SQLite would compute for every row. The VMM's times are
 * in call_extras, which a report joins only for a session that has rows
 * there (the generated traces have none).
 */
static const char read_sql[] =
	"SELECT fid, flags, t_exit, d_uexit, d_entry FROM calls"
	" WHERE id BETWEEN (SELECT max(id) FROM sessions) << 32"
	" AND ((SELECT max(id) FROM sessions) << 32) + 0xffffffff";

#define NR_COLS	5

static double cpu_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Rows read, or -1; @sum gets every column's value */
static long long read_all(sqlite3_stmt *stmt, uint64_t *sum)
{
	long long rows = 0;
	int col, rc;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		for (col = 0; col < NR_COLS; col++)
			*sum += (uint64_t)sqlite3_column_int64(stmt, col);
		rows++;
	}
	return rc == SQLITE_DONE ? rows : -1;
}

int main(int argc, char **argv)
{
	sqlite3_stmt *stmt = NULL;
	sqlite3 *db = NULL;
	uint64_t sum = 0;
	long long rows;
	double t0;

	if (argc != 2) {
		fprintf(stderr, "usage: %s DB\n", argv[0]);
		return 2;
	}
	t0 = cpu_s();
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, read_sql, -1, &stmt, NULL) != SQLITE_OK) {
		fprintf(stderr, "floor-report: %s: %s\n", argv[1],
			db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return 2;
	}
	rows = read_all(stmt, &sum);
	if (rows < 0)
		fprintf(stderr, "floor-report: %s: %s\n", argv[1], sqlite3_errmsg(db));
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	if (rows < 0)
		return 1;
	printf("%lld rows, %.3f s CPU (the columns sum to %llu)\n",
	       rows, cpu_s() - t0, (unsigned long long)sum);
	return 0;
}
