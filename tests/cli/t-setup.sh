#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 'make demo' and 'make check' set everything up on a machine without the
# development packages: they run deps before anything asks pkg-config.
# A copy of the tree is built with a pkg-config that reports every package
# missing until a stand-in for tests/deps has run.
. "$(dirname "$0")/lib.sh"

need_cmd git
need_cmd pkg-config
SRC=$(cd "$(dirname "$0")/../.." && pwd)
[ -d "$SRC/.git" ] || skip_all "not a git work tree (the copy is made of tracked files)"

# The tracked files as they are in the work tree, without build products
mkdir "$TMP/tree"
(cd "$SRC" && git ls-files -z --cached --others --exclude-standard) |
	(cd "$SRC" && xargs -0 tar cf - --ignore-failed-read 2>/dev/null) | tar xf - -C "$TMP/tree"

cat >"$TMP/pkg-config" <<PC
#!/bin/sh
# every package is missing until deps has run
[ -f "$TMP/installed" ] || case " \$* " in *" --exists "*) exit 1 ;; esac
exec pkg-config "\$@"
PC
cat >"$TMP/deps" <<DEPS
#!/bin/sh
echo "deps ran" >"$TMP/installed"
DEPS
chmod +x "$TMP/pkg-config" "$TMP/deps"
fake="PKG_CONFIG=$TMP/pkg-config DEPS=$TMP/deps"

make_in_copy() {
	# shellcheck disable=SC2086
	make -C "$TMP/tree" --no-print-directory $fake "$@"
}

check_exit "plain make: stops without the packages" 2 make_in_copy -j2
check_eq "plain make: names the packages" \
	"$(grep -o 'missing development packages: [^(]*' "$TMP/err")" \
	"missing development packages: libtraceevent-dev libtracefs-dev libtracecmd-dev libsqlite3-dev libncurses-dev libjansson-dev "
check_eq "plain make: deps did not run" "$(ls "$TMP/installed" 2>/dev/null)" ""

check_exit "make demo: installs, builds and reports" 0 make_in_copy demo
check_eq "make demo: deps ran first" "$(cat "$TMP/installed")" "deps ran"
check_eq "make demo: the import" "$(grep -c '^tests/data/vhe-load.dat: session 1: 720 calls' "$TMP/out")" 1
check_eq "make demo: the report by range" "$(grep -c '^PSCI/32 ' "$TMP/out")" 1

rm -f "$TMP/installed"
check_exit "make check: installs, builds and tests" 0 \
	make_in_copy check TESTS=tests/cli/t-decode.sh
check_eq "make check: deps ran first" "$(cat "$TMP/installed")" "deps ran"
check_eq "make check: the tests ran" "$(grep -c '^Result: PASS' "$TMP/out")" 1

done_testing
