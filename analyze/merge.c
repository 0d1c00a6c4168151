// SPDX-License-Identifier: GPL-2.0
/*
 * smccctrace merge: many hosts' databases into one. Each file's sessions
 * are copied whole or not at all, renumbered, their host names kept.
 */
#include <inttypes.h>
#include <stdio.h>

#include <smccctrace/error.h>
#include <smccctrace/store.h>

#include "builtin.h"
#include "cli.h"
#include "parse-options.h"

static const struct usage merge_usage = {
	.cmd		= "merge",
	.synopsis	= (const char *const []){
		"smccctrace merge -d ALL.db [--force] [-q] A.db B.db ...",
		NULL
	},
	.notes		= (const char *const []){
		"Copies every session of each file, with its calls, threads, VMs,",
		"filters and exit counts, into the database of -d (made when missing),",
		"as new session ids. A file one of whose sessions is there already",
		"(same host, kind, source, time stored and first time stamp) is",
		"refused unless --force; a file that fails leaves nothing behind.",
		NULL
	},
	.no_args	= "no database to merge given",
};

struct merge_opts {
	const char	*db;
	bool		force;
	bool		quiet;
	char		**files;
	int		nr_files;
};

static int parse(int argc, char **argv, struct merge_opts *o)
{
	const struct opt opts[] = {
		opt_db(&o->db),
		opt_bool(0, "force", &o->force, "copy sessions that are there already"),
		opt_bool('q', "quiet", &o->quiet, "say nothing of the files merged"),
		opt_end(),
	};
	int n;

	n = parse_options(argc, argv, opts, &merge_usage, 0);
	if (n < 0)
		return n;
	o->files = argv;
	o->nr_files = n;
	return 0;
}

static int run(const struct merge_opts *o)
{
	struct sct_merge_result r;
	struct sct_store *store;
	int i, ret = SCT_EXIT_OK;

	store = sct_cli_open_store(o->db, SCT_STORE_CREATE);
	if (!store)
		return SCT_EXIT_USAGE;
	for (i = 0; i < o->nr_files; i++) {
		if (sct_store_merge(store, o->files[i], o->force ? SCT_MERGE_FORCE : 0, &r)) {
			ret = sct_err("%s", sct_last_error());
			continue;
		}
		if (o->quiet)
			continue;
		if (r.sessions)
			printf("%s: %" PRIu64 " session%s (%" PRIu64 " calls) as %" PRId64
			       "-%" PRId64 "\n", o->files[i], r.sessions, r.sessions == 1 ? "" : "s",
			       r.calls, r.first_id, r.last_id);
		else
			printf("%s: no session\n", o->files[i]);
	}
	sct_store_close(store);
	return ret;
}

/**
 * cmd_merge - smccctrace merge
 * @argc: argument count, argv[0] is "merge"
 * @argv: the arguments: the databases to copy from
 *
 * Copies the sessions of each database named into the one of -d, each
 * file all or nothing. Returns the exit status: SCT_EXIT_USAGE for a bad
 * option, or when a file could not be merged (the others are).
 */
int cmd_merge(int argc, char **argv)
{
	struct merge_opts o = { 0 };
	int ret;

	ret = parse(argc, argv, &o);
	if (ret < 0)
		return parse_status(ret);
	return run(&o);
}
