// SPDX-License-Identifier: GPL-2.0
/*
 * replay --kvm: which calls are kept out of the guest, and the refusal on
 * machines without arm64 KVM (the VMM itself runs in tests/e2e).
 */
#include <errno.h>
#include <string.h>
#include <sys/utsname.h>

#include "tap.h"

#include "../../replay/kvm.c"

static const char *why(uint32_t id, const struct sct_filter *filter)
{
	struct replay_kvm_call c = { .x = { id } };

	return replay_kvm_unplayable(&c, filter);
}

static void test_unplayable(void)
{
	struct sct_filter *f = sct_filter_from_spec("DENY:0x84000002,FWD_TO_USER:0x84000008");

	is_str(why(0x84000002, NULL), "PSCI CPU_OFF would power the vCPU off", "CPU_OFF");
	is_str(why(0x84000001, NULL), "PSCI CPU_SUSPEND would suspend the vCPU", "CPU_SUSPEND");
	is_str(why(0xc4000001, NULL), "PSCI CPU_SUSPEND would suspend the vCPU", "CPU_SUSPEND_64");
	is_str(why(0x84000008, NULL), "PSCI SYSTEM_OFF would end the VM", "SYSTEM_OFF");
	is_str(why(0x84000009, NULL), "PSCI SYSTEM_RESET would end the VM", "SYSTEM_RESET");
	is_str(why(0xc4000012, NULL), "PSCI SYSTEM_RESET2 would end the VM", "SYSTEM_RESET2_64");
	is_str(why(0xc400000e, NULL), "PSCI SYSTEM_SUSPEND would suspend the VM", "SYSTEM_SUSPEND_64");
	is_str(why(0x84000015, NULL), "PSCI SYSTEM_OFF2 would end the VM", "SYSTEM_OFF2");
	ok(!why(0xc4000002, NULL), "there is no CPU_OFF_64");
	ok(!why(0xc4000008, NULL), "there is no SYSTEM_OFF_64");
	ok(!why(0x84000000, NULL), "PSCI_VERSION is made");
	ok(!why(0xc4000003, NULL), "CPU_ON is made (KVM answers ALREADY_ON or INVALID_PARAMETERS)");
	ok(!why(0x84000008 | (1u << 16), NULL), "the SVE hint bit makes another ID");
	ok(f != NULL, "a filter that denies CPU_OFF and forwards SYSTEM_OFF");
	ok(!why(0x84000002, f), "a denied CPU_OFF is made");
	ok(!why(0x84000008, f), "a forwarded SYSTEM_OFF is made");
	is_str(why(0x84000009, f), "PSCI SYSTEM_RESET would end the VM",
	       "SYSTEM_RESET outside the filter's ranges is not");
	sct_filter_free(f);
}

#ifdef __aarch64__
static void test_refusal(void)
{
	ok(1, "# SKIP arm64: tests/e2e runs the VMM on real KVM");
}
#else
static void test_refusal(void)
{
	char want[256];
	struct utsname u;

	uname(&u);
	snprintf(want, sizeof(want), "--kvm needs arm64 KVM with the SMCCC filter "
		 "(Linux 6.4 or later); this machine is %s", u.machine);
	errno = 0;
	is_u64(replay_kvm_available(), -1, "replay_kvm_available fails");
	is_u64(errno, ENOSYS, "with ENOSYS");
	is_str(sct_last_error(), want, "and says why in one line");
	is_u64(replay_kvm_run(NULL, 0, NULL, NULL, NULL), -1, "replay_kvm_run fails the same way");
	is_str(sct_last_error(), want, "with the same reason");
}
#endif

int main(void)
{
	test_unplayable();
	test_refusal();
	return tap_done();
}
