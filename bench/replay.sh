#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# replay's cost over calling a handler directly: a generated trace of N
# calls (default 200000) is imported, then replayed over a no-op plugin
# (bench/replay-noop.so), and the same calls, read the same way, go
# through a direct loop calling the same plugin in the same run
# (bench/replay-direct, the named baseline). replay's loop is the span of
# its session (first handler call to the end of the last); the end-to-end
# figure is the whole command (reading the session, replaying, storing the
# replay, printing).
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-200000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "random 1 $n 4" | "$top/tests/tracegen/sct-tracegen" -o "$tmp/t.dat" -
"$top/smccctrace" -d "$tmp/b.db" import -q "$tmp/t.dat"

now() { date +%s.%N; }

"$top/bench/replay-direct" "$tmp/b.db" 1 "$top/bench/replay-noop.so" >"$tmp/direct"
t0=$(now)
"$top/smccctrace" -d "$tmp/b.db" replay -s 1 --handler "$top/bench/replay-noop.so" >"$tmp/replay"
t1=$(now)

calls=$(sqlite3 "$tmp/b.db" "SELECT calls FROM sessions WHERE id = 2")
span=$(sqlite3 "$tmp/b.db" "SELECT duration_ns FROM session_view WHERE id = 2")
clock=$(sed -n 's/^handler time: CLOCK_MONOTONIC_RAW, \([0-9]*\) ns a reading.*/\1/p' "$tmp/replay")
plain=$(awk '/handle\(\) alone/ { print $(NF - 5) }' "$tmp/direct")
timed=$(awk '/each call timed/ { print $(NF - 5) }' "$tmp/direct")

echo "session: $calls calls with a known ID (of $n); one clock reading: $clock ns"
cat "$tmp/direct"
awk -v calls="$calls" -v span="$span" -v a="$t0" -v b="$t1" -v plain="$plain" -v timed="$timed" 'BEGIN {
	rate = calls / (span / 1e9)
	printf "replay --handler, its loop:            %12.0f calls/s  (%.1f ns a call)\n", rate, span / calls
	printf "replay, end to end (read, replay, store): %9.0f calls/s\n", calls / (b - a)
	printf "replay loop / direct timed loop, time: %12.2f\n", timed / rate
	printf "replay loop / direct loop, time:       %12.2f\n", plain / rate
}'
