# SPDX-License-Identifier: GPL-2.0
#
# smccctrace top on a terminal in the test bed, sourced by tests/e2e/run
# (which defines ok, not_ok and expect_line). The guest has no tmux:
# pty-run (pty-run.c, cross-built like the test VMM) runs top on a new
# pseudo-terminal of 80x24 with TERM=xterm (the host's terminfo entry,
# copied in), keeps what it wrote and plays a script of keys:
#
#	tty-keys.txt  top --by function over the test VMM run on: a function
#	              the VMM calls, then / g s p p ? Esc v q, each waited
#	              for on the screen; pty-run's steps, exit and termios,
#	              and how many test VMMs are left running
#	tty-keys.out  everything top wrote to the terminal
#	tty-int.txt   the same run ended by Ctrl-C; tty-int.out
#
# The texts waited for are top's own (tui/top-draw.c, tui/top.c and the
# group and sort names of lib/group.c).

TTY_TERM=xterm

# tty_terminfo: the directory holding the host's entry for $TTY_TERM
tty_terminfo() {
	local d
	for d in /etc/terminfo /lib/terminfo /usr/share/terminfo; do
		[ -f "$d/${TTY_TERM:0:1}/$TTY_TERM" ] && { echo "$d"; return; }
	done
	return 1
}

# tty_test DIR: DIR/top-tty, run in the guest's /out by the guest test,
# with pty-run and the terminfo entry beside it
tty_test() {
	local ti
	ti=$(tty_terminfo) || { echo "no terminfo entry for $TTY_TERM" >&2; return 1; }
	"${CROSS}gcc" -O2 -Wall -Wextra -Werror -static -o "$1/pty-run" "$E2E_DIR/pty-run.c" ||
		return 1
	mkdir -p "$1/terminfo/${TTY_TERM:0:1}"
	cp "$ti/${TTY_TERM:0:1}/$TTY_TERM" "$1/terminfo/${TTY_TERM:0:1}/"
	cat >"$1/top-tty" <<TEST
#!/bin/sh
cd /out
mkdir -p /dev/pts
grep -q " /dev/pts " /proc/mounts || mount -t devpts devpts /dev/pts
export TERM=$TTY_TERM TERMINFO=/terminfo
# vmms_left: how many of the test VMMs top ran are still running
vmms_left() {
	n=\$(for p in /proc/[0-9]*; do
		cat \$p/cmdline 2>/dev/null | tr '\\0' ' '
		echo
	done | grep -c '^/testvmm tty')
	echo "test VMMs left \$n"
}
/pty-run -t 120 -o tty-keys.out -- /smccctrace top --by function -- \\
	/testvmm tty.truth tty.filter.json 0 >tty-keys.txt 2>&1 <<'KEYS'
wait  smccctrace top  by function  sort calls  every
wait 0x84000000 PSCI
send /
wait filter (name or 0xID, empty: all):
send PSCI_VERSION\\r
wait  filter PSCI_VERSION
wait 0x84000000 PSCI_VERSION: 
send g
wait  smccctrace top  by vcpu  sort calls
send s
wait  smccctrace top  by vcpu  sort key
send p
wait  filter PSCI_VERSION  PAUSED
send p
send ?
wait smccctrace top: the calls of a live capture, refreshed every interval
send \\e
wait KEY              CALLS/S  SHARE  KERNEL    USER  DENIED     P50     P99     MAX
send v
wait vcpu (a number, empty: all):
send 0\\r
wait filter PSCI_VERSION  vcpu 0
send q
exit
KEYS
echo "pty-run exit \$?" >>tty-keys.txt
vmms_left >>tty-keys.txt
/pty-run -t 120 -o tty-int.out -- /smccctrace top --by function -- \\
	/testvmm tty-int.truth tty-int.filter.json 0 >tty-int.txt 2>&1 <<'KEYS'
wait 0x84000000 PSCI
send \\x03
exit
KEYS
echo "pty-run exit \$?" >>tty-int.txt
vmms_left >>tty-int.txt
TEST
	chmod +x "$1/top-tty"
}

# tty_cap NAME: the terminfo entry's string NAME, as the host reads it
tty_cap() {
	TERMINFO=$(tty_terminfo) tput -T "$TTY_TERM" "$1"
}

# tty_left OUT: what top wrote after it last hid the cursor, as
# "cnorm rmcup" when the cursor was shown and then the alternate screen
# left, and "text" when anything but control sequences followed
tty_left() {
	local out civis cnorm rmcup tail after
	out=$(cat "$1") civis=$(tty_cap civis) cnorm=$(tty_cap cnorm) rmcup=$(tty_cap rmcup)
	[ -n "$civis" ] && [ -n "$cnorm" ] && [ -n "$rmcup" ] || return
	tail=${out##*"$civis"}
	[[ $tail == *"$cnorm"*"$rmcup"* ]] && printf 'cnorm rmcup'
	after=${tail##*"$rmcup"}
	after=$(printf '%s' "$after" | sed 's/\x1b[[(]\?[?0-9;]*[A-Za-z>=]//g' | tr -d '\r\n')
	[ -z "$after" ] || printf ' text'
}

# tty_steps: what each wait of the keys' run shows, "WHAT|TEXT" a line
tty_steps() {
	cat <<'STEPS'
a function the test VMM calls, in a row|0x84000000 PSCI
/ PSCI_VERSION: its figures on the selected row's line|0x84000000 PSCI_VERSION: 
g: grouped by vCPU| smccctrace top  by vcpu  sort calls
s: sorted by key| smccctrace top  by vcpu  sort key
p: paused| filter PSCI_VERSION  PAUSED
?: the help|smccctrace top: the calls of a live capture, refreshed every interval
Esc: the table again|KEY              CALLS/S  SHARE  KERNEL    USER  DENIED     P50     P99     MAX
v 0: vCPU 0 alone|filter PSCI_VERSION  vcpu 0
STEPS
}

# check_tty_end TXT OUT MODE HOW: top ended by HOW exits 0, gives the
# terminal back and has ended the command it ran
check_tty_end() {
	expect_line "$3" "$1" "top on a terminal: $4: exit 0" "exit 0"
	expect_line "$3" "$1" "top on a terminal: $4: the terminal's settings back" \
		"termios restored"
	expect_line "$3" <(tty_left "$2"; echo) \
		"top on a terminal: $4: the cursor shown, then the alternate screen left, nothing after" \
		"cnorm rmcup"
	expect_line "$3" "$1" "top on a terminal: $4: the test VMM was ended" "test VMMs left 0"
	grep -qx 'pty-run exit 0' "$1" || grep '^# |' "$1" | sed 's/^/#   /'
}

# check_top_tty DIR MODE: both runs of top-tty
check_top_tty() {
	local d=$1 what text
	while IFS='|' read -r what text; do
		expect_line "$2" "$d/tty-keys.txt" "top on a terminal: $what" "ok wait $text"
	done < <(tty_steps)
	check_tty_end "$d/tty-keys.txt" "$d/tty-keys.out" "$2" q
	check_tty_end "$d/tty-int.txt" "$d/tty-int.out" "$2" Ctrl-C
}
