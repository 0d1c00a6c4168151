# SPDX-License-Identifier: GPL-2.0
#
# replay --kvm in the test bed, sourced by tests/e2e/run (which defines
# ok and not_ok). The guest test (lib.sh, record_test) replays on its KVM:
#
#	this mode's fixture recording (tests/data/MODE-basic.dat imported with
#	its filter): sessions 2, 3, 4 with builtin kvm, trng.so, vendor-hyp.so
#	under the session's own filter; session 5 with builtin kvm under the
#	filter suggest made for it
#	the probe's recording of this run (arguments and SMC IDs known):
#	session 2 with builtin kvm; 3 a plain replay with trng.so, the VMM's
#	handler, that suggest --vmm-session reads; 4 with trng.so under that
#	suggestion, 5 with trng.so under the recording's own filter
#
# What the guest got must be, call by call: for a call the filter leaves
# to KVM, what the guest of the recording got (the .truth files); for a
# forwarded call, what the same back end answers the same call in a plain
# replay on the host; for a denied one, NOT_SUPPORTED. Words no run
# repeats are masked on both sides: KVM_PTP's (time) and the random words
# of a forwarded TRNG_RND32/RND64.

# replay_inputs DIR: the fixture databases and suggest's filters, for the
# guest test to find at /replay-MODE.db and /replay-MODE-suggest.json
replay_inputs() {
	local m data=$E2E_DIR/../data
	for m in vhe nvhe; do
		rm -f "$1/replay-$m.db"
		"$SMCCCTRACE" -d "$1/replay-$m.db" import -q --filter "$data/$m-basic.filter.json" \
			"$data/$m-basic.dat" >/dev/null &&
		# the session's forwarded SMCs of unknown ID keep all its
		# FWD_TO_USER ranges; without its DENY range the denied calls move
		"$SMCCCTRACE" -d "$1/replay-$m.db" suggest --drop-session-deny --format json \
			>"$1/replay-$m-suggest.json" || return 1
	done
}

# replay_mask: the words no run repeats, on lines "vcpu conduit func loc x0..x3"
replay_mask() {
	awk '$3 == "0x86000001" { $5 = $6 = $7 = $8 = "time" }
	     ($3 == "0x84000053" || $3 == "0xc4000053") && $4 == "user" { $6 = $7 = $8 = "random" }
	     { print }'
}

# replay_got DB SESSION: its calls, vCPUs numbered by thread id as the
# test VMM's (vCPU 0's thread is created first)
replay_got() {
	sqlite3 -separator ' ' "$1" "SELECT tid, conduit, func, location,
		printf('0x%x', x0), printf('0x%x', x1), printf('0x%x', x2), printf('0x%x', x3)
		FROM call_view WHERE session = $2 ORDER BY tid, seq" |
	awk '$1 != last { last = $1; vcpu++ } { $1 = vcpu - 1; print }' | replay_mask
}

# replay_want TRUTH HOST_DB SESSION [trace]: what the guest must have got;
# HOST_DB SESSION is the plain replay with the same back end. "trace": the
# recording came from tracepoints alone, so SMCs (ID unknown) are not
# replayed and no call has arguments: PSCI_FEATURES gets x1 = 0, which
# KVM answers NOT_SUPPORTED
replay_want() {
	local trace=${4:-}
	paste -d ' ' <(if [ "$trace" = trace ]; then grep -v ' smc ' "$1"; else cat "$1"; fi) \
		<(replay_got "$2" "$3") |
	awk -v trace="$trace" '{
		x0 = $6; x1 = $7; x2 = $8; x3 = $9
		if ($5 == "user") { x0 = $14; x1 = $15; x2 = $16; x3 = $17 }
		if (trace == "trace" && $4 == "0x8400000a") x0 = "0xffffffffffffffff"
		print $1, $3, $4, $5, x0, x1, x2, x3
	}' | replay_mask
}

# replay_placement FILTER.json DB SESSION: where the filter sends each call
replay_placement() {
	local ranges base nr action vcpu conduit func loc
	ranges=$(sqlite3 -separator ' ' :memory: "SELECT json_extract(value, '\$.base'),
		json_extract(value, '\$.nr_functions'), json_extract(value, '\$.action')
		FROM json_each(readfile('$1'), '\$.filters')")
	replay_got "$2" "$3" | while read -r vcpu conduit func _; do
		loc=kernel
		while read -r base nr action; do
			[ -n "$base" ] || continue
			if [ $((func)) -ge $((base)) ] && [ $((func)) -lt $((base + nr)) ]; then
				case $action in
				FWD_TO_USER) loc=user ;;
				DENY) loc=denied ;;
				esac
			fi
		done <<<"$ranges"
		echo "$vcpu $conduit $func $loc"
	done
}

# replay_compare MODE WHAT WANT GOT
replay_compare() {
	if [ -n "$3" ] && [ "$3" = "$4" ]; then
		ok "$1: $2"
	else
		not_ok "$1: $2"
		diff <(echo "$3") <(echo "$4") | sed 's/^/#   /' | head -n 20
	fi
}

# check_replay_kvm DIR MODE
check_replay_kvm() {
	local d=$1 m=$2 host=$1/replay-host.db probe_host=$1/probe-host.db s be
	local examples want got rc
	examples=$(cd "$(dirname "$SMCCCTRACE")" && pwd)/replay/examples
	if [ "$(grep -c '^exit 0$' "$d/replay-kvm.txt" 2>/dev/null)" = 9 ]; then
		ok "$m: replay --kvm exits 0 with builtin kvm, both plugins, three filters"
	else
		not_ok "$m: replay --kvm exits 0 with builtin kvm, both plugins, three filters"
		grep -v '^[A-Za-z/0-9]* *[0-9]' "$d/replay-kvm.txt" 2>/dev/null | sed 's/^/#   /' | head -n 20
		return
	fi
	# the back ends' own answers: the same replays without KVM, on the host
	cp "$work/record/replay-$m.db" "$host"
	for be in "--builtin kvm" "--handler $examples/trng.so" "--handler $examples/vendor-hyp.so"; do
		# shellcheck disable=SC2086
		"$SMCCCTRACE" -d "$host" replay -s 1 $be >/dev/null
	done
	s=2
	for be in "builtin kvm" trng.so vendor-hyp.so; do
		want=$(replay_want "$E2E_DIR/../data/$m-basic.truth" "$host" $s trace)
		got=$(replay_got "$d/replay.db" $s)
		replay_compare "$m" "replay --kvm with $be: KVM's calls as recorded, forwarded ones as $be answers" \
			"$want" "$got"
		s=$((s + 1))
	done
	want=$(replay_placement "$d/replay-suggest.json" "$d/replay.db" 5)
	got=$(replay_got "$d/replay.db" 5 | cut -d ' ' -f 1-4)
	replay_compare "$m" "replay --kvm --filter (suggest's): each call goes where that filter says" \
		"$want" "$got"
	replay_compare "$m" "the sessions keep the filter they ran under" \
		"$(sqlite3 :memory: "SELECT json(json_extract(readfile('$d/replay-suggest.json'), '\$.filters'))")
$(sqlite3 :memory: "SELECT json(json_extract(readfile('$E2E_DIR/../data/$m-basic.filter.json'), '\$.filters'))")" \
		"$(sqlite3 "$d/replay.db" "SELECT json(json_extract(filter, '\$.filters')) FROM sessions WHERE id IN (5, 2) ORDER BY id DESC")"
	"$SMCCCTRACE" -d "$d/replay.db" diff 2 5 --fail-on location-change >"$d/replay-diff.txt" 2>&1
	rc=$?
	replay_compare "$m" "diff of the two filters' replays: exit 1 and the calls that moved" \
		"exit 1
2 rules broken
  location-change: 0xc2000001: answered in denied, now in kernel
  location-change: 0xc2000010: answered in denied, now in kernel" \
		"exit $rc
$(sed -n '/rules\? broken$/,$p' "$d/replay-diff.txt")"
	# the probe's recording: arguments and SMC function IDs known
	cp "$d/probe.db" "$probe_host"
	"$SMCCCTRACE" -d "$probe_host" replay -s 1 --builtin kvm >/dev/null
	replay_compare "$m" "replay --kvm of record --probe's session: SMCs and arguments too" \
		"$(replay_want "$d/probe.truth" "$probe_host" 2)" "$(replay_got "$d/probe-replay.db" 2)"
	check_vmm_session "$d" "$m"
	replay_compare "$m" "replay --kvm stores each call's guest-view time" "56" \
		"$(sqlite3 "$d/replay.db" "SELECT count(*) FROM call_view WHERE session BETWEEN 2 AND 5
			AND total_ns > 0")"
}

# check_vmm_session DIR MODE: suggest --vmm-session end to end. trng.so
# answers TRNG and nothing else, so the suggestion forwards only the TRNG
# IDs the guest used and keeps the recording's DENY range; under it the
# guest gets the x0 it got under the recording's own filter, call by call
# (x1..x3 of a NOT_SUPPORTED answer are not the same: KVM zeroes them, the
# back end leaves the guest's arguments there, and SMCCC defines neither)
VMM_SESSION_FILTERS='[{"base":"0x84000050","nr_functions":1,"action":"FWD_TO_USER"},{"base":"0xc2000000","nr_functions":32,"action":"DENY"},{"base":"0xc4000053","nr_functions":1,"action":"FWD_TO_USER"}]'
# forwarded calls of sessions 4 and 5: the 3 TRNG calls, then all 7
VMM_SESSION_FORWARDED="3 7"
check_vmm_session() {
	local d=$1 m=$2 db=$1/probe-replay.db
	replay_compare "$m" "suggest --vmm-session of trng.so's replay: TRNG forwarded, the rest kept or denied" \
		"$VMM_SESSION_FILTERS" \
		"$(sqlite3 :memory: "SELECT json(json_extract(readfile('$d/vmm-suggest.json'), '\$.filters'))")"
	replay_compare "$m" "replay --kvm under that suggestion: each call goes where it says" \
		"$(replay_placement "$d/vmm-suggest.json" "$db" 4)" \
		"$(replay_got "$db" 4 | cut -d ' ' -f 1-4)"
	replay_compare "$m" "  and the guest gets the x0 it got under the recording's filter" \
		"$(replay_got "$db" 5 | cut -d ' ' -f 1-3,5)" \
		"$(replay_got "$db" 4 | cut -d ' ' -f 1-3,5)"
	replay_compare "$m" "  with fewer calls forwarded" \
		"$VMM_SESSION_FORWARDED" \
		"$(sqlite3 "$db" "SELECT group_concat(n, ' ') FROM (SELECT count(*) AS n FROM call_view
			WHERE session IN (4, 5) AND location = 'user' GROUP BY session ORDER BY session)")"
}
