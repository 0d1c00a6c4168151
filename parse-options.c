// SPDX-License-Identifier: GPL-2.0
/*
 * The commands' option parser: one table parses argv and prints the usage.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "parse-options.h"

#define HELP_COLUMN_MAX	28

/* How the parse of one argv goes */
struct parse_state {
	const struct opt	*opts;
	const struct usage	*u;
	char			**argv;
	int			argc;
	int			next;		/* the next argv index to look at */
	int			nr_args;	/* positional arguments kept so far */
};

static void vmessage(const struct usage *u, const char *fmt, va_list ap)
{
	fputs("smccctrace: ", stderr);
	if (u->cmd)
		fprintf(stderr, "%s: ", u->cmd);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	if (u->cmd)
		fprintf(stderr, "see 'smccctrace %s --help'\n", u->cmd);
	else
		fputs("see 'smccctrace --help'\n", stderr);
}

/**
 * usage_error - a usage mistake: one line naming it, one line of hint
 * @u: the command's usage (its word prefixes the message)
 * @fmt: printf format of the message, without the command word
 *
 * Prints "smccctrace: CMD: message" and "see 'smccctrace CMD --help'" to
 * stderr. Returns SCT_EXIT_USAGE.
 */
int usage_error(const struct usage *u, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(u, fmt, ap);
	va_end(ap);
	return SCT_EXIT_USAGE;
}

/* "--name", or "-x" for an option without a long name */
static const char *opt_name(const struct opt *o, char *buf, size_t size)
{
	if (o->long_name)
		snprintf(buf, size, "--%s", o->long_name);
	else
		snprintf(buf, size, "-%c", o->short_name);
	return buf;
}

static int opt_error(struct parse_state *ps, const struct opt *o, const char *what)
{
	char name[64];

	usage_error(ps->u, "%s%s", opt_name(o, name, sizeof(name)), what);
	return PARSE_ERROR;
}

/* "a, b, c": the words of a choice or the formats taken */
static void list_words(const char *const *words, size_t nr, unsigned int mask,
		       char *buf, size_t size)
{
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < nr && len < size; i++) {
		if (!words[i] || !(mask & (1u << i)))
			continue;
		len += (size_t)snprintf(buf + len, size - len, "%s%s",
					len ? ", " : "", words[i]);
	}
}

static int not_one_of(struct parse_state *ps, const struct opt *o, const char *arg,
		      const char *const *words, size_t nr, unsigned int mask)
{
	char list[256], why[384];

	list_words(words, nr, mask, list, sizeof(list));
	snprintf(why, sizeof(why), ": '%s' is not one of %s", arg, list);
	return opt_error(ps, o, why);
}

static size_t nr_choices(const struct opt *o)
{
	size_t n = 0;

	while (o->choices[n])
		n++;
	return n;
}

static int set_choice(struct parse_state *ps, const struct opt *o, const char *arg)
{
	size_t i, n = nr_choices(o);

	for (i = 0; i < n; i++) {
		if (!strcmp(arg, o->choices[i])) {
			*(int *)o->value = (int)i;
			return 0;
		}
	}
	return not_one_of(ps, o, arg, o->choices, n, ~0u);
}

static int set_format(struct parse_state *ps, const struct opt *o, const char *arg)
{
	const char *names[SCT_NR_FORMATS];
	int i;

	for (i = 0; i < SCT_NR_FORMATS; i++) {
		names[i] = sct_format_name((enum sct_format)i);
		if ((o->formats & sct_format_bit((enum sct_format)i)) && !strcmp(arg, names[i])) {
			*(enum sct_format *)o->value = (enum sct_format)i;
			return 0;
		}
	}
	return not_one_of(ps, o, arg, names, SCT_NR_FORMATS, o->formats);
}

static int set_u64(struct parse_state *ps, const struct opt *o, const char *arg)
{
	char why[160];
	uint64_t v;

	if (sct_parse_u64(arg, &v) && errno != ERANGE) {
		snprintf(why, sizeof(why), ": '%s' is not a number", arg);
		return opt_error(ps, o, why);
	}
	if (errno == ERANGE || v < o->min || v > o->max) {
		if (o->max == UINT64_MAX)
			snprintf(why, sizeof(why), ": '%s' is out of range (at least %" PRIu64 ")",
				 arg, o->min);
		else
			snprintf(why, sizeof(why), ": '%s' is out of range (%" PRIu64 " to %" PRIu64 ")",
				 arg, o->min, o->max);
		return opt_error(ps, o, why);
	}
	*(uint64_t *)o->value = v;
	return 0;
}

static int set_value(struct parse_state *ps, const struct opt *o, const char *arg)
{
	char why[256];

	switch (o->type) {
	case OPT_STRING:
		*(const char **)o->value = arg;
		return 0;
	case OPT_U64:
		return set_u64(ps, o, arg);
	case OPT_SESSION:
		if (!sct_parse_session(arg, o->value))
			return 0;
		snprintf(why, sizeof(why), ": '%s' is not a session (a number from 1, or latest)", arg);
		return opt_error(ps, o, why);
	case OPT_CHOICE:
		return set_choice(ps, o, arg);
	case OPT_FORMAT:
		return set_format(ps, o, arg);
	case OPT_CALLBACK:
		why[0] = ':';
		why[1] = ' ';
		if (!o->cb(o, arg, why + 2, sizeof(why) - 2))
			return 0;
		return opt_error(ps, o, why);
	default:
		return 0;
	}
}

/*
 * Gives @o its value: @arg is the one attached (--name=VALUE, -xVALUE),
 * or NULL to take the next argument when the option needs one.
 */
static int take(struct parse_state *ps, const struct opt *o, const char *arg)
{
	if (o->type == OPT_BOOL) {
		if (arg)
			return opt_error(ps, o, " takes no value");
		*(bool *)o->value = true;
		return 0;
	}
	if (!arg && (o->flags & OPT_OPTIONAL)) {
		*(uint64_t *)o->value = o->defval;
		return 0;
	}
	if (!arg && ps->next < ps->argc)
		arg = ps->argv[ps->next++];
	if (!arg || !*arg)
		return opt_error(ps, o, " needs a value");
	return set_value(ps, o, arg);
}

static int parse_long(struct parse_state *ps, const char *arg)
{
	const char *eq = strchr(arg, '=');
	size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
	const struct opt *o;

	for (o = ps->opts; o->type != OPT_END; o++)
		if (o->long_name && strlen(o->long_name) == len &&
		    !strncmp(o->long_name, arg, len))
			return take(ps, o, eq ? eq + 1 : NULL);
	if (len == 4 && !strncmp(arg, "help", 4) && !eq) {
		usage_print(stdout, ps->opts, ps->u);
		return PARSE_HELP;
	}
	usage_error(ps->u, "unknown option '--%.*s'", (int)len, arg);
	return PARSE_ERROR;
}

static const struct opt *find_short(const struct opt *opts, int c)
{
	const struct opt *o;

	for (o = opts; o->type != OPT_END; o++)
		if (o->short_name == c)
			return o;
	return NULL;
}

/* -abc: flags bundled; the first that takes a value takes the rest */
static int parse_short(struct parse_state *ps, const char *arg)
{
	const struct opt *o;
	int ret;

	for (; *arg; arg++) {
		o = find_short(ps->opts, *arg);
		if (!o && *arg == 'h') {
			usage_print(stdout, ps->opts, ps->u);
			return PARSE_HELP;
		}
		if (!o) {
			usage_error(ps->u, "unknown option '-%c'", *arg);
			return PARSE_ERROR;
		}
		if (o->type != OPT_BOOL)
			return take(ps, o, arg[1] ? arg + 1 : NULL);
		ret = take(ps, o, NULL);
		if (ret)
			return ret;
	}
	return 0;
}

static void keep_arg(struct parse_state *ps, char *arg)
{
	ps->argv[ps->nr_args++] = arg;
}

/**
 * parse_options - parse a command's options by its table
 * @argc: argument count
 * @argv: the arguments; argv[0] (the command word) is skipped
 * @opts: the options, ended by opt_end(); -h and --help are implied
 *        unless the table has them
 * @u: what the usage says besides the options
 * @flags: PARSE_* flags
 *
 * Stores each option's value where its table entry says. The arguments
 * that are no options are moved, in order, to argv[0..n), and argv[n] is
 * set to NULL; after "--" every argument is one. Options may follow
 * arguments unless PARSE_STOP_AT_NON_OPTION is given.
 *
 * Returns n (at least 1 when @u has no_args); PARSE_HELP after printing
 * the usage to stdout; or PARSE_ERROR after printing a one-line error and
 * a hint to stderr.
 */
int parse_options(int argc, char **argv, const struct opt *opts,
		  const struct usage *u, unsigned int flags)
{
	struct parse_state ps = { .opts = opts, .u = u, .argv = argv,
				  .argc = argc, .next = 1 };
	char *arg;
	int ret;

	while (ps.next < argc) {
		arg = argv[ps.next++];
		if (!strcmp(arg, "--")) {
			while (ps.next < argc)
				keep_arg(&ps, argv[ps.next++]);
			break;
		}
		if (arg[0] != '-' || !arg[1]) {
			keep_arg(&ps, arg);
			if (!(flags & PARSE_STOP_AT_NON_OPTION))
				continue;
			while (ps.next < argc)
				keep_arg(&ps, argv[ps.next++]);
			break;
		}
		ret = arg[1] == '-' ? parse_long(&ps, arg + 2) : parse_short(&ps, arg + 1);
		if (ret)
			return ret;
	}
	argv[ps.nr_args] = NULL;
	if (ps.nr_args && (flags & PARSE_NO_ARGS)) {
		usage_error(u, "unexpected argument '%s'", argv[0]);
		return PARSE_ERROR;
	}
	if (!ps.nr_args && u->no_args) {
		usage_error(u, "%s", u->no_args);
		return PARSE_ERROR;
	}
	return ps.nr_args;
}

/* "  -d, --db FILE" and its length */
static int opt_left(const struct opt *o, char *buf, size_t size)
{
	const char *argh = o->argh ? o->argh : "";
	const char *sep = !o->argh ? "" : (o->flags & OPT_OPTIONAL) ? "[=" : " ";
	const char *end = (o->flags & OPT_OPTIONAL) && o->argh ? "]" : "";

	if (o->short_name && o->long_name)
		return snprintf(buf, size, "  -%c, --%s%s%s%s", o->short_name,
				o->long_name, sep, argh, end);
	if (o->long_name)
		return snprintf(buf, size, "      --%s%s%s%s", o->long_name, sep, argh, end);
	return snprintf(buf, size, "  -%c%s%s", o->short_name, o->argh ? " " : "", argh);
}

static int help_column(const struct opt *opts)
{
	const struct opt *o;
	char buf[128];
	int w, col = 0;

	for (o = opts; o->type != OPT_END; o++) {
		w = opt_left(o, buf, sizeof(buf)) + 2;
		if (w > col && w <= HELP_COLUMN_MAX)
			col = w;
	}
	return col;
}

/* "table (default), csv or json" */
static void format_help(const struct opt *o, char *buf, size_t size)
{
	enum sct_format def = *(enum sct_format *)o->value;
	size_t len = 0;
	int i, n = 0, left = 0;

	for (i = 0; i < SCT_NR_FORMATS; i++)
		left += !!(o->formats & sct_format_bit((enum sct_format)i));
	buf[0] = '\0';
	for (i = 0; i < SCT_NR_FORMATS && len < size; i++) {
		if (!(o->formats & sct_format_bit((enum sct_format)i)))
			continue;
		n++;
		len += (size_t)snprintf(buf + len, size - len, "%s%s%s",
					n == 1 ? "" : n == left ? " or " : ", ",
					sct_format_name((enum sct_format)i),
					i == (int)def ? " (default)" : "");
	}
}

static void print_help_text(FILE *out, const char *help, int col, int used)
{
	const char *nl;

	if (!*help) {
		fputc('\n', out);
		return;
	}
	if (used + 2 > col) {
		fputs("  ", out);
		used = col;
	}
	for (; help; help = nl ? nl + 1 : NULL) {
		nl = strchr(help, '\n');
		fprintf(out, "%*s%.*s\n", col - used, "",
			nl ? (int)(nl - help) : (int)strlen(help), help);
		used = 0;
	}
}

/**
 * usage_print - print a command's usage from its table
 * @out: the stream (stdout for --help)
 * @opts: the options, ended by opt_end()
 * @u: the synopsis and notes
 */
void usage_print(FILE *out, const struct opt *opts, const struct usage *u)
{
	const char *const *line;
	const struct opt *o;
	char left[128], fmt[256];
	int col = help_column(opts), used;

	for (line = u->synopsis; *line; line++)
		fprintf(out, "%s%s\n", line == u->synopsis ? "usage: " :
			**line == ' ' ? "       " : "   or: ", *line);
	if (opts->type != OPT_END)
		fputc('\n', out);
	for (o = opts; o->type != OPT_END; o++) {
		used = opt_left(o, left, sizeof(left));
		fputs(left, out);
		if (o->type == OPT_FORMAT && !o->help) {
			format_help(o, fmt, sizeof(fmt));
			print_help_text(out, fmt, col, used);
		} else {
			print_help_text(out, o->help ? o->help : "", col, used);
		}
	}
	if (!u->notes)
		return;
	fputc('\n', out);
	for (line = u->notes; *line; line++)
		fprintf(out, "%s\n", *line);
}
