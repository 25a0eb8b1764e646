#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Keys that must not surprise: F2 sent as ESC O Q in separate writes (so
# curses cannot decode it) does not quit; the e prompt says when its
# input is full instead of dropping keys silently; TERM=dumb is refused
# with a clear message instead of a screen drawn on one line.
. "$top_srcdir/tests/tui/lib.sh"

start_sleeper
start_ctop k -p "$WL_PID" -d 0.5
wait_for k "TID +COMMAND"
T send-keys -t k -H 1b
sleep 0.2
T send-keys -t k -H 4f
sleep 0.2
T send-keys -t k -H 51
T send-keys -t k F2
T send-keys -t k 2
wait_for k "RSS"
screen k | grep -q CTOP_DONE && fail "F2 quit ctop"

T send-keys -t k e
wait_for k "events \(Enter applies"
long=$(printf 'x%.0s' $(seq 1 300))
T send-keys -t k -l "$long"
wait_for k "events \(FULL, 255 max"
T send-keys -t k Escape
wait_gone k "events \(FULL"
T send-keys -t k q
wait_for k "CTOP_DONE rc=0"

T new-session -d -s dumb -x 80 -y 24 \
	"env TERM=dumb $CTOP -p $WL_PID; echo CTOP_DONE rc=\$?; sleep 30"
wait_for dumb "CTOP_DONE rc=1"
wait_for dumb "terminal type 'dumb' cannot move the cursor"
check_target
echo PASS
