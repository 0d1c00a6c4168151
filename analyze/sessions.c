// SPDX-License-Identifier: GPL-2.0
/*
 * smccctrace sessions: what the database holds, one line a session;
 * smccctrace rm: sessions removed with everything keyed to them.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <smccctrace/error.h>
#include <smccctrace/output.h>
#include <smccctrace/store.h>

#include "builtin.h"
#include "cli.h"
#include "listing.h"
#include "parse-options.h"

static const struct usage sessions_usage = {
	.cmd		= "sessions",
	.synopsis	= (const char *const []){
		"smccctrace sessions [-d FILE] [--format F]",
		NULL
	},
	.notes		= (const char *const []){
		"WHEN is when the session was stored (UTC); DURATION spans its first to",
		"its last event, CALLS/S is CALLS over it; LOST counts the events the",
		"kernel dropped.",
		NULL
	},
};

static const char *const columns[] = {
	"ID", "KIND", "SOURCE", "HOST", "WHEN", "CALLS", "DURATION", "CALLS/S", "LOST",
};

#define NR_COLUMNS	(sizeof(columns) / sizeof(columns[0]))

/* What one session line shows */
struct session_line {
	const struct sct_session	*s;
	bool				timed;
	uint64_t			duration_ns;
};

static void line_of(const struct sct_session *s, struct session_line *l)
{
	l->s = s;
	l->timed = s->first_ns != SCT_NO_TIME && s->last_ns != SCT_NO_TIME &&
		   s->last_ns >= s->first_ns;
	l->duration_ns = l->timed ? s->last_ns - s->first_ns : 0;
}

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

static int table_row(struct sct_table *t, const struct session_line *l)
{
	char dur[SCT_NS_BUFSZ], rate[SCT_NS_BUFSZ];

	return sct_table_add_row(t) ||
	       sct_table_cell(t, "%" PRId64, l->s->id) ||
	       sct_table_cell(t, "%s", or_dash(l->s->kind)) ||
	       sct_table_cell(t, "%s", or_dash(l->s->source)) ||
	       sct_table_cell(t, "%s", or_dash(l->s->host)) ||
	       sct_table_cell(t, "%s", or_dash(l->s->created)) ||
	       sct_table_cell(t, "%" PRIu64, l->s->calls) ||
	       sct_table_cell(t, "%s", l->timed ? sct_format_ns(l->duration_ns, dur, sizeof(dur)) : "-") ||
	       sct_table_cell(t, "%s", sct_format_rate(l->s->calls, l->duration_ns,
						       rate, sizeof(rate))) ||
	       sct_table_cell(t, "%" PRIu64, l->s->lost_events);
}

/* Calls over the session's length, per second, three decimals at most */
static const char *calls_per_s(const struct session_line *l, char *buf)
{
	uint64_t calls = l->s->calls > UINT64_MAX / 1000000000u ? UINT64_MAX / 1000000000u :
			 l->s->calls;

	return sct_format_ratio(calls * 1000000000u, l->duration_ns, 3, true, buf, 32);
}

static void csv_row(struct sct_csv *c, const struct session_line *l)
{
	char id[24], rate[32];

	snprintf(id, sizeof(id), "%" PRId64, l->s->id);
	sct_csv_str(c, id);
	sct_csv_str(c, l->s->kind ? l->s->kind : "");
	sct_csv_str(c, l->s->source ? l->s->source : "");
	sct_csv_str(c, l->s->host ? l->s->host : "");
	sct_csv_str(c, l->s->created ? l->s->created : "");
	sct_csv_u64(c, l->s->calls);
	if (l->timed)
		sct_csv_u64(c, l->duration_ns);
	else
		sct_csv_str(c, "");
	sct_csv_u64(c, l->s->lost_events);
	sct_csv_str(c, l->duration_ns ? calls_per_s(l, rate) : "");
	sct_csv_end_row(c);
}

static void json_str_or_null(struct sct_json *j, const char *key, const char *s)
{
	if (s)
		sct_json_str(j, key, s);
	else
		sct_json_null(j, key);
}

static void json_row(struct sct_json *j, const struct session_line *l)
{
	char rate[32];

	sct_json_begin_object(j, NULL);
	sct_json_i64(j, "id", l->s->id);
	json_str_or_null(j, "kind", l->s->kind);
	json_str_or_null(j, "source", l->s->source);
	json_str_or_null(j, "host", l->s->host);
	json_str_or_null(j, "when", l->s->created);
	sct_json_u64(j, "calls", l->s->calls);
	if (l->timed)
		sct_json_u64(j, "duration_ns", l->duration_ns);
	else
		sct_json_null(j, "duration_ns");
	sct_json_u64(j, "lost_events", l->s->lost_events);
	if (l->duration_ns)
		sct_json_raw(j, "calls_per_s", calls_per_s(l, rate));
	else
		sct_json_null(j, "calls_per_s");
	sct_json_end_object(j);
}

static int add_session(const struct sct_session *s, void *data)
{
	struct listing *o = data;
	struct session_line l;

	line_of(s, &l);
	switch (o->format) {
	case SCT_FORMAT_CSV:
		csv_row(&o->csv, &l);
		return 0;
	case SCT_FORMAT_JSON:
		json_row(&o->json, &l);
		return 0;
	default:
		return table_row(o->table, &l) ? 1 : 0;
	}
}

static const char *const csv_columns[] = {
	"id", "kind", "source", "host", "when", "calls", "duration_ns", "lost_events",
	"calls_per_s",
};

static const struct listing_spec sessions_spec = {
	.heads		= columns,
	.nr_heads	= NR_COLUMNS,
	.right		= 1u << 0 | 1u << 5 | 1u << 6 | 1u << 7 | 1u << 8,
	.fit		= -1,
	.csv		= csv_columns,
	.nr_csv		= sizeof(csv_columns) / sizeof(csv_columns[0]),
	.json_key	= "sessions",
};

/**
 * cmd_sessions - smccctrace sessions
 * @argc: argument count, argv[0] is "sessions"
 * @argv: the arguments
 *
 * Prints every session of the database, in id order. Returns the exit
 * status: SCT_EXIT_USAGE for a bad option or an unreadable database.
 */
int cmd_sessions(int argc, char **argv)
{
	enum sct_format format = SCT_FORMAT_TABLE;
	const char *db = NULL;
	const struct opt opts[] = {
		opt_db(&db),
		opt_format(&format, SCT_FORMATS_DATA),
		opt_end(),
	};
	struct sct_store *store;
	struct listing o;
	int ret;

	ret = parse_options(argc, argv, opts, &sessions_usage, PARSE_NO_ARGS);
	if (ret < 0)
		return parse_status(ret);
	store = sct_cli_open_store(db, SCT_STORE_READONLY);
	if (!store)
		return SCT_EXIT_USAGE;
	if (listing_begin(&o, format, &sessions_spec))
		ret = sct_err("sessions: out of memory");
	else if ((ret = sct_store_foreach_session(store, add_session, &o)) < 0)
		ret = sct_err("%s", sct_last_error());
	else if (ret > 0)
		ret = sct_err("sessions: out of memory");
	else
		listing_end(&o);
	listing_release(&o);
	sct_store_close(store);
	return ret;
}

static const struct usage rm_usage = {
	.cmd		= "rm",
	.no_args	= "no session given",
	.synopsis	= (const char *const []){
		"smccctrace rm [-d FILE] SESSION...",
		NULL
	},
	.notes		= (const char *const []){
		"SESSION: a session id, or latest. Its calls, exit counts, VMs and",
		"threads go with it. All or nothing: when one is no session, nothing",
		"is removed.",
		NULL
	},
};

/* The ids, "latest" resolved; each once */
static int rm_ids(struct sct_store *store, char **argv, int n, int64_t *ids, size_t *nr)
{
	struct sct_session s;
	int64_t id;
	size_t j;
	int i;

	*nr = 0;
	for (i = 0; i < n; i++) {
		if (sct_parse_session(argv[i], &id))
			return usage_error(&rm_usage, "'%s' is not a session (a number from 1, or latest)",
					   argv[i]);
		if (!id) {
			if (sct_store_get_session(store, 0, &s))
				return sct_err("%s", sct_last_error());
			id = s.id;
			sct_session_release(&s);
		}
		for (j = 0; j < *nr && ids[j] != id; j++)
			;
		if (j == *nr)
			ids[(*nr)++] = id;
	}
	return 0;
}

/**
 * cmd_rm - smccctrace rm
 * @argc: argument count, argv[0] is "rm"
 * @argv: the arguments
 *
 * Removes the sessions named, all or none, and says which. Returns the
 * exit status: SCT_EXIT_USAGE (nothing removed) when one is missing.
 */
int cmd_rm(int argc, char **argv)
{
	const char *db = NULL;
	const struct opt opts[] = {
		opt_db(&db),
		opt_end(),
	};
	struct sct_store *store;
	int64_t *ids;
	size_t nr, i;
	int n, ret;

	n = parse_options(argc, argv, opts, &rm_usage, 0);
	if (n < 0)
		return parse_status(n);
	ids = calloc((size_t)n, sizeof(*ids));
	if (!ids)
		return sct_err("rm: out of memory");
	store = sct_cli_open_store(db, 0);
	ret = store ? rm_ids(store, argv, n, ids, &nr) : SCT_EXIT_USAGE;
	if (!ret && sct_store_delete_sessions(store, ids, nr))
		ret = sct_err("%s; nothing removed", sct_last_error());
	for (i = 0; !ret && i < nr; i++)
		printf("removed session %" PRId64 "\n", ids[i]);
	sct_store_close(store);
	free(ids);
	return ret;
}
