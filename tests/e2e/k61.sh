# SPDX-License-Identifier: GPL-2.0
#
# Debian 12's own kernel, 6.1, in the test bed: sourced by tests/e2e/run
# (which defines ok, not_ok and expect_line, and sources replay-kvm.sh
# for replay_compare and top.sh for top_test and check_top) and
# tests/e2e/make-fixtures.
# 6.1 has arm64 KVM, the four kvm events, kprobe events and BTF, but no
# SMCCC filter (6.4+): the test VMM runs with --no-filter, nothing is
# forwarded or denied, and an SMC gets x0 = ~0 from handle_smc without
# reaching the SMCCC handler (kvm_hvc_call_handler, HVC only). What needs
# the filter must say so and exit 2.

EV61="-e kvm:kvm_exit -e kvm:kvm_hvc_arm64 -e kvm:kvm_userspace_exit -e kvm:kvm_entry"

# record_test_61 DIR: the guest test for 6.1, leaving in /out: trace.dat
# and truth (trace-cmd), the event formats, and with /smccctrace the
# recordings of record, --probe and --shim and what the 6.4+ commands said
record_test_61() {
	mkdir -p "$1"
	build_vmm "$1/testvmm" && build_vmm "$1/testvmm-dyn" dynamic || return 1
	cat >"$1/test" <<TEST
#!/bin/sh
cd /out
for e in kvm_exit kvm_hvc_arm64 kvm_userspace_exit kvm_entry; do
	cat /sys/kernel/tracing/events/kvm/\$e/format
done >formats
/testvmm truth filter.json >nofilter.txt 2>&1
echo "exit \$?" >>nofilter.txt
trace-cmd record $EV61 -o trace.dat /testvmm --no-filter truth filter.json
[ -x /smccctrace ] || exit 0
# record, --probe (not quiet: it says what the probe misses) and --shim,
# the first two around trace-cmd recording the same run
/smccctrace -d record.db record -q -- trace-cmd record -q -C mono $EV61 -o record.dat \\
	/testvmm --no-filter record.truth record.filter.json >record.txt 2>&1
echo "exit \$?" >>record.txt
/smccctrace -d probe.db record --probe -- trace-cmd record -q -C mono $EV61 -o probe.dat \\
	/testvmm --no-filter probe.truth probe.filter.json >probe.txt 2>&1
echo "exit \$?" >>probe.txt
grep smccctrace_ /sys/kernel/tracing/kprobe_events >>probe.txt
/smccctrace -d shim.db record -q --shim --shim-regs -- \\
	/testvmm-dyn --no-filter shim.truth shim.filter.json >shim.txt 2>&1
echo "exit \$?" >>shim.txt
# what needs the SMCCC filter
echo '{"filters": [{"base": "0xc6000000", "nr_functions": 16, "action": "FWD_TO_USER"}]}' >fwd.json
/smccctrace suggest --check fwd.json --apply-test >apply.txt 2>&1
echo "exit \$?" >>apply.txt
/smccctrace -d probe.db replay -s 1 --kvm --builtin kvm >replay.txt 2>&1
echo "exit \$?" >>replay.txt
/smccctrace -d filter.db record -q --filter fwd.json -- touch started >record-filter.txt 2>&1
echo "exit \$?" >>record-filter.txt
ls started filter.db >>record-filter.txt 2>&1
/smccctrace top -b -n 1 -o top-filter.db --filter fwd.json -- touch started >top-filter.txt 2>&1
echo "exit \$?" >>top-filter.txt
ls started top-filter.db >>top-filter.txt 2>&1
# smccctrace top -b over the test VMM (tests/e2e/top.sh)
[ ! -x /top-test ] || /top-test
# --probe with the kernel's BTF hidden: one line, the command not started
mount -t tmpfs none /sys/kernel/btf
/smccctrace -d nobtf.db record --probe -- touch started >probe-nobtf.txt 2>&1
echo "exit \$?" >>probe-nobtf.txt
ls started >>probe-nobtf.txt 2>&1
umount /sys/kernel/btf
# --probe where no list names the handlers (kallsyms is hidden already):
# each is tried in turn
: >/tmp/no-functions
mount --bind /tmp/no-functions /sys/kernel/tracing/available_filter_functions
/smccctrace -d probe-nolist.db record -q --probe -- \
	/testvmm --no-filter probe-nolist.truth probe-nolist.filter.json >probe-nolist.txt 2>&1
echo "exit \$?" >>probe-nolist.txt
umount /sys/kernel/tracing/available_filter_functions
exit 0
TEST
}

# k61_truth DIR: what the guest got from 6.1, which has no filter: every
# call in the kernel, an SMC answered ~0 with x1..x3 left alone
k61_truth() {
	local t=$1/truth want got
	want="0 0 hvc 0x84000000 kernel 0x10001 0x0 0x0 0x0
0 2 hvc 0x84000050 kernel 0x10000 0x0 0x0 0x0
0 6 hvc 0xc6000001 kernel 0xffffffffffffffff 0x0 0x0 0x0
0 7 smc 0x82000001 kernel 0xffffffffffffffff 0x1 0x2 0x3
0 8 hvc 0xc2000010 kernel 0xffffffffffffffff 0x0 0x0 0x0
0 10 smc 0x84000000 kernel 0xffffffffffffffff 0x0 0x0 0x0
1 3 smc 0x82000002 kernel 0xffffffffffffffff 0x4 0x5 0x6"
	got=$(grep -E '^(0 (0|2|6|7|8|10)|1 3) ' "$t")
	if [ "$got" = "$want" ] && [ "$(wc -l <"$t")" = 18 ] &&
	   [ "$(cat "$1/filter.json")" = '{"filters": []}' ]; then
		ok "6.1: the guest saw KVM without a filter: all in the kernel, SMC gets ~0"
	else
		not_ok "6.1: the guest saw KVM without a filter: all in the kernel, SMC gets ~0"
		diff <(echo "$want") <(echo "$got") | sed 's/^/#   /'
	fi
}

# k61_latencies DAT DB: each call's exit to entry, from trace-cmd's own
# report of DAT, equals the total of the call import stored in DB, to the
# ns, thread by thread ("tid total_ns" in order)
k61_latencies() {
	trace-cmd report -N -t -i "$1" 2>/dev/null | awk '
		function ns(t) { split(t, p, "."); return p[1] * 1000000000 + p[2] }
		{
			for (i = 1; i <= NF && $i !~ /^[0-9]+\.[0-9]+:$/; i++)
				;
			if (i > NF)
				next
			ts = ns(substr($i, 1, length($i) - 1)); tid = $1; sub(/.*-/, "", tid)
			if ($(i + 1) == "kvm_exit:" && $0 ~ /\((HVC64|SMC64)\)/)
				start[tid] = ts
			else if ($(i + 1) == "kvm_entry:" && (tid in start)) {
				print tid, ts - start[tid]
				delete start[tid]
			}
		}' | sort -s -n -k1,1 >"$2.trace"
	sqlite3 -separator ' ' "$2" "SELECT tid, total_ns FROM call_view ORDER BY tid, t_exit" >"$2.got"
	if [ "$(wc -l <"$2.trace")" = 18 ] && cmp -s "$2.trace" "$2.got"; then
		ok "6.1: import's latencies equal trace-cmd's to the ns (18 calls)"
	else
		not_ok "6.1: import's latencies equal trace-cmd's to the ns"
		diff "$2.trace" "$2.got" | sed 's/^/#   /' | head -n 20
	fi
}

# k61_vcpus DB TRUTH WHAT: the HVC calls with their vCPU, ID and location
k61_vcpus() {
	local want got
	want=$(awk '$3 == "hvc" { print $1, $3, $4, $5 }' "$2")
	got=$(sqlite3 -separator ' ' "$1" "SELECT vcpu, conduit, func, location FROM call_view
		WHERE conduit = 'hvc' ORDER BY vcpu, t_exit")
	replay_compare "$3" "every HVC has its vCPU, ID and location" "$want" "$got"
}

# k61_calls DB TRUTH WHAT: every call, in each vCPU's order, as the
# tracepoints show it (an SMC's ID unknown; all in the kernel)
k61_calls() {
	"$E2E_DIR/calls-of" truth "$2" "$3/filter.json" >"$1.want"
	"$E2E_DIR/calls-of" db "$1" >"$1.got" 2>&1
	if [ "$(wc -l <"$1.want")" = 18 ] && diff "$1.want" "$1.got" >"$1.diff"; then
		ok "$4: all 18 calls with their IDs (HVC), conduits and locations"
	else
		not_ok "$4: all 18 calls with their IDs (HVC), conduits and locations"
		sed 's/^/#   /' "$1.diff" | head -n 20
	fi
}

# k61_needs_64 DIR RELEASE: what needs the SMCCC filter says so, exit 2
k61_needs_64() {
	local d=$1 no="this kernel ($2) has no SMCCC filter; it needs arm64 KVM of Linux 6.4 or later"
	expect_line 6.1 <(tr '\n' '|' <"$d/nofilter.txt"; echo) \
		"the test VMM's filter: one line, exit 2" \
		"testvmm: this kernel ($2) has no SMCCC filter, which needs Linux 6.4 or later: run with --no-filter|exit 2|"
	expect_line 6.1 <(tr '\n' '|' <"$d/apply.txt"; echo) \
		"suggest --apply-test: one line, exit 2" "smccctrace: suggest --apply-test: $no|exit 2|"
	expect_line 6.1 <(tr '\n' '|' <"$d/replay.txt"; echo) \
		"replay --kvm: one line, exit 2" "smccctrace: replay: --kvm: $no|exit 2|"
	expect_line 6.1 <(tr '\n' '|' <"$d/record-filter.txt"; echo) \
		"record --filter: one line, exit 2, the command not started, no database" \
		"smccctrace: record: --filter: $no|exit 2|ls: started: No such file or directory|ls: filter.db: No such file or directory|"
	expect_line 6.1 <(tr '\n' '|' <"$d/top-filter.txt"; echo) \
		"top --filter: one line, exit 2, the command not started, no database" \
		"smccctrace: top: --filter: $no|exit 2|ls: started: No such file or directory|ls: top-filter.db: No such file or directory|"
}

# check_k61 DIR RELEASE: the 6.1 guest's files
check_k61() {
	local d=$1 q
	k61_truth "$d"
	rm -f "$d/import.db"
	if "$SMCCCTRACE" -d "$d/import.db" import -q "$d/trace.dat" >"$d/import.out" 2>&1; then
		k61_calls "$d/import.db" "$d/truth" "$d" "6.1: trace-cmd + import"
		k61_latencies "$d/trace.dat" "$d/import.db"
	else
		not_ok "6.1: smccctrace import"
		sed 's/^/#   /' "$d/import.out"
	fi
	expect_line 6.1 "$d/record.txt" "record exits 0" "exit 0"
	k61_calls "$d/record.db" "$d/record.truth" "$d" "6.1: record"
	rm -f "$d/record-import.db"
	"$SMCCCTRACE" -d "$d/record-import.db" import -q "$d/record.dat" >/dev/null 2>&1
	q="SELECT tid, func, conduit, location, incomplete, out_ns IS NULL FROM call_view ORDER BY tid, t_exit"
	if [ -s "$d/record.dat" ] &&
	   [ "$(sqlite3 "$d/record.db" "$q")" = "$(sqlite3 "$d/record-import.db" "$q")" ]; then
		ok "6.1: record and trace-cmd + import of the same run: the same calls"
	else
		not_ok "6.1: record and trace-cmd + import of the same run: the same calls"
	fi
	expect_line 6.1 "$d/probe.txt" "record --probe exits 0" "exit 0"
	if ! grep -q smccctrace_ "$d/probe.txt"; then
		ok "6.1: record --probe removes its kprobe"
	else
		not_ok "6.1: record --probe removes its kprobe"
	fi
	expect_line 6.1 "$d/probe.txt" "record --probe says SMC calls keep unknown IDs" \
		"warning: record: --probe: kvm_hvc_call_handler (Linux before 6.4) sees HVC calls only: SMC calls keep unknown IDs"
	k61_calls "$d/probe.db" "$d/probe.truth" "$d" "6.1: record --probe"
	k61_vcpus "$d/probe.db" "$d/probe.truth" "6.1: record --probe"
	expect_line 6.1 <(sqlite3 "$d/probe.db" "SELECT group_concat(coalesce(args, 'none'), ' ')
		FROM (SELECT args FROM call_view WHERE func IN ('0xc6000001', '0x8400000a')
		ORDER BY t_exit)") \
		"the probe's arguments are the guest's x1..x3" "[7,8,9] [2214592512,0,0]"
	expect_line 6.1 <(tr '\n' '|' <"$d/probe-nobtf.txt"; echo) \
		"--probe without BTF: one line naming it, exit 2, the command not started" \
		"smccctrace: record: --probe: no /sys/kernel/btf/vmlinux: the kernel's BTF (CONFIG_DEBUG_INFO_BTF) says where a vCPU's registers are|exit 2|ls: started: No such file or directory|"
	expect_line 6.1 "$d/probe-nolist.txt" \
		"--probe where no list names the handlers: each tried, exit 0" "exit 0"
	k61_calls "$d/probe-nolist.db" "$d/probe-nolist.truth" "$d" "6.1: --probe, no list"
	k61_vcpus "$d/probe-nolist.db" "$d/probe-nolist.truth" "6.1: --probe, no list"
	expect_line 6.1 "$d/shim.txt" "record --shim exits 0" "exit 0"
	k61_calls "$d/shim.db" "$d/shim.truth" "$d" "6.1: record --shim"
	k61_vcpus "$d/shim.db" "$d/shim.truth" "6.1: record --shim"
	expect_line 6.1 <(sqlite3 "$d/shim.db" "SELECT count(*), count(filter) FROM vms") \
		"the shim saw one VM and no filter" "1|0"
	k61_needs_64 "$d" "$2"
	check_top "$d" 6.1
}

# run_k61 WORK: boot Debian 12's 6.1 (VHE) with its own guest test
run_k61() {
	local w=$1 d=$1/k61 rel
	if ! E2E_KERNEL=6.1 kernel_image >/dev/null 2>&1; then
		not_ok "6.1: no Debian 12 6.1 kernel in the cache (tests/e2e/setup)"
		return
	fi
	if ! record_test_61 "$w/k61-in" 2>"$w/k61-vmm.err" ||
	   ! top_test "$w/k61-in" "" --no-filter 2>>"$w/k61-vmm.err" ||
	   ! cp -a "$w/record/smccctrace" "$w/record/record" "$w/k61-in/" 2>>"$w/k61-vmm.err"; then
		not_ok "6.1: the guest test builds"
		sed 's/^/#   /' "$w/k61-vmm.err"
		return
	fi
	build_initramfs "$w/k61.cpio.gz" "$w/k61-in"
	if E2E_KERNEL=6.1 boot vhe "$w/k61.cpio.gz" "$w/k61.log"; then
		fetch_files "$w/k61.log" "$d"
		ok "6.1: guest boots, runs the test VMM without a filter, powers off"
	else
		not_ok "6.1: guest boots, runs the test VMM without a filter, powers off"
		show_log "$w/k61.log"
		return
	fi
	rel=$(sed -n 's/^=== kernel //p' "$w/k61.log")
	check_k61 "$d" "$rel"
}
