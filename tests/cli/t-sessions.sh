#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# smccctrace sessions and rm, and import refusing a file imported before,
# on the real traces of tests/data.
. "$(dirname "$0")/lib.sh"

need_cmd "$SMCCCTRACE"
need_cmd sqlite3
data=$(cd "$(dirname "$0")/../data" && pwd)
db=$TMP/s.db
q() {
	sqlite3 "$db" "$1"
}
# WHEN is the time of the import: the same shape, another value each run
when() {
	sed 's/20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z/WHEN/g'
}

cd "$data/.." || exit 1
check_exit "import vhe-basic" 0 "$SMCCCTRACE" -d "$db" import -q \
	--filter data/vhe-basic.filter.json data/vhe-basic.dat
check_exit "import nvhe-basic" 0 "$SMCCCTRACE" -d "$db" import -q data/nvhe-basic.dat

# 18 calls in 9172832 ns are 1962.317 a second, in 13458464 ns 1337.448
check_eq "sessions: the table" "$("$SMCCCTRACE" -d "$db" sessions | when)" \
"ID  KIND    SOURCE               HOST    WHEN                  CALLS  DURATION  CALLS/S  LOST
 1  import  data/vhe-basic.dat   (none)  WHEN     18    9.17ms    1.96k     0
 2  import  data/nvhe-basic.dat  (none)  WHEN     18    13.5ms    1.34k     0"
check_eq "sessions: csv" "$("$SMCCCTRACE" -d "$db" sessions --format csv | when)" \
"id,kind,source,host,when,calls,duration_ns,lost_events,calls_per_s
1,import,data/vhe-basic.dat,(none),WHEN,18,9172832,0,1962.317
2,import,data/nvhe-basic.dat,(none),WHEN,18,13458464,0,1337.448"
check_eq "sessions: json" "$("$SMCCCTRACE" -d "$db" sessions -f json | when)" \
'{"sessions": [{"id": 1, "kind": "import", "source": "data/vhe-basic.dat", "host": "(none)", "when": "WHEN", "calls": 18, "duration_ns": 9172832, "lost_events": 0, "calls_per_s": 1962.317}, {"id": 2, "kind": "import", "source": "data/nvhe-basic.dat", "host": "(none)", "when": "WHEN", "calls": 18, "duration_ns": 13458464, "lost_events": 0, "calls_per_s": 1337.448}]}'
check_eq "sessions: the import time is the session's created time" \
	"$("$SMCCCTRACE" -d "$db" sessions -f csv | sed -n 2p | cut -d, -f5)" "$(q 'SELECT created FROM sessions WHERE id = 1')"
check_eq "sessions: the file's size is kept" "$(q 'SELECT source_size FROM sessions')" \
	"$(wc -c <"$data/vhe-basic.dat")
$(wc -c <"$data/nvhe-basic.dat")"

# The same file again: refused, and nothing added
check_exit "import again: refused" 2 "$SMCCCTRACE" -d "$db" import -q data/vhe-basic.dat
check_eq "import again: the message" "$(cat "$TMP/err")" \
	"smccctrace: data/vhe-basic.dat: already imported as session 1 (same path, size and first time stamp); not imported again (--force imports it anyway)"
check_eq "import again: nothing added" "$(q 'SELECT count(*) FROM sessions')" 2
check_exit "import again with --force" 0 "$SMCCCTRACE" -d "$db" import -q --force data/vhe-basic.dat
check_eq "--force: a third session, with its calls" \
	"$(q 'SELECT id, calls, (SELECT count(*) FROM calls WHERE session = 3) FROM sessions WHERE id = 3')" "3|18|18"
check_eq "another path to the same file is another file" \
	"$("$SMCCCTRACE" -d "$db" import -q "$data/vhe-basic.dat" && echo ok)" "ok"

# rm: all or nothing, with everything keyed to the session
check_exit "rm: a session that is not there" 2 "$SMCCCTRACE" -d "$db" rm 1 9
check_eq "rm: names it" "$(cat "$TMP/err")" "smccctrace: $db: no session 9; nothing removed"
check_eq "rm: nothing removed" "$(q 'SELECT count(*) FROM sessions; SELECT count(*) FROM calls')" "4
72"
check_exit "rm: no session given" 2 "$SMCCCTRACE" -d "$db" rm
check_eq "rm: says so" "$(head -1 "$TMP/err")" "smccctrace: rm: no session given"
check_exit "rm: not a session" 2 "$SMCCCTRACE" -d "$db" rm 1x
check_eq "rm: says what" "$(head -1 "$TMP/err")" "smccctrace: rm: '1x' is not a session (a number from 1, or latest)"
check_eq "rm 1 latest" "$("$SMCCCTRACE" -d "$db" rm 1 latest)" "removed session 1
removed session 4"
check_eq "rm: the rest is there" "$(q 'SELECT group_concat(id) FROM sessions')" "2,3"
for t in calls exits threads; do
	check_eq "rm: no $t of sessions 1 and 4" "$(q "SELECT count(*) FROM $t WHERE session IN (1, 4)")" 0
done
check_eq "rm: the others' calls are kept" "$(q 'SELECT count(*) FROM calls')" 36

# A database with no session lists none; a missing one is an error
check_eq "rm the rest" "$("$SMCCCTRACE" -d "$db" rm 2 3)" "removed session 2
removed session 3"
check_eq "sessions: none" "$("$SMCCCTRACE" -d "$db" sessions; "$SMCCCTRACE" -d "$db" sessions -f csv; "$SMCCCTRACE" -d "$db" sessions -f json)" \
"ID  KIND  SOURCE  HOST  WHEN  CALLS  DURATION  CALLS/S  LOST
id,kind,source,host,when,calls,duration_ns,lost_events,calls_per_s
{\"sessions\": []}"
check_eq "rm: no row left" "$(q 'SELECT count(*) FROM calls; SELECT count(*) FROM threads; SELECT count(*) FROM exits')" "0
0
0"
check_exit "sessions: missing database" 2 "$SMCCCTRACE" -d "$TMP/none.db" sessions
check_eq "sessions: names the file" "$(cat "$TMP/err")" "smccctrace: $TMP/none.db: No such file or directory"

# An older database is read as it is: the listing commands open it read-only
for v in 1 2 3; do
	cp "$data/schema-v$v.db" "$TMP/v$v.db"
	check_eq "version $v: sessions" "$("$SMCCCTRACE" -d "$TMP/v$v.db" sessions -f csv | cut -d, -f1-3,6-)" \
"id,kind,source,calls,duration_ns,lost_events,calls_per_s
1,import,tests/data/vhe-basic.dat,18,9172832,0,1962.317"
	check_eq "version $v: calls" "$("$SMCCCTRACE" -d "$TMP/v$v.db" calls --slowest 1 -f csv | sed 1d)" \
		"4.247872,4247872384,145,,,0x84000050,TRNG_VERSION,hvc,user,0,904320,423664,480656,,"
	check_eq "version $v: left at its version" "$(sqlite3 "$TMP/v$v.db" 'PRAGMA user_version')" "$v"
done

done_testing
