#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# What the preload shim adds to a VMM's KVM_RUN, on this host's own KVM:
# the tiny x86 guest (tests/kvm-x86) makes N exits to userspace with and
# without libsmccctrace-preload.so, the run without it being the named
# baseline. x86 has no KVM_EXIT_HYPERCALL, so this measures the wrapper on
# every KVM_RUN; what a forwarded call adds (two records into the ring, and
# with --shim-regs 21 KVM_GET_ONE_REG) is bench/shim-ring's figure.
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-300000}
guest=$top/tests/kvm-x86/x86-guest
shim=$top/record/shim/libsmccctrace-preload.so
[ -x "$guest" ] && [ -c /dev/kvm ] || { echo "shim.sh: needs an x86-64 host with /dev/kvm"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

now() { date +%s%N; }

t0=$(now)
"$guest" "$n" >/dev/null
t1=$(now)
: >"$tmp/out"
SMCCCTRACE_SHIM_OUT=$tmp/out LD_PRELOAD=$shim "$guest" "$n" >/dev/null
t2=$(now)

awk -v n="$n" -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN {
	base = (b - a) / n; shim = (c - b) / n
	printf "KVM_RUN exits:               %d\n", n
	printf "baseline, no shim:           %8.0f ns/exit\n", base
	printf "with the shim:               %8.0f ns/exit  (ratio %.3f)\n", shim, shim / base
}'
