# SPDX-License-Identifier: GPL-2.0
#
# A full-screen command driven in tmux, as a person would: source it after
# lib.sh, define pane_command, then
#	tmux_init NAME GREP TENTHS  NAME (top, view) is what the pane says it ran;
#	                            GREP how wait_for matches (-E an extended RE,
#	                            -F a fixed string); TENTHS of a second it waits
#	start W H [VAR=value...] -- [ARGS]
#	                            the command in a new pane of W x H
#	screen, lines N[,M]         what the pane shows (through screen_filter)
#	wait_for TEXT [TENTHS]      until a line of the screen matches TEXT
#	wait_exit                   the command's exit status, once it ended
#	keys WANT KEY...            the keys sent, then wait_for WANT
#	check_keys WANT KEY...      the same, as one test point
#	restored WHAT RC            three test points: the terminal given back
# pane_command ARGS prints the shell text that runs the command with ARGS
# after writing its pid to $TMP/pid; screen_filter (by default none) rewrites
# what changes from run to run.

tmux_init() {
	tmux_name=$1
	tmux_grep=$2
	tmux_wait=$3
	sock=smccctrace-$(basename "$0" .sh)-$$
	n=0
	trap 'tm kill-server 2>/dev/null; rm -rf "$TMP"' EXIT
}

# tm ARGS: tmux on the server of the pane started last
tm() {
	tmux -L "$sock-$n" -f /dev/null "$@"
}

screen_filter() {
	cat
}

# start W H [VAR=value...] -- [ARGS]: the command in a pane of W x H, on a
# server of its own. The pane prints a line before and after (its shell
# outlives a Ctrl-C), and keeps the terminal's settings and the exit status
# for the checks.
start() {
	w=$1 h=$2
	shift 2
	env=
	while [ "$1" != -- ]; do
		env="$env $1"
		shift
	done
	shift
	cmd=$(pane_command "$@")
	rm -f "$TMP/pid" "$TMP/rc" "$TMP/err"
	cat >"$TMP/pane.sh" <<-EOF
	trap true INT
	printf 'before $tmux_name\n'
	stty -g >"$TMP/stty.before"
	cd "$TMP"
	env TERM=screen $env $cmd 2>"$TMP/err"
	rc=\$?
	stty -g >"$TMP/stty.after"
	printf '$tmux_name exited %s\n' "\$rc"
	echo "\$rc" >"$TMP/rc"
	exec sleep 600
	EOF
	tm kill-server 2>/dev/null
	n=$((n + 1))
	tm new-session -d -x "$w" -y "$h" "sh $TMP/pane.sh"
}

screen() {
	tm capture-pane -p | screen_filter
}

lines() {
	screen | sed -n "$1p"
}

# wait_for TEXT [TENTHS]: until a line of the screen matches TEXT
# ($tmux_wait tenths of a second at most by default)
wait_for() {
	i=0
	while [ $i -lt "${2:-$tmux_wait}" ]; do
		screen | grep -q "$tmux_grep" -- "$1" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

wait_exit() {
	i=0
	while [ $i -lt "$tmux_wait" ] && [ ! -s "$TMP/rc" ]; do
		sleep 0.1
		i=$((i + 1))
	done
	cat "$TMP/rc" 2>/dev/null
}

# keys WANT KEY...: the keys sent, then wait until the screen shows WANT
keys() {
	want=$1
	shift
	tm send-keys "$@"
	wait_for "$want"
}

# check_keys WANT KEY...: keys, as a test point that shows the screen when it fails
check_keys() {
	want=$1
	shift
	if keys "$want" "$@"; then
		pass "keys $*: $want"
	else
		fail "keys $*: $want"
		screen | sed 's/^/#   /'
	fi
}

# Given back: the pane as before, the cursor shown, the settings as they were
restored() {
	check_eq "$1: the pane as before $tmux_name" "$(screen | sed -n 1,2p)" "before $tmux_name
$tmux_name exited $2"
	check_eq "$1: no alternate screen, cursor shown" \
		"$(tm display -p '#{alternate_on} #{cursor_flag}')" "0 1"
	check_eq "$1: the terminal's settings back" "$(cat "$TMP/stty.after")" \
		"$(cat "$TMP/stty.before")"
}
