/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The commands' option parser. A command describes its options in one
 * table of struct opt (short and long name, the value's name, the help
 * line, the type and where the value goes); the same table parses argv
 * and prints the usage, so that every command takes --opt=VALUE and
 * --opt VALUE, -oVALUE and -o VALUE, bundled flags and "--" alike, and
 * says the same about the same mistake.
 */
#ifndef SMCCCTRACE_PARSE_OPTIONS_H
#define SMCCCTRACE_PARSE_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cli.h"

enum opt_type {
	OPT_END,	/* ends the table */
	OPT_BOOL,	/* bool *: set to true; takes no value */
	OPT_STRING,	/* const char **: the value */
	OPT_U64,	/* uint64_t *: decimal or 0x hexadecimal in [min, max] */
	OPT_SESSION,	/* int64_t *: a session id (>= 1), or "latest" as 0 */
	OPT_CHOICE,	/* int *: the index of the value among choices */
	OPT_FORMAT,	/* enum sct_format *: one of the formats the command takes */
	OPT_CALLBACK,	/* cb(opt, value): the command's own parser */
};

enum opt_flags {
	OPT_OPTIONAL	= 1 << 0,	/* the value may be left out (only --name=VALUE gives one) */
};

/**
 * struct opt - one option of a command's table
 * @type: what the value is; OPT_END ends the table
 * @short_name: the letter of -x, or 0
 * @long_name: the name of --name, or NULL
 * @argh: the value's name in the usage ("FILE"); NULL for OPT_BOOL
 * @help: the help text; '\n' starts a continuation line
 * @value: where the value goes (see enum opt_type); the callback's data
 * @flags: OPT_* flags
 * @min: OPT_U64: the smallest value accepted
 * @max: OPT_U64: the largest value accepted
 * @defval: OPT_U64 with OPT_OPTIONAL: the value when none is given
 * @choices: OPT_CHOICE: the words, NULL-terminated
 * @formats: OPT_FORMAT: the formats taken, a mask of sct_format_bit()
 * @cb: OPT_CALLBACK: takes @arg; returns 0, or -1 after writing why the
 *      value is wrong (one phrase, the value quoted) into @why
 */
struct opt {
	enum opt_type		type;
	int			short_name;
	const char		*long_name;
	const char		*argh;
	const char		*help;
	void			*value;
	unsigned int		flags;
	uint64_t		min;
	uint64_t		max;
	uint64_t		defval;
	const char *const	*choices;
	unsigned int		formats;
	int			(*cb)(const struct opt *opt, const char *arg,
				      char *why, size_t size);
};

/**
 * struct usage - what a command's help says besides its options
 * @cmd: the command word, or NULL for smccctrace itself
 * @synopsis: the synopsis lines, NULL-terminated
 * @notes: lines printed after the options, NULL-terminated; or NULL
 * @no_args: the error when no argument is given ("no trace file given"), or
 *           NULL when none is fine
 */
struct usage {
	const char		*cmd;
	const char *const	*synopsis;
	const char *const	*notes;
	const char		*no_args;
};

enum parse_flags {
	PARSE_STOP_AT_NON_OPTION = 1 << 0,	/* the first argument ends the options */
	PARSE_NO_ARGS		= 1 << 1,	/* an argument is an error */
};

/* What parse_options() returns when it did not parse */
enum {
	PARSE_HELP	= -1,	/* --help: the usage is on stdout */
	PARSE_ERROR	= -2,	/* a one-line error and a hint are on stderr */
};

int parse_options(int argc, char **argv, const struct opt *opts,
		  const struct usage *u, unsigned int flags);
void usage_print(FILE *out, const struct opt *opts, const struct usage *u);
int usage_error(const struct usage *u, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The exit status after parse_options() returned PARSE_HELP or PARSE_ERROR */
static inline int parse_status(int ret)
{
	return ret == PARSE_HELP ? SCT_EXIT_OK : SCT_EXIT_USAGE;
}

static inline struct opt opt_end(void)
{
	return (struct opt){ .type = OPT_END };
}

static inline struct opt opt_bool(int s, const char *l, bool *v, const char *help)
{
	return (struct opt){ .type = OPT_BOOL, .short_name = s, .long_name = l,
			     .help = help, .value = v };
}

static inline struct opt opt_string(int s, const char *l, const char *argh,
				    const char **v, const char *help)
{
	return (struct opt){ .type = OPT_STRING, .short_name = s, .long_name = l,
			     .argh = argh, .help = help, .value = v };
}

static inline struct opt opt_u64(int s, const char *l, const char *argh, uint64_t *v,
				 uint64_t min, uint64_t max, const char *help)
{
	return (struct opt){ .type = OPT_U64, .short_name = s, .long_name = l,
			     .argh = argh, .help = help, .value = v,
			     .min = min, .max = max };
}

static inline struct opt opt_session(int s, const char *l, int64_t *v, const char *help)
{
	return (struct opt){ .type = OPT_SESSION, .short_name = s, .long_name = l,
			     .argh = "N|latest", .help = help, .value = v };
}

static inline struct opt opt_choice(int s, const char *l, const char *argh, int *v,
				    const char *const *choices, const char *help)
{
	return (struct opt){ .type = OPT_CHOICE, .short_name = s, .long_name = l,
			     .argh = argh, .help = help, .value = v,
			     .choices = choices };
}

static inline struct opt opt_callback(int s, const char *l, const char *argh, void *data,
				      int (*cb)(const struct opt *, const char *, char *, size_t),
				      const char *help)
{
	return (struct opt){ .type = OPT_CALLBACK, .short_name = s, .long_name = l,
			     .argh = argh, .help = help, .value = data, .cb = cb };
}

/* @o with its value optional (--name or --name=VALUE); @defval when left out */
static inline struct opt opt_optional(struct opt o, uint64_t defval)
{
	o.flags |= OPT_OPTIONAL;
	o.defval = defval;
	return o;
}

/* -d, --db FILE: the database, as every command that reads or writes one takes it */
static inline struct opt opt_db(const char **db)
{
	return opt_string('d', "db", "FILE", db, "the database (default ./smccctrace.db)");
}

/* -f, --format F: the help lists the formats taken, the default marked */
static inline struct opt opt_format(enum sct_format *v, unsigned int formats)
{
	return (struct opt){ .type = OPT_FORMAT, .short_name = 'f', .long_name = "format",
			     .argh = "F", .value = v, .formats = formats };
}

#endif /* SMCCCTRACE_PARSE_OPTIONS_H */
