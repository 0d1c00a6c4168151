// SPDX-License-Identifier: LGPL-2.1
/*
 * The set of function IDs the functions table holds, kept beside the
 * store so that adding a call does not query the table: open addressing,
 * loaded from the table when first needed.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "store-internal.h"

#define ID_SET_MIN_SLOTS	512

static size_t id_slot(uint32_t id, size_t nr_slots)
{
	return (size_t)(((uint64_t)id * 0x9E3779B97F4A7C15ull) >> 32) &
	       (nr_slots - 1);
}

/*
 * sct_id_set_has - whether @id is in the set
 */
bool sct_id_set_has(const struct sct_id_set *set, uint32_t id)
{
	size_t i;

	if (!set->nr_slots)
		return false;
	for (i = id_slot(id, set->nr_slots); set->slots[i];
	     i = (i + 1) & (set->nr_slots - 1)) {
		if (set->slots[i] == (uint64_t)id + 1)
			return true;
	}
	return false;
}

static void id_set_put(uint64_t *slots, size_t nr_slots, uint32_t id)
{
	size_t i;

	for (i = id_slot(id, nr_slots); slots[i]; i = (i + 1) & (nr_slots - 1)) {
		if (slots[i] == (uint64_t)id + 1)
			return;
	}
	slots[i] = (uint64_t)id + 1;
}

static int id_set_grow(struct sct_id_set *set)
{
	uint64_t *slots;
	size_t nr, i;

	nr = set->nr_slots ? set->nr_slots * 2 : ID_SET_MIN_SLOTS;
	slots = calloc(nr, sizeof(*slots));
	if (!slots)
		return -1;
	for (i = 0; i < set->nr_slots; i++) {
		if (set->slots[i])
			id_set_put(slots, nr, (uint32_t)(set->slots[i] - 1));
	}
	free(set->slots);
	set->slots = slots;
	set->nr_slots = nr;
	return 0;
}

/*
 * sct_id_set_add - add @id to the set, which is kept at most half full
 *
 * Returns 0, or -1 when out of memory (the set is as it was).
 */
int sct_id_set_add(struct sct_id_set *set, uint32_t id)
{
	if ((set->nr_used + 1) * 2 > set->nr_slots && id_set_grow(set))
		return -1;
	if (!sct_id_set_has(set, id)) {
		id_set_put(set->slots, set->nr_slots, id);
		set->nr_used++;
	}
	return 0;
}

/*
 * sct_id_set_clear - empty a set and free its memory
 *
 * The set is loaded again from the functions table when next needed.
 */
void sct_id_set_clear(struct sct_id_set *set)
{
	free(set->slots);
	memset(set, 0, sizeof(*set));
}

/*
 * sct_store_load_known - fill @store->known from the functions table
 *
 * Returns 0, or -1 with the error set.
 */
int sct_store_load_known(struct sct_store *store)
{
	sqlite3_stmt *stmt;
	int rc;

	if (sct_store_prepare(store, "SELECT id FROM functions", &stmt,
			      "read functions"))
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (sct_id_set_add(&store->known,
				   (uint32_t)sqlite3_column_int64(stmt, 0))) {
			sqlite3_finalize(stmt);
			return sct_set_error(ENOMEM, "%s: out of memory",
					     store->path);
		}
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return sct_store_sql_error(store, rc, "read functions");
	store->known.loaded = true;
	return 0;
}
