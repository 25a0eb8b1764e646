#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# sched_runq: run-queue wait per thread.  Two busy threads pinned to one
# CPU take turns on it, so each waits for it about half the time (more on
# a loaded machine).  At every JSON line ctop writes, the test reads each
# thread's own schedstat; over each interval between two lines, ctop's
# runq_wait_pct of each busy thread must be within 10 points of the wait
# the test measured, on average over the run and in most intervals; the
# plain-words hint must appear (it needs SCHED_HINT_HOLD ticks to show).
. "$top_srcdir/tests/integration/lib.sh"

command -v taskset >/dev/null 2>&1 || { echo "taskset missing"; exit 77; }
[ -r /proc/self/schedstat ] || { echo "no schedstat in this kernel"; exit 77; }
cpu=$(taskset -pc $$ | sed 's/.*: *//; s/[-,].*//')
TMPDIR="$TMPD" taskset -c "$cpu" "$WL/pinned" 2 120 >/dev/null &
WL_PID=$!
WL_PIDS="$WL_PIDS $WL_PID"
# Both threads exist (count, not time): main + busy1 + busy2.
i=0
while [ "$(ls /proc/$WL_PID/task 2>/dev/null | wc -l)" -lt 3 ]; do
	i=$((i + 1))
	[ $i -gt 500 ] && fail "pinned did not start its threads"
	sleep 0.01
done

python3 - "$CTOP" "$WL_PID" <<'PYEOF'
import json, subprocess, sys, time
ctop, pid = sys.argv[1], sys.argv[2]
def sched():
    out = {}
    import os
    for tid in os.listdir("/proc/%s/task" % pid):
        try:
            comm = open("/proc/%s/task/%s/comm" % (pid, tid)).read().strip()
            run, wait, _ = open("/proc/%s/task/%s/schedstat" % (pid, tid)).read().split()
        except OSError:
            continue
        out[int(tid)] = (comm, int(wait))
    return out
p = subprocess.Popen([ctop, "-p", pid, "--batch", "-f", "json", "-n", "8", "-d", "0.5",
                      "-F", "0", "--locks", "off"], stdout=subprocess.PIPE, text=True)
rows, truth = [], []
for line in p.stdout:
    truth.append((time.monotonic(), sched()))
    rows.append(json.loads(line))
p.wait()
assert p.returncode == 0, "ctop exited %d" % p.returncode
assert len(rows) == 8, "want 8 lines, got %d" % len(rows)
good = total = 0
sums = {}
for i in range(1, len(rows)):
    (t0, s0), (t1, s1) = truth[i - 1], truth[i]
    for t in rows[i]["threads"]:
        if not t["comm"].startswith("busy"):
            continue
        tid = t["tid"]
        if tid not in s0 or tid not in s1:
            continue
        want = (s1[tid][1] - s0[tid][1]) / 1e9 / (t1 - t0) * 100
        got = t["runq_wait_pct"]
        print("interval %d %s: ctop %.1f%%  schedstat %.1f%%" % (i, t["comm"], got, want))
        total += 1
        good += abs(got - want) <= 10
        a = sums.setdefault(t["comm"], [0, 0, 0])
        a[0] += got; a[1] += want; a[2] += 1
bad = []
for comm, (g, w, n) in sorted(sums.items()):
    g, w = g / n, w / n
    print("%s: mean ctop %.1f%%, schedstat %.1f%%" % (comm, g, w))
    if abs(g - w) > 10:
        bad.append("%s: mean %.1f%% vs %.1f%%" % (comm, g, w))
    if w < 20:
        bad.append("%s waited only %.1f%%: not sharing a CPU?" % (comm, w))
if len(sums) != 2:
    bad.append("busy threads seen: %s" % list(sums))
if good < 0.75 * total:
    bad.append("only %d of %d intervals within 10 points" % (good, total))
last = rows[-1]
if not any("waiting for a CPU" in h for h in last["sched_hints"]):
    bad.append("no run-queue hint: %s" % last["sched_hints"])
print("hints:", last["sched_hints"])
print("process runq_wait_pct %.1f, share %.1f%%" % (last["process"]["runq_wait_pct"],
      last["process"]["runq_wait_share_pct"]))
if bad:
    print("FAIL: " + "; ".join(bad))
    sys.exit(1)
PYEOF
