// SPDX-License-Identifier: GPL-2.0
/*
 * The tool's option parser (parse-options.c): values, positional
 * arguments, errors and the usage printed from the table.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parse-options.h"
#include "tap.h"

struct vals {
	const char	*db;
	bool		quiet;
	bool		hist;
	uint64_t	time;
	uint64_t	probe;
	int64_t		session;
	int		by;
	enum sct_format	format;
	int		nr_rules;
	const char	*last_rule;
};

static const char *const by_names[] = { "owner", "range", "function", NULL };

static const struct usage test_usage = {
	.cmd		= "test",
	.synopsis	= (const char *const []){
		"smccctrace test [-d FILE] [-q] ARG...",
		"   [--probe[=N]]",
		NULL
	},
	.notes		= (const char *const []){
		"ARG: anything.",
		NULL
	},
};

static int add_rule(const struct opt *opt, const char *arg, char *why, size_t size)
{
	struct vals *v = opt->value;

	if (strncmp(arg, "p99>", 4)) {
		snprintf(why, size, "bad rule '%s'", arg);
		return -1;
	}
	v->nr_rules++;
	v->last_rule = arg;
	return 0;
}

#define NR_OPTS	10

/* The table of "smccctrace test", its values in @v */
static void make_opts(struct vals *v, struct opt *out)
{
	const struct opt opts[NR_OPTS] = {
		opt_db(&v->db),
		opt_bool('q', "quiet", &v->quiet, "say less"),
		opt_bool(0, "hist", &v->hist, "histograms"),
		opt_u64('t', "time", "SECONDS", &v->time, 1, 100, "stop after this long"),
		opt_optional(opt_u64(0, "probe", "N", &v->probe, 1, 8, "read N registers\nat most 8"), 4),
		opt_session('s', "session", &v->session, "the session"),
		opt_choice('b', "by", "KEY", &v->by, by_names, "owner, range or function"),
		opt_format(&v->format, sct_format_bit(SCT_FORMAT_TABLE) |
				       sct_format_bit(SCT_FORMAT_JSON) |
				       sct_format_bit(SCT_FORMAT_JUNIT)),
		opt_callback(0, "fail-on", "RULE", v, add_rule, "a rule (repeatable)"),
		opt_end(),
	};

	memcpy(out, opts, sizeof(opts));
}

static char err_text[1024];

/* Parses @args (NULL-terminated, the command word first); stderr is kept in err_text */
static int parse(struct vals *v, char **args, unsigned int flags)
{
	struct opt opts[NR_OPTS];
	FILE *f = tmpfile();
	int argc = 0, saved, ret;
	size_t n;

	while (args[argc])
		argc++;
	memset(v, 0, sizeof(*v));
	make_opts(v, opts);
	fflush(stderr);
	saved = dup(2);
	dup2(fileno(f), 2);
	ret = parse_options(argc, args, opts, &test_usage, flags);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(f);
	n = fread(err_text, 1, sizeof(err_text) - 1, f);
	err_text[n] = '\0';
	fclose(f);
	return ret;
}

static void test_values(void)
{
	char *a1[] = { "test", "--db=x.db", "--time", "7", "-s", "latest", "-bfunction",
		       "--format", "junit", "--hist", NULL };
	char *a2[] = { "test", "-qd", "y.db", "-t5", "--session=3", "--by", "range",
		       "-f", "json", "--probe", NULL };
	char *a3[] = { "test", "--probe=2", "--fail-on", "p99>1%", "--fail-on=p99>2%", NULL };
	struct vals v;

	is_u64(parse(&v, a1, 0), 0, "--opt=value, --opt value, -o value, -oVALUE");
	is_str(v.db, "x.db", "--db=x.db");
	is_u64(v.time, 7, "--time 7");
	is_u64(v.session, 0, "-s latest is 0");
	is_u64(v.by, 2, "-bfunction: the index of function");
	is_u64(v.format, SCT_FORMAT_JUNIT, "--format junit");
	ok(v.hist && !v.quiet, "--hist set, -q not");
	is_str(err_text, "", "nothing on stderr");

	is_u64(parse(&v, a2, 0), 0, "bundled -qd FILE");
	ok(v.quiet, "-q of -qd");
	is_str(v.db, "y.db", "-d of -qd takes the next argument");
	is_u64(v.time, 5, "-t5");
	is_u64(v.session, 3, "--session=3");
	is_u64(v.by, 1, "--by range");
	is_u64(v.format, SCT_FORMAT_JSON, "-f json");
	is_u64(v.probe, 4, "--probe alone: its default");

	is_u64(parse(&v, a3, 0), 0, "an optional value and a callback twice");
	is_u64(v.probe, 2, "--probe=2");
	is_u64(v.nr_rules, 2, "--fail-on twice");
	is_str(v.last_rule, "p99>2%", "--fail-on=VALUE");
}

static void test_arguments(void)
{
	char *a1[] = { "test", "one", "-q", "two", "--", "-t", "--x", NULL };
	char *a2[] = { "test", "-q", "cmd", "-t", "3", NULL };
	char *a3[] = { "test", "-", "-q", NULL };
	char *a4[] = { "test", "extra", NULL };
	struct vals v;

	is_u64(parse(&v, a1, 0), 4, "arguments around options, and after --");
	is_str(a1[0], "one", "argument 1");
	is_str(a1[1], "two", "argument 2");
	is_str(a1[2], "-t", "after --: -t is an argument");
	is_str(a1[3], "--x", "after --: --x is an argument");
	ok(a1[4] == NULL, "the arguments end with NULL");
	ok(v.quiet && !v.time, "-q between arguments is an option");

	is_u64(parse(&v, a2, PARSE_STOP_AT_NON_OPTION), 3, "the first argument ends the options");
	is_str(a2[0], "cmd", "the command");
	is_str(a2[1], "-t", "its options are its own");
	ok(v.quiet && !v.time, "-q before the command is ours, -t after it is not");

	is_u64(parse(&v, a3, 0), 1, "'-' alone is an argument");
	is_str(a3[0], "-", "'-'");

	is_u64(parse(&v, a4, PARSE_NO_ARGS), (uint64_t)PARSE_ERROR, "PARSE_NO_ARGS: an argument");
	is_str(err_text, "smccctrace: test: unexpected argument 'extra'\n"
			 "see 'smccctrace test --help'\n", "unexpected argument: message");
}

/* One bad command line: PARSE_ERROR, and exactly @want and the hint on stderr */
static void bad(const char *what, char **args, const char *want)
{
	char full[512];
	struct vals v;

	snprintf(full, sizeof(full), "smccctrace: test: %s\nsee 'smccctrace test --help'\n", want);
	is_u64(parse(&v, args, 0), (uint64_t)PARSE_ERROR, what);
	is_str(err_text, full, what);
}

static void test_errors(void)
{
	char *unknown_long[] = { "test", "--x=1", NULL };
	char *unknown_short[] = { "test", "-qZ", NULL };
	char *no_value[] = { "test", "--by", NULL };
	char *no_short_value[] = { "test", "-t", NULL };
	char *empty[] = { "test", "--db=", NULL };
	char *flag_value[] = { "test", "--hist=1", NULL };
	char *bad_choice[] = { "test", "-b", "vcpu", NULL };
	char *not_number[] = { "test", "--time=soon", NULL };
	char *too_big[] = { "test", "-t", "101", NULL };
	char *zero[] = { "test", "--probe=0", NULL };
	char *bad_session[] = { "test", "-s", "-1", NULL };
	char *bad_format[] = { "test", "--format=csv", NULL };
	char *bad_rule[] = { "test", "--fail-on", "max", NULL };
	char *abbrev[] = { "test", "--ti=3", NULL };

	bad("an unknown long option", unknown_long, "unknown option '--x'");
	bad("an unknown short option in a bundle", unknown_short, "unknown option '-Z'");
	bad("a missing value", no_value, "--by needs a value");
	bad("a missing value of a short option", no_short_value, "--time needs a value");
	bad("an empty value", empty, "--db needs a value");
	bad("a value to a flag", flag_value, "--hist takes no value");
	bad("not one of the choices", bad_choice, "--by: 'vcpu' is not one of owner, range, function");
	bad("not a number", not_number, "--time: 'soon' is not a number");
	bad("a number too big", too_big, "--time: '101' is out of range (1 to 100)");
	bad("a number too small", zero, "--probe: '0' is out of range (1 to 8)");
	bad("not a session", bad_session, "--session: '-1' is not a session (a number from 1, or latest)");
	bad("a format the command does not take", bad_format,
	    "--format: 'csv' is not one of table, json, junit");
	bad("the callback's error", bad_rule, "--fail-on: bad rule 'max'");
	bad("no abbreviations", abbrev, "unknown option '--ti'");
}

static const char want_usage[] =
	"usage: smccctrace test [-d FILE] [-q] ARG...\n"
	"          [--probe[=N]]\n"
	"\n"
	"  -d, --db FILE           the database (default ./smccctrace.db)\n"
	"  -q, --quiet             say less\n"
	"      --hist              histograms\n"
	"  -t, --time SECONDS      stop after this long\n"
	"      --probe[=N]         read N registers\n"
	"                          at most 8\n"
	"  -s, --session N|latest  the session\n"
	"  -b, --by KEY            owner, range or function\n"
	"  -f, --format F          table (default), json or junit\n"
	"      --fail-on RULE      a rule (repeatable)\n"
	"\n"
	"ARG: anything.\n";

/* parse() with stdout kept in @out */
static int parse_to(struct vals *v, char **args, char *out, size_t size)
{
	FILE *f = tmpfile();
	int saved, ret;
	size_t n;

	fflush(stdout);
	saved = dup(1);
	dup2(fileno(f), 1);
	ret = parse(v, args, 0);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	rewind(f);
	n = fread(out, 1, size - 1, f);
	out[n] = '\0';
	fclose(f);
	return ret;
}

static void test_help(void)
{
	char *help[] = { "test", "-q", "--help", "--x", NULL };
	char *h[] = { "test", "-h", NULL };
	struct opt opts[NR_OPTS];
	char *text = NULL, out[2048];
	size_t size = 0;
	struct vals v;
	FILE *f;

	is_u64(parse_to(&v, help, out, sizeof(out)), (uint64_t)PARSE_HELP,
	       "--help: PARSE_HELP, before a later error");
	is_str(out, want_usage, "--help: the usage on stdout");
	is_str(err_text, "", "--help: nothing on stderr");
	is_u64(parse_to(&v, h, out, sizeof(out)), (uint64_t)PARSE_HELP, "-h: PARSE_HELP");
	is_str(out, want_usage, "-h: the usage on stdout");
	is_u64(parse_status(PARSE_HELP), SCT_EXIT_OK, "--help: exit 0");
	is_u64(parse_status(PARSE_ERROR), SCT_EXIT_USAGE, "an error: exit 2");

	f = open_memstream(&text, &size);
	memset(&v, 0, sizeof(v));
	make_opts(&v, opts);
	usage_print(f, opts, &test_usage);
	fclose(f);
	is_str(text, want_usage, "usage_print: the usage, from the table");
	free(text);
}

int main(void)
{
	test_values();
	test_arguments();
	test_errors();
	test_help();
	return tap_done();
}
