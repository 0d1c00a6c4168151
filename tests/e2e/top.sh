# SPDX-License-Identifier: GPL-2.0
#
# smccctrace top -b over the test VMM in the test bed, sourced by
# tests/e2e/run (which defines ok, not_ok and expect_line). Two runs of
# top, each keeping its session (-o), grouped by function:
#
#	top.txt  table frames over two test VMM runs 2 s apart (so the calls
#	         fall in different intervals)
#	top.csv  csv frames over two runs of the scripts 73 times over (the
#	         most the test VMM takes: 146 calls or more a function, so
#	         that its p99 is not its max)
#
# Each ends when its command does (-n 30 only bounds a run gone wrong):
# the test VMM writes its truth when it ends, and under emulation its
# speed varies too much for top to end it at a known frame (t-top.sh
# checks that on the host's KVM).
#
# The last frame's since-start calls per function (kernel, user, denied,
# unknown) must equal report on the session top wrote and the calls the
# test VMM made (its truth tables); the csv's max latency per function
# must equal report's to the ns, and no event may be lost.

# top_test DIR TOPOPTS VMMOPTS: DIR/top-test, run in the guest's /out by
# the guest test (with TOPOPTS for top, VMMOPTS for the test VMM)
top_test() {
	cat >"$1/top-test" <<TEST
#!/bin/sh
cd /out
/smccctrace top -b -q -n 30 --by function -o top.db $2 -- sh -c \\
	"/testvmm $3 top1.truth top1.filter.json 1; sleep 2; exec /testvmm $3 top2.truth top2.filter.json 1" \\
	>top.txt 2>&1
echo "exit \$?" >>top.txt
/smccctrace top -b -q -n 30 -f csv --by function -o top-csv.db $2 -- sh -c \\
	"/testvmm $3 top3.truth top3.filter.json 73 && exec /testvmm $3 top4.truth top4.filter.json 73" \\
	>top.csv 2>top-csv.txt
echo "exit \$?" >>top-csv.txt
TEST
	chmod +x "$1/top-test"
}

# top_want FILTER TRUTH...: per function "key calls kernel user denied
# unknown", as the kvm tracepoints show the test VMM's calls (calls-of)
top_want() {
	local filter=$1 all
	shift
	all=$(mktemp)
	cat "$@" >"$all"
	"$E2E_DIR/calls-of" truth "$all" "$filter" | awk '{
		n[$3]++
		loc[$3, $4]++
	}
	END {
		for (k in n)
			print k, n[k], loc[k, "kernel"] + 0, loc[k, "user"] + 0,
				loc[k, "denied"] + 0, loc[k, "unknown"] + 0
	}' | LC_ALL=C sort
	rm -f "$all"
}

# csv_cols COL...: stdin's csv rows, the named columns, space-separated
csv_cols() {
	awk -F, -v want="$*" 'NR == 1 {
		n = split(want, w, " ")
		for (i = 1; i <= NF; i++)
			col[$i] = i
		next
	}
	{
		line = ""
		for (i = 1; i <= n; i++)
			line = line (i > 1 ? " " : "") $(col[w[i]])
		print line
	}'
}

# top_report DB COL...: report --by function on DB, the named columns
top_report() {
	local db=$1
	shift
	"$SMCCCTRACE" -d "$db" report --by function --format csv | csv_cols "$@" | LC_ALL=C sort
}

# top_table_last FILE: the last table frame's rows, as top_want prints them
# (a row ends in 13 figures; its key may be followed by a name)
top_table_last() {
	awk '/^top: frame / { rows = ""; on = 0; next }
	     /^KEY / { on = 1; next }
	     /^$/ { on = 0; next }
	     on { rows = rows $1 " " $(NF - 12) " " $(NF - 9) " " $(NF - 8) " " \
		$(NF - 7) " " $(NF - 6) "\n" }
	     END { printf "%s", rows }' "$1" | LC_ALL=C sort
}

# top_captured WANT: the header's counts line for these rows, up to the
# lost events
top_captured() {
	awk '{ c += $2; k += $3; u += $4; d += $5; x += $6 }
	     END { printf "captured: %d calls (%d forwarded, %d kernel, %d denied, %d unknown), " \
		"0 incomplete, 0 events lost\n", c, u, k, d, x }' <<<"$1"
}

# top_same WHAT WANT GOT...: ok when WANT is not empty and each GOT equals it
top_same() {
	local what=$1 want=$2 got
	shift 2
	for got in "$@"; do
		if [ -z "$want" ] || [ "$got" != "$want" ]; then
			not_ok "$what"
			diff <(echo "$want") <(echo "$got") | sed 's/^/#   /' | head -n 20
			return
		fi
	done
	ok "$what"
}

# check_top_table DIR MODE: the table frames over two runs
check_top_table() {
	local d=$1 want n1
	expect_line "$2" "$d/top.txt" "top -b over two test VMM runs exits 0" "exit 0"
	want=$(top_want "$d/top1.filter.json" "$d/top1.truth" "$d/top2.truth")
	top_same "$2: top -b's last frame, report on its session and the test VMM: the same calls per function" \
		"$want" "$(top_table_last "$d/top.txt")" \
		"$(top_report "$d/top.db" key calls kernel user denied unknown_location)"
	top_same "$2: top -b's last frame: all calls captured, capture ended, 0 events lost" \
		"$(top_captured "$want")|, capture ended" \
		"$(grep '^captured: ' "$d/top.txt" | tail -n 1 | sed 's/;.*//')|$(grep '^top: frame ' \
			"$d/top.txt" | tail -n 1 | grep -o ', capture ended$')"
	n1=$(wc -l <"$d/top1.truth")
	top_same "$2: top -b: a frame between the runs holds the first run's $n1 calls alone" \
		"$(top_captured "$(top_want "$d/top1.filter.json" "$d/top1.truth")")" \
		"$(grep "^captured: $n1 calls " "$d/top.txt" | head -n 1 | sed 's/;.*//')"
}

# top_approx: stdin's "key p50 p99 min max" (report's exact ns) as top
# shows p50 and p99 since the start, "key p50 p99": each the middle of the
# log-linear bucket that holds it (include/smccctrace/lhist.h: exact below
# 64, above 32 buckets a power of two), brought within min .. max; worked
# out here on its own, not by the library's code
top_approx() {
	awk -F'[ ]' 'function approx(v, lo, hi,   p, w, r) {
		if (v == "" || v < 64)
			return v
		for (p = 64; p * 2 <= v; p *= 2)
			;
		w = p / 32
		r = int(v / w) * w + int((w - 1) / 2)
		return r < lo ? lo : r > hi ? hi : r
	}
	{ print $1, approx($2, $4, $5), approx($3, $4, $5) }'
}

# check_top_csv DIR MODE: the csv frames
check_top_csv() {
	local d=$1 last frame
	expect_line "$2" "$d/top-csv.txt" "top -b -f csv exits 0" "exit 0"
	frame=$(tail -n 1 "$d/top.csv" | cut -d, -f1)
	last=$(csv_cols frame key calls kernel user denied unknown_location max_ns lost <"$d/top.csv" |
		awk -v last="$frame" '$1 == last' | cut -d ' ' -f 2- | LC_ALL=C sort)
	top_same "$2: top -b -f csv: the last frame's calls per function are the test VMM's" \
		"$(top_want "$d/top3.filter.json" "$d/top3.truth" "$d/top4.truth")" \
		"$(cut -d ' ' -f 1-6 <<<"$last")"
	top_same "$2: top -b -f csv: calls, locations and max latency per function are report's, to the ns" \
		"$(top_report "$d/top-csv.db" key calls kernel user denied unknown_location max_ns)" \
		"$(cut -d ' ' -f 1-7 <<<"$last")"
	top_same "$2: top -b -f csv: p50 and p99 since the start are the middles of the buckets of report's exact ones" \
		"$(top_report "$d/top-csv.db" key p50_ns p99_ns min_ns max_ns | top_approx)" \
		"$(csv_cols frame key approx_p50_ns approx_p99_ns <"$d/top.csv" |
			awk -v last="$frame" '$1 == last' | cut -d ' ' -f 2- | LC_ALL=C sort)"
	top_same "$2: top -b -f csv: no event lost, in the frames and the session" \
		"0|0" "$(cut -d ' ' -f 8 <<<"$last" | sort -u | tr '\n' '|')$(sqlite3 "$d/top-csv.db" \
			'SELECT lost_events FROM sessions')"
}

# check_top DIR MODE: both runs of top-test
check_top() {
	check_top_table "$1" "$2"
	check_top_csv "$1" "$2"
}
