#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# hot_cost: the perf back end's unwinding cost does not cut its rate.
# hotwork deep spins 60 frames deep.  Over the last 5 one-second snapshots
# (after 8 or more, past the budget's start-up, and covering at least
# 1.5 s of the workload's CPU time), the samples taken must be
# >= 90 % of what the requested rate gives for the CPU time the process
# had (cpu-clock samples on-CPU time), and the unwinder must make <= 1
# process_vm_readv per sample, from ctop's own counters.
. "$top_srcdir/tests/integration/lib.sh"

start_workload hotwork deep 600
sleep 0.3
run_json_until "$TMPD/perf.json" \
	'len(rows) >= 8 and (rows[-1]["sampler"].get("backend") in (None, "off") or
	 sum(d["process"]["cpu_pct"] / 100.0 * d["interval_s"] for d in rows[-5:]) >= 1.5)' \
	-p "$WL_PID" --batch -f json -d 1 -n 600 --sampler perf
python3 - "$TMPD/perf.json" <<'PYEOF'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
s = rows[-1]["sampler"]
if s.get("backend") in (None, "off"):
    why = s.get("reason") or ""
    print("perf sampling unavailable here: %s" % why)
    sys.exit(77)
assert len(rows) >= 8, "want 8 snapshots or more, got %d" % len(rows)
last = rows[-5:]
before = rows[-6]["sampler"]
samples = sum(d["sampler"]["interval_samples"] for d in last)
cpu_s = sum(d["process"]["cpu_pct"] / 100.0 * d["interval_s"] for d in last)
want = s["requested_hz"] * cpu_s
reads = s["vm_reads"] - before["vm_reads"]
taken = s["samples"] - before["samples"]
print("%d samples for %.2f CPU s at %g Hz (%.0f%% of %.0f); %d vm reads for %d samples; "
      "unwind median %s us, p99 %s us" % (samples, cpu_s, s["requested_hz"],
      100.0 * samples / want if want else 0, want, reads, taken,
      s["unwind_us_median"], s["unwind_us_p99"]))
assert cpu_s >= 0.3 and samples >= 30, "the workload got only %.2f CPU s" % cpu_s
assert samples >= 0.9 * want, "effective rate %.0f%% of the requested one" % (100.0 * samples / want)
assert taken > 0 and reads <= taken, "%d vm reads for %d samples" % (reads, taken)
PYEOF
rc=$?
[ $rc -eq 0 ] && echo "PASS"
exit $rc
