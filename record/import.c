// SPDX-License-Identifier: GPL-2.0
/*
 * smccctrace import: trace-cmd recordings into the database, one session
 * per file, each all or nothing.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <smccctrace/error.h>
#include <smccctrace/filter.h>
#include <smccctrace/store.h>

#include "builtin.h"
#include "cli.h"
#include "parse-options.h"
#include "record.h"
#include "threads.h"
#include "trace-file.h"

static const struct usage import_usage = {
	.cmd		= "import",
	.no_args	= "no trace file given",
	.synopsis	= (const char *const []){
		"smccctrace import [-d FILE] [--filter CONFIG] [--force] [-q] TRACE.dat...",
		NULL
	},
	.notes		= (const char *const []){
		"Each file becomes one session; a file that fails leaves nothing behind,",
		"and the next file is still tried. A file imported before (same path, size",
		"and first time stamp) is refused unless --force is given.",
		NULL
	},
};

struct import_opts {
	const char		*db;
	const char		*filter_arg;
	struct sct_filter	*filter;
	bool			quiet;
	bool			force;
	char			**files;
	int			nr_files;
};

/* What one file's import keeps while its reader streams the events */
struct import_state {
	const char		*file;
	struct sct_store	*store;
	struct sct_correlator	*corr;
	struct trace_reader	*reader;
	struct threads		threads;
	uint64_t		decoded;
	off_t			file_size;
	bool			progress;
	time_t			last_progress;
	int			error;
};

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	interrupted = sig;
}

static int parse(int argc, char **argv, struct import_opts *o)
{
	const struct opt opts[] = {
		opt_db(&o->db),
		opt_string(0, "filter", "CONFIG", &o->filter_arg,
			   "the SMCCC filter the VM ran with: a JSON file\n"
			   "({\"filters\": [{\"base\", \"nr_functions\", \"action\"}]})\n"
			   "or ACTION:BASE+N[,...], e.g. fwd:0xc6000000+16;\n"
			   "without it, denied calls count as kernel"),
		opt_bool(0, "force", &o->force, "import a file even when it was imported before"),
		opt_bool('q', "quiet", &o->quiet, "no progress and no summary"),
		opt_end(),
	};
	int n;

	n = parse_options(argc, argv, opts, &import_usage, 0);
	o->files = argv;
	o->nr_files = n;
	return n < 0 ? n : 0;
}

static int validate(struct import_opts *o)
{
	if (o->filter_arg) {
		o->filter = sct_filter_load(o->filter_arg);
		if (!o->filter)
			return sct_err("%s", sct_last_error());
	}
	return 0;
}

static void show_progress(struct import_state *s, uint64_t offset)
{
	time_t now = time(NULL);

	if (now == s->last_progress || !s->file_size)
		return;
	s->last_progress = now;
	fprintf(stderr, "\r%s: %3d%%", s->file,
		(int)(offset * 100 / (unsigned long long)s->file_size));
}

/* The calls' vCPU indexes come from the threads, once all are known */
static int store_call(const struct sct_call *call, void *data)
{
	struct import_state *s = data;

	if (sct_store_add_call(s->store, call)) {
		s->error = 1;
		return 1;
	}
	return 0;
}

/* The next frame; a signal (interrupted) or a reader failure is an error */
static int next_frame(struct import_state *s, struct trace_frame *f)
{
	int rc;

	do {
		if (interrupted)
			return sct_set_error(EINTR, "interrupted; nothing of it was imported");
		rc = trace_reader_next(s->reader, f);
	} while (rc == 0);
	return rc < 0 ? -1 : 0;
}

static int take_frame(struct import_state *s, const struct trace_frame *f)
{
	switch (f->type) {
	case TF_THREAD:
		if (!threads_add(&s->threads, f->u.thread.pid, f->u.thread.comm))
			return sct_set_error(ENOMEM, "out of memory");
		return 0;
	case TF_EVENT:
		s->decoded += f->u.event.type != SCT_EV_LOST;
		if (threads_note_event(&s->threads, &f->u.event, NULL))
			return sct_set_error(ENOMEM, "out of memory");
		if (sct_correlator_feed(s->corr, &f->u.event) < 0 || s->error)
			return -1;
		return 0;
	case TF_PROGRESS:
		if (s->progress)
			show_progress(s, f->u.offset);
		return 0;
	default:
		return sct_set_error(EIO, "the trace reader sent malformed data (damaged file?)");
	}
}

/* Every frame up to the trailer; checks the counts it carries */
static int walk(struct import_state *s, struct trace_counts *counts)
{
	struct trace_frame f;
	int ret;

	while (!(ret = next_frame(s, &f)) && f.type != TF_TRAILER)
		if ((ret = take_frame(s, &f)))
			break;
	if (s->progress)
		fputc('\r', stderr);
	if (ret)
		return ret;
	*counts = f.u.counts;
	if (trace_reader_finish(s->reader))
		return -1;
	if (counts->decoded != s->decoded)
		return sct_set_error(EIO, "the trace reader sent malformed data (damaged file?)");
	if (counts->unknown)
		return sct_set_error(EINVAL, "%" PRIu64 " of %" PRIu64 " records are of no event "
				     "the file describes (damaged file?)",
				     counts->unknown, counts->records);
	return sct_correlator_finish(s->corr);
}

static char *str_or_null(const char *s)
{
	return *s ? strdup(s) : NULL;
}

static int64_t begin(struct import_state *s, const struct trace_frame *head,
		     const struct import_opts *o)
{
	struct sct_session sess = { .kind = "import" };
	int64_t id;

	sess.source = (char *)s->file;
	sess.source_size = (uint64_t)s->file_size;
	sess.host = str_or_null(head->u.header.host);
	sess.kernel = str_or_null(head->u.header.kernel);
	sess.clock = str_or_null(head->u.header.clock);
	if (o->filter)
		sess.filter_json = sct_filter_to_json(o->filter);
	id = sct_store_begin_session(s->store, &sess);
	sess.source = NULL;
	sess.kind = NULL;
	sct_session_release(&sess);
	return id;
}

/* Start the reader on a regular file and take its header */
static int start(struct import_state *s, struct trace_frame *head)
{
	struct stat st;

	if (stat(s->file, &st) || access(s->file, R_OK))
		return sct_set_error(errno, "%s", strerror(errno));
	if (!S_ISREG(st.st_mode))
		return sct_set_error(EINVAL, "not a regular file");
	s->file_size = st.st_size;
	s->reader = trace_reader_start(s->file, st.st_size);
	if (!s->reader)
		return -1;
	return next_frame(s, head);
}

/* The vCPU threads, and a file imported before unless --force */
static int finish(struct import_state *s, const struct trace_counts *counts,
		  const struct import_opts *o)
{
	int64_t dup;

	if (!o->force) {
		dup = sct_store_find_import(s->store, s->file, (uint64_t)s->file_size,
					    counts->first_ns);
		if (dup < 0)
			return -1;
		if (dup)
			return sct_set_error(EEXIST, "already imported as session %" PRId64
					     " (same path, size and first time stamp); not imported"
					     " again (--force imports it anyway)", dup);
	}
	if (sct_threads_number(s->threads.v, s->threads.nr))
		return sct_set_error(ENOMEM, "out of memory");
	if (sct_store_add_threads(s->store, s->threads.v, s->threads.nr))
		return -1;
	return sct_store_commit_session(s->store, sct_correlator_stats(s->corr),
					counts->first_ns, counts->last_ns);
}

/*
 * One file into one session. Returns 0, or -1 with the error text set
 * (it does not name the file) and nothing of the file kept.
 */
static int import_one(struct sct_store *store, const char *file,
		      const struct import_opts *o)
{
	struct import_state s = { .file = file, .store = store };
	struct trace_counts counts;
	struct trace_frame head;
	int64_t id;
	int ret;

	ret = start(&s, &head);
	if (ret)
		goto out;
	s.progress = !o->quiet && isatty(STDERR_FILENO) && s.file_size > (16 << 20);
	s.corr = sct_correlator_create(store_call, &s);
	id = s.corr ? begin(&s, &head, o) : -1;
	if (id < 0) {
		ret = -1;
		goto out;
	}
	sct_correlator_set_filter(s.corr, o->filter);
	ret = walk(&s, &counts);
	if (!ret)
		ret = finish(&s, &counts, o);
	if (ret)
		sct_store_abort_session(store);
	else if (!o->quiet)
		record_summary(file, id, sct_correlator_stats(s.corr));
out:
	sct_correlator_free(s.corr);
	trace_reader_free(s.reader);
	threads_release(&s.threads);
	return ret;
}

/* More than one file and some failed: say which (the first that fit) */
static void say_skipped(const struct import_opts *o, const bool *failed, int nr_failed)
{
	char list[512] = "";
	size_t len = 0, n;
	int i, listed = 0;

	for (i = 0; i < o->nr_files; i++) {
		if (!failed[i])
			continue;
		n = strlen(o->files[i]) + 2;
		if (len + n + 16 > sizeof(list))
			break;
		len += snprintf(list + len, sizeof(list) - len, "%s%s",
				len ? ", " : "", o->files[i]);
		listed++;
	}
	if (listed < nr_failed)
		snprintf(list + len, sizeof(list) - len, " and %d more", nr_failed - listed);
	sct_err("import: %d of %d files skipped: %s", nr_failed, o->nr_files, list);
}

/*
 * Each file in turn; one that fails leaves nothing and the next is still
 * tried, but an interrupt stops them all.
 */
static int run(const struct import_opts *o)
{
	struct sct_store *store;
	int i, nr_failed = 0;
	bool *failed;

	failed = calloc(o->nr_files, sizeof(*failed));
	store = failed ? sct_cli_open_store(o->db, SCT_STORE_CREATE) : NULL;
	if (!store) {
		free(failed);
		return failed ? SCT_EXIT_USAGE : sct_err("import: out of memory");
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	for (i = 0; i < o->nr_files && !interrupted; i++) {
		failed[i] = import_one(store, o->files[i], o) != 0;
		if (failed[i])
			sct_err("%s: %s", o->files[i], sct_last_error());
		nr_failed += failed[i];
	}
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	sct_store_close(store);
	if (nr_failed && o->nr_files > 1 && !interrupted)
		say_skipped(o, failed, nr_failed);
	free(failed);
	return nr_failed ? SCT_EXIT_USAGE : SCT_EXIT_OK;
}

/**
 * cmd_import - smccctrace import
 * @argc: argument count, argv[0] is "import"
 * @argv: the arguments
 *
 * Returns the exit status.
 */
int cmd_import(int argc, char **argv)
{
	struct import_opts o = { 0 };
	int ret;

	ret = parse(argc, argv, &o);
	if (ret < 0)
		return parse_status(ret);
	ret = validate(&o);
	if (!ret)
		ret = run(&o);
	sct_filter_free(o.filter);
	return ret;
}
