#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# import on damaged copies of real traces and in a damaged environment: a
# file either imports or gets one line naming it, exit 2 and no session;
# the next file is still tried; import never crashes, and no latency it
# stores is negative.
. "$(dirname "$0")/lib.sh"

need_smccctrace
need_built "$TRACEGEN"
need_cmd sqlite3
corrupt=${CORRUPT:-$(dirname "$TRACEGEN")/../fuzz/corrupt}
need_built "$corrupt"
data=$(cd "$(dirname "$0")/../data" && pwd)
fixtures="vhe-basic nvhe-basic vhe-load"

# import_batch NAME DIR: import every DIR/*.dat into DIR.db, then check
# that each file is either a session or one line of stderr, not both
import_batch() {
	name=$1
	dir=$2
	"$SMCCCTRACE" -d "$dir.db" import -q "$dir"/*.dat >/dev/null 2>"$dir.err"
	rc=$?
	nr=$(ls "$dir" | wc -l)
	sqlite3 "$dir.db" 'SELECT source FROM sessions' >"$dir.ok"
	sed -n "s|^smccctrace: \\($dir/[^:]*\\): .*|\\1|p" "$dir.err" >"$dir.bad"
	refused=$(wc -l <"$dir.bad")
	want_rc=0
	want_lines=$refused
	if [ "$refused" -gt 0 ]; then
		want_rc=2
		[ "$nr" -gt 1 ] && want_lines=$((refused + 1))
	fi
	check_eq "$name: exit status" "$rc" "$want_rc"
	check_eq "$name: each file imported or refused, once" \
		"$(cat "$dir.ok" "$dir.bad" | sort)" "$(ls "$dir"/*.dat | sort)"
	check_eq "$name: one line per refused file, one summary" \
		"$(wc -l <"$dir.err")" "$want_lines"
	check_eq "$name: no negative latency stored" \
		"$(sqlite3 "$dir.db" 'SELECT count(*) FROM call_view WHERE total_ns < 0 OR out_ns < 0 OR back_ns < 0')" 0
}

# Truncated at every offset of the first 4 KiB (29-36 bytes made
# libtracecmd free twice and abort the whole import), in parallel
for trace in $fixtures; do
	mkdir "$TMP/cut-$trace"
	"$corrupt" cut 4096 "$data/$trace.dat" "$TMP/cut-$trace/"
	import_batch "$trace cut at 0..4095 bytes" "$TMP/cut-$trace" >"$TMP/cut-$trace.tap" &
done
wait
for trace in $fixtures; do
	while read -r line; do
		case $line in
		ok*)		pass "${line#ok [0-9]* - }" ;;
		"not ok"*)	fail "${line#not ok [0-9]* - }" ;;
		*)		echo "$line" ;;
		esac
	done <"$TMP/cut-$trace.tap"
done

# A few random bytes changed (and half of them cut short)
for trace in $fixtures; do
	mkdir "$TMP/rnd-$trace"
	for seed in $(seq 1 150); do
		"$corrupt" "$seed" "$data/$trace.dat" "$TMP/rnd-$trace/$seed.dat"
	done
	import_batch "$trace: 150 damaged copies" "$TMP/rnd-$trace"
done

# The first bad file does not end the import
head -c 32 "$data/vhe-load.dat" >"$TMP/head32.dat"
check_exit "head -c 32: exit 2" 2 "$SMCCCTRACE" -d "$TMP/h.db" import "$TMP/head32.dat" "$data/vhe-basic.dat"
check_eq "head -c 32: one line, then the summary" "$(cat "$TMP/err")" \
"smccctrace: $TMP/head32.dat: the trace reader was killed by SIGABRT (damaged file?)
smccctrace: import: 1 of 2 files skipped: $TMP/head32.dat"
check_eq "head -c 32: the next file imported" \
	"$(sqlite3 "$TMP/h.db" 'SELECT source, calls FROM sessions')" "$data/vhe-basic.dat|18"

# One flipped bit in the compressed formats: every record's event is
# unknown (trace-cmd report prints 2670 of them); that is no "0 calls"
"$corrupt" flip 601 2 "$data/vhe-load.dat" "$TMP/flip.dat"
check_exit "records of no known event: refused" 2 "$SMCCCTRACE" -d "$TMP/f.db" import "$TMP/flip.dat"
check_eq "records of no known event: counted" "$(cat "$TMP/err")" \
	"smccctrace: $TMP/flip.dat: 2670 of 2670 records are of no event the file describes (damaged file?)"
check_eq "records of no known event: no session" "$(sqlite3 "$TMP/f.db" 'SELECT count(*) FROM sessions')" 0

# The reader failing the ways a library bug makes it fail
reader_fails() {
	how=$1
	msg=$2
	rm -f "$TMP/r.db"
	SMCCCTRACE_TEST_READER=$how SMCCCTRACE_READER_TIMEOUT=1 \
		check_exit "reader $how: exit 2" 2 "$SMCCCTRACE" -d "$TMP/r.db" import "$data/vhe-basic.dat"
	check_eq "reader $how: one line" "$(cat "$TMP/err")" "smccctrace: $data/vhe-basic.dat: $msg"
	check_eq "reader $how: no session" "$(sqlite3 "$TMP/r.db" 'SELECT count(*) FROM sessions')" 0
}
reader_fails segv "the trace reader was killed by SIGSEGV (damaged file?)"
reader_fails abort "the trace reader was killed by SIGABRT (damaged file?)"
reader_fails hang "the trace reader made no progress for 1 s (damaged file?)"
reader_fails garbage "the trace reader sent malformed data (damaged file?)"
reader_fails exit "the trace reader stopped early (exit status 0)"

# A big trace for the faults below
echo "random 7 300000 8" >"$TMP/big.scn"
check "generate a big trace" "$TRACEGEN" -o "$TMP/big.dat" "$TMP/big.scn"

# kill -9 in the middle: no session, a sound database, no reader left
"$SMCCCTRACE" -d "$TMP/k.db" import -q "$TMP/big.dat" 2>/dev/null &
pid=$!
child=
for i in $(seq 1 100); do
	child=$(pgrep -P "$pid")
	[ -n "$child" ] && [ -s "$TMP/k.db" ] && break
	sleep 0.05
done
sleep 0.3
kill -9 "$pid"
wait "$pid" 2>/dev/null
sleep 0.5
# (a zombie is dead: PID 1 of a container may never reap it)
check_eq "kill -9: the reader child died with it" \
	"$(ps -o stat= -p "${child:-0}" | grep -v '^Z' | sed 's/.*/alive/')" ""
check_eq "kill -9: no session" "$(sqlite3 "$TMP/k.db" 'SELECT count(*) FROM sessions')" 0
check_eq "kill -9: no call" "$(sqlite3 "$TMP/k.db" 'SELECT count(*) FROM calls')" 0
check_eq "kill -9: the database is sound" "$(sqlite3 "$TMP/k.db" 'PRAGMA integrity_check')" ok
check_exit "kill -9: the next import works" 0 "$SMCCCTRACE" -d "$TMP/k.db" import -q "$data/vhe-basic.dat"

# A file-size limit (SIGXFSZ killed import without a word)
( ulimit -f 200
  "$SMCCCTRACE" -d "$TMP/u.db" import -q "$TMP/big.dat" "$data/vhe-basic.dat" >"$TMP/out" 2>"$TMP/err" )
rc=$?
check_eq "ulimit -f: exit 2" "$rc" 2
check_eq "ulimit -f: one line naming the file, then the summary" \
	"$(sed "s|^smccctrace: $TMP/big.dat: $TMP/u.db: [a-z ]*: .*|LINE|" "$TMP/err")" \
"LINE
smccctrace: import: 1 of 2 files skipped: $TMP/big.dat"
check_eq "ulimit -f: the next file imported" \
	"$(sqlite3 "$TMP/u.db" 'SELECT source FROM sessions')" "$data/vhe-basic.dat"

# A full disk: a small tmpfs of our own
mnt=$TMP/full
mkdir "$mnt"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=320k smccctrace-test "$mnt" 2>/dev/null; then
	"$SMCCCTRACE" -d "$mnt/d.db" import -q "$TMP/big.dat" "$data/vhe-basic.dat" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	check_eq "disk full: exit 2" "$rc" 2
	check_eq "disk full: one line naming the file, then the summary" \
		"$(sed "s|^smccctrace: $TMP/big.dat: $mnt/d.db: [a-z ]*: database or disk is full$|LINE|" "$TMP/err")" \
"LINE
smccctrace: import: 1 of 2 files skipped: $TMP/big.dat"
	check_eq "disk full: the next file imported" \
		"$(sqlite3 "$mnt/d.db" 'SELECT source FROM sessions')" "$data/vhe-basic.dat"
	check_eq "disk full: the database is sound" "$(sqlite3 "$mnt/d.db" 'PRAGMA integrity_check')" ok
	umount "$mnt"
else
	skip "disk full: needs root to mount a tmpfs"
fi

# A database another process holds locked
"$SMCCCTRACE" -d "$TMP/l.db" import -q "$data/vhe-basic.dat"
( printf 'BEGIN EXCLUSIVE;\nSELECT 1;\n'; sleep 7 ) | sqlite3 "$TMP/l.db" >/dev/null &
locker=$!
sleep 0.5
check_exit "locked database: exit 2" 2 "$SMCCCTRACE" -d "$TMP/l.db" import "$data/nvhe-basic.dat"
# (WAL: the lock keeps out writers, not readers; the import fails as it begins)
check_eq "locked database: one line" "$(cat "$TMP/err")" \
	"smccctrace: $data/nvhe-basic.dat: $TMP/l.db: begin session: database is locked"
wait "$locker"
check_eq "locked database: nothing added" "$(sqlite3 "$TMP/l.db" 'SELECT count(*) FROM sessions')" 1

done_testing
