// SPDX-License-Identifier: GPL-2.0
/*
 * smccctrace export: calls or sessions as CSV or JSON, for a columnar
 * engine or a script, or a session's calls as a Chrome trace that
 * Perfetto opens. -o FILE is written whole or not at all: into a
 * temporary file beside it, renamed over it at the end.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <smccctrace/error.h>
#include <smccctrace/select.h>

#include "builtin.h"
#include "cli.h"
#include "export.h"
#include "parse-options.h"
#include "select-options.h"

static const struct usage export_usage = {
	.cmd		= "export",
	.synopsis	= (const char *const []){
		"smccctrace export [-d FILE] [-s N|latest] [--table calls|sessions]",
		"                  --format csv|json|perfetto [-o FILE] [--null TEXT]",
		"                  [--function IDS] [--range R] [--vcpu N] [--location L]",
		"                  [--from S] [--to S]",
		NULL
	},
	.notes		= (const char *const []){
		"Every session unless -s picks one. csv and json write the rows of the",
		"calls (or sessions) table with the host and session in each; perfetto",
		"writes the Chrome trace-event JSON that ui.perfetto.dev loads.",
		NULL
	},
};

static const char *const format_names[] = { "csv", "json", "perfetto", NULL };
static const char *const table_names[] = { "calls", "sessions", NULL };

struct export_opts {
	const char		*db;
	const char		*output;
	const char		*null_text;
	int64_t			session;	/* -1: all */
	int			format;		/* -1: not given */
	int			table;
	struct sct_selection	sel;
};

static int parse(int argc, char **argv, struct export_opts *o)
{
	const struct opt opts[] = {
		opt_db(&o->db),
		opt_session('s', "session", &o->session, "only this session (default all)"),
		opt_choice(0, "table", "T", &o->table, table_names,
			   "what csv and json write: calls (default) or sessions"),
		opt_choice('f', "format", "F", &o->format, format_names,
			   "csv, json or perfetto (Chrome trace-event JSON)"),
		opt_string('o', "output", "FILE", &o->output,
			   "write FILE (whole or not at all) instead of stdout"),
		opt_string(0, "null", "TEXT", &o->null_text,
			   "csv: TEXT for an unknown value, not an empty field\n"
			   "(ClickHouse reads \\N as NULL, an empty field as 0)"),
		opt_select_function(&o->sel),
		opt_select_range(&o->sel),
		opt_select_vcpu(&o->sel),
		opt_select_location(&o->sel),
		opt_select_from(&o->sel),
		opt_select_to(&o->sel),
		opt_end(),
	};

	return parse_options(argc, argv, opts, &export_usage, PARSE_NO_ARGS);
}

static int validate(struct export_opts *o)
{
	if (o->format < 0)
		return usage_error(&export_usage, "--format is required: csv, json or perfetto");
	if (o->table == EXPORT_SESSIONS && o->format == EXPORT_PERFETTO)
		return usage_error(&export_usage, "--table sessions takes csv or json, not perfetto");
	if (o->table == EXPORT_SESSIONS && !sct_selection_is_all(&o->sel))
		return usage_error(&export_usage, "--table sessions takes no call selection");
	if (o->output && !*o->output)
		return usage_error(&export_usage, "-o: empty file name");
	if (o->null_text && o->format != EXPORT_CSV)
		return usage_error(&export_usage, "--null is for csv");
	o->sel.order = SCT_ORDER_TIME;
	return select_check(&o->sel, "export") ? PARSE_ERROR : 0;
}

/* One session's rows or slices */
static int export_session(struct sct_store *store, struct export *e,
			  const struct export_opts *o)
{
	int (*fn)(const struct sct_call *, void *);

	if (e->table == EXPORT_SESSIONS) {
		export_session_row(e, e->s);
		return 0;
	}
	if (listing_threads_read(&e->threads, store, e->s->id))
		return -1;
	if (e->format == EXPORT_PERFETTO)
		export_trace_session(e);
	fn = e->format == EXPORT_PERFETTO ? export_trace_call : export_call_row;
	return sct_store_foreach_selected(store, e->s->id, &o->sel, fn, e);
}

/* The sessions to export: -s's, or all of them */
struct session_ids {
	int64_t		*ids;
	size_t		nr;
};

static int keep_id(const struct sct_session *s, void *data)
{
	struct session_ids *l = data;
	int64_t *v;

	v = reallocarray(l->ids, l->nr + 1, sizeof(*v));
	if (!v)
		return sct_set_error(ENOMEM, "export: out of memory");
	l->ids = v;
	v[l->nr++] = s->id;
	return 0;
}

static int export_all(struct sct_store *store, struct export *e,
		      const struct export_opts *o, const struct session_ids *l)
{
	struct sct_session s;
	size_t i;
	int ret = 0;

	if (e->format == EXPORT_PERFETTO)
		export_trace_begin(e);
	else
		export_rows_begin(e);
	for (i = 0; !ret && i < l->nr; i++) {
		if (sct_store_get_session(store, l->ids[i], &s))
			return -1;
		if (o->session >= 0)
			sct_cli_warn_interrupted(store, &s);
		e->s = &s;
		ret = export_session(store, e, o);
		e->s = NULL;
		sct_session_release(&s);
	}
	if (ret)
		return -1;
	if (e->format == EXPORT_PERFETTO)
		export_trace_end(e);
	else
		export_rows_end(e);
	return 0;
}

/* -o FILE: a temporary file beside it, with the mode a new file gets */
static FILE *output_open(const char *path, char **tmp)
{
	mode_t mask;
	FILE *f;
	int fd;

	if (asprintf(tmp, "%s.XXXXXX", path) < 0) {
		*tmp = NULL;
		sct_err("export: out of memory");
		return NULL;
	}
	fd = mkstemp(*tmp);
	if (fd < 0) {
		sct_err("%s: cannot create: %s", path, strerror(errno));
		free(*tmp);
		*tmp = NULL;
		return NULL;
	}
	mask = umask(0);
	umask(mask);
	f = fdopen(fd, "w");
	if (!f || fchmod(fd, 0666 & ~mask)) {
		sct_err("%s: %s", *tmp, strerror(errno));
		if (f)
			fclose(f);
		else
			close(fd);
		unlink(*tmp);
		free(*tmp);
		*tmp = NULL;
		return NULL;
	}
	return f;
}

/* Flush and close @out; with @tmp rename it to @path, or remove it when @failed */
static int output_close(FILE *out, const char *tmp, const char *path, bool failed)
{
	const char *name = path ? path : "stdout";
	int err = 0;

	if (fflush(out) || ferror(out))
		err = errno ? errno : EIO;
	if (tmp && fclose(out) && !err)
		err = errno;
	if (!failed && err)
		sct_err("%s: cannot write: %s", name, strerror(err));
	if (tmp && (failed || err)) {
		unlink(tmp);
		return -1;
	}
	if (tmp && rename(tmp, path)) {
		sct_err("%s: cannot write: %s", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return failed || err ? -1 : 0;
}

static int run(const struct export_opts *o)
{
	struct export e = { .format = o->format, .table = o->table,
			    .null_text = o->null_text ? o->null_text : "" };
	struct session_ids l = { 0 };
	struct sct_store *store;
	char *tmp = NULL;
	int ret;

	store = sct_cli_open_store(o->db, SCT_STORE_READONLY);
	if (!store)
		return SCT_EXIT_USAGE;
	if (o->session >= 0) {
		struct sct_session s;

		ret = sct_store_get_session(store, o->session, &s);
		if (!ret)
			ret = keep_id(&s, &l);
		if (!ret)
			sct_session_release(&s);
	} else {
		ret = sct_store_foreach_session(store, keep_id, &l);
	}
	if (ret) {
		ret = sct_err("%s", sct_last_error());
		goto out;
	}
	e.out = o->output ? output_open(o->output, &tmp) : stdout;
	if (!e.out) {
		ret = SCT_EXIT_USAGE;
		goto out;
	}
	errno = 0;
	ret = export_all(store, &e, o, &l);
	if (ret)
		sct_err("%s", sct_last_error());
	if (output_close(e.out, tmp, o->output, ret))
		ret = SCT_EXIT_USAGE;
out:
	free(tmp);
	listing_threads_release(&e.threads);
	free(l.ids);
	sct_store_close(store);
	return ret;
}

/**
 * cmd_export - smccctrace export
 * @argc: argument count, argv[0] is "export"
 * @argv: the arguments
 *
 * Writes the calls or sessions of one session or all as CSV, JSON or a
 * Chrome trace, to stdout or a file written whole or not at all. Returns
 * the exit status: SCT_EXIT_USAGE for a bad option, an unreadable
 * database or session, or a failed write.
 */
int cmd_export(int argc, char **argv)
{
	struct export_opts o = { .session = -1, .format = -1, .table = EXPORT_CALLS };
	int ret;

	sct_selection_init(&o.sel);
	ret = parse(argc, argv, &o);
	if (!ret)
		ret = validate(&o);
	if (ret < 0)
		ret = parse_status(ret);
	else if (ret)
		ret = SCT_EXIT_USAGE;
	else
		ret = run(&o);
	sct_selection_release(&o.sel);
	return ret;
}
