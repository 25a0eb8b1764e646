#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Resize storm: on every panel (1-6) and on the help screen, the tmux
# window is resized many times in quick succession to random sizes from
# 1x1 to 300x100.  Under four terminals (xterm-256color in UTF-8, in the C
# locale, with NO_COLOR=1; vt100 in the C locale) ctop must keep running,
# draw the panel again once the window is 80x24, quit with status 0 on q,
# leave the alternate screen (the pane shows the shell, not the
# dashboard) and leave the terminal modes (stty -a) as they were.
. "$top_srcdir/tests/tui/lib.sh"

RESIZES=${RESIZES:-20}

start_sleeper

# The marker each panel draws at 80x24, by key.
marker() {
	case "$1" in
	1) echo "TID +COMMAND" ;;
	2) echo "RSS over the last" ;;
	3) echo "DISK|disks: n/a|process IO: n/a" ;;
	4) echo "Locks: [a-z]* back end" ;;
	5) echo "Hot functions" ;;
	6) echo "^Flame" ;;
	'?') echo "Keys" ;;
	esac
}

pid_of() { cat "$WORK/$1.pid" 2>/dev/null; }

alive() {
	p=$(pid_of "$1")
	[ -n "$p" ] && kill -0 "$p" 2>/dev/null
}

# storm NAME: RESIZES random sizes, ctop checked alive after each.
storm() {
	od -An -N$((4 * RESIZES)) -tu2 /dev/urandom | tr -s ' ' '\n' | grep . | paste - - |
		while read -r a b; do
			w=$((1 + a % 300))
			h=$((1 + b % 100))
			T resize-window -t "$1" -x "$w" -y "$h" || exit 1
			alive "$1" || { echo "ctop died at ${w}x$h"; exit 1; }
			sleep 0.02
		done || fail "$1: $(T capture-pane -p -t "$1" | tail -3)"
}

# settle NAME: back to 80x24, polled on the pane's terminal itself (tmux
# applies a pane's new size later, at a limited rate, so the last request
# of a storm is checked and made again until the terminal has it).
settle() {
	tty=$(T display -p -t "$1" '#{pane_tty}')
	deadline=$(($(date +%s) + 20))
	T resize-window -t "$1" -x 80 -y 24
	while [ "$(stty -F "$tty" size 2>/dev/null)" != "24 80" ]; do
		[ "$(date +%s)" -lt "$deadline" ] ||
			fail "$1: the terminal is $(stty -F "$tty" size), not 24 80, 20 s after the storm"
		sleep 0.2
		T resize-window -t "$1" -x 80 -y 24
	done
}

# one NAME ENV...: the whole check under one terminal and locale.
one() {
	name=$1
	shift
	T new-session -d -s "$name" -x 80 -y 24 \
		"stty -a >$WORK/$name.stty0; env $* sh -c 'echo \$\$ >$WORK/$name.pid; exec $CTOP -p $WL_PID -d 0.2'; echo CTOP_DONE rc=\$?; stty -a >$WORK/$name.stty1; echo SHELL_BACK; sleep 60"
	wait_for "$name" "pid $WL_PID" 20
	wait_for "$name" "TID +COMMAND" 20
	for key in 1 2 3 4 5 6 '?'; do
		T send-keys -t "$name" "$key"
		wait_for "$name" "$(marker "$key")" 20
		storm "$name"
		settle "$name"
		alive "$name" || fail "$name: ctop ended during the storm on $key"
		wait_for "$name" "$(marker "$key")" 20
		[ "$key" = '?' ] && T send-keys -t "$name" Escape
	done
	wait_gone "$name" "^Keys" 20
	T send-keys -t "$name" q
	wait_for "$name" "CTOP_DONE rc=0" 20
	wait_for "$name" "SHELL_BACK" 20
	[ "$(T display -p -t "$name" '#{alternate_on}')" = 0 ] ||
		fail "$name: the alternate screen is still on after ctop ended"
	screen "$name" | LC_ALL=C grep -qE "6 Flame|TID +COMMAND" &&
		fail "$name: the dashboard is still on screen after q"
	cmp -s "$WORK/$name.stty0" "$WORK/$name.stty1" || {
		diff "$WORK/$name.stty0" "$WORK/$name.stty1"
		fail "$name: the terminal modes changed"
	}
	check_target
	echo "$name ($*): $RESIZES resizes on each of 1-6 and help; q gave 0; modes and screen restored"
	T kill-session -t "$name"
}

keep_server
one utf8 TERM=xterm-256color LANG=C.UTF-8
one clocale TERM=xterm-256color LANG=C LC_ALL=C
one nocolor TERM=xterm-256color LANG=C.UTF-8 NO_COLOR=1
one vt100 TERM=vt100 LANG=C LC_ALL=C
echo "PASS"
