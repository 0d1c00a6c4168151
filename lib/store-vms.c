// SPDX-License-Identifier: LGPL-2.1
/*
 * The vms table: every VM a session saw (from the VMM side), with the
 * SMCCC filter it ran with and when that was installed. A session's
 * sessions.filter stays the one filter suggest and report read; where
 * its VMs ran with different filters, this table holds each.
 */
#include <errno.h>

#include "internal.h"
#include "store-internal.h"

static void bind_ns(sqlite3_stmt *stmt, int col, uint64_t t)
{
	if (t == SCT_NO_TIME)
		sqlite3_bind_null(stmt, col);
	else
		sqlite3_bind_int64(stmt, col, sct_u64_to_sql(t));
}

/**
 * sct_store_add_vm - record a VM of the open session
 * @store: the store, with a session open
 * @vm: the VM's number (struct sct_call's @vm)
 * @created_ns: when it was created, or SCT_NO_TIME
 * @filter_json: its SMCCC filter as sct_filter_to_json() writes it, or
 *               NULL when it installed none; the caller keeps it
 * @filter_ns: when its filter's first range was installed, or SCT_NO_TIME
 *
 * Returns 0, or -1 with errno and the error set.
 */
int sct_store_add_vm(struct sct_store *store, int32_t vm, uint64_t created_ns,
		     const char *filter_json, uint64_t filter_ns)
{
	sqlite3_stmt *stmt;
	int rc;

	if (store->readonly)
		return sct_set_error(EROFS, "%s: opened read-only", store->path);
	if (sct_store_check_open(store) ||
	    sct_store_prepare(store, "INSERT OR REPLACE INTO vms (session, vm, created_ns,"
			      " filter, filter_ns) VALUES (?1, ?2, ?3, ?4, ?5)",
			      &stmt, "add VM"))
		return -1;
	sqlite3_bind_int64(stmt, 1, store->session);
	sqlite3_bind_int(stmt, 2, vm);
	bind_ns(stmt, 3, created_ns);
	if (filter_json)
		sqlite3_bind_text(stmt, 4, filter_json, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, 4);
	bind_ns(stmt, 5, filter_ns);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return sct_store_sql_error(store, rc, "add VM");
	return 0;
}

/**
 * sct_store_vm_filters - how many VMs a session saw, and how many filters
 * @store: the store
 * @session: the session
 * @vms: receives the number of VMs (0 when the session knows none)
 * @filters: receives the number of different filters they ran with (no
 *           filter counts as one); above 1, the session's VMs differ
 *
 * Returns 0, or -1 with errno and the error set.
 */
int sct_store_vm_filters(struct sct_store *store, int64_t session,
			 uint64_t *vms, uint64_t *filters)
{
	sqlite3_stmt *stmt;
	int rc;

	*vms = *filters = 0;
	if (store->version < 3)
		return 0;
	if (sct_store_prepare(store, "SELECT count(*), count(DISTINCT coalesce(filter, ''))"
			      " FROM vms WHERE session = ?1", &stmt, "read VMs"))
		return -1;
	sqlite3_bind_int64(stmt, 1, session);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*vms = (uint64_t)sqlite3_column_int64(stmt, 0);
		*filters = (uint64_t)sqlite3_column_int64(stmt, 1);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW)
		return sct_store_sql_error(store, rc, "read VMs");
	return 0;
}
