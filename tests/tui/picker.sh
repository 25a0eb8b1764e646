#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The picker: ctop with no pid lists processes; typing part of a name
# filters the list down to the workload, Enter opens its dashboard.
# Esc in the picker quits without watching anything.
. "$top_srcdir/tests/tui/lib.sh"

start_sleeper

start_ctop pick
wait_for pick "pick a process"
wait_for pick "PID +USER +CPU% +RSS +COMMAND"
T send-keys -t pick -l "sleep$$"
wait_for pick "filter: sleep$$"
wait_for pick "^ +$WL_PID .*$WL_NAME"
wait_for pick "1 of [0-9]+ processes"
T send-keys -t pick Enter
wait_for pick "pid $WL_PID"
wait_for pick "TID +COMMAND"
T send-keys -t pick q
wait_for pick "CTOP_DONE rc=0"
check_target

start_ctop esc
wait_for esc "pick a process"
T send-keys -t esc Escape
wait_for esc "CTOP_DONE rc=0"
wait_for esc "MODES icanon echo"
echo "PASS"
