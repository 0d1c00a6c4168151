#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The real arm64 KVM traces in tests/data: import finds exactly the calls
# the test VMM made, on Debian 12's own 6.1 (no SMCCC filter) as on 6.12,
# whose event formats differ (tests/data/README.md); the latencies are
# trace-cmd's own, to the ns.
. "$(dirname "$0")/lib.sh"

need_smccctrace
need_cmd sqlite3
data=$(cd "$(dirname "$0")/../data" && pwd)
calls_of=$(cd "$(dirname "$0")/../e2e" && pwd)/calls-of

for name in vhe-basic nvhe-basic vhe-load vhe61-basic; do
	db=$TMP/$name.db
	check_exit "$name: import" 0 "$SMCCCTRACE" -d "$db" import \
		--filter "$data/$name.filter.json" "$data/$name.dat"
	want=$("$calls_of" truth "$data/$name.truth" "$data/$name.filter.json")
	check_eq "$name: every call, and nothing else" "$("$calls_of" db "$db")" "$want"
	check_eq "$name: no call incomplete, no event lost" \
		"$(sqlite3 "$db" 'SELECT incomplete_calls, lost_events FROM sessions')" "0|0"
done

# The kernel and clock each trace recorded, and counts a reader can check
# by eye against the truth file; no filter on 6.1: every call in the
# kernel, SMC included
while read -r name kernel locations; do
	check_eq "$name: the kernel and clock the trace recorded" \
		"$(sqlite3 "$TMP/$name.db" 'SELECT kernel_release, clock FROM sessions')" "$kernel|local"
	check_eq "$name: calls per location" \
		"$(sqlite3 "$TMP/$name.db" 'SELECT calls, forwarded_calls, kernel_calls, denied_calls, unknown_location_calls FROM sessions')" \
		"$locations"
done <<EOF
vhe-basic 6.12.117+deb12-arm64 18|7|7|2|2
vhe61-basic 6.1.0-57-arm64 18|0|18|0|0
EOF
check_eq "vhe-load: 40 rounds of the scripts" \
	"$(sqlite3 "$TMP/vhe-load.db" "SELECT count(*) FROM call_view WHERE func = '0xc6000001'")" "40"
# 3 scripted MMIO writes and each vCPU's final one
check_eq "vhe-basic: the exits that are not calls are counted" \
	"$(sqlite3 "$TMP/vhe-basic.db" "SELECT count FROM exits WHERE kind = 'userspace' AND code = 6")" "5"

check_eq "vhe61-basic: the calls per conduit and ID" \
	"$(sqlite3 "$TMP/vhe61-basic.db" "SELECT conduit, count(*), count(DISTINCT func) FROM call_view GROUP BY conduit")" \
	"hvc|14|12
smc|4|1"

# events_of DAT: each kvm event's ID, and whether kvm_exit knows ERET
events_of() {
	trace-cmd dump --events -i "$1" 2>/dev/null | awk '
		/^name: / { name = $2 }
		/^ID: / { printf "%s %s ", name, $2 }
		/^print fmt: / && name == "kvm_exit" { printf "ERET %s ", /"ERET"/ ? "yes" : "no" }
		END { print "" }'
}

if command -v trace-cmd >/dev/null 2>&1; then
	check_eq "6.12: the event IDs, and kvm_exit's ERET class" "$(events_of "$data/vhe-basic.dat")" \
		"kvm_exit 61 ERET yes kvm_hvc_arm64 71 kvm_userspace_exit 44 kvm_entry 62 "
	check_eq "6.1: another ID of kvm_userspace_exit, no ERET" "$(events_of "$data/vhe61-basic.dat")" \
		"kvm_exit 61 ERET no kvm_hvc_arm64 71 kvm_userspace_exit 48 kvm_entry 62 "
	# each call's exit to entry, from trace-cmd's own report, per thread
	for name in vhe-basic nvhe-basic vhe-load vhe61-basic; do
		want=$(trace-cmd report -N -t -i "$data/$name.dat" 2>/dev/null | awk '
			function ns(t) { split(t, p, "."); return p[1] * 1000000000 + p[2] }
			{
				for (i = 1; i <= NF && $i !~ /^[0-9]+[.][0-9]+:$/; i++)
					;
				if (i > NF)
					next
				ts = ns(substr($i, 1, length($i) - 1)); tid = $1; sub(/.*-/, "", tid)
				if ($(i + 1) == "kvm_exit:" && $0 ~ /[(](HVC64|SMC64)[)]/)
					start[tid] = ts
				else if ($(i + 1) == "kvm_entry:" && (tid in start)) {
					print tid, ts - start[tid]
					delete start[tid]
				}
			}' | sort -s -n -k1,1)
		check_eq "$name: each call's latency is trace-cmd's, to the ns" \
			"$(sqlite3 -separator ' ' "$TMP/$name.db" 'SELECT tid, total_ns FROM call_view ORDER BY tid, t_exit')" \
			"$want"
	done
else
	skip "the fixtures' event formats: no trace-cmd"
	skip "the latencies against trace-cmd's report: no trace-cmd"
fi

done_testing
