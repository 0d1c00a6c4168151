// SPDX-License-Identifier: GPL-2.0
/*
 * The store's VMs: each VM of a session with its own SMCCC filter, the
 * count of different filters report reads, and a version 2 file brought
 * up to version 3 (or read as it is, read-only).
 */
#include <errno.h>
#include <stdbool.h>

#include <smccctrace/call.h>
#include <smccctrace/store.h>

#include "store-test.h"

static const char deny[] = "{\"filters\": [{\"base\": \"0xc4000003\", "
	"\"nr_functions\": 1, \"action\": \"DENY\"}]}";
static const char fwd[] = "{\"filters\": [{\"base\": \"0x84000000\", "
	"\"nr_functions\": 1, \"action\": \"FWD_TO_USER\"}]}";

static char db[256];

/* A session with @n VMs: VM i gets filters[i] */
static int64_t session_with(struct sct_store *store, const char *const *filters, int n)
{
	struct sct_session s = { .kind = "record", .source = "tracefs" };
	struct sct_call c;
	int64_t id;
	int i;

	id = sct_store_begin_session(store, &s);
	for (i = 0; i < n; i++)
		sct_store_add_vm(store, i, 100 * (uint64_t)i,
				 filters[i], filters[i] ? 100 * (uint64_t)i + 1 : SCT_NO_TIME);
	sct_call_init(&c);
	c.vm = n - 1;
	c.vcpu = 0;
	c.location = SCT_LOC_KERNEL;
	sct_store_add_call(store, &c);
	sct_store_commit_session(store, NULL, SCT_NO_TIME, SCT_NO_TIME);
	return id;
}

static void test_vms(void)
{
	const char *const same[] = { deny, deny };
	const char *const differ[] = { deny, deny, fwd, NULL };
	struct sct_store *store = sct_store_open(db, SCT_STORE_CREATE);
	uint64_t vms, filters;
	int64_t a, b;

	if (!ok(store, "vms: a new database"))
		return;
	ok(sct_store_add_vm(store, 0, 1, NULL, SCT_NO_TIME) < 0,
	   "vms: add_vm without a session fails");
	a = session_with(store, same, 2);
	b = session_with(store, differ, 4);
	ok(!sct_store_vm_filters(store, a, &vms, &filters) && vms == 2 && filters == 1,
	   "vms: two VMs with one filter");
	ok(!sct_store_vm_filters(store, b, &vms, &filters) && vms == 4 && filters == 3,
	   "vms: four VMs, three filters (none counts as one)");
	ok(!sct_store_vm_filters(store, 99, &vms, &filters) && vms == 0 && filters == 0,
	   "vms: a session without VMs");
	sct_store_close(store);
	is_rows(db, "SELECT session, vm, created_ns, json_extract(filter, '$.filters[0].action'),"
		" filter_ns FROM vms ORDER BY session, vm",
		"1|0|0|DENY|1\n1|1|100|DENY|101\n2|0|0|DENY|1\n2|1|100|DENY|101\n"
		"2|2|200|FWD_TO_USER|201\n2|3|300|NULL|NULL\n", "vms: the rows");
	is_rows(db, "SELECT session, vm, vcpu FROM call_view ORDER BY session",
		"1|1|0\n2|3|0\n", "vms: call_view has each call's VM");
}

static int get_vm(const struct sct_call *call, void *data)
{
	*(int32_t *)data = call->vm;
	return 0;
}

/* A version 2 file the code of that version made (tests/data/schema-v2.db) */
static void test_upgrade(void)
{
	char v2[256];
	struct sct_store *store;
	int32_t vm = 5;

	snprintf(v2, sizeof(v2), "%s", tmp_path("v2.db"));
	copy_file("tests/data/schema-v2.db", v2, -1);
	store = sct_store_open(v2, SCT_STORE_READONLY);
	ok(store, "upgrade: a version 2 file opens read-only");
	ok(store && !sct_store_foreach_call(store, 1, get_vm, &vm) && vm == -1,
	   "upgrade: read as it is, its calls have no VM");
	sct_store_close(store);
	is_rows(v2, "SELECT * FROM pragma_user_version", "2\n", "upgrade: not while read-only");
	store = sct_store_open(v2, 0);
	ok(store, "upgrade: a version 2 file opens for writing");
	sct_store_close(store);
	is_rows(v2, "SELECT * FROM pragma_user_version", "7\n", "upgrade: now version 7");
	is_rows(v2, "SELECT count(*), count(vm) FROM call_view", "18|0\n",
		"upgrade: its calls kept, with no VM");
	is_rows(v2, "SELECT count(*) FROM vms", "0\n", "upgrade: an empty vms table");
}

int main(void)
{
	if (tmpdir_make()) {
		printf("1..0 # SKIP cannot make a temporary directory\n");
		return 0;
	}
	snprintf(db, sizeof(db), "%s", tmp_path("vms.db"));
	test_vms();
	test_upgrade();
	tmpdir_remove();
	return tap_done();
}
