// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers shared by the commands: messages, numbers, the database.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smccctrace/error.h>
#include <smccctrace/store.h>

#include "cli.h"

static void vreport(const char *fmt, va_list ap)
{
	fputs("smccctrace: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

/**
 * sct_err - print a one-line error to stderr
 * @fmt: printf format of the message (no trailing newline)
 *
 * Returns SCT_EXIT_USAGE so that a command can "return sct_err(...)".
 */
int sct_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(fmt, ap);
	va_end(ap);
	return SCT_EXIT_USAGE;
}

/**
 * sct_warn - print a one-line warning to stderr
 * @fmt: printf format of the message (no trailing newline)
 */
void sct_warn(const char *fmt, ...)
{
	va_list ap;

	fputs("warning: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/**
 * sct_format_name - the --format word of a format
 * @f: the format
 *
 * Returns a static string.
 */
const char *sct_format_name(enum sct_format f)
{
	static const char *const names[SCT_NR_FORMATS] = {
		[SCT_FORMAT_TABLE]	= "table",
		[SCT_FORMAT_CSV]	= "csv",
		[SCT_FORMAT_JSON]	= "json",
		[SCT_FORMAT_C]		= "c",
		[SCT_FORMAT_JUNIT]	= "junit",
	};

	return f < SCT_NR_FORMATS ? names[f] : "?";
}

/**
 * sct_parse_u64 - parse an unsigned number, decimal or 0x hexadecimal
 * @arg: the text; all of it must be the number (a leading 0 is decimal,
 *       not octal; no sign, no space)
 * @value: where the value goes
 *
 * Returns 0, or -1 (printing nothing) with errno EINVAL when @arg is not
 * a number, ERANGE when it is one past 64 bits.
 */
int sct_parse_u64(const char *arg, uint64_t *value)
{
	const char *digits = arg;
	int base = 10;
	char *end;

	errno = EINVAL;
	if (!arg)
		return -1;
	/* 010 is ten, as the documentation says: never octal */
	if (arg[0] == '0' && (arg[1] == 'x' || arg[1] == 'X')) {
		digits = arg + 2;
		base = 16;
	}
	if (!isxdigit((unsigned char)*digits) || (base == 10 && !isdigit((unsigned char)*digits)))
		return -1;
	errno = 0;
	*value = strtoull(digits, &end, base);
	if (*end)
		errno = EINVAL;
	return errno ? -1 : 0;
}

/**
 * sct_parse_session - parse a --session argument
 * @arg: a session id (>= 1), or "latest"
 * @id: where the id goes (0 for the newest session)
 *
 * Returns 0, or -1 (printing nothing) when @arg is neither.
 */
int sct_parse_session(const char *arg, int64_t *id)
{
	uint64_t v;

	if (!strcmp(arg, "latest")) {
		*id = 0;
		return 0;
	}
	if (sct_parse_u64(arg, &v) || v == 0 || v > INT64_MAX)
		return -1;
	*id = (int64_t)v;
	return 0;
}

static const char *global_db;

/**
 * sct_cli_set_db - set the database of a "smccctrace -d FILE <command>"
 * @path: the file; the caller keeps it alive while commands run
 */
void sct_cli_set_db(const char *path)
{
	global_db = path;
}

/**
 * sct_cli_db_path - the database a command works on
 * @path: the command's -d, or NULL
 *
 * Returns @path, else the -d given before the command, else the default
 * ./smccctrace.db.
 */
const char *sct_cli_db_path(const char *path)
{
	if (path)
		return path;
	return global_db ? global_db : SCT_DEFAULT_DB;
}

/**
 * sct_cli_open_store - open the database, printing a one-line error
 * @path: the database file from the command's -d; NULL for the one given
 *        before the command, or else the default ./smccctrace.db
 * @flags: SCT_STORE_* flags
 *
 * Returns the store, which the caller closes with sct_store_close(), or
 * NULL after printing the error.
 */
struct sct_store *sct_cli_open_store(const char *path, int flags)
{
	struct sct_store *store;

	path = sct_cli_db_path(path);
	store = sct_store_open(path, flags);
	if (!store)
		sct_err("%s", sct_last_error());
	return store;
}

/**
 * sct_cli_open_session - open the database read-only and read one session
 * @path: the database file, as for sct_cli_open_store()
 * @id: the session's id, or 0 for the newest
 * @session: filled in; the caller frees its strings with
 *           sct_session_release() once the store is no longer needed
 *
 * A session that never ended gets a warning (sct_cli_warn_interrupted()).
 * Returns the store, which the
 * caller closes with sct_store_close(), or NULL after printing the error;
 * then @session holds nothing to free.
 */
struct sct_store *sct_cli_open_session(const char *path, int64_t id,
				       struct sct_session *session)
{
	struct sct_store *store;

	store = sct_cli_open_store(path, SCT_STORE_READONLY);
	if (!store)
		return NULL;
	if (sct_store_get_session(store, id, session)) {
		sct_err("%s", sct_last_error());
		sct_store_close(store);
		return NULL;
	}
	sct_cli_warn_interrupted(store, session);
	return store;
}

/**
 * sct_cli_warn_interrupted - warn when a session never ended
 * @store: the store it is in
 * @session: the session read from it
 *
 * A session whose recorder was killed holds only what it committed.
 */
void sct_cli_warn_interrupted(const struct sct_store *store, const struct sct_session *session)
{
	if (!session->ended)
		sct_warn("%s: session %lld was interrupted (it never ended: its recorder "
			 "was killed, or still runs); only what it committed is there",
			 sct_store_path(store), (long long)session->id);
}
