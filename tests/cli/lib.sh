# SPDX-License-Identifier: GPL-2.0
#
# TAP helpers for the shell tests: source it, then
#	need_smccctrace           fail the whole file unless $SMCCCTRACE runs
#	need_built "$TRACEGEN"    fail the whole file when a program of ours is missing
#	need_cmd sqlite3          skip the whole file when another program is missing
#	check "what" cmd args     one test point: the command succeeds
#	check_eq "what" GOT WANT  one test point: exact text
#	check_exit "what" N cmd   one test point: exit status N
#	skip "what: why"          one test point, skipped
#	done_testing
# $SMCCCTRACE is the binary under test; $TRACEGEN the trace generator.

: "${SMCCCTRACE:=$(cd "$(dirname "$0")/../.." && pwd)/smccctrace}"
: "${TRACEGEN:=$(cd "$(dirname "$0")/../.." && pwd)/tests/tracegen/sct-tracegen}"
export SMCCCTRACE TRACEGEN

test_count=0
test_failed=0
TMP=$(mktemp -d "${TMPDIR:-/tmp}/smccctrace-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

skip_all() {
	echo "1..0 # SKIP $*"
	exit 0
}

# A program of ours missing or broken is a failure, never a skip
bail_out() {
	echo "Bail out! $*"
	exit 1
}

need_built() {
	[ -x "$1" ] || bail_out "$1: not built (run make)"
}

need_smccctrace() {
	need_built "$SMCCCTRACE"
	"$SMCCCTRACE" --help >/dev/null 2>&1 || bail_out "'$SMCCCTRACE --help' fails"
}

need_cmd() {
	command -v "$1" >/dev/null 2>&1 || [ -x "$1" ] || skip_all "$1 not available"
}

pass() {
	test_count=$((test_count + 1))
	echo "ok $test_count - $1"
}

skip() {
	test_count=$((test_count + 1))
	echo "ok $test_count # skip $1"
}

fail() {
	test_count=$((test_count + 1))
	test_failed=$((test_failed + 1))
	echo "not ok $test_count - $1"
}

check() {
	what=$1
	shift
	if "$@" >"$TMP/out" 2>"$TMP/err"; then
		pass "$what"
	else
		fail "$what"
		sed 's/^/#   /' "$TMP/err" | head -20
	fi
}

check_eq() {
	if [ "$2" = "$3" ]; then
		pass "$1"
	else
		fail "$1"
		echo "#   got:"
		printf '%s\n' "$2" | sed 's/^/#     /'
		echo "#   expected:"
		printf '%s\n' "$3" | sed 's/^/#     /'
	fi
}

check_exit() {
	what=$1
	want=$2
	shift 2
	"$@" >"$TMP/out" 2>"$TMP/err"
	got=$?
	if [ "$got" = "$want" ]; then
		pass "$what"
	else
		fail "$what"
		echo "#   exit status $got, expected $want"
		sed 's/^/#   /' "$TMP/err" | head -20
	fi
}

done_testing() {
	echo "1..$test_count"
	[ "$test_failed" = 0 ]
}
