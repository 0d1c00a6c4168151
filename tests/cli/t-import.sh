#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# smccctrace import on generated trace.dat files whose every call is known.
. "$(dirname "$0")/lib.sh"

need_smccctrace
need_built "$TRACEGEN"
need_cmd sqlite3

cat >"$TMP/basic.scn" <<'SCN'
kernel 6.12.5-test
comm 100 CPU 0/KVM
comm 101 CPU 1/KVM
call 1000 0 100 hvc 0x84000000 kernel 400
call 2000 0 100 hvc 0xc6000001 user 1000 200
call 3000 1 101 smc 0x82000001 user 600 100
call 4000 1 101 hvc 0x82000010 kernel 50
# an IRQ exit and an MMIO exit between calls are not calls
5000 0 100 exit 0 0 0x40001000
5100 0 100 entry 0x40001000
6000 1 101 exit 2 0x24 0x40002000
6050 1 101 uexit 6 0
6200 1 101 entry 0x40002004
call 7000 1 101 hvc32 0x84000008 kernel 70 cpu2=0
SCN
check "generate basic trace" "$TRACEGEN" -o "$TMP/basic.dat" "$TMP/basic.scn"

db=$TMP/a.db
check_exit "import succeeds" 0 "$SMCCCTRACE" -d "$db" import --filter deny:0x82000010+1 "$TMP/basic.dat"
check_eq "summary line" "$(cat "$TMP/out")" \
	"$TMP/basic.dat: session 1: 5 calls (2 forwarded, 2 kernel, 1 denied, 0 unknown), 0 incomplete, 0 events lost"

q() {
	sqlite3 -separator ' ' "$db" "$1"
}

check_eq "every call, exact" "$(q 'SELECT tid, func, conduit, location, incomplete, t_exit, t_uexit, t_entry, total_ns, out_ns, back_ns FROM call_view ORDER BY t_exit')" \
"100 0x84000000 hvc kernel 0 1000  1400 400  
100 0xc6000001 hvc user 0 2000 2200 3000 1000 200 800
101 unknown smc user 0 3000 3100 3600 600 100 500
101 0x82000010 hvc denied 0 4000  4050 50  
101 0x84000008 hvc kernel 0 7000  7070 70  "

check_eq "names joined in" "$(q "SELECT name, owner, range FROM call_view WHERE func_id = 3321888769")" \
	" VENDOR_HYP VENDOR_HYP/64"
check_eq "vCPU index from QEMU's thread names" "$(q 'SELECT DISTINCT tid, vcpu FROM call_view ORDER BY tid')" \
"100 0
101 1"
check_eq "migrated call keeps its exit CPU" "$(q 'SELECT cpu FROM call_view WHERE t_exit = 7000')" "1"
check_eq "session row" "$(q 'SELECT kind, calls, forwarded_calls, kernel_calls, denied_calls, incomplete_calls, lost_events, first_ns, last_ns FROM sessions')" \
	"import 5 2 2 1 0 0 1000 7070"
check_eq "the traced machine, from the file" "$(q 'SELECT host, kernel_release, clock FROM sessions')" \
	"testbed 6.12.5-test local"
check_eq "filter kept with the session" \
	"$(q "SELECT json_extract(filter, '\$.filters[0].base'), json_extract(filter, '\$.filters[0].action') FROM sessions")" \
	"0x82000010 DENY"
check_eq "other exits counted" "$(q "SELECT kind, code, count FROM exits WHERE session = 1 ORDER BY kind, code")" \
"irq 0 1
trap 18 1
trap 22 3
trap 23 1
trap 36 1
userspace 3 2
userspace 6 1"

check_exit "import without a filter" 0 "$SMCCCTRACE" -d "$TMP/b.db" import "$TMP/basic.dat"
check_eq "without a filter, denied counts as kernel" \
	"$(sqlite3 "$TMP/b.db" 'SELECT location FROM call_view WHERE func_id = 2181038096')" "kernel"
check_eq "without a filter, no filter stored" \
	"$(sqlite3 "$TMP/b.db" 'SELECT filter IS NULL FROM sessions')" "1"

# Cut calls: at the start, at the end, and by lost events
cat >"$TMP/cut.scn" <<'SCN'
100 0 200 hvc 0x40001004 0x84000000 0
150 0 200 entry 0x40001004
call 1000 0 200 hvc 0x84000000 kernel 100
2000 0 200 exit 2 0x16 0x40001004
2001 0 200 hvc 0x40001004 0xc6000001 0
2500 0 lost 7
2600 0 200 uexit 3 0
2900 0 200 entry 0x40001004
3000 0 200 exit 2 0x16 0x40001004
3001 0 200 hvc 0x40001004 0xc6000002 0
SCN
check "generate cut trace" "$TRACEGEN" -o "$TMP/cut.dat" "$TMP/cut.scn"
check_exit "import cut trace" 0 "$SMCCCTRACE" -d "$TMP/c.db" import "$TMP/cut.dat"
check_eq "cut summary" "$(cat "$TMP/out")" \
	"$TMP/cut.dat: session 1: 4 calls (1 forwarded, 2 kernel, 0 denied, 1 unknown), 3 incomplete, 7 events lost"
check_eq "lost events per CPU" "$(sqlite3 -separator ' ' "$TMP/c.db" "SELECT code, count FROM exits WHERE kind = 'lost'")" "0 7"
check_eq "cut calls kept without latency" \
	"$(sqlite3 -separator ' ' "$TMP/c.db" 'SELECT func, location, incomplete, total_ns IS NULL FROM call_view ORDER BY seq')" \
"0x84000000 kernel 1 1
0x84000000 kernel 0 0
0xc6000001 user 1 1
0xc6000002 unknown 1 1"

# A generated trace of 20000 calls on four threads, with IRQ and MMIO exits
# and migrations between them: every call equals the generator's truth to
# the ns. With a DENY range in the filter, an SMC answered in the kernel
# may have been denied: the tracepoints cannot tell, so it is unknown.
echo "random 3 20000 4" | "$TRACEGEN" -o "$TMP/r.dat" -t "$TMP/r.csv" -
check_exit "import the generated trace" 0 "$SMCCCTRACE" -d "$TMP/r.db" import \
	--filter deny:0x82000001+1 "$TMP/r.dat"
want=$(awk -F, -v OFS=, 'NR > 1 { if ($3 == "smc" && $4 != "user") $4 = "unknown"; print }' "$TMP/r.csv")
got=$(sqlite3 -csv "$TMP/r.db" "SELECT tid, func, conduit, location, incomplete, t_exit,
	t_uexit, t_entry, total_ns, out_ns, back_ns FROM call_view ORDER BY t_exit, tid")
if [ "$got" = "$want" ]; then
	pass "20000 calls equal the generator's truth"
else
	fail "20000 calls equal the generator's truth"
	echo "$want" >"$TMP/want"
	echo "$got" >"$TMP/got"
	diff "$TMP/want" "$TMP/got" | head -n 10 | sed 's/^/#   /'
fi

# Bad input: one line naming the file, exit 2, nothing written
check_exit "missing file" 2 "$SMCCCTRACE" -d "$TMP/d.db" import "$TMP/nope.dat"
check_eq "missing file message" "$(cat "$TMP/err")" \
	"smccctrace: $TMP/nope.dat: No such file or directory"
head -c 10000 /dev/urandom >"$TMP/junk.dat"
check_exit "corrupt file" 2 "$SMCCCTRACE" -d "$TMP/d.db" import "$TMP/junk.dat"
check_eq "corrupt file message" "$(cat "$TMP/err")" \
	"smccctrace: $TMP/junk.dat: not a readable trace-cmd data file"
size=$(wc -c <"$TMP/basic.dat")
head -c $((size - 3000)) "$TMP/basic.dat" >"$TMP/trunc.dat"
check_exit "truncated file" 2 "$SMCCCTRACE" -d "$TMP/d.db" import "$TMP/trunc.dat"
check_eq "truncated file message" "$(cat "$TMP/err")" \
	"smccctrace: $TMP/trunc.dat: trace data is truncated or corrupt"
check_eq "no session left behind" "$(sqlite3 "$TMP/d.db" 'SELECT count(*) FROM sessions' 2>&1)" "0"
printf 'omit kvm_hvc_arm64\nomit kvm_userspace_exit\n100 0 10 exit 0 0 0\n200 0 10 entry 0\n' |
	"$TRACEGEN" -o "$TMP/partial.dat" -
check_exit "a trace without all four kvm events" 2 "$SMCCCTRACE" -d "$TMP/d.db" import "$TMP/partial.dat"
check_eq "it says which are missing" "$(cat "$TMP/err")" \
	"smccctrace: $TMP/partial.dat: trace has no kvm_hvc_arm64, kvm_userspace_exit events (record with -e kvm)"
check_exit "bad filter" 2 "$SMCCCTRACE" -d "$TMP/d.db" import --filter fwd:0x80000000+4 "$TMP/basic.dat"
check_exit "an empty --filter" 2 "$SMCCCTRACE" -d "$TMP/d.db" import --filter '' "$TMP/basic.dat"
check_eq "an empty --filter: message" "$(cat "$TMP/err")" \
	"smccctrace: import: --filter needs a value
see 'smccctrace import --help'"
mkfifo "$TMP/fifo"
check_exit "a FIFO as --filter: refused, not waited on" 2 \
	timeout 10 "$SMCCCTRACE" -d "$TMP/d.db" import --filter "$TMP/fifo" "$TMP/basic.dat"
check_eq "a FIFO as --filter: message" "$(cat "$TMP/err")" \
	"smccctrace: $TMP/fifo: not a regular file"
printf '{"filters": [\n  {"base": "0xc6000000", "nr_functions": 1,\n   "action": "deny", "base": 1}]}\n' \
	>"$TMP/dup.json"
check_exit "a key twice in --filter's JSON" 2 "$SMCCCTRACE" -d "$TMP/d.db" import --filter "$TMP/dup.json" "$TMP/basic.dat"
check_eq "a key twice: file, line, column and what" "$(cat "$TMP/err")" \
	"smccctrace: $TMP/dup.json: not valid JSON at line 3, column 27: duplicate object key near '\"base\"'"
printf '{"filters": [{"base": "0xc6\\u0000000", "nr_functions": 1, "action": "deny"}]}' >"$TMP/nul.json"
check_exit "\\u0000 in --filter's JSON" 2 "$SMCCCTRACE" -d "$TMP/d.db" import --filter "$TMP/nul.json" "$TMP/basic.dat"
check_eq "\\u0000: message" "$(cat "$TMP/err")" \
	"smccctrace: $TMP/nul.json: not valid JSON at line 1, column 37: \\u0000 in a string"
printf '{"filters": []}\0{"filters": [1]}' >"$TMP/nulbyte.json"
check_exit "a NUL byte in --filter's file" 2 "$SMCCCTRACE" -d "$TMP/d.db" import --filter "$TMP/nulbyte.json" "$TMP/basic.dat"
check_eq "a NUL byte: message" "$(cat "$TMP/err")" \
	"smccctrace: $TMP/nulbyte.json: not valid JSON: a NUL byte at offset 15"
check_eq "no session left by a refused filter" "$(sqlite3 "$TMP/d.db" 'SELECT count(*) FROM sessions' 2>&1)" "0"
check_exit "bad option" 2 "$SMCCCTRACE" import --bogus "$TMP/basic.dat"
check_exit "no file" 2 "$SMCCCTRACE" import
check_exit "help" 0 "$SMCCCTRACE" import --help
echo "not a database" >"$TMP/notdb.db"
check_exit "not a database" 2 "$SMCCCTRACE" -d "$TMP/notdb.db" import "$TMP/basic.dat"

# a file name that is not UTF-8 (Latin-1 e9): JSON output stays valid UTF-8
latin=$(printf 'caf\351.dat')
cp "$TMP/basic.dat" "$TMP/$latin"
check "a file name that is not UTF-8" "$SMCCCTRACE" -d "$TMP/latin.db" import -q "$TMP/$latin"
check_exit "its session as json" 0 "$SMCCCTRACE" -d "$TMP/latin.db" sessions --format json
check_eq "the bad byte is escaped as U+FFFD" "$(grep -o '"source": "[^"]*"' "$TMP/out")" \
	"\"source\": \"$TMP/caf\\ufffd.dat\""

# Imports that create the same new database at the same moment: each
# waits for the one that creates the schema, none calls it "not ours" or
# gives up on the lock. Twenty rounds of three started at once (a fifo
# opened by all three and closed by the test lets them go together).
data=$(dirname "$0")/../data
races=0
for round in $(seq 1 20); do
	rm -f "$TMP/race.db" "$TMP/race.db-wal" "$TMP/race.db-shm"
	rm -f "$TMP/gate" && mkfifo "$TMP/gate"
	for f in vhe-basic vhe-load nvhe-basic; do
		(read -r _ <"$TMP/gate"
		 exec "$SMCCCTRACE" -d "$TMP/race.db" import -q "$data/$f.dat" 2>"$TMP/race-$f.err") &
	done
	sleep 0.1
	: >"$TMP/gate"
	wait
	[ "$(sqlite3 "$TMP/race.db" 'SELECT count(*) FROM sessions')" = 3 ] &&
		! [ -s "$TMP/race-vhe-basic.err" ] && ! [ -s "$TMP/race-vhe-load.err" ] &&
		! [ -s "$TMP/race-nvhe-basic.err" ] || races=$((races + 1))
done
check_eq "three imports creating one database at once, 20 times: all sessions in" "$races" 0

done_testing
