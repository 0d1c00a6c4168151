#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# smccctrace replay on the real fixtures: the builtin KVM model, the
# example plugins, an --exec handler of ours and the ways a handler fails,
# a golden replay checked with --check, a plugin of another ABI version,
# and suggest --vmm-session on a replay.

. "$(dirname "$0")/lib.sh"

need_cmd sqlite3

DATA=$(cd "$(dirname "$0")/../data" && pwd)
TOP=$(cd "$(dirname "$0")/../.." && pwd)
HANDLER="$TOP/tests/cli/replay-handler.sh"
DB="$TMP/r.db"

st() {
	"$SMCCCTRACE" -d "$DB" "$@"
}

q() {
	sqlite3 "$DB" "$1"
}

sessions() {
	q "SELECT count(*) FROM sessions"
}

st import -q --filter "$DATA/vhe-basic.filter.json" "$DATA/vhe-basic.dat" >/dev/null 2>&1 ||
	fail "import vhe-basic.dat"

# ---- builtin kvm ----

check_exit "builtin kvm: exit 0" 0 st replay -s 1 --builtin kvm
check_eq "builtin kvm: a replay session naming the back end and session 1" \
	"$(q "SELECT kind, source, replay_of, calls, kernel_calls FROM session_view WHERE id = 2")" \
	"replay|builtin:kvm|1|14|14"
# x0 equals vhe-basic.truth for every kernel-answered call it can tell
# (PSCI_VERSION 0x10001, AFFINITY_INFO 0, KVM_FEATURES 3, OEM -1); the
# import has no arguments, so PSCI_FEATURES(0) is NOT_SUPPORTED here.
check_eq "builtin kvm: KVM's answers, call by call" \
	"$(q "SELECT seq, vcpu, func, printf('0x%x 0x%x 0x%x 0x%x', x0, x1, x2, x3)
	      FROM call_view WHERE session = 2 AND func != '0x86000001' ORDER BY seq")" \
	"0|0|0x84000000|0x10001 0x0 0x0 0x0
1|1|0x84000000|0x10001 0x0 0x0 0x0
2|1|0xc4000004|0x0 0x0 0x0 0x0
3|0|0x84000050|0x10000 0x0 0x0 0x0
4|1|0x84000050|0x10000 0x0 0x0 0x0
6|1|0xc4000053|0x0 0x0 0x0 0x0
7|0|0xc6000002|0xffffffffffffffff 0x0 0x0 0x0
8|1|0x86000000|0x3 0x0 0x0 0x0
9|0|0xc2000001|0xffffffffffffffff 0x0 0x0 0x0
11|1|0xc6000001|0xffffffffffffffff 0x0 0x0 0x0
13|1|0xc2000010|0xffffffffffffffff 0x0 0x0 0x0
14|1|0x83000005|0xffffffffffffffff 0x0 0x0 0x0
17|1|0x8400000a|0xffffffffffffffff 0x0 0x0 0x0"
check_eq "builtin kvm: PTP answers a time (its words are never compared)" \
	"$(q "SELECT count(*) FROM call_view WHERE session = 2 AND func_id = 0x86000001 AND x0 > 0")" "1"
check_eq "builtin kvm: handler time in total_ns" \
	"$(q "SELECT count(*) FROM call_view WHERE session = 2 AND total_ns > 0 AND total_ns = t_entry - t_exit")" "14"
st replay -s 1 --builtin kvm >"$TMP/out" 2>&1
check_eq "builtin kvm: the summary says what was skipped and zeroed" \
	"$(grep -E '^(skipped|arguments|session 1)' "$TMP/out")" \
	"skipped 4 calls whose function ID is unknown (SMC seen by the tracepoints alone)
arguments: 14 calls had none recorded: x1..x17 were zero
session 1 recorded no results to compare with"
check_eq "builtin kvm: calls per range" \
	"$(awk 'NR > 1 && NF == 7 { print $1, $2 }' "$TMP/out")" \
	"PSCI/32 3
KVM/32 2
SIP/64 2
TRNG/32 2
OEM/32 1
PSCI/64 1
TRNG/64 1
VENDOR_HYP/64 1
pKVM/64 1"
check_exit "builtin kvm: a replay of the kvm replay agrees with it" 0 \
	st replay -s 2 --builtin kvm --check
check_eq "  13 compared (PTP's words are time), none divergent" \
	"$(grep '^compared' "$TMP/out")" "compared with session 2's results: 13 calls, 0 divergent"
check_exit "builtin not-supported" 0 st replay -s 1 --builtin not-supported --range PSCI
check_eq "builtin not-supported: x0 -1 for every PSCI call" \
	"$(q "SELECT count(*), sum(x0 = -1) FROM call_view WHERE session = (SELECT max(id) FROM sessions)")" "4|4"

DB2="$TMP/load.db"
"$SMCCCTRACE" -d "$DB2" import -q --filter "$DATA/vhe-load.filter.json" "$DATA/vhe-load.dat" >/dev/null 2>&1
check_exit "builtin kvm on vhe-load.dat" 0 "$SMCCCTRACE" -d "$DB2" replay --builtin kvm --range PSCI
check_eq "builtin kvm on vhe-load.dat: the PSCI answers" \
	"$(sqlite3 "$DB2" "SELECT func, printf('0x%x', x0), count(*) FROM call_view WHERE session = 2
			   GROUP BY func, x0 ORDER BY func")" \
	"0x84000000|0x10001|80
0x8400000a|0xffffffffffffffff|40
0xc4000004|0x0|40"

# ---- recorded arguments ----

ADB="$TMP/args.db"
cp "$DB" "$ADB"
sqlite3 "$ADB" "INSERT INTO call_extras (id, args) SELECT id, '[3288334339]' FROM calls
		WHERE session = 1 AND func_id = 0x8400000a ON CONFLICT (id) DO UPDATE SET args = excluded.args;
		INSERT INTO call_extras (id, args) SELECT id, '[1,4096,76]' FROM calls
		WHERE session = 1 AND func_id = 0xc6000002 ON CONFLICT (id) DO UPDATE SET args = excluded.args"
check_exit "arguments: PSCI_FEATURES(CPU_ON_64) as recorded" 0 \
	"$SMCCCTRACE" -d "$ADB" replay -s 1 --builtin kvm --function 0x8400000a
check_eq "  KVM's SUCCESS, and no word of zeroed arguments" \
	"$(sqlite3 "$ADB" "SELECT x0, args FROM call_view WHERE session = (SELECT max(id) FROM sessions)") $(grep -c '^arguments' "$TMP/out")" \
	"0|[3288334339] 0"
check_exit "arguments: ECHO gets x1..x3 as recorded" 0 \
	"$SMCCCTRACE" -d "$ADB" replay -s 1 --handler "$TOP/replay/examples/vendor-hyp.so" --function 0xc6000002
check_eq "  and answers them" \
	"$(sqlite3 "$ADB" "SELECT x0, x1, x2, x3 FROM call_view WHERE session = (SELECT max(id) FROM sessions)")" \
	"0|1|4096|76"
check_exit "--vcpu 0" 0 st replay -s 1 --builtin kvm --vcpu 0 --format csv
check_eq "  vCPU 0's calls only, as CSV" "$(cut -d, -f1-4 "$TMP/out")" \
	"range,calls,compared,divergent
KVM/32,1,0,0
PSCI/32,1,0,0
SIP/64,1,0,0
TRNG/32,1,0,0
pKVM/64,1,0,0"

# ---- choosing calls: the options and syntax of calls, report and diff ----

# The seq:function of each call replayed, then the summary's count of
# those left out; or the error
picked() {
	if st replay -s 1 --builtin kvm "$@" >"$TMP/out" 2>"$TMP/err"; then
		q "SELECT group_concat(seq || ':' || func, ' ') FROM (SELECT seq, func FROM call_view
		   WHERE session = (SELECT max(id) FROM sessions) ORDER BY seq)"
		grep '^left out' "$TMP/out"
	else
		echo "exit $?: $(head -1 "$TMP/err")"
	fi
}

check_eq "--function ID in hexadecimal" "$(picked --function 0x84000000)" \
	"0:0x84000000 1:0x84000000
left out 12 calls the selection options did not take"
check_eq "--function ID in decimal" "$(picked --function 2214592592)" \
	"3:0x84000050 4:0x84000050
left out 12 calls the selection options did not take"
check_eq "--function names, any case, comma-separated" \
	"$(picked --function psci_affinity_info_64,TRNG_RND64)" \
	"2:0xc4000004 6:0xc4000053
left out 12 calls the selection options did not take"
check_eq "--function repeated: the lists add up" \
	"$(picked --function KVM_FEATURES --function 0x8400000a)" \
	"8:0x86000000 17:0x8400000a
left out 12 calls the selection options did not take"
check_eq "--function with a range: refused, saying so" "$(picked --function 0x84000000+32)" \
	"exit 2: smccctrace: replay: --function: '0x84000000+32' is a range of IDs, not a function ID"
check_eq "--function unknown: refused, those calls cannot be replayed" "$(picked --function unknown)" \
	"exit 2: smccctrace: replay: --function unknown: a call whose function ID is not known cannot be replayed"
check_eq "--range BASE+N" "$(picked --range 0xc6000000+16)" \
	"7:0xc6000002 11:0xc6000001
left out 12 calls the selection options did not take"
check_eq "--range LO-HI" "$(picked --range 0xc2000000-0xc200001f)" \
	"9:0xc2000001 13:0xc2000010
left out 12 calls the selection options did not take"
check_eq "--range a range key" "$(picked --range PSCI/64)" \
	"2:0xc4000004
left out 13 calls the selection options did not take"
check_eq "--range a service alone: both widths" "$(picked --range PSCI)" \
	"0:0x84000000 1:0x84000000 2:0xc4000004 17:0x8400000a
left out 10 calls the selection options did not take"
check_eq "--range in any case, an owner alone" "$(picked --range trng/64,vendor_hyp)" \
	"6:0xc4000053 11:0xc6000001
left out 12 calls the selection options did not take"
check_eq "--range a width no key has" "$(picked --range PSCI/16)" \
	"exit 2: smccctrace: replay: --range: 'PSCI/16' is not a range key (PSCI/32, /64, /32Y or /64Y)"
check_eq "--range a name no range has" "$(picked --range PSCII)" \
	"exit 2: smccctrace: replay: --range: 'PSCII' is not a range (BASE+N, LO-HI, a range key such as PSCI/32 or a service such as PSCI)"
check_eq "--range LO-HI backwards" "$(picked --range 0x84000010-0x84000000)" \
	"exit 2: smccctrace: replay: --range: '0x84000010-0x84000000' is not a range of IDs"
check_eq "--function and --range: a call satisfies both" \
	"$(picked --function 0x84000000,0xc4000004 --range PSCI/32)" \
	"0:0x84000000 1:0x84000000
left out 12 calls the selection options did not take"
check_eq "--vcpu and --location" "$(picked --vcpu 1 --location kernel)" \
	"1:0x84000000 2:0xc4000004 8:0x86000000 14:0x83000005 17:0x8400000a
left out 9 calls the selection options did not take"
check_eq "--location denied" "$(picked --location denied)" \
	"9:0xc2000001 13:0xc2000010
left out 12 calls the selection options did not take"
check_eq "--from and --to: a window of kvm_exit times, in seconds" \
	"$(picked --from 4.2499 --to 4.2502)" \
	"8:0x86000000 9:0xc2000001 10:0x86000001 11:0xc6000001
left out 10 calls the selection options did not take"
check_eq "--to before --from" "$(picked --from 4.3 --to 4.2)" \
	"exit 2: smccctrace: replay: --to is before --from"
check_eq "--vcpu not a number" "$(picked --vcpu one)" \
	"exit 2: smccctrace: replay: --vcpu: 'one' is not a vCPU index"

# ---- the example plugins ----

check_exit "trng.so" 0 st replay -s 1 --handler "$TOP/replay/examples/trng.so"
check_eq "trng.so: TRNG answered, the rest NOT_SUPPORTED" \
	"$(q "SELECT func, printf('0x%x', x0), count(*) FROM call_view
	      WHERE session = (SELECT max(id) FROM sessions) GROUP BY func, x0 ORDER BY func")" \
	"0x83000005|0xffffffffffffffff|1
0x84000000|0xffffffffffffffff|2
0x8400000a|0xffffffffffffffff|1
0x84000050|0x10000|2
0x86000000|0xffffffffffffffff|1
0x86000001|0xffffffffffffffff|1
0xc2000001|0xffffffffffffffff|1
0xc2000010|0xffffffffffffffff|1
0xc4000004|0xffffffffffffffff|1
0xc4000053|0xfffffffffffffffe|1
0xc6000001|0xffffffffffffffff|1
0xc6000002|0xffffffffffffffff|1"
check_eq "trng.so: described by name and path" \
	"$(q "SELECT source FROM sessions WHERE id = (SELECT max(id) FROM sessions)")" \
	"plugin:trng ($TOP/replay/examples/trng.so)"
check_exit "vendor-hyp.so, minor=3, --parallel" 0 st replay -s 1 --parallel \
	--handler "$TOP/replay/examples/vendor-hyp.so" --handler-arg minor=3 --range VENDOR_HYP,pKVM
VH=$(sessions)
check_eq "vendor-hyp.so: VCPU_ID answers the vCPU, ECHO the arguments" \
	"$(q "SELECT seq, vcpu, func, x0, x1 FROM call_view WHERE session = $VH ORDER BY seq")" \
	"7|0|0xc6000002|0|0
11|1|0xc6000001|0|1"
check_exit "vendor-hyp.so: an unknown argument" 2 st replay -s 1 \
	--handler "$TOP/replay/examples/vendor-hyp.so" --handler-arg major=1
check_eq "  init's reason, nothing stored" "$(cat "$TMP/err") $(sessions)" \
	"smccctrace: replay: $TOP/replay/examples/vendor-hyp.so: init failed: unknown argument 'major' (minor=N) $VH"

# ---- a plugin built for another ABI version ----

if command -v cc >/dev/null 2>&1; then
	cat >"$TMP/v2.c" <<'EOC'
#include <smccctrace/handler.h>
static int handle(void *priv, struct sct_hypercall *hc) { return 0; }
const struct sct_handler sct_handler = { .abi_version = 2, .name = "v2", .handle = handle };
EOC
	cc -shared -fPIC -I"$TOP/include" -o "$TMP/v2.so" "$TMP/v2.c"
	check_exit "a plugin of ABI version 2 is refused" 2 st replay -s 1 --handler "$TMP/v2.so"
	check_eq "  naming the file and both versions" "$(cat "$TMP/err")" \
		"smccctrace: replay: $TMP/v2.so: built for handler ABI version 2, this smccctrace loads version 1 (rebuild it against this <smccctrace/handler.h>)"
else
	pass "# SKIP no C compiler for the ABI version test"
fi

# ---- --exec ----

check_exit "--exec: our handler" 0 st replay -s 1 --exec "tee $TMP/in | $HANDLER"
GOLD=$(sessions)
check_eq "--exec: the header, then 21 fields of hex" "$(head -2 "$TMP/in")" \
	"# smccctrace-replay 1
0x0 0x0 0x0 0x84000000 0x0 0x0 0x0 0x0 0x0 0x0 0x0 0x0 0x0 0x0 0x0 0x0 0x0 0x0 0x0 0x0 0x0"
check_eq "--exec: one line a call" "$(wc -l <"$TMP/in")" "15"
check_eq "--exec: its answers stored" \
	"$(q "SELECT seq, x0, x1 FROM call_view WHERE session = $GOLD AND x0 != -1 ORDER BY seq")" \
	"7|0|0
11|0|1"

fails() {
	f_what=$1 f_msg=$2
	shift 2
	before=$(sessions)
	check_exit "$f_what: exit 2" 2 st replay -s 1 "$@"
	check_eq "  $f_what: the call and what went wrong; no session" \
		"$(cat "$TMP/err") $(sessions)" "smccctrace: replay: $f_msg $before"
}

fails "a handler that exits" \
	"call 0 (0x84000000 on vCPU 0): exec:exit 3 exited with status 3 without answering" \
	--exec "exit 3"
fails "a handler that crashes" \
	"call 0 (0x84000000 on vCPU 0): exec:read h; read c; kill -SEGV \$\$ was killed by signal SIGSEGV (Segmentation fault) without answering" \
	--exec 'read h; read c; kill -SEGV $$'
fails "a handler that hangs" \
	"call 0 (0x84000000 on vCPU 0): exec:sleep 30 did not answer within 1.000 s" \
	--exec "sleep 30" --timeout 1
fails "a handler that answers garbage" \
	"call 0 (0x84000000 on vCPU 0): exec:read h; read c; echo PSCI 1.1 answered 'PSCI 1.1': field 1 is not a hex number of at most 64 bits" \
	--exec 'read h; read c; echo PSCI 1.1'
fails "a handler that answers three words" \
	"call 0 (0x84000000 on vCPU 0): exec:read h; read c; echo 0 0 0 answered '0 0 0': 3 fields, expected 4" \
	--exec 'read h; read c; echo 0 0 0'
fails "a handler that answers too few lines" \
	"call 1 (0x84000000 on vCPU 1): exec:read h; read c; echo 0 0 0 0 exited with status 0 without answering" \
	--exec 'read h; read c; echo 0 0 0 0'
TWO='read h; read c; printf "0 0 0 0\n1 1 1 1\n"; read c'
fails "a handler that answers too many lines" \
	"call 1 (0x84000000 on vCPU 1): exec:$TWO answered more lines than calls: '1 1 1 1'" \
	--exec "$TWO"

# smccctrace ignores SIGPIPE while its handler runs; the handler does not
check_exit "--exec: the handler's SIGPIPE is the default" 0 st replay -s 1 --function 0x86000000 \
	--exec "read h; read c; yes 2>'$TMP/yes.err' | head -1 >/dev/null; echo 0 0 0 0; cat >/dev/null"
check_eq "  so yes(1) dies of it quietly" "$(cat "$TMP/yes.err")" ""

# ---- a golden run ----

# KVM_PTP's four words are time whoever answers: 13 of the 14 compared
check_exit "golden: the same handler again, --check" 0 \
	st replay -s "$GOLD" --exec "$HANDLER" --check
check_eq "  every call compared, none divergent" "$(grep '^compared' "$TMP/out")" \
	"compared with session $GOLD's results: 13 calls, 0 divergent"
check_exit "golden: a handler that differs in VCPU_ID, --check" 1 \
	st replay -s "$GOLD" --exec "$HANDLER differ" --check
check_eq "  that call named, recorded against replayed" \
	"$(sed -n '/^divergent calls/,$p' "$TMP/out")" \
	"divergent calls (1):
call 11 0xc6000001 - vCPU 1
  recorded  0x0 0x1 0x0 0x0
  replayed  0x0 0x99 0x0 0x0"
check_exit "golden: --ignore-result masks it" 0 \
	st replay -s "$GOLD" --exec "$HANDLER differ" --check --ignore-result 0xc6000000+16
check_exit "golden: --ignore-result takes an ID" 0 \
	st replay -s "$GOLD" --exec "$HANDLER differ" --check --ignore-result 0xc6000001
check_exit "golden: --ignore-result takes a range key" 0 \
	st replay -s "$GOLD" --exec "$HANDLER differ" --check --ignore-result PSCI,vendor_hyp/64
check_exit "golden: --ignore-result of other calls leaves it" 1 \
	st replay -s "$GOLD" --exec "$HANDLER differ" --check --ignore-result PSCI_VERSION,pKVM
check_exit "golden: --ignore-result a bad item" 2 \
	st replay -s "$GOLD" --exec "$HANDLER differ" --check --ignore-result 0xc6000001,FOO
check_eq "  names it" "$(head -1 "$TMP/err")" \
	"smccctrace: replay: --ignore-result: 'FOO' is not a function ID, a known name or a range (BASE+N, LO-HI, a range key such as PSCI/32 or a service such as PSCI)"
check_exit "golden: without --check a divergence is only counted" 0 \
	st replay -s "$GOLD" --exec "$HANDLER differ"
check_eq "  counted" "$(grep '^compared' "$TMP/out")" \
	"compared with session $GOLD's results: 13 calls, 1 divergent"

# ---- suggest --vmm-session ----

check_exit "suggest --vmm-session on a replay" 0 st suggest -s 1 --vmm-session "$VH" --format c
check_eq "  keeps the session's ranges: its forwarded SMCs have no known ID" \
	"$(grep '\.base' "$TMP/out")" \
"	{ .base = 0x82000000, .nr_functions = 16, .action = KVM_SMCCC_FILTER_FWD_TO_USER },
	{ .base = 0x84000050, .nr_functions = 16, .action = KVM_SMCCC_FILTER_FWD_TO_USER },
	{ .base = 0xc2000000, .nr_functions = 32, .action = KVM_SMCCC_FILTER_DENY },
	{ .base = 0xc4000050, .nr_functions = 16, .action = KVM_SMCCC_FILTER_FWD_TO_USER },
	{ .base = 0xc6000000, .nr_functions = 16, .action = KVM_SMCCC_FILTER_FWD_TO_USER },"

# ---- make install: a plugin built against the installed header ----

if command -v cc >/dev/null 2>&1 && command -v pkg-config >/dev/null 2>&1; then
	INST="$TMP/inst"
	check "make install DESTDIR=" make -s -C "$TOP" install DESTDIR="$INST" PREFIX=/usr
	cp "$TOP/replay/examples/trng.c" "$TMP/mytrng.c"
	export PKG_CONFIG_PATH="$INST/usr/share/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$INST"
	check_eq "pkg-config --cflags smccctrace-handler" \
		"$(echo $(pkg-config --cflags smccctrace-handler)) $(pkg-config --modversion smccctrace-handler)" \
		"-I$INST/usr/include 1"
	check "trng.c builds against the installed header alone" \
		sh -c "cd '$TMP' && cc -shared -fPIC \$(pkg-config --cflags smccctrace-handler) -o mytrng.so mytrng.c"
	unset PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR
	check_exit "  and replays" 0 st replay -s 1 --handler "$TMP/mytrng.so" --function 0x84000050
	check_eq "  TRNG_VERSION 1.0" \
		"$(q "SELECT DISTINCT x0 FROM call_view WHERE session = (SELECT max(id) FROM sessions)")" "65536"
else
	pass "# SKIP no C compiler or pkg-config for the install test"
fi

# ---- usage ----

check_exit "no back end" 2 st replay -s 1
check_exit "two back ends" 2 st replay -s 1 --builtin kvm --exec cat
check_exit "an unknown builtin" 2 st replay -s 1 --builtin qemu
check_eq "  names the builtins" "$(cat "$TMP/err")" \
	"smccctrace: replay: no builtin back end 'qemu' (kvm or not-supported)"
check_exit "--timeout without --exec" 2 st replay -s 1 --builtin kvm --timeout 1
check_exit "a bad --function" 2 st replay -s 1 --builtin kvm --function 0x84000000-zz
check_exit "nothing selected" 2 st replay -s 1 --builtin kvm --function 0x12345678
check_eq "  says why" "$(cat "$TMP/err")" \
	"smccctrace: replay: session 1: no calls to replay (4 with an unknown function ID, 14 left out by the options)"
check_exit "--format json" 0 st replay -s 1 --builtin kvm --format json --range TRNG
check_eq "  one object" "$(sed 's/"clock_ns": [0-9]*/"clock_ns": N/; s/"p[0-9]*_ns": [0-9]*/"pN_ns": N/g; s/"max_ns": [0-9]*/"max_ns": N/g' "$TMP/out")" \
	"{\"session\": 1, \"replay\": $(sessions), \"backend\": \"builtin:kvm\", \"calls\": 3, \"skipped_unknown_id\": 4, \"recorded_arguments\": false, \"clock_ns\": N, \"compared\": 0, \"divergent\": 0, \"ranges\": [{\"range\": \"TRNG/32\", \"calls\": 2, \"compared\": 0, \"divergent\": 0, \"pN_ns\": N, \"pN_ns\": N, \"max_ns\": N}, {\"range\": \"TRNG/64\", \"calls\": 1, \"compared\": 0, \"divergent\": 0, \"pN_ns\": N, \"pN_ns\": N, \"max_ns\": N}]}"

done_testing
