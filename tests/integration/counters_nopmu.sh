#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# counters_nopmu: the hardware set either counts or says why.  Without a
# PMU (a VM), or without permission, --batch json must say available=false
# with a short reason, every ratio null (never 0), and still count a user
# software event; with a PMU, available=true and IPC > 0 on a busy
# workload.  The text writer says "IPC n/a (reason)" or "IPC <n>".  Either
# way the rest of the snapshot is there.

. "$top_srcdir/tests/integration/lib.sh"

start_workload pagetouch 64 1
run_batch "$TMPD/out.json" -p "$WL_PID" --batch -f json -n 3 -d 0.5 -F 0 -e perf::PAGE-FAULTS
run_batch "$TMPD/out.txt" -p "$WL_PID" --batch -f text -n 1 -d 0.5 -F 0

python3 - "$TMPD/out.json" "$TMPD/out.txt" <<'PYEOF'
import json, re, sys
lines = open(sys.argv[1]).read().splitlines()
text = open(sys.argv[2]).read()
assert len(lines) == 3, len(lines)
reasons = r"^(no PMU exposed|perf_event_paranoid=-?\d+ and not root|permission denied \(perf_event_paranoid=-?\d+\)|event not supported by this CPU|counters busy .*|out of file descriptors)$"
for line in lines:
    snap = json.loads(line)
    assert "process" in snap and "threads" in snap, "other sections missing"
    c = snap["counters"]
    defaults = [e for e in c["events"] if not e["user"]]
    assert [e["name"] for e in defaults] == ["cycles", "instructions", "branches",
        "branch-misses", "cache-references", "cache-misses"], defaults
    if c["available"]:
        assert c["reason"] is None, c["reason"]
        # The first tick may find the group not yet scheduled (null), never 0.
        assert c["ipc"] is None or c["ipc"] > 0, "PMU present but IPC %r" % c["ipc"]
        assert c["running_pct"] is None or 0 <= c["running_pct"] <= 100.5
        print("PMU counts: IPC %r, cache miss %r %%, ran %r %%" %
              (c["ipc"], c["cache_miss_pct"], c["running_pct"]))
    else:
        assert re.match(reasons, c["reason"] or ""), "reason %r" % c["reason"]
        for k in ("ipc", "cache_miss_pct", "branch_miss_pct", "mpki", "running_pct"):
            assert c[k] is None, "%s is %r without counters" % (k, c[k])
        for e in defaults:
            assert e["value"] is None and e["per_s"] is None, e
            assert e["reason"], e
        for t in c["threads"]:
            assert t["ipc"] is None, t
        assert c["hints"] == [], c["hints"]
        print("no counters: %s" % c["reason"])
    # The software event counts either way.
    pf = [e for e in c["events"] if e["name"] == "perf::PAGE-FAULTS"][0]
    if not (pf["reason"] or "").startswith("perf_event_paranoid"):
        assert pf["per_s"] is not None and pf["per_s"] > 1000, pf
last = json.loads(lines[-1])["counters"]
if last["available"]:
    assert last["ipc"] is not None and last["ipc"] > 0, "PMU present, no IPC: %r" % last
m = re.search(r"^Counters: IPC (n/a \((.*)\)|\d+\.\d+)", text, re.M)
assert m, "no counters line in text output:\n" + text
if m.group(2):
    assert re.match(reasons, m.group(2)), m.group(2)
PYEOF
