#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# offcpu_wall: wall-clock stacks of the offcpu workload (one thread
# sleeping in nanosleep from sleep_here, one blocked in read on a pipe
# from read_here, one busy in busy_here) under both back ends: trace
# (context-switch records; root) with the perf sampler, and sample
# (schedstat, /proc syscall, ptrace stack copies) with the ptrace sampler.
# In hot_wall each known function is about a third of the three (within
# 10 points) and sits under its reason's leaf: nanosleep's leaf is of
# class sleep, read's of class io.  Then a pool of 60 threads, 58 parked
# for good: the sample back end stops each parked thread about once
# (its copy is re-used while it has not run, including past the run
# time the copy's own stop added), not at every look.
. "$top_srcdir/tests/integration/lib.sh"

start_workload offcpu 600
i=0
while [ "$(ls /proc/$WL_PID/task 2>/dev/null | wc -l)" -lt 4 ]; do
	i=$((i + 1))
	[ $i -gt 500 ] && fail "offcpu did not start its threads"
	sleep 0.01
done

check_wall() {
	python3 - "$1" "$2" <<'PYEOF'
import json, sys
path, backend = sys.argv[1:3]
rows = [json.loads(l) for l in open(path) if l.strip()]
d = rows[-1]
w = d.get("wall")
if w is None or w["backend"] != backend:
    print("wall back end %s, want %s" % (w, backend))
    sys.exit(77 if w is not None and w["backend"] == "off" else 1)
hot = d["hot_wall"]
assert d["hot_wall_samples"] >= 100, "only %d samples" % d["hot_wall_samples"]
tot = {h["function"]: h["total_pct"] for h in hot}
leaf = {h["function"]: h["module"] for h in hot if h["function"].startswith("[off-cpu")}
for h in hot[:10]:
    print("%5.1f %5.1f %s %s" % (h["self_pct"], h["total_pct"], h["function"], h["module"]))
fns = ["sleep_here", "read_here", "busy_here"]
s = sum(tot.get(f, 0) for f in fns)
bad = []
for f in fns:
    share = 100.0 * tot.get(f, 0) / s if s else 0
    print("%s: %.1f%% of the three" % (f, share))
    if abs(share - 100.0 / 3) > 10:
        bad.append("%s %.1f%%" % (f, share))
if not any(m == "[off-cpu sleep]" and "nanosleep" in f for f, m in leaf.items()):
    bad.append("no nanosleep leaf of class sleep: %s" % leaf)
if not any(m == "[off-cpu io]" and "read" in f for f, m in leaf.items()):
    bad.append("no read leaf of class io: %s" % leaf)
if bad:
    print("FAIL (%s): %s" % (backend, "; ".join(bad)))
    sys.exit(1)
PYEOF
}

rc=0
if [ "$(id -u)" -eq 0 ]; then
	run_batch "$TMPD/trace.json" -p "$WL_PID" --batch -f json -n 8 -d 1 --wall \
		--wall-backend trace --sampler perf --locks off
	check_wall "$TMPD/trace.json" trace || rc=1
else
	echo "not root: the trace back end is not tested"
fi
# A window of steady state (its 10 s after the first 3, when the stack
# copies of the sleepers are in hand) holding 600 samples or more.
run_json_until "$TMPD/sample.json" \
	'(rows[-1].get("wall") or {}).get("backend") != "sample" or
	 (len(rows) >= 13 and rows[-1]["hot_wall_samples"] >= 600)' \
	-p "$WL_PID" --batch -f json -n 300 -d 1 --wall \
	--wall-backend sample --sampler ptrace --locks off
check_wall "$TMPD/sample.json" sample || rc=1

# The parked pool: copies stay near the thread count however many looks.
"$WL/pool" 60 2 600 2>/dev/null &
POOL_PID=$!
WL_PIDS="$WL_PIDS $POOL_PID"
i=0
while [ "$(ls /proc/$POOL_PID/task 2>/dev/null | wc -l)" -lt 61 ]; do
	i=$((i + 1))
	[ $i -gt 500 ] && fail "pool did not start its threads"
	sleep 0.01
done
run_json_until "$TMPD/pool.json" \
	'(rows[-1].get("wall") or {}).get("backend") != "sample" or
	 (len(rows) >= 4 and (rows[-1]["wall"].get("stacks_reused") or 0) >= 2000)' \
	-p "$POOL_PID" --batch -f json -n 120 -d 1 --wall \
	--wall-backend sample --sampler ptrace --locks off
python3 - "$TMPD/pool.json" <<'PYEOF' || rc=1
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
w = rows[-1]["wall"]
print("pool: %d snapshots, stacks copied %s, re-used %s, look rate %s Hz" % (
    len(rows), w["stacks_copied"], w["stacks_reused"], w["rate_hz"]))
# 58 parked threads need one copy each (a few more when a copy's stop
# came late or a look raced a wake-up); re-stopping them at every look
# would copy thousands.
if w["stacks_reused"] < 2000 or w["stacks_copied"] > 2 * 58 + 30:
    print("FAIL: parked threads stopped again and again")
    sys.exit(1)
PYEOF

# Threads that have not run for 5 s fold under one [idle threads: ...]
# leaf with no stack, by both back ends; --wall-idle keeps them apart.
idle_check() {
	python3 - "$1" "$2" <<'PYEOF' || rc=1
import json, sys
path, want = sys.argv[1], sys.argv[2] == "folded"
rows = [json.loads(l) for l in open(path) if l.strip()]
d = rows[-1]
idle = [h for h in d["hot_wall"] if h["function"].startswith("[idle threads:")]
print("%s (%s): %d snapshots, idle rows %s" % (path.split("/")[-1], d["wall"]["backend"], len(rows),
      [(h["function"], h["self_pct"]) for h in idle]))
if want and (not idle or idle[0]["self_pct"] < 20):
    print("FAIL: 58 parked threads are not folded into an idle leaf")
    sys.exit(1)
if not want and idle:
    print("FAIL: idle threads folded despite --wall-idle")
    sys.exit(1)
PYEOF
}
# The window of the last 5 s, once every look in it came after the
# 5 s of idleness: 11 snapshots of 1 s.
IDLE_COND='(rows[-1].get("wall") or {}).get("backend") in (None, "off") or len(rows) >= 12'
run_json_until "$TMPD/idle.json" "$IDLE_COND" -p "$POOL_PID" --batch -f json -n 60 -d 1 --window 5 \
	--wall --wall-backend sample --sampler ptrace --locks off
idle_check "$TMPD/idle.json" folded
run_json_until "$TMPD/noidle.json" "$IDLE_COND" -p "$POOL_PID" --batch -f json -n 60 -d 1 --window 5 \
	--wall --wall-idle --wall-backend sample --sampler ptrace --locks off
idle_check "$TMPD/noidle.json" shown
if [ "$(id -u)" -eq 0 ]; then
	run_json_until "$TMPD/idle_trace.json" "$IDLE_COND" -p "$POOL_PID" --batch -f json -n 60 \
		-d 1 --window 5 --wall --wall-backend trace --sampler perf --locks off
	idle_check "$TMPD/idle_trace.json" folded
fi
exit $rc
