#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# smccctrace record's tracefs machinery on this machine's own KVM: the
# tiny x86 guest exits to userspace (KVM_EXIT_IO) a known number of
# times; x86 has no SMCCC calls, so the counts of those exits are checked,
# and that the tracefs instance goes away however record ends. Only the
# instances of the records started here are looked at (smccctrace-PID):
# another recorder on the machine does not disturb the test.
. "$(dirname "$0")/lib.sh"

need_smccctrace
need_cmd sqlite3
guest=${X86_GUEST:-$(cd "$(dirname "$0")/../kvm-x86" && pwd)/x86-guest}
[ "$(uname -m)" = x86_64 ] || skip_all "no x86 test guest (not an x86-64 host)"
need_built "$guest"
[ "$(id -u)" = 0 ] || skip_all "needs root"
[ -c /dev/kvm ] || skip_all "no /dev/kvm"
"$guest" 1 >/dev/null 2>&1 || skip_all "/dev/kvm does not run the x86 test guest"
tracing=/sys/kernel/tracing
[ -d $tracing/instances ] || mount -t tracefs nodev $tracing 2>/dev/null
[ -d $tracing/events/kvm/kvm_userspace_exit ] || skip_all "no kvm events in tracefs"

# $TMP/rec [ARGS]: smccctrace ARGS, its pid written first to $REC_PID
# (default $TMP/rec.pid), so that its instance smccctrace-PID is known
cat >"$TMP/rec" <<REC
#!/bin/sh
echo \$\$ >"\${REC_PID:-$TMP/rec.pid}"
exec "$SMCCCTRACE" "\$@"
REC
chmod 755 "$TMP/rec"
rec=$TMP/rec

# instance [PIDFILE]: the tracefs instance of the record whose pid is there
instance() {
	echo "smccctrace-$(cat "${1:-$TMP/rec.pid}" 2>/dev/null)"
}

# left [PIDFILE]: that record's instance, if it is still there
left() {
	name=$(instance "$@")
	[ -d "$tracing/instances/$name" ] && echo "$name"
	true
}

# wait_instance PIDFILE: until that record's instance exists (10 s at most)
wait_instance() {
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		[ -s "$1" ] && [ -n "$(left "$1")" ] && return 0
		sleep 0.5
	done
}

# io_exits DB: KVM_EXIT_IO exits recorded, lost events, their sum
io_exits() {
	sqlite3 "$1" "SELECT coalesce((SELECT count FROM exits WHERE kind = 'userspace' AND code = 2), 0),
		lost_events FROM sessions ORDER BY id DESC LIMIT 1" | tr '|' ' '
}

check_exit "record a command" 0 "$rec" -d "$TMP/a.db" record -- "$guest" 50000
check_eq "no status line when stderr is no terminal" "$(grep -c 'calls/s' "$TMP/err")" 0
check_eq "every userspace exit recorded" "$(io_exits "$TMP/a.db")" "50000 0"
check_eq "the session" "$(sqlite3 "$TMP/a.db" "SELECT kind, source, clock, calls, kernel_release IS NOT NULL FROM sessions")" \
	"record|tracefs|mono|0|1"
check_eq "the vCPU thread, named and numbered" "$(sqlite3 "$TMP/a.db" "SELECT comm, vcpu FROM threads")" \
	"x86-guest|0"
check_eq "the instance is gone" "$(left)" ""

check_exit "a tiny buffer overflows" 0 "$rec" -d "$TMP/b.db" record -q -b 4 -- "$guest" 300000
set -- $(io_exits "$TMP/b.db")
check_eq "recorded and lost add up to every exit" "$(($1 + $2))" 300000
[ "$2" -gt 0 ] && pass "events were lost ($2)" || fail "events were lost"

# SIGINT: stop, drain, commit, remove the instance, end the command
REC_PID=$TMP/c.pid "$rec" -d "$TMP/c.db" record -- "$guest" 0 >"$TMP/c.out" 2>&1 &
pid=$!
wait_instance "$TMP/c.pid"
sleep 1
check_eq "while recording, its instance exists" "$(left "$TMP/c.pid")" "smccctrace-$pid"
kill -INT $pid
wait $pid
check_eq "SIGINT: exit 0" "$?" 0
set -- $(io_exits "$TMP/c.db")
[ "$1" -gt 0 ] && pass "SIGINT: what was recorded is kept ($1 exits)" || fail "SIGINT: what was recorded is kept"
check_eq "SIGINT: the instance is gone" "$(left "$TMP/c.pid")" ""
check_eq "SIGINT: the command was ended" "$(pgrep -f "$guest 0" || true)" ""
check_eq "SIGINT: the database is whole" "$(sqlite3 "$TMP/c.db" "PRAGMA integrity_check;
	SELECT count(*) FROM sessions WHERE kind = 'record' AND last_ns > first_ns")" "ok
1"

# SIGTERM, and a status line on a terminal
REC_PID=$TMP/t.pid script -qec "'$rec' -d '$TMP/t.db' record -- '$guest' 0" /dev/null >"$TMP/t.out" 2>&1 &
wait_instance "$TMP/t.pid"
sleep 2
pid=$(cat "$TMP/t.pid" 2>/dev/null)
[ -n "$pid" ] && kill -TERM "$pid"
wait
check_eq "SIGTERM: the instance is gone" "$(left "$TMP/t.pid")" ""
set -- $(io_exits "$TMP/t.db")
[ "${1:-0}" -gt 0 ] && pass "SIGTERM: what was recorded is kept ($1 exits)" ||
	fail "SIGTERM: what was recorded is kept"
grep -q ' calls/s .* lost' "$TMP/t.out" && pass "a status line on a terminal" ||
	fail "a status line on a terminal"

check_exit "-t ends a command that ignores SIGTERM" 0 timeout 30 \
	"$rec" -d "$TMP/k.db" record -q -t 1 -- sh -c 'trap "" TERM; while sleep 0.1; do :; done'
check_eq "-t ends a command that ignores SIGTERM: the instance is gone" "$(left)" ""

check_exit "a command that cannot run" 0 "$rec" -d "$TMP/n.db" record -q -- /nonexistent/vmm
check_eq "a command that cannot run: the instance is gone" "$(left)" ""

# A second record while one runs; then -p on a running guest
"$guest" 0 >/dev/null &
vmm=$!
REC_PID=$TMP/d.pid "$rec" -d "$TMP/d.db" record -q -p $vmm -t 3 &
first=$!
sleep 1
check_exit "a second record at the same time" 0 "$rec" -d "$TMP/e.db" record -q -p $vmm -t 1
wait $first
check_eq "the first record ends well too" "$?" 0
kill $vmm
wait $vmm 2>/dev/null
set -- $(io_exits "$TMP/d.db")
[ "$1" -gt 0 ] && pass "-p follows a running VMM" || fail "-p follows a running VMM"
check_eq "both instances are gone" "$(left "$TMP/d.pid"; left)" ""

# -p: a vCPU thread the VMM starts after record attached; record ends with the VMM
rm -f "$TMP/l.pid"
"$guest" -l "$TMP/l.pid" 20000 >/dev/null &
vmm=$!
check_exit "-p on a VMM that starts its vCPU thread later" 0 \
	env REC_PID="$TMP/l.pid" timeout 60 "$rec" -d "$TMP/l.db" record -q -p $vmm
check_eq "-p: the later thread's exits are all recorded" "$(io_exits "$TMP/l.db")" "20000 0"
wait $vmm

# -p: a vCPU thread the VMM creates while record starts up (after its
# tracefs instance is there), running once tracing is on
rm -f "$TMP/w.pid"
"$guest" -w "$TMP/w.pid" 20000 >/dev/null &
vmm=$!
REC_PID=$TMP/w.pid "$rec" -d "$TMP/w.db" record -q -p $vmm -t 30 >"$TMP/w.out" 2>&1
check_eq "-p on a VMM creating a thread during start-up: exit 0" "$?" 0
check_eq "-p: the thread created during start-up is followed" "$(io_exits "$TMP/w.db")" "20000 0"
kill $vmm 2>/dev/null
wait $vmm

# SIGKILL: the VMM dies with record, the session is left interrupted,
# and the next record removes the instance and the shim's ring file
mkdir "$TMP/shimtmp"
REC_PID=$TMP/x.pid TMPDIR=$TMP/shimtmp "$rec" -d "$TMP/x.db" record -q --shim -- "$guest" 0 \
	>/dev/null 2>&1 &
pid=$!
wait_instance "$TMP/x.pid"
sleep 1
vmm=$(pgrep -P $pid)
check_eq "SIGKILL: the shim's ring file while recording" \
	"$(ls "$TMP/shimtmp" | grep -c "^smccctrace-shim-$pid-")" 1
kill -KILL $pid
wait $pid 2>/dev/null
sleep 0.5
# running: a process that is there and no zombie
running() {
	state=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)
	[ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ] && echo running
	true
}
check_eq "SIGKILL: the VMM ran" "$([ -n "$vmm" ] && echo yes)" yes
check_eq "SIGKILL: the VMM died with record" "$(running "${vmm:-0}")" ""
check_eq "SIGKILL: the session is interrupted" \
	"$(sqlite3 "$TMP/x.db" "SELECT kind, state, calls FROM session_view")" "record|interrupted|"
"$SMCCCTRACE" -d "$TMP/x.db" report >/dev/null 2>"$TMP/x.err"
check_eq "SIGKILL: report says so" "$(cat "$TMP/x.err")" \
	"warning: $TMP/x.db: session 1 was interrupted (it never ended: its recorder was killed, or still runs); only what it committed is there"
"$SMCCCTRACE" -d "$TMP/x.db" diff 1 1 >/dev/null 2>"$TMP/x.err"
check_eq "SIGKILL: diff says so" "$(grep -c 'session 1 was interrupted' "$TMP/x.err")" 2
TMPDIR=$TMP/shimtmp "$rec" -d "$TMP/x2.db" record -q --shim -- "$guest" 10 >/dev/null
check_eq "the next record removes the instance and the ring file left" \
	"$(left "$TMP/x.pid"; ls "$TMP/shimtmp")" ""

# An import into the file record writes finishes while record runs
"$rec" -d "$TMP/y.db" record -q -t 8 -- "$guest" 0 >/dev/null 2>&1 &
pid=$!
# until record's session is in (its first commit), at most 20 s
for i in $(seq 1 200); do
	[ "$(sqlite3 "$TMP/y.db" 'SELECT count(*) FROM sessions' 2>/dev/null)" = 1 ] && break
	sleep 0.1
done
check_exit "an import into the database record writes" 0 \
	"$SMCCCTRACE" -d "$TMP/y.db" import -q "$(dirname "$0")/../data/vhe-basic.dat"
check_eq "the import ends while record runs" "$(kill -0 $pid 2>/dev/null && echo running)" running
wait $pid
check_eq "record ends well too" "$?" 0
check_eq "both sessions whole" "$(sqlite3 "$TMP/y.db" "SELECT kind, state FROM session_view ORDER BY id")" \
	"record|done
import|done"

mkdir $tracing/instances/smccctrace-999999 2>/dev/null
check_exit "record after one that died" 0 "$rec" -d "$TMP/f.db" record -q -- "$guest" 10
check_eq "its stale instance is removed" "$(ls $tracing/instances | grep -x smccctrace-999999; left)" ""

check_exit "no such pid" 2 "$SMCCCTRACE" -d "$TMP/g.db" record -p 999999 -t 1
check_eq "no such pid: message" "$(cat "$TMP/err")" "smccctrace: record: no process 999999"
check_exit "bad time" 2 "$SMCCCTRACE" record -t soon
check_exit "--probe needs arm64 KVM" 2 "$rec" -d "$TMP/p.db" record --probe -- touch "$TMP/started"
# what an x86 kernel lacks first: kprobe events, else KVM's SMCCC handler
if [ -e $tracing/kprobe_events ]; then
	want="smccctrace: record: --probe: this kernel has neither kvm_smccc_call_handler (Linux 6.4+) nor kvm_hvc_call_handler (before 6.4), KVM's SMCCC handlers (not in available_filter_functions or /proc/kallsyms): no arm64 KVM"
else
	want="smccctrace: record: --probe: this kernel has no kprobe events (kprobe_events in tracefs, CONFIG_KPROBE_EVENTS)"
fi
check_eq "--probe needs arm64 KVM: the message names what lacks" "$(cat "$TMP/err")" "$want"
check_eq "--probe needs arm64 KVM: the command is not started" \
	"$(ls "$TMP/started" 2>/dev/null)" ""
check_eq "--probe: nothing left behind" \
	"$(left; grep "smccctrace_$(cat "$TMP/rec.pid")/" $tracing/kprobe_events 2>/dev/null)" ""
check_exit "the shim in the x86 guest: the VMM runs on" 0 \
	"$SMCCCTRACE" -d "$TMP/s.db" record -q --shim -- "$guest" 1000
check_eq "the shim in the x86 guest: every exit still counted" "$(io_exits "$TMP/s.db")" "1000 0"

done_testing
