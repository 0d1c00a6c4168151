#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make install: libsmccctrace (shared, with its soname, and static), the
# public headers and smccctrace.pc, used as a program outside the tree
# would use them, through pkg-config.
. "$(dirname "$0")/lib.sh"

need_cmd pkg-config
need_cmd cc
need_cmd readelf
need_cmd nm
SRC=$(cd "$(dirname "$0")/../.." && pwd)
ROOT=$TMP/root

check "make install DESTDIR PREFIX=/usr" make -s -C "$SRC" install DESTDIR="$ROOT" PREFIX=/usr
check_eq "the library, its soname link and the static one" \
	"$(cd "$ROOT/usr/lib" && ls -d libsmccctrace* && readlink libsmccctrace.so)" \
"libsmccctrace.a
libsmccctrace.so
libsmccctrace.so.0
libsmccctrace.so.0"
check_eq "the soname" \
	"$(readelf -d "$ROOT/usr/lib/libsmccctrace.so.0" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')" \
	"libsmccctrace.so.0"
check_eq "the public headers" "$(ls "$ROOT/usr/include/smccctrace")" "$(ls "$SRC/include/smccctrace")"
check_eq "the tool's headers are not installed" \
	"$(ls "$ROOT/usr/include/smccctrace" | grep -c -e cli.h -e builtin.h -e parse-options.h)" "0"

# Exported: exactly the functions and data the public headers declare
# (handler.h is the plugins' side: libsmccctrace defines none of it)
(cd "$ROOT/usr/include/smccctrace" && ls | grep -v '^handler\.h$' | xargs cat) |
	grep -v -e '^static' -e '^[[:space:]]' | grep -oE '\bsct_[a-z0-9_]+[[(]' | tr -d '([' |
	sort -u >"$TMP/declared"
# (a build under make check SANITIZE= adds the sanitizers' ODR markers)
nm -D --defined-only "$ROOT/usr/lib/libsmccctrace.so.0" | awk '{ print $3 }' |
	grep -v '^__odr_asan' | sort -u >"$TMP/exported"
check_eq "exported symbols: the public headers' declarations" \
	"$(diff "$TMP/declared" "$TMP/exported")" ""
check_eq "exported symbols: a fair number" "$(test "$(wc -l <"$TMP/exported")" -gt 100 && echo yes)" yes

# The installed tree first, then the system's own (sqlite3.pc)
PKG_CONFIG_LIBDIR="$ROOT/usr/lib/pkgconfig:$(pkg-config --variable pc_path pkg-config)"
export PKG_CONFIG_SYSROOT_DIR="$ROOT" PKG_CONFIG_LIBDIR
check_eq "pkg-config --modversion" "$(pkg-config --modversion smccctrace)" \
	"$("$SRC/smccctrace" --version | cut -d' ' -f2)"
check_eq "pkg-config --cflags --libs" "$(pkg-config --cflags --libs smccctrace | sed 's/ *$//')" \
	"-I$ROOT/usr/include -L$ROOT/usr/lib -lsmccctrace"
check_eq "sqlite3 and jansson are private needs" \
	"$(pkg-config --print-requires-private smccctrace)" "sqlite3
jansson"

cat >"$TMP/decode.c" <<'C'
#include <stdio.h>

#include <smccctrace/error.h>
#include <smccctrace/filter.h>
#include <smccctrace/smccc.h>

int main(void)
{
	static const unsigned int ids[] = { 0xc4000003, 0x86000001 };
	char range[SCT_RANGE_BUFSZ];
	struct sct_id_info info;
	unsigned int i;

	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		sct_decode(ids[i], &info);
		printf("0x%08x %s %s %s %s\n", info.id, info.name, info.owner_name,
		       info.service, sct_range_name(info.id, range, sizeof(range)));
	}
	if (!sct_filter_load("/nonexistent.json"))
		printf("%s\n", sct_last_error());
	return 0;
}
C
want="0xc4000003 PSCI_CPU_ON_64 STD PSCI PSCI/64
0x86000001 KVM_PTP VENDOR_HYP KVM KVM/32
/nonexistent.json: No such file or directory"

# shellcheck disable=SC2046,SC2086
check "compile against the installed library" \
	cc -Wall -Werror $SANITIZE_FLAGS -o "$TMP/decode" "$TMP/decode.c" $(pkg-config --cflags --libs smccctrace)
check_eq "linked to the installed shared library" \
	"$(readelf -d "$TMP/decode" | sed -n 's/.*(NEEDED).*\[\(libsmccctrace.*\)\]/\1/p')" \
	"libsmccctrace.so.0"
check_eq "it decodes through the installed library" \
	"$(LD_LIBRARY_PATH="$ROOT/usr/lib" "$TMP/decode" 2>&1)" "$want"

# shellcheck disable=SC2046,SC2086
check "link the static library" \
	cc -Wall -Werror $SANITIZE_FLAGS -o "$TMP/decode-static" "$TMP/decode.c" $(pkg-config --cflags smccctrace) \
	$(pkg-config --static --libs smccctrace | sed 's/-lsmccctrace/-Wl,-Bstatic & -Wl,-Bdynamic/')
check_eq "static: the same output, no libsmccctrace.so needed" \
	"$("$TMP/decode-static" 2>&1; readelf -d "$TMP/decode-static" | grep -c libsmccctrace)" \
	"$want
0"

# The man pages, each with the version in its footer, and the bash completion
version=$("$SRC/smccctrace" --version | cut -d' ' -f2)
check_eq "every man page, the version in its footer" \
	"$(cd "$ROOT/usr/share/man" && grep -l "^\.TH [^ ]* [0-9] [0-9]* \"smccctrace $version\" " man*/* | sed 's|.*/||' | sort)" \
	"$(cd "$SRC/docs" && ls *.1 *.7 | sort)"
check_eq "the traceevent plugin, in libtraceevent's directory" \
	"$(ls "$ROOT$(env -u PKG_CONFIG_SYSROOT_DIR -u PKG_CONFIG_LIBDIR pkg-config --variable=libdir libtraceevent)/traceevent/plugins")" \
	"plugin_smccc.so"
comp=$ROOT/usr/share/bash-completion/completions/smccctrace
check "the bash completion installed" test -f "$comp"
if command -v bash >/dev/null 2>&1; then
	"$SMCCCTRACE" -d "$TMP/c.db" import -q "$SRC/tests/data/vhe-basic.dat" "$SRC/tests/data/nvhe-basic.dat" ||
		bail_out "import into $TMP/c.db"
	complete_() {
		(cd "$TMP" && PATH="$ROOT/usr/bin:$PATH" bash -c '. "$1"; shift
			COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _smccctrace; echo "${COMPREPLY[*]}"' - "$comp" smccctrace "$@")
	}
	check_eq "completion: the commands, as --help lists them" "$(complete_ '')" \
		"$("$SMCCCTRACE" --help | sed -n '/^commands:/,/^$/s/^  \([a-z]*\) .*/\1/p' | tr '\n' ' ')help"
	check_eq "completion: a command" "$(complete_ me)" "merge"
	check_eq "completion: a command's options" "$(complete_ export --f)" "--format --function --from"
	check_eq "completion: the formats of the command" "$(complete_ suggest --format '')" "table csv json c"
	check_eq "completion: the database's session ids" "$(complete_ -d c.db report -s '')" "1 2 latest"
	check_eq "completion: rm takes sessions" "$(complete_ --db=c.db rm '')" "1 2 latest"
	: >"$TMP/trace.dat"
	check_eq "completion: files after -d" "$(complete_ -d tra)" "trace.dat"
	check_eq "completion: report's column names after -o" "$(complete_ report -o p99)" \
		"p99 p99.9 p99/p50"
	check_eq "completion: the name after a comma" "$(complete_ calls -o time,la)" "time,latency"
	check_eq "completion: export's -o is a file" "$(complete_ export -o tra)" "trace.dat"
else
	skip "completion: no bash"
fi

check_eq "make help: the targets" "$(make -s -C "$SRC" help | grep -oE 'make [a-z0-9-]+' | tr '\n' ' ')" \
	"make check make demo make check-e2e make install make uninstall make help "
check_eq "CPPFLAGS reach every compiler command" \
	"$(make -s -B -n -C "$SRC" V=1 CPPFLAGS=-DSCT_CPPFLAGS_SEEN lib/error.o smccctrace.o \
		replay/examples/trng.so record/shim/libsmccctrace-preload.so | grep -c SCT_CPPFLAGS_SEEN)" "4"
check_eq "a license text for each SPDX tag of the sources" \
	"$(cd "$SRC" && grep -rhoE 'SPDX-License-Identifier: [A-Za-z0-9.-]+' --include='*.[chS]' --include='*.sh' \
		--include=Makefile . | sed 's/.*: //' | sort -u | while read -r l; do test -s "LICENSES/$l" && echo "$l"; done)" \
	"GPL-2.0
LGPL-2.1"

check "make uninstall" env -u PKG_CONFIG_SYSROOT_DIR -u PKG_CONFIG_LIBDIR make -s -C "$SRC" uninstall DESTDIR="$ROOT" PREFIX=/usr
check_eq "make uninstall: no file left" "$(find "$ROOT" ! -type d)" ""

done_testing
