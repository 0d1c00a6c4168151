// SPDX-License-Identifier: GPL-2.0
/*
 * The SQLite store: calls, sessions and exit counts written and read
 * back, the name tables and views (test-store-writers.c goes on with
 * the writers). Exact values throughout; the rows are also read with
 * SQLite directly.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>

#include <smccctrace/error.h>
#include <smccctrace/smccc.h>
#include <smccctrace/store.h>

#include "store-calls.h"
#include "store-test.h"

/* ---- tests ---- */

static void test_write(void)
{
	struct sct_session s = {
		.kind = "import", .source = "vhe-basic.dat", .host = "arm64-host",
		.kernel = "6.12.0", .clock = "mono",
		.filter_json = "[{\"base\":2214592512,\"nr_functions\":32,\"action\":\"fwd_to_user\"}]",
	};
	struct sct_exit_stats st;
	struct sct_store *store;
	int64_t id;

	store = sct_store_open(db1, SCT_STORE_CREATE);
	ok(store, "create a new database");
	if (!store)
		return;
	is_str(sct_store_path(store), db1, "sct_store_path");
	ok(sct_store_add_call(store, &calls[0]) < 0, "add_call without a session fails");
	id = sct_store_begin_session(store, &s);
	is_u64(id, 1, "the first session is 1");
	ok(sct_store_begin_session(store, &s) < 0 && errno == EBUSY,
	   "a second open session is refused (EBUSY)");
	/* seq order is not insertion order */
	is_u64(add_calls(store), 0, "add 5 calls");
	make_stats(&st);
	is_u64(sct_store_commit_session(store, &st, 900, 9500), 0, "commit session 1");
	ok(sct_store_checkpoint(store) < 0, "checkpoint without a session fails");
	sct_store_close(store);
}

static void test_header(void)
{
	char want[64];

	snprintf(want, sizeof(want), "%d|%d\n", 0x53435452, SCT_SCHEMA_VERSION);
	is_rows(db1, "SELECT * FROM pragma_application_id, pragma_user_version",
		want, "application_id and user_version");
	is_rows(db1, "SELECT id, name FROM conduits ORDER BY id",
		"0|unknown\n1|hvc\n2|smc\n", "conduits table");
	is_rows(db1, "SELECT id, name FROM locations ORDER BY id",
		"0|unknown\n1|kernel\n2|user\n3|denied\n", "locations table");
	is_rows(db1, "SELECT count(*), min(id), max(id) FROM owners",
		"64|0|63\n", "owners 0..63");
	is_rows(db1, "SELECT name FROM owners WHERE id IN (2, 4)",
		"SIP\nSTD\n", "owner names from sct_owner_name");
}

/* Named IDs other than the SiP one the calls add */
static int count_named(uint32_t id, const char *name, void *data)
{
	if (id != 0x82000123)
		(*(int *)data)++;
	return 0;
}

static void test_functions(void)
{
	char sql[128], want[256];
	int named = 0;
	char *got;

	sct_for_each_named_id(count_named, &named);
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM functions WHERE name IS NOT NULL"
		 " AND id != %u", 0x82000123);
	got = sql_rows(db1, sql);
	ok(named > 0 && atoi(got) == named,
	   "every named ID is in the functions table");
	free(got);
	snprintf(want, sizeof(want), "%s|2|%s\n",
		 or_null(sct_function_name(0x82000123)),
		 sct_range_name(0x82000123, sql, sizeof(sql)));
	is_rows(db1, "SELECT name, owner, range FROM functions WHERE id = 2181038371",
		want, "a call's new ID is added to functions");
}

static void test_session_row(void)
{
	struct sct_store *store;
	struct sct_session s;

	store = sct_store_open(db1, SCT_STORE_READONLY);
	ok(store, "reopen read-only");
	if (!store)
		return;
	is_u64(sct_store_get_session(store, 0, &s), 0, "get the newest session (0)");
	is_u64(s.id, 1, "newest is 1");
	is_str(s.kind, "import", "kind");
	is_str(s.source, "vhe-basic.dat", "source");
	is_str(s.host, "arm64-host", "host");
	is_str(s.kernel, "6.12.0", "kernel");
	is_str(s.clock, "mono", "clock");
	ok(s.filter_json && strstr(s.filter_json, "fwd_to_user"), "filter_json");
	ok(s.created && strlen(s.created) == 20 && s.created[10] == 'T' &&
	   s.created[19] == 'Z', "created is YYYY-MM-DDTHH:MM:SSZ");
	is_u64(s.calls, 5, "calls");
	is_u64(s.forwarded, 1, "forwarded");
	is_u64(s.kernel_calls, 2, "kernel_calls");
	is_u64(s.denied, 1, "denied");
	is_u64(s.unknown, 1, "unknown");
	is_u64(s.incomplete, 2, "incomplete");
	is_u64(s.lost_events, 5, "lost_events");
	is_u64(s.first_ns, 900, "first_ns");
	is_u64(s.last_ns, 9500, "last_ns");
	sct_session_release(&s);
	ok(!s.kind && !s.created && !s.filter_json, "release zeroes the strings");
	sct_session_release(&s);
	ok(!s.kind && !s.created && !s.filter_json && s.lost_events == 5,
	   "releasing twice: strings still NULL, numbers kept");
	errno = EALREADY;
	sct_session_release(NULL);
	is_u64(errno, EALREADY, "releasing NULL leaves errno alone");
	ok(sct_store_begin_session(store, &s) < 0 && errno == EROFS,
	   "a read-only store refuses a session (EROFS)");
	sct_store_close(store);
}

/* One test point per call; the fields that differ are shown */
static void is_call(const struct sct_call *got, const struct sct_call *want)
{
	char what[64];
	int same = 1;

#define SAME(f)								\
	do {								\
		if ((uint64_t)got->f != (uint64_t)want->f) {		\
			printf("# %s: got 0x%" PRIx64 ", want 0x%" PRIx64 "\n", \
			       #f, (uint64_t)got->f, (uint64_t)want->f); \
			same = 0;					\
		}							\
	} while (0)
	SAME(seq); SAME(tid); SAME(vcpu); SAME(vm); SAME(func_id); SAME(id_known);
	SAME(conduit); SAME(location); SAME(incomplete); SAME(ec); SAME(imm);
	SAME(pc); SAME(cpu); SAME(t_exit); SAME(t_uexit); SAME(t_entry);
	SAME(t_vmm_exit); SAME(t_vmm_resume); SAME(nargs); SAME(nresults);
	for (int i = 0; i < SCT_MAX_ARGS; i++)
		SAME(args[i]);
	for (int i = 0; i < SCT_MAX_RESULTS; i++)
		SAME(results[i]);
#undef SAME
	snprintf(what, sizeof(what), "call seq %" PRIu64 " comes back as it went in",
		 want->seq);
	ok(same, what);
}

struct walk {
	int	n;
	int	stop_at;
	bool	check;
};

static int check_call(const struct sct_call *call, void *data)
{
	struct walk *w = data;

	if (w->check && w->n < NR_CALLS)
		is_call(call, &calls[w->n]);
	w->n++;
	return w->n == w->stop_at ? 7 : 0;
}

static void test_round_trip(void)
{
	struct walk w = { .check = true };
	struct sct_store *store;

	store = sct_store_open(db1, SCT_STORE_READONLY);
	if (!ok(store, "open for reading calls"))
		return;
	is_u64(sct_store_foreach_call(store, 1, check_call, &w), 0,
	       "foreach_call walks to the end");
	is_u64(w.n, NR_CALLS, "all calls back, in seq order");
	w = (struct walk){ .stop_at = 2 };
	is_u64(sct_store_foreach_call(store, 1, check_call, &w), 7,
	       "foreach_call returns what fn returned");
	is_u64(w.n, 2, "and stops there");
	w = (struct walk){ 0 };
	ok(sct_store_foreach_call(store, 42, check_call, &w) < 0 &&
	   errno == ENOENT && w.n == 0, "foreach_call of a missing session fails");
	sct_store_close(store);
}

static void test_columns(void)
{
	char want[1024], buf[64];
	const char *range;

	is_rows(db1, "SELECT seq, vcpu, func_id, cpu, t_uexit, total_ns, out_ns,"
		" back_ns, args, x0, x1, x2, x3 FROM call_view ORDER BY seq",
		"0|2|3288334339|3|1500|3000|500|2500|[1,-9223372036854775808,-1]|0|-3|-2401053089206453570|7\n"
		"1|NULL|NULL|NULL|NULL|100|NULL|NULL|NULL|-1|NULL|NULL|NULL\n"
		"2|0|2214592512|0|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL\n"
		"3|2|2181038371|1|NULL|300|NULL|NULL|[0,1229782938247303441,2459565876494606882,3689348814741910323,4919131752989213764,6148914691236517205,7378697629483820646,8608480567731124087,-8608480567731124088,-7378697629483820647,-6148914691236517206,-4919131752989213765,-3689348814741910324,-2459565876494606883,-1229782938247303442,-1,1229782938247303440]|-1|0|NULL|NULL\n"
		"4|1|2214592512|2|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL\n",
		"calls rows: NULLs, two's complement, latencies, args JSON");

	range = sct_range_name(0xC4000003, buf, sizeof(buf));
	snprintf(want, sizeof(want),
		 "0|0xc4000003|%s|STD|%s|hvc|user|3000|500|2500\n"
		 "1|unknown|NULL|NULL|NULL|smc|kernel|100|NULL|NULL\n",
		 or_null(sct_function_name(0xC4000003)), range);
	is_rows(db1, "SELECT seq, func, name, owner, range, conduit, location,"
		" total_ns, out_ns, back_ns FROM call_view WHERE seq < 2 ORDER BY seq",
		want, "call_view names for a known and an unknown ID");
	is_rows(db1, "SELECT func, owner, location FROM call_view WHERE seq = 3",
		"0x82000123|SIP|denied\n", "call_view for an ID added on insert");
	is_rows(db1, "SELECT group_concat(name, ',') FROM pragma_table_info('call_view')",
		"session,seq,tid,vcpu,func_id,func,name,owner,range,conduit,"
		"location,incomplete,ec,pc,imm,cpu,t_exit,t_uexit,t_entry,"
		"total_ns,out_ns,back_ns,x0,x1,x2,x3,args,kernel_out_ns,vmm_ns,kernel_in_ns,vm,comm\n",
		"call_view has exactly its columns");
	is_rows(db1, "SELECT kernel_out_ns, vmm_ns, kernel_in_ns FROM call_view"
		" WHERE vmm_ns IS NOT NULL",
		"700|1800|500\n", "call_view splits a forwarded call the shim saw");
	is_rows(db1, "SELECT id, state, calls, duration_ns FROM session_view",
		"1|done|5|8600\n", "session_view");
}

static int collect_exit(const struct sct_exit_count *e, void *data)
{
	FILE *f = data;

	fprintf(f, "%s %" PRId64 " %s %" PRIu64 "\n", e->kind, e->code,
		or_null(e->name), e->count);
	return 0;
}

static void test_exits(void)
{
	static const char want[] =
		"trap 1 WFx 4\n"
		"trap 22 HVC64 10\n"
		"trap 23 SMC64 1\n"
		"trap 36 DABT_LOW 7\n"
		"irq 0 NULL 3\n"
		"userspace 3 HYPERCALL 1\n"
		"userspace 6 MMIO 2\n"
		"userspace 10 INTR 6\n"
		"eintr 0 NULL 1\n"
		"lost_markers 0 NULL 2\n";
	struct sct_store *store;
	size_t len = 0;
	char *got = NULL;
	FILE *f;

	is_rows(db1, "SELECT kind, code, name, count FROM exits WHERE session = 1"
		" ORDER BY kind, code",
		"eintr|0|NULL|1\n"
		"irq|0|NULL|3\n"
		"lost_markers|0|NULL|2\n"
		"trap|1|WFx|4\n"
		"trap|22|HVC64|10\n"
		"trap|23|SMC64|1\n"
		"trap|36|DABT_LOW|7\n"
		"userspace|3|HYPERCALL|1\n"
		"userspace|6|MMIO|2\n"
		"userspace|10|INTR|6\n",
		"exits rows: one per nonzero counter");
	store = sct_store_open(db1, SCT_STORE_READONLY);
	if (!store)
		return;
	f = open_memstream(&got, &len);
	is_u64(sct_store_foreach_exit(store, 1, collect_exit, f), 0,
	       "foreach_exit");
	fclose(f);
	is_str(got, want, "foreach_exit rows in order");
	free(got);
	sct_store_close(store);
}

int main(void)
{
	if (!store_calls_start())
		return 0;

	test_write();
	test_header();
	test_functions();
	test_session_row();
	test_round_trip();
	test_columns();
	test_exits();

	tmpdir_remove();
	return tap_done();
}
