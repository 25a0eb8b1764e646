#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# frames: the dashboard draws one frame per change, not one per wake-up.
# On the Hot panel at a 1 s interval, watching four busy threads with the
# ptrace sampler at 200 Hz (every sample is a ptrace stop, and every stop
# raises SIGCHLD in ctop), strace counts over ten ticks: the ticks (reads
# of the interval timerfd), the signalfd reads (the SIGCHLD flood), the
# loop's wake-ups and the frames written to the terminal.  No key is
# pressed and nothing is resized meanwhile, so the frames must not
# outnumber the ticks.  tmux pipe-pane counts the bytes the terminal got.
. "$top_srcdir/tests/tui/lib.sh"

command -v strace >/dev/null 2>&1 || {
	echo "SKIP: strace is not installed"
	exit 77
}
TICKS=${FRAMES_TICKS:-10}

"$top_builddir/tests/workloads/threads" "$WORK/count" 300 &
WL_PID=$!
KILL_PIDS="$KILL_PIDS $WL_PID"
start_ctop fr -p "$WL_PID" -d 1 --sampler ptrace -F 200
wait_for fr "pid $WL_PID"
T send-keys -t fr 5
wait_for fr "Hot functions: "
if screen fr | grep -q "sampling n/a"; then
	echo "SKIP: the ptrace sampler cannot run here: $(screen fr | grep -o 'sampling n/a.*')"
	exit 77
fi
wait_for fr "ptrace [0-9.]+ Hz/thread, [1-9][0-9]* samples" 15
CPID=$(cat "$WORK/fr.pid")

# The interval timerfd ticks every 1 s; the sampler's timerfd faster.
tick_fd= sig_fd=
for f in /proc/$CPID/fdinfo/*; do
	n=${f##*/}
	if grep -q "^it_interval: (1, 0)" "$f"; then
		tick_fd=$n
	elif grep -q "^sigmask:" "$f"; then
		sig_fd=$n
	fi
done
[ -n "$tick_fd" ] && [ -n "$sig_fd" ] || fail "no interval timerfd or signalfd in /proc/$CPID/fdinfo"

: >"$WORK/bytes"
T pipe-pane -t fr "cat >> $WORK/bytes"
strace -qq -ttt -e trace=read,write,epoll_wait -e signal=none -o "$WORK/st" -p "$CPID" &
STRACE=$!
KILL_PIDS="$STRACE $KILL_PIDS"
# Wait for a count of ticks, not for a time.
deadline=$(($(date +%s) + TICKS * 4 + 20))
while [ "$(cat "$WORK/st" 2>/dev/null | grep -c "read($tick_fd, ")" -lt $((TICKS + 1)) ]; do
	[ "$(date +%s)" -lt "$deadline" ] || fail "fewer than $TICKS ticks seen"
	sleep 0.2
done
kill -TERM "$STRACE"
wait "$STRACE" 2>/dev/null
T pipe-pane -t fr
python3 - "$WORK/st" "$tick_fd" "$sig_fd" "$WORK/bytes" "$TICKS" "${CTOP_SANITIZE:-}" <<'PYEOF'
import os, re, sys
log, tick_fd, sig_fd, bytes_file, want = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
sanitized = sys.argv[6] != ""
ev = []
for line in open(log):
    m = re.match(r"(\d+\.\d+) (\w+)\((\d+),.*= (-?\d+)", line)
    if m:
        ev.append((float(m.group(1)), m.group(2), m.group(3), int(m.group(4))))
# From the first tick to the (want+1)th: exactly want intervals.
ticks = [i for i, e in enumerate(ev) if e[1] == "read" and e[2] == tick_fd and e[3] == 8]
assert len(ticks) > want, "only %d ticks in the trace" % len(ticks)
span = ev[ticks[0] + 1:ticks[want] + 1]
secs = ev[ticks[want]][0] - ev[ticks[0]][0]
wakes = sum(1 for e in span if e[1] == "epoll_wait" and e[3] > 0)
sigreads = sum(1 for e in span if e[1] == "read" and e[2] == sig_fd and e[3] > 0)
# A frame is what one loop pass writes to the terminal: the passes are
# delimited by epoll_wait, and a pass draws at most once.
frames, drew = 0, False
for e in span:
    if e[1] == "epoll_wait":
        frames += drew
        drew = False
    elif e[1] == "write" and e[2] == "1" and e[3] > 0:
        drew = True
frames += drew
written = sum(e[3] for e in span if e[1] == "write" and e[2] == "1" and e[3] > 0)
print("%d ticks in %.2f s: %d wake-ups, %d signalfd reads (SIGCHLD), %d frames, "
      "%d bytes written (%.0f B/s); pane got %d bytes in the whole trace" %
      (want, secs, wakes, sigreads, frames, written, written / secs, os.path.getsize(bytes_file)))
# More SIGCHLD wake-ups than ticks: had each drawn, frames would exceed
# the ticks.  (Usually ten times more; a loaded machine lowers the rate.)
# Under AddressSanitizer a sample holds a thread about twice as long, and
# on a loaded machine the sampler's 2 % hold budget then lowers its rate
# below a flood: nothing to test, said, not failed.
if sanitized and sigreads <= want:
    print("SKIP: sanitizer build: the ptrace sampler lowered its rate below a SIGCHLD "
          "flood (%d signalfd reads for %d ticks)" % (sigreads, want))
    sys.exit(77)
assert sigreads > want, "no SIGCHLD flood to test against (%d signalfd reads)" % sigreads
assert frames <= want, "%d frames for %d ticks, no keys, no resizes" % (frames, want)
assert frames >= want - 1, "%d frames for %d ticks: ticks are not drawn" % (frames, want)
PYEOF
rc=$?
[ $rc -eq 0 ] || exit $((rc == 77 ? 77 : 1))
T send-keys -t fr q
wait_for fr "CTOP_DONE rc=0"
check_target
echo "PASS"
