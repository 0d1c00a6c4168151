/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The commands: each is "int cmd_NAME(int argc, char **argv)" with
 * argv[0] the command word, returning the exit status (SCT_EXIT_*).
 */
#ifndef SMCCCTRACE_BUILTIN_H
#define SMCCCTRACE_BUILTIN_H

int cmd_calls(int argc, char **argv);
int cmd_decode(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_record(int argc, char **argv);
int cmd_replay(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_rm(int argc, char **argv);
int cmd_sessions(int argc, char **argv);
int cmd_suggest(int argc, char **argv);
int cmd_top(int argc, char **argv);
int cmd_view(int argc, char **argv);

#endif /* SMCCCTRACE_BUILTIN_H */
