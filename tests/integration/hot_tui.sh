#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# hot_tui: panel 5 in a real terminal (tmux, 80x24) on hotprof: the table
# ranks leaf_hot first by self, 's' puts a 100 % total function first, 'w'
# switches to since-attach, the detail line shows work as leaf_hot's
# caller, the status line names the back end, and the help says what the
# perf back end cannot see.  The screen helpers are tests/tui/lib.sh's.
. "$top_srcdir/tests/tui/lib.sh"

"$top_builddir/tests/workloads/hotprof" 600 >/dev/null &
WL_PID=$!
KILL_PIDS="$KILL_PIDS $WL_PID"
start_ctop hot -p "$WL_PID" -d 0.5
wait_for hot "pid $WL_PID"
T send-keys -t hot 5
wait_for hot "Hot functions: last 10s, by self"
wait_for hot "SELF% TOTAL% +SAMPLES FUNCTION +MODULE"
# Enough samples in the window for the 75/25 ranking to be certain: a
# count, however slow the machine.
wait_for hot "Hot functions: last 10s, by self, all threads, ([1-9][0-9][0-9]+) samples" 180
# The first row is the hottest by self; its caller is work.
wait_for hot "^ +[0-9.]+ +[0-9.]+ +[0-9]+ leaf_hot +hotprof" 15
screen hot | sed -n 5p | grep -qE " leaf_hot +hotprof" || fail "leaf_hot is not ranked first"
wait_for hot "callers of leaf_hot: work 100%"
wait_for hot "Hz/thread, [0-9]+ samples, [0-9]+ lost|sampling n/a"
T send-keys -t hot s
wait_for hot "by total"
screen hot | sed -n 5p | grep -qE "^ +[0-9.]+ +100.0 " || fail "sorted by total, the first row is not at 100 %"
# w steps 10s -> 30s -> since attach.
T send-keys -t hot w w
wait_for hot "Hot functions: since attach, by total"
T send-keys -t hot h
wait_for hot "on-CPU time only"
T send-keys -t hot h
T send-keys -t hot q
wait_for hot "CTOP_DONE rc=0"
check_target
echo "PASS"
