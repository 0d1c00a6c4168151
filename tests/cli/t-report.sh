#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# smccctrace report on generated traces whose every latency is known: the
# expected figures below are worked out by hand from the scenarios.
. "$(dirname "$0")/lib.sh"

need_smccctrace
need_built "$TRACEGEN"
need_cmd sqlite3
"$SMCCCTRACE" import --help >/dev/null 2>&1 || skip_all "the import command is not available"
"$SMCCCTRACE" report --help >/dev/null 2>&1 || skip_all "the report command is not available"

check "generate the trace" "$TRACEGEN" -o "$TMP/mix.dat" "$(dirname "$0")/report.scn"
db=$TMP/mix.db
check_exit "import with a filter" 0 "$SMCCCTRACE" -d "$db" import -q \
	--filter deny:0x82000010+1 "$TMP/mix.dat"

report() {
	"$SMCCCTRACE" -d "$db" report "$@" 2>&1
}

# Per function. 0xc6000001: totals 1000 3000 1500 2000, sorted 1000 1500
# 2000 3000: p50 = rank ceil(0.5*4) = 2 -> 1500, p90 = rank 4 -> 3000,
# mean 7500/4 = 1875; out 200 1000 300 600 -> p50 300, p99 1000;
# back 800 2000 1200 1400 -> p50 1200, p99 2000. 0x84000000: 400 600 ->
# p50 rank 1 -> 400, p90 rank ceil(1.8) = 2 -> 600, mean 500. The SMC's ID
# is unknown: key "unknown". Ties (one call each) sort by key.
# The session runs from 10000 to 86200 ns: 76200 ns. Latencies added:
# 0xc6000001 7500, 0x84000000 1000, 0x82000010 50, unknown 600; all 9150.
# time_share 7500/9150 = 81.9672%, calls_per_s 4/76.2us = 52493.438,
# p99_p50 3000/1500 = 2; 0x84000000: 10.929%, 26246.719/s, 600/400 = 1.5.
check_eq "csv by function" "$(report --by function --format csv)" \
"key,name,calls,share,kernel,user,denied,unknown_location,incomplete,min_ns,p50_ns,p90_ns,p99_ns,p999_ns,max_ns,mean_ns,out_p50_ns,out_p99_ns,back_p50_ns,back_p99_ns,total_ns,time_share,calls_per_s,p99_p50
0xc6000001,,4,50,0,4,0,0,0,1000,1500,3000,3000,3000,3000,1875,300,1000,1200,2000,7500,81.9672,52493.438,2
0x84000000,PSCI_VERSION,2,25,2,0,0,0,0,400,400,600,600,600,600,500,,,,,1000,10.929,26246.719,1.5
0x82000010,,1,12.5,0,0,1,0,0,50,50,50,50,50,50,50,,,,,50,0.5464,13123.36,1
unknown,,1,12.5,0,1,0,0,0,600,600,600,600,600,600,600,100,100,500,500,600,6.5574,13123.36,1"

check_eq "json by function" "$(report --by function --format json)" \
'{"session": 1, "source": "'"$TMP"'/mix.dat", "kind": "import", "by": "function", "calls": 8, "kernel": 2, "user": 5, "denied": 1, "unknown_location": 0, "incomplete": 0, "lost_events": 0, "duration_ns": 76200, "total_ns": 9150, "filter_known": true, "vms": 0, "vm_filters": 0, "exits": {"total": 10, "smccc": 8}, "groups": [{"key": "0xc6000001", "name": null, "calls": 4, "share": 50, "kernel": 0, "user": 4, "denied": 0, "unknown_location": 0, "incomplete": 0, "min_ns": 1000, "p50_ns": 1500, "p90_ns": 3000, "p99_ns": 3000, "p999_ns": 3000, "max_ns": 3000, "mean_ns": 1875, "total_ns": 7500, "time_share": 81.9672, "calls_per_s": 52493.438, "p99_p50": 2, "forwarded": {"timed": 4, "out_p50_ns": 300, "out_p99_ns": 1000, "out_mean_ns": 525, "back_p50_ns": 1200, "back_p99_ns": 2000, "back_mean_ns": 1350}}, {"key": "0x84000000", "name": "PSCI_VERSION", "calls": 2, "share": 25, "kernel": 2, "user": 0, "denied": 0, "unknown_location": 0, "incomplete": 0, "min_ns": 400, "p50_ns": 400, "p90_ns": 600, "p99_ns": 600, "p999_ns": 600, "max_ns": 600, "mean_ns": 500, "total_ns": 1000, "time_share": 10.929, "calls_per_s": 26246.719, "p99_p50": 1.5}, {"key": "0x82000010", "name": null, "calls": 1, "share": 12.5, "kernel": 0, "user": 0, "denied": 1, "unknown_location": 0, "incomplete": 0, "min_ns": 50, "p50_ns": 50, "p90_ns": 50, "p99_ns": 50, "p999_ns": 50, "max_ns": 50, "mean_ns": 50, "total_ns": 50, "time_share": 0.5464, "calls_per_s": 13123.36, "p99_p50": 1}, {"key": "unknown", "name": null, "calls": 1, "share": 12.5, "kernel": 0, "user": 1, "denied": 0, "unknown_location": 0, "incomplete": 0, "min_ns": 600, "p50_ns": 600, "p90_ns": 600, "p99_ns": 600, "p999_ns": 600, "max_ns": 600, "mean_ns": 600, "total_ns": 600, "time_share": 6.5574, "calls_per_s": 13123.36, "p99_p50": 1, "forwarded": {"timed": 1, "out_p50_ns": 100, "out_p99_ns": 100, "out_mean_ns": 100, "back_p50_ns": 500, "back_p99_ns": 500, "back_mean_ns": 500}}]}'

check_eq "json is valid and readable by sqlite" \
	"$(sqlite3 :memory: "SELECT json_extract('$(report --by function --format json)', '\$.groups[1].p90_ns')")" \
	"600"

# Per location. user: 1000 3000 1500 600 2000, sorted 600 1000 1500 2000
# 3000: p50 = rank ceil(2.5) = 3 -> 1500, p90 = rank ceil(4.5) = 5 -> 3000,
# mean 8100/5 = 1620; out sorted 100 200 300 600 1000 -> p50 300;
# back sorted 500 800 1200 1400 2000 -> p50 1200. Latencies added: user
# 8100 (88.5246% of 9150), 5 calls in 76.2us = 65616.798/s, 3000/1500 = 2.
check_eq "csv by location" "$(report --by location --format csv)" \
"key,calls,share,kernel,user,denied,unknown_location,incomplete,min_ns,p50_ns,p90_ns,p99_ns,p999_ns,max_ns,mean_ns,out_p50_ns,out_p99_ns,back_p50_ns,back_p99_ns,total_ns,time_share,calls_per_s,p99_p50
user,5,62.5,0,5,0,0,0,600,1500,3000,3000,3000,3000,1620,300,1000,1200,2000,8100,88.5246,65616.798,2
kernel,2,25,2,0,0,0,0,400,400,600,600,600,600,500,,,,,1000,10.929,26246.719,1.5
denied,1,12.5,0,0,1,0,0,50,50,50,50,50,50,50,,,,,50,0.5464,13123.36,1"

# Per owner and per range: the SMC, whose ID is unknown, groups as "unknown"
check_eq "csv by owner" "$(report --by owner --format csv | cut -d, -f1-2,4-6)" \
"key,calls,kernel,user,denied
VENDOR_HYP,4,0,4,0
STD,2,2,0,0
SIP,1,0,0,1
unknown,1,0,1,0"
check_eq "csv by range" "$(report --by range --format csv | cut -d, -f1-2)" \
"key,calls
VENDOR_HYP/64,4
PSCI/32,2
SIP/32,1
unknown,1"

# Per vCPU (from the "CPU N/KVM" thread names): four calls each, the tie sorted by key
check_eq "csv by vcpu" "$(report --by vcpu --format csv | cut -d, -f1-4,9-15)" \
"key,calls,share,kernel,min_ns,p50_ns,p90_ns,p99_ns,p999_ns,max_ns,mean_ns
vcpu 0,4,50,1,400,1000,3000,3000,3000,3000,1475
vcpu 1,4,50,1,50,600,2000,2000,2000,2000,813"

# log2 buckets: user 600 1000 | 1500 2000 | 3000; kernel 400 | 600; denied 50
check_eq "csv histograms" "$(report --by location --format csv --hist)" \
"key,lo_ns,hi_ns,count
user,512,1023,2
user,1024,2047,2
user,2048,4095,1
kernel,256,511,1
kernel,512,1023,1
denied,32,63,1"
check_eq "json histogram of a group" \
	"$(report --by location --format json --hist | sed 's/.*"key": "kernel"/"key": "kernel"/; s/}, {"key".*//')" \
	'"key": "kernel", "calls": 2, "share": 25, "kernel": 2, "user": 0, "denied": 0, "unknown_location": 0, "incomplete": 0, "min_ns": 400, "p50_ns": 400, "p90_ns": 600, "p99_ns": 600, "p999_ns": 600, "max_ns": 600, "mean_ns": 500, "total_ns": 1000, "time_share": 10.929, "calls_per_s": 26246.719, "p99_p50": 1.5, "hist": [{"lo_ns": 256, "hi_ns": 511, "count": 1}, {"lo_ns": 512, "hi_ns": 1023, "count": 1}]'

# The table: header, human units, the forwarded split. 8 calls in 76.2us:
# 104986.9/s, shown with three significant digits as 105k.
out=$(report --by location)
check_eq "table header" "$(printf '%s\n' "$out" | sed -n 1,4p)" \
"session 1 (import): $TMP/mix.dat
calls: 8 (5 forwarded, 2 kernel, 1 denied, 0 unknown), 0 incomplete
exits: 10 kvm_exit, 8 of them SMCCC calls (80.0%), 0 events lost
length: 76.2us, 105k calls/s; time in calls: 9.15us"
check_eq "table rows" "$(printf '%s\n' "$out" | sed -n 6,9p)" \
"KEY     CALLS  CALLS/S   TOTAL  TIME%     P50     P99     MAX  P99/P50
user        5    65.6k  8.10us  88.5%  1.50us  3.00us  3.00us      2.0
kernel      2    26.2k  1.00us  10.9%   400ns   600ns   600ns      1.5
denied      1    13.1k    50ns   0.5%    50ns    50ns    50ns      1.0"
check_eq "table forwarded split" "$(printf '%s\n' "$out" | sed -n '11,$p')" \
"forwarded calls: kernel out = kvm_exit -> kvm_userspace_exit,
userspace and back = kvm_userspace_exit -> kvm_entry
KEY   FORWARDED  OUT P50  OUT P99  BACK P50  BACK P99
user          5    300ns   1.00us    1.20us    2.00us"
check_eq "forwarded split by function: names beside the IDs" \
	"$(report --by function | sed -n '/^forwarded calls/,$p' | sed -n '3,$p')" \
"KEY         NAME  FORWARDED  OUT P50  OUT P99  BACK P50  BACK P99
0xc6000001  -             4    300ns   1.00us    1.20us    2.00us
unknown     -             1    100ns    100ns     500ns     500ns"
check_eq "table histogram" "$(report --by location --hist | grep -A3 'histogram of user')" \
"latency histogram of user (5 calls, log2 buckets)
  FROM   BELOW  COUNT
 512ns  1.02us      2  ########################################
1.02us  2.05us      2  ########################################"

# empty buckets between the first and the last are shown: vCPU 1 has
# 50 | 600 600 | 2000 ns
check_eq "csv histogram: empty buckets between" \
	"$(report --by vcpu --format csv --hist | grep '^vcpu 1')" \
"vcpu 1,32,63,1
vcpu 1,64,127,0
vcpu 1,128,255,0
vcpu 1,256,511,0
vcpu 1,512,1023,2
vcpu 1,1024,2047,1"
check_eq "table histogram: empty buckets between" \
	"$(report --by vcpu --hist | sed -n '/histogram of vcpu 1/,$p')" \
"latency histogram of vcpu 1 (4 calls, log2 buckets)
  FROM   BELOW  COUNT
  32ns    64ns      1  ####################
  64ns   128ns      0
 128ns   256ns      0
 256ns   512ns      0
 512ns  1.02us      2  ########################################
1.02us  2.05us      1  ####################"
check_eq "json histogram: empty buckets between" \
	"$(report --by vcpu --format json --hist | grep -o '"hist": \[[^]]*\]' | tail -n 1)" \
	'"hist": [{"lo_ns": 32, "hi_ns": 63, "count": 1}, {"lo_ns": 64, "hi_ns": 127, "count": 0}, {"lo_ns": 128, "hi_ns": 255, "count": 0}, {"lo_ns": 256, "hi_ns": 511, "count": 0}, {"lo_ns": 512, "hi_ns": 1023, "count": 2}, {"lo_ns": 1024, "hi_ns": 2047, "count": 1}]'

# Without a filter the denied call counts as kernel, and the table says so
check_exit "import without a filter" 0 "$SMCCCTRACE" -d "$TMP/nofilter.db" import -q "$TMP/mix.dat"
check_eq "note when the filter is unknown" \
	"$("$SMCCCTRACE" -d "$TMP/nofilter.db" report | sed -n 5p)" \
	"filter unknown: denied calls are counted as kernel"

# Cut calls: counted, located, but no latency
cat >"$TMP/cut.scn" <<'SCN'
call 1000 0 200 hvc 0x84000000 kernel 100
2000 0 200 exit 2 0x16 0x40001004
2001 0 200 hvc 0x40001004 0x86000000 0
SCN
check "generate the cut trace" "$TRACEGEN" -o "$TMP/cut.dat" "$TMP/cut.scn"
check_exit "import the cut trace" 0 "$SMCCCTRACE" -d "$TMP/cut.db" import -q "$TMP/cut.dat"
check_eq "incomplete call: counted, latency empty" \
	"$("$SMCCCTRACE" -d "$TMP/cut.db" report --by function --format csv | cut -d, -f1,3,5-16)" \
"key,calls,kernel,user,denied,unknown_location,incomplete,min_ns,p50_ns,p90_ns,p99_ns,p999_ns,max_ns,mean_ns
0x84000000,1,1,0,0,0,0,100,100,100,100,100,100,100
0x86000000,1,0,0,0,1,1,,,,,,,"
check_eq "incomplete call: latency null in json" \
	"$("$SMCCCTRACE" -d "$TMP/cut.db" report --by function --format json | sed 's/.*"key": "0x86000000"/"key": "0x86000000"/; s/}\]}$//')" \
	'"key": "0x86000000", "name": "KVM_FEATURES", "calls": 1, "share": 50, "kernel": 0, "user": 0, "denied": 0, "unknown_location": 1, "incomplete": 1, "min_ns": null, "p50_ns": null, "p90_ns": null, "p99_ns": null, "p999_ns": null, "max_ns": null, "mean_ns": null, "total_ns": 0, "time_share": 0, "calls_per_s": 999000.999, "p99_p50": null'

# A session without calls
cat >"$TMP/empty.scn" <<'SCN'
1000 0 300 exit 0 0 0x40001000
1100 0 300 entry 0x40001000
SCN
check "generate a trace without calls" "$TRACEGEN" -o "$TMP/empty.dat" "$TMP/empty.scn"
check_exit "import it" 0 "$SMCCCTRACE" -d "$TMP/empty.db" import -q "$TMP/empty.dat"
check_eq "empty session: header and no calls" \
	"$("$SMCCCTRACE" -d "$TMP/empty.db" report | sed -n '2p;3p;$p')" \
"calls: 0 (0 forwarded, 0 kernel, 0 denied, 0 unknown), 0 incomplete
exits: 1 kvm_exit, 0 of them SMCCC calls (0.0%), 0 events lost
no calls"
check_eq "empty session: json" \
	"$("$SMCCCTRACE" -d "$TMP/empty.db" report --format json | sed 's/.*"exits"/"exits"/')" \
	'"exits": {"total": 1, "smccc": 0}, "groups": []}'

# Sessions: the latest by default, others by id
check_exit "import a second session" 0 "$SMCCCTRACE" -d "$db" import -q "$TMP/cut.dat"
check_eq "latest session by default" "$(report --by location --format csv | sed -n 2p | cut -d, -f1-2)" \
	"kernel,1"
check_eq "--session 1" "$(report --session 1 --by location --format csv | sed -n 2p | cut -d, -f1-2)" \
	"user,5"

# A session whose VMs ran with different filters says so
cp "$db" "$TMP/vms.db"
sqlite3 "$TMP/vms.db" "INSERT INTO vms (session, vm, filter) VALUES
	(1, 0, '{\"filters\": []}'), (1, 1, NULL), (1, 2, '{\"filters\": []}')"
check_eq "VMs with different filters" \
	"$("$SMCCCTRACE" -d "$TMP/vms.db" report --session 1 2>&1 | grep '^VMs')" \
	"VMs: 3, with 2 different SMCCC filters: each call was placed by its own VM's (the vms table)"
json=$("$SMCCCTRACE" -d "$TMP/vms.db" report --session 1 --format json)
check_eq "VMs with different filters, json" \
	"$(sqlite3 :memory: "SELECT json_extract('$json', '\$.vms', '\$.vm_filters')")" '[3,2]'
check_eq "VMs with one filter say nothing" \
	"$("$SMCCCTRACE" -d "$db" report --session 1 2>&1 | grep -c '^VMs')" 0

# -o chooses the table's columns, in the order given; +COLS adds to the
# default ones (a default one named again is not repeated)
check_eq "-o: columns chosen and ordered" \
	"$(report --session 1 --by location -o key,min,mean,p99.9,share | sed -n '6,$p')" \
"KEY       MIN    MEAN   P99.9  SHARE
user    600ns  1.62us  3.00us  62.5%
kernel  400ns   500ns   600ns  25.0%
denied   50ns    50ns    50ns  12.5%

forwarded calls: kernel out = kvm_exit -> kvm_userspace_exit,
userspace and back = kvm_userspace_exit -> kvm_entry
KEY   FORWARDED  OUT P50  OUT P99  BACK P50  BACK P99
user          5    300ns   1.00us    1.20us    2.00us"
check_eq "-o +: added to the default columns, in any case" \
	"$(report --session 1 --by location -o +MIN,p50,Kernel | sed -n 6,7p)" \
"KEY     CALLS  CALLS/S   TOTAL  TIME%     P50     P99     MAX  P99/P50    MIN  KERNEL
user        5    65.6k  8.10us  88.5%  1.50us  3.00us  3.00us      2.0  600ns       0"
check_eq "-o leaves csv whole" "$(report --session 1 --by location -o key --format csv | head -n 1)" \
	"key,calls,share,kernel,user,denied,unknown_location,incomplete,min_ns,p50_ns,p90_ns,p99_ns,p999_ns,max_ns,mean_ns,out_p50_ns,out_p99_ns,back_p50_ns,back_p99_ns,total_ns,time_share,calls_per_s,p99_p50"
check_exit "-o help" 0 "$SMCCCTRACE" -d "$db" report -o help
check_eq "-o help: a line per column, then the default" \
	"$(sed -n '1p;2p;21p;$p' "$TMP/out")" \
"columns, for -o NAME,... or -o +NAME,... (added to the default):
  key          the group: range, owner, function ID, vCPU or location
  p99/p50      the spread: P99 over P50 (1.0: no tail)
default: key,calls,calls/s,total,time%,p50,p99,max,p99/p50"
check_exit "-o: an unknown column" 2 "$SMCCCTRACE" -d "$db" report -o key,colour
check_eq "-o: the error, then the columns" "$(sed -n '1,4p' "$TMP/err")" \
"smccctrace: report: -o: unknown column 'colour'
see 'smccctrace report --help'
columns:
  key          the group: range, owner, function ID, vCPU or location"
check_exit "-o: a column twice" 2 "$SMCCCTRACE" -d "$db" report -o p50,P50
check_eq "-o: a column twice, said" "$(head -n 1 "$TMP/err")" \
	"smccctrace: report: -o: column 'P50' given twice"
check_exit "-o: an empty name" 2 "$SMCCCTRACE" -d "$db" report -o key,,p50

# 80 columns by default: a long function name is cut to fit, with '~'
# (10 + 21 + 5 + 6 + 5 + 6 + 6 + 7 columns, 2 blanks between: 80)
cat >"$TMP/long.scn" <<'SCN'
call 1000 0 100 hvc 0xc4000014 kernel 1500
call 3000 0 100 hvc 0x84000000 kernel 500
SCN
check "generate a trace with a long name" "$TRACEGEN" -o "$TMP/long.dat" "$TMP/long.scn"
check_exit "import it" 0 "$SMCCCTRACE" -d "$TMP/long.db" import -q "$TMP/long.dat"
check_eq "a long name is cut to 80 columns" \
	"$("$SMCCCTRACE" -d "$TMP/long.db" report --by function | sed -n '7,$p')" \
"KEY         NAME                   CALLS   TOTAL  TIME%     P50     P99  P99/P50
0x84000000  PSCI_VERSION               1   500ns  25.0%   500ns   500ns      1.0
0xc4000014  PSCI_MEM_PROTECT_CHE~      1  1.50us  75.0%  1.50us  1.50us      1.0"
check_eq "-o: a chosen table is not cut" \
	"$("$SMCCCTRACE" -d "$TMP/long.db" report --by function -o name,calls,total,time%,p50,p99,max,mean,p99/p50 | sed -n '$p')" \
"PSCI_MEM_PROTECT_CHECK_RANGE_64      1  1.50us  75.0%  1.50us  1.50us  1.50us  1.50us      1.0"

# Errors: exit 2, one line naming what is wrong
check_exit "bad --by" 2 "$SMCCCTRACE" -d "$db" report --by colour
check_eq "bad --by message" "$(cat "$TMP/err")" \
	"smccctrace: report: --by: 'colour' is not one of owner, range, function, vcpu, location
see 'smccctrace report --help'"
check_exit "bad --format" 2 "$SMCCCTRACE" -d "$db" report --format xml
check_exit "bad option" 2 "$SMCCCTRACE" -d "$db" report --bogus
check_exit "stray argument" 2 "$SMCCCTRACE" -d "$db" report extra
check_exit "bad --session" 2 "$SMCCCTRACE" -d "$db" report --session zero
check_exit "missing session" 2 "$SMCCCTRACE" -d "$db" report --session 9
check_eq "missing session message" "$(cat "$TMP/err")" "smccctrace: $db: no session 9"
check_exit "missing database" 2 "$SMCCCTRACE" -d "$TMP/nope.db" report
check_eq "missing database message" "$(cat "$TMP/err")" \
	"smccctrace: $TMP/nope.db: No such file or directory"
check_eq "missing database not created" "$(ls "$TMP/nope.db" 2>/dev/null)" ""
check_exit "help" 0 "$SMCCCTRACE" report --help

done_testing
