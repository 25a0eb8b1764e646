# SPDX-License-Identifier: GPL-2.0-or-later
# hot_lib.sh: shared by the hot_*.sh tests (sourced, not run).  Starts the
# hotprof workload (main -> work -> leaf_hot 75 % / leaf_cold 25 %), runs
# ctop in batch mode with a chosen sampler, and sums the per-snapshot hot
# lists with python3.

. "$top_srcdir/tests/integration/lib.sh"

HOTPROF="$WL/hotprof"

# start_hotprof PROGRAM SECONDS: starts it in the background, sets WL_PID.
start_hotprof() {
	start_workload "$1" "$2"
	sleep 0.3
}

# run_hot PID SAMPLER OUT: one-second JSON snapshots sampled by SAMPLER
# until the snapshots after the first hold HOT_MIN_SAMPLES samples (a
# loaded machine gives the workload less CPU and so fewer samples: the
# test waits for a count, not a time), the sampler turns out to be off,
# or 60 snapshots were written.  ctop ends on SIGINT, as a user stops it.
HOT_MIN_SAMPLES=${HOT_MIN_SAMPLES:-300}
run_hot() {
	run_json_until "$3" \
		'(rows[-1].get("sampler", {}).get("backend") in (None, "off") or
		  sum(r["sampler"]["interval_samples"] for r in rows[1:]) >= '"$HOT_MIN_SAMPLES"')' \
		-p "$1" --batch --format json -d 1 -n 60 --sampler "$2"
}

# run_hot_after OUT FUNC MIN ARGS...: runs ctop ARGS (JSON lines, -n large)
# until the rows after the first one whose hot_interval names FUNC hold MIN
# samples (or the sampler is off, or ctop ends), then stops it with SIGINT.
# For code that appears late: the count is of samples taken after it did.
run_hot_after() {
	out=$1 func=$2 min=$3
	shift 3
	"$CTOP" "$@" >"$out" 2>"$TMPD/err.txt" &
	hot_ctop=$!
	python3 - "$out" "$hot_ctop" "$func" "$min" <<'PYEOF'
import json, os, sys, time
out, pid, func, want = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
def alive():
    try:
        return open("/proc/%d/stat" % pid).read().split()[2] != "Z"
    except OSError:
        return False
while alive():
    rows = [json.loads(l) for l in open(out).read().split("\n")[:-1]]
    if rows and rows[-1].get("sampler", {}).get("backend") in (None, "off"):
        break
    first = next((i for i, r in enumerate(rows)
                  if any(h["function"] == func for h in r["hot_interval"])), None)
    if first is not None and \
            sum(r["sampler"]["interval_samples"] for r in rows[first + 1:]) >= want:
        break
    time.sleep(0.2)
PYEOF
	kill -INT "$hot_ctop" 2>/dev/null
	wait "$hot_ctop"
	rc=$?
	if [ $rc -ne 0 ]; then
		echo "ctop $* exited $rc"
		cat "$TMPD/err.txt"
		exit 1
	fi
}

# sampler_missing OUT: true (0) when the sampler could not start because
# the kernel does not allow it here (no perf events, ptrace forbidden):
# a missing facility, not a bug.  Prints the reason.
sampler_missing() {
	python3 - "$1" <<'PYEOF'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
s = rows[-1].get("sampler") or {}
why = s.get("reason") or ""
facility = ["Permission denied", "Operation not permitted", "not supported",
            "No such file", "perf_event_paranoid", "ptrace_scope"]
if s.get("backend") in (None, "off") and any(f in why for f in facility):
    print("sampler unavailable here: %s" % why)
    sys.exit(0)
sys.exit(1)
PYEOF
}

# check_shares OUT HOT COLD WORK: the self shares of HOT and COLD summed
# over the snapshots after the first (HOT_MIN_SAMPLES samples or more,
# see run_hot) are 75 +- 10 and 25 +- 10 %, and WORK
# (when not empty) is on >= 90 % of the stacks.
check_shares() {
	python3 - "$@" <<'PYEOF'
import json, sys
out, hot, cold, work = sys.argv[1:5]
rows = [json.loads(l) for l in open(out)]
assert len(rows) >= 3, "want 3 snapshots or more, got %d" % len(rows)
s = rows[-1]["sampler"]
assert not (s.get("backend") in (None, "off")), "sampling off: %s" % s.get("reason")
total = 0
self_n = {}
incl = {}
for d in rows[1:]:
    n = d["sampler"]["interval_samples"]
    total += n
    for h in d["hot_interval"]:
        for k in ("function", "module", "self_pct", "total_pct", "samples"):
            assert k in h, "hot[].%s missing" % k
        self_n[h["function"]] = self_n.get(h["function"], 0) + h["samples"]
        incl[h["function"]] = incl.get(h["function"], 0) + h["total_pct"] * n / 100.0
assert total >= 50, "only %d samples in %d s (backend %s)" % (total, len(rows) - 1, s["backend"])
top = sorted(self_n.items(), key=lambda kv: -kv[1])[:6]
print("%s: %d samples; self: %s" % (s["backend"], total,
      ", ".join("%s %.1f%%" % (f, 100.0 * c / total) for f, c in top)))
h = 100.0 * self_n.get(hot, 0) / total
c = 100.0 * self_n.get(cold, 0) / total
assert abs(h - 75) <= 10, "%s self %.1f%%, want 75 +- 10" % (hot, h)
assert abs(c - 25) <= 10, "%s self %.1f%%, want 25 +- 10" % (cold, c)
if work:
    w = 100.0 * incl.get(work, 0) / total
    print("%s total %.1f%%" % (work, w))
    assert w >= 90, "%s total %.1f%% < 90: unwinding does not cross frames" % (work, w)
PYEOF
}
