#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# idle: once the target is gone there is nothing to collect and nothing to
# draw, so the dashboard sleeps.  A multi-threaded target (traced by the
# lock back end and sampled, where this machine allows) exits while
# ctop watches it; after the "exited" line is on screen, strace counts
# ctop's system calls until it has seen 2 s of them: a hung-up event fd
# left in the loop would show as thousands of epoll_wait returns.
. "$top_srcdir/tests/tui/lib.sh"

command -v strace >/dev/null 2>&1 || {
	echo "SKIP: strace is not installed"
	exit 77
}
"$top_builddir/tests/workloads/threads" "$WORK/count" 4 &
WL_PID=$!
KILL_PIDS="$KILL_PIDS $WL_PID"
start_ctop idle -p "$WL_PID" -d 0.5
wait_for idle "pid $WL_PID"
wait_for idle "exited" 20
CPID=$(cat "$WORK/idle.pid")
timeout 2 strace -qq -f -o "$WORK/st" -p "$CPID"
calls=$(grep -c . "$WORK/st")
echo "system calls in 2 s after the target exited: $calls"
[ "$calls" -le 20 ] || fail "$calls system calls in 2 s with nothing to do: $(sort "$WORK/st" | sed 's/(.*//' | uniq -c | sort -rn | head -3 | tr '\n' ' ')"
T send-keys -t idle q
wait_for idle "CTOP_DONE rc=0"
echo "PASS"
