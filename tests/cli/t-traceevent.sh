#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The libtraceevent plugin: trace-cmd report on the real arm64 fixtures,
# with TRACEEVENT_PLUGIN_DIR pointed at the build, prints each HVC with
# its SMCCC function, and kvm_exit and kvm_entry without "CAN'T FIND
# FIELD" (the kvm plugin reads x86's fields).
. "$(dirname "$0")/lib.sh"

need_cmd trace-cmd
SRC=$(cd "$(dirname "$0")/../.." && pwd)
plugin_dir=$SRC/record/traceevent
need_built "$plugin_dir/plugin_smccc.so"
data=$SRC/tests/data

report() {
	TRACEEVENT_PLUGIN_DIR=$plugin_dir trace-cmd report "$data/$1.dat" 2>&1
}

report vhe-basic >"$TMP/vhe-basic.txt"
check_eq "the first events, as the kernel formats arm64's" "$(sed -n '2,4p;9,11p' "$TMP/vhe-basic.txt")" \
"         testvmm-145   [000]     4.242587: kvm_entry:            PC: 0x0000000080000000
         testvmm-144   [001]     4.242602: kvm_entry:            PC: 0x0000000080000000
         testvmm-145   [000]     4.243765: kvm_exit:             TRAP: HSR_EC: 0x0020 (IABT_LOW), PC: 0x0000000080000000
         testvmm-144   [001]     4.247585: kvm_exit:             TRAP: HSR_EC: 0x0016 (HVC64), PC: 0x0000000080000028
         testvmm-145   [000]     4.247614: kvm_hvc_arm64:        PSCI_VERSION (0x84000000) HVC at 0x0000000080000028 (r0: 0x0000000084000000, imm: 0x0)
         testvmm-144   [001]     4.247630: kvm_hvc_arm64:        PSCI_VERSION (0x84000000) HVC at 0x0000000080000028 (r0: 0x0000000084000000, imm: 0x0)"
check_eq "every HVC's function: its name, else its range" \
	"$(sed -n 's/.*kvm_hvc_arm64: *\([^ ]* ([^)]*)\) HVC at .*/\1/p' "$TMP/vhe-basic.txt" | sort | uniq -c)" \
"      1 HYP_MEMINFO (0xc6000002)
      1 KVM_FEATURES (0x86000000)
      1 KVM_PTP (0x86000001)
      1 OEM/32 (0x83000005)
      1 PSCI_AFFINITY_INFO_64 (0xc4000004)
      1 PSCI_FEATURES (0x8400000a)
      2 PSCI_VERSION (0x84000000)
      1 SIP/64 (0xc2000001)
      1 SIP/64 (0xc2000010)
      1 TRNG_RND64 (0xc4000053)
      2 TRNG_VERSION (0x84000050)
      1 VENDOR_HYP/64 (0xc6000001)"
check_eq "every kvm_hvc_arm64 decoded" \
	"$(grep -c 'kvm_hvc_arm64: *[A-Za-z_0-9/-]* (0x[0-9a-f]\{8\}) HVC at' "$TMP/vhe-basic.txt")" \
	"$(grep -c 'kvm_hvc_arm64:' "$TMP/vhe-basic.txt")"
for name in vhe-basic nvhe-basic vhe-load vhe61-basic; do
	check_eq "$name: no CAN'T FIND FIELD" "$(report "$name" | grep -c "FIND FIELD")" "0"
done
check_eq "vhe-load: TRNG_RND64's HVCs" "$(report vhe-load | grep -c 'kvm_hvc_arm64: *TRNG_RND64 (0xc4000053) HVC')" "40"

check_eq "the plugin exports its entry points alone" \
	"$(nm -D --defined-only "$plugin_dir/plugin_smccc.so" | awk '{ print $3 }')" \
	"tep_plugin_loader
tep_plugin_unloader"

done_testing
