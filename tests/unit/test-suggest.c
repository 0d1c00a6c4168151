// SPDX-License-Identifier: GPL-2.0
/*
 * The optimizer and the prediction on hand-made sessions whose optimal
 * configurations are known.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smccctrace/error.h>
#include <smccctrace/suggest.h>

#include "tap.h"

static void call(struct sct_suggest *sg, uint32_t id, int loc, uint64_t ns, int times)
{
	struct sct_call c = { .id_known = true, .func_id = id, .location = (uint8_t)loc };

	c.t_exit = 1000;
	c.t_uexit = SCT_NO_TIME;
	c.t_entry = ns == SCT_NO_TIME ? SCT_NO_TIME : 1000 + ns;
	while (times--)
		sct_suggest_observe(sg, &c);
}

static void seen(struct sct_suggest *sg, uint32_t id)
{
	call(sg, id, SCT_LOC_KERNEL, 1000, 1);
}

static void add(struct sct_suggest *sg, enum sct_suggest_set set, uint32_t lo, uint32_t hi)
{
	sct_suggest_add_range(sg, set, lo, hi);
}

/* "fwd:0xc6000000+4,deny:..." in the filter's order; "(error)" when it failed */
static const char *ranges(const struct sct_filter *f)
{
	static const char *const names[] = { "handle", "deny", "fwd" };
	static char buf[512];
	const struct sct_filter_range *r;
	size_t i, n = 0;

	if (!f)
		return "(error)";
	buf[0] = '\0';
	for (i = 0; i < sct_filter_count(f) && n < sizeof(buf); i++) {
		r = sct_filter_get(f, i);
		n += snprintf(buf + n, sizeof(buf) - n, "%s%s:0x%08x+%u", i ? "," : "",
			      names[r->action], r->base, r->nr_functions);
	}
	return buf;
}

static void expect(struct sct_suggest *sg, const char *want, const char *what)
{
	struct sct_filter *f = sct_suggest_run(sg);

	is_str(ranges(f), want, what);
	sct_filter_free(f);
	sct_suggest_free(sg);
}

static void test_ids(void)
{
	struct sct_suggest *sg;

	sg = sct_suggest_create();
	expect(sg, "", "nothing observed: no range");

	sg = sct_suggest_create();
	add(sg, SCT_SET_VMM, 0xc6000000, 0xc600ffff);
	seen(sg, 0xc6000000);
	seen(sg, 0xc6000003);
	seen(sg, 0xc6000010);
	expect(sg, "fwd:0xc6000000+17", "three IDs, nothing between: one range");

	sg = sct_suggest_create();
	add(sg, SCT_SET_VMM, 0xc6000000, 0xc6000004);
	add(sg, SCT_SET_VMM, 0xc6000006, 0xc60000ff);
	seen(sg, 0xc6000000);
	seen(sg, 0xc6000003);
	seen(sg, 0xc6000005);
	seen(sg, 0xc6000010);
	expect(sg, "fwd:0xc6000000+4,fwd:0xc6000010+1",
	       "an observed ID the VMM lacks splits the range");

	sg = sct_suggest_create();
	add(sg, SCT_SET_VMM, 0xc6000000, 0xc60000ff);
	add(sg, SCT_SET_VMM_LACKS, 0xc6000005, 0xc6000005);
	seen(sg, 0xc6000003);
	seen(sg, 0xc6000005);
	seen(sg, 0xc6000007);
	expect(sg, "fwd:0xc6000003+1,fwd:0xc6000007+1",
	       "a replay's NOT_SUPPORTED wins over the VMM's ranges");

	sg = sct_suggest_create();
	add(sg, SCT_SET_VMM, 0xc6000000, 0xc60000ff);
	add(sg, SCT_SET_VMM_LACKS, 0xc6000005, 0xc6000005);
	seen(sg, 0xc6000003);
	seen(sg, 0xc6000007);
	expect(sg, "fwd:0xc6000003+1,fwd:0xc6000007+1",
	       "an ID the VMM is known to lack is not spanned, observed or not");

	sg = sct_suggest_create();
	add(sg, SCT_SET_VMM, 0x86000000, 0x8600ffff);
	seen(sg, 0x86000001);
	seen(sg, 0x86000002);
	seen(sg, 0x8600ff02);
	expect(sg, "fwd:0x86000002+1,fwd:0x8600ff02+1",
	       "KVM_PTP stays in KVM; CALL_UID between splits the range");

	sg = sct_suggest_create();
	add(sg, SCT_SET_VMM, 0xc6000000, 0xc6ffffff);
	seen(sg, 0x82000001);
	seen(sg, 0xc6000001);
	expect(sg, "fwd:0xc6000001+1", "an observed SiP call the VMM lacks stays in the kernel");

	sg = sct_suggest_create();
	add(sg, SCT_SET_VMM, 0xc6000000, 0xc7ffffff);
	seen(sg, 0xc6000001);
	seen(sg, 0xc7000005);
	expect(sg, "fwd:0xc6000001+16777221", "a range may span unobserved free IDs");

	sg = sct_suggest_create();
	add(sg, SCT_SET_VMM, 0x84000060, 0x840000ff);
	add(sg, SCT_SET_VMM, 0xc4000060, 0xc40000ff);
	seen(sg, 0x84000063);
	seen(sg, 0xc4000066);
	expect(sg, "fwd:0x84000063+1,fwd:0xc4000066+1",
	       "FF-A by ID: the reserved range and PSCI blocks lie between");
}

static void test_policy(void)
{
	struct sct_suggest *sg;
	struct sct_filter *f;

	sg = sct_suggest_create();
	add(sg, SCT_SET_VMM, 0x84000000, 0x8400001f);
	add(sg, SCT_SET_VMM, 0xc4000000, 0xc400001f);
	seen(sg, 0x84000000);
	seen(sg, 0xc4000003);
	expect(sg, "", "PSCI stays in KVM unless the policy forwards it");

	sg = sct_suggest_create();
	add(sg, SCT_SET_VMM, 0x84000000, 0x8400001f);
	add(sg, SCT_SET_FORWARD, 0x84000000, 0x8400001f);
	add(sg, SCT_SET_FORWARD, 0xc4000000, 0xc400001f);
	add(sg, SCT_SET_DENY, 0x95c1ba5e, 0x95c1ba61);
	seen(sg, 0xc4000003);
	expect(sg, "fwd:0x84000000+32,deny:0x95c1ba5e+4,fwd:0xc4000000+32",
	       "PSCI in userspace: forward PSCI, deny KVM's PSCI 0.1");

	sg = sct_suggest_create();
	add(sg, SCT_SET_VMM, 0x84000050, 0x8400005f);
	seen(sg, 0x84000053);
	expect(sg, "", "TRNG stays in KVM by default");

	sg = sct_suggest_create();
	add(sg, SCT_SET_FORWARD, 0x84000050, 0x8400005f);
	add(sg, SCT_SET_FORWARD, 0xc4000050, 0xc400005f);
	seen(sg, 0x84000053);
	expect(sg, "fwd:0x84000050+16,fwd:0xc4000050+16", "TRNG in userspace when asked");

	sg = sct_suggest_create();
	add(sg, SCT_SET_VMM, 0xc6000000, 0xc60000ff);
	add(sg, SCT_SET_KEEP, 0xc6000008, 0xc600000b);
	seen(sg, 0xc6000001);
	seen(sg, 0xc6000009);
	seen(sg, 0xc6000020);
	expect(sg, "fwd:0xc6000001+1,fwd:0xc6000020+1",
	       "keep-in-kernel IDs are neither forwarded nor spanned");

	sg = sct_suggest_create();
	add(sg, SCT_SET_VMM, 0xc6000000, 0xc60000ff);
	add(sg, SCT_SET_DENY, 0xc6000010, 0xc600001f);
	seen(sg, 0xc6000001);
	seen(sg, 0xc6000011);
	seen(sg, 0xc6000020);
	expect(sg, "fwd:0xc6000001+1,deny:0xc6000010+16,fwd:0xc6000020+1",
	       "deny wins over the VMM and splits the forwarded IDs");

	sg = sct_suggest_create();
	add(sg, SCT_SET_DENY, 0xc6000000, 0xc600000f);
	add(sg, SCT_SET_KEEP, 0xc6000008, 0xc6000008);
	f = sct_suggest_run(sg);
	ok(!f && errno == EINVAL, "deny and keep on the same ID: refused");
	is_str(sct_last_error(), "0xc6000008 is both denied and kept in the kernel",
	       "deny and keep: message");
	sct_suggest_free(sg);

	sg = sct_suggest_create();
	add(sg, SCT_SET_FORWARD, 0xbfffff00, 0xc00000ff);
	f = sct_suggest_run(sg);
	ok(!f, "forwarding the Arm Architecture range: refused");
	is_str(sct_last_error(), "cannot forward 0xc0000000: the Arm Architecture ranges "
	       "0x80000000-0x8000ffff and 0xc0000000-0xc000ffff stay with KVM",
	       "reserved: message");
	sct_suggest_free(sg);
}

static void test_services(void)
{
	struct sct_suggest *sg;
	struct sct_kvm_fw fw;

	sg = sct_suggest_create();
	sct_suggest_set_granularity(sg, SCT_GRANULARITY_SERVICE);
	add(sg, SCT_SET_VMM, 0x84000060, 0x840000ff);
	add(sg, SCT_SET_VMM, 0xc4000060, 0xc40000ff);
	seen(sg, 0x84000063);
	seen(sg, 0xc4000066);
	expect(sg, "fwd:0x84000060+160,fwd:0xc4000060+160", "FF-A by service: both conventions");

	sg = sct_suggest_create();
	sct_suggest_set_granularity(sg, SCT_GRANULARITY_SERVICE);
	add(sg, SCT_SET_VMM, 0x84000060, 0x840000ff);
	add(sg, SCT_SET_VMM_LACKS, 0x84000061, 0x84000061);
	seen(sg, 0x84000061);
	seen(sg, 0x84000063);
	expect(sg, "fwd:0x84000060+1,fwd:0x84000062+158,fwd:0xc4000060+160",
	       "a service less the observed ID the VMM lacks");

	sg = sct_suggest_create();
	sct_suggest_set_granularity(sg, SCT_GRANULARITY_SERVICE);
	add(sg, SCT_SET_VMM, 0x86000000, 0x8600ffff);
	seen(sg, 0x86000003);
	expect(sg, "fwd:0x86000002+65279,fwd:0x8600ff02+254,fwd:0xc6000000+65536",
	       "vendor hypervisor service less what KVM implements");

	sg = sct_suggest_create();
	sct_kvm_fw_default(&fw);
	fw.std_bmap = 0;
	sct_suggest_set_kvm_fw(sg, &fw);
	add(sg, SCT_SET_VMM, 0x84000050, 0x8400005f);
	seen(sg, 0x84000053);
	expect(sg, "fwd:0x84000053+1", "TRNG hidden from KVM's bitmap: forwarded");

	sg = sct_suggest_create();
	sct_kvm_fw_default(&fw);
	fw.std_bmap = 0;
	sct_suggest_set_kvm_fw(sg, &fw);
	sct_suggest_set_granularity(sg, SCT_GRANULARITY_SERVICE);
	add(sg, SCT_SET_VMM, 0x84000050, 0x8400005f);
	seen(sg, 0x84000053);
	expect(sg, "fwd:0x84000050+16,fwd:0xc4000050+16",
	       "TRNG hidden from KVM's bitmap, by service");
}

static struct sct_filter *filter_of(const struct sct_filter_range *r, size_t n)
{
	struct sct_filter *f = sct_filter_create();
	size_t i;

	for (i = 0; i < n; i++)
		sct_filter_add(f, &r[i]);
	return f;
}

static struct sct_suggest *session(void)
{
	struct sct_suggest *sg = sct_suggest_create();
	struct sct_call unknown = { .id_known = false, .location = SCT_LOC_KERNEL };

	sct_suggest_set_duration(sg, 2000000000);
	call(sg, 0xc6000003, SCT_LOC_KERNEL, 1000, 4);
	call(sg, 0xc6000010, SCT_LOC_USER, 21000, 2);
	call(sg, 0x84000003, SCT_LOC_KERNEL, 3000, 4);
	call(sg, 0x84000003, SCT_LOC_UNKNOWN, SCT_NO_TIME, 1);
	unknown.t_exit = unknown.t_entry = unknown.t_uexit = SCT_NO_TIME;
	sct_suggest_observe(sg, &unknown);
	return sg;
}

static void test_predict(void)
{
	static const struct sct_filter_range deny = { 0xc6000010, 1, SCT_FILTER_DENY };
	struct sct_suggest *sg = session();
	struct sct_prediction *p;
	struct sct_filter *f;

	add(sg, SCT_SET_VMM, 0xc6000000, 0xc60000ff);
	f = sct_suggest_run(sg);
	is_str(ranges(f), "fwd:0xc6000003+14", "the session's suggestion");
	p = sct_suggest_predict(sg, f);
	ok(p && p->nr_rows == 1, "one row per range");
	is_u64(p->fwd_median_ns, 21000, "forwarded median");
	is_u64(p->kernel_median_ns, 1000, "in-kernel median: the lower of 8 samples");
	ok(p->estimate, "an estimate");
	is_u64(p->duration_ns, 2000000000, "duration");
	is_u64(p->rows[0].calls, 6, "row: calls to its IDs");
	is_u64(p->rows[0].changed, 4, "row: the kernel calls move to the VMM");
	is_u64(p->rows[0].delta_ns, 4 * 20000, "row: 4 x (21000 - 1000) ns");
	is_u64(p->outside.calls, 5, "outside: PSCI calls");
	is_u64(p->outside.changed, 0, "outside: nothing moves");
	is_u64(p->total.calls, 11, "total calls with a known ID");
	is_u64(p->total.delta_ns, 80000, "total latency change");
	is_u64(p->unknown_id, 1, "a call without ID");
	is_u64(p->unknown_location, 1, "a call without location");
	ok(p->rows[0].uncertain && p->outside.uncertain && p->total.uncertain,
	   "a call without ID and no session filter: every row uncertain");
	sct_prediction_free(p);
	sct_filter_free(f);

	f = filter_of(&deny, 1);
	p = sct_suggest_predict(sg, f);
	is_u64(p->rows[0].changed, 2, "deny: the forwarded calls move");
	is_u64((uint64_t)p->rows[0].delta_ns, (uint64_t)(int64_t)-40000,
	       "deny: 2 x (1000 - 21000) ns");
	sct_prediction_free(p);
	sct_filter_free(f);
	sct_suggest_free(sg);

	sg = sct_suggest_create();
	call(sg, 0xc6000003, SCT_LOC_KERNEL, 1000, 3);
	add(sg, SCT_SET_VMM, 0xc6000000, 0xc60000ff);
	f = sct_suggest_run(sg);
	p = sct_suggest_predict(sg, f);
	ok(!p->estimate, "no forwarded calls: no estimate");
	is_u64(p->fwd_median_ns, SCT_NO_TIME, "no forwarded median");
	is_u64(p->rows[0].changed, 3, "the calls that move are still counted");
	is_u64(p->rows[0].delta_ns, 0, "no latency change is claimed");
	is_u64(p->duration_ns, 0, "unknown duration");
	sct_prediction_free(p);
	sct_filter_free(f);
	sct_suggest_free(sg);
}

static void unknown_call(struct sct_suggest *sg, int loc)
{
	struct sct_call c = { .id_known = false, .location = (uint8_t)loc };

	c.t_exit = 1000;
	c.t_uexit = SCT_NO_TIME;
	c.t_entry = 3000;
	sct_suggest_observe(sg, &c);
}

/* A session filter: 0x82000000+16 and 0xc6000000+16 forwarded, 0xc2000000+32 denied */
static struct sct_suggest *unknown_session(int loc, bool with_filter)
{
	static const struct sct_filter_range ran[] = {
		{ 0x82000000, 16, SCT_FILTER_FWD_TO_USER },
		{ 0xc2000000, 32, SCT_FILTER_DENY },
		{ 0xc6000000, 16, SCT_FILTER_FWD_TO_USER },
	};
	struct sct_suggest *sg = sct_suggest_create();
	struct sct_filter *f = filter_of(ran, 3);

	if (with_filter)
		sct_suggest_set_session_filter(sg, f);
	sct_filter_free(f);
	add(sg, SCT_SET_VMM, 0xc6000000, 0xc600000f);
	call(sg, 0xc6000001, SCT_LOC_USER, 2000, 1);
	unknown_call(sg, loc);
	return sg;
}

/* The uncertain marks of a prediction of @r on @sg: "rows/outside/total" as 0s and 1s */
static const char *marks(struct sct_suggest *sg, const struct sct_filter_range *r, size_t n)
{
	static char buf[32];
	struct sct_filter *f = filter_of(r, n);
	struct sct_prediction *p = sct_suggest_predict(sg, f);
	size_t i, k = 0;

	for (i = 0; i < p->nr_rows; i++)
		buf[k++] = p->rows[i].uncertain ? '1' : '0';
	snprintf(buf + k, sizeof(buf) - k, "/%d/%d", p->outside.uncertain, p->total.uncertain);
	sct_prediction_free(p);
	sct_filter_free(f);
	return buf;
}

static void test_unknown(void)
{
	static const struct sct_filter_range eval[] = {
		{ 0x82000004, 1, SCT_FILTER_FWD_TO_USER },
		{ 0x86000000, 1, SCT_FILTER_DENY },
		{ 0xc2000000, 32, SCT_FILTER_DENY },
		{ 0xc6000000, 16, SCT_FILTER_FWD_TO_USER },
	};
	struct sct_suggest *sg;
	struct sct_filter *f;

	sg = unknown_session(SCT_LOC_USER, true);
	f = sct_suggest_run(sg);
	is_str(ranges(f), "fwd:0x82000000+16,fwd:0xc6000000+16",
	       "forwarded call of unknown ID: every forwarded range of the session kept");
	sct_filter_free(f);
	is_str(marks(sg, eval, 4), "1001/1/1",
	       "forwarded unknown: the rows in forwarded ranges, and outside, uncertain");
	is_str(marks(sg, eval + 3, 1), "1/1/1", "0x82000000+16 left outside: uncertain");
	sct_suggest_free(sg);

	sg = unknown_session(SCT_LOC_USER, false);
	f = sct_suggest_run(sg);
	ok(!f && errno == ENOENT, "forwarded call of unknown ID, no session filter: refused");
	is_str(sct_last_error(), "1 forwarded calls have no known function ID and no filter "
	       "says which IDs they may have", "  saying why");
	is_str(marks(sg, eval, 2), "11/1/1", "  every row uncertain");
	sct_suggest_free(sg);

	sg = unknown_session(SCT_LOC_USER, true);
	add(sg, SCT_SET_KEEP, 0x82000001, 0x82000001);
	f = sct_suggest_run(sg);
	ok(!f && errno == EINVAL, "keep-in-kernel inside a kept forwarded range: refused");
	is_str(sct_last_error(), "0x82000001 is kept in the kernel, but 1 forwarded calls of "
	       "unknown function ID may have it", "  saying which ID");
	sct_suggest_free(sg);

	sg = unknown_session(SCT_LOC_USER, true);
	add(sg, SCT_SET_VMM_LACKS, 0xc6000001, 0xc6000001);
	f = sct_suggest_run(sg);
	is_str(ranges(f), "fwd:0x82000000+16,fwd:0xc6000000+16",
	       "a kept range stays whole where the VMM lacks an ID");
	sct_filter_free(f);
	sct_suggest_free(sg);

	sg = unknown_session(SCT_LOC_DENIED, true);
	f = sct_suggest_run(sg);
	is_str(ranges(f), "fwd:0xc6000001+1", "denied call of unknown ID: nothing kept");
	sct_filter_free(f);
	is_str(marks(sg, eval, 4), "0010/0/1", "denied unknown: only the DENY row uncertain");
	sct_suggest_free(sg);

	sg = unknown_session(SCT_LOC_KERNEL, true);
	is_str(marks(sg, eval, 4), "0100/1/1",
	       "in-kernel unknown: the IDs the session's filter leaves to KVM");
	sct_suggest_free(sg);

	sg = unknown_session(SCT_LOC_UNKNOWN, true);
	is_str(marks(sg, eval, 4), "0110/1/1",
	       "unknown location: any ID the session's filter does not forward");
	sct_suggest_free(sg);

	sg = sct_suggest_create();
	call(sg, 0xc6000001, SCT_LOC_USER, 2000, 1);
	is_str(marks(sg, eval, 4), "0000/0/0", "every ID known: nothing uncertain");
	sct_suggest_free(sg);
}

/* What the VMM answered stays with it, even where KVM implements the ID */
static void test_vmm_took(void)
{
	static const enum sct_suggest_set takers[] = {
		SCT_SET_KEEP, SCT_SET_VMM_LACKS, SCT_SET_DENY,
	};
	static const char *const want[] = {
		"fwd:0xc6000001+1", "fwd:0xc6000001+1", "deny:0x84000050+1,fwd:0xc6000001+1",
	};
	struct sct_suggest *sg;
	struct sct_filter *f;
	size_t i;

	for (i = 0; i < 4; i++) {
		sg = sct_suggest_create();
		add(sg, SCT_SET_VMM, 0xc6000000, 0xc600000f);
		call(sg, 0xc6000001, SCT_LOC_USER, 2000, 1);
		call(sg, 0x84000050, SCT_LOC_USER, 2000, 1);
		call(sg, 0x84000051, SCT_LOC_KERNEL, 200, 1);
		if (i < 3)
			add(sg, takers[i], 0x84000050, 0x84000050);
		f = sct_suggest_run(sg);
		is_str(ranges(f), i < 3 ? want[i] : "fwd:0x84000050+1,fwd:0xc6000001+1",
		       i == 0 ? "forwarded TRNG_VERSION, --keep-in-kernel: to KVM" :
		       i == 1 ? "forwarded TRNG_VERSION the VMM lacks: to KVM" :
		       i == 2 ? "forwarded TRNG_VERSION, --deny: denied" :
		       "forwarded TRNG_VERSION stays forwarded, TRNG_FEATURES in KVM stays");
		sct_filter_free(f);
		sct_suggest_free(sg);
	}
}

static void test_service_block(void)
{
	uint32_t lo = 0, hi = 0;

	ok(sct_service_block(0x84000053, &lo, &hi) && lo == 0x84000050 && hi == 0x8400005f,
	   "TRNG block");
	ok(sct_service_block(0xc4000003, &lo, &hi) && lo == 0xc4000000 && hi == 0xc400001f,
	   "PSCI 64-bit block");
	ok(sct_service_block(0x82000010, &lo, &hi) && lo == 0x82000000 && hi == 0x8200ffff,
	   "SiP: the whole owner");
	ok(!sct_service_block(0x84000150, &lo, &hi), "Standard Secure 0x150: no known service");
}

/* A small LCG: the same cases on every run */
static uint32_t next_rand(uint32_t *state)
{
	*state = *state * 1103515245u + 12345u;
	return (*state >> 16) & 0x7fff;
}

enum { FREE, MUST, LACKS_SEEN, LACKS_KNOWN, NR_KINDS };

#define UNIVERSE	64
#define BASE_ID		0xc6000000u

/* The fewest ranges: one per run of must IDs with no forbidden ID between */
static size_t fewest(const int *kind)
{
	bool open = false;
	size_t i, n = 0;

	for (i = 0; i < UNIVERSE; i++) {
		if (kind[i] == MUST && !open) {
			n++;
			open = true;
		} else if (kind[i] == LACKS_SEEN || kind[i] == LACKS_KNOWN) {
			open = false;
		}
	}
	return n;
}

static bool valid(const struct sct_filter *f, const int *kind)
{
	const struct sct_filter_range *r;
	bool covered[UNIVERSE] = { false };
	uint32_t id;
	size_t i;

	for (i = 0; i < sct_filter_count(f); i++) {
		r = sct_filter_get(f, i);
		for (id = r->base; id - r->base < r->nr_functions; id++) {
			if (id < BASE_ID || id >= BASE_ID + UNIVERSE)
				return false;
			if (kind[id - BASE_ID] == LACKS_SEEN || kind[id - BASE_ID] == LACKS_KNOWN)
				return false;
			covered[id - BASE_ID] = true;
		}
	}
	for (i = 0; i < UNIVERSE; i++)
		if (kind[i] == MUST && !covered[i])
			return false;
	return true;
}

static void test_random(void)
{
	int kind[UNIVERSE], round, bad = 0;
	struct sct_suggest *sg;
	struct sct_filter *f;
	uint32_t seed = 1;
	size_t i;

	for (round = 0; round < 500; round++) {
		sg = sct_suggest_create();
		for (i = 0; i < UNIVERSE; i++) {
			kind[i] = next_rand(&seed) % NR_KINDS;
			if (kind[i] == MUST || kind[i] == FREE)
				add(sg, SCT_SET_VMM, BASE_ID + i, BASE_ID + i);
			if (kind[i] == LACKS_KNOWN)
				add(sg, SCT_SET_VMM_LACKS, BASE_ID + i, BASE_ID + i);
			if (kind[i] == MUST || kind[i] == LACKS_SEEN)
				seen(sg, BASE_ID + i);
		}
		f = sct_suggest_run(sg);
		if (!f || !valid(f, kind) || sct_filter_count(f) != fewest(kind))
			bad++;
		sct_filter_free(f);
		sct_suggest_free(sg);
	}
	is_u64(bad, 0, "500 random cases: valid and as few ranges as possible");
}

int main(void)
{
	test_ids();
	test_policy();
	test_services();
	test_predict();
	test_unknown();
	test_vmm_took();
	test_service_block();
	test_random();
	return tap_done();
}
