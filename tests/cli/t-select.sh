#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The selection options, --sort and --top on report and diff, and report
# over several sessions; on a generated trace whose latencies are known.
. "$(dirname "$0")/lib.sh"

need_cmd "$SMCCCTRACE"
need_cmd "$TRACEGEN"

check "generate the trace" "$TRACEGEN" -o "$TMP/mix.dat" "$(dirname "$0")/seconds.scn"
db=$TMP/mix.db
cd "$TMP" || exit 1
check_exit "import" 0 "$SMCCCTRACE" -d "$db" import -q --filter deny:0x82000010+1 mix.dat
check_exit "import again" 0 "$SMCCCTRACE" -d "$db" import -q --force --filter deny:0x82000010+1 mix.dat

report() {
	"$SMCCCTRACE" -d "$db" report "$@" 2>&1
}

# vCPU 0: 0x84000000 400; 0xc6000001 1000 3000 1500 -> p50 rank 2 of
# 1000 1500 3000 = 1500, mean 5500/3 = 1833; their time 5900 ns, and 4
# calls in the session's 72 us are 55.6k/s
check_eq "report --vcpu 0: the header says what was selected" "$(report -b function --vcpu 0 | sed -n 1,5p)" \
"session 2 (import): mix.dat
calls: 8 (5 forwarded, 2 kernel, 1 denied, 0 unknown), 0 incomplete
exits: 8 kvm_exit, 8 of them SMCCC calls (100.0%), 0 events lost
length: 72.0us, 55.6k calls/s; time in calls: 5.90us
selected: 4 of these calls"
check_eq "report --vcpu 0: the groups" "$(report -b function --vcpu 0 -f csv | cut -d, -f1,3,4,11,16)" \
"key,calls,share,p50_ns,mean_ns
0xc6000001,3,75,1500,1833
0x84000000,1,25,400,400"
check_eq "report --location user --from: json" \
	"$(report -b location --location user --from 1000.00005 -f json | sed 's/, "groups".*//')" \
	'{"session": 2, "source": "mix.dat", "kind": "import", "by": "location", "calls": 8, "kernel": 2, "user": 5, "denied": 1, "unknown_location": 0, "incomplete": 0, "lost_events": 0, "duration_ns": 72000, "total_ns": 6500, "selected": 3, "filter_known": true, "vms": 0, "vm_filters": 0, "exits": {"total": 8, "smccc": 8}'
check_eq "report --function and --range" "$(report -b function --function unknown,0x84000000 --range PSCI/32 -f csv | cut -d, -f1,3)" \
"key,calls
0x84000000,2"
check_eq "report --range a service alone, in any case" "$(report -b function --range psci -f csv | cut -d, -f1,3)" \
"key,calls
0x84000000,2"
check_eq "calls --range an owner's key, in any case" \
	"$("$SMCCCTRACE" -d "$db" calls --range Vendor_Hyp/64 -f csv | cut -d, -f2,6 | tr '\n' ' ')" \
	"t_exit_ns,func_id 1000000020000,0xc6000001 1000000050000,0xc6000001 1000000060000,0xc6000001 1000000080000,0xc6000001 "
check_exit "calls --range a name no range has" 2 "$SMCCCTRACE" -d "$db" calls --range PSCII
check_eq "  says what" "$(head -1 "$TMP/err")" \
	"smccctrace: calls: --range: 'PSCII' is not a range (BASE+N, LO-HI, a range key such as PSCI/32 or a service such as PSCI)"

# Two sessions as one: every count doubles, the figures stay
check_eq "report -s 1,2: the header" "$(report -s 1,2 -b vcpu | sed -n 1,3p)" \
"sessions 1, 2 (import): mix.dat, mix.dat
calls: 16 (10 forwarded, 4 kernel, 2 denied, 0 unknown), 0 incomplete
exits: 16 kvm_exit, 16 of them SMCCC calls (100.0%), 0 events lost"
check_eq "report -s 1 -s latest: the groups" "$(report -s 1 -s latest -b location -f csv | cut -d, -f1-3,10,15)" \
"key,calls,share,p50_ns,mean_ns
user,10,62.5,1500,1620
kernel,4,25,400,500
denied,2,12.5,50,50"
check_eq "report -s 1,2 json names both" "$(report -s 1,2 -f json | sed 's/, "kind".*//')" \
	'{"session": 1, "sessions": "1, 2", "source": "mix.dat, mix.dat"'
check_exit "report -s 1,9: a session that is not there" 2 "$SMCCCTRACE" -d "$db" report -s 1,9
check_eq "report -s 1,9: names it" "$(cat "$TMP/err")" "smccctrace: $db: no session 9"
check_exit "report -s 1,x" 2 "$SMCCCTRACE" -d "$db" report -s 1,x
check_eq "report -s 1,x: says what" "$(head -1 "$TMP/err")" \
	"smccctrace: report: --session: 'x' is not a session (a number from 1, or latest)"

# --sort and --top: p99 per function is 3000, 600, 600, 50 (ties by key)
check_eq "report --sort p99" "$(report -b function --sort p99 -f csv | cut -d, -f1,13)" \
"key,p99_ns
0xc6000001,3000
0x84000000,600
unknown,600
0x82000010,50"
check_eq "report --sort key --top 2" "$(report -b function --sort key --top 2 -f csv | cut -d, -f1,3,4)" \
"key,calls,share
0x82000010,1,12.5
0x84000000,2,25"
# totals: 0xc6000001 7500, 0x84000000 1000, unknown 600, 0x82000010 50
check_eq "report --sort total --top 3" "$(report -b function --sort total --top 3 -f csv | cut -d, -f1)" \
"key
0xc6000001
0x84000000
unknown"
check_eq "report --sort mean" "$(report -b function --sort mean -f csv | cut -d, -f1,16)" \
"key,mean_ns
0xc6000001,1875
unknown,600
0x84000000,500
0x82000010,50"
check_exit "report --sort colour" 2 "$SMCCCTRACE" -d "$db" report --sort colour
check_eq "report --sort colour: says what" "$(head -1 "$TMP/err")" \
	"smccctrace: report: --sort: 'colour' is not one of calls, key, total, mean, p50, p99, max"

# diff: the same selection on both sides, rows sorted and cut
keys() {
	"$SMCCCTRACE" -d "$db" diff --format json "$@" 1 2 | grep -o '"key": "[^"]*"' | tr '\n' ' '
}
check_eq "diff --vcpu 1: one call each, by key" "$(keys --vcpu 1)" \
	'"key": "0x82000010" "key": "0x84000000" "key": "0xc6000001" "key": "unknown" '
check_eq "diff --vcpu 1 --sort total --top 2" "$(keys --vcpu 1 --sort total --top 2)" \
	'"key": "0xc6000001" "key": "0x84000000" '
check_eq "diff --location denied" "$(keys --location denied)" '"key": "0x82000010" '
check_eq "diff --to: only the first two calls" \
	"$("$SMCCCTRACE" -d "$db" diff --to 1000.00002 -f json 1 2 | grep -o '"calls_a": [0-9]*' | tr '\n' ' ')" \
	'"calls_a": 1 "calls_a": 1 '
check_exit "diff --range bad" 2 "$SMCCCTRACE" -d "$db" diff --range 5-1 1 2
check_eq "diff --range bad: says what" "$(head -1 "$TMP/err")" \
	"smccctrace: diff: --range: '5-1' is not a range of IDs"

done_testing
