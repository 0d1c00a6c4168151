/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every command shares: exit statuses, error printing, output
 * formats and opening the database. The tool's side, not the library's:
 * these print to stderr.
 */
#ifndef SMCCCTRACE_CLI_H
#define SMCCCTRACE_CLI_H

#include <stdint.h>

struct sct_session;
struct sct_store;

#define SCT_EXIT_OK	0	/* success */
#define SCT_EXIT_CHECK	1	/* a check failed: regression or divergence */
#define SCT_EXIT_USAGE	2	/* bad usage or unreadable input */

/* What a command prints: each command takes some of these (--format) */
enum sct_format {
	SCT_FORMAT_TABLE,
	SCT_FORMAT_CSV,
	SCT_FORMAT_JSON,
	SCT_FORMAT_C,		/* a C initializer (suggest) */
	SCT_FORMAT_JUNIT,	/* JUnit XML (diff) */
	SCT_NR_FORMATS,
};

static inline unsigned int sct_format_bit(enum sct_format f)
{
	return 1u << f;
}

/* What every command that prints data takes: table, csv and json */
enum {
	SCT_FORMATS_DATA = (1u << SCT_FORMAT_TABLE) | (1u << SCT_FORMAT_CSV) |
			   (1u << SCT_FORMAT_JSON),
};

const char *sct_format_name(enum sct_format f);

/**
 * struct sct_cmd - one entry of the command table
 * @name: the command word
 * @fn: runs the command with argv[0] == @name; returns the exit status.
 *       Preconditions that depend on the options (record needs root
 *       unless --shim-only) are checked by the command after parsing.
 * @summary: one line for the help text
 */
struct sct_cmd {
	const char	*name;
	int		(*fn)(int argc, char **argv);
	const char	*summary;
};

int sct_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void sct_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int sct_parse_u64(const char *arg, uint64_t *value);
int sct_parse_session(const char *arg, int64_t *id);
void sct_cli_set_db(const char *path);
const char *sct_cli_db_path(const char *path);
struct sct_store *sct_cli_open_store(const char *path, int flags);
struct sct_store *sct_cli_open_session(const char *path, int64_t id,
				       struct sct_session *session);
void sct_cli_warn_interrupted(const struct sct_store *store, const struct sct_session *session);

#endif /* SMCCCTRACE_CLI_H */
