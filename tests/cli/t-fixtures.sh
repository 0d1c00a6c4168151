#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The real arm64 KVM traces in tests/data: import finds exactly the calls
# the test VMM made.
. "$(dirname "$0")/lib.sh"

need_smccctrace
need_cmd sqlite3
data=$(cd "$(dirname "$0")/../data" && pwd)
calls_of=$(cd "$(dirname "$0")/../e2e" && pwd)/calls-of

for name in vhe-basic nvhe-basic vhe-load; do
	db=$TMP/$name.db
	check_exit "$name: import" 0 "$SMCCCTRACE" -d "$db" import \
		--filter "$data/$name.filter.json" "$data/$name.dat"
	want=$("$calls_of" truth "$data/$name.truth" "$data/$name.filter.json")
	check_eq "$name: every call, and nothing else" "$("$calls_of" db "$db")" "$want"
	check_eq "$name: no call incomplete, no event lost" \
		"$(sqlite3 "$db" 'SELECT incomplete_calls, lost_events FROM sessions')" "0|0"
done

check_eq "vhe-basic: the kernel and clock the trace recorded" \
	"$(sqlite3 "$TMP/vhe-basic.db" 'SELECT kernel_release, clock FROM sessions')" "6.12.117+deb12-arm64|local"

# Counts a reader can check by eye against the truth file
check_eq "vhe-basic: calls per location" \
	"$(sqlite3 "$TMP/vhe-basic.db" 'SELECT calls, forwarded_calls, kernel_calls, denied_calls, unknown_location_calls FROM sessions')" \
	"18|7|7|2|2"
check_eq "vhe-load: 40 rounds of the scripts" \
	"$(sqlite3 "$TMP/vhe-load.db" "SELECT count(*) FROM call_view WHERE func = '0xc6000001'")" "40"
# 3 scripted MMIO writes and each vCPU's final one
check_eq "vhe-basic: the exits that are not calls are counted" \
	"$(sqlite3 "$TMP/vhe-basic.db" "SELECT count FROM exits WHERE kind = 'userspace' AND code = 6")" "5"

done_testing
