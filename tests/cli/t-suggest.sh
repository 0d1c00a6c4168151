#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# smccctrace suggest: --check on good and bad configurations, suggestions
# and predictions on generated sessions whose every call is known.
. "$(dirname "$0")/lib.sh"

need_smccctrace

skip() {
	test_count=$((test_count + 1))
	echo "ok $test_count # skip $1"
}

# ---- --check: no database needed ----

cat >"$TMP/good.json" <<'EOF'
{"filters": [
  {"base": "0x84000050", "nr_functions": 16, "action": "FWD_TO_USER"},
  {"base": "0xc4000050", "nr_functions": 16, "action": "FWD_TO_USER"},
  {"base": 2512501342, "nr_functions": "4", "action": 1}
], "predicted": {"total": {"calls": 0}}}
EOF
check_exit "check: a good configuration" 0 "$SMCCCTRACE" suggest --check "$TMP/good.json"
check_eq "check: good, every entry ok" "$(cat "$TMP/out")" \
"filters[0]: 0x84000050+16 (TRNG) FWD_TO_USER: ok
filters[1]: 0xc4000050+16 (TRNG) FWD_TO_USER: ok
filters[2]: 0x95c1ba5e+4 (PSCI) DENY: ok
$TMP/good.json: 3 entries, 0 refused"

cat >"$TMP/bad.json" <<'EOF'
{"filters": [
  {"base": "0x84000050", "nr_functions": 16, "action": "FWD_TO_USER"},
  {"base": "0x80000000", "nr_functions": 1, "action": "FWD_TO_USER"},
  {"base": "0x84000058", "nr_functions": 4, "action": "DENY"},
  {"base": "0xc6000000", "nr_functions": 0, "action": "DENY"},
  {"base": "0xfffffff0", "nr_functions": 32, "action": "DENY"},
  {"base": "0xc6000000", "nr_functions": 16, "action": 3},
  {"base": "0xc0008000", "nr_functions": 1, "action": "DENY"}
]}
EOF
check_exit "check: a bad configuration fails with 1" 1 "$SMCCCTRACE" suggest --check "$TMP/bad.json"
check_eq "check: which entry fails and why" "$(cat "$TMP/out")" \
"filters[0]: 0x84000050+16 (TRNG) FWD_TO_USER: ok
filters[1]: 0x80000000+1 (SMCCC_VERSION) FWD_TO_USER: EEXIST: overlaps the reserved Arm Architecture range 0x80000000-0x8000ffff
filters[2]: 0x84000058+4 (TRNG) DENY: EEXIST: overlaps filters[0] (0x84000050-0x8400005f)
filters[3]: 0xc6000000+0 (VENDOR_HYP) DENY: EINVAL: nr_functions is 0
filters[4]: 0xfffffff0+32 (TRUSTED_OS) DENY: EINVAL: the range wraps past 0xffffffff
filters[5]: 0xc6000000+16 (VENDOR_HYP) action 3: EINVAL: unknown action 3 (HANDLE 0, DENY 1, FWD_TO_USER 2)
filters[6]: 0xc0008000+1 (ARCH) DENY: EEXIST: overlaps the reserved Arm Architecture range 0xc0000000-0xc000ffff
$TMP/bad.json: 7 entries, 6 refused"

check_exit "check: json verdicts" 1 "$SMCCCTRACE" suggest --check "$TMP/bad.json" --format json
check_eq "check: json names the failing entry" \
	"$(sed 's/}, {/},\n{/g' "$TMP/out" | sed -n 3p)" \
	'{"index": 2, "base": "0x84000058", "nr_functions": 4, "name": "TRNG", "action": "DENY", "verdict": "EEXIST", "why": "overlaps filters[0] (0x84000050-0x8400005f)"},'

cat >"$TMP/name.json" <<'EOF'
{"filters": [
  {"base": "0x84000050", "nr_functions": 16, "name": "TRNG", "action": "FORWARD"},
  {"base": "0xc6000000", "nr_functions": 1, "action": "DENY"}
]}
EOF
check_exit "check: an unknown action name" 1 "$SMCCCTRACE" suggest --check "$TMP/name.json"
check_eq "check: reported on its entry, the others judged" "$(cat "$TMP/out")" \
"filters[0]: 0x84000050+16 (TRNG) action 'FORWARD': EINVAL: unknown action 'FORWARD' (HANDLE, DENY or FWD_TO_USER)
filters[1]: 0xc6000000+1 (VENDOR_HYP) DENY: ok
$TMP/name.json: 2 entries, 1 refused"
check_exit "check: an unknown action name, json" 1 "$SMCCCTRACE" suggest --check "$TMP/name.json" -f json
check_eq "check: json keeps the name" "$(grep -o '"index": 0[^}]*' "$TMP/out")" \
	'"index": 0, "base": "0x84000050", "nr_functions": 16, "name": "TRNG", "action": "FORWARD", "verdict": "EINVAL", "why": "unknown action '"'"'FORWARD'"'"' (HANDLE, DENY or FWD_TO_USER)"'
check_exit "import --filter: an unknown action name is bad input" 2 \
	"$SMCCCTRACE" -d "$TMP/name.db" import --filter "$TMP/name.json" "$TMP/none.dat"

printf '{"filters": [' >"$TMP/cut.json"
check_exit "check: cut text is bad input" 2 "$SMCCCTRACE" suggest --check "$TMP/cut.json"
check_eq "check: cut text message" "$(cat "$TMP/err")" \
	"smccctrace: $TMP/cut.json: not valid JSON at line 1, column 13: ']' expected near end of file"
check_exit "check: a missing file" 2 "$SMCCCTRACE" suggest --check "$TMP/none.json"
check_eq "check: missing file message" "$(cat "$TMP/err")" \
	"smccctrace: $TMP/none.json: No such file or directory"
check_exit "check: takes no policy" 2 "$SMCCCTRACE" suggest --check "$TMP/good.json" --deny 0xc6000000

if [ "$(uname -m)" = aarch64 ]; then
	skip "--apply-test on non-arm64: this is arm64 (tests/e2e covers it)"
else
	check_exit "apply-test: needs arm64 KVM" 2 "$SMCCCTRACE" suggest --check "$TMP/good.json" --apply-test
	check_eq "apply-test: says so" "$(cat "$TMP/err")" \
		"smccctrace: suggest --apply-test: needs arm64 KVM (this machine is $(uname -m))"
fi

check_exit "bad range is bad usage" 2 "$SMCCCTRACE" suggest --vmm-handles 0xc6000000+0
check_eq "bad range message" "$(cat "$TMP/err")" \
	"smccctrace: suggest: --vmm-handles: bad range '0xc6000000+0' (ID, FIRST-LAST or BASE+COUNT)
see 'smccctrace suggest --help'"
check_exit "bad granularity" 2 "$SMCCCTRACE" suggest --granularity owner
check_eq "bad granularity message" "$(cat "$TMP/err")" \
	"smccctrace: suggest: --granularity: 'owner' is not one of id, service
see 'smccctrace suggest --help'"

# ---- suggestions on generated sessions ----

if ! [ -x "$TRACEGEN" ]; then
	skip "suggestions: $TRACEGEN not built"
	done_testing
	exit
fi

# 1 s from the first kvm_exit to the last kvm_entry; forwarded median
# 21000 ns, in-kernel median 1000 ns (5 of 9 samples are 1000)
cat >"$TMP/s1.scn" <<'SCN'
comm 100 CPU 0/KVM
call 1000000000 0 100 hvc 0xc6000003 kernel 1000
call 1000100000 0 100 hvc 0xc6000003 kernel 1000
call 1000200000 0 100 hvc 0xc6000003 kernel 1000
call 1000300000 0 100 hvc 0xc6000003 kernel 1000
call 1000400000 0 100 hvc 0xc6000010 user 21000 500
call 1000500000 0 100 hvc 0xc6000010 user 21000 500
call 1000600000 0 100 hvc 0x82000001 kernel 1000
call 1000700000 0 100 hvc 0x84000003 kernel 3000
call 1000800000 0 100 hvc 0x84000003 kernel 3000
call 1000900000 0 100 hvc 0x84000003 kernel 3000
call 1999997000 0 100 hvc 0x84000003 kernel 3000
SCN
db=$TMP/s.db
check "generate session 1" "$TRACEGEN" -o "$TMP/s1.dat" "$TMP/s1.scn"
check "import session 1 (it forwarded 0xc6000010)" \
	"$SMCCCTRACE" -d "$db" import -q --filter fwd:0xc6000010+1 "$TMP/s1.dat"

check_exit "suggest: json" 0 "$SMCCCTRACE" -d "$db" suggest -s 1 --vmm-handles 0xc6000000+256 --format json
check_eq "suggest: exact json" "$(cat "$TMP/out")" \
'{"filters": [{"base": "0xc6000003", "nr_functions": 14, "action": "FWD_TO_USER"}], "kept": [], "predicted": {"session": 1, "calls": 11, "duration_ns": 1000000000, "forwarded_median_ns": 21000, "kernel_median_ns": 1000, "estimate": true, "unknown_id_calls": 0, "unknown_id_calls_at": {"forwarded": 0, "kernel": 0, "denied": 0, "unknown": 0}, "unknown_location_calls": 0, "ranges": [{"base": "0xc6000003", "nr_functions": 14, "action": "FWD_TO_USER", "calls": 6, "changed": 4, "changed_per_s": 4.000, "latency_change_ns": 20000, "added_ns_per_s": 80000.000, "uncertain": false}], "outside": {"calls": 5, "changed": 0, "changed_per_s": 0.000, "latency_change_ns": 0, "added_ns_per_s": 0.000, "uncertain": false}, "total": {"calls": 11, "changed": 4, "changed_per_s": 4.000, "latency_change_ns": 20000, "added_ns_per_s": 80000.000, "uncertain": false}}, "notes": []}'
cp "$TMP/out" "$TMP/suggested.json"
check_exit "suggest: its json passes --check" 0 "$SMCCCTRACE" suggest --check "$TMP/suggested.json"

check_exit "suggest: csv" 0 "$SMCCCTRACE" -d "$db" suggest --vmm-handles 0xc6000000-0xc60000ff --format csv
check_eq "suggest: exact csv" "$(cat "$TMP/out")" \
"base,nr_functions,action,calls,changed,changed_per_s,latency_change_ns,added_ns_per_s,uncertain
0xc6000003,14,FWD_TO_USER,6,4,4.000,20000,80000.000,0
,,outside,5,0,0.000,0,0.000,0
,,total,11,4,4.000,20000,80000.000,0"

check_exit "suggest: the session's own filter says what the VMM does" 0 \
	"$SMCCCTRACE" -d "$db" suggest --format csv
check_eq "suggest: nothing changes with the session's filter" "$(sed -n 2p "$TMP/out")" \
	"0xc6000010,1,FWD_TO_USER,2,0,0.000,0,0.000,0"

check_exit "suggest: a SiP call the VMM lacks stays in the kernel" 0 \
	"$SMCCCTRACE" -d "$db" suggest --vmm-handles 0xc6000000+256,0x82000002 --format csv
check_eq "suggest: only the vendor hypervisor range" "$(sed -n 2,3p "$TMP/out")" \
"0xc6000003,14,FWD_TO_USER,6,4,4.000,20000,80000.000,0
,,outside,5,0,0.000,0,0.000,0"

check_exit "suggest: PSCI in userspace when asked" 0 "$SMCCCTRACE" -d "$db" suggest \
	--forward 0x84000000+32,0xc4000000+32 --deny 0x95c1ba5e+4 --vmm-handles 0xc6000010 --format csv
check_eq "suggest: PSCI forwarded, PSCI 0.1 denied" "$(cut -d, -f1-5 "$TMP/out")" \
"base,nr_functions,action,calls,changed
0x84000000,32,FWD_TO_USER,4,4
0x95c1ba5e,4,DENY,0,0
0xc4000000,32,FWD_TO_USER,0,0
0xc6000010,1,FWD_TO_USER,2,0
,,outside,5,0
,,total,11,4"

check_exit "suggest: by service" 0 "$SMCCCTRACE" -d "$db" suggest \
	--vmm-handles 0xc6000000+65536 --granularity service --format csv
check_eq "suggest: the vendor hypervisor service in both conventions, less KVM's IDs" \
	"$(cut -d, -f1-5 "$TMP/out")" \
"base,nr_functions,action,calls,changed
0x86000002,65279,FWD_TO_USER,0,0
0x8600ff02,254,FWD_TO_USER,0,0
0xc6000000,65536,FWD_TO_USER,6,4
,,outside,5,0
,,total,11,4"

check_exit "suggest: table" 0 "$SMCCCTRACE" -d "$db" suggest --vmm-handles 0xc6000000+256
check_eq "suggest: table rows, in report's time units" "$(sed -n '4,$p' "$TMP/out")" \
"BASE           LAST        ACTION       SERVICE  CALLS  CHANGED  CHANGED/S  CHANGE/CALL  HOST TIME/S
0xc6000003     0xc6000010  FWD_TO_USER  pKVM         6        4       4.00      +20.0us    +80.0us/s
(in no range)                                        5        0          0            -        0ns/s
total                                               11        4       4.00      +20.0us    +80.0us/s"
check_eq "suggest: table heading" "$(head -2 "$TMP/out")" \
"session 1: 11 calls in 1.00s
median latency: forwarded 21.0us, in the kernel 1.00us"

check_exit "suggest: contradicting policy" 2 "$SMCCCTRACE" -d "$db" suggest \
	--deny 0xc6000000+16 --keep-in-kernel 0xc6000008
check_eq "suggest: contradiction message" "$(cat "$TMP/err")" \
	"smccctrace: suggest: 0xc6000008 is both denied and kept in the kernel"

cat >"$TMP/deny.json" <<'EOF'
{"filters": [{"base": "0xc6000010", "nr_functions": 1, "action": "DENY"}]}
EOF
check_exit "evaluate: a given configuration" 0 "$SMCCCTRACE" -d "$db" suggest --evaluate "$TMP/deny.json" --format csv
check_eq "evaluate: denying the forwarded calls saves host time" "$(cat "$TMP/out")" \
"base,nr_functions,action,calls,changed,changed_per_s,latency_change_ns,added_ns_per_s,uncertain
0xc6000010,1,DENY,2,2,2.000,-20000,-40000.000,0
,,outside,9,0,0.000,0,0.000,0
,,total,11,2,2.000,-20000,-40000.000,0"

check_exit "evaluate: table" 0 "$SMCCCTRACE" -d "$db" suggest --evaluate "$TMP/deny.json"
check_eq "evaluate: the time saved, signed, in report's units" "$(sed -n 5p "$TMP/out")" \
	"0xc6000010     0xc6000010  DENY    pKVM         2        2       2.00      -20.0us    -40.0us/s"
check_exit "suggest: c" 0 "$SMCCCTRACE" -d "$db" suggest --vmm-handles 0xc6000000+256 --format c
check_eq "suggest: exact c" "$(cat "$TMP/out")" \
"/* KVM_ARM_VM_SMCCC_FILTER entries for session 1 */
static const struct kvm_smccc_filter smccc_filters[] = {
	{ .base = 0xc6000003, .nr_functions = 14, .action = KVM_SMCCC_FILTER_FWD_TO_USER },
};"
if command -v gcc >/dev/null 2>&1; then
	# struct kvm_smccc_filter as the arm64 UAPI (Linux 6.4+) defines it
	cat >"$TMP/uapi.h" <<'EOF'
#include <linux/types.h>
enum kvm_smccc_filter_action {
	KVM_SMCCC_FILTER_HANDLE = 0,
	KVM_SMCCC_FILTER_DENY,
	KVM_SMCCC_FILTER_FWD_TO_USER,
};
struct kvm_smccc_filter {
	__u32 base;
	__u32 nr_functions;
	__u8 action;
	__u8 pad[15];
};
EOF
	{
		echo '#include "uapi.h"'
		cat "$TMP/out"
		echo '_Static_assert(sizeof(struct kvm_smccc_filter) == 24, "UAPI size");'
		echo 'int main(void) { return smccc_filters[0].nr_functions == 14 ? 0 : 1; }'
	} >"$TMP/filters.c"
	check "suggest: the c initializer compiles against the UAPI struct" \
		gcc -std=c11 -Wall -Wextra -Werror -o "$TMP/filters" "$TMP/filters.c"
	check "suggest: and holds the suggestion" "$TMP/filters"
else
	skip "c initializer: gcc not available"
	skip "c initializer: gcc not available"
fi

# A session without forwarded calls (1 ms long): no latency estimate
cat >"$TMP/s2.scn" <<'SCN'
comm 200 CPU 0/KVM
call 1000 0 200 hvc 0xc6000001 kernel 800
call 1000100 0 200 hvc 0xc6000002 kernel 900
SCN
check "generate session 2" "$TRACEGEN" -o "$TMP/s2.dat" "$TMP/s2.scn"
check "import session 2" "$SMCCCTRACE" -d "$db" import -q "$TMP/s2.dat"
check_exit "suggest: latest session, no forwarded calls" 0 \
	"$SMCCCTRACE" -d "$db" suggest --vmm-handles 0xc6000000+16 --format json
check_eq "suggest: estimate unavailable, moves still counted" "$(cat "$TMP/out")" \
'{"filters": [{"base": "0xc6000001", "nr_functions": 2, "action": "FWD_TO_USER"}], "kept": [], "predicted": {"session": 2, "calls": 2, "duration_ns": 1000000, "forwarded_median_ns": null, "kernel_median_ns": 800, "estimate": false, "why_no_estimate": "the session has no forwarded calls", "unknown_id_calls": 0, "unknown_id_calls_at": {"forwarded": 0, "kernel": 0, "denied": 0, "unknown": 0}, "unknown_location_calls": 0, "ranges": [{"base": "0xc6000001", "nr_functions": 2, "action": "FWD_TO_USER", "calls": 2, "changed": 2, "changed_per_s": 2000.000, "latency_change_ns": null, "added_ns_per_s": null, "uncertain": false}], "outside": {"calls": 0, "changed": 0, "changed_per_s": 0.000, "latency_change_ns": null, "added_ns_per_s": null, "uncertain": false}, "total": {"calls": 2, "changed": 2, "changed_per_s": 2000.000, "latency_change_ns": null, "added_ns_per_s": null, "uncertain": false}}, "notes": []}'
check_exit "suggest: table without an estimate" 0 \
	"$SMCCCTRACE" -d "$db" suggest --vmm-handles 0xc6000000+16
check_eq "suggest: the table says why there is no estimate" "$(sed -n 2p "$TMP/out")" \
	"latency estimate unavailable: the session has no forwarded calls"
check_exit "suggest: no VMM information" 2 "$SMCCCTRACE" -d "$db" suggest -s 2
check_eq "suggest: says what is missing" "$(head -1 "$TMP/err")" \
	"smccctrace: suggest: what does the VMM implement? session 2 has no filter to tell: give --vmm-handles or --vmm-session"
check_exit "suggest: the first session's filter as the VMM's" 0 \
	"$SMCCCTRACE" -d "$db" suggest -s 2 --vmm-session 1 --format csv
check_eq "suggest: nothing observed is in it" "$(sed -n 2p "$TMP/out")" ",,outside,2,0,0.000,,,0"

# ---- calls of unknown function ID (an SMC seen by tracepoints alone) ----

# One forwarded SMC (its ID unknown from the trace), one denied call, three
# that stay in the kernel and two forwarded HVCs; imported with the filter
# the VM ran with (session 3) and without one (session 4)
cat >"$TMP/s3.scn" <<'SCN'
comm 200 CPU 0/KVM
call 3000000000 0 200 hvc 0xc6000001 user 21000 500
call 3000100000 0 200 smc 0x82000001 user 21000 500
call 3000200000 0 200 hvc 0xc2000010 denied 1000
call 3000300000 0 200 hvc 0x84000000 kernel 1000
call 3000400000 0 200 hvc 0x86000000 kernel 1000
call 3001000000 0 200 hvc 0xc6000001 user 21000 500
SCN
check "generate session 3" "$TRACEGEN" -o "$TMP/s3.dat" "$TMP/s3.scn"
check "import session 3 with its filter" "$SMCCCTRACE" -d "$db" import -q \
	--filter fwd:0xc6000000+16,fwd:0x82000000+16,deny:0xc2000000+32 "$TMP/s3.dat"
cp "$TMP/s3.dat" "$TMP/s4.dat"
check "import session 4 without one" "$SMCCCTRACE" -d "$db" import -q "$TMP/s4.dat"

check_exit "unknown ID: suggest" 0 "$SMCCCTRACE" -d "$db" suggest -s 3
check_eq "unknown ID: every forwarded range kept, the DENY range too, and said" \
	"$(cat "$TMP/out")" \
"session 3: 6 calls in 1.02ms
median latency: forwarded 21.0us, in the kernel 1.00us

BASE           LAST        ACTION       SERVICE     CALLS  CHANGED  CHANGED/S  CHANGE/CALL  HOST TIME/S
0x82000000     0x8200000f  FWD_TO_USER  SIP            0?        0          0            -        0ns/s
0xc2000000     0xc200001f  DENY         SIP             1        0          0            -        0ns/s
0xc6000000     0xc600000f  FWD_TO_USER  VENDOR_HYP     2?        0          0            -        0ns/s
(in no range)                                           2        0          0            -        0ns/s
total                                                  5?        0          0            -        0ns/s
kept forwarded, from session 3's filter: 0xc6000000+16, 0x82000000+16: its 1
  forwarded calls of unknown function ID (SMC seen by tracepoints alone) may
  have any of these IDs; record --shim or --probe records their IDs
kept denied, from session 3's filter: 0xc2000000+32 (--drop-session-deny leaves
  them out)
? uncertain: 1 calls of unknown function ID (1 forwarded) may have IDs of the
  rows marked ?; they are counted in no row"

check_exit "unknown ID: json" 0 "$SMCCCTRACE" -d "$db" suggest -s 3 --format json
check_eq "unknown ID: json says what was kept and why" \
	"$(sed 's/"predicted".*"notes"/"notes"/' "$TMP/out")" \
'{"filters": [{"base": "0x82000000", "nr_functions": 16, "action": "FWD_TO_USER"}, {"base": "0xc2000000", "nr_functions": 32, "action": "DENY"}, {"base": "0xc6000000", "nr_functions": 16, "action": "FWD_TO_USER"}], "kept": [{"base": "0xc6000000", "nr_functions": 16, "action": "FWD_TO_USER", "why": "forwarded calls of unknown function ID"}, {"base": "0x82000000", "nr_functions": 16, "action": "FWD_TO_USER", "why": "forwarded calls of unknown function ID"}, {"base": "0xc2000000", "nr_functions": 32, "action": "DENY", "why": "the session'"'"'s DENY range"}], "notes": ["kept forwarded, from session 3'"'"'s filter: 0xc6000000+16, 0x82000000+16: its 1 forwarded calls of unknown function ID (SMC seen by tracepoints alone) may have any of these IDs; record --shim or --probe records their IDs", "kept denied, from session 3'"'"'s filter: 0xc2000000+32 (--drop-session-deny leaves them out)", "? uncertain: 1 calls of unknown function ID (1 forwarded) may have IDs of the rows marked ?; they are counted in no row"]}'
check_eq "unknown ID: json counts them by location, marks the rows" \
	"$(grep -o '"unknown_id_calls_at": {[^}]*}\|"uncertain": [a-z]*' "$TMP/out" | tr '\n' ' ')" \
	'"unknown_id_calls_at": {"forwarded": 1, "kernel": 0, "denied": 0, "unknown": 0} "uncertain": true "uncertain": false "uncertain": true "uncertain": false "uncertain": true '
cp "$TMP/out" "$TMP/kept.json"
check_exit "unknown ID: the kept configuration passes --check" 0 \
	"$SMCCCTRACE" suggest --check "$TMP/kept.json"

check_exit "unknown ID: c" 0 "$SMCCCTRACE" -d "$db" suggest -s 3 --format c
check_eq "unknown ID: c says it in comments" "$(cat "$TMP/out")" \
"/* KVM_ARM_VM_SMCCC_FILTER entries for session 3 */
/* kept forwarded, from session 3's filter: 0xc6000000+16, 0x82000000+16: its 1
 * forwarded calls of unknown function ID (SMC seen by tracepoints alone) may
 * have any of these IDs; record --shim or --probe records their IDs
 */
/* kept denied, from session 3's filter: 0xc2000000+32 (--drop-session-deny
 * leaves them out)
 */
/* ? uncertain: 1 calls of unknown function ID (1 forwarded) may have IDs of
 * the rows marked ?; they are counted in no row
 */
static const struct kvm_smccc_filter smccc_filters[] = {
	{ .base = 0x82000000, .nr_functions = 16, .action = KVM_SMCCC_FILTER_FWD_TO_USER },
	{ .base = 0xc2000000, .nr_functions = 32, .action = KVM_SMCCC_FILTER_DENY },
	{ .base = 0xc6000000, .nr_functions = 16, .action = KVM_SMCCC_FILTER_FWD_TO_USER },
};"

check_exit "unknown ID: --drop-session-deny" 0 \
	"$SMCCCTRACE" -d "$db" suggest -s 3 --drop-session-deny --format csv
check_eq "unknown ID: the denied call moves to the kernel" "$(cat "$TMP/out")" \
"base,nr_functions,action,calls,changed,changed_per_s,latency_change_ns,added_ns_per_s,uncertain
0x82000000,16,FWD_TO_USER,0,0,0.000,0,0.000,1
0xc6000000,16,FWD_TO_USER,2,0,0.000,0,0.000,1
,,outside,3,1,979.432,0,0.000,0
,,total,5,1,979.432,0,0.000,1"

check_exit "unknown ID: no filter to bound them" 2 \
	"$SMCCCTRACE" -d "$db" suggest -s 4 --vmm-handles 0xc6000000+16
check_eq "unknown ID: refused, with the reason and the way out" "$(cat "$TMP/err")" \
	"smccctrace: suggest: session 4: 1 forwarded calls have no known function ID (SMC seen by tracepoints alone) and no filter says which IDs they may have, so a suggestion could stop forwarding them: record with --shim or --probe for their IDs, or import with --filter"
check_eq "unknown ID: nothing half-written" "$(cat "$TMP/out")" ""

check_exit "unknown ID: a policy that would stop forwarding them" 2 \
	"$SMCCCTRACE" -d "$db" suggest -s 3 --keep-in-kernel 0x82000001
check_eq "unknown ID: refused, saying which" "$(cat "$TMP/err")" \
	"smccctrace: suggest: 0x82000001 is kept in the kernel, but 1 forwarded calls of unknown function ID may have it"
check_exit "unknown ID: --forward against the session's DENY range" 2 \
	"$SMCCCTRACE" -d "$db" suggest -s 3 --forward 0xc2000010
check_eq "unknown ID: the message says the DENY range is the session's" "$(cat "$TMP/err")" \
	"smccctrace: suggest: 0xc2000010 is both forwarded and denied (the session's DENY ranges stay unless --drop-session-deny)"

cat >"$TMP/narrow.json" <<'EOF'
{"filters": [{"base": "0xc6000001", "nr_functions": 1, "action": "FWD_TO_USER"},
	     {"base": "0x86000000", "nr_functions": 1, "action": "DENY"}]}
EOF
check_exit "unknown ID: --evaluate" 0 "$SMCCCTRACE" -d "$db" suggest -s 3 --evaluate "$TMP/narrow.json"
check_eq "unknown ID: --evaluate marks the uncertain rows" "$(sed -n '4,$p' "$TMP/out")" \
"BASE           LAST        ACTION       SERVICE     CALLS  CHANGED  CHANGED/S  CHANGE/CALL  HOST TIME/S
0xc6000001     0xc6000001  FWD_TO_USER  VENDOR_HYP     2?        0          0            -        0ns/s
0x86000000     0x86000000  DENY         KVM             1        1        979          0ns        0ns/s
(in no range)                                          2?        1        979          0ns        0ns/s
total                                                  5?        2      1.96k          0ns        0ns/s
? uncertain: 1 calls of unknown function ID (1 forwarded) may have IDs of the
  rows marked ?; they are counted in no row"

done_testing
