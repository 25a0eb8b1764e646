#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Ending ctop from outside: SIGTERM and Ctrl-C both end it with status 0,
# the terminal modes come back (icanon, echo), the dashboard leaves the
# screen, and the target is still running and not stopped.
. "$top_srcdir/tests/tui/lib.sh"

start_sleeper

start_ctop term -p "$WL_PID" -d 0.5
wait_for term "pid $WL_PID"
wait_for term "TID +COMMAND"
kill -TERM "$(cat "$WORK/term.pid")"
wait_for term "CTOP_DONE rc=0"
wait_for term "MODES icanon echo"
screen term | grep -q "6 Flame" && fail "dashboard still on screen after SIGTERM"
check_target

start_ctop intr -p "$WL_PID" -d 0.5
wait_for intr "pid $WL_PID"
T send-keys -t intr C-c
wait_for intr "CTOP_DONE rc=0"
wait_for intr "MODES icanon echo"
screen intr | grep -q "6 Flame" && fail "dashboard still on screen after Ctrl-C"
check_target
echo "PASS"
