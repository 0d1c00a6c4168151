#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# smccctrace view driven as a person would, in tmux: the screens at 80x24
# and after a resize, the keys, the terminal given back after q, SIGINT
# and SIGTERM, and the refusals (no terminal, a terminal that cannot
# address its cursor). On the real traces of tests/data.
. "$(dirname "$0")/lib.sh"

need_smccctrace
need_cmd tmux
data=$(cd "$(dirname "$0")/../data" && pwd)
db=$TMP/v.db
vdb=v.db	# the database the pane's view browses, in $TMP

. "$(dirname "$0")/tmux.sh"
tmux_init view -F 50

# pane_command [view options]: view on $vdb
pane_command() {
	printf '%s' "sh -c 'echo \$\$ >\"$TMP/pid\"; exec \"$SMCCCTRACE\" -d $vdb view $*'"
}

cd "$data/.." || exit 1
"$SMCCCTRACE" -d "$db" import -q --filter data/vhe-basic.filter.json data/vhe-basic.dat &&
	"$SMCCCTRACE" -d "$db" import -q data/nvhe-basic.dat || bail_out "import failed"

# screen_filter: WHEN for the time of the import, the same shape, another value each run
screen_filter() {
	sed 's/20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z/WHEN/g'
}

start 80 24 -- ""
wait_for "Enter open" || fail "view: no sessions page"
check_eq "sessions page at 80x24" "$(screen)" \
" smccctrace view  v.db
 ID KIND   SOURCE                   CALLS  DURATION  LOST WHEN
  1 import data/vhe-basic.dat          18    9.17ms     0 WHEN
  2 import data/nvhe-basic.dat         18    13.5ms     0 WHEN



















Enter open  / filter  ? help  q quit"

keys "Enter calls" Enter
check_eq "Enter: session 1's groups by range, unknown's histogram" "$(screen)" \
" smccctrace view  v.db  session 1  by range  sort calls  lost 0
KEY               CALLS  SHARE KERNEL  USER DENIED     P50     P99     MAX
unknown               4  22.2%      0     2      0  23.9us   283us   283us
PSCI/32               3  16.7%      3     0      0   249us   269us   269us
KVM/32                2  11.1%      2     0      0   117us   130us   130us
SIP/64                2  11.1%      0     0      2  24.1us  35.1us  35.1us
TRNG/32               2  11.1%      0     2      0   423us   904us   904us
OEM/32                1   5.6%      1     0      0  92.3us  92.3us  92.3us
PSCI/64               1   5.6%      1     0      0   593us   593us   593us
TRNG/64               1   5.6%      0     1      0   278us   278us   278us
VENDOR_HYP/64         1   5.6%      0     1      0   241us   241us   241us
pKVM/64               1   5.6%      0     1      0   191us   191us   191us



latency of unknown (log2 buckets)
    16.4us .. 32.8us          2 ################################################
    32.8us .. 65.5us          0
    65.5us .. 131us           0
     131us .. 262us           1 ########################
     262us .. 524us           1 ########################


Enter calls  S slowest  d diff  g group  s sort  / filter  ? help  q back"

keys "latency of TRNG/32" j j j Down
check_eq "j and Down: TRNG/32's histogram" "$(lines 16,19)" \
"latency of TRNG/32 (log2 buckets)
     262us .. 524us           1 ################################################
     524us .. 1.05ms          1 ################################################"
keys "latency of PSCI/32" k Up Up
keys "PSCI_FEATURES" Enter
check_eq "Enter on PSCI/32: its calls in time order" "$(lines 1,6)" \
" smccctrace view  v.db  session 1  by range  sort calls  lost 0  PSCI/32
        TIME VCPU VIA FUNC       NAME               LOCATION LATENCY     OUT
    4.247552    0 hvc 0x84000000 PSCI_VERSION       kernel     269us       -
    4.247585    1 hvc 0x84000000 PSCI_VERSION       kernel     249us       -
    4.251546    1 hvc 0x8400000a PSCI_FEATURES      kernel    91.0us       -"
keys "KEY  " q
check_eq "q: back on the groups, PSCI/32 still selected" "$(lines 16)" \
"latency of PSCI/32 (log2 buckets)"

keys "by owner" g g g g
check_eq "g cycles range, function, vcpu, location, owner; figures as report's" "$(lines 1,7)" \
" smccctrace view  v.db  session 1  by owner  sort calls  lost 0
KEY               CALLS  SHARE KERNEL  USER DENIED     P50     P99     MAX
STD                   7  38.9%      4     3      0   278us   904us   904us
VENDOR_HYP            4  22.2%      2     2      0   130us   241us   241us
unknown               4  22.2%      0     2      0  23.9us   283us   283us
SIP                   2  11.1%      0     0      2  24.1us  35.1us  35.1us
OEM                   1   5.6%      1     0      0  92.3us  92.3us  92.3us"

keys "by function" g g
keys "sort max" s s s s s s
check_eq "s six times: sort by max" "$(lines 1,6)" \
" smccctrace view  v.db  session 1  by function  sort max  lost 0
KEY                     CALLS  SHARE KERNEL  USER DENIED     P50     P99     MAX
0x84000050 TRNG_VERSI       2  11.1%      0     2      0   423us   904us   904us
0xc4000004 PSCI_AFFIN       1   5.6%      1     0      0   593us   593us   593us
unknown                     4  22.2%      0     2      0  23.9us   283us   283us
0xc4000053 TRNG_RND64       1   5.6%      0     1      0   278us   278us   278us"

keys "filter (name or 0xID): psci" / p s c i
keys "filter psci" Enter
check_eq "/ psci: the PSCI calls' groups, shares of what passes" "$(lines 1,6)" \
" smccctrace view  v.db  session 1  by function  sort max  lost 0  filter psci
KEY                     CALLS  SHARE KERNEL  USER DENIED     P50     P99     MAX
0xc4000004 PSCI_AFFIN       1  25.0%      1     0      0   593us   593us   593us
0x84000000 PSCI_VERSI       2  50.0%      2     0      0   249us   269us   269us
0x8400000a PSCI_FEATU       1  25.0%      1     0      0  91.0us  91.0us  91.0us"
keys "filter 0xc2000001" / C-h C-h C-h C-h 0 x c 2 0 0 0 0 0 1 Enter
check_eq "/ 0xc2000001: one group, by ID" "$(lines 3,4)" \
"0xc2000001                  1 100.0%      0     0      1  35.1us  35.1us  35.1us"
keys "filter 0xc2000001" / n o p e Escape
check_eq "Esc leaves the filter as it was" "$(lines 3)" \
"0xc2000001                  1 100.0%      0     0      1  35.1us  35.1us  35.1us"
keys "(no call passes the filter)" / n o p e Enter
keys "0x84000050 TRNG" q
check_eq "q clears the filter first" "$(lines 1)" \
" smccctrace view  v.db  session 1  by function  sort max  lost 0"

keys "smccctrace view: the keys" "?"
check_eq "?: the help" "$(lines 3,13)" \
"smccctrace view: the keys

Up Down j k    move        PgUp PgDn Home End
Enter          open the session, group or call
S              the group's calls, slowest first (again: in time)
d              compare the session with another (diff's figures)
g              group by owner, range, function, vCPU, location
s              sort the groups by the next column
/              filter: part of a function's name, or 0xID
q Esc Bksp     back (first clearing a filter); quit on the sessions
?              this help (any key closes it)"
keys "0x84000050 TRNG" x
check_eq "any key closes the help" "$(lines 3)" \
"0x84000050 TRNG_VERSI       2  11.1%      0     2      0   423us   904us   904us"

tm resize-window -x 120 -y 30
wait_for "Enter calls" && sleep 0.3
check_eq "resize to 120x30: the list longer, the histogram wider" \
	"$(screen | sed -n '22,25p;30p')" \
"latency of 0x84000050 TRNG_VERSION (log2 buckets)
     262us .. 524us           1 ########################################################################################
     524us .. 1.05ms          1 ########################################################################################

Enter calls  S slowest  d diff  g group  s sort  / filter  ? help  q back"

keys "Enter open" q
tm send-keys q
check_eq "q on the sessions: exit 0" "$(wait_exit)" 0
restored "after q" 0
check_eq "nothing on stderr" "$(cat "$TMP/err")" ""

start 80 24 -- -s latest
wait_for "Enter calls" || fail "view -s latest: no groups page"
check_eq "-s latest: session 2's groups" "$(lines 1,3)" \
" smccctrace view  v.db  session 2  by range  sort calls  lost 0
KEY               CALLS  SHARE KERNEL  USER DENIED     P50     P99     MAX
unknown               4  22.2%      2     2      0  22.0us   469us   469us"
kill -TERM "$(cat "$TMP/pid")"
check_eq "SIGTERM: exit 128 + 15" "$(wait_exit)" 143
restored "after SIGTERM" 143

start 80 24 -- -s 1
wait_for "Enter calls" || fail "view -s 1: no groups page"
tm send-keys C-c
check_eq "SIGINT (Ctrl-C): exit 128 + 2" "$(wait_exit)" 130
restored "after SIGINT" 130

# A group's calls, one call in full, the slowest first, and back
footer_where() {
	lines 24 | sed 's/.*  //'
}
start 80 24 -- -s 1
wait_for "Enter calls" || fail "view -s 1: no groups page"
keys "by vcpu" g g
keys "call 1/6, by time" j Enter
check_eq "Enter on vcpu 0: its calls by time, the conduit beside the vCPU" "$(lines 1,8)" \
" smccctrace view  v.db  session 1  by vcpu  sort calls  lost 0  vcpu 0
        TIME VCPU VIA FUNC       NAME               LOCATION LATENCY     OUT
    4.247552    0 hvc 0x84000000 PSCI_VERSION       kernel     269us       -
    4.247872    0 hvc 0x84000050 TRNG_VERSION       user       904us   424us   4
    4.249522    0 smc unknown    -                  user       283us   114us   1
    4.249860    0 hvc 0xc6000002 HYP_MEMINFO        user       191us  80.9us   1
    4.250154    0 hvc 0xc2000001 -                  denied    35.1us       -
    4.250228    0 hvc 0x86000001 KVM_PTP            kernel     130us       -"
keys "call 1/6, slowest" S
check_eq "S: the group's calls, slowest first" "$(lines 3,8)" \
"    4.247872    0 hvc 0x84000050 TRNG_VERSION       user       904us   424us   4
    4.249522    0 smc unknown    -                  user       283us   114us   1
    4.247552    0 hvc 0x84000000 PSCI_VERSION       kernel     269us       -
    4.249860    0 hvc 0xc6000002 HYP_MEMINFO        user       191us  80.9us   1
    4.250228    0 hvc 0x86000001 KVM_PTP            kernel     130us       -
    4.250154    0 hvc 0xc2000001 -                  denied    35.1us       -"
keys "call 1 of 6" Enter
check_eq "Enter: the call in full, its latency split" "$(screen)" \
" smccctrace view  v.db  session 1  by vcpu  sort calls  lost 0  vcpu 0
call 1 of 6
time       4.247872  kvm_exit (trace-cmd seconds); kvm_entry 4.248776
session    1 import data/vhe-basic.dat
VM         -
thread     145 testvmm  vCPU 0  host CPU 0
conduit    hvc #0  EC 0x16  pc 0x80000028
function   0x84000050 TRNG_VERSION  owner STD  range TRNG/32
location   user
latency    904us = kernel out 424us + VMM and kernel in 481us
arguments  not recorded
results    not recorded
seq        3










j k scroll  ? help  q back"
keys "call 1/6, slowest" Escape
check_eq "Esc: back on the calls" "$(footer_where)" "call 1/6, slowest"
keys "call 6/6, slowest" End
check_eq "End: the last call selected" "$(lines 8)" \
"    4.250154    0 hvc 0xc2000001 -                  denied    35.1us       -"
keys "call 2/6, slowest" Home j
keys "call 2 of 6" Enter
check_eq "Enter on the second: the next slowest" "$(lines 2,3)" \
"call 2 of 6
time       4.249522  kvm_exit (trace-cmd seconds); kvm_entry 4.249805"
keys "call 2/6, slowest" BSpace
keys "call 6/6, slowest" NPage
keys "call 1/6, slowest" PPage
check_eq "PgDn, PgUp: the last call, the first" "$(footer_where)" "call 1/6, slowest"
keys "call 1/6, by time" S
check_eq "S again: by time" "$(lines 3)" \
"    4.247552    0 hvc 0x84000000 PSCI_VERSION       kernel     269us       -"
keys "latency of vcpu 0" BSpace
check_eq "Backspace: back on the groups, vcpu 0 still selected" "$(lines 4)" \
"vcpu 0                6  33.3%      2     3      1   191us   904us   904us"

# S on a group: its calls, slowest first
keys "call 1/6, slowest" S
check_eq "S on the groups: the slowest of vcpu 0" "$(lines 3)" \
"    4.247872    0 hvc 0x84000050 TRNG_VERSION       user       904us   424us   4"
keys "latency of vcpu 0" q

# The groups page: PgDn, End, Home over more groups than the page holds
# (13 groups by function, 9 lines at 80x20)
keys "by function" g g g g
tm resize-window -x 80 -y 20
wait_for "KEY    " && sleep 0.3
keys "latency of 0xc6000002 HYP_MEMINFO" End
check_eq "End on the groups: the list scrolled to the last" "$(lines 3,11)" \
"0x8400000a PSCI_FEATU       1   5.6%      1     0      0  91.0us  91.0us  91.0us
0x86000000 KVM_FEATUR       1   5.6%      1     0      0   117us   117us   117us
0x86000001 KVM_PTP          1   5.6%      1     0      0   130us   130us   130us
0xc2000001                  1   5.6%      0     0      1  35.1us  35.1us  35.1us
0xc2000010                  1   5.6%      0     0      1  24.1us  24.1us  24.1us
0xc4000004 PSCI_AFFIN       1   5.6%      1     0      0   593us   593us   593us
0xc4000053 TRNG_RND64       1   5.6%      0     1      0   278us   278us   278us
0xc6000001                  1   5.6%      0     1      0   241us   241us   241us
0xc6000002 HYP_MEMINF       1   5.6%      0     1      0   191us   191us   191us"
keys "latency of unknown" Home
check_eq "Home: the first again" "$(lines 3)" \
"unknown                     4  22.2%      0     2      0  23.9us   283us   283us"
keys "latency of 0xc2000010" NPage
check_eq "PgDn: eight rows on, the list still from the first" "$(lines 3)" \
"unknown                     4  22.2%      0     2      0  23.9us   283us   283us"
keys "latency of 0xc6000002 HYP_MEMINFO" NPage
check_eq "PgDn again: the last, the list scrolled" "$(lines 3)" \
"0x8400000a PSCI_FEATU       1   5.6%      1     0      0  91.0us  91.0us  91.0us"
keys "latency of 0x8400000a PSCI_FEATURES" PPage
check_eq "PgUp: eight rows back, the first row shown selected" "$(lines 3)" \
"0x8400000a PSCI_FEATU       1   5.6%      1     0      0  91.0us  91.0us  91.0us"
keys "latency of unknown" PPage
check_eq "PgUp again: the first" "$(lines 3)" \
"unknown                     4  22.2%      0     2      0  23.9us   283us   283us"
tm resize-window -x 80 -y 24
wait_for "KEY    " && sleep 0.3

# d: the session beside another, with diff's figures
keys "by range" g g g g
keys "compare with session [2]: " d
keys "vs session 2" Enter
check_eq "d Enter: session 1 beside session 2 by range" "$(screen)" \
" smccctrace view  v.db  session 1  by range  sort calls  lost 0  vs session 2
KEY             CALLS A CALLS B   P50 A   P50 B     P50   P99 A   P99 B     P99
unknown               4       4  23.9us  22.0us   -7.9%   283us   469us  +65.5%
PSCI/32               3       3   249us   419us  +68.3%   269us   813us +201.8%
KVM/32                2       2   117us  76.4us  -34.7%   130us   216us  +66.8%
SIP/64                2       2  24.1us  25.0us   +3.7%  35.1us  52.5us  +49.6%
TRNG/32               2       2   423us  1.17ms +177.1%   904us  1.27ms  +40.4%
OEM/32                1       1  92.3us  39.6us  -57.0%  92.3us  39.6us  -57.0%
PSCI/64               1       1   593us   283us  -52.3%   593us   283us  -52.3%
TRNG/64               1       1   278us   196us  -29.7%   278us   196us  -29.7%
VENDOR_HYP/64         1       1   241us   252us   +4.2%   241us   252us   +4.2%
pKVM/64               1       1   191us   391us +104.8%   191us   391us +104.8%











? help  q back"
check_eq "d: PSCI/32's figures are diff's" "$(lines 4 | awk '{print $1, $2, $3, $4, $5, $6, $7, $8, $9}')" \
	"$("$SMCCCTRACE" -d "$db" diff --by range 1 2 -o key,calls_a,calls_b,p50_a,p50_b,p50,p99_a,p99_b,p99 |
	  awk '$1 == "PSCI/32" {print $1, $2, $3, $4, $5, $6, $7, $8, $9}')"
keys "latency of unknown" q
keys "compare with session [2]: " d
keys "no session 9" 9 Enter
check_eq "d 9: no such session, said on the last line" "$(lines 24)" "v.db: no session 9"
keys "compare with session [2]: " d
keys "is not a session" x Enter
check_eq "d x: not a session" "$(lines 24)" "'x' is not a session"
keys "vs session 1" d 1 Enter
check_eq "d 1: the session beside itself, no change" "$(lines 4)" \
"PSCI/32               3       3   249us   249us   +0.0%   269us   269us   +0.0%"
keys "by function" g
check_eq "g on the comparison: the groups by the next grouping" "$(lines 1,3)" \
" smccctrace view  v.db  session 1  by function  sort calls  lost 0
KEY                     CALLS  SHARE KERNEL  USER DENIED     P50     P99     MAX
unknown                     4  22.2%      0     2      0  23.9us   283us   283us"
keys "Enter open" q
tm send-keys q
check_eq "q from the groups, the sessions: exit 0" "$(wait_exit)" 0
restored "after the calls and the comparison" 0

# 200x50: names in full, the comparison with the maximum and the p-value
start 200 50 -- -s 1
wait_for "Enter calls" || fail "view -s 1 at 200x50: no groups page"
keys "by function" g
check_eq "200x50: function IDs with their names in full" "$(lines 2,6)" \
"KEY                                        CALLS  SHARE KERNEL  USER DENIED     P50     P99     MAX
unknown                                        4  22.2%      0     2      0  23.9us   283us   283us
0x84000000 PSCI_VERSION                        2  11.1%      2     0      0   249us   269us   269us
0x84000050 TRNG_VERSION                        2  11.1%      0     2      0   423us   904us   904us
0x83000005                                     1   5.6%      1     0      0  92.3us  92.3us  92.3us"
keys "vs session 2" d Enter
check_eq "200x50: the comparison adds MAX and the rank test's p" "$(lines 2,5)" \
"KEY                                      CALLS A CALLS B   P50 A   P50 B     P50   P99 A   P99 B     P99   MAX A   MAX B     MAX     P
unknown                                        4       4  23.9us  22.0us   -7.9%   283us   469us  +65.5%   283us   469us  +65.5% 0.885
0x84000000 PSCI_VERSION                        2       2   249us   419us  +68.3%   269us   813us +201.8%   269us   813us +201.8% 0.245
0x84000050 TRNG_VERSION                        2       2   423us  1.17ms +177.1%   904us  1.27ms  +40.4%   904us  1.27ms  +40.4% 0.245"
check_eq "200x50: the p-values are diff's" "$(lines 3,5 | awk '{print $NF}')" \
	"$("$SMCCCTRACE" -d "$db" diff 1 2 --format csv |
	  awk -F, 'NR == 1 {for (i = 1; i <= NF; i++) if ($i == "p_value") p = i}
		   NR > 1 && NR < 5 {printf "%.3g\n", $p}')"
keys "latency of unknown" q
keys "call 1/2, by time" j j Enter
check_eq "200x50: the calls, arguments and results columns in sight" "$(lines 2,4)" \
"        TIME VCPU VIA FUNC       NAME               LOCATION LATENCY     OUT    BACK   TID THREAD           ARGS RESULTS
    4.247872    0 hvc 0x84000050 TRNG_VERSION       user       904us   424us   481us   145 testvmm          - -
    4.248595    1 hvc 0x84000050 TRNG_VERSION       user       423us  44.5us   379us   144 testvmm          - -"
tm send-keys C-c
check_eq "200x50: SIGINT, exit 128 + 2" "$(wait_exit)" 130
restored "200x50 after SIGINT" 130

# Results where recorded: a replay's, in full at 80x24 and 200x50
cp "$db" "$TMP/r.db"
"$SMCCCTRACE" -d "$TMP/r.db" replay --builtin kvm -s 1 >/dev/null ||
	bail_out "replay into r.db failed"
vdb=r.db
for size in "80 24" "200 50"; do
	start $size -- -s 3
	wait_for "Enter calls" || fail "view -s 3: no groups page"
	keys "filter KVM_FEATURES" / K V M _ F E A T U R E S Enter
	keys "call 1/1" Enter
	keys "call 1 of 1" Enter
	check_eq "$size: a replayed call: where, what, where answered, results" \
		"$(screen | grep -E '^(session|VM|function|location|arguments|results|  +x)')" \
"session    3 replay builtin:kvm
VM         -
function   0x86000000 KVM_FEATURES  owner VENDOR_HYP  range KVM/32
location   kernel
arguments  not recorded
$(if [ "$size" = "80 24" ]; then
	printf 'results    x0 0x3                  x1 0x0\n           x2 0x0                  x3 0x0'
else
	printf 'results    x0 0x3                  x1 0x0                  x2 0x0                  x3 0x0'
fi)"
	tm send-keys q q q q
	keys "Enter open  / filter"
	tm send-keys q
	check_eq "$size: exit 0" "$(wait_exit)" 0
done
vdb=v.db

# A million calls: the view reads a group's calls a page at a time through
# the store's indexes. The rows shown after each key are the ones sqlite3
# finds in call_view; the memory the calls page takes stays bounded.
million() {
echo "random 3 1000000 4" | "$TRACEGEN" -o "$TMP/m.dat" - &&
	"$SMCCCTRACE" -d "$TMP/m.db" import -q "$TMP/m.dat" || bail_out "a million calls: import failed"
rm -f "$TMP/m.dat"
# exit_times ORDER [LIMIT OFFSET]: the kvm_exit times of VENDOR_HYP/64's calls
# (ID 0xc6000001), as trace-cmd prints them
exit_times() {
	sqlite3 "$TMP/m.db" "SELECT t_exit FROM call_view WHERE session = 1
		AND func_id = 3321888769 ORDER BY $1 LIMIT ${2:-21} OFFSET ${3:-0}" |
		awk '{ printf "%d.%06d\n", int($1 / 1e9), int(($1 % 1e9) / 1000) }'
}
shown() {
	lines 3,23 | awk '{print $1}'
}
# The view's peak resident memory in kB
hwm() {
	awk '/^VmHWM:/ { print $2 }' "/proc/$(cat "$TMP/pid")/status"
}
# All of one group's 151326 calls in memory would take over 30 MB
bounded() {
	[ "${grouped:-0}" -gt 0 ] && [ "${browsed:-0}" -gt 0 ] &&
		[ $((browsed - grouped)) -lt 4096 ]
}
vdb=m.db
start 80 24 -- -s 1
wait_for "Enter calls" 600 || fail "a million calls: no groups page"
check_eq "a million calls: the groups by range" "$(lines 3,9)" \
"VENDOR_HYP/64    151326  15.1%      0 151326      0  32.9us  62.3us  63.7us
KVM/32           151276  15.1% 151276     0      0  1.80us  3.27us  3.30us
PSCI/64          151259  15.1%      0 151259      0  32.9us  62.4us  63.7us
TRNG/32          151171  15.1%      0 151171      0  33.0us  62.3us  63.7us
PSCI/32          150814  15.1% 150814     0      0  1.80us  3.27us  3.30us
SIP/32           150605  15.1% 150605     0      0   598ns   991ns   999ns
unknown           93549   9.4%  46820 46729      0  3.27us  61.7us  63.6us"
grouped=$(hwm)
keys "call 1/151326, by time" Enter
check_eq "a million calls: Enter, the first 21 by time" "$(shown)" "$(exit_times "t_exit, seq")"
keys "call 21/151326, by time" NPage
keys "call 41/151326, by time" NPage
check_eq "PgDn twice: call 41 selected, calls 21 to 41 shown" "$(shown)" \
	"$(exit_times "t_exit, seq" 21 20)"
keys "call 151326/151326, by time" End
check_eq "End: the last 21" "$(shown)" "$(exit_times "t_exit DESC, seq DESC" | sort -n)"
keys "call 151306/151326, by time" PPage
check_eq "PgUp: 20 back, the same page" "$(shown)" "$(exit_times "t_exit DESC, seq DESC" | sort -n)"
keys "call 151305/151326, by time" k
check_eq "k over the top: the list one call down" "$(shown)" \
	"$(exit_times "t_exit DESC, seq DESC" 21 1 | sort -n)"
keys "call 1/151326, by time" Home
check_eq "Home: the first 21 again" "$(shown)" "$(exit_times "t_exit, seq")"
keys "call 1/151326, slowest" S
check_eq "S: the slowest 21" "$(shown)" "$(exit_times "total_ns DESC, seq")"
keys "call 151326/151326, slowest" End
check_eq "End: the fastest 21" "$(shown)" "$(exit_times "total_ns, seq DESC" | tac)"
keys "call 151326 of 151326" Enter
check_eq "Enter: the fastest call in full" "$(lines 3 | awk '{print $2}')" \
	"$(exit_times "total_ns, seq DESC" 1)"
keys "call 151326/151326, slowest" Escape
browsed=$(hwm)
case "${SANITIZE_FLAGS:-}" in
*address*)
	skip "a million calls: memory bounded (ASan holds freed memory in its quarantine)" ;;
*)
	check "a million calls: the calls page took under 4 MB more memory" bounded ;;
esac
echo "# VmHWM: $grouped kB on the groups, $browsed kB after the calls"
tm send-keys C-c
check_eq "a million calls: SIGINT, exit 128 + 2" "$(wait_exit)" 130
vdb=v.db
}
need_built "$TRACEGEN"
if command -v sqlite3 >/dev/null 2>&1; then
	million
else
	skip "a million calls: sqlite3 not available"
fi

# The sessions page: End and Home; a call longer than a small screen scrolls
start 80 24 -- ""
wait_for "Enter open" || fail "view: no sessions page"
keys "session 2  by range" End Enter
check_eq "End, Enter: the last session's groups" "$(lines 1)" \
" smccctrace view  v.db  session 2  by range  sort calls  lost 0"
keys "Enter open" q
keys "session 1  by range" Home Enter
check_eq "Home, Enter: the first session's groups" "$(lines 1)" \
" smccctrace view  v.db  session 1  by range  sort calls  lost 0"
keys "call 1/4, by time" Enter
keys "call 1 of 4" Enter
tm resize-window -x 80 -y 8
wait_for "j k scroll" && sleep 0.3
check_eq "80x8: the call's first lines" "$(lines 2,4)" \
"call 1 of 4
time       4.249522  kvm_exit (trace-cmd seconds); kvm_entry 4.249805
session    1 import data/vhe-basic.dat"
keys "VM   " j j
check_eq "j j: two lines on" "$(lines 3,4)" \
"VM         -
thread     145 testvmm  vCPU 0  host CPU 0"
keys "seq        5" End
check_eq "End: the last line at the bottom" "$(lines 3,7)" \
"location   user
latency    283us = kernel out 114us + VMM and kernel in 169us
arguments  not recorded
results    not recorded
seq        5"
keys "time       4.249522" Home
tm resize-window -x 80 -y 24
wait_for "j k scroll" && sleep 0.3
keys "Enter open" q q q
tm send-keys q
check_eq "q from a call, its calls, the groups, the sessions: exit 0" "$(wait_exit)" 0

start 80 24 -- -s 9
check_eq "-s 9: no such session, exit 2" "$(wait_exit)" 2
check_eq "-s 9: one line" "$(cat "$TMP/err")" "smccctrace: v.db: no session 9"

start 80 24 TERM=dumb -- ""
check_eq "TERM=dumb: refused, exit 2" "$(wait_exit)" 2
check_eq "TERM=dumb: one line" "$(cat "$TMP/err")" \
	"smccctrace: view: the terminal 'dumb' cannot move its cursor (for batch use: smccctrace report)"

# Colour where the terminal has it; reverse video alone with NO_COLOR
start 80 24 -- ""
wait_for "Enter open" || fail "view: no sessions page"
check_eq "colour: the title in colour" "$(tm capture-pane -e -p | sed -n 1p | cut -c1-14)" \
	"$(printf '\033[1m\033[30m\033[46m')"
start 80 24 NO_COLOR=1 -- ""
wait_for "Enter open" || fail "view: no sessions page"
check_eq "NO_COLOR: the title reversed, no colour" \
	"$(tm capture-pane -e -p | sed -n 1p | cut -c1-4)" "$(printf '\033[7m')"
tm kill-server 2>/dev/null

check_exit "stdout not a terminal: exit 2" 2 "$SMCCCTRACE" -d "$db" view
check_eq "stdout not a terminal: one line pointing at batch use" "$(cat "$TMP/err")" \
	"smccctrace: view: stdout is not a terminal (for batch use: smccctrace report, calls, sessions)"
check_exit "no such database: exit 2" 2 "$SMCCCTRACE" -d "$TMP/none.db" view

done_testing
