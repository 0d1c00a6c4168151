#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Thread names stored with the session, and vCPU indexes from the names
# each VMM gives its vCPU threads, or else from the order of first exits.
. "$(dirname "$0")/lib.sh"

need_cmd "$SMCCCTRACE"
need_cmd "$TRACEGEN"
need_cmd sqlite3

# Two vCPU threads named NAME0 and NAME1 (the second one leaves the guest
# first) and a thread of the VMM that takes no part
gen() {
	cat >"$TMP/$1.scn" <<SCN
comm 100 $2
comm 101 $3
call 20000 0 100 hvc 0x84000000 kernel 400
call 10000 1 101 hvc 0x84000000 kernel 600
call 30000 1 101 hvc 0xc6000001 user 1000 200
SCN
	"$TRACEGEN" -o "$TMP/$1.dat" "$TMP/$1.scn" &&
		"$SMCCCTRACE" -d "$TMP/$1.db" import -q "$TMP/$1.dat"
}

threads() {
	sqlite3 "$TMP/$1.db" "SELECT tid, comm, vcpu FROM threads ORDER BY tid"
}

calls() {
	sqlite3 "$TMP/$1.db" "SELECT group_concat(tid || ':' || vcpu, ' ') FROM (SELECT tid, vcpu FROM call_view ORDER BY seq)"
}

check "QEMU names" gen qemu "CPU 0/KVM" "CPU 1/KVM"
check_eq "QEMU: the threads" "$(threads qemu)" "100|CPU 0/KVM|0
101|CPU 1/KVM|1"
check_eq "QEMU: each call's vCPU" "$(calls qemu)" "101:1 100:0 101:1"
check "kvmtool names" gen kvmtool kvm-vcpu-0 kvm-vcpu-1
check_eq "kvmtool: the threads" "$(threads kvmtool)" "100|kvm-vcpu-0|0
101|kvm-vcpu-1|1"
check "crosvm names" gen crosvm crosvm_vcpu0 crosvm_vcpu1
check_eq "crosvm: the threads" "$(threads crosvm)" "100|crosvm_vcpu0|0
101|crosvm_vcpu1|1"
check "Firecracker names" gen fc "fc_vcpu 0" "fc_vcpu 1"
check_eq "Firecracker: the threads" "$(threads fc)" "100|fc_vcpu 0|0
101|fc_vcpu 1|1"
check "Cloud Hypervisor names" gen ch vcpu0 vcpu1
check_eq "Cloud Hypervisor: the threads" "$(threads ch)" "100|vcpu0|0
101|vcpu1|1"
check_eq "Cloud Hypervisor: each call's vCPU" "$(calls ch)" "101:1 100:0 101:1"

# No VMM's form: thread 101 left the guest first, so it is vCPU 0
check "other names" gen other myvmm myvmm
check_eq "other names: numbered by first exit" "$(threads other)" "100|myvmm|1
101|myvmm|0"
check_eq "other names: each call's vCPU" "$(calls other)" "101:0 100:1 101:0"

# Two runs of such a VMM, other threads: diff --by vcpu lines them up
cat >"$TMP/run2.scn" <<'SCN'
comm 200 myvmm
comm 201 myvmm
call 10000 0 200 hvc 0x84000000 kernel 600
call 20000 1 201 hvc 0x84000000 kernel 400
call 30000 0 200 hvc 0xc6000001 user 1000 200
SCN
check "second run" "$TRACEGEN" -o "$TMP/run2.dat" "$TMP/run2.scn"
check "second run: import" "$SMCCCTRACE" -d "$TMP/other.db" import -q "$TMP/run2.dat"
check_eq "diff --by vcpu: the same vCPUs on both sides" \
	"$("$SMCCCTRACE" -d "$TMP/other.db" diff --by vcpu --format json 1 2 | sed 's/.*"rows": \[//' | grep -o '"key": "[^"]*"' | tr '\n' ' ')" \
	'"key": "vcpu 0" "key": "vcpu 1" '

done_testing
