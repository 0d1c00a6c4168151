#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# smccctrace top on this machine's own KVM, as t-record.sh drives it: the
# tiny x86 guest exits to userspace (KVM_EXIT_IO) a known number of times;
# x86 has no SMCCC calls, so the frames' counts are checked against the
# session top wrote and what report says of it. Batch frames (-b), the
# refusals, and the screen driven in tmux: its keys, and the terminal
# given back after q and after SIGINT. (The figures over real calls are
# checked in the arm64 test bed, tests/e2e.)
. "$(dirname "$0")/lib.sh"

need_smccctrace
need_cmd sqlite3
guest=${X86_GUEST:-$(cd "$(dirname "$0")/../kvm-x86" && pwd)/x86-guest}

check_exit "-n without -b" 2 "$SMCCCTRACE" top -n 2
check_eq "-n without -b: one line" "$(head -n 1 "$TMP/err")" \
	"smccctrace: top: -n and --format are for batch mode (-b)"
check_exit "-p and a command" 2 "$SMCCCTRACE" top -b -p 1 -- true
check_exit "off a terminal" 2 "$SMCCCTRACE" top -- true
check_eq "off a terminal: one line pointing at -b" "$(cat "$TMP/err")" \
	"smccctrace: top: stdout is not a terminal (for text frames: smccctrace top -b)"
check_exit "--format json is not taken" 2 "$SMCCCTRACE" top -b -f json -- true

[ "$(uname -m)" = x86_64 ] || skip_all "no x86 test guest (not an x86-64 host)"
need_built "$guest"
[ "$(id -u)" = 0 ] || skip_all "needs root"
[ -c /dev/kvm ] || skip_all "no /dev/kvm"
"$guest" 1 >/dev/null 2>&1 || skip_all "/dev/kvm does not run the x86 test guest"
tracing=/sys/kernel/tracing
[ -d $tracing/instances ] || mount -t tracefs nodev $tracing 2>/dev/null
[ -d $tracing/events/kvm/kvm_userspace_exit ] || skip_all "no kvm events in tracefs"

# userspace_exits DB: KVM_EXIT_IO exits of the session, its calls and lost events
userspace_exits() {
	sqlite3 "$1" "SELECT coalesce((SELECT sum(count) FROM exits WHERE kind = 'userspace'), 0),
		calls, lost_events FROM sessions ORDER BY id DESC LIMIT 1" | tr '|' ' '
}

# last_frame FILE: the "captured:" line of the last frame, as "CALLS USEREXITS LOST"
last_frame() {
	grep '^captured: ' "$1" | tail -n 1 |
		sed -n 's/^captured: \([0-9]*\) calls .*, \([0-9]*\) events lost; [0-9]* kvm_exit, \([0-9]*\) kvm_userspace_exit$/\1 \3 \2/p'
}

# $TMP/top ARGS: smccctrace top ARGS, its pid written first to $TMP/pid,
# so that its instance smccctrace-PID is known
cat >"$TMP/top" <<TOP
#!/bin/sh
echo \$\$ >"$TMP/pid"
exec "$SMCCCTRACE" top "\$@"
TOP
chmod 755 "$TMP/top"

# left: the instance of the last top started by $TMP/top, if it is still there
left() {
	name=smccctrace-$(cat "$TMP/pid" 2>/dev/null)
	[ -d "$tracing/instances/$name" ] && echo "$name"
	true
}

check_exit "batch: a command to its end" 0 "$TMP/top" -b -q -o "$TMP/a.db" -- "$guest" 50000
cp "$TMP/out" "$TMP/a.out"
check_eq "batch: the last frame holds every exit" "$(last_frame "$TMP/a.out")" "0 50000 0"
check_eq "batch: the session holds the same" "$(userspace_exits "$TMP/a.db")" "50000 0 0"
check_eq "batch: the last frame says capture ended" \
	"$(grep '^top: frame' "$TMP/a.out" | tail -n 1 | grep -c 'capture ended$')" 1
check_eq "batch: report on the session agrees" \
	"$("$SMCCCTRACE" -d "$TMP/a.db" report | sed -n 's/^\(calls: .* incomplete\).*/\1/p')" \
	"calls: 0 (0 forwarded, 0 kernel, 0 denied, 0 unknown), 0 incomplete"
check_eq "batch: the column heads" "$(grep '^KEY' "$TMP/a.out" | head -n 1)" \
	"KEY    CALLS   CALLS/S  SHARE  KERNEL    USER  DENIED UNKNOWN  LAST P50 LAST P99 LAST MAX      ~P50     ~P99      MAX"

check_eq "batch: the instance is gone" "$(left)" ""

check_exit "batch: -n 3 on a command that runs on" 0 timeout 60 \
	"$SMCCCTRACE" top -b -n 3 -o "$TMP/b.db" -- "$guest" 0
cp "$TMP/out" "$TMP/b.out"
check_eq "batch -n 3: three frames" "$(grep -c '^top: frame' "$TMP/b.out")" 3
check_eq "batch -n 3: numbered" "$(grep '^top: frame' "$TMP/b.out" | cut -d, -f1)" \
	"top: frame 1
top: frame 2
top: frame 3"
set -- $(userspace_exits "$TMP/b.db")
[ "$1" -gt 0 ] && pass "batch -n 3: exits seen ($1)" || fail "batch -n 3: exits seen"
check_eq "batch -n 3: the last frame equals the session" "$(last_frame "$TMP/b.out")" "$2 $1 $3"
set -- $(grep '^captured: ' "$TMP/b.out" | sed 's/.* \([0-9]*\) kvm_userspace_exit$/\1/')
[ "$1" -le "$2" ] && [ "$2" -le "$3" ] && [ "$1" -gt 0 ] &&
	pass "batch -n 3: the counts grow frame by frame ($1 $2 $3)" ||
	fail "batch -n 3: the counts grow frame by frame ($*)"
check_eq "batch -n 3: the command was ended" "$(pgrep -f "$guest 0" || true)" ""

check_exit "batch csv" 0 "$SMCCCTRACE" top -b -q -n 1 -f csv -- \
	sh -c 'exec "$0" 1000 >/dev/null' "$guest"
check_eq "batch csv: the column names, no call" "$(cat "$TMP/out")" \
	"frame,elapsed_s,key,name,calls,calls_per_s,share,kernel,user,denied,unknown_location,incomplete,approx_p50_ns,approx_p99_ns,max_ns,last_calls,last_p50_ns,last_p99_ns,last_max_ns,lost"

# SIGINT in batch mode: a last frame, the session kept
"$SMCCCTRACE" top -b -o "$TMP/c.db" -- "$guest" 0 >"$TMP/c.out" 2>&1 &
pid=$!
sleep 2.5
kill -INT $pid
wait $pid
check_eq "batch SIGINT: exit 0" "$?" 0
set -- $(userspace_exits "$TMP/c.db")
check_eq "batch SIGINT: the last frame equals the session" "$(last_frame "$TMP/c.out")" "$2 $1 $3"
check_eq "batch SIGINT: the session ended" \
	"$(sqlite3 "$TMP/c.db" "SELECT count(*) FROM sessions WHERE ended IS NOT NULL")" 1

# Memory stays flat as a run goes on: top keeps aggregates per key and
# one interval's calls, never every call since the start. Peak RSS
# (/usr/bin/time's maximum resident set size) over 200000 exits and over
# 1000000, a run five times as long, differ by less than 4 MB. (The x86
# guest makes no SMCCC call: this is the capture's part; the aggregates'
# bound over a million calls is test-top-stats'.)
case "${SANITIZE_FLAGS:-}" in
*address*) asan=1 ;;
*) asan= ;;
esac
if [ -n "$asan" ]; then
	skip "memory: not measured under ASan (its quarantine holds freed memory)"
elif [ -x /usr/bin/time ]; then
	# peak EXITS: top's peak RSS in KB over a guest making EXITS exits
	peak() {
		/usr/bin/time -f %M -o "$TMP/rss" "$SMCCCTRACE" top -b -q -- "$guest" "$1" \
			>"$TMP/peak.out" 2>&1 && [ "$(last_frame "$TMP/peak.out")" = "0 $1 0" ] &&
			cat "$TMP/rss"
	}
	a=$(peak 200000) b=$(peak 1000000)
	[ -n "$a" ] && [ -n "$b" ] && [ $((b - a)) -lt 4096 ] && [ $((a - b)) -lt 4096 ] &&
		pass "memory: peak RSS over 200000 exits $a KB, over 1000000 $b KB" ||
		fail "memory: peak RSS over 200000 exits ${a:-?} KB, over 1000000 ${b:-?} KB"
else
	skip "memory: /usr/bin/time not available"
fi

# The screen, in tmux
command -v tmux >/dev/null 2>&1 || { skip "the screen: tmux not available"; done_testing; exit; }
. "$(dirname "$0")/tmux.sh"
tmux_init top -E 100

# pane_command [top options]: top on the guest running on
pane_command() {
	printf '%s' "\"$TMP/top\" $* -- \"$guest\" 0"
}

# Given back, the capture undone: no instance left, the command ended, nothing said
top_restored() {
	restored "$1" "$2"
	check_eq "$1: the instance is gone" "$(left)" ""
	check_eq "$1: the command was ended" "$(pgrep -f "$guest 0" || true)" ""
	check_eq "$1: nothing on stderr" "$(cat "$TMP/err")" ""
}

# the userspace exits the screen shows
shown_exits() {
	lines 2 | sed -n 's/.*  userspace \([0-9]*\)$/\1/p'
}

start 80 24 -- -o t.db
wait_for 'userspace [1-9]' || fail "top: no exits shown"
check_eq "80x24: the title" "$(lines 1 | sed 's/ *$//')" " smccctrace top  by range  sort calls  every 1 s  session 1"
check_eq "80x24: the column heads" "$(lines 3)" \
	"KEY              CALLS/S  SHARE  KERNEL    USER  DENIED     P50     P99     MAX"
check_eq "80x24: no calls on x86" "$(lines 4)" "no calls"
check_eq "80x24: the keys" "$(lines 24)" \
	"j/k move  s sort  g group  / filter  v vcpu  p pause  r reset  ? help  q quit"
check_keys 'sort calls .*PAUSED' p
a=$(shown_exits)
sleep 2
check_eq "paused: the figures stay" "$(shown_exits)" "$a"
check_keys 'sort calls  every' p
i=0
while [ $i -lt 50 ] && [ "$(shown_exits)" = "$a" ]; do
	sleep 0.1
	i=$((i + 1))
done
b=$(shown_exits)
[ "$b" -gt "$a" ] && pass "unpaused: the figures move on ($a, then $b)" ||
	fail "unpaused: the figures move on ($a, then $b)"
check_keys 'by function  sort calls' g
check_keys 'by vcpu  sort calls' g
check_keys 'by vcpu  sort key' s
check_keys 'filter \(name or 0xID, empty: all\):$' /
check_keys 'filter \(name or 0xID, empty: all\): PSCI$' P S C I
check_keys 'by vcpu  sort key  every 1 s  filter PSCI' Enter
check_keys 'vcpu \(a number, empty: all\):$' v
check_keys 'filter PSCI  vcpu 0' 0 Enter
check_keys 'filter \(name' /
check_keys 'by vcpu  sort key  every 1 s  vcpu 0' Enter
check_keys '^smccctrace top: the calls of a live capture' '?'
check_keys 'by vcpu  sort key' x
sleep 2.2
check_keys '^0 s  lost 0  calls 0' r
check_keys '^[1-9] s  lost 0  calls 0'
check_keys '^top exited 0$' q
check_eq "q: exit 0" "$(wait_exit)" 0
top_restored q 0
check_eq "q: the session kept" \
	"$(sqlite3 "$TMP/t.db" "SELECT count(*), sum(ended IS NOT NULL) FROM sessions")" "1|1"

start 200 50 -- -s 2
wait_for 'smccctrace top  by' || fail "top: no title"
check_eq "-s 2: the title says so from the start" \
	"$(lines 1 | sed -n 's/.*\(every [0-9]* s\).*/\1/p')" "every 2 s"
wait_for 'userspace [1-9]' || fail "top: no exits shown"
check_eq "200x50: the column heads" "$(lines 3 | sed 's/ *$//')" \
	"KEY                          CALLS  CALLS/S  SHARE   KERNEL     USER   DENIED  LAST P50 LAST P99 LAST MAX      ~P50     ~P99      MAX"
tm resize-window -x 80 -y 24 2>/dev/null
wait_for '^KEY              CALLS/S' && pass "resized to 80x24: the narrow heads" ||
	fail "resized to 80x24: the narrow heads"
kill -INT "$(cat "$TMP/pid")"
check_eq "SIGINT: exit 0" "$(wait_exit)" 0
top_restored SIGINT 0

start 80 24 NO_COLOR=1 --
wait_for 'userspace' || fail "NO_COLOR: no screen"
check_keys '^top exited 0$' q
check_eq "NO_COLOR: exit 0" "$(wait_exit)" 0

start 80 24 TERM=dumb --
check_eq "TERM=dumb: refused" "$(wait_exit)" 2
check_eq "TERM=dumb: one line pointing at -b" "$(cat "$TMP/err")" \
	"smccctrace: top: the terminal 'dumb' cannot move its cursor (for text frames: smccctrace top -b)"

done_testing
