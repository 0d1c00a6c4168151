// SPDX-License-Identifier: GPL-2.0
/*
 * Sessions as a whole in the store: their vCPU threads and the calls'
 * indexes from them, finding an earlier import, removing sessions, and
 * reading a selection of calls.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <smccctrace/call.h>
#include <smccctrace/error.h>
#include <smccctrace/select.h>
#include <smccctrace/store.h>

#include "store-test.h"

static char db[256];

static void add_call(struct sct_store *store, uint64_t seq, int32_t tid, int32_t vcpu,
		     uint32_t id, uint64_t t_exit, uint64_t total)
{
	struct sct_call c;

	sct_call_init(&c);
	c.seq = seq;
	c.tid = tid;
	c.vcpu = vcpu;
	c.func_id = id;
	c.id_known = id != 0;
	c.location = SCT_LOC_KERNEL;
	c.t_exit = t_exit;
	c.t_entry = t_exit + total;
	sct_store_add_call(store, &c);
}

static void set_thread(struct sct_thread *t, int32_t tid, const char *comm, int32_t vcpu)
{
	*t = (struct sct_thread) { .tid = tid, .vcpu = vcpu, .first_exit_ns = 100 + (uint64_t)tid };
	snprintf(t->comm, sizeof(t->comm), "%s", comm);
}

static int count_thread(const struct sct_thread *t, void *data)
{
	char *out = data;
	size_t len = strlen(out);

	snprintf(out + len, 256 - len, "%d:%s:%d ", (int)t->tid, t->comm, (int)t->vcpu);
	return 0;
}

/* Session 1: three threads; tid 11's calls came with vCPU 5 (a shim) */
static void test_threads(void)
{
	struct sct_session s = { .kind = "record", .source = "tracefs" };
	struct sct_thread t[3];
	struct sct_store *store;
	char got[256] = "";

	store = sct_store_open(db, SCT_STORE_CREATE);
	set_thread(&t[0], 10, "vmm", 0);
	ok(sct_store_add_threads(store, t, 1) && errno == EINVAL,
	   "threads: refused without an open session");
	sct_store_begin_session(store, &s);
	add_call(store, 0, 10, -1, 0x84000000, 1000, 50);
	add_call(store, 1, 11, 5, 0xc6000001, 2000, 500);
	add_call(store, 2, 11, -1, 0x84000000, 3000, 70);
	add_call(store, 3, 12, -1, 0, 4000, 30);
	set_thread(&t[1], 11, "vmm", 1);
	set_thread(&t[2], 12, "", 2);
	ok(!sct_store_add_threads(store, t, 3), "threads: added");
	ok(!sct_store_commit_session(store, NULL, 1000, 4030), "threads: session committed");
	ok(!sct_store_foreach_thread(store, 1, count_thread, got), "threads: read back");
	is_str(got, "10:vmm:0 11:vmm:5 12::2 ", "threads: the shim's vCPU wins; no name is empty");
	sct_store_close(store);
	is_rows(db, "SELECT seq, tid, vcpu, comm FROM call_view ORDER BY seq",
		"0|10|0|vmm\n1|11|5|vmm\n2|11|5|vmm\n3|12|2|NULL\n",
		"threads: calls without a vCPU take their thread's");
}

static int seqs(const struct sct_call *c, void *data)
{
	char *out = data;
	size_t len = strlen(out);

	snprintf(out + len, 256 - len, "%d ", (int)c->seq);
	return 0;
}

static void expect_selected(struct sct_store *store, const struct sct_selection *sel,
			    const char *want, const char *what)
{
	char got[256] = "";

	ok(!sct_store_foreach_selected(store, 1, sel, seqs, got), what);
	is_str(got, want, what);
}

static void test_select(void)
{
	struct sct_selection sel;
	struct sct_store *store;
	struct sct_call c;

	store = sct_store_open(db, SCT_STORE_READONLY);
	sct_selection_init(&sel);
	expect_selected(store, &sel, "0 1 2 3 ", "select: all");
	sel.order = SCT_ORDER_SLOWEST;
	sel.limit = 2;
	expect_selected(store, &sel, "1 2 ", "select: the slowest two");
	sct_selection_init(&sel);
	sct_selection_add_functions(&sel, "PSCI_VERSION");
	expect_selected(store, &sel, "0 2 ", "select: a function by name");
	sel.vcpu = 5;
	expect_selected(store, &sel, "2 ", "select: and a vCPU");
	sct_selection_release(&sel);
	ok(sct_selection_is_all(&sel), "select: released, it takes all again");
	sct_selection_add_functions(&sel, "unknown");
	expect_selected(store, &sel, "3 ", "select: the unknown ID");
	sct_selection_release(&sel);
	sct_selection_add_ranges(&sel, "0xc6000000+16,PSCI/32");
	expect_selected(store, &sel, "0 1 2 ", "select: a range and a range key");
	sct_call_init(&c);
	c.id_known = true;
	c.func_id = 0xc600000f;
	ok(sct_selection_match(&sel, &c), "match: the range's last ID");
	c.func_id = 0xc6000010;
	ok(!sct_selection_match(&sel, &c), "match: one past it");
	c.id_known = false;
	ok(!sct_selection_match(&sel, &c), "match: an unknown ID is in no range");
	sct_selection_release(&sel);
	sel.from_ns = 2000;
	sel.to_ns = 3000;
	expect_selected(store, &sel, "1 2 ", "select: a time window, both ends in");
	sct_call_init(&c);
	c.t_exit = 2500;
	ok(sct_selection_match(&sel, &c), "match: in the window");
	c.t_exit = SCT_NO_TIME;
	ok(!sct_selection_match(&sel, &c), "match: no time stamp, in no window");
	sct_selection_release(&sel);
	sct_store_close(store);
}

/* Reads from @c's place in @order, @back-ward, at most @limit */
static void expect_page(struct sct_store *store, enum sct_call_order order, bool back,
			const struct sct_call *c, uint64_t limit, const char *want,
			const char *what)
{
	struct sct_selection sel;

	sct_selection_init(&sel);
	sel.order = order;
	sel.backward = back;
	sel.limit = limit;
	if (c) {
		sel.has_cursor = true;
		sct_cursor_of(c, &sel.cursor);
	}
	expect_selected(store, &sel, want, what);
}

/*
 * Keyset paging: calls without a time stamp first in time order, ties
 * of time and latency broken by seq, forward and backward from a cursor
 */
static void test_paging(void)
{
	static const uint64_t t_exit[] = { SCT_NO_TIME, 3000, 1000, SCT_NO_TIME, 1000, 2000 };
	static const uint64_t total[] = { 0, 10, 40, 0, 40, 5 };
	struct sct_session s = { .kind = "import", .source = "p.dat" };
	struct sct_call c[6];
	struct sct_store *store;
	size_t i;

	store = sct_store_open(tmp_path("paging.db"), SCT_STORE_CREATE);
	sct_store_begin_session(store, &s);
	for (i = 0; i < 6; i++) {
		sct_call_init(&c[i]);
		c[i].seq = i;
		c[i].tid = 10;
		c[i].func_id = 0x84000000;
		c[i].id_known = true;
		c[i].location = SCT_LOC_KERNEL;
		c[i].incomplete = t_exit[i] == SCT_NO_TIME;
		c[i].t_exit = t_exit[i];
		c[i].t_entry = t_exit[i] == SCT_NO_TIME ? SCT_NO_TIME : t_exit[i] + total[i];
		sct_store_add_call(store, &c[i]);
	}
	ok(!sct_store_commit_session(store, NULL, 1000, 3010), "paging: session committed");
	expect_page(store, SCT_ORDER_TIME, false, NULL, 0, "0 3 2 4 5 1 ", "paging: time order");
	expect_page(store, SCT_ORDER_TIME, false, &c[0], 3, "3 2 4 ",
		    "paging: after an untimed call, on into the timed ones");
	expect_page(store, SCT_ORDER_TIME, false, &c[2], 0, "4 5 1 ",
		    "paging: after a timed call, its tie next");
	expect_page(store, SCT_ORDER_TIME, false, &c[1], 0, "", "paging: after the last, none");
	expect_page(store, SCT_ORDER_TIME, true, NULL, 3, "1 5 4 ", "paging: backward, the last three");
	expect_page(store, SCT_ORDER_TIME, true, NULL, 0, "1 5 4 2 3 0 ", "paging: backward, all");
	expect_page(store, SCT_ORDER_TIME, true, &c[4], 0, "2 3 0 ",
		    "paging: before a timed call, on into the untimed ones");
	expect_page(store, SCT_ORDER_TIME, true, &c[4], 2, "2 3 ", "paging: backward, limited");
	expect_page(store, SCT_ORDER_TIME, true, &c[3], 0, "0 ", "paging: before an untimed call");
	expect_page(store, SCT_ORDER_SLOWEST, false, NULL, 0, "2 4 1 5 ", "paging: slowest first");
	expect_page(store, SCT_ORDER_SLOWEST, false, &c[2], 2, "4 1 ",
		    "paging: slowest after a call, its tie next");
	expect_page(store, SCT_ORDER_SLOWEST, true, &c[1], 0, "4 2 ", "paging: slowest, backward");
	expect_page(store, SCT_ORDER_SLOWEST, true, NULL, 1, "5 ", "paging: slowest, the fastest");
	expect_page(store, SCT_ORDER_SEQ, false, &c[2], 2, "3 4 ", "paging: seq order");
	expect_page(store, SCT_ORDER_SEQ, true, &c[2], 0, "1 0 ", "paging: seq order backward");
	sct_store_close(store);
}

static void test_seconds(void)
{
	uint64_t ns = 0;

	ok(!sct_parse_seconds("1234.567890", false, &ns) && ns == 1234567890000ull,
	   "seconds: as trace-cmd prints them");
	ok(!sct_parse_seconds("1234.567890", true, &ns) && ns == 1234567890999ull,
	   "seconds: an end takes its last digit's span");
	ok(!sct_parse_seconds("2", true, &ns) && ns == 2999999999ull, "seconds: whole seconds");
	ok(!sct_parse_seconds("0.000000001", false, &ns) && ns == 1, "seconds: nine decimals");
	ok(sct_parse_seconds("1.0000000001", false, &ns) && errno == EINVAL, "seconds: ten refused");
	ok(sct_parse_seconds("-1", false, &ns), "seconds: no sign");
	ok(sct_parse_seconds("1e3", false, &ns), "seconds: no exponent");
	ok(sct_parse_seconds("", false, &ns), "seconds: empty");
	ok(sct_parse_seconds("99999999999999999999", false, &ns), "seconds: too big");
}

static void test_import_and_delete(void)
{
	struct sct_session s = { .kind = "import", .source = "a.dat", .source_size = 4096 };
	struct sct_store *store;
	int64_t ids[2] = { 2, 9 };

	store = sct_store_open(db, 0);
	ok(sct_store_begin_session(store, &s) == 2, "import: a second session");
	is_u64((uint64_t)sct_store_find_import(store, "a.dat", 4096, 77), 0,
	   "import: the open one does not count");
	sct_store_commit_session(store, NULL, 77, 88);
	is_u64((uint64_t)sct_store_find_import(store, "a.dat", 4096, 77), 2, "import: found");
	is_u64((uint64_t)sct_store_find_import(store, "a.dat", 4097, 77), 0, "import: not another size");
	is_u64((uint64_t)sct_store_find_import(store, "a.dat", 4096, 78), 0,
	       "import: not another first time stamp");
	is_u64((uint64_t)sct_store_find_import(store, "./a.dat", 4096, 77), 0,
	       "import: not another path");

	ok(sct_store_delete_sessions(store, ids, 2) && errno == ENOENT, "delete: 9 is missing");
	is_str(sct_last_error(), tmp_path("sessions.db: no session 9"), "delete: names it");
	ids[1] = 1;
	ok(!sct_store_delete_sessions(store, ids, 2), "delete: 2 and 1");
	sct_store_close(store);
	is_rows(db, "SELECT (SELECT count(*) FROM sessions), (SELECT count(*) FROM calls),"
		" (SELECT count(*) FROM threads)", "0|0|0\n", "delete: nothing of them is left");
}

int main(void)
{
	if (tmpdir_make()) {
		printf("1..0 # SKIP cannot make a temporary directory\n");
		return 0;
	}
	snprintf(db, sizeof(db), "%s", tmp_path("sessions.db"));
	test_threads();
	test_select();
	test_paging();
	test_seconds();
	test_import_and_delete();
	tmpdir_remove();
	return tap_done();
}
