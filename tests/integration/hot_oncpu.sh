#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# hot_oncpu: the ptrace back end weights samples by on-CPU time.  hotwork
# oncpu runs two spinners pinned to one CPU (one at nice 5, so they share
# it about 3:1 and each waits for it the rest of the time) and a thread
# that naps.  The shares of the three threads' functions must match their
# on-CPU time (from schedstat over the same run) within 10 points, and the
# napping thread must be near 0: waiting for a CPU is not work.
. "$top_srcdir/tests/integration/hot_lib.sh"

command -v taskset >/dev/null 2>&1 || { echo "taskset missing"; exit 77; }
[ -r /proc/self/schedstat ] || { echo "no schedstat in this kernel"; exit 77; }
cpu=$(taskset -pc $$ | sed 's/.*: *//; s/[-,].*//')
TMPDIR="$TMPD" taskset -c "$cpu" "$WL/hotwork" oncpu 120 >/dev/null &
WL_PID=$!
WL_PIDS="$WL_PIDS $WL_PID"
sleep 0.3

# schedstat of every thread, by name: "name oncpu_ns".
oncpu() {
	for t in /proc/"$WL_PID"/task/*; do
		printf '%s %s\n' "$(cat "$t/comm")" "$(cut -d' ' -f1 "$t/schedstat")"
	done
}
oncpu >"$TMPD/before"
HOT_MIN_SAMPLES=400
run_hot "$WL_PID" ptrace "$TMPD/pt.json"
oncpu >"$TMPD/after"
if sampler_missing "$TMPD/pt.json"; then
	exit 77
fi
python3 - "$TMPD/pt.json" "$TMPD/before" "$TMPD/after" <<'PYEOF'
import json, sys
out, before, after = sys.argv[1:4]
def load(p):
    return {l.split()[0]: int(l.split()[1]) for l in open(p) if l.strip()}
b, a = load(before), load(after)
cpu = {k: a[k] - b.get(k, 0) for k in a}
truth_total = sum(cpu.values())
rows = [json.loads(l) for l in open(out)]
assert len(rows) >= 3, "want 3 snapshots or more"
total = 0
incl = {}
for d in rows[1:]:
    n = d["sampler"]["interval_samples"]
    total += n
    for h in d["hot_interval"]:
        incl[h["function"]] = incl.get(h["function"], 0) + h["total_pct"] * n / 100.0
assert total >= 100, "only %d samples" % total
fn = {"heavy": "spin_heavy", "light": "spin_light", "sleeper": "nap_loop"}
bad = []
for thread, f in fn.items():
    want = 100.0 * cpu.get(thread, 0) / truth_total
    got = 100.0 * incl.get(f, 0) / total
    print("%-8s on-CPU %5.1f%%  ctop %-10s %5.1f%%" % (thread, want, f, got))
    if abs(got - want) > 10:
        bad.append("%s %.1f%% vs on-CPU %.1f%%" % (f, got, want))
# The napper runs a little (more on a loaded machine, where the spinners
# get less): near zero, and no more than its own on-CPU share allows.
sl = 100.0 * incl.get("nap_loop", 0) / total
sl_cpu = 100.0 * cpu.get("sleeper", 0) / truth_total
if sl > max(3, sl_cpu + 2) or sl > 10:
    bad.append("the napping thread has %.1f%% (on-CPU %.1f%%)" % (sl, sl_cpu))
assert not bad, "; ".join(bad)
PYEOF
[ $? -eq 0 ] || exit 1
echo "PASS"
