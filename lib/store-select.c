// SPDX-License-Identifier: LGPL-2.1
/*
 * The SQL of a selected read of calls: the statements a selection makes,
 * in the order they run, their text built from the selection and their
 * parameters bound in the same order.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <smccctrace/select.h>

#include "internal.h"
#include "store-internal.h"

/* A growing SQL text; @failed once it could not grow */
struct sql_text {
	char	*buf;
	size_t	len;
	size_t	size;
	bool	failed;
};

static void sql_add(struct sql_text *t, const char *s)
{
	size_t n = strlen(s);
	char *tmp;

	if (t->failed)
		return;
	if (t->len + n + 1 > t->size) {
		tmp = realloc(t->buf, 2 * (t->len + n + 1));
		if (!tmp) {
			t->failed = true;
			return;
		}
		t->buf = tmp;
		t->size = 2 * (t->len + n + 1);
	}
	memcpy(t->buf + t->len, s, n + 1);
	t->len += n;
}

/*
 * Version 7 stores the function ID as fid, its value - 2^31 (FID_BIAS),
 * in the function index: the conditions on it are written on fid, and the
 * seq order is the order of calls.id
 */
static const char *func_col(const struct read_step *step)
{
	return step->cr->keyed ? "fid" : "func_id";
}

static const char *seq_col(const struct read_step *step)
{
	return step->cr->keyed ? "c.id" : "seq";
}

/* " AND (func_id BETWEEN ? AND ? OR ... OR @more)" for @nr ranges */
static void sql_ranges(struct sql_text *t, const struct read_step *step, size_t nr,
		       const char *more)
{
	size_t i;

	sql_add(t, " AND (");
	for (i = 0; i < nr; i++) {
		sql_add(t, i ? " OR " : "");
		sql_add(t, func_col(step));
		sql_add(t, " BETWEEN ? AND ?");
	}
	if (more && nr)
		sql_add(t, " OR ");
	if (more)
		sql_add(t, more);
	sql_add(t, ")");
}

/* The IDs of the functions table in @nr named ranges */
static void sql_range_names(struct sql_text *t, const struct read_step *step, size_t nr)
{
	size_t i;

	sql_add(t, step->cr->keyed ? "fid IN (SELECT id - 0x80000000" :
				     "func_id IN (SELECT id");
	sql_add(t, " FROM functions WHERE range IN (?");
	for (i = 1; i < nr; i++)
		sql_add(t, ", ?");
	sql_add(t, "))");
}


/* The column of the total latency: version 6 computes it from d_entry */
static void sql_total(struct sql_text *t, const struct read_step *step, const char *tail)
{
	sql_add(t, step->cr->relative ? "d_entry" : "total_ns");
	sql_add(t, tail);
}

/**
 * sct_store_plan_read - the statements of a read, in the order they run
 * @sel: the selection
 * @cr: how the session's calls read; the steps point to it
 * @steps: filled in, two at most
 *
 * Returns how many steps it filled.
 */
size_t sct_store_plan_read(const struct sct_selection *sel, const struct call_read *cr,
			   struct read_step *steps)
{
	bool untimed = sel->has_cursor && sel->cursor.t_exit == SCT_NO_TIME;
	bool cur = sel->has_cursor;

	if (sel->order != SCT_ORDER_TIME || (!cur && !sel->backward)) {
		steps[0] = (struct read_step) { PART_ALL, cur, cr };
		return 1;
	}
	if (!sel->backward) {
		steps[0] = (struct read_step) { untimed ? PART_UNTIMED : PART_TIMED, true, cr };
		steps[1] = (struct read_step) { PART_TIMED, false, cr };
		return untimed ? 2 : 1;
	}
	steps[0] = (struct read_step) { untimed ? PART_UNTIMED : PART_TIMED, cur, cr };
	steps[1] = (struct read_step) { PART_UNTIMED, false, cr };
	return untimed ? 1 : 2;
}

/* Keyset conditions: the calls after (before) the cursor in each order */
static void sql_cursor(struct sql_text *t, const struct sct_selection *sel,
		       const struct read_step *step)
{
	bool back = sel->backward;

	if (!step->cursor)
		return;
	if (sel->order == SCT_ORDER_SLOWEST) {
		sql_add(t, " AND ");
		sql_total(t, step, back ? " >= ? AND (" : " <= ? AND (");
		sql_total(t, step, back ? " > ? OR " : " < ? OR ");
	} else if (step->part == PART_TIMED) {
		sql_add(t, back ? " AND t_exit <= ? AND (t_exit < ? OR " :
				  " AND t_exit >= ? AND (t_exit > ? OR ");
	} else {
		sql_add(t, " AND (");
	}
	sql_add(t, seq_col(step));
	sql_add(t, back ? " < ?)" : " > ?)");
}

static void sql_order(struct sql_text *t, const struct sct_selection *sel,
		      const struct read_step *step)
{
	bool back = sel->backward;

	sql_add(t, " ORDER BY ");
	if (step->part != PART_UNTIMED && sel->order == SCT_ORDER_SLOWEST)
		sql_total(t, step, back ? ", " : " DESC, ");
	else if (step->part != PART_UNTIMED && sel->order == SCT_ORDER_TIME)
		sql_add(t, back ? "t_exit DESC, " : "t_exit, ");
	sql_add(t, seq_col(step));
	sql_add(t, back ? " DESC" : "");
}

/* Version 7: what an index on (session, ...) serves names the session */
static void sql_indexed(struct sql_text *t, const struct sct_selection *sel,
			const struct read_step *step)
{
	if (!step->cr->keyed)
		return;
	if (sel->nr_ids || sel->unknown_id || sel->nr_ranges || sel->nr_range_names ||
	    sel->order == SCT_ORDER_TIME || sel->from_ns != SCT_NO_TIME ||
	    sel->to_ns != SCT_NO_TIME)
		sql_add(t, " AND c.session = ?1");
}

/* The WHERE clause's rest and the order; parameters bound in the same order */
static void sql_selection(struct sql_text *t, const struct sct_selection *sel,
			  const struct read_step *step)
{
	struct sql_text names = { 0 };

	sql_indexed(t, sel, step);
	if (sel->nr_ids || sel->unknown_id)
		sql_ranges(t, step, sel->nr_ids,
			   sel->unknown_id ? (step->cr->keyed ? "fid IS NULL" : "func_id IS NULL") :
					     NULL);
	if (sel->nr_range_names) {
		sql_range_names(&names, step, sel->nr_range_names);
		t->failed |= names.failed;
	}
	if (sel->nr_ranges || sel->nr_range_names)
		sql_ranges(t, step, sel->nr_ranges, names.buf);
	free(names.buf);
	if (sel->vcpu >= 0 && step->cr->keyed)
		sql_add(t, " AND ifnull(vcpu, (SELECT t.vcpu FROM threads t"
			   " WHERE t.session = ?1 AND t.tid = c.tid)) = ?");
	else if (sel->vcpu >= 0)
		sql_add(t, " AND vcpu = ?");
	if (sel->location >= 0)
		sql_add(t, " AND location = ?");
	if (sel->from_ns != SCT_NO_TIME)
		sql_add(t, " AND t_exit >= ?");
	if (sel->to_ns != SCT_NO_TIME)
		sql_add(t, " AND t_exit <= ?");
	if (sel->order == SCT_ORDER_SLOWEST && step->cr->relative)
		sql_add(t, " AND incomplete = 0 AND t_exit IS NOT NULL AND d_entry IS NOT NULL");
	else if (sel->order == SCT_ORDER_SLOWEST)
		sql_add(t, " AND total_ns IS NOT NULL");
	else if (step->part != PART_ALL)
		sql_add(t, step->part == PART_TIMED ? " AND t_exit IS NOT NULL" :
						      " AND t_exit IS NULL");
	sql_cursor(t, sel, step);
	sql_order(t, sel, step);
	if (sel->limit)
		sql_add(t, " LIMIT ?");
}

static void bind_ranges(sqlite3_stmt *stmt, int *col, const struct read_step *step,
			const struct sct_id_range *r, size_t nr)
{
	int64_t bias = step->cr->keyed ? FID_BIAS : 0;
	size_t i;

	for (i = 0; i < nr; i++) {
		sqlite3_bind_int64(stmt, (*col)++, (int64_t)r[i].lo - bias);
		sqlite3_bind_int64(stmt, (*col)++, (int64_t)r[i].hi - bias);
	}
}

static void bind_cursor(sqlite3_stmt *stmt, int *col, const struct sct_selection *sel,
			const struct read_step *step)
{
	uint64_t key = sel->order == SCT_ORDER_SLOWEST ? sel->cursor.total_ns :
		       sel->cursor.t_exit - step->cr->base;

	if (!step->cursor)
		return;
	if (sel->order == SCT_ORDER_SLOWEST || step->part == PART_TIMED) {
		sqlite3_bind_int64(stmt, (*col)++, sct_u64_to_sql(key));
		sqlite3_bind_int64(stmt, (*col)++, sct_u64_to_sql(key));
	}
	sqlite3_bind_int64(stmt, (*col)++, sct_u64_to_sql(sel->cursor.seq) + step->cr->key_base);
}

static void bind_selection(sqlite3_stmt *stmt, const struct sct_selection *sel,
			   const struct read_step *step, uint64_t limit)
{
	int col = 2;
	size_t i;

	bind_ranges(stmt, &col, step, sel->ids, sel->nr_ids);
	bind_ranges(stmt, &col, step, sel->ranges, sel->nr_ranges);
	for (i = 0; i < sel->nr_range_names; i++)
		sqlite3_bind_text(stmt, col++, sel->range_names[i], -1, SQLITE_STATIC);
	if (sel->vcpu >= 0)
		sqlite3_bind_int(stmt, col++, sel->vcpu);
	if (sel->location >= 0)
		sqlite3_bind_int(stmt, col++, sel->location);
	if (sel->from_ns != SCT_NO_TIME)
		sqlite3_bind_int64(stmt, col++, sct_u64_to_sql(sel->from_ns - step->cr->base));
	if (sel->to_ns != SCT_NO_TIME)
		sqlite3_bind_int64(stmt, col++, sct_u64_to_sql(sel->to_ns - step->cr->base));
	bind_cursor(stmt, &col, sel, step);
	if (sel->limit)
		sqlite3_bind_int64(stmt, col++, limit > INT64_MAX ? INT64_MAX : (int64_t)limit);
}

/**
 * sct_store_prepare_selected - prepare and bind the statement of one step
 * @store: the store
 * @sel: the selection
 * @step: which statement of the read
 * @limit: the calls the selection's limit still allows
 * @stmt: set to the statement, its session (parameter 1) left to bind;
 *        the caller finalizes it
 *
 * Returns 0, or -1 with the error set.
 */
int sct_store_prepare_selected(struct sct_store *store, const struct sct_selection *sel,
			       const struct read_step *step, uint64_t limit,
			       sqlite3_stmt **stmt)
{
	struct sql_text t = { 0 };
	int ret;

	sql_add(&t, sct_store_calls_sql(store, step->cr));
	sql_selection(&t, sel, step);
	if (t.failed) {
		free(t.buf);
		return sct_set_error(ENOMEM, "%s: out of memory", store->path);
	}
	ret = sct_store_prepare(store, t.buf, stmt, "read calls");
	free(t.buf);
	if (!ret)
		bind_selection(*stmt, sel, step, limit);
	return ret;
}
