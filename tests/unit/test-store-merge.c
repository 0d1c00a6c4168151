// SPDX-License-Identifier: GPL-2.0
/*
 * sct_store_merge(): a database's sessions copied into another with every
 * table's rows (VMs and their filters, threads, exit counts, the shim's
 * times of forwarded calls), renumbered, replay_of following; a session
 * there already refused, or copied again with SCT_MERGE_FORCE.
 */
#include <errno.h>
#include <string.h>

#include <smccctrace/call.h>
#include <smccctrace/store.h>

#include "store-test.h"

static const char deny[] = "{\"filters\": [{\"base\": \"0xc4000003\", "
	"\"nr_functions\": 1, \"action\": \"DENY\"}]}";

static char src[256], dst[256];

static void add_call(struct sct_store *store, uint64_t seq, uint64_t t)
{
	struct sct_call c;

	sct_call_init(&c);
	c.seq = seq;
	c.tid = 100;
	c.vcpu = 0;
	c.vm = 1;
	c.func_id = 0xc6000001;
	c.id_known = true;
	c.conduit = SCT_CONDUIT_HVC;
	c.location = SCT_LOC_USER;
	c.t_exit = t;
	c.t_uexit = t + 100;
	c.t_vmm_exit = t + 150;
	c.t_vmm_resume = t + 650;
	c.t_entry = t + 800;
	c.nresults = 1;
	c.results[0] = 7;
	sct_store_add_call(store, &c);
}

/* A recording with two VMs, a thread and exit counts, and its replay */
static void make_source(void)
{
	struct sct_session rec = { .kind = "record", .source = "tracefs", .host = "h1",
				   .kernel = "6.12", .clock = "mono" };
	struct sct_session rep = { .kind = "replay", .source = "builtin:kvm", .host = "h1" };
	struct sct_thread t = { .tid = 100, .vcpu = 0, .first_exit_ns = 1000 };
	struct sct_store *store = sct_store_open(src, SCT_STORE_CREATE);
	struct sct_exit_stats st = { 0 };
	int64_t id;

	strcpy(t.comm, "CPU 0/KVM");
	id = sct_store_begin_session(store, &rec);
	sct_store_add_vm(store, 0, 10, NULL, SCT_NO_TIME);
	sct_store_add_vm(store, 1, 20, deny, 30);
	add_call(store, 0, 1000);
	add_call(store, 1, 2000);
	sct_store_add_threads(store, &t, 1);
	st.calls = 2;
	st.by_location[SCT_LOC_USER] = 2;
	st.trap_ec[SCT_EC_HVC64] = 2;
	st.user_exits[SCT_KVM_EXIT_HYPERCALL] = 2;
	st.irq_exits = 5;
	st.lost_events = 3;
	st.lost_per_cpu[1] = 3;
	st.lost_markers = 1;
	sct_store_commit_session(store, &st, 1000, 2800);
	rep.replay_of = id;
	sct_store_begin_session(store, &rep);
	add_call(store, 0, 5000);
	sct_store_commit_session(store, NULL, 5000, 5800);
	sct_store_close(store);
}

/* The merged database holds one session of its own first */
static void make_destination(void)
{
	struct sct_session s = { .kind = "import", .source = "x.dat", .host = "h0" };
	struct sct_store *store = sct_store_open(dst, SCT_STORE_CREATE);

	sct_store_begin_session(store, &s);
	add_call(store, 0, 1);
	sct_store_commit_session(store, NULL, 1, 801);
	sct_store_close(store);
}

static void test_merge(void)
{
	struct sct_merge_result r;
	struct sct_store *store;
	char *want, *sql;

	store = sct_store_open(dst, 0);
	if (!ok(store, "merge: open the destination"))
		return;
	ok(!sct_store_merge(store, src, 0, &r), "merge: a database with two sessions");
	is_u64(r.sessions, 2, "merge: two sessions");
	is_u64(r.calls, 3, "merge: three calls");
	is_u64(r.first_id, 2, "merge: the first as session 2");
	is_u64(r.last_id, 3, "merge: the last as session 3");

	/* The source's sessions as they were, ids 1 and 2 now 2 and 3 */
	if (asprintf(&sql, "SELECT id + 1, kind, source, host, kernel_release, clock, created,"
		     " ended, calls, forwarded_calls, lost_events, first_ns, last_ns,"
		     " replay_of + 1 FROM sessions") < 0)
		return;
	want = sql_rows(src, sql);
	is_rows(dst, "SELECT * FROM (SELECT id, kind, source, host, kernel_release, clock,"
		" created, ended, calls, forwarded_calls, lost_events, first_ns, last_ns,"
		" replay_of FROM sessions) WHERE id > 1", want, "merge: the sessions, renumbered");
	free(want);
	free(sql);
	is_rows(dst, "SELECT session, vm, created_ns, json_extract(filter, '$.filters[0].action'),"
		" filter_ns FROM vms ORDER BY 1, 2",
		"2|0|10|NULL|NULL\n2|1|20|DENY|30\n", "merge: the VMs and their filters");
	is_rows(dst, "SELECT session, tid, comm, vcpu, first_exit_ns FROM threads ORDER BY 1",
		"2|100|CPU 0/KVM|0|1000\n", "merge: the threads");
	want = sql_rows(src, "SELECT session + 1, kind, code, name, count FROM exits ORDER BY 1, 2, 3");
	is_rows(dst, "SELECT session, kind, code, name, count FROM exits WHERE session > 1"
		" ORDER BY 1, 2, 3", want, "merge: the exit counts");
	free(want);
	is_rows(dst, "SELECT session, seq, func, location, vm, total_ns, out_ns, kernel_out_ns,"
		" vmm_ns, kernel_in_ns, x0 FROM call_view WHERE session > 1 ORDER BY 1, 2",
		"2|0|0xc6000001|user|1|800|100|150|500|150|7\n"
		"2|1|0xc6000001|user|1|800|100|150|500|150|7\n"
		"3|0|0xc6000001|user|1|800|100|150|500|150|7\n", "merge: the calls");

	errno = 0;
	ok(sct_store_merge(store, src, 0, &r) < 0 && errno == EEXIST,
	   "merge: again, refused (EEXIST)");
	is_rows(dst, "SELECT count(*) FROM sessions", "3\n", "merge: refused, nothing copied");
	ok(!sct_store_merge(store, src, SCT_MERGE_FORCE, &r) && r.first_id == 4 && r.last_id == 5,
	   "merge: forced, as sessions 4 and 5");
	is_rows(dst, "SELECT id, replay_of, calls FROM sessions WHERE id > 3",
		"4|NULL|2\n5|4|1\n", "merge: forced, the replay follows its recording");
	ok(sct_store_merge(store, dst, 0, &r) < 0 && errno == EINVAL,
	   "merge: the database itself, refused");
	ok(sct_store_merge(store, tmp_path("none.db"), 0, &r) < 0 && errno == ENOENT,
	   "merge: a missing file");
	sct_store_close(store);
}

int main(void)
{
	if (tmpdir_make()) {
		printf("1..0 # SKIP cannot make a temporary directory\n");
		return 0;
	}
	snprintf(src, sizeof(src), "%s", tmp_path("src.db"));
	snprintf(dst, sizeof(dst), "%s", tmp_path("dst.db"));
	make_source();
	make_destination();
	test_merge();
	tmpdir_remove();
	return tap_done();
}
