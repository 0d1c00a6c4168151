// SPDX-License-Identifier: GPL-2.0
/*
 * smccctrace: see what a guest's SMCCC calls cost on arm64 KVM.
 *
 * The command table and nothing else.
 */
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "builtin.h"
#include "cli.h"
#include "parse-options.h"

static const struct sct_cmd commands[] = {
	{ "record",	cmd_record,	"live capture through tracefs into the database" },
	{ "import",	cmd_import,	"import trace-cmd recordings (trace.dat) into the database" },
	{ "sessions",	cmd_sessions,	"the sessions the database holds" },
	{ "rm",		cmd_rm,		"remove sessions with their calls" },
	{ "calls",	cmd_calls,	"a session's calls one a line: time stamps, threads, latencies" },
	{ "report",	cmd_report,	"latency and counts per range, owner, function, vCPU or location" },
	{ "diff",	cmd_diff,	"two sessions compared, with thresholds for CI" },
	{ "decode",	cmd_decode,	"what an SMCCC function ID is" },
	{ "export",	cmd_export,	"calls or sessions as CSV or JSON, or a Perfetto (Chrome) trace" },
	{ "merge",	cmd_merge,	"sessions of many databases (hosts) copied into one" },
	{ "replay",	cmd_replay,	"recorded calls against a handler; results compared with the recording" },
	{ "suggest",	cmd_suggest,	"a KVM_ARM_VM_SMCCC_FILTER configuration, with its predicted effect" },
	{ "top",	cmd_top,	"live calls in the terminal, refreshed: rates, shares, latencies" },
	{ "view",	cmd_view,	"browse the database in the terminal: sessions, groups, calls" },
};

static const struct usage main_usage = {
	.synopsis	= (const char *const []){
		"smccctrace [-d FILE] <command> [options]",
		NULL
	},
};

static int show_help(const struct opt *opts)
{
	size_t i;

	usage_print(stdout, opts, &main_usage);
	printf("\ncommands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		printf("  %-8s %s\n", commands[i].name, commands[i].summary);
	printf("\n'smccctrace help <command>' or 'smccctrace <command> --help' describes\n"
	       "a command's options.\n"
	       "Exit status: 0 ok, 1 a check failed, 2 bad usage or unreadable input.\n");
	return SCT_EXIT_OK;
}

static const struct sct_cmd *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

static int run_command(const struct sct_cmd *cmd, int argc, char **argv)
{
	/* Past a file-size limit (ulimit -f) a write fails, and says so */
	signal(SIGXFSZ, SIG_IGN);
	return cmd->fn(argc, argv);
}

/* smccctrace help CMD: CMD's own --help */
static int help_command(const char *name)
{
	char *argv[] = { (char *)name, (char *)"--help", NULL };
	const struct sct_cmd *cmd = find_command(name);

	if (!cmd)
		return usage_error(&main_usage, "help: '%s' is not a command", name);
	return run_command(cmd, 2, argv);
}

int main(int argc, char **argv)
{
	const char *db = NULL;
	bool help = false, version = false;
	const struct opt opts[] = {
		opt_db(&db),
		opt_bool('h', "help", &help, "this help"),
		opt_bool(0, "version", &version, "the version"),
		opt_end(),
	};
	const struct sct_cmd *cmd;
	int n;

	n = parse_options(argc, argv, opts, &main_usage, PARSE_STOP_AT_NON_OPTION);
	if (n < 0)
		return parse_status(n);
	if (db)
		sct_cli_set_db(db);
	if (n > 1 && !strcmp(argv[0], "help"))
		return help_command(argv[1]);
	if (help || (n && !strcmp(argv[0], "help")))
		return show_help(opts);
	if (version) {
		printf("smccctrace %s\n", SMCCCTRACE_VERSION);
		return SCT_EXIT_OK;
	}
	if (!n)
		return usage_error(&main_usage, "no command given");
	cmd = find_command(argv[0]);
	if (!cmd)
		return usage_error(&main_usage, "'%s' is not a command", argv[0]);
	return run_command(cmd, n, argv);
}
