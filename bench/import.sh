#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# import throughput on a generated trace of N calls (default 200000),
# against a named baseline in the same run: 'trace-cmd report -N' reading
# the same file into text, which is how the same records are read without
# smccctrace. Prints calls/s for both and their ratio.
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-200000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "random 1 $n 4" | "$top/tests/tracegen/sct-tracegen" -o "$tmp/t.dat" -
size=$(wc -c <"$tmp/t.dat")

now() { date +%s.%N; }

t0=$(now)
"$top/smccctrace" -d "$tmp/b.db" import -q "$tmp/t.dat"
t1=$(now)
trace-cmd report -N -i "$tmp/t.dat" >/dev/null 2>&1
t2=$(now)

awk -v n="$n" -v size="$size" -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN {
	imp = b - a; base = c - b
	printf "trace: %d calls, %.1f MB\n", n, size / 1e6
	printf "smccctrace import:         %8.2f s  %10.0f calls/s\n", imp, n / imp
	printf "baseline trace-cmd report: %8.2f s  %10.0f calls/s\n", base, n / base
	printf "import / baseline time:    %8.2f\n", imp / base
}'
