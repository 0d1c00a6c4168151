#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# smccctrace record as a user without root: it refuses in one line, unless
# --shim-only, which reads only what the VMM's own process writes. Needs
# root to switch to that user (setpriv).
. "$(dirname "$0")/lib.sh"

need_smccctrace
need_cmd sqlite3
need_cmd setpriv
[ "$(id -u)" = 0 ] || skip_all "needs root to run as another user"

nobody() {
	setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
}

chmod 711 "$TMP"
mkdir -m 777 "$TMP/nobody"

check_exit "not root: refused" 2 nobody "$SMCCCTRACE" -d "$TMP/nobody/h.db" record -t 1
check_eq "not root: one line" "$(cat "$TMP/err")" \
	"smccctrace: record: needs root (tracefs and /dev/kvm)"
check_eq "not root: no database written" "$(ls "$TMP/nobody")" ""
check_exit "not root: --help still works" 0 nobody "$SMCCCTRACE" record --help
check_exit "not root: a bad option is a usage error first" 2 \
	nobody "$SMCCCTRACE" -d "$TMP/nobody/h.db" record --bogus
check_eq "not root: the bad option is named" "$(head -n 1 "$TMP/err")" \
	"smccctrace: record: unknown option '--bogus'"

check_exit "--shim-only needs no root" 0 \
	nobody "$SMCCCTRACE" -d "$TMP/nobody/so.db" record -q --shim-only -- true
check_eq "--shim-only: a session, as the user" \
	"$(sqlite3 "$TMP/nobody/so.db" "SELECT kind, calls FROM sessions")" "record|0"

done_testing
