#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# smccctrace replay --kvm where it cannot run: a machine without arm64 KVM
# refuses in one line with exit 2 and stores nothing; a filter KVM would
# refuse is refused first, with KVM's errno named. On arm64 the test bed
# (tests/e2e) runs replay --kvm on real KVM.

. "$(dirname "$0")/lib.sh"

need_cmd sqlite3
[ "$(uname -m)" = aarch64 ] && skip_all "arm64: tests/e2e runs replay --kvm on real KVM"

DATA=$(cd "$(dirname "$0")/../data" && pwd)
DB="$TMP/k.db"

st() {
	"$SMCCCTRACE" -d "$DB" "$@"
}

st import -q --filter "$DATA/vhe-basic.filter.json" "$DATA/vhe-basic.dat" >/dev/null 2>&1 ||
	skip_all "cannot import the fixture"
cp "$DB" "$TMP/before.db"

check_exit "replay --kvm here: exit 2" 2 st replay --kvm --builtin kvm
check_eq "one line saying why" "$(cat "$TMP/err")" \
	"smccctrace: replay: --kvm needs arm64 KVM with the SMCCC filter (Linux 6.4 or later); this machine is $(uname -m)"
check_eq "nothing on stdout" "$(cat "$TMP/out")" ""
check_eq "no session stored" "$(sqlite3 "$DB" 'SELECT count(*) FROM sessions')" 1
check_exit "with a plugin and --filter: the same refusal" 2 \
	st replay --kvm --filter fwd:0xc6000000+16 --handler /nonexistent.so
check_eq "the same line" "$(cat "$TMP/err")" \
	"smccctrace: replay: --kvm needs arm64 KVM with the SMCCC filter (Linux 6.4 or later); this machine is $(uname -m)"

echo '{"filters": [{"base": "0x80000000", "nr_functions": 4, "action": "DENY"}]}' >"$TMP/reserved.json"
check_exit "a filter on KVM's reserved range: exit 2" 2 \
	st replay --kvm --filter "$TMP/reserved.json" --builtin kvm
check_eq "the file and KVM's errno named" "$(cat "$TMP/err")" \
	"smccctrace: replay: --filter: $TMP/reserved.json: filter entry 0: range 0x80000000+4 overlaps an existing range (EEXIST)"
check_exit "a filter that does not exist: exit 2" 2 \
	st replay --kvm --filter "$TMP/none.json" --builtin kvm
check_eq "named" "$(cat "$TMP/err")" \
	"smccctrace: replay: --filter: $TMP/none.json: No such file or directory"
check_exit "--filter without --kvm: exit 2" 2 st replay --filter fwd:0xc6000000+16 --builtin kvm
check_eq "said" "$(cat "$TMP/err")" "smccctrace: replay: --filter goes with --kvm"
check_exit "--kvm with --parallel: exit 2" 2 st replay --kvm --parallel --builtin kvm
check_eq "said" "$(cat "$TMP/err")" \
	"smccctrace: replay: --parallel goes without --kvm (KVM runs each vCPU on a thread of its own)"
check_eq "the database is as it was" "$(sqlite3 "$DB" .dump)" "$(sqlite3 "$TMP/before.db" .dump)"

done_testing
