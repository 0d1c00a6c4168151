// SPDX-License-Identifier: GPL-2.0
/*
 * smccctrace: see what a guest's SMCCC calls cost on arm64 KVM.
 *
 * The command table and nothing else.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "builtin.h"
#include "cli.h"

#define SMCCCTRACE_VERSION "0.1"

static const struct sct_cmd commands[] = {
	{ "record",	cmd_record,	0, "live capture through tracefs into the database" },
	{ "import",	cmd_import,	0, "import trace-cmd recordings (trace.dat) into the database" },
	{ "report",	cmd_report,	0, "latency and counts per range, owner, function, vCPU or location" },
	{ "diff",	cmd_diff,	0, "two sessions compared, with thresholds for CI" },
	{ "decode",	cmd_decode,	0, "what an SMCCC function ID is" },
	{ "suggest",	cmd_suggest,	0, "a KVM_ARM_VM_SMCCC_FILTER configuration, with its predicted effect" },
};

static int show_help(FILE *out)
{
	size_t i;

	fprintf(out, "usage: smccctrace <command> [options]\n\ncommands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\nThe database is ./smccctrace.db unless -d FILE says otherwise.\n"
		     "'smccctrace <command> --help' describes a command's options.\n"
		     "Exit status: 0 ok, 1 a check failed, 2 bad usage or unreadable input.\n");
	return out == stdout ? SCT_EXIT_OK : SCT_EXIT_USAGE;
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
	if ((cmd->flags & SCT_CMD_ROOT) && geteuid() != 0)
		return sct_err("%s: needs root (tracefs and /dev/kvm)", cmd->name);
	return cmd->fn(argc, argv);
}

int main(int argc, char **argv)
{
	const struct sct_cmd *cmd;

	while (argc > 2 && (!strcmp(argv[1], "-d") || !strcmp(argv[1], "--db"))) {
		sct_cli_set_db(argv[2]);
		argc -= 2;
		argv += 2;
	}
	if (argc < 2)
		return show_help(stderr);
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help"))
		return show_help(stdout);
	if (!strcmp(argv[1], "--version")) {
		printf("smccctrace %s\n", SMCCCTRACE_VERSION);
		return SCT_EXIT_OK;
	}
	cmd = find_command(argv[1]);
	if (!cmd) {
		sct_err("'%s' is not a command; see 'smccctrace --help'", argv[1]);
		return SCT_EXIT_USAGE;
	}
	return run_command(cmd, argc - 1, argv + 1);
}
