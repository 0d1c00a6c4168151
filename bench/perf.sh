#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The figures of issue 14 in one run, each against its named baseline,
# on a generated trace of N calls (default 1000000; tests/tracegen
# 'random' mode: four vCPU threads, mixed locations):
#
#   import      against 'trace-cmd report -N > /dev/null' on the same file,
#               and against the sum of two floors: bench/floor-read (a
#               libtracecmd loop reading every record) and
#               bench/floor-insert (N rows of 12 integers, one transaction,
#               one prepared INSERT)
#   database    its bytes against the trace.dat's
#   report      'report --by function --format json' (percentiles per
#               function) against sqlite3's full scan of calls,
#               'select count(*), sum(d_entry) from calls' (d_entry is
#               total_ns since schema 6), and against its floor,
#               bench/floor-report (the columns report --by function reads,
#               through the SQLite C API, and nothing else): the floor over
#               the scan is what a row store costs, report over the floor
#               is report's own work
#   memory      peak RSS (VmHWM) of import and report
#
# Times are wall seconds and CPU seconds (user + system, children
# included); ratios are given for both. Run it on an idle machine: the
# load average is printed first.
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-1000000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# "wall cpu rss_kb" of a command, its output thrown away
measure() {
	/usr/bin/time -f '%e %U %S %M' -o "$tmp/time" "$@" >/dev/null 2>"$tmp/err" ||
		{ cat "$tmp/err" >&2; exit 1; }
	awk '{ printf "%s %.3f %s\n", $1, $2 + $3, $4 }' "$tmp/time"
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs"
echo "random 1 $n 4" | "$top/tests/tracegen/sct-tracegen" -o "$tmp/t.dat" -
size=$(wc -c <"$tmp/t.dat")

imp=$(measure "$top/smccctrace" -d "$tmp/b.db" import -q "$tmp/t.dat")
dbsize=$(wc -c <"$tmp/b.db")
tc=$(measure trace-cmd report -N -i "$tmp/t.dat")
fr=$(measure "$top/bench/floor-read" "$tmp/t.dat")
fi=$(measure "$top/bench/floor-insert" "$n" "$tmp/f.db")
rep=$(measure "$top/smccctrace" -d "$tmp/b.db" report --by function --format json)
scan=$(measure sqlite3 "$tmp/b.db" 'select count(*), sum(d_entry) from calls')
frep=$(measure "$top/bench/floor-report" "$tmp/b.db")

echo "$n $size $dbsize" "$imp" "$tc" "$fr" "$fi" "$rep" "$scan" "$frep" | awk '{
	n = $1; size = $2; db = $3
	iw = $4; ic = $5; im = $6; tw = $7; tcpu = $8
	rw = $10; rc = $11; fw = $13; fc = $14
	pw = $16; pc = $17; pm = $18; sw = $19; sc = $20; ow = $22; oc = $23
	printf "trace: %d calls, %.1f MB\n", n, size / 1e6
	printf "%-34s %8s %8s\n", "", "wall s", "CPU s"
	printf "%-34s %8.2f %8.2f   peak RSS %d KB\n", "smccctrace import", iw, ic, im
	printf "%-34s %8.2f %8.2f\n", "trace-cmd report -N (baseline)", tw, tcpu
	printf "%-34s %8.2f %8.2f\n", "floor-read (libtracecmd loop)", rw, rc
	printf "%-34s %8.2f %8.2f\n", "floor-insert (12 integers a row)", fw, fc
	printf "%-34s %8.2f %8.2f   peak RSS %d KB\n", "report --by function --format json", pw, pc, pm
	printf "%-34s %8.2f %8.2f\n", "sqlite3 count/sum scan (baseline)", sw, sc
	printf "%-34s %8.2f %8.2f\n", "floor-report (report'"'"'s columns)", ow, oc
	printf "ratios (target)                        wall      CPU\n"
	printf "trace-cmd report / import (>= 5)   %8.2f %8.2f\n", tw / iw, tcpu / ic
	printf "import / summed floors (<= 1.5)    %8.2f %8.2f\n", iw / (rw + fw), ic / (rc + fc)
	printf "report / sqlite3 scan (<= 2)       %8.2f %8.2f\n", pw / (sw > 0 ? sw : 0.01), pc / (sc > 0 ? sc : 0.01)
	printf "floor-report / sqlite3 scan         %8.2f %8.2f\n", ow / (sw > 0 ? sw : 0.01), oc / (sc > 0 ? sc : 0.01)
	printf "report / floor-report               %8.2f %8.2f\n", pw / (ow > 0 ? ow : 0.01), pc / (oc > 0 ? oc : 0.01)
	printf "database / trace.dat bytes (<= 0.5) %7.2f\n", db / size
}'
