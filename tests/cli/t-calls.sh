#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# smccctrace calls on a generated trace whose every time stamp and latency
# is known, and each selection option.
. "$(dirname "$0")/lib.sh"

need_cmd "$SMCCCTRACE"
need_cmd "$TRACEGEN"

# The calls of seconds.scn: times from 1000.000010 s on
check "generate the trace" "$TRACEGEN" -o "$TMP/mix.dat" "$(dirname "$0")/seconds.scn"
db=$TMP/mix.db
check_exit "import" 0 "$SMCCCTRACE" -d "$db" import -q --filter deny:0x82000010+1 "$TMP/mix.dat"

calls() {
	"$SMCCCTRACE" -d "$db" calls "$@" 2>&1
}

check_eq "the table: time stamps as trace-cmd prints them, threads, latencies" \
	"$(calls -o time,tid,thread,vcpu,func,name,conduit,location,latency,out,back,args,results)" \
"       TIME  TID  THREAD     VCPU  FUNC        NAME          CONDUIT  LOCATION  LATENCY     OUT    BACK  ARGS  RESULTS
1000.000010  100  CPU 0/KVM     0  0x84000000  PSCI_VERSION  hvc      kernel      400ns       -       -  -     -
1000.000020  100  CPU 0/KVM     0  0xc6000001  -             hvc      user       1.00us   200ns   800ns  -     -
1000.000030  101  CPU 1/KVM     1  unknown     -             smc      user        600ns   100ns   500ns  -     -
1000.000040  101  CPU 1/KVM     1  0x82000010  -             hvc      denied       50ns       -       -  -     -
1000.000050  100  CPU 0/KVM     0  0xc6000001  -             hvc      user       3.00us  1.00us  2.00us  -     -
1000.000060  100  CPU 0/KVM     0  0xc6000001  -             hvc      user       1.50us   300ns  1.20us  -     -
1000.000070  101  CPU 1/KVM     1  0x84000000  PSCI_VERSION  hvc      kernel      600ns       -       -  -     -
1000.000080  101  CPU 1/KVM     1  0xc6000001  -             hvc      user       2.00us   600ns  1.40us  -     -"

check_eq "--slowest 2, csv" "$(calls --slowest 2 --format csv)" \
"time_s,t_exit_ns,tid,thread,vcpu,func_id,name,conduit,location,incomplete,total_ns,out_ns,back_ns,args,results
1000.000050,1000000050000,100,CPU 0/KVM,0,0xc6000001,,hvc,user,0,3000,1000,2000,,
1000.000080,1000000080000,101,CPU 1/KVM,1,0xc6000001,,hvc,user,0,2000,600,1400,,"

check_eq "--vcpu 1 --location user, json" "$(calls --vcpu 1 --location user -f json)" \
'{"calls": [{"seq": 2, "time_s": 1000.000030, "t_exit_ns": 1000000030000, "tid": 101, "thread": "CPU 1/KVM", "vcpu": 1, "func_id": null, "name": null, "conduit": "smc", "location": "user", "incomplete": false, "total_ns": 600, "out_ns": 100, "back_ns": 500, "args": [], "results": []}, {"seq": 7, "time_s": 1000.000080, "t_exit_ns": 1000000080000, "tid": 101, "thread": "CPU 1/KVM", "vcpu": 1, "func_id": "0xc6000001", "name": null, "conduit": "hvc", "location": "user", "incomplete": false, "total_ns": 2000, "out_ns": 600, "back_ns": 1400, "args": [], "results": []}]}'

# time_s and func_id of what a selection takes
sel() {
	calls --format csv "$@" | sed 1d | cut -d, -f1,6 | tr '\n' ' '
}
check_eq "--from/--to: the last digit's whole span" "$(sel --from 1000.00003 --to 1000.00006)" \
	"1000.000030, 1000.000040,0x82000010 1000.000050,0xc6000001 1000.000060,0xc6000001 "
check_eq "--from alone" "$(sel --from 1000.000070)" "1000.000070,0x84000000 1000.000080,0xc6000001 "
check_eq "--to alone, in ns" "$(sel --to 1000.000020000)" "1000.000010,0x84000000 1000.000020,0xc6000001 "
check_eq "--function by name and number" "$(sel --function psci_version,0x82000010)" \
	"1000.000010,0x84000000 1000.000040,0x82000010 1000.000070,0x84000000 "
check_eq "--function unknown" "$(sel --function unknown)" "1000.000030, "
check_eq "--range by key" "$(sel --range VENDOR_HYP/64 --vcpu 0)" \
	"1000.000020,0xc6000001 1000.000050,0xc6000001 1000.000060,0xc6000001 "
check_eq "--range BASE+N and LO-HI" "$(sel --range 0x82000000+32,0x84000000-0x8400001f)" \
	"1000.000010,0x84000000 1000.000040,0x82000010 1000.000070,0x84000000 "
check_eq "--range and --function together: both hold" "$(sel --range PSCI/32 --function 0xc6000001)" ""
check_eq "--location denied" "$(sel --location denied)" "1000.000040,0x82000010 "
check_eq "--slowest within a selection" "$(sel --slowest 1 --function PSCI_VERSION)" "1000.000070,0x84000000 "
# The default columns fit 80; a long name is cut to fit, ending in '~'
check_eq "the default columns" "$(calls --vcpu 1)" \
"       TIME  VCPU  FUNC        NAME          LOCATION  LATENCY    OUT    BACK
1000.000030     1  unknown     -             user        600ns  100ns   500ns
1000.000040     1  0x82000010  -             denied       50ns      -       -
1000.000070     1  0x84000000  PSCI_VERSION  kernel      600ns      -       -
1000.000080     1  0xc6000001  -             user       2.00us  600ns  1.40us"
check_exit "-o help" 0 calls -o help
check_eq "-o help: the columns" "$(sed -n 2p "$TMP/out"; tail -n 1 "$TMP/out")" \
"  time         kvm_exit's time stamp, in seconds as trace-cmd prints it
default: time,vcpu,func,name,location,latency,out,back"
check_exit "-o: an unknown column" 2 calls -o time,when
check_eq "-o: an unknown column, named" "$(head -n 1 "$TMP/out")" \
	"smccctrace: calls: -o: unknown column 'when'"
check_eq "nothing selected: the header alone" "$(calls --vcpu 7)" \
	"TIME  VCPU  FUNC  NAME  LOCATION  LATENCY  OUT  BACK"

# Arguments and results where recorded: a replay keeps the results KVM gave
check_exit "replay with the builtin model" 0 "$SMCCCTRACE" -d "$db" replay --builtin kvm -s 1
check_eq "results shown where recorded" \
	"$(calls -s 2 --function PSCI_VERSION --format csv | cut -d, -f6,14-)" \
"func_id,args,results
0x84000000,,\"0x10001,0x0,0x0,0x0\"
0x84000000,,\"0x10001,0x0,0x0,0x0\""
check_eq "results in the table" \
	"$(calls -s 2 --function PSCI_VERSION -o +results | sed -n 2p | sed 's/.*  //')" \
	"0x10001,0x0,0x0,0x0"

# Bad values: one line naming the option, exit 2
bad() {
	check_exit "$1: exit 2" 2 "$SMCCCTRACE" -d "$db" calls "$2" "$3"
	check_eq "$1: the message" "$(head -1 "$TMP/err")" "$4"
}
bad "a function that is not one" --function bogus \
	"smccctrace: calls: --function: 'bogus' is not a function ID or a known name"
bad "a range that is not one" --range 0x84000000+0 \
	"smccctrace: calls: --range: '0x84000000+0' is not a range of IDs"
bad "a time that is not one" --from 12s \
	"smccctrace: calls: --from: '12s' is not a time in seconds (such as 1234.567890)"
bad "more than ns" --to 1.0000000001 \
	"smccctrace: calls: --to: '1.0000000001' is not a time in seconds (such as 1234.567890)"
bad "a location that is not one" --location moon \
	"smccctrace: calls: --location: unknown location 'moon' (kernel, user, denied or unknown)"
bad "a vCPU that is not one" --vcpu -1 "smccctrace: calls: --vcpu: '-1' is not a vCPU index"
bad "--slowest 0" --slowest 0 "smccctrace: calls: --slowest: '0' is out of range (at least 1)"
bad "a session that is not there" -s 9 "smccctrace: $db: no session 9"
check_exit "--to before --from" 2 "$SMCCCTRACE" -d "$db" calls --from 2 --to 1
check_eq "--to before --from: the message" "$(cat "$TMP/err")" "smccctrace: calls: --to is before --from"

# The real trace of tests/data: the denied calls (the filter denies
# 0xc2000000+32), and vCPU 1's slowest
data=$(cd "$(dirname "$0")/../data" && pwd)
fx=$TMP/fixture.db
check_exit "import vhe-basic" 0 "$SMCCCTRACE" -d "$fx" import -q \
	--filter "$data/vhe-basic.filter.json" "$data/vhe-basic.dat"
check_eq "vhe-basic: the denied calls" \
	"$("$SMCCCTRACE" -d "$fx" calls --location denied -o time,tid,thread,vcpu,func,conduit,latency)" \
"    TIME  TID  THREAD   VCPU  FUNC        CONDUIT  LATENCY
4.250154  145  testvmm     0  0xc2000001  hvc       35.1us
4.250829  144  testvmm     1  0xc2000010  hvc       24.1us"
check_eq "vhe-basic: vCPU 1's three slowest" "$("$SMCCCTRACE" -d "$fx" calls --slowest 3 --vcpu 1 -f csv)" \
"time_s,t_exit_ns,tid,thread,vcpu,func_id,name,conduit,location,incomplete,total_ns,out_ns,back_ns,args,results
4.247914,4247914096,144,testvmm,1,0xc4000004,PSCI_AFFINITY_INFO_64,hvc,kernel,0,593312,,,,
4.248595,4248595552,144,testvmm,1,0x84000050,TRNG_VERSION,hvc,user,0,423424,44496,378928,,
4.249588,4249588208,144,testvmm,1,0xc4000053,TRNG_RND64,hvc,user,0,278224,44000,234224,,"
check_eq "vhe-basic: report on the TRNG ranges" \
	"$("$SMCCCTRACE" -d "$fx" report --range TRNG/32,TRNG/64 -b function -f csv | cut -d, -f1-3,10-16)" \
"key,name,calls,min_ns,p50_ns,p90_ns,p99_ns,p999_ns,max_ns,mean_ns
0x84000050,TRNG_VERSION,2,423424,423424,904320,904320,904320,904320,663872
0xc4000053,TRNG_RND64,1,278224,278224,278224,278224,278224,278224,278224"

done_testing
