#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# smccctrace export: CSV and JSON rows on a generated trace whose every time
# stamp is known, the Chrome trace's structure and exact durations, the CSV
# of the real fixtures read back with the sqlite3 shell, and -o written whole
# or not at all.
. "$(dirname "$0")/lib.sh"

need_smccctrace
need_built "$TRACEGEN"
need_cmd sqlite3
need_cmd python3
data=$(cd "$(dirname "$0")/../data" && pwd)

check "generate the trace" "$TRACEGEN" -o "$TMP/mix.dat" "$(dirname "$0")/seconds.scn"
db=$TMP/mix.db
check_exit "import" 0 "$SMCCCTRACE" -d "$db" import -q --filter deny:0x82000010+1 "$TMP/mix.dat"

export_() {
	"$SMCCCTRACE" -d "$db" export "$@" 2>&1
}

check_eq "csv: a header, then every call with its session's identity" "$(export_ -f csv)" \
"host,kernel,session,session_first_ns,seq,tid,thread,vcpu,vm,func_id,func,name,owner,range,conduit,location,incomplete,ec,imm,pc,cpu,t_exit,t_uexit,t_entry,total_ns,out_ns,back_ns,t_vmm_exit,t_vmm_resume,kernel_out_ns,vmm_ns,kernel_in_ns,x0,x1,x2,x3,args
,,1,1000000010000,0,100,CPU 0/KVM,0,,2214592512,0x84000000,PSCI_VERSION,STD,PSCI/32,hvc,kernel,0,22,0,1073745924,0,1000000010000,,1000000010400,400,,,,,,,,,,,,
,,1,1000000010000,1,100,CPU 0/KVM,0,,3321888769,0xc6000001,,VENDOR_HYP,VENDOR_HYP/64,hvc,user,0,22,0,1073745924,0,1000000020000,1000000020200,1000000021000,1000,200,800,,,,,,,,,,
,,1,1000000010000,2,101,CPU 1/KVM,1,,,unknown,,,,smc,user,0,23,0,1073745920,1,1000000030000,1000000030100,1000000030600,600,100,500,,,,,,,,,,
,,1,1000000010000,3,101,CPU 1/KVM,1,,2181038096,0x82000010,,SIP,SIP/32,hvc,denied,0,22,0,1073745924,1,1000000040000,,1000000040050,50,,,,,,,,,,,,
,,1,1000000010000,4,100,CPU 0/KVM,0,,3321888769,0xc6000001,,VENDOR_HYP,VENDOR_HYP/64,hvc,user,0,22,0,1073745924,0,1000000050000,1000000051000,1000000053000,3000,1000,2000,,,,,,,,,,
,,1,1000000010000,5,100,CPU 0/KVM,0,,3321888769,0xc6000001,,VENDOR_HYP,VENDOR_HYP/64,hvc,user,0,22,0,1073745924,0,1000000060000,1000000060300,1000000061500,1500,300,1200,,,,,,,,,,
,,1,1000000010000,6,101,CPU 1/KVM,1,,2214592512,0x84000000,PSCI_VERSION,STD,PSCI/32,hvc,kernel,0,22,0,1073745924,1,1000000070000,,1000000070600,600,,,,,,,,,,,,
,,1,1000000010000,7,101,CPU 1/KVM,1,,3321888769,0xc6000001,,VENDOR_HYP,VENDOR_HYP/64,hvc,user,0,22,0,1073745924,1,1000000080000,1000000080600,1000000082000,2000,600,1400,,,,,,,,,,"

check_eq "csv --null: ClickHouse's NULL where a value is not known" \
	"$(export_ -f csv --null '\N' --location denied | sed 1d)" \
	'\N,\N,1,1000000010000,3,101,CPU 1/KVM,1,\N,2181038096,0x82000010,\N,SIP,SIP/32,hvc,denied,0,22,0,1073745924,1,1000000040000,\N,1000000040050,50,\N,\N,\N,\N,\N,\N,\N,\N,\N,\N,\N,\N'
check_exit "--null is for csv" 2 "$SMCCCTRACE" -d "$db" export -f json --null x
check_eq "--null is for csv: said" "$(head -n 1 "$TMP/err")" "smccctrace: export: --null is for csv"

created=$(sqlite3 "$db" 'SELECT created FROM sessions')
ended=$(sqlite3 "$db" 'SELECT ended FROM sessions')
check_eq "csv sessions: RFC 4180 quoting of the filter" "$(export_ -f csv --table sessions)" \
"host,kernel,session,first_ns,last_ns,kind,source,source_size,clock,created,ended,calls,forwarded_calls,kernel_calls,denied_calls,unknown_location_calls,incomplete_calls,lost_events,replay_of,filter
,,1,1000000010000,1000000082000,import,$TMP/mix.dat,$(stat -c %s "$TMP/mix.dat"),local,$created,$ended,8,5,2,1,0,0,0,,\"{\"\"filters\"\": [{\"\"base\"\": \"\"0x82000010\"\", \"\"nr_functions\"\": 1, \"\"action\"\": \"\"DENY\"\"}]}\""

check_eq "json: a selection, nulls where unknown" "$(export_ -f json --vcpu 1 --location user --function unknown)" \
'{"calls": [{"host": null, "kernel": null, "session": 1, "session_first_ns": 1000000010000, "seq": 2, "tid": 101, "thread": "CPU 1/KVM", "vcpu": 1, "vm": null, "func_id": null, "func": "unknown", "name": null, "owner": null, "range": null, "conduit": "smc", "location": "user", "incomplete": 0, "ec": 23, "imm": 0, "pc": 1073745920, "cpu": 1, "t_exit": 1000000030000, "t_uexit": 1000000030100, "t_entry": 1000000030600, "total_ns": 600, "out_ns": 100, "back_ns": 500, "t_vmm_exit": null, "t_vmm_resume": null, "kernel_out_ns": null, "vmm_ns": null, "kernel_in_ns": null, "x0": null, "x1": null, "x2": null, "x3": null, "args": null}]}'

# The Chrome trace, one event a line: its numbers as written (Decimal keeps
# them exact), so that "dur 1.500" is the text in the file
trace_lines() {
	python3 -c '
import decimal, json, sys
t = json.load(sys.stdin, parse_float=decimal.Decimal)
assert list(t) == ["displayTimeUnit", "traceEvents"], list(t)
for e in t["traceEvents"]:
    if e["ph"] == "M":
        print("M", e["name"], e["pid"], e["tid"], e["args"]["name"])
    else:
        a = e.get("args", {})
        print(e["ph"], e["name"], e["cat"], e["pid"], e["tid"], e["ts"], e["dur"],
              a.get("func_id"), a.get("location"), a.get("total_ns"))
'
}

export_ -f perfetto >"$TMP/trace.json"
check_eq "perfetto: tracks per thread, a slice per call, the forwarded split nested" \
	"$(trace_lines <"$TMP/trace.json")" \
"M process_name 1 0 session 1
M thread_name 1 100 CPU 0/KVM
M thread_name 1 101 CPU 1/KVM
X PSCI_VERSION kernel 1 100 1000000010.000 0.400 0x84000000 kernel 400
X 0xc6000001 user 1 100 1000000020.000 1.000 0xc6000001 user 1000
X kernel out split 1 100 1000000020.000 0.200 None None None
X VMM and back split 1 100 1000000020.200 0.800 None None None
X unknown user 1 101 1000000030.000 0.600 None user 600
X kernel out split 1 101 1000000030.000 0.100 None None None
X VMM and back split 1 101 1000000030.100 0.500 None None None
X 0x82000010 denied 1 101 1000000040.000 0.050 0x82000010 denied 50
X 0xc6000001 user 1 100 1000000050.000 3.000 0xc6000001 user 3000
X kernel out split 1 100 1000000050.000 1.000 None None None
X VMM and back split 1 100 1000000051.000 2.000 None None None
X 0xc6000001 user 1 100 1000000060.000 1.500 0xc6000001 user 1500
X kernel out split 1 100 1000000060.000 0.300 None None None
X VMM and back split 1 100 1000000060.300 1.200 None None None
X PSCI_VERSION kernel 1 101 1000000070.000 0.600 0x84000000 kernel 600
X 0xc6000001 user 1 101 1000000080.000 2.000 0xc6000001 user 2000
X kernel out split 1 101 1000000080.000 0.600 None None None
X VMM and back split 1 101 1000000080.600 1.400 None None None"

# The real fixtures: two hosts' sessions in one database, read back from CSV
fleet=$TMP/fleet.db
check_exit "import vhe-load" 0 "$SMCCCTRACE" -d "$fleet" import -q \
	--filter "$data/vhe-load.filter.json" "$data/vhe-load.dat"
check_exit "import vhe-basic" 0 "$SMCCCTRACE" -d "$fleet" import -q \
	--filter "$data/vhe-basic.filter.json" "$data/vhe-basic.dat"
check_exit "csv of every session" 0 "$SMCCCTRACE" -d "$fleet" export -f csv -o "$TMP/fleet.csv"
sums='count(*), sum(CAST(total_ns AS INTEGER)), sum(CAST(out_ns AS INTEGER)),
      sum(CAST(back_ns AS INTEGER)), count(nullif(total_ns, '"''"'))'
want=$(sqlite3 "$fleet" "SELECT $sums FROM call_view")
check_eq "the database's counts and sums" "$want" "738|65794672|10506096|43411120|738"
check_eq "the CSV read back by the sqlite3 shell: the same" \
	"$(sqlite3 :memory: ".import --csv $TMP/fleet.csv c" "SELECT $sums FROM c")" "$want"
per_func="SELECT session, func, name, location, count(*), sum(CAST(total_ns AS INTEGER))"
check_eq "the same per session and function" \
	"$(sqlite3 :memory: ".import --csv $TMP/fleet.csv c" "$per_func FROM c GROUP BY 1, 2, 3, 4")" \
	"$(sqlite3 "$fleet" "$per_func FROM call_view GROUP BY 1, 2, 3, 4")"
check_eq "the host and kernel in every row" \
	"$(sqlite3 :memory: ".import --csv $TMP/fleet.csv c" "SELECT host, kernel, session, session_first_ns, count(*) FROM c GROUP BY 3")" \
	"$(sqlite3 "$fleet" 'SELECT host, kernel_release, id, first_ns, calls FROM sessions')"
check_eq "-s picks one session" "$("$SMCCCTRACE" -d "$fleet" export -f csv -s 2 | sed 1d | wc -l)" "18"
"$SMCCCTRACE" -d "$fleet" export -f perfetto -s 1 -o "$TMP/load.json"
check_eq "perfetto of a real trace: a track per thread, a slice per call, two more per forwarded one" \
	"$(python3 -c '
import json, sys
t = json.load(open(sys.argv[1]))["traceEvents"]
x = [e for e in t if e["ph"] == "X"]
print(len([e for e in t if e["name"] == "thread_name"]),
      len([e for e in x if e["cat"] != "split"]), len([e for e in x if e["cat"] == "split"]), sep="|")
' "$TMP/load.json")" \
	"$(sqlite3 "$fleet" "SELECT (SELECT count(*) FROM threads WHERE session = 1),
		count(*), 2 * sum(location = 'user') FROM call_view WHERE session = 1")"

# -o: whole or not at all
echo old >"$TMP/out.csv"
check_exit "-o: a missing session" 2 "$SMCCCTRACE" -d "$db" export -f csv -s 9 -o "$TMP/out.csv"
check_eq "-o: the error names the session" "$(cat "$TMP/err")" "smccctrace: $db: no session 9"
check_eq "-o: the old file untouched, no temporary left" "$(cat "$TMP/out.csv"; ls "$TMP" | grep -c 'out\.csv\.')" "old
0"
check_exit "-o: replaced whole" 0 "$SMCCCTRACE" -d "$db" export -f csv -o "$TMP/out.csv"
check_eq "-o: the same as stdout" "$(cat "$TMP/out.csv")" "$(export_ -f csv)"
check_exit "-o: a directory that does not exist" 2 \
	"$SMCCCTRACE" -d "$db" export -f csv -o "$TMP/none/out.csv"
check_eq "-o: one line" "$(cat "$TMP/err")" \
	"smccctrace: $TMP/none/out.csv: cannot create: No such file or directory"
if [ -w /dev/full ]; then
	check_exit "a full disk: an error" 2 sh -c '"$1" -d "$2" export -f csv >/dev/full' - "$SMCCCTRACE" "$db"
	check_eq "a full disk: one line" "$(cat "$TMP/err")" \
		"smccctrace: stdout: cannot write: No space left on device"
else
	skip "a full disk: no /dev/full"
	skip "a full disk: no /dev/full"
fi

check_exit "no --format" 2 "$SMCCCTRACE" -d "$db" export
check_eq "no --format: said" "$(head -n 1 "$TMP/err")" \
	"smccctrace: export: --format is required: csv, json or perfetto"
check_exit "sessions as perfetto" 2 "$SMCCCTRACE" -d "$db" export -f perfetto --table sessions
check_exit "sessions with a call selection" 2 \
	"$SMCCCTRACE" -d "$db" export -f csv --table sessions --vcpu 0
check_exit "a bad format" 2 "$SMCCCTRACE" -d "$db" export -f xml
check_exit "no database" 2 "$SMCCCTRACE" -d "$TMP/none.db" export -f csv
check_eq "no database: no file made" "$(ls "$TMP" | grep -c none)" "0"

done_testing
