#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# smccctrace merge: the fixtures' databases into one, with every table's
# rows, renumbered; a session there already refused unless --force; a file
# that fails leaves nothing behind.
. "$(dirname "$0")/lib.sh"

need_smccctrace
need_cmd sqlite3
data=$(cd "$(dirname "$0")/../data" && pwd)

imp() {
	db=$1
	shift
	for name in "$@"; do
		"$SMCCCTRACE" -d "$db" import -q --filter "$data/$name.filter.json" \
			"$data/$name.dat" || bail_out "import $name"
	done
}
imp "$TMP/a.db" vhe-load vhe-basic
imp "$TMP/b.db" nvhe-basic
all=$TMP/all.db

rows() {
	for t in sessions calls exits threads; do
		printf '%s %s\n' "$t" "$(sqlite3 "$1" "SELECT count(*) FROM $t")"
	done
}

check_exit "merge two files" 0 "$SMCCCTRACE" -d "$all" merge "$TMP/a.db" "$TMP/b.db"
check_eq "what was copied, said" "$(cat "$TMP/out")" \
"$TMP/a.db: 2 sessions (738 calls) as 1-2
$TMP/b.db: 1 session (18 calls) as 3-3"
check_eq "the sources' rows" "$(rows "$TMP/a.db"; rows "$TMP/b.db")" \
"sessions 2
calls 738
exits 13
threads 4
sessions 1
calls 18
exits 6
threads 2"
check_eq "every row of every table" "$(rows "$all")" \
"sessions 3
calls 756
exits 19
threads 6"

cols='id, kind, source, host, kernel_release, clock, created, ended, filter, calls,
      forwarded_calls, kernel_calls, denied_calls, unknown_location_calls,
      incomplete_calls, lost_events, first_ns, last_ns, source_size'
check_eq "the sessions as they were, renumbered" \
	"$(sqlite3 "$all" "SELECT $cols FROM sessions WHERE id = 3")" \
	"$(sqlite3 "$TMP/b.db" "SELECT 3, ${cols#id, } FROM sessions")"
for pair in "a.db 1 1" "a.db 2 2" "b.db 1 3"; do
	set -- $pair
	check_eq "$1 session $2: its calls as session $3 holds them" \
		"$("$SMCCCTRACE" -d "$all" calls -s "$3" --format csv)" \
		"$("$SMCCCTRACE" -d "$TMP/$1" calls -s "$2" --format csv)"
	check_eq "$1 session $2: its report as session $3's" \
		"$("$SMCCCTRACE" -d "$all" report -s "$3" --by function --format csv)" \
		"$("$SMCCCTRACE" -d "$TMP/$1" report -s "$2" --by function --format csv)"
	check_eq "$1 session $2: its exits and threads" \
		"$(sqlite3 "$all" "SELECT kind, code, name, count FROM exits WHERE session = $3 ORDER BY 1, 2;
			SELECT tid, comm, vcpu, first_exit_ns FROM threads WHERE session = $3 ORDER BY 1")" \
		"$(sqlite3 "$TMP/$1" "SELECT kind, code, name, count FROM exits WHERE session = $2 ORDER BY 1, 2;
			SELECT tid, comm, vcpu, first_exit_ns FROM threads WHERE session = $2 ORDER BY 1")"
done

check_exit "again: refused" 2 "$SMCCCTRACE" -d "$all" merge "$TMP/b.db"
check_eq "again: the session named" "$(cat "$TMP/err")" \
	"smccctrace: $TMP/b.db: session 1 (host (none), first time stamp $(sqlite3 "$TMP/b.db" 'SELECT first_ns FROM sessions')) is in $all already as session 3"
check_eq "again: nothing copied" "$(rows "$all" | head -n 2)" "sessions 3
calls 756"
check_exit "a file of which one session is there: refused whole" 2 \
	"$SMCCCTRACE" -d "$all" merge "$all.none" "$TMP/a.db"
check_eq "refused whole: nothing copied" "$(rows "$all" | head -n 2)" "sessions 3
calls 756"
check_exit "--force copies it again" 0 "$SMCCCTRACE" -d "$all" merge -q --force "$TMP/b.db"
check_eq "--force: one more session, its calls" "$(rows "$all" | head -n 2)" "sessions 4
calls 774"

check_exit "the database itself" 2 "$SMCCCTRACE" -d "$all" merge "$all"
check_eq "the database itself: said" "$(cat "$TMP/err")" "smccctrace: $all: is the database merged into"
echo junk >"$TMP/junk.db"
check_exit "not a database" 2 "$SMCCCTRACE" -d "$all" merge "$TMP/junk.db"
check_eq "not a database: nothing copied" "$(rows "$all" | head -n 1)" "sessions 4"
check_exit "no file" 2 "$SMCCCTRACE" -d "$all" merge
check_eq "no file: said" "$(head -n 1 "$TMP/err")" "smccctrace: merge: no database to merge given"

# An older schema is a source as it is, and is not changed
cp "$data/schema-v4.db" "$TMP/v4.db"
sum=$(md5sum <"$TMP/v4.db")
check_exit "a version 4 file" 0 "$SMCCCTRACE" -d "$TMP/new.db" merge -q "$TMP/v4.db"
check_eq "a version 4 file: its calls" \
	"$("$SMCCCTRACE" -d "$TMP/new.db" calls --format csv)" \
	"$("$SMCCCTRACE" -d "$TMP/v4.db" calls --format csv)"
check_eq "a version 4 file: unchanged" "$(md5sum <"$TMP/v4.db")" "$sum"

done_testing
