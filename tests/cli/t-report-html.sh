#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# smccctrace report --html: the page of a generated trace whose every
# latency is known (t-report.sh's scenario), checked for its tables' cells,
# its charts' elements, that it loads nothing and is well-formed, and
# rendered by headless Chromium to a PNG whose pixels are looked at.
. "$(dirname "$0")/lib.sh"

need_smccctrace
need_built "$TRACEGEN"
need_cmd xmllint
need_cmd perl

# a name the page must escape
trace="$TMP/a<b&c>.dat"
check "generate the trace" "$TRACEGEN" -o "$trace" "$(dirname "$0")/report.scn"
db=$TMP/mix.db
check_exit "import with a filter" 0 "$SMCCCTRACE" -d "$db" import -q \
	--filter deny:0x82000010+1 "$trace"

page=$TMP/pages/report.html
mkdir "$TMP/pages"
check_exit "report --html" 0 "$SMCCCTRACE" -d "$db" report --by function --html "$page"
check_eq "nothing on stdout" "$(cat "$TMP/out")" ""
check_eq "only the page in its directory" "$(ls -A "$TMP/pages")" "report.html"

# xpath NODES: the text of each node, one a line
xp() {
	xmllint --xpath "$1" "$page" 2>/dev/null
	echo
}

# The group rows' cells, tags stripped, one row a line
rows() {
	sed -n "/^<tr><td class=\"l\"><span class=\"swatch\"/{s/<\/t[dh]><t[dh][^>]*>/ /g;s/<[^>]*>//g;s/^ //;p}" \
		"$1"
}

# The text table's rows, spaces squeezed
text_rows() {
	"$SMCCCTRACE" -d "$db" report "$@" |
		awk '/^$/ && n { exit } /^KEY/ { n = 1; next } n' | tr -s ' '
}

check_exit "well-formed" 0 xmllint --noout "$page"
check_eq "no reference to the network" "$(grep -ciE 'https?://' "$page")" 0
check_eq "nothing loaded from elsewhere" "$(grep -ciE '(src|href)=|@import|url\(' "$page")" 0
check_eq "title" "$(xp '//head/title/text()')" "smccctrace report: session 1"
check_eq "escaped source" "$(grep -c "^<p>session 1 (import): $TMP/a&lt;b&amp;c&gt;.dat</p>" "$page")" 1
check_eq "header lines" "$(xp '//div[@class="lines"]/p[position()>1]/text()')" \
"calls: 8 (5 forwarded, 2 kernel, 1 denied, 0 unknown), 0 incomplete
exits: 10 kvm_exit, 8 of them SMCCC calls (80.0%), 0 events lost
length: 76.2us, 105k calls/s; time in calls: 9.15us"

# t-report.sh works these figures out by hand
check_eq "table heading" "$(xp '//table[@id="groups"]/tr[1]/th/text()')" \
"KEY
NAME
CALLS
TOTAL
TIME%
P50
P99
P99/P50"
check_eq "table rows" "$(rows "$page")" \
"0xc6000001 - 4 7.50us 82.0% 1.50us 3.00us 2.0
0x84000000 PSCI_VERSION 2 1.00us 10.9% 400ns 600ns 1.5
0x82000010 - 1 50ns 0.5% 50ns 50ns 1.0
unknown - 1 600ns 6.6% 600ns 600ns 1.0"
check_eq "the text table's figures" "$(rows "$page")" "$(text_rows --by function)"
check_eq "forwarded rows" "$(xp '//table[@id="forwarded"]/tr[2]/td/text()')" \
"0xc6000001
-
4
300ns
1.00us
1.20us
2.00us"

# CDF: a step line per group; 0x84000000's two calls, 400 and 600 ns,
# make two steps of 50% (y 212 is 0%, 112 50%, 12 100%)
check_eq "CDF lines" "$(xp 'count(//svg[@id="cdf"]/polyline[@class="cdf"])')" 4
check_eq "CDF keys" "$(xp '//polyline[@class="cdf"]/@data-key' | tr -d ' \n')" \
'data-key="0xc6000001"data-key="0x84000000"data-key="0x82000010"data-key="unknown"'
check_eq "CDF of 0x84000000" \
	"$(xp 'string(//polyline[@data-key="0x84000000"]/@points)' | sed 's/[0-9.]*,//g')" \
	"212.0 112.0 112.0 12.0"

# Histograms: the buckets of report --hist, each a bar titled as its row
check_eq "histograms" "$(xp 'count(//svg[starts-with(@id,"hist-")])')" 4
check_eq "their titles" "$(xp '//div[@class="hists"]/div/h3/text()')" \
"0xc6000001 (4 calls)
0x84000000 PSCI_VERSION (2 calls)
0x82000010 (1 call)
unknown (1 call)"
check_eq "legend" "$(xp '//p[@class="legend"][1]/span/text()')" \
"0xc6000001
0x84000000 PSCI_VERSION
0x82000010
unknown"
check_eq "bars of 0xc6000001" "$(xp '//svg[@id="hist-0"]/rect[@class="bar"]/title/text()')" \
"512ns to 1.02us: 1
1.02us to 2.05us: 2
2.05us to 4.10us: 1"
check_eq "bars as report --hist" \
	"$(xp '//svg[@id="hist-0"]/rect/title/text()' | sed 's/ to / /;s/://')" \
	"$("$SMCCCTRACE" -d "$db" report --by function --hist |
	   sed -n '/histogram of 0xc6000001/,/^$/p' | sed '1,2d;/^$/d' |
	   awk '{ print $1, $2, $3 }')"
check_eq "bar heights" "$(xp '//svg[@id="hist-0"]/rect/@height' | tr -d ' \n')" \
	'height="40.0"height="80.0"height="40.0"'

# Calls over time: 76.2 us in 60 buckets of 1.27 us; 0xc6000001's calls
# 10, 40, 50 and 70 us after the first event fall in buckets 7, 31, 39, 55
peaks() {
	xp "string(//svg[@id=\"timeline\"]/polyline[$1]/@points)" | tr ' ' '\n' |
		awk -F, '$2 == "12.0" { printf "%s%d", n++ ? " " : "", NR - 1 }'
}
check_eq "timeline lines" "$(xp 'count(//polyline[@class="timeline"])')" 4
check_eq "timeline of 0xc6000001" "$(peaks 1)" "7 31 39 55"
check_eq "timeline of 0x84000000" "$(peaks 2)" "0 47"
check_eq "timeline bucket" "$(xp '//svg[@id="timeline"]/text[last()]/text()')" \
	"time since the session began; calls per 1.27us"

check_eq "location shares" \
	"$(xp '//svg[@id="locations"]/rect/title/text()')" \
"0xc6000001, user: 4 (100.0%)
0x84000000, kernel: 2 (100.0%)
0x82000010, denied: 1 (100.0%)
unknown, user: 1 (100.0%)"
check_eq "location classes" "$(xp '//svg[@id="locations"]/rect/@class' | tr -d ' \n')" \
	'class="loc-user"class="loc-kernel"class="loc-denied"class="loc-user"'

# The selection options and several sessions, as report
check_exit "a second session" 0 "$SMCCCTRACE" -d "$db" import -q --force \
	--filter deny:0x82000010+1 "$trace"
check_exit "two sessions, one range" 0 "$SMCCCTRACE" -d "$db" report -s 1,2 \
	--range PSCI --html "$page"
check_eq "two sessions' rows" "$(rows "$page")" "PSCI/32 4 26.2k 2.00us 100.0% 400ns 600ns 600ns 1.5"
check_eq "the text table's, too" "$(rows "$page")" "$(text_rows -s 1,2 --range PSCI)"
check_eq "two sessions' heading" "$(xp '//h1/text()')" "smccctrace report: sessions 1, 2"
check_eq "selected" "$(grep -c '^<p>selected: 4 of these calls</p>$' "$page")" 1
check_eq "overlaid over time" \
	"$(xp 'string(//svg[@id="timeline"]/polyline/@points)' | tr ' ' '\n' |
	   awk -F, '$2 != "" && $2 != "212.0" { print NR - 1, $2 }')" \
"0 12.0
47 12.0"
check_eq "one CDF line" "$(xp 'count(//polyline[@class="cdf"])')" 1

printf 'old\n' >"$page"
check_exit "no calls chosen" 0 "$SMCCCTRACE" -d "$db" report --function 0x1 --html "$page"
check_eq "page of no calls" "$(xp '//body/p/text()')" "no calls"
check_exit "still well-formed" 0 xmllint --noout "$page"

# Errors: exit 2, one line naming the file; nothing left behind
check_exit "directory missing" 2 "$SMCCCTRACE" -d "$db" report --html "$TMP/none/r.html"
check_eq "its message" "$(cat "$TMP/err")" \
	"smccctrace: report: $TMP/none/r.html: No such file or directory"
check_exit "a directory in the way" 2 "$SMCCCTRACE" -d "$db" report --html "$TMP/pages"
check_eq "its message too" "$(cat "$TMP/err")" "smccctrace: report: $TMP/pages: Is a directory"
check_eq "no temporary file left" "$(ls -A "$TMP/pages")" "report.html"
check_exit "--html without a file" 2 "$SMCCCTRACE" -d "$db" report --html

# Rendered for real: tests/deps html installs Debian's chromium
chromium=$(command -v chromium || command -v chromium-browser)
if [ -z "$chromium" ]; then
	skip "render: chromium not installed (tests/deps html)"
	skip "render: pixels"
	done_testing
	exit
fi
"$SMCCCTRACE" -d "$db" report -s 1 --by function --html "$page"
png=$TMP/page.png
timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars \
	--user-data-dir="$TMP/chromium" --window-size=900,1200 \
	--screenshot="$png" "file://$page" >"$TMP/chromium.log" 2>&1
if [ -s "$png" ]; then pass "rendered to a PNG"; else fail "rendered to a PNG"; fi
# The four groups' colours fill their histograms' bars (about 98x40 and
# 148x80 px and more each), the page has text and lines in many shades
perl "$(dirname "$0")/png-pixels.pl" "$png" 4477aa ee6677 228833 ccbb44 >"$TMP/pixels"
check_eq "size" "$(sed -n 1p "$TMP/pixels")" "900x1200"
check_eq "not blank: many colours" "$(sed -n 2p "$TMP/pixels" | awk '{ print ($1 > 100) }')" 1
check_eq "each group's colour painted" \
	"$(sed -n '3,$p' "$TMP/pixels" | awk '{ print ($1 > 3000) }' | tr -d '\n')" 1111

done_testing
