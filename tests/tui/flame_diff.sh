#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# flame_diff: the differential flame view on hotswitch, whose hot function
# changes from alpha to beta on SIGUSR1.  With a 5 s window, once both the
# window and the one before hold samples of alpha, the signal switches:
# beta's bar is marked grown ('+'); paused there (space freezes the
# snapshot, so a slow machine cannot slide the windows on), the status
# line gives beta a positive change in points.  Waits for sample counts
# and for the marks, never for a fixed time.
. "$top_srcdir/tests/tui/lib.sh"
. "$top_srcdir/tests/tui/flame_lib.sh"

"$top_builddir/tests/workloads/hotswitch" 180 >/dev/null &
WL_PID=$!
KILL_PIDS="$KILL_PIDS $WL_PID"
start_ctop fd -p "$WL_PID" -d 0.5 --window 5
wait_for fd "pid $WL_PID"
T send-keys -t fd 6 d
wait_for fd "^Flame: last 5s, all threads, [0-9]+ samples, diff"
wait_samples fd 30
# The window before must hold samples too, or the change is n/a.
wait_gone fd "no samples before" 60
wait_for fd "^ *alpha +[^ ]" 30
kill -USR1 "$WL_PID"
wait_for fd "\+beta" 60
T send-keys -t fd Space
wait_for fd "PAUSED"
screen fd | LC_ALL=C grep -q "+beta" || fail "beta not marked grown in the paused frame"
T send-keys -t fd / b e t a Enter
wait_for fd "samples  \+[0-9.]+ pts  beta( |$)"
T send-keys -t fd Space
T send-keys -t fd q
wait_for fd "CTOP_DONE rc=0"
check_target
echo "PASS"
