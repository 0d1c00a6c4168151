# SPDX-License-Identifier: GPL-2.0
#
# Shared by the test bed's scripts: building the test VMM and an initramfs,
# booting arm64 Linux with KVM in QEMU, and getting files back out of it.
# Files come back over the serial console, base64-encoded between markers,
# so the guest needs no block or 9p drivers.

E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
E2E_CACHE=${E2E_CACHE:-$E2E_DIR/.cache}
E2E_TIMEOUT=${E2E_TIMEOUT:-600}	# one boot runs every guest test: about 4 min under emulation
CROSS=aarch64-linux-gnu-

# E2E_KERNEL: the series to boot, 6.12 (the default) or 6.1 (Debian 12's own)
kernel_image() {
	ls "$E2E_CACHE"/root/boot/vmlinuz-"${E2E_KERNEL:-6.12}"[.-]* | sort -V | tail -n 1
}

kernel_release() {
	basename "$(kernel_image)" | sed 's/^vmlinuz-//'
}

# build_vmm OUT [LINK]: the arm64 test VMM, static unless LINK is
# "dynamic" (LD_PRELOAD works on dynamic VMMs only, as real ones are)
build_vmm() {
	"${CROSS}gcc" -O2 -Wall -Wextra -Werror $([ "${2:-}" = dynamic ] || echo -static) \
		-pthread -o "$1" "$E2E_DIR/vmm/testvmm.c" "$E2E_DIR/vmm/multivm.c" \
		"$E2E_DIR/vmm/guest.S"
}

# sysroot_links LIBDIR DIR SYSROOT: in DIR, a link into SYSROOT for each
# LIBDIR/*.so that names an absolute path (libtinfo.so ->
# /lib/aarch64-linux-gnu/libtinfo.so.6): outside the sysroot it dangles, and
# the linker then takes the static archive beside it, a second copy of the
# library that the shared ones using it never see
sysroot_links() {
	local so to
	mkdir -p "$2" || return 1
	for so in "$1"/*.so; do
		to=$(readlink "$so") || continue
		case $to in
		/*) ln -sf "$3$to" "$2/$(basename "$so")" || return 1 ;;
		esac
	done
}

# build_smccctrace OUT: smccctrace for arm64, built in a copy of the tree
# against the sysroot that setup unpacked; the preload shim goes to
# record/shim/ and replay's example plugins to the directory of OUT
build_smccctrace() {
	local top src sys="$E2E_CACHE/sysroot" lib out
	local examples="replay/examples/trng.so replay/examples/vendor-hyp.so"
	top=$(cd "$E2E_DIR/../.." && pwd)
	out=$(cd "$(dirname "$1")" && pwd) || return 1
	src=$(mktemp -d)
	lib=$sys/usr/lib/aarch64-linux-gnu
	sysroot_links "$lib" "$src/sysroot-so" "$sys" || return 1
	(cd "$top" && { git ls-files -- Makefile include lib record replay analyze tui
		git ls-files | grep -E '^[^/]+\.[ch]$'; } | cpio -pdm --quiet "$src") &&
	make -C "$src" -j2 smccctrace record/shim/libsmccctrace-preload.so $examples CROSS_COMPILE=$CROSS \
		PKG_CONFIG_LIBDIR="$lib/pkgconfig:$sys/usr/share/pkgconfig" \
		PKG_CONFIG_SYSROOT_DIR="$sys" \
		CFLAGS="-O2 -isystem $sys/usr/include -isystem $sys/usr/include/aarch64-linux-gnu" \
		LDFLAGS="-L$src/sysroot-so -L$lib -L$sys/lib/aarch64-linux-gnu -Wl,-rpath-link,$lib:$sys/lib/aarch64-linux-gnu" &&
	cp "$src/smccctrace" "$1" &&
	mkdir -p "$(dirname "$1")/record/shim" &&
	cp "$src/record/shim/libsmccctrace-preload.so" "$(dirname "$1")/record/shim/" &&
	(cd "$src" && cp $examples "$out/")
	local rc=$?
	rm -rf "$src"
	return $rc
}

# record_test DIR [REPEAT]: a guest test that runs the test VMM (its
# scripts REPEAT times) under trace-cmd, leaving trace.dat, truth and
# filter.json in /out
record_test() {
	mkdir -p "$1"
	build_vmm "$1/testvmm" && build_vmm "$1/testvmm-dyn" dynamic || return 1
	cat >"$1/test" <<TEST
#!/bin/sh
cd /tmp
trace-cmd record -e kvm:kvm_exit -e kvm:kvm_hvc_arm64 -e kvm:kvm_userspace_exit \\
	-e kvm:kvm_entry -o /out/trace.dat /testvmm /out/truth /out/filter.json ${2:-1}
# several VMs in turn on one thread, each with its own filter
trace-cmd record -e kvm:kvm_exit -e kvm:kvm_hvc_arm64 -e kvm:kvm_userspace_exit \\
	-e kvm:kvm_entry -o /out/vms.dat /testvmm --vms /out/vms.truth
[ -x /smccctrace ] || exit 0
# smccctrace itself on arm64: import, a suggestion applied to real KVM
cd /out
/smccctrace -d guest.db import --filter filter.json trace.dat >guest-import.txt 2>&1
/smccctrace decode --format json 0xC4000003 >decode.json 2>&1
/smccctrace -d guest.db suggest --format json >suggest.json 2>suggest.err
/smccctrace suggest --check suggest.json --apply-test >apply.txt 2>&1
echo "exit \$?" >>apply.txt
/smccctrace suggest --check filter.json --apply-test >apply-vmm.txt 2>&1
echo "exit \$?" >>apply-vmm.txt
# one run recorded live by smccctrace and by trace-cmd at once, both with
# the mono clock
/smccctrace -d record.db record -q --filter filter.json -- \\
	trace-cmd record -q -C mono -e kvm:kvm_exit -e kvm:kvm_hvc_arm64 \\
	-e kvm:kvm_userspace_exit -e kvm:kvm_entry -o record.dat \\
	/testvmm record.truth record.filter.json ${2:-1} >record.txt 2>&1
echo "exit \$?" >>record.txt
ls /sys/kernel/tracing/instances >>record.txt
# SIGINT while recording a long run: a consistent database, no instance.
# A background job starts with SIGINT ignored until record sets its
# handler, before it makes its instance: wait for that (startup under
# emulation can take more than a second)
/smccctrace -d sigint.db record -q -- /testvmm sigint.truth sigint.filter.json 0 &
i=0
while [ -z "\$(ls /sys/kernel/tracing/instances)" ] && [ \$i -lt 300 ]; do
	sleep 0.1
	i=\$((i + 1))
done
sleep 1
kill -INT \$!
wait \$!
echo "exit \$?" >sigint.txt
ls /sys/kernel/tracing/instances >>sigint.txt
# the kprobe on KVM's SMCCC handler: every call's ID and x1..x3
/smccctrace -d probe.db record -q --probe --filter filter.json -- \\
	/testvmm probe.truth probe.filter.json ${2:-1} >probe.txt 2>&1
echo "exit \$?" >>probe.txt
grep smccctrace_ /sys/kernel/tracing/kprobe_events >>probe.txt
# the preload shim: SMC function IDs, arguments and results
/smccctrace -d shim.db record -q --shim --shim-regs -- \\
	/testvmm-dyn shim.truth shim.filter.json ${2:-1} >shim.txt 2>&1
echo "exit \$?" >>shim.txt
/smccctrace -d shim-only.db record -q --shim-only --shim-regs -- \\
	/testvmm-dyn shim-only.truth shim-only.filter.json ${2:-1} >>shim.txt 2>&1
echo "exit \$?" >>shim.txt
# the test VMM again, under the suggested filter
trace-cmd record -e kvm:kvm_exit -e kvm:kvm_hvc_arm64 -e kvm:kvm_userspace_exit \\
	-e kvm:kvm_entry -o suggested.dat /testvmm suggested.truth suggested.filter.json \\
	${2:-1} suggest.json
echo '{"filters": [{"base": "0x80000000", "nr_functions": 4, "action": "DENY"}]}' >reserved.json
/smccctrace suggest --check reserved.json --apply-test >apply-reserved.txt 2>&1
echo "exit \$?" >>apply-reserved.txt
# --probe and --shim together, without --shim-regs: x1..x3 from the probe
/smccctrace -d probe-shim.db record -q --probe --shim -- \\
	/testvmm-dyn probe-shim.truth probe-shim.filter.json ${2:-1} >probe-shim.txt 2>&1
echo "exit \$?" >>probe-shim.txt
# the VMs in turn under each recorder
for m in record probe shim probe-shim; do
	case \$m in
	record) opts= ;;
	probe) opts=--probe ;;
	shim) opts=--shim ;;
	probe-shim) opts="--probe --shim" ;;
	esac
	/smccctrace -d vms-\$m.db record -q \$opts -- /testvmm-dyn --vms vms-\$m.truth \\
		>vms-\$m.txt 2>&1
	echo "exit \$?" >>vms-\$m.txt
done
# smccctrace top -b over the test VMM (tests/e2e/top.sh)
[ ! -x /top-test ] || /top-test
# smccctrace top on a terminal, keys played by pty-run (tests/e2e/top-tty.sh)
[ ! -x /top-tty ] || /top-tty
# replay --kvm: this mode's fixture recording made again on this KVM, under
# the session's filter with each back end, and under suggest's filter
m=vhe
grep -q kvm-arm.mode=nvhe /proc/cmdline && m=nvhe
[ -f /replay-\$m.db ] || exit 0
cp /replay-\$m.db replay.db
cp /replay-\$m-suggest.json replay-suggest.json
for be in "--builtin kvm" "--handler /trng.so" "--handler /vendor-hyp.so"; do
	/smccctrace -d replay.db replay -s 1 --kvm \$be >>replay-kvm.txt 2>&1
	echo "exit \$?" >>replay-kvm.txt
done
/smccctrace -d replay.db replay -s 1 --kvm --filter replay-suggest.json --builtin kvm \
	>>replay-kvm.txt 2>&1
echo "exit \$?" >>replay-kvm.txt
# and the probe's recording, whose calls have their arguments and SMC IDs
cp probe.db probe-replay.db
/smccctrace -d probe-replay.db replay -s 1 --kvm --builtin kvm >>replay-kvm.txt 2>&1
echo "exit \$?" >>replay-kvm.txt
# suggest --vmm-session: trng.so, the VMM's handler, replayed on that
# recording (session 3) says which forwarded IDs it implements; the calls
# made again with it under the filter suggest then gives (4) and under the
# recording's own (5)
/smccctrace -d probe-replay.db replay -s 1 --handler /trng.so >>replay-kvm.txt 2>&1
echo "exit \$?" >>replay-kvm.txt
/smccctrace -d probe-replay.db suggest -s 1 --vmm-session 3 --format json \
	>vmm-suggest.json 2>>replay-kvm.txt
echo "exit \$?" >>replay-kvm.txt
for f in "--filter vmm-suggest.json" ""; do
	/smccctrace -d probe-replay.db replay -s 1 --kvm \$f --handler /trng.so >>replay-kvm.txt 2>&1
	echo "exit \$?" >>replay-kvm.txt
done
TEST
}

# build_initramfs OUT.cpio.gz DIR: DIR holds the files of the test (its
# /test script first of all); busybox, trace-cmd and its libraries are added
build_initramfs() {
	local out=$1 extra=$2 stage root="$E2E_CACHE/root"
	stage=$(mktemp -d)
	mkdir -p "$stage"/{bin,dev,proc,sys,tmp,usr/bin,lib/aarch64-linux-gnu,usr/lib/aarch64-linux-gnu}
	cp "$root/bin/busybox" "$stage/bin/"
	cp "$root/usr/bin/trace-cmd" "$stage/usr/bin/"
	cp -a "$root"/lib/aarch64-linux-gnu/{libc.so.6,ld-linux-aarch64.so.1} "$stage/lib/aarch64-linux-gnu/"
	ln -s aarch64-linux-gnu/ld-linux-aarch64.so.1 "$stage/lib/ld-linux-aarch64.so.1"
	cp -a "$root"/usr/lib/aarch64-linux-gnu/lib{traceevent,tracefs,tracecmd,zstd}.so.* \
		"$stage/usr/lib/aarch64-linux-gnu/"
	if [ -x "$extra/smccctrace" ]; then
		cp -a "$E2E_CACHE"/sysroot/{usr/lib,lib}/aarch64-linux-gnu/lib{sqlite3,ncursesw,tinfo,jansson}.so.* \
			"$stage/usr/lib/aarch64-linux-gnu/" 2>/dev/null
		cp -a "$root"/lib/aarch64-linux-gnu/libm.so.6 "$stage/lib/aarch64-linux-gnu/"
	fi
	cp "$E2E_DIR/guest-init" "$stage/init"
	cp -a "$extra"/. "$stage/"
	chmod +x "$stage/init" "$stage/test"
	(cd "$stage" && find . | cpio -o -H newc --quiet | gzip -1) >"$out"
	rm -rf "$stage"
}

# boot MODE INITRAMFS LOG: boot under QEMU (MODE vhe or nvhe); the console
# goes to LOG. Fails on a timeout or when the guest did not finish.
boot() {
	local mode=$1 initrd=$2 log=$3 append="console=ttyAMA0 quiet loglevel=1 panic=-1"
	[ "$mode" = nvhe ] && append="$append kvm-arm.mode=nvhe"
	timeout --kill-after=5 "$E2E_TIMEOUT" qemu-system-aarch64 \
		-M virt,virtualization=on,gic-version=3 -cpu max,pauth-impdef=on \
		-smp 2 -m "${E2E_MEM:-1024}" -nographic -no-reboot -nic none \
		-kernel "$(kernel_image)" -initrd "$initrd" -append "$append" \
		</dev/null >"$log" 2>&1
	local rc=$?
	tr -d '\r' <"$log" >"$log.tmp" && mv "$log.tmp" "$log"
	if [ $rc = 124 ] || [ $rc = 137 ]; then
		echo "boot: the guest did not finish within ${E2E_TIMEOUT}s" >>"$log"
		return 1
	fi
	grep -q '^=== test done' "$log"
}

# fetch_files LOG DIR: unpack the files the guest sent (send_file in guest-init)
fetch_files() {
	local log=$1 dir=$2
	mkdir -p "$dir"
	awk -v dir="$dir" '
		/^=== begin / { name = $3; file = dir "/" name ".b64"; printf "" > file; next }
		/^=== end$/ { close(file); name = ""; next }
		name != "" && /^[A-Za-z0-9+\/=]+$/ { print >> file }
	' "$log"
	for f in "$dir"/*.b64; do
		[ -e "$f" ] || continue
		base64 -d "$f" >"${f%.b64}" && rm -f "$f"
	done
}

# show_log LOG: the console, for a failed test (TAP comments)
show_log() {
	grep -v '^[A-Za-z0-9+/=]\{60,\}$' "$1" | tail -n 40 | sed 's/^/#   /'
}
