#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The option parser every command shares: the same syntax and the same
# message for the same mistake, whatever the command.
. "$(dirname "$0")/lib.sh"

check "the binary runs" "$SMCCCTRACE" --version
check_eq "--version" "$(cat "$TMP/out")" "smccctrace 0.1"

# A usage error: exit 2, nothing on stdout, the message and the hint on stderr
# (check_exit sets $what and $want: these names are its own)
usage_err() {
	ue_what=$1
	ue_want=$2
	shift 2
	check_exit "$ue_what: exit 2" 2 "$SMCCCTRACE" "$@"
	check_eq "$ue_what: message" "$(cat "$TMP/err")" "$ue_want"
	check_eq "$ue_what: nothing on stdout" "$(cat "$TMP/out")" ""
}

for cmd in record import report diff decode suggest replay sessions rm calls export merge; do
	usage_err "$cmd: unknown long option" \
		"smccctrace: $cmd: unknown option '--x'
see 'smccctrace $cmd --help'" $cmd --x
	usage_err "$cmd: unknown long option with a value" \
		"smccctrace: $cmd: unknown option '--colour'
see 'smccctrace $cmd --help'" $cmd --colour=red
	usage_err "$cmd: unknown short option" \
		"smccctrace: $cmd: unknown option '-Z'
see 'smccctrace $cmd --help'" $cmd -Z
	check_exit "$cmd --help: exit 0" 0 "$SMCCCTRACE" $cmd --help
	check_eq "$cmd --help: the synopsis first" "$(head -n 1 "$TMP/out" | cut -d' ' -f1-3)" \
		"usage: smccctrace $cmd"
	check_eq "$cmd --help: nothing on stderr" "$(cat "$TMP/err")" ""
	check_exit "$cmd -h: exit 0" 0 "$SMCCCTRACE" $cmd -h
done

for cmd in record import report diff suggest replay sessions rm calls export merge; do
	usage_err "$cmd: -d without its value" \
		"smccctrace: $cmd: --db needs a value
see 'smccctrace $cmd --help'" $cmd -d
	usage_err "$cmd: --db= with an empty value" \
		"smccctrace: $cmd: --db needs a value
see 'smccctrace $cmd --help'" $cmd --db=
done

# Missing values and bad values, named with the option and the value
usage_err "report --by without its value" "smccctrace: report: --by needs a value
see 'smccctrace report --help'" report --by
usage_err "report --by foo" \
	"smccctrace: report: --by: 'foo' is not one of owner, range, function, vcpu, location
see 'smccctrace report --help'" report --by foo
usage_err "report -bfoo (attached)" \
	"smccctrace: report: --by: 'foo' is not one of owner, range, function, vcpu, location
see 'smccctrace report --help'" report -bfoo
usage_err "diff --by=colour" \
	"smccctrace: diff: --by: 'colour' is not one of owner, range, function, vcpu, location
see 'smccctrace diff --help'" diff --by=colour 1 2
usage_err "report -s zero" \
	"smccctrace: report: --session: 'zero' is not a session (a number from 1, or latest)
see 'smccctrace report --help'" report -s zero
usage_err "suggest --session 0" \
	"smccctrace: suggest: --session: '0' is not a session (a number from 1, or latest)
see 'smccctrace suggest --help'" suggest --session 0
usage_err "record -t soon" "smccctrace: record: --time: 'soon' is not a number
see 'smccctrace record --help'" record -t soon
usage_err "record -t 0" "smccctrace: record: --time: '0' is out of range (1 to 4294967295)
see 'smccctrace record --help'" record -t 0
usage_err "record -t past the seconds that fit in 64 bits of ns" \
	"smccctrace: record: --time: '18446744074' is out of range (1 to 4294967295)
see 'smccctrace record --help'" record -t 18446744074
usage_err "record -t past 64 bits" \
	"smccctrace: record: --time: '18446744073709551616' is out of range (1 to 4294967295)
see 'smccctrace record --help'" record -t 18446744073709551616
usage_err "record -p 0" "smccctrace: record: --pid: '0' is out of range (1 to 2147483647)
see 'smccctrace record --help'" record -p 0
usage_err "record -b 1k" "smccctrace: record: --buffer: '1k' is not a number
see 'smccctrace record --help'" record -b 1k
usage_err "record --probe=9" "smccctrace: record: --probe: '9' is out of range (1 to 8)
see 'smccctrace record --help'" record --probe=9
usage_err "diff --min-calls -1" "smccctrace: diff: --min-calls: '-1' is not a number
see 'smccctrace diff --help'" diff --min-calls -1 1 2
usage_err "report --hist=yes: a flag takes no value" \
	"smccctrace: report: --hist takes no value
see 'smccctrace report --help'" report --hist=yes

# One --format, each command taking its own formats
usage_err "decode --format junit" \
	"smccctrace: decode: --format: 'junit' is not one of table, csv, json
see 'smccctrace decode --help'" decode --format junit 1
usage_err "report --format c" \
	"smccctrace: report: --format: 'c' is not one of table, csv, json
see 'smccctrace report --help'" report --format c
usage_err "diff --format c" \
	"smccctrace: diff: --format: 'c' is not one of table, csv, json, junit
see 'smccctrace diff --help'" diff --format c 1 2
usage_err "suggest --format=junit" \
	"smccctrace: suggest: --format: 'junit' is not one of table, csv, json, c
see 'smccctrace suggest --help'" suggest --format=junit
check_exit "decode -f csv" 0 "$SMCCCTRACE" decode -f csv 0x84000000
check_eq "decode -f csv: the header" "$(head -n 1 "$TMP/out")" \
	"id,name,owner,owner_id,service,range,call,convention,sve_hint,number,reserved_bits"

# Arguments where no command takes them
usage_err "report: a stray argument" "smccctrace: report: unexpected argument 'extra'
see 'smccctrace report --help'" report extra
usage_err "suggest: a stray argument" "smccctrace: suggest: unexpected argument 'extra'
see 'smccctrace suggest --help'" suggest extra

# "--" ends the options: what follows is an argument, even "-1" or "--by"
usage_err "decode -- -1" "smccctrace: decode: '-1' is neither a 32-bit function ID nor a function's name
see 'smccctrace decode --help'" decode -- -1
usage_err "report -- --by" "smccctrace: report: unexpected argument '--by'
see 'smccctrace report --help'" report -- --by
check_exit "decode: options after the IDs" 0 "$SMCCCTRACE" decode 0x84000000 --format=csv
check_eq "decode: options after the IDs: csv" "$(tail -n 1 "$TMP/out")" \
	"0x84000000,PSCI_VERSION,STD,4,PSCI,PSCI/32,fast,SMC32,0,0,0"
check_exit "decode -f json -- 0x84000000" 0 "$SMCCCTRACE" decode -f json -- 0x84000000
check_eq "decode after --: the ID" "$(sed 's/.*"id": "\([^"]*\)".*/\1/' "$TMP/out")" "0x84000000"

# record's options end at its command: -t after it belongs to the command
usage_err "record -p with a command" \
	"smccctrace: record: -p and a command exclude each other
see 'smccctrace record --help'" record -p 1 true -t 1
usage_err "record --shim without a command" \
	"smccctrace: record: the shim needs a command (-- COMMAND...)
see 'smccctrace record --help'" record --shim

# Before the command word
usage_err "an unknown option before the command" "smccctrace: unknown option '--x'
see 'smccctrace --help'" --x report
usage_err "-d without a value before the command" "smccctrace: --db needs a value
see 'smccctrace --help'" -d
usage_err "no command" "smccctrace: no command given
see 'smccctrace --help'" -d x.db
usage_err "not a command" "smccctrace: 'colour' is not a command
see 'smccctrace --help'" colour
check_exit "--help" 0 "$SMCCCTRACE" --help
check_eq "--help: the synopsis" "$(head -n 1 "$TMP/out")" \
	"usage: smccctrace [-d FILE] <command> [options]"

# The database, every way it can be given: one session each, all the same
check "generate a trace" "$TRACEGEN" -o "$TMP/t.dat" -t "$TMP/t.csv" /dev/stdin <<'SCN'
comm 100 CPU 0/KVM
call 10000 0 100 hvc 0x84000000 kernel 400
call 20000 0 100 hvc 0xc6000001 user 1000 200
SCN
check_exit "import -qd FILE (bundled)" 0 "$SMCCCTRACE" import -qd "$TMP/a.db" "$TMP/t.dat"
check_eq "import -qd FILE: quiet" "$(cat "$TMP/out")" ""
check_exit "import -dFILE -q" 0 "$SMCCCTRACE" import -d"$TMP/b.db" -q "$TMP/t.dat"
check_exit "--db=FILE before the command" 0 "$SMCCCTRACE" --db="$TMP/c.db" import -q "$TMP/t.dat"
check_exit "--db FILE after the trace file" 0 "$SMCCCTRACE" import -q "$TMP/t.dat" --db "$TMP/d.db"
check_exit "--db=FILE after the command" 0 "$SMCCCTRACE" import --db="$TMP/e.db" -q "$TMP/t.dat"
two_calls="key,calls
0x84000000,1
0xc6000001,1"
for db in a b c d e; do
	check_exit "$db.db: report --by=function --format=csv" 0 \
		"$SMCCCTRACE" report --db="$TMP/$db.db" --by=function --format=csv
	check_eq "$db.db: one session of two calls" "$(cut -d, -f1,3 "$TMP/out")" "$two_calls"
done
check_exit "-d before and --db after: the command's wins" 0 \
	"$SMCCCTRACE" -d "$TMP/none.db" report -s latest --db "$TMP/a.db" -b function -f csv
check_eq "the command's -d wins" "$(cut -d, -f1,3 "$TMP/out")" "$two_calls"

done_testing
