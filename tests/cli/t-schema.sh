#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# docs/schema.md: every example query prints exactly what the document
# says, on the database it describes.
. "$(dirname "$0")/lib.sh"

need_cmd "$SMCCCTRACE"
need_cmd sqlite3
doc=$(cd "$(dirname "$0")/../../docs" && pwd)/schema.md
cd "$(dirname "$0")/.." || exit 1
db=$TMP/schema.db
check_exit "import the fixture" 0 "$SMCCCTRACE" -d "$db" import -q \
	--filter data/vhe-basic.filter.json data/vhe-basic.dat

# Each ```sql block and the ```text block after it, as files q.N and a.N
awk -v dir="$TMP" '
	/^```sql$/ { n++; out = dir "/q." n; next }
	/^```text$/ { out = dir "/a." n; next }
	/^```$/ { if (out) close(out); out = ""; next }
	out { print > out }
	END { print n > (dir "/count") }' "$doc"
n=$(cat "$TMP/count")
check_eq "the document has its examples" "$(test "$n" -ge 10 && echo yes)" yes
i=1
while [ "$i" -le "$n" ]; do
	what=$(head -c 60 "$TMP/q.$i")
	check_eq "example $i: $what..." "$(sqlite3 -header "$db" <"$TMP/q.$i" 2>&1)" "$(cat "$TMP/a.$i")"
	i=$((i + 1))
done
check_eq "the schema version it names" "$(sqlite3 "$db" 'PRAGMA user_version')" \
	"$(sed -n 's/.*`PRAGMA user_version`.*(\([0-9]*\)).*/\1/p' "$doc")"

# Every table and view is described, and every column of sessions
for t in $(sqlite3 "$db" "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name"); do
	check_eq "$t is described" "$(grep -c "^### .*$t" "$doc" | sed 's/^[1-9].*/yes/')" yes
done
for c in $(sqlite3 "$db" "SELECT name FROM pragma_table_info('sessions')"); do
	check_eq "sessions.$c is described" "$(grep -c "^| .*\\b$c\\b" "$doc" | sed 's/^[1-9].*/yes/')" yes
done

done_testing
