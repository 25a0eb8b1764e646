#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# counters_prompt: the -e list can be changed while the dashboard runs:
# 'e' opens a prompt in the status line, Enter applies.  A good event
# appears with its rate from the next ticks; a bad one is refused with
# libpfm4's reason and the old list keeps counting; an empty list stops
# the user events.
: "${top_srcdir:?run through make check}"
. "$top_srcdir/tests/tui/lib.sh"

"$top_builddir/tests/workloads/pagetouch" 16 1 &
WL_PID=$!
KILL_PIDS="$WL_PID"

start_ctop ev -p "$WL_PID" -d 0.5 -F 0
wait_for ev "IPC "
screen ev | grep -q "perf::PAGE-FAULTS" && fail "an event is shown before any was asked for"

T send-keys -t ev e
wait_for ev "events \(Enter applies, Esc cancels\)"
T send-keys -t ev "perf::PAGE-FAULTS" Enter
wait_for ev "counting perf::PAGE-FAULTS"
# pagetouch faults 4096 pages a second: the rate is thousands, not 0.
wait_for ev "perf::PAGE-FAULTS [0-9.]+k/s"

T send-keys -t ev e
wait_for ev "events \(Enter applies.*perf::PAGE-FAULTS_"
T send-keys -t ev C-u "perf::NO-SUCH-EVENT" Enter
wait_for ev "events not changed: .*perf::NO-SUCH-EVENT.*event not found"
# The old list still counts.
wait_for ev "perf::PAGE-FAULTS [0-9.]+k/s"

# Esc leaves things as they were; 'q' typed into the prompt is text.
T send-keys -t ev e q Escape
wait_for ev "perf::PAGE-FAULTS [0-9.]+k/s"
screen ev | grep -q "CTOP_DONE" && fail "q in the prompt quit ctop"

T send-keys -t ev e C-u Enter
wait_for ev "no user events"
wait_gone ev "perf::PAGE-FAULTS [0-9.]+"

T send-keys -t ev q
wait_for ev "CTOP_DONE rc=0"
kill -0 "$WL_PID" 2>/dev/null || fail "the target died"
echo "ok"
