#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The dashboard in a real terminal (tmux, 80x24): the header names the
# target, every panel key and the modal screens draw, pause and interval
# show in the header, the screen survives resizes down to 20x5, q quits,
# and the target is left running and untraced.
. "$top_srcdir/tests/tui/lib.sh"

start_sleeper
start_ctop dash -p "$WL_PID" -d 0.5
# The command line is re-read every tick: the target may not have exec'd
# yet when ctop first looks, so wait for the header to name it.
wait_for dash "pid $WL_PID .*$WL_NAME"
screen dash | grep -q "1 CPU.*2 Memory.*3 IO.*4 Locks.*5 Hot.*6 Flame" || fail "no tab bar"
wait_for dash "TID +COMMAND"
wait_for dash "proc"

T send-keys -t dash 2
wait_for dash "RSS over the last"
wait_for dash "faults/s"
# RSS is never zero, so the graph must show block glyphs in UTF-8.
wait_for dash "$BLOCKS"
T send-keys -t dash g
wait_for dash "$BRAILLE"
wait_gone dash "$BLOCKS"
T send-keys -t dash g
wait_gone dash "$BRAILLE|$BLOCKS"
wait_for dash "#"
T send-keys -t dash g
wait_for dash "$BLOCKS"
T send-keys -t dash 3
wait_for dash "DISK|disks: n/a|process IO: n/a"
T send-keys -t dash 4
wait_for dash "Locks: [a-z]* back end"
wait_for dash "no contention this interval|LOCK  "
T send-keys -t dash 6
wait_for dash "^Flame"
# Tab wraps from the last panel to the first.
T send-keys -t dash Tab
wait_for dash "TID +COMMAND"
T send-keys -t dash BTab
wait_for dash "^Flame"
T send-keys -t dash 1

T send-keys -t dash h
wait_for dash "Keys"
wait_for dash "This panel: CPU"
# The rules behind the counter hints are written in the CPU panel's help,
# below the first screen of an 80x24 terminal: the help scrolls.
wait_for dash "help rows [0-9]+-[0-9]+ of [0-9]+"
T send-keys -t dash NPage
wait_for dash "help rows 2[0-9]-"
T send-keys -t dash NPage
wait_for dash "IPC < 1.0 +-> low instruction-level parallelism"
wait_for dash "memory-bound"
wait_for dash "unpredictable branches"
T send-keys -t dash PPage
T send-keys -t dash PPage
wait_for dash "This panel: CPU"
T send-keys -t dash h
wait_gone dash "This panel: CPU"

T send-keys -t dash t
wait_for dash "Focus a thread"
wait_for dash "whole process"
# Down to the one thread, Enter: the status line names the focus.
T send-keys -t dash Down Enter
wait_for dash "thread $WL_PID"
T send-keys -t dash t 0
wait_gone dash "thread $WL_PID"

T send-keys -t dash Space
wait_for dash "PAUSED"
T send-keys -t dash Space
wait_gone dash "PAUSED"

wait_for dash "every 0.5s"
T send-keys -t dash +
wait_for dash "every 1s"
T send-keys -t dash - -
wait_for dash "every 0.25s"

T resize-window -t dash -x 40 -y 10
wait_for dash "pid $WL_PID"
wait_for dash "1 CPU"
T resize-window -t dash -x 20 -y 5
wait_for dash "too small"
T resize-window -t dash -x 120 -y 40
wait_for dash "TID +COMMAND"
wait_gone dash "too small"
T resize-window -t dash -x 80 -y 24
wait_for dash "6 Flame"

T send-keys -t dash q
wait_for dash "CTOP_DONE rc=0"
wait_for dash "MODES icanon echo"
check_target

# --ascii: not one byte outside 7-bit ASCII on any panel.
start_ctop asc --ascii -p "$WL_PID" -d 0.5
wait_for asc "pid $WL_PID"
for k in 1 2 3 4 6; do
	T send-keys -t asc $k
	sleep 0.3
	if screen asc | LC_ALL=C grep -q '[^ -~]'; then
		screen asc
		fail "--ascii drew non-ASCII on panel $k"
	fi
done
T send-keys -t asc 2
wait_for asc "RSS over the last"
wait_for asc "#"
T send-keys -t asc q
wait_for asc "CTOP_DONE rc=0"

# The target goes away: the last frame stays, the status line says so.
start_ctop gone -p "$WL_PID" -d 0.25
wait_for gone "pid $WL_PID"
kill "$WL_PID"
wait_for gone "process $WL_PID exited"
if ! screen gone | grep -q "CPU .*2 Memory"; then
	screen gone
	fail "last frame not kept"
fi
T send-keys -t gone q
wait_for gone "CTOP_DONE rc=0"
echo "PASS"
