// SPDX-License-Identifier: GPL-2.0
/*
 * smccctrace import: trace-cmd recordings into the database, one session
 * per file, each all or nothing.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <trace-cmd.h>

#include <smccctrace/error.h>
#include <smccctrace/filter.h>
#include <smccctrace/store.h>

#include "builtin.h"
#include "cli.h"
#include "parse-options.h"
#include "kvm-events.h"
#include "record.h"
#include "trace-file.h"

static const struct usage import_usage = {
	.cmd		= "import",
	.no_args	= "no trace file given",
	.synopsis	= (const char *const []){
		"smccctrace import [-d FILE] [--filter CONFIG] [-q] TRACE.dat...",
		NULL
	},
	.notes		= (const char *const []){
		"Each file becomes one session; a file that fails leaves nothing behind.",
		NULL
	},
};

struct import_opts {
	const char		*db;
	const char		*filter_arg;
	struct sct_filter	*filter;
	bool			quiet;
	char			**files;
	int			nr_files;
};

/* What one file's import keeps while libtracecmd walks its records */
struct import_state {
	const char		*file;
	struct sct_store	*store;
	struct sct_correlator	*corr;
	struct tep_handle	*tep;
	struct kvm_events	ke;
	uint64_t		first_ns;
	uint64_t		last_ns;
	uint64_t		records;
	off_t			file_size;
	bool			progress;
	time_t			last_progress;
	int32_t			last_tid;
	int32_t			last_vcpu;
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
	struct stat st;
	int i;

	for (i = 0; i < o->nr_files; i++) {
		if (stat(o->files[i], &st) || access(o->files[i], R_OK))
			return sct_err("%s: %s", o->files[i], strerror(errno));
		if (!S_ISREG(st.st_mode))
			return sct_err("%s: not a regular file", o->files[i]);
	}
	if (o->filter_arg) {
		o->filter = sct_filter_load(o->filter_arg);
		if (!o->filter)
			return sct_err("%s", sct_last_error());
	}
	return 0;
}

static void show_progress(struct import_state *s, struct tep_record *rec)
{
	time_t now = time(NULL);

	if (now == s->last_progress)
		return;
	s->last_progress = now;
	fprintf(stderr, "\r%s: %3d%%", s->file,
		(int)(rec->offset * 100 / (unsigned long long)s->file_size));
}

static int on_record(struct tracecmd_input *handle, struct tep_record *rec,
		     int cpu, void *data)
{
	struct import_state *s = data;
	struct sct_event ev;

	if (interrupted || s->error)
		return 1;
	if (rec->missed_events) {
		ev.type = SCT_EV_LOST;
		ev.ts = rec->ts;
		ev.cpu = cpu;
		ev.pid = -1;
		ev.u.lost.count = rec->missed_events > 0 ? (uint64_t)rec->missed_events : 0;
		sct_correlator_feed(s->corr, &ev);
	}
	if (s->first_ns == SCT_NO_TIME)
		s->first_ns = rec->ts;
	s->last_ns = rec->ts;
	if (s->progress && !(++s->records & 0xffff))
		show_progress(s, rec);
	if (!kvm_events_decode(&s->ke, s->tep, rec, &ev))
		return 0;
	ev.cpu = cpu;
	if (sct_correlator_feed(s->corr, &ev) < 0)
		s->error = 1;
	return s->error;
}

/* The vCPU index, from the thread's name as the trace recorded it */
static int32_t vcpu_of(struct import_state *s, int32_t tid)
{
	if (tid != s->last_tid) {
		s->last_tid = tid;
		s->last_vcpu = sct_vcpu_from_comm(tep_data_comm_from_pid(s->tep, tid));
	}
	return s->last_vcpu;
}

static int store_call(const struct sct_call *call, void *data)
{
	struct import_state *s = data;
	struct sct_call c = *call;

	c.vcpu = vcpu_of(s, c.tid);
	if (sct_store_add_call(s->store, &c)) {
		s->error = 1;
		return 1;
	}
	return 0;
}

static int walk(struct import_state *s, struct tracecmd_input **handle)
{
	char why[256];

	s->tep = tracecmd_get_tep(*handle);
	if (kvm_events_init(&s->ke, s->tep, false, why, sizeof(why)))
		return sct_err("%s: %s", s->file, why);
	if (trace_file_iterate(handle, s->file, on_record, s))
		return SCT_EXIT_USAGE;
	if (s->progress)
		fputc('\r', stderr);
	if (interrupted)
		return sct_err("%s: interrupted; nothing of it was imported", s->file);
	if (s->error)
		return sct_err("%s: %s", s->file, sct_last_error());
	if (sct_correlator_finish(s->corr))
		return sct_err("%s: %s", s->file, sct_last_error());
	return 0;
}

static int64_t begin(struct import_state *s, struct tracecmd_input *handle,
		     const struct import_opts *o)
{
	struct sct_session sess = { .kind = "import" };
	int64_t id;

	sess.source = (char *)s->file;
	trace_file_meta(handle, &sess.host, &sess.kernel, &sess.clock);
	if (o->filter)
		sess.filter_json = sct_filter_to_json(o->filter);
	id = sct_store_begin_session(s->store, &sess);
	sess.source = NULL;
	sess.kind = NULL;
	sct_session_release(&sess);
	return id;
}

static int import_one(struct sct_store *store, const char *file,
		      const struct import_opts *o)
{
	struct import_state s = { .file = file, .store = store };
	struct tracecmd_input *handle;
	struct stat st;
	int64_t id;
	int ret;

	s.first_ns = s.last_ns = SCT_NO_TIME;
	s.last_tid = -1;
	s.last_vcpu = -1;
	s.file_size = stat(file, &st) ? 0 : st.st_size;
	s.progress = !o->quiet && isatty(STDERR_FILENO) && s.file_size > (16 << 20);
	handle = trace_file_open(file);
	if (!handle)
		return SCT_EXIT_USAGE;
	s.corr = sct_correlator_create(store_call, &s);
	id = s.corr ? begin(&s, handle, o) : -1;
	if (id < 0) {
		ret = sct_err("%s: %s", file, sct_last_error());
		goto out;
	}
	sct_correlator_set_filter(s.corr, o->filter);
	ret = walk(&s, &handle);
	if (!ret && sct_store_commit_session(store, sct_correlator_stats(s.corr),
					     s.first_ns, s.last_ns))
		ret = sct_err("%s: %s", file, sct_last_error());
	if (ret)
		sct_store_abort_session(store);
	else if (!o->quiet)
		record_summary(file, id, sct_correlator_stats(s.corr));
out:
	sct_correlator_free(s.corr);
	trace_file_close(handle);
	return ret;
}

static int run(const struct import_opts *o)
{
	struct sct_store *store;
	int i, ret = 0;

	store = sct_cli_open_store(o->db, SCT_STORE_CREATE);
	if (!store)
		return SCT_EXIT_USAGE;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	for (i = 0; i < o->nr_files && !ret; i++)
		ret = import_one(store, o->files[i], o);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	sct_store_close(store);
	return ret;
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
	tracecmd_set_loglevel(TEP_LOG_NONE);
	tep_set_loglevel(TEP_LOG_NONE);
	ret = validate(&o);
	if (!ret)
		ret = run(&o);
	sct_filter_free(o.filter);
	return ret;
}
