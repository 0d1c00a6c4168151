// SPDX-License-Identifier: GPL-2.0
/*
 * The correlator and the vCPUs and VMs of calls: a probe's registers and
 * vCPU id, vCPU indexes from thread names or first exits, and a VMM-side
 * view whose VM changes under a thread.
 */
#include <stdio.h>
#include <stdlib.h>

#include <smccctrace/call.h>
#include <smccctrace/filter.h>

#include "correlator-test.h"

static struct sct_event ev_probe(uint64_t ts, int cpu, int pid, uint64_t x0,
				 uint64_t x1, uint32_t n)
{
	struct sct_event e = { .ts = ts, .cpu = cpu, .pid = pid, .type = SCT_EV_PROBE };

	e.u.probe.x[0] = x0;
	e.u.probe.x[1] = x1;
	e.u.probe.x[2] = 0x22;
	e.u.probe.x[3] = 0x33;
	e.u.probe.n = n;
	e.u.probe.vcpu = -1;
	return e;
}

/* The probe that also read the vCPU's id */
static struct sct_event ev_probe_vcpu(uint64_t ts, int cpu, int pid, uint64_t x0,
				      uint64_t x1, uint32_t n, int32_t vcpu)
{
	struct sct_event e = ev_probe(ts, cpu, pid, x0, x1, n);

	e.u.probe.vcpu = vcpu;
	return e;
}

static void test_probe(void)
{
	struct sct_filter_range deny = { 0xc2000000, 32, SCT_FILTER_DENY };
	struct sct_filter *f = sct_filter_create();
	struct sct_event evs[] = {
		ev_exit(100, 0, 10, SCT_EXIT_TRAP, SCT_EC_SMC64, 0),
		ev_probe(101, 0, 10, 0xc2000011, 0x11, 4),
		ev_entry(150, 0, 10, 0),
		ev_exit(200, 0, 10, SCT_EXIT_TRAP, SCT_EC_HVC64, 0),
		ev_hvc(201, 0, 10, 0x84000000),
		ev_probe_vcpu(202, 0, 10, 0x84000000, 0x99, 2, 3),
		ev_entry(250, 0, 10, 0),
		ev_probe(300, 0, 10, 0x86000000, 0, 1),		/* not in a call */
	};

	sct_filter_add(f, &deny);
	RUN(evs, f);
	is_u64(ncalls, 2, "probe: two calls");
	ok(calls[0].id_known && calls[0].func_id == 0xc2000011, "probe: an SMC gets its ID");
	is_u64(calls[0].location, SCT_LOC_DENIED, "probe: so a denied SMC is known");
	is_u64(calls[0].nargs, 3, "probe: x1..x3 are the arguments");
	ok(calls[0].args[0] == 0x11 && calls[0].args[2] == 0x33, "probe: argument values");
	is_u64(calls[1].func_id, 0x84000000, "probe: an HVC keeps kvm_hvc_arm64's ID");
	is_u64(calls[1].nargs, 1, "probe: fewer registers, fewer arguments");
	is_u64(calls[0].vcpu, (uint64_t)-1, "probe: without the vCPU's id, none");
	is_u64(calls[1].vcpu, 3, "probe: the vCPU's id");
	sct_filter_free(f);
}

static void test_vcpu_names(void)
{
	is_u64(sct_vcpu_from_comm("CPU 0/KVM"), 0, "vcpu name: QEMU");
	is_u64(sct_vcpu_from_comm("CPU 17/KVM"), 17, "vcpu name: QEMU, two digits");
	is_u64(sct_vcpu_from_comm("kvm-vcpu-3"), 3, "vcpu name: kvmtool");
	is_u64(sct_vcpu_from_comm("CPU 1/KVMX"), (uint64_t)-1, "vcpu name: trailing text");
	is_u64(sct_vcpu_from_comm("CPU /KVM"), (uint64_t)-1, "vcpu name: no number");
	is_u64(sct_vcpu_from_comm("testvmm"), (uint64_t)-1, "vcpu name: other thread");
	is_u64(sct_vcpu_from_comm(NULL), (uint64_t)-1, "vcpu name: none");
	is_u64(sct_vcpu_from_comm("crosvm_vcpu3"), 3, "vcpu name: crosvm");
	is_u64(sct_vcpu_from_comm("crosvm_vcpu12"), 12, "vcpu name: crosvm, two digits");
	is_u64(sct_vcpu_from_comm("fc_vcpu 3"), 3, "vcpu name: Firecracker");
	is_u64(sct_vcpu_from_comm("fc_vcpu3"), 3, "vcpu name: older Firecracker");
	is_u64(sct_vcpu_from_comm("vcpu3"), 3, "vcpu name: Cloud Hypervisor");
	is_u64(sct_vcpu_from_comm("vcpu"), (uint64_t)-1, "vcpu name: Cloud Hypervisor form, no number");
	is_u64(sct_vcpu_from_comm("fc_vcpu  3"), (uint64_t)-1, "vcpu name: two spaces");
	is_u64(sct_vcpu_from_comm("crosvm_vcpu3a"), (uint64_t)-1, "vcpu name: crosvm form, trailing text");
	is_u64(sct_vcpu_from_comm("kvm-vcpu-"), (uint64_t)-1, "vcpu name: kvmtool form, no number");
	is_u64(sct_vcpu_from_comm("vcpu-3"), (uint64_t)-1, "vcpu name: no VMM's form");
	is_u64(sct_vcpu_from_comm("CPU 99999999999/KVM"), (uint64_t)-1, "vcpu name: too big");
}

static void set_thread(struct sct_thread *t, int32_t tid, const char *comm, uint64_t first_exit)
{
	*t = (struct sct_thread) { .tid = tid, .vcpu = 99, .first_exit_ns = first_exit };
	snprintf(t->comm, sizeof(t->comm), "%s", comm);
}

static void test_threads_number(void)
{
	struct sct_thread t[4];

	/* every vCPU thread named: the names give the indexes */
	set_thread(&t[0], 10, "CPU 1/KVM", 500);
	set_thread(&t[1], 11, "CPU 0/KVM", 900);
	set_thread(&t[2], 12, "qemu-system-aar", SCT_NO_TIME);
	ok(!sct_threads_number(t, 3) && t[0].vcpu == 1 && t[1].vcpu == 0 && t[2].vcpu == -1,
	   "threads: QEMU's names give the indexes; a thread that never left the guest has none");
	/* none named: numbered in the order of their first exit */
	set_thread(&t[0], 20, "testvmm", 700);
	set_thread(&t[1], 21, "testvmm", 300);
	set_thread(&t[2], 22, "testvmm", SCT_NO_TIME);
	set_thread(&t[3], 19, "testvmm", 700);
	ok(!sct_threads_number(t, 4) && t[1].vcpu == 0 && t[3].vcpu == 1 && t[0].vcpu == 2 &&
	   t[2].vcpu == -1, "threads: unnamed ones numbered by first exit, ties by tid");
	/* some named, some not: the names are not trusted */
	set_thread(&t[0], 30, "vcpu5", 100);
	set_thread(&t[1], 31, "worker", 50);
	ok(!sct_threads_number(t, 2) && t[1].vcpu == 0 && t[0].vcpu == 1,
	   "threads: a mix is numbered by first exit");
	ok(!sct_threads_number(t, 0), "threads: none");
}

/* A VMM-side view: thread 10 runs VM 0's vCPU 0, then from 1000 VM 1's */
static struct sct_filter *vm_filters[2];

static int view_vcpu_at(void *data, int32_t tid, uint64_t ts, int32_t *vm, int32_t *vcpu)
{
	if (tid != 10)
		return -1;
	*vm = ts < 1000 ? 0 : 1;
	*vcpu = 0;
	return 0;
}

static const struct sct_filter *view_filter_of(void *data, int32_t vm)
{
	return vm >= 0 && vm < 2 ? vm_filters[vm] : NULL;
}

static struct sct_exit_stats run_view(const struct sct_event *evs, int n)
{
	struct sct_vm_view view = { view_vcpu_at, view_filter_of, NULL };

	return run_in(evs, n, NULL, &view);
}

static void test_vm_change(void)
{
	struct sct_filter_range fwd = { 0x84000000, 1, SCT_FILTER_FWD_TO_USER };
	struct sct_filter_range deny = { 0x84000000, 1, SCT_FILTER_DENY };
	struct sct_event evs[] = {
		/* VM 0 forwards, then is freed; VM 1 starts at the same PC */
		ev_exit(100, 0, 10, SCT_EXIT_TRAP, SCT_EC_HVC64, 0x1004),
		ev_hvc(101, 0, 10, 0x84000000),
		ev_uexit(120, 0, 10, SCT_KVM_EXIT_HYPERCALL, 0),
		ev_entry(1100, 0, 10, 0x1004),
		ev_exit(1200, 0, 10, SCT_EXIT_TRAP, SCT_EC_HVC64, 0x1004),
		ev_hvc(1201, 0, 10, 0x84000000),
		ev_entry(1250, 0, 10, 0x1004),
		/* a thread the view does not know: no VM, no filter */
		ev_exit(1300, 1, 11, SCT_EXIT_TRAP, SCT_EC_HVC64, 0x1004),
		ev_hvc(1301, 1, 11, 0x84000000),
		ev_entry(1350, 1, 11, 0x1004),
	};
	struct sct_exit_stats st;

	vm_filters[0] = sct_filter_create();
	vm_filters[1] = sct_filter_create();
	ok(!sct_filter_add(vm_filters[0], &fwd) && !sct_filter_add(vm_filters[1], &deny),
	   "vm change: filters built");
	st = run_view(evs, (int)(sizeof(evs) / sizeof(evs[0])));
	is_u64(ncalls, 3, "vm change: three calls");
	ok(calls[0].incomplete, "vm change: call cut by the next VM is incomplete");
	is_u64(sct_call_total_ns(&calls[0]), SCT_NO_TIME, "vm change: no latency");
	is_u64(calls[0].t_entry, SCT_NO_TIME, "vm change: no end");
	is_u64(calls[0].location, SCT_LOC_USER, "vm change: it was forwarded");
	is_u64(calls[0].vm, 0, "vm change: first call is VM 0's");
	is_u64(calls[0].vcpu, 0, "vm change: and vCPU 0's");
	ok(!calls[1].incomplete, "vm change: VM 1's call is whole");
	is_u64(calls[1].vm, 1, "vm change: second call is VM 1's");
	is_u64(calls[1].location, SCT_LOC_DENIED, "vm change: placed by VM 1's own filter");
	is_u64(sct_call_total_ns(&calls[1]), 50, "vm change: VM 1's call total");
	is_u64(calls[2].vm, (uint64_t)-1, "vm change: unknown thread, no VM");
	is_u64(calls[2].location, SCT_LOC_KERNEL, "vm change: no filter, kernel");
	is_u64(st.by_location[SCT_LOC_DENIED], 1, "vm change: denied counted");
	/* from tracepoints alone the same PC cannot tell the VMs apart */
	RUN(evs, NULL);
	ok(!calls[0].incomplete && calls[0].vm == -1,
	   "vm change: without a view, a new VM at the same PC is not seen");
	sct_filter_free(vm_filters[0]);
	sct_filter_free(vm_filters[1]);
}

int main(void)
{
	test_vm_change();
	test_vcpu_names();
	test_threads_number();
	test_probe();
	return tap_done();
}
