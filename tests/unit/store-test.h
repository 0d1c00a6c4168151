/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the store's unit tests: a temporary directory, and
 * direct SQLite access to look at what the store wrote.
 */
#ifndef SMCCCTRACE_STORE_TEST_H
#define SMCCCTRACE_STORE_TEST_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "tap.h"

static char tmpdir[] = "/tmp/test-store.XXXXXX";

static inline int tmpdir_make(void)
{
	return mkdtemp(tmpdir) ? 0 : -1;
}

/* Remove the directory and whatever the tests (and SQLite) left in it */
static inline void tmpdir_remove(void)
{
	struct dirent *d;
	char path[512];
	DIR *dir;

	dir = opendir(tmpdir);
	if (!dir)
		return;
	while ((d = readdir(dir))) {
		if (d->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", tmpdir, d->d_name);
		unlink(path);
	}
	closedir(dir);
	rmdir(tmpdir);
}

/* A path in the directory; the last 16 stay valid */
static inline const char *tmp_path(const char *name)
{
	static char paths[16][256];
	static int next;
	char *p = paths[next++ % 16];

	snprintf(p, sizeof(paths[0]), "%s/%s", tmpdir, name);
	return p;
}

/* All rows of @sql as "a|b|c\n" lines, NULL spelled NULL; caller frees */
static inline char *sql_rows(const char *path, const char *sql)
{
	const unsigned char *text;
	sqlite3_stmt *stmt;
	char *out = NULL;
	size_t len = 0;
	sqlite3 *db;
	int i, n;
	FILE *f;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK) {
		printf("# %s: %s\n", sql, sqlite3_errmsg(db));
		sqlite3_close(db);
		return strdup("(error)");
	}
	f = open_memstream(&out, &len);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		n = sqlite3_column_count(stmt);
		for (i = 0; i < n; i++) {
			text = sqlite3_column_text(stmt, i);
			fprintf(f, "%s%s", i ? "|" : "",
				text ? (const char *)text : "NULL");
		}
		fputc('\n', f);
	}
	fclose(f);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return out;
}

static inline void is_rows(const char *path, const char *sql, const char *want,
			   const char *what)
{
	char *got = sql_rows(path, sql);

	is_str(got, want, what);
	free(got);
}

static inline void sql_exec(const char *path, const char *sql)
{
	sqlite3 *db;

	if (sqlite3_open(path, &db) != SQLITE_OK ||
	    sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		printf("# %s: %s\n", sql, sqlite3_errmsg(db));
	sqlite3_close(db);
}

static inline void write_file(const char *path, const void *buf, size_t len)
{
	FILE *f = fopen(path, "w");

	if (!f || fwrite(buf, 1, len, f) != len)
		printf("# cannot write %s\n", path);
	if (f)
		fclose(f);
}

/* Copy @from to @to, the first @size bytes only when @size >= 0 */
static inline void copy_file(const char *from, const char *to, off_t size)
{
	struct stat st;
	char *buf;
	FILE *f;

	if (stat(from, &st) < 0 || !(f = fopen(from, "r")))
		return;
	buf = malloc((size_t)st.st_size);
	if (buf && fread(buf, 1, (size_t)st.st_size, f) == (size_t)st.st_size)
		write_file(to, buf, size < 0 ? (size_t)st.st_size : (size_t)size);
	fclose(f);
	free(buf);
}

static inline const char *or_null(const char *s)
{
	return s ? s : "NULL";
}

#endif /* SMCCCTRACE_STORE_TEST_H */
