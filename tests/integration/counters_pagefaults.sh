#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# counters_pagefaults: a user software event counted through the same
# per-thread group + read + scale path as the hardware set.  pagetouch
# faults in 16 MiB/s of fresh 4 KiB pages over two threads (about 4096
# faults/s, less when the machine is too busy to keep its pace);
# ctop -e perf::PAGE-FAULTS must report, in each snapshot, the rate the
# kernel's own /proc counters (minor + major faults) give for the same
# interval within +-25 %, and a quarter of the nominal rate at least, counted on
# both threads, all the time (software events are never multiplexed).

. "$top_srcdir/tests/integration/lib.sh"

start_workload pagetouch 16 2
# Until both threads exist (pagetouch starts its second one at once).
for _ in 1 2 3 4 5 6 7 8 9 10; do
	[ "$(ls "/proc/$WL_PID/task" 2>/dev/null | wc -l)" -ge 2 ] && break
	sleep 0.1
done

run_batch "$TMPD/out.json" -p "$WL_PID" --batch -f json -n 4 -d 1 -F 0 -e perf::PAGE-FAULTS
if grep -q "paranoid" "$TMPD/out.json" && ! grep -q '"per_s":[0-9]' "$TMPD/out.json"; then
	echo "perf_event_open is not permitted here (perf_event_paranoid): skipping"
	exit 77
fi

python3 - "$TMPD/out.json" "$WL_PID" <<'PYEOF'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
pid = int(sys.argv[2])
assert len(lines) == 4, "expected 4 snapshots, got %d" % len(lines)
expect = 16 * 1024 * 1024 / 4096
for n, line in enumerate(lines):
    c = json.loads(line)["counters"]
    ev = [e for e in c["events"] if e["name"] == "perf::PAGE-FAULTS"]
    assert len(ev) == 1, "perf::PAGE-FAULTS missing: %r" % c["events"]
    e = ev[0]
    assert e["user"] is True, e
    assert e["reason"] is None, e
    per_s = e["per_s"]
    assert per_s is not None, "snapshot %d: per_s null: %r" % (n, e)
    d = json.loads(line)
    truth = (d["process"]["minflt_per_s"] or 0) + (d["process"]["majflt_per_s"] or 0)
    if n > 0:
        assert abs(per_s - truth) <= 0.25 * truth, \
            "snapshot %d: %.0f page faults/s, /proc says %.0f" % (n, per_s, truth)
    assert per_s >= 0.25 * expect, \
        "snapshot %d: %.0f page faults/s, expected about %.0f" % (n, per_s, expect)
    assert e["running_pct"] is not None and e["running_pct"] > 99, e
    assert c["threads_total"] == 2, c["threads_total"]
    assert c["threads_counted"] == 2, c["threads_counted"]
    tids = sorted(t["tid"] for t in c["threads"])
    assert pid in tids and len(tids) == 2, tids
    print("snapshot %d: %.0f page faults/s (expected %.0f)" % (n, per_s, expect))
PYEOF
