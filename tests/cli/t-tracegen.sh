#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# sct-tracegen writes trace.dat files that trace-cmd report and libtracecmd
# read back exactly: timestamps, CPUs, pids, events, fields, lost events.
. "$(dirname "$0")/lib.sh"

need_cmd trace-cmd
need_built "$TRACEGEN"
: "${READBACK:=$(dirname "$TRACEGEN")/readback}"

skip() {
	test_count=$((test_count + 1))
	echo "ok $test_count - $1 # SKIP $2"
}

# norm_report FILE: trace-cmd's records as "<ts> <cpu> <pid> <event> <text>"
# and its lost-event lines as "lost <cpu> <what>"
norm_report() {
	trace-cmd report -N -t -i "$1" 2>&1 | sed -n \
		-e 's/^CPU:\([0-9]*\) \[\(.*\)\]$/lost \1 \2/p' \
		-e 's/^ *\(.*\)-\([0-9][0-9]*\) *\[\([0-9]*\)\] *\([0-9]*\)\.\([0-9]\{9\}\): \([a-z0-9_]*\): *\(.*\)$/\4\5 \3 \2 \6 \7/' \
		-e 's/^0*\([0-9]\)/\1/' -e 's/^\([0-9]*\) 0*\([0-9]\)/\1 \2/p'
}

# by_cpu: order lines by their second column, keeping each CPU's own order
by_cpu() {
	sort -s -k2,2n
}

# check_readback "what" FILE EXPECTED: libtracecmd's records, exact
check_readback() {
	if [ ! -x "$READBACK" ]; then
		skip "$1" "$READBACK not built"
		return
	fi
	check_eq "$1" "$("$READBACK" "$2" | by_cpu)" "$(printf '%s\n' "$3" | by_cpu)"
}

# cpu_size FILE CPU: bytes of ring buffer pages stored for CPU
cpu_size() {
	trace-cmd dump --flyrecord -i "$1" 2>/dev/null |
		sed -n "s/^[[:space:]]*[0-9]*[[:space:]]*\([0-9]*\)[[:space:]]*\[offset, size of cpu $2\]/\1/p"
}

# 1. Raw events: every event type, lost events with and without a count,
# a CPU migration, and time extends (deltas over 2^27 ns) inside a page.
cat >"$TMP/raw.scn" <<'SCN'
# every event type, on two CPUs
kernel 6.12.38+deb12-arm64
comm 300 CPU 0/KVM
comm 301 CPU 1/KVM
1000 0 300 exit 2 0x16 0x40001004
1001 0 300 hvc 0x40001004 0xc6000001 0x12
1500 0 300 uexit 3 0
1500 0 lost 5
2000 0 300 entry 0x40001004
3000 1 301 exit 2 0x24 0x40002000
3050 1 301 uexit 6 -4
3100 1 lost unknown
3200 1 301 entry 0x40002004
4000 1 301 exit 2 0x17 0x40003000	# migrates: its entry is on CPU 0
4600 0 301 entry 0x40003004
500002000 0 300 exit 0 0 0xffff800080001234
500002100 0 300 entry 0xffff800080001234
20000000000 0 300 exit 1 0 0x40001000
20000000001 0 300 entry 0x40001000
SCN
check "raw events: generate" "$TRACEGEN" -o "$TMP/raw.dat" "$TMP/raw.scn"
check_eq "raw events: trace-cmd report" "$(trace-cmd report -N -t -i "$TMP/raw.dat" 2>&1)" \
"cpus=2
       CPU 0/KVM-300   [000]     0.000001000: kvm_exit:             TRAP: HSR_EC: 0x0016 (HVC64), PC: 0x0000000040001004
       CPU 0/KVM-300   [000]     0.000001001: kvm_hvc_arm64:        HVC at 0x0000000040001004 (r0: 0x00000000c6000001, imm: 0x12)
       CPU 0/KVM-300   [000]     0.000001500: kvm_userspace_exit:   reason KVM_EXIT_HYPERCALL (3)
CPU:0 [5 EVENTS DROPPED]
       CPU 0/KVM-300   [000]     0.000002000: kvm_entry:            PC: 0x0000000040001004
       CPU 1/KVM-301   [001]     0.000003000: kvm_exit:             TRAP: HSR_EC: 0x0024 (DABT_LOW), PC: 0x0000000040002000
       CPU 1/KVM-301   [001]     0.000003050: kvm_userspace_exit:   reason KVM_EXIT_MMIO (6)
CPU:1 [EVENTS DROPPED]
       CPU 1/KVM-301   [001]     0.000003200: kvm_entry:            PC: 0x0000000040002004
       CPU 1/KVM-301   [001]     0.000004000: kvm_exit:             TRAP: HSR_EC: 0x0017 (SMC64), PC: 0x0000000040003000
       CPU 1/KVM-301   [000]     0.000004600: kvm_entry:            PC: 0x0000000040003004
       CPU 0/KVM-300   [000]     0.500002000: kvm_exit:             IRQ: HSR_EC: 0x0000 (UNKNOWN), PC: 0xffff800080001234
       CPU 0/KVM-300   [000]     0.500002100: kvm_entry:            PC: 0xffff800080001234
       CPU 0/KVM-300   [000]    20.000000000: kvm_exit:             SERROR: HSR_EC: 0x0000 (UNKNOWN), PC: 0x0000000040001000
       CPU 0/KVM-300   [000]    20.000000001: kvm_entry:            PC: 0x0000000040001000"
check_readback "raw events: libtracecmd records, fields and missed events" "$TMP/raw.dat" \
"1000 0 300 kvm_exit ret=2 esr_ec=0x16 vcpu_pc=0x40001004 missed=0
1001 0 300 kvm_hvc_arm64 vcpu_pc=0x40001004 r0=0xc6000001 imm=0x12 missed=0
1500 0 300 kvm_userspace_exit reason=0x3 errno=0 missed=0
2000 0 300 kvm_entry vcpu_pc=0x40001004 missed=5
3000 1 301 kvm_exit ret=2 esr_ec=0x24 vcpu_pc=0x40002000 missed=0
3050 1 301 kvm_userspace_exit reason=0x6 errno=-4 missed=0
3200 1 301 kvm_entry vcpu_pc=0x40002004 missed=-1
4000 1 301 kvm_exit ret=2 esr_ec=0x17 vcpu_pc=0x40003000 missed=0
4600 0 301 kvm_entry vcpu_pc=0x40003004 missed=0
500002000 0 300 kvm_exit ret=0 esr_ec=0x0 vcpu_pc=0xffff800080001234 missed=0
500002100 0 300 kvm_entry vcpu_pc=0xffff800080001234 missed=0
20000000000 0 300 kvm_exit ret=1 esr_ec=0x0 vcpu_pc=0x40001000 missed=0
20000000001 0 300 kvm_entry vcpu_pc=0x40001000 missed=0"
check_eq "raw events: time extends share the page after the lost events" \
	"$(cpu_size "$TMP/raw.dat" 0) $(cpu_size "$TMP/raw.dat" 1)" "8192 8192"
check_eq "raw events: uname from the kernel line" \
	"$(trace-cmd report --uname -i "$TMP/raw.dat" 2>&1 | grep '^Linux')" "Linux testbed 6.12.38+deb12-arm64 aarch64"
check "raw events: every event format parses" trace-cmd report --check-events -N -i "$TMP/raw.dat"

# 2. Call lines: the events they expand into, and the truth file
cat >"$TMP/calls.scn" <<'SCN'
comm 100 CPU 0/KVM
comm 101 CPU 1/KVM
call 1000 0 100 hvc 0x84000000 kernel 400
call 2000 0 100 hvc 0xc6000001 user 1000 200
call 3000 1 101 smc 0x82000001 user 600 100
call 4000 1 101 hvc 0x82000010 denied 50 pc=0x80000
call 7000 1 101 hvc32 0x84000008 kernel 70 cpu2=0
call 8000 0 100 smc32 0x84000002 kernel 30
SCN
check "calls: generate" "$TRACEGEN" -o "$TMP/calls.dat" -t "$TMP/calls.csv" "$TMP/calls.scn"
check_eq "calls: truth file" "$(cat "$TMP/calls.csv")" \
"tid,func_id,conduit,location,incomplete,t_exit,t_uexit,t_entry,total_ns,out_ns,back_ns
100,0x84000000,hvc,kernel,0,1000,,1400,400,,
100,0xc6000001,hvc,user,0,2000,2200,3000,1000,200,800
101,unknown,smc,user,0,3000,3100,3600,600,100,500
101,0x82000010,hvc,denied,0,4000,,4050,50,,
101,0x84000008,hvc,kernel,0,7000,,7070,70,,
100,unknown,smc,kernel,0,8000,,8030,30,,"
check_eq "calls: events at the documented offsets" "$(norm_report "$TMP/calls.dat" | by_cpu)" \
"1000 0 100 kvm_exit TRAP: HSR_EC: 0x0016 (HVC64), PC: 0x0000000040001004
1001 0 100 kvm_hvc_arm64 HVC at 0x0000000040001004 (r0: 0x0000000084000000, imm: 0x0)
1400 0 100 kvm_entry PC: 0x0000000040001004
2000 0 100 kvm_exit TRAP: HSR_EC: 0x0016 (HVC64), PC: 0x0000000040001004
2001 0 100 kvm_hvc_arm64 HVC at 0x0000000040001004 (r0: 0x00000000c6000001, imm: 0x0)
2200 0 100 kvm_userspace_exit reason KVM_EXIT_HYPERCALL (3)
3000 0 100 kvm_entry PC: 0x0000000040001004
7001 0 101 kvm_hvc_arm64 HVC at 0x0000000040001004 (r0: 0x0000000084000008, imm: 0x0)
7070 0 101 kvm_entry PC: 0x0000000040001004
8000 0 100 kvm_exit TRAP: HSR_EC: 0x0013 (0x13), PC: 0x0000000040001000
8030 0 100 kvm_entry PC: 0x0000000040001000
3000 1 101 kvm_exit TRAP: HSR_EC: 0x0017 (SMC64), PC: 0x0000000040001000
3100 1 101 kvm_userspace_exit reason KVM_EXIT_HYPERCALL (3)
3600 1 101 kvm_entry PC: 0x0000000040001004
4000 1 101 kvm_exit TRAP: HSR_EC: 0x0016 (HVC64), PC: 0x0000000000080004
4001 1 101 kvm_hvc_arm64 HVC at 0x0000000000080004 (r0: 0x0000000082000010, imm: 0x0)
4050 1 101 kvm_entry PC: 0x0000000000080004
7000 1 101 kvm_exit TRAP: HSR_EC: 0x0012 (0x12), PC: 0x0000000040001004"
check_eq "calls: scenario from standard input" \
	"$("$TRACEGEN" -o "$TMP/stdin.dat" <"$TMP/calls.scn" && cmp "$TMP/stdin.dat" "$TMP/calls.dat" && echo same)" "same"

# 3. Many pages: 6000 events on two CPUs, about 30 pages
awk 'BEGIN {
	print "comm 400 CPU 0/KVM" > "'"$TMP/pages.scn"'"
	for (i = 0; i < 3000; i++) {
		for (cpu = 0; cpu < 2; cpu++) {
			ts = i * 1000 + cpu * 10
			pc = 1073741824 + i * 4
			printf "%d %d %d exit 2 0x16 %d\n", ts, cpu, 400 + cpu, pc > "'"$TMP/pages.scn"'"
			printf "%d %d %d kvm_exit TRAP: HSR_EC: 0x0016 (HVC64), PC: 0x%016x\n", ts, cpu, 400 + cpu, pc
			printf "%d %d %d entry %d\n", ts + 500, cpu, 400 + cpu, pc > "'"$TMP/pages.scn"'"
			printf "%d %d %d kvm_entry PC: 0x%016x\n", ts + 500, cpu, 400 + cpu, pc
		}
	}
}' | by_cpu >"$TMP/pages.want"
check "many pages: generate" "$TRACEGEN" -o "$TMP/pages.dat" "$TMP/pages.scn"
check_eq "many pages: every event back, in order" "$(norm_report "$TMP/pages.dat" | by_cpu)" "$(cat "$TMP/pages.want")"
size=$(cpu_size "$TMP/pages.dat" 0)
if [ "${size:-0}" -ge 40960 ] && [ $((size % 4096)) = 0 ]; then
	pass "many pages: CPU 0 spans $((size / 4096)) pages"
else
	fail "many pages: CPU 0 spans more than 10 pages (size '$size')"
fi

# 4. The random mix: reproducible, and its truth matches the events
echo "random 7 20000 3" >"$TMP/random.scn"
check "random: generate" "$TRACEGEN" -o "$TMP/random.dat" -t "$TMP/random.csv" "$TMP/random.scn"
"$TRACEGEN" -o "$TMP/random2.dat" -t "$TMP/random2.csv" "$TMP/random.scn"
check "random: same seed, same files" cmp "$TMP/random.dat" "$TMP/random2.dat"
check "random: same seed, same truth" cmp "$TMP/random.csv" "$TMP/random2.csv"
check_eq "random: one truth line a call" "$(wc -l <"$TMP/random.csv")" "20001"
check "random: no CPU goes back in time" trace-cmd report --ts-check -N -i "$TMP/random.dat"
if [ -x "$READBACK" ]; then
	"$READBACK" "$TMP/random.dat" >"$TMP/random.rb"
	check_eq "random: trace-cmd and libtracecmd see the same records" \
		"$(norm_report "$TMP/random.dat" | cut -d' ' -f1-4 | by_cpu)" \
		"$(cut -d' ' -f1-4 "$TMP/random.rb" | by_cpu)"
	check_eq "random: every truth call is in the events" "$(awk -F, '
		NR == FNR {
			split($0, f, " ")
			ev[f[3] " " f[1] " " f[4]] = $0
			next
		}
		FNR == 1 { next }
		function has(pid, ts, event, text) {
			return index(ev[pid " " sprintf("%.0f", ts) " " event], text) > 0
		}
		{
			ok = has($1, $6, "kvm_exit", "ret=2 ") &&
			     has($1, $8, "kvm_entry", "vcpu_pc=") &&
			     $9 == $8 - $6
			ec = $3 == "hvc" ? 6 : 7
			ok = ok && (has($1, $6, "kvm_exit", "esr_ec=0x1" ec " ") ||
				    has($1, $6, "kvm_exit", "esr_ec=0x1" (ec - 4) " "))
			if ($3 == "hvc")
				ok = ok && has($1, $6 + 1, "kvm_hvc_arm64", "r0=" $2 " ")
			if ($4 == "user")
				ok = ok && has($1, $7, "kvm_userspace_exit", "reason=0x3 ") &&
				     $10 == $7 - $6 && $11 == $8 - $7
			else
				ok = ok && $7 == "" && $10 == ""
			good += ok
			all++
		}
		END { print good " of " all }' "$TMP/random.rb" "$TMP/random.csv")" "20000 of 20000"
else
	skip "random: trace-cmd and libtracecmd see the same records" "$READBACK not built"
	skip "random: every truth call is in the events" "$READBACK not built"
fi

# 5. Bad input: one line naming the file and line, exit 2, no file left
bad() {
	bad_what=$1
	bad_msg=$2
	printf "$3" >"$TMP/bad.scn"
	check_exit "bad scenario: $bad_what" 2 "$TRACEGEN" -o "$TMP/bad.dat" -t "$TMP/bad.csv" "$TMP/bad.scn"
	check_eq "bad scenario: $bad_what: message" "$(cat "$TMP/err")" "sct-tracegen: $TMP/bad.scn:$bad_msg"
}
bad "short event" "1: exit needs <ret> <esr_ec> <pc>" '1000 0 100 exit 2 0x16\n'
bad "time goes back" "2: time 1000 on CPU 0 is before 2000 of an earlier line" \
	'2000 0 1 entry 0x0\n1000 0 1 entry 0x0\n'
bad "unknown line" "3: unknown line 'hvc'" '# comment\n\nhvc 1 2 3\n'
bad "user call without out_ns" "1: a user call needs <out_ns> after <total_ns>" \
	'call 1000 0 100 hvc 0x84000000 user 500\n'
bad "out_ns after total_ns" "1: total_ns must be more than out_ns" \
	'call 1000 0 100 smc 0x84000000 user 500 600\n'
bad "bad number" "1: bad pc '0xzz'" '5 0 1 entry 0xzz\n'
bad "lost marker last" " lost marker at 5 on CPU 0 has no later event on that CPU" \
	'1 0 1 entry 0x0\n5 0 lost 3\n'
bad "CPU beyond cpus" " CPU 2 is used but cpus is 2" 'cpus 2\n1 2 1 entry 0x0\n'
check_eq "bad scenario: no output left behind" "$(ls "$TMP" | grep -c '^bad\.[dc]')" "0"
check_exit "missing scenario file" 2 "$TRACEGEN" -o "$TMP/none.dat" "$TMP/none.scn"
check_exit "unknown option" 2 "$TRACEGEN" -x
check_exit "help" 0 "$TRACEGEN" -h
check_eq "standard input is named in messages" \
	"$(echo "x" | "$TRACEGEN" -o "$TMP/none.dat" 2>&1)" "sct-tracegen: <stdin>:1: unknown line 'x'"

done_testing
