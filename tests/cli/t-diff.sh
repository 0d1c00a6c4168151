#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# smccctrace diff on generated sessions whose differences are known.
. "$(dirname "$0")/lib.sh"

need_smccctrace
need_built "$TRACEGEN"
need_cmd sqlite3

# gen FILE SLOW_FACTOR_PERCENT LOC_OF_0x84000000 THIRD_ID: 200 calls each
# of three functions on one vCPU, latencies 1000 + (37 i mod 500) ns;
# 0xc6000001 (forwarded) takes SLOW_FACTOR_PERCENT of that, rounded down.
# At 120%: p50 1253 -> 1503 ns, p99 1497 -> 1796 ns (+19.9%); the rank
# sum of A is 26025.5, so U = 5925.5 and p = 4.3e-34 (worked out apart
# from the C code).
gen() {
	awk -v slow="$2" -v loc="$3" -v third="$4" 'BEGIN {
		print "comm 100 CPU 0/KVM"
		t = 1000
		for (i = 0; i < 200; i++) {
			lat = 1000 + (i * 37) % 500
			printf "call %d 0 100 hvc 0x84000000 %s %d%s\n", t, loc, lat,
				loc == "user" ? " 100" : ""
			t += 10000
			printf "call %d 0 100 hvc 0xc6000001 user %d 100\n", t, int(lat * slow / 100)
			t += 10000
			printf "call %d 0 100 hvc %s kernel %d\n", t, third, lat
			t += 10000
		}
	}' >"$TMP/$1.scn"
	"$TRACEGEN" -o "$TMP/$1.dat" "$TMP/$1.scn" &&
	"$SMCCCTRACE" -d "$TMP/d.db" import -q "$TMP/$1.dat"
}

check "session 1: the baseline" gen a 100 kernel 0x86000000
check "session 2: 0xc6000001 20% slower" gen b 120 kernel 0x86000000
check "session 3: 0x84000000 forwarded" gen c 100 user 0x86000000
check "session 4: 0x86000001 instead of 0x86000000" gen d 100 kernel 0x86000001

diff_() {
	"$SMCCCTRACE" -d "$TMP/d.db" diff "$@"
}

check_exit "a session against itself: exit 0" 0 \
	diff_ 1 1 --fail-on 'p99>+10%' --fail-on 'p50>+5%' --fail-on location-change
check_eq "a session against itself: no rule broken" "$(tail -n 1 "$TMP/out")" "0 rules broken"

check_exit "one function 20% slower: exit 1" 1 diff_ 1 2 --fail-on 'p99>+10%'
check_eq "one function 20% slower: exactly that group" "$(tail -n 2 "$TMP/out")" \
"1 rule broken
  p99>+10%: 0xc6000001: p99 1.50us -> 1.80us (+19.9%), p = 4.3e-34"

diff_ 1 2 --fail-on 'p99>+10%' --fail-on 'p50>+5%' --format json >"$TMP/j.json"
check_eq "json: the violations" \
	"$(sqlite3 :memory: "SELECT group_concat(json_extract(value, '\$.rule') || ' ' || json_extract(value, '\$.key'), ', ') FROM json_each(readfile('$TMP/j.json'), '\$.violations')")" \
	"p99>+10% 0xc6000001, p50>+5% 0xc6000001"
check_eq "json: a violation's figures, structured" \
	"$(sqlite3 :memory: "SELECT json(value) FROM json_each(readfile('$TMP/j.json'), '\$.violations') LIMIT 1")" \
	'{"rule":"p99>+10%","key":"0xc6000001","message":"p99 1.50us -> 1.80us (+19.9%), p = 4.3e-34","metric":"p99","a_ns":1497,"b_ns":1796,"p99_change_pct":19.9,"p_value":4.31503e-34}'
# 0x84000000 is the same on both sides: min 1000, p99.9 the max 1499, the
# mean 1251.5 rounded half up
check_eq "json: every figure a rule may name, and its change" \
	"$(sqlite3 :memory: "SELECT json_extract(value, '\$.name') || ' ' || json_extract(value, '\$.min_a_ns') || ' ' || json_extract(value, '\$.min_b_ns') || ' ' || json_extract(value, '\$.min_change_pct') || ' ' || json_extract(value, '\$.p999_b_ns') || ' ' || json_extract(value, '\$.mean_a_ns') || ' ' || json_extract(value, '\$.mean_b_ns') || ' ' || json_extract(value, '\$.mean_change_pct') FROM json_each(readfile('$TMP/j.json'), '\$.groups') WHERE json_extract(value, '\$.key') = '0x84000000'")" \
	"PSCI_VERSION 1000 1000 0.0 1499 1252 1252 0.0"
# The default columns fit 80: the names give way (to 10 columns here:
# 10 + 10 + 6 * 6 + 8 = 64, and 2 * 8 blanks between)
check_eq "table: names beside function IDs" "$(diff_ 1 2 | sed -n '/^KEY/,/^$/p')" \
"KEY         NAME         P50 A   P50 B     P50   P99 A   P99 B     P99         P
0x84000000  PSCI_VERS~  1.25us  1.25us   +0.0%  1.50us  1.50us   +0.0%         1
0x86000000  KVM_FEATU~  1.25us  1.25us   +0.0%  1.50us  1.50us   +0.0%         1
0xc6000001  -           1.25us  1.50us  +19.9%  1.50us  1.80us  +19.9%  4.32e-34"
# -o: A's and B's calls, the calls per second and the spread, with their change
check_eq "table: -o chooses the columns" \
	"$(diff_ 1 2 -o key,calls_a,calls_b,calls/s_b,calls/s,total,time%_a,time%_b,p99/p50_b,p99/p50 | sed -n '/^KEY/,/^$/p')" \
"KEY         CALLS A  CALLS B  CALLS/S B  CALLS/S   TOTAL  TIME% A  TIME% B  P99/P50 B  P99/P50
0x84000000      200      200      33.4k    +0.0%   +0.0%    33.3%    31.3%        1.2    +0.0%
0x86000000      200      200      33.4k    +0.0%   +0.0%    33.3%    31.3%        1.2    +0.0%
0xc6000001      200      200      33.4k    +0.0%  +19.9%    33.3%    37.5%        1.2    +0.0%"
check_exit "-o help" 0 diff_ 1 2 -o help
check_eq "-o help: A, B and the change of each figure" "$(grep -A2 '^  p50_a' "$TMP/out")" \
"  p50_a        the median latency, in A
  p50_b        the median latency, in B
  p50          the median latency: B's change against A, in percent"
check_exit "-o: an unknown column" 2 diff_ 1 2 -o key,p50_c
check_eq "-o: an unknown column, named" "$(head -n 1 "$TMP/err")" \
	"smccctrace: diff: -o: unknown column 'p50_c'"
check_eq "json: the test is named" \
	"$(sqlite3 :memory: "SELECT json_extract(readfile('$TMP/j.json'), '\$.test')")" \
	"Mann-Whitney U (two-sided, normal approximation, tie-corrected)"
check_eq "json: the slower group's figures" \
	"$(sqlite3 :memory: "SELECT json_extract(value, '\$.p50_a_ns') || ' ' || json_extract(value, '\$.p50_b_ns') FROM json_each(readfile('$TMP/j.json'), '\$.groups') WHERE json_extract(value, '\$.key') = '0xc6000001'")" \
	"1253 1503"

# csv: the json's figures, one row per group; min 1000 -> 1200, max 1499
# -> 1798, mean 1251.5 -> 1501.4 (rounded half up), worked out apart
check_exit "csv" 0 diff_ 1 2 --format csv
# Both sessions run 5991363 ns (t 1000 to the last call's end, 5992363):
# 200 calls are 33381.386/s. 0xc6000001 took 250300 ns in A (a third of
# all, 33.3333%) and 300280 in B (of 800880: 37.4938%, +12.4%); its
# spread 1497/1253 = 1.19 against 1796/1503 = 1.19 (+0.0%)
check_eq "csv: header and the slower group" "$(sed -n '1p;/^0xc6000001,/p' "$TMP/out")" \
"key,name,calls_a,calls_b,min_a_ns,min_b_ns,min_change_pct,p50_a_ns,p50_b_ns,p50_change_pct,p90_a_ns,p90_b_ns,p90_change_pct,p99_a_ns,p99_b_ns,p99_change_pct,p999_a_ns,p999_b_ns,p999_change_pct,max_a_ns,max_b_ns,max_change_pct,mean_a_ns,mean_b_ns,mean_change_pct,p_value,calls_per_s_a,calls_per_s_b,calls_per_s_change_pct,total_a_ns,total_b_ns,total_change_pct,time_share_a,time_share_b,time_share_change_pct,p99_p50_a,p99_p50_b,p99_p50_change_pct
0xc6000001,,200,200,1000,1200,20.0,1253,1503,19.9,1456,1747,19.9,1497,1796,19.9,1499,1798,19.9,1499,1798,19.9,1252,1501,19.8,4.31503e-34,33381.386,33381.386,0.0,250300,300280,19.9,33.3333,37.4938,12.4,1.19,1.19,0.0"
check_eq "csv: a named function" "$(grep '^0x84000000,' "$TMP/out" | cut -d, -f1-4)" \
	"0x84000000,PSCI_VERSION,200,200"

check_exit "a 20% threshold is not broken by 20%" 0 diff_ 1 2 --fail-on 'p99>+20%'
check_exit "an unlikely alpha keeps the rule quiet" 0 diff_ 1 2 --fail-on 'p99>+10%' --alpha 1e-40
check_eq "  and says what it kept quiet" "$(tail -n 1 "$TMP/out")" \
	"0 rules broken; 1 threshold exceeded without significance (p >= 1e-40)"
check_exit "min-calls skips thin groups" 0 diff_ 1 2 --fail-on 'p99>+10%' --min-calls 201
check_eq "  and says how many" "$(tail -n 1 "$TMP/out")" \
	"0 rules broken; 1 threshold exceeded in groups under 201 calls"
diff_ 1 2 --fail-on 'p99>+10%' --fail-on 'p50>+5%' --alpha 1e-40 --format json >"$TMP/q.json"
check_eq "json: what was suppressed" \
	"$(sqlite3 :memory: "SELECT json(json_extract(readfile('$TMP/q.json'), '\$.suppressed'))")" \
	'{"not_significant":2,"too_few_calls":0}'

check_exit "location change: exit 1" 1 diff_ 1 3 --fail-on location-change
check_eq "location change: the function and where it went" "$(tail -n 1 "$TMP/out")" \
	"  location-change: 0x84000000: answered in kernel, now in user"
check_exit "location change is only a failure when asked" 0 diff_ 1 3

check_exit "new and gone IDs: exit 1" 1 diff_ 1 4 --fail-on new-id --fail-on gone-id
check_eq "new and gone IDs: listed" "$(grep -E '^(new|gone) IDs' "$TMP/out")" \
"new IDs: 0x86000001
gone IDs: 0x86000000"

check_exit "junit" 1 diff_ 1 2 --fail-on 'p99>+10%' --format junit
check_eq "junit: one case per group, the slower one failing" "$(cat "$TMP/out")" \
'<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="smccctrace diff" tests="3" failures="1">
  <testcase classname="smccctrace.diff" name="p99&gt;+10%: 0x84000000"/>
  <testcase classname="smccctrace.diff" name="p99&gt;+10%: 0x86000000"/>
  <testcase classname="smccctrace.diff" name="p99&gt;+10%: 0xc6000001">
    <failure message="p99 1.50us -&gt; 1.80us (+19.9%), p = 4.3e-34"/>
  </testcase>
</testsuite>'

check_exit "junit without rules" 0 diff_ 1 2 --format junit
check_eq "junit without rules: one passing case, not tests=\"0\"" "$(cat "$TMP/out")" \
'<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="smccctrace diff" tests="1" failures="0">
  <testcase classname="smccctrace.diff" name="compared (no --fail-on rules)"/>
</testsuite>'

cp "$TMP/d.db" "$TMP/other.db"
check_exit "two database files" 1 "$SMCCCTRACE" diff "$TMP/d.db:1" "$TMP/other.db:2" --fail-on 'p99>+10%'
check_exit "bad rule" 2 diff_ 1 2 --fail-on 'p99>10%'
check_eq "bad rule: message" "$(cat "$TMP/err")" \
	"smccctrace: diff: --fail-on: bad rule 'p99>10%' (e.g. 'p99>+10%', 'max>+1000ns', location-change, new-id, gone-id, result-change)
see 'smccctrace diff --help'"
check_exit "an amount past 64 bits of ns: exit 2, no wrap" 2 diff_ 1 2 --fail-on 'max>+18446744073710ms'
check_eq "an amount past 64 bits: message" "$(head -n 1 "$TMP/err")" \
	"smccctrace: diff: --fail-on: bad rule 'max>+18446744073710ms': the amount is out of range (at most 18446744073709551615ns or 184467440737095516.15%)"
check_exit "missing session" 2 diff_ 1 9
check_eq "missing session: message" "$(cat "$TMP/err")" "smccctrace: $TMP/d.db: no session 9"
check_exit "one side only" 2 diff_ 1
check_exit "missing database" 2 "$SMCCCTRACE" diff "$TMP/nope.db" "$TMP/d.db"

done_testing
