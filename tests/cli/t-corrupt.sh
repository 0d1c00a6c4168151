#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# import on damaged copies of real traces: it either imports or says what
# is wrong in one line naming the file, exits 2 and leaves no session; it
# never crashes.
. "$(dirname "$0")/lib.sh"

need_cmd "$SMCCCTRACE"
need_cmd sqlite3
corrupt=${CORRUPT:-$(dirname "$TRACEGEN")/../fuzz/corrupt}
need_cmd "$corrupt"
data=$(cd "$(dirname "$0")/../data" && pwd)

for trace in vhe-basic nvhe-basic; do
	bad=0
	for seed in $(seq 1 100); do
		"$corrupt" "$seed" "$data/$trace.dat" "$TMP/c.dat"
		rm -f "$TMP/c.db"
		"$SMCCCTRACE" -d "$TMP/c.db" import "$TMP/c.dat" >"$TMP/out" 2>"$TMP/err"
		rc=$?
		case $rc in
		0)	continue ;;
		2)	lines=$(wc -l <"$TMP/err")
			sessions=$(sqlite3 "$TMP/c.db" 'SELECT count(*) FROM sessions')
			if [ "$lines" = 1 ] && grep -q "^smccctrace: $TMP/c.dat: " "$TMP/err" &&
			   [ "$sessions" = 0 ]; then
				continue
			fi ;;
		esac
		bad=$((bad + 1))
		echo "# seed $seed: exit $rc, $(wc -l <"$TMP/err") lines on stderr"
		head -n 3 "$TMP/err" | sed 's/^/#   /'
	done
	check_eq "$trace: 100 damaged copies, each imported or refused cleanly" "$bad" 0
done

done_testing
