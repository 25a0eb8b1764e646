#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# sampler_coverage: the samples' share of the process's CPU time is
# measured and said.  shortlived spends its CPU only in threads that live well
# under a tick (2,500 a second, 400 us of CPU each); both back ends follow
# threads once a tick, so they sample almost none of it: coverage_pct must
# be low and coverage_reason must say that the CPU ran in threads shorter
# than a scan.  A steady spinner's coverage is near 100 % with no reason.
# Loose bounds: the machine may be loaded; intervals under 10 % of a CPU
# are not judged, and when 60 s hold fewer than 3 others the test skips.
. "$top_srcdir/tests/integration/lib.sh"

# judge OUT MODE: MODE low (shortlived) or full (spinner).
judge() {
	python3 - "$@" <<'PYEOF'
import json, sys
out, mode = sys.argv[1:3]
rows = [json.loads(l) for l in open(out) if l.strip()]
s0 = rows[-1]["sampler"]
if s0["backend"] == "off":
    print("sampling off here: %s" % s0["reason"])
    sys.exit(77)
busy = [r for r in rows[1:] if r["sampler"]["coverage_pct"] is not None and
        (r["process"]["cpu_pct"] or 0) >= 10]
if len(busy) < 3:
    print("%s: only %d intervals with 10 %% of a CPU in %d: the machine is too loaded" % (
        mode, len(busy), len(rows)))
    sys.exit(77)
cov = sorted(r["sampler"]["coverage_pct"] for r in busy)
med = cov[len(cov) // 2]
print("%s, %s: %d busy intervals, coverage %s, median %.0f %%" % (
    mode, s0["backend"], len(busy), ["%.0f" % c for c in cov], med))
if mode == "low":
    assert med < 40, "shortlived coverage median %.0f %%" % med
    said = [r["sampler"]["coverage_reason"] for r in busy
            if r["sampler"]["coverage_pct"] < 40]
    assert said and all(s is not None and
                        s.endswith("% of CPU time ran in threads shorter than a scan: not sampled")
                        for s in said), said
    print("said: %s" % said[-1])
else:
    assert 70 <= med <= 130, "spinner coverage median %.0f %%" % med
    assert all(r["sampler"]["coverage_reason"] is None for r in busy
               if r["sampler"]["coverage_pct"] >= 60), "a reason at full coverage"
PYEOF
	rc=$?
	[ $rc -eq 0 ] || exit $rc
}

# Rows after the first with coverage known and CPU >= 10 %.
COND='sum(1 for r in rows[1:] if r["sampler"].get("coverage_pct") is not None and (r["process"]["cpu_pct"] or 0) >= 10) >= 5 or rows[-1]["sampler"]["backend"] == "off"'

for sampler in perf ptrace; do
	start_workload shortlived 2500 400 120
	run_json_until "$TMPD/short.json" "$COND" -p "$WL_PID" --batch -f json -d 1 -n 60 \
		--sampler "$sampler"
	kill -9 "$WL_PID" 2>/dev/null
	wait "$WL_PID" 2>/dev/null
	judge "$TMPD/short.json" low
	start_workload spin 120
	run_json_until "$TMPD/spin.json" "$COND" -p "$WL_PID" --batch -f json -d 1 -n 60 \
		--sampler "$sampler"
	kill -9 "$WL_PID" 2>/dev/null
	wait "$WL_PID" 2>/dev/null
	judge "$TMPD/spin.json" full
done
echo "PASS"
