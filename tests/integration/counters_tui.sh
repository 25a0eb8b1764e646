#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# counters_tui: the counter rows in a real terminal (tmux): the CPU panel
# shows "IPC n/a (reason)" where there are no counters (or an IPC figure
# where there are) and the user's -e event with its rate; resizing to a
# tiny screen crashes nothing and q quits.
: "${top_srcdir:?run through make check}"
. "$top_srcdir/tests/tui/lib.sh"

"$top_builddir/tests/workloads/pagetouch" 16 1 &
WL_PID=$!
KILL_PIDS="$WL_PID"

start_ctop ctr -p "$WL_PID" -d 0.5 -F 0 -e perf::PAGE-FAULTS
wait_for ctr "IPC (n/a \((no PMU exposed|perf_event_paranoid|event not supported|permission)|[0-9]+\.[0-9]+)"
wait_for ctr "perf::PAGE-FAULTS [0-9.]+k?/s"
T resize-window -t ctr -x 30 -y 8
sleep 0.6
T resize-window -t ctr -x 80 -y 24
wait_for ctr "IPC "
T send-keys -t ctr q
wait_for ctr "CTOP_DONE rc=0"
kill -0 "$WL_PID" 2>/dev/null || fail "the target died"
echo "ok"
