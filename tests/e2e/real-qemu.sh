# SPDX-License-Identifier: GPL-2.0
#
# A real VMM in the test bed, sourced by tests/e2e/run (which defines ok,
# not_ok and expect_line). Debian 12's own arm64 qemu-system-aarch64
# (downloaded with the library packages it needs and unpacked, never
# installed) runs inside the arm64 guest (L1) under its real KVM and boots
# the same kernel as a small guest (L2): 2 vCPUs, -cpu host (so a PMU,
# which QEMU sets up with group 0 / attribute 0 on every vCPU fd), no
# SMCCC filter; L2's /init prints a line and powers off (PSCI SYSTEM_OFF).
# One boot of L2 is recorded at once by
#
#	smccctrace record                  (outer, tracepoints alone)
#	  smccctrace record --probe --shim (the shim preloaded into QEMU)
#	    trace-cmd record               (its trace.dat imported on the host)
#	      qemu-system-aarch64

QEMU_HELLO="=== L2 guest up, powering off"

# qemu_closure: qemu-system-arm and the library packages it depends on,
# recursively (one apt-cache run: one a package takes minutes on a busy
# machine); libc6 is the guest root's own
qemu_closure() {
	apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts \
		--no-breaks --no-replaces --no-enhances qemu-system-arm:arm64 2>/dev/null |
	awk '/^[^ ]/ { pkg = $1; sub(/:arm64$/, "", pkg); next }
	     $1 == "Depends:" || $1 == "PreDepends:" {
		d = $2; sub(/:arm64$/, "", d); deps[pkg] = deps[pkg] " " d
	     }
	     END {
		queue[1] = "qemu-system-arm"; seen["qemu-system-arm"] = 1
		for (head = tail = 1; head <= tail; head++) {
			print queue[head]
			n = split(deps[queue[head]], dep, " ")
			for (i = 1; i <= n; i++) {
				d = dep[i]
				if (d in seen || d == "libc6" || (d !~ /^lib/ && d != "zlib1g"))
					continue
				seen[d] = 1
				queue[++tail] = d
			}
		}
	     }'
}

# qemu_fetch: the packages downloaded and unpacked into $E2E_CACHE/qemu;
# fails with the reason on stderr
qemu_fetch() {
	local q=$E2E_CACHE/qemu p d
	mkdir -p "$q/debs"
	for p in $(qemu_closure); do
		ls "$q/debs/${p}_"*_arm64.deb >/dev/null 2>&1 && continue
		(cd "$q/debs" && apt-get download -q -o APT::Sandbox::User=root "$p:arm64" >/dev/null) ||
			{ echo "real QEMU: cannot download $p:arm64" >&2; return 1; }
	done
	ls "$q"/debs/qemu-system-arm_*_arm64.deb >/dev/null 2>&1 ||
		{ echo "real QEMU: no qemu-system-arm:arm64 in the apt sources" >&2; return 1; }
	[ -f "$q/.unpacked" ] && [ -z "$(find "$q/debs" -newer "$q/.unpacked" -name '*.deb')" ] &&
		return 0
	rm -rf "$q/root"
	mkdir -p "$q/root"
	for d in "$q"/debs/*.deb; do
		dpkg -x "$d" "$q/root" || return 1
	done
	touch "$q/.unpacked"
}

# qemu_lib SONAME: where the unpacked packages (or the guest root) hold it
qemu_lib() {
	local dir
	for dir in "$E2E_CACHE"/qemu/root/{lib,usr/lib} "$E2E_CACHE"/root/{lib,usr/lib}; do
		[ -e "$dir/aarch64-linux-gnu/$1" ] && { echo "$dir/aarch64-linux-gnu/$1"; return 0; }
	done
	return 1
}

# qemu_stage DIR: qemu-system-aarch64 in DIR/qemu, and in DIR/qemu/lib
# every library it needs (the NEEDED closure); fails naming a missing one
qemu_stage() {
	local todo seen=" " next f s lib
	mkdir -p "$1/qemu/lib"
	cp "$E2E_CACHE/qemu/root/usr/bin/qemu-system-aarch64" "$1/qemu/" || return 1
	todo=$1/qemu/qemu-system-aarch64
	while [ -n "$todo" ]; do
		next=
		for f in $todo; do
			for s in $("${CROSS}readelf" -d "$f" | sed -n 's/.*Shared library: \[\(.*\)\]$/\1/p'); do
				case $seen in *" $s "*) continue ;; esac
				seen="$seen$s "
				lib=$(qemu_lib "$s") ||
					{ echo "real QEMU: no $s among the unpacked packages" >&2; return 1; }
				cp -L "$lib" "$1/qemu/lib/$s" && next="$next $1/qemu/lib/$s"
			done
		done
		todo=$next
	done
}

# qemu_l2_initramfs OUT: L2's root, uncompressed: busybox and an /init that
# says it is up and powers off. It says so through the kernel's log, which
# reaches the console before the power goes off; a write to the console's
# tty may still be in its buffer then.
qemu_l2_initramfs() {
	local stage
	stage=$(mktemp -d)
	mkdir -p "$stage/bin" "$stage/dev"
	cp "$E2E_CACHE/root/bin/busybox" "$stage/bin/"
	cat >"$stage/init" <<INIT
#!/bin/busybox sh
/bin/busybox mount -t devtmpfs dev /dev
/bin/busybox echo "<2>$QEMU_HELLO" >/dev/kmsg
/bin/busybox poweroff -f
INIT
	chmod +x "$stage/init"
	(cd "$stage" && find . | cpio -o -H newc --quiet) >"$1"
	local rc=$?
	rm -rf "$stage"
	return $rc
}

# qemu_test DIR: L1's test, and the script that runs QEMU, in DIR
qemu_test() {
	cat >"$1/run-qemu" <<'RUN'
#!/bin/sh
# QEMU as the test bed runs it, its exit status kept. debug-threads=on (as
# libvirt gives it) names the vCPU threads "CPU 0/KVM", "CPU 1/KVM"
LD_LIBRARY_PATH=/qemu/lib /qemu/qemu-system-aarch64 -name l2,debug-threads=on \
	-M virt,gic-version=3 -cpu host -enable-kvm -smp 2 -m 256 \
	-nographic -no-reboot -nic none -kernel /Image \
	-initrd /l2.cpio -append "console=ttyAMA0 quiet panic=-1" </dev/null >/out/console.txt 2>&1
echo "exit $?" >/out/qemu-exit.txt
RUN
	cat >"$1/test" <<'TEST'
#!/bin/sh
cd /out
/smccctrace -d record.db record -q -- \
	/smccctrace -d probe-shim.db record -q --probe --shim -- \
	trace-cmd record -q -C mono -e kvm:kvm_exit -e kvm:kvm_hvc_arm64 \
	-e kvm:kvm_userspace_exit -e kvm:kvm_entry -o qemu.dat /run-qemu >record.txt 2>&1
echo "exit $?" >>record.txt
ls /sys/kernel/tracing/instances >>record.txt
grep smccctrace_ /sys/kernel/tracing/kprobe_events >>record.txt
TEST
	chmod +x "$1/run-qemu" "$1/test"
}

# qemu_initramfs SRC OUT: L1's initramfs (uncompressed) with QEMU, L2's
# kernel and root, the test, and smccctrace and its shim from SRC
qemu_initramfs() {
	local src=$1 out=$2 dir
	dir=$(mktemp -d)
	mkdir -p "$dir/record/shim"
	cp "$src/smccctrace" "$dir/" &&
	cp "$src/record/shim/libsmccctrace-preload.so" "$dir/record/shim/" &&
	cp "$(kernel_image)" "$dir/Image" &&
	qemu_l2_initramfs "$dir/l2.cpio" &&
	qemu_stage "$dir" &&
	qemu_test "$dir" &&
	build_initramfs "$out.gz" "$dir" &&
	gzip -d -f "$out.gz"
	local rc=$?
	rm -rf "$dir"
	return $rc
}

# qemu_calls DB: the calls, thread by thread in order, with their vCPU
# and the thread's name
qemu_calls() {
	sqlite3 -separator ' ' "$1" "SELECT tid, vcpu, comm, func, conduit, location, incomplete
		FROM call_view ORDER BY tid, t_exit"
}

# qemu_boot_calls DB: per vCPU and function, where the calls were handled
# and how many there were (TRNG_RND64's count varies from boot to boot)
qemu_boot_calls() {
	sqlite3 -separator ' ' "$1" "SELECT vcpu, comm, func, location, incomplete,
		CASE WHEN func = '0xc4000053' THEN 'some' ELSE count(*) END
		FROM call_view GROUP BY vcpu, comm, func, location, incomplete
		ORDER BY vcpu, func, location, incomplete"
}

# What a Linux 6.12 guest of 2 vCPUs asks KVM from boot to poweroff, with
# QEMU's -cpu host (PV time, TRNG): all HVC, all answered by the kernel;
# SYSTEM_OFF is followed by KVM_EXIT_SYSTEM_EVENT and its vCPU never enters
# again. vCPU 0: SMCCC_VERSION, ARCH_FEATURES (PV time, WORKAROUND_3),
# PSCI_VERSION, MIGRATE_INFO_TYPE, SYSTEM_OFF, PSCI_FEATURES x4,
# TRNG_VERSION, KVM_FEATURES, CALL_UID, CPU_ON_64, TRNG_RND64,
# PV_TIME_FEATURES, PV_TIME_ST; vCPU 1: WORKAROUND_3, TRNG_RND64, PV_TIME_ST
QEMU_BOOT_CALLS="0 CPU 0/KVM 0x80000000 kernel 0 1
0 CPU 0/KVM 0x80000001 kernel 0 2
0 CPU 0/KVM 0x84000000 kernel 0 1
0 CPU 0/KVM 0x84000006 kernel 0 1
0 CPU 0/KVM 0x84000008 kernel 1 1
0 CPU 0/KVM 0x8400000a kernel 0 4
0 CPU 0/KVM 0x84000050 kernel 0 1
0 CPU 0/KVM 0x86000000 kernel 0 1
0 CPU 0/KVM 0x8600ff01 kernel 0 1
0 CPU 0/KVM 0xc4000003 kernel 0 1
0 CPU 0/KVM 0xc4000053 kernel 0 some
0 CPU 0/KVM 0xc5000020 kernel 0 1
0 CPU 0/KVM 0xc5000021 kernel 0 1
1 CPU 1/KVM 0x80000001 kernel 0 1
1 CPU 1/KVM 0xc4000053 kernel 0 some
1 CPU 1/KVM 0xc5000021 kernel 0 1"

# qemu_same DB IMPORT_DB WHAT: DB holds the calls import found in
# trace-cmd's file (IMPORT_DB)
qemu_same() {
	if [ -n "$(qemu_calls "$2")" ] && [ "$(qemu_calls "$1")" = "$(qemu_calls "$2")" ]; then
		ok "real QEMU: $3 and trace-cmd + import: the same calls, thread by thread"
	else
		not_ok "real QEMU: $3 and trace-cmd + import: the same calls, thread by thread"
		diff <(qemu_calls "$2") <(qemu_calls "$1") | sed 's/^/#   /' | head -n 20
	fi
}

# qemu_check_db DB WHAT: the boot's calls, each where KVM handled it, and
# the vCPUs from QEMU's thread names
qemu_check_db() {
	if [ "$(qemu_boot_calls "$1")" = "$QEMU_BOOT_CALLS" ]; then
		ok "real QEMU, $2: the guest's boot calls on vCPUs 0 and 1, SYSTEM_OFF in the kernel"
	else
		not_ok "real QEMU, $2: the guest's boot calls on vCPUs 0 and 1, SYSTEM_OFF in the kernel"
		diff <(echo "$QEMU_BOOT_CALLS") <(qemu_boot_calls "$1") | sed 's/^/#   /'
	fi
	expect_line "real QEMU, $2" <(sqlite3 "$1" "SELECT group_concat(comm || '=' || vcpu, ' ')
		FROM (SELECT comm, vcpu FROM threads ORDER BY vcpu)") \
		"vCPU numbers from QEMU's thread names" "CPU 0/KVM=0 CPU 1/KVM=1"
}

# qemu_check_shim DIR: the probe's IDs and arguments; the shim saw QEMU's
# VMs and no filter (QEMU 7.2 installs none; its PMU attribute on each vCPU
# fd is none either)
qemu_check_shim() {
	local db=$1/probe-shim.db
	expect_line "real QEMU, --probe" <(sqlite3 "$db" "SELECT count(*) FROM call_view
		WHERE func_id IS NULL OR args IS NULL") "every call has its ID and arguments" 0
	expect_line "real QEMU, --probe" <(sqlite3 "$db" "SELECT group_concat(printf('0x%x',
		json_extract(args, '\$[0]')), ' ') FROM (SELECT args FROM call_view
		WHERE func IN ('0x8400000a', '0xc4000003') ORDER BY t_exit)") \
		"PSCI_FEATURES asks for SMCCC_VERSION, CPU_SUSPEND, SYSTEM_SUSPEND, SYSTEM_RESET2; CPU_ON starts MPIDR 1" \
		"0x80000000 0xc4000001 0xc400000e 0xc4000012 0x1"
	expect_line "real QEMU, --shim" <(sqlite3 "$db" "SELECT (SELECT count(*) FROM vms) || ' VMs, ' ||
		(SELECT count(*) FROM vms WHERE filter IS NOT NULL) || ' with a filter, session filter ' ||
		coalesce((SELECT filter FROM sessions), 'none') || ', calls in VM ' ||
		(SELECT group_concat(DISTINCT vm) FROM calls)") \
		"QEMU's VM and two scratch VMs, no filter, every call in QEMU's VM" \
		"3 VMs, 0 with a filter, session filter none, calls in VM 0"
	expect_line "real QEMU, --shim" <(sqlite3 "$db" "SELECT kernel_calls || ' kernel, ' ||
		forwarded_calls || ' forwarded, ' || denied_calls || ' denied, ' ||
		unknown_location_calls || ' unknown' FROM sessions") \
		"nothing forwarded, denied or unknown" \
		"$(sqlite3 "$1/import.db" 'SELECT calls FROM sessions') kernel, 0 forwarded, 0 denied, 0 unknown"
	expect_line "real QEMU, --shim" <(sqlite3 "$db" "SELECT count FROM exits
		WHERE kind = 'userspace' AND name = 'SYSTEM_EVENT'") \
		"one KVM_EXIT_SYSTEM_EVENT: SYSTEM_OFF's" 1
}

# check_real_qemu WORK: QEMU in the test bed (smccctrace for arm64 in
# WORK/record), recorded, and what each recorder stored
check_real_qemu() {
	local w=$1/qemu d=$1/qemu/out why
	mkdir -p "$w"
	if ! qemu_fetch 2>"$w/fetch.err"; then
		why=$(tail -n 1 "$w/fetch.err")
		ok "real QEMU # SKIP ${why:-cannot fetch qemu-system-arm:arm64}"
		return
	fi
	if ! qemu_initramfs "$1/record" "$w/l1.cpio" 2>"$w/initramfs.err"; then
		not_ok "real QEMU: the test bed's initramfs with QEMU"
		sed 's/^/#   /' "$w/initramfs.err"
		return
	fi
	if E2E_MEM=3072 boot vhe "$w/l1.cpio" "$w/l1.log"; then
		fetch_files "$w/l1.log" "$d"
		ok "real QEMU: QEMU under trace-cmd, record --probe --shim and record boots its guest"
	else
		not_ok "real QEMU: QEMU under trace-cmd, record --probe --shim and record boots its guest"
		show_log "$w/l1.log"
		return
	fi
	expect_line "real QEMU" "$d/qemu-exit.txt" "qemu-system-aarch64 exits 0" "exit 0"
	expect_line "real QEMU" <(tr -d '\r' <"$d/console.txt" | sed 's/^\[[ 0-9.]*\] //') \
		"the guest's console line" "$QEMU_HELLO"
	# a line more would be a warning, an instance or a kprobe left
	if [ "$(cat "$d/record.txt" 2>&1)" = "exit 0" ]; then
		ok "real QEMU: both records exit 0, warn of nothing, leave no instance or kprobe"
	else
		not_ok "real QEMU: both records exit 0, warn of nothing, leave no instance or kprobe"
		sed 's/^/#   /' "$d/record.txt" 2>/dev/null | head -n 10
	fi
	if "$SMCCCTRACE" -d "$d/import.db" import -q "$d/qemu.dat" >"$w/import.out" 2>&1; then
		qemu_check_db "$d/import.db" "trace-cmd + import"
	else
		not_ok "real QEMU: trace-cmd + import"
		sed 's/^/#   /' "$w/import.out"
	fi
	qemu_check_db "$d/record.db" "record"
	qemu_check_db "$d/probe-shim.db" "record --probe --shim"
	qemu_same "$d/record.db" "$d/import.db" "record"
	qemu_same "$d/probe-shim.db" "$d/import.db" "record --probe --shim"
	qemu_check_shim "$d"
}
